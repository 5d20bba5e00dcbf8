"""LibreOffice is more than one process: ``soffice`` (a shell script on Linux, soffice.exe on Windows) starts oosplash,
which starts soffice.bin, the office that converts. A conversion stopped by its timeout (a hung LibreOffice — what the
timeout is for) or by a Ctrl-C that only the tool received (a scheduler, ``kill -INT``) killed only the first process:
soffice.bin went on, orphaned, with its throw-away profile re-created in the temporary folder — a hung office left
behind by each merge --pdf. Now the whole tree is stopped."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from stand_in import python_program

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX process ids and /proc")

# soffice → oosplash → soffice.bin: the stand-in starts itself again as the office, which notes its pid and hangs
_LAUNCHER = """
import os, pathlib, subprocess, sys, time
if os.environ.get("STAND_IN_OFFICE"):
    pathlib.Path(os.environ["STAND_IN_OFFICE"]).write_text(str(os.getpid()))
    time.sleep(120)
    sys.exit(0)
office = pathlib.Path(sys.argv[sys.argv.index("--outdir") + 1]).parent / "office.pid"
env = {**os.environ, "STAND_IN_OFFICE": str(office)}
sys.exit(subprocess.call([sys.executable, sys.argv[0], *sys.argv[1:]], env=env))
"""


def _running(pid: int) -> bool:
    """Whether ``pid`` is a live process (a zombie no one reaped yet is not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _ended(pid: int, within: float = 20) -> bool:
    end = time.monotonic() + within
    while _running(pid) and time.monotonic() < end:
        time.sleep(0.05)
    return not _running(pid)


def test_a_timed_out_conversion_stops_the_office_the_launcher_started(tmp_path, monkeypatch):
    from reform_xlsx.xlsx.libreoffice import OfficeError, convert

    monkeypatch.setenv("REFORM_XLSX_SOFFICE", str(python_program(tmp_path / "soffice", _LAUNCHER, monkeypatch)))
    source = tmp_path / "a.xlsx"
    source.write_bytes(b"x")
    with pytest.raises(OfficeError, match="秒で終わりませんでした"):
        convert(source, "pdf", tmp_path / "out", timeout=3)
    office = int((tmp_path / "office.pid").read_text())
    try:
        assert _ended(office), "the office LibreOffice's launcher started is still running"
    finally:
        if _running(office):
            os.kill(office, 9)


class _Launcher:
    """What _stop_tree is given: a launcher it can kill."""

    pid = 4242
    killed = False

    def kill(self):
        self.killed = True


def test_a_second_ctrl_c_while_taskkill_runs_still_kills_the_launcher(monkeypatch):
    """Windows: the tree is stopped by taskkill /F /T; a second Ctrl-C while it runs stops waiting for it, but the
    launcher is still killed (it went on, holding the temporary folder's files that Windows then cannot remove)."""
    from reform_xlsx.xlsx import libreoffice

    def interrupted(cmd, **kwargs):
        assert cmd[:4] == ["taskkill", "/F", "/T", "/PID"]
        raise KeyboardInterrupt

    monkeypatch.setattr(libreoffice, "os", SimpleNamespace(name="nt"))  # (only this module's os: Windows' branch)
    monkeypatch.setattr(libreoffice.subprocess, "run", interrupted)
    launcher = _Launcher()
    with pytest.raises(KeyboardInterrupt):
        libreoffice._stop_tree(launcher)
    assert launcher.killed
