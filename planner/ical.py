"""The plan as iCalendar files (RFC 5545), for delegates' and interpreters' calendars.

One file for the whole programme, one per room, one per delegation (the sessions where it holds
a seat or speaks on the panel) and one per interpreter (their bookings, with room and booth).
Times are local times of the meeting's time zone, which each file describes in a VTIMEZONE.

An event's UID comes from the meeting, the agenda item, the part of the item and the person or
delegation, never from the slot: when a replan moves a session, a calendar that imports the
new file updates the event in place. Its SEQUENCE grows when the event changed since the files
that were published before (``previous``, e.g. the files already in the output folder); an
event that is no longer in the plan is published once more as cancelled, so that importing the
new file removes it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import unicodedata
import uuid
import zoneinfo
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from icalendar import Calendar, Event

from planner.domain import Plan, ProblemData, Session
from planner.domain.languages import sort_languages
from planner.i18n import Words, words

PRODID = "-//planner//UN meeting plan//EN"
# Fixed namespace of the planner's UIDs: the same meeting, item, part and person give the same
# UID on every machine and in every run.
_NAMESPACE = uuid.UUID("0b6f4a3e-5d0c-4b8e-9a51-7c2f1e8d9a64")
_FIELDS = ("summary", "start", "end", "location", "description", "status")


class CalendarError(ValueError):
    """A previous calendar file that cannot be read (its name in the message)."""


@dataclass(frozen=True)
class _Event:
    uid: str
    summary: str
    start: dt.datetime
    end: dt.datetime
    location: str
    description: str
    status: str = "CONFIRMED"
    sequence: int = 0
    stamp: dt.datetime | None = None

    def same_as(self, other: _Event) -> bool:
        return all(getattr(self, f) == getattr(other, f) for f in _FIELDS)


_Maker = Callable[[Session, str, str], _Event]
"""Makes the event of a session for a person or delegation (``""``: the programme)."""


def calendar(
    problem: ProblemData,
    plan: Plan,
    previous: Mapping[str, bytes] | None = None,
    *,
    language: str | None = None,
    now: dt.datetime | None = None,
) -> dict[str, bytes]:
    """The plan's iCalendar files, by file name.

    Parameters
    ----------
    problem
        The problem the plan answers (its time zone, rooms, names).
    plan
        The plan; sessions whose ids the problem does not know are left out.
    previous
        The files published before, by name (what the output folder holds): an event keeps
        its SEQUENCE when unchanged and gets the next one when it moved or changed; events gone
        from the plan come back once as cancelled. None: a first publication.
    language
        Language of the events' texts (ar, zh, en, fr, ru, es); None: the meeting's
        ``output_language``. Titles and names stay as typed.
    now
        The DTSTAMP of new and changed events (default: the current time, UTC).

    Returns
    -------
    dict[str, bytes]
        ``programme.ics``, ``room-<id>.ics``, ``delegation-<id>.ics`` and
        ``interpreter-<id>.ics`` (ids reduced to characters safe in file names on every
        system), each an RFC 5545 calendar.

    Raises
    ------
    CalendarError
        When a previous file is not an iCalendar file.
    """
    w = words(language or problem.meeting.output_language)
    stamp = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    wanted = _events(problem, plan, w)
    old = {name: _read(name, data) for name, data in (previous or {}).items()}
    for name in old:
        wanted.setdefault(name, (name.removesuffix(".ics"), []))
    out: dict[str, bytes] = {}
    for name, (title, events) in wanted.items():
        dated = _sequenced(events, old.get(name, {}), stamp)
        out[name] = _ical(problem, title, dated)
    return out


def _events(problem: ProblemData, plan: Plan, w: Words) -> dict[str, tuple[str, list[_Event]]]:
    meeting = problem.meeting
    zone = zoneinfo.ZoneInfo(meeting.timezone)
    rooms = {r.room_id: r for r in problem.rooms}
    known = [
        s
        for s in plan.sessions
        if s.room_id in rooms
        and s.item_id in {i.item_id for i in problem.items}
        and s.slot_id in {x.slot_id for x in problem.slots}
    ]
    parts = _parts(problem, known)

    def event(session: Session, who: str, description: str) -> _Event:
        slot = problem.slot(session.slot_id)
        item = problem.item(session.item_id)
        part, count = parts[session]
        title = w("programme.item", item=item.item_id, title=item.title)
        if count > 1:
            title = w("programme.part", label=title, part=part, parts=count)
        room = rooms[session.room_id]
        where = f"{room.name}, {meeting.venue}" if meeting.venue else room.name
        key = "\x1f".join((meeting.title, item.item_id, str(part), who))
        return _Event(
            uid=f"{uuid.uuid5(_NAMESPACE, key)}@planner",
            summary=title,
            start=dt.datetime.combine(slot.date, slot.start, zone),
            end=dt.datetime.combine(slot.date, slot.end, zone),
            location=where,
            description=description,
        )

    def languages(session: Session) -> str:
        item = problem.item(session.item_id)
        codes = ", ".join(sort_languages(item.languages))
        key = "programme.interpreted" if item.interpreted else "programme.not_interpreted"
        return w(key, codes=codes)

    files: dict[str, tuple[str, list[_Event]]] = {}
    programme = [event(s, "", languages(s)) for s in known]
    files["programme.ics"] = (w("programme.title"), programme)
    names = _file_names("room", [r.room_id for r in problem.rooms])
    for room in problem.rooms:
        mine = [event(s, "", languages(s)) for s in known if s.room_id == room.room_id]
        files[names[room.room_id]] = (room.name, mine)
    _delegations(problem, plan, known, event, w, files)
    _interpreters(problem, plan, known, event, w, files)
    return files


def _delegations(
    problem: ProblemData,
    plan: Plan,
    known: list[Session],
    event: _Maker,
    w: Words,
    files: dict[str, tuple[str, list[_Event]]],
) -> None:
    people = {p.participant_id: p for p in problem.participants}
    seated: dict[tuple[str, Session], list[str]] = defaultdict(list)
    by_place = {(s.slot_id, s.room_id): s for s in known}
    for seat in plan.seats:
        session = by_place.get((seat.slot_id, seat.room_id))
        if session is not None and seat.participant_id in people:
            seated[(people[seat.participant_id].delegation_id, session)].append(
                people[seat.participant_id].name
            )
    first: dict[str, Session] = {}
    for s in sorted(known, key=lambda s: problem.slot_index(s.slot_id)):
        first.setdefault(s.item_id, s)
    speaking: dict[tuple[str, Session], list[str]] = defaultdict(list)
    for panel in sorted(plan.panels, key=lambda p: (p.item_id, p.position)):
        session = first.get(panel.item_id)
        if session is not None and panel.participant_id in people:
            person = people[panel.participant_id]
            speaking[(person.delegation_id, session)].append(
                w("calendar.speaker", name=person.name, position=panel.position)
            )
    names = _file_names("delegation", [d.delegation_id for d in problem.delegations])
    for d in problem.delegations:
        mine: list[_Event] = []
        for s in known:
            key = (d.delegation_id, s)
            if key not in seated and key not in speaking:
                continue
            lines = []
            if key in seated:
                lines.append(w("calendar.seated", names=", ".join(sorted(seated[key]))))
            lines += speaking.get(key, [])
            mine.append(event(s, f"delegation:{d.delegation_id}", "\n".join(lines)))
        files[names[d.delegation_id]] = (d.name, mine)


def _interpreters(
    problem: ProblemData,
    plan: Plan,
    known: list[Session],
    event: _Maker,
    w: Words,
    files: dict[str, tuple[str, list[_Event]]],
) -> None:
    by_place = {(s.slot_id, s.room_id): s for s in known}
    names = _file_names("interpreter", [i.interpreter_id for i in problem.interpreters])
    for person in problem.interpreters:
        mine: list[_Event] = []
        for a in plan.assignments:
            session = by_place.get((a.slot_id, a.room_id))
            if a.interpreter_id != person.interpreter_id or session is None:
                continue
            booth = w("calendar.booth", language=w(f"language.{a.booth}"))
            if a.retour:
                booth += " " + w("calendar.retour")
            mine.append(event(session, f"interpreter:{person.interpreter_id}", booth))
        files[names[person.interpreter_id]] = (person.name, mine)


def _parts(problem: ProblemData, sessions: Iterable[Session]) -> dict[Session, tuple[int, int]]:
    by_item: dict[str, list[Session]] = defaultdict(list)
    for s in sessions:
        by_item[s.item_id].append(s)
    out = {}
    for mine in by_item.values():
        mine.sort(key=lambda s: (problem.slot_index(s.slot_id), s.room_id))
        for k, s in enumerate(mine, 1):
            out[s] = (k, len(mine))
    return out


_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


def safe_name(text: str) -> str:
    """``text`` reduced to ASCII letters, digits, ``-`` and ``_`` (at most 60 characters)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _UNSAFE.sub("_", ascii_text).strip("_")[:60]


