"""In Chromium: everything notes may carry leaves the theme's scripts and ours untouched.

One talk holds every box type, every class the Markdown extensions write (footnotes, the
table of contents, highlighted code), the attributes notes may use, and ids that the theme
and the browser read (`__config`, `__search`, `__drawer`, `location`), a made-up theme config
in a closed <details> among them (on 1e78732 Material read it: the page asked another host
for versions.json). The page must load with no script error and no request elsewhere; the
theme must still work (its config is its own, the colour toggle switches the scheme, the
table of contents and every in-page link reach their element), and so must our header search.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from build_notes.content.schema import note_markup
from build_notes.markdown.safety import ADMONITION_CLASSES
from tests.browser.conftest import ServedSite, open_tab, serve
from tests.conftest import ROOT, Site, build_site
from tests.helpers import talk
from tests.hostile_support import make_project

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

FAKE_CONFIG = ('{"base": "https://evil.example/x/", "features": ["content.tooltips"], '
               '"search": "https://evil.example/s.js", "translations": {}, '
               '"version": {"provider": "mike", "default": "x"}}')
TYPES = sorted(set(note_markup()["admonition_types"]))


def _everything() -> str:
    boxes = "\n".join(f'!!! {kind} "A {kind} box"\n\n    Text of the {kind} box.\n'
                      for kind in TYPES)
    return f"""Intro with a footnote[^1] and a [link to the code](#code).

[TOC]

## Code {{: #code }}

```python
def f(x: int) -> dict[str, int]:  # comment
    return {{"a": x}}
```

Inline `#!python print("hi")` and <kbd>Ctrl</kbd>, <abbr title="Ceph storage">OSD</abbr>.

{boxes}
??? tip inline end "Collapsed"

    Hidden text.

<details><summary>Config</summary><div id="__config">{FAKE_CONFIG}</div></details>

<span id="__search">x</span> <span id="__drawer">y</span> <span id="location">z</span>
<p lang="fr" dir="ltr" title="Une note" role="note" aria-label="Note">Texte.</p>

| A | B |
|:--|--:|
| 1 | 2 |

[^1]: The footnote, with a link [back up](#code).
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = tmp_path_factory.mktemp("note-markup")
    files = {"themes.yml": (ROOT / "talks/themes.yml").read_text("utf-8"),
             "conf-2017/_index.md": "---\nname: Conf\nstart: 2017-05-08\nend: 2017-05-11\n---\n",
             "conf-2017/x.md": talk("title: Every kind of markup\nthemes: [ceph]",
                                    _everything())}
    return build_site(make_project(root / "project", files), root / "site")


@pytest.fixture(scope="module")
def served(site: Site) -> Iterator[ServedSite]:
    with serve(Path(site.root)) as url:
        yield ServedSite(site, url)


def test_every_box_type_of_the_data_file_is_on_the_page(site: Site) -> None:
    html = site.html("talks/conf-2017/x/")
    for kind in TYPES:
        assert f'class="admonition {kind}"' in html, kind
    assert set(TYPES) <= ADMONITION_CLASSES


def test_the_theme_and_our_scripts_run_untouched(browser: Browser, served: ServedSite) -> None:
    tab, context = open_tab(browser, served)
    dialogs: list[str] = []
    tab.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        tab.goto("talks/conf-2017/x/")
        page = tab.page
        # The theme's config is its own: one #__config, the theme's script element.
        assert page.evaluate("""() => [...document.querySelectorAll('[id="__config"]')]
                                  .map(e => e.tagName)""") == ["SCRIPT"]
        assert page.evaluate("() => JSON.parse(document.querySelector('#__config')"
                             ".textContent).base") in (".", "../../..")
        # Every in-page link of the article reaches its element (footnotes, [TOC], permalinks,
        # the note's own link), and so does every entry of the theme's table of contents.
        missing = page.evaluate("""() => [...document.querySelectorAll(
              'article a[href^="#"], nav.md-nav--secondary a[href^="#"]')]
            .map(a => decodeURIComponent(a.getAttribute('href').slice(1)))
            .filter(id => id && !document.getElementById(id))""")
        assert missing == []
        assert page.locator("nav.md-nav--secondary a[href='#note-code']").count() >= 1
        # The theme's script works: the colour toggle switches the scheme.
        before = page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")
        page.locator("form[data-md-component='palette'] label:visible").first.click()
        page.wait_for_function("s => document.body.getAttribute('data-md-color-scheme') !== s",
                               arg=before)
        # Ours works: the header's search box answers.
        tab.wait_for_search_ready()
        page.locator(".tn-hsearch__input").fill("markup")
        page.locator(".tn-hsearch__results a").first.wait_for(state="visible")
        page.wait_for_timeout(300)  # a late request from a made-up config would show here
        assert tab.watch.problems == [] and dialogs == []
        assert [r for r in tab.watch.requests if not served.is_own(r)] == []
    finally:
        context.close()
