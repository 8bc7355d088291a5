"""The scaffold: new talk and conference files that validate as written.

Pure functions from values to file text; the CLI does the asking, checking and writing.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from build_notes.content.schema import Field, load_schema
from build_notes.text import slugify

MAX_ID_LENGTH = 60
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# libyaml's emitter where available: the same text, 20 times faster (an import writes 1,000).
_DUMPER: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

# The template's sentences begin with these, and the validator refuses a file that still
# holds one ("replace the template text"): a pull request cannot ship the template.
PLACEHOLDERS = (
    "What the talk said: the facts",
    "Write a moment of the video like",
    "Your own view of the talk: your verdict",
)

TALK_BODY = f"""\
{PLACEHOLDERS[0]}, the figures and the bullets, in your own words.
{PLACEHOLDERS[1]} `16m34s` or `[12:05]` (without the backticks); it links into the
video once `video` is set.

!!! opinion

    {PLACEHOLDERS[2]}, your doubts, your asides.
"""

# A comment, not template text: `build-notes new` must find a conference that is new, and
# an overview is optional (a comment shows on no page).
CONFERENCE_BODY = """\
<!-- Replace this comment with an overview of the conference: the trends seen across its
talks. It is shown on the conference's page. -->
"""


def id_from_title(title: str) -> str:
    """A talk id from its title: a slug cut at a word boundary to at most 60 characters."""
    slug = slugify(title)
    if len(slug) > MAX_ID_LENGTH:
        slug = slug[:MAX_ID_LENGTH + 1].rsplit("-", 1)[0]
    return slug


def _yaml(values: dict[str, Any]) -> str:
    """One `key: value` line per key; PyYAML does the quoting, so any title comes back as is."""
    lines = []
    for key, value in values.items():
        if isinstance(value, str) and _DATE.fullmatch(value):
            text = value  # talk-notes reads dates as text: no quotes needed
        else:
            text = yaml.dump(value, Dumper=_DUMPER, allow_unicode=True,
                             default_flow_style=True, width=10_000).removesuffix("\n...\n").strip()
        lines.append(f"{key}: {text}\n")
    return "".join(lines)


def _optional(fields: dict[str, Field], values: dict[str, Any]) -> str:
    """The optional keys not given, commented out with an example, so they can be found."""
    lines = [f"# {f.name}: {f.example}  # {f.doc}" for f in fields.values()
             if f.name not in values and not f.required and f.example]
    if not lines:
        return ""
    return "# Optional keys: remove the '# ' to use one; leave out what you don't know.\n" + \
        "\n".join(lines) + "\n"


def file_front_matter(values: dict[str, Any]) -> str:
    """A talk or conference file's front matter alone, between its `---` lines (for files
    written by the import; text.front_matter is a generated page's)."""
    return f"---\n{_yaml(values)}---\n"


def talk_file(values: dict[str, Any]) -> str:
    return f"---\n{_yaml(values)}{_optional(load_schema().talk, values)}---\n\n{TALK_BODY}"


def conference_file(values: dict[str, Any]) -> str:
    optional = _optional(load_schema().conference, values)
    return f"---\n{_yaml(values)}{optional}---\n\n{CONFERENCE_BODY}"


def theme_entry(values: dict[str, Any]) -> str:
    """A themes.yml item: `- id: ...` then its other keys, indented under it."""
    first, *rest = _yaml(values).splitlines(keepends=True)
    return f"- {first}" + "".join(f"  {line}" for line in rest)


_SENTENCE_END = re.compile(r"[.!?](?=\s+\S)")


def one_sentence(description: Any) -> list[str]:
    """A theme's description is one sentence: what belongs in the theme, ending in a stop."""
    text = str(description).strip()
    if _SENTENCE_END.search(text) or not text.endswith("."):
        return ["write the description as one sentence ending with a full stop, saying what "
                "belongs in the theme"]
    return []
