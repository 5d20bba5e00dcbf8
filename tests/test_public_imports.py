"""The imports that README, docs and the city's scripts use keep working."""

import importlib

import pytest

from stand_in import WINDOWS_COMMAND_LINE

PUBLIC = [
    ("reform_xlsx.fill", "fill_template"),
    ("reform_xlsx.templates.fill", "fill_template"),
    ("reform_xlsx.plan_file", "load_plan"),
    ("reform_xlsx.plan", "load_plan"),
    ("reform_xlsx.plan", "Plan"),
    ("reform_xlsx.templates", "write_templates"),
    ("reform_xlsx.template_content", "locked_rows"),
    ("reform_xlsx.template_content", "fingerprint"),
    ("reform_xlsx.form.content", "locked_rows"),
    ("reform_xlsx.merge", "run_merge"),
    ("reform_xlsx.report", "write_reports"),
    ("reform_xlsx.intake", "read_returns"),
    ("reform_xlsx.ledger", "Ledger"),
    ("reform_xlsx.plan", "Words"),
    ("reform_xlsx.ledger.plans", "ledger_plan"),
    ("reform_xlsx.settings", "load_settings"),
    ("reform_xlsx.plan_import", "import_plan"),
    ("reform_xlsx.merge", "rebuild_report"),
]


@pytest.mark.parametrize(("module", "name"), PUBLIC)
def test_public_import(module, name):
    assert callable(getattr(importlib.import_module(module), name))


def test_compatibility_modules_are_the_same_objects():
    from reform_xlsx import fill, plan_file, template_content
    from reform_xlsx.form import content
    from reform_xlsx.plan import loading
    from reform_xlsx.templates import fill as templates_fill

    assert fill.fill_template is templates_fill.fill_template
    assert plan_file.load_plan is loading.load_plan
    assert template_content.fingerprint is content.fingerprint


# Every merge starts a process for the office and one per worker; what they import at start is paid
# on every run (a rerun with nothing new is mostly that). The heavy libraries wait until needed.
LAZY = {
    "reform_xlsx.cli, reform_xlsx.cli.common, reform_xlsx.merge": ("pandas", "jsonschema", "olefile", "openpyxl",
                                                                  "xlsxwriter"),
    "reform_xlsx.intake.read_file, reform_xlsx.intake.worker": ("pandas", "jsonschema", "olefile", "openpyxl",
                                                                 "xlsxwriter", "yaml"),
}


@pytest.mark.parametrize("modules", sorted(LAZY))
def test_heavy_libraries_are_not_imported_at_start(modules):
    import subprocess
    import sys

    parser = "from reform_xlsx.cli import build_parser; build_parser(); " if "cli" in modules else ""
    code = (f"import sys, {modules}; {parser}"
            f"print(' '.join(m for m in {LAZY[modules]!r} if m in sys.modules))")
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert found == []


def test_a_worker_reading_returns_never_imports_the_writers(plan, tmp_path):
    """What a worker imports while it reads is paid by each worker of every merge (xlsxwriter once cost a worker
    about 15 ms of CPU on its first file, through the row sizing of the earlier years' answers a later year's form shows)."""
    import pickle
    import subprocess
    import sys

    from intake_craft import filled

    files = {year: filled(plan, year, "市民課", tmp_path / str(year)) for year in (plan.start_year, plan.start_year + 1)}
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from reform_xlsx.intake import read_file, worker\n"
        "from reform_xlsx.intake.files import read_bytes\n"
        "from reform_xlsx.intake.reader import DEFAULT_LIMITS as L\n"
        "from reform_xlsx.intake.sniff import ZIP\n"
        "import pickle\n"
        "plan = pickle.loads(Path(sys.argv[1]).read_bytes())\n"
        "for year, path in zip(sys.argv[2::2], sys.argv[3::2]):\n"
        "    context = read_file.start(plan, int(year), L)\n"
        "    data = read_bytes(Path(path), L.max_file_bytes)\n"
        "    result = read_file.read_one(context, read_file.Job(Path(path).name, path, data[1], ZIP, L.max_file_bytes))\n"
        "    print(result.status, result.year, len(result.answers))\n"
        "print('loaded:', *(m for m in ('xlsxwriter', 'pandas', 'openpyxl', 'yaml', 'jsonschema') if m in sys.modules))\n")
    pickled = tmp_path / "plan.pickle"  # a file, not an argument: Windows' whole command line is 32,767 characters
    pickled.write_bytes(pickle.dumps(plan))
    command = [sys.executable, "-c", code, str(pickled), *(str(v) for year, path in files.items() for v in (year, path))]
    assert len(subprocess.list2cmdline(command)) < WINDOWS_COMMAND_LINE
    lines = subprocess.run(command, capture_output=True, text=True, check=True).stdout.splitlines()
    first, later = lines[0].split(), lines[1].split()
    assert first[:2] == ["accepted", str(plan.start_year)] and int(first[2]) > 10  # really read, both years
    assert later[:2] == ["accepted", str(plan.start_year + 1)] and int(later[2]) > 10
    assert lines[2] == "loaded:"
