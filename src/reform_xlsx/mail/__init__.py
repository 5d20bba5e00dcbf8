"""What the office sends around the forms: the section directory and e-mail drafts.

- :mod:`.directory` — 連絡先 (課名・担当者・メール・内線), a workbook the office edits;
- :mod:`.drafts` — .eml drafts (照会 with the 調査票, 督促, 再提出のお願い with the 要修正 copy).
"""

from reform_xlsx.mail.directory import Contact, Directory, DirectoryError, read_directory, write_directory
from reform_xlsx.mail.drafts import (
    KEPT,
    UNWRITABLE,
    Draft,
    message,
    reminder_draft,
    request_draft,
    resubmit_draft,
    save_draft,
    write_draft,
)

__all__ = ["KEPT", "UNWRITABLE", "Contact", "Directory", "DirectoryError", "Draft", "message", "read_directory",
           "reminder_draft", "request_draft", "resubmit_draft", "save_draft", "write_directory", "write_draft"]
