"""A small multilingual site for the search's tests (issue #30): talks in English, French,
Italian, German and Japanese, with names written with symbols (C++, C#, .NET, Node.js, k8s),
elisions, accents, a Japanese title, a speaker whose name begins like an acronym ("Giles" and
"GIL"), word forms, a theme with an alias, a theme name that is also a phrase of notes, and
an imported programme block.

Each talk is a file written here, and the tests compute what a query must find from these
files (`talks_with`), not from lists of expected talks.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from collections.abc import Callable
from pathlib import Path

import yaml

from tests.conftest import ROOT, Site, build_site

CONFERENCES = {
    "polyconf-2026": "name: PolyConf 2026\nlocation: Lyon, France\nstart: 2026-03-02\n"
                     "end: 2026-03-04\n",
    "pycon-jp-2026": "name: PyCon JP 2026\nlocation: Tokyo, Japan\nstart: 2026-09-10\n"
                     "end: 2026-09-11\n",
}

THEMES = [
    {"id": "languages", "name": "Programming languages",
     "description": "Languages, their compilers and runtimes."},
    {"id": "kubernetes", "name": "Kubernetes", "aliases": ["k8s"],
     "description": "Running Kubernetes and containers."},
    {"id": "machine-learning", "name": "Machine learning",
     "description": "Models, training and the data behind them."},
    {"id": "security", "name": "Security", "description": "Keeping systems safe."},
]

# conference/talk: (front matter, notes)
TALKS: dict[str, tuple[str, str]] = {
    "polyconf-2026/modern-cpp": (
        'title: "Modern C++ in practice"\nthemes: [languages]\nspeakers: [Ada Stroud]\n'
        "tags: [cpp]",
        "C++20 modules change how C++ code is built; the speaker compared them with "
        "headers and showed the complement of each approach."),
    "polyconf-2026/csharp-dotnet": (
        'title: "C# and .NET on Linux"\nthemes: [languages]\nspeakers: [Bo Lindqvist]',
        "C# runs on .NET everywhere now. F# got a mention too. The build used "
        "Node.js only for the front end."),
    "polyconf-2026/c-in-the-kernel": (
        'title: "Plain C in the kernel"\nthemes: [languages]\nspeakers: [Cy Moreau]',
        "Why the kernel is still written in C, and what a C compiler must guarantee."),
    "polyconf-2026/mocking": (
        'title: "Mocking without tears"\nthemes: [languages]\nspeakers: [Dee Park]',
        "The patch() decorator replaces an object for the length of one test; "
        "a context manager does the same inside a function.\n\n!!! opinion\n\n"
        "    Worth watching for the examples alone."),
    "polyconf-2026/free-threading": (
        'title: "Python without the GIL"\nthemes: [languages]\nspeakers: [Eve Ross]\n'
        "tags: [free-threading]",
        "The GIL is going away: free-threaded builds of Python 3.13 run threads in "
        "parallel."),
    "polyconf-2026/packaging": (
        'title: "Packaging tales"\nthemes: [languages]\nspeakers: [Giles Hart]',
        "Wheels, sdists and the long road to pyproject.toml."),
    "polyconf-2026/programmation-asynchrone": (
        'title: "Programmation asynchrone en Python"\nthemes: [languages]\nlanguage: fr\n'
        "speakers: [Fanny Lebrun]",
        "L'utilisation d'asyncio change la façon d'écrire un serveur : qu'il s'agisse "
        "de sockets ou de fichiers, tout passe par la boucle d'événements."),
    "polyconf-2026/securite-conteneurs": (
        'title: "La sécurité des conteneurs"\nthemes: [kubernetes, security]\nlanguage: fr\n'
        "speakers: [Gaël Martin]",
        "La sécurité d'un cluster commence par l'isolation des conteneurs et des "
        "espaces de noms."),
    "polyconf-2026/intelligenza-artificiale": (
        "title: \"L'intelligenza artificiale nell'industria\"\nthemes: [machine-learning]\n"
        "language: it\nspeakers: [Ilaria Conti]",
        "Dell'apprendimento automatico si parla molto; nell'industria conta la qualità "
        "dei dati."),
    "polyconf-2026/kubernetes-sicherheit": (
        'title: "Sicherheit für Kubernetes-Cluster"\nthemes: [kubernetes, security]\n'
        "language: de\nspeakers: [Jonas Weiß]",
        "Netzwerkrichtlinien und Rollen: so bleibt ein Cluster an der Straße der "
        "Angreifer vorbei."),
    "polyconf-2026/running-k8s": (
        'title: "Running k8s at scale"\nthemes: [kubernetes]\nspeakers: [Kim Osei]',
        "Our k8s clusters grew to 4,000 nodes; the control plane was the first limit."),
    "polyconf-2026/async-patterns": (
        'title: "Asynchronous patterns"\nthemes: [languages]\nspeakers: [Lena Fox]',
        "Asynchronous code reads best when every await is visible; the notes list the "
        "patterns that held up."),
    "polyconf-2026/learning-from-data": (
        'title: "Learning from messy data"\nthemes: [languages]\nspeakers: [Max Bauer]',
        "Machine learning on messy data starts with cleaning it; the programme committee "
        "picked this talk for its examples."),
    "polyconf-2026/model-serving": (
        'title: "Serving models"\nthemes: [machine-learning]\nspeakers: [Nia Cole]',
        "Serving a model behind an HTTP endpoint, with batching and timeouts.\n\n"
        '??? programme "From the programme"\n\n'
        "    Tensors in production: how batching of tensors cuts latency."),
    "pycon-jp-2026/hyperparameter": (
        'title: "ハイパーパラメータ最適化の実践"\nthemes: [machine-learning]\nlanguage: ja\n'
        "speakers: [Sato Yui]",
        "ハイパーパラメータの探索を自動化する方法について話しました。"),
}


def _accentless(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text.casefold())
                   if not unicodedata.combining(c))


def write_talks(talks_dir: Path) -> None:
    talks_dir.mkdir(parents=True, exist_ok=True)
    (talks_dir / "themes.yml").write_text(yaml.safe_dump(THEMES, allow_unicode=True,
                                                         sort_keys=False), "utf-8")
    for conference, meta in CONFERENCES.items():
        (talks_dir / conference).mkdir(exist_ok=True)
        (talks_dir / conference / "_index.md").write_text(f"---\n{meta}---\n", "utf-8")
    for key, (meta, notes) in TALKS.items():
        (talks_dir / f"{key}.md").write_text(f"---\n{meta}\n---\n\n{notes}\n", "utf-8")


def project(folder: Path) -> Path:
    """The repository's mkdocs.yml and docs/, with these talks."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", folder / "docs", dirs_exist_ok=True)
    write_talks(folder / "talks")
    return folder


