"""The ledger's tables: their columns, the SQL that writes and reads them, the version and its migrations' parts."""

from __future__ import annotations

import sqlite3

from reform_xlsx.records import ANSWER_COLUMNS

SUBMISSION_COLUMNS = (
    ("sha256", "TEXT NOT NULL"),
    ("path", "TEXT NOT NULL"),
    ("name", "TEXT NOT NULL"),
    ("size", "INTEGER NOT NULL"),
    ("mtime", "REAL NOT NULL"),
    ("submitted_at", "REAL NOT NULL"),  # the workbook's save time, else mtime: orders resubmissions
    ("received_at", "TEXT NOT NULL"),
    ("year", "INTEGER NOT NULL"),  # the year merge was run for
    ("section", "TEXT"),
    ("template_year", "INTEGER"),  # the year the template says (may differ: rejected)
    ("template_id", "TEXT"),
    ("plan_id", "TEXT"),
    ("plan_version", "TEXT"),
    ("real_format", "TEXT"),
    ("status", "TEXT NOT NULL"),  # a FileStatus value
    ("duplicate_of", "INTEGER REFERENCES submissions(id)"),
    ("issues", "TEXT NOT NULL"),  # JSON list of the file's own problems
    ("archived_as", "TEXT"),
    ("reader", "TEXT"),  # the tool and plan that read it (a rejected file is read again when they change)
    ("form", "TEXT"),  # survey (調査票) or review (推進室評価シート); NULL in ledgers before version 4: survey
    ("submitted_from", "TEXT"),  # what submitted_at rests on: saved | file | given (intake.result)
    ("respondent", "TEXT"),  # JSON: the 回答者欄 (person, extension, mail, head)
    ("deadline", "TEXT"),  # the 提出期限 the template carries (ISO date)
    ("contact", "TEXT"),  # the 問い合わせ先 the template carries
    # submitted_at, but never later than the file was received: what orders a section's files (a file
    # saved on a PC whose clock is ahead — 2099 — would otherwise stay the newest for ever)
    ("ordered_at", "REAL"),
)



# Columns a migration adds (3: reader; 5: form … contact): a ledger from before lacks them and is still a ledger.
ADDED_COLUMNS = frozenset(("reader", "form", "submitted_from", "respondent", "deadline", "contact", "ordered_at"))



ANSWER_TYPES = {"year": "INTEGER NOT NULL", "section": "TEXT NOT NULL", "kind": "TEXT NOT NULL",
                 "id": "TEXT NOT NULL", "field": "TEXT NOT NULL", "value": "TEXT"}  # value: JSON



SCHEMA = (
    "CREATE TABLE IF NOT EXISTS submissions (id INTEGER PRIMARY KEY, "
    + ", ".join(f"{name} {kind}" for name, kind in SUBMISSION_COLUMNS)
    + ", UNIQUE (sha256, path, year));\n"
    "CREATE TABLE IF NOT EXISTS answers (submission_id INTEGER NOT NULL REFERENCES submissions(id), "
    + ", ".join(f"{name} {ANSWER_TYPES.get(name, 'TEXT')}" for name in ANSWER_COLUMNS) + ");\n"
    "CREATE INDEX IF NOT EXISTS answers_by_submission ON answers(submission_id);\n"
    "CREATE TABLE IF NOT EXISTS outputs (year INTEGER NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL,"
    " path TEXT NOT NULL, sha256 TEXT NOT NULL, signature TEXT NOT NULL);\n"
    # Every 差し戻し copy merge wrote, kept after it is written again (a copy mailed to a section is known by its
    # content for ever: sent back unchanged, or left in next year's inbox, it is merge's own — F025)
    "CREATE TABLE IF NOT EXISTS sent_copies (year INTEGER NOT NULL, path TEXT NOT NULL, sha256 TEXT NOT NULL UNIQUE);\n"
    # Every blank 調査票 `templates` wrote with a ledger, by content: one left in a folder that is merged (the
    # work folder, templates --out inside the inbox) is the form as distributed, not a section's return — F027
    "CREATE TABLE IF NOT EXISTS sent_forms (year INTEGER NOT NULL, section TEXT NOT NULL, path TEXT NOT NULL,"
    " sha256 TEXT NOT NULL UNIQUE);\n"
    # The plan the ledger belongs to (reform_xlsx.ledger.plans): recorded the first time it is used.
    "CREATE TABLE IF NOT EXISTS plans (id INTEGER PRIMARY KEY, plan_id TEXT NOT NULL, version TEXT NOT NULL,"
    " digest TEXT NOT NULL, name TEXT NOT NULL, source TEXT NOT NULL, text TEXT NOT NULL,"
    " recorded_at TEXT NOT NULL);\n"
    # 照会: each 調査票 `templates` wrote with a ledger, its 提出期限 and 問い合わせ先 (the newest counts)
    "CREATE TABLE IF NOT EXISTS requests (year INTEGER NOT NULL, section TEXT NOT NULL, deadline TEXT,"
    " contact TEXT, template_id TEXT, created TEXT NOT NULL);\n"
    # The meeting's date (会議日 on the packet's cover) each time one was given for a year (--meeting-date; the
    # newest row counts, ``day`` NULL: cleared): later merges and reports of the year use it (ledger version 8)
    "CREATE TABLE IF NOT EXISTS meeting_dates (year INTEGER NOT NULL, day TEXT, given_at TEXT NOT NULL,"
    " command TEXT NOT NULL);\n"
)



