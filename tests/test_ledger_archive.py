"""The archive of accepted originals, written by a background thread while merge reads on."""

import errno
import hashlib
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
    assert written == [f"{sha(b'same')}.part"]
    archive.close()


def test_a_copy_that_cannot_be_written_fails_the_wait_with_its_name(tmp_path, monkeypatch):
    bad = sha(b"bad")
    real = Path.write_bytes

    def full(self, data):
        if bad in self.name:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", full)
    archive = Archive(tmp_path / "arc")
    for data in (b"good 1", b"bad", b"good 2"):
        archive.add(sha(data), ".xlsx", data)
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
    archive.add(sha(b"aaaa"), ".xlsx", b"aaaa")
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


def test_the_ledger_commits_only_after_every_copy_is_written(tmp_path, monkeypatch):
    files = []
    for n in range(30):
        files.append(tmp_path / "inbox" / f"{n}.xlsx")
        files[-1].parent.mkdir(exist_ok=True)
        files[-1].write_bytes(f"content {n}".encode())
    real = Path.write_bytes
    committed_with: list[int] = []

    def slow(self, data):
        threading.Event().wait(0.005)  # a slow disk: the copies lag behind the recording
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", slow)
    with Ledger(tmp_path / "reform.db") as ledger:
        with ledger.batch(2026) as batch:
            for f in files:
                batch.add(accepted(f))
        committed_with.append(len(list(ledger.archive_dir.rglob("*.xlsx"))))
        rows = ledger.submissions(2026)
    assert committed_with == [30]
    for row in rows:
        assert Path(row["archived_as"]).read_bytes() == Path(row["path"]).read_bytes()


def test_a_batch_that_fails_leaves_no_writer_behind(tmp_path):
    f = tmp_path / "a.xlsx"
    f.write_bytes(b"one")
    with Ledger(tmp_path / "reform.db") as ledger:
        with pytest.raises(RuntimeError):
            with ledger.batch(2026) as batch:
                batch.add(accepted(f))
                raise RuntimeError("wrong year")
        assert ledger.submissions(2026) == []
    assert archive_threads() == []
    assert (tmp_path / "reform_archive" / sha(b"one")[:2] / f"{sha(b'one')}.xlsx").read_bytes() == b"one"


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
        archived = {Path(row["path"]).name: row["archived_as"] for row in ledger.submissions(2026)}
    assert Path(archived["kept.xlsx"]).read_bytes() == b"kept.xlsx"
    assert Path(archived["fresh.xlsx"]).read_bytes() == b"fresh.xlsx"
    assert archived["changed.xlsx"] is None
