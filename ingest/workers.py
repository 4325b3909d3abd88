"""Extracting report files: one at a time, in a thread beside the caller, or in worker processes.

In: report files (paths), the size limit and the lexicons (`RegionIndex`, `Catalog`). Out: for
each file, in the order given, an `ExtractedFile` (the pipeline's `ExtractedReport` and where
its pages start in the stored text) or a `FailedFile` naming the file and what is wrong. Nothing
here touches the database: the loader stores what comes out, in its own process, one report per
transaction, so a batch extracted by several processes is stored exactly as one extracted by
one.

Refuses: a missing path, a name without a report suffix, anything that is not a regular file
(a folder, a named pipe, a device), a file over the limit and bytes the reader cannot read. A bug
in the pipeline costs its file, not the batch: its traceback comes back with the failure.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import multiprocessing
import os
import signal
import stat
import sys
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.reduction import ForkingPickler
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.records import ExtractedReport, ReportError

if TYPE_CHECKING:
    from ingest.indicators import Catalog
    from ingest.regions import RegionIndex

# .doc is accepted only to be refused with the advice to save it as .docx.
REPORT_SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf", ".docx", ".doc")


@dataclass(frozen=True)
class ExtractedFile:
    report: ExtractedReport
    page_starts: tuple[int, ...]


@dataclass(frozen=True)
class FailedFile:
    filename: str
    error: str
    # The pipeline's traceback when the failure is a bug rather than a bad file.
    details: str | None = None


def too_large(limit: int) -> str:
    megabytes = limit / (1024 * 1024)
    size = f"{megabytes:g} MB" if megabytes >= 1 else f"{limit} bytes"
    return f"the file is larger than the limit of {size}"


class Refused(Exception):
    pass


_FILE_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def read_regular_file(path: Path, limit: int) -> bytes:
    # Opened without blocking and checked on the open descriptor: opening a named pipe would
    # otherwise wait for a writer forever, and a device (a link to /dev/zero) never ends.
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            kind = next((what for test, what in _FILE_KINDS if test(mode)), "not a file")
            raise Refused(f"not a regular file ({kind}); only regular files are read")
        os.set_blocking(descriptor, True)
        with os.fdopen(descriptor, "rb", closefd=False) as handle:
            raw = handle.read(limit + 1)
    finally:
        os.close(descriptor)
    if len(raw) > limit:
        raise Refused(too_large(limit))
    return raw


def extract_bytes(
    raw: bytes, filename: str, *, limit: int, regions: RegionIndex, catalog: Catalog
) -> ExtractedFile | FailedFile:
    if len(raw) > limit:
        return FailedFile(filename, f"{filename}: {too_large(limit)}")
    # Imported on first use: the pipeline loads libraries (trafilatura, OpenCC) that take a few
    # tenths of a second, which pages and commands that only name the suffixes need not pay.
    from ingest import pages, pipeline, read

    try:
        document = read.read_report(raw, filename)
        extracted = pipeline.extract_document(document, filename, regions=regions, catalog=catalog)
        starts = pages.page_starts(document.text, document.pages, extracted.text)
    except ReportError as error:
        return FailedFile(filename, str(error))
    except Exception as error:  # a bug must cost one file, not the batch
        return _bug(filename, error)
    return ExtractedFile(extracted, starts)


def _bug(filename: str, error: Exception) -> FailedFile:
    """Called in an exception handler: the failure with its traceback."""
    return FailedFile(
        filename, f"{filename}: extraction failed ({error!r})", traceback.format_exc()
    )


def extract_file(
    path: Path, *, limit: int, regions: RegionIndex, catalog: Catalog
) -> ExtractedFile | FailedFile:
    name = path.name
    try:
        exists = path.exists()
    except OSError as error:  # a name too long for the file system, say
        return FailedFile(name, f"{name}: cannot be read ({error.strerror})")
    if not exists:
        return FailedFile(name, f"{path}: no such file or folder")
    if path.suffix.lower() not in REPORT_SUFFIXES:
        expected = ", ".join(REPORT_SUFFIXES)
        return FailedFile(name, f"{name}: not a report file (expected {expected})")
    try:
        raw = read_regular_file(path, limit)
    except Refused as refusal:
        return FailedFile(name, f"{name}: {refusal}")
    except OSError as error:
        return FailedFile(name, f"{name}: cannot be read ({error.strerror})")
    return extract_bytes(raw, name, limit=limit, regions=regions, catalog=catalog)


# -- worker processes ----------------------------------------------------------------------------

_worker_lexicons: tuple[int, RegionIndex, Catalog] | None = None


def _start_worker(limit: int, regions: RegionIndex, catalog: Catalog) -> None:
    global _worker_lexicons
    _worker_lexicons = (limit, regions, catalog)


def extract_in_worker(path: Path) -> ExtractedFile | FailedFile:
    assert _worker_lexicons is not None, "the pool starts its workers with the lexicons"
    limit, regions, catalog = _worker_lexicons
    return extract_file(path, limit=limit, regions=regions, catalog=catalog)


def _context():
    # A fork server starts each worker from a clean process that has imported the pipeline
    # once; forking the caller instead would copy its database connection and its threads.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if "forkserver" in methods:
        context.set_forkserver_preload(["ingest.pipeline", "ingest.workers"])
    return context


def extract_files(
    paths: Iterable[Path],
    *,
    limit: int,
    regions: RegionIndex,
    catalog: Catalog,
    workers: int = 0,
    task: Callable[[Path], ExtractedFile | FailedFile] | None = None,
    also_here: bool = True,
) -> Iterator[ExtractedFile | FailedFile]:
    """Each file's extraction, in the order of `paths`, made while the caller consumes the results
    (stores them, say): by a thread of this process when `workers` is 0, else by that many worker
    processes, and by this process itself whenever the workers have no result ready for it
    (`also_here`): until they have started, when they fall behind, and when they cannot start.
    At most a few files per worker are read ahead, so memory stays flat however many there are.
    `task` is what a worker runs for each file (a picklable callable; a test gives one that
    kills its worker, with nothing extracted here, so that the workers get every file)."""
    here = functools.partial(extract_file, limit=limit, regions=regions, catalog=catalog)
    if workers <= 0:
        yield from _extract_beside(paths, here)
        return
    remaining = iter(paths)
    lexicons = (limit, regions, catalog)
    task = task or extract_in_worker
    here_too = here if also_here else None
    while True:
        pending = yield from _extract_in_pool(remaining, lexicons, workers, task, here_too)
        if not pending:
            return
        # A worker died (a file crashed a library, or memory ran out) and the pool with it: the
        # results in hand are kept, and each file still without one is tried again alone, so only
        # the one that kills a worker fails; the rest of the batch goes on in a new pool.
        for path, result in pending:
            yield result if result is not None else _extract_alone(path, lexicons, task, here_too)


def _extract_beside(paths: Iterable[Path], extract):
    """One thread extracts the next files while the caller stores this one, so the database's
    time is spent beside the pipeline's. The pipeline holds the interpreter lock, so more
    threads would not go faster (worker processes do), and the caller must get the lock back
    as soon as the database answers: at Python's 5 ms switch interval, as long as storing a
    report takes, the overlap was lost (0.5 ms: batches 10–25% faster)."""
    switch = sys.getswitchinterval()
    sys.setswitchinterval(_SWITCH_INTERVAL)
    try:
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="extract") as executor:
            ahead: deque = deque()
            try:
                submit = functools.partial(executor.submit, extract)
                yield from _in_order(paths, submit, _THREAD_AHEAD, ahead)
            finally:
                _cancel(ahead)
    finally:
        sys.setswitchinterval(switch)


# Files extracted ahead of the caller: by the thread, and per worker process.
_THREAD_AHEAD = 2
# Seconds a thread may keep the interpreter lock while another waits (Python's default 0.005).
_SWITCH_INTERVAL = 0.0005
_PROCESS_AHEAD = 4


def _in_order(paths: Iterable[Path], submit, depth: int, ahead: deque, here=None):
    """submit(path) for each path ahead of the caller (a future of its result), the results in the
    order of `paths`; at most `depth` submitted wait. `ahead` holds the [path, future, submitted]
    entries not yet handed back (a path whose submission was refused has no future), for the
    caller to see after a failure.

    With `here`, when the next result is not ready and files remain, this process runs
    here(path) on the next file itself instead of waiting: on 2 cores the storing process and
    PostgreSQL together take less time per report than the worker's extraction, and the worker
    is the one to wait for. Batches with one worker went 10% faster (six runs of each, in turns).
    At most `depth` results made here wait besides."""
    paths = iter(paths)
    submitted = 0
    exhausted = False
    while True:
        while submitted < depth and not exhausted:
            path = next(paths, None)
            if path is None:
                exhausted = True
                break
            ahead.append([path, None, True])
            ahead[-1][1] = submit(path)
            submitted += 1
        if not ahead:
            return
        head = ahead[0]
        future = head[1]
        if here is not None and not exhausted and not future.done() and len(ahead) < 2 * depth:
            path = next(paths, None)
            if path is None:
                exhausted = True
            else:
                ahead.append([path, _done(here(path)), False])
            continue
        yield future.result()
        ahead.popleft()
        submitted -= head[2]


def _done(result) -> Future:
    future: Future = Future()
    future.set_result(result)
    return future


def _cancel(ahead: deque) -> None:
    for _, future, _ in ahead:
        if future is not None:
            future.cancel()


class _WorkerDied(Exception):
    """A worker process ended without answering (a file crashed it, or it was killed), or the
    workers did not start."""


def _serve(connection, task, lexicons) -> None:
    """A worker process, started with its task and the lexicons: it says that it is ready, then
    sends the result of task(path) for each path it receives, until it receives None or the
    storing process is gone. An exception of the task, or a result that cannot be sent, comes
    back as the file's failure with its traceback, as a bug in the pipeline does."""
    # Ctrl-C in a terminal reaches every process of the command: the storing process stops the
    # workers itself, and a worker's own traceback would only bury the command's message.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _start_worker(*lexicons)
    try:
        connection.send(None)
        while (path := connection.recv()) is not None:
            try:
                message = ForkingPickler.dumps(task(path))
            except Exception as error:  # a bug must cost one file, not the worker
                message = ForkingPickler.dumps(_bug(path.name, error))
            connection.send_bytes(message)
    except (EOFError, OSError):
        return


