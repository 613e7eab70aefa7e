"""Facts → Swedish news text, through the templates in templates/text/.

The logic that picks and orders facts lives here; the wording lives in Jinja
macros (templates/text/*.j2) so that an editor can change a phrase without
touching Python. Every common statement has several phrasings; which one a
page gets is decided by a stable hash of the kommun, indicator and statement,
so neighbouring pages do not read alike and every build reads the same.

Texts are plain UTF-8 strings (not HTML): the page templates escape them, and
press.txt / press.md are written as they are.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from insyn.analyse import precision, prices
from insyn.analyse.analysis import (
    MOVES,
    PLACE_KINDS,
    SMALL_GROUP,
    STEADY_KRONOR,
    STEADY_PP,
    AreaFacts,
    AreaScore,
    Data,
    IndicatorFacts,
    Spread,
    caveated,
    common_value,
    extreme_edge,
    group_count,
    in_tenth,
    rank_edge,
    real_share,
    scorable,
    survey_step_small,
    units_swing,
)
from insyn.check import textcheck
from insyn.config import (
    PER_UNITS,
    PERCENT_UNITS,
    RATE_TAIL,
    Area,
    Config,
    Indicator,
    without_rate,
)
from insyn.data.reference import RIKET_ID, Kommun, Lan
from insyn.errors import UserError
from insyn.write import sv

#: a record "sedan mätningarna började 2012" once a text: Nyköping's särskilt boende
#: said it three times (an editor, review r33); the next record is "hittills"
START_SAID = "sedan mätningarna började"
MIRROR_SAID = "liksom i riket"
#: The synthesis names the indicators on a handful of answers up to this many.
FEW_NAMED = 3
#: How many other indicators the body of a press text mentions at most.
BODY_OTHERS = 3
#: a comparison among at least this share of all kommuner is one "i landet"
NATIONWIDE_SHARE = 0.9
SPACES = re.compile(r"[ \t\r\n]+")
#: "nettokostnadens avvikelse från referenskostnaden för …": the phrase of a signed
#: deviation (unit percent_signed), split so that the lead can say it in words
DEVIATION = re.compile(r"^(?P<measure>\w+?)s avvikelse från (?P<reference>\w+)(?P<rest>.*)$")
SPACE_BEFORE_PUNCT = re.compile(r" +([,.;:!?)])")

COMPARISON_NAMES = {"riket": "riket", "liknande": "liknande kommuner"}
#: Headline kinds whose fact the lead states in a sentence of its own (press.j2 lead_fact);
#: change, unchanged and the answers are the lead's first sentence already.
LEAD_FACT_KINDS = (
    "streak",
    "record",
    "since",
    "break",
    "rank_extreme",
    "rank_band",
    "gender_gap",
    "people",
)
#: A sentence that places the kommun among the others: the method note's caveat about
#: placements follows only a text that makes one (an editor's finding)
PLACED = re.compile(
    r"\bplats \d|fjärdedel|tiondel|mittenfältet|\bi mitten\b"
    # "det näst lägsta värdet" is a place too (its note lacked "Placeringarna visar
    # läget …": an editor, review r38)
    r"|det (?:näst |tredje )?(?:högsta|lägsta) värdet"
    r"|bland de \w+ (?:bästa|sämsta|kommuner)|bland de (?:högsta|lägsta)"
    r"|landets (?:högsta|lägsta)|än i (?:nästan alla|de flesta) kommuner"
)
#: A headline's length in words (SPRAK.md: a finding in 6–12 words).
HEADLINE_WORDS = (6, 12)


@dataclass(frozen=True)
class Quote:
    """A quote for the press text, from content/kommuner/<slug>.md (front matter)."""

    name: str
    role: str
    text: str


class ContentError(UserError, ValueError):
    """A content file is malformed; the message names the file and the key."""


#: Keys of the front matter of content/kommuner/<slug>.md (docs/content.md).
QUOTE_KEYS = ("name", "role", "quote")
FRONT_MATTER_KEYS = (*QUOTE_KEYS, "pinned")
PIN_KEYS = ("year", "headline", "lead")
#: A pinned year outside this range is a typing error, not a data year.
PIN_YEARS = range(1990, 2100)


@dataclass(frozen=True)
class Pin:
    """A headline and/or lead that a communicator pinned for one area and data year.

    The nightly uses it verbatim while the area's data year is ``year`` and drops it,
    with a warning in the run report, when newer data arrives (corrections.py).
    """

    area: str
    year: int
    headline: str | None = None
    lead: str | None = None


@dataclass(frozen=True)
class KommunContent:
    """What content/kommuner/<slug>.md says: a quote, pinned headlines and leads."""

    quote: Quote | None = None
    pins: tuple[Pin, ...] = ()

    def pin(self, area: str) -> Pin | None:
        return next((p for p in self.pins if p.area == area), None)


#: "Bland de tio bästa" needs at least this many kommuner with a value: ten of them are
#: then at most a fifth of the field.
TEN_MIN_N = 50


def end_group(n: int) -> str:
    """The size word of an end group: "tio" where ten is at most a fifth of the field,
    else none ("bland de sämsta").

    Never a count worked out from a share: "plats 3 av 74, bland de sju bästa" and
    "de åtta sämsta" for place 76 of 82 read as odd groupings (an editor's finding).
    """
    return "tio" if n >= TEN_MIN_N else ""


def parse_quote(text: str, source: str) -> Quote | None:
    """Read ``name``, ``role`` and ``quote`` from a Markdown file's YAML front matter."""
    return parse_kommun_content(text, source).quote


def parse_kommun_content(
    text: str, source: str, areas: Sequence[str] | None = None
) -> KommunContent:
    """The front matter of content/kommuner/<slug>.md (schema in docs/content.md).

    ``areas`` are the configured area slugs a pin may name (None: not checked).
    Every error is one ContentError line naming the file and the key.
    """
    import yaml

    match = re.match(r"^---\n(.*?)\n---\n?", text, re.S)
    if match is None:
        return KommunContent()
    from insyn.config import load_yaml, yaml_problem

    try:
        meta = load_yaml(match.group(1))  # no aliases: an alias bomb would cost gigabytes
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 2}: " if mark is not None else ""  # +1 for the "---"
        raise ContentError(
            f"{source}: front matter: {where}not valid YAML: {yaml_problem(exc)}"
        ) from None
    if meta is None:
        return KommunContent()
    if not isinstance(meta, dict):
        raise ContentError(
            f"{source}: front matter: expected keys and values ({', '.join(FRONT_MATTER_KEYS)})"
        )
    unknown = sorted(str(k) for k in set(meta) - set(FRONT_MATTER_KEYS))
    if unknown:
        raise ContentError(
            f"{source}: unknown front matter key {unknown[0]!r} "
            f"(known: {', '.join(FRONT_MATTER_KEYS)})"
        )
    quote = None
    if any(k in meta for k in QUOTE_KEYS):
        for key in QUOTE_KEYS:
            _content_string(meta.get(key), source, key)
        body = " ".join(meta["quote"].split()).strip().strip('–-\u201d"').strip()
        quote = Quote(name=meta["name"].strip(), role=meta["role"].strip(), text=body.rstrip("."))
    return KommunContent(quote, _parse_pins(meta.get("pinned"), source, areas))


def _content_string(value: object, source: str, key: str) -> str:
    """A non-empty string, its runs of white space (line breaks too) made one space."""
    if not isinstance(value, str) or not value.strip():
        raise ContentError(f"{source}: {key}: expected a non-empty string")
    return " ".join(value.split())


