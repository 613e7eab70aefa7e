"""Pure analysis of a snapshot: what is true, and what is news, for each kommun.

For every kommun × indicator it finds the latest value, the change since the
year before, streaks and records, the rank among all kommuner, the comparison
with Riket, the län, the kommungrupp and similar kommuner, the gap between
kvinnor and män, and for yes/no questions the answer and how many answer the
same. Each finding becomes a :class:`Fact` with a newsworthiness score, so the
text can lead with the strongest one. Nothing here formats Swedish; text.py
does that. But every statement is decided on the figures the text prints
(:func:`precision.shown`): a change, streak, record or difference that rounds away is
no fact, so the text never says "ökade" beside two equal figures. And a rank
among fewer kommuner than ``thresholds.min_rank_base`` is kept for tables but
is no news: among 31 answers, "plats 1" says little.

All lookups go through :class:`Data`, built once per snapshot, because a build
analyses 290 kommuner × ~110 indicators and must stay far below a second.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from functools import cache
from statistics import pstdev
from typing import NamedTuple

import pandas as pd

from insyn.analyse import precision, prices
from insyn.config import PER_UNITS, PERCENT_UNITS, Area, Config, Indicator
from insyn.data.groups import select_groups
from insyn.data.model import Snapshot
from insyn.data.reference import RIKET_ID, Kommun, Reference

#: (kpi, municipality) -> {year: value}, total (gender T) values only, missing left out.
SeriesIndex = Mapping[tuple[str, str], Mapping[int, float]]

#: A year is an indicator's current year when it has values from at least this
#: share of the number of kommuner in its best-reported year.
CURRENT_YEAR_SHARE = 0.5
#: Records ("highest in N years") need at least this many years of values.
RECORD_MIN_YEARS = 5
#: a record beats every earlier printed figure by more than this many printed steps
RECORD_STEPS = 1.5
#: An area score needs at least this many scorable yes/no indicators.
SCORE_MIN_INDICATORS = 2
#: A change in a survey share (Indicator.is_survey) of at most this many procentenheter
#: is within the noise of who happened to answer: no news (a gender gap: under it).
#: Trelleborg's 86 → 81 procent on some eighty answers was told as "sämre" (review r31).
SURVEY_NOISE = 5.0
#: A survey share that moves by at most this many procentenheter is about the same
#: (IndicatorFacts.steady): the text says so rather than "ökade" or "minskade"
STEADY_PP = 2.0
#: and an amount in current kronor that moves by less than this many procent
STEADY_KRONOR = 2.5
#: A rate of at most this many people is a small base (_few_counted): Ljusdal's six
#: vräkningar 2021 and three 2022 (31,9 and 16,0 per 100 000 invånare) are no trend
#: that "vänder nedåt" (an editor's finding); nor are Säffle's nine and six (a count
#: of nine moves by about three from year to year by chance alone; Norrköping's eleven
#: and nine barn i vräkta hushåll, 7,6 and 6,2 per 100 000 invånare, another editor's)
FEW_PEOPLE = 12
#: how far two years' size of one person may differ (rounding, and the population
#: moving a little), and how much more per year between them (a small kommun that
#: loses 1,5 procent of its people a year: Dorotea's one vräkning was 34,9 per 100 000
#: invånare 2011 and 41,4 in 2022)
FEW_TOLERANCE = 0.06
FEW_DRIFT = 0.02
#: a rate is no handful when any of its last this many years counts more than
#: FEW_STEPS_CHECKED people; an older year of many is passed over
FEW_YEARS = 6
#: a series with a value of more people than this is no handful (the steps are unclear)
FEW_STEPS_CHECKED = 12
#: years that must fit the steps when a recent year counted more than FEW_STEPS_CHECKED
FEW_COUNTED = 4
#: A survey share of at most this many answers is a small base: Överkalix's "50
#: procent" is three of six, and "plats 121, bland de tio sämsta" on it is chance;
#: Linköping's "vänder nedåt" from 92 to 86 procent is one of 21 answers (editors'
#: findings; SPRAK.md: small bases), and Nyköping's "vänder nedåt" on 31 answers.
#: On 40 answers a share's change between two years has a standard error of about
#: 7 procentenheter.
FEW_ANSWERS = 40
#: a year rounded to whole procent is judged by the years printed with decimals
#: this many years before it at most (the number of answers changes slowly)
ANSWERS_YEARS = 4
#: the most answers read off a share (a larger count fits almost any value)
ANSWERS_CHECKED = 80
#: a count over this many is believed from three shares at least: two shares of a
#: large survey fit some count up to ANSWERS_CHECKED by chance one time in ten
ANSWERS_SURE = 60
#: a year's values are fractions of answers when at least this share of the
#: kommuner's values carry decimals (Kolada rounds some years to whole procent)
FRACTION_YEAR_SHARE = 0.3
#: a printed share is within this of k/n (Kolada prints two decimals)
FRACTION_TOLERANCE = 0.0051
#: "Den högsta sedan 2016" needs the year it was last this high to be this many
#: years back at least (a two-year-old level is no news).
SINCE_MIN_YEARS = 3
#: A rank shared by more than this share of the kommuner with a value is no rank:
#: the text says how many have the same value instead (SPRAK.md: ties are said).
CROWDED_TIE_SHARE = 0.25
#: A change is told against the last measured year when the year before is missing
#: (a biennial survey, a pause in 2020), at most this many years back; further back
#: the figures are too far apart to call a change.
MAX_GAP = 3


def crowded(tied: int, n: int) -> bool:
    """Whether a value shared by ``tied`` of ``n`` kommuner is too common to rank."""
    return tied > 1 and tied > CROWDED_TIE_SHARE * n


def previous_year(series: Mapping[int, float], year: int) -> int | None:
    """The last year before ``year`` with a value, at most :data:`MAX_GAP` back.

    A survey that skipped 2020 still changed between 2019 and 2021, and the text
    says so with both years ("från 54 procent 2019 till 61 procent 2021").
    """
    for back in range(1, MAX_GAP + 1):
        if year - back in series:
            return year - back
    return None


def series_index(
    observations: pd.DataFrame, gender: str = "T"
) -> dict[tuple[str, str], dict[int, float]]:
    """Group the present values of one gender by (kpi, municipality), years ascending."""
    frame = observations[(observations["gender"] == gender) & observations["value"].notna()]
    frame = frame.sort_values(["kpi", "municipality", "year"], kind="mergesort")
    out: dict[tuple[str, str], dict[int, float]] = {}
    columns = (frame[c].tolist() for c in ("kpi", "municipality", "year", "value"))
    for kpi, muni, year, value in zip(*columns, strict=True):
        out.setdefault((kpi, muni), {})[int(year)] = float(value)
    return out


# ------------------------------------------------------------------ indexes


@dataclass(frozen=True)
class YearStats:
    """All kommuner's values of one KPI in one year, sorted, and their changes."""

    values: tuple[float, ...]  # ascending
    spread: float  # standard deviation between kommuner
    changes: tuple[float, ...]  # kommun changes since the year before
    change_spread: float
    #: the most kommuner that share one value (often 0): a place in the middle
    #: beside such a crowd says little
    most_tied: int = 1
    #: the values are printed with decimals, as fractions of answers ("72,73" is
    #: 8 of 11): a survey's number of answers can be read off them (few_answers)
    fractions: bool = False
    #: the share of the kommuner with a value that have it for women too: where most
    #: do, a kommun without is one whose answers were too few to split (_unsplit)
    split_share: float = 0.0


@dataclass(frozen=True)
class Data:
    """Indexes over a snapshot that every analysis step reads."""

    config: Config
    reference: Reference
    total: dict[tuple[str, str], dict[int, float]]
    women: dict[tuple[str, str], dict[int, float]]
    men: dict[tuple[str, str], dict[int, float]]
    stats: dict[tuple[str, int], YearStats]
    current_year: dict[str, int]
    similar: dict[tuple[str, str], str]  # (kind, kommun code) -> group id
    years: tuple[int, ...]
    is_sample: bool
    #: län codes of the län that are one kommun only (Gotland): no län comparison
    own_lan: frozenset[str] = frozenset()
    #: the years each indicator has values for some kommun (a kommun's gap is a year
    #: of these it lacks)
    measured: dict[str, frozenset[int]] = field(default_factory=dict)
    #: the survey shares of each enkät (Indicator.survey) and of each group of
    #: people in it (Indicator.answered_by), for few_answers
    surveys: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: about how many live in each small kommun, read off the steps of a rate per
    #: 100 000 invånare that counts a handful (see inhabitants_of); none for a large one
    inhabitants: dict[str, int] = field(default_factory=dict)
    #: memo of every kommun's area score per (area slug, year); filled on first use
    score_memo: dict[tuple[str, int], dict[str, tuple[int, int]]] = field(
        default_factory=dict, repr=False, compare=False
    )
    #: memo of whether a survey group's whole-procent shares of one kommun and year fit a
    #: handful of answers (_group_whole_answers): the same for each of the group's questions
    whole_memo: dict[tuple[str, str, int], bool] = field(
        default_factory=dict, repr=False, compare=False
    )
    #: memo of _shares_behind per (enkät, group of people, kommun, year): the same for
    #: each question of the group
    shares_memo: dict[tuple[str, str, str, int], tuple[list[float], bool]] = field(
        default_factory=dict, repr=False, compare=False
    )


def prepare(snapshot: Snapshot, config: Config, reference: Reference) -> Data:
    """Build the indexes once per snapshot."""
    obs = snapshot.observations
    total = series_index(obs, "T")
    women = series_index(obs, "K")
    codes = [k.code for k in reference.kommuner]
    stats: dict[tuple[str, int], YearStats] = {}
    current: dict[str, int] = {}
    for ind in config.indicators:
        per_year = _kommun_values_by_year(total, ind.id, codes)
        for year, values in per_year.items():
            changes = []
            for c, v in values.items():
                series = total.get((ind.id, c), {})
                before = previous_year(series, year)
                if before is not None:
                    changes.append(v - series[before])
            stats[(ind.id, year)] = YearStats(
                values=tuple(sorted(values.values())),
                spread=pstdev(values.values()) if len(values) > 1 else 0.0,
                changes=tuple(changes),
                change_spread=pstdev(changes) if len(changes) > 1 else 0.0,
                most_tied=max(Counter(values.values()).values()),
                fractions=_fraction_share(values.values()) >= FRACTION_YEAR_SHARE,
                # read for survey shares only (_unsplit)
                split_share=sum(year in women.get((ind.id, c), {}) for c in values) / len(values)
                if ind.is_survey
                else 0.0,
            )
        if per_year:
            most = max(len(v) for v in per_year.values())
            current[ind.id] = max(
                y for y, v in per_year.items() if len(v) >= CURRENT_YEAR_SHARE * most
            )
    kinds = {a.similar_group for a in config.areas if a.similar_group}
    similar = dict(select_groups(snapshot.groups, reference, kinds).similar)
    return Data(
        config=config,
        reference=reference,
        total=total,
        women=women,
        men=series_index(obs, "M"),
        stats=stats,
        current_year=current,
        similar=similar,
        years=snapshot.years,
        is_sample=snapshot.is_sample,
        surveys=_surveys(config),
        measured=_measured(stats),
        inhabitants={
            code: n
            for code, n in inhabitants_of(total, config, codes).items()
            if plausible_inhabitants(reference, code, n)
        },
        own_lan=frozenset(
            lan.code for lan in reference.lan if len(reference.kommuner_in_lan(lan.code)) == 1
        ),
    )


def inhabitants_of(total: SeriesIndex, config: Config, codes: Sequence[str]) -> dict[str, int]:
    """About how many live in each kommun whose rates per 100 000 invånare move in
    steps of one person (people_of): one vräkning in Åsele is 35,6 per 100 000
    invånare, so about 2 800 live there. A large kommun's rates show no steps and it
    gets no estimate (it needs none: its groups are no handful)."""
    out: dict[str, int] = {}
    rates = [i for i in counted_rates(config) if i.unit == "per_100000"]
    for code in codes:
        for ind in rates:
            series = total.get((ind.id, code), {})
            if not series:
                continue
            people = people_of(series, max(series))
            if people is not None and not steps_confirmed(total, rates, ind, code, people):
                continue
            counted = [(y, k) for y, k in (people or {}).items() if k > 0]
            if counted:
                year, k = max(counted)
                # the largest estimate: a series can fit steps of three people taken
                # for one (Sigtuna's vräkningar read as 18 000 inhabitants, its vräkta
                # barn as 52 000: an editor's finding of six vräkningar for seventeen)
                out[code] = max(out.get(code, 0), round(100_000 * k / series[year]))
    return out


#: The fewest inhabitants a kommun of an SKR kommungrupp has, by its definition (SKR:s
#: kommungruppsindelning): a storstad at least 200 000, a större stad 50 000, a mindre
#: stad or tätort 15 000 in its largest tätort. Malmö's vräkta barn (14,21 and 8,67 per
#: 100 000 invånare) fit steps of 69 000 inhabitants by chance: "sex barn, mot tio" of
#: some fifty and thirty (an editor's finding of a wrong figure)
GROUP_FLOOR = {"Storstäder": 200_000, "Större stad": 50_000, "Mindre stad/tätort": 15_000}


def counted_rates(config: Config) -> tuple[Indicator, ...]:
    """The rates per invånare that count people (config counted:), each checked against
    the others of its denominator (steps_confirmed)."""
    return tuple(i for i in config.indicators if i.unit in RATE_BASE and i.counted is not None)


def plausible_inhabitants(reference: Reference, code: str, inhabitants: float) -> bool:
    """Whether a count of inhabitants read off a rate's steps can be the kommun's: no
    fewer than its kommungrupp has by definition (GROUP_FLOOR)."""
    group = reference.kommun(code).kommungrupp
    title = next((g.title for g in reference.kommungrupper if g.id == group), "")
    return inhabitants >= GROUP_FLOOR.get(title, 0)


#: The share of common years in which the kommun's other rates must count whole people
#: (within WHOLE_PERSON) by the inhabitants a rate's steps imply, for the steps to be
#: people: Örebro's vräkta barn fit steps of 115 000 inhabitants by chance, "åtta barn,
#: mot sex" of eleven and eight (an editor's finding), and by them its vräkningar
#: counted whole people in half the years; true steps make them whole in every year
#: (Norrköping's 145 000, Lund's 128 000, Huddinge's 114 500 in all 9 to 11 years)
STEPS_CONFIRMED = 0.9
WHOLE_PERSON = 0.2
#: the common years a check needs (with fewer the steps stand unchecked)
CONFIRM_YEARS = 3


def steps_confirmed(
    total: SeriesIndex,
    rates: Sequence[Indicator],
    ind: Indicator,
    code: str,
    people: Mapping[int, int],
) -> bool:
    """Whether the inhabitants a rate's steps (people_of) imply each year make the
    kommun's other rates of the same denominator (``rates``) whole people too."""
    base = RATE_BASE.get(ind.unit)
    series = total.get((ind.id, code), {})
    if base is None:
        return True
    implied = {y: base * k / series[y] for y, k in people.items() if k > 0 and y in series}
    for other in rates:
        if other.id == ind.id or (other.unit, other.denominator) != (ind.unit, ind.denominator):
            continue
        values = total.get((other.id, code), {})
        common = [y for y in implied if y in values]
        if len(common) < CONFIRM_YEARS:
            continue
        counts = [values[y] * implied[y] / RATE_BASE[other.unit] for y in common]
        whole = sum(1 for c in counts if abs(c - round(c)) <= WHOLE_PERSON)
        if whole < STEPS_CONFIRMED * len(common):
            return False
    return True


