"""Reading returned workbooks: safely, identified by their metadata, normalised, validated.

- :func:`read_returns` — every file under the given paths, one :class:`FileResult` each;
- :func:`read_return` — one file;
- :class:`Limits` — the caps (file size, zip, used range, time and memory per file).

How it works, the caps and the normalisation rules: ``docs/intake.md``.

The names are imported on first use, so that a worker process importing
``reform_xlsx.intake.worker`` stays small (no pandas).
"""

from __future__ import annotations

import importlib

_EXPORTS = {"Limits": "reform_xlsx.intake.limits", "read_return": "reform_xlsx.intake.reader",
            "read_returns": "reform_xlsx.intake.reader"}
__all__ = list(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
