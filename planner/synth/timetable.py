"""Slots, agenda items and a witness placement proving that every item fits.

Items are placed on the slot x room grid while they are made, under the hard rules on rooms,
parallel sessions and order, so that the instance has at least one timetable by construction.
Plenary sessions never run in parallel with each other, which lets every delegation be seated
in each of them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import string
from dataclasses import dataclass

from planner.domain import LANGUAGES, AgendaItem, Room, Session, Slot
from planner.synth.config import EXAMPLE_AGENDA, ItemSpec, SynthConfig
from planner.synth.vocabulary import THEMES

NOON = dt.time(12)
# Kinds of generated item: (languages, weight); attendance and panels are drawn per kind.
KINDS: dict[str, tuple[tuple[str, ...], int]] = {
    "plenary": (LANGUAGES, 3),
    "working": (LANGUAGES, 3),
    "trilingual": (("en", "fr", "es"), 2),
    "english": (("en",), 2),
}


def make_slots(first_day: dt.date, days: int) -> tuple[Slot, ...]:
    """Two meetings (10:00-13:00, 15:00-18:00) on each of ``days`` weekdays: D1-AM, D1-PM..."""
    out: list[Slot] = []
    date, n = first_day, 0
    while n < days:
        if date.weekday() < 5:
            n += 1
            out.append(Slot(f"D{n}-AM", date, dt.time(10), dt.time(13)))
            out.append(Slot(f"D{n}-PM", date, dt.time(15), dt.time(18)))
        date += dt.timedelta(days=1)
    return tuple(out)


@dataclass(slots=True)
class _Placed:
    spec: ItemSpec
    where: list[tuple[int, str]]  # (slot index, room_id) in time order
    theme: int | None = None
    topic: str = ""


class _Grid:
    """The slot x room grid being filled, with the rules a placement must keep."""

    def __init__(
        self, slots: tuple[Slot, ...], rooms: tuple[Room, ...], parallel: int, plenary_seats: int
    ) -> None:
        self.slots, self.rooms, self.parallel = slots, rooms, parallel
        self.plenary_seats = plenary_seats
        self.busy: dict[tuple[int, str], str] = {}
        self.count = [0] * len(slots)
        self.plenary = [False] * len(slots)

    def fits(self, spec: ItemSpec, room: Room) -> bool:
        if len(spec.languages) >= 2 and not set(spec.languages) <= room.booths:
            return False
        need = self.plenary_seats if spec.attendance is None else spec.attendance
        return room.capacity >= need

    def candidates(self, spec: ItemSpec) -> list[tuple[int, str]]:
        n = len(self.slots)
        span = {"first": range(1), "last": range(n - 1, n)}.get(spec.position, range(1, n - 1))
        return [
            (i, room.room_id)
            for i in span
            if spec.window is None or (self.slots[i].start < NOON) == (spec.window == "am")
            if self.count[i] < self.parallel and not (spec.attendance is None and self.plenary[i])
            for room in self.rooms
            if (i, room.room_id) not in self.busy and self.fits(spec, room)
        ]

    def place(self, spec: ItemSpec, rng: random.Random) -> list[tuple[int, str]] | None:
        """Put the item's sessions on the grid (consecutive in one room if possible)."""
        free = self.candidates(spec)
        free_set = set(free)
        runs = [
            (i, r) for i, r in free if all((i + k, r) in free_set for k in range(1, spec.sessions))
        ]
        if runs:
            i, r = rng.choice(runs)
            where = [(i + k, r) for k in range(spec.sessions)]
        else:
            rng.shuffle(free)
            where = []
            for i, r in free:
                if all(i != j for j, _ in where):
                    where.append((i, r))
            if len(where) < spec.sessions:
                return None
            where = sorted(where[: spec.sessions])
        for i, r in where:
            self.busy[(i, r)] = spec.item_id
            self.count[i] += 1
            self.plenary[i] = self.plenary[i] or spec.attendance is None
        return where


def _generated_spec(kind: str, k: int, theme: int, topic: str, rng: random.Random) -> ItemSpec:
    languages = KINDS[kind][0]
    title, wanted = THEMES[theme][0], THEMES[theme][1]
    attendance: int | None = None
    panel = rng.choice((0, 3, 4, 5)) if rng.random() < 0.8 else 0
    window = None
    if kind == "working":
        attendance = rng.randrange(80, 201, 10)
        title = f"Working group: {title}"
    elif kind == "trilingual":
        attendance, panel = rng.randrange(40, 101, 10), rng.choice((0, 3))
        title = f"Working session: {title}"
    elif kind == "english":
        attendance, panel = rng.randrange(20, 51, 5), rng.choice((0, 0, 3))
        title = "Informal technical consultation"
        window = rng.choice(("am", "pm")) if rng.random() < 0.25 else None
    return ItemSpec(
        item_id=f"new-{k}",
        title=f"{title}: {topic}",
        sessions=2 if rng.random() < 0.3 else 1,
        languages=languages,
        attendance=attendance,
        panel_size=panel,
        disciplines=wanted[: rng.randint(1, len(wanted))] if panel else (),
        window=window,
        pin_room=kind == "english" and rng.random() < 0.3,
    )


