"""The hybrid logical clock: never backwards, bounded by the skew cap, successor beats its stamp."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain import hlc
from app.domain.hlc import Stamp

stamps = st.builds(Stamp, st.integers(0, 2**45), st.integers(0, 1000))
now = st.integers(0, 2**45)


def check_monotonic(send, last: Stamp, times: list[int]) -> None:
    for t in times:
        nxt = send(last, t)
        assert nxt > last
        last = nxt


@given(stamps, st.lists(now, max_size=20))
def test_send_is_strictly_increasing_whatever_the_wall_clock_does(last, times):
    check_monotonic(hlc.send, last, times)


def test_the_property_catches_a_clock_that_trusts_the_wall_clock():
    def broken(last, t):
        return Stamp(t, 0)

    with pytest.raises(AssertionError):
        check_monotonic(broken, Stamp(1000, 0), [500])


@given(stamps, stamps, now)
def test_receive_never_goes_back_and_respects_the_cap(last, remote, t):
    after = hlc.receive(last, remote, t, cap_ms=300_000)
    assert after >= last and after >= Stamp(t, 0)
    assert after.ms <= max(last.ms, t + 300_000)
    if remote.ms <= t + 300_000:
        assert after >= remote


def test_a_stamp_three_years_ahead_moves_the_clock_only_five_minutes():
    t = 1_800_000_000_000
    remote = Stamp(t + 3 * 365 * 86_400_000, 0)
    assert hlc.receive(Stamp(t, 0), remote, t) == Stamp(t + hlc.DEFAULT_SKEW_CAP_MS, 0)


@given(stamps)
def test_successor_is_the_next_stamp(stamp):
    assert hlc.successor(stamp) > stamp
    assert Stamp.parse(str(stamp)) == stamp
