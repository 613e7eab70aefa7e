"""Command line: ``python build.py [build|fetch|sample|serve]``.

The imperative shell: it reads inputs, calls the pure core, shows progress and
turns errors into one clear line and a non-zero exit code.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import logging
import os
import sys
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path

from insyn import build, inputs
from insyn.config import Config, ConfigError, check_static_files
from insyn.data import snapshot
from insyn.data.reference import Reference
from insyn.errors import UserError

log = logging.getLogger("insyn")

ROOT = Path(__file__).resolve().parent.parent
EXIT_ERROR = 1
EXIT_USAGE = 2


def build_time(env: Mapping[str, str] | None = None) -> datetime:
    """The build time: ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else now."""
    environ: Mapping[str, str] = os.environ if env is None else env
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), tz=UTC)
        except ValueError:
            raise ConfigError(f"SOURCE_DATE_EPOCH: expected whole seconds, got {epoch!r}") from None
    return datetime.now(tz=UTC)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="build.py", description="Bygg insyn-webbplatsen.")
    p.add_argument("--root", type=Path, default=ROOT, help="project directory")
    p.add_argument("--config", type=Path, help="config file (default: <root>/config.yaml)")
    p.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = p.add_subparsers(dest="command")

    b = sub.add_parser("build", help="build the site (the default)")
    _build_args(b)

    f = sub.add_parser("fetch", help="fetch a new snapshot from Kolada")
    f.add_argument(
        "--snapshot-dir",
        type=Path,
        help="target directory (default: <root>/data/kolada/<YYYY-MM-DD>)",
    )
    f.add_argument("--no-progress", action="store_true")

    r = sub.add_parser(
        "run",
        help="the nightly run: fetch, gates, build, publish to the targets, report",
    )
    _build_args(r)
    _publish_args(r)

    pub = sub.add_parser("publish", help="send the built, gated site to its targets again")
    _publish_args(pub)
    pub.add_argument("--out", type=Path, help="site directory (default: <root>/site)")
    pub.add_argument("--no-progress", action="store_true")

    s = sub.add_parser("sample", help="regenerate the embedded sample snapshot")
    s.add_argument("--out", type=Path, help="target directory (default: <root>/data/sample)")

    i = sub.add_parser("import", help="make a snapshot from tidy CSV files of Kolada values")
    i.add_argument(
        "files",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="kpi,municipality,year,gender,value (.csv or .csv.gz)",
    )
    i.add_argument(
        "--catalogue",
        type=Path,
        required=True,
        help="KPI metadata in Kolada's v3 shape (JSON list or CSV)",
    )
    i.add_argument("--groups", type=Path, required=True, help="/v3/municipality_groups as JSON")
    i.add_argument("--out", type=Path, help="target directory (default: <root>/data/default)")
    i.add_argument(
        "--fetched-at",
        required=True,
        help="when the values were taken from Kolada (ISO 8601 date or time)",
    )
    i.add_argument(
        "--provenance", required=True, help="where the values come from, in one sentence"
    )

    v = sub.add_parser("serve", help="preview the built site on localhost")
    v.add_argument("--port", type=int, default=8000)
    v.add_argument("--site", type=Path, help="site directory (default: <root>/site)")
    return p


def _build_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--snapshot", type=Path, help="snapshot directory (default: the newest)")
    p.add_argument("--out", type=Path, help="site directory (default: <root>/site)")
    p.add_argument(
        "--only",
        metavar="KOMMUN",
        help="build these kommuner's pages only (a slug, or slugs with commas: mellerud,ale)",
    )
    p.add_argument(
        "--no-images",
        action="store_true",
        help="skip the static images (charts still draw with JavaScript)",
    )
    p.add_argument(
        "--jobs", type=int, default=os.cpu_count() or 2, help="worker processes (pages, images)"
    )
    p.add_argument("--no-progress", action="store_true")


def _publish_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--target",
        action="append",
        choices=("github_pages", "cms", "bundle", "dir"),
        help="publish to this target (repeatable; default: publish.targets in config.yaml)",
    )
    p.add_argument("--path", type=Path, help="directory of the dir or bundle target")
    p.add_argument(
        "--force", action="store_true", help="publish although a gate stopped (needs --reason)"
    )
    p.add_argument("--reason", default="", help="why --force is used; written to the report")


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command is None:
        args = _parser().parse_args([*(argv or sys.argv[1:]), "build"])
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(levelname)s %(name)s: %(message)s",
    )
    commands = {
        "build": cmd_build,
        "fetch": cmd_fetch,
        "run": cmd_run,
        "publish": cmd_publish,
        "sample": cmd_sample,
        "import": cmd_import,
        "serve": cmd_serve,
    }
    try:
        if args.command in UNLOCKED:
            return commands[args.command](args)
        from insyn.build.lock import project_lock

        with project_lock(args.root, args.command):
            return commands[args.command](args)
    except UserError as exc:
        print(f"fel: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("avbrutet", file=sys.stderr)
        return EXIT_ERROR


#: Commands that write nothing of the project's and may run beside any other.
UNLOCKED = frozenset({"serve"})


def _inputs(args: argparse.Namespace) -> tuple[Config, Reference]:
    config = inputs.read_config(args.config or args.root / "config.yaml")
    reference = inputs.read_reference(args.root / "data" / "reference")
    return config, reference


def _checker(config: Config, reference: Reference):
    """What a written snapshot must pass: metadata for every configured KPI.

    Values are kept as Kolada served them, whatever their size: the quarantine
    (insyn/data/quarantine.py) judges them at build time and the gates count them.
    """
    from insyn.data import validate

    del reference  # value ranges are no longer checked here
    return lambda snap: validate.check_snapshot(snap, config)


def writable_out(out: Path) -> Path:
    """``out``, once a directory can be made beside it (where the build stages the site).

    A read-only or missing parent otherwise ends as a traceback after the whole build.
    """
    import tempfile

    parent = out.absolute().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        os.rmdir(tempfile.mkdtemp(prefix=".insyn-out-check-", dir=parent))
    except OSError as exc:
        raise ConfigError(f"--out {out}: kan inte skriva i {parent}: {exc.strerror}") from None
    return out


def _build_options(args: argparse.Namespace, config: Config) -> build.Options:
    from insyn.build import write

    state_dir = args.root / config.publish.state_dir
    check_static_files(config, args.root, str(args.config or args.root / "config.yaml"))
    return build.Options(
        root=args.root,
        config_path=args.config or args.root / "config.yaml",
        out=writable_out(args.out or args.root / "site"),
        snapshot=args.snapshot,
        only=args.only,
        images=not args.no_images,
        jobs=max(1, args.jobs),
        progress=not args.no_progress,
        build_time=build_time(),
        changelog=tuple(write.read_json_state(state_dir, write.CHANGELOG, [])),
        # the days of the KPIs' values at the last publish: the same datelines as the
        # nightly for a snapshot with the same values
        data_dates=_published_dates(write.read_json_state(state_dir, write.PUBLISHED, None)),
    )


def _published_dates(published: object) -> dict | None:
    dates = published.get("data_dates") if isinstance(published, dict) else None
    return dates if isinstance(dates, dict) else None


def cmd_build(args: argparse.Namespace) -> int:
    config = inputs.read_config(args.config or args.root / "config.yaml")
    options = _build_options(args, config)
    result = build.build(options)
    for line in build.describe(result):
        print(line)
    log.debug("tider: %s", ", ".join(f"{k} {v:.2f} s" for k, v in result.stages.items()))
    print(f"Webbplatsen finns i {result.site_dir}")
    site = "" if options.out == args.root / "site" else f" --site {options.out}"
    print(f"Förhandsgranska: .venv/bin/python build.py serve{site}  (http://localhost:8000/)")
    return 0


def cmd_fetch(args: argparse.Namespace) -> int:
    config, reference = _inputs(args)
    now = datetime.now(tz=UTC)
    target = args.snapshot_dir or snapshot.fetch_target(args.root / "data", now)
    fetch_snapshot(config, reference, target, now, progress=not args.no_progress)
    return 0


def fetch_snapshot(
    config: Config, reference: Reference, target: Path, now: datetime, progress: bool
) -> Path:
    """Fetch every configured value from Kolada into a new snapshot at ``target``."""
    from tqdm import tqdm

    from insyn.data import validate
    from insyn.fetch import kolada

    settings = kolada.ClientSettings.from_config(config.sources.kolada)
    cache = snapshot.RawCache(snapshot.partial_dir(target) / "raw")
    years = kolada.fetch_years(config.sources.kolada, now.year)
    bar = tqdm(desc="anrop", unit="anrop", disable=not progress, total=0)

    def on_request(url: str, rows: int) -> None:
        if bar.total is None or bar.n >= bar.total:
            bar.total = bar.n + 1
        bar.update(1)

    def on_plan(planned: int) -> None:
        bar.total = bar.n + planned

    client = kolada.KoladaClient(settings, cache=cache, on_request=on_request)
    log.info(
        "hämtar %d nyckeltal för %d–%d från %s",
        len(config.kolada_ids),
        years[0],
        years[-1],
        settings.base_url,
    )
    try:
        result = kolada.fetch_all(client, config, reference, years, on_plan=on_plan)
    finally:
        bar.close()
    content = snapshot.SnapshotContent(
        source="kolada-v3",
        base_url=settings.base_url,
        fetched_at=now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        years=result.years,
        kpis=result.kpis,
        municipalities=result.municipalities,
        groups=result.groups.groups,
        observations=result.observations,
        requests=result.records,
    )
    try:
        snapshot.write_snapshot(target, content, check=_checker(config, reference))
    except (validate.DataError, snapshot.SnapshotError):
        # the answers were complete but wrong: a rerun must ask Kolada again
        cache.clear()
        raise
    cache.clear()
    snapshot.partial_dir(target).rmdir()
    print(
        f"Hämtade {len(result.observations)} värden i {len(result.records)} anrop "
        f"({cache.hits} från cache) till {target}"
    )
    return target


def cmd_run(args: argparse.Namespace) -> int:
    from insyn import pipeline
    from insyn.build import write
    from insyn.check import report as rep

    if args.only:
        raise pipeline.RunError("--only bygger en del av webbplatsen och kan inte publiceras")
    config, reference = _inputs(args)
    options = _build_options(args, config)
    when = options.build_time or datetime.now(tz=UTC)
    state_dir = args.root / config.publish.state_dir

    def fetch(published: Path | None) -> Path:
        target = snapshot.fetch_target(args.root / "data", when, published)
        return fetch_snapshot(config, reference, target, when, progress=options.progress)

    run_options = pipeline.RunOptions(
        build=options,
        targets=tuple(args.target or config.publish.targets),
        force=args.force,
        reason=args.reason,
        dir_path=args.path,
    )
    code, report = pipeline.run(
        run_options, config, reference, fetch, _publisher(args, config, when)
    )
    print(f"Rapport: {state_dir / write.REPORTS / 'latest.md'} (resultat: {report.outcome})")
    if code == pipeline.EXIT_STOPPED:
        stopped = [f["message"] for f in report.findings if f["level"] == "stopp"]
        print("stoppad: " + " ".join(stopped), file=sys.stderr)
        if report.error:
            print(f"stoppad: {report.error}", file=sys.stderr)
        print(
            "Inget publicerades. Kontrollera rapporten; för att publicera ändå: "
            '--force --reason "skäl"',
            file=sys.stderr,
        )
    elif report.outcome == rep.PUBLISHED:
        for t in report.targets:
            print(f"{t['target']}: {t['summary']}")
    return code


def _publisher(args: argparse.Namespace, config: Config, when: datetime):
    from insyn.publish import targets

    options = targets.Options(config, args.root, when, args.path, bool(args.force))

    def publish(names: Sequence[str], site: Path) -> list[targets.Outcome]:
        return targets.publish_all(names, site, options)

    return publish


def cmd_publish(args: argparse.Namespace) -> int:
    """Re-send the site to its targets: only a site that passed the gates, unless forced."""
    from insyn import pipeline
    from insyn.build import write
    from insyn.publish import targets

    config = inputs.read_config(args.config or args.root / "config.yaml")
    site = args.out or args.root / "site"
    if args.force and not args.reason.strip():
        raise pipeline.RunError("--force kräver --reason med ett skäl")
    published, _ = write.read_published(args.root / config.publish.state_dir)
    built_from = write.read_manifest(site).inputs
    if not args.force and (not published or published.get("site_inputs") != built_from):
        raise pipeline.RunError(
            f"{site} är inte den webbplats som senast klarade kontrollerna; "
            "kör `python build.py run` (eller --force --reason)"
        )
    when = build_time()
    publish = _publisher(args, config, when)
    outcomes = publish(args.target or config.publish.targets, site)
    for o in outcomes:
        print(f"{o.target}: {o.status}: {o.summary}")
    if any(o.status != targets.PUBLISHED for o in outcomes):
        raise targets.PublishError("publiceringen nådde inte alla mål (se raderna ovan)")
    return 0


def cmd_sample(args: argparse.Namespace) -> int:
    from insyn.data import sample

    config, reference = _inputs(args)
    content = sample.make_sample(config, reference)
    target = args.out or args.root / "data" / "sample"
    snapshot.write_snapshot(target, content, check=_checker(config, reference))
    print(f"Skrev exempeldata ({len(content.observations)} värden) till {target}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from insyn.data import importer

    config, reference = _inputs(args)
    fetched_at = _iso_time(args.fetched_at)
    tables = importer.read_inputs(args.files, args.catalogue, args.groups, reference)
    content = importer.import_snapshot(
        tables, config, reference, fetched_at=fetched_at, provenance=args.provenance
    )
    target = args.out or args.root / "data" / "default"
    snapshot.write_snapshot(target, content, check=_checker(config, reference))
    assert content.frame is not None
    print(f"Skrev {len(content.frame)} värden från {len(args.files)} filer till {target}")
    return 0


def _iso_time(text: str) -> str:
    """``2024-08-30`` or ``2024-08-30T12:00:00Z`` as a UTC time stamp for the manifest."""
    from insyn.data.importer import ImportInputError

    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ImportInputError(f"--fetched-at: {text!r} is not an ISO 8601 date or time") from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def cmd_serve(args: argparse.Namespace) -> int:
    site_dir = args.site or args.root / "site"
    if not (site_dir / "index.html").exists():
        print(f"fel: {site_dir} saknar index.html; kör `python build.py` först", file=sys.stderr)
        return EXIT_ERROR
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site_dir))
    with http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler) as server:
        print(f"Förhandsgranskning på http://localhost:{args.port}/ (avsluta med Ctrl+C)")
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()
    return 0
