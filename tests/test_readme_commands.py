"""README's table of commands names every option each command takes, and no option it does not take; its
console examples are what the commands print."""

from __future__ import annotations

import argparse
import re
import shlex
from pathlib import Path

import pytest

from reform_xlsx.cli import build_parser, main

README = Path(__file__).resolve().parents[1] / "README.md"
ROW = re.compile(r"^\| `reform-xlsx ([^`]*)` \|", re.MULTILINE)


def readme_rows() -> dict[tuple[str, ...], set[str]]:
    """(command words) → the options the row shows."""
    rows = {}
    for usage in ROW.findall(README.read_text(encoding="utf-8")):
        words = tuple(w for w in usage.split() if re.fullmatch(r"[a-z]+", w))
        words = words[:2] if words[:1] == ("plan",) and words[1:2] in (("export",), ("import",)) else words[:1]
        rows[words] = set(re.findall(r"--[a-z][a-z-]*", usage))
    return rows


def parser_options(words: tuple[str, ...]) -> set[str]:
    parser = build_parser()
    for word in words:
        sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        parser = sub.choices[word]
    return {o for a in parser._actions for o in a.option_strings if o.startswith("--") and o != "--help"}


def test_the_table_has_a_row_for_every_command():
    assert set(readme_rows()) == {("plan",), ("plan", "export"), ("plan", "import"), ("contacts",), ("templates",),
                                  ("merge",), ("status",), ("report",), ("demo",)}


@pytest.mark.parametrize("words", sorted(readme_rows()))
def test_each_row_shows_the_options_of_its_command(words):
    assert readme_rows()[words] == parser_options(words)


def console_examples() -> dict[str, tuple[list[str], list[str]]]:
    """README's ```console blocks: the command after ``$ reform-xlsx`` → (its words, the lines shown)."""
    examples = {}
    for block in re.findall(r"```console\n(.*?)```", README.read_text(encoding="utf-8"), re.S):
        first, *shown = block.rstrip("\n").split("\n")
        words = shlex.split(first.removeprefix("$ reform-xlsx "))
        examples[words[0] if words[0] != "plan" or len(words) == 1 else " ".join(words[:2])] = (words, shown)
    return examples


def shown_in_order(shown: list[str], printed: list[str]) -> bool:
    """Whether the README's lines, cut at its 「…」 lines, appear in what was printed, each run of lines
    together and the runs in order."""
    runs, run = [], []
    for line in shown:
        if line == "…":
            runs.append(run)
            run = []
        else:
            run.append(line)
    runs.append(run)
    at = 0
    for run in filter(None, runs):
        found = next((i for i in range(at, len(printed) - len(run) + 1) if printed[i:i + len(run)] == run), None)
        if found is None:
            return False
        at = found + len(run)
    return True


@pytest.mark.parametrize("command", ["plan", "templates"])
def test_the_console_examples_are_what_the_command_prints(command, workdir, capsys):
    words, shown = console_examples()[command]
    assert main(words) == 0
    printed = capsys.readouterr().out.rstrip("\n").split("\n")
    # the folder the README was made in
    shown = [re.sub(r"（出力先: .*?(調査票)）", rf"（出力先: {workdir / '調査票'}）", line) for line in shown]
    assert shown_in_order(shown, printed), "\n".join(printed)


def documented_parameters(text: str, call: str) -> set[str]:
    """The parameter names a doc shows for ``call(...)`` (its text may run over lines)."""
    shown = re.search(re.escape(call) + r"\(([^)]*)\)", text, re.S).group(1)
    return {p.split("=")[0].strip() for p in shown.split(",")} - {"*", ""}


@pytest.mark.parametrize(("doc", "call", "function"), [
    ("README.md", "reform_xlsx.templates.write_templates", "reform_xlsx.templates:write_templates"),
    ("README.md", "reform_xlsx.report.write_reports", "reform_xlsx.report:write_reports"),
    ("docs/report.md", "write_reports", "reform_xlsx.report:write_reports"),
])
def test_a_documented_signature_names_every_parameter(doc, call, function):
    import importlib
    import inspect

    module, name = function.split(":")
    parameters = set(inspect.signature(getattr(importlib.import_module(module), name)).parameters)
    text = (README.parent / doc).read_text(encoding="utf-8")
    if doc == "docs/report.md":
        text = text[text.index("result = write_reports"):]
    assert documented_parameters(text, call) == parameters


