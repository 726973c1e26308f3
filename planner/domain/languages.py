"""The six official languages of the United Nations and how users may name them."""

from __future__ import annotations

# Order used everywhere a list of booths is shown: the UN's customary order
# (Arabic, Chinese, English, French, Russian, Spanish).
LANGUAGES: tuple[str, ...] = ("ar", "zh", "en", "fr", "ru", "es")

LANGUAGE_NAMES: dict[str, str] = {
    "ar": "Arabic",
    "zh": "Chinese",
    "en": "English",
    "fr": "French",
    "ru": "Russian",
    "es": "Spanish",
}

_ALIASES: dict[str, str] = {
    **{code: code for code in LANGUAGES},
    **{name.lower(): code for code, name in LANGUAGE_NAMES.items()},
}


def language_code(text: str) -> str | None:
    """Return the two-letter code for ``text`` ("Chinese", "ZH", " zh "), or None.

    Parameters
    ----------
    text
        A language code or English name, in any case, with or without spaces.
    """
    return _ALIASES.get(text.strip().lower())


def sort_languages(codes: object) -> tuple[str, ...]:
    """Return the given codes in the UN's customary order, without duplicates."""
    wanted = set(codes)  # type: ignore[call-overload]
    return tuple(code for code in LANGUAGES if code in wanted)
