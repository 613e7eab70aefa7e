"""The publishing gates: findings that stop, warn or pass a night before anything is published."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported by every build worker: no pandas here
    from insyn.config import Thresholds
    from insyn.data.changes import Changes
    from insyn.data.quarantine import Quarantine

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from insyn.site import urls
from insyn.write import sv

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
