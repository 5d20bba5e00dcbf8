"""Benchmark ``reform-xlsx merge`` against the reader's floor, in one run, with ratios.

    python benchmarks/bench_merge.py                  # N = 1,000 returns of the bundled plan
    python benchmarks/bench_merge.py --n 1000 --sections 1000   # a generated 1,000-section plan
    python benchmarks/bench_merge.py --memory 1000 3000 10000   # peak memory as N grows
    python benchmarks/bench_merge.py --json result.json
    python benchmarks/bench_merge.py --years 5 --n 1000      # the fifth year's merge against the first's

It generates N distinct filled returns from the real templates (:mod:`returns`: varied values,
all sections, resubmissions, a few rejected), then times — alternating and repeated, each as a
process of its own, CPU counted for the whole process tree (``RUSAGE_CHILDREN``: every worker
is reaped), peak memory sampled over the tree with psutil:

  floor    a bare python-calamine read of every cell of every sheet of every file, one process
  openpyxl an openpyxl full load of every file (what a naive tool does)
  read     merge's reading alone, one process, no workers, ledger or outputs: each file hashed,
           then checked, read, identified and judged as a worker does (``read_file.read_one``)
           — what merge does per file before it records anything
  read x2  the same in two processes at once, each half of the files: the best two workers could
           do with no parent, ledger or outputs
  merge    ``reform-xlsx merge`` end to end (the installed command), fresh ledger and output folder
  rerun    the same ``merge`` again on the same ledger (nothing new)
  templates ``reform-xlsx templates`` against a bare xlsxwriter write of the same cells,
           formats and validations (``bare_write.py``)

With ``--years K`` it builds an office's ledger instead: K-1 years of N returns each, every year's forms made from the
ledger (``templates --db``: last year's columns, 意見への対応) and its 推進室評価シート filled and merged, then times the
K-th year's merge, rerun, ``status`` and ``report`` (``--final``) on it against the first year's on a fresh ledger
(each on its folder restored as it stood before), alternating, with the ledger's and the archive's size.

Otherwise, in process: the plan's loading, and the meeting workbook against a bare xlsxwriter write of
its cells. It prints the times (min of the repeats) and the ratios, and writes them as JSON.
POSIX only (it counts the CPU of reaped children); the measured code itself runs anywhere.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from large_plan import large_plan_text  # noqa: E402
from returns import generate  # noqa: E402

from reform_xlsx.plan import load_plan  # noqa: E402

PYTHON = sys.executable
FLOOR = """
import sys
from pathlib import Path
from python_calamine import CalamineWorkbook
cells = 0
for path in sorted(Path(sys.argv[1]).glob("*.xlsx")):
    book = CalamineWorkbook.from_path(str(path))
    for name in book.sheet_names:
        for row in book.get_sheet_by_name(name).to_python(skip_empty_area=False):
            cells += len(row)
print(cells)
"""
NAIVE = """
import sys
from pathlib import Path
import openpyxl
cells = 0
for path in sorted(Path(sys.argv[1]).glob("*.xlsx")):
    wb = openpyxl.load_workbook(path, data_only=True)
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            cells += len(row)
print(cells)
"""

READ_ALONE = """
import sys
from pathlib import Path
from reform_xlsx.intake import read_file
from reform_xlsx.intake.files import read_bytes
from reform_xlsx.intake.reader import DEFAULT_LIMITS
from reform_xlsx.intake.sniff import ZIP
from reform_xlsx.plan import load_plan
from reform_xlsx.records import FileStatus
plan, _ = load_plan(sys.argv[2] or None)
context = read_file.start(plan, int(sys.argv[3]), DEFAULT_LIMITS)
files = sorted(Path(sys.argv[1]).glob("*.xlsx"))
if len(sys.argv) > 4:  # "k/n": this process's share of the files
    k, n = map(int, sys.argv[4].split("/"))
    files = files[k::n]
