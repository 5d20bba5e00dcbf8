"""The meeting workbook through LibreOffice: full recalculation, the PDF packet, no soffice."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from recalc import formulas_that_differ, recalculated
from reform_xlsx.report.writer import write_reports
from reform_xlsx.xlsx.libreoffice import INSTALL_HINT, convert
from report_sample import sample_answers, sample_status
from stand_in import python_program


def test_probe_libreoffice_really_recalculates(soffice, tmp_path):
    source = tmp_path / "probe.xlsx"
    wb = xlsxwriter.Workbook(str(source))
    wb.add_worksheet().write_formula("A1", "=1+1", None, 5)  # deliberately wrong cached value
    wb.close()
    assert openpyxl.load_workbook(source, data_only=True).active["A1"].value == 5
    again = recalculated(soffice, source, tmp_path)
    assert openpyxl.load_workbook(again, data_only=True).active["A1"].value == 2


def test_every_formula_recalculates_to_its_cached_value(soffice, plan, tmp_path):
    result = write_reports(plan, 2026, sample_answers(plan), sample_status(plan), tmp_path / "out",
                           created=dt.datetime(2026, 5, 1, 10, 0))
    again = recalculated(soffice, result.workbook, tmp_path)
    checked, differ = formulas_that_differ(result.workbook, again)
    assert differ == []
    assert checked > 13 * 4 + 4 * 15  # KPI rows × 4 formulas + 総括 counts, at least


def test_pdf_packet_is_a4_landscape_with_the_planned_pages(soffice, plan, tmp_path):
    result = write_reports(plan, 2026, sample_answers(plan), sample_status(plan), tmp_path,
                           created=dt.datetime(2026, 5, 1, 10, 0), pdf=True)
    assert result.pdf == tmp_path / "令和8年度_市政改革推進本部会議資料.pdf" and result.pdf.exists()
    assert result.workbook.exists() and result.notes == ()
    info = subprocess.run(["pdfinfo", str(result.pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    # The pages the writer planned (cover, 概要, 総括, items by its breaks, KPI, KPI推移, 担当課別):
    # LibreOffice adding a break of its own would mean an item split or a sheet overflowing.
    assert pages == result.pdf_pages
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts \(A4\)", info)
    assert size and float(size.group(1)) > float(size.group(2))  # landscape
    texts = [subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(result.pdf), "-"],
                            capture_output=True, text=True, check=True).stdout for n in range(1, pages + 1)]
    assert "令和8年度の概要" in texts[1]  # the opening page, first after the cover
    assert "総括（令和8年度）" in texts[2] and "KPI の判定" in texts[2]  # 総括 and its charts on one page
    assert "改革項目一覧（令和8年度）" in texts[3]
    for item in plan.items:  # no item's rows split across two pages of 改革項目一覧
        on = [n for n, t in enumerate(texts) if re.search(rf"^\s*{re.escape(item.id)}\s", t, re.M)
              and "改革項目一覧" in t]
        assert len(on) == 1, (item.id, on)


def test_pdf_without_libreoffice_says_how_to_install_and_still_writes(plan, tmp_path, monkeypatch):
    from reform_xlsx.xlsx import libreoffice

    monkeypatch.delenv("REFORM_XLSX_SOFFICE", raising=False)
    monkeypatch.setattr(libreoffice.shutil, "which", lambda name: None)
    monkeypatch.setattr(libreoffice, "_CANDIDATES", ())
    monkeypatch.setattr(libreoffice, "_windows_candidates", lambda: ())
    result = write_reports(plan, 2026, sample_answers(plan), sample_status(plan), tmp_path, pdf=True)
    assert result.pdf is None and result.pdf_pages is None
    assert result.notes == (INSTALL_HINT,)
    assert "R004" in [p.code for p in result.problems]
    assert result.workbook.exists() and not list(tmp_path.glob("*.pdf"))


def test_pdf_with_a_libreoffice_path_that_is_not_there_names_the_setting_not_an_installation(plan, tmp_path,
                                                                                          monkeypatch):
    """REFORM_XLSX_SOFFICE pointing nowhere (LibreOffice moved, a typo) said LibreOffice was not installed and how
    to install it — to an office that has it installed in a place of its own."""
    monkeypatch.setenv("REFORM_XLSX_SOFFICE", str(tmp_path / "no-such-soffice"))
    result = write_reports(plan, 2026, sample_answers(plan), sample_status(plan), tmp_path, pdf=True)
    (note,) = result.notes
    assert "REFORM_XLSX_SOFFICE" in note and str(tmp_path / "no-such-soffice") in note and "インストール" not in note
    assert result.pdf is None and result.workbook.exists() and "R004" in [p.code for p in result.problems]


def test_public_summary_prints_whole_on_one_page(soffice, plan, tmp_path):
    result = write_reports(plan, 2026, sample_answers(plan), sample_status(plan), tmp_path / "out",
                           created=dt.datetime(2026, 5, 1, 10, 0), public=True)
    pdf = convert(result.public, "pdf", tmp_path)
    page = [subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout for n in (3, 4)]
    assert "総括（令和8年度）" in page[0] and "未報告" in page[0]  # the KPI 判定 chart's last category is on the page
    assert "改革項目一覧（令和8年度）" in page[1]  # nothing of 総括 spilled onto a second page


@pytest.mark.filterwarnings("ignore:Workbook contains no default style")  # openpyxl on Gnumeric's file
def test_gnumeric_recalculates_every_formula_to_its_cached_value_too(plan, tmp_path):
    """A second spreadsheet engine (Gnumeric's ssconvert --recalc) over the office's copy of the year
    after: year-on-year formulas, SUBTOTAL of the shared items, COUNTIFS and the 判定."""
    ssconvert = shutil.which("ssconvert")
    if ssconvert is None:
        pytest.skip("Gnumeric (ssconvert) が見つからないため飛ばします（apt-get install gnumeric）。")
    result = write_reports(plan, 2027, sample_answers(plan, (2026, 2027)), sample_status(plan, (2026, 2027)),
                           tmp_path / "out", created=dt.datetime(2027, 5, 1, 10, 0))
    again = tmp_path / "gnumeric.xlsx"
    subprocess.run([ssconvert, "--recalc", str(result.office), str(again)], check=True, capture_output=True,
                   timeout=300)
    checked, differ = formulas_that_differ(result.office, again)
    assert differ == [] and checked > 250


def test_libreoffice_is_found_in_the_usual_windows_folder(tmp_path, monkeypatch):
    from reform_xlsx.xlsx import libreoffice

    program = tmp_path / "Program Files" / "LibreOffice" / "program"
    program.mkdir(parents=True)
    exe = program / "soffice.exe"
    exe.write_bytes(b"")
    exe.chmod(0o755)
    monkeypatch.delenv("REFORM_XLSX_SOFFICE", raising=False)
    monkeypatch.setattr(libreoffice.shutil, "which", lambda name: None)
    monkeypatch.setattr(libreoffice, "_CANDIDATES", ())
    monkeypatch.setenv("ProgramFiles", str(tmp_path / "Program Files"))
    assert libreoffice.find_soffice() == str(exe)


def test_a_libreoffice_profile_still_held_open_does_not_fail_the_conversion(tmp_path, monkeypatch):
    """On Windows a lingering soffice.bin or a virus scanner can hold a file of the throw-away profile: removing the
    folder then raised PermissionError after the PDF was made (merge --pdf stopped after the ledger was committed)."""

    from reform_xlsx.xlsx import libreoffice

    fake = python_program(tmp_path / "soffice", "import sys, pathlib\n"
                          "out = pathlib.Path(sys.argv[sys.argv.index('--outdir') + 1])\n"
                          "src = pathlib.Path(sys.argv[-1])\n"
                          "(out / (src.stem + '.pdf')).write_bytes(b'%PDF-1.4')\n", monkeypatch)
    monkeypatch.setenv("REFORM_XLSX_SOFFICE", str(fake))
    import tempfile

    removed = []

    def held(name, ignore_errors=False):  # a file of the profile still open: the folder cannot be removed
        if not ignore_errors:
            raise PermissionError(13, "別のプロセスが使用中です", name)
        removed.append(name)

    monkeypatch.setattr(tempfile.TemporaryDirectory, "_rmtree", staticmethod(held))
    source = tmp_path / "a.xlsx"
    source.write_bytes(b"x")
    assert libreoffice.convert(source, "pdf", tmp_path / "out").read_bytes() == b"%PDF-1.4"
    assert removed and "reform-xlsx-lo-" in removed[0]


def fake_soffice(tmp_path: Path, monkeypatch, *, crash: bool) -> Path:
    """A stand-in soffice: prints a one-page '%PDF' file, or crashes as LibreOffice does (English stderr,
    a stack dump, exit 134)."""

    fake = tmp_path / ("crashing-soffice" if crash else "soffice")
    body = ("import sys\n"
            "sys.stderr.write('Warning: failed to launch javaldx - java may not function correctly\\n'\n"
            "                 'Fatal exception: Signal 6\\nStack:\\n'\n"
            "                 '/usr/lib/libreoffice/program/libuno_sal.so.3(+0x37722)[0x7ffba918e722]\\n')\n"
            "sys.exit(134)\n") if crash else (
            "import sys, pathlib\n"
            "out = pathlib.Path(sys.argv[sys.argv.index('--outdir') + 1])\n"
            "src = pathlib.Path(sys.argv[-1])\n"
            "(out / (src.stem + '.pdf')).write_bytes(b'%PDF-1.4 ' + src.name.encode())\n")
    fake = python_program(fake, body, monkeypatch)
    monkeypatch.setenv("REFORM_XLSX_SOFFICE", str(fake))
    return fake


def test_a_failing_libreoffice_is_said_in_japanese_and_the_pdfs_it_left_out_of_date_go(plan, tmp_path, monkeypatch):
    """LibreOffice crashing (as it did while being installed) printed its English stack dump, named only the
    packet, and left last run's 公表用.pdf beside the new 公表用 Excel and CSV — ready to be published."""
    fake_soffice(tmp_path, monkeypatch, crash=False)
    out = tmp_path / "out"
    first = write_reports(plan, 2026, sample_answers(plan), sample_status(plan), out, pdf=True, public=True)
    assert first.pdf.is_file() and first.public_pdf.is_file()
    fake_soffice(tmp_path, monkeypatch, crash=True)
    again = write_reports(plan, 2026, sample_answers(plan), sample_status(plan), out, pdf=True, public=True)
    assert (again.pdf, again.public_pdf) == (None, None) and not list(out.glob("*.pdf"))
    (note,) = again.notes
    assert "（終了コード 134）" in note and "（LibreOffice の出力の最後の行: Fatal exception: Signal 6）" in note
    assert "/usr/lib" not in note and "Stack" not in note and "javaldx" not in note
    assert f"{first.pdf.name}・{first.public_pdf.name} は作っていません。" in note
    assert f"前に作った {first.pdf.name}・{first.public_pdf.name} は、今回の Excel と内容が違うため削除しました。" in note
    assert [p.code for p in again.problems if p.code == "R004"] == ["R004"]


def test_an_out_of_date_pdf_that_cannot_be_removed_is_named_not_to_be_used(plan, tmp_path, monkeypatch):
    """Open in a PDF viewer on Windows, the old PDF cannot be removed: the note names it."""
    out = tmp_path / "out"
    out.mkdir()
    old = out / "令和8年度_市政改革推進本部会議資料.pdf"
    old.write_bytes(b"%PDF-1.4 last year")
    fake_soffice(tmp_path, monkeypatch, crash=True)
    real_unlink = Path.unlink

    def held(self, *args, **kwargs):
        if self.suffix == ".pdf":
            raise PermissionError(13, "別のプロセスが使用中です", str(self))
        return real_unlink(self, *args, **kwargs)

    monkeypatch.setattr(Path, "unlink", held)
    result = write_reports(plan, 2026, sample_answers(plan), sample_status(plan), out, pdf=True)
    assert old.read_bytes() == b"%PDF-1.4 last year" and result.pdf is None
    assert (f"前に作った {old.name} は今回の Excel と内容が違いますが、削除できずに残っています（開いていれば閉じてください）。"
            "配布・公表には使わないでください。") in result.notes[0]


@pytest.mark.parametrize("stop", [KeyboardInterrupt(), OSError(28, "No space left on device")])
@pytest.mark.parametrize("stopped_at", [1, 2])  # printing the packet; printing 公表用, after the packet's PDF
def test_a_run_stopped_between_the_workbooks_and_their_pdfs_leaves_no_pdf_of_the_last_run(plan, tmp_path, monkeypatch,
                                                                                        stop, stopped_at):
    """Ctrl-C or a full disk while printing: the new workbooks are in place, and last run's PDF of each workbook
    not printed again is removed (it no longer matches); a PDF this run made stays."""
    from reform_xlsx.report import writer

    out = tmp_path / "out"
    out.mkdir()
    old = {name: out / f"令和8年度_{name}.pdf" for name in ("市政改革推進本部会議資料", "市政改革取組状況_公表用")}
    for path in old.values():
        path.write_bytes(b"%PDF-1.4 last run")
    calls = []

    def printing(workbook, folder):
        calls.append(workbook.name)
        if len(calls) == stopped_at:
            raise stop
        target = folder / (workbook.stem + ".pdf")
        target.write_bytes(b"%PDF-1.4 this run")
        return target, None

    monkeypatch.setattr(writer, "_to_pdf", printing)
    with pytest.raises(type(stop)):
        write_reports(plan, 2026, sample_answers(plan), sample_status(plan), out, pdf=True, public=True)
    assert (out / "令和8年度_市政改革推進本部会議資料.xlsx").is_file() and (out / "令和8年度_市政改革取組状況_公表用.xlsx").is_file()
    left = {p.name: p.read_bytes() for p in out.glob("*.pdf")}
    assert left == ({} if stopped_at == 1 else {old["市政改革推進本部会議資料"].name: b"%PDF-1.4 this run"})


def test_a_soffice_that_cannot_be_run_is_an_office_error(tmp_path, monkeypatch):
    from reform_xlsx.xlsx.libreoffice import OfficeError

    not_a_program = tmp_path / "soffice.txt"
    not_a_program.write_text("not a program", encoding="utf-8")
    monkeypatch.setenv("REFORM_XLSX_SOFFICE", str(not_a_program))
    source = tmp_path / "a.xlsx"
    source.write_bytes(b"x")
    with pytest.raises(OfficeError, match="を起動できませんでした.*a.xlsx は変換していません"):
        convert(source, "pdf", tmp_path / "out")


def test_the_pdf_a_failed_run_did_not_make_is_made_by_the_next_run_with_nothing_new(plan, tmp_path, monkeypatch):
    """merge --pdf after LibreOffice failed: the next run, with no new file, said 「変わったところがない」 and
    made no PDF."""
    from reform_xlsx.merge import run_merge
    from reform_xlsx.templates import write_templates
    from reform_xlsx.templates.fill import fill_template

    (form,) = write_templates(plan, 2026, tmp_path / "t", sections=["財政課"])
    fill_template(form, {"取組状況": {"2-2-1": {"進捗状況": "A"}}}, tmp_path / "inbox" / form.name)
    runs = []
    for crash in (True, False, False):
        fake_soffice(tmp_path, monkeypatch, crash=crash)
        runs.append(run_merge([tmp_path / "inbox"], plan, 2026, db=tmp_path / "r.db", out=tmp_path / "out", pdf=True))
    assert ["pdf" in r.outputs for r in runs] == [False, True, True]
    assert [r.unchanged for r in runs] == [False, False, True]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="/dev/full がない環境（Linux 以外）では飛ばします。")
