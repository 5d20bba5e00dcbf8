"""Two merges started at the same moment on a ledger that does not exist yet (a clerk double-clicks the batch file, two
clerks run merge on the shared working folder): both see no ledger when they start, one records first. The other must
neither say it made the ledger nor — when it refuses its own batch — remove the ledger and originals the first one
recorded. The first merge runs as its own process, let in at the moment the second has opened the ledger and is about
to read (the second waits for the ledger, as it would)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from reform_xlsx import merge as merge_module
from reform_xlsx.cli import main
from reform_xlsx.ledger.store import Ledger
from reform_xlsx.merge import WrongYearError, run_merge
from reform_xlsx.templates import write_templates

SAMPLES = Path(__file__).parent.parent / "samples" / "inbox"
SRC = Path(__file__).parent.parent / "src"


def _other_merge_first(monkeypatch, argv: list[str], said: list[subprocess.CompletedProcess]) -> None:
    """Run ``reform-xlsx argv`` to its end just before this process's merge starts reading and recording."""
    real = merge_module.read_and_record

    def after_the_other(*args, **kwargs):
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])}
        said.append(subprocess.run([sys.executable, "-m", "reform_xlsx", *argv], env=env, capture_output=True,
                                   text=True, encoding="utf-8", timeout=300, check=False))
        return real(*args, **kwargs)

    monkeypatch.setattr(merge_module, "read_and_record", after_the_other)


def _recorded(db: Path) -> list[str]:
    with Ledger(db) as ledger:
        return sorted(row["name"] for row in ledger.submissions(2026))


def test_the_merge_that_records_second_does_not_say_it_made_the_ledger(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "out" / "reform.db"
    said: list[subprocess.CompletedProcess] = []
    _other_merge_first(monkeypatch, ["merge", str(SAMPLES), "--year", "R8", "--out", "out", "--db", str(db)], said)
    assert main(["merge", str(SAMPLES), "--year", "R8", "--out", "out", "--db", str(db)]) == 1
    second = capsys.readouterr().out
    (first,) = said
    assert first.returncode == 1, first.stderr
    assert f"台帳: {db}（新しく作りました" in first.stdout  # the one that recorded first made it
    assert f"台帳: {db}\n" in second and "新しく作りました" not in second
    assert "今回はじめて記録 0 件" in second  # every file was the first one's
    assert _recorded(db)


def test_a_refused_merge_keeps_the_ledger_and_originals_another_merge_recorded(tmp_path, plan, monkeypatch):
    """The second merge was given only another year's templates (WrongYearError): it records nothing and removes what
    it made — but the ledger, by then, holds the first merge's records and its archive the originals."""
    write_templates(plan, 2027, tmp_path / "来年度", sections=["観光課"])
    db = tmp_path / "out" / "reform.db"
    said: list[subprocess.CompletedProcess] = []
    _other_merge_first(monkeypatch, ["merge", str(SAMPLES), "--year", "R8", "--out", str(tmp_path / "out"),
                                     "--db", str(db)], said)
    with pytest.raises(WrongYearError):
        run_merge([tmp_path / "来年度"], plan, 2026, db=db, out=tmp_path / "out")
    (first,) = said
    assert first.returncode == 1, first.stderr
    recorded = _recorded(db)
    assert len(recorded) >= 10  # the samples, as the first merge recorded them
    archive = Ledger.default_archive(db)
    assert len([p for p in archive.rglob("*") if p.is_file()]) >= 10  # its originals
    assert not [p for p in db.parent.iterdir() if p.name.startswith(db.name + "-")]  # no journal left behind


def test_a_refused_merge_alone_still_leaves_nothing(tmp_path, plan):
    """What the first two tests keep is another merge's: on its own, a refused first merge makes nothing."""
    write_templates(plan, 2027, tmp_path / "来年度", sections=["観光課"])
    with pytest.raises(WrongYearError):
        run_merge([tmp_path / "来年度"], plan, 2026, db=tmp_path / "out" / "reform.db", out=tmp_path / "out")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["来年度"]
