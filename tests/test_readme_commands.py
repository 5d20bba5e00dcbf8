"""README's table of commands names every option each command takes, and no option it does not take."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from reform_xlsx.cli import build_parser

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
                                  ("merge",), ("status",), ("report",)}


@pytest.mark.parametrize("words", sorted(readme_rows()))
def test_each_row_shows_the_options_of_its_command(words):
    assert readme_rows()[words] == parser_options(words)
