"""Static files the generated pages need (styles, the explore and search scripts), shipped in the
package."""

from __future__ import annotations

from importlib import resources

ASSET_DIR = "assets/talk-notes"
STYLESHEETS = ("talk-notes.css", "search.css")
SCRIPTS = ("explore.js", "search.js")


def assets() -> dict[str, str]:
    """{path relative to the docs folder: content} of every asset."""
    folder = resources.files("build_notes").joinpath("assets")
    return {f"{ASSET_DIR}/{name}": folder.joinpath(name).read_text("utf-8")
            for name in (*STYLESHEETS, *SCRIPTS)}
