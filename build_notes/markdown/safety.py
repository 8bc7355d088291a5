"""What notes may render to: an allowlist, enforced on the tree a browser would build.

Talks arrive from strangers, so nothing is judged by looking for known-bad things. The notes
are rendered to HTML with the site's Markdown extensions and the HTML is parsed with Lexbor
(through selectolax), an HTML5-spec parser: the tree it builds is the one Chromium builds,
comments, CDATA, `<noscript>` and foreign content included. Every element, attribute, class
and URL in that tree must be on the lists below; anything else is a `Finding` that says what
it is and how to fix it. The same check reads the HTML the renderer made of every generated
page, so a different `mkdocs.yml` cannot reopen a hole (see finish.py).

Most bodies never need rendering: `fast_path_safe` proves from the Markdown source alone that
the body cannot render to anything outside the list (see there), and only the rest is
rendered. `too_deep` refuses, before any rendering, the shapes that make Python-Markdown
recurse or backtrack for minutes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import markdown
from markdown.htmlparser import htmlparser  # type: ignore[attr-defined]  # MkDocs reads pages with it
from pygments.token import STANDARD_TYPES
from selectolax.lexbor import LexborHTMLParser, LexborNode

from build_notes.assets import assets
from build_notes.content.model import PageSource, Problem
from build_notes.content.schema import markdown_extensions, note_markup
from build_notes.markdown.blocks import Line, Lines, scan
from build_notes.markup import DETAILS, LISTING_ELEMENTS, RELATED, SITE_CLASSES

# The validator renders notes with the site's extensions, configured alike, so it sees the HTML
# the site will have (the plugin checks MkDocs' own HTML too, whatever made it).
EXTENSIONS, _SITE_CONFIGS = markdown_extensions()
# Without Pygments: its spans are escaped text with short classes, and skipping it halves the
# time of a rendering.
EXTENSION_CONFIGS: dict[str, dict[str, Any]] = _SITE_CONFIGS | {
    "pymdownx.highlight": {**_SITE_CONFIGS.get("pymdownx.highlight", {}), "use_pygments": False}}

# Attributes any allowed element may carry; none of them loads, runs or steers anything.
_GLOBAL = frozenset({"class", "id", "title", "lang", "dir", "role", "aria-label", "aria-hidden"})
_CELL = frozenset({"style", "colspan", "rowspan", "align"})
ALLOWED: dict[str, frozenset[str]] = {
    **{tag: frozenset() for tag in [
        "p", "br", "hr", "em", "strong", "b", "i", "u", "s", "del", "ins", "mark", "small",
        "code", "pre", "kbd", "samp", "var", "sup", "sub", "blockquote", "q", "cite",
        "ul", "li", "dl", "dt", "dd", "table", "caption", "thead", "tbody", "tfoot", "tr",
        "h1", "h2", "h3", "h4", "h5", "h6", "div", "span", "summary", "nav", "abbr"]},
    "ol": frozenset({"start", "reversed"}),
    "th": _CELL, "td": _CELL,
    "details": frozenset({"open"}),
    "time": frozenset({"datetime"}),  # render.py marks up dates; harmless in notes too
    # `name` only for pymdownx.highlight's line anchors (checked below).
    "a": frozenset({"href", "name"}),
    "img": frozenset({"src", "alt", "width", "height", "loading"}),
}
# Python-Markdown's tables write the column alignment as a style; no other style is allowed
# (a style can load url(...) from another host, or cover the page).
_CELL_STYLE = re.compile(r"text-align:\s*(left|right|center);?")
_CODELINE_NAME = re.compile(r"__codelineno-[\w-]+")


def _script_classes() -> frozenset[str]:
    """The site's classes that its scripts select (`.tn-x` in a selector): those must never
    stand on a page that notes reach, or a note could hand a script its own element."""
    scripts = "".join(text for path, text in assets().items() if path.endswith(".js"))
    return frozenset(re.findall(r"\.(tn-[\w-]+)", scripts))


SCRIPT_CLASSES = _script_classes()
# The site's own classes (markup.py, whose names its writers write) on pages that hold notes
# (talks, conference overviews): styles only.
PAGE_CLASSES = SITE_CLASSES - SCRIPT_CLASSES
_MARKUP = note_markup()
ADMONITION_CLASSES = frozenset(_MARKUP["admonition_types"] + _MARKUP["admonition_modifiers"])
# Every class a note may carry on any element (data/note_markup.yml says why so few).
NOTE_CLASSES = ADMONITION_CLASSES | frozenset(_MARKUP["extension_classes"])
# Pygments' token classes, on the <span>s of highlighted code; a fence's language, on code.
# (a token type without a class of its own gets its parent's and its name: `l-Scalar`).
_TOKEN_CLASS = re.compile("(?:{})(?:-[A-Za-z]+)*".format(
    "|".join(sorted(set(STANDARD_TYPES.values()) - {""}, key=len, reverse=True))))
_LANGUAGE_CLASS = re.compile(r"language-[\w+#.-]{1,40}")
_CODE_ELEMENTS = frozenset({"div", "pre", "code"})
# Class lists split on ASCII white space only, as a browser splits them.
_CLASS_SEPARATOR = re.compile(r"[\t\n\f\r ]+")
# The prefix of every id (and in-page link) that notes write, on the pages that hold notes:
# no note can then stand in for an element the theme's or the site's scripts look up by id
# (material reads #__config), nor name a global (an id with a hyphen is no identifier).
NOTE_ID_PREFIX = "note-"


_STRUCTURE = frozenset({"html", "head", "body"})
# What the URL standard's parser strips before it reads a URL: every tab and newline, and C0
# controls and spaces at either end.
_URL_STRIPPED = re.compile(r"[\t\n\r]")
_URL_TRIMMED = "".join(map(chr, range(0x21)))
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
LINK_SCHEMES = frozenset({"http", "https", "mailto"})

_FOREIGN = {"svg": "SVG", "math": "MathML"}
_EMBEDS = frozenset({"iframe", "frame", "frameset", "object", "embed", "applet", "video",
                     "audio", "source", "track", "picture", "portal", "fencedframe"})

MAX_NESTING = 32  # open '[' at once, list/quote levels: far beyond what notes need
MAX_TAGS = 2_000  # raw HTML tags in one note: Python-Markdown takes ~0.5 ms each
# Python-Markdown's work grows with the square of a block (a run of lines without a blank
# line): block processors split and re-join it line by line (8,000 headings in a row take
# 20 s), every link makes it scan the whole block again in Python (`[a](b) ` * 1,000 takes
# 20 s; an unclosed `](` scans to the block's end each time: `[](` * 20,000 takes minutes),
# and every other inline match copies it. Far beyond real notes, these bound each file to a
# second or so of rendering (benchmarks/safety.py measures the worst shapes at the limits).
MAX_BLOCK_LINES = 500
# Per file, summed over its blocks (list items and table rows each apart: Markdown renders
# their text apart):
MAX_BLOCK_WORK = 500_000  # each block's lines, squared
MAX_LINK_WORK = 2_000_000  # each text's characters x its '[', plus what each '](' scans
MAX_INLINE_WORK = 100_000_000  # each text's characters x its inline markers
_INLINE_MARKERS = re.compile(r"[*_`<&~!]")
_TAG_START = re.compile(r"<[A-Za-z/!?]")


@dataclass(frozen=True, order=True)
class Finding:
    """One thing the notes render to that is not allowed: what it is, and how to fix it."""

    what: str
    fix: str

    def __str__(self) -> str:
        return f"{self.what}; {self.fix}"


def browser_url(value: str) -> str:
    """An attribute's URL as the browser's URL parser reads it, before it parses it."""
    return _URL_STRIPPED.sub("", value).strip(_URL_TRIMMED)


def url_scheme(value: str) -> str | None:
    """The scheme a browser reads from an attribute value, lowercased; None if relative."""
    m = _SCHEME.match(browser_url(value))
    return m.group(1).lower() if m else None


def _is_in_site(value: str) -> bool:
    """A relative URL that stays on this site: no scheme, no `//host` (nor `/\\host`)."""
    return url_scheme(value) is None and not browser_url(value).replace("\\", "/") \
        .startswith("//")


_DECLARATION = re.compile(r"<!(?!--)")
_BEFORE_ID = "tn-safety-before"
_WRAP_ID = "tn-safety-wrapper"
_END_ID = "tn-safety-end"
_OWN_IDS = frozenset({_BEFORE_ID, _WRAP_ID, _END_ID})


@dataclass(frozen=True)
class Judged:
    """What the allowlist found in a piece of HTML, and the tree it judged, serialised: the
    HTML to publish (a browser builds this tree from either; other readers of the page, a feed
    reader or another renderer, may not build it from the original)."""

    findings: list[Finding]
    html: str


def judge_html(html: str, classes: Collection[str] = PAGE_CLASSES,
               extra: Mapping[str, frozenset[str]] | None = None,
               namespace_ids: bool = False) -> Judged:
    """Everything in a piece of HTML that is not on the allowlist, as a browser parses it in
    a page, and the judged tree as HTML (with `namespace_ids`, every id, anchor name and
    in-page link prefixed with NOTE_ID_PREFIX).

    The HTML is parsed as it stands in a page: after the page's own text (a browser drops a
    `<frameset>` there, where at the start of a document it would replace the body), inside a
    wrapper, with a marker after it. If the marker does not end up right after the wrapper,
    the HTML left an element open (or closed one of the page's own), which would swallow or
    hide what follows it on the page.
    """
    tree = LexborHTMLParser(f'<!DOCTYPE html><p id="{_BEFORE_ID}">.</p>'
                            f'<div id="{_WRAP_ID}">{html}</div><p id="{_END_ID}"></p>.')
    findings = _node_findings(tree, classes, extra)
    if _DECLARATION.search(html):
        # Inert in a browser (a bogus comment), but MkDocs reads each page with html.parser,
        # which fails on some of them: `<![><img src="]>` ended the build in a traceback.
        findings.append(Finding("a markup declaration (<!...> or <![CDATA[...]]>) is not "
                                "allowed in notes",
                                "remove it; an HTML comment is written <!-- like this -->"))
    unclosed = _unclosed(tree)
    if unclosed and unclosed not in findings:
        findings.append(unclosed)
    wrapper = tree.css_first(f"#{_WRAP_ID}")
    if findings or wrapper is None:
        return Judged(findings, "")
    if namespace_ids:
        _namespace_ids(wrapper)
    keep_leading_line_ends(wrapper)
    return Judged(findings, wrapper.inner_html or "")


# The HTML parser drops one line end that begins these elements' content, and lexbor's
# serialiser does not write it back (as the spec's serialiser once did), so a text that
# begins with a line end needs another before it or it would lose its first line.
LEADING_LINE_END_DROPPED = "pre, textarea, listing"


def keep_leading_line_ends(node: LexborNode) -> None:
    """Write back the line end the parser dropped, so that `node` serialised and parsed
    again has the text it has (`<pre>` + a blank line + text keeps its blank line)."""
    for element in node.css(LEADING_LINE_END_DROPPED):
        first = element.first_child
        if first is not None and first.is_text_node and (first.text_content or "")[:1] == "\n":
            first.replace_with("\n" + (first.text_content or ""))


def _node_findings(tree: LexborHTMLParser, classes: Collection[str],
                   extra: Mapping[str, frozenset[str]] | None) -> list[Finding]:
    """The findings of every element of the tree, each once, in document order (a box's
    unknown type words are dropped on the way: see _drop_unknown_box_words)."""
    findings: dict[Finding, None] = {}
    skip_below: LexborNode | None = None
    for node in tree.root.traverse(include_text=False) if tree.root else ():
        tag = node.tag or ""
        if not node.is_element_node or node.attributes.get("id") in _OWN_IDS:
            continue
        if tag in _STRUCTURE:
            # A <body> or <html> tag in content adds its attributes to the page's own.
            if node.attributes:
                findings[Finding(f"<{tag}> is not allowed in notes", "remove it: its "
                                 "attributes would apply to the whole page")] = None
            continue
        if skip_below is not None and _inside(node, skip_below):
            continue  # one finding for a refused element, not one per descendant
        skip_below = None
        allowed = ALLOWED.get(tag)
        if extra and tag in extra:
            allowed = (allowed or frozenset()) | extra[tag]
        if allowed is None:
            findings[_element_finding(tag)] = None
            skip_below = node
            continue
        if tag in _BOX_ELEMENTS and node.attributes.get("class"):
            _drop_unknown_box_words(node, classes)
        for name, value in node.attributes.items():
            finding = _attribute_finding(tag, name.lower(), value or "", allowed, classes)
            if finding:
                findings[finding] = None
    return list(findings)


def check_html(html: str, classes: Collection[str] = PAGE_CLASSES,
               extra: Mapping[str, frozenset[str]] | None = None) -> list[Finding]:
    """Everything in a piece of HTML that is not on the allowlist (see judge_html)."""
    return judge_html(html, classes, extra).findings


# A box's type words become its classes (`!!! note inline`, `??? tip`); a word the site does
# not style is dropped from the published box rather than refused: the box shows as a plain
# note, as lint.py warns, and `!!! note annotate` cannot switch on a script of the theme.
_BOX_ELEMENTS = frozenset({"div", "details"})


def _drop_unknown_box_words(node: LexborNode, classes: Collection[str]) -> None:
    words = [w for w in _CLASS_SEPARATOR.split(node.attributes.get("class") or "") if w]
    if node.tag == "div" and "admonition" not in words:
        return
    kept = [w for w in words if class_allowed(node.tag or "", w, classes)]
    if kept != words:
        node.attrs["class"] = " ".join(kept)


def _namespace_ids(wrapper: LexborNode) -> None:
    for node in wrapper.traverse(include_text=False):
        if not node.is_element_node:
            continue
        attrs = node.attrs
        for name in ("id", "name"):
            value = attrs.get(name)
            if value:
                attrs[name] = NOTE_ID_PREFIX + value
        href = browser_url(attrs.get("href") or "")
        if href.startswith("#") and len(href) > 1:
            attrs["href"] = "#" + NOTE_ID_PREFIX + href[1:]


def _inside(node: LexborNode, ancestor: LexborNode) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.mem_id == ancestor.mem_id:
            return True
        parent = parent.parent
    return False


def _element_finding(tag: str) -> Finding:
    if tag in _FOREIGN:
        return Finding(f"<{tag}> ({_FOREIGN[tag]}) is not allowed in notes",
                       "use an image file inside the site (![alt](image.png)) or describe it "
                       "in words")
    if tag in _EMBEDS:
        return Finding(f"<{tag}> is not allowed in notes: embeds load from other sites",
                       "remove it and link to it instead: [the video](https://...)")
    shown = tag if re.fullmatch(r"[\w:-]{1,40}", tag) else "an unknown element"
    return Finding(f"<{shown}> is not allowed in notes",
                   "write Markdown instead; the README's 'What notes may contain' lists the "
                   "HTML that is allowed")


def class_allowed(tag: str, word: str, classes: Collection[str] = PAGE_CLASSES) -> bool:
    """Whether a note's <tag> may carry the class `word` (with the site's `classes`)."""
    return (word in NOTE_CLASSES or word in classes
            or (tag == "span" and _TOKEN_CLASS.fullmatch(word) is not None)
            or (tag in _CODE_ELEMENTS and _LANGUAGE_CLASS.fullmatch(word) is not None))


def _attribute_finding(tag: str, name: str, value: str, allowed: frozenset[str],
                       classes: Collection[str]) -> Finding | None:
    shown = name if re.fullmatch(r"[\w:.-]{1,40}", name) else "an unknown attribute"
    if name == "class":
        return _class_finding(tag, value, classes)
    if name in ("title", "aria-label") and "<" in value:
        # The theme can show a title as a tooltip, written into the page as HTML.
        return Finding(f"{shown}= on <{tag}> may not hold '<'",
                       "write it without '<' (in words: 'less than')")
    if name == "style" and name in allowed:
        if _CELL_STYLE.fullmatch(value.strip()):
            return None
        return Finding(f"style= on <{tag}> is not allowed in notes (only table alignment)",
                       "remove it; align table columns with :--, :-: and --: in the "
                       "separator row")
    if name == "name" and tag == "a":
        return None if _CODELINE_NAME.fullmatch(value) else Finding(
            "name= on <a> is not allowed in notes", "remove it; headings get their own anchors")
    if name in _GLOBAL or name in allowed:
        return _url_finding(name, value)
    return _refused_attribute(tag, name, shown)


def _class_finding(tag: str, value: str, classes: Collection[str]) -> Finding | None:
    for word in _CLASS_SEPARATOR.split(value):
        if word and not class_allowed(tag, word, classes):
            shown_class = word if re.fullmatch(r"[\w.#+-]{1,40}", word) else "such a class"
            return Finding(f"class '{shown_class}' on <{tag}> is not allowed in notes: the "
                           "theme's scripts act on classes, so notes may use only the box "
                           "types and the classes the Markdown extensions write",
                           "remove it; the README's 'What notes may contain' lists them")
    return None


def _url_finding(name: str, value: str) -> Finding | None:
    """What is wrong with an allowed attribute's URL, read as the browser reads it."""
    if name == "href":
        scheme = url_scheme(value)
        if scheme is not None and scheme not in LINK_SCHEMES:
            return Finding(f"a link to a '{scheme[:20]}:' URL is not allowed in notes",
                           "use an http(s), mailto, relative or #fragment link")
    if name == "src" and not _is_in_site(value):
        return Finding("an image from another site (or a data: URL) is not allowed in "
                       "notes: the site makes no request to another host",
                       "copy the image into the site and use a relative path, or link to "
                       "it: [the image](https://...)")
    return None


