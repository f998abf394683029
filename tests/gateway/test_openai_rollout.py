"""The plan's canary and shadow (`controls.rollout`) apply on the chat routes as on
`/v1/invoke`: the model that serves the plan's target sends `rollout.canary.percent` %
of its requests to the canary (answer marked and traced as route ``canary``) and a copy
of each answered request, whole or streamed, to the shadow (its answer in the trace,
never returned). A model that serves something else keeps its own upstream (the control)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from guardkit import wait_until
from openai_kit import NO_OUTPUT_GUARD, chat_gateway, upstream

from servers import OpenAIServer

HELLO = [
    {"role": "system", "content": "be brief"},
    {"role": "user", "content": "where is my parcel"},
]


def says(who: str) -> Callable[[list[dict[str, Any]], dict[str, Any]], str]:
    return lambda messages, payload: f"{who} answers {messages[-1]['content']}"


def test_the_canary_takes_its_share_of_chat_requests_and_is_traced(tmp_path: Path) -> None:
    with (
        OpenAIServer(says("stable")) as stable,
        OpenAIServer(says("canary")) as canary,
        OpenAIServer(says("other")) as other,
    ):
        target = upstream(stable.url)
        models = [
            {"name": "support", "upstreams": [target]},  # serves the plan's target
            {"name": "other", "upstreams": [upstream(other.url)]},
        ]
        controls = {
            **NO_OUTPUT_GUARD,
            "rollout": {"canary": {"target": upstream(canary.url), "percent": 50}},
        }
        with chat_gateway(tmp_path, models, controls, target=target) as gw:
            client = gw.client()
            routes: dict[str, list[str]] = {"primary": [], "canary": []}
            n = 60
            for _ in range(n):
                raw = client.chat.completions.with_raw_response.create(
                    model="support", messages=HELLO
                )
                text = raw.parse().choices[0].message.content or ""
                route = raw.headers["x-phaseone-route"]
                assert text.startswith("canary" if route == "canary" else "stable"), (route, text)
                routes[route].append(raw.headers["x-request-id"])
            # 60 fair coin flips: outside 10..50 is a 1-in-10^6 event
            assert 10 <= len(routes["canary"]) <= 50, {k: len(v) for k, v in routes.items()}
            assert canary.requests == len(routes["canary"])
            assert stable.requests == len(routes["primary"])
            assert canary.last.body["messages"] == HELLO  # the whole conversation
            for route, ids in routes.items():
                trace = gw.trace(ids[0])
                assert (trace.route, trace.outcome) == (route, "ok")
            streamed = [
                "".join(
                    c.choices[0].delta.content or ""
                    for c in client.chat.completions.create(
                        model="support", messages=HELLO, stream=True
                    )
                    if c.choices
                )
                for _ in range(20)
            ]
            assert {s.split()[0] for s in streamed} == {"stable", "canary"}
            # Control: the model that does not serve the plan's target never meets the canary.
            before = canary.requests
            for _ in range(20):
                raw = client.chat.completions.with_raw_response.create(
                    model="other", messages=HELLO
                )
                assert raw.headers["x-phaseone-route"] == "primary"
            assert canary.requests == before and other.requests == 20


def test_a_failing_canary_is_backed_up_by_the_model_upstream(tmp_path: Path) -> None:
    with OpenAIServer(says("stable")) as stable, OpenAIServer(mode="status", status=500) as bad:
        target = upstream(stable.url)
        controls = {
            **NO_OUTPUT_GUARD,
            "rollout": {"canary": {"target": upstream(bad.url), "percent": 100}},
        }
        with chat_gateway(tmp_path, None, controls, target=target) as gw:
            raw = gw.client().chat.completions.with_raw_response.create(
                model="local-model", messages=HELLO
            )
            assert raw.parse().choices[0].message.content == "stable answers where is my parcel"
            assert raw.headers["x-phaseone-route"] == "fallback"
            assert bad.requests == 1
            trace = gw.trace(raw.headers["x-request-id"])
            assert (trace.route, trace.outcome) == ("fallback", "fallback")


def test_the_shadow_gets_a_copy_of_each_chat_request_whole_and_streamed(tmp_path: Path) -> None:
    with (
        OpenAIServer(says("stable")) as stable,
        OpenAIServer(says("shadow")) as shadow,
        OpenAIServer(says("other")) as other,
    ):
        target = upstream(stable.url)
        models = [
            {"name": "support", "upstreams": [target]},
            {"name": "other", "upstreams": [upstream(other.url)]},
        ]
        controls = {**NO_OUTPUT_GUARD, "rollout": {"shadow": upstream(shadow.url)}}
        with chat_gateway(tmp_path, models, controls, target=target) as gw:
            client = gw.client()
            raw = client.chat.completions.with_raw_response.create(model="support", messages=HELLO)
            assert raw.parse().choices[0].message.content == "stable answers where is my parcel"
            stream = client.chat.completions.with_raw_response.create(
                model="support", messages=HELLO, stream=True
            )
            text = "".join(c.choices[0].delta.content or "" for c in stream.parse() if c.choices)
            assert text == "stable answers where is my parcel"  # never the shadow's
            assert wait_until(lambda: shadow.requests == 2, 10), shadow.requests
            assert all(r.body["messages"] == HELLO for r in shadow.received)
            assert not any(r.body.get("stream") for r in shadow.received)  # copies are whole
            for rid in (raw.headers["x-request-id"], stream.headers["x-request-id"]):
                assert wait_until(
                    lambda rid=rid: (
                        gw.trace(rid).shadow_output == "shadow answers where is my parcel"
                    ),
                    10,
                ), gw.trace(rid).shadow_output
            # Control: a model that serves something else sends no copy.
            client.chat.completions.create(model="other", messages=HELLO)
            assert other.requests == 1
            assert not wait_until(lambda: shadow.requests > 2, 1.0)  # no late copy either
