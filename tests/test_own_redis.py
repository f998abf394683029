"""tests/own_redis.py: a redis-server whose port another process took starts on another
port (first start) or says so (restart on its own port), never answering for the taker."""

from __future__ import annotations

import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

import own_redis
from own_redis import OwnRedis

pytestmark = pytest.mark.skipif(
    shutil.which("redis-server") is None, reason="redis-server is not installed"
)


@pytest.fixture
def taken() -> Iterator[int]:
    """A port another process listens on (here: this one, not a redis-server)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", own_redis.quiet_port()))
        sock.listen()
        yield int(sock.getsockname()[1])


def test_a_first_start_whose_port_was_taken_moves_to_another(
    tmp_path: Path, taken: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen = iter([taken])
    real = own_redis.quiet_port
    monkeypatch.setattr(own_redis, "quiet_port", lambda: next(chosen, None) or real())
    server = OwnRedis(tmp_path)
    server.start()
    try:
        assert server.port != taken
        assert "Address already in use" in (tmp_path / f"redis-{taken}.log").read_text()
        import redis

        client = redis.Redis.from_url(server.url)
        assert client.info("server")["process_id"] == server.proc.pid  # type: ignore[union-attr]
        client.close()
    finally:
        server.kill()


def test_a_restart_whose_port_was_taken_says_so(tmp_path: Path) -> None:
    server = OwnRedis(tmp_path, attempts=2)
    server.start()
    port = server.port
    server.kill()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", port))
        sock.listen()
        with pytest.raises(RuntimeError, match=f"could not start again on port {port}"):
            server.start()
    assert server.proc is None
    server.start()  # once the port is free again, on the same port
    try:
        assert server.port == port
    finally:
        server.kill()


def test_ports_are_drawn_outside_the_ephemeral_range() -> None:
    low, high = own_redis.ephemeral_range()
    if low <= own_redis.LOWEST and high >= 65535:
        pytest.skip(f"the ephemeral range {low}-{high} leaves no other port")
    ports = {own_redis.quiet_port() for _ in range(20)}
    assert not any(low <= p <= high for p in ports), ports
    assert len(ports) > 1  # drawn, not one fixed port


def test_another_redis_server_on_the_port_is_not_taken_for_this_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = OwnRedis(tmp_path / "a")
    first.start()
    try:
        chosen = iter([first.port])
        real = own_redis.quiet_port
        monkeypatch.setattr(own_redis, "quiet_port", lambda: next(chosen, None) or real())
        second = OwnRedis(tmp_path / "b")
        second.start()  # the first answers PING on that port; the second could not bind it
        try:
            assert second.port != first.port
            import redis

            for server in (first, second):
                client = redis.Redis.from_url(server.url)
                assert client.info("server")["process_id"] == server.proc.pid  # type: ignore[union-attr]
                client.close()
        finally:
            second.kill()
    finally:
        first.kill()