def _refused_attribute(tag: str, name: str, shown: str) -> Finding:
    """The finding for an attribute that is not on the list, saying why where it can."""
    if name.startswith("on"):
        return Finding(f"the event handler {shown}= on <{tag}> is not allowed in notes",
                       "remove it: notes cannot run script")
    if name == "style":
        return Finding(f"style= on <{tag}> is not allowed in notes",
                       "remove it: styles can load from other sites or cover the page")
    if name.startswith("data-"):
        return Finding(f"the attribute {shown}= on <{tag}> is not allowed in notes: data-* "
                       "attributes steer the site's scripts (search, filters)", "remove it")
    if name in ("srcset", "poster", "background", "src", "formaction", "action", "xlink:href"):
        return Finding(f"{shown}= on <{tag}> is not allowed in notes: it loads from or "
                       "goes to another place", "remove it; images take a relative src only")
    return Finding(f"the attribute {shown}= on <{tag}> is not allowed in notes",
                   "remove it; the README's 'What notes may contain' lists what is allowed")


def _unclosed(tree: LexborHTMLParser) -> Finding | None:
    """What the HTML left open (or closed that it had not opened), or None when balanced."""
    body = tree.body
    end = tree.css_first(f"#{_END_ID}")
    if end is None:  # swallowed by a comment that does not end
        return Finding("an HTML comment is not closed", "close it with -->, or remove it")
    if body is None or end.parent is None:
        return _stray()
    children = [c for c in body.iter(include_text=True)
                if c.attributes.get("id") != _BEFORE_ID]
    if (len(children) == 3 and children[0].attributes.get("id") == _WRAP_ID
            and children[1].mem_id == end.mem_id and children[2].is_text_node):
        return None
    if end.parent.mem_id == body.mem_id:
        # The wrapper closed early (a stray closing tag), or the parser recreated a formatting
        # element left open around the text after the marker.
        for node in children[children.index(next(c for c in children
                                                  if c.mem_id == end.mem_id)):]:
            if node.is_element_node and node.mem_id != end.mem_id:
                return _open(node.tag or "?")
        return _stray()
    if end.parent.attributes.get("id") == _WRAP_ID:
        # The wrapper's own closing tag closed an element of the HTML instead.
        before = end.prev
        while before is not None and not before.is_element_node:
            before = before.prev
        return _open(before.tag if before is not None and before.tag else "?")
    node = end
    while node.parent is not None and node.parent.attributes.get("id") != _WRAP_ID \
            and node.parent.mem_id != body.mem_id:
        node = node.parent
    return _open(node.tag or "?")


