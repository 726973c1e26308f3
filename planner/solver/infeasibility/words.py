"""Conflicting hard rules in plain words: one sentence and one suggestion per guarded rule.

`conflicts` finds which guards (hard rule, data ids) conflict; this module says what
each one means for the data at hand, counting what is available against what is needed, with
slot labels, item titles, booth language names, people's names and budget amounts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from planner.domain import LANGUAGE_NAMES, AgendaItem, ProblemData, Slot
from planner.domain.capacity import usable_slots
from planner.solver.interpretation import interpreter_availability

LISTED = 4
"""Most slots or people named in one sentence; the rest are counted."""


@dataclass(frozen=True, slots=True)
class Cause:
    """One hard rule, on some data, that takes part in the conflict.

    Attributes
    ----------
    rule
        The guard's rule name (``team_size``, ``allowed_slots``, ``after``, ...).
    data
        The ids of the data the rule is applied to (item, booth, interpreter, slot...).
    sentence
        What the rule asks of that data, with the figures that make it conflict.
    suggestion
        What to relax, and where in the workbook.
    """

    rule: str
    data: tuple[str, ...]
    sentence: str
    suggestion: str

    def __str__(self) -> str:
        return f"{self.sentence}\n  Suggestion: {self.suggestion}"


def slot_label(slot: Slot) -> str:
    """``D2-PM (Tue 26 Mar 15:00-18:00)``."""
    when = f"{slot.date:%a} {slot.date.day} {slot.date:%b} {slot.start:%H:%M}-{slot.end:%H:%M}"
    return f"{slot.slot_id} ({when})"


def _listed(words: Iterable[str]) -> str:
    shown = list(words)
    if len(shown) > LISTED:
        return ", ".join(shown[:LISTED]) + f" and {len(shown) - LISTED} more"
    return ", ".join(shown)


def _item(problem: ProblemData, item_id: str) -> str:
    return f"item {item_id} '{problem.item(item_id).title}'"


def _item_cap(problem: ProblemData, item_id: str) -> str:
    return f"Item {item_id} '{problem.item(item_id).title}'"


def _language(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


def _money(amount: float) -> str:
    return f"USD {amount:,.0f}"


def _slots_of(problem: ProblemData, item: AgendaItem) -> list[Slot]:
    # The slots the rest of the data leaves it; all its allowed slots when no room fits at all.
    return usable_slots(problem, item) or list(problem.allowed_slots(item))


Words = tuple[str, str]


def _allowed_slots(problem: ProblemData, item_id: str) -> Words:
    item = problem.item(item_id)
    allowed = problem.allowed_slots(item)
    return (
        f"{_item_cap(problem, item_id)} needs {item.sessions} session(s) and may only be "
        f"held in {len(allowed)} slot(s): {_listed(slot_label(s) for s in allowed)}.",
        f"Allow more slots for item {item_id} (column allowed_slots of the Agenda sheet), "
        "or give it fewer sessions.",
    )


def _room_pin(problem: ProblemData, item_id: str) -> Words:
    room = problem.room(problem.item(item_id).room or "")
    return (
        f"{_item_cap(problem, item_id)} is pinned to room {room.room_id} ({room.name}).",
        f"Let item {item_id} use another room (clear its room in the Agenda sheet).",
    )


def _room_capacity(problem: ProblemData, item_id: str) -> Words:
    item = problem.item(item_id)
    big = [r for r in problem.rooms if r.capacity >= (item.attendance or 0)]
    largest = max(problem.rooms, key=lambda r: r.capacity)
    where = (
        f"only {_listed(f'{r.room_id} ({r.capacity})' for r in big)} seat that many"
        if big
        else f"no room seats that many: the largest, {largest.room_id} ({largest.name}), has "
        f"{largest.capacity} seats"
    )
    return (
        f"{_item_cap(problem, item_id)} expects an attendance of {item.attendance}, but {where}.",
        f"Lower the attendance of item {item_id} (Agenda sheet) or add a larger room.",
    )


def _room_booths(problem: ProblemData, item_id: str) -> Words:
    item = problem.item(item_id)
    wanted = ", ".join(_language(c) for c in item.languages)
    fit = [r.room_id for r in problem.rooms if set(item.languages) <= r.booths]
    where = f"only {_listed(fit)} have all those booths" if fit else "no room has all of them"
    return (
        f"{_item_cap(problem, item_id)} is interpreted between {wanted}, and {where}.",
        f"Interpret item {item_id} into fewer languages or add booths to a room (Rooms sheet).",
    )


def _room_unavailable(problem: ProblemData, room_id: str) -> Words:
    room = problem.room(room_id)
    slots = [s for s in problem.slots if s.slot_id in room.unavailable]
    return (
        f"Room {room_id} ({room.name}) is unavailable in {_listed(slot_label(s) for s in slots)}.",
        f"Make room {room_id} available in some of those slots (column unavailable of the "
        "Rooms sheet), or add a room.",
    )


def _after(problem: ProblemData, item_id: str, before_id: str) -> Words:
    before = problem.item(before_id)
    return (
        f"{_item_cap(problem, item_id)} comes after {_item(problem, before_id)}: it "
        f"starts only once all {before.sessions} session(s) of item {before_id} are over "
        f"(the meeting has {len(problem.slots)} slots).",
        f"Remove {before_id} from the after list of item {item_id} (Agenda sheet), or add slots.",
    )


def _max_parallel(problem: ProblemData, slot_id: str) -> Words:
    limit = problem.rules.max_parallel_sessions
    return (
        f"At most {limit} session(s) may run at the same time (max_parallel_sessions), "
        f"also in {slot_label(problem.slot(slot_id))}.",
        "Raise max_parallel_sessions in the Rules sheet, or allow the items of that slot "
        "other slots.",
    )


def _available_in(problem: ProblemData, booth: str, slot: Slot) -> list[str]:
    return [
        k.name
        for k in problem.interpreters
        if k.booth == booth and interpreter_availability(problem, k, slot)
    ]


def _team_size(problem: ProblemData, item_id: str, booth: str) -> Words:
    item = problem.item(item_id)
    size = problem.team_size(booth)
    language = _language(booth)
    counts = []
    short = True
    for slot in _slots_of(problem, item):
        names = _available_in(problem, booth, slot)
        short = short and len(names) < size
        who = f" ({_listed(names)})" if names else ""
        counts.append(f"{slot_label(slot)}: {len(names)}{who}")
    article = "an" if language[0] in "AEIOU" else "a"
    available = (
        f", but only these {language} interpreters are available in its slots: "
        if short
        else f"; {language} interpreters available in its slots (other sessions may need them "
        "too): "
    )
    return (
        f"{_item_cap(problem, item_id)} needs {article} {language} team of {size} in each of "
        f"its {item.sessions} session(s){available}{_listed(counts)}.",
        f"Engage more {language} interpreters or make them available then (Interpreters "
        f"sheet), lower team_size_{booth} (Rules sheet), or allow item {item_id} other slots.",
    )


def _retour(problem: ProblemData, item_id: str, booth: str) -> Words:
    item = problem.item(item_id)
    others = set(item.languages) - {booth}
    able = [k.name for k in problem.interpreters if k.booth == booth and k.retour & others]
    into = ", ".join(_language(c) for c in item.languages if c in others)
    return (
        f"{_item_cap(problem, item_id)}: each {_language(booth)} team needs "
        f"{problem.retour_needed(booth)} interpreter(s) with a retour into {into}; "
        f"{len(able)} {_language(booth)} interpreter(s) have one"
        + (f" ({_listed(able)})." if able else "."),
        f"Add retour languages to {_language(booth)} interpreters (Interpreters sheet) or "
        "lower retour_per_team (Rules sheet).",
    )


def _interpreter(problem: ProblemData, iid: str) -> str:
    k = problem.interpreter(iid)
    return f"{k.name} ({iid}, {_language(k.booth)} booth)"


def _interpreter_unavailable(problem: ProblemData, iid: str) -> Words:
    k = problem.interpreter(iid)
    slots = [s for s in problem.slots if s.slot_id in k.unavailable]
    return (
        f"{_interpreter(problem, iid)} is unavailable in {_listed(slot_label(s) for s in slots)}.",
        f"Ask whether {k.name} can work then (column unavailable of the Interpreters sheet), "
        f"or engage another {_language(k.booth)} interpreter.",
    )


def _limit(problem: ProblemData, iid: str, period: str) -> Words:
    k = problem.interpreter(iid)
    limit = problem.max_per_day(k) if period == "day" else problem.max_per_week(k)
    column = f"max_per_{period}"
    return (
        f"{_interpreter(problem, iid)} may work at most {limit} session(s) a {period} ({column}).",
        f"Raise {column} of {k.name} (Interpreters sheet) or interpreter_{column} (Rules "
        f"sheet), or engage more {_language(k.booth)} interpreters.",
    )


def _interpretation_budget(problem: ProblemData, cheapest: float | None = None) -> Words:
    budget = problem.rules.interpretation_budget or 0.0
    least = "" if cheapest is None else f"; the sessions above cost at least {_money(cheapest)}"
    return (
        "Interpreter costs (daily rates for days worked, plus travel for anyone engaged) must "
        f"stay within the interpretation budget of {_money(budget)}{least}.",
        "Raise interpretation_budget (Rules sheet), or engage interpreters with lower rates "
        "or no travel.",
    )


def _travel_budget(problem: ProblemData) -> Words:
    return (
        f"Funded travel must stay within the travel budget of "
        f"{_money(problem.rules.travel_budget)}.",
        "Raise travel_budget (Rules sheet).",
    )


def _funded_per_delegation(problem: ProblemData, did: str) -> Words:
    limit = problem.rules.max_funded_per_delegation
    return (
        f"Delegation {did} ({problem.delegation(did).name}) may have at most {limit} funded "
        "person(s) (max_funded_per_delegation).",
        "Raise max_funded_per_delegation (Rules sheet).",
    )


def _plenary_seats(problem: ProblemData, item_id: str) -> Words:
    return (
        f"{_item_cap(problem, item_id)} is a plenary (blank attendance): every "
        "delegation present that day must hold a seat in it.",
        f"Give item {item_id} an attendance (it is then not a plenary), or hold it on a day "
        "with fewer delegations.",
    )


def _seat_capacity(problem: ProblemData, room_id: str) -> Words:
    room = problem.room(room_id)
    secretariat = problem.rules.secretariat_seats
    return (
        f"Room {room_id} ({room.name}) has {room.capacity} seats, {secretariat} of them for the "
        f"secretariat (secretariat_seats), leaving {max(0, room.capacity - secretariat)} for "
        "delegations.",
        "Use a larger room, or lower secretariat_seats (Rules sheet).",
    )


WORDS: dict[str, Callable[..., Words]] = {
    "allowed_slots": _allowed_slots,
    "room_pin": _room_pin,
    "room_capacity": _room_capacity,
    "room_booths": _room_booths,
    "room_unavailable": _room_unavailable,
    "after": _after,
    "max_parallel": _max_parallel,
    "team_size": _team_size,
    "retour": _retour,
    "interpreter_unavailable": _interpreter_unavailable,
    "max_per_day": lambda p, iid: _limit(p, iid, "day"),
    "max_per_week": lambda p, iid: _limit(p, iid, "week"),
    "interpretation_budget": _interpretation_budget,
    "travel_budget": _travel_budget,
    "max_funded_per_delegation": _funded_per_delegation,
    "plenary_seats": _plenary_seats,
    "seat_capacity": _seat_capacity,
}
"""Every guarded hard rule and how to say it: ``(problem, *data) -> (sentence, suggestion)``."""


def cause(problem: ProblemData, rule: str, data: tuple[str, ...], **facts: float) -> Cause:
    """The guard of ``rule`` on ``data`` in plain words (``facts``: figures the solver found,
    such as the ``cheapest`` interpretation for the budget)."""
    sentence, suggestion = WORDS[rule](problem, *data, **facts)
    return Cause(rule, data, sentence, suggestion)
