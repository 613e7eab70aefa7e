"""Group keys (issue 16): what moves with other kommuner's values stays out of a key
unless the group's pages show it."""

from __future__ import annotations

import pytest

from insyn.analyse.analysis import Rank
from insyn.build.assemble import _shown_rank


@pytest.mark.parametrize(
    ("most_a", "most_b", "same"),
    [
        # Mellerud's 100 → 97 procent: the crowd at 100 one smaller, still a crowd
        pytest.param(120, 119, True, id="crowd-one-smaller"),
        pytest.param(20, 21, True, id="no-crowd-either-way"),
        # a crowd forms (a third of 286 is 95.3): the pages say so, the key must change
        pytest.param(95, 96, False, id="a-crowd-forms"),
    ],
)
def test_a_rank_key_changes_only_with_what_pages_show(most_a, most_b, same):
    a = Rank(rank=5, n=286, band="top", tied=1, most_tied=most_a)
    b = Rank(rank=5, n=286, band="top", tied=1, most_tied=most_b)
    assert (repr(_shown_rank(a)) == repr(_shown_rank(b))) is same
    assert _shown_rank(a).beside_crowd == a.beside_crowd


def test_no_rank_stays_none():
    assert _shown_rank(None) is None