accepted = 0
cap = DEFAULT_LIMITS.max_file_bytes
for path in files:  # the parent's read and hash, then the worker's reading
    job = read_file.Job(path.name, str(path), read_bytes(path, cap)[1], ZIP, cap)
    accepted += read_file.read_one(context, job).status == FileStatus.ACCEPTED
print(accepted)
"""
READ_TWO_AT_ONCE = """
import subprocess, sys
processes = [subprocess.Popen([sys.executable, "-c", *sys.argv[1:], f"{k}/2"], stdout=subprocess.PIPE, text=True)
             for k in range(2)]
counts = [p.communicate()[0] for p in processes]  # each its own pipe: two counts, never one interleaved line
sys.stdout.write("".join(counts))
sys.exit(max(p.returncode for p in processes))
"""


def run(argv: list[str], cwd: Path | None = None) -> dict:
    """Run a command; wall time, CPU of its whole process tree, peak RSS summed over the tree."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=cwd)
    peak = [0]

    def sample() -> None:
        try:
            root = psutil.Process(proc.pid)
        except psutil.Error:
            return
        while proc.poll() is None:
            try:
                tree = [root, *root.children(recursive=True)]
                peak[0] = max(peak[0], sum(p.memory_info().rss for p in tree if p.is_running()))
            except psutil.Error:
                pass
            time.sleep(0.02)

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - start
    watcher.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{argv[:4]} failed ({proc.returncode}): {err.decode()[-800:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": cpu, "peak_mb": peak[0] / 2**20}


COMMAND = Path(PYTHON).with_name("reform-xlsx")  # the installed command, beside this venv's python


def cli(*args: str) -> list[str]:
    """The installed command, as the office runs it (``python -m reform_xlsx`` where it is not installed)."""
    return [str(COMMAND), *args] if COMMAND.exists() else [PYTHON, "-m", "reform_xlsx", *args]


def measure_merge(inbox: Path, work: Path, plan_file: Path | None, year: str, repeat: int) -> dict:
    plan_args = ["--plan", str(plan_file)] if plan_file else []
    results: dict[str, list[dict]] = {"floor": [], "read": [], "read x2": [], "openpyxl": [], "merge": [], "rerun": []}
    for n in range(repeat):
        out = work / f"out{n}"
        shutil.rmtree(out, ignore_errors=True)
        merge = cli("merge", str(inbox), "--year", year, "--db", str(out / "reform.db"), "--out", str(out),
                    "--json", *plan_args)
        results["floor"].append(run([PYTHON, "-c", FLOOR, str(inbox)]))
        read = [READ_ALONE, str(inbox), str(plan_file or ""), year]
        results["read"].append(run([PYTHON, "-c", *read]))
        results["read x2"].append(run([PYTHON, "-c", READ_TWO_AT_ONCE, *read]))
        results["merge"].append(run(merge))
        results["rerun"].append(run(merge))
        results["openpyxl"].append(run([PYTHON, "-c", NAIVE, str(inbox)]))
    return results


def measure_templates(work: Path, plan_file: Path | None, year: str, repeat: int) -> dict:
    plan_args = ["--plan", str(plan_file)] if plan_file else []
    out = work / "templates"
    results: dict[str, list[dict]] = {"templates": [], "bare_templates": []}
    for _ in range(repeat):
        results["templates"].append(run(cli("templates", "--year", year, "--out", str(out), "--force", *plan_args)))
        spec = work / "templates.json"
        if not spec.exists():
            subprocess.run([PYTHON, str(HERE / "bare_write.py"), "dump", str(out), str(spec)], check=True)
        results["bare_templates"].append(run([PYTHON, str(HERE / "bare_write.py"), "write", str(spec),
                                              str(work / "bare")]))
    return results


def measure_in_process(plan_file: Path | None, inbox_db: Path, year: int, work: Path, repeat: int) -> dict:
    """Plan loading, and the meeting workbooks (packet and office copy) against a bare write of their
    cells (no imports counted)."""
    import bare_write

    from reform_xlsx.ledger.store import Ledger
    from reform_xlsx.report import write_reports

    loads = []
    for _ in range(repeat):
        start = time.perf_counter()
        plan, _ = load_plan(plan_file)
        loads.append(time.perf_counter() - start)
    with Ledger(inbox_db) as ledger:
        answers, status = ledger.answers([year]), ledger.section_status(year, plan.sections)
    meeting, bare = [], []
    for n in range(repeat):
        start = time.perf_counter()
        result = write_reports(plan, year, answers, status, work / f"report{n}")
        meeting.append(time.perf_counter() - start)
        books = [p for p in result.outputs.values() if p.suffix == ".xlsx"]  # the packet and the office copy
        specs = [bare_write.dump_workbook(p) for p in books]
        start = time.perf_counter()
        for k, spec in enumerate(specs):
            bare_write.write_workbook(spec, work / f"bare_report{n}_{k}.xlsx")
        bare.append(time.perf_counter() - start)
    return {"plan_load": loads, "meeting": meeting, "bare_meeting": bare}


def measure_memory(sizes: list[int], plan, plan_file: Path | None, year: int, work: Path) -> list[dict]:
    rows = []
    for n in sizes:
        inbox = work / f"inbox_{n}"
        if not inbox.exists():
            generate(plan, year, n, inbox)
        out = work / f"mem_out_{n}"
        shutil.rmtree(out, ignore_errors=True)
        plan_args = ["--plan", str(plan_file)] if plan_file else []
        r = run(cli("merge", str(inbox), "--year", str(year), "--db", str(out / "reform.db"), "--out", str(out),
                    "--json", *plan_args))
        rows.append({"n": n, **r})
        judged = ""
        if n == 10_000:
            met = verdicts({MEMORY_PEAK: r["peak_mb"]}, MEMORY_TARGETS)
            rows[-1]["target"] = judgements(MEMORY_TARGETS, met)[MEMORY_PEAK]
            judged = target_text(MEMORY_PEAK, MEMORY_TARGETS, met)
        print(f"  N = {n:>6}: wall {r['wall']:6.1f} s  cpu {r['cpu']:6.1f} s  peak {r['peak_mb']:6.0f} MB "
              f"({r['peak_mb'] / n * 1000:.1f} MB per 1,000 files){judged}", flush=True)
    return rows


def fill_review(plan, sheet: Path, target: Path, year: int) -> Path:
    """The 推進室評価シート merge wrote, filled as the office does: the section's own grade as the 推進室評価 (no
    difference to explain), and a comment, the meetings' opinions and a 対応方針 on every row."""
    import openpyxl

    from reform_xlsx.form import layout

    wb = openpyxl.load_workbook(sheet)
    ws = wb[layout.SHEET_REVIEW]
    label = {c.key: c.label for c in layout.review_columns(plan.words)}
    header = next(row[0].row for row in ws.iter_rows() if any(c.value == layout.ID_LABEL_ITEMS for c in row))
    column = {str(c.value).replace("\n", ""): c.column for c in ws[header] if c.value}
    words = {"office_comment": "推進室として進捗を確認した。", "hq_opinion": "工程を示すこと。",
             "committee_opinion": "成果の指標を明確にすべきである。", "policy": f"{year + 1}年度に工程表を示す。"}
    for r in range(header + 1, ws.max_row + 1):
        if not ws.cell(r, column[label["id"]]).value:
            continue
        own = ws.cell(r, column[label["grade"]]).value
        if own:
            ws.cell(r, column[label["review_grade"]]).value = own
        for key, text in words.items():
            if key in label:
                ws.cell(r, column[label[key]]).value = f"{text}（{r}）"
    target.parent.mkdir(parents=True, exist_ok=True)
    wb.save(target)
    return target


def build_years(plan, years: list[int], n: int, work: Path) -> dict[int, tuple[Path, Path]]:
    """An office's ledger over ``years``: each year's 照会 (``templates --db --deadline``, the forms made from the
    ledger: last year's columns, 意見への対応), ``n`` returns of those forms merged, the 推進室評価シート filled and
    merged — all in one working folder (out/reform.db, its archive, every year's outputs). Returns, for the first
    and the last year, a copy of the folder as it stood just after that year's 照会 and that year's inbox: what
    their merges are timed on."""
    from reform_xlsx.outputs import review
    from reform_xlsx.wareki import format_fiscal_year

    out = work / "office" / "out"
    db = out / "reform.db"
    bases = {}
    for year in years:
        ry = f"R{year - 2018}"
        forms = work / f"forms_{ry}"
        start = time.perf_counter()
        made = subprocess.run(cli("templates", "--year", ry, "--db", str(db), "--out", str(forms), "--force",
                                  "--deadline", f"{year + 1}-05-28"), capture_output=True, text=True)
        if made.returncode != 0:
            raise SystemExit(f"templates {ry} failed: {made.stderr[-800:]}")
        inbox = work / f"inbox_{ry}"
        if not inbox.exists():
            generate(plan, year, n, inbox, seed=year, forms=forms)
        if year in (years[0], years[-1]):
            base = work / f"base_{ry}"
            shutil.rmtree(base, ignore_errors=True)
            shutil.copytree(out, base, symlinks=True)
            bases[year] = (base, inbox)
        if year == years[-1]:
            print(f"  {format_fiscal_year(year)}: forms and {n} returns in {time.perf_counter() - start:.1f} s", flush=True)
            break
        merge = cli("merge", str(inbox), "--year", ry, "--db", str(db), "--out", str(out), "--json")
        first = run(merge)
        sheet = fill_review(plan, out / review(year), work / f"review_{ry}" / review(year), year)
        reviewed = run([*merge, "--review", str(sheet)])
        print(f"  {format_fiscal_year(year)}: forms, {n} returns, merge {first['wall']:.1f} s, with the review "
              f"{reviewed['wall']:.1f} s (total {time.perf_counter() - start:.1f} s)", flush=True)
    return bases


def folder_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


def measure_years(plan, years: list[int], n: int, repeat: int, work: Path) -> dict:
    """The first year's merge on a fresh ledger against the last year's on the ledger of every year before it,
    alternating, each on its folder restored as it stood before (in the same place); then each's rerun, and ``status`` and ``report`` (the last
    year's with ``--final``) on the ledger each merge left."""
    bases = build_years(plan, years, n, work)
    results: dict[str, list[dict]] = {}
    sizes = {}
    for k in range(repeat):
        for year in (years if k % 2 == 0 else years[::-1]):
            if year not in bases:
                continue
            base, inbox = bases[year]
            ry = f"R{year - 2018}"
            folder = work / "office" / "out"  # where it was built: the ledger records its outputs' paths
            shutil.rmtree(folder, ignore_errors=True)
            shutil.copytree(base, folder, symlinks=True)
            db = folder / "reform.db"
            merge = cli("merge", str(inbox), "--year", ry, "--db", str(db), "--out", str(folder), "--json")
            results.setdefault(f"merge {ry}", []).append(run(merge))
            results.setdefault(f"rerun {ry}", []).append(run(merge))
            results.setdefault(f"status {ry}", []).append(run(cli("status", "--year", ry, "--db", str(db), "--json")))
            final = ["--final"] if year == years[-1] else []
            results.setdefault(f"report {ry}", []).append(
                run(cli("report", "--year", ry, "--db", str(db), "--out", str(work / f"report_{ry}"), "--json", *final)))
            sizes[ry] = {"ledger_mb": db.stat().st_size / 2**20, "archive_mb": folder_mb(folder / "reform_archive"),
                         "folder_mb": folder_mb(folder)}
    return {"runs": results, "sizes": sizes}


def print_years(result: dict, years: list[int], repeat: int) -> None:
    first, last = (f"R{y - 2018}" for y in (years[0], years[-1]))
    runs = result["runs"]
    print(f"\n{'':24}{'wall s':>9}{'cpu s':>9}{'peak MB':>9}   (min of {repeat})")
    for name, samples in runs.items():
        print(f"{name:24}{best(samples, 'wall'):9.2f}{best(samples, 'cpu'):9.2f}{best(samples, 'peak_mb'):9.0f}")
    print()
    for what in ("merge", "rerun", "status", "report"):
        a, b = runs[f"{what} {first}"], runs[f"{what} {last}"]
        print(f"{what} {last} / {first}: wall {best(b, 'wall') / best(a, 'wall'):.2f}×  "
              f"cpu {best(b, 'cpu') / best(a, 'cpu'):.2f}×  peak {best(b, 'peak_mb') / best(a, 'peak_mb'):.2f}×")
    for ry, size in result["sizes"].items():
        print(f"after merge {ry}: ledger {size['ledger_mb']:.1f} MB, archive {size['archive_mb']:.1f} MB, "
              f"folder {size['folder_mb']:.1f} MB")


def best(samples: list[dict], key: str) -> float:
    return min(s[key] for s in samples)


# The targets on a 2-core PC (docs/performance.md): for 1,000 returns of the bundled plan, for a plan of
# 1,000 sections, and for the memory of 10,000 returns.
TARGETS = {
    "merge / floor (wall)": ("≤", 3.0),
    "rerun / merge (wall)": ("≤", 0.2),
    "openpyxl / merge (wall)": ("≥", 5.0),
    "templates / bare write (wall)": ("≤", 2.0),
}
LARGE_PLAN_TARGETS = {
    "meeting workbook / bare write": ("≤", 2.0),
    "plan load (s)": ("≤", 1.0),
}
MEMORY_PEAK = "peak MB"  # of the process tree, at 10,000 returns
MEMORY_TARGETS = {MEMORY_PEAK: ("≤", 300.0)}


def verdicts(values: dict[str, float], targets: dict[str, tuple[str, float]]) -> dict[str, bool]:
    """Whether each measured value meets its target (values without a target are left out)."""
    return {name: values[name] <= limit if op == "≤" else values[name] >= limit
            for name, (op, limit) in targets.items() if name in values}


def _label(target: tuple[str, float]) -> str:
    op, limit = target
    return f"{op} {limit:g}"


def judgements(targets: dict[str, tuple[str, float]], met: dict[str, bool]) -> dict[str, dict]:
    """The verdicts as written to the JSON."""
    return {name: {"target": _label(targets[name]), "met": ok} for name, ok in met.items()}


def target_text(name: str, targets: dict[str, tuple[str, float]], met: dict[str, bool]) -> str:
    if name not in met:
        return ""
    return f"   target {_label(targets[name])}: {'met' if met[name] else 'NOT met'}"


def compile_package() -> int:
    """Compile reform_xlsx's modules to bytecode first, as installing a package does: an editable
    install run with PYTHONDONTWRITEBYTECODE would otherwise compile every module from source in
    every process (the parent and each worker), which is not what an office's installed tool does."""
    import compileall

    import reform_xlsx
    package = Path(reform_xlsx.__file__).parent
    compileall.compile_dir(package, quiet=1)
    return sum(1 for _ in package.rglob("*.pyc"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1000, help="returns to generate (default 1000)")
    ap.add_argument("--sections", type=int, default=0, help="a generated plan of this many sections (default: bundled)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--memory", type=int, nargs="*", help="only measure peak memory for these N")
    ap.add_argument("--years", type=int, metavar="K",
                    help="only the later years: a ledger of K-1 years of N returns each (forms from the ledger, "
                         "reviews filled), then the K-th year's merge against the first year's on a fresh ledger")
    ap.add_argument("--json", type=Path, help="write the results here")
    ap.add_argument("--keep", type=Path, help="work in this folder (kept) instead of a temporary one")
    args = ap.parse_args()
    compiled = compile_package()
    work = args.keep or Path(tempfile.mkdtemp(prefix="reform-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    plan_file = None
    if args.sections:
        plan_file = work / f"plan_{args.sections}.yaml"
        plan_file.write_text(large_plan_text(args.sections), encoding="utf-8")
    plan, _ = load_plan(plan_file)
    year = plan.start_year
    report: dict = {"n": args.n, "sections": len(plan.sections), "cpus": os.cpu_count(),
                    "python": sys.version.split()[0], "load_average": os.getloadavg()}
    print(f"plan: {plan.name}（{len(plan.sections)} 課・{len(plan.items)} 項目）; CPUs {os.cpu_count()}; "
          f"load average {report['load_average'][0]:.1f}; reform_xlsx compiled to bytecode ({compiled} files)",
          flush=True)
    if args.memory:
        report["memory"] = measure_memory(args.memory, plan, plan_file, year, work)
    elif args.years:
        years = list(range(year, year + args.years))
        for y in years:
            plan.require_year(y)
        report["years"] = measure_years(plan, years, args.n, args.repeat, work)
        print_years(report["years"], years, args.repeat)
    else:
        inbox = work / f"inbox_{args.n}"
        if not inbox.exists():
            start = time.perf_counter()
            generate(plan, year, args.n, inbox)
            print(f"generated {args.n} returns in {time.perf_counter() - start:.1f} s", flush=True)
        merged = measure_merge(inbox, work, plan_file, str(year), args.repeat)
        templates = measure_templates(work, plan_file, str(year), args.repeat)
        in_process = measure_in_process(plan_file, work / "out0" / "reform.db", year, work, args.repeat)
        report["runs"] = {**merged, **templates}
        report["in_process"] = in_process
        t = {k: {m: best(v, m) for m in ("wall", "cpu", "peak_mb")} for k, v in report["runs"].items()}
        ratios = {
            "merge / floor (wall)": t["merge"]["wall"] / t["floor"]["wall"],
            "merge / floor (cpu)": t["merge"]["cpu"] / t["floor"]["cpu"],
            "read alone / floor (wall)": t["read"]["wall"] / t["floor"]["wall"],
            "read x2 / floor (wall)": t["read x2"]["wall"] / t["floor"]["wall"],
            "merge / read x2 (wall)": t["merge"]["wall"] / t["read x2"]["wall"],
            "rerun / merge (wall)": t["rerun"]["wall"] / t["merge"]["wall"],
            "openpyxl / merge (wall)": t["openpyxl"]["wall"] / t["merge"]["wall"],
            "templates / bare write (wall)": t["templates"]["wall"] / t["bare_templates"]["wall"],
            "meeting workbook / bare write": min(in_process["meeting"]) / min(in_process["bare_meeting"]),
        }
        report["best"], report["ratios"] = t, ratios
        report["plan_load_seconds"] = min(in_process["plan_load"])
        targets = LARGE_PLAN_TARGETS if args.sections else TARGETS if args.n == 1000 else {}
        met = verdicts({**ratios, "plan load (s)": report["plan_load_seconds"]}, targets)
        report["targets"] = judgements(targets, met)
        print(f"\n{'':24}{'wall s':>9}{'cpu s':>9}{'peak MB':>9}   (min of {args.repeat})")
        for name, row in t.items():
            print(f"{name:24}{row['wall']:9.2f}{row['cpu']:9.2f}{row['peak_mb']:9.0f}")
        print(f"{'plan load (in process)':24}{report['plan_load_seconds']:9.3f}"
              f"{target_text('plan load (s)', targets, met)}")
        print(f"{'meeting workbook':24}{min(in_process['meeting']):9.3f}   bare write "
              f"{min(in_process['bare_meeting']):.3f}")
        print()
        for name, value in ratios.items():
            print(f"{name:34}{value:7.2f}×{target_text(name, targets, met)}")
        spread = statistics.pstdev([r["wall"] for r in report["runs"]["merge"]])
        print(f"\n(merge wall spread ±{spread:.2f} s over {args.repeat} runs)")
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
