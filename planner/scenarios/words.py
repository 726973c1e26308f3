"""A scenario in plain words: what it changes, and what that changes in the plan.

``+USD 20,000 travel: 6 more funded experts, 5 from LDCs; 1 more interpreter engaged.``
Each figure comes from `planner.scenarios.figures`, compared with the base plan's.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from planner.domain import ProblemData
from planner.domain.scenario import Scenario
from planner.scenarios.outcome import Comparison, Outcome

_MONEY_WORDS = {
    "travel_budget": "travel",
    "interpretation_budget": "interpretation budget",
}


def _money(value: float) -> str:
    return f"USD {value:,.0f}"


def _shown(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}"
    if isinstance(value, tuple | frozenset | list):
        return ", ".join(sorted(map(str, value))) or "none"
    return "unlimited" if value is None else str(value)


def _setting(name: str, value: Any, base: ProblemData) -> str:
    old = _base_value(name, base)
    if name in _MONEY_WORDS and isinstance(value, int | float) and isinstance(old, int | float):
        delta = float(value) - float(old)
        if value != float("inf"):
            sign = "+" if delta >= 0 else "-"
            return f"{sign}{_money(abs(delta))} {_MONEY_WORDS[name]}"
    return f"{name} {_shown(old)} -> {_shown(value)}"


def _base_value(name: str, base: ProblemData) -> Any:
    rules = base.rules
    if name.startswith("team_size_"):
        return rules.team_size[name.removeprefix("team_size_")]
    if name.startswith("weight_"):
        return rules.weights.get(name.removeprefix("weight_"))
    if hasattr(rules, name):
        value = getattr(rules, name)
        return float("inf") if name == "interpretation_budget" and value is None else value
    return getattr(base.meeting, name, None)


def describe(scenario: Scenario, base: ProblemData) -> str:
    """What the scenario changes, in a few words ("base plan" when nothing)."""
    if scenario.is_base:
        return "base plan"
    parts = [
        _setting(k, v, base) for k, v in scenario.settings.items() if _differs_from_base(k, v, base)
    ]
    for name, what in (
        ("drop_slots", "slot"),
        ("drop_rooms", "room"),
        ("drop_interpreters", "interpreter"),
        ("drop_items", "item"),
    ):
        ids = sorted(getattr(scenario, name))
        if ids:
            parts.append(f"without {what}{'s' if len(ids) > 1 else ''} {', '.join(ids)}")
    for room, when in scenario.room_unavailable:
        parts.append(f"room {room} closed {when}")
    if not parts:  # settings that repeat the base's values
        same = ", ".join(f"{k} {_shown(v)}" for k, v in scenario.settings.items())
        return f"as the base plan ({same})" if same else "as the base plan"
    return "; ".join(parts)


def _differs_from_base(name: str, value: Any, base: ProblemData) -> bool:
    old = _base_value(name, base)
    if isinstance(old, frozenset | tuple) or isinstance(value, frozenset | tuple | list):
        return set(old or ()) != set(value or ())
    if name == "interpretation_budget" and value is None:
        value = float("inf")
    return bool(old != value)


def _count(delta: float, one: str, many: str) -> str:
    n = abs(round(delta))
    word = one if n == 1 else many
    return f"{n} {'more' if delta > 0 else 'fewer'} {word}"


def _number(outcome: Outcome, key: str) -> float:
    value = outcome.value(key)
    return float(value) if isinstance(value, int | float) else 0.0


def _effects(outcome: Outcome, base: Outcome) -> Iterable[str]:
    def delta(key: str) -> float:
        return _number(outcome, key) - _number(base, key)

    funded, ldc = delta("funded"), delta("funded_ldc")
    if funded or ldc:
        text = _count(funded, "funded expert", "funded experts") if funded else "as many funded"
        if ldc and round(ldc) != round(funded):
            text += f", {abs(round(ldc))} {'more' if ldc > 0 else 'fewer'} from LDCs"
        elif ldc:
            text += ", all from LDCs" if abs(round(ldc)) > 1 else ", from an LDC"
        else:
            text += ", none from LDCs"
        yield text
    if delta("sessions"):
        yield _count(delta("sessions"), "session placed", "sessions placed")
    if delta("interpreters"):
        yield _count(delta("interpreters"), "interpreter engaged", "interpreters engaged")
    cost = delta("interpretation_cost")
    if abs(cost) >= 0.5:
        yield f"interpretation {_money(abs(cost))} {'dearer' if cost > 0 else 'cheaper'}"
    travel = delta("travel_cost")
    if abs(travel) >= 0.5:
        yield f"travel support {_money(abs(travel))} {'more' if travel > 0 else 'less'}"
    for key, what in (
        ("seated", "delegations seated"),
        ("panels_filled", "panel seats filled"),
        ("disciplines", "wanted disciplines on panels"),
    ):
        old, new = base.value(key), outcome.value(key)
        if isinstance(old, float) and isinstance(new, float) and f"{old:.0%}" != f"{new:.0%}":
            yield f"{what} {old:.0%} -> {new:.0%}"
    objective = delta("objective")
    if abs(objective) >= 0.005:
        yield f"objective {_number(base, 'objective'):,.2f} -> {_number(outcome, 'objective'):,.2f}"


def line(outcome: Outcome, comparison: Comparison) -> str:
    """The scenario's plain-words line: its changes, then what they change in the plan."""
    base = comparison.base
    what = describe(outcome.scenario, base.problem)
    if not outcome.has_plan:
        if outcome.explanation is not None and outcome.explanation.causes:
            first = outcome.explanation.causes[0].sentence
            more = len(outcome.explanation.causes) - 1
            tail = f" (and {more} more cause{'s' if more > 1 else ''})" if more else ""
            return f"{what}: no plan exists. {first}{tail}"
        status = outcome.result.status.value
        return f"{what}: no plan ({status}). {outcome.result.message}".rstrip()
    if outcome is base:
        ldc, other = _number(base, "funded_ldc"), _number(base, "funded_other")
        return (
            f"base plan: {base.result.status.value}, {ldc + other:.0f} funded experts "
            f"({ldc:.0f} from LDCs), {_number(base, 'interpreters'):.0f} interpreters engaged, "
            f"interpretation {_money(_number(base, 'interpretation_cost'))}, objective "
            f"{_number(base, 'objective'):,.2f}"
        )
    if not base.has_plan:
        return f"{what}: {outcome.result.status.value} (the base plan has none to compare with)"
    effects = list(_effects(outcome, base))
    said = "; ".join(effects) if effects else "the same headline figures as the base plan"
    return f"{what}: {said}"
