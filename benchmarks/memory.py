"""Resident memory of the running process, read from ``/proc/self/status``.

Each measurement runs in its own subprocess, so one corpus size's arrays never
inflate the next one's figures. ``VmHWM`` is the peak resident set since start (or
since :func:`reset_peak`), ``VmRSS`` the current one; where ``/proc`` is missing,
``resource.getrusage`` gives the peak and the current size is unknown.
"""

from __future__ import annotations

import resource
import sys
from pathlib import Path

_STATUS = Path("/proc/self/status")
_CLEAR_REFS = Path("/proc/self/clear_refs")


def _status_mib(field: str) -> float | None:
    try:
        for line in _STATUS.read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024  # reported in kB
    except OSError:
        return None
    return None


def current_mib() -> float | None:
    """The resident set now, in MiB."""
    return _status_mib("VmRSS")


def peak_mib() -> float:
    """The largest resident set so far (since the last :func:`reset_peak`), in MiB."""
    peak = _status_mib("VmHWM")
    if peak is not None:
        return peak
    kilobytes = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kilobytes / (1024 * 1024) if sys.platform == "darwin" else kilobytes / 1024


def reset_peak() -> bool:
    """Start a new peak measurement from the present resident set (Linux ≥ 4.0); whether it worked."""
    try:
        _CLEAR_REFS.write_text("5")
        return True
    except OSError:
        return False


def folder_mib(path: Path) -> float:
    """Bytes on disk under ``path``, in MiB (files as their size; sparse files count in full)."""
    if not path.exists():
        return 0.0
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files) / (1024 * 1024)
