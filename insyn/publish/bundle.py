"""Zip bundles for web editors: one per kommun, to upload by hand into a CMS.

A kommun's bundle holds its pages as fragments for an HTML module (``sidor/``), the
scoped stylesheet, the site's own iframe snippets for its charts (``inbaddning/``),
its static chart images if the site has them (``bilder/``, with their alt texts), its
data downloads (``data/``) and a LASMIG.txt in plain Swedish saying how to use it all.

The bundle's content is a pure function of the site's files (``kommun_bundle``, over a
mapping of site paths to bytes) and the zip is a pure function of the entries and the
build time (``zip_bytes``); only ``write_bundles`` reads the site and writes zips.
Same site, same time: byte-identical zips.
"""

from __future__ import annotations

import contextlib
import html
import io
import json
import logging
import os
import posixpath
import re
import shutil
import textwrap
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from insyn import inputs
from insyn.errors import UserError
from insyn.publish import fragment, sitepages
from insyn.site import scopedcss, urls
from insyn.site.files import PAGE_RECORD, PAGE_RECORD_FORMAT
from insyn.write import sv

log = logging.getLogger(__name__)

README = "LASMIG.txt"
CSS_ENTRY = "insyn-fragment.css"
ALT_TEXTS = "bilder/alt-texter.txt"
#: The oldest and newest times a zip entry can carry (DOS date fields).
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
ZIP_END = (2107, 12, 31, 23, 59, 58)
#: rw-r--r-- for a regular file, as a Unix zip tool stores it.
ZIP_MODE = 0o100644 << 16
_SAFE_ENTRY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*(?:/[A-Za-z0-9][A-Za-z0-9_.-]*)*$")
_SPACE = re.compile(r"\s+")
WIDTH = 76


@dataclass(frozen=True)
class BundleResult:
    """What ``write_bundles`` wrote: the directory, the number of zips, their total
    size in bytes and the number of files in them all."""

    path: Path
    bundles: int
    bytes: int
    files: int


# --- which kommuner, which pages ----------------------------------------------------


def kommun_slugs(files: Iterable[str]) -> list[str]:
    """The kommuner of a site: top-level directories with a page of their own and
    embeds under ``embed/<slug>/`` (that is what sets them apart from /om/, /lan/, …)."""
    paths = set(files)
    embedded = {p.split("/")[1] for p in paths if p.startswith("embed/") and p.count("/") >= 2}
    return sorted(s for s in embedded if f"{s}/index.html" in paths)


def kommun_areas(files: Iterable[str], slug: str) -> list[str]:
    """The areas a kommun has a page for: ``<slug>/<area>/index.html``."""
    prefix = f"{slug}/"
    return sorted(
        p[len(prefix) : -len("/index.html")]
        for p in files
        if p.startswith(prefix) and p.endswith("/index.html") and p.count("/") == 2
    )


# --- reading the pages ----------------------------------------------------------------


def _text(node: LexborNode | None) -> str:
    return _SPACE.sub(" ", node.text(deep=True)).strip() if node is not None else ""


def _attr(tree: LexborHTMLParser, selector: str, name: str) -> str:
    node = tree.css_first(selector)
    return (node.attributes.get(name) or "").strip() if node is not None else ""


@dataclass(frozen=True)
class Image:
    """A static image a page shows: its site path, a name for the bundle, its alt text."""

    path: str
    name: str
    alt: str


class BundleError(UserError, ValueError):
    """The built site lacks what a bundle is made from (a page's record)."""


def page_record(files: Mapping[str, bytes], page_path: str) -> dict[str, Any]:
    """The record the build wrote beside a page (pages.page_record): its static images
    and its embeds, as data, so that a template override cannot change what a bundle
    holds without a word."""
    path = f"{page_path}{PAGE_RECORD}"
    try:
        doc = json.loads(files[path])
    except KeyError:
        raise BundleError(f"{path} saknas: bygg om webbplatsen med denna version") from None
    except ValueError as exc:
        raise BundleError(f"{path} är ingen giltig JSON: {exc}") from None
    if not isinstance(doc, dict) or doc.get("format") != PAGE_RECORD_FORMAT:
        raise BundleError(f"{path}: okänt format; bygg om webbplatsen med denna version")
    return doc


