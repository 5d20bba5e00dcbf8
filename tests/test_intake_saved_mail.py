"""A section's return saved into the inbox as the whole e-mail: an Outlook message dragged into the folder (.msg, an
OLE2 compound file) or a mail saved from Outlook on the web, Thunderbird or the LGWAN mail client (.eml, MIME). merge
never reads inside a mail (as inside a zip, F032): the clerk is told the mail's subject and the workbooks attached to it
and asked to save them into the inbox (F034), or told the mail holds no workbook (F035) — not told a 「Excel ブックでは
ない」 file was skipped with advice for the section (F001). A hostile mail costs no more than itself."""

from __future__ import annotations

import base64
import hashlib
import shutil
from email.header import Header

import pytest

import intake_craft as craft
from reform_xlsx.intake import read_return
from reform_xlsx.intake.limits import Limits
from reform_xlsx.intake.saved_mail import named_sections, read_saved_mail
from reform_xlsx.intake.sniff import sniff
from reform_xlsx.merge import run_merge
from reform_xlsx.messages import Severity
from reform_xlsx.records import FileStatus

FORM = "令和8年度_市政改革取組状況調査票_観光課.xlsx"
SUBJECT = "調査票の提出（観光課）"
XLSX_TYPE = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _percent(data: bytes) -> bytes:
    return "".join(f"%{c:02X}" for c in data).encode()


def _eml(*parts: bytes, subject: bytes = Header(SUBJECT, "iso-2022-jp").encode().encode(), first: bytes = b"",
         body: bytes = b"UEsDBBQAAAAIAA==") -> bytes:
    """A mail as a mail program saves it: a text part, then one part for each of ``parts`` (its header fields)."""
    attached = b"".join(b"--XX\r\n" + p + b"\r\nContent-Transfer-Encoding: base64\r\n\r\n" + body + b"\r\n"
                        for p in parts)
    return (first + b"From: kanko@city.example.lg.jp\r\nTo: gyokaku@city.example.lg.jp\r\nSubject: " + subject
            + b"\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"XX\"\r\n\r\n"
            b"--XX\r\nContent-Type: text/plain; charset=\"ISO-2022-JP\"\r\n\r\n" + "提出します。".encode("iso-2022-jp")
            + b"\r\n" + attached + b"--XX--\r\n")


def _u16(text: str) -> bytes:
    return text.encode("utf-16-le")


def _msg(attachments: dict[str, bytes], subject: str | None = SUBJECT) -> bytes:
    """An Outlook message (.msg): ``attachments`` are streams (``"#0/__substg1.0_3707001F"``) of the attachment storages
    ``__attach_version1.0_#00000000`` … (a ``/`` inside: a storage within, as an attached mail is)."""
    streams = {"__properties_version1.0": b"\0" * 32}
    if subject is not None:
        streams["__substg1.0_0037001F"] = _u16(subject)
    for key, data in attachments.items():
        number, rest = key.split("/", 1)
        streams[f"__attach_version1.0_#{int(number[1:]):08X}/{rest}"] = data
    return craft.cfb(streams)


LONG = "令和8年度 市政改革取組状況調査票の提出について（観光課 観光振興係）"
OUTLOOK_NAME = Header(FORM, "iso-2022-jp").encode().encode()  # two encoded words, as Outlook folds a long name