class _Owed:
    """A result a worker owes. A worker answers in the order it was asked, so waiting for one
    result reads (and keeps) those asked for before it."""

    __slots__ = ("_result", "_worker", "ready")

    def __init__(self, worker: _Worker):
        self._worker = worker
        self.ready = False
        self._result = None

    def answer(self, result) -> None:
        self._result, self.ready = result, True

    def done(self) -> bool:
        while not self.ready and self._worker.has_answer():
            self._worker.receive()
        return self.ready

    def result(self):
        while not self.ready:
            self._worker.receive()
        return self._result


class _Worker:
    """One worker process and the pipe to it: paths go one way, results come back in order."""

    def __init__(self, context, task, lexicons):
        self.connection, theirs = context.Pipe()
        self.process = context.Process(
            target=_serve, args=(theirs, task, lexicons), name="extract-worker", daemon=True
        )
        self._theirs = theirs
        self.owed: deque[_Owed] = deque()

    def start(self) -> None:
        try:
            self.process.start()
        except BrokenPipeError as error:
            # It died while it read what it starts with (its task, the lexicons).
            raise _WorkerDied from error
        # While this process held the worker's end of the pipe open too, a dead worker's pipe would
        # never read as ended.
        self._theirs.close()

    def wait_until_ready(self) -> None:
        self._receive()

    def ask(self, path: Path) -> _Owed:
        try:
            self.connection.send(path)
        except OSError as error:
            raise _WorkerDied from error
        owed = _Owed(self)
        self.owed.append(owed)
        return owed

    def has_answer(self) -> bool:
        # A pipe whose worker died has its end to read, which receive() turns into _WorkerDied.
        return self.connection.poll()

    def receive(self) -> None:
        # Taken off only once it has come: interrupted while it waited, the pool still sees the
        # result owed, and stops the worker instead of waiting for it.
        result = self._receive()
        self.owed.popleft().answer(result)

    def _receive(self):
        try:
            return self.connection.recv()
        except (EOFError, OSError) as error:
            raise _WorkerDied from error

    def stop(self, *, idle: bool) -> None:
        if self.process.pid is not None:
            if idle:
                with contextlib.suppress(OSError):
                    self.connection.send(None)
            else:
                self.process.terminate()
            self.process.join()
        self.connection.close()
        self._theirs.close()


