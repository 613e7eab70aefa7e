"""A press text that keeps itself up to date: dateline, corrections, pinned text.

The final step of every press text, after :func:`text.press_text`:

- **Dateline**: the area's data year and the day its values were fetched:
  "Texten bygger på uppgifter för 2022, hämtade från Kolada den 30 augusti 2024."
  The day is the snapshot's ``fetched_at`` (its manifest), carried forward
  per KPI while the KPI's values stay the same (:func:`carry_dates`, with the
  dates of the last publish as input), so a night that fetches the same values
  again changes no page; never the wall clock, so an unchanged snapshot
  rebuilds byte-identical.
- **Correction**: the nightly compares the new snapshot with the one behind the
  last publish (changes.compare). A revision of a value the text states
  (``PressText.stated``: kpi and year of the kommun's own values, gender T) whose
  printed figure changed becomes one line: "Uppgiften för 2021 har ändrats av
  källan sedan förra versionen av texten: andelen … var tidigare 78 procent och
  är nu 80 procent." A revision that rounds to the same figure, of a value the
  text does not state, or a first build (no previous snapshot) gives none.
- **Pin**: a headline and/or lead from content/kommuner/<slug>.md (text.Pin)
  replaces the generated one while the area's data year is the pinned year; with
  other data the pin is dropped and a :class:`Notice` tells the run report.

Pure: the text, its facts and plain data in; a new text and notices out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from insyn.analyse.analysis import AreaFacts
from insyn.config import Indicator
from insyn.write import sv
from insyn.write.text import (
    DEVIATION,
    MISSING,
    Pin,
    PressText,
    Writer,
    _value,
    common_precision,
    said,
)

if TYPE_CHECKING:
    from insyn.data.changes import Revision

#: How many revised values the correction line names; it counts them all.
MAX_ITEMS = 3
#: (municipality, kpi, year) -> (old, new): the revised values of gender T.
RevisionIndex = Mapping[tuple[str, str, int], tuple[float, float]]

#: Kinds of notice for the run report.
PIN_DROPPED = "pin_dropped"
PIN_CORRECTED = "pin_corrected"
#: a press text that breaks a rule of textcheck (SPRAK.md): listed, still published
TEXT_RULE = "text_rule"


@dataclass(frozen=True)
class Updates:
    """What the final step needs besides a text and its facts: the same for every text."""

    #: the day the snapshot was fetched (manifest fetched_at); None when it has none
    fetched: date | None
    #: the snapshot is the invented sample (its dateline says so)
    sample: bool = False
    #: revised values since the previous snapshot; None: there is none (first build)
    revisions: RevisionIndex | None = None
    #: kpi -> the day its current values were first fetched (carry_dates); a KPI not
    #: here counts as fetched on ``fetched``
    dates: Mapping[str, date] = field(default_factory=dict)

    def date_of(self, facts: AreaFacts) -> date | None:
        """The day the area's values were fetched as they are now: the latest of its
        KPIs' dates (the snapshot's own day for a KPI without one)."""
        days = [self.dates.get(i.id, self.fetched) for i in facts.area.indicators]
        known = [d for d in days if d is not None]
        return max(known) if known else None


@dataclass(frozen=True)
class Notice:
    """Something the operator should know about one kommun × area's text."""

    kind: str  # PIN_DROPPED | PIN_CORRECTED | TEXT_RULE
    kommun: str  # slug
    area: str  # slug
    message: str  # Swedish, one line

    def as_dict(self) -> dict[str, str]:
        return {
            "kind": self.kind,
            "kommun": self.kommun,
            "area": self.area,
            "message": self.message,
        }


def fetched_date(manifest: Mapping[str, Any]) -> date | None:
    """The date part of a snapshot's ``fetched_at`` (as pages.data_date reads it)."""
    raw = str(manifest.get("fetched_at", ""))[:10]
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return None


def carry_dates(
    previous: Mapping[str, Any] | None, digests: Mapping[str, str], fetched: date | None
) -> dict[str, tuple[str, str]]:
    """kpi -> (digest of its values, ISO day they were first fetched).

    ``previous`` is the same map of the last publish (state: published.json), or
    None. A KPI whose values hash as before keeps its day; a new or changed one
    gets ``fetched``, the snapshot's day (without one, it is left out). Malformed
    entries of ``previous`` count as absent.
    """
    out = {}
    for kpi, digest in sorted(digests.items()):
        old = (previous or {}).get(kpi)
        if isinstance(old, (list, tuple)) and len(old) == 2 and old[0] == digest:
            try:
                out[kpi] = (digest, date.fromisoformat(str(old[1])).isoformat())
                continue
            except ValueError:
                pass
        if fetched is not None:
            out[kpi] = (digest, fetched.isoformat())
    return out


def dates_of(carried: Mapping[str, tuple[str, str]]) -> dict[str, date]:
    """kpi -> day, from a :func:`carry_dates` map."""
    return {kpi: date.fromisoformat(day) for kpi, (_, day) in carried.items()}


def revision_index(revisions: Iterable[Revision] | None) -> RevisionIndex | None:
    """Revisions of gender T with a value before and after (an added value is no
    revision, and a removed one is no longer stated), by (municipality, kpi, year)."""
    if revisions is None:
        return None
    return {
        (r.municipality, r.kpi, r.year): (r.old, r.new)
        for r in revisions
        if r.gender == "T" and r.old is not None and r.new is not None
    }


