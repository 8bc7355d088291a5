"""The MkDocs adapter: runs the pipeline in `on_files` and hands MkDocs the generated pages.

Each hook is a few lines; all the work is in the MkDocs-free stages.
"""

from __future__ import annotations

import contextlib
import functools
import html
import os
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import markdown
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink
from mkdocs.utils import get_relative_url
from mkdocs.utils.templates import TemplateContext

from build_notes import memo
from build_notes.assets import ASSET_DIR, MODULES, SCRIPTS, STYLESHEETS, assets
from build_notes.content.model import Corpus, PageSource, Problem
from build_notes.content.schema import load_schema
from build_notes.markdown.safety import NOTE_ID_PREFIX, judge_page, trusted_signatures
from build_notes.mkdocs.served_problems import STAND_IN, problems_banner, with_banner
from build_notes.pipeline import build
from build_notes.search.facets import FacetError, read_fragments, search_files
from build_notes.search.page_text import (
    PAGEFIND_ARGS,
    NameFinder,
    alias_names,
    mark_parts,
    talk_markup,
    with_header_box,
)
from build_notes.site.feed import FEED
from build_notes.site.group import Groups
from build_notes.site.pages import (
    RenderOptions,
    explore_script,
    nav_without_missing,
    not_found_html,
)
from build_notes.site.theme_patch import ThemePatchError, insert_before
from build_notes.site.urls import (
    EXPLORE,
    HOME,
    INDEX_PAGES,
    SEARCH,
    link,
    page_sources,
    page_url,
    parent_uri,
    talk_uri,
)
from build_notes.text import plural

log = get_plugin_logger(__name__)


def _site_markdown(config: MkDocsConfig, text: str) -> str:
    """The notes as this site's Markdown renders them: to find the line of a problem that
    only the site's extensions produce. Used for failing pages only."""
    return markdown.Markdown(extensions=config.markdown_extensions,
                             extension_configs=config.mdx_configs).convert(text)


class TalkNotesConfig(base.Config):
    talks_dir = c.Dir(exists=True, default="talks")
    """The folder of talk files (themes.yml, a folder per conference), relative to mkdocs.yml."""
    pagefind = c.Type(bool, default=False)
    """Also index the built site's talk pages (Pagefind reads their text, search_index.py
    makes the index) and add a /search/ page with filters."""


