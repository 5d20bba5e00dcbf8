"""Issue 9's promise, case by case: whatever lands in the inbox, the batch completes, every other
section's answer is counted, the hostile file gets exactly its one status and its codes, the inbox
is untouched, nothing is written outside the output locations and no output carries active content.

The cases are in ``hostile_corpus.py``; each runs in a fresh inbox beside good returns of
:data:`hostile_corpus.GOOD_SECTIONS`, through :func:`reform_xlsx.merge.run_merge` in-process (and
a few through the real command line with ``--json``).
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import pytest

import hostile_corpus as corpus
from reform_xlsx import outputs
from reform_xlsx.cli import main
from reform_xlsx.form import layout
from reform_xlsx.ledger.feedback import SHEET_ERRORS
from reform_xlsx.ledger.store import Ledger
from reform_xlsx.merge import run_merge
from reform_xlsx.records import FileStatus

WINDOWS = os.name == "nt"


@pytest.fixture(scope="session")
def ctx(plan, tmp_path_factory):
    return corpus.Ctx(plan, tmp_path_factory.mktemp("corpus"))


@dataclass
class Run:
    """One batch: where it ran and what it left."""

    root: Path
    inbox: Path
    out: Path
    db: Path
    goods: dict[str, str]  # section → file name
    expected: dict[str, corpus.Expect] = field(default_factory=dict)
    files: dict[str, tuple[str, list[str]]] = field(default_factory=dict)  # name → (status, codes)
    messages: list[str] = field(default_factory=list)  # every problem's message

    @property
    def archive(self) -> Path:
        return self.db.with_name(self.db.stem + "_archive")

    def allowed(self, rel: str) -> bool:
        """Whether a change at ``rel`` (relative to ``root``) is one merge may make."""
        run = self.out.parent.relative_to(self.root).as_posix()
        return (rel == f"{run}/out" or rel.startswith(f"{run}/out/") or rel == f"{run}/{self.db.name}"
                or rel == f"{run}/{self.archive.name}" or rel.startswith(f"{run}/{self.archive.name}/"))


def prepare(ctx: corpus.Ctx, root: Path, case: corpus.Case) -> Run:
    """A fresh inbox: good returns of other sections, then the case's file(s)."""
    inbox = root / "inbox"
    run_dir = root / "w" / "run"
    run_dir.mkdir(parents=True)
    (root / "cwd").mkdir()
    goods = {s: corpus.name_of(s) for s in corpus.GOOD_SECTIONS if s not in case.stands_for}
    if not case.stands_for:  # the case goes beside a good return of its own section too
        goods[corpus.H] = corpus.name_of(corpus.H)
    for section, name in goods.items():
        ctx.good_copy(section, inbox / name)
    run = Run(root, inbox, run_dir / "out", run_dir / "ledger.db", goods)
    run.expected = case.make(ctx, inbox)
    return run


def check_goods(ctx: corpus.Ctx, run: Run, answers) -> None:
    """Every good return accepted without a problem, with every value it holds."""
    for section, name in run.goods.items():
        assert run.files[name] == (FileStatus.ACCEPTED, []), (section, run.files[name])
        mine = answers[answers.section == section]
        got = {(r.id, r.field): r.value for r in mine.itertuples()}
        want = {(row_id, corpus.FIELDS[label]): ("A" if label == corpus.GRADE else value)
                for rows in ctx.answers(section).values() for row_id, values in rows.items()
                if row_id != layout.RESPONDENT_ID  # (kept on the submission, not among the answers)
                for label, value in values.items()}
        assert got == want, section


CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def check_hostile(run: Run) -> None:
    """Exactly one status per file, and each hostile file's declared status and codes; every
    message Japanese, without control characters, naming what it quotes once (not 「数式（数式）」)."""
    assert set(run.files) == set(run.goods.values()) | set(run.expected), "one result per file, no more"
    for name, want in run.expected.items():
        assert run.files[name] == (want.status, list(want.codes)), name
    for message in run.messages:
        assert re.search("[\u3040-\u30ff]", message) and not CONTROL.search(message), message
        assert "数式（数式）" not in message, message


