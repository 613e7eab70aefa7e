"""Template syntax in data is text, not a leak (issue 14, item 13).

A ``{{ … }}`` or ``{% … %}`` in a KPI description, an area intro or a kommun
name used to stop the whole build as "leaked template syntax": the output check
could not tell escaped data from an unrendered template. The renderer now writes
every brace that comes from data as a character reference, so such text shows as
text and the check still catches what a template itself leaves behind.
"""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from insyn.check import pagechecks
from insyn.site import render
from tests.helpers.mini import copy_mini_inputs
from tests.helpers.project import ROOT, run_build, run_sample

ODD = "{{ 7*7 }} {% if %}"


def _replace_in(path: Path, old: str, new: str) -> None:
    """Replace ``old`` (which must be there) by ``new`` in a text file."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def odd_project(tmp: Path) -> Path:
    """The fixture project with template syntax in a KPI description (via config and
    the sample's kpis.json), an area intro and a kommun's name."""
    root = copy_mini_inputs(tmp)
    _replace_in(
        root / "config.yaml",
        'description: "Andel av de svarande',
        f'description: "{ODD} Andel av de svarande',
    )
    _replace_in(
        root / "content" / "omraden" / "hemtjanst.md",
        "Hemtjänst är hjälp",
        f"{ODD} Hemtjänst är hjälp",
    )
    _replace_in(
        root / "data" / "reference" / "kommuner.csv", "1461,Mellerud,", f"1461,Mellerud {ODD},"
    )
    run_sample(root)
    return root


def test_template_syntax_in_data_builds_and_shows_as_text(tmp_path: Path) -> None:
    root = odd_project(tmp_path)
    out = tmp_path / "site"
    result = run_build(root, out, "--only", "mellerud", "--no-images")
    assert result.returncode == 0, result.stderr[-2000:]
    page = (out / "mellerud" / "hemtjanst" / "index.html").read_text(encoding="utf-8")
    area = (out / "omrade" / "hemtjanst" / "index.html").read_text(encoding="utf-8")
    assert pagechecks.find_leak(pagechecks.SCRIPT.sub("", page)) is None
    assert f"Mellerud {ODD}" in html.unescape(page)
    assert f"{ODD} Andel av de svarande" in html.unescape(page)
    assert f"{ODD} Hemtjänst är hjälp" in html.unescape(area)


@pytest.mark.parametrize(
    "fragment",
    [
        pytest.param("<p>{{ kommun.name }}</p>", id="expression"),
        pytest.param("<p>{% endif %}</p>", id="statement"),
        pytest.param("<p>{{ kommun.name }</p>", id="half-closed"),
    ],
)
def test_a_template_leftover_is_still_a_leak(fragment: str) -> None:
    """What a template leaves behind (written in the template, not from data) is caught."""
    problems, _ = pagechecks.check_page("a/index.html", f"<h1>a</h1>{fragment}", "https://x.se/")
    assert [p.rule for p in problems] == ["leak"]


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("{{ 7*7 }}", id="expression"),
        pytest.param("{% if %}", id="statement"),
        pytest.param("{# note #}", id="comment"),
        pytest.param("}} and %}", id="closers"),
    ],
)
def test_rendered_data_never_holds_template_syntax(value: str) -> None:
    """Data rendered through the page environment cannot look like a leftover."""
    env = render.make_env(ROOT / "templates")
    out = env.from_string('<h1>a</h1><p title="{{ v }}">{{ v }}</p>').render(v=value)
    assert pagechecks.find_leak(out) is None
    assert html.unescape(out).count(value) == 2


def test_markdown_from_content_never_holds_template_syntax() -> None:
    out = render.markdown_to_html("Text {{ x }} and {% if %} and `{{ code }}`")
    assert pagechecks.find_leak(str(out)) is None
    assert "{{ x }}" in html.unescape(str(out))