def _file_names(kind: str, ids: list[str]) -> dict[str, str]:
    """A file name per id, distinct even on file systems that ignore case.

    Two ids that reduce to the same safe text (``R/1`` and ``R_1``, ``Ab`` and ``aB``) or to
    none (``工作``) get a short digest of the id appended, so every id keeps its own file.
    """
    bases = {i: safe_name(i) for i in ids}
    counts: dict[str, int] = defaultdict(int)
    for base in bases.values():
        counts[base.casefold()] += 1
    out = {}
    for i, base in bases.items():
        if not base or counts[base.casefold()] > 1:
            digest = hashlib.sha1(i.encode()).hexdigest()[:8]
            base = f"{base}-{digest}" if base else digest
        out[i] = f"{kind}-{base}.ics"
    return out


def _read(name: str, data: bytes) -> dict[str, _Event]:
    try:
        parsed = Calendar.from_ical(data)
        out = {}
        for ev in parsed.walk("VEVENT"):
            uid = str(ev.get("uid"))
            out[uid] = _Event(
                uid=uid,
                summary=str(ev.get("summary", "")),
                start=ev.decoded("dtstart"),
                end=ev.decoded("dtend"),
                location=str(ev.get("location", "")),
                description=str(ev.get("description", "")),
                status=str(ev.get("status", "CONFIRMED")),
                sequence=int(ev.get("sequence", 0)),
                stamp=ev.decoded("dtstamp") if "dtstamp" in ev else None,
            )
        return out
    except (ValueError, KeyError, TypeError) as exc:
        raise CalendarError(f"{name} is not a readable iCalendar file ({exc})") from exc


