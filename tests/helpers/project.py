"""The project under test: its root, a minimal valid config, and `build.py` run as a
user runs it (build, sample)."""

from __future__ import annotations

import copy
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


SHARED = ROOT.parent / "shared"


#: One page of every kind in a `--only mellerud` build (the browser checks of issue 7).
PAGE_KINDS = (
    "/",
    "/mellerud/",
    "/mellerud/hemtjanst/",
    "/omrade/hemtjanst/",
    "/lan/vastra-gotaland/",
    "/om/",
    "/metod/",
    "/tillganglighet/",
    "/data/",
    "/404.html",
    "/embed/mellerud/hemtjanst/u21468/",
    "/embed/mellerud/oversikt/",
)


MINIMAL = {
    "site": {
        "title": "Insyn test",
        "base_url": "https://example.se/insyn/",
        "language": "sv",
        "organisation": "Testorganisationen",
        "contact": {"name": "Test", "email": "test@example.se", "url": "https://example.se/"},
    },
    "sources": {
        "kolada": {
            "base_url": "https://api.kolada.se/v3",
            "years": 3,
            "last_year": 2024,
            "per_page": 5000,
            "batch_size": 25,
            "throttle_seconds": 0,
            "timeout_seconds": 5,
            "max_retries": 2,
            "backoff_seconds": 0,
        },
        "extra_dir": "extra",
    },
    "areas": [
        {
            "slug": "aldreomsorg",
            "title": "Äldreomsorg",
            "intro": "omraden/aldreomsorg.md",
            "similar_group": "äldreomsorg",
            "indicators": [
                {
                    "id": "U21468",
                    "title": "Nöjda brukare",
                    "phrase": "andelen brukare som är nöjda",
                    "description": "Andel nöjda.",
                    "unit": "percent",
                    "direction": "higher",
                    "decimals": 0,
                    "by_gender": True,
                },
                {
                    "id": "U23401",
                    "title": "Rutin för något",
                    "phrase": "om kommunen har en rutin för något",
                    "description": "Kommunen uppger om den har en rutin.",
                    "unit": "yesno",
                    "direction": "higher",
                    "decimals": 0,
                    "scale": {1: "Ja", 0: "Nej"},
                },
            ],
        }
    ],
    "thresholds": {
        "max_total_drop": 0.2,
        "max_kpi_drop": 0.3,
        "max_kommun_drop": 0.5,
        "max_deletes": 50,
        "jump_warning": 4.0,
    },
    "publish": {"targets": ["github_pages"]},
}


def make_project(tmp: Path, config_text: str | None = None) -> Path:
    """A project root in ``tmp`` that links the real inputs (data is large: not copied)."""
    root = tmp / "proj"
    root.mkdir()
    for name in ("templates", "static", "content", "data"):
        (root / name).symlink_to(ROOT / name)
    text = (ROOT / "config.yaml").read_text(encoding="utf-8")
    (root / "config.yaml").write_text(config_text or text, encoding="utf-8")
    return root


def run_build(
    root: Path, out: Path, *extra: str, epoch: str = "1767225600", images: bool = False
) -> subprocess.CompletedProcess:
    """`python build.py build` as a user runs it, with a fixed build time."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch, "PYTHONPATH": str(ROOT)}
    args = [
        sys.executable,
        str(ROOT / "build.py"),
        "--root",
        str(root),
        "build",
        "--no-progress",
        "--out",
        str(out),
        *extra,
    ]
    if not images:
        args.append("--no-images")
    return subprocess.run(args, capture_output=True, text=True, env=env, cwd=root, timeout=900)


def run_sample(root: Path, timeout: int = 600) -> None:
    """`python build.py sample` for a project with its own reference tables."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--root", str(root), "sample"]
        + ["--out", str(root / "data" / "sample")],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        cwd=root,
        timeout=timeout,
    )
    assert result.returncode == 0, f"sample generator failed:\n{result.stdout}\n{result.stderr}"


def minimal_raw() -> dict:
    """A fresh deep copy of a small valid config, to be broken by a test."""
    return copy.deepcopy(MINIMAL)
