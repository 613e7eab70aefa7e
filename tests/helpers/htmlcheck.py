"""HTML checks for a built site: the Nu Html Checker on a sample, structure rules on every page.

A helper for tests/site/test_html.py, with no tests of its own. Two layers, because they cost
very differently: vnu (Java) takes seconds per batch and so sees a sample, one page of
every kind plus a fixed random draw; the structure rules below parse each page once with
selectolax and run over every built page, thousands included.

Every structure problem is one line "<page>: <rule>: <detail>", with the page relative to
the site root, so a failing test names the page and the rule.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# the kinds of page, in the order the sample lists them
KINDS = (
    "start",
    "kommun",
    "kommun_area",
    "area",
    "lan",
    "embed",
    "om",
    "metod",
    "tillganglighet",
    "404",
    "data",
    "other",
)
CONTENT_KINDS = {"om", "metod", "tillganglighet", "data"}
SAMPLE_EXTRA = 20
SAMPLE_SEED = 20260101

# every rule check_html / check_site can report, in report order
RULES = (
    "lang",
    "title",
    "title-unique",
    "h1",
    "heading-order",
    "main",
    "header",
    "footer",
    "img-alt",
    "table-caption",
    "iframe-title",
    "id-unique",
    "idref",
    "link",
    "text",
    "json",
)

HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# a header/footer inside one of these is not the page's banner/contentinfo landmark
SECTIONING = {"article", "aside", "main", "nav", "section"}
# attributes whose value lists ids on the same page; data-chart and data-copy-target are
# this site's own (charts.js and copy.js look the element up by that id; a data-chart
# beside a data-src names a chart in that file instead)
IDREF_ATTRS = (
    "aria-labelledby",
    "aria-describedby",
    "aria-controls",
    "aria-owns",
    "for",
    "headers",
    "data-chart",
    "data-copy-target",
)
URL_ATTRS = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "form": ("action",),
    "object": ("data",),
}
# words a template leaks when a value is missing, and unrendered template syntax
LEAK = re.compile(r"\bNone\b|\bnan\b|\bNaN\b|\{\{|\}\}|\{%|%\}")
TEXT_ATTRS = ("title", "alt", "aria-label", "content", "placeholder", "value")
SKIP_TEXT = {"script", "style", "template"}
EXTERNAL_SCHEMES = ("mailto:", "tel:", "data:", "javascript:")


class ToolMissing(RuntimeError):
    """java or node_modules/vnu-jar is missing; the message says how to install it."""


# ---------------------------------------------------------------- Nu Html Checker


def vnu_missing() -> str | None:
    """Why vnu cannot run here, or None when java and vnu.jar are both present."""
    if shutil.which("java") is None:
        return "java is not installed (apt-get install default-jre-headless; .ci/run does it)"
    if not VNU_JAR.is_file():
        return f"{VNU_JAR} is missing (run `npm ci` in {ROOT}; .ci/run does it)"
    return None


def run_vnu(paths: list[Path]) -> list[dict]:
    """The Nu Html Checker's error messages for ``paths``, in one java run.

    One run, because starting the JVM costs seconds. Returns vnu's JSON messages of type
    "error" and "non-document-error" (a file vnu could not read must not pass silently);
    each has "url" (file:...), "message" and usually "lastLine".
    """
    why = vnu_missing()
    if why:
        raise ToolMissing(why)
    if not paths:
        return []
    java = shutil.which("java")
    args = [
        java,
        "-jar",
        str(VNU_JAR),
        "--format",
        "json",
        "--errors-only",
        "--stdout",
        "--exit-zero-always",
        *(str(p) for p in paths),
    ]
    result = subprocess.run(args, capture_output=True, text=True, timeout=900)
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError as err:
        raise RuntimeError(
            f"vnu gave no JSON report (exit {result.returncode}): {result.stderr.strip()[:500]}"
        ) from err
    return [
        m for m in report.get("messages", []) if m.get("type") in {"error", "non-document-error"}
    ]


def format_vnu(message: dict, site: Path) -> str:
    """One vnu message as "<page>:<line>: <message>", the page relative to ``site``."""
    url = message.get("url", "")
    path = unquote(urlsplit(url).path) if url.startswith("file:") else url
    try:
        name = Path(path).resolve().relative_to(site.resolve()).as_posix()
    except ValueError:
        name = path
    line = message.get("lastLine", message.get("firstLine", "?"))
    return f"{name}:{line}: {message.get('message', '').strip()}"


# ---------------------------------------------------------------- pages and the sample


def html_files(site: Path) -> list[Path]:
    """Every .html file under ``site``, sorted (determinism)."""
    return sorted(site.rglob("*.html"))


def page_kind(rel: str) -> str:
    """The kind of page at ``rel`` (a path relative to the site root, "/"-separated)."""
    parts = rel.split("/")
    if rel == "index.html":
        return "start"
    if rel == "404.html":
        return "404"
    head = parts[0]
    if head in CONTENT_KINDS:
        return head
    if head == "embed":
        return "embed"
    if head == "lan":
        return "lan"
    if head == "omrade":
        return "area"
    if parts[-1] == "index.html" and len(parts) == 2:
        return "kommun"
    if parts[-1] == "index.html" and len(parts) == 3:
        return "kommun_area"
    return "other"


def sample_pages(site: Path, extra: int = SAMPLE_EXTRA, seed: int = SAMPLE_SEED) -> list[Path]:
    """One page of every kind present (the first in sorted order), plus ``extra`` more.

    The extra pages are a seeded draw from the rest, so a run repeats exactly and a
    failure can be reproduced; a different seed explores other pages.
    """
    files = html_files(site)
    by_kind: dict[str, list[Path]] = defaultdict(list)
    for path in files:
        by_kind[page_kind(path.relative_to(site).as_posix())].append(path)
    chosen = [by_kind[kind][0] for kind in KINDS if by_kind.get(kind)]
    rest = [p for p in files if p not in set(chosen)]
    chosen += random.Random(seed).sample(rest, min(extra, len(rest)))
    return sorted(chosen)


# ---------------------------------------------------------------- structure rules


@dataclass
class Page:
    """What the site-wide rules need from one parsed page (the tree itself is dropped)."""

    rel: str
    kind: str
    title: str
    ids: set[str]
    links: list[tuple[str, str]]  # (where, url): where is e.g. "a[href]"
    problems: list[str] = field(default_factory=list)


class El(NamedTuple):
    """One element with its attributes read once (selectolax builds the dict on each access)."""

    tag: str
    attrs: dict[str, str | None]
    node: LexborNode


def _ancestors(node: LexborNode):
    parent = node.parent
    while parent is not None and parent.tag not in {"html", "-document"}:
        yield parent
        parent = parent.parent


def _elements(tree: LexborHTMLParser) -> list[El]:
    """Every element of the document in document order (head and body)."""
    root = tree.root
    return [] if root is None else [El(n.tag or "", n.attributes, n) for n in root.traverse()]


def _text(node: LexborNode) -> str:
    return " ".join((node.text(deep=True) or "").split())


def _landmark(els: list[El], tag: str) -> list[El]:
    """The ``tag`` elements that are page landmarks (not inside a sectioning element)."""
    return [
        e for e in els if e.tag == tag and not any(a.tag in SECTIONING for a in _ancestors(e.node))
    ]


def _name_from_ids(value: str, by_id: dict[str, LexborNode]) -> str:
    return " ".join(_text(by_id[i]) for i in value.split() if i in by_id).strip()


def _has_text_alternative_nearby(img: LexborNode, by_id: dict[str, LexborNode]) -> bool:
    """An image may have alt="" when the same information is right beside it.

    That is: it sits inside an element with role="img" that has a non-empty accessible
    name (the chart box, named by its description), or inside a figure whose figcaption
    says it.
    """
    for anc in _ancestors(img):
        attrs = anc.attributes
        if attrs.get("role") == "img":
            label = (attrs.get("aria-label") or "").strip()
            if label or _name_from_ids(attrs.get("aria-labelledby") or "", by_id):
                return True
        if anc.tag == "figure":
            caption = anc.css_first("figcaption")
            if caption is not None and _text(caption):
                return True
    return False


def _check_headings(els: list[El]) -> list[str]:
    out = []
    h1 = [e for e in els if e.tag == "h1"]
    if len(h1) != 1:
        out.append(f"h1: {len(h1)} <h1> elements, expected exactly one")
    previous = 0
    for el in els:
        level = HEADINGS.get(el.tag)
        if level is None:
            continue
        if level > previous + 1:
            before = f"h{previous}" if previous else "the start of the page"
            out.append(f"heading-order: <h{level}> “{_text(el.node)[:60]}” follows {before}")
        previous = level
    return out


def _check_landmarks(els: list[El], kind: str) -> list[str]:
    out = []
    mains = [e for e in els if e.tag == "main" and "hidden" not in e.attrs]
    if len(mains) != 1:
        out.append(f"main: {len(mains)} visible <main> elements, expected exactly one")
    if kind == "embed":  # an embed is a chart inside someone else's page: no banner or footer
        return out
    for tag in ("header", "footer"):
        found = _landmark(els, tag)
        if len(found) != 1:
            out.append(f"{tag}: {len(found)} page-level <{tag}> elements, expected exactly one")
    return out


def _check_images(els: list[El], by_id: dict[str, LexborNode]) -> list[str]:
    out = []
    for img in (e for e in els if e.tag == "img"):
        src = img.attrs.get("src") or "?"
        alt = img.attrs.get("alt")
        if alt is None:
            out.append(f"img-alt: <img src=“{src}”> has no alt attribute")
        elif not alt.strip() and not _has_text_alternative_nearby(img.node, by_id):
            out.append(f"img-alt: <img src=“{src}”> has alt=“” and no text alternative beside it")
    return out


def _check_tables(els: list[El]) -> list[str]:
    out = []
    for i, table in enumerate(e for e in els if e.tag == "table"):
        captions = [c for c in table.node.iter() if c.tag == "caption"]
        if not captions or not _text(captions[0]):
            out.append(f"table-caption: table {i + 1} on the page has no (non-empty) <caption>")
    return out


def _snippet_iframes(els: list[El]) -> list[tuple[str, dict[str, str | None]]]:
    """Iframes in the page and in the embed snippets shown as text (textarea, pre, code)."""
    found = [("<iframe>", e.attrs) for e in els if e.tag == "iframe"]
    for el in els:
        if el.tag in {"textarea", "pre", "code"}:
            text = el.node.text() or ""
            if "<iframe" in text:
                frames = LexborHTMLParser(text).css("iframe")
                found += [(f"snippet in <{el.tag}>", f.attributes) for f in frames]
    return found


def _check_iframes(frames: list[tuple[str, dict[str, str | None]]]) -> list[str]:
    return [
        f"iframe-title: {where} src=“{attrs.get('src')}” has no title"
        for where, attrs in frames
        if not (attrs.get("title") or "").strip()
    ]


def _check_ids(els: list[El], ids: Counter) -> list[str]:
    out = [f"id-unique: id “{i}” used {n} times" for i, n in sorted(ids.items()) if n > 1]
    for el in els:
        for attr in IDREF_ATTRS:
            value = el.attrs.get(attr)
            if value is None or (attr == "data-chart" and "data-src" in el.attrs):
                continue  # with data-src, data-chart is a key in that file (charts.js)
            missing = [i for i in value.split() if i not in ids]
            if missing or not value.strip():
                out.append(
                    f"idref: <{el.tag} {attr}=“{value}”> points to no element "
                    f"(missing: {', '.join(missing) or 'empty value'})"
                )
    return out


def _leaks(text: str) -> list[str]:
    """Each leaked word or template syntax in ``text``, with some context."""
    out = []
    for match in LEAK.finditer(text):
        start, end = max(0, match.start() - 30), match.end() + 30
        out.append(" ".join(text[start:end].split()))
    return out


def _check_text(tree: LexborHTMLParser, els: list[El]) -> list[str]:
    root = tree.root
    if root is None:
        return []
    # script and style hold one text child; its parent is enough to skip it
    texts = [
        node.text_content or ""
        for node in root.traverse(include_text=True)
        if node.tag == "-text" and (node.parent is None or node.parent.tag not in SKIP_TEXT)
    ]
    out = [f"text: “{found}”" for found in _leaks("\n".join(texts))]
    for el in els:
        for attr in TEXT_ATTRS:
            value = el.attrs.get(attr)
            if value:
                out += [f"text: <{el.tag} {attr}=“{found}”>" for found in _leaks(value)]
    return out


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def _check_json(els: list[El]) -> list[str]:
    """Inline JSON (chart specs) must parse strictly: NaN or Infinity break JSON.parse."""
    out = []
    for el in els:
        if el.tag != "script" or not (el.attrs.get("type") or "").endswith("json"):
            continue
        try:
            json.loads(el.node.text() or "", parse_constant=_reject_constant)
        except ValueError as err:
            out.append(f"json: <script id=“{el.attrs.get('id')}”> is not valid JSON: {err}")
    return out


def _links(els: list[El], frames: list[tuple[str, dict[str, str | None]]]) -> list[tuple[str, str]]:
    out = []
    for el in els:
        for attr in URL_ATTRS.get(el.tag, ()):
            value = el.attrs.get(attr)
            if value is None:
                continue
            if attr == "srcset":
                urls = [part.split()[0] for part in value.split(",") if part.split()]
            else:
                urls = [value]
            out += [(f"{el.tag}[{attr}]", u.strip()) for u in urls]
        prop = el.attrs.get("property") or ""
        if el.tag == "meta" and prop.startswith("og:"):
            content = el.attrs.get("content") or ""
            if content.startswith(("http://", "https://", "/")):
                out.append((f"meta[{prop}]", content))
    for where, attrs in frames:
        if where != "<iframe>" and attrs.get("src"):
            out.append((f"{where} iframe[src]", attrs["src"] or ""))
    return out


def parse_page(rel: str, html: str, kind: str | None = None) -> Page:
    """Parse one page and run every rule that needs only this page."""
    kind = kind or page_kind(rel)
    tree = LexborHTMLParser(html)
    els = _elements(tree)
    ids = Counter(e.attrs["id"] for e in els if e.attrs.get("id") is not None)
    by_id: dict[str, LexborNode] = {}
    for el in els:
        if el.attrs.get("id") is not None:
            by_id.setdefault(el.attrs["id"] or "", el.node)
    frames = _snippet_iframes(els)
    problems = []
    lang = els[0].attrs.get("lang") if els and els[0].tag == "html" else None
    if lang != "sv":
        problems.append(f"lang: <html lang=“{lang}”>, expected “sv”")
    titles = [e for e in els if e.tag == "title"]
    title = _text(titles[0].node) if titles else ""
    if len(titles) != 1 or not title:
        problems.append(f"title: {len(titles)} <title> elements, expected one that is not empty")
    problems += _check_headings(els)
    problems += _check_landmarks(els, kind)
    problems += _check_images(els, by_id)
    problems += _check_tables(els)
    problems += _check_iframes(frames)
    problems += _check_ids(els, ids)
    problems += _check_text(tree, els)
    problems += _check_json(els)
    return Page(
        rel=rel,
        kind=kind,
        title=title,
        ids=set(ids),
        links=_links(els, frames),
        problems=[f"{rel}: {p}" for p in problems],
    )


def check_html(rel: str, html: str, kind: str | None = None) -> list[str]:
    """The single-page rules for one page's HTML: problems as "<rel>: <rule>: <detail>"."""
    return parse_page(rel, html, kind).problems


