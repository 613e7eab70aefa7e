"""Load and validate config.yaml into frozen dataclasses.

The schema is declared once, as data (``SCHEMA``), so that validation, error
messages and the documentation check in the tests all read the same source.
Every error names the key path (``areas[2].indicators[0].direction``) and what
was expected, because the people who edit config.yaml are web editors and
operators, not Python programmers.
"""

from __future__ import annotations

import copy
import math
import posixpath
import re
import reprlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, cast

from .errors import UserError

UNITS = (
    "percent",
    "percent_signed",
    "per_1000",
    "per_10000",
    "per_100000",
    "count",
    "kronor",
    "days",
    "index",
    "yesno",
    "ordinal",
)
DIRECTIONS = ("higher", "lower", "none")
#: Who an indicator counts, for the gender words of its text: kvinnor och män,
#: flickor och pojkar, unga kvinnor och unga män (SPRAK.md).
POPULATIONS = ("adults", "children", "young")
#: (the female, the male) word of each population, plural, lower case
GENDER_WORDS = {
    "adults": ("kvinnor", "män"),
    "children": ("flickor", "pojkar"),
    "young": ("unga kvinnor", "unga män"),
}
PER_UNITS = ("per_1000", "per_10000", "per_100000")
KOLADA_ID = re.compile(r"^[NU]\d{5}$")
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
#: A file name (or a path below static/) for the logo: no "..", no leading slash.
STATIC_FILE = re.compile(r"^(?!.*\.\.)[A-Za-z0-9_][A-Za-z0-9_./-]*\.(?:svg|png|webp|jpe?g)$")
#: A directory relative to the project root: no "..", no leading slash or drive.
RELATIVE_DIR = re.compile(r"^(?!.*\.\.)(?![/\\])[A-Za-z0-9_][A-Za-z0-9_./-]*$")
ENV_NAME = re.compile(r"^[A-Z_][A-Z0-9_]*$")
PUBLISH_TARGETS = ("github_pages", "cms", "bundle", "dir")
#: WCAG 2.1 minimum contrast: 1.4.3 for text and links, 1.4.11 for other marks.
TEXT_CONTRAST = 4.5
NON_TEXT_CONTRAST = 3.0
#: The look of the shipped site; a config without ``site.colors`` gets these.
DEFAULT_COLORS = {
    "text": "#1b1b1b",
    "background": "#ffffff",
    "primary": "#00558c",
    "primary_dark": "#003b62",
    "accent": "#00558c",
}
DEFAULT_DESCRIPTION = (
    "Siffror, jämförelser och färdiga texter om socialtjänsten i Sveriges kommuner, "
    "med värden från Kolada."
)
DEFAULT_LICENCE = {
    "name": "CC BY 4.0",
    "url": "https://creativecommons.org/licenses/by/4.0/deed.sv",
}
CUSTOM_ID = re.compile(r"^X[A-Za-z0-9_]{1,40}$")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class ConfigError(UserError, ValueError):
    """A config file or value is wrong; the message names the file and key path."""


# --------------------------------------------------------------------------- schema


@dataclass(frozen=True)
class Spec:
    """One value in the schema: how to check it and what to say when it is wrong."""

    expected: str
    check: Callable[[Any], bool]
    required: bool = True
    default: Any = None
    doc: str = ""


@dataclass(frozen=True)
class MapSpec:
    """A mapping with a fixed set of keys; unknown keys are errors.

    An optional mapping that is missing becomes ``default`` validated like a given
    value (so ``{}`` fills in the defaults of its keys), or None when ``default`` is None.
    """

    fields: Mapping[str, Spec | MapSpec | ListSpec]
    required: bool = True
    doc: str = ""
    default: Any = None


@dataclass(frozen=True)
class ListSpec:
    """A list of items that all follow one spec."""

    item: Spec | MapSpec
    min_len: int = 0
    max_len: int = 10_000
    required: bool = True
    doc: str = ""
    default: Any = None


#: Control characters no text in config.yaml may hold (tab and newline may): a NUL in
#: site.title would reach every page's <title> and feed (issue 14, item 9).
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _is_str(v: Any) -> bool:
    return isinstance(v, str) and v.strip() != "" and CONTROL_CHARS.search(v) is None


def _is_publish_dir(v: Any) -> bool:
    """A directory the dir target may replace: outside the project and not ``/``.

    The target deletes what the path holds, so ``.``, ``..``, ``state`` or ``/``
    would cost the project or the machine; relative paths start at the project
    root, so only ``../name`` leaves it.
    """
    if not _is_str(v):
        return False
    path = posixpath.normpath(v.strip())
    if path.startswith("/"):
        return path.strip("/") != ""
    parts = path.split("/")
    return parts[0] == ".." and any(p != ".." for p in parts)


def _is_int(v: Any, lo: int | None = None, hi: int | None = None) -> bool:
    if isinstance(v, bool) or not isinstance(v, int):
        return False
    return (lo is None or v >= lo) and (hi is None or v <= hi)


def _is_num(v: Any, lo: float | None = None, hi: float | None = None) -> bool:
    if isinstance(v, bool) or not isinstance(v, int | float):
        return False
    return (lo is None or v >= lo) and (hi is None or v <= hi)


