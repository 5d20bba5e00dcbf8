"""A ledger on a read-only share, as SQLite meets it."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def read_only_ledgers(monkeypatch) -> None:
    """Every SQLite file opened read-only, as on a read-only share (SQLite opens such a file read-only and fails at the
    first write; file modes would not stop root)."""
    connect = sqlite3.connect

    def read_only(path, *args, **kwargs):
        return connect(f"{Path(path).resolve().as_uri()}?mode=ro", *args, uri=True, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", read_only)
