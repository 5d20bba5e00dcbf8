"""Every workbook's own time (docProps/core.xml 作成日時・更新日時, which Excel shows in the PC's zone) is the real time
in UTC, as its 「Z」 says, on a PC set to any time zone: xlsxwriter writes the time it is given followed by 「Z」 as it
is, and the ledger's 受付日時 and ``datetime.now()`` are the PC's clock — on an office PC in Japan a packet made at
10:00 said it was made at 19:00. The 推進室評価シート made, filled, returned and merged in Japan is read as in UTC,
also one made by the version before the fix and returned after the upgrade."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd
import pytest
import xlsxwriter

from reform_xlsx import records
from reform_xlsx.form import layout
from reform_xlsx.intake import parts
from reform_xlsx.ledger.receipt import write_answers
from reform_xlsx.ledger.store import Ledger
from reform_xlsx.merge import run_merge
from reform_xlsx.plan.master_export import write_master
from reform_xlsx.records import FileStatus
from reform_xlsx.report.writer import write_reports
from reform_xlsx.templates import write_templates
from reform_xlsx.xlsx.workbook import AtomicWorkbook, new_workbook
from report_sample import sample_answers, sample_status
from review_sample import merge_answered
from test_review import HQ, OFFICE, POLICY, _edit

ZONES = ("UTC", "Asia/Tokyo")
CREATED = dt.datetime(2026, 12, 7, 10, 0, 0)  # a naive time: the PC's clock, as the ledger keeps its times
JST = dt.timezone(dt.timedelta(hours=9))
_TIME = re.compile(r"<dcterms:(created|modified)[^>]*>([^<]*)</dcterms:")


def core_times(path: Path) -> dict[str, str]:
    """docProps/core.xml's dcterms:created and dcterms:modified, as written."""
    with zipfile.ZipFile(path) as z:
        return dict(_TIME.findall(z.read(parts.CORE_PART).decode("utf-8")))


def in_utc(local: dt.datetime, tz: str) -> str:
    """``local``, a wall-clock time in the zone ``tz``, as docProps/core.xml says it (UTC, 「Z」)."""
    return local.replace(tzinfo=ZoneInfo(tz)).astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.mark.parametrize("tz, created, written", [
    ("UTC", CREATED, "2026-12-07T10:00:00Z"),
    ("Asia/Tokyo", CREATED, "2026-12-07T01:00:00Z"),  # 10:00 in Japan (it said 10:00Z: 19:00 in Japan)
    ("Asia/Tokyo", dt.datetime(2026, 4, 1, 0, 0, 30), "2026-03-31T15:00:30Z"),  # the day and the year before
    ("UTC", dt.datetime(2026, 12, 7, 10, 0, tzinfo=JST), "2026-12-07T01:00:00Z"),  # an aware time: converted
    ("Asia/Tokyo", dt.datetime(2026, 12, 7, 10, 0, tzinfo=JST), "2026-12-07T01:00:00Z"),
    ("Asia/Tokyo", dt.datetime(2026, 12, 7, 1, 0, tzinfo=dt.UTC), "2026-12-07T01:00:00Z"),  # as the 調査票 gives it
    # a pandas time is a datetime too (a caller's ``created`` taken from a table): naive, the PC's clock; aware, converted
    ("Asia/Tokyo", pd.Timestamp("2026-12-07 10:00:00"), "2026-12-07T01:00:00Z"),
    ("UTC", pd.Timestamp("2026-12-07 10:00:00"), "2026-12-07T10:00:00Z"),
    ("UTC", pd.Timestamp("2026-12-07 10:00:00", tz="Asia/Tokyo"), "2026-12-07T01:00:00Z"),
])
def test_the_document_time_is_written_in_utc_in_every_time_zone(zone, tmp_path, tz, created, written):
    zone(tz)
    wb = new_workbook(tmp_path / "book.xlsx")
    wb.add_worksheet()
    wb.set_properties({"title": "t", "created": created})
    wb.close()
    assert core_times(tmp_path / "book.xlsx") == {"created": written, "modified": written}


@pytest.mark.parametrize("tz", ZONES)
def test_the_meeting_workbooks_and_the_review_sheet_say_when_they_were_made_in_utc(plan, zone, tmp_path, tz):
    """The packet, the office's copy, 公表用 and the 推進室評価シート ``created`` at 10:00 on this PC's clock say 10:00
    in its zone, read back as the same instant."""
    zone(tz)
    result = write_reports(plan, 2026, sample_answers(plan), sample_status(plan), tmp_path, public=True,
                           created=CREATED, review=tmp_path / "review.xlsx")
    expected = in_utc(CREATED, tz)
    for path in (result.workbook, result.office, result.public, tmp_path / "review.xlsx"):
        assert core_times(path) == {"created": expected, "modified": expected}, path.name
        with zipfile.ZipFile(path) as z:
            saved = parts.core_modified(z.read(parts.CORE_PART))
        assert saved == CREATED.replace(tzinfo=ZoneInfo(tz)).timestamp(), path.name