def _text(doc: str = "", required: bool = True, default: Any = None) -> Spec:
    return Spec("a non-empty string without control characters", _is_str, required, default, doc)


def _enum(choices: tuple[str, ...], doc: str = "", default: Any = None) -> Spec:
    return Spec("|".join(choices), lambda v: v in choices, default is None, default, doc)


def _int(lo: int, hi: int, doc: str = "", default: Any = None) -> Spec:
    return Spec(
        f"an integer {lo}–{hi}", lambda v: _is_int(v, lo, hi), default is None, default, doc
    )


def _num(lo: float, hi: float, doc: str = "", default: Any = None) -> Spec:
    return Spec(f"a number {lo}–{hi}", lambda v: _is_num(v, lo, hi), default is None, default, doc)


def _env_name(default: str) -> Spec:
    return Spec(
        "an environment variable name like INSYN_CMS_TOKEN",
        lambda v: isinstance(v, str) and ENV_NAME.match(v) is not None,
        False,
        default,
    )


def _rel_dir(default: str) -> Spec:
    return Spec(
        "a directory relative to the project root",
        lambda v: isinstance(v, str) and RELATIVE_DIR.match(v) is not None,
        False,
        default,
    )


def _is_url(v: Any) -> bool:
    return isinstance(v, str) and re.match(r"^https?://[^\s/]+", v) is not None


def _url(doc: str = "", default: Any = None) -> Spec:
    return Spec(
        "an http(s) URL",
        _is_url,
        default is None,
        default,
        doc,
    )


def _colour(doc: str = "", default: Any = None, required: bool = False) -> Spec:
    return Spec(
        "a colour as #rrggbb",
        lambda v: isinstance(v, str) and HEX_COLOUR.match(v) is not None,
        required,
        default,
        doc,
    )


def _sentence(v: Any) -> bool:
    return _is_str(v) and len(v) <= 200 and "\n" not in v.strip()


def _site_link(v: Any) -> bool:
    """An absolute http(s) URL, or a path on this site starting with "/"."""
    if not isinstance(v, str) or any(c.isspace() for c in v):
        return False
    return re.match(r"^https?://[^/]+", v) is not None or (v.startswith("/") and ".." not in v)


def _range_ok(v: Any) -> bool:
    """A plausible range ``[min, max]``; a null bound is open."""
    if not isinstance(v, list) or len(v) != 2:
        return False
    lo, hi = v
    if not all(b is None or (_is_num(b) and b == b and abs(b) != float("inf")) for b in v):
        return False
    return lo is None or hi is None or lo < hi


def _scale_ok(v: Any) -> bool:
    return (
        isinstance(v, dict)
        and len(v) >= 2
        and all(_is_int(k) and _is_str(lbl) for k, lbl in v.items())
    )


def _answers_ok(v: Any) -> bool:
    return (
        isinstance(v, dict)
        and len(v) >= 2
        and all(
            _is_int(k) and _sentence(c) and len(c.split()) <= 10 and c[:1] == c[:1].lower()
            for k, c in v.items()
        )
    )


INDICATOR = MapSpec(
    {
        "id": Spec(
            "a Kolada KPI id like N00945 or U21468, or a custom id like X_krisplan",
            lambda v: isinstance(v, str) and bool(KOLADA_ID.match(v) or CUSTOM_ID.match(v)),
        ),
        "title": _text("short Swedish name for residents"),
        "phrase": _text("the indicator inside a generated sentence"),
        "short": Spec(
            "a short definite noun phrase for headlines, at most six words, lower case: "
            "'andelen nöjda med hemtjänsten', 'väntetiden till särskilt boende'",
            lambda v: _sentence(v) and len(v.split()) <= 6 and v[:1] == v[:1].lower(),
            required=False,
        ),
        "description": _text("what is measured, in plain Swedish (Vad mäts?)"),
        "unit": _enum(UNITS),
        "direction": _enum(DIRECTIONS),
        "decimals": _int(0, 3),
        "by_gender": Spec(
            "true|false", lambda v: isinstance(v, bool), required=False, default=False
        ),
        "scale": Spec(
            "a mapping of integer codes to Swedish labels, e.g. {1: Ja, 0: Nej}",
            _scale_ok,
            required=False,
        ),
        "answers": Spec(
            "a mapping of the scale's codes to what the answer says, as a lower-case main "
            "clause of at most ten words: {2: 'alla äldreboenden har internet på rummen'}",
            _answers_ok,
            required=False,
        ),
        "range": Spec(
            "[min, max]: two numbers (or null for no bound), min below max",
            _range_ok,
            required=False,
        ),
        "denominator": Spec(
            "who a per_* rate counts per, in Swedish: 'vuxna invånare', 'invånare 0–20 år'",
            lambda v: _sentence(v) and len(v) <= 40 and not v.strip().startswith("per"),
            required=False,
        ),
        "population": Spec(
            "|".join(POPULATIONS),
            lambda v: v in POPULATIONS,
            required=False,
            default="adults",
        ),
    }
)

