"""Swedish numbers, words and dates for generated text, by hand and without the system locale.

SPRAK.md: decimal comma, thousands grouped with a non-breaking space, U+2212
for minus, years never grouped, and the percent sign (after a non-breaking
space) only in tables and charts. Locale modules, babel and num2words depend
on the machine or get Swedish wrong (en/ett, ordinals), and the site must be
byte-identical wherever it is built, so everything here is small tables.

All rounding goes through one helper, half away from zero on the number as
written in decimal (``12.5`` → ``13``, ``9.95`` → ``10,0``), so a table cell
and the sentence beside it always show the same figure.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from functools import lru_cache

from insyn.analyse.precision import (
    exact,
    round_half_up,
    shown,
    text_decimals,
)
from insyn.config import PERCENT_UNITS

NBSP = "\u00a0"
MINUS = "\u2212"

#: Short unit text for tables ("per 10 000 invånare"), keyed by config unit.
UNIT_LABELS = {
    "percent": "procent",
    "percent_signed": "procent",
    "per_1000": f"per 1{NBSP}000 invånare",
    "per_10000": f"per 10{NBSP}000 invånare",
    "per_100000": f"per 100{NBSP}000 invånare",
    "count": "antal",
    "kronor": "kronor",
    "days": "dagar",
    "index": "index",
    "yesno": "ja/nej",
    "ordinal": "svarsalternativ",
}

UTRUM = "utrum"
NEUTRUM = "neutrum"

_WORDS = {
    0: "noll",
    2: "två",
    3: "tre",
    4: "fyra",
    5: "fem",
    6: "sex",
    7: "sju",
    8: "åtta",
    9: "nio",
    10: "tio",
    11: "elva",
    12: "tolv",
}
_ONE = {UTRUM: "en", NEUTRUM: "ett"}
_NONE = {UTRUM: "ingen", NEUTRUM: "inget"}

_ORDINALS = {
    1: "första",
    2: "andra",
    3: "tredje",
    4: "fjärde",
    5: "femte",
    6: "sjätte",
    7: "sjunde",
    8: "åttonde",
    9: "nionde",
    10: "tionde",
    11: "elfte",
    12: "tolfte",
}

MONTHS = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)

#: Units whose figure is followed by a fixed phrase in running text.
_PER_UNITS = ("per_1000", "per_10000", "per_100000")
#: Units with a singular for exactly "1": (singular, plural).
_NOUN_UNITS = {"kronor": ("krona", "kronor"), "days": ("dag", "dagar")}
_PLAIN_UNITS = ("count", "index")


# --- numbers -----------------------------------------------------------------


#: a number grouped in thousands ("100 000", with NBSP) is one word, not two
_GROUPED = re.compile(r"(?<=\d)\u00a0(?=\d)")


def words(text: str) -> list[str]:
    """The words of ``text`` as a reader counts them: "100 000 invånare" is two.

    str.split() splits at the non-breaking space of a grouped number, which would
    make "antalet vräkningar per 100 000 invånare" one word longer than it reads.
    """
    return _GROUPED.sub("", text).split()


def _digits(rounded: Decimal, decimals: int) -> str:
    """A rounded Decimal in Swedish digits: NBSP groups, decimal comma, U+2212."""
    text = f"{abs(rounded):,.{decimals}f}".replace(",", NBSP).replace(".", ",")
    return (MINUS if rounded < 0 else "") + text


def format_number(value: float, decimals: int = 0) -> str:
    """``12345.6`` → ``12 345,6`` with NBSP grouping, U+2212 minus, no "-0"."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return _digits(round_half_up(value, decimals), decimals)  # raises the right error
    return _format_cached(float(value), decimals)


@lru_cache(maxsize=1 << 16)
def _format_cached(value: float, decimals: int) -> str:
    """Exact decimal rounding is slow and a site formats the same values many times."""
    return _digits(round_half_up(value, decimals), decimals)


def format_year(year: int) -> str:
    """Years are never grouped: ``2022``."""
    return str(int(year))


