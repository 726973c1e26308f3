"""The models the solver builds repeat exactly from one process to the next.

`scripts/model_hashes.py` prints the sha256 of every model built for the bench instances and the
bundled workbook; a change meant to leave behaviour alone is compared with it before and after.
Here it runs twice under different string hashing, on the smallest instances, so that no model
depends on the order of a set or a dict; and so does the greedy first plan of the two-week
meeting, whose seating once did (the order of a set of sessions decided who sat where).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "model_hashes.py"


def hashes(hash_seed: str) -> list[str]:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    out = subprocess.run(
        [sys.executable, str(SCRIPT), "small", "bundled", "two_week/greedy"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=ROOT,
    )
    return out.stdout.splitlines()


def test_the_built_models_hash_the_same_in_every_process() -> None:
    first, again = hashes("1"), hashes("2")
    assert [line.rsplit(" ", 1)[0] for line in first] == [
        "small joint",
        "bundled quick",
        "bundled stage1",
        "bundled stage2",
        "bundled greedy",
        "two_week greedy",
    ]
    assert all(len(line.rsplit(" ", 1)[1]) == 64 for line in first)
    assert first == again
