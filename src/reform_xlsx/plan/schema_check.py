"""The plan file's schema check, generated from schema.json by fastjsonschema: do not edit.

Regenerate with ``python -m reform_xlsx.plan.schema_build`` (see :mod:`reform_xlsx.plan.schema_build`)."""
# ruff: noqa
SCHEMA_SHA256 = "2df831804c09d6ed63d7bbed0da99badeab18802f705a6c2948c9cbdfd7d54de"
GENERATOR = "fastjsonschema 2.22.3"

VERSION = "2.22.3"
from decimal import Decimal
import re
from fastjsonschema import JsonSchemaValueException, JsonSchemaValuesException


REGEX_PATTERNS = {
    '^[A-Za-z0-9][A-Za-z0-9._-]*$': re.compile('^[A-Za-z0-9][A-Za-z0-9._-]*\\Z'),
    '^[A-Z1-9◎○△×□■●▲☆★]$': re.compile('^[A-Z1-9◎○△×□■●▲☆★]\\Z'),
    '^[A-Za-z0-9_-]+$': re.compile('^[A-Za-z0-9_-]+\\Z'),
    '^\\d+-\\d+-\\d+$': re.compile('^\\d+-\\d+-\\d+\\Z'),
    '^[^\\[\\]:*?/\\\\\\s]{1,10}$': re.compile('^[^\\[\\]:*?/\\\\\\s]{1,10}\\Z')
}

NoneType = type(None)