# --- every command line the clerk copies from the docs -----------------------------------------------------------
ROOT = README.parent
DOCS = [README, ROOT / "samples" / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def _command(text: str) -> str:
    """A line's ``reform-xlsx …`` command: the venv prefix, a shell comment and a redirection taken off."""
    text = re.sub(r"^(?:\$ )?\.venv[/\\](?:bin|Scripts)[/\\]", "", text.strip().removeprefix("$ "))
    return re.split(r"\s+#|\s+>\s", text)[0].strip()


def block_commands() -> list[tuple[str, str]]:
    """(doc, command) for every ``reform-xlsx`` command in the docs' sh, bat and console blocks — the lines a clerk
    copies as they are (a usage synopsis with ``[…]`` or a 「…」 to fill in is not one)."""
    found = []
    for doc in DOCS:
        for kind, block in re.findall(r"```(sh|bat|console)\n(.*?)```", doc.read_text(encoding="utf-8"), re.S):
            for line in block.split("\n"):
                if kind == "console" and not line.startswith("$ "):
                    continue
                for part in line.split("&&"):
                    command = _command(part)
                    if command.startswith("reform-xlsx ") and "[" not in command and "…" not in command:
                        found.append((doc.relative_to(ROOT).as_posix(), command))
    return found


def inline_commands() -> list[tuple[str, str]]:
    """(doc, command) for every ```reform-xlsx …``` a doc writes in its text and tables (the year's cycle)."""
    return [(doc.relative_to(ROOT).as_posix(), command)
            for doc in DOCS for command in re.findall(r"`(reform-xlsx [^`]+)`", doc.read_text(encoding="utf-8"))]


def test_the_docs_have_commands_to_check():
    blocks, inline = block_commands(), inline_commands()
    assert len(blocks) >= 10 and len(inline) >= 40
    # the year's cycle in the README is among them
    assert ("README.md", "reform-xlsx status --year R8 --remind") in inline


@pytest.mark.parametrize(("doc", "command"), block_commands())
def test_a_command_line_in_a_docs_code_block_is_one_the_command_takes(doc, command, capsys):
    words = shlex.split(command.replace("\\", "/"))[1:]
    try:
        build_parser().parse_args(words)
    except SystemExit:
        pytest.fail(f"{doc}: {command}: {capsys.readouterr().err.strip()}")


def _command_words(words: list[str]) -> tuple[str, ...]:
    if words[:1] == ["plan"] and words[1:2] in (["export"], ["import"]):
        return tuple(words[:2])
    return tuple(words[:1])


@pytest.mark.parametrize(("doc", "command"), inline_commands())
def test_every_option_a_doc_writes_with_a_command_is_an_option_of_that_command(doc, command):
    words = command.split()[1:]
    command_words = _command_words(words)
    assert command_words[0] in {"plan", "contacts", "templates", "merge", "status", "report", "demo"}, (doc, command)
    options = set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", command)) - {"--help"}
    assert options <= parser_options(command_words), (doc, command, options - parser_options(command_words))


def test_every_message_code_the_docs_quote_is_in_the_catalogue():
    from reform_xlsx.messages import CATALOGUE_GROUPS, Msg

    codes = {m.value.code for m in Msg}
    pattern = re.compile(rf"(?<![A-Za-z0-9_+])[{''.join(CATALOGUE_GROUPS)}]\d{{3}}(?!\d)")
    unknown = {(doc.relative_to(ROOT).as_posix(), code) for doc in DOCS
               for code in pattern.findall(doc.read_text(encoding="utf-8")) if code not in codes}
    assert not unknown


def all_parser_options() -> set[str]:
    """Every ``--option`` of every ``reform-xlsx`` command (and the program's own ``--version``)."""
    found, parsers = set(), [build_parser()]
    while parsers:
        parser = parsers.pop()
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                parsers.extend(action.choices.values())
            found.update(o for o in action.option_strings if o.startswith("--"))
    return found


def test_every_option_a_doc_names_anywhere_is_one_a_command_takes():
    """An option the docs name in their prose (「`--public` を付けます」), not only in a whole command line: a renamed
    or removed option leaves no such sentence behind. docs/performance.md names the benchmark script's options."""
    options = re.compile(r"(?<![\w-])--[a-z][a-z-]*")
    bench = set(options.findall((ROOT / "benchmarks" / "bench_merge.py").read_text(encoding="utf-8")))
    unknown = {(doc.relative_to(ROOT).as_posix(), o) for doc in DOCS
               for o in options.findall(doc.read_text(encoding="utf-8"))
               if o not in all_parser_options() and not (doc.name == "performance.md" and o in bench)}
    assert not unknown
