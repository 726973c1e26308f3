"""Checks made on a workbook's bytes before any spreadsheet library parses it.

A hostile or broken file must end in one clear line, quickly and in bounded memory: a missing
or empty file, an old ``.xls``, an ``.ods``, a CSV named ``.xlsx``, a truncated zip, a zip bomb
or XML with entity declarations (the "billion laughs"). Every failure here raises
`InvalidProblem` holding exactly one `Issue`.

The module also scans a sheet's raw XML (fast byte-level regular expressions, no tree) to find
the last row that holds data, the merged ranges and whether formulas are present, so that a sheet
formatted down to row 1,048,576 is read only as far as its data goes.
"""

from __future__ import annotations

import logging
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn
from xml.etree.ElementTree import ParseError
from xml.parsers.expat import ExpatError

from defusedxml import ElementTree as SafeET

from planner.domain import InvalidProblem, Issue

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 300 * 1024 * 1024
MAX_MEMBERS = 10_000
# Real sheets (even 200,000 formatted empty rows) compress 10-30 times; zip bombs 1000 times.
MAX_RATIO = 100
RATIO_CHECK_ABOVE = 1024 * 1024
_CHUNK = 1 << 20

logger = logging.getLogger("planner")

READ_FAILURES: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,  # UnicodeDecodeError and defusedxml's refusals among them
    KeyError,
    IndexError,
    TypeError,
    AttributeError,
    struct.error,
    ParseError,
    ExpatError,
    NotImplementedError,  # zipfile: "zip file version 15.6", an unsupported compression
    RuntimeError,  # zipfile: a member that asks for a password
)
"""What the zip, XML and openpyxl layers raise on a damaged file (found by fuzzing)."""

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_DAMAGED = (
    "the file is damaged or incomplete (a part of it cannot be read); "
    "copy it again or save it again from Excel as .xlsx"
)


