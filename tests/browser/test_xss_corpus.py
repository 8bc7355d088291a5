"""The public XSS corpus in a real site, in Chromium: nothing runs, nothing leaves the origin.

One site is built from hostile notes: every vector of tests/data/xss_vectors.tsv is put in a
title, a speaker, an organisation, a tag, a theme or conference name; the vectors the validator
accepts in notes (they render to allowed HTML) go into the notes and an overview. Then every
page is opened with alert/confirm/prompt hooked; on the talk, conference, theme and search
pages every link of the article is hovered, focused and clicked (ordinary navigation is held
back, so a javascript: URL would run), and the DOM is walked for on* handlers and script URLs.
Any request to another host is recorded.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
import yaml
from playwright.sync_api import Error as PlaywrightError

from build_notes.pipeline import check
from tests.browser.conftest import serve
from tests.conftest import BuildFailed, Site, build_site
from tests.hostile_support import make_project
from tests.site.test_front_matter_shows_as_text import front_matter_file
from tests.xss_corpus import vectors

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

CONF = "xss-conf-2017"
PER_TALK = 8  # vectors in each talk's front matter: title, 2 speakers, organisation, 4 tags

HOOKS = """
window.__ran = [];
for (const name of ['alert', 'confirm', 'prompt', 'print']) {
  window[name] = (...args) => { window.__ran.push(name + ':' + String(args[0])); };
}
document.addEventListener('click', (event) => {
  const link = event.target.closest && event.target.closest('a[href]');
  if (!link) return;
  const scheme = (link.href.match(/^([a-z][a-z0-9+.-]*):/i) || [, ''])[1].toLowerCase();
  // Ordinary links would leave the page; a script URL must be let through to show it runs.
  if (['http', 'https', 'mailto', 'tel'].includes(scheme)) event.preventDefault();
}, true);
"""

INSPECT = """
() => {
  const URL_ATTRIBUTES = ['href', 'src', 'action', 'formaction', 'xlink:href', 'srcdoc', 'data',
                          'poster', 'background', 'cite', 'codebase', 'ping', 'srcset',
                          'manifest', 'lowsrc', 'dynsrc'];
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      const value = attr.value.replace(/[\\t\\n\\r]/g, '').trim().toLowerCase();
      if (name.startsWith('on')) found.push(el.tagName + ' ' + name);
      // Only attributes a browser follows or runs as a URL: a title, a form field's value or
      // a data-* attribute that holds the words "javascript:" (a tag as written) is text.
      if (!URL_ATTRIBUTES.includes(name)) continue;
      if (/^(javascript|vbscript|data):/.test(value) && !(el.tagName === 'IMG'
          && name === 'src' && value.startsWith('data:image/'))) {
        found.push(el.tagName + ' ' + name + '=' + value);
      }
    }
  }
  return found.concat(window.__ran);
}
"""


def hostile_tree(tmp_path: Path) -> dict[str, str | bytes]:
    corpus = [v.text for v in vectors()]
    themes = [{"id": f"t{i}", "name": corpus[i], "description": corpus[-1 - i]}
              for i in range(6)]
    conference = {"name": corpus[6], "location": corpus[7], "start": "2017-05-08",
                  "end": "2017-05-11"}
    # The vectors the validator lets into notes: they must be inert in the browser too.
    probe = {f"{CONF}/p{i:03d}.md": front_matter_file({"title": f"P{i}", "themes": ["t0"]},
                                                     f"Intro.\n\n{v}\n")
             for i, v in enumerate(corpus)}
    probe.update({"themes.yml": yaml.safe_dump(themes, allow_unicode=True),
                  f"{CONF}/_index.md": front_matter_file(conference, "Overview.\n")})
    (tmp_path / "probe").mkdir()
    for name, text in probe.items():
        path = tmp_path / "probe" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(str(text), "utf-8")
    refused = {p.path.rsplit("/", 1)[-1] for p in check(tmp_path / "probe").errors}
    accepted = [v for i, v in enumerate(corpus) if f"p{i:03d}.md" not in refused]
    tree: dict[str, str | bytes] = {
        "themes.yml": probe["themes.yml"],
        f"{CONF}/_index.md": front_matter_file(conference, f"Overview.\n\n{accepted[0]}\n"),
    }
    # One accepted vector to a talk: two that pass alone may fail together (the build then
    # refuses them at their line, which test_safety.py covers).
    talks = max(len(accepted), -(-(len(corpus) - 8) // PER_TALK))
    for n in range(talks):
        start = 8 + n * PER_TALK
        chunk = (corpus[start:start + PER_TALK] if start < len(corpus) else []) \
            + corpus[:PER_TALK]
        meta = {"title": f"V{n} {chunk[0]}", "themes": [f"t{n % 6}", f"t{(n + 1) % 6}"],
                "speakers": chunk[1:3], "organizations": [f"Org {n} {chunk[3]}"],
                "tags": list(dict.fromkeys(chunk[4:8]))}
        notes = accepted[n] if n < len(accepted) else ""
        tree[f"{CONF}/v{n:03d}.md"] = front_matter_file(meta, f"Notes at 1m05s.\n\n{notes}\n")
    return tree


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The site; notes the build refuses (a vector that passes alone can fail in its page's
    context) must be refused at `path:line:`, and are then left out, as a contributor would."""
    root = tmp_path_factory.mktemp("xss-corpus")
    tree = hostile_tree(root)
    for attempt in range(3):
        project = make_project(root / f"project{attempt}", tree)
        try:
            return build_site(project, root / f"site{attempt}")
        except BuildFailed as failure:
            refused = re.findall(rf"^talks/{CONF}/(v\d+\.md):\d+: ", failure.value.log, re.M)
            assert refused, failure.value.log
            for name in refused:
                head, _, _ = str(tree[f"{CONF}/{name}"]).partition("Notes at 1m05s.")
                tree[f"{CONF}/{name}"] = head + "Notes at 1m05s.\n"
    raise AssertionError("the build still fails after leaving out the refused notes")


