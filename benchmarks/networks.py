"""Benchmark of ``clusterdev network`` on a synthetic cluster network.

The network issue sets the targets, on a 2-core machine:

- the full suite of measures (``clusterdev network TIES.csv --nodes NODES.csv --group ATTR
  --json``) on a cluster network of 5,000 actors and 50,000 ties in at most 5 s;
- a QAP with 1,000 permutations on 500 actors in at most 10 s.

What it does:

1. Generates, seeded, a synthetic cluster network as TIES.csv and NODES.csv (see
   :func:`generate`): enterprises and support institutions in towns of skewed sizes, with
   size class, owner's sex and kind; directed ties of three types (advice, business,
   information) with weights 1–5, mostly within a town, drawn towards institutions and
   larger firms, a share of them reciprocated. Two waves on 500 actors for the QAP: the
   follow-up keeps 70 % of the base wave's ties and adds new ones.
2. Warms up: each command runs twice on a 200-actor network (a smoke test, and it fills a
   bytecode cache in ``WORKDIR/pycache`` unless ``--no-bytecode-cache``; see
   :func:`environment`).
3. Times whole processes, fresh each time, ``--repeat`` times in turn: ``clusterdev network``
   (the full suite, JSON to a file) on 5,000 actors and ``clusterdev network compare``
   (``--permutations 1000``) on 500; then :func:`clusterdev.networks.qap` alone, in this
   process, as often. Wall time with ``time.perf_counter``, CPU time and peak memory with GNU
   ``/usr/bin/time``; before each run it waits (up to ``--patience`` s) for the machine to
   be quiet and records the CPU other processes used during the run, repeating a run they
   disturbed (more than ``--max-other-cores`` on average) up to ``--attempts`` times.
4. Prints a table, compares it with the targets and writes ``WORKDIR/networks-results.json``
   (every run) and ``WORKDIR/networks-results.md``.

Run it with the project's virtualenv::

    .venv/bin/python benchmarks/networks.py [--repeat 5] [--workdir benchmarks/out]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve()
ROOT = HERE.parent.parent
GNU_TIME = "/usr/bin/time"
# Bump when the generator changes, so that old files are not reused.
GENERATOR_VERSION = 1
TARGET_SUITE_SECONDS = 5.0
TARGET_QAP_SECONDS = 10.0
TOWNS = [
    "Atuntaqui",
    "Otavalo",
    "Ibarra",
    "Cotacachi",
    "Antonio Ante",
    "Pimampiro",
    "Urcuquí",
    "San Pablo",
    "Natabuela",
    "Chaltura",
    "Imbaya",
    "Andrade Marín",
]
INSTITUTION_TYPES = [
    "business_association",
    "bds_provider",
    "financial",
    "public_authority",
    "training_research",
    "ngo",
]
TIE_TYPES = ["advice", "business", "information"]


# --------------------------------------------------------------------------------------------
# Synthetic cluster networks
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NetworkSpec:
    """The parameters of one synthetic network; equal specs give identical files."""

    actors: int
    ties: int
    seed: int = 20240603
    institution_share: float = 0.06
    within_town: float = 0.65
    reciprocated: float = 0.25
    generator_version: int = GENERATOR_VERSION

    def stem(self) -> str:
        return f"network-{self.actors}-{self.ties}-s{self.seed}"


def generate(spec: NetworkSpec) -> tuple[list[dict[str, str]], list[tuple[int, int, int, int]]]:
    """Actors (with id, kind, institution_type, size_class, owner_sex, town) and distinct
    directed ties (source, target, type, weight) without self-loops.

    Each tie's source is drawn by activity (log-normal), its target by attractiveness
    (institutions and larger firms draw more ties: preferential, so a few hubs emerge),
    within the source's town with probability ``within_town``; ``reciprocated`` of the ties
    get a tie back of the same type. Draws repeat until ``ties`` distinct ties exist.
    """
    import numpy as np

    rng = np.random.default_rng(spec.seed)
    n = spec.actors
    town_weights = 1.0 / np.arange(1, len(TOWNS) + 1) ** 0.9
    town = rng.choice(len(TOWNS), size=n, p=town_weights / town_weights.sum())
    institution = rng.random(n) < spec.institution_share
    size = rng.choice(4, size=n, p=[0.70, 0.20, 0.08, 0.02])
    actors = []
    for i in range(n):
        record = {"id": f"A{i + 1:05d}", "kind": "institution" if institution[i] else "enterprise"}
        if institution[i]:
            record["institution_type"] = INSTITUTION_TYPES[
                int(rng.integers(len(INSTITUTION_TYPES)))
            ]
            record["size_class"] = ""
            record["owner_sex"] = ""
        else:
            record["institution_type"] = ""
            record["size_class"] = ("micro", "small", "medium", "large")[int(size[i])]
            record["owner_sex"] = "female" if rng.random() < 0.35 else "male"
        record["town"] = TOWNS[int(town[i])]
        actors.append(record)
    activity = rng.lognormal(0.0, 0.8, n)
    attraction = np.where(institution, 8.0, 1.0 + 2.0 * size) * rng.lognormal(0.0, 0.6, n)
    members = [np.flatnonzero(town == t) for t in range(len(TOWNS))]
    seen: set[tuple[int, int, int]] = set()
    ties: list[tuple[int, int, int, int]] = []
    source_p = activity / activity.sum()
    attraction_p = attraction / attraction.sum()
    while len(ties) < spec.ties:
        batch = 4 * (spec.ties - len(ties)) + 100
        sources = rng.choice(n, size=batch, p=source_p)
        local = rng.random(batch) < spec.within_town
        targets = rng.choice(n, size=batch, p=attraction_p)
        for t, pool in enumerate(members):
            chosen = np.flatnonzero(local & (town[sources] == t))
            if chosen.size and pool.size:
                cumulative = np.cumsum(attraction[pool])
                draws = rng.random(chosen.size) * cumulative[-1]
                targets[chosen] = pool[np.searchsorted(cumulative, draws, side="right")]
        types = rng.choice(len(TIE_TYPES), size=batch, p=[0.4, 0.4, 0.2])
        weights_drawn = rng.integers(1, 6, size=batch)
        back = rng.random(batch) < spec.reciprocated
        for s, t, y, w, r in zip(sources, targets, types, weights_drawn, back, strict=True):
            for a, b in ((s, t), (t, s)) if r else ((s, t),):
                key = (int(a), int(b), int(y))
                if a == b or key in seen or len(ties) >= spec.ties:
                    continue
                seen.add(key)
                ties.append((int(a), int(b), int(y), int(w)))
    return actors, ties


def follow_up(
    spec: NetworkSpec, ties: list[tuple[int, int, int, int]], *, kept: float = 0.7
) -> list[tuple[int, int, int, int]]:
    """A later wave: ``kept`` of the ties stay, and new ones (from the same generator with
    another seed) bring it back to the same number."""
    import numpy as np

    rng = np.random.default_rng(spec.seed + 1)
    stay = [t for t, keep in zip(ties, rng.random(len(ties)) < kept, strict=True) if keep]
    present = {(a, b, y) for a, b, y, _w in stay}
    _actors, fresh = generate(NetworkSpec(spec.actors, spec.ties, seed=spec.seed + 2))
    for tie in fresh:
        if len(stay) >= len(ties):
            break
        if tie[:3] not in present:
            present.add(tie[:3])
            stay.append(tie)
    return stay


def write_network(
    folder: Path,
    actors: list[dict[str, str]],
    ties: list[tuple[int, int, int, int]],
    *,
    ties_name: str = "ties.csv",
) -> tuple[Path, Path]:
    import csv

    folder.mkdir(parents=True, exist_ok=True)
    nodes_path, ties_path = folder / "nodes.csv", folder / ties_name
    with nodes_path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(actors[0]))
        writer.writeheader()
        writer.writerows(actors)
    ids = [a["id"] for a in actors]
    with ties_path.open("w", newline="", encoding="utf-8") as stream:
        writer_ = csv.writer(stream)
        writer_.writerow(["source", "target", "type", "weight"])
        writer_.writerows([ids[a], ids[b], TIE_TYPES[y], w] for a, b, y, w in ties)
    return ties_path, nodes_path


def ensure_networks(workdir: Path, spec: NetworkSpec, *, waves: bool = False) -> dict[str, Path]:
    """The files of ``spec`` (and a follow-up wave), generated unless present and current."""
    folder = workdir / spec.stem()
    sidecar = folder / "spec.json"
    wanted = asdict(spec) | {"waves": waves}
    names = ["ties.csv", "nodes.csv"] + (["follow.csv"] if waves else [])
    present = sidecar.exists() and all((folder / name).exists() for name in names)
    if present and json.loads(sidecar.read_text()) == wanted:
        return {name: folder / name for name in names}
    print(f"  generating {spec.stem()}…", end="", flush=True)
    started = time.perf_counter()
    actors, ties = generate(spec)
    write_network(folder, actors, ties)
    if waves:
        write_network(folder, actors, follow_up(spec, ties), ties_name="follow.csv")
    sidecar.write_text(json.dumps(wanted, indent=2) + "\n")
    print(f" {time.perf_counter() - started:.1f} s", flush=True)
    return {name: folder / name for name in names}


# --------------------------------------------------------------------------------------------
# Measuring
# --------------------------------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    cpu_seconds: float | None
    peak_mb: float | None
    other_cpu_seconds: float
    counted: bool
    exit_code: int = 0


def environment(workdir: Path, *, bytecode_cache: bool) -> dict[str, str]:
    """The measured processes' environment, with a bytecode cache unless told not.

    This environment sets ``PYTHONDONTWRITEBYTECODE`` and its packages hold no ``.pyc``
    files, so each process would compile NumPy's, SciPy's and igraph's Python code again,
    which an installed system never does; the cache lives in ``WORKDIR/pycache``.
    """
    env = dict(os.environ)
    if bytecode_cache:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(workdir / "pycache")
    return env


def clusterdev_command() -> list[str]:
    script = Path(sys.executable).parent / "clusterdev"
    return [str(script)] if script.exists() else [sys.executable, "-m", "clusterdev.cli"]


def busy_seconds() -> float:
    """CPU seconds the machine has spent busy since boot (``/proc/stat``; steal counts)."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return 0.0
    ticks = [int(value) for value in fields[:8]]
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")


