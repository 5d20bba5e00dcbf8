"""`report` says which sections of the year have no answers in use yet (未提出, 差し戻し): the packet it made shows
their items as 未回答 and their KPIs as 未報告 — a 総括 made before the last returns came said nothing of it (exit 0,
the packet alone counting 「11 課のうち 9 課」)."""

from __future__ import annotations

import intake_craft as craft
from reform_xlsx.form import layout
from reform_xlsx.merge import rebuild_report, run_merge


def test_report_names_the_sections_still_missing_or_sent_back(plan, tmp_path):
    inbox = tmp_path / "inbox"
    for section in plan.sections:
        if section == "観光課":
            continue  # nothing sent
        item = plan.items_for(section)[0].id
        changes = {layout.SHEET_ITEMS: {item: {"進捗状況": "Z 不明"}}} if section == "財政課" else None  # V001
        craft.filled(plan, 2026, section, inbox, changes=changes)
    run_merge([inbox], plan, 2026, db=tmp_path / "r.db", out=tmp_path / "out")

    notes = rebuild_report(plan, 2026, db=tmp_path / "r.db", out=tmp_path / "again").notes
    (said,) = [n for n in notes if "まだ受け付けていません" in n]
    assert said.startswith("令和8年度は 11 課のうち 2 課の回答をまだ受け付けていません: ")
    assert "財政課（差し戻し）" in said and "観光課（未提出）" in said
    assert "改革項目を未回答、KPI を未報告" in said

    for section in ("財政課", "観光課"):
        craft.filled(plan, 2026, section, tmp_path / "late", name=f"{section}_再提出.xlsx")
    run_merge([inbox, tmp_path / "late"], plan, 2026, db=tmp_path / "r.db", out=tmp_path / "out")
    notes = rebuild_report(plan, 2026, db=tmp_path / "r.db", out=tmp_path / "complete").notes
    assert not [n for n in notes if "まだ受け付けていません" in n]