@pytest.fixture(scope="module")
def base_url(site: Site) -> Iterator[str]:
    with serve(site.root) as url:
        yield url


@pytest.fixture(scope="module")
def tab(browser: Browser, base_url: str) -> Iterator[tuple[Page, list[str]]]:
    context = browser.new_context(service_workers="block")
    context.set_default_timeout(5_000)
    context.add_init_script(HOOKS)
    own = urlsplit(base_url).netloc
    elsewhere: list[str] = []

    def block(route: object) -> None:
        request = route.request  # type: ignore[attr-defined]
        elsewhere.append(request.url)
        route.abort("blockedbyclient")  # type: ignore[attr-defined]

    context.route(lambda url: urlsplit(url).netloc != own
                  and urlsplit(url).scheme in ("http", "https", "ws", "wss"), block)
    page = context.new_page()
    page.on("dialog", lambda dialog: (elsewhere.append(f"dialog {dialog.message}"),
                                      dialog.dismiss()))
    yield page, elsewhere
    context.close()


def pages(site: Site) -> list[str]:
    return sorted(("" if p.parent == site.root else
                   p.parent.relative_to(site.root).as_posix() + "/")
                  for p in site.root.rglob("index.html"))


INTERACT = """
() => {
  for (const link of document.querySelectorAll('article a[href]')) {
    for (const type of ['pointerover', 'mouseover', 'mouseenter', 'pointerdown', 'mousedown',
                        'pointerup', 'mouseup']) {
      link.dispatchEvent(new MouseEvent(type, {bubbles: true, cancelable: true}));
    }
    link.focus();
    link.click();
  }
}
"""


def _interact(page: Page) -> None:
    """Hover, focus and click every link of the article (navigation held back by HOOKS).

    Events dispatched from the page itself: a pointer moved by Playwright to each of a
    hundred links would take minutes; the handlers fire alike."""
    page.evaluate(INTERACT)
    page.wait_for_timeout(50)


def test_nothing_runs_and_nothing_is_fetched_from_elsewhere(
        site: Site, base_url: str, tab: tuple[Page, list[str]]) -> None:
    page, elsewhere = tab
    ran: dict[str, list[str]] = {}
    for path in pages(site):
        page.goto(base_url + path, wait_until="load")
        found: list[str] = []
        if path.startswith(("talks/", "conferences/", "themes/")) or path in ("", "explore/"):
            _interact(page)
        page.wait_for_timeout(20)  # let onerror/onload of broken images fire
        try:
            found = page.evaluate(INSPECT)
        except PlaywrightError:  # the page was replaced while it was inspected
            page.wait_for_load_state("load")
            if urlsplit(page.url).path != urlsplit(base_url + path).path:
                found = [f"navigated to {page.url}"]  # a link left the page after all
            else:  # the same page again (a script reloaded it): inspect that
                found = page.evaluate(INSPECT)
        found += elsewhere
        if found:
            ran[path] = list(found)
            elsewhere.clear()
    assert ran == {}


def test_the_search_page_shows_hostile_filter_values_as_text(
        base_url: str, tab: tuple[Page, list[str]]) -> None:
    """The search page shows theme, conference, organisation, speaker and tag names as facet
    labels and results' details; all of them are vectors here, and must show as text."""
    page, elsewhere = tab
    page.goto(base_url + "search/?q=notes", wait_until="load")  # every talk's notes: "Notes at"
    page.locator(".tn-search-page .tn-result").first.wait_for(state="visible", timeout=15_000)
    page.locator(".tn-facet").first.wait_for(state="attached")
    # Organisations, speakers and tags load when opened: open each, one at a time.
    while (left := page.locator(".tn-facet__load summary")).count():
        n = left.count()
        left.first.click()
        page.wait_for_function(
            "n => document.querySelectorAll('.tn-facet__load summary').length < n", arg=n)
    for more in page.locator(".tn-facet__more").all():
        more.click()
    page.wait_for_timeout(200)
    page.evaluate(INTERACT.replace("article a[href]",
                                   ".tn-search-page a[href]"))
    page.wait_for_timeout(50)
    assert page.evaluate(INSPECT) + elsewhere == []
    labels = page.locator(".tn-facet__value").all_inner_texts()
    assert any("<" in label for label in labels), labels  # the markup shows, as text
