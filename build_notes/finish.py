"""The stages that need the built pages, for the pages of any renderer.

Each generated page's rendered HTML is judged by the allowlist (markdown/safety.py) and the
judged tree is what is published; a talk page is wrapped for the search with its metadata as
words; every page links the feed from its head and gets the search box in its header, and the
search keeps the record of each finished talk page (search/records.py); after the last page,
the search's index, facets and result files are written from those records.

The MkDocs plugin calls these steps as MkDocs renders each page: `publish_content` on a
page's content, `finish_page` on the whole page, `finish_not_found` on the 404 page, and
`build_search` after the build, with the records `finish_page` collected. `build-notes finish
SITE_DIR` (`finish_site`) runs the same steps on the pages another renderer (Zensical) built
from what `build-notes generate` wrote: it finds each generated page's content in the theme's
`<article>` and judges that.
"""

from __future__ import annotations

import dataclasses
import html
import importlib
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import markdown
import yaml
from selectolax.lexbor import LexborHTMLParser

from build_notes import memo
from build_notes.content.model import Corpus, PageSource, Problem, Talk
from build_notes.content.schema import (
    extension_list,
    extensions_difference,
    extensions_refusal,
    load_schema,
)
from build_notes.errors import TalkNotesError
from build_notes.markdown.safety import NOTE_ID_PREFIX, judge_page, render_markdown
from build_notes.pipeline import Result, build
from build_notes.search.facets import FacetError, search_files
from build_notes.search.page_text import (
    SEARCH_BODY,
    NameFinder,
    alias_names,
    mark_parts,
    talk_markup,
    with_header_box,
)
from build_notes.search.records import PageRecord, RecordError, tree_record
from build_notes.site.compact import compact, compact_tree
from build_notes.site.feed import FEED
from build_notes.site.group import Groups
from build_notes.site.index_pages import not_found_html
from build_notes.site.pieces import RenderOptions
from build_notes.site.theme_patch import ThemePatchError, insert_before
from build_notes.site.urls import HOME, SEARCH, link, page_sources, page_url, talk_uri
from build_notes.text import plural


class FinishError(TalkNotesError):
    """A step after the build could not be done (the search's files, a page that is not what
    the step expects)."""


# The markup that says a page was finished: the feed link in its head.
_FEED_LINK = '<link rel="alternate" type="application/atom+xml"'
NOT_FOUND_PAGE = "404.html"


@dataclass(frozen=True)
class Settings:
    """What the steps read of the site's configuration (mkdocs.yml)."""

    site_name: str = "Talk notes"
    site_url: str = ""
    directory_urls: bool = True
    search: bool = True  # the plugin's `search`: the search box, page and index
    repo_url: str = ""
    edit_uri: str = ""
    markdown_extensions: tuple[str, ...] = ()
    markdown_configs: Mapping[str, Any] = field(default_factory=dict)

    def render(self, text: str) -> str:
        """Notes as this site's Markdown renders them, to find the line of a problem that
        only the site's extensions produce (run for failing pages only)."""
        if not self.markdown_extensions:
            return render_markdown(text)
        return markdown.Markdown(extensions=list(self.markdown_extensions),
                                 extension_configs=dict(self.markdown_configs)).convert(text)


@dataclass(frozen=True)
class GeneratedPages:
    """The generated pages, as the per-page steps need them."""

    sources: Mapping[str, PageSource | None]  # src_uri -> the file it comes from (None: several)
    search_markup: Mapping[str, str]  # a talk page's metadata as words, for the search
    render: Callable[[str], str]  # the site's Markdown (Settings.render)
    # The names of several words in the talks' metadata, found in the notes for the search.
    names: NameFinder | None = None

    @classmethod
    def of(cls, result: Result, settings: Settings) -> GeneratedPages:
        assert result.pages is not None and result.groups is not None  # no errors
        sources = page_sources(result.corpus)
        names = NameFinder.of(result.corpus) if settings.search else None
        markup = _search_markup(result.corpus, result.groups, result.corpus.talks, names)
        return cls({uri: sources.get(uri) for uri in result.pages}, markup, settings.render,
                   names)

    def revised(self, corpus: Corpus, groups: Groups, talks: Iterable[Talk]) -> GeneratedPages:
        """These pages with what comes from `talks`, saved again with the same names, as
        they are in `corpus`."""
        talks = list(talks)
        sources = page_sources(dataclasses.replace(corpus, talks=tuple(talks), conferences=()))
        return GeneratedPages({**self.sources, **sources}, {
            **self.search_markup, **_search_markup(corpus, groups, talks, self.names)},
            self.render, self.names)