#: A rate's own steps that imply fewer than this share of the kommun's inhabitants
#: (read off its other rate) count people three at a time: not a count
STEPS_AGREE = 0.75
#: what a rate is per
RATE_BASE = {"per_1000": 1_000, "per_10000": 10_000, "per_100000": 100_000}
#: about the share of a kommun's inhabitants a rate's denominator counts (SCB): Töreboda's
#: 8,1 nya våldsärenden per 10 000 vuxna invånare are some six people (an editor's finding)
DENOMINATOR_SHARE = {"vuxna invånare": 0.79, "invånare 0–20 år": 0.23}


def _plausible(
    data: Data,
    ind: Indicator,
    code: str,
    series: Mapping[int, float],
    counts: dict[int, int] | None,
) -> dict[int, int] | None:
    """people_of's counts, or None where the inhabitants they imply cannot be the
    kommun's (plausible_inhabitants) or leave its other rates in fractions of a person
    (steps_confirmed)."""
    base = RATE_BASE.get(ind.unit)
    counted = [(y, k) for y, k in (counts or {}).items() if k > 0]
    if counts is None or base is None or not counted:
        return counts
    if not steps_confirmed(data.total, counted_rates(data.config), ind, code, counts):
        return None
    y, k = max(counted)
    implied = base * k / series[y] / DENOMINATOR_SHARE.get(ind.denominator or "", 1.0)
    return counts if plausible_inhabitants(data.reference, code, implied) else None


def _agreed_people(
    data: Data, ind: Indicator, code: str, series: Mapping[int, float], year: int
) -> dict[int, int] | None:
    """people_of, or where its steps disagree with the kommun's inhabitants (see
    inhabitants_of), the rate times the inhabitants: Sigtuna had seventeen
    vräkningar 2022, not six."""
    counts = _plausible(data, ind, code, series, people_of(series, year))
    inhabitants = data.inhabitants.get(code)
    base = RATE_BASE.get(ind.unit)
    if base is None or inhabitants is None:
        return counts
    people = inhabitants * DENOMINATOR_SHARE.get(ind.denominator or "", 1.0)

    def by_inhabitants() -> dict[int, int]:
        return {y: round(v * people / base) for y, v in series.items() if y <= year}

    if counts is None:
        # no steps of its own (Finspång's six vräkningar after four): the inhabitants'
        return by_inhabitants()
    counted = [(y, k) for y, k in counts.items() if k > 0]
    if not counted:
        return counts
    y, k = max(counted)
    if base * k / series[y] >= STEPS_AGREE * people:
        return counts
    # counted with the inhabitants' own step instead (Oskarshamn's two vräkta barn)
    return by_inhabitants()


#: About the share of a kommun's inhabitants in each group an indicator counts (SCB:
#: 0–20 år about 23 procent, 18–24 år about 8; a small kommun has somewhat fewer)
GROUP_SHARE = {"children": 0.22, "young": 0.07}


def few_in_group(data: Data, ind: Indicator, code: str, values: Sequence[float]) -> bool:
    """Whether a share of the kommun's children (or young adults) counts a handful:
    Åsele's 1,4 → 1,6 procent of its 0–20-åringar in öppenvård is about nine and ten
    children (an editor's finding: "ökar för andra året" on one child a year)."""
    counts = [group_count(data, ind, code, v) for v in values]
    return bool(counts) and all(n is not None and n <= FEW_PEOPLE for n in counts)


#: A kommun this small whose units all answer 0 or 100 procent both years has one or
#: two units: Åsele's LSS-bostäder "från 0 till 100 procent" with a routine
SMALL_KOMMUN = 20_000


def few_units(data: Data, ind: Indicator, code: str, values: Sequence[float]) -> bool:
    """Whether a share of the kommun's own units (config ``none:``) rests on one or two
    units: a small kommun at 0 or 100 procent in both years compared."""
    people = data.inhabitants.get(code)
    if ind.none is None or people is None or people > SMALL_KOMMUN or not values:
        return False
    # 0 or 100 procent, or a whole procent that is a share of a few units (Öckerö's
    # LSS-bostäder 75 → 60 procent: three of four, then three of five)
    return all(_at_bound(v) or _few_units_share(v) for v in values)


#: the most units a whole-procent share is read as a fraction of (see few_units)
FEW_UNITS = 8


def _few_units_share(value: float) -> bool:
    """Whether a whole-procent share is k of n units for some n up to FEW_UNITS."""
    return any(
        abs(100 * round(value * n / 100) / n - value) <= 0.5 for n in range(2, FEW_UNITS + 1)
    )


#: the measurements a share of units is read over for a swing from end to end
UNITS_SPAN = 3


def units_end_to_end(ind: Indicator, series: Mapping[int, float], year: int) -> bool:
    """Whether a share of the kommun's units (config ``none:``) stood at 0 and at 100
    procent within its last UNITS_SPAN measurements, each a share of a few units: a
    handful however large the kommun. Staffanstorp's LSS-bostäder at 100, 0 and 25
    procent are four, and "ökar till 25 procent" headed a text on one of them (an
    editor, review r39)."""
    if ind.none is None:
        return False
    last = [series[y] for y in sorted(y for y in series if y <= year)[-UNITS_SPAN:]]
    return (
        len(last) == UNITS_SPAN
        and any(v <= 0 for v in last)
        and any(v >= 100 for v in last)
        and all(_at_bound(v) or _few_units_share(v) for v in last)
    )


def _kommun_values_by_year(
    total: SeriesIndex, kpi: str, codes: Sequence[str]
) -> dict[int, dict[str, float]]:
    out: dict[int, dict[str, float]] = {}
    for code in codes:
        for year, value in total.get((kpi, code), {}).items():
            out.setdefault(year, {})[code] = value
    return dict(sorted(out.items()))


# -------------------------------------------------------------------- facts


@dataclass(frozen=True, slots=True)
class Rank:
    """Position among all kommuner with a value; ties share the best rank.

    For ``direction: none`` the rank counts from the highest value, and the text
    says "högst/lägst", never "bäst/sämst".
    """

    rank: int
    n: int
    band: str  # "top" | "middle" | "bottom" (top = best, or highest for direction none)
    tied: int  # how many kommuner share this value (1 = alone)
    #: fewer kommuner than ``thresholds.min_rank_base`` have a value: shown, never news
    small: bool = False
    #: the most kommuner sharing any one value this year (see YearStats.most_tied)
    most_tied: int = 1

    @property
    def beside_crowd(self) -> bool:
        """A third of the kommuner or more share some value: "i mittenfältet" beside
        176 kommuner at 0 hides that most had none (an editor's finding)."""
        return self.most_tied * 3 >= self.n and self.n > 0

    @property
    def crowded(self) -> bool:
        """Shared by so many kommuner (:data:`CROWDED_TIE_SHARE`) that no rank is said."""
        return crowded(self.tied, self.n)


@dataclass(frozen=True, slots=True)
class Comparison:
    """The kommun against Riket, its län, kommungrupp or similar kommuner, same year."""

    kind: str  # "riket" | "lan" | "kommungrupp" | "liknande"
    id: str
    value: float
    diff: float  # kommun minus the other


@dataclass(frozen=True, slots=True)
class Trend:
    """Streaks, records and breaks in the kommun's series up to the latest year."""

    streak: int  # consecutive year-on-year changes in one direction, ending now
    direction: int  # +1 up, -1 down, 0 none
    record: str | None  # "highest" | "lowest" | None
    record_span: int  # years of values the record is measured over
    first_year: int
    broke: int  # length of the opposite streak the latest change ended (0 = none)
    #: not a record, but the highest (latest change up) or lowest (down) since this
    #: year, when it was last as high (low): "den högsta sedan 2016" (SPRAK.md)
    since: int | None = None


@dataclass(frozen=True, slots=True)
class Answer:
    """A yes/no or ordinal answer, and how the kommuner answered."""

    code: int
    label: str
    previous_code: int | None
    previous_label: str | None
    same: int  # kommuner giving the same answer this year (this one included)
    total: int  # kommuner answering this year
    is_best: bool | None  # None when the indicator has no desired answer
    #: the first year of the run of this answer that ends this year, when the answer
    #: was the same the measured year before too ("samma svar sedan 2020")
    same_since: int | None = None
    #: the first year of the run of the previous answer, when it held three years or
    #: more before it changed ("första gången sedan mätningarna började 2013")
    prev_since: int | None = None
    #: the answer most kommuner give this year and how many give it, when it is not
    #: this kommun's ("De flesta kommuner, 204 av 284, uppger att …")
    majority: tuple[int, int] | None = None
    #: the last year before the previous one that the kommun gave this answer, when it
    #: changed back to it: "uppger igen att", not "uppger nu att" (Gagnef's housing
    #: shortage, said 2016–2020), and the year said ("Så svarade kommunen senast 2020")
    again: int | None = None


@dataclass(frozen=True, slots=True)
class Fact:
    """One statement the text may make, with how newsworthy it is."""

    kind: str
    score: float
    indicator: str  # KPI id, or "" for area-level facts


@dataclass(frozen=True)
class IndicatorFacts:
    """Everything known about one indicator in one kommun."""

    indicator: Indicator
    kommun: Kommun
    current_year: int | None  # the indicator's latest year with broad reporting
    year: int | None  # the kommun's latest year with a value
    value: float | None
    previous: float | None  # value of ``previous_year``
    change: float | None
    relative_change: float | None  # percent of the previous value
    national_change: float | None  # Riket's change over the same year
    trend: Trend | None
    rank: Rank | None
    comparisons: tuple[Comparison, ...]
    women: float | None
    men: float | None
    answer: Answer | None
    change_z: float  # |change| in standard deviations of all kommuners' changes
    level_z: float  # distance from Riket in standard deviations between kommuner
    facts: tuple[Fact, ...] = field(default=())
    #: the change as the printed figures show it (0.0 when they print alike)
    shown_change: float | None = None
    #: Riket's change over the same year, as Riket's printed figures show it
    national_shown_change: float | None = None
    #: a rate that counts a handful of people (see :func:`_few_counted`), or a survey
    #: share of a handful of answers (see :func:`few_answers`)
    few: bool = False
    #: why a share that is not a survey's is ``few``: "units" (a small kommun's one or
    #: two units, see :func:`few_units`) or "group" (its few children, :func:`few_in_group`)
    few_why: str = ""
    #: whether ``answers`` was read off the shares of the indicator's own group of people,
    #: not of the whole enkät (an upper bound for a smaller group: see Evidence.own)
    answers_own: bool = False
    #: a survey share without the women/men split it had the year compared with, where
    #: most kommuner have one: far fewer answered (see :func:`_unsplit`)
    unsplit: bool = False
    #: the last measured year before ``year`` (see :func:`previous_year`)
    previous_year: int | None = None
    #: the change only undoes an extreme year (see :func:`returns_to_normal`)
    returns: bool = False
    #: the year before ``previous_year`` when that was a dip or a peak (see :func:`dip_year`)
    dip: int | None = None
    #: how many people a rate of a handful counts, in ``year`` and in
    #: ``previous_year`` (None without one): "en vräkning både 2021 och 2022"
    people: tuple[int, int | None] | None = None
    #: the kommun stood on the same side of Riket every year of the last few (see
    #: :func:`same_side`), or on the side most kommuner share (COMMON_SIDE of them, see
    #: :func:`riket_side`): "ligger under riket" is no news then
    same_side: bool = False
    #: of those, on the side most kommuner share (:func:`riket_side`)
    common_side: bool = False
    #: about how many answered a survey share in ``year``, where the printed shares
    #: tell (at most ANSWERS_CHECKED; see :func:`answers_estimate`)
    answers: int | None = None
    #: the change of a survey share is within what chance gives on so few answers
    #: (see :func:`within_chance`)
    chance: bool = False
    #: Riket set the same record this year: the kommun's "lägsta hittills" partly
    #: mirrors the country's, and the text says so (an editor's finding)
    national_record: bool = False
    #: and printed beyond every earlier year of its own, not level with one: only then
    #: may a text say "Också i riket är värdet det högsta hittills" (Smedjebacken's
    #: riket at 47 procent in 2021 and 2022 "ökade mindre": an editor, review r39)
    national_new_record: bool = False
    #: Riket moved the same way for at least as many years in a row: the kommun's
    #: streak mirrors the country's ("minskar tredje året i rad", as riket did)
    national_streak: bool = False
    #: riket moved the same way by at least a third as much (see _moved_alike)
    national_alike: bool = False
    #: the kommun stood at the same end of the field in most of the years before, "end"
    #: (outer tenth) or "band" (outer quarter; see :func:`held_place`): "hör till
    #: landets lägsta" is its lot, not this year's news
    held: str = ""
    #: the share of the kommuner on the kommun's side of Riket (see riket_side)
    riket_side: float = 0.0
    #: the change only goes back to about where the series stood one or two
    #: measurements before (swings_back): how many back, 0 where it does not
    swing_back: int = 0

    @property
    def missing_now(self) -> bool:
        """True when the kommun lacks a value for the indicator's current year."""
        return self.current_year is not None and (
            self.year is None or self.year < self.current_year
        )

    @property
    def score(self) -> float:
        return max((f.score for f in self.facts), default=0.0)

    @property
    def tiny(self) -> bool:
        """A change too small to be news, whatever its z-score (see _tiny)."""
        return _tiny(self)

    @property
    def real_change(self) -> float | None:
        """A cost's change in fixed prices, in percent (prices.real_change); None for
        other units, or where the price table does not reach both years."""
        if self.indicator.unit != "kronor" or self.previous_year is None:
            return None
        if self.value is None or self.previous is None or self.year is None:
            return None
        return prices.real_change(self.previous, self.value, self.previous_year, self.year)

    @property
    def flat_real(self) -> bool:
        """A cost that moved in current prices but not in fixed ones (within
        STEADY_KRONOR, or the other way): the text says so beside the change, and the
        change weighs as little as a tiny one (see _tiny)."""
        real, rel = self.real_change, self.relative_change
        if real is None or rel is None or self.steady:
            return False
        return abs(real) < STEADY_KRONOR or (real > 0) != (rel > 0)

    @property
    def in_noise(self) -> bool:
        """A survey share's change within chance (see _in_noise)."""
        return _in_noise(self)

    @property
    def steady(self) -> bool:
        """A survey share that moved by a procentenhet or two: "minskade från 70 till
        69 procent" makes news of who happened to answer; it is "ungefär som" the
        year before (an editor's finding)."""
        shown = self.shown_change
        # a share of a few units too (config none:): 90 → 91 procent of the LSS-boenden
        # is nine of ten and ten of eleven, one without a routine both years
        counted = self.indicator.is_survey or self.indicator.none is not None
        if self.indicator.unit == "kronor":
            # 4 320 → 4 251 kronor in current prices is no "minskar" in a year of
            # eight procent inflation (an editor's finding): about the same
            rel = self.relative_change
            return shown is not None and shown != 0 and rel is not None and abs(rel) < STEADY_KRONOR
        if counted or shown is None or shown == 0:
            return counted and shown is not None and 0 < abs(shown) <= STEADY_PP
        # a register share that moved less than a streak's step (real_step): Askersund's
        # long-term bistånd "har ökat från 34 till 35 procent" was one person (review r39)
        if self.indicator.unit != "percent" or self.value is None or self.previous is None:
            return False
        return not real_step(self.previous, self.value)

    def comparison(self, kind: str) -> Comparison | None:
        return next((c for c in self.comparisons if c.kind == kind), None)

    def shows_apart(self, a: float, b: float) -> bool:
        """Whether two values of this indicator print as different figures."""
        ind = self.indicator
        if ind.is_categorical:
            return a != b
        return precision.shown_difference(a, b, ind.unit, ind.decimals) != 0

    @property
    def gender_gap(self) -> float | None:
        if self.women is None or self.men is None:
            return None
        return self.women - self.men


