"""Render the README's pictures: the bundled example's Programme in two languages.

Solves inputs/reoffending-egm-2024.xlsx (deterministic, so the picture repeats), writes the
plan in each language asked for, prints it with LibreOffice and keeps the Programme page as a
small PNG in docs/. Needs `soffice`, `pdftotext` and `pdftoppm` (poppler-utils), and fonts with
Arabic and Chinese glyphs (Debian: fonts-hosny-amiri, fonts-wqy-microhei).

    python scripts/render_views.py            # French and Arabic
    python scripts/render_views.py zh ru      # other languages
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from planner.excel import read_workbook
from planner.excel.plan_writer import write_plan
from planner.i18n import words
from planner.solver import solve

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "inputs" / "reoffending-egm-2024.xlsx"
DOCS = ROOT / "docs"


def _page_with(pdf: Path, text: str) -> int:
    pages = int(
        next(
            line.split()[-1]
            for line in subprocess.run(
                ["pdfinfo", str(pdf)], check=True, capture_output=True, text=True
            ).stdout.splitlines()
            if line.startswith("Pages:")
        )
    )
    for page in range(1, pages + 1):
        found = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        if text in found:
            return page
    raise SystemExit(f"{pdf.name}: no page shows {text!r}")


def main(languages: list[str]) -> None:
    problem = read_workbook(EXAMPLE)
    result = solve(problem, time_limit=20, deterministic=True)
    DOCS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        plans = []
        for language in languages:
            plans.append(work / f"plan-{language}.xlsx")
            write_plan(problem, result, plans[-1], language=language)
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "pdf", "--outdir", folder, *map(str, plans)],
            check=True,
            capture_output=True,
        )
        for language, plan in zip(languages, plans, strict=True):
            pdf = plan.with_suffix(".pdf")
            page = _page_with(pdf, words(language)("programme.title"))
            target = DOCS / f"programme-{language}"
            pages = ["-f", str(page), "-l", str(page), "-singlefile"]
            subprocess.run(
                ["pdftoppm", *pages, "-r", "70", "-png", str(pdf), str(target)], check=True
            )
            size = target.with_suffix(".png").stat().st_size
            print(f"{target.with_suffix('.png').relative_to(ROOT)}: page {page}, {size:,} bytes")


if __name__ == "__main__":
    main(sys.argv[1:] or ["fr", "ar"])
