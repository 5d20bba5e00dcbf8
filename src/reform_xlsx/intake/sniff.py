"""What a file really is, from its bytes (never from its name)."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections import Counter

from reform_xlsx.intake import shortcut
from reform_xlsx.intake.safety import WORKBOOK_KINDS, ZIP, read_small_part, zip_kind
from reform_xlsx.messages import Msg, Problem, problem

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
WORKBOOK_FORMATS = WORKBOOK_KINDS
EML, MSG = "eml", "msg"  # a whole e-mail saved into the inbox (MIME text; an Outlook message, OLE2): F034, F035
# Spreadsheets we do not read: the section should save as .xlsx (F002).
OTHER_SPREADSHEETS = ("xls", "xlsb", "ods", "csv", "xml-spreadsheet")

FORMAT_LABELS = {
    "xlsx": "Excel ブック（.xlsx）",
    "xlsm": "Excel マクロ有効ブック（.xlsm）",
    "xlsb": "Excel バイナリブック（.xlsb）",
    "xls": "古い形式の Excel ブック（.xls、Excel 97-2003）",
    "encrypted": "パスワードで保護（暗号化）された Office ファイル",
    "rights": "秘密度ラベル（アクセスの制限）で暗号化された Office ファイル",
    "ods": "OpenDocument 表計算（.ods）",
    "odf": "OpenDocument 文書（.odt など）",
    "xml-spreadsheet": "Excel 2003 XML スプレッドシート",
    "csv": "CSV（区切り文字で区切ったテキスト）",
    "docx": "Word 文書（.docx）",
    "pptx": "PowerPoint プレゼンテーション（.pptx）",
    "doc": "古い形式の Word 文書（.doc）",
    "ppt": "古い形式の PowerPoint（.ppt）",
    "ole2": "Office 97-2003 形式のファイル",
    "zip": "ZIP 圧縮ファイル",
    "eml": "メールを保存したファイル（.eml）",
    "lnk": "Windows のショートカット（.lnk）",
    "url": "インターネット ショートカット（.url）",
    "msg": "Outlook のメッセージを保存したファイル（.msg）",
    "archive": "圧縮ファイル（RAR・7z・gzip）",
    "pdf": "PDF",
    "image": "画像",
    "html": "HTML（Web ページ）",
    "xml": "XML",
    "text": "テキスト",
    "empty": "空のファイル（0 バイト）",
    "unknown": "不明な形式のデータ",
}

_SIMPLE_MAGIC = (
    (b"%PDF", "pdf"), (b"\x89PNG", "image"), (b"\xff\xd8\xff", "image"), (b"GIF8", "image"),
    (b"BM", "image"), (b"Rar!", "archive"), (b"7z\xbc\xaf", "archive"), (b"\x1f\x8b", "archive"),
)


def format_label(fmt: str) -> str:
    return FORMAT_LABELS.get(fmt, fmt)


def wrong_format(fmt: str, file: str, ext: str) -> Problem:
    """A file named as a workbook whose bytes are ``fmt``: F002 for a spreadsheet in another format
    (save it as .xlsx), else F003 (what it holds is not a workbook)."""
    if fmt in OTHER_SPREADSHEETS:
        return problem(Msg.INTAKE_OTHER_SPREADSHEET, file=file, format=format_label(fmt))
    return problem(Msg.INTAKE_WRONG_CONTENT, file=file, ext=ext, format=format_label(fmt))


def sniff(data: bytes) -> str:
    """The real format of ``data``: a key of :data:`FORMAT_LABELS`. Never raises (it runs in the
    parent, on bytes anyone may have sent)."""
    if not data:
        return "empty"
    if data.startswith(b"PK"):
        return _sniff_zip(data)
    if data.startswith(OLE2_MAGIC):
        return _sniff_ole2(data)
    for magic, fmt in _SIMPLE_MAGIC:
        if data.startswith(magic):
            return fmt
    if data.startswith(shortcut.LNK_MAGIC):
        return shortcut.LNK
    if shortcut.is_url(data):
        return shortcut.URL
    if looks_like_mail(data[:64 * 1024]):
        return EML
    return _sniff_text(data[:64 * 1024])


def _sniff_zip(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return zip_kind(set(zf.namelist()), lambda name: read_small_part(zf, name, data))
    except Exception:  # noqa: BLE001 - broken in any way (zlib.error …): the safety checks name the damage
        return ZIP


# what a section's return can be inside a zip: a workbook (read once unpacked, or F002 for the others) or a zip again
ZIPPED_RETURNS = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".zip")


def zipped_returns(data: bytes) -> list[str]:
    """The names (as people see them) of the workbooks and zips inside the zip ``data``, in its order; none for a
    zip that holds no such file or cannot be read. Only the zip's directory is read (as :func:`sniff` does), nothing
    is unpacked. A name written in Shift_JIS without the zip's UTF-8 flag (Windows' 「圧縮 (zip 形式) フォルダー」)
    shows in its characters; a Mac's resource forks (``__MACOSX/``, ``._…``) and lock files (``~$…``) are not returns."""
    from reform_xlsx.intake.walk import shown_name

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except Exception:  # noqa: BLE001 - broken in any way: said as the zip it is (F001)
        return []
    names = []
    for info in infos:
        name = info.filename
        if not info.flag_bits & 0x800:  # zipfile read the bytes as cp437: a name written without saying how
            # as it is in the zip: on Windows zipfile turns every 「\\」 of it into 「/」, and Shift_JIS's second bytes
            # are often 0x5C (「表」「申」「予」「ソ」): 「調査表.xlsx」 would be no Shift_JIS any more
            name = _unflagged_name(info.orig_filename)
        # a folder said with 「\\」 (old Windows zip programs) as with 「/」; a name's end as Windows saves it (no dots,
        # spaces: 「税務課.xlsx.」 unpacks as 「税務課.xlsx」)
        base = re.split(r"[\\/]", name.rstrip("/\\"))[-1]
        if info.is_dir() or name.startswith(("__MACOSX/", "__MACOSX\\")) or base.startswith(("._", "~$")):
            continue
        if windows_name(base).lower().endswith(ZIPPED_RETURNS):
            names.append(shown_name(name))
    return names


