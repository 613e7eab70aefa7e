"""THE stage list: one run is fetch → gates → build → checks → publish (``STAGES``),
always with a report. A newcomer reads the whole night in :func:`_steps`.

Part of the imperative shell (with cli.py): it decides nothing itself. The
gates (check/gates.py) judge the data, build/ makes the site, publish/ sends it,
check/report.py words the outcome and build/write.py keeps the state between runs. What
it guarantees is the order: nothing reaches a target before every gate has
passed (or was overridden with ``--force --reason``), and a report is written
whatever happens, so a failed night says why.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from insyn import build
from insyn.build import write
from insyn.check import gates
from insyn.check import report as rep
from insyn.config import Config
from insyn.data import snapshot
from insyn.data.model import Snapshot
from insyn.data.reference import Reference
from insyn.errors import UserError
from insyn.publish.targets import FAILED, PUBLISHED, Outcome

if TYPE_CHECKING:
    from insyn.data.changes import Changes
    from insyn.data.quarantine import Quarantine

log = logging.getLogger(__name__)


class Stage(StrEnum):
    """The stages of a run, in order, named in code; the report words them in Swedish."""

    FETCH = "fetch"
    GATES = "gates"
    BUILD = "build"
    CHECKS = "checks"
    PUBLISH = "publish"


STAGES = tuple(Stage)
#: How the report names the stage a run stopped or failed in.
STAGE_LABELS = {
    Stage.FETCH: "hämtning",
    Stage.GATES: "kontroll av data",
    Stage.BUILD: "bygge",
    Stage.CHECKS: "kontroll av webbplatsen",
    Stage.PUBLISH: "publicering",
}

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_STOPPED = 3
#: Gates whose stop no --force can override: without metadata a page cannot name its
#: indicator. (Implausible values are quarantined: the build leaves them out, so their
#: gate, "karantän", can be overridden.)
HARD_GATES = ("metadata",)
#: Fetched snapshots kept besides the published one (the newest).
KEEP_SNAPSHOTS = 2


class RunError(UserError):
    """A run cannot start (e.g. --force without --reason)."""


@dataclass(frozen=True)
class RunOptions:
    build: build.Options
    targets: tuple[str, ...]
    force: bool = False
    reason: str = ""
    dir_path: Path | None = None


def run(
    options: RunOptions,
    config: Config,
    reference: Reference,
    fetch: Callable[[Path | None], Path],
    publish: Callable[[Sequence[str], Path], list[Outcome]],
) -> tuple[int, rep.Report]:
    """Do one run; returns (exit code, report). The report is on disk when this returns.

    ``fetch`` makes a new snapshot and returns its directory; it is given the
    published snapshot's directory, which it must not overwrite. ``publish`` sends
    the site to one target and returns a one-line summary for the report.
    """
    if options.force and not options.reason.strip():
        raise RunError("--force kräver --reason med ett skäl som skrivs in i rapporten")
    when = options.build.build_time or datetime.now().astimezone()
    report = rep.Report(write.run_id(when), when.strftime("%Y-%m-%dT%H:%M:%SZ"))
    report.forced, report.reason = options.force, options.reason.strip()
    state_dir = options.build.root / config.publish.state_dir
    try:
        code = _steps(options, config, reference, fetch, publish, report, state_dir, when)
    except Exception as exc:
        report.outcome = rep.FAILED
        report.error = str(exc) or type(exc).__name__
        log.debug("run failed:\n%s", traceback.format_exc())
        raise
    finally:
        write.write_report(state_dir, report.run, report.to_json(), rep.to_markdown(report))
    return code, report


def _steps(
    options: RunOptions,
    config: Config,
    reference: Reference,
    fetch: Callable[[Path | None], Path],
    publish: Callable[[Sequence[str], Path], list[Outcome]],
    report: rep.Report,
    state_dir: Path,
    when: datetime,
) -> int:
    root = options.build.root
    published, published_files = write.read_published(state_dir)
    if published:
        report.previous = {k: published.get(k) for k in ("run", "date", "snapshot")}
        _check_clock(str(published.get("date") or ""), report.started)
    previous = _published_snapshot(published, root)
    report.stage = STAGE_LABELS[Stage.FETCH]
    snap_path = options.build.snapshot or fetch(previous)
    report.stage = STAGE_LABELS[Stage.GATES]
    extra_dir = root / "data" / config.sources.extra_dir
    new = snapshot.load_with_extra(snap_path, extra_dir, config, reference)
    report.fetched = rep.fetched_summary(new.manifest, _relative(snap_path, root))
    old = _previous_snapshot(previous, report)
    names = _names(new, reference)
    changes, quarantined, findings = _data_gates(new, old, config, reference, names)
    report.changes = rep.changes_summary(changes, names)
    report.quarantine = rep.quarantine_summary(
        quarantined, config.thresholds.max_quarantined, names
    )
    report.add_findings(findings)
    if not _may_continue(findings, options, report):
        return EXIT_STOPPED
    entry = rep.changelog_entry(
        changes, when.date(), report.run, _kpi_titles(config), forced=bool(report.overridden)
    )
    changelog = list(options.build.changelog)
    if entry is not None:
        changelog.append(entry)
    report.stage = STAGE_LABELS[Stage.BUILD]
    site = options.build.out
    # the values revised since the last publish: the press texts' correction lines
    revisions = None if changes.first else tuple(r for r in changes.revised_all if r.gender == "T")
    built = build.build(
        replace(
            options.build,
            snapshot=snap_path,
            changelog=tuple(changelog),
            loaded=new,
            revisions=revisions,
            data_dates=_published_dates(published),
        )
    )
    report.add_findings(rep.text_findings(built.notices))
    report.stage = STAGE_LABELS[Stage.CHECKS]
    manifest = write.read_manifest(site)
    site_findings = gates.site_gates(published_files, manifest.files, config.thresholds.max_deletes)
    report.site = _site_summary(published_files, manifest)
    report.add_findings(site_findings)
    if not _may_continue(site_findings, options, report):
        return EXIT_STOPPED
    report.stage = STAGE_LABELS[Stage.PUBLISH]
    outcomes = publish(options.targets, site)
    report.targets = [
        {"target": o.target, "status": o.status, "summary": o.summary} for o in outcomes
    ]
    live = [o.target for o in outcomes if o.status == PUBLISHED]
    if live:
        _record(
            state_dir,
            report.run,
            live,
            lambda: write.record_published(
                state_dir,
                {
                    "run": report.run,
                    "date": report.started,
                    "snapshot": _relative(snap_path, root),
                    "fetched_at": new.manifest.get("fetched_at", ""),
                    "site_inputs": manifest.inputs,
                    # the days the KPIs' values were first fetched: the next night's datelines
                    "data_dates": built.data_dates,
                    "targets": live,
                    "not_published": sorted(set(options.targets) - set(live)),
                },
                site,
                changelog,
            ),
        )
    if len(live) < len(outcomes):
        raise RunError(_partial(outcomes, report.run))
    snapshot.prune_snapshots(root / "data", keep={Path(snap_path)}, newest=KEEP_SNAPSHOTS)
    report.stage = ""
    report.outcome = rep.PUBLISHED
    return EXIT_OK


def _record(state_dir: Path, run: str, live: Sequence[str], save: Callable[[], None]) -> None:
    """Save the state of a publish; if the disk refuses (``state/`` full), say what is
    live, since the targets already serve the new site and the state still names the
    one before (the state names this run as soon as any target serves it)."""
    try:
        save()
    except OSError as exc:
        raise RunError(
            f"{', '.join(live)} visar körning {run}, men tillståndet i {state_dir} kunde "
            f"inte sparas ({exc}); nästa körning jämför med förra publiceringen"
        ) from None


def _partial(outcomes: Sequence[Outcome], run: str) -> str:
    """One line: what each target serves after a publish that did not reach them all."""
    parts = []
    for o in outcomes:
        if o.status == PUBLISHED:
            parts.append(f"{o.target} visar körning {run}")
        elif o.status == FAILED:
            parts.append(f"{o.target} misslyckades ({o.summary}) och visar förra publiceringen")
        else:
            parts.append(f"{o.target} inte försökt, visar förra publiceringen")
    return "publiceringen nådde inte alla mål: " + "; ".join(parts)


def _check_clock(last: str, now: str) -> None:
    """Refuse a run whose build time is before the last publish (issue 14, item 10).

    A clock that went backwards (or a SOURCE_DATE_EPOCH from an old commit) would
    publish a changelog entry and a feed ``updated`` older than the ones already
    out, and readers' feed readers would sort the news wrongly. Clamping to the
    last publish time would hide the wrong clock; refusing names it. Both times are
    written in the same form (``%Y-%m-%dT%H:%M:%SZ``), so they compare as text;
    the same time twice (a rerun at one SOURCE_DATE_EPOCH) is allowed.
    """
    if last and now < last:
        raise RunError(
            f"byggtiden {now} är tidigare än senaste publiceringen {last}; "
            "kontrollera klockan eller SOURCE_DATE_EPOCH (inget publicerades)"
        )


def _published_dates(published: dict[str, Any] | None) -> dict[str, Any] | None:
    """The days of the KPIs' values at the last publish (None before the first)."""
    dates = (published or {}).get("data_dates")
    return dates if isinstance(dates, dict) else None