def analyse_indicator(data: Data, kommun: Kommun, ind: Indicator, area: Area) -> IndicatorFacts:
    """All facts about one indicator in one kommun."""
    series = data.total.get((ind.id, kommun.code), {})
    current = data.current_year.get(ind.id)
    if not series:
        return _missing(ind, kommun, current)
    year = max(series)
    value = series[year]
    before = previous_year(series, year)
    previous = None if before is None else series[before]
    change = None if previous is None else value - previous
    stats = data.stats.get((ind.id, year))
    riket = data.total.get((ind.id, RIKET_ID), {})
    # Riket over the same span as the kommun, for "I riket … under samma tid"
    national = (
        riket[year] - riket[before]
        if before is not None and year in riket and before in riket
        else None
    )
    answer = _answer(data, kommun, ind, year) if ind.is_categorical else None
    base = data.config.thresholds.min_rank_base
    counts = _agreed_people(data, ind, kommun.code, series, year) if ind.unit in PER_UNITS else None
    people = _people(counts, year, before)
    # what the printed shares tell of the answers, read once for both years
    evidence = (
        {y: _evidence(data, ind, kommun.code, y) for y in (year, before) if y is not None}
        if ind.is_survey
        else {}
    )
    compared = [v for v in (value, previous) if v is not None]
    # why a handful, for the text's caveat: the kommun's few units or its few children
    few_why = (
        "units"
        if few_units(data, ind, kommun.code, compared) or units_end_to_end(ind, series, year)
        else "group"
        if few_in_group(data, ind, kommun.code, compared)
        else ""
    )
    few = (
        (ind.unit in PER_UNITS and (_few_counted(counts, year) or _rare(series, year)))
        or (
            ind.is_survey
            and (
                _few_answers(data, ind, kommun.code, evidence)
                or _all_at_bounds(data, ind.id, kommun.code, year)
            )
        )
        or bool(few_why)
    )
    answers = {y: answers_estimate(data, ind, e.shares, e.split) for y, e in evidence.items()}
    thin_split = ind.is_survey and (
        few
        or _split_at_bound(data, data.surveys.get(ind.survey or "", ()), kommun.code, year)
        or _split_few(data, ind.id, kommun.code, year)
    )
    women, men = (
        (None, None)
        if thin_split
        else _split(
            ind,
            data.women.get((ind.id, kommun.code), {}).get(year),
            data.men.get((ind.id, kommun.code), {}).get(year),
            value,
        )
    )
    side = riket_side(stats, value, riket.get(year))
    common = side >= COMMON_SIDE
    rank = _rank(stats, value, ind, base) if stats and not ind.is_categorical else None
    facts = IndicatorFacts(
        indicator=ind,
        kommun=kommun,
        current_year=current,
        year=year,
        value=value,
        previous=previous,
        change=change,
        relative_change=(change / abs(previous) * 100 if change is not None and previous else None),
        national_change=national,
        trend=_trend(series, ind, data.measured.get(ind.id, ()))
        if not ind.is_categorical
        else None,
        rank=rank,
        comparisons=_comparisons(data, kommun, ind, area, year, value),
        women=women,
        men=men,
        answer=answer,
        change_z=_z(change, stats.change_spread if stats else 0.0),
        level_z=_z(value - riket[year], stats.spread if stats else 0.0) if year in riket else 0.0,
        shown_change=_shown_change(ind, value, previous),
        national_shown_change=(
            None if before is None else _shown_change(ind, riket.get(year), riket.get(before))
        ),
        few=few,
        few_why=few_why if few else "",
        unsplit=ind.is_survey and not few and _unsplit(data, ind, kommun.code, year),
        previous_year=before,
        returns=returns_to_normal(series, year, before),
        dip=dip_year(series, year, before, ind.unit in PERCENT_UNITS),
        swing_back=swings_back(
            series,
            year,
            before,
            ind.unit in PERCENT_UNITS,
            SWING_BACK_SIGNED if ind.unit == "percent_signed" else SWING_BACK_PP,
        ),
        same_side=same_side(series, riket, year) or common,
        common_side=common,
        people=people if few else None,
        answers=answers.get(year),
        answers_own=year in evidence and evidence[year].own,
        chance=before is not None
        and previous is not None
        and (
            within_chance(previous, value, answers.get(before), answers.get(year))
            or counts_within_chance(data, ind, kommun.code, previous, value)
        ),
        held="" if rank is None else held_place(data, ind, series, year, rank),
        riket_side=side,
    )
    riket_upto = {y: v for y, v in riket.items() if y <= year}
    riket_trend = _trend(riket_upto, ind) if year in riket_upto and not ind.is_categorical else None
    if riket_trend is not None:
        # riket at its highest as printed, tied with an earlier year (47 procent 2021 and
        # 2022), mirrors the kommun's record as much as a new one (an editor's finding:
        # Boxholm's long-term bistånd led although riket stood at its highest)
        riket_trend = replace(riket_trend, record=_at_record(riket_upto, ind))
    own = facts.trend
    if own is not None and own.record and facts.unsplit:
        # a record of a survey too few answered to split by gender: Smedjebacken's 95
        # procent "Inget annat år … har värdet varit högre", and in the next sentences
        # "Andelen kan därför skifta mycket mellan åren" (an editor, review r39)
        own = replace(own, record=None)
        facts = replace(facts, trend=own)
    if riket_trend is not None and own is not None:
        facts = replace(
            facts,
            national_record=own.record is not None and riket_trend.record == own.record,
            national_new_record=own.record is not None
            and _at_record(riket_upto, ind, strict=True) == own.record,
            national_alike=_moved_alike(facts.shown_change, facts.national_shown_change),
            national_streak=own.streak >= 2
            and riket_trend.direction == own.direction
            and riket_trend.streak >= own.streak,
        )
    return _with_facts(facts, riket_trend)


def _at_record(series: Mapping[int, float], ind: Indicator, strict: bool = False) -> str | None:
    """Whether the latest printed figure of ``series`` is at its highest ("highest") or
    lowest ("lowest") of RECORD_MIN_YEARS years or more, an earlier year's equal
    included unless ``strict``: the national trend a kommun's record may mirror."""
    years = sorted(series)
    if len(years) < RECORD_MIN_YEARS:
        return None
    shown = [precision.shown_float(series[y], ind.unit, ind.decimals) for y in years]
    value, others = shown[-1], shown[:-1]
    top, bottom = max(others), min(others)
    if (value > top) if strict else (value >= top and value > bottom):
        return "highest"
    if (value < bottom) if strict else (value <= bottom and value < top):
        return "lowest"
    return None


def _moved_alike(own: float | None, national: float | None) -> bool:
    """Whether riket moved the same way by at least a third as much: Skara's cost rose
    by 71 kronor and riket's by 18, so "Även riket har sitt högsta värde" alone made
    Skara a follower of riket (an editor's finding); Herrljunga's 88 → 82 procent
    beside riket's 88 → 86 is partly the national trend (another's)."""
    if not own:
        return True  # no move of its own to mirror
    if national is None:
        return False
    return own * national > 0 and abs(national) >= abs(own) / 3


#: a value shared by more than this share of the kommuner, at 0 or 100 procent or of
#: a few units, is common (common_value): a third of the news beside riket, half as a
#: place among the kommuner (a quarter, CROWDED_TIE_SHARE, and no place is said)
COMMON_TIE_SHARE = 0.1

#: the facts about a move, which a handful of people can make by chance
MOVES = frozenset({"change", "streak", "record", "since", "break"})
#: what a fact on a handful of people or answers (IndicatorFacts.few) is worth: a
#: move or a place among the kommuner is mostly chance, a level less so
FEW_WEIGHTS = {
    **{kind: 0.3 for kind in MOVES},
    "rank_extreme": 0.2,
    "rank_band": 0.3,
    # two children both years led over twelve vräkningar after ten (an editor's finding)
    "unchanged": 0.3,
}
#: and for a survey share, its distance from Riket too: "50 procent, mot 80 i riket"
#: is three answers of six; and for one person or none, told in people: "Svenljunga
#: hade en vräkning 2022, två året innan", below riket per invånare, is no news (an
#: editor's finding)
FEW_SURVEY_WEIGHTS = {**FEW_WEIGHTS, "vs_riket": 0.5}


#: the measured years (the latest included) a kommun must have stood on one side
#: of Riket for its place beside Riket to be old news (same_side)
SAME_SIDE_YEARS = 4


def same_side(series: Mapping[int, float], riket: Mapping[int, float], year: int) -> bool:
    """Whether the kommun stood on the same side of Riket in each of the last
    SAME_SIDE_YEARS years that both have a value (an editor's finding: a place
    below Riket that held every year since 2012 led over a near halving)."""
    years = sorted((y for y in series if y <= year and y in riket), reverse=True)
    years = years[:SAME_SIDE_YEARS]
    if len(years) < SAME_SIDE_YEARS or year not in years:
        return False
    signs = {(series[y] > riket[y]) - (series[y] < riket[y]) for y in years}
    return len(signs) == 1 and 0 not in signs


#: a side of Riket that at least this share of the kommuner share is no news (Höör's
#: LSS and Smedjebacken's children in öppenvård "över riket" beside 63 procent of the
#: kommuner: an editor, review r39)
COMMON_SIDE = 0.6


def riket_side(stats: YearStats | None, value: float, riket: float | None) -> float:
    """The share of the kommuner with a value that lie on the kommun's side of Riket
    (0.0 where it is Riket's or none is known). Where most do (COMMON_SIDE), "lägre än i
    riket" is no news: Oxelösund's was true of 247 of 286 kommuner, Riket's share weighed
    by the large ones (an editor, review r38)."""
    if stats is None or not stats.values or riket is None or value == riket:
        return 0.0
    values = stats.values  # ascending
    side = (
        len(values) - bisect_right(values, riket) if value > riket else bisect_left(values, riket)
    )
    return side / len(values)


#: years before the compared year that a "return to normal" is judged against
NORMAL_YEARS = 5


def returns_to_normal(series: Mapping[int, float], year: int, before: int | None) -> bool:
    """Whether the change from ``before`` to ``year`` only undoes an extreme year: the
    earlier value is the highest (for a fall) or lowest (for a rise) of the series
    so far, and the new one lies within the range of the years before it.

    "Minskade från 94 procent 2020 till 83 procent 2022" reads as a fall where
    2012–2019 lay at 82–89 (an editor's finding on the pandemic year): weak news.
    """
    if before is None:
        return False
    earlier = [series[y] for y in sorted(series) if y < before][-NORMAL_YEARS:]
    if len(earlier) < 3:
        return False
    prev, now = series[before], series[year]
    low, high = min(earlier), max(earlier)
    slack = (high - low) / 4  # "in the range" as a reader sees it, not to the decimal
    # "ovanligt högt" of a year only past the range by what a reader sees as in it:
    # 4 320 kronor after 3 897–4 251 is no unusual year (an editor's finding)
    extreme = prev > high + slack if now < prev else prev < low - slack
    return extreme and low - slack <= now <= high + slack


#: A dip (or peak) in the compared year is a move of at least this many procentenheter,
#: or this share of the earlier value for other units
DIP_PP = 10.0
DIP_RELATIVE = 0.25
#: a move back past the year before the dip by more than this many procentenheter, or
#: this share of the value, and a third of the dip, is a move of its own (see dip_year)
DIP_PAST_PP = 5.0
DIP_PAST = 0.1
#: a move back to within this many procentenheter, or this share of the value, of the
#: measurement before the previous one is a swing back (see swings_back)
SWING_BACK_PP = 2.0
SWING_BACK = 0.05
#: the line of a deviation from the reference cost, whose move under 5 procentenheter
#: is no news either (text.SIGNED_MOVE): Dals-Ed's IFO 13 → 40 → 47 → 10 procent over
#: "närmar sig referenskostnaden" (an editor, review r44)
SWING_BACK_SIGNED = 5.0
#: the weight of a streak, a turn or a "lägsta/högsta sedan" that a swing back makes
#: (see _trend_facts)
SWING_SINCE = 0.4


def swings_back(
    series: Mapping[int, float],
    year: int,
    before: int | None,
    percent: bool,
    pp: float = SWING_BACK_PP,
) -> int:
    """Whether the change from ``before`` to ``year`` only goes back, against the steps
    before it, to about where the series stood one or two measurements before (how many:
    1 or 2; 0 where it does not): a step too small for a dip (dip_year), told as "ökar"
    or "minskar" all the same. Forshaga's 100 → 95 → 100 procent "ökar" and Säter's 92
    → 96 → 91 "minskar", each text saying itself that it was as high (low) in 2018 (an
    editor, review r41); Ödeshög's
    long-term bistånd 28 → 36 → 34 → 27 procent "minskar med 7 procentenheter" over "ett
    ungefär lika lågt värde senast 2019" (another, review r43). ``pp``: the line in
    procentenheter of a share (SWING_BACK_SIGNED for a deviation from the reference
    cost)."""
    if before is None:
        return 0
    earlier = sorted(y for y in series if y < before)
    prev, now = series[before], series[year]
    # back to the measurement before the previous, or to the one before that across
    # a plateau of two (both away from it on the same side as the previous)
    for span, back_to in ((1, earlier[-1:]), (2, earlier[-2:-1])):
        if back_to and _swung_back(series, back_to[0], before, now, prev, percent, pp):
            return span
    return 0


def _swung_back(
    series: Mapping[int, float],
    older: int,
    before: int,
    now: float,
    prev: float,
    percent: bool,
    pp: float,
) -> bool:
    """Whether ``now`` is back near ``older``, every measurement after it up to
    ``before`` having stood away from it on one side by twice the line."""
    first = series[older]
    between = [v for y, v in series.items() if older < y <= before]
    if (now - prev) * (prev - first) >= 0:
        return False
    # each step away twice the line at least: a jitter of a procentenhet or two
    # either way is noise, no swing (the sample's invented series are full of them)
    least = 2 * (pp if percent else abs(first) * SWING_BACK)
    back = max(pp, abs(first) * SWING_BACK) if percent else abs(first) * SWING_BACK
    away = [(v - first) * (prev - first) for v in between]
    if any(a <= 0 or abs(v - first) < least for a, v in zip(away, between, strict=True)):
        return False
    # and more than half of it undone: Hörby's 0,54 → 0,54 → 1,78 procent is a rise of
    # its own, however near 0,54 stays to 1,78 in procentenheter
    return abs(now - first) <= min(back, abs(prev - first) / 2)


def dip_year(
    series: Mapping[int, float], year: int, before: int | None, percent: bool
) -> int | None:
    """The measured year before ``before`` when ``before`` was a dip (or a peak)
    that the change to ``year`` mostly undoes; None otherwise.

    "Ökade från 0 procent 2019 till 67 procent 2022" hid that it was 67 procent in
    2018 too (an editor's finding): the text says the earlier year instead. Judged
    on the year before only, where :func:`returns_to_normal` has too few years.
    """
    if before is None:
        return None
    earlier = [y for y in series if y < before]
    if not earlier:
        return None
    e = max(earlier)
    first, prev, now = series[e], series[before], series[year]
    move = prev - first
    least = DIP_PP if percent else abs(first) * DIP_RELATIVE
    if percent and first > 0:
        # a small share dips by less than ten procentenheter: Hultsfred's 8,4 procent
        # of the elderly with hemtjänst, 3,8 in 2021 and 7,8 in 2022, "fördubblats"
        # (an editor's finding)
        least = min(least, first * DIP_RELATIVE)
    if (now - prev) * move >= 0 or abs(move) < max(least, 1e-9):
        return None
    if (now - first) * move < 0 and abs(now - first) > abs(move) / 2:
        return None  # far past where it was: 23 → 56 → 4 procent is a fall of its own
    if (now - first) * move < 0 and abs(now - first) > max(
        DIP_PAST_PP if percent else abs(first) * DIP_PAST, abs(move) / 3
    ):
        # past where it was by more than a survey's noise and a third of the dip:
        # Kumla's äldreboende activities 59 → 41 → 68 procent, above every earlier year,
        # undid no dip (an editor, review r44); Lidköping's LSS-bostäder with a routine,
        # 94 → 72 → 100 procent, did
        return None
    # at least half undone: 78 → 33 → 62 procent is a dip in 2019, not "nästan
    # fördubblats" (an editor's finding)
    return e if abs(now - first) <= abs(move) / 2 else None


