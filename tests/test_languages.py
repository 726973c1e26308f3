"""The plan's views in the six official languages, and the machine sheets that stay English."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from planner.check import check_plan, objective
from planner.cli import main
from planner.domain import LANGUAGES, SOFT_RULES, Meeting, Plan, ProblemData, Result
from planner.excel import SCHEMA, read_workbook, validate_workbook, write_template
from planner.excel.localize import RULE_SUBJECTS
from planner.excel.plan_reader import read_plan
from planner.excel.plan_writer import MACHINE_SHEETS, VIEWS, view_name, write_plan
from planner.excel.schema import Kind
from planner.i18n import flat_labels, placeholders, words

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "inputs" / "small.xlsx"
MONDAY = dt.date(2025, 1, 27)


@pytest.fixture(scope="module")
def small(solving) -> tuple[ProblemData, Result]:
    problem = read_workbook(SMALL)
    return problem, solving.solved(problem, time_limit=20.0, deterministic=True)


@pytest.fixture(scope="module")
def plans(small: tuple[ProblemData, Result], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small example's plan written once in each language."""
    problem, result = small
    folder = tmp_path_factory.mktemp("languages")
    for language in LANGUAGES:
        write_plan(problem, result, folder / f"plan-{language}.xlsx", language=language)
    return folder


def _same(a: Plan, b: Plan) -> bool:
    return (
        set(a.sessions) == set(b.sessions)
        and set(a.assignments) == set(b.assignments)
        and set(a.seats) == set(b.seats)
        and set(a.panels) == set(b.panels)
        and set(a.funded) == set(b.funded)
    )


# Every label has a translation.
# Schema texts are translated by their English wording (the schema describes each column once).
SCHEMA_TEXTS = ("template.text.", "template.kind.")


@pytest.mark.parametrize("language", [x for x in LANGUAGES if x != "en"])
def test_every_label_has_a_translation(language: str) -> None:
    english, other = flat_labels("en"), flat_labels(language)
    own = {k for k in other if not k.startswith(SCHEMA_TEXTS)}
    assert not sorted(set(english) - own), f"{language}.toml lacks these labels"
    assert not sorted(own - set(english)), f"{language}.toml has labels en.toml has not"
    for key, text in english.items():
        assert placeholders(other[key]) == placeholders(text), f"{language}.toml {key}"
        assert other[key].strip() or not text.strip(), f"{language}.toml {key} is blank"
    lines = english["template.instructions"].count("\n")
    assert other["template.instructions"].count("\n") == lines


def _wordy(text: str) -> bool:
    # A default in words ("first meeting day"), not a value or a list of codes ("ar, zh").
    return " " in text and not re.fullmatch(r"[\w-]+(, [\w-]+)+", text)


@pytest.mark.parametrize("language", [x for x in LANGUAGES if x != "en"])
def test_every_column_note_of_the_template_is_translated(language: str) -> None:
    labels = flat_labels(language)
    missing = set()
    for sheet in SCHEMA:
        for column in sheet.columns:
            texts = [column.description] + ([column.default] if _wordy(column.default) else [])
            for text in texts:
                if text.startswith("weight of the soft rule"):
                    continue  # one sentence per language: template.weight
                if f"template.text.{text}" not in labels:
                    missing.add(text)
            if column.kind is not Kind.ENUM and f"template.kind.{column.kind.value}" not in labels:
                missing.add(column.kind.value)
    assert not sorted(missing), f"{language}.toml lacks these translations of the schema"
    unused = {k for k in labels if k.startswith("template.text.")} - {
        f"template.text.{t}"
        for sheet in SCHEMA
        for c in sheet.columns
        for t in (c.description, c.default)
    }
    assert not sorted(unused), f"{language}.toml translates texts the schema no longer has"


