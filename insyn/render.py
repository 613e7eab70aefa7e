"""The Jinja environment and page rendering: contexts in, HTML strings out.

Autoescape is on for every template and undefined variables fail the build
(StrictUndefined), so a value from data can never become markup and a typo in
a template can never print an empty hole on a public page. Links are written
relative to the page, so the site works under any base path and from disk.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    pass_context,
    select_autoescape,
)
from markupsafe import Markup

from . import charts, sv


def make_env(template_dir: Path, override_dir: Path | None = None) -> Environment:
    """An environment that looks in the override directory first.

    An override can extend the built-in template of the same name through the
    ``base:`` prefix: ``{% extends "base:kommun.html" %}``.
    """
    loaders = []
    if override_dir is not None:
        loaders.append(FileSystemLoader(str(override_dir)))
    builtin = FileSystemLoader(str(template_dir))
    loaders += [PrefixLoader({"base": builtin}, delimiter=":"), builtin]
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=select_autoescape(("html", "xml", "svg"), default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["num"] = sv.format_number
    env.filters["chart_json"] = lambda chart: Markup(charts.spec_json(chart))
    env.filters["year"] = sv.format_year
    env.globals["link"] = link
    return env


def relative_url(from_url: str, to_url: str) -> str:
    """The relative link from one site URL ("/a/b/") to another ("/c/", "/assets/x.css")."""
    from_dir = from_url if from_url.endswith("/") else posixpath.dirname(from_url) + "/"
    rel = posixpath.relpath(to_url, from_dir)
    if to_url.endswith("/") and not rel.endswith("/"):
        rel += "/"
    return "./" if rel in (".", "./") else rel


@pass_context
def link(ctx: Any, target: str) -> str:
    """Template helper: ``{{ link('/mellerud/') }}`` relative to the page being rendered."""
    return relative_url(ctx["page_url"], target)


def markdown_to_html(text: str, drop_title: bool = True) -> Markup:
    """Markdown from content/ as HTML, with raw HTML shown as text, never as markup.

    The first "# " heading is dropped when ``drop_title`` (the page has its own h1),
    and the remaining headings move one level down.
    """
    import markdown

    if drop_title:
        text = re.sub(r"\A\s*#\s[^\n]*\n", "", text)
    md = markdown.Markdown(extensions=[], output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    html = md.convert(text)
    html = re.sub(r"<(/?)h([1-5])>", lambda m: f"<{m[1]}h{int(m[2]) + 1}>", html)
    html = re.sub(r'href="(?!https?://|mailto:|/|#|\.)[^"]*"', 'href="#"', html)
    return Markup(html)


def url_to_path(url: str) -> str:
    """Where a page URL lives in the output tree: "/a/" → "a/index.html"."""
    path = url.lstrip("/")
    return path + "index.html" if path == "" or path.endswith("/") else path


def render_page(env: Environment, page: Any, common: Mapping[str, Any]) -> tuple[str, str]:
    """One page of the plan as (output path, HTML)."""
    template = env.get_template(page.template)
    html = template.render({**common, **page.context, "page_url": page.url})
    return url_to_path(page.url), html


def render_pages(
    env: Environment, pages: Sequence[Any], common: Mapping[str, Any]
) -> dict[str, bytes]:
    """Render every page of the plan; keys are output paths."""
    out: dict[str, bytes] = {}
    for page in pages:
        path, html = render_page(env, page, common)
        out[path] = html.encode("utf-8")
    return out
