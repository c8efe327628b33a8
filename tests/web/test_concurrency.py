"""Many people saving the same commentary at once: every save either lands as its own version
or is told of a conflict. No update is lost, on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import threading

from kpiboard.store import Store
from kpiboard.web import workflow

WRITERS, ATTEMPTS = 12, 15


def hammer(store: Store) -> tuple[list[tuple[int, str]], int]:
    """WRITERS threads each try ATTEMPTS saves, each from the version it just read."""
    saved, conflicts, lock = [], [0], threading.Lock()
    barrier = threading.Barrier(WRITERS)

    def writer(n: int) -> None:
        barrier.wait()
        for i in range(ATTEMPTS):
            draft = workflow.current(store, "CR1", "2026-10")
            words = f"writer {n} attempt {i}"
            try:
                got = workflow.change(store, "save", "CR1", "2026-10", f"writer {n}",
                                      draft.version if draft else 0, text=words)
            except workflow.Conflict:
                with lock:
                    conflicts[0] += 1
                continue
            with lock:
                saved.append((got.version, words))

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return saved, conflicts[0]


def check_no_lost_updates(store: Store) -> None:
    saved, conflicts = hammer(store)
    assert len(saved) + conflicts == WRITERS * ATTEMPTS  # every attempt had an answer
    assert conflicts > 0 and len(saved) > 1             # they really did collide
    history = workflow.history(store, "CR1", "2026-10")
    assert sorted((v.version, v.text) for v in history) == sorted(saved)  # each save is a version
    assert sorted(v.version for v in history) == list(range(1, len(saved) + 1))
    final = workflow.current(store, "CR1", "2026-10")
    assert (final.version, final.text) == max(saved)


def test_concurrent_saves_on_sqlite(db_url):
    check_no_lost_updates(Store(db_url))


def test_concurrent_saves_on_postgresql(pg_store_url):
    store = Store(pg_store_url)
    check_no_lost_updates(store)
    store.engine.dispose()
