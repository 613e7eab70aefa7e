"""Every bad input ends as one clear line (issue 14, item 8): no traceback, exit 1.

Each case runs ``build.py build`` as a user does, on a copy of the fixture project
(tests/fixtures/mini) with one bad input, and expects the project's error format:
one ``fel: …`` line on stderr that names the file or the slug.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers.mini import make_mini_project
from tests.helpers.project import run_build

HEADER = "kpi,municipality,year,gender,value\n"
#: A row the mini snapshot lacks (the sample has no 1999), so only its value can be wrong.
ROW = "U21468,1461,1999,T,{}\n"


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """The fixture project with its sample snapshot, made once for all cases."""
    return make_mini_project(tmp_path_factory.mktemp("bad-input"))


def case_project(base: Path, dest: Path) -> Path:
    """A project that shares ``base``'s inputs but has its own (empty) data/extra/."""
    dest.mkdir()
    for name in ("templates", "static", "content", "config.yaml"):
        (dest / name).symlink_to((base / name).resolve())
    (dest / "data").mkdir()
    for name in ("reference", "sample"):
        (dest / "data" / name).symlink_to(base / "data" / name)
    (dest / "data" / "extra").mkdir()
    return dest


def extra_file(name: str, data: bytes) -> Callable[[Path], None]:
    """Put ``data`` into data/extra/<name>."""
    return lambda root: (root / "data" / "extra" / name).write_bytes(data)


def extra_value(value: str) -> Callable[[Path], None]:
    """An extra CSV whose one row has ``value``."""
    return extra_file("values.csv", (HEADER + ROW.format(value)).encode())


def extra_dir_named_csv(root: Path) -> None:
    (root / "data" / "extra" / "x.csv").mkdir()


def file_named_blocked(root: Path) -> None:
    """A file where --out's parent directory should be: the site cannot be staged there."""
    (root / "blocked").write_text("")


