"""What is wrong with a file, a folder or the ledger is said in Japanese: never a Python exception's name
(LookupError, ValueError, OSError …) nor a library's English text, which mean nothing to the clerk."""

from __future__ import annotations

import errno
import io
import re
import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from intake_craft import filled, rezip
from reform_xlsx.intake import reader as reader_module
from reform_xlsx.intake.files import os_detail
from reform_xlsx.intake.limits import Limits
from reform_xlsx.intake.reader import read_return
from reform_xlsx.intake.safety import inspect_zip
from reform_xlsx.intake.walk import _closed_detail
from reform_xlsx.ledger.errors import ledger_error_message
from reform_xlsx.os_reasons import os_reason

YEAR = 2026
SECTION = "財政課"
# a Python class name or English words in a message (a path in it may hold neither in these tests)
PROGRAMMER_TEXT = re.compile(r"[A-Za-z]*(Error|Exception)\b|[a-z]{4,} [a-z]{3,}")


def plain(message: str) -> bool:
    return PROGRAMMER_TEXT.search(message) is None


@pytest.fixture(scope="module")
def good(plan, tmp_path_factory) -> Path:
    return filled(plan, YEAR, SECTION, tmp_path_factory.mktemp("good"))


def messages(result, code: str) -> list[str]:
    return [p.message for p in result.problems if p.code == code]


def declared(encoding: str, tail: bytes = b"") -> Callable[[bytes], bytes]:
    return lambda xml: f'<?xml version="1.0" encoding="{encoding}"?>'.encode() + xml.split(b"?>", 1)[-1] + tail


@pytest.mark.parametrize("workbook_xml, says", [
    (declared("s"), "の文字コードが読めない"),  # no such encoding
    (declared("shift_jis", "\u65e5".encode("shift_jis")), "の文字コードが読めない"),  # one expat cannot read
    (declared("utf-16"), "の文字コードが読めない"),  # not what the bytes are
    (lambda xml: xml[:len(xml) // 2], "の XML の書き方が正しくない"),
])
def test_a_broken_sheet_list_says_what_is_wrong(plan, good, tmp_path, workbook_xml, says):
    """「ブックのシート一覧（xl/workbook.xml）が壊れている（LookupError）」 showed the exception's class name."""
    broken = rezip(good, tmp_path / f"{SECTION}.xlsx", {"xl/workbook.xml": workbook_xml})
    result = read_return(broken, plan, YEAR)
    (message,) = messages(result, "F016")
    assert f"ブックのシート一覧（xl/workbook.xml）{says}" in message
    assert plain(message), message


def _method_99(data: bytes) -> bytes:
    """The zip with every part's compression method set to 99 (AES, which zipfile does not read)."""
    out = bytearray(data)
    for signature, field in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        at = out.find(signature)
        while at >= 0:
            out[at + field:at + field + 2] = (99).to_bytes(2, "little")
            at = out.find(signature, at + 4)
    return bytes(out)


def test_a_zip_compressed_in_an_unknown_way_says_so(good):
    """「ZIP を読めない（NotImplementedError）」."""
    result = inspect_zip(_method_99(good.read_bytes()), "x.xlsx", Limits())
    (p,) = result.problems
    assert (p.code, p.extra["detail"]) == ("F006", "対応していない方式で圧縮されている"), p
    assert plain(p.message), p.message


def test_a_zip_with_a_name_not_in_utf8_says_so():
    """A part's name flagged UTF-8 but not UTF-8: 「ZIP の構造が正しくない（UnicodeDecodeError）」."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("xl/workbook.xml", b"<workbook/>")
    data = bytearray(out.getvalue())
    for signature, flags in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        data[at + flags:at + flags + 2] = (0x800).to_bytes(2, "little")
    data = bytes(data).replace(b"xl/workbook.xml", b"xl/w\xffrkbook.xml")
    (p,) = inspect_zip(data, "x.xlsx", Limits()).problems
    assert p.extra["detail"] == "ZIP 内の部品の名前の文字コードが読めない", p
    assert plain(p.message), p.message


@pytest.mark.parametrize("number, says", [
    (errno.EIO, "ディスクやネットワークとの読み書きに失敗しました"),
    (errno.ETIMEDOUT, "ネットワーク上の場所に接続できません"),
    (errno.EMFILE, "開いているファイルが多すぎます"),
    (errno.ENOTDIR, "パスの途中にフォルダではなくファイルがあります"),
    (4242, "OS のエラー（番号 4242）です"),
])
def test_an_os_error_is_said_in_japanese(number, says):
    """F019's 「読み込めません（OSError）」 and F026's bare 「OSError」 named the exception, not the cause."""
    exc = OSError(number, "Some English words from the system", "/x/y.xlsx")
    assert os_reason(exc).startswith(says)
    assert os_detail(exc) == _closed_detail(exc) == os_reason(exc)


def test_an_os_error_without_a_number_is_said_in_japanese():
    assert os_reason(OSError("no number")) == "OS のエラーです"
    assert os_reason(FileNotFoundError()) == "見つかりません"


def test_an_internal_error_before_reading_names_no_exception(plan, good, monkeypatch):
    """F020 showed 「ValueError: some English text」 to the clerk."""
    def broken(*_args):
        raise ValueError("an English sentence from deep inside")

    monkeypatch.setattr(reader_module, "_prepare", broken)
    result = read_return(good, plan, YEAR)
    (message,) = messages(result, "F020")
    assert "（ファイルの種類を調べる段階）" in message
    assert plain(message) and "deep inside" not in message, message


@pytest.mark.parametrize("exc, says", [
    (sqlite3.OperationalError("disk I/O error"), "ディスクかネットワークとのやりとりに失敗しました"),
    (sqlite3.OperationalError("out of memory"), "メモリが足りず"),
    (sqlite3.InterfaceError("bad parameter or other API misuse"), "台帳のデータベースを読み書きできませんでした"),
    (sqlite3.ProgrammingError("Cannot operate on a closed database."),
     "台帳のデータベースを読み書きできませんでした"),
])
def test_a_ledger_error_names_no_exception(exc, says):
    """「受付台帳 … を使えません（OperationalError）」."""
    message = ledger_error_message(Path("reform.db"), exc)
    assert says in message
    assert plain(message), message



def test_a_plan_or_settings_file_that_cannot_be_read_is_said_without_a_class_name(tmp_path, monkeypatch):
    import errno as errnos
    from pathlib import Path

    from reform_xlsx import settings
    from reform_xlsx.plan.loading import _read_failure

    assert _read_failure(OSError(errnos.EIO, "Input/output error")) == \
        "読めません（ディスクやネットワークとの読み書きに失敗しました（装置か接続の不調））"
    assert _read_failure(ValueError("x")) == "読めません"
    (tmp_path / "reform-xlsx.toml").write_text('plan = "a.yaml"\n', encoding="utf-8")

    def broken(self, *args, **kwargs):
        raise OSError(errnos.EIO, "Input/output error", str(self))

    monkeypatch.setattr(Path, "read_text", broken)
    monkeypatch.setattr(Path, "read_bytes", broken)
    with pytest.raises(settings.SettingsError) as raised:
        settings._read(tmp_path / "reform-xlsx.toml")
    assert "読めません（ディスクやネットワークとの読み書きに失敗しました" in raised.value.problem.message
