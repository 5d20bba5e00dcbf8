"""Revisions of the plan in the ledger: which one is in force for a year, what ``plan import`` refuses
and warns about, what the ledger records, a return on a former section's template — and that a
revision never changes an earlier year's 判定."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

import five_years as fy
from reform_xlsx import outputs
from reform_xlsx.cli import main
from reform_xlsx.ledger.plans import ledger_plan, revisions
from reform_xlsx.ledger.store import Ledger
from reform_xlsx.plan.model import Revision
from reform_xlsx.plan.revisions import Revisions
from reform_xlsx.plan_import import PlanImportError, import_plan


@pytest.mark.parametrize("year, version", [(2026, "v1"), (2027, "v1"), (2028, "v2"), (2029, "v3"), (2030, "v3")])
def test_the_revision_in_force(plan, year, version):
    kept = Revisions((replace(plan, version="v1"), replace(plan, version="v2", revision=Revision(2028)),
                      replace(plan, version="v3", revision=Revision(2029))))
    assert kept.for_year(year).version == version
    assert [p.version for p in kept.chain(year)] == ["v1", "v2", "v3"][:{"v1": 1, "v2": 2, "v3": 3}[version]]


def test_a_correction_in_the_same_year_wins(plan):
    kept = Revisions((plan, replace(plan, version="a", revision=Revision(2028)),
                      replace(plan, version="b", revision=Revision(2028))))
    assert kept.for_year(2028).version == "b" and kept.for_year(2027) is plan


@pytest.fixture
def office(workdir):
    for year in (2027, 2028, 2029):
        (workdir / f"r{year}.yaml").write_text(fy.revised_yaml(year), encoding="utf-8")
    return workdir


def _year(office: Path, year: int, capsys, skip=(), extra: list[Path] = ()) -> int:
    r = f"R{year - 2018}"
    assert main(["templates", "--year", r, "--out", f"t{year}"]) == 0
    plan = ledger_plan(office / "reform.db", None, year) or ledger_plan(office / "x.db", None)
    if plan is None:
        from reform_xlsx.plan.loading import load_plan
        plan = load_plan()[0]
    fy.fill_all(plan, office / f"t{year}", office / f"in{year}", year, skip)
    for path in extra:
        path.rename(office / f"in{year}" / path.name)
    code = main(["merge", f"in{year}", "--year", r, "--out", f"out{year}"])
    capsys.readouterr()
    return code


def _judgements(office: Path, year: int, folder: str | None = None) -> dict[str, str]:
    packet = next((office / (folder or f"out{year}")).glob("*推進本部会議資料.xlsx"))
    ws = openpyxl.load_workbook(packet, data_only=True)["KPI達成状況"]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    header = next(n for n, r in enumerate(rows) if r[0] == "KPI ID")
    return {r[0]: r[rows[header].index("判定")] for r in rows[header + 1:] if r[0]}


def test_revisions_from_their_year_and_a_former_sections_return(office, capsys):
    db = office / "reform.db"
    assert _year(office, 2026, capsys) == 0
    # 税務課's 令和9年度 調査票, made before the revision that renames it
    assert main(["templates", "--year", "R9", "--section", fy.RENAMED, "--out", "old"]) == 0
    assert main(["plan", "import", "r2027.yaml"]) == 0
    out, err = capsys.readouterr()
    assert "[組織改正] 税務課 → 収納課（令和9年度から名称変更）" in out and "令和9年度から版 2027-03 を使います" in out
    assert "[L016 警告]" in err  # the 令和9年度 調査票 of 税務課 was made with 版 2026-02
    old = office / "old" / outputs.template(ledger_plan(db, None, 2026).words, 2027, fy.RENAMED)
    sent = fy.fill_template(old, fy.answers(ledger_plan(db, None, 2026), fy.RENAMED, 2027), office / "税務課.xlsx")
    assert _year(office, 2027, capsys, skip=(fy.NEW_NAME,), extra=[sent]) == 0  # 収納課 answered on it
    with Ledger(db) as ledger:
        row = next(s for s in ledger.submissions(2027) if s["name"] == "税務課.xlsx")
        answers = ledger.answers([2027])
    assert (row["status"], row["section"], row["plan_version"]) == ("accepted", fy.NEW_NAME, "2026-02")
    assert [i["code"] for i in row["issues"]] == ["M009"]
    assert set(answers.loc[answers["file"] == "税務課.xlsx", "section"]) == {fy.NEW_NAME}
    assert _judgements(office, 2027) == fy.EXPECTED[2027]  # K02, K05–K08 from 収納課 (the owner now)

    assert main(["plan", "import", "r2028.yaml"]) == 0
    capsys.readouterr()
    # the 令和9年度 form of 税務課, opened and sent again in 令和10年度 (saved again: not the very file the ledger accepted
    # for 令和9年度, which would be that year's answer left in the inbox, F029 — test_merge_last_years_inbox.py)
    stale = office / "税務課（昨年度の様式）.xlsx"
    openpyxl.load_workbook(office / "in2027" / "税務課.xlsx").save(stale)
    # last year's form, passed over (F030: 収納課, what 税務課 became, has answered for 令和10年度), never a 差し戻し
    assert _year(office, 2028, capsys, extra=[stale]) == 0
    with Ledger(db) as ledger:
        row = next(s for s in ledger.submissions(2028) if s["name"] == stale.name)
        now = {r["section"]: r for r in ledger.section_rows(2028, ledger_plan(db, None, 2028).sections)}
    assert (row["status"], row["section"]) == ("ignored", fy.RENAMED)  # not taken as 収納課's answer
    assert [i["code"] for i in row["issues"]] == ["F030"]
    assert now[fy.NEW_NAME]["status"] == "提出済" and not now[fy.NEW_NAME]["returned"]
    assert _judgements(office, 2028) == fy.EXPECTED[2028]
    # 令和9年度 again from the ledger, after the 令和10年度 revision: judged as before (K10 順調 against 2.5億)
    assert main(["report", "--year", "R9", "--out", "again9"]) == 0
    assert _judgements(office, 2027, "again9") == fy.EXPECTED[2027]
    assert main(["report", "--year", "R8", "--out", "again8"]) == 0
    assert _judgements(office, 2026, "again8") == fy.EXPECTED[2026]

    assert main(["plan"]) == 0  # the ledger's versions, from which year each is in force
    assert "2028-03  令和10年度  令和10年3月12日  ふるさと納税の目標を引き上げ" in capsys.readouterr().out
    with Ledger(db) as ledger:
        kept = revisions(ledger)
        uses = ledger.plan_uses()
    assert [(p.version, p.effective_year) for p in kept.plans] == [("2026-02", 2026), ("2027-03", 2027),
                                                                     ("2028-03", 2028)]
    merges = [(u["year"], u["version"]) for u in uses if u["kind"] == "merge"]
    assert merges == [(2026, "2026-02"), (2027, "2027-03"), (2028, "2028-03")]  # (report reads, never merges)
    templates = {(u["year"], u["section"]): u["version"] for u in uses if u["kind"] == "template"}
    assert templates[(2027, fy.RENAMED)] == "2026-02" and templates[(2027, fy.NEW_NAME)] == "2027-03"
    assert templates[(2028, "財政課")] == "2028-03"


def test_what_a_revision_must_say(office, capsys):
    db = office / "reform.db"
    assert _year(office, 2026, capsys) == 0
    text = fy.revised_yaml(2027)
    cases = [(text.replace("version: 2027-03", "version: 2026-02"), "L013"),
             (text.replace("  effective_year: R9\n", ""), "L017"),
             (text.replace("  to: 収納課\n", "  to: 収納課\n- year: R9\n  from: 財政科\n  to: 財政課\n", 1),
              "L018")]  # a 旧課名 no plan had (財政科, misspelt): that history would be cut off
    for n, (body, code) in enumerate(cases):
        path = office / f"bad{n}.yaml"
        path.write_text(body, encoding="utf-8")
        with pytest.raises(PlanImportError) as caught:
            import_plan(path, db)
        assert [p.code for p in caught.value.problems] == [code]
        assert main(["plan", "import", str(path)]) == 2
        assert f"[{code} エラー]" in capsys.readouterr().err
    assert import_plan(office / "r2028.yaml", db).stored
    earlier = office / "earlier.yaml"
    earlier.write_text(text.replace("version: 2027-03", "version: 2027-09"), encoding="utf-8")
    with pytest.raises(PlanImportError) as caught:
        import_plan(earlier, db)  # from R9, after a revision from R10
    assert [p.code for p in caught.value.problems] == ["L014"]
    # a revision from a year already merged: stored, with a warning
    merged = office / "merged.yaml"
    merged.write_text(fy.revised_yaml(2028).replace("version: 2028-03", "version: 2028-09")
                      .replace("target: 300000000", "target: 290000000"), encoding="utf-8")
    assert _year(office, 2028, capsys) == 0
    result = import_plan(merged, db, dry_run=True)
    assert not result.stored and [c.text for c in result.changes] == [
        "[目標値の変更] K10 ふるさと納税による寄附額: 300,000,000円 → 290,000,000円", "[版の変更] 版: 2028-03 → 2028-09"]
    assert [(p.code, p.extra["year"], p.extra["version"]) for p in result.warnings] == [
        ("L015", "令和10年度", "2028-03"), ("L016", "令和10年度", "2028-03")]  # merged and sent with the version before
    # the same file again, and a plan the ledger keeps: nothing stored
    assert import_plan(office / "r2028.yaml", db).unchanged


def test_a_plan_the_ledger_does_not_keep_is_refused_by_name(office, capsys):
    assert _year(office, 2026, capsys) == 0
    assert main(["status", "--year", "R8", "--plan", "r2027.yaml"]) == 2  # a revision not imported
    assert "[L011]" in capsys.readouterr().err
    assert main(["plan", "import", "r2027.yaml"]) == 0
    assert main(["status", "--year", "R9", "--plan", "r2027.yaml"]) == 1  # kept now (no file yet for R9)
    out = capsys.readouterr().out
    assert "版 2027-03、令和9年度から" in out and fy.NEW_NAME in out
    from reform_xlsx.plan.loading import bundled_plan_text
    (office / "original.yaml").write_text(bundled_plan_text(), encoding="utf-8")
    assert main(["status", "--year", "R9", "--plan", "original.yaml"]) == 1  # an older revision it keeps:
    assert "版 2027-03" in capsys.readouterr().out  # the one in force that year is used


def test_a_ledger_of_version_4_reads_on(plan, tmp_path):
    """A ledger written before revisions: its one plan row is the plan from its first year."""
    db = tmp_path / "old.db"
    Ledger(db).close()  # a ledger as version 4 left it: no revision columns, no plan_uses
    with sqlite3.connect(db) as con:
        for column in ("revised_on", "effective_year", "reason"):
            con.execute(f"ALTER TABLE plans DROP COLUMN {column}")
        con.execute("DROP TABLE plan_uses")
        from reform_xlsx.plan.export import plan_digest
        from reform_xlsx.plan.loading import bundled_plan_text
        con.execute("INSERT INTO plans (plan_id, version, digest, name, source, text, recorded_at) VALUES"
                    " (?, ?, ?, ?, ?, ?, ?)", (plan.id, plan.version, plan_digest(plan), plan.name, "x",
                                               bundled_plan_text(), "2026-05-01T10:00:00"))
        con.execute("PRAGMA user_version = 4")
    with Ledger(db) as ledger:
        kept = revisions(ledger)
        assert [(p.version, p.effective_year) for p in kept.plans] == [(plan.version, 2026)]
        assert ledger.plan_uses() == []


def test_last_years_grade_shows_as_chosen_after_a_revision_renames_it(office, capsys):
    """A revision from 令和9年度 renames 「A 計画どおり」: the 令和9年度 調査票 shows what the section chose in
    令和8年度 under its name then, never under the new name it never saw."""
    from reform_xlsx.form import layout

    assert _year(office, 2026, capsys) == 0
    renamed = office / "renamed.yaml"
    renamed.write_text(fy.revised_yaml(2027).replace("label: 計画どおり", "label: 順調に進んでいる", 1), encoding="utf-8")
    assert import_plan(renamed, office / "reform.db").stored
    assert main(["templates", "--year", "R9", "--out", "t2027"]) == 0
    shown = set()
    for path in (office / "t2027").glob("*.xlsx"):
        ws = openpyxl.load_workbook(path)[layout.SHEET_ITEMS]
        shown |= {c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value[:2] == "A "}
    assert shown == {"A 計画どおり"}  # last year's answers (this year's inputs are blank)


def test_a_revision_imported_before_the_first_merge_leaves_the_forms_already_sent_as_they_were(office, capsys):
    """templates --deadline records the 照会 on a new ledger; a revision from 令和9年度 is imported before anything
    came back: the ledger keeps the plan the 令和8年度 forms were made with, so they are accepted (they were all
    sent back M003 under the revision's version) and 令和8年度 still has 税務課."""
    assert main(["templates", "--year", "R8", "--out", "t2026", "--deadline", "2027-05-28", "--db", "reform.db"]) == 0
    assert main(["plan", "import", "r2027.yaml", "--db", "reform.db"]) == 0
    shown = capsys.readouterr().out
    assert "台帳の計画（版 2026-02）からの変更点" in shown and "令和9年度から版 2027-03 を使います" in shown
    with Ledger(office / "reform.db") as ledger:
        kept = revisions(ledger)
        assert [p.version for p in kept.plans] == ["2026-02", "2027-03"]
        assert {u["version"] for u in ledger.plan_uses("template")} == {"2026-02"}
    fy.fill_all(kept.for_year(2026), office / "t2026", office / "in2026", 2026)
    assert main(["merge", "in2026", "--year", "R8", "--out", "out2026", "--db", "reform.db", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert {f["status"] for f in doc["files"]} == {"accepted"} and "税務課" in {s["section"] for s in doc["sections"]}


SPLIT, SPLIT_INTO = "市民課", ("窓口課", "戸籍課")


def _split_yaml() -> str:
    """The plan revised from 令和9年度: 市民課 split into 窓口課 (its items and KPIs) and 戸籍課 (1-1-5, K04)."""
    import yaml

    from reform_xlsx.plan.loading import bundled_plan_text

    data = yaml.safe_load(bundled_plan_text())
    data["sections"] = [x for s in data["sections"] for x in (SPLIT_INTO if s == SPLIT else (s,))]
    data["reorganisations"] = [{"year": "R9", "from": SPLIT, "to": new} for new in SPLIT_INTO]
    for area in data["areas"]:
        for category in area["categories"]:
            for item in category["items"]:
                to = SPLIT_INTO[1] if (area["number"], category["number"], item["number"]) == (1, 1, 5) else SPLIT_INTO[0]
                item["sections"] = [to if s == SPLIT else s for s in item["sections"]]
    for kpi in data["kpis"]:
        if kpi["owner"] == SPLIT:
            kpi["owner"] = SPLIT_INTO[1] if kpi["id"] == "K04" else SPLIT_INTO[0]
    data["plan"]["version"] = "2027-03"
    data["revision"] = {"date": "2027-03-10", "effective_year": "R9", "reason": "市民課を窓口課と戸籍課に分割"}
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def test_a_split_sections_old_form_is_the_file_of_both_new_sections(office, capsys):
    """市民課's 令和9年度 調査票, made before the revision that splits it, answers for 窓口課 and 戸籍課: both are
    提出済 by it (merge, status, --json, no 督促), until one of them sends its own file."""
    db = office / "reform.db"
    assert _year(office, 2026, capsys) == 0
    assert main(["templates", "--year", "R9", "--section", SPLIT, "--out", "old"]) == 0
    (office / "split.yaml").write_text(_split_yaml(), encoding="utf-8")
    assert main(["plan", "import", "split.yaml"]) == 0
    old = office / "old" / outputs.template(ledger_plan(db, None, 2026).words, 2027, SPLIT)
    sent = fy.fill_template(old, fy.answers(ledger_plan(db, None, 2026), SPLIT, 2027), office / "市民課.xlsx")
    assert _year(office, 2027, capsys, skip=SPLIT_INTO, extra=[sent]) == 0  # every section 提出済
    plan = ledger_plan(db, None, 2027)
    with Ledger(db) as ledger:
        rows = {r["section"]: r for r in ledger.section_rows(2027, plan.sections)}
        answers = ledger.answers([2027])
    for section in SPLIT_INTO:
        assert (rows[section]["status"], rows[section]["file"], rows[section]["timeliness"]) == ("提出済", "市民課.xlsx",
                                                                                                 rows["財政課"]["timeliness"])
    assert set(answers.loc[answers["id"] == "1-1-5", "section"]) == {SPLIT_INTO[1]}

    assert main(["status", "--year", "R9", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["exit_code"] == 0 and {s["section"]: s["status"] for s in doc["sections"]}[SPLIT_INTO[1]] == "提出済"
    assert main(["status", "--year", "R9", "--remind"]) == 0
    assert "督促の必要な課はありません。" in capsys.readouterr().out
    assert not list((office / outputs.MAIL_FOLDER).glob("*督促*"))

    # 窓口課 sends its own file: its answers are that file's; 戸籍課's stay those of 市民課's form (no row twice)
    own = fy.fill_template(office / "t2027" / outputs.template(plan.words, 2027, SPLIT_INTO[0]),
                           fy.answers(plan, SPLIT_INTO[0], 2027), office / "窓口課.xlsx")
    own.rename(office / "in2027" / own.name)
    assert main(["merge", "in2027", "--year", "R9", "--out", "out2027"]) == 0
    capsys.readouterr()
    with Ledger(db) as ledger:
        rows = {r["section"]: r for r in ledger.section_rows(2027, plan.sections)}
        answers = ledger.answers([2027])
    assert (rows[SPLIT_INTO[0]]["file"], rows[SPLIT_INTO[1]]["file"]) == ("窓口課.xlsx", "市民課.xlsx")
    assert set(answers.loc[answers["section"] == SPLIT_INTO[0], "file"]) == {"窓口課.xlsx"}
    assert set(answers.loc[answers["section"] == SPLIT_INTO[1], "file"]) == {"市民課.xlsx"}
    assert not answers.duplicated(["section", "kind", "id", "field"]).any()


def test_a_split_sections_old_form_sent_back_is_sent_back_for_both_new_sections(office, capsys):
    """市民課's old form with a blank 進捗状況: 窓口課 was 差し戻し, but 戸籍課 (whose answers it holds too) was 未提出 and
    got a 督促 saying nothing had come."""
    from reform_xlsx.form import layout

    db = office / "reform.db"
    assert _year(office, 2026, capsys) == 0
    assert main(["templates", "--year", "R9", "--section", SPLIT, "--out", "old"]) == 0
    (office / "split.yaml").write_text(_split_yaml(), encoding="utf-8")
    assert main(["plan", "import", "split.yaml"]) == 0
    plan26 = ledger_plan(db, None, 2026)
    answers = fy.answers(plan26, SPLIT, 2027)
    first = next(k for k in answers[layout.SHEET_ITEMS] if k != layout.RESPONDENT_ID)
    answers[layout.SHEET_ITEMS][first]["進捗状況"] = None
    sent = fy.fill_template(office / "old" / outputs.template(plan26.words, 2027, SPLIT), answers,
                            office / "市民課.xlsx")
    assert _year(office, 2027, capsys, skip=SPLIT_INTO, extra=[sent]) == 1
    plan = ledger_plan(db, None, 2027)
    with Ledger(db) as ledger:
        rows = {r["section"]: r for r in ledger.section_rows(2027, plan.sections)}
    for section in SPLIT_INTO:
        assert (rows[section]["status"], rows[section]["file"]) == ("差し戻し", "市民課.xlsx")
        assert rows[section]["timeliness"] == rows["財政課"]["timeliness"]
    capsys.readouterr()
    assert main(["status", "--year", "R9", "--remind"]) == 1
    out = capsys.readouterr().out
    assert not list((office / outputs.MAIL_FOLDER).glob("*督促*"))  # nobody is told nothing came
    drafts = sorted(p.name for p in (office / outputs.MAIL_FOLDER).glob("*再提出*"))
    assert drafts == sorted(outputs.mail_draft(2027, "resubmit", s) for s in SPLIT_INTO), out


def test_report_json_says_its_exit_code_and_the_plan_in_force(office, capsys):
    assert _year(office, 2026, capsys) == 0
    assert main(["plan", "import", "r2027.yaml"]) == 0
    capsys.readouterr()
    assert main(["report", "--year", "R8", "--out", "again8", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["exit_code"] == 0 and doc["year"] == "R8"
    assert doc["plan"]["version"] == "2026-02" and set(doc["plan"]) == {"id", "version", "name", "source"}


def _merged_yaml() -> str:
    """The plan revised from 令和9年度: DX推進課 and 秘書政策課 merged into 政策推進課."""
    import yaml

    from reform_xlsx.plan.loading import bundled_plan_text

    data = yaml.safe_load(bundled_plan_text())
    data["reorganisations"] = [{"year": "R9", "from": s, "to": fy.MERGED_INTO} for s in fy.MERGED]
    data["sections"] = [fy.MERGED_INTO if s == fy.MERGED[0] else s for s in data["sections"] if s != fy.MERGED[1]]
    data["plan"]["version"] = "2027-03"
    data["revision"] = {"date": "2027-03-10", "effective_year": "R9", "reason": "政策推進課の発足"}
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _merged_old_forms(office: Path, capsys) -> tuple:
    """令和8年度 merged, the 令和9年度 forms made, then the revision merging DX推進課 and 秘書政策課 imported: the plan
    the forms were made with, and both former sections' forms filled in (not yet in the inbox)."""
    db = office / "reform.db"
    assert _year(office, 2026, capsys) == 0
    assert main(["templates", "--year", "R9", "--out", "old"]) == 0
    (office / "merged.yaml").write_text(_merged_yaml(), encoding="utf-8")
    assert main(["plan", "import", "merged.yaml"]) == 0
    plan26 = ledger_plan(db, None, 2026)
    return plan26, [fy.fill_template(office / "old" / outputs.template(plan26.words, 2027, s),
                                     fy.answers(plan26, s, 2027), office / f"{s}.xlsx") for s in fy.MERGED]


def test_the_old_forms_of_two_merged_sections_are_the_new_sections_answers_together(office, capsys):
    """DX推進課 and 秘書政策課 each send the 令和9年度 調査票 made before they were merged into 政策推進課: the new
    section's answers are both forms' (not only the newer one's), neither is 「置き換え」 nor a rival of the
    other; once 政策推進課 sends its own form, its answers are that form's alone."""
    db = office / "reform.db"
    plan26, sent = _merged_old_forms(office, capsys)
    assert _year(office, 2027, capsys, skip=(fy.MERGED_INTO,), extra=sent) == 0
    plan = ledger_plan(db, None, 2027)
    own = {s: {i.id for i in plan26.items if s in i.sections} for s in fy.MERGED}
    assert all(own.values()) and not own[fy.MERGED[0]] & own[fy.MERGED[1]]
    with Ledger(db) as ledger:
        answers = ledger.answers([2027])
        problems = ledger.ledger_problems(2027)
        rows = {r["section"]: r for r in ledger.section_rows(2027, plan.sections)}
    mine = answers[answers["section"] == fy.MERGED_INTO]
    for s in fy.MERGED:
        assert set(mine.loc[mine["file"] == f"{s}.xlsx", "id"]) >= own[s]
    assert not answers.duplicated(["section", "kind", "id", "field"]).any()
    assert not [p.code for found in problems.values() for p in found if p.code in ("L002", "L003")]
    assert rows[fy.MERGED_INTO]["status"] == "提出済"
    ws = openpyxl.load_workbook(next((office / "out2027").glob("*推進本部会議資料.xlsx")))["改革項目一覧"]
    table = [[c.value for c in r] for r in ws.iter_rows()]
    header = next(r for r in table if r[0] == "ID")
    shown = {r[0]: r[header.index("進捗状況")] for r in table if r[header.index("担当課")] == fy.MERGED_INTO}
    assert set(shown) == own[fy.MERGED[0]] | own[fy.MERGED[1]] and all(shown.values())  # no item 未回答

    # 政策推進課 sends its own form: all its answers are that form's
    new = fy.fill_template(office / "t2027" / outputs.template(plan.words, 2027, fy.MERGED_INTO),
                           fy.answers(plan, fy.MERGED_INTO, 2027), office / "政策推進課.xlsx")
    new.rename(office / "in2027" / new.name)
    assert main(["merge", "in2027", "--year", "R9", "--out", "out2027"]) == 0
    capsys.readouterr()
    with Ledger(db) as ledger:
        answers = ledger.answers([2027])
        problems = ledger.ledger_problems(2027)
    assert set(answers.loc[answers["section"] == fy.MERGED_INTO, "file"]) == {"政策推進課.xlsx"}
    superseded = {p.file for found in problems.values() for p in found if p.code == "L002"}
    assert superseded == {f"{s}.xlsx" for s in fy.MERGED}


def test_one_merged_sections_old_form_alone_leaves_the_new_section_not_yet_submitted(office, capsys):
    """Only DX推進課's old form came: 政策推進課 was 提出済 (exit 0, no 督促) while 秘書政策課's items were 未回答 in
    the packet. Now it is 未提出 until they come, L004 names them, and a 督促 goes to 政策推進課."""
    db = office / "reform.db"
    plan26, (first, second) = _merged_old_forms(office, capsys)
    assert _year(office, 2027, capsys, skip=(fy.MERGED_INTO,), extra=[first]) == 1
    plan = ledger_plan(db, None, 2027)
    missing = sorted(i.id for i in plan26.items if fy.MERGED[1] in i.sections and fy.MERGED[0] not in i.sections)
    with Ledger(db, plan=plan) as ledger:
        rows = {r["section"]: r for r in ledger.section_rows(2027, plan.sections)}
        said = [p for found in ledger.ledger_problems(2027).values() for p in found if p.code == "L004"]
    assert (rows[fy.MERGED_INTO]["status"], rows[fy.MERGED_INTO]["file"]) == ("未提出", f"{fy.MERGED[0]}.xlsx")
    assert len(said) == 1 and said[0].file == f"{fy.MERGED[0]}.xlsx" and f"（{len(missing)} 件）" in said[0].message
    assert missing[0] in said[0].message
    assert main(["status", "--year", "R9", "--remind"]) == 1
    capsys.readouterr()
    assert [p.name for p in (office / outputs.MAIL_FOLDER).glob("*督促*")] == [
        outputs.mail_draft(2027, "reminder", fy.MERGED_INTO)]
    # it says what came and what is missing, not 「まだ届いていません…行き違い」
    import email
    import email.policy

    draft = email.message_from_bytes((office / outputs.MAIL_FOLDER / outputs.mail_draft(2027, "reminder", fy.MERGED_INTO))
                                     .read_bytes(), policy=email.policy.default)
    body = draft.get_body(("plain",)).get_content()
    assert f"「{fy.MERGED[0]}.xlsx」（組織改正の前の調査票）を受け取りましたが" in body and missing[0] in body
    assert "行き違い" not in body and "まだ届いていません" not in body

    second.rename(office / "in2027" / second.name)  # the other half comes: 提出済, nothing said
    assert main(["merge", "in2027", "--year", "R9", "--out", "out2027"]) == 0
    capsys.readouterr()
    with Ledger(db, plan=plan) as ledger:
        rows = {r["section"]: r for r in ledger.section_rows(2027, plan.sections)}
        said = [p for found in ledger.ledger_problems(2027).values() for p in found if p.code == "L004"]
    assert rows[fy.MERGED_INTO]["status"] == "提出済" and not said


@pytest.mark.parametrize("together", [False, True])
def test_one_merged_sections_old_form_sent_back_is_not_settled_by_the_others(office, capsys, together):
    """DX推進課's old form was sent back (a blank 進捗状況) and 秘書政策課's came later: DX推進課's was shown
    「差し戻し（解決済み）」, its 要修正 copy deleted, and 政策推進課 got a 督促 saying nothing came. It is 差し戻し
    on DX推進課's form until that is corrected, with the copy and a 再提出のお願い."""
    from reform_xlsx.form import layout

    db = office / "reform.db"
    plan26, (first, second) = _merged_old_forms(office, capsys)
    answers = fy.answers(plan26, fy.MERGED[0], 2027)
    blank = next(k for k in answers[layout.SHEET_ITEMS] if k != layout.RESPONDENT_ID)
    answers[layout.SHEET_ITEMS][blank]["進捗状況"] = None
    first = fy.fill_template(office / "old" / outputs.template(plan26.words, 2027, fy.MERGED[0]), answers, first)
    assert _year(office, 2027, capsys, skip=(fy.MERGED_INTO,), extra=[first, second] if together else [first]) == 1
    if not together:
        second.rename(office / "in2027" / second.name)
        assert main(["merge", "in2027", "--year", "R9", "--out", "out2027"]) == 1
        capsys.readouterr()
    plan = ledger_plan(db, None, 2027)
    with Ledger(db, plan=plan) as ledger:
        rows = {r["section"]: r for r in ledger.section_rows(2027, plan.sections)}
    assert (rows[fy.MERGED_INTO]["status"], rows[fy.MERGED_INTO]["file"]) == ("差し戻し", first.name)
    copy = office / "out2027" / outputs.FEEDBACK_FOLDER / outputs.feedback(2027, fy.MERGED_INTO)
    assert copy.is_file()
    assert main(["status", "--year", "R9", "--remind"]) == 1
    capsys.readouterr()
    drafts = sorted(p.name for p in (office / outputs.MAIL_FOLDER).glob("*.eml"))
    assert drafts == [outputs.mail_draft(2027, "resubmit", fy.MERGED_INTO)]


def _correction(change) -> str:
    """The bundled plan corrected from 令和8年度 (版 2026-09), with ``change`` made to its data."""
    import yaml

    from reform_xlsx.plan.loading import bundled_plan_text

    data = yaml.safe_load(bundled_plan_text())
    data["plan"]["version"] = "2026-09"
    data["revision"] = {"date": "2026-09-01", "effective_year": "R8", "reason": "計画の訂正"}
    change(data)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _delete_item(item_id: str):
    def change(data):
        for area in data["areas"]:
            for category in area["categories"]:
                category["items"] = [i for i in category["items"]
                                     if f"{area['number']}-{category['number']}-{i['number']}" != item_id]
    return change


def _delete_kpi(kpi_id: str):
    def change(data):
        data["kpis"] = [k for k in data["kpis"] if k["id"] != kpi_id]
    return change


def _rename(old: str, new: str, year: str):
    def change(data):
        data["reorganisations"] = [{"year": year, "from": old, "to": new}]
        data["sections"] = [new if s == old else s for s in data["sections"]]
        for area in data["areas"]:
            for category in area["categories"]:
                for item in category["items"]:
                    item["sections"] = [new if s == old else s for s in item["sections"]]
        for kpi in data["kpis"]:
            kpi["owner"] = new if kpi["owner"] == old else kpi["owner"]
    return change


def _later(change):
    def later(data):
        change(data)
        data["revision"]["effective_year"] = "R9"
    return later


@pytest.mark.parametrize("change, expected", [
    # 1-1-4 is 財政課's alone, answered for 令和8年度: its answer and 財政効果額 would leave that year's packet
    (_delete_item("1-1-4"), [("L022", "改革項目 1-1-4", "令和8年度", "財政課", "令和9年度")]),
    (_delete_kpi("K09"), [("L022", "KPI K09", "令和8年度", "財政課", "令和9年度")]),
    # 税務課's forms for 令和8年度 were accepted: renamed from 令和8年度, 収納課 would be 未提出 and reminded
    (_rename("税務課", "収納課", "R8"), [("L023", "税務課 → 収納課", "令和8年度", "税務課", "令和9年度")]),
    # the same changes from 令和9年度, where nothing is answered yet; a KPI no section answered in 令和8年度
    (_later(_delete_item("1-1-4")), []),
    (_later(_rename("税務課", "収納課", "R9")), []),
    (_delete_kpi("K04"), []),  # 市民課's, and 市民課 sent nothing
])
def test_a_revision_never_cuts_off_answers_accepted_for_a_year_it_applies_to(office, capsys, change, expected):
    """An item or KPI deleted, or a new 組織改正, from a year the ledger has accepted answers of them: refused
    (with or without --force) and what to do instead; the same change from the next year is stored."""
    assert _year(office, 2026, capsys, skip=("市民課",)) == 1  # 市民課 未提出
    path = office / "corrected.yaml"
    path.write_text(_correction(change), encoding="utf-8")
    db = office / "reform.db"
    if not expected:
        assert import_plan(path, db).stored
        return
    for force in (False, True):
        with pytest.raises(PlanImportError) as caught:
            import_plan(path, db, force=force)
        got = [(p.code, p.extra.get("what") or f"{p.extra['old']} → {p.extra['new']}", p.extra["years"],
                p.extra.get("sections") or p.extra["old"]) for p in caught.value.problems]
        assert got == [e[:4] for e in expected]
        assert all(f"適用年度を{e[4]}にしてください" in p.message for p, e in zip(caught.value.problems, expected))
    assert main(["plan", "import", str(path), "--force"]) == 2
    assert f"[{expected[0][0]} エラー]" in capsys.readouterr().err
    with Ledger(db) as ledger:
        assert [p.version for p in revisions(ledger).plans] == ["2026-02"]  # nothing stored
    assert main(["report", "--year", "R8", "--out", "again"]) == 0
    packet = next((office / "again").glob("*推進本部会議資料.xlsx"))
    ws = openpyxl.load_workbook(packet, data_only=True)["改革項目一覧"]
    assert [r[:4] for r in ws.iter_rows(values_only=True) if r[0] == "1-1-4"] == [
        ("1-1-4", "電子入札制度の運用拡大", "財政課", "E 完了")]  # 令和8年度 as it was answered (five_years.py)


def test_a_change_after_the_plans_last_year_is_answered_says_to_keep_it(office, capsys):
    """When the last year answered is the plan's last year, no later 適用年度 exists: put the item back."""
    from reform_xlsx import plan_import

    assert _year(office, 2026, capsys) == 0
    plan = replace(ledger_plan(office / "reform.db", None), end_year=2026)
    text = plan_import._advice(plan, 2026, "改革項目 1-1-4 を計画に戻してください")
    assert text == "計画期間の最後の年度（令和8年度）まで受け付けているため、改革項目 1-1-4 を計画に戻してください。"
    assert plan_import._advice(replace(plan, end_year=2030), 2026, "x") == "改訂の適用年度を令和9年度にしてください。"


def test_a_revision_leaves_the_target_line_it_had_drawn_before_the_plan_began(office, capsys):
    """KPI推移's 年度目標値 line: a revision from 令和9年度 raising K10's target moves the years from 令和9年度 on;
    令和7年度 (before the plan's period, between the baseline and the first year) stays as the plan at its start
    drew it, like 令和8年度."""
    import yaml

    assert _year(office, 2026, capsys) == 0
    data = yaml.safe_load(fy.revised_yaml(2027))
    next(k for k in data["kpis"] if k["id"] == fy.REVISED_KPI)["target"] = 300_000_000
    (office / "raised.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert import_plan(office / "raised.yaml", office / "reform.db").stored
    assert main(["report", "--year", "R9", "--out", "r9"]) == 0

    def line(folder: str) -> list:
        ws = openpyxl.load_workbook(next((office / folder).glob("*推進本部会議資料.xlsx")), data_only=True)["KPI推移"]
        rows = [[c.value for c in r] for r in ws.iter_rows()]
        top = next(n for n, r in enumerate(rows) if r[0] and str(r[0]).startswith("年度目標値の推移"))
        header = next(r for r in rows[top:] if "令和7年度" in r or "R7" in r)
        row = next(r for r in rows[top:] if r[0] == fy.REVISED_KPI)
        return [row[header.index(label)] for label in ("令和6年度", "令和7年度", "令和8年度", "令和9年度")]

    before, after = line("out2026"), line("r9")
    assert after[:3] == before[:3]  # 令和6〜8年度: the line as drawn
    assert after[3] > before[3]  # 令和9年度: the raised target


OWN, DROPPED_ITEM, RETARGETED_KPI = "財政課", fy.ENDED_ITEM, "K12"


def _retarget_yaml() -> str:
    """The plan revised from 令和9年度 with every section kept: 財政課's K12 gets a new target and its item 1-1-4
    ends after 令和8年度 (not on its 令和9年度 form any more)."""
    import yaml

    from reform_xlsx.plan.loading import bundled_plan_text

    data = yaml.safe_load(bundled_plan_text())
    for area in data["areas"]:
        for category in area["categories"]:
            for item in category["items"]:
                if f"{area['number']}-{category['number']}-{item['number']}" == DROPPED_ITEM:
                    item["end"] = "R8"
    for kpi in data["kpis"]:
        if kpi["id"] == RETARGETED_KPI:
            kpi["target"] = 5_500_000  # from 5,600,000 (a 減少 KPI)
    data["plan"]["version"] = "2027-03"
    data["revision"] = {"date": "2027-03-10", "effective_year": "R9", "reason": "K12 の目標を引き上げ"}
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _old_form_returned(office: Path, capsys, version: str | None = None) -> tuple[Path, dict]:
    """財政課's 令和9年度 調査票 made with 版 2026-02, filled (with openpyxl) and sent back after the revision
    (``version``: its metadata changed to a 版 the ledger does not keep); merged with nothing else."""
    import intake_craft as craft
    from reform_xlsx.form import layout

    db = office / "reform.db"
    assert _year(office, 2026, capsys) == 0
    assert main(["templates", "--year", "R9", "--section", OWN, "--out", "old"]) == 0
    (office / "retarget.yaml").write_text(_retarget_yaml(), encoding="utf-8")
    assert main(["plan", "import", "retarget.yaml"]) == 0
    plan26 = ledger_plan(db, None, 2026)
    answers = fy.answers(plan26, OWN, 2027)
    assert DROPPED_ITEM in answers[layout.SHEET_ITEMS]
    (office / "in2027").mkdir()
    sent = fy.fill_template(office / "old" / outputs.template(plan26.words, 2027, OWN), answers,
                            office / "in2027" / f"{OWN}.xlsx")
    if version is not None:
        craft.edit(sent, sent, lambda wb: craft.set_meta(wb, layout.META_PLAN_VERSION, version))
    capsys.readouterr()
    assert main(["merge", "in2027", "--year", "R9", "--out", "out2027", "--json"]) == 1
    return office / "out2027" / outputs.FEEDBACK_FOLDER / outputs.feedback(2027, OWN), answers


def test_an_old_version_form_of_a_section_still_in_the_plan_is_copied_to_the_new_form(office, capsys):
    """A section returns the form it was sent before a revision (版 2026-02): it is sent back (M003), but its
    差し戻し copy — a form of 版 2027-03 — holds every answer whose row is still on the section's form, in that
    row's cells, and says so (not that the file could not be read); the answers never reach the reports, and the
    copy sent back as it is is accepted."""
    import intake_craft as craft
    from reform_xlsx.form import layout
    from reform_xlsx.ledger.feedback import SHEET_ERRORS
    from reform_xlsx.templates.fill import cell_map

    copy, answers = _old_form_returned(office, capsys)
    doc = json.loads(capsys.readouterr().out)
    (sent,) = doc["files"]
    assert sent["status"] == "rejected" and [i["code"] for i in sent["issues"] if i["severity"] == "error"] == ["M003"]

    wb = openpyxl.load_workbook(copy)
    meta = {r[0].value: r[1].value for r in wb[layout.SHEET_META].iter_rows()}
    assert meta[layout.META_PLAN_VERSION] == "2027-03"
    checked = 0
    for sheet, id_label in ((layout.SHEET_ITEMS, layout.ID_LABEL_ITEMS), (layout.SHEET_KPI, layout.ID_LABEL_KPI)):
        where = cell_map(wb[sheet], id_label)
        assert DROPPED_ITEM not in {row_id for row_id, _label in where}
        for row_id, fields in answers[sheet].items():
            if row_id in (DROPPED_ITEM, layout.RESPONDENT_ID):
                continue
            for label, value in fields.items():
                assert wb[sheet][where[(row_id, layout.normalise_label(label))]].value == value, (sheet, row_id, label)
                checked += 1
    assert checked > 30
    errors = wb[SHEET_ERRORS]
    guide = "".join(str(errors.cell(r, 1).value or "") for r in range(4, 12))
    assert "現在の版（2027-03）の計画の新しい調査票に、項目・KPI ごとに同じ ID の行へ写したものです" in guide
    assert "記入し直す必要はありません" in guide and f"現在の版の調査票にない行（{DROPPED_ITEM}）の内容は、写していません" in guide
    assert "読み取れなかった" not in guide and "記入し直して" not in guide
    codes = [errors.cell(r, 2).value for r in range(1, errors.max_row + 1)]
    assert codes.count("M003") == 1 and not any(str(c).startswith("V") for c in codes if c)

    with Ledger(office / "reform.db") as ledger:  # a rejected file's answers are kept, never used
        assert ledger.answers([2027]).empty
        (kept,) = ledger.db.execute("SELECT id FROM submissions WHERE year = 2027 AND status = 'rejected'").fetchall()
        assert {a.id for a in ledger.sent_answers(kept[0])} >= {"2-2-1", RETARGETED_KPI, DROPPED_ITEM}

    back = office / "in2027b"
    back.mkdir()
    craft.edit(copy, back / f"{OWN}_修正.xlsx", lambda wb: None)  # opened and saved, nothing changed
    assert main(["merge", "in2027b", "--year", "R9", "--out", "out2027", "--json"]) == 1  # the others: 未提出
    doc = json.loads(capsys.readouterr().out)
    assert [f["status"] for f in doc["files"]] == ["accepted"], doc["files"]
    with Ledger(office / "reform.db") as ledger:
        used = ledger.answers([2027])
    assert set(used["section"]) == {OWN} and DROPPED_ITEM not in set(used["id"])
    assert set(used.loc[used["kind"] == "kpi", "id"]) == {"K09", RETARGETED_KPI}


def test_an_old_version_form_of_a_version_the_ledger_does_not_keep_is_sent_back_as_before(office, capsys):
    """The same form saying a 版 the ledger never had: not read (nothing to read it with), its copy says so."""
    from reform_xlsx.ledger.feedback import SHEET_ERRORS

    copy, _answers = _old_form_returned(office, capsys, version="2025-01")
    (sent,) = json.loads(capsys.readouterr().out)["files"]
    assert sent["status"] == "rejected" and [i["code"] for i in sent["issues"]] == ["M003"]
    errors = openpyxl.load_workbook(copy)[SHEET_ERRORS]
    guide = "".join(str(errors.cell(r, 1).value or "") for r in range(4, 12))
    assert "内容を読み取れなかったため、内容は写していません。この調査票に記入し直して" in guide
    assert "写したものです" not in guide


def _end(ids: tuple[str, ...], year: str):
    """Each item and KPI of ``ids`` ends in ``year`` (the plan from 令和10年度, 版 2027-09)."""
    def change(data):
        data["plan"]["version"] = "2027-09"
        data["revision"] = {"date": "2027-09-01", "effective_year": "R10", "reason": "取組の終了"}
        for area in data["areas"]:
            for category in area["categories"]:
                for item in category["items"]:
                    if f"{area['number']}-{category['number']}-{item['number']}" in ids:
                        item["end"] = year
        for kpi in data["kpis"]:
            if kpi["id"] in ids:
                kpi["end"] = year
    return change


def test_the_answered_years_check_walks_the_plans_items_a_fixed_number_of_times(office, capsys, monkeypatch):
    """L024's check looked each item up in the plan in force each answered year by walking all its items, and found
    each item's place in the plan file by counting over all items: plan import of a 1,000-section plan spent two
    thirds of its time there (items squared). Counted in walks over a plan's items, never timed."""
    from reform_xlsx.plan.model import Plan

    assert _year(office, 2026, capsys) == 0
    assert _year(office, 2027, capsys) == 0
    path = office / "ended.yaml"
    path.write_text(_correction(_end(("1-1-4", "K09"), "R9")), encoding="utf-8")
    walks = []

    class Walked(tuple):
        def __iter__(self):
            walks.append(len(self))
            return super().__iter__()

    monkeypatch.setattr(Plan, "items", property(lambda self: Walked(i for a in self.areas for i in a.items)))
    assert import_plan(path, office / "reform.db", dry_run=True).changes  # checked, and not refused (L024)
    items = max(walks)
    assert len(walks) < items  # (each item walked them all, and again for each year it was answered)


def test_a_revision_never_ends_an_item_before_a_year_its_answers_were_accepted_for(office, capsys):
    """令和8年度 and 令和9年度 merged; a revision from 令和10年度 ends 1-1-4 and K09 in 令和8年度: 令和9年度's answers
    would fall outside their years (計画期間の総括 showed K09's 令和9年度 as 「－」, and 令和10年度's form asked the
    意見への対応 under 【令和8年度で終了】). Refused (L024, also with --force) with the year to end them instead."""
    assert _year(office, 2026, capsys) == 0
    assert _year(office, 2027, capsys) == 0
    path, db = office / "ended.yaml", office / "reform.db"
    path.write_text(_correction(_end(("1-1-4", "K09"), "R8")), encoding="utf-8")
    for force in (False, True):
        with pytest.raises(PlanImportError) as caught:
            import_plan(path, db, force=force)
        got = [(p.code, p.extra["what"], p.extra["years"], p.extra["sections"], p.path) for p in caught.value.problems]
        assert got == [("L024", "改革項目 1-1-4", "令和9年度", "財政課", "areas[0].categories[0].items[3].end"),
                       ("L024", "KPI K09", "令和9年度", "財政課", "kpis[8].end")]
        assert "終了年度を令和9年度（回答を受け付けた最後の年度）以降にしてください" in caught.value.problems[0].message
    assert main(["plan", "import", str(path)]) == 2
    assert "[L024 エラー]" in capsys.readouterr().err
    with Ledger(db) as ledger:
        assert [p.version for p in revisions(ledger).plans] == ["2026-02"]  # nothing stored
    # ended in 令和9年度, the last year answered: stored; 令和9年度 keeps its answers in the period view
    path.write_text(_correction(_end(("1-1-4", "K09"), "R9")), encoding="utf-8")
    assert import_plan(path, db).stored
    assert main(["report", "--year", "R10", "--out", "final", "--final"]) in (0, 1)  # (令和10年度: nothing yet)
    packet = next((office / "final").glob("*推進本部会議資料.xlsx"))
    rows = [r for r in openpyxl.load_workbook(packet, data_only=True)["計画期間の総括"].iter_rows(values_only=True)]
    (k09,) = [r for r in rows if r[0] == "K09"]
    assert k09[5] not in (None, "－")  # its 令和9年度 実績値