def check_outputs(run: Run) -> None:
    """No output holds active content; only the meeting and public workbooks have formulas (their
    own), and no CSV cell reads as a formula."""
    own = corpus.own_formulas()
    for path in sorted(run.out.rglob("*.xlsx")):
        assert corpus.active_content(path, own_formulas=path.name in own) == [], path.name
    for path in sorted(run.out.rglob("*.csv")):
        assert corpus.csv_formulas(path) == [], path.name


def ledger_answers(db: Path):
    """The year's current answers, as the ledger holds them after the merge."""
    with Ledger(db) as ledger:
        return ledger.answers([corpus.YEAR])


def merged(run: Run, plan, **kwargs):
    result = run_merge([run.inbox], plan, corpus.YEAR, db=run.db, out=run.out, **kwargs)
    run.files = {f.result.name: (f.status, sorted({p.code for p in f.problems})) for f in result.batch.files}
    run.messages = [p.message for f in result.batch.files for p in f.problems]
    return result


@pytest.mark.parametrize("case", corpus.CASES, ids=[f"{c.group}-{c.name}" for c in corpus.CASES])
def test_hostile_case(case, ctx, plan, tmp_path, monkeypatch):
    if case.posix and WINDOWS:
        pytest.skip("FIFOs, sockets and symbolic links are POSIX cases")
    run = prepare(ctx, tmp_path, case)
    monkeypatch.chdir(tmp_path / "cwd")  # a write relative to the working folder would show
    inbox_before, tree_before = corpus.snapshot(run.inbox, folders=True), corpus.snapshot(tmp_path)

    result = merged(run, plan, public=True)

    assert corpus.snapshot(run.inbox, folders=True) == inbox_before, "the inbox is only ever read"
    tree_after = corpus.snapshot(tmp_path)
    changed = sorted(p for p in tree_before.keys() | tree_after.keys() if tree_before.get(p) != tree_after.get(p))
    assert [p for p in changed if not run.allowed(p)] == [], "written outside --out, the ledger and its archive"
    check_hostile(run)
    check_goods(ctx, run, ledger_answers(run.db))
    check_outputs(run)
    copies = {Path(p).name for p in result.feedback.values()}
    assert copies <= {outputs.feedback(corpus.YEAR, s) for s in plan.sections}, "names only from the plan"
    if case.followup:  # the same ledger, then good files only: nothing the hostile file left may stop it
        for name in run.expected:
            (run.inbox / name).unlink()
        again = run_merge([run.inbox], plan, corpus.YEAR, db=run.db, out=run.root / "w" / "run" / "out")
        assert {f.status for f in again.batch.files} == {FileStatus.ACCEPTED}


CLI_CASES = ["section_dotdot_deep", "content_types_bad_deflate", "kpi_x0007", "yen_1e30", "dde_formula",
             "xlsm_rejected", "duplicate_custom_entry", "symlink_dev_zero", "fifo"]


@pytest.mark.parametrize("name", CLI_CASES)
def test_hostile_case_through_the_command_line(name, ctx, tmp_path, monkeypatch, capsys):
    case = next(c for c in corpus.CASES if c.name == name)
    if case.posix and WINDOWS:
        pytest.skip("POSIX case")
    run = prepare(ctx, tmp_path, case)
    monkeypatch.chdir(tmp_path / "cwd")
    before = corpus.snapshot(run.inbox, folders=True)
    code = main(["merge", str(run.inbox), "--year", "R8", "--out", str(run.out), "--db", str(run.db), "--json"])
    captured = capsys.readouterr()
    assert code == 1, captured.err  # finished; something is rejected or missing
    assert "Traceback" not in captured.err
    doc = json.loads(captured.out)
    assert doc["exit_code"] == 1
    run.files = {f["name"]: (f["status"], sorted({i["code"] for i in f["issues"]})) for f in doc["files"]}
    run.messages = [i["message"] for f in doc["files"] for i in f["issues"]]
    check_hostile(run)
    assert {s["section"]: s["status"] for s in doc["sections"] if s["section"] in run.goods} == dict.fromkeys(
        run.goods, "提出済")
    assert corpus.snapshot(run.inbox, folders=True) == before
    check_outputs(run)