def _open(tag: str) -> Finding:
    return Finding(f"<{tag}> is not closed", f"close it with </{tag}>: an open tag swallows "
                   "or hides the rest of the page")


def _stray() -> Finding:
    return Finding("a closing tag without its opening tag (such as </div>)",
                   "remove it: it would close the page's own elements")


# --- Notes: Markdown in, findings with lines out --------------------------------------------

_MARKDOWN: markdown.Markdown | None = None


# What follows the notes on their page (render.py: related talks, a conference's listing):
# a tag the notes leave open at their end reads on into it (`<iframe src=x <` is text alone,
# an iframe before a <div>), so the notes are judged with such a block after them. Another
# context can still read differently: the plugin's check of the page's HTML has the last word.
_AFTER_NOTES = (f'\n\n<div class="{RELATED}" markdown>\n\n- x <span class="{DETAILS}">y</span>'
                '\n\n</div>\n')


def render_markdown(body: str) -> str:
    """The HTML the site's Markdown extensions make of a body, as it stands on its page."""
    global _MARKDOWN
    if _MARKDOWN is None:
        _MARKDOWN = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)
    return _MARKDOWN.reset().convert(body + _AFTER_NOTES)


# The fast path. A body with none of these (outside code) cannot contain raw HTML, entities,
# attribute lists or images; `\\` is excluded so no escape can hide a character from the scans.
# A `<` before a space, digit, `=`, `-` or `<` starts no tag, comment or autolink, in
# Python-Markdown or in a browser ("latency < 5 ms", "<= 3", "<-"): it is text.
_NEEDS_RENDERING = re.compile(r"<(?![\s\d=<-])|<$|[&{\\\t]|!\[")
# Each link destination (`](url` and `]: url`): the only way left for a body to render to a
# URL. Markdown strips any white space around it (NBSP and U+3000 too), so only spaces and
# newlines may stand before it; a newline right after it ends the scan there: a browser would
# join the lines.
_LINK_TARGET = re.compile(r"\](?:\(|:)(\s*)([^\s)]*)(\s?)")
# Plain URL characters only (a backtick would make a code span that Markdown unwraps into the
# href), and a scheme, if any, that links may use.
_SAFE_TARGET = re.compile(
    r"(?:(?:https?|mailto):|(?![A-Za-z][A-Za-z0-9+.-]*:))[\w.~:/?#@!$%'*+,;=-]*",
                          re.IGNORECASE)
