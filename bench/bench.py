#!/usr/bin/env python3
"""Benchmark figures for the closing notes: run with `make bench`. Not a test.

1. A full fetch: the embedded sample (all configured KPIs, 290 kommuner, 21 län,
   Riket and every group) is served by the local Kolada v3 test server with a
   page size cap, and `build.py fetch` downloads it all, once with no throttle
   (the client's own cost) and once with the configured throttle (the time a
   real nightly fetch at least takes, before Kolada's own latency).
2. The analysis and texts alone, the data gates, the style check and the cost of
   one chart spec.
3. Issue 16's figures (always; ``issue16_figures``): on the real default, as
   `make site` builds it on a fresh clone, the first build without and with
   static images and their ratio, the site's size by kind of file, a whole
   rebuild (site/ removed, caches kept) in pages per second beside MkDocs on as
   many plain Markdown pages, a night where one kommun's values changed (time and
   files written), and the peak memory.
4. With --sample-builds: issue 5's figures (the sample's cold, no-op and one-kommun
   builds without images, the real default's cold and no-op builds).

``--quick`` skips 1–2 and measures 3 on 22 kommuner of the real default: a few
minutes instead of the better part of an hour on two cores.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import io
import multiprocessing as mp
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from insyn import cli, inputs  # noqa: E402
from insyn.data import snapshot  # noqa: E402
from tests.helpers.kolada_fake import FakeKolada, KoladaData  # noqa: E402
from tests.helpers.snapshot_edit import edited_copy  # noqa: E402


def timed_gates() -> None:
    """The data gates on the full sample: the snapshot against a copy that lost 5 % of its
    values and had 1 % revised (what a nightly run compares before it builds)."""
    from insyn.check import gates
    from insyn.data import changes, quarantine

    reference = inputs.read_reference(ROOT / "data" / "reference")
    config = inputs.read_config(ROOT / "config.yaml")
    old = snapshot.load_snapshot(ROOT / "data" / "sample")
    frame = old.observations
    new_frame = frame.iloc[[i for i in range(len(frame)) if i % 20]].copy()
    measured = measured_kpis()
    revised = new_frame.index[new_frame["kpi"].isin(measured).to_numpy()][::100]
    new_frame.loc[revised, "value"] = new_frame.loc[revised, "value"] + 1.0
    new = dataclasses.replace(old, observations=new_frame.reset_index(drop=True))
    t0 = time.perf_counter()
    diff = changes.compare(new, old, config, reference, config.thresholds.jump_warning)
    findings = gates.data_gates(
        diff,
        quarantine.quarantine(new, config, reference),
        old.kpis,
        new.kpis,
        config.kolada_ids,
        config.thresholds,
        {},
    )
    seconds = time.perf_counter() - t0
    verdicts = ", ".join(f"{f.gate} {f.level}" for f in findings)
    print(
        f"data gates on the full sample ({len(frame)} rows vs {len(new_frame)}): "
        f"{seconds:.2f} s; {diff.revised_count} revised, {diff.jumps_count} jumps; {verdicts}"
    )


def project_copy(tmp: Path, throttle: float, years: list[int]) -> Path:
    root = tmp / f"proj-{throttle}"
    root.mkdir()
    for name in ("templates", "static", "content", "data"):
        (root / name).symlink_to(ROOT / name)
    cfg = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    cfg["sources"]["kolada"].update(
        throttle_seconds=throttle, last_year=years[-1], years=len(years)
    )
    (root / "config.yaml").write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    return root


def serve_in_child(data: KoladaData, cap: int) -> tuple[mp.Process, str, Any]:
    """Run the fake in a forked process, so that it does not share the client's GIL."""
    ctx = mp.get_context("fork")
    urls: mp.Queue = ctx.Queue()
    stop = ctx.Event()

    def run() -> None:
        with FakeKolada(data, page_size_cap=cap) as fake:
            urls.put(fake.base_url)
            stop.wait()

    proc = ctx.Process(target=run, daemon=True)
    proc.start()
    return proc, urls.get(timeout=60), stop


def timed_fetch(base_url: str, root: Path) -> tuple[float, dict]:
    target = root / "snap"
    os.environ["INSYN_KOLADA_URL"] = base_url
    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        code = cli.main(
            ["--root", str(root), "fetch", "--snapshot-dir", str(target), "--no-progress"]
        )
    seconds = time.perf_counter() - start
    if code != 0:
        raise SystemExit(f"fetch failed with exit code {code}")
    return seconds, snapshot.load_snapshot(target).manifest


