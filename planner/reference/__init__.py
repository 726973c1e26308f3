"""Reference data on the 193 UN Member States and the two non-member observer States.

The data ship as ``states.csv`` next to this module (one row per State, UTF-8,
header ``iso3,name,category,regional_group,ldc,lldc,sids,economy``) and were
compiled by hand from public UN sources. The sources and cut-off dates are:

``iso3``
    ISO 3166-1 alpha-3. The observers are the Holy See (``VAT``) and the State of
    Palestine (``PSE``).
``name``
    The English short name used by the UN Secretariat (for example "Türkiye" or
    "Netherlands (Kingdom of the)"). Apostrophes are plain ASCII, although the
    UN's own typography uses a curly one in "Côte d’Ivoire".
``category``
    ``member_state`` or ``observer_state``.
``regional_group``
    The UN regional group used for elections: ``african`` (54),
    ``asia_pacific`` (54, including Cyprus and Kiribati), ``eastern_european``
    (23), ``latin_american_caribbean`` (33) and ``weog`` (29, including Israel,
    Türkiye and the United States of America). The observers belong to no group.
    For convenience, they are given the group of their region (Holy See:
    ``weog``; State of Palestine: ``asia_pacific``), so group totals must count
    member States only.
``ldc``
    The list of least developed countries kept by the UN Committee for
    Development Policy and UN-OHRLLS after São Tomé and Príncipe graduated on
    13 December 2024 (after Bhutan on 13 December 2023). This leaves 44 countries.
    Solomon Islands remains on the list, because its graduation was deferred to
    December 2027. Bangladesh, Lao PDR and Nepal (due November 2026) and Angola
    and Senegal also remain on it.
``lldc``
    The UN-OHRLLS list of 32 landlocked developing countries.
``sids``
    The UN-OHRLLS list of small island developing States, limited to UN Member
    States. That list has 39 "UN members", but two of them, the Cook Islands and
    Niue, are not UN Member States. Bahrain is no longer on the list. This
    leaves 37 Member States. The UNSD M49 table has long included Bahrain as well,
    so callers who follow M49 should expect 38.
``economy``
    The country classification of UN DESA's *World Economic Situation and
    Prospects* (WESP 2024/2025). ``developed`` means the 27 EU members, Iceland,
    Norway, Switzerland, the United Kingdom, Canada, the United States, Australia,
    Japan and New Zealand. ``transition`` means South-Eastern Europe (Albania,
    Bosnia and Herzegovina, Montenegro, North Macedonia, Serbia) and the CIS and
    Georgia. Every other State is ``developing``, including the Republic of Korea,
    Israel, Singapore and Türkiye. WESP does not classify the European
    microstates. This module calls Andorra, Liechtenstein, Monaco, San Marino and
    the Holy See ``developed`` by convention, not because WESP does.
"""

from __future__ import annotations

import csv
import functools
import io
import types
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources

__all__ = [
    "CATEGORIES",
    "ECONOMIES",
    "REGIONAL_GROUPS",
    "StateInfo",
    "find_by_name",
    "lookup",
    "states",
]

CATEGORIES: frozenset[str] = frozenset({"member_state", "observer_state"})
REGIONAL_GROUPS: frozenset[str] = frozenset(
    {"african", "asia_pacific", "eastern_european", "latin_american_caribbean", "weog"}
)
ECONOMIES: frozenset[str] = frozenset({"developed", "transition", "developing"})

_DATA_FILE = "states.csv"
_FLAGS = {"yes": True, "no": False}


@dataclass(frozen=True, slots=True)
class StateInfo:
    """One UN Member State or observer State.

    Attributes
    ----------
    iso3
        ISO 3166-1 alpha-3 code, upper case.
    name
        English short name as used by the UN.
    category
        ``"member_state"`` or ``"observer_state"``.
    regional_group
        One of :data:`REGIONAL_GROUPS`. For observers, this is the group of their
        region, not a membership.
    ldc, lldc, sids
        Whether the State is a least developed country, a landlocked developing
        country or a small island developing State.
    economy
        ``"developed"``, ``"transition"`` or ``"developing"`` (UN DESA WESP).
    """

    iso3: str
    name: str
    category: str
    regional_group: str
    ldc: bool
    lldc: bool
    sids: bool
    economy: str

    @property
    def funding_eligible(self) -> bool:
        """Whether the State may receive travel or participation funding.

        Returns
        -------
        bool
            True for developing and transition economies, False for developed
            ones.
        """
        return self.economy in {"developing", "transition"}


