"""The schema of config.yaml, declared once as data (``SCHEMA``).

Validation, error messages and the documentation check in the tests all read this
one source. Every error names the key path (``areas[2].indicators[0].direction``)
and what was expected, because the people who edit config.yaml are web editors and
operators, not Python programmers.
"""

from __future__ import annotations

import copy
import posixpath
import re
import reprlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from insyn.errors import UserError

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
#: Units whose values are percentages: changes between them are procentenheter.
PERCENT_UNITS = ("percent", "percent_signed")
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


#: a rate's denominator at the end of a name: " per 100 000 invånare", " per 10 000
#: vuxna invånare", " per 1 000 invånare 0–20 år", " per invånare"
RATE_TAIL = re.compile(r" per (?:[\d\u00a0]+ )?(?:\w+ )?invånare(?: \d+–\d+ år)?$")


def without_rate(name: str) -> str:
    """A name without its rate's denominator ("antalet vräkningar"): what a headline's
    word count and a list of what is missing read (the denominator is said once)."""
    return RATE_TAIL.sub("", name)


#: the present verbs of an answer's clause (``answers:``) and their past:
#: "året innan uppgav kommunen att det var brist på bostäder"
PAST = {"är": "var", "har": "hade", "finns": "fanns", "tar": "tog", "saknas": "saknades"}
_PRESENT = re.compile(r"(?<!\w)(?:" + "|".join(PAST) + r")(?!\w)")


def past_clause(clause: str) -> str | None:
    """An answer's clause in the past, for what a kommun said an earlier year: the
    first present verb put in the past ("det är brist på bostäder" → "det var
    brist på bostäder"); None when the clause has none of the verbs in PAST."""
    m = _PRESENT.search(clause)
    if m is None:
        return None
    return clause[: m.start()] + PAST[m.group()] + clause[m.end() :]


def _answers_ok(v: Any) -> bool:
    return (
        isinstance(v, dict)
        and len(v) >= 2
        and all(
            _is_int(k)
            and _sentence(c)
            and len(c.split()) <= 10
            and c[:1] == c[:1].lower()
            and past_clause(c) is not None
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
            "a short definite noun phrase for headlines, at most seven words before a "
            "rate's 'per …', lower case: 'andelen nöjda med hemtjänsten', "
            "'antalet vräkningar per 100 000 invånare'",
            lambda v: _sentence(v) and len(without_rate(v).split()) <= 7 and v[:1] == v[:1].lower(),
            required=False,
        ),
        "none": Spec(
            "for a share of units (enheter, boenden, handläggare): the main clause a share "
            "of 0 procent says in words, at most ten words, lower case: "
            "'ingen av LSS-bostäderna har en rutin vid misstanke om våld'",
            lambda v: (
                _sentence(v)
                and len(v.split()) <= 10
                and v.split()[0] in ("ingen", "inget", "inga")
                and v[:1] == v[:1].lower()
            ),
            required=False,
        ),
        "counted": Spec(
            "for a rate per invånare: what it counts, one and many, lower case: "
            "['en vräkning', 'vräkningar'], ['ett barn', 'barn']",
            lambda v: (
                isinstance(v, list)
                and len(v) == 2
                and all(_is_str(x) and x == x.lower() and len(x.split()) <= 6 for x in v)
                and v[0].split()[0] in ("en", "ett")
                and len(v[0].split()) >= 2
            ),
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
            "clause of at most ten words with one of the verbs "
            f"{', '.join(PAST)}: {{2: 'alla äldreboenden har internet på rummen'}}",
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


def validate(value: Any, spec: MapSpec | ListSpec | Spec, path: str) -> Any:
    """Check ``value`` against ``spec``; return it with defaults filled in."""
    where = path or "(top level)"
    if isinstance(spec, MapSpec):
        if not isinstance(value, dict):
            raise ConfigError(f"{where}: expected a mapping, got {_show(value)}")
        unknown = sorted(set(map(str, value)) - set(spec.fields))
        if unknown:
            allowed = ", ".join(spec.fields)
            key = unknown[0] if len(unknown[0]) <= 60 else unknown[0][:57] + "..."
            raise ConfigError(f"{join_path(path, key)}: unknown key (allowed: {allowed})")
        out = {}
        for key, sub in spec.fields.items():
            sub_path = join_path(path, key)
            if key not in value:
                if sub.required:
                    raise ConfigError(f"{sub_path}: missing (expected {_expected(sub)})")
                default = sub.default
                if isinstance(sub, MapSpec | ListSpec) and default is not None:
                    default = validate(copy.deepcopy(default), sub, sub_path)
                out[key] = default
                continue
            out[key] = validate(value[key], sub, sub_path)
        return out
    if isinstance(spec, ListSpec):
        if not isinstance(value, list):
            raise ConfigError(f"{where}: expected a list, got {_show(value)}")
        if not spec.min_len <= len(value) <= spec.max_len:
            raise ConfigError(
                f"{where}: expected {spec.min_len}–{spec.max_len} items, got {len(value)}"
            )
        return [validate(item, spec.item, f"{path}[{i}]") for i, item in enumerate(value)]
    if not spec.check(value):
        raise ConfigError(f"{where}: expected {spec.expected}, got {_show(value)}")
    return value


def join_path(path: str, key: str) -> str:
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