def timed_texts() -> tuple[float, int]:
    """Analyse the sample and write every text, without rendering pages."""
    from insyn.write import text
    from tests.helpers import whole as whole_site

    config = inputs.read_config(ROOT / "config.yaml")
    reference = inputs.read_reference(ROOT / "data" / "reference")
    snap = snapshot.load_snapshot(ROOT / "data" / "sample")
    start = time.perf_counter()
    writer = text.Writer(text.make_text_env(ROOT / "templates"))
    model = whole_site.build_model(snap, config, reference, writer)
    seconds = time.perf_counter() - start
    count = len(model.press) + len(model.overviews) + len(model.nationals) + len(model.lan_texts)
    return seconds, count


def timed_textcheck() -> tuple[float, int]:
    """The style checker (SPRAK.md rules) over every press text of the sample."""
    from insyn.check import textcheck
    from insyn.write import text
    from tests.helpers import whole as whole_site

    config = inputs.read_config(ROOT / "config.yaml")
    reference = inputs.read_reference(ROOT / "data" / "reference")
    snap = snapshot.load_snapshot(ROOT / "data" / "sample")
    writer = text.Writer(text.make_text_env(ROOT / "templates"))
    model = whole_site.build_model(snap, config, reference, writer, only=reference.kommuner[:1])
    texts = [p.as_text() for p in model.press.values()]
    start = time.perf_counter()
    for t in texts:
        textcheck.check_text(t)
    return time.perf_counter() - start, len(texts)


def timed_specs() -> tuple[float, int]:
    """Average cost of one chart spec: fill every kommun's over-time chart of every KPI."""
    from insyn.analyse import analysis
    from insyn.write import charts

    config = inputs.read_config(ROOT / "config.yaml")
    reference = inputs.read_reference(ROOT / "data" / "reference")
    data = analysis.prepare(snapshot.load_snapshot(ROOT / "data" / "sample"), config, reference)
    years = list(data.years)
    jobs = [
        (
            ind,
            [
                ("kommun", k.name, data.total.get((ind.id, k.code), {})),
                ("riket", "Riket", data.total.get((ind.id, "0000"), {})),
            ],
        )
        for ind in config.indicators
        if not ind.is_categorical
        for k in reference.kommuner
    ]
    start = time.perf_counter()
    for ind, series in jobs:
        charts.series_chart("over_time", series, years, ind.decimals, "t", ["s"], "d")
    return (time.perf_counter() - start) / len(jobs), len(jobs)


class PeakMemory:
    """The peak proportional set size (PSS) of this process's children (the build
    and its forked workers), sampled every ``interval`` seconds.

    PSS splits memory shared between forked workers fairly, so the sum over the
    tree is what the build really occupies (RSS would count shared pages twice).

    Every half second, not every 50 ms: one sample reads the smaps of three processes
    of some 700 MB, 64 ms of CPU and 97 ms of wall-clock (measured beside a one-kommun
    night), so at 50 ms the sampler took most of a core from a build on two and
    slowed the builds it timed (the one-kommun night: 25,1 s in the benchmark, 17–19 s
    alone).
    """

    def __init__(self, interval: float = 0.5) -> None:
        import threading

        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> int:
        import psutil

        total = 0
        for proc in psutil.Process().children(recursive=True):
            with contextlib.suppress(psutil.Error):
                total += proc.memory_full_info().pss
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._sample())
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def timed_build(
    root: Path, out: Path, *extra: str, images: bool = False
) -> tuple[float, float, str]:
    """`python build.py build [--no-images]` as a user runs it (a new process, so the
    time includes Python's start and imports); seconds, peak MB, what it printed."""
    import subprocess

    args = [sys.executable, str(ROOT / "build.py"), "--root", str(root), "build"]
    args += ["--no-progress", "--out", str(out), *extra]
    if not images:
        args.append("--no-images")
    start = time.perf_counter()
    with PeakMemory() as mem:
        done = subprocess.run(args, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"build failed with exit code {done.returncode}: {done.stderr}")
    return seconds, mem.peak / 1e6, " ".join(done.stdout.splitlines()[:2])


