"""The ledger's rules: once per file, duplicates, the newest accepted file wins, history by year."""

import hashlib
import os
from datetime import datetime
from pathlib import Path

import pytest

from reform_xlsx.intake.result import FileResult
from reform_xlsx.ledger import schema
from reform_xlsx.ledger.store import Ledger
from reform_xlsx.messages import Msg, problem
from reform_xlsx.records import Answer, FileStatus, SectionStatus

SECTIONS = ("市民課", "税務課", "観光課")
NOW = datetime(2027, 5, 10, 9, 30)


def make_file(folder: Path, name: str, content: bytes, mtime: float) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    os.utime(path, (mtime, mtime))
    return path


def result(path: Path, status: str, section: str | None, answers: list[dict] | None = None,
           problems=None, year: int = 2026) -> FileResult:
    data = path.read_bytes()
    return FileResult(path=path, name=path.name, sha256=hashlib.sha256(data).hexdigest(), size=len(data),
                      mtime=path.stat().st_mtime, status=status, real_format="xlsx", section=section,
                      year=year, template_id="t-" + path.stem, problems=list(problems or []),
                      answers=answers or [])


def answer(section: str, value, field="grade", kind="item", item="1-1-1", year=2026, file="a.xlsx") -> Answer:
    return Answer(year, section, kind, item, field, value, str(value), file, "取組状況", "J4")


@pytest.fixture
def ledger(tmp_path):
    with Ledger(tmp_path / "reform.db") as opened:
        yield opened


def test_accepted_file_is_recorded_archived_and_current(tmp_path, ledger):
    f = make_file(tmp_path / "inbox", "shimin.xlsx", b"one", 1000)
    values = [answer("市民課", "A"), answer("市民課", 1500000, field="effect_yen"),
              answer("市民課", 0.31, kind="kpi", item="K01", field="actual"), answer("市民課", None, field="result")]
    batch = ledger.record([result(f, FileStatus.ACCEPTED, "市民課", values)], 2026, SECTIONS, now=NOW)
    assert [(o.status, o.current, o.new) for o in batch.files] == [(FileStatus.ACCEPTED, True, True)]
    assert batch.status.set_index("section").status.to_dict() == {
        "市民課": SectionStatus.SUBMITTED, "税務課": SectionStatus.MISSING, "観光課": SectionStatus.MISSING}
    assert batch.answers.value.tolist() == ["A", 1500000, 0.31, None]
    assert isinstance(batch.answers.value[1], int)
    sha = hashlib.sha256(b"one").hexdigest()
    archived = tmp_path / "reform_archive" / sha[:2] / f"{sha}.xlsx"
    assert archived.read_bytes() == b"one"
    assert batch.files[0].received_at == "2027-05-10T09:30:00"


def test_rerun_changes_nothing(tmp_path, ledger):
    f = make_file(tmp_path, "a.xlsx", b"one", 1000)
    first = ledger.record([result(f, FileStatus.ACCEPTED, "市民課", [answer("市民課", "A")])], 2026, SECTIONS, now=NOW)
    again = ledger.record([result(f, FileStatus.ACCEPTED, "市民課", [answer("市民課", "A")])], 2026, SECTIONS,
                          now=datetime(2027, 6, 1))
    assert [o.new for o in again.files] == [False]
    assert again.files[0].received_at == first.files[0].received_at
    assert len(ledger.submissions(2026)) == 1
    assert again.answers.equals(first.answers)
    assert again.status.equals(first.status)


