"""Benchmark of ``clusterdev map`` against a bare DuckDB floor and a plain pandas version.

Issue 3 ("Performance") sets the targets, timing whole processes on a 2-core machine:

- ``clusterdev map`` takes at most 1.5 times a bare DuckDB process that computes only the
  location quotient (GROUP BY region, sector and window sums) over the same Parquet file;
- it is at least 2 times faster than a straightforward pandas process computing the
  location quotient and the US Cluster Mapping flags (groupby quantiles);
- 60 million rows in at most 15 s, with a peak resident memory of at most 4 GB.

What it does:

1. Generates synthetic establishment registers as Parquet, with DuckDB SQL alone
   (hash-based, so seeded, parallel and reproducible): ``region`` (text, 'R0001'…, skewed
   sizes), ``sector`` (text, 4-digit ISIC-like codes with leading zeros, skewed sizes),
   ``employment`` (integer ≥ 1, a Pareto-like firm size distribution), and a share of each
   sector's establishments placed in a few "home" regions, so that some region × sector
   pairs are real concentrations. A file is reused when its sidecar JSON records the same
   parameters.
2. Warms up: each tool runs twice on a 10,000-row register (a smoke test, and it fills a
   bytecode cache in ``WORKDIR/pycache`` unless ``--no-bytecode-cache``; see
   :func:`tool_environment`). The second run's time is reported as the start-up cost.
3. Runs each tool as a fresh process, ``--repeat`` times in turn (round robin), with the
   file in the page cache (it is read once before each size's runs), and measures wall
   time (``time.perf_counter`` around the process), CPU time and peak resident memory (GNU
   ``/usr/bin/time``; without it, a wrapper process reporting ``RUSAGE_CHILDREN``). A
   watchdog kills a run whose process tree exceeds ``--memory-limit-gb`` or ``--timeout``
   and records that instead.
4. Keeps other work out of the figures as far as it can: before each run it waits for the
   machine to be quiet, it measures the CPU time other processes use during the run, and
   it repeats a run they disturbed (``--max-other-cores``, ``--attempts``).
5. Checks that the three tools agree (same cells, location quotients, and the same CMP
   flags and stars for pandas), prints a table, compares it with the targets and writes
   the figures to ``WORKDIR/results.json`` (every run) and ``WORKDIR/results.md``.

Run it with the project's virtualenv::

    .venv/bin/python benchmarks/mapping.py [--sizes 10000000,60000000] [--repeat 5]
        [--workdir benchmarks/out]

The worker processes (the DuckDB floor and the pandas version) are this same script,
started with the hidden ``--worker`` option, so that their code sits here, in plain view.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve()
ROOT = HERE.parent.parent
GNU_TIME = "/usr/bin/time"
# Bump when the generator's SQL changes, so that old files are not reused.
GENERATOR_VERSION = 1
TOOLS = ("clusterdev", "duckdb-lq", "pandas")
WARMUP_ROWS = 10_000
TOOL_LABELS = {
    "clusterdev": "clusterdev map",
    "duckdb-lq": "bare DuckDB (LQ only)",
    "pandas": "pandas (LQ + CMP flags)",
}
TARGET_VS_DUCKDB = 1.5
TARGET_VS_PANDAS = 2.0
TARGET_SECONDS = 15.0
TARGET_PEAK_MB = 4000.0
TARGET_ROWS = 60_000_000


# --------------------------------------------------------------------------------------------
# Synthetic registers
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterSpec:
    """The parameters of one synthetic register; equal specs give identical files."""

    rows: int
    regions: int = 3000
    sectors: int = 600
    seed: int = 20240603
    # Share of establishments placed in one of their sector's "home" regions.
    cluster_share: float = 0.08
    home_regions: int = 4
    # Firm sizes: floor(U ** (-1 / alpha)), capped; alpha ~ 1.3 gives mostly micro firms.
    pareto_alpha: float = 1.3
    max_employment: int = 50_000
    generator_version: int = GENERATOR_VERSION

    def file_name(self) -> str:
        return f"register-{self.rows}-s{self.seed}.parquet"


def _sql_text(path: Path) -> str:
    """A path as an SQL string literal (COPY ... TO takes no parameters)."""
    return "'" + str(path).replace("'", "''") + "'"


def _uniform(seed: int, stream: int) -> str:
    """SQL for a uniform number in (0, 1) from row ``i``, one independent stream per call.

    DuckDB's hash of one value mixes well, but its combination of several values does not
    (``hash(i, seed, 1)`` and ``hash(i, seed, 3)`` are correlated): the stream goes into the
    first value. The top 53 bits make the double.
    """
    assert 0 <= stream < 16
    return f"(((hash(i * 16 + {stream}, {seed}) >> 11)::DOUBLE + 0.5) / 9007199254740992.0)"


def register_sql(spec: RegisterSpec) -> str:
    """The SELECT producing the register: region, sector, employment, one row per ``i``.

    Regions and sectors are drawn half uniformly and half log-uniformly (a Zipf-like
    tail: a few large capital regions and big sectors); ``cluster_share`` of rows then move
    to one of the sector's ``home_regions`` (a hash of the sector), which makes concentrated
    pairs whose location quotients stand out.
    """
    seed = spec.seed
    r_count, s_count = spec.regions, spec.sectors

    def skewed(count: int, mix: str, value: str) -> str:
        return (
            f"CASE WHEN {mix} < 0.5 THEN floor({value} * {count}) "
            f"ELSE least({count - 1}, floor(exp({value} * ln({count + 1}))) - 1) END"
        )

    sector = skewed(s_count, _uniform(seed, 1), _uniform(seed, 2))
    region = skewed(r_count, _uniform(seed, 3), _uniform(seed, 4))
    home = f"hash(s, {seed}, floor({_uniform(seed, 6)} * {spec.home_regions})) % {r_count}"
    employment = (
        f"least({spec.max_employment}, "
        f"floor(pow({_uniform(seed, 7)}, -1.0 / {spec.pareto_alpha})))::INTEGER"
    )
    return (
        "SELECT 'R' || lpad((r + 1)::VARCHAR, 4, '0') AS region, "
        "lpad((111 + s * 16)::VARCHAR, 4, '0') AS sector, employment FROM ("
        f"SELECT s, CASE WHEN {_uniform(seed, 5)} < {spec.cluster_share} THEN {home} "
        "ELSE r0 END AS r, employment FROM ("
        f"SELECT i, ({sector})::BIGINT AS s, ({region})::BIGINT AS r0, "
        f"{employment} AS employment FROM range({spec.rows}) AS t(i)))"
    )


def ensure_register(spec: RegisterSpec, workdir: Path) -> Path:
    """The register's Parquet file, generated unless one with the same spec is there."""
    import duckdb

    path = workdir / spec.file_name()
    sidecar = path.with_suffix(".json")
    wanted = {**asdict(spec), "duckdb": duckdb.__version__}
    if path.exists() and sidecar.exists():
        try:
            recorded = json.loads(sidecar.read_text())
        except ValueError:
            recorded = None
        if recorded is not None and recorded.get("spec") == wanted:
            print(f"  reusing {path.name}", flush=True)
            return path
    print(f"  generating {path.name} ({spec.rows:,} rows)…", end="", flush=True)
    started = time.perf_counter()
    workdir.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".parquet.part")
    con = duckdb.connect()
    try:
        con.execute("SET enable_progress_bar = false")
        con.execute(f"COPY ({register_sql(spec)}) TO {_sql_text(partial)} (FORMAT parquet)")
        stats = con.execute(
            "SELECT COUNT(*), COUNT(DISTINCT region), COUNT(DISTINCT sector), "
            "MIN(employment), MAX(employment), SUM(employment)::BIGINT, "
            "median(employment), COUNT(DISTINCT (region, sector)) "
            f"FROM read_parquet({_sql_text(partial)})"
        ).fetchone()
    finally:
        con.close()
    assert stats is not None
    os.replace(partial, path)
    description = {
        "spec": wanted,
        "rows": stats[0],
        "distinct_regions": stats[1],
        "distinct_sectors": stats[2],
        "employment_min": stats[3],
        "employment_max": stats[4],
        "employment_total": stats[5],
        "employment_median": stats[6],
        "region_sector_cells": stats[7],
        "file_bytes": path.stat().st_size,
        "generated_seconds": round(time.perf_counter() - started, 1),
    }
    sidecar.write_text(json.dumps(description, indent=2) + "\n")
    print(f" {description['generated_seconds']} s", flush=True)
    return path