@pytest.mark.parametrize("case, mail, returns, others, subject", [
    ("Outlook: RFC 2047 in quotes, ISO-2022-JP",
     _eml(b"Content-Type: " + XLSX_TYPE + b';\r\n\tname="' + OUTLOOK_NAME + b'"\r\nContent-Disposition: attachment;'
          b'\r\n\tfilename="' + OUTLOOK_NAME + b'"'), [FORM], [], SUBJECT),
    ("Thunderbird: RFC 2231 in UTF-8, continued",
     _eml(b"Content-Type: " + XLSX_TYPE + b"\r\nContent-Disposition: attachment;\r\n filename*0*=UTF-8''"
          + _percent(FORM.encode()[:30]) + b";\r\n filename*1*=" + _percent(FORM.encode()[30:])), [FORM], [], SUBJECT),
    ("RFC 2231 in Shift_JIS, the NEC characters",
     _eml(b"Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename*=shift_jis''"
          + _percent("①髙橋_観光課.xlsx".encode("cp932"))), ["①髙橋_観光課.xlsx"], [], SUBJECT),
    ("an unencoded Shift_JIS name, and subject",
     _eml(b'Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="'
          + FORM.encode("cp932") + b'"', subject=SUBJECT.encode("cp932")), [FORM], [], SUBJECT),
    ("a charset Python knows not",
     _eml(b'Content-Type: application/octet-stream; name="=?x-sjis?B?' + base64.b64encode("観光課.xlsx".encode("cp932"))
          + b'?="', subject=b"=?x-bogus?B?" + base64.b64encode("件名".encode("cp932")) + b"?="),
     ["観光課.xlsx"], [], "件名"),
    ("a name that says folders", _eml(b'Content-Type: application/octet-stream; name="..\\\\..\\\\evil.xlsx"',
                                      b'Content-Type: application/pdf; name="/etc/passwd.pdf"'),
     ["evil.xlsx"], ["passwd.pdf"], SUBJECT),
    ("control and reordering characters",
     _eml(b"Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename*=utf-8''a%1B%5B31m%0A.xlsx",
          b"Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename*=utf-8''b%E2%80%AExslx.exe"),
     ["a\\x1b[31m\\x0a.xlsx"], ["b\\u202exslx.exe"], SUBJECT),
    ("a zip, an .xls and a PDF",
     _eml(b'Content-Type: application/zip; name="kanko.zip"', b'Content-Type: application/vnd.ms-excel; name="a.xls"',
          b'Content-Type: application/pdf; name="memo.pdf"'), ["kanko.zip", "a.xls"], ["memo.pdf"], SUBJECT),
    ("a workbook attached without a name", _eml(b"Content-Type: " + XLSX_TYPE + b"\r\nContent-Disposition: attachment"),
     ["（名前のない添付ファイル）"], [], SUBJECT),
    ("no attachment, no subject", _eml(subject=b""), [], [], None),
    ("a long subject Outlook folds into encoded words on three lines",
     _eml(subject=Header(LONG, "iso-2022-jp").encode().replace("\n", "\r\n").encode()), [], [], LONG),
    ("a mail forwarded as an attachment",
     _eml(b"Content-Type: message/rfc822\r\nContent-Disposition: attachment; filename=\"fwd.eml\"\r\n\r\n"
          b"Subject: inner\r\nContent-Type: multipart/mixed; boundary=\"YY\"\r\n\r\n--YY\r\nContent-Type: text/plain"
          b"\r\n\r\nx\r\n--YY\r\nContent-Type: application/octet-stream; name=\"inner.xlsx\"\r\n\r\nx\r\n--YY--\r\n"
          b"Content-Type: text/plain", body=b""), ["inner.xlsx"], ["fwd.eml"], SUBJECT),
    ("Outlook .msg: long names in UTF-16, a short name, an 8-bit name",
     _msg({"#0/__substg1.0_3707001F": _u16(FORM), "#0/__substg1.0_37010102": b"PK",
           "#1/__substg1.0_3704001F": _u16("KANKO~1.XLS"), "#2/__substg1.0_3707001E": "資料.pdf".encode("cp932")}),
     [FORM, "KANKO~1.XLS"], ["資料.pdf"], SUBJECT),
    ("Outlook .msg: a mail attached to it", _msg({
        "#0/__substg1.0_3701000D/__substg1.0_0037001F": _u16("inner"),
        "#0/__substg1.0_3701000D/__attach_version1.0_#00000000/__substg1.0_3707001F": _u16("内.xlsx")}),
     ["内.xlsx"], [], SUBJECT),
    ("Outlook .msg: nothing attached, no subject", _msg({}, subject=None), [], [], None),
])
def test_a_saved_mail_names_its_attachments_in_their_characters(case, mail, returns, others, subject):
    kind = sniff(mail)
    assert kind in ("eml", "msg"), case
    found = read_saved_mail(kind, mail, Limits())
    assert (found.returns, found.others, found.subject, found.whole) == (returns, others, subject, True), case


