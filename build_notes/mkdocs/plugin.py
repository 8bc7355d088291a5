"""The MkDocs adapter: runs the pipeline in `on_files` and hands MkDocs the generated pages.

Each hook is a few lines; all the work is in the MkDocs-free stages. What needs the rendered
pages (the check of the notes, the feed link, the search box, the search index) is in
finish.py, which `build-notes finish` runs on the pages of another renderer.
"""

from __future__ import annotations

import contextlib
import functools
import json
import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import Any, NamedTuple
from urllib.parse import urlsplit

import jinja2
import jinja2.bccache
from mkdocs.commands.build import _build_page, _build_theme_template, _populate_page
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
from mkdocs.utils import get_build_date
from mkdocs.utils.templates import TemplateContext
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

from build_notes import memo
from build_notes.assets import ASSET_DIR, MODULES, SCRIPTS, STYLESHEETS, assets
from build_notes.content.load import load_markdown
from build_notes.content.model import Corpus, Problem, Talk
from build_notes.content.schema import extensions_difference, extensions_refusal
from build_notes.content.validate import judge_talk
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
from build_notes.mkdocs.incremental import (
    Built,
    config_bytes,
    digest,
    file_stamps,
    page_keys,
    remove_stale,
    restore,
    stash,
    tree_stamps,
)
from build_notes.mkdocs.saves import Saves, passed_by, sources_stamp, talk_key
from build_notes.mkdocs.served_problems import (
    FIXED_PAGE,
    PROBLEMS_FILE,
    PROBLEMS_SCRIPT,
    STAND_IN,
    problem_pages,
    problems_data,
    problems_script,
    with_problems_script,
)
from build_notes.pipeline import Result, build
from build_notes.search.facets import SEARCH_DIR
from build_notes.search.records import PageRecord
from build_notes.site.feed import NoteTime, note_times
from build_notes.site.group import Groups
from build_notes.site.index_pages import not_found_html
from build_notes.site.pages import nav_without_missing
from build_notes.site.pieces import RenderOptions
from build_notes.site.revise import Rendered, revise
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


class KeptFile(File):
    """A generated page unchanged since the last served build (incremental.py): its HTML is
    back in place, so MkDocs resolves links to it but neither renders nor copies it."""

    as_page = True  # until its address is known: a page's (name/index.html), not a file's

    def is_documentation_page(self) -> bool:
        return self.as_page

    def copy_file(self, dirty: bool = False) -> None:
        pass

    @classmethod
    def of(cls, config: MkDocsConfig, src_uri: str, inclusion: InclusionLevel) -> KeptFile:
        file = cls.generated(config, src_uri, content="", inclusion=inclusion)
        assert isinstance(file, KeptFile)
        assert file.dest_uri and file.url and file.abs_dest_path  # cached as a page's
        file.as_page = False
        return file


class _Listed(Files):
    """The files as the sitemap lists them: the rendered pages and the kept ones."""

    def __init__(self, files: Iterable[File], listed: list[Any]) -> None:
        super().__init__(list(files))
        self.listed = listed

    def documentation_pages(self, *, inclusion: Any = InclusionLevel.is_included) -> Any:
        return self.listed


