"""Speed of `build-notes import`: a synthetic programme of N events (default 1,000).

Why: a note-taker imports the programme of a conference of 100-1,000 talks and imports it
again as it changes; issue 16 asks for 1,000 events in under 5 s. The programme looks like a
real one: HTML abstracts with paragraphs, lists, links, code with `<` and `{`, a stray
<script>, non-ASCII names, several tracks and days. Three figures, in one run:

* the import into an empty conference (read, check every event, plan, write every file);
* the re-import of the same programme (every file read back and compared, none written);
* the simplest way to do the same work: json.load and one f-string file per event, with
  no checks and no HTML parsing. The ratio says what the checks cost.

    python benchmarks/import_speed.py [--events 1000] [--format json|xml]
"""

from __future__ import annotations

import argparse
import datetime
import html
import json
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from build_notes.cli.main import main  # noqa: E402

TRACKS = ["Storage", "Networking", "Kubernetes", "Edge", "Databases"]
NAMES = ["Zoë Ångström", "Jan Novák", "Chen Wei 陈伟", "María José Núñez", "Ola Nordmann"]
WORDS = ["ceph", "bluestore", "raft", "kubernetes", "scheduler", "latency", "replication",
         "erasure", "coding", "cache", "queue", "tail", "p99", "operator", "upgrade", "rollout",
         "throughput"]


def abstract(rng: random.Random) -> str:
    words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 120)))
    return (f"<p>{words[:200]} <em>{rng.choice(WORDS)}</em> and "
            f'<a href="https://example.org/{rng.randint(1, 999)}">a link</a>.</p>'
            f"<ul><li>if a &lt; b {{ return }}</li><li><code>x = {{1: 2}}</code></li></ul>"
            f"<p>{words[200:]}</p><script>alert(1)</script>")


def programme(n: int, seed: int = 16) -> dict[str, object]:
    rng = random.Random(seed)
    start = datetime.date(2024, 2, 3)
    days = []
    for d in range(3):
        date = start + datetime.timedelta(days=d)
        rooms: dict[str, list[dict[str, object]]] = {f"Room {r}": [] for r in range(10)}
        days.append({"index": d + 1, "date": date.isoformat(), "rooms": rooms})
    for i in range(n):
        day = days[i % 3]
        date = day["date"]
        room = f"Room {i % 10}"
        day["rooms"][room].append({  # type: ignore[index]
            "id": i + 1, "guid": f"00000000-0000-4000-8000-{i:012d}",
            "date": f"{date}T{9 + i % 9:02d}:00:00+01:00", "start": f"{9 + i % 9:02d}:00",
            "duration": rng.choice(["00:25", "00:50", "01:30"]), "room": room,
            "slug": f"bench-{i}", "url": f"https://bench.example.org/talk/{i}/",
            "title": f"{rng.choice(WORDS).title()} at scale, part {i}",
            "subtitle": rng.choice(["", "lessons learnt"]), "track": rng.choice(TRACKS),
            "type": rng.choice(["Talk", "Workshop", "Lightning Talk", "Keynote"]),
            "language": "en", "abstract": abstract(rng), "description": "",
            "persons": [{"public_name": rng.choice(NAMES)}],
            "links": [{"title": "Recording", "url": f"https://media.ccc.de/v/bench-{i}"}],
            "attachments": []})
    return {"schedule": {"version": "1", "conference": {
        "acronym": "bench2024", "title": "Bench 2024", "start": start.isoformat(),
        "end": (start + datetime.timedelta(days=2)).isoformat(),
        "time_zone_name": "Europe/Brussels", "days": days}}}


