"""Nothing lost: every valid talk file reaches the site, and one invalid file stops the build.

A corpus of 30 generated talks over 3 conferences (seeded, so every run builds the same one)
goes through the real `mkdocs build`. Each talk file must have its page, be linked from each
of its theme pages, its conference page and its organisations' pages, and be found in the
search index by a word only its notes contain. The expectations are computed from the files
as written here, not from build_notes, so a talk that the pipeline drops cannot also drop out
of the expectations. Then a single invalid file, of each kind, must fail the build (with and
without --strict) instead of being skipped.
"""

from __future__ import annotations

import posixpath
import random
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml

from build_notes.cli.main import main
from build_notes.pipeline import build
from build_notes.site.group import name_slug
from build_notes.site.pieces import RenderOptions
from tests.conftest import BuildFailed, Site, build_site
from tests.helpers import GOOD, talk
from tests.hostile_support import make_project, parse_html

THEMES = [("storage", "Storage"), ("network", "Networking & NFV"), ("k8s", "Kubernetes"),
          ("ops", "Operations"), ("security", "Security")]
CONFERENCES = [("summit-2017", "Summit 2017", "2017-05-08", "2017-05-11"),
               ("kubecon-2019", "KubeCon <EU> 2019", "2019-05-20", "2019-05-23"),
               ("fosdem-2020", "FOSDEM | 2020", "2020-02-01", "2020-02-02")]
ORGANIZATIONS = ["Red Hat", "Société Générale", "株式会社テスト", "AT&T", "Intel", "O'Reilly",
                 "C++ Foundation", "[Bracket] Labs"]
WORDS = ["Ceph", "scale", "latency", "*fast*", "the_edge", "<kernel>", "100%", "`code`",
         "Zürich", "naïve", "DPDK", "[draft]", "{{ x }}", "# hash", "A|B", "über"]


@dataclass(frozen=True)
class Expected:
    conference: str
    id: str
    title: str
    themes: tuple[str, ...]
    organizations: tuple[str, ...]
    token: str  # a word only this talk's notes contain

    @property
    def url(self) -> str:
        return f"talks/{self.conference}/{self.id}/"


def corpus(n: int = 30, seed: int = 6) -> tuple[dict[str, str | bytes], list[Expected]]:
    rng = random.Random(seed)
    files: dict[str, str | bytes] = {"themes.yml": yaml.safe_dump(
        [{"id": i, "name": name, "description": f"Talks about {name}."} for i, name in THEMES],
        allow_unicode=True, sort_keys=False)}
    for cid, name, start, end in CONFERENCES:
        conference = {"name": name, "start": start, "end": end, "location": "Somewhere"}
        front = yaml.safe_dump(conference, allow_unicode=True)
        files[f"{cid}/_index.md"] = f"---\n{front}---\n\nAbout.\n"
    expected = []
    for i in range(n):
        cid = CONFERENCES[i % len(CONFERENCES)][0]
        title = f"Talk {i}: " + " ".join(rng.sample(WORDS, 3))
        themes = tuple(rng.sample([t for t, _ in THEMES], rng.randint(1, 3)))
        orgs = tuple(rng.sample(ORGANIZATIONS, rng.randint(0, 2)))
        token = f"zqx{i:03d}token"
        meta: dict[str, object] = {
            "title": title, "themes": list(themes), "organizations": list(orgs),
            "speakers": [f"Speaker {i}"], "rating": rng.randint(1, 5)}
        if not orgs:
            del meta["organizations"]
        body = f"Notes of talk {i} with the word {token}.\n\n## Details\n\nMore.\n"
        files[f"{cid}/talk-{i:02d}.md"] = (
            f"---\n{yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)}---\n\n{body}")
        expected.append(Expected(cid, f"talk-{i:02d}", title, themes, orgs, token))
    return files, expected


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, list[Expected]]:
    files, expected = corpus()
    root = tmp_path_factory.mktemp("nothing-lost")
    site = build_site(make_project(root / "project", files), root / "site")
    return site, expected


