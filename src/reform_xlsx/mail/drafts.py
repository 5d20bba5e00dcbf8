"""E-mail drafts (.eml) the office opens in Outlook (or Thunderbird) and sends: 照会, 督促, 再提出のお願い.

Each draft is a MIME message in UTF-8 with the header ``X-Unsent: 1``, so that Outlook opens it
as a new message ready to send (not as a received one); the 調査票 or the 要修正 copy is attached
(the Japanese file name in RFC 2231 form, and as RFC 2047 encoded words in the ``name`` of its
Content-Type, which Outlook reads: :func:`_name_outlook_reads`). Subject, body and addresses come from the plan, the
section directory (:mod:`.directory`) and the ledger; nothing is sent by the tool. Written
atomically into :data:`reform_xlsx.outputs.MAIL_FOLDER`.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import errno
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

from reform_xlsx import outputs
from reform_xlsx.intake.walk import sent_name
from reform_xlsx.mail.directory import Contact, Directory, normalise_mail, plain_name, valid_mail
from reform_xlsx.messages import Msg, Problem, problem
from reform_xlsx.os_reasons import os_reason
from reform_xlsx.plan.model import Plan
from reform_xlsx.wareki import format_fiscal_year, japanese_date

XLSX_TYPE = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
# headers given as folded text (the attachment's Content-Type) are written as given; the rest fold as SMTP does
POLICY = SMTP.clone(refold_source="none")
RULE = "――――――――――――――――――――"
MARK = outputs.DRAFT_MARK
# What a header shows of a name or a title typed with them: no control character, and none of the invisible ones that
# turn the text after them round (U+202E) or hide in it (zero-width space, BOM)
DISPLAY_NAME_MOST = 100  # characters of the name shown beside an address (the email package folds a long one slowly)
_HIDDEN = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def one_line(text: str) -> str:
    """``text`` as one header line: every line break and run of spaces one space (a plan title or a 担当者 typed
    with Alt+Enter, or with 「\\r\\nBcc: …」, stays words within its own header — the email package refuses a line break in
    a header value), control and invisible characters (:data:`_HIDDEN`) left out."""
    return " ".join(_HIDDEN.sub("", " ".join(text.split())).split())


@dataclass
class Draft:
    """A draft before it is written: who, what, which file is attached."""

    kind: str  # request | reminder | resubmit (outputs.MAIL_KINDS)
    section: str
    subject: str
    body: str
    to: list[Contact | Address] = field(default_factory=list)
    cc: list[Contact | Address] = field(default_factory=list)
    sender: Contact | Address | None = None
    attachment: Path | None = None
    problems: list[Problem] = field(default_factory=list)


def _address(who: Contact | Address) -> Address | None:
    if isinstance(who, Address):
        return who
    if not who.mail or any(ch.isspace() or ord(ch) < 32 for ch in who.mail.strip()):
        return None  # no address, or one a header cannot carry (a line break typed in the cell)
    user, _, domain = who.mail.strip().partition("@")
    name = one_line(" ".join(p for p in (who.section, plain_name(who.person)) if p))  # two names typed on two lines
    if len(name) > DISPLAY_NAME_MOST:  # a paste of pages into 担当者: the body's greeting has it whole
        name = name[:DISPLAY_NAME_MOST - 1] + "…"
    try:
        return Address(display_name=name, username=user, domain=domain)
    except ValueError:  # what a header cannot hold: the draft goes without this address
        return None


def message(draft: Draft) -> EmailMessage:
    """The draft as a MIME message (UTF-8, ``X-Unsent: 1``, the file attached)."""
    msg = EmailMessage(policy=POLICY)
    msg["Subject"] = one_line(draft.subject)
    if draft.sender is not None and (sender := _address(draft.sender)) is not None:
        msg["From"] = sender
    to = [a for a in map(_address, draft.to) if a is not None]
    cc = [a for a in map(_address, draft.cc) if a is not None and a not in to]
    if to:
        msg["To"] = to
    if cc:
        msg["Cc"] = cc
    msg["X-Unsent"] = "1"
    msg.set_content(draft.body, charset="utf-8")
    if draft.attachment is not None:
        msg.add_attachment(draft.attachment.read_bytes(), maintype=XLSX_TYPE[0], subtype=XLSX_TYPE[1],
                           filename=draft.attachment.name)
        _name_outlook_reads(msg.get_payload()[-1], draft.attachment.name)
    return msg


def _name_outlook_reads(part: EmailMessage, name: str) -> None:
    """Give the attached file its Japanese ``name`` also as RFC 2047 encoded words in the ``name`` of its
    Content-Type. The Content-Disposition's ``filename`` is in RFC 2231 form (split into ``filename*0*``,
    ``filename*1*`` … for a long name), which Outlook does not read: it shows the file as 「ATT00001」 or
    「名称未設定の添付ファイル」. Readers that know RFC 2231 (Thunderbird, the ``email`` package) take the ``filename``;
    Outlook the ``name`` (Thunderbird's own way of writing a Japanese file name, for Outlook)."""
    folded = Header(name, "utf-8", maxlinelen=75).encode()  # encoded words of 75 characters at most (RFC 2047)
    headers = list(part.raw_items())
    for key in {k for k, _ in headers}:
        del part[key]
    for key, value in headers:  # in their order, the Content-Type written as folded here
        if key.lower() == "content-type":
            part.set_raw(key, f"{value.content_type};\n name=\"{folded}\"")
        else:
            part.set_raw(key, value)


def write_draft(draft: Draft, folder: str | Path, year: int) -> Path:
    """Write ``draft`` as ``<folder>/令和8年度_照会_<課>.eml`` (atomically); returns the path."""
    return _write_draft(draft, folder, year, [])


def _write_draft(draft: Draft, folder: str | Path, year: int, written: list[bool]) -> Path:
    """:func:`write_draft`, noting in ``written`` when the whole draft is in its temporary file: an error after
    that is one in putting it in place of the file of its name (open in a mail program, a folder of its name)."""
    path = Path(folder) / outputs.mail_draft(year, draft.kind, draft.section)
    data = message(draft).as_bytes(policy=POLICY)
    with outputs.replacing(path) as partial:
        partial.write_bytes(MARK + hashlib.sha256(data).hexdigest().encode("ascii") + b"\r\n" + data)
        written.append(True)
    return path


KEPT, UNWRITABLE = "kept", "unwritable"


def save_draft(draft: Draft, folder: str | Path, year: int, *, inherit_addresses: bool = False,
               no_section_address: bool = False) -> tuple[Path | str, list[Problem]]:
    """Write ``draft`` (:func:`write_draft`) unless a file of its name is one the clerk changed since the tool wrote
    it (kept as it is: :data:`KEPT` and D007) or that file cannot be replaced — open in a mail program or
    read-only (Windows), a folder of its name (:data:`UNWRITABLE` and D006; the other drafts go on). Returns the
    path written (or what happened) and the problems: the draft's own and these.

    A disk that is full, a folder that is read-only or cannot be written in, is no matter of one draft: its
    :class:`OSError` (naming the draft) is raised, as for every other output; no part of the draft is left
    under its name.

    ``inherit_addresses``: the run found no 連絡先 file at all — a draft it replaces keeps the addresses (差出人, To,
    Cc) the new one would be without (D015): a run that knows less does not wipe what an earlier one addressed. So
    ``no_section_address``: the 連絡先 file has no usable address for the draft's section (a row cleared or
    missing, D004; one not an address, D011): the draft it replaces keeps them the same way, for that section."""
    name = outputs.mail_draft(year, draft.kind, draft.section)
    path = Path(folder) / name
    if path.is_file() and not written_here(path):  # the clerk's text: never overwritten
        return KEPT, [problem(Msg.MAIL_DRAFT_KEPT, file=name, section=draft.section)]
    if (inherit_addresses or no_section_address) and path.is_file():
        draft = _with_earlier_addresses(draft, path, name, no_file=inherit_addresses)
    written: list[bool] = []
    try:
        return _write_draft(draft, folder, year, written), list(draft.problems)
    except OSError as exc:
        if not (written and _in_the_way(exc, path)):
            raise  # the folder or the disk: no other draft can be written either
        return UNWRITABLE, [problem(Msg.MAIL_DRAFT_UNWRITABLE, file=name, section=draft.section,
                                    reason=_os_reason(exc, path))]


ADDRESS_WORDS = {"sender": "差出人", "to": "宛先", "cc": "CC"}
NO_ADDRESS_CODES = {Msg.MAIL_NO_ADDRESS.value.code, Msg.MAIL_UNUSABLE_ADDRESS.value.code}
NO_FILE = {"why": "連絡先ファイルが見つからない", "advice": "連絡先ファイルを置くか --contacts で指定して、"}


def _with_earlier_addresses(draft: Draft, path: Path, name: str, no_file: bool) -> Draft:
    """``draft`` with the addresses it lacks (差出人, To, Cc) taken from the tool's earlier draft at ``path``;
    ``no_file``: no 連絡先 file was found (else it has no usable address for the draft's section)."""
    try:
        earlier = email.message_from_bytes(path.read_bytes().partition(b"\r\n")[2], policy=email.policy.default)
        found = {key: [a for a in earlier[header].addresses if a.addr_spec] if earlier[header] else []
                 for key, header in (("sender", "From"), ("to", "To"), ("cc", "Cc"))}
    except (OSError, ValueError, TypeError, AttributeError):  # (read as the tool wrote it: never expected)
        return draft
    lacking = {"sender": draft.sender is None or _address(draft.sender) is None,
               "to": not any(map(_address, draft.to)), "cc": not any(map(_address, draft.cc))}
    taken = {key: found[key] for key in ADDRESS_WORDS if lacking[key] and found[key]}
    if not taken:
        return draft
    problems = [p for p in draft.problems if not ("to" in taken and p.code in NO_ADDRESS_CODES)]
    if "to" in taken or "cc" in taken:  # (the office's own address as 差出人 alone: not said for every draft)
        which = "・".join(ADDRESS_WORDS[key] for key in ADDRESS_WORDS if key in taken)
        problems.append(problem(Msg.MAIL_ADDRESSES_KEPT, file=name, section=draft.section, which=which,
                                **(NO_FILE if no_file else {"why": f"連絡先ファイルに{draft.section}の使えるメールアドレスがない",
                                                            "advice": "連絡先ファイルにメールアドレスを入力して、"})))
    return replace(draft, sender=taken["sender"][0] if "sender" in taken else draft.sender,
                   to=taken.get("to", draft.to), cc=taken.get("cc", draft.cc), problems=problems)


def _in_the_way(exc: OSError, path: Path) -> bool:
    """Whether ``exc``, in putting a draft in place at ``path``, is about the file of its name alone: one open in
    a mail program or read-only (Windows refuses to replace it: a permission or sharing error), or a folder."""
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1), errno.EROFS):
        return False
    return isinstance(exc, PermissionError | IsADirectoryError) or path.is_dir()