AREA = MapSpec(
    {
        "slug": Spec(
            "a lower-case ascii slug like 'aldreomsorg'",
            lambda v: isinstance(v, str) and SLUG.match(v) is not None,
        ),
        "title": _text(),
        "short": Spec(
            "what a headline calls the area after 'om', lower case, at most four words: "
            "'hemtjänsten', 'LSS', 'missbruksvården'",
            lambda v: _sentence(v) and len(v.split()) <= 4,
            required=False,
        ),
        "intro": Spec(
            "a path under content/ ending in .md",
            lambda v: isinstance(v, str) and v.endswith(".md") and ".." not in v,
        ),
        "similar_group": Spec(
            "a Kolada 'Liknande kommuner' kind (äldreomsorg|LSS|IFO|ekonomiskt bistånd) or null",
            lambda v: v is None or _is_str(v),
            required=False,
        ),
        "indicators": ListSpec(INDICATOR, min_len=1, max_len=30),
    }
)

SCHEMA = MapSpec(
    {
        "site": MapSpec(
            {
                "title": _text(),
                "base_url": Spec(
                    "an absolute http(s) URL ending in /",
                    lambda v: isinstance(v, str) and re.match(r"^https?://[^\s]+/$", v) is not None,
                ),
                "language": _enum(("sv",)),
                "organisation": _text(),
                "contact": MapSpec(
                    {
                        "name": _text(),
                        "email": Spec(
                            "an e-mail address",
                            lambda v: (
                                isinstance(v, str)
                                and re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", v) is not None
                            ),
                        ),
                        "url": _url(),
                    }
                ),
                "description": Spec(
                    "one sentence of at most 200 characters",
                    _sentence,
                    required=False,
                    default=DEFAULT_DESCRIPTION,
                ),
                "logo": MapSpec(
                    {
                        "src": Spec(
                            "a file under static/ like 'logo.svg' (.svg, .png, .webp or .jpg)",
                            lambda v: isinstance(v, str) and STATIC_FILE.match(v) is not None,
                        ),
                        "alt": Spec(
                            "a non-empty text alternative (what the logo says, e.g. a name)",
                            _is_str,
                        ),
                    },
                    required=False,
                ),
                "colors": MapSpec(
                    {
                        "text": _colour(default=DEFAULT_COLORS["text"]),
                        "background": _colour(default=DEFAULT_COLORS["background"]),
                        "primary": _colour(default=DEFAULT_COLORS["primary"]),
                        "primary_dark": Spec(
                            "a colour as #rrggbb or null (null: derived from primary)",
                            lambda v: (
                                v is None or (isinstance(v, str) and bool(HEX_COLOUR.match(v)))
                            ),
                            required=False,
                        ),
                        "accent": _colour(default=DEFAULT_COLORS["accent"]),
                    },
                    required=False,
                    default={},
                ),
                "footer": MapSpec(
                    {
                        "text": Spec(
                            "a non-empty string or null", lambda v: v is None or _is_str(v), False
                        ),
                        "links": ListSpec(
                            MapSpec(
                                {
                                    "title": _text(),
                                    "url": Spec(
                                        "an http(s) URL or a path on the site starting with /",
                                        _site_link,
                                    ),
                                }
                            ),
                            max_len=20,
                            required=False,
                            default=[],
                        ),
                    },
                    required=False,
                    default={},
                ),
                "licence": MapSpec(
                    {"name": _text(), "url": _url()},
                    required=False,
                    default=DEFAULT_LICENCE,
                ),
            }
        ),
        "sources": MapSpec(
            {
                "kolada": MapSpec(
                    {
                        "base_url": _url(),
                        "years": _int(1, 30),
                        "last_year": Spec(
                            "a year 2000–2100 or null (null: the current year)",
                            lambda v: v is None or _is_int(v, 2000, 2100),
                            required=False,
                        ),
                        "per_page": _int(1, 5000),
                        "batch_size": _int(1, 25),
                        "throttle_seconds": _num(0, 60),
                        "timeout_seconds": _num(0.1, 600),
                        "max_retries": _int(0, 20),
                        "backoff_seconds": _num(0, 60),
                        "max_response_mb": _num(0.01, 2048, default=50),
                        "deadline_minutes": _num(0.1, 24 * 60, default=30),
                    }
                ),
                "extra_dir": Spec(
                    "a directory under data/ like 'extra' (no '..', no leading slash)",
                    lambda v: isinstance(v, str) and RELATIVE_DIR.match(v) is not None,
                ),
            }
        ),
        "areas": ListSpec(AREA, min_len=1, max_len=50),
        "thresholds": MapSpec(
            {
                "max_total_drop": _num(0, 1),
                "max_kpi_drop": _num(0, 1),
                "max_kommun_drop": _num(0, 1),
                "max_deletes": _int(0, 1_000_000),
                "jump_warning": _num(0, 1000),
                "max_quarantined": _num(0, 1, default=0.001),
                "min_rank_base": _int(1, 290, default=50),
            }
        ),
        "charts": MapSpec(
            {"max_years": _int(2, 50, default=10)},
            required=False,
            default={},
        ),
        "size": MapSpec(
            {
                "max_mb": _num(1, 1_000_000, default=1000),
                "warn_share": _num(0.1, 1, default=0.8),
            },
            required=False,
            default={},
        ),
        "publish": MapSpec(
            {
                "targets": Spec(
                    "a list of target names (github_pages|cms|bundle|dir)",
                    lambda v: (
                        isinstance(v, list)
                        and len(set(v)) == len(v)
                        and all(t in PUBLISH_TARGETS for t in v)
                    ),
                ),
                "state_dir": Spec(
                    "a directory relative to the project root, like 'state'",
                    lambda v: isinstance(v, str) and RELATIVE_DIR.match(v) is not None,
                    required=False,
                    default="state",
                ),
                "github_pages": MapSpec(
                    {"max_bytes": _int(1, 10**12, default=1_000_000_000)},
                    required=False,
                    default={},
                ),
                "cms": MapSpec(
                    {
                        "adapter": _enum(("generic", "wordpress"), default="generic"),
                        "url": Spec(
                            "an http(s) URL or null",
                            lambda v: v is None or _is_url(v),
                            required=False,
                        ),
                        "token_env": _env_name("INSYN_CMS_TOKEN"),
                        "user_env": _env_name("INSYN_CMS_USER"),
                        "password_env": _env_name("INSYN_CMS_PASSWORD"),
                        "root_slug": _text(required=False, default="insyn"),
                        "parent_id": _int(0, 10**12, default=0),
                        "timeout_seconds": _num(0.1, 600, default=30),
                        "max_retries": _int(0, 20, default=5),
                        "backoff_seconds": _num(0, 60, default=1.0),
                    },
                    required=False,
                    default={},
                ),
                "bundle": MapSpec({"path": _rel_dir("bundles")}, required=False, default={}),
                "dir": MapSpec(
                    {
                        "path": Spec(
                            "a directory outside the project (like '../www' or "
                            "'/srv/www/insyn'), not / or the project or its parent, or null",
                            lambda v: v is None or _is_publish_dir(v),
                            required=False,
                        )
                    },
                    required=False,
                    default={},
                ),
            }
        ),
        "templates_override": Spec(
            "a directory relative to the project root, like 'theme/templates', or null",
            lambda v: v is None or (isinstance(v, str) and RELATIVE_DIR.match(v) is not None),
            required=False,
        ),
        "content": MapSpec(
            {
                "allow_html": Spec(
                    "true|false", lambda v: isinstance(v, bool), required=False, default=False
                ),
            },
            required=False,
            default={},
        ),
    }
)


