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

from build_notes.content.model import Problem
from build_notes.content.schema import load_schema
from build_notes.errors import TalkNotesError
from build_notes.memo import Memo, content_key

RecordKind = Literal["talk", "conference", "themes", "tags", "other"]

THEMES_FILE = "themes.yml"
# Optional: other names of tags, for the search ({tag as the talks write it: [aliases]}).
TAGS_FILE = "tags.yml"
CONFERENCE_FILE = "_index.md"
# What editors write beside the file being edited, and remove again: vim's swap files
# (.name.md.swp), emacs' lock (.#name.md) and auto-save (#name.md#) files, backups (name.md~);
# and hidden files that are no Markdown (.DS_Store) and hidden folders (.obsidian/), which
# MkDocs also leaves out of docs/. Not notes: the loader passes them by, rather than fail
# every `mkdocs serve` rebuild while a file is open in an editor. A hidden `.name.md` may be
# notes: it is still told to take a name that is a slug.
_EDITOR_FILE = re.compile(r"^\.#|~$|^#.*#$|^\.(?!.*\.md$)")


def is_editor_file(name: str) -> bool:
    """Whether a file or folder name is an editor's working file or a hidden one."""
    return bool(_EDITOR_FILE.search(name))

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
class Entry:
    """One `key: value` of a mapping in a file: where it stands and how it was written.

    YAML reads `yes:` as True and `3.10` as 3.1; a message quotes what the contributor typed.
    """

    key: Any  # as YAML read it
    written: str  # the key as the file spells it
    line: int  # 1-based file line of the key
    value_text: str | None = None  # a scalar value as written
    item_lines: tuple[int, ...] = ()  # the file line of each item of a list value


@dataclass(frozen=True)
class Record:
    """One file under talks/, read but not judged."""

    path: str  # as shown in messages: talks/<conference>/<talk>.md
    kind: RecordKind
    conference_id: str = ""
    id: str = ""  # the talk id (file stem); the conference id for an _index.md
    data: Any = None  # parsed front matter (or the themes list); None when unreadable
    # Keyed by the path as written: "title" in front matter; "[0]" (an item) and "[0].id"
    # in themes.yml.
    entries: dict[str, Entry] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    problems: tuple[Problem, ...] = ()
    digest: bytes = b""  # the memo key of the file's bytes and path (memo.py); b"" if none

    def line(self, path: str, default: int = 1) -> int:
        entry = self.entries.get(path)
        return entry.line if entry is not None else default

    def items(self, mapping: dict[Any, Any], prefix: str = "",
              default_line: int = 1) -> list[tuple[Entry, Any]]:
        """The keys of `mapping` (the data at `prefix`) with their entries, in file order."""
        by_key = {e.key: e for path, e in self.entries.items() if path == prefix + e.written}
        return [(by_key.get(key) or Entry(key, str(key), default_line), value)
                for key, value in mapping.items()]


def display_root(root: Path) -> str:
    """How messages name the talks folder: relative to the working directory when inside it."""
    resolved, cwd = root.resolve(), Path.cwd().resolve()
    return resolved.relative_to(cwd).as_posix() if resolved.is_relative_to(cwd) \
        else root.as_posix()


def load_tree(root: Path, shown_as: str | None = None, memo: Memo | None = None,
              ) -> list[Record]:
    """Read every file under `root`, in a stable order; `memo` keeps the records of talk
    files between runs, keyed by their bytes."""
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
        elif parts == [TAGS_FILE]:
            records.append(load_themes(path, shown_path, kind="tags"))
        elif len(parts) == 2 and parts[1].endswith(".md"):
            records.append(load_markdown(path, shown_path, parts[0], parts[1][:-3], memo))
        else:
            records.append(_other(shown_path, _misplaced_hint(parts)))
    if not found_themes:
        records.append(_other(f"{shown}/{THEMES_FILE}", "missing: create it with the list of "
                              "themes (- id: ceph / name: Ceph / description: ...)", kind="themes"))
    return records


def _walk(root: Path) -> Iterator[str]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(name for name in dirnames if not is_editor_file(name))
        rel_dir = Path(dirpath).relative_to(root).as_posix()
        prefix = "" if rel_dir == "." else rel_dir + "/"
        for name in sorted(filenames):
            if is_editor_file(name):
                continue
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
    raw, problems = _read_bytes(path, shown_path)
    return (None, problems) if raw is None else decode(raw, shown_path, empty_hint)


