"""Related talks weigh the words of the notes, not the words the site, an importer or a
conference's platform writes under every talk: those are found by how many talks have them
(document frequency), whatever they are.
"""

from __future__ import annotations

from pathlib import Path

from build_notes.content.programme import programme_block
from build_notes.pipeline import check
from build_notes.site.group import group
from tests.helpers import CONFERENCE, talk, tree

# A platform's line under every talk of one conference, in words no list could foresee.
BOILERPLATE = "Filmed by Zebulon Studios; uploaded with the quorvex player, captions enabled."
SUBJECTS = {
    "raft-one": "The raft consensus log, leader election and quorum writes in etcd.",
    "raft-two": "Raft consensus again: leader leases, quorum reads and election timeouts.",
    "gpu": "GPU scheduling for training jobs with fractional devices and preemption.",
    "wasm": "WebAssembly components, the wit interface language and sandboxed plugins.",
    "rust": "Rust async runtimes compared: work stealing, io_uring and cancellation.",
    "dns": "Anycast DNS at the edge, resolvers and cache poisoning defences.",
}


def related_words(tmp_path: Path, bodies: dict[str, str],
                  others: dict[str, str] | None = None) -> dict[str, list[tuple[str, ...]]]:
    """The words shown as reasons, for each talk's related talks, best first: `bodies` in
    one conference, `others` in another."""
    files = {f"conf-2017/{name}.md": talk(f"title: Talk {i}\nthemes: [ceph]", body)
             for i, (name, body) in enumerate(bodies.items())}
    if others:
        files["other-2017/_index.md"] = CONFERENCE
        files.update({f"other-2017/{name}.md": talk(f"title: Other {i}\nthemes: [ceph]", body)
                      for i, (name, body) in enumerate(others.items())})
    result = check(tree(tmp_path, files))
    assert not result.errors, result.errors
    groups = group(result.corpus)
    return {key.split("/")[1]: [r.words for r in rel] for key, rel in groups.related.items()}


def test_a_platforms_text_under_every_talk_is_no_reason(tmp_path: Path) -> None:
    # One conference's platform writes it under every talk; the other's does not.
    bodies = {name: f"{text}\n\n{BOILERPLATE}\n" for name, text in SUBJECTS.items()}
    others = {f"other-{name}": text for name, text in SUBJECTS.items()}
    words = related_words(tmp_path, bodies, others)
    boiler = set(BOILERPLATE.lower().replace(";", " ").replace(",", " ").replace(".", " ")
                 .split())
    for name, reasons in words.items():
        for shown in reasons:
            assert not set(shown) & boiler, (name, shown)
    raft = set(SUBJECTS["raft-one"].lower().replace(",", " ").replace(".", " ").split())
    assert words["raft-one"][0] and set(words["raft-one"][0]) <= raft


def test_the_programme_block_title_is_no_reason(tmp_path: Path) -> None:
    """Imported talks: notes written above the programme's own abstract, in its block."""
    imported = ("gpu", "wasm")  # two talks imported, their abstracts on unrelated subjects
    bodies = {name: f"{text}\n\n" + (programme_block(f"Abstract of {name}.")
                                     if name in imported else "")
              for name, text in SUBJECTS.items()}
    words = related_words(tmp_path, bodies)
    assert all("programme" not in shown for reasons in words.values() for shown in reasons)
    assert "raft" in words["raft-one"][0]


def test_a_word_most_talks_share_is_no_reason(tmp_path: Path) -> None:
    # Four talks of six say "fast, fast", each about its own subject besides.
    bodies = {name: f"{text.split()[0]} was fast, fast.\n" if i % 5 else f"{text}\n"
              for i, (name, text) in enumerate(SUBJECTS.items())}
    words = related_words(tmp_path, bodies)
    assert all("fast" not in shown for reasons in words.values() for shown in reasons)
