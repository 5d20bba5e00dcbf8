"""The archive of accepted originals, written by a background thread while merge reads on."""

import errno
import hashlib
import sqlite3
import threading
from pathlib import Path

import pytest

from reform_xlsx.intake.result import FileResult
from reform_xlsx.ledger.archive import Archive
from reform_xlsx.ledger.store import Ledger
from reform_xlsx.records import FileStatus


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def archive_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("reform-xlsx-archive")]


def test_copies_are_whole_and_named_by_hash_once_waited_for(tmp_path):
    archive = Archive(tmp_path / "arc")
    contents = [f"file {n}".encode() * 100 for n in range(40)]
    targets = [archive.add(sha(data), ".XLSX", data) for data in contents]
    archive.wait()
    for data, target in zip(contents, targets):
        assert target == tmp_path / "arc" / sha(data)[:2] / f"{sha(data)}.xlsx"
        assert target.read_bytes() == data
    assert not list((tmp_path / "arc").rglob("*.part"))
    archive.close()
    assert archive_threads() == []


def test_a_copy_already_there_or_queued_is_not_written_again(tmp_path, monkeypatch):
    written = []
    real = Path.write_bytes

    def counting(self, data):
        written.append(self.name)
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", counting)
    archive = Archive(tmp_path / "arc")
    first = archive.add(sha(b"same"), ".xlsx", b"same")
    again = archive.add(sha(b"same"), ".xlsx", b"same")  # queued: not queued twice
    archive.wait()
    later = Archive(tmp_path / "arc").add(sha(b"same"), ".xlsx", b"same")  # there: not written
    assert first == again == later
    assert archive.kept(sha(b"same"), ".XLSX") == first and archive.kept(sha(b"other"), ".xlsx") is None
    assert written == [f"{sha(b'same')}.part"]
    archive.close()


def test_a_copy_that_cannot_be_written_fails_the_wait_with_its_name(tmp_path, monkeypatch):
    bad = sha(b"bad")
    real = Path.write_bytes

    all_queued = threading.Event()  # no copy is done before the last is queued (else add() raises it: fine, not this test)

    def full(self, data):
        all_queued.wait(5)
        if bad in self.name:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", full)
    archive = Archive(tmp_path / "arc")
    for data in (b"good 1", b"bad", b"good 2"):
        archive.add(sha(data), ".xlsx", data)
    all_queued.set()
    with pytest.raises(OSError) as raised:
        archive.wait()
    assert raised.value.errno == errno.ENOSPC
    assert raised.value.filename == str(tmp_path / "arc" / bad[:2] / f"{bad}.xlsx")  # the copy, not its .part
    assert not list((tmp_path / "arc").rglob("*.part"))
    assert (tmp_path / "arc" / sha(b"good 2")[:2] / f"{sha(b'good 2')}.xlsx").exists()  # the others still written
    archive.wait()  # the failure is said once
    archive.close()


def test_adding_waits_while_too_many_bytes_wait_to_be_written(tmp_path, monkeypatch):
    """The contents waiting in memory stay under the cap: the third 4-byte copy (12 > 10 bytes) waits
    until the first is written."""
    release = threading.Event()
    real = Path.write_bytes

    def slow(self, data):
        release.wait(10)
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", slow)
    archive = Archive(tmp_path / "arc", pending_bytes=10)
    first = archive.add(sha(b"aaaa"), ".xlsx", b"aaaa")
    assert not first.exists() and archive.kept(sha(b"aaaa"), ".xlsx") == first  # on its way: kept already
    archive.add(sha(b"bbbb"), ".xlsx", b"bbbb")
    third = threading.Thread(target=archive.add, args=(sha(b"cccc"), ".xlsx", b"cccc"))
    third.start()
    third.join(0.3)
    assert third.is_alive()  # waiting for room
    release.set()
    third.join(10)
    assert not third.is_alive()
    archive.wait()
    assert len(list((tmp_path / "arc").rglob("*.xlsx"))) == 3
    archive.close()


def accepted(path: Path) -> FileResult:
    data = path.read_bytes()
    return FileResult(path=path, name=path.name, sha256=sha(data), size=len(data), mtime=path.stat().st_mtime,
                      status=FileStatus.ACCEPTED, real_format="xlsx", section="市民課", year=2026, content=data)


def inbox_of(tmp_path: Path, count: int) -> list[Path]:
    files = []
    for n in range(count):
        files.append(tmp_path / "inbox" / f"{n}.xlsx")
        files[-1].parent.mkdir(exist_ok=True)
        files[-1].write_bytes(f"content {n}".encode())
    return files