def by_kommun_and_kpi(
    index: RevisionIndex | None,
) -> dict[tuple[str, str], tuple[tuple[int, float, float], ...]]:
    """The revisions by (municipality, kpi), each as sorted (year, old, new): what the
    build's group keys hash, so that a group whose text gets (or loses) a correction
    is rebuilt."""
    out: dict[tuple[str, str], list[tuple[int, float, float]]] = {}
    for (muni, kpi, year), (old, new) in (index or {}).items():
        out.setdefault((muni, kpi), []).append((year, old, new))
    return {key: tuple(sorted(values)) for key, values in out.items()}


# ------------------------------------------------------------------ the final step


def finish(
    press: PressText,
    facts: AreaFacts,
    writer: Writer,
    updates: Updates,
    pin: Pin | None = None,
) -> tuple[PressText, tuple[Notice, ...]]:
    """The text with its dateline, its correction line and any pinned headline or lead."""
    day = updates.date_of(facts)
    press = replace(
        press,
        dated=day.isoformat() if day else None,
        dateline=dateline(facts, writer, updates.sample, day) or None,
        correction=correction(press, facts, writer, updates.revisions),
    )
    return apply_pin(press, facts, pin)


def dateline(facts: AreaFacts, writer: Writer, sample: bool, day: date | None) -> str:
    """ "Texten bygger på uppgifter för 2022, hämtade från Kolada den 30 augusti 2024." """
    return writer.say(
        "updates.j2",
        "dateline",
        (facts.kommun.code, facts.area.slug, "dateline"),
        year=facts.data_year,
        date=sv.format_date(day) if day else None,
        sample=sample,
    )


@dataclass(frozen=True)
class Corrected:
    """One stated value the source revised so that its printed figure changed."""

    kpi: str
    year: int
    subject: str
    old: str  # as printed: "78 procent", "ja"
    new: str


def corrected_values(
    press: PressText, facts: AreaFacts, revisions: RevisionIndex | None
) -> list[Corrected]:
    """The values the text states whose printed figure the revisions changed, in the
    order the text states them (the lead first)."""
    if not revisions:
        return []
    indicators = {f.indicator.id: f.indicator for f in facts.indicators}
    out = []
    for kpi, year in press.stated:
        found = revisions.get((facts.kommun.code, kpi, year))
        ind = indicators.get(kpi)
        if found is None or ind is None:
            continue
        subject, old, new = _said(ind, *found)
        if old != new:  # a revision that rounds away is no correction
            out.append(Corrected(kpi, year, subject, old, new))
    return out


def _said(ind: Indicator, old: float, new: float) -> tuple[str, str, str]:
    """How the correction names the indicator and prints its two values."""
    match = DEVIATION.match(ind.phrase) if ind.unit == "percent_signed" else None
    if match is not None:  # in words, as the lead says it: "12 procent lägre än …"
        reference = match["reference"]
        return (
            match["measure"] + match["rest"],
            sv.signed_percent_text(old, ind.decimals, reference),
            sv.signed_percent_text(new, ind.decimals, reference),
        )
    if ind.is_categorical:  # "svaret på frågan om … var tidigare ja och är nu nej"
        labels = dict(ind.scale)
        before = said(ind, labels.get(int(old), _value(ind, old)))
        after = said(ind, labels.get(int(new), _value(ind, new)))
        return f"svaret på frågan {ind.phrase}", before, after
    dec = common_precision(ind, old, new)  # "tidigare 12,0 procent och är nu 8,5 procent"
    return ind.phrase, _value(ind, old, dec), _value(ind, new, dec)


def correction(
    press: PressText, facts: AreaFacts, writer: Writer, revisions: RevisionIndex | None
) -> str | None:
    """One line on the stated values the source has revised, or None."""
    found = corrected_values(press, facts, revisions)
    if not found:
        return None
    items = [
        {"subject": c.subject, "year": c.year, "old": c.old, "new": c.new}
        for c in found[:MAX_ITEMS]
    ]
    return writer.say(
        "updates.j2",
        "correction",
        (facts.kommun.code, facts.area.slug, "correction"),
        items=items,
        count=len(found),
    )


def apply_pin(
    press: PressText, facts: AreaFacts, pin: Pin | None
) -> tuple[PressText, tuple[Notice, ...]]:
    """The pinned headline and lead, verbatim, while the data year is the pinned one."""
    if pin is None:
        return press, ()
    k, area = facts.kommun, facts.area
    what = _pinned_what(pin)
    if facts.data_year != pin.year:
        now = f"avser nu {facts.data_year}" if facts.data_year else "saknar nu ett år"
        message = (
            f"content/kommuner/{k.slug}.md: {what} för {area.slug} gäller {pin.year}, "
            f"men uppgifterna {now}; den genererade texten används. "
            f"Uppdatera eller ta bort pinned.{area.slug}."
        )
        return press, (Notice(PIN_DROPPED, k.slug, area.slug, message),)
    pinned = replace(
        press,
        headline=pin.headline if pin.headline is not None else press.headline,
        lead=pin.lead if pin.lead is not None else press.lead,
        # a communicator who pins a headline or lead for a year without news wants
        # a press release all the same (the communicator stays in control)
        withheld=MISSING if press.withheld == MISSING else "",
    )
    notices: tuple[Notice, ...] = ()
    if press.correction:
        notices = (
            Notice(
                PIN_CORRECTED,
                k.slug,
                area.slug,
                f"content/kommuner/{k.slug}.md: källan har ändrat uppgifter som texten om "
                f"{area.slug} bygger på; kontrollera {what}. {press.correction}",
            ),
        )
    return pinned, notices


def _pinned_what(pin: Pin) -> str:
    if pin.headline is not None and pin.lead is not None:
        return "den fästa rubriken och ingressen"
    return "den fästa rubriken" if pin.headline is not None else "den fästa ingressen"