# Without `{` and `<`, a class can only come from an admonition or details type word
# (`!!! note inline`) or a fence's language (prefixed `language-`): a box whose words are not
# all allowed classes sends the body to rendering.
_BOX_WORDS = re.compile(r"(?:!!!|\?\?\?\+?) ?([\w-]+(?: +[\w-]+)*)")
# Code, which Markdown escapes, may hold `<` and `{`: fenced code (as the block scanner finds
# it) that opens at the left margin after a blank line, with a plain language word at most,
# where Markdown surely keeps it code (a fence in a paragraph, list or quote can be put back
# as text, and options or attributes such as `{.class}` add markup of their own); and code
# spans on lines whose backticks all pair up on that line (then Markdown pairs them alike).
_FENCE_OPEN = re.compile(r"(`{3,}|~{3,}) *[\w+#.-]{0,40} *")
_CODE_SPAN = re.compile(r"(`+)(.+?)(?<!`)\1(?!`)")


def _without_code(body: str, lines: Lines) -> str | None:
    """The body with its code left out, or None when where code is cannot be told surely."""
    out: list[str] = []
    opening: Line | None = None  # the opening line of the fence the scan is in
    for index, (line, raw) in enumerate(zip(lines, body.split("\n"), strict=True)):
        if line.kind == "fence" and opening is None:
            before = lines[index - 1].kind if index else "blank"
            if line.indent or before not in ("blank", "fence") or \
                    not _FENCE_OPEN.fullmatch(line.fence):
                return None
            opening = line
            continue
        if line.fenced:
            if line.kind == "fence":
                opening = None  # the closing line
            continue
        if "`" in raw:
            raw = _CODE_SPAN.sub(" ", raw)
            if "`" in raw:
                return None
        out.append(raw)
    return "\n".join(out)


