"""A local SMTP server (aiosmtpd) on a port the kernel chose: the demo's inbox, and tests'.

aiosmtpd's threaded `Controller` (1.4) binds the port number it is given, then connects to
that same number to check the server answers; so port 0 cannot be passed as it is, and a
port found free beforehand can be taken by another process before the Controller binds it
(on a busy 2-core CI machine it happens: the start fails with "address in use"). Here the
server binds port 0 and the Controller's `port` is set to the port the kernel chose before
the check connects: nothing can take it in between, and `.port` is the one to send to.

Needs the `demo` extra (aiosmtpd): import this module where it is used, not at start-up.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from aiosmtpd.controller import Controller


class AnyPortController(Controller):
    """aiosmtpd's `Controller` on `hostname`, at a port the kernel chose (`.port` once
    `start()` has returned)."""

    def __init__(self, handler: Any, hostname: str = "127.0.0.1", **kwargs: Any) -> None:
        super().__init__(handler, hostname=hostname, port=0, **kwargs)

    def _create_server(self) -> Awaitable[asyncio.AbstractServer]:
        return self._listen()

    async def _listen(self) -> asyncio.AbstractServer:
        server = await self.loop.create_server(
            self._factory_invoker, host=self.hostname, port=0, ssl=self.ssl_context
        )
        # Set before `start()` connects to `self.port` to check the server answers.
        self.port = int(server.sockets[0].getsockname()[1])
        return server
