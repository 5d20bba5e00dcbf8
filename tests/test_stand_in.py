"""The tests' own helpers run on every system the README has the tests run on, Windows too: the stand-in programs
started in LibreOffice's place (tests/stand_in.py: a ``#!`` script elsewhere, a .cmd file running a .py script on
Windows, which has neither ``#!`` nor files run without an extension), and lo_fill's Python and its way to stop
LibreOffice (no process groups on Windows)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

import lo_fill
from stand_in import PYTHON_VARIABLE, python_program

BODY = "import json, pathlib, sys\nprint(json.dumps([pathlib.Path(sys.argv[0]).stem, sys.argv[1:]]))\n"


def test_the_stand_in_runs_by_its_path_alone_with_its_name_and_arguments(tmp_path, monkeypatch):
    program = python_program(tmp_path / "soffice", BODY, monkeypatch)
    run = subprocess.run([str(program), "--outdir", str(tmp_path / "出力 先"), "a.xlsx"], capture_output=True,
                         text=True, encoding="utf-8", timeout=60)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == ["soffice", ["--outdir", str(tmp_path / "出力 先"), "a.xlsx"]]


def test_on_windows_a_cmd_file_runs_the_script_with_this_python(tmp_path, monkeypatch):
    """Written as on Windows, and its one line run as cmd.exe would (its variables expanded): this Python runs the
    script beside it with the arguments given. The .cmd is ASCII whatever the paths (cmd.exe reads the console's
    code page): this Python is named by the environment."""
    monkeypatch.delenv(PYTHON_VARIABLE, raising=False)
    program = python_program(tmp_path / "crashing-soffice", BODY, monkeypatch, windows=True)
    assert program == tmp_path / "crashing-soffice.cmd" and not (tmp_path / "crashing-soffice").exists()
    assert (tmp_path / "crashing-soffice.py").read_text(encoding="utf-8") == BODY
    line = program.read_bytes().decode("ascii")
    assert line.endswith("\r\n") and line.count("\n") == 1 and line.startswith("@")
    assert os.environ[PYTHON_VARIABLE] == sys.executable
    python, script, rest = re.fullmatch(r'@"([^"]*)" "([^"]*)" (.*)\r\n', line).groups()
    expanded = [python.replace(f"%{PYTHON_VARIABLE}%", os.environ[PYTHON_VARIABLE]),
                script.replace("%~dpn0", str(program.with_suffix(""))), *rest.replace("%*", "--headless a.xlsx").split()]
    run = subprocess.run(expanded, capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert json.loads(run.stdout) == ["crashing-soffice", ["--headless", "a.xlsx"]]


@pytest.mark.parametrize("environ, windows, soffice, python", [
    ({"REFORM_XLSX_UNO_PYTHON": "/opt/lo/python"}, False, None, "/opt/lo/python"),
    ({"REFORM_XLSX_UNO_PYTHON": "D:\\LO\\python.exe"}, True, "C:\\x\\soffice.exe", "D:\\LO\\python.exe"),
    ({}, False, None, "/usr/bin/python3"),
    ({}, True, "C:\\Program Files\\LibreOffice\\program\\soffice.exe",
     "C:\\Program Files\\LibreOffice\\program\\python.exe"),  # LibreOffice's own Python has uno
])
def test_the_uno_python_lo_fill_types_with(environ, windows, soffice, python):
    assert lo_fill.uno_python(environ, windows=windows, soffice=soffice) == python


@pytest.mark.parametrize("groups", [True, False], ids=["process-group", "no-groups-as-on-windows"])
def test_lo_fill_stops_a_process_with_or_without_process_groups(monkeypatch, groups):
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"], start_new_session=True)
    try:
        if not groups:
            monkeypatch.delattr(os, "killpg", raising=False)
        elif not hasattr(os, "killpg"):
            pytest.skip("no process groups here")
        lo_fill.stop(proc)
        assert proc.wait(timeout=60) != 0
    finally:
        proc.kill()
        proc.wait()
