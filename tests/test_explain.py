"""`explain`: one infeasible problem per cause, named with its rule and data, and minimal."""

from __future__ import annotations

import dataclasses

import pytest
from ortools.sat.python import cp_model

from planner.domain import AgendaItem, Delegation, Interpreter, Participant, ProblemData, Rules
from planner.solver.infeasibility.conflicts import (
    Explanation,
    _check,
    build_explain_model,
    conflict_holds,
    explain,
)

EN_FR = ("en", "fr")


def explained(problem: ProblemData) -> Explanation:
    result = explain(problem, time_limit=60.0)
    assert not result.feasible
    assert result.causes, result.message
    return result


def rules_of(result: Explanation) -> set[tuple[str, tuple[str, ...]]]:
    return {(c.rule, c.data) for c in result.causes}


def sentence(result: Explanation, rule: str) -> str:
    return next(c.sentence for c in result.causes if c.rule == rule)


def booth_short_problem(factory) -> ProblemData:
    # Item 5 is pinned to D2-PM, where one of the three Chinese interpreters is away.
    away = {"I-zh3": frozenset({"D2-PM"})}
    team = tuple(
        dataclasses.replace(k, unavailable=away.get(k.interpreter_id, frozenset()))
        for k in factory.team()
    )
    items = [AgendaItem("1", "Opening"), AgendaItem("5", "Reintegration", allowed_slots={"D2-PM"})]
    return factory.problem(items, days=2, interpreters=team)


def test_a_feasible_problem_has_no_causes(factory):
    result = explain(factory.problem(days=1), time_limit=60.0)
    assert result == Explanation(feasible=True)
    assert str(result).startswith("A plan exists")


def test_booth_shortage_names_the_slot_the_booth_and_who_is_available(factory):
    result = explained(booth_short_problem(factory))
    assert rules_of(result) == {
        ("allowed_slots", ("5",)),
        ("team_size", ("5", "zh")),
        ("interpreter_unavailable", ("I-zh3",)),
    }
    team = sentence(result, "team_size")
    assert team == (
        "Item 5 'Reintegration' needs a Chinese team of 3 in each of its 1 session(s), but only "
        "these Chinese interpreters are available in its slots: D2-PM (Tue 26 Mar 15:00-18:00): "
        "2 (Interpreter ZH 1, Interpreter ZH 2)."
    )
    assert "Interpreter ZH 3 (I-zh3, Chinese booth) is unavailable in D2-PM" in sentence(
        result, "interpreter_unavailable"
    )
    assert "team_size_zh" in result.causes[1].suggestion


def test_the_conflict_is_minimal(factory):
    problem = booth_short_problem(factory)
    causes = explained(problem).causes
    assert conflict_holds(problem, causes) is True
    for dropped in causes:
        assert conflict_holds(problem, [c for c in causes if c is not dropped]) is False


def test_attendance_above_every_room(factory):
    item = AgendaItem("3", "Side event", languages=("en",), attendance=300)
    result = explained(factory.problem([item], rooms=[factory.plenary_room(capacity=200)]))
    assert rules_of(result) == {("room_capacity", ("3",))}
    assert sentence(result, "room_capacity") == (
        "Item 3 'Side event' expects an attendance of 300, but no room seats that many: the "
        "largest, R1 (Room R1), has 200 seats."
    )


def test_a_chain_of_after_longer_than_the_slots(factory):
    items = [
        AgendaItem("1", "Opening", languages=("en",)),
        AgendaItem("2", "Prisons", languages=("en",), after=("1",)),
        AgendaItem("3", "Probation", languages=("en",), after=("2",)),
    ]
    rooms = [factory.plenary_room(), factory.plenary_room("R3")]
    result = explained(factory.problem(items, rooms=rooms))  # two slots for three in a row
    assert rules_of(result) == {("after", ("2", "1")), ("after", ("3", "2"))}
    assert sentence(result, "after").startswith("Item 2 'Prisons' comes after item 1 'Opening'")


def test_more_sessions_than_rooms_and_slots_fall_back_to_the_counts(factory):
    # One room and slot per session is not guarded: the pre-solve counts say it instead.
    items = [AgendaItem(str(k), f"Item {k}", languages=("en",)) for k in range(1, 4)]
    result = explained(factory.problem(items, days=1))
    assert [c.rule for c in result.causes] == ["capacity_check"]
    assert result.causes[0].sentence.startswith("the agenda needs 3 sessions but the meeting")


def test_a_cycle_of_after(factory):
    items = [
        AgendaItem("1", "Opening", languages=("en",), after=("2",)),
        AgendaItem("2", "Prisons", languages=("en",), after=("1",)),
    ]
    result = explained(factory.problem(items, days=2))
    assert rules_of(result) == {("after", ("1", "2")), ("after", ("2", "1"))}