def _search_markup(corpus: Corpus, groups: Groups, talks: Iterable[Talk],
                   names: NameFinder | None) -> dict[str, str]:
    """{a talk page: its metadata as words for the search} of `talks` (none without the
    search, `names`)."""
    if names is None:
        return {}
    formats = load_schema().formats
    tag_aliases = dict(corpus.tag_aliases)
    return {talk_uri(t): talk_markup(t, groups, formats, names, tag_aliases) for t in talks}


def publish_content(content: str, src_uri: str, pages: GeneratedPages) -> tuple[list[Problem], str]:
    """The problems in a generated page's rendered content, and the HTML to publish: the
    judged tree (ids of notes namespaced), a talk page's wrapped for the search."""
    problems, judged = judge_page(content, f"the generated page {src_uri}", pages.sources[src_uri],
                                  pages.render)
    markup = pages.search_markup.get(src_uri)
    if markup is not None and not problems:
        # The search reads only talk pages (the listings would repeat their words).
        judged = f"<div {SEARCH_BODY}>{mark_parts(judged)}{markup}</div>"
    return problems, judged


def finish_page(page_html: str, dest_uri: str, settings: Settings,
                records: dict[str, PageRecord] | None = None) -> str:
    """The page at `dest_uri` (its file under the site) with the feed linked from its head
    and, with the search, the search box in its header, without the bytes no reader sees
    (compact). Given `records` (the caller gives them for a talk page), the page's record
    for the search goes there, by its URL."""
    feed = f'{_FEED_LINK} title="{html.escape(settings.site_name)}" href="{link(dest_uri, FEED)}">'
    page_html = insert_before(page_html, "</head>", f"  {feed}\n  ",
                              "link the feed from the page's head")
    if settings.search:
        # material's own box needs its search plugin, whose index every first view loads.
        search = link(dest_uri, page_url(SEARCH, settings.directory_urls)) or "./"
        page_html = with_header_box(page_html, search)
    # One parse for both: the record's words are the same with the white space cut.
    tree = LexborHTMLParser(page_html)
    compact_tree(tree)
    finished = tree.html or page_html
    if records is not None:
        url = dest_uri.removesuffix("index.html") if settings.directory_urls else dest_uri
        try:
            records[url] = tree_record(tree, url)  # last: it cuts what the text leaves out
        except RecordError as e:
            raise FinishError(str(e)) from e
    return finished


def finish_not_found(page_html: str, settings: Settings) -> str:
    """The 404 page, served at any address: its box goes to the site's root search page
    (search.js corrects the address from where the script itself was loaded)."""
    if settings.search:
        root = urlsplit(settings.site_url or "/").path.rstrip("/")
        page_html = with_header_box(page_html, f"{root}/{page_url(SEARCH)}")
    return compact(page_html)


def build_search(site_dir: Path, corpus: Corpus, directory_urls: bool,
                 records: Mapping[str, PageRecord]) -> list[str]:
    """The search's index, facets and result files, from the `records` of the talk pages
    (by URL, as finish_page collects them); the paths written, relative to `site_dir`."""
    try:
        files = search_files(corpus.talks,
                             lambda t: page_url(talk_uri(t), directory_urls),
                             records, alias_names(corpus.themes, corpus.tag_aliases))
    except FacetError as e:
        raise FinishError(f"the search's files could not be written: {e}") from e
    for path, content in files.items():
        (site_dir / path).parent.mkdir(parents=True, exist_ok=True)
        (site_dir / path).write_bytes(content)
    return list(files)


# --- build-notes finish: the same steps on pages another renderer built --------------------

_ARTICLE = '<article class="md-content__inner md-typeset">'


# An icon's elements (Material's and Zensical's icons are inline SVG).
_ICON_ELEMENTS = frozenset({"svg", "g", "path", "circle", "ellipse", "rect", "line", "polyline",
                            "polygon"})


