"""Renderer independence: Zensical builds the site `build-notes generate` writes, and
`build-notes finish` makes of it what the MkDocs plugin makes.

The repository's talks are built twice: by `mkdocs build` with the plugin (the shipped
mkdocs.yml), and by `build-notes generate` + `zensical build` (the same mkdocs.yml without
the plugins block, with the site's styles and scripts listed) + `build-notes finish`. Then:

- the same pages, the same talk pages (one per talk file);
- each generated page's article, text and links (resolved to the page they reach), the same;
- every link, script, style and image of both sites resolves to a file (0 broken);
- the same search: the record of each talk page, the search's facets and index files
  (decompressed), and the answers to the query table of tests/search_queries.py;
- the same safety verdicts: a note the site's own Markdown renders to a refused element
  fails both builds with the same `path:line: message`, and a note with a script fails
  both at the talk files.

What differs, by design or by the renderer (README, "Another renderer"), and is left out of
the comparison: the theme around the article (Zensical's own templates: its skip anchor
inside the article, its icons, its `search.json`, no `sitemap.xml.gz`); a page's link to
itself (`./` from MkDocs, `../intel/` from Zensical: the same page); and what only the
plugin does at MkDocs' level: the breadcrumb and the lit tab of a talk page (its place
under its conference, which pages outside the nav get from the plugin).
"""

from __future__ import annotations

import gzip
import posixpath
import re
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from selectolax.lexbor import LexborHTMLParser

from build_notes.cli.main import main
from tests import talk_files
from tests.conftest import ROOT, BuildFailed, Site, build_site, write_tree
from tests.helpers import CONFERENCE, THEMES, talk
from tests.search_queries import QUERIES_ALL

# Those of the plugin's assets that its on_config adds to every page.
_ASSETS = {"extra_css": ["assets/talk-notes/talk-notes.css", "assets/talk-notes/search.css"],
           "extra_javascript": ["assets/talk-notes/explore.js",
                                {"path": "assets/talk-notes/search.js", "type": "module"}]}


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml's `!ENV`, read as its default: the plugin's build reads it so too."""


_ConfigLoader.add_constructor(
    "!ENV", lambda loader, node: loader.construct_sequence(node)[-1]  # type: ignore[arg-type]
    if isinstance(node, yaml.SequenceNode) else None)


def zensical_config(mkdocs_yml: Path) -> str:
    """The mkdocs.yml of a plugin build as Zensical is given it: no plugins (Zensical runs
    none; its own search off, the site has its own), the plugin's assets listed by hand."""
    config = yaml.load(mkdocs_yml.read_text("utf-8"), Loader=_ConfigLoader)
    config["plugins"] = [{"search": {"enabled": False}}]
    config.update({"docs_dir": "docs", "site_dir": "site", "strict": False, **_ASSETS})
    return yaml.safe_dump(config, sort_keys=False, allow_unicode=True)


