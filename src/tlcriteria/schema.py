"""JSON Schemas of criteria set files and place files, generated from the loader's own definitions.

One source of truth: the keys, types, ranges and French descriptions come from
`file_keys.py` (`SET_FIELDS`, `CRITERION_FIELDS`…), from each registered
answer kind (`fields`, `value_schema`, optional `field_schemas`) and from each
rating scheme (`grade_fields`). Editors that read JSON Schemas for TOML
(taplo, Even Better TOML) then complete keys and flag mistakes while typing.

The schemas are draft 2020-12 and use only keywords that draft-07 tools also
understand (`if`/`then`, `allOf`, `oneOf`, `additionalProperties`), so that
taplo and the `jsonschema` library agree on every file.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from . import weburl
from .fields import SLUG_PATTERN, Field
from .file_keys import (
    ANSWER_FIELDS,
    AREA_FIELDS,
    CONTACT_FIELDS,
    CRITERION_FIELDS,
    GRADE_BASE_FIELDS,
    NETWORK_FIELDS,
    PLACE_FIELDS,
    REQUIREMENT_FIELDS,
    RESTATE_FIELDS,
    SET_FIELDS,
    SHORT_TEXT_MAX,
    THEME_FIELDS,
    WORD_FIELDS,
)
from .model import DEFAULT_SCHEME, EVIDENCE, JsonValue
from .plausible import MAX_LENGTHS

if TYPE_CHECKING:
    from .catalogue import Catalogue
    from .interfaces import AnswerKind, RatingScheme
    from .model import Criterion
    from .registry import Registry

DRAFT = "https://json-schema.org/draft/2020-12/schema"
KINDS = ("set", "place", "network")
#: A text the loader accepts: not empty, not only blanks.
NOT_BLANK = r"\S"
#: Where a schema keeps the rule of a web address (weburl.py), written once.
WEB_ADDRESS_REF = "#/$defs/web-address"


def _json_number(value: object) -> JsonValue:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal | Fraction | float):
        number = Fraction(value)
        return int(number) if number.denominator == 1 else float(number)
    if isinstance(value, tuple | list):
        return [_json_number(v) for v in value]
    return str(value)  # never reached: fields hold TOML values


def type_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of one field type of `fields.py`."""
    if kind == "string":
        return {"type": "string", "pattern": NOT_BLANK}
    if kind == "slug":
        return {"type": "string", "pattern": SLUG_PATTERN}
    if kind == "web-address":
        # allOf keeps the field's description beside the reference for draft-07 tools (taplo).
        return {"allOf": [{"$ref": WEB_ADDRESS_REF}]}
    if kind == "table":
        return {"type": "object"}
    if kind == "any":
        return {}
    if kind == "decimal":
        return {"type": "number"}
    return {"type": kind}  # integer, boolean, array