def test_template_in_french_keeps_the_contract_headers(tmp_path: Path) -> None:
    english, french = tmp_path / "en.xlsx", tmp_path / "fr.xlsx"
    run = CliRunner().invoke(main, ["template", str(french), "--language", "fr"])
    assert run.exit_code == 0, run.output
    write_template(english)
    en, fr = load_workbook(english), load_workbook(french)
    assert en.sheetnames == fr.sheetnames
    for name in en.sheetnames[1:]:
        assert [c.value for c in en[name][1]] == [c.value for c in fr[name][1]], name
        assert [c.value for c in en[name]["A"]] == [c.value for c in fr[name]["A"]], name
    assert fr["Instructions"]["A1"].value == "Comment utiliser ce classeur"
    note = fr["Participants"]["B1"].comment.text
    assert note.startswith("Tel qu'il doit figurer sur les listes.\nObligatoire.\nType : texte.")
    assert fr["Rules"]["A2"].comment.text.startswith("Interprètes par cabine arabe et par séance")
    weight = next(c for c in fr["Rules"]["A"] if c.value == "weight_travel_cost")
    assert weight.comment.text.startswith(
        "Poids de la règle souple travel_cost par dollar des États-Unis."
    )
    arabic = tmp_path / "ar.xlsx"
    write_template(arabic, "ar")
    instructions = load_workbook(arabic)["Instructions"]
    assert instructions.sheet_view.rightToLeft
    assert instructions["A1"].value == "طريقة استخدام هذا المصنف"
    assert instructions["A1"].font.name == "Arial"
    assert read_workbook_issues(french) == read_workbook_issues(english)


def read_workbook_issues(path: Path) -> list[str]:
    """What the reader says about an empty template (the same in every language)."""
    _, found = validate_workbook(path)
    return [str(i) for i in found]


def test_every_label_the_code_asks_for_exists() -> None:
    used: set[str] = set()
    for path in (ROOT / "planner").rglob("*.py"):
        used |= set(re.findall(r"""\bw\(\s*["']([a-z_]+\.[a-z_.]+)["']""", path.read_text()))
    assert len(used) > 50  # the scan sees the views
    assert not sorted(used - set(flat_labels("en")))


def test_every_soft_rule_has_a_translated_warning() -> None:
    # A new soft rule needs a sentence in every language (warning.<rule> in the tables).
    assert set(RULE_SUBJECTS) == set(SOFT_RULES)
    for language in LANGUAGES:
        labels = flat_labels(language)
        assert not [r for r in SOFT_RULES if f"warning.{r}" not in labels], language


def test_un_terms_for_the_programme_of_work() -> None:
    titles = {lang: words(lang)("programme.title") for lang in LANGUAGES}
    assert titles == {
        "ar": "برنامج العمل",
        "zh": "工作方案",
        "en": "Programme of work",
        "fr": "Programme de travail",
        "ru": "Программа работы",
        "es": "Programa de trabajo",
    }


def test_dates_and_money_follow_cldr() -> None:
    day = dt.date(2024, 3, 25)
    assert words("fr").full_date(day) == "lundi 25 mars 2024"
    assert words("ru").long_date(day) == "25 марта 2024\u202fг."
    assert words("zh").full_date(day) == "2024年3月25日星期一"
    assert words("en").full_date(day) == "Monday, 25 March 2024"
    assert words("es").full_date(day) == "lunes, 25 de marzo de 2024"
    assert words("ar").weekday(day) == "الاثنين"
    assert words("fr").money(12300) == "12\u202f300\xa0$US"
    assert words("en").money(12300.5) == "US$12,300.50"
    assert words("fr").money_format == '#,##0 "$US"'
    assert words("zh").money_format == '"US$"#,##0'
    assert words("ar").right_to_left and not words("fr").right_to_left
    with pytest.raises(ValueError, match="unknown language 'de'"):
        words("de")


# Six languages, one plan.
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_plan_in_every_language_reads_back_unchanged(
    language: str, small: tuple[ProblemData, Result], plans: Path
) -> None:
    problem, result = small
    path = plans / f"plan-{language}.xlsx"
    wb = load_workbook(path)
    w = words(language)
    assert wb.sheetnames[: 1 + len(VIEWS)] == ["Summary", *(view_name(n, w) for n, _ in VIEWS)]
    assert wb.sheetnames[1 + len(VIEWS) :] == list(MACHINE_SHEETS)
    assert [c.value for c in wb["Agenda"][1]][:3] == ["slot_id", "date", "start"]
    back = read_plan(path, problem)
    assert _same(back, result.plan)
    assert not check_plan(problem, back)
    assert objective(problem, back) == pytest.approx(result.objective)
    run = CliRunner().invoke(main, ["check", str(SMALL), str(path)])
    assert run.exit_code == 0, run.output
    assert "keeps every hard rule" in run.output


