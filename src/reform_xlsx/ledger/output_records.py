"""The outputs each run wrote, by content: a rerun with nothing new writes nothing, a file merge wrote may be replaced
(never one someone saved in its place), and a later year's packet knows what it showed of the years before it (R006).

A part of :class:`~reform_xlsx.ledger.store.Ledger` (its ``db``, ``transaction``, ``answers`` and paths).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import defaultdict
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

from reform_xlsx.ledger.rows import file_sha256
from reform_xlsx.ledger.schema import OUTPUT_SOURCES
from reform_xlsx.wareki import format_fiscal_year

if TYPE_CHECKING:
    from reform_xlsx.ledger.outcome import FileOutcome


class OutputRecords:
    """The output records of :class:`~reform_xlsx.ledger.store.Ledger`."""

    def batch_signature(self, year: int, first_year: int, files: list[FileOutcome], extra: list) -> str:
        """What the outputs of ``year`` are made from: every file recorded for the years up to it,
        their verdicts and problems, the files of this run, and ``extra`` (tool, plan, options)."""
        digest = hashlib.sha256(json.dumps(extra, ensure_ascii=False, default=str).encode("utf-8", "surrogatepass"))
        for row in self.db.execute(
                "SELECT id, year, status, duplicate_of, section, submitted_at, received_at, issues FROM submissions"
                " WHERE year BETWEEN ? AND ? ORDER BY id", (first_year, year)):
            digest.update(json.dumps(tuple(row), ensure_ascii=False).encode("utf-8"))
        digest.update(json.dumps(sorted(f.submission_id for f in files)).encode("utf-8"))
        return digest.hexdigest()

    def _outputs_in(self, year: int, out: Path) -> list[sqlite3.Row]:
        """The outputs of ``year`` recorded (or noted) in the folder ``out``: a ledger may be used with several
        output folders, each keeps its own."""
        folder = Path(out).resolve()
        return [r for r in self.db.execute("SELECT rowid, * FROM outputs WHERE year = ?", (year,))
                if self.recorded_path(r["path"]).resolve().is_relative_to(folder)]

    def unchanged_outputs(self, year: int, signature: str, out: Path) -> dict[str, dict[str, Path]] | None:
        """The outputs the last run of ``year`` wrote into ``out``, if it had this ``signature`` and every
        file is still there as it was written; else None (write them again). Each path is named from ``out`` as
        given (「out/…」 as the run that wrote them said, not the ledger's absolute record)."""
        rows = self._outputs_in(year, out)
        if not rows or any(r["signature"] != signature for r in rows):
            return None
        found: dict[str, dict[str, Path]] = {"outputs": {}, "feedback": {}}
        folder = Path(out).resolve()
        for r in rows:
            path = self.recorded_path(r["path"])
            if not path.is_file() or file_sha256(path) != r["sha256"]:
                return None
            found[r["kind"]][r["key"]] = Path(out) / path.resolve().relative_to(folder)
        return found

    def recorded_outputs(self, year: int, kind: str) -> list[Path]:
        """The paths the last merge of ``year`` wrote (``kind``: outputs | feedback)."""
        return [self.recorded_path(r["path"]) for r in self.db.execute(
            "SELECT path FROM outputs WHERE year = ? AND kind = ?", (year, kind))]

    def outputs_after(self, year: int) -> dict[tuple[int, Path], set[str]]:
        """The outputs merge recorded for the years after ``year``, by (year, folder): their roles (of the files a
        stopped run noted, their names) — the packets that show ``year`` as 前年度 and in 年度別の推移. Also the
        folders ``report`` alone made a later year's packet in (``report --final --out 総括``: no merge of that
        year wrote there, :meth:`record_output_sources` remembered them), by the names of that year's files there."""
        found: dict[tuple[int, Path], set[str]] = defaultdict(set)
        for r in self.db.execute("SELECT year, kind, key, path FROM outputs WHERE year > ? AND kind != 'feedback'"
                                 " ORDER BY year, rowid", (year,)):
            path = self.recorded_path(r["path"])
            found[(r["year"], path.parent)].add(r["key"] if r["kind"] == "outputs" else path.name)
        if self._has_output_sources():
            for r in self.db.execute("SELECT DISTINCT year, folder FROM output_sources WHERE year > ? ORDER BY year",
                                     (year,)).fetchall():
                folder = self.recorded_path(r["folder"])
                if (r["year"], folder) in found or not folder.is_dir():
                    continue
                prefix = format_fiscal_year(r["year"]) + "_"
                with suppress(OSError):
                    names = {p.name for p in folder.iterdir() if p.name.startswith(prefix) and p.is_file()}
                    if names:  # (a folder emptied since: nothing to make again there)
                        found[(r["year"], folder)] = names
        return dict(found)

    def accepted_digest(self, year: int) -> str:
        """What later years' outputs take of ``year``: its accepted answers in use (推進室評価 too) and whether the
        ledger knows of it at all (a year with no record is 記録なし there). Not the files' names: they are shown as
        the folders given to each merge name them."""
        text = self.answers([year]).drop(columns="file").to_csv(index=False) + str(self.surveyed(year))
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()

    def record_output_sources(self, year: int, out: Path, digests: dict[int, str]) -> None:
        """Remember what the outputs of ``year`` just made in the folder ``out`` (by merge or report) show of the
        years before it: ``digests``, each year's :meth:`accepted_digest` when they were made (R006 compares them
        with the ledger's until they are made again)."""
        folder = self._path_text(Path(out))
        with self.transaction():  # (its reads too: a busy or damaged ledger is a LedgerError, never an SQLite error)
            signature = self._folder_signature(year, Path(out))
            self.db.execute(OUTPUT_SOURCES)
            self.db.execute("DELETE FROM output_sources WHERE year = ? AND folder = ?", (year, folder))
            self.db.executemany("INSERT INTO output_sources VALUES (?, ?, ?, ?, ?)",
                                [(year, folder, earlier, digest, signature) for earlier, digest in digests.items()])

    def output_sources(self, year: int, folder: Path) -> dict[int, str] | None:
        """The digests :meth:`record_output_sources` remembered for the outputs of ``year`` in ``folder``; None when
        none are known (outputs made before they were remembered, or written again since by an older reform-xlsx)."""
        if not self._has_output_sources():
            return None
        rows = self.db.execute("SELECT earlier, digest, signature FROM output_sources WHERE year = ? AND folder = ?",
                               (year, self._path_text(folder))).fetchall()
        if not rows or any(r["signature"] != self._folder_signature(year, folder) for r in rows):
            return None
        return {r["earlier"]: r["digest"] for r in rows}

    def _has_output_sources(self) -> bool:
        """Whether this ledger has the table ``output_sources`` (created when first written, so that ledgers of the
        same version without it keep working with older reform-xlsx)."""
        return self.db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'output_sources'"
                               ).fetchone() is not None

    def _folder_signature(self, year: int, folder: Path) -> str:
        """The signatures of the outputs of ``year`` merge recorded in ``folder`` (empty: none recorded there)."""
        return "|".join(sorted({r["signature"] for r in self._outputs_in(year, folder)}))

    def wrote(self, path: Path, year: int | None = None) -> bool:
        """Whether the file at ``path`` is one this ledger's merge wrote (as recorded for ``year``, or any
        year): then replacing or deleting it loses nothing — never a file someone saved in its place."""
        sha = file_sha256(path)
        if year is None:
            return self.db.execute("SELECT 1 FROM outputs WHERE sha256 = ? LIMIT 1", (sha,)).fetchone() is not None
        return self.db.execute("SELECT 1 FROM outputs WHERE year = ? AND sha256 = ? LIMIT 1",
                               (year, sha)).fetchone() is not None

    def knows_content(self, year: int, path: Path) -> bool:
        """Whether the file at ``path`` is one this ledger wrote (as recorded for ``year``) or has read:
        then replacing it loses nothing."""
        sha = file_sha256(path)
        return self.db.execute("SELECT 1 FROM outputs WHERE year = ? AND sha256 = ? UNION ALL"
                               " SELECT 1 FROM submissions WHERE year = ? AND sha256 = ? LIMIT 1",
                               (year, sha, year, sha)).fetchone() is not None

    def note_written(self, year: int, target: Path, complete: Path) -> None:
        """Note, before it is put in place, the file merge is about to write at ``target`` (its complete
        temporary file ``complete``): a run stopped before :meth:`remember_outputs` still knows it as its
        own (:meth:`wrote`), never as a file someone saved there. Its empty signature makes the next run
        write every output again."""
        with self.transaction():
            self.db.execute("INSERT INTO outputs VALUES (?, 'written', ?, ?, ?, '')",
                            (year, self._path_text(target), self._path_text(target), file_sha256(complete)))

    def record_rewritten_copies(self, year: int, paths: list[Path]) -> None:
        """Record the 差し戻し copies at ``paths``, written again in place of the ones merge recorded there (``status
        --remind --resubmit-by``: the same copies with another 再提出期限), as merge records its own: each in place of
        its record (same name, same signature: a merge with nothing new finds its outputs as it left them), and as a
        copy sent (F025). A path merge recorded no copy at keeps the note :meth:`note_written` made (the next merge
        writes its outputs again)."""
        with self.transaction():
            for path in paths:
                text, sha = self._path_text(path), file_sha256(path)
                if self.db.execute("UPDATE outputs SET sha256 = ? WHERE year = ? AND kind = 'feedback' AND path = ?",
                                   (sha, year, text)).rowcount:
                    self.db.execute("DELETE FROM outputs WHERE year = ? AND kind = 'written' AND path = ?",
                                    (year, text))
                self.db.execute("INSERT OR IGNORE INTO sent_copies VALUES (?, ?, ?)", (year, text, sha))

    def remember_outputs(self, year: int, signature: str, written: dict[str, dict[str, Path]], out: Path) -> None:
        """What this run wrote into ``out`` (in place of what was recorded there before; other folders'
        records stay)."""
        with self.transaction():
            self.db.executemany("DELETE FROM outputs WHERE rowid = ?", [(r["rowid"],) for r in self._outputs_in(year, out)])
            rows = [(year, kind, key, self._path_text(path), file_sha256(path), signature)
                    for kind, paths in written.items() for key, path in paths.items()]
            self.db.executemany("INSERT INTO outputs VALUES (?, ?, ?, ?, ?, ?)", rows)
            self.db.executemany("INSERT OR IGNORE INTO sent_copies VALUES (?, ?, ?)",
                                [(year, path, sha) for year, kind, _key, path, sha, _sig in rows if kind == "feedback"])
