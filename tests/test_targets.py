"""The GitHub Pages size gate and the directory target (atomic replacement)."""

from __future__ import annotations

import hashlib
import json
import os

import pytest

from insyn.publish.directory import DirectoryError, publish_dir
from insyn.publish.github_pages import PagesError, prepare


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


@pytest.mark.parametrize(("limit", "ok"), [(10_000, True), (100, False)])
def test_pages_size_gate(tmp_path, limit, ok):
    site = make_site(tmp_path / "site", {"index.html": b"x" * 200, "a/index.html": b"y"})
    if ok:
        result = prepare(site, limit)
        assert result.files == 3 and result.bytes > 200
    else:
        with pytest.raises(PagesError, match="GitHub Pages"):
            prepare(site, limit)


def test_pages_needs_a_built_site(tmp_path):
    with pytest.raises(PagesError, match="index.html"):
        prepare(tmp_path, 10**9)


def test_directory_is_replaced_whole(tmp_path):
    site = make_site(tmp_path / "site", {"index.html": b"ny", "a/index.html": b"a"})
    target = make_site(tmp_path / "www", {"index.html": b"gammal", "gone/index.html": b"g"})
    result = publish_dir(site, target, "r1")
    assert result.files == 2
    assert (target / "index.html").read_bytes() == b"ny"
    assert not (target / "gone").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "www"]  # nothing left over


def test_a_publish_killed_between_the_renames_is_repaired(tmp_path):
    site = make_site(tmp_path / "site", {"index.html": b"ny"})
    old = make_site(tmp_path / ".www.old-r0", {"index.html": b"gammal"})
    half = tmp_path / ".www.new-r0"
    half.mkdir()  # a copy that was cut off
    target = tmp_path / "www"
    publish_dir(site, target, "r1")
    assert (target / "index.html").read_bytes() == b"ny"
    assert not old.exists() and not half.exists()


def test_a_corrupt_copy_never_replaces_the_target(tmp_path):
    site = make_site(tmp_path / "site", {"index.html": b"ny"})
    target = make_site(tmp_path / "www", {"index.html": b"gammal"})
    (site / "index.html").write_bytes(b"changed after the build")  # differs from the manifest
    with pytest.raises(DirectoryError, match="differs"):
        publish_dir(site, target, "r1")
    assert (target / "index.html").read_bytes() == b"gammal"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "www"]


@pytest.mark.parametrize("inside", [True, False])
def test_target_must_not_be_the_site(tmp_path, inside):
    site = make_site(tmp_path / "site", {"index.html": b"x"})
    target = site / "copy" if inside else site
    with pytest.raises(DirectoryError, match="site directory"):
        publish_dir(site, target, "r1")
    assert sorted(os.listdir(site)) == ["index.html", "manifest.json"]