def fast_path_safe(body: str) -> bool:
    """True when the body provably renders to allowed HTML only, without rendering it.

    Outside code, without `<` and `&` the HTML holds only what Markdown itself writes (text is
    escaped); without `{` no attribute list adds attributes; without `![` no image; Markdown's
    own elements and classes are all on the list unless a type word is reserved; what is left
    is the URL of links: each `](` or `]:` in the body (code included) is followed by an
    http(s)/mailto URL, a relative one (no scheme), or no URL at all, in plain characters.
    tests/markdown/test_safety.py checks this claim against the full check, vectors and generated
    bodies alike.
    """
    prose = _without_code(body, scan(body))
    if prose is None or _NEEDS_RENDERING.search(prose) or "\\" in body:
        return False
    if any(not NOTE_CLASSES.issuperset(m.group(1).split()) for m in _BOX_WORDS.finditer(body)):
        return False
    return all(m.group(1).strip(" \n") == "" and _SAFE_TARGET.fullmatch(m.group(2))
               and m.group(3) in ("", " ") for m in _LINK_TARGET.finditer(body))


_BRACKETS = re.compile(r"\\.|[\[\]]")
_DEPTH_LINE = re.compile(r"^[ \t>*+\-\d.)]*")


def too_deep(body: str) -> tuple[int, str] | None:
    """(0-based line, why) when the body is nested too deeply for Markdown to render in
    bounded time, else None.

    Python-Markdown backtracks over unclosed `[` (minutes for 24,000) and recurses once per
    list or quote level (a RecursionError at a few hundred).
    """
    if body.count("[") > MAX_NESTING:
        open_now = 0
        for m in _BRACKETS.finditer(body):
            if m.group() == "[":
                open_now += 1
                if open_now > MAX_NESTING:
                    return body.count("\n", 0, m.start()), f"more than {MAX_NESTING} '[' open"
            elif m.group() == "]":
                open_now = max(0, open_now - 1)
    for index, line in enumerate(body.split("\n")):
        lead = _DEPTH_LINE.match(line)
        if lead and len(lead.group()) > 4 * MAX_NESTING:
            quotes = lead.group().count(">")
            if quotes + len(lead.group()) // 4 > MAX_NESTING or quotes > MAX_NESTING:
                return index, f"more than {MAX_NESTING} levels of lists or quotes"
    return None


