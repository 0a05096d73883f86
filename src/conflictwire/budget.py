"""A time budget per document: work that runs past it is stopped and becomes a rejection.

Why an interval timer (SIGALRM) and not a check between stages: a check only runs when a
stage returns, so one stage stuck on a hostile input (a regular expression backtracking over
a pathological line, a parse of a huge sentence) would hold the whole batch forever. The
timer interrupts the running Python code wherever it is: CPython runs a signal handler
between bytecodes, and its regular-expression engine polls for signals while it matches, so
even a runaway match is stopped. The handler raises `_Expired`, a BaseException, so that no
`except Exception` inside a stage can swallow it; `deadline` turns it into an `IngestError`
with the reason `over-budget`, which the batch records as a rejection and goes on.

Where a timer cannot be used (a thread other than the main one, as in the API's worker
threads, or a platform without `setitimer`, or a caller's own SIGALRM timer already running),
`deadline` falls back to measuring: the work is not interrupted, but a document that took
longer than its budget is still rejected, so the outcome does not depend on where it ran.

What is interrupted is only pure computation over one document: nothing here writes to the
database, so a stopped document leaves nothing half stored.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from .errors import IngestError

__all__ = ["OVER_BUDGET", "deadline"]

OVER_BUDGET = "over-budget"


class _Expired(BaseException):
    """Raised by the timer's handler; never leaves `deadline`."""


def _can_interrupt() -> bool:
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return False
    return signal.getitimer(signal.ITIMER_REAL)[0] == 0  # another timer runs: leave it alone


@contextmanager
def deadline(seconds: float | None, where: str) -> Iterator[None]:
    """Run the block within `seconds` of wall time, else raise IngestError(where, "over-budget").

    `seconds` None or <= 0 means no budget.
    """
    if not seconds or seconds <= 0:
        yield
        return
    detail = f"took longer than its {seconds:g}-second budget (max_document_seconds)"
    start = time.monotonic()
    if not _can_interrupt():
        yield
        if time.monotonic() - start > seconds:
            raise IngestError(where, OVER_BUDGET, detail)
        return
    armed = [True]

    def ring(_signum: int, _frame: object) -> None:
        if armed[0]:
            raise _Expired

    previous = signal.signal(signal.SIGALRM, ring)

    def disarm() -> None:  # idempotent: it may be cut short by the timer once, and is then run again
        armed[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)

    try:
        try:
            signal.setitimer(signal.ITIMER_REAL, seconds)
            yield
        finally:
            disarm()
    except _Expired:
        disarm()
        raise IngestError(where, OVER_BUDGET, detail) from None
