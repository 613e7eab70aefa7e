"""The work of a build that is not a no-op (see insyn/build/__init__.py): analysis, charts, pages.

Work is split by kommun over forked worker processes (``--jobs``); the pages
that span kommuner (start, områden, län, feeds, sitemap, downloads of the whole
snapshot) are made in the main process afterwards. Every page is checked
(check/pagechecks.py) where it is rendered; the links are resolved at the end, and only
a tree without problems is swapped in.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import multiprocessing as mp
import shutil
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
from jinja2 import Environment, FileSystemBytecodeCache
from tqdm import tqdm

from insyn import inputs
from insyn.analyse.analysis import AreaFacts, Data, Rank, analyse_area, prepare
from insyn.build import collector, figurecache, images, shared, write
from insyn.build.figurecache import FigureCache
from insyn.build.options import LIBRARIES, PACKAGE, Options, Result, version
from insyn.check import pagechecks, sitesize, textcheck
from insyn.config import Config, ConfigError, with_indicators
from insyn.data import snapshot
from insyn.data.model import Snapshot
from insyn.data.reference import Kommun, Reference
from insyn.site import downloads, feeds, metadata, plan, render, sitemap, theme, urls
from insyn.site import embeds as site_embeds
from insyn.site import files as site_files
from insyn.site import model as site_model
from insyn.site.scopedcss import fragment_stylesheet
from insyn.write import charts, corrections, text
from insyn.write.figures import (
    area_overview_figure,
    figure_inputs,
    indicator_figures,
    static_hash,
)
from insyn.write.text import KommunContent, PressText, ShortText, Writer

log = logging.getLogger(__name__)

#: Bump to invalidate every group key (a change in how groups are made).
GROUP_FORMAT = "3"


def kpi_digests(observations: pd.DataFrame) -> dict[str, str]:
    """A hash of each KPI's observations (every municipality, year and gender)."""
    rows = pd.util.hash_pandas_object(observations, index=False).to_numpy()
    kpis = observations["kpi"].astype(str).to_numpy()
    out: dict[str, hashlib._Hash] = {}
    order = kpis.argsort(kind="stable")
    sorted_kpis = kpis[order]
    sorted_rows = rows[order]
    bounds = [0, *((sorted_kpis[1:] != sorted_kpis[:-1]).nonzero()[0] + 1), len(sorted_kpis)]
    for start, end in zip(bounds, bounds[1:], strict=False):
        if end > start:
            out[sorted_kpis[start]] = hashlib.sha256(sorted_rows[start:end].tobytes())
    return {kpi: h.hexdigest() for kpi, h in out.items()}


def group_keys(
    config: Config,
    reference: Reference,
    base: str,
    digests: Mapping[str, str],
    revisions: corrections.RevisionIndex | None = None,
    dates: Mapping[str, tuple[str, str]] | None = None,
) -> dict[str, str]:
    """The key of every kommun × area group: the base key, its KPIs' data and the days
    they were fetched (the dateline), and the values revised since the last publish
    that its press text's correction may name."""
    keys = {}
    revised = corrections.by_kommun_and_kpi(revisions)
    dates = dates or {}
    for area in config.areas:
        h = hashlib.sha256(f"{GROUP_FORMAT};{base};{area.slug};".encode())
        for ind in area.indicators:
            day = dates.get(ind.id, ("", "-"))[1]
            h.update(f"{ind.id}={digests.get(ind.id, '-')}@{day};".encode())
        area_key = h.hexdigest()
        for k in reference.kommuner:
            own = [
                (i.id, revised[(k.code, i.id)])
                for i in area.indicators
                if (k.code, i.id) in revised
            ]
            extra = f";revised={own!r}" if own else ""
            keys[f"{k.slug}/{area.slug}"] = hashlib.sha256(
                f"{area_key};{k.code}{extra}".encode()
            ).hexdigest()
    return keys


# ------------------------------------------------------------------ worker state


@dataclass
class State:
    """What every worker needs; set in the main process before the workers fork."""

    config: Config
    reference: Reference
    data: Data
    writer: Writer
    env: Any
    common: dict[str, Any]
    group_common: dict[str, Any]
    intros: Mapping[str, str]
    #: content/kommuner/<slug>.md by kommun slug: quote and pinned texts
    contents: Mapping[str, KommunContent]
    texts: Mapping[str, str]  # content pages' Markdown by slug
    keys: Mapping[str, str]
    stage: write.Stage
    rendered: frozenset[str]  # kommun codes whose pages this build renders
    meta: downloads.DownloadMeta
    #: every configured indicator, also those the pages leave out for lack of values:
    #: /data/ is the whole snapshot, with its quarantined values flagged
    data_config: Config
    #: the press texts' final step: dateline, corrections (corrections.py)
    updates: corrections.Updates
    #: kpi -> (digest, day first fetched): Result.data_dates, for the next publish
    data_dates: dict[str, tuple[str, str]]
    #: the last build's textcheck notices by group ("slug/area"): a group carried over
    #: has the same press text (its key hashes it), so the same notices, not checked again
    old_rules: Mapping[str, tuple[dict[str, str], ...]] = field(default_factory=dict)
    #: what every file of the build depends on besides its data (code, templates, config,
    #: the common context): the start of each part's key (write.Part)
    base_key: str = ""
    #: each kommun × area's figures of the last build, by indicator key
    figure_cache: FigureCache | None = None
    #: the snapshot, for the site's data files (made by a worker: _site_data_job)
    snap: Snapshot | None = None


