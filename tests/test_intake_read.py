"""read_returns over an inbox: every file gets a result, a real reader crash costs only its
file, progress is reported, answers have the contract's shape, the inbox is left untouched."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import re
import shutil
import zipfile
from dataclasses import replace

import pytest

import intake_craft as craft
from reform_xlsx.form import layout
from reform_xlsx.intake import Limits, read_return, read_returns
from reform_xlsx.intake import reader as reader_module
from reform_xlsx.intake.safety import saved_after_made
from reform_xlsx.records import Answer, FileStatus


@pytest.fixture(scope="module")
def inbox(plan, tmp_path_factory):
    root = tmp_path_factory.mktemp("inbox")
    work = tmp_path_factory.mktemp("work")
    (root / "市民課").mkdir()
    craft.filled(plan, 2026, "市民課", work, "a.xlsx")
    shutil.copy(work / "a.xlsx", root / "市民課" / "調査票（市民課）.xlsx")
    shutil.copy(craft.filled(plan, 2026, "土木課", work, "c.xlsx"), root / "土木課_回答.xlsx")
    good = craft.filled(plan, 2026, "特命担当", work, "b.xlsx")
    # python-calamine aborts the process on a sheet with cells at A1 and XFD1048576:
    craft.edit(good, root / "特命担当_壊れ.xlsx", lambda wb: wb[layout.SHEET_ITEMS].__setitem__("XFD1048576", 1))
    (root / "~$土木課_回答.xlsx").write_bytes(b"\0" * 165)
    (root / "説明.pdf").write_bytes(b"%PDF-1.7\n")
    return root


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def run(plan, inbox):
    before = snapshot(inbox)
    calls = []
    # the cap that would have caught the file before any parser is lifted, so calamine really crashes
    limits = replace(Limits(), max_cells=10**15)
    results = read_returns([inbox], plan, 2026, limits=limits, progress=lambda *a: calls.append(a))
    return results, calls, before


def test_every_file_has_a_result_in_name_order(run):
    results, _calls, _before = run
    assert [(r.name, r.status) for r in results] == [
        ("~$土木課_回答.xlsx", FileStatus.IGNORED),
        ("土木課_回答.xlsx", FileStatus.ACCEPTED),
        ("市民課/調査票（市民課）.xlsx", FileStatus.ACCEPTED),
        ("特命担当_壊れ.xlsx", FileStatus.REJECTED),
        ("説明.pdf", FileStatus.SKIPPED),
    ]


def test_every_file_has_its_own_modification_time_even_one_passed_over(inbox, run):
    """A lock file is not read, but the receipt still shows when it changed — never 1970/01/01."""
    results, _calls, _before = run
    for r in results:
        assert r.mtime == (inbox / r.name).stat().st_mtime, r.name
    lock = next(r for r in results if r.status == FileStatus.IGNORED)
    assert lock.submitted_at == (inbox / lock.name).stat().st_mtime and lock.submitted_from == "file"


def test_a_reader_crash_costs_only_that_file(run):
    results, _calls, _before = run
    crashed = next(r for r in results if r.name == "特命担当_壊れ.xlsx")
    assert [(p.code, p.severity.value) for p in crashed.problems] == [("F014", "error")]
    assert crashed.section == "特命担当"  # known from the document properties
    assert crashed.unsafe and not any(r.unsafe for r in results if r is not crashed)
    assert all(r.answers for r in results if r.status == FileStatus.ACCEPTED)


def test_progress_counts_every_file(run):
    results, calls, _before = run
    assert [(done, total) for done, total, _name in calls] == [(i, 5) for i in range(1, 6)]
    assert sorted(name for _d, _t, name in calls) == sorted(r.name for r in results)


def test_answers_follow_the_contract(plan, run):
    results, _calls, _before = run
    result = next(r for r in results if r.section == "土木課")
    assert all(isinstance(a, Answer) and a.as_tuple()[:2] == (2026, "土木課") for a in result.answers)
    assert {(a.year, a.section, a.file) for a in result.answers} == {(2026, "土木課", "土木課_回答.xlsx")}
    expected = {(i.id, f) for i in plan.items_for("土木課") for f in ("grade", "result", "plan_next", "effect_yen")}
    expected |= {("K13", "actual"), ("K13", "note")}
    expected |= {(layout.RESPONDENT_ID, c.key) for c in layout.RESPONDENT_COLUMNS}  # the 回答者欄
    assert {(a.id, a.field) for a in result.answers} == expected
    assert {a.kind for a in result.answers if a.id == layout.RESPONDENT_ID} == {"respondent"}
    by_key = {(a.id, a.field): a for a in result.answers}
    assert by_key[("2-2-10", "grade")].value == "A" and by_key[("2-2-10", "grade")].raw == "A 計画どおり"
    assert by_key[("K13", "actual")].value == 303 and by_key[("K13", "actual")].sheet == layout.SHEET_KPI


def test_identity_comes_from_the_metadata_not_the_name(plan, run):
    results, _calls, _before = run
    result = next(r for r in results if r.name == "市民課/調査票（市民課）.xlsx")
    assert (result.section, result.year, result.plan_id, result.plan_version, result.format_version) == (
        "市民課", 2026, plan.id, plan.version, layout.FORMAT_VERSION)
    assert len(result.template_id) == 32 and result.saved_at is not None
    assert result.sha256 == hashlib.sha256(result.path.read_bytes()).hexdigest()
    assert result.size == result.path.stat().st_size


def test_inbox_is_left_byte_identical(run, inbox):
    _results, _calls, before = run
    assert snapshot(inbox) == before


def test_several_roots_are_named_by_root(plan, inbox, tmp_path):
    other = tmp_path / "追加分"
    other.mkdir()
    shutil.copy(inbox / "土木課_回答.xlsx", other / "再送.xlsx")
    results = read_returns([inbox / "土木課_回答.xlsx", other, inbox / "土木課_回答.xlsx"], plan, 2026)
    assert [(r.name, r.status) for r in results] == [("土木課_回答.xlsx", FileStatus.ACCEPTED), ("追加分/再送.xlsx", FileStatus.ACCEPTED)]
    assert results[0].sha256 == results[1].sha256


def test_unreadable_file(plan, tmp_path, monkeypatch):
    # chmod 0 does not stop root (CI runs as root), so the read itself is made to fail.
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"PK")

    def denied(*_args):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(reader_module, "read_bytes", denied)
    result = read_returns([tmp_path], plan, 2026)[0]
    assert [p.code for p in result.problems] == ["F019"]
    assert "読む権限がないか、ほかのプログラムが使用中です" in result.problems[0].message
    assert "Permission denied" not in result.problems[0].message  # never the system's English


def _abort_reader(*_args):
    """Stands in for the workbook reader in the worker: dies like a native crash."""
    os.abort()


def test_worker_failures_map_to_their_codes(plan, inbox, tmp_path, monkeypatch):
    good = inbox / "土木課_回答.xlsx"
    # a stall: no worker finishes within a millisecond (start-up alone takes longer)
    result = read_return(good, plan, 2026, limits=replace(Limits(), timeout_seconds=0.001))
    assert ([p.code for p in result.problems], result.status, result.section) == (["F013"], FileStatus.REJECTED, "土木課")
    assert result.unsafe
    # the reader raising: a workbook without its relationships part
    broken = tmp_path / "rels.xlsx"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(broken, "w") as zout:
        for info in zin.infolist():
            if info.filename != "xl/_rels/workbook.xml.rels":
                zout.writestr(info.filename, zin.read(info))
    result = read_return(broken, plan, 2026)
    assert [p.code for p in result.problems] == ["F016"] and "xl/_rels/workbook.xml.rels" in result.problems[0].message
    # a native crash (abort) in the reader: a forked worker inherits the stand-in (Windows has no fork)
    if "fork" not in multiprocessing.get_all_start_methods():
        return
    monkeypatch.setattr("reform_xlsx.intake.read_file.read_cells", _abort_reader)
    result = read_return(good, plan, 2026, method="fork")
    assert [p.code for p in result.problems] == ["F015"] and "SIGABRT" in result.problems[0].message
    assert result.unsafe


@pytest.mark.parametrize("affinity, cpu_count, expected", [
    ({0}, 16, 1),  # the process may use one core: one worker, whatever the machine has
    ({0, 1}, 2, 2),  # the office's PC
    (set(range(6)), 64, 6),
    (set(range(64)), 64, 8),  # at most MAX_WORKERS
    (None, 4, 4),  # Windows and macOS: no affinity call, the core count
    (None, None, 2),  # the core count unknown
])
def test_default_workers_follow_the_cores(monkeypatch, affinity, cpu_count, expected):
    if affinity is None:
        monkeypatch.delattr(reader_module.os, "sched_getaffinity", raising=False)
    else:
        monkeypatch.setattr(reader_module.os, "sched_getaffinity", lambda pid: affinity, raising=False)
    monkeypatch.setattr(reader_module.os, "cpu_count", lambda: cpu_count)
    assert reader_module.default_workers() == expected


def test_a_form_sent_back_unsaved_is_dated_by_its_file_not_by_when_the_office_made_it(plan, tmp_path):
    """A section that sends the blank form back as it came: the form's save time is when the office made it
    (before any deadline), so its file's time is used; a fill saved within the same second is a save."""
    blank = craft.template(plan, 2026, "市民課", tmp_path / "t")
    filled = craft.filled(plan, 2026, "市民課", tmp_path, "filled.xlsx")  # openpyxl, at once after the template
    os.utime(blank, (1_800_000_000, 1_800_000_000))
    unsaved, saved = read_return(blank, plan, 2026), read_return(filled, plan, 2026)
    assert (unsaved.saved_at, unsaved.submitted_at, unsaved.submitted_from) == (None, 1_800_000_000, "file")
    assert saved.saved_at is not None and saved.submitted_from == "saved"


