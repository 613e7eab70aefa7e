"""Checks that stop a broken site: output checks and the publishing gates.

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

import math
import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from . import sv, urls
from .errors import UserError

if TYPE_CHECKING:  # checks.py is imported by every build worker: no pandas here
    from .changes import Changes
    from .config import Thresholds
    from .data.quarantine import Quarantine

#: Text that must never reach a reader: a Python None or NaN, or template syntax.
#: Words (whole words only) and template syntax that must never reach a reader.
LEAK_WORDS = ("None", "nan", "NaN", "undefined")
LEAK_SYNTAX = ("{{", "}}", "{%", "%}")
H1 = re.compile(r"<h1[\s>]")
SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.S)
ATTR_URL = re.compile(r'\s(?:href|src)="([^"]*)"')
JSON_URL = re.compile(r'"url":\s*"([^"]+)"')
IDS = re.compile(r'\sid="([^"]+)"')
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
    ids = set(IDS.findall(html))
    targets: set[str] = set()
    url = urls.path_to_url(path)
    base_path = urlsplit(base_url).path or "/"
    for raw in ATTR_URL.findall(html) + JSON_URL.findall(html):
        link = raw.replace("&amp;", "&")
        if link.startswith("#"):
            if link != "#" and unquote(link[1:]) not in ids:
                problems.append(Problem(path, "anchor", f"{link} has no target on the page"))
            continue
        target = resolve(url, link, base_url, base_path)
        if target is not None:
            targets.add(target)
    return problems, targets


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

STOP = "stopp"
WARN = "varning"
OK = "ok"
#: How many examples a finding lists (the report shows them; the counts are complete).
EXAMPLES = 10


@dataclass(frozen=True)
class Finding:
    """One gate's verdict, in Swedish for the operator who reads the report."""

    gate: str
    level: str  # STOP | WARN | OK
    message: str
    examples: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, object]:
        return {
            "gate": self.gate,
            "level": self.level,
            "message": self.message,
            "examples": list(self.examples),
        }


def stops(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.level == STOP]


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} %".replace(".", ",") if whole else "–"


def _drop(old: int, new: int) -> float:
    return (old - new) / old if old > 0 else 0.0


def count_gates(
    old: Mapping[str, int],
    new: Mapping[str, int],
    limit: float,
    gate: str,
    what: str,
    names: Mapping[str, str] | None = None,
) -> Finding:
    """Stop when any key (a KPI, a kommun) lost more than ``limit`` of its values."""
    names = names or {}
    over = sorted(
        ((_drop(n, new.get(k, 0)), k) for k, n in old.items() if _drop(n, new.get(k, 0)) > limit),
        key=lambda t: (-t[0], t[1]),
    )
    if not over:
        return Finding(gate, OK, f"Ingen av {what} tappade mer än {_pct(limit)} av sina värden.")
    examples = tuple(
        f"{names.get(k, k)}: {_n(old[k])} → {_n(new.get(k, 0))} värden (−{_pct(d)})"
        for d, k in over[:EXAMPLES]
    )
    return Finding(
        gate,
        STOP,
        f"{len(over)} av {what} tappade mer än {_pct(limit)} av sina värden sedan förra "
        "publiceringen.",
        examples,
    )


def _n(n: int) -> str:
    return sv.format_number(n)


def _pct(share: float) -> str:
    return f"{100 * share:.0f} %"


def total_gate(old: int, new: int, limit: float) -> Finding:
    """Stop when the whole snapshot lost more than ``limit`` of its values."""
    drop = _drop(old, new)
    text = f"Antal värden: {_n(old)} förra gången, {_n(new)} nu"
    if drop > limit:
        return Finding(
            "totalt",
            STOP,
            f"{text} (−{_pct(drop)}); gränsen är {_pct(limit)}.",
        )
    return Finding("totalt", OK, f"{text}.")


def vanished_gate(old_kpis: Iterable[str], new_kpis: Iterable[str], configured: Iterable[str]):
    """Stop when a configured KPI that the last publish had is gone from Kolada."""
    gone = sorted(set(old_kpis) & set(configured) - set(new_kpis))
    if gone:
        return Finding(
            "försvunna nyckeltal",
            STOP,
            f"{len(gone)} nyckeltal finns inte längre hos Kolada: {', '.join(gone)}.",
        )
    return Finding("försvunna nyckeltal", OK, "Alla nyckeltal från förra publiceringen finns kvar.")


def deletes_gate(old_pages: Iterable[str], new_pages: Iterable[str], limit: int) -> Finding:
    """Stop when more pages would disappear than ``limit``."""
    gone = sorted(set(old_pages) - set(new_pages))
    if len(gone) > limit:
        return Finding(
            "borttagna sidor",
            STOP,
            f"{_n(len(gone))} sidor skulle försvinna; högst {limit} får tas bort i en publicering "
            "(thresholds.max_deletes).",
            tuple(gone[:EXAMPLES]),
        )
    return Finding(
        "borttagna sidor",
        OK,
        f"{len(gone)} sidor försvinner (högst {limit} tillåts).",
        tuple(gone[:EXAMPLES]),
    )


def html_pages(files: Iterable[str]) -> set[str]:
    """The pages of a manifest's file list (what a reader can lose)."""
    return {urls.path_to_url(p) for p in files if p.endswith(".html")}