def schema_paths(spec: MapSpec | ListSpec | Spec = SCHEMA, prefix: str = "") -> Iterator[str]:
    """Yield every key path of the schema (``areas[].indicators[].unit``), for the docs test."""
    if isinstance(spec, MapSpec):
        for key, sub in spec.fields.items():
            path = f"{prefix}.{key}" if prefix else key
            yield path
            yield from schema_paths(sub, path)
    elif isinstance(spec, ListSpec):
        yield from schema_paths(spec.item, prefix + "[]")


def _validate(value: Any, spec: MapSpec | ListSpec | Spec, path: str) -> Any:
    """Check ``value`` against ``spec``; return it with defaults filled in."""
    where = path or "(top level)"
    if isinstance(spec, MapSpec):
        if not isinstance(value, dict):
            raise ConfigError(f"{where}: expected a mapping, got {_show(value)}")
        unknown = sorted(set(map(str, value)) - set(spec.fields))
        if unknown:
            allowed = ", ".join(spec.fields)
            key = unknown[0] if len(unknown[0]) <= 60 else unknown[0][:57] + "..."
            raise ConfigError(f"{_join(path, key)}: unknown key (allowed: {allowed})")
        out = {}
        for key, sub in spec.fields.items():
            sub_path = _join(path, key)
            if key not in value:
                if sub.required:
                    raise ConfigError(f"{sub_path}: missing (expected {_expected(sub)})")
                default = sub.default
                if isinstance(sub, MapSpec | ListSpec) and default is not None:
                    default = _validate(copy.deepcopy(default), sub, sub_path)
                out[key] = default
                continue
            out[key] = _validate(value[key], sub, sub_path)
        return out
    if isinstance(spec, ListSpec):
        if not isinstance(value, list):
            raise ConfigError(f"{where}: expected a list, got {_show(value)}")
        if not spec.min_len <= len(value) <= spec.max_len:
            raise ConfigError(
                f"{where}: expected {spec.min_len}–{spec.max_len} items, got {len(value)}"
            )
        return [_validate(item, spec.item, f"{path}[{i}]") for i, item in enumerate(value)]
    if not spec.check(value):
        raise ConfigError(f"{where}: expected {spec.expected}, got {_show(value)}")
    return value


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _expected(spec: MapSpec | ListSpec | Spec) -> str:
    if isinstance(spec, MapSpec):
        return "a mapping"
    if isinstance(spec, ListSpec):
        return "a list"
    return spec.expected


#: How a value in an error message is shown: a few items, a few levels, 60 characters.
_REPR = reprlib.Repr()  # keyword arguments only from Python 3.12
_REPR.maxlevel, _REPR.maxstring, _REPR.maxother, _REPR.maxlong = 2, 60, 60, 40
_REPR.maxlist = _REPR.maxdict = _REPR.maxtuple = _REPR.maxset = 4


