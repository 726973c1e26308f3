"""Cell parsers: each turns what Excel hands over into a value, or says in plain words what to do.

Every parser returns None for a blank cell (the caller applies the column's default), the value,
or a `Bad` holding the message. Cells holding only spaces (ordinary, non-breaking or full-width)
are blank, surrounding spaces are trimmed, and Excel error values (``#REF!``) are reported.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from planner.domain import LANGUAGES, language_code
from planner.excel.dates import DateProblem, date_from_text
from planner.excel.schema import Column, Kind

# Unicode spaces that Excel users paste from web pages and Word; zero-width ones vanish.
_SPACE_TABLE = str.maketrans(
    {
        "\u00a0": " ",
        "\u2007": " ",
        "\u202f": " ",
        "\u3000": " ",
        "\t": " ",
        "\u200b": None,
        "\u200c": None,
        "\u200d": None,
        "\u2060": None,
        "\ufeff": None,
    }
)
_LIST_SEPARATORS = re.compile(r"[,;，；、\n\r]")
_EXCEL_ERRORS = frozenset(
    {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#SPILL!", "#CALC!"}
)
_YES = frozenset({"yes", "y", "true", "1", "x"})
_NO = frozenset({"no", "n", "false", "0"})
# Excel serial numbers outside these bounds are far more likely a typo than a date
# (20000 is 1954-10-03, 80000 is 2119-01-10).
_SERIAL_MIN, _SERIAL_MAX = 20000, 80000
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
# Words people use for the codes of the enum columns; keys are already normalised.
ENUM_ALIASES: dict[str, str] = {
    "female": "f",
    "woman": "f",
    "male": "m",
    "man": "m",
    "other": "x",
    "head_of_delegation": "head",
    "inperson": "in_person",
    "remote": "online",
    "virtual": "online",
    "member": "member_state",
    "observer": "observer_state",
    "un": "un_entity",
    "africa": "african",
    "asia_and_the_pacific": "asia_pacific",
    "asia": "asia_pacific",
    "eastern_europe": "eastern_european",
    "grulac": "latin_american_caribbean",
    "latin_america_and_caribbean": "latin_american_caribbean",
    "latin_american_and_caribbean": "latin_american_caribbean",
    "latin_america_and_the_caribbean": "latin_american_caribbean",
    "western_european_and_others": "weog",
    "western_european_and_other": "weog",
    "western_european_and_other_states": "weog",
}


@dataclass(frozen=True, slots=True)
class Bad:
    """A cell that could not be read; ``message`` says what to write instead."""

    message: str


def show(raw: object) -> str:
    """The cell's content as a person would recognise it in a message."""
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat() if raw.time() == dt.time() else raw.isoformat(sep=" ")
    if isinstance(raw, dt.date | dt.time):
        return raw.isoformat()
    if isinstance(raw, float):
        return f"{raw:g}" if abs(raw) < 1e15 else repr(raw)
    text = str(raw).translate(_SPACE_TABLE).strip()
    return text if len(text) <= 60 else text[:57] + "..."


def clean(raw: object) -> object:
    """Blank (None, empty or only spaces) becomes None; text is trimmed; else unchanged."""
    if raw is None:
        return None
    if isinstance(raw, str):
        text = raw.translate(_SPACE_TABLE).strip()
        return text or None
    return raw


def _excel_error(value: object) -> Bad | None:
    if isinstance(value, str) and value.upper() in _EXCEL_ERRORS:
        return Bad(f"'{value}' is an Excel error value; correct the formula or type the value")
    return None


def parse_text(raw: object) -> str | Bad | None:
    """Text; whole numbers typed into a text cell (item 3) become "3"."""
    value = clean(raw)
    if value is None:
        return None
    if bad := _excel_error(value):
        return bad
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return show(value)
    return str(value)


def _to_number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, str):
        text = value.replace(" ", "")
        if re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?", text):
            text = text.replace(",", "")  # thousands separators, as in 1,200
        try:
            number = float(text)
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None


def _below(number: float, minimum: float | None, what: str) -> Bad | None:
    if minimum is not None and number < minimum:
        shown = f"{minimum:g}"
        if minimum == 0:
            return Bad(f"'{number:g}' is negative; write {what} of 0 or more")
        return Bad(f"'{number:g}' is too small; write {what} of at least {shown}")
    return None


def parse_int(raw: object, minimum: float | None = None) -> int | Bad | None:
    """A whole number: 3, 3.0 and "3" are fine, 3.5 is not."""
    value = clean(raw)
    if value is None:
        return None
    if bad := _excel_error(value):
        return bad
    number = _to_number(value)
    if number is None or not number.is_integer():
        return Bad(f"'{show(value)}' is not a whole number; write a whole number such as 2")
    return _below(number, minimum, "a whole number") or int(number)


