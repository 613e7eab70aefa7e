"""End to end: build a small fixture site and compare it with a committed tree.

The fixture (tests/fixtures/mini/) is config.yaml cut down to two areas and
five indicators, with eight kommuner in two län; its snapshot is made by the
project's seeded sample generator, so the whole site is a pure function of
the fixture and the code. Any change in what a build writes shows up here as
a diff against tests/expected/mini/. After an intended change, rewrite the
expected tree with ``make expected`` (``UPDATE_EXPECTED=1``) and review the
diff like code.

Eight kommuner, not five: the sample generator gives every kommun seven
"Liknande kommuner" (``sample.SIMILAR_SIZE``) and fails with fewer than
eight kommuner in the reference tables.

The same file checks the incremental build: a second build with nothing
changed touches nothing, and a build after one kommun's value changed keeps
the unchanged files as hard links of the live ones.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import re
import shutil
from pathlib import Path

import pytest

from tests.helpers.mini import CHANGED_KOMMUN, changed_snapshot, make_mini_project
from tests.helpers.project import ROOT, run_build

EXPECTED = ROOT / "tests" / "expected" / "mini"
#: sha256 of the built files too large to keep in EXPECTED (sha256sum format).
EXPECTED_HASHES = ROOT / "tests" / "expected" / "mini.sha256"
HASH_ONLY = frozenset({"assets/vega.js"})
MANIFEST = "manifest.json"
IGNORED = "<ignored: hashes the code>"
UPDATE = os.environ.get("UPDATE_EXPECTED") == "1"
HINT = "run `make expected` after an intended change (and review the diff)"
MAX_DIFFS = 3
MAX_DIFF_LINES = 60

UNCHANGED_AREA = "ifo"
SUMMARY_RE = re.compile(
    r"Skrev (\d+) filer, återanvände (\d+) oförändrade; "
    r"(\d+) kommun×område byggda, (\d+) återanvända\."
)


# ------------------------------------------------------------------ the project


@pytest.fixture(scope="module")
def mini(tmp_path_factory) -> Path:
    return make_mini_project(tmp_path_factory.mktemp("mini"))


@pytest.fixture(scope="module")
def built(mini: Path) -> Path:
    """The fixture site, built once for the tests that only read it."""
    out = mini.parent / "site"
    result = run_build(mini, out, "--snapshot", str(mini / "data" / "sample"))
    assert result.returncode == 0, result.stderr
    return out


# ------------------------------------------------------------------ the comparison


def read_tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` by relative POSIX path."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def normalised_manifest(data: bytes) -> bytes:
    """The site manifest without what hashes the code: the input fingerprint and the keys
    of the groups and their parts.

    They change with any edit of insyn/ (even a comment) while the site stays
    the same; what the manifest says about the files and groups is compared.
    """
    doc = json.loads(data)
    doc["inputs"] = IGNORED
    for group in doc.get("groups", {}).values():
        group["key"] = IGNORED
        for part in group.get("parts", {}).values():
            part[0] = IGNORED
    return (json.dumps(doc, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode("utf-8")


def comparable(tree: dict[str, bytes]) -> tuple[dict[str, bytes], dict[str, str]]:
    """The files as stored in EXPECTED, and the sha256 of the files stored only as a hash."""
    files = {p: d for p, d in tree.items() if p not in HASH_ONLY}
    if MANIFEST in files:
        files[MANIFEST] = normalised_manifest(files[MANIFEST])
    hashes = {p: hashlib.sha256(d).hexdigest() for p, d in tree.items() if p in HASH_ONLY}
    return files, hashes


def format_hashes(hashes: dict[str, str]) -> str:
    return "".join(f"{h}  {p}\n" for p, h in sorted(hashes.items()))


def parse_hashes(text: str) -> dict[str, str]:
    out = {}
    for line in text.splitlines():
        if line.strip():
            digest, path = line.split(None, 1)
            out[path.strip()] = digest
    return out


def text_diff(path: str, expected: bytes, actual: bytes) -> list[str] | None:
    """A unified diff (at most MAX_DIFF_LINES lines), or None for binary files."""
    try:
        old, new = expected.decode("utf-8"), actual.decode("utf-8")
    except UnicodeDecodeError:
        return None
    diff = list(
        difflib.unified_diff(
            old.splitlines(),
            new.splitlines(),
            f"expected/{path}",
            f"built/{path}",
            lineterm="",
        )
    )
    if len(diff) > MAX_DIFF_LINES:
        diff = diff[:MAX_DIFF_LINES] + [f"... ({len(diff) - MAX_DIFF_LINES} more diff lines)"]
    return diff


def compare(
    files: dict[str, bytes],
    hashes: dict[str, str],
    expected: dict[str, bytes],
    expected_hashes: dict[str, str],
) -> str | None:
    """A report of every difference between the built and the expected tree, or None."""
    missing = sorted(set(expected) - set(files))
    extra = sorted(set(files) - set(expected))
    changed = sorted(p for p in set(files) & set(expected) if files[p] != expected[p])
    changed += sorted(p for p in HASH_ONLY if hashes.get(p) != expected_hashes.get(p))
    if not (missing or extra or changed):
        return None
    lines = ["the built fixture site differs from tests/expected/mini/:"]
    lines += [f"  missing (expected, not built): {p}" for p in missing]
    lines += [f"  extra (built, not expected):   {p}" for p in extra]
    lines += [f"  changed:                       {p}" for p in changed]
    shown = 0
    for path in changed:
        if shown >= MAX_DIFFS or path in HASH_ONLY:
            continue
        diff = text_diff(path, expected[path], files[path])
        if diff is not None:
            lines += ["", *diff]
            shown += 1
    lines += ["", HINT]
    return "\n".join(lines)


def write_expected(files: dict[str, bytes], hashes: dict[str, str]) -> None:
    """Replace EXPECTED (stale files go) and the hash list with this build's output."""
    if EXPECTED.exists():
        shutil.rmtree(EXPECTED)
    for path, data in sorted(files.items()):
        target = EXPECTED / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    EXPECTED_HASHES.write_text(format_hashes(hashes), encoding="utf-8")