def test_identical_file_elsewhere_is_one_duplicate(tmp_path, ledger):
    a = make_file(tmp_path, "a.xlsx", b"same", 1000)
    b = make_file(tmp_path, "resent/a (1).xlsx", b"same", 2000)
    batch = ledger.record([result(a, FileStatus.ACCEPTED, "市民課", [answer("市民課", "A")]),
                           result(b, FileStatus.ACCEPTED, "市民課", [answer("市民課", "A")])], 2026, SECTIONS, now=NOW)
    statuses = {o.result.name: o.status for o in batch.files}
    assert statuses == {"a.xlsx": FileStatus.ACCEPTED, "a (1).xlsx": FileStatus.DUPLICATE}
    dup = next(o for o in batch.files if o.status == FileStatus.DUPLICATE)
    assert [p.code for p in dup.problems] == [Msg.LEDGER_DUPLICATE.value.code]
    assert "a.xlsx" in dup.problems[0].message
    assert len(batch.answers) == 1  # the duplicate adds no answers
    ledger.record([result(b, FileStatus.ACCEPTED, "市民課")], 2026, SECTIONS, now=NOW)
    assert len(ledger.submissions(2026)) == 2  # still recorded once


def test_a_copy_of_the_same_name_says_which_folder_holds_the_original(tmp_path, ledger):
    """The inbox copied to a new share (the old one kept) and merged too: L001 names the original's folder, never
    「a.xlsx は a.xlsx と内容がまったく同じ」."""
    a = make_file(tmp_path / "共有" / "受信", "a.xlsx", b"same", 1000)
    ledger.record([result(a, FileStatus.ACCEPTED, "市民課", [answer("市民課", "A")])], 2026, SECTIONS, now=NOW)
    b = make_file(tmp_path / "新共有" / "受信", "a.xlsx", b"same", 1000)
    batch = ledger.record([result(b, FileStatus.ACCEPTED, "市民課", [answer("市民課", "A")])], 2026, SECTIONS, now=NOW)
    [copy] = batch.files
    assert copy.status == FileStatus.DUPLICATE
    assert [p.message for p in copy.problems] == [
        "このファイルは フォルダ「共有/受信」の a.xlsx と内容がまったく同じです（重複として1回だけ記録しました）。送り直しは不要です。"]


@pytest.mark.parametrize("original, copy, named", [
    (("a.xlsx", "/m/共有/受信/a.xlsx"), ("b.xlsx", "/m/共有/受信/b.xlsx"), "a.xlsx"),  # names differ: the name
    (("a.xlsx", "/m/共有/受信/a.xlsx"), ("a.xlsx", "/m/新共有/受信/a.xlsx"), "フォルダ「共有/受信」の a.xlsx"),
    (("再送/a.xlsx", "/m/旧/再送/a.xlsx"), ("再送/a.xlsx", "/m/新/再送/a.xlsx"), "フォルダ「旧」の 再送/a.xlsx"),
    (("受信/a.xlsx", "/m/x/受信/a.xlsx"), ("受信/a.xlsx", "/m/y/受信/a.xlsx"), "フォルダ「x」の 受信/a.xlsx"),
    (("a.xlsx", "/d/受信/a.xlsx"), ("a.xlsx", "/e/受信/a.xlsx"), "フォルダ「/d/受信」の a.xlsx"),  # no folder shared
    (("b/a.xlsx", "/m/b/a.xlsx"), ("b/a.xlsx", "/m/c/b/a.xlsx"), "フォルダ「/m」の b/a.xlsx"),  # one inside the other
    (("a.xlsx", "/m/旧\x1b[31m/a.xlsx"), ("a.xlsx", "/m/新/a.xlsx"), "フォルダ「旧\\x1b[31m」の a.xlsx"),
])
def test_how_l001_names_the_original(original, copy, named):
    def row(name_path):
        return {"name": name_path[0], "path": name_path[1]}
    assert Ledger._original_of(row(copy), row(original)) == named