# What each later year's outputs (merge, report) were made from: for each year before it, the digest of that year's
# accepted answers then (Ledger.accepted_digest), beside the signature of the outputs merge recorded in that folder
# (an older reform-xlsx that writes them again leaves the rows behind: they no longer count). Made when first
# written, not by the schema: a ledger of version 8 without it is still whole (an older reform-xlsx ignores it, a
# read-only ledger opened by this one is not written), so the ledger's version stays 8.
OUTPUT_SOURCES = ("CREATE TABLE IF NOT EXISTS output_sources (year INTEGER NOT NULL, folder TEXT NOT NULL,"
                  " earlier INTEGER NOT NULL, digest TEXT NOT NULL, signature TEXT NOT NULL)")



# The 再提出期限 the office gave for a file sent back (merge or status --resubmit-by; one row a file, the newest word):
# the 差し戻し copies merge or status write of it again say that date, not the default (a week after the file came).
# Made when first written, as OUTPUT_SOURCES: a ledger of version 8 without it is still whole.
RESUBMIT_DATES = ("CREATE TABLE IF NOT EXISTS resubmit_dates (submission_id INTEGER PRIMARY KEY, year INTEGER NOT NULL,"
                  " day TEXT NOT NULL, command TEXT NOT NULL, given_at TEXT NOT NULL)")



# The zips and saved mails with workbooks in them (F032, F034) each merge of a year found in the inbox, with whose
# returns they hold by their names (a plan section; NULL: a workbook whose name names none, or not all listed): status
# writes no 督促 to a section whose return waits in one (M010). A merge drops the rows of a file it did not meet that
# is gone from where it was recorded. Made when first written, as OUTPUT_SOURCES: a ledger of version 8 without it
# is still whole.
UNOPENED = ("CREATE TABLE IF NOT EXISTS unopened (submission_id INTEGER NOT NULL REFERENCES submissions(id),"
            " year INTEGER NOT NULL, section TEXT)")



SCHEMA_STATEMENTS = tuple(s.strip() for s in SCHEMA.split(";\n") if s.strip())



INSERT_SUBMISSION = (f"INSERT INTO submissions ({', '.join(n for n, _ in SUBMISSION_COLUMNS)}) "
                      f"VALUES ({', '.join('?' * len(SUBMISSION_COLUMNS))})")



INSERT_ANSWER = (f"INSERT INTO answers (submission_id, {', '.join(ANSWER_COLUMNS)}) "
                  f"VALUES ({', '.join('?' * (len(ANSWER_COLUMNS) + 1))})")



ANSWER_LIST = ", ".join(ANSWER_COLUMNS)



SELECT_ANSWERS = f"SELECT {ANSWER_LIST} FROM answers"



# When a file counts as submitted for 期限内/期限後: its saved time, unless that is more than a year after
# it was received — a PC clock set years ahead (2099): then when it was received. (Within a year the saved
# time stands: a received time may lag, as with files merged long after they came, or the samples.)
CLOCK_AHEAD = 366 * 24 * 3600



TIMED_AT = f"CASE WHEN submitted_at - ordered_at > {CLOCK_AHEAD} THEN ordered_at ELSE submitted_at END"



# A section's files, oldest / newest first (ordered_at: see SUBMISSION_COLUMNS).
OLDEST_FIRST = "ordered_at, submitted_at, id"



NEWEST_FIRST = "ordered_at DESC, submitted_at DESC, id DESC"



VERSION = 8  # 2: years are Western (2026; version 1 stored Reiwa numbers, 8); 3: submissions.reader; 4: plans;
# 5: submissions.form, submitted_from, respondent, deadline, contact and the requests table (照会);
# 6: plan revisions (add_plan_revisions); 7: a rejected file's answers are kept too (what it sent: its 差し戻し
# copy is written from them) — the rejected files of an older ledger are read once more to keep them;
# submissions.ordered_at; 8: the meeting_dates table (the 会議日 given once for a year: Ledger.meeting_date)



PLAN_COLUMNS = "plan_id, version, digest, name, source, text, recorded_at, revised_on, effective_year, reason, id"



def add_plan_revisions(db: sqlite3.Connection) -> None:
    """Ledger version 6 — plan revisions. Each row of ``plans`` is a revision of the ledger's plan, with
    its 改訂日 (``revised_on``), 適用年度 (``effective_year``; NULL: from the plan's first year) and 理由
    (``reason``); ``plan_uses`` records which revision each 調査票 (``kind`` template) and each merge
    used. Idempotent: it runs on any ledger that lacks a part of it."""
    columns = {r[1] for r in db.execute("PRAGMA table_info(plans)")}
    for name, kind in (("revised_on", "TEXT"), ("effective_year", "INTEGER"), ("reason", "TEXT")):
        if name not in columns:
            db.execute(f"ALTER TABLE plans ADD COLUMN {name} {kind}")
    db.execute("CREATE TABLE IF NOT EXISTS plan_uses (id INTEGER PRIMARY KEY, kind TEXT NOT NULL,"
               " year INTEGER NOT NULL, section TEXT, file TEXT, plan INTEGER NOT NULL REFERENCES plans(id),"
               " used_at TEXT NOT NULL)")



def schema_columns() -> dict[str, set[str]]:
    """Every table of a ledger of this version, with its columns (an in-memory ledger made to be asked)."""
    db = sqlite3.connect(":memory:")
    try:
        for statement in SCHEMA_STATEMENTS:
            db.execute(statement)
        add_plan_revisions(db)
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {table: {row[1] for row in db.execute(f"PRAGMA table_info({table})")} for table in tables}
    finally:
        db.close()
