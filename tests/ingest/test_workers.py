"""Reading and extracting report files in worker processes gives what one process gives."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from pathlib import Path

import pytest

from ingest import workers
from ingest.workers import ExtractedFile, FailedFile, extract_files
from tests.ingest.helpers import SEEDS

LIMIT = 1024 * 1024


def batch(folder: Path) -> list[Path]:
    """The seeds twice over (the second copy of each with a line of its own), and three files
    that fail for three different reasons."""
    files = []
    for copy in range(2):
        for seed in SEEDS:
            path = folder / f"{copy}_{seed.name}"
            path.write_text(seed.read_text(encoding="utf-8") + f"\n第{copy}份\n", encoding="utf-8")
            files.append(path)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "table.xls").write_bytes(b"not a report")
    files[3:3] = [folder / "empty.txt", folder / "table.xls", folder / "missing.txt"]
    return files


def test_worker_processes_give_the_same_results_in_the_same_order_as_one_process(
    tmp_path, regions, catalog
):
    files = batch(tmp_path)
    alone = list(extract_files(files, limit=LIMIT, regions=regions, catalog=catalog))
    # Nothing extracted here: the workers make every result.
    by_workers = in_workers(files, regions, catalog, workers.extract_in_worker)
    assert by_workers == alone
    extracted = [result.report for result in by_workers if isinstance(result, ExtractedFile)]
    assert [report.filename for report in extracted] == [p.name for p in files if p.name[0] in "01"]
    assert all(report.observations for report in extracted)
    failed = {r.filename: r.error for r in by_workers if isinstance(r, FailedFile)}
    assert set(failed) == {"empty.txt", "table.xls", "missing.txt"}
    assert "not a report file" in failed["table.xls"]
    assert "no such file" in failed["missing.txt"]


def test_a_caller_that_stops_early_leaves_no_extraction_running(tmp_path, regions, catalog):
    switch = sys.getswitchinterval()
    results = extract_files(batch(tmp_path), limit=LIMIT, regions=regions, catalog=catalog)
    first = next(results)
    assert isinstance(first, ExtractedFile)
    results.close()
    assert not [thread for thread in threading.enumerate() if thread.name.startswith("extract")]
    # The interpreter switches threads as it did before.
    assert sys.getswitchinterval() == switch


def pooled(paths, regions, catalog, task, *, workers_count, also_here):
    return extract_files(
        paths,
        limit=LIMIT,
        regions=regions,
        catalog=catalog,
        workers=workers_count,
        task=task,
        also_here=also_here,
    )


def slow_extract_in_worker(path: Path):
    """Run in a worker: still extracting when the caller stops."""
    time.sleep(0.5)
    return workers.extract_in_worker(path)


def in_slow_workers(paths, regions, catalog, *, workers_count, also_here):
    """The files, each taking a worker half a second."""
    return pooled(
        paths,
        regions,
        catalog,
        slow_extract_in_worker,
        workers_count=workers_count,
        also_here=also_here,
    )


@pytest.mark.parametrize("also_here", [False, True])
def test_a_caller_that_stops_early_leaves_no_worker_process_running(
    tmp_path, regions, catalog, also_here
):
    results = in_slow_workers(
        batch(tmp_path), regions, catalog, workers_count=2, also_here=also_here
    )
    assert isinstance(next(results), ExtractedFile)
    results.close()
    assert multiprocessing.active_children() == []
    assert not [thread for thread in threading.enumerate() if thread.name.startswith("extract")]


def test_a_caller_that_stops_early_stops_the_workers_where_they_are(tmp_path, regions, catalog):
    results = in_slow_workers(batch(tmp_path), regions, catalog, workers_count=2, also_here=False)
    assert isinstance(next(results), ExtractedFile)
    started = multiprocessing.active_children()
    results.close()
    # Not left to finish files nobody will read.
    assert [worker.exitcode for worker in started] == [-signal.SIGTERM] * 2


def test_the_worker_processes_end_with_the_batch(tmp_path, regions, catalog):
    files = batch(tmp_path)
    results = extract_files(files, limit=LIMIT, regions=regions, catalog=catalog, workers=2)
    assert len(list(results)) == len(files)
    assert multiprocessing.active_children() == []


def test_an_interrupt_reaching_a_worker_leaves_it_to_finish_the_batch(tmp_path, regions, catalog):
    # Ctrl-C in a terminal reaches the workers too; only the storing process acts on it.
    files = batch(tmp_path)
    results = in_slow_workers(files, regions, catalog, workers_count=1, also_here=False)
    got = [next(results)]
    (worker,) = multiprocessing.active_children()
    os.kill(worker.pid, signal.SIGINT)
    time.sleep(0.3)
    assert worker.is_alive()
    got += list(results)
    assert [name_of(result) for result in got] == [path.name for path in files]
    assert worker.exitcode == 0


class Interrupted(Exception):
    pass


def interrupt(signum, frame):
    raise Interrupted


def test_an_interrupted_caller_stops_the_worker_it_was_waiting_for(tmp_path, regions, catalog):
    # The second file is the last result owed: the pool must still see it as owed.
    results = in_slow_workers(
        batch(tmp_path)[:2], regions, catalog, workers_count=1, also_here=False
    )
    assert isinstance(next(results), ExtractedFile)
    (worker,) = multiprocessing.active_children()
    previous = signal.signal(signal.SIGALRM, interrupt)
    try:
        # Ctrl-C, while this process waits for the next result.
        signal.setitimer(signal.ITIMER_REAL, 0.2)
        with pytest.raises(Interrupted):
            list(results)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert multiprocessing.active_children() == []
    assert worker.exitcode == -signal.SIGTERM


def die_on_poison(path: Path):
    """Run in a worker: dies as a library crashing on a damaged file would."""
    if path.name.startswith("poison"):
        os._exit(1)
    return workers.extract_in_worker(path)


def in_workers(paths, regions, catalog, task, *, workers_count=2, also_here=False) -> list:
    return list(
        pooled(paths, regions, catalog, task, workers_count=workers_count, also_here=also_here)
    )


def name_of(result) -> str:
    return result.filename if isinstance(result, FailedFile) else result.report.filename


def offered(first, then, *, pause: float):
    """The paths `first`, then after `pause` seconds the paths `then`: as a caller that lists
    files slower than they are read."""
    yield from first
    time.sleep(pause)
    yield from then


def poisoned(folder: Path, text: str = "x") -> Path:
    """A file that the tasks below treat as one that kills or fails its worker."""
    poison = folder / "poison.txt"
    poison.write_text(text, encoding="utf-8")
    return poison


def test_a_file_that_kills_its_worker_fails_alone_and_the_batch_goes_on(tmp_path, regions, catalog):
    poison = poisoned(tmp_path, SEEDS[0].read_text(encoding="utf-8"))
    files = [*batch(tmp_path)[:3], poison, *batch(tmp_path)[6:]]
    results = in_workers(files, regions, catalog, die_on_poison)
    assert [name_of(result) for result in results] == [path.name for path in files]
    killed = results[3]
    assert isinstance(killed, FailedFile)
    assert "stopped the process" in killed.error
    assert all(isinstance(result, ExtractedFile) for result in results[:3] + results[4:])


def test_a_file_offered_after_a_worker_died_is_not_lost(tmp_path, regions, catalog):
    poison = poisoned(tmp_path, SEEDS[0].read_text(encoding="utf-8"))
    later = batch(tmp_path)[6:8]
    # The pool learns that its worker died before the next file is offered to it.
    slowly = offered([poison], later, pause=1.5)
    results = in_workers(slowly, regions, catalog, die_on_poison)
    assert [name_of(result) for result in results] == [
        poison.name,
        *(path.name for path in later),
    ]
    assert all(isinstance(result, ExtractedFile) for result in results[1:])


class DiesWhileStarting:
    """A task whose worker dies before it is ready, as one that runs out of memory while it loads
    the lexicons would: a worker unpickles its task when it starts."""

    def __reduce__(self):
        return (os._exit, (1,))


def test_workers_that_die_while_starting_lose_no_file(tmp_path, regions, catalog):
    files = batch(tmp_path)[:3]
    results = in_workers(files, regions, catalog, DiesWhileStarting(), workers_count=1)
    assert [name_of(result) for result in results] == [path.name for path in files]
    assert all("stopped while it started" in result.error for result in results)


def test_when_workers_cannot_start_this_process_extracts_every_file(tmp_path, regions, catalog):
    files = batch(tmp_path)
    results = in_workers(files, regions, catalog, DiesWhileStarting(), also_here=True)
    assert results == list(extract_files(files, limit=LIMIT, regions=regions, catalog=catalog))


def raise_on_poison(path: Path):
    """Run in a worker: a bug outside the pipeline's own guard."""
    if path.name.startswith("poison"):
        raise ValueError("a bug")
    return workers.extract_in_worker(path)


