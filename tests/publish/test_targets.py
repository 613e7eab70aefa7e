"""The GitHub Pages size gate and the directory target (atomic replacement)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from insyn import cli
from insyn.publish import directory, targets
from insyn.publish.directory import MARKER, DirectoryError, publish_dir
from insyn.publish.github_pages import PagesError, prepare
from tests.helpers.project import ROOT
from tests.helpers.sites import WHEN, make_site, mark


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
    target = mark(make_site(tmp_path / "www", {"index.html": b"gammal", "gone/index.html": b"g"}))
    result = publish_dir(site, target, "r1")
    assert result.files == 2
    assert (target / "index.html").read_bytes() == b"ny"
    assert not (target / "gone").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "www"]  # nothing left over


def test_a_publish_killed_between_the_renames_is_repaired(tmp_path):
    site = make_site(tmp_path / "site", {"index.html": b"ny"})
    old = mark(make_site(tmp_path / ".www.old-r0", {"index.html": b"gammal"}))
    half = tmp_path / ".www.new-r0"
    half.mkdir()  # a copy that was cut off
    target = tmp_path / "www"
    publish_dir(site, target, "r1")
    assert (target / "index.html").read_bytes() == b"ny"
    assert not old.exists() and not half.exists()


def test_a_corrupt_copy_never_replaces_the_target(tmp_path):
    site = make_site(tmp_path / "site", {"index.html": b"ny"})
    target = mark(make_site(tmp_path / "www", {"index.html": b"gammal"}))
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


# ------------------------------------------------- what the dir target may replace


def tree(path: Path) -> dict[str, bytes]:
    """Every file under ``path`` with its bytes: equal trees, nothing deleted."""
    return {p.relative_to(path).as_posix(): p.read_bytes() for p in path.rglob("*") if p.is_file()}


def make_project(root: Path) -> Path:
    """A project root with the files a wrong --path used to wipe, and a built site."""
    for rel, text in {
        "config.yaml": (ROOT / "config.yaml").read_text(encoding="utf-8"),
        "data/kolada/2026-11-18/observations.csv": "kpi\n",
        "state/changelog.json": "[]",
        "content/om.md": "# Om\n",
        "templates/base.html": "<html></html>",
    }.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    make_site(root / "site", {"index.html": b"ny", "a/index.html": b"a"})
    return root


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / ".profile").write_text("# mine\n")
    return make_project(tmp_path / "proj")


def cli_config(project: Path):
    """The project's own config.yaml, as the CLI reads it."""
    from insyn import inputs

    return inputs.read_config(project / "config.yaml")


@pytest.fixture
def untouchable(monkeypatch):
    """A refusal deletes nothing: any copy, removal or rename fails the test loudly, so
    a guard that lets "/" through cannot harm the machine the tests run on."""

    def touched(*args, **kwargs):
        raise AssertionError(f"a refused publish touched the file system: {args}")

    monkeypatch.setattr(directory.shutil, "copytree", touched)
    monkeypatch.setattr(directory.shutil, "rmtree", touched)
    monkeypatch.setattr(directory.os, "replace", touched)


def web_root(tmp_path: Path) -> Path:
    """Someone else's web root: an index.html and an unrelated file, no marker."""
    www = tmp_path / "www"
    www.mkdir()
    (www / "index.html").write_text("<p>annan webbplats</p>")
    (www / "kontakt.pdf").write_bytes(b"%PDF")
    return Path(www)


@pytest.mark.parametrize(
    ("path_of", "why"),
    [
        pytest.param(lambda tmp: tmp / "proj", "projektets katalog", id="project-root"),
        pytest.param(lambda tmp: Path("."), "projektets katalog", id="dot"),
        pytest.param(lambda tmp: Path(".."), "innehåller projektets katalog", id="dotdot"),
        pytest.param(lambda tmp: Path("/"), "filsystemets rot", id="filesystem-root"),
        pytest.param(lambda tmp: Path("state"), "ligger i projektets katalog", id="state"),
        pytest.param(lambda tmp: tmp / "proj" / "data", "ligger i projektets katalog", id="data"),
        pytest.param(lambda tmp: tmp / "home", "hemkatalog", id="home"),
        pytest.param(web_root, f"saknar {MARKER}", id="unmarked-web-root"),
    ],
)
def test_dir_target_refuses_what_it_must_not_replace(
    project, untouchable, tmp_path, path_of: Callable[[Path], Path], why: str
):
    path = path_of(tmp_path)
    before = tree(tmp_path)
    with pytest.raises(DirectoryError, match=why) as refused:
        targets.publish("dir", project / "site", cli_config(project), project, WHEN, dir_path=path)
    message = str(refused.value)
    assert "\n" not in message and str((project / path).resolve()) in message
    assert tree(tmp_path) == before


def marked_publish(tmp_path: Path) -> Path:
    """What an earlier publish left: its marker, and a page the new site no longer has."""
    www = tmp_path / "www"
    make_site(www, {"index.html": b"gammal", "gone/index.html": b"g"})
    return mark(www)


def empty_dir(tmp_path: Path) -> Path:
    (tmp_path / "www").mkdir()
    return tmp_path / "www"


@pytest.mark.parametrize(
    "path_of",
    [
        pytest.param(marked_publish, id="marked-previous-publish"),
        pytest.param(empty_dir, id="empty"),
        pytest.param(lambda tmp: tmp / "www", id="missing"),
    ],
)
def test_dir_target_replaces_its_own_tree(project, tmp_path, path_of: Callable[[Path], Path]):
    path = path_of(tmp_path)
    project_before = tree(project)
    summary = targets.publish(
        "dir", project / "site", cli_config(project), project, WHEN, dir_path=path
    )
    assert summary.startswith("2 filer kopierade till")
    served = tree(path)
    assert served.pop(MARKER).decode("utf-8").startswith("Den här katalogen")
    assert served == tree(project / "site")  # the site, byte for byte, and the marker
    assert tree(project) == project_before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "proj", "www"]
    # the next publish finds its own marker and replaces the tree again
    targets.publish("dir", project / "site", cli_config(project), project, WHEN, dir_path=path)


def test_publish_to_the_project_root_is_one_line_and_exit_1(project, untouchable, capsys):
    before = tree(project)
    args = ["--root", str(project), "publish", "--target", "dir", "--path", str(project)]
    assert cli.main([*args, "--force", "--reason", "test"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"fel: {project}") and err.count("\n") == 1, err
    assert "projektets katalog" in err
    assert tree(project) == before


def test_the_marker_is_only_in_what_the_dir_target_serves(project, tmp_path):
    """The built site has no marker, so Pages, the bundles and the CMS never see it."""
    targets.publish(
        "dir", project / "site", cli_config(project), project, WHEN, dir_path=tmp_path / "www"
    )
    assert not (project / "site" / MARKER).exists()
    assert (tmp_path / "www" / MARKER).is_file()
    shutil.rmtree(tmp_path / "www")