def fail(message: str) -> NoReturn:
    """Stop reading with a single, unlocated problem."""
    raise InvalidProblem([Issue(message)])


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def _describe_non_zip(head: bytes) -> str:
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith(b"%pdf"):
        return "this is a PDF file, not an Excel workbook; open the data in Excel and save as .xlsx"
    if lowered.startswith(b"<"):
        if b"urn:schemas-microsoft-com:office:spreadsheet" in lowered:
            return (
                "this is an Excel 2003 XML spreadsheet; open it in Excel and save it as "
                "Excel Workbook (.xlsx)"
            )
        if b"<html" in lowered or b"<!doctype html" in lowered or b"<table" in lowered:
            return (
                "this is a web page (HTML) with a spreadsheet's name; open it in Excel and "
                "save it as Excel Workbook (.xlsx)"
            )
    for encoding in ("utf-8", "utf-16"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError:
            continue
        if text and all(c.isprintable() or c in "\r\n\t\ufeff" for c in text[:-4]):
            return (
                "this is a text/CSV file, not an Excel workbook; open it in Excel and save it "
                "as Excel Workbook (.xlsx)"
            )
    return (
        "this is not an Excel .xlsx workbook (it is not even a zip archive); "
        "save the workbook as Excel Workbook (.xlsx)"
    )


def _check_member_sizes(infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_MEMBERS:
        fail(f"the workbook holds {len(infos)} parts, more than any real workbook; it is not read")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNPACKED_BYTES:
        fail(
            f"the workbook unpacks to {_mb(total)}, more than the {_mb(MAX_UNPACKED_BYTES)} "
            "the planner reads; remove unused sheets, images or formatted empty rows"
        )
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_CHECK_ABOVE and ratio > MAX_RATIO:
            fail(
                f"part '{info.filename}' of the workbook is compressed {ratio:.0f} times, "
                "which no real workbook is (a zip bomb?); the file is not read"
            )
        if info.flag_bits & 0x1:
            fail("the workbook is encrypted; save it again from Excel without a password")


def _check_no_dtd(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> None:
    # Excel never writes a DTD, and entity declarations are how "billion laughs" files
    # explode in memory: refuse them before any XML parser sees the file.
    for info in infos:
        if not info.filename.lower().endswith((".xml", ".rels", ".vml")):
            continue
        with archive.open(info) as stream:
            head = stream.read(4096)
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            head = head.decode("utf-16", errors="ignore").encode("utf-8")
        if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
            fail(
                f"part '{info.filename}' of the workbook declares XML entities, which Excel "
                "never writes (a billion-laughs attack?); the file is not read"
            )


def check_file(path: Path) -> None:
    """Refuse anything that is not a safe, readable ``.xlsx`` before a parser touches it.

    Parameters
    ----------
    path
        The workbook. It is only read.

    Raises
    ------
    InvalidProblem
        With exactly one `Issue` saying what the file is and what to do.
    """
    if not path.exists():
        fail(f"the file '{path}' does not exist")
    if path.is_dir():
        fail(f"'{path}' is a folder, not a workbook")
    size = path.stat().st_size
    if size == 0:
        fail("the file is empty (0 bytes); save the workbook again from Excel as .xlsx")
    if size > MAX_FILE_BYTES:
        fail(
            f"the file is {_mb(size)}, more than the {_mb(MAX_FILE_BYTES)} the planner reads; "
            "remove images or unused sheets"
        )
    with path.open("rb") as stream:
        head = stream.read(4096)
    if head.startswith(_OLE2):
        fail(
            "this is an old .xls file (or a password-protected workbook); open it in Excel and "
            "save it as Excel Workbook (.xlsx) without a password"
        )
    if not head.startswith(b"PK"):
        fail(_describe_non_zip(head))
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            names = {i.filename for i in infos}
            if (
                "mimetype" in names
                and archive.getinfo("mimetype").file_size < 200
                and archive.read("mimetype").strip() == _ODS_MIMETYPE
            ):
                fail(
                    "this is an OpenDocument spreadsheet (.ods); save it as Excel Workbook (.xlsx)"
                )
            if "xl/workbook.bin" in names:
                fail("this is a binary workbook (.xlsb); save it as Excel Workbook (.xlsx)")
            if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
                fail("this is a zip file but not an Excel workbook; save the workbook as .xlsx")
            _check_member_sizes(infos)
            _check_no_dtd(archive, infos)
    except InvalidProblem:
        raise
    except READ_FAILURES:
        logger.debug("damaged workbook", exc_info=True)
        fail(_DAMAGED)


def damaged() -> NoReturn:
    """Stop with the message for a zip that broke while being read."""
    fail(_DAMAGED)


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: BaseException | None = exc
    while seen is not None:
        yield seen
        seen = seen.__cause__ or seen.__context__


@contextmanager
def reading() -> Iterator[None]:
    """Read a workbook's parts inside this block: any failure of the zip, XML or openpyxl
    layers (`READ_FAILURES`) becomes the one-line "damaged workbook" error.

    openpyxl reads a read-only workbook lazily, so the whole reading, not only the opening,
    belongs inside the block.
    """
    try:
        yield
    except InvalidProblem:
        raise
    except READ_FAILURES as exc:
        logger.debug("damaged workbook", exc_info=True)
        if any(type(e).__module__.startswith("defusedxml") for e in _chain(exc)):
            fail("the workbook contains forbidden XML (entity declarations); not read")
        fail(_DAMAGED)


@dataclass(frozen=True, slots=True)
class SheetScan:
    """What a byte-level pass over a sheet's XML found.

    ``last_row`` is the last row number holding a value or formula (0 when none; None when the
    XML numbers its rows implicitly, so the reader must fall back to stopping at blank rows).
    ``merges`` are (min_row, min_col, max_row, max_col) ranges.
    """

    last_row: int | None
    merges: tuple[tuple[int, int, int, int], ...]
    has_formulas: bool


_TOKEN = re.compile(rb"<(/?)(?:[A-Za-z_][\w.\-]*:)?(row|v|is|f|mergeCell|sheetData)\b([^>]*)>")
_ROW_NUMBER = re.compile(rb"\br=\"(\d+)\"")
_REF = re.compile(rb"\bref=\"([A-Za-z]{1,3})(\d+)(?::([A-Za-z]{1,3})(\d+))?\"")


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters.upper():
        number = number * 26 + ch - 64
    return number


def _chunks(archive: zipfile.ZipFile, member: str) -> Iterator[bytes]:
    # Yield buffers that end just before a '<', so that no tag is cut in two.
    carry = b""
    with archive.open(member) as stream:
        while True:
            data = stream.read(_CHUNK)
            if not data:
                break
            buffer = carry + data
            cut = buffer.rfind(b"<")
            if cut <= 0:
                carry = buffer
                continue
            carry = buffer[cut:]
            yield buffer[:cut]
    if carry:
        yield carry


def scan_sheet(archive: zipfile.ZipFile, member: str) -> SheetScan:
    """Find the last row with data, the merged ranges and whether formulas occur."""
    row = 0
    last: int | None = 0
    numbered = True
    merges: list[tuple[int, int, int, int]] = []
    formulas = False
    in_data = False  # <f> also occurs in data-validation extensions after the cells
    for buffer in _chunks(archive, member):
        for match in _TOKEN.finditer(buffer):
            closing, tag, attrs = match.groups()
            if tag == b"sheetData":
                in_data = not closing and not attrs.endswith(b"/")
            elif closing or (tag in (b"v", b"is") and attrs.endswith(b"/")):
                continue  # closing tags and empty <v/> hold no data
            elif tag == b"row":
                number = _ROW_NUMBER.search(attrs)
                if number is None:
                    numbered = False
                    row += 1
                else:
                    row = int(number.group(1))
            elif tag == b"mergeCell":
                ref = _REF.search(attrs)
                if ref and ref.group(3):
                    c1, r1, c2, r2 = ref.groups()
                    merges.append((int(r1), _column_number(c1), int(r2), _column_number(c2)))
            elif in_data:
                formulas = formulas or tag == b"f"
                last = row
    return SheetScan(last if numbered else None, tuple(merges), formulas)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _cell_position(ref: str | None, row: int, column: int) -> tuple[int, int]:
    if ref:
        match = re.fullmatch(r"([A-Za-z]{1,3})(\d+)", ref)
        if match:
            return int(match.group(2)), _column_number(match.group(1).encode())
    return row, column


def formulas_without_value(
    archive: zipfile.ZipFile, member: str, last_row: int | None
) -> list[tuple[int, int]]:
    """(row, column) of every formula cell that has no cached value, up to ``last_row``.

    Such cells come from files written by programs that do not calculate (openpyxl, scripts);
    Excel and LibreOffice store the result when they save.
    """
    found: list[tuple[int, int]] = []
    row = column = 0
    with archive.open(member) as stream:
        for event, element in SafeET.iterparse(stream, events=("start", "end")):
            tag = _local(element.tag)
            if event == "start":
                if tag == "row":
                    number = element.get("r")
                    row = int(number) if number and number.isdigit() else row + 1
                    column = 0
                    if last_row is not None and row > last_row:
                        break
            elif tag == "c":
                row, column = _cell_position(element.get("r"), row, column + 1)
                children = {_local(child.tag): child for child in element}
                value = children.get("v")
                if "f" in children and (value is None or not (value.text or "").strip()):
                    found.append((row, column))
                element.clear()
            elif tag == "row":
                element.clear()
    return found