_STATE: State | None = None


@dataclass
class KommunOut:
    """A worker's answer for one kommun: facts for the pages that span kommuner,
    and what it staged."""

    code: str
    areas: dict[str, AreaFacts]
    press: dict[str, PressText]
    overview: ShortText
    notices: list[corrections.Notice] = field(default_factory=list)
    files: dict[str, write.Entry] = field(default_factory=dict)
    groups: dict[str, write.Group] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)
    problems: list[pagechecks.Problem] = field(default_factory=list)
    jobs: list[images.Job] = field(default_factory=list)
    keep_images: list[str] = field(default_factory=list)
    #: the groups carried over from the live site as they were (see carried_over)
    carried: list[str] = field(default_factory=list)
    #: in the groups built: parts kept (write.Part), indicators whose figures were read
    #: from the figure cache, and indicators whose figures were drawn
    parts_kept: int = 0
    figures_kept: int = 0
    figures_drawn: int = 0
    pages: int = 0
    embeds: int = 0
    reused: int = 0
    built: int = 0
    written: int = 0
    linked: int = 0


def _kommun_job(code: str) -> KommunOut:
    s = _STATE
    assert s is not None
    written, linked = s.stage.written, s.stage.linked
    out = kommun_work(s, s.reference.kommun(code))
    collector.sweep()
    out.written, out.linked = s.stage.written - written, s.stage.linked - linked
    # in-process runs share the main stage: its counters count the main process only
    s.stage.written, s.stage.linked = written, linked
    return out


def _text_rules(press: PressText, k: Kommun, area: str, config: Config) -> list[corrections.Notice]:
    """The first rule of textcheck a finished press text breaks, as a notice for the
    report (see textcheck's docstring for why this warns and does not stop)."""
    found = textcheck.check_headline(press.headline, area) + textcheck.check_text(
        press.as_text(),
        official_name=k.official_name,
        min_rank_base=config.thresholds.min_rank_base,
    )
    if not found:
        return []
    v = found[0]
    more = f" (och {len(found) - 1} till)" if len(found) > 1 else ""
    message = f"{k.slug}/{area}: [{v.rule}] {v.message}: …{v.excerpt}…{more}"
    return [corrections.Notice(corrections.TEXT_RULE, k.slug, area, message)]


def kommun_work(s: State, k: Kommun) -> KommunOut:
    """Analyse one kommun's areas, write its texts, and stage its pages."""
    facts = {a.slug: analyse_area(s.data, k, a) for a in s.config.areas}
    content = s.contents.get(k.slug, KommunContent())
    press: dict[str, PressText] = {}
    found: dict[str, list[corrections.Notice]] = {}
    for slug, f in facts.items():
        written = text.press_text(f, s.data, s.writer, s.config, content.quote)
        press[slug], notes = corrections.finish(written, f, s.writer, s.updates, content.pin(slug))
        found[slug] = list(notes)
    overview = text.kommun_overview(k, list(facts.values()), s.data, s.writer)
    out = KommunOut(k.code, facts, press, overview)
    if k.code not in s.rendered:  # a text not built (--only) is not published either
        out.notices = [n for slug in facts for n in found[slug]]
        return out
    model = site_model.kommun_model(s.data, k, facts, press, overview)
    rows = plan.indicator_rows(facts)
    for area in s.config.areas:
        gid = f"{k.slug}/{area.slug}"
        # the group's key hashes what its files are made of (issue 16): a kommun whose
        # facts, texts and the values its charts and downloads read did not change
        # keeps its files, however much another kommun's values moved
        shown = shown_facts(facts[area.slug])
        offered = downloads.area_inputs(s.data, k, area)
        # each indicator's facts as its page shows them and every value its figures read
        drawn = {
            f.indicator.id: content_key(s.base_key, area.slug, f, figure_inputs(f, shown, s.data))
            for f in shown.indicators
        }
        key = content_key(
            s.keys[gid],
            list(drawn.values()),
            (replace(shown, indicators=()), press[area.slug], rows[area.slug]),
            site_model.area_years(s.data, k, area),
            offered,
        )
        if _reuse_group(s, gid, out, key):
            # the same text as last time (it is in the key): the same notices, unchecked
            rules = [corrections.Notice(**n) for n in s.old_rules.get(gid, ())]
        else:
            figures = _figures(s, gid, shown, drawn, out)
            parts = _Parts(s, gid)
            made = parts.downloads(
                content_key(s.base_key, offered),
                functools.partial(downloads.area_files, s.data, k, area, s.meta),
                out,
            )
            rules = _checked_text(s, parts, press[area.slug], k, area.slug)
            _build_group(s, model, k, area.slug, rows, out, figures, key, parts, made)
        out.notices += found[area.slug] + rules
    model = site_model.with_overview_figure(
        model, k, area_overview_figure(k, list(facts.values()), s.writer)
    )
    own: list[str] = []
    for page in plan.kommun_pages(model, k, s.config, s.reference, rows):
        _stage_page(s, page, s.common, out, own)
        _add_figure_jobs(page, out)
    embeds = site_embeds.kommun_embed_pages(model, k, s.config, s.reference, areas=())
    for page in embeds:
        _stage_page(s, page, s.group_common, out, own)
        _add_figure_jobs(page, out)
        out.embeds += 1
    files = site_embeds.embed_files(embeds, s.config.site.title, s.config.site.base_url)
    for path, data in sorted(files.items()):
        out.files[path] = s.stage.put(path, data)
    return out