def slow_writes(monkeypatch, seconds: float, fail: BaseException | None = None) -> None:
    """A slow disk: each copy takes ``seconds`` (and then fails with ``fail``)."""
    real = Path.write_bytes

    def slow(self, data):
        threading.Event().wait(seconds)
        if fail is not None:
            raise fail
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", slow)


def test_the_ledger_commits_only_after_every_copy_is_written(tmp_path, monkeypatch):
    files = inbox_of(tmp_path, 30)
    slow_writes(monkeypatch, 0.005)  # the copies lag behind the recording
    copies_at_commit: list[int] = []
    with Ledger(tmp_path / "reform.db") as ledger:
        ledger.db.set_trace_callback(lambda sql: copies_at_commit.append(
            len(list(ledger.archive_dir.rglob("*.xlsx")))) if sql == "COMMIT" else None)
        with ledger.batch(2026) as batch:
            for f in files:
                batch.add(accepted(f))
        rows = ledger.submissions(2026)
        copies = [ledger.recorded_path(row["archived_as"]) for row in rows]
    assert copies_at_commit == [30]
    for row, copy in zip(rows, copies, strict=True):
        assert Path(row["archived_as"]) == Path("reform_archive", row["sha256"][:2], row["sha256"] + ".xlsx")
        assert copy.read_bytes() == Path(row["path"]).read_bytes()


def test_a_copy_that_fails_after_the_last_file_still_fails_the_batch(tmp_path, monkeypatch):
    """The only copy fails while the batch is ending: nothing is committed, and the error names it."""
    [f] = inbox_of(tmp_path, 1)
    slow_writes(monkeypatch, 0.2, OSError(errno.ENOSPC, "No space left on device"))
    with Ledger(tmp_path / "reform.db") as ledger:
        with pytest.raises(OSError) as raised:
            with ledger.batch(2026) as batch:
                batch.add(accepted(f))  # returns at once: the copy is still being written
        assert ledger.submissions(2026) == []
    assert raised.value.errno == errno.ENOSPC
    digest = sha(b"content 0")
    assert raised.value.filename == str(tmp_path / "reform_archive" / digest[:2] / f"{digest}.xlsx")


def test_a_batch_that_fails_drops_the_copies_not_started_and_leaves_no_writer(tmp_path, monkeypatch):
    files = inbox_of(tmp_path, 5)
    slow_writes(monkeypatch, 0.2)
    with Ledger(tmp_path / "reform.db") as ledger:
        with pytest.raises(RuntimeError):
            with ledger.batch(2026) as batch:
                for f in files:
                    batch.add(accepted(f))
                raise RuntimeError("wrong year")
        assert not ledger.archive._pending  # settled when the batch failed, not later at close
        assert ledger.submissions(2026) == []
        assert len(list(ledger.archive_dir.rglob("*.xlsx"))) <= 1  # at most the one being written
    assert archive_threads() == []
    assert not list(ledger.archive_dir.rglob("*.part"))


def _copies(ledger: Ledger) -> list[Path]:
    return sorted(ledger.archive_dir.rglob("*.xlsx"))


@pytest.mark.parametrize("fails", ["while reading", "a copy", "after the copies"])
def test_a_batch_not_recorded_leaves_none_of_its_copies_and_keeps_the_earlier_ones(tmp_path, monkeypatch, fails):
    """A merge that records nothing (stopped while reading, a copy that fills the disk, a failure once every copy
    is written) removes the copies it made — on a full disk they were the space the clerk is told to free — and
    the sub-folders it left empty; the copies of the files recorded before stay."""
    from reform_xlsx.ledger import store

    first, *files = inbox_of(tmp_path, 8)
    with Ledger(tmp_path / "reform.db") as ledger:
        with ledger.batch(2026) as batch:
            batch.add(accepted(first))
        kept = _copies(ledger)
        assert len(kept) == 1
        if fails == "a copy":
            real, written = Path.write_bytes, []

            def fills_the_disk(self, data):
                if len(written) == 4:
                    raise OSError(errno.ENOSPC, "No space left on device")
                written.append(self)
                return real(self, data)

            monkeypatch.setattr(Path, "write_bytes", fills_the_disk)
        if fails == "after the copies":
            monkeypatch.setattr(store.Batch, "settle", lambda self: (_ for _ in ()).throw(RuntimeError("settle")))
        with pytest.raises((RuntimeError, OSError)):
            with ledger.batch(2026) as batch:
                for f in files:
                    batch.add(accepted(f))
                if fails == "while reading":
                    ledger.archive._settle(-1)  # every copy written by then
                    assert len(_copies(ledger)) == 8
                    raise RuntimeError("stopped")
        assert _copies(ledger) == kept and [r["path"] for r in ledger.submissions(2026)] == [str(first)]
        folders = [p for p in ledger.archive_dir.iterdir() if p.is_dir()]
        assert folders == [kept[0].parent]  # none left empty
        assert not list(ledger.archive_dir.rglob("*.part"))
    monkeypatch.undo()
    with Ledger(tmp_path / "reform.db") as ledger:  # the same files again: copied and recorded
        with ledger.batch(2026) as batch:
            for f in files:
                batch.add(accepted(f))
        assert len(_copies(ledger)) == 8


