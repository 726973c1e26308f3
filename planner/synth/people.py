"""Delegations and their participants, drawn from the reference data on States.

Names are placeholders only: a role word in the delegation's working language, a number and
the delegation's name ("Experta 2 (Chile)", "专家 4 (China)").
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import random

from planner.domain import AgendaItem, Delegation, Participant
from planner.reference import states
from planner.synth.vocabulary import DISCIPLINES, IGOS, ROLE_WORDS, STATE_LANGUAGE, UN_ENTITIES

OBSERVER_CAP = 2  # people per non-State delegation


def _quotas(total: int, sizes: dict[str, int]) -> dict[str, int]:
    """Split ``total`` over groups in proportion to their sizes (largest remainder)."""
    whole = sum(sizes.values())
    exact = {g: total * n / whole for g, n in sizes.items()}
    out = {g: math.floor(x) for g, x in exact.items()}
    rest = sorted(sizes, key=lambda g: (out[g] - exact[g], g))
    for g in rest[: total - sum(out.values())]:
        out[g] += 1
    return out


def pick_member_states(n: int, rng: random.Random) -> list[str]:
    """``n`` Member States from every regional group, the host and a share of LDCs included."""
    members = {k: v for k, v in states().items() if v.category == "member_state"}
    if n >= len(members):
        return sorted(members)
    groups: dict[str, list[str]] = {}
    for code in sorted(members):
        groups.setdefault(members[code].regional_group, []).append(code)
    picked: list[str] = []
    for group, want in sorted(_quotas(n, {g: len(c) for g, c in groups.items()}).items()):
        codes = groups[group]
        first = [c for c in codes if c == "AUT"]  # the host always comes
        ldcs = [c for c in codes if members[c].ldc]
        first += rng.sample(ldcs, min(len(ldcs), math.ceil(want * len(ldcs) / len(codes))))
        rest = [c for c in codes if c not in first]
        picked += first[:want] + rng.sample(rest, max(0, want - len(first)))
    return sorted(picked)


def build_delegations(
    member_states: int, observers: int, rng: random.Random
) -> tuple[tuple[Delegation, ...], dict[str, str]]:
    """Delegations (States by name, then the others) and each one's working language."""
    info = states()
    codes = pick_member_states(member_states, rng)
    n_obs_states = min(2, observers // 10)
    rest = observers - n_obs_states
    n_un = round(rest * 0.25)
    n_igo = round(rest * 0.2)
    n_pni = min(18, round(rest * 0.25))
    n_ngo = rest - n_un - n_igo - n_pni
    codes += ["VAT", "PSE"][:n_obs_states]
    out: list[Delegation] = []
    language: dict[str, str] = {}
    for code in sorted(codes, key=lambda c: (info[c].category != "member_state", info[c].name)):
        s = info[code]
        out.append(
            Delegation(
                code,
                s.name,
                s.category,
                # Observer States too: the workbook contract fills the group from the reference.
                s.regional_group,
                funding_eligible=s.funding_eligible,
                ldc=s.ldc,
            )
        )
        language[code] = STATE_LANGUAGE.get(code, "en")
    pools = (
        ("un_entity", UN_ENTITIES, n_un, "UN entity {}"),
        ("igo", IGOS, n_igo, "Intergovernmental organization {}"),
        ("institute", (), n_pni, "Institute {} of the PNI"),
        ("ngo", (), n_ngo, "NGO {}"),
    )
    for category, pool, count, placeholder in pools:
        for k in range(count):
            if k < len(pool):
                ident, name, lang = pool[k]
            else:
                prefix = {"institute": "PNI", "ngo": "NGO"}.get(category, category.upper())
                ident, name, lang = f"{prefix}-{k + 1:02d}", placeholder.format(k + 1), "en"
            seats = 1 if category in ("ngo", "institute") else None
            out.append(Delegation(ident, name, category, seats=seats))
            language[ident] = lang
    return tuple(out), language


def _sizes(
    delegations: tuple[Delegation, ...], total: int, cap: int, rng: random.Random
) -> list[int]:
    """People per delegation: one each, the rest spread (States weigh three times more)."""
    caps = [cap if d.is_state else min(cap, OBSERVER_CAP) for d in delegations]
    size = [1] * len(delegations)
    weights = [3 if d.is_state else 1 for d in delegations]
    for _ in range(max(0, total - len(delegations))):
        open_ = [k for k in range(len(size)) if size[k] < caps[k]]
        if not open_:
            break
        size[rng.choices(open_, weights=[weights[k] for k in open_])[0]] += 1
    return size


def _discipline(d: Delegation, role: str, rng: random.Random) -> str:
    if d.category == "ngo" and rng.random() < 0.6:
        return "civil_society"
    if d.category == "institute" and rng.random() < 0.6:
        return "research"
    if role == "head" and rng.random() < 0.5:
        return "policy_legislation"
    return rng.choice(sorted(DISCIPLINES))


def _languages(primary: str, rng: random.Random) -> frozenset[str]:
    if rng.random() < 0.03:
        return frozenset()  # not stated: never on a panel without interpretation
    spoken = {primary}
    if primary != "en" and rng.random() < 0.75:
        spoken.add("en")
    for extra, p in (("fr", 0.15), ("es", 0.05)):
        if rng.random() < p:
            spoken.add(extra)
    return frozenset(spoken)


def build_participants(
    delegations: tuple[Delegation, ...],
    language: dict[str, str],
    total: int,
    cap: int,
    days: tuple[dt.date, ...],
    items: tuple[AgendaItem, ...],
    rng: random.Random,
) -> tuple[Participant, ...]:
    """About ``total`` people: heads, experts and advisers with their days, modes and needs."""
    panel_items = [i for i in items if i.panel_size > 0]
    out: list[Participant] = []
    for d, size in zip(delegations, _sizes(delegations, total, cap, rng), strict=True):
        for n in range(1, size + 1):
            role = "head" if n == 1 else ("adviser" if rng.random() < 0.25 else "expert")
            r = rng.random()
            gender = "x" if r < 0.02 else None if r < 0.04 else rng.choice(("f", "m"))
            word = ROLE_WORDS[language[d.delegation_id]][role][gender == "f"]
            discipline = _discipline(d, role, rng)
            arrival = departure = None
            if len(days) > 1 and rng.random() < 0.12:
                arrival = days[rng.randrange(1, len(days))]
            if len(days) > 1 and rng.random() < 0.10:
                departure = days[rng.randrange(0, len(days) - 1)]
                if arrival is not None and departure < arrival:
                    departure = None
            mode = "online" if role != "head" and rng.random() < 0.11 else "in_person"
            p_fund = 0.4 if d.ldc else 0.17
            needs = mode == "in_person" and d.funding_eligible and rng.random() < p_fund
            speaks: frozenset[str] = frozenset()
            if panel_items and role != "adviser" and rng.random() < 0.35:
                fitting = [i for i in panel_items if discipline in i.disciplines] or panel_items
                k = rng.randint(1, min(len(fitting), 2))
                speaks = frozenset(i.item_id for i in rng.sample(fitting, k))
            out.append(
                Participant(
                    participant_id=f"P{len(out) + 1:04d}",
                    name=f"{word} {n} ({d.name})",
                    delegation_id=d.delegation_id,
                    role=role,
                    discipline=discipline,
                    gender=gender,
                    languages=_languages(language[d.delegation_id], rng),
                    arrival=arrival,
                    departure=departure,
                    mode=mode,
                    speaks_on=speaks,
                    needs_funding=needs,
                    travel_cost=float(rng.randrange(1500, 4501, 50)) if needs else 0.0,
                )
            )
    return _cover_wanted_disciplines(out, panel_items, rng)


def _cover_wanted_disciplines(
    people: list[Participant], panel_items: list[AgendaItem], rng: random.Random
) -> tuple[Participant, ...]:
    """Give some expert each discipline a panel wants and nobody has (small meetings)."""
    wanted = sorted({d for i in panel_items for d in i.disciplines})
    for discipline in wanted:
        if any(p.discipline == discipline for p in people):
            continue
        experts = [k for k, p in enumerate(people) if p.role == "expert"]
        if experts:
            k = rng.choice(experts)
            people[k] = dataclasses.replace(people[k], discipline=discipline)
    return tuple(people)