def page_images(record: Mapping[str, Any]) -> list[Image]:
    """The static chart images a page shows and its share image, from its record.

    A chart image has ``alt=""`` on the page, where the figure's caption describes it;
    outside the page it needs that description as its alt text (the record has it).
    """
    return [Image(str(i["path"]), str(i["name"]), str(i["alt"])) for i in record["images"]]


@dataclass(frozen=True)
class Snippet:
    """An iframe snippet as the page offers it: the embed's site path, title, code."""

    path: str  # "embed/mellerud/hemtjanst/u21424/"
    title: str
    code: str


def page_snippets(
    record: Mapping[str, Any], files: Mapping[str, bytes], base_url: str
) -> list[Snippet]:
    """The "Bädda in" iframe snippets a page offers, from its record and the oEmbed
    file beside each embed (the same code the page shows, pages.iframe_snippet).

    Only the snippet's address is moved to ``base_url`` if the site was built for
    another one.
    """
    out = []
    for path in record["embeds"]:
        oembed = _json(files, f"{path}oembed.json")
        code, title = str(oembed.get("html", "")), str(oembed.get("title", ""))
        iframe = LexborHTMLParser(code).css_first("iframe") if code else None
        src = (iframe.attributes.get("src") or "") if iframe is not None else ""
        if "/embed/" not in src:
            log.warning("%s: no iframe snippet in %soembed.json; left out", path, path)
            continue
        new = urls.site_root(base_url) + path
        if new != src:
            code = code.replace(f'src="{html.escape(src)}"', f'src="{html.escape(new)}"')
        out.append(Snippet(path, title.strip(), code))
    return out


# --- the bundle ---------------------------------------------------------------------


@dataclass
class _Listing:
    """What LASMIG.txt lists: (entry name, what it is) per part, in bundle order."""

    pages: list[tuple[str, str]] = field(default_factory=list)
    embeds: list[tuple[str, str]] = field(default_factory=list)
    images: list[tuple[str, str]] = field(default_factory=list)
    data: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class ReadmeFacts:
    """Everything LASMIG.txt says that is not the same in every bundle."""

    site_name: str
    kommun_name: str
    base_url: str
    kommun_url: str
    made: date
    fetched: date | None
    sample: bool
    source: str
    source_url: str
    licence: str
    licence_url: str
    contact: str


def _json(files: Mapping[str, bytes], path: str) -> dict[str, Any]:
    try:
        doc = json.loads(files[path])
    except (KeyError, ValueError):
        return {}
    return doc if isinstance(doc, dict) else {}


def _licence_from_readme(files: Mapping[str, bytes]) -> tuple[str, str]:
    """The licence line of the site's data/LASMIG.txt ("Licens: CC BY 4.0 (url).")."""
    try:
        text = files["data/LASMIG.txt"].decode("utf-8")
    except (KeyError, UnicodeDecodeError):
        return "", ""
    m = re.search(r"^Licens: (.+?)(?: \((\S+)\))?\.?$", text, re.MULTILINE)
    return (m.group(1), m.group(2) or "") if m else ("", "")


def _facts(
    files: Mapping[str, bytes],
    slug: str,
    areas: list[str],
    kommun_html: str,
    base_url: str,
    when: datetime,
) -> ReadmeFacts:
    tree = LexborHTMLParser(kommun_html)
    docs = [_json(files, f"{slug}/{a}/data.json") for a in areas]
    doc = next((d for d in docs if d), {})
    licence: dict[str, Any] = doc["licens"] if isinstance(doc.get("licens"), dict) else {}
    name, url = licence.get("namn", ""), licence.get("url", "")
    if not name:
        name, url = _licence_from_readme(files)
    fetched = None
    with contextlib.suppress(ValueError):
        fetched = date.fromisoformat(str(doc.get("hämtad", "")))
    notice = _text(tree.css_first("main .notice"))
    mail = tree.css_first('footer a[href^="mailto:"]')
    contact = ""
    if mail is not None:
        address = (mail.attributes.get("href") or "")[len("mailto:") :]
        contact = f"{_text(mail)}, {address}" if _text(mail) else address
    main = tree.css_first("main")
    return ReadmeFacts(
        site_name=_attr(tree, 'meta[property="og:site_name"]', "content") or "Insyn",
        kommun_name=_text(main.css_first("h1") if main is not None else None) or slug,
        base_url=urls.site_root(base_url),
        kommun_url=urls.page_url(f"{slug}/", base_url),
        made=when.date(),
        fetched=fetched,
        sample=any(d.get("exempeldata") is True for d in docs) or notice.startswith("Exempeldata"),
        source=str(doc.get("källa") or "Kolada"),
        source_url=str(doc.get("källa_url") or "https://www.kolada.se/"),
        licence=str(name),
        licence_url=str(url),
        contact=contact,
    )


