"""What notes may render to: an allowlist, enforced on the tree a browser would build.

Talks arrive from strangers, so nothing is judged by looking for known-bad things. The notes
are rendered to HTML with the site's Markdown extensions and the HTML is parsed with Lexbor
(through selectolax), an HTML5-spec parser: the tree it builds is the one Chromium builds,
comments, CDATA, `<noscript>` and foreign content included. Every element, attribute, class
and URL in that tree must be on the lists below; anything else is a `Finding` that says what
it is and how to fix it. The same check reads the HTML MkDocs made of every generated page,
so a different `mkdocs.yml` cannot reopen a hole (see plugin.py).

Most bodies never need rendering: `fast_path_safe` proves from the Markdown source alone that
the body cannot render to anything outside the list (see there), and only the rest is
rendered. `too_deep` refuses, before any rendering, the shapes that make Python-Markdown
recurse or backtrack for minutes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import markdown
from markdown.htmlparser import htmlparser  # type: ignore[attr-defined]  # MkDocs reads pages with it
from selectolax.lexbor import LexborHTMLParser, LexborNode

from build_notes.model import Problem
from build_notes.render import PageSource

# The site's Markdown extensions (mkdocs.yml), configured alike, so the validator sees the HTML
# the site will have. A different mkdocs.yml is still safe: the plugin checks MkDocs' own HTML.
EXTENSIONS = ["admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables", "toc",
              "pymdownx.details", "pymdownx.superfences", "pymdownx.highlight",
              "pymdownx.inlinehilite"]
# Without Pygments: its spans are escaped text with short classes, and skipping it halves the
# time of a rendering.
EXTENSION_CONFIGS: dict[str, dict[str, Any]] = {
    "toc": {"permalink": True},
    "pymdownx.highlight": {"anchor_linenums": True, "use_pygments": False}}

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
# Class names the site's own stylesheet and scripts (material's md-*, Pagefind's) act on; the
# tn-* classes render.py writes are granted by name.
_RESERVED_CLASS = re.compile(r"(md|tn)[-_]|pagefind", re.IGNORECASE)
SITE_CLASSES = frozenset({"tn-timestamp", "tn-meta", "tn-details", "tn-rating", "tn-tag",
                          "tn-related", "tn-counts", "tn-count", "tn-pager", "tn-explore",
                          "tn-facts", "tn-chart", "tn-muted", "tn-sequence", "tn-noscript-note",
                          "tn-bars", "tn-bar", "tn-bar-row", "tn-bar-label", "tn-bar-value",
                          "tn-search-page", "tn-search-labels", "tn-letters", "tn-index"})
# The site's own markup on listing pages (stats charts, Explore's and the search page's hooks
# for their scripts): only pages that no note reaches get it (plugin.py); notes never do.
LISTING_ELEMENTS: dict[str, frozenset[str]] = {
    "figure": frozenset({"aria-labelledby"}), "figcaption": frozenset(),
    # explore.js finds its data file and the count of talks on the table's wrapper;
    # search.js its page, and the names of filter values in a hidden list.
    "div": frozenset({"data-root", "data-total", "data-tn-search-page"}),
    "ul": frozenset({"hidden"}), "li": frozenset({"data-filter", "data-value"}),
    "noscript": frozenset(),
    "svg": frozenset({"viewbox", "width", "height", "preserveaspectratio", "xmlns",
                      "aria-labelledby", "focusable"}),
    "title": frozenset(), "desc": frozenset(),
    "text": frozenset({"x", "y", "text-anchor"}),
    "rect": frozenset({"x", "y", "width", "height", "rx"}),
}
_STRUCTURE = frozenset({"html", "head", "body"})
# What a browser strips from a URL before reading its scheme (URL standard).
_URL_STRIPPED = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
LINK_SCHEMES = frozenset({"http", "https", "mailto"})

_FOREIGN = {"svg": "SVG", "math": "MathML"}
_EMBEDS = frozenset({"iframe", "frame", "frameset", "object", "embed", "applet", "video",
                     "audio", "source", "track", "picture", "portal", "fencedframe"})

MAX_NESTING = 32  # open '[' at once, list/quote levels: far beyond what notes need
MAX_TAGS = 2_000  # raw HTML tags in one note: Python-Markdown takes ~0.5 ms each
_TAG_START = re.compile(r"<[A-Za-z/!?]")


@dataclass(frozen=True, order=True)
class Finding:
    """One thing the notes render to that is not allowed: what it is, and how to fix it."""

    what: str
    fix: str

    def __str__(self) -> str:
        return f"{self.what}; {self.fix}"


def url_scheme(value: str) -> str | None:
    """The scheme a browser reads from an attribute value, lowercased; None if relative."""
    cleaned = _URL_STRIPPED.sub("", value).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c"
                                                 "\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18"
                                                 "\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
    m = _SCHEME.match(cleaned)
    return m.group(1).lower() if m else None


def _is_in_site(value: str) -> bool:
    """A relative URL that stays on this site: no scheme, no `//host` (nor `/\\host`)."""
    cleaned = _URL_STRIPPED.sub("", value).strip().replace("\\", "/")
    return url_scheme(value) is None and not cleaned.startswith("//")


def _signature(node: LexborNode) -> tuple[str, tuple[tuple[str, str | None], ...], str]:
    return (node.tag or "", tuple(sorted(node.attributes.items())), node.text(deep=True))


def trusted_signatures(snippets: Iterable[str]) -> frozenset[tuple[Any, ...]]:
    """The elements of known markup (render.py's own script tags), as the check compares them."""
    found = set()
    for snippet in snippets:
        # In a <div>, as in a page's content: standing first, <script> would go to the head.
        root = LexborHTMLParser(f'<!DOCTYPE html><div id="{_WRAP_ID}">{snippet}</div>').root
        for node in root.traverse() if root else ():
            if node.is_element_node and node.tag not in _STRUCTURE \
                    and node.attributes.get("id") != _WRAP_ID:
                found.add(_signature(node))
    return frozenset(found)


_DECLARATION = re.compile(r"<!(?!--)")
_WRAP_ID = "tn-safety-wrapper"
_END_ID = "tn-safety-end"


def check_html(html: str, trusted: Collection[tuple[Any, ...]] = frozenset(),
               site_classes: Collection[str] = SITE_CLASSES,
               extra: Mapping[str, frozenset[str]] | None = None) -> list[Finding]:
    """Everything in a piece of HTML that is not on the allowlist, as a browser parses it.

    The HTML is parsed inside a wrapper, with a marker after it, as it stands in a page: if the
    marker does not end up right after the wrapper, the HTML left an element open (or closed
    one of the page's own), which would swallow or hide what follows it on the page.
    """
    tree = LexborHTMLParser(f'<!DOCTYPE html><div id="{_WRAP_ID}">{html}</div>'
                            f'<p id="{_END_ID}"></p>.')
    findings: list[Finding] = []
    seen: set[Finding] = set()

    def add(finding: Finding) -> None:
        if finding not in seen:
            seen.add(finding)
            findings.append(finding)

    skip_below: LexborNode | None = None
    for node in tree.root.traverse(include_text=False) if tree.root else ():
        tag = node.tag or ""
        if not node.is_element_node:
            continue
        attrs = node.attributes
        if tag in _STRUCTURE:
            # A <body> or <html> tag in content adds its attributes to the page's own.
            if attrs:
                add(Finding(f"<{tag}> is not allowed in notes", "remove it: its attributes "
                            "would apply to the whole page"))
            continue
        if attrs.get("id") in (_WRAP_ID, _END_ID):
            continue
        if skip_below is not None and _inside(node, skip_below):
            continue  # one finding for a refused element, not one per descendant
        skip_below = None
        if trusted and _signature(node) in trusted:
            continue
        allowed = ALLOWED.get(tag)
        if extra and tag in extra:
            allowed = (allowed or frozenset()) | extra[tag]
        if allowed is None:
            add(_element_finding(tag))
            skip_below = node
            continue
        for name, value in attrs.items():
            finding = _attribute_finding(tag, name.lower(), value or "", allowed, site_classes)
            if finding:
                add(finding)
    if _DECLARATION.search(html):
        # Inert in a browser (a bogus comment), but MkDocs reads each page with html.parser,
        # which fails on some of them: `<![><img src="]>` ended the build in a traceback.
        add(Finding("a markup declaration (<!...> or <![CDATA[...]]>) is not allowed in notes",
                    "remove it; an HTML comment is written <!-- like this -->"))
    unclosed = _unclosed(tree)
    if unclosed:
        add(unclosed)
    return findings


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


def _attribute_finding(tag: str, name: str, value: str, allowed: frozenset[str],
                       site_classes: Collection[str]) -> Finding | None:
    shown = name if re.fullmatch(r"[\w:.-]{1,40}", name) else "an unknown attribute"
    if name == "class":
        for word in value.split():
            if _RESERVED_CLASS.match(word) and word not in site_classes:
                return Finding(f"class '{word[:40]}' on <{tag}> is not allowed in notes: it "
                               "is reserved for the site's own styles and scripts", "remove it")
        return None
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
    children = list(body.iter(include_text=True))
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
_AFTER_NOTES = ('\n\n<div class="tn-related" markdown>\n\n- x <span class="tn-details">y</span>'
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
# URL. A newline right after it ends the scan there: a browser would join the lines.
_LINK_TARGET = re.compile(r"\](?:\(|:)[ \n]*([^\s)]*)(\n?)")
# Plain URL characters only (a backtick would make a code span that Markdown unwraps into the
# href), and a scheme, if any, that links may use.
_SAFE_TARGET = re.compile(
    r"(?:(?:https?|mailto):|(?![A-Za-z][A-Za-z0-9+.-]*:))[\w.~:/?#@!$%'*+,;=-]*",
                          re.IGNORECASE)
# A reserved class can only come from an admonition or details type word (`!!! md-x`) or a
# fence's language (always prefixed `language-`): any such word sends the body to rendering.
_RESERVED_WORD = re.compile(r"(?<![\w-])(?:md[-_]|tn[-_]|pagefind)", re.IGNORECASE)
# Code, which Markdown escapes, may hold `<` and `{`: fences at the left margin after a blank
# line with a plain language word, closed by the same fence alone on its line; and code spans
# on lines whose backticks all pair up on that line (then Markdown pairs them alike).
_FENCE_OPEN = re.compile(r"(`{3,}|~{3,}) *[\w+#.-]* *")
_CODE_SPAN = re.compile(r"(`+)(.+?)(?<!`)\1(?!`)")


def _without_code(body: str) -> str | None:
    """The body with its code left out, or None when where code is cannot be told surely."""
    out: list[str] = []
    fence: str | None = None
    previous = ""
    for line in body.split("\n"):
        if fence is not None:
            if line.rstrip(" ") == fence:
                fence = None
            previous = ""
            continue
        opening = _FENCE_OPEN.fullmatch(line)
        if opening and not previous.strip():
            fence = opening.group(1)
            continue
        if "`" in line:
            line = _CODE_SPAN.sub(" ", line)
            if "`" in line:
                return None
        out.append(line)
        previous = line
    return None if fence is not None else "\n".join(out)


def fast_path_safe(body: str) -> bool:
    """True when the body provably renders to allowed HTML only, without rendering it.

    Outside code, without `<` and `&` the HTML holds only what Markdown itself writes (text is
    escaped); without `{` no attribute list adds attributes; without `![` no image; Markdown's
    own elements and classes are all on the list unless a type word is reserved; what is left
    is the URL of links: each `](` or `]:` in the body (code included) is followed by an
    http(s)/mailto URL, a relative one (no scheme), or no URL at all, in plain characters.
    tests/test_safety.py checks this claim against the full check, vectors and generated
    bodies alike.
    """
    prose = _without_code(body)
    if prose is None or _NEEDS_RENDERING.search(prose) or _RESERVED_WORD.search(body) \
            or "\\" in body:
        return False
    return all(_SAFE_TARGET.fullmatch(m.group(1)) and not m.group(2)
               for m in _LINK_TARGET.finditer(body))


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


def page_problems(html: str, page: str, source: PageSource | None,
                  trusted: Collection[tuple[Any, ...]] = frozenset(),
                  render: Callable[[str], str] = render_markdown) -> list[Problem]:
    """The findings in a page's rendered HTML, as problems of the file the page comes from.

    The line is found by rendering the notes of that one file again with `render` (the site's
    own Markdown), only when there is a finding; what that rendering does not show is put at
    the notes' first line.
    """
    if source is None:  # a listing: values of many files, and the site's own charts
        return [Problem(page, 0, f"{f} (in this generated page; it shows values of several "
                        "talk files: look for this text in their front matter)")
                for f in check_html(html, trusted, extra=LISTING_ELEMENTS)]
    findings = check_html(html, trusted)
    problems = []
    for finding in findings:
        index = first_line(source.notes, finding, render) if source.notes else None
        problems.append(Problem(source.path, source.notes_line + (index or 0), str(finding)))
    return problems