def describe_register(path: Path) -> dict[str, Any]:
    recorded: dict[str, Any] = json.loads(path.with_suffix(".json").read_text())
    recorded["file_bytes"] = path.stat().st_size
    return recorded


# --------------------------------------------------------------------------------------------
# The workers: the DuckDB floor and the pandas version (run as separate processes)
# --------------------------------------------------------------------------------------------


def worker_duckdb_lq(source: Path, out: Path) -> None:
    """The floor: one DuckDB statement, GROUP BY region × sector, LQ by window sums."""
    import duckdb

    con = duckdb.connect()
    con.execute(
        "COPY (SELECT region, sector, employment, "
        "employment / SUM(employment) OVER (PARTITION BY region) "
        "/ (SUM(employment) OVER (PARTITION BY sector) / SUM(employment) OVER ()) AS lq "
        "FROM (SELECT region, sector, SUM(employment)::DOUBLE AS employment "
        "FROM read_parquet($source) GROUP BY region, sector)) "
        f"TO {_sql_text(out)} (FORMAT parquet)",
        {"source": str(source)},
    )
    con.close()


def worker_pandas(source: Path, out: Path) -> None:
    """A straightforward pandas version: cells, LQ, CMP flags (groupby quantiles), stars."""
    import pandas as pd

    frame = pd.read_parquet(source, columns=["region", "sector", "employment"])
    cells = (
        frame.groupby(["region", "sector"], sort=False)
        .agg(employment=("employment", "sum"), establishments=("employment", "size"))
        .reset_index()
    )
    del frame
    cells["employment"] = cells["employment"].astype("float64")
    cells["establishments"] = cells["establishments"].astype("float64")
    region_total = cells.groupby("region")["employment"].transform("sum")
    sector_total = cells.groupby("sector")["employment"].transform("sum")
    total = cells["employment"].sum()
    cells["region_share"] = cells["employment"] / sector_total
    cells["sector_share"] = cells["employment"] / region_total
    cells["lq"] = cells["employment"] / region_total / (sector_total / total)

    active = cells[cells["employment"] > 0].groupby("sector")
    lq_q = active["lq"].quantile([0.25, 0.5, 0.75, 0.9]).unstack()
    lq_q.columns = ["lq_p25", "lq_p50", "lq_p75", "lq_p90"]
    employment_q = active["employment"].quantile([0.25, 0.9]).unstack()
    employment_q.columns = ["employment_p25", "size_cut"]
    thresholds = pd.concat(
        [
            lq_q,
            employment_q,
            active["establishments"].quantile(0.25).rename("establishments_p25"),
            active["sector_share"].quantile(0.9).rename("focus_cut"),
        ],
        axis=1,
    )
    t = cells[["sector"]].merge(thresholds, left_on="sector", right_index=True, how="left")
    t.index = cells.index
    sized = (cells["employment"] > t["employment_p25"]) & (
        cells["establishments"] > t["establishments_p25"]
    )
    lq = cells["lq"]
    cells["qualifying"] = sized & (lq > t["lq_p25"])
    cells["significant"] = sized & (lq > t["lq_p50"])
    cells["strong"] = sized & (lq >= t["lq_p75"]) & (lq >= 1)
    cells["strong10"] = sized & (lq >= t["lq_p90"]) & (lq >= 1)
    employed = cells["employment"] > 0
    cells["stars_size"] = employed & (cells["employment"] >= t["size_cut"])
    cells["stars_specialisation"] = lq >= 2.0
    cells["stars_focus"] = employed & (cells["sector_share"] >= t["focus_cut"])
    cells["stars"] = (
        cells[["stars_size", "stars_specialisation", "stars_focus"]].sum(axis=1).astype("int32")
    )
    cells.sort_values(["region", "sector"]).to_parquet(out, index=False)