def measured_kpis() -> set[str]:
    """The KPIs with measured values: a ja/nej answer's code is not moved by a percentage."""
    config = inputs.read_config(ROOT / "config.yaml")
    return {i.id for i in config.indicators if not i.is_categorical}


def changed_snapshot(tmp: Path, slug: str, only_kpi: str | None = None) -> Path:
    """A copy of the sample in which one kommun's latest values (of every measured
    KPI, or of ``only_kpi``) moved a little."""
    reference = inputs.read_reference(ROOT / "data" / "reference")
    measured = measured_kpis()
    if only_kpi:
        measured &= {only_kpi}
    code = reference.kommun_by_slug(slug).code
    dest = tmp / f"snap-changed-{only_kpi or 'all'}"
    last = 0

    def edit(rows: list[list[str]]) -> int:
        nonlocal last
        last = max(int(r[2]) for r in rows)
        changed = 0
        for cells in rows:
            if cells[1] == code and int(cells[2]) == last and cells[0] in measured and cells[4]:
                cells[4] = repr(round(float(cells[4]) * 0.97, 6)).rstrip("0").rstrip(".")
                changed += 1
        return changed

    changed = edited_copy(ROOT / "data" / "sample", dest, edit)
    print(f"  (changed {changed} values of {slug} in {last})")
    return dest


def build_figures(tmp: Path) -> tuple[int, float]:
    """Cold, no-op and one-kommun builds; the cold build's page count and seconds."""
    root = tmp / "proj-build"
    root.mkdir()
    for name in ("templates", "static", "content", "data"):
        (root / name).symlink_to(ROOT / name)
    shutil.copyfile(ROOT / "config.yaml", root / "config.yaml")
    sample = ROOT / "data" / "sample"
    out = tmp / "site"
    cold, peak, summary = timed_build(root, out, "--snapshot", str(sample))
    seconds = cold
    html = sum(1 for _ in out.rglob("*.html"))
    files = sum(1 for p in out.rglob("*") if p.is_file())
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 1e6
    print(f"build, cold: {seconds:.1f} s, peak {peak:.0f} MB; {summary}")
    print(
        f"  {html} HTML pages (with the iframe embeds), {files} files, {size:.0f} MB "
        f"= {html / seconds:.0f} pages/s (target ≥ 400)"
    )
    mtimes = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    seconds, peak, summary = timed_build(root, out, "--snapshot", str(sample))
    touched = sum(1 for p, t in mtimes.items() if not p.exists() or p.stat().st_mtime_ns != t)
    print(
        f"build, nothing changed: {seconds:.2f} s (target < 1.5 s), peak {peak:.0f} MB, "
        f"{touched} files touched; {summary}"
    )
    changed = changed_snapshot(tmp, "mellerud", only_kpi="U21468")
    seconds, peak, summary = timed_build(root, out, "--snapshot", str(changed))
    print(
        f"build, one value of one kommun changed (U21468, one area), from the sample: "
        f"{seconds:.1f} s, "
        f"peak {peak:.0f} MB; {summary}"
    )
    changed = changed_snapshot(tmp, "mellerud")
    seconds, peak, summary = timed_build(root, out, "--snapshot", str(changed))
    print(
        f"build, one kommun's data changed (every measured KPI), from the sample: "
        f"{seconds:.1f} s "
        f"(target < 3 s), peak {peak:.0f} MB; {summary}"
    )
    shutil.rmtree(out)
    return html, cold


