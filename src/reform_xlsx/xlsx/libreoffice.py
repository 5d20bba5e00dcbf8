"""LibreOffice from the outside: find ``soffice`` and convert files headlessly.

Used for the meeting packet (``merge --pdf``) and by the tests (PDF rendering,
recalculation). Each run gets its own throw-away user profile so that several
conversions can run at once and a user's open LibreOffice is never disturbed.

A PDF is printed with Japanese line breaking (禁則処理: no 「、」「。」「）」 at the start of a line
in a wrapped cell). Calc applies its list of characters that may not begin or end a line only to
cells whose format says so (Format Cells > Asian Typography), and neither an .xlsx nor Calc's
default cell style says so, whatever the language settings. The PDF profile therefore holds a
small Basic module of its own, started with the office (the OnStartApp event), that turns the
setting on in the default cell style of each workbook as it finishes loading — in memory only,
never in a file. A document's own macros stay off: LibreOffice never runs them in a conversion.
The profile's default Asian language is Japanese, so that the Japanese list applies.

A PDF is also printed as a city web site publishes it (JIS X 8341-3): the document language ja-JP (the profile's
locale), tagged, with a bookmark per sheet — the PDF export's defaults in the profile (module doc of the settings).
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

INSTALL_HINT = (
    "LibreOffice が見つからないため PDF は作成しませんでした（Excel ファイルは作成済みです）。"
    "PDF が必要なときは LibreOffice をインストールしてください: "
    "Debian/Ubuntu は「sudo apt-get install libreoffice-calc-nogui fonts-noto-cjk」、"
    "Windows/Mac は https://ja.libreoffice.org/ から。その後もう一度 --pdf を付けて実行してください。"
)

_CANDIDATES = (
    "/usr/bin/soffice",
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice*/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    "C:/Program Files/LibreOffice/program/soffice.exe",
    "C:/Program Files (x86)/LibreOffice/program/soffice.exe",
)


def _windows_candidates() -> list[str]:
    """LibreOffice's usual Windows install folders, wherever Program Files is on this PC."""
    roots = {os.environ.get(k) for k in ("ProgramFiles", "ProgramFiles(x86)", "ProgramW6432", "LOCALAPPDATA")}
    return [str(Path(r) / sub / "program" / "soffice.exe") for r in sorted(filter(None, roots))
            for sub in ("LibreOffice", "Programs/LibreOffice")]


_STACK_LINE = re.compile(r"Stack:|/|[A-Za-z]:\\|\S+\(\+0x|\[0x")  # a crash's stack dump: no words for anyone


class OfficeError(RuntimeError):
    """LibreOffice is missing or a conversion failed."""


def not_found_hint() -> str:
    """Why no PDF was made when :func:`find_soffice` finds nothing: LibreOffice is not installed, or the path the office
    gave in ``REFORM_XLSX_SOFFICE`` is not there (then that is what to correct, not an installation)."""
    override = os.environ.get("REFORM_XLSX_SOFFICE")
    if not override:
        return INSTALL_HINT
    return (f"環境変数 REFORM_XLSX_SOFFICE に指定された LibreOffice（{override}）が見つからないため PDF は作成しませんでした"
            "（Excel ファイルは作成済みです）。指定を LibreOffice の soffice（Windows は soffice.exe）の場所に直すか、"
            "この環境変数を消してから、もう一度 --pdf を付けて実行してください。")


def find_soffice() -> str | None:
    """Path of the soffice executable, or None (``REFORM_XLSX_SOFFICE`` overrides)."""
    override = os.environ.get("REFORM_XLSX_SOFFICE")
    if override:
        return override if Path(override).exists() else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for pattern in (*_CANDIDATES, *_windows_candidates()):
        for path in sorted(glob.glob(pattern)):
            if os.access(path, os.X_OK):
                return path
    return None