def _blocks(body: str) -> Iterator[tuple[int, list[Line]]]:
    """(0-based first line, lines) of each run of non-blank lines, as Markdown's block parser
    gets them: a fence, or a block of raw HTML, stands there as one line (their
    preprocessors leave a placeholder, and nothing in it is parsed again)."""
    run: list[Line] = []
    start = 0
    in_fence = False
    for index, line in enumerate(scan(body)):
        if line.kind == "blank":
            if run:
                yield start, run
            run = []
            continue
        if line.kind == "fence":
            in_fence = not in_fence
            if not in_fence:
                continue  # the closing line: the opening one stands for the fence
        elif line.kind == "code" or (line.kind == "html" and run and run[-1].kind == "html"):
            continue
        if not run:
            start = index
        run.append(line)
    if run:
        yield start, run


def _inline_texts(lines: Sequence[Line]) -> list[str]:
    """The texts Markdown renders apart in a block: each item of a list that starts the
    block, each row of a table, else the whole block (a list cannot start inside a
    paragraph, so only a block that opens with an item is split at items)."""
    if lines[0].kind == "list_item":
        texts: list[list[str]] = []
        for line in lines:
            if line.kind == "list_item" or not texts:
                texts.append([])
            texts[-1].append(_source(line))
        return ["\n".join(text) for text in texts]
    if lines[0].kind == "table_row":
        return [_source(line) for line in lines]
    return ["\n".join(_source(line) for line in lines)]


