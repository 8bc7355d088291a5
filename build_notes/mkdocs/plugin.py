"""The MkDocs adapter: runs the pipeline in `on_files` and hands MkDocs the generated pages.

Each hook is a few lines; all the work is in the MkDocs-free stages. What needs the rendered
pages (the check of the notes, the feed link, the search box, the search index) is in
finish.py, which `build-notes finish` runs on the pages of another renderer.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

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
from mkdocs.utils.templates import TemplateContext

from build_notes import memo
from build_notes.assets import ASSET_DIR, MODULES, SCRIPTS, STYLESHEETS, assets
from build_notes.content.model import Corpus, Problem
from build_notes.content.schema import extensions_difference, extensions_refusal
from build_notes.errors import TalkNotesError
from build_notes.finish import (
    GeneratedPages,
    Settings,
    build_search,
    finish_not_found,
    finish_page,
    publish_content,
)
from build_notes.markdown.safety import NOTE_ID_PREFIX
from build_notes.mkdocs.served_problems import STAND_IN, problems_banner, with_banner
from build_notes.pipeline import build
from build_notes.search.records import PageRecord
from build_notes.site.group import Groups
from build_notes.site.index_pages import not_found_html
from build_notes.site.pages import nav_without_missing
from build_notes.site.pieces import RenderOptions
from build_notes.site.urls import HOME, INDEX_PAGES, parent_uri, talk_uri
from build_notes.text import plural

log = get_plugin_logger(__name__)


class TalkNotesConfig(base.Config):
    talks_dir = c.Dir(exists=True, default="talks")
    """The folder of talk files (themes.yml, a folder per conference), relative to mkdocs.yml."""
    search = c.Type(bool, default=False)
    """Also index the built site's talk pages (search/records.py reads their text,
    search/index.py makes the index) and add a /search/ page with filters."""
    pagefind = c.Deprecated(moved_to="search")
    """The old name of `search`, from when Pagefind read the pages."""


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
        self.settings = Settings(
            site_name=config.site_name, site_url=config.site_url or "",
            directory_urls=config.use_directory_urls, search=self.config.search,
            repo_url=config.repo_url or "", edit_uri=config.edit_uri or "",
            markdown_extensions=tuple(config.markdown_extensions),
            markdown_configs=config.mdx_configs)
        self.pages = GeneratedPages({}, {}, self.settings.render)  # set by on_files
        self.unsafe: list[Problem] = []
        self.groups: Groups | None = None
        self.corpus: Corpus | None = None  # the published talks, for the search's facets
        self.records: dict[str, PageRecord] = {}  # each talk page's, by URL (on_post_page)
        # The 404 page with links on (templates/404.html), after the user's custom_dir.
        templates = str(Path(__file__).parent / "templates")
        if templates not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, templates)
        if self.config.search and ("search" in config.plugins
                                   or "material/search" in config.plugins):
            log.warning("the `search` plugin and talk-notes' `search: true` make two search "
                        "boxes with different results; remove `- search` from the plugins in "
                        "mkdocs.yml")
        _add_assets(config)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        # After every plugin's on_config, so an extension a plugin adds is seen too.
        option = MkDocsConfig.markdown_extensions
        builtins = option.builtins if isinstance(option, c.MarkdownExtensions) else []
        difference = extensions_difference(config.markdown_extensions, config.mdx_configs,
                                           builtins)
        if difference:
            raise PluginError(extensions_refusal(difference))

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        home = files.get_file_from_path(HOME)
        intro = home.content_string if home else ""
        # Messages name files as the repository does (talks/...), wherever mkdocs runs from.
        project_dir = Path(config.config_file_path or ".").parent
        shown_as = Path(os.path.relpath(self.talks_dir, project_dir)).as_posix()
        options = RenderOptions(home_intro=intro, site_name=config.site_name,
                                site_url=config.site_url or "",
                                directory_urls=config.use_directory_urls,
                                search=self.config.search)
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
        self.pages = GeneratedPages.of(result, self.settings)
        for generated_file in _generated_files(config, files, {**result.pages, **assets()},
                                               project_dir):
            files.append(generated_file)
        assert result.groups is not None  # there are pages
        self.groups, self.corpus = result.groups, result.corpus
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
                search=self.config.search)
        return context

    # Last of every plugin's on_page_content: the allowlist judges the HTML as it will be
    # published, whatever extensions or plugins made it (safety.py).
    @event_priority(-100)
    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        src_uri = page.file.src_uri
        if src_uri not in self.pages.sources:
            return html
        # What is published is the tree the allowlist judged, not the string MkDocs made; on
        # a page with notes their ids are namespaced, and so is its table of contents.
        problems, html = publish_content(html, src_uri, self.pages)
        self.unsafe += problems
        if self.pages.sources[src_uri] is not None:
            _namespace_toc(page.toc)
        return html

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        # Every page is rendered before any is written: refuse before the site is.
        if self.unsafe:
            lines = "\n".join(str(p) for p in sorted(set(self.unsafe)))
            raise PluginError(f"{len(set(self.unsafe))} problem(s) in the rendered notes; "
                              f"nothing was built:\n{lines}")
        return env

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.config.search and not self.stand_ins and self.corpus is not None:
            with _as_plugin_error("the site"):
                build_search(Path(config.site_dir), self.corpus, config.use_directory_urls,
                             self.records)
            log.info("The search indexed the talk pages into %s/search", config.site_dir)

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        # Feed readers look for the feed in the head of every page.
        with _as_plugin_error(page.file.src_uri):
            records = self.records if page.file.src_uri in self.pages.search_markup else None
            return self._banner(finish_page(output, page.file.dest_uri, self.settings, records))

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
        with _as_plugin_error(template_name):
            if template_name == "404.html":
                output_content = finish_not_found(output_content, self.settings)
            # While serving with problems, the 404 page shows them too (a talk with an error
            # has no page); sitemap.xml is no page.
            return self._banner(output_content) if template_name.endswith(".html") \
                else output_content

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig,
                 builder: Any) -> LiveReloadServer:
        server.watch(str(self.talks_dir))
        return server


@contextlib.contextmanager
def _as_plugin_error(where: str) -> Iterator[None]:
    """A step that could not be done (a theme patch that finds no anchor, a talk page the
    search cannot read) fails the build, naming where."""
    try:
        yield
    except TalkNotesError as e:
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
