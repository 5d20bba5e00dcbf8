"""Generate :mod:`reform_xlsx.plan.schema_check`, the plan schema's check compiled to Python.

fastjsonschema compiles ``schema.json`` to Python in about 50 ms — in every process that loads a
plan (every command, every merge and rerun). The package ships the generated module instead;
:func:`reform_xlsx.plan.loading` uses it only when it was generated from the same ``schema.json`` by
the same fastjsonschema, and compiles the schema itself otherwise. After changing ``schema.json``::

    python -m reform_xlsx.plan.schema_build
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from importlib import resources
from pathlib import Path

import fastjsonschema

HEADER = '''"""The plan file's schema check, generated from schema.json by fastjsonschema: do not edit.

Regenerate with ``python -m reform_xlsx.plan.schema_build`` (see :mod:`reform_xlsx.plan.schema_build`)."""
# ruff: noqa
'''


def schema_text() -> bytes:
    return resources.files("reform_xlsx.plan").joinpath("schema.json").read_bytes()


def schema_digest() -> str:
    return hashlib.sha256(schema_text()).hexdigest()


def generator() -> str:
    return f"fastjsonschema {fastjsonschema.VERSION}"


def source() -> str:
    """The module's text: the schema's digest, the generator and the generated code."""
    code = fastjsonschema.compile_to_code(json.loads(schema_text().decode("utf-8")))
    entry = re.search(r"^def (\w+)\(", code, re.M)[1]  # the schema's own function comes first
    return (f'{HEADER}SCHEMA_SHA256 = "{schema_digest()}"\nGENERATOR = "{generator()}"\n\n{code}\n\n'
            f"validate = {entry}\n")


def main() -> int:
    target = Path(__file__).with_name("schema_check.py")
    target.write_text(source(), encoding="utf-8")
    print(f"{target}（{generator()}、schema.json {schema_digest()[:12]}）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
