"""Panels in the CP-SAT model: hard rule 10 and the panel soft rules.

Panels are wishes (an empty seat costs ``panel_unfilled``), so the panel rules never make a
problem infeasible; each pair shows the rule deciding who speaks. Items are in English only
(no interpreters), in a room for everyone; expected objectives are explained case by case.
"""

from __future__ import annotations

import datetime as dt

import pytest

from planner.domain import AgendaItem, Delegation, Participant, Plan, ProblemData, Rules

NGA = Delegation("NGA", "Nigeria", regional_group="african")
SEN = Delegation("SEN", "Senegal", regional_group="african")
KEN = Delegation("KEN", "Kenya", regional_group="african")
CHL = Delegation("CHL", "Chile", regional_group="latin_american_caribbean")
FRA = Delegation("FRA", "France", regional_group="weog")
JPN = Delegation("JPN", "Japan", regional_group="asia_pacific")
VAT = Delegation("VAT", "Holy See", category="observer_state", regional_group="weog")
NGO = Delegation("NGO-01", "NGO 1", category="ngo")
MONDAY = dt.date(2024, 3, 25)  # the first day (D1) of the factory's meetings
DELEGATIONS = (NGA, SEN, KEN, CHL, FRA, JPN, VAT, NGO)


def panel(
    people_factory,
    people: list[Participant],
    size: int,
    *,
    items: list[AgendaItem] | None = None,
    days: int = 1,
    **rules: object,
) -> ProblemData:
    items = items or [people_factory.english("1", panel_size=size)]
    return people_factory.people_problem(
        items,
        people,
        delegations=DELEGATIONS,
        days=days,
        rules=Rules(**rules),  # type: ignore[arg-type]
    )


def speakers(plan: Plan, item_id: str = "1") -> list[str]:
    """The item's panel in speaking order."""
    return [p.participant_id for p in sorted(plan.panels) if p.item_id == item_id]


# Soft rule panel_unfilled: one candidate for two seats leaves one empty (1000) and one
# regional group of the two wanted (100).
@pytest.mark.parametrize(("candidates", "expected"), [(1, 1100.0), (2, 0.0)])
def test_panel_unfilled(candidates: int, expected: float, people_factory) -> None:
    people = [people_factory.person("P1", "KEN"), people_factory.person("P2", "CHL")][:candidates]
    result = people_factory.solve_people(problem := panel(people_factory, people, 2))
    people_factory.checked(problem, result)
    assert result.objective == pytest.approx(expected)


# Soft rule discipline_missing: two probation experts and a health expert for two seats on a
# panel wanting both: the health expert and one probation expert. Without a health expert,
# health is missing (200).
@pytest.mark.parametrize(("third", "expected"), [("health", 0.0), ("probation", 200.0)])
def test_panel_takes_the_speaker_who_adds_a_missing_discipline(
    third: str, expected: float, people_factory
) -> None:
    people = [
        people_factory.person("P1", "KEN", discipline="probation"),
        people_factory.person("P2", "CHL", discipline="probation"),
        people_factory.person("P3", "FRA", discipline=third),
    ]
    item = people_factory.english("1", panel_size=2, disciplines=("probation", "health"))
    result = people_factory.solve_people(problem := panel(people_factory, people, 2, items=[item]))
    plan = people_factory.checked(problem, result)
    assert result.objective == pytest.approx(expected)
    if third == "health":
        assert "P3" in speakers(plan)


# Soft rule region_diversity: two seats, two African candidates and one from France: an African
# and France. Only African candidates: one group short (100).
@pytest.mark.parametrize(("third", "expected"), [("FRA", 0.0), ("SEN", 100.0)])
def test_region_diversity(third: str, expected: float, people_factory) -> None:
    people = [
        people_factory.person("P1", "KEN"),
        people_factory.person("P2", "NGA"),
        people_factory.person("P3", third),
    ]
    result = people_factory.solve_people(problem := panel(people_factory, people, 2))
    plan = people_factory.checked(problem, result)
    assert result.objective == pytest.approx(expected)
    if third == "FRA":
        assert "P3" in speakers(plan)


# Soft rule gender_balance: three seats; with a man among four candidates, two women and the
# man (difference 1: nothing); with women only, three women (difference 3: 2 x 50).
@pytest.mark.parametrize(("fourth", "expected"), [("m", 0.0), ("f", 100.0)])
def test_gender_balance(fourth: str, expected: float, people_factory) -> None:
    people = [
        people_factory.person("P1", "KEN", gender="f"),
        people_factory.person("P2", "CHL", gender="f"),
        people_factory.person("P3", "FRA", gender="f"),
        people_factory.person("P4", "JPN", gender=fourth),
    ]
    result = people_factory.solve_people(problem := panel(people_factory, people, 3))
    plan = people_factory.checked(problem, result)
    assert result.objective == pytest.approx(expected)
    if fourth == "m":
        assert "P4" in speakers(plan)