def _os_reason(exc: OSError, path: Path) -> str:
    """Why a draft could not be written or removed, in Japanese (never the system's English words)."""
    if isinstance(exc, IsADirectoryError) or path.is_dir() or Path(exc.filename or "").is_dir():
        return "同じ名前のフォルダがあります"
    if isinstance(exc, PermissionError):
        return "読み取り専用か、ほかのプログラムが開いています"
    return os_reason(exc)  # a full disk, a read-only place, …: as every other file is said


def written_here(path: Path) -> bool:
    """Whether the file at ``path`` is a draft :func:`write_draft` wrote, as it wrote it (not edited or saved
    over since): then removing it loses nothing."""
    try:
        first, sep, rest = path.read_bytes().partition(b"\r\n")
    except OSError:
        return False
    return bool(sep) and first == MARK + hashlib.sha256(rest).hexdigest().encode("ascii")


def remove_stale_drafts(folder: str | Path, year: int, kinds: tuple[str, ...], sections: Iterable[str],
                        keep: set[str]) -> tuple[list[Path], list[Problem]]:
    """Remove the drafts of ``year`` and ``kinds`` for ``sections`` in ``folder`` that are no longer due (their
    names not in ``keep``) and that :func:`write_draft` wrote as they are (never a file written or changed by
    anyone else, nor one under another name); returns those removed, and a D009 for each such draft that could
    not be removed (open in a mail program, read-only) and a D012 for each the clerk changed since (kept): left,
    it must not be sent."""
    removed, problems = [], []
    wanted = {outputs.mail_draft(year, k, s): s for k in kinds for s in sections}
    for name in sorted(set(wanted) - keep):
        path = Path(folder) / name
        if written_here(path):
            try:
                path.unlink()
            except OSError as exc:
                problems.append(problem(Msg.MAIL_DRAFT_UNREMOVABLE, file=name, section=wanted[name],
                                        reason=_os_reason(exc, path)))
                continue
            removed.append(path)
        elif path.is_file():  # the clerk's text is never removed, but it is no longer to be sent either
            problems.append(problem(Msg.MAIL_DRAFT_STALE_EDITED, file=name, section=wanted[name]))
    return removed, problems