class _CompiledTemplates(jinja2.BytecodeCache):
    """The theme's templates, compiled, kept across serve's builds (a template's key holds a
    checksum of its source, so an edited template is compiled again)."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


class TalkNotesPlugin(BasePlugin[TalkNotesConfig]):
    serving = False  # set by on_startup; builds that skip it (tests, scripts) fail as before
    built: Built | None = None  # while serving: what the last good build wrote
    kept_files: dict[str, File]  # while serving: the files of kept pages, by src_uri
    # Each talk page's record for the search, by URL (on_post_page); while serving, a kept
    # page's from the build that rendered it.
    records: dict[str, PageRecord]
    search_job: Any = None  # while serving: the search's index being written after a build
    search_thread: threading.Thread | None = None  # while serving: what starts the next job
    watcher: BaseObserver | None = None  # while serving: what tells mkdocs a talk changed

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also makes MkDocs keep this instance for the whole process
        # (across serve's rebuilds, and across builds in one process): on_shutdown resets.
        self.serving, self.built, self.kept_files = command == "serve", None, {}
        self.records = {}
        self.compiled = _CompiledTemplates()
        # While serving: what a save of notes is rendered from (saves.py), from the last
        # good build; None when the next change needs a build.
        self.saves = Saves()
        self.rendered: Rendered | None = None
        self.served: tuple[MkDocsConfig, str, str] | None = None  # config, sources, day

    def on_shutdown(self) -> None:
        self.wait_for_search(stop=True)
        if self.watcher is not None:
            self.watcher.stop()
        self.serving, self.built, self.watcher = False, None, None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # `mkdocs serve` keeps this instance across rebuilds: nothing may survive one but what
        # on_startup sets (what the last build left in the site folder, incremental.py).
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
        self.building = Built()  # while serving: what this build writes
        self.rendering: Rendered | None = None  # while serving: what this build renders
        self.rendered = None  # a build is under way: a save waits for it
        if not self.serving:
            self.records = {}
        self.kept: set[str] = set()  # the generated pages kept from the last build
        self.nav: Navigation | None = None
        self.files: Files | None = None
        self.doc_files: Sequence[File] | None = None
        self.env: Any = None
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
        if self.serving:
            # MkDocs empties the site folder next: keep the last build aside (incremental.py),
            # or, after a failed build, nothing of it.
            self.wait_for_search(stop=True)
            stash(Path(config.site_dir), keep=self.built is not None)

    def on_build_error(self, *, error: Exception) -> None:
        self.wait_for_search(stop=True)
        if self.serving:
            self.built = None  # the site folder is not what `built` says: render it all
            self.rendered = None

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        # Messages name files as the repository does (talks/...), wherever mkdocs runs from.
        project_dir = Path(config.config_file_path or ".").parent
        shown_as = Path(os.path.relpath(self.talks_dir, project_dir)).as_posix()
        self.shown_as = shown_as
        result = self._pipeline(files, config, shown_as)
        if self.serving:
            files.append(_generated(config, PROBLEMS_FILE,
                                    json.dumps(problems_data(self.shown_problems))))
            files.append(_generated(config, PROBLEMS_SCRIPT, problems_script()))
            if result.pages is None:
                files = self._with_problems(files, config, shown_as)
                restore(Path(config.site_dir))
                return files
        if result.pages is None:
            lines = "\n".join(str(p) for p in result.errors)
            raise PluginError(f"{len(result.errors)} problem(s) in the talk files; nothing was "
                              f"built:\n{lines}")
        self._add_pages(files, config, result, project_dir)
        if self.serving:
            restore(Path(config.site_dir))
        return files

    def _pipeline(self, files: Files, config: MkDocsConfig, shown_as: str) -> Result:
        """The talk files loaded, checked and, if they have no error, rendered; their problems
        logged (while serving, shown in the pages)."""
        home = files.get_file_from_path(HOME)
        options = RenderOptions(home_intro=home.content_string if home else "",
                                site_name=config.site_name, site_url=config.site_url or "",
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
        else:
            for warning in result.warnings:
                log.warning(str(warning))
        return result

    def _add_pages(self, files: Files, config: MkDocsConfig, result: Result,
                   project_dir: Path) -> None:
        """Hand MkDocs the generated pages (while serving, the unchanged ones as kept)."""
        assert result.pages is not None and result.groups is not None  # no errors
        home = files.get_file_from_path(HOME)
        if home:
            files.remove(home)
        if config.nav:  # read after on_files: drop the tabs of pages with nothing to list
            config.nav = nav_without_missing(config.nav, result.pages)
        self.pages = GeneratedPages.of(result, self.settings)
        if self.serving:
            assert result.options is not None
            self.rendering = Rendered(result.corpus, result.groups, result.options, result.pages)
            keys = page_keys(result.pages, self.pages.search_markup)
            self.building = Built(self._frame(config, files), keys)
            if self.built is not None and self.built.frame == self.building.frame:
                self.kept = {uri for uri, key in keys.items() if self.built.keys.get(uri) == key}
            else:
                self.kept_files = {}
        kept = functools.partial(self._kept_file, config)
        for generated_file in _generated_files(config, files, {**result.pages, **assets()},
                                               project_dir, kept):
            files.append(generated_file)
        self.groups, self.corpus = result.groups, result.corpus
        for talk in result.corpus.talks:
            # The edit link opens the talk's own file under talks/, not a generated path.
            file = files.get_file_from_path(talk_uri(talk))
            assert file is not None
            file.edit_uri = Path(os.path.relpath(project_dir / talk.source,
                                                 config.docs_dir)).as_posix()

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        # Generated pages stay out of the nav (listing every talk there would make the build
        # quadratic); a parent gives each one a breadcrumb (material's navigation.path reads
        # page.ancestors) and lights its section's tab (a page's `active` reaches its parents).
        for file in files.documentation_pages():
            child = file
            while child.page is not None and child.generated_by:
                parent_src = parent_uri(child.src_uri)
                parent = files.get_file_from_path(parent_src) if parent_src else None
                if parent is None or self._page_of(parent, config) is None:
                    break
                child.page.parent = parent.page  # type: ignore[assignment]  # a Page, not a Section
                if not isinstance(parent, KeptFile):
                    break  # a rendered parent gets its own parent in its turn
                child = parent
        self.nav = nav
        return nav

    def _kept_file(self, config: MkDocsConfig, src_uri: str) -> File | None:
        """The file of a page kept from the last build, made once while serving: its
        addresses depend only on what the frame covers."""
        if src_uri not in self.kept or not src_uri.endswith(".md"):
            return None
        file = self.kept_files.get(src_uri)
        if file is None:
            file = self.kept_files[src_uri] = KeptFile.of(config, src_uri, _inclusion(src_uri))
        file.page = None  # the last build's, with its parent: this build gives its own
        return file

    def _page_of(self, file: File, config: MkDocsConfig) -> Page | None:
        """The page of `file`; a kept page gets one, titled as it was last built (its
        children's breadcrumbs show it)."""
        if isinstance(file, KeptFile) and self.built is not None:
            title = self.built.titles.get(file.src_uri)
            if file.page is None:
                Page(title, file, config)
            elif "title" not in vars(file.page):  # in the nav without a title of its own
                file.page.title = title
        return file.page

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
        self.env, self.files = env, files
        if self.serving:
            # MkDocs makes a new template environment for each build: while serving, the
            # theme's templates are compiled once, not on every save.
            env.bytecode_cache = self.compiled
        return env

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.serving and self.files is not None:
            self._after_served_build(config, self.files)
        if self.config.search and not self.stand_ins and self.corpus is not None:
            if self.serving:
                # The page shows the change now; its search entries follow in the background.
                self._start_search(config)
                return
            job, self.search_job = self.search_job, None
            if job is not None:  # started after the last talk page (on_post_page)
                job.join()
                if job.exitcode:
                    raise PluginError("the site: the search's files could not be written; "
                                      "see the message above")
            else:
                with _as_plugin_error("the site"):
                    build_search(Path(config.site_dir), self.corpus,
                                 config.use_directory_urls, self.records)
            log.info("The search indexed the talk pages into %s/search", config.site_dir)

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        if page.file.generated_by:
            self.building.titles[page.file.src_uri] = page.title
        # Feed readers look for the feed in the head of every page.
        with _as_plugin_error(page.file.src_uri):
            records = self.records if page.file.src_uri in self.pages.search_markup else None
            output = finish_page(output, page.file.dest_uri, self.settings, records)
        if records and not self.serving and len(records) == len(self.pages.search_markup) \
                and "fork" in multiprocessing.get_all_start_methods():
            # The last talk page: the search's files are written beside the pages left to
            # render (the listings, most of the site), on the other core.
            self._start_search(config)
        return self._served(output, page.file.dest_uri)

    def _frame(self, config: MkDocsConfig, files: Files) -> str:
        """A key of what every page shows besides its own content (incremental.py)."""
        theme_dir = config.theme.custom_dir
        return digest(config_bytes(config), repr(config.nav), config.site_url or "",
                      *file_stamps((f.src_uri, f.abs_src_path) for f in files),
                      *tree_stamps(theme_dir))

    def _after_served_build(self, config: MkDocsConfig, files: Files) -> None:
        """Remove what the last build wrote and this one did not, list the kept pages in the
        sitemap, and remember what this build wrote."""
        site_dir = Path(config.site_dir)
        kept = [f for f in files if isinstance(f, KeptFile)]
        for file in kept:
            self.building.titles.setdefault(
                file.src_uri, self.built.titles.get(file.src_uri) if self.built else None)
        dests = frozenset(f.dest_uri for f in files)
        if self.built is not None:
            remove_stale(site_dir, self.built.dests - dests)
        if kept:
            self._write_sitemap(config, files)
        self.building.dests = dests
        self.built = self.building
        if self.rendering is not None and not self.shown_problems:
            self.rendered = self.rendering
            self.served = (config, sources_stamp(config), get_build_date())

    def _write_sitemap(self, config: MkDocsConfig, files: Files) -> None:
        """The sitemap, listing the kept pages too, without a Page object for each."""
        if "sitemap.xml" not in config.theme.static_templates or self.nav is None:
            return
        listing = _SitemapFile.maker(config)
        listed = [f if f.page is not None else listing(f)
                  for f in files if f.is_documentation_page() or isinstance(f, KeptFile)]
        _build_theme_template("sitemap.xml", self.env, _Listed(files, listed), config, self.nav)

    def _start_search(self, config: MkDocsConfig) -> None:
        """Write the search's files in a process of their own, so the browser reloads as soon
        as the pages are written; the next build stops it if it is still running."""
        assert self.corpus is not None
        arguments = (Path(config.site_dir), self.corpus, config.use_directory_urls,
                     self.records)
        if "fork" not in multiprocessing.get_all_start_methods():
            with _as_plugin_error("the site"):
                build_search(*arguments)
            return
        self.search_job = multiprocessing.get_context("fork").Process(
            target=_search_job, args=arguments, daemon=True)
        self.search_job.start()

    def _start_search_soon(self, config: MkDocsConfig) -> None:
        """After a save's pages are written: stop the search's process of the last save and
        fork the next one in a thread, off the save's way to the screen (with a serve process
        of several GB, each takes tenths of a second)."""
        earlier = self.search_thread

        def replace() -> None:
            if earlier is not None:
                earlier.join()
            self._stop_search_job(stop=True)
            self._start_search(config)

        self.search_thread = threading.Thread(target=replace, daemon=True)
        self.search_thread.start()

    def wait_for_search(self, *, stop: bool = False, timeout: float | None = None) -> None:
        """Wait for the search's files of the last served build (or `stop` writing them)."""
        thread, self.search_thread = self.search_thread, None
        if thread is not None:
            thread.join()
        self._stop_search_job(stop=stop, timeout=timeout)

    def _stop_search_job(self, *, stop: bool, timeout: float | None = None) -> None:
        job, self.search_job = self.search_job, None
        if job is None:
            return
        if stop and job.is_alive():
            job.terminate()
        job.join(timeout)
        if not stop and job.exitcode:
            log.warning("the search's files could not be written; see the message above")

    def _show_problems(self, problems: list[Problem]) -> None:
        """While serving, the problems go in a banner on every page rather than failing the
        rebuild (see served_problems). Logged at info level: `strict` would abort it."""
        for problem in problems:
            log.info(str(problem))
        self.shown_problems = problems

    def _with_problems(self, files: Files, config: MkDocsConfig, shown_as: str) -> Files:
        """The site served while the talk files have errors: the last good build as it was,
        but for the page of each talk file with an error, which shows its problems. Before
        any good build, every generated page stands in with the list."""
        errors = sum(1 for p in self.shown_problems if p.severity == "error")
        log.info("%s in the talk files; the served pages show them until they are fixed "
                 "(mkdocs build fails)", plural(errors, "problem"))
        home = files.get_file_from_path(HOME)
        if home:
            files.remove(home)
        problems = problem_pages(self.shown_problems, shown_as)
        if self.built is None:
            self.stand_ins = {HOME, *INDEX_PAGES}
            pages = {**dict.fromkeys(self.stand_ins, STAND_IN), **problems}
        else:
            # A talk page that showed problems its file no longer has cannot be built while
            # other files have errors: it says so.
            for uri in self.built.problem_pages - set(problems):
                problems[uri] = FIXED_PAGE
            self.building = Built(self.built.frame, {**self.built.keys},
                                  problem_pages=frozenset(problems))
            self.building.keys.update({uri: digest("problems", text)
                                       for uri, text in problems.items()})
            self.kept = set(self.built.keys) - set(problems)
            # In the last build's order, which the sitemap follows.
            pages = {uri: problems.get(uri, "") for uri in self.building.keys}
            if config.nav:
                config.nav = nav_without_missing(config.nav, pages)
        for generated_file in _generated_files(config, files, {**pages, **assets()},
                                               Path(config.config_file_path or ".").parent,
                                               functools.partial(self._kept_file, config)):
            files.append(generated_file)
        return files

    def _served(self, output: str, dest_uri: str) -> str:
        """While serving, a page loads the problems banner's script (served_problems.py)."""
        return with_problems_script(output, dest_uri) if self.serving else output

    def on_post_template(self, output_content: str, /, *, template_name: str,
                         config: MkDocsConfig) -> str:
        with _as_plugin_error(template_name):
            if template_name == "404.html":
                output_content = finish_not_found(output_content, self.settings)
            # While serving with problems, the 404 page shows them too (a talk with an error
            # has no page); sitemap.xml is no page.
            return self._served(output_content, template_name) \
                if template_name.endswith(".html") else output_content

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig,
                 builder: Any) -> LiveReloadServer:
        self.watcher = _watch(server, self.talks_dir, self.saves)
        if self.watcher is not None:
            build = server.builder

            def build_or_revise() -> None:
                if not self.revise_saved():
                    build()

            server.builder = build_or_revise
        return server

    def revise_saved(self) -> bool:
        """After saves that changed only talks' notes (or what only shows where a talk is
        shown: revise.SHOWN_ONLY), render the pages they change, as a build would, and True;
        False when they need a build (saves.py)."""
        saved, site = self.saves.take(), self.rendered
        if not saved or site is None or self.served is None or self.built is None:
            return False
        config, sources, day = self.served
        if sources_stamp(config) != sources:
            return False
        start = time.monotonic()
        talks = self._saved_talks(saved, site)
        if talks is None:
            return False
        self.rendered = None  # spent, whatever comes of it, until this is done
        revised = []
        for talk, when in talks:
            outcome = revise(site, talk, when)
            if outcome is None:
                return False
            site, changed = outcome
            revised.append((talk, changed))
        changed = {uri: markdown for _, pages in revised for uri, markdown in pages.items()}
        if not self._render_again(config, site, [t for t, _ in revised], changed):
            return False
        today = get_build_date()
        if today != day:  # the sitemap dates each page by the day it was built
            self._date_anew(config, today)
            self.served = (config, sources, today)
        self.rendered = site
        log.info("Rendered %s again for a save of %s, in %.2f s",
                 plural(len(changed), "page"), ", ".join(t.source for t, _ in revised),
                 time.monotonic() - start)
        return True

    def _saved_talks(self, saved: set[str], site: Rendered
                     ) -> list[tuple[Talk, NoteTime | None]] | None:
        """The talks of the `saved` files as they are now, with when each file changed (for
        the feed); None if a file is no talk of the site, or has a problem."""
        talks = []
        for path in sorted(saved):
            key = talk_key(self.talks_dir, path)
            if key is None or not os.path.isfile(path):
                if passed_by(self.talks_dir, path) or (key is None and not os.path.lexists(path)):
                    continue  # an editor's working file, or a file made and removed again
                return None  # a talk file gone, or a file the build reads
            conference_id, talk_id = key.split("/")
            record = load_markdown(Path(path), f"{self.shown_as}/{key}.md", conference_id,
                                   talk_id)
            talk, problems = judge_talk(record, site.corpus, render=False)
            if talk is None or problems:
                return None
            when = None
            if site.options.note_times is not None:
                when = note_times(self.talks_dir, [(key, Path(path))], every=False)[key]
            talks.append((talk, when))
        return talks

    def _date_anew(self, config: MkDocsConfig, today: str) -> None:
        """Date every page `today` in the sitemap, as a build today would."""
        assert self.files is not None
        for file in self.files:
            if file.page is not None:
                file.page.update_date = today
        self._write_sitemap(config, self.files)

    def _render_again(self, config: MkDocsConfig, site: Rendered, talks: list[Talk],
                      changed: dict[str, str]) -> bool:
        """Render and write the generated pages `changed` ({src_uri: Markdown}) of a save of
        `talks` with the last build's files, navigation and templates; False if their notes
        are refused."""
        assert self.files is not None and self.nav is not None and self.built is not None
        self.pages = self.pages.revised(site.corpus, site.groups, talks)
        self.unsafe = []
        pages, written = [], []
        for src_uri, markdown in changed.items():
            file = self.files.get_file_from_path(src_uri)
            assert file is not None
            file.content_string = markdown  # a generated file's, kept or not
            if not src_uri.endswith(".md"):
                written.append(file)  # the feed, Explore's data: written once judged
                continue
            page = file.page  # the nav's and the breadcrumbs' object, if it has one
            if page is None:  # a page kept from an earlier build
                page = Page(None, file, config)
                parent_src = parent_uri(src_uri)
                parent = self.files.get_file_from_path(parent_src) if parent_src else None
                if parent is not None:
                    page.parent = self._page_of(parent, config)  # type: ignore[assignment]
            _populate_page(page, config, self.files)
            pages.append(page)
        if self.unsafe:
            return False
        for file in written:
            file.copy_file()
        if self.doc_files is None:  # what a build gives every page's template as `pages`
            self.doc_files = self.files.documentation_pages()
        for page in pages:
            _build_page(page, config, self.doc_files, self.nav, self.env)
        self.built.keys.update(page_keys(site.pages, self.pages.search_markup, only=changed))
        self.corpus, self.groups = site.corpus, site.groups
        if self.config.search:
            self._start_search_soon(config)
        return True