def content_key(base: str, *parts: object) -> str:
    """A group's key: its base key and a hash of the ``repr`` of what its files show.

    The parts are frozen dataclasses, tuples, lists and dicts built in a fixed order
    (no sets), so their repr is the same in every process and every run.
    """
    h = hashlib.sha256(base.encode())
    for part in parts:
        h.update(repr(part).encode("utf-8"))
    return h.hexdigest()


def shown_facts(facts: AreaFacts) -> AreaFacts:
    """The facts as a group's files can show them, for its key: without the news scores
    (z-scores, the facts' scores, the news order, the share on the kommun's side of
    riket), which move with every kommun's values and reach a group's pages only
    through its press text, itself part of the key."""
    indicators = tuple(
        replace(
            f,
            change_z=0.0,
            level_z=0.0,
            # the share of the kommuner on its side of riket moves with any kommun that
            # crosses riket: 107 groups more a one-kommun night (measured)
            riket_side=0.0,
            facts=tuple(replace(fact, score=0.0) for fact in f.facts),
            rank=_shown_rank(f.rank),
        )
        for f in facts.indicators
    )
    return replace(facts, indicators=indicators, ranked=())


def _shown_rank(rank: Rank | None) -> Rank | None:
    """A rank as pages can show it: how many share the commonest value says only
    whether a crowd stands at one value (Rank.beside_crowd). Mellerud's 100 → 97
    procent left the crowd at 100 one smaller, and every kommun's key changed with it:
    a one-kommun night rebuilt all 2 900 groups (issue 16, measured)."""
    if rank is None:
        return None
    return replace(rank, most_tied=rank.n if rank.beside_crowd else 0)


def _reuse_group(s: State, gid: str, out: KommunOut, key: str) -> bool:
    old = s.stage.old.groups.get(gid)
    if old is None or old.key != key:
        return False
    kept = [p for p in old.files if not p.startswith("img/")]
    if not all(p in s.stage.old.files for p in old.files) or s.stage.keep_all(kept) is None:
        return False
    # what the group's files, links and images are the main process reads from the last
    # manifest (carried_over): sent back from here, they were a fifth of what a night's
    # workers sent, all of it a copy of what the main process has
    out.carried.append(gid)
    out.pages += sum(1 for p in kept if p.endswith("index.html") and not p.startswith("embed/"))
    out.embeds += sum(1 for p in kept if p.endswith("index.html") and p.startswith("embed/"))
    out.reused += 1
    return True


def _figures(
    s: State, gid: str, shown: AreaFacts, drawn: Mapping[str, str], out: KommunOut
) -> dict[str, tuple[Any, ...]]:
    """The figures of a group being built, by indicator: the last build's where an
    indicator's key (``drawn``) is unchanged, else computed, and kept for the next.

    The charts are drawn from the facts as the key holds them (shown_facts), so that
    they cannot read what the key leaves out."""
    cache = s.figure_cache
    held = cache.load(gid) if cache is not None else figurecache.Kept({})
    kept = held.entries
    figures: dict[str, tuple[Any, ...]] = {}
    lines: dict[str, tuple[str, str]] = {}
    for f in shown.indicators:
        ind = f.indicator.id
        old = kept.get(ind)
        if old is not None and old[0] == drawn[ind]:
            with contextlib.suppress(ValueError):  # not figures: computed below
                figures[ind] = figurecache.decode(old[1])
                lines[ind] = old
        if ind in figures:
            out.figures_kept += 1
        else:
            out.figures_drawn += 1
            figures[ind] = tuple(indicator_figures(f, shown, s.data, s.writer))
            if cache is not None:
                with contextlib.suppress(ValueError):  # a NaN: not kept
                    lines[ind] = (drawn[ind], figurecache.encode(figures[ind]))
    if cache is not None:
        cache.save(gid, lines, held)
    return figures


#: The parts of a group besides its embed pages (write.Part).
DOWNLOADS = "downloads"
TEXTCHECK = "textcheck"


class _Parts:
    """The parts of one group being built: those the last build's group had, and those
    this build gives it (write.Part)."""

    def __init__(self, s: State, gid: str) -> None:
        self.s = s
        old = s.stage.old.groups.get(gid)
        self.old: Mapping[str, write.Part] = old.parts if old is not None else {}
        self.new: dict[str, write.Part] = {}

    def kept(self, name: str, key: str, paths: Sequence[str], out: KommunOut) -> write.Part | None:
        """The last build's part, its files carried over from the live site, when its key
        is unchanged and its files are all there; else None (the caller builds it)."""
        old = self.old.get(name)
        entries = self.s.stage.keep_all(paths) if old is not None and old.key == key else None
        if old is None or entries is None:
            return None
        out.files.update(entries)
        self.new[name] = old
        out.parts_kept += 1
        return old

    def downloads(
        self, key: str, make: Callable[[], Mapping[str, bytes]], out: KommunOut
    ) -> list[str]:
        """The group's downloads (data.csv, data.json): kept, or made and staged."""
        old = self.old.get(DOWNLOADS)
        if old is not None and self.kept(DOWNLOADS, key, old.paths, out) is not None:
            return list(old.paths)
        made = make()
        for path, data in sorted(made.items()):
            out.files[path] = self.s.stage.put(path, data)
        self.new[DOWNLOADS] = write.Part(key, tuple(sorted(made)))
        return sorted(made)