def _theme_lead(lead: str, page: str) -> LexborHTMLParser:
    """What the theme writes in the article before a page's content (Zensical's skip
    anchor, Material's edit and view buttons); anything else there is refused, since it
    would be published unjudged."""
    tree = LexborHTMLParser(f"<!DOCTYPE html><div id='tn-lead'>{lead}</div>")
    wrapper = tree.css_first("#tn-lead")
    assert wrapper is not None
    for node in wrapper.iter(include_text=True):
        if not node.is_element_node:
            if (node.text_content or "").strip():
                raise FinishError(f"{page}: text before the page's title in the theme's "
                                  "article; was the site built from build-notes generate?")
            continue
        attrs = node.attributes
        skip = node.tag == "a" and attrs.get("id") == "__skip" and not node.child
        button = node.tag == "a" and "md-content__button" in (attrs.get("class") or "").split() \
            and [n.tag for n in node.css("*") if n.tag not in _ICON_ELEMENTS] == ["a"]
        if not (skip or button):
            raise FinishError(f"{page}: the theme's article holds {node.html!r} before the "
                              "page's title, which talk-notes does not know; was the site "
                              "built from build-notes generate, with a theme it is tested with?")
    return tree


def _with_edit_link(lead: str, source: PageSource, settings: Settings, docs_dir: Path) -> str:
    """The theme's edit button of a talk page pointed at the talk's own file, as the plugin
    points it (the renderer points it at the generated page)."""
    if not (settings.repo_url and settings.edit_uri):
        return lead
    # As MkDocs joins them (Page._set_edit_url), with the talk's path from the docs folder.
    edit_uri = settings.edit_uri.rstrip("/") + "/"
    target = html.escape(urljoin(settings.repo_url.rstrip("/") + "/", edit_uri + Path(
        os.path.relpath(source.path, docs_dir)).as_posix()), quote=True)
    return re.sub(r'(<a\b[^>]*\bhref=")[^"]*("[^>]*\brel="edit")', rf"\g<1>{target}\g<2>", lead)


def _namespace_links(page_html: str, ids: set[str]) -> str:
    """Links to the content's ids from outside it (the theme's table of contents) as the
    judged content names them (NOTE_ID_PREFIX)."""
    def prefixed(match: re.Match[str]) -> str:
        target = html.unescape(match.group(1))
        return f'href="#{html.escape(NOTE_ID_PREFIX + target)}"' if target in ids \
            else match.group(0)
    return re.sub(r'href="#([^"]*)"', prefixed, page_html)


def finish_built_page(page_html: str, src_uri: str, pages: GeneratedPages, page: str,
                      settings: Settings, docs_dir: Path) -> tuple[list[Problem], str]:
    """A generated page as another renderer built it, with its content judged and published
    as the plugin publishes it (publish_content): the content is what follows the theme's
    own lead in its article, from the page's title on."""
    start = page_html.find(_ARTICLE)
    end = page_html.rfind("</article>")
    if start < 0 or end < start:
        raise FinishError(f"{page}: no {_ARTICLE} in the page; talk-notes finishes pages "
                          "of Material's markup (Zensical, MkDocs with Material)")
    start += len(_ARTICLE)
    title = page_html.find("<h1", start, end)
    if title < 0:
        raise FinishError(f"{page}: the page has no title (<h1>) in its article")
    lead = page_html[start:title]
    _theme_lead(lead, page)
    source = pages.sources[src_uri]
    problems, judged = publish_content(page_html[title:end], src_uri, pages)
    if problems:
        return problems, page_html
    before, after = page_html[:start], page_html[end:]
    if source is not None:
        lead = _with_edit_link(lead, source, settings, docs_dir)
        ids = {i.removeprefix(NOTE_ID_PREFIX) for i in re.findall(r'\bid="([^"]*)"', judged)
               if i.startswith(NOTE_ID_PREFIX)}
        before, after = _namespace_links(before, ids), _namespace_links(after, ids)
    return [], before + lead + judged + "\n" + after


