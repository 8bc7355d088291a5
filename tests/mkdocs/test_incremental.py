"""`mkdocs serve` renders again only what a save changed, and the site it serves is, byte for
byte, the site a clean build makes (build_notes/mkdocs/incremental.py).

The served builds run in this process with one plugin instance, as `mkdocs serve` runs them;
each clean build runs in a process of its own, so nothing of the served builds reaches it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from watchdog.events import FileModifiedEvent

from build_notes.mkdocs.plugin import TalkNotesPlugin

URL = "http://127.0.0.1:8000/"
EPOCH = {"SOURCE_DATE_EPOCH": "1700000000"}  # the sitemap's date, the same in both builds

CLEAN_BUILD = f"""
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
config = load_config(sys.argv[1], site_dir=sys.argv[2])
config.site_url = {URL!r}
config.plugins.on_startup(command="serve", dirty=False)
build(config, serve_url={URL!r})
config.plugins["talk-notes"].wait_for_search()
config.plugins.on_shutdown()
"""


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*")
            if p.is_file()}


def clean_build(project: Path, site: Path, epoch: dict[str, str] = EPOCH) -> dict[str, bytes]:
    subprocess.run([sys.executable, "-c", CLEAN_BUILD, str(project / "mkdocs.yml"), str(site)],
                   check=True, capture_output=True, env={**os.environ, **epoch})
    return files(site)


class Served:
    """The builds of one `mkdocs serve`, into one folder, by one plugin instance."""

    def __init__(self, project: Path, site: Path) -> None:
        self.project, self.site = project, site
        config = self.config()
        config.plugins.on_startup(command="serve", dirty=False)
        plugin = config.plugins["talk-notes"]
        assert isinstance(plugin, TalkNotesPlugin)
        self.plugin = plugin
        self.build(config)

    def config(self) -> object:
        config = load_config(str(self.project / "mkdocs.yml"), site_dir=str(self.site))
        config.site_url = URL
        return config

    def build(self, config: object = None) -> None:
        build(config or self.config(), serve_url=URL)  # type: ignore[arg-type]
        self.plugin.wait_for_search()

    def save(self, paths: list[Path]) -> bool:
        """What `mkdocs serve` does when the watcher reports `paths` changed: the pages of a
        save of notes rendered again (True), or a build (False)."""
        for path in paths:
            self.plugin.saves.add(FileModifiedEvent(str(path)))
        if self.plugin.revise_saved():
            self.plugin.wait_for_search()
            return True
        self.build()
        return False


def retitle(text: str) -> str:
    return re.sub(r"^title: .*$", "title: A title written anew", text, count=1, flags=re.M)


Change = Callable[[Path], list[Path]]  # an edit of the talks folder: the files it touched
EDITS: list[tuple[str, Change, bool]] = []  # what, the edit, whether it changes notes only


def edit(what: str, notes: bool = False) -> Callable[[Change], Change]:
    def add(change: Change) -> Change:
        EDITS.append((what, change, notes))
        return change
    return add


def talk_files(talks: Path) -> list[Path]:
    return sorted(p for p in talks.glob("*/*.md") if not p.name.startswith("_"))


@edit("a paragraph added to a talk's notes", notes=True)
def _paragraph(talks: Path) -> list[Path]:
    talk = talk_files(talks)[0]
    talk.write_text(talk.read_text("utf-8") + "\nOne more paragraph of notes.\n", "utf-8")
    return [talk]


@edit("a talk's first paragraph rewritten, with words of another talk", notes=True)
def _first_paragraph(talks: Path) -> list[Path]:
    talk, other = talk_files(talks)[1:3]
    front, _, notes = talk.read_text("utf-8").partition("\n---\n")
    words = " ".join(other.read_text("utf-8").partition("\n---\n")[2].split()[:40])
    talk.write_text(f"{front}\n---\n\nA first paragraph written now: {words}\n\n{notes}", "utf-8")
    return [talk]


@edit("a talk's notes all removed", notes=True)
def _no_notes(talks: Path) -> list[Path]:
    talk = talk_files(talks)[3]
    talk.write_text(talk.read_text("utf-8").partition("\n---\n")[0] + "\n---\n", "utf-8")
    return [talk]


@edit("a talk rated, its format changed", notes=True)
def _rated(talks: Path) -> list[Path]:
    talk = talk_files(talks)[2]
    text = re.sub(r"^(rating|format): .*\n", "", talk.read_text("utf-8"), flags=re.M)
    talk.write_text(text.replace("\n---\n", "\nrating: 4\nformat: keynote\n---\n", 1), "utf-8")
    return [talk]


@edit("a new talk")
def _new_talk(talks: Path) -> list[Path]:
    first = talk_files(talks)[0]
    new = first.parent / "a-talk-written-now.md"
    new.write_text(retitle(first.read_text("utf-8")), "utf-8")
    return [new]


@edit("a talk renamed")
def _renamed(talks: Path) -> list[Path]:
    talk = talk_files(talks)[-1]
    talk.write_text(retitle(talk.read_text("utf-8")).replace("anew", "again"), "utf-8")
    return [talk]


@edit("a talk moved to another theme")
def _theme(talks: Path) -> list[Path]:
    talk = talk_files(talks)[1]
    themes = yaml.safe_load((talks / "themes.yml").read_text("utf-8"))
    ids = [t["id"] for t in themes] if isinstance(themes, list) else list(themes)
    text = talk.read_text("utf-8")
    current = re.search(r"^themes: \[(.*)\]$", text, flags=re.M)
    assert current is not None and ids, "the edit expects `themes: [...]` and themes.yml ids"
    other = next(i for i in ids if i not in current[1])
    talk.write_text(text.replace(current[0], f"themes: [{other}]"), "utf-8")
    return [talk]


@edit("a talk deleted")
def _deleted(talks: Path) -> list[Path]:
    talk = talk_files(talks)[2]
    talk.unlink()
    return [talk]


@edit("a theme renamed in themes.yml")
def _themes_yml(talks: Path) -> list[Path]:
    themes = talks / "themes.yml"
    text = themes.read_text("utf-8")
    themes.write_text(re.sub(r"^(\s+name: )(.*)$", r"\1\2 and more", text, count=1, flags=re.M),
                      "utf-8")
    return [themes]


@pytest.fixture
def served(mini_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Served:
    for name, value in EPOCH.items():
        monkeypatch.setenv(name, value)
    serving = Served(mini_project, tmp_path / "served")
    yield serving  # type: ignore[misc]
    serving.plugin.on_shutdown()


def test_each_save_gives_the_site_a_clean_build_gives(served: Served, tmp_path: Path) -> None:
    talks = served.project / "talks"
    for number, (what, change, notes) in enumerate(EDITS):
        assert served.save(change(talks)) == notes, what  # notes only: no build
        clean = clean_build(served.project, tmp_path / f"clean-{number}")
        now = files(served.site)
        differ = sorted(k for k in now.keys() | clean.keys() if now.get(k) != clean.get(k))
        assert not differ, f"after {what}: {differ[:10]}"


def test_a_save_renders_only_the_pages_it_changes(served: Served) -> None:
    talks = served.project / "talks"
    edited, other = talk_files(talks)[:2]
    other_page = served.site / "talks" / other.parent.name / other.stem / "index.html"
    before = other_page.stat().st_mtime_ns
    edited.write_text(edited.read_text("utf-8") + "\nA sentence written now.\n", "utf-8")
    served.build()
    page = served.site / "talks" / edited.parent.name / edited.stem / "index.html"
    assert "A sentence written now." in page.read_text("utf-8")
    assert f"talks/{edited.parent.name}/{edited.stem}.md" not in served.plugin.kept
    assert f"talks/{other.parent.name}/{other.stem}.md" in served.plugin.kept
    assert other_page.stat().st_mtime_ns == before  # put back, not written again


def test_after_bad_saves_a_good_one_gives_the_clean_site(served: Served, tmp_path: Path) -> None:
    first, second = talk_files(served.project / "talks")[:2]
    good_first, good_second = first.read_text("utf-8"), second.read_text("utf-8")
    first.write_text(good_first.replace("title:", "title: [", 1), "utf-8")
    served.build()
    page = served.site / "talks" / first.parent.name / first.stem / "index.html"
    assert "has 1 problem" in page.read_text("utf-8")
    # The first file mended, the second broken: the first's page cannot be built yet.
    first.write_text(good_first + "\nMended.\n", "utf-8")
    second.write_text(good_second.replace("title:", "title: [", 1), "utf-8")
    served.build()
    assert "has no problem now" in page.read_text("utf-8")
    second.write_text(good_second, "utf-8")
    served.build()
    assert "Mended." in page.read_text("utf-8")
    clean = clean_build(served.project, tmp_path / "clean")
    now = files(served.site)
    assert sorted(k for k in now.keys() | clean.keys() if now.get(k) != clean.get(k)) == []


def test_a_save_of_notes_writes_only_the_pages_that_show_them(served: Served) -> None:
    talks = served.project / "talks"
    edited, other = talk_files(talks)[:2]
    pages = {p: p.stat().st_mtime_ns for p in served.site.rglob("*.html")}
    edited.write_text(edited.read_text("utf-8") + "\nA sentence written now.\n", "utf-8")
    assert served.save([edited])
    page = served.site / "talks" / edited.parent.name / edited.stem / "index.html"
    assert "A sentence written now." in page.read_text("utf-8")
    written = {p for p, mtime in pages.items() if p.stat().st_mtime_ns != mtime}
    assert page in written
    other_page = served.site / "talks" / other.parent.name / other.stem / "index.html"
    assert other_page not in written
    assert len(written) < len(pages) / 2


def test_a_save_of_notes_the_allowlist_refuses_gets_a_build(served: Served) -> None:
    talk = talk_files(served.project / "talks")[0]
    talk.write_text(talk.read_text("utf-8") + "\n<script>alert(1)</script>\n", "utf-8")
    with pytest.raises(Abort):  # the build refuses the notes, naming their file and line
        served.save([talk])
    page = served.site / "talks" / talk.parent.name / talk.stem / "index.html"
    assert "alert(1)" not in page.read_text("utf-8")


def test_a_save_that_is_not_a_talks_notes_gets_a_build(served: Served) -> None:
    talks = served.project / "talks"
    stray = talks / talk_files(talks)[0].parent.name / "notes.txt"
    stray.write_text("a file the build reads and refuses\n", "utf-8")
    assert not served.plugin.revise_saved()  # nothing reported: a build
    served.plugin.saves.add(FileModifiedEvent(str(stray)))
    assert not served.plugin.revise_saved()
    stray.unlink()
    talk = talk_files(talks)[0]
    swap = talk.parent / f".{talk.name}.swp"  # vim's, while the talk is open
    swap.write_bytes(b"\x00")
    for path in (talks / "gone.md.tmp", swap, talk):  # made and removed; an editor's; the talk
        served.plugin.saves.add(FileModifiedEvent(str(path)))
    assert served.plugin.revise_saved()  # the talk unchanged: nothing to render


def test_a_save_of_notes_the_next_day_dates_the_sitemap_anew(
        served: Served, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    next_day = {"SOURCE_DATE_EPOCH": str(int(EPOCH["SOURCE_DATE_EPOCH"]) + 86_400)}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", next_day["SOURCE_DATE_EPOCH"])
    talk = talk_files(served.project / "talks")[0]
    talk.write_text(talk.read_text("utf-8") + "\nWritten after midnight.\n", "utf-8")
    assert served.save([talk])
    clean = clean_build(served.project, tmp_path / "clean", next_day)
    now = files(served.site)
    assert sorted(k for k in now.keys() | clean.keys() if now.get(k) != clean.get(k)) == []