def build(folder: Path) -> Site:
    return build_site(project(folder / "project"), folder / "site")


# --- What the talks say, from their files -----------------------------------------------------

def url(key: str) -> str:
    return f"talks/{key}/"


def parts(key: str) -> dict[str, str]:
    """A talk's title, tags, notes (without the programme block), programme block and
    themes' names and aliases, as written in its file."""
    meta_text, notes = TALKS[key]
    meta = yaml.safe_load(meta_text)
    themes = {t["id"]: t for t in THEMES}
    programme = ""
    match = re.search(r'^\?\?\? programme "[^"]*"\n\n((?:    .*\n?)+)', notes, re.M)
    if match:
        programme = match.group(1)
        notes = notes[:match.start()]
    names = [themes[t]["name"] for t in meta["themes"]]
    names += [a for t in meta["themes"] for a in themes[t].get("aliases", [])]
    return {"title": meta["title"], "tags": " ".join(meta.get("tags", [])), "notes": notes,
            "programme": programme, "themes": " ".join(names),
            "speakers": " ".join(meta.get("speakers", []))}


def talks_with(test: Callable[[dict[str, str]], bool]) -> set[str]:
    """The URLs of the talks whose parts pass `test`."""
    return {url(key) for key in TALKS if test(parts(key))}


def everywhere(p: dict[str, str]) -> str:
    return " ".join(p.values())


def folded(text: str) -> str:
    """Case and accents dropped, as a reader expects the search to compare."""
    return _accentless(text)