def _para(*sentences: str) -> str:
    return textwrap.fill(" ".join(sentences), WIDTH, break_long_words=False, break_on_hyphens=False)


def _items(items: list[tuple[str, str]]) -> list[str]:
    out = []
    for name, what in items:
        out.append(name)
        out.append(
            textwrap.fill(
                what,
                WIDTH,
                initial_indent="    ",
                subsequent_indent="    ",
                break_long_words=False,
                break_on_hyphens=False,
            )
        )
    return out


def readme(facts: ReadmeFacts, listing: _Listing) -> str:
    """LASMIG.txt: what the bundle is and how a web editor uses each part (SPRAK.md)."""
    f = facts
    site = f.base_url
    lines = [f"{f.site_name}: {f.kommun_name}", "Paket för webbredaktörer", ""]
    made = f"Paketet skapades {sv.format_date(f.made)}."
    fetched = f" Värdena hämtades från {f.source} {sv.format_date(f.fetched)}." if f.fetched else ""
    lines += [_para(made + fetched), ""]
    if f.sample:
        lines += [
            _para(
                "OBS! EXEMPELDATA. Värdena i paketet är påhittade och kommer inte från Kolada.",
                "De visar bara hur sidorna ser ut.",
                "Publicera dem inte som uppgifter om någon kommun.",
            ),
            "",
        ]
    lines += [
        "VAD PAKETET ÄR",
        "",
        _para(
            f"Paketet innehåller sidorna om {f.kommun_name} från webbplatsen {f.site_name}",
            f"({f.kommun_url}), gjorda för att läggas in på en annan webbplats, till",
            "exempel kommunens egen. Du kan använda hela sidor, enstaka diagram eller data.",
        ),
        "",
        _para(
            ("Sidorna, bilderna" if listing.images else "Sidorna") + " och data i paketet ändras",
            "inte när webbplatsen får nya siffror. Hämta då ett nytt paket. Diagram som",
            "du bäddar in med koderna i mappen inbaddning visas däremot direkt från",
            "webbplatsen och är alltid aktuella.",
        ),
        "",
        "INNEHÅLL",
        "",
        *_items(listing.pages),
        *_items([(CSS_ENTRY, "Utseendet för sidorna (en stilmall).")]),
        *_items(listing.embeds),
        *_items(listing.images),
        *_items(listing.data),
        "",
        "SÅ HÄR ANVÄNDER DU DELARNA",
        "",
        "Sidor",
        _para(
            "Filerna i mappen sidor är HTML-kod för en modul för egen HTML-kod i",
            "publiceringsverktyget, till exempel modulen HTML i Sitevision eller blocket",
            "Anpassad HTML i WordPress. Öppna filen i en textredigerare, till exempel",
            "Anteckningar, markera allt och kopiera. Om du öppnar filen i en webbläsare",
            "ser du ungefär hur sidan kommer att se ut.",
        ),
        "",
        _para(
            f"Koden hämtar utseende, skript och diagram från {site}, och länkarna i",
            "koden går dit. Varje sida har redan en huvudrubrik. Om",
            "publiceringsverktyget visar sidans namn som rubrik blir det två rubriker;",
            "ta då bort den ena.",
        ),
        "",
        "Diagram och skript",
        _para(
            "Diagrammen ritas av skript från webbplatsen. Många publiceringsverktyg tar",
            "bort skript. Då finns diagrammens beskrivningar och tabeller (Visa tabell)",
            "kvar, och en fast bild av diagrammet där webbplatsen har en sådan. Siffrorna",
            "är desamma.",
        ),
        "",
        _para(
            "Om er webbplats har en säkerhetspolicy för innehåll",
            f"(Content-Security-Policy) behöver adressen {site} vara tillåten för skript,",
            "stilmallar, bilder och hämtning av data (script-src, style-src, img-src och",
            "connect-src). Fråga den som sköter webbplatsens teknik.",
        ),
        "",
        "Utseende",
        _para(
            f"Sidorna hämtar sitt utseende från {site}assets/{CSS_ENTRY}. Reglerna",
            'i filen gäller bara det som står inuti <div class="insyn"> och påverkar inte',
            f"resten av er webbplats. Filen {CSS_ENTRY} i paketet är en kopia. Om",
            "publiceringsverktyget inte tillåter stilmallar från andra webbplatser kan",
            "du ladda upp kopian och byta adressen på sidornas andra rad mot adressen",
            "till kopian.",
        ),
        "",
        "Inbäddning",
        _para(
            "Varje fil i mappen inbaddning har koden för ett diagram i en iframe, samma",
            "kod som sidorna visar under Bädda in. Klistra in koden i en modul för egen",
            "HTML-kod. Diagrammet visas då från webbplatsen och fungerar utan skript på",
            "er sida.",
        ),
        "",
    ]
    if listing.images:
        lines += [
            "Bilder",
            _para(
                "Bilderna i mappen bilder är diagrammen som fasta bilder. Varje bild",
                "behöver en alternativ text (alt-text) när du lägger in den, så att den",
                f"som inte ser bilden får veta vad den visar. Texterna finns i {ALT_TEXTS}.",
            ),
            "",
        ]
    lines += [
        "Data",
        _para(
            "Filerna i mappen data har kommunens värden för varje område och samma års",
            "värden för riket, länet och liknande kommuner. CSV-filen öppnas i Excel med",
            "svenska inställningar: semikolon mellan fälten och decimalkomma. JSON-filen",
            "är för program.",
        ),
        "",
        "KÄLLA OCH LICENS",
        "",
        _para(
            f"Källa för värdena: {f.source} ({f.source_url}). Förändringar, placeringar",
            "och jämförelser med andra kommuner är våra egna beräkningar och inte",
            f'{sv.genitive(f.source)}. Skriv "Källa: {f.source}" där du använder siffrorna.',
        ),
    ]
    if f.licence:
        url = f" ({f.licence_url})" if f.licence_url else ""
        lines.append(_para(f"Licens för data: {f.licence}{url}."))
    lines.append("")
    if f.contact:
        lines.append(_para(f"Frågor om sidorna: {f.contact}."))
    lines.append(f"Webbplats: {site}")
    return "\n".join(lines) + "\n"


