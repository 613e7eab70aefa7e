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
from collections.abc import Iterable
from typing import Any, cast
from urllib.parse import urljoin

import tinycss2
import tinycss2.ast
from selectolax.lexbor import LexborHTMLParser, LexborNode

from insyn.write.scriptjson import script_json

log = logging.getLogger(__name__)

#: The class of the element every fragment sits in; the CSS is scoped to it.
SCOPE_CLASS = "insyn"
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

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_SPACE = re.compile(r"\s+")


def site_root(base_url: str) -> str:
    """The site's address with exactly one trailing slash ("https://x.se/insyn/")."""
    base = base_url.strip()
    if not _SCHEME.match(base):
        raise ValueError(f"base_url must be an absolute URL, got {base_url!r}")
    return base.rstrip("/") + "/"


def page_url(page_path: str, base_url: str) -> str:
    """The absolute address of a site page ("mellerud/hemtjanst/"; "" is the start page)."""
    return site_root(base_url) + page_path.lstrip("/")


def absolute_url(url: str, page_path: str, base_url: str) -> str:
    """``url`` as it appears on the page at ``page_path``, made absolute on ``base_url``.

    Same-page anchors ("#x") stay: they point into the fragment, wherever it is shown.
    URLs with a scheme (https:, mailto:, data:) and protocol-relative ones stay too.
    A root-relative path ("/assets/x") is relative to the site root, which may itself
    have a path ("https://x.se/insyn/"): urljoin alone would drop that path.
    """
    value = url.strip()
    if value.startswith("#") or value.startswith("//") or _SCHEME.match(value):
        return value
    root = site_root(base_url)
    if value.startswith("/"):
        return root + value.lstrip("/")
    return urljoin(page_url(page_path, base_url), value)


def absolute_srcset(srcset: str, page_path: str, base_url: str) -> str:
    """Every candidate URL of a ``srcset`` made absolute; the descriptors stay.

    Candidates are split at commas: good for the site's own URLs (which never hold
    a comma), not for data: URLs, which no template puts in a srcset.
    """
    out = []
    for candidate in srcset.split(","):
        parts = candidate.split()
        if parts:
            out.append(" ".join([absolute_url(parts[0], page_path, base_url), *parts[1:]]))
    return ", ".join(out)


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


# --- CSS ---------------------------------------------------------------------------

#: At-rules whose block holds style rules: their rules are scoped too.
NESTING_AT_RULES = frozenset({"media", "supports", "layer", "container", "document"})
#: Elements the site's scripts put outside the fragment (Vega's tooltip is appended to
#: <body>): their rules stay global, and they get the custom properties of ``:root``.
OUTSIDE_SCOPE = ("#vg-tooltip-element",)
_ROOT_TYPES = frozenset({"html", "body"})
_COMBINATORS = frozenset({">", "+", "~"})
_IDENT_CHAR = re.compile(r"[A-Za-z0-9_\-\u0080-\U0010ffff]")

Token = Any  # a tinycss2 node


def _is_literal(token: Token, value: str) -> bool:
    return token.type == "literal" and token.value == value


def _strip_comments(tokens: Iterable[Token], fix_url: Any) -> list[Token]:
    """The tokens without comments, recursively, with url()s passed through ``fix_url``.

    The nodes were parsed by the caller, so changing them in place changes nothing
    the caller's caller can see."""
    out = []
    for token in tokens:
        if token.type == "comment":
            continue
        if token.type == "url":
            new = fix_url(token.value)
            token.value, token.representation = (
                new,
                f"url({tinycss2.serializer.serialize_url(new)})",
            )
        elif token.type == "function":
            args = _strip_comments(token.arguments, fix_url)
            if token.lower_name == "url":
                strings = [a for a in args if a.type == "string"]
                if len(strings) == 1:
                    new = fix_url(strings[0].value)
                    value = tinycss2.serializer.serialize_string_value(new)
                    strings[0].value, strings[0].representation = new, f'"{value}"'
            token.arguments = args
        elif token.type in ("() block", "[] block", "{} block"):
            token.content = _strip_comments(token.content, fix_url)
        out.append(token)
    return out


