"""The memo of verdicts (build_notes/memo.py): a second run says exactly what a fresh one says,
whatever changed in between, and reads nothing it did not write for this code."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from build_notes import memo
from build_notes.cli.main import main
from build_notes.pipeline import Result, check
from tests.conftest import build_site
from tests.helpers import CONFERENCE, THEMES, talk, tree


@pytest.fixture(autouse=True)
def memo_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    where = tmp_path / "memo"
    monkeypatch.setenv("BUILD_NOTES_CACHE_DIR", str(where))
    return where


FILES = {
    "conf-2017/good.md": talk("title: A good talk\nthemes: [ceph]\ndate: 2017-05-09",
                              "Latency < 5 ms, and `{code}` with <b>bold</b>.\n"),
    "conf-2017/bad.md": talk("title: A bad talk\nthemes: [cef]", "<script>x()</script>\n"),
    "conf-2017/twin.md": talk("title: A GOOD talk!\nthemes: [nfv]"),
}


def judged(root: Path, *, memoized: bool = True) -> tuple[Result, memo.Memo | None]:
    kept = memo.for_tree(root, "validate") if memoized else None
    return check(root, shown_as="talks", memo=kept), kept


def same(a: Result, b: Result) -> bool:
    return (a.problems, a.corpus) == (b.problems, b.corpus)


def test_a_second_run_reads_every_verdict_from_the_memo_and_says_the_same(
        tmp_path: Path, memo_dir: Path) -> None:
    root = tree(tmp_path, FILES)
    fresh, _ = judged(root, memoized=False)
    assert fresh.errors and len(fresh.corpus.talks) == 1  # the tree holds problems to keep
    first, kept = judged(root)
    assert kept is not None and kept.misses and not kept.hits
    assert len(list(memo_dir.iterdir())) == 1
    second, kept = judged(root)
    # Each Markdown file's record (the conference's _index.md too), and each talk's verdict.
    markdown_files = len(list(root.glob("*/*.md")))
    assert kept is not None and not kept.misses and kept.hits == markdown_files + len(FILES)
    assert same(first, fresh) and same(second, fresh)


@pytest.mark.parametrize("change", ["talk", "themes", "conference"])
def test_a_change_to_a_file_or_to_what_a_talk_is_judged_against_is_judged_afresh(
        tmp_path: Path, change: str) -> None:
    root = tree(tmp_path, FILES)
    judged(root)
    if change == "talk":
        (root / "conf-2017/good.md").write_text(
            talk("title: A good talk\nthemes: [ceph]\ndate: 2017-05-09", "<iframe src=x>\n"))
    elif change == "themes":  # the talk's file is unchanged, its theme is gone
        (root / "themes.yml").write_text(THEMES.replace("- id: ceph\n", "- id: storage\n"))
    else:  # the talk's date now falls outside its conference
        (root / "conf-2017/_index.md").write_text(CONFERENCE.replace("2017-05-08", "2017-05-10"))
    again, _ = judged(root)
    fresh, _ = judged(root, memoized=False)
    assert same(again, fresh)
    assert any(p.path == "talks/conf-2017/good.md" for p in fresh.errors)


def test_a_memo_of_other_code_a_torn_file_or_none_at_all_is_not_believed(
        tmp_path: Path, memo_dir: Path) -> None:
    root = tree(tmp_path, FILES)
    fresh, kept = judged(root)
    assert kept is not None and kept.path is not None
    entries = pickle.loads(kept.path.read_bytes())[1]
    # The same entries under another fingerprint, each verdict swapped for a clean one.
    lies = {k: (v[0], [], v[2]) if isinstance(v, tuple) else v for k, v in entries.items()}
    kept.path.write_bytes(pickle.dumps((b"other code", lies)))
    again, second = judged(root)
    assert same(again, fresh) and second is not None and not second.hits
    kept.path.write_bytes(b"\x80\x05torn")
    assert same(judged(root)[0], fresh)
    kept.path.unlink()
    assert same(judged(root)[0], fresh)


def test_an_unwritable_cache_folder_costs_speed_not_the_verdict(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("BUILD_NOTES_CACHE_DIR", str(blocker / "memo"))
    root = tree(tmp_path, FILES)
    assert same(judged(root)[0], judged(root, memoized=False)[0])


def test_validate_keeps_its_memo_out_of_the_repository_and_can_go_without(
        tmp_path: Path, memo_dir: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    root = tree(tmp_path, FILES)
    assert main(["validate", str(root)]) == 1
    printed = capsys.readouterr()
    assert [p.name for p in memo_dir.iterdir()] and not list(root.rglob("*.pickle"))
    assert main(["validate", str(root)]) == 1
    assert capsys.readouterr() == printed
    for path in memo_dir.iterdir():
        path.unlink()
    assert main(["validate", "--no-cache", str(root)]) == 1
    assert capsys.readouterr() == printed and not list(memo_dir.iterdir())
    monkeypatch.setenv("BUILD_NOTES_CACHE_DIR", "")
    assert main(["validate", str(root)]) == 1
    assert capsys.readouterr() == printed and not list(memo_dir.iterdir())


def test_validate_and_the_build_keep_a_memo_each(tmp_path: Path, memo_dir: Path) -> None:
    """`build-notes validate && mkdocs serve`, again and again: neither empties the other's
    memo (a build leaves rendering to MkDocs, so their verdicts differ)."""
    root = tree(tmp_path, {"conf-2017/x.md": talk("title: T\nthemes: [ceph]")})
    check(root, memo=memo.for_tree(root, "validate"))
    check(root, render=False, memo=memo.for_tree(root, "build"))
    again = memo.for_tree(root, "validate")
    check(root, memo=again)
    assert again.hits and not again.misses
    assert len(list(memo_dir.iterdir())) == 2


def test_a_second_build_reads_the_memo_and_publishes_the_same_site(
        mini_project: Path, tmp_path: Path, memo_dir: Path) -> None:
    first = build_site(mini_project, tmp_path / "first")
    (kept,) = memo_dir.glob("*-build.pickle")
    written = kept.stat().st_ino
    second = build_site(mini_project, tmp_path / "second")
    # Every verdict came from it, so it was not written again (a save replaces the file).
    assert kept.stat().st_ino == written
    pages = sorted(p.relative_to(first.root) for p in first.root.rglob("*.html"))
    assert pages == sorted(p.relative_to(second.root) for p in second.root.rglob("*.html"))
    assert all((first.root / p).read_bytes() == (second.root / p).read_bytes() for p in pages)