def test_french_and_russian_day_names(plans: Path) -> None:
    french = load_workbook(plans / "plan-fr.xlsx")
    programme = french["Programme"]
    assert programme["A1"].value == "Programme de travail"
    assert [c.value for c in programme[3]][:3] == ["Date", "Jour", "Heure"]
    assert (programme["A4"].value, programme["B4"].value) == ("25 mars 2024", "lundi")
    assert programme["C4"].value == "10:00-13:00"
    costs = [c.value for c in french["Coûts"]["A"]]
    assert "lundi 25 mars 2024" in costs and "mardi 26 mars 2024" in costs
    russian = load_workbook(plans / "plan-ru.xlsx")["Программа"]
    assert russian["A1"].value == "Программа работы"
    assert (russian["A4"].value, russian["B4"].value) == ("25 марта 2024\u202fг.", "понедельник")
    days = {russian.cell(row=r, column=2).value for r in range(4, russian.max_row + 1)}
    assert {"понедельник", "вторник"} <= days


def test_arabic_views_run_right_to_left_in_a_font_with_arabic_glyphs(plans: Path) -> None:
    wb = load_workbook(plans / "plan-ar.xlsx")
    for name, _ in VIEWS:
        ws = wb[view_name(name, words("ar"))]
        assert ws.sheet_view.rightToLeft, name
        assert ws["A1"].font.name == "Arial"
        assert ws["A1"].alignment.horizontal == "right"
    assert wb["برنامج العمل"]["A1"].value == "برنامج العمل"
    assert not wb["Agenda"].sheet_view.rightToLeft  # machine sheets stay as they are
    chinese = load_workbook(plans / "plan-zh.xlsx")["工作方案"]
    assert chinese["A1"].font.name == "Microsoft YaHei"
    assert not chinese.sheet_view.rightToLeft


def test_warnings_are_sentences_in_the_plan_language(
    small: tuple[ProblemData, Result], plans: Path
) -> None:
    _, result = small
    assert result.penalties, "the small example should leave some warning"
    english = load_workbook(plans / "plan-en.xlsx")["Warnings"]
    assert [c.value for c in english[1]] == ["rule", "subject", "detail", "penalty"]
    spanish = load_workbook(plans / "plan-es.xlsx")["Warnings"]
    assert [c.value for c in spanish[1]] == ["rule", "subject", "detail", "detail_en", "penalty"]
    rows = list(spanish.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == [p.rule for p in result.penalties]
    assert [r[3] for r in rows] == [p.detail for p in result.penalties]
    for rule, _, detail, detail_en, _ in rows:
        assert detail != detail_en and "generic" not in detail, rule


def test_meeting_output_language_is_the_default(
    small: tuple[ProblemData, Result], tmp_path: Path
) -> None:
    problem, result = small
    meeting = problem.meeting
    french = problem.replace(
        meeting=Meeting(meeting.title, meeting.venue, meeting.timezone, meeting.languages, "fr")
    )
    write_plan(french, result, tmp_path / "default.xlsx")
    write_plan(french, result, tmp_path / "override.xlsx", language="ru")
    assert "Programme" in load_workbook(tmp_path / "default.xlsx").sheetnames
    assert "Программа" in load_workbook(tmp_path / "override.xlsx").sheetnames


def test_solve_takes_a_language_and_refuses_others(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "plan.xlsx"
    bad = runner.invoke(main, ["solve", str(SMALL), "-o", str(out), "--language", "de"])
    assert bad.exit_code == 1 and not out.exists()  # a usage error
    assert "'de' is not one of" in bad.output
    args = ["solve", str(SMALL), "-o", str(out), "--language", "zh", "--quiet"]
    run = runner.invoke(main, [*args, "--time-limit", "20", "--deterministic"])
    assert run.exit_code == 0, run.output
    assert load_workbook(out).sheetnames[1] == "工作方案"


@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) and pdftotext are not installed",
)
def test_libreoffice_prints_the_arabic_and_chinese_titles(plans: Path, tmp_path: Path) -> None:
    sources = [str(plans / "plan-ar.xlsx"), str(plans / "plan-zh.xlsx")]
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), *sources],
        check=True,
        capture_output=True,
        timeout=300,
    )
    for language, title in (("ar", "برنامج العمل"), ("zh", "工作方案")):
        pdf = tmp_path / f"plan-{language}.pdf"
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
        ).stdout
        assert title in text, language