def alt_texts(images: list[tuple[str, str]]) -> str:
    """bilder/alt-texter.txt: each image's file name and the alt text it needs."""
    lines = [
        "Alternativa texter för bilderna",
        "",
        _para(
            "Skriv texten under filnamnet som alternativ text (alt-text) när du lägger in",
            "bilden.",
        ),
        "",
    ]
    for name, alt in images:
        lines += [
            name.removeprefix("bilder/"),
            textwrap.fill(
                alt or "(saknas)",
                WIDTH,
                initial_indent="    ",
                subsequent_indent="    ",
                break_long_words=False,
            ),
            "",
        ]
    return "\n".join(lines)


@dataclass
class _Parts:
    """A bundle being put together: its entries, what LASMIG.txt lists, the alt texts."""

    slug: str
    files: Mapping[str, bytes]
    base_url: str
    entries: dict[str, bytes] = field(default_factory=dict)
    listing: _Listing = field(default_factory=_Listing)
    alt: list[tuple[str, str]] = field(default_factory=list)

    def has(self, path: str) -> bool:
        return path in self.files


def _add_snippets(parts: _Parts, record: Mapping[str, Any], page_path: str) -> None:
    own = f"embed/{parts.slug}/"
    for snippet in page_snippets(record, parts.files, parts.base_url):
        if not snippet.path.startswith(own) or not parts.has(f"{snippet.path}index.html"):
            log.warning("%s: snippet for %s is not one of its embeds", page_path, snippet.path)
            continue
        entry = "inbaddning/" + snippet.path[len(own) :].strip("/").replace("/", "-") + ".txt"
        if entry not in parts.entries:
            parts.entries[entry] = (snippet.code + "\n").encode("utf-8")
            parts.listing.embeds.append((entry, snippet.title))