@pytest.mark.parametrize("tz", ZONES)
def test_the_answer_list_the_plan_master_and_the_forms_say_when_they_were_made_in_utc(plan, zone, tmp_path, tz):
    """回答一覧 (受付結果 shares its writer), the plan master (xlsxwriter's own time: now, in UTC) and the 調査票 (one
    second before its 作成日時 ``reform_xlsx.created``, which is UTC) in every zone."""
    zone(tz)
    answers = pd.DataFrame(columns=list(records.ANSWER_COLUMNS))
    written = write_answers(plan, 2026, answers, tmp_path / "answers.xlsx", CREATED)
    assert core_times(written) == {"created": in_utc(CREATED, tz), "modified": in_utc(CREATED, tz)}

    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    master = write_master(plan, tmp_path / "master.xlsx")
    after = dt.datetime.now(dt.UTC)
    made = dt.datetime.fromisoformat(core_times(master)["created"].replace("Z", "+00:00"))
    assert before <= made <= after

    (form,) = write_templates(plan, 2026, tmp_path / "forms", ["財政課"])
    with zipfile.ZipFile(form) as z:
        meta = parts.custom_properties(z.read(parts.CUSTOM_PART))
    unsaved = dt.datetime.fromisoformat(meta[layout.META_CREATED]) - dt.timedelta(seconds=1)
    assert core_times(form)["created"] == unsaved.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _newest_received(db: Path) -> dt.datetime:
    with Ledger(db) as ledger:
        return ledger.last_received()


def _review_grades(db: Path) -> dict[str, object]:
    kept = Ledger(db).answers([2026])
    words = kept[kept["kind"].eq("review") & kept["id"].eq("2-2-1") & kept["section"].eq("財政課")]
    return dict(zip(words["field"], words["value"]))


@pytest.mark.parametrize("tz", ZONES)
@pytest.mark.parametrize("old_sheet", [False, True], ids=["sheet-of-this-version", "sheet-of-the-version-before"])
def test_the_review_sheet_goes_round_in_every_time_zone(plan, zone, tmp_path, monkeypatch, tz, old_sheet):
    """Made, filled, returned and merged on a PC in Japan (and in UTC): the sheet and the merge's outputs say the real
    time in UTC; the filled sheet is read; a copy of the sheet written after that evaluation, a cell cleared on it on
    purpose, is read (no A010); a copy of the sheet made before it, filled apart, is still refused (A010).
    ``old_sheet``: the first sheet made by the version before the fix (its core.xml time the PC's clock marked 「Z」),
    returned after the upgrade: read all the same — its core.xml time is compared with nothing that refuses (A010
    compares its 作成日時 ``reform_xlsx.created``, always UTC, with the ledger's 受付日時)."""
    zone(tz)
    with monkeypatch.context() as old:
        if old_sheet:  # the version before: xlsxwriter given the PC's clock as it is
            old.setattr(AtomicWorkbook, "set_properties", xlsxwriter.Workbook.set_properties)
        first = merge_answered(plan, tmp_path, "財政課")
    db = tmp_path / "reform.db"
    received = _newest_received(db)
    shown = received.strftime("%Y-%m-%dT%H:%M:%SZ") if old_sheet else in_utc(received, tz)
    for role in ("review", "receipt", "answers", "meeting"):
        assert core_times(first.outputs[role])["created"] == shown, role
    sheet = tmp_path / "sheet0.xlsx"
    sheet.write_bytes(first.outputs["review"].read_bytes())  # (the next merge writes over it)

    for n in (1, 2, 3):
        (tmp_path / f"inbox{n}").mkdir()
    filled = _edit(sheet, tmp_path / "inbox1" / "評価_推進室.xlsx",
                   {("2-2-1", "財政課"): {"推進室評価": "C 遅れ", "推進室コメント": OFFICE}})
    merged = run_merge([filled.parent], plan, 2026, db=db, out=tmp_path / "out")
    assert [f.status for f in merged.batch.files] == [FileStatus.ACCEPTED]
    assert core_times(merged.outputs["review"])["created"] == in_utc(_newest_received(db), tz)

    cleared = _edit(merged.outputs["review"], tmp_path / "inbox2" / "評価_会議後.xlsx",
                    {("2-2-1", "財政課"): {"推進室コメント": None, "本部会議での意見": HQ}})
    again = run_merge([cleared.parent], plan, 2026, db=db, out=tmp_path / "out")
    (read,) = again.batch.files
    assert ([p.code for p in read.problems if p.code == "A010"], read.status) == ([], FileStatus.ACCEPTED)
    values = _review_grades(db)
    assert (values["review_grade"], values.get("office_comment"), values["hq_opinion"]) == ("C", None, HQ)

    apart = _edit(sheet, tmp_path / "inbox3" / "評価_別.xlsx", {("2-2-1", "財政課"): {"対応方針": POLICY}})
    third = run_merge([apart.parent], plan, 2026, db=db, out=tmp_path / "out")
    (refused,) = third.batch.files
    assert refused.status == FileStatus.REJECTED and "A010" in [p.code for p in refused.problems]
    assert _review_grades(db).get("policy") is None