def site_gates(
    old_files: Mapping[str, object] | None,
    new_files: Mapping[str, object],
    max_deletes: int,
) -> list[Finding]:
    """The site gate: pages that would disappear, against the last published manifest."""
    if old_files is None:
        return [Finding("borttagna sidor", OK, "Ingen tidigare publicering att jämföra med.")]
    return [deletes_gate(html_pages(old_files), html_pages(new_files), max_deletes)]


def data_gates(
    changes: Changes,
    quarantined: Quarantine,
    old_kpis: Iterable[str],
    new_kpis: Iterable[str],
    configured: Iterable[str],
    thresholds: Thresholds,
    names: Mapping[str, str],
) -> list[Finding]:
    """The data gates: the new snapshot against the one behind the last publish.

    ``quarantined`` is the new snapshot's split (insyn/data/quarantine.py);
    ``changes`` should compare the values the site uses (quarantined ones left
    out), so that a quarantined value is neither a revision nor a jump;
    ``names`` maps kommun codes to names for the examples.
    """
    out = [quarantine_gate(quarantined, thresholds.max_quarantined, names)]
    if changes.old is None:
        out.append(Finding("jämförelse", OK, "Ingen tidigare publicering: inget att jämföra med."))
    else:
        old = changes.old
        new = changes.new
        out.append(total_gate(old.total, new.total, thresholds.max_total_drop))
        out.append(
            count_gates(old.by_kpi, new.by_kpi, thresholds.max_kpi_drop, "nyckeltal", "nyckeltalen")
        )
        out.append(
            count_gates(
                old.by_kommun,
                new.by_kommun,
                thresholds.max_kommun_drop,
                "kommuner",
                "kommunerna",
                names,
            )
        )
        out.append(vanished_gate(old_kpis, new_kpis, configured))
        out.append(_revised_gate(changes, names))
    out.append(_jump_gate(changes, thresholds.jump_warning, names))
    return out


QUARANTINE = "karantän"


def quarantine_gate(
    quarantined: Quarantine, limit: float, names: Mapping[str, str] | None = None
) -> Finding:
    """Warn about values outside their plausible range; stop when too large a share is.

    A few odd values (a share of 101 percent) are Kolada's, and the site simply
    leaves them out; many at once mean that something broke (a unit changed, a
    column shifted), and a person must look before the site publishes. That stop
    can be overridden with ``--force --reason``.
    """
    names = names or {}
    count, checked = quarantined.count, quarantined.checked
    if not count:
        return Finding(QUARANTINE, OK, "Alla värden ligger inom rimliga gränser.")
    values = "värde" if count == 1 else "värden"
    text = (
        f"{_n(count)} {values} av {_n(checked)} ({_fine_pct(quarantined.share)}) ligger "
        "utanför rimliga gränser och visas inte på webbplatsen"
    )
    examples = tuple(
        f"{q.kpi}, {names.get(q.municipality, q.municipality)}, {q.year}, {q.gender}: "
        f"{_value(q.value)} (rimligt: {q.allowed})"
        for q in quarantined.examples(EXAMPLES)
    )
    if quarantined.share > limit:
        return Finding(
            QUARANTINE,
            STOP,
            f"{text}; det är mer än gränsen {_fine_pct(limit)} (thresholds.max_quarantined).",
            examples,
        )
    return Finding(QUARANTINE, WARN, f"{text}.", examples)


def _fine_pct(share: float) -> str:
    """A small share in percent, to two significant digits: "0,00031 %", "0,15 %", "2,5 %"."""
    pct = 100 * share
    if pct <= 0 or pct >= 10:
        return f"{pct:.0f} %"
    decimals = min(6, max(1, 1 - math.floor(math.log10(pct))))
    text = f"{pct:.{decimals}f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") + " %"


def _value(v: float | None) -> str:
    return "saknas" if v is None else f"{v:g}".replace(".", ",")


def _revised_gate(changes: Changes, names: Mapping[str, str]) -> Finding:
    if not changes.revised_count:
        return Finding("reviderade värden", OK, "Inga tidigare publicerade värden har ändrats.")
    return Finding(
        "reviderade värden",
        WARN,
        f"{_n(changes.revised_count)} tidigare publicerade värden har ändrats eller tagits bort "
        "hos källan.",
        tuple(
            f"{r.kpi}, {names.get(r.municipality, r.municipality)}, {r.year}, {r.gender}: "
            f"{_value(r.old)} → {_value(r.new)}"
            for r in changes.revised
        ),
    )


def _values(n: int) -> str:
    return "Ett nytt värde" if n == 1 else f"{n} nya värden"


def _jump_gate(changes: Changes, sigmas: float, names: Mapping[str, str]) -> Finding:
    if not changes.jumps_count:
        return Finding("stora förändringar", OK, "Inga ovanligt stora förändringar mellan två år.")
    return Finding(
        "stora förändringar",
        WARN,
        f"{_values(changes.jumps_count)} skiljer sig från året före med mer än "
        f"{_value(sigmas)} standardavvikelser av nyckeltalets förändringar; kontrollera dem.",
        tuple(
            f"{j.kpi}, {names.get(j.municipality, j.municipality)}, {j.gender}: "
            f"{j.year - 1} {_value(j.before)} → {j.year} {_value(j.after)} ({_value(j.sigmas)} sd)"
            for j in changes.jumps
        ),
    )
