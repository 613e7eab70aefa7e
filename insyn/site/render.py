"""The Jinja environment and page rendering: contexts in, HTML strings out.

Autoescape is on for every template and undefined variables fail the build
(StrictUndefined), so a value from data can never become markup and a typo in
a template can never print an empty hole on a public page. Template syntax in
data ("{{", "{%", "}}" …) is written with a brace as a character reference
(``neutral_braces``), so the output check's "leak" rule only ever finds what a
template itself left behind (issue 14, item 13). Links are written
relative to the page, so the site works under any base path and from disk.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    pass_context,
    pass_eval_context,
    select_autoescape,
)
from jinja2.nodes import EvalContext
from markupsafe import Markup, escape

from insyn.site import urls
from insyn.write import charts, sv


def make_env(template_dir: Path, override_dir: Path | None = None) -> Environment:
    """An environment that looks in the override directory first.

    An override can extend the built-in template of the same name through the
    ``base:`` prefix: ``{% extends "base:kommun.html" %}``.
    """
    loaders: list[BaseLoader] = []
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
        finalize=finalize,
        # a build never edits its templates: without this, every include of every page
        # stats its template file (77 000 stats on a one-kommun night, issue 16)
        auto_reload=False,
    )
    env.filters["num"] = sv.format_number
    env.filters["table_rows"] = table_rows
    env.filters["chart_json"] = lambda chart: Markup(charts.spec_json(chart))
    env.filters["year"] = sv.format_year
    env.globals["link"] = link
    return env


#: The brace of a template delimiter: "{" before "{", "%" or "#"; "}" after "}", "%" or "#".
DELIMITER_BRACE = re.compile(r"\{(?=[{%#])|(?<=[}%#])\}")


def neutral_braces(html: str) -> str:
    """HTML with no template delimiter left: each delimiter's brace as ``&#123;``/``&#125;``.

    A reader (and every HTML parser) sees the same characters, but the raw text
    can no longer hold "{{", "{%", "{#", "}}", "%}" or "#}". Only braces that
    form a delimiter change, so CSS or JSON in an editor's raw HTML keeps its
    braces. Must only be applied where character references are decoded (HTML
    text and attribute values), never to the JSON of a ``<script>``.
    """
    if "{" not in html and "}" not in html:
        return html
    return DELIMITER_BRACE.sub(lambda m: "&#123;" if m[0] == "{" else "&#125;", html)


@pass_eval_context
def finalize(eval_ctx: EvalContext, value: Any) -> Any:
    """Every ``{{ … }}`` output of the page templates: text from data made delimiter-free.

    Why here and not in the output check: the check reads finished HTML, where
    "{{ 7*7 }}" from a KPI description and an unrendered "{{ kommun.name }}"
    look the same, and one odd string in Kolada's metadata would stop every
    night's build. Every value from data reaches a page through an expression,
    so neutralising it here leaves the check sound: a raw delimiter in the
    output can only come from a template's own text. Markup is left alone: it is
    built by code (chart and JSON-LD in ``<script>``, where a character reference
    would not be decoded) or by ``markdown_to_html``, which neutralises its own.
    """
    if not eval_ctx.autoescape or not isinstance(value, str) or isinstance(value, Markup):
        return value
    if "{" not in value and "}" not in value:
        # nothing to neutralise: Jinja escapes the value itself (the compiled template
        # calls escape(finalize(value))), and most of a page's 190 values take this way
        return value
    return Markup(neutral_braces(str(escape(value))))


@functools.lru_cache(maxsize=1 << 16)
def _cell(value: Any) -> str:
    """One table cell as ``{{ cell }}`` prints it (finalize, then Jinja's escape)."""
    if isinstance(value, Markup):
        return str(value)
    return neutral_braces(str(escape(value))) if isinstance(value, str) else str(escape(value))


@functools.lru_cache(maxsize=1 << 12)
def table_rows(rows: tuple[tuple[Any, ...], ...]) -> Markup:
    """A data table's body rows, as ``_datatable.html`` printed them cell by cell.

    Why in code: a table of ten years and four series is fifty template outputs, and
    every kommun × area page and its embeds print the same tables (issue 16: a third
    of a whole rebuild went to escaping cells one by one). Cached by value: the page
    and its embed share each table.
    """
    out = []
    for row in rows:
        cells = "".join(f"<td>{_cell(c)}</td>" for c in row[1:])
        out.append(f'<tr><th scope="row">{_cell(row[0])}</th>{cells}</tr>')
    return Markup("\n".join(out))


def relative_url(from_url: str, to_url: str) -> str:
    """The relative link from one site URL ("/a/b/") to another ("/c/", "/assets/x.css").

    Both are absolute paths of the site, so the link is the climb out of the page's
    directory and the rest of the target: posixpath.relpath normalises both paths
    against the working directory first: an eighth of rendering a page, profiled on a
    one-kommun night (issue 16).
    """
    cut = from_url.rfind("/")
    here = from_url[1 : cut + 1].split("/")[:-1] if cut > 0 else []
    parts = to_url[1:].split("/")
    target, name = parts[:-1], parts[-1]
    same = 0
    while same < len(here) and same < len(target) and here[same] == target[same]:
        same += 1
    rel = "/".join(([".."] * (len(here) - same)) + target[same:] + ([name] if name else []))
    if not rel:
        return "./"
    return rel + "/" if to_url.endswith("/") else rel


@pass_context
def link(ctx: Any, target: str) -> str:
    """Template helper: ``{{ link('/mellerud/') }}`` relative to the page being rendered."""
    return relative_url(ctx["page_url"], target)


#: Where a link from content/ may point: the web, e-mail, the site itself ("/", "#", "./").
#: Everything else (javascript:, data:, vbscript:, file:, a bare "metod/") becomes "#".
SAFE_HREF = re.compile(r"(?:https?://|mailto:|/|#|\.)", re.I)
#: Where an image may come from: the web or the site itself; never data: or javascript:.
SAFE_SRC = re.compile(r"(?:https?://|/(?!/)|\.)", re.I)
#: ASCII whitespace and control characters, which browsers ignore inside a URL scheme.
URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")
#: A start tag; a quoted attribute value may hold ">" (only an editor's raw HTML has one).
START_TAG = re.compile(r"""<[a-zA-Z][^\s/>]*(?:"[^"]*"|'[^']*'|[^>])*>""")
#: One attribute of a start tag, in any quoting, read from where the previous one ended.
ATTR = re.compile(
    r"""(?P<space>\s*)(?P<name>[^\s"'>/=]+)"""
    r"""(?:(?P<eq>\s*=\s*)(?P<value>"[^"]*"|'[^']*'|[^\s"'>]*))?"""
)
#: Attributes that hold a URL the browser loads or follows.
URL_ATTRS = frozenset({"href", "src", "xlink:href", "action", "formaction", "poster", "srcset"})


def markdown_to_html(text: str, drop_title: bool = True, allow_html: bool = False) -> Markup:
    """Markdown from content/ as HTML, with raw HTML shown as text, never as markup.

    The first "# " heading is dropped when ``drop_title`` (the page has its own h1),
    and the remaining headings move one level down. ``allow_html``
    (config ``content.allow_html``) lets an editor's raw HTML through; either way a
    link or image can only point to the web, e-mail or the site: a ``javascript:``,
    ``data:`` or ``vbscript:`` URL would run code or smuggle in markup. Template
    delimiters in the text are written as character references (``neutral_braces``).
    """
    import markdown

    if drop_title:
        text = re.sub(r"\A\s*#\s[^\n]*\n", "", text)
    md = markdown.Markdown(extensions=[], output_format="html")
    if not allow_html:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
    html = md.convert(text)
    html = re.sub(r"<(/?)h([1-5])>", lambda m: f"<{m[1]}h{int(m[2]) + 1}>", html)
    return Markup(neutral_braces(START_TAG.sub(lambda m: _safe_tag(m[0], allow_html), html)))


def _safe_tag(tag: str, allow_html: bool) -> str:
    """A start tag with its URLs made safe, and (raw HTML) its event handlers removed.

    Attributes are read one after the other as the browser does, so "src=x" inside
    another attribute's value, or written as text, is left as it is.
    """
    name_end = re.match(r"<[^\s/>]*", tag).end()  # type: ignore[union-attr]
    out, pos, end = [tag[:name_end]], name_end, len(tag) - 1
    while pos < end:
        match = ATTR.match(tag, pos, end)
        if match is None:
            out.append(tag[pos])
            pos += 1
            continue
        out.append(_safe_attr(match, allow_html))
        pos = match.end()
    return "".join(out) + ">"


def _safe_attr(match: re.Match[str], allow_html: bool) -> str:
    """One attribute, kept when harmless; a URL that would run code is made inert.

    The value is judged as the browser reads it: character references decoded
    (``&#106;avascript:``) and whitespace and control characters dropped.
    """
    import html as html_lib

    name = match["name"].lower()
    if allow_html and name.startswith("on"):
        return ""  # onerror=, onclick=: the CSP blocks them too, but never publish one
    value = match["value"]
    if name not in URL_ATTRS or value is None:
        return match[0]
    if value[:1] in "\"'":
        value = value[1:-1]
    url = URL_NOISE.sub("", html_lib.unescape(value))
    if name == "href":
        safe = SAFE_HREF.match(url) is not None
    elif name == "src":
        safe = SAFE_SRC.match(url) is not None
    else:  # rarer URL attributes, only from raw HTML: nothing but the site itself
        safe = re.match(r"(?:/(?!/)|\.|#)", url) is not None and ":" not in url.split("/")[0]
    if safe:
        return match[0]
    return f'{match["space"]}{match["name"]}="{"#" if name == "href" else ""}"'


def render_page(env: Environment, page: Any, common: Mapping[str, Any]) -> tuple[str, str]:
    """One page of the plan as (output path, HTML)."""
    template = env.get_template(page.template)
    html = template.render({**common, **page.context, "page_url": page.url})
    return urls.url_to_path(page.url), html


def render_pages(
    env: Environment, pages: Sequence[Any], common: Mapping[str, Any]
) -> dict[str, bytes]:
    """Render every page of the plan; keys are output paths."""
    out: dict[str, bytes] = {}
    for page in pages:
        path, html = render_page(env, page, common)
        out[path] = html.encode("utf-8")
    return out
