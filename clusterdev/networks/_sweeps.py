"""Betweenness and closeness: the shortest-path sweeps, split over processes on large networks.

Both measures run a breadth-first search from every actor, which is most of the time the
measures take on thousands of actors. Betweenness sums over source actors
(Σ_s Σ_t σ_st(v)/σ_st) and closeness is one value per actor, so the actors can be dealt out
to worker processes — every ``workers``-th actor to each — and the parts added up: the same
values, up to the order of floating-point additions. igraph holds Python's global lock
while it computes, hence processes rather than threads. A share whose process cannot start
or fails is computed here instead.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from clusterdev.networks._network import Simple
from clusterdev.networks._types import Closeness, NetworkError

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

    import igraph
    import numpy as np
    import numpy.typing as npt

    FloatArray = npt.NDArray[np.float64]
    IntArray = npt.NDArray[np.int64]
    Task = tuple[int, bool, IntArray, IntArray, Closeness, int, int]
    Part = tuple[FloatArray, FloatArray]

__all__ = ["PARALLEL_WORK", "default_workers", "sweeps"]

# Actors × ties below which one process is quicker than starting others.
PARALLEL_WORK = 20_000_000
MAX_WORKERS = 8


def default_workers(graph: Simple) -> int:
    """The processes worth using: the usable cores (at most 8) on a large network, else 1."""
    if graph.n * max(graph.m, 1) < PARALLEL_WORK:
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_WORKERS))


def sweeps(
    directed_graph: igraph.Graph,
    graph: Simple,
    *,
    closeness: Closeness,
    workers: int | None = None,
) -> tuple[FloatArray, FloatArray]:
    """Raw betweenness of every actor, and igraph's closeness over outgoing paths: 1/Σd over
    the actors reached (``"wasserman_faust"``, NaN for an actor reaching nobody) or the
    harmonic closeness divided by n − 1 (``"harmonic"``)."""
    import multiprocessing

    import numpy as np

    if workers is None:
        workers = default_workers(graph)
    if workers < 1:
        raise NetworkError(f"workers must be 1 or more, not {workers}")
    if multiprocessing.current_process().daemon:
        workers = 1  # a daemonic process (a pool's worker) may not start processes
    workers = min(workers, max(graph.n, 1))
    tasks: list[Task] = [
        (graph.n, graph.directed, graph.source, graph.target, closeness, k, workers)
        for k in range(workers)
    ]
    if workers == 1:
        return _sweep(directed_graph, tasks[0])
    children = _start(tasks[1:])
    try:
        parts = [_sweep(directed_graph, tasks[0])]
        for task, child in zip(tasks[1:], children, strict=True):
            parts.append(_collect(child) or _sweep(directed_graph, task))
    finally:
        for child in children:
            if child is not None and child[0].is_alive():
                child[0].terminate()
    betweenness = np.sum([part[0] for part in parts], axis=0)
    values = np.empty(graph.n)
    for k, part in enumerate(parts):
        values[k::workers] = part[1]
    return betweenness, values


def _start(tasks: list[Task]) -> list[tuple[BaseProcess, Connection] | None]:
    """A process per task, each given its task as it starts: a pool would hand tasks over
    from a thread of this process, which cannot run while igraph holds the global lock."""
    import multiprocessing

    context = multiprocessing.get_context()
    children: list[tuple[BaseProcess, Connection] | None] = []
    for task in tasks:
        try:
            receiver, sender = context.Pipe(duplex=False)
            process = context.Process(target=_child, args=(task, sender), daemon=True)
            process.start()
        except OSError:  # no processes here: this one will do that share
            children.append(None)
            continue
        sender.close()
        children.append((process, receiver))
    return children


def _collect(child: tuple[BaseProcess, Connection] | None) -> Part | None:
    """A child's share, or ``None`` if it has none to give (it failed or was killed)."""
    if child is None:
        return None
    process, receiver = child
    try:
        part: Part | None = receiver.recv()
    except (EOFError, OSError):
        part = None
    finally:
        receiver.close()
    process.join()
    return part


def _child(task: Task, sender: Connection) -> None:
    """A worker process: computes its share and sends it, or ``None`` if it failed."""
    try:
        part: Part | None = _task(task)
    except Exception:
        part = None
    sender.send(part)
    sender.close()


def _task(task: Task) -> Part:
    """One worker's share, in a worker process: the graph is rebuilt from the arcs."""
    import igraph
    import numpy as np

    n, directed, source, target, _closeness, _k, _workers = task
    edges = np.column_stack([source, target]).tolist()
    return _sweep(igraph.Graph(n=n, edges=edges, directed=directed), task)


def _sweep(directed_graph: igraph.Graph, task: Task) -> Part:
    """Betweenness from, and closeness of, every ``workers``-th actor from the ``k``-th."""
    import numpy as np

    n, directed, _source, _target, closeness, k, workers = task
    mine = None if workers == 1 else range(k, n, workers)
    betweenness = directed_graph.betweenness(directed=directed, sources=mine)
    if closeness == "harmonic":
        values = directed_graph.harmonic_centrality(vertices=mine, mode="out", normalized=True)
    else:
        values = directed_graph.closeness(vertices=mine, mode="out", normalized=False)
    return np.asarray(betweenness, dtype=np.float64), np.asarray(values, dtype=np.float64)
