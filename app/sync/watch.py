"""How long a thread has been inside one call: the sign of a share that does not answer.

A mapped drive whose server went away blocks in one ``os.listdir`` or ``open`` for as long as it
is away (tens of seconds on Windows, for ever on a hard NFS mount), while a working round, even
on a slow share, moves on every few milliseconds. So the window and ``fielddesk sync`` watch the
sync thread's innermost frame (CPython's ``sys._current_frames``, as debuggers do): the same
frame at the same instruction, sample after sample, is one call that has not returned.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable


class CallWatch:
    def __init__(self, thread_id: int | None, clock: Callable[[], float] = time.monotonic):
        self.thread_id = thread_id
        self.clock = clock
        self._key: tuple[int, int] | None = None
        self._since = clock()

    def sample(self) -> float:
        """Seconds the thread has been inside its current call (0 when it moved since the last
        sample, or is gone). Call it regularly, e.g. every half second."""
        frame = sys._current_frames().get(self.thread_id) if self.thread_id is not None else None
        key = None if frame is None else (id(frame), frame.f_lasti)
        del frame  # never keep another thread's frame alive
        now = self.clock()
        if key is None or key != self._key:
            self._key, self._since = key, now
            return 0.0
        return now - self._since