#: a rate at zero this many measured years before a value is a rare event
RARE_ZEROS = 3


def _rare(series: Mapping[int, float], year: int) -> bool:
    """Whether a rate stood at zero in each of the RARE_ZEROS measured years before
    ``year``: Vaxholm's 16,8 vräkta barn per 100 000 invånare after zero every year
    since 2008 is a child or two, whose count the steps cannot tell (people_of needs
    three years with values; an editor's finding on Jokkmokk's two children)."""
    before = sorted(y for y in series if y < year)[-RARE_ZEROS:]
    return len(before) == RARE_ZEROS and all(series[y] == 0 for y in before)


def _few_counted(people: Mapping[int, int] | None, year: int) -> bool:
    """Whether ``people`` (see :func:`people_of`) counts only a handful in ``year`` and
    the year before (SPRAK.md: small bases)."""
    return people is not None and all(people.get(y, 0) <= FEW_PEOPLE for y in (year, year - 1))


def _people(
    counts: Mapping[int, int] | None, year: int, before: int | None
) -> tuple[int, int | None] | None:
    if counts is None or year not in counts:
        return None
    return counts[year], None if before is None else counts.get(before)


def people_of(series: Mapping[int, float], year: int) -> dict[int, int] | None:
    """How many people a rate per invånare counts each year up to ``year`` (0 for a
    year at zero), or None when the rate moves in no steps of one person.

    Kolada gives no counts, but a small kommun's rate moves in steps of one person:
    when every value of the series is close to a whole multiple of its smallest
    non-zero value, that value is one person, and a rate of at most three such
    steps is one to three people ("36,9 per 100 000 invånare" in Arjeplog is one
    vräkning). A large kommun's rates fit no such steps.
    """
    values = sorted((y, v) for y, v in series.items() if y <= year and v > 0)
    if len(values) < 3:
        return None
    # the smallest value is one person, or two or three where no year had one
    # (Mjölby's vräkningar: two in 2013 and 2022, 7,6 and 7,0 per 100 000 invånare)
    for least in range(1, LEAST_PEOPLE + 1):
        counts = _steps(values, year, least)
        if counts is not None:
            zeros = {y: 0 for y, v in series.items() if y <= year and v == 0}
            return {**zeros, **counts}
    return None


#: the most people the smallest value of a rate may count (see people_of)
LEAST_PEOPLE = 3


def _steps(values: Sequence[tuple[int, float]], year: int, least: int) -> dict[int, int] | None:
    """people_of with the smallest value counted as ``least`` people."""
    # one person's size is read off the smallest value and carried from year to year
    # outwards, as the population drifts (Borås's one child was 0,98 per 100 000
    # invånare 2009 and 0,87 in 2022: the first size would count 2022's seven as six)
    start = min(range(len(values)), key=lambda i: values[i][1])
    order = list(range(start, len(values))) + list(range(start - 1, -1, -1))
    people: dict[int, int] = {}
    size_of: dict[int, float] = {}
    skipped_recent = False
    for i in order:
        y, v = values[i]
        near = i - 1 if i > start else i + 1
        step = values[start][1] / least if i == start else size_of[values[near][0]]
        k = round(v / step)
        if k < 1 or k > FEW_STEPS_CHECKED:
            # the latest two years must count (they are what _few_counted asks about);
            # an earlier year of many only where enough other years fit the steps
            # (Kristinehamn's 13 vräkningar in 2020 before eight and two)
            if y >= year - 1:
                return None
            skipped_recent = skipped_recent or y > year - FEW_YEARS
            # an old year of many: Sundsvall's vräkta barn were 14 in 2015 and two to
            # six since (one child is 1,0 per 100 000 invånare); the size carries on
            size_of[y] = step
            continue
        people[y] = k
        size_of[y] = v / k
    if skipped_recent and len(people) < FEW_COUNTED:
        return None
    # (year, the size of one person that year)
    sizes = sorted((y, size) for y, size in size_of.items() if y in people)
    # one person's size moves slowly with the population; a large kommun's "sizes"
    # jump from year to year (15, 18, 22 per 100 000 are not 1, 1,2 and 1,5 people)
    for (y1, s1), (y2, s2) in zip(sizes, sizes[1:], strict=False):
        if abs(s2 / s1 - 1) > FEW_TOLERANCE + FEW_DRIFT * (y2 - y1):
            return None
    return people


#: a share Kolada gives unrounded (more than four decimals: 85,58558559) is read as a
#: fraction of up to this many answers: two fractions of at most a thousand differ by a
#: millionth at least, so only one fits (Tranås' 95 of 111 answers 2021, whose 85,6 →
#: 80 procent was told as "sämre": review r32)
ANSWERS_EXACT = 1000
#: how close an unrounded share is to its fraction (Kolada gives six to eight decimals)
EXACT_TOLERANCE = 1e-6


def unrounded(value: float) -> bool:
    """Whether a share carries more than four decimals: Kolada's own fraction, not a
    figure rounded to two decimals or whole procent."""
    return abs(value * 1e4 - round(value * 1e4)) > 1e-3


@cache  # a pure function of one printed share; the same shares recur in every kommun
def answers_behind(value: float) -> int:
    """The fewest answers that give a printed share: 72,73 procent is 8 of 11,
    87,50 is 7 of 8; ANSWERS_CHECKED + 1 when no count up to ANSWERS_CHECKED fits.
    An unrounded share (see unrounded) is read up to ANSWERS_EXACT answers.

    It is a lower bound: the true count may be a multiple (85,71 is 6 of 7 or 30
    of 35), so one share says little and the largest bound over several says most.
    """
    if unrounded(value):
        near = Fraction(value / 100).limit_denominator(ANSWERS_EXACT)
        if abs(float(near) * 100 - value) <= EXACT_TOLERANCE:
            return near.denominator
    for n in range(1, ANSWERS_CHECKED + 1):
        if abs(100 * round(value * n / 100) / n - value) <= FRACTION_TOLERANCE:
            return n
    return ANSWERS_CHECKED + 1


def few_answers(values: Sequence[float]) -> bool:
    """Whether survey shares of one kommun rest on a handful of answers (SPRAK.md:
    small bases).

    Kolada gives no counts, but a share printed with decimals is a fraction of the
    answers: "72,73" is 8 of 11, "85,71" is 6 of 7 (what an editor read off the
    figures). Each share bounds the count from below; the shares are few when even
    the largest bound is at most FEW_ANSWERS, judged on two shares at least.
    """
    if len(values) < SHARES_CHECKED:
        return False
    return max(answers_behind(v) for v in values) <= FEW_ANSWERS


#: shares needed to judge the number of answers (one fits a small count by chance)
SHARES_CHECKED = 2


class Evidence(NamedTuple):
    """What tells how many answered a survey share in a year."""

    #: the shares printed with decimals it is read off (see :func:`_shares_behind`)
    shares: list[float]
    #: the count its own women/men split gives (see :func:`_split_count`)
    split: int | None
    #: whether ``shares`` are its own group's, not the whole enkät's: the enkät's count
    #: is an upper bound for a smaller group, never its own ("Svaren kommer från ett
    #: åttiotal personer" of Simrishamn's ungdomar, some eight: an editor's finding)
    own: bool


def _evidence(data: Data, ind: Indicator, code: str, year: int) -> Evidence:
    """The shares and the split that tell how many answered ``ind`` in ``year``."""
    shares, own = _shares_behind(data, ind, code, year)
    return Evidence(shares, _split_count(data, ind.id, code, year), own)


def answers_estimate(
    data: Data, ind: Indicator, values: Sequence[float], split: int | None
) -> int | None:
    """About how many answered a survey share in a year, from its _evidence: the
    largest count its group's shares are fractions of (see :func:`few_answers`), or
    None where that is over ANSWERS_CHECKED or the shares do not tell. Several
    questions of about fifty answers each (47 of 50, 51 of 52, 40 of 51) say that
    about fifty answered."""
    bounds = [answers_behind(v) for v in values] if len(values) >= SHARES_CHECKED else []
    if split is not None and not data.surveys.get(ind.answered_by or "", ())[1:]:
        # a group of one question: its own split tells, not the enkät's other groups
        return split
    most = max([*bounds, *([split] if split is not None else [])], default=None)
    if most is None:
        return None
    if most > ANSWERS_CHECKED:
        # over what a rounded share tells: known only where an unrounded share says it
        exact = [answers_behind(v) for v in values if unrounded(v)]
        return most if exact and max(exact) == most <= ANSWERS_EXACT else None
    # Vallentuna's 49 of 67 and 38 of 47 answers (an editor's "well within chance")
    return most if most <= ANSWERS_SURE or len(bounds) >= 3 else None


#: a survey share's change is news when it is at least this many standard errors
#: (a two-proportion test on the answers read off the shares, at about 95 procent)
CHANCE_Z = 1.96


def within_chance(before: float, now: float, n_before: int | None, n_now: int | None) -> bool:
    """Whether a survey share's move from ``before`` to ``now`` (procent) is within
    what chance gives on so few answers: Mark's 79 → 86 procent on about fifty
    answers a year is four people, under one standard error (an editor's finding).

    A year whose count the shares do not tell had more than ANSWERS_CHECKED: judged
    at that many, which makes the test no stricter than the answers allow. Unknown
    in both years: not judged (a large survey)."""
    if n_before is None and n_now is None:
        return False
    n1 = n_before if n_before is not None else ANSWERS_CHECKED + 1
    n2 = n_now if n_now is not None else ANSWERS_CHECKED + 1
    a, b = before / 100, now / 100
    pooled = (a * n1 + b * n2) / (n1 + n2)
    variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2)
    if variance <= 0:
        return False  # 0 or 100 procent both years: no move at all
    return abs(b - a) < CHANCE_Z * variance**0.5


#: at most this many of a kommun's children (or young adults) behind a share, by the
#: estimate of group_count: "ett litet antal"
SMALL_GROUP = 50


def group_count(data: Data, ind: Indicator, code: str, share_of: float) -> float | None:
    """About how many of the kommun's children (or young adults) a share of them is
    (the age group as an average part of the inhabitants, GROUP_SHARE); None for a
    share of anything else."""
    share = GROUP_SHARE.get(ind.population)
    people = data.inhabitants.get(code)
    if share is None or people is None or ind.unit not in PERCENT_UNITS:
        return None
    return share_of / 100 * people * share


def counts_within_chance(data: Data, ind: Indicator, code: str, before: float, now: float) -> bool:
    """Whether a share of the kommun's children (or young adults) moved by no more than
    chance moves a count of that size: Gnesta's 1,4 → 1,2 procent of its 0–20-åringar
    in öppenvård is some 34 and 29 children, a difference well within the yearly
    spread of such counts (an editor's finding: "minskar" on half a dozen children).
    The counts are taken as Poisson: the difference's variance is their sum."""
    n1, n2 = group_count(data, ind, code, before), group_count(data, ind, code, now)
    if n1 is None or n2 is None:
        return False
    return n1 + n2 > 0 and abs(n2 - n1) < CHANCE_Z * (n1 + n2) ** 0.5


def _few_answers(
    data: Data,
    ind: Indicator,
    code: str,
    evidence: Mapping[int, Evidence],
) -> bool:
    """few_answers for the year or the year it is compared with (their _evidence),
    or, for a year in whole procent, whole_answers on the shares its group answered."""
    return any(
        few_answers(values)
        or _group_whole_answers(data, ind.answered_by or "", code, y)
        or (split is not None and split <= FEW_ANSWERS)
        for y, (values, split, _) in evidence.items()
    )


def _group_whole_answers(data: Data, group: str, code: str, year: int) -> bool:
    """whole_answers or whole_split_answers on the shares a survey group answered, once
    per group, kommun and year (Data.whole_memo): a tenth of the analysis went to
    asking it again for each of the group's questions."""
    key = (group, code, year)
    hit = data.whole_memo.get(key)
    if hit is None:
        near = data.surveys.get(group, ())
        hit = whole_answers(_shares_of(data, near, code, year)) or whole_split_answers(
            _splits_of(data, near, code, year)
        )
        data.whole_memo[key] = hit
    return hit


def _shares_of(data: Data, kpis: Sequence[str], code: str, year: int) -> list[float]:
    return [v for k in kpis if (v := data.total.get((k, code), {}).get(year)) is not None]


#: the most answers whole_answers looks for, and the shares it needs: four shares in
#: whole procent fit one count up to 15 by chance less than once in a thousand
WHOLE_ANSWERS = 15
WHOLE_SHARES = 4
#: three shares fit one count up to 10 by chance about twice in a thousand: Lycksele's
#: 80, 80 and 40 procent of its sysselsättning are four, four and two of five, and
#: its "lowest of 68 kommuner" stood without a word of how few (an editor's finding)
WHOLE_ANSWERS_OF_THREE = 10


def whole_answers(values: Sequence[float]) -> bool:
    """Whether shares printed in whole procent all fit one small number of answers:
    Kumla's 89, 78, 67 and 56 procent are 8, 7, 6 and 5 of 9 (an editor's finding),
    where a large survey's shares fit no such count. Shares at 0 or 100 fit any."""
    shares = [v for v in values if 0 < v < 100]
    if len(shares) < WHOLE_SHARES - 1 or not all(_whole(v) for v in shares):
        return False
    most = WHOLE_ANSWERS if len(shares) >= WHOLE_SHARES else WHOLE_ANSWERS_OF_THREE
    return any(
        all(round(100 * round(v * n / 100) / n) == round(v) for v in shares)
        for n in range(2, most + 1)
    )


def _splits_of(
    data: Data, kpis: Sequence[str], code: str, year: int
) -> list[tuple[float, float, float]]:
    """The (total, women, men) shares of one year of the kpis that have all three."""
    out = []
    for k in kpis:
        t = data.total.get((k, code), {}).get(year)
        w = data.women.get((k, code), {}).get(year)
        m = data.men.get((k, code), {}).get(year)
        if t is not None and w is not None and m is not None:
            out.append((t, w, m))
    return out


#: the splits whole_split_answers needs: two questions give six whole-procent shares
WHOLE_SPLITS = 2


def whole_split_answers(splits: Sequence[tuple[float, float, float]]) -> bool:
    """Whether whole-procent shares with their women/men split all fit one small number
    of women and of men (together at most WHOLE_ANSWERS): Stenungsund's 92 procent (100
    for women, 88 for men) and 77 procent (60 and 88) are 12 and 10 of 13, five women
    and eight men, and were sold as "bland de tio bästa" (an editor's finding)."""
    if len(splits) < WHOLE_SPLITS or not all(_whole(v) for sp in splits for v in sp):
        return False
    for n_w in range(1, WHOLE_ANSWERS):
        for n_m in range(1, WHOLE_ANSWERS - n_w + 1):
            if all(_split_fits(sp, n_w, n_m) for sp in splits):
                return True
    return False


def _split_fits(split: tuple[float, float, float], n_w: int, n_m: int) -> bool:
    """Whether n_w women and n_m men can give the whole-procent shares of ``split``."""
    total, women, men = split
    a, b = round(women * n_w / 100), round(men * n_m / 100)
    return (
        abs(100 * a / n_w - women) <= 0.5
        and abs(100 * b / n_m - men) <= 0.5
        and abs(100 * (a + b) / (n_w + n_m) - total) <= 0.5
    )