def test_newest_accepted_file_of_a_section_wins(tmp_path, ledger):
    old = make_file(tmp_path, "zeimu_v1.xlsx", b"v1", 1000)
    new = make_file(tmp_path, "zeimu_v2.xlsx", b"v2", 2000)
    batch = ledger.record([result(new, FileStatus.ACCEPTED, "税務課", [answer("税務課", "B")]),
                           result(old, FileStatus.ACCEPTED, "税務課", [answer("税務課", "A")])], 2026, SECTIONS, now=NOW)
    by_name = {o.result.name: o for o in batch.files}
    assert by_name["zeimu_v2.xlsx"].current and not by_name["zeimu_v1.xlsx"].current
    assert [p.code for p in by_name["zeimu_v1.xlsx"].problems] == ["L002", "L003"]
    assert [p.code for p in by_name["zeimu_v2.xlsx"].problems] == ["L003"]
    assert batch.answers.value.tolist() == ["B"]
    assert batch.status.set_index("section").loc["税務課", "file"] == "zeimu_v2.xlsx"


def test_resubmission_in_a_later_run_supersedes(tmp_path, ledger):
    bad = make_file(tmp_path, "kanko.xlsx", b"bad", 1000)
    error = problem(Msg.PLAN_NOT_FOUND, file="kanko.xlsx", detail="x")
    first = ledger.record([result(bad, FileStatus.REJECTED, "観光課", problems=[error])], 2026, SECTIONS, now=NOW)
    assert first.status.set_index("section").loc["観光課", "status"] == SectionStatus.RETURNED
    assert first.status.set_index("section").loc["観光課", "errors"] == 1
    assert not first.files[0].resolved
    good = make_file(tmp_path, "kanko_fixed.xlsx", b"good", 2000)
    second = ledger.record([result(bad, FileStatus.REJECTED, "観光課", problems=[error]),
                            result(good, FileStatus.ACCEPTED, "観光課", [answer("観光課", "C")])], 2026, SECTIONS, now=NOW)
    by_name = {o.result.name: o for o in second.files}
    assert by_name["kanko.xlsx"].resolved and by_name["kanko_fixed.xlsx"].current
    # A normal correction raises no "two different files" question.
    assert [p.code for o in second.files for p in o.problems if p.code.startswith("L")] == []
    assert second.status.set_index("section").loc["観光課", "status"] == SectionStatus.SUBMITTED


def test_newer_rejected_file_does_not_withdraw_the_accepted_one(tmp_path, ledger):
    good = make_file(tmp_path, "v1.xlsx", b"good", 1000)
    bad = make_file(tmp_path, "v2.xlsx", b"bad", 2000)
    batch = ledger.record([result(good, FileStatus.ACCEPTED, "市民課", [answer("市民課", "A")]),
                           result(bad, FileStatus.REJECTED, "市民課")], 2026, SECTIONS, now=NOW)
    by_name = {o.result.name: o for o in batch.files}
    assert by_name["v1.xlsx"].current and not by_name["v2.xlsx"].resolved
    # Which one did the section mean? Both are asked about.
    assert [p.code for p in by_name["v2.xlsx"].problems] == ["L003"]
    assert batch.status.set_index("section").loc["市民課", "status"] == SectionStatus.SUBMITTED


def test_skipped_files_are_recorded_but_never_a_submission(tmp_path, ledger):
    junk = make_file(tmp_path, "memo.txt", b"hello", 1000)
    batch = ledger.record([result(junk, FileStatus.SKIPPED, None)], 2026, SECTIONS, now=NOW)
    assert batch.files[0].status == FileStatus.SKIPPED
    assert (batch.status.status == SectionStatus.MISSING).all()
    assert ledger.submissions(2026)[0]["name"] == "memo.txt"
    assert not (tmp_path / "reform_archive").exists()


def test_history_by_year(tmp_path, ledger):
    r8 = make_file(tmp_path, "r8.xlsx", b"r8", 1000)
    r9 = make_file(tmp_path, "r9.xlsx", b"r9", 2000)
    ledger.record([result(r8, FileStatus.ACCEPTED, "市民課", [answer("市民課", "B", year=2026)])], 2026, SECTIONS, now=NOW)
    ledger.record([result(r9, FileStatus.ACCEPTED, "市民課", [answer("市民課", "A", year=2027)], year=2027)], 2027, SECTIONS, now=NOW)
    assert ledger.answers([2026]).value.tolist() == ["B"]
    assert ledger.answers().year.tolist() == [2026, 2027]
    assert ledger.answers([2028]).empty


