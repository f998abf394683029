"""The demo's own plan, unchanged, served to the `openai` SDK through the gateway's
`/v1/chat/completions`: the pilot (an http target, not a chat model) answers the last
user message, behind the same controls as `/v1/invoke`."""

from __future__ import annotations

from pathlib import Path

import openai
import pytest

from phaseone.demo.service import create_service, serve_service
from phaseone.demo.workspace import PROJECT, Workspace, write_plan
from phaseone.gateway import create_app, serve_in_thread
from phaseone.plan.loader import load_plan
from phaseone.store import Store
from phaseone.store.keys import create_key

from .conftest import Trained


def test_the_demo_plan_answers_through_chat_completions(tmp_path: Path, trained: Trained) -> None:
    ws = Workspace.create(tmp_path)
    ws.inbox.write_bytes(b"")  # the plan names the inbox; serving does not read it
    with serve_service(create_service(trained.model, trained.baseline)) as service:
        plan = write_plan(ws, service_url=service.url, model_version="test")
        store = Store(f"sqlite:///{tmp_path / 'gw.db'}")
        try:
            with serve_in_thread(create_app(load_plan(plan), store)) as gateway:
                client = openai.OpenAI(
                    base_url=gateway.url + "/v1", api_key=create_key(store, "app"), max_retries=0
                )
                assert [m.id for m in client.models.list()] == [PROJECT]
                spam = "URGENT! You have won a £1000 prize. Call 09061701461 to claim"
                answer = client.chat.completions.create(
                    model=PROJECT,
                    messages=[
                        {"role": "system", "content": "Classify the message."},
                        {"role": "user", "content": spam},
                    ],
                )
                assert answer.choices[0].message.content == "spam"
                ham = client.chat.completions.create(
                    model=PROJECT, messages=[{"role": "user", "content": "ok see you at 6"}]
                )
                assert ham.choices[0].message.content == "ham"  # the negative control
                stream = client.chat.completions.create(
                    model=PROJECT, messages=[{"role": "user", "content": spam}], stream=True
                )
                assert "".join(c.choices[0].delta.content or "" for c in stream if c.choices) == (
                    "spam"
                )
                with pytest.raises(openai.AuthenticationError):  # the plan's keys apply
                    openai.OpenAI(
                        base_url=gateway.url + "/v1", api_key="p1_x", max_retries=0
                    ).models.list()
        finally:
            store.close()
