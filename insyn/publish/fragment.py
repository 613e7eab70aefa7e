"""Site pages as HTML fragments for a CMS page, and the site's CSS scoped to them.

A CMS (Sitevision, WordPress, …) shows our page inside its own page: its own header,
navigation, breadcrumbs and footer, at its own address. So a fragment is the content of
the page's ``<main>`` only, inside ``<div class="insyn">``, and every URL in it is made
absolute on the static site: the links, the downloads, the static chart images, the
chart data, the stylesheet and the scripts stay where the site publishes them.

What the fragment keeps and drops (the decisions):

- kept: everything inside ``<main>``: the h1, the "Exempeldata" notice (it must never be
  lost), the press text, the tables, the figures with their ids (unique per page, and
  the chart scripts and ``aria-labelledby`` need them), the "Bädda in" snippets;
- dropped: what is outside ``<main>`` (skip link, site header and navigation, footer),
  the ``<main>`` element itself (the CMS page has its own ``<main>``; two would be
  invalid) and the breadcrumbs: the CMS draws its own trail, and a second one pointing
  into another site would be two "Brödsmulor" landmarks that disagree;
- added at the start: a ``<link rel="stylesheet">`` to ``assets/insyn-fragment.css``
  (``scoped_css`` of the site's CSS: every rule only applies inside ``.insyn``) and
  the page's own external scripts from its ``<head>``, absolute and ``defer``, in their
  order (``vega.js`` before ``charts.js``). Where the CMS allows them, charts draw as on
  the site; where it strips them, the static image, the description and the table stay.
  JSON-LD is not carried over: it names the static page as the canonical one.

Built to survive a CMS filter that strips scripts (WordPress's kses for a user without
``unfiltered_html``, see docs/cms.md; tests/publish/test_wordpress_real.py saw what it does):

- a filter that drops ``<script>`` keeps the element's text, so a chart's JSON block
  would show as a wall of JSON. Its text is wrapped in an HTML comment
  (``<script type="application/json"><!--{…}--></script>``): stripped of the tags,
  what is left is a comment nobody sees; charts.js reads past the comment markers;
- the "Kopiera" buttons and their status lines are dropped: they are ``hidden`` until
  copy.js shows them, and a filter that strips ``hidden`` (kses does) and the script
  would leave buttons that do nothing. The texts stay selectable, and the press text
  keeps its links to the text and Markdown files.

Everything here is pure: strings in, strings out.
"""

from __future__ import annotations

import html as html_lib
import json
import logging
import re
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from insyn.site.scopedcss import SCOPE_CLASS
from insyn.site.urls import absolute_srcset, absolute_url, site_root
from insyn.write.scriptjson import script_json

log = logging.getLogger(__name__)

#: The site path of the scoped stylesheet, beside style.css (so its own relative
#: URLs would still resolve; they are made absolute anyway).
FRAGMENT_CSS = "assets/insyn-fragment.css"

#: Attributes whose whole value is one URL.
URL_ATTRIBUTES = ("href", "src", "poster", "action", "formaction", "cite", "data")
#: data-* attributes that hold a URL. charts.js reads only ``data-chart`` (an element id,
#: not a URL) and copy.js ``data-copy-target`` (an id too); these are the usual names
#: for lazy-loaded sources, rewritten in case a template starts to use them.
URL_DATA_ATTRIBUTES = ("data-href", "data-src", "data-url")
#: Dropped inside <main>: the breadcrumbs and the copy buttons; see the module docstring.
DROPPED_IN_MAIN = ("nav.breadcrumbs", "button.copy", ".copy-status")
#: How a chart's JSON block is wrapped in a fragment (charts.js reads past it).
JSON_COMMENT = ("<!--", "-->")

_SPACE = re.compile(r"\s+")


def _absolute_json_urls(doc: Any, page_path: str, base_url: str) -> Any:
    """A JSON value with every ``"url"`` string made absolute (Vega's ``data.url``)."""
    if isinstance(doc, dict):
        return {
            k: (
                absolute_url(v, page_path, base_url)
                if k == "url" and isinstance(v, str)
                else _absolute_json_urls(v, page_path, base_url)
            )
            for k, v in doc.items()
        }
    if isinstance(doc, list):
        return [_absolute_json_urls(v, page_path, base_url) for v in doc]
    return doc


def _rewrite_json_block(script: LexborNode, page_path: str, base_url: str) -> None:
    """A chart's JSON block: Vega resolves a relative ``data.url`` against the document,
    which in a CMS is the CMS page, so those URLs must be absolute too. The JSON is
    wrapped in a comment, so that a filter which strips the script tags leaves nothing
    visible (see the module docstring). script_json escapes every ">", so the JSON
    never holds the comment's end."""
    text = script.text(deep=True)
    try:
        doc = json.loads(text)
    except ValueError:
        log.warning("%s: a JSON block that does not parse is left as it is", page_path or "/")
        return
    fixed = _absolute_json_urls(doc, page_path, base_url)
    if script.first_child is not None:
        start, end = JSON_COMMENT
        script.first_child.replace_with(f"{start}{script_json(fixed)}{end}")


