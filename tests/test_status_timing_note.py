"""The note under `status`'s table said 期限内・期限後 was judged by each section's first file's 保存日時 — but a file with
no usable saved time (a placeholder before 2000, a form sent back never saved) is timed by its file time, a file given
`--received-at` by that time, and one saved more than a year after it came (a PC clock set years ahead) by when it
was received (ledger.schema.TIMED_AT). The note says so."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import intake_craft as craft
from reform_xlsx.cli import main


def test_the_note_tells_what_a_file_without_a_saved_time_is_judged_by(plan, workdir, capsys):
    assert main(["templates", "--year", "R9", "--out", "sent", "--db", "out/reform.db",
                 "--deadline", "2027-06-04"]) == 0
    inbox = Path("受信")
    inbox.mkdir()
    # a saved time of 1999: a placeholder, not a save — the file's time (2027-06-10, after the deadline) is used
    late = craft.saved_at(craft.filled(plan, 2027, "都市計画課", Path("made")), inbox / "都市計画課.xlsx",
                          "1999-01-01T00:00:00Z")
    when = datetime(2027, 6, 10, 9, 30).timestamp()
    os.utime(late, (when, when))
    assert main(["merge", "受信", "--year", "R9", "--out", "out", "--db", "out/reform.db"]) == 1
    capsys.readouterr()
    assert main(["status", "--year", "R9", "--db", "out/reform.db"]) == 1
    out = capsys.readouterr().out
    row = next(x for x in out.splitlines() if x.startswith("都市計画課"))
    assert "2027/06/10 09:30" in row and "期限後" in row  # judged by the file's time …
    note = next(x for x in out.splitlines() if x.startswith("提出期限:"))
    assert "ファイルの更新日時" in note and "--received-at" in note and "受付" in note  # … as the note says
