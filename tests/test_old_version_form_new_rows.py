"""A form of an earlier revision sent back (M003) when the revision in force added rows for the section.

財政課 was sent its 令和9年度 調査票 of 版 2026-02; a correction of 令和9年度 (版 2027-03) gave it a new item 2-2-11 and a new
KPI K14. Its return of the old form was sent back with a copy on the form of 版 2027-03 whose guide said 「記入し直す必要は
ありません」 and named only the rows not copied: the new rows stood blank, unmarked and unmentioned, and the copy sent back as it
was came back again (V002: the new row's 進捗状況 blank) — a second round for the section. The guide names the rows
the sent form did not have, for the section to fill.
"""

from __future__ import annotations

import openpyxl
import yaml

import five_years as fy
from reform_xlsx import outputs
from reform_xlsx.cli import main
from reform_xlsx.form import layout
from reform_xlsx.ledger.feedback import SHEET_ERRORS
from reform_xlsx.ledger.plans import ledger_plan
from reform_xlsx.plan.loading import bundled_plan_text

OWN = "財政課"


def _with_new_rows() -> str:
    data = yaml.safe_load(bundled_plan_text())
    data["areas"][1]["categories"][1]["items"].append({
        "number": 11, "name": "公用車の削減", "content": "公用車の台数と使い方を見直す。",
        "actions": [{"text": "公用車の台数の見直し", "start": "R9", "stage": "実施"}], "sections": [OWN], "start": "R9"})
    data["kpis"].append({"id": "K14", "item": "2-2-11", "name": "公用車の保有台数", "kind": "count", "unit": "台",
                         "direction": "減少", "baseline": 120, "target": 100, "owner": OWN, "start": "R9"})
    data["plan"]["version"] = "2027-03"
    data["revision"] = {"date": "2027-03-10", "effective_year": "R9", "reason": "公用車の削減を追加"}
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def test_the_copy_of_an_old_version_form_names_the_rows_the_revision_added(workdir, capsys):
    assert main(["templates", "--year", "R9", "--section", OWN, "--out", "old", "--db", "reform.db",
                 "--deadline", "2028-05-26"]) == 0
    (workdir / "r9.yaml").write_text(_with_new_rows(), encoding="utf-8")
    assert main(["plan", "import", "r9.yaml"]) == 0
    plan26 = ledger_plan(workdir / "reform.db", None, 2026)
    fy.fill_template(workdir / "old" / outputs.template(plan26.words, 2027, OWN), fy.answers(plan26, OWN, 2027),
                     workdir / "in9" / f"{OWN}.xlsx")
    capsys.readouterr()
    assert main(["merge", "in9", "--year", "R9", "--out", "o9"]) == 1
    copy = workdir / "o9" / outputs.FEEDBACK_FOLDER / outputs.feedback(2027, OWN)
    errors = openpyxl.load_workbook(copy)[SHEET_ERRORS]
    guide = "".join(str(errors.cell(r, 1).value or "") for r in range(4, 12))
    assert "現在の版の調査票で加わった行（2-2-11、K14）は、送っていただいたファイルになかったため空欄です。記入してください。" \
        in guide, guide


def test_a_row_the_sent_form_had_but_left_blank_is_not_called_added(workdir, capsys):
    """A row the section left wholly blank on the old form (a KPI it could not report yet) was on that form: the guide
    named it among the rows 「送っていただいたファイルになかった」 (a blank cell is no sent value)."""
    assert main(["templates", "--year", "R9", "--section", OWN, "--out", "old", "--db", "reform.db",
                 "--deadline", "2028-05-26"]) == 0
    (workdir / "r9.yaml").write_text(_with_new_rows(), encoding="utf-8")
    assert main(["plan", "import", "r9.yaml"]) == 0
    plan26 = ledger_plan(workdir / "reform.db", None, 2026)
    typed = fy.answers(plan26, OWN, 2027)
    blank = next(iter(typed[layout.SHEET_KPI]))
    typed[layout.SHEET_KPI][blank] = {"実績値": None, "算出根拠・備考": None}
    fy.fill_template(workdir / "old" / outputs.template(plan26.words, 2027, OWN), typed, workdir / "in9" / f"{OWN}.xlsx")
    capsys.readouterr()
    assert main(["merge", "in9", "--year", "R9", "--out", "o9"]) == 1
    copy = workdir / "o9" / outputs.FEEDBACK_FOLDER / outputs.feedback(2027, OWN)
    errors = openpyxl.load_workbook(copy)[SHEET_ERRORS]
    guide = "".join(str(errors.cell(r, 1).value or "") for r in range(4, 12))
    assert "現在の版の調査票で加わった行（2-2-11、K14）は" in guide, guide