def parse_number(raw: object, minimum: float | None = None) -> float | Bad | None:
    """A number such as 1.5."""
    value = clean(raw)
    if value is None:
        return None
    if bad := _excel_error(value):
        return bad
    number = _to_number(value)
    if number is None:
        return Bad(f"'{show(value)}' is not a number; write a number such as 1.5")
    return _below(number, minimum, "a number") or number


def parse_money(raw: object, unlimited: bool = False) -> float | Bad | None:
    """US dollars: 1200, "1,200", "$1 200.50", "USD 1200"; never negative."""
    value = clean(raw)
    if value is None:
        return None
    if bad := _excel_error(value):
        return bad
    if unlimited and isinstance(value, str) and value.casefold() in ("unlimited", "none", "-"):
        return math.inf
    text = value
    if isinstance(value, str):
        text = re.sub(r"(?i)^(us\$|usd|\$)\s*|\s*(usd|us\$|\$)$", "", value).strip()
    number = _to_number(text)
    if number is None:
        extra = " or unlimited" if unlimited else ""
        return Bad(
            f"'{show(value)}' is not an amount; write US dollars as a number such as 1200{extra}"
        )
    return _below(number, 0, "an amount") or number


def parse_yes_no(raw: object) -> bool | Bad | None:
    """yes/no, y/n, true/false, 1/0 and x (for yes), in any case."""
    value = clean(raw)
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = str(value).casefold()
    if text in _YES:
        return True
    if text in _NO:
        return False
    return Bad(f"'{show(value)}' is not yes or no; write yes or no")


def _date_from_text(text: str) -> dt.date | None:
    try:
        return date_from_text(text)
    except DateProblem:
        return None


