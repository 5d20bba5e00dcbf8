"""A year answered and the office's word on it, then a plan revision: the steps the tests of last year's word across
a revision share (an item moved or ended, the form made again, the answers sent back)."""

from __future__ import annotations

import openpyxl

from five_years import Master, apply_with_openpyxl
from reform_xlsx import outputs
from reform_xlsx.cli import main
from reform_xlsx.form import layout
from reform_xlsx.ledger.plans import ledger_plan
from reform_xlsx.plan import master_layout as ml
from reform_xlsx.templates.fill import fill_template
from sheet_reader import header_row


def answers(plan, section: str, year: int, responses: dict | None = None) -> dict:
    """What ``section`` types into its form of ``year`` (every item 「B」, the respondent, each KPI's value), and
    ``responses`` (ID → {"意見への対応": …}) on its 「意見への対応」 sheet."""
    items = {i.id: {"進捗状況": "B 概ね計画どおり", "取組実績": f"{section}が{i.id}を進めた。", "課題・今後の方針": "続ける。"}
             for i in plan.items_for(section, year)}
    items[layout.RESPONDENT_ID] = {"担当者": "担当", "内線": "1000"}
    out = {layout.SHEET_ITEMS: items}
    if plan.kpis_for(section, year):
        out[layout.SHEET_KPI] = {k.id: {"実績値": k.baseline if k.baseline is not None else 1}
                                 for k in plan.kpis_for(section, year)}
    if responses:
        out[layout.SHEET_RESPONSES] = responses
    return out


def run_cli(argv: list[str], capsys) -> int:
    """The command's exit code; what it printed is read away (and holds no traceback)."""
    code = main(argv)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code


def form_of(folder, section: str):
    """The form of ``section`` in ``folder``."""
    return next(folder.glob(f"*_{section}.xlsx"))


def give_word(root, capsys, db: str, item: str, section: str, committee: str, policy: str) -> None:
    """The office's 推進室評価シート of 令和8年度 (in ``root``/o8) with a committee opinion and a 対応方針 on ``item`` of
    ``section``, read by merge."""
    wb = openpyxl.load_workbook(root / "o8" / outputs.review(2026))
    ws = wb[layout.SHEET_REVIEW]
    header = header_row(ws, "ID")
    labels = {str(c.value).replace("\n", ""): c.column for c in ws[header] if c.value}
    row = next(r for r in range(header + 1, ws.max_row + 1)
               if ws.cell(r, labels["ID"]).value == item and ws.cell(r, labels["担当課"]).value == section)
    ws.cell(row, labels["推進委員会意見"]).value = committee
    ws.cell(row, labels["対応方針"]).value = policy
    wb.save(root / "評価.xlsx")
    run_cli(["merge", "in8", "--review", "評価.xlsx", "--year", "R8", "--out", "o8", "--db", db], capsys)


def revise(root, capsys, db: str, reason: str, items) -> None:
    """A revision from 令和9年度: plan export → the master's items edited (``items(master)``: cell → value) → plan import."""
    assert run_cli(["plan", "export", "master.xlsx", "--db", db], capsys) == 0
    m = Master(root / "master.xlsx")
    info = {m.cell(ml.INFO, "項目", "版", "値"): "2027-03", m.cell(ml.INFO, "項目", "適用年度", "値"): "R9",
            m.cell(ml.INFO, "項目", "改訂日", "値"): "2027-03-10", m.cell(ml.INFO, "項目", "改訂の理由", "値"): reason}
    apply_with_openpyxl(root / "master.xlsx", {m.sheet(ml.INFO): info, m.sheet(ml.ITEMS): items(m)}, root / "master.xlsx")
    assert run_cli(["plan", "import", "master.xlsx", "--db", db], capsys) == 0


def worded_first_year(root, capsys, sections: tuple[str, ...], item: str, section: str, committee: str, policy: str):
    """In ``root`` (the current folder, as the ``workdir`` fixture makes it; ledger reform.db): 令和8年度's forms of
    ``sections`` (t8) filled and merged (o8), and the office's word on ``item`` of ``section`` (:func:`give_word`);
    the plan of 令和8年度."""
    db = "reform.db"
    assert run_cli(["templates", "--year", "R8", "--section", *sections, "--out", "t8", "--db", db,
                 "--deadline", "2027-05-28"], capsys) == 0
    plan8 = ledger_plan(root / db, None, 2026)
    for name in sections:
        fill_template(form_of(root / "t8", name), answers(plan8, name, 2026), root / "in8" / f"{name}.xlsx")
    run_cli(["merge", "in8", "--year", "R8", "--out", "o8", "--db", db], capsys)
    give_word(root, capsys, db, item, section, committee, policy)
    return plan8
