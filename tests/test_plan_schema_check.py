"""The plan schema's check ships compiled (reform_xlsx.plan.schema_check): it must be generated from
the schema.json beside it, judge plans exactly as a fresh compile does, and be what loading uses."""

from __future__ import annotations

import copy

import fastjsonschema
import pytest

from reform_xlsx.plan import loading, schema_build, schema_check


def test_the_shipped_check_was_generated_from_this_schema():
    assert schema_check.SCHEMA_SHA256 == schema_build.schema_digest(), (
        "schema.json changed: run `python -m reform_xlsx.plan.schema_build`")


def test_loading_uses_the_shipped_check_when_it_fits_the_installed_generator():
    if schema_check.GENERATOR == schema_build.generator():
        assert loading._compiled() is schema_check.validate
    else:  # another fastjsonschema: the schema is compiled at run time, never a stale module used
        assert loading._compiled() is not schema_check.validate


def _bundled() -> dict:
    import yaml

    return yaml.safe_load(loading.bundled_plan_text())


def _broken(change):
    data = copy.deepcopy(_bundled())
    change(data)
    return data


CASES = [
    ("the bundled plan", lambda d: None),
    ("a missing key", lambda d: d.pop("grades")),
    ("an unknown key", lambda d: d.__setitem__("extra", 1)),
    ("a wrong type", lambda d: d["plan"].__setitem__("id", 5)),
    ("a bad pattern", lambda d: d["plan"].__setitem__("id", "二本松")),
    ("an empty section list", lambda d: d.__setitem__("sections", [])),
    ("a KPI without fields", lambda d: d["kpis"].__setitem__(0, {})),
]


@pytest.mark.parametrize("name, change", CASES, ids=[c[0] for c in CASES])
def test_the_shipped_check_judges_as_a_fresh_compile(name, change):
    data = _broken(change)
    fresh = fastjsonschema.compile(loading._schema())

    def verdict(check):
        try:
            check(copy.deepcopy(data))
        except fastjsonschema.JsonSchemaException as exc:
            return str(exc)
        return "ok"

    shipped = verdict(schema_check.validate)
    assert shipped == verdict(fresh)
    assert (shipped == "ok") == (name == "the bundled plan")
