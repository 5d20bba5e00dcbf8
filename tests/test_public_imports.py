"""The imports that README, docs and the city's scripts use keep working."""

import importlib

import pytest

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
    "reform_xlsx.cli, reform_xlsx.cli.common, reform_xlsx.merge": ("pandas", "jsonschema", "olefile", "openpyxl"),
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
