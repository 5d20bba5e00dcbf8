"""Plan files that are not plan files: YAML aliases (one that refers to itself, "billion laughs"), a named pipe,
a device, a file far too large. Each is a plan-file error (P code, exit 2), found before anything is read
without end or expanded."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from reform_xlsx.cli import main
from reform_xlsx.plan import loading
from reform_xlsx.plan.loading import PlanError, bundled_plan_text, load_plan, parse_plan

BUNDLED = bundled_plan_text()
SRC = str(Path(loading.__file__).resolve().parents[2])


def codes_of(text: str) -> list[tuple[str, int | None]]:
    with pytest.raises(PlanError) as caught:
        parse_plan(text, "plan.yaml")
    return [(p.code, p.line) for p in caught.value.problems]


def laughs(levels: int) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("text, line", [
    ("a: &a [*a, *a]\n", 1),  # refers to itself: was a RecursionError (内部エラー)
    ("format: 1\nb: &b {x: *b}\n", 2),
    (laughs(9), 1),  # 9^10 strings once expanded
])
def test_an_alias_that_recurses_or_explodes_is_a_plan_error(text, line):
    assert codes_of(text) == [("P052", line)]


def test_any_alias_is_refused_even_in_a_plan_that_is_otherwise_valid():
    """The bundled plan with its list of sections given once more through an alias: P052 at the anchor's line."""
    text = BUNDLED.replace("sections:\n", "sections: &all\n", 1) + "\nx-copy: *all\n"
    assert codes_of(text) == [("P052", BUNDLED[:BUNDLED.index("sections:\n")].count("\n") + 1)]


def test_the_bundled_plan_uses_no_alias():
    plan, _ = parse_plan(BUNDLED, "bundled")
    assert plan.sections


@pytest.mark.parametrize("command", [["plan"], ["templates", "--year", "R8", "--out", "out"]])
def test_cli_reports_a_self_referring_alias_in_japanese(tmp_path, capsys, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "self.yaml").write_text("a: &a [*a, *a]\n", encoding="utf-8")
    assert main([*command, "--plan", "self.yaml"]) == 2
    err = capsys.readouterr().err
    assert "[P052 エラー]" in err and "別名" in err and "1行目" in err
    assert "内部エラー" not in err and "Traceback" not in err and "RecursionError" not in err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_not_opened(tmp_path):
    """A FIFO given as --plan blocked every command until someone wrote to it. It is never opened: P001 at
    once (run in a child with a deadline only so that a regression fails instead of hanging the suite)."""
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    code = ("import sys\nfrom reform_xlsx.plan.loading import PlanError, load_plan\n"
            "try:\n    load_plan(sys.argv[1])\nexcept PlanError as e:\n"
            "    print(e.problems[0].code, e.problems[0].message)\n")
    try:
        done = subprocess.run([sys.executable, "-c", code, str(fifo)], capture_output=True, text=True, timeout=60,
                              env={**os.environ, "PYTHONPATH": SRC})
    except subprocess.TimeoutExpired:
        pytest.fail("load_plan waited on the named pipe")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("P001 ") and "名前付きパイプやデバイスで、通常のファイルではありません" in done.stdout


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="no /dev/null")
@pytest.mark.parametrize("link", [False, True], ids=["device", "link to a device"])
def test_a_device_is_not_read(tmp_path, link):
    """/dev/zero was read until the OOM killer came (a device is never read; /dev/null shows it without the risk:
    it was read as an empty plan before)."""
    path = Path("/dev/null")
    if link:
        path = tmp_path / "plan.yaml"
        path.symlink_to("/dev/null")
    with pytest.raises(PlanError) as caught:
        load_plan(path)
    (p,) = caught.value.problems
    assert p.code == "P001" and "通常のファイルではありません" in p.message


def test_a_file_over_the_cap_is_refused_unread(tmp_path, monkeypatch):
    monkeypatch.setattr(loading, "PLAN_FILE_MAX_BYTES", 1000, raising=False)
    big = tmp_path / "plan.yaml"
    big.write_text("# " + "x" * 1000 + "\n", encoding="utf-8")
    with pytest.raises(PlanError) as caught:
        load_plan(big)
    (p,) = caught.value.problems
    assert p.code == "P001" and "大きすぎます" in p.message


def test_a_file_at_the_cap_is_read_as_before(tmp_path, monkeypatch):
    """The cap counts bytes; a plan of exactly that size is read, its CRLF line ends as text mode reads them."""
    text = BUNDLED.replace("\n", "\r\n")
    monkeypatch.setattr(loading, "PLAN_FILE_MAX_BYTES", len(text.encode("utf-8")))
    path = tmp_path / "plan.yaml"
    path.write_bytes(text.encode("utf-8"))
    plan, _ = load_plan(path)
    assert plan.sections == parse_plan(BUNDLED)[0].sections
    assert "\r" not in plan.text


def test_an_exported_plan_has_no_alias_even_where_it_shares_a_value():
    """plan export writes a list used in two places twice (PyYAML would write &id001 / *id001), so that it
    reads back."""
    import yaml

    from reform_xlsx.plan.yaml_export import _Dumper
    shared = ["市民課", "税務課"]
    text = yaml.dump({"a": shared, "b": shared}, Dumper=_Dumper, allow_unicode=True)
    assert "&" not in text and "*" not in text
    assert yaml.safe_load(text) == {"a": shared, "b": shared}
