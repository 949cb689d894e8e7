"""Comment bodies: a small Markdown subset survives; nothing that can run or restyle does."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from markdown_it import MarkdownIt
from markupsafe import Markup

from alatau_legal.review import markdown
from alatau_legal.review.markdown import render

SAFE_TAGS = {"p", "br", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a", "del"}
SAFE_SCHEMES = ("http://", "https://", "mailto:")


class _Elements(HTMLParser):
    """Every element of an HTML fragment with its attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Elements()
    parser.feed(html)
    return parser.elements


def assert_harmless(html: str) -> None:
    """Only the allowed tags; links only to http(s)/mailto; no other attributes."""
    for tag, attrs in elements(html):
        assert tag in SAFE_TAGS, html
        allowed = {"href", "title", "rel"} if tag == "a" else set()
        assert set(attrs) <= allowed, html
        href = attrs.get("href")
        assert href is None or href.startswith(SAFE_SCHEMES), html


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("*em* and _em_", "<p><em>em</em> and <em>em</em></p>"),
        ("**strong**", "<p><strong>strong</strong></p>"),
        ("`a < b`", "<p><code>a &lt; b</code></p>"),
        ("```\n<b>x</b>\n```", "<pre><code>&lt;b&gt;x&lt;/b&gt;\n</code></pre>"),
        ("- one\n- two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"),
        ("1. one\n2. two", "<ol>\n<li>one</li>\n<li>two</li>\n</ol>"),
        ("> quoted", "<blockquote>\n<p>quoted</p>\n</blockquote>"),
        ("line one\nline two", "<p>line one\nline two</p>"),
        ("a & b < c", "<p>a &amp; b &lt; c</p>"),
    ],
)
def test_the_markdown_subset_is_kept(body, expected):
    html = render(body)
    assert str(html).strip() == expected
    assert_harmless(html)


@pytest.mark.parametrize(
    ("body", "href"),
    [
        ("[site](https://alatau.gov.kz/acts)", "https://alatau.gov.kz/acts"),
        ("[plain](http://example.org)", "http://example.org"),
        ("[mail](mailto:office@alatau.kz)", "mailto:office@alatau.kz"),
        ("<https://example.org/a?b=1&c=2>", "https://example.org/a?b=1&c=2"),
    ],
)
def test_web_and_mail_links_are_kept_and_do_not_pass_on_the_referrer(body, href):
    ((_, attrs),) = [e for e in elements(render(body)) if e[0] == "a"]
    assert attrs["href"] == href
    assert set(attrs["rel"].split()) == {"noopener", "noreferrer", "nofollow"}


def test_a_link_title_is_kept_as_text():
    ((_, attrs),) = elements(render('[x](https://e.org "a\\" onclick=\\"b")'))[1:]
    assert attrs["title"] == 'a" onclick="b'
    assert "onclick" not in attrs


@pytest.mark.parametrize(
    "body",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        '<a href="https://x" onclick="steal()" style="color:red">a</a>',
        "<div style='position:fixed'>raw</div>",
        "<iframe src='https://evil.example'></iframe>",
        "x<!-- hidden -->y",
        "**<i>x</i>**",
        "<style>body{display:none}</style>",
    ],
)
def test_raw_html_is_shown_as_text(body):
    html = str(render(body))
    assert_harmless(html)
    assert elements(html) == [(tag, {}) for tag, _ in elements(html)]  # no attribute at all
    assert "<script" not in html and "<img" not in html and "<div" not in html
    assert "&lt;" in html  # the author's text is still there, escaped


@pytest.mark.parametrize(
    "body",
    [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x]( javascript:alert(1))",
        "[x](vbscript:msgbox(1))",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[x](data:image/png;base64,iVBORw0KGgo=)",
        "[x](ftp://example.org/file)",
        "<javascript:alert(1)>",
        "[x][r]\n\n[r]: javascript:alert(1)",
        "![pic](https://example.org/tracker.png)",
    ],
)
def test_dangerous_links_lose_their_target(body):
    html = str(render(body))
    assert_harmless(html)
    hrefs = [attrs["href"] for _, attrs in elements(html) if "href" in attrs]
    assert all(href.startswith("https://") for href in hrefs), hrefs  # the image's, as a link


def test_headings_rules_tables_and_images_are_not_rendered():
    html = str(render("# Title\n\n---\n\n| a |\n|---|\n| 1 |\n\n![i](https://e.org/i.png)"))
    assert {tag for tag, _ in elements(html)} <= {"p", "a"}
    assert "<h1" not in html and "<hr" not in html and "<table" not in html


def test_the_sanitiser_holds_even_if_the_parser_let_html_through(monkeypatch):
    """Defence in depth: nh3 cleans whatever markdown-it produces."""
    monkeypatch.setattr(markdown, "_markdown", MarkdownIt("commonmark", {"html": True}))
    html = str(
        render(
            "<script>alert(1)</script><img src=x onerror=alert(1)>"
            '<a href="javascript:alert(1)" onclick="x()" style="color:red">a</a>'
            '<a href="data:text/html,hi">b</a><p style="display:none" class="x">c</p>'
        )
    )
    assert_harmless(html)
    assert "alert" not in html  # the script's content is dropped too
    assert "style" not in html and "onclick" not in html and "onerror" not in html


def test_the_result_is_markup_and_empty_bodies_render_empty():
    assert isinstance(render("x"), Markup)
    assert render("") == Markup("")
    assert render(None) == Markup("")