def as_xml(data: dict[str, object]) -> str:
    conference = data["schedule"]["conference"]  # type: ignore[index]
    out = ["<?xml version='1.0' encoding='utf-8'?>\n<schedule><conference>",
           f"<acronym>{conference['acronym']}</acronym><title>{conference['title']}</title>",
           f"<start>{conference['start']}</start><end>{conference['end']}</end>",
           "<time_zone_name>Europe/Brussels</time_zone_name></conference>"]
    for day in conference["days"]:
        out.append(f"<day date='{day['date']}'>")
        for room, events in day["rooms"].items():
            out.append(f"<room name='{room}'>")
            for e in events:
                fields = "".join(f"<{k}>{html.escape(str(e[k]))}</{k}>" for k in (
                    "date", "start", "duration", "room", "slug", "url", "title", "subtitle",
                    "track", "type", "abstract", "description"))
                persons = "".join(f"<person>{html.escape(p['public_name'])}</person>"
                                  for p in e["persons"])
                links = "".join(f"<link href='{x['url']}'>{x['title']}</link>"
                                for x in e["links"])
                out.append(f"<event id='{e['id']}'>{fields}<persons>{persons}</persons>"
                           f"<links>{links}</links></event>")
            out.append("</room>")
        out.append("</day>")
    out.append("</schedule>")
    return "".join(out)


def timed(argv: list[str]) -> tuple[float, float]:
    """Wall time and CPU time of one command (CPU time is steadier on a shared machine)."""
    started, cpu = time.perf_counter(), time.process_time()
    code = main(argv)
    elapsed = time.perf_counter() - started, time.process_time() - cpu
    if code != 0:
        raise SystemExit(f"build-notes {' '.join(argv)} exited {code}")
    return elapsed


def simplest(source: Path, out: Path) -> float:
    """The same files written the simplest way: no checks, no HTML parsing, no plan."""
    started = time.perf_counter()
    data = json.loads(source.read_text("utf-8"))
    out.mkdir(parents=True)
    for day in data["schedule"]["conference"]["days"]:
        for events in day["rooms"].values():
            for e in events:
                (out / f"{e['slug']}.md").write_text(
                    f"---\ntitle: {json.dumps(e['title'])}\nthemes: [edge]\ndraft: true\n---\n\n"
                    f"{e['abstract']}\n", "utf-8")
    return time.perf_counter() - started


def run(events: int, fmt: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        talks = work / "talks"
        talks.mkdir()
        shutil.copy(ROOT / "talks/themes.yml", talks / "themes.yml")
        data = programme(events)
        source = work / f"schedule.{fmt}"
        source.write_text(json.dumps(data) if fmt == "json" else as_xml(data), "utf-8")
        argv = ["import", str(source), "--talks-dir", str(talks), "--default-theme", "ceph",
                "--theme-map", "Networking=nfv", "--theme-map", "Kubernetes=kubernetes"]
        quiet = open(work / "out.txt", "w")  # noqa: SIM115 - the report is not the figure
        stdout, sys.stdout = sys.stdout, quiet
        try:
            first = timed(argv)
            again = timed(argv)
        finally:
            sys.stdout = stdout
            quiet.close()
        json_source = work / "schedule-simple.json"
        json_source.write_text(json.dumps(data), "utf-8")
        baseline = simplest(json_source, work / "simple")
        written = len(list((talks / "bench2024").glob("*.md")))
    load = os.getloadavg()[0]
    print(f"build-notes import, {events:,} events ({fmt}), {written:,} files "
          f"({os.cpu_count()} CPUs, load average {load:.1f}):")
    print(f"  first import      {first[0]:6.2f} s wall, {first[1]:5.2f} s CPU "
          f"({first[0] / events * 1000:.2f} ms per event)")
    print(f"  re-import         {again[0]:6.2f} s wall, {again[1]:5.2f} s CPU (nothing to write)")
    print(f"  simplest way      {baseline:6.2f} s wall  (json.load + one f-string file per event)")
    print(f"  ratio             {first[0] / baseline:6.1f} x the simplest way")
    print(f"  target < 5 s      {'PASS' if max(first[0], again[0]) < 5 else 'FAIL'}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--format", choices=["json", "xml"], default="json")
    args = parser.parse_args()
    run(args.events, args.format)
