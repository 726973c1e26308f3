"""Random small problems: the solver never crashes, and every plan satisfies the checker."""

from __future__ import annotations

import dataclasses

from hypothesis import HealthCheck, event, given, settings, strategies as st

from planner.domain import AgendaItem, Interpreter, ProblemData, Room, Rules, Status
from planner.solver import solve
from planner.synth import EXAMPLE_SEED, SynthConfig, generate

BOOTHS = ("ar", "en", "fr")  # three booths keep the instances tiny; ar is the retour booth


def subset(draw: st.DrawFn, pool: tuple[str, ...], min_size: int = 0) -> frozenset[str]:
    return frozenset(draw(st.lists(st.sampled_from(pool), min_size=min_size, unique=True)))


def sometimes(draw: st.DrawFn) -> bool:
    """True one time in four: restrictions stay rare enough for most problems to be feasible."""
    return draw(st.sampled_from((False, False, False, True)))


@st.composite
def problems(draw: st.DrawFn, factory) -> ProblemData:
    days = draw(st.integers(2, 3))
    slot_ids = tuple(s.slot_id for s in factory.slots(days))
    rooms = [
        Room(
            f"R{r}",
            f"Room {r}",
            30 if sometimes(draw) else 100,
            booths=subset(draw, BOOTHS) if sometimes(draw) else frozenset(BOOTHS),
            unavailable=subset(draw, slot_ids) if sometimes(draw) else frozenset(),
        )
        for r in range(1, draw(st.integers(1, 2)) + 1)
    ]
    items: list[AgendaItem] = []
    for k in range(1, draw(st.integers(1, 3)) + 1):
        earlier = tuple(i.item_id for i in items)
        items.append(
            AgendaItem(
                str(k),
                f"Item {k}",
                sessions=draw(st.integers(1, 2)),
                languages=tuple(sorted(subset(draw, BOOTHS, 1))) if sometimes(draw) else BOOTHS,
                after=tuple(sorted(subset(draw, earlier))) if earlier and sometimes(draw) else (),
                allowed_slots=subset(draw, slot_ids, 1) if sometimes(draw) else None,
                room=draw(st.sampled_from([r.room_id for r in rooms])) if sometimes(draw) else None,
                attendance=draw(st.sampled_from((None, 20, 60))),
            )
        )
    team_size = {"ar": draw(st.integers(1, 2)), "en": draw(st.integers(1, 2)), "fr": 1}
    interpreters = []
    for booth in BOOTHS:
        others = tuple(b for b in BOOTHS if b != booth)
        for k in range(1, team_size[booth] + draw(st.integers(1, 3)) + 1):
            interpreters.append(
                Interpreter(
                    f"I-{booth}{k}",
                    f"Interpreter {booth.upper()} {k}",
                    booth,
                    retour=subset(draw, others) if sometimes(draw) else frozenset(others),
                    daily_rate=draw(st.sampled_from((0.0, 100.0, 250.5))),
                    travel_cost=draw(st.sampled_from((0.0, 300.0))),
                    unavailable=subset(draw, slot_ids) if sometimes(draw) else frozenset(),
                    max_per_day=1 if sometimes(draw) else None,
                    max_per_week=draw(st.sampled_from((2, 3))) if sometimes(draw) else None,
                )
            )
    rules = Rules(
        team_size=team_size,
        retour_booths=frozenset({"ar"}),
        retour_per_team=draw(st.integers(0, 1)),
        max_parallel_sessions=draw(st.integers(1, 2)),
        interpretation_budget=draw(st.sampled_from((500.0, 2000.0))) if sometimes(draw) else None,
        weights={
            "split_item": draw(st.sampled_from((0.0, 30.0))),
            "interpreter_continuity": draw(st.sampled_from((0.0, 2.0))),
            "interpretation_cost": draw(st.sampled_from((0.0, 0.01, 0.007))),
        },
    )
    return factory.problem(items, days=days, rooms=rooms, interpreters=interpreters, rules=rules)


@settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(data=st.data())
def test_every_plan_passes_the_checker(data: st.DataObject, factory, solving) -> None:
    problem = data.draw(problems(factory))
    result = solve(problem, time_limit=2.0, workers=1, deterministic=True)
    event(f"{result.status.value}, {'with' if result.plan.assignments else 'no'} interpreters")
    assert result.status is not Status.NO_SOLUTION  # tiny problems are always decided
    if result.status is Status.INFEASIBLE:
        assert result.plan.is_empty
        return
    solving.assert_valid(problem, result)
    if result.status is Status.OPTIMAL:
        assert result.best_bound == result.objective


def test_plan_found_early_reports_its_true_objective(solving) -> None:
    # A deterministic budget that stops the search long before the optimum on the bundled
    # example (timetable and roster only): the plan is not optimal, yet the objective the
    # solver reports is exactly the checker's, because every helper literal equals what it
    # names rather than bounding it.
    problem = generate(SynthConfig.example(), seed=EXAMPLE_SEED)
    problem = problem.replace(
        delegations=(),
        participants=(),
        items=tuple(dataclasses.replace(i, panel_size=0) for i in problem.items),
    )
    result = solve(problem, time_limit=0.05, workers=1, deterministic=True)
    assert result.status is Status.FEASIBLE
    assert result.best_bound is not None and result.objective is not None
    assert result.best_bound < result.objective
    solving.assert_valid(problem, result)