def _show(value: Any) -> str:
    """``value`` as in a repr(), at most ~60 characters, in time bounded by those limits.

    A whole repr() of a nested, shared value (a YAML alias bomb) takes minutes and
    gigabytes before it could be cut; reprlib never walks past its limits.
    """
    text = _REPR.repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# --------------------------------------------------------------------- dataclasses


@dataclass(frozen=True)
class Contact:
    name: str
    email: str
    url: str


@dataclass(frozen=True)
class Logo:
    src: str  # under static/, published under /assets/
    alt: str


@dataclass(frozen=True)
class Colors:
    """The theme colours (assets/theme.css); validated for WCAG contrast on background."""

    text: str = DEFAULT_COLORS["text"]
    background: str = DEFAULT_COLORS["background"]
    primary: str = DEFAULT_COLORS["primary"]
    primary_dark: str = DEFAULT_COLORS["primary_dark"]
    accent: str = DEFAULT_COLORS["accent"]


@dataclass(frozen=True)
class FooterLink:
    title: str
    url: str

    @property
    def is_external(self) -> bool:
        return not self.url.startswith("/")


@dataclass(frozen=True)
class Footer:
    text: str | None = None
    links: tuple[FooterLink, ...] = ()


@dataclass(frozen=True)
class Licence:
    name: str = DEFAULT_LICENCE["name"]
    url: str = DEFAULT_LICENCE["url"]


@dataclass(frozen=True)
class Site:
    title: str
    base_url: str
    language: str
    organisation: str
    contact: Contact
    description: str = DEFAULT_DESCRIPTION
    logo: Logo | None = None
    colors: Colors = field(default_factory=Colors)
    footer: Footer = field(default_factory=Footer)
    licence: Licence = field(default_factory=Licence)


@dataclass(frozen=True)
class KoladaSource:
    base_url: str
    years: int
    last_year: int | None
    per_page: int
    batch_size: int
    throttle_seconds: float
    timeout_seconds: float
    max_retries: int
    backoff_seconds: float
    #: the largest answer read (a 300 MB answer is refused, not read whole)
    max_response_mb: float = 50.0
    #: the whole fetch ends within this time, retries and slow servers included
    deadline_minutes: float = 30.0


@dataclass(frozen=True)
class Sources:
    kolada: KoladaSource
    extra_dir: str


@dataclass(frozen=True)
class Indicator:
    id: str
    title: str
    phrase: str
    description: str
    unit: str
    direction: str
    decimals: int
    by_gender: bool = False
    scale: tuple[tuple[int, str], ...] = ()
    #: what each answer says, as a main clause (``answers:``): code → clause
    answers: tuple[tuple[int, str], ...] = ()
    area: str = ""
    #: the plausible range from config (``range:``); None: the unit's default
    range: tuple[float | None, float | None] | None = None
    #: who a per_* rate counts per ("vuxna invånare"); None: invånare
    denominator: str | None = None
    #: who is counted, for the gender words: adults | children | young
    population: str = "adults"
    #: a short noun phrase for headlines (``short:``); None: the phrase
    short_name: str | None = None

    @property
    def short(self) -> str:
        """What a headline calls the indicator: ``short:``, else the full phrase."""
        return self.short_name or self.phrase

    @property
    def gender_words(self) -> tuple[str, str]:
        """("kvinnor", "män"), ("flickor", "pojkar") or ("unga kvinnor", "unga män")."""
        return GENDER_WORDS[self.population]

    @property
    def is_kolada(self) -> bool:
        """Kolada ids are fetched; custom ids come from data/extra/."""
        return KOLADA_ID.match(self.id) is not None

    @property
    def is_categorical(self) -> bool:
        return self.unit in ("yesno", "ordinal")

    @property
    def is_survey(self) -> bool:
        """A share of the answers to a questionnaire (Socialstyrelsen's or SKR's
        enkät): only some answer, so small moves are noise, not news."""
        return self.unit in PERCENT_UNITS and "enkät" in self.description.lower()

    def clause(self, code: float | int | None) -> str | None:
        """What an answer says in words ("alla äldreboenden har internet på rummen"),
        or None when ``answers:`` has none for it."""
        if code is None or not float(code).is_integer():
            return None
        return dict(self.answers).get(int(code))

    def label(self, code: float | int) -> str | None:
        """The Swedish label of a yes/no or ordinal code, or None for an unknown code."""
        return dict(self.scale).get(int(code)) if float(code).is_integer() else None

    @property
    def best_code(self) -> int | None:
        """The desired answer of a yes/no or ordinal indicator (by its direction)."""
        if not self.scale or self.direction == "none":
            return None
        codes = [c for c, _ in self.scale]
        return max(codes) if self.direction == "higher" else min(codes)


@dataclass(frozen=True)
class Area:
    slug: str
    title: str
    intro: str
    similar_group: str | None
    indicators: tuple[Indicator, ...]
    #: what a headline calls the area (``short:``); None: the title, lower-cased
    short_name: str | None = None

    @property
    def short(self) -> str:
        """The area in a headline: "… svarar nej på alla tre frågorna om hemtjänsten"."""
        return self.short_name or (self.title[:1].lower() + self.title[1:])


