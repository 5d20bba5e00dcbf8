"""The form (様式): the contract between the 調査票 writer, the reader, the filler and the docs.

- :mod:`.layout` — sheet names, header labels, input columns, metadata keys, the format version;
- :mod:`.content` — what a section's locked cells hold, and their fingerprint.
"""