def test_site_matches_expected_tree(built: Path):
    files, hashes = comparable(read_tree(built))
    if UPDATE:
        write_expected(files, hashes)
    assert EXPECTED.is_dir(), f"tests/expected/mini/ is missing: {HINT}"
    expected = read_tree(EXPECTED)
    expected_hashes = parse_hashes(
        EXPECTED_HASHES.read_text(encoding="utf-8") if EXPECTED_HASHES.exists() else ""
    )
    report = compare(files, hashes, expected, expected_hashes)
    assert report is None, report


def test_comparison_reports_differences():
    """The comparison itself can fail, and says where and how."""
    expected = {"a.html": b"<p>ett</p>\n", "gone.txt": b"x", MANIFEST: b"{}"}
    files = {"a.html": b"<p>tv\xc3\xa5</p>\n", "new.txt": b"y", MANIFEST: b"{}"}
    report = compare(files, {"assets/vega.js": "1"}, expected, {"assets/vega.js": "2"})
    assert report is not None
    assert "missing (expected, not built): gone.txt" in report
    assert "extra (built, not expected):   new.txt" in report
    assert "changed:                       a.html" in report
    assert "changed:                       assets/vega.js" in report
    assert "-<p>ett</p>" in report and "+<p>två</p>" in report
    assert "make expected" in report
    assert compare(expected, {}, expected, {"assets/vega.js": "2"}) is not None  # not built
    assert compare(files, {"assets/vega.js": "1"}, files, {"assets/vega.js": "1"}) is None


def test_manifest_ignores_only_code_hashes():
    doc = {
        "inputs": "abc",
        "files": {"a": ["1", 2]},
        "groups": {"k/a": {"key": "x", "files": ["a"], "links": []}},
    }
    other = {**doc, "inputs": "def", "groups": {"k/a": {"key": "y", "files": ["a"], "links": []}}}
    assert normalised_manifest(json.dumps(doc).encode()) == normalised_manifest(
        json.dumps(other).encode()
    )
    moved = {**doc, "files": {"a": ["2", 2]}}
    assert normalised_manifest(json.dumps(doc).encode()) != normalised_manifest(
        json.dumps(moved).encode()
    )


# ------------------------------------------------------------------ incremental builds


def stats(root: Path) -> dict[str, tuple[int, int]]:
    """(inode, mtime_ns) of every file and directory under root, and of root itself."""
    paths = [root, *sorted(root.rglob("*"))]
    return {p.relative_to(root).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns) for p in paths}


def test_second_build_is_a_noop(mini: Path, built: Path):
    before = stats(built)
    beside = sorted(p.name for p in built.parent.iterdir())
    result = run_build(mini, built, "--snapshot", str(mini / "data" / "sample"))
    assert result.returncode == 0, result.stderr
    assert "Inget har ändrats" in result.stdout, result.stdout
    after = stats(built)
    touched = sorted(p for p in set(before) | set(after) if before.get(p) != after.get(p))
    assert not touched, f"a no-op build touched {len(touched)} paths, e.g. {touched[:10]}"
    assert sorted(p.name for p in built.parent.iterdir()) == beside