def zensical_build(project: Path, talks: Path, docs: Path) -> tuple[int, Path]:
    """generate + zensical build + finish of `talks`, configured as project/mkdocs.yml, into
    project/zensical/site: (finish's exit code, the site). The generate step must succeed."""
    zen = project / "zensical"
    zen.mkdir(parents=True)
    (zen / "mkdocs.yml").write_text(zensical_config(project / "mkdocs.yml"), "utf-8")
    assert main(["generate", str(zen / "docs"), "--talks-dir", str(talks),
                 "--docs-dir", str(docs)]) == 0
    run = subprocess.run([sys.executable, "-m", "zensical", "build"], cwd=zen,
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    code = main(["finish", str(zen / "site"), "--talks-dir", str(talks),
                 "-f", str(zen / "mkdocs.yml"), "--docs-dir", str(docs)])
    return code, zen / "site"


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    project = tmp_path_factory.mktemp("zensical")
    (project / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text("utf-8"), "utf-8")
    code, site = zensical_build(project, ROOT / "talks", ROOT / "docs")
    assert code == 0
    return Site(site)


def _pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def _url_of(page: str) -> str:
    return page.removesuffix("index.html")


def _resolve(page: str, href: str) -> str | None:
    """The file under the site that a relative URL on `page` reaches (None: another host,
    or a place on the page itself)."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    base = posixpath.dirname(page)
    target = posixpath.normpath(posixpath.join(base, unquote(parts.path)))
    return target + "/index.html" if href.split("?")[0].split("#")[0].endswith("/") \
        else target


def _article(site: Path, page: str) -> tuple[str, list[str]]:
    """A page's article as text (white space normalised) and where its links go."""
    tree = LexborHTMLParser((site / page).read_text("utf-8"))
    article = tree.css_first("article.md-content__inner")
    assert article is not None, page
    text = " ".join(article.text(separator=" ").split())
    links = []
    for a in article.css("a[href]"):
        href = a.attributes.get("href") or ""
        target = _resolve(page, href)
        links.append(href if target is None else target.removesuffix("/index.html")
                     .removesuffix("index.html").rstrip("/.") + "#" + urlsplit(href).fragment)
    return text, links


def _broken(site: Path) -> list[str]:
    broken = []
    for page in sorted(_pages(site)):
        if page == "404.html":
            continue  # served at any address: its links start from the site's root
        tree = LexborHTMLParser((site / page).read_text("utf-8"))
        for node in tree.css("a[href], link[href], script[src], img[src]"):
            url = node.attributes.get("href") or node.attributes.get("src") or ""
            target = _resolve(page, url)
            if target is not None and target != "." and not (site / target).is_file():
                broken.append(f"{page}: {url}")
    return broken


def _search_files(site: Path) -> dict[str, Any]:
    return {p.relative_to(site).as_posix(): gzip.decompress(p.read_bytes())
            for p in sorted((site / "search").rglob("*.gz"))}


def test_zensical_builds_the_same_site_as_the_plugin(real_site: Site, zensical_site: Site) -> None:
    mkdocs, zensical = real_site.root, zensical_site.root
    # The same pages; Zensical also writes its own (unused) search.json.
    assert _pages(zensical) == _pages(mkdocs)
    talk_pages = {f"{t.url}index.html" for t in talk_files.talk_files()}
    assert {p for p in _pages(zensical) if p.startswith("talks/")} == talk_pages
    # Each generated page's article: the same text, links to the same pages.
    for page in sorted(_pages(mkdocs)):
        assert _article(zensical, page) == _article(mkdocs, page), page
    # Both sites whole: every link, script, style and image reaches a file.
    assert _broken(mkdocs) == []
    assert _broken(zensical) == []
    # The same search: the record of each talk page, the filters, the index...
    assert sorted(zensical_site.search_records(), key=lambda p: p["url"]) == \
        sorted(real_site.search_records(), key=lambda p: p["url"])
    assert zensical_site.search_facets() == real_site.search_facets()
    assert _search_files(zensical) == _search_files(mkdocs)
    # ... so the same answers to the query table.
    for case in QUERIES_ALL:
        assert zensical_site.search_pages(case.query) == real_site.search_pages(case.query), \
            case.query
    # What finish adds to every page: the feed in the head, the search box in the header.
    for site in (mkdocs, zensical):
        page = LexborHTMLParser((site / sorted(talk_pages)[0]).read_text("utf-8"))
        assert page.css_first("head link[rel=alternate][type='application/atom+xml']")
        assert page.css_first("header form.tn-hsearch[data-tn-search-box]")
        assert page.css_first("article [data-search-body] #tn-search-meta[hidden]")


# A note that pymdownx.tasklist renders to a form field, which the allowlist refuses; the
# validator's own rendering, without that extension, sees a list. Both routes refuse a
# configuration whose extensions differ from the validator's, so this never reaches a page.
_TASKLIST = "Notes first.\n\nWhat to try:\n\n- [x] cyclictest on an idle host\n"
_SCRIPT = "Notes.\n\n<script>alert(1)</script>\n"


def _hostile_project(tmp_path: Path, body: str, extension: str | None = None) -> Path:
    project = Path(write_tree(tmp_path / "project", {
        "talks/themes.yml": THEMES,
        "talks/conf-2024/_index.md": CONFERENCE,
        "talks/conf-2024/good.md": talk("title: Good\nthemes: [ceph]"),
        "talks/conf-2024/hostile.md": talk("title: Hostile\nthemes: [ceph]", body),
        "docs/index.md": "# Notes\n",
    }))
    config = yaml.load((ROOT / "mkdocs.yml").read_text("utf-8"), Loader=_ConfigLoader)
    if extension:
        config["markdown_extensions"].append(extension)
    config["nav"] = [{"Home": "index.md"}]
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), "utf-8")
    return project


def _plugin_problems(project: Path) -> list[str]:
    with pytest.raises(BuildFailed) as failed:
        build_site(project, project / "mkdocs-site")
    message = f"{failed.value}\n{failed.value.log}"
    return [line for line in message.splitlines() if line.startswith("talks/")]


def test_zensical_and_the_plugin_refuse_markdown_that_validate_does_not_render(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """An extension the validator does not render with (tasklist: `- [x]` becomes an
    <input>) would let a page show what validate never judged: the plugin and finish both
    refuse the configuration, naming the extension, and nothing is written."""
    project = _hostile_project(tmp_path, _TASKLIST, "pymdownx.tasklist")
    monkeypatch.chdir(project)
    with pytest.raises(BuildFailed) as failed:
        build_site(project, project / "mkdocs-site")
    assert "not in validate's list: pymdownx.tasklist" in f"{failed.value}\n{failed.value.log}"
    capsys.readouterr()
    code, site = zensical_build(project, Path("talks"), Path("docs"))
    out = capsys.readouterr()
    assert code == 1
    assert "not in validate's list: pymdownx.tasklist" in out.err
    assert "Traceback" not in out.err
    # Refused before anything is written: no page links the feed, there is no search.
    assert not any('type="application/atom+xml"' in (site / p).read_text("utf-8")
                   for p in _pages(site))
    assert not (site / "search" / "manifest.json").exists()


def test_zensical_and_the_plugin_refuse_a_script_at_the_talk_files(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    project = _hostile_project(tmp_path, _SCRIPT)
    monkeypatch.chdir(project)
    expected = _plugin_problems(project)
    assert expected and all(re.match(r"talks/conf-2024/hostile\.md:8: .*<script>", p)
                            for p in expected), expected
    capsys.readouterr()
    assert main(["generate", "out", "--talks-dir", "talks", "--docs-dir", "docs"]) == 1
    out = capsys.readouterr()
    assert [line for line in out.out.splitlines() if line.startswith("talks/")] == expected
    assert not Path("out").exists()
