"""Reference tables: kommuner, län and SKR kommungrupper.

The facts live in ``data/reference/*.csv`` so that names, genitives and
prepositions are looked up, never derived from a rule at run time (Swedish
names have too many exceptions: "Falu kommun", "Kalix kommun", "på Gotland").
This module is pure: the caller reads the CSV files and hands the rows to
:func:`parse_reference`, which validates them strictly so that a slip in a
hand-edited table stops the build with a message pointing at the cell.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields
from typing import Any, TypeVar

from insyn.errors import UserError

RIKET_ID = "0000"
"""Kolada's id for the whole country (Riket)."""

PREPOSITIONS = ("i", "på")

SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_KOMMUN_CODE_RE = re.compile(r"^[0-9]{4}$")
_LAN_CODE_RE = re.compile(r"^[0-9]{2}$")
_GROUP_ID_RE = re.compile(r"^G[0-9]+$")

T = TypeVar("T")
Row = Mapping[Any, Any]
"""A csv.DictReader row: str keys and values, None for missing cells or extra values."""


class ReferenceError(UserError, ValueError):
    """A reference table is malformed; the message names table, row and column.

    The name shadows the builtin ReferenceError (weak references), which this
    project never uses; import it from here explicitly.
    """


@dataclass(frozen=True, slots=True)
class Kommun:
    """One of the 290 kommuner, with the name forms that generated text needs."""

    code: str
    name: str
    official_name: str
    genitive: str
    preposition: str
    slug: str
    lan_code: str
    kommungrupp: str

    @property
    def in_name(self) -> str:
        """Short name with its preposition: "i Mellerud", "på Gotland"."""
        return f"{self.preposition} {self.name}"


@dataclass(frozen=True, slots=True)
class Lan:
    """A län; ``region_id`` is Kolada's id for it, ``group_id`` its kommun-average group."""

    code: str
    name: str
    short_name: str
    region_id: str
    slug: str
    group_id: str


@dataclass(frozen=True, slots=True)
class Kommungrupp:
    """An SKR kommungrupp (2023 classification), identified by its Kolada group id."""

    id: str
    title: str


@dataclass(frozen=True)
class Reference:
    """All reference tables, with look-ups by code, slug and Kolada region id."""

    kommuner: tuple[Kommun, ...]
    lan: tuple[Lan, ...]
    kommungrupper: tuple[Kommungrupp, ...]
    _kommun_by_code: dict[str, Kommun] = field(init=False, repr=False, compare=False)
    _kommun_by_slug: dict[str, Kommun] = field(init=False, repr=False, compare=False)
    _lan_by_code: dict[str, Lan] = field(init=False, repr=False, compare=False)
    _lan_by_region: dict[str, Lan] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Build the indexes once; a frozen dataclass needs object.__setattr__ for that.
        object.__setattr__(self, "_kommun_by_code", {k.code: k for k in self.kommuner})
        object.__setattr__(self, "_kommun_by_slug", {k.slug: k for k in self.kommuner})
        object.__setattr__(self, "_lan_by_code", {x.code: x for x in self.lan})
        object.__setattr__(self, "_lan_by_region", {x.region_id: x for x in self.lan})

    def kommun(self, code: str) -> Kommun:
        """The kommun with this 4-digit code, e.g. "1461"."""
        return _lookup(self._kommun_by_code, code, "kommun with code")

    def kommun_by_slug(self, slug: str) -> Kommun:
        """The kommun whose URL slug this is, e.g. "mellerud"."""
        return _lookup(self._kommun_by_slug, slug, "kommun with slug")

    def kommun_named_by_user(self, slug: str, option: str = "--only") -> Kommun:
        """The kommun a user named by slug (``--only mellerud``); an unknown slug is a
        ReferenceError (one line, exit 1) with the closest slug as a hint.

        Why not ``kommun_by_slug``: its KeyError is a program error (a traceback),
        right for a slug from our own tables, wrong for a user's typo.
        """
        if slug in self._kommun_by_slug:
            return self._kommun_by_slug[slug]
        import difflib

        shown = repr(slug if len(slug) <= 40 else slug[:37] + "...")
        close = difflib.get_close_matches(slug.lower(), sorted(self._kommun_by_slug), n=1)
        example = next(iter(sorted(self._kommun_by_slug)), "mellerud")
        hint = f"menade du {close[0]!r}?" if close else f"ange en kommuns slug, t.ex. {example!r}"
        raise ReferenceError(f"{option}: okänd kommun {shown}; {hint}")

    def lan_of(self, kommun: Kommun) -> Lan:
        """The län a kommun belongs to."""
        return _lookup(self._lan_by_code, kommun.lan_code, "län with code")

    def lan_by_region_id(self, region_id: str) -> Lan:
        """The län for a Kolada region id such as "0014"."""
        return _lookup(self._lan_by_region, region_id, "län with Kolada region id")

    def kommuner_in_lan(self, lan_code: str) -> tuple[Kommun, ...]:
        """The län's kommuner in Swedish alphabetical order of their short names."""
        _lookup(self._lan_by_code, lan_code, "län with code")
        members = (k for k in self.kommuner if k.lan_code == lan_code)
        return tuple(sorted(members, key=lambda k: sv_sort_key(k.name)))


