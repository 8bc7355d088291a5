"""Small builders for talk trees used across the stage tests."""

from __future__ import annotations

from pathlib import Path

from build_notes.pipeline import check
from tests.conftest import write_tree

THEMES = """\
- id: ceph
  name: Ceph
  description: Ceph storage.
- id: nfv
  name: NFV
  description: Network functions virtualisation.
- id: kubernetes
  name: Kubernetes
  description: Containers.
- id: edge
  name: Edge
  description: The network's edge.
"""

CONFERENCE = """\
---
name: Test Conf 2017
location: Boston
start: 2017-05-08
end: 2017-05-11
---

Overview.
"""


def talk(front_matter: str, body: str = "Notes.\n") -> str:
    return f"---\n{front_matter.strip()}\n---\n\n{body}"


GOOD = talk("title: A talk\nthemes: [ceph]")


def tree(tmp_path: Path, files: dict[str, str | bytes], *, base: bool = True) -> Path:
    root = tmp_path / "talks"
    if base:
        files = {"themes.yml": THEMES, "conf-2017/_index.md": CONFERENCE, **files}
    write_tree(root, files)
    return root


def problems(tmp_path: Path, files: dict[str, str | bytes], *, base: bool = True) -> list[str]:
    """Every problem of a tree, as the lines the CLI prints, with the folder shown as talks/."""
    root = tree(tmp_path, files, base=base)
    return [str(p) for p in check(root, shown_as="talks").problems]