def _source(line: Line) -> str:
    return " " * line.indent + line.text


def _paren_work(text: str) -> int:
    """What Markdown's link parser scans after each `](`: to the matching `)`, or to the end
    of the block when it never closes."""
    open_at: list[int] = []
    work = 0
    for m in re.finditer(r"\\.|\]\(|[()]", text):
        token = m.group()
        if token in ("](", "("):
            open_at.append(m.end() if token == "](" else -1)
        elif token == ")" and open_at:
            began = open_at.pop()
            if began >= 0:
                work += m.start() - began
    return work + sum(len(text) - began for began in open_at if began >= 0)


def too_costly(body: str) -> tuple[int, str, str] | None:
    """(0-based line, what, fix) for the block at which rendering the body would take
    Markdown too long (see MAX_BLOCK_LINES), else None."""
    block_work = link_work = inline_work = 0
    for start, lines in _blocks(body):
        if len(lines) > MAX_BLOCK_LINES:
            return (start, f"{len(lines):,} lines in a row without a blank line, more than "
                    f"{MAX_BLOCK_LINES} (Markdown's time grows with the square of a block)",
                    "split it with blank lines, or put code in a ``` fence")
        block_work += len(lines) ** 2
        for text in _inline_texts(lines):
            link_work += len(text) * text.count("[") + _paren_work(text)
            inline_work += len(text) * len(_INLINE_MARKERS.findall(text))
        if link_work > MAX_LINK_WORK:
            return (start, "the links from here on take Markdown too long to render (it "
                    "scans a whole block again for each '[', and to its end for a '](' that "
                    "is never closed)", "close every '](' with ')', write \\[ for a bracket "
                    "that is no link, or split long blocks with blank lines")
        if block_work > MAX_BLOCK_WORK or inline_work > MAX_INLINE_WORK:
            return (start, "the notes from here on take Markdown too long to render (long "
                    "blocks of lines without a blank line, or of markup)",
                    "split long blocks with blank lines")
    return None