def with_not_found(page_html: str, groups: Groups, settings: Settings) -> str:
    """The renderer's 404 page with the plugin's article: a way home, a search box and the
    themes, linked from the site's root path (it is served at any address)."""
    start, end = page_html.find(_ARTICLE), page_html.rfind("</article>")
    if start < 0 or end < start:
        raise FinishError(f"{NOT_FOUND_PAGE}: no {_ARTICLE} in the page")
    start += len(_ARTICLE)
    title = page_html.find("<h1", start, end)
    start = max(start, title)  # the theme's own lead stays (Zensical's skip anchor)
    root = urlsplit(settings.site_url or "/").path
    article = not_found_html(groups, root, directory_urls=settings.directory_urls,
                             search=settings.search)
    return page_html[:start] + article + page_html[end:]


def dest_uri(src_uri: str, directory_urls: bool) -> str:
    """The file a page is written to under the site (MkDocs' and Zensical's layout)."""
    url = page_url(src_uri, directory_urls)
    return url + "index.html" if url.endswith("/") or not url else url


def _html_files(site_dir: Path) -> Iterator[str]:
    for path in sorted(site_dir.rglob("*.html")):
        yield path.relative_to(site_dir).as_posix()


def _check_unfinished(site_dir: Path, settings: Settings) -> None:
    """A built site that finish has not run on yet, or a FinishError that says why not."""
    home = site_dir / dest_uri(HOME, settings.directory_urls)
    if not home.is_file():
        raise FinishError(f"{site_dir}: no {home.relative_to(site_dir)}; give the folder the "
                          "renderer built (its site_dir)")
    if _FEED_LINK in home.read_text("utf-8"):
        raise FinishError(f"{site_dir} is finished already (its pages link the feed): build "
                          "it again with the renderer, then run build-notes finish once")


def _write_finished(site_dir: Path, finished: Mapping[str, str], groups: Groups,
                    settings: Settings, talk_pages: set[str]) -> dict[str, PageRecord]:
    """Every page of the site with what finish adds: the generated pages as judged, the 404
    page with its links, the feed link and the search box on all; and the records of the
    talk pages (`talk_pages`, files under the site) for the search."""
    records: dict[str, PageRecord] = {}
    dest = ""
    try:
        for dest in _html_files(site_dir):
            text = finished.get(dest) or (site_dir / dest).read_text("utf-8")
            if dest == NOT_FOUND_PAGE:
                text = finish_not_found(with_not_found(text, groups, settings), settings)
            else:
                text = finish_page(text, dest, settings,
                                   records if dest in talk_pages else None)
            (site_dir / dest).write_text(text, "utf-8")
    except (ThemePatchError, FinishError) as e:
        raise FinishError(f"{site_dir}/{dest}: {e}") from e
    return records


def finish_site(site_dir: Path, talks_dir: Path, settings: Settings, *, docs_dir: Path,
                shown_as: str | None = None) -> tuple[list[Problem], str]:
    """Run the steps on a site another renderer built: (problems, summary). Nothing is
    written when there is a problem; a site finished already is refused."""
    _check_unfinished(site_dir, settings)
    # The pages as generate rendered them (which pages, from which files): the home page's
    # introduction is no matter here, the built page has it.
    options = RenderOptions(site_name=settings.site_name,
                            site_url=settings.site_url, directory_urls=settings.directory_urls,
                            search=settings.search)
    # The notes are judged in the built pages, as the plugin judges them; the feed was
    # written by generate (no need for the files' history).
    result = build(talks_dir, options, shown_as=shown_as, render_notes=False,
                   memo=memo.for_tree(talks_dir, "build"), history=False)
    if result.pages is None or result.groups is None:
        return result.problems, ""
    groups = result.groups
    pages = GeneratedPages.of(result, settings)
    finished: dict[str, str] = {}
    warnings = [p for p in result.problems if p.severity != "note"]
    unsafe: list[Problem] = []
    missing = []
    for src_uri in result.pages:
        if not src_uri.endswith(".md"):
            continue  # the feed, Explore's data
        dest = dest_uri(src_uri, settings.directory_urls)
        path = site_dir / dest
        if not path.is_file():
            missing.append(dest)
            continue
        found, finished[dest] = finish_built_page(path.read_text("utf-8"), src_uri, pages,
                                                  f"{site_dir}/{dest}", settings, docs_dir)
        unsafe += found
    if missing:
        raise FinishError(f"{plural(len(missing), 'generated page')} missing from {site_dir} "
                          f"(the first: {missing[0]}); build the pages build-notes generate "
                          "wrote, with the same use_directory_urls")
    # In the order the plugin gives them (one listing, sorted, each problem once).
    problems = [*warnings, *sorted(set(unsafe))]
    if unsafe:
        return problems, ""
    talk_pages = {dest_uri(uri, settings.directory_urls) for uri in pages.search_markup}
    records = _write_finished(site_dir, finished, groups, settings, talk_pages)
    if settings.search:
        build_search(site_dir, result.corpus, settings.directory_urls, records)
    return problems, (f"Finished {plural(len(finished), 'generated page')} of {site_dir}"
                      + (f"; the search indexes {plural(len(result.corpus.talks), 'talk')}"
                         if settings.search else "") + ".")


