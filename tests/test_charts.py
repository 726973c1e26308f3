"""Native bar charts on the Balance and Interpreters views, in the plan's language."""

from __future__ import annotations

import dataclasses
import re
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from openpyxl import load_workbook

from planner.domain import ProblemData, Result
from planner.excel import read_workbook
from planner.excel.plan_writer import view_name, write_plan
from planner.i18n import words

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "inputs" / "small.xlsx"


@pytest.fixture(scope="module")
def small(solving) -> tuple[ProblemData, Result]:
    """The small example's plan, with two requests funded by hand (one of an LDC, one not:
    the solver funds nobody there, as nothing yet rewards funding)."""
    problem = read_workbook(SMALL)
    result = solving.solved(problem, time_limit=20.0, deterministic=True)
    plan = dataclasses.replace(result.plan, funded=frozenset({"P0011", "P0023"}))
    return problem, dataclasses.replace(result, plan=plan)


def charts_of(path: Path) -> dict[str, list[str]]:
    """The chart XML parts of each sheet of an .xlsx, by sheet name."""
    with zipfile.ZipFile(path) as z:
        workbook = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
        targets = dict(re.findall(r'Id="(rId\d+)"[^>]*?Target="/?(?:xl/)?([^"]+)"', rels))
        targets |= {
            k: v for v, k in re.findall(r'Target="/?(?:xl/)?([^"]+)"[^>]*?Id="(rId\d+)"', rels)
        }
        out: dict[str, list[str]] = {}
        for name, rid in re.findall(r'<sheet [^>]*?name="([^"]+)"[^>]*?r:id="(rId\d+)"', workbook):
            sheet = targets[rid].split("/")[-1]
            sheet_rels = f"xl/worksheets/_rels/{sheet}.rels"
            out[name] = []
            if sheet_rels not in z.namelist():
                continue
            for drawing in re.findall(
                r'Target="([^"]*drawing\d+\.xml)"', z.read(sheet_rels).decode()
            ):
                drawing_name = drawing.split("/")[-1]
                drawing_rels = f"xl/drawings/_rels/{drawing_name}.rels"
                for chart in re.findall(
                    r'Target="([^"]*chart\d+\.xml)"', z.read(drawing_rels).decode()
                ):
                    xml = z.read("xl/charts/" + chart.split("/")[-1]).decode()
                    # One spelling whatever the writer's namespace prefix and spacing.
                    xml = xml.replace("<c:", "<").replace("</c:", "</").replace(" />", "/>")
                    out[name].append(xml)
        return out


def _texts(chart: str) -> list[str]:
    return re.findall(r"<a:t>([^<]*)</a:t>", chart)


def _refs(chart: str) -> list[str]:
    return re.findall(r"<f>([^<]*)</f>", chart)


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_balance_and_roster_carry_bar_charts_in_the_plan_language(
    language: str, small: tuple[ProblemData, Result], tmp_path: Path
) -> None:
    problem, result = small
    path = tmp_path / f"plan-{language}.xlsx"
    write_plan(problem, result, path, language=language)
    w = words(language)
    charts = charts_of(path)
    balance = charts[view_name("Balance", w)]
    titles = [_texts(c)[0] for c in balance]
    assert titles == [
        w("chart.requests_by_group"),
        w("chart.requests_by_ldc"),
        w("chart.gender_by_panel"),
    ]
    for chart in balance:
        assert "<barChart>" in chart and '<barDir val="col"/>' in chart
        assert chart.count('<delete val="0"/>') == 2  # both axes drawn
        assert len(re.findall("<ser>", chart)) == 2
    roster = charts[view_name("Interpreters", w)]
    assert [_texts(c)[0] for c in roster] == [w("chart.sessions_per_interpreter")]
    for name in ("Agenda", "Interpretation", "Seats", "Panels", "Funding", "Summary"):
        assert charts[name] == [], name


def test_chart_series_read_the_counts_of_the_plan(
    small: tuple[ProblemData, Result], tmp_path: Path
) -> None:
    problem, result = small
    path = tmp_path / "plan.xlsx"
    write_plan(problem, result, path)
    charts = charts_of(path)
    ws = load_workbook(path)["Balance"]

    def column(ref: str) -> list[object]:
        sheet, cells = ref.rsplit("!", 1)
        assert sheet.strip("'") == "Balance"
        cells = cells.replace("$", "")
        if ":" not in cells:
            return [ws[cells].value]
        return [c.value for row in ws[cells] for c in row]

    refs = _refs(charts["Balance"][0])  # per series: its name, categories, values
    assert len(refs) == 6
    categories, requested, funded = column(refs[1]), column(refs[2]), column(refs[5])
    assert column(refs[0]) == ["Requested"] and column(refs[3]) == ["Funded"]
    delegations = {d.delegation_id: d for d in problem.delegations}
    requests = [p for p in problem.participants if p.needs_funding]
    asked = Counter(delegations[p.delegation_id].regional_group for p in requests)
    granted = Counter(
        delegations[p.delegation_id].regional_group
        for p in requests
        if p.participant_id in result.plan.funded
    )
    w = words("en")
    labels = [w(f"group.{g}") if g else w("group.none") for g in asked]
    assert sorted(categories) == sorted(labels)
    by_label = dict(zip(labels, asked, strict=True))
    assert requested == [asked[by_label[c]] for c in categories]
    assert funded == [granted[by_label[c]] for c in categories]
    assert sum(funded) == len(result.plan.funded) > 0
    ldc = _refs(charts["Balance"][1])
    assert column(ldc[1]) == ["Least developed countries", "Other countries"]
    ldc_requests = sum(delegations[p.delegation_id].ldc for p in requests)
    assert column(ldc[2]) == [ldc_requests, len(requests) - ldc_requests]
    assert column(ldc[5]) == [1, 1]  # Chad (an LDC) and Oman
