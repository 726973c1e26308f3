"""`planner.compare`: the base and each scenario solved alike, here, in processes or on Dask.

The small bundled meeting is proven optimal well inside the limits used here, and every solve
is deterministic, so every executor must return the very same results.
"""

from __future__ import annotations

from pathlib import Path

import distributed
import openpyxl
import pytest

from planner.check import check_plan
from planner.domain import AgendaItem, Status
from planner.domain.scenario import Scenario
from planner.excel import read_workbook
from planner.excel.comparison_writer import BETTER, WORSE, write_comparison
from planner.scenarios import compare
from planner.scenarios.executors import local_pool, threads_and_jobs
from planner.scenarios.words import line

SMALL = Path(__file__).parent.parent / "inputs" / "small.xlsx"
OPTIONS = {"time_limit": 20.0, "workers": 1, "seed": 0, "deterministic": True}


@pytest.fixture(scope="module")
def small():
    return read_workbook(SMALL)


def three(problem):
    budget = problem.rules.travel_budget
    return [
        Scenario("no travel", {"travel_budget": 0.0}),
        Scenario("+10k travel", {"travel_budget": budget + 10_000}),
        Scenario("week of 6", {"interpreter_max_per_week": 6}),
    ]


def fingerprint(comparison):
    return [
        (o.scenario.name, o.result.status, o.result.objective, o.result.best_bound, o.result.plan)
        for o in comparison.outcomes
    ]


@pytest.fixture(scope="module")
def here(small):
    return compare(small, three(small), **OPTIONS)


def test_base_first_then_each_scenario_every_plan_checked(small, here):
    assert [o.scenario.name for o in here.outcomes] == [
        "base",
        "no travel",
        "+10k travel",
        "week of 6",
    ]
    assert here.base.problem is small
    for outcome in here.outcomes:
        assert outcome.result.status is Status.OPTIMAL
        assert outcome.violations == ()
        assert check_plan(outcome.problem, outcome.result.plan) == []
    assert here.outcomes[2].problem.rules.travel_budget == small.rules.travel_budget + 10_000
    assert (here.time_limit, here.workers, here.seed) == (20.0, 1, 0)


def test_each_scenario_keeps_its_own_budget_and_optima_order_by_money(here):
    base, none, more, week = here.outcomes
    assert none.value("funded") == 0
    # funding_unmet: money brings experts in, and more of it never fewer.
    assert more.value("funded") >= base.value("funded") > 0
    for outcome in here.outcomes:
        assert outcome.value("travel_cost") <= outcome.problem.rules.travel_budget
    # Proven optima: more money can only help, less can only hurt, a tighter limit too.
    assert more.result.objective <= base.result.objective <= none.result.objective
    assert base.result.objective <= week.result.objective


