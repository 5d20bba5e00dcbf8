"""A section's return that arrives inside a ZIP (the section zipped its attachment, a mail gateway packed it, a zip of
returns inside a zip). merge never reads inside a zip; the clerk is told which workbooks the zip holds and to unpack it
(F032), not told a 「Excel ブックではない」 file was skipped as if nothing was there (F001)."""

from __future__ import annotations

import io
import shutil
import unicodedata
import zipfile

import pytest

import intake_craft as craft
from reform_xlsx.intake import read_return
from reform_xlsx.merge import run_merge
from reform_xlsx.messages import Severity
from reform_xlsx.records import FileStatus

FORM = "令和8年度_市政改革取組状況調査票_観光課.xlsx"


def _zip(members: dict[str, bytes]) -> bytes:
    return craft.zip_bytes(members)


def _windows_zip(name: str, data: bytes) -> bytes:
    """A zip as Windows' 「送る → 圧縮 (zip 形式) フォルダー」 makes it: the member's name in Shift_JIS (cp932) bytes,
    without the UTF-8 flag (Python would write UTF-8 with the flag)."""
    return _raw_name_zip(name.encode("cp932"), data)


@pytest.fixture(scope="module")
def form(plan, tmp_path_factory):
    return craft.filled(plan, 2026, "観光課", tmp_path_factory.mktemp("zipped")).read_bytes()


@pytest.mark.parametrize("case, members, code, named", [
    ("a return zipped on Windows", "windows", "F032", [FORM]),
    ("a return zipped with UTF-8 names", {"返送/" + FORM: "form"}, "F032", ["返送/" + FORM]),
    ("a zip of returns inside a zip", {"inner.zip": "zip"}, "F032", ["inner.zip"]),
    ("an .ods and a .xls", {"a.ods": "form", "b.xls": "form", "memo.txt": b"x"}, "F032", ["a.ods", "b.xls"]),
    ("only a memo", {"readme.txt": b"hello"}, "F001", []),
    ("only a Mac's resource fork", {"__MACOSX/._" + FORM: b"\0" * 8, "._x.xlsx": b"\0"}, "F001", []),
    ("a lock file", {"~$" + FORM: b"\0" * 162}, "F001", []),
])
def test_a_zip_that_holds_workbooks_says_so(plan, form, tmp_path, case, members, code, named):
    if members == "windows":
        data = _windows_zip(FORM, form)
    else:
        data = _zip({k: form if v == "form" else _zip({FORM: form}) if v == "zip" else v for k, v in members.items()})
    path = tmp_path / "添付.zip"
    path.write_bytes(data)
    result = read_return(path, plan, 2026)
    assert result.status == FileStatus.SKIPPED, case
    assert [(p.code, p.severity) for p in result.problems] == [(code, Severity.WARNING)], case
    said = result.problems[0].message
    for name in named:
        assert name in said, (case, said)
    if code == "F032":
        assert "展開" in said and "merge" in said


def test_many_workbooks_in_a_zip_are_counted_not_all_listed(plan, form, tmp_path):
    path = tmp_path / "まとめ.zip"
    path.write_bytes(_zip({f"課{n:02}.xlsx": form for n in range(12)}))
    said = read_return(path, plan, 2026).problems[0].message
    assert "課00.xlsx" in said and "課11.xlsx" not in said and "ほか 9 件" in said


def test_a_section_whose_return_came_zipped_is_read_once_unpacked(plan, form, tmp_path):
    """The zip is said with what it holds; the section stays 未提出 until the clerk unpacks it into the inbox."""
    inbox = tmp_path / "受信"
    inbox.mkdir()
    (inbox / "観光課より.zip").write_bytes(_windows_zip(FORM, form))
    db, out = tmp_path / "out" / "reform.db", tmp_path / "out"
    result = run_merge([inbox], plan, 2026, db=db, out=out)
    files = {f.result.name: f for f in result.batch.files}
    assert [p.code for p in files["観光課より.zip"].problems] == ["F032"]
    assert FORM in files["観光課より.zip"].problems[0].message
    assert {r["section"]: r["status"] for r in result.batch.sections}["観光課"] == "未提出"
    with zipfile.ZipFile(inbox / "観光課より.zip") as zf:  # unpacked as the message asks (Python: the cp437 name)
        (inbox / "展開").mkdir()
        (inbox / "展開" / FORM).write_bytes(zf.read(zf.namelist()[0]))
    shutil.move(inbox / "観光課より.zip", tmp_path / "観光課より.zip")
    again = run_merge([inbox], plan, 2026, db=db, out=out)
    assert {r["section"]: r["status"] for r in again.batch.sections}["観光課"] == "提出済"


@pytest.mark.parametrize("case, raw", [
    ("a Mac's 「圧縮」: UTF-8 (decomposed) without the UTF-8 flag",
     unicodedata.normalize("NFD", "観光課_データ.xlsx").encode("utf-8")),
    ("Windows' Shift_JIS", "観光課_データ.xlsx".encode("cp932")),
])
def test_a_zipped_returns_name_is_shown_in_its_characters_however_the_zip_wrote_it(plan, form, tmp_path, case, raw):
    """A zip made on a Mac writes its names in UTF-8 without the flag that says so (as Windows writes Shift_JIS
    without it): the clerk is told 「観光課_データ.xlsx」, not the Shift_JIS reading of its bytes."""
    path = tmp_path / "添付.zip"
    path.write_bytes(_raw_name_zip(raw, form))
    said = read_return(path, plan, 2026).problems[0].message
    assert "「観光課_データ.xlsx」" in said, (case, said)


def _raw_name_zip(raw: bytes, data: bytes) -> bytes:
    """A zip whose one member's name is the bytes ``raw``, without the UTF-8 flag."""
    stand_in = "x" * len(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(stand_in, data)
    packed = out.getvalue()
    assert packed.count(stand_in.encode()) == 2  # the local header and the central directory
    return packed.replace(stand_in.encode(), raw)