def real_default_figures(tmp: Path) -> None:
    """The embedded default (real Kolada values to 2022): its import from the real
    CSV when ../shared has it, a cold build and a no-op rebuild."""
    import subprocess

    real = ROOT.parent / "shared" / "data" / "real"
    values = real / "kolada-values" / "values_config_kpis_1998_2022.csv.gz"
    if values.exists():
        sysdata = real / "rkolada-sysdata"
        args = [sys.executable, str(ROOT / "build.py"), "--root", str(ROOT), "import", str(values)]
        args += ["--catalogue", str(sysdata / "kpi_catalog_v3.json")]
        args += ["--groups", str(sysdata / "municipality_groups_v3.json")]
        args += ["--fetched-at", "2024-08-30", "--provenance", "bench", "--out", str(tmp / "imp")]
        start = time.perf_counter()
        done = subprocess.run(args, capture_output=True, text=True)
        print(
            f"import of the real values (438 291 rows): {time.perf_counter() - start:.1f} s"
            f"{'' if done.returncode == 0 else ' FAILED: ' + done.stderr.strip()}"
        )
    root = tmp / "proj-real"
    root.mkdir()
    for name in ("templates", "static", "content", "data"):
        (root / name).symlink_to(ROOT / name)
    shutil.copyfile(ROOT / "config.yaml", root / "config.yaml")
    out = tmp / "site-real"
    default = ROOT / "data" / "default"
    seconds, peak, summary = timed_build(root, out, "--snapshot", str(default))
    html = sum(1 for _ in out.rglob("*.html"))
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 1e6
    print(
        f"build of the real default, cold: {seconds:.1f} s, peak {peak:.0f} MB, "
        f"{html} HTML pages, {size:.0f} MB; {summary}"
    )
    seconds, peak, summary = timed_build(root, out, "--snapshot", str(default))
    print(f"build of the real default, nothing changed: {seconds:.2f} s, peak {peak:.0f} MB")
    shutil.rmtree(out)


KINDS = ("html", "svg", "png", "json", "csv")


def size_by_kind(site: Path) -> str:
    """The site's size by kind of file: MB and count of html, svg, png, json, csv, other."""
    sizes: dict[str, list[int]] = {k: [0, 0] for k in (*KINDS, "other")}
    for path in site.rglob("*"):
        if path.is_file():
            kind = path.suffix.lstrip(".").lower()
            entry = sizes[kind if kind in KINDS else "other"]
            entry[0] += path.stat().st_size
            entry[1] += 1
    total = sum(v[0] for v in sizes.values())
    parts = [f"{k} {v[0] / 1e6:.0f} MB ({v[1]})" for k, v in sizes.items()]
    return f"{total / 1e6:.0f} MB: " + ", ".join(parts)


def manifest_files(site: Path) -> dict[str, list]:
    """path -> [sha256, size] of every file of the site, from its manifest."""
    import json

    return dict(json.loads((site / "manifest.json").read_bytes())["files"])


def written_count(summary: str) -> str:
    """The "Skrev N filer" figure of the build's summary (or "?")."""
    import re

    match = re.search(r"Skrev (\d+) filer", summary)
    return match[1] if match else "?"


QUICK_KOMMUNER = 22


def issue16_project(tmp: Path, name: str, data: Path) -> Path:
    """A project as a fresh clone has it: the code's templates, static files, content and
    config, the given data directory, and no .cache/ (no image, no spare tree)."""
    root = tmp / name
    root.mkdir()
    for part in ("templates", "static", "content"):
        (root / part).symlink_to(ROOT / part)
    shutil.copyfile(ROOT / "config.yaml", root / "config.yaml")
    (root / "data").symlink_to(data)
    return root


def quick_data(tmp: Path) -> Path:
    """The real default cut to 22 kommuner (the subset of tests/build/test_real_build.py),
    imported as its own default snapshot: a small site with real values."""
    import subprocess

    from tests.helpers import real_subset as real

    data = tmp / "quick-data"
    real.subset_reference(data / "reference")
    (data / "extra").mkdir()
    values, catalogue, groups = real.import_inputs(tmp)
    args = [sys.executable, str(ROOT / "build.py"), "--root", str(ROOT), "import", str(values)]
    args += ["--catalogue", str(catalogue), "--groups", str(groups)]
    args += ["--out", str(data / "default"), "--fetched-at", "2024-08-30"]
    args += ["--provenance", "Delmängd av standarddata (bench)."]
    subprocess.run(args, check=True, capture_output=True)
    return data