POISONS = [json.dumps(10**30), json.dumps(2**63), json.dumps(1e300), json.dumps(-1e300), json.dumps(float("nan")),
           json.dumps(float("inf")), "not json"]  # json.dumps writes NaN and Infinity as an old version did


def test_a_ledger_poisoned_by_an_old_version_does_not_stop_later_merges(ctx, plan, tmp_path):
    """An old version stored values out of range: later merges of good files still complete, and
    each such value is read as blank."""
    inbox = tmp_path / "inbox"
    for section in corpus.GOOD_SECTIONS:
        ctx.good_copy(section, inbox / corpus.name_of(section))
    db = tmp_path / "ledger.db"
    run_merge([inbox], plan, corpus.YEAR, db=db, out=tmp_path / "out1")
    with sqlite3.connect(db) as con:
        rows = [r for (r,) in con.execute("SELECT rowid FROM answers WHERE field IN ('effect_yen', 'actual')")]
        assert len(rows) >= len(POISONS)
        con.executemany("UPDATE answers SET value = ? WHERE rowid = ?",
                        [(POISONS[n % len(POISONS)], r) for n, r in enumerate(rows)])
    ctx.good_copy(corpus.H, inbox / corpus.name_of(corpus.H))
    result = run_merge([inbox], plan, corpus.YEAR, db=db, out=tmp_path / "out2", public=True)
    assert {f.status for f in result.batch.files} == {FileStatus.ACCEPTED}
    answers = ledger_answers(db)
    numbers = answers[answers.field.isin(["effect_yen", "actual"])]
    assert set(numbers[numbers.section != corpus.H].value) == {None}
    assert None not in set(numbers[numbers.section == corpus.H].value)
    with Ledger(db) as ledger:
        assert len(ledger.submissions(corpus.YEAR)) == 3


def test_rows_pasted_by_the_thousand_are_said_twenty_at_a_time(ctx, plan, tmp_path):
    """Thousands of rows pasted under the table: 20 of each kind said one by one, the rest counted in one S018
    naming how many and where; the S006 of the copied row lists 20 of its rows. The 受付結果 and the 差し戻し copy's
    エラー一覧 have tens of lines, not thousands, and no comment on the copy grows with the rows past Excel's limit."""
    case = next(c for c in corpus.CASES if c.name == "rows_pasted")
    run = prepare(ctx, tmp_path, case)
    result = merged(run, plan)
    problems = next(f.problems for f in result.batch.files if f.result.name == corpus.name_of(corpus.H))
    codes = [p.code for p in problems]
    assert (codes.count("S007"), codes.count("S008"), codes.count("S006"), codes.count("S018")) == (20, 20, 1, 1)
    more = next(p for p in problems if p.code == "S018")
    assert f"{2 * (corpus.PASTED - 20):,} 行あります" in more.message, more.message
    twice = next(p for p in problems if p.code == "S006")
    assert f"ほか {corpus.PASTED - 19:,} 行" in twice.message and len(twice.message) < 2000, twice.message[:300]
    copy = openpyxl.load_workbook(result.feedback[corpus.name_of(corpus.H)])
    assert copy[SHEET_ERRORS].max_row < 100
    comments = [c.comment.text for ws in copy for row in ws.iter_rows() for c in row if c.comment]
    assert max(map(len, comments)) < 32767  # (Excel's limit of a cell's text, which a comment shares)


def test_a_value_filled_to_the_last_column_is_said_for_twenty_columns(ctx, plan, tmp_path):
    case = next(c for c in corpus.CASES if c.name == "value_filled_to_xfd")
    run = prepare(ctx, tmp_path, case)
    result = merged(run, plan)
    problems = next(f.problems for f in result.batch.files if f.result.name == corpus.name_of(corpus.H))
    assert [p.code for p in problems] == ["S010"] * 20 + ["S017"]
    assert "16,353 列（AF～XFD 列の間、入力のあるセル 16,353 個）" in problems[-1].message, problems[-1].message
