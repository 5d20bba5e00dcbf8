"""A whole e-mail saved into the inbox instead of its attachment: what it is, its subject and the names of its
attachments — never the attachments themselves (``docs/intake.md``: the same policy as a zip, F032).

Two forms reach the inbox: an Outlook message (``.msg``, an OLE2 compound file: each attachment a storage
``__attach_version1.0_#XXXXXXXX`` whose long name is the stream ``__substg1.0_3707001F`` — UTF-16 — or
``…3707001E`` — 8-bit —, the short name ``3704``, the subject ``__substg1.0_0037001F``; a mail attached to it is the
storage ``__substg1.0_3701000D`` of its attachment, a message of the same form) and a MIME message (``.eml``: Outlook on
the web, Thunderbird, the LGWAN mail client; names RFC 2231 or RFC 2047 encoded, in ISO-2022-JP, Shift_JIS …).

Everything here runs in a worker (:mod:`.read_file`) and is bounded: a file that goes beyond
:data:`~reform_xlsx.intake.limits.Limits.max_mail_parts` parts or attachments, :data:`MAX_NESTED` nested multiparts or
mails, or whose Content-… header fields are longer than :data:`MAX_HEADER` (:data:`MAX_HEADERS` all together) is said
as a mail whose attachments could not all be listed (``whole`` is False), never parsed further; nothing raises.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from reform_xlsx.intake.limits import Limits
from reform_xlsx.intake.sniff import EML, MSG, format_label, some_names, windows_name
from reform_xlsx.intake.walk import shown_name
from reform_xlsx.messages import Msg, Problem, problem

if TYPE_CHECKING:
    from reform_xlsx.plan.model import Plan, SectionMove

MAX_NESTED = 16  # multiparts (and attached mails) within one another: a mail has 3 or 4
MAX_HEADER = 4 * 1024  # a Content-… field's characters: a long Japanese name in RFC 2231 is 1–2 KB
MAX_HEADERS = 256 * 1024  # all of them together (the parser splits a field's parameters in quadratic time)
MAX_NAME_STREAM = 4 * 1024  # an .msg's name or subject stream (bytes)
MAX_SUBJECT = 60  # characters of the subject shown in a message

# what a return can be attached as: a workbook (read once saved; F002 for the others) or a zip (F032 then)
RETURN_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".zip")
# an attachment without a name that says it is a spreadsheet or a zip (its MIME type)
_RETURN_TYPES = ("application/vnd.openxmlformats-officedocument.spreadsheetml", "application/vnd.ms-excel",
                 "application/vnd.oasis.opendocument.spreadsheet", "application/zip", "application/x-zip-compressed")
UNNAMED = "（名前のない添付ファイル）"
_TNEF_TYPES = ("application/ms-tnef", "application/vnd.ms-tnef")  # Outlook's rich text attachments: winmail.dat
MAIL_FORMATS = (EML, MSG)


@dataclass
class SavedMail:
    kind: str  # EML | MSG
    subject: str | None = None  # as people read it (None: none, or unreadable)
    returns: list[str] = field(default_factory=list)  # attached workbooks and zips, in order
    others: list[str] = field(default_factory=list)  # the other attachments' names
    whole: bool = True  # False: over a cap or broken, not all its attachments were listed
    tnef: list[str] = field(default_factory=list)  # winmail.dat: Outlook packed its attachments into it (TNEF)


def read_saved_mail(kind: str, data: bytes, limits: Limits) -> SavedMail:
    """The saved mail ``data`` (``kind``: :data:`EML` or :data:`MSG`), its attachments' names. Never raises."""
    mail = SavedMail(kind)
    try:
        if kind == MSG:
            _read_msg(data, mail, limits)
        else:
            _read_eml(data, mail, limits)
    except Exception:  # noqa: BLE001 - a broken or hostile mail: what was found so far, said as not whole
        mail.whole = False
    return mail


def too_big(kind: str, head: bytes) -> SavedMail:
    """A mail over the size cap, of which only ``head`` was read: its subject (an .eml's), no attachment listed."""
    return SavedMail(kind, subject=subject_text(_raw_subject(head)) if kind == EML else None, whole=False)