def _read_bytes(path: Path, shown_path: str) -> tuple[bytes | None, list[Problem]]:
    limit = load_schema().max_file_bytes
    try:
        size = path.stat().st_size
        if size > limit:
            return None, [Problem(shown_path, 1, f"file is {size:,} bytes, over the limit of "
                                  f"{limit:,}; split the notes or shorten them")]
        return path.read_bytes(), []
    except OSError as e:
        return None, [Problem(shown_path, 0, f"cannot be read ({e.strerror}); check the file")]


def decode(raw: bytes, shown_path: str,
           empty_hint: str = "add front matter and notes, or delete it",
           ) -> tuple[str | None, list[Problem]]:
    """A file's bytes as text with LF line ends (see read_text)."""
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
    entries: dict[str, Entry]


def parse_yaml(text: str, shown_path: str, first_line: int) -> tuple[Parsed | None,
                                                                   list[Problem]]:
    """Safe-load YAML, noting where each key stands and how it was written.

    `first_line` is the file line of the YAML's first line. Keys of a top-level mapping are
    noted by name; the items of a top-level list as `[i]`, and their keys as `[i].name`
    (themes.yml).
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
    except (yaml.YAMLError, ValueError) as e:
        return None, [_yaml_problem(e, node, text, shown_path, first_line)]
    finally:
        loader.dispose()
    return Parsed(data, _entries(node, data, first_line)), []


def _yaml_problem(error: Exception, node: yaml.Node | None, text: str, shown_path: str,
                  first_line: int) -> Problem:
    """What a YAML error means for a contributor, at the line where the mistake is."""
    if isinstance(error, yaml.reader.ReaderError):
        line = first_line + text.count("\n", 0, error.position)
        code = error.character if isinstance(error.character, int) else ord(error.character)
        return Problem(shown_path, line, f"the character U+{code:04X} is not allowed in YAML; "
                       "remove it")
    if isinstance(error, _DuplicateKey):
        return Problem(shown_path, first_line + error.again_line, f"key '{error.key}' is given "
                       f"twice (first at line {first_line + error.first_line}); keep one")
    if isinstance(error, yaml.MarkedYAMLError):
        return _syntax_problem(error, text, shown_path, first_line)
    if isinstance(error, yaml.YAMLError):
        return Problem(shown_path, first_line, f"YAML error: {error}")
    # ValueError: an integer longer than Python converts (4,300 digits)
    line = next((first_line + n.start_mark.line for n in _scalars(node)
                 if len(str(n.value)) > 4000), first_line)
    return Problem(shown_path, line, "a number too long to read; quote it or shorten it")


def _syntax_problem(error: yaml.MarkedYAMLError, text: str, shown_path: str,
                    first_line: int) -> Problem:
    context = error.context or ""
    if error.context_mark is not None and "quoted scalar" in context:
        # YAML gives up where the file ends; the mistake is the quote that never closes.
        line = first_line + error.context_mark.line
        return Problem(shown_path, line, "a quote opened on this line is not closed; add the "
                       "closing quote at the end of the value")
    # An unclosed [ or { is reported where the file ends; point at the bracket instead.
    flow = "flow" in context and error.context_mark is not None
    mark = error.context_mark if flow else (error.problem_mark or error.context_mark)
    line = first_line + (mark.line if mark is not None else 0)
    what = error.problem or error.context or "cannot be read"
    lines = text.split("\n")
    bad_line = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
    if "\t" in bad_line[:len(bad_line) - len(bad_line.lstrip())]:
        return Problem(shown_path, line, "YAML syntax error: a tab indents this line; use "
                       "spaces (YAML does not allow tabs there)")
    return Problem(shown_path, line, f"YAML syntax error: {what}; check the indentation, and "
                   "quote values that contain ': ' or start with [ { * & ! | > ' \" % @ `")


def _entries(node: yaml.Node | None, data: Any, first_line: int) -> dict[str, Entry]:
    entries: dict[str, Entry] = {}

    def note(mapping: yaml.Node, prefix: str, constructed: Any) -> None:
        if not isinstance(mapping, yaml.MappingNode) or not isinstance(constructed, dict):
            return
        for (key_node, value_node), key in zip(mapping.value, constructed, strict=False):
            written = str(key_node.value)
            value_text = str(value_node.value) if isinstance(value_node, yaml.ScalarNode) \
                else None
            item_lines = tuple(first_line + item.start_mark.line for item in value_node.value) \
                if isinstance(value_node, yaml.SequenceNode) else ()
            entries.setdefault(prefix + written, Entry(
                key, written, first_line + key_node.start_mark.line, value_text, item_lines))

    if isinstance(node, yaml.SequenceNode) and isinstance(data, list):
        for i, (item_node, item) in enumerate(zip(node.value, data, strict=False)):
            entries[f"[{i}]"] = Entry(i, f"[{i}]", first_line + item_node.start_mark.line)
            note(item_node, f"[{i}].", item)
    elif node is not None:
        note(node, "", data)
    return entries


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


def load_markdown(path: Path, shown_path: str, conference_id: str, stem: str,
                  memo: Memo | None = None) -> Record:
    """A talk file or a conference's _index.md; with `memo`, read from it when the file's
    bytes are those of an earlier run (the record then carries its key as `digest`)."""
    raw, problems = _read_bytes(path, shown_path)
    if raw is None:
        return replace(_base(shown_path, conference_id, stem), problems=tuple(problems))
    if memo is None:
        return markdown_record(raw, shown_path, conference_id, stem)
    digest = content_key(b"load", shown_path, raw)
    return memo.get(digest, lambda: replace(
        markdown_record(raw, shown_path, conference_id, stem), digest=digest))


def _base(shown_path: str, conference_id: str, stem: str) -> Record:
    kind: RecordKind = "conference" if stem + ".md" == CONFERENCE_FILE else "talk"
    return Record(path=shown_path, kind=kind, conference_id=conference_id,
                  id=conference_id if kind == "conference" else stem)


def markdown_record(raw: bytes, shown_path: str, conference_id: str, stem: str) -> Record:
    """A talk file or _index.md read from its bytes (`build-notes publish` judges a file's
    text before writing it)."""
    base = _base(shown_path, conference_id, stem)
    text, problems = decode(raw, shown_path)
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
        keys_end = _unclosed_front_matter(fm)
        if keys_end is not None and problems[0].line >= keys_end:
            problems = [Problem(shown_path, keys_end, "front matter is not closed: add a line "
                                "'---' here, after the keys (a '---' rule further down was "
                                "taken for its end, so notes were read as keys)")]
        return replace(base, body=body, body_line=body_line, problems=tuple(problems))
    # Empty front matter ('---' then '---') reads as None: judged as a mapping without keys,
    # so "missing required key" is reported instead of the talk vanishing.
    data = {} if parsed.data is None else parsed.data
    return replace(base, data=data, entries=parsed.entries, body=body, body_line=body_line)


_TOP_LEVEL_KEY = re.compile(r"[^\s#-][^:]*:(\s|$)")


def _unclosed_front_matter(front_matter: str) -> int | None:
    """The file line where the keys end, when the front matter that failed to parse also
    holds notes: its closing '---' is missing and a '---' rule in the notes closed it.

    Notes show themselves by a top-level line that is not a key: prose, or a list item after
    a blank line (a `- item` right under a key is YAML's own list).
    """
    lines = front_matter.split("\n")  # index i is file line i + 1
    notes = next((i for i, line in enumerate(lines) if i and line.strip()
                  and not line[0].isspace() and not line.startswith("#")
                  and not _TOP_LEVEL_KEY.match(line)
                  and (not line.startswith("-") or not lines[i - 1].strip())), None)
    if notes is None:
        return None
    end = notes
    while end > 1 and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
        end -= 1
    keys, _ = parse_yaml("\n".join(lines[:end]) + "\n", "", 1)
    return end + 1 if keys is not None and isinstance(keys.data, dict) and keys.data else None


def load_themes(path: Path, shown_path: str, kind: RecordKind = "themes") -> Record:
    """themes.yml (or, `kind` "tags", tags.yml): YAML read, not judged."""
    text, problems = read_text(path, shown_path, "list the themes in it (- id: ceph / "
                               "name: Ceph / description: ...)" if kind == "themes" else
                               "give each tag its other names in it (Red Hat: [redhat])")
    if text is None:
        return Record(path=shown_path, kind=kind, problems=tuple(problems))
    parsed, problems = parse_yaml(text, shown_path, 1)
    if parsed is None:
        return Record(path=shown_path, kind=kind, problems=tuple(problems))
    return Record(path=shown_path, kind=kind, data=parsed.data, entries=parsed.entries)