def test_a_full_disk_while_the_pdf_is_put_in_place_names_the_pdf_not_a_temporary_file(plan, tmp_path, monkeypatch):
    """The full disk said 「/tmp/reform-xlsx-pdf-…/….pdf を書き込めません」 — a deleted temporary file on another disk
    (shutil's fast copy names its source on ENOSPC). Here the output's temporary file is /dev/full."""
    import errno
    import os

    from reform_xlsx import outputs

    fake_soffice(tmp_path, monkeypatch, crash=False)
    real = outputs.temporary_beside

    def full(target):
        tmp = real(target)
        if Path(target).suffix == ".pdf":
            tmp.unlink()
            tmp.symlink_to("/dev/full")  # every write into it: ENOSPC
        return tmp

    def sendfile(*args):  # the kernel's copy into a full disk, as shutil's fast copy meets it
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(outputs, "temporary_beside", full)
    monkeypatch.setattr(os, "sendfile", sendfile, raising=False)
    out = tmp_path / "out"
    with pytest.raises(OSError) as raised:
        write_reports(plan, 2026, sample_answers(plan), sample_status(plan), out, pdf=True)
    assert raised.value.errno == errno.ENOSPC
    assert raised.value.filename == str(out / "令和8年度_市政改革推進本部会議資料.pdf")
    assert not [p for p in out.iterdir() if p.name.startswith(outputs.TEMPORARY_PREFIX)]