def test_inputs_are_never_modified(tmp_path, ledger):
    f = make_file(tmp_path / "inbox", "a.xlsx", b"content", 1234)
    before = (f.read_bytes(), f.stat().st_mtime, sorted(p.name for p in f.parent.iterdir()))
    ledger.record([result(f, FileStatus.ACCEPTED, "市民課", [answer("市民課", "A")])], 2026, SECTIONS, now=NOW)
    assert (f.read_bytes(), f.stat().st_mtime, sorted(p.name for p in f.parent.iterdir())) == before


def test_the_workbooks_own_save_time_decides_over_the_file_time(tmp_path, ledger):
    # A clone or an e-mail attachment gives every file the same file time; Excel's save time stays.
    older = make_file(tmp_path, "doboku_b.xlsx", b"first", 5000)
    newer = make_file(tmp_path, "doboku_a.xlsx", b"second", 5000)
    first, second = result(older, FileStatus.ACCEPTED, "市民課", [answer("市民課", "D")]), \
        result(newer, FileStatus.ACCEPTED, "市民課", [answer("市民課", "A")])
    first.saved_at, second.saved_at = 100.0, 200.0
    batch = ledger.record([first, second], 2026, SECTIONS, now=NOW)
    assert batch.answers.value.tolist() == ["A"]
    assert [o.result.name for o in batch.files if o.current] == ["doboku_a.xlsx"]


def test_a_rejected_file_that_now_reads_as_accepted_is_taken(tmp_path, ledger):
    # e.g. the office corrected the plan file, or a fixed reader no longer rejects it
    f = make_file(tmp_path, "a.xlsx", b"content", 1000)
    first = ledger.record([result(f, FileStatus.REJECTED, "市民課")], 2026, SECTIONS, now=NOW)
    assert first.status.set_index("section").loc["市民課", "status"] == SectionStatus.RETURNED
    again = ledger.record([result(f, FileStatus.ACCEPTED, "市民課", [answer("市民課", "A")])], 2026, SECTIONS,
                          now=datetime(2027, 6, 1))
    assert [(o.status, o.new, o.received_at) for o in again.files] == [(FileStatus.ACCEPTED, False, "2027-05-10T09:30:00")]
    assert again.answers.value.tolist() == ["A"]
    assert again.status.set_index("section").loc["市民課", "status"] == SectionStatus.SUBMITTED
    assert len(ledger.submissions(2026)) == 1


def test_an_accepted_file_is_never_withdrawn_by_a_later_read(tmp_path, ledger):
    # a passing fault (a time-out on a busy machine) must not take answers back
    f = make_file(tmp_path, "a.xlsx", b"content", 1000)
    ledger.record([result(f, FileStatus.ACCEPTED, "市民課", [answer("市民課", "A")])], 2026, SECTIONS, now=NOW)
    again = ledger.record([result(f, FileStatus.REJECTED, "市民課")], 2026, SECTIONS, now=NOW)
    assert [o.status for o in again.files] == [FileStatus.ACCEPTED]
    assert again.answers.value.tolist() == ["A"]


