"""Seeded fuzzing of damaged workbooks: no traceback, honest exit codes, no broken plan.

Each case mutates a small valid input workbook (or the plan written from it) one way: flipped
bytes, truncation, a dropped or duplicated zip member, a zip header naming an unsupported
version or compression, garbled sheet XML, or, through openpyxl, a random value, type, row,
header or sheet name. The command must end with an exit code of 0-3 and no traceback, write no
plan when it fails, and every plan it writes must pass `planner check`.

A few hundred cases run in CI (validate on most, solve with a short limit on one in four);
more on demand:
``PLANNER_FUZZ_CASES=5000 pytest tests/test_fuzz.py`` (``PLANNER_FUZZ_SEED`` moves the seeds).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import random
import struct
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result

from planner.cli import main
from planner.domain import AgendaItem, Delegation, Participant
from planner.excel import write_problem

CASES = int(os.environ.get("PLANNER_FUZZ_CASES", "200"))
FIRST_SEED = int(os.environ.get("PLANNER_FUZZ_SEED", "0"))
PLAN_SHARE = 4  # one case in PLAN_SHARE damages the plan workbook, for `check`
SOLVE_SHARE = 4  # one input case in SOLVE_SHARE runs `solve` (and `check` on its plan)


def _tiny_problem(factory):  # one day, two English items, three people of two delegations
    people = [
        Participant("P1", "Expert 1 (Kenya)", "KEN", discipline="probation", languages=("en",)),
        Participant("P2", "Expert 2 (Nepal)", "NPL", needs_funding=True, travel_cost=900),
        Participant("P3", "Expert 3 (Kenya)", "KEN", mode="online"),
    ]
    return factory.problem(
        [
            AgendaItem("1", "Opening", languages=("en",), panel_size=2),
            AgendaItem("2", "Prisons", languages=("en",), after=("1",)),
        ],
        rooms=[factory.plenary_room(), factory.small_room()],
        delegations=[Delegation("KEN", "Kenya"), Delegation("NPL", "Nepal")],
        participants=people,
    )


@pytest.fixture(scope="module")
def originals(tmp_path_factory: pytest.TempPathFactory, factory) -> tuple[bytes, bytes]:
    """The input workbook's bytes and a plan workbook's bytes, both valid."""
    folder = tmp_path_factory.mktemp("fuzz")
    source, plan = folder / "input.xlsx", folder / "plan.xlsx"
    write_problem(_tiny_problem(factory), source)
    done = CliRunner().invoke(
        main, ["solve", str(source), "-o", str(plan), "--quiet", "--deterministic"]
    )
    assert done.exit_code == 0, done.output
    return source.read_bytes(), plan.read_bytes()


# --- byte and zip mutations ------------------------------------------------------------------


def _members(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info, archive.read(info)) for info in archive.infolist()]


def _zip(members: list[tuple[zipfile.ZipInfo, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, payload in members:
            archive.writestr(info, payload)
    return out.getvalue()


def flip_bytes(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return bytes(out)


def truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(1, len(data))]


def drop_member(rng: random.Random, data: bytes) -> bytes:
    members = _members(data)
    del members[rng.randrange(len(members))]
    return _zip(members)


def duplicate_member(rng: random.Random, data: bytes) -> bytes:
    members = _members(data)
    members.insert(rng.randrange(len(members) + 1), rng.choice(members))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name: that is the test
        return _zip(members)


def unsupported_header(rng: random.Random, data: bytes) -> bytes:
    # A local or central header naming a zip version (say 15.6) or a compression method that
    # Python's zipfile does not implement: it raises NotImplementedError when the part is read.
    out = bytearray(data)
    signature = rng.choice([b"PK\x03\x04", b"PK\x01\x02"])
    places = [i for i in range(len(out) - 12) if out[i : i + 4] == signature]
    at = rng.choice(places)
    if signature == b"PK\x03\x04":
        version_at, method_at = at + 4, at + 8
    else:
        version_at, method_at = at + 6, at + 10
    if rng.random() < 0.5:
        struct.pack_into("<H", out, version_at, rng.choice([63, 99, 156, 255]))
    else:
        struct.pack_into("<H", out, method_at, rng.choice([1, 6, 9, 14, 93, 95, 99]))
    return bytes(out)


def garble_xml(rng: random.Random, data: bytes) -> bytes:
    members = _members(data)
    xml = [k for k, (info, _) in enumerate(members) if info.filename.endswith(".xml")]
    k = rng.choice(xml)
    info, payload = members[k]
    text = bytearray(payload)
    start = rng.randrange(len(text))
    end = min(len(text), start + rng.randint(1, 40))
    junk = rng.choice([b"", b"<", b">", b"</row>", b'<c r="A1"><v>x</v></c>', b"&amp", b"\xff\xfe"])
    text[start:end] = junk
    members[k] = (info, bytes(text))
    return _zip(members)


# --- workbook mutations through openpyxl ---------------------------------------------------


def _random_value(rng: random.Random) -> object:
    return rng.choice(
        [
            None,
            "",
            "   ",
            "x" * rng.randint(1, 300),
            rng.randint(-(10**12), 10**12),
            rng.random() * 1e6,
            -1,
            0,
            True,
            dt.datetime(rng.randint(1900, 2100), rng.randint(1, 12), rng.randint(1, 28)),
            dt.time(rng.randint(0, 23), rng.randint(0, 59)),
            "31/02/2025",
            "03/04/2025",
            "=1/0",
            "ar, zh; xx",
            "D9-ZZ",
            "KEN",
            "yes",
            "none",
        ]
    )


def _edit(data: bytes, change: Callable[[openpyxl.Workbook], None]) -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    change(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def random_values(rng: random.Random, data: bytes) -> bytes:
    def change(wb: openpyxl.Workbook) -> None:
        for _ in range(rng.randint(1, 4)):
            ws = rng.choice(wb.worksheets)
            row = rng.randint(1, max(ws.max_row, 1) + 1)
            column = rng.randint(1, max(ws.max_column, 1) + 1)
            ws.cell(row=row, column=column, value=_random_value(rng))  # type: ignore[arg-type]

    return _edit(data, change)


def random_rows(rng: random.Random, data: bytes) -> bytes:
    def change(wb: openpyxl.Workbook) -> None:
        ws = rng.choice(wb.worksheets)
        row = rng.randint(1, max(ws.max_row, 1))
        action = rng.choice(["delete", "insert", "copy"])
        if action == "delete":
            ws.delete_rows(row)
        elif action == "insert":
            ws.insert_rows(row)
        else:
            values = [c.value for c in ws[row]]
            ws.append(values)

    return _edit(data, change)


def random_header(rng: random.Random, data: bytes) -> bytes:
    def change(wb: openpyxl.Workbook) -> None:
        ws = rng.choice(wb.worksheets)
        column = rng.randint(1, max(ws.max_column, 1))
        other = ws.cell(row=1, column=rng.randint(1, max(ws.max_column, 1))).value
        ws.cell(row=1, column=column, value=rng.choice([None, "", "??", other, "Item ID"]))

    return _edit(data, change)


def random_sheet_name(rng: random.Random, data: bytes) -> bytes:
    def change(wb: openpyxl.Workbook) -> None:
        ws = rng.choice(wb.worksheets)
        if rng.random() < 0.3 and len(wb.worksheets) > 1:
            wb.remove(ws)
        else:
            ws.title = rng.choice(["Sheet1", "agenda ", "Agendas", "Rooms2", "Участники", "X"])

    return _edit(data, change)


MUTATIONS = (
    flip_bytes,
    truncate,
    drop_member,
    duplicate_member,
    unsupported_header,
    garble_xml,
    random_values,
    random_rows,
    random_header,
    random_sheet_name,
)


def _damaged(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    mutation = MUTATIONS[rng.randrange(len(MUTATIONS))]
    try:
        return mutation.__name__, mutation(rng, data)
    except (zipfile.BadZipFile, ValueError, KeyError, IndexError):
        return mutation.__name__, flip_bytes(rng, data)  # openpyxl refused to save the edit


def _no_traceback(result: Result, what: str) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        what,
        result.exc_info,
    )
    assert "Traceback" not in result.output, what


@pytest.mark.parametrize("seed", range(FIRST_SEED, FIRST_SEED + CASES))
def test_a_damaged_workbook_never_shows_a_traceback(
    seed: int, originals: tuple[bytes, bytes], tmp_path: Path
):
    rng = random.Random(seed)
    source_bytes, plan_bytes = originals
    runner = CliRunner()
    source = tmp_path / "input.xlsx"
    if seed % PLAN_SHARE == PLAN_SHARE - 1:
        # A damaged plan: `check` must refuse it or judge it, nothing else.
        source.write_bytes(source_bytes)
        name, damaged = _damaged(rng, plan_bytes)
        plan = tmp_path / "edited.xlsx"
        plan.write_bytes(damaged)
        what = f"seed {seed}: {name} on the plan"
        checked = runner.invoke(main, ["check", str(source), str(plan)])
        _no_traceback(checked, what)
        assert checked.exit_code in (0, 1), (what, checked.output)
        return
    name, damaged = _damaged(rng, source_bytes)
    source.write_bytes(damaged)
    what = f"seed {seed}: {name}"
    if seed % SOLVE_SHARE:
        # Reading is what a damaged file breaks; most cases stop there, to stay quick.
        validated = runner.invoke(main, ["validate", str(source)])
        _no_traceback(validated, what)
        assert validated.exit_code in (0, 1), (what, validated.output)
        return
    plan = tmp_path / "plan.xlsx"
    args = [
        "solve",
        str(source),
        "-o",
        str(plan),
        "--quiet",
        "--time-limit",
        "2",
        "--workers",
        "1",
        "--deterministic",
    ]
    result = runner.invoke(main, args)
    _no_traceback(result, what)
    assert result.exit_code in (0, 1, 2, 3), (what, result.output)
    if result.exit_code != 0:
        assert not plan.exists(), what
        return
    assert plan.exists(), what
    checked = runner.invoke(main, ["check", str(source), str(plan)])
    _no_traceback(checked, what)
    assert checked.exit_code == 0, (what, checked.output)
    assert source.read_bytes() == damaged, what  # the input is never modified
