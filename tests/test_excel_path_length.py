"""Excel opens and saves a file only when its whole path is at most 218 characters (Windows allows 259): a 調査票,
差し戻し copy or 会議資料 written under a deep share with a long section name was mailed to a section that could not
open it. Every command that writes a file Excel opens says which ones are too long (O001) and what to do."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import intake_craft as craft
from reform_xlsx import outputs
from reform_xlsx.cli import main
from reform_xlsx.form import layout
from reform_xlsx.plan.loading import bundled_plan_text, parse_plan

LONG = "まち・ひと・しごと創生推進課地域おこし協力隊担当及び関係人口創出拡大担当並びにデジタル田園都市国家構想推進担当室"[:60]


def units(path: str | Path) -> int:
    """Characters as Windows counts them (UTF-16 units)."""
    return len(str(path).encode("utf-16-le", "surrogatepass")) // 2


def folder_ending_at(base: Path, name: str, total: int) -> Path:
    """A folder under ``base`` (made) in which ``name`` has a whole path of exactly ``total`` characters. Folders of
    at most 40 ASCII characters: Linux allows 255 bytes a name, Windows 259 characters a path."""
    need = total - units(os.path.abspath(base)) - units(name) - 1  # the last separator
    folder = Path(os.path.abspath(base))
    while need > 0:
        part = min(need - 1, 40) if need > 41 else need - 1
        if part < 1:  # one character left: lengthen the folder made last
            folder = folder.with_name(folder.name + "x")
            need -= 1
            continue
        folder = folder / ("d" * part)
        need -= part + 1
    folder.mkdir(parents=True, exist_ok=True)
    assert units(folder / name) == total
    return folder


@pytest.mark.parametrize("name, total, too_long", [
    ("a.xlsx", 218, False), ("a.xlsx", 219, True), ("a.XLSX", 219, True), ("a.csv", 219, True),
    ("a.xlsm", 230, True), ("a.pdf", 250, False), ("a.eml", 250, False), ("a.yaml", 250, False),
    ("𠮷.xlsx", 218, False), ("𠮷.xlsx", 219, True),  # 𠮷 is two characters as Windows counts: 218 code points
    ("\udc8f.xlsx", 218, False), ("\udc8f.xlsx", 219, True),  # a name's byte that is not UTF-8 (Linux): one
])
def test_too_long_for_excel(tmp_path, name, total, too_long):
    base = Path(os.path.abspath(tmp_path))
    path = base / ("p" * (total - len(str(base)) - 2 - units(name))) / name
    assert units(path) == total and len(str(path)) == total - name.count("𠮷")
    assert outputs.path_length(path) == total
    assert outputs.too_long_for_excel(path) is too_long


def said_too_long(err: str) -> set[str]:
    """The files an O001 warning names on standard error."""
    return {line.split("] ", 1)[1].split(": パス全体が", 1)[0] for line in err.splitlines() if "[O001 警告]" in line}


def too_long_files(folder: Path) -> set[str]:
    return {os.path.abspath(p) for p in folder.rglob("*")
            if p.is_file() and p.suffix.lower() in (".xlsx", ".csv") and units(os.path.abspath(p)) > 218}


@pytest.fixture(scope="module")
def plan_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("plan") / "plan.yaml"
    path.write_text(bundled_plan_text().replace("観光課", LONG), encoding="utf-8")
    return path


@pytest.mark.parametrize("total, warned", [(218, False), (219, True), (240, True)])
def test_templates_says_which_form_excel_cannot_open(plan_file, tmp_path, capsys, total, warned):
    plan, _ = parse_plan(plan_file.read_text(encoding="utf-8"), "plan.yaml")
    name = outputs.template(plan.words, 2026, LONG)
    out = folder_ending_at(tmp_path, name, total)
    assert main(["templates", "--year", "R8", "--plan", str(plan_file), "--out", str(out)]) == 0
    err = capsys.readouterr().err
    form = out / name
    assert form.is_file()
    if not warned:
        assert "O001" not in err
        return
    assert said_too_long(err) == {str(form)} == too_long_files(out)  # the long section's form only
    line = next(line for line in err.splitlines() if "O001" in line)
    assert f"パス全体が {total} 文字" in line and "218 文字まで" in line and "出力先（--out）" in line
    assert f"あと {total - 218} 文字以上" in line


def test_merge_names_the_sent_back_copy_and_every_output_excel_cannot_open(plan_file, tmp_path, capsys):
    """The 差し戻し copy of the long section's rejected file, and the 会議資料, 回答一覧 … a deep --out makes too long."""
    plan, _ = parse_plan(plan_file.read_text(encoding="utf-8"), "plan.yaml")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    first = plan.items_for(LONG, 2026)[0].id
    craft.filled(plan, 2026, LONG, tmp_path / "made", changes={layout.SHEET_ITEMS: {first: {"進捗状況": "Z 不明"}}}
                 ).rename(inbox / "a.xlsx")
    craft.filled(plan, 2026, "市民課", tmp_path / "made").rename(inbox / "b.xlsx")
    copy = Path(outputs.FEEDBACK_FOLDER) / outputs.feedback(2026, LONG)
    out = folder_ending_at(tmp_path / "share", str(copy), 230)  # 受付結果, 回答一覧, 会議資料 … shorter
    code = main(["merge", str(inbox), "--year", "R8", "--plan", str(plan_file), "--out", str(out),
                 "--db", str(tmp_path / "r.db")])
    assert code == 1  # a file sent back
    err = capsys.readouterr().err
    assert (out / copy).is_file()
    long = too_long_files(out)
    assert str(out / copy) in long and os.path.abspath(out / outputs.receipt(2026)) not in long
    assert said_too_long(err) == long
    capsys.readouterr()
    report = folder_ending_at(tmp_path / "rep", outputs.meeting_office(plan.words, 2026), 219)
    assert main(["report", "--year", "R8", "--db", str(tmp_path / "r.db"), "--out", str(report)]) == 0
    err = capsys.readouterr().err
    assert said_too_long(err) == too_long_files(report) and str(report / outputs.meeting_office(plan.words, 2026)) in err
    # --json: in the document too (scripts match on codes), as on standard error
    again = folder_ending_at(tmp_path / "share2", str(copy), 225)
    for argv in (["merge", str(inbox), "--year", "R8", "--plan", str(plan_file), "--out", str(again), "--db",
                  str(tmp_path / "r2.db"), "--json"],
                 ["report", "--year", "R8", "--db", str(tmp_path / "r.db"), "--out", str(report), "--json"]):
        main(argv)
        said = capsys.readouterr()
        issues = json.loads(said.out)["output_issues"]
        assert {i["code"] for i in issues} == {"O001"} and all(i["severity"] == "warning" for i in issues)
        assert {i["file"] for i in issues} == said_too_long(said.err) == too_long_files(Path(argv[argv.index("--out") + 1]))