def test_a_process_pool_and_a_dask_cluster_give_the_same_results(small, here):
    with local_pool(2) as pool:
        pooled = compare(small, three(small), executor=pool, **OPTIONS)
    with (
        distributed.LocalCluster(
            n_workers=1, threads_per_worker=2, processes=False, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        clustered = compare(small, three(small), executor=client, **OPTIONS)
    assert fingerprint(pooled) == fingerprint(here)
    assert fingerprint(clustered) == fingerprint(here)


def test_a_scenario_without_a_plan_carries_its_explanation(tmp_path, factory):
    problem = factory.problem(
        [AgendaItem("1", "Opening"), AgendaItem("2", "Report", after=("1",))], days=1
    )
    comparison = compare(problem, [Scenario("morning only", drop_slots={"D1-PM"})], **OPTIONS)
    base, short = comparison.outcomes
    assert base.has_plan
    assert short.result.status is Status.INFEASIBLE
    assert short.explanation is not None and short.explanation.causes
    assert short.measures == ()
    assert "no plan exists" in line(short, comparison)
    out = tmp_path / "comparison.xlsx"
    write_comparison(comparison, out)
    why = openpyxl.load_workbook(out)["Why no plan"]
    rows = [[c.value for c in r] for r in why.iter_rows(min_row=2)]
    assert [r[2] for r in rows[: len(short.explanation.causes)]] == [
        c.sentence for c in short.explanation.causes
    ]
    assert all(r[0] == "morning only" for r in rows)


def test_two_scenarios_of_one_name_are_refused_before_solving(small):
    with pytest.raises(ValueError, match="used twice"):
        compare(small, [Scenario("a", {"seed_free": 1}), Scenario("a")], **OPTIONS)
    with pytest.raises(ValueError, match="scenario 'x': drop_rooms: unknown room"):
        compare(small, [Scenario("x", drop_rooms={"nowhere"})], **OPTIONS)


def test_the_plain_words_say_what_changed_and_what_it_changed(here):
    more = here.outcomes[2]
    assert line(more, here).startswith("+USD 10,000 travel: ")
    none = here.outcomes[1]
    assert line(none, here).startswith("-USD 10,000 travel: ")
    assert line(here.base, here).startswith("base plan: OPTIMAL, ")


def test_the_workbook_colours_differences_charts_them_and_lists_plans(here, tmp_path):
    out = tmp_path / "comparison.xlsx"
    plans = write_comparison(here, out, plans_dir=tmp_path / "plans")
    assert [p.name for p in plans] == [
        "00-base.xlsx",
        "01-no_travel.xlsx",
        "02-+10k_travel.xlsx",
        "03-week_of_6.xlsx",
    ]
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Comparison", "Chart", "Scenarios"]
    ws = wb["Comparison"]
    labels = {ws.cell(row=r, column=1).value: r for r in range(1, ws.max_row + 1)}
    row = labels["objective (points)"]
    assert [ws.cell(row=row, column=c).value for c in range(2, 6)] == [
        o.result.objective for o in here.outcomes
    ]
    colours = [ws.cell(row=row, column=c).fill.fgColor.rgb[-6:] for c in range(3, 6)]
    for outcome, colour in zip(here.outcomes[1:], colours, strict=True):
        if outcome.result.objective < here.base.result.objective:
            assert colour == BETTER.fgColor.rgb[-6:]
        elif outcome.result.objective > here.base.result.objective:
            assert colour == WORSE.fgColor.rgb[-6:]
        else:
            assert colour == "000000"  # no fill: the same as the base
    (chart,) = wb["Chart"]._charts
    assert chart.grouping == "stacked" and len(chart.series) == 2  # LDC and other experts
    scenarios = wb["Scenarios"]
    assert [c.value for c in scenarios[1]] == [
        "scenario",
        "travel_budget",
        "interpreter_max_per_week",
    ]


def test_nothing_is_written_when_part_of_the_output_fails(here, tmp_path):
    blocker = tmp_path / "plans"
    blocker.write_text("a file where the folder should be")
    out = tmp_path / "comparison.xlsx"
    with pytest.raises(OSError):
        write_comparison(here, out, plans_dir=blocker)
    assert not out.exists()
    with pytest.raises(ValueError, match="unknown chart measure"):
        write_comparison(here, out, chart=["happiness"])
    assert not out.exists()


@pytest.mark.parametrize(
    ("scenarios", "jobs", "workers", "cores", "expected"),
    [
        (9, None, None, 2, (1, 2)),  # two threads per solve, so one solve at a time
        (9, None, None, 8, (4, 2)),
        (3, None, None, 8, (3, 2)),  # at most one job per scenario
        (1, None, None, 1, (1, 1)),
        (9, 2, None, 2, (2, 1)),  # asked for two at once: one thread each
        (9, 4, None, 2, (4, 1)),  # more jobs than cores, still one thread each
        (9, None, 1, 2, (2, 1)),
        (9, None, 0, 8, (1, 0)),  # every core for each solve: one at a time
    ],
)
def test_jobs_times_threads_fit_the_cores(scenarios, jobs, workers, cores, expected):
    assert threads_and_jobs(scenarios, jobs, workers, cores) == expected


def test_a_plain_words_line_counts_funded_experts_and_those_from_ldcs(here):
    import dataclasses

    from planner.scenarios.figures import Measure

    base = here.base
    bump = {"funded": 6, "funded_ldc": 5, "interpreters": 1, "travel_cost": 18_400}

    def shifted(m: Measure) -> Measure:
        if m.key not in bump or not isinstance(m.value, int | float):
            return m
        return dataclasses.replace(m, value=m.value + bump[m.key])

    richer = dataclasses.replace(
        here.outcomes[2], measures=tuple(shifted(m) for m in base.measures)
    )
    assert line(richer, here) == (
        "+USD 10,000 travel: 6 more funded experts, 5 more from LDCs; 1 more interpreter "
        "engaged; travel support USD 18,400 more"
    )
