"""The library changes no process-wide state and checks its arguments at the public API."""

from __future__ import annotations

import gc
import threading

import pytest

import cyberark_cfg


def test_parsing_leaves_the_garbage_collector_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(gc, "disable", lambda: calls.append("disable"))
    monkeypatch.setattr(gc, "enable", lambda: calls.append("enable"))
    cyberark_cfg.loads(b"[MAIN]\r\nEnableFailover=Yes\r\n" * 100, "padr")
    assert calls == []


def test_parsing_in_threads_never_turns_the_collector_off() -> None:
    seen: list[bool] = []
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            seen.append(gc.isenabled())

    assert gc.isenabled()
    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        for _ in range(50):
            cyberark_cfg.loads(b"A=1\n" * 2000, "padr")
    finally:
        stop.set()
        watcher.join()
    assert seen and all(seen)