def _checked_text(
    s: State, parts: _Parts, press: PressText, k: Kommun, area: str
) -> list[corrections.Notice]:
    """The textcheck notices of a group being built: the last build's when its press
    text is the same (textcheck reads nothing else that a build changes)."""
    gid = f"{k.slug}/{area}"
    key = content_key(s.base_key, press, k.official_name, area)
    old = parts.old.get(TEXTCHECK)
    parts.new[TEXTCHECK] = write.Part(key)
    if old is not None and old.key == key:
        return [corrections.Notice(**n) for n in s.old_rules.get(gid, ())]
    return _text_rules(press, k, area, s.config)


def _stage_embed(
    s: State,
    page: site_model.Page,
    key: str,
    parts: _Parts,
    out: KommunOut,
    links: dict[str, str],
) -> str:
    """Stage one embed page of a group being built: kept as it is when its key (all it
    is rendered from) is unchanged, else rendered and checked. Returns its path."""
    path = urls.url_to_path(page.url)
    old = parts.kept(path, key, [path], out)
    if old is not None:
        for target in old.paths:
            links.setdefault(target, path)
            out.links.setdefault(target, path)
        return path
    own: list[str] = []
    targets: dict[str, str] = {}
    _stage_page(s, page, s.group_common, out, own, targets)
    for target in targets:
        links.setdefault(target, path)
    # its targets outside the group are kept with it once the group's files are known
    parts.new[path] = write.Part(key, tuple(sorted(targets)))
    return path


def _build_group(
    s: State,
    model: site_model.SiteModel,
    k: Kommun,
    slug: str,
    rows: Mapping[str, list],
    out: KommunOut,
    figures: Mapping[str, tuple[Any, ...]],
    key: str,
    parts: _Parts,
    own: list[str],
) -> None:
    """Stage the pages and files of one kommun × area (its charts computed); ``own``
    holds the files its parts already staged."""
    model = site_model.with_figures(model, k, slug, figures)
    group_links: dict[str, str] = {}
    jobs_before = len(out.jobs)
    for page in plan.kommun_area_pages(
        model, k, slug, s.config, s.reference, s.intros, rows, s.meta.data_date
    ):
        _stage_page(s, page, s.group_common, out, own, group_links)
        _add_figure_jobs(page, out)
    embeds = site_embeds.kommun_embed_pages(model, k, s.config, s.reference, areas=(slug,))
    for page in embeds:
        # an embed page shows its indicator's main chart and nothing else of the group:
        # its URL and that figure are all it is rendered from, besides the build's base
        # key (a new place among kommuner redraws the chart among them, not this one)
        embed_key = content_key(s.base_key, page.url, page.context["figure"])
        own.append(_stage_embed(s, page, embed_key, parts, out, group_links))
        _add_figure_jobs(page, out)
        out.embeds += 1
    extra = site_embeds.embed_files(embeds, s.config.site.title, s.config.site.base_url)
    extra.update(site_files.kommun_area_press_files(model, k, slug))
    for path, data in site_files.kommun_area_chart_files(model, k, slug).items():
        extra[path] = data
        for target in site_files.chart_file_links(path, data):
            group_links.setdefault(target, path)
            out.links.setdefault(target, path)
    for path, data in sorted(extra.items()):
        out.files[path] = s.stage.put(path, data)
        own.append(path)
    share = model.shares.get((k.code, slug))  # none when no indicator has a chart
    if share is not None:
        name = static_hash(share)
        out.jobs.append(images.Job(name, "png", share.template_name, share["patch"], static=False))
    images_used = sorted({f"img/{job.filename}" for job in out.jobs[jobs_before:]})
    if not s.group_common["images"]:
        images_used = []
        del out.jobs[jobs_before:]
    files = tuple(sorted(set(own) | set(images_used)))
    inside = set(files)
    links = tuple(sorted(t for t in group_links if t not in inside))
    kept = {
        name: replace(p, paths=tuple(t for t in p.paths if t not in inside))
        if name.startswith("embed/")
        else p
        for name, p in parts.new.items()
    }
    out.groups[f"{k.slug}/{slug}"] = write.Group(key, files, links, kept)
    out.built += 1


def _stage_page(
    s: State,
    page: site_model.Page,
    common: Mapping[str, Any],
    out: KommunOut,
    own: list[str],
    group_links: dict[str, str] | None = None,
) -> None:
    path, targets = render_checked(s, page, common, out.files, out.links, out.problems)
    if group_links is not None:
        for target in targets:
            group_links.setdefault(target, path)
    own.append(path)
    record = site_files.page_record(page, bool(common["images"]))
    if record is not None:
        out.files[record[0]] = s.stage.put(*record)
        own.append(record[0])
    if not path.startswith("embed/"):
        out.pages += 1


def render_checked(
    s: State,
    page: site_model.Page,
    common: Mapping[str, Any],
    files: dict[str, write.Entry],
    links: dict[str, str],
    problems: list[pagechecks.Problem],
) -> tuple[str, set[str]]:
    """Render one page, check it, stage it; its links and problems are collected.
    Returns its output path and the site paths it links to."""
    path, html = render.render_page(s.env, page, common)
    found, targets = pagechecks.check_page(path, html, s.config.site.base_url)
    problems += found
    for target in targets:
        links.setdefault(target, path)
    files[path] = s.stage.put(path, html.encode("utf-8"))
    return path, targets