# --- what the drafts say -------------------------------------------------------------------
def _deadline(day: dt.date | None) -> str:
    return japanese_date(day, weekday=True) if day else "（追ってお知らせします）"


def _subject(plan: Plan, year: int, head: str, tail: str) -> str:
    """「【照会】令和8年度 <the plan's short title> 取組状況調査（〆切 令和9年5月28日）」."""
    return f"【{head}】{format_fiscal_year(year)} {plan.words.title} 取組状況調査{tail}"


def _greeting(section: str, who: str = "") -> str:
    who = one_line(plain_name(who))  # 「佐藤 花子様」 typed: greeted 「佐藤 花子 様」, once, on one line
    return f"{section}\n{who + ' 様' if who else 'ご担当者 様'}\n"


def _signature(plan: Plan, office: Contact | None) -> str:
    return f"\n{RULE}\n{plan.city} {office.text() if office else plan.office}\n{RULE}\n"


def _contact_line(plan: Plan, office: Contact | None, contact: str | None) -> str:
    return (contact or "").strip() or (office.text() if office else f"{plan.office}（取りまとめ課）")


def _recipients(section: str, directory: Directory | None, respondent: dict[str, str] | None = None,
                file: str | None = None) -> tuple[list, list, list[Problem], str]:
    """To (the section's address; for a file sent back, the person who answered first), Cc, problems,
    and the name to greet."""
    entry = directory.get(section) if directory else None
    if entry is not None and entry.section != section:  # the row of its name before a 組織改正: shown as it is now
        entry = replace(entry, section=section)
    to: list = []
    cc: list = []
    person = entry.person if entry else ""
    if respondent and respondent.get("person"):
        person = respondent["person"]  # who wrote the file is whom to greet
    problems: list[Problem] = []
    mail = normalise_mail(respondent.get("mail", "")) if respondent else ""
    if mail and not valid_mail(mail):  # typed in the 回答者欄 as the section saw fit: the directory's instead
        instead = ("連絡先のメールアドレスを宛先にしました。" if entry and entry.mail
                   else "連絡先のメールアドレスも形が正しくないので宛先は空にしました。" if entry and entry.refused_mail
                   else "連絡先にもメールアドレスがないので宛先は空にしました。")  # D011 or D004 follows
        problems.append(problem(Msg.MAIL_BAD_RESPONDENT, file=file, section=section, mail=respondent["mail"],
                                instead=instead))
        mail = ""
    if mail:
        to.append(Contact(section, respondent.get("person", ""), mail))
        if entry and entry.mail and entry.mail.casefold() != mail.casefold():  # 「Zaisei@…」 is 「zaisei@…」: no Cc
            cc.append(entry)
    elif entry and entry.mail:
        to.append(entry)
    if not to and entry and entry.refused_mail:  # an address is in 連絡先, but not one to send to (D002 said so)
        problems.append(problem(Msg.MAIL_UNUSABLE_ADDRESS, file=file, section=section, mail=entry.refused_mail))
    elif not to:
        problems.append(problem(Msg.MAIL_NO_ADDRESS, file=file, section=section,
                                reason=held_before_text(section, directory) if directory else ""))
    return to, cc, problems, person


