"""Built sites in miniature, for the publish targets: a few files and the marker
that says insyn wrote them."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

from insyn.publish.directory import MARKER

WHEN = datetime(2026, 11, 18, 3, 0, tzinfo=UTC)


def make_site(path, files: dict[str, bytes]):
    manifest = {}
    for rel, data in files.items():
        target = path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        manifest[rel] = [hashlib.sha256(data).hexdigest(), len(data)]
    doc = {"format": 1, "inputs": "", "groups": {}, "files": manifest}
    (path / "manifest.json").write_text(json.dumps(doc))
    return path


def mark(path):
    """A tree that an earlier publish wrote: it carries the marker."""
    (path / MARKER).write_text("insyn\n")
    return path