def as_date(value: object) -> dt.date | None:
    """A date from an Excel date, a serial number or ISO text; None when it is not one."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float) and _SERIAL_MIN <= value <= _SERIAL_MAX:
        return (_EXCEL_EPOCH + dt.timedelta(days=int(value))).date()
    if isinstance(value, str):
        return _date_from_text(value)
    return None


def parse_date(raw: object) -> dt.date | Bad | None:
    """A day: a real Excel date or datetime, an Excel serial number, ISO text 2025-01-27 or
    day-first text as people type it (`planner.excel.dates`)."""
    value = clean(raw)
    if value is None:
        return None
    if bad := _excel_error(value):
        return bad
    try:
        date = date_from_text(value) if isinstance(value, str) else as_date(value)
    except DateProblem as problem:
        return Bad(f"'{show(value)}' {problem}")
    if date is None:
        return Bad(f"'{show(value)}' is not a date; write a date such as 2025-01-27 or 27/01/2025")
    return date


def _time_from_text(text: str) -> dt.time | None:
    match = re.fullmatch(
        r"(\d{1,2})(?:[:.h](\d{2})(?::(\d{2}))?)?\s*(?:(am|a\.m\.)|(pm|p\.m\.))?",
        text.casefold().replace(" ", ""),
    )
    if not match or (match.group(2) is None and not (match.group(4) or match.group(5))):
        return None
    hour, minute, second = (int(g) if g else 0 for g in match.groups()[:3])
    if match.group(4) or match.group(5):
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match.group(5) else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return dt.time(hour, minute, second)


def _time_from_fraction(fraction: float) -> dt.time | None:
    if not 0 <= fraction < 1:
        return None
    seconds = round(fraction * 86400)
    if seconds >= 86400:
        return None
    return dt.time(seconds // 3600, seconds // 60 % 60, seconds % 60)


def parse_time(raw: object) -> dt.time | Bad | None:
    """A time of day: an Excel time, a datetime, a fraction of a day, "10:00" or "10.00"."""
    value = clean(raw)
    if value is None:
        return None
    if bad := _excel_error(value):
        return bad
    time: dt.time | None = None
    if isinstance(value, dt.datetime):
        value = value.time()
    if isinstance(value, dt.time):
        # Excel stores times as fractions of a day, so 10:00 may come back as 09:59:59.994.
        seconds = value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
        time = _time_from_fraction(seconds / 86400) or dt.time(23, 59, 59)
    elif isinstance(value, dt.timedelta):
        time = _time_from_fraction(value.total_seconds() / 86400)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        time = _time_from_fraction(float(value))
    elif isinstance(value, str):
        time = _time_from_text(value)
    if time is None:
        return Bad(f"'{show(value)}' is not a time; write a time such as 10:00")
    return time


def split_list(text: str) -> list[str]:
    """Items of a list cell: commas, semicolons (also full-width ，；、) or line breaks."""
    return [part.strip() for part in _LIST_SEPARATORS.split(text) if part.strip()]


def _items(value: object) -> list[str]:
    if isinstance(value, str):
        return split_list(value.translate(_SPACE_TABLE))
    text = parse_text(value)
    return [text] if isinstance(text, str) else []


def _unique(values: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


_LANGUAGE_HINT = (
    "write one of ar, zh, en, fr, ru, es (or Arabic, Chinese, English, French, Russian, Spanish)"
)


def parse_language(raw: object) -> str | Bad | None:
    """One official language, as a code or an English name in any case."""
    value = clean(raw)
    if value is None:
        return None
    if bad := _excel_error(value):
        return bad
    code = language_code(str(value))
    if code is None:
        return Bad(f"'{show(value)}' is not an official UN language; {_LANGUAGE_HINT}")
    return code


def parse_languages(raw: object) -> tuple[str, ...] | Bad | None:
    """A list of official languages ("ar, zh; English"), in the order given, without repeats."""
    value = clean(raw)
    if value is None:
        return None
    if bad := _excel_error(value):
        return bad
    if isinstance(value, str) and value.casefold() == "none":
        return ()  # an explicit empty list, unlike a blank cell
    codes: list[str] = []
    unknown: list[str] = []
    for part in _items(value):
        code = language_code(part)
        if code is None:
            unknown.append(part)
        else:
            codes.append(code)
    if unknown:
        names = ", ".join(f"'{u}'" for u in unknown)
        verb = "is not an official UN language" if len(unknown) == 1 else "are not official UN"
        verb += "" if len(unknown) == 1 else " languages"
        return Bad(f"{names} {verb}; {_LANGUAGE_HINT}, separated by commas")
    return _unique(codes) or None


def parse_ids(raw: object) -> tuple[str, ...] | Bad | None:
    """A list of ids ("3, 4(b)"), in the order given, without repeats."""
    value = clean(raw)
    if value is None:
        return None
    if bad := _excel_error(value):
        return bad
    return _unique(_items(value)) or None


def parse_slot_refs(raw: object) -> tuple[str | dt.date, ...] | Bad | None:
    """A list of slot ids and dates; a real date cell is one date.

    Text that reads as an ISO date is a date; the reader expands each date to the slots of that
    day (a slot id that looks like a date is still matched as a slot id first).
    """
    value = clean(raw)
    if value is None:
        return None
    if bad := _excel_error(value):
        return bad
    if isinstance(value, dt.date):  # a datetime is a date too
        return (value.date() if isinstance(value, dt.datetime) else value,)
    refs: list[str | dt.date] = []
    for part in _items(value):
        try:
            refs.append(date_from_text(part) or part)
        except DateProblem as problem:
            return Bad(f"'{part}' {problem}")
    return tuple(dict.fromkeys(refs)) or None


def _enum_key(text: str) -> str:
    return re.sub(r"[\s\-]+", "_", text.strip().casefold())


def parse_enum(raw: object, choices: tuple[str, ...]) -> str | Bad | None:
    """One of ``choices``, in any case, with spaces or hyphens for underscores."""
    value = clean(raw)
    if value is None:
        return None
    if bad := _excel_error(value):
        return bad
    key = _enum_key(str(value))
    key = ENUM_ALIASES.get(key, key)
    if key in choices:
        return key
    return Bad(f"'{show(value)}' is not allowed here; write one of {', '.join(choices)}")


def parse(column: Column, raw: object) -> object:
    """Parse a cell by its column's kind: the value, None for blank, or a `Bad`."""
    kind = column.kind
    if kind is Kind.TEXT:
        return parse_text(raw)
    if kind is Kind.INT:
        return parse_int(raw, column.minimum)
    if kind is Kind.NUMBER:
        return parse_number(raw, column.minimum)
    if kind is Kind.MONEY:
        return parse_money(raw, column.unlimited)
    if kind is Kind.YES_NO:
        return parse_yes_no(raw)
    if kind is Kind.DATE:
        return parse_date(raw)
    if kind is Kind.TIME:
        return parse_time(raw)
    if kind is Kind.LANGUAGE:
        return parse_language(raw)
    if kind is Kind.LANGUAGES:
        return parse_languages(raw)
    if kind is Kind.IDS:
        return parse_ids(raw)
    if kind is Kind.SLOT_REFS:
        return parse_slot_refs(raw)
    return parse_enum(raw, column.choices or LANGUAGES)
