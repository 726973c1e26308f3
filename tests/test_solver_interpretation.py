"""The interpretation concern: hard rules 5-6 and the interpretation budget of rule 7."""

from __future__ import annotations

import dataclasses

import pytest

from planner.domain import AgendaItem, Interpreter, Room, Rules, Status
from planner.solver import driver
from planner.solver.interpretation import break_interpreter_symmetry

D1_AM = frozenset({"D1-AM"})


def opening(**fields: object) -> AgendaItem:
    return AgendaItem("1", "Opening", **fields)  # type: ignore[arg-type]


def without(interpreters: tuple[Interpreter, ...], *ids: str) -> tuple[Interpreter, ...]:
    return tuple(k for k in interpreters if k.interpreter_id not in ids)


def changed(
    interpreters: tuple[Interpreter, ...], iid: str, **fields: object
) -> tuple[Interpreter, ...]:
    return tuple(
        dataclasses.replace(k, **fields) if k.interpreter_id == iid else k  # type: ignore[arg-type]
        for k in interpreters
    )


# Rule 5: full teams in the session's booths, nobody elsewhere.
def test_six_language_session_gets_fourteen_interpreters(factory, solving) -> None:
    result = solving.solved(factory.problem([opening()]))
    assert result.status is Status.OPTIMAL
    slot = result.plan.sessions[0].slot_id
    per_booth = {
        b: len(list(result.plan.team(slot, "R1", b))) for b in ("ar", "zh", "en", "fr", "ru", "es")
    }
    assert per_booth == {"ar": 3, "zh": 3, "en": 2, "fr": 2, "ru": 2, "es": 2}


def test_one_interpreter_short_in_a_booth_is_infeasible(factory, solving) -> None:
    problem = factory.problem([opening()], interpreters=without(factory.team(), "I-ar3"))
    assert solving.status(problem) is Status.INFEASIBLE


def test_only_the_session_languages_are_staffed(factory, solving) -> None:
    result = solving.solved(factory.problem([opening(languages=("en", "fr"))]))
    assert sorted((a.booth, a.interpreter_id) for a in result.plan.assignments) == [
        ("en", "I-en1"),
        ("en", "I-en2"),
        ("fr", "I-fr1"),
        ("fr", "I-fr2"),
    ]


def test_nobody_interprets_a_one_language_session(factory, solving) -> None:
    result = solving.solved(factory.problem([opening(languages=("en",))]))
    assert result.status is Status.OPTIMAL
    assert result.plan.assignments == ()


def test_retour_booth_needs_a_retour_interpreter(factory, solving) -> None:
    no_retour = changed(factory.team(), "I-ar1", retour=frozenset())
    assert solving.status(factory.problem([opening()], interpreters=no_retour)) is Status.INFEASIBLE
    result = solving.solved(factory.problem([opening()]))
    marked = sorted((a.booth, a.interpreter_id) for a in result.plan.assignments if a.retour)
    assert marked == [("ar", "I-ar1"), ("zh", "I-zh1")]


def test_retour_must_be_one_of_the_session_languages(factory, solving) -> None:
    # An Arabic-French session: a retour into English does not help.
    item = opening(languages=("ar", "fr"))
    team = factory.team(("ar", "fr"))
    assert solving.status(factory.problem([item], interpreters=team)) is Status.INFEASIBLE
    into_french = changed(team, "I-ar1", retour=frozenset({"fr"}))
    assert solving.status(factory.problem([item], interpreters=into_french)) is Status.OPTIMAL


def test_retour_per_team_two(factory, solving) -> None:
    rules = Rules(retour_per_team=2)
    item = [opening(languages=("ar", "en"))]
    team = factory.team(("ar", "en"))
    assert (
        solving.status(factory.problem(item, interpreters=team, rules=rules)) is Status.INFEASIBLE
    )
    two = changed(team, "I-ar2", retour=frozenset({"en"}))
    result = solving.solved(factory.problem(item, interpreters=two, rules=rules))
    marked = sorted(a.interpreter_id for a in result.plan.assignments if a.retour)
    assert marked == ["I-ar1", "I-ar2"]


# Rule 6: one place per slot, daily and weekly limits, availability.
def test_interpreter_cannot_serve_two_rooms_at_once(factory, solving) -> None:
    items = [opening(allowed_slots=D1_AM), AgendaItem("2", "Item 2", allowed_slots=D1_AM)]
    halls = [factory.plenary_room("R1"), factory.plenary_room("R2")]
    assert solving.status(factory.problem(items, rooms=halls)) is Status.INFEASIBLE
    two_teams = factory.team() + factory.team(prefix="J")
    result = solving.solved(factory.problem(items, rooms=halls, interpreters=two_teams))
    assert result.status is Status.OPTIMAL
    assert len(result.plan.assignments) == 28


def test_daily_limit(factory, solving) -> None:
    # Two parts on the only day: the one team works both unless the limit is one a day.
    item = [opening(sessions=2)]
    assert solving.status(factory.problem(item)) is Status.OPTIMAL
    assert solving.status(factory.problem(item, rules=Rules(interpreter_max_per_day=1))) is (
        Status.INFEASIBLE
    )