def rehashed(name: str, edit: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    """A copy of the sample snapshot with ``name`` edited and the manifest's hash updated
    to match, as a hand-edited snapshot would be: the hash check passes, the parse must not.
    """

    def setup(root: Path) -> None:
        sample = root / "data" / "sample"
        target = sample.resolve()
        sample.unlink()
        shutil.copytree(target, sample)
        data = edit((sample / name).read_bytes())
        (sample / name).write_bytes(data)
        manifest = json.loads((sample / "manifest.json").read_text(encoding="utf-8"))
        manifest["files"][name] = hashlib.sha256(data).hexdigest()
        (sample / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")

    return setup


def json_as(value: object) -> Callable[[bytes], bytes]:
    return lambda data: json.dumps(value).encode()


def config_edit(old: str, new: str) -> Callable[[Path], None]:
    """config.yaml with ``old`` replaced by ``new`` (a copy, not the shared symlink)."""

    def setup(root: Path) -> None:
        text = (root / "config.yaml").read_text(encoding="utf-8")
        assert old in text
        (root / "config.yaml").unlink()
        (root / "config.yaml").write_text(text.replace(old, new), encoding="utf-8")

    return setup


def unchanged(root: Path) -> None:
    del root


LATIN1 = (HEADER + ROW.format("5") + "U21468,1461,1998,T,5 # Göteborg\n").encode("latin-1")
UTF16 = (HEADER + ROW.format("5")).encode("utf-16")


@pytest.mark.parametrize(
    ("setup", "args", "named"),
    [
        pytest.param(extra_file("latin1.csv", LATIN1), (), ("latin1.csv", "UTF-8"), id="latin-1"),
        pytest.param(extra_file("utf16.csv", UTF16), (), ("utf16.csv", "UTF-8"), id="utf-16"),
        pytest.param(extra_dir_named_csv, (), ("x.csv",), id="directory-named-csv"),
        pytest.param(extra_value("inf"), (), ("values.csv:2", "inf"), id="inf"),
        pytest.param(extra_value("1e309"), (), ("values.csv:2", "1e309"), id="overflow"),
        pytest.param(extra_value("nan"), (), ("values.csv:2", "nan"), id="nan"),
        pytest.param(extra_value("1" * 10_000_000), (), ("values.csv:2", "CSV"), id="10mb-field"),
        pytest.param(extra_value("1_000"), (), ("values.csv:2", "1_000"), id="underscore"),
        pytest.param(
            extra_file("y.csv", (HEADER + "U21468,1461,2099,T,5\n").encode()),
            (),
            ("y.csv:2", "2099", "2026"),
            id="year-after-build",
        ),
        pytest.param(
            extra_file("g.csv", (HEADER + "U07353,1461,1999,K,1\n").encode()),
            (),
            ("g.csv:2", "U07353", "by_gender"),
            id="gender-for-kpi-without",
        ),
        pytest.param(
            file_named_blocked,
            ("--out", "blocked/site"),
            ("--out blocked/site",),
            id="out-unwritable",
        ),
        pytest.param(
            rehashed("observations.csv", lambda d: d.replace(b"1461", "14é1".encode("latin-1"))),
            (),
            ("observations.csv", "UTF-8"),
            id="snapshot-latin-1",
        ),
        pytest.param(
            rehashed("observations.csv", lambda d: d + b"U21468,1461,1999,T,NaN,\n"),
            (),
            ("observations.csv:", "'NaN'"),
            id="snapshot-nan",
        ),
        pytest.param(
            rehashed("observations.csv", lambda d: d + b"U21468,1461,1999,T,inf,\n"),
            (),
            ("observations.csv:", "inf"),
            id="snapshot-inf",
        ),
        pytest.param(
            rehashed("kpis.json", json_as({"id": "N30005"})), (), ("kpis.json",), id="kpis-dict"
        ),
        pytest.param(
            rehashed("kpis.json", json_as([{"id": 5, "title": "x"}])),
            (),
            ("kpis.json", "'id'"),
            id="kpi-id-int",
        ),
        pytest.param(
            rehashed("municipalities.json", json_as([1, 2])),
            (),
            ("municipalities.json",),
            id="municipalities-ints",
        ),
        pytest.param(
            rehashed("groups.json", json_as([{"id": "G1", "title": "G", "members": "0305"}])),
            (),
            ("groups.json", "'members'"),
            id="groups-members-str",
        ),
        pytest.param(
            config_edit("src: favicon.svg", "src: saknas.svg"),
            (),
            ("site.logo.src", "static/saknas.svg"),
            id="logo-missing",
        ),
        pytest.param(
            config_edit("url: https://www.kolada.se/", "url: /om-oss/"),
            (),
            ("config.yaml", "site.footer.links[0].url", "/om-oss/"),
            id="footer-link-to-missing-page",
        ),
        pytest.param(unchanged, ("--only", "../../x"), ("'../../x'",), id="only-path"),
        pytest.param(
            unchanged, ("--only", "melerud"), ("'melerud'", "'mellerud'"), id="only-misspelt"
        ),
        pytest.param(
            unchanged,
            ("--only", "mellerud,melerud"),
            ("'melerud'", "'mellerud'"),
            id="only-list-misspelt",
        ),
    ],
)
def test_bad_input_is_one_line(
    base: Path,
    tmp_path: Path,
    setup: Callable[[Path], None],
    args: tuple[str, ...],
    named: tuple[str, ...],
) -> None:
    root = case_project(base, tmp_path / "proj")
    setup(root)
    result = run_build(root, tmp_path / "site", "--no-images", *args)
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert result.returncode == 1, result.stderr[-3000:]
    lines = [line for line in result.stderr.splitlines() if not line.startswith("INFO ")]
    assert len(lines) == 1 and lines[0].startswith("fel: "), result.stderr[-3000:]
    for name in named:
        assert name in lines[0]
    shutil.rmtree(root / "data" / "extra")
