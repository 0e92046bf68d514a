"""POST /api/documents off the event loop: the pipeline and the store write run in one worker thread, in order, with a
bounded queue. While a large document is extracted the server keeps answering readers; when the queue is full the
client gets E505 (503) with a Retry-After estimated from the recent extraction times."""
from __future__ import annotations

import asyncio
import math
import time
from concurrent.futures import ThreadPoolExecutor

from didban.errors import Codes, DidbanError

QUEUE = 4  # documents waiting behind the one being extracted


class WriteQueue:
    def __init__(self, queue: int = QUEUE):
        self.limit = queue + 1
        self.pending = 0  # only touched from the event loop: no lock needed
        self.seconds_per_document = 1.0
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="didban-write")

    def retry_after(self) -> int:
        return max(1, math.ceil(self.seconds_per_document * self.pending))

    async def run(self, job, *args):
        """`job(*args)` in the worker thread; E505 at once when `limit` jobs are already running or waiting."""
        if self.pending >= self.limit:
            raise DidbanError(Codes.E505, f"{self.pending} document(s) are being extracted or waiting",
                              hint=f"try again in {self.retry_after()} s (Retry-After)")
        self.pending += 1
        try:
            return await asyncio.wrap_future(self._executor.submit(self._timed, job, *args))
        finally:
            self.pending -= 1

    def _timed(self, job, *args):
        started = time.monotonic()
        try:
            return job(*args)
        finally:  # a moving average of one extraction's time: what Retry-After promises per waiting document
            self.seconds_per_document = 0.7 * self.seconds_per_document + 0.3 * (time.monotonic() - started)

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