# A stand-in soffice that leaves its own temporary folder behind, as LibreOffice does when it is stopped (lu*.tmp, in
# TMPDIR on Linux, TMP and TEMP on Windows), then prints a PDF, crashes, hangs, or is stopped by Ctrl-C.
_LEAVES_ITS_TEMP = """
import os, pathlib, sys, tempfile, time
left = pathlib.Path(tempfile.mkdtemp(prefix="lu", suffix=".tmp"))
(left / "held").write_bytes(b"x")
outcome = pathlib.Path(sys.argv[0]).stem
if outcome == "crashes":
    sys.exit(134)
if outcome == "hangs":
    time.sleep(60)
out = pathlib.Path(sys.argv[sys.argv.index("--outdir") + 1])
(out / (pathlib.Path(sys.argv[-1]).stem + ".pdf")).write_bytes(b"%PDF-1.4")
"""


@pytest.fixture
def temp_given(tmp_path, monkeypatch) -> Path:
    """The temporary folder of this process and of what it starts (empty): nothing may be left in it."""
    import tempfile

    temp = tmp_path / "temp"
    temp.mkdir()
    for name in ("TMPDIR", "TMP", "TEMP"):
        monkeypatch.setenv(name, str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    return temp


@pytest.mark.parametrize("outcome", ["prints", "crashes", "hangs"])
def test_libreoffice_leaves_no_temporary_folder_whatever_the_outcome(tmp_path, temp_given, monkeypatch, outcome):

    from reform_xlsx.xlsx.libreoffice import OfficeError

    fake = python_program(tmp_path / outcome, _LEAVES_ITS_TEMP, monkeypatch)
    monkeypatch.setenv("REFORM_XLSX_SOFFICE", str(fake))
    source = tmp_path / "a.xlsx"
    source.write_bytes(b"x")
    if outcome == "prints":
        assert convert(source, "pdf", tmp_path / "out").read_bytes() == b"%PDF-1.4"
    else:
        with pytest.raises(OfficeError):
            convert(source, "pdf", tmp_path / "out", timeout=3)
    assert list(temp_given.iterdir()) == []


@pytest.mark.skipif(__import__("sys").platform == "win32", reason="a process group's Ctrl-C (POSIX)")
@pytest.mark.parametrize("interrupted", [False, True], ids=["finished", "ctrl-c"])
def test_libreoffice_cut_short_by_ctrl_c_leaves_no_temporary_folder(soffice, plan, tmp_path, temp_given, interrupted):
    """Ctrl-C in a console reaches LibreOffice too: each one left a /tmp/lu*.tmp folder behind."""
    import os
    import signal
    import sys
    import time

    source = tmp_path / "表.xlsx"
    with xlsxwriter.Workbook(source) as book:
        book.add_worksheet().write(0, 0, "行政改革")
    child = ("import sys\nfrom reform_xlsx.xlsx.libreoffice import convert\n"
             "try:\n    convert(sys.argv[1], 'pdf', sys.argv[2])\nexcept KeyboardInterrupt:\n    sys.exit(130)\n")
    process = subprocess.Popen([sys.executable, "-c", child, str(source), str(tmp_path / "out")],
                               start_new_session=True)
    if interrupted:  # once LibreOffice has made its temporary folder
        start = time.monotonic()
        while not any(temp_given.rglob("lu*.tmp")) and process.poll() is None and time.monotonic() - start < 60:
            time.sleep(0.02)
        assert process.poll() is None, "LibreOffice finished before it could be interrupted"
        os.killpg(process.pid, signal.SIGINT)
    assert process.wait(timeout=120) == (130 if interrupted else 0)
    assert (tmp_path / "out" / "表.pdf").is_file() != interrupted
    time.sleep(0.5)  # LibreOffice's own process, stopped by the same Ctrl-C, ends
    assert list(temp_given.iterdir()) == []
