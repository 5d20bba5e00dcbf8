"""A form made before a revision left its section nothing to answer that year stays in the folder when the forms are
made again (``templates --force``): it is named (O002), so that it is not handed out with the new ones."""

from __future__ import annotations

from office_word import revise, run_cli
from reform_xlsx.plan import master_layout as ml

SECTION, ITEM = "都市計画課", "3-2-1"  # its only item, shared with 土木課


def _form(root, section):
    return next((root / "t9").glob(f"令和9年度_*_{section}.xlsx"))


def test_a_form_of_a_section_a_revision_left_nothing_is_named_when_the_forms_are_made_again(workdir, capsys):
    from reform_xlsx.cli import main

    assert run_cli(["templates", "--year", "R9", "--out", "t9", "--db", "reform.db", "--deadline", "2028-05-26"],
                   capsys) == 0
    old = _form(workdir, SECTION)
    assert old.is_file()
    revise(workdir, capsys, "reform.db", "都市計画課の協働は土木課に一本化",
           lambda m: {m.cell(ml.ITEMS, "ID", ITEM, "担当課2"): None})

    code = main(["templates", "--year", "R9", "--out", "t9", "--db", "reform.db", "--force"])
    shown = capsys.readouterr()
    assert code == 0
    lines = [line for line in shown.err.splitlines() if "[O002" in line]
    assert len(lines) == 1 and str(old) in lines[0] and "令和9年度の都市計画課の調査票" in lines[0]
    assert "版 2027-03" in lines[0]
    assert old.is_file()  # named, never removed: the clerk decides
    assert "土木課" not in shown.err


def test_a_changed_file_and_a_section_asked_by_name_are_not_named(workdir, capsys):
    from reform_xlsx.cli import main

    assert run_cli(["templates", "--year", "R9", "--out", "t9", "--db", "reform.db", "--deadline", "2028-05-26"],
                   capsys) == 0
    old = _form(workdir, SECTION)
    old.write_bytes(old.read_bytes() + b"\0")  # a section's return saved over it, say: not the blank form made
    revise(workdir, capsys, "reform.db", "都市計画課の協働は土木課に一本化",
           lambda m: {m.cell(ml.ITEMS, "ID", ITEM, "担当課2"): None})
    assert main(["templates", "--year", "R9", "--out", "t9", "--db", "reform.db", "--force"]) == 0
    assert "O002" not in capsys.readouterr().err

    # a section with nothing that year, asked for by name: its form is what was asked, not a form left over
    assert main(["templates", "--year", "R9", "--out", "t10", "--db", "reform.db", "--section", SECTION]) == 0
    assert main(["templates", "--year", "R9", "--out", "t10", "--db", "reform.db", "--section", SECTION,
                 "--force"]) == 0
    assert "O002" not in capsys.readouterr().err