def json_block_text(text: str) -> str:
    """The JSON of a fragment's JSON block: its text without the comment markers
    (what charts.js does before JSON.parse)."""
    body = text.strip()
    start, end = JSON_COMMENT
    if body.startswith(start) and body.endswith(end):
        return body[len(start) : -len(end)]
    return body


def _rewrite_urls(root: LexborNode, page_path: str, base_url: str) -> None:
    for node in root.traverse(include_text=False):
        attrs = node.attributes
        for name in (*URL_ATTRIBUTES, *URL_DATA_ATTRIBUTES):
            value = attrs.get(name)
            if value is not None:
                node.attrs[name] = absolute_url(value, page_path, base_url)
        srcset = attrs.get("srcset")
        if srcset is not None:
            node.attrs["srcset"] = absolute_srcset(srcset, page_path, base_url)
        if node.tag == "script" and (attrs.get("type") or "").strip() == "application/json":
            _rewrite_json_block(node, page_path, base_url)


def _main(tree: LexborHTMLParser, what: str) -> LexborNode:
    main = tree.css_first("main")
    if main is None:
        raise ValueError(f"{what}: the page has no <main>")
    return main


def _is_empty(node: LexborNode) -> bool:
    """No element and no text but white space inside."""
    child = node.child
    while child is not None:
        if not child.is_text_node or child.text().strip():
            return False
        child = child.next
    return True


def _drop_with_line(node: LexborNode) -> None:
    after = node.next
    if after is not None and after.is_text_node and not after.text().strip():
        after.decompose()
    node.decompose()


def head_scripts(html: str) -> list[str]:
    """The ``src`` of each external script in the page's head, in order."""
    tree = LexborHTMLParser(html)
    if tree.head is None:
        return []
    return [src for node in tree.head.css("script[src]") if (src := (node.attributes["src"] or ""))]


def page_fragment(html: str, page_path: str, base_url: str) -> str:
    """The page's ``<main>`` content as a fragment for a CMS page (see the module doc).

    ``page_path`` is the page's site path ("mellerud/hemtjanst/", "" for the start
    page): relative URLs on the page are relative to it.
    """
    tree = LexborHTMLParser(html)
    main = _main(tree, page_path or "/")
    for selector in DROPPED_IN_MAIN:
        for node in main.css(selector):
            after = node.next
            if after is not None and after.is_text_node and not after.text().strip():
                after.decompose()  # the line break after it, so no blank line is left
            parent = node.parent
            node.decompose()
            if parent is not None and parent.tag == "p" and _is_empty(parent):
                _drop_with_line(parent)  # the <p> that only held the copy button
    _rewrite_urls(main, page_path, base_url)
    css = html_lib.escape(site_root(base_url) + FRAGMENT_CSS, quote=True)
    lines = [f'<div class="{SCOPE_CLASS}">', f'<link rel="stylesheet" href="{css}">']
    for src in head_scripts(html):
        url = html_lib.escape(absolute_url(src, page_path, base_url), quote=True)
        lines.append(f'<script src="{url}" defer></script>')
    lines.append((main.inner_html or "").strip("\n"))
    lines.append("</div>")
    return "\n".join(lines) + "\n"


def list_fragment(title: str, links: list[tuple[str, str]], base_url: str) -> str:
    """A fragment that lists pages (title, site path) under a heading, sorted by title:
    the parent page a CMS page tree needs where the static site has none."""
    root = site_root(base_url)
    css = html_lib.escape(root + FRAGMENT_CSS, quote=True)
    items = [
        f'<li><a href="{html_lib.escape(root + path, quote=True)}">{html_lib.escape(name)}</a></li>'
        for name, path in sorted(links, key=lambda t: (t[0].casefold(), t[1]))
    ]
    return (
        "\n".join(
            [
                f'<div class="{SCOPE_CLASS}">',
                f'<link rel="stylesheet" href="{css}">',
                f"<h1>{html_lib.escape(title)}</h1>",
                "<ul>",
                *items,
                "</ul>",
                "</div>",
            ]
        )
        + "\n"
    )


def _text(node: LexborNode | None) -> str:
    return _SPACE.sub(" ", node.text(deep=True)).strip() if node is not None else ""


def _meta(tree: LexborHTMLParser, selector: str) -> str:
    node = tree.css_first(selector)
    return _SPACE.sub(" ", node.attributes.get("content") or "").strip() if node else ""


def page_meta(html: str) -> tuple[str, str]:
    """(title, summary) of a page for the CMS: the ``<h1>`` and the meta description.

    The h1 is the page's name without the " – <site title>" of ``<title>``; og:title
    (the same thing) and then ``<title>`` are the fallbacks for a page without one.
    """
    tree = LexborHTMLParser(html)
    main = tree.css_first("main")
    title = _text(main.css_first("h1") if main is not None else None)
    if not title:
        title = _meta(tree, 'meta[property="og:title"]')
    if not title:
        title = _text(tree.css_first("title")).split(" – ")[0]
    return title, _meta(tree, 'meta[name="description"]')