def _page_url(base_url: str, rel: str) -> str:
    """The public URL of the page at ``rel``: index.html is served as its directory."""
    return urljoin(base_url, rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def resolve(base_url: str, rel: str, url: str) -> tuple[str, str] | None:
    """(target path relative to the site root, fragment) for an internal URL, else None.

    Internal means relative, or on the site's host under its base path. A URL on the
    site's host outside the base path comes back with target "..", which never exists.
    """
    if url.startswith(EXTERNAL_SCHEMES):
        return None
    base = urlsplit(base_url)
    full = urlsplit(urljoin(_page_url(base_url, rel), url))
    if (full.scheme, full.netloc) != (base.scheme, base.netloc):
        return None
    if not full.path.startswith(base.path):
        return "..", full.fragment
    target = unquote(full.path[len(base.path) :])
    if target == "" or target.endswith("/"):
        target += "index.html"
    return target, unquote(full.fragment)


def _not_built(target: str, unbuilt: frozenset[str]) -> bool:
    """Whether ``target`` belongs to a kommun whose pages this build left out (--only)."""
    parts = target.split("/")
    slug = parts[1] if parts[0] == "embed" and len(parts) > 1 else parts[0]
    return slug in unbuilt


def _link_problem(
    site: Path, base_url: str, page: Page, link: tuple[str, str], pages, unbuilt: frozenset[str]
) -> str | None:
    where, url = link
    found = resolve(base_url, page.rel, url)
    if found is None:
        return None
    target, fragment = found
    if _not_built(target, unbuilt):
        return None
    if ".." in target.split("/"):
        return f"link: {where}=“{url}” points outside the site"
    if (site / target).is_dir() and (site / target / "index.html").is_file():
        target += "/index.html"
    if not (site / target).is_file():
        return f"link: {where}=“{url}” does not resolve to a file in the site ({target})"
    if fragment and fragment != "top":
        ids = pages[target].ids if target in pages else None
        if ids is not None and fragment not in ids:
            return f"link: {where}=“{url}”: no element with id “{fragment}” on {target}"
    return None


def check_site(site: Path, base_url: str, unbuilt: frozenset[str] = frozenset()) -> list[str]:
    """Every rule over every .html page under ``site``; problems as "<rel>: <rule>: <detail>".

    ``unbuilt``: slugs of the kommuner a ``build --only`` left out; links to their pages,
    files and embeds cannot resolve and are not reported.

    Titles must be unique across all pages, embeds included: an embed's title becomes the
    iframe title (and the oEmbed title) on a host page, and two different charts with the
    same name cannot be told apart there, by a screen reader or in a list of frames.
    """
    pages: dict[str, Page] = {}
    for path in html_files(site):
        rel = path.relative_to(site).as_posix()
        pages[rel] = parse_page(rel, path.read_text(encoding="utf-8"))
    problems: list[str] = []
    first_with_title: dict[str, str] = {}
    for rel, page in pages.items():
        problems += page.problems
        if page.title:
            other = first_with_title.setdefault(page.title, rel)
            if other != rel:
                problems.append(f"{rel}: title-unique: title “{page.title}” is also on {other}")
        for link in page.links:
            found = _link_problem(site, base_url, page, link, pages, unbuilt)
            if found:
                problems.append(f"{rel}: {found}")
    return problems


def rule_of(problem: str) -> str:
    """The rule name in a problem line "<page>: <rule>: <detail>"."""
    return problem.split(": ", 2)[1]


def by_rule(problems: list[str]) -> dict[str, list[str]]:
    """Problems grouped by rule, every rule present (an empty list when it holds)."""
    out: dict[str, list[str]] = {rule: [] for rule in RULES}
    for problem in problems:
        out.setdefault(rule_of(problem), []).append(problem)
    return out


def summary(problems: list[str], limit: int = 20) -> str:
    """A count and the first ``limit`` problems, for an assertion message."""
    head = "\n  ".join(problems[:limit])
    more = f"\n  … and {len(problems) - limit} more" if len(problems) > limit else ""
    return f"{len(problems)} problem(s):\n  {head}{more}"