def _shares_behind(data: Data, ind: Indicator, code: str, year: int) -> tuple[list[float], bool]:
    """_find_shares_behind, once per enkät, group, kommun and year (Data.shares_memo);
    the list it returns is shared and never changed."""
    key = (ind.survey or "", ind.answered_by or "", code, year)
    hit = data.shares_memo.get(key)
    if hit is None:
        hit = data.shares_memo[key] = _find_shares_behind(data, ind, code, year)
    return hit


def _find_shares_behind(
    data: Data, ind: Indicator, code: str, year: int
) -> tuple[list[float], bool]:
    """The shares printed with decimals that tell how many answered ``ind`` in
    ``year``: those its group of people answered that year (Indicator.answered_by);
    else the group's over the last ANSWERS_YEARS years together (a year rounded to
    whole procent, 2022, has none; the number of answers changes slowly); else
    those of the whole enkät that year, a larger group (Överkalix's "50 procent" of
    2022 beside 6 of 7 and 5 of 6 in the enkät's other questions). With them, whether
    they are the group's own (not the enkät's)."""
    enkat = data.surveys.get(ind.survey or "", ())
    near = data.surveys.get(ind.answered_by or "", ())
    # a group of one question: its women's and men's shares that year bound the count
    # too (Mölndal's 27,27 procent, 3 of 11, with 33,33 for men, 1 of 3: an editor's
    # "the lowest of 169 on eleven answers")
    own = _fractions_of(data, near, code, (year,)) + _split_fractions(data, near, code, year)
    if len(near) == 1 and len(own) >= SHARES_CHECKED:
        return own, True
    for kpis, years, of_group in (
        (near, (year,), True),
        # the group's own over the years before the enkät's other groups: Partille's
        # ungdomar (5 to 12 answers a year) are no more for the vårdnadshavare of
        # ekonomiskt bistånd beside them in the enkät (an editor's finding)
        (near, tuple(range(year - ANSWERS_YEARS, year + 1)), True),
        (enkat, (year,), False),
    ):
        values = _fractions_of(data, kpis, code, years)
        if len(values) >= SHARES_CHECKED:
            return values, of_group
    return [], False


def _fractions_of(data: Data, kpis: Sequence[str], code: str, years: Sequence[int]) -> list[float]:
    return [
        v
        for kpi in kpis
        for y in years
        if (v := data.total.get((kpi, code), {}).get(y)) is not None
        and _printed_as_fractions(data, kpi, y)
    ]


def _split_fractions(data: Data, kpis: Sequence[str], code: str, year: int) -> list[float]:
    """The women's and men's shares of ``kpis`` in a year printed with decimals."""
    return [
        v
        for kpi in kpis
        if _printed_as_fractions(data, kpi, year)
        for side in (data.women, data.men)
        if (v := side.get((kpi, code), {}).get(year)) is not None
    ]


def _printed_as_fractions(data: Data, kpi: str, year: int) -> bool:
    st = data.stats.get((kpi, year))
    return st is not None and st.fractions


def _split_at_bound(data: Data, shares: Sequence[str], code: str, year: int) -> bool:
    """Whether women or men stand at 0 or 100 procent in any share of the enkät in
    this kommun over the last ANSWERS_YEARS: a handful of answers on that side, so
    no gender split of the enkät is worth printing ("60 procent för kvinnor" beside
    "100 procent för kvinnor" in the same enkät is three of five; Ludvika's men at
    100 procent in 2020; editors' findings)."""
    years = range(year - ANSWERS_YEARS, year + 1)
    for kpi in shares:
        for side in (data.women, data.men):
            values = side.get((kpi, code), {})
            if any(_at_bound(values[y]) for y in years if y in values):
                return True
    return False


def split_answers(total: float, women: float, men: float) -> int | None:
    """The fewest answers that give a share and its women's and men's shares
    together, up to ANSWERS_CHECKED; None where no count fits.

    A question of a group of its own has no other shares to read its count off,
    but its split does: Partille's 63,64 procent of 2021 with 64,29 for women and
    62,5 for men is 9 of 14 and 5 of 8, 14 of 22 (an editor's finding: "a fall from
    64 to 40 procent is six or seven people").
    """
    step_w, step_m = answers_behind(women), answers_behind(men)
    for n in range(step_w + step_m, ANSWERS_CHECKED + 1):
        for nw in range(step_w, n, step_w):
            nm = n - nw
            if nm % step_m:
                continue
            answered = round(women * nw / 100) + round(men * nm / 100)
            if abs(100 * answered / n - total) <= FRACTION_TOLERANCE:
                return n
    return None


def _split_count(data: Data, kpi: str, code: str, year: int) -> int | None:
    """split_answers for one kommun's share in a year printed with decimals."""
    if not _printed_as_fractions(data, kpi, year):
        return None
    total = data.total.get((kpi, code), {}).get(year)
    women = data.women.get((kpi, code), {}).get(year)
    men = data.men.get((kpi, code), {}).get(year)
    if total is None or women is None or men is None:
        return None
    return split_answers(total, women, men)


#: the share of kommuner with a women/men split above which a kommun without one is
#: read as one with few answers (_unsplit)
UNSPLIT_SHARE = 0.6


def _unsplit(data: Data, ind: Indicator, code: str, year: int) -> bool:
    """Whether no share its group of people answered (Indicator.answered_by) has a
    women/men split in a year where most kommuner have one: the split is left out
    where too few answered. Burlöv's 97 procent trygga of 2022, after 75, had none,
    nor any other question of its äldreboenden, and led its text as a record (an
    editor's finding: a small base sold as a finding). One question without a split
    among others with one (Katrineholm's förståelse) is no sign of a small base."""
    stats = data.stats.get((ind.id, year))
    if stats is None or stats.split_share < UNSPLIT_SHARE:
        return False
    kpis = data.surveys.get(ind.answered_by or "", ()) or (ind.id,)

    def split(y: int) -> bool:
        return any(y in side.get((k, code), {}) for k in kpis for side in (data.women, data.men))

    # a kommun that never has one answered too few every year: Vansbro's "delad plats
    # 6" of nöjda med äldreboendet, Malå's "plats 280" on a couple of dozen answers
    # (an editor's finding; 80 of 286 kommuner had no split in 2022's enkät)
    return not split(year)


def _all_at_bounds(data: Data, kpi: str, code: str, year: int) -> bool:
    """Whether a survey share and its women's and men's shares all stand at 0 or 100
    procent: Nacka's "100 procent" of 2022 with 0 for women and 100 for men is a
    handful of men (an editor's finding), whatever the rounding."""
    values = [side.get((kpi, code), {}).get(year) for side in (data.total, data.women, data.men)]
    return all(v is not None and _at_bound(v) for v in values)


def _split_few(data: Data, kpi: str, code: str, year: int) -> bool:
    """Whether women's and men's shares, printed with decimals, rest on few answers
    each ("83,33 procent för kvinnor och 70,37 för män" is 5 of 6 and 19 of 27)."""
    if not _printed_as_fractions(data, kpi, year):
        return False
    sides = [side.get((kpi, code), {}).get(year) for side in (data.women, data.men)]
    return few_answers([v for v in sides if v is not None])


def _measured(stats: Mapping[tuple[str, int], YearStats]) -> dict[str, frozenset[int]]:
    out: dict[str, set[int]] = {}
    for kpi, year in stats:
        out.setdefault(kpi, set()).add(year)
    return {k: frozenset(v) for k, v in out.items()}


def _surveys(config: Config) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for ind in config.indicators:
        for key in (ind.survey, ind.answered_by):
            if key:
                out.setdefault(key, []).append(ind.id)
    return {k: tuple(sorted(set(v))) for k, v in out.items()}


def _fraction_share(values: Iterable[float]) -> float:
    """The share of values printed with decimals (see YearStats.fractions)."""
    vs = list(values)
    if not vs:
        return 0.0
    return sum(1 for v in vs if not _whole(v)) / len(vs)


def _whole(value: float) -> bool:
    """A share printed in whole procent (no decimals within FRACTION_TOLERANCE)."""
    return abs(value - round(value)) <= FRACTION_TOLERANCE


def _split(
    ind: Indicator, women: float | None, men: float | None, total: float | None = None
) -> tuple[float | None, float | None]:
    """The gender split worth printing: none from a survey where either side is
    0 or 100 procent, a sure sign of a handful of answers ("0 procent för kvinnor
    och 100 procent för män" is one or two people; SPRAK.md: small bases)."""
    if women is None or men is None:
        return women, men
    if ind.is_survey and any(_at_bound(v) for v in (women, men)):
        return None, None
    if ind.is_survey and total is not None and _smaller_side(total, women, men) < MIN_SIDE:
        return None, None
    return women, men


#: the least share of a survey's answers that women (or men) must give for their
#: figures to be told apart (see _smaller_side)
MIN_SIDE = 0.2
#: women and men at least this far apart tell how the answers split between them
SIDE_GAP = 8.0


def _smaller_side(total: float, women: float, men: float) -> float:
    """The share of the answers that the smaller side gave, read off the total as
    the two sides' weighted mean: 68 procent beside 70 for women and 50 for men is
    nine answers of ten from women, so "50 procent för män" is a handful (an
    editor's finding). 0.5 when the figures are too close to tell."""
    if abs(women - men) < SIDE_GAP:
        return 0.5
    share_men = min(max((total - women) / (men - women), 0.0), 1.0)
    return min(share_men, 1 - share_men)


def _at_bound(value: float) -> bool:
    """A share at 0 or 100 procent: in a survey, the mark of a small base."""
    return value <= 0.0 or value >= 100.0


def _shown_change(ind: Indicator, value: float | None, previous: float | None) -> float | None:
    """The change between two printed figures; None when either is missing."""
    if value is None or previous is None:
        return None
    if ind.is_categorical:
        return value - previous
    diff = precision.shown_difference(value, previous, ind.unit, ind.decimals)
    if ind.unit in PERCENT_UNITS and ind.decimals >= 1 and diff:
        fine = float(precision.fixed(value, 1) - precision.fixed(previous, 1))
        if abs(fine) < abs(diff) / 2:
            # whole procent would invent the move: 10,49 and 10,55 print as "10 procent,
            # mot 11 procent" (an editor's finding); the text prints one decimal then
            return fine
    return diff


def _missing(ind: Indicator, kommun: Kommun, current: int | None) -> IndicatorFacts:
    facts = IndicatorFacts(
        indicator=ind,
        kommun=kommun,
        current_year=current,
        year=None,
        value=None,
        previous=None,
        change=None,
        relative_change=None,
        national_change=None,
        trend=None,
        rank=None,
        comparisons=(),
        women=None,
        men=None,
        answer=None,
        change_z=0.0,
        level_z=0.0,
    )
    return _with_facts(facts)


def _z(diff: float | None, spread: float) -> float:
    if diff is None or spread <= 0:
        return 0.0
    return abs(diff) / spread


def _rank(stats: YearStats, value: float, ind: Indicator, base: int = 1) -> Rank:
    """Competition ranking ("1, 2, 2, 4") among kommuner, best (or highest) first.

    ``small`` marks a rank among fewer than ``base`` kommuner (SPRAK.md: small bases).
    """
    values = stats.values
    n = len(values)
    below = bisect_left(values, value)
    above = n - bisect_right(values, value)
    tied = n - below - above
    better, worse = (below, above) if ind.direction == "lower" else (above, below)
    quarter = n / 4
    # a tie shared by many is neither end: it belongs to a band only if it is clear of the other
    if better + 1 <= quarter <= worse:
        # as the printed rank reads: "plats 22 av 85" is no top quarter (26 %)
        band = "top"
    elif n - better <= quarter:
        # counted from the bottom as the top is from the top, whole tie included: the
        # 73rd lowest of 290 (plats 218) is no lowest quarter, which holds 72 kommuner
        # (Karlsborg, review r39); "plats 208 av 286" (73 %) is none either
        band = "bottom"
    else:
        band = "middle"
    # a rank among one kommun (a kommun's own figures) is never a rank
    return Rank(
        rank=better + 1,
        n=n,
        band=band,
        tied=tied,
        small=n < max(base, 2),
        most_tied=stats.most_tied,
    )


#: of the years before, how many are looked at, and in how many the kommun must have
#: stood at the same end of the field for its place to be its lot (see held_place)
HELD_YEARS, HELD_AT_END = 4, 3


def _end(rank: Rank) -> str | None:
    """The end of the field a rank is among (the outer tenth, whole tie counted), or
    None in between."""
    edge = extreme_edge(rank.n)
    if rank.rank + rank.tied - 1 <= edge:
        return "top"
    if rank.n - rank.rank + 1 <= edge:
        return "bottom"
    return None


def held_place(
    data: Data, ind: Indicator, series: Mapping[int, float], year: int, rank: Rank
) -> str:
    """Whether a place at an end of the field is old news: "end" when the kommun stood
    in the same outer tenth in at least HELD_AT_END of its HELD_YEARS measured years
    before ``year``, "band" when in the same outer quarter, "" otherwise.

    Mörbylånga's cost of individ- och familjeomsorgen "hör till landets lägsta", as it
    has since 2017, headed a text whose news was a rise of 33 procent, the third in a
    row (an editor, review r40).
    """
    end = _end(rank)
    if end is None and rank.band == "middle":
        return ""
    ends = bands = 0
    for y in sorted(y for y in series if y < year)[-HELD_YEARS:]:
        stats = data.stats.get((ind.id, y))
        if stats is None:
            continue
        then = _rank(stats, series[y], ind)
        ends += end is not None and _end(then) == end
        bands += then.band == rank.band
    if ends >= HELD_AT_END:
        return "end"
    return "band" if bands >= HELD_AT_END and rank.band != "middle" else ""


#: percent of its value a move must be to weigh against a place held for years
LEAVE_RELATIVE = 10.0


def leaves_held_place(f: IndicatorFacts) -> bool:
    """Whether the year's move is real, large (LEAVE_RELATIVE) and away from the end of
    the field the kommun has held for years (``f.held``): then the move is the news and
    the place the background. Mörbylånga's cost of missbruksvården, among the lowest
    since 2015, rose by 58 procent (200 → 315 kronor) under the headline "är bland de
    lägsta i landet" (an editor, review r40). A held place with no such move stays the
    finding it was ("Andelen barn och unga i öppenvård är låg i Trosa")."""
    rank, shown, rel = f.rank, f.shown_change, f.relative_change
    if not f.held or rank is None or not shown or rel is None or abs(rel) < LEAVE_RELATIVE:
        return False
    if f.tiny or f.steady or f.in_noise or f.flat_real or f.returns or f.dip is not None:
        return False
    # the top of the field holds the highest values unless lower is better
    high_end = (rank.band == "top") != (f.indicator.direction == "lower")
    return (shown < 0) == high_end


def _trend(
    series: Mapping[int, float],
    ind: Indicator | None = None,
    measured: Collection[int] = (),
) -> Trend:
    """Streak, break and record (see _trend_of); of a cost in kronor, only as far as they
    hold in fixed prices too (prices.in_fixed_prices): Motala's bistånd "har ökat fem år
    i rad" fell in 2021 and 2022 in fixed prices, Härjedalen's missbruksvård "den högsta
    under 1998–2022" was higher in 2017 (editors' findings, review r31)."""
    nominal = _trend_of(series, ind, measured)
    if ind is None or ind.unit != "kronor":
        return nominal
    fixed = prices.in_fixed_prices(series)
    if len(fixed) < 2:
        return nominal
    # (in fixed prices the direction only: _flat_last judges the last step there)
    real = _trend_of(fixed, ind, measured, sized=False)
    same_way = nominal.direction == real.direction and not _flat_last(fixed)
    streak = min(nominal.streak, real.streak) if same_way else 0
    return replace(
        nominal,
        streak=streak,
        direction=nominal.direction if streak else 0,
        # a record over years the price index does not reach cannot be checked
        record=nominal.record
        if nominal.record == real.record and len(fixed) == len(series)
        else None,
        broke=nominal.broke if same_way and nominal.broke == real.broke else 0,
        since=nominal.since if nominal.since is not None and nominal.since == real.since else None,
    )


