"""Two writers setting the same new switch at once: neither fails, the row ends with one
of their values (the watcher records its evaluation this way; two watchers may run)."""

from __future__ import annotations

import threading

from phaseone.store import Store
from phaseone.store.settings import get_setting, set_setting


def test_concurrent_first_writes_of_a_setting_do_not_fail(store: Store) -> None:
    errors: list[BaseException] = []
    for n in range(15):
        key = f"race-{n}"
        barrier = threading.Barrier(4)

        def write(value: int, key: str = key, barrier: threading.Barrier = barrier) -> None:
            barrier.wait()
            try:
                set_setting(store, "p", key, value)
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=write, args=(v,)) for v in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert get_setting(store, "p", key) in range(4)
    assert errors == []