def format_table_value(
    value: float | None, unit: str, decimals: int, scale: dict[int, str] | None = None
) -> str:
    """A value as shown in a table cell: ``78 %``, ``12,3``, ``1 234 kr``, ``Ja``, ``–``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if unit in ("yesno", "ordinal") and scale:
        if float(value).is_integer() and int(value) in scale:
            return scale[int(value)]
        return format_number(value, 2)
    number = format_number(value, decimals)
    if unit in ("percent", "percent_signed"):
        return f"{number}{NBSP}%"
    if unit == "kronor":
        return f"{number}{NBSP}kr"
    return number


def signed_number(value: float, decimals: int) -> str:
    """``+2,5`` / ``−2,5`` / ``0`` for change columns in tables, where the sign is the point."""
    rounded = round_half_up(value, decimals)
    return ("+" if rounded > 0 else "") + _digits(rounded, decimals)


# --- number words ------------------------------------------------------------


def _gender(gender: str) -> str:
    """Reject typos early: a wrong gender silently gives "en år"."""
    if gender not in _ONE:
        raise ValueError(f"gender must be {UTRUM!r} or {NEUTRUM!r}, not {gender!r}")
    return gender


def _int(n: int) -> int:
    """Counts are whole numbers; a float here is a caller bug, not something to round."""
    return operator.index(n)


def number_word(n: int, gender: str = UTRUM) -> str:
    """Zero to twelve in words ("en kommun", "ett år"), larger numbers in digits (SPRAK.md)."""
    n, gender = _int(n), _gender(gender)
    if n == 1:
        return _ONE[gender]
    if n in _WORDS:
        return _WORDS[n]
    return format_number(n)


def count_phrase(
    n: int, singular: str, plural: str, gender: str = UTRUM, words: bool = True
) -> str:
    """Count with its noun: "tre kommuner", "ett år", "13 kommuner".

    ``words=False`` forces digits when other figures stand beside it (SPRAK.md).
    """
    n, gender = _int(n), _gender(gender)
    number = number_word(n, gender) if words else format_number(n)
    return f"{number} {singular if n == 1 else plural}"


def counted_text(n: int, one: str, many: str, noun: bool = True) -> str:
    """A count of people with its noun, from config ``counted:`` ("en vräkning",
    "vräkningar"): "inga vräkningar", "en vräkning", "tre vräkningar", "inga barn"
    ("Gagnef hade inget barn i vräkta hushåll" read stiffly: an editor's finding);
    ``noun=False`` for a second count of the same ("… och ingen året innan")."""
    n = _int(n)
    article, word = one.split(" ", 1)
    gender = NEUTRUM if article == "ett" else UTRUM
    count = _NONE[gender] if n == 0 else number_word(n, gender)
    if not noun:
        return count
    if n == 0:
        return f"inga {many}"
    return f"{count} {word if n == 1 else many}"


def share_phrase(k: int, n: int, singular: str, plural: str, gender: str = UTRUM) -> str:
    """Part of a whole: "tre av fyra nyckeltal", "120 av 290 kommuner"; never mixed.

    Zero reads "ingen/inget av …", which is how Swedish says it.
    """
    k, n, gender = _int(k), _int(n), _gender(gender)
    if not 0 <= k <= n or n < 1:
        raise ValueError(f"share_phrase needs 0 <= k <= n and n >= 1, got {k} of {n}")
    noun = singular if n == 1 else plural
    words = n <= 12
    if k == 0:
        first = _NONE[gender]  # "inget av fyra nyckeltal", not "noll av"
    elif words:
        first = number_word(k, gender)
    else:
        first = format_number(k)
    second = number_word(n, gender) if words else format_number(n)
    return f"{first} av {second} {noun}"


def ordinal_word(n: int) -> str:
    """Ordinals in words to 12 ("tredje"), then digits with ":a"/":e" ("21:a", "111:e")."""
    n = _int(n)
    if n < 1:
        raise ValueError(f"ordinals start at 1, not {n}")
    if n in _ORDINALS:
        return _ORDINALS[n]
    suffix = "a" if n % 10 in (1, 2) and n % 100 not in (11, 12) else "e"
    return f"{format_number(n)}:{suffix}"


_ABOUT = {
    10: "ett tiotal",
    20: "ett tjugotal",
    30: "ett trettiotal",
    40: "ett fyrtiotal",
    50: "ett femtiotal",
    60: "ett sextiotal",
    70: "ett sjuttiotal",
    80: "ett åttiotal",
    90: "ett nittiotal",
}


#: the largest count about_count has a word for ("ett nittiotal")
ABOUT_MOST = 94


def about_count(n: int) -> str:
    """A count that is an estimate, to the nearest ten: 47 is "ett femtiotal", as
    a reporter says about fifty ("omkring 47" claims a precision an estimate lacks).
    Counts from 5 to 94 only."""
    tens = (_int(n) + 5) // 10 * 10  # half up: 45 is "ett femtiotal"
    if tens not in _ABOUT:
        raise ValueError(f"no word for about {n}")
    return _ABOUT[tens]


def in_a_row(n: int) -> str:
    """Streaks: "tredje året i rad"; a streak needs two years, so ``n < 2`` is a caller bug."""
    if _int(n) < 2:
        raise ValueError(f"a streak is at least two years, not {n}")
    return f"{ordinal_word(n)} året i rad"


def rank_text(rank: int, n: int, tied: int = 1) -> str:
    """Ranks like "plats 12 av 290", always digits since the figure is the point.

    A rank shared by ``tied`` kommuner (this one included) is "delad plats 12 av
    290" (SPRAK.md: ties are said); :func:`shared_text` says with how many.
    """
    rank, n, tied = _int(rank), _int(n), _int(tied)
    if not 1 <= rank <= n:
        raise ValueError(f"rank must be between 1 and {n}, not {rank}")
    if not 1 <= tied <= n - rank + 1:
        raise ValueError(f"{tied} kommuner cannot share place {rank} of {n}")
    shared = "delad " if tied > 1 else ""
    return f"{shared}plats {format_number(rank)} av {format_number(n)}"


def shared_text(tied: int) -> str:
    """Who shares a rank: "tillsammans med 144 andra kommuner", "" when nobody does.

    Digits, since it stands beside the rank's figures ("delad plats 3 av 290
    tillsammans med 2 andra kommuner"; SPRAK.md: one precision per sentence).
    """
    tied = _int(tied)
    if tied < 1:
        raise ValueError(f"a rank is held by at least one kommun, not {tied}")
    if tied == 1:
        return ""
    if tied == 2:
        return "tillsammans med en annan kommun"
    others = count_phrase(tied - 1, "annan kommun", "andra kommuner", words=False)
    return "tillsammans med " + others


def shared_sentence(tied: int, what: str = "värde") -> str:
    """Who shares a rank, as a sentence of its own: "Fyra andra kommuner har samma
    värde." ("" when nobody does). Its own sentence lets the count stand in words
    (SPRAK.md), where "delad plats 237 tillsammans med 4 andra kommuner" kept digits
    beside the rank's figures and read as a table (an editor's finding)."""
    tied = _int(tied)
    if tied < 1:
        raise ValueError(f"a rank is held by at least one kommun, not {tied}")
    if tied == 1:
        return ""
    others = count_phrase(tied - 1, "annan kommun", "andra kommuner")
    if tied - 1 > max(_WORDS):  # a sentence never starts with a figure (SPRAK.md)
        return f"Samma {what} har {others}."
    return f"{capitalize(others)} har samma {what}."


# --- percentages and units ---------------------------------------------------


def hedge(value: float, decimals: int) -> str:
    """Hedge word when rounding moves the magnitude by a quarter step or more, else "".

    Works on the magnitude, so −49.7 shown as −50 is "knappt": the hedge
    describes the size. Nothing for a figure shown as zero ("drygt 0" is noise).
    """
    true = abs(exact(value))
    printed = abs(round_half_up(value, decimals))
    if printed == 0:
        return ""
    quarter = Decimal(1).scaleb(-decimals) / 4
    if true - printed >= quarter:
        return "drygt"
    if printed - true >= quarter:
        return "knappt"
    return ""


def _with_hedge(text: str, value: float, decimals: int, hedged: bool) -> str:
    word = hedge(value, decimals) if hedged else ""
    return f"{word} {text}" if word else text


def percent_text(value: float, decimals: int | None = None, hedged: bool = False) -> str:
    """Shares in running text: "50 procent", "knappt 50 procent"; never the "%" sign."""
    if decimals is None:
        decimals = text_decimals(value)
    return _with_hedge(f"{format_number(value, decimals)} procent", value, decimals, hedged)


def _pp_decimals(delta: float) -> int:
    """One decimal under 10 procentenheter, none when that decimal would be ",0"."""
    rounded = abs(round_half_up(delta, 1))
    return 0 if rounded >= 10 or rounded == rounded.to_integral_value() else 1


def pp_text(delta: float, decimals: int | None = None) -> str:
    """Size of a change between percentages: "22 procentenheter", "1 procentenhet", "0,5 …".

    Always digits (a unit follows); singular only for a shown "1", since "1,0" is plural.
    """
    if decimals is None:
        decimals = _pp_decimals(delta)
    number = format_number(float(abs(exact(delta))), decimals)
    return f"{number} {'procentenhet' if number == '1' else 'procentenheter'}"


def unit_label(unit: str, per: str | None = None) -> str:
    """The unit for tables and text: "per 10 000 invånare", or with the indicator's own
    denominator (config ``denominator``) "per 10 000 vuxna invånare"."""
    if per and unit in _PER_UNITS:
        return UNIT_LABELS[unit].removesuffix("invånare") + per
    return UNIT_LABELS[unit]


def _unit_text(number: str, unit: str, per: str | None = None) -> str:
    """Digits plus the unit in words, with the singular for a shown "1" or "−1"."""
    if unit in _PER_UNITS:
        return f"{number} {unit_label(unit, per)}"
    if unit in _NOUN_UNITS:
        singular, plural = _NOUN_UNITS[unit]
        return f"{number} {singular if number.lstrip(MINUS) == '1' else plural}"
    if unit in _PLAIN_UNITS:
        return number
    raise ValueError(f"no running-text form for unit {unit!r}")


@lru_cache(maxsize=1 << 18)
def value_text(value: float, unit: str, decimals: int, per: str | None = None) -> str:
    """A value in running text: "8,5 procent", "12,3 per 1 000 invånare", "1 krona", "45 dagar".

    Percent follows the text rounding but never shows more decimals than the
    indicator has, so the text never claims more precision than the table. Cached:
    a build formats the same few thousand values some 200 000 times.
    """
    if unit in PERCENT_UNITS:
        return percent_text(value, min(decimals, text_decimals(value)))
    number = format_number(value, decimals)
    if unit in _PER_UNITS and round_half_up(value, decimals) == 0:
        # "antalet vräkningar var noll", not "0,0 per 100 000 invånare" (an editor's rule)
        return "noll"
    return _unit_text(number, unit, per)


def signed_percent_text(
    value: float, decimals: int, reference: str | None = None, position: bool = False
) -> str:
    """A signed deviation in words: "12 procent lägre än referenskostnaden" (SPRAK.md:
    in running text, words rather than a minus sign); without ``reference`` the short
    "12 procent lägre". A deviation that prints as 0 is "lika hög som …".

    ``position`` words it as a place beside the reference, for a value in parentheses:
    "12 procent under referenskostnaden", "i nivå med referenskostnaden"; without
    ``reference`` "12 procent under", after a mention of it."""
    rounded = shown(value, "percent_signed", decimals)
    if rounded == 0:
        if not reference:
            return "lika hög"
        return f"{'i nivå med' if position else 'lika hög som'} {reference}"
    number = percent_text(abs(value), min(decimals, text_decimals(value)))
    if position:
        side = f"{number} {'över' if rounded > 0 else 'under'}"
        return f"{side} {reference}" if reference else side
    words = f"{number} {'högre' if rounded > 0 else 'lägre'}"
    return f"{words} än {reference}" if reference else words


def change_text(delta: float, unit: str, decimals: int, per: str | None = None) -> str:
    """Size of a change without sign, since the verb says up or down: "3,2 procentenheter"."""
    size = float(abs(exact(delta)))
    if unit in PERCENT_UNITS:
        return pp_text(size, min(decimals, _pp_decimals(size)))
    return _unit_text(format_number(size, decimals), unit, per)


def relative_change_text(old: float, new: float) -> str | None:
    """Relative size of a change in whole percent ("79 procent"); None from zero (undefined)."""
    old_exact, new_exact = exact(old), exact(new)
    if old_exact == 0:
        return None
    ratio = abs((new_exact - old_exact) / old_exact) * 100
    return f"{format_number(float(ratio))} procent"


# --- words, names, dates -----------------------------------------------------


def join_list(items: Sequence[str], conj: str = "och") -> str:
    """Lists like "a, b och c": Swedish has no comma before the last "och"."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conj} {items[-1]}"