WORKERS = {"duckdb-lq": worker_duckdb_lq, "pandas": worker_pandas}


# --------------------------------------------------------------------------------------------
# Measuring processes
# --------------------------------------------------------------------------------------------


@dataclass
class Run:
    """One measured process."""

    seconds: float | None
    peak_mb: float | None
    cpu_seconds: float | None = None
    failure: str | None = None
    # CPU seconds other processes used on the machine while this one ran (contention).
    other_cpu_seconds: float | None = None
    # Seconds spent waiting for the machine to be quiet before the run.
    waited_seconds: float = 0.0


def tool_environment(workdir: Path, *, bytecode_cache: bool) -> dict[str, str]:
    """The measured processes' environment: this one, with a bytecode cache unless told not.

    Python caches compiled modules (``.pyc``) on first import, and pip compiles them when it
    installs; an environment with ``PYTHONDONTWRITEBYTECODE`` and packages installed without
    them (uv's default) compiles pandas, pyarrow and DuckDB's Python code in every process,
    over a second that no installed system pays. The cache lives in ``WORKDIR/pycache``.
    """
    environment = dict(os.environ)
    if bytecode_cache:
        environment.pop("PYTHONDONTWRITEBYTECODE", None)
        environment["PYTHONPYCACHEPREFIX"] = str(workdir / "pycache")
    return environment


def tool_command(tool: str, source: Path, out: Path) -> list[str]:
    """The command line of ``tool`` reading ``source`` and writing Parquet to ``out``."""
    if tool == "clusterdev":
        script = Path(sys.executable).parent / "clusterdev"
        program = [str(script)] if script.exists() else [sys.executable, "-m", "clusterdev.cli"]
        return [
            *program,
            "map",
            str(source),
            "--region",
            "region",
            "--sector",
            "sector",
            "--employment",
            "employment",
            "--format",
            "parquet",
            "--out",
            str(out),
        ]
    return [sys.executable, str(HERE), "--worker", tool, str(source), str(out)]


_RUSAGE_WRAPPER = (
    "import resource, subprocess, sys\n"
    "code = subprocess.call(sys.argv[2:])\n"
    "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "open(sys.argv[1], 'w').write("
    "f'{usage.ru_utime + usage.ru_stime} {usage.ru_maxrss} {code}')\n"
    "sys.exit(code)\n"
)


def _measured(command: list[str], report: Path) -> list[str]:
    """``command`` under GNU time (or a rusage wrapper): CPU seconds, max RSS KB, exit code."""
    if Path(GNU_TIME).exists():
        return [GNU_TIME, "-f", "%U %S %M %x", "-o", str(report), *command]
    return [sys.executable, "-c", _RUSAGE_WRAPPER, str(report), *command]


def machine_busy_seconds() -> float:
    """CPU seconds the whole machine has spent busy since boot (Linux ``/proc/stat``)."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return 0.0
    # user nice system idle iowait irq softirq steal: all but idle and iowait count as busy
    # (steal too: time the hypervisor gave to other machines is contention as well).
    ticks = [int(value) for value in fields[:8]]
    busy = sum(ticks) - ticks[3] - ticks[4]
    return busy / os.sysconf("SC_CLK_TCK")


def wait_until_quiet(*, max_busy_cores: float, patience: float) -> float:
    """Wait until other work uses at most ``max_busy_cores`` (over 1 s), for ``patience`` s.

    The benchmark shares its machine with whatever else runs there; a run started while
    another process keeps a core busy measures the contention, not the tool. Returns the
    seconds waited (after ``patience`` the run starts anyway; its other_cpu_seconds tell).
    """
    started = time.perf_counter()
    while True:
        before = machine_busy_seconds()
        time.sleep(1.0)
        if machine_busy_seconds() - before <= max_busy_cores:
            return time.perf_counter() - started - 1.0
        if time.perf_counter() - started > patience:
            return time.perf_counter() - started - 1.0


def _tree_rss_bytes(root: int) -> int:
    """Resident memory of process ``root`` and all its descendants (0 once they are gone)."""
    page = os.sysconf("SC_PAGE_SIZE")
    total, pending = 0, [root]
    while pending:
        pid = pending.pop()
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * page
            for task in Path(f"/proc/{pid}/task").iterdir():
                pending += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError, IndexError):
            continue
    return total


class _Watchdog(threading.Thread):
    """Polls a process tree's resident memory; kills the tree over the limit or the time."""

    def __init__(self, pid: int, memory_limit_bytes: int, timeout: float) -> None:
        super().__init__(daemon=True)
        self.pid, self.limit, self.timeout = pid, memory_limit_bytes, timeout
        self.failure: str | None = None
        self.peak = 0
        self._done = threading.Event()

    def run(self) -> None:
        started = time.perf_counter()
        watch = sys.platform == "linux"
        while not self._done.wait(0.2):
            rss = _tree_rss_bytes(self.pid) if watch else 0
            self.peak = max(self.peak, rss)
            if rss > self.limit:
                self.failure = f"stopped: resident memory over {self.limit / 1e9:g} GB"
            elif time.perf_counter() - started > self.timeout:
                self.failure = f"stopped: over {self.timeout:g} s"
            if self.failure is not None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.pid, signal.SIGKILL)
                return

    def stop(self) -> None:
        self._done.set()
        self.join()