def wait_until_quiet(*, max_cores: float, patience: float) -> None:
    started = time.perf_counter()
    while time.perf_counter() - started < patience:
        before = busy_seconds()
        time.sleep(1.0)
        if busy_seconds() - before <= max_cores:
            return


def run_process(
    command: list[str], env: dict[str, str], *, stdout: Path, options: argparse.Namespace
) -> Run:
    """One timed process, repeated while other processes disturbed it (up to --attempts)."""
    for attempt in range(1, options.attempts + 1):
        wait_until_quiet(max_cores=options.max_other_cores, patience=options.patience)
        with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
            timed = [GNU_TIME, "-f", "%U %S %M", "-o", report.name, *command]
            if not Path(GNU_TIME).exists():
                timed = command
            busy_before = busy_seconds()
            started = time.perf_counter()
            with stdout.open("wb") as out:
                code = subprocess.call(timed, env=env, stdout=out, stderr=subprocess.DEVNULL)
            seconds = time.perf_counter() - started
            busy = busy_seconds() - busy_before
            fields = Path(report.name).read_text().split() if timed is not command else []
        cpu = float(fields[-3]) + float(fields[-2]) if len(fields) >= 3 else None
        peak = float(fields[-1]) / 1024 if len(fields) >= 3 else None
        others = max(0.0, busy - (cpu or 0.0))
        counted = others <= options.max_other_cores * seconds or attempt == options.attempts
        run = Run(seconds, cpu, peak, others, counted, code)
        if code != 0:
            raise SystemExit(f"failed ({code}): {' '.join(command)}")
        if counted:
            return run
        print(f"    (disturbed: others used {others:.1f} CPU s; again)", flush=True)
    raise AssertionError("unreachable")


