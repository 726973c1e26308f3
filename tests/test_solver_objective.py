"""Soft rules interpreter_continuity and interpretation_cost, and the objective's arithmetic."""

from __future__ import annotations

import dataclasses
import logging

import pytest

from planner.domain import AgendaItem, Interpreter, Room, Rules
from planner.solver import solve

EN_FR = ("en", "fr")


def item(item_id: str, **fields: object) -> AgendaItem:
    fields.setdefault("languages", EN_FR)
    return AgendaItem(item_id, f"Item {item_id}", **fields)  # type: ignore[arg-type]


def people(booth: str, *rates: float, travel: float = 0.0, **fields: object) -> list[Interpreter]:
    """One interpreter per rate, ids I-<booth>1..n; ``travel`` for the first only."""
    return [
        Interpreter(
            f"I-{booth}{k + 1}",
            f"Interpreter {booth.upper()} {k + 1}",
            booth,
            daily_rate=rate,
            travel_cost=travel if k == 0 else 0.0,
            **fields,  # type: ignore[arg-type]
        )
        for k, rate in enumerate(rates)
    ]


# interpretation_cost (weight 0.01 per dollar).
def test_cost_of_one_session(factory, solving) -> None:
    # 4 interpreters x 500 = 2000 dollars -> 20.
    team = factory.team(EN_FR, daily_rate=500)
    assert (
        solving.optimum(
            factory.problem(
                [item("1")], interpreters=team, rules=solving.only("interpretation_cost")
            )
        )
        == 20.0
    )


def test_unpaid_interpreters_cost_nothing(factory, solving) -> None:
    team = factory.team(EN_FR)
    assert (
        solving.optimum(
            factory.problem(
                [item("1")], interpreters=team, rules=solving.only("interpretation_cost")
            )
        )
        == 0.0
    )


def test_cheapest_interpreters_are_chosen(factory, solving) -> None:
    # en: 100 + 200 (not 300); fr: 0 + 0. 300 dollars -> 3.
    team = people("en", 300, 100, 200) + people("fr", 0, 0)
    result = solving.solved(
        factory.problem([item("1")], interpreters=team, rules=solving.only("interpretation_cost"))
    )
    assert result.objective == 3.0
    assert "I-en1" not in {a.interpreter_id for a in result.plan.assignments}


def test_travel_is_paid_once_and_weighs_in_the_choice(factory, solving) -> None:
    # en: I-en1 costs 100 + 1000 travel; I-en2, I-en3 300 each -> 600 beats 1400. -> 6.
    team = people("en", 100, 300, 300, travel=1000) + people("fr", 0, 0)
    result = solving.solved(
        factory.problem([item("1")], interpreters=team, rules=solving.only("interpretation_cost"))
    )
    assert result.objective == 6.0
    # Two days with I-en1 needed on both: travel once, so 2 x 100 + 1000 + 2 x 300 = 1800.
    team = people("en", 100, 300, travel=1000) + people("fr", 0, 0)
    two_days = [item("1", sessions=2, allowed_slots=frozenset({"D1-AM", "D2-AM"}))]
    problem = factory.problem(
        two_days, days=2, interpreters=team, rules=solving.only("interpretation_cost")
    )
    assert solving.optimum(problem) == 18.0


def test_two_parts_on_one_day_cost_one_day(factory, solving) -> None:
    # 4 x 100 a day: both parts on one day cost 400 -> 4 (two days would cost 8).
    team = factory.team(EN_FR, daily_rate=100)
    problem = factory.problem(
        [item("1", sessions=2)],
        days=2,
        interpreters=team,
        rules=solving.only("interpretation_cost"),
    )
    assert solving.optimum(problem) == 4.0


def test_weight_with_three_decimals_is_exact(factory, solving) -> None:
    # 4 x 123.45 = 493.80 dollars at 0.007 -> 3.4566 exactly.
    team = factory.team(EN_FR, daily_rate=123.45)
    rules = solving.only(weights={"interpretation_cost": 0.007})
    result = solving.solved(factory.problem([item("1")], interpreters=team, rules=rules))
    assert result.objective == 3.4566


def test_cost_weight_zero_leaves_the_term_out_but_keeps_the_budget(factory, solving) -> None:
    team = factory.team(EN_FR, daily_rate=100)
    rules = solving.only(interpretation_budget=400.0)
    result = solving.solved(factory.problem([item("1")], interpreters=team, rules=rules))
    assert result.objective == 0.0
    assert result.penalties == ()


# interpreter_continuity (weight 2 per change).
def two_sessions_one_room() -> tuple[AgendaItem, ...]:
    return (
        item("1", allowed_slots=frozenset({"D1-AM"})),
        item("2", allowed_slots=frozenset({"D1-PM"})),
    )


def test_same_team_all_day_has_no_change(factory, solving) -> None:
    problem = factory.problem(two_sessions_one_room(), rules=solving.only("interpreter_continuity"))
    assert solving.optimum(problem) == 0.0


def test_whole_team_changes_when_each_may_work_once_a_day(factory, solving) -> None:
    # 4 new faces in the afternoon: 4 x 2 = 8.
    team = factory.team(EN_FR) + factory.team(EN_FR, prefix="J")
    rules = solving.only("interpreter_continuity", interpreter_max_per_day=1)
    problem = factory.problem(two_sessions_one_room(), interpreters=team, rules=rules)
    result = solving.solved(problem)
    assert result.objective == 8.0
    assert sum(p.penalty for p in result.penalties) == 8.0


