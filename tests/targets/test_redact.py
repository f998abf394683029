"""Secrets never reach fingerprints, labels, run configs or dataset identities."""

from __future__ import annotations

import json

from phaseone.plan.components import HttpTarget, OpenAITarget, PythonTarget
from phaseone.targets import fingerprint_config, mask_url, redact_config


def test_mask_url_hides_password_and_secret_query_params() -> None:
    assert mask_url("postgresql://app:s3cret@db:5432/x") == "postgresql://app:***@db:5432/x"
    masked = mask_url("https://api.example/v1?api_key=K1&access_token=T1&page=2")
    assert "K1" not in masked and "T1" not in masked and "page=2" in masked
    assert mask_url("http://127.0.0.1:8080/classify") == "http://127.0.0.1:8080/classify"


def test_redact_config_masks_at_any_depth_but_keeps_token_counts() -> None:
    cfg = OpenAITarget(base_url="http://u:pw@h/v1", model="m", api_key="sk-1", max_tokens=64)
    red = redact_config(cfg)
    dumped = json.dumps(red)
    assert "sk-1" not in dumped and ":pw@" not in dumped
    assert red["max_tokens"] == 64 and red["api_key"] == "***"
    py = PythonTarget(callable="m:f", kwargs={"client_secret": "S", "api_token": "T", "n": 3})
    red = redact_config(py)
    assert red["kwargs"] == {"client_secret": "***", "api_token": "***", "n": 3}


def test_fingerprint_config_drops_timeout_keeps_token_paths() -> None:
    cfg = HttpTarget(
        url="http://h/x",
        headers={"Authorization": "Bearer A", "X-Api-Key": "B", "Cookie": "c", "X-Team": "t"},
        input_tokens_path="usage.prompt_tokens",
        timeout_s=3,
    )
    fp = fingerprint_config(cfg)
    assert "timeout_s" not in fp
    assert fp["headers"] == {
        "Authorization": "***",
        "X-Api-Key": "***",
        "Cookie": "***",
        "X-Team": "t",
    }
    assert fp["input_tokens_path"] == "usage.prompt_tokens"