def in_process_qap(base: Path, follow: Path, nodes: Path, permutations: int) -> float:
    from clusterdev.networks import qap, read_network

    first = read_network(base, nodes=nodes)
    second = read_network(follow, nodes=nodes)
    started = time.perf_counter()
    qap(first, second, permutations=permutations, seed=1)
    return time.perf_counter() - started


def machine() -> dict[str, str]:
    model = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory = ""
    with contextlib.suppress(OSError, IndexError):
        memory = Path("/proc/meminfo").read_text().splitlines()[0].split(":", 1)[1].strip()
    import igraph
    import networkx
    import numpy
    import scipy

    return {
        "cpu": model,
        "nproc": str(os.cpu_count()),
        "memory": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        "software": f"igraph {igraph.__version__}, networkx {networkx.__version__}, "
        f"NumPy {numpy.__version__}, SciPy {scipy.__version__}",
    }


def git_commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def summary(runs: list[Run]) -> dict[str, Any]:
    counted = [r for r in runs if r.counted]
    seconds = [r.seconds for r in counted]
    return {
        "median_s": statistics.median(seconds),
        "min_s": min(seconds),
        "max_s": max(seconds),
        "cpu_s": statistics.median([r.cpu_seconds for r in counted if r.cpu_seconds is not None])
        if any(r.cpu_seconds is not None for r in counted)
        else None,
        "peak_mb": max((r.peak_mb for r in counted if r.peak_mb is not None), default=None),
        "others_cpu_s": statistics.median([r.other_cpu_seconds for r in counted]),
        "runs": len(counted),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", type=Path, default=ROOT / "benchmarks" / "out")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--actors", type=int, default=5000)
    parser.add_argument("--ties", type=int, default=50_000)
    parser.add_argument("--qap-actors", type=int, default=500)
    parser.add_argument("--qap-ties", type=int, default=5000)
    parser.add_argument("--permutations", type=int, default=1000)
    parser.add_argument("--no-bytecode-cache", action="store_true")
    parser.add_argument("--max-other-cores", type=float, default=0.2)
    parser.add_argument("--patience", type=float, default=120.0)
    parser.add_argument("--attempts", type=int, default=3)
    options = parser.parse_args(argv)
    workdir: Path = options.workdir.resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    env = environment(workdir, bytecode_cache=not options.no_bytecode_cache)
    cli = clusterdev_command()

    print("Data:", flush=True)
    suite = ensure_networks(workdir, NetworkSpec(options.actors, options.ties))
    waves = ensure_networks(workdir, NetworkSpec(options.qap_actors, options.qap_ties), waves=True)
    small = ensure_networks(workdir, NetworkSpec(200, 1000), waves=True)
    out = workdir / "networks-output.json"

    def suite_command(files: dict[str, Path]) -> list[str]:
        ties, nodes = str(files["ties.csv"]), str(files["nodes.csv"])
        return [*cli, "network", ties, "--nodes", nodes, "--group", "town", "--json"]

    def compare_command(files: dict[str, Path]) -> list[str]:
        return [
            *cli,
            "network",
            "compare",
            str(files["ties.csv"]),
            str(files["follow.csv"]),
            "--nodes",
            str(files["nodes.csv"]),
            "--permutations",
            str(options.permutations),
            "--seed",
            "1",
            "--json",
        ]

    print("Warm-up (200 actors):", flush=True)
    for _ in range(2):
        for name, command in (("suite", suite_command(small)), ("compare", compare_command(small))):
            started = time.perf_counter()
            subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=True)
            print(f"  {name}: {time.perf_counter() - started:.2f} s", flush=True)

    runs: dict[str, list[Run]] = {"suite": [], "compare": []}
    for attempt in range(options.repeat):
        print(f"Round {attempt + 1}/{options.repeat}:", flush=True)
        for name, command in (("suite", suite_command(suite)), ("compare", compare_command(waves))):
            run = run_process(command, env, stdout=out, options=options)
            runs[name].append(run)
            print(
                f"  {name}: {run.seconds:.2f} s (CPU {run.cpu_seconds or 0:.2f} s, "
                f"peak {run.peak_mb or 0:.0f} MB, others {run.other_cpu_seconds:.1f} CPU s)",
                flush=True,
            )
    qap_seconds = []
    for _ in range(options.repeat):
        wait_until_quiet(max_cores=options.max_other_cores, patience=options.patience)
        qap_seconds.append(
            in_process_qap(
                waves["ties.csv"], waves["follow.csv"], waves["nodes.csv"], options.permutations
            )
        )
    output = json.loads(out.read_text())  # the last compare
    suite_output = subprocess.run(
        suite_command(suite), env=env, capture_output=True, text=True, check=True
    ).stdout
    measured = json.loads(suite_output)
    results = {
        "date": datetime.now(UTC).isoformat(timespec="minutes"),
        "commit": git_commit(),
        "machine": machine(),
        "bytecode_cache": not options.no_bytecode_cache,
        "suite": summary(runs["suite"])
        | {
            "actors": measured["n_actors"],
            "ties": measured["n_ties"],
            "density": measured["density"],
            "core": len(measured["core_periphery"]["core"]),
        },
        "compare": summary(runs["compare"])
        | {"r": output["qap"]["r"], "p": output["qap"]["p"], "jaccard": output["ties"]["jaccard"]},
        "qap_in_process": {
            "median_s": statistics.median(qap_seconds),
            "min_s": min(qap_seconds),
            "max_s": max(qap_seconds),
        },
        "runs": {name: [asdict(r) for r in found] for name, found in runs.items()},
        "targets": {"suite_s": TARGET_SUITE_SECONDS, "qap_s": TARGET_QAP_SECONDS},
    }
    suffix = "-no-bytecode-cache" if options.no_bytecode_cache else ""
    (workdir / f"networks-results{suffix}.json").write_text(json.dumps(results, indent=2) + "\n")
    table = markdown(results)
    (workdir / f"networks-results{suffix}.md").write_text(table + "\n")
    print()
    print(table)
    return 0