def _lookup(index: Mapping[str, T], key: str, what: str) -> T:
    """Dictionary look-up whose KeyError says what was missing."""
    try:
        return index[key]
    except KeyError:
        raise KeyError(f"no {what} {key!r} in the reference tables") from None


# --- Swedish collation and slugs ------------------------------------------------

# å, ä, ö are letters of their own after z; these ASCII characters follow "z" directly.
# Foreign letters sort as Swedish dictionaries do (é as e, ü as y, æ as ä, ø as ö).
_SV_LETTERS = {"å": "{", "ä": "|", "ö": "}", "æ": "|", "ø": "}", "ü": "y"}


def sv_sort_key(s: str) -> tuple[str, str]:
    """Key for Swedish alphabetical order, independent of the system locale.

    Case-insensitive; å < ä < ö after z ("Åre" < "Älmhult" < "Öckerö"); other
    accents are ignored; a hyphen counts as a space so "Upplands-Bro" sorts
    with "Upplands Väsby" word by word. The original string breaks ties so the
    order is total and stable.
    """
    primary = "".join(_sv_char(c) for c in s.casefold().replace("-", " "))
    return primary, s


def _sv_char(c: str) -> str:
    """One character's collation form: Swedish letters mapped, accents dropped."""
    if c in _SV_LETTERS:
        return _SV_LETTERS[c]
    return "".join(d for d in unicodedata.normalize("NFKD", c) if not unicodedata.combining(d))