def convert(source: str | Path, to: str, out_dir: str | Path, timeout: float = 300) -> Path:
    """Convert ``source`` with ``soffice --headless --convert-to TO``; return the new file.

    ``to`` is a LibreOffice filter spec such as ``pdf`` or ``xlsx:Calc MS Excel 2007 XML`` (no shell quoting).
    """
    soffice = find_soffice()
    if soffice is None:
        raise OfficeError(not_found_hint())
    source, out_dir = Path(source), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    # the throw-away profile, and LibreOffice's own temporary files (lu*.tmp: TMPDIR on Linux and macOS, TMP and TEMP
    # on Windows) beside it: all removed with this folder, also when the conversion fails, times out or is cut short
    with tempfile.TemporaryDirectory(prefix="reform-xlsx-lo-", ignore_cleanup_errors=True) as work:
        profile, temp = Path(work) / "profile", Path(work) / "tmp"
        temp.mkdir()
        if to.split(":")[0] == "pdf":
            _japanese_line_breaking(profile)
        env = {**os.environ, "TMPDIR": str(temp), "TMP": str(temp), "TEMP": str(temp)}
        cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
               "--norestore", "--nolockcheck", "--convert-to", to, "--outdir", str(out_dir), str(source)]
        try:
            run = _run(cmd, env, timeout)
        except subprocess.TimeoutExpired as exc:
            raise OfficeError(f"LibreOffice の変換が {timeout:.0f} 秒で終わりませんでした: {source.name}") from exc
        except OSError as exc:  # not a program (a REFORM_XLSX_SOFFICE of another file), no right to run it
            raise OfficeError(f"LibreOffice（{soffice}）を起動できませんでした（{exc.strerror or exc}）。"
                              f"{source.name} は変換していません。LibreOffice を入れ直すか、"
                              "REFORM_XLSX_SOFFICE の指定を確かめてください。") from exc
    target = out_dir / (source.stem + "." + to.split(":")[0])
    if run.returncode != 0 or not target.exists():
        raise OfficeError(f"LibreOffice で {source.name} を変換できませんでした（終了コード {run.returncode}）。"
                          "ほかに開いている LibreOffice を閉じてからもう一度実行し、それでも同じなら LibreOffice を"
                          f"入れ直してください。{_last_words(run.stderr)}")
    return target


_LINE_BREAKING_MODULE = "Kinsoku"

PDF_LANGUAGE = "ja-JP"  # the PDF's document language (its /Lang), for screen readers

# The profile's settings: Japanese as the default Asian language; the module below started with the office; the
# user installation marked complete, so that LibreOffice does not copy its presets over the Basic library on first start;
# Japanese as the locale (what a Japanese PC has, and the PDF's /Lang: without it, en-US on a server with no locale);
# and a tagged PDF with a bookmark per sheet (JIS X 8341-3: a screen reader reads it in order). The PDF export reads
# these as its defaults, so no filter options go on the command line (no quoting on Windows); an office that does not
# know a setting (an older LibreOffice) leaves it out and prints as before.
_PDF_PROFILE_XCU = f"""<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Linguistic/General"><prop oor:name="DefaultLocale_CJK" oor:op="fuse">\
<value>ja-JP</value></prop></item>
<item oor:path="/org.openoffice.Office.Events/ApplicationEvents/Bindings"><node oor:name="OnStartApp" oor:op="replace">\
<prop oor:name="BindingURL" oor:op="fuse"><value>vnd.sun.star.script:Standard.{_LINE_BREAKING_MODULE}.Install?\
language=Basic&amp;location=application</value></prop></node></item>
<item oor:path="/org.openoffice.Setup/Office"><prop oor:name="ooSetupInstCompleted" oor:op="fuse">\
<value>true</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse">\
<value>{PDF_LANGUAGE}</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Filter/PDF/Export">\
<prop oor:name="UseTaggedPDF" oor:op="fuse"><value>true</value></prop>\
<prop oor:name="ExportBookmarks" oor:op="fuse"><value>true</value></prop></item>
</oor:items>
"""

_BASIC_LIBRARIES = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE library:libraries PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "libraries.dtd">
<library:libraries xmlns:library="http://openoffice.org/2000/library" xmlns:xlink="http://www.w3.org/1999/xlink">
 <library:library library:name="Standard" library:link="false"/>
</library:libraries>
"""

_BASIC_LIBRARY = f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE library:library PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "library.dtd">
<library:library xmlns:library="http://openoffice.org/2000/library" library:name="Standard" library:readonly="false"
 library:passwordprotected="false">
 <library:element library:name="{_LINE_BREAKING_MODULE}"/>
</library:library>
"""

# Install listens to every document the office loads; Apply turns on the forbidden-character rules in the default cell
# style (every cell style of an .xlsx inherits it; Calc refuses to change a style while a sheet is protected, so the
# sheets protected without a password are unprotected for it and protected again). A changed style makes Calc work out
# the height of each row not set by hand (no customHeight in the .xlsx) again at once, with a screen's measures: the
# rows come out too low and the text runs over the row below. So KeepRowHeights first sets every visible row by hand
# to the height it has (the .xlsx's): the PDF's rows stay where they were — down to the print area's last row, below
# the used cells too (the empty rows under the 総括's charts: lower, they cut the charts off at the print area's end).
# Errors end it quietly: the PDF is then printed as before.
_BASIC_MODULE = f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="{_LINE_BREAKING_MODULE}"
 script:language="StarBasic">
Global oListener As Object

Sub Install
  On Error Goto Done
  oListener = CreateUnoListener("Kinsoku_", "com.sun.star.document.XDocumentEventListener")
  GetDefaultContext().getValueByName("/singletons/com.sun.star.frame.theGlobalEventBroadcaster")_
    .addDocumentEventListener(oListener)
