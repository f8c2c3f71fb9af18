"""The tiering policy as a plain object (``runner.policy.TierPolicy``), asked with
made-up counters: no interpreter, no VM, no native code."""

from __future__ import annotations

from mettajit.config import Settings
from mettajit.runner.policy import FIXED_SHARE, TierPolicy


def _policy(tier: str, **kw: int) -> TierPolicy:
    return TierPolicy.of(Settings().with_(tier=tier, **kw))


def test_modes() -> None:
    for tier, hooked, in_vm, native in [
        ("0", False, False, False), ("1", True, True, False),
        ("2", True, True, True), ("auto", True, False, True),
    ]:
        p = _policy(tier)
        assert (p.hooked, p.query_in_vm, p.native) == (hooked, in_vm, native), tier


def test_tier1_threshold() -> None:
    p = _policy("auto", tier1_threshold=10)
    assert not p.compile_unit(10) and p.compile_unit(11)
    assert _policy("1", tier1_threshold=10).compile_unit(1)  # at once


def test_tier2_threshold_and_budget() -> None:
    p = _policy("auto", tier2_threshold=500)
    assert not p.promote(499) and p.promote(500)
    assert p.hot_budget() == 500
    two = _policy("2", tier2_threshold=500)
    assert two.promote(0) and two.hot_budget() is None  # at once: the VM never asked
    one = _policy("1", tier2_threshold=500)
    assert not one.promote(10**9) and one.hot_budget() is None
    # a unit with space effects: a run weighs SPACE_WEIGHT of arithmetic's
    w = TierPolicy.weight(space_effects=True)
    assert w > 1 and TierPolicy.weight(space_effects=False) == 1
    assert p.hot_budget(w) == 500 // w and p.promote(500 // w, w) and not p.promote(1, w)


def test_which_units_get_native_code() -> None:
    assert TierPolicy.native_candidate(typed=False, number_typed=False)
    assert TierPolicy.native_candidate(typed=True, number_typed=True)
    assert not TierPolicy.native_candidate(typed=True, number_typed=False)


def test_deopt_window() -> None:
    p = _policy("auto", tier2_deopt_limit=100)
    assert p.deopt_limit == 100
    assert p.disable(bails=100, entries=199)  # most entries bailed out
    assert not p.disable(bails=100, entries=200)  # half: kept
    assert not p.disable(bails=100, entries=10_000)


def test_tier2_waits_for_work_that_earns_its_fixed_cost() -> None:
    p = _policy("auto", tier2_threshold=500, tier2_work_ms=30)
    assert p.tier2_work == 0.030
    assert not p.promote(10**6, work=0.029)  # calls alone do not pay for tier 2
    assert not p.promote(499, work=10.0)  # nor does work alone
    assert p.promote(500, work=0.030)
    assert p.promote(500)  # a caller that does not count work: calls decide
    two = _policy("2", tier2_work_ms=30)
    assert two.tier2_work == 0.0 and two.promote(0, work=0.0)  # pinned: at once
    assert not _policy("1", tier2_work_ms=30).promote(10**6, work=10.0)
    assert _policy("auto", tier2_threshold=500, tier2_work_ms=0).promote(500, work=0.0)
    # a unit with space effects (weight w) waits for a w-th of the work
    w = TierPolicy.weight(space_effects=True)
    assert p.promote(500 // w, w, work=0.030 / w) and not p.promote(500 // w, w, work=0.029 / w)


def test_waits_shrink_once_tier2_fixed_cost_is_paid() -> None:
    p = _policy("auto", tier2_threshold=500, tier2_work_ms=30, tier2_trial_ms=20,
                tier2_paid_ms=5)
    assert p.tier2_paid == 0.005
    # the tier-1 trial of a long call: 20 ms before the fixed cost is paid, 5 ms after
    assert p.native_trial(paid=False) == 0.020 and p.native_trial(paid=True) == 0.005
    # the count path: 30 ms of work before, 5 ms after; calls are still needed
    assert not p.promote(500, work=0.010) and p.promote(500, work=0.010, paid=True)
    assert not p.promote(500, work=0.004, paid=True)
    assert not p.promote(499, work=10.0, paid=True)
    # never longer than the waits themselves
    slow = _policy("auto", tier2_work_ms=2, tier2_trial_ms=3, tier2_paid_ms=50)
    assert slow.native_trial(paid=True) == 0.003
    assert slow.promote(10**6, work=0.002, paid=True)
    # no trial under a pinned tier, paid or not; pinned tier 2 promotes at once
    assert _policy("2", tier2_paid_ms=5).native_trial(paid=True) == 0.0
    assert _policy("1", tier2_paid_ms=5).native_trial(paid=True) == 0.0
    assert _policy("2", tier2_paid_ms=5).promote(0, work=0.0, paid=True)


def test_before_it_is_paid_a_wait_bets_a_share_of_the_last_fixed_cost() -> None:
    p = _policy("auto", tier2_threshold=500, tier2_work_ms=30, tier2_trial_ms=20,
                tier2_paid_ms=5)
    # unknown (no file, the disk cache off): the settings' waits
    assert p.native_trial(paid=False, fixed=None) == 0.020
    # a share of the last run's fixed cost, at most the setting, at least tier2_paid
    assert p.native_trial(paid=False, fixed=0.048) == 0.048 * FIXED_SHARE
    assert p.native_trial(paid=False, fixed=1.0) == 0.020
    assert p.native_trial(paid=False, fixed=0.002) == 0.005
    assert p.wait(0.030, paid=False, fixed=0.048) == 0.048 * FIXED_SHARE
    assert not p.promote(500, work=0.048 * FIXED_SHARE - 0.001, fixed=0.048)
    assert p.promote(500, work=0.048 * FIXED_SHARE, fixed=0.048)
    assert not p.promote(500, work=0.012)  # without the estimate: 30 ms
    # paid: tier2_paid whatever the estimate
    assert p.native_trial(paid=True, fixed=0.002) == 0.005
    # a trial that is off stays off; pinned tiers have none
    assert _policy("auto", tier2_trial_ms=0).native_trial(paid=False, fixed=0.02) == 0.0
    assert _policy("1").native_trial(paid=False, fixed=0.02) == 0.0
