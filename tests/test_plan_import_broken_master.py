"""``plan import`` of a plan master that cannot be read as a workbook (cut short, another format, a password, a
damaged or unsafe zip): the file code (F002 …) is said of the 計画マスター and plan import — not of a section's
調査票 that is sent back."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from intake_craft import cfb, rezip, zip_bytes
from reform_xlsx.cli import main
from reform_xlsx.plan.loading import load_plan
from reform_xlsx.plan.master_export import write_master


def _truncated(master: Path, target: Path) -> None:
    target.write_bytes(master.read_bytes()[:3000])


def _empty(master: Path, target: Path) -> None:
    target.write_bytes(b"")


def _encrypted(master: Path, target: Path) -> None:
    target.write_bytes(cfb({"EncryptionInfo": b"x" * 100, "EncryptedPackage": b"y" * 5000}))


def _rights_managed(master: Path, target: Path) -> None:  # a sensitivity label that encrypts (no password)
    target.write_bytes(cfb({"\x06DataSpaces/DataSpaceInfo/DRMEncryptedDataSpace": b"x" * 8, "EncryptedPackage": b"y" * 5000}))


def _xls(master: Path, target: Path) -> None:
    target.write_bytes(cfb({"Workbook": b"x" * 5000}))


def _ods(master: Path, target: Path) -> None:
    target.write_bytes(zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                                  "content.xml": b"<office:document-content/>"}))


def _bad_deflate(master: Path, target: Path) -> None:  # a part's compressed bytes damaged
    data = bytearray(master.read_bytes())
    with zipfile.ZipFile(master) as zf:
        info = max(zf.infolist(), key=lambda i: i.compress_size)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for n in range(start + 10, start + info.compress_size - 10, 7):
        data[n] ^= 0x5A
    target.write_bytes(bytes(data))


def _doctype(master: Path, target: Path) -> None:
    rezip(master, target, {"xl/workbook.xml": lambda xml: xml.replace(
        b"?>", b'?><!DOCTYPE x [<!ENTITY a "b">]>', 1)})


def _broken_sheet_list(master: Path, target: Path) -> None:
    rezip(master, target, {"xl/workbook.xml": lambda xml: xml[:len(xml) // 2]})


def _bomb(master: Path, target: Path) -> None:
    rezip(master, target, {})
    with zipfile.ZipFile(target, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/media/zeros.bin", b"\0" * (8 << 20))


CASES = [("壊れ.xlsx", _truncated, "F006"),  # cut short: damaged, never 「中身は ZIP」 (F003)
         ("空.xlsx", _empty, "F004"), ("暗号.xlsx", _encrypted, "F005"),
         ("ラベル.xlsx", _rights_managed, "F033"),
         ("計画.xls", _xls, "F002"), ("計画.ods", _ods, "F002"), ("古い.xlsx", _xls, "F002"),
         ("圧縮.xlsx", _bad_deflate, "F006"), ("dtd.xlsx", _doctype, "F007"), ("部品.xlsx", _broken_sheet_list, "F016"),
         ("爆弾.xlsx", _bomb, "F011")]


@pytest.fixture(scope="module")
def master(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("master") / "計画.xlsx"
    write_master(load_plan()[0], path)
    return path


@pytest.mark.parametrize(("name", "make", "code"), CASES, ids=[c[2] + "-" + c[0] for c in CASES])
def test_a_broken_master_is_said_of_the_master_and_plan_import(master, workdir, capsys, name, make, code):
    make(master, workdir / name)
    assert main(["plan", "import", name, "--db", str(workdir / "reform.db")]) == 2
    err = capsys.readouterr().err
    assert f"[{code} エラー]" in err
    said = err.split(f"[{code} エラー]", 1)[1]
    assert "計画マスター" in said and "plan import" in said
    for wrong in ("調査票", "送って", "送り直して", "受信フォルダ", "ほかのファイル"):
        assert wrong not in said
    assert not (workdir / "reform.db").exists()


def test_a_problem_back_from_the_worker_is_reworded_from_its_message():
    from reform_xlsx.messages import Msg, Problem, master_worded, problem

    said = problem(Msg.INTAKE_INFLATE_RATIO, file="計画.xlsx", part="xl/a.bin", ratio="1,000", limit="200")
    back = Problem.from_dict(said.to_dict())  # its values are not carried over
    worded = master_worded(back)
    assert worded.code == "F011" and worded.file == "計画.xlsx"
    assert "xl/a.bin" in worded.message and "1,000 倍、上限 200 倍" in worded.message
    assert "plan export" in worded.message and "調査票" not in worded.message
    other = problem(Msg.INTAKE_LOCK_FILE, file="~$計画.xlsx")
    assert master_worded(other) is other


def test_each_master_wording_uses_only_the_values_of_its_code():
    import string

    from reform_xlsx.messages import MASTER_WORDING

    def fields(template: str) -> set[str]:
        return {name for _t, name, _f, _c in string.Formatter().parse(template) if name}

    for msg, template in MASTER_WORDING.items():
        assert fields(template) <= fields(msg.value.template), msg.value.code
        assert "計画マスター" in template and "調査票" not in template and "送って" not in template, msg.value.code