Done:
End Sub

Sub Kinsoku_documentEventOccured(oEvent)
  If oEvent.EventName = "OnLoadFinished" Then Apply(oEvent.Source)
End Sub

Sub Kinsoku_disposing(oEvent)
End Sub

Sub KeepRowHeights(oSheet)
  Dim oCursor As Object, oRows As Object, r As Long, nLast As Long, aAreas As Variant, k As Long
  oCursor = oSheet.createCursor()
  oCursor.gotoEndOfUsedArea(False)
  nLast = oCursor.getRangeAddress().EndRow
  aAreas = oSheet.getPrintAreas()
  For k = 0 To UBound(aAreas)
    If aAreas(k).EndRow > nLast Then nLast = aAreas(k).EndRow
  Next k
  oRows = oSheet.getRows()
  For r = 0 To nLast
    If oRows.getByIndex(r).IsVisible Then oRows.getByIndex(r).Height = oRows.getByIndex(r).Height
  Next r
End Sub

Sub Apply(oDoc)
  On Error Goto Done
  If Not oDoc.supportsService("com.sun.star.sheet.SpreadsheetDocument") Then Exit Sub
  Dim oSheets As Object, i As Long, n As Long
  oSheets = oDoc.getSheets()
  n = oSheets.getCount()
  Dim bLocked(n) As Boolean
  For i = 0 To n - 1
    bLocked(i) = oSheets.getByIndex(i).isProtected()
    If bLocked(i) Then oSheets.getByIndex(i).unprotect("")
    KeepRowHeights(oSheets.getByIndex(i))
  Next i
  oDoc.getStyleFamilies().getByName("CellStyles").getByName("Default").ParaIsForbiddenRules = True
  For i = 0 To n - 1
    If bLocked(i) Then oSheets.getByIndex(i).protect("")
  Next i
Done:
End Sub
</script:module>
"""


def _japanese_line_breaking(profile: Path) -> None:
    """Write the throw-away ``profile`` a PDF is printed with: Japanese line breaking in wrapped cells (module doc)."""
    library = profile / "user" / "basic" / "Standard"
    library.mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(_PDF_PROFILE_XCU, encoding="utf-8")
    (profile / "user" / "basic" / "script.xlc").write_text(_BASIC_LIBRARIES, encoding="utf-8")
    (library / "script.xlb").write_text(_BASIC_LIBRARY, encoding="utf-8")
    (library / f"{_LINE_BREAKING_MODULE}.xba").write_text(_BASIC_MODULE, encoding="utf-8")


def _run(cmd: list[str], env: dict[str, str], timeout: float) -> subprocess.CompletedProcess:
    """``cmd`` run to its end; cut short (a timeout, Ctrl-C), it is stopped and waited for before its folders are
    removed (a running LibreOffice holds its files open, and Windows cannot remove a file held open). Stopped with
    every process it started: ``soffice`` is a launcher (a shell script and oosplash on Linux, soffice.exe on Windows)
    of soffice.bin, the office that converts — killed alone, it left a hung office running, orphaned."""
    # its own process group (POSIX), to stop the whole tree; a console's Ctrl-C still reaches this process, which stops it
    group = {} if os.name == "nt" else {"process_group": 0}
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, errors="replace",
                          env=env, **group) as process:
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except BaseException:
            _stop_tree(process)
            try:
                process.wait(timeout=_STOP_SECONDS)
            except (subprocess.TimeoutExpired, KeyboardInterrupt):  # a second Ctrl-C: stop waiting
                pass
            raise
    return subprocess.CompletedProcess(cmd, process.returncode, stdout, stderr)


_STOP_SECONDS = 30


def _stop_tree(process: subprocess.Popen) -> None:
    """Kill ``process`` and what it started: its process group (POSIX), its tree (Windows' taskkill /T)."""
    try:
        if os.name == "nt":
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(process.pid)], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, timeout=_STOP_SECONDS, check=False)
        else:
            os.killpg(process.pid, signal.SIGKILL)
    except (OSError, subprocess.SubprocessError):  # gone already, or no taskkill: the launcher at least, below
        pass
    finally:  # also when a second Ctrl-C cuts taskkill short
        process.kill()


def _last_words(stderr: str | None) -> str:
    """LibreOffice's own last line on stderr, short, for whoever looks into it (it is in English)."""
    lines = [line.strip() for line in (stderr or "").splitlines()
             if line.strip() and not _STACK_LINE.match(line.strip())]
    if not lines:
        return ""
    last = lines[-1] if len(lines[-1]) <= 120 else lines[-1][:119] + "…"
    return f"（LibreOffice の出力の最後の行: {last}）"