@pytest.mark.parametrize("case, names, named", [
    ("the form as sent out", [FORM], ["観光課"]),
    ("two sections' forms, in the plan's order", ["観光課.xlsx", "市民課_回答.xlsx"], ["市民課", "観光課"]),
    ("the longest name a file name holds", ["生活環境課.xlsx"], ["生活環境課"]),
    ("no section's name", ["回答.xlsx"], []),
])
def test_the_sections_an_attached_workbooks_name_carries(case, names, named):
    sections = ("市民課", "環境課", "生活環境課", "観光課")
    assert named_sections(names, sections) == named, case


def test_a_mail_whose_attachment_names_no_section_says_none(plan, tmp_path):
    path = tmp_path / "a.eml"
    path.write_bytes(_eml(b'Content-Type: application/octet-stream; name="kaito.xlsx"'))
    said = read_return(path, plan, 2026).problems[0].message
    assert "「kaito.xlsx」が添付されています。メールの中は読まない" in said, said


@pytest.mark.parametrize("case, data, kind", [
    ("saved by Thunderbird (a mailbox's From line first)", _eml(first=b"From - Mon May 24 10:00:00 2027\r\n"), "eml"),
    ("a plain mail, no MIME", b"Received: from x\r\nFrom: a@b\r\nSubject: s\r\n\r\nbody", "eml"),
    ("a CSV", "課名,状況\r\n観光課,提出\r\n".encode("cp932"), "csv"),
    ("a memo with a colon", b"Note: call back\r\nTomorrow: 10:00\r\n\r\nbye", "text"),
    ("an .xls", craft.cfb({"Workbook": b"\x09\x08"}), "xls"),
])
def test_a_saved_mail_is_known_by_its_content(case, data, kind):
    assert sniff(data) == kind, case


@pytest.mark.parametrize("case, name, data, code, said", [
    ("an .eml with the form", "調査票の提出（観光課）.eml",
     _eml(b"Content-Type: " + XLSX_TYPE + b';\r\n\tname="' + OUTLOOK_NAME + b'"'), "F034",
     [f"件名「{SUBJECT}」のメール", f"「{FORM}」", "受信フォルダに保存", "merge",
      "名前からは観光課の調査票と見られます", "督促を送らないでください"]),
    ("an .eml saved as .txt", "メール.txt", _eml(b'Content-Type: application/zip; name="a.zip"'), "F034",
     ["「a.zip」", "メールを保存したファイル（.eml）"]),
    ("a .msg without an extension", "メッセージ", _msg({"#0/__substg1.0_3707001F": _u16(FORM)}), "F034",
     [f"「{FORM}」", "Outlook のメッセージ"]),
    ("a mail with a PDF only", "a.eml", _eml(b'Content-Type: application/pdf; name="memo.pdf"'), "F035",
     ["Excel ブックも ZIP も添付されていません", "「memo.pdf」"]),
    ("a .msg with nothing attached", "a.msg", _msg({}, subject=None), "F035", ["件名のないメール", "添付ファイルはありません"]),
])
def test_a_saved_mail_is_said_as_one_not_as_a_file_that_is_no_workbook(plan, tmp_path, case, name, data, code, said):
    path = tmp_path / name
    path.write_bytes(data)
    result = read_return(path, plan, 2026)
    assert result.status == FileStatus.SKIPPED and result.section is None, case
    assert [(p.code, p.severity) for p in result.problems] == [(code, Severity.WARNING)], case
    for words in said:
        assert words in result.problems[0].message, (case, result.problems[0].message)
    assert path.read_bytes() == data


def _nested(depth: int) -> bytes:
    out = b'From: a@b\r\nSubject: bomb\r\nContent-Type: multipart/mixed; boundary="b0"\r\n\r\n'
    return out + b"".join(b'--b%d\r\nContent-Type: multipart/mixed; boundary="b%d"\r\n\r\n' % (i - 1, i)
                          for i in range(1, depth))