def _add_images(parts: _Parts, record: Mapping[str, Any], page_path: str, name: str) -> None:
    for image in page_images(record):
        if not parts.has(image.path):
            log.warning("%s: image %s is not in the site", page_path, image.path)
            continue
        ext = posixpath.splitext(image.path)[1].lower()
        entry = f"bilder/{name}-{image.name}{ext}"
        if entry not in parts.entries:
            parts.entries[entry] = parts.files[image.path]
            parts.alt.append((entry, image.alt))
            what = "Bild för delning i sociala medier." if image.name == "delning" else None
            parts.listing.images.append((entry, what or "Diagrammet som fast bild."))


def _add_data(parts: _Parts, page_path: str, name: str, title: str) -> None:
    for ext, what in (("csv", "för Excel (CSV)"), ("json", "för program (JSON)")):
        source = f"{page_path}data.{ext}"
        if parts.has(source):
            entry = f"data/{name}.{ext}"
            parts.entries[entry] = parts.files[source]
            parts.listing.data.append((entry, f"{title}: data {what}."))


def _add_page(parts: _Parts, name: str, page_path: str) -> str:
    """A page's fragment, snippets, images and data; returns the page's HTML."""
    html = parts.files[f"{page_path}index.html"].decode("utf-8")
    title, _ = fragment.page_meta(html)
    entry = f"sidor/{name}.html"
    parts.entries[entry] = fragment.page_fragment(html, page_path, parts.base_url).encode("utf-8")
    parts.listing.pages.append((entry, f"{title} (översikt)" if name == parts.slug else title))
    record = page_record(parts.files, page_path)
    _add_snippets(parts, record, page_path)
    _add_images(parts, record, page_path, name)
    if name != parts.slug:
        _add_data(parts, page_path, name, title)
    return html


def kommun_bundle(
    slug: str, files: Mapping[str, bytes], base_url: str, when: datetime
) -> dict[str, bytes]:
    """Every entry of one kommun's bundle: name → bytes, sorted by name.

    ``files`` maps the site's paths (as in its manifest) to their bytes; it may read
    lazily, this function only asks for what the bundle needs.
    """
    paths = sorted(files)
    areas = kommun_areas(paths, slug)
    if slug in areas:
        raise ValueError(f"{slug}: an area has the kommun's name; the page names would clash")
    parts = _Parts(slug, files, base_url)
    style = files["assets/style.css"].decode("utf-8")
    theme = files["assets/theme.css"].decode("utf-8") if parts.has("assets/theme.css") else ""
    parts.entries[CSS_ENTRY] = scopedcss.fragment_stylesheet(style, theme, base_url).encode()
    kommun_html = _add_page(parts, slug, f"{slug}/")
    for area in areas:
        _add_page(parts, area, urls.rel(urls.kommun_area(slug, area)))
    embeds = _embed_pages(paths, slug)
    if len(parts.listing.embeds) < len(embeds):
        log.warning(
            "%s: %d embeds, %d with a snippet on a page",
            slug,
            len(embeds),
            len(parts.listing.embeds),
        )
    if parts.alt:
        parts.entries[ALT_TEXTS] = alt_texts(parts.alt).encode("utf-8")
    facts = _facts(files, slug, areas, kommun_html, base_url, when)
    parts.entries[README] = readme(facts, parts.listing).encode("utf-8")
    for entry in parts.entries:
        if not _SAFE_ENTRY.match(entry):
            raise ValueError(f"{slug}: unsafe name in bundle: {entry!r}")
    return dict(sorted(parts.entries.items()))