def test_a_task_that_raises_fails_its_file_with_the_traceback(tmp_path, regions, catalog):
    poison = poisoned(tmp_path)
    files = [poison, *batch(tmp_path)[:2]]
    results = in_workers(files, regions, catalog, raise_on_poison, workers_count=1)
    assert results[0].error == "poison.txt: extraction failed (ValueError('a bug'))"
    assert "raise_on_poison" in results[0].details
    assert all(isinstance(result, ExtractedFile) for result in results[1:])


def slowly_die_on_poison(path: Path):
    """Run in a worker: dies after a second on a poisoned file; says which process made the
    others."""
    if path.name.startswith("poison"):
        time.sleep(1)
        os._exit(1)
    return mark_as_the_workers(path)


def test_results_in_hand_when_a_worker_dies_are_not_made_again(tmp_path, regions, catalog):
    poison = poisoned(tmp_path)
    files = [*batch(tmp_path)[:3], *batch(tmp_path)[6:13]]
    # The first file is extracted here while the worker starts; the rest come once it is up.
    started_first = offered(files[:1], [poison, *files[1:]], pause=2)
    results = in_workers(
        started_first, regions, catalog, slowly_die_on_poison, workers_count=1, also_here=True
    )
    assert [name_of(result) for result in results] == [files[0].name, poison.name] + [
        path.name for path in files[1:]
    ]
    assert "stopped the process" in results[1].error
    # The worker had the poison and the three files after it; this process extracted the next
    # four meanwhile, and those are kept when the worker dies.
    assert [result.error for result in results[2:5]] == ["extracted by a worker"] * 3
    assert all(isinstance(result, ExtractedFile) for result in results[5:9])


