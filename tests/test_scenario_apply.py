"""Scenarios applied to a base problem: each change, and the refusals that name their column."""

from __future__ import annotations

import pickle

import pytest

from planner.domain import AgendaItem, Rules
from planner.domain.scenario import Scenario, apply


@pytest.fixture
def base(factory):
    return factory.problem(
        [
            AgendaItem("1", "Opening"),
            AgendaItem("2", "Report", after=("1",), allowed_slots=frozenset({"D2-AM", "D2-PM"})),
            AgendaItem("S", "Side event", languages=("en", "fr")),
        ],
        days=2,
        rooms=(factory.plenary_room("R1"), factory.plenary_room("R2")),
        rules=Rules(travel_budget=10_000),
    )


def test_a_problem_pickles_and_comes_back_equal(base):
    again = pickle.loads(pickle.dumps(base))
    assert again == base
    assert again.slot("D2-PM") == base.slot("D2-PM")  # the id indexes are rebuilt


def test_an_empty_scenario_is_the_base_itself(base):
    assert apply(base, Scenario("same")) is base


def test_settings_change_rules_team_sizes_and_weights(base):
    changed = apply(
        base,
        Scenario(
            "s",
            {
                "travel_budget": 30_000.0,
                "interpreter_max_per_week": 6,
                "team_size_ar": 4,
                "weight_travel_cost": 0.5,
                "interpretation_budget": float("inf"),
            },
        ),
    )
    assert changed.rules.travel_budget == 30_000
    assert changed.rules.interpreter_max_per_week == 6
    assert changed.rules.team_size["ar"] == 4 and changed.rules.team_size["en"] == 2
    assert changed.rules.weight("travel_cost") == 0.5
    assert changed.rules.interpretation_budget is None
    assert base.rules.travel_budget == 10_000  # the base is untouched


def test_dropped_slots_leave_the_meeting_and_every_list_that_named_them(base):
    changed = apply(base, Scenario("short", drop_slots={"D2-PM"}))
    assert [s.slot_id for s in changed.slots] == ["D1-AM", "D1-PM", "D2-AM"]
    assert changed.item("2").allowed_slots == {"D2-AM"}


def test_a_dropped_room_stays_known_but_is_never_available(base):
    changed = apply(base, Scenario("one room", drop_rooms={"R2"}))
    assert changed.room("R2").unavailable == {s.slot_id for s in base.slots}


def test_room_unavailable_closes_afternoons_days_or_slots(base):
    changed = apply(base, Scenario("mornings", room_unavailable=(("R2", "pm"), ("R1", "D1-AM"))))
    assert changed.room("R2").unavailable == {"D1-PM", "D2-PM"}
    assert changed.room("R1").unavailable == {"D1-AM"}
    by_date = apply(base, Scenario("day", room_unavailable=(("R2", "2024-03-26"),)))
    assert by_date.room("R2").unavailable == {"D2-AM", "D2-PM"}


def test_dropped_interpreters_and_items_are_gone_and_no_longer_followed(base):
    changed = apply(base, Scenario("less", drop_interpreters={"I-en1"}, drop_items={"1"}))
    assert "I-en1" not in {i.interpreter_id for i in changed.interpreters}
    assert [i.item_id for i in changed.items] == ["2", "S"]
    assert changed.item("2").after == ()


def test_fewer_meeting_languages_reach_the_items(base):
    changed = apply(base, Scenario("three", {"languages": ("en", "fr", "es")}))
    assert changed.meeting.languages == ("en", "fr", "es")
    assert changed.item("1").languages == ("en", "fr", "es")  # was the meeting's six
    assert changed.item("S").languages == ("en", "fr")  # its own, still spoken


@pytest.mark.parametrize(
    ("scenario", "words"),
    [
        (Scenario("x", drop_slots={"D9-AM"}), "drop_slots: unknown slot(s) 'D9-AM'"),
        (Scenario("x", drop_rooms={"R9"}), "drop_rooms: unknown room(s) 'R9'"),
        (Scenario("x", drop_interpreters={"Z"}), "drop_interpreters: unknown interpreter(s)"),
        (Scenario("x", drop_items={"9"}), "drop_items: unknown item(s) '9'"),
        (Scenario("x", room_unavailable=(("R9", "pm"),)), "room_unavailable: unknown room"),
        (Scenario("x", room_unavailable=(("R1", "noon"),)), "room_unavailable: 'noon' is not"),
        (Scenario("x", {"max_parallel_sessions": 0}), "max_parallel_sessions must be at least 1"),
        (Scenario("x", {"colour": "red"}), "'colour' is neither a Rules nor a Meeting field"),
        (Scenario("x", drop_slots={"D1-AM", "D1-PM", "D2-AM", "D2-PM"}), "every slot"),
    ],
)
def test_a_change_that_cannot_apply_names_its_column(base, scenario, words):
    with pytest.raises(ValueError, match=None) as caught:
        apply(base, scenario)
    assert words in str(caught.value)


def test_time_limit_workers_and_seed_are_the_same_for_every_scenario():
    with pytest.raises(ValueError, match="same for every scenario"):
        Scenario("x", {"seed": 3})
