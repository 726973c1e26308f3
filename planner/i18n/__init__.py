"""The plan's views in the six official languages: labels, dates, times, numbers and money.

Labels live in one reviewed table per language (``planner/i18n/<code>.toml``), never in code:
`Words.__call__` looks a label up by its dotted key and fills its ``{placeholders}``. Dates,
times, numbers and currency follow the locale's conventions of the Unicode CLDR through
`babel`. The English table is the reference: every other table has exactly its keys and
placeholders (a test says which label lacks a translation).
"""

from __future__ import annotations

import datetime as dt
import string
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.numbers import format_currency, format_decimal, get_currency_symbol

from planner.domain.languages import LANGUAGES

__all__ = ["LANGUAGES", "Words", "flat_labels", "words"]

# CLDR locale of each UN language. English is the British English of UN documents
# ("Monday 25 March 2024", 24-hour times), Chinese the simplified script of UN documents.
_LOCALES: dict[str, str] = {
    "ar": "ar",
    "zh": "zh_Hans_CN",
    "en": "en_GB",
    "fr": "fr_FR",
    "ru": "ru_RU",
    "es": "es_ES",
}


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flatten(value, name + "."))
        elif isinstance(value, list):
            out[name] = "\n".join(str(line) for line in value)
        else:
            out[name] = str(value)
    return out


@cache
def flat_labels(language: str) -> dict[str, str]:
    """Every label of one language's table, by dotted key (``programme.title``)."""
    text = resources.files("planner.i18n").joinpath(f"{language}.toml").read_text("utf-8")
    return _flatten(tomllib.loads(text))


def placeholders(text: str) -> set[str]:
    """The ``{names}`` a label fills in."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@dataclass(frozen=True)
class Words:
    """The labels and formats of one language.

    Parameters
    ----------
    language
        One of ``ar, zh, en, fr, ru, es``.
    """

    language: str
    labels: dict[str, str] = field(repr=False)
    locale: Locale = field(repr=False)

    def __call__(self, key: str, **values: object) -> str:
        """The label ``key`` with its placeholders filled in.

        Raises
        ------
        KeyError
            When the table has no such label (a test keeps every table complete).
        """
        return self.labels[key].format(**values) if values else self.labels[key]

    def has(self, key: str) -> bool:
        """Whether the table has the label ``key``."""
        return key in self.labels

    @property
    def right_to_left(self) -> bool:
        """Whether the script is written right to left (Arabic)."""
        return bool(self.locale.text_direction == "rtl")

    @property
    def font(self) -> str:
        """A font with the script's glyphs on the usual office machines."""
        return self("style.font")

    # Dates and times, as CLDR writes them.
    def full_date(self, day: dt.date) -> str:
        """``lundi 25 mars 2024``, ``2024年3月25日星期一``."""
        return str(format_date(day, "full", locale=self.locale))

    def long_date(self, day: dt.date) -> str:
        """``25 mars 2024``, ``25 марта 2024 г.``."""
        return str(format_date(day, "long", locale=self.locale))

    def weekday(self, day: dt.date) -> str:
        """``lundi``, ``понедельник``."""
        return str(format_date(day, "EEEE", locale=self.locale))

    def short_weekday(self, day: dt.date) -> str:
        """``lun.``, ``пн``."""
        return str(format_date(day, "EEE", locale=self.locale))

    def day_month(self, day: dt.date) -> str:
        """``25 mars``, ``3月25日``."""
        return str(format_skeleton("MMMd", day, locale=self.locale))

    def short_day(self, day: dt.date) -> str:
        """``lun. 25 mars``, ``Mon 25 Mar``."""
        return str(format_skeleton("MMMEd", day, locale=self.locale))

    def time(self, moment: dt.time) -> str:
        """``10:00``: 24-hour time, as UN documents print it in every language."""
        return str(format_skeleton("Hm", moment, locale=self.locale))

    def time_range(self, start: dt.time, end: dt.time) -> str:
        """``10:00-13:00``."""
        return f"{self.time(start)}-{self.time(end)}"

    # Numbers and money.
    def number(self, value: float) -> str:
        """``1 234,5`` in French, ``1,234.5`` in English."""
        return str(format_decimal(value, locale=self.locale))

    def money(self, amount: float) -> str:
        """US dollars as text: ``12 300 $US``, ``US$12,300.50``."""
        if round(amount * 100) % 100:
            text = format_currency(amount, "USD", locale=self.locale)
        else:
            whole = self.locale.currency_formats["standard"].pattern.replace(".00", "")
            text = format_currency(
                amount, "USD", format=whole, locale=self.locale, currency_digits=False
            )
        return str(text).replace("\u200f", "")

    @property
    def money_format(self) -> str:
        """The Excel number format of a US-dollar cell, with the sign where the locale puts it.

        Excel shows the digit separators of the reader's own settings; the sign and its place
        are the plan language's.
        """
        pattern = self.locale.currency_formats["standard"]
        symbol = str(get_currency_symbol("USD", self.locale))

        def affix(text: str) -> str:
            text = text.replace("\u200f", "").replace("\xa0", " ")
            return text.replace("¤", f'"{symbol}"') if "¤" in text else text

        return f"{affix(pattern.prefix[0])}#,##0{affix(pattern.suffix[0])}"


@cache
def words(language: str = "en") -> Words:
    """The `Words` of ``language`` (a code of `LANGUAGES`).

    Raises
    ------
    ValueError
        For a code that is not one of the six official languages.
    """
    if language not in LANGUAGES:
        raise ValueError(f"unknown language '{language}'; use one of {', '.join(LANGUAGES)}")
    return Words(language, flat_labels(language), Locale.parse(_LOCALES[language]))
