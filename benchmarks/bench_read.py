"""How fast the intake reader reads a returned template, against openpyxl, in the same run.

    .venv/bin/python benchmarks/bench_read.py [--repeat N]

Writes a real template (the section with the most rows), fills every input with
openpyxl, then times, on that file:

- ``read_workbook``: what the worker process does (zip + sheet XML scans + python-calamine);
- ``read_return``: the whole path for one file (sniff, zip checks, worker process, validation);
- ``read_returns``: every section's template in one folder with two workers, per file;
- openpyxl ``read_only=True`` and a full openpyxl load, reading the same sheets' values.

Prints the median time of each and its ratio to openpyxl read_only. No assertion: timings
depend on the machine; the tests never time anything.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

from reform_xlsx import outputs
from reform_xlsx.form import layout
from reform_xlsx.intake import read_return, read_returns
from reform_xlsx.intake.validate import wanted_sheets
from reform_xlsx.intake.workbook_reader import read_workbook
from reform_xlsx.plan.loading import load_plan
from reform_xlsx.templates import write_template, write_templates
from reform_xlsx.templates.fill import fill_template


def _median(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _openpyxl(path: Path, read_only: bool) -> None:
    wb = openpyxl.load_workbook(path, read_only=read_only, data_only=False)
    for name in (layout.SHEET_ITEMS, layout.SHEET_KPI, layout.SHEET_META):
        if name in wb.sheetnames:
            list(wb[name].iter_rows(values_only=True))
    wb.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args(argv)
    plan, _warnings = load_plan()
    section = max(plan.sections, key=lambda s: len(plan.items_for(s)) + len(plan.kpis_for(s)))
    with tempfile.TemporaryDirectory(prefix="reform-bench-") as tmp:
        template = write_template(plan, 2026, section, Path(tmp) / outputs.template(2026, section))
        answers = {layout.SHEET_ITEMS: {i.id: {"進捗状況": "A 計画どおり", "取組実績": "実施した。" * 40,
                                               "課題・今後の方針": "継続する。" * 20, "財政効果額（円）": 1000}
                                        for i in plan.items_for(section)},
                   layout.SHEET_KPI: {k.id: {"実績値": 0.3 if k.is_rate else k.baseline}
                                      for k in plan.kpis_for(section)}}
        path = fill_template(template, answers, Path(tmp) / "filled.xlsx")
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        size = path.stat().st_size
        rows = len(plan.items_for(section)) + len(plan.kpis_for(section))
        timings = {
            "openpyxl read_only": _median(lambda: _openpyxl(path, True), args.repeat),
            "openpyxl full load": _median(lambda: _openpyxl(path, False), args.repeat),
            "read_workbook (calamine + XML scans)": _median(
                lambda: read_workbook(str(path), digest, wanted_sheets(), 2_000_000), args.repeat),
            "read_return (whole path, own process)": _median(lambda: read_return(path, plan, 2026), args.repeat),
        }
        inbox = Path(tmp) / "inbox"
        count = len(write_templates(plan, 2026, inbox))
        read_returns([inbox], plan, 2026)  # start the worker server outside the timing
        timings[f"read_returns ({count} files, 2 workers) per file"] = _median(
            lambda: read_returns([inbox], plan, 2026, workers=2), max(3, args.repeat // 3)) / count
    base = timings["openpyxl read_only"]
    print(f"{section} の調査票（{rows} 行、{size:,} バイト）、{args.repeat} 回の中央値")
    for name, seconds in timings.items():
        print(f"  {name:<40} {seconds * 1000:8.2f} ms   openpyxl read_only の {seconds / base:5.2f} 倍")
    return 0


if __name__ == "__main__":
    sys.exit(main())