def test_too_few_allowed_slots(factory):
    item = AgendaItem(
        "4", "Review", languages=("en",), sessions=3, allowed_slots={"D1-AM", "D2-AM"}
    )
    result = explained(factory.problem([item], days=2))
    assert rules_of(result) == {("allowed_slots", ("4",))}
    assert sentence(result, "allowed_slots") == (
        "Item 4 'Review' needs 3 session(s) and may only be held in 2 slot(s): "
        "D1-AM (Mon 25 Mar 10:00-13:00), D2-AM (Tue 26 Mar 10:00-13:00)."
    )


def test_two_items_in_one_slot_beyond_max_parallel(factory):
    items = [
        AgendaItem("1", "Opening", languages=("en",), allowed_slots={"D1-AM"}),
        AgendaItem("2", "Prisons", languages=("en",), allowed_slots={"D1-AM"}),
    ]
    rooms = [factory.plenary_room(), factory.small_room()]
    problem = factory.problem(items, rooms=rooms, rules=Rules(max_parallel_sessions=1))
    result = explained(problem)
    assert rules_of(result) == {
        ("allowed_slots", ("1",)),
        ("allowed_slots", ("2",)),
        ("max_parallel", ("D1-AM",)),
    }


def test_interpretation_budget_too_small(factory):
    # One English-French session: 4 interpreters at USD 500 a day cost 2,000 > 1,500.
    team = factory.team(EN_FR, daily_rate=500)
    item = AgendaItem("1", "Opening", languages=EN_FR)
    problem = factory.problem([item], interpreters=team, rules=Rules(interpretation_budget=1500))
    result = explained(problem)
    assert rules_of(result) == {
        ("interpretation_budget", ()),
        ("team_size", ("1", "en")),
        ("team_size", ("1", "fr")),
    }
    assert sentence(result, "interpretation_budget") == (
        "Interpreter costs (daily rates for days worked, plus travel for anyone engaged) must "
        "stay within the interpretation budget of USD 1,500; the sessions above cost at least "
        "USD 2,000."
    )
    assert "needs an English team of 2" in sentence(result, "team_size")


def test_daily_limit_too_low_for_two_sessions_a_day(factory):
    # One team per booth, two interpreted items on one day, one session a day each.
    items = [
        AgendaItem("1", "Opening", languages=EN_FR),
        AgendaItem("2", "Prisons", languages=EN_FR),
    ]
    problem = factory.problem(
        items, interpreters=factory.team(EN_FR), rules=Rules(interpreter_max_per_day=1)
    )
    result = explained(problem)
    found = rules_of(result)
    booth = "en" if ("team_size", ("1", "en")) in found else "fr"
    # Either interpreter held to one session leaves 3 of the 4 places: one limit is enough.
    limits = {key for key in found if key[0] == "max_per_day"}
    assert found - limits == {("team_size", ("1", booth)), ("team_size", ("2", booth))}
    assert len(limits) == 1
    (_, (iid,)) = limits.pop()
    assert iid in (f"I-{booth}1", f"I-{booth}2")
    number = iid[-1]
    assert sentence(result, "max_per_day") == (
        f"Interpreter {booth.upper()} {number} ({iid}, "
        f"{'English' if booth == 'en' else 'French'} booth) may work at most 1 session(s) a day "
        "(max_per_day)."
    )


def test_weekly_limit_too_low(factory):
    # Four interpreted items over two days, one team, three sessions a week each.
    items = [AgendaItem(str(k), f"Item {k}", languages=EN_FR) for k in range(1, 5)]
    problem = factory.problem(
        items, days=2, interpreters=factory.team(EN_FR), rules=Rules(interpreter_max_per_week=3)
    )
    result = explained(problem)
    limits = [c for c in result.causes if c.rule == "max_per_week"]
    assert limits
    assert all(c.data[0].startswith("I-") for c in limits)
    assert "at most 3 session(s) a week (max_per_week)" in limits[0].sentence


def test_a_small_travel_budget_alone_never_blocks_a_plan(factory):
    # No hard rule makes funding required: an unfunded request simply does not take part.
    delegations = [Delegation("NPL", "Nepal", funding_eligible=True, ldc=True)]
    people = [Participant("P1", "Expert 1 (Nepal)", "NPL", needs_funding=True, travel_cost=2500.0)]
    problem = factory.problem(
        delegations=delegations, participants=people, rules=Rules(travel_budget=100)
    )
    assert explain(problem, time_limit=60.0).feasible


@pytest.mark.parametrize("booths", [("en", "fr", "ar")])
def test_room_without_the_booths(booths: tuple[str, ...], factory):
    item = AgendaItem("1", "Opening", languages=booths)
    room = factory.small_room()
    result = explained(factory.problem([item], rooms=[room], interpreters=factory.team(booths)))
    assert rules_of(result) == {("room_booths", ("1",))}
    assert "interpreted between English, French, Arabic, and no room has all" in sentence(
        result, "room_booths"
    )