def test_a_version_1_ledger_is_migrated_to_western_years(tmp_path):
    """Ledgers written before years were Western (2026) held Reiwa numbers (8): they read on."""
    f = make_file(tmp_path / "inbox", "shimin.xlsx", b"one", 1000)
    db = tmp_path / "old.db"
    with Ledger(db) as ledger:
        ledger.record([result(f, FileStatus.ACCEPTED, "市民課", [answer("市民課", "A")])], 2026, SECTIONS, now=NOW)
        with ledger.db:
            ledger.db.execute("UPDATE submissions SET year = year - 2018, template_year = template_year - 2018")
            ledger.db.execute("UPDATE answers SET year = year - 2018")
            ledger.db.execute("PRAGMA user_version = 1")
    with Ledger(db) as ledger:
        assert ledger.answers([2026]).value.tolist() == ["A"]
        assert [s["template_year"] for s in ledger.submissions(2026)] == [2026]
        assert ledger.db.execute("PRAGMA user_version").fetchone()[0] == schema.VERSION


def test_a_version_3_ledger_gains_the_columns_of_versions_5_to_7(tmp_path):
    """Version 5 keeps the form, what the submitted time rests on, the 回答者欄, the deadline and contact
    of each file, and the 照会 (requests). A version 3 ledger reads on: its rows keep their times."""
    f = make_file(tmp_path / "inbox", "shimin.xlsx", b"one", 1000)
    db = tmp_path / "v3.db"
    with Ledger(db) as ledger:
        ledger.record([result(f, FileStatus.ACCEPTED, "市民課", [answer("市民課", "A")])], 2026, SECTIONS, now=NOW)
        with ledger.db:
            for column in ("form", "submitted_from", "respondent", "deadline", "contact"):
                ledger.db.execute(f"ALTER TABLE submissions DROP COLUMN {column}")
            ledger.db.execute("DROP TABLE requests")
            ledger.db.execute("PRAGMA user_version = 3")
    with Ledger(db) as ledger:
        columns = {r["name"] for r in ledger.db.execute("PRAGMA table_info(submissions)")}
        assert {"form", "submitted_from", "respondent", "deadline", "contact"} <= columns
        assert ledger.db.execute("PRAGMA user_version").fetchone()[0] == schema.VERSION == 8
        assert ledger.plan_record() is None  # version 4's table of the ledger's plan is there too
        (row,) = ledger.submissions(2026)
        assert (row["submitted_at"], row["submitted_from"], row["form"]) == (1000, None, None)
        assert ledger.answers([2026]).value.tolist() == ["A"]
        ledger.record_requests(2026, [("市民課", "2027-05-28", "人事行政課", "t1")])
        assert ledger.deadline_of(2026, "市民課") == "2027-05-28"


def test_every_count_of_a_section_agrees(tmp_path, ledger):
    """Two valid returns from one section: 課別, ファイル別 and status count the same problems."""
    old = make_file(tmp_path, "v1.xlsx", b"one", 1000)
    new = make_file(tmp_path, "v2.xlsx", b"two", 2000)
    batch = ledger.record([result(old, FileStatus.ACCEPTED, "市民課", [answer("市民課", "A")]),
                           result(new, FileStatus.ACCEPTED, "市民課", [answer("市民課", "B")])], 2026, SECTIONS, now=NOW)
    by_name = {o.result.name: o for o in batch.files}
    assert [p.code for p in by_name["v1.xlsx"].problems] == ["L002", "L003"]
    assert [p.code for p in by_name["v2.xlsx"].problems] == ["L003"]
    row = batch.status.set_index("section").loc["市民課"]
    assert (row["file"], row["warnings"], row["errors"]) == ("v2.xlsx", by_name["v2.xlsx"].warnings, 0) == ("v2.xlsx", 1, 0)
    assert ledger.section_status(2026, SECTIONS).set_index("section").loc["市民課", "warnings"] == 1
    stored = {s["name"]: [i["code"] for i in s["issues"]] for s in ledger.submissions(2026)}
    assert stored == {"v1.xlsx": ["L002", "L003"], "v2.xlsx": ["L003"]}


