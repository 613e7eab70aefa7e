"""The mini fixture project (tests/fixtures/mini): its inputs copied beside the real
templates and static files, with or without its sample made."""

from __future__ import annotations

import shutil
from pathlib import Path

from .project import ROOT, run_sample
from .snapshot_edit import edited_copy

FIXTURE = ROOT / "tests" / "fixtures" / "mini"


def copy_mini_inputs(tmp: Path) -> Path:
    """A project root with the fixture's inputs and the real templates and static
    files, before its sample is made (a test may edit the inputs first)."""
    root = tmp / "proj"
    root.mkdir()
    for name in ("templates", "static"):
        (root / name).symlink_to(ROOT / name)
    shutil.copyfile(FIXTURE / "config.yaml", root / "config.yaml")
    shutil.copytree(FIXTURE / "content", root / "content")
    shutil.copytree(FIXTURE / "data" / "reference", root / "data" / "reference")
    return root


def make_mini_project(tmp: Path) -> Path:
    """A project root with the fixture's inputs and the real templates and static files."""
    root = copy_mini_inputs(tmp)
    run_sample(root)
    return root


#: The kommun and indicator the incremental test changes: Mellerud, hemtjänst.
CHANGED_KOMMUN = ("1461", "mellerud")


CHANGED_KPI = "U21468"


def changed_snapshot(source: Path, dest: Path) -> int:
    """A copy of the snapshot in which one kommun's latest value of one KPI dropped.
    Returns how many rows changed."""
    code = CHANGED_KOMMUN[0]

    def edit(rows: list[list[str]]) -> int:
        mine = [r for r in rows if r[0] == CHANGED_KPI and r[1] == code and r[4]]
        last = max(int(r[2]) for r in mine)
        for cells in mine:
            if int(cells[2]) == last:
                cells[4] = repr(float(max(0, round(float(cells[4])) - 9)))
        return sum(int(r[2]) == last for r in mine)

    return edited_copy(source, dest, edit)