def test_plenary_room_too_small_for_the_delegations_present(factory):
    # Six delegations present, 15 seats of which 10 for the secretariat: 5 left.
    codes = ["KEN", "NPL", "PER", "POL", "FJI", "MEX"]
    delegations = [Delegation(c, f"Delegation {c}") for c in codes]
    people = [Participant(f"P{k}", f"Expert {k} ({c})", c) for k, c in enumerate(codes, 1)]
    room = factory.plenary_room(capacity=15)
    problem = factory.problem(
        [AgendaItem("1", "Opening", languages=("en",))],
        rooms=[room],
        delegations=delegations,
        participants=people,
    )
    result = explained(problem)
    assert rules_of(result) == {("plenary_seats", ("1",)), ("seat_capacity", ("R1",))}
    assert sentence(result, "seat_capacity") == (
        "Room R1 (Room R1) has 15 seats, 10 of them for the secretariat (secretariat_seats), "
        "leaving 5 for delegations."
    )


def weekly_short_problem(factory, items: int = 5) -> ProblemData:
    # Spanish teams of 2 for ``items`` sessions: ES 1 and ES 2 may work 2 sessions a week, ES 3
    # one per session at most. Five sessions need 10 places where 2 + 2 + 5 = 9 can be given:
    # a pigeonhole, since ES 3 cannot serve one session twice.
    spanish = (
        Interpreter("I-es1", "Interpreter ES 1", "es", max_per_week=2),
        Interpreter("I-es2", "Interpreter ES 2", "es", max_per_week=2),
        Interpreter("I-es3", "Interpreter ES 3", "es"),
    )
    english = factory.team(["en"])
    agenda = [AgendaItem(str(k), f"Item {k}", languages=("en", "es")) for k in range(1, items + 1)]
    return factory.problem(agenda, days=4, interpreters=english + spanish)


def test_weekly_limits_against_a_booth_shrink_to_a_minimal_conflict(factory):
    problem = weekly_short_problem(factory)
    # A generous limit: every check of this small model is decided in milliseconds.
    result = explain(problem, time_limit=60.0)
    assert result.message == ""
    assert rules_of(result) == {("team_size", (str(k), "es")) for k in range(1, 6)} | {
        ("max_per_week", ("I-es1",)),
        ("max_per_week", ("I-es2",)),
    }
    assert sentence(result, "max_per_week") == (
        "Interpreter ES 1 (I-es1, Spanish booth) may work at most 2 session(s) a week "
        "(max_per_week)."
    )
    assert conflict_holds(problem, result.causes) is True
    for dropped in result.causes:
        assert conflict_holds(problem, [c for c in result.causes if c is not dropped]) is False


def test_four_sessions_fit_the_same_booth(factory):
    assert explain(weekly_short_problem(factory, items=4), time_limit=60.0).feasible


def retour_short_problem(factory, items: int = 4) -> ProblemData:
    # Chinese teams of 3, one with a retour into English: only ZH 1 and ZH 2 have one, and
    # they may work one session a week each, so two sessions at most can be interpreted.
    chinese = tuple(
        Interpreter(
            f"I-zh{k}",
            f"Interpreter ZH {k}",
            "zh",
            retour=frozenset({"en"}) if k <= 2 else frozenset(),
            max_per_week=1 if k <= 2 else None,
        )
        for k in range(1, 6)
    )
    english = factory.team(["en"])
    agenda = [AgendaItem(str(k), f"Item {k}", languages=("en", "zh")) for k in range(1, items + 1)]
    return factory.problem(agenda, days=4, interpreters=english + chinese)


@pytest.mark.parametrize(
    ("make", "items", "booth"),
    [
        (weekly_short_problem, 4, "es"),
        (weekly_short_problem, 5, "es"),
        (retour_short_problem, 2, "zh"),
        (retour_short_problem, 3, "zh"),
    ],
)
def test_the_booth_demand_cut_keeps_every_plan(make, items: int, booth: str, factory):
    # The redundant counting constraints decide the same sets of rules as the model without
    # them: the whole model, and with each team, retour or weekly limit of the booth relaxed.
    problem = make(factory, items)
    with_cut, without = build_explain_model(problem), build_explain_model(problem, cuts=False)
    relaxed = [
        key
        for key in with_cut.guards
        if (key[0] in ("team_size", "retour") and key[1][1] == booth) or key[0] == "max_per_week"
    ]
    assert relaxed
    for dropped in [None, *relaxed]:
        keys = [key for key in with_cut.guards if key != dropped]
        statuses = {
            _check(ctx, [ctx.guards[key] for key in keys], 30.0) for ctx in (with_cut, without)
        }
        assert len(statuses) == 1, (dropped, statuses)
        assert statuses <= {cp_model.INFEASIBLE, cp_model.OPTIMAL, cp_model.FEASIBLE}


def test_retour_interpreters_short_for_the_sessions(factory):
    result = explain(retour_short_problem(factory, 3), time_limit=60.0)
    assert result.message == ""
    assert rules_of(result) == {("retour", (str(k), "zh")) for k in range(1, 4)} | {
        ("max_per_week", ("I-zh1",)),
        ("max_per_week", ("I-zh2",)),
    }
