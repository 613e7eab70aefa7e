"""The figure cache (issue 16): figures come back from it equal to those drawn, and a file
that is missing, of another format, cut short or damaged is a miss, never an error."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from insyn.build import shared
from insyn.build.figurecache import FORMAT, FigureCache, Kept, decode, encode
from insyn.write.figures import Figure, Note

GID = "mellerud/hemtjanst"


@pytest.fixture(scope="module")
def mellerud_figures(sample_model, reference):
    """Every indicator's figures of Mellerud on the sample, by (area, indicator)."""
    code = reference.kommun_by_slug("mellerud").code
    return {
        (area, ind): shown
        for (c, area), by_ind in sample_model.figures.items()
        if c == code
        for ind, shown in by_ind.items()
    }


def test_figures_come_back_equal_and_with_the_same_repr(mellerud_figures):
    kinds = {type(item) for shown in mellerud_figures.values() for item in shown}
    assert kinds == {Figure, Note}  # both shapes are exercised
    for shown in mellerud_figures.values():
        back = decode(encode(shown))
        assert back == tuple(shown)
        # the embed pages' keys hash a figure's repr: a kept figure must key alike
        assert repr(back) == repr(tuple(shown))


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("", id="empty"),
        pytest.param('[{"figure": ["a", "b"]}]', id="short-figure"),
        pytest.param('[{"note": ["a"]}]', id="short-note"),
        pytest.param("[1]", id="not-an-object"),
        pytest.param(
            '[{"figure": ["id", "over_time", {}, "t", "d"], "table": null}]', id="no-table"
        ),
    ],
)
def test_what_is_no_figure_does_not_decode(line):
    with pytest.raises(ValueError):
        decode(line)


def entries(key: str, shown_by_ind: dict) -> dict[str, tuple[str, str]]:
    return {ind: (key, encode(shown)) for ind, shown in shown_by_ind.items()}


def test_a_missing_or_foreign_file_is_empty(tmp_path: Path):
    cache = FigureCache(tmp_path)
    assert cache.load(GID) == Kept({})
    path = tmp_path / "mellerud" / "hemtjanst.txt"
    path.parent.mkdir()
    path.write_text("insyn-figures 1\nU1\tk\t[]", encoding="utf-8")
    assert cache.load(GID) == Kept({})
    path.write_bytes(b"\xff\xfe not utf-8")
    assert cache.load(GID) == Kept({})


def test_changed_lines_are_appended_and_the_last_one_counts(tmp_path: Path, mellerud_figures):
    shown = [s for (area, _), s in sorted(mellerud_figures.items()) if area == "hemtjanst"]
    assert len(shown) >= 3
    first = {f"I{i}": ("k1", encode(s)) for i, s in enumerate(shown)}
    cache = FigureCache(tmp_path)
    cache.save(GID, first, cache.load(GID))
    kept = cache.load(GID)
    assert kept == Kept(first, len(first))
    # one indicator's figures drawn anew: one line appended, the rest untouched
    second = {**first, "I0": ("k2", encode(shown[1]))}
    cache.save(GID, second, kept)
    kept = cache.load(GID)
    assert kept.entries == second and kept.lines == len(first) + 1
    assert decode(kept.entries["I0"][1]) == tuple(shown[1])
    # nothing changed: nothing written
    path = tmp_path / "mellerud" / "hemtjanst.txt"
    before = path.stat().st_mtime_ns, path.read_bytes()
    cache.save(GID, second, kept)
    assert (path.stat().st_mtime_ns, path.read_bytes()) == before
    # grown past twice its indicators: written anew, whole
    for n in range(len(first) + 2):
        latest = {**second, "I1": (f"k{n + 3}", encode(shown[n % len(shown)]))}
        cache.save(GID, latest, cache.load(GID))
    kept = cache.load(GID)
    assert kept.entries == latest and kept.lines <= 2 * len(first)
    assert path.read_text(encoding="utf-8").split("\n")[0] == FORMAT


def test_a_line_cut_short_is_computed_again(tmp_path: Path, mellerud_figures):
    shown = next(iter(mellerud_figures.values()))
    cache = FigureCache(tmp_path)
    cache.save(GID, {"I0": ("k1", encode(shown))}, Kept({}))
    path = tmp_path / "mellerud" / "hemtjanst.txt"
    # a run killed while it appended: the last line stops half way
    line = f"I0\tk2\t{encode(shown)}"
    with path.open("a", encoding="utf-8") as fh:
        fh.write("\n" + line[: len(line) // 2])
    key, text = cache.load(GID).entries["I0"]
    assert key == "k2"
    with pytest.raises(ValueError):
        decode(text)


def test_a_dropped_indicator_rewrites_the_file(tmp_path: Path, mellerud_figures):
    shown = next(iter(mellerud_figures.values()))
    cache = FigureCache(tmp_path)
    both = {"I0": ("k", encode(shown)), "I1": ("k", encode(shown))}
    cache.save(GID, both, Kept({}))
    cache.save(GID, {"I0": both["I0"]}, cache.load(GID))
    assert cache.load(GID) == Kept({"I0": both["I0"]}, 1)


def test_named_objects_cross_processes_as_themselves(config, reference):
    """The workers send facts back to the main process with their area, indicator and
    kommun by name (build/shared.py): unpickled, they are the main process's objects."""
    from multiprocessing.reduction import ForkingPickler

    area = config.areas[0]
    ind = area.indicators[0]
    kommun = reference.kommuner[0]
    with shared.sharing(config.areas, reference.kommuner):
        data = bytes(ForkingPickler.dumps((area, ind, kommun)))
        back = pickle.loads(data)
        assert back[0] is area and back[1] is ind and back[2] is kommun
        assert len(data) < 200  # names, not the configuration
    # outside the block (or an object not the one named) they are pickled whole
    whole = pickle.loads(bytes(ForkingPickler.dumps((area, ind, kommun))))
    assert whole == (area, ind, kommun) and whole[0] is not area