def field_schema(field: Field, extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """One `Field` as JSON Schema: type, constraints, default and French description."""
    schema: dict[str, Any] = {}
    if field.description:
        schema["description"] = field.description
    schema.update(type_schema(field.type))
    if field.enum:
        schema["enum"] = [_json_number(e) for e in field.enum]
        schema.pop("pattern", None)
    if field.minimum is not None:
        schema["minimum"] = _json_number(field.minimum)
    if field.exclusive_minimum is not None:
        schema["exclusiveMinimum"] = _json_number(field.exclusive_minimum)
    if field.maximum is not None:
        schema["maximum"] = _json_number(field.maximum)
    if field.type == "array":
        if field.items:
            schema["items"] = type_schema(field.items)
        if field.unique_items:
            schema["uniqueItems"] = True
        if field.min_items is not None:
            schema["minItems"] = field.min_items
    if field.default is not None and field.default != ():
        schema["default"] = _json_number(field.default)
    if extra:
        schema.update(extra)
    return schema


def table_schema(
    fields: Sequence[Field],
    *,
    description: str = "",
    extras: Mapping[str, Mapping[str, Any]] | None = None,
    closed: bool = True,
) -> dict[str, Any]:
    """A TOML table whose keys are `fields`; unknown keys refused when `closed`."""
    extras = extras or {}
    schema: dict[str, Any] = {"type": "object"}
    if description:
        schema["description"] = description
    schema["properties"] = {f.name: field_schema(f, extras.get(f.name)) for f in fields}
    required = [f.name for f in fields if f.required]
    if required:
        schema["required"] = required
    if closed:
        schema["additionalProperties"] = False
    return schema


def _merged(*groups: Iterable[Field]) -> list[Field]:
    merged: dict[str, Field] = {}
    for group in groups:
        for field in group:
            merged.setdefault(field.name, field)
    return list(merged.values())


def _kind_extras(kind: AnswerKind) -> dict[str, Mapping[str, Any]]:
    return dict(kind.field_schemas)


#: What a `Field` cannot say of the rating-model keys (SPEC §9): the tables' contents.
MODEL_EXTRAS: dict[str, Mapping[str, Any]] = {
    "option_evidence": {
        "propertyNames": {"pattern": SLUG_PATTERN},
        "additionalProperties": {"enum": list(EVIDENCE)},
    },
    "requires": {"items": table_schema(REQUIREMENT_FIELDS)},
}


# --------------------------------------------------------------------------- sets


def criterion_schema(kinds: Mapping[str, AnswerKind]) -> dict[str, Any]:
    """`[[criteria]]`: the common keys, and for each kind (`kind = "…"`) its own keys only."""
    names = sorted(kinds)
    kind_field = {
        "description": "Type de réponse : "
        + " ; ".join(f"{n} ({kinds[n].description})" if kinds[n].description else n for n in names),
        "enum": names,
    }
    every = _merged(CRITERION_FIELDS, *(kinds[n].fields for n in names))
    extras: dict[str, Mapping[str, Any]] = {"kind": kind_field, **MODEL_EXTRAS}
    for n in names:
        for key, extra in _kind_extras(kinds[n]).items():
            extras.setdefault(key, extra)
    schema = table_schema(
        every, description="Un critère : une question et la règle qui donne son crédit.", extras=extras
    )
    # Required keys common to every kind only; each kind adds its own below.
    schema["required"] = [f.name for f in CRITERION_FIELDS if f.required]
    branches = []
    for n in names:
        kind = kinds[n]
        own = table_schema(
            _merged(CRITERION_FIELDS, kind.fields),
            extras={"kind": {"const": n}, **MODEL_EXTRAS, **_kind_extras(kind)},
        )
        own.pop("type")
        for field in CRITERION_FIELDS:  # described once, above
            own["properties"][field.name] = True
        own["properties"]["kind"] = {"const": n}
        branches.append({"if": {"properties": {"kind": {"const": n}}, "required": ["kind"]}, "then": own})
    schema["allOf"] = branches
    return schema


def grade_schema(scheme: RatingScheme | None, every: Sequence[Field]) -> dict[str, Any]:
    fields = _merged(GRADE_BASE_FIELDS, scheme.grade_fields if scheme else every)
    description = (
        "Une note, de la meilleure à la dernière ; la première dont les conditions sont remplies est donnée."
    )
    return table_schema(fields, description=description)


def set_schema(registry: Registry) -> dict[str, Any]:
    """The JSON Schema of a criteria set file (SPEC §2)."""
    kinds, schemes = registry.kinds, registry.schemes
    scheme_names = sorted(schemes)
    every_grade = _merged(*(schemes[n].grade_fields for n in scheme_names))
    set_table = table_schema(
        _merged(SET_FIELDS, *(schemes[n].set_fields for n in scheme_names)),
        description="L'en-tête du jeu de critères.",
        extras={
            **MODEL_EXTRAS,
            "themes": {"additionalProperties": table_schema(THEME_FIELDS)},
            "scheme": {
                "enum": scheme_names,
                "description": "Schéma de notation : "
                + " ; ".join(
                    f"{n} ({schemes[n].description})" if schemes[n].description else n for n in scheme_names
                ),
            },
        },
    )
    if "scheme" in set_table["properties"]:
        set_table["properties"]["scheme"].pop("pattern", None)
    defs: dict[str, Any] = {"criterion": criterion_schema(kinds), "grade": grade_schema(None, every_grade)}
    branches = []
    for n in scheme_names:
        defs[f"grade-{n}"] = grade_schema(schemes[n], every_grade)
        scheme_is: dict[str, Any] = {"properties": {"scheme": {"const": n}}}
        if n != DEFAULT_SCHEME:
            scheme_is["required"] = ["scheme"]
        branches.append(
            {
                "if": {"properties": {"set": scheme_is}},
                "then": {"properties": {"grades": {"items": {"$ref": f"#/$defs/grade-{n}"}}}},
            }
        )
    return {
        "$schema": DRAFT,
        "$id": "https://tiers-lieux-normands.example/tlcriteria/set.schema.json",
        "title": "Jeu de critères tlcriteria",
        "description": "Un fichier de critères : [set], puis des [[criteria]], des [[restate]] et des [[grades]].",
        "type": "object",
        "properties": {
            "set": set_table,
            "criteria": {
                "description": "Les critères, dans l'ordre où les membres les voient.",
                "type": "array",
                "items": {"$ref": "#/$defs/criterion"},
            },
            "grades": {
                "description": "Les notes, de la meilleure à la dernière (sans condition).",
                "type": "array",
                "items": {"$ref": "#/$defs/grade"},
            },
            "restate": {
                "description": "Critères des jeux étendus, notés ici selon la règle de ce jeu.",
                "type": "array",
                "items": table_schema(RESTATE_FIELDS, extras=MODEL_EXTRAS),
            },
        },
        "required": ["set"],
        "additionalProperties": False,
        "allOf": branches,
        "$defs": defs,
    }


# --------------------------------------------------------------------------- places


def _value_schemas(kinds: Mapping[str, AnswerKind]) -> list[dict[str, Any]]:
    seen: list[dict[str, Any]] = []
    for name in sorted(kinds):
        schema = dict(kinds[name].value_schema)
        if schema and schema not in seen:
            seen.append(schema)
    return seen


def answer_schema(kinds: Mapping[str, AnswerKind]) -> dict[str, Any]:
    """An answer: the value alone, or `{ value = …, justification, url }`, or `{ na = true }`."""
    values = _value_schemas(kinds)
    value: dict[str, Any] = {"anyOf": values} if values else {}
    long_form = table_schema(ANSWER_FIELDS)
    long_form["properties"]["value"] = {"description": ANSWER_FIELDS[0].description, **value}
    long_form["oneOf"] = [
        {"required": ["value"], "properties": {"na": {"const": False}}},
        {"required": ["na"], "properties": {"na": {"const": True}}, "not": {"required": ["value"]}},
    ]
    short = dict(value) if value else {"not": {"type": "object"}}
    return {
        "description": 'Réponse : la valeur seule, ou { value = …, justification = "…", url = "…" }, '
        "ou { na = true } si le critère le permet.",
        "anyOf": [short, long_form],
    }


def criterion_value_schema(criterion: Criterion, kind: AnswerKind) -> dict[str, Any]:
    """The value schema of one criterion's answer: the kind's, narrowed by its settings."""
    from .mistakes import MAPPING, held  # the plugin contract: only for a criterion's own schema

    return dict(held(kind.config_value_schema, criterion.id, MAPPING)(criterion.config))


def criterion_answer_schema(criterion: Criterion, kind: AnswerKind) -> dict[str, Any]:
    """One criterion's answer: its question as description, its values, n/a only where allowed."""
    value = criterion_value_schema(criterion, kind)
    long_form = table_schema(ANSWER_FIELDS)
    long_form["properties"]["value"] = {"description": ANSWER_FIELDS[0].description, **value}
    branches: list[dict[str, Any]] = [{"required": ["value"], "properties": {"na": {"const": False}}}]
    if criterion.na_allowed:
        branches.append(
            {"required": ["na"], "properties": {"na": {"const": True}}, "not": {"required": ["value"]}}
        )
    long_form["oneOf"] = branches
    description = f"{criterion.title} — {criterion.question}"
    if criterion.status == "future":
        description += " (critère annoncé, pas encore noté)"
    return {"description": description, "anyOf": [value or {"not": {"type": "object"}}, long_form]}


def web_address_schema() -> dict[str, Any]:
    """A web address, by the rule of weburl.py (its pattern is generated there)."""
    return {
        "description": "Adresse web complète : http:// ou https://, un nom avec un point, une adresse IPv4 "
        "ou IPv6 ; sans espace, guillemet, chevron ni caractère de contrôle.",
        **weburl.schema(),
    }


def place_schema(registry: Registry, catalogue: Catalogue | None = None) -> dict[str, Any]:
    """The JSON Schema of a place file (SPEC §4).

    With a catalogue, `[answers]` lists its criteria (completion of the ids, the
    question shown on hover, option ids proposed) and refuses unknown ids.
    """
    answers: dict[str, Any] = {
        "description": "Les réponses, par identifiant de critère.",
        "type": "object",
        "propertyNames": {"pattern": SLUG_PATTERN},
        "additionalProperties": {"$ref": "#/$defs/answer"},
    }
    if catalogue is not None and catalogue.criteria:
        answers["properties"] = {
            cid: criterion_answer_schema(c, registry.kinds[c.kind])
            for cid, c in sorted(catalogue.criteria.items())
            if c.status != "retired" and c.kind in registry.kinds
        }
        # Still accepted (SPEC §8): answers to retired criteria, and under ids a criterion replaces.
        answers["properties"] |= {
            cid: {
                "$ref": "#/$defs/answer",
                "description": f"{c.title} — critère retiré : réponse gardée, plus notée",
            }
            for cid, c in sorted(catalogue.criteria.items())
            if c.status == "retired"
        }
        answers["properties"] |= {
            old: {
                "$ref": "#/$defs/answer",
                "description": f"Ancien identifiant de « {new} » : lu comme {new} (tlcriteria migrate réécrit la fiche)",
            }
            for old, new in sorted(catalogue.replaced.items())
        }
        answers["properties"] = dict(sorted(answers["properties"].items()))
        answers["additionalProperties"] = False
    return {
        "$schema": DRAFT,
        "$id": "https://tiers-lieux-normands.example/tlcriteria/place.schema.json",
        "title": "Fiche d'un lieu tlcriteria",
        "description": "Une fiche de lieu : [place], [contact] (privé) et [answers].",
        "type": "object",
        "properties": {
            "place": table_schema(
                PLACE_FIELDS,
                description="Le lieu, tel qu'il est publié.",
                extras={
                    # The length limits of `check` (plausible.py); the characters are left to check.
                    **{key: {"maxLength": limit} for key, limit in MAX_LENGTHS.items()},
                },
            )
            # dependentRequired for draft 2020-12, dependencies for draft-07 tools such as taplo
            | {
                "dependentRequired": {"lat": ["lon"], "lon": ["lat"]},
                "dependencies": {"lat": ["lon"], "lon": ["lat"]},
            },
            "contact": table_schema(CONTACT_FIELDS, description="Contact : privé, jamais publié."),
            "answers": answers,
        },
        "required": ["place"],
        "additionalProperties": False,
        "$defs": {"answer": answer_schema(registry.kinds)},
    }


def network_schema() -> dict[str, Any]:
    """The JSON Schema of a network file (`reseau.toml`): its name and the area of its places."""
    head = table_schema(NETWORK_FIELDS, description="Le réseau.")
    head["properties"]["area"] = table_schema(AREA_FIELDS, description=NETWORK_FIELDS[1].description)
    word = {
        "oneOf": [
            {"type": "string", "pattern": NOT_BLANK, "maxLength": SHORT_TEXT_MAX},
            table_schema(WORD_FIELDS, extras={"label": {"maxLength": SHORT_TEXT_MAX}}),
        ]
    }
    for key in ("publics", "services"):
        head["properties"][key]["items"] = word
    return {
        "$schema": DRAFT,
        "$id": "https://tiers-lieux-normands.example/tlcriteria/network.schema.json",
        "title": "Fichier de réseau tlcriteria",
        "description": "Le réseau : son nom, le rectangle où sont ses lieux et les mots habituels "
        "de leurs publics et services ([network]).",
        "type": "object",
        "properties": {"network": head},
        "required": ["network"],
        "additionalProperties": False,
    }


def schema_for(kind: str, registry: Registry, catalogue: Catalogue | None = None) -> dict[str, Any]:
    if kind == "set":
        return with_web_address(set_schema(registry))
    if kind == "place":
        return with_web_address(place_schema(registry, catalogue))
    if kind == "network":
        return with_web_address(network_schema())
    raise ValueError(f"unknown schema kind {kind!r}")


def with_web_address(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema with the rule of a web address in its `$defs` when a field refers to it
    (the place's website and answers' urls; a plugin kind's key may be one too)."""
    if WEB_ADDRESS_REF in json.dumps(schema):
        schema["$defs"] = {**schema.get("$defs", {}), "web-address": web_address_schema()}
    return schema


def dumps(schema: Mapping[str, Any]) -> str:
    """Stable text: same registry, same bytes (the committed schemas are compared to it)."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
