"""Templates compiled once per version of the code (build/assemble.py, _keep_compiled):
a later build's workers load them instead of compiling them again (issue 16)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from insyn import inputs
from insyn.build import assemble
from insyn.build.options import PACKAGE
from insyn.site import render
from insyn.write import text

ROOT = Path(__file__).resolve().parents[2]
CODE = inputs.fingerprint([PACKAGE])


def _envs():
    return {
        "text": text.make_text_env(ROOT / "templates"),
        "pages": render.make_env(ROOT / "templates"),
    }


def test_a_second_build_loads_the_templates_the_first_compiled(tmp_path, monkeypatch):
    cache = tmp_path / "jinja"
    first = _envs()
    assemble._keep_compiled(first, cache, CODE)
    first["text"].get_template("text/press.j2")
    first["pages"].get_template("kommun_area.html")
    code = CODE[:16]
    assert [p.name for p in cache.iterdir()] == [code]
    assert any((cache / code / "text").iterdir())
    assert any((cache / code / "pages").iterdir())

    second = _envs()
    assemble._keep_compiled(second, cache, CODE)
    for env in second.values():

        def refuse(*args, **kwargs):
            raise AssertionError("compiled again")

        monkeypatch.setattr(env, "compile", refuse)
    assert second["text"].get_template("text/press.j2").module is not None
    second["pages"].get_template("kommun_area.html")


def test_templates_of_older_code_are_removed(tmp_path):
    cache = tmp_path / "jinja"
    (cache / "0123456789abcdef" / "pages").mkdir(parents=True)
    (cache / "0123456789abcdef" / "pages" / "__jinja2_x.cache").write_bytes(b"old")
    assemble._keep_compiled(_envs(), cache, CODE)
    assert [p.name for p in cache.iterdir()] == [CODE[:16]]


@pytest.mark.parametrize("kind", ["text", "pages"])
def test_each_environment_has_its_own_directory(tmp_path, kind):
    envs = _envs()
    assemble._keep_compiled(envs, tmp_path / "jinja", CODE)
    directory = envs[kind].bytecode_cache.directory  # type: ignore[union-attr]
    assert Path(directory).name == kind


def test_chart_templates_are_built_once_and_read_after(tmp_path: Path):
    """The chart templates (build/assemble.py, _keep_chart_templates): built with altair
    once per version of the code and of altair, read from the cache after; a cache that
    does not read, or one of older code, is built anew."""
    from insyn.write import charts

    cache = tmp_path / "charts"
    (cache).mkdir()
    (cache / "older.json").write_text("{}", encoding="utf-8")
    assemble._keep_chart_templates(cache, CODE)
    [kept] = list(cache.iterdir())
    doc = json.loads(kept.read_bytes())
    assert sorted(doc) == sorted(charts.template_names())
    assert doc["over_time-1.json"] == charts.template("over_time", 1)
    kept.write_text("{not json", encoding="utf-8")
    assemble._keep_chart_templates(cache, CODE)
    assert json.loads(kept.read_bytes()) == doc


def test_the_build_imports_altair_only_to_build_chart_templates():
    """altair's import is a fifth of a second of every night: nothing but a template's
    first build may need it (write/charts.py imports it then)."""
    code = (
        "import sys; import insyn.build.assemble, insyn.pipeline, insyn.cli; "
        "print('altair' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert done.stdout.strip() == "False"