@pytest.mark.parametrize("saved_at, made, expected", [
    (1_800_000_000.0, "2027-01-15T08:00:01+00:00", None),  # the template's own time: made − 1 s
    (1_800_000_001.0, "2027-01-15T08:00:01+00:00", 1_800_000_001.0),  # saved in the second it was made
    (1_800_000_100.0, "2027-01-15T08:00:01+00:00", 1_800_000_100.0),
    (None, "2027-01-15T08:00:01+00:00", None),
    (1_800_000_000.0, None, 1_800_000_000.0), (1_800_000_000.0, "きのう", 1_800_000_000.0),  # typed over
    (1_800_000_000.0, "0001-01-01T00:00:00+00:00", 1_800_000_000.0),
    # before the form was made: no save of it can be (a PC whose clock is wrong), passed over like the template's own
    (1_799_999_999.0, "2027-01-15T08:00:01+00:00", None),
    (1_799_999_999.9, "2027-01-15T08:00:01+00:00", None),
    (1_577_836_800.0, "2027-01-15T08:00:01+00:00", None),  # 2020-01-01: a clock years behind
    (-2_209_161_600.0, "2027-01-15T08:00:01+00:00", None),  # 1899-12-31, a placeholder
    (1_800_000_000.5, "2027-01-15T08:00:01+00:00", None),  # within the template's own second
    (1_800_000_001.5, "2027-01-15T08:00:01+00:00", 1_800_000_001.5),
])
def test_saved_after_made(saved_at, made, expected):
    assert saved_after_made(saved_at, made) == expected


