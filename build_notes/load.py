"""Loading: files under talks/ -> records that remember where each key stands.

Nothing here judges the content beyond what it takes to read it: a file that cannot be read
(not UTF-8, too large, no front matter, broken YAML, YAML aliases or tags) becomes a record
with `data=None` and the problems that say why. The validator judges the rest.
"""

from __future__ import annotations

import os
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


    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        # YAML keeps the last of two equal keys silently; a contributor meant one of them.
        seen: dict[Any, yaml.Node] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                first = seen.setdefault(key, key_node)
            except TypeError:
                continue  # an unhashable key: the base class reports it
            if first is not key_node:
                raise _DuplicateKey(str(key_node.value), first.start_mark, key_node.start_mark)
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]


class _DuplicateKey(yaml.MarkedYAMLError):
    def __init__(self, key: str, first: Any, again: Any) -> None:
        super().__init__(problem=f"duplicate key {key!r}", problem_mark=again,
                         context_mark=first)
        self.key = key
        self.first_line: int = first.line
        self.again_line: int = again.line


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}

_FRONT_MATTER = frontmatter.default_handlers.YAMLHandler()


@dataclass(frozen=True)
class Record:
    """One file under talks/, read but not judged."""

    path: str  # as shown in messages: talks/<conference>/<talk>.md
    kind: RecordKind
    conference_id: str = ""
    id: str = ""  # the talk id (file stem); the conference id for an _index.md
    data: Any = None  # parsed front matter (or the themes list); None when unreadable
    lines: dict[str, int] = field(default_factory=dict)  # key as written -> 1-based line
    # How keys and scalar values were written, for messages: `yes:` is read as True, and
    # `3.10` as 3.1, but a message should quote what the contributor typed.
    key_text: dict[Any, str] = field(default_factory=dict)  # parsed key -> as written
    value_text: dict[str, str] = field(default_factory=dict)  # key as written -> value as written
    body: str = ""
    body_line: int = 1
    problems: tuple[Problem, ...] = ()

    def line(self, key: str, default: int = 1) -> int:
        return self.lines.get(key, default)


def display_root(root: Path) -> str:
    """How messages name the talks folder: relative to the working directory when inside it."""
    resolved, cwd = root.resolve(), Path.cwd().resolve()
    return resolved.relative_to(cwd).as_posix() if resolved.is_relative_to(cwd) \
        else root.as_posix()


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
        if path.is_symlink():
            try:
                target = path.resolve(strict=True)
            except (OSError, RuntimeError):
                records.append(_other(shown_path, "is a broken symbolic link (or a loop); "
                                      "remove it, or copy the file in"))
                continue
            if not target.is_relative_to(real_root):
                what = "folder" if target.is_dir() else "file"
                records.append(_other(shown_path, "is a symbolic link that leads outside the "
                                      f"talks folder; copy the {what} in instead"))
                continue
        if not path.is_file():
            if not path.is_dir():
                records.append(_other(shown_path, "is not a regular file; remove it"))
            else:
                records.append(_other(shown_path, _misplaced_hint(parts)))
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


def _misplaced_hint(parts: list[str]) -> str:
    if len(parts) == 1 and parts[0].endswith(".md"):
        return ("talk files belong in a conference folder: move it to "
                f"<conference-id>/{parts[0]}")
    if len(parts) > 2:
        return ("too deep: talks/ holds themes.yml and one folder per conference, each with "
                "_index.md and <talk-id>.md files; move it up")
    if parts[-1].endswith(".md"):
        return ("not a talk: talks/ holds only themes.yml and <conference-id>/<talk-id>.md "
                "files (with _index.md per conference); move it")
    return ("not a talk: talks/ holds only themes.yml and <conference-id>/<talk-id>.md files "
            "(with _index.md per conference); remove it, or rename it to .md if it is notes")


def _other(path: str, message: str, kind: RecordKind = "other") -> Record:
    return Record(path=path, kind=kind, problems=(Problem(path, 0 if kind == "other" else 1,
                                                          message),))


