"""The funding story of a plan: priority and reason for every request, the Summary's figures and
what more money would buy. Plans are written by hand here: the reasons depend on the plan, not
on how it was found.
"""

from __future__ import annotations

import pytest

from planner.check import objective, penalties
from planner.check.funding_story import (
    cheapest_unfunded,
    funding_figures,
    priority,
    request_rows,
)
from planner.domain import (
    AgendaItem,
    Delegation,
    Participant,
    Plan,
    ProblemData,
    Room,
    Rules,
    Seat,
    Session,
)
from planner.domain.funding import (
    fundable_at_most,
    funding_due,
    funding_unmet,
    funding_weight_issue,
)

KEN = Delegation("KEN", "Kenya", regional_group="african", funding_eligible=True)
NPL = Delegation("NPL", "Nepal", regional_group="asia_pacific", funding_eligible=True, ldc=True)
ARM = Delegation("ARM", "Armenia", regional_group="eastern_european", funding_eligible=True)
FRA = Delegation("FRA", "France", regional_group="weog")
IND = Delegation("IND", "India", regional_group="asia_pacific")  # developing, marked no
NGO = Delegation("NGO1", "Prison Reform Network", category="ngo")
DELEGATIONS = (KEN, NPL, ARM, FRA, IND, NGO)


def request(pid: str, delegation: str, cost: float, **fields: object) -> Participant:
    name = f"Expert {pid[1:]} ({delegation})"
    return Participant(pid, name, delegation, needs_funding=True, travel_cost=cost, **fields)  # type: ignore[arg-type]


def meeting(
    factory, people: list[Participant], *, capacity: int = 200, items: int = 1, **rules: object
) -> ProblemData:
    return factory.problem(
        [AgendaItem(str(k), f"Item {k}", languages=("en",)) for k in range(1, items + 1)],
        days=1,
        rooms=(Room("R1", "Room R1", capacity),),
        interpreters=(),
        delegations=DELEGATIONS,
        participants=people,
        rules=Rules(**rules),  # type: ignore[arg-type]
    )


def reasons(problem: ProblemData, plan: Plan) -> dict[str, str]:
    return {r.person.participant_id: r.reason for r in request_rows(problem, plan)}


def test_priority_of_each_kind_of_delegation() -> None:
    assert [priority(d) for d in (NPL, KEN, ARM, FRA, NGO)] == [
        "LDC",
        "other developing",
        "in transition",
        "not eligible",
        "not eligible",
    ]


def test_reason_funded(factory) -> None:
    problem = meeting(factory, [request("P1", "KEN", 1500)], travel_budget=5000)
    assert reasons(problem, Plan(funded=frozenset({"P1"}))) == {
        "P1": "funded: USD 1,500 of the travel budget"
    }


@pytest.mark.parametrize(
    ("delegation", "words"),
    [
        ("FRA", "not eligible: FRA (France) is a developed economy in the UN DESA World Economic"),
        ("IND", "not eligible: funding_eligible is no for IND (India) in the Delegations sheet"),
        ("NGO1", "not eligible: NGO1 (Prison Reform Network) (ngo) is funded only when the"),
    ],
)
def test_reason_not_eligible_names_the_economy_and_its_source(
    delegation: str, words: str, factory
) -> None:
    problem = meeting(factory, [request("P1", delegation, 1500)], travel_budget=5000)
    assert reasons(problem, Plan())["P1"].startswith(words)


def test_reason_no_funding_at_all(factory) -> None:
    problem = meeting(
        factory, [request("P1", "KEN", 1500)], travel_budget=5000, max_funded_per_delegation=0
    )
    assert reasons(problem, Plan())["P1"] == (
        "not funded: max_funded_per_delegation is 0 in the Rules sheet"
    )


def test_reason_delegation_limit_names_who_is_funded(factory) -> None:
    problem = meeting(
        factory, [request("P1", "KEN", 1500), request("P2", "KEN", 900)], travel_budget=5000
    )
    assert reasons(problem, Plan(funded=frozenset({"P2"})))["P1"] == (
        "the delegation's limit of 1 funded (max_funded_per_delegation) is reached: "
        "P2 (Expert 2 (KEN)) funded"
    )


def test_reason_budget_spent_says_needed_and_left(factory) -> None:
    problem = meeting(
        factory, [request("P1", "KEN", 1500), request("P2", "NPL", 3000)], travel_budget=4000
    )
    assert reasons(problem, Plan(funded=frozenset({"P2"})))["P1"] == (
        "budget spent: USD 1,500 needed, USD 1,000 left"
    )


def test_reason_ticket_above_the_whole_budget(factory) -> None:
    problem = meeting(factory, [request("P1", "KEN", 4500)], travel_budget=4000)
    assert reasons(problem, Plan())["P1"] == (
        "ticket above the whole budget: USD 4,500 needed, the travel budget is USD 4,000"
    )


def test_reason_left_for_a_better_use_when_the_rule_is_weighted_0(factory) -> None:
    problem = meeting(
        factory, [request("P1", "KEN", 1500)], travel_budget=5000, weights={"funding_unmet": 0}
    )
    assert reasons(problem, Plan())["P1"] == (
        "left for a better use of the money: funding_unmet is weighted 0 in the Rules sheet"
    )