def _add_figure_jobs(page: site_model.Page, out: KommunOut) -> None:
    out.jobs += site_files.figure_jobs(page)


def run(
    options: Options,
    config: Config,
    snap_path: Path,
    when: datetime,
    fingerprint: str,
    result: Result,
) -> None:
    """Build everything that changed, check it, and swap it in (fills ``result``)."""
    clock = _Clock(result.stages)
    reference = inputs.read_reference(options.root / "data" / "reference")
    spare = write.spare_dir(options.root / ".cache", options.out)
    old = write.last_manifest(options.out, spare)
    clock("fingerprint")
    snap = _load_snapshot(options, config, reference, snap_path)
    result.source = "exempeldata" if snap.is_sample else snap.source
    shown = _site_values(snap, config, reference)
    data_config = config
    config, without = with_indicators(config, kpis_with_values(shown, reference))
    if without:
        log.info(
            "nyckeltal utan värden i ögonblicksbilden visas inte: %s",
            ", ".join(i.id for inds in without.values() for i in inds),
        )
    data = prepare(shown, config, reference)
    clock("snapshot")
    site_model.check_slugs(reference)
    only = only_kommuner(reference, options.only)
    state = _state(options, config, reference, snap, data, when, old, only, data_config, spare)
    result.data_dates = {k: list(v) for k, v in state.data_dates.items()}
    write.clean_stale(options.out)
    state.stage.create()
    try:
        outs, site_data = _run_kommuner(state, options, reference)
        for out in outs:
            carried_over(state.stage.old, out)
        clock("kommuner")
        files, links, problems = _merge(outs, result)
        log.info(
            "byggda kommun×område: %d inbäddningar och nedladdningar behållna, "
            "diagram för %d nyckeltal ur cachen och %d ritade",
            result.parts_kept,
            result.figures_kept,
            result.figures_drawn,
        )
        model = _site_model(state, outs)
        _stage_site(state, snap, model, when, files, links, problems, result, options, site_data)
        clock("webbplats")
        if options.images:
            _stage_images(state, outs, files, options, result)
            clock("bilder")
        skip = _partial_prefixes(reference, only)
        footer = pagechecks.footer_link_error(
            (x.url for x in config.site.footer.links), files, skip
        )
        if footer:
            raise ConfigError(f"{options.config_path}: {footer}")
        problems += pagechecks.check_links(links, files, skip)
        if problems:
            raise pagechecks.OutputError(pagechecks.summary(problems))

        def manifest_of() -> write.Manifest:
            return write.Manifest(
                fingerprint,
                files,
                {g: grp for o in outs for g, grp in o.groups.items()},
                {
                    "source": result.source,
                    "snapshot": str(snap.manifest.get("fetched_at", "")) if snap.manifest else "",
                    "pages": result.pages,
                    "embeds": result.embeds,
                    "only": options.only or "",
                    # kept so that a no-op build reports them again
                    **({"notices": result.notices} if result.notices else {}),
                    "data_dates": {k: list(v) for k, v in state.data_dates.items()},
                },
            )

        manifest = manifest_of()
        # the manifest is published too (some 170 bytes a file): counted with a margin
        # for the warning that may yet go into it
        if _check_size(config, files, len(manifest.to_bytes()) + 2000, result):
            manifest = manifest_of()
        result.files = len(files)
        _count_changes(state.stage.old, files, result)
        result.written += state.stage.written
        result.linked += state.stage.linked
        state.stage.commit(manifest)
        clock("skrivning")
    except BaseException:
        state.stage.discard()
        raise


def _count_changes(old: write.Manifest, files: Mapping[str, write.Entry], result: Result) -> None:
    """How the new site differs from the live one, file by file. 'Skrev' alone does not
    tell it: a file the stage already held (the spare, two builds old) is changed on the
    site although nothing was written."""
    before = old.files
    result.changed = sum(1 for rel, e in files.items() if rel in before and before[rel] != e)
    result.added = sum(1 for rel in files if rel not in before)
    result.removed = sum(1 for rel in before if rel not in files)


def _check_size(
    config: Config, files: Mapping[str, write.Entry], manifest_bytes: int, result: Result
) -> bool:
    """Stop a site larger than size.max_mb; warn near it (sitesize.py), with a notice
    that the nightly report shows. Returns whether a notice was added."""
    sizes = {path: entry.size for path, entry in files.items()}
    sizes[write.MANIFEST] = manifest_bytes
    verdict = sitesize.check(sizes, config.size.max_mb, config.size.warn_share)
    for line in sitesize.report_lines(sizes):
        log.debug("storlek: %s", line)
    if verdict.level == "over":
        raise sitesize.SiteTooLarge(verdict.message)
    if verdict.level == "near":
        log.warning("%s", verdict.message)
        result.notices.append(
            {"kind": "site-size", "kommun": "", "area": "", "message": verdict.message}
        )
        return True
    return False


class _Clock:
    """Stage timings for the summary and the benchmark."""

    def __init__(self, stages: dict[str, float]) -> None:
        self.stages = stages
        self.last = time.perf_counter()

    def __call__(self, name: str) -> None:
        now = time.perf_counter()
        self.stages[name] = self.stages.get(name, 0.0) + now - self.last
        self.last = now


