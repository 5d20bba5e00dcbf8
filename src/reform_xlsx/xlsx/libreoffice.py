"""LibreOffice from the outside: find ``soffice`` and convert files headlessly.

Used for the meeting packet (``merge --pdf``) and by the tests (PDF rendering,
recalculation). Each run gets its own throw-away user profile so that several
conversions can run at once and a user's open LibreOffice is never disturbed.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
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


def _run(cmd: list[str], env: dict[str, str], timeout: float) -> subprocess.CompletedProcess:
    """``cmd`` run to its end; cut short (a timeout, Ctrl-C), it is stopped and waited for before its folders are
    removed (a running LibreOffice holds its files open, and Windows cannot remove a file held open)."""
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, errors="replace",
                          env=env) as process:
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except BaseException:
            process.kill()
            try:
                process.wait(timeout=_STOP_SECONDS)
            except (subprocess.TimeoutExpired, KeyboardInterrupt):  # a second Ctrl-C: stop waiting
                pass
            raise
    return subprocess.CompletedProcess(cmd, process.returncode, stdout, stderr)


_STOP_SECONDS = 30


def _last_words(stderr: str | None) -> str:
    """LibreOffice's own last line on stderr, short, for whoever looks into it (it is in English)."""
    lines = [line.strip() for line in (stderr or "").splitlines()
             if line.strip() and not _STACK_LINE.match(line.strip())]
    if not lines:
        return ""
    last = lines[-1] if len(lines[-1]) <= 120 else lines[-1][:119] + "…"
    return f"（LibreOffice の出力の最後の行: {last}）"