class _Pool:
    """Worker processes on plain pipes, each sent a few files ahead (the next to the one owing
    the fewest results) and read only when this process needs a result. A
    ProcessPoolExecutor hands each file and each result through threads of this process, which
    took the interpreter lock from the storing and the extraction done here: without them
    batches with one worker went 4–12% faster (medians of fifteen and twelve pairs of runs made
    in turns) and the idle share of 2 cores fell from 4–11% to 1–3%."""

    def __init__(self, lexicons, count: int, task):
        context = _context()
        self._workers = [_Worker(context, task, lexicons) for _ in range(count)]
        self._started = False
        self._failed = False

    def __enter__(self) -> _Pool:
        return self

    def __exit__(self, exc_type, *exc_info) -> None:
        # Told to stop when nothing is owed; else (a worker died, the caller stopped early or
        # was interrupted) stopped where they are, since nobody will read what they make.
        idle = exc_type is None and not any(worker.owed for worker in self._workers)
        for worker in self._workers:
            worker.stop(idle=idle)

    def start(self) -> None:
        """Returns once every worker has its lexicons: a first start launches the fork server,
        which imports the pipeline, a few tenths of a second."""
        try:
            for worker in self._workers:
                worker.start()
            for worker in self._workers:
                worker.wait_until_ready()
        except BaseException:
            self._failed = True
            raise
        self._started = True

    def submit(self, path: Path) -> _Owed:
        """Starts the workers first if nobody has; a pool whose start failed refuses the file,
        which keeps it for the caller to try again."""
        if not self._started:
            if self._failed:
                raise _WorkerDied("the worker processes did not start")
            self.start()
        return min(self._workers, key=lambda worker: len(worker.owed)).ask(path)


