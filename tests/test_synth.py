"""The synthetic instance generator: deterministic, of the stated sizes, feasible by design."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import re
import subprocess
import sys
from collections import Counter

import pytest

from planner.check import check_plan
from planner.domain import LANGUAGES, ProblemData, Rules
from planner.domain.metrics import interpretation_cost
from planner.reference import states
from planner.synth import SynthConfig, generate, generate_with_witness

PRESETS = ("small", "example", "two_week", "full_membership")


def preset(name: str) -> SynthConfig:
    config: SynthConfig = getattr(SynthConfig, name)()
    return config


def canonical(value: object) -> object:
    """A hash-order-free form of a problem, to compare across processes."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return tuple(
            (f.name, canonical(getattr(value, f.name)))
            for f in dataclasses.fields(value)
            if f.compare
        )
    if isinstance(value, frozenset | set):
        return tuple(sorted(canonical(v) for v in value))  # type: ignore[type-var]
    if isinstance(value, dict):
        return tuple(sorted((k, canonical(v)) for k, v in value.items()))
    if isinstance(value, tuple | list):
        return tuple(canonical(v) for v in value)
    return repr(value)


def digest(problem: ProblemData) -> str:
    return hashlib.sha256(repr(canonical(problem)).encode()).hexdigest()


# Determinism -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["small", "example"])
def test_same_seed_gives_an_equal_problem(name: str) -> None:
    assert generate(preset(name), seed=7) == generate(preset(name), seed=7)


@pytest.mark.parametrize("name", PRESETS)
def test_another_seed_gives_another_problem(name: str) -> None:
    a, b = generate(preset(name), seed=1), generate(preset(name), seed=2)
    assert a != b
    assert a.participants != b.participants


