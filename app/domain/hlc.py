"""Hybrid logical clock (docs/dev/sync.md "Clock"): stamps that never go backwards, even when wall clocks do.

A stamp is ``(ms, counter)``. ``ms`` follows the wall clock when it moves forward; when it does not
(clock stepped back, many edits in one millisecond) the counter breaks the tie. Received stamps
move the local clock forward, but at most to ``now + cap`` so one laptop with a clock years ahead
cannot drag everyone's clock with it; its changes are still applied (see ``successor``).
"""

from __future__ import annotations

from typing import NamedTuple

DEFAULT_SKEW_CAP_MS = 5 * 60 * 1000


class Stamp(NamedTuple):
    ms: int
    counter: int

    def __str__(self) -> str:
        return f"{self.ms}:{self.counter}"

    @classmethod
    def parse(cls, text: str) -> Stamp:
        ms, counter = text.split(":")
        return cls(int(ms), int(counter))


ZERO = Stamp(0, 0)


def send(last: Stamp, now_ms: int) -> Stamp:
    """The stamp for a local event, strictly after ``last``."""
    if now_ms > last.ms:
        return Stamp(now_ms, 0)
    return Stamp(last.ms, last.counter + 1)


def successor(stamp: Stamp) -> Stamp:
    """The smallest stamp after ``stamp``: a local edit of a visible value must beat it."""
    return Stamp(stamp.ms, stamp.counter + 1)


def receive(last: Stamp, remote: Stamp, now_ms: int, cap_ms: int = DEFAULT_SKEW_CAP_MS) -> Stamp:
    """The local clock after seeing ``remote``; never beyond ``now + cap``, never backwards."""
    limit = now_ms + cap_ms
    seen = remote if remote.ms <= limit else Stamp(limit, 0)
    return max(last, seen, Stamp(now_ms, 0))