def measure(
    command: list[str],
    *,
    memory_limit_bytes: int,
    timeout: float,
    environment: dict[str, str] | None = None,
) -> Run:
    """Run ``command`` as a fresh process tree; wall time, peak RSS, or why it was stopped.

    A watchdog polls the tree's resident memory (Linux ``/proc``) every 0.2 s and
    kills the tree when it passes ``memory_limit_bytes`` or runs over ``timeout`` seconds.
    """
    with tempfile.TemporaryDirectory(prefix="mapbench-") as scratch:
        report = Path(scratch) / "usage"
        # Standard error goes to a file: a pipe left unread would block a chatty process.
        with (Path(scratch) / "stderr").open("w+b") as errors_file:
            busy_before = machine_busy_seconds()
            started = time.perf_counter()
            process = subprocess.Popen(
                _measured(command, report),
                env=environment,
                stdout=subprocess.DEVNULL,
                stderr=errors_file,
                start_new_session=True,
            )
            watchdog = _Watchdog(process.pid, memory_limit_bytes, timeout)
            watchdog.start()
            # The blocking wait returns the moment the process ends (no polling interval).
            process.wait()
            seconds = time.perf_counter() - started
            busy = machine_busy_seconds() - busy_before
            watchdog.stop()
            failure, polled_peak = watchdog.failure, watchdog.peak
            errors_file.seek(0)
            errors = errors_file.read().decode(errors="replace")
        if failure is not None:
            return Run(None, polled_peak / 1e6, failure=failure)
        fields = report.read_text().split() if report.exists() else []
    if process.returncode != 0 or len(fields) < 3:
        last = errors.strip().splitlines()[-1:] or [f"exit {process.returncode}"]
        return Run(None, None, failure=f"failed: {last[0]}")
    if len(fields) == 4:  # GNU time: user, system, max RSS (KB), exit status
        cpu = float(fields[0]) + float(fields[1])
        peak_kb = float(fields[2])
    else:  # the rusage wrapper: CPU seconds, max RSS (KB on Linux), exit status
        cpu, peak_kb = float(fields[0]), float(fields[1])
    # Our tree's CPU time is measured to 10 ms; clamp the rounding below zero away.
    return Run(seconds, peak_kb * 1024 / 1e6, cpu, other_cpu_seconds=max(0.0, busy - cpu))


def warm_file_cache(path: Path) -> None:
    """Read the file once, so that every tool starts with it in the page cache."""
    with path.open("rb") as file:
        while file.read(16 << 20):
            pass


# --------------------------------------------------------------------------------------------
# Checking the tools agree
# --------------------------------------------------------------------------------------------


def compare_outputs(outputs: dict[str, Path]) -> dict[str, Any]:
    """Cells, location quotients and (clusterdev vs pandas) CMP flags and stars, compared."""
    import duckdb

    flags = [
        "qualifying",
        "significant",
        "strong",
        "strong10",
        "stars_size",
        "stars_specialisation",
        "stars_focus",
    ]
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    found: dict[str, Any] = {}
    try:
        reference = outputs.get("clusterdev")
        if reference is None:
            return found
        row = con.execute(
            f"SELECT COUNT(*), {', '.join(f'SUM({f}::INT)' for f in flags)} FROM read_parquet($p)",
            {"p": str(reference)},
        ).fetchone()
        assert row is not None
        found["cells"] = row[0]
        found["clusterdev_flag_counts"] = dict(zip(flags, row[1:], strict=True))
        for tool in ("duckdb-lq", "pandas"):
            other = outputs.get(tool)
            if other is None:
                continue
            mismatches = (
                [f"SUM(CASE WHEN a.{f} IS DISTINCT FROM b.{f} THEN 1 ELSE 0 END)" for f in flags]
                if tool == "pandas"
                else []
            )
            row = con.execute(
                "SELECT COUNT(a.region), COUNT(b.region), "
                "MAX(abs(a.lq - b.lq) / greatest(abs(a.lq), 1e-300)), "
                f"SUM(CASE WHEN a.employment IS DISTINCT FROM b.employment THEN 1 ELSE 0 END)"
                f"{''.join(', ' + m for m in mismatches)} "
                "FROM read_parquet($a) AS a FULL JOIN read_parquet($b) AS b "
                "ON a.region = b.region AND a.sector = b.sector",
                {"a": str(reference), "b": str(other)},
            ).fetchone()
            assert row is not None
            found[tool] = {
                "cells_in_clusterdev": row[0],
                "cells_in_other": row[1],
                "lq_max_relative_difference": row[2],
                "employment_differences": row[3],
            }
            if tool == "pandas":
                found[tool]["flag_differences"] = dict(zip(flags, row[4:], strict=True))
    finally:
        con.close()
    return found


