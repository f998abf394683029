"""The openai target against a local server speaking the OpenAI chat-completions protocol."""

from __future__ import annotations

import pytest

from phaseone.errors import TargetBadResponse, TargetStatusError
from phaseone.plan.components import OpenAITarget, Price
from phaseone.targets import build_target
from servers import OpenAIServer


async def test_chat_with_usage_and_cost(openai_server: OpenAIServer) -> None:
    cfg = OpenAITarget(
        base_url=openai_server.url + "/v1/",
        model="tiny-chat",
        messages=[
            {"role": "system", "content": "Label the message spam or ham."},
            {"role": "user", "content": "Message: {{ input }}"},
        ],
        temperature=0.2,
        max_tokens=5,
        price=Price(per_1k_input_tokens=0.5, per_1k_output_tokens=1.5, per_call=0.001),
    )
    t = build_target(cfg, ".")
    r = await t.call("free prize inside")
    sent = openai_server.last
    assert sent.path == "/v1/chat/completions"
    assert sent.body["model"] == "tiny-chat"
    assert sent.body["temperature"] == 0.2 and sent.body["max_tokens"] == 5
    assert sent.body["messages"][1] == {"role": "user", "content": "Message: free prize inside"}
    assert "Authorization" not in sent.headers
    assert r.output == "Message: free prize inside"
    # prompt: 6 words system + 4 user = 10; completion: 4 words
    assert (r.input_tokens, r.output_tokens) == (10, 4)
    assert r.cost == pytest.approx(0.001 + 10 / 1000 * 0.5 + 4 / 1000 * 1.5)
    assert t.label == f"openai tiny-chat @ {openai_server.url}/v1/"
    await t.aclose()


async def test_api_key_is_sent_but_never_in_fingerprint_or_label() -> None:
    with OpenAIServer(api_key="sk-test-123") as server:
        good = build_target(
            OpenAITarget(base_url=server.url + "/v1", model="m", api_key="sk-test-123"), "."
        )
        bad = build_target(
            OpenAITarget(base_url=server.url + "/v1", model="m", api_key="sk-wrong"), "."
        )
        assert (await good.call("hi")).output == "hi"
        assert server.last.headers["Authorization"] == "Bearer sk-test-123"
        with pytest.raises(TargetStatusError) as err:
            await bad.call("hi")
        assert err.value.status == 401 and "Incorrect API key" in str(err.value)
        assert good.fingerprint == bad.fingerprint
        assert "sk-" not in good.label
        await good.aclose()
        await bad.aclose()


async def test_non_chat_answer_is_a_bad_response(openai_server: OpenAIServer) -> None:
    openai_server.mode = "html"
    t = build_target(OpenAITarget(base_url=openai_server.url + "/v1", model="m"), ".")
    with pytest.raises(TargetBadResponse, match="not JSON"):
        await t.call("hi")
    await t.aclose()


def test_model_changes_the_fingerprint() -> None:
    a = build_target(OpenAITarget(base_url="http://127.0.0.1:1/v1", model="a"), ".")
    b = build_target(OpenAITarget(base_url="http://127.0.0.1:1/v1", model="b"), ".")
    assert a.fingerprint != b.fingerprint


async def test_structured_input_is_sent_as_json_text(openai_server: OpenAIServer) -> None:
    t = build_target(OpenAITarget(base_url=openai_server.url + "/v1", model="m"), ".")
    r = await t.call({"subject": "hi", "body": "free cash"})
    assert openai_server.last.body["messages"] == [
        {"role": "user", "content": '{"subject": "hi", "body": "free cash"}'}
    ]
    assert r.output == '{"subject": "hi", "body": "free cash"}'
    await t.aclose()