def _generate(config: SynthConfig, grid: _Grid, rng: random.Random) -> list[_Placed]:
    """Opening, report and ``config.items - 2`` items in between, made as they fit."""
    rooms = grid.rooms
    ends = [
        ItemSpec("1", EXAMPLE_AGENDA[0].title, position="first"),
        ItemSpec("last", "Adoption of the report", position="last"),
    ]
    placed = [_Placed(s, _must_place(grid, s, rng)) for s in ends]
    kinds = [
        k for k, (langs, _) in KINDS.items() if any(grid.fits(_probe(langs), r) for r in rooms)
    ]
    used = [0] * len(THEMES)
    k = 0
    while len(placed) < config.items and kinds:
        kind = rng.choices(kinds, weights=[KINDS[x][1] for x in kinds])[0]
        theme = k % len(THEMES)
        topic = THEMES[theme][2][used[theme] % len(THEMES[theme][2])]
        spec = _generated_spec(kind, k, theme, topic, rng)
        # Fewer sessions, then any time of day, before giving up on this kind of item.
        where = (
            grid.place(spec, rng)
            or grid.place(spec := dataclasses.replace(spec, sessions=1), rng)
            or grid.place(spec := dataclasses.replace(spec, window=None), rng)
        )
        if where is None:
            kinds.remove(kind)
            continue
        spec = dataclasses.replace(spec, sessions=len(where))
        placed.insert(-1, _Placed(spec, where, None if kind == "english" else theme, topic))
        used[theme] += 1
        k += 1
    return placed


def _probe(languages: tuple[str, ...]) -> ItemSpec:
    return ItemSpec("probe", "probe", languages=languages, attendance=1)


def _must_place(grid: _Grid, spec: ItemSpec, rng: random.Random) -> list[tuple[int, str]]:
    where = grid.place(spec, rng)
    if where is None:
        raise ValueError(f"synthetic agenda: no room or slot left for item {spec.item_id}")
    return where


def _number(placed: list[_Placed]) -> list[_Placed]:
    """Final ids in agenda order: 1, themes 2, 3(a), 3(b)..., side items S1.., report last."""
    middle = sorted(placed[1:-1], key=lambda p: (p.theme is None, p.theme or 0, p.where[0]))
    themes = sorted({p.theme for p in middle if p.theme is not None})
    number = {t: n + 2 for n, t in enumerate(themes)}
    count = {t: sum(p.theme == t for p in middle) for t in themes}
    seen = dict.fromkeys(themes, 0)
    side = 0
    for p in middle:
        if p.theme is None:
            side += 1
            new = f"S{side}"
        else:
            letter = string.ascii_lowercase[seen[p.theme]]
            seen[p.theme] += 1
            new = str(number[p.theme]) + (f"({letter})" if count[p.theme] > 1 else "")
        p.spec = dataclasses.replace(p.spec, item_id=new)
    placed[-1].spec = dataclasses.replace(placed[-1].spec, item_id=str(len(themes) + 2))
    return [placed[0], *middle, placed[-1]]


def build_timetable(
    config: SynthConfig,
    slots: tuple[Slot, ...],
    rooms: tuple[Room, ...],
    plenary_seats: int,
    rng: random.Random,
) -> tuple[tuple[AgendaItem, ...], tuple[Room, ...], tuple[Session, ...]]:
    """Agenda items, rooms (with some unavailability) and a witness placement of the items."""
    grid = _Grid(slots, rooms, config.max_parallel_sessions, plenary_seats)
    if config.agenda:
        order = sorted(config.agenda, key=lambda s: (s.position == "middle", -s.sessions))
        where = {s.item_id: _must_place(grid, s, rng) for s in order}
        placed = [_Placed(s, where[s.item_id]) for s in config.agenda]
    else:
        placed = _number(_generate(config, grid, rng))
    items = [_item(p, placed, slots, rng) for p in placed]
    sessions = tuple(
        Session(p.spec.item_id, slots[i].slot_id, r) for p in placed for i, r in p.where
    )
    out_rooms = []
    for room in rooms:
        free = [s.slot_id for i, s in enumerate(slots) if (i, room.room_id) not in grid.busy]
        if free and rng.random() < 0.5:
            room = dataclasses.replace(room, unavailable=frozenset({rng.choice(free)}))
        out_rooms.append(room)
    return tuple(items), tuple(out_rooms), sessions


def _item(
    p: _Placed, placed: list[_Placed], slots: tuple[Slot, ...], rng: random.Random
) -> AgendaItem:
    spec = p.spec
    first = p.where[0][0]
    if spec.position == "first":
        after: tuple[str, ...] = ()
    elif spec.position == "last":
        after = tuple(q.spec.item_id for q in placed if q is not p)
    else:
        after = (placed[0].spec.item_id,)
        # A sub-item sometimes follows its predecessor, as in a real programme of work.
        prior = [q for q in placed if p.theme is not None and q.theme == p.theme]
        k = prior.index(p) if prior else 0
        if k > 0 and prior[k - 1].where[-1][0] < first and rng.random() < 0.3:
            after = (*after, prior[k - 1].spec.item_id)
    allowed = None
    if spec.window is not None:
        allowed = frozenset(s.slot_id for s in slots if (s.start < NOON) == (spec.window == "am"))
    return AgendaItem(
        item_id=spec.item_id,
        title=spec.title,
        sessions=spec.sessions,
        languages=spec.languages,
        after=after,
        allowed_slots=allowed,
        room=p.where[0][1] if spec.pin_room and len({r for _, r in p.where}) == 1 else None,
        attendance=spec.attendance,
        panel_size=spec.panel_size,
        disciplines=spec.disciplines,
    )