def _published_snapshot(published: dict[str, Any] | None, root: Path) -> Path | None:
    """The directory of the snapshot behind the last publish (None before the first)."""
    if not published or not published.get("snapshot"):
        return None
    path = Path(str(published["snapshot"]))
    return path if path.is_absolute() else root / path


def _previous_snapshot(path: Path | None, report: rep.Report) -> Snapshot | None:
    """The snapshot behind the last publish, or None (first run, or it is gone)."""
    if path is None:
        return None
    if not (path / "manifest.json").exists():
        report.add_findings(
            [
                gates.Finding(
                    "jämförelse",
                    gates.WARN,
                    f"Förra publiceringens ögonblicksbild {path} finns inte längre; "
                    "data jämförs inte med förra publiceringen den här gången.",
                )
            ]
        )
        return None
    return snapshot.load_snapshot(path)


def _data_gates(
    new: Snapshot,
    old: Snapshot | None,
    config: Config,
    reference: Reference,
    names: dict[str, str],
) -> tuple[Changes, Quarantine, list[gates.Finding]]:
    """The data gates' findings, the comparison and the new snapshot's quarantine.

    The comparison is between the values each site shows: a quarantined value was
    never published, so it is neither a revision nor a jump, and when a value
    leaves quarantine it is new.
    """
    from insyn.data import changes as ch
    from insyn.data import quarantine as qu
    from insyn.data import validate

    quarantined = qu.quarantine(new, config, reference)
    shown_old = qu.clean(old, qu.quarantine(old, config, reference)) if old is not None else None
    changes = ch.compare(
        qu.clean(new, quarantined), shown_old, config, reference, config.thresholds.jump_warning
    )
    findings = gates.data_gates(
        changes,
        quarantined,
        old.kpis if old is not None else (),
        new.kpis,
        config.kolada_ids,
        config.thresholds,
        names,
    )
    missing = validate.missing_kpis(new, config)
    if missing:
        findings.insert(
            0,
            gates.Finding(
                "metadata",
                gates.STOP,
                f"Ögonblicksbilden saknar nyckeltal som config.yaml har: {', '.join(missing)}.",
            ),
        )
    return changes, quarantined, findings