def capitalize(s: str) -> str:
    """Upper-case the first character only; ``str.capitalize`` would lower "Götalands"."""
    return s[:1].upper() + s[1:]


def genitive(name: str) -> str:
    """Free-standing genitive: "Melleruds", "Uppsalas", but "Borås" (no s after s, x, z)."""
    if not name:
        raise ValueError("genitive of an empty name")
    return name if name[-1].lower() in "sxz" else f"{name}s"


def format_date(d: date) -> str:
    """Running-text date "1 september 2022": no leading zero, month in lower case."""
    return f"{d.day} {MONTHS[d.month - 1]} {format_year(d.year)}"


def format_date_iso(d: date) -> str:
    """ISO date "2022-09-01" for tables and metadata, without strftime's locale quirks."""
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"


_LOOSE_GROUPS = re.compile(r"(?<![\d,])(\d{1,3})[ \u2009\u202f](?=\d{3}(?!\d))")


def group_thousands(text: str) -> str:
    """Hand-written prose ("per 10 000 invånare") with NBSP in digit groups, as SPRAK.md
    requires; editors type ordinary spaces, so config texts are mended, not refused."""
    previous = None
    while previous != text:
        previous, text = text, _LOOSE_GROUPS.sub("\\1" + NBSP, text)
    return text
