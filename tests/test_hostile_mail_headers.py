"""What the plan, 連絡先 and the 回答者欄 put into a draft's header stays one header: a line break (or 「Bcc:」) in a
name never starts another header, and the draft parses back whole (docs/security.md)."""

from __future__ import annotations

import dataclasses
import email
import email.policy

import pytest

from reform_xlsx.mail.directory import Contact, Directory
from reform_xlsx.mail.drafts import message, reminder_draft, request_draft, resubmit_draft

BREAKS = ["\r\nBcc: evil@x.jp", "\nBcc: evil@x.jp", "\rBcc: evil@x.jp", "\u2028Bcc: evil@x.jp", "\x85Bcc: evil@x.jp",
          "\x0bBcc: evil@x.jp", "\x01\x1f"]


def parsed(draft) -> email.message.EmailMessage:
    raw = message(draft).as_bytes(policy=email.policy.SMTP)
    head = raw.split(b"\r\n\r\n", 1)[0]
    assert all(line[:1] in (b" ", b"\t") or b":" in line for line in head.split(b"\r\n")), head
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert msg.defects == [] and msg["Bcc"] is None
    return msg


def directory_with(plan, person: str) -> Directory:
    contacts = {s: Contact(s, person, f"u{n}@city.example.lg.jp") for n, s in enumerate((plan.office, *plan.sections))}
    return Directory(contacts=contacts)


@pytest.mark.parametrize("tail", BREAKS)
def test_a_plan_title_with_a_line_break_makes_a_one_line_subject(plan, tmp_path, tail):
    """A short title typed with Alt+Enter in the plan master (or a line break in the plan file) stopped
    `templates --mail` and `status --remind` with an internal error (ValueError from the email package)."""
    plan = dataclasses.replace(plan, words=dataclasses.replace(plan.words, title=plan.words.title + tail))
    form = tmp_path / "調査票.xlsx"
    form.write_bytes(b"PK")
    for draft in (request_draft(plan, 2026, "財政課", form, directory=None, deadline=None, contact=None),
                  reminder_draft(plan, 2026, "財政課", directory=None, deadline=None, contact=None),
                  resubmit_draft(plan, 2026, "財政課", form, directory=None, resubmit_by=None, contact=None,
                                 respondent=None, errors=1, warnings=0, source_name="x.xlsx")):
        subject = parsed(draft)["Subject"]
        assert "\n" not in subject and "\r" not in subject and subject.startswith("【")
        assert "Bcc: evil@x.jp" in subject or tail == "\x01\x1f"  # the words are kept, on the one line


@pytest.mark.parametrize("tail", BREAKS)
def test_a_name_with_a_line_break_stays_in_its_display_name(plan, tmp_path, tail):
    form = tmp_path / "調査票.xlsx"
    form.write_bytes(b"PK")
    directory = directory_with(plan, "山田" + tail)
    draft = request_draft(plan, 2026, "財政課", form, directory=directory, deadline=None, contact=None)
    msg = parsed(draft)
    (to,) = msg["To"].addresses
    assert to.addr_spec == next(c.mail for s, c in directory.contacts.items() if s == "財政課")
    (sender,) = msg["From"].addresses
    assert sender.addr_spec == directory.contacts[plan.office].mail


@pytest.mark.parametrize("name", ["財政課\u202e", "\u202eｇｐｊ.live@", "推進室\u200b\u200f", "\u2066山田\u2069"])
def test_a_display_name_shows_no_reordering_or_invisible_character(plan, tmp_path, name):
    """U+202E in a 担当者 made the name in To: read backwards and could turn the address shown after it round."""
    form = tmp_path / "調査票.xlsx"
    form.write_bytes(b"PK")
    draft = request_draft(plan, 2026, "財政課", form, directory=directory_with(plan, name), deadline=None,
                          contact=None)
    msg = parsed(draft)
    for header in ("To", "From"):
        (address,) = msg[header].addresses
        assert not any(ch in address.display_name for ch in "\u202e\u200b\u200f\u2066\u2069"), address.display_name



def test_a_name_of_thousands_of_characters_is_cut_in_the_header(plan, tmp_path):
    """A 担当者 of 32,000 characters (a paste into the 回答者欄) made a To: of 290 KB the email package took
    seconds per draft to fold; the header names the first 100 characters, the greeting of the body all of it."""
    copy = tmp_path / "写し.xlsx"
    copy.write_bytes(b"PK")
    name = "山" * 32_000
    draft = resubmit_draft(plan, 2026, "財政課", copy, directory=None, resubmit_by=None, contact=None,
                           respondent={"person": name, "mail": "yamada@city.example.lg.jp"}, errors=1, warnings=0,
                           source_name="x.xlsx")
    msg = parsed(draft)
    (to,) = msg["To"].addresses
    assert to.addr_spec == "yamada@city.example.lg.jp"
    shown = to.display_name.replace(" ", "")  # (the email package reads a space between two encoded words)
    assert shown.startswith("財政課山山") and shown.endswith("…") and len(shown) < 100
    assert name in msg.get_body(("plain",)).get_content()