def issue16_figures(tmp: Path, quick: bool, mkdocs: bool) -> None:
    """Issue 16's figures in one run, on the snapshot `make site` builds on a fresh clone
    (the real default; with --quick the default cut to 22 kommuner):

    - the first build without images and with them, each in a fresh project (empty
      .cache/: every image rendered, no spare tree), and their ratio;
    - the site's size by kind of file;
    - a whole rebuild with site/ removed and the caches kept (images, and the spare
      tree the first build left in .cache/), in pages per second, and MkDocs building
      as many plain Markdown pages;
    - a night where one kommun's values changed (Mellerud, every value of its latest
      year 3 % lower), after the whole rebuild, and the next night (the values back);
    - the peak memory: the largest process (ru_maxrss of the children) and the sum over
      the build's processes (PSS) of each build.
    """
    data = quick_data(tmp) if quick else ROOT / "data"
    label = f"{QUICK_KOMMUNER} kommuner of the real default" if quick else "the real default"
    print(f"issue 16: first builds, rebuilds and size ({label}; wall-clock seconds)")
    plain = issue16_project(tmp, "fresh-no-images", data)
    cold, peak, summary = timed_build(plain, plain / "site")
    print(f"  first build without images: {cold:.1f} s, peak {peak:.0f} MB (PSS); {summary}")
    root = issue16_project(tmp, "fresh-images", data)
    site = root / "site"
    warm, peak, summary = timed_build(root, site, images=True)
    print(f"  first build with images: {warm:.1f} s, peak {peak:.0f} MB (PSS); {summary}")
    images = sum(1 for _ in (root / ".cache" / "images").iterdir())
    print(
        f"  ratio with ÷ without images: {warm / cold:.2f} (target ≤ 3); {images} images rendered"
    )
    print(f"  site with images: {size_by_kind(site)}")
    html = sum(1 for _ in site.rglob("*.html"))
    shutil.rmtree(site)
    whole, peak, summary = timed_build(root, site, images=True)
    print(
        f"  whole rebuild with images (site/ removed, caches kept): {whole:.1f} s "
        f"= {html / whole:.0f} pages/s ({html} HTML pages with the embeds), peak {peak:.0f} MB"
    )
    shutil.rmtree(plain / "site")
    bare, _, _ = timed_build(plain, plain / "site")
    print(
        f"  whole rebuild without images (site/ removed, caches kept): {bare:.1f} s "
        f"= {html / bare:.0f} pages/s"
    )
    if mkdocs:
        seconds = timed_mkdocs(tmp, html)
        rate = html / seconds
        print(
            f"  MkDocs, {html} plain Markdown pages: {seconds:.1f} s = {rate:.0f} pages/s; "
            f"insyn ÷ MkDocs = {html / whole / rate:.2f} with images, "
            f"{html / bare / rate:.2f} without"
        )
    snap = data / "default"
    changed = one_kommun_changed(tmp, snap, "1461")
    for label, source in (
        ("the night after the whole rebuild", changed),
        ("the next night (values back)", snap),
    ):
        before = manifest_files(site)
        seconds, peak, summary = timed_build(root, site, "--snapshot", str(source), images=True)
        after = manifest_files(site)
        changed = sum(1 for p, e in after.items() if before.get(p) != e)
        changed += sum(1 for p in before if p not in after)
        print(
            f"  one kommun's values changed, {label}: {seconds:.1f} s (target ≤ 15); "
            f"{changed} of {len(after)} files changed, added or removed, "
            f"{written_count(summary)} files written (the others linked from the live site "
            f"or already in the spare tree), peak {peak:.0f} MB; {summary}"
        )
    peak_child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"  peak memory, largest process of any build (ru_maxrss): {peak_child:.0f} MB")


def one_kommun_changed(tmp: Path, snap: Path, code: str) -> Path:
    """A copy of ``snap`` in which every measured value of the kommun's latest year is
    3 % lower. The answers of ja/nej indicators stay: 0,97 times an answer's code is no
    answer (the build drops it, and every kommun's answers chart loses one count)."""
    measured = measured_kpis()
    dest = tmp / f"snap-{code}-changed"
    last = 0

    def edit(rows: list[list[str]]) -> int:
        nonlocal last
        last = max(int(r[2]) for r in rows if r[1] == code)
        changed = 0
        for cells in rows:
            if cells[1] == code and int(cells[2]) == last and cells[0] in measured and cells[4]:
                cells[4] = repr(round(float(cells[4]) * 0.97, 6)).rstrip("0").rstrip(".")
                changed += 1
        return changed

    changed = edited_copy(snap, dest, edit)
    print(f"  (changed {changed} measured values of kommun {code} in {last})")
    return dest


