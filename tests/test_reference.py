"""Tests for the UN State reference data in ``planner.reference``."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from planner.reference import (
    ECONOMIES,
    REGIONAL_GROUPS,
    StateInfo,
    find_by_name,
    lookup,
    states,
)

# Written out here, not taken from the module, so that an accidental edit to the
# CSV has to be matched by a deliberate edit to the test.
EU27 = {
    "AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC",
    "HUN", "IRL", "ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVK",
    "SVN", "ESP", "SWE",
}  # fmt: skip
DEVELOPED = EU27 | {
    "ISL", "NOR", "CHE", "GBR", "USA", "CAN", "JPN", "AUS", "NZL",
    # European microstates, which WESP leaves unclassified.
    "AND", "LIE", "MCO", "SMR",
    "VAT",
}  # fmt: skip
TRANSITION = {
    "ALB", "BIH", "MNE", "MKD", "SRB",
    "ARM", "AZE", "BLR", "GEO", "KAZ", "KGZ", "MDA", "RUS", "TJK", "TKM", "UKR", "UZB",
}  # fmt: skip

SIDS_COUNT = 37  # UN-OHRLLS list without Cook Islands, Niue (non-members) or Bahrain


def _members() -> list[StateInfo]:
    return [s for s in states().values() if s.category == "member_state"]


def test_member_state_total() -> None:
    assert len(_members()) == 193
    assert len(states()) == 195


def test_observers_present() -> None:
    observers = {s.iso3 for s in states().values() if s.category == "observer_state"}
    assert observers == {"VAT", "PSE"}
    assert states()["VAT"].name == "Holy See"
    assert states()["PSE"].name == "State of Palestine"
    assert states()["VAT"].regional_group == "weog"
    assert states()["PSE"].regional_group == "asia_pacific"


def test_regional_group_counts() -> None:
    counts = Counter(s.regional_group for s in _members())
    assert counts == {
        "african": 54,
        "asia_pacific": 54,
        "eastern_european": 23,
        "latin_american_caribbean": 33,
        "weog": 29,
    }
    assert set(counts) == REGIONAL_GROUPS


@pytest.mark.parametrize(
    ("iso3", "group"),
    [
        ("TUR", "weog"),
        ("USA", "weog"),
        ("ISR", "weog"),
        ("KIR", "asia_pacific"),
        ("CYP", "asia_pacific"),
        ("GEO", "eastern_european"),
        ("MEX", "latin_american_caribbean"),
        ("EGY", "african"),
    ],
)
def test_group_placements(iso3: str, group: str) -> None:
    assert states()[iso3].regional_group == group


def test_ldc_count() -> None:
    ldcs = {s.iso3 for s in states().values() if s.ldc}
    assert len(ldcs) == 44
    # Graduated States are off the list, but Solomon Islands has not yet graduated.
    assert {"BTN", "STP", "VUT"}.isdisjoint(ldcs)
    assert {"SLB", "AGO", "BGD", "HTI"} <= ldcs


def test_lldc_count() -> None:
    lldcs = {s.iso3 for s in states().values() if s.lldc}
    assert len(lldcs) == 32
    assert {"BOL", "PRY", "MKD", "MDA", "AZE", "MNG"} <= lldcs


def test_sids_count() -> None:
    sids = {s.iso3 for s in states().values() if s.sids}
    assert len(sids) == SIDS_COUNT
    assert {"SGP", "CUB", "GUY", "BLZ", "TLS", "PNG"} <= sids
    assert "BHR" not in sids


def test_iso3_codes_well_formed_and_unique() -> None:
    codes = [s.iso3 for s in states().values()]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[A-Z]{3}", code) for code in codes)
    assert list(states()) == codes


def test_names_unique() -> None:
    names = [s.name.casefold() for s in states().values()]
    assert len(names) == len(set(names))


def test_economy_values_valid() -> None:
    assert {s.economy for s in states().values()} == ECONOMIES


def test_developed_and_transition_sets() -> None:
    developed = {s.iso3 for s in states().values() if s.economy == "developed"}
    transition = {s.iso3 for s in states().values() if s.economy == "transition"}
    assert developed == DEVELOPED
    assert transition == TRANSITION


@pytest.mark.parametrize(
    ("iso3", "economy"),
    [
        ("USA", "developed"),
        ("JPN", "developed"),
        ("RUS", "transition"),
        ("GEO", "transition"),
        ("CHN", "developing"),
        ("TUR", "developing"),
        ("KOR", "developing"),
        ("ISR", "developing"),
        ("PSE", "developing"),
    ],
)
def test_economy_examples(iso3: str, economy: str) -> None:
    assert states()[iso3].economy == economy


def test_lookup_is_case_insensitive_and_strips_spaces() -> None:
    usa = lookup("USA")
    assert usa is not None
    assert usa.name == "United States of America"
    assert lookup("usa") is usa
    assert lookup("  uSa ") is usa
    assert lookup("XXX") is None
    assert lookup("") is None


def test_find_by_name() -> None:
    tur = find_by_name("türkiye")
    assert tur is not None and tur.iso3 == "TUR"
    assert find_by_name("  Côte d'Ivoire ") is lookup("CIV")
    assert find_by_name("BOLIVIA (PLURINATIONAL STATE OF)") is lookup("BOL")
    assert find_by_name("Turkey") is None


def test_funding_eligible() -> None:
    for info in states().values():
        assert info.funding_eligible is (info.economy != "developed")
    assert not states()["USA"].funding_eligible
    assert states()["RUS"].funding_eligible
    assert states()["CHN"].funding_eligible


def test_states_is_cached_and_read_only() -> None:
    data = states()
    assert states() is data
    with pytest.raises(TypeError):
        data["XXX"] = data["USA"]  # type: ignore[index]


def test_state_info_is_frozen() -> None:
    info = states()["USA"]
    with pytest.raises(AttributeError):
        info.economy = "developing"  # type: ignore[misc]
