"""talk-notes: turn a folder of annotated conference talk notes into a searchable site.

The pipeline is four MkDocs-free stages, each a pure function over plain data:

    load (files -> records)  ->  validate (records -> corpus + problems)
    ->  group (corpus -> indexes)  ->  render (corpus + indexes -> {src_uri: markdown})

`build_notes.mkdocs.plugin` adapts them to MkDocs; `build_notes.cli.main` to the command line.
"""

from __future__ import annotations

from build_notes.errors import TalkNotesError

__all__ = ["TalkNotesError"]