class TalkNotesPlugin(BasePlugin[TalkNotesConfig]):
    serving = False  # set by on_startup; builds that skip it (tests, scripts) fail as before
    served_pages: tuple[str, ...] = ()  # the generated pages of the last good served build

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also makes MkDocs keep this instance for the whole process
        # (across serve's rebuilds, and across builds in one process): on_shutdown resets.
        self.serving = command == "serve"

    def on_shutdown(self) -> None:
        self.serving, self.served_pages = False, ()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # `mkdocs serve` keeps this instance across rebuilds: nothing may survive one.
        self.talks_dir = Path(self.config.talks_dir)
        self.shown_problems: list[Problem] = []  # while serving: the banner's list
        self.stand_ins: set[str] = set()  # while serving with errors: the stand-in pages
        # Every generated page (by src_uri) -> the file it comes from (None: several files).
        self.generated: dict[str, PageSource | None] = {}
        self.unsafe: list[Problem] = []
        self.groups: Groups | None = None
        self.corpus: Corpus | None = None  # the published talks, for the search's facets
        # The 404 page with links on (templates/404.html), after the user's custom_dir.
        templates = str(Path(__file__).parent / "templates")
        if templates not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, templates)
        self.search_markup: dict[str, str] = {}
        if self.config.pagefind and ("search" in config.plugins
                                     or "material/search" in config.plugins):
            log.warning("the `search` plugin and `pagefind: true` make two search boxes with "
                        "different results; remove `- search` from the plugins in mkdocs.yml")
        _add_assets(config)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        home = files.get_file_from_path(HOME)
        intro = home.content_string if home else ""
        # Messages name files as the repository does (talks/...), wherever mkdocs runs from.
        project_dir = Path(config.config_file_path or ".").parent
        shown_as = Path(os.path.relpath(self.talks_dir, project_dir)).as_posix()
        options = RenderOptions(home_intro=intro, site_name=config.site_name,
                                site_url=config.site_url or "",
                                directory_urls=config.use_directory_urls,
                                pagefind=self.config.pagefind)
        # The notes are rendered once, by MkDocs: on_page_content checks that HTML.
        result = build(self.talks_dir, options, shown_as=shown_as, render_notes=False,
                       memo=memo.for_tree(self.talks_dir, "build"))
        problems = [p for p in result.problems if p.severity != "note"]
        for note in result.problems:
            if note.severity == "note":
                log.info(str(note))
        if self.serving and problems:
            self._show_problems(problems)
            if result.pages is None:
                return self._stand_ins(files, config)
        else:
            for warning in result.warnings:
                log.warning(str(warning))
        if result.pages is None:
            lines = "\n".join(str(p) for p in result.errors)
            raise PluginError(f"{len(result.errors)} problem(s) in the talk files; nothing was "
                              f"built:\n{lines}")
        if home:
            files.remove(home)
        if config.nav:  # read after on_files: drop the tabs of pages with nothing to list
            config.nav = nav_without_missing(config.nav, result.pages)
        self.served_pages = tuple(result.pages)
        sources = page_sources(result.corpus)
        self.generated = {uri: sources.get(uri) for uri in result.pages}
        for generated_file in _generated_files(config, files, {**result.pages, **assets()},
                                               project_dir):
            files.append(generated_file)
        assert result.groups is not None  # there are pages
        self.groups, self.corpus = result.groups, result.corpus
        if self.config.pagefind:
            self.search_markup = _search_markup(result.corpus, result.groups)
        for talk in result.corpus.talks:
            # The edit link opens the talk's own file under talks/, not a generated path.
            file = files.get_file_from_path(talk_uri(talk))
            assert file is not None
            file.edit_uri = Path(os.path.relpath(project_dir / talk.source,
                                                 config.docs_dir)).as_posix()
        return files

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        # Generated pages stay out of the nav (listing every talk there would make the build
        # quadratic); a parent gives each one a breadcrumb (material's navigation.path reads
        # page.ancestors) and lights its section's tab (a page's `active` reaches its parents).
        for file in files.documentation_pages():
            parent_src = parent_uri(file.src_uri) if file.generated_by else None
            parent = files.get_file_from_path(parent_src) if parent_src else None
            if file.page is not None and parent is not None and parent.page is not None:
                file.page.parent = parent.page  # type: ignore[assignment]  # a Page, not a Section
        return nav

    def on_template_context(self, context: TemplateContext, /, *, template_name: str,
                            config: MkDocsConfig) -> TemplateContext:
        if template_name == "404.html" and self.groups is not None:
            context["tn_not_found"] = not_found_html(  # type: ignore[typeddict-unknown-key]
                self.groups, context["base_url"], directory_urls=config.use_directory_urls,
                search=self.config.pagefind)
        return context

    # Last of every plugin's on_page_content: the allowlist judges the HTML as it will be
    # published, whatever extensions or plugins made it (safety.py).
    @event_priority(-100)
    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        src_uri = page.file.src_uri
        if src_uri in self.generated:
            trusted = (trusted_signatures([explore_script(config.use_directory_urls)])
                       if src_uri == EXPLORE else frozenset())
            source = self.generated[src_uri]
            problems, judged = judge_page(html, f"the generated page {src_uri}", source,
                                          trusted, functools.partial(_site_markdown, config))
            self.unsafe += problems
            # What is published is the tree the allowlist judged, not the string MkDocs made;
            # on a page with notes their ids are namespaced, and so is its table of contents.
            html = judged
            if source is not None:
                _namespace_toc(page.toc)
        markup = self.search_markup.get(page.file.src_uri)
        if markup is not None:
            # Pagefind indexes only talk pages (the listings would repeat their words).
            html = f"<div data-pagefind-body>{mark_parts(html)}{markup}</div>"
        return html

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        # Every page is rendered before any is written: refuse before the site is.
        if self.unsafe:
            lines = "\n".join(str(p) for p in sorted(set(self.unsafe)))
            raise PluginError(f"{len(set(self.unsafe))} problem(s) in the rendered notes; "
                              f"nothing was built:\n{lines}")
        return env

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.config.pagefind and not self.stand_ins and self.corpus is not None:
            _run_pagefind(config.site_dir)
            _write_search_files(config, self.corpus)

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        # Feed readers look for the feed in the head of every page.
        href = link(page.file.dest_uri, FEED)
        feed = (f'<link rel="alternate" type="application/atom+xml" '
                f'title="{html.escape(config.site_name)}" href="{href}">')
        with _theme_patches(page.file.src_uri):
            output = insert_before(output, "</head>", f"  {feed}\n  ",
                                   "link the feed from the page's head")
            if self.config.pagefind:
                # The header's search box, on every page (material's needs its own search
                # plugin, whose index every first page view downloads).
                output = with_header_box(output, get_relative_url(
                    page_url(SEARCH, config.use_directory_urls), page.url or "."))
            return self._banner(output)

    def _show_problems(self, problems: list[Problem]) -> None:
        """While serving, the problems go in a banner on every page rather than failing the
        rebuild (see served_problems). Logged at info level: `strict` would abort it."""
        for problem in problems:
            log.info(str(problem))
        self.shown_problems = problems

    def _stand_ins(self, files: Files, config: MkDocsConfig) -> Files:
        errors = sum(1 for p in self.shown_problems if p.severity == "error")
        log.info("%s in the talk files; the served pages show them until they are fixed "
                 "(mkdocs build fails)", plural(errors, "problem"))
        home = files.get_file_from_path(HOME)
        if home:
            files.remove(home)
        self.stand_ins = {HOME, *INDEX_PAGES, *self.served_pages}
        for src_uri, content in {**dict.fromkeys(self.stand_ins, STAND_IN),
                                 **assets()}.items():
            if files.get_file_from_path(src_uri) is None:
                files.append(_generated(config, src_uri, content))
        return files

    def _banner(self, output: str) -> str:
        if not self.shown_problems:
            return output
        return with_banner(output, problems_banner(self.shown_problems))

    def on_post_template(self, output_content: str, /, *, template_name: str,
                         config: MkDocsConfig) -> str:
        with _theme_patches(template_name):
            # The 404 page is served at any address: its box goes to the site's root search
            # page (search.js corrects the address from where the script itself was loaded).
            if template_name == "404.html" and self.config.pagefind:
                root = urlsplit(config.site_url or "/").path.rstrip("/")
                output_content = with_header_box(output_content, f"{root}/{page_url(SEARCH)}")
            # While serving with problems, the 404 page shows them too (a talk with an error
            # has no page); sitemap.xml is no page.
            return self._banner(output_content) if template_name.endswith(".html") \
                else output_content

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig,
                 builder: Any) -> LiveReloadServer:
        server.watch(str(self.talks_dir))
        return server


