"""The ledger (受付台帳) and what the office sends and keeps from it.

- :mod:`.store` — the SQLite ledger: every file received, its verdict, the accepted answers;
- :mod:`.archive` — the copies of accepted originals, written beside the reading;
- :mod:`.receipt` — 「受付結果」 and 「回答一覧」 workbooks;
- :mod:`.feedback` — 差し戻し copies for rejected files.
"""

from reform_xlsx.ledger.outcome import BatchOutcome, FileOutcome
from reform_xlsx.ledger.store import Ledger

__all__ = ["BatchOutcome", "FileOutcome", "Ledger"]