def _embed_pages(paths: Iterable[str], slug: str) -> list[str]:
    prefix = f"embed/{slug}/"
    return sorted(
        p[: -len("index.html")] for p in paths if p.startswith(prefix) and p.endswith("/index.html")
    )


def zip_time(when: datetime) -> tuple[int, int, int, int, int, int]:
    """The build time as a zip entry's time, inside what a zip can store."""
    t = (when.year, when.month, when.day, when.hour, when.minute, when.second)
    return min(max(t, ZIP_EPOCH), ZIP_END)


def zip_bytes(entries: Mapping[str, bytes], when: datetime) -> bytes:
    """A deterministic zip: sorted entries, one fixed time, fixed mode and system,
    deflate at a fixed level, no comments or extra fields."""
    buffer = io.BytesIO()
    stamp = zip_time(when)
    with zipfile.ZipFile(buffer, "w") as zf:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = ZIP_MODE
            zf.writestr(info, entries[name], compresslevel=9)
    return buffer.getvalue()


# --- the shell ------------------------------------------------------------------------


class SiteFiles(Mapping[str, bytes]):
    """The files of a built site as a mapping, read on first use: the manifest says
    which exist, the disk gives their bytes."""

    def __init__(self, site_dir: Path, paths: Iterable[str]) -> None:
        self._dir = Path(site_dir)
        self._paths = sorted(paths)
        self._known = set(self._paths)
        self._cache: dict[str, bytes] = {}

    def __getitem__(self, path: str) -> bytes:
        if path not in self._known:
            raise KeyError(path)
        if path not in self._cache:
            self._cache[path] = (self._dir / path).read_bytes()
        return self._cache[path]

    def __contains__(self, path: object) -> bool:  # Mapping's own would read the file
        return path in self._known

    def __iter__(self) -> Iterator[str]:
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)


@dataclass(frozen=True)
class StagedBundles:
    """Zips written into a directory beside the output, not yet moved in."""

    out: Path
    stage: Path
    result: BundleResult

    def commit(self) -> BundleResult:
        """Move every zip into place, each with one rename."""
        self.out.mkdir(parents=True, exist_ok=True)
        for zipped in sorted(self.stage.iterdir()):
            os.replace(zipped, self.out / zipped.name)
        inputs.fsync_dir(self.out)
        shutil.rmtree(self.stage, ignore_errors=True)
        r = self.result
        return BundleResult(self.out, r.bundles, r.bytes, r.files)

    def abort(self) -> None:
        shutil.rmtree(self.stage, ignore_errors=True)


def stage_bundles(site_dir: Path, out_dir: Path, base_url: str, when: datetime) -> StagedBundles:
    """Every kommun's zip, written beside ``out_dir`` (same file system) but not moved
    in: a publish to several targets stages them all before any goes live."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise NotADirectoryError(f"{out} finns men är ingen katalog")
    stage = out.parent / f".{out.name}.new-{os.getpid()}"
    shutil.rmtree(stage, ignore_errors=True)
    try:
        result = write_bundles(site_dir, stage, base_url, when)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    return StagedBundles(out, stage, result)


def write_bundles(
    site_dir: Path, out_dir: Path, base_url: str, when: datetime, only: str | None = None
) -> BundleResult:
    """Write ``<out_dir>/<kommun>.zip`` for every kommun of the site (or ``only`` one).

    Each zip is written under a temporary name and renamed into place, so a reader
    never sees half a zip. Zips of kommuner no longer in the site are not removed.
    """
    paths = sitepages.manifest_files(site_dir)
    slugs = kommun_slugs(paths)
    if only is not None:
        if only not in slugs:
            raise ValueError(f"{only}: no such kommun in {site_dir}")
        slugs = [only]
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    files = SiteFiles(site_dir, paths)
    total_bytes = total_files = 0
    for slug in slugs:
        entries = kommun_bundle(slug, files, base_url, when)
        data = zip_bytes(entries, when)
        inputs.write_atomic(out / f"{slug}.zip", data)
        total_bytes += len(data)
        total_files += len(entries)
        log.info("%s.zip: %d files, %d bytes", slug, len(entries), len(data))
    return BundleResult(out, len(slugs), total_bytes, total_files)
