"""Incremental writing (write.py): unchanged files are hard links to the live site."""

from __future__ import annotations

import shutil
from pathlib import Path

from insyn.build import write


def _publish(site: Path, files: dict[str, bytes]) -> write.Manifest:
    stage = write.Stage(site, write.read_manifest(site))
    stage.create()
    entries = {rel: stage.put(rel, data) for rel, data in files.items()}
    manifest = write.Manifest("fp", entries)
    stage.commit(manifest)
    return manifest


def test_unchanged_files_keep_their_inode_and_mtime(tmp_path):
    site = tmp_path / "site"
    _publish(site, {"a/index.html": b"A", "b.txt": b"B"})
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in site.rglob("*") if p.is_file()}
    _publish(site, {"a/index.html": b"A", "b.txt": b"B2"})
    a = site / "a" / "index.html"
    assert (a.stat().st_ino, a.stat().st_mtime_ns) == before[a]
    assert (site / "b.txt").read_bytes() == b"B2"
    assert (site / "b.txt").stat().st_ino != before[site / "b.txt"][0]


def test_removed_files_are_gone_and_no_stage_is_left(tmp_path):
    site = tmp_path / "site"
    _publish(site, {"old.html": b"x", "keep.html": b"y"})
    _publish(site, {"keep.html": b"y"})
    assert not (site / "old.html").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_manifest_round_trips(tmp_path):
    site = tmp_path / "site"
    manifest = write.Manifest(
        "abc",
        {"x.html": write.Entry("00" * 32, 3)},
        {"k/a": write.Group("key", ("x.html",), ("assets/style.css",))},
        {"pages": 1},
    )
    site.mkdir()
    (site / write.MANIFEST).write_bytes(manifest.to_bytes())
    assert write.read_manifest(site) == manifest


def test_unreadable_manifest_means_build_everything(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / write.MANIFEST).write_text("{not json", encoding="utf-8")
    assert write.read_manifest(site) == write.Manifest()
    assert write.read_manifest(tmp_path / "none") == write.Manifest()


def test_a_live_file_changed_by_hand_is_written_anew(tmp_path):
    """The manifest says unchanged, but the file on disk has another size: no link."""
    site = tmp_path / "site"
    _publish(site, {"a.html": b"AAAA"})
    (site / "a.html").write_bytes(b"edited by hand")
    _publish(site, {"a.html": b"AAAA"})
    assert (site / "a.html").read_bytes() == b"AAAA"


def test_unchanged_site_notices_a_missing_file(tmp_path):
    site = tmp_path / "site"
    _publish(site, {"a.html": b"A", "b.html": b"B"})
    assert write.unchanged_site(site, "fp") is not None
    assert write.unchanged_site(site, "another fingerprint") is None
    (site / "b.html").unlink()
    assert write.unchanged_site(site, "fp") is None


def test_discarded_stage_leaves_the_live_site(tmp_path):
    site = tmp_path / "site"
    _publish(site, {"a.html": b"A"})
    stage = write.Stage(site, write.read_manifest(site))
    stage.create()
    stage.put("a.html", b"changed")
    stage.discard()
    assert (site / "a.html").read_bytes() == b"A"
    assert not stage.root.exists()


def _tree(path: Path, text: str) -> Path:
    path.mkdir(parents=True)
    (path / "index.html").write_text(text, encoding="utf-8")
    return path


def test_trees_left_by_a_kill_after_the_swap_are_removed(tmp_path):
    """Issue 14, item 11: a `.site.old-<pid>` left by a kill is removed next time;
    a stranger's directory beside the site is not."""
    site = _tree(tmp_path / "site", "ny")
    _tree(tmp_path / ".site.old-4242", "gammal")
    _tree(tmp_path / ".site.staging-4243", "halv")
    foreign = _tree(tmp_path / ".site.old-backup", "någon annans")
    write.clean_stale(site)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.old-backup", "site"]
    assert (site / "index.html").read_text(encoding="utf-8") == "ny"
    assert foreign.is_dir()


def test_a_kill_between_the_two_renames_gets_the_old_site_back(tmp_path):
    """Killed after `live -> .site.old-<pid>` and before `new -> live`: nothing is
    served, and the old tree must come back, not be cleaned away."""
    _tree(tmp_path / ".site.old-4242", "gammal")
    _tree(tmp_path / ".site.staging-4242", "halv")
    site = tmp_path / "site"
    write.clean_stale(site)
    assert (site / "index.html").read_text(encoding="utf-8") == "gammal"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def _publish_with_spare(site: Path, spare: Path, files: dict[str, bytes]) -> write.Stage:
    stage = write.Stage(site, write.read_manifest(site), spare)
    stage.create()
    entries = {rel: stage.put(rel, data) for rel, data in files.items()}
    stage.commit(write.Manifest("fp", entries))
    return stage