def held_before_text(section: str, directory: Directory) -> str:
    """Why D004's ``section`` has no address though rows of the sections it was formed from have one (a merge of two
    filled rows, a split: :meth:`Directory.held_before`) or a person only (a merge of two such rows, kept below the
    table: :meth:`Directory.kept_below`), and what to do — to go before 「送る前に宛先を入れてください」."""
    kind, rows = directory.held_before(section)
    make = f"（{section}の行がなければ reform-xlsx contacts --force で作ります）"
    if not rows and (kept := directory.kept_below(section)):  # merged rows with a person only: kept, not chosen
        return (f"連絡先には統合前の課の行（{'、'.join(f'「{c.text()}」' for c in kept)}）がありますが、メールアドレスが"
                f"なく、どれが{section}の担当者か分からないため使っていません。{section}の行に担当者とメールアドレスを"
                f"記入して{make}もう一度実行するか、")
    if not rows:
        return ""
    listed = "、".join(f"「{c.text()}」" for c in rows)
    if kind == "merge":
        return (f"連絡先には統合前の課の行（{listed}）にメールアドレスがありますが、どれが{section}の宛先か分からないため"
                f"使っていません。正しいものを{section}の行に写して{make}もう一度実行するか、")
    split = directory.split_before(section)
    parts = "と".join(m.new for m in directory.moves if m.old in split)
    return (f"連絡先には分割前の課の行（{listed}）にメールアドレスがありますが、{'・'.join(split)}は{parts}に分かれたため、"
            f"どの課の宛先か分からず、{section}には使っていません（分割前の年度の下書きにだけ使います）。{section}の"
            f"メールアドレスを{section}の行に記入して{make}もう一度実行するか、")