def test_build_after_a_change_reuses_unchanged_files(mini: Path, built: Path, tmp_path: Path):
    # a copy of the built site, so that this test leaves `built` as the others expect it
    site = tmp_path / "site"
    shutil.copytree(built, site)
    snap = tmp_path / "snap-changed"
    assert changed_snapshot(mini / "data" / "sample", snap) >= 1
    slug = CHANGED_KOMMUN[1]
    changed_page = f"{slug}/hemtjanst/index.html"
    before_bytes = (site / changed_page).read_bytes()
    before = stats(site)
    before_tree = read_tree(site)

    result = run_build(mini, site, "--snapshot", str(snap))

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Byggde "), result.stdout
    assert "återanvände" in lines[1], result.stdout
    match = SUMMARY_RE.fullmatch(lines[1])
    assert match, lines[1]
    written, linked, groups_built, groups_reused = map(int, match.groups())
    kommuner = len((mini / "data" / "reference" / "kommuner.csv").read_text().splitlines()) - 1
    # the changed KPI's area is rebuilt for every kommun (ranks move), the other area is not
    assert (groups_built, groups_reused) == (kommuner, kommuner)
    assert linked > 0 and written > 0
    # inside the groups built, the embed pages and downloads of the indicators that did
    # not change were kept, and their figures read from the figure cache (issue 16)
    parts = re.search(
        r"(\d+) inbäddningar och nedladdningar behållna, diagram för (\d+) nyckeltal ur "
        r"cachen och (\d+) ritade",
        result.stderr,
    )
    assert parts, result.stderr
    kept_parts, kept_figures, drawn = map(int, parts.groups())
    assert kept_parts > 0 and kept_figures > 0 and drawn > 0, parts[0]
    after = stats(site)
    after_tree = read_tree(site)
    differ = {p for p in before_tree.keys() & after_tree.keys() if before_tree[p] != after_tree[p]}
    differ.discard(MANIFEST)
    assert lines[2] == (
        f"Jämfört med förra webbplatsen: {len(differ)} ändrade, "
        f"{len(after_tree.keys() - before_tree.keys())} nya och "
        f"{len(before_tree.keys() - after_tree.keys())} borttagna filer."
    ), result.stdout
    assert changed_page in differ
    assert (site / changed_page).read_bytes() != before_bytes
    assert after[changed_page][0] != before[changed_page][0]
    kept = sorted(
        p
        for p in before
        if (p.split("/")[1:2] == [UNCHANGED_AREA] or p.split("/")[2:3] == [UNCHANGED_AREA])
        and p.endswith((".html", ".csv", ".json", ".txt", ".md"))
    )
    kept += ["assets/style.css", "assets/vega.js", "om/index.html"]
    assert len(kept) > 2 * kommuner
    moved = [p for p in kept if after.get(p, (None,))[0] != before[p][0]]
    assert not moved, f"unchanged files were written anew: {moved[:10]}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "snap-changed"]


def test_a_carried_over_group_keeps_its_text_notice(tmp_path: Path):
    """A group carried over from the live site (its key, which hashes its press text,
    unchanged) is not checked again: its textcheck notice is the last build's
    (assemble.old_rules), reported again, so a one-kommun night still lists it."""
    root = make_mini_project(tmp_path)
    pins = root / "content" / "kommuner"
    pins.mkdir()
    # a pinned headline without a verb breaks a rule of textcheck (issue 13)
    slug = CHANGED_KOMMUN[1]
    pin = (
        f"---\npinned:\n  {UNCHANGED_AREA}:\n    year: 2025\n"
        '    headline: "Socialtjänsten i Mellerud"\n---\n'
    )
    (pins / f"{slug}.md").write_text(pin, encoding="utf-8")
    site = tmp_path / "site"
    first = run_build(root, site, "--snapshot", str(root / "data" / "sample"))
    assert first.returncode == 0, first.stderr
    prefix = f"Varning: {slug}/{UNCHANGED_AREA}: ["
    warned = [line for line in first.stdout.splitlines() if line.startswith(prefix)]
    assert len(warned) == 1, first.stdout
    snap = tmp_path / "snap-changed"
    assert changed_snapshot(root / "data" / "sample", snap) >= 1

    second = run_build(root, site, "--snapshot", str(snap))

    assert second.returncode == 0, second.stderr
    match = SUMMARY_RE.fullmatch(second.stdout.splitlines()[1])
    assert match and int(match.group(4)) > 0, second.stdout  # groups carried over
    assert [line for line in second.stdout.splitlines() if line.startswith(prefix)] == warned
    manifest = json.loads((site / MANIFEST).read_text(encoding="utf-8"))
    assert [n["area"] for n in manifest["info"]["notices"] if n["kommun"] == slug] == [
        UNCHANGED_AREA
    ]


def test_a_build_after_site_was_removed_carries_every_group_over(mini: Path, tmp_path: Path):
    """Issue 16: site/ removed, the caches kept (.cache/ holds the spare tree): every
    kommun × area whose key holds is carried over, not built, and the site is byte for
    byte what it was."""
    site = tmp_path / "site"
    result = run_build(mini, site, "--snapshot", str(mini / "data" / "sample"))
    assert result.returncode == 0, result.stderr
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    shutil.rmtree(site)

    result = run_build(mini, site, "--snapshot", str(mini / "data" / "sample"))

    assert result.returncode == 0, result.stderr
    match = SUMMARY_RE.fullmatch(result.stdout.splitlines()[1])
    assert match, result.stdout
    written, _, groups_built, groups_reused = map(int, match.groups())
    assert (written, groups_built) == (0, 0) and groups_reused > 0, result.stdout
    after = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
