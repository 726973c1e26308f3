"""Soft rules: for each, a penalised and an unpenalised plan with the exact count and penalty.

Default weights (rules.md): panel_unfilled 1000, discipline_missing 200, region_diversity 100,
gender_balance 50, delegation_unseated 20, discipline_mismatch 5, funding_priority 300,
speaker_preference 10, split_item 30, interpreter_continuity 2, interpretation_cost 0.01 and
travel_cost 0.001 per US dollar.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings, strategies as st

from planner.check import check_plan, objective, penalties
from planner.domain import (
    AgendaItem,
    Assignment,
    Delegation,
    Interpreter,
    PanelSeat,
    Participant,
    Penalty,
    Plan,
    ProblemData,
    Rules,
    Seat,
    Session,
)

EN = ("en",)
DELEGATIONS = (
    Delegation("KEN", "Kenya", regional_group="african", funding_eligible=True),
    Delegation("NGA", "Nigeria", regional_group="african", funding_eligible=True),
    Delegation("NPL", "Nepal", regional_group="asia_pacific", funding_eligible=True, ldc=True),
    Delegation("FRA", "France", regional_group="weog"),
    Delegation("NGO1", "NGO 1", category="ngo"),
)


def person(pid: str, delegation: str, **fields: Any) -> Participant:
    return Participant(pid, f"Expert {pid[1:]} ({delegation})", delegation, **fields)


def make_problem(
    factory,
    items: tuple[AgendaItem, ...],
    people: tuple[Participant, ...] = (),
    interpreters: tuple[Interpreter, ...] = (),
    **rules: Any,
) -> ProblemData:
    """Two days, six-booth room R1 and booth-less room R2, the five delegations above."""
    return factory.problem(
        items,
        days=2,
        rooms=(factory.plenary_room("R1"), factory.small_room("R2")),
        interpreters=interpreters,
        delegations=DELEGATIONS,
        participants=people,
        rules=Rules(**rules),
    )


def rows(problem: ProblemData, plan: Plan, rule: str) -> list[Penalty]:
    return [p for p in penalties(problem, plan) if p.rule == rule]


def total(problem: ProblemData, plan: Plan, rule: str) -> float:
    return sum(p.penalty for p in rows(problem, plan, rule))


# split_item
@pytest.mark.parametrize(
    ("parts", "breaks"),
    [
        ((("D1-AM", "R1"), ("D1-PM", "R1")), 0),
        ((("D1-PM", "R1"), ("D2-AM", "R1")), 0),  # overnight is the very next slot
        ((("D1-AM", "R1"), ("D2-AM", "R1")), 1),  # D1-PM skipped
        ((("D1-AM", "R1"), ("D1-PM", "R2")), 1),  # next slot, other room
        ((("D1-AM", "R1"), ("D1-PM", "R2"), ("D2-PM", "R2")), 2),
    ],
)
def test_split_item(parts: tuple[tuple[str, str], ...], breaks: int, factory) -> None:
    problem = make_problem(
        factory, (AgendaItem("1", "Discussion", sessions=len(parts), languages=EN),)
    )
    plan = Plan(sessions=tuple(Session("1", slot, room) for slot, room in parts))
    found = rows(problem, plan, "split_item")
    assert total(problem, plan, "split_item") == 30 * breaks
    assert len(found) == (1 if breaks else 0)
    if breaks == 2:
        assert found[0].subject == "1"
        assert found[0].detail == (
            "Item 1 (Discussion) has 2 breaks between its 3 parts: D1-AM in room R1 is followed "
            "by D1-PM in room R2; D1-PM in room R2 is followed by D2-PM in room R2"
        )


# interpreter_continuity
def _ar_en_team(slot: str, ar: list[str], en: list[str], room: str = "R1") -> list[Assignment]:
    return [
        *(Assignment(slot, room, "1", "ar", iid, retour=iid == "I-ar1") for iid in ar),
        *(Assignment(slot, room, "1", "en", iid) for iid in en),
    ]


def _continuity(
    factory, pm_ar: list[str], pm_en: list[str], pm_slot: str = "D1-PM"
) -> tuple[ProblemData, Plan]:
    problem = make_problem(
        factory,
        (AgendaItem("1", "Opening", sessions=2, languages=("ar", "en")),),
        interpreters=factory.team(("ar", "en"), extra=2),
    )
    plan = Plan(
        sessions=(Session("1", "D1-AM", "R1"), Session("1", pm_slot, "R1")),
        assignments=(
            *_ar_en_team("D1-AM", ["I-ar1", "I-ar2", "I-ar3"], ["I-en1", "I-en2"]),
            *_ar_en_team(pm_slot, pm_ar, pm_en),
        ),
    )
    return problem, plan


def test_same_teams_all_day_no_change(factory) -> None:
    problem, plan = _continuity(factory, ["I-ar1", "I-ar2", "I-ar3"], ["I-en1", "I-en2"])
    assert rows(problem, plan, "interpreter_continuity") == []


def test_interpreter_changes_counted_per_booth(factory) -> None:
    # One new face in the Arabic booth, two in the English booth: 3 changes, 3 x 2.
    problem, plan = _continuity(factory, ["I-ar1", "I-ar2", "I-ar4"], ["I-en3", "I-en4"])
    found = rows(problem, plan, "interpreter_continuity")
    assert [(p.subject, p.penalty) for p in found] == [("D1-PM/R1/ar", 2), ("D1-PM/R1/en", 4)]
    assert found[0].detail == (
        "D1-PM (Mon 25 Mar 15:00-18:00), room R1, Arabic booth: 1 interpreter not in the team of "
        "D1-AM (Mon 25 Mar 10:00-13:00): I-ar4 (Interpreter AR 4)"
    )


def test_no_change_counted_overnight(factory) -> None:
    problem, plan = _continuity(
        factory, ["I-ar4", "I-ar2", "I-ar3"], ["I-en3", "I-en2"], pm_slot="D2-AM"
    )
    assert rows(problem, plan, "interpreter_continuity") == []


# interpretation_cost and travel_cost
def test_interpretation_cost(factory) -> None:
    paid = (
        Interpreter("I-en1", "Interpreter EN 1", "en", daily_rate=500, travel_cost=300),
        Interpreter("I-en2", "Interpreter EN 2", "en"),
    )
    problem = make_problem(
        factory,
        (AgendaItem("1", "Opening", sessions=2, languages=("en", "fr")),),
        interpreters=paid,
    )
    sessions = (Session("1", "D1-AM", "R1"), Session("1", "D2-AM", "R1"))
    plan = Plan(
        sessions=sessions,
        assignments=tuple(
            Assignment(s.slot_id, "R1", "1", "en", iid)
            for s in sessions
            for iid in ("I-en1", "I-en2")
        ),
    )
    # I-en1: two days at USD 500 plus USD 300 travel = USD 1,300 -> 13.0; I-en2 costs nothing.
    found = rows(problem, plan, "interpretation_cost")
    assert [p.subject for p in found] == ["I-en1"]
    assert found[0].penalty == pytest.approx(13.0)
    assert found[0].detail == (
        "I-en1 (Interpreter EN 1): 2 days worked, fees USD 1,000 plus travel USD 300, "
        "total USD 1,300"
    )
    assert rows(problem, dataclasses.replace(plan, assignments=()), "interpretation_cost") == []
    free = problem.replace(rules=Rules(weights={"interpretation_cost": 0}))
    assert rows(free, plan, "interpretation_cost") == []


def test_travel_cost(factory) -> None:
    people = (person("P3", "NPL", needs_funding=True, travel_cost=1200),)
    problem = make_problem(factory, (AgendaItem("1", "Opening", languages=EN),), people)
    found = rows(problem, Plan(funded=frozenset({"P3"})), "travel_cost")
    assert [p.subject for p in found] == ["P3"]
    assert found[0].penalty == pytest.approx(1.2)
    assert found[0].detail == "P3 (Expert 3 (NPL)): travel support of USD 1,200"
    assert rows(problem, Plan(), "travel_cost") == []


# Panel rules, on item 2 ("Probation panel", D1-PM in R2) with panels from these people.
PANEL_PEOPLE = (
    person("P1", "KEN", discipline="probation", gender="f"),
    person("P2", "NGA", discipline="health", gender="f"),
    person("P3", "NPL", discipline="probation", gender="m"),
    person("P4", "FRA", discipline="policy_legislation", gender="f"),
    person("P5", "NGO1", discipline="civil_society", gender="f"),
    person("P6", "KEN", discipline="health", speaks_on=frozenset({"2"})),
)


def _panel(factory, *pids: str, size: int = 3, **item: Any) -> tuple[ProblemData, Plan]:
    problem = make_problem(
        factory,
        (AgendaItem("2", "Probation panel", languages=EN, panel_size=size, **item),),
        PANEL_PEOPLE,
    )
    plan = Plan(
        sessions=(Session("2", "D1-PM", "R2"),),
        panels=tuple(PanelSeat("2", k + 1, pid) for k, pid in enumerate(pids)),
    )
    return problem, plan


def test_panel_unfilled(factory) -> None:
    problem, plan = _panel(factory, "P1")
    found = rows(problem, plan, "panel_unfilled")
    assert [(p.subject, p.penalty) for p in found] == [("2", 2000)]
    assert found[0].detail == "The panel of item 2 has 1 speaker of 3: 2 seats empty"
    assert rows(*_panel(factory, "P1", "P3", "P4"), "panel_unfilled") == []


def test_discipline_missing(factory) -> None:
    wanted = ("probation", "health")
    problem, plan = _panel(factory, "P1", "P3", "P4", disciplines=wanted)
    found = rows(problem, plan, "discipline_missing")
    assert [(p.subject, p.penalty) for p in found] == [("2", 200)]
    assert found[0].detail == "No panelist of item 2 works in health"
    assert rows(*_panel(factory, "P1", "P2", "P4", disciplines=wanted), "discipline_missing") == []


def test_region_diversity(factory) -> None:
    # Three seats want three groups. Kenya and Nigeria are both African; the NGO has no group.
    problem, plan = _panel(factory, "P1", "P2", "P5")
    found = rows(problem, plan, "region_diversity")
    assert [(p.subject, p.penalty) for p in found] == [("2", 200)]
    assert found[0].detail == "The panel of item 2 draws on 1 regional group (african); 3 wanted"
    assert rows(*_panel(factory, "P1", "P3", "P4"), "region_diversity") == []


def test_region_diversity_wants_at_most_five_groups(factory) -> None:
    problem, plan = _panel(factory, "P1", "P3", "P4", size=7)
    assert total(problem, plan, "region_diversity") == 100 * (5 - 3)


def test_gender_balance(factory) -> None:
    # Three women, no man: a difference of 3, two beyond the tolerated one.
    problem, plan = _panel(factory, "P1", "P2", "P4")
    found = rows(problem, plan, "gender_balance")
    assert [(p.subject, p.penalty) for p in found] == [("2", 100)]
    assert found[0].detail == "The panel of item 2 has 3 women and 0 men"
    assert rows(*_panel(factory, "P1", "P3", "P4"), "gender_balance") == []


def test_speaker_preference(factory) -> None:
    # P6 asked to speak on item 2 and is there; the panel's three did not ask: min(3, 1) = 1.
    problem, plan = _panel(factory, "P1", "P3", "P4")
    found = rows(problem, plan, "speaker_preference")
    assert [(p.subject, p.penalty) for p in found] == [("2", 10)]
    assert found[0].detail == (
        "The panel of item 2 includes P1 (Expert 1 (KEN)), P3 (Expert 3 (NPL)), P4 (Expert 4 "
        "(FRA)), who did not ask to speak on it, while P6 (Expert 6 (KEN)) asked and could"
    )
    assert rows(*_panel(factory, "P1", "P3", "P6"), "speaker_preference") == []


def test_speaker_preference_ignores_absent_askers(factory) -> None:
    problem, plan = _panel(factory, "P1", "P3", "P4")
    gone = tuple(
        dataclasses.replace(p, arrival=factory.MONDAY + dt.timedelta(days=1))
        if p.participant_id == "P6"
        else p
        for p in PANEL_PEOPLE
    )
    assert rows(problem.replace(participants=gone), plan, "speaker_preference") == []


# Seats: delegation_unseated and discipline_mismatch, on plenary item 1 at D1-AM in R1.
SEAT_PEOPLE = (
    person("P1", "KEN", discipline="probation"),
    person("P2", "KEN", discipline="policy_legislation"),
    person("P3", "NPL", needs_funding=True),
    person("P4", "FRA"),
)


def _seats(
    factory, *pids: str, funded: frozenset[str] = frozenset({"P3"}), **item: Any
) -> tuple[ProblemData, Plan]:
    problem = make_problem(
        factory, (AgendaItem("1", "Opening", languages=EN, **item),), SEAT_PEOPLE
    )
    delegation = {p.participant_id: p.delegation_id for p in SEAT_PEOPLE}
    plan = Plan(
        sessions=(Session("1", "D1-AM", "R1"),),
        seats=tuple(Seat("D1-AM", "R1", "1", delegation[pid], pid) for pid in pids),
        funded=funded,
    )
    return problem, plan


def test_delegation_unseated(factory) -> None:
    problem, plan = _seats(factory, "P1")
    found = rows(problem, plan, "delegation_unseated")
    assert [(p.subject, p.penalty) for p in found] == [("D1-AM/R1/1", 40)]
    assert found[0].detail == (
        "D1-AM (Mon 25 Mar 10:00-13:00), room R1, item 1: 2 present delegations without a seat: "
        "FRA (France), NPL (Nepal)"
    )
    assert rows(*_seats(factory, "P1", "P3", "P4"), "delegation_unseated") == []
    # Unfunded, Nepal's only expert does not come, so Nepal is not missed.
    assert total(*_seats(factory, "P1", "P4", funded=frozenset()), "delegation_unseated") == 0


def test_discipline_mismatch(factory) -> None:
    wanted = ("probation",)
    problem, plan = _seats(factory, "P2", "P3", "P4", disciplines=wanted)
    found = rows(problem, plan, "discipline_mismatch")
    assert [(p.subject, p.penalty) for p in found] == [("D1-AM/P2", 5)]
    assert found[0].detail == (
        "D1-AM (Mon 25 Mar 10:00-13:00), room R1, item 1: P2 (Expert 2 (KEN)) "
        "(policy_legislation) holds a seat of KEN (Kenya) while P1 (Expert 1 (KEN)) "
        "(wanted discipline) holds none"
    )
    assert rows(*_seats(factory, "P1", "P3", "P4", disciplines=wanted), "discipline_mismatch") == []
    # Both Kenyans seated: no colleague left out.
    assert (
        rows(*_seats(factory, "P1", "P2", "P3", "P4", disciplines=wanted), "discipline_mismatch")
        == []
    )
    # Without wanted disciplines any holder is fine.
    assert rows(*_seats(factory, "P2", "P3", "P4"), "discipline_mismatch") == []


# funding_priority: Nepal (LDC) asks for support; Kenya and France are not LDCs.
FUNDING_PEOPLE = (
    person("P1", "KEN", needs_funding=True, travel_cost=800),
    person("P3", "NPL", needs_funding=True, travel_cost=1200),
    person("P6", "NPL", needs_funding=True, travel_cost=1000),
)


def _funding(factory, *funded: str) -> tuple[ProblemData, Plan]:
    problem = make_problem(
        factory, (AgendaItem("1", "Opening", languages=EN),), FUNDING_PEOPLE, travel_budget=5000
    )
    return problem, Plan(funded=frozenset(funded))


def test_funding_priority(factory) -> None:
    problem, plan = _funding(factory, "P1")
    found = rows(problem, plan, "funding_priority")
    assert [(p.subject, p.penalty) for p in found] == [("P1", 300)]
    assert found[0].detail == (
        "P1 (Expert 1 (KEN)) of KEN (Kenya) (not a least developed country) is funded while the "
        "request of P3 (Expert 3 (NPL)), P6 (Expert 6 (NPL)) is not"
    )
    # Nepal has its one funded person (the per-delegation limit), so nothing more is owed.
    assert rows(*_funding(factory, "P1", "P3"), "funding_priority") == []
    assert rows(*_funding(factory), "funding_priority") == []


def test_objective_is_the_sum_of_the_penalties(factory) -> None:
    problem, plan = _panel(factory, "P1", "P2", "P5")
    # Panel full, no wanted disciplines. One regional group of three wanted: 2 x 100. Three women:
    # 2 x 50. Nobody on it asked, P6 did: 1 x 10. The five delegations are present on day 1 and
    # none holds a seat in the session: 5 x 20. 200 + 100 + 10 + 100 = 410.
    found = penalties(problem, plan)
    assert sorted((p.rule, p.penalty) for p in found) == [
        ("delegation_unseated", 100),
        ("gender_balance", 100),
        ("region_diversity", 200),
        ("speaker_preference", 10),
    ]
    assert objective(problem, plan) == 410


def test_weight_zero_rules_give_no_rows(factory) -> None:
    problem, plan = _panel(factory, "P1")
    silent = problem.replace(rules=Rules(weights={"panel_unfilled": 0}))
    assert rows(silent, plan, "panel_unfilled") == []
    assert objective(problem, plan) - objective(silent, plan) == pytest.approx(2000)


def test_unknown_ids_are_left_out_of_the_penalties(factory) -> None:
    problem, plan = _panel(factory, "P1", "P3", "P4")
    typo = dataclasses.replace(plan, panels=(*plan.panels, PanelSeat("2", 4, "P 9")))
    assert penalties(problem, typo) == penalties(problem, plan)


# Robustness: a hand-edited plan may name anything; the checker reports, never raises.
_ITEMS = ("1", "2", "9")
_SLOTS = ("D1-AM", "D1-PM", "D2-AM", "D9-AM")
_ROOMS = ("R1", "R2", "R9")
_PEOPLE = ("P1", "P3", "P6", "P99")
_INTERPRETERS = ("I-ar1", "I-ar2", "I-en1", "I-en2", "I-XX")
_DELEGATIONS = ("KEN", "NPL", "XXX")


def _plans() -> st.SearchStrategy[Plan]:
    sessions = st.builds(Session, st.sampled_from(_ITEMS), st.sampled_from(_SLOTS),
                         st.sampled_from(_ROOMS))  # fmt: skip
    assignments = st.builds(
        Assignment,
        st.sampled_from(_SLOTS),
        st.sampled_from(_ROOMS),
        st.sampled_from(_ITEMS),
        st.sampled_from(("ar", "en", "fr", "xx")),
        st.sampled_from(_INTERPRETERS),
        st.booleans(),
    )
    seats = st.builds(
        Seat,
        st.sampled_from(_SLOTS),
        st.sampled_from(_ROOMS),
        st.sampled_from(_ITEMS),
        st.sampled_from(_DELEGATIONS),
        st.sampled_from(_PEOPLE),
    )
    panels = st.builds(PanelSeat, st.sampled_from(_ITEMS), st.integers(0, 4),
                       st.sampled_from(_PEOPLE))  # fmt: skip
    return st.builds(
        Plan,
        st.lists(sessions, max_size=6).map(tuple),
        st.lists(assignments, max_size=8).map(tuple),
        st.lists(seats, max_size=8).map(tuple),
        st.lists(panels, max_size=4).map(tuple),
        st.frozensets(st.sampled_from(_PEOPLE), max_size=3),
    )


def _fuzz_problem(factory) -> ProblemData:
    return make_problem(
        factory,
        (
            AgendaItem("1", "Opening", languages=("ar", "en"), panel_size=2),
            AgendaItem(
                "2",
                "Probation panel",
                languages=EN,
                attendance=20,
                panel_size=2,
                after=("1",),
                disciplines=("probation",),
            ),
        ),
        FUNDING_PEOPLE,
        factory.team(("ar", "en"), daily_rate=100),
        travel_budget=1000,
        interpretation_budget=300,
    )


@settings(max_examples=150, deadline=None)
@given(plan=_plans())
def test_any_plan_is_checked_without_exceptions(plan: Plan, factory) -> None:
    problem = _fuzz_problem(factory)
    found = check_plan(problem, plan)
    unknown = [
        *(s for s in plan.sessions if s.item_id == "9" or "9" in s.slot_id + s.room_id),
        *(
            a
            for a in plan.assignments
            if "9" in a.item_id + a.slot_id + a.room_id + a.interpreter_id
            or a.interpreter_id == "I-XX"
        ),
        *(s for s in plan.seats if "9" in s.item_id + s.slot_id + s.room_id + s.participant_id),
        *(p for p in plan.panels if "9" in p.item_id + p.participant_id),
        *(pid for pid in plan.funded if pid == "P99"),
    ]
    assert sum(v.rule == "unknown_id" for v in found) == len(unknown)
    assert all(1 <= v.rule_number <= 10 and v.message for v in found)
    assert objective(problem, plan) == pytest.approx(
        sum(p.penalty for p in penalties(problem, plan))
    )