class _SitemapFile(NamedTuple):
    """What the sitemap template reads of a kept page that has no Page object (making one for
    each of 60,000 kept pages would cost seconds): mkdocs' Page does the same sums."""

    page: SimpleNamespace

    @staticmethod
    def maker(config: MkDocsConfig) -> Callable[[File], _SitemapFile]:
        base = config.site_url or ""
        base = base if not base or base.endswith("/") else base + "/"
        root, date = urlsplit(base).path, get_build_date()

        def make(file: File) -> _SitemapFile:
            # urljoin(base, url) for the relative URL of a page under the site's root.
            return _SitemapFile(SimpleNamespace(
                is_link=False, canonical_url=base + file.url if base else None,
                abs_url=root + file.url if base else None, update_date=date))
        return make


def _search_job(site_dir: Path, corpus: Corpus, directory_urls: bool,
                records: dict[str, PageRecord]) -> None:
    """The search's files, in the process `_start_search` forks, in place of the last
    build's (the folder holds what an earlier build wrote: see incremental.py)."""
    try:
        old = {p.relative_to(site_dir).as_posix()
               for p in (site_dir / SEARCH_DIR).rglob("*") if p.is_file()}
        written = build_search(site_dir, corpus, directory_urls, records)
        remove_stale(site_dir, {p for p in old - set(written) if not p.endswith(".html")})
    except TalkNotesError as e:
        print(f"talk-notes: the search's files could not be written: {e}", file=sys.stderr)
        sys.exit(1)