@dataclass(frozen=True)
class Thresholds:
    max_total_drop: float
    max_kpi_drop: float
    max_kommun_drop: float
    max_deletes: int
    jump_warning: float
    #: share of the configured values that may be quarantined before publishing stops
    max_quarantined: float = 0.001
    #: fewest kommuner with a value for a rank to be stated as news
    min_rank_base: int = 50


@dataclass(frozen=True)
class Charts:
    """How charts show a series: at most ``max_years`` years (tables show them all)."""

    max_years: int = 10


@dataclass(frozen=True)
class SiteSize:
    """The size check of every build (sitesize.py): a warning from ``warn_share`` of
    ``max_mb`` (megabytes of 10⁶ bytes), and the build stops above ``max_mb``."""

    max_mb: float = 1000
    warn_share: float = 0.8


@dataclass(frozen=True)
class CmsTarget:
    adapter: str
    url: str | None
    token_env: str
    user_env: str
    password_env: str
    root_slug: str
    parent_id: int
    timeout_seconds: float
    max_retries: int
    backoff_seconds: float


@dataclass(frozen=True)
class Publish:
    targets: tuple[str, ...]
    state_dir: str = "state"
    pages_max_bytes: int = 1_000_000_000
    cms: CmsTarget | None = None
    bundle_path: str = "bundles"
    dir_path: str | None = None


@dataclass(frozen=True)
class ContentOptions:
    """How content/ Markdown is rendered: raw HTML is shown as text unless allow_html."""

    allow_html: bool = False


@dataclass(frozen=True)
class Config:
    site: Site
    sources: Sources
    areas: tuple[Area, ...]
    thresholds: Thresholds
    publish: Publish
    templates_override: str | None = None
    content: ContentOptions = ContentOptions()
    charts: Charts = Charts()
    size: SiteSize = SiteSize()
    source_file: str = field(default="config.yaml", compare=False)

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        return tuple(ind for area in self.areas for ind in area.indicators)

    @property
    def kolada_ids(self) -> tuple[str, ...]:
        """Every configured Kolada KPI id, sorted, each once."""
        return tuple(sorted({i.id for i in self.indicators if i.is_kolada}))

    def indicator(self, kpi: str) -> Indicator:
        for ind in self.indicators:
            if ind.id == kpi:
                return ind
        raise KeyError(f"indicator {kpi!r} is not in {self.source_file}")

    def area(self, slug: str) -> Area:
        for area in self.areas:
            if area.slug == slug:
                return area
        raise KeyError(f"area {slug!r} is not in {self.source_file}")


def parse_config(data: Any, source: str = "config.yaml") -> Config:
    """Validate parsed YAML and build the frozen Config; errors name ``source`` and the key."""
    try:
        raw = _validate(data, SCHEMA, "")
        _check_cross_field(raw)
    except ConfigError as exc:
        raise ConfigError(f"{source}: {exc}") from None
    return _build(raw, source)


def _check_targets(publish: dict) -> None:
    """A target in publish.targets needs its settings."""
    if "cms" in publish["targets"] and not publish["cms"]["url"]:
        raise ConfigError("publish.cms.url: required when publish.targets includes cms")
    if "dir" in publish["targets"] and not publish["dir"]["path"]:
        raise ConfigError("publish.dir.path: required when publish.targets includes dir")


def _check_cross_field(raw: dict) -> None:
    """Rules that involve more than one key: unique slugs and ids, scales, colour contrast."""
    _check_colors(raw["site"]["colors"])
    _check_targets(raw["publish"])
    seen_slugs: set[str] = set()
    seen_ids: dict[str, str] = {}
    for a, area in enumerate(raw["areas"]):
        if area["slug"] in seen_slugs:
            raise ConfigError(f"areas[{a}].slug: duplicate slug {area['slug']!r}")
        seen_slugs.add(area["slug"])
        for i, ind in enumerate(area["indicators"]):
            path = f"areas[{a}].indicators[{i}]"
            if ind["id"] in seen_ids:
                raise ConfigError(
                    f"{path}.id: {ind['id']!r} is already used in {seen_ids[ind['id']]}"
                )
            seen_ids[ind["id"]] = path
            categorical = ind["unit"] in ("yesno", "ordinal")
            if categorical and not ind["scale"]:
                raise ConfigError(f"{path}.scale: missing (required for unit {ind['unit']})")
            if not categorical and ind["scale"]:
                raise ConfigError(f"{path}.scale: only allowed for unit yesno|ordinal")
            if ind["unit"] == "yesno" and ind["scale"] and len(ind["scale"]) != 2:
                raise ConfigError(f"{path}.scale: expected exactly two codes for yesno")
            if ind["answers"] is not None and set(ind["answers"]) != set(ind["scale"] or {}):
                raise ConfigError(
                    f"{path}.answers: expected one clause for each code of scale "
                    f"({', '.join(str(c) for c in sorted(ind['scale'] or {}))})"
                )
            if ind["denominator"] is not None and ind["unit"] not in PER_UNITS:
                raise ConfigError(
                    f"{path}.denominator: only for unit {'|'.join(PER_UNITS)}, not {ind['unit']}"
                )
            if categorical and ind["range"] is not None:
                raise ConfigError(
                    f"{path}.range: not allowed for unit {ind['unit']} (its codes are)"
                )