def test_l003_names_a_few_files_and_counts_the_rest(tmp_path, ledger):
    files = [make_file(tmp_path, f"v{n}.xlsx", bytes([n]), 1000 + n) for n in range(8)]
    batch = ledger.record([result(f, FileStatus.ACCEPTED, "市民課", [answer("市民課", "A")]) for f in files],
                          2026, SECTIONS, now=NOW)
    message = next(p.message for p in batch.files[0].problems if p.code == "L003")
    assert "8 件" in message and "ほか 4 件" in message and message.count(".xlsx") == 3


@pytest.mark.parametrize("order", [[3, 0, 2, 1], [1, 2, 0, 3], [0, 1, 2, 3]])
def test_l003_names_the_same_files_whatever_order_the_workers_returned_them(tmp_path, order):
    """Workers hand files back in whatever order they finish: the warning names the others by name."""
    with Ledger(tmp_path / "reform.db") as ledger:
        files = [make_file(tmp_path, f"v{n}.xlsx", bytes([n]), 1000 + n) for n in range(4)]
        batch = ledger.record([result(files[n], FileStatus.ACCEPTED, "市民課", [answer("市民課", "A")]) for n in order],
                              2026, SECTIONS, now=NOW)
        said = {o.result.name: next(p.message for p in o.problems if p.code == "L003") for o in batch.files}
    assert "（ほかに v1.xlsx、v2.xlsx、v3.xlsx）" in said["v0.xlsx"]
    assert "（ほかに v0.xlsx、v1.xlsx、v2.xlsx）" in said["v3.xlsx"]


@pytest.mark.parametrize("first_status", [FileStatus.ACCEPTED, FileStatus.REJECTED])
def test_a_file_saved_on_a_clock_ahead_does_not_stay_the_newest_for_ever(tmp_path, ledger, first_status):
    """A section's PC says 2099: its file cannot have been saved after it arrived, so the corrected file
    that arrives later is the newer one — it used to lose to 2099 for good."""
    ahead = make_file(tmp_path / "inbox", "観光課_第1版.xlsx", b"wrong", datetime(2099, 1, 1).timestamp())
    fixed = make_file(tmp_path / "inbox", "観光課_第2版.xlsx", b"fixed", datetime(2027, 5, 12, 10).timestamp())
    ledger.record([result(ahead, first_status, "観光課", [answer("観光課", "C")])], 2026, SECTIONS, now=NOW)
    batch = ledger.record([result(fixed, FileStatus.ACCEPTED, "観光課", [answer("観光課", "A")])], 2026, SECTIONS,
                          now=datetime(2027, 5, 12, 11))
    by_name = {o.result.name: o for o in batch.files}
    assert by_name["観光課_第2版.xlsx"].current and not by_name["観光課_第2版.xlsx"].problems
    assert batch.answers.value.tolist() == ["A"]
    rows = {r["name"]: r for r in ledger.submissions(2026)}
    codes = [p["code"] for p in rows["観光課_第1版.xlsx"]["issues"]]
    assert codes == (["L002"] if first_status == FileStatus.ACCEPTED else [])  # superseded, or a rejection resolved
    assert rows["観光課_第1版.xlsx"]["submitted_at"] == datetime(2099, 1, 1).timestamp()  # shown as the file says
    (section,) = [r for r in batch.sections if r["section"] == "観光課"]
    assert (section["status"], section["file"], section["returned"]) == (SectionStatus.SUBMITTED, "観光課_第2版.xlsx", None)


