"""Where the chunks run: one `Engine` over a `concurrent.futures.Executor`.

- local (the default): worker processes of the standard library's `ProcessPoolExecutor` (fork: the workers start
  with the parent's loaded modules and spaCy pipeline), or this process alone for a small corpus (one worker);
- Dask (`--scheduler ADDRESS`, `[run] scheduler`): the same chunk steps on a `dask.distributed` cluster, through
  `Client.get_executor()`, the same `Executor` interface. Its workers read and write the run's store by path: they
  must share the filesystem of the process that runs the audit (one machine, or a shared folder).

Every argument a task needs travels with it (pickled by the executor); nothing is handed over in module globals.
A corpus job (`Engine.submit`: duplication's corpus stages) runs locally in a job process started with the
engine, at the start of the run while this process is still small (its memory is its own, not a copy of the
pages' results gathered since), one process per job so that independent jobs run side by side, or on a Dask worker.
"""
from __future__ import annotations

import os
import threading
import time
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from multiprocessing import get_context
from typing import Any, Callable, Iterable

WATCHDOG_SECONDS = 0.5


class SchedulerError(Exception):
    """The Dask scheduler given (`--scheduler`, `[run] scheduler`) cannot be reached."""


def exit_with_parent(parent: int) -> None:
    """Start a daemon thread in this (child) process that ends the process once its parent `parent` (the process id
    of the process that forked it, taken there before the fork) is gone: the parent process id changes when the
    parent dies (re-parented to init or a subreaper, in any PID namespace). The local workers' initializer
    (`initargs=(os.getpid(),)`): a worker never outlives the audit that started it. The id is taken before the fork,
    not here: a parent killed between the fork and this call would otherwise be seen as init, and the worker would
    wait for work forever."""

    def watch() -> None:
        while True:
            if os.getppid() != parent:
                os._exit(1)  # the parent is gone: nobody will read the results; exit without cleanup handlers
            time.sleep(WATCHDOG_SECONDS)

    threading.Thread(target=watch, name="audit-parent-watchdog", daemon=True).start()


def local_workers(n_items: int, settings: Any) -> int:
    if settings.run.workers:
        return max(1, settings.run.workers)
    if n_items < settings.run.parallel_min_pages:
        return 1
    return max(1, min(os.cpu_count() or 1, 8))


class _Inline(Executor):
    """This process: each task runs when submitted (one worker: no process to start, nothing to pickle)."""

    def submit(self, fn: Callable, /, *args: Any, **kwargs: Any) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # noqa: BLE001 - re-raised by future.result()
            future.set_exception(exc)
        return future


class Engine:
    """Runs a stage's chunks on the executor, in order, reporting progress; submits corpus jobs."""

    def __init__(self, settings: Any, n_items: int, jobs: int = 1):
        self.scheduler = settings.run.scheduler
        self.client: Any = None
        self.jobs: ProcessPoolExecutor | None = None
        if self.scheduler:
            from distributed import Client

            try:
                self.client = Client(self.scheduler, set_as_default=False)
            except (OSError, ValueError) as exc:  # refused, timed out, or not an address
                raise SchedulerError(f"cannot reach the Dask scheduler {self.scheduler}: {exc}") from None
            self.workers = max(1, sum(self.client.nthreads().values()))
        else:
            self.workers = local_workers(n_items, settings)
        if self.local_processes and jobs:  # the corpus jobs' processes (`jobs`: as many as the run's corpus jobs),
            # forked now: a fork pool starts all its processes on the first task
            self.jobs = ProcessPoolExecutor(jobs, mp_context=get_context("fork"), initializer=exit_with_parent,
                                          initargs=(os.getpid(),))
            self.jobs.submit(int).result()

    @property
    def local_processes(self) -> bool:
        """True when the chunks run in forked local workers (which inherit what this process loaded first)."""
        return self.client is None and self.workers > 1

    def _executor(self, n_tasks: int) -> Executor:
        if self.client is not None:
            return self.client.get_executor(pure=False)
        if self.workers == 1 or n_tasks == 1:
            return _Inline()
        return ProcessPoolExecutor(min(self.workers, n_tasks), mp_context=get_context("fork"),
                                   initializer=exit_with_parent, initargs=(os.getpid(),))

    def map(self, fn: Callable, args: list[tuple], progress: Callable[[int], None] | None, sizes: list[int],
            started: Callable[[], None] | None = None, order: list[int] | None = None) -> list:
        """`[fn(*a) for a in args]` on the executor, results in order; `progress(sizes[k])` as task k is done;
        `started()` once the local workers exist (forked), e.g. to start a thread in this process safely.
        `order`: the tasks' indexes in the order they are handed to the workers (e.g. the longest first, so that no
        worker is left alone with a long last task); the results are still those of `args`, in its order."""
        order = list(range(len(args))) if order is None else list(order)
        if sorted(order) != list(range(len(args))):
            raise ValueError("Engine.map: order must list every task once")
        out: list = [None] * len(args)
        with self._executor(len(args)) as ex:
            futures = [ex.submit(fn, *args[k]) for k in order]  # (a fork pool starts its workers here)
            if started:
                started()
            for n, k in enumerate(order):
                out[k] = futures[n].result()
                futures[n] = None  # (the result is ours now: the executor keeps no second reference)
                if progress:
                    progress(sizes[k])
        return out

    def submit(self, fn: Callable, *args: Any) -> Future:
        """One corpus job: in one of the engine's job processes when the run uses local worker processes (jobs
        submitted together run side by side, up to `jobs` of them), on a Dask worker with a scheduler, else here."""
        if self.client is not None:
            return self.client.submit(fn, *args, pure=False)
        if self.jobs is not None:
            return self.jobs.submit(fn, *args)
        return _Inline().submit(fn, *args)

    def close(self) -> None:
        if self.jobs is not None:
            self.jobs.shutdown()
            self.jobs = None
        if self.client is not None:
            self.client.close()
            self.client = None

    def __enter__(self) -> "Engine":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