def markdown(results: dict[str, Any]) -> str:
    s, c, q = results["suite"], results["compare"], results["qap_in_process"]

    def met(seconds: float, target: float) -> str:
        return (
            f"met ({seconds:.2f} s ≤ {target:g} s)"
            if seconds <= target
            else (f"**missed** ({seconds:.2f} s > {target:g} s)")
        )

    return "\n".join(
        [
            f"Measured {results['date']} on commit {results['commit']}, "
            f"{results['machine']['cpu']} × {results['machine']['nproc']}, "
            f"bytecode cache: {'yes' if results['bytecode_cache'] else 'no'}.",
            "",
            "| what | median s | min–max s | CPU s | peak MB | others' CPU s |",
            "|---|---:|---:|---:|---:|---:|",
            f"| `clusterdev network` full suite, {s['actors']:,} actors, {s['ties']:,} ties "
            f"| **{s['median_s']:.2f}** | {s['min_s']:.2f}–{s['max_s']:.2f} | {s['cpu_s']:.2f} "
            f"| {s['peak_mb']:.0f} | {s['others_cpu_s']:.1f} |",
            f"| `clusterdev network compare`, 500 actors, 1,000 permutations "
            f"| **{c['median_s']:.2f}** | {c['min_s']:.2f}–{c['max_s']:.2f} | {c['cpu_s']:.2f} "
            f"| {c['peak_mb']:.0f} | {c['others_cpu_s']:.1f} |",
            f"| `qap()` alone, in process | {q['median_s']:.2f} | "
            f"{q['min_s']:.2f}–{q['max_s']:.2f} | | | |",
            "",
            f"- full suite ≤ {TARGET_SUITE_SECONDS:g} s: {met(s['median_s'], TARGET_SUITE_SECONDS)}",
            f"- QAP ≤ {TARGET_QAP_SECONDS:g} s (whole compare process): "
            f"{met(c['median_s'], TARGET_QAP_SECONDS)}",
        ]
    )


if __name__ == "__main__":
    sys.exit(main())