def links(site: Site, url: str) -> set[str]:
    """The site paths the content of page `url` links to (fragments dropped)."""
    base = f"http://site/{url}"
    article = parse_html(site.html(url)).find("article")
    found = set()
    for a in article.find_all("a"):
        target = urlsplit(urljoin(base, a.attrs.get("href", "")))
        if target.netloc == "site":
            path = posixpath.normpath(target.path).lstrip("/")
            found.add(path + "/" if path and not path.endswith(".html") else path)
    return found


def pages_of(site: Site, first: str) -> list[str]:
    """A listing page and its continuation pages (first/2/, first/3/, ...)."""
    pages = [first]
    while site.exists(f"{first}{len(pages) + 1}/"):
        pages.append(f"{first}{len(pages) + 1}/")
    return pages


def test_the_corpus_is_what_it_says(built: tuple[Site, list[Expected]]) -> None:
    _, expected = built
    assert len(expected) == 30
    assert {e.conference for e in expected} == {c[0] for c in CONFERENCES}


def test_every_talk_file_has_its_page(built: tuple[Site, list[Expected]]) -> None:
    site, expected = built
    missing = [e.url for e in expected if not site.exists(e.url)]
    assert missing == []
    for e in expected:
        h1 = parse_html(site.html(e.url)).find("article").find("h1")
        assert h1.text.removesuffix("¶").strip() == e.title, e.url


def test_every_talk_is_listed_on_each_of_its_theme_pages(
        built: tuple[Site, list[Expected]]) -> None:
    site, expected = built
    for theme, _ in THEMES:
        linked = set().union(*(links(site, p) for p in pages_of(site, f"themes/{theme}/")))
        should = {e.url for e in expected if theme in e.themes}
        assert should - linked == set(), f"themes/{theme}/ does not list {should - linked}"


def test_every_talk_is_listed_on_its_conference_page(built: tuple[Site, list[Expected]]) -> None:
    site, expected = built
    for cid, *_ in CONFERENCES:
        should = {e.url for e in expected if e.conference == cid}
        assert should - links(site, f"conferences/{cid}/") == set(), cid


def test_every_talk_is_listed_on_its_organisations_pages(
        built: tuple[Site, list[Expected]]) -> None:
    site, expected = built
    for org in ORGANIZATIONS:
        should = {e.url for e in expected if org in e.organizations}
        if not should:
            continue
        first = f"organizations/{name_slug(org, 'org')}/"
        linked = set().union(*(links(site, p) for p in pages_of(site, first)))
        assert should - linked == set(), org


def test_every_talk_is_in_the_search_index(built: tuple[Site, list[Expected]]) -> None:
    site, expected = built
    locations = {d["location"] for d in site.search_docs()}
    assert [e.url for e in expected if e.url not in locations] == []
    for e in expected:
        assert e.url in site.search_pages(e.token), f"{e.token} does not find {e.url}"


def test_the_counts_add_up(built: tuple[Site, list[Expected]]) -> None:
    site, expected = built
    home = parse_html(site.html("")).find("article").text
    assert re.search(rf"\b{len(expected)} talks\b", home), home[:300]
    assert len(list((site.root / "talks").glob("*/*/index.html"))) == len(expected)


def test_the_feed_holds_every_talk(built: tuple[Site, list[Expected]]) -> None:
    site, expected = built
    feeds = list(site.root.glob("*.xml"))
    feed = next((f for f in feeds if "<feed" in f.read_text("utf-8")), None)
    if feed is None:
        pytest.skip("the site has no Atom feed")
    text = feed.read_text("utf-8")
    assert [e.url for e in expected if f'{e.url}"' not in text] == []


