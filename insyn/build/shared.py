"""The configuration's areas and indicators, and the kommuner, sent between the build's
processes by name (issue 16).

A worker answers with each kommun's facts, and every fact names its indicator, its area
and its kommun: pickled whole, the configuration went back to the main process with
each of 290 kommuner, 14 of the 22 MB a one-kommun night sent, and the main process
unpickled it while the workers waited for a core. Both sides hold the same objects (the
workers are forked from the main process after :func:`sharing` names them), so a name
is enough; an object that is not the one named (a copy, another configuration) is
pickled as before.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from multiprocessing.reduction import ForkingPickler
from typing import Any

from insyn.config import Area, Indicator
from insyn.data.reference import Kommun

_NAMED: dict[tuple[str, str], object] = {}


def _named(kind: str, name: str) -> object:
    return _NAMED[(kind, name)]


def _reducer(kind: str, attr: str) -> Any:
    def reduce(obj: Any) -> Any:
        name = getattr(obj, attr)
        if _NAMED.get((kind, name)) is obj:
            return (_named, (kind, name))
        return obj.__reduce_ex__(5)

    return reduce


ForkingPickler.register(Area, _reducer("area", "slug"))
ForkingPickler.register(Indicator, _reducer("indicator", "id"))
ForkingPickler.register(Kommun, _reducer("kommun", "code"))


@contextmanager
def sharing(areas: Iterable[Area], kommuner: Iterable[Kommun]) -> Iterator[None]:
    """Name these areas, their indicators and these kommuner while the block runs: fork
    the workers inside it."""
    for area in areas:
        _NAMED[("area", area.slug)] = area
        for ind in area.indicators:
            _NAMED.setdefault(("indicator", ind.id), ind)
    for k in kommuner:
        _NAMED[("kommun", k.code)] = k
    try:
        yield
    finally:
        _NAMED.clear()
