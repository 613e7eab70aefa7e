"""Send a built, checked and gated site to one target; one summary line for the report.

The shell's dispatcher: it reads settings and secrets (environment variables
named in config.yaml, never the values themselves) and calls the target's
module. Every target raises on failure, so the run stops and reports it.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from insyn.build import write
from insyn.config import Config
from insyn.errors import UserError

log = logging.getLogger(__name__)


class PublishError(UserError, RuntimeError):
    """A target is misconfigured or refused the site."""


#: Outcomes of one target in a publish (the report's words).
PUBLISHED = "publicerad"
FAILED = "misslyckades"
NOT_TRIED = "inte försökt"


@dataclass(frozen=True)
class Staged:
    """A target made ready: everything that can fail before readers see anything has
    run. ``commit`` makes it live and says what happened; ``abort`` undoes the stage.
    A ``remote`` target (the CMS) cannot be staged apart from sending, so it goes last.
    """

    target: str
    commit: Callable[[], str]
    abort: Callable[[], None] = lambda: None
    remote: bool = False


@dataclass(frozen=True)
class Outcome:
    """What one target serves after a publish: PUBLISHED, FAILED or NOT_TRIED."""

    target: str
    status: str
    summary: str


@dataclass(frozen=True)
class Options:
    """Where and how targets publish (the shell's settings for :func:`stage`)."""

    config: Config
    root: Path
    when: datetime
    dir_path: Path | None = None
    allow_deletes: bool = False


def publish(
    target: str,
    site_dir: Path,
    config: Config,
    root: Path,
    when: datetime,
    *,
    dir_path: Path | None = None,
    allow_deletes: bool = False,
) -> str:
    """Publish ``site_dir`` to one ``target``; returns what happened, in Swedish."""
    staged = stage(target, site_dir, Options(config, root, when, dir_path, allow_deletes))
    try:
        return staged.commit()
    except BaseException:
        staged.abort()
        raise


def publish_all(targets: Sequence[str], site_dir: Path, options: Options) -> list[Outcome]:
    """Publish to every target as one transaction, as far as the targets allow.

    Every target is staged first (copies verified, zips written, settings and
    secrets read); a failure there publishes nothing anywhere. Then the local
    targets go live with renames, and the CMS, which cannot be staged apart from
    sending, last. If a target still fails, the outcomes say which target serves
    the new site, which failed and which was not tried, so that the report, the
    exit code and the state tell what is live.
    """
    staged: list[Staged] = []
    try:
        for target in targets:
            try:
                staged.append(stage(target, site_dir, options))
            except OSError as exc:  # a full disk, a path that is a file: one line
                raise PublishError(f"{target}: kunde inte förberedas: {exc}") from None
    except BaseException:
        for done in staged:
            done.abort()
        raise
    outcomes: list[Outcome] = []
    failed = False
    for item in sorted(staged, key=lambda x: x.remote):
        if failed:
            item.abort()
            outcomes.append(Outcome(item.target, NOT_TRIED, "inte försökt efter felet"))
            continue
        try:
            outcomes.append(Outcome(item.target, PUBLISHED, item.commit()))
        except Exception as exc:  # reported per target; the run then exits 1
            item.abort()
            failed = True
            log.error("%s: %s", item.target, exc)
            outcomes.append(Outcome(item.target, FAILED, str(exc) or type(exc).__name__))
    order = {t: i for i, t in enumerate(targets)}
    return sorted(outcomes, key=lambda o: order[o.target])


def stage(target: str, site_dir: Path, options: Options) -> Staged:
    """Make ``target`` ready to go live (see :class:`Staged`)."""
    config, root, when = options.config, options.root, options.when
    if target == "github_pages":
        from insyn.publish.github_pages import prepare

        r = prepare(site_dir, config.publish.pages_max_bytes)
        summary = (
            f"{r.files} filer, {r.bytes / 1e6:.0f} MB, klara för uppladdning "
            "(arbetsflödet laddar upp och driftsätter)"
        )
        return Staged(target, lambda: summary)
    if target == "dir":
        from insyn.publish.directory import stage_dir

        path = options.dir_path or (
            Path(config.publish.dir_path) if config.publish.dir_path else None
        )
        if path is None:
            raise PublishError("publish.dir.path saknas i config.yaml (eller ange --path)")
        path = path if path.is_absolute() else root / path
        staged_dir = stage_dir(site_dir, path, write.run_id(when), project=root)

        def commit_dir() -> str:
            r = staged_dir.commit()
            return f"{r.files} filer kopierade till {r.path}"

        return Staged(target, commit_dir, staged_dir.abort)
    if target == "bundle":
        from insyn.publish.bundle import stage_bundles

        out = options.dir_path or root / config.publish.bundle_path
        staged_zips = stage_bundles(site_dir, out, config.site.base_url, when)

        def commit_bundles() -> str:
            r = staged_zips.commit()
            return f"{r.bundles} zip-filer ({r.bytes / 1e6:.0f} MB) i {r.path}"

        return Staged(target, commit_bundles, staged_zips.abort)
    if target == "cms":
        send = _cms(site_dir, config, root, when, options.allow_deletes)
        return Staged(target, send, remote=True)
    raise PublishError(f"okänt mål {target!r} (github_pages, cms, bundle eller dir)")


def _cms(
    site_dir: Path, config: Config, root: Path, when: datetime, allow_deletes: bool
) -> Callable[[], str]:
    """The CMS push, with its settings and secrets read now (a missing secret fails
    the stage, before any other target goes live)."""
    from insyn.publish.cms import CmsSettings, push
    from insyn.publish.sitepages import site_pages

    cms = config.publish.cms
    if cms is None or not cms.url:
        raise PublishError("publish.cms.url saknas i config.yaml")
    if cms.adapter == "generic":
        secret = {"token": _env(cms.token_env)}
        hint = f"kontrollera {cms.token_env}"
    else:
        secret = {"user": _env(cms.user_env), "password": _env(cms.password_env)}
        hint = f"kontrollera {cms.user_env} och {cms.password_env}"
    settings = CmsSettings(
        adapter=cms.adapter,
        url=cms.url,
        timeout=cms.timeout_seconds,
        max_retries=cms.max_retries,
        backoff=cms.backoff_seconds,
        max_deletes=config.thresholds.max_deletes,
        root_slug=cms.root_slug,
        parent_id=cms.parent_id,
        credential_hint=hint,
        **secret,
    )
    pages = site_pages(site_dir, config.site.base_url, when.strftime("%Y-%m-%dT%H:%M:%SZ"))
    state = root / config.publish.state_dir / f"cms-{cms.adapter}.json"

    def send() -> str:
        r = push(pages, settings, state, allow_deletes=allow_deletes)
        return (
            f"{r.sent} sidor skickade, {r.deleted} borttagna, {r.unchanged} oförändrade "
            f"({r.retries} nya försök, {r.resumed} redan levererade i en avbruten körning)"
        )

    return send


def _env(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        raise PublishError(f"miljövariabeln {name} saknas (publish.cms i config.yaml)")
    return value
