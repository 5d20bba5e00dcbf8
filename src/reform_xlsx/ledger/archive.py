"""The archive of accepted originals: one file per content hash, written while merge reads on.

Creating a file is the costliest thing merge's parent process does per file: 0.3–1 ms of the
system's time on the test machine's ext4, and on Windows a virus scanner may look at every new
file as it is closed. The parent is the one that hands the readers their next files (their
pace is its pace), so the copies are written by one background thread
instead: :meth:`Archive.add` names the copy at once and queues its writing; the ledger waits
for every copy (:meth:`Archive.wait`) before its batch is committed, so a copy that cannot be
written (a full disk) still fails the batch, with nothing recorded — and the copies a batch made are
removed again when it is not committed (:meth:`Archive.remove_unrecorded`).

A copy is written under a temporary name and then renamed, so a copy that exists is whole. Its name is noted
in the archive's list :data:`UNRECORDED` just before: a merge killed before its batch was committed (a console
window closed, a power cut) leaves its copies listed there, and the next batch removes those the ledger has no
record of (:meth:`Archive.clear_unrecorded`) — else they would read as originals of a ledger restored from a backup
(L026) at every later merge.
At most :data:`PENDING_BYTES` of contents wait in memory: past that, adding waits for the
oldest copy to be written.
"""

from __future__ import annotations

import os
import re
import signal
from collections import deque
from collections.abc import Callable
from concurrent.futures import CancelledError, Future, ThreadPoolExecutor
from pathlib import Path

from reform_xlsx.outputs import TEMPORARY_PREFIX, discard, naming

PENDING_BYTES = 32 * 2**20
_HEX2 = re.compile(r"[0-9a-fA-F]{2}")
# the copies written by a batch not (yet) committed, one name a line (named as a half-written output: never read as a
# return when the archive is merged, L026)
UNRECORDED = TEMPORARY_PREFIX + "archive-unrecorded.txt"
_COPY = re.compile(r"([0-9a-f]{64})\.(?!part$)[a-z0-9]+")  # <sha256>.xlsx (not a half-written 「.part」: that is no copy)


def _leave_interrupts_to_main_thread() -> None:
    """Ctrl-C is the main thread's (it ends the command); the writer thread blocks it, so that it is
    never delivered here while the main thread keeps it pending (see ``intake.worker``)."""
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})