def test_one_change_when_one_interpreter_is_limited(factory, solving) -> None:
    # en: I-en1 works once a day, I-en9 only in the afternoon, so the morning is en1 + en2
    # and the afternoon en2 + en9: one change -> 2.
    team = (
        *[
            dataclasses.replace(k, max_per_day=1) if k.interpreter_id == "I-en1" else k
            for k in factory.team(EN_FR)
        ],
        Interpreter("I-en9", "Interpreter EN 9", "en", unavailable=frozenset({"D1-AM"})),
    )
    rules = solving.only("interpreter_continuity")
    problem = factory.problem(two_sessions_one_room(), interpreters=team, rules=rules)
    assert solving.optimum(problem) == 2.0


def test_changes_count_only_in_the_same_room(factory, solving) -> None:
    # Morning in R1, afternoon in R2 (each room closed at the other time): no pair to compare.
    r1 = Room("R1", "Room R1", 100, booths=frozenset(EN_FR), unavailable=frozenset({"D1-PM"}))
    r2 = Room("R2", "Room R2", 100, booths=frozenset(EN_FR), unavailable=frozenset({"D1-AM"}))
    team = factory.team(EN_FR) + factory.team(EN_FR, prefix="J")
    rules = solving.only("interpreter_continuity", interpreter_max_per_day=1)
    problem = factory.problem(
        two_sessions_one_room(), rooms=[r1, r2], interpreters=team, rules=rules
    )
    assert solving.optimum(problem) == 0.0


def test_changes_count_only_for_booths_staffed_in_both_sessions(factory, solving) -> None:
    # en-fr then en-es, everyone once a day: en changes (2 x 2 = 4); fr and es do not count.
    items = (
        item("1", allowed_slots=frozenset({"D1-AM"})),
        item("2", languages=("en", "es"), allowed_slots=frozenset({"D1-PM"})),
    )
    team = factory.team(("en", "fr", "es")) + factory.team(("en",), prefix="J")
    rules = solving.only("interpreter_continuity", interpreter_max_per_day=1)
    assert solving.optimum(factory.problem(items, interpreters=team, rules=rules)) == 4.0


def test_no_change_counted_overnight(factory, solving) -> None:
    # Afternoon of day 1, morning of day 2: not the same day, so fresh teams are free.
    items = (
        item("1", allowed_slots=frozenset({"D1-PM"})),
        item("2", allowed_slots=frozenset({"D2-AM"})),
    )
    team = factory.team(EN_FR) + factory.team(EN_FR, prefix="J")
    rules = solving.only("interpreter_continuity", interpreter_max_per_week=1)
    assert solving.optimum(factory.problem(items, days=2, interpreters=team, rules=rules)) == 0.0


# The terms add up.
def test_objective_is_the_sum_of_the_weighted_terms(factory, solving) -> None:
    # Two parts forced apart (D1-AM, D2-AM): 1 break (30) and two days of 4 x 100 (8).
    team = factory.team(EN_FR, daily_rate=100)
    apart = [item("1", sessions=2, allowed_slots=frozenset({"D1-AM", "D2-AM"}))]
    problem = factory.problem(apart, days=2, interpreters=team)
    result = solving.solved(problem)
    assert result.objective == 38.0
    # One row per interpreter (2 days x 100 -> 2 each) and one for the item.
    assert sorted((p.rule, p.penalty) for p in result.penalties) == [
        ("interpretation_cost", 2.0),
        ("interpretation_cost", 2.0),
        ("interpretation_cost", 2.0),
        ("interpretation_cost", 2.0),
        ("split_item", 30.0),
    ]


def test_cost_against_continuity_trade_off(factory, solving) -> None:
    # en: I-en1 and I-en2 cost 100, I-en3 costs 0 but may only work in the afternoon
    # (unavailable D1-AM). Morning: en1 + en2 (200). Afternoon: keep them (no extra cost, a
    # day is already paid) or swap one for en3 (1 change x 2, no saving): the optimum is
    # 200 dollars -> 2, no change.
    team = [
        *people("en", 100, 100),
        Interpreter("I-en3", "Interpreter EN 3", "en", unavailable=frozenset({"D1-AM"})),
        *people("fr", 0, 0),
    ]
    rules = Rules()
    problem = factory.problem(two_sessions_one_room(), interpreters=team, rules=rules)
    result = solving.solved(problem)
    assert result.objective == 2.0
    assert {p.rule for p in result.penalties} == {"interpretation_cost"}


def test_weight_finer_than_the_scale_is_rounded_with_a_warning(
    caplog: pytest.LogCaptureFixture,
    factory,
    solving,
) -> None:
    # 0.0125 per dollar is 12.5 units per cent at SCALE 100 000: rounded, and said so.
    team = factory.team(EN_FR, daily_rate=100)
    rules = solving.only(weights={"interpretation_cost": 0.0125})
    with caplog.at_level(logging.WARNING, logger="planner"):
        solve(factory.problem([item("1")], interpreters=team, rules=rules), workers=1)
    assert "weight 0.0125 is rounded to 0.012" in caplog.text
