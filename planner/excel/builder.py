"""Building the domain records from a workbook's parsed rows.

`planner.excel.input_rows` turns sheets into rows of parsed cells; `Builder` makes records of them,
fills State delegations from the reference data, expands dates to slots and runs the domain's
consistency checks, placing each problem on its workbook row. A row that cannot become a record is
left out, and problems that only follow from leaving it out are not reported.

The columns are the schema's (`planner.excel.schema`): each column of a sheet is the record's
field of that name (`Builder.fields`), so a column added to the schema reaches its record without
a change here; the builder names a column only to give it a default or a type.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections import defaultdict
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any, TypeVar

from planner.domain import (
    LANGUAGES,
    AgendaItem,
    Delegation,
    Discipline,
    Interpreter,
    InvalidProblem,
    Issue,
    Meeting,
    Participant,
    ProblemData,
    Room,
    Rules,
    Slot,
)
from planner.domain.funding import funding_weight_issue
from planner.excel.input_rows import Collector, Row, Table
from planner.excel.schema import sheet as schema_sheet
from planner.reference import lookup

T = TypeVar("T")
Rows = dict[tuple[str, str], int]
_UNKNOWN_REF = re.compile(r"^unknown (slot|item|room|delegation) '(.*)'")
_REF_SHEET = {"slot": "Slots", "item": "Agenda", "room": "Rooms", "delegation": "Delegations"}
_STATES = ("member_state", "observer_state")


@cache
def _zone_names() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def _unknown_zone(name: str) -> bool:
    """True when ``name`` is no time zone of the system's database (never without one).

    One zone is looked up first: listing them all reads the whole database (about a tenth
    of a second, at every start of a command that reads a workbook).
    """
    if name not in ("localtime", "posixrules"):
        try:
            zoneinfo.ZoneInfo(name)
            return False
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            pass
    return bool(_zone_names()) and name not in _zone_names()


class Builder:
    """Builds records sheet by sheet, remembering the row of every id."""

    def __init__(self, tables: dict[str, Table], out: Collector) -> None:
        self.tables = tables
        self.out = out
        self.rows: Rows = {}
        self.dropped: dict[str, set[str]] = defaultdict(set)
        self.slots_by_date: dict[dt.date, list[str]] = defaultdict(list)
        self.slot_ids: set[str] = set()

    def records(self, sheet: str) -> Iterator[tuple[Row, str]]:
        """Rows with a unique id and every required cell readable."""
        table = self.tables.get(sheet)
        if table is None or table.sheet.key is None:
            return
        key = table.sheet.key
        required = [c.name for c in table.sheet.columns if c.required]
        for row in table.rows:
            value = row.get(key)
            if value is None:
                continue
            if (sheet, value) in self.rows:
                first = self.rows[(sheet, value)]
                self.out.error(
                    f"{key} '{value}' is also used on row {first}; give each row its own id",
                    sheet,
                    row.number,
                    key,
                    value,
                )
                continue
            self.rows[(sheet, value)] = row.number
            if any(row.get(name) is None for name in required):
                self.dropped[sheet].add(value)
                continue
            yield row, value

    @staticmethod
    def fields(sheet: str, row: Row, **given: Any) -> dict[str, Any]:
        """The row's value of every column the schema declares for ``sheet``, by name.

        ``given`` replaces what a column's value becomes (a default, a type); naming a column the
        schema does not declare is a programming error.
        """
        values = {c.name: row.get(c.name) for c in schema_sheet(sheet).columns}
        unknown = given.keys() - values.keys()
        if unknown:
            raise KeyError(f"the schema's {sheet} sheet has no column {sorted(unknown)}")
        return values | given

    def make(
        self, sheet: str, row: Row, key: str, factory: Callable[..., T], **kw: Any
    ) -> T | None:
        """Build a record; a domain check that fails becomes an issue on the row."""
        try:
            return factory(**kw)
        except ValueError as exc:
            self.out.error(str(exc), sheet, row.number, None, key)
            self.dropped[sheet].add(key)
            return None

    def slot_refs(self, row: Row, sheet: str, column: str, key: str) -> frozenset[str] | None:
        """Slot ids and dates of a cell, dates expanded to the slots of that day."""
        refs = row.get(column)
        if refs is None:
            return None
        ids: set[str] = set()
        for ref in refs:
            if not isinstance(ref, dt.date):
                ids.add(ref)
            elif ref.isoformat() in self.slot_ids:
                ids.add(ref.isoformat())
            elif ref in self.slots_by_date:
                ids.update(self.slots_by_date[ref])
            elif not self.dropped["Slots"]:
                self.out.error(
                    f"no slot is on {ref.isoformat()}; write a meeting day or a slot_id",
                    sheet,
                    row.number,
                    column,
                    key,
                )
        return frozenset(ids)

    # One method per sheet, in the order the sheets depend on each other.
    def meeting(self) -> Meeting:
        """The Meeting sheet (a placeholder when it is missing or broken)."""
        table = self.tables.get("Meeting")
        fields = table.rows[0] if table and table.rows else Row(0, {})
        title = fields.get("title")
        where = table.field_rows.get("title") if table else None
        if table is not None and title is None and "title" not in fields.bad:
            self.out.error(
                "the meeting's title is missing; write it in column 'value' next to 'title'",
                "Meeting",
                where,
                "value",
                "title",
            )
        zone = fields.get("timezone") or "Europe/Vienna"
        if _unknown_zone(zone):
            self.out.error(
                f"field 'timezone': '{zone}' is not a time zone name; write one such as "
                "Europe/Vienna",
                "Meeting",
                table.field_rows.get("timezone") if table else None,
                "value",
                "timezone",
            )
        return Meeting(
            **self.fields(
                "Meeting",
                fields,
                title=title or "(no title)",
                venue=fields.get("venue") or "",
                timezone=zone,
                languages=fields.get("languages") or LANGUAGES,
                output_language=fields.get("output_language") or "en",
            )
        )

    def slots(self) -> list[Slot]:
        """The Slots sheet."""
        out: list[Slot] = []
        for row, sid in self.records("Slots"):
            start, end = row.get("start"), row.get("end")
            if start >= end:
                self.out.error(
                    f"end {end:%H:%M} is not after start {start:%H:%M}; write an end time "
                    "later than the start",
                    "Slots",
                    row.number,
                    "end",
                    sid,
                )
                self.dropped["Slots"].add(sid)
                continue
            slot = self.make("Slots", row, sid, Slot, **self.fields("Slots", row, slot_id=sid))
            if slot is not None:
                out.append(slot)
                self.slot_ids.add(sid)
                self.slots_by_date[slot.date].append(sid)
        return out

    def rooms(self) -> list[Room]:
        """The Rooms sheet."""
        out: list[Room] = []
        for row, rid in self.records("Rooms"):
            room = self.make(
                "Rooms",
                row,
                rid,
                Room,
                **self.fields(
                    "Rooms",
                    row,
                    room_id=rid,
                    name=row.get("name") or rid,
                    booths=frozenset(row.get("booths") or ()),
                    unavailable=self.slot_refs(row, "Rooms", "unavailable", rid) or frozenset(),
                ),
            )
            if room is not None:
                out.append(room)
        return out

    def items(self, meeting: Meeting) -> list[AgendaItem]:
        """The Agenda sheet; languages default to the meeting's."""
        out: list[AgendaItem] = []
        for row, iid in self.records("Agenda"):
            after = tuple(row.get("after") or ())
            if iid in after:
                self.out.error(
                    f"item '{iid}' cannot come after itself; remove it from 'after'",
                    "Agenda",
                    row.number,
                    "after",
                    iid,
                )
                after = tuple(a for a in after if a != iid)
            item = self.make(
                "Agenda",
                row,
                iid,
                AgendaItem,
                **self.fields(
                    "Agenda",
                    row,
                    item_id=iid,
                    sessions=1 if row.get("sessions") is None else row.get("sessions"),
                    languages=row.get("languages") or meeting.languages,
                    after=after,
                    allowed_slots=self.slot_refs(row, "Agenda", "allowed_slots", iid),
                    panel_size=row.get("panel_size") or 0,
                    disciplines=tuple(row.get("disciplines") or ()),
                ),
            )
            if item is not None:
                out.append(item)
        return out

    def delegations(self) -> list[Delegation]:
        """The Delegations sheet, States completed from the reference data."""
        out: list[Delegation] = []
        for row, did in self.records("Delegations"):
            values = self.fields("Delegations", row, **self._delegation(row, did))
            record = self.make("Delegations", row, did, Delegation, **values)
            if record is not None:
                out.append(record)
        return out

    def _delegation(self, row: Row, did: str) -> dict[str, Any]:
        category = row.get("category")
        info = lookup(did) if category in (None, *_STATES) else None
        given = {
            "category": category,
            "regional_group": row.get("regional_group"),
            "funding_eligible": row.get("funding_eligible"),
            "ldc": row.get("ldc"),
        }
        values = dict(given)
        if info is not None:
            reference = {
                "category": info.category,
                "regional_group": info.regional_group,
                "funding_eligible": info.funding_eligible,
                "ldc": info.ldc,
            }
            for column, ref in reference.items():
                if given[column] is None:
                    values[column] = ref
                elif given[column] != ref:
                    shown = ("yes" if ref else "no") if isinstance(ref, bool) else ref
                    self.out.warn(
                        f"differs from the reference data for {info.name} ('{shown}'); "
                        "the value given here is used",
                        "Delegations",
                        row.number,
                        column,
                        did,
                    )
        elif (category or "member_state") in _STATES and given["regional_group"] is None:
            self.out.warn(
                f"'{did}' is not the ISO3 code of a State in the reference data, so its "
                "regional group and funding eligibility are not filled in",
                "Delegations",
                row.number,
                "delegation_id",
                did,
            )
        name: str | None = row.get("name") or (info.name if info else None)
        if name is None:
            self.out.error(
                f"the name is blank and '{did}' is not the ISO3 code of a State; write the "
                "delegation's name",
                "Delegations",
                row.number,
                "name",
                did,
            )
            name = did
        return {
            "delegation_id": did,
            "name": name,
            "category": values["category"] or "member_state",
            "regional_group": values["regional_group"],
            "funding_eligible": bool(values["funding_eligible"]),
            "ldc": bool(values["ldc"]),
        }

    def participants(self) -> list[Participant]:
        """The Participants sheet."""
        out: list[Participant] = []
        for row, pid in self.records("Participants"):
            arrival, departure = row.get("arrival"), row.get("departure")
            if arrival is not None and departure is not None and arrival > departure:
                self.out.error(
                    f"departure {departure.isoformat()} is before arrival {arrival.isoformat()}",
                    "Participants",
                    row.number,
                    "departure",
                    pid,
                )
                self.dropped["Participants"].add(pid)
                continue
            person = self.make(
                "Participants",
                row,
                pid,
                Participant,
                **self.fields(
                    "Participants",
                    row,
                    participant_id=pid,
                    role=row.get("role") or "expert",
                    languages=frozenset(row.get("languages") or ()),
                    mode=row.get("mode") or "in_person",
                    speaks_on=frozenset(row.get("speaks_on") or ()),
                    needs_funding=bool(row.get("needs_funding")),
                    travel_cost=float(row.get("travel_cost") or 0.0),
                ),
            )
            if person is not None:
                out.append(person)
        return out

    def interpreters(self) -> list[Interpreter]:
        """The Interpreters sheet."""
        out: list[Interpreter] = []
        for row, iid in self.records("Interpreters"):
            person = self.make(
                "Interpreters",
                row,
                iid,
                Interpreter,
                **self.fields(
                    "Interpreters",
                    row,
                    interpreter_id=iid,
                    retour=frozenset(row.get("retour") or ()),
                    status=row.get("status") or "staff",
                    daily_rate=float(row.get("daily_rate") or 0.0),
                    travel_cost=float(row.get("travel_cost") or 0.0),
                    unavailable=self.slot_refs(row, "Interpreters", "unavailable", iid)
                    or frozenset(),
                ),
            )
            if person is not None:
                out.append(person)
        return out

    def disciplines(self) -> tuple[Discipline, ...] | None:
        """The optional Disciplines sheet (None when absent)."""
        if "Disciplines" not in self.tables:
            return None
        return tuple(
            Discipline(
                **self.fields(
                    "Disciplines", row, discipline=name, description=row.get("description") or ""
                )
            )
            for row, name in self.records("Disciplines")
        )

    def rules(self) -> Rules:
        """The optional Rules sheet; blank fields keep their defaults."""
        table = self.tables.get("Rules")
        fields = table.rows[0].values if table and table.rows else {}
        kw: dict[str, Any] = {"team_size": {}, "weights": {}}
        for name, value in fields.items():
            if value is None:
                continue
            if name.startswith("team_size_"):
                kw["team_size"][name.removeprefix("team_size_")] = value
            elif name.startswith("weight_"):
                kw["weights"][name.removeprefix("weight_")] = float(value)
            elif name == "interpretation_budget":
                kw[name] = None if value == float("inf") else float(value)
            elif name in ("travel_budget", "time_limit_seconds"):
                kw[name] = float(value)
            else:
                kw[name] = frozenset(value) if name == "retour_booths" else value
        try:
            return Rules(**kw)
        except ValueError as exc:
            self.out.error(str(exc).removeprefix("rules: "), "Rules")
            return Rules()

    def nonempty(self, sheet: str, what: str) -> None:
        """An error when a present sheet holds no rows at all."""
        table = self.tables.get(sheet)
        if table is not None and not table.rows and table.columns:
            self.out.error(f"the sheet has no rows; add at least one {what}", sheet)

    def build(self) -> ProblemData | None:
        """Every record, then the problem with the domain's cross-reference checks."""
        meeting = self.meeting()
        parts: dict[str, Any] = {"meeting": meeting, "slots": self.slots(), "rooms": self.rooms()}
        parts["items"] = self.items(meeting)
        parts["delegations"] = self.delegations()
        parts["participants"] = self.participants()
        parts["interpreters"] = self.interpreters()
        parts["disciplines"] = self.disciplines()
        parts["rules"] = self.rules()
        for sheet, what in (("Slots", "slot"), ("Rooms", "room"), ("Agenda", "agenda item")):
            self.nonempty(sheet, what)
        weight = funding_weight_issue(parts["rules"], parts["items"], parts["participants"])
        if weight is not None:
            self.out.issues.append(weight)
        warnings = tuple(i for i in self.out.issues if not i.is_error)
        try:
            problem: ProblemData | None = ProblemData(**parts, warnings=warnings)
        except InvalidProblem as exc:
            for issue in exc.errors:
                if not self._follows_from_dropped(issue):
                    self.out.issues.append(locate(issue, self.rows))
            return None
        return None if self.out.has_errors else problem

    def _follows_from_dropped(self, issue: Issue) -> bool:
        match = _UNKNOWN_REF.match(issue.message)
        if match is None:
            return False
        return match.group(2) in self.dropped[_REF_SHEET[match.group(1)]]


def locate(issue: Issue, rows: Rows) -> Issue:
    """Place an issue keyed by record id on its workbook row."""
    if issue.row is None and issue.sheet and issue.key:
        return issue.at(rows.get((issue.sheet, issue.key)))
    return issue