def _split(tokens: list[Token], separator: str) -> list[list[Token]]:
    parts: list[list[Token]] = [[]]
    for token in tokens:
        if _is_literal(token, separator):
            parts.append([])
        else:
            parts[-1].append(token)
    return parts


def _compounds(tokens: list[Token]) -> list[tuple[str, list[Token]]]:
    """A complex selector as (combinator, compound) pairs; the first combinator is ""."""
    out: list[tuple[str, list[Token]]] = []
    combinator, current = "", cast(list[Token], [])
    for token in tokens:
        if token.type == "whitespace" or (token.type == "literal" and token.value in _COMBINATORS):
            if current:
                out.append((combinator, current))
                combinator, current = " ", []
            if token.type == "literal":
                combinator = token.value
        else:
            current.append(token)
    if current:
        out.append((combinator, current))
    return out


def _root_length(compound: list[Token]) -> int:
    """How many tokens at the start of a compound name the document root: ``html``,
    ``body`` or ``:root`` (1, 1, 2); 0 for anything else."""
    first = compound[0]
    if first.type == "ident" and first.lower_value in _ROOT_TYPES:
        return 1
    if len(compound) > 1 and _is_literal(first, ":"):
        second = compound[1]
        if second.type == "ident" and second.lower_value == "root":
            return 2
    return 0


def _starts_with(text: str, prefix: str) -> bool:
    """``text`` begins with the simple selector ``prefix`` (".insyn", not ".insyn-x")."""
    if not text.startswith(prefix):
        return False
    return len(text) == len(prefix) or not _IDENT_CHAR.match(text[len(prefix)])


def _join(parts: list[tuple[str, list[Token]]]) -> str:
    out = []
    for combinator, compound in parts:
        if combinator:
            out.append(" " if combinator == " " else f" {combinator} ")
        out.append(tinycss2.serialize(compound))
    return "".join(out)


def scope_selector(tokens: list[Token], scope: str, outside: tuple[str, ...]) -> list[str]:
    """One complex selector scoped: ``h1`` → ``.insyn h1``; a leading ``html``, ``body``
    or ``:root`` becomes the scope itself, keeping its qualifiers (``html.dark .x`` →
    ``.insyn.dark .x``, ``body.embed`` → ``.insyn.embed``, which never matches, as on the
    site). Returns more than one selector where a bare ``:root`` (its custom properties)
    must also reach the elements outside the scope."""
    parts = _compounds(tokens)
    if not parts:
        return []
    first = tinycss2.serialize(parts[0][1])
    if _starts_with(first, scope) or any(_starts_with(first, o) for o in outside):
        return [_join(parts)]
    root = _root_length(parts[0][1])
    if not root:
        return [f"{scope} {_join(parts)}"]
    is_root_pseudo = root == 2
    qualifiers = tinycss2.serialize(parts[0][1][root:])
    rest = parts[1:]
    # "html body .x": the leading run of root compounds is all the scope element.
    while rest and rest[0][0] in (" ", ">") and (n := _root_length(rest[0][1])):
        qualifiers += tinycss2.serialize(rest[0][1][n:])
        rest = rest[1:]
    out = [f"{scope}{qualifiers}{_join(rest)}"]
    if is_root_pseudo and not rest:
        out += [f"{o}{qualifiers}" for o in outside]
    return out


def _scope_prelude(prelude: list[Token], scope: str, outside: tuple[str, ...]) -> str:
    selectors: list[str] = []
    for part in _split(prelude, ","):
        selectors += scope_selector(part, scope, outside)
    return ", ".join(selectors)


