"""Make the bundled sample inbox: the R8 templates filled in as the sections might return them.

Run from the repository root:  .venv/bin/python samples/make_samples.py
It rewrites samples/inbox/ (committed, so `reform-xlsx merge samples/inbox --year R8` works
on a fresh clone). What is inside, and what merge should make of it, is in samples/README.md.
The returns themselves are made by ``reform_xlsx.demo`` (the same ones ``reform-xlsx demo`` merges).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from reform_xlsx.demo import write_sample_inbox
from reform_xlsx.plan.loading import load_plan
from reform_xlsx.xlsx.libreoffice import OfficeError, convert

INBOX = Path(__file__).parent / "inbox"


def resave(filled: Path, folder: Path) -> Path:
    """The 市民課 file saved by LibreOffice Calc, as some sections do (openpyxl's file when LibreOffice is missing)."""
    try:
        return convert(filled, "xlsx:Calc MS Excel 2007 XML", folder)
    except OfficeError as exc:
        print(f"LibreOffice なし: 市民課は openpyxl のまま ({exc})", file=sys.stderr)
        return filled


def main() -> int:
    plan, _ = load_plan()
    if INBOX.exists():
        shutil.rmtree(INBOX)
    for path in write_sample_inbox(plan, INBOX, resave=resave):
        print(path.relative_to(INBOX))
    return 0


if __name__ == "__main__":
    sys.exit(main())
