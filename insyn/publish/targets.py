"""Send a built, checked and gated site to one target; one summary line for the report.

The shell's dispatcher: it reads settings and secrets (environment variables
named in config.yaml, never the values themselves) and calls the target's
module. Every target raises on failure, so the run stops and reports it.
"""

from __future__ import annotations

import logging
import os
from datetime import datetime
from pathlib import Path

from .. import write
from ..config import Config

log = logging.getLogger(__name__)


class PublishError(RuntimeError):
    """A target is misconfigured or refused the site."""


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
    """Publish ``site_dir`` to ``target``; returns what happened, in Swedish."""
    if target == "github_pages":
        from .github_pages import prepare

        r = prepare(site_dir, config.publish.pages_max_bytes)
        return (
            f"{r.files} filer, {r.bytes / 1e6:.0f} MB, klara för uppladdning "
            "(arbetsflödet laddar upp och driftsätter)"
        )
    if target == "dir":
        from .directory import publish_dir

        path = dir_path or (Path(config.publish.dir_path) if config.publish.dir_path else None)
        if path is None:
            raise PublishError("publish.dir.path saknas i config.yaml (eller ange --path)")
        path = path if path.is_absolute() else root / path
        r = publish_dir(site_dir, path, write.run_id(when), project=root)
        return f"{r.files} filer kopierade till {r.path}"
    if target == "bundle":
        from .bundle import write_bundles

        out = dir_path or root / config.publish.bundle_path
        r = write_bundles(site_dir, out, config.site.base_url, when)
        return f"{r.bundles} zip-filer ({r.bytes / 1e6:.0f} MB) i {r.path}"
    if target == "cms":
        return _cms(site_dir, config, root, when, allow_deletes)
    raise PublishError(f"okänt mål {target!r} (github_pages, cms, bundle eller dir)")


def _cms(site_dir: Path, config: Config, root: Path, when: datetime, allow_deletes: bool) -> str:
    from .cms import CmsSettings, push
    from .sitepages import site_pages

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
    r = push(pages, settings, state, allow_deletes=allow_deletes)
    return (
        f"{r.sent} sidor skickade, {r.deleted} borttagna, {r.unchanged} oförändrade "
        f"({r.retries} nya försök, {r.resumed} redan levererade i en avbruten körning)"
    )


def _env(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        raise PublishError(f"miljövariabeln {name} saknas (publish.cms i config.yaml)")
    return value
