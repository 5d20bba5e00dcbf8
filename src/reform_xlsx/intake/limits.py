"""The caps that keep a hostile or broken file from costing more than itself (``docs/intake.md``)."""

from __future__ import annotations

from dataclasses import dataclass

KiB, MiB, GiB = 1 << 10, 1 << 20, 1 << 30


@dataclass(frozen=True)
class Limits:
    """Caps per file. A file over a cap is reported with its own code and not parsed further.

    A returned template is about 30–100 KB with a few thousand cells; the defaults leave room
    for pasted pictures and long texts while stopping zip bombs and runaway sheets early.
    """

    max_file_bytes: int = 20 * MiB  # the file on disk (F008)
    max_members: int = 1000  # parts inside the zip (F009)
    max_uncompressed_bytes: int = 200 * MiB  # all parts inflated (F010)
    max_inflate_ratio: float = 200.0  # inflated / compressed size of one part (F011) …
    ratio_floor_bytes: int = 1 * MiB  # … checked only for parts inflating beyond this
    max_cells: int = 2_000_000  # used range (rows × columns) of a sheet that is read (F012)
    timeout_seconds: float = 60.0  # wall clock per file in its worker process (F013)
    memory_bytes: int = 1 * GiB  # a worker's memory cap (F014): RLIMIT_AS, or watched by the parent on Windows/macOS
    max_mail_parts: int = 1000  # parts of a saved e-mail (.eml) or attachments of an Outlook message (.msg): F034
    max_meta_bytes: int = 256 * KiB  # workbook.xml, its .rels and custom.xml parsed in the parent


def human_bytes(size: float) -> str:
    """``20971520`` → ``20 MB`` (for messages)."""
    for unit, scale in (("GB", GiB), ("MB", MiB), ("KB", KiB)):
        if size >= scale:
            value = size / scale
            return f"{value:.0f} {unit}" if value >= 10 or value.is_integer() else f"{value:.1f} {unit}"
    return f"{int(size)} バイト"