class Archive:
    """Copies of accepted originals under ``folder``/<first two hex digits>/<sha256><suffix>."""

    def __init__(self, folder: Path, pending_bytes: int = PENDING_BYTES) -> None:
        self.folder = folder
        self.pending_bytes = pending_bytes
        self._writer: ThreadPoolExecutor | None = None  # started with the first copy to write
        self._pending: deque[tuple[Future, int]] = deque()  # copies queued or being written, and their sizes
        self._waiting = 0  # the bytes of those copies
        self._queued: set[Path] = set()  # the copies queued since the last wait
        self._folders: set[Path] = set()  # the sub-folders known to exist (made by this writer)
        self._written: list[Path] = []  # the copies made since the last :meth:`keep` (appended by the writer)
        self._touched: set[Path] = set()  # the sub-folders a copy was to go in since then (made, maybe, for it)
        self._listed = None  # the list UNRECORDED, open while a batch writes copies (by the writer thread)

    def target(self, sha256: str, suffix: str) -> Path:
        return self.folder / sha256[:2] / (sha256 + suffix.lower())

    def kept(self, sha256: str, suffix: str) -> Path | None:
        """The copy of this content when it is there or on its way, else None."""
        target = self.target(sha256, suffix)
        return target if self._is_kept(target) else None

    def _is_kept(self, target: Path) -> bool:
        return target in self._queued or target.exists()

    def listing(self) -> dict[str, str] | None:
        """Every copy in the archive as it is on disk (its path, as text: no Path per copy), with its content hash (from
        its name: the archive names a copy by its content): None when there is no archive folder. One listing of the folder and of its sub-folders —
        nothing is opened (a file server answers a listing in one round trip, a stat of every copy in one each).
        Raises the OSError of a folder that is there but cannot be listed (a share gone away, no permission): what
        it holds is not known, not gone."""
        try:
            folders = [e for e in os.scandir(self.folder) if _HEX2.fullmatch(e.name) and e.is_dir()]
        except FileNotFoundError:
            return None
        found = {}
        for folder in folders:
            try:
                entries = list(os.scandir(folder.path))
            except FileNotFoundError:  # removed since the archive was listed: none of its copies is there
                continue
            for entry in entries:
                named = _COPY.fullmatch(entry.name.lower())
                if named and named[1][:2] == folder.name.lower() and entry.is_file():
                    found[entry.path] = named[1]
        return found

    def add(self, sha256: str, suffix: str, data: bytes) -> Path:
        """The copy of ``data`` (whose hash is ``sha256``): written unless it is there already.

        Raises the OSError of an earlier copy that could not be written (about that copy)."""
        target = self.target(sha256, suffix)
        if self._is_kept(target):
            return target
        self._settle(self.pending_bytes - len(data))
        if self._writer is None:
            self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="reform-xlsx-archive",
                                              initializer=_leave_interrupts_to_main_thread)
        self._queued.add(target)
        self._pending.append((self._writer.submit(self._write, target, data), len(data)))
        self._waiting += len(data)
        return target

    def wait(self) -> None:
        """Wait until every queued copy is written; raise the first OSError (naming its copy)."""
        try:
            self._settle(-1)  # all of them (even a copy of no bytes)
        finally:
            self._queued.clear()

    def abandon(self) -> None:
        """The batch is failing for another reason: copies not started are dropped, the one being
        written is waited for, and whatever becomes of them is not news."""
        for future, _size in self._pending:
            future.cancel()
        try:
            self.wait()
        except Exception:  # noqa: BLE001 - the batch's own error is the one to report
            pass

    def keep(self) -> None:
        """The copies made so far are recorded (the batch is committed): :meth:`remove_unrecorded` leaves them."""
        self._written.clear()
        self._touched.clear()
        self._end_list()

    def clear_unrecorded(self, recorded: Callable[[str], bool]) -> None:
        """Remove the copies a batch killed before its commit left (those listed in :data:`UNRECORDED` whose
        content hash is not ``recorded`` in the ledger), and the list. Call at the start of a batch, while it holds
        the ledger: no other batch is writing copies then. What cannot be removed stays (listed: tried again)."""
        listed = self.folder / UNRECORDED
        if self._listed is not None:  # this archive's own list, of copies it writes now: not a killed batch's
            return
        try:
            names = listed.read_text(encoding="ascii", errors="replace").split()
        except OSError:  # none (the usual case), or not to be read now: nothing is known to be an orphan
            return
        left = []
        for name in dict.fromkeys(names):
            named = _COPY.fullmatch(name)
            if named is None or recorded(named[1]):
                continue
            copy = self.folder / name[:2] / name
            try:
                copy.unlink(missing_ok=True)
                copy.with_suffix(".part").unlink(missing_ok=True)  # (killed while it was written)
            except OSError:
                left.append(name)
                continue
            try:
                copy.parent.rmdir()  # only when empty
            except OSError:
                pass
        try:
            if left:
                listed.write_text("".join(f"{n}\n" for n in left), encoding="ascii")
            else:
                listed.unlink()
        except OSError:
            pass

    def _note(self, target: Path) -> None:
        """In the writer thread: list ``target`` as written by a batch not committed yet (before it is written)."""
        if self._listed is None:
            self._listed = open(self.folder / UNRECORDED, "a", encoding="ascii")  # noqa: SIM115 - kept open
        self._listed.write(target.name + "\n")
        self._listed.flush()

    def _end_list(self, remove: bool = True) -> None:
        """The batch is committed or its copies removed: the list is no longer needed."""
        listed, self._listed = self._listed, None
        if listed is None:
            return
        try:
            listed.close()
            if remove:
                (self.folder / UNRECORDED).unlink(missing_ok=True)
        except OSError:  # (left: the next batch finds its copies recorded, and removes it)
            pass

    def remove_unrecorded(self) -> None:
        """The batch is not recorded (it failed, or its commit did): the copies it made are no one's — removed,
        with the sub-folders left empty, so that a full disk is not fuller for a merge that recorded nothing.
        Call after :meth:`abandon` or :meth:`wait` (no copy is being written)."""
        made, self._written = self._written, []
        touched, self._touched = self._touched, set()
        for path in made:
            discard(path)
        self._end_list(remove=not any(path.exists() for path in made))  # (a copy left stays listed)
        for folder in touched:
            try:
                folder.rmdir()  # only when empty: another batch's copies stay
            except OSError:
                continue
            self._folders.discard(folder)

    def close(self) -> None:
        try:
            self.abandon()
        finally:
            if self._writer is not None:
                self._writer.shutdown()
                self._writer = None

    def _settle(self, allowed: int) -> None:
        """Collect written copies (raising a failure) until at most ``allowed`` bytes wait."""
        while self._pending and (self._waiting > allowed or self._pending[0][0].done()):
            future = self._pop()
            try:
                future.result()
            except CancelledError:
                pass
            except OSError:
                self._drain()
                raise

    def _drain(self) -> None:
        """After a failure: let the other copies finish (their errors are not news)."""
        while self._pending:
            future = self._pop()
            try:
                future.result()
            except Exception:  # noqa: BLE001 - OSError, CancelledError …: the first failure is the news
                pass

    def _pop(self) -> Future:
        future, size = self._pending.popleft()
        self._waiting -= size
        return future

    def _write(self, target: Path, data: bytes) -> None:
        """In the writer thread: ``data`` to ``target`` by way of a temporary file."""
        tmp = target.with_suffix(".part")
        self._touched.add(target.parent)
        try:
            if target.parent not in self._folders:
                target.parent.mkdir(parents=True, exist_ok=True)
                self._folders.add(target.parent)
            self._note(target)
            try:
                tmp.write_bytes(data)
            except FileNotFoundError:  # the folder went away since (deleted by hand): once more
                self._folders.discard(target.parent)
                target.parent.mkdir(parents=True, exist_ok=True)
                tmp.write_bytes(data)
            os.replace(tmp, target)  # in one step: a copy with its final name is always whole
            self._written.append(target)
        except OSError as exc:  # a full disk names no file: name the one being written
            discard(tmp)
            raise naming(exc, target, tmp) from None