def _flat_last(fixed: Mapping[int, float]) -> bool:
    """Whether a cost's last step in fixed prices is within STEADY_KRONOR percent: no
    streak ends on it. Sunne's missbruksvård, "i stort sett oförändrad" in fixed prices,
    was "den åttonde ökningen i rad" in the next sentence (an editor, review r38)."""
    years = sorted(fixed)
    if len(years) < 2 or not fixed[years[-2]]:
        return False
    step = (fixed[years[-1]] - fixed[years[-2]]) / abs(fixed[years[-2]]) * 100
    return abs(step) < STEADY_KRONOR


def _trend_of(
    series: Mapping[int, float],
    ind: Indicator | None = None,
    measured: Collection[int] = (),
    sized: bool = True,
) -> Trend:
    """Streak, break and record, counted on the printed figures of ``ind``.

    A year whose figure prints as the year before ends a streak ("0,8 procent,
    samma som året innan" is no "andra året i rad"), and a record must print
    above (or below) every earlier figure. ``sized``: a step counts only where it is
    large enough to be one (_streak_step); off for a cost in fixed prices, whose
    direction alone is checked beside the nominal streak.
    """
    steps = raw = series
    if ind is not None:
        unit, decimals = ind.unit, ind.decimals
        # the earlier steps at the indicator's decimals: 13,47 → 12,90 procent is a fall
        # though both print as 13 (Södertälje's "elfte minskningen i rad" was the
        # twelfth: an editor's finding); the last step must print as a move
        steps = {y: float(precision.fixed(v, decimals)) for y, v in series.items()}
        series = {y: precision.shown_float(v, unit, decimals) for y, v in series.items()}
    years = sorted(series)
    signs = _signs(steps, years, _streak_step(ind, raw) if sized else None)
    shown = _signs(series, years)
    streak, direction = 0, signs[-1] if signs and shown and shown[-1] == signs[-1] else 0
    if direction:
        for s in reversed(signs):
            if s != direction:
                break
            streak += 1
    broke = 0
    if direction and len(signs) > streak:
        rest = signs[: len(signs) - streak]
        for s in reversed(rest):
            if s != -direction:
                break
            broke += 1
    value, others = series[years[-1]], [series[y] for y in years[:-1]]
    record = None
    # a survey's record must stand clear of who happened to answer (SURVEY_NOISE),
    # however long the series: Norrtälje's 84 procent "på sin lägsta nivå" beside 85 in
    # 2018, Karlstad's 68 "den lägsta sedan mätningarna började 2012" beside 70 in
    # 2014, Säffle's 60 beside 63 (editors, reviews r30 and r39)
    margin = SURVEY_NOISE if ind is not None and ind.is_survey else 0.0
    if ind is not None:
        # by two printed steps at least: Tjörn's 4,5 procent "den högsta under 2015–2022"
        # beside 4,4 in 2018 was 0,06 procentenheter, a handful of people (an editor, r37)
        margin = max(margin, RECORD_STEPS * 10.0**-ind.decimals)
    if len(years) >= RECORD_MIN_YEARS:
        if all(value > v + margin for v in others):
            record = "highest"
        elif all(value < v - margin for v in others):
            record = "lowest"
    return Trend(
        streak=streak,
        direction=direction if streak else 0,
        record=record,
        record_span=len(years),
        first_year=years[0],
        broke=broke if streak == 1 else 0,
        since=None if record else _since_both(series, raw, years, direction, measured),
    )


#: a step of a share in procent smaller than both of these is no link of a streak:
#: Askersund's long-term bistånd "har ökat tre år i rad" by 34,3 → 34,9 procent (one
#: person, 1,7 procent of the value), Karlstad's "för tredje året i rad" by 0,57
#: procentenheter (1,4 procent) while fewer had it (an editor, review r39); Svedala's
#: old with hemtjänst "har ökat två år i rad" by 5,85 → 6,03 procent (3,1 procent of the
#: value), Ånge's "efter två års minskning" by 27,4 → 26,4 (3,6 procent; review r40);
#: Skinnskatteberg's old with hemtjänst "minskade för andra året i rad" by 10,49 →
#: 10,02 (4,4 procent; review r41): the line of a tiny move (TINY_PP, TINY_RELATIVE),
#: so that no link of a streak would be told "ungefär som året innan" on its own
STREAK_PP = 1.0
STREAK_RELATIVE = 0.05


def real_step(before: float, after: float) -> bool:
    """Whether a share in procent moved by STREAK_PP procentenheter or STREAK_RELATIVE of
    its value: a step of a streak, and of a register share no "ungefär som året innan"."""
    diff = abs(after - before)
    return diff >= STREAK_PP or diff >= STREAK_RELATIVE * abs(before)


def _streak_step(
    ind: Indicator | None, raw: Mapping[int, float]
) -> Callable[[int, int], bool] | None:
    """What counts as a step of a streak for ``ind`` (None: any move): of a share in
    procent, a real_step of Kolada's values (the printed figures may round a step of
    0,6 up to 1); of a cost or a rate, a step no smaller than a change that may lead
    (TINY_RELATIVE of the value): Eksjö's missbruksvård "har minskat fyra år i rad"
    over 728,6 → 727,6 kronor, Säter's IFO "ökat sex år i rad" over a step of 4,6
    procent (an editor, review r41: 19 of 38 such headlines)."""
    if ind is None:
        return None
    if ind.unit == "percent_signed":
        # a deviation from the reference cost in procentenheter: near zero a share of the
        # value says nothing (Valdemarsvik's 37,73 → 37,09 "minskat tre år i rad": r42)
        return lambda a, b: abs(raw[b] - raw[a]) >= STREAK_PP
    if ind.unit == "percent":
        return lambda a, b: real_step(raw[a], raw[b])
    return lambda a, b: abs(raw[b] - raw[a]) >= TINY_RELATIVE / 100 * abs(raw[a])


def _signs(
    series: Mapping[int, float],
    years: Sequence[int],
    real: Callable[[int, int], bool] | None = None,
) -> list[int]:
    """The direction of each step of consecutive years since the last gap (0 for the
    step between years a and b that ``real(a, b)`` does not count)."""
    signs: list[int] = []
    for a, b in zip(years, years[1:], strict=False):
        if b != a + 1:
            signs = []  # a gap breaks every streak
            continue
        diff = series[b] - series[a]
        if diff == 0 or (real is not None and not real(a, b)):
            signs.append(0)
        else:
            signs.append(1 if diff > 0 else -1)
    return signs


def _since_both(
    shown: Mapping[int, float],
    raw: Mapping[int, float],
    years: Sequence[int],
    direction: int,
    measured: Collection[int] = (),
) -> int | None:
    """:func:`_since` where the printed figures and Kolada's own values agree on the
    year, else none: "sedan 2014, då den var 36 procent" of 35,7 against 36,2 now was
    no "as high" to an editor with Kolada's values, and "lägst sedan 2005" past a 1,0
    in 2010 beside 1,0 now would be none to a reader of the table."""
    year = _since(shown, years, direction, measured)
    return year if year == _since(raw, years, direction, measured) else None


#: how far the value of a "sedan" year may lie past today's: twice the latest step,
#: or twice a tenth of the value where the step was small
SINCE_NEAR = 2.0
SINCE_NEAR_RELATIVE = 0.1


def _since(
    series: Mapping[int, float],
    years: Sequence[int],
    direction: int,
    measured: Collection[int] = (),
) -> int | None:
    """The year it was last as high (as low, after a fall) as now, if that is news:
    every year in between printed lower (higher), and it is SINCE_MIN_YEARS back.

    A year in between that other kommuner have and this one lacks leaves it unknown
    ("lägst sedan 2019" with no value for 2020: an editor's finding): no year then."""
    if not direction or len(years) < 2:
        return None
    now = series[years[-1]]
    for year in reversed(years[:-1]):
        value = series[year]
        if (value >= now) if direction > 0 else (value <= now):
            gaps = [y for y in measured if year < y < years[-1] and y not in series]
            if gaps:
                return None
            # "lägst sedan 2015, då det var 0,6 procent" of 2,2 now named a year far
            # below, not one as low (an editor's finding): the year must be near
            step = abs(now - series[years[-2]])
            if abs(value - now) > SINCE_NEAR * max(step, abs(now) * SINCE_NEAR_RELATIVE):
                return None
            return year if years[-1] - year >= SINCE_MIN_YEARS else None
    return None


def _comparisons(
    data: Data, kommun: Kommun, ind: Indicator, area: Area, year: int, value: float
) -> tuple[Comparison, ...]:
    lan = data.reference.lan_of(kommun)
    candidates = [("riket", RIKET_ID), ("kommungrupp", kommun.kommungrupp)]
    # a kommun that is its own län (Gotland) is never compared with itself (SPRAK.md)
    if lan.code not in data.own_lan:
        candidates.insert(1, ("lan", lan.region_id))
    if area.similar_group:
        gid = data.similar.get((area.similar_group, kommun.code))
        if gid:
            candidates.append(("liknande", gid))
    own = data.total.get((ind.id, kommun.code), {})
    out = []
    for kind, uid in candidates:
        series = data.total.get((ind.id, uid), {})
        other = series.get(year)
        if other is not None and not _mirrors(series, own):
            out.append(Comparison(kind=kind, id=uid, value=other, diff=value - other))
    return tuple(out)


#: the common years a comparison must equal the kommun in to be its own values
MIRROR_YEARS = 2


def _mirrors(series: Mapping[int, float], own: Mapping[int, float]) -> bool:
    """Whether a group's values are the kommun's own, year by year: Malmö alone answered
    for the storstäder, and "lika högt som i kommungruppen storstäder" compared it with
    itself (an editor's finding)."""
    common = [y for y in series if y in own]
    return len(common) >= MIRROR_YEARS and all(abs(series[y] - own[y]) < 0.005 for y in common)


def _answer(data: Data, kommun: Kommun, ind: Indicator, year: int) -> Answer | None:
    series = data.total.get((ind.id, kommun.code), {})
    labels = dict(ind.scale)
    code = int(series[year])
    before = previous_year(series, year)
    prev = None if before is None else series[before]
    stats = data.stats.get((ind.id, year))
    values = stats.values if stats else ()
    same = bisect_right(values, code) - bisect_left(values, code)
    best = ind.best_code
    return Answer(
        code=code,
        label=labels.get(code, str(code)),
        previous_code=None if prev is None else int(prev),
        previous_label=None if prev is None else labels.get(int(prev), str(int(prev))),
        same=same,
        total=len(values),
        is_best=None if best is None else code == best,
        same_since=_same_since(series, year),
        prev_since=_prev_since(series, year),
        majority=_majority(values, code),
        again=_again(series, code, before),
    )


def _again(series: Mapping[int, float], code: int, before: int | None) -> int | None:
    """The last year before ``before`` with the answer ``code``, where the answer of
    ``before`` was another (see Answer.again)."""
    if before is None or int(series[before]) == code:
        return None
    return max((y for y, v in series.items() if y < before and int(v) == code), default=None)


#: A previous answer held this many measured years is a run worth saying when it ends
PREV_RUN = 3


def _prev_since(series: Mapping[int, float], year: int) -> int | None:
    """The first year of the run of the answer before ``year``'s, when that answer was
    another and held PREV_RUN measured years or more (Strömstad's brist på bostäder
    every year 2013–2021 before balans in 2022)."""
    earlier = sorted((y for y in series if y < year), reverse=True)
    if not earlier or series[earlier[0]] == series[year]:
        return None
    first, run = earlier[0], 0
    for y in earlier:
        if series[y] != series[earlier[0]]:
            break
        first, run = y, run + 1
    return first if run >= PREV_RUN else None


def _majority(values: Sequence[float], code: int) -> tuple[int, int] | None:
    """The answer more than half the kommuner give, with how many, when it is another
    than ``code``: "några LSS-boenden har internet" reads as progress unless the
    reader learns that 152 of 261 say all (an editor's finding)."""
    if not values:
        return None
    counts = Counter(int(v) for v in values)
    top, n = max(sorted(counts.items()), key=lambda item: item[1])
    return (top, n) if top != code and 2 * n > len(values) else None


def _same_since(series: Mapping[int, float], year: int) -> int | None:
    """The first year of the run of the same answer that ends in ``year``, or None
    when the answer before was another (or there was none)."""
    first = year
    for y in sorted((y for y in series if y < year), reverse=True):
        if series[y] != series[year]:
            break
        first = y
    return None if first == year else first


# ---------------------------------------------------------------- newsworthiness