# --- mkdocs.yml, read without MkDocs ----------------------------------------------------------

class _ConfigLoader(yaml.SafeLoader):
    """YAML as mkdocs.yml writes it: `!ENV` (an environment variable, or a default) and
    `!!python/name:` (an object named by the configuration, as MkDocs and Zensical import)."""


def _env(loader: _ConfigLoader, node: yaml.Node) -> Any:
    names = ([loader.construct_scalar(node)] if isinstance(node, yaml.ScalarNode)
             else loader.construct_sequence(node))  # type: ignore[arg-type]
    *variables, default = names if len(names) > 1 else [*names, None]
    return next((os.environ[str(v)] for v in variables if str(v) in os.environ), default)


def _python_name(loader: _ConfigLoader, suffix: str, node: yaml.Node) -> Any:
    module, _, name = suffix.rpartition(".")
    return getattr(importlib.import_module(module), name)


_ConfigLoader.add_constructor("!ENV", _env)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/name:", _python_name)
# MkDocs renders with these whatever mkdocs.yml lists (its MarkdownExtensions' builtins).
_BUILTIN_EXTENSIONS = ("toc", "tables", "fenced_code")


def _extensions(config_file: Path, listed: list[Any]) -> tuple[list[str], dict[str, Any]]:
    """mkdocs.yml's Markdown extensions, held to the ones validate renders notes with (as the
    plugin holds MkDocs to them): another renderer must show what validate passed."""
    extensions, configs = extension_list([*_BUILTIN_EXTENSIONS, *listed])
    difference = extensions_difference(extensions, configs, _BUILTIN_EXTENSIONS)
    if difference:
        raise FinishError(f"{config_file}: {extensions_refusal(difference)}")
    return extensions, configs


def read_settings(config_file: Path) -> Settings:
    """The settings of mkdocs.yml; the talk-notes plugin's `search` (or its old name,
    `pagefind`) when it is listed (another renderer's copy without the plugin: the search is
    made)."""
    try:
        data = yaml.load(config_file.read_text("utf-8"), Loader=_ConfigLoader) or {}
    except OSError as e:
        raise FinishError(f"{config_file}: cannot read it ({e.strerror}); give the site's "
                          "configuration with --config-file") from e
    except (yaml.YAMLError, ImportError, AttributeError) as e:
        line = getattr(getattr(e, "problem_mark", None), "line", -1) + 1
        raise FinishError(f"{config_file}:{line}: not a configuration talk-notes can read "
                          f"({e}); fix the line") from e
    if not isinstance(data, dict):
        raise FinishError(f"{config_file}:1: not a mapping of settings; is it mkdocs.yml?")
    extensions, configs = _extensions(config_file, data.get("markdown_extensions") or [])
    search = True
    for plugin in data.get("plugins") or []:
        name, options = (next(iter(plugin.items())) if isinstance(plugin, dict)
                         else (plugin, None))
        if name == "talk-notes":
            options = options or {}
            search = bool(options.get("search", options.get("pagefind", False)))
    return Settings(site_name=str(data.get("site_name") or "Talk notes"),
                    site_url=str(data.get("site_url") or ""),
                    directory_urls=bool(data.get("use_directory_urls", True)),
                    search=search, repo_url=str(data.get("repo_url") or ""),
                    edit_uri=str(data.get("edit_uri") or ""),
                    markdown_extensions=tuple(extensions), markdown_configs=configs)
