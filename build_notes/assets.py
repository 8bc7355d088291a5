"""Static files the generated pages need (styles, the explore and search scripts), shipped in the
package."""

from __future__ import annotations

from importlib import resources

ASSET_DIR = "assets/talk-notes"
STYLESHEETS = ("talk-notes.css", "search.css")
SCRIPTS = ("explore.js",)  # classic scripts: explore works from file:// too
MODULES = ("search.js",)  # ES modules, loaded by the pages
IMPORTED = ("search-engine.js",)  # ES modules that MODULES import
# The search's constants (data/search.json) as a module that search.js imports: the tokenizer
# and the ranking read one file, in Python and in the browser.
SEARCH_SPEC = "search-spec.js"


def assets() -> dict[str, str]:
    """{path relative to the docs folder: content} of every asset."""
    package = resources.files("build_notes")
    folder = package.joinpath("assets")
    files = {f"{ASSET_DIR}/{name}": folder.joinpath(name).read_text("utf-8")
             for name in (*STYLESHEETS, *SCRIPTS, *MODULES, *IMPORTED)}
    spec = package.joinpath("data/search.json").read_text("utf-8")
    files[f"{ASSET_DIR}/{SEARCH_SPEC}"] = (
        "// Written by the build from build_notes/data/search.json.\n"
        f"export default {spec.strip()};\n")
    return files
