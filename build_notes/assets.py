"""Static files the generated pages need (styles, the explore and search scripts), shipped in the
package."""

from __future__ import annotations

from functools import cache
from importlib import resources
from urllib.parse import quote

import yaml

ASSET_DIR = "assets/talk-notes"
STYLESHEETS = ("talk-notes.css", "search.css")
SCRIPTS = ("explore.js",)  # classic scripts: explore works from file:// too
MODULES = ("search.js",)  # ES modules, loaded by the pages
IMPORTED = ("search-engine.js",)  # ES modules that MODULES import
# The attribute that names an icon talk-notes.css draws, so that pages need not carry it
# (data/icons.yml).
ICON_ATTRIBUTE = "data-tn-icon"
# The search's constants (data/search.json) as a module that search.js imports: the tokenizer
# and the ranking read one file, in Python and in the browser.
SEARCH_SPEC = "search-spec.js"


def assets() -> dict[str, str]:
    """{path relative to the docs folder: content} of every asset."""
    package = resources.files("build_notes")
    folder = package.joinpath("assets")
    files = {f"{ASSET_DIR}/{name}": folder.joinpath(name).read_text("utf-8")
             for name in (*STYLESHEETS, *SCRIPTS, *MODULES, *IMPORTED)}
    files[f"{ASSET_DIR}/{STYLESHEETS[0]}"] += _icon_css()
    files.update({f"{ASSET_DIR}/{name}": script for name, script in shared_scripts().items()})
    spec = package.joinpath("data/search.json").read_text("utf-8")
    files[f"{ASSET_DIR}/{SEARCH_SPEC}"] = (
        "// Written by the build from build_notes/data/search.json.\n"
        f"export default {spec.strip()};\n")
    return files


@cache
def shared_icons() -> dict[str, str]:
    """{name: the inline SVG as Material writes it} of the icons talk-notes.css draws."""
    text = resources.files("build_notes").joinpath("data/icons.yml").read_text("utf-8")
    icons: dict[str, str] = yaml.safe_load(text)
    return icons


@cache
def shared_scripts() -> dict[str, str]:
    """{file name: the script as Material writes it inline} of the scripts pages load from
    a file of the site's assets instead (data/theme_scripts.yml)."""
    text = resources.files("build_notes").joinpath("data/theme_scripts.yml").read_text("utf-8")
    scripts: dict[str, str] = yaml.safe_load(text)
    return scripts


def _icon_css() -> str:
    """Each shared icon as a mask over the icon's colour, in the box the theme gives its
    `<svg>` (which keeps its viewBox, so its width follows from its height as before)."""
    rules = [
        "\n/* The theme's icons (data/icons.yml, written here by the build): a page's <svg> of",
        "   one of them is left empty and drawn from here, the same shape in the same colour. */",
        f"svg[{ICON_ATTRIBUTE}] {{ background-color: currentcolor; mask: var(--tn-icon) center / "
        "contain no-repeat; -webkit-mask: var(--tn-icon) center / contain no-repeat; }",
        # Forced colours replace backgrounds, which would hide the icon; an SVG's fill, as
        # the theme's inline icons had, follows the text's forced colour.
        f"@media (forced-colors: active) {{ svg[{ICON_ATTRIBUTE}] {{ forced-color-adjust: none; "
        "background-color: CanvasText; } }",
    ]
    for name, svg in shared_icons().items():
        url = "data:image/svg+xml;charset=utf-8," + quote(svg, safe=" =:/;,.-")
        rules.append(f'svg[{ICON_ATTRIBUTE}="{name}"] {{ --tn-icon: url("{url}"); }}')
    return "\n".join(rules) + "\n"
