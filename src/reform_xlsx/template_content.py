"""Compatibility: the form's locked content and fingerprint live in :mod:`reform_xlsx.form.content`."""

from reform_xlsx.form.content import fingerprint, locked_rows, section_content

__all__ = ["fingerprint", "locked_rows", "section_content"]