@contextlib.contextmanager
def _theme_patches(where: str) -> Iterator[None]:
    """A theme patch that finds no anchor fails the build, naming the page (theme_patch.py)."""
    try:
        yield
    except ThemePatchError as e:
        raise PluginError(f"{where}: {e}") from e


def _namespace_toc(items: Iterable[AnchorLink]) -> None:
    for item in items:
        item.id = NOTE_ID_PREFIX + item.id
        _namespace_toc(item.children)


def _add_assets(config: MkDocsConfig) -> None:
    for name in STYLESHEETS:
        if f"{ASSET_DIR}/{name}" not in config.extra_css:
            config.extra_css.append(f"{ASSET_DIR}/{name}")
    for name, kind in [*((n, "") for n in SCRIPTS), *((n, "module") for n in MODULES)]:
        if f"{ASSET_DIR}/{name}" not in [str(s) for s in config.extra_javascript]:
            script = c.ExtraScriptValue(f"{ASSET_DIR}/{name}")
            script.type = kind
            config.extra_javascript.append(script)


def _generated(config: MkDocsConfig, src_uri: str, content: str) -> File:
    # Only the index pages belong in the navigation (see mkdocs.yml); saying so keeps
    # MkDocs from listing every talk as "not included in the nav".
    return File.generated(config, src_uri, content=content,
                          inclusion=InclusionLevel.UNDEFINED if src_uri in INDEX_PAGES
                          else InclusionLevel.NOT_IN_NAV)


def _generated_files(config: MkDocsConfig, files: Files, pages: dict[str, str],
                     project_dir: Path) -> list[File]:
    """The generated pages as MkDocs files. A hand-written file that would be written where
    a generated page goes (the same src_uri, or docs/explore/index.md for explore.md) is
    refused, not replaced."""
    generated = [_generated(config, src_uri, content) for src_uri, content in pages.items()]
    by_dest = {f.dest_uri: f.src_uri for f in files}
    docs_shown = Path(os.path.relpath(config.docs_dir, project_dir)).as_posix()
    clashes = sorted((by_dest[f.dest_uri], f) for f in generated if f.dest_uri in by_dest)
    if clashes:
        raise PluginError("\n".join(
            f"{docs_shown}/{uri}: is published as {f.dest_uri}, where the talk-notes plugin "
            f"writes its generated page {f.src_uri}; rename or remove it"
            for uri, f in clashes))
    return generated


def _search_markup(corpus: Corpus, groups: Groups) -> dict[str, str]:
    """Each talk page's markup for the search (its metadata as words), by src_uri."""
    names = NameFinder.of(corpus)
    formats = load_schema().formats
    return {talk_uri(t): talk_markup(t, groups, formats, names) for t in corpus.talks}


def _run_pagefind(site_dir: str) -> None:
    try:
        run = subprocess.run([sys.executable, "-m", "pagefind", "--site", site_dir,
                              *PAGEFIND_ARGS], capture_output=True, text=True, check=False)
    except OSError as e:
        raise PluginError(f"pagefind could not run ({e}); pip install 'pagefind[bin]'") from e
    if run.returncode != 0:
        raise PluginError("pagefind failed to index the site; is it installed? "
                          "pip install 'pagefind[bin]'\n" + (run.stderr or run.stdout)[-2000:])
    log.info("Pagefind indexed the talk pages into %s/pagefind", site_dir)


def _write_search_files(config: MkDocsConfig, corpus: Corpus) -> None:
    """The search's index and facet files (search_facets.py), from Pagefind's fragments."""
    site = Path(config.site_dir)
    try:
        files = search_files(corpus.talks,
                             lambda t: page_url(talk_uri(t), config.use_directory_urls),
                             read_fragments(site / "pagefind"), alias_names(corpus.themes))
    except FacetError as e:
        raise PluginError(f"the search's files could not be written: {e}") from e
    for path, content in files.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_bytes(content)