def test_files_of_one_section_from_different_merges_are_a_resubmission_not_l003(tmp_path, ledger):
    """L003 asks about files that came together; a file rejected on 5/20 and its still-wrong successor
    of 5/25 are a resubmission (the older one gained an L003 after the fact)."""
    first = make_file(tmp_path, "doboku.xlsx", b"one", datetime(2027, 5, 20, 9).timestamp())
    ledger.record([result(first, FileStatus.REJECTED, "市民課")], 2026, SECTIONS, now=datetime(2027, 5, 20, 10))
    second = make_file(tmp_path, "doboku_fixed.xlsx", b"two", datetime(2027, 5, 25, 9).timestamp())
    batch = ledger.record([result(second, FileStatus.REJECTED, "市民課")], 2026, SECTIONS, now=datetime(2027, 5, 25, 10))
    assert {o.result.name: [p.code for p in o.problems] for o in batch.files} == {"doboku_fixed.xlsx": []}
    assert {r["name"]: [p["code"] for p in r["issues"]] for r in ledger.submissions(2026)} == {
        "doboku.xlsx": [], "doboku_fixed.xlsx": []}
    (section,) = [r for r in batch.sections if r["section"] == "市民課"]
    assert (section["status"], section["file"]) == (SectionStatus.RETURNED, "doboku_fixed.xlsx")


@pytest.mark.parametrize("saved, received, timely", [
    (datetime(2099, 1, 1), datetime(2027, 5, 20, 10), "期限内"),  # a clock years ahead: when it came counts
    (datetime(2027, 5, 27, 9), datetime(2027, 5, 27, 10), "期限内"),
    (datetime(2027, 6, 1, 9), datetime(2026, 12, 3, 10), "期限後"),  # months "ahead" (merged early, the
    # samples): the workbook's own time stands
])
def test_on_time_with_a_clock_ahead(tmp_path, ledger, saved, received, timely):
    f = make_file(tmp_path, "shimin.xlsx", b"one", saved.timestamp())
    r = result(f, FileStatus.ACCEPTED, "市民課", [answer("市民課", "A")])
    r.deadline = "2027-05-28"
    batch = ledger.record([r], 2026, SECTIONS, now=received)
    assert batch.files[0].timeliness == timely
    (row,) = [s for s in batch.sections if s["section"] == "市民課"]
    assert row["timeliness"] == timely


def _selects(ledger: Ledger) -> list[str]:
    seen: list[str] = []
    ledger.db.set_trace_callback(lambda sql: seen.append(sql) if sql.lstrip().upper().startswith("SELECT") else None)
    return seen


def test_a_content_never_met_is_recorded_without_a_look_up_and_one_met_before_is_still_found(tmp_path, ledger):
    first = make_file(tmp_path / "inbox", "a.xlsx", b"first", 1000)
    ledger.record([result(first, FileStatus.ACCEPTED, "市民課", [answer("市民課", "A")])], 2026, SECTIONS, now=NOW)
    new = make_file(tmp_path / "inbox", "b.xlsx", b"new", 2000)
    copy = make_file(tmp_path / "inbox", "copy of a.xlsx", b"first", 3000)  # met before, under another path
    twin = make_file(tmp_path / "inbox", "c.xlsx", b"new", 4000)  # the same content as b, in the same batch
    with ledger.batch(2026, now=NOW) as batch:
        seen = _selects(ledger)
        assert batch.known(new, hashlib.sha256(b"new").hexdigest(), new.name) is None
        batch.add(result(new, FileStatus.ACCEPTED, "税務課", [answer("税務課", "B")]))
        # never met: not looked up by content, only read back once recorded
        assert not [s for s in seen if "sha256 =" in s]
        assert batch.known(twin, hashlib.sha256(b"new").hexdigest(), twin.name) is None
        assert [s for s in seen if "sha256 =" in s]  # met within the batch: looked up as before
        batch.add(result(twin, FileStatus.ACCEPTED, "税務課", [answer("税務課", "B")]))
        batch.add(result(copy, FileStatus.ACCEPTED, "市民課", [answer("市民課", "A")]))
    ledger.db.set_trace_callback(None)
    statuses = {o.result.name: o.status for o in batch.outcome(SECTIONS).files}
    # the copy of a file recorded in an earlier merge, and the later of two identical new files: duplicates
    assert statuses == {"b.xlsx": FileStatus.ACCEPTED, "c.xlsx": FileStatus.DUPLICATE,
                        "copy of a.xlsx": FileStatus.DUPLICATE}