def _may_continue(findings: list[gates.Finding], options: RunOptions, report: rep.Report) -> bool:
    """False when a gate stopped the run (and was not, or could not be, overridden)."""
    stopped = gates.stops(findings)
    if not stopped:
        return True
    hard = [f.gate for f in stopped if f.gate in HARD_GATES]
    if options.force and not hard:
        report.overridden += [f.gate for f in stopped]
        log.warning("kontrollerna %s överstyrdes: %s", ", ".join(report.overridden), options.reason)
        return True
    report.outcome = rep.STOPPED
    if hard and options.force:
        report.error = f"{', '.join(hard)} kan inte överstyras med --force"
    return False


def _site_summary(old_files: dict[str, Any] | None, manifest: write.Manifest) -> dict[str, Any]:
    new_pages = gates.html_pages(manifest.files)
    out: dict[str, Any] = {
        "pages": len(new_pages),
        "files": len(manifest.files),
        "bytes": sum(e.size for e in manifest.files.values()),
    }
    if old_files is not None:
        old_pages = gates.html_pages(old_files)
        out["added"] = len(new_pages - old_pages)
        out["removed"] = len(old_pages - new_pages)
        out["changed"] = sum(
            1
            for path, entry in manifest.files.items()
            if path in old_files and old_files[path][0] != entry.sha256
        )
    return out


def _names(snap: Snapshot, reference: Reference) -> dict[str, str]:
    """Readable names of the ids a report mentions (kommuner, län, Riket, groups)."""
    from insyn.site.downloads import unit_names

    return {code: name for code, (name, _) in unit_names(snap, reference).items()}


def _kpi_titles(config: Config) -> dict[str, str]:
    return {i.id: i.title for i in config.indicators}


def _relative(path: Path, root: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path(root).resolve()))
    except ValueError:
        return str(path)