def request_draft(plan: Plan, year: int, section: str, template: Path, *, directory: Directory | None,
                  deadline: dt.date | None, contact: str | None, sheets: tuple[str, ...] = ()) -> Draft:
    """照会: the 調査票 attached; the deadline, what to fill, how to send it back, whom to ask."""
    office = directory.office(plan) if directory else None
    to, cc, problems, person = _recipients(section, directory, file=outputs.mail_draft(year, "request", section))
    items, kpis = plan.items_for(section, year), plan.kpis_for(section, year)  # the year's, as the form has them
    fy = format_fiscal_year(year)
    what = [f"・「取組状況」シート: この課が担当する{plan.words.item} {len(items)} 件の進捗状況・取組実績・課題・今後の方針"
            "（財政効果額は分かる場合）と、シート上の回答者欄（担当者・内線）" if items else
            f"・「取組状況」シート: シート上の回答者欄（担当者・内線）だけ（{fy}にこの課が担当する{plan.words.item}はありません）"]
    if kpis:
        what.append(f"・「KPI」シート: この課が報告する KPI {len(kpis)} 件（{'・'.join(k.id for k in kpis)}）の実績値と算出根拠")
    if "意見への対応" in sheets:
        what.append(f"・「意見への対応」シート: {format_fiscal_year(year - 1)}の二次評価・意見に対する対応")
    body = "\n".join([
        _greeting(section, person),
        f"{plan.office}です。いつもお世話になっております。",
        f"「{plan.name}」の{fy}の取組状況について、添付の調査票への回答をお願いします。",
        "",
        f"■ 提出期限: {_deadline(deadline)}",
        f"■ 記入していただくもの（添付の「{template.name}」）:",
        *what,
        "  記入方法は調査票の「記入要領」シートにあります。黄色のセルに入力してください（灰色のセルは計画の内容です）。",
        "■ 提出方法: 記入した調査票を Excel のまま保存し、このメールへの返信に添付して送ってください。"
        "ファイル名は変えても構いません。",
        f"■ 問い合わせ先: {_contact_line(plan, office, contact)}",
        _signature(plan, office),
    ])
    tail = f"（〆切 {japanese_date(deadline)}）" if deadline else ""
    return Draft("request", section, _subject(plan, year, "照会", tail), body, to, cc, office, template, problems)