def _many_parts(count: int, header: bytes = b'Content-Type: application/octet-stream; name="a.xlsx"') -> bytes:
    return (b'From: a@b\r\nSubject: bomb\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n'
            + (b"--b\r\n" + header + b"\r\n\r\nx\r\n") * count + b"--b--\r\n")


@pytest.mark.parametrize("case, data", [
    ("multiparts nested 20,000 deep", _nested(20_000)),
    ("mails attached in mails 100,000 deep", b"From: a@b\r\nSubject: bomb\r\n" + b"Content-Type: message/rfc822\r\n\r\n"
     * 100_000),
    ("200,000 parts", _many_parts(200_000)),
    ("a 5 MB Content-Disposition", _many_parts(1, b'Content-Disposition: attachment; filename="' + b"(" * 5_000_000)),
    # the standard library's header parser takes seconds on a few KB of these (quadratic): 999 of them, capped
    ("999 Content-Types of 4,000 「;」", _many_parts(999, b"Content-Type: application/x" + b";" * 4000)),
    ("999 names of 1,300 quoted strings", _many_parts(999, b"Content-Disposition: attachment; filename=" + b'"a"' * 1300)),
    ("an .msg cut short", _msg({f"#{n}/__substg1.0_3707001F": _u16(f"{n}.xlsx") for n in range(8)})[:5000]),
])
def test_a_hostile_mail_is_said_as_a_mail_not_all_read(case, data):
    """A cap stops the work before the parser is given it (what would cost seconds to minutes, up to the worker's
    time-out): said as a mail whose attachments could not all be listed."""
    found = read_saved_mail("msg" if data.startswith(b"\xd0\xcf") else "eml", data, Limits())
    assert not found.whole, case


def test_a_mail_not_all_read_still_asks_for_its_attachments(plan, tmp_path):
    path = tmp_path / "bomb.eml"
    path.write_bytes(_nested(20_000))
    result = read_return(path, plan, 2026)
    assert [p.code for p in result.problems] == ["F034"]
    assert "調べきれませんでした" in result.problems[0].message and "件名「bomb」" in result.problems[0].message


def test_a_mail_over_the_size_cap_is_said_as_a_mail_from_its_head(plan, tmp_path):
    path = tmp_path / "big.eml"
    path.write_bytes(_eml(b'Content-Type: application/octet-stream; name="a.xlsx"', body=b"QUFB" * 100_000))
    result = read_return(path, plan, 2026, limits=Limits(max_file_bytes=100_000))
    assert [p.code for p in result.problems] == ["F034"], result.problems
    assert f"件名「{SUBJECT}」" in result.problems[0].message and "調べきれませんでした" in result.problems[0].message


def test_the_tools_own_draft_is_still_passed_over_not_said_as_a_section_mail(plan, tmp_path):
    from reform_xlsx import outputs

    path = tmp_path / "令和8年度_照会_観光課.eml"
    path.write_bytes(outputs.DRAFT_MARK + b"0" * 64 + b"\r\n" + _eml(b'Content-Type: application/zip; name="a.zip"'))
    result = read_return(path, plan, 2026)
    assert result.status == FileStatus.IGNORED and [p.code for p in result.problems] == ["F028"]


@pytest.fixture(scope="module")
def form(plan, tmp_path_factory):
    return craft.filled(plan, 2026, "観光課", tmp_path_factory.mktemp("mailed")).read_bytes()


def test_a_section_whose_return_came_as_a_saved_mail_is_read_once_its_attachment_is_saved(plan, form, tmp_path):
    """The mail is said with its attachment; the section stays 未提出 until the clerk saves the attachment into the
    inbox; the mail itself is never changed."""
    inbox = tmp_path / "受信"
    inbox.mkdir()
    mail = _eml(b"Content-Type: " + XLSX_TYPE + b';\r\n\tname="' + OUTLOOK_NAME + b'"',
                body=base64.encodebytes(form).replace(b"\n", b"\r\n"))
    (inbox / f"{SUBJECT}.eml").write_bytes(mail)
    db, out = tmp_path / "out" / "reform.db", tmp_path / "out"
    result = run_merge([inbox], plan, 2026, db=db, out=out)
    files = {f.result.name: f for f in result.batch.files}
    assert [p.code for p in files[f"{SUBJECT}.eml"].problems] == ["F034"]
    assert {r["section"]: r["status"] for r in result.batch.sections}["観光課"] == "未提出"
    assert hashlib.sha256((inbox / f"{SUBJECT}.eml").read_bytes()).digest() == hashlib.sha256(mail).digest()
    (inbox / FORM).write_bytes(form)  # saved from the mail, as the message asks
    shutil.move(inbox / f"{SUBJECT}.eml", tmp_path / f"{SUBJECT}.eml")
    again = run_merge([inbox], plan, 2026, db=db, out=out)
    assert {r["section"]: r["status"] for r in again.batch.sections}["観光課"] == "提出済"


