"""What a test needs to start a program the same way on every system the tests run on: a stand-in for a program the
code under test starts by its path (LibreOffice's ``soffice``) — Windows has no ``#!`` line and runs no file without
an extension —, and Windows' limit on a command line."""

from __future__ import annotations

import os
import sys
from pathlib import Path

PYTHON_VARIABLE = "REFORM_XLSX_TEST_PYTHON"  # the Python a Windows stand-in runs its script with
WINDOWS_COMMAND_LINE = 32767  # characters of a whole command line Windows starts (CreateProcess): a longer one fails


def python_program(path: Path, body: str, monkeypatch, *, windows: bool = os.name == "nt") -> Path:
    """``body`` (Python source) as a program at ``path`` that ``subprocess`` starts by its path alone; returns the
    path to start. Elsewhere: ``path`` itself, a ``#!`` line naming this Python and executable. On Windows: the script
    ``path.py`` and ``path.cmd``, which runs it with this Python and the arguments it was given (``%*``). This Python's
    path goes through the environment (``monkeypatch``), not into the .cmd file: cmd.exe reads a batch file in the
    console's code page, and a user folder may be named in Japanese. The stand-in knows its own name as
    ``Path(sys.argv[0]).stem`` on both."""
    if windows:
        path.with_name(path.name + ".py").write_text(body, encoding="utf-8")
        program = path.with_name(path.name + ".cmd")
        program.write_text(f'@"%{PYTHON_VARIABLE}%" "%~dpn0.py" %*\r\n', encoding="ascii")
        monkeypatch.setenv(PYTHON_VARIABLE, sys.executable)
        return program
    path.write_text("#!" + sys.executable + "\n" + body, encoding="utf-8")
    path.chmod(0o755)
    return path