@pytest.mark.parametrize("workers_count", [0, 2])
def test_a_name_too_long_for_the_file_system_fails_that_file_alone(
    tmp_path, regions, catalog, workers_count
):
    long_name = tmp_path / ("报告" * 150 + ".txt")
    files = [long_name, *batch(tmp_path)[:2]]
    results = list(
        extract_files(files, limit=LIMIT, regions=regions, catalog=catalog, workers=workers_count)
    )
    assert results[0].error == f"{long_name.name}: cannot be read (File name too long)"
    assert all(isinstance(result, ExtractedFile) for result in results[1:])


@pytest.mark.parametrize("workers_count", [0, 2])
def test_a_file_over_the_limit_is_refused_with_the_limit(tmp_path, regions, catalog, workers_count):
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * (LIMIT + 1))
    (result,) = extract_files(
        [big], limit=LIMIT, regions=regions, catalog=catalog, workers=workers_count
    )
    assert isinstance(result, FailedFile)
    assert result.error == "big.txt: the file is larger than the limit of 1 MB"


def mark_as_the_workers(path: Path):
    """Run in a worker: a result that says which process made it."""
    return FailedFile(path.name, "extracted by a worker")


def test_the_first_files_are_extracted_here_while_the_worker_starts(tmp_path, regions, catalog):
    first, last = batch(tmp_path)[:2], batch(tmp_path)[6]
    # Long enough for the worker to start; the last file has none after it for this process to
    # take while the worker extracts it.
    slowly = offered(first, [last], pause=2)
    results = in_workers(
        slowly, regions, catalog, mark_as_the_workers, workers_count=1, also_here=True
    )
    assert [name_of(result) for result in results] == [path.name for path in [*first, last]]
    assert all(isinstance(result, ExtractedFile) for result in results[:2])
    assert results[2].error == "extracted by a worker"


def test_a_batch_done_before_the_worker_starts_is_extracted_here_whole(tmp_path, regions, catalog):
    files = batch(tmp_path)[:2]
    results = in_workers(
        files, regions, catalog, mark_as_the_workers, workers_count=1, also_here=True
    )
    assert [result.report.filename for result in results] == [path.name for path in files]


def slow_mark_as_the_workers(path: Path):
    """Run in a worker: one that falls behind (a second a file)."""
    time.sleep(1)
    return mark_as_the_workers(path)


def test_this_process_extracts_the_next_files_while_the_worker_falls_behind(
    tmp_path, regions, catalog
):
    files = [*batch(tmp_path)[:3], *batch(tmp_path)[6:13]]
    # The first file is extracted here while the worker starts; the rest come once it is up.
    started_first = offered(files[:1], files[1:], pause=2)
    results = in_workers(
        started_first, regions, catalog, slow_mark_as_the_workers, workers_count=1, also_here=True
    )
    assert [name_of(result) for result in results] == [path.name for path in files]
    by_worker = [isinstance(result, FailedFile) for result in results]
    # The worker is given four files ahead; this process extracts the next four meanwhile
    # instead of waiting for the first of them.
    assert 0 < sum(by_worker) < len(files)
    assert by_worker[1:5] == [True] * 4
    assert not any(by_worker[5:9])
