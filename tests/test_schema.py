"""The declared schema: complete, consistent with the domain's defaults, rendered for the README."""

from __future__ import annotations

import pytest

from planner.domain import LANGUAGES, SOFT_RULES, Rules
from planner.excel import SCHEMA, schema_markdown
from planner.excel.cells import Bad, parse
from planner.excel.schema import RULES, Kind, header_key, sheet


def test_sheets_in_workbook_order_and_required_flags() -> None:
    assert [s.name for s in SCHEMA] == [
        "Meeting",
        "Slots",
        "Rooms",
        "Agenda",
        "Delegations",
        "Participants",
        "Interpreters",
        "Disciplines",
        "Rules",
        "Scenarios",
    ]
    assert [s.name for s in SCHEMA if not s.required] == ["Disciplines", "Rules", "Scenarios"]
    assert [s.name for s in SCHEMA if s.two_column] == ["Meeting", "Rules"]


def test_names_are_unique_and_keys_are_required_columns() -> None:
    for s in SCHEMA:
        keys = [header_key(c.name) for c in s.columns]
        assert len(keys) == len(set(keys)), s.name
        if s.key is not None:
            assert s.column(s.key).required


def test_rules_has_every_team_size_and_soft_rule_weight_and_nothing_required() -> None:
    names = {c.name for c in RULES.columns}
    assert {f"team_size_{lang}" for lang in LANGUAGES} <= names
    assert {f"weight_{rule}" for rule in SOFT_RULES} <= names
    assert not any(c.required for c in RULES.columns)


def test_rules_prefills_parse_back_to_the_domain_defaults() -> None:
    defaults = Rules()
    for column in RULES.columns:
        value = parse(column, column.prefill)
        assert not isinstance(value, Bad), column.name
        if column.name.startswith("team_size_"):
            assert value == defaults.team_size[column.name.removeprefix("team_size_")]
        elif column.name.startswith("weight_"):
            assert value == defaults.weights[column.name.removeprefix("weight_")]
        elif column.name == "retour_booths":
            assert frozenset(value) == defaults.retour_booths  # type: ignore[arg-type]
        elif column.name != "interpretation_budget":
            assert value == getattr(defaults, column.name), column.name


@pytest.mark.parametrize("text", ["item_id", "Item ID", "ITEM-ID", " item id ", "Item_Id"])
def test_header_variants_match(text: str) -> None:
    assert header_key(text) == header_key("item_id")


def test_sheet_lookup_is_case_insensitive() -> None:
    assert sheet("agenda").name == "Agenda"
    with pytest.raises(KeyError):
        sheet("Agendas")


def test_type_text_for_people() -> None:
    assert sheet("Participants").column("gender").type_text == "one of f, m, x"
    assert RULES.column("interpretation_budget").type_text == "US dollars or unlimited"
    assert sheet("Rooms").column("unavailable").kind is Kind.SLOT_REFS


def test_markdown_has_one_table_per_sheet_with_every_column() -> None:
    text = schema_markdown()
    assert text.count("### `") == len(SCHEMA)
    assert text.count("| --- | --- | --- | --- | --- |") == len(SCHEMA)
    for s in SCHEMA:
        for c in s.columns:
            assert f"| `{c.name}` |" in text
    assert "| `capacity` | required | whole number | seats | 120 |" in text
    assert "| `sessions` | 1 | whole number | how many slots the item needs |  |" in text
    assert "### `Rules` (optional)" in text
    assert "| `weight_interpretation_cost` | 0.01 | number |" in text
