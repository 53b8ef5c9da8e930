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


DOC = b"[MAIN]\r\nADDRESS=10.0.0.1,10.0.0.2\r\nFailoverMode=No\r\n"


@pytest.mark.parametrize("call", [
    lambda d: d.get(None),
    lambda d: d.get(1),
    lambda d: d.entry(None),
    lambda d: d.entries(3),
    lambda d: d.entries("ADDRESS", 5),
    lambda d: d.section(None),
    lambda d: d.set("FailoverMode", None),
    lambda d: d.set(None, "x"),
    lambda d: d.insert("Key", 5),
    lambda d: d.remove(None),
    lambda d: d.replace_list("ADDRESS", "abc"),
    lambda d: d.replace_list("ADDRESS", b"abc"),
    lambda d: d.replace_list("ADDRESS", ["10.0.0.1", 7]),
    lambda d: d.replace_list("ADDRESS", None),
], ids=lambda call: "")
def test_public_methods_refuse_wrong_argument_types(call: object) -> None:
    document = cyberark_cfg.loads(DOC, "padr")
    before = document.to_bytes()
    with pytest.raises(TypeError):
        call(document)  # type: ignore[operator]
    assert document.to_bytes() == before


def test_loads_refuses_wrong_argument_types() -> None:
    with pytest.raises(TypeError):
        cyberark_cfg.loads(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        cyberark_cfg.loads(DOC, 5)  # type: ignore[arg-type]
    assert cyberark_cfg.loads(DOC, "padr").get("FailoverMode") == "No"
