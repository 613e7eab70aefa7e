"""Write requirements.lock: every package pyproject.toml's core and dev dependencies need,
at the version installed in the venv (run: .venv/bin/python .ci/lock.py > requirements.lock)."""

import re, tomllib, importlib.metadata as md
from packaging.requirements import Requirement

py = tomllib.load(open("pyproject.toml", "rb"))["project"]
roots = py["dependencies"] + py["optional-dependencies"]["dev"]
seen = {}


def norm(n):
    return re.sub(r"[-_.]+", "-", n).lower()


stack = [(Requirement(r), set()) for r in roots]
while stack:
    req, extras = stack.pop()
    n = norm(req.name)
    try:
        dist = md.distribution(req.name)
    except md.PackageNotFoundError:
        continue
    key = (n, frozenset(req.extras))
    if key in seen:
        continue
    seen[key] = dist.version
    for r in dist.requires or []:
        rr = Requirement(r)
        env = {"extra": ""}
        if rr.marker and not any(
            rr.marker.evaluate({"extra": e}) for e in ([""] + list(req.extras))
        ):
            continue
        stack.append((rr, set()))
names = sorted({(k[0], v) for k, v in seen.items()})
print("# Every package the core and dev dependencies of pyproject.toml need, at the versions")
print("# tested; .ci/run and the Makefile install with it as constraints (pip install -c).")
print("# Regenerate: .venv/bin/python .ci/lock.py > requirements.lock (see docs/config.md)")
for n, v in names:
    print(f"{n}=={v}")
