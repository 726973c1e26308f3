"""Regenerate the bundled example workbooks from the synthetic generator.

    python scripts/make_example.py     # inputs/reoffending-egm-2024.xlsx and inputs/small.xlsx
    python scripts/make_example.py --scale 2 --out /tmp/egm-x2.xlsx

The files are committed; ``tests/test_example.py`` fails when the generator changes and they
are not regenerated.
"""

from __future__ import annotations

import argparse
import re
import sys
import zipfile
from pathlib import Path

from planner.excel import write_problem
from planner.synth import EXAMPLE_SEED, SynthConfig, generate

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "inputs" / "reoffending-egm-2024.xlsx"
SMALL = ROOT / "inputs" / "small.xlsx"
STAMP = "2024-03-01T00:00:00Z"


def make_reproducible(path: Path) -> None:
    """Fix the save time openpyxl writes, so the same problem gives the same bytes.

    The workbook's created/modified properties and every zip entry's time are set to a
    constant; nothing else changes.
    """
    with zipfile.ZipFile(path) as old:
        entries = [(info, old.read(info)) for info in old.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for info, data in entries:
            if info.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                    rb"\g<1>" + STAMP.encode() + rb"\g<2>",
                    data,
                )
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            new.writestr(fixed, data)


def main(argv: list[str] | None = None) -> int:
    """Write the example workbook (and the small one, unless ``--out`` or ``--scale``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="people x SCALE (default 1)")
    parser.add_argument("--seed", type=int, default=EXAMPLE_SEED, help="generator seed")
    parser.add_argument("--out", type=Path, default=None, help=f"default {EXAMPLE}")
    args = parser.parse_args(argv)
    jobs = [(SynthConfig.example().scaled(args.scale), args.out or EXAMPLE)]
    if args.out is None and args.scale == 1.0:
        jobs.append((SynthConfig.small(), SMALL))
    for config, path in jobs:
        problem = generate(config, seed=args.seed)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_problem(problem, path)
        make_reproducible(path)
        print(
            f"{path}: {len(problem.items)} items, {len(problem.delegations)} delegations, "
            f"{len(problem.participants)} participants, {len(problem.interpreters)} interpreters"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