def _sequenced(events: list[_Event], old: dict[str, _Event], stamp: dt.datetime) -> list[_Event]:
    out = []
    for e in events:
        before = old.get(e.uid)
        if before is None:
            out.append(replace(e, stamp=stamp))
        elif e.same_as(before):
            out.append(replace(e, sequence=before.sequence, stamp=before.stamp or stamp))
        else:
            out.append(replace(e, sequence=before.sequence + 1, stamp=stamp))
    current = {e.uid for e in events}
    for uid, before in old.items():
        if uid in current:
            continue
        if before.status == "CANCELLED":
            out.append(before)
        else:
            out.append(
                replace(before, status="CANCELLED", sequence=before.sequence + 1, stamp=stamp)
            )
    return out


def _ical(problem: ProblemData, title: str, events: list[_Event]) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{problem.meeting.title} — {title}")
    cal.add("x-wr-timezone", problem.meeting.timezone)
    for e in sorted(events, key=lambda e: (e.start, e.uid)):
        ev = Event()
        ev.add("uid", e.uid)
        ev.add("dtstamp", e.stamp)
        ev.add("dtstart", e.start)
        ev.add("dtend", e.end)
        ev.add("summary", e.summary)
        ev.add("location", e.location)
        if e.description:
            ev.add("description", e.description)
        ev.add("status", e.status)
        ev.add("sequence", e.sequence)
        cal.add_component(ev)
    days = [s.date for s in problem.slots] or [dt.date.today()]
    cal.add_missing_timezones(
        first_date=min(days) - dt.timedelta(days=1), last_date=max(days) + dt.timedelta(days=1)
    )
    return bytes(cal.to_ical())


_PUBLISHED = re.compile(r"^(programme|(room|delegation|interpreter)-[A-Za-z0-9_-]+)\.ics$")


def write_calendars(
    problem: ProblemData,
    plan: Plan,
    folder: str | os.PathLike[str],
    *,
    language: str | None = None,
) -> dict[str, bytes]:
    """Write the plan's calendar files into ``folder``, numbering changes from what is there.

    The planner's files already in ``folder`` (``programme.ics``, ``room-*.ics``,
    ``delegation-*.ics``, ``interpreter-*.ics``) are the previous publication: they give each
    event's SEQUENCE (see `calendar`). Other files are left alone. Every file is written to a
    temporary name first and moved into place once all are written.

    Returns
    -------
    dict[str, bytes]
        The files written, by name.

    Raises
    ------
    CalendarError
        When a previous file cannot be read.
    OSError
        When the folder cannot be created or written.
    """
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    previous = {
        p.name: p.read_bytes() for p in target.iterdir() if _PUBLISHED.match(p.name) and p.is_file()
    }
    files = calendar(problem, plan, previous, language=language)
    temporary: dict[str, Path] = {}
    try:
        for name, data in files.items():
            temporary[name] = target / f".{name}.{uuid.uuid4().hex[:8]}.tmp"
            temporary[name].write_bytes(data)
        for name, path in temporary.items():
            os.replace(path, target / name)
    finally:
        for path in temporary.values():
            path.unlink(missing_ok=True)
    return files
