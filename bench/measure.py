"""Time and peak memory of a function, measured in a forked child process.

The child inherits the parent's data (copy-on-write), resets the kernel's peak-RSS mark
(``/proc/self/clear_refs``) and reports ``VmHWM - VmRSS at start``: the extra memory the work
needed.
Each measurement runs in its own process, so one method's garbage cannot inflate another's figure.
"""

from __future__ import annotations

import multiprocessing as mp
import time
import traceback
from collections.abc import Callable
from typing import Any


def _status_kb(field: str) -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def reset_peak() -> int:
    """Reset the peak-RSS mark (VmHWM) to the current RSS; return the current RSS in bytes."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass
    return _status_kb("VmRSS") * 1024


def peak_rss() -> int:
    """This process's peak RSS since the last :func:`reset_peak`, in bytes."""
    return _status_kb("VmHWM") * 1024


def _child(conn: Any, fn: Callable[[], Any], setup: Callable[[], Any] | None) -> None:
    try:
        if setup is not None:
            setup()
        base = reset_peak()
        t = time.perf_counter()
        out = fn()
        seconds = time.perf_counter() - t
        conn.send(("ok", seconds, peak_rss() - base, out))
    except BaseException:  # report, never hang the parent
        conn.send(("error", 0.0, 0, traceback.format_exc()))
    finally:
        conn.close()


def measure(
    fn: Callable[[], Any], setup: Callable[[], Any] | None = None
) -> tuple[float, int, Any]:
    """``(seconds, peak extra bytes, fn's picklable result)``; raises if ``fn`` failed.
    ``setup`` runs first in the child, outside the measurement."""
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, fn, setup))
    proc.start()
    child.close()
    status, seconds, peak, out = parent.recv()
    proc.join()
    if status != "ok":
        raise RuntimeError(out)
    return seconds, peak, out


def fmt_bytes(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if abs(n) < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit in ("B", "KB", "MB") else f"{n:.2f} {unit}"
        n /= 1024
    return f"{n:.2f} GB"
