"""The pilot answers over HTTP, like the system phaseone will guard in production."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import aiohttp
import pytest

from phaseone.demo.service import RunningService, create_service, serve_service

from .conftest import Trained


@pytest.fixture
def service(trained: Trained) -> Iterator[RunningService]:
    with serve_service(create_service(trained.model, trained.baseline)) as running:
        yield running


async def test_classify_answers_label_score_and_model(service: RunningService) -> None:
    async with aiohttp.ClientSession() as s:
        async with s.post(
            f"{service.url}/classify",
            json={"text": "URGENT! You have won a £1000 prize. Call 09061701461 to claim"},
        ) as r:
            assert r.status == 200
            body = await r.json()
        assert body["label"] == "spam"
        assert 0.5 <= body["score"] <= 1.0
        assert body["model"] == "minilm-int8+logreg"

        async with s.post(f"{service.url}/classify", json={"text": "ok see you at 6"}) as r:
            assert (await r.json())["label"] == "ham"

        async with s.post(
            f"{service.url}/baseline/classify", json={"text": "ok see you at 6"}
        ) as r:
            body = await r.json()
        assert body["label"] == "ham" and body["model"] == "naive-bayes-words"


async def test_bad_requests_get_json_errors(service: RunningService) -> None:
    async with aiohttp.ClientSession() as s:
        async with s.post(f"{service.url}/classify", json={"message": "hi"}) as r:
            assert r.status == 422
            assert "text" in (await r.json())["error"]["message"]
        async with s.post(f"{service.url}/classify", data=b"{not json") as r:
            assert r.status == 400
        async with s.get(f"{service.url}/healthz") as r:
            assert (await r.json()) == {"ok": True}


def test_stop_frees_the_port(trained: Trained) -> None:
    running = serve_service(create_service(trained.model, None))
    running.stop()
    again = serve_service(create_service(trained.model, None), port=running.port)
    again.stop()
    assert again.port == running.port


async def test_concurrent_requests_each_get_their_own_answer(trained: Trained) -> None:
    texts = [m.text for m in trained.split.inbox[:40]]
    expected = [p.label for p in trained.baseline.classify(texts)]
    with serve_service(create_service(None, trained.baseline)) as running:
        async with aiohttp.ClientSession() as s:

            async def ask(text: str) -> str:
                async with s.post(f"{running.url}/baseline/classify", json={"text": text}) as r:
                    return str((await r.json())["label"])

            answers = await asyncio.gather(*(ask(t) for t in texts))
    assert answers == expected
    assert "spam" in answers and "ham" in answers