def test_personal_daily_limit_overrides_the_rule(factory, solving) -> None:
    item = [opening(sessions=2, languages=("en", "fr"))]
    team = changed(factory.team(("en", "fr")), "I-en1", max_per_day=1)
    assert solving.status(factory.problem(item, interpreters=team)) is Status.INFEASIBLE
    spare = (*team, Interpreter("I-en9", "Interpreter EN 9", "en"))
    result = solving.solved(factory.problem(item, interpreters=spare))
    assert result.status is Status.OPTIMAL
    assert sum(a.interpreter_id == "I-en1" for a in result.plan.assignments) <= 1


def test_weekly_limit_counts_calendar_weeks(factory, solving) -> None:
    rules = Rules(interpreter_max_per_week=1)
    en_fr = ("en", "fr")
    team = factory.team(en_fr)
    # Monday and Tuesday: the same week, two sessions for one team.
    same_week = [opening(sessions=2, languages=en_fr, allowed_slots=frozenset({"D1-AM", "D2-AM"}))]
    assert solving.status(factory.problem(same_week, days=8, interpreters=team, rules=rules)) is (
        Status.INFEASIBLE
    )
    # Sunday 31 March and Monday 1 April 2024: two weeks, one session in each.
    across = [opening(sessions=2, languages=en_fr, allowed_slots=frozenset({"D7-AM", "D8-AM"}))]
    assert solving.status(factory.problem(across, days=8, interpreters=team, rules=rules)) is (
        Status.OPTIMAL
    )


def test_unavailable_interpreter_is_never_assigned(factory, solving) -> None:
    away = changed(factory.team(), "I-ru2", unavailable=D1_AM)
    item = [opening(allowed_slots=D1_AM)]
    assert solving.status(factory.problem(item, interpreters=away)) is Status.INFEASIBLE
    spare = (*away, Interpreter("I-ru9", "Interpreter RU 9", "ru"))
    result = solving.solved(factory.problem(item, interpreters=spare))
    assert "I-ru2" not in {a.interpreter_id for a in result.plan.assignments}
    assert "I-ru9" in {a.interpreter_id for a in result.plan.assignments}


def test_limit_of_zero_sessions_means_not_available(factory, solving) -> None:
    team = changed(factory.team(("en", "fr")), "I-fr1", max_per_week=0)
    problem = factory.problem([opening(languages=("en", "fr"))], interpreters=team)
    assert solving.status(problem) is Status.INFEASIBLE


# Rule 7: the interpretation budget.
def test_budget_covers_daily_rates_and_travel(factory, solving) -> None:
    # 4 interpreters x 100 a day, one of them with 50 travel: one session costs 450.
    team = changed(factory.team(("en", "fr"), daily_rate=100), "I-fr2", travel_cost=50)
    item = [opening(languages=("en", "fr"))]
    rules = solving.only(interpretation_budget=449.99)
    assert (
        solving.status(factory.problem(item, interpreters=team, rules=rules)) is Status.INFEASIBLE
    )
    rules = solving.only(interpretation_budget=450)
    assert solving.status(factory.problem(item, interpreters=team, rules=rules)) is Status.OPTIMAL


def test_budget_decides_between_one_day_and_two(factory, solving) -> None:
    # Two parts: on one day they cost 4 x 100 = 400, on two days 800. A budget of 400
    # forces one day even when nothing else is minimised.
    team = factory.team(("en", "fr"), daily_rate=100)
    item = [opening(sessions=2, languages=("en", "fr"))]
    problem = factory.problem(
        item, days=2, interpreters=team, rules=solving.only(interpretation_budget=400)
    )
    result = solving.solved(problem)
    assert len({problem.slot(s.slot_id).date for s in result.plan.sessions}) == 1
    small = solving.only(interpretation_budget=399)
    assert solving.status(problem.replace(rules=small)) is Status.INFEASIBLE


def test_booth_missing_in_the_room_keeps_interpreted_items_out(factory, solving) -> None:
    # R1 has every booth but is closed; R2 lacks Russian: the six-language item cannot go.
    closed = Room("R1", "Room R1", 100, booths=frozenset(factory.LANGUAGES), unavailable=D1_AM)
    partial = Room("R2", "Room R2", 100, booths=frozenset({"ar", "zh", "en", "fr", "es"}))
    problem = factory.problem([opening(allowed_slots=D1_AM)], rooms=[closed, partial])
    assert solving.status(problem) is Status.INFEASIBLE


def test_symmetry_breaking_keeps_the_optimum(
    monkeypatch: pytest.MonkeyPatch, factory, solving
) -> None:
    # Not composed by default (it slowed the proofs); when added it must not cut off the
    # optimum: two identical teams at 100 a day, two parts on two days -> 2 x 4 x 100 = 8.
    team = factory.team(("en", "fr"), daily_rate=100) + factory.team(
        ("en", "fr"), daily_rate=100, prefix="J"
    )
    apart = [
        opening(sessions=2, languages=("en", "fr"), allowed_slots=frozenset({"D1-AM", "D2-AM"}))
    ]
    problem = factory.problem(
        apart, days=2, interpreters=team, rules=solving.only("interpretation_cost")
    )
    plain = solving.optimum(problem)
    monkeypatch.setattr(driver, "CONCERNS", (*driver.CONCERNS, break_interpreter_symmetry))
    assert solving.optimum(problem) == plain == 8.0
