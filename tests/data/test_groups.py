"""Choosing the Kolada groups the site compares with."""

from __future__ import annotations

import pytest

from insyn.data.groups import parse_similar_title, select_groups


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Liknande kommuner IFO, Mellerud, 2024", ("IFO", "Mellerud", 2024)),
        (
            "Liknande kommuner ekonomiskt bistånd, Upplands Väsby, 2023",
            ("ekonomiskt bistånd", "Upplands Väsby", 2023),
        ),
        ("Liknande kommuner, övergripande, Mellerud, 2025", None),
        ("Stockholms läns kommuner (ovägt medel)", None),
    ],
)
def test_parse_similar_title(title, expected):
    assert parse_similar_title(title) == expected


def _g(gid, title, members=("0114",)):
    return {"id": gid, "title": title, "members": [{"member_id": m} for m in members]}


def test_select_keeps_latest_similar_group_per_kommun_and_kind(reference):
    groups = [
        _g("G1", "Liknande kommuner IFO, Mellerud, 2023"),
        _g("G2", "Liknande kommuner IFO, Mellerud, 2024"),
        _g("G3", "Liknande kommuner LSS, Mellerud, 2024"),
        _g("G4", "Liknande kommuner IFO, Atlantis, 2024"),
        _g("G33612", "Stockholms läns kommuner (ovägt medel)"),
        _g("G92787", "Storstäder (ovägt medel)"),
        _g("G5", "Något annat nätverk (ovägt medel)"),
    ]
    sel = select_groups(groups, reference, ["IFO"])
    assert sel.similar == {("IFO", "1461"): "G2"}
    assert sel.ids == ("G2", "G33612", "G92787")
    assert sel.similar_ids("IFO") == ("G2",) and sel.similar_ids("LSS") == ()