def _load_snapshot(options: Options, config: Config, reference: Reference, path: Path) -> Snapshot:
    """The snapshot with data/extra/ merged (or the one the caller loaded), validated."""
    from insyn.data import validate

    snap = options.loaded
    if snap is None:
        extra_dir = options.root / "data" / config.sources.extra_dir
        snap = snapshot.load_with_extra(path, extra_dir, config, reference)
    validate.check_snapshot(snap, config)
    return snap


def _site_values(snap: Snapshot, config: Config, reference: Reference) -> Snapshot:
    """The snapshot without its quarantined values: all that analysis, texts and pages see.

    The whole snapshot still goes to the /data/ download, which flags those values.
    """
    from insyn.data import quarantine

    return quarantine.clean(snap, quarantine.quarantine(snap, config, reference))


def kpis_with_values(snap: Snapshot, reference: Reference) -> set[str]:
    """The KPIs for which at least one kommun has a value (an imported snapshot may
    have none for an indicator that Kolada added after it was taken)."""
    obs = snap.observations
    kommuner = {k.code for k in reference.kommuner}
    present = obs[obs["value"].notna() & obs["municipality"].isin(kommuner)]
    return {str(k) for k in present["kpi"].unique()}


def read_content(
    root: Path, config: Config
) -> tuple[dict[str, Any], dict[str, KommunContent], dict[str, str]]:
    """Area intros (HTML), per-kommun content (quote, pinned texts) and the content
    pages' Markdown from content/."""
    content = root / "content"
    intros = {
        a.slug: render.markdown_to_html(
            inputs.read_text(content / a.intro), allow_html=config.content.allow_html
        )
        for a in config.areas
    }
    areas = [a.slug for a in config.areas]
    contents = {}
    for slug, raw in inputs.read_quotes(content / "kommuner").items():
        parsed = text.parse_kommun_content(raw, f"content/kommuner/{slug}.md", areas)
        if parsed != KommunContent():
            contents[slug] = parsed
    texts = {slug: inputs.read_text(content / f"{slug}.md") for slug in plan.CONTENT_PAGES}
    return intros, contents, texts


def _state(
    options: Options,
    config: Config,
    reference: Reference,
    snap: Snapshot,
    data: Data,
    when: datetime,
    old: write.Manifest,
    only: list[Kommun] | None,
    data_config: Config,
    spare: Path,
) -> State:
    intros, contents, texts = read_content(options.root, config)
    unknown = sorted(set(contents) - {k.slug for k in reference.kommuner})
    if unknown:
        raise text.ContentError(f"content/kommuner/{unknown[0]}.md: no kommun has that slug")
    writer = text.Writer(text.make_text_env(options.root / "templates"))
    env = render.make_env(options.root / "templates", _override(options, config))
    code = inputs.fingerprint([PACKAGE])
    _keep_compiled({"text": writer.env, "pages": env}, options.root / ".cache" / "jinja", code)
    _keep_chart_templates(options.root / ".cache" / "charts", code)
    base = config.site.base_url.rstrip("/")
    env.globals["iframe"] = lambda url, title, fig: site_embeds.iframe_snippet(
        base + url, title, fig
    )
    common = {**metadata.common_context(snap, config, when), "images": options.images}
    group_common = metadata.group_context(common)
    meta = _download_meta(config, snap, when)
    base_key = hashlib.sha256(
        repr(
            (
                code,
                inputs.fingerprint(
                    [
                        options.root / "templates",
                        options.root / "content",
                        options.root / "data" / "reference",
                        options.config_path,
                    ]
                    + (
                        [options.root / config.templates_override]
                        if config.templates_override
                        else []
                    )
                ),
                [version(lib) for lib in LIBRARIES],
                sorted((k, repr(v)) for k, v in group_common.items() if k != "site"),
                meta,
                snap.years,
                sorted(data.similar.items()),
                sorted(data.current_year.items()),
                inputs.fingerprint(
                    [
                        Path(snap.path) / n
                        for n in ("municipalities.json", "groups.json", "kpis.json")
                    ]
                ),
            )
        ).encode()
    ).hexdigest()
    digests = kpi_digests(snap.observations)
    fetched = corrections.fetched_date(snap.manifest)
    dates = corrections.carry_dates(options.data_dates, digests, fetched)
    updates = corrections.Updates(
        fetched=fetched,
        sample=snap.is_sample,
        revisions=corrections.revision_index(options.revisions),
        dates=corrections.dates_of(dates),
    )
    # no data digests in the keys: kommun_work adds a hash of what each group shows
    keys = group_keys(config, reference, base_key, {}, updates.revisions, dates)
    rendered = frozenset(k.code for k in (only or reference.kommuner))
    return State(
        config,
        reference,
        data,
        writer,
        env,
        common,
        group_common,
        intros,
        contents,
        texts,
        keys,
        write.Stage(options.out, old, spare),
        rendered,
        meta,
        data_config,
        updates,
        dates,
        old_rules(old),
        base_key=base_key,
        figure_cache=FigureCache(options.root / ".cache" / "figures"),
        snap=snap,
    )


def _keep_compiled(envs: Mapping[str, Environment], cache: Path, code: str) -> None:
    """Templates compiled once for each version of the code, not in every worker of every
    build: each worker compiled press.j2 and the page templates anew, 1.2 of the 42
    CPU-seconds of a one-kommun night (issue 16, sampled). Jinja keys its cache by a
    template's source; the environment's settings, which shape the compiled code too
    (autoescape, finalize, trim_blocks), are in the code, so the directory is named for
    the code (``code``, its fingerprint), and a directory of older code is removed."""
    code = code[:16]
    if cache.is_dir():
        for old in cache.iterdir():
            if old.name != code:
                shutil.rmtree(old, ignore_errors=True)
    for kind, env in envs.items():
        directory = cache / code / kind
        directory.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = FileSystemBytecodeCache(str(directory))