def _flag(value: str, *, field: str, iso3: str) -> bool:
    try:
        return _FLAGS[value.strip().lower()]
    except KeyError:
        raise ValueError(f"{_DATA_FILE}: {iso3}: {field} must be yes/no, got {value!r}") from None


def _parse(text: str) -> dict[str, StateInfo]:
    result: dict[str, StateInfo] = {}
    for row in csv.DictReader(io.StringIO(text)):
        iso3 = row["iso3"].strip().upper()
        info = StateInfo(
            iso3=iso3,
            name=row["name"].strip(),
            category=row["category"].strip(),
            regional_group=row["regional_group"].strip(),
            ldc=_flag(row["ldc"], field="ldc", iso3=iso3),
            lldc=_flag(row["lldc"], field="lldc", iso3=iso3),
            sids=_flag(row["sids"], field="sids", iso3=iso3),
            economy=row["economy"].strip(),
        )
        # Check the shipped file as it loads, so that a bad edit to the CSV
        # fails at once instead of misclassifying States later.
        if info.category not in CATEGORIES:
            raise ValueError(f"{_DATA_FILE}: {iso3}: unknown category {info.category!r}")
        if info.regional_group not in REGIONAL_GROUPS:
            raise ValueError(f"{_DATA_FILE}: {iso3}: unknown group {info.regional_group!r}")
        if info.economy not in ECONOMIES:
            raise ValueError(f"{_DATA_FILE}: {iso3}: unknown economy {info.economy!r}")
        if iso3 in result:
            raise ValueError(f"{_DATA_FILE}: duplicate iso3 {iso3!r}")
        result[iso3] = info
    return result


@functools.cache
def states() -> Mapping[str, StateInfo]:
    """Return every State in the reference data, keyed by upper-case ISO alpha-3.

    The file is read once, and later calls return the same object. The mapping is
    read-only because it is shared by every caller.

    Returns
    -------
    Mapping[str, StateInfo]
        195 entries: the 193 Member States followed by the Holy See and the
        State of Palestine.

    Raises
    ------
    ValueError
        If the shipped CSV holds an unknown category, group, economy or flag
        value, or a duplicate code.
    """
    text = resources.files(__name__).joinpath(_DATA_FILE).read_text(encoding="utf-8")
    return types.MappingProxyType(_parse(text))


@functools.cache
def _by_name() -> Mapping[str, StateInfo]:
    # casefold rather than lower so that names such as "Türkiye" match however
    # the user types them.
    return types.MappingProxyType({info.name.casefold(): info for info in states().values()})


def lookup(code: str) -> StateInfo | None:
    """Return the State with the given ISO alpha-3 code, or None.

    Parameters
    ----------
    code
        An ISO 3166-1 alpha-3 code in any case. Surrounding and embedded spaces are
        ignored (``" usa "`` and ``"U SA"`` both find the United States).

    Returns
    -------
    StateInfo or None
        The matching State, or None if the code is unknown.
    """
    return states().get("".join(code.split()).upper())


def find_by_name(name: str) -> StateInfo | None:
    """Return the State whose UN English short name is exactly ``name``.

    The match ignores case and surrounding spaces, but nothing else: it is not a
    fuzzy search, so "Turkey" and "Netherlands" find nothing.

    Parameters
    ----------
    name
        The English short name as the UN writes it, for example
        ``"Bolivia (Plurinational State of)"``.

    Returns
    -------
    StateInfo or None
        The matching State, or None if no name matches.
    """
    return _by_name().get(" ".join(name.split()).casefold())