def _with_facts(f: IndicatorFacts, riket_trend: Trend | None = None) -> IndicatorFacts:
    """Score every statement that can be made about ``f``.

    The scale is news judgement (SPRAK.md): an extreme rank (top or bottom ten)
    scores 2.0–2.45 and a changed yes/no answer 2.0, so that they beat any
    ordinary change (at most 2.0), a record (at most 1.9, weaker when Riket
    set the same record) or a streak; a move within the noise of a survey, or
    among too few kommuner to rank, is hardly news at all.
    """
    facts: list[Fact] = []
    kpi = f.indicator.id
    if f.value is None or f.missing_now:
        facts.append(Fact("missing", 0.1, kpi))
    if f.value is None:
        return _replace_facts(f, facts)
    if f.answer is not None:
        facts += _answer_facts(f)
        return _replace_facts(f, facts)
    facts += _change_facts(f)
    facts += _trend_facts(f, riket_trend)
    # a value shared by a quarter of the kommuner or more has no rank worth saying
    if f.rank is not None and not f.rank.small and not f.rank.crowded:
        edge = rank_edge(f.rank)
        shared = _shared_weight(f.rank.tied, f.rank.n)
        if edge <= extreme_edge(f.rank.n):
            # a place held for years weighs half when the year's move leaves it
            held = 0.5 if f.held == "end" and leaves_held_place(f) else 1.0
            facts.append(Fact("rank_extreme", (2.5 - 0.05 * edge) * shared * held, kpi))
        elif f.rank.band != "middle":
            # the outer tenth beats a record made by a step of a tenth (Huddinge's
            # nöjda at place 262 of 286 under its coverage's 6,5 → 6,3 procent)
            # (not of a cost per invånare, which the reference cost explains better)
            tenth = in_tenth(f.rank) and f.indicator.unit != "kronor"
            common = 0.5 if common_value(f) else 1.0
            held = 0.5 if leaves_held_place(f) else 1.0
            facts.append(Fact("rank_band", (1.0 if tenth else 0.6) * common * held, kpi))
    if _record_at_end(f):
        # a record where the kommun already stands near that end of the field beats
        # a move in the middle: "lägst sedan 2012, plats 258 av 285" (an editor's finding)
        facts = [
            Fact(x.kind, x.score * RECORD_AT_END, kpi) if x.kind == "record" else x for x in facts
        ]
    riket = f.comparison("riket")
    if riket is not None and f.shows_apart(f.value, riket.value):
        # on a small base a level far from Riket is as weak as an extreme rank:
        # "100 procent" in a survey of 31 kommuner is not news by itself
        weight = 0.3 if f.rank is not None and f.rank.small else 0.6
        # above Riket but below its own peers (or the reverse) is no finding to lead on
        peers = [c for c in f.comparisons if c.kind in ("kommungrupp", "liknande")]
        if peers and all(c.diff * riket.diff < 0 for c in peers):
            weight /= 3
        if f.indicator.is_survey and abs(f.value - riket.value) <= SURVEY_NOISE:
            # a survey share within its noise of riket's: Svedala's 100 procent "bemöts väl"
            # headed "ligger över riket" (96 procent) in a text with no news (review r40)
            weight /= 3
        # a value a quarter of the kommuner share (often 0 procent) is no finding, nor
        # one a tenth share at 0 or 100 procent or of a few units (common_value)
        if (f.rank is not None and f.rank.crowded) or common_value(f):
            weight /= 3
        # below Riket every year since 2012 is the kommun's lot, not this year's news:
        # "Umeå ligger under riket för antalet vräkningar" hid that they nearly halved
        if f.common_side:
            # where most kommuner are: what riket's weighting by the large ones makes, not
            # the kommun's news (Askersund's long-term bistånd "under riket" with 60
            # procent of the kommuner: an editor, review r39)
            weight /= 3
        elif f.same_side:
            weight /= 2
        facts.append(Fact("vs_riket", min(f.level_z, 3.0) * weight, kpi))
    gap = _shown_gap(f)
    least = 2 * SURVEY_NOISE if f.indicator.is_survey else 5.0
    # in a survey, women and men 30 procentenheter apart are a few answers each: no news
    most_gap = THIN_GENDER_GAP if f.indicator.is_survey else float("inf")
    if gap is not None and f.indicator.unit in PERCENT_UNITS and least <= abs(gap) < most_gap:
        # a survey's answers split by gender rest on few answers each: weak news
        # (under a place among the kommuner: "högre bland män" of a small enkät headed
        # a text whose news was its place, an editor's finding)
        # nor does a register share's (Vadstena's long-term bistånd "högre bland män"
        # headed a text whose news was a fall of 7,6 procentenheter)
        most = 0.45 if f.indicator.is_survey else 0.6
        facts.append(Fact("gender_gap", min(abs(gap) / 10, most), kpi))
    if not facts:
        # nothing moved or stands out (or it would be on a small base): the value itself
        facts.append(Fact("level", 0.05, kpi))
    if f.few or f.unsplit:
        # one or two vräkningar, or a share of six answers: a change, streak or record
        # is chance, and so is a place among the kommuner ("plats 121, bland de tio
        # sämsta" on three answers of six: an editor's finding); a level far from
        # Riket is still a level
        # (three vräkningar, twice riket per invånare, are still a finding: Laxå)
        single = f.indicator.counted is not None and f.people is not None and f.people[0] <= 1
        chance = f.indicator.is_survey or single
        weights = FEW_SURVEY_WEIGHTS if chance else FEW_WEIGHTS
        if units_swing(f) and f.dip is None:
            # not where it undoes a dip: Bjuv's 100 → 0 → 100 procent is no news of 2022
            weights = {**weights, "change": 1.0}
        facts = [Fact(x.kind, x.score * weights.get(x.kind, 1.0), x.indicator) for x in facts]
    if f.indicator.is_survey and _at_bound(f.value):
        # "100 procent" of a survey is mostly a handful of answers: not news by itself,
        # and no place among the kommuner ("hör till de tio bästa, med 100 procent" on
        # about a dozen answers: an editor's finding) unless the answers are many
        many = f.answers is not None and f.answers >= ANSWERS_SURE
        facts = [
            Fact(x.kind, x.score * 0.5, x.indicator)
            for x in facts
            if many or x.kind not in ("rank_extreme", "rank_band")
        ] or [Fact("level", 0.05, kpi)]
    elif _thin_survey(f, gap):
        # a move from "100 procent", or women and men 30 procentenheter apart: a
        # handful of answers, so the move is chance, not news (an editor's finding:
        # "100 → 67 procent" led a text in a survey of 38 kommuner)
        facts = [Fact(x.kind, x.score * 0.4, x.indicator) if x.kind in MOVES else x for x in facts]
    return _replace_facts(f, facts)


#: a share of a kommun's few units (config none:) that moved this many procentenheter,
#: all to none or none to most, changed its routine, not by chance: Tranås'
#: LSS-bostäder with a routine against violence, 13 → 88 procent, and its dagliga
#: verksamheter, none → 80 procent, were the news its text left out for "över riket"
#: (an editor, review r32)
UNITS_SWING = 50


def units_swing(f: IndicatorFacts) -> bool:
    """Whether a share of a few units moved by at least UNITS_SWING: every unit is
    counted, so a swing that large is news on few units too (and a change heads)."""
    shown = f.shown_change
    return (
        f.few and f.indicator.none is not None and shown is not None and abs(shown) >= UNITS_SWING
    )


#: what a large move back past an extreme year of a share of units weighs (see
#: _change_facts): told in the body (over 0.5), under a place in the outer quarter
#: (rank_band, 0.6); a register share's keeps 0.7 (Vadstena's long-term bistånd 44 →
#: 36 procent, riket flat at 47, led over a changed answer: an editor)
RETURN_UNITS = 0.55


#: Women and men this far apart in a survey share: the mark of a few answers each.
THIN_GENDER_GAP = 30.0


def _thin_survey(f: IndicatorFacts, gap: float | None) -> bool:
    """Whether a survey share rests on so few answers that a move is chance: the
    year before was at 0 or 100 procent, or women and men stand 30 procentenheter
    or more apart."""
    if not f.indicator.is_survey:
        return False
    if f.previous is not None and _at_bound(f.previous):
        return True
    return gap is not None and abs(gap) >= THIN_GENDER_GAP


#: How much stronger a record is when the kommun ranks near the same end (see _record_at_end)
RECORD_AT_END = 1.3


def common_value(f: IndicatorFacts) -> bool:
    """Whether the value is one that a tenth of the kommuner or more share, of a few
    units or at 0 or 100 procent: "100 procent" of LSS-boenden, as in 31 of 267
    kommuner, headed "ligger över riket" and "är hög" (editors' findings: a small
    base and a common value are half the news, beside riket or among the kommuner)."""
    if f.rank is None or f.value is None or f.rank.tied <= f.rank.n * COMMON_TIE_SHARE:
        return False
    return f.few or (f.indicator.unit in PERCENT_UNITS and _at_bound(f.value))


def _record_at_end(f: IndicatorFacts) -> bool:
    """Whether the latest value is a record at the end of the field it is near: its
    highest (lowest) level while among the quarter of kommuner with the highest
    (lowest) values."""
    if f.trend is None or f.trend.record is None or f.rank is None or f.rank.small:
        return False
    # at the very end the extreme rank leads already (and states the record beside it)
    if f.rank.band == "middle" or f.rank.crowded or rank_edge(f.rank) <= extreme_edge(f.rank.n):
        return False
    # rank 1 is the best value, or the highest one for direction none
    high_end = (f.rank.band == "top") != (f.indicator.direction == "lower")
    return (f.trend.record == "highest") == high_end


def _rest(f: IndicatorFacts) -> float:
    """The score of an indicator's news after its strongest fact."""
    scores = sorted((x.score for x in f.facts), reverse=True)
    return scores[1] if len(scores) > 1 else 0.0


def rank_edge(rank: Rank) -> int:
    """How far a rank is from the nearer end, counting the whole tie: "delad plats 1"
    shared by 29 is not "bland de tio bästa" (its tie reaches place 29)."""
    return min(rank.rank + rank.tied - 1, rank.n - rank.rank + 1)


def in_tenth(rank: Rank) -> bool:
    """Whether a place at the top or bottom quarter is in its outer tenth, whole tie
    counted ("plats 262 av 286": among the lowest in the country, not only the
    lowest quarter; an editor's finding)."""
    return rank.band != "middle" and not rank.crowded and rank_edge(rank) <= rank.n / 10


def _shared_weight(tied: int, n: int) -> float:
    """What an end place shared by ``tied`` kommuner is worth: a rank shared by many says
    little, but a handful sharing a place among the ten lowest is still among them
    ("plats 276 av 285", six sharing it, went unsaid under a place 58 of 286: an
    editor's finding)."""
    if tied <= 3:
        return 1.0
    return 0.6 if tied <= extreme_edge(n) else 0.3