def windows_name(name: str) -> str:
    """``name`` as Windows saves it: without the dots and spaces at its end (its file systems drop them)."""
    return name.rstrip(". ") or name


def some_names(names: list[str], shown: int = 3) -> str:
    """「a.xlsx」「b.xlsx」…, the first ``shown`` of ``names`` and how many more."""
    said = "".join(f"「{n}」" for n in names[:shown])
    return said + (f"ほか {len(names) - shown} 件" if len(names) > shown else "")


def _unflagged_name(name: str) -> str:
    """A zip member's name written without the UTF-8 flag (read by zipfile as cp437), in its characters: UTF-8 as a
    Mac's 「圧縮」 writes it (decomposed: 「テ」「゙」, composed again), else Shift_JIS as Windows' 「圧縮 (zip 形式)
    フォルダー」 does, else as zipfile read it."""
    raw = name.encode("cp437")
    for encoding in ("utf-8", "cp932"):  # valid UTF-8 is rare by chance in Shift_JIS bytes of Japanese
        try:
            return unicodedata.normalize("NFC", raw.decode(encoding))
        except UnicodeError:
            continue
    return name


# The data space of a file that Information Rights Management encrypted — a sensitivity label (Microsoft Purview
# Information Protection) that encrypts, or 「アクセスの制限」 — rather than a password (MS-OFFCRYPTO 2.2.4, 2.2.6)
_RIGHTS_MANAGED = frozenset({"DRMEncryptedDataSpace", "DRMEncryptedTransform"})


