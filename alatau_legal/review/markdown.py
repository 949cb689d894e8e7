"""Comment bodies: plain text or a small, safe subset of Markdown.

markdown-it renders with raw HTML disabled, then nh3 (a maintained sanitiser) keeps only the
tags below and only http(s)/mailto links, so nothing in a comment can run a script or restyle
the page.
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a", "del", "s",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_markdown.enable("strikethrough")
_markdown.disable(["image", "heading", "lheading", "hr", "table"], ignoreInvalid=True)


def render(body: str) -> Markup:
    """The body as sanitised HTML."""
    html = _markdown.render(body or "")
    return Markup(  # noqa: S704  (sanitised by nh3 just below)
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes=URL_SCHEMES,
            link_rel="noopener noreferrer nofollow",
        )
    )
