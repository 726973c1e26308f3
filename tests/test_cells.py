"""Cell parsers: every type, good and bad, with the exact words a user reads."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from planner.excel import cells
from planner.excel.cells import Bad
from planner.excel.schema import AGENDA, RULES, Kind

NOT_WHOLE = "'{}' is not a whole number; write a whole number such as 2"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, None),
        ("", None),
        ("   ", None),
        ("\u00a0\u3000 ", None),
        (" Expert 3 (Kenya)\u00a0", "Expert 3 (Kenya)"),
        ("Эксперт\u200b 2 ", "Эксперт 2"),
        (3, "3"),
        (3.0, "3"),
        (4.5, "4.5"),
        (dt.datetime(2025, 1, 27), "2025-01-27"),
        ("=not a formula", "=not a formula"),
    ],
)
def test_text(raw: object, expected: str | None) -> None:
    assert cells.parse_text(raw) == expected


def test_excel_error_values_are_reported() -> None:
    assert cells.parse_text("#REF!") == Bad(
        "'#REF!' is an Excel error value; correct the formula or type the value"
    )
    assert isinstance(cells.parse_int("#DIV/0!"), Bad)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(3, 3), (3.0, 3), ("3", 3), (" 3 ", 3), ("3.0", 3), ("1,000", 1000), ("", None), (None, None)],
)
def test_int_good(raw: object, expected: int | None) -> None:
    assert cells.parse_int(raw) == expected


@pytest.mark.parametrize(
    ("raw", "shown"), [(2.5, "2.5"), ("2.5", "2.5"), ("two", "two"), (True, "True")]
)
def test_int_bad(raw: object, shown: str) -> None:
    assert cells.parse_int(raw) == Bad(NOT_WHOLE.format(shown))


def test_int_minimum() -> None:
    assert cells.parse_int(0, minimum=1) == Bad(
        "'0' is too small; write a whole number of at least 1"
    )
    assert cells.parse_int(-2, minimum=0) == Bad(
        "'-2' is negative; write a whole number of 0 or more"
    )
    assert cells.parse_int(1, minimum=1) == 1


def test_number() -> None:
    assert cells.parse_number("0.01") == 0.01
    assert cells.parse_number(12) == 12.0
    assert cells.parse_number("abc") == Bad("'abc' is not a number; write a number such as 1.5")
    assert cells.parse_number("nan") == Bad("'nan' is not a number; write a number such as 1.5")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(1200, 1200.0), ("1,200", 1200.0), ("$1 200.50", 1200.5), ("USD 900", 900.0), ("0", 0.0)],
)
def test_money_good(raw: object, expected: float) -> None:
    assert cells.parse_money(raw) == expected


def test_money_bad() -> None:
    assert cells.parse_money("lots") == Bad(
        "'lots' is not an amount; write US dollars as a number such as 1200"
    )
    assert cells.parse_money(-5) == Bad("'-5' is negative; write an amount of 0 or more")
    assert cells.parse_money("Unlimited", unlimited=True) == math.inf
    assert cells.parse_money("unlimited") == Bad(
        "'unlimited' is not an amount; write US dollars as a number such as 1200"
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("yes", True),
        ("Y", True),
        ("TRUE", True),
        ("x", True),
        ("X", True),
        (1, True),
        (True, True),
        ("no", False),
        ("n", False),
        ("false", False),
        (0, False),
        ("0", False),
        (" ", None),
    ],
)
def test_yes_no_good(raw: object, expected: bool | None) -> None:
    assert cells.parse_yes_no(raw) == expected


def test_yes_no_bad() -> None:
    assert cells.parse_yes_no("maybe") == Bad("'maybe' is not yes or no; write yes or no")
    assert cells.parse_yes_no(2) == Bad("'2' is not yes or no; write yes or no")


@pytest.mark.parametrize(
    "raw",
    [
        dt.datetime(2025, 1, 27),
        dt.datetime(2025, 1, 27, 9, 30),
        dt.date(2025, 1, 27),
        45684,  # Excel serial number
        45684.0,
        "2025-01-27",
        " 2025-01-27 ",
        "2025-1-27",
        "2025-01-27 00:00:00",
        "27 January 2025",
    ],
)
def test_date_good(raw: object) -> None:
    assert cells.parse_date(raw) == dt.date(2025, 1, 27)


@pytest.mark.parametrize("raw", ["2025-13-01", "27/13/2025", "tomorrow", 3, True])
def test_date_bad(raw: object) -> None:
    shown = cells.show(raw)
    assert cells.parse_date(raw) == Bad(
        f"'{shown}' is not a date; write a date such as 2025-01-27 or 27/01/2025"
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (dt.time(10), dt.time(10)),
        (dt.time(9, 59, 59, 994000), dt.time(10)),  # how Excel's fractions come back
        (dt.datetime(1899, 12, 30, 15, 0), dt.time(15)),
        (dt.timedelta(hours=13), dt.time(13)),
        (0.625, dt.time(15)),
        ("10:00", dt.time(10)),
        ("10.00", dt.time(10)),
        ("9:30", dt.time(9, 30)),
        ("10:00:00", dt.time(10)),
        ("10h00", dt.time(10)),
        ("3 pm", dt.time(15)),
        ("12 am", dt.time(0)),
    ],
)
def test_time_good(raw: object, expected: dt.time) -> None:
    assert cells.parse_time(raw) == expected


@pytest.mark.parametrize("raw", ["25:00", "10:75", "ten", 1.5, "10", "13 pm"])
def test_time_bad(raw: object) -> None:
    shown = cells.show(raw)
    assert cells.parse_time(raw) == Bad(f"'{shown}' is not a time; write a time such as 10:00")


def test_lists_split_on_commas_semicolons_and_full_width_marks() -> None:
    assert cells.split_list("a, b; c，d；e、f\ng") == ["a", "b", "c", "d", "e", "f", "g"]
    assert cells.parse_ids("3, 4(b); 3 ") == ("3", "4(b)")
    assert cells.parse_ids(3) == ("3",)
    assert cells.parse_ids(" ; , ") is None


def test_languages() -> None:
    assert cells.parse_languages("ar, ZH; English，fr") == ("ar", "zh", "en", "fr")
    assert cells.parse_languages("en, en") == ("en",)
    assert cells.parse_languages("none") == ()
    assert cells.parse_language(" Chinese ") == "zh"
    hint = (
        "write one of ar, zh, en, fr, ru, es (or Arabic, Chinese, English, French, Russian, "
        "Spanish)"
    )
    assert cells.parse_language("de") == Bad(f"'de' is not an official UN language; {hint}")
    assert cells.parse_languages("en, German") == Bad(
        f"'German' is not an official UN language; {hint}, separated by commas"
    )
    assert cells.parse_languages("ar zh, de") == Bad(
        f"'ar zh', 'de' are not official UN languages; {hint}, separated by commas"
    )


def test_slot_refs_mix_ids_and_dates() -> None:
    assert cells.parse_slot_refs("D1-AM, 2025-01-28") == ("D1-AM", dt.date(2025, 1, 28))
    assert cells.parse_slot_refs(dt.datetime(2025, 1, 28)) == (dt.date(2025, 1, 28),)


@pytest.mark.parametrize(
    ("raw", "choices", "expected"),
    [
        ("Member State", ("member_state", "ngo"), "member_state"),
        ("IN-PERSON", ("in_person", "online"), "in_person"),
        ("Female", ("f", "m", "x"), "f"),
        ("GRULAC", ("latin_american_caribbean", "weog"), "latin_american_caribbean"),
        ("Western European and Others", ("latin_american_caribbean", "weog"), "weog"),
    ],
)
def test_enum_good(raw: str, choices: tuple[str, ...], expected: str) -> None:
    assert cells.parse_enum(raw, choices) == expected


def test_enum_bad() -> None:
    assert cells.parse_enum("speaker", ("head", "expert", "adviser")) == Bad(
        "'speaker' is not allowed here; write one of head, expert, adviser"
    )


def test_parse_dispatches_on_the_schema() -> None:
    assert cells.parse(AGENDA.column("sessions"), "2.5") == Bad(NOT_WHOLE.format("2.5"))
    assert cells.parse(AGENDA.column("languages"), "en") == ("en",)
    budget = RULES.column("interpretation_budget")
    assert budget.kind is Kind.MONEY and cells.parse(budget, "unlimited") == math.inf
    assert cells.parse(RULES.column("weight_split_item"), "-1") == Bad(
        "'-1' is negative; write a number of 0 or more"
    )
