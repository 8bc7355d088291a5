"""Loading: files under talks/ -> records that remember where each key stands.

Nothing here judges the content beyond what it takes to read it: a file that cannot be read
(not UTF-8, too large, no front matter, broken YAML, YAML aliases or tags) becomes a record
with `data=None` and the problems that say why. The validator judges the rest.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

import frontmatter.default_handlers
import yaml

from build_notes.errors import TalkNotesError
from build_notes.model import Problem
from build_notes.schema import load_schema

RecordKind = Literal["talk", "conference", "themes", "other"]

THEMES_FILE = "themes.yml"
CONFERENCE_FILE = "_index.md"

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """Safe YAML, C-accelerated where available, that keeps dates as text.

    PyYAML would turn `2017-05-08` into a date but raise a bare ValueError on `2017-13-01`;
    keeping them as strings lets the validator say which line and how to fix it.
    """


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}

_FRONT_MATTER = frontmatter.default_handlers.YAMLHandler()
# A top-level `key:` at column 0; enough to point at the line of each key without a second parse.
_TOP_KEY = re.compile(r"^(?P<q>['\"]?)(?P<key>[^\s#'\"\-?:][^:'\"]*?)(?P=q)\s*:(?:\s|$)")


@dataclass(frozen=True)
class Record:
    """One file under talks/, read but not judged."""

    path: str  # as shown in messages: talks/<conference>/<talk>.md
    kind: RecordKind
    conference_id: str = ""
    id: str = ""  # the talk id (file stem); the conference id for an _index.md
    data: Any = None  # parsed front matter (or the themes list); None when unreadable
    lines: dict[str, int] = field(default_factory=dict)  # key -> 1-based line
    body: str = ""
    body_line: int = 1
    problems: tuple[Problem, ...] = ()

    def line(self, key: str, default: int = 1) -> int:
        return self.lines.get(key, default)


def display_root(root: Path) -> str:
    """How messages name the talks folder: relative to the working directory when inside it."""
    try:
        return Path(os.path.relpath(root)).as_posix() if not root.is_absolute() or str(
            root.resolve()
        ).startswith(str(Path.cwd().resolve())) else root.as_posix()
    except ValueError:  # another drive on Windows
        return root.as_posix()


def load_tree(root: Path, shown_as: str | None = None) -> list[Record]:
    """Read every file under `root`, in a stable order."""
    if not root.is_dir():
        raise TalkNotesError(
            f"{root}: no such folder; pass the folder that holds themes.yml and the "
            "conference folders (usually talks/)"
        )
    shown = shown_as if shown_as is not None else display_root(root)
    real_root = root.resolve()
    records: list[Record] = []
    found_themes = False
    for rel in _walk(root):
        path = root / rel
        shown_path = f"{shown}/{rel}"
        parts = rel.split("/")
        if path.is_symlink() and not _inside(path, real_root):
            records.append(_other(shown_path, "is a symbolic link that leads outside the talks "
                                  "folder; copy the file in instead"))
            continue
        if parts == [THEMES_FILE]:
            found_themes = True
            records.append(load_themes(path, shown_path))
        elif len(parts) == 2 and parts[1].endswith(".md"):
            records.append(load_markdown(path, shown_path, parts[0], parts[1][:-3]))
        else:
            records.append(_other(shown_path, _misplaced_hint(parts)))
    if not found_themes:
        records.append(_other(f"{shown}/{THEMES_FILE}", "missing: create it with the list of "
                              "themes (- id: ceph / name: Ceph / description: ...)", kind="themes"))
    return records


def _walk(root: Path) -> Iterator[str]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        rel_dir = Path(dirpath).relative_to(root).as_posix()
        prefix = "" if rel_dir == "." else rel_dir + "/"
        for name in sorted(filenames):
            yield prefix + name
        for name in dirnames:
            if os.path.islink(os.path.join(dirpath, name)):
                yield prefix + name  # reported as misplaced or as leaving the folder


def _inside(path: Path, real_root: Path) -> bool:
    return path.resolve().is_relative_to(real_root)


def _misplaced_hint(parts: list[str]) -> str:
    if len(parts) == 1 and parts[0].endswith(".md"):
        return ("talk files belong in a conference folder: move it to "
                f"<conference-id>/{parts[0]}")
    if len(parts) > 2:
        return ("too deep: talks/ holds themes.yml and one folder per conference, each with "
                "_index.md and <talk-id>.md files; move it up")
    return ("not a talk: talks/ holds only themes.yml and <conference-id>/<talk-id>.md files "
            "(with _index.md per conference); rename it to .md or remove it")


def _other(path: str, message: str, kind: RecordKind = "other") -> Record:
    return Record(path=path, kind=kind, problems=(Problem(path, 0 if kind == "other" else 1,
                                                          message),))


def read_text(path: Path, shown_path: str) -> tuple[str | None, list[Problem]]:
    """Bytes -> text with LF line ends; BOM dropped. Refuses large, empty and non-UTF-8 files."""
    limit = load_schema().max_file_bytes
    size = path.stat().st_size
    if size > limit:
        return None, [Problem(shown_path, 1, f"file is {size:,} bytes, over the limit of "
                              f"{limit:,}; split the notes or shorten them")]
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if not raw.strip():
        return None, [Problem(shown_path, 1, "file is empty; add front matter and notes, or "
                              "delete it")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        return None, [Problem(shown_path, line, f"not UTF-8 (byte 0x{raw[e.start]:02x}); "
                              "save the file as UTF-8")]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, []


def parse_yaml(text: str, shown_path: str, first_line: int) -> tuple[Any, list[Problem]]:
    """Safe-load YAML; problems carry file lines (`first_line` is the line of the YAML's start)."""
    if any(c in text for c in "&*!"):  # cheap pre-check: most files have none of these
        try:
            problems = _refuse_aliases_and_tags(text, shown_path, first_line)
        except yaml.YAMLError:
            problems = []  # a syntax error: the load below reports it with its line
        if problems:
            return None, problems
    try:
        data = yaml.load(text, Loader=_Loader)  # _Loader derives from SafeLoader
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = first_line + (mark.line if mark is not None else 0)
        what = e.problem or e.context or "cannot be read"
        return None, [Problem(shown_path, line, f"YAML syntax error: {what}; check the "
                              "indentation, and quote values that contain ': ' or start with "
                              "[ { * & ! | > ' \" % @ `")]
    except yaml.YAMLError as e:
        return None, [Problem(shown_path, first_line, f"YAML error: {e}")]
    return data, []


def _refuse_aliases_and_tags(text: str, shown_path: str, first_line: int) -> list[Problem]:
    problems = []
    for event in yaml.parse(text, Loader=_Loader):
        line = first_line + (event.start_mark.line if event.start_mark is not None else 0)
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            problems.append(Problem(shown_path, line, "YAML anchors and aliases (&name, *name) "
                                    "are not allowed; write the value out"))
        elif isinstance(event, yaml.NodeEvent) and getattr(event, "tag", None) is not None:
            tag = str(getattr(event, "tag", "")).replace("tag:yaml.org,2002:", "!!")
            problems.append(Problem(shown_path, line, f"YAML tags ({tag}) are not "
                                    "allowed; write a plain value"))
    return problems


def load_markdown(path: Path, shown_path: str, conference_id: str, stem: str) -> Record:
    kind: RecordKind = "conference" if stem + ".md" == CONFERENCE_FILE else "talk"
    base = Record(path=shown_path, kind=kind, conference_id=conference_id,
                  id=conference_id if kind == "conference" else stem)
    text, problems = read_text(path, shown_path)
    if text is None:
        return replace(base, problems=tuple(problems))
    if not _FRONT_MATTER.detect(text):
        return replace(base, problems=(Problem(shown_path, 1, "no front matter: start the "
                      "file with a line '---', then the keys (title: ..., themes: [...]), then "
                      "'---'"),))
    try:
        fm, body = _FRONT_MATTER.split(text)
    except ValueError:
        return replace(base, problems=(Problem(shown_path, 1, "front matter is not closed: "
                      "add a line '---' after the keys"),))
    body_start = len(text) - len(body)
    body_line = text.count("\n", 0, body_start) + 1
    # The split keeps the newline after the opening '---', so the YAML's line 0 is file line 1.
    data, problems = parse_yaml(fm, shown_path, 1)
    if problems:
        return replace(base, body=body, body_line=body_line, problems=tuple(problems))
    lines: dict[str, int] = {}
    for offset, line in enumerate(fm.split("\n")):
        m = _TOP_KEY.match(line)
        if m:
            lines.setdefault(m.group("key"), 1 + offset)
    return replace(base, data=data, lines=lines, body=body, body_line=body_line)


def load_themes(path: Path, shown_path: str) -> Record:
    text, problems = read_text(path, shown_path)
    if text is None:
        return Record(path=shown_path, kind="themes", problems=tuple(problems))
    data, problems = parse_yaml(text, shown_path, 1)
    if problems:
        return Record(path=shown_path, kind="themes", problems=tuple(problems))
    lines: dict[str, int] = {}
    node = yaml.compose(text, Loader=_Loader)
    if isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines[f"[{i}]"] = item.start_mark.line + 1
            if isinstance(item, yaml.MappingNode):
                for key, _value in item.value:
                    lines[f"[{i}].{key.value}"] = key.start_mark.line + 1
    return Record(path=shown_path, kind="themes", data=data, lines=lines)
