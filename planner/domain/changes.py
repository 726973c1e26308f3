"""What changed between two plans, in words a secretariat officer can forward.

`diff` compares an earlier plan with a new one (a replan, or a plan edited by hand) and lists
each change once, with the people to notify, so that only they are told. A session that moved
is paired with its old place (the parts of an item kept in place are not changes; the others
are paired in time order), and its interpreters, seat holders and panel are compared across
that pairing, so moving an item is one change, not one per person in the room. Locks, speaking
positions and retour marks are not compared: they follow from the rows that are.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from planner.domain.languages import LANGUAGE_NAMES, LANGUAGES
from planner.domain.plan import Plan, Session
from planner.domain.problem import ProblemData

CHANGE_KINDS = (
    "item_moved",
    "item_added",
    "item_removed",
    "interpreter_replaced",
    "interpreter_added",
    "interpreter_removed",
    "speaker_replaced",
    "speaker_added",
    "speaker_removed",
    "seats_changed",
    "funding_granted",
    "funding_withdrawn",
)
"""Every kind of `Change`, in the order `diff` lists them."""

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True, slots=True)
class Change:
    """One difference between two plans, as a row of the `Changes` sheet.

    Attributes
    ----------
    kind
        One of `CHANGE_KINDS`, such as ``item_moved`` or ``interpreter_replaced``.
    subject
        What changed: the item, the session and booth, the panel, the delegation or the person.
    old, new
        Before and after, in words (blank when there was nothing before or is nothing after).
    who_to_notify
        The people and delegations concerned, in words.
    ids
        The ids of those concerned (interpreters, participants, delegations), for a script that
        writes to them.
    """

    kind: str
    subject: str
    old: str
    new: str
    who_to_notify: str
    ids: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.kind}: {self.subject}: {self.old or '-'} -> {self.new or '-'}"


class _Words:
    """Labels for ids: with names, dates and titles when the problem knows them."""

    def __init__(self, problem: ProblemData | None) -> None:
        self.problem = problem
        slots = problem.slots if problem else ()
        self._order = {s.slot_id: k for k, s in enumerate(slots)}

    def when(self, slot_id: str) -> tuple[int, str]:
        """Sort key of a slot: time order when known, else after the known ones, by id."""
        return (self._order.get(slot_id, len(self._order)), slot_id)

    def slot(self, slot_id: str) -> str:
        if self.problem is None or slot_id not in self._order:
            return slot_id
        s = self.problem.slot(slot_id)
        day: dt.date = s.date
        return (
            f"{slot_id} ({_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} "
            f"{s.start:%H:%M}-{s.end:%H:%M})"
        )

    def place(self, session: Session) -> str:
        return f"{self.slot(session.slot_id)}, room {session.room_id}"

    def item(self, item_id: str) -> str:
        try:
            title = self.problem.item(item_id).title if self.problem else None
        except KeyError:
            title = None
        return f"item {item_id} ({title})" if title else f"item {item_id}"

    def interpreter(self, interpreter_id: str) -> str:
        try:
            name = self.problem.interpreter(interpreter_id).name if self.problem else None
        except KeyError:
            name = None
        return f"{interpreter_id} ({name})" if name else interpreter_id

    def participant(self, participant_id: str) -> str:
        try:
            name = self.problem.participant(participant_id).name if self.problem else None
        except KeyError:
            name = None
        return f"{participant_id} ({name})" if name else participant_id

    def delegation_of(self, participant_id: str) -> str | None:
        try:
            return self.problem.participant(participant_id).delegation_id if self.problem else None
        except KeyError:
            return None

    def delegation(self, delegation_id: str) -> str:
        try:
            name = self.problem.delegation(delegation_id).name if self.problem else None
        except KeyError:
            name = None
        return f"{delegation_id} ({name})" if name and name != delegation_id else delegation_id


def _join(labels: Iterable[str]) -> str:
    return ", ".join(labels)


@dataclass(frozen=True, slots=True)
class _Rows:
    """One plan's rows grouped by what `diff` compares."""

    parts: dict[str, set[Session]]
    teams: dict[Session, dict[str, set[str]]]  # session -> booth -> interpreters
    holders: dict[Session, dict[str, set[str]]]  # session -> delegation -> participants
    panels: dict[str, set[str]]

    @classmethod
    def of(cls, plan: Plan) -> _Rows:
        parts: dict[str, set[Session]] = defaultdict(set)
        for s in plan.sessions:
            parts[s.item_id].add(s)
        teams: dict[Session, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for a in plan.assignments:
            teams[Session(a.item_id, a.slot_id, a.room_id)][a.booth].add(a.interpreter_id)
        holders: dict[Session, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for seat in plan.seats:
            session = Session(seat.item_id, seat.slot_id, seat.room_id)
            holders[session][seat.delegation_id].add(seat.participant_id)
        panels: dict[str, set[str]] = defaultdict(set)
        for p in plan.panels:
            panels[p.item_id].add(p.participant_id)
        return cls(parts, teams, holders, panels)

    def booths(self, session: Session | None) -> set[str]:
        return set(self.teams[session]) if session in self.teams else set()

    def team(self, session: Session | None, booth: str) -> set[str]:
        return self.teams[session][booth] if session in self.teams else set()

    def team_of(self, session: Session) -> set[str]:
        """Every interpreter of the session, all booths."""
        return set().union(*self.teams[session].values()) if session in self.teams else set()

    def seated(self, session: Session | None, delegation_id: str) -> set[str]:
        return self.holders[session][delegation_id] if session in self.holders else set()

    def delegations_in(self, session: Session | None) -> set[str]:
        return set(self.holders[session]) if session in self.holders else set()


def _place(pair: tuple[Session | None, Session | None]) -> Session:
    """Where a pair of sessions is now, or was when the new plan has none."""
    place = pair[1] or pair[0]
    assert place is not None, "a pair has at least one side"
    return place


class _Diff:
    def __init__(self, old: Plan, new: Plan, problem: ProblemData | None) -> None:
        self.words = _Words(problem)
        self.old, self.new = _Rows.of(old), _Rows.of(new)
        self.old_funded, self.new_funded = old.funded, new.funded
        # The old and new place of each session kept or moved; one side is None for the teams
        # and seats of a session that plan does not hold (a hand-edited plan).
        self.pairs: list[tuple[Session | None, Session | None]] = []
        items = problem.items if problem else ()
        known = [i.item_id for i in items]
        self.items = known + sorted((set(self.old.parts) | set(self.new.parts)) - set(known))

    def _time(self, s: Session) -> tuple[tuple[int, str], str]:
        return (self.words.when(s.slot_id), s.room_id)

    def _session_notice(
        self, item_id: str, sessions: Iterable[Session]
    ) -> tuple[str, tuple[str, ...]]:
        interpreters: set[str] = set()
        delegations: set[str] = set()
        for s in sessions:
            interpreters |= self.old.team_of(s) | self.new.team_of(s)
            delegations |= self.old.delegations_in(s) | self.new.delegations_in(s)
        speakers = self.old.panels.get(item_id, set()) | self.new.panels.get(item_id, set())
        w = self.words
        parts = []
        if interpreters:
            parts.append("interpreters " + _join(w.interpreter(i) for i in sorted(interpreters)))
        if speakers:
            parts.append("speakers " + _join(w.participant(p) for p in sorted(speakers)))
        if delegations:
            parts.append("delegations " + _join(sorted(delegations)))
        text = "; ".join(parts) or "the secretariat"
        return text, (*sorted(interpreters), *sorted(speakers), *sorted(delegations))

    def sessions(self) -> Iterator[Change]:
        w = self.words
        for item_id in self.items:
            before = self.old.parts.get(item_id, set())
            after = self.new.parts.get(item_id, set())
            self.pairs.extend((s, s) for s in before & after)
            gone = sorted(before - after, key=self._time)
            came = sorted(after - before, key=self._time)
            for a, b in itertools.zip_longest(gone, came):
                touched = [s for s in (a, b) if s is not None]
                who, ids = self._session_notice(item_id, touched)
                if a is not None and b is not None:
                    self.pairs.append((a, b))
                    yield Change("item_moved", w.item(item_id), w.place(a), w.place(b), who, ids)
                elif a is not None:
                    yield Change("item_removed", w.item(item_id), w.place(a), "", who, ids)
                elif b is not None:
                    yield Change("item_added", w.item(item_id), "", w.place(b), who, ids)
        held_before = {s for parts in self.old.parts.values() for s in parts}
        held_after = {s for parts in self.new.parts.values() for s in parts}
        for s in (set(self.old.teams) | set(self.old.holders)) - held_before:
            self.pairs.append((s, None))
        for s in (set(self.new.teams) | set(self.new.holders)) - held_after:
            self.pairs.append((None, s))
        self.pairs.sort(key=lambda pair: self._time(_place(pair)))

    def interpreters(self) -> Iterator[Change]:
        w = self.words
        rank = {code: k for k, code in enumerate(LANGUAGES)}
        for a, b in self.pairs:
            booths = self.old.booths(a) | self.new.booths(b)
            place = _place((a, b))
            for booth in sorted(booths, key=lambda bo: (rank.get(bo, len(rank)), bo)):
                before, after = self.old.team(a, booth), self.new.team(b, booth)
                subject = (
                    f"{w.item(place.item_id)} at {w.place(place)}, "
                    f"{LANGUAGE_NAMES.get(booth, booth)} booth"
                )
                gone, came = sorted(before - after), sorted(after - before)
                for out, into in itertools.zip_longest(gone, came):
                    ids = tuple(i for i in (out, into) if i is not None)
                    who = _join(w.interpreter(i) for i in ids)
                    kind = (
                        "interpreter_replaced"
                        if out and into
                        else "interpreter_removed"
                        if out
                        else "interpreter_added"
                    )
                    old = w.interpreter(out) if out else ""
                    new = w.interpreter(into) if into else ""
                    yield Change(kind, subject, old, new, who, ids)

    def _people(self, pids: Iterable[str]) -> tuple[str, tuple[str, ...]]:
        w = self.words
        people = sorted(pids)
        delegations = sorted({d for p in people if (d := w.delegation_of(p)) is not None})
        text = _join(w.participant(p) for p in people)
        if delegations:
            text += "; delegation " + _join(w.delegation(d) for d in delegations)
        return text, (*people, *delegations)

    def speakers(self) -> Iterator[Change]:
        w = self.words
        for item_id in self.items:
            before = self.old.panels.get(item_id, set())
            after = self.new.panels.get(item_id, set())
            gone, came = sorted(before - after), sorted(after - before)
            for out, into in itertools.zip_longest(gone, came):
                who, ids = self._people(p for p in (out, into) if p is not None)
                kind = (
                    "speaker_replaced"
                    if out and into
                    else "speaker_removed"
                    if out
                    else "speaker_added"
                )
                old = w.participant(out) if out else ""
                new = w.participant(into) if into else ""
                yield Change(kind, f"panel of {w.item(item_id)}", old, new, who, ids)

    def seats(self) -> Iterator[Change]:
        w = self.words
        for a, b in self.pairs:
            for d in sorted(self.old.delegations_in(a) | self.new.delegations_in(b)):
                before, after = self.old.seated(a, d), self.new.seated(b, d)
                if before == after:
                    continue
                people = sorted(before ^ after)
                who = f"delegation {w.delegation(d)}: " + _join(w.participant(p) for p in people)
                place = _place((a, b))
                yield Change(
                    "seats_changed",
                    f"{w.delegation(d)} in {w.item(place.item_id)} at {w.place(place)}",
                    _join(w.participant(p) for p in sorted(before)) or "no seat",
                    _join(w.participant(p) for p in sorted(after)) or "no seat",
                    who,
                    (d, *people),
                )

    def funding(self) -> Iterator[Change]:
        w = self.words
        for kind, pids, old, new in (
            ("funding_granted", self.new_funded - self.old_funded, "not funded", "funded"),
            ("funding_withdrawn", self.old_funded - self.new_funded, "funded", "not funded"),
        ):
            for pid in sorted(pids):
                who, ids = self._people([pid])
                yield Change(kind, w.participant(pid), old, new, who, ids)


def diff(old: Plan, new: Plan, problem: ProblemData | None = None) -> list[Change]:
    """Every difference between two plans, for the people who must be told.

    Parameters
    ----------
    old
        The earlier plan (the one people were told about).
    new
        The plan that replaces it.
    problem
        The problem of the new plan: with it, changes name slots with their dates and times and
        people with their names, and are listed in time order; without it, ids only.

    Returns
    -------
    list[Change]
        Moved, added and removed sessions (by agenda item), then replaced, added and removed
        interpreters (per session and booth), speakers (per panel), seat holders (per session
        and delegation), each group in time order, and funding decisions (per person). Empty
        when the plans agree. Interpreters and seats that a hand-edited plan left in a place it
        does not hold are compared as well (removed, or added, there).
    """
    d = _Diff(old, new, problem)
    sessions = list(d.sessions())  # pairs the sessions that the later groups compare
    return [*sessions, *d.interpreters(), *d.speakers(), *d.seats(), *d.funding()]