def _parse_pins(raw: object, source: str, areas: Sequence[str] | None) -> tuple[Pin, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        raise ContentError(f"{source}: pinned: expected one entry per area slug, e.g. 'hemtjanst:'")
    pins = []
    for slug in sorted(raw, key=str):
        key = f"pinned.{slug}"
        if not isinstance(slug, str) or (areas is not None and slug not in areas):
            known = f" (areas: {', '.join(areas)})" if areas is not None else ""
            raise ContentError(f"{source}: {key}: no area has that slug{known}")
        entry = raw[slug]
        if not isinstance(entry, dict):
            raise ContentError(f"{source}: {key}: expected the keys {', '.join(PIN_KEYS)}")
        unknown = sorted(str(k) for k in set(entry) - set(PIN_KEYS))
        if unknown:
            raise ContentError(
                f"{source}: {key}: unknown key {unknown[0]!r} (known: {', '.join(PIN_KEYS)})"
            )
        if "year" not in entry:
            raise ContentError(
                f"{source}: {key}.year: missing; the data year the pinned text is for, e.g. 2022"
            )
        year = entry["year"]
        if isinstance(year, bool) or not isinstance(year, int) or year not in PIN_YEARS:
            raise ContentError(f"{source}: {key}.year: expected a year such as 2022, got {year!r}")
        texts = {
            k: _content_string(entry[k], source, f"{key}.{k}")
            for k in ("headline", "lead")
            if k in entry
        }
        if not texts:
            raise ContentError(f"{source}: {key}: pins nothing; give a headline, a lead or both")
        pins.append(Pin(slug, year, texts.get("headline"), texts.get("lead")))
    return tuple(pins)


@dataclass(frozen=True)
class PressText:
    """A press text a communicator can publish as it is."""

    headline: str
    lead: str
    body: tuple[str, ...]
    quote: str | None
    method: str
    contact: str
    sample_note: str | None
    #: the (kpi, year) of every kommun value the text states (gender T): a revision
    #: of one of them is a correction (corrections.py)
    stated: tuple[tuple[str, int], ...] = ()
    #: "Uppgifterna avser 2022 och hämtades från Kolada den 30 augusti 2024."
    dateline: str | None = None
    #: one line on values the source revised since the previous text
    correction: str | None = None
    #: the day of the dateline (ISO), the Atom entry's updated
    dated: str | None = None
    #: why there is no press release, or "": MISSING, the area has no value for the
    #: data year (a text that leads on what is missing or on an older year is no news,
    #: SPRAK.md); QUIET, its strongest finding is too weak to be news (see quiet). The
    #: page says so instead, with the text as information; no press.txt, press.md or
    #: feed entry. Editors judged every such text unpublishable.
    withheld: str = ""

    def paragraphs(self) -> list[str]:
        """Every paragraph below the headline, in reading order."""
        out = [self.lead, *self.body]
        if self.quote:
            out.append(self.quote)
        if self.correction:
            out.append(self.correction)
        out += [f"Om siffrorna: {self.method}", self.contact]
        if self.dateline:
            out.insert(0, self.dateline)
        if self.sample_note:
            out.insert(0, self.sample_note)
        return out

    def as_text(self) -> str:
        """Plain text: headline, blank line, paragraphs separated by blank lines."""
        return "\n\n".join([self.headline, *self.paragraphs()]) + "\n"

    def as_markdown(self) -> str:
        """Markdown: the headline as a heading, the method note under its own heading."""
        parts = [f"# {md_escape(self.headline)}"]
        if self.sample_note:
            parts.append(f"*{md_escape(self.sample_note)}*")
        if self.dateline:
            parts.append(f"*{md_escape(self.dateline)}*")
        parts.append(f"**{md_escape(self.lead)}**")
        parts += [md_escape(p) for p in self.body]
        if self.quote:
            parts.append(md_escape(self.quote))
        if self.correction:
            parts.append(f"*{md_escape(self.correction)}*")
        parts += ["## Om siffrorna", md_escape(self.method), md_escape(self.contact)]
        return "\n\n".join(parts) + "\n"


def md_escape(text: str) -> str:
    """Escape the characters that would turn plain text into Markdown markup."""
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", text)


# ------------------------------------------------------------------ the env


def make_text_env(template_dir: Path) -> Environment:
    """A plain-text environment (no autoescape: the output is text, escaped later)."""
    env = Environment(
        loader=FileSystemLoader(str(template_dir)),
        autoescape=False,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # a build never edits its templates (see render.make_env)
    )
    env.filters["cap"] = sv.capitalize
    env.filters["decap"] = decap
    env.filters["cmp_text"] = comparison_text
    env.filters["cmp_bare"] = comparison_bare
    env.filters["num"] = sv.format_number
    env.filters["join_list"] = sv.join_list
    env.globals["words"] = sv.number_word
    env.globals["ordinal"] = sv.ordinal_word
    return env


def decap(text: str) -> str:
    """Lower-case the first letter only: "Stöd till … (LSS)" → "stöd till … (LSS)"."""
    return text[:1].lower() + text[1:]


def comparison_text(x: Mapping[str, Any]) -> str:
    """ "i riket (82 procent)", "i Västra Götalands län (80 procent)"."""
    return f"i {x['name']} ({x['value']})"


def comparison_bare(x: Mapping[str, Any]) -> str:
    """ "riket (82 procent)": what a value is compared with ("ett lägre värde än riket")."""
    return f"{x['name']} ({x['value']})"


def said(ind: Indicator, label: str) -> str:
    """How an answer is quoted in running text: ja/nej plainly, other labels in quotes."""
    if ind.unit == "yesno" and label.lower() in ("ja", "nej"):
        return label.lower()
    return f"\u201d{label}\u201d"


def variant(*key: object) -> int:
    """A stable choice among phrasings: the same page always reads the same."""
    return zlib.crc32(":".join(map(str, key)).encode("utf-8"))


class Writer:
    """Renders statements from the macros in templates/text/."""

    def __init__(self, env: Environment) -> None:
        self.env = env
        self._modules: dict[str, Any] = {}

    def say(self, template: str, macro: str, key: Sequence[object], **ctx: Any) -> str:
        """Render one statement; ``key`` picks the variant (modulo the macro's count)."""
        module = self._modules.get(template)
        if module is None:
            module = self._modules[template] = self.env.get_template(f"text/{template}").module
        fn = getattr(module, macro)
        count = int(getattr(module, f"{macro}_variants", 1))
        return tidy(str(fn(v=variant(*key) % count, **ctx)))

    def say_fitting(
        self, template: str, macro: str, key: Sequence[object], words: tuple[int, int], **ctx: Any
    ) -> str:
        """Like :meth:`say`, but among the variants of ``words`` (min, max) words only;
        when none fits, the variant nearest to the range. The choice stays stable."""
        module = self._modules.get(template)
        if module is None:
            module = self._modules[template] = self.env.get_template(f"text/{template}").module
        fn = getattr(module, macro)
        count = int(getattr(module, f"{macro}_variants", 1))
        texts = list(dict.fromkeys(tidy(str(fn(v=i, **ctx))) for i in range(count)))
        texts = [t for t in texts if t]
        lo, hi = words

        def distance(text: str) -> int:
            n = len(sv.words(text))
            return max(lo - n, n - hi, 0)

        fitting = [t for t in texts if distance(t) == 0]
        # "Andelen som lätt når sin socialsekreterare når högsta nivån" (an editor)
        fitting = [t for t in fitting if not doubled_verb(t)] or fitting
        if fitting:
            return fitting[variant(*key) % len(fitting)]
        return min(texts, key=lambda t: (distance(t), texts.index(t)))

    def say_with(
        self, template: str, macro: str, key: Sequence[object], needed: Sequence[str], **ctx: Any
    ) -> str:
        """Like :meth:`say`, but among the variants that contain every string of
        ``needed`` (the headline's figures: a lead must carry what its headline says);
        the usual variant when none does. The choice stays stable."""
        chosen = self.say(template, macro, key, **ctx)
        if all(n in chosen for n in needed):
            return chosen
        module = self._modules[template]
        count = int(getattr(module, f"{macro}_variants", 1))
        fn = getattr(module, macro)
        texts = list(dict.fromkeys(tidy(str(fn(v=i, **ctx))) for i in range(count)))
        having = [t for t in texts if t and all(n in t for n in needed)]
        return having[variant(*key) % len(having)] if having else chosen

    def say_unlike(
        self, template: str, macro: str, key: Sequence[object], avoid: set[str], **ctx: Any
    ) -> str:
        """Like :meth:`say`, but not opening with the same three words as a sentence in
        ``avoid`` (SPRAK.md: "Kvinnor och män skiljer sig åt" twice in a row reads as a
        form); the opening is added to ``avoid``. The choice stays stable."""
        module = self._modules.get(template)
        if module is None:
            module = self._modules[template] = self.env.get_template(f"text/{template}").module
        fn = getattr(module, macro)
        count = int(getattr(module, f"{macro}_variants", 1))
        start = variant(*key) % count
        shape = str(ctx.get("kind", ""))
        tries = [
            ((start + i) % count, tidy(str(fn(v=(start + i) % count, **ctx)))) for i in range(count)
        ]
        fresh = [
            (v, t) for v, t in tries if opening(t) not in avoid and f"{shape}:{v}" not in avoid
        ]
        v, chosen = fresh[0] if fresh else tries[0]
        avoid.update({opening(chosen), f"{shape}:{v}"})  # nor the same frame twice
        return chosen


#: a figure with its unit in a headline ("170 kronor", "24 procentenheter")
FIGURE = re.compile(r"\d[\d\u00a0]*(?:,\d+)? (?:procentenheter|procent|kronor|dagar)")


def opening(text: str, words: int = 3) -> str:
    """The first ``words`` words of a text, lower-cased and figures masked ("med #
    procent hamnar"): the shape readers notice repeating."""
    return re.sub(r"\d+(?:[ ,\u00a0]\d+)*", "#", " ".join(text.split()[:words]).lower())


def _short_ctx(c: dict[str, Any]) -> dict[str, Any]:
    """A secondary indicator by its short name: three long phrases in a paragraph
    read as a form ("andelen brukare i individ- och familjeomsorgen som …" four
    times); the lead and the method note name the indicator in full."""
    if c["unit"] == "kronor":  # "668 kronor" needs its "per invånare" (the phrase has it)
        return c
    short = c["short"]
    if " per " in str(c.get("value", "")):
        # the value has the denominator: "17,5 per 100 000 invånare", not "antalet
        # vräkningar per invånare var 17,5 per 100 000 invånare"
        short = without_rate(short)
    return {**c, "subject": short}


#: A short name's rate tail: "antalet vräkningar per 100 000 invånare" → "antalet vräkningar"


#: A short name's head and its form without the article, after "landets högsta".
INDEFINITE_HEADS = {"andelen": "andel", "antalet": "antal"}


def _indefinite(short: str) -> str | None:
    """ "andelen nöjda med maten" → "andel nöjda med maten"; None for another head."""
    head, _, rest = short.partition(" ")
    bare = INDEFINITE_HEADS.get(head)
    return f"{bare} {rest}" if bare and rest else None


def short_head(short: str) -> str:
    """The noun a short name opens with, to name the indicator again a sentence after
    the lead: "andelen", "antalet", "nettokostnaden"; "värdet" for anything else."""
    head = short.split()[0] if short.split() else ""
    if head in ("den", "det", "de") or not head.endswith(("en", "et")):
        return "värdet"
    return head


def tidy(text: str) -> str:
    """Collapse template whitespace (not NBSP) and capitalise the first letter."""
    return sv.capitalize(SPACE_BEFORE_PUNCT.sub(r"\1", SPACES.sub(" ", text)).strip())


# ----------------------------------------------------------- fact contexts


def kommun_ctx(kommun: Kommun) -> dict[str, Any]:
    return {
        "name": kommun.official_name,
        "short": kommun.name,
        "in_short": kommun.in_name,
        "genitive": kommun.genitive,
        # half of the kommuner, by code, open a lead of a level "För X var" and a move
        # of a subject with a clause "Sedan ÅR har" where the others open "I X" (press.j2:
        # "I X var" opened 16 procent of the leads with the name masked, review r39)
        "alternate": int(kommun.code) % 2 == 1,
    }


def _riket_span(f: IndicatorFacts, data: Data) -> tuple[bool, int | None]:
    """Whether riket's series starts no later than the kommun's, and else riket's first
    year: "det lägsta värdet sedan mätningarna började 2010, liksom i riket" claims
    riket's record over the kommun's years (Köping's bistånd per invånare since 2010
    beside riket's since 2015: an editor, review r43)."""
    riket = data.total.get((f.indicator.id, RIKET_ID), {})
    own = data.total.get((f.indicator.id, f.kommun.code), {})
    if not riket or not own:
        return False, None
    first = min(riket)
    return (True, None) if first <= min(own) else (False, first)


def _short_names(short: str) -> dict[str, Any]:
    """The pieces of ``short`` the headlines read."""
    return {
        "short": short,
        "art": article(short),
        "head": short_head(short),
        "head_art": article(short_head(short)),
        "short_words": len(sv.words(short)),
        # "landets högsta andel nöjda med …": the short name without its article
        "short_indef": _indefinite(short),
    }


#: a rate's count of inhabitants in a name: "per 10 000 vuxna invånare"
PER_COUNT = re.compile(r" per [\d\u00a0]+ (vuxna )?invånare")


def per_inhabitant(short: str) -> str | None:
    """A rate's short name per one inhabitant ("antalet våldsutsatta med stöd per vuxen
    invånare" for "… per 10 000 vuxna invånare"), the same finding in three words less
    for a headline; None for a name without a count of inhabitants."""
    out = PER_COUNT.sub(lambda m: " per vuxen invånare" if m.group(1) else " per invånare", short)
    return out if out != short else None


def indicator_ctx(f: IndicatorFacts, data: Data) -> dict[str, Any]:
    """Formatted pieces of one indicator's facts, for the templates."""
    ind = f.indicator
    c: dict[str, Any] = {
        "k": kommun_ctx(f.kommun),
        "subject": ind.phrase,
        # the headline's name, and the short form after the first mention (SPRAK.md)
        **_short_names(ind.short),
        "title": ind.title,
        "unit": ind.unit,
        "direction": ind.direction,
        "percent": ind.unit in PERCENT_UNITS,
        "in_name": f"i {f.kommun.official_name}",
        "year": f.year,
        "current_year": f.current_year,
        # "flickor och pojkar" for children, never "kvinnor och män" (config population)
        "women_word": ind.gender_words[0],
        "men_word": ind.gender_words[1],
    }
    if f.value is None:
        return c
    dec = _one_precision(f, data)
    c["value"] = _value(ind, f.value, dec)
    c.update(prev_when(f.year, f.previous_year))
    c["previous_year"] = f.previous_year
    if f.answers is not None and f.answers <= sv.ABOUT_MOST and not f.few and f.answers_own:
        # SPRAK.md: a small base says how many ("ett femtiotal personer"); a hundred
        # answers and more are no small base
        c["answers_about"] = sv.about_count(f.answers)
    if f.previous is not None and f.shown_change is not None:
        c.update(_change_ctx(f, f.previous, f.shown_change, dec))
    # a run of answer codes 0 is "brist på bostäder", never "värdet noll" (an editor)
    zeros = None if ind.is_categorical else zero_run(series_of(f, data), f.previous_year)
    if zeros is not None:
        c["zero_from"] = zeros
    back = _back_to(f, data)
    if back is not None:
        c["back_to"] = back
        c["back_value"] = _value(ind, series_of(f, data)[back], dec)
        c["back_same"] = c["back_value"] == c["value"]
    jump = _jump(f, data)
    if jump is not None and f.previous is not None:
        # "en ökning med 71 kronor" hid that the cost nearly tripled the year before,
        # 287 kronor 2020 (an editor's finding): the level before that jump is said
        c["jump_year"], c["jump_value"] = jump[0], _value(ind, jump[1], dec)
        # with how it bears on the change: "År 2018 var värdet 16 procent" stood alone
        # after 59 → 35 procent, and the reader could not tell why (an editor, r32)
        c["jump_same"] = (f.previous > jump[1]) == (f.value > f.previous)
    if f.dip is not None:
        # the year before a dip, so that "från 0 procent 2019" is read against it
        dip_value = data.total.get((ind.id, f.kommun.code), {}).get(f.dip)
        if dip_value is not None:
            c["dip_year"] = f.dip
            c["dip_value"] = _value(ind, dip_value, dec)
            c["dip_same"] = c["dip_value"] == c["value"]
    # a headline's amount keeps its denominator: "minskar till 646 kronor" read as a
    # total (an editor's finding); the lead has it in the phrase
    per = headline_per(ind)
    c["value_head"] = f"{c['value']} {per}" if per else c["value"]
    if c.get("delta"):
        c["delta_head"] = f"{c['delta']} {per}" if per else c["delta"]
    if ind.unit in PER_UNITS and " per " in f" {ind.short} ":
        # the short name says the rate ("antalet vräkningar per 100 000 invånare"):
        # "ökar till 22,5", not "… per 100 000 invånare ökar till 22,5 per 100 000 invånare"
        c["value_head"] = c["value"].split(" per ")[0]
        if c.get("delta"):
            c["delta_head"] = c["delta"].split(" per ")[0]
        # a level headline names the rate with its figure: "Antalet vräkningar i
        # Karlshamn var 24,8 per 100 000 invånare 2022", not "… var 24,8 år 2022",
        # which read as 24,8 years (an editor's finding)
        c["short_bare"] = without_rate(ind.short)
        c["value_full"] = c["value"]
    if ind.none and f.value is not None and c["value"] == _value(ind, 0.0, dec):
        # "ingen av LSS-bostäderna har …", not "andelen … var 0 procent" (an editor)
        c["none"] = ind.none
    # a survey's step of a procentenhet or two is "ungefär som" the year before
    c["steady"] = f.steady
    real = f.real_change
    if f.flat_real and real is not None:
        # "en ökning med 113 kronor" that was all inflation (an editor, review r32): the
        # change in fixed prices beside it
        c["real_same"] = abs(real) < STEADY_KRONOR
        c["real_up"] = real > 0
    elif real_share(f) < 0.5:
        # more than half of it inflation: how much in fixed prices (Torsby's "81 kronor"
        # of which some 35 in fixed prices: an editor, review r35)
        c["real_delta"] = _real_delta(f, dec)
    # a step the lead need not open with where a place is the news (2,4 → 2,5 procent)
    # ("minskade från 78 till 74 procent" within a survey's noise opened a text whose
    # news was its place, 8 of 285: an editor's finding)
    # so is a move of a handful (Båstad's 1,2 → 1,1 procent of its few children, Götene's
    # 80 → 75 procent of four LSS-boenden led texts whose news was the level: editors)
    # and so is a weak change where a place heads ("minskade från 1,2 till 1,1 procent"
    # opened Båstad's text about its low place: an editor's finding)
    weak = any(x.kind == "change" and x.score < WEAK_CHANGE for x in f.facts)
    c["minor"] = f.steady or f.tiny or f.in_noise or f.few or weak
    # a cost that moved a tenth or more in kronor says from what, beside its place,
    # however much of it was prices: "var 1 029 kronor 2022" hid a rise from 926 to the
    # highest ever (Ängelholm's missbruksvård: an editor, review r43)
    c["cost_moved"] = (
        ind.unit == "kronor"
        and f.relative_change is not None
        and abs(f.relative_change) >= COST_MOVE_SAID
    )
    c["few"] = f.few
    # a move within chance on the answers or children behind it: the lead says the two
    # levels, not "minskade" under a headline that gives the level (an editor's finding)
    c["noise"] = f.in_noise
    if f.in_noise and not ind.is_survey and f.value is not None:
        # a share of the kommun's children in a register is no survey: not "kan bero på
        # slumpen" of Sundsvall's 1,6 → 1,7 procent, nor "så liten" of Dorotea's 3,1 →
        # 1,9 procent of a few dozen children (an editor's finding)
        counts = [
            group_count(data, ind, f.kommun.code, v) for v in (f.value, f.previous) if v is not None
        ]
        c["noise_group"] = GROUP_NOUNS.get(ind.population, "personer")
        c["noise_small"] = all(n is not None and n <= SMALL_GROUP for n in counts)
    # riket set the same record, or moved the same way as long (SPRAK.md: a record
    # that mirrors the national trend is said to)
    c["nat_record"] = f.national_record
    # riket's record over as many years as the kommun's: "det lägsta värdet sedan
    # mätningarna började 2010, liksom i riket" needs it (the record sentences of
    # press.j2); where riket starts later, its own record names its years: "Även riket
    # har sitt lägsta värde under 2015–2022" after the kommun's since 2010, not
    # "hittills" (Sundbyberg's children in families with bistånd: an editor, review r44)
    c["nat_span"], c["nat_first"] = _riket_span(f, data)
    # riket set the record too but moved far less: said with a "men"
    c["nat_less"] = f.national_record and not f.national_alike
    c["nat_streak"] = f.national_streak
    # a phrase with a clause ("… som får den hjälp de vill ha") takes the kommun first
    # (or "där": "… utbildning i alternativ och kompletterande kommunikation i Tyresö
    # kommun" put the kommun inside the clause: an editor, review r37)
    c["relative"] = any(f" {word} " in f" {ind.phrase} " for word in RELATIVE_WORDS)
    if f.people is not None and ind.counted is not None:
        # a rate of a handful in people: "en vräkning både 2021 och 2022" (an editor)
        now, before = f.people
        c["people_now"] = sv.counted_text(now, *ind.counted)
        c["people_none"] = now == 0
        # the handfuls of an area are told together, the largest first (text.frame)
        c["people_count"] = now
        c["people_noun"] = ind.counted[1]
        if before is not None:
            c["people_prev"] = sv.counted_text(before, *ind.counted, noun=False)
            c["same_people"] = now == before
    elif ind.counted is not None and f.value == 0 and f.previous == 0:
        # none is none, whatever the size of one person: "Storuman hade inget barn i
        # vräkta hushåll 2022, liksom året innan" (an editor's finding)
        c["people_now"] = sv.counted_text(0, *ind.counted)
        c["people_none"] = True
        c["same_people"] = True
        c["people_count"] = 0
        c["people_noun"] = ind.counted[1]
    if f.few and not ind.is_survey:
        # a share of a small kommun's children or of its one or two units: said as such,
        # not as "svar från få personer" (an editor's finding on Åsele)
        if f.few_why == "units":
            c["few_units"] = True
            # a swing of a few units is counted, not chance (units_swing): the text is
            # withheld (analysis.caveated), the page shows it with this wording
            c["units_counted"] = units_swing(f) and f.dip is None
        elif f.few_why == "group":
            c["few_group"] = GROUP_NOUNS.get(ind.population, "personer")
    c["signed"] = _signed_ctx(ind, f.value, f.previous)
    if c["signed"] is not None:
        # in every sentence a deviation reads in words, never "ökade till −1 procent":
        # "nettokostnaden för … var 24 procent högre än referenskostnaden"
        c["value"] = c["signed"]["level"]
        if "prev" in c and c["signed"]["prev_level"] is not None:
            c["prev"] = c["signed"]["prev_level"]
        c["subject"] = c["short"] = c["signed"]["measure"]
    nat = f.national_shown_change
    if nat is not None and not ind.is_categorical:
        c["nat_up"] = nat > 0
        c["nat_same"] = nat == 0
        c["nat_delta"] = (
            None if nat == 0 else sv.change_text(nat, ind.unit, ind.decimals, ind.denominator)
        )
        c["nat_says"] = _national_adds(f.shown_change, nat) and _national_large(f, nat)
    if f.trend is not None:
        c["streak"] = f.trend.streak
        if c["signed"] is not None and f.trend.streak and f.year is not None:
            c["signed"]["gap"] = _signed_gap(f, data)
        c["streak_ord"] = sv.ordinal_word(f.trend.streak) if f.trend.streak else ""
        c["record"] = f.trend.record
        c["span"] = f.trend.record_span
        c["span_words"] = sv.count_phrase(f.trend.record_span, "år", "år", "neutrum")
        c["first_year"] = f.trend.first_year
        # a series that starts in the snapshot's first year may have begun earlier, and
        # one that starts after the indicator's first year is the kommun's own: Malå's
        # "sedan mätningarna började 2013" where the enkät began 2012 (an editor's finding)
        measured = data.measured.get(ind.id) or frozenset({f.trend.first_year})
        c["series_began"] = (
            bool(data.years)
            and f.trend.first_year > min(data.years)
            and f.trend.first_year <= min(measured)
        )
        c["broke"] = f.trend.broke
        c["since"] = f.trend.since
        if f.trend.since is not None:
            since_value = data.total.get((ind.id, f.kommun.code), {}).get(f.trend.since)
            c["since_value"] = None if since_value is None else _value(ind, since_value, dec)
            if since_value is not None and ind.unit == "percent_signed":
                # a signed deviation in words, never "−2 procent" (SPRAK.md), with what
                # it deviates from: "95 procent högre" alone reads as a change
                match = DEVIATION.match(ind.phrase)
                reference = match["reference"] if match else None
                c["since_value"] = sv.signed_percent_text(since_value, ind.decimals, reference)
                if c["signed"] is not None and reference is not None:
                    c["signed"]["since_short"] = _beside(since_value, ind.decimals, reference)
                # "har inte legat så nära referenskostnaden sedan 2016" needs 2016 as
                # near (or as far): not 1 procent under beside a cost level with it
                shown_now, shown_then = (
                    float(precision.shown(v, ind.unit, ind.decimals))
                    for v in (f.value, since_value)
                )
                c["since_fits"] = _since_fits(shown_now, shown_then, (f.shown_change or 0) > 0)
    if f.rank is not None:
        c["rank_small"] = f.rank.small
        c["rank"] = sv.rank_text(f.rank.rank, f.rank.n, f.rank.tied)
        # a shared rank says with how many; one shared by most kommuner is not said
        c["shared"] = sv.shared_text(f.rank.tied)
        c["shared_sentence"] = sv.shared_sentence(f.rank.tied)
        # "landets högsta" and "i landet" only where (nearly) every kommun has a value:
        # not of a survey that 96 kommuner take part in (an editor's finding)
        c["nationwide"] = f.rank.n >= NATIONWIDE_SHARE * len(data.reference.kommuner)
        c["crowded"] = f.rank.crowded
        c["rank_n"] = f.rank.n
        c["rank_pos"] = f.rank.rank
        c["band"] = f.rank.band
        c["tied"] = f.rank.tied
        # a few units' value that a tenth of the kommuner share (0 procent of
        # LSS-boenden with a routine, as in 58 of 274) says so: the contrast with
        # riket's 61 procent looked unique (an editor's finding)
        if common_value(f):
            others = sv.count_phrase(f.rank.tied - 1, "annan kommun", "andra kommuner")
            # in the kommun's own sentence ("… att ingen av LSS-bostäderna har …, liksom
            # 87 andra kommuner"): "Samma andel har 87 andra kommuner" after "År 2019 var
            # motsvarande andel 100 procent" read as 100 (an editor, review r34)
            c["common_clause"] = f"liksom {others} av de {f.rank.n} som har ett värde"
        # "bland de tio bästa": a rank at either end is not "the best quarter" (SPRAK.md)
        edge = rank_edge(f.rank)
        c["extreme"] = edge <= extreme_edge(f.rank.n) and not f.rank.crowded
        c["extreme_n"] = end_group(f.rank.n)
        # "plats 262 av 286" is more than "bland den sämsta fjärdedelen" (an editor's
        # finding: ranks understated): the outer tenth says so
        c["part"] = "tiondel" if in_tenth(f.rank) and not c["extreme"] else "fjärdedel"
        c["outer"] = c["extreme"] or in_tenth(f.rank)
        # which end of the scale the value is at, whatever the desired direction:
        # rank 1 is the best value, or the highest for direction none
        better_half = f.rank.rank <= f.rank.n / 2
        c["value_high"] = better_half if ind.direction != "lower" else not better_half
    # comparisons stand in sentences of their own, with the value at most: one
    # precision for them even where the change kept the usual rounding
    cmp_dec = (
        dec
        if dec is not None
        else common_precision(ind, f.value, *(x.value for x in f.comparisons))
    )
    c["value_cmp"] = _value(ind, f.value, cmp_dec)
    c["comparisons"] = _comparisons(f, data, cmp_dec)
    riket = f.comparison("riket")
    if riket is not None:
        c["riket_value"] = _value(ind, riket.value, cmp_dec)
        # beside the kommun's value with its unit: "57,4 per 100 000 invånare …, mot 5,5 i riket"
        figure = FIGURE_UNIT.match(c["riket_value"])
        c["riket_bare"] = figure["num"] if figure else c["riket_value"]
        c["riket_higher"] = riket.diff > 0
        # a handful whose count changed leads with its rate beside riket's, then the
        # people and their run of none ("mot inga under 2019–2021"): the lead template
        # and the body's zeros sentence read this one flag
        c["rate_first"] = bool(
            c.get("people_prev") and not c.get("same_people") and not c.get("people_none")
        )
        # far enough from riket to say beside a handful ("men per invånare fler än i riket")
        # (or in the country's highest or lowest tenth: Söderhamn's evictions, 43,6 per
        # 100 000 invånare against riket's 24,0, were "få fall" only: an editor, r37)
        c["far_from_riket"] = any(x.kind == "vs_riket" and x.score >= 0.5 for x in f.facts) or (
            f.rank is not None and not f.rank.small and in_tenth(f.rank)
        )
    # a place at the high end beside a fall (or at the low end beside a rise): the
    # lead gives the level first and the year before after it ("hög" over "minskade
    # från 79 till 76 procent" pulled two ways: an editor's finding)
    if f.shown_change:
        up = f.shown_change > 0
        if c.get("value_high") is not None:
            c["against_rank"] = c["value_high"] != up
        if c.get("riket_higher") is not None:
            c["against_riket"] = c["riket_higher"] != up
    if f.women is not None and f.men is not None and not ind.is_categorical:
        # the two stand in a sentence of their own: one precision for them at least
        pair = dec if dec is not None else common_precision(ind, f.women, f.men)
        gap = _printed_difference(ind, f.women, f.men, pair)
        c["women"] = _value(ind, f.women, pair)
        c["men"] = _value(ind, f.men, pair)
        c["women_higher"] = gap > 0
        # a gap that rounds away is not stated ("skillnad på 0 procentenheter")
        c["gap"] = (
            None if gap == 0 else sv.change_text(gap, ind.unit, ind.decimals, ind.denominator)
        )
    if f.answer is not None:
        a = f.answer
        c.update(
            answer=a.label.lower(),
            said=said(ind, a.label),
            # what the answer says in words, where config has it: "kommunen uppger att …"
            clause=ind.clause(a.code),
            # the earlier answer in the past: "året innan uppgav kommunen att det var
            # brist på bostäder", not "året innan var svaret ”Underskott”" (an editor)
            prev_past=past_after(ind.clause(a.code), ind.past(a.previous_code)),
            prev_clause=ind.clause(a.previous_code),
            past=ind.past(a.code),
            worse=_worse(ind, a.code, a.previous_code),
            prev_said=said(ind, a.previous_label) if a.previous_label else None,
            prev_answer=a.previous_label.lower() if a.previous_label else None,
            changed=a.previous_code is not None and a.previous_code != a.code,
            total=a.total,
            # the others, never the kommun itself
            same_others=max(a.same - 1, 0),
            others_total=max(a.total - 1, 0),
            # "liksom alla de sex andra kommuner", not "liksom 6 av de 6" (a fault test)
            others_of=_others_of(max(a.same - 1, 0), max(a.total - 1, 0)),
            others_total_w=sv.number_word(max(a.total - 1, 0)),
            is_best=a.is_best,
            same_since=a.same_since,
            prev_since=a.prev_since,
            prev_year=f.previous_year,
            # "uppger igen": the year it last said so (an editor read "igen" as wrong)
            again=a.again,
            # the answer most give, when it is another: "De flesta kommuner, 204 av 284,
            # uppger att det är brist på bostäder" (an editor's finding)
            majority_clause=None if a.majority is None else ind.clause(a.majority[0]),
            majority_n=None if a.majority is None else a.majority[1],
        )
    return c


#: The quantifiers an answer opens with, before its noun ("alla LSS-boenden har …").
QUANTIFIERS = frozenset({"alla", "några", "inget", "inga", "ingen"})
#: Verbs in the past before what an earlier answer had ("några LSS-boenden hade det").
PAST_VERBS = frozenset({"hade", "var", "fanns"})


def past_after(now: str | None, past: str | None) -> str | None:
    """An earlier answer after this year's, without what the two repeat: "alla
    LSS-boenden har internet i lägenheterna … några hade det", not "några LSS-boenden
    hade internet i lägenheterna" again (an editor read the mirrored sentence as a
    form). Unchanged where the two share less than two closing words."""
    if now is None or past is None:
        return past
    a, b = now.split(), past.split()
    same = 0
    while same < min(len(a), len(b)) - 1 and a[-1 - same] == b[-1 - same]:
        same += 1
    if same < 2 or b[-1 - same] not in PAST_VERBS:
        return past
    head = b[: len(b) - same]
    if len(head) == 3 and head[0] in QUANTIFIERS and a[0] in QUANTIFIERS and head[1] == a[1]:
        head = [head[0], head[2]]  # "några hade det": the noun said a clause before
    return " ".join([*head, "det"])


def _others_of(same: int, total: int) -> str:
    """How many of the other kommuner answer the same: "sex av de elva", "alla de sex",
    "204 av de 283" (words up to twelve, SPRAK.md)."""
    if same == total:
        return f"alla de {sv.number_word(total)}"
    return f"{sv.number_word(same)} av de {sv.number_word(total)}"


#: The people of a group an indicator counts, in the plural (analysis.few_in_group)
GROUP_NOUNS = {"children": "barn och unga", "young": "unga vuxna"}


#: A run of zeros before a rise is told from this many years on
ZERO_RUN = 3


#: How near an earlier figure is "ungefär lika högt": a printed step, or this share.
BACK_NEAR = "0.02"


def _back_to(f: IndicatorFacts, data: Data) -> int | None:
    """The last year before the previous one whose figure printed as this year's, or
    within a step of it (BACK_NEAR), with every year between on the side the change came
    from: "ökade från 0,5 procent 2021 till 1,8 procent 2022" read as a leap where 2019
    was 1,7 (an editor's finding)."""
    if f.value is None or f.previous_year is None or not f.shown_change:
        return None
    ind = f.indicator
    series = series_of(f, data)
    now = precision.shown(f.value, ind.unit, ind.decimals)
    step = max(Decimal(1).scaleb(-ind.decimals), abs(now) * Decimal(BACK_NEAR))
    near = None
    for year in sorted((y for y in series if y < f.previous_year), reverse=True):
        then = precision.shown(series[year], ind.unit, ind.decimals)
        if then == now:
            # the same figure further back beats a near one nearer: "lika lågt senast
            # 2013 (88)", not "ungefär lika lågt senast 2014 (89)" (an editor's finding)
            return year
        if near is None and abs(then - now) <= step < abs(Decimal(str(f.shown_change))) / 2:
            near = year
        if (then > now) == (f.shown_change > 0):  # above a rise's level: no way back
            break
    return near


def series_of(f: IndicatorFacts, data: Data) -> Mapping[int, float]:
    """The kommun's whole series of the indicator."""
    return data.total.get((f.indicator.id, f.kommun.code), {})


def zero_run(series: Mapping[int, float], before: int | None) -> int | None:
    """The first year of a run of at least ZERO_RUN zeros that ends in ``before``.

    "Ökade från noll 2021 till 96,6 per 100 000 invånare" in a small kommun is one
    family; that the value was 0 every year 2015–2021 tells the reader so (an editor).
    """
    if before is None or series.get(before) != 0:
        return None
    years = sorted((y for y in series if y <= before), reverse=True)
    run = []
    for y in years:
        if series[y] != 0:
            break
        run.append(y)
    return run[-1] if len(run) >= ZERO_RUN else None


#: a step the year before the latest that is this large (relative, or procentenheter
#: for a share) and the same way is said with the latest change
JUMP_RELATIVE = 0.5
JUMP_PP = 15.0


def _jump(f: IndicatorFacts, data: Data) -> tuple[int, float] | None:
    """The measured year before ``previous_year`` and its value, where the step from
    it to ``previous_year`` was large: the same way as the latest change, or the other
    way, a dip the latest change went past (Åtvidaberg's 451 → 168 → 697 kronor: "från
    168 kronor året innan" alone read as a fourfold cost; an editor's finding)."""
    if f.previous is None or f.previous_year is None or f.value is None or f.dip is not None:
        return None
    series = series_of(f, data)
    earlier = [y for y in series if y < f.previous_year]
    if not earlier:
        return None
    y0 = max(earlier)
    first = series[y0]
    step, now = f.previous - first, f.value - f.previous
    if step == 0 or now == 0:
        return None
    if f.indicator.unit in PERCENT_UNITS:
        large = abs(step) >= JUMP_PP
    else:
        large = first != 0 and abs(step) / abs(first) >= JUMP_RELATIVE
    return (y0, first) if large else None


def prev_when(year: int | None, before: int | None) -> dict[str, str]:
    """How a sentence names the year it compares with: "året innan" when it is the
    year before, else the year itself ("från 54 procent 2019"), so that a change
    across a missing year never reads as a change since last year."""
    if year is None or before is None:
        return {}
    if before == year - 1:
        return {"prev_when": "året innan", "prev_when_start": "Året innan"}
    return {"prev_when": str(before), "prev_when_start": f"År {before}"}


def _worse(ind: Indicator, code: int, previous: int | None) -> bool:
    """Whether an answer moved away from the desired end of its scale."""
    if previous is None or ind.direction == "none":
        return False
    step = code - previous
    return step < 0 if ind.direction == "higher" else step > 0


def _change_ctx(
    f: IndicatorFacts, previous: float, shown: float, dec: int | None = None
) -> dict[str, Any]:
    """The change since the year before, as the printed figures show it.

    ``delta`` is the difference of the two printed figures (what a reader gets by
    subtracting them), and None when they print alike: never "med 0 procentenheter".
    With one precision for the sentence (``dec``) the figures print with it, and so
    does the difference.
    """
    ind = f.indicator
    if dec is not None and f.value is not None:
        shown = _printed_difference(ind, f.value, previous, dec)
    moved = shown != 0 and not ind.is_categorical
    rel = None
    shown_prev = float(precision.shown(previous, ind.unit, ind.decimals))
    if moved and ind.unit not in PERCENT_UNITS:
        rel = sv.relative_change_text(shown_prev, shown_prev + shown)
        rel = None if rel == "0 procent" else rel
    return {
        # a return to the usual level, or a handful of people, is halved by chance
        "halved": (
            size_word(shown_prev, shown_prev + shown)
            if moved and ind.unit != "percent_signed" and not f.returns and not f.few
            else None
        ),
        "prev_zero": previous == 0,
        "prev": _value(ind, previous, dec),
        "prev_year": f.previous_year,
        "up": shown > 0,
        "unchanged": shown == 0,
        "delta": sv.change_text(shown, ind.unit, ind.decimals, ind.denominator) if moved else None,
        "rel": rel,
        # "minskar med 0,1 procentenheter" in a headline reads as a trifle, whatever
        # its weight among the kommuner: the headline gives the new level instead
        "delta_minor": ind.unit in PERCENT_UNITS and 0 < abs(shown) < 1,
    }


def headline_per(ind: Indicator) -> str:
    """ "per invånare" (or "per invånare 0–20 år") for an amount in kronor whose short
    name leaves the denominator out; empty when the short name says it already."""
    if ind.unit != "kronor" or " per " in f" {ind.short} ":
        return ""
    at = ind.phrase.find(" per ")
    return ind.phrase[at + 1 :] if at >= 0 else ""


def size_word(before: float, after: float) -> str | None:
    """ "halverats", "nästan fördubblats": a change a headline should give its size in
    (an editor: "minskar" undersold 75 → 39 procent); None for other ratios."""
    if before <= 0 or after <= 0:
        return None
    r = after / before
    for low, high, word in SIZE_WORDS:
        if low <= r < high:
            return word
    return None


#: ratios of after to before and the word for them
SIZE_WORDS = (
    # Nynäshamn's 94 → 13 procent "minskar" (an editor's finding: the fall is the news)
    (0.0001, 0.25, "minskat kraftigt"),
    (0.25, 0.48, "mer än halverats"),
    (0.48, 0.5001, "halverats"),
    # 23,1 → 13,5 (−42 procent) is no "nästan halverats" (an editor's finding)
    (0.5001, 0.55, "nästan halverats"),
    (1.8, 1.9999, "nästan fördubblats"),
    (1.9999, 2.1, "fördubblats"),
    (2.1, 2.5, "mer än fördubblats"),
)


#: Riket's change is said from this size on: 2 procentenheter for a share, 3 percent
#: of Riket's earlier value otherwise ("värdet ökade med 1 krona" is no contrast)
NATIONAL_MIN_PP = 2.0
NATIONAL_MIN_RELATIVE = 3.0


def _national_large(f: IndicatorFacts, national: float) -> bool:
    """Whether Riket's printed change is large enough to be worth a sentence."""
    if f.indicator.unit in PERCENT_UNITS:
        return abs(national) >= NATIONAL_MIN_PP
    riket = f.comparison("riket")
    if riket is None or f.national_change is None:
        return False
    before = riket.value - f.national_change
    return before != 0 and abs(national) / abs(before) * 100 >= NATIONAL_MIN_RELATIVE


def _national_adds(shown: float | None, national: float) -> bool:
    """Whether Riket's change is worth a sentence (SPRAK.md: the national comparison
    only where it adds something): the kommun went against it, or merely followed
    a national move at least half its size. A small national drift is not said."""
    if not shown:
        return False
    if national == 0:
        return False
    return national * shown < 0 or abs(national) >= abs(shown) / 2


def article(short: str) -> str:
    """The article of a superlative after a short name: "andelen … är den lägsta",
    "antalet … är det lägsta" (a definite neuter noun ends in -et), "de" after a
    definite plural in -na."""
    head = short.split()[0] if short.split() else ""
    if head.endswith("na"):  # a definite plural: "vräkningarna … är de lägsta"
        return "de"
    return "det" if head.endswith("et") and not head.endswith("heten") else "den"


def _signed_ctx(ind: Indicator, value: float, previous: float | None) -> dict[str, Any] | None:
    """A signed deviation in words for the lead: "nettokostnaden för … var 12 procent
    lägre än referenskostnaden" instead of "avvikelsen … var −12 procent" (SPRAK.md)."""
    match = DEVIATION.match(ind.phrase) if ind.unit == "percent_signed" else None
    if match is None:
        return None
    reference = match["reference"]
    rounded = precision.shown(value, "percent_signed", ind.decimals)
    amount = sv.percent_text(abs(value), min(ind.decimals, precision.text_decimals(value)))
    return {
        # the headline's plain words: "kostar 49 procent mer än referenskostnaden"; not
        # "än väntat", which reads the reference as a forecast (an editor's finding)
        "thing": match["rest"].strip().removeprefix("för ").strip(),
        "costs": f"lika mycket som {reference}"
        if rounded == 0
        else f"{amount} {'mer' if rounded > 0 else 'mindre'} än {reference}",
        "measure": match["measure"] + match["rest"],
        "noun": match["measure"],
        "reference": reference,
        "above": rounded > 0,
        "below": rounded < 0,
        "level": sv.signed_percent_text(value, ind.decimals, reference),
        # the year before in a sentence of its own, with its term: "Året innan var den 15
        # procent lägre än referenskostnaden."; not "…, mot 15 procent under den året
        # innan" (read twice by an editor), nor "var den 15 procent lägre", which reads as
        # a change (SPRAK.md)
        "prev_level": None
        if previous is None
        else sv.signed_percent_text(previous, ind.decimals, reference),
        # on the same side of the reference the year before, its distance alone: "Året
        # innan var skillnaden 4 procent.", not "… 4 procent högre än referenskostnaden"
        # right after "2 procent högre än referenskostnaden" (an editor, review r37)
        "prev_amount": None
        if previous is None
        or rounded == 0
        or _sign(rounded) != _sign(precision.shown(previous, "percent_signed", ind.decimals))
        else sv.percent_text(abs(previous), min(ind.decimals, precision.text_decimals(previous))),
        "move": _signed_move(
            rounded,
            None if previous is None else precision.shown(previous, "percent_signed", ind.decimals),
            reference,
        ),
    }


def _signed_move(now: Decimal, before: Decimal | None, reference: str) -> str | None:
    """How a deviation moved against its reference, for a headline of the move: Karlstad's
    "kostar 15 procent mer än referenskostnaden" hid that it was 21 the year before, and
    Askersund's "5 procent mindre" that it was 10 (an editor, review r39)."""
    if before is None or now == 0 or before == 0 or abs(now - before) < SIGNED_MOVE:
        # (a smaller move is no headline: SIGNED_MOVE)
        return None
    if _sign(now) != _sign(before):
        return f"hamnar {'över' if now > 0 else 'under'} {reference}"
    if abs(now) < abs(before):
        return f"närmar sig {reference}"
    return f"ligger längre {'över' if now > 0 else 'under'} {reference}"


def _sign(x: float | Decimal) -> int:
    return (x > 0) - (x < 0)


def _signed_gap(f: IndicatorFacts, data: Data) -> str | None:
    """How the distance to the reference moved over a streak of a deviation on one side
    of it: "ökat" (further from it) or "minskat" (nearer). "Nettokostnaden har ökat i
    förhållande till referenskostnaden två år i rad" was unclear (an editor's finding);
    None where the streak crossed the reference, which no distance tells."""
    assert f.trend is not None and f.year is not None and f.value is not None
    series = series_of(f, data)
    years = range(f.year - f.trend.streak, f.year + 1)
    values = [series.get(y) for y in years]
    if any(v is None or v * f.value <= 0 for v in values):
        return None
    return "ökat" if (f.trend.direction > 0) == (f.value > 0) else "minskat"


def _since_fits(value: float, since: float, high: bool) -> bool:
    """Whether "har inte legat så nära (så långt över/under) referenskostnaden sedan
    ÅR" holds for a deviation: the year named stood at least as near (as far), on
    the same side."""
    far = (high and value > 0) or (not high and value < 0)
    if far:
        return since * value > 0 and abs(since) >= abs(value)
    return abs(since) <= abs(value)


def _value(ind: Indicator, value: float, dec: int | None = None) -> str:
    """A value in running text; ``dec`` fixes the decimals of a share (one precision
    per sentence), except for an exact zero ("0 procent", never "0,0 procent")."""
    if ind.is_categorical:
        return dict(ind.scale).get(int(value), sv.format_number(value, 0)).lower()
    if dec is not None and ind.unit in PERCENT_UNITS and value != 0:
        return sv.percent_text(value, dec)
    return sv.value_text(value, ind.unit, ind.decimals, ind.denominator)


def _real_delta(f: IndicatorFacts, dec: int | None) -> str | None:
    """A cost's change in the prices of its year, as the text prints an amount."""
    if f.previous is None or f.value is None or f.previous_year is None or f.year is None:
        return None
    diff = prices.fixed_difference(f.previous, f.value, f.previous_year, f.year)
    return None if diff is None else _value(f.indicator, abs(diff), dec)


def _within_percent(value: float | None, other: float) -> bool:
    """Whether an amount lies within STEADY_KRONOR procent of another."""
    return (
        value is not None and other != 0 and abs(value - other) / abs(other) * 100 < STEADY_KRONOR
    )


def _printed_difference(ind: Indicator, a: float, b: float, dec: int | None) -> float:
    """``a`` minus ``b`` as printed: with the sentence's precision ``dec`` when set."""
    if dec is None or ind.unit not in PERCENT_UNITS:
        return precision.shown_difference(a, b, ind.unit, ind.decimals)
    return float(precision.fixed(a, dec) - precision.fixed(b, dec))


def common_precision(ind: Indicator, *values: float) -> int | None:
    """One decimal for shares printed side by side when some would print with one
    and some without ("från 3,0 procent … till 27,4 procent"); else None."""
    if ind.unit not in PERCENT_UNITS or ind.decimals < 1:
        return None
    printed = {precision.text_decimals(v) for v in values if v != 0}
    return 1 if len(printed) == 2 else None


def _one_precision(f: IndicatorFacts, data: Data) -> int | None:
    """One decimal for every share the text prints about ``f`` when some print with
    one ("9,7 procent") and some without ("11 procent"): SPRAK.md, one precision per
    sentence ("11,2 procent mot 9,7 procent"). None keeps the usual rounding.

    Falls back to the usual rounding when the finer figures would tell a different
    change than the one the analysis decided on (a move that prints as none).
    """
    ind = f.indicator
    if ind.unit not in PERCENT_UNITS or ind.decimals < 1 or ind.is_categorical:
        return None
    values = [f.value, f.previous, f.women, f.men] + [c.value for c in f.comparisons]
    if f.trend is not None and f.trend.since is not None:
        values.append(data.total.get((ind.id, f.kommun.code), {}).get(f.trend.since))
    if f.value is not None and f.previous is not None and f.shown_change is not None:
        whole = _printed_difference(ind, f.value, f.previous, None)
        if whole != f.shown_change:
            return 1  # the analysis read the move at one decimal (analysis._shown_change)
    if common_precision(ind, *(v for v in values if v is not None)) is None:
        return None
    if f.value is not None and f.previous is not None and f.shown_change is not None:
        finer = _printed_difference(ind, f.value, f.previous, 1)
        if (finer > 0) != (f.shown_change > 0) or (finer == 0) != (f.shown_change == 0):
            return None
    return 1


def _comparisons(f: IndicatorFacts, data: Data, dec: int | None = None) -> list[dict[str, Any]]:
    out = []
    # what one person is of a rate of a handful (IndicatorFacts.people)
    one = f.value / f.people[0] if f.people and f.people[0] and f.value else None
    for comp in f.comparisons:
        if comp.kind == "lan":
            name = data.reference.lan_by_region_id(comp.id).name
        elif comp.kind == "kommungrupp":
            grupp = next(g for g in data.reference.kommungrupper if g.id == comp.id)
            # "landsbygdskommun, ej nära större stad": its comma broke the list the
            # name stands in (an editor's finding)
            name = f"kommungruppen {grupp.title.lower().replace(', ', ' ')}"
        else:
            name = COMPARISON_NAMES[comp.kind]
        same = _value(f.indicator, f.value or 0.0, dec) == _value(f.indicator, comp.value, dec)
        gap = abs(_printed_difference(f.indicator, f.value or 0.0, comp.value, dec))
        # a survey's 88 against 87 procent is no difference, nor a rate of 24,8 against
        # 24,0 per 100 000 invånare where one vräkning is 3,1; but not 10,5 against
        # 18,7 where one is 10,5, which reads as a contradiction (editors' findings)
        # and "lika högt som i kommungruppen (1,7 procent)" of 1,69 against 1,72 was
        # checked against Kolada's decimals (an editor's finding): "ungefär" where they differ
        # and 4,7 against riket's 4,6 procent, one printed step, is no "högre" (an editor)
        # and Aneby's bistånd, 778 kronor, was "högre än" 774 "men lägre än" 787 (an
        # editor, review r34): an amount within STEADY_KRONOR procent is about as high
        near = (
            (f.indicator.is_survey and gap <= STEADY_PP)
            or (f.indicator.unit == "kronor" and _within_percent(f.value, comp.value))
            or (one is not None and gap < one / 2)
            or gap <= _printed_step(_value(f.indicator, comp.value, dec)) + 1e-9
            if not same
            else abs((f.value or 0.0) - comp.value) > 1e-9
        )
        out.append(
            {
                "kind": comp.kind,
                "name": name,
                "value": _cmp_value(f.indicator, comp.value, dec),
                "higher": comp.diff > 0,
                "same": same or near,
                "near": near,
            }
        )
    match = DEVIATION.match(f.indicator.phrase) if f.indicator.unit == "percent_signed" else None
    if match is not None:
        values = [c.value for c in f.comparisons]
        _reference_once(out, values, f.indicator.decimals, match["reference"])
    return out


_DECIMALS = re.compile(r"\d,(\d+)")


def _printed_step(printed: str) -> float:
    """The last printed digit's step of a figure in words: "4,6 procent" 0,1, "592
    kronor" 1."""
    m = _DECIMALS.search(printed)
    return 10.0 ** -len(m.group(1)) if m else 1.0


def _beside(value: float, decimals: int, reference: str) -> str:
    """A deviation after its reference was named in the sentence: "7 procent under"; a
    level keeps the name ("i nivå med referenskostnaden")."""
    level = precision.shown(value, "percent_signed", decimals) == 0
    return sv.signed_percent_text(value, decimals, reference if level else None, position=True)


def _reference_once(
    out: list[dict[str, Any]], values: list[float], decimals: int, reference: str
) -> None:
    """A deviation's term in the first parenthesis of the comparisons sentence only
    (they are said higher, lower, then level with): "(15 procent över
    referenskostnaden) och i liknande kommuner (2 procent under)"; the term four times
    in one paragraph read as a form (an editor's finding). A level one keeps it."""
    order = sorted(
        range(len(out)), key=lambda i: (out[i]["same"], not out[i]["higher"] or out[i]["same"])
    )
    for i in order[1:]:
        out[i]["value"] = _beside(values[i], decimals, reference)


def _cmp_value(ind: Indicator, value: float, dec: int | None) -> str:
    """A compared value in parentheses: a signed deviation with what it deviates from
    ("2 procent under referenskostnaden"), never a bare "−2 procent" that reads as a
    level (an editor's finding)."""
    match = DEVIATION.match(ind.phrase) if ind.unit == "percent_signed" else None
    if match is None:
        return _value(ind, value, dec)
    return sv.signed_percent_text(value, ind.decimals, match["reference"], position=True)


def score_ctx(score: AreaScore | None, area: Area) -> dict[str, Any] | None:
    if score is None:
        return None
    prev = score.previous_share
    shown = None if prev is None else precision.shown_difference(score.share, prev, "percent", 0)
    prev_answers = None
    if score.previous_positive is not None and score.previous_total is not None:
        prev_answers = answers_text(score.previous_positive, score.previous_total, area)
    return {
        "year": score.year,
        "answers": score_answers(score, area),
        "prev_answers": prev_answers,
        "extreme": score.positive in (0, score.total),
        "share": sv.percent_text(score.share, 0),
        "positive": sv.number_word(score.positive, "utrum"),
        "of": sv.share_phrase(score.positive, score.total, "fråga", "frågor"),
        # "positivt på ingen av tre frågor" is no Swedish (SPRAK.md): the count alone
        "any_positive": score.positive > 0,
        "total": score.total,
        "prev": None if prev is None else sv.percent_text(prev, 0),
        "prev_year": score.year - 1,
        "up": None if prev is None else score.share > prev,
        "unchanged": shown == 0,
        "delta": None if not shown else sv.pp_text(shown, 0),
        "rank": sv.rank_text(score.rank, score.n, score.tied) if score.rank else None,
        "shared_sentence": sv.shared_sentence(score.tied, "resultat"),
        "crowded": score.crowded,
        "tied": score.tied,
        "n": score.n,
        "area": decap(area.title),
    }


def score_answers(score: AreaScore, area: Area) -> str:
    """What a kommun answers on an area's yes/no questions, as a verb's complement:
    "positivt på två av tre frågor", "positivt på alla tre frågorna", "nej på båda
    frågorna" (SPRAK.md: never "positivt på 0 procent av dem")."""
    return answers_text(score.positive, score.total, area)


def answers_text(positive: int, total: int, area: Area) -> str:
    """:func:`score_answers` of a count: ``positive`` of ``total`` questions."""
    if 0 < positive < total:
        return "positivt på " + sv.share_phrase(positive, total, "fråga", "frågor")
    every = "båda frågorna" if total == 2 else f"alla {sv.number_word(total)} frågorna"
    if positive == total:
        return f"positivt på {every}"
    # none positive: "nej" when every question's other answer is Nej
    others = {label.lower() for ind in scorable(area) for code, label in ind.scale}
    others -= {
        dict(ind.scale)[ind.best_code].lower()
        for ind in scorable(area)
        if ind.best_code is not None
    }
    if others == {"nej"}:
        return f"nej på {every}"
    return f"inte positivt på någon av de {sv.number_word(total)} frågorna"


# ------------------------------------------------------------- press text


def older_pick(facts: AreaFacts) -> IndicatorFacts | None:
    """The strongest of an area's figures, by what it says beside being old: what a
    text whose data year has no figure still tells (with its year)."""
    scored = [
        (max((x.score for x in f.facts if x.kind != "missing"), default=0.0), f)
        for f in facts.indicators
        if f.value is not None and f.year is not None
    ]
    if not scored:
        return None
    # a figure of many answers first: "100 procent 2021" of a handful is no figure to
    # stand alone for the area (an editor's finding)
    return max(
        scored, key=lambda sf: (not _thin(sf[1]), sf[0], sf[1].year or 0, sf[1].indicator.id)
    )[1]


def _thin(f: IndicatorFacts) -> bool:
    """A figure of a handful: few people or answers, or a survey share at 0 or 100."""
    at_bound = f.value is not None and (f.value <= 0 or f.value >= 100)
    return f.few or (f.indicator.is_survey and at_bound)


def _older(facts: AreaFacts, data: Data, writer: Writer, key: tuple) -> str:
    """The older figure of :func:`older_pick` in a sentence that names its year."""
    best = older_pick(facts)
    if best is None:
        return ""
    c = indicator_ctx(best, data)
    said = writer.say("press.j2", "older", (*key, "older"), c=c)
    if best.few and (best.value != 0 or best.people is not None):
        # the only figure, of a handful: say so ("Svaren kommer från få personer …")
        said += " " + writer.say("press.j2", "few", (*key, "older-few"), c=c)
    return said


#: the least score of a figure told beside a lead that has no other news
OTHER_PLAIN = 0.25


def choose_others(facts: AreaFacts, lead: IndicatorFacts | None) -> list[IndicatorFacts]:
    """The next most newsworthy indicators with a statement of their own: this
    year's, of more than a handful (an older year is listed as missing; a handful
    is said in the synthesis), then a counterweight where all point one way."""
    current = [
        f
        for f in facts.ranked
        if f is not lead
        and not f.missing_now
        # nor a survey share without the split it had, a sign of few answers
        # (Vaggeryd's vårdnadshavare "från 67 till 100 procent": an editor's finding)
        and (not (f.few or f.unsplit) or told_in_people(f) or units_swing(f))
    ]
    others = [f for f in current if f.score >= 0.5]
    if not others:
        # a text of its lead alone left Alvesta's cost per invånare unsaid beside its
        # cost against the reference (an editor's finding): the next figure of this
        # year, told plainly, where no other is news; not a step too small to be news
        # unless it says so ("ungefär som"): "Andelen äldre med hemtjänst ökade från
        # 6,9 till 7,1 procent" stood alone (an editor)
        # nor a survey's 100 procent, mostly of a handful ("ökade med 22 procentenheter
        # till 100 procent" of about ten children in familjehem: an editor's finding)
        others = [
            f
            for f in current
            if f.score >= OTHER_PLAIN
            and (f.steady or not f.tiny)
            and not (f.indicator.is_survey and f.value is not None and f.value in (0, 100))
        ][:1] or [f for f in current if told_in_people(f)][:1]
        # a handful in people is always worth its sentence: Finspång's six vräkningar
        # after four were left out of a text about its housing answer (an editor)
    # a few units that went from all to none is news however few, first: Tomelilla's
    # LSS-boenden that all offered training in kommunikationsstöd, then none (an editor)
    others = [f for f in current if units_swing(f) and f not in others] + others
    # one gender gap is a finding; three in a row read as a table
    gaps = [f for f in others if f.facts[0].kind == "gender_gap"]
    others = [f for f in others if f.facts[0].kind != "gender_gap" or f is gaps[0]]
    chosen = others[:BODY_OTHERS] + _rest_of_small_area(facts, lead, others)
    # a lead of a handful is balanced by a handful too: Boden's three vräkningar, and
    # the three children in vräkta hushåll after none (an editor's finding)
    # but not by a survey share of a handful: Stenungsund's "bland de tio bästa" on some
    # thirteen answers stood beside a lead of as few without a word of it (an editor)
    pool = (
        current
        if lead is None or not lead.few
        else [
            f
            for f in facts.ranked
            if f is not lead and not f.missing_now and not (f.few and f.indicator.is_survey)
        ]
    )
    return chosen + _counterweight(pool, lead, chosen)


#: an area of at most this many figures of the year besides the lead is told whole
SMALL_AREA_REST = 2


def _rest_of_small_area(
    facts: AreaFacts, lead: IndicatorFacts | None, others: Sequence[IndicatorFacts]
) -> list[IndicatorFacts]:
    """Every figure of the year with a direction where an area has two or three:
    Lindesberg's våld text told the LSS-boenden's routine and left out that every
    daglig verksamhet has one, against half in riket (an editor's finding: one of two
    figures is half the area)."""
    # of the figures that have a direction: a count of new cases beside them is no
    # figure the area is judged on (Uppvidinge's våld ärenden per 10 000)
    rest = [
        f
        for f in facts.ranked
        if f is not lead
        and not f.missing_now
        and f.value is not None
        and f.facts
        and f.indicator.direction != "none"
    ]
    if len(rest) > SMALL_AREA_REST:
        return []
    # not a survey share of a handful: Vaggeryd's vårdnadshavare "från 67 till 100
    # procent" on too few answers to split (an editor's finding)
    return [
        f for f in rest if f not in others and not (f.indicator.is_survey and (f.few or f.unsplit))
    ]


def told_in_people(f: IndicatorFacts) -> bool:
    """Whether a handful is told in people in a sentence of its own: Laxå's three
    vräkningar after none, twice riket per invånare, were left out of a text about
    its housing answer (an editor's finding: one-sided selection)."""
    return f.few and f.people is not None and f.indicator.counted is not None


#: the least score of a finding of the other sign that balances a one-sided text
COUNTERWEIGHT = 0.3


def news_sign(f: IndicatorFacts) -> int:
    """Whether an indicator's strongest finding is good news (+1), bad (−1) or
    neither (0), by its desired direction: a rise of what should rise, a place in
    the best quarter, a value above riket of what should be high."""
    ind = f.indicator
    if ind.direction == "none" or ind.is_categorical or not f.facts or f.value is None:
        return 0
    want = 1 if ind.direction == "higher" else -1
    kind = f.facts[0].kind
    if kind in ("rank_extreme", "rank_band") and f.rank is not None:
        return {"top": 1, "bottom": -1}.get(f.rank.band, 0)
    if kind == "vs_riket":
        riket = f.comparison("riket")
        return 0 if riket is None or riket.diff == 0 else (want if riket.diff > 0 else -want)
    if kind in MOVES and f.shown_change:
        return want if f.shown_change > 0 else -want
    return 0


def _counterweight(
    current: Sequence[IndicatorFacts], lead: IndicatorFacts | None, chosen: Sequence[IndicatorFacts]
) -> list[IndicatorFacts]:
    """The strongest finding of the other sign where the lead and every other finding
    told are good news (or all bad): Ulricehamn's four results in the best quarter
    left out that the share whose staff come on time fell to its lowest since 2012
    (an editor's finding: one-sided selection)."""
    told = [f for f in (lead, *chosen) if f is not None]
    signs = {news_sign(f) for f in told} - {0}
    if len(signs) != 1:
        return []
    (sign,) = signs
    rest = [
        f for f in current if f not in told and news_sign(f) == -sign and f.score >= COUNTERWEIGHT
    ]
    return rest[:1]


def frame(kind: str, c: Mapping[str, Any]) -> tuple[object, ...] | None:
    """The shape of a secondary finding that others of the same shape share: two
    falls between the same years, two records over the same span, two ranks in the
    same end of the field. Findings of one frame are told in one sentence: "Mellan
    2020 och 2022 minskade X … Mellan 2020 och 2022 minskade Y …" read as a form
    (an editor's finding). None: a finding told on its own."""
    if c.get("signed") or c.get("value") is None:
        return None
    if kind == "people":
        # the handfuls of an area in one sentence: "Arboga hade två barn i vräkta hushåll
        # både 2021 och 2022. Det är få fall. Arboga hade tre vräkningar både 2021 och
        # 2022." read as a form, the children before the evictions (an editor, r37)
        return ("people", c.get("prev_year"), c["year"])
    if c.get("dip_year") and kind not in ("rank_extreme", "rank_band"):
        # a dip is told on its own; a place is a place ("den sämsta tiondelen" twice in
        # two sentences where one had had a dip: an editor's finding)
        return None
    if kind == "change" and c.get("steady"):
        return None  # "ungefär som året innan" stands alone
    # one precision in a sentence (SPRAK.md): "9,0 procent" and "85 procent" apart
    decimals = "," in c["value"]
    # a frame joins findings that are news of one sign: "Både andelen som besväras av
    # ensamhet och andelen som bemöts väl var på sin högsta nivå" read as good news
    # twice (an editor's finding), so the indicator's direction is part of the frame
    way = c.get("direction")
    if kind == "change" and c.get("prev") is not None and not c.get("unchanged"):
        return ("change", c["up"], way, c["prev_year"], c["year"], decimals or "," in c["prev"])
    if kind == "streak" and c.get("streak"):
        # riket's trend is said with a group too: its members share it or not
        mirror = bool(c.get("nat_streak"))
        return ("streak", c["up"], way, c["streak"], c["year"], decimals, mirror)
    if kind == "record" and c.get("record"):
        mirror = bool(c.get("nat_record")) and not c.get("nat_less")
        return (
            "record",
            c["record"],
            way,
            c["year"],
            c["first_year"],
            c["series_began"],
            decimals,
            mirror,
        )
    if kind in ("rank_extreme", "rank_band") and c.get("band") in ("top", "bottom"):
        # any precision: a group of places gives its shares at one (_group_precision)
        end = c["extreme_n"] if c.get("extreme") else c.get("part", "fjärdedel")
        return ("rank", c["direction"] == "none", c["band"], end, c["year"])
    return None


#: a figure and its unit ("1 172 kronor", "3,2 per 10 000 vuxna invånare")
#: a figure as printed: "20,5", "1 040", "−3"
NUMBER = r"[−-]?\d{1,3}(?:[ \u00a0\u202f]\d{3})*(?:,\d+)?"
FIGURE_UNIT = re.compile(rf"^(?P<num>{NUMBER})(?P<unit> .*)?$")


def span_text(prev: str, value: str) -> str:
    """ "från 73 till 47 procent": a change's two figures with their unit once."""
    a, b = FIGURE_UNIT.match(prev), FIGURE_UNIT.match(value)
    if a and b and a["unit"] == b["unit"]:
        return f"från {a['num']} till {value}"
    return f"från {prev} till {value}"


def _other_sentences(
    others: Sequence[IndicatorFacts],
    data: Data,
    writer: Writer,
    key: tuple,
    lead_frame: tuple[object, ...] | None = None,
    few_said: bool = False,
    units_said: bool = False,
    lead_place: tuple[object, ...] | None = None,
    start_said: bool = False,
) -> list[str]:
    """One sentence per secondary finding, or one for all findings of a frame
    ("också" where the lead made the same finding). ``start_said``: the text named
    the year the measurements began, so a later record is "hittills"."""
    items = [
        (o, "people" if told_in_people(o) else o.facts[0].kind, _short_ctx(indicator_ctx(o, data)))
        for o in others
    ]
    frames = [frame(kind, c) for _, kind, c in items]
    seen: set[str] = set()
    out: list[str] = []
    bases: set[object] = set()  # "av de 161 kommuner som har ett värde", said
    mirror_said = False  # "liksom i riket" twice in a body read as a form (r33)
    for i, (other, kind, c) in enumerate(items):
        # the units caveat once a text ("Det gäller ett fåtal enheter" after the lead's
        # "ett fåtal enheter" read twice: an editor's finding)
        # (and right after the lead's paragraphs only: "minskade också" after another
        # indicator's "ökade" read as a contradiction: an editor, review r34)
        fr = frames[i]
        also = fr is not None and fr in (lead_frame, lead_place) and (not out or fr[0] == "rank")
        c = {**c, "units_said": units_said, "also": also, "start_said": start_said}
        c["mirror_said"] = mirror_said
        if c.get("rank_n") in bases:
            # once is enough: "av de 161 kommuner som har ett värde" in two sentences in a
            # row read as a form (an editor's finding); the second says "av kommunerna"
            c = {**c, "base_said": True}
        if kind == "people":
            # "Det är få fall." once, after the first handful (an editor reads it twice
            # as a form)
            c = {**c, "few_said": few_said}
            few_said = True
        group = [items[j][2] for j in range(len(items)) if frames[j] == fr]
        if fr is not None and len(group) > 1:
            if frames.index(fr) == i:  # the group is told where its first member stood
                members = [
                    {**g, "span": span_text(g["prev"], g["value"])} if "prev" in g else g
                    for g in group
                ]
                if fr[0] == "people":
                    # those that moved first ("… inga vräkningar 2022, mot två året innan,
                    # och inga barn i vräkta hushåll vare sig 2021 eller 2022"), then the
                    # largest, then as the area lists them (the vräkningar first)
                    order = _config_order(data)
                    ids = [items[j][0].indicator.id for j in range(len(items)) if frames[j] == fr]
                    members = [
                        m
                        for _, m in sorted(
                            zip(ids, members, strict=True),
                            key=lambda p: (
                                bool(p[1].get("same_people")),
                                -p[1].get("people_count", 0),
                                order.get(p[0], 0),
                            ),
                        )
                    ]
                if fr[0] == "rank":
                    members = _group_precision(
                        members, [items[j][0] for j in range(len(items)) if frames[j] == fr]
                    )
                told = writer.say(
                    "press.j2",
                    "others_group",
                    (*key, other.indicator.id, "group"),
                    frame=fr[0],
                    items=members,
                    c=c,
                    also=fr == lead_frame and (not out or fr[0] == "rank"),
                )
                start_said = start_said or START_SAID in told
                mirror_said = mirror_said or MIRROR_SAID in told
                out.append(told)
            continue
        sentence = writer.say_unlike(
            "press.j2", "other", (*key, other.indicator.id, "other"), seen, kind=kind, c=c
        )
        if kind in MOVES and c.get("against_rank") and c.get("outer"):
            # a record low of a share that is still among the country's highest: Ockelbo's
            # unga vuxna with bistånd, 11,1 procent against riket's 4,6, were told as
            # good news alone (an editor's finding: one-sided selection)
            sentence += " " + writer.say("press.j2", "still_end", (*key, other.indicator.id), c=c)
        if f"av de {c.get('rank_n')} kommuner som har ett värde" in sentence:
            bases.add(c.get("rank_n"))
        units_said = units_said or UNITS_SAID in sentence
        start_said = start_said or START_SAID in sentence
        mirror_said = mirror_said or MIRROR_SAID in sentence
        out.append(sentence)
    return same_span(out)


#: words that open a relative clause in an indicator's phrase: the kommun goes first or
#: last in a sentence, never right after the clause
RELATIVE_WORDS = ("som", "där", "vars")


def _config_order(data: Data) -> dict[str, int]:
    """Each indicator's place in the configuration, area by area."""
    ids = (i.id for area in data.config.areas for i in area.indicators)
    return {kpi: n for n, kpi in enumerate(ids)}


def _group_precision(
    members: list[dict[str, Any]], facts: Sequence[IndicatorFacts]
) -> list[dict[str, Any]]:
    """A group's shares at one precision (SPRAK.md): "(11,6 procent) och (11,4 procent)",
    not "12 procent" beside "11,4 procent" (an editor's finding)."""
    decimals = {"," in m["value"] for m in members}
    if len(decimals) < 2 or not all(f.indicator.unit in PERCENT_UNITS for f in facts):
        return members
    return [
        {**m, "value": _value(f.indicator, f.value, 1)} if f.value is not None else m
        for m, f in zip(members, facts, strict=True)
    ]


#: The opening of a change between two years: "Mellan 2019 och 2022 "
SPAN_OPENING = re.compile(r"^Mellan \d{4} och \d{4} ")


def same_span(sentences: Sequence[str]) -> list[str]:
    """Two sentences in a row that open "Mellan 2019 och 2022": the second opens "Under
    samma tid" (two in a row read as a form, an editor's finding)."""
    out: list[str] = []
    last = None
    for sentence in sentences:
        match = SPAN_OPENING.match(sentence)
        if match is not None and match.group(0) == last:
            out.append("Under samma tid " + sentence[match.end() :])
            last = None  # a third reads "Mellan …" again, not "Under samma tid" twice
            continue
        last = match.group(0) if match is not None else None
        out.append(sentence)
    return out


#: verbs of the headline templates that an indicator's short name may hold too
HEADLINE_TEMPLATE_VERBS = frozenset({"når", "ligger", "ökar", "minskar", "hör", "är"})


def doubled_verb(text: str) -> bool:
    """Whether a template verb stands twice in ``text`` ("når … når")."""
    seen = [w for w in text.lower().split() if w in HEADLINE_TEMPLATE_VERBS]
    return len(seen) != len(set(seen))


def _fits(headline: str) -> bool:
    lo, hi = HEADLINE_WORDS
    return lo <= len(sv.words(headline)) <= hi


def _headline_kinds(top: str, c: Mapping[str, Any] | None) -> list[str]:
    """The headline's kind, then plainer ones for when none of its phrasings fits
    6–12 words: a rate's long name ("antalet våldsutsatta med stöd per 10 000 vuxna
    invånare ökar tredje året i rad" is 14) says its change or its value instead,
    which the lead states too (a headline never says more than its lead)."""
    kinds = [top]
    if top == "rank_band" and c is not None and c.get("part") == "tiondel" and c.get("nationwide"):
        kinds = ["rank_tenth", top]
    if top == "level" and c is not None and c.get("riket_value"):
        # a level alone ("… i Vallentuna var 1,2 procent 2022") is no finding (editors):
        # where it stands against riket, which the body tells, is
        riket = next((x for x in c.get("comparisons") or () if x["kind"] == "riket"), None)
        # but not a side of riket the lead's move heads away from: Perstorp's "under
        # riket" over a rise from 59 to 84 procent (an editor's finding: the headline
        # and the lead pointed two ways)
        if riket is not None and (riket["same"] or not c.get("against_riket")):
            kinds = ["level_riket" if riket["same"] else "vs_riket", top]
    if c is not None and top not in ("score", "nothing", "missing"):
        # not "ökar" of a step too small to be news (2,5 → 2,6 procent)
        if c.get("delta") and top != "change" and not c.get("minor"):
            kinds.append("change")
        kinds += ["level", "level_bare"]
    return kinds


#: headline kinds that print no figure (press.j2): they may name a rate per one
#: inhabitant, where "ökar till 22,5" would read as 22,5 per invånare
FIGURELESS_KINDS = frozenset(
    {
        "streak",
        "record",
        "level_riket",
        "since",
        "break",
        "rank_extreme",
        "rank_tenth",
        "rank_band",
        "vs_riket",
        "gender_gap",
    }
)


def _headline_attempts(
    top: str, c: dict[str, Any] | None
) -> list[tuple[str, dict[str, Any] | None]]:
    """The headline kinds in order (_headline_kinds), each with its context; a rate's
    long name that fits no finding says it per one inhabitant before its value:
    "Östra Göinge: antalet våldsutsatta med stöd är högt per vuxen invånare", not
    "… var 17,6 per 10 000 vuxna invånare", a value and no finding (an editor, review
    r43)."""
    kinds = _headline_kinds(top, c)
    attempts = [(kind, c) for kind in kinds]
    tight = per_inhabitant(c["short"]) if c is not None else None
    if c is not None and tight is not None:
        findings = [k for k in kinds if k in FIGURELESS_KINDS]
        at = next((i for i, (k, _) in enumerate(attempts) if k == "level"), len(attempts))
        attempts[at:at] = [(kind, {**c, **_short_names(tight)}) for kind in findings]
    return attempts


def press_text(
    facts: AreaFacts,
    data: Data,
    writer: Writer,
    config: Config,
    quote: Quote | None = None,
) -> PressText:
    """The press text of one kommun × area."""
    k = facts.kommun
    lead = facts.lead
    score = score_ctx(facts.score, facts.area)
    lead_ctx = indicator_ctx(lead, data) if lead else None
    key = (k.code, facts.area.slug)
    top_kind = _top_kind(lead, facts)
    # the newest year the area has any figure for this kommun (None: never)
    latest = max((f.year for f in facts.indicators if f.year is not None), default=None)
    kommun = kommun_ctx(k)
    headline = ""
    for kind, c in _headline_attempts(top_kind, lead_ctx):
        headline = writer.say_fitting(
            "press.j2",
            "headline",
            (*key, "headline"),
            HEADLINE_WORDS,
            kind=kind,
            c=c,
            score=score,
            k=kommun,
            area=facts.area.short,
            latest=latest,
        )
        if _fits(headline):
            break
    # the headline's own fact, with the same figures, so that the two never disagree
    fact_kind = _lead_fact_kind(lead, top_kind)
    fact = (
        writer.say("press.j2", "lead_fact", (*key, "lead_fact"), kind=fact_kind, c=lead_ctx)
        if lead_ctx is not None and fact_kind is not None
        else None
    )
    lead_text = writer.say_with(
        "press.j2",
        "lead",
        (*key, "lead"),
        FIGURE.findall(headline),
        kind=top_kind,
        c=lead_ctx,
        score=score,
        k=kommun_ctx(k),
        area=decap(facts.area.title),
        year=facts.data_year,
        fact=fact or None,
        latest=latest,
        total=len(facts.indicators),
        at_latest=sum(1 for f in facts.indicators if latest is not None and f.year == latest),
    )
    # the term of a deviation from the reference cost, in one sentence
    definition = ""
    if lead_ctx is not None and lead_ctx.get("signed") and top_kind not in ("score", "missing"):
        # "kostar 12 procent mer än referenskostnaden" in the headline: the term in the
        # lead itself, not a paragraph later (an editor's finding)
        # at its end: "Året innan var den …" after it would read as the reference's
        definition = writer.say("press.j2", "reference", (*key, "reference"), c=lead_ctx)
        lead_text += " " + definition
    elif (
        lead_ctx is not None
        and lead_ctx.get("back_to")
        and top_kind == "change"
        and fact_kind is None
    ):
        # not beside the lead's own fact (a record, a streak): one such sentence a lead
        lead_text += " " + writer.say("press.j2", "back_to", (*key, "back"), c=lead_ctx)
    # one paragraph per topic: the lead in context, other findings, the score, gaps
    body: list[str] = []
    if lead is not None and top_kind != "score":
        body.append(
            _paragraph(
                _lead_details(
                    lead,
                    lead_ctx,
                    writer,
                    key,
                    # "I riket var värdet 61 procent." in the lead: not again at once as
                    # "högre än i riket (61 procent)" (an editor's finding)
                    top_kind,
                    fact_kind or "",
                    riket_said=RIKET_SAID in lead_text,
                    # "Samma andel har 110 andra kommuner …" in the lead: not "delar det
                    # lägsta värdet med 110 andra kommuner" a paragraph later (an editor's
                    # finding)
                    tie_said=(lead_ctx or {}).get("common_clause", "\0") in lead_text,
                    # "en ökning med 797 kronor från 3 800 kronor" in the lead: riket's
                    # smaller rise beside the record does not tell the kommun's again
                    move_said=_says_prev(lead_ctx, lead_text),
                )
            )
        )
    lead_frame = frame(top_kind, lead_ctx) if lead_ctx is not None else None
    # the lead's place told beside it: another place in the same band says "också"
    lead_place = (
        frame("rank_band", lead_ctx)
        if lead_ctx is not None and body and PLACED.search(body[0])
        else None
    )
    if lead_frame is None:
        lead_frame = lead_place
    chosen = choose_others(facts, lead)
    # "I Motala handlar det om få fall" in the lead: not "Det är få fall." again after the
    # next handful (an editor's finding)
    lead_few = FEW_SAID in lead_text or any(FEW_SAID in p for p in body)
    units = any(UNITS_SAID in p for p in (lead_text, *body))
    others = _other_sentences(
        chosen,
        data,
        writer,
        key,
        lead_frame,
        few_said=lead_few,
        units_said=units,
        lead_place=lead_place,
        start_said=any(START_SAID in p for p in (lead_text, *body)),
    )
    # the area as a whole, in the seeds' spirit: how many moved which way, the score
    told = {o.indicator.id: "people" if told_in_people(o) else o.facts[0].kind for o in chosen}
    summary = [synthesis(facts, writer, key, told)]
    if score is not None and top_kind != "score":
        summary.append(
            writer.say("press.j2", "score_sentence", (*key, "score"), s=score, k=kommun_ctx(k))
        )
    body.append(_paragraph(summary))
    body.append(_paragraph(others))
    missing = [missing_item(f.indicator) for f in facts.indicators if f.missing_now]
    missing_text = ""
    if missing:
        missing_text = writer.say(
            "press.j2",
            "missing",
            (*key, "missing"),
            items=missing,
            year=facts.data_year,
            k=kommun_ctx(k),
            count=len(missing),
            total=len(facts.indicators),
            after_lead=top_kind in ("missing", "nothing"),
        )
    # what is missing is news only when nothing else is: otherwise it belongs in the
    # method note (24 of 40 texts carried it as a paragraph of its own: an editor's finding)
    missing_in_body = top_kind in ("missing", "nothing")
    if missing_in_body:
        body.append(missing_text)
    if top_kind == "missing":
        # after "Det gäller alla …", which refers back to the lead
        body.append(_older(facts, data, writer, key))
    paragraphs = [lead_text, *body]
    for once in (rate_once, denominator_once, span_once):
        paragraphs = once(paragraphs, facts.area)
    lead_text, *body = named_again(paragraphs, again_phrases(facts.area))
    lead_text, moved = short_lead(lead_text, (definition, fact or ""))
    if moved:
        body = [_paragraph([moved, body[0] if body else ""]), *body[1:]]
    if top_kind in ("rank_extreme", "rank_band") and not definition:
        # (not under a headline of the reference cost, whose lead keeps the definition)
        lead_text, body = place_in_lead(lead_text, body)
    return PressText(
        headline=headline,
        lead=lead_text,
        body=tuple(p for p in body if p),
        quote=_quote(quote, writer, key),
        method=method_note(
            facts,
            data,
            writer,
            about_score=top_kind == "score",
            missing=top_kind == "missing",
            ranked=any(PLACED.search(t) for t in (headline, lead_text, *body)),
            missing_note="" if missing_in_body else missing_text,
        ),
        contact=writer.say("press.j2", "contact", key, site=config.site),
        sample_note=writer.say("press.j2", "sample_note", key) if data.is_sample else None,
        stated=stated_values(facts, top_kind),
        withheld=MISSING if top_kind == "missing" else (QUIET if quiet(lead, top_kind) else ""),
    )


def place_in_lead(lead: str, body: list[str]) -> tuple[str, list[str]]:
    """A headline of a place over a lead without it takes the place from the body into
    the lead's second sentence: Höör's "… hör till landets högsta" over a lead of a
    fall and a swing, "delad plats 8 av 286" in paragraph two (an editor, review r39).
    The lead's other sentences open the body, after the tie that belongs to the place."""
    if PLACED.search(lead) or not body:
        return lead, body
    parts = textcheck.sentences(body[0])
    at = next((i for i, p in enumerate(parts) if PLACED.search(p)), None)
    if at is None:
        return lead, body
    first, *rest = textcheck.sentences(lead)
    tie = [p for p in parts[at + 1 : at + 2] if textcheck.tie_sentence(p)]
    others = [p for i, p in enumerate(parts) if i != at and p not in tie]
    return f"{first} {parts[at]}", [" ".join([*tie, *rest, *others]), *body[1:]]


#: a lead of more than two sentences and more words than this keeps its first sentence
#: and one more: a term's definition, else the headline's fact, else its second (and
#: the second too, where the three fit these many words); the rest opens the body.
#: SPRAK.md asks for one or two short sentences, and 538 of 2 209 leads ran to three
#: or four, the year before, a streak and a swing among them (an editor, review r38)
LEAD_WORDS = 40


def short_lead(lead: str, keep: Sequence[str]) -> tuple[str, str]:
    """(the lead, the sentences it hands to the body)."""
    parts = textcheck.sentences(lead)
    if len(parts) <= 2 or len(lead.split()) <= LEAD_WORDS:
        return lead, ""
    # the first of ``keep`` the lead holds, else its second sentence
    wanted = [parts.index(k.strip(), 1) for k in keep if k.strip() in parts[1:]]
    chosen = {0, wanted[0] if wanted else 1}
    # and the year before ("Året innan var skillnaden 7 procent."), where it fits: a
    # headline of the move ("… ligger längre över referenskostnaden") over a lead
    # that kept only the level and the term's definition hid the move (review r39)
    words = sum(len(parts[i].split()) for i in chosen)
    for i in (1, *wanted):
        if i not in chosen and words + len(parts[i].split()) <= LEAD_WORDS:
            chosen.add(i)
            words += len(parts[i].split())
    # who shares a kept place stays beside it where the lead has room ("Tre andra
    # kommuner har samma värde." opened the next paragraph, cut off from its place: an
    # editor, review r41), else opens the body, next to it: after "Värdet har svängt: …"
    # the count read as of the dip year (textcheck's tie rule)
    ties = [i for i in range(1, len(parts)) if i - 1 in chosen and i not in chosen]
    ties = [i for i in ties if textcheck.tie_sentence(parts[i])]
    for i in ties:
        if words + len(parts[i].split()) <= LEAD_WORDS:
            chosen.add(i)
            words += len(parts[i].split())
    ties = [i for i in ties if i not in chosen]
    kept = [p for i, p in enumerate(parts) if i in chosen]
    rest = [i for i in range(len(parts)) if i not in chosen and i not in ties]
    return " ".join(kept), " ".join(parts[i] for i in ties + rest)


#: "nettokostnaden för individ- och familjeomsorgen": a head noun and what it is for
FOR_PHRASE = re.compile(r"^(?P<head>\w+) för (?P<rest>\S+(?: \S+)+)$")


@lru_cache(maxsize=64)
def again_phrases(area: Area) -> dict[str, str]:
    """The long "<head> för <what>" names of an area's indicators that a text may say
    once and then by their head alone: "Nettokostnaden för individ- och familjeomsorgen"
    three times in a text read as a form (an editor's finding); "Nettokostnaden
    minskade" after it is clear. Only where no other name of the area has that head."""
    names = {without_rate(ind.short) for ind in area.indicators}
    for ind in area.indicators:
        match = DEVIATION.match(ind.phrase) if ind.unit == "percent_signed" else None
        if match is not None:
            names.add(without_rate((match["measure"] + match["rest"]).strip()))
    found = {n: m["head"] for n in names if (m := FOR_PHRASE.match(n))}
    heads = list(found.values())
    return {n: h for n, h in found.items() if heads.count(h) == 1}


def rate_once(paragraphs: Sequence[str], area: Area) -> list[str]:
    """A rate's short name without its denominator in a sentence whose figure says
    it: "Med 51,9 per 100 000 invånare är antalet vräkningar på sin högsta nivå",
    not "… antalet vräkningar per 100 000 invånare på sin högsta nivå"."""
    out = []
    for paragraph in paragraphs:
        sentences = re.split(r"(?<=\.) (?=[A-ZÅÄÖ])", paragraph)
        for ind in area.indicators:
            tail = RATE_TAIL.search(ind.short)
            if ind.unit not in PER_UNITS or tail is None:
                continue
            lowered = ind.short[1:]  # at the start of a sentence or inside it
            short = ind.short[: tail.start()][1:]
            sentences = [
                s.replace(lowered, short) if lowered in s and s.count(tail.group()) >= 2 else s
                for s in sentences
            ]
        out.append(" ".join(sentences))
    return out


def span_once(paragraphs: Sequence[str], area: Area) -> list[str]:
    """A rate's denominator once where a sentence gives two of its figures: "från
    20,5 till 31,4 per 100 000 invånare mellan 2021 och 2022", not "från 20,5 per
    100 000 invånare 2021 till 31,4 per 100 000 invånare 2022"; "till 54,0 per 100 000
    invånare 2022, från 33,8 året innan" (an editor's finding: the denominator three
    times in one sentence)."""
    labels = {
        sv.unit_label(ind.unit, ind.denominator) for ind in area.indicators if ind.unit in PER_UNITS
    }
    out = []
    for paragraph in paragraphs:
        for label in sorted(labels, key=len, reverse=True):
            unit = re.escape(label)
            paragraph = re.sub(
                rf"från ({NUMBER}) {unit} (\d{{4}}) till ({NUMBER}) {unit} (\d{{4}})",
                rf"från \1 till \3 {label} mellan \2 och \4",
                paragraph,
            )
            paragraph = re.sub(
                rf"({unit} \d{{4}},(?: en (?:ökning|minskning) med {NUMBER})?)"
                rf"(?: {unit})?( från {NUMBER}) {unit}( året innan)",
                r"\1\2\3",
                paragraph,
            )
        out.append(paragraph)
    return out


def denominator_once(paragraphs: Sequence[str], area: Area) -> list[str]:
    """A rate's figures in brackets after the first in a sentence without their
    denominator: "högre än i riket (24,0 per 100 000 invånare), i kommungruppen
    (31,7) och i liknande kommuner (35,8)", not the denominator in every bracket (an
    editor's finding)."""
    labels = sorted(
        {
            sv.unit_label(ind.unit, ind.denominator)
            for ind in area.indicators
            if ind.unit in PER_UNITS
        },
        key=len,
        reverse=True,
    )
    out = []
    for paragraph in paragraphs:
        sentences = re.split(r"(?<=\.) (?=[A-ZÅÄÖ])", paragraph)
        for label in labels:
            bracket = _bracket_pattern(label)
            sentences = [_bracket_once(sentence, label, bracket) for sentence in sentences]
        out.append(" ".join(sentences))
    return out


@lru_cache(maxsize=16)
def _bracket_pattern(label: str) -> re.Pattern[str]:
    """A figure of a rate in brackets: "(31,7 per 100 000 invånare)", compiled once."""
    return re.compile(r"(\([-−]?\d[\d\u00a0 ]*(?:,\d+)?) " + re.escape(label) + r"\)")


def _bracket_once(sentence: str, label: str, bracket: re.Pattern[str]) -> str:
    first = sentence.find(label)
    if first < 0:
        return sentence
    head, tail = sentence[: first + len(label)], sentence[first + len(label) :]
    return head + bracket.sub(r"\1)", tail)


def named_again(paragraphs: Sequence[str], phrases: Mapping[str, str]) -> list[str]:
    """The paragraphs with each phrase of ``phrases`` said in full the first time and
    by its head noun after that ("nettokostnaden"), keeping a capital letter."""
    out = list(paragraphs)
    for phrase, head in sorted(phrases.items()):
        out = _say_once(out, re.compile(re.escape(phrase), re.IGNORECASE), head)
    return out


def _say_once(paragraphs: list[str], pattern: re.Pattern[str], head: str) -> list[str]:
    seen = False

    def shorten(m: re.Match[str]) -> str:
        nonlocal seen
        if not seen:
            seen = True
            return m.group(0)
        return head.capitalize() if m.group(0)[0].isupper() else head

    return [pattern.sub(shorten, text) for text in paragraphs]


def directions(
    facts: AreaFacts, judged: Sequence[tuple[IndicatorFacts, str]] | None = None
) -> tuple[tuple[int, int, int, int], tuple[str, ...]] | None:
    """How many of the area's indicators with a desired direction got better, worse
    or stayed about the same since the year before, and how many rest on too few
    answers or people to say (IndicatorFacts.few).

    Only indicators with values for the area's data year and the year before
    count; None when fewer than three can be judged (the body names those one by
    one). A move within a survey's noise, or too small to be news, is "ungefär
    oförändrat" (see _about_same). A handful is neither counted by its sign ("alla
    fem blev bättre" of six answers each) nor left out unsaid ("alla tre blev
    bättre" hid a fall from 88 to 68 procent on fifteen answers): editors' findings.
    """
    if judged is None:
        judged = _judged(facts)
    better, worse, same, few = (
        sum(1 for _, way in judged if way == w) for w in ("better", "worse", "same", "few")
    )
    names = [without_rate(f.indicator.short) for f, way in judged if way == "few"]
    # "ett bättre och ett sämre" of two leaves the reader guessing which: three at least
    if better + worse + same < 3:
        return None
    return (better, worse, same, few), tuple(names)


def _judged(
    facts: AreaFacts, told: Mapping[str, str] | None = None
) -> list[tuple[IndicatorFacts, str]]:
    """Each indicator :func:`directions` counts, with how: "better", "worse", "same"
    or "few". Only those with a desired direction and values for the area's data
    year and the year before ("går att jämföra med 2021" counts only changes since
    that year).

    One notion of a change for the synthesis and the sentences beside it: one the body
    tells as a move (``told``: indicator id -> the kind its sentence tells) counts by
    its sign ("fem ungefär oförändrade" beside "ökade till 74 procent 2022, tredje året
    i rad med en ökning": an editor's finding), and so does a move within chance that
    is no smaller than one counted as better or worse ("ungefär oförändrad" for 76 →
    84 procent beside "sämre" for 87 → 82 read as arbitrary: editors); a step within a
    survey's noise counts so only beside one as small that is counted (the lead's)."""
    told = told or {}
    out = []
    lead = facts.lead
    for f in _comparable(facts):
        ind = f.indicator
        assert f.shown_change is not None
        if f.few:
            out.append((f, "few"))
        elif _counted_same(f, f is lead) and not _told_moving(f, told.get(ind.id)):
            out.append((f, "same"))
        else:
            out.append((f, _way(f)))
    moved = [f for f, way in out if way in ("better", "worse")]
    # a step within a survey's noise counts by its sign only beside one as small that
    # counts so (the lead's): Sölvesborg's lead, 90 → 94 procent, was "bättre" beside
    # 94 → 90 "ungefär oförändrad" (an editor, review r37)
    small = [g for g in moved if _about_same(g)]
    return [
        (f, _way(f))
        if way == "same"
        and f is not lead
        and _as_large(f, small if _about_same(f) else moved)
        and f.shown_change
        else (f, way)
        for f, way in out
    ]


def _directed_now(facts: AreaFacts) -> list[IndicatorFacts]:
    """The indicators with a desired direction and a value for the area's data year."""
    return [
        f
        for f in facts.indicators
        if f.indicator.direction != "none"
        and not f.indicator.is_categorical
        and f.value is not None
        and f.year is not None
        and f.year == facts.data_year
        and not f.missing_now
    ]


def _has_before(f: IndicatorFacts) -> bool:
    return f.shown_change is not None and f.year is not None and f.previous_year == f.year - 1


def _comparable(facts: AreaFacts) -> list[IndicatorFacts]:
    """The indicators the synthesis can judge: a desired direction, and values for the
    area's data year and the year before."""
    return [f for f in _directed_now(facts) if _has_before(f)]


def _without_before(facts: AreaFacts) -> list[IndicatorFacts]:
    """The indicators with a desired direction and a value for the area's data year
    that the synthesis cannot judge, for want of a value the year before."""
    return [f for f in _directed_now(facts) if not _has_before(f)]


def _way(f: IndicatorFacts) -> str:
    assert f.shown_change is not None
    return "better" if (f.shown_change > 0) == (f.indicator.direction == "higher") else "worse"


def _told_moving(f: IndicatorFacts, kind: str | None) -> bool:
    """Whether the body tells the indicator as a move ("ökade till …", "minskade för
    tredje året i rad"), not as a level or a step "ungefär som" the year before."""
    return kind in MOVES and not f.steady and f.shown_change != 0


def _as_large(f: IndicatorFacts, moved: Sequence[IndicatorFacts]) -> bool:
    """Whether a move counted as none is at least as large as one of the same unit and
    the same kind of base (a survey's answers, or a register's count) counted as better
    or worse: Tranås' förståelse, 86 → 80 procent on some hundred answers, was "sämre"
    beside a register share's 42 → 44 procent (an editor, review r32)."""
    assert f.shown_change is not None
    return any(
        g.indicator.unit == f.indicator.unit
        and g.indicator.is_survey == f.indicator.is_survey
        and g.shown_change is not None
        and abs(g.shown_change) <= abs(f.shown_change)
        for g in moved
    )


def _counted_same(f: IndicatorFacts, is_lead: bool) -> bool:
    """Whether the synthesis counts a move as none: the lead's as the lead tells it
    (Järfälla's "minskar fjärde året i rad" beside "alla sex låg kvar"), any other's
    also within chance on the answers behind it (Södertälje's 85 → 91 procent on some
    eighty answers was counted "bättre": an editor's finding)."""
    if is_lead:
        return f.steady or f.shown_change == 0
    return _about_same(f) or f.chance


def _about_same(f: IndicatorFacts) -> bool:
    """A change the synthesis counts as none: a survey's step of at most SURVEY_NOISE
    procentenheter, or one too small to be news. A larger step within chance on few
    answers still counts by its sign: "alla tio låg kvar" after a lead of 55 → 68
    procent would contradict the lead."""
    shown = f.shown_change
    assert shown is not None
    return shown == 0 or survey_step_small(f) or f.steady or f.tiny


def synthesis(
    facts: AreaFacts, writer: Writer, key: tuple, told: Mapping[str, str] | None = None
) -> str:
    """ "Av de sju nyckeltal … blev fyra bättre, två sämre och ett oförändrat."

    One or two that got better (or worse) are named: "blev ett bättre" left the
    reader asking which (an editor's finding). ``told``: the kind each indicator the
    body tells is told as (see _judged)."""
    judged = _judged(facts, told)
    found = directions(facts, judged)
    if found is None or facts.data_year is None:
        return ""
    (better, worse, same, few), few_names = found
    lacking = _without_before(facts)
    if not better and not worse and few:
        # "låg tre kvar … För den fjärde var underlaget så litet …" reports nothing (an
        # editor's finding): no synthesis where nothing moved
        return ""
    named = {
        label: moved
        for label, way in (("bättre", "better"), ("sämre", "worse"))
        # up to three: "tre sämre" unnamed could not be checked (an editor, review r35)
        if len(moved := [f for f, w in judged if w == way]) <= FEW_NAMED
    }
    n = better + worse + same + few
    parts: list[str] = []
    pairs: list[tuple[str, str]] = []
    # "blev fyra ungefär oförändrade" alone reads oddly: "låg kvar på ungefär samma nivå"
    only_same = not better and not worse
    for count, one, many in (
        (better, "bättre", "bättre"),
        (worse, "sämre", "sämre"),
        (same, "ungefär oförändrat", "ungefär oförändrade"),
    ):
        if count:
            word = one if count == 1 else many
            if named.get(one):
                # "ett bättre, ett sämre" left the reader guessing which, even where the
                # body told one of them (editors' findings): up to three by name
                word += f" ({sv.join_list([without_rate(f.indicator.short) for f in named[one]])})"
            pairs.append((sv.number_word(count, sv.NEUTRUM), word))
            parts.append(" ".join(pairs[-1]))
    return writer.say(
        "press.j2",
        "synthesis",
        (*key, "synthesis"),
        n=sv.number_word(n, sv.NEUTRUM) if n <= 12 else str(n),
        count=n,
        parts=parts,
        pairs=pairs,
        year=facts.data_year,
        prev_year=facts.data_year - 1,
        area=decap(facts.area.title),
        # "nyckeltalen om hemtjänsten", not "områdets", which needs the site's area
        # page beside it (an editor reading a press release)
        about=facts.area.short,
        all_same=len(parts) == 1 and not few,
        only_same=only_same,
        same=sv.number_word(same, sv.NEUTRUM),
        better=better,
        worse=worse,
        few=sv.number_word(few, sv.NEUTRUM) if few else "",
        # up to three of a handful by name: "De två återstående …" named none, and "de
        # tre återstående" left the reader asking which (editors, the last review r32)
        few_names=list(few_names) if few <= FEW_NAMED else [],
        # "Av de fyra nyckeltal om LSS …" where seven had a value for 2022 read as wrong
        # (an editor's finding): how many more lack the year before
        without=sv.number_word(len(lacking), sv.NEUTRUM) if lacking else "",
        # "Alla sex … låg kvar på ungefär samma nivå" of 96 → 86 procent on few answers
        # read as wrong (an editor's finding): what is within chance is called so
        chance=any(way == "same" and not _about_same(f) for f, way in judged),
    )


def stated_values(facts: AreaFacts, kind: str) -> tuple[tuple[str, int], ...]:
    """The (kpi, year) of the kommun's own values (gender T) that a press text states:
    the lead's value and the year before (unless the text is about the area score),
    and each other indicator the body tells with its value, with the year before
    where its statement is a change. What corrections.py checks revisions against."""
    out: list[tuple[str, int]] = []

    def add(f: IndicatorFacts, previous: bool) -> None:
        if f.value is None or f.year is None:
            return
        out.append((f.indicator.id, f.year))
        if previous and f.previous_year is not None:
            out.append((f.indicator.id, f.previous_year))

    lead = facts.lead
    if lead is not None and kind not in ("score", "nothing", "missing"):
        add(lead, True)
    older = older_pick(facts) if kind == "missing" else None
    if older is not None:
        add(older, False)
    for other in choose_others(facts, lead):
        add(other, other.facts[0].kind in ("change", "unchanged", "answer_changed"))
    return tuple(dict.fromkeys(out))


def missing_item(ind: Indicator) -> str:
    """What is missing, after "uppgift saknas om", by its short name (a list of three
    long phrases reads as a form): a question ("om det finns …")
    becomes "svaret på frågan om det finns …", never "om om" (SPRAK.md)."""
    if ind.short.startswith("om "):
        return f"svaret på frågan {ind.short}"
    # no value to mistake for a count: "antalet vräkningar", not three "per 10 000
    # vuxna invånare" in one list
    return without_rate(ind.short)


#: PressText.withheld: no value for the data year; no finding strong enough
MISSING, QUIET = "missing", "quiet"
#: a lead scored below this is no news (see quiet)
NEWS_BAR = 0.4


def quiet(lead: IndicatorFacts | None, top_kind: str) -> bool:
    """Whether the area's strongest finding is too weak for a press release: a step
    within a survey's noise, one vräkning after two, a share of a few units beside
    riket, an answer unchanged from the year before. Of the 80 texts of the last two editors'
    reviews, the 13 whose lead scored under NEWS_BAR were all judged unpublishable
    for want of news ("Texten saknar nyhet"); none above it for that reason. A place
    among the ten at either end is news however it scores (the issue's judgement),
    and so is the area's yes/no score, which has no lead score of its own."""
    if lead is None or top_kind in ("missing", "score"):
        return False
    if caveated(lead):
        # a lead that must say it rests on a handful: no other indicator had news
        # (analysis.caveated; an editor, review r41)
        return True
    if top_kind in ("rank_band", "vs_riket") and _moved_off(lead, top_kind):
        # a place against a large move that only undid an extreme year: neither is the
        # year's news (Älvdalen's missbruksvård 553 → 247 → 412 kronor "lägre än i de
        # flesta kommuner": an editor, review r42)
        return True
    if top_kind == "vs_riket" and lead.riket_side >= RIKET_SIDE_NEWS:
        # "ligger under riket" where a third of the kommuner or more do too: riket's
        # figure, weighed by the large kommuner, is no line to be news beside (an
        # editor, review r41: 39 of 40 such headlines)
        return True
    if top_kind == "rank_extreme":
        # (a place on a handful of answers, which is chance, was withheld above: Varberg's
        # "bland de tio sämsta" of 66 on some seventeen answers; an editor, review r33)
        return False
    if lead.indicator.unit == "percent_signed" and not (lead.rank and in_tenth(lead.rank)):
        # a cost beside its reference cost in the middle of the field, moved less than
        # SIGNED_MOVE: "Individ- och familjeomsorgen i Sävsjö kostar 24 procent mer än
        # referenskostnaden", 23 the year before, is no news (an editor, review r40)
        shown = lead.shown_change
        return shown is None or abs(shown) < SIGNED_MOVE
    if top_kind == "level":
        # the headline fell back to the bare value ("Andelen äldre med hemtjänst var 6,5
        # procent i Svedala 2022"): no finding to head a press release (editors, reviews
        # r37, r38 and r40 judged every such text unpublishable)
        return True
    if lead.facts and lead.facts[0].kind in MOVES and (lead.steady or lead.in_noise):
        # a move within the noise heads no text (_top_kind): what is left is the news,
        # or there is none. Askersund's "ligger under riket för andelen barn i familjer
        # med bistånd", as most kommuner do, over a fall within chance; Höör's "ligger
        # över riket" beside 152 of 243 others (an editor, review r39)
        return max((x.score for x in lead.facts if x.kind not in MOVES), default=0.0) < NEWS_BAR
    # an answer the kommun gave the year before too, and not a rare one (answer_rare),
    # is its lot: "Lund uppger att några LSS-boenden har internet … sedan 2021", as 81
    # other kommuner do
    return lead.score < NEWS_BAR or top_kind == "answer"


#: a side of riket shared by this share of the kommuner or more heads no text (quiet)
RIKET_SIDE_NEWS = 1 / 3


#: procentenheter a deviation from its reference cost must move by to be news in the
#: middle of the field (quiet), and to head as a move against the reference (press.j2)
SIGNED_MOVE = 5.0


#: a change scored below this is no headline (see _top_kind), and a place or a
#: distance from riket scored at least WEAK_PLACE heads instead
WEAK_CHANGE = 0.5
WEAK_PLACE = 0.3
#: a cost's change in percent of the year before that its lead names beside a place
#: (indicator_ctx cost_moved)
COST_MOVE_SAID = 10.0


def _top_kind(lead: IndicatorFacts | None, facts: AreaFacts) -> str:
    """What the headline is about: the lead indicator's strongest fact; the area's
    yes/no score only when no indicator has news (the score's change is told in the
    synthesis, and the question that changed is the news; SPRAK.md)."""
    score = facts.score
    if lead is None or (score is not None and lead.score < 0.5):
        return "score" if score is not None else ("missing" if lead is None else "nothing")
    kind = lead.facts[0].kind
    if lead.people is not None and lead.indicator.counted is not None and kind != "missing":
        # "Mjölby hade två vräkningar 2022, sex året innan", whatever its facts: a weak
        # change made Torsås' one vräkning "lägre än i riket" per 100 000 (a mend)
        return "people"
    if (kind in MOVES and (lead.steady or lead.in_noise)) or (
        kind == "change" and (lead.dip is not None or lead.swing_back)
    ):
        # "var 69 procent", not "minskar till 69 procent" (a step of one); nor "ökar
        # med 7 procentenheter" or "högst sedan 2018" on fifty answers, four people;
        # nor "ökar åttonde året i rad" of 6 944 → 7 078 kronor; nor "ökar från 0 till
        # 67 procent" where 2018 was 67 too (editors' findings)
        return _place_or_level(lead)
    if kind == "change" and lead.facts[0].score < WEAK_CHANGE:
        # "Kostnaden för missbruksvården ökar med 55 kronor" was the smallest move of
        # a series that swings by 50–200 kronor a year (an editor's finding): a weak
        # change heads no text; a record it set does ("Tidaholm: kostnaden … var 657
        # kronor" hid the highest since 1998 at the end: an editor's finding), else the
        # lead's place or its distance from riket
        records = [x for x in lead.facts[1:] if x.kind in ("record", "since")]
        if records and records[0].score >= WEAK_PLACE and not lead.few:
            return records[0].kind
        return _place_or_level(lead)
    if (
        kind in PLACE_KINDS
        and _place_against_move(lead)
        and not lead.few
        and not lead.steady
        and any(x.kind in MOVES and x.score >= 0.5 for x in lead.facts)
    ):
        # "är hög" over a fall from 100 to 69 procent is spin (an editor's finding):
        # a high place beside a large fall heads with the fall
        return "change"
    # (a place at the end held for years too, where the cost climbs further out:
    # Skinnskatteberg's missbruksvård "hör till landets högsta", in the top quarter every
    # year since 2018, over a third rise of 17 procent, 1 539 → 1 796 kronor: an editor,
    # review r42; not one that falls from it: Ockelbo's highest cost stands)
    held_end = kind == "rank_extreme" and lead.held and not _place_against_move(lead, "rank_band")
    if (kind in ("rank_band", "vs_riket") or held_end) and _cost_climbs(lead):
        return "change"
    if kind in ("rank_band", "vs_riket") and _moved_off(lead, kind) and not _undone(lead):
        # "Kostnaden … är lägre i Älvdalen än i de flesta kommuner" over a rise of 67
        # procent says the opposite of the year (an editor, review r42): the move heads
        return "change"
    if kind == "vs_riket" and not lead.few:
        kind = _sharper_than_riket(lead)
    if kind in PLACE_KINDS and _crash_at_the_end(lead):
        # "är låg i Nynäshamn" over a fall from 94 to 13 procent: the fall is the news
        # (an editor's finding), and the lead gives the place beside it
        return "change"
    if lead.few and kind in (*MOVES, *PLACE_KINDS) and not (kind == "change" and units_swing(lead)):
        # a move of six answers or a handful of vräkningar heads no text ("vänder nedåt
        # efter tre års ökning" on six and then three; an editor's finding): the level
        # does, or its place, and the lead gives the caveat
        return _place_or_level(lead)
    return "missing" if kind == "missing" and lead.value is None else kind


def _place_or_level(lead: IndicatorFacts) -> str:
    """The headline of a lead whose move is no news: its place among the kommuner or
    beside riket where that is a finding, else its level. "Tanum: andelen som får
    önskad hjälp av boendestödet var 67 procent 2022" hid place 111 of 114, and "…
    var 75 procent 2022" that three in four of Götene's LSS-boenden have the routine
    against 61 procent in riket (editors' findings: a value is not a finding)."""
    placed = [
        x
        for x in lead.facts
        if x.kind in PLACE_KINDS
        # a handful's facts are all weighed down (FEW_WEIGHTS): its place at half the bar
        # (Götene's four LSS-boenden at 75 procent against riket's 61), but not Åsele's
        # 1,6 procent of its children against riket's 1,3
        and x.score >= (WEAK_PLACE / 2 if lead.few else WEAK_PLACE)
        # "är hög" over a fall from 100 to 69 procent is spin (an editor's finding);
        # a handful's move is none
        and (lead.few or not _place_against_move(lead, x.kind))
        # a survey of a handful: only a place at the very end ("är hög" of Nacka's
        # place 14 of 74 on a few answers was spin: an editor's finding)
        and not (lead.few and lead.indicator.is_survey and not _at_the_end(lead, x.kind))
    ]
    # a place among the outer tenth before the side of riket: Malung-Sälen's 33 procent
    # "under riket" left out place 233 of 243 (an editor's finding)
    placed.sort(key=lambda x: not _at_the_end(lead, x.kind))
    return placed[0].kind if placed else "level"


#: a change to at most this share of the value before, or at least its inverse, is
#: a crash or a leap that beats a place at the same end of the field
CRASH_RATIO = 0.5


#: percent in fixed prices a cost must move, in the second year or more of moving that
#: way, to head its text over its quarter or its side of riket (see _cost_climbs)
COST_CLIMB = 5.0


def _cost_climbs(lead: IndicatorFacts) -> bool:
    """Whether a cost in kronor moved COST_CLIMB percent or more in fixed prices, the
    second year or more in a row: that is the year's news, not its quarter. Forshaga's
    missbruksvård, 874 → 1 003 kronor (+15 procent, the second rise in a row), was
    headed "Kostnaden för missbruksvården är hög i Forshaga" (an editor, review r41).
    A cost that swings from year to year has no streak, and heads as before."""
    real, trend = lead.real_change, lead.trend
    if real is None or trend is None or abs(real) < COST_CLIMB or trend.streak < 2:
        return False
    if lead.few or lead.steady or lead.flat_real or _undone(lead):
        return False
    return (trend.direction > 0) == (real > 0)


#: a move against a place's side that forbids the place as a headline: percent of the
#: value (a cost, a rate) or procentenheter (a share)
MOVED_OFF_RELATIVE = 20.0
MOVED_OFF_PP = 5.0


def _moved_off(lead: IndicatorFacts, kind: str) -> bool:
    """Whether the lead moved far against its place (its quarter or its side of riket,
    see _place_against_move): a cost or rate MOVED_OFF_RELATIVE percent, in fixed
    prices too, a share MOVED_OFF_PP procentenheter beyond its noise."""
    if not _place_against_move(lead, kind) or lead.few or lead.steady or lead.in_noise:
        return False
    if lead.indicator.unit in PERCENT_UNITS:
        return lead.shown_change is not None and abs(lead.shown_change) >= MOVED_OFF_PP
    rel = lead.relative_change
    return rel is not None and abs(rel) >= MOVED_OFF_RELATIVE and not lead.flat_real


def _undone(lead: IndicatorFacts) -> bool:
    """Whether the lead's move only undoes an extreme year or steps back (a dip, a
    return to normal, a swing back)."""
    return lead.dip is not None or lead.returns or lead.swing_back > 0


def _crash_at_the_end(lead: IndicatorFacts) -> bool:
    """Whether the lead's value halved or more (or doubled or more) since the year
    before, on a solid base, as a strong change that its strongest fact, a place or
    a side of riket, does not pull against."""
    if lead.few or lead.unsplit or lead.steady or lead.dip is not None or not lead.previous:
        return False
    if lead.value is None or lead.previous <= 0 or not lead.shown_change:
        return False
    ratio = lead.value / lead.previous
    if CRASH_RATIO < ratio < 1 / CRASH_RATIO:
        return False
    change = next((x for x in lead.facts if x.kind == "change"), None)
    return change is not None and change.score >= WEAK_CHANGE and not _place_against_move(lead)


def _sharper_than_riket(lead: IndicatorFacts) -> str:
    """What heads a lead whose strongest fact is its distance from riket: a place in
    the outer tenth, or a record or streak that took it further from riket, says more
    (Svenljunga's "ligger över riket" hid its highest share since 1999, after a rise:
    an editor's finding), else the distance."""
    for x in lead.facts[1:]:
        if x.kind in ("rank_extreme", "rank_band") and _at_the_end(lead, x.kind):
            return x.kind
        if x.kind in ("record", "since", "streak") and x.score >= WEAK_CHANGE:
            return "vs_riket" if _place_against_move(lead) else x.kind
    return "vs_riket"


def _at_the_end(f: IndicatorFacts, kind: str) -> bool:
    """Whether a place is at the very top or bottom of the country: the outer tenth."""
    return f.rank is not None and (
        kind == "rank_extreme" or (kind == "rank_band" and in_tenth(f.rank))
    )


def _place_against_move(f: IndicatorFacts, kind: str | None = None) -> bool:
    """Whether the indicator's place (its quarter, or its side of riket; by default
    its strongest fact's) is at the other end from where its latest change went:
    high, after a fall."""
    if not f.shown_change or not f.facts:
        return False
    up = f.shown_change > 0
    kind = kind or f.facts[0].kind
    # the very top or bottom of the country stands whatever the move (Ockelbo's
    # highest cost of missbruksvård, though it fell)
    if kind == "rank_band" and f.rank is not None and f.rank.band != "middle":
        high = (f.rank.band == "top") != (f.indicator.direction == "lower")
        return high != up
    riket = f.comparison("riket")
    if kind == "vs_riket" and riket is not None and riket.diff:
        return (riket.diff > 0) != up
    return False


def _lead_fact_kind(lead: IndicatorFacts | None, kind: str) -> str | None:
    """Which fact the lead states after its first sentence: the headline's own, or
    for a change that set a record, the record ("minskade från 95 till 86 procent.
    Värdet är det lägsta sedan 2012" in the lead, not in the third paragraph: an
    editor's finding)."""
    if kind in LEAD_FACT_KINDS:
        return kind
    if kind != "change" or lead is None or lead.returns or lead.shown_change is None:
        return None
    if lead.dip is not None:
        return "dip"
    if _crash_at_the_end(lead):
        # the place it fell to, in the lead beside the fall (Nynäshamn's 94 → 13 procent,
        # "bland de tio sämsta"), not in the next paragraph
        place = next((x.kind for x in lead.facts if x.kind in ("rank_extreme", "rank_band")), None)
        if place is not None and _at_the_end(lead, place):
            return place
    record = lead.trend.record if lead.trend is not None else None
    if record is not None and (record == "highest") == (lead.shown_change > 0):
        return "record"
    return None


#: how a text says that a figure counts a handful of people
FEW_SAID = "få fall"
#: The caveat of a share of a few units ("ett fåtal enheter"): said once a text.
UNITS_SAID = "fåtal enheter"

#: how a lead gives riket's value when its finding is not a comparison
RIKET_SAID = "I riket var värdet "


def _says_prev(c: dict[str, Any] | None, text: str) -> bool:
    """Whether ``text`` gives the lead's figure of the year before (c["prev"])."""
    prev = (c or {}).get("prev")
    return bool(prev) and f" {prev} " in text


def _lead_details(
    lead: IndicatorFacts,
    c: dict[str, Any] | None,
    writer: Writer,
    key: tuple,
    kind: str = "",
    fact_kind: str = "",
    riket_said: bool = False,
    tie_said: bool = False,
    move_said: bool = False,
) -> list[str]:
    """Comparisons, rank, trend and gender gap of the lead indicator.

    What the lead already said for the headline (``kind``) is not repeated, and
    a rank on a small base gives way to how many kommuner have a value.
    """
    assert c is not None
    kpi = lead.indicator.id
    out = []
    counted = False  # the answers behind the share said as a count
    comparisons = c.get("comparisons") or []
    if kind == "vs_riket" or riket_said:  # the lead gave Riket's value
        comparisons = [x for x in comparisons if x["kind"] != "riket"]
    if kind == "people":
        # a handful's rate against a group's says nothing (an editor's finding on one
        # vräkning against riket's 24 per 100 000): the count and riket's rate suffice
        comparisons = []
    # a yes/no answer is compared through how many kommuner answer the same instead
    if comparisons and not lead.indicator.is_categorical:
        cmp_ctx = {**c, "comparisons": comparisons}
        out.append(writer.say("press.j2", "comparisons", (*key, kpi, "cmp"), c=cmp_ctx))
    if lead.rank is not None and lead.rank.small:
        # a kommun's own figures (no other kommun has them) need no excuse for no rank
        if lead.rank.n > 1:
            out.append(writer.say("press.j2", "base", (*key, kpi, "base"), c=c))
    elif (
        lead.rank is not None
        and not lead.few  # a place among the kommuner on six answers is chance
        and kind not in ("rank_extreme", "rank_band")
        and fact_kind not in ("rank_extreme", "rank_band")
        and not (lead.rank.band == "middle" and lead.rank.beside_crowd and not lead.rank.crowded)
        and not tie_said
    ):
        # a place in the middle beside a crowd at one value (most at 0) is not said
        out.append(writer.say("press.j2", "rank", (*key, kpi, "rank"), c=c))
    if lead.returns and kind == "change":
        out.append(writer.say("press.j2", "returns", (*key, kpi, "returns"), c=c))
    if c.get("zero_from") and c.get("up") and not (kind == "people" and c.get("rate_first")):
        # (a handful in people says its run of none in the lead: "mot inga under 2019–2021")
        out.append(writer.say("press.j2", "zeros", (*key, kpi, "zeros"), c=c))
    # no "ett fåtal fall" after "noll", unless in people ("ingen vräkning 2022 och en
    # året innan")
    # nor "få fall: inget barn … både 2021 och 2022" after "noll både 2021 och 2022"
    none_twice = lead.value == 0 and lead.previous == 0
    # but a few units that went to none are still a few: Bollebygd's LSS-boenden "från
    # 100 procent till ingen" stood without a word of how few (an editor's finding)
    # and so are a few units at none both years (Gullspång's LSS-bostäder without a
    # routine, 2019 and 2022: an editor's finding)
    units_none = lead.few_why == "units" and lead.value == 0
    if (
        lead.few
        and kind != "people"
        and (lead.value != 0 or lead.people is not None or units_none)
        and (not none_twice or units_none)
    ):
        # a rate of one or two people, or a share of six answers, moves by chance
        # (analysis._few_counted, analysis.few_answers)
        out.append(writer.say("press.j2", "few", (*key, kpi, "few"), c=c))
    elif kind == "level" and lead.in_noise and lead.shown_change:
        # "1,2 procent 2022 och 1,4 procent 2021": why that is no news, at once
        out.append(writer.say("press.j2", "noise", (*key, kpi, "noise"), c=c))
    elif c.get("answers_about") and kind in (*MOVES, "rank_extreme", "rank_band", "level"):
        # "den lägsta hittills" on about forty answers, with no word of how many (an
        # editor's finding): the base, as a count
        out.append(writer.say("press.j2", "answers_base", (*key, kpi, "answers"), c=c))
        counted = True
    trend = lead.trend
    if (
        trend is not None
        and not lead.few  # one vräkning a year, "ökade för andra året i rad" (an editor)
        # "ungefär som året innan. Det är den åttonde ökningen i rad" (an editor); a
        # record within a survey's noise is still said ("hög" of Nacka's lowest since
        # 2012 read as spin: an editor's finding)
        and not lead.steady
        and (trend.record or (trend.streak >= 2 and not lead.in_noise))
        and kind not in ("streak", "record", "break")
        and fact_kind != "record"
    ):
        out.append(writer.say("press.j2", "trend", (*key, kpi, "trend"), c=c))
        if trend.record and lead.national_new_record:
            # a lead of a place or a level gave no move: the kommun's own is named with
            # riket's smaller one (Vilhelmina: an editor's finding)
            nat = {**c, "move_untold": kind not in MOVES and not move_said}
            out.append(writer.say("press.j2", "national_record", (*key, kpi, "natrec"), c=nat))
    elif lead.national_new_record and not lead.few and "record" in (kind, fact_kind):
        # the lead told the record: Riket's beside it, first
        out.insert(0, writer.say("press.j2", "national_record", (*key, kpi, "natrec"), c=c))
    elif lead.national_streak and not lead.few and kind == "streak":
        out.insert(0, writer.say("press.j2", "national_streak", (*key, kpi, "natstr"), c=c))
    # the lead already says how many answer the same unless it told a changed answer
    if lead.answer is not None and c.get("changed"):
        out.append(writer.say("press.j2", "answer_context", (*key, kpi, "ans"), c=c))
    # a gap within a survey's noise, or that rounds away, is not news
    if c.get("gap") and kind != "gender_gap" and any(x.kind == "gender_gap" for x in lead.facts):
        out.append(writer.say("press.j2", "gender", (*key, kpi, "gender"), c=c))
    if lead.unsplit and not counted:
        # (not after "Andelen bygger på svar från ett sjuttiotal personer": "vilket brukar
        # betyda att få har svarat" beside it contradicted it, an editor's finding)
        # Burlöv's 97 procent trygga of 2022 headed its text as a record, with no split
        # by women and men for the first time: a sign of few answers (an editor's finding)
        out.append(writer.say("press.j2", "unsplit", (*key, kpi, "unsplit"), c=c))
    return out


def _paragraph(sentences: Sequence[str]) -> str:
    return " ".join(s for s in sentences if s)


def _quote(quote: Quote | None, writer: Writer, key: tuple) -> str | None:
    if quote is None:
        return None
    return writer.say("press.j2", "quote", key, q=quote)


_DEFINITION = re.compile(r": [^.]*\.")


def _without_definition(ind: Indicator) -> str:
    """A deviation's description without what its reference is, which the lead has
    said: "… från referenskostnaden: en beräknad kostnad som …" twice in one text
    (an editor's finding). Other descriptions as they are."""
    if ind.unit != "percent_signed":
        return ind.description
    return _DEFINITION.sub(".", ind.description, count=1)


def method_note(
    facts: AreaFacts,
    data: Data,
    writer: Writer,
    about_score: bool = False,
    missing: bool = False,
    ranked: bool = True,
    missing_note: str = "",
) -> str:
    """The "Om siffrorna" note: year, source, our calculations, what is measured, caveats.

    A text about an area without figures for the data year (``missing``) gets no
    "Uppgifterna avser 2022 eller det senaste år …" (there are none for 2022) and
    describes the older figure it tells."""
    inds = [f.indicator for f in facts.indicators]
    lead = facts.lead if not missing else older_pick(facts)
    # caveats only for what the text tells: no survey caveat under a cost (an editor's rule)
    told_facts = [f for f in (lead, *choose_others(facts, lead)) if f is not None]
    told = [f.indicator for f in told_facts]
    told += [i for i in scorable(facts.area)] if facts.score is not None else []
    questions = [i.phrase for i in scorable(facts.area)] if about_score else []
    return writer.say(
        "press.j2",
        "method",
        (facts.kommun.code, facts.area.slug, "method"),
        year=None if missing else facts.data_year,
        area=decap(facts.area.title),
        lead_description=sv.group_thousands(
            _without_definition(lead.indicator) if not missing else lead.indicator.description
        )
        if lead and not questions
        else None,
        questions=questions,
        has_score=facts.score is not None,
        has_survey=any(i.is_survey for i in told),
        # a routine or way of working, not the kommun's view of its housing market
        has_routines=any(i.is_categorical and i.direction != "none" for i in told),
        # a cost in current kronor rises with prices (an editor's finding)
        has_kronor=any(i.unit == "kronor" for i in told),
        # counts of people are ours, from a rate per 100 000 invånare (an editor's finding)
        has_counts=any(told_in_people(f) for f in told_facts),
        # a deviation from a reference cost told in the body, where the lead does not
        # explain it: what the reference is (an editor found it unexplained)
        has_reference=any(i.unit == "percent_signed" for i in told)
        and (lead is None or lead.indicator.unit != "percent_signed"),
        count=len(inds),
        sample=data.is_sample,
        compared=any(
            f.comparisons or (f.rank is not None and not f.rank.small) for f in facts.indicators
        ),
        kolada=any(i.is_kolada for i in told) or not told,
        own=any(not i.is_kolada for i in told),
        computed=bool(told),
        ranked=ranked,
        missing_note=missing_note,
    )


# ----------------------------------------------------------- other texts


@dataclass(frozen=True)
class ShortText:
    """A headline and paragraphs: the kommun overview, area and län texts."""

    headline: str
    paragraphs: tuple[str, ...]

    def as_text(self) -> str:
        return "\n\n".join([self.headline, *self.paragraphs]) + "\n"


def _lead_score(area: AreaFacts) -> float:
    return area.lead.score if area.lead is not None else 0.0


def kommun_overview(
    kommun: Kommun, areas: Sequence[AreaFacts], data: Data, writer: Writer
) -> ShortText:
    """Across areas, the strongest findings first."""
    leads = sorted(
        (a for a in areas if a.lead is not None), key=lambda a: (-_lead_score(a), a.area.slug)
    )
    sentences = []
    said = ""  # what the overview said so far: a phrase once (START_SAID, MIRROR_SAID)
    for area in leads[:5]:
        lead = area.lead
        assert lead is not None
        c = indicator_ctx(lead, data)
        c["start_said"], c["mirror_said"] = START_SAID in said, MIRROR_SAID in said
        sentence = writer.say(
            "overview.j2",
            "finding",
            (kommun.code, area.area.slug, "overview"),
            kind=lead.facts[0].kind,
            c=c,
            area=area.area.title,
        )
        said += sentence
        sentences.append(sentence)
    years = [a.data_year for a in areas if a.data_year]
    headline = writer.say(
        "overview.j2",
        "headline",
        (kommun.code, "overview"),
        k=kommun_ctx(kommun),
        year=max(years) if years else None,
    )
    intro = writer.say(
        "overview.j2",
        "intro",
        (kommun.code, "intro"),
        k=kommun_ctx(kommun),
        count=len(areas),
        year=max(years) if years else None,
        sample=data.is_sample,
    )
    # one finding a paragraph: "Hemtjänst: …" run on after "Särskilt boende: …" read as
    # one list squeezed into prose (an editor's finding on the kommun page)
    paragraphs = [intro, *sentences]
    return ShortText(headline=headline, paragraphs=tuple(p for p in paragraphs if p))


def area_national(area: Area, spreads: Sequence[Spread], data: Data, writer: Writer) -> ShortText:
    """The national text of one area: spread, extremes, change in Riket, län differences."""
    paragraphs = []
    for sp in spreads:
        c = spread_ctx(sp, data)
        paragraphs.append(writer.say("national.j2", "indicator", (area.slug, sp.indicator.id), c=c))
    headline = writer.say(
        "national.j2",
        "headline",
        (area.slug, "headline"),
        area=area.title,
        year=max((s.year for s in spreads), default=None),
    )
    return ShortText(headline=headline, paragraphs=tuple(paragraphs))


def spread_ctx(sp: Spread, data: Data) -> dict[str, Any]:
    ind = sp.indicator

    def names(kommuner: Sequence[Kommun]) -> str:
        shown = [k.official_name for k in kommuner[:3]]
        rest = len(kommuner) - len(shown)
        if rest > 0:
            shown.append(sv.count_phrase(rest, "annan kommun", "andra kommuner"))
        return sv.join_list(shown)

    ref = data.reference
    # the lowest, the highest and Riket stand in one sentence: one precision
    spread = common_precision(
        ind, *(v for v in (sp.low_value, sp.high_value, sp.riket) if v is not None)
    )
    c: dict[str, Any] = {
        "subject": ind.phrase,
        "title": ind.title,
        "year": sp.year,
        "n": sp.n,
        "n_text": sv.count_phrase(sp.n, "kommun", "kommuner", words=False),
        "categorical": ind.is_categorical,
        "direction": ind.direction,
        "riket": None if sp.riket is None else _value(ind, sp.riket, spread),
        "low": names(sp.low),
        "high": names(sp.high),
        "low_value": _value(ind, sp.low_value, spread),
        "high_value": _value(ind, sp.high_value, spread),
        "low_count": len(sp.low),
        "high_count": len(sp.high),
        "small": sp.small,
    }
    if ind.is_categorical:
        c["riket"] = None
    if sp.riket is not None and sp.riket_previous is not None and not ind.is_categorical:
        diff = precision.shown_difference(sp.riket, sp.riket_previous, ind.unit, ind.decimals)
        c.update(
            nat_up=diff > 0,
            nat_same=diff == 0,
            nat_delta=None
            if diff == 0
            else sv.change_text(diff, ind.unit, ind.decimals, ind.denominator),
            nat_prev=_value(ind, sp.riket_previous),
        )
    if sp.lan_high and sp.lan_low and not ind.is_categorical:
        lan_values = (sp.lan_high[1], sp.lan_low[1])
        c.update(
            lan_high=ref.lan_by_region_id(sp.lan_high[0]).name,
            lan_high_value=_value(ind, sp.lan_high[1], common_precision(ind, *lan_values)),
            lan_low=ref.lan_by_region_id(sp.lan_low[0]).name,
            lan_low_value=_value(ind, sp.lan_low[1], common_precision(ind, *lan_values)),
        )
    if ind.is_categorical:
        labels = dict(ind.scale)
        c["answers"] = [
            sv.share_phrase(count, sp.n, "kommun", "kommuner") + f" svarar {labels[code].lower()}"
            for code, count in sorted(sp.answers, key=lambda x: (-x[1], x[0]))
            if code in labels
        ]
    return c


@dataclass(frozen=True)
class LanArea:
    """What a län text says about one area: one indicator and one year for every figure.

    ``year`` is the indicator's current year; ``placed`` are the län's kommuner with a
    value (and a rank) for that year, and the län's and Riket's values are of that year.
    """

    indicator: Indicator
    year: int
    total: int  # kommuner in the län
    placed: tuple[tuple[Kommun, str], ...]  # (kommun, rank band) for ``year``
    lan_value: float | None
    riket: float | None

    @property
    def counted(self) -> int:
        return len(self.placed)

    @property
    def top(self) -> int:
        return sum(1 for _, band in self.placed if band == "top")

    @property
    def bottom(self) -> int:
        return sum(1 for _, band in self.placed if band == "bottom")

    @property
    def missing(self) -> int:
        """Kommuner of the län without a value for ``year``."""
        return self.total - self.counted


def lan_area(lan: Lan, facts: Sequence[AreaFacts], area: Area, data: Data) -> LanArea | None:
    """The area's first indicator (config order) that places kommuner of the län in
    the quarters of the country for its current year; None when none does.

    Only values of the indicator's current year count: a kommun whose latest value is
    older lacks a value for that year (it is counted as missing, not placed), and a
    kommun that reported a later year already is placed by its current-year value.
    Categorical indicators have no rank, and a rank among fewer kommuner than
    ``thresholds.min_rank_base`` is no news (SPRAK.md: small bases), so such an
    indicator is passed over for the next one of the area.
    """
    from insyn.analyse.analysis import _rank

    base = data.config.thresholds.min_rank_base
    by_kpi = [{f.indicator.id: f for f in a.indicators} for a in facts]
    for ind in area.indicators:
        year = data.current_year.get(ind.id)
        stats = data.stats.get((ind.id, year)) if year is not None else None
        if year is None or stats is None or ind.is_categorical:
            continue
        placed = []
        for kommun_facts in by_kpi:
            f = kommun_facts.get(ind.id)
            if f is None:
                continue
            if f.year == year:
                rank = f.rank
            else:  # older (missing now) or newer than the current year
                value = data.total.get((ind.id, f.kommun.code), {}).get(year)
                rank = None if value is None else _rank(stats, value, ind, base)
            if rank is not None and not rank.small:
                placed.append((f.kommun, rank.band))
        if not placed:
            continue
        return LanArea(
            indicator=ind,
            year=year,
            total=len(facts),
            placed=tuple(placed),
            lan_value=data.total.get((ind.id, lan.region_id), {}).get(year),
            riket=data.total.get((ind.id, RIKET_ID), {}).get(year),
        )
    return None


def lan_text(
    lan: Lan,
    kommuner: Sequence[Kommun],
    by_area: Mapping[str, Sequence[AreaFacts]],
    config: Config,
    data: Data,
    writer: Writer,
) -> ShortText:
    """A short text for one län: how its kommuner place, on one indicator per area
    (:func:`lan_area`), among all kommuner of the country in its current year."""
    paragraphs = []
    for area in config.areas:
        la = lan_area(lan, by_area.get(area.slug, ()), area, data)
        if la is None:
            continue
        ind, n, total = la.indicator, la.counted, la.total
        words = total <= 12  # "två av länets tolv", "3 av länets 49": never mixed
        ctx: dict[str, Any] = {
            "area": area.title,
            "subject": ind.phrase,
            "direction": ind.direction,
            "year": la.year,
            "total": sv.count_phrase(total, "kommun", "kommuner", words=words),
            "lan_value": None if la.lan_value is None else _value(ind, la.lan_value),
            "riket": None if la.riket is None else _value(ind, la.riket),
        }
        if n == 1:  # "ingen av en kommun" says nothing: name the one kommun placed
            kommun, band = la.placed[0]
            macro = "single"
            ctx.update(name=kommun.official_name, band=band, alone=total == 1)
        else:
            macro = "area"
            missing = la.missing
            ctx.update(
                top=sv.share_phrase(la.top, n, "kommun", "kommuner"),
                bottom=sv.share_phrase(la.bottom, n, "kommun", "kommuner"),
                missing=(sv.number_word(missing) if words else sv.format_number(missing))
                if missing
                else None,
            )
        paragraphs.append(writer.say("lan.j2", macro, (lan.code, area.slug), **ctx))
    headline = writer.say(
        "lan.j2",
        "headline",
        (lan.code,),
        lan=lan.name,
        n=sv.count_phrase(len(kommuner), "kommun", "kommuner", words=False),
    )
    return ShortText(headline=headline, paragraphs=tuple(paragraphs))