def validate_https___github_com_nihonmatsu_reform_xlsx_plan_schema_json(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object", value=data, name="" + (name_prefix or "data") + "", definition={'$schema': 'https://json-schema.org/draft/2020-12/schema', '$id': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json', 'title': 'reform_xlsx 計画ファイル', 'type': 'object', 'additionalProperties': False, 'required': ['format', 'plan', 'sections', 'grades', 'judgement', 'areas', 'kpis'], 'properties': {'format': {'type': 'integer', 'enum': [1]}, 'plan': {'type': 'object', 'additionalProperties': False, 'required': ['id', 'version', 'name', 'city', 'period', 'baseline_year', 'headquarters', 'office'], 'properties': {'id': {'type': 'string', 'pattern': '^[A-Za-z0-9][A-Za-z0-9._-]*$'}, 'version': {'type': 'string', 'minLength': 1}, 'name': {'type': 'string', 'minLength': 1}, 'city': {'type': 'string', 'minLength': 1}, 'published': {'type': 'string'}, 'period': {'type': 'object', 'additionalProperties': False, 'required': ['start', 'end'], 'properties': {'start': {'type': ['string', 'integer']}, 'end': {'type': ['string', 'integer']}}}, 'baseline_year': {'type': ['string', 'integer']}, 'headquarters': {'type': 'string', 'minLength': 1}, 'headquarters_note': {'type': 'string'}, 'committee': {'type': 'string'}, 'committee_note': {'type': 'string'}, 'office': {'type': 'string', 'minLength': 1}, 'reform': {'type': 'string', 'minLength': 1}, 'short_name': {'type': 'string', 'minLength': 1}, 'levels': {'type': 'object', 'additionalProperties': False, 'properties': {'area': {'type': 'string', 'pattern': '^[^\\[\\]:*?/\\\\\\s]{1,10}$'}, 'category': {'type': 'string', 'pattern': '^[^\\[\\]:*?/\\\\\\s]{1,10}$'}, 'item': {'type': 'string', 'pattern': '^[^\\[\\]:*?/\\\\\\s]{1,10}$'}}}}}, 'sections': {'type': 'array', 'minItems': 1, 'items': {'type': 'string', 'minLength': 1}}, 'grades': {'type': 'array', 'minItems': 2, 'items': {'type': 'object', 'additionalProperties': False, 'required': ['code', 'label', 'definition'], 'properties': {'code': {'type': ['string', 'integer'], 'pattern': '^[A-Z1-9◎○△×□■●▲☆★]$', 'minimum': 1, 'maximum': 9}, 'label': {'type': 'string', 'minLength': 1}, 'definition': {'type': 'string', 'minLength': 1}, 'rank': {'type': 'integer', 'minimum': 1}, 'behind': {'type': 'boolean'}}}}, 'judgement': {'type': 'object', 'additionalProperties': False, 'required': ['achieved', 'on_track', 'mostly_on_track'], 'properties': {'achieved': {'type': 'number', 'exclusiveMinimum': 0}, 'on_track': {'type': 'number', 'exclusiveMinimum': 0}, 'mostly_on_track': {'type': 'number', 'exclusiveMinimum': 0}}}, 'areas': {'type': 'array', 'minItems': 1, 'items': {'type': 'object', 'additionalProperties': False, 'required': ['number', 'name', 'categories'], 'properties': {'number': {'type': 'integer', 'minimum': 1}, 'name': {'type': 'string', 'minLength': 1}, 'intro': {'type': 'string'}, 'categories': {'type': 'array', 'minItems': 1, 'items': {'type': 'object', 'additionalProperties': False, 'required': ['number', 'name', 'items'], 'properties': {'number': {'type': 'integer', 'minimum': 1}, 'name': {'type': 'string', 'minLength': 1}, 'intro': {'type': 'string'}, 'items': {'type': 'array', 'minItems': 1, 'items': {'type': 'object', 'additionalProperties': False, 'required': ['number', 'name', 'content', 'actions', 'sections'], 'properties': {'number': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/number'}, 'name': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}, 'continued': {'type': 'boolean'}, 'content': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}, 'actions': {'type': 'array', 'minItems': 1, 'items': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/action'}}, 'sections': {'type': 'array', 'items': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}}, 'related_sections': {'type': 'boolean'}, 'marker': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/year'}, 'start': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/year'}, 'end': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/year'}}}}}}}}}}, 'kpis': {'type': 'array', 'items': {'type': 'object', 'additionalProperties': False, 'required': ['id', 'item', 'name', 'kind', 'unit', 'baseline', 'target', 'owner'], 'properties': {'id': {'type': 'string', 'pattern': '^[A-Za-z0-9_-]+$'}, 'item': {'type': 'string', 'pattern': '^\\d+-\\d+-\\d+$'}, 'name': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}, 'short_name': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}, 'kind': {'enum': ['rate', 'count', 'yen']}, 'unit': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}, 'direction': {'enum': ['増加', '減少']}, 'cumulative': {'type': 'boolean'}, 'baseline': {'type': ['number', 'null']}, 'target': {'type': 'number'}, 'yearly_targets': {'type': 'object', 'additionalProperties': {'type': 'number'}}, 'owner': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}, 'owner_assumed': {'type': 'boolean'}, 'start': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/year'}, 'end': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/year'}}}}, 'reorganisations': {'type': 'array', 'items': {'type': 'object', 'additionalProperties': False, 'required': ['year', 'from', 'to'], 'properties': {'year': {'type': ['string', 'integer']}, 'from': {'type': 'string', 'minLength': 1}, 'to': {'type': 'string', 'minLength': 1}}}}, 'revision': {'type': 'object', 'additionalProperties': False, 'properties': {'date': {'type': 'string'}, 'effective_year': {'type': ['string', 'integer']}, 'reason': {'type': 'string'}}}, 'glossary': {'type': 'array', 'items': {'type': 'object', 'additionalProperties': False, 'required': ['term', 'text'], 'properties': {'term': {'type': 'string', 'minLength': 1}, 'text': {'type': 'string', 'minLength': 1}}}}}, '$defs': {'text': {'type': 'string', 'minLength': 1}, 'level': {'type': 'string', 'pattern': '^[^\\[\\]:*?/\\\\\\s]{1,10}$'}, 'number': {'type': 'integer', 'minimum': 1}, 'year': {'type': ['string', 'integer']}, 'item': {'type': 'object', 'additionalProperties': False, 'required': ['number', 'name', 'content', 'actions', 'sections'], 'properties': {'number': {'type': 'integer', 'minimum': 1}, 'name': {'type': 'string', 'minLength': 1}, 'continued': {'type': 'boolean'}, 'content': {'type': 'string', 'minLength': 1}, 'actions': {'type': 'array', 'minItems': 1, 'items': {'oneOf': [{'$ref': '#/$defs/text'}, {'type': 'object', 'additionalProperties': False, 'required': ['text'], 'properties': {'text': {'$ref': '#/$defs/text'}, 'start': {'$ref': '#/$defs/year'}, 'end': {'$ref': '#/$defs/year'}, 'stage': {'type': 'string'}}}]}}, 'sections': {'type': 'array', 'items': {'type': 'string', 'minLength': 1}}, 'related_sections': {'type': 'boolean'}, 'marker': {'type': ['string', 'integer']}, 'start': {'type': ['string', 'integer']}, 'end': {'type': ['string', 'integer']}}}, 'action': {'oneOf': [{'type': 'string', 'minLength': 1}, {'type': 'object', 'additionalProperties': False, 'required': ['text'], 'properties': {'text': {'type': 'string', 'minLength': 1}, 'start': {'type': ['string', 'integer']}, 'end': {'type': ['string', 'integer']}, 'stage': {'type': 'string'}}}]}, 'kpi': {'type': 'object', 'additionalProperties': False, 'required': ['id', 'item', 'name', 'kind', 'unit', 'baseline', 'target', 'owner'], 'properties': {'id': {'type': 'string', 'pattern': '^[A-Za-z0-9_-]+$'}, 'item': {'type': 'string', 'pattern': '^\\d+-\\d+-\\d+$'}, 'name': {'type': 'string', 'minLength': 1}, 'short_name': {'type': 'string', 'minLength': 1}, 'kind': {'enum': ['rate', 'count', 'yen']}, 'unit': {'type': 'string', 'minLength': 1}, 'direction': {'enum': ['増加', '減少']}, 'cumulative': {'type': 'boolean'}, 'baseline': {'type': ['number', 'null']}, 'target': {'type': 'number'}, 'yearly_targets': {'type': 'object', 'additionalProperties': {'type': 'number'}}, 'owner': {'type': 'string', 'minLength': 1}, 'owner_assumed': {'type': 'boolean'}, 'start': {'type': ['string', 'integer']}, 'end': {'type': ['string', 'integer']}}}}}, rule='type')
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['format', 'plan', 'sections', 'grades', 'judgement', 'areas', 'kpis']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain " + (str(sorted(data__missing_keys)) + " properties"), value=data, name="" + (name_prefix or "data") + "", definition={'$schema': 'https://json-schema.org/draft/2020-12/schema', '$id': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json', 'title': 'reform_xlsx 計画ファイル', 'type': 'object', 'additionalProperties': False, 'required': ['format', 'plan', 'sections', 'grades', 'judgement', 'areas', 'kpis'], 'properties': {'format': {'type': 'integer', 'enum': [1]}, 'plan': {'type': 'object', 'additionalProperties': False, 'required': ['id', 'version', 'name', 'city', 'period', 'baseline_year', 'headquarters', 'office'], 'properties': {'id': {'type': 'string', 'pattern': '^[A-Za-z0-9][A-Za-z0-9._-]*$'}, 'version': {'type': 'string', 'minLength': 1}, 'name': {'type': 'string', 'minLength': 1}, 'city': {'type': 'string', 'minLength': 1}, 'published': {'type': 'string'}, 'period': {'type': 'object', 'additionalProperties': False, 'required': ['start', 'end'], 'properties': {'start': {'type': ['string', 'integer']}, 'end': {'type': ['string', 'integer']}}}, 'baseline_year': {'type': ['string', 'integer']}, 'headquarters': {'type': 'string', 'minLength': 1}, 'headquarters_note': {'type': 'string'}, 'committee': {'type': 'string'}, 'committee_note': {'type': 'string'}, 'office': {'type': 'string', 'minLength': 1}, 'reform': {'type': 'string', 'minLength': 1}, 'short_name': {'type': 'string', 'minLength': 1}, 'levels': {'type': 'object', 'additionalProperties': False, 'properties': {'area': {'type': 'string', 'pattern': '^[^\\[\\]:*?/\\\\\\s]{1,10}$'}, 'category': {'type': 'string', 'pattern': '^[^\\[\\]:*?/\\\\\\s]{1,10}$'}, 'item': {'type': 'string', 'pattern': '^[^\\[\\]:*?/\\\\\\s]{1,10}$'}}}}}, 'sections': {'type': 'array', 'minItems': 1, 'items': {'type': 'string', 'minLength': 1}}, 'grades': {'type': 'array', 'minItems': 2, 'items': {'type': 'object', 'additionalProperties': False, 'required': ['code', 'label', 'definition'], 'properties': {'code': {'type': ['string', 'integer'], 'pattern': '^[A-Z1-9◎○△×□■●▲☆★]$', 'minimum': 1, 'maximum': 9}, 'label': {'type': 'string', 'minLength': 1}, 'definition': {'type': 'string', 'minLength': 1}, 'rank': {'type': 'integer', 'minimum': 1}, 'behind': {'type': 'boolean'}}}}, 'judgement': {'type': 'object', 'additionalProperties': False, 'required': ['achieved', 'on_track', 'mostly_on_track'], 'properties': {'achieved': {'type': 'number', 'exclusiveMinimum': 0}, 'on_track': {'type': 'number', 'exclusiveMinimum': 0}, 'mostly_on_track': {'type': 'number', 'exclusiveMinimum': 0}}}, 'areas': {'type': 'array', 'minItems': 1, 'items': {'type': 'object', 'additionalProperties': False, 'required': ['number', 'name', 'categories'], 'properties': {'number': {'type': 'integer', 'minimum': 1}, 'name': {'type': 'string', 'minLength': 1}, 'intro': {'type': 'string'}, 'categories': {'type': 'array', 'minItems': 1, 'items': {'type': 'object', 'additionalProperties': False, 'required': ['number', 'name', 'items'], 'properties': {'number': {'type': 'integer', 'minimum': 1}, 'name': {'type': 'string', 'minLength': 1}, 'intro': {'type': 'string'}, 'items': {'type': 'array', 'minItems': 1, 'items': {'type': 'object', 'additionalProperties': False, 'required': ['number', 'name', 'content', 'actions', 'sections'], 'properties': {'number': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/number'}, 'name': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}, 'continued': {'type': 'boolean'}, 'content': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}, 'actions': {'type': 'array', 'minItems': 1, 'items': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/action'}}, 'sections': {'type': 'array', 'items': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}}, 'related_sections': {'type': 'boolean'}, 'marker': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/year'}, 'start': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/year'}, 'end': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/year'}}}}}}}}}}, 'kpis': {'type': 'array', 'items': {'type': 'object', 'additionalProperties': False, 'required': ['id', 'item', 'name', 'kind', 'unit', 'baseline', 'target', 'owner'], 'properties': {'id': {'type': 'string', 'pattern': '^[A-Za-z0-9_-]+$'}, 'item': {'type': 'string', 'pattern': '^\\d+-\\d+-\\d+$'}, 'name': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}, 'short_name': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}, 'kind': {'enum': ['rate', 'count', 'yen']}, 'unit': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}, 'direction': {'enum': ['増加', '減少']}, 'cumulative': {'type': 'boolean'}, 'baseline': {'type': ['number', 'null']}, 'target': {'type': 'number'}, 'yearly_targets': {'type': 'object', 'additionalProperties': {'type': 'number'}}, 'owner': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}, 'owner_assumed': {'type': 'boolean'}, 'start': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/year'}, 'end': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/year'}}}}, 'reorganisations': {'type': 'array', 'items': {'type': 'object', 'additionalProperties': False, 'required': ['year', 'from', 'to'], 'properties': {'year': {'type': ['string', 'integer']}, 'from': {'type': 'string', 'minLength': 1}, 'to': {'type': 'string', 'minLength': 1}}}}, 'revision': {'type': 'object', 'additionalProperties': False, 'properties': {'date': {'type': 'string'}, 'effective_year': {'type': ['string', 'integer']}, 'reason': {'type': 'string'}}}, 'glossary': {'type': 'array', 'items': {'type': 'object', 'additionalProperties': False, 'required': ['term', 'text'], 'properties': {'term': {'type': 'string', 'minLength': 1}, 'text': {'type': 'string', 'minLength': 1}}}}}, '$defs': {'text': {'type': 'string', 'minLength': 1}, 'level': {'type': 'string', 'pattern': '^[^\\[\\]:*?/\\\\\\s]{1,10}$'}, 'number': {'type': 'integer', 'minimum': 1}, 'year': {'type': ['string', 'integer']}, 'item': {'type': 'object', 'additionalProperties': False, 'required': ['number', 'name', 'content', 'actions', 'sections'], 'properties': {'number': {'type': 'integer', 'minimum': 1}, 'name': {'type': 'string', 'minLength': 1}, 'continued': {'type': 'boolean'}, 'content': {'type': 'string', 'minLength': 1}, 'actions': {'type': 'array', 'minItems': 1, 'items': {'oneOf': [{'$ref': '#/$defs/text'}, {'type': 'object', 'additionalProperties': False, 'required': ['text'], 'properties': {'text': {'$ref': '#/$defs/text'}, 'start': {'$ref': '#/$defs/year'}, 'end': {'$ref': '#/$defs/year'}, 'stage': {'type': 'string'}}}]}}, 'sections': {'type': 'array', 'items': {'type': 'string', 'minLength': 1}}, 'related_sections': {'type': 'boolean'}, 'marker': {'type': ['string', 'integer']}, 'start': {'type': ['string', 'integer']}, 'end': {'type': ['string', 'integer']}}}, 'action': {'oneOf': [{'type': 'string', 'minLength': 1}, {'type': 'object', 'additionalProperties': False, 'required': ['text'], 'properties': {'text': {'type': 'string', 'minLength': 1}, 'start': {'type': ['string', 'integer']}, 'end': {'type': ['string', 'integer']}, 'stage': {'type': 'string'}}}]}, 'kpi': {'type': 'object', 'additionalProperties': False, 'required': ['id', 'item', 'name', 'kind', 'unit', 'baseline', 'target', 'owner'], 'properties': {'id': {'type': 'string', 'pattern': '^[A-Za-z0-9_-]+$'}, 'item': {'type': 'string', 'pattern': '^\\d+-\\d+-\\d+$'}, 'name': {'type': 'string', 'minLength': 1}, 'short_name': {'type': 'string', 'minLength': 1}, 'kind': {'enum': ['rate', 'count', 'yen']}, 'unit': {'type': 'string', 'minLength': 1}, 'direction': {'enum': ['増加', '減少']}, 'cumulative': {'type': 'boolean'}, 'baseline': {'type': ['number', 'null']}, 'target': {'type': 'number'}, 'yearly_targets': {'type': 'object', 'additionalProperties': {'type': 'number'}}, 'owner': {'type': 'string', 'minLength': 1}, 'owner_assumed': {'type': 'boolean'}, 'start': {'type': ['string', 'integer']}, 'end': {'type': ['string', 'integer']}}}}}, rule='required')
        data_keys = set(data.keys())
        if "format" in data_keys:
            data_keys.remove("format")
            data__format = data["format"]
            if not isinstance(data__format, (int)) and not (isinstance(data__format, float) and data__format.is_integer()) or isinstance(data__format, bool):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".format must be integer", value=data__format, name="" + (name_prefix or "data") + ".format", definition={'type': 'integer', 'enum': [1]}, rule='type')
            if not (isinstance(data__format, (int, float)) and not isinstance(data__format, bool) and data__format == 1):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".format must be one of [1]", value=data__format, name="" + (name_prefix or "data") + ".format", definition={'type': 'integer', 'enum': [1]}, rule='enum')
        if "plan" in data_keys:
            data_keys.remove("plan")
            data__plan = data["plan"]
            if not isinstance(data__plan, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".plan must be object", value=data__plan, name="" + (name_prefix or "data") + ".plan", definition={'type': 'object', 'additionalProperties': False, 'required': ['id', 'version', 'name', 'city', 'period', 'baseline_year', 'headquarters', 'office'], 'properties': {'id': {'type': 'string', 'pattern': '^[A-Za-z0-9][A-Za-z0-9._-]*$'}, 'version': {'type': 'string', 'minLength': 1}, 'name': {'type': 'string', 'minLength': 1}, 'city': {'type': 'string', 'minLength': 1}, 'published': {'type': 'string'}, 'period': {'type': 'object', 'additionalProperties': False, 'required': ['start', 'end'], 'properties': {'start': {'type': ['string', 'integer']}, 'end': {'type': ['string', 'integer']}}}, 'baseline_year': {'type': ['string', 'integer']}, 'headquarters': {'type': 'string', 'minLength': 1}, 'headquarters_note': {'type': 'string'}, 'committee': {'type': 'string'}, 'committee_note': {'type': 'string'}, 'office': {'type': 'string', 'minLength': 1}, 'reform': {'type': 'string', 'minLength': 1}, 'short_name': {'type': 'string', 'minLength': 1}, 'levels': {'type': 'object', 'additionalProperties': False, 'properties': {'area': {'type': 'string', 'pattern': '^[^\\[\\]:*?/\\\\\\s]{1,10}$'}, 'category': {'type': 'string', 'pattern': '^[^\\[\\]:*?/\\\\\\s]{1,10}$'}, 'item': {'type': 'string', 'pattern': '^[^\\[\\]:*?/\\\\\\s]{1,10}$'}}}}}, rule='type')
            data__plan_is_dict = isinstance(data__plan, dict)
            if data__plan_is_dict:
                data__plan__missing_keys = set(['id', 'version', 'name', 'city', 'period', 'baseline_year', 'headquarters', 'office']) - data__plan.keys()
                if data__plan__missing_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".plan must contain " + (str(sorted(data__plan__missing_keys)) + " properties"), value=data__plan, name="" + (name_prefix or "data") + ".plan", definition={'type': 'object', 'additionalProperties': False, 'required': ['id', 'version', 'name', 'city', 'period', 'baseline_year', 'headquarters', 'office'], 'properties': {'id': {'type': 'string', 'pattern': '^[A-Za-z0-9][A-Za-z0-9._-]*$'}, 'version': {'type': 'string', 'minLength': 1}, 'name': {'type': 'string', 'minLength': 1}, 'city': {'type': 'string', 'minLength': 1}, 'published': {'type': 'string'}, 'period': {'type': 'object', 'additionalProperties': False, 'required': ['start', 'end'], 'properties': {'start': {'type': ['string', 'integer']}, 'end': {'type': ['string', 'integer']}}}, 'baseline_year': {'type': ['string', 'integer']}, 'headquarters': {'type': 'string', 'minLength': 1}, 'headquarters_note': {'type': 'string'}, 'committee': {'type': 'string'}, 'committee_note': {'type': 'string'}, 'office': {'type': 'string', 'minLength': 1}, 'reform': {'type': 'string', 'minLength': 1}, 'short_name': {'type': 'string', 'minLength': 1}, 'levels': {'type': 'object', 'additionalProperties': False, 'properties': {'area': {'type': 'string', 'pattern': '^[^\\[\\]:*?/\\\\\\s]{1,10}$'}, 'category': {'type': 'string', 'pattern': '^[^\\[\\]:*?/\\\\\\s]{1,10}$'}, 'item': {'type': 'string', 'pattern': '^[^\\[\\]:*?/\\\\\\s]{1,10}$'}}}}}, rule='required')
                data__plan_keys = set(data__plan.keys())
                if "id" in data__plan_keys:
                    data__plan_keys.remove("id")
                    data__plan__id = data__plan["id"]
                    if not isinstance(data__plan__id, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".plan.id must be string", value=data__plan__id, name="" + (name_prefix or "data") + ".plan.id", definition={'type': 'string', 'pattern': '^[A-Za-z0-9][A-Za-z0-9._-]*$'}, rule='type')
                    if isinstance(data__plan__id, str):
                        if not REGEX_PATTERNS['^[A-Za-z0-9][A-Za-z0-9._-]*$'].search(data__plan__id):
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".plan.id must match pattern ^[A-Za-z0-9][A-Za-z0-9._-]*$", value=data__plan__id, name="" + (name_prefix or "data") + ".plan.id", definition={'type': 'string', 'pattern': '^[A-Za-z0-9][A-Za-z0-9._-]*$'}, rule='pattern')
                if "version" in data__plan_keys:
                    data__plan_keys.remove("version")
                    data__plan__version = data__plan["version"]
                    if not isinstance(data__plan__version, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".plan.version must be string", value=data__plan__version, name="" + (name_prefix or "data") + ".plan.version", definition={'type': 'string', 'minLength': 1}, rule='type')
                    if isinstance(data__plan__version, str):
                        data__plan__version_len = len(data__plan__version)
                        if data__plan__version_len < 1:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".plan.version must be longer than or equal to 1 characters", value=data__plan__version, name="" + (name_prefix or "data") + ".plan.version", definition={'type': 'string', 'minLength': 1}, rule='minLength')
                if "name" in data__plan_keys:
                    data__plan_keys.remove("name")
                    data__plan__name = data__plan["name"]
                    validate_https___github_com_nihonmatsu_reform_xlsx_plan_schema_json___defs_text(data__plan__name, custom_formats, (name_prefix or "data") + ".plan.name")
                if "city" in data__plan_keys:
                    data__plan_keys.remove("city")
                    data__plan__city = data__plan["city"]
                    validate_https___github_com_nihonmatsu_reform_xlsx_plan_schema_json___defs_text(data__plan__city, custom_formats, (name_prefix or "data") + ".plan.city")
                if "published" in data__plan_keys:
                    data__plan_keys.remove("published")
                    data__plan__published = data__plan["published"]
                    if not isinstance(data__plan__published, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".plan.published must be string", value=data__plan__published, name="" + (name_prefix or "data") + ".plan.published", definition={'type': 'string'}, rule='type')
                if "period" in data__plan_keys:
                    data__plan_keys.remove("period")
                    data__plan__period = data__plan["period"]
                    if not isinstance(data__plan__period, (dict)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".plan.period must be object", value=data__plan__period, name="" + (name_prefix or "data") + ".plan.period", definition={'type': 'object', 'additionalProperties': False, 'required': ['start', 'end'], 'properties': {'start': {'type': ['string', 'integer']}, 'end': {'type': ['string', 'integer']}}}, rule='type')
                    data__plan__period_is_dict = isinstance(data__plan__period, dict)
                    if data__plan__period_is_dict:
                        data__plan__period__missing_keys = set(['start', 'end']) - data__plan__period.keys()
                        if data__plan__period__missing_keys:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".plan.period must contain " + (str(sorted(data__plan__period__missing_keys)) + " properties"), value=data__plan__period, name="" + (name_prefix or "data") + ".plan.period", definition={'type': 'object', 'additionalProperties': False, 'required': ['start', 'end'], 'properties': {'start': {'type': ['string', 'integer']}, 'end': {'type': ['string', 'integer']}}}, rule='required')
                        data__plan__period_keys = set(data__plan__period.keys())
                        if "start" in data__plan__period_keys:
                            data__plan__period_keys.remove("start")
                            data__plan__period__start = data__plan__period["start"]
                            validate_https___github_com_nihonmatsu_reform_xlsx_plan_schema_json___defs_year(data__plan__period__start, custom_formats, (name_prefix or "data") + ".plan.period.start")
                        if "end" in data__plan__period_keys:
                            data__plan__period_keys.remove("end")
                            data__plan__period__end = data__plan__period["end"]
                            validate_https___github_com_nihonmatsu_reform_xlsx_plan_schema_json___defs_year(data__plan__period__end, custom_formats, (name_prefix or "data") + ".plan.period.end")
                        if data__plan__period_keys:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".plan.period must not contain "+str(data__plan__period_keys)+" properties", value=data__plan__period, name="" + (name_prefix or "data") + ".plan.period", definition={'type': 'object', 'additionalProperties': False, 'required': ['start', 'end'], 'properties': {'start': {'type': ['string', 'integer']}, 'end': {'type': ['string', 'integer']}}}, rule='additionalProperties')
                if "baseline_year" in data__plan_keys:
                    data__plan_keys.remove("baseline_year")
                    data__plan__baselineyear = data__plan["baseline_year"]
                    validate_https___github_com_nihonmatsu_reform_xlsx_plan_schema_json___defs_year(data__plan__baselineyear, custom_formats, (name_prefix or "data") + ".plan.baseline_year")
                if "headquarters" in data__plan_keys:
                    data__plan_keys.remove("headquarters")
                    data__plan__headquarters = data__plan["headquarters"]
                    validate_https___github_com_nihonmatsu_reform_xlsx_plan_schema_json___defs_text(data__plan__headquarters, custom_formats, (name_prefix or "data") + ".plan.headquarters")
                if "headquarters_note" in data__plan_keys:
                    data__plan_keys.remove("headquarters_note")
                    data__plan__headquartersnote = data__plan["headquarters_note"]
                    if not isinstance(data__plan__headquartersnote, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".plan.headquarters_note must be string", value=data__plan__headquartersnote, name="" + (name_prefix or "data") + ".plan.headquarters_note", definition={'type': 'string'}, rule='type')
                if "committee" in data__plan_keys:
                    data__plan_keys.remove("committee")
                    data__plan__committee = data__plan["committee"]
                    if not isinstance(data__plan__committee, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".plan.committee must be string", value=data__plan__committee, name="" + (name_prefix or "data") + ".plan.committee", definition={'type': 'string'}, rule='type')
                if "committee_note" in data__plan_keys:
                    data__plan_keys.remove("committee_note")
                    data__plan__committeenote = data__plan["committee_note"]
                    if not isinstance(data__plan__committeenote, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".plan.committee_note must be string", value=data__plan__committeenote, name="" + (name_prefix or "data") + ".plan.committee_note", definition={'type': 'string'}, rule='type')
                if "office" in data__plan_keys:
                    data__plan_keys.remove("office")
                    data__plan__office = data__plan["office"]
                    validate_https___github_com_nihonmatsu_reform_xlsx_plan_schema_json___defs_text(data__plan__office, custom_formats, (name_prefix or "data") + ".plan.office")
                if "reform" in data__plan_keys:
                    data__plan_keys.remove("reform")
                    data__plan__reform = data__plan["reform"]
                    validate_https___github_com_nihonmatsu_reform_xlsx_plan_schema_json___defs_text(data__plan__reform, custom_formats, (name_prefix or "data") + ".plan.reform")
                if "short_name" in data__plan_keys:
                    data__plan_keys.remove("short_name")
                    data__plan__shortname = data__plan["short_name"]
                    validate_https___github_com_nihonmatsu_reform_xlsx_plan_schema_json___defs_text(data__plan__shortname, custom_formats, (name_prefix or "data") + ".plan.short_name")
                if "levels" in data__plan_keys:
                    data__plan_keys.remove("levels")
                    data__plan__levels = data__plan["levels"]
                    if not isinstance(data__plan__levels, (dict)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".plan.levels must be object", value=data__plan__levels, name="" + (name_prefix or "data") + ".plan.levels", definition={'type': 'object', 'additionalProperties': False, 'properties': {'area': {'type': 'string', 'pattern': '^[^\\[\\]:*?/\\\\\\s]{1,10}$'}, 'category': {'type': 'string', 'pattern': '^[^\\[\\]:*?/\\\\\\s]{1,10}$'}, 'item': {'type': 'string', 'pattern': '^[^\\[\\]:*?/\\\\\\s]{1,10}$'}}}, rule='type')
                    data__plan__levels_is_dict = isinstance(data__plan__levels, dict)
                    if data__plan__levels_is_dict:
                        data__plan__levels_keys = set(data__plan__levels.keys())
                        if "area" in data__plan__levels_keys:
                            data__plan__levels_keys.remove("area")
                            data__plan__levels__area = data__plan__levels["area"]
                            validate_https___github_com_nihonmatsu_reform_xlsx_plan_schema_json___defs_level(data__plan__levels__area, custom_formats, (name_prefix or "data") + ".plan.levels.area")
                        if "category" in data__plan__levels_keys:
                            data__plan__levels_keys.remove("category")
                            data__plan__levels__category = data__plan__levels["category"]
                            validate_https___github_com_nihonmatsu_reform_xlsx_plan_schema_json___defs_level(data__plan__levels__category, custom_formats, (name_prefix or "data") + ".plan.levels.category")
                        if "item" in data__plan__levels_keys:
                            data__plan__levels_keys.remove("item")
                            data__plan__levels__item = data__plan__levels["item"]
                            validate_https___github_com_nihonmatsu_reform_xlsx_plan_schema_json___defs_level(data__plan__levels__item, custom_formats, (name_prefix or "data") + ".plan.levels.item")
                        if data__plan__levels_keys:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".plan.levels must not contain "+str(data__plan__levels_keys)+" properties", value=data__plan__levels, name="" + (name_prefix or "data") + ".plan.levels", definition={'type': 'object', 'additionalProperties': False, 'properties': {'area': {'type': 'string', 'pattern': '^[^\\[\\]:*?/\\\\\\s]{1,10}$'}, 'category': {'type': 'string', 'pattern': '^[^\\[\\]:*?/\\\\\\s]{1,10}$'}, 'item': {'type': 'string', 'pattern': '^[^\\[\\]:*?/\\\\\\s]{1,10}$'}}}, rule='additionalProperties')
                if data__plan_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".plan must not contain "+str(data__plan_keys)+" properties", value=data__plan, name="" + (name_prefix or "data") + ".plan", definition={'type': 'object', 'additionalProperties': False, 'required': ['id', 'version', 'name', 'city', 'period', 'baseline_year', 'headquarters', 'office'], 'properties': {'id': {'type': 'string', 'pattern': '^[A-Za-z0-9][A-Za-z0-9._-]*$'}, 'version': {'type': 'string', 'minLength': 1}, 'name': {'type': 'string', 'minLength': 1}, 'city': {'type': 'string', 'minLength': 1}, 'published': {'type': 'string'}, 'period': {'type': 'object', 'additionalProperties': False, 'required': ['start', 'end'], 'properties': {'start': {'type': ['string', 'integer']}, 'end': {'type': ['string', 'integer']}}}, 'baseline_year': {'type': ['string', 'integer']}, 'headquarters': {'type': 'string', 'minLength': 1}, 'headquarters_note': {'type': 'string'}, 'committee': {'type': 'string'}, 'committee_note': {'type': 'string'}, 'office': {'type': 'string', 'minLength': 1}, 'reform': {'type': 'string', 'minLength': 1}, 'short_name': {'type': 'string', 'minLength': 1}, 'levels': {'type': 'object', 'additionalProperties': False, 'properties': {'area': {'type': 'string', 'pattern': '^[^\\[\\]:*?/\\\\\\s]{1,10}$'}, 'category': {'type': 'string', 'pattern': '^[^\\[\\]:*?/\\\\\\s]{1,10}$'}, 'item': {'type': 'string', 'pattern': '^[^\\[\\]:*?/\\\\\\s]{1,10}$'}}}}}, rule='additionalProperties')
        if "sections" in data_keys:
            data_keys.remove("sections")
            data__sections = data["sections"]
            if not isinstance(data__sections, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".sections must be array", value=data__sections, name="" + (name_prefix or "data") + ".sections", definition={'type': 'array', 'minItems': 1, 'items': {'type': 'string', 'minLength': 1}}, rule='type')
            data__sections_is_list = isinstance(data__sections, (list, tuple))
            if data__sections_is_list:
                data__sections_len = len(data__sections)
                if data__sections_len < 1:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".sections must contain at least 1 items", value=data__sections, name="" + (name_prefix or "data") + ".sections", definition={'type': 'array', 'minItems': 1, 'items': {'type': 'string', 'minLength': 1}}, rule='minItems')
                for data__sections_x, data__sections_item in enumerate(data__sections):
                    validate_https___github_com_nihonmatsu_reform_xlsx_plan_schema_json___defs_text(data__sections_item, custom_formats, (name_prefix or "data") + ".sections[{data__sections_x}]".format(**locals()))
        if "grades" in data_keys:
            data_keys.remove("grades")
            data__grades = data["grades"]
            if not isinstance(data__grades, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".grades must be array", value=data__grades, name="" + (name_prefix or "data") + ".grades", definition={'type': 'array', 'minItems': 2, 'items': {'type': 'object', 'additionalProperties': False, 'required': ['code', 'label', 'definition'], 'properties': {'code': {'type': ['string', 'integer'], 'pattern': '^[A-Z1-9◎○△×□■●▲☆★]$', 'minimum': 1, 'maximum': 9}, 'label': {'type': 'string', 'minLength': 1}, 'definition': {'type': 'string', 'minLength': 1}, 'rank': {'type': 'integer', 'minimum': 1}, 'behind': {'type': 'boolean'}}}}, rule='type')
            data__grades_is_list = isinstance(data__grades, (list, tuple))
            if data__grades_is_list:
                data__grades_len = len(data__grades)
                if data__grades_len < 2:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".grades must contain at least 2 items", value=data__grades, name="" + (name_prefix or "data") + ".grades", definition={'type': 'array', 'minItems': 2, 'items': {'type': 'object', 'additionalProperties': False, 'required': ['code', 'label', 'definition'], 'properties': {'code': {'type': ['string', 'integer'], 'pattern': '^[A-Z1-9◎○△×□■●▲☆★]$', 'minimum': 1, 'maximum': 9}, 'label': {'type': 'string', 'minLength': 1}, 'definition': {'type': 'string', 'minLength': 1}, 'rank': {'type': 'integer', 'minimum': 1}, 'behind': {'type': 'boolean'}}}}, rule='minItems')
                for data__grades_x, data__grades_item in enumerate(data__grades):
                    if not isinstance(data__grades_item, (dict)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".grades[{data__grades_x}]".format(**locals()) + " must be object", value=data__grades_item, name="" + (name_prefix or "data") + ".grades[{data__grades_x}]".format(**locals()) + "", definition={'type': 'object', 'additionalProperties': False, 'required': ['code', 'label', 'definition'], 'properties': {'code': {'type': ['string', 'integer'], 'pattern': '^[A-Z1-9◎○△×□■●▲☆★]$', 'minimum': 1, 'maximum': 9}, 'label': {'type': 'string', 'minLength': 1}, 'definition': {'type': 'string', 'minLength': 1}, 'rank': {'type': 'integer', 'minimum': 1}, 'behind': {'type': 'boolean'}}}, rule='type')
                    data__grades_item_is_dict = isinstance(data__grades_item, dict)
                    if data__grades_item_is_dict:
                        data__grades_item__missing_keys = set(['code', 'label', 'definition']) - data__grades_item.keys()
                        if data__grades_item__missing_keys:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".grades[{data__grades_x}]".format(**locals()) + " must contain " + (str(sorted(data__grades_item__missing_keys)) + " properties"), value=data__grades_item, name="" + (name_prefix or "data") + ".grades[{data__grades_x}]".format(**locals()) + "", definition={'type': 'object', 'additionalProperties': False, 'required': ['code', 'label', 'definition'], 'properties': {'code': {'type': ['string', 'integer'], 'pattern': '^[A-Z1-9◎○△×□■●▲☆★]$', 'minimum': 1, 'maximum': 9}, 'label': {'type': 'string', 'minLength': 1}, 'definition': {'type': 'string', 'minLength': 1}, 'rank': {'type': 'integer', 'minimum': 1}, 'behind': {'type': 'boolean'}}}, rule='required')
                        data__grades_item_keys = set(data__grades_item.keys())
                        if "code" in data__grades_item_keys:
                            data__grades_item_keys.remove("code")
                            data__grades_item__code = data__grades_item["code"]
                            if not isinstance(data__grades_item__code, (str, int)) and not (isinstance(data__grades_item__code, float) and data__grades_item__code.is_integer()) or isinstance(data__grades_item__code, bool):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".grades[{data__grades_x}].code".format(**locals()) + " must be string or integer", value=data__grades_item__code, name="" + (name_prefix or "data") + ".grades[{data__grades_x}].code".format(**locals()) + "", definition={'type': ['string', 'integer'], 'pattern': '^[A-Z1-9◎○△×□■●▲☆★]$', 'minimum': 1, 'maximum': 9}, rule='type')
                            if isinstance(data__grades_item__code, str):
                                if not REGEX_PATTERNS['^[A-Z1-9◎○△×□■●▲☆★]$'].search(data__grades_item__code):
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".grades[{data__grades_x}].code".format(**locals()) + " must match pattern ^[A-Z1-9\u25ce\u25cb\u25b3\xd7\u25a1\u25a0\u25cf\u25b2\u2606\u2605]$", value=data__grades_item__code, name="" + (name_prefix or "data") + ".grades[{data__grades_x}].code".format(**locals()) + "", definition={'type': ['string', 'integer'], 'pattern': '^[A-Z1-9◎○△×□■●▲☆★]$', 'minimum': 1, 'maximum': 9}, rule='pattern')
                            if isinstance(data__grades_item__code, (int, float, Decimal)) and not isinstance(data__grades_item__code, bool):
                                if data__grades_item__code < 1:
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".grades[{data__grades_x}].code".format(**locals()) + " must be bigger than or equal to 1", value=data__grades_item__code, name="" + (name_prefix or "data") + ".grades[{data__grades_x}].code".format(**locals()) + "", definition={'type': ['string', 'integer'], 'pattern': '^[A-Z1-9◎○△×□■●▲☆★]$', 'minimum': 1, 'maximum': 9}, rule='minimum')
                                if data__grades_item__code > 9:
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".grades[{data__grades_x}].code".format(**locals()) + " must be smaller than or equal to 9", value=data__grades_item__code, name="" + (name_prefix or "data") + ".grades[{data__grades_x}].code".format(**locals()) + "", definition={'type': ['string', 'integer'], 'pattern': '^[A-Z1-9◎○△×□■●▲☆★]$', 'minimum': 1, 'maximum': 9}, rule='maximum')
                        if "label" in data__grades_item_keys:
                            data__grades_item_keys.remove("label")
                            data__grades_item__label = data__grades_item["label"]
                            validate_https___github_com_nihonmatsu_reform_xlsx_plan_schema_json___defs_text(data__grades_item__label, custom_formats, (name_prefix or "data") + ".grades[{data__grades_x}].label".format(**locals()))
                        if "definition" in data__grades_item_keys:
                            data__grades_item_keys.remove("definition")
                            data__grades_item__definition = data__grades_item["definition"]
                            validate_https___github_com_nihonmatsu_reform_xlsx_plan_schema_json___defs_text(data__grades_item__definition, custom_formats, (name_prefix or "data") + ".grades[{data__grades_x}].definition".format(**locals()))
                        if "rank" in data__grades_item_keys:
                            data__grades_item_keys.remove("rank")
                            data__grades_item__rank = data__grades_item["rank"]
                            if not isinstance(data__grades_item__rank, (int)) and not (isinstance(data__grades_item__rank, float) and data__grades_item__rank.is_integer()) or isinstance(data__grades_item__rank, bool):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".grades[{data__grades_x}].rank".format(**locals()) + " must be integer", value=data__grades_item__rank, name="" + (name_prefix or "data") + ".grades[{data__grades_x}].rank".format(**locals()) + "", definition={'type': 'integer', 'minimum': 1}, rule='type')
                            if isinstance(data__grades_item__rank, (int, float, Decimal)) and not isinstance(data__grades_item__rank, bool):
                                if data__grades_item__rank < 1:
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".grades[{data__grades_x}].rank".format(**locals()) + " must be bigger than or equal to 1", value=data__grades_item__rank, name="" + (name_prefix or "data") + ".grades[{data__grades_x}].rank".format(**locals()) + "", definition={'type': 'integer', 'minimum': 1}, rule='minimum')
                        if "behind" in data__grades_item_keys:
                            data__grades_item_keys.remove("behind")
                            data__grades_item__behind = data__grades_item["behind"]
                            if not isinstance(data__grades_item__behind, (bool)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".grades[{data__grades_x}].behind".format(**locals()) + " must be boolean", value=data__grades_item__behind, name="" + (name_prefix or "data") + ".grades[{data__grades_x}].behind".format(**locals()) + "", definition={'type': 'boolean'}, rule='type')
                        if data__grades_item_keys:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".grades[{data__grades_x}]".format(**locals()) + " must not contain "+str(data__grades_item_keys)+" properties", value=data__grades_item, name="" + (name_prefix or "data") + ".grades[{data__grades_x}]".format(**locals()) + "", definition={'type': 'object', 'additionalProperties': False, 'required': ['code', 'label', 'definition'], 'properties': {'code': {'type': ['string', 'integer'], 'pattern': '^[A-Z1-9◎○△×□■●▲☆★]$', 'minimum': 1, 'maximum': 9}, 'label': {'type': 'string', 'minLength': 1}, 'definition': {'type': 'string', 'minLength': 1}, 'rank': {'type': 'integer', 'minimum': 1}, 'behind': {'type': 'boolean'}}}, rule='additionalProperties')
        if "judgement" in data_keys:
            data_keys.remove("judgement")
            data__judgement = data["judgement"]
            if not isinstance(data__judgement, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".judgement must be object", value=data__judgement, name="" + (name_prefix or "data") + ".judgement", definition={'type': 'object', 'additionalProperties': False, 'required': ['achieved', 'on_track', 'mostly_on_track'], 'properties': {'achieved': {'type': 'number', 'exclusiveMinimum': 0}, 'on_track': {'type': 'number', 'exclusiveMinimum': 0}, 'mostly_on_track': {'type': 'number', 'exclusiveMinimum': 0}}}, rule='type')
            data__judgement_is_dict = isinstance(data__judgement, dict)
            if data__judgement_is_dict:
                data__judgement__missing_keys = set(['achieved', 'on_track', 'mostly_on_track']) - data__judgement.keys()
                if data__judgement__missing_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".judgement must contain " + (str(sorted(data__judgement__missing_keys)) + " properties"), value=data__judgement, name="" + (name_prefix or "data") + ".judgement", definition={'type': 'object', 'additionalProperties': False, 'required': ['achieved', 'on_track', 'mostly_on_track'], 'properties': {'achieved': {'type': 'number', 'exclusiveMinimum': 0}, 'on_track': {'type': 'number', 'exclusiveMinimum': 0}, 'mostly_on_track': {'type': 'number', 'exclusiveMinimum': 0}}}, rule='required')
                data__judgement_keys = set(data__judgement.keys())
                if "achieved" in data__judgement_keys:
                    data__judgement_keys.remove("achieved")
                    data__judgement__achieved = data__judgement["achieved"]
                    if not isinstance(data__judgement__achieved, (int, float, Decimal)) or isinstance(data__judgement__achieved, bool):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".judgement.achieved must be number", value=data__judgement__achieved, name="" + (name_prefix or "data") + ".judgement.achieved", definition={'type': 'number', 'exclusiveMinimum': 0}, rule='type')
                    if isinstance(data__judgement__achieved, (int, float, Decimal)) and not isinstance(data__judgement__achieved, bool):
                        if data__judgement__achieved <= 0:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".judgement.achieved must be bigger than 0", value=data__judgement__achieved, name="" + (name_prefix or "data") + ".judgement.achieved", definition={'type': 'number', 'exclusiveMinimum': 0}, rule='exclusiveMinimum')
                if "on_track" in data__judgement_keys:
                    data__judgement_keys.remove("on_track")
                    data__judgement__ontrack = data__judgement["on_track"]
                    if not isinstance(data__judgement__ontrack, (int, float, Decimal)) or isinstance(data__judgement__ontrack, bool):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".judgement.on_track must be number", value=data__judgement__ontrack, name="" + (name_prefix or "data") + ".judgement.on_track", definition={'type': 'number', 'exclusiveMinimum': 0}, rule='type')
                    if isinstance(data__judgement__ontrack, (int, float, Decimal)) and not isinstance(data__judgement__ontrack, bool):
                        if data__judgement__ontrack <= 0:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".judgement.on_track must be bigger than 0", value=data__judgement__ontrack, name="" + (name_prefix or "data") + ".judgement.on_track", definition={'type': 'number', 'exclusiveMinimum': 0}, rule='exclusiveMinimum')
                if "mostly_on_track" in data__judgement_keys:
                    data__judgement_keys.remove("mostly_on_track")
                    data__judgement__mostlyontrack = data__judgement["mostly_on_track"]
                    if not isinstance(data__judgement__mostlyontrack, (int, float, Decimal)) or isinstance(data__judgement__mostlyontrack, bool):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".judgement.mostly_on_track must be number", value=data__judgement__mostlyontrack, name="" + (name_prefix or "data") + ".judgement.mostly_on_track", definition={'type': 'number', 'exclusiveMinimum': 0}, rule='type')
                    if isinstance(data__judgement__mostlyontrack, (int, float, Decimal)) and not isinstance(data__judgement__mostlyontrack, bool):
                        if data__judgement__mostlyontrack <= 0:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".judgement.mostly_on_track must be bigger than 0", value=data__judgement__mostlyontrack, name="" + (name_prefix or "data") + ".judgement.mostly_on_track", definition={'type': 'number', 'exclusiveMinimum': 0}, rule='exclusiveMinimum')
                if data__judgement_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".judgement must not contain "+str(data__judgement_keys)+" properties", value=data__judgement, name="" + (name_prefix or "data") + ".judgement", definition={'type': 'object', 'additionalProperties': False, 'required': ['achieved', 'on_track', 'mostly_on_track'], 'properties': {'achieved': {'type': 'number', 'exclusiveMinimum': 0}, 'on_track': {'type': 'number', 'exclusiveMinimum': 0}, 'mostly_on_track': {'type': 'number', 'exclusiveMinimum': 0}}}, rule='additionalProperties')
        if "areas" in data_keys:
            data_keys.remove("areas")
            data__areas = data["areas"]
            if not isinstance(data__areas, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".areas must be array", value=data__areas, name="" + (name_prefix or "data") + ".areas", definition={'type': 'array', 'minItems': 1, 'items': {'type': 'object', 'additionalProperties': False, 'required': ['number', 'name', 'categories'], 'properties': {'number': {'type': 'integer', 'minimum': 1}, 'name': {'type': 'string', 'minLength': 1}, 'intro': {'type': 'string'}, 'categories': {'type': 'array', 'minItems': 1, 'items': {'type': 'object', 'additionalProperties': False, 'required': ['number', 'name', 'items'], 'properties': {'number': {'type': 'integer', 'minimum': 1}, 'name': {'type': 'string', 'minLength': 1}, 'intro': {'type': 'string'}, 'items': {'type': 'array', 'minItems': 1, 'items': {'type': 'object', 'additionalProperties': False, 'required': ['number', 'name', 'content', 'actions', 'sections'], 'properties': {'number': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/number'}, 'name': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}, 'continued': {'type': 'boolean'}, 'content': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}, 'actions': {'type': 'array', 'minItems': 1, 'items': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/action'}}, 'sections': {'type': 'array', 'items': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}}, 'related_sections': {'type': 'boolean'}, 'marker': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/year'}, 'start': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/year'}, 'end': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/year'}}}}}}}}}}, rule='type')
            data__areas_is_list = isinstance(data__areas, (list, tuple))
            if data__areas_is_list:
                data__areas_len = len(data__areas)
                if data__areas_len < 1:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".areas must contain at least 1 items", value=data__areas, name="" + (name_prefix or "data") + ".areas", definition={'type': 'array', 'minItems': 1, 'items': {'type': 'object', 'additionalProperties': False, 'required': ['number', 'name', 'categories'], 'properties': {'number': {'type': 'integer', 'minimum': 1}, 'name': {'type': 'string', 'minLength': 1}, 'intro': {'type': 'string'}, 'categories': {'type': 'array', 'minItems': 1, 'items': {'type': 'object', 'additionalProperties': False, 'required': ['number', 'name', 'items'], 'properties': {'number': {'type': 'integer', 'minimum': 1}, 'name': {'type': 'string', 'minLength': 1}, 'intro': {'type': 'string'}, 'items': {'type': 'array', 'minItems': 1, 'items': {'type': 'object', 'additionalProperties': False, 'required': ['number', 'name', 'content', 'actions', 'sections'], 'properties': {'number': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/number'}, 'name': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}, 'continued': {'type': 'boolean'}, 'content': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}, 'actions': {'type': 'array', 'minItems': 1, 'items': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/action'}}, 'sections': {'type': 'array', 'items': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}}, 'related_sections': {'type': 'boolean'}, 'marker': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/year'}, 'start': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/year'}, 'end': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/year'}}}}}}}}}}, rule='minItems')
                for data__areas_x, data__areas_item in enumerate(data__areas):
                    if not isinstance(data__areas_item, (dict)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".areas[{data__areas_x}]".format(**locals()) + " must be object", value=data__areas_item, name="" + (name_prefix or "data") + ".areas[{data__areas_x}]".format(**locals()) + "", definition={'type': 'object', 'additionalProperties': False, 'required': ['number', 'name', 'categories'], 'properties': {'number': {'type': 'integer', 'minimum': 1}, 'name': {'type': 'string', 'minLength': 1}, 'intro': {'type': 'string'}, 'categories': {'type': 'array', 'minItems': 1, 'items': {'type': 'object', 'additionalProperties': False, 'required': ['number', 'name', 'items'], 'properties': {'number': {'type': 'integer', 'minimum': 1}, 'name': {'type': 'string', 'minLength': 1}, 'intro': {'type': 'string'}, 'items': {'type': 'array', 'minItems': 1, 'items': {'type': 'object', 'additionalProperties': False, 'required': ['number', 'name', 'content', 'actions', 'sections'], 'properties': {'number': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/number'}, 'name': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}, 'continued': {'type': 'boolean'}, 'content': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}, 'actions': {'type': 'array', 'minItems': 1, 'items': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/action'}}, 'sections': {'type': 'array', 'items': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}}, 'related_sections': {'type': 'boolean'}, 'marker': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/year'}, 'start': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/year'}, 'end': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/year'}}}}}}}}}, rule='type')
                    data__areas_item_is_dict = isinstance(data__areas_item, dict)
                    if data__areas_item_is_dict:
                        data__areas_item__missing_keys = set(['number', 'name', 'categories']) - data__areas_item.keys()
                        if data__areas_item__missing_keys:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".areas[{data__areas_x}]".format(**locals()) + " must contain " + (str(sorted(data__areas_item__missing_keys)) + " properties"), value=data__areas_item, name="" + (name_prefix or "data") + ".areas[{data__areas_x}]".format(**locals()) + "", definition={'type': 'object', 'additionalProperties': False, 'required': ['number', 'name', 'categories'], 'properties': {'number': {'type': 'integer', 'minimum': 1}, 'name': {'type': 'string', 'minLength': 1}, 'intro': {'type': 'string'}, 'categories': {'type': 'array', 'minItems': 1, 'items': {'type': 'object', 'additionalProperties': False, 'required': ['number', 'name', 'items'], 'properties': {'number': {'type': 'integer', 'minimum': 1}, 'name': {'type': 'string', 'minLength': 1}, 'intro': {'type': 'string'}, 'items': {'type': 'array', 'minItems': 1, 'items': {'type': 'object', 'additionalProperties': False, 'required': ['number', 'name', 'content', 'actions', 'sections'], 'properties': {'number': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/number'}, 'name': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}, 'continued': {'type': 'boolean'}, 'content': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}, 'actions': {'type': 'array', 'minItems': 1, 'items': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/action'}}, 'sections': {'type': 'array', 'items': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}}, 'related_sections': {'type': 'boolean'}, 'marker': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/year'}, 'start': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/year'}, 'end': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/year'}}}}}}}}}, rule='required')
                        data__areas_item_keys = set(data__areas_item.keys())
                        if "number" in data__areas_item_keys:
                            data__areas_item_keys.remove("number")
                            data__areas_item__number = data__areas_item["number"]
                            validate_https___github_com_nihonmatsu_reform_xlsx_plan_schema_json___defs_number(data__areas_item__number, custom_formats, (name_prefix or "data") + ".areas[{data__areas_x}].number".format(**locals()))
                        if "name" in data__areas_item_keys:
                            data__areas_item_keys.remove("name")
                            data__areas_item__name = data__areas_item["name"]
                            validate_https___github_com_nihonmatsu_reform_xlsx_plan_schema_json___defs_text(data__areas_item__name, custom_formats, (name_prefix or "data") + ".areas[{data__areas_x}].name".format(**locals()))
                        if "intro" in data__areas_item_keys:
                            data__areas_item_keys.remove("intro")
                            data__areas_item__intro = data__areas_item["intro"]
                            if not isinstance(data__areas_item__intro, (str)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".areas[{data__areas_x}].intro".format(**locals()) + " must be string", value=data__areas_item__intro, name="" + (name_prefix or "data") + ".areas[{data__areas_x}].intro".format(**locals()) + "", definition={'type': 'string'}, rule='type')
                        if "categories" in data__areas_item_keys:
                            data__areas_item_keys.remove("categories")
                            data__areas_item__categories = data__areas_item["categories"]
                            if not isinstance(data__areas_item__categories, (list, tuple)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".areas[{data__areas_x}].categories".format(**locals()) + " must be array", value=data__areas_item__categories, name="" + (name_prefix or "data") + ".areas[{data__areas_x}].categories".format(**locals()) + "", definition={'type': 'array', 'minItems': 1, 'items': {'type': 'object', 'additionalProperties': False, 'required': ['number', 'name', 'items'], 'properties': {'number': {'type': 'integer', 'minimum': 1}, 'name': {'type': 'string', 'minLength': 1}, 'intro': {'type': 'string'}, 'items': {'type': 'array', 'minItems': 1, 'items': {'type': 'object', 'additionalProperties': False, 'required': ['number', 'name', 'content', 'actions', 'sections'], 'properties': {'number': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/number'}, 'name': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}, 'continued': {'type': 'boolean'}, 'content': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}, 'actions': {'type': 'array', 'minItems': 1, 'items': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/action'}}, 'sections': {'type': 'array', 'items': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}}, 'related_sections': {'type': 'boolean'}, 'marker': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/year'}, 'start': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/year'}, 'end': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/year'}}}}}}}, rule='type')
                            data__areas_item__categories_is_list = isinstance(data__areas_item__categories, (list, tuple))
                            if data__areas_item__categories_is_list:
                                data__areas_item__categories_len = len(data__areas_item__categories)
                                if data__areas_item__categories_len < 1:
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".areas[{data__areas_x}].categories".format(**locals()) + " must contain at least 1 items", value=data__areas_item__categories, name="" + (name_prefix or "data") + ".areas[{data__areas_x}].categories".format(**locals()) + "", definition={'type': 'array', 'minItems': 1, 'items': {'type': 'object', 'additionalProperties': False, 'required': ['number', 'name', 'items'], 'properties': {'number': {'type': 'integer', 'minimum': 1}, 'name': {'type': 'string', 'minLength': 1}, 'intro': {'type': 'string'}, 'items': {'type': 'array', 'minItems': 1, 'items': {'type': 'object', 'additionalProperties': False, 'required': ['number', 'name', 'content', 'actions', 'sections'], 'properties': {'number': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/number'}, 'name': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}, 'continued': {'type': 'boolean'}, 'content': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}, 'actions': {'type': 'array', 'minItems': 1, 'items': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/action'}}, 'sections': {'type': 'array', 'items': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}}, 'related_sections': {'type': 'boolean'}, 'marker': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/year'}, 'start': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/year'}, 'end': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/year'}}}}}}}, rule='minItems')
                                for data__areas_item__categories_x, data__areas_item__categories_item in enumerate(data__areas_item__categories):
                                    if not isinstance(data__areas_item__categories_item, (dict)):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".areas[{data__areas_x}].categories[{data__areas_item__categories_x}]".format(**locals()) + " must be object", value=data__areas_item__categories_item, name="" + (name_prefix or "data") + ".areas[{data__areas_x}].categories[{data__areas_item__categories_x}]".format(**locals()) + "", definition={'type': 'object', 'additionalProperties': False, 'required': ['number', 'name', 'items'], 'properties': {'number': {'type': 'integer', 'minimum': 1}, 'name': {'type': 'string', 'minLength': 1}, 'intro': {'type': 'string'}, 'items': {'type': 'array', 'minItems': 1, 'items': {'type': 'object', 'additionalProperties': False, 'required': ['number', 'name', 'content', 'actions', 'sections'], 'properties': {'number': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/number'}, 'name': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}, 'continued': {'type': 'boolean'}, 'content': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}, 'actions': {'type': 'array', 'minItems': 1, 'items': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/action'}}, 'sections': {'type': 'array', 'items': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}}, 'related_sections': {'type': 'boolean'}, 'marker': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/year'}, 'start': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/year'}, 'end': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/year'}}}}}}, rule='type')
                                    data__areas_item__categories_item_is_dict = isinstance(data__areas_item__categories_item, dict)
                                    if data__areas_item__categories_item_is_dict:
                                        data__areas_item__categories_item__missing_keys = set(['number', 'name', 'items']) - data__areas_item__categories_item.keys()
                                        if data__areas_item__categories_item__missing_keys:
                                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".areas[{data__areas_x}].categories[{data__areas_item__categories_x}]".format(**locals()) + " must contain " + (str(sorted(data__areas_item__categories_item__missing_keys)) + " properties"), value=data__areas_item__categories_item, name="" + (name_prefix or "data") + ".areas[{data__areas_x}].categories[{data__areas_item__categories_x}]".format(**locals()) + "", definition={'type': 'object', 'additionalProperties': False, 'required': ['number', 'name', 'items'], 'properties': {'number': {'type': 'integer', 'minimum': 1}, 'name': {'type': 'string', 'minLength': 1}, 'intro': {'type': 'string'}, 'items': {'type': 'array', 'minItems': 1, 'items': {'type': 'object', 'additionalProperties': False, 'required': ['number', 'name', 'content', 'actions', 'sections'], 'properties': {'number': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/number'}, 'name': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}, 'continued': {'type': 'boolean'}, 'content': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}, 'actions': {'type': 'array', 'minItems': 1, 'items': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/action'}}, 'sections': {'type': 'array', 'items': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}}, 'related_sections': {'type': 'boolean'}, 'marker': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/year'}, 'start': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/year'}, 'end': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/year'}}}}}}, rule='required')
                                        data__areas_item__categories_item_keys = set(data__areas_item__categories_item.keys())
                                        if "number" in data__areas_item__categories_item_keys:
                                            data__areas_item__categories_item_keys.remove("number")
                                            data__areas_item__categories_item__number = data__areas_item__categories_item["number"]
                                            validate_https___github_com_nihonmatsu_reform_xlsx_plan_schema_json___defs_number(data__areas_item__categories_item__number, custom_formats, (name_prefix or "data") + ".areas[{data__areas_x}].categories[{data__areas_item__categories_x}].number".format(**locals()))
                                        if "name" in data__areas_item__categories_item_keys:
                                            data__areas_item__categories_item_keys.remove("name")
                                            data__areas_item__categories_item__name = data__areas_item__categories_item["name"]
                                            validate_https___github_com_nihonmatsu_reform_xlsx_plan_schema_json___defs_text(data__areas_item__categories_item__name, custom_formats, (name_prefix or "data") + ".areas[{data__areas_x}].categories[{data__areas_item__categories_x}].name".format(**locals()))
                                        if "intro" in data__areas_item__categories_item_keys:
                                            data__areas_item__categories_item_keys.remove("intro")
                                            data__areas_item__categories_item__intro = data__areas_item__categories_item["intro"]
                                            if not isinstance(data__areas_item__categories_item__intro, (str)):
                                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".areas[{data__areas_x}].categories[{data__areas_item__categories_x}].intro".format(**locals()) + " must be string", value=data__areas_item__categories_item__intro, name="" + (name_prefix or "data") + ".areas[{data__areas_x}].categories[{data__areas_item__categories_x}].intro".format(**locals()) + "", definition={'type': 'string'}, rule='type')
                                        if "items" in data__areas_item__categories_item_keys:
                                            data__areas_item__categories_item_keys.remove("items")
                                            data__areas_item__categories_item__items = data__areas_item__categories_item["items"]
                                            if not isinstance(data__areas_item__categories_item__items, (list, tuple)):
                                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".areas[{data__areas_x}].categories[{data__areas_item__categories_x}].items".format(**locals()) + " must be array", value=data__areas_item__categories_item__items, name="" + (name_prefix or "data") + ".areas[{data__areas_x}].categories[{data__areas_item__categories_x}].items".format(**locals()) + "", definition={'type': 'array', 'minItems': 1, 'items': {'type': 'object', 'additionalProperties': False, 'required': ['number', 'name', 'content', 'actions', 'sections'], 'properties': {'number': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/number'}, 'name': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}, 'continued': {'type': 'boolean'}, 'content': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}, 'actions': {'type': 'array', 'minItems': 1, 'items': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/action'}}, 'sections': {'type': 'array', 'items': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}}, 'related_sections': {'type': 'boolean'}, 'marker': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/year'}, 'start': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/year'}, 'end': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/year'}}}}, rule='type')
                                            data__areas_item__categories_item__items_is_list = isinstance(data__areas_item__categories_item__items, (list, tuple))
                                            if data__areas_item__categories_item__items_is_list:
                                                data__areas_item__categories_item__items_len = len(data__areas_item__categories_item__items)
                                                if data__areas_item__categories_item__items_len < 1:
                                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".areas[{data__areas_x}].categories[{data__areas_item__categories_x}].items".format(**locals()) + " must contain at least 1 items", value=data__areas_item__categories_item__items, name="" + (name_prefix or "data") + ".areas[{data__areas_x}].categories[{data__areas_item__categories_x}].items".format(**locals()) + "", definition={'type': 'array', 'minItems': 1, 'items': {'type': 'object', 'additionalProperties': False, 'required': ['number', 'name', 'content', 'actions', 'sections'], 'properties': {'number': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/number'}, 'name': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}, 'continued': {'type': 'boolean'}, 'content': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}, 'actions': {'type': 'array', 'minItems': 1, 'items': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/action'}}, 'sections': {'type': 'array', 'items': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}}, 'related_sections': {'type': 'boolean'}, 'marker': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/year'}, 'start': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/year'}, 'end': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/year'}}}}, rule='minItems')
                                                for data__areas_item__categories_item__items_x, data__areas_item__categories_item__items_item in enumerate(data__areas_item__categories_item__items):
                                                    validate_https___github_com_nihonmatsu_reform_xlsx_plan_schema_json___defs_item(data__areas_item__categories_item__items_item, custom_formats, (name_prefix or "data") + ".areas[{data__areas_x}].categories[{data__areas_item__categories_x}].items[{data__areas_item__categories_item__items_x}]".format(**locals()))
                                        if data__areas_item__categories_item_keys:
                                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".areas[{data__areas_x}].categories[{data__areas_item__categories_x}]".format(**locals()) + " must not contain "+str(data__areas_item__categories_item_keys)+" properties", value=data__areas_item__categories_item, name="" + (name_prefix or "data") + ".areas[{data__areas_x}].categories[{data__areas_item__categories_x}]".format(**locals()) + "", definition={'type': 'object', 'additionalProperties': False, 'required': ['number', 'name', 'items'], 'properties': {'number': {'type': 'integer', 'minimum': 1}, 'name': {'type': 'string', 'minLength': 1}, 'intro': {'type': 'string'}, 'items': {'type': 'array', 'minItems': 1, 'items': {'type': 'object', 'additionalProperties': False, 'required': ['number', 'name', 'content', 'actions', 'sections'], 'properties': {'number': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/number'}, 'name': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}, 'continued': {'type': 'boolean'}, 'content': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}, 'actions': {'type': 'array', 'minItems': 1, 'items': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/action'}}, 'sections': {'type': 'array', 'items': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}}, 'related_sections': {'type': 'boolean'}, 'marker': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/year'}, 'start': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/year'}, 'end': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/year'}}}}}}, rule='additionalProperties')
                        if data__areas_item_keys:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".areas[{data__areas_x}]".format(**locals()) + " must not contain "+str(data__areas_item_keys)+" properties", value=data__areas_item, name="" + (name_prefix or "data") + ".areas[{data__areas_x}]".format(**locals()) + "", definition={'type': 'object', 'additionalProperties': False, 'required': ['number', 'name', 'categories'], 'properties': {'number': {'type': 'integer', 'minimum': 1}, 'name': {'type': 'string', 'minLength': 1}, 'intro': {'type': 'string'}, 'categories': {'type': 'array', 'minItems': 1, 'items': {'type': 'object', 'additionalProperties': False, 'required': ['number', 'name', 'items'], 'properties': {'number': {'type': 'integer', 'minimum': 1}, 'name': {'type': 'string', 'minLength': 1}, 'intro': {'type': 'string'}, 'items': {'type': 'array', 'minItems': 1, 'items': {'type': 'object', 'additionalProperties': False, 'required': ['number', 'name', 'content', 'actions', 'sections'], 'properties': {'number': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/number'}, 'name': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}, 'continued': {'type': 'boolean'}, 'content': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}, 'actions': {'type': 'array', 'minItems': 1, 'items': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/action'}}, 'sections': {'type': 'array', 'items': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}}, 'related_sections': {'type': 'boolean'}, 'marker': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/year'}, 'start': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/year'}, 'end': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/year'}}}}}}}}}, rule='additionalProperties')
        if "kpis" in data_keys:
            data_keys.remove("kpis")
            data__kpis = data["kpis"]
            if not isinstance(data__kpis, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".kpis must be array", value=data__kpis, name="" + (name_prefix or "data") + ".kpis", definition={'type': 'array', 'items': {'type': 'object', 'additionalProperties': False, 'required': ['id', 'item', 'name', 'kind', 'unit', 'baseline', 'target', 'owner'], 'properties': {'id': {'type': 'string', 'pattern': '^[A-Za-z0-9_-]+$'}, 'item': {'type': 'string', 'pattern': '^\\d+-\\d+-\\d+$'}, 'name': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}, 'short_name': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}, 'kind': {'enum': ['rate', 'count', 'yen']}, 'unit': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}, 'direction': {'enum': ['増加', '減少']}, 'cumulative': {'type': 'boolean'}, 'baseline': {'type': ['number', 'null']}, 'target': {'type': 'number'}, 'yearly_targets': {'type': 'object', 'additionalProperties': {'type': 'number'}}, 'owner': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}, 'owner_assumed': {'type': 'boolean'}, 'start': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/year'}, 'end': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/year'}}}}, rule='type')
            data__kpis_is_list = isinstance(data__kpis, (list, tuple))
            if data__kpis_is_list:
                data__kpis_len = len(data__kpis)
                for data__kpis_x, data__kpis_item in enumerate(data__kpis):
                    validate_https___github_com_nihonmatsu_reform_xlsx_plan_schema_json___defs_kpi(data__kpis_item, custom_formats, (name_prefix or "data") + ".kpis[{data__kpis_x}]".format(**locals()))
        if "reorganisations" in data_keys:
            data_keys.remove("reorganisations")
            data__reorganisations = data["reorganisations"]
            if not isinstance(data__reorganisations, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".reorganisations must be array", value=data__reorganisations, name="" + (name_prefix or "data") + ".reorganisations", definition={'type': 'array', 'items': {'type': 'object', 'additionalProperties': False, 'required': ['year', 'from', 'to'], 'properties': {'year': {'type': ['string', 'integer']}, 'from': {'type': 'string', 'minLength': 1}, 'to': {'type': 'string', 'minLength': 1}}}}, rule='type')
            data__reorganisations_is_list = isinstance(data__reorganisations, (list, tuple))
            if data__reorganisations_is_list:
                data__reorganisations_len = len(data__reorganisations)
                for data__reorganisations_x, data__reorganisations_item in enumerate(data__reorganisations):
                    if not isinstance(data__reorganisations_item, (dict)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".reorganisations[{data__reorganisations_x}]".format(**locals()) + " must be object", value=data__reorganisations_item, name="" + (name_prefix or "data") + ".reorganisations[{data__reorganisations_x}]".format(**locals()) + "", definition={'type': 'object', 'additionalProperties': False, 'required': ['year', 'from', 'to'], 'properties': {'year': {'type': ['string', 'integer']}, 'from': {'type': 'string', 'minLength': 1}, 'to': {'type': 'string', 'minLength': 1}}}, rule='type')
                    data__reorganisations_item_is_dict = isinstance(data__reorganisations_item, dict)
                    if data__reorganisations_item_is_dict:
                        data__reorganisations_item__missing_keys = set(['year', 'from', 'to']) - data__reorganisations_item.keys()
                        if data__reorganisations_item__missing_keys:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".reorganisations[{data__reorganisations_x}]".format(**locals()) + " must contain " + (str(sorted(data__reorganisations_item__missing_keys)) + " properties"), value=data__reorganisations_item, name="" + (name_prefix or "data") + ".reorganisations[{data__reorganisations_x}]".format(**locals()) + "", definition={'type': 'object', 'additionalProperties': False, 'required': ['year', 'from', 'to'], 'properties': {'year': {'type': ['string', 'integer']}, 'from': {'type': 'string', 'minLength': 1}, 'to': {'type': 'string', 'minLength': 1}}}, rule='required')
                        data__reorganisations_item_keys = set(data__reorganisations_item.keys())
                        if "year" in data__reorganisations_item_keys:
                            data__reorganisations_item_keys.remove("year")
                            data__reorganisations_item__year = data__reorganisations_item["year"]
                            validate_https___github_com_nihonmatsu_reform_xlsx_plan_schema_json___defs_year(data__reorganisations_item__year, custom_formats, (name_prefix or "data") + ".reorganisations[{data__reorganisations_x}].year".format(**locals()))
                        if "from" in data__reorganisations_item_keys:
                            data__reorganisations_item_keys.remove("from")
                            data__reorganisations_item__from = data__reorganisations_item["from"]
                            validate_https___github_com_nihonmatsu_reform_xlsx_plan_schema_json___defs_text(data__reorganisations_item__from, custom_formats, (name_prefix or "data") + ".reorganisations[{data__reorganisations_x}].from".format(**locals()))
                        if "to" in data__reorganisations_item_keys:
                            data__reorganisations_item_keys.remove("to")
                            data__reorganisations_item__to = data__reorganisations_item["to"]
                            validate_https___github_com_nihonmatsu_reform_xlsx_plan_schema_json___defs_text(data__reorganisations_item__to, custom_formats, (name_prefix or "data") + ".reorganisations[{data__reorganisations_x}].to".format(**locals()))
                        if data__reorganisations_item_keys:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".reorganisations[{data__reorganisations_x}]".format(**locals()) + " must not contain "+str(data__reorganisations_item_keys)+" properties", value=data__reorganisations_item, name="" + (name_prefix or "data") + ".reorganisations[{data__reorganisations_x}]".format(**locals()) + "", definition={'type': 'object', 'additionalProperties': False, 'required': ['year', 'from', 'to'], 'properties': {'year': {'type': ['string', 'integer']}, 'from': {'type': 'string', 'minLength': 1}, 'to': {'type': 'string', 'minLength': 1}}}, rule='additionalProperties')
        if "revision" in data_keys:
            data_keys.remove("revision")
            data__revision = data["revision"]
            if not isinstance(data__revision, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".revision must be object", value=data__revision, name="" + (name_prefix or "data") + ".revision", definition={'type': 'object', 'additionalProperties': False, 'properties': {'date': {'type': 'string'}, 'effective_year': {'type': ['string', 'integer']}, 'reason': {'type': 'string'}}}, rule='type')
            data__revision_is_dict = isinstance(data__revision, dict)
            if data__revision_is_dict:
                data__revision_keys = set(data__revision.keys())
                if "date" in data__revision_keys:
                    data__revision_keys.remove("date")
                    data__revision__date = data__revision["date"]
                    if not isinstance(data__revision__date, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".revision.date must be string", value=data__revision__date, name="" + (name_prefix or "data") + ".revision.date", definition={'type': 'string'}, rule='type')
                if "effective_year" in data__revision_keys:
                    data__revision_keys.remove("effective_year")
                    data__revision__effectiveyear = data__revision["effective_year"]
                    validate_https___github_com_nihonmatsu_reform_xlsx_plan_schema_json___defs_year(data__revision__effectiveyear, custom_formats, (name_prefix or "data") + ".revision.effective_year")
                if "reason" in data__revision_keys:
                    data__revision_keys.remove("reason")
                    data__revision__reason = data__revision["reason"]
                    if not isinstance(data__revision__reason, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".revision.reason must be string", value=data__revision__reason, name="" + (name_prefix or "data") + ".revision.reason", definition={'type': 'string'}, rule='type')
                if data__revision_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".revision must not contain "+str(data__revision_keys)+" properties", value=data__revision, name="" + (name_prefix or "data") + ".revision", definition={'type': 'object', 'additionalProperties': False, 'properties': {'date': {'type': 'string'}, 'effective_year': {'type': ['string', 'integer']}, 'reason': {'type': 'string'}}}, rule='additionalProperties')
        if "glossary" in data_keys:
            data_keys.remove("glossary")
            data__glossary = data["glossary"]
            if not isinstance(data__glossary, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".glossary must be array", value=data__glossary, name="" + (name_prefix or "data") + ".glossary", definition={'type': 'array', 'items': {'type': 'object', 'additionalProperties': False, 'required': ['term', 'text'], 'properties': {'term': {'type': 'string', 'minLength': 1}, 'text': {'type': 'string', 'minLength': 1}}}}, rule='type')
            data__glossary_is_list = isinstance(data__glossary, (list, tuple))
            if data__glossary_is_list:
                data__glossary_len = len(data__glossary)
                for data__glossary_x, data__glossary_item in enumerate(data__glossary):
                    if not isinstance(data__glossary_item, (dict)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".glossary[{data__glossary_x}]".format(**locals()) + " must be object", value=data__glossary_item, name="" + (name_prefix or "data") + ".glossary[{data__glossary_x}]".format(**locals()) + "", definition={'type': 'object', 'additionalProperties': False, 'required': ['term', 'text'], 'properties': {'term': {'type': 'string', 'minLength': 1}, 'text': {'type': 'string', 'minLength': 1}}}, rule='type')
                    data__glossary_item_is_dict = isinstance(data__glossary_item, dict)
                    if data__glossary_item_is_dict:
                        data__glossary_item__missing_keys = set(['term', 'text']) - data__glossary_item.keys()
                        if data__glossary_item__missing_keys:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".glossary[{data__glossary_x}]".format(**locals()) + " must contain " + (str(sorted(data__glossary_item__missing_keys)) + " properties"), value=data__glossary_item, name="" + (name_prefix or "data") + ".glossary[{data__glossary_x}]".format(**locals()) + "", definition={'type': 'object', 'additionalProperties': False, 'required': ['term', 'text'], 'properties': {'term': {'type': 'string', 'minLength': 1}, 'text': {'type': 'string', 'minLength': 1}}}, rule='required')
                        data__glossary_item_keys = set(data__glossary_item.keys())
                        if "term" in data__glossary_item_keys:
                            data__glossary_item_keys.remove("term")
                            data__glossary_item__term = data__glossary_item["term"]
                            validate_https___github_com_nihonmatsu_reform_xlsx_plan_schema_json___defs_text(data__glossary_item__term, custom_formats, (name_prefix or "data") + ".glossary[{data__glossary_x}].term".format(**locals()))
                        if "text" in data__glossary_item_keys:
                            data__glossary_item_keys.remove("text")
                            data__glossary_item__text = data__glossary_item["text"]
                            validate_https___github_com_nihonmatsu_reform_xlsx_plan_schema_json___defs_text(data__glossary_item__text, custom_formats, (name_prefix or "data") + ".glossary[{data__glossary_x}].text".format(**locals()))
                        if data__glossary_item_keys:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".glossary[{data__glossary_x}]".format(**locals()) + " must not contain "+str(data__glossary_item_keys)+" properties", value=data__glossary_item, name="" + (name_prefix or "data") + ".glossary[{data__glossary_x}]".format(**locals()) + "", definition={'type': 'object', 'additionalProperties': False, 'required': ['term', 'text'], 'properties': {'term': {'type': 'string', 'minLength': 1}, 'text': {'type': 'string', 'minLength': 1}}}, rule='additionalProperties')
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties", value=data, name="" + (name_prefix or "data") + "", definition={'$schema': 'https://json-schema.org/draft/2020-12/schema', '$id': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json', 'title': 'reform_xlsx 計画ファイル', 'type': 'object', 'additionalProperties': False, 'required': ['format', 'plan', 'sections', 'grades', 'judgement', 'areas', 'kpis'], 'properties': {'format': {'type': 'integer', 'enum': [1]}, 'plan': {'type': 'object', 'additionalProperties': False, 'required': ['id', 'version', 'name', 'city', 'period', 'baseline_year', 'headquarters', 'office'], 'properties': {'id': {'type': 'string', 'pattern': '^[A-Za-z0-9][A-Za-z0-9._-]*$'}, 'version': {'type': 'string', 'minLength': 1}, 'name': {'type': 'string', 'minLength': 1}, 'city': {'type': 'string', 'minLength': 1}, 'published': {'type': 'string'}, 'period': {'type': 'object', 'additionalProperties': False, 'required': ['start', 'end'], 'properties': {'start': {'type': ['string', 'integer']}, 'end': {'type': ['string', 'integer']}}}, 'baseline_year': {'type': ['string', 'integer']}, 'headquarters': {'type': 'string', 'minLength': 1}, 'headquarters_note': {'type': 'string'}, 'committee': {'type': 'string'}, 'committee_note': {'type': 'string'}, 'office': {'type': 'string', 'minLength': 1}, 'reform': {'type': 'string', 'minLength': 1}, 'short_name': {'type': 'string', 'minLength': 1}, 'levels': {'type': 'object', 'additionalProperties': False, 'properties': {'area': {'type': 'string', 'pattern': '^[^\\[\\]:*?/\\\\\\s]{1,10}$'}, 'category': {'type': 'string', 'pattern': '^[^\\[\\]:*?/\\\\\\s]{1,10}$'}, 'item': {'type': 'string', 'pattern': '^[^\\[\\]:*?/\\\\\\s]{1,10}$'}}}}}, 'sections': {'type': 'array', 'minItems': 1, 'items': {'type': 'string', 'minLength': 1}}, 'grades': {'type': 'array', 'minItems': 2, 'items': {'type': 'object', 'additionalProperties': False, 'required': ['code', 'label', 'definition'], 'properties': {'code': {'type': ['string', 'integer'], 'pattern': '^[A-Z1-9◎○△×□■●▲☆★]$', 'minimum': 1, 'maximum': 9}, 'label': {'type': 'string', 'minLength': 1}, 'definition': {'type': 'string', 'minLength': 1}, 'rank': {'type': 'integer', 'minimum': 1}, 'behind': {'type': 'boolean'}}}}, 'judgement': {'type': 'object', 'additionalProperties': False, 'required': ['achieved', 'on_track', 'mostly_on_track'], 'properties': {'achieved': {'type': 'number', 'exclusiveMinimum': 0}, 'on_track': {'type': 'number', 'exclusiveMinimum': 0}, 'mostly_on_track': {'type': 'number', 'exclusiveMinimum': 0}}}, 'areas': {'type': 'array', 'minItems': 1, 'items': {'type': 'object', 'additionalProperties': False, 'required': ['number', 'name', 'categories'], 'properties': {'number': {'type': 'integer', 'minimum': 1}, 'name': {'type': 'string', 'minLength': 1}, 'intro': {'type': 'string'}, 'categories': {'type': 'array', 'minItems': 1, 'items': {'type': 'object', 'additionalProperties': False, 'required': ['number', 'name', 'items'], 'properties': {'number': {'type': 'integer', 'minimum': 1}, 'name': {'type': 'string', 'minLength': 1}, 'intro': {'type': 'string'}, 'items': {'type': 'array', 'minItems': 1, 'items': {'type': 'object', 'additionalProperties': False, 'required': ['number', 'name', 'content', 'actions', 'sections'], 'properties': {'number': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/number'}, 'name': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}, 'continued': {'type': 'boolean'}, 'content': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}, 'actions': {'type': 'array', 'minItems': 1, 'items': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/action'}}, 'sections': {'type': 'array', 'items': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}}, 'related_sections': {'type': 'boolean'}, 'marker': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/year'}, 'start': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/year'}, 'end': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/year'}}}}}}}}}}, 'kpis': {'type': 'array', 'items': {'type': 'object', 'additionalProperties': False, 'required': ['id', 'item', 'name', 'kind', 'unit', 'baseline', 'target', 'owner'], 'properties': {'id': {'type': 'string', 'pattern': '^[A-Za-z0-9_-]+$'}, 'item': {'type': 'string', 'pattern': '^\\d+-\\d+-\\d+$'}, 'name': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}, 'short_name': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}, 'kind': {'enum': ['rate', 'count', 'yen']}, 'unit': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}, 'direction': {'enum': ['増加', '減少']}, 'cumulative': {'type': 'boolean'}, 'baseline': {'type': ['number', 'null']}, 'target': {'type': 'number'}, 'yearly_targets': {'type': 'object', 'additionalProperties': {'type': 'number'}}, 'owner': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/text'}, 'owner_assumed': {'type': 'boolean'}, 'start': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/year'}, 'end': {'$ref': 'https://github.com/nihonmatsu/reform_xlsx/plan.schema.json#/$defs/year'}}}}, 'reorganisations': {'type': 'array', 'items': {'type': 'object', 'additionalProperties': False, 'required': ['year', 'from', 'to'], 'properties': {'year': {'type': ['string', 'integer']}, 'from': {'type': 'string', 'minLength': 1}, 'to': {'type': 'string', 'minLength': 1}}}}, 'revision': {'type': 'object', 'additionalProperties': False, 'properties': {'date': {'type': 'string'}, 'effective_year': {'type': ['string', 'integer']}, 'reason': {'type': 'string'}}}, 'glossary': {'type': 'array', 'items': {'type': 'object', 'additionalProperties': False, 'required': ['term', 'text'], 'properties': {'term': {'type': 'string', 'minLength': 1}, 'text': {'type': 'string', 'minLength': 1}}}}}, '$defs': {'text': {'type': 'string', 'minLength': 1}, 'level': {'type': 'string', 'pattern': '^[^\\[\\]:*?/\\\\\\s]{1,10}$'}, 'number': {'type': 'integer', 'minimum': 1}, 'year': {'type': ['string', 'integer']}, 'item': {'type': 'object', 'additionalProperties': False, 'required': ['number', 'name', 'content', 'actions', 'sections'], 'properties': {'number': {'type': 'integer', 'minimum': 1}, 'name': {'type': 'string', 'minLength': 1}, 'continued': {'type': 'boolean'}, 'content': {'type': 'string', 'minLength': 1}, 'actions': {'type': 'array', 'minItems': 1, 'items': {'oneOf': [{'$ref': '#/$defs/text'}, {'type': 'object', 'additionalProperties': False, 'required': ['text'], 'properties': {'text': {'$ref': '#/$defs/text'}, 'start': {'$ref': '#/$defs/year'}, 'end': {'$ref': '#/$defs/year'}, 'stage': {'type': 'string'}}}]}}, 'sections': {'type': 'array', 'items': {'type': 'string', 'minLength': 1}}, 'related_sections': {'type': 'boolean'}, 'marker': {'type': ['string', 'integer']}, 'start': {'type': ['string', 'integer']}, 'end': {'type': ['string', 'integer']}}}, 'action': {'oneOf': [{'type': 'string', 'minLength': 1}, {'type': 'object', 'additionalProperties': False, 'required': ['text'], 'properties': {'text': {'type': 'string', 'minLength': 1}, 'start': {'type': ['string', 'integer']}, 'end': {'type': ['string', 'integer']}, 'stage': {'type': 'string'}}}]}, 'kpi': {'type': 'object', 'additionalProperties': False, 'required': ['id', 'item', 'name', 'kind', 'unit', 'baseline', 'target', 'owner'], 'properties': {'id': {'type': 'string', 'pattern': '^[A-Za-z0-9_-]+$'}, 'item': {'type': 'string', 'pattern': '^\\d+-\\d+-\\d+$'}, 'name': {'type': 'string', 'minLength': 1}, 'short_name': {'type': 'string', 'minLength': 1}, 'kind': {'enum': ['rate', 'count', 'yen']}, 'unit': {'type': 'string', 'minLength': 1}, 'direction': {'enum': ['増加', '減少']}, 'cumulative': {'type': 'boolean'}, 'baseline': {'type': ['number', 'null']}, 'target': {'type': 'number'}, 'yearly_targets': {'type': 'object', 'additionalProperties': {'type': 'number'}}, 'owner': {'type': 'string', 'minLength': 1}, 'owner_assumed': {'type': 'boolean'}, 'start': {'type': ['string', 'integer']}, 'end': {'type': ['string', 'integer']}}}}}, rule='additionalProperties')
    return data

def validate_https___github_com_nihonmatsu_reform_xlsx_plan_schema_json___defs_kpi(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object", value=data, name="" + (name_prefix or "data") + "", definition={'type': 'object', 'additionalProperties': False, 'required': ['id', 'item', 'name', 'kind', 'unit', 'baseline', 'target', 'owner'], 'properties': {'id': {'type': 'string', 'pattern': '^[A-Za-z0-9_-]+$'}, 'item': {'type': 'string', 'pattern': '^\\d+-\\d+-\\d+$'}, 'name': {'type': 'string', 'minLength': 1}, 'short_name': {'type': 'string', 'minLength': 1}, 'kind': {'enum': ['rate', 'count', 'yen']}, 'unit': {'type': 'string', 'minLength': 1}, 'direction': {'enum': ['増加', '減少']}, 'cumulative': {'type': 'boolean'}, 'baseline': {'type': ['number', 'null']}, 'target': {'type': 'number'}, 'yearly_targets': {'type': 'object', 'additionalProperties': {'type': 'number'}}, 'owner': {'type': 'string', 'minLength': 1}, 'owner_assumed': {'type': 'boolean'}, 'start': {'type': ['string', 'integer']}, 'end': {'type': ['string', 'integer']}}}, rule='type')
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['id', 'item', 'name', 'kind', 'unit', 'baseline', 'target', 'owner']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain " + (str(sorted(data__missing_keys)) + " properties"), value=data, name="" + (name_prefix or "data") + "", definition={'type': 'object', 'additionalProperties': False, 'required': ['id', 'item', 'name', 'kind', 'unit', 'baseline', 'target', 'owner'], 'properties': {'id': {'type': 'string', 'pattern': '^[A-Za-z0-9_-]+$'}, 'item': {'type': 'string', 'pattern': '^\\d+-\\d+-\\d+$'}, 'name': {'type': 'string', 'minLength': 1}, 'short_name': {'type': 'string', 'minLength': 1}, 'kind': {'enum': ['rate', 'count', 'yen']}, 'unit': {'type': 'string', 'minLength': 1}, 'direction': {'enum': ['増加', '減少']}, 'cumulative': {'type': 'boolean'}, 'baseline': {'type': ['number', 'null']}, 'target': {'type': 'number'}, 'yearly_targets': {'type': 'object', 'additionalProperties': {'type': 'number'}}, 'owner': {'type': 'string', 'minLength': 1}, 'owner_assumed': {'type': 'boolean'}, 'start': {'type': ['string', 'integer']}, 'end': {'type': ['string', 'integer']}}}, rule='required')
        data_keys = set(data.keys())
        if "id" in data_keys:
            data_keys.remove("id")
            data__id = data["id"]
            if not isinstance(data__id, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".id must be string", value=data__id, name="" + (name_prefix or "data") + ".id", definition={'type': 'string', 'pattern': '^[A-Za-z0-9_-]+$'}, rule='type')
            if isinstance(data__id, str):
                if not REGEX_PATTERNS['^[A-Za-z0-9_-]+$'].search(data__id):
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".id must match pattern ^[A-Za-z0-9_-]+$", value=data__id, name="" + (name_prefix or "data") + ".id", definition={'type': 'string', 'pattern': '^[A-Za-z0-9_-]+$'}, rule='pattern')
        if "item" in data_keys:
            data_keys.remove("item")
            data__item = data["item"]
            if not isinstance(data__item, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".item must be string", value=data__item, name="" + (name_prefix or "data") + ".item", definition={'type': 'string', 'pattern': '^\\d+-\\d+-\\d+$'}, rule='type')
            if isinstance(data__item, str):
                if not REGEX_PATTERNS['^\\d+-\\d+-\\d+$'].search(data__item):
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".item must match pattern ^\\d+-\\d+-\\d+$", value=data__item, name="" + (name_prefix or "data") + ".item", definition={'type': 'string', 'pattern': '^\\d+-\\d+-\\d+$'}, rule='pattern')
        if "name" in data_keys:
            data_keys.remove("name")
            data__name = data["name"]
            validate_https___github_com_nihonmatsu_reform_xlsx_plan_schema_json___defs_text(data__name, custom_formats, (name_prefix or "data") + ".name")
        if "short_name" in data_keys:
            data_keys.remove("short_name")
            data__shortname = data["short_name"]
            validate_https___github_com_nihonmatsu_reform_xlsx_plan_schema_json___defs_text(data__shortname, custom_formats, (name_prefix or "data") + ".short_name")
        if "kind" in data_keys:
            data_keys.remove("kind")
            data__kind = data["kind"]
            if not (isinstance(data__kind, str) and data__kind == 'rate' or isinstance(data__kind, str) and data__kind == 'count' or isinstance(data__kind, str) and data__kind == 'yen'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".kind must be one of ['rate', 'count', 'yen']", value=data__kind, name="" + (name_prefix or "data") + ".kind", definition={'enum': ['rate', 'count', 'yen']}, rule='enum')
        if "unit" in data_keys:
            data_keys.remove("unit")
            data__unit = data["unit"]
            validate_https___github_com_nihonmatsu_reform_xlsx_plan_schema_json___defs_text(data__unit, custom_formats, (name_prefix or "data") + ".unit")
        if "direction" in data_keys:
            data_keys.remove("direction")
            data__direction = data["direction"]
            if not (isinstance(data__direction, str) and data__direction == '増加' or isinstance(data__direction, str) and data__direction == '減少'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".direction must be one of ['増加', '減少']", value=data__direction, name="" + (name_prefix or "data") + ".direction", definition={'enum': ['増加', '減少']}, rule='enum')
        if "cumulative" in data_keys:
            data_keys.remove("cumulative")
            data__cumulative = data["cumulative"]
            if not isinstance(data__cumulative, (bool)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".cumulative must be boolean", value=data__cumulative, name="" + (name_prefix or "data") + ".cumulative", definition={'type': 'boolean'}, rule='type')
        if "baseline" in data_keys:
            data_keys.remove("baseline")
            data__baseline = data["baseline"]
            if not isinstance(data__baseline, (int, float, Decimal, NoneType)) or isinstance(data__baseline, bool):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".baseline must be number or null", value=data__baseline, name="" + (name_prefix or "data") + ".baseline", definition={'type': ['number', 'null']}, rule='type')
        if "target" in data_keys:
            data_keys.remove("target")
            data__target = data["target"]
            if not isinstance(data__target, (int, float, Decimal)) or isinstance(data__target, bool):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".target must be number", value=data__target, name="" + (name_prefix or "data") + ".target", definition={'type': 'number'}, rule='type')
        if "yearly_targets" in data_keys:
            data_keys.remove("yearly_targets")
            data__yearlytargets = data["yearly_targets"]
            if not isinstance(data__yearlytargets, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".yearly_targets must be object", value=data__yearlytargets, name="" + (name_prefix or "data") + ".yearly_targets", definition={'type': 'object', 'additionalProperties': {'type': 'number'}}, rule='type')
            data__yearlytargets_is_dict = isinstance(data__yearlytargets, dict)
            if data__yearlytargets_is_dict:
                data__yearlytargets_keys = set(data__yearlytargets.keys())
                for data__yearlytargets_key in data__yearlytargets_keys:
                    if data__yearlytargets_key not in []:
                        data__yearlytargets_value = data__yearlytargets.get(data__yearlytargets_key)
                        if not isinstance(data__yearlytargets_value, (int, float, Decimal)) or isinstance(data__yearlytargets_value, bool):
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".yearly_targets.{data__yearlytargets_key}".format(**locals()) + " must be number", value=data__yearlytargets_value, name="" + (name_prefix or "data") + ".yearly_targets.{data__yearlytargets_key}".format(**locals()) + "", definition={'type': 'number'}, rule='type')
        if "owner" in data_keys:
            data_keys.remove("owner")
            data__owner = data["owner"]
            validate_https___github_com_nihonmatsu_reform_xlsx_plan_schema_json___defs_text(data__owner, custom_formats, (name_prefix or "data") + ".owner")
        if "owner_assumed" in data_keys:
            data_keys.remove("owner_assumed")
            data__ownerassumed = data["owner_assumed"]
            if not isinstance(data__ownerassumed, (bool)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".owner_assumed must be boolean", value=data__ownerassumed, name="" + (name_prefix or "data") + ".owner_assumed", definition={'type': 'boolean'}, rule='type')
        if "start" in data_keys:
            data_keys.remove("start")
            data__start = data["start"]
            validate_https___github_com_nihonmatsu_reform_xlsx_plan_schema_json___defs_year(data__start, custom_formats, (name_prefix or "data") + ".start")
        if "end" in data_keys:
            data_keys.remove("end")
            data__end = data["end"]
            validate_https___github_com_nihonmatsu_reform_xlsx_plan_schema_json___defs_year(data__end, custom_formats, (name_prefix or "data") + ".end")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties", value=data, name="" + (name_prefix or "data") + "", definition={'type': 'object', 'additionalProperties': False, 'required': ['id', 'item', 'name', 'kind', 'unit', 'baseline', 'target', 'owner'], 'properties': {'id': {'type': 'string', 'pattern': '^[A-Za-z0-9_-]+$'}, 'item': {'type': 'string', 'pattern': '^\\d+-\\d+-\\d+$'}, 'name': {'type': 'string', 'minLength': 1}, 'short_name': {'type': 'string', 'minLength': 1}, 'kind': {'enum': ['rate', 'count', 'yen']}, 'unit': {'type': 'string', 'minLength': 1}, 'direction': {'enum': ['増加', '減少']}, 'cumulative': {'type': 'boolean'}, 'baseline': {'type': ['number', 'null']}, 'target': {'type': 'number'}, 'yearly_targets': {'type': 'object', 'additionalProperties': {'type': 'number'}}, 'owner': {'type': 'string', 'minLength': 1}, 'owner_assumed': {'type': 'boolean'}, 'start': {'type': ['string', 'integer']}, 'end': {'type': ['string', 'integer']}}}, rule='additionalProperties')
    return data

def validate_https___github_com_nihonmatsu_reform_xlsx_plan_schema_json___defs_item(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object", value=data, name="" + (name_prefix or "data") + "", definition={'type': 'object', 'additionalProperties': False, 'required': ['number', 'name', 'content', 'actions', 'sections'], 'properties': {'number': {'type': 'integer', 'minimum': 1}, 'name': {'type': 'string', 'minLength': 1}, 'continued': {'type': 'boolean'}, 'content': {'type': 'string', 'minLength': 1}, 'actions': {'type': 'array', 'minItems': 1, 'items': {'oneOf': [{'$ref': '#/$defs/text'}, {'type': 'object', 'additionalProperties': False, 'required': ['text'], 'properties': {'text': {'$ref': '#/$defs/text'}, 'start': {'$ref': '#/$defs/year'}, 'end': {'$ref': '#/$defs/year'}, 'stage': {'type': 'string'}}}]}}, 'sections': {'type': 'array', 'items': {'type': 'string', 'minLength': 1}}, 'related_sections': {'type': 'boolean'}, 'marker': {'type': ['string', 'integer']}, 'start': {'type': ['string', 'integer']}, 'end': {'type': ['string', 'integer']}}}, rule='type')
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['number', 'name', 'content', 'actions', 'sections']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain " + (str(sorted(data__missing_keys)) + " properties"), value=data, name="" + (name_prefix or "data") + "", definition={'type': 'object', 'additionalProperties': False, 'required': ['number', 'name', 'content', 'actions', 'sections'], 'properties': {'number': {'type': 'integer', 'minimum': 1}, 'name': {'type': 'string', 'minLength': 1}, 'continued': {'type': 'boolean'}, 'content': {'type': 'string', 'minLength': 1}, 'actions': {'type': 'array', 'minItems': 1, 'items': {'oneOf': [{'$ref': '#/$defs/text'}, {'type': 'object', 'additionalProperties': False, 'required': ['text'], 'properties': {'text': {'$ref': '#/$defs/text'}, 'start': {'$ref': '#/$defs/year'}, 'end': {'$ref': '#/$defs/year'}, 'stage': {'type': 'string'}}}]}}, 'sections': {'type': 'array', 'items': {'type': 'string', 'minLength': 1}}, 'related_sections': {'type': 'boolean'}, 'marker': {'type': ['string', 'integer']}, 'start': {'type': ['string', 'integer']}, 'end': {'type': ['string', 'integer']}}}, rule='required')
        data_keys = set(data.keys())
        if "number" in data_keys:
            data_keys.remove("number")
            data__number = data["number"]
            validate_https___github_com_nihonmatsu_reform_xlsx_plan_schema_json___defs_number(data__number, custom_formats, (name_prefix or "data") + ".number")
        if "name" in data_keys:
            data_keys.remove("name")
            data__name = data["name"]
            validate_https___github_com_nihonmatsu_reform_xlsx_plan_schema_json___defs_text(data__name, custom_formats, (name_prefix or "data") + ".name")
        if "continued" in data_keys:
            data_keys.remove("continued")
            data__continued = data["continued"]
            if not isinstance(data__continued, (bool)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".continued must be boolean", value=data__continued, name="" + (name_prefix or "data") + ".continued", definition={'type': 'boolean'}, rule='type')
        if "content" in data_keys:
            data_keys.remove("content")
            data__content = data["content"]
            validate_https___github_com_nihonmatsu_reform_xlsx_plan_schema_json___defs_text(data__content, custom_formats, (name_prefix or "data") + ".content")
        if "actions" in data_keys:
            data_keys.remove("actions")
            data__actions = data["actions"]
            if not isinstance(data__actions, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".actions must be array", value=data__actions, name="" + (name_prefix or "data") + ".actions", definition={'type': 'array', 'minItems': 1, 'items': {'oneOf': [{'$ref': '#/$defs/text'}, {'type': 'object', 'additionalProperties': False, 'required': ['text'], 'properties': {'text': {'$ref': '#/$defs/text'}, 'start': {'$ref': '#/$defs/year'}, 'end': {'$ref': '#/$defs/year'}, 'stage': {'type': 'string'}}}]}}, rule='type')
            data__actions_is_list = isinstance(data__actions, (list, tuple))
            if data__actions_is_list:
                data__actions_len = len(data__actions)
                if data__actions_len < 1:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".actions must contain at least 1 items", value=data__actions, name="" + (name_prefix or "data") + ".actions", definition={'type': 'array', 'minItems': 1, 'items': {'oneOf': [{'$ref': '#/$defs/text'}, {'type': 'object', 'additionalProperties': False, 'required': ['text'], 'properties': {'text': {'$ref': '#/$defs/text'}, 'start': {'$ref': '#/$defs/year'}, 'end': {'$ref': '#/$defs/year'}, 'stage': {'type': 'string'}}}]}}, rule='minItems')
                for data__actions_x, data__actions_item in enumerate(data__actions):
                    validate_https___github_com_nihonmatsu_reform_xlsx_plan_schema_json___defs_action(data__actions_item, custom_formats, (name_prefix or "data") + ".actions[{data__actions_x}]".format(**locals()))
        if "sections" in data_keys:
            data_keys.remove("sections")
            data__sections = data["sections"]
            if not isinstance(data__sections, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".sections must be array", value=data__sections, name="" + (name_prefix or "data") + ".sections", definition={'type': 'array', 'items': {'type': 'string', 'minLength': 1}}, rule='type')
            data__sections_is_list = isinstance(data__sections, (list, tuple))
            if data__sections_is_list:
                data__sections_len = len(data__sections)
                for data__sections_x, data__sections_item in enumerate(data__sections):
                    validate_https___github_com_nihonmatsu_reform_xlsx_plan_schema_json___defs_text(data__sections_item, custom_formats, (name_prefix or "data") + ".sections[{data__sections_x}]".format(**locals()))
        if "related_sections" in data_keys:
            data_keys.remove("related_sections")
            data__relatedsections = data["related_sections"]
            if not isinstance(data__relatedsections, (bool)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".related_sections must be boolean", value=data__relatedsections, name="" + (name_prefix or "data") + ".related_sections", definition={'type': 'boolean'}, rule='type')
        if "marker" in data_keys:
            data_keys.remove("marker")
            data__marker = data["marker"]
            validate_https___github_com_nihonmatsu_reform_xlsx_plan_schema_json___defs_year(data__marker, custom_formats, (name_prefix or "data") + ".marker")
        if "start" in data_keys:
            data_keys.remove("start")
            data__start = data["start"]
            validate_https___github_com_nihonmatsu_reform_xlsx_plan_schema_json___defs_year(data__start, custom_formats, (name_prefix or "data") + ".start")
        if "end" in data_keys:
            data_keys.remove("end")
            data__end = data["end"]
            validate_https___github_com_nihonmatsu_reform_xlsx_plan_schema_json___defs_year(data__end, custom_formats, (name_prefix or "data") + ".end")
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties", value=data, name="" + (name_prefix or "data") + "", definition={'type': 'object', 'additionalProperties': False, 'required': ['number', 'name', 'content', 'actions', 'sections'], 'properties': {'number': {'type': 'integer', 'minimum': 1}, 'name': {'type': 'string', 'minLength': 1}, 'continued': {'type': 'boolean'}, 'content': {'type': 'string', 'minLength': 1}, 'actions': {'type': 'array', 'minItems': 1, 'items': {'oneOf': [{'$ref': '#/$defs/text'}, {'type': 'object', 'additionalProperties': False, 'required': ['text'], 'properties': {'text': {'$ref': '#/$defs/text'}, 'start': {'$ref': '#/$defs/year'}, 'end': {'$ref': '#/$defs/year'}, 'stage': {'type': 'string'}}}]}}, 'sections': {'type': 'array', 'items': {'type': 'string', 'minLength': 1}}, 'related_sections': {'type': 'boolean'}, 'marker': {'type': ['string', 'integer']}, 'start': {'type': ['string', 'integer']}, 'end': {'type': ['string', 'integer']}}}, rule='additionalProperties')
    return data

def validate_https___github_com_nihonmatsu_reform_xlsx_plan_schema_json___defs_action(data, custom_formats={}, name_prefix=None):
    data_one_of_count1 = 0
    if data_one_of_count1 < 2:
        try:
            validate_https___github_com_nihonmatsu_reform_xlsx_plan_schema_json___defs_text(data, custom_formats, (name_prefix or "data") + "")
            data_one_of_count1 += 1
        except (JsonSchemaValueException, JsonSchemaValuesException): pass
    if data_one_of_count1 < 2:
        try:
            if not isinstance(data, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object", value=data, name="" + (name_prefix or "data") + "", definition={'type': 'object', 'additionalProperties': False, 'required': ['text'], 'properties': {'text': {'type': 'string', 'minLength': 1}, 'start': {'type': ['string', 'integer']}, 'end': {'type': ['string', 'integer']}, 'stage': {'type': 'string'}}}, rule='type')
            data_is_dict = isinstance(data, dict)
            if data_is_dict:
                data__missing_keys = set(['text']) - data.keys()
                if data__missing_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain " + (str(sorted(data__missing_keys)) + " properties"), value=data, name="" + (name_prefix or "data") + "", definition={'type': 'object', 'additionalProperties': False, 'required': ['text'], 'properties': {'text': {'type': 'string', 'minLength': 1}, 'start': {'type': ['string', 'integer']}, 'end': {'type': ['string', 'integer']}, 'stage': {'type': 'string'}}}, rule='required')
                data_keys = set(data.keys())
                if "text" in data_keys:
                    data_keys.remove("text")
                    data__text = data["text"]
                    validate_https___github_com_nihonmatsu_reform_xlsx_plan_schema_json___defs_text(data__text, custom_formats, (name_prefix or "data") + ".text")
                if "start" in data_keys:
                    data_keys.remove("start")
                    data__start = data["start"]
                    validate_https___github_com_nihonmatsu_reform_xlsx_plan_schema_json___defs_year(data__start, custom_formats, (name_prefix or "data") + ".start")
                if "end" in data_keys:
                    data_keys.remove("end")
                    data__end = data["end"]
                    validate_https___github_com_nihonmatsu_reform_xlsx_plan_schema_json___defs_year(data__end, custom_formats, (name_prefix or "data") + ".end")
                if "stage" in data_keys:
                    data_keys.remove("stage")
                    data__stage = data["stage"]
                    if not isinstance(data__stage, (str)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".stage must be string", value=data__stage, name="" + (name_prefix or "data") + ".stage", definition={'type': 'string'}, rule='type')
                if data_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties", value=data, name="" + (name_prefix or "data") + "", definition={'type': 'object', 'additionalProperties': False, 'required': ['text'], 'properties': {'text': {'type': 'string', 'minLength': 1}, 'start': {'type': ['string', 'integer']}, 'end': {'type': ['string', 'integer']}, 'stage': {'type': 'string'}}}, rule='additionalProperties')
            data_one_of_count1 += 1
        except (JsonSchemaValueException, JsonSchemaValuesException): pass
    if data_one_of_count1 != 1:
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be valid exactly by one definition" + (" (" + str(data_one_of_count1) + " matches found)"), value=data, name="" + (name_prefix or "data") + "", definition={'oneOf': [{'type': 'string', 'minLength': 1}, {'type': 'object', 'additionalProperties': False, 'required': ['text'], 'properties': {'text': {'type': 'string', 'minLength': 1}, 'start': {'type': ['string', 'integer']}, 'end': {'type': ['string', 'integer']}, 'stage': {'type': 'string'}}}]}, rule='oneOf')
    return data

def validate_https___github_com_nihonmatsu_reform_xlsx_plan_schema_json___defs_number(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (int)) and not (isinstance(data, float) and data.is_integer()) or isinstance(data, bool):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be integer", value=data, name="" + (name_prefix or "data") + "", definition={'type': 'integer', 'minimum': 1}, rule='type')
    if isinstance(data, (int, float, Decimal)) and not isinstance(data, bool):
        if data < 1:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must be bigger than or equal to 1", value=data, name="" + (name_prefix or "data") + "", definition={'type': 'integer', 'minimum': 1}, rule='minimum')
    return data

def validate_https___github_com_nihonmatsu_reform_xlsx_plan_schema_json___defs_level(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (str)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be string", value=data, name="" + (name_prefix or "data") + "", definition={'type': 'string', 'pattern': '^[^\\[\\]:*?/\\\\\\s]{1,10}$'}, rule='type')
    if isinstance(data, str):
        if not REGEX_PATTERNS['^[^\\[\\]:*?/\\\\\\s]{1,10}$'].search(data):
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must match pattern ^[^\\[\\]:*?/\\\\\\s]{1,10}$", value=data, name="" + (name_prefix or "data") + "", definition={'type': 'string', 'pattern': '^[^\\[\\]:*?/\\\\\\s]{1,10}$'}, rule='pattern')
    return data

def validate_https___github_com_nihonmatsu_reform_xlsx_plan_schema_json___defs_year(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (str, int)) and not (isinstance(data, float) and data.is_integer()) or isinstance(data, bool):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be string or integer", value=data, name="" + (name_prefix or "data") + "", definition={'type': ['string', 'integer']}, rule='type')
    return data

def validate_https___github_com_nihonmatsu_reform_xlsx_plan_schema_json___defs_text(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (str)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be string", value=data, name="" + (name_prefix or "data") + "", definition={'type': 'string', 'minLength': 1}, rule='type')
    if isinstance(data, str):
        data_len = len(data)
        if data_len < 1:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must be longer than or equal to 1 characters", value=data, name="" + (name_prefix or "data") + "", definition={'type': 'string', 'minLength': 1}, rule='minLength')
    return data

validate = validate_https___github_com_nihonmatsu_reform_xlsx_plan_schema_json