# Soft rule speaker_preference: one seat, P1 asked to speak and P2 did not: P1. When the panel
# wants probation and only P2 works in it, P2 speaks (200 saved) while P1 asked (10).
@pytest.mark.parametrize(
    ("wanted", "expected", "speaker"), [((), 0.0, "P1"), (("probation",), 10.0, "P2")]
)
def test_speaker_preference(
    wanted: tuple[str, ...], expected: float, speaker: str, people_factory
) -> None:
    people = [
        people_factory.person("P1", "KEN", speaks_on=frozenset({"1"})),
        people_factory.person("P2", "CHL", discipline="probation"),
    ]
    item = people_factory.english("1", panel_size=1, disciplines=wanted)
    result = people_factory.solve_people(problem := panel(people_factory, people, 1, items=[item]))
    assert speakers(people_factory.checked(problem, result)) == [speaker]
    assert result.objective == pytest.approx(expected)


# Hard rule 10: at most panel_max_per_delegation speakers from one delegation. Two Kenyan
# candidates for two seats: one seat stays empty (1000); either way one group (100).
@pytest.mark.parametrize(("limit", "expected"), [(1, 1100.0), (2, 100.0)])
def test_panel_max_per_delegation(limit: int, expected: float, people_factory) -> None:
    people = [people_factory.person("P1", "KEN"), people_factory.person("P2", "KEN")]
    result = people_factory.solve_people(
        problem := panel(people_factory, people, 2, panel_max_per_delegation=limit)
    )
    people_factory.checked(problem, result)
    assert result.objective == pytest.approx(expected)


# Hard rule 10: nobody is on more than panel_max_per_participant panels. One candidate, two
# panels of one: one stays empty (1000, and its one group: 100).
@pytest.mark.parametrize(("limit", "expected"), [(1, 1100.0), (2, 0.0)])
def test_panel_max_per_participant(limit: int, expected: float, people_factory) -> None:
    items = [people_factory.english("1", panel_size=1), people_factory.english("2", panel_size=1)]
    problem = panel(
        people_factory,
        [people_factory.person("P1", "KEN")],
        1,
        items=items,
        panel_max_per_participant=limit,
    )
    result = people_factory.solve_people(problem)
    people_factory.checked(problem, result)
    assert result.objective == pytest.approx(expected)


# Hard rule 10: in a session without interpretation every panelist speaks its language.
@pytest.mark.parametrize(
    ("spoken", "expected"), [(frozenset({"fr"}), 1100.0), (frozenset({"en", "fr"}), 0.0)]
)
def test_panelists_speak_the_language(
    spoken: frozenset[str], expected: float, people_factory
) -> None:
    result = people_factory.solve_people(
        problem := panel(people_factory, [people_factory.person("P1", "KEN", languages=spoken)], 1)
    )
    people_factory.checked(problem, result)
    assert result.objective == pytest.approx(expected)


# Hard rule 10 and the timetable together: a two-session item may use D1-PM, D2-AM and D2-PM.
# Its only candidate leaves on Monday, so it starts on Monday (D1-PM, D2-AM: overnight counts
# as next); arriving on Tuesday, it is held on Tuesday. Either way the panel is full.
@pytest.mark.parametrize(
    ("days", "first"),
    [
        ({"departure": MONDAY}, "D1-PM"),
        ({"arrival": MONDAY.replace(day=26)}, "D2-AM"),
    ],
)
def test_the_panel_speaks_on_a_day_its_speaker_is_there(
    days: dict[str, object], first: str, people_factory
) -> None:
    item = people_factory.english(
        "1", sessions=2, panel_size=1, allowed_slots=frozenset({"D1-PM", "D2-AM", "D2-PM"})
    )
    result = people_factory.solve_people(
        problem := panel(
            people_factory, [people_factory.person("P1", "KEN", **days)], 1, items=[item], days=2
        )
    )
    plan = people_factory.checked(problem, result)
    assert result.objective == 0.0
    assert min(plan.sessions, key=lambda s: problem.slot_index(s.slot_id)).slot_id == first
    seat = [s for s in plan.seats if s.participant_id == "P1" and s.slot_id == first]
    assert len(seat) == 1  # an in-person panelist sits in the first session


# Hard rule 10: an online panelist takes part on the day of the first session, and holds no
# seat. Pinned to Tuesday, a candidate who left on Monday cannot speak (1000 + 100).
@pytest.mark.parametrize(("departure", "expected"), [(MONDAY, 1100.0), (None, 0.0)])
def test_online_panelist_takes_part_that_day(
    departure: object, expected: float, people_factory
) -> None:
    item = people_factory.english("1", panel_size=1, allowed_slots=frozenset({"D2-AM"}))
    online = people_factory.person("P1", "KEN", mode="online", departure=departure)
    result = people_factory.solve_people(
        problem := panel(people_factory, [online], 1, items=[item], days=2)
    )
    plan = people_factory.checked(problem, result)
    assert result.objective == pytest.approx(expected)
    assert plan.seats == ()


def test_speaking_order_member_states_first(people_factory) -> None:
    """Positions 1..n: Member States (by name), then observer States, then the others."""
    people = [
        people_factory.person("P1", "NGO-01", gender="f"),
        people_factory.person("P2", "VAT", gender="m"),
        people_factory.person("P3", "FRA", gender="f"),
        people_factory.person("P4", "CHL", gender="m"),
    ]
    plan = people_factory.checked(
        problem := panel(people_factory, people, 4), people_factory.solve_people(problem)
    )
    assert [(p.position, p.participant_id) for p in sorted(plan.panels)] == [
        (1, "P4"),
        (2, "P3"),
        (3, "P2"),
        (4, "P1"),
    ]