def _keep_chart_templates(cache: Path, code: str) -> None:
    """Chart templates built and validated with altair once for each version of the code
    and of altair, and read from the cache after: building them took half a second in
    the main process and again in each worker that drew a chart, and altair's import a
    fifth of a second more, every night (issue 16). A cache that does not read is built
    anew. Set before the workers fork, so that they inherit them."""
    name = hashlib.sha256(f"{code};{version('altair')}".encode()).hexdigest()[:16]
    path = cache / f"{name}.json"
    try:
        kept = json.loads(path.read_bytes())
        if isinstance(kept, dict) and set(kept) == set(charts.template_names()):
            charts.use_templates({str(n): str(spec) for n, spec in kept.items()})
            return
    except FileNotFoundError:
        pass
    except (OSError, ValueError) as exc:
        log.debug("%s: chart templates not read (%s); built anew", path, exc)
    made = {n: data.decode("utf-8") for n, data in charts.template_files().items()}
    if cache.is_dir():
        for older in cache.glob("*.json"):
            if older.name != path.name:
                older.unlink(missing_ok=True)
    try:
        inputs.write_atomic(path, json.dumps(made, sort_keys=True).encode("utf-8"), durable=False)
    except OSError as exc:  # a read-only cache costs the next build half a second only
        log.debug("%s: chart templates not kept (%s)", path, exc)


def old_rules(old: write.Manifest) -> dict[str, tuple[dict[str, str], ...]]:
    """The textcheck notices of the last build, by group."""
    out: dict[str, list[dict[str, str]]] = {}
    for n in old.info.get("notices", ()):
        if isinstance(n, dict) and n.get("kind") == corrections.TEXT_RULE:
            out.setdefault(f"{n.get('kommun')}/{n.get('area')}", []).append(n)
    return {g: tuple(ns) for g, ns in out.items()}


def _override(options: Options, config: Config) -> Path | None:
    return options.root / config.templates_override if config.templates_override else None


def _download_meta(config: Config, snap: Snapshot, when: datetime) -> downloads.DownloadMeta:
    return downloads.DownloadMeta(
        site_title=config.site.title,
        base_url=config.site.base_url,
        source="Kolada",
        source_url="https://www.kolada.se/",
        licence_name=config.site.licence.name,
        licence_url=config.site.licence.url,
        is_sample=snap.is_sample,
        data_date=metadata.data_date(snap),
        build_date=f"{when:%Y-%m-%d}",
    )


def _site_data_job() -> dict[str, bytes]:
    """/data/ (the whole snapshot as CSV and JSON), in a worker beside the kommuner."""
    s = _STATE
    assert s is not None and s.snap is not None
    return downloads.site_data_files(s.snap, s.data_config, s.reference, s.meta)


def _run_kommuner(
    state: State, options: Options, reference: Reference
) -> tuple[list[KommunOut], dict[str, bytes]]:
    """Every kommun's work, over forked processes when ``jobs`` > 1; and the site's data
    files (/data/), made by a worker beside the kommuner: they need nothing of them, and
    made after them they cost the night 0.7 s with a core idle (issue 16)."""
    global _STATE
    codes = [k.code for k in reference.kommuner]
    bar = tqdm(
        total=len(codes), desc="kommuner", unit="kommun", disable=not options.progress, leave=False
    )
    _STATE = state
    outs: list[KommunOut] = []
    try:
        if options.jobs > 1:
            ctx = mp.get_context("fork")
            with (
                collector.frozen(),
                shared.sharing(state.config.areas, reference.kommuner),
                ctx.Pool(options.jobs) as pool,
            ):
                site_data = pool.apply_async(_site_data_job)
                for out in pool.imap_unordered(_kommun_job, codes, chunksize=2):
                    outs.append(out)
                    bar.update(1)
                made = site_data.get()
        else:
            with collector.frozen():
                for code in codes:
                    outs.append(_kommun_job(code))
                    bar.update(1)
            made = _site_data_job()
    finally:
        _STATE = None
        bar.close()
    return sorted(outs, key=lambda o: o.code), made


def carried_over(old: write.Manifest, out: KommunOut) -> None:
    """Add the groups a worker carried over (_reuse_group) to its answer, as the last
    manifest has them: their files, images, links and the group itself."""
    for gid in out.carried:
        group = old.groups[gid]
        for path in group.files:
            if path.startswith("img/"):
                out.keep_images.append(path)
            else:
                out.files[path] = old.files[path]
        for target in group.links:
            out.links.setdefault(target, group.files[0])
        out.groups[gid] = group


def _merge(
    outs: list[KommunOut], result: Result
) -> tuple[dict[str, write.Entry], dict[str, str], list[pagechecks.Problem]]:
    files: dict[str, write.Entry] = {}
    links: dict[str, str] = {}
    problems: list[pagechecks.Problem] = []
    for o in outs:
        files.update(o.files)
        for target, source in o.links.items():
            links.setdefault(target, source)
        problems += o.problems
        result.pages += o.pages
        result.embeds += o.embeds
        result.groups_reused += o.reused
        result.groups_built += o.built
        result.written += o.written
        result.linked += o.linked
        result.parts_kept += o.parts_kept
        result.figures_kept += o.figures_kept
        result.figures_drawn += o.figures_drawn
        result.notices += [n.as_dict() for n in o.notices]
    return files, links, problems


