"""Whoever writes a preview controls its resources' names, types and inputs; none of it becomes markup in a
report. Markdown (a pull-request comment) shows every such text literally, with no image, link, HTML,
mention or other formatting of its own; HTML escapes it. Checked by parsing the installed script's output
with a CommonMark parser (markdown-it-py, which rich brings) and an HTML parser.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from html.parser import HTMLParser

import pytest
from markdown_it import MarkdownIt

from costing.catalog import load_catalog
from costing.estimate import estimate
from costing.inventory import load_preview
from costing.report import render_estimate
from costing.report.markdown import _code, _escape, _item
from tests.documents import preview_of, step

WORD_JOINER = "\u2060"  # what breaks a mention or a bare URL, invisibly
HOSTILE_NAMES = [
    "![pixel](https://evil.example/p.png)",
    "[click me](https://evil.example/login)",
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "@security-team please approve",
    "see https://evil.example and www.evil.example",
    "**bold** _it_ ~~gone~~ `code` $x^2$",
    "# heading",
    "> quote | with a pipe",
]
HOSTILE_TYPE = "aws:evil/x:Y<img src=x>![t](https://evil.example/t.png)"
ODD = "@security-team see https://evil.example"
# The HTML a markdown report may hold: its own collapsible block and the marker CI finds its comment by.
OWN_HTML = ("<details><summary>", "</details>", "<!-- costing-diff:")


def hostile_preview(tmp_path, name: str = "plan.json", instance_type: str = "t3.micro"):
    steps = [step("aws:ec2/eip:Eip", text, {"domain": "vpc"}) for text in HOSTILE_NAMES]
    steps.append(step(HOSTILE_TYPE, ODD, {}))  # unpriced: listed with its reason, which quotes the type
    steps.append(step("aws:ec2/instance:Instance", "web", {"instanceType": instance_type}))
    path = tmp_path / name
    path.write_text(json.dumps(preview_of(*steps)))
    return path


def markup_of(markdown: str) -> dict[str, list[str]]:
    """The images, links and HTML a CommonMark (+ tables and strikethrough) renderer makes of `markdown`."""
    found: dict[str, list[str]] = {"image": [], "link": [], "html": [], "strikethrough": []}

    def walk(tokens):
        for token in tokens:
            if token.type == "image":
                found["image"].append(token.attrs.get("src", ""))
            elif token.type == "link_open":
                found["link"].append(token.attrs.get("href", ""))
            elif token.type in ("html_inline", "html_block"):
                if not token.content.strip().startswith(OWN_HTML):
                    found["html"].append(token.content)
            elif token.type == "s_open":
                found["strikethrough"].append(token.markup)
            walk(token.children or [])

    walk(MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(markdown))
    return found


def plain_text(markdown: str) -> str:
    """The text of `markdown` outside code spans, as it is (word joiners included)."""
    parts: list[str] = []

    def walk(tokens):
        for token in tokens:
            if token.type == "text":
                parts.append(token.content)
            walk(token.children or [])

    walk(MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(markdown))
    return "\n".join(parts)


def visible_text(markdown: str) -> str:
    """The text a reader sees (word joiners, invisible, left out)."""
    html = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(markdown)
    parser = _Text()
    parser.feed(html)
    return "".join(parser.parts).replace(WORD_JOINER, "")


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.parts.append(data)


def test_an_estimate_in_markdown_shows_hostile_text_literally(costing_script, tmp_path):
    done = costing_script("estimate", "--preview", hostile_preview(tmp_path), "-f", "markdown")
    assert done.returncode == 0, done.stderr
    assert markup_of(done.stdout) == {"image": [], "link": [], "html": [], "strikethrough": []}
    seen = visible_text(done.stdout)
    for name in HOSTILE_NAMES:
        assert name in seen or name.replace("|", "\\|") in seen, name
    assert f"{ODD}: no pricing rule for {HOSTILE_TYPE}" in seen
    plain = plain_text(done.stdout)  # where GitHub looks for mentions and bare URLs (not in code spans)
    assert "@security" not in plain and "https://evil" not in plain and "www.evil" not in plain
    assert "@\u2060security" in plain and "h\u2060ttps://evil" in plain


def test_components_a_program_could_not_expand_are_listed_literally(tmp_path):
    """A stack's program names its multi-language components (the runner's `unexpanded_components`)."""
    inventory = load_preview(hostile_preview(tmp_path))
    components = [{"urn": f"urn:pulumi:dev::shop::{HOSTILE_TYPE}::{name}", "type": HOSTILE_TYPE, "name": name}
                  for name in HOSTILE_NAMES]
    result = estimate(replace(inventory, source={**inventory.source, "unexpanded_components": components}),
                      load_catalog())
    markdown = render_estimate(result, "markdown", today=date.today())
    assert f"#### Not expanded offline ({len(HOSTILE_NAMES)}), not in the totals" in markdown
    assert markup_of(markdown) == {"image": [], "link": [], "html": [], "strikethrough": []}
    seen = visible_text(markdown)
    lines = [f"{name} ({HOSTILE_TYPE}): a multi-language component, built by its provider plugin, cannot expand "
             "offline; price its children from `pulumi preview --json` (costing estimate --preview FILE)"
             for name in HOSTILE_NAMES]
    assert all(line in seen for line in lines)
    parser = _Text()
    parser.feed(render_estimate(result, "html", today=date.today()))
    assert "img" not in parser.tags and parser.tags.count("script") == 1  # the page's own sorting script
    shown = parser.parts[parser.parts.index(f"Not expanded offline ({len(HOSTILE_NAMES)}), not in the totals") + 1:]
    assert shown[:len(lines)] == lines  # each component one item of the list, as written


def test_a_diff_comment_shows_hostile_text_literally(costing_script, tmp_path):
    base = hostile_preview(tmp_path, "base.json")
    head = hostile_preview(tmp_path, "head.json", instance_type="t3.small![x](https://evil.example/d.png)")
    done = costing_script("diff", base, head, "-f", "markdown", "--all")
    assert done.returncode == 0, done.stderr
    assert markup_of(done.stdout) == {"image": [], "link": [], "html": [], "strikethrough": []}
    seen = visible_text(done.stdout)
    assert ("now partly priced: no price for ec2 t3.small![x](https://evil.example/d.png) (linux-ondemand-shared) "
            "in us-east-1") in seen
    for name in HOSTILE_NAMES:
        assert name.replace("|", "\\|") in seen or name in seen, name


def test_html_reports_escape_hostile_text(costing_script, tmp_path):
    done = costing_script("estimate", "--preview", hostile_preview(tmp_path), "-f", "html")
    assert done.returncode == 0, done.stderr
    parser = _Text()
    parser.feed(done.stdout)
    assert "img" not in parser.tags and parser.tags.count("script") == 1  # the page's own sorting script
    seen = "".join(parser.parts)
    assert all(name in seen for name in HOSTILE_NAMES) and HOSTILE_TYPE in seen


@pytest.mark.parametrize("text", ["plain", "a`b", "`starts", "ends`", "``two``", "a|b"])
def test_a_code_span_holds_any_text(text):
    [paragraph] = [token for token in MarkdownIt("commonmark").parse(_code(text)) if token.type == "inline"]
    [span] = [child for child in paragraph.children if child.type == "code_inline"]
    assert span.content == text.replace("|", "\\|")  # (a table turns \\| back into |)


@pytest.mark.parametrize("text", ["1. first", "- item", "+ plus", "# title", "> quote", "=== x", "a\nb", "A & B",
                                  "R&amp;D", "costs $5", "math $x$"])
def test_escaped_text_reads_as_written(text):
    flat = " ".join(text.splitlines())
    assert visible_text("Note: " + _escape(text)).strip() == "Note: " + flat
    assert [token.type for token in MarkdownIt("commonmark").parse(_item(text))] == [  # one item, nothing nested
        "bullet_list_open", "list_item_open", "paragraph_open", "inline", "paragraph_close", "list_item_close",
        "bullet_list_close"]
    assert visible_text(_item(text)).strip() == flat


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_control_characters_from_a_file_never_reach_the_terminal(costing_script, tmp_path, fmt):
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(preview_of(step("aws:ec2/instance:Instance", "web", {
        "instanceType": "t3.micro\x1b[2J\x1b]0;retitled\x07\r"}))))
    done = costing_script("estimate", "--preview", path, "-f", fmt)
    assert done.returncode == 0, done.stderr
    assert not any(char in done.stdout for char in "\x1b\x07\r")
    assert "t3.micro\ufffd[2J\ufffd]0;retitled\ufffd" in done.stdout.replace("\\", "")