@pytest.mark.parametrize("where", ["properties", "meta sheet"])
def test_a_save_time_before_the_form_was_made_is_not_its_submission_time(plan, tmp_path, where):
    """A corrected file saved on a PC whose clock is years behind: its save time (2020) is before the form was made,
    so it cannot be when the section sent it — the file's time is used, as for a form sent back unsaved (a late
    file is not 期限内, a correction is not older than the file it corrects). The form's 作成日時 is read from the
    hidden sheet when the document properties have lost it."""
    filled = craft.filled(plan, 2026, "市民課", tmp_path, "filled.xlsx")
    source = filled
    if where == "meta sheet":
        source = craft.edit(filled, tmp_path / "no_created.xlsx",
                            lambda wb: craft.set_meta(wb, layout.META_CREATED, None, sheet=False))
    stamp = b"2020-01-01T00:00:00Z"
    backdated = craft.rezip(source, tmp_path / "backdated.xlsx", {"docProps/core.xml": lambda xml: re.sub(
        rb"(<dcterms:modified[^>]*>)[^<]*", lambda m: m.group(1) + stamp, xml)})
    os.utime(backdated, (1_800_000_000, 1_800_000_000))
    result = read_return(backdated, plan, 2026)
    assert result.status is FileStatus.ACCEPTED
    assert (result.saved_at, result.submitted_at, result.submitted_from) == (None, 1_800_000_000, "file")
