"""The message catalogue: docs/messages.md is generated from it; intake codes are well formed."""

from __future__ import annotations

import string
from pathlib import Path

from reform_xlsx.messages import CATALOGUE_GROUPS, Msg, Severity, catalogue_markdown

DOC = Path(__file__).resolve().parent.parent / "docs" / "messages.md"
INTAKE_PREFIXES = ("F", "M", "S", "V")


def test_committed_doc_equals_the_generated_text():
    assert DOC.read_text(encoding="utf-8") == catalogue_markdown(), (
        "docs/messages.md is stale: regenerate it with "
        "python -c 'from reform_xlsx.messages import catalogue_markdown as c; "
        "open(\"docs/messages.md\", \"w\", encoding=\"utf-8\").write(c())'")


def test_every_code_is_listed_once_under_a_known_group():
    codes = [m.value.code for m in Msg]
    assert len(codes) == len(set(codes))
    assert all(code[0] in CATALOGUE_GROUPS and code[1:].isdigit() and len(code) == 4 for code in codes)
    doc = catalogue_markdown()
    assert all(doc.count(f"| {code} |") == 1 for code in codes)


def test_intake_errors_say_what_to_do():
    intake = [m.value for m in Msg if m.value.code[0] in INTAKE_PREFIXES]
    assert len(intake) >= 40
    for m in intake:
        fields = {name for _t, name, _f, _c in string.Formatter().parse(m.template) if name}
        assert not fields & {"file", "cell"}, m.code  # the location travels beside the message
        if m.severity is Severity.ERROR:
            assert "ください" in m.template, m.code


def test_a_message_shows_control_and_reordering_characters_by_their_code():
    # a section can type U+202E (the rest of the line backwards) or BEL into a cell that a message quotes
    from reform_xlsx.messages import problem

    made = problem(Msg.INTAKE_GRADE_INVALID, file="市民課\u202exslx.exe", sheet="改革項目", cell="H7",
                   raw="順調\u2028\x07", choices="「順調」", zero="")
    assert made.file == "市民課<0x202E>xslx.exe"
    assert "「順調<0x2028><0x07>」" in made.message
    assert not any(c in made.message for c in "\u202e\u2028\x07")