@pytest.mark.parametrize("case, written, shown", [
    ("a Windows path beside an encoded word", "=?utf-8?B?5o+Q5Ye6?= \\\\fs01\\users\\kanko", "提出 \\\\fs01\\users\\kanko"),
    ("a backslash-u that is no escape", "=?utf-8?B?5o+Q5Ye6?= C:\\u12", "提出 C:\\u12"),
    ("a backslash-u that looks like one", "=?utf-8?B?5o+Q5Ye6?= \\u3042", "提出 \\u3042"),
    ("Japanese sent unencoded beside an encoded word", "=?utf-8?B?5o+Q5Ye6?= 観光課", "提出 観光課"),
    ("two encoded words: the space between is no text", "=?utf-8?B?5o+Q?= =?utf-8?B?5Ye6?=", "提出"),
    ("a character split across two words", "=?utf-8?B?5o8=?=\r\n =?utf-8?B?kOWHug==?=", "提出"),
    ("a charset with a NUL in it: no encoded word", "=?a\x00b?B?5o+Q5Ye6?=", "=?a\x00b?B?5o+Q5Ye6?="),
    ("a charset that is no text encoding", "=?base64?B?5o+Q5Ye6?=", "提出"),
    ("a word that is not base64", "=?utf-8?B?###?= x", "=?utf-8?B?###?= x"),
    ("Q-encoded", "=?utf-8?Q?=E6=8F=90=E5=87=BA_x?=", "提出 x"),
])
def test_a_subject_is_decoded_as_written_whatever_beside_its_encoded_words(case, written, shown):
    """The text beside an encoded word is the subject's own (a path with 「\\u」 in it is not an escape); a charset
    no codec has, or that names no text encoding, is read as UTF-8 or Shift_JIS — never an exception (in the parent,
    for a mail over the size cap, it was F020)."""
    from reform_xlsx.intake.saved_mail import _decode_words

    assert _decode_words(written) == shown, case


@pytest.mark.parametrize("charset", ["a\x00b", "base64", "x-bogus", None])
def test_a_name_in_a_charset_no_codec_reads_is_read_as_utf8_or_shift_jis(charset):
    from reform_xlsx.intake.saved_mail import _decode_bytes

    assert _decode_bytes("観光課.xlsx".encode("cp932"), charset) == "観光課.xlsx"
    assert _decode_bytes("観光課.xlsx".encode(), charset) == "観光課.xlsx"


@pytest.mark.parametrize("subject, shown", [(b"=?a\x00b?B?5o+Q5Ye6?=", "件名「=?a\\x00b?B?5o+Q5Ye6?=」"),
                                            (b"=?utf-8?B?5o+Q5Ye6?= C:\\users\\kanko", "件名「提出 C:\\users\\kanko」")])
def test_a_mail_over_the_size_cap_with_an_odd_subject_is_still_a_mail(plan, tmp_path, subject, shown):
    """Its subject is read in the parent (only its head was read): an odd one is said as written, not F020."""
    path = tmp_path / "big.eml"
    path.write_bytes(_eml(b'Content-Type: application/octet-stream; name="a.xlsx"', body=b"QUFB" * 100_000,
                          subject=subject))
    result = read_return(path, plan, 2026, limits=Limits(max_file_bytes=100_000))
    assert [p.code for p in result.problems] == ["F034"], result.problems
    assert shown in result.problems[0].message, result.problems[0].message
