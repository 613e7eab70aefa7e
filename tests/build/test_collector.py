"""The cycle collector during a build (build/collector.py): off, and back as it was;
the inherited heap frozen; one kommun's cyclic garbage swept."""

from __future__ import annotations

import gc
import weakref

import pytest

from insyn.build import collector


@pytest.mark.parametrize("enabled", [True, False])
def test_paused_turns_the_collector_off_and_back_as_it_was(enabled: bool) -> None:
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        with collector.paused():
            assert not gc.isenabled()
        assert gc.isenabled() is enabled
        with pytest.raises(RuntimeError), collector.paused():
            raise RuntimeError("a failed build")
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_frozen_keeps_what_exists_out_of_collections_until_the_block_ends() -> None:
    assert gc.get_freeze_count() == 0
    with collector.frozen():
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0


class _Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: reference counting alone never frees it


def test_sweep_frees_the_cycles_a_kommun_left_while_the_collector_is_off() -> None:
    with collector.paused():
        node = _Node()
        gone = weakref.ref(node)
        del node
        assert gone() is not None  # the cycle outlives its last name
        assert collector.sweep() >= 1
        assert gone() is None