def read_text(path: Path, shown_path: str,
              empty_hint: str = "add front matter and notes, or delete it",
              ) -> tuple[str | None, list[Problem]]:
    """Bytes -> text with LF line ends; BOM dropped. Refuses large, empty and non-UTF-8 files."""
    limit = load_schema().max_file_bytes
    try:
        size = path.stat().st_size
        if size > limit:
            return None, [Problem(shown_path, 1, f"file is {size:,} bytes, over the limit of "
                                  f"{limit:,}; split the notes or shorten them")]
        raw = path.read_bytes()
    except OSError as e:
        return None, [Problem(shown_path, 0, f"cannot be read ({e.strerror}); check the file")]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if not raw.strip():
        return None, [Problem(shown_path, 1, f"file is empty; {empty_hint}")]
    if b"\x00" in raw:
        line = raw.count(b"\n", 0, raw.index(b"\x00")) + 1
        return None, [Problem(shown_path, line, "not UTF-8 (it has NUL bytes: UTF-16 or "
                              "binary?); save the file as UTF-8")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        return None, [Problem(shown_path, line, f"not UTF-8 (byte 0x{raw[e.start]:02x}); "
                              "save the file as UTF-8")]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, []


@dataclass(frozen=True)
class Parsed:
    data: Any
    lines: dict[str, int]
    key_text: dict[Any, str]
    value_text: dict[str, str]


def parse_yaml(text: str, shown_path: str, first_line: int) -> tuple[Parsed | None,
                                                                   list[Problem]]:
    """Safe-load YAML, noting where each key stands and how it was written.

    `first_line` is the file line of the YAML's first line. Keys of a top-level mapping are
    noted by name; keys of the items of a top-level list as `[i].name` (themes.yml).
    """
    if any(c in text for c in "&*!"):  # cheap pre-check: most files have none of these
        try:
            problems = _refuse_aliases_and_tags(text, shown_path, first_line)
        except yaml.YAMLError:
            problems = []  # a syntax error: the load below reports it with its line
        if problems:
            return None, problems
    loader = _Loader(text)
    node = None
    try:
        # What yaml.load does, in two steps, to keep the node tree for the lines.
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.reader.ReaderError as e:
        line = first_line + text.count("\n", 0, e.position)
        code = e.character if isinstance(e.character, int) else ord(e.character)
        return None, [Problem(shown_path, line, f"the character U+{code:04X} is not allowed "
                              "in YAML; remove it")]
    except _DuplicateKey as e:
        return None, [Problem(shown_path, first_line + e.again_line,
                              f"key '{e.key}' is given twice (first at line "
                              f"{first_line + e.first_line}); keep one")]
    except yaml.MarkedYAMLError as e:
        # An unclosed [ or { is reported where the file ends; point at the bracket instead.
        flow = e.context is not None and "flow" in e.context and e.context_mark is not None
        mark = e.context_mark if flow else (e.problem_mark or e.context_mark)
        line = first_line + (mark.line if mark is not None else 0)
        what = e.problem or e.context or "cannot be read"
        bad_line = text.split("\n")[mark.line] if mark is not None else ""
        if "\t" in bad_line[:len(bad_line) - len(bad_line.lstrip())]:
            return None, [Problem(shown_path, line, "YAML syntax error: a tab indents this "
                                  "line; use spaces (YAML does not allow tabs there)")]
        return None, [Problem(shown_path, line, f"YAML syntax error: {what}; check the "
                              "indentation, and quote values that contain ': ' or start with "
                              "[ { * & ! | > ' \" % @ `")]
    except yaml.YAMLError as e:
        return None, [Problem(shown_path, first_line, f"YAML error: {e}")]
    except ValueError:  # an integer longer than Python converts (4,300 digits)
        line = next((first_line + n.start_mark.line for n in _scalars(node)
                     if len(str(n.value)) > 4000), first_line)
        return None, [Problem(shown_path, line, "a number too long to read; quote it or "
                              "shorten it")]
    finally:
        loader.dispose()
    lines: dict[str, int] = {}
    key_text: dict[Any, str] = {}
    value_text: dict[str, str] = {}

    def note(mapping: yaml.Node, prefix: str, constructed: Any) -> None:
        if not isinstance(mapping, yaml.MappingNode) or not isinstance(constructed, dict):
            return
        for (key_node, value_node), key in zip(mapping.value, constructed, strict=False):
            written = str(key_node.value)
            lines.setdefault(prefix + written, first_line + key_node.start_mark.line)
            key_text.setdefault(key if prefix == "" else (prefix, key), written)
            if isinstance(value_node, yaml.ScalarNode):
                value_text[prefix + written] = str(value_node.value)

    if isinstance(node, yaml.SequenceNode) and isinstance(data, list):
        for i, (item_node, item) in enumerate(zip(node.value, data, strict=False)):
            lines[f"[{i}]"] = first_line + item_node.start_mark.line
            note(item_node, f"[{i}].", item)
    elif node is not None:
        note(node, "", data)
    return Parsed(data, lines, key_text, value_text), []


def _scalars(node: yaml.Node | None) -> Iterator[yaml.ScalarNode]:
    if isinstance(node, yaml.ScalarNode):
        yield node
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _scalars(item)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _scalars(key)
            yield from _scalars(value)


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
    parsed, problems = parse_yaml(fm, shown_path, 1)
    if parsed is None:
        return replace(base, body=body, body_line=body_line, problems=tuple(problems))
    # Empty front matter ('---' then '---') reads as None: judged as a mapping without keys,
    # so "missing required key" is reported instead of the talk vanishing.
    data = {} if parsed.data is None else parsed.data
    return replace(base, data=data, lines=parsed.lines, key_text=parsed.key_text,
                   value_text=parsed.value_text, body=body, body_line=body_line)


def load_themes(path: Path, shown_path: str) -> Record:
    text, problems = read_text(path, shown_path, "list the themes in it (- id: ceph / "
                               "name: Ceph / description: ...)")
    if text is None:
        return Record(path=shown_path, kind="themes", problems=tuple(problems))
    parsed, problems = parse_yaml(text, shown_path, 1)
    if parsed is None:
        return Record(path=shown_path, kind="themes", problems=tuple(problems))
    return Record(path=shown_path, kind="themes", data=parsed.data, lines=parsed.lines,
                  key_text=parsed.key_text, value_text=parsed.value_text)