def mail_problem(mail: SavedMail, file: str, sections: tuple[str, ...] | SectionNames = ()) -> Problem:
    """F034: the mail has workbooks (or zips) attached, or may have (not all could be listed; Outlook packed them into
    winmail.dat) — with the ``sections`` (the plan's) whose names the attached workbooks' names carry, as the 調査票
    sent out do (or their old names, :class:`SectionNames`) —; F035: it has none."""
    said = f"件名「{mail.subject}」のメール" if mail.subject else "件名のないメール"
    kind = format_label(mail.kind)
    if mail.returns or not mail.whole or mail.tnef:
        todo = SAVE_ATTACHMENTS
        if not mail.returns and mail.whole:  # winmail.dat alone: the attachments are inside it
            attached = f"{some_names(mail.tnef)}が添付されています（Outlook が添付ファイルを1つにまとめたもので、" \
                       "調査票が入っているかもしれません）"
            todo = UNPACK_WINMAIL
        elif not mail.returns:
            attached = "添付されたファイルは、メールが大きすぎるか構造が壊れているため調べきれませんでした（調査票が添付されているかもしれません）"
        else:
            attached = f"{some_names(mail.returns)}が添付されています"
            if not mail.whole:
                attached += "（メールが大きすぎるか構造が壊れているため、ほかの添付ファイルは調べきれていません）"
        whose = whose_text(named_labels(mail.returns, sections), "添付ファイルを保存して merge")
        return problem(Msg.INTAKE_SAVED_MAIL, file=file, kind=kind, mail=said, attached=attached, whose=whose, todo=todo)
    others = f"添付: {some_names(mail.others)}" if mail.others else "添付ファイルはありません"
    return problem(Msg.INTAKE_SAVED_MAIL_NO_WORKBOOK, file=file, kind=kind, mail=said, others=others)


SAVE_ATTACHMENTS = ("（課に送り直してもらう必要はありません）。メールソフトでこのメールを開き、添付ファイルを受信フォルダに保存"
                    "して（Outlook では添付ファイルの［∨］→［名前を付けて保存］）、もう一度 merge してください")
# winmail.dat (TNEF): the sender's Outlook sent the mail in rich text; only Outlook shows the files inside
UNPACK_WINMAIL = ("。送った課の Outlook がリッチテキスト形式で送ったため、添付ファイルが winmail.dat にまとめられていて、"
                  "Outlook 以外のメールソフトでは取り出せません。Outlook でこのメールを開けば元の添付ファイルが見えるので、"
                  "それを受信フォルダに保存して、もう一度 merge してください。Outlook で開けないときは、課に、メールの形式を"
                  " HTML 形式かテキスト形式にして（Outlook の［書式設定］→［HTML］）添付ファイルを送り直してもらってください")


def whose_text(sections: list[str], until: str) -> str:
    """The words F032 and F034 say of the ``sections`` a zip's or a mail's workbooks are named for (as
    :func:`named_labels` gives them): a file of theirs accepted before stays in use ``until`` the clerk does so, and no
    督促 is to go to them (``status --remind`` writes none: M010). True of a section that sent nothing yet as of one whose earlier file was accepted (the zip or mail
    holds a resubmission): the reader does not know which (the ledger is not read here)."""
    if not sections:
        return ""
    named = "・".join(sections)
    return (f"名前からは{named}の調査票と見られます（その課に前に受け付けたファイルがあれば、{until} するまでは"
            "その回答を使います。その課に督促を送らないでください。status --remind もその課には督促・再提出のお願いの"
            "下書きを作りません）。")


