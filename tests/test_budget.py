"""The per-document time budget: work past it is stopped (or, off the main thread, still rejected).

These tests assert outcomes, not durations: a budget of a fraction of a second around work that
never ends must end in an over-budget error, and work that ends at once must pass.
"""

from __future__ import annotations

import re
import signal
import threading
import time

import pytest

from conflictwire.budget import OVER_BUDGET, deadline
from conflictwire.errors import IngestError


def test_budget_stops_a_loop_that_never_ends() -> None:
    with pytest.raises(IngestError) as err, deadline(0.2, "feed.rss#4"):
        while True:
            pass
    assert (err.value.source, err.value.reason) == ("feed.rss#4", OVER_BUDGET)
    assert "0.2-second budget" in err.value.detail


def test_budget_stops_a_runaway_regular_expression() -> None:
    # nested quantifiers over a line that almost matches: exponential backtracking (2**40 paths)
    with pytest.raises(IngestError, match=OVER_BUDGET), deadline(0.2, "notes.csv:9"):
        re.match(r"(a+)+$", "a" * 40 + "b")


def test_budget_cannot_be_swallowed_by_a_broad_except() -> None:
    with pytest.raises(IngestError, match=OVER_BUDGET), deadline(0.2, "x"):
        while True:
            try:
                time.sleep(0.01)
            except Exception:  # noqa: BLE001, S112 - what a careless stage might do
                continue


def test_budget_leaves_fast_work_alone_and_restores_the_signal_handler() -> None:
    before = signal.getsignal(signal.SIGALRM)
    with deadline(5, "x"):
        total = sum(range(1000))
    assert total == 499500
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0, "no timer may be left running"
    with deadline(None, "x"), deadline(0, "y"):  # no budget at all
        pass


def test_budget_off_the_main_thread_rejects_what_ran_too_long() -> None:
    outcome: list[object] = []

    def work() -> None:
        try:
            with deadline(0.01, "request[2]"):
                time.sleep(0.1)
            outcome.append("passed")
        except IngestError as exc:
            outcome.append(exc.reason)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert outcome == [OVER_BUDGET]


def test_budget_setting_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from conflictwire.config import Settings
    from conflictwire.errors import ConfigError

    assert Settings().max_document_seconds == 60.0
    monkeypatch.setenv("CONFLICTWIRE_MAX_SECONDS", "2.5")
    assert Settings.from_env().max_document_seconds == 2.5
    assert Settings.from_env(max_document_seconds=9).max_document_seconds == 9  # the flag wins
    monkeypatch.setenv("CONFLICTWIRE_MAX_SECONDS", "0")
    assert Settings.from_env().max_document_seconds is None  # no budget
    for bad in ("soon", "-1", "nan", "inf"):
        monkeypatch.setenv("CONFLICTWIRE_MAX_SECONDS", bad)
        with pytest.raises(ConfigError, match="CONFLICTWIRE_MAX_SECONDS"):
            Settings.from_env()