def _tree_bytes(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and p.name != write.MANIFEST
    }


def test_a_spare_tree_makes_a_rebuild_touch_only_what_changed(tmp_path):
    """Issue 16: the tree live before the last swap is kept in the cache and the next
    build starts from it; the site is each time exactly what was put, and a file whose
    bytes did not change keeps its inode."""
    site, spare = tmp_path / "site", tmp_path / "cache" / "spare"
    first = {"a/index.html": b"A1", "b/index.html": b"B1", "c.txt": b"C1"}
    second = {"a/index.html": b"A1", "b/index.html": b"B2", "d/e/f.txt": b"F"}
    third = {"a/index.html": b"A1", "b/index.html": b"B3", "c.txt": b"C1"}
    _publish_with_spare(site, spare, first)
    # the first build had no old tree to keep: its spare is its own tree, in hard links
    assert _tree_bytes(spare) == first
    assert (spare / "c.txt").stat().st_ino == (site / "c.txt").stat().st_ino
    _publish_with_spare(site, spare, second)
    assert _tree_bytes(site) == second
    assert _tree_bytes(spare) == first  # the old tree, kept whole
    inode = (site / "a" / "index.html").stat().st_ino
    stage = _publish_with_spare(site, spare, third)
    assert _tree_bytes(site) == third
    assert (site / "a" / "index.html").stat().st_ino == inode
    assert stage.written == 1  # b/index.html; c.txt was in the spare, a/ unchanged
    assert _tree_bytes(spare) == second
    # the fourth starts from the second's tree: d/e/f.txt and its directories go
    _publish_with_spare(site, spare, {"a/index.html": b"A1"})
    assert _tree_bytes(site) == {"a/index.html": b"A1"}
    assert sorted(p.name for p in site.iterdir()) == ["a", write.MANIFEST]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "site"]


def test_a_stage_from_the_spare_never_writes_into_a_live_file(tmp_path):
    """The spare's files are hard links shared with the live site: a changed file must be
    a new file, or the live site would change before the swap."""
    site, spare = tmp_path / "site", tmp_path / "spare"
    _publish_with_spare(site, spare, {"x.html": b"same", "y.html": b"one"})
    _publish_with_spare(site, spare, {"x.html": b"same", "y.html": b"two"})
    stage = write.Stage(site, write.read_manifest(site), spare)
    stage.create()
    stage.put("x.html", b"changed")
    assert (site / "x.html").read_bytes() == b"same"
    stage.discard()
    assert (site / "x.html").read_bytes() == b"same"
    assert not stage.root.exists()


def test_a_build_after_the_site_was_removed_starts_from_the_spare(tmp_path):
    """Issue 16: with site/ removed and the cache kept, the last manifest is the spare's
    and the stage holds its files: a file kept is neither written nor linked anew, and
    the new site is what was put."""
    site, spare = tmp_path / "site", tmp_path / "cache" / "spare"
    files = {"a/index.html": b"A1", "b/index.html": b"B1"}
    _publish_with_spare(site, spare, files)
    shutil.rmtree(site)
    old = write.last_manifest(site, spare)
    assert sorted(old.files) == sorted(files)
    stage = write.Stage(site, old, spare)
    stage.create()
    assert stage.can_keep(["a/index.html"])
    assert stage.keep("a/index.html") == old.files["a/index.html"]
    stage.put("b/index.html", b"B2")
    stage.commit(
        write.Manifest("fp", {**old.files, "b/index.html": write.Entry(write.sha256(b"B2"), 2)})
    )
    assert stage.written == 1 and stage.linked == 1
    assert _tree_bytes(site) == {"a/index.html": b"A1", "b/index.html": b"B2"}
    assert _tree_bytes(spare) == _tree_bytes(site)  # a spare again, for the next time
    assert write.last_manifest(site, spare).files == write.read_manifest(site).files


def test_a_spare_cut_short_is_not_used(tmp_path):
    """A spare made of links is given its manifest last: one cut short has none, and a
    stage does not start from it."""
    site, spare = tmp_path / "site", tmp_path / "spare"
    _publish_with_spare(site, spare, {"a.html": b"A"})
    (spare / write.MANIFEST).unlink()
    shutil.rmtree(site)
    assert write.last_manifest(site, spare).files == {}
    stage = write.Stage(site, write.Manifest(), spare)
    stage.create()
    assert stage.base.files == {} and not (stage.root / "a.html").exists()
    stage.discard()