def test_paged_listings_lose_nothing(tmp_path: Path) -> None:
    """With small pages, every talk is still linked from some page of each of its themes."""
    files, expected = corpus()
    root = make_project(tmp_path / "p", files) / "talks"
    result = build(root, RenderOptions(page_size=4), shown_as="talks")
    assert result.pages is not None, result.errors
    pages = result.pages
    for theme, _ in THEMES:
        uris = [u for u in pages if u == f"themes/{theme}.md" or
                u.startswith(f"themes/{theme}/")]
        linked = set()
        for uri in uris:
            for target in re.findall(r"\]\(([^)\s]+\.md)\)", pages[uri]):
                linked.add(posixpath.normpath(posixpath.join(posixpath.dirname(uri), target)))
        should = {f"talks/{e.conference}/{e.id}.md" for e in expected if theme in e.themes}
        assert should - linked == set(), theme
        assert len(uris) == max(1, -(-len(should) // 4)), (theme, uris)


# --- One invalid file fails the whole build ---------------------------------------------------

INVALID: dict[str, tuple[str, str | bytes]] = {
    "bad yaml": ("summit-2017/broken.md", "---\ntitle: [unclosed\nthemes: [storage]\n---\n"),
    "unknown key": ("summit-2017/broken.md", talk("title: B\nthemes: [storage]\nvenue: x")),
    "unknown theme": ("summit-2017/broken.md", talk("title: B\nthemes: [nope]")),
    "not utf-8": ("summit-2017/broken.md",
                  talk("title: Caf\u00e9\nthemes: [storage]").encode("latin-1")),
    "empty file": ("summit-2017/broken.md", b""),
    "empty front matter": ("summit-2017/broken.md", "---\n---\n\nNotes.\n"),
    "stray file": ("summit-2017/notes.txt", "x"),
    "missing _index.md": ("new-2021/x.md", GOOD.replace("ceph", "storage")),
    "duplicate title": ("summit-2017/broken.md", ""),  # the title is filled in below
    "script in notes": ("summit-2017/broken.md", talk("title: B\nthemes: [storage]",
                                                      "<script>alert(1)</script>\n")),
}


@pytest.mark.parametrize("strict", [True, False], ids=["strict", "not strict"])
@pytest.mark.parametrize("kind", INVALID)
def test_one_invalid_file_fails_the_build(tmp_path: Path, kind: str, strict: bool) -> None:
    files, expected = corpus(6)
    name, content = INVALID[kind]
    if kind == "duplicate title":
        content = talk(f"title: '{expected[0].title.upper()}'\nthemes: [storage]")
    files[name] = content
    project = make_project(tmp_path / "p", files)
    with pytest.raises(BuildFailed) as failure:
        build_site(project, tmp_path / "site", strict=strict)
    reported = failure.value.log + str(failure.value)
    shown = {"missing _index.md": "talks/new-2021/_index.md",
             # the later of the two files in load order is the one reported
             "duplicate title": "talks/summit-2017/talk-00.md"}.get(kind, f"talks/{name}")
    assert re.search(rf"{re.escape(shown)}:\d+: ", reported), reported
    assert kind != "duplicate title" or f"talks/{name}" in reported, reported
    assert not (tmp_path / "site" / "talks").exists(), "talk pages were written anyway"


def test_generate_writes_nothing_when_a_file_is_invalid(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files, _ = corpus(6)
    files["summit-2017/broken.md"] = talk("title: B\nthemes: [nope]")
    root = make_project(tmp_path / "p", files) / "talks"
    out = tmp_path / "out"
    assert main(["generate", str(out), "--talks-dir", str(root), "--docs-dir", ""]) == 1
    assert "broken.md:" in capsys.readouterr().out
    assert not out.exists() or not any(out.rglob("*.md"))


def test_the_search_index_has_an_entry_per_page(
        built: tuple[Site, list[Expected]]) -> None:
    site, expected = built
    pages = {d["location"] for d in site.search_docs() if "#" not in d["location"]}
    assert {e.url for e in expected} <= pages