# What the kernel reports when a file is written, made, removed or renamed; not its being
# opened or read (each build reads every talk file).
_CHANGES = frozenset({"created", "modified", "deleted", "moved", "closed"})


def _watch(server: LiveReloadServer, folder: Path, saves: Saves) -> BaseObserver | None:
    """Rebuild when a file under `folder` changes, as told by the system (inotify on Linux),
    not by mkdocs' watcher, which looks at every file twice a second: at 20,000 talks one
    look takes 0.55 s of CPU, so it would keep a core busy and see a save up to a second
    late. Asks for the rebuild as mkdocs' own watcher does (MkDocs 1.6.1, the last 1.x); falls
    back to that watcher where the system cannot tell."""
    condition = getattr(server, "_rebuild_cond", None)
    if condition is None or not hasattr(server, "_want_rebuild"):
        server.watch(str(folder))
        return None

    def changed(event: FileSystemEvent) -> None:
        if event.is_directory or event.event_type not in _CHANGES:
            return
        saves.add(event)
        with condition:
            server._want_rebuild = True
            condition.notify_all()

    handler = FileSystemEventHandler()
    handler.on_any_event = changed  # type: ignore[method-assign]
    observer = Observer()
    try:
        observer.schedule(handler, str(folder), recursive=True)
        observer.start()
    except OSError:  # no inotify here, or too few watches allowed
        server.watch(str(folder))
        return None
    return observer


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


