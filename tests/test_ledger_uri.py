"""The read-only SQLite URI a ledger under another name is looked into with (merge, templates, status, contacts stop
and name it rather than start a new ledger beside it).

On the office's Windows PCs the work folder is a share — ``\\\\fileserver\\共有\\…``, or a mapped drive ``Z:`` that
``Path.resolve()`` turns into that share. ``as_uri()`` made it ``file://fileserver/共有/…``, whose authority SQLite
refuses (「invalid uri authority」, caught as no ledger): the renamed ledger was never found, and the next merge
without --db started a new ledger and rewrote the outputs without the year's records."""

from __future__ import annotations

import sqlite3
import urllib.parse
from pathlib import PureWindowsPath

import pytest

from reform_xlsx.outputs import read_only_uri, renamed_ledgers


@pytest.mark.parametrize(("path", "windows", "uri"), [
    (r"\\fileserver\共有\推進室\reform_R8.db", True,
     "file:////fileserver/%E5%85%B1%E6%9C%89/%E6%8E%A8%E9%80%B2%E5%AE%A4/reform_R8.db?mode=ro"),
    (r"Z:\行政改革 #2\reform_R8.db", True, "file:///Z:/%E8%A1%8C%E6%94%BF%E6%94%B9%E9%9D%A9%20%232/reform_R8.db?mode=ro"),
    (r"C:\Users\推進室\100%\a?.db", True, "file:///C:/Users/%E6%8E%A8%E9%80%B2%E5%AE%A4/100%25/a%3F.db?mode=ro"),
    ("/srv/share/台帳 #1?.db", False, "file:///srv/share/%E5%8F%B0%E5%B8%B3%20%231%3F.db?mode=ro"),
    ("/tmp/a\\b.db", False, "file:///tmp/a%5Cb.db?mode=ro"),  # a backslash is part of a name on Linux
])
def test_the_uri_keeps_its_authority_empty(path, windows, uri):
    assert read_only_uri(path, windows=windows) == uri
    assert urllib.parse.urlsplit(uri).netloc == ""


def test_why_a_share_needs_it():
    """What as_uri() gave for a share, and SQLite's answer to it."""
    shown = PureWindowsPath(r"\\fileserver\共有\reform_R8.db").as_uri()
    assert urllib.parse.urlsplit(shown).netloc == "fileserver"
    with pytest.raises(sqlite3.OperationalError, match="invalid uri authority"):
        sqlite3.connect(shown + "?mode=ro", uri=True)


def test_a_ledger_opened_by_its_uri_is_read_only_and_found(tmp_path):
    folder = tmp_path / "推進室 #1 ?%"
    folder.mkdir()
    ledger = folder / "reform_R8.db"
    with sqlite3.connect(ledger) as db:
        db.execute("CREATE TABLE submissions (id INTEGER)")
    db.close()
    opened = sqlite3.connect(read_only_uri(str(ledger)), uri=True)
    try:
        assert opened.execute("SELECT name FROM sqlite_master").fetchall() == [("submissions",)]
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            opened.execute("CREATE TABLE other (id INTEGER)")
    finally:
        opened.close()
    assert renamed_ledgers(tmp_path) == [ledger]
