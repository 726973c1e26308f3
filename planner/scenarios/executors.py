"""Where the solves of a comparison run: a process pool here, or a Dask cluster.

No task queue of our own: `local_pool` is a `concurrent.futures.ProcessPoolExecutor` and
`dask_client` a ``dask.distributed.Client``; `planner.scenarios.compare` submits to either.
`threads_and_jobs` splits this machine's cores between parallel solves and solver threads.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any

DEFAULT_THREADS = 2
"""Solver threads per solve unless told: CP-SAT's full-LP subsolver (`max_lp`) runs only beside
another."""


def cores() -> int:
    """Cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def threads_and_jobs(
    scenarios: int, jobs: int | None, workers: int | None, available: int | None = None
) -> tuple[int, int]:
    """Parallel solves and solver threads per solve, so that jobs x workers fits the cores.

    Parameters
    ----------
    scenarios
        Solves to run (the base included).
    jobs, workers
        What the user asked for (None: choose; ``workers`` 0: every core for each solve).
    available
        Cores (this machine's when None).

    Returns
    -------
    tuple[int, int]
        ``(jobs, workers)``. By default each solve gets `DEFAULT_THREADS` threads (the
        subsolver that proves the bundled example optimal runs only beside another; on one
        thread its solve ran to the limit and ended worse, see the README) and as many solves
        run at once as the cores allow, at most one per scenario. Given ``jobs`` alone, each
        solve gets the cores left over, at least one thread.
    """
    total = cores() if available is None else available
    if workers == 0:
        return (jobs or 1), 0
    if workers is None:
        workers = min(DEFAULT_THREADS, total) if jobs is None else max(1, total // jobs)
    if jobs is None:
        jobs = max(1, min(scenarios, total // workers))
    return jobs, workers


@contextmanager
def local_pool(jobs: int) -> Iterator[ProcessPoolExecutor]:
    """A pool of ``jobs`` fresh processes (spawned: a forked solver's threads could hang)."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        yield pool


class DaskMissing(RuntimeError):
    """``--scheduler`` was given but dask.distributed is not installed."""


@contextmanager
def dask_client(address: str, timeout: float = 30.0) -> Iterator[Any]:
    """A ``dask.distributed.Client`` connected to the scheduler at ``address``.

    Raises
    ------
    DaskMissing
        When the ``dask`` extra is not installed.
    OSError
        When the scheduler cannot be reached within ``timeout`` seconds.
    """
    try:
        import distributed
    except ImportError as exc:
        raise DaskMissing(
            "--scheduler needs dask.distributed: pip install 'planner[dask]' (or "
            "pip install -e '.[dask]' in a clone)"
        ) from exc
    factory: Any = distributed.Client  # untyped library
    client = factory(address, timeout=f"{timeout}s")
    try:
        yield client
    finally:
        client.close()
