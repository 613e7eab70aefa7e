"""Write requirements.lock: every package that pyproject.toml's core and dev dependencies
need, at the version installed in the venv, so CI installs the same transitive versions.

Run: .venv/bin/python .ci/lock.py > requirements.lock
"""

from __future__ import annotations

import importlib.metadata as md
import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

HEADER = """\
# Every package the core and dev dependencies of pyproject.toml need, at the versions
# tested; .ci/run (make test) and the Makefile install with it as constraints (pip -c).
# Regenerate: .venv/bin/python .ci/lock.py > requirements.lock"""


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def closure(roots: list[str]) -> dict[str, str]:
    """{name: installed version} of ``roots`` and everything they require here."""
    found: dict[str, str] = {}
    stack = [Requirement(r) for r in roots]
    while stack:
        req = stack.pop()
        if norm(req.name) in found:
            continue
        try:
            dist = md.distribution(req.name)
        except md.PackageNotFoundError:
            continue
        found[norm(req.name)] = dist.version
        for line in dist.requires or []:
            sub = Requirement(line)
            extras = [""] + sorted(req.extras)
            if sub.marker is None or any(sub.marker.evaluate({"extra": e}) for e in extras):
                stack.append(sub)
    return found


def main() -> None:
    text = (Path(__file__).resolve().parent.parent / "pyproject.toml").read_text("utf-8")
    project = tomllib.loads(text)["project"]
    pins = closure(project["dependencies"] + project["optional-dependencies"]["dev"])
    print(HEADER)
    for name in sorted(pins):
        print(f"{name}=={pins[name]}")


if __name__ == "__main__":
    main()
