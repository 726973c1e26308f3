"""The README's travel-budget sweep on the bundled example, reproducible in one command.

Runs what ``planner compare inputs/reoffending-egm-2024.xlsx -o outputs/budget-sweep.xlsx
--set travel_budget=20000,40000,60000,80000,100000 --jobs 1 --workers 2`` runs, prints the
README's table of funded experts per scenario, and renders the comparison's chart to a small
PNG (LibreOffice to PDF, then pdftoppm) for the README.

    python scripts/budget_sweep.py                    # writes outputs/ and docs/budget-sweep.png
    python scripts/budget_sweep.py --time-limit 20 --png docs/budget-sweep.png
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from planner.excel.comparison_writer import comparison_workbook
from planner.excel.template import save_atomically
from planner.scenarios.command import run_compare, summary_lines
from planner.scenarios.outcome import Comparison

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "inputs" / "reoffending-egm-2024.xlsx"
BUDGETS = "travel_budget=20000,40000,60000,80000,100000"


def table(comparison: Comparison) -> str:
    """The README's Markdown table: one row per scenario."""
    lines = [
        "| scenario | travel budget | funded experts | from LDCs | others | travel used "
        "| objective | gap (whole problem) | gap (its timetable) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for o in comparison.outcomes:
        if not o.has_plan:
            lines.append(f"| {o.scenario.name} | | no plan ({o.result.status.value}) | | | | | | |")
            continue
        gaps = [o.result.gap, o.result.stage_gap]
        gap_text = " | ".join("-" if g is None else f"{g:.1%}" for g in gaps)
        lines.append(
            f"| {o.scenario.name} | {o.problem.rules.travel_budget:,.0f} "
            f"| {o.value('funded')} | {o.value('funded_ldc')} | {o.value('funded_other')} "
            f"| {o.value('travel_cost'):,.0f} | {o.result.objective:,.2f} | {gap_text} |"
        )
    return "\n".join(lines)


def render_chart(comparison: Comparison, png: Path, resolution: int) -> None:
    """The comparison's `Chart` sheet as a PNG, through LibreOffice and pdftoppm."""
    soffice, pdftoppm = shutil.which("soffice"), shutil.which("pdftoppm")
    if soffice is None or pdftoppm is None:
        raise SystemExit("the chart needs LibreOffice (soffice) and poppler-utils (pdftoppm)")
    wb = comparison_workbook(comparison)
    for name in wb.sheetnames:
        if name != "Chart":
            del wb[name]
    with tempfile.TemporaryDirectory() as folder:
        book = Path(folder) / "chart.xlsx"
        save_atomically(wb, book)
        subprocess.run(
            [soffice, "--headless", "--convert-to", "pdf", "--outdir", folder, str(book)],
            check=True,
            capture_output=True,
        )
        # A4 landscape at this resolution; the chart and its data sit in the top-left corner.
        width, height = int(8.3 * resolution), int(6.4 * resolution)
        stem = Path(folder) / "chart"
        page = ["-f", "1", "-l", "1", "-singlefile"]
        crop = ["-x", "0", "-y", "0", "-W", str(width), "-H", str(height)]
        pdf = str(Path(folder) / "chart.pdf")
        subprocess.run(
            [pdftoppm, "-png", "-r", str(resolution), *page, *crop, pdf, str(stem)], check=True
        )
        png.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(stem.with_suffix(".png"), png)


def main(argv: list[str] | None = None) -> int:
    """Run the sweep, print the table and the plain-words lines, render the chart."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, default=None, help="default: the Rules'")
    parser.add_argument("--out", type=Path, default=ROOT / "outputs" / "budget-sweep.xlsx")
    parser.add_argument("--plans", type=Path, default=ROOT / "outputs" / "budget-sweep-plans")
    parser.add_argument("--png", type=Path, default=ROOT / "docs" / "budget-sweep.png")
    parser.add_argument("--resolution", type=int, default=80)
    args = parser.parse_args(argv)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    comparison = run_compare(
        EXAMPLE,
        args.out,
        grid=[BUDGETS],
        plans_dir=args.plans,
        jobs=1,
        workers=2,
        time_limit=args.time_limit,
        echo=lambda text: print(text, file=sys.stderr),
    )
    print(table(comparison))
    print()
    for text in summary_lines(comparison):
        print(f"- {text}")
    render_chart(comparison, args.png, args.resolution)
    size = args.png.stat().st_size
    print(f"\nchart: {args.png} ({size / 1024:.0f} KB)")
    return 0 if size < 150 * 1024 else 1


if __name__ == "__main__":
    sys.exit(main())