@pytest.mark.parametrize("command", [["contacts", "--out"], ["plan", "export"]])
def test_a_file_written_where_the_clerk_names_it_is_said_too(plan_file, tmp_path, capsys, command):
    target = folder_ending_at(tmp_path, "連絡先.xlsx", 225) / "連絡先.xlsx"
    assert main([*command, str(target), "--plan", str(plan_file)]) == 0
    err = capsys.readouterr().err
    assert target.is_file() and said_too_long(err) == {str(target)}
    assert ("出力先（--out）" if command[0] == "contacts" else "書き出すファイルのパス") in err


def test_a_form_removed_again_by_a_run_that_failed_is_not_named(plan_file, tmp_path, capsys, monkeypatch):
    """The disk fills up at the second form: the forms this run made are removed, and none is said to be too long."""
    import errno

    import reform_xlsx.templates as templates  # (the command imports its writer when it makes the forms)

    plan, _ = parse_plan(plan_file.read_text(encoding="utf-8"), "plan.yaml")
    out = folder_ending_at(tmp_path, outputs.template(plan.words, 2026, LONG), 225)
    real, calls = templates.write_templates, []

    def full_at_the_second(*args, **kwargs):
        calls.append(args)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(*args, **kwargs)

    monkeypatch.setattr(templates, "write_templates", full_at_the_second)
    assert main(["templates", "--year", "R8", "--plan", str(plan_file), "--out", str(out), "--section", LONG,
                 "市民課"]) == 2
    err = capsys.readouterr().err
    assert "消しました" in err and not list(out.iterdir())
    assert "O001" not in err
