"""The Japanese name of a draft's attached file, as the mail programs of a city hall read it.

Python's ``email`` package writes a long non-ASCII file name only in RFC 2231 form, split into
``filename*0*``, ``filename*1*`` … in the Content-Disposition. Outlook does not read that form: the
attached 調査票 or 要修正 copy shows as 「ATT00001」 / 「名称未設定の添付ファイル」. Every draft therefore
also gives the name as RFC 2047 encoded words in the ``name`` of its Content-Type (what Outlook reads, and
how Thunderbird writes a Japanese file name for Outlook); RFC 2231 readers keep the ``filename``."""

from __future__ import annotations

import email
import email.header
import email.policy
import re
from pathlib import Path

import pytest

from reform_xlsx import outputs
from reform_xlsx.mail import Contact, Draft, write_draft

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _attachment_headers(raw: bytes) -> dict[str, str]:
    """The attached part's headers as written (unfolded), keyed by lower-case name."""
    part = raw.decode("utf-8").split("Content-Type: application/", 1)[1]
    head = ("Content-Type: application/" + part).split("\r\n\r\n", 1)[0]
    unfolded = re.sub(r"\r\n[ \t]+", " ", head)
    return {line.split(":", 1)[0].lower(): line.split(":", 1)[1].strip() for line in unfolded.split("\r\n")}


@pytest.mark.parametrize("name", [
    "令和8年度_市政改革取組状況調査票_都市計画課.xlsx",  # a 照会's 調査票: long, split in RFC 2231 form
    "令和8年度_観光課_要修正.xlsx",  # a 再提出のお願い's copy: short
    "令和12年度_行財政改革取組状況調査票_第２建設課（道路維持係・河川係）.xlsx",  # wide characters, brackets
])
def test_an_attached_files_japanese_name_is_in_the_content_type_as_outlook_reads_it(tmp_path, name):
    attached = tmp_path / name
    attached.write_bytes(b"PK\x03\x04 workbook")
    draft = Draft("request", "観光課", "【照会】令和8年度 取組状況調査", "本文",
                  to=[Contact("観光課", "中村", "kanko@city.example.lg.jp")], attachment=attached)
    path = write_draft(draft, tmp_path / outputs.MAIL_FOLDER, 2026)
    raw = path.read_bytes().partition(b"\r\n")[2]
    headers = _attachment_headers(raw)
    content_type = headers["content-type"]
    assert content_type.startswith(XLSX_TYPE + ";")  # the type itself untouched (never an encoded word)
    assert "name*" not in content_type  # no RFC 2231 form where Outlook looks
    quoted = re.search(r'name="([^"]*)"', content_type).group(1)
    assert all(re.fullmatch(r"=\?utf-8\?b\?[A-Za-z0-9+/=]+\?=", w) for w in quoted.split())
    assert all(len(w) <= 75 for w in quoted.split())  # RFC 2047: an encoded word of 75 characters at most
    decoded = "".join(str(part, charset) for part, charset in email.header.decode_header(quoted))
    assert decoded == name
    assert all(len(line) <= 998 for line in raw.split(b"\r\n"))
    # the RFC 2231 filename stays for the programs that read it, and the whole draft parses back
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    (part,) = list(msg.iter_attachments())
    assert part.get_filename() == name and part.get_content_type() == XLSX_TYPE
    assert part.get_content() == attached.read_bytes()
    assert msg["X-Unsent"] == "1" and [a.addr_spec for a in msg["To"].addresses] == ["kanko@city.example.lg.jp"]


def test_a_draft_without_attachment_is_unchanged_by_it(tmp_path):
    draft = Draft("reminder", "観光課", "【督促】令和8年度 取組状況調査", "本文",
                  to=[Contact("観光課", "中村", "kanko@city.example.lg.jp")])
    raw = Path(write_draft(draft, tmp_path, 2026)).read_bytes()
    msg = email.message_from_bytes(raw.partition(b"\r\n")[2], policy=email.policy.default)
    assert list(msg.iter_attachments()) == [] and msg.get_body(("plain",)).get_content().strip() == "本文"
