"""Which Kolada municipality groups the site compares with, and who is in them.

Kolada has thousands of groups. The site uses three kinds: the nine SKR
kommungrupper, the "<län>s kommuner (ovägt medel)" groups and, per area, the
latest "Liknande kommuner <verksamhet>, <kommun>, <år>" group of each kommun.
Kolada publishes a new similar-kommuner group each year under a new id, so the
ids are chosen from the titles at fetch time rather than kept in a table.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from insyn.data.reference import Reference

log = logging.getLogger(__name__)

SIMILAR_TITLE = re.compile(
    r"^Liknande kommuner (?P<kind>[^,]+), (?P<kommun>[^,]+), (?P<year>\d{4})$"
)


@dataclass(frozen=True)
class GroupSelection:
    """The groups a snapshot keeps, and how each kommun maps to them."""

    groups: tuple[dict[str, Any], ...]
    #: (kind, kommun code) -> group id of the latest "Liknande kommuner" group
    similar: Mapping[tuple[str, str], str]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(g["id"] for g in self.groups)

    def similar_ids(self, kind: str) -> tuple[str, ...]:
        return tuple(sorted(gid for (k, _), gid in self.similar.items() if k == kind))


def parse_similar_title(title: str) -> tuple[str, str, int] | None:
    """Split "Liknande kommuner IFO, Mellerud, 2024" into (kind, kommun name, year)."""
    match = SIMILAR_TITLE.match(title)
    if match is None:
        return None
    return match["kind"], match["kommun"], int(match["year"])


def select_groups(
    groups: Iterable[Mapping[str, Any]], reference: Reference, kinds: Iterable[str]
) -> GroupSelection:
    """Keep the SKR, län and latest similar-kommuner groups of the wanted kinds."""
    wanted_kinds = set(kinds)
    fixed_ids = {g.id for g in reference.kommungrupper} | {lan.group_id for lan in reference.lan}
    code_by_name = {k.name: k.code for k in reference.kommuner}
    kept: dict[str, dict[str, Any]] = {}
    best: dict[tuple[str, str], tuple[int, str]] = {}
    for group in groups:
        gid = str(group["id"])
        if gid in fixed_ids:
            kept[gid] = dict(group)
            continue
        parsed = parse_similar_title(str(group.get("title", "")))
        if parsed is None or parsed[0] not in wanted_kinds:
            continue
        kind, name, year = parsed
        code = code_by_name.get(name)
        if code is None:
            log.warning("group %s names an unknown kommun %r; skipped", gid, name)
            continue
        if (kind, code) not in best or best[(kind, code)] < (year, gid):
            best[(kind, code)] = (year, gid)
            kept[gid] = dict(group)
    similar = {key: gid for key, (_, gid) in sorted(best.items())}
    used = fixed_ids | set(similar.values())
    missing = sorted(fixed_ids - set(kept))
    if missing:
        log.warning("Kolada has no group with id %s", ", ".join(missing))
    chosen = tuple(kept[gid] for gid in sorted(kept) if gid in used)
    return GroupSelection(groups=chosen, similar=similar)
