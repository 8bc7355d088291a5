"""What the site's search knows of a talk, and how it is asked.

A talk page's content is wrapped in a SEARCH_BODY element (finish.py): its title (the H1),
its notes, and the hidden block made here, which holds the talk's metadata as words a reader
may type (speakers, organisations, themes, tags, conference, format). The record of each
page (records.py: its text, less what IGNORED names, and what its result shows) is what the
search's own index is made from (index.py) and what a result shows. The filters of the search
page are counted by search.js from files of their own (facets.py).
The visible meta line and the related-talks list are left out of the text (IGNORED), so
neither their labels nor other talks' titles make a talk match.

Forgiving where it is cheap: a name of several words ("Red Hat") is also indexed joined
("RedHat"), in the metadata and wherever the notes mention a name that is some talk's
speaker, organisation or tag, so `redhat` finds what `red hat` finds. The browser side
(assets/search.js) splits hyphenated and dotted query words as tokens.py does and tries the
joined spellings, so `real-time kvm` and `real time kvm` agree.

This module imports nothing from MkDocs.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Iterable, Mapping, Sequence

from build_notes import markup
from build_notes.content.model import Corpus, Talk, Theme
from build_notes.search.tokens import terms
from build_notes.site.group import Groups
from build_notes.site.theme_patch import insert_before_last

# The filters of the search page, in the order it shows them; search_facets.py and search.js
# agree on these names, which are also the URL's parameters (/search/?q=kvm&theme=nfv).
FILTERS = ("theme", "conference", "format", "organization", "speaker", "tag", "rating")
# The attributes of the markup a talk page gives the search (records.py reads them): the
# element that holds what is indexed, and each value a result shows. The allowlist refuses
# data-* attributes it does not grant, so no note can write them.
SEARCH_BODY = "data-search-body"
SEARCH_META = "data-search-meta"
# What is no word of the talk, left out of the text the search reads: the H1's permalink
# sign; the meta line's labels, the related talks and the previous/next links (its metadata
# values are indexed from talk_markup); the site's and the importer's labels, the opinion
# box's title and the programme block's.
IGNORED = (".headerlink", f".{markup.META}", f".{markup.RELATED}", f".{markup.SEQUENCE}",
           ".opinion > .admonition-title", "details.programme > summary")

# Ids of the talk page's parts that the index and search.js tell apart (the records' anchors):
# the opinion box, the programme block (its words weigh less, an excerpt from it says so) and
# the metadata (names, not notes).
OPINION_ID = "opinion"
PROGRAMME_ID = "tn-programme"
META_ID = "tn-search-meta"

def alias_names(themes: Iterable[Theme],
                tag_aliases: Iterable[tuple[str, Sequence[str]]] = ()) -> dict[str, str]:
    """{an alias as the search's term: the theme's or tag's name}, for search.js to say that a
    result was found through an alias ("matched Kubernetes via k8s")."""
    names = {" ".join(terms(alias)): tag for tag, aliases in tag_aliases for alias in aliases}
    names.update({" ".join(terms(alias)): theme.name for theme in themes
                  for alias in theme.aliases})
    return names


def rating_values(rating: int | None) -> list[str]:
    """The rating filter's value: the rating alone, not one value per "4 or more" it
    belongs to; the search page adds the counts of 4 and 5 up for "4 or more"."""
    return [str(rating)] if rating else []


# `mkdocs serve` writes every talk page's search words again on each save: a text's words
# are found once.
@functools.lru_cache(maxsize=1 << 16)
def words(text: str) -> tuple[str, ...]:
    """The search's words of `text` (tokens.py), in a row."""
    return tuple(terms(text))


class NameFinder:
    """Finds, in a talk's notes, the multi-word names known from all talks' metadata."""

    def __init__(self, names: Iterable[str]):
        self.by_first: dict[str, set[tuple[str, ...]]] = {}
        for name in names:
            parts = tuple(words(name))
            if len(parts) > 1:
                self.by_first.setdefault(parts[0], set()).add(parts)

    @classmethod
    def of(cls, corpus: Corpus) -> NameFinder:
        return cls(n for t in corpus.talks for n in (*t.speakers, *t.organizations, *t.tags))

    def names_in(self, text: str) -> set[tuple[str, ...]]:
        tokens = words(text)
        found = set()
        for i, token in enumerate(tokens):
            for parts in self.by_first.get(token, ()):
                if tuple(tokens[i:i + len(parts)]) == parts:
                    found.add(parts)
        return found


def joined(names: Iterable[str]) -> list[str]:
    """The joined spelling of each name of several words: "Red Hat" -> "RedHat"."""
    return sorted({"".join(parts) for parts in (words(n) for n in names) if len(parts) > 1})


def _hidden(text_values: Sequence[str]) -> str:
    if not text_values:
        return ""
    # One element per value keeps values apart in the excerpt; the comma reads as a pause.
    return "<p>" + ", ".join(html.escape(v) for v in text_values) + ".</p>"


def filter_values(talk: Talk) -> dict[str, list[str]]:
    """The talk's value of each filter; theme, conference and format by id (short URLs, and
    the search page shows their names from `search_labels`)."""
    return {"theme": list(talk.themes), "conference": [talk.conference_id],
            "format": [talk.format], "organization": list(talk.organizations),
            "speaker": list(talk.speakers), "tag": list(talk.tags),
            "rating": rating_values(talk.rating)}


def talk_markup(talk: Talk, groups: Groups, formats: Mapping[str, str],
                names: NameFinder, tag_aliases: Mapping[str, Sequence[str]] | None = None) -> str:
    """The hidden block of a talk page: searchable metadata, and what a result shows;
    `tag_aliases` the other names of tags (talks/tags.yml), found as the tags are."""
    conference = groups.conferences[talk.conference_id].name
    themes = [groups.themes[t].name for t in talk.themes]
    # A theme's aliases are names of it: found, and weighed, as its name is.
    themes += [a for t in talk.themes for a in groups.themes[t].aliases]
    people = [*talk.speakers, *talk.organizations]
    mentioned = names.names_in(f"{talk.title}\n{talk.body}")
    variants = joined([*people, *talk.tags]) + sorted({"".join(p) for p in mentioned})
    tags = [*talk.tags, *(a for tag in talk.tags for a in (tag_aliases or {}).get(tag, ()))]
    parts = [_hidden(tags), _hidden(people),
             _hidden([*themes, conference, formats[talk.format]]),
             _hidden(sorted(set(variants)))]
    meta = {"title": talk.title, "conference": conference, "format": formats[talk.format]}
    if talk.date:
        meta["date"] = talk.date.isoformat()
    if talk.speakers:
        meta["speakers"] = ", ".join(talk.speakers)
    attrs = "".join(f'<span {SEARCH_META}="{key}" data-value="{html.escape(value)}"></span>'
                    for key, value in meta.items())
    # The id makes the record say where the metadata starts, so that excerpts come from the
    # notes (records.py, search.js).
    return f'<div class="{markup.SEARCH_META}" id="{META_ID}" hidden>{"".join(parts)}{attrs}</div>'


def mark_parts(page_html: str) -> str:
    """Give the note-taker's opinion box and the programme block ids, so that the page's
    record says where they start (records.py): an excerpt from the opinion says it is the
    note-taker's opinion, the programme's words weigh less than the notes' and an excerpt
    from them says where it is from (index.py, first.py, search.js)."""
    page_html = page_html.replace('<div class="admonition opinion">',
                                  f'<div class="admonition opinion" id="{OPINION_ID}">', 1)
    return page_html.replace('<details class="programme">',
                             f'<details class="programme" id="{PROGRAMME_ID}">', 1)


def search_labels(groups: Groups, formats: Mapping[str, str]) -> str:
    """The names of the filter values that are ids (theme, conference, format), as hidden
    elements the search page's script reads as text: no script element holds a talk file's
    words."""
    labels = [("theme", t.id, t.name) for t in groups.themes.values()]
    labels += [("conference", c.id, c.name) for c in groups.conferences.values()]
    labels += [("format", k, v) for k, v in formats.items()]
    items = "".join(f'<li data-filter="{kind}" data-value="{html.escape(value)}">'
                    f"{html.escape(name)}</li>" for kind, value, name in labels)
    return f'<ul class="{markup.SEARCH_LABELS}" hidden>{items}</ul>'


def header_box(action: str) -> str:
    """The search box of the header: a plain form that opens the search page without
    JavaScript, and shows the first results under the box with it (search.js)."""
    return (f'<form class="{markup.HEADER_SEARCH}" role="search" action="{html.escape(action)}" '
            'method="get" data-tn-search-box>'
            f'<input class="{markup.HEADER_SEARCH_INPUT}" type="search" name="q" '
            'placeholder="Search" '
            'aria-label="Search the talks" autocomplete="off" spellcheck="false" '
            'aria-keyshortcuts="/ s">'
            f'<div class="{markup.HEADER_SEARCH_RESULTS}" hidden></div></form>')


def with_header_box(page_html: str, action: str) -> str:
    """The page with the search box as the last element of material's header."""
    return insert_before_last(page_html, "</nav>", "</header>", header_box(action),
                              "add the search box to the header")