def _unreadable_declaration(body: str) -> int | None:
    """The line of a `<!` that MkDocs' reading of the source fails on, or None.

    MkDocs feeds every page's Markdown, code included, to Python's html.parser to collect
    anchors; `<![>` and its like make it raise, and the build ends in a traceback.
    """
    if "<!" not in body:
        return None
    parser = _SourceParser()
    try:
        parser.feed(body)
        parser.close()
    except Exception:  # html.parser's own AssertionError/ValueError: any failure is the same
        return body.count("\n", 0, parser.rawdata_offset())
    return None


class _SourceParser(htmlparser.HTMLParser):
    """html.parser as MkDocs runs it over the source (only whether it fails matters)."""

    def rawdata_offset(self) -> int:
        line, column = self.getpos()
        lines = self.rawdata.split("\n")
        return sum(len(x) + 1 for x in lines[:line - 1]) + column


def check_markdown(body: str, render: bool = True) -> list[tuple[int, Finding]]:
    """(0-based line index, finding) for everything the body renders to that is not allowed.

    With `render=False` only what needs no rendering is judged: the MkDocs plugin checks the
    HTML MkDocs renders anyway, so the notes are not rendered twice.
    """
    deep = too_deep(body)
    if deep:
        return [(deep[0], Finding(f"the notes are nested too deeply ({deep[1]})",
                                  "flatten the lists or quotes, or close the brackets"))]
    tags = len(_TAG_START.findall(body))
    if tags > MAX_TAGS:
        return [(0, Finding(f"the notes hold {tags:,} HTML tags, more than {MAX_TAGS:,} (Markdown "
                            "takes minutes over them)", "write Markdown instead of raw HTML"))]
    costly = too_costly(body)
    if costly:
        return [(costly[0], Finding(costly[1], costly[2]))]
    unreadable = _unreadable_declaration(body)
    if unreadable is not None:
        return [(unreadable, Finding("MkDocs cannot read the '<!' on this line (a markup "
                                     "declaration it does not know)",
                                     "write &lt;! instead, or remove it"))]
    if not render or fast_path_safe(body):
        return []
    findings = check_html(render_markdown(body))
    return [(first_line(body, f) or 0, f) for f in findings] if findings else []


def first_line(body: str, finding: Finding,
               render: Callable[[str], str] = render_markdown) -> int | None:
    """The first line (0-based) whose rendering shows the finding, None if the body's does not.

    Found by rendering prefixes, which only a failing body pays for (a binary search, a dozen
    renderings at most)."""
    lines = body.split("\n")
    lo, hi = 1, len(lines)
    if finding not in check_html(render(body)):
        return None
    while lo < hi:
        mid = (lo + hi) // 2
        if finding in check_html(render("\n".join(lines[:mid]))):
            hi = mid
        else:
            lo = mid + 1
    return lo - 1


def judge_page(html: str, page: str, source: PageSource | None,
               render: Callable[[str], str] = render_markdown) -> tuple[list[Problem], str]:
    """The findings in a page's rendered HTML, as problems of the file the page comes from,
    and the HTML to publish: the judged tree, with the ids of notes namespaced.

    The line is found by rendering the notes of that one file again with `render` (the site's
    own Markdown), only when there is a finding; what that rendering does not show is put at
    the notes' first line.
    """
    if source is None:  # a listing: values of many files, and the site's own charts
        judged = judge_html(html, SITE_CLASSES, extra=LISTING_ELEMENTS)
        return [Problem(page, 0, f"{f} (in this generated page; it shows values of several "
                        "talk files: look for this text in their front matter)")
                for f in judged.findings], judged.html
    judged = judge_html(html, namespace_ids=True)
    problems = []
    for finding in judged.findings:
        index = first_line(source.notes, finding, render) if source.notes else None
        problems.append(Problem(source.path, source.notes_line + (index or 0), str(finding)))
    return problems, judged.html
