"""The MkDocs adapter: runs the pipeline in `on_files` and hands MkDocs the generated pages.

Each hook is a few lines; all the work is in the MkDocs-free stages.
"""

from __future__ import annotations

import html
import os
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from build_notes.assets import ASSET_DIR, SCRIPTS, STYLESHEETS, assets
from build_notes.feed import FEED
from build_notes.pipeline import build
from build_notes.render import HOME, INDEX_PAGES, SEARCH, RenderOptions, link, page_url, talk_uri
from build_notes.safety import unsafe_html
from build_notes.schema import load_schema
from build_notes.search import (
    PAGEFIND_ARGS,
    NameFinder,
    mark_opinion,
    talk_markup,
    with_header_box,
)

log = get_plugin_logger(__name__)


class TalkNotesConfig(base.Config):
    talks_dir = c.Dir(exists=True, default="talks")
    pagefind = c.Type(bool, default=False)
    """Also index the built site with Pagefind and add a /search/ page with filters."""
    """The folder of talk files (themes.yml, a folder per conference), relative to mkdocs.yml."""


class TalkNotesPlugin(BasePlugin[TalkNotesConfig]):
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # `mkdocs serve` keeps this instance across rebuilds: nothing may survive one.
        self.talks_dir = Path(self.config.talks_dir)
        self.search_markup: dict[str, str] = {}
        if self.config.pagefind and ("search" in config.plugins
                                     or "material/search" in config.plugins):
            log.warning("the `search` plugin and `pagefind: true` make two search boxes with "
                        "different results; remove `- search` from the plugins in mkdocs.yml")
        for name in STYLESHEETS:
            if f"{ASSET_DIR}/{name}" not in config.extra_css:
                config.extra_css.append(f"{ASSET_DIR}/{name}")
        for name in SCRIPTS:
            if f"{ASSET_DIR}/{name}" not in [str(s) for s in config.extra_javascript]:
                config.extra_javascript.append(f"{ASSET_DIR}/{name}")
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
        result = build(self.talks_dir, options, shown_as=shown_as)
        for warning in result.warnings:
            log.warning(str(warning))
        if result.pages is None:
            lines = "\n".join(str(p) for p in result.errors)
            raise PluginError(f"{len(result.errors)} problem(s) in the talk files; nothing was "
                              f"built:\n{lines}")
        if home:
            files.remove(home)
        generated = {**result.pages, **assets()}
        clashes = [uri for uri in generated if files.get_file_from_path(uri) is not None]
        if clashes:
            raise PluginError(f"{config.docs_dir}/{clashes[0]} has the path of a page the "
                              "talk-notes plugin generates; rename or remove it")
        for src_uri, content in generated.items():
            # Only the index pages belong in the navigation (see mkdocs.yml); saying so
            # keeps MkDocs from listing every talk as "not included in the nav".
            inclusion = (InclusionLevel.UNDEFINED if src_uri in INDEX_PAGES
                         else InclusionLevel.NOT_IN_NAV)
            files.append(File.generated(config, src_uri, content=content, inclusion=inclusion))
        docs_dir = Path(config.docs_dir)
        groups = result.groups if self.config.pagefind else None
        names = NameFinder.of(result.corpus)
        formats = load_schema().formats
        for talk in result.corpus.talks:
            if groups is not None:
                self.search_markup[talk_uri(talk)] = talk_markup(talk, groups, formats, names)
            # The edit link opens the talk's own file under talks/, not a generated path.
            file = files.get_file_from_path(talk_uri(talk))
            assert file is not None
            source = self.talks_dir / talk.conference_id / f"{talk.id}.md"
            file.edit_uri = Path(os.path.relpath(source, docs_dir)).as_posix()
        return files

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        # The validator renders notes with the site's usual extensions; this catches what a
        # different mkdocs.yml (more extensions) would still turn into script.
        if page.file.generated_by and page.file.src_uri.startswith(("talks/", "conferences/")):
            findings = unsafe_html(html)
            if findings:
                source = page.file.edit_uri or page.file.src_uri
                raise PluginError(f"{source}: {findings[0].what} in the rendered page is not "
                                  "allowed; remove the raw HTML or link from the notes")
        markup = self.search_markup.get(page.file.src_uri)
        if markup is not None:
            # Pagefind indexes only talk pages (the listings would repeat their words).
            html = f"<div data-pagefind-body>{mark_opinion(html)}{markup}</div>"
        return html

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.pagefind:
            return
        try:
            run = subprocess.run([sys.executable, "-m", "pagefind", "--site", config.site_dir,
                                  *PAGEFIND_ARGS],
                                 capture_output=True, text=True, check=False)
        except OSError as e:
            raise PluginError(f"pagefind could not run ({e}); pip install 'pagefind[bin]'"
                              ) from e
        if run.returncode != 0:
            raise PluginError("pagefind failed to index the site; is it installed? "
                              "pip install 'pagefind[bin]'\n" + (run.stderr or run.stdout)[-2000:])
        log.info("Pagefind indexed the talk pages into %s/pagefind", config.site_dir)

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        # Feed readers look for the feed in the head of every page.
        href = link(page.file.dest_uri, FEED)
        feed = (f'<link rel="alternate" type="application/atom+xml" '
                f'title="{html.escape(config.site_name)}" href="{href}">')
        output = output.replace("</head>", f"  {feed}\n  </head>", 1)
        if self.config.pagefind:
            # The header's search box, on every page (material's needs its own search plugin,
            # whose index every first page view downloads).
            output = with_header_box(output, get_relative_url(
                page_url(SEARCH, config.use_directory_urls), page.url or "."))
        # material's search dialog has no accessible name (axe: aria-dialog-name).
        return output.replace('data-md-component="search" role="dialog"',
                              'data-md-component="search" role="dialog" aria-label="Search"', 1)

    def on_post_template(self, output_content: str, /, *, template_name: str,
                         config: MkDocsConfig) -> str | None:
        # The 404 page is served at any address: its box goes to the site's root search
        # page (search.js corrects the address from where the script itself was loaded).
        if self.config.pagefind and template_name == "404.html":
            root = urlsplit(config.site_url or "/").path.rstrip("/")
            return with_header_box(output_content, f"{root}/{page_url(SEARCH)}")
        return output_content

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig,
                 builder: Any) -> LiveReloadServer:
        server.watch(str(self.talks_dir))
        return server
