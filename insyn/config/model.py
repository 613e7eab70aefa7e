"""The frozen dataclasses a validated config.yaml becomes: what the rest of insyn reads."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from insyn.config.schema import (
    DEFAULT_COLORS,
    DEFAULT_DESCRIPTION,
    DEFAULT_LICENCE,
    GENDER_WORDS,
    KOLADA_ID,
    PERCENT_UNITS,
    past_clause,
)

#: who answered, in a survey's description: "Andel av de svarande med boendestöd
#: enligt socialtjänstlagen som …"
RESPONDENTS = re.compile(r"[Aa]ndel av (?:alla |de )?svarande,? (?P<group>.+?),? som ")
#: the enkät in a survey's description, without what part of it the share is about
#: ("… och gäller verksamheter som ligger i kommunen"; who answered is RESPONDENTS)
SURVEY_NAME = re.compile(r"(?P<name>\S+ enkät[^.]*?)(?: och gäller [^.]*)?\.")


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
    #: a share of 0 procent of units in words (``none:``): "ingen av LSS-bostäderna
    #: har en rutin vid misstanke om våld"; None: the figure
    none: str | None = None
    #: what a rate per invånare counts, one and many (``counted:``): a rate of a
    #: handful is told in people too, "en vräkning både 2021 och 2022"
    counted: tuple[str, str] | None = None

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

    @cached_property
    def is_survey(self) -> bool:
        """A share of the answers to a questionnaire (Socialstyrelsen's or SKR's
        enkät): only some answer, so small moves are noise, not news."""
        return self.unit in PERCENT_UNITS and "enkät" in self.description.lower()

    @cached_property  # asked some 100 000 times a build; a regex over the description
    def survey(self) -> str | None:
        """Which enkät a survey share comes from, as its description names it ("SKR:s
        enkät till personer som har kontakt med individ- och familjeomsorgen"):
        the shares of one enkät in one kommun and year rest on the same answers."""
        if not self.is_survey:
            return None
        m = SURVEY_NAME.search(self.description)
        return m.group("name") if m else None

    @cached_property
    def answered_by(self) -> str | None:
        """Who answers a survey share, within its enkät ("SKR:s enkät …: med
        boendestöd enligt socialtjänstlagen"): one group of people, so its shares
        rest on about as many answers."""
        if self.survey is None:
            return None
        m = RESPONDENTS.search(self.description)
        return f"{self.survey}: {m.group('group') if m else ''}"

    def clause(self, code: float | int | None) -> str | None:
        """What an answer says in words ("alla äldreboenden har internet på rummen"),
        or None when ``answers:`` has none for it."""
        if code is None or not float(code).is_integer():
            return None
        return dict(self.answers).get(int(code))

    def past(self, code: float | int | None) -> str | None:
        """What an earlier answer said, in the past ("det var brist på bostäder"),
        or None when ``answers:`` has none for it."""
        clause = self.clause(code)
        return None if clause is None else past_clause(clause)

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
