"""The floor of validation: read every talk file and parse its front matter with the C YAML
loader, nothing else. `build-notes validate` is judged as a ratio to this, run side by side
on the same tree (`run.py` prints it), so the figure holds on any machine.

    python benchmarks/floor.py TALKS_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_front_matter(talks: Path) -> int:
    """Parse the front matter of every .md file under `talks`; return how many parsed."""
    parsed = 0
    for path in sorted(talks.glob("*/*.md")):
        text = path.read_text("utf-8")
        if text.startswith("---\n"):
            front, _, _ = text[4:].partition("\n---\n")
            parsed += yaml.load(front, Loader=_LOADER) is not None
    return parsed


def main(argv: list[str]) -> int:
    print(f"{read_front_matter(Path(argv[0]))} front matters parsed", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
