"""The run report (Markdown and JSON) and the public changelog entries.

Pure: a run's facts in, text and JSON bytes out; write.py puts them on disk.
The report is for the operator (what was fetched, what changed, what the gates
decided, where the site went); the changelog entry is the short public
version that the site's page /andringar/ shows. Both are in Swedish.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from insyn.check.gates import EXAMPLES, OK, STOP, WARN, Finding
from insyn.data.changes import Changes
from insyn.write import sv

if TYPE_CHECKING:
    from insyn.data.quarantine import Quarantine

#: Outcomes of a run, as the report and the changelog name them.
PUBLISHED = "publicerad"
STOPPED = "stoppad"
FAILED = "misslyckades"
RUNNING = "pågår"
FORMAT = 1

LEVEL_MARK = {STOP: "STOPP", WARN: "Varning", OK: "OK"}


@dataclass
class Report:
    """One run: filled in step by step by the CLI, written whatever the outcome."""

    run: str
    started: str
    outcome: str = RUNNING
    stage: str = ""
    error: str = ""
    forced: bool = False
    reason: str = ""
    fetched: dict[str, Any] = field(default_factory=dict)
    previous: dict[str, Any] = field(default_factory=dict)
    changes: dict[str, Any] = field(default_factory=dict)
    #: the values left out of the site (see quarantine_summary)
    quarantine: dict[str, Any] = field(default_factory=dict)
    findings: list[dict[str, Any]] = field(default_factory=list)
    site: dict[str, Any] = field(default_factory=dict)
    targets: list[dict[str, Any]] = field(default_factory=list)
    overridden: list[str] = field(default_factory=list)

    def add_findings(self, findings: Sequence[Finding]) -> None:
        self.findings += [f.as_dict() for f in findings]

    def to_json(self) -> bytes:
        doc = {"format": FORMAT, **asdict(self)}
        return (json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def fetched_summary(manifest: Mapping[str, Any], path: str) -> dict[str, Any]:
    """What a snapshot says about its fetch (from its manifest.json)."""
    return {
        "snapshot": path,
        "source": manifest.get("source", ""),
        "base_url": manifest.get("base_url", ""),
        "fetched_at": manifest.get("fetched_at", ""),
        "requests": manifest.get("request_count", 0),
        "rows": manifest.get("row_count", 0),
        "years": manifest.get("years", []),
        "values_per_kpi": manifest.get("values_per_kpi", {}),
    }


def changes_summary(changes: Changes, names: Mapping[str, str]) -> dict[str, Any]:
    """The JSON-friendly form of a snapshot comparison."""
    return {
        "first_publish": changes.first,
        "values_before": changes.old.total if changes.old else None,
        "values_now": changes.new.total,
        "values_added": changes.added_values,
        "new_years": {str(y): n for y, n in changes.new_years.items()},
        "kpis_added": list(changes.kpis_added) if not changes.first else [],
        "kpis_removed": list(changes.kpis_removed),
        "revised": changes.revised_count,
        "revised_examples": [
            {
                "kpi": r.kpi,
                "municipality": r.municipality,
                "name": names.get(r.municipality, r.municipality),
                "year": r.year,
                "gender": r.gender,
                "old": r.old,
                "new": r.new,
            }
            for r in changes.revised
        ],
        "jumps": changes.jumps_count,
    }


def quarantine_summary(
    quarantined: Quarantine, limit: float, names: Mapping[str, str]
) -> dict[str, Any]:
    """The JSON-friendly form of a quarantine: complete counts, the first EXAMPLES values.

    The Markdown report lists the same examples under the gate "karantän".
    """
    return {
        "count": quarantined.count,
        "checked": quarantined.checked,
        "share": quarantined.share,
        "max_share": limit,
        "examples": [
            {
                "kpi": q.kpi,
                "municipality": q.municipality,
                "name": names.get(q.municipality, q.municipality),
                "year": q.year,
                "gender": q.gender,
                "value": q.value if math.isfinite(q.value) else str(q.value),
                "allowed": q.allowed,
            }
            for q in quarantined.examples(EXAMPLES)
        ],
    }


#: The gate names under which the press texts' notices (corrections.Notice) are listed,
#: and the build's size warning (kind "site-size", assemble._check_size).
TEXT_NOTICES = {
    "pin_dropped": (
        "fästa texter",
        "Fästa rubriker eller ingresser som inte används längre: {n}. Uppgifterna avser "
        "ett annat år än det de fästes för; den genererade texten används i stället.",
    ),
    "pin_corrected": (
        "fästa texter",
        "Texter med fäst rubrik eller ingress där källan har ändrat uppgifter: {n}. "
        "Kontrollera att de fästa texterna stämmer.",
    ),
    "text_rule": (
        "språkkontroll",
        "Pressmeddelanden som bryter mot skrivreglerna: {n}. De är publicerade; granska "
        "dem innan någon skickar dem vidare.",
    ),
    # the build's size check (sitesize.py): the site is near size.max_mb
    "site-size": (
        "storlek",
        "Webbplatsen närmar sig storleksgränsen (size.max_mb i config.yaml); "
        "se vad som väger mest nedan.",
    ),
}


def text_findings(notices: Sequence[Mapping[str, str]]) -> list[Finding]:
    """Warnings for the press texts' notices (corrections.Notice as dicts: a dropped or a
    corrected pin), one per kind, with the first EXAMPLES notices as examples."""
    out = []
    for kind, (gate, message) in TEXT_NOTICES.items():
        found = [n["message"] for n in notices if n.get("kind") == kind]
        if found:
            text = message.format(n=_int(len(found)))
            out.append(Finding(gate, WARN, text, tuple(found[:EXAMPLES])))
    return out


# ------------------------------------------------------------------ Markdown


def to_markdown(report: Report) -> str:
    """The report as a short Markdown document (the job summary in GitHub Actions)."""
    lines = [f"# Insyn: körning {report.run}", ""]
    stage = f" (steg: {report.stage})" if report.stage else ""
    lines += [f"**Resultat: {report.outcome}**{stage}"]
    if report.error:
        lines += ["", f"Fel: {report.error}"]
    if report.forced:
        lines += ["", f"Kontrollerna överstyrdes med --force. Skäl: {report.reason}"]
        if report.overridden:
            lines += [f"Överstyrda stopp: {', '.join(report.overridden)}."]
    lines += ["", *_fetched_lines(report), *_change_lines(report), *_finding_lines(report)]
    lines += [*_site_lines(report), *_target_lines(report)]
    return "\n".join(lines).rstrip() + "\n"


def _fetched_lines(report: Report) -> list[str]:
    f = report.fetched
    if not f:
        return ["## Hämtning", "", "Ingen ögonblicksbild lästes.", ""]
    out = ["## Hämtning", ""]
    out.append(f"- Ögonblicksbild: `{f.get('snapshot', '')}` ({f.get('source', '')})")
    if f.get("fetched_at"):
        source = f" från {f['base_url']}" if f.get("base_url") else ""
        out.append(f"- Hämtad: {f['fetched_at']}{source}")
    if f.get("requests"):
        out.append(f"- Anrop: {f['requests']}, rader: {_int(f.get('rows', 0))}")
    years = f.get("years") or []
    if years:
        out.append(f"- År: {years[0]}–{years[-1]}")
    prev = report.previous
    if prev:
        out.append(f"- Förra publiceringen: {prev.get('run', '')} (`{prev.get('snapshot', '')}`)")
    return [*out, ""]


def _change_lines(report: Report) -> list[str]:
    c = report.changes
    if not c:
        return []
    out = ["## Ändringar sedan förra publiceringen", ""]
    if c.get("first_publish"):
        out.append("- Första publiceringen: inget att jämföra med.")
    else:
        out.append(f"- Värden: {_int(c['values_before'])} förra gången, {_int(c['values_now'])} nu")
        out.append(f"- Nya värden: {_int(c['values_added'])}")
    if not c.get("first_publish"):
        for year, n in c.get("new_years", {}).items():
            out.append(f"- Första värdena för {year}: {n} nyckeltal")
    if c.get("kpis_added"):
        out.append(f"- Nya nyckeltal: {', '.join(c['kpis_added'])}")
    if c.get("kpis_removed"):
        out.append(f"- Borttagna nyckeltal: {', '.join(c['kpis_removed'])}")
    # the examples are listed once, under the gate "reviderade värden" below
    out.append(f"- Reviderade värden: {_int(c.get('revised', 0))}")
    return [*out, ""]


def _int(n: int) -> str:
    return sv.format_number(int(n))


def _finding_lines(report: Report) -> list[str]:
    if not report.findings:
        return []
    out = ["## Kontroller", "", "| kontroll | resultat | beskrivning |", "|---|---|---|"]
    for f in report.findings:
        message = f["message"].replace("|", "\\|")
        out.append(f"| {f['gate']} | {LEVEL_MARK.get(f['level'], f['level'])} | {message} |")
    details = [f for f in report.findings if f["examples"] and f["level"] != OK]
    for f in details:
        out += ["", f"**{f['gate']}**", ""]
        out += [f"- {e}" for e in f["examples"]]
    return [*out, ""]


def _site_lines(report: Report) -> list[str]:
    s = report.site
    if not s:
        return []
    out = ["## Webbplatsen", ""]
    for key, label in (
        ("pages", "Sidor"),
        ("added", "Nya sidor"),
        ("removed", "Borttagna sidor"),
        ("changed", "Ändrade filer"),
        ("bytes", "Storlek (byte)"),
    ):
        if key in s:
            out.append(f"- {label}: {_int(s[key])}")
    return [*out, ""]


def _target_lines(report: Report) -> list[str]:
    if not report.targets:
        return []
    out = ["## Publicering", ""]
    out += [
        f"- {t['target']}: {t.get('status', 'publicerad')}: {t['summary']}" for t in report.targets
    ]
    return [*out, ""]


# ------------------------------------------------------------------ changelog


def changelog_entry(
    changes: Changes, when: date, run: str, kpi_titles: Mapping[str, str], forced: bool
) -> dict[str, Any] | None:
    """The public line(s) for /andringar/, or None when the data did not change."""
    lines = changelog_lines(changes, kpi_titles)
    if not lines:
        return None
    if forced:
        lines.append("Uppdateringen godkändes manuellt efter en automatisk kontroll.")
    return {"date": sv.format_date_iso(when), "run": run, "lines": lines}


def changelog_lines(changes: Changes, kpi_titles: Mapping[str, str]) -> list[str]:
    """What a reader needs to know about an update, in plain Swedish sentences."""
    if changes.first:
        return [
            "Första publiceringen med "
            f"{sv.format_number(changes.new.total)} värden för "
            f"{sv.count_phrase(len(changes.new.by_kpi), 'nyckeltal', 'nyckeltal', sv.NEUTRUM)}."
        ]
    out = []
    for year, n in changes.new_years.items():
        noun = sv.count_phrase(n, "nyckeltal", "nyckeltal", sv.NEUTRUM)
        out.append(f"Nya värden för {year} i {noun}.")
    new_only = changes.added_values
    if new_only and not changes.new_years:
        phrase = sv.count_phrase(new_only, "nytt värde", "nya värden", sv.NEUTRUM)
        out.append(f"{sv.capitalize(phrase)}.")
    if changes.revised_count:
        phrase = sv.count_phrase(
            changes.revised_count, "tidigare värde", "tidigare värden", sv.NEUTRUM
        )
        out.append(f"{sv.capitalize(phrase)} har ändrats eller tagits bort av källan.")
    named = (("Nya nyckeltal", changes.kpis_added), ("Borttagna nyckeltal", changes.kpis_removed))
    for label, kpis in named:
        if kpis:
            out.append(f"{label}: {sv.join_list([kpi_titles.get(k, k) for k in kpis])}.")
    return out