def test_output_does_not_depend_on_the_process_hash_seed() -> None:
    code = (
        "import sys; sys.path.insert(0, 'tests');"
        "from test_synth import digest; from planner.synth import SynthConfig, generate;"
        "print(digest(generate(SynthConfig.example(), seed=5)))"
    )
    here = digest(generate(SynthConfig.example(), seed=5))
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    for hash_seed in ("1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        out = subprocess.run(
            [sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True
        )
        assert out.returncode == 0, out.stderr
        assert out.stdout.strip() == here


# Sizes -------------------------------------------------------------------------------------

# name: (slots, rooms, items, member States, observers, participants, interpreters)
SIZES = {
    "small": ((2, 4), (1, 2), (3, 4), (6, 10), (1, 3), (25, 35), (18, 26)),
    "example": ((8, 8), (2, 2), (9, 11), (60, 80), (8, 16), (180, 220), (20, 36)),
    "two_week": ((20, 20), (4, 4), (40, 40), (193, 193), (35, 45), (750, 850), (80, 100)),
    "full_membership": ((8, 8), (3, 3), (9, 12), (193, 193), (35, 45), (650, 750), (28, 48)),
}


@pytest.mark.parametrize("name", PRESETS)
@pytest.mark.parametrize("seed", [0, 1])
def test_preset_sizes(name: str, seed: int) -> None:
    p = generate(preset(name), seed=seed)
    states_ = sum(d.category == "member_state" for d in p.delegations)
    counts = (
        len(p.slots),
        len(p.rooms),
        len(p.items),
        states_,
        len(p.delegations) - states_,
        len(p.participants),
        len(p.interpreters),
    )
    for count, (low, high) in zip(counts, SIZES[name], strict=True):
        assert low <= count <= high, (counts, SIZES[name])


def test_two_week_runs_two_monday_to_friday_weeks() -> None:
    p = generate(SynthConfig.two_week())
    assert [d.weekday() for d in p.days] == [0, 1, 2, 3, 4] * 2
    assert len({s.week for s in p.slots}) == 2
    booths = sorted(sorted(r.booths) for r in p.rooms)
    assert booths == sorted([[], ["en", "es", "fr"], sorted(LANGUAGES), sorted(LANGUAGES)])


@pytest.mark.parametrize("name", PRESETS)
def test_every_regional_group_and_some_ldcs_come(name: str) -> None:
    p = generate(preset(name), seed=3)
    groups = {d.regional_group for d in p.delegations if d.regional_group}
    assert groups == {"african", "asia_pacific", "eastern_european", "latin_american_caribbean",
                      "weog"}  # fmt: skip
    assert sum(d.ldc for d in p.delegations) >= 3
    for d in p.delegations:
        info = states().get(d.delegation_id)
        if d.is_state:
            assert info is not None and info.name == d.name
            assert d.funding_eligible == info.funding_eligible and d.ldc == info.ldc
        else:
            assert info is None and not d.funding_eligible


def test_scale_multiplies_the_people_only() -> None:
    base = generate(SynthConfig.example(), seed=0)
    big = generate(SynthConfig.example().scaled(2), seed=0)
    assert len(big.participants) == 2 * len(base.participants)
    assert sum(d.category == "member_state" for d in big.delegations) == 140
    assert len(big.delegations) - 140 == 24  # observers, doubled too
    assert (len(big.slots), len(big.items)) == (len(base.slots), len(base.items))
    huge = generate(SynthConfig.example().scaled(4), seed=0)
    assert sum(d.category == "member_state" for d in huge.delegations) == 193
    # A plenary must still seat every delegation.
    assert max(r.capacity for r in huge.rooms) >= len(huge.delegations) + 10


def test_config_refuses_nonsense() -> None:
    with pytest.raises(ValueError, match="days must be at least 1"):
        dataclasses.replace(SynthConfig.small(), days=0)
    with pytest.raises(ValueError, match="scale must be above 0"):
        SynthConfig.small().scaled(0)


# The example -------------------------------------------------------------------------------


def test_example_is_the_vienna_meeting_of_march_2024() -> None:
    p = generate(SynthConfig.example())
    assert p.meeting.title == (
        "Open-ended intergovernmental expert group meeting on model strategies on reducing "
        "reoffending"
    )
    assert p.meeting.venue == "Vienna International Centre"
    assert p.days == tuple(dt.date(2024, 3, d) for d in (25, 26, 27, 28))
    assert {(s.start, s.end) for s in p.slots} == {
        (dt.time(10), dt.time(13)),
        (dt.time(15), dt.time(18)),
    }
    plenary, small = p.rooms
    assert (plenary.booths, small.booths) == (frozenset(LANGUAGES), frozenset())
    assert small.capacity == 60 and plenary.capacity >= 250
    first, last = p.items[0], p.items[-1]
    assert first.title.startswith("Opening") and last.title == "Adoption of the report"
    assert all(first.item_id in i.after for i in p.items[1:])
    assert set(last.after) == {i.item_id for i in p.items[:-1]}
    english = [i for i in p.items if i.languages == ("en",)]
    assert 1 <= len(english) <= 3 and all(i.attendance for i in english)
    assert {i.panel_size for i in p.items if i.panel_size} <= {3, 4, 5}
    assert p.rules.travel_budget == 60_000 and p.rules.time_limit_seconds == 20


def test_example_people_look_like_a_real_meeting() -> None:
    p = generate(SynthConfig.example())
    people = p.participants
    share = lambda n: n / len(people)  # noqa: E731
    assert 0.05 <= share(sum(x.mode == "online" for x in people)) <= 0.15
    assert 0.10 <= share(sum(x.needs_funding for x in people)) <= 0.22
    assert all(1500 <= x.travel_cost <= 4500 for x in people if x.needs_funding)
    assert all(p.delegation(x.delegation_id).funding_eligible for x in people if x.needs_funding)
    assert sum(x.arrival is not None for x in people) >= 10
    assert sum(x.departure is not None for x in people) >= 10
    genders = Counter(x.gender for x in people)
    assert genders["f"] > 60 and genders["m"] > 60 and 0 < genders["x"] < 10
    assert len({x.discipline for x in people}) == len(p.disciplines or ())
    assert sum(bool(x.speaks_on) for x in people) >= 30
    assert set(Counter(x.delegation_id for x in people).values()) <= {1, 2, 3, 4}
    assert Counter(x.role for x in people)["head"] == len(p.delegations)


def test_example_interpreters_are_paid_like_vienna_freelancers() -> None:
    p, witness = generate_with_witness(SynthConfig.example())
    staff = [i for i in p.interpreters if i.status == "staff"]
    free = [i for i in p.interpreters if i.status == "freelance"]
    assert staff and free
    assert all(i.daily_rate == 0 and i.travel_cost == 0 for i in staff)
    assert all(650 <= i.daily_rate <= 900 for i in free)
    assert any(1000 <= i.travel_cost <= 3000 for i in free)
    assert any(i.unavailable for i in p.interpreters)
    # Comfortably sufficient: a quarter above the witness roster, or all anyone could cost.
    budget, cost = p.rules.interpretation_budget, interpretation_cost(p, witness)
    most = sum(i.daily_rate * len(p.days) + i.travel_cost for i in p.interpreters)
    assert budget is not None and budget >= min(1.25 * cost, most) and budget >= cost


# Feasibility by construction ---------------------------------------------------------------


@pytest.mark.parametrize("name", PRESETS)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_witness_plan_keeps_every_hard_rule(name: str, seed: int) -> None:
    p, witness = generate_with_witness(preset(name), seed=seed)
    assert check_plan(p, witness) == []
    assert {s.item_id for s in witness.sessions} == {i.item_id for i in p.items}


@pytest.mark.parametrize("name", PRESETS)
def test_each_booth_has_a_reserve_beyond_one_team(name: str) -> None:
    p = generate(preset(name), seed=4)
    per_booth = Counter(i.booth for i in p.interpreters)
    assert set(per_booth) == set(LANGUAGES)
    for booth, n in per_booth.items():
        assert n >= p.team_size(booth) + 1
    for booth in Rules().retour_booths:
        assert sum(bool(i.retour) for i in p.interpreters if i.booth == booth) >= 2


@pytest.mark.parametrize("name", PRESETS)
def test_every_item_has_enough_slots_with_a_fitting_room(name: str) -> None:
    p = generate(preset(name), seed=5)
    for item in p.items:
        usable = [
            s
            for s in p.allowed_slots(item)
            if any(s.slot_id not in r.unavailable for r in p.rooms_for(item))
        ]
        assert len(usable) >= item.sessions, item.item_id
    plenary_rooms = [r for r in p.rooms if r.booths >= set(LANGUAGES)]
    assert max(r.capacity for r in plenary_rooms) >= len(p.delegations) + 10


# Placeholders only -------------------------------------------------------------------------

ROLE_WORDS = {
    "Head of delegation", "Expert", "Adviser",
    "Chef de délégation", "Cheffe de délégation", "Experte", "Conseiller", "Conseillère",
    "Jefe de delegación", "Jefa de delegación", "Experto", "Experta", "Asesor", "Asesora",
    "Глава делегации", "Эксперт", "Советник",
    "رئيس الوفد", "رئيسة الوفد", "خبير", "خبيرة", "مستشار", "مستشارة",
    "代表团团长", "专家", "顾问",
}  # fmt: skip
ORGANISATION = re.compile(
    r"(NGO|UN entity|Intergovernmental organization) \d+|Institute \d+ of the PNI"
)


@pytest.mark.parametrize("name", ["example", "two_week"])
def test_people_have_placeholder_names_only(name: str) -> None:
    p = generate(preset(name), seed=6)
    number = Counter[str]()
    for x in p.participants:
        number[x.delegation_id] += 1
        delegation = p.delegation(x.delegation_id).name
        word = x.name.removesuffix(f" {number[x.delegation_id]} ({delegation})")
        assert word in ROLE_WORDS, x.name
    for i in p.interpreters:
        assert re.fullmatch(rf"Interpreter {i.booth.upper()} \d+", i.name), i.name
    for d in p.delegations:
        assert d.is_state or d.delegation_id.isupper() or ORGANISATION.fullmatch(d.name), d.name


def test_names_use_every_script_by_delegation_language() -> None:
    p = generate(SynthConfig.two_week())
    names = {x.delegation_id: x.name for x in p.participants if x.role == "head"}
    assert names["CHN"].startswith("代表团团长 1 (China)")
    assert names["RUS"] == "Глава делегации 1 (Russian Federation)"
    assert names["EGY"].endswith(" 1 (Egypt)") and names["EGY"].split()[0] in {"رئيس", "رئيسة"}
    assert names["CHL"].split()[0] in {"Jefe", "Jefa"}
    assert names["FRA"].split()[0] in {"Chef", "Cheffe"}
    assert names["KEN"] == "Head of delegation 1 (Kenya)"
