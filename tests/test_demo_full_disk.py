"""A disk that fills while ``reform-xlsx demo`` writes its sample returns (and while ``fill_template`` or
``demo.set_saved`` write a workbook): the command says which file in Japanese (E003) and exits 2, no traceback (nor
「Exception ignored」 from a zip left open) reaches the clerk, and every workbook left behind is whole — a file that
was half-written is not there, and a complete one is never truncated by rewriting it in place."""

from __future__ import annotations

import builtins
import errno
import io
import os
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from reform_xlsx.cli import main


class _FullDisk:
    """Files opened for writing under ``folder`` share ``room`` bytes: a write past it writes what fits and raises
    OSError(ENOSPC), as a full disk does (the file keeps the bytes written before)."""

    def __init__(self, folder: Path, room: int):
        self.folder, self.room = os.path.abspath(folder), room

    def holds(self, file) -> bool:
        if not isinstance(file, str | bytes | os.PathLike):
            return False
        return os.path.abspath(os.fsdecode(file)).startswith(self.folder + os.sep)

    def wrap(self, real_open):
        disk = self

        class File:
            def __init__(self, f):
                self._f = f

            def write(self, data):
                if len(data) > disk.room:
                    self._f.write(bytes(data[:disk.room]) if isinstance(data, bytes | bytearray | memoryview)
                                  else data[:disk.room])
                    disk.room = 0
                    raise OSError(errno.ENOSPC, "No space left on device")
                disk.room -= len(data)
                return self._f.write(data)

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self._f.close()

            def __getattr__(self, name):
                return getattr(self._f, name)

        def opened(file, mode="r", *args, **kwargs):
            f = real_open(file, mode, *args, **kwargs)
            return File(f) if any(c in mode for c in "wax+") and self.holds(file) else f

        return opened


def _fill_disk(monkeypatch, folder: Path, room: int) -> None:
    disk = _FullDisk(folder, room)
    opened = disk.wrap(io.open)
    monkeypatch.setattr(io, "open", opened)
    monkeypatch.setattr(builtins, "open", opened)


def _unraisable(monkeypatch) -> list:
    """What Python would print as 「Exception ignored in …」 with a traceback (an object's __del__ that failed)."""
    seen: list = []
    monkeypatch.setattr(sys, "unraisablehook", lambda u: seen.append(u.exc_value))
    return seen


def _whole_workbooks(folder: Path) -> None:
    for path in folder.rglob("*.xlsx"):
        if path.name.startswith("~$"):
            continue
        with zipfile.ZipFile(path) as z:  # a truncated workbook: BadZipFile
            assert z.testzip() is None, path
        openpyxl.load_workbook(path, read_only=True).close()


def _no_libreoffice(monkeypatch):
    from reform_xlsx.report import writer
    from reform_xlsx.xlsx import libreoffice

    for module in (writer, libreoffice):
        monkeypatch.setattr(module, "find_soffice", lambda: None)


@pytest.mark.parametrize("room", [30_000, 90_000, 150_000, 600_000, 800_000, 1_000_000])
def test_demo_on_a_disk_that_fills_says_the_file_and_leaves_no_broken_return(workdir, capsys, monkeypatch, room):
    """Full while it writes the sample returns (the first three) or merge's outputs (the last two): the file named,
    and the demo's own advice for its half-made folder — never the merge's 「同じ merge をもう一度実行」: the clerk
    typed demo, and demo does not run in a folder that has files."""
    import gc

    demo = workdir / "デモ"
    seen = _unraisable(monkeypatch)
    _no_libreoffice(monkeypatch)
    _fill_disk(monkeypatch, demo, room)
    code = main(["demo", "--out", "デモ"])
    gc.collect()
    err = capsys.readouterr().err
    assert code == 2, err
    assert "E003" in err and "ディスクがいっぱい" in err and f"{demo.name}/" in err, err  # names the file
    assert "Traceback" not in err and seen == []
    assert "同じ merge" not in err and "作りかけ" in err and "--out" in err, err
    _whole_workbooks(demo)


def test_demo_that_made_nothing_says_nothing_of_a_half_made_folder(workdir, capsys, monkeypatch):
    def refused(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "mkdir", refused)
    assert main(["demo", "--out", "デモ"]) == 2
    err = capsys.readouterr().err
    assert "デモ" in err and "作りかけ" not in err and "Traceback" not in err


def test_fill_template_on_a_full_disk_leaves_no_half_written_workbook(plan, tmp_path, monkeypatch):
    import gc

    from reform_xlsx.templates import write_templates
    from reform_xlsx.templates.fill import fill_template

    (form,) = write_templates(plan, 2026, tmp_path / "調査票", plan.sections[:1])
    target = tmp_path / "満杯" / "市民課.xlsx"
    target.parent.mkdir()
    seen = _unraisable(monkeypatch)
    _fill_disk(monkeypatch, target.parent, 4_000)
    with pytest.raises(OSError) as raised:
        fill_template(form, {}, target)
    gc.collect()
    assert raised.value.errno == errno.ENOSPC and raised.value.filename == str(target)
    assert list(target.parent.iterdir()) == [] and seen == []


def test_set_saved_on_a_full_disk_keeps_the_complete_workbook(plan, tmp_path, monkeypatch):
    from reform_xlsx.demo import set_saved
    from reform_xlsx.templates import write_templates

    (form,) = write_templates(plan, 2026, tmp_path / "満杯", plan.sections[:1])
    before = form.read_bytes()
    _fill_disk(monkeypatch, form.parent, 2_000)
    with pytest.raises(OSError) as raised:
        set_saved(form, "2027-05-20T09:00:00Z")
    assert raised.value.errno == errno.ENOSPC and raised.value.filename == str(form)
    assert form.read_bytes() == before and [p.name for p in form.parent.iterdir()] == [form.name]
