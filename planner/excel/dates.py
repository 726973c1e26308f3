"""Dates typed as text, read the way people in the six UN languages write them.

ISO text (``2025-02-28``) is read as is. Numeric dates (``28/02/2025``, ``28.02.2025``) are
read in the orders that the Unicode CLDR's short date patterns of the six languages use with
that separator (through babel): with ``/`` day-month-year (French, Spanish, Arabic),
month-day-year (English) and year-month-day (Chinese); with ``.`` day-month-year (Russian). A
date that more than one order reads as different real days (``03/04/2025``) is ambiguous and
refused with both readings; one that no order reads as a real day says why (``31/02/2025``:
February has 28 days in 2025). Month names and their abbreviations are CLDR's for the six
languages (``28 Feb 2025``, ``28 février 2025``, ``28 марта 2025 г.``, ``28 de febrero de
2025``, ``2025年2月28日``, ``28 فبراير 2025``).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import cache

from babel.dates import get_date_format, get_day_names, get_month_names

from planner.domain import LANGUAGES

_MARKS = str.maketrans({"\u200f": None, "\u200e": None, "\u061c": None})
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00(?:\.0+)?)?)?")
_NUMERIC = re.compile(r"(\d{1,4})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{1,4})\.?")
# Words around a named month that carry no date: Spanish "de", Russian "г." (year), commas.
_FILLER = frozenset({"de", "del", "г", "года", "le", "the", "of"})
_TOKENS = re.compile(r"[^\s,.年日]+")


@cache
def _orders() -> dict[str, tuple[str, ...]]:
    """Separator -> the field orders ("dMy", "Mdy", "yMd") CLDR's short patterns use with it."""
    found: dict[str, list[str]] = {}
    for language in LANGUAGES:
        pattern = get_date_format("short", locale=language).pattern.translate(_MARKS)
        letters = "".join(dict.fromkeys(c for c in pattern if c in "dMy"))
        separator = next((c for c in pattern if c in "/.-"), None)
        if separator and len(letters) == 3:
            found.setdefault(separator, [])
            if letters not in found[separator]:
                found[separator].append(letters)
    found.setdefault("-", found.get("/", []))  # 28-02-2025 is read like 28/02/2025
    return {sep: tuple(orders) for sep, orders in found.items()}


@cache
def _months() -> dict[str, int]:
    """Every CLDR month name and abbreviation of the six languages, casefolded -> month."""
    names: dict[str, int] = {}
    for language in LANGUAGES:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for month, name in get_month_names(width, context, language).items():
                    names[name.casefold().rstrip(".")] = month
    return names


@cache
def _filler() -> frozenset[str]:
    """Tokens that may stand beside a date and carry none: words and the days of the week."""
    days = {
        name.casefold().rstrip(".")
        for language in LANGUAGES
        for width in ("wide", "abbreviated")
        for name in get_day_names(width, "format", language).values()
    }
    return _FILLER | days


class DateProblem(ValueError):
    """A text that looks like a date but names no single real day; the message says why."""


def _real(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _why_not(year: int, month: int, day: int) -> str | None:
    """Why (year, month, day) is no date, when the month exists: "February has 28 days..."."""
    if 1 <= month <= 12 and day >= 1 and year >= 1:
        days = calendar.monthrange(year, month)[1]
        if day > days:
            return f"{calendar.month_name[month]} has {days} days in {year}"
    return None


def _numeric(first: str, separator: str, second: str, third: str) -> dt.date | None:
    readings: dict[dt.date, str] = {}
    reasons: list[str] = []
    for order in _orders().get(separator, ()):
        fields = dict(zip(order, (first, second, third), strict=True))
        if len(fields["y"]) != 4 or len(fields["d"]) > 2 or len(fields["M"]) > 2:
            continue
        year, month, day = int(fields["y"]), int(fields["M"]), int(fields["d"])
        date = _real(year, month, day)
        if date is not None:
            readings.setdefault(date, order)
        elif reason := _why_not(year, month, day):
            reasons.append(reason)
    if len(readings) == 1:
        return next(iter(readings))
    if len(readings) > 1:
        both = " or ".join(d.isoformat() for d in sorted(readings))
        raise DateProblem(f"is ambiguous: it may be {both}; write it as one of these")
    if reasons:
        raise DateProblem(f"is not a date: {reasons[0]}")
    return None


def _named(text: str) -> dt.date | None:
    text = text.replace("月", "月 ")  # 2025年2月28日: the month ends where the day begins
    tokens = _TOKENS.findall(text.casefold())
    if not any(t.isdigit() and len(t) == 4 for t in tokens):
        # No year, so no date: the names of the six languages (CLDR data, slow to load) are not
        # needed, and a slot id such as "D1-AM" never loads them.
        return None
    tokens = [t for t in tokens if t not in _filler()]
    months = _months()
    month = [months[t] for t in tokens if t in months]
    if len(month) != 1:
        return None
    numbers = [t for t in tokens if t.isdigit()]
    if len(month) == 1 and len(numbers) == 2 and len(tokens) == 3:
        years = [n for n in numbers if len(n) == 4]
        days = [n for n in numbers if len(n) <= 2]
        if len(years) == 1 and len(days) == 1:
            year, day = int(years[0]), int(days[0])
            date = _real(year, month[0], day)
            if date is None and (reason := _why_not(year, month[0], day)):
                raise DateProblem(f"is not a date: {reason}")
            return date
    return None


def date_from_text(text: str) -> dt.date | None:
    """The day a text names, or None when it does not look like a date at all.

    Raises
    ------
    DateProblem
        When it looks like a date but is ambiguous (both readings in the message) or names
        no real day (the message says why).
    """
    text = " ".join(text.translate(_MARKS).split())
    if match := _ISO.fullmatch(text):
        year, month, day = (int(g) for g in match.groups())
        date = _real(year, month, day)
        if date is None and (reason := _why_not(year, month, day)):
            raise DateProblem(f"is not a date: {reason}")
        return date
    if match := _NUMERIC.fullmatch(text):
        first, separator, second, third = match.groups()
        return _numeric(first, separator, second, third)
    return _named(text)