def name_key(text: str) -> str:
    """A name as compared with a section's: full-width and half-width alike (「ＤＸ推進課」), letters in any case
    (「dx推進課」), spaces left out (「財 政 課」)."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


@dataclass(frozen=True)
class SectionNames:
    """The names a return's file may carry for the plan's ``sections``: their own, and — after a reorganisation (組織改正,
    the plan's ``moves``) — the old names they had, a section's return still sent under last year's name."""

    sections: tuple[str, ...]
    moves: tuple[SectionMove, ...] = ()

    @classmethod
    def of(cls, plan: Plan) -> SectionNames:
        return cls(tuple(plan.sections), tuple(plan.moves))

    @cached_property
    def keys(self) -> dict[str, tuple[str, tuple[str, ...]]]:
        """Each name's :func:`name_key`: the name (a section's or an old one) and the plan's sections it stands for
        now (an old name split: each of its successors); a section's own name before an old one."""
        from reform_xlsx.plan.reorg import successors

        known = {name_key(s): (s, (s,)) for s in self.sections if s and name_key(s)}
        for old in dict.fromkeys(m.old for m in self.moves):
            now = tuple(s for s in successors(self.moves, old) if s in self.sections)
            if now and old not in self.sections and name_key(old):
                known.setdefault(name_key(old), (old, now))
        return known

    def named(self, names: list[str]) -> dict[str, list[str]]:
        """The sections ``names`` name, in the plan's order, each with the old names it was named by (empty when
        named by its own): in each name the longest name it holds (「生活環境課」, not 「環境課」 too)."""
        found: dict[str, list[str]] = {}
        for name in names:
            key = name_key(name)
            held = [k for k in self.keys if k in key]
            if not held:
                continue
            said, now = self.keys[max(held, key=len)]
            for section in now:
                olds = found.setdefault(section, [])
                if said != section and said not in olds:
                    olds.append(said)
        return {s: found[s] for s in self.sections if s in found}


def _names(sections: tuple[str, ...] | SectionNames) -> SectionNames:
    return sections if isinstance(sections, SectionNames) else SectionNames(tuple(sections))


def named_sections(names: list[str], sections: tuple[str, ...] | SectionNames) -> list[str]:
    """The plan's sections ``names`` name (:meth:`SectionNames.named`: by their names or their old ones), in the
    plan's order."""
    return list(_names(sections).named(names))


def named_labels(names: list[str], sections: tuple[str, ...] | SectionNames) -> list[str]:
    """:func:`named_sections` as F032 and F034 say them: one named by an old name with it (「収納課（旧課名 税務課）」)."""
    return [f"{s}（旧課名 {'・'.join(olds)}）" if olds else s for s, olds in _names(sections).named(names).items()]


def inside(names: list[str], sections: tuple[str, ...] | SectionNames, whole: bool = True) -> tuple[str | None, ...]:
    """Whose returns a zip or a saved mail holds, by the names of its workbooks (``names``): the plan's
    ``sections`` they name (:func:`named_sections`), and None when one names no section — or not all could be listed
    (``whole`` False). What the ledger keeps for ``status`` (no 督促 to a section whose return waits unopened)."""
    named = named_sections(names, sections)
    unknown = not whole or any(not named_sections([n], sections) for n in names)
    return (*named, *((None,) if unknown else ()))


def mail_inside(mail: SavedMail, sections: tuple[str, ...] | SectionNames) -> tuple[str | None, ...]:
    """:func:`inside` for a saved mail: what F034 says is attached (winmail.dat: anyone's)."""
    return inside(mail.returns, sections, mail.whole and not mail.tnef)


def is_return(name: str) -> bool:
    """Whether an attachment named ``name`` is saved as a workbook or a zip: by its suffix in any case, after the dots and
    spaces Windows leaves off the end of a file's name (「税務課.xlsx.」 is saved as 「税務課.xlsx」)."""
    return windows_name(name).lower().endswith(RETURN_SUFFIXES)


def _add(mail: SavedMail, name: str | None, content_type: str = "") -> None:
    if name:
        name = attachment_name(name)
    if (name and name.lower() == "winmail.dat") or content_type.lower().startswith(_TNEF_TYPES):
        mail.tnef.append(name or UNNAMED)
    if name and is_return(name):
        mail.returns.append(name)
    elif not name and content_type.lower().startswith(_RETURN_TYPES):
        mail.returns.append(UNNAMED)
    else:
        mail.others.append(name or UNNAMED)


def attachment_name(name: str) -> str:
    """An attachment's name as it is saved and people see it: its last part (a name that says a folder —
    ``..\\..\\x.xlsx``, ``/etc/x`` — is saved under its last part), in its characters (a character that stands for
    no byte, or a control character, written by its code)."""
    name = unicodedata.normalize("NFC", name).strip()
    last = re.split(r"[\\/]", name)[-1].strip() or name
    return shown_name(last)


def subject_text(subject: str | None) -> str | None:
    if subject is None:
        return None
    text = shown_name(" ".join(subject.split()))  # folded lines joined; control characters by their code
    if not text:
        return None
    return text if len(text) <= MAX_SUBJECT else text[:MAX_SUBJECT] + "…"


# --- .eml: MIME ------------------------------------------------------------------------------
_ATTACHED_MAIL = re.compile(rb"content-type:[ \t]*message/", re.IGNORECASE)  # a mail in the mail: parsed as one
_BOUNDARY = re.compile(rb"""boundary\s*=\s*(?:"([^"\r\n]{1,200})"|([^\s;"]{1,200}))""", re.IGNORECASE)


def _read_eml(data: bytes, mail: SavedMail, limits: Limits) -> None:
    """The standard library's parser, with its original policy (``compat32``): the header fields it is asked for are
    split by a few regular expressions, where ``policy.default``'s parser takes seconds on 15 KB of 「;」 or quotes
    in a Content-Type (quadratic). Names and subject are decoded here (:func:`_decode_words`)."""
    import email

    if not _eml_is_bounded(data, limits):
        mail.whole = False
        mail.subject = subject_text(_raw_subject(data))
        return
    message = email.message_from_bytes(data)
    subject = _raw(message, "subject")
    mail.subject = subject_text(None if subject is None else _decode_words(subject))
    count = 0
    for part in message.walk():
        count += 1
        if count > limits.max_mail_parts:
            mail.whole = False
            return
        name = _filename(part)
        if part.is_multipart():  # a multipart, or a mail attached (its own attachments follow)
            if name is not None and part.get_content_maintype() == "message":
                mail.others.append(attachment_name(name))
            continue
        disposition = (_raw(part, "content-disposition") or "").strip().lower()
        if name is None and not disposition.startswith("attachment"):
            continue  # the mail's text (plain, HTML) and its inline pictures
        _add(mail, name, part.get_content_type())


def _eml_is_bounded(data: bytes, limits: Limits) -> bool:
    """The MIME structure is small enough to parse: few multiparts (each says its boundary) and attached mails, few
    parts (each begins with a line ``--boundary``), no Content-… fields beyond :data:`MAX_HEADER` (:data:`MAX_HEADERS` all together) — counted on the
    bytes, before any parsing."""
    boundaries = {m.group(1) or m.group(2) for m in _BOUNDARY.finditer(data)}
    if len(boundaries) > MAX_NESTED or len(_ATTACHED_MAIL.findall(data)) > MAX_NESTED:
        return False
    delimiters = sum(data.count(b"\n--" + b) for b in boundaries)
    if delimiters > 2 * limits.max_mail_parts + MAX_NESTED:  # each part: a delimiter; each multipart: a closing one
        return False
    return not _has_long_header(data)


def _has_long_header(data: bytes) -> bool:
    """Whether a Content-… field (its folded lines together) of the message or of a part (a header block begins after
    a line ``--…``, a boundary) is longer than :data:`MAX_HEADER`, or all of them together than
    :data:`MAX_HEADERS`."""
    in_header, length, content, total = True, 0, False, 0
    for line in data.splitlines():
        if in_header:
            if not line.strip():
                in_header = False
                continue
            if line[:1] not in (b" ", b"\t"):
                length, content = 0, line[:8].lower() == b"content-"
            if content:
                length += len(line)
                total += len(line)
                if length > MAX_HEADER or total > MAX_HEADERS:
                    return True
        elif line.startswith(b"--"):
            in_header, content = True, False
    return False


def _raw(part, name: str) -> str | None:
    """The header field ``name`` as it is in the file, its 8-bit bytes (a Japanese mail program's name sent
    unencoded) decoded: UTF-8, else Shift_JIS."""
    value = next((v for k, v in part.raw_items() if k.lower() == name), None)
    if value is None:
        return None
    return _decode_bytes(str(value).encode("ascii", "surrogateescape"), None)


def _filename(part) -> str | None:
    """The attachment's name: Content-Disposition's filename (RFC 2231, its charset given), else Content-Type's
    name (RFC 2047, as Outlook writes it). A charset Python knows not (``x-sjis``), or Shift_JIS's NEC characters
    (①, 髙), is read as Shift_JIS."""
    from email.message import Message

    fields = Message()
    for header in ("content-disposition", "content-type"):
        if (raw := _raw(part, header)) is not None:
            fields[header] = raw
    for param, header in (("filename", "content-disposition"), ("name", "content-type")):
        value = fields.get_param(param, header=header)
        if isinstance(value, tuple):  # RFC 2231: (charset, language, the bytes as latin-1)
            return _decode_bytes(value[2].encode("latin-1", "replace"), value[0])
        if value:
            return _decode_words(str(value).strip('"'))
    return None


# an RFC 2047 encoded word, in printable ASCII with no 「?」 inside: =?charset?B?…?= or =?charset?Q?…?=
_ENCODED_WORD = re.compile(r"=\?([!->@-~]+?)\?([bBqQ])\?([!->@-~]*?)\?=")


def _decode_words(text: str) -> str:
    """``text`` with its RFC 2047 encoded words (``=?ISO-2022-JP?B?…?=``) decoded: the white space between two of them
    is no text, and adjacent words in one charset are decoded together (a character split between them); the text
    beside them is kept as it is written (a path 「C:\\users」 is not an escape), and so is a word that is not
    base64 or quoted-printable. Never raises."""
    if "=?" not in text:
        return text
    pieces: list[str | tuple[str, bytes]] = []
    end = 0
    for word in _ENCODED_WORD.finditer(text):
        between, end = text[end:word.start()], word.end()
        raw = _word_bytes(word[2], word[3])
        if raw is None:
            pieces.append(between + word[0])
            continue
        charset = word[1].split("*", 1)[0].lower()  # (RFC 2231's language, 「=?utf-8*ja?…」, is no charset)
        last = pieces[-1] if pieces else None
        if isinstance(last, tuple) and not between.strip():
            if last[0] == charset:
                pieces[-1] = (charset, last[1] + raw)
                continue
        elif between:
            pieces.append(between)
        pieces.append((charset, raw))
    pieces.append(text[end:])
    return "".join(p if isinstance(p, str) else _decode_bytes(p[1], p[0]) for p in pieces)


def _word_bytes(encoding: str, encoded: str) -> bytes | None:
    """The bytes an encoded word's text stands for (B: base64, its padding forgiven; Q: quoted-printable, 「_」 a
    space), or None when it is neither."""
    import base64
    import binascii
    from email import quoprimime

    try:
        if encoding in "bB":
            return base64.b64decode(encoded + "=" * (-len(encoded) % 4), validate=True)
        return quoprimime.header_decode(encoded).encode("latin-1")
    except (binascii.Error, ValueError):
        return None


def _decode_bytes(value: bytes, charset: str | None) -> str:
    for encoding in (charset, "utf-8", "cp932"):
        if not encoding:
            continue
        try:
            return value.decode(_JAPANESE_SUPERSETS.get(encoding.lower(), encoding))
        except (LookupError, ValueError):  # (UnicodeError; a charset with a NUL in it, 「=?a\0b?B?…?=」: ValueError)
            continue
    return value.decode("utf-8", "surrogateescape")


# what Japanese mail programs declare and the encodings that really read what they wrote (NEC and IBM characters:
# ①, ㈱, 髙 …)
_JAPANESE_SUPERSETS = {"shift_jis": "cp932", "shift-jis": "cp932", "sjis": "cp932", "x-sjis": "cp932",
                       "iso-2022-jp": "iso2022_jp_ext", "euc-jp": "euc_jis_2004"}


def _raw_subject(data: bytes) -> str | None:
    """The subject of a mail too big to parse: the top header's Subject line alone (its first 1 KB)."""
    head = data[:64 * 1024].split(b"\n\n", 1)[0].split(b"\r\n\r\n", 1)[0]
    found = re.search(rb"(?im)^subject:[ \t]*([^\r\n]{0,1024})", head)
    if not found:
        return None
    return _decode_words(found.group(1).decode("utf-8", "surrogateescape"))


# --- .msg: an Outlook message (OLE2) -----------------------------------------------------------
_ATTACH = "__attach_version1.0_#"
_SUBJECT = ("__substg1.0_0037001F", "__substg1.0_0037001E")
_LONG_NAME = ("__substg1.0_3707001F", "__substg1.0_3707001E")
_SHORT_NAME = ("__substg1.0_3704001F", "__substg1.0_3704001E")
_DISPLAY_NAME = ("__substg1.0_3001001F", "__substg1.0_3001001E")
_MIME_TAG = ("__substg1.0_370E001F", "__substg1.0_370E001E")
_EMBEDDED = "__substg1.0_3701000D"  # an attached mail: a message of its own inside the attachment


def _read_msg(data: bytes, mail: SavedMail, limits: Limits) -> None:
    import olefile

    ole = olefile.OleFileIO(data)
    try:
        entries = ole.listdir(streams=True, storages=True)
        if len(entries) > 64 * limits.max_mail_parts:
            mail.whole = False
            return
        children: dict[tuple[str, ...], set[str]] = {}
        for path in entries:
            children.setdefault(tuple(path[:-1]), set()).add(path[-1])
        mail.subject = subject_text(_msg_text(ole, children, (), _SUBJECT))
        count = [0]
        mail.whole = _msg_attachments(ole, children, (), mail, limits, count, 0)
    finally:
        ole.close()


def _msg_attachments(ole, children, where: tuple[str, ...], mail: SavedMail, limits: Limits, count: list[int],
                     depth: int) -> bool:
    """The attachments of the message stored at ``where``, and of the mails attached to it; False when a cap
    stopped the listing."""
    whole = True
    for storage in sorted(n for n in children.get(where, ()) if n.startswith(_ATTACH)):
        count[0] += 1
        if count[0] > limits.max_mail_parts:
            return False
        at = (*where, storage)
        if _EMBEDDED in children.get(at, ()):  # a mail attached: its attachments are listed (their names only)
            if depth + 1 >= MAX_NESTED:
                return False
            whole = _msg_attachments(ole, children, (*at, _EMBEDDED), mail, limits, count, depth + 1) and whole
            continue
        name = (_msg_text(ole, children, at, _LONG_NAME) or _msg_text(ole, children, at, _SHORT_NAME)
                or _msg_text(ole, children, at, _DISPLAY_NAME))
        _add(mail, name, _msg_text(ole, children, at, _MIME_TAG) or "")
    return whole


def _msg_text(ole, children, where: tuple[str, ...], streams: tuple[str, str]) -> str | None:
    """A string property of the object at ``where``: its UTF-16 stream (``…001F``), else its 8-bit one (``…001E``,
    in the message's code page: Japanese Outlook's is Shift_JIS)."""
    for stream in streams:
        if stream not in children.get(where, ()):
            continue
        path = [*where, stream]
        size = ole.get_size(path)
        if ole.get_type(path) != 2 or size > MAX_NAME_STREAM:
            continue
        raw = ole.openstream(path).read(MAX_NAME_STREAM)
        if len(raw) < size:  # the file ends before the stream does: cut short (read_saved_mail: not whole)
            raise ValueError("stream cut short")
        if stream.endswith("001F"):
            text = raw.decode("utf-16-le", "replace")
        else:
            text = _decode_bytes(raw, None)
        text = text.split("\0", 1)[0]
        if text.strip():
            return text
    return None