def _inclusion(src_uri: str) -> InclusionLevel:
    # Only the index pages belong in the navigation (see mkdocs.yml); saying so keeps
    # MkDocs from listing every talk as "not included in the nav".
    return InclusionLevel.UNDEFINED if src_uri in INDEX_PAGES else InclusionLevel.NOT_IN_NAV


def _generated(config: MkDocsConfig, src_uri: str, content: str) -> File:
    return File.generated(config, src_uri, content=content, inclusion=_inclusion(src_uri))


def _generated_files(config: MkDocsConfig, files: Files, pages: dict[str, str],
                     project_dir: Path, kept: Callable[[str], File | None] = lambda uri: None
                     ) -> list[File]:
    """The generated pages as MkDocs files (`kept` gives the file of a page kept from the
    last build, or None). A hand-written file that would be written where a generated page
    goes (the same src_uri, or docs/explore/index.md for explore.md) is refused, not
    replaced."""
    generated = [kept(src_uri) or _generated(config, src_uri, content)
                 for src_uri, content in pages.items()]
    by_dest = {f.dest_uri: f.src_uri for f in files}
    docs_shown = Path(os.path.relpath(config.docs_dir, project_dir)).as_posix()
    clashes = sorted((by_dest[f.dest_uri], f) for f in generated if f.dest_uri in by_dest)
    if clashes:
        raise PluginError("\n".join(
            f"{docs_shown}/{uri}: is published as {f.dest_uri}, where the talk-notes plugin "
            f"writes its generated page {f.src_uri}; rename or remove it"
            for uri, f in clashes))
    return generated