def extreme_edge(n: int) -> int:
    """How far from either end a rank is "among the highest (lowest) in the country":
    the top or bottom tenth, at most ten places and at least two."""
    return min(10, max(2, n // 10))


def _trend_facts(f: IndicatorFacts, riket_trend: Trend | None) -> list[Fact]:
    """Streak, record, "highest since" and break; a record Riket shares is weaker."""
    trend, kpi = f.trend, f.indicator.id
    if trend is None or f.steady:
        # "ungefär som året innan" and "den åttonde ökningen i rad" of 6 944 → 7 078
        # kronor contradict each other (an editor's finding): a step that is about
        # the same makes no streak, record or break
        return []
    out = []
    # a record, streak or break made by a move of a tenth, or by a move within a
    # survey's noise, is weak news (an editor's rule)
    # (Luleå's coverage "den lägsta sedan 2015" on 6,8 → 6,7 procent led over its
    # nöjda in the lowest quarter: an editor's finding)
    weak = (
        0.35
        if _tiny(f)
        else 0.5
        if f.rank is not None and not f.rank.small and f.change_z < 0.5
        else 1.0
    )
    if _in_noise(f):
        weak = min(weak, 0.3)
    elif _near_noise(f):
        # "vänder nedåt" on a survey's 90 → 85 procent led over 41 → 97 procent of the
        # boenden (an editor's finding): a survey's move under twice its noise is weak
        weak = min(weak, 0.6)
    if f.value is not None and f.value == 0 and trend.record == "lowest":
        weak = min(weak, 0.5)  # nothing can be lower than nothing: the change is the news
    if trend.streak < LONG_STREAK:
        # (a long run of it is a finding: Södertälje's children in families with bistånd,
        # twelve falls in a row)
        weak *= _plain(f)
    if f.indicator.unit == "kronor" and (trend.direction > 0 or trend.record == "highest"):
        # a cost in current kronor rises with prices and wages: its highest level or a
        # streak of rises is mostly inflation, not news (an editor's finding)
        weak = min(weak, 0.4)
    if trend.streak >= 2:
        # a streak riket had too is the country's trend, not the kommun's news
        mirror = 0.6 if f.national_streak else 1.0
        # a swing back is no run: Ödeshög's 36 → 34 → 27 procent, back at 2019's 28
        run = min(weak, SWING_SINCE) if f.swing_back else weak
        out.append(Fact("streak", (0.5 + 0.35 * (trend.streak - 1)) * run * mirror, kpi))
    if trend.record:
        score = 1.3 + 0.03 * min(trend.record_span, 20)
        if riket_trend is not None and riket_trend.record == trend.record:
            score *= 0.6  # only mirrors the national trend (SPRAK.md)
        out.append(Fact("record", score * weak, kpi))
    elif trend.since is not None and f.year is not None:
        # "lägsta sedan 2019" is a short span: weaker than a place in the outer tenth
        # (Årjäng's children in families with bistånd, twice riket: an editor's finding)
        # nor, on a swing back, more than the swing: Ödeshög's 28 → 36 → 34 → 27 procent
        # "den lägsta sedan 2018" is back at 2019's level (an editor, review r43)
        since = min(weak, SWING_SINCE) if f.swing_back else weak
        out.append(Fact("since", min(0.75 + 0.05 * (f.year - trend.since), 1.4) * since, kpi))
    # "vänder nedåt" on a step of 0,1 procentenheter overclaims (an editor's finding)
    if trend.broke >= 2 and not _small_move(f):
        # a turn that only swings back over the two years it turns on: Dals-Ed's IFO 13
        # → 40 → 47 → 10 procent over the referenskostnad (an editor, review r44)
        # (across the two years it turns on, back where they began; a half step back
        # after two rises, 84 → 88 → 86, is still a turn)
        turn = min(weak, SWING_SINCE) if f.swing_back == 2 and trend.broke <= 2 else weak
        out.append(Fact("break", min(1.0 + 0.3 * trend.broke, 2.2) * turn, kpi))
    return out


def _change_facts(f: IndicatorFacts) -> list[Fact]:
    """A "change" when the printed figures differ, "unchanged" when they print alike.

    A change within a survey's noise is said but is not news; on a small base (or
    where no other kommun has the indicator, a kommun's own figures) the size of
    the change decides, so that the largest changes are told first.
    """
    kpi = f.indicator.id
    shown, national = f.shown_change, f.national_shown_change
    if shown is None:
        return []
    if shown == 0:
        # none both years of a rate of a handful (no child in a vräkt hushåll, as in
        # 170 kommuner) is hardly news (an editor's finding)
        nothing = f.value == 0 and f.indicator.counted is not None
        return [Fact("unchanged", 0.1 if nothing else 0.3, kpi)]
    if f.returns or f.dip is not None or f.swing_back:
        # back to where it was before an extreme year: told in the body when large
        # (93 → 39 procent after 40 in 2018 was left out of Kalmar's text; an editor),
        # with the year before; never the lead's move; a large move among the kommuner
        # counts too (Vadstena's long-term bistånd 44 → 36 procent, riket flat at 47)
        large = _size(f, shown) >= 0.8 or (f.rank is not None and f.change_z >= 1.5)
        # a share of units' under a place in the outer quarter of another: Ljungby's våld
        # text headed "ligger under riket" on 0 → 100 → 43 procent of a few units,
        # while its LSS-bostäder were in the best quarter (an editor, review r33)
        units = f.indicator.none is not None  # a share of units: an erratic series
        return [Fact("change", (RETURN_UNITS if units else 0.7) if large else 0.3, kpi)]
    if _in_noise(f) or _bound_unknown(f):
        return [Fact("change", 0.2, kpi)]
    if _tiny(f) or (f.steady and not f.indicator.is_survey):
        # (a register share's step of one person, said "ungefär som året innan")
        return [Fact("change", 0.25, kpi)]
    if f.rank is None or f.rank.small or f.change_z <= 0:
        size = _size(f, shown)
        return [Fact("change", size / (size + 0.5), kpi)]  # below 1, in order of size
    score = (0.4 + 0.5 * min(f.change_z, 3.2)) * _plain(f)
    if national and national * shown > 0:
        # the kommun only follows the country: weaker news
        score *= 0.6 if abs(national) >= abs(shown) / 2 else 0.85
    elif national and national * shown < 0:
        score *= 1.05
    return [Fact("change", score * real_share(f), kpi)]


def real_share(f: IndicatorFacts) -> float:
    """The part of a cost's change that fixed prices bear out (1 for other units): of
    Torsby's missbruksvård, 546 → 627 kronor in 2022, some 35 kronor was a rise in fixed
    prices and the rest inflation, so "ökar med 81 kronor" headed a mid-field cost (an
    editor, review r35)."""
    real, rel = f.real_change, f.relative_change
    if real is None or not rel or abs(real) >= abs(rel) or real * rel < 0:
        return 1.0
    return abs(real) / abs(rel)


#: a share with no better direction moved by less than this many z of the kommuner's
#: changes: context, not a finding (PLAIN_WEIGHT)
PLAIN_Z = 1.5
PLAIN_WEIGHT = 0.6
#: a streak this long is a finding whatever the measure
LONG_STREAK = 4


def _plain(f: IndicatorFacts) -> float:
    """The weight of a move of a share with no better direction (the share of äldre with
    hemtjänst): an ordinary step of it, its record or streak, is context beside a share
    that says how the service is. Oskarshamn's coverage 7,4 → 7,0 procent "den lägsta
    hittills" led over its nöjda falling from 95 to 88 procent; Norrtälje's second fall of
    6,8 → 6,4 over its trygga at a record 93 procent (editors' findings, reviews r30
    and r31). Costs, and deviations from the reference cost, keep their weight: in
    their areas they are the news."""
    plain = f.indicator.direction == "none" and f.indicator.unit == "percent"
    return PLAIN_WEIGHT if plain and f.change_z < PLAIN_Z else 1.0


#: A change smaller than this share of the value (percent) and, for a share, than
#: TINY_PP procentenheter, is told but never leads: 737 → 734 kronor, 8,6 → 8,7 procent.
TINY_RELATIVE = 5.0
TINY_PP = 1.0


def _in_noise(f: IndicatorFacts) -> bool:
    """Whether the latest change of a survey share is within its noise: at most
    SURVEY_NOISE procentenheter, or within chance on the answers behind it; of a share
    of the kommun's children, within chance on the children behind it."""
    shown = f.shown_change
    if shown is None or shown == 0:
        return False
    if f.indicator.is_survey:
        return survey_step_small(f) or f.chance
    # a share of a kommun's children: by the counts behind it (counts_within_chance)
    return f.chance


def survey_step_small(f: IndicatorFacts) -> bool:
    """Whether a survey share's latest step is at most SURVEY_NOISE procentenheter:
    noise for the facts (_in_noise) and "ungefär oförändrad" for the synthesis alike."""
    shown = f.shown_change
    return f.indicator.is_survey and shown is not None and abs(shown) <= SURVEY_NOISE


def _near_noise(f: IndicatorFacts) -> bool:
    """Whether a survey share's latest change is under twice its noise."""
    shown = f.shown_change
    return f.indicator.is_survey and shown is not None and abs(shown) < 2 * SURVEY_NOISE


def _small_move(f: IndicatorFacts) -> bool:
    """Whether the latest change is too small to turn a trend: tiny, within a survey's
    noise, or under half the typical change of the kommuner (2,0 → 1,9 procent)."""
    usual = f.rank is not None and not f.rank.small and f.change_z < 0.5
    return _tiny(f) or _in_noise(f) or usual


def _tiny(f: IndicatorFacts) -> bool:
    """Whether the latest change is too small to be news, whatever its z-score."""
    rel, shown = f.relative_change, f.shown_change
    real = f.real_change
    if real is not None and rel is not None and abs(real) < abs(rel):
        # a cost's inflation is no news: 8 procent in a year of 8 procent inflation
        rel = real
    if rel is None or shown is None or abs(rel) >= TINY_RELATIVE:
        return False
    return f.indicator.unit not in PERCENT_UNITS or abs(shown) < TINY_PP


def _bound_unknown(f: IndicatorFacts) -> bool:
    """A survey share moved to 0 or 100 procent on answers no printed share tells the
    number of: every one of a handful, as often as of many (SPRAK.md: 100 procent of a
    small survey is not news by itself). Järfälla's trygga i familjehemmet, 78 → 100
    procent in a survey 38 kommuner had values for, came to lead once the share of
    children in öppenvård weighed less (review r31)."""
    return (
        f.indicator.is_survey and f.value is not None and _at_bound(f.value) and f.answers is None
    )


def _size(f: IndicatorFacts, shown: float) -> float:
    """How large a change is without other kommuner to compare with: procentenheter
    for a share, else the relative change."""
    if f.indicator.unit in PERCENT_UNITS:
        return abs(shown) / 25  # 22 procentenheter: 0.88
    rel = f.relative_change
    return 0.1 if rel is None else abs(rel) / 100


def _shown_gap(f: IndicatorFacts) -> float | None:
    """Women minus men as the printed figures show it."""
    if f.women is None or f.men is None or f.indicator.is_categorical:
        return None
    return precision.shown_difference(f.women, f.men, f.indicator.unit, f.indicator.decimals)


#: a changed answer that at least this share of the kommuner give is weaker news
WIDESPREAD_ANSWER = 0.25


def _answer_facts(f: IndicatorFacts) -> list[Fact]:
    a = f.answer
    assert a is not None
    kpi = f.indicator.id
    common = bool(a.total) and a.same / a.total >= 0.5
    # the answer most kommuner give ("det är brist på bostäder") says little by itself
    facts = [Fact("answer", 0.15 if common else 0.4, kpi)]
    if a.previous_code is not None and a.previous_code != a.code:
        # a change to the answer most kommuner give is weaker news
        strong = a.is_best is not None and not common
        # an ordinal step ("Alla" to "Några" boenden with internet) is weaker than
        # a yes/no question that turned (an editor's rule); a turn with no better
        # answer, to one a quarter of the kommuner give, is weaker still
        score = 2.0 if strong else 1.0
        if a.is_best is None and a.same / a.total >= WIDESPREAD_ANSWER:
            score = 0.7
        if strong and a.same / a.total >= WIDESPREAD_ANSWER:
            # a turn to an answer a quarter of the kommuner give (Vadstena's "ja" to
            # automated handling, shared by 115) led over a fall of 7,6 procentenheter
            # in long-term bistånd (an editor's finding)
            score = 1.4
        if f.indicator.unit == "ordinal" and a.is_best is not None:
            # a step on a self-reported scale is rarely what a resident reads first; not
            # so the housing market, which has no better answer (Vara's brist på bostäder
            # again after balans was left out for one vräkning: an editor's finding)
            score *= 0.35
        facts.append(Fact("answer_changed", score, kpi))
    if a.total and a.same / a.total < 0.1:  # "få kommuner": one in ten at most
        rare = 1.0 + (0.1 - a.same / a.total) * 10
        if a.same_since is not None and f.year is not None and f.year - a.same_since >= 2:
            # the same rare answer for the third year is the kommun's lot, not news (Laxå's
            # "överskott" since 2020 read as new; an editor's finding)
            rare *= 0.5
        facts.append(Fact("answer_rare", rare, kpi))
    return facts


def _replace_facts(f: IndicatorFacts, facts: list[Fact]) -> IndicatorFacts:
    return replace(f, facts=tuple(sorted(facts, key=lambda x: (-x.score, x.kind))))


# ---------------------------------------------------------------- area score


@dataclass(frozen=True, slots=True)
class AreaScore:
    """Share of an area's yes/no questions answered with the desired answer (our own
    calculation, labelled as such in the text)."""

    year: int
    positive: int
    total: int
    share: float  # percent
    previous_share: float | None
    rank: int | None
    n: int
    #: kommuner with the same share this year, this one included (a shared rank)
    tied: int = 1
    #: the year before: positive answers of how many (a share on another base is
    #: said in counts, never compared as a share; SPRAK.md)
    previous_positive: int | None = None
    previous_total: int | None = None

    @property
    def crowded(self) -> bool:
        """The share is so common (:data:`CROWDED_TIE_SHARE`) that no rank is said."""
        return crowded(self.tied, self.n)


def scorable(area: Area) -> tuple[Indicator, ...]:
    """The area's yes/no indicators that have a desired answer."""
    return tuple(i for i in area.indicators if i.unit == "yesno" and i.best_code is not None)


def _score_in(data: Data, code: str, inds: Sequence[Indicator], year: int) -> tuple[int, int]:
    positive = total = 0
    for ind in inds:
        value = data.total.get((ind.id, code), {}).get(year)
        if value is not None:
            total += 1
            positive += int(int(value) == ind.best_code)
    return positive, total


def _scores(
    data: Data, area: Area, inds: Sequence[Indicator], year: int
) -> dict[str, tuple[int, int]]:
    """(positive, answered) of every kommun in one area and year, computed once."""
    key = (area.slug, year)
    if key not in data.score_memo:
        data.score_memo[key] = {
            k.code: _score_in(data, k.code, inds, year) for k in data.reference.kommuner
        }
    return data.score_memo[key]


def area_score(data: Data, kommun: Kommun, area: Area) -> AreaScore | None:
    """The area score of one kommun in the latest year it answered, with change and rank."""
    inds = scorable(area)
    if len(inds) < SCORE_MIN_INDICATORS:
        return None
    # one answered question is no share of "the factors": require enough answers
    years = [
        y
        for y in data.years
        if _scores(data, area, inds, y)[kommun.code][1] >= SCORE_MIN_INDICATORS
    ]
    if not years:
        return None
    year = years[-1]
    positive, total = _scores(data, area, inds, year)[kommun.code]
    share = positive / total * 100
    prev_pos, prev_total = _scores(data, area, inds, year - 1).get(kommun.code, (0, 0))
    shares = [
        p / t * 100
        for p, t in _scores(data, area, inds, year).values()
        if t >= SCORE_MIN_INDICATORS
    ]
    better = sum(1 for s in shares if s > share)
    tied = sum(1 for s in shares if s == share)
    enough = len(shares) >= data.config.thresholds.min_rank_base
    return AreaScore(
        year=year,
        positive=positive,
        total=total,
        share=share,
        previous_share=(
            prev_pos / prev_total * 100 if prev_total >= SCORE_MIN_INDICATORS else None
        ),
        rank=better + 1 if enough else None,
        n=len(shares),
        tied=tied,
        previous_positive=prev_pos if prev_total >= SCORE_MIN_INDICATORS else None,
        previous_total=prev_total if prev_total >= SCORE_MIN_INDICATORS else None,
    )


# -------------------------------------------------------------------- areas


@dataclass(frozen=True)
class AreaFacts:
    """One kommun × area: every indicator's facts, strongest first, and the area score."""

    kommun: Kommun
    area: Area
    indicators: tuple[IndicatorFacts, ...]  # in config order
    ranked: tuple[IndicatorFacts, ...]  # strongest news first
    score: AreaScore | None
    data_year: int | None

    @property
    def lead(self) -> IndicatorFacts | None:
        """The strongest indicator with a value for its current year: a text never
        leads on an older year (SPRAK.md), however newsworthy that year was."""
        first = self.ranked[0] if self.ranked else None
        return first if first is not None and not first.missing_now else None


#: a lead candidate its text would have to call chance (see caveated) ranks at this
#: share of its score: Vallentuna's 50 → 33 procent of about six led a text that said
#: itself such changes mean nothing, over shares of fifty answers (an editor's finding)
CAVEAT_LEAD = 0.3


#: a place of an indicator with no desired direction ranks at this share of its score
#: where another indicator of the area, in the country's outer tenth, moved at least
#: QUALITY_MOVE procentenheter: Tjörn's share of the old with hemtjänst, 4,4 → 4,5
#: procent and among the lowest, led over "personalen har tid", 81 → 69 procent and in
#: the lowest tenth (an editor, review r37)
LEVEL_BESIDE_MOVE = 0.5
QUALITY_MOVE = 10.0
#: the facts that tell a place among the kommuner or beside riket, not a move
PLACE_KINDS = ("rank_extreme", "rank_band", "vs_riket")


def caveated(f: IndicatorFacts) -> bool:
    """Whether a text led by ``f`` would have to say in its lead that the figure rests
    on a handful: a survey share too few answered to split by gender (``unsplit``), or
    a share or rate of a handful of answers, units, children or people (``few``). Such
    a text heads on what its own second paragraph calls chance ("kan skifta mycket",
    "Andelen gäller ett fåtal enheter", "Det är få fall"), and no communicator can
    publish it (editors, reviews r41 and r42: 5 and 4 of 40 texts). A swing of a few
    units is told in the body, where the area has other news, and withholds the text
    where it has none. A count of people ("Mjölby hade sex vräkningar 2022, två året
    innan") is exact, not a sample, and heads its text without a caveat: the count says
    how many (SPRAK.md); a count of one or two does not ("Ånge hade en vräkning 2022,
    mot ingen året innan": review r42)."""
    if f.unsplit:
        return True
    if not f.few:
        return False
    if f.indicator.counted is not None and f.people is not None:
        return f.people[0] <= FEW_PEOPLE_LEAD
    return True


#: a count of people this small heads no text (caveated)
FEW_PEOPLE_LEAD = 2


def _lead_weight(f: IndicatorFacts, facts: Sequence[IndicatorFacts]) -> float:
    """What share of its score an indicator ranks at as a lead candidate."""
    weight = CAVEAT_LEAD if caveated(f) else 1.0
    # a structural share (of the old with hemtjänst), not a cost: a cost's place is news
    if (
        f.indicator.direction == "none"
        and f.indicator.unit == "percent"
        and f.facts
        and f.facts[0].kind in PLACE_KINDS
    ):
        moved = any(
            g.indicator.direction != "none"
            and g.indicator.unit in PERCENT_UNITS
            and not g.few
            and g.shown_change is not None
            and abs(g.shown_change) >= QUALITY_MOVE
            and g.rank is not None
            and in_tenth(g.rank)
            for g in facts
        )
        if moved:
            weight *= LEVEL_BESIDE_MOVE
    return weight


def analyse_area(data: Data, kommun: Kommun, area: Area) -> AreaFacts:
    facts = tuple(analyse_indicator(data, kommun, ind, area) for ind in area.indicators)
    # current values first: an older year is context, never the news
    ranked = tuple(
        sorted(
            (f for f in facts if f.value is not None),
            # equal news (two records since 2012) ranks by the rest of its news: the
            # larger fall leads (Umeå's 82 → 69 procent nöjda, not the food's 74 → 66)
            key=lambda f: (
                f.missing_now,
                -round(f.score * _lead_weight(f, facts), 6),
                -round(_rest(f), 6),
                f.indicator.id,
            ),
        )
    )
    years = [f.current_year for f in facts if f.current_year is not None]
    return AreaFacts(
        kommun=kommun,
        area=area,
        indicators=facts,
        ranked=ranked,
        score=area_score(data, kommun, area),
        data_year=max(years) if years else None,
    )


# ------------------------------------------------------------ national and län


@dataclass(frozen=True)
class Spread:
    """One indicator across the country in its current year."""

    indicator: Indicator
    year: int
    n: int
    riket: float | None
    riket_previous: float | None
    low: tuple[Kommun, ...]  # kommuner with the lowest value
    high: tuple[Kommun, ...]  # kommuner with the highest value
    low_value: float
    high_value: float
    lan_high: tuple[str, float] | None  # (region id, value)
    lan_low: tuple[str, float] | None
    answers: tuple[tuple[int, int], ...]  # (code, count) for yes/no and ordinal
    #: fewer kommuner than ``thresholds.min_rank_base`` have a value: say how many
    small: bool = False


def spread(data: Data, ind: Indicator) -> Spread | None:
    """The national picture of one indicator: extremes, Riket, län, answer counts."""
    year = data.current_year.get(ind.id)
    if year is None:
        return None
    values = {k: data.total.get((ind.id, k.code), {}).get(year) for k in data.reference.kommuner}
    present = {k: v for k, v in values.items() if v is not None}
    lo, hi = min(present.values()), max(present.values())
    riket = data.total.get((ind.id, RIKET_ID), {})
    lan_values: list[tuple[str, float]] = []
    for lan in data.reference.lan:
        lan_value = data.total.get((ind.id, lan.region_id), {}).get(year)
        if lan_value is not None:
            lan_values.append((lan.region_id, lan_value))
    counts: dict[int, int] = {}
    if ind.is_categorical:
        for v in present.values():
            counts[int(v)] = counts.get(int(v), 0) + 1
    return Spread(
        indicator=ind,
        year=year,
        n=len(present),
        riket=riket.get(year),
        riket_previous=riket.get(year - 1),
        low=tuple(k for k, v in present.items() if v == lo),
        high=tuple(k for k, v in present.items() if v == hi),
        low_value=lo,
        high_value=hi,
        lan_high=max(lan_values, key=lambda x: (x[1], x[0])) if lan_values else None,
        lan_low=min(lan_values, key=lambda x: (x[1], x[0])) if lan_values else None,
        answers=tuple(sorted(counts.items())),
        small=len(present) < data.config.thresholds.min_rank_base,
    )