# ----------------------------------------------------------------------- colours


def relative_luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of a #rrggbb colour (0 black … 1 white)."""

    def channel(hex2: str) -> float:
        c = int(hex2, 16) / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio of two #rrggbb colours, from 1.0 to 21.0."""
    light, dark = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def darken(colour: str, factor: float = 0.7) -> str:
    """``colour`` with every channel scaled by ``factor`` (the default primary_dark)."""
    return "#" + "".join(f"{int(int(colour[i : i + 2], 16) * factor):02x}" for i in (1, 3, 5))


def _ratio_text(ratio: float) -> str:
    """The ratio rounded down, so a failing 4.496 never reads as a passing "4.50"."""
    return f"{math.floor(ratio * 100) / 100:.2f}:1"


def _check_colors(colors: dict) -> None:
    """Every text and link colour must reach 4.5:1 on the background, the accent 3:1.

    Fills in ``primary_dark`` (derived from ``primary``) and lower-cases every colour,
    so the stylesheet is the same whatever case the config uses.
    """
    for key, value in colors.items():
        if value is not None:
            colors[key] = value.lower()
    derived = colors["primary_dark"] is None
    if derived:
        colors["primary_dark"] = darken(colors["primary"])
    background = colors["background"]
    rules = [
        ("text", TEXT_CONTRAST, "text"),
        ("primary", TEXT_CONTRAST, "link"),
        ("primary_dark", TEXT_CONTRAST, "link"),
        ("accent", NON_TEXT_CONTRAST, "non-text"),
    ]
    for key, minimum, kind in rules:
        ratio = contrast_ratio(colors[key], background)
        if ratio < minimum:
            note = (
                " (derived from site.colors.primary; set site.colors.primary_dark)"
                if key == "primary_dark" and derived
                else ""
            )
            raise ConfigError(
                f"site.colors.{key}: {kind} contrast {_ratio_text(ratio)} of {colors[key]} on "
                f"site.colors.background {background} is below {minimum:g}:1 (WCAG 2.1){note}"
            )


def _build(raw: dict, source: str) -> Config:
    site = raw["site"]
    kolada = raw["sources"]["kolada"]
    areas = tuple(
        Area(
            slug=a["slug"],
            title=a["title"],
            intro=a["intro"],
            similar_group=a["similar_group"],
            short_name=a["short"],
            indicators=tuple(
                Indicator(
                    id=i["id"],
                    title=i["title"],
                    phrase=i["phrase"],
                    description=i["description"],
                    unit=i["unit"],
                    direction=i["direction"],
                    decimals=i["decimals"],
                    by_gender=i["by_gender"],
                    scale=tuple(sorted((i["scale"] or {}).items())),
                    answers=tuple(sorted((i["answers"] or {}).items())),
                    area=a["slug"],
                    range=None if i["range"] is None else (i["range"][0], i["range"][1]),
                    denominator=i["denominator"],
                    population=i["population"],
                    short_name=i["short"],
                )
                for i in a["indicators"]
            ),
        )
        for a in raw["areas"]
    )
    return Config(
        site=Site(
            title=site["title"],
            base_url=site["base_url"],
            language=site["language"],
            organisation=site["organisation"],
            contact=Contact(**site["contact"]),
            description=site["description"].strip(),
            logo=Logo(**site["logo"]) if site["logo"] else None,
            colors=Colors(**site["colors"]),
            footer=Footer(
                text=site["footer"]["text"],
                links=tuple(FooterLink(**link) for link in site["footer"]["links"] or ()),
            ),
            licence=Licence(**site["licence"]),
        ),
        sources=Sources(kolada=KoladaSource(**kolada), extra_dir=raw["sources"]["extra_dir"]),
        areas=areas,
        thresholds=Thresholds(**raw["thresholds"]),
        publish=_publish(raw["publish"]),
        templates_override=raw["templates_override"],
        content=ContentOptions(**raw["content"]),
        charts=Charts(**raw["charts"]),
        size=SiteSize(**raw["size"]),
        source_file=source,
    )


def _publish(raw: Mapping[str, Any]) -> Publish:
    return Publish(
        targets=tuple(raw["targets"]),
        state_dir=raw["state_dir"],
        pages_max_bytes=raw["github_pages"]["max_bytes"],
        cms=CmsTarget(**raw["cms"]),
        bundle_path=raw["bundle"]["path"],
        dir_path=raw["dir"]["path"],
    )


def check_static_files(config: Config, root: Path, source: str = "config.yaml") -> None:
    """Refuse a site.logo.src that static/ lacks, naming the key.

    The text alone cannot tell (it has no project root); without this check the missing
    file surfaces only as a broken image on every page, or as a link error at the output
    check that names a page instead of the key to fix.
    """
    logo = config.site.logo
    if logo is not None and not (root / "static" / logo.src).is_file():
        raise ConfigError(f"{source}: site.logo.src: static/{logo.src} finns inte")


def load_config_text(text: str, source: str = "config.yaml") -> Config:
    """Parse YAML text (read by the caller) into a Config; YAML syntax errors name the line."""
    import yaml

    try:
        data = load_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        raise ConfigError(f"{source}:{where} not valid YAML: {yaml_problem(exc)}") from None
    return parse_config(data, source)