def _site_model(state: State, outs: list[KommunOut]) -> site_model.SiteModel:
    areas = {(o.code, slug): f for o in outs for slug, f in o.areas.items()}
    press = {(o.code, slug): p for o in outs for slug, p in o.press.items()}
    overviews = {o.code: o.overview for o in outs}
    return site_model.site_model(
        state.data, state.config, state.reference, state.writer, areas, press, overviews
    )


def _stage_site(
    state: State,
    snap: Snapshot,
    model: site_model.SiteModel,
    when: datetime,
    files: dict[str, write.Entry],
    links: dict[str, str],
    problems: list[pagechecks.Problem],
    result: Result,
    options: Options,
    site_data: Mapping[str, bytes],
) -> None:
    """The pages and files that span kommuner, made in the main process (``site_data``:
    /data/, made beside the kommuner)."""
    config, reference = state.config, state.reference
    global_pages = plan.site_pages(
        model,
        config,
        reference,
        state.intros,
        state.texts,
        downloads.site_data_index(site_data),
        snap.years,
        options.changelog,
    )
    for page in global_pages:
        render_checked(state, page, state.common, files, links, problems)
        result.pages += 1
    extra: dict[str, bytes] = dict(site_data)
    extra.update(site_files.chart_data_files(model, config))
    extra.update(feeds.site_feeds(model, config, reference, metadata.data_datetime(snap)))
    page_urls = sorted(
        urls.path_to_url(p)
        for p in files
        if p.endswith(".html") and not p.startswith("embed/") and p != "404.html"
    )
    extra.update(sitemap.sitemap_files(page_urls, config.site.base_url, when.date()))
    extra["robots.txt"] = sitemap.robots_txt(config.site.base_url)
    extra.update(asset_files(options.root, config))
    for path, data in sorted(extra.items()):
        files[path] = state.stage.put(path, data)


def asset_files(root: Path, config: Config) -> dict[str, bytes]:
    """Static files, the theme stylesheet, the Vega bundle and the chart templates."""
    out = {f"assets/{rel}": data for rel, data in inputs.read_tree(root / "static").items()}
    out["assets/theme.css"] = theme.theme_css(config.site)
    # the stylesheet of the fragments a CMS receives (publish/), scoped under .insyn
    out["assets/insyn-fragment.css"] = fragment_stylesheet(
        out["assets/style.css"].decode("utf-8"),
        out["assets/theme.css"].decode("utf-8"),
        config.site.base_url,
    ).encode("utf-8")
    out["assets/vega.js"] = images.vega_bundle(root / ".cache")
    out.update({f"assets/charts/{name}": data for name, data in charts.template_files().items()})
    return out


def _stage_images(
    state: State,
    outs: list[KommunOut],
    files: dict[str, write.Entry],
    options: Options,
    result: Result,
) -> None:
    """Render the images of rebuilt groups (or reuse the cache), keep the others."""
    jobs = {job.filename: job for o in outs for job in o.jobs}
    cache = options.root / ".cache" / "images"
    bar = tqdm(
        total=len(jobs), desc="bilder", unit="bild", disable=not options.progress, leave=False
    )
    started = time.perf_counter()
    drawn, reused = images.render_missing(
        [jobs[n] for n in sorted(jobs)], cache, processes=max(1, options.jobs), progress=bar.update
    )
    new, rendered = set(drawn), len(drawn)
    bar.close()
    log.info(
        "bilder: %d ritade, %d återanvända, %.1f s", rendered, reused, time.perf_counter() - started
    )
    result.images_rendered = rendered
    for name in sorted(jobs):
        source = cache / name
        # an image is named for what it shows, and the cache holds one renderer's images
        # (check_renderer): one the live site has and this build did not draw is the
        # same file, not read and hashed again (6 800 images a night, 0.3 s)
        entry = state.stage.old.files.get(f"img/{name}")
        if entry is None or name in new:
            entry = write.Entry(write.sha256(source.read_bytes()), source.stat().st_size)
        files[f"img/{name}"] = state.stage.link(f"img/{name}", source, entry)
    for o in outs:
        for path in o.keep_images:
            if path not in files:
                entry = state.stage.keep(path)
                if entry is None:
                    raise pagechecks.OutputError(
                        f"{path}: en bild saknas i den publicerade webbplatsen"
                    )
                files[path] = entry


def _partial_prefixes(reference: Reference, only: list[Kommun] | None) -> tuple[str, ...]:
    if not only:
        return ()
    built = {k.slug for k in only}
    skipped = [k.slug for k in reference.kommuner if k.slug not in built]
    return tuple(f"{s}/" for s in skipped) + tuple(f"embed/{s}/" for s in skipped)


def only_kommuner(reference: Reference, only: str | None) -> list[Kommun] | None:
    """The kommuner of ``--only`` ("mellerud" or "mellerud,ale"), in reference order;
    None for the whole site. An unknown slug is one line naming it."""
    if not only:
        return None
    named = {reference.kommun_named_by_user(s.strip()).code for s in only.split(",") if s.strip()}
    return [k for k in reference.kommuner if k.code in named]
