"""Checks that stop a broken site: every page and link of the output, before the swap.

**Output checks** are pure functions over rendered HTML. Each page is checked right after it is
rendered (in the process that rendered it), which returns its problems and
the site paths it links to; the links are resolved once at the end against
the complete file list. A build with any problem is not published.

The checks read the HTML with regular expressions, not a full parser: the
markup is our own (attribute values always double-quoted and escaped by
Jinja), and a build checks ~36 000 pages. The test suite checks the same
pages with a real HTML parser and the Nu Html Checker.

**Publishing gates** (``data_gates``, ``site_gates``) compare a new snapshot
with the one behind the last publish, and a new site's manifest with the last
published one. They never raise: they return findings (stop, warning, ok),
and the caller decides, so that every run can report all of them at once and
``--force --reason`` can override a stop with the reason on record.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from insyn.errors import UserError
from insyn.site import urls

#: Text that must never reach a reader: a Python None or NaN, or template syntax.
#: Words (whole words only) and template syntax that must never reach a reader.
LEAK_WORDS = ("None", "nan", "NaN", "undefined")
LEAK_SYNTAX = ("{{", "}}", "{%", "%}")
H1 = re.compile(r"<h1[\s>]")
SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.S)
#: attributes by their literal name: a pattern that starts with a literal is searched for
#: that literal, five times faster on a long page than one that starts with ``\s``
#: (_attribute_values checks the space before the name)
URL_ATTRS = (re.compile(r'href="([^"]*)"'), re.compile(r'src="([^"]*)"'))
JSON_URL = re.compile(r'"url":\s*"([^"]+)"')
ID_ATTR = re.compile(r'id="([^"]+)"')
CAPTION_TEXT = re.compile(r"<figcaption\b[^>]*>\s*[^<\s]", re.S)
EXTERNAL = ("http://", "https://", "mailto:", "tel:", "data:", "javascript:")


class OutputError(UserError):
    """The built tree failed its checks; nothing was published."""


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    rule: str
    detail: str

    def __str__(self) -> str:
        return f"{self.path}: {self.rule}: {self.detail}"


def check_page(path: str, html: str, base_url: str) -> tuple[list[Problem], set[str]]:
    """Problems of one rendered HTML page, and the site paths it links to."""
    problems: list[Problem] = []
    visible = SCRIPT.sub("", html)
    h1 = len(H1.findall(visible))
    if h1 != 1:
        problems.append(Problem(path, "one-h1", f"{h1} h1 elements"))
    leak = find_leak(visible)
    if leak is not None:
        start = max(0, leak - 40)
        problems.append(Problem(path, "leak", repr(visible[start : leak + 44])))
    problems += _check_figures(path, html)
    ids = set(_attribute_values(ID_ATTR, html))
    targets: set[str] = set()
    url = urls.path_to_url(path)
    base_path = urlsplit(base_url).path or "/"
    found = [v for pattern in URL_ATTRS for v in _attribute_values(pattern, html)]
    # each link once: a page names its stylesheet, its kommun and its area many times
    for raw in dict.fromkeys(found + JSON_URL.findall(html)):
        link = raw.replace("&amp;", "&")
        if link.startswith("#"):
            if link != "#" and unquote(link[1:]) not in ids:
                problems.append(Problem(path, "anchor", f"{link} has no target on the page"))
            continue
        target = resolve(url, link, base_url, base_path)
        if target is not None:
            targets.add(target)
    return problems, targets


def _attribute_values(pattern: re.Pattern[str], html: str) -> list[str]:
    """The values of one attribute (``pattern`` starts with its name), where the name
    stands alone: ``data-id="…"`` is no id."""
    return [
        m.group(1) for m in pattern.finditer(html) if m.start() and html[m.start() - 1].isspace()
    ]


def find_leak(text: str) -> int | None:
    """Where a leaked None/nan/NaN/undefined (as a word) or template syntax starts.

    Plain substring search: "nan" is inside many Swedish words (finansiering),
    and a regex of word-bounded alternatives is ten times slower on a long page.
    Template syntax from data (a KPI title, a kommun name, an area intro) never
    reaches here raw: the renderer writes its braces as character references
    (``render.neutral_braces``), so a "{{" or "%}" found is a template's leftover.
    """
    for token in LEAK_SYNTAX:
        at = text.find(token)
        if at != -1:
            return at
    for word in LEAK_WORDS:
        at = text.find(word)
        while at != -1:
            end = at + len(word)
            if not _word_char(text, at - 1) and not _word_char(text, end):
                return at
            at = text.find(word, at + 1)
    return None


def _word_char(text: str, index: int) -> bool:
    return 0 <= index < len(text) and (text[index].isalnum() or text[index] == "_")


def _check_figures(path: str, html: str) -> list[Problem]:
    """Every chart has its data table (with a caption) and a text description."""
    problems = []
    for figure in _figures(html):
        if "data-chart=" not in figure:
            continue
        name = re.search(r'id="([^"]+)"', figure)
        where = name.group(1) if name else "figure"
        if "<table" not in figure or "<caption" not in figure:
            problems.append(Problem(path, "chart-table", f"{where} has no data table"))
        if not CAPTION_TEXT.search(figure):
            problems.append(Problem(path, "chart-description", f"{where} has no description"))
    return problems


def _figures(html: str) -> list[str]:
    """The <figure> elements of a page (never nested in our templates)."""
    out = []
    start = html.find("<figure")
    while start != -1:
        end = html.find("</figure>", start)
        if end == -1:
            break
        out.append(html[start:end])
        start = html.find("<figure", end)
    return out


def resolve(page: str, link: str, base_url: str, base_path: str) -> str | None:
    """The output file a link points to, or None for links off the site."""
    if link.startswith(base_url):
        link = "/" + link[len(base_url) :]
    elif link.startswith(EXTERNAL) or link.startswith("//"):
        return None
    elif link.startswith("/"):
        if not link.startswith(base_path):
            return None
        link = "/" + link[len(base_path) :]
    parts = urlsplit(link)
    path = unquote(parts.path)
    if not path:
        return urls.url_to_path(page)
    if path.startswith("/"):
        joined = path.lstrip("/")
    else:
        joined = posixpath.join(posixpath.dirname(page).lstrip("/"), path)
    target = posixpath.normpath(joined) if joined else "."
    if target == ".." or target.startswith("../"):
        return target  # above the site root: never resolves
    if target == ".":
        return "index.html"
    return target + "/index.html" if path.endswith("/") else target


def check_links(
    links: Mapping[str, str], files: Iterable[str], skip_prefixes: tuple[str, ...] = ()
) -> list[Problem]:
    """Links (target → one page linking to it) whose target is not in the tree.

    ``skip_prefixes`` are parts of the site a partial build (``--only``) leaves out.
    """
    present = set(files)
    problems = []
    for target, source in sorted(links.items()):
        if target in present or target.startswith(skip_prefixes):
            continue
        problems.append(Problem(source, "broken-link", target))
    return problems


def footer_link_error(
    links: Iterable[str], files: Iterable[str], skip_prefixes: tuple[str, ...] = ()
) -> str | None:
    """The first site link of ``site.footer.links`` that no page of the build answers,
    as one line naming the config key ("site.footer.links[1].url: /om-oss/ finns inte
    på webbplatsen"); None when all resolve. The output check would name a page
    that links to it instead, and the operator must fix the config, not a page."""
    present = set(files)
    for i, url in enumerate(links):
        if not url.startswith("/") or url.startswith("//"):
            continue  # off the site
        target = urls.url_to_path(unquote(urlsplit(url).path))
        if target in present or target.startswith(skip_prefixes):
            continue
        return f"site.footer.links[{i}].url: {url} finns inte på webbplatsen"
    return None


def summary(problems: list[Problem], limit: int = 20) -> str:
    """One message for an OutputError: the count and the first problems."""
    shown = "\n".join(f"  {p}" for p in sorted(problems)[:limit])
    more = f"\n  … och {len(problems) - limit} till" if len(problems) > limit else ""
    return f"utdatakontrollen hittade {len(problems)} fel:\n{shown}{more}"


# ------------------------------------------------------------------ publishing gates