def slugify(text: str) -> str:
    """Lower-case ASCII slug for URLs: "Upplands Väsby" -> "upplands-vasby".

    Diacritics are dropped (å, ä -> a; ö -> o; é -> e); every run of other
    characters becomes one hyphen. Collisions (Habo/Håbo) are resolved in the
    table, not here: see data/reference/README.md.
    """
    folded = unicodedata.normalize("NFKD", text.lower())
    ascii_only = "".join(c for c in folded if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-")


# --- Parsing and validation ----------------------------------------------------

Check = Callable[[dict[str, str]], Iterator[tuple[str, str]]]
"""Yields (column, problem) for each fault found in one row's values."""


def parse_reference(
    kommuner_rows: Iterable[Row], lan_rows: Iterable[Row], grupp_rows: Iterable[Row]
) -> Reference:
    """Validate the three tables' rows (as from csv.DictReader) and build a Reference.

    Raises ReferenceError at the first fault, naming the table, the data row
    (1-based; file line = row + 1 because of the header) and the column.
    """
    grupper = _parse_table("kommungrupper.csv", grupp_rows, Kommungrupp, _check_grupp, ["id"])
    lan = _parse_table("lan.csv", lan_rows, Lan, _check_lan, ["code", "slug", "group_id"])
    check_kommun = _kommun_checker({x.code for x in lan}, {g.id for g in grupper})
    kommuner = _parse_table("kommuner.csv", kommuner_rows, Kommun, check_kommun, ["code", "slug"])
    return Reference(
        kommuner=tuple(sorted(kommuner, key=lambda k: k.code)),
        lan=tuple(sorted(lan, key=lambda x: x.code)),
        kommungrupper=tuple(sorted(grupper, key=lambda g: g.id)),
    )


def _parse_table(
    table: str, rows: Iterable[Row], cls: type[T], check: Check, unique: list[str]
) -> list[T]:
    """Check columns, cells and uniqueness of one table; return its records."""
    columns = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    records: list[T] = []
    for index, row in enumerate(rows):
        values = _row_values(table, index, row, columns)
        fault = next(check(values), None)
        if fault is not None:
            raise _error(table, index, *fault)
        records.append(cls(**values))
    if not records:
        raise ReferenceError(f"{table}: the table has no rows")
    for column in unique:
        _check_unique(table, [getattr(r, column) for r in records], column)
    return records


def _row_values(table: str, index: int, row: Row, columns: list[str]) -> dict[str, str]:
    """The row's cells, after checking it has exactly the expected columns, all filled."""
    if None in row:
        raise _error(table, index, None, "more values than columns")
    missing = [c for c in columns if c not in row]
    unexpected = [c for c in row if c not in columns]
    if missing or unexpected:
        problem = f"wrong columns: missing {missing}, unexpected {unexpected}"
        raise _error(table, index, None, problem)
    for column in columns:
        _check_cell(table, index, column, row[column])
    return {c: row[c] for c in columns}


def _check_cell(table: str, index: int, column: str, value: object) -> None:
    """Every cell must be a non-empty string without surrounding whitespace."""
    if value is None:
        raise _error(table, index, column, "missing value (row has too few values)")
    if not isinstance(value, str) or not value.strip():
        raise _error(table, index, column, "empty value")
    if value != value.strip():
        raise _error(table, index, column, f"surrounding whitespace in {value!r}")


def _check_unique(table: str, values: list[str], column: str) -> None:
    """Raise at the second occurrence of any value, naming the first."""
    seen: dict[str, int] = {}
    for index, value in enumerate(values):
        if value in seen:
            problem = f"duplicate value {value!r} (also in row {seen[value] + 1})"
            raise _error(table, index, column, problem)
        seen[value] = index


def _error(table: str, index: int, column: str | None, problem: str) -> ReferenceError:
    """A ReferenceError that says where: table, 1-based data row, file line, column."""
    where = f"{table} row {index + 1} (file line {index + 2})"
    if column is not None:
        where += f", column {column!r}"
    return ReferenceError(f"{where}: {problem}")


_SLUG_RULE = "a valid slug (lower-case ASCII letters and digits joined by single hyphens)"
_GROUP_ID_RULE = "a Kolada group id (G followed by digits)"


def _check_format(
    values: dict[str, str], column: str, pattern: re.Pattern[str], what: str
) -> Iterator[tuple[str, str]]:
    """Yield a fault if the column's value does not match the pattern."""
    if not pattern.match(values[column]):
        yield column, f"{values[column]!r} is not {what}"


def _check_grupp(v: dict[str, str]) -> Iterator[tuple[str, str]]:
    """Row check for kommungrupper.csv."""
    yield from _check_format(v, "id", _GROUP_ID_RE, _GROUP_ID_RULE)


def _check_lan(v: dict[str, str]) -> Iterator[tuple[str, str]]:
    """Row check for lan.csv; region_id must be Kolada's "00" + län code."""
    yield from _check_format(v, "code", _LAN_CODE_RE, "a 2-digit län code")
    if v["region_id"] != "00" + v["code"]:
        yield "region_id", f"{v['region_id']!r} is not '00' + the län code {v['code']!r}"
    yield from _check_format(v, "slug", SLUG_RE, _SLUG_RULE)
    yield from _check_format(v, "group_id", _GROUP_ID_RE, _GROUP_ID_RULE)


def _kommun_checker(lan_codes: set[str], grupp_ids: set[str]) -> Check:
    """A row check for kommuner that knows the valid län codes and kommungrupp ids."""

    def check(v: dict[str, str]) -> Iterator[tuple[str, str]]:
        yield from _check_format(v, "code", _KOMMUN_CODE_RE, "a 4-digit kommun code")
        if v["preposition"] not in PREPOSITIONS:
            yield "preposition", f"{v['preposition']!r} is not one of {PREPOSITIONS}"
        yield from _check_format(v, "slug", SLUG_RE, _SLUG_RULE)
        if v["lan_code"] not in lan_codes:
            yield "lan_code", f"unknown lan_code {v['lan_code']!r} (not in lan.csv)"
        elif not v["code"].startswith(v["lan_code"]):
            yield "lan_code", f"{v['lan_code']!r} is not the first two digits of {v['code']!r}"
        if v["kommungrupp"] not in grupp_ids:
            problem = f"unknown kommungrupp {v['kommungrupp']!r} (not in kommungrupper.csv)"
            yield "kommungrupp", problem

    return check


def municipality_rows(reference: Reference) -> list[dict[str, Any]]:
    """/v3/municipality rows from the project's own tables: Riket, the regions, the kommuner."""
    rows: list[dict[str, Any]] = [{"id": RIKET_ID, "title": "Riket", "type": "L"}]
    rows += [{"id": lan.region_id, "title": lan.name, "type": "L"} for lan in reference.lan]
    rows += [{"id": k.code, "title": k.name, "type": "K"} for k in reference.kommuner]
    return rows
