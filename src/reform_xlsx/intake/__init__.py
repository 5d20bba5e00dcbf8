"""Reading returned workbooks: safely, identified by their metadata, normalised, validated.

- :func:`read_returns` — every file under the given paths, one :class:`FileResult` each;
- :func:`read_return` — one file;
- :class:`Limits` — the caps (file size, zip, used range, time and memory per file).

How it works, the caps and the normalisation rules: ``docs/intake.md``.
"""

from reform_xlsx.intake.limits import Limits
from reform_xlsx.intake.reader import read_return, read_returns

__all__ = ["Limits", "read_return", "read_returns"]