def _extract_in_pool(paths: Iterator[Path], lexicons, workers: int, task, here):
    """Yields results in order; when a worker died, returns the files taken from `paths` and not
    yet yielded, each with its result if it is in hand (made here, or received from a worker)
    and None if not (one whose submission was refused among them). `here` extracts a file in
    this process (None: the workers get every file)."""
    ahead: deque = deque()
    with _Pool(lexicons, workers, task) as pool:
        try:
            if here is not None:
                first = yield from _while_starting(paths, pool, here)
                if first is None:
                    return []
                paths = itertools.chain([first], paths)
            depth = _PROCESS_AHEAD * workers
            yield from _in_order(paths, pool.submit, depth, ahead, here)
        except _WorkerDied:
            return [(path, _in_hand(future)) for path, future, _ in ahead]
    return []


def _in_hand(future):
    """The result if this process has it, without reading from a worker (which may be dead)."""
    if isinstance(future, _Owed):
        return future.result() if future.ready else None
    return future.result() if future is not None and future.done() else None


def _while_starting(paths: Iterator[Path], pool: _Pool, here):
    """The first files, extracted here, in order, until the workers have started: a worker imports
    the pipeline and receives the lexicons first, a few tenths of a second in which it extracts
    nothing. Returns the first path left for the workers (None when there is none)."""
    first = next(paths, None)
    if first is None:
        return None
    # Starting blocks until the workers are up, so a thread of its own does it.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="extract-start") as starter:
        started = starter.submit(pool.start)
        for path in itertools.chain([first], paths):
            if started.done():
                return path
            yield here(path)
    return None


def _extract_alone(path: Path, lexicons, task, here) -> ExtractedFile | FailedFile:
    """The file extracted by a worker of its own; here (when `here` is given) if that worker
    cannot start, since that says nothing about the file."""
    with _Pool(lexicons, 1, task) as pool:
        try:
            pool.start()
        except _WorkerDied:
            if here is not None:
                return here(path)
            return FailedFile(
                path.name,
                f"{path.name}: not read: the process that reads reports stopped while it started "
                "(out of memory?)",
            )
        try:
            return pool.submit(path).result()
        except _WorkerDied:
            return FailedFile(
                path.name,
                f"{path.name}: reading it stopped the process that read it "
                "(the file may be damaged)",
            )