def reminder_draft(plan: Plan, year: int, section: str, *, directory: Directory | None, deadline: dt.date | None,
                   contact: str | None, today: dt.date | None = None, received: str | None = None,
                   missing: list[str] | None = None, respondent: dict[str, str] | None = None) -> Draft:
    """督促: for a section that has sent nothing yet — or only a former section's old form (``received``, answered
    by its ``respondent``) that leaves its items and KPIs ``missing`` unanswered (L004)."""
    office = directory.office(plan) if directory else None
    to, cc, problems, person = _recipients(section, directory, respondent if received else None,
                                           file=outputs.mail_draft(year, "reminder", section))
    today = today or dt.date.today()
    if received:
        shown = "、".join((missing or [])[:10]) + (f" ほか {len(missing) - 10} 件" if len(missing or []) > 10 else "")
        when = (f"{section}の分として「{sent_name(received)}」（組織改正の前の調査票）を受け取りましたが、{section}の {shown} の"
                "回答がありません（その調査票には欄がありません）。")
        ask = (f"お忙しいところ恐れ入りますが、{section}の調査票（{format_fiscal_year(year)}）に記入して、Excel のまま、このメールへの"
               "返信に添付して送ってください" + (f"（提出期限は{_deadline(deadline)}）。" if deadline else "。"))
    else:
        if deadline is None:
            when = f"{section}の調査票がまだ届いていません。ご確認をお願いします。"
        elif today > deadline:
            when = f"{section}の調査票が、提出期限の{_deadline(deadline)}を過ぎても、まだ届いていません。"
        else:
            when = f"{section}の調査票の提出期限は{_deadline(deadline)}です。まだ届いていませんので、ご確認をお願いします。"
        ask = ("お忙しいところ恐れ入りますが、記入した調査票を Excel のまま、このメールへの返信に添付して送ってください。"
               "すでに送っていただいている場合は、行き違いですのでご容赦ください。")
    body = "\n".join([
        _greeting(section, person),
        f"{plan.office}です。",
        f"「{plan.name}」の{format_fiscal_year(year)}の取組状況調査について、{when}",
        ask,
        "調査票がお手元にない場合は、下の問い合わせ先までご連絡ください。",
        "",
        f"■ 提出期限: {_deadline(deadline)}",
        f"■ 問い合わせ先: {_contact_line(plan, office, contact)}",
        _signature(plan, office),
    ])
    tail = f"（〆切 {japanese_date(deadline)}）" if deadline else ""
    return Draft("reminder", section, _subject(plan, year, "督促", tail), body, to, cc, office, None, problems)


def resubmit_draft(plan: Plan, year: int, section: str, copy: Path, *, directory: Directory | None,
                   resubmit_by: dt.date | None, contact: str | None, respondent: dict[str, str] | None,
                   errors: int, warnings: int, source_name: str, resave: bool = False,
                   accepted: str | None = None) -> Draft:
    """再提出のお願い: the 要修正 copy attached, with the 再提出期限; the file sent back named as the section sent it
    (``source_name`` as merge shows it, without the office's inbox folders). ``resave``: every error is one the section fixes
    by saving the file it sent again (a form saved as .ods or .xls: :data:`~reform_xlsx.messages.RESAVE_CODES`)
    — the mail says so, not to fill in the attached copy. ``accepted``: the section's earlier file, accepted, whose
    answers stay in use until a corrected one comes (提出済（再提出を差し戻し）) — the mail says so too."""
    office = directory.office(plan) if directory else None
    to, cc, problems, person = _recipients(section, directory, respondent, outputs.mail_draft(year, "resubmit", section))
    body = "\n".join([
        _greeting(section, person),
        f"{plan.office}です。{format_fiscal_year(year)}の取組状況調査の調査票をお送りいただき、ありがとうございました。",
        f"お送りいただいた「{sent_name(source_name)}」に、直していただきたい点（エラー {errors} 件"
        + (f"、確認のお願い {warnings} 件" if warnings else "") + "）がありました。"
        + (f"前にお送りいただいた「{sent_name(accepted)}」は受け付けていますので、直したものが届くまでは、その回答を使います。"
           if accepted else ""),
        f"添付の「{copy.name}」は新しい調査票で、先頭の「エラー一覧」シートに直していただく点と直し方があります"
        "（お送りいただいた内容のうち読み取れたものは写して、直す箇所に色とコメントを付けています。読み取れなかった"
        "ときは、そのことを一覧の上に書いています）。",
        ("記入し直す必要はありません。エラー一覧の「内容と直し方」のとおり、お送りいただいた元のファイルを開いて"
         "「Excel ブック (*.xlsx)」形式で保存し直し、このメールへの返信に添付して送り直してください。" if resave else
         "エラー一覧に沿って直して（または記入して）、このファイルのまま保存し、このメールへの返信に添付して送り返してください。"),
        "",
        f"■ 再提出期限: {_deadline(resubmit_by)}",
        f"■ 問い合わせ先: {_contact_line(plan, office, contact)}",
        _signature(plan, office),
    ])
    tail = f"（再提出期限 {japanese_date(resubmit_by)}）" if resubmit_by else ""
    return Draft("resubmit", section, _subject(plan, year, "再提出のお願い", tail), body, to, cc, office, copy, problems)