def _is_dark_media(rule: Token) -> bool:
    prelude = _SPACE.sub("", tinycss2.serialize(rule.prelude)).lower()
    return rule.lower_at_keyword == "media" and "prefers-color-scheme:dark" in prelude


def _rules(
    nodes: Iterable[Token], scope: str, outside: tuple[str, ...], fix_url: Any, light_only: bool
) -> list[str]:
    out = []
    for node in nodes:
        if node.type in ("comment", "whitespace"):
            continue
        if node.type == "error":
            log.warning("CSS: %s at line %s is dropped", node.message, node.source_line)
            continue
        if node.type == "qualified-rule":
            prelude = _strip_comments(node.prelude, fix_url)
            content = tinycss2.serialize(_strip_comments(node.content, fix_url))
            out.append(f"{_scope_prelude(prelude, scope, outside)} {{{content}}}")
            continue
        # An at-rule.
        if light_only and _is_dark_media(node):
            continue
        prelude = tinycss2.serialize(_strip_comments(node.prelude, fix_url)).strip()
        head = f"@{node.at_keyword} {prelude}".rstrip()
        if node.content is None:
            out.append(f"{head};")
        elif node.lower_at_keyword in NESTING_AT_RULES:
            inner = tinycss2.parse_rule_list(node.content, skip_comments=True)
            body = _rules(inner, scope, outside, fix_url, light_only)
            out.append(head + " {\n" + "\n".join(body) + "\n}")
        else:  # @font-face, @keyframes, @page, @property: not scoped
            content = tinycss2.serialize(_strip_comments(node.content, fix_url))
            out.append(f"{head} {{{content}}}")
    return out


def scoped_css(
    css: str,
    scope: str = ".insyn",
    *,
    base_url: str | None = None,
    css_path: str = "assets/style.css",
    outside: tuple[str, ...] = OUTSIDE_SCOPE,
    light_only: bool = False,
) -> str:
    """The site's CSS with every rule limited to ``scope``, for pages inside a CMS.

    Each selector of each style rule gets the scope in front (``h1`` → ``.insyn h1``);
    ``:root``, ``html`` and ``body`` become the scope itself, so the custom properties
    of ``:root`` live on ``.insyn``. Rules inside @media, @supports, @layer and
    @container are scoped the same way; @font-face, @keyframes, @page and @import are
    left alone. Selectors already starting with the scope, or with one of ``outside``
    (elements our scripts put outside the fragment), stay global.

    With ``base_url``, relative url()s are made absolute as seen from ``css_path`` (the
    stylesheet's site path), so the scoped file works wherever it is uploaded.
    ``light_only`` drops ``@media (prefers-color-scheme: dark)`` blocks: a fragment sits
    in someone else's page, like an embed, and must not turn dark inside a light page.
    Comments are dropped; the output is deterministic (the same input, the same text).
    """
    css_dir = css_path.rsplit("/", 1)[0] + "/" if "/" in css_path else ""

    def fix_url(url: str) -> str:
        return absolute_url(url, css_dir, base_url) if base_url else url

    nodes = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return "\n".join(_rules(nodes, scope, outside, fix_url, light_only)) + "\n"


def fragment_stylesheet(style_css: str, theme_css: str, base_url: str) -> str:
    """``assets/insyn-fragment.css``: style.css and then theme.css (the order of the
    site's <head>), scoped to ``.insyn``, light only, with absolute URLs."""
    scoped = scoped_css(
        style_css.rstrip("\n") + "\n" + theme_css,
        f".{SCOPE_CLASS}",
        base_url=base_url,
        light_only=True,
    )
    return (
        "/* insyn-fragment.css: the site's style.css and theme.css for pages shown inside\n"
        '   a CMS page. Every rule applies only inside <div class="insyn">. Generated by\n'
        "   insyn from the site's CSS; do not edit. */\n"
        f".{SCOPE_CLASS} {{ color-scheme: light; }}\n" + scoped
    )