def _sniff_ole2(data: bytes) -> str:
    """OLE2 compound file: an .xls, an encrypted .xlsx (EncryptedPackage stream: ``rights`` when a sensitivity label or
    IRM encrypted it, no password), a .doc …"""
    import olefile  # only for the few OLE2 files (an .xls, an encrypted workbook)

    try:
        ole = olefile.OleFileIO(data)
    except Exception:  # noqa: BLE001 - any parser failure: still an OLE2 file
        return "ole2"
    try:
        if ole.exists("EncryptedPackage"):
            names = {name for path in ole.listdir(streams=True, storages=True) for name in path}
            return "rights" if names & _RIGHTS_MANAGED else "encrypted"
        if ole.exists("Workbook") or ole.exists("Book"):
            return "xls"
        if ole.exists("WordDocument"):
            return "doc"
        if ole.exists("PowerPoint Document"):
            return "ppt"
        if ole.exists("__properties_version1.0") or any(
                name.startswith(("__substg1.0_", "__attach_version1.0_#")) for name in _root_names(ole)):
            return MSG  # an Outlook message saved as a file (the mail dragged from Outlook into the inbox)
        return "ole2"
    finally:
        ole.close()


def _root_names(ole) -> list[str]:
    return [path[0] for path in ole.listdir(streams=True, storages=True) if len(path) == 1]


# a header field's name (RFC 5322: printable ASCII but the colon), at the start of a line
_FIELD = re.compile(rb"([!-9;-~]{1,76}):")
# fields only a mail's header has; two of them, with every line before the first empty one a header field's, is a mail
MAIL_FIELDS = frozenset({b"from", b"to", b"cc", b"subject", b"date", b"message-id", b"mime-version", b"received",
                         b"return-path", b"reply-to", b"delivered-to", b"x-mozilla-status", b"x-unsent", b"in-reply-to",
                         b"references", b"thread-topic", b"x-mailer"})


def looks_like_mail(head: bytes) -> bool:
    """Whether ``head`` (a file's first bytes) begins as a saved e-mail (RFC 5322 / MIME, .eml): header fields up to
    the first empty line (a mailbox's 「From 」 line may come first, as Thunderbird writes it), two of them a mail's.
    Never raises."""
    lines = head.replace(b"\r\n", b"\n").split(b"\n")
    if lines and lines[0].startswith(b"From "):
        lines = lines[1:]
    seen: set[bytes] = set()
    for n, line in enumerate(lines[:-1]):  # the last line may be cut
        if not line.strip():
            return n > 0 and len(seen & MAIL_FIELDS) >= 2
        if line[:1] in (b" ", b"\t") and n > 0:
            continue  # a folded field's next line
        field = _FIELD.match(line)
        if field is None:
            return False
        seen.add(field.group(1).lower())
    return len(seen & MAIL_FIELDS) >= 2 and len(lines) > 50  # a header longer than the head itself


def _decode(head: bytes) -> str | None:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="replace")
    if b"\x00" in head:
        return None
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return head.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _sniff_text(head: bytes) -> str:
    # a cut in the middle of a multi-byte character must not make UTF-8 text "binary"
    text = _decode(head) or _decode(head[:-3])
    if text is None:
        return "unknown"
    start = text.lstrip().lower()
    if start.startswith("<"):
        if "urn:schemas-microsoft-com:office:spreadsheet" in text:
            return "xml-spreadsheet"
        if "<html" in start[:2048] or start.startswith("<!doctype html"):
            return "html"
        return "xml"
    return "csv" if _looks_like_csv(text) else "text"


def _looks_like_csv(text: str) -> bool:
    """Most of the first rows (quoted line breaks allowed) have the same number (≥ 2) of fields."""
    for delimiter in (",", "\t", ";"):
        try:
            rows = [r for r, _ in zip(csv.reader(io.StringIO(text), delimiter=delimiter), range(21)) if r]
        except csv.Error:
            continue
        rows = rows[:-1] if len(rows) > 2 else rows  # the last row may be cut
        counts = Counter(len(r) for r in rows)
        if rows and counts:
            width, seen = counts.most_common(1)[0]
            if width >= 2 and seen >= 0.8 * len(rows):
                return True
    return False
