"""``reform-xlsx status``: the per-section table from the ledger; ``--remind``: the 督促 list and e-mail
drafts (督促 for sections that sent nothing, 再提出のお願い with the 要修正 copy for those sent back)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import replace
from pathlib import Path

from reform_xlsx import outputs
from reform_xlsx.cli.common import (
    EXIT_INCOMPLETE,
    EXIT_OK,
    UsageError,
    add_command,
    add_db_option,
    add_plan_option,
    add_year_option,
    check_due_date,
    choose_plan,
    find_ledger,
    format_table,
    load_directory,
    plan_json,
    plan_line,
    print_json,
    print_problems,
    refuse_file_as_folder,
    result_is,
    sections_json,
)
from reform_xlsx.cli.parser import date_arg
from reform_xlsx.ledger.plans import sections_asked
from reform_xlsx.ledger.store import Ledger
from reform_xlsx.ledger.unopened import Unopened
from reform_xlsx.mail import KEPT, UNWRITABLE, Directory, reminder_draft, resubmit_draft, save_draft
from reform_xlsx.mail.drafts import remove_stale_drafts
from reform_xlsx.merge import resubmit_after
from reform_xlsx.messages import RESAVE_CODES, Msg, Problem, Severity, problem
from reform_xlsx.plan.model import Plan
from reform_xlsx.plan.reorg import successors
from reform_xlsx.records import (
    RESUBMIT_BY,
    FileStatus,
    SectionStatus,
    deadlines_text,
    respondent_text,
    resubmit_before_deadline_problem,
    status_counts_line,
)
from reform_xlsx.wareki import display_datetime, format_fiscal_year, japanese_date, short_fiscal_year


def register(subparsers) -> None:
    parser = add_command(
        subparsers, "status",
        "受付台帳から、課ごとの提出状況（提出済・差し戻し・未提出、提出日時と期限内・期限後、回答者）を表示します。"
        "--remind で督促の一覧と、督促・再提出のお願いのメールの下書きを作ります。",
        "  reform-xlsx status --year R8                       # 台帳は今のフォルダかその1つ下の reform.db\n"
        "  reform-xlsx status --year R8 --db out/reform.db --json\n"
        "  reform-xlsx status --year R8 --db out/reform.db --remind --contacts 連絡先.xlsx")
    add_year_option(parser)
    add_plan_option(parser)
    add_db_option(parser)
    parser.add_argument("--json", action="store_true", help="JSON で出力")
    parser.add_argument("--remind", action="store_true",
                        help=f"督促の一覧を表示し、未提出の課への督促と、差し戻しの課への再提出のお願い（要修正の写しを添付）の"
                             f"メールの下書きを {outputs.MAIL_FOLDER}/ に作る（取りまとめ課の自課分は作らない）")
    parser.add_argument("--contacts", metavar="FILE",
                        help=f"連絡先ファイル（省略時は今のフォルダの {outputs.DEFAULT_CONTACTS}、なければ台帳のフォルダか"
                             "その1つ上のフォルダのものがあれば使う）")
    parser.add_argument("--out", metavar="DIR", help="下書きを作るフォルダ（省略時は台帳のあるフォルダ）")
    parser.add_argument("--resubmit-by", metavar="日付", type=date_arg,
                        help="--remind で作る再提出のお願いの再提出期限（添付する要修正の写しもこの日付で書き直し、台帳に記録する。省略時は要修正の写しにある再提出期限、写しがなければ差し戻したファイルの受付から7日後、土日・祝日・年末年始ならその次の開庁日。それが提出期限より前なら提出期限。年度が始まる前の日付はエラー、閉庁日は注意を出して使う）")
    parser.set_defaults(run=run, exit_code=EXIT_INCOMPLETE)  # cut short before its result is known: no success


def run(args: argparse.Namespace) -> int:
    if args.resubmit_by and not args.remind:  # it did nothing, and said nothing: the clerk took the copies as redated
        raise UsageError("--resubmit-by（再提出期限）は --remind と一緒に指定してください（要修正の写しと再提出のお願いの"
                         "下書きをその日付にします）。--remind がないので、要修正の写しも台帳も書き直していません。")
    # a 再提出期限 before the year begins is refused as templates and merge refuse it; one already past is said when
    # the drafts it goes into are written
    check_due_date(args, "--resubmit-by", args.resubmit_by, what=RESUBMIT_BY, nothing="下書きは作っていません",
                   used="再提出のお願いの下書きに書きます", warn=args.remind)
    if args.remind and args.out:  # said at once, also when no draft is due (the folder would not be used)
        refuse_file_as_folder(Path(args.out))
    db = find_ledger(args)
    plan, _ = choose_plan(args, db, args.year)  # the plan the ledger keeps, unless --plan (checked against it)
    args.year = plan.require_year(args.year)  # as every command: a year outside the plan is refused (exit 2)
    with Ledger(db, plan=plan) as ledger:
        rows = ledger.section_rows(args.year, sections_asked(ledger, plan, args.year))
        surveyed = ledger.surveyed(args.year)
        unopened = ledger.unopened(args.year)  # returns waiting in a zip or a saved mail: no 督促 to their sections
        former = former_name_files(ledger, plan, args.year, rows)  # renamed since their file was merged: no 督促
        reminders = reminder_rows(ledger, plan, args.year, rows) if args.remind and surveyed else []
    held = held_in(unopened)
    for entry in reminders:
        if entry["section"] in held:
            entry["unopened"] = unopened_note(held[entry["section"]])
        elif entry["section"] in former:  # (no draft, as for a return waiting in a mail: said why instead)
            entry["unopened"] = f"（旧課名「{former[entry['section']][0]['section']}」のファイルがあります: merge して" \
                                "ください。下書きは作りません: M012）"
    renamed = former_name_problems(former, args.year)
    notes = unopened_problems(unopened) + renamed
    code = result_is(args, EXIT_OK if all(r["status"] == SectionStatus.SUBMITTED and not r["returned"] for r in rows)
                     else EXIT_INCOMPLETE)
    removed: list[Path] = []
    left: list[Problem] = []  # D009, D012: drafts no longer due that could not be removed, or were edited (kept)
    said: list[Problem] = []  # 下書きの警告 of the drafts written (D010: a hand-edited 要修正 copy attached)
    failed: list[OSError] = []  # 要修正 copies that could not be written again with --resubmit-by
    if args.remind and not surveyed:  # nothing was asked yet: a 督促 to every section would be wrong
        fy = format_fiscal_year(args.year)
        print(f"{fy}は、照会（templates --db）の記録も、受け付けたファイルもこの台帳にありません。督促の下書きは作りません。"
              f"調査票を送ったときは、templates --year {short_fiscal_year(args.year)} --db {db} で照会を記録するか、"
              "返ってきたファイルを merge してから実行してください。", file=sys.stderr)
    elif args.remind:
        # --resubmit-by: the 要修正 copies the drafts attach are written again with that date first (as merge writes
        # them); one that cannot be (open in Excel) stops no other, and ends the run (exit 2) once all is said
        note_copy_dates(reminders)
        failed = rewrite_copies(plan, db, args.year, args.resubmit_by, reminders) if args.resubmit_by else []
        removed, left, said = write_reminders(args, plan, db, reminders)
    if notes:  # once, whatever else is said: the clerk unpacks or saves them and merges (M010, M011)
        print_problems("注意:", notes, stream=sys.stderr)
    if failed and args.json:  # one JSON document: the failure's (as merge with a copy open in Excel)
        raise failed[0]
    if args.json:
        doc = {"exit_code": code, "year": short_fiscal_year(args.year), "year_display": format_fiscal_year(args.year),
               "plan": plan_json(plan),
               "sections": [s | {"unopened": [e.file for e in held.get(s["section"], [])]} for s in sections_json(rows)],
               "unopened": [p.to_dict() for p in notes if p not in renamed],
               "former_name_files": [p.to_dict() for p in renamed]}
        if args.remind:
            doc["removed_drafts"] = [str(p) for p in removed]
            doc["unremoved_drafts"] = [p.to_dict() for p in left]
            doc["draft_warnings"] = [p.to_dict() for p in said]
            doc["rewritten_copies"] = sorted({str(e["copy"]) for e in reminders if e.get("rewritten")})
            if removed:  # stdout holds only the JSON: what was deleted is said on stderr too
                print(f"{REMOVED_HEADING}{'、'.join(p.name for p in removed)}", file=sys.stderr)
        print_json(doc)
        return code
    print(f"{format_fiscal_year(args.year)} 提出状況（{db}）")
    print(plan_line(plan) + "\n")
    print(format_table(["課名", "状況", "提出日時", "期限", "ファイル", "回答者", "エラー", "警告"],
                       [[r["section"], status_text(r) + unopened_mark(held.get(r["section"]), r["status"] == SectionStatus.SUBMITTED)
                         + (f"（旧課名「{former[r['section']][0]['section']}」のファイルあり）" if r["section"] in former else ""),
                         display_datetime(r["submitted_at"]), r["timeliness"],
                         r["file"] or "", respondent_text(r["respondent"]), r["errors"], r["warnings"]] for r in rows]))
    deadline = deadlines_text(rows)
    if deadline:
        # (as ledger.schema.TIMED_AT: the file's submitted time — intake.result.submitted_time —, or when it was
        # received when that is more than a year after it)
        print(f"\n提出期限: {deadline}（期限内・期限後は、各課が最初に送ったファイルの保存日時で判断。"
              "保存日時がなければファイルの更新日時、--received-at の指定があればその日時、受付より1年を超えて後の日時なら受付日時）")
    print("\n" + status_counts_line(rows))
    if args.remind and surveyed:
        rewritten = sorted({e["copy"].name for e in reminders if e.get("rewritten")})
        if rewritten:
            print(f"\n要修正の写しを再提出期限 {japanese_date(args.resubmit_by, weekday=True)} で書き直しました: "
                  f"{'、'.join(rewritten)}")
        print_reminders(reminders, removed, left)
    if failed:
        raise failed[0]
    return code


def today() -> dt.date:
    """Today, for T006 (a 再提出期限 already past)."""
    return dt.date.today()


def rewrite_copies(plan: Plan, db: Path, year: int, day: dt.date, reminders: list[dict]) -> list[OSError]:
    """Write again, with the 再提出期限 ``day``, the 要修正 copies the 再提出のお願い of ``reminders`` attach, exactly as
    merge writes them (the same file sent back, problems, history, 問い合わせ先), noted in the ledger as merge's own
    (a later merge replaces them, and knows one sent back unchanged) with ``day`` as the files' 再提出期限 (a later merge
    writes them with it). Only copies merge wrote: one saved over since (D010) or that cannot be read is left as it is,
    and no other file is touched, nor one that says ``day`` already. Marks each entry ``rewritten`` (or
    ``not_rewritten``); returns the errors of the
    copies that could not be written (open in Excel), the others written all the same."""
    from collections import defaultdict

    from reform_xlsx.ledger.outcome import FileOutcome
    from reform_xlsx.ledger.plans import revisions
    from reform_xlsx.merge import write_feedback_copies
    from reform_xlsx.plan.revisions import Revisions

    sent_back = [e for e in reminders if e["status"] != str(SectionStatus.MISSING) and e.get("returned_id") is not None
                 and not e.get("unopened") and e["copy"] is not None and not e.get("unreadable") and e["copy"].is_file()]
    for entry in sent_back:  # saved over since merge wrote it (D010): merge's no longer, left as it is
        if entry.get("edited") and entry.get("copy_date") != day:  # (one the clerk dated ``day`` by hand goes)
            entry["not_rewritten"] = EDITED  # no draft with ``day`` beside a copy that says another date (T007)
    due = [e for e in sent_back if not e.get("edited")]
    if not sent_back:
        return []
    failed: list[OSError] = []
    with Ledger(db, plan=plan) as ledger:
        kept = revisions(ledger) or Revisions.single(plan)
        history = ledger.answers(list(range(plan.start_year, year + 1)))
        outcomes = {f.submission_id: f for f in ledger.rejection_outcomes(year, [e["returned_id"] for e in due])}
        by_folder: dict[Path, list[tuple[dict, FileOutcome]]] = defaultdict(list)
        # a copy that says ``day`` already (a run before, or dated by hand): not written again, the date only recorded
        said = [e["returned_id"] for e in sent_back if e.get("copy_date") == day]
        ledger.record_resubmit_date(year, said, day, "status")
        for entry in due:
            if entry["returned_id"] in said:
                continue
            f = outcomes[entry["returned_id"]]
            entry["not_rewritten"] = LOCKED  # until written: one not written could not be replaced (open in Excel)
            out = entry["copy"].parent.parent
            # the section whose name the copy has: the one the file is recorded under, or — a former section's form
            # (M009) recorded under the name it was made for before a revision renamed the section — the section
            # that answers for it now, as merge wrote it after reading the file with that revision
            named = next((s for s in dict.fromkeys((f.result.section, entry["section"])) if s in plan.sections
                          and out / outputs.FEEDBACK_FOLDER / outputs.feedback(year, s) == entry["copy"]), None)
            if named is None:  # (no section of the plan: merge writes no copy of it either)
                entry["not_rewritten"] = NOT_IN_PLAN
                continue
            if named != f.result.section:
                f = replace(f, result=replace(f.result, section=named))
            by_folder[out].append((entry, f))
        with outputs.witnessed(lambda target, tmp: ledger.note_written(year, target, tmp)):
            for out, pairs in by_folder.items():
                written = set(write_feedback_copies(
                    plan, [f for _, f in pairs], year, out, history, resubmit_by=day, contact=ledger.contact_of(year),
                    sent=ledger.sent_answers, wrote=lambda path: ledger.wrote(path, year), failed=failed,
                    deadline=lambda section: ledger.deadline_of(year, section), plan_for=kept.for_year,
                    others=False).values())
                ledger.record_rewritten_copies(year, sorted(written))
                ledger.record_resubmit_date(year, [f.submission_id for e, f in pairs if e["copy"] in written], day,
                                            "status")
                for entry, _ in pairs:
                    if entry["copy"] in written:
                        entry["rewritten"], entry["not_rewritten"] = True, None
    return failed


# why ``status --remind --resubmit-by`` left a 要修正 copy as it was (``entry["not_rewritten"]``): no draft is written
LOCKED, EDITED, NOT_IN_PLAN = "locked", "edited", "not_in_plan"


def reminder_rows(ledger: Ledger, plan: Plan, year: int, rows: list[dict]) -> list[dict]:
    """The sections to remind: 未提出 (督促; when the ledger knows which sections were sent a 調査票, only
    those) and 差し戻し (再提出のお願い, with the 要修正 copy the last merge wrote), with whom to contact."""
    from reform_xlsx.ledger.feedback import for_the_section  # (pandas: not imported by every command's start)

    found = []
    copies = ledger.recorded_outputs(year, "feedback")
    # a copy the clerk saved over is kept by merge and not recorded again: looked for in the 差し戻し folders the
    # ledger knows (its recorded copies', and the one beside the last merge's outputs)
    folders = {p.parent for p in copies} | {p.parent / outputs.FEEDBACK_FOLDER
                                            for p in ledger.recorded_outputs(year, "outputs")}
    asked = ledger.asked(year)  # templates sent to some sections only: the others are not late
    # a 照会 recorded before a reorganisation (組織改正) was sent to the section under its new name too
    asked |= {new for section in asked for new in successors(plan.moves, section)}
    unanswered = ledger.unanswered(year)  # L004: a section's items no old form of its former sections holds
    chosen = ledger.resubmit_dates(year)  # the 再提出期限 given to merge or status for a file sent back
    for r in rows:
        if r["status"] == SectionStatus.SUBMITTED and not r["returned"]:
            continue
        if r["status"] == SectionStatus.MISSING and asked and r["section"] not in asked:
            continue
        # 提出済（再提出を差し戻し）: the file to correct is the newer one sent back, not the accepted one
        sent = ledger.file_summary(year, r["returned_id"]) if r["returned_id"] is not None else r
        # what the 要修正 copy lists (its own problems, not the ledger's notes L001–L003 for the office): the mail's counts
        own = for_the_section(sent["problems"]) if "problems" in sent else None
        entry = {"section": r["section"], "status": status_text(r), "deadline": r["deadline"],
                 "returned_id": r["returned_id"], "chosen": chosen.get(r["returned_id"]),
                 # 提出済（再提出を差し戻し）: the accepted file whose answers stay in use meanwhile
                 "accepted": r["file"] if r["status"] == SectionStatus.SUBMITTED else None,
                 "respondent": sent["respondent"] or r["respondent"] or ledger.respondent_of(year, r["section"]),
                 "file": sent["file"],
                 "errors": sent["errors"] if own is None else sum(p.severity is Severity.ERROR for p in own),
                 "warnings": sent["warnings"] if own is None else sum(p.severity is Severity.WARNING for p in own),
                 "resave": bool(sent.get("error_codes")) and set(sent.get("error_codes", ())) <= RESAVE_CODES,
                 "received_at": sent["received_at"],
                 # its own copy; for a split section's old form sent back, the copy merge wrote under the section
                 # the form is recorded as
                 "copy": next((p for name in (r["section"], sent.get("section")) if name
                               for p in copies if p.name == outputs.feedback(year, name)), None)
                 or next((p for name in (r["section"], sent.get("section")) if name
                          for folder in sorted(folders) if (p := folder / outputs.feedback(year, name)).is_file()),
                         None),
                 "contact": ledger.contact_of(year), "sent_at": ledger.newest_rejected_time(year, r["section"])}
        if r["status"] == SectionStatus.MISSING and r["file"]:  # answered in part by a former section's old form
            entry["missing"] = unanswered.get(r["section"], [])
        # saved over since merge wrote it (merge keeps such a copy): attached as it is, and said (D010)
        try:
            entry["edited"] = entry["copy"] is not None and entry["copy"].is_file() \
                and not ledger.wrote(entry["copy"], year)
        except OSError:  # it cannot even be read (held open exclusively): nothing to attach, and said so
            entry["edited"], entry["unreadable"] = False, True
        found.append(entry)
    return found


def note_copy_dates(reminders: list[dict]) -> None:
    """The 再提出期限 each 差し戻し's 要修正 copy gives (``copy_date``; None when it gives none or cannot be read), all
    read by one sandboxed worker before any copy is written again."""
    from reform_xlsx.ledger.feedback import copy_resubmit_dates  # (pandas: not imported by every command's start)

    copies = [e["copy"] for e in reminders if e["status"] != str(SectionStatus.MISSING) and not e.get("unopened")
              and e["copy"] is not None and not e.get("unreadable") and e["copy"].is_file()]
    dates = copy_resubmit_dates(copies) if copies else {}
    for entry in reminders:
        entry["copy_date"] = dates.get(entry["copy"])


def _resubmit_by(entry: dict) -> dt.date:
    """The 再提出期限 of a section's file sent back when ``--resubmit-by`` is not given: the one its 要修正 copy gives
    (merge's ``--resubmit-by``, or its default: :func:`note_copy_dates`), which the draft attaches; without a copy to
    read, the one given for the file (merge's or status's ``--resubmit-by``), else the default: a week after the file
    came, never before its 提出期限."""
    return entry.get("copy_date") or entry.get("chosen") \
        or resubmit_after(entry["received_at"], entry["sent_at"], entry["deadline"])


def write_reminders(args: argparse.Namespace, plan: Plan, db: Path,
                    reminders: list[dict]) -> tuple[list[Path], list[Problem], list[Problem]]:
    """Write the drafts of ``reminders``, and remove the 督促 and 再提出のお願い of the year written earlier that
    are no longer due (a section that has since submitted); returns those removed, for those that could not
    be removed their D009, and the warnings about the drafts written (D010 …)."""
    latest, _ = choose_plan(args, db)  # its reorganisations: a 連絡先 row serves the old and the new name
    directory: Directory | None = load_directory(args.contacts, plan, latest, ledger=db)
    folder = Path(args.out or db.parent) / outputs.MAIL_FOLDER
    problems = []
    passed: dict[dt.date, list[str]] = {}  # a 再提出期限 the copies give already past (T006): its sections
    due = {outputs.mail_draft(args.year, "reminder" if e["status"] == str(SectionStatus.MISSING) else "resubmit",
                              e["section"]) for e in reminders if e["section"] != plan.office and not e.get("unopened")}
    contact_default = directory.office(plan).text() if directory and directory.office(plan) else None
    for entry in reminders:
        deadline = dt.date.fromisoformat(entry["deadline"]) if entry["deadline"] else None
        contact = entry["contact"] or contact_default
        if directory and (listed := directory.get(entry["section"])) is not None and (listed.person or listed.mail):
            entry["listed"] = replace(listed, section="").text()  # whom the 連絡先 names, when no file gave a 回答者
        if entry.get("unopened"):  # its return came, in a zip or a mail not yet unpacked: no 督促 (M010)
            entry["draft"] = entry["unopened"]
            continue
        if entry["section"] == plan.office:  # the office's own form: no mail from itself to itself, a line to do it
            if entry["status"] != str(SectionStatus.MISSING):  # (its copy, if not written again, says its own date)
                entry["resubmit_by"] = (None if entry.get("not_rewritten") else args.resubmit_by) or _resubmit_by(entry)
            entry["draft"] = OWN_SECTION_NOTE
            continue
        if entry["status"] == str(SectionStatus.MISSING):
            draft = reminder_draft(plan, args.year, entry["section"], directory=directory, deadline=deadline,
                                   contact=contact, received=entry["file"], missing=entry.get("missing"),
                                   respondent=entry["respondent"])
        elif entry.get("unreadable"):
            entry["resubmit_by"] = args.resubmit_by or _resubmit_by(entry)
            entry["draft"] = (f"（要修正の写し {entry['copy'].name} を読めません: ほかのプログラムで開いていれば閉じて、"
                              "もう一度実行してください）")
            continue
        elif entry.get("not_rewritten"):  # the copy still says another date: no draft with --resubmit-by beside it
            entry["resubmit_by"] = _resubmit_by(entry)
            entry["draft"] = not_rewritten_note(entry)
            if entry["not_rewritten"] == EDITED:
                problems.append(problem(Msg.MAIL_COPY_EDITED_NOT_REDATED, file=entry["copy"].name,
                                        section=entry["section"], copy=entry["copy"],
                                        day=japanese_date(args.resubmit_by, weekday=True),
                                        says=japanese_date(entry["copy_date"], weekday=True) if entry.get("copy_date")
                                        else "読み取れません"))
            continue
        elif entry["copy"] is not None and entry["copy"].is_file():
            by = entry["resubmit_by"] = args.resubmit_by or _resubmit_by(entry)
            if not args.resubmit_by and by < today():
                passed.setdefault(by, []).append(entry["section"])
            if entry["edited"]:
                problems.append(problem(Msg.MAIL_COPY_EDITED, file=entry["copy"].name, section=entry["section"],
                                        copy=entry["copy"]))
            draft = resubmit_draft(plan, args.year, entry["section"], entry["copy"], directory=directory,
                                   resubmit_by=by, contact=contact, respondent=entry["respondent"],
                                   errors=entry["errors"], warnings=entry["warnings"], source_name=entry["file"] or "",
                                   resave=entry["resave"], accepted=entry.get("accepted"))
        else:
            entry["resubmit_by"] = args.resubmit_by or _resubmit_by(entry)
            entry["draft"] = "（要修正の写しがありません: merge を実行してください）"
            continue
        saved, said = save_draft(draft, folder, args.year, inherit_addresses=directory is None,
                                 no_section_address=directory is not None and not directory.has_mail(draft.section))
        problems += said
        name = outputs.mail_draft(args.year, draft.kind, draft.section)
        entry["draft"] = {KEPT: f"{name}（手を加えたものを残しました）",
                          UNWRITABLE: f"（{name} を書けませんでした）"}.get(saved) or saved.name
        if saved not in (KEPT, UNWRITABLE) and entry.get("edited"):
            entry["draft"] += "（手を加えた要修正の写しを添付: D010）"
    named = {*plan.sections, *(m.old for m in plan.moves), *(m.new for m in plan.moves)}  # and before a 組織改正
    removed, left = remove_stale_drafts(folder, args.year, ("reminder", "resubmit"), named, due)
    late = [problem(Msg.DUE_PASSED_IN_DRAFT, sections="・".join(sections), day=japanese_date(day, weekday=True),
                    today=japanese_date(today(), weekday=True)) for day, sections in sorted(passed.items())]
    if args.resubmit_by and (early := resubmit_before_deadline_problem(
            args.resubmit_by, {e["section"]: e["deadline"] for e in reminders if e.get("resubmit_by") == args.resubmit_by},
            option="--resubmit-by", used="再提出のお願いの下書きに書きます")):
        late.append(early)  # (T010: a section sent back given less time than the others)
    if late:  # as T002 of a date given
        print_problems("注意:", late, stream=sys.stderr)
    if problems or left:
        print_problems("下書きの警告:", problems + left, stream=sys.stderr)
    return removed, left, late + problems


def not_rewritten_note(entry: dict) -> str:
    """The 督促の一覧's 下書き of a section whose 要修正 copy ``--resubmit-by`` left as it was, with why."""
    name = entry["copy"].name
    if entry["not_rewritten"] == EDITED:
        return (f"（要修正の写し {name} は merge のあとに手を加えてあるため、再提出期限を書き直していません: T007。"
                "下書きは作っていません）")
    if entry["not_rewritten"] == NOT_IN_PLAN:
        return (f"（要修正の写し {name} は、今の計画にない課の名前のため書き直せません: merge を実行してから、"
                "もう一度実行してください。下書きは作っていません）")
    return (f"（要修正の写し {name} を書き直せません: Excel などで開いていれば閉じて、もう一度実行してください。"
            "下書きは作っていません）")


# The 督促 list's 下書き of the office's own section (取りまとめ課 is a section of the plan too): a memo, no draft
OWN_SECTION_NOTE = "（取りまとめ課の自課分: 下書きは作りません。自課の調査票を記入・修正してください）"
REMOVED_HEADING = "送る必要のなくなった前の下書きを削除しました: "
UNREMOVED_HEADING = "送る必要のなくなった前の下書きを削除できませんでした: "
KEPT_STALE_HEADING = "送る必要のなくなった前の下書きのうち、手を加えてあるので残したもの: "


def print_reminders(reminders: list[dict], removed: list[Path], left: list[Problem]) -> None:
    if removed:
        print(f"\n{REMOVED_HEADING}{'、'.join(p.name for p in removed)}")
    edited = [p for p in left if p.code == Msg.MAIL_DRAFT_STALE_EDITED.value.code]
    left = [p for p in left if p not in edited]
    if edited:
        print(f"\n{KEPT_STALE_HEADING}{'、'.join(p.file for p in edited)}（送らないでください。要らなければ手で削除して"
              "ください。D012）")
    if left:
        print(f"\n{UNREMOVED_HEADING}{'、'.join(p.file for p in left)}（送らないでください。メールソフトで開いていれば"
              "閉じて、手で削除してください。D009）")
    if not reminders:
        print("\n督促の必要な課はありません。")
        return
    print("\n督促の一覧:")
    print(format_table(["課名", "状況", "期限", "回答者（連絡先）", "下書き"],
                       [[e["section"], e["status"], _deadline_text(e),
                         respondent_text(e["respondent"]) or e.get("listed", ""), e.get("draft", "")]
                        for e in reminders]))


def _deadline_text(entry: dict) -> str:
    """The 再提出期限 the draft gives for a file sent back, else the 提出期限."""
    if entry.get("resubmit_by"):
        return f"{japanese_date(entry['resubmit_by'])}（再提出）"
    return japanese_date(dt.date.fromisoformat(entry["deadline"])) if entry["deadline"] else ""


def former_name_files(ledger: Ledger, plan: Plan, year: int, rows: list[dict]) -> dict[str, list[dict]]:
    """The files of ``year`` (accepted or sent back) still recorded under a section's former name, by the 未提出
    section a 組織改正 of the plan renamed it to (once or more: the chain followed): merged before the revision that
    renamed it was imported (``plan import``), they are not yet the section's — a merge reads them again as its
    (M009) — yet it did send one."""
    moves = [m for m in plan.moves if m.year <= year]
    gone = {m.old for m in moves} - set(plan.sections)
    became: dict[str, set[str]] = {}  # each section and the former names that became it (税務課 → 収納課 → 納税課):
    for old in gone:                  # each chain followed once, not once for every 未提出 section
        for now in successors(moves, old):
            became.setdefault(now, set()).add(old)
    olds = {r["section"]: became.get(r["section"], set())
            for r in rows if r["status"] == SectionStatus.MISSING and not r["file"]}
    olds = {section: names for section, names in olds.items() if names}
    if not olds:
        return {}
    recorded = [s for s in ledger.submissions(year)  # (only those under a former name: the others are no one's here)
                if s["status"] in (str(FileStatus.ACCEPTED), str(FileStatus.REJECTED)) and s["section"] in gone]
    found = {section: [s for s in recorded if s["section"] in names] for section, names in olds.items()}
    return {section: files for section, files in found.items() if files}


def former_name_problems(former: dict[str, list[dict]], year: int) -> list[Problem]:
    """M012 for each section :func:`former_name_files` found."""
    return [problem(Msg.STATUS_FORMER_NAME_FILE, file=files[0]["name"], section=section, old=files[0]["section"],
                    files="、".join(f"「{f['name']}」" for f in files), fy=format_fiscal_year(year))
            for section, files in former.items()]


def held_in(unopened: list[Unopened]) -> dict[str, list[Unopened]]:
    """The zips and mails waiting in the inbox (:meth:`Ledger.unopened`) by the sections whose returns they hold."""
    held: dict[str, list[Unopened]] = {}
    for entry in unopened:
        for section in entry.sections:
            held.setdefault(section, []).append(entry)
    return held


def unopened_mark(entries: list[Unopened] | None, submitted: bool = False) -> str:
    """What the status table adds to a section's 状況 when its return waits in a zip or a mail; ``submitted``: the
    section has an accepted file in use (提出済), which the one waiting is newer than (a resubmission): 「提出済（メール
    に添付・未保存）」 read as if the accepted file itself were still in the mail. A return in the inbox merge could not
    read yet (F019 …): 「（受信フォルダにあり・未読・F019）」."""
    if not entries:
        return ""
    packed = [e for e in entries if e.code is None]
    codes = "・".join(dict.fromkeys(e.code for e in entries if e.code is not None))
    newer = "新しいファイルが" if submitted else ""
    mark = "" if not packed else f"（{newer}ZIP の中・未展開）" if all(e.zipped for e in packed) \
        else f"（{newer}メールに添付・未保存）" if not any(e.zipped for e in packed) else f"（{newer}メール・ZIP の中・未保存）"
    return mark + (f"（{newer}受信フォルダにあり・未読・{codes}）" if codes else "")


# what the clerk does for a section's return merge could not read yet, by its code (the 督促の一覧 and M013)
UNREAD_TODO = {
    "F006": "コピーの途中なら終わってから、もう一度 merge してください（終わっても開けなければ、課に保存し直して送り直してもらいます）",
    "F008": "課に、画像など不要なものを削除して保存し直したファイルを送り直してもらい、merge してください（督促ではありません）",
    "F019": "ほかの PC などで開いていれば閉じてもらってから、もう一度 merge してください",
    "F024": "コピー・保存・同期が終わってから、もう一度 merge してください",
    "F037": "ショートカットの先のファイルそのものを受信フォルダに保存して、もう一度 merge してください",
    "F038": "展開する前の .xlsx ファイルそのものを受信フォルダに保存して、もう一度 merge してください",
}


# the same, as short as the 督促の一覧's cell holds it (M013 on stderr says it whole)
UNREAD_SHORT = {"F006": "コピーが終わってから merge", "F008": "課に小さくして送り直してもらう", "F019": "閉じてもらってから merge",
                "F024": "書き終わってから merge", "F037": "ファイルそのものを保存して merge",
                "F038": ".xlsx そのものを保存して merge"}


def unopened_note(entries: list[Unopened]) -> str:
    """The 督促の一覧's 下書き of a section whose return waits in a zip or a mail, or in the inbox unread (F019 …): why
    none is written, what to do."""
    packed = [e for e in entries if e.code is None]
    said = []
    if packed:
        where = "、".join(f"受信フォルダの ZIP「{e.file}」の中" if e.zipped else f"受信フォルダのメール「{e.file}」に添付"
                         for e in packed)
        todo = "展開" if all(e.zipped for e in packed) else "保存" if not any(e.zipped for e in packed) else "保存・展開"
        said.append(f"{where}: {todo}して merge してください。")
    said += [f"受信フォルダの「{e.file}」を読めていません（{e.code}）: {UNREAD_SHORT[e.code]}。"
             for e in entries if e.code is not None]
    return f"（{''.join(said)}下書きは作りません）"


def unopened_problems(unopened: list[Unopened]) -> list[Problem]:
    """M010 for each zip or mail that holds a section's return, M011 for one whose returns no name tells, M013 for each
    section's return in the inbox merge could not read yet."""
    found = []
    for e in unopened:
        if e.code is not None:  # a section's return in the inbox, not read yet (M013)
            found.append(problem(Msg.STATUS_UNREAD_RETURN, file=e.file, sections="・".join(e.sections), code=e.code,
                                 title=next(m.value.title for m in Msg if m.value.code == e.code),
                                 todo=UNREAD_TODO[e.code] + "。"))
            continue
        what = "受信フォルダの ZIP 圧縮ファイル" if e.zipped else "受信フォルダのメール"
        todo = ("ZIP を展開して、出てきたファイルを受信フォルダに入れ（merge の F032 のとおり）" if e.zipped
                else "メールソフトでこのメールを開いて、添付ファイルを受信フォルダに保存し（merge の F034 のとおり）")
        if e.sections:
            unknown = "ほかに、名前からはどの課のものか分からないファイルも入っています。" if e.unknown else ""
            found.append(problem(Msg.STATUS_UNOPENED_RETURN, file=e.file, what=what, sections="・".join(e.sections),
                                 todo=todo, unknown=unknown))
        else:
            found.append(problem(Msg.STATUS_UNOPENED_UNKNOWN, file=e.file, what=what, todo=todo))
    return found


def status_text(row: dict) -> str:
    """「提出済」, or 「提出済（再提出を差し戻し）」 when a newer file of the section was sent back."""
    resent = row["status"] == SectionStatus.SUBMITTED and row["returned"]
    return str(row["status"]) + ("（再提出を差し戻し）" if resent else "")