# --------------------------------------------------------------------------------------------
# The machine
# --------------------------------------------------------------------------------------------


def _first(path: str, prefix: str) -> str | None:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(prefix):
                return line.split(":", 1)[1].strip() if ":" in line else line
    except OSError:
        return None
    return None


def describe_machine(workdir: Path) -> dict[str, Any]:
    """What the figures were measured on, read from the system (Linux)."""
    import duckdb
    import pandas
    import pyarrow

    memory_kb = _first("/proc/meminfo", "MemTotal")
    os_name = None
    if Path("/etc/os-release").exists():
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                os_name = line.split("=", 1)[1].strip('"')
    disk = shutil.disk_usage(workdir)
    mount = subprocess.run(
        ["findmnt", "-no", "SOURCE,FSTYPE", "-T", str(workdir)],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()
    return {
        "cpu_model": _first("/proc/cpuinfo", "model name"),
        "cpu_mhz": _first("/proc/cpuinfo", "cpu MHz"),
        "cores": os.cpu_count(),
        "hypervisor": "yes" if "hypervisor" in (_first("/proc/cpuinfo", "flags") or "") else "no",
        "memory_gb": round(int(memory_kb.split()[0]) / 1024**2, 1) if memory_kb else None,
        "disk": {
            "device": mount[0] if mount else None,
            "filesystem": mount[1] if len(mount) > 1 else None,
            "size_gb": round(disk.total / 1e9),
            "free_gb": round(disk.free / 1e9),
        },
        "os": os_name or platform.platform(),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "pandas": pandas.__version__,
        "pyarrow": pyarrow.__version__,
        "peak_memory_from": "GNU time" if Path(GNU_TIME).exists() else "RUSAGE_CHILDREN",
    }


def describe_code() -> dict[str, Any]:
    """Which code was measured: the commit, whether the tree differs, a digest of the sources."""
    import hashlib

    def git(*arguments: str) -> str:
        found = subprocess.run(
            ["git", *arguments], cwd=ROOT, capture_output=True, text=True, check=False
        )
        return found.stdout.strip()

    digest = hashlib.sha256()
    sources = sorted((ROOT / "clusterdev" / "mapping").glob("*.py"))
    for path in [ROOT / "clusterdev" / "cli.py", *sources]:
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    changed = git("status", "--porcelain", "--", "clusterdev/cli.py", "clusterdev/mapping")
    return {
        "commit": git("rev-parse", "--short", "HEAD") or None,
        "uncommitted_mapping_files": len(changed.splitlines()),
        "mapping_sources_sha256": digest.hexdigest()[:16],
    }


# --------------------------------------------------------------------------------------------
# Summaries
# --------------------------------------------------------------------------------------------


@dataclass
class ToolResult:
    """The runs of one tool on one register.

    A run during which other processes kept more than ``max_other_cores`` busy on average is
    *disturbed*: it measured the contention as much as the tool. The figures use the
    undisturbed runs; only when too few of those could be had do the least disturbed runs
    make up the number (and :meth:`summary` says how many).
    """

    tool: str
    rows: int
    wanted: int
    max_other_cores: float
    runs: list[Run] = field(default_factory=list)

    @property
    def done(self) -> list[Run]:
        return [r for r in self.runs if r.failure is None]

    @property
    def failure(self) -> str | None:
        failed = [r.failure for r in self.runs if r.failure is not None]
        return failed[0] if failed else None

    def disturbed(self, run: Run) -> bool:
        if run.seconds is None or run.other_cpu_seconds is None:
            return False
        return run.other_cpu_seconds / run.seconds > self.max_other_cores

    def clean(self) -> list[Run]:
        return [r for r in self.done if not self.disturbed(r)]

    def counted(self) -> list[Run]:
        """The runs behind the figures: the clean ones, else topped up by the least disturbed."""
        clean = self.clean()
        if len(clean) >= self.wanted:
            return clean
        rest = sorted(
            (r for r in self.done if self.disturbed(r)),
            key=lambda r: (r.other_cpu_seconds or 0.0) / (r.seconds or 1.0),
        )
        return clean + rest[: self.wanted - len(clean)]

    def needs_more(self, max_attempts: int) -> bool:
        return (
            self.failure is None
            and len(self.clean()) < self.wanted
            and len(self.runs) < max_attempts
        )

    def median_seconds(self) -> float | None:
        counted = [r.seconds for r in self.counted() if r.seconds is not None]
        return statistics.median(counted) if counted else None

    def peak_mb(self) -> float | None:
        """The highest peak of every completed run (contention does not raise memory)."""
        peaks = [r.peak_mb for r in self.done if r.peak_mb is not None]
        return max(peaks) if peaks else None

    def summary(self) -> dict[str, Any]:
        counted = self.counted()
        counted_ids = {id(r) for r in counted}
        seconds = [round(r.seconds, 3) for r in counted if r.seconds is not None]
        cpu = [r.cpu_seconds for r in counted if r.cpu_seconds is not None]
        return {
            "tool": self.tool,
            "rows": self.rows,
            "runs": len(self.runs),
            "completed": len(self.done),
            "counted": len(counted),
            "disturbed_runs_counted": sum(1 for r in counted if self.disturbed(r)),
            "disturbed_runs_discarded": sum(
                1 for r in self.done if self.disturbed(r) and id(r) not in counted_ids
            ),
            "seconds": seconds,
            "median_seconds": _rounded(self.median_seconds(), 3),
            "min_seconds": min(seconds) if seconds else None,
            "max_seconds": max(seconds) if seconds else None,
            "median_cpu_seconds": _rounded(statistics.median(cpu) if cpu else None, 2),
            "peak_mb": _rounded(self.peak_mb(), 0),
            "all_runs": [
                {
                    "seconds": _rounded(r.seconds, 3),
                    "peak_mb": _rounded(r.peak_mb, 0),
                    "cpu_seconds": _rounded(r.cpu_seconds, 2),
                    "other_cpu_seconds": _rounded(r.other_cpu_seconds, 2),
                    "waited_seconds": round(r.waited_seconds, 1),
                    "disturbed": self.disturbed(r),
                    "counted": id(r) in counted_ids,
                    "failure": r.failure,
                }
                for r in self.runs
            ],
            "failure": self.failure,
        }


def _rounded(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def _ratio(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None or b == 0 else a / b


def paired_ratio(a: ToolResult, b: ToolResult) -> float | None:
    """Median over rounds of a's time / b's time in the same round (both counted).

    The tools run in turn, so a round's runs met nearly the same machine: their ratio is
    steadier than the ratio of medians when the machine's speed drifts.
    """
    counted_a = {id(r) for r in a.counted()}
    counted_b = {id(r) for r in b.counted()}
    ratios = [
        x.seconds / y.seconds
        for x, y in zip(a.runs, b.runs, strict=False)
        if id(x) in counted_a and id(y) in counted_b and x.seconds and y.seconds
    ]
    return statistics.median(ratios) if ratios else None


def verdicts(results: dict[int, dict[str, ToolResult]]) -> list[dict[str, Any]]:
    """Each target of the issue, per size where it applies: the figure and whether it is met."""
    found: list[dict[str, Any]] = []
    for rows, by_tool in results.items():
        ours = by_tool["clusterdev"]
        floor, plain = by_tool.get("duckdb-lq"), by_tool.get("pandas")
        if floor is not None:
            ratio = _ratio(ours.median_seconds(), floor.median_seconds())
            paired = paired_ratio(ours, floor)
            found.append(
                {
                    "rows": rows,
                    "target": f"clusterdev ≤ {TARGET_VS_DUCKDB}× bare DuckDB",
                    "figure": None
                    if ratio is None
                    else f"{ratio:.2f}×"
                    + ("" if paired is None else f" (paired runs: {paired:.2f}×)"),
                    "met": None if ratio is None else ratio <= TARGET_VS_DUCKDB,
                }
            )
        if plain is not None:
            speedup = _ratio(plain.median_seconds(), ours.median_seconds())
            if speedup is None and plain.failure and ours.median_seconds() is not None:
                found.append(
                    {
                        "rows": rows,
                        "target": f"clusterdev ≥ {TARGET_VS_PANDAS}× faster than pandas",
                        "figure": f"pandas {plain.failure}",
                        "met": True,
                    }
                )
            else:
                found.append(
                    {
                        "rows": rows,
                        "target": f"clusterdev ≥ {TARGET_VS_PANDAS}× faster than pandas",
                        "figure": None if speedup is None else f"{speedup:.2f}×",
                        "met": None if speedup is None else speedup >= TARGET_VS_PANDAS,
                    }
                )
        if rows >= TARGET_ROWS:
            seconds, peak = ours.median_seconds(), ours.peak_mb()
            found.append(
                {
                    "rows": rows,
                    "target": f"clusterdev ≤ {TARGET_SECONDS:.0f} s",
                    "figure": None if seconds is None else f"{seconds:.2f} s",
                    "met": None if seconds is None else seconds <= TARGET_SECONDS,
                }
            )
            found.append(
                {
                    "rows": rows,
                    "target": f"clusterdev peak memory ≤ {TARGET_PEAK_MB / 1000:.0f} GB",
                    "figure": None if peak is None else f"{peak:,.0f} MB",
                    "met": None if peak is None else peak <= TARGET_PEAK_MB,
                }
            )
    return found


def markdown_table(results: dict[int, dict[str, ToolResult]]) -> str:
    """The figures as Markdown: one row per size and tool, then the targets.

    "runs": the runs counted of those started, and how many of the counted were disturbed
    (counted only because too few clean runs could be had).
    "others' CPU s" is the median CPU time other processes used during the counted runs.
    """
    lines = [
        "| rows | tool | runs | median s | min–max s | CPU s | peak MB | × bare DuckDB "
        "| others' CPU s |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for rows, by_tool in results.items():
        floor = by_tool.get("duckdb-lq")
        floor_s = floor.median_seconds() if floor else None
        for tool, result in by_tool.items():
            s = result.summary()
            if s["median_seconds"] is None:
                timing = f"— ({s['failure']})"
                spread = "—"
            else:
                timing = f"{s['median_seconds']:.2f}"
                spread = f"{s['min_seconds']:.2f}–{s['max_seconds']:.2f}"
            ratio = _ratio(result.median_seconds(), floor_s)
            peak = "—" if s["peak_mb"] is None else f"{s['peak_mb']:,.0f}"
            cpu = "—" if s["median_cpu_seconds"] is None else f"{s['median_cpu_seconds']:.1f}"
            others = [
                r.other_cpu_seconds for r in result.counted() if r.other_cpu_seconds is not None
            ]
            other = f"{statistics.median(others):.1f}" if others else "—"
            runs = f"{s['counted']} of {s['runs']}"
            if s["disturbed_runs_counted"]:
                runs += f" ({s['disturbed_runs_counted']} disturbed)"
            lines.append(
                f"| {rows / 1e6:g} M | {TOOL_LABELS[tool]} | {runs} "
                f"| {timing} | {spread} | {cpu} | {peak} "
                f"| {'—' if ratio is None else f'{ratio:.2f}'} | {other} |"
            )
    lines += ["", "| rows | target | figure | met |", "|---:|---|---:|---|"]
    for v in verdicts(results):
        met = "n/a" if v["met"] is None else ("yes" if v["met"] else "**no**")
        figure = "—" if v["figure"] is None else v["figure"]
        lines.append(f"| {v['rows'] / 1e6:g} M | {v['target']} | {figure} | {met} |")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------


def parse_sizes(text: str) -> list[int]:
    """``10000000,60000000`` or ``10M,60M``."""
    sizes = []
    for part in text.split(","):
        part = part.strip().upper()
        scale = 1_000_000 if part.endswith("M") else 1_000 if part.endswith("K") else 1
        sizes.append(int(float(part.rstrip("MK")) * scale))
    return sizes


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description="Time `clusterdev map` against a bare DuckDB LQ and a pandas version."
    )
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=parse_sizes("10000000,60000000"),
        metavar="N,N",
        help="register sizes in rows, e.g. 10000000,60000000 or 10M,60M (default)",
    )
    parser.add_argument("--repeat", type=int, default=5, help="runs per tool and size")
    parser.add_argument(
        "--pandas-repeat",
        type=int,
        metavar="N",
        help="runs of pandas at the largest size (default: --repeat)",
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        default=ROOT / "benchmarks" / "out",
        help="registers, outputs and results (default: benchmarks/out, git-ignored)",
    )
    parser.add_argument(
        "--tools", default=",".join(TOOLS), help=f"comma-separated, of: {', '.join(TOOLS)}"
    )
    parser.add_argument(
        "--seed", type=int, default=RegisterSpec.seed, help="of the synthetic registers"
    )
    parser.add_argument(
        "--memory-limit-gb", type=float, default=16.0, help="stop a run above this RSS"
    )
    parser.add_argument("--timeout", type=float, default=900.0, help="stop a run after (s)")
    parser.add_argument(
        "--quiet-cores",
        type=float,
        default=0.15,
        metavar="CORES",
        help="before each run, wait until other work uses at most this many cores",
    )
    parser.add_argument(
        "--quiet-patience",
        type=float,
        default=120.0,
        metavar="S",
        help="wait at most this long for quiet, then run anyway",
    )
    parser.add_argument(
        "--max-other-cores",
        type=float,
        default=0.2,
        metavar="CORES",
        help="a run during which other processes used more cores than this on average is "
        "disturbed: it is repeated, and counted only if too few clean runs can be had",
    )
    parser.add_argument(
        "--attempts",
        type=int,
        default=2,
        metavar="K",
        help="at most K × the wanted runs per tool and size (disturbed ones repeated)",
    )
    parser.add_argument(
        "--no-bytecode-cache",
        action="store_true",
        help="run the tools in this environment as it is, without a bytecode cache "
        "(see tool_environment)",
    )
    parser.add_argument(
        "--worker", nargs=3, metavar=("TOOL", "INPUT", "OUT"), help=argparse.SUPPRESS
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.worker is not None:
        tool, source, out = args.worker
        WORKERS[tool](Path(source), Path(out))
        return 0
    tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    unknown = sorted(set(tools) - set(TOOLS))
    if unknown or "clusterdev" not in tools:
        print(f"--tools: clusterdev and some of {', '.join(TOOLS)}", file=sys.stderr)
        return 2
    tools = [t for t in TOOLS if t in tools]
    workdir: Path = args.workdir.resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    began = datetime.now(UTC)
    machine = describe_machine(workdir)
    code = describe_code()
    print(
        f"{machine['cpu_model']}, {machine['cores']} cores, {machine['memory_gb']} GB; "
        f"Python {machine['python']}, DuckDB {machine['duckdb']}, pandas {machine['pandas']}"
    )

    print("Registers:")
    registers = {
        rows: ensure_register(RegisterSpec(rows, seed=args.seed), workdir) for rows in args.sizes
    }
    environment = tool_environment(workdir, bytecode_cache=not args.no_bytecode_cache)
    limits = {"memory_limit_bytes": int(args.memory_limit_gb * 1e9), "timeout": args.timeout}
    # Warm-up and smoke test: each tool twice on a tiny register (fills the bytecode cache,
    # fails early); the second run's time is the tool's start-up cost.
    tiny = ensure_register(RegisterSpec(WARMUP_ROWS, seed=args.seed), workdir)
    startup: dict[str, float | None] = {}
    for tool in tools:
        out = workdir / f"out-{tool}-{WARMUP_ROWS}.parquet"
        for _ in range(2):
            warm = measure(tool_command(tool, tiny, out), environment=environment, **limits)
            if warm.failure is not None:
                print(f"{TOOL_LABELS[tool]} fails on {tiny.name}: {warm.failure}", file=sys.stderr)
                return 1
        startup[tool] = warm.seconds
        print(f"  start-up ({WARMUP_ROWS:,} rows): {TOOL_LABELS[tool]} {warm.seconds:.2f} s")
    results: dict[int, dict[str, ToolResult]] = {}
    agreement: dict[int, dict[str, Any]] = {}
    largest = max(args.sizes)
    for rows, source in registers.items():
        print(f"{rows:,} rows ({source.stat().st_size / 1e6:,.0f} MB):", flush=True)
        warm_file_cache(source)
        wanted = {
            tool: args.pandas_repeat
            if tool == "pandas" and rows == largest and args.pandas_repeat
            else args.repeat
            for tool in tools
        }
        by_tool = {
            tool: ToolResult(tool, rows, wanted[tool], args.max_other_cores) for tool in tools
        }
        results[rows] = by_tool
        outputs = {tool: workdir / f"out-{tool}-{rows}.parquet" for tool in tools}
        # Round robin, until each tool has its clean runs or has used up its attempts.
        while any(r.needs_more(args.attempts * r.wanted) for r in by_tool.values()):
            for tool in tools:
                result = by_tool[tool]
                if not result.needs_more(args.attempts * result.wanted):
                    continue
                outputs[tool].unlink(missing_ok=True)
                waited = wait_until_quiet(
                    max_busy_cores=args.quiet_cores, patience=args.quiet_patience
                )
                run = measure(
                    tool_command(tool, source, outputs[tool]), environment=environment, **limits
                )
                run.waited_seconds = waited
                result.runs.append(run)
                if run.failure is not None:
                    shown = run.failure
                else:
                    shown = (
                        f"{run.seconds:.2f} s, {run.peak_mb:,.0f} MB, CPU {run.cpu_seconds:.1f} s,"
                        f" others' CPU {run.other_cpu_seconds:.1f} s"
                    )
                    if result.disturbed(run):
                        shown += " (disturbed)"
                if waited >= 1:
                    shown += f" (waited {waited:.0f} s for quiet)"
                print(f"  {TOOL_LABELS[tool]:<24} run {len(result.runs)}: {shown}", flush=True)
        done = {t: p for t, p in outputs.items() if by_tool[t].done and p.exists()}
        agreement[rows] = compare_outputs(done)
        print(f"  agreement: {json.dumps(agreement[rows])}", flush=True)

    table = markdown_table(results)
    print()
    print(table)
    report: dict[str, Any] = {
        "started": began.isoformat(timespec="seconds"),
        "finished": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine,
        "code": code,
        "method": {
            "repeat": args.repeat,
            "pandas_repeat_at_largest": wanted.get("pandas"),
            "order": "round robin over the tools, each run a fresh process",
            "file_cache": "warm: the input is read once before each size's runs",
            "bytecode_cache": "as the environment has it"
            if args.no_bytecode_cache
            else f"PYTHONPYCACHEPREFIX={workdir / 'pycache'}, filled by warm-up runs",
            "warm_up": f"each tool twice on a {WARMUP_ROWS:,}-row register, not counted",
            "wall_time": "time.perf_counter around the whole process",
            "peak_memory": machine["peak_memory_from"] + " maximum resident set size",
            "memory_limit_gb": args.memory_limit_gb,
            "timeout_s": args.timeout,
            "disturbed": f"runs during which other processes used more than "
            f"{args.max_other_cores} cores on average were repeated (at most {args.attempts} "
            "× the runs wanted) and counted only to make up the number",
            "quiet": f"before each run, waited (at most {args.quiet_patience:.0f} s) until "
            f"other processes used at most {args.quiet_cores} cores over 1 s",
        },
        "startup_seconds": {tool: _rounded(s, 3) for tool, s in startup.items()},
        "registers": {str(rows): describe_register(path) for rows, path in registers.items()},
        "results": {
            str(rows): {tool: r.summary() for tool, r in by_tool.items()}
            for rows, by_tool in results.items()
        },
        "agreement": {str(rows): found for rows, found in agreement.items()},
        "targets": verdicts(results),
    }
    report["code"]["changed_during_run"] = (
        describe_code()["mapping_sources_sha256"] != code["mapping_sources_sha256"]
    )
    (workdir / "results.json").write_text(json.dumps(report, indent=2) + "\n")
    (workdir / "results.md").write_text(table + "\n")
    print(f"\nFigures written to {workdir / 'results.json'} and {workdir / 'results.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