def timed_mkdocs(tmp: Path, count: int) -> float:
    """MkDocs building ``count`` plain Markdown pages (a heading, text, a small table).

    The nav lists only the start page: MkDocs renders the whole nav into every
    page, so an automatic nav of all pages makes its build quadratic (measured
    here: 22 pages/s for 2 000 pages), which would not be a fair comparison.
    """
    import subprocess

    site = tmp / "mkdocs"
    docs = site / "docs"
    for i in range(count):
        page = docs / f"k{i // 200:03d}" / f"sida-{i}.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(
            f"# Sida {i}\n\nEn vanlig sida med lite text om kommun nummer {i} och hur det "
            "går för socialtjänsten där.\n\n## Siffror\n\n| År | Värde |\n|---|---|\n"
            f"| 2024 | {i % 97} |\n| 2025 | {i % 89} |\n\nMer text om metoden och källan.\n",
            encoding="utf-8",
        )
    (docs / "index.md").write_text("# Start\n", encoding="utf-8")
    (site / "mkdocs.yml").write_text(
        "site_name: Jämförelse\nnav:\n  - index.md\n", encoding="utf-8"
    )
    mkdocs = Path(sys.executable).with_name("mkdocs")
    start = time.perf_counter()
    subprocess.run(
        [str(mkdocs), "build", "-q", "-f", str(site / "mkdocs.yml"), "-d", str(site / "out")],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--page-size-cap",
        type=int,
        default=5000,
        help="rows per page the fake serves (forces next_url paging)",
    )
    parser.add_argument(
        "--skip-throttled", action="store_true", help="skip the fetch with the configured throttle"
    )
    parser.add_argument("--skip-mkdocs", action="store_true", help="skip the MkDocs comparison")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a short run: no fetch, analysis or sample builds; issue 16's figures on "
        f"{QUICK_KOMMUNER} kommuner of the real default instead of all 290",
    )
    parser.add_argument(
        "--sample-builds",
        action="store_true",
        help="also issue 5's figures: the sample's cold, no-op and one-kommun builds "
        "without images, and the real default's cold and no-op builds",
    )
    parser.add_argument(
        "--images",
        action="store_true",
        help="kept for old command lines: the builds with images are always measured now",
    )
    args = parser.parse_args()
    import logging

    logging.disable(logging.WARNING)
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")
    print(f"insyn benchmark ({os.cpu_count()} cores; wall-clock seconds)")
    # inside the project (bench/out/ is git-ignored), where the site is built: on this
    # machine /tmp is a different file system, ten times slower to create small files on
    (ROOT / "bench" / "out").mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=ROOT / "bench" / "out") as tmp:
        if not args.quick:
            fetch_and_text_figures(Path(tmp), args)
        if args.sample_builds:
            build_figures(Path(tmp))
            real_default_figures(Path(tmp))
        issue16_figures(Path(tmp), args.quick, not args.skip_mkdocs)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process: {peak:.0f} MB")
    return 0


def fetch_and_text_figures(tmp: Path, args: argparse.Namespace) -> None:
    """A full fetch from the local Kolada server, the analysis and texts, the gates, the
    style check and the chart specs."""
    config = inputs.read_config(ROOT / "config.yaml")
    t0 = time.perf_counter()
    data = KoladaData.from_snapshot(ROOT / "data" / "sample")
    years = sorted({r["period"] for r in data.rows})
    print(
        f"  served data: {len(data.rows)} rows, {len(data.kpis)} KPIs, "
        f"{len(data.groups)} groups, {years[0]}–{years[-1]} "
        f"(prepared in {time.perf_counter() - t0:.1f} s)"
    )
    proc, base_url, stop = serve_in_child(data, args.page_size_cap)
    del data
    throttles = [0.0] if args.skip_throttled else [0.0, config.sources.kolada.throttle_seconds]
    for throttle in throttles:
        root = project_copy(tmp, throttle, years)
        seconds, manifest = timed_fetch(base_url, root)
        print(
            f"fetch, throttle {throttle:.2f} s, page size {args.page_size_cap}: "
            f"{seconds:.1f} s, {manifest['request_count']} requests, "
            f"{manifest['row_count']} values"
        )
    stop.set()
    proc.join(timeout=10)
    seconds, texts = timed_texts()
    print(
        f"analysis and texts (all kommuner × areas, overviews, areas, län): "
        f"{seconds:.2f} s for {texts} texts"
    )
    timed_gates()
    seconds, checked = timed_textcheck()
    print(f"style check of the press texts: {seconds:.2f} s for {checked} texts")
    per_spec, specs = timed_specs()
    print(f"chart specs: {per_spec * 1e6:.0f} µs per chart on average ({specs} filled)")


if __name__ == "__main__":
    sys.exit(main())
