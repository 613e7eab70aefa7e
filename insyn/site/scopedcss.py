"""The site's CSS scoped to ``.insyn``, for pages shown inside a CMS page
(assets/insyn-fragment.css): every rule applies only inside ``<div class="insyn">``,
light only, with absolute URLs. The build writes the file; publish/fragment.py links
it from each fragment. Pure: strings in, strings out.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from typing import Any, cast

import tinycss2
import tinycss2.ast

from insyn.site.urls import absolute_url

log = logging.getLogger(__name__)
_SPACE = re.compile(r"\s+")

#: The class of the element every fragment sits in; the CSS is scoped to it.
SCOPE_CLASS = "insyn"


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