@pytest.mark.parametrize("second_at, recorded", [
    (NOW, "2027-05-10T09:30:01"),  # the same second: a second later, so the later merge's files came after
    (NOW.replace(microsecond=900_000), "2027-05-10T09:30:01"),
    (datetime(2027, 5, 10, 9, 29, 30), "2027-05-10T09:30:01"),  # the clock a little behind the last merge's
    (datetime(2027, 5, 10, 9, 30, 1), "2027-05-10T09:30:01"),  # already after: as it is
    (datetime(2027, 5, 10, 9, 45), "2027-05-10T09:45:00"),
    (datetime(2027, 5, 9, 9, 30), "2027-05-09T09:30:00"),  # a day behind: a clock set back, not a merge just after
])
def test_a_merge_run_in_the_same_second_as_the_last_records_its_files_after_it(tmp_path, ledger, second_at, recorded):
    first = make_file(tmp_path, "a.xlsx", b"one", 1000)
    ledger.record([result(first, FileStatus.REJECTED, "市民課")], 2026, SECTIONS, now=NOW)
    second = make_file(tmp_path, "b.xlsx", b"two", 1000)
    batch = ledger.record([result(second, FileStatus.ACCEPTED, "市民課")], 2026, SECTIONS, now=second_at)
    assert [o.received_at for o in batch.files] == [recorded]


def test_merges_back_to_back_in_one_second_each_come_after_the_last(tmp_path, ledger):
    times = []
    for n in range(3):
        f = make_file(tmp_path, f"{n}.xlsx", bytes([n]), 1000)
        times += [o.received_at for o in ledger.record([result(f, FileStatus.REJECTED, "市民課")], 2026, SECTIONS,
                                                       now=NOW).files]
    assert times == ["2027-05-10T09:30:00", "2027-05-10T09:30:01", "2027-05-10T09:30:02"]


@pytest.mark.parametrize("later_merge, returned", [
    (True, "観光課_第2版.xlsx"),  # sent back after the answer came: to be corrected (the answer stays in use)
    (False, None),  # both in one merge: the answer as new as the file sent back settles it (no L003)
])
def test_a_file_sent_back_in_a_later_merge_saved_in_the_same_second_as_the_answer_is_not_settled_by_it(
        tmp_path, ledger, later_merge, returned):
    """Two files of a section saved within the same second (times kept to the second; a fast PC, or a copy's FAT time):
    the one received later is the newer (docs/merge.md). A file sent back by a later merge than the accepted answer
    was taken as settled by it (as new) — no 差し戻し pending, and whether it was depended on the seconds between."""
    saved = datetime(2027, 5, 10, 9).timestamp()
    answered = make_file(tmp_path, "観光課.xlsx", b"one", saved)
    wrong = make_file(tmp_path, "観光課_第2版.xlsx", b"two", saved)
    files = [result(answered, FileStatus.ACCEPTED, "観光課", [answer("観光課", "A")]),
             result(wrong, FileStatus.REJECTED, "観光課", problems=[problem(Msg.PLAN_NOT_FOUND, file=wrong.name,
                                                                           sheet="取組状況", cell="J4", detail="x")])]
    if later_merge:
        ledger.record(files[:1], 2026, SECTIONS, now=NOW)
        batch = ledger.record(files[1:], 2026, SECTIONS, now=datetime(2027, 5, 10, 9, 45))
    else:
        batch = ledger.record(files, 2026, SECTIONS, now=NOW)
    sent_back = next(o for o in batch.files if o.result.name == wrong.name)
    assert sent_back.resolved is (returned is None)
    (section,) = [r for r in batch.sections if r["section"] == "観光課"]
    assert (section["status"], section["file"], section["returned"]) == (SectionStatus.SUBMITTED, "観光課.xlsx", returned)
    assert not [p for o in batch.files for p in o.problems if p.code == "L003"]