def test_a_writer_failing_in_another_way_still_closes_the_ledger(tmp_path, monkeypatch):
    """Copies failing with something else than an OSError (the writer thread ran out of memory, say) while
    the batch fails for its own reason: that reason is what is raised, and closing the ledger still ends
    the writer thread and the database connection."""
    files = inbox_of(tmp_path, 3)
    slow_writes(monkeypatch, 0.05, MemoryError())
    ledger = Ledger(tmp_path / "reform.db")
    with pytest.raises(RuntimeError, match="wrong year"):
        with ledger.batch(2026) as batch:
            for f in files:
                batch.add(accepted(f))
            threading.Event().wait(0.2)  # the copies fail meanwhile
            raise RuntimeError("wrong year")
    ledger.close()
    assert archive_threads() == []
    with pytest.raises(sqlite3.ProgrammingError):
        ledger.db.execute("SELECT 1")


def test_a_result_without_its_bytes_is_copied_from_the_file_unless_it_changed_or_is_kept(tmp_path):
    """Without the bytes the reader hashed, the file is read again and its hash checked: a copy already
    kept is used as it is (the file may have changed since); a changed file is not copied (next run)."""
    kept, fresh, changed = (tmp_path / f"{name}.xlsx" for name in ("kept", "fresh", "changed"))
    for f in (kept, fresh, changed):
        f.write_bytes(f.name.encode())
    results = [accepted(f) for f in (kept, fresh, changed)]
    for r in results:
        r.content = None
    with Ledger(tmp_path / "reform.db") as ledger:
        ledger.archive.add(sha(b"kept.xlsx"), ".xlsx", b"kept.xlsx")
        ledger.archive.wait()
        kept.write_bytes(b"edited after it was read")
        changed.write_bytes(b"edited after it was read, never kept")
        with ledger.batch(2026) as batch:
            for r in results:
                batch.add(r)
        archived = {Path(row["path"]).name: ledger.recorded_path(row["archived_as"]) for row in ledger.submissions(2026)}
    assert archived["kept.xlsx"].read_bytes() == b"kept.xlsx"
    assert archived["fresh.xlsx"].read_bytes() == b"fresh.xlsx"
    assert archived["changed.xlsx"] is None


def test_the_copy_is_found_from_another_working_folder_and_after_the_folder_moved(tmp_path, monkeypatch):
    """archived_as is relative to the ledger's folder: opening the ledger from elsewhere, or after the
    office moved the whole folder, still finds every copy."""
    files = inbox_of(tmp_path, 2)
    (tmp_path / "office").mkdir()
    monkeypatch.chdir(tmp_path)
    with Ledger(Path("office") / "reform.db") as ledger, ledger.batch(2026) as batch:
        for f in files:
            batch.add(accepted(f))
    moved = (tmp_path / "office").rename(tmp_path / "推進室_令和8年度")
    monkeypatch.chdir(files[0].parent)
    with Ledger(moved / "reform.db") as ledger:
        rows = ledger.submissions(2026)
        copies = [ledger.recorded_path(row["archived_as"]) for row in rows]
    assert [c.read_bytes() for c in copies] == [Path(r["path"]).read_bytes() for r in rows]
    assert all(c.is_relative_to(moved) for c in copies)


@pytest.mark.parametrize("name, real_format, suffix", [
    ("観光課.xlsx ", "xlsx", ".xlsx"),  # a trailing space: a name Windows cannot open
    ("観光課.xlsx.", "xlsx", ".xlsx"), ("観光課", "xlsx", ".xlsx"), ("マクロ.XLSM", "xlsm", ".xlsm"),
])
def test_a_copy_is_named_for_what_the_file_is_not_for_its_name(tmp_path, name, real_format, suffix):
    path = tmp_path / "inbox" / name
    path.parent.mkdir()
    path.write_bytes(b"content")
    with Ledger(tmp_path / "reform.db") as ledger:
        with ledger.batch(2026) as batch:
            result = accepted(path)
            result.real_format = real_format
            batch.add(result)
        (row,) = ledger.submissions(2026)
    assert Path(row["archived_as"]).name == row["sha256"] + suffix
