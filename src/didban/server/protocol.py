"""uvicorn's h11 protocol with a header timeout: a connection that has not sent a whole request line and headers within
the timeout is closed. uvicorn has no such timeout (its keep-alive timer starts only after a first response), so a
thousand clients opening connections and sending nothing held a file descriptor each until the process ran out."""
from __future__ import annotations

import asyncio

from uvicorn.protocols.http.h11_impl import H11Protocol


def with_header_timeout(seconds: float) -> type:
    class HeaderTimeoutProtocol(H11Protocol):
        header_timeout = seconds
        _header_timer: asyncio.TimerHandle | None = None

        def connection_made(self, transport) -> None:
            super().connection_made(transport)
            self._header_timer = self.loop.call_later(self.header_timeout, self._close_if_no_request)

        def _close_if_no_request(self) -> None:
            self._header_timer = None
            if self.cycle is None and not self.transport.is_closing():  # no request has begun on this connection
                self.transport.close()

        def handle_events(self) -> None:
            super().handle_events()
            if self.cycle is not None and self._header_timer is not None:
                self._header_timer.cancel()
                self._header_timer = None

        def connection_lost(self, exc) -> None:
            if self._header_timer is not None:
                self._header_timer.cancel()
                self._header_timer = None
            super().connection_lost(exc)

    return HeaderTimeoutProtocol