def test_reason_left_for_a_better_use_when_the_plenary_room_is_full(factory) -> None:
    """Room of 12: the secretariat's 10 seats and Nepal's and Armenia's delegates fill it, so
    funding Kenya's expert would leave Kenya without a seat in the plenary (hard rule 9)."""
    people = [
        Participant("P1", "Expert 1 (NPL)", "NPL"),
        Participant("P2", "Expert 2 (ARM)", "ARM"),
        request("P3", "KEN", 1500),
    ]
    problem = meeting(factory, people, capacity=12, travel_budget=5000)
    slot = problem.slots[0].slot_id
    plan = Plan(
        sessions=(Session("1", slot, "R1"),),
        seats=(Seat(slot, "R1", "1", "NPL", "P1"), Seat(slot, "R1", "1", "ARM", "P2")),
    )
    assert reasons(problem, plan)["P3"].startswith(
        "left for a better use of the money: hard rule 9: funding would make KEN (Kenya) present"
    )


def test_reason_left_for_a_better_use_when_seats_outweigh_it(factory) -> None:
    """Weighted 20 a session, 2 sessions of absence (40) outweigh funding_unmet weighted 30."""
    problem = meeting(
        factory,
        [request("P1", "KEN", 1500)],
        items=2,
        travel_budget=5000,
        weights={"funding_unmet": 30},
    )
    first, second = (s.slot_id for s in problem.slots)
    plan = Plan(sessions=(Session("1", first, "R1"), Session("2", second, "R1")))
    assert reasons(problem, plan)["P1"] == (
        "left for a better use of the money: delegation_unseated, since its delegation would "
        "be present in 2 more sessions (up to 40), more than funding_unmet (30)"
    )


def test_reason_left_for_a_better_use_when_the_search_stopped(factory) -> None:
    problem = meeting(factory, [request("P1", "KEN", 1500)], travel_budget=5000)
    assert reasons(problem, Plan())["P1"].endswith("a longer time limit may fund it")


def test_only_requests_and_funded_people_are_listed(factory) -> None:
    people = [Participant("P1", "Expert 1 (KEN)", "KEN"), request("P2", "KEN", 800)]
    problem = meeting(factory, people, travel_budget=5000)
    assert [r.person.participant_id for r in request_rows(problem, Plan())] == ["P2"]


def test_fundable_at_most_takes_the_cheapest_within_the_limits(factory) -> None:
    """USD 5,000, cheapest first: Nepal's 1,000, Kenya's 1,100 (Kenya's 1,200 is then over its
    limit), Armenia's 2,500: USD 4,600 for three."""
    people = [
        request("P1", "KEN", 1200),
        request("P2", "KEN", 1100),
        request("P3", "NPL", 1000),
        request("P4", "ARM", 2500),
        request("P5", "FRA", 100),  # not eligible
        request("P6", "NPL", 6000),  # above the budget
    ]
    problem = meeting(factory, people, travel_budget=5000)
    assert sorted(p.participant_id for p in fundable_at_most(problem)) == ["P2", "P3", "P4"]
    assert funding_due(problem) == {"KEN": 1, "NPL": 1, "ARM": 1}
    assert funding_unmet(problem, {"P2"}) == {"NPL": 1, "ARM": 1}


def test_summary_figures_and_what_more_money_buys(factory) -> None:
    people = [request("P1", "KEN", 1500), request("P2", "NPL", 3000), request("P3", "ARM", 2150)]
    problem = meeting(factory, people, travel_budget=4600)
    plan = Plan(funded=frozenset({"P2", "P1"}))
    assert funding_figures(problem, plan) == {
        "funded_participants": 2,
        "fundable_at_most": 2,
        "funded_share": 1.0,
        "travel_cost": 4500.0,
        "travel_left": 100.0,
    }
    [(person, missing)] = cheapest_unfunded(problem, plan)
    assert (person.participant_id, missing) == ("P3", 2050.0)


def test_the_checker_counts_funding_unmet_per_delegation(factory) -> None:
    """Budget for both: Kenya's request waits (2000), Nepal's is funded (travel 3)."""
    problem = meeting(
        factory, [request("P1", "KEN", 1500), request("P2", "NPL", 3000)], travel_budget=5000
    )
    plan = Plan(funded=frozenset({"P2"}))
    rows = [p for p in penalties(problem, plan) if p.rule == "funding_unmet"]
    assert [(r.subject, r.penalty) for r in rows] == [("KEN", 2000)]
    assert "P1 (Expert 1 (KEN))" in rows[0].detail
    assert objective(problem, plan) == pytest.approx(2003.0)


@pytest.mark.parametrize(("items", "warned"), [(1, False), (99, True)])
def test_a_weight_too_low_for_the_meeting_is_a_warning(items: int, warned: bool, factory) -> None:
    """99 sessions x 20 + 300 = 2280 reaches the default 2000."""
    problem = meeting(factory, [request("P1", "KEN", 1500)], items=items, travel_budget=5000)
    issue = funding_weight_issue(problem.rules, problem.items, problem.participants)
    assert (issue is not None) == warned
    if issue is not None:
        assert not issue.is_error
        assert "set it above 2282" in issue.message


def test_a_request_beyond_any_budget_still_counts_as_left_at_home(factory) -> None:
    """The budget does not enter funding_unmet: more money can only lower the objective."""
    problem = meeting(factory, [request("P1", "KEN", 4500)], travel_budget=4000)
    assert funding_unmet(problem, set()) == {"KEN": 1}
    richer = problem.replace(rules=Rules(travel_budget=5000))
    assert objective(richer, Plan(funded=frozenset({"P1"}))) < objective(problem, Plan())
