"""The office's own files in a folder that is merged (the work folder, an old output folder): never a section's return."""

from __future__ import annotations

import shutil

import intake_craft as craft
from reform_xlsx import outputs
from reform_xlsx.cli import main
from reform_xlsx.merge import run_merge
from reform_xlsx.records import FileStatus


def test_blank_forms_templates_wrote_are_not_returns_when_the_work_folder_is_merged(plan, tmp_path, monkeypatch):
    """README's flow: templates --out out/調査票 --db out/reform.db, then merge . — the 11 blank forms were read as
    差し戻し returns of every section (提出日時 now, 期限内 for good, 再提出のお願い instead of 督促). A form as templates
    wrote it is F027 (ignored); one a section opened and saved back unfilled is its return, read as before."""
    monkeypatch.chdir(tmp_path)
    assert main(["templates", "--year", "R8", "--out", "out/調査票", "--db", "out/reform.db",
                 "--deadline", "2027-05-28"]) == 0
    inbox = tmp_path / "受信"
    craft.filled(plan, 2026, "観光課", tmp_path / "work", "観光課.xlsx").rename(inbox.mkdir() or inbox / "観光課.xlsx")
    blank = tmp_path / "out" / "調査票" / outputs.template(plan.words, 2026, "市民課")
    craft.edit(blank, inbox / "市民課.xlsx", lambda wb: None)  # opened and saved unfilled: other bytes
    shutil.rmtree(tmp_path / "work")
    result = run_merge([tmp_path], plan, 2026, db=tmp_path / "out" / "reform.db", out=tmp_path / "out")
    files = {f.result.name: f for f in result.batch.files}
    forms = {n: f for n, f in files.items() if n.startswith("out/調査票/")}
    assert len(forms) == len(plan.sections)
    assert all(f.status == FileStatus.IGNORED and [p.code for p in f.problems] == ["F027"] for f in forms.values())
    said = forms["out/調査票/" + blank.name].problems[0].message
    assert "市民課" in said and "令和8年度" in said
    assert files["受信/市民課.xlsx"].status == FileStatus.REJECTED
    sections = {r["section"]: r["status"] for r in result.batch.sections}
    assert sections["観光課"] == "提出済" and sections["市民課"] == "差し戻し"
    assert {s for s, status in sections.items() if status == "未提出"} == set(plan.sections) - {"観光課", "市民課"}
