"""Atom feeds (RFC 4287) of the generated press texts.

Three kinds of feed, all built from the same entries:

- ``feed.xml``: the most newsworthy kommun × area texts of the whole site;
- ``<kommun>/feed.xml``: one entry per area for each kommun;
- ``omrade/<area>/feed.xml``: the most newsworthy kommuner of one area.

An entry is one kommun × area × data year, so its id stays the same from build
to build until a new data year arrives, when readers see a new entry. Its
``updated`` is the day of the text's dateline (the day the area's values were
fetched as they are, see corrections.py), so an entry is updated when its data
changes or a revision gives it a correction line. Each
entry is serialised once and reused in every feed that carries it: the ~2 900
entries of a full build take a few tenths of a second at most.

Pure: the model, config and reference go in, file paths and bytes come out.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

from insyn.analyse.analysis import AreaFacts
from insyn.config import Area, Config
from insyn.data.reference import Kommun, Reference
from insyn.site import urls
from insyn.write.text import PressText

if TYPE_CHECKING:  # only a type here: site/model.py may import this module without a cycle
    from insyn.site.model import SiteModel

log = logging.getLogger(__name__)

ATOM_NS = "http://www.w3.org/2005/Atom"
FEED_FILE = "feed.xml"
#: Entries in the site feed and in each area feed.
MAX_ENTRIES = 50
#: The date part of every tag: URI (RFC 4151). It must never change, or every
#: feed reader would see every entry as new; it is not the build date.
TAG_DATE = "2026"
SOURCE_NOTE = "Källa: Kolada. Beräkningar och texter: {site}."

_XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'
# Characters XML 1.0 does not allow at all (not even escaped): dropped from data.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Characters a tag: URI's specific part may hold unencoded (RFC 4151 pchar, "/", "?").
_TAG_SAFE = "/?:@!$&'()*+,;="


@dataclass(frozen=True)
class _Context:
    """Values every feed of one build shares, computed once."""

    base_url: str
    authority: str
    base_path: str
    updated: str  # already escaped XML text, as the other *_xml fields
    author_xml: str
    categories_xml: dict[str, str]  # area slug -> <category/>


def site_feeds(
    model: SiteModel, config: Config, reference: Reference, updated: datetime
) -> dict[str, bytes]:
    """Every Atom feed of the site: output path (relative POSIX) → UTF-8 bytes.

    ``updated`` is the data date of the snapshot (not the build time), so that a
    rebuild of the same snapshot writes identical feeds.
    """
    ctx = _context(config, updated)
    cache: dict[tuple[str, str], str] = {}

    def entry(facts: AreaFacts) -> str:
        key = _key(facts)
        if key not in cache:
            cache[key] = _entry_xml(ctx, facts, model.press[key])
        return cache[key]

    site = config.site.title
    out: dict[str, bytes] = {}
    top = most_newsworthy(model.areas.values())
    out[FEED_FILE] = _feed_xml(
        ctx,
        path=FEED_FILE,
        page="",
        title=f"{site} – nyheter",
        subtitle=(
            "De mest nyhetsvärda resultaten bland landets kommuner. "
            + SOURCE_NOTE.format(site=site)
        ),
        entries=[entry(f) for f in top],
    )
    for kommun in reference.kommuner:
        facts = [model.areas[(kommun.code, a.slug)] for a in config.areas]
        out[urls.rel(urls.file_in(urls.kommun(kommun.slug), FEED_FILE))] = _feed_xml(
            ctx,
            path=urls.rel(urls.file_in(urls.kommun(kommun.slug), FEED_FILE)),
            page=urls.rel(urls.kommun(kommun.slug)),
            title=f"{site} – nyheter för {kommun.official_name}",
            subtitle=(
                f"Socialtjänsten {kommun.in_name}: en text per verksamhetsområde. "
                + SOURCE_NOTE.format(site=site)
            ),
            # an area without a press release (PressText.withheld) has no entry
            entries=[entry(f) for f in facts if not model.press[_key(f)].withheld],
        )
    for area in config.areas:
        facts = [model.areas[(k.code, area.slug)] for k in reference.kommuner]
        out[f"omrade/{area.slug}/{FEED_FILE}"] = _feed_xml(
            ctx,
            path=f"omrade/{area.slug}/{FEED_FILE}",
            page=f"omrade/{area.slug}/",
            title=f"{site} – {area.title} i landets kommuner",
            subtitle=(
                f"{area.title}: de mest nyhetsvärda resultaten bland landets kommuner. "
                + SOURCE_NOTE.format(site=site)
            ),
            entries=[entry(f) for f in most_newsworthy(facts)],
        )
    log.debug("feeds: %d files, %d distinct entries", len(out), len(cache))
    return out


def _key(facts: AreaFacts) -> tuple[str, str]:
    return (facts.kommun.code, facts.area.slug)


def most_newsworthy(facts: Iterable[AreaFacts], limit: int = MAX_ENTRIES) -> list[AreaFacts]:
    """The ``limit`` texts with the strongest lead finding, as the start page orders its news.

    Texts without a lead (no value at all) are not news. Ties go by kommun code,
    then area slug, so the order is total.
    """
    return sorted(
        (f for f in facts if f.lead is not None),
        key=lambda f: (-f.lead.score, f.kommun.code, f.area.slug),  # type: ignore[union-attr]
    )[:limit]


def entry_id(base_url: str, kommun: Kommun, area: Area, year: int | None) -> str:
    """The permanent id of one kommun × area text for one data year (RFC 4151 tag: URI).

    The base path is part of it (two sites on one host stay apart); a text with no
    data year gets the id without a year, which no yearly text can have.
    """
    return _entry_tag(*_authority(base_url), kommun, area, year)


def _entry_tag(authority: str, base_path: str, kommun: Kommun, area: Area, year: int | None) -> str:
    suffix = "" if year is None else str(year)
    return _tag(
        authority, f"{base_path}{urls.rel(urls.kommun_area(kommun.slug, area.slug))}{suffix}"
    )


def rfc3339(moment: datetime | date) -> str:
    """An Atom date (RFC 3339) in UTC with ``Z``; a naive datetime is taken as UTC."""
    if not isinstance(moment, datetime):
        moment = datetime.combine(moment, time(), tzinfo=UTC)
    elif moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _context(config: Config, updated: datetime) -> _Context:
    site = config.site
    authority, base_path = _authority(site.base_url)
    author = (
        f"<author><name>{_text(site.organisation)}</name>"
        f"<uri>{_text(site.contact.url)}</uri>"
        f"<email>{_text(site.contact.email)}</email></author>"
    )
    categories = {
        a.slug: f'<category term="{_attr(a.slug)}" label="{_attr(a.title)}"/>' for a in config.areas
    }
    return _Context(
        base_url=site.base_url,
        authority=authority,
        base_path=base_path,
        updated=_text(rfc3339(updated)),
        author_xml=author,
        categories_xml=categories,
    )


def _authority(base_url: str) -> tuple[str, str]:
    """The tag authority (the lower-case host name) and the base path ending in "/"."""
    parts = urlsplit(base_url)
    if not parts.hostname:
        raise ValueError(f"site.base_url {base_url!r} has no host name for the feed ids")
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return parts.hostname.lower(), path


def _tag(authority: str, specific: str) -> str:
    return f"tag:{authority},{TAG_DATE}:{quote(specific, safe=_TAG_SAFE)}"


def _text(value: str) -> str:
    """XML character data for any data value.

    Characters XML cannot carry at all are dropped; a CR is written as a
    reference because a parser would otherwise turn it into a LF.
    """
    value = _NOT_XML.sub("", value)
    return (
        value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    )


def _attr(value: str) -> str:
    """An XML attribute value (double-quoted); whitespace kept as references, not normalised."""
    return _text(value).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


def _entry_xml(ctx: _Context, facts: AreaFacts, press: PressText) -> str:
    """One ``<entry>`` as XML text, in the Atom namespace declared by the enclosing feed."""
    kommun, area = facts.kommun, facts.area
    url = ctx.base_url + urls.rel(urls.kommun_area(kommun.slug, area.slug))
    # the sample notice first, then a correction, so that a reader showing only the
    # summary still says them (an entry with a correction is an updated text)
    summary = " ".join(p for p in (press.sample_note, press.correction, press.lead) if p)
    tag = _entry_tag(ctx.authority, ctx.base_path, kommun, area, facts.data_year)
    # the day the text's values were fetched as they are (its dateline): an entry is
    # updated when its data changes, or a revision gives it a correction line
    updated = _text(rfc3339(date.fromisoformat(press.dated))) if press.dated else ctx.updated
    return (
        "<entry>\n"
        f"  <id>{_text(tag)}</id>\n"
        f'  <title type="text">{_text(press.headline)}</title>\n'
        f"  <updated>{updated}</updated>\n"
        f"  {ctx.author_xml}\n"
        f'  <link rel="alternate" type="text/html" href="{_attr(url)}"/>\n'
        f"  {ctx.categories_xml[area.slug]}\n"
        f'  <summary type="text">{_text(summary)}</summary>\n'
        f'  <content type="html">{_text(_content_html(press))}</content>\n'
        "</entry>\n"
    )


def _content_html(press: PressText) -> str:
    """The whole press text below the headline as HTML paragraphs (escaped again as XML)."""
    return "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in press.paragraphs())


def _feed_xml(
    ctx: _Context, path: str, page: str, title: str, subtitle: str, entries: Sequence[str]
) -> bytes:
    """A whole feed document: the head, then the entries as serialised once."""
    self_url = ctx.base_url + path
    head = (
        _XML_DECLARATION + f'<feed xmlns="{ATOM_NS}" xml:lang="sv">\n'
        f"<id>{_text(_tag(ctx.authority, ctx.base_path + path))}</id>\n"
        f'<title type="text">{_text(title)}</title>\n'
        f'<subtitle type="text">{_text(subtitle)}</subtitle>\n'
        f"<updated>{ctx.updated}</updated>\n"
        f"{ctx.author_xml}\n"
        f'<link rel="self" type="application/atom+xml" href="{_attr(self_url)}"/>\n'
        f'<link rel="alternate" type="text/html" href="{_attr(ctx.base_url + page)}"/>\n'
        "<generator>insyn</generator>\n"
    )
    return (head + "".join(entries) + "</feed>\n").encode("utf-8")