def load_yaml(text: str) -> Any:
    """YAML as plain data; any anchor or alias is refused (a ``yaml.MarkedYAMLError``).

    Why refuse them all: a "billion laughs" bomb of nested aliases in one value
    costs seconds and gigabytes as soon as anything walks or prints it, and no
    config.yaml or front matter needs an alias. The events are read first (a few
    milliseconds for config.yaml with libyaml), so nothing is built from a bomb.
    Uses the C loader when libyaml is there: config.yaml is read on every build,
    also the no-op ones, and the pure-Python loader takes a third of a second.
    """
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    _refuse_aliases(yaml.parse(text, Loader=loader))
    return yaml.load(text, Loader=loader)


def _refuse_aliases(events: Iterable[Any]) -> None:
    """Raise at the first anchor (``&a``) or alias (``*a``), naming its key path."""
    import yaml

    stack: list[list[Any]] = []  # per open collection: [is_mapping, key_next, key or index]
    for event in events:
        if isinstance(event, yaml.CollectionEndEvent):
            stack.pop()
            _node_done(stack)
            continue
        if not isinstance(event, yaml.NodeEvent):
            continue
        if isinstance(event, yaml.AliasEvent) or event.anchor is not None:
            raise yaml.MarkedYAMLError(
                problem=f"{_yaml_path(stack)}: YAML anchors and aliases (&, *) are not allowed",
                problem_mark=cast(yaml.Mark, event.start_mark),
            )
        if stack and stack[-1][0] and stack[-1][1]:
            stack[-1][2] = event.value if isinstance(event, yaml.ScalarEvent) else "?"
        if isinstance(event, yaml.CollectionStartEvent):
            stack.append([isinstance(event, yaml.MappingStartEvent), True, 0])
        else:
            _node_done(stack)


def _node_done(stack: list[list[Any]]) -> None:
    """One key or value of the innermost collection is complete."""
    if stack and stack[-1][0]:
        stack[-1][1] = not stack[-1][1]
    elif stack:
        stack[-1][2] += 1


def _yaml_path(stack: list[list[Any]]) -> str:
    """The key path of the node being read: ``site.title``, ``areas[0].slug``."""
    path = ""
    for is_mapping, _, at in stack:
        if is_mapping:
            key = str(at) if len(str(at)) <= 40 else str(at)[:37] + "..."
            path = _join(path, key)
        else:
            path += f"[{at}]"
    return path or "(top level)"


def yaml_problem(exc: Exception) -> str:
    """A YAML error as one short line: its context and problem, without the mark's snippet."""
    parts = [getattr(exc, "context", None), getattr(exc, "problem", None)]
    text = " ".join(" ".join(str(p) for p in parts if p).split()) or " ".join(str(exc).split())
    return text if len(text) <= 160 else text[:157] + "..."


# ------------------------------------------------------------------- value ranges

#: Plausible bounds per unit; a value outside them is quarantined, not published.
UNIT_RANGES: Mapping[str, tuple[float | None, float | None]] = {
    "percent": (0.0, 100.0),
    # a deviation in percent (N30001, cost against reference cost): signed, and
    # a cost cannot fall below nothing, i.e. more than 100 percent under
    "percent_signed": (-100.0, None),
    "per_1000": (0.0, 1000.0),
    "per_10000": (0.0, 10_000.0),
    "per_100000": (0.0, 100_000.0),
    "count": (0.0, None),
    "kronor": (None, None),
    "days": (0.0, None),
    "index": (None, None),
}
#: Units whose values are percentages: changes between them are procentenheter.
PERCENT_UNITS = ("percent", "percent_signed")


def value_range(ind: Indicator) -> tuple[float | None, float | None]:
    """The plausible range of a value of ``ind``: its ``range:`` in config, else its unit's.

    Yes/no and ordinal values of a single kommun must be one of the codes (checked
    separately); values of Riket, a län or a group are averages of codes, so any
    value between the lowest and highest code is plausible, and that range serves
    both.
    """
    if ind.is_categorical:
        codes = [c for c, _ in ind.scale]
        return (float(min(codes)), float(max(codes)))
    if ind.range is not None:
        return ind.range
    return UNIT_RANGES[ind.unit]


def with_indicators(
    config: Config, keep: Iterable[str]
) -> tuple[Config, dict[str, tuple[Indicator, ...]]]:
    """``config`` with only the indicators in ``keep``; and, per area, the ones left out.

    An imported snapshot can lack every value of an indicator that Kolada added after
    it was taken: such an indicator has nothing to show, and a page or text that
    listed it would read as if every kommun had failed to report. An area none of
    whose indicators has a value keeps them all: an area without indicators is not
    a valid config, and its pages say plainly that there is no value.
    """
    wanted = set(keep)
    areas, dropped = [], {}
    for area in config.areas:
        kept = tuple(i for i in area.indicators if i.id in wanted)
        left = tuple(i for i in area.indicators if i.id not in wanted)
        if not kept:
            areas.append(area)
            continue
        if left:
            dropped[area.slug] = left
        areas.append(replace(area, indicators=kept))
    return replace(config, areas=tuple(areas)), dropped
