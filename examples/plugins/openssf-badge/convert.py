"""Write the OpenSSF Best Practices badge as tlcriteria criteria sets and place files.

    python convert.py CRITERIA_YML PROJECTS_YML OUTDIR

CRITERIA_YML is the badge's `criteria/criteria.yml`; PROJECTS_YML a file in
the format of its `test/fixtures/projects.yml` (one project per top-level key,
`<criterion>_status` and `<criterion>_justification` fields, the fixtures' ERB
loops included). OUTDIR receives `criteria/openssf-passing.toml`, `-silver`,
`-gold`, `openssf-badge.toml` (the ladder) and `places/<project>.toml`.

Only the badge's rules are translated here, into keys of the set files
(docs/criteria-format.md, "Modèles de notation"); every figure is computed by
tlcriteria's engine. Needs PyYAML (this script only, not tlcriteria).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import tomli_w
import yaml

LEVELS = ("0", "1", "2")
SET_IDS = {"0": "openssf-passing", "1": "openssf-silver", "2": "openssf-gold"}
GRADES = {"0": "passing", "1": "silver", "2": "gold"}
CATEGORY = {"MUST": "must", "SHOULD": "should", "SUGGESTED": "may"}
#: What an unmet answer is worth, by category (the badge's get_unmet_result).
ACCEPT_UNMET = {"must": "never", "should": "justified", "may": "always"}
#: The badge's status codes (lib/criterion_status.rb) and names.
STATUS = {0: "?", 1: "Unmet", 2: "N/A", 3: "Met"}
STATUS_NAMES = {"?": "?", "unknown": "?", "unmet": "Unmet", "n/a": "N/A", "na": "N/A", "met": "Met"}
VERSION = "openssf-bp-2026"
ATTRIBUTION = (
    "Criteria of the OpenSSF Best Practices badge (https://www.bestpractices.dev/), "
    "© the Linux Foundation, IDA and the badge's contributors, CC-BY-3.0+ (text) / MIT (code); "
    "converted to tlcriteria by convert.py."
)


class ConversionError(Exception):
    """A problem in an input file, said in one line."""


# --------------------------------------------------------------------------- reading


class _OmapLoader(yaml.SafeLoader):
    """criteria.yml is written with !!omap: read it as ordered dicts."""


def _omap(loader: yaml.SafeLoader, node: yaml.Node) -> dict[Any, Any]:
    pairs = loader.construct_sequence(node, deep=True)  # type: ignore[arg-type]
    return {k: v for pair in pairs for k, v in pair.items()}


_OmapLoader.add_constructor("tag:yaml.org,2002:omap", _omap)


def read_criteria(path: Path) -> dict[str, dict[str, dict[str, Any]]]:
    """{level: {criterion name: its keys}} in the file's order, groups flattened."""
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_OmapLoader)  # a SafeLoader
    levels: dict[str, dict[str, dict[str, Any]]] = {}
    for level in LEVELS:
        if level not in data:
            raise ConversionError(f"{path}: level {level!r} is missing (expected '0', '1' and '2')")
        levels[level] = {}
        for major, minors in data[level].items():
            for minor, criteria in minors.items():
                for name, keys in criteria.items():
                    if "category" not in (keys or {}):
                        raise ConversionError(f"{path}: {level}/{name}: no category")
                    levels[level][name] = {**keys, "major": major, "minor": minor}
    return levels


_LOOP = re.compile(
    r"<%-?\s*(?P<items>.+?)\.each\s+do\s+\|(?P<var>\w+)\|\s*-?%>(?P<body>.*?)<%-?\s*end\s*-?%>", re.S
)
_OUTPUT = re.compile(r"<%=\s*(?P<expr>.+?)\s*-?%>")
_COMMENT = re.compile(r"<%#.*?%>", re.S)


def expand_erb(text: str, levels: dict[str, dict[str, dict[str, Any]]]) -> str:
    """Evaluate the fixtures' simple ERB loops without Ruby: lists of criteria, `+` of strings."""
    every = [name for level in LEVELS for name in levels[level]]
    every = list(dict.fromkeys(every))
    constants = {
        "Project::ALL_CRITERIA_STATUS": [f"{n}_status" for n in every],
        "Project::ALL_CRITERIA_JUSTIFICATION": [f"{n}_justification" for n in every],
    }

    def items(expr: str) -> list[str]:
        expr = expr.strip()
        if expr.startswith("(") and expr.endswith(")"):
            expr = expr[1:-1]
        found: list[str] = []
        for term in expr.split("+"):
            term = term.strip()
            match = re.fullmatch(r"Criteria\[['\"](\w+)['\"]\]\.keys", term)
            if match and match[1] in levels:
                found += list(levels[match[1]])
            elif term in constants:
                found += constants[term]
            else:
                raise ConversionError(f"cannot evaluate {term!r} in an ERB loop")
        return found

    def value(expr: str, variables: dict[str, str]) -> str:
        out = ""
        for term in expr.split("+"):
            term = term.strip()
            if re.fullmatch(r"'[^']*'|\"[^\"]*\"", term):
                out += term[1:-1]
            elif term.removesuffix(".to_s") in variables:
                out += variables[term.removesuffix(".to_s")]
            else:
                raise ConversionError(f"cannot evaluate {term!r} in <%= %>")
        return out

    def loop(match: re.Match[str]) -> str:
        return "".join(
            _OUTPUT.sub(lambda m, item=item: value(m["expr"], {match["var"]: item}), match["body"])
            for item in items(match["items"])
        )

    text = _LOOP.sub(loop, _COMMENT.sub("", text))
    if "<%" in text:
        raise ConversionError("an ERB tag other than the fixtures' simple loops is left")
    return text


def read_projects(path: Path, levels: dict[str, dict[str, dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    text = expand_erb(path.read_text(encoding="utf-8"), levels)
    data = yaml.safe_load(text) or {}
    if not isinstance(data, dict) or not all(isinstance(p, dict) for p in data.values()):
        raise ConversionError(f"{path}: expected one table of fields per project")
    return data


# --------------------------------------------------------------------------- sets


def slug(name: str) -> str:
    """A badge name as a tlcriteria identifier (lower case, dashes)."""
    return re.sub(r"[^a-z0-9]+", "-", str(name).lower()).strip("-")


def rule(keys: dict[str, Any], na_allowed: bool) -> dict[str, Any]:
    """The keys that rate one criterion at one level: level, evidence per answer, unmet answers."""
    level = CATEGORY[keys["category"]]
    if keys.get("met_url_required"):
        option_evidence = {"met": "url"}
    elif keys.get("met_justification_required"):
        option_evidence = {"met": "justification"}
    else:
        option_evidence = {}
    needs_na_reason = na_allowed and keys.get("na_justification_required", False)
    return {
        "level": level,
        "option_evidence": option_evidence,
        "na_evidence": "justification" if needs_na_reason else "none",
        "accept_unmet": ACCEPT_UNMET[level],
    }


def status_of(keys: dict[str, Any]) -> str:
    if keys.get("obsolete"):
        return "retired"
    return "future" if keys.get("future") else "active"


def build_sets(levels: dict[str, dict[str, dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    """The three level sets and the ladder, as TOML documents."""
    first_level: dict[str, str] = {}
    for level in LEVELS:
        for name in levels[level]:
            first_level.setdefault(name, level)
    # One answer serves every level: N/A is accepted only where every level allows it
    # (the badge validates the status against each level's na_allowed).
    na_allowed = {
        name: all(levels[lvl][name].get("na_allowed", False) for lvl in LEVELS if name in levels[lvl])
        for name in first_level
    }
    sets: dict[str, dict[str, Any]] = {}
    for index, level in enumerate(LEVELS):
        head: dict[str, Any] = {
            "id": SET_IDS[level],
            "title": f"OpenSSF Best Practices — {GRADES[level]}",
            "version": VERSION,
            "scheme": "whole-percent",
            "description": ATTRIBUTION,
            "na": "met",
            "shown_rounding": "half-up",
            "shown_cap": 99,
        }
        if index:
            head["extends"] = [SET_IDS[lvl] for lvl in LEVELS[:index]]
            head["inherit"] = "restated"
            head["requires"] = [{"set": SET_IDS[LEVELS[index - 1]], "grade": GRADES[LEVELS[index - 1]]}]
        criteria, restated = [], []
        for name, keys in levels[level].items():
            own = rule(keys, na_allowed[name])
            if first_level[name] != level:
                restated.append({"id": slug(name), **own})
                continue
            criterion: dict[str, Any] = {
                "id": slug(name),
                "title": name,
                "question": f"{keys['major']} / {keys['minor']}: {name}",
                "kind": "choice",
                "options": [
                    {"id": "met", "label": "Met", "credit": 1},
                    {"id": "unmet", "label": "Unmet", "credit": 0},
                ],
                "level": own["level"],
                "na_allowed": na_allowed[name],
                "accept_unmet": own["accept_unmet"],
                "status": status_of(keys),
            }
            if keys.get("rationale"):
                criterion["help"] = " ".join(str(keys["rationale"]).split())
            if own["option_evidence"]:
                criterion["option_evidence"] = own["option_evidence"]
            if own["na_evidence"] != "none":
                criterion["na_evidence"] = own["na_evidence"]
            criteria.append(criterion)
        document: dict[str, Any] = {"set": head, "criteria": criteria}
        if restated:
            document["restate"] = restated
        document["grades"] = [
            {"grade": GRADES[level], "label": f"{GRADES[level]} (100 %)", "min_percent": 100},
            {"grade": "in_progress", "label": "in progress"},
        ]
        sets[SET_IDS[level]] = document
    sets["openssf-badge"] = {
        "set": {
            "id": "openssf-badge",
            "title": "OpenSSF Best Practices — badge level",
            "version": VERSION,
            "college": "openssf",
            "scheme": "ladder",
            "description": ATTRIBUTION,
        },
        "grades": [
            *({"grade": GRADES[lvl], "set": SET_IDS[lvl]} for lvl in reversed(LEVELS)),
            {"grade": "in_progress"},
        ],
    }
    return sets


# --------------------------------------------------------------------------- places


def status_name(raw: Any) -> str:
    if isinstance(raw, int) and not isinstance(raw, bool) and raw in STATUS:
        return STATUS[raw]
    if isinstance(raw, str) and raw.strip().lower() in STATUS_NAMES:
        return STATUS_NAMES[raw.strip().lower()]
    raise ConversionError(f"unknown status {raw!r} (expected 0-3, ?, Unmet, N/A or Met)")


def answer(status: str, justification: Any) -> Any:
    """One badge status and justification as a tlcriteria answer; None for '?' (unanswered)."""
    text = "" if justification is None else str(justification)
    # The badge reads a justification starting with "// " as a placeholder, never as one.
    if text.startswith("// "):
        text = ""
    if status == "?":
        return None
    if status == "N/A":
        return {"na": True, "justification": text} if text else {"na": True}
    value = "met" if status == "Met" else "unmet"
    return {"value": value, "justification": text} if text else value


def build_place(key: str, project: dict[str, Any], names: list[str]) -> dict[str, Any]:
    place: dict[str, Any] = {
        "id": slug(key),
        "name": str(project.get("name") or key),
        "town": "Internet",
        "stage": "existing",
        "colleges": ["openssf"],
    }
    homepage = project.get("homepage_url")
    if isinstance(homepage, str) and re.match(r"https?://[^\s/]+\.\S", homepage):
        place["website"] = homepage
    answers: dict[str, Any] = {}
    for name in names:
        if f"{name}_status" not in project:
            continue
        try:
            status = status_name(project[f"{name}_status"])
        except ConversionError as error:
            raise ConversionError(f"project {key!r}: {name}_status: {error}") from None
        found = answer(status, project.get(f"{name}_justification"))
        if found is not None:
            answers[slug(name)] = found
    return {"place": place, "answers": answers}


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print("usage: python convert.py CRITERIA_YML PROJECTS_YML OUTDIR", file=sys.stderr)
        return 2
    criteria_path, projects_path, out = Path(argv[0]), Path(argv[1]), Path(argv[2])
    try:
        levels = read_criteria(criteria_path)
        projects = read_projects(projects_path, levels)
        names = list(dict.fromkeys(n for lvl in LEVELS for n in levels[lvl]))
        places: dict[str, dict[str, Any]] = {}
        for key, project in projects.items():
            place_id = slug(key)
            if not place_id or place_id in places:
                raise ConversionError(
                    f"{projects_path}: project {key!r} gives the place id {place_id!r} twice or empty"
                )
            places[place_id] = build_place(key, project, names)
    except (OSError, yaml.YAMLError, ConversionError) as error:
        print(f"convert.py: {error}", file=sys.stderr)
        return 1
    (out / "criteria").mkdir(parents=True, exist_ok=True)
    (out / "places").mkdir(parents=True, exist_ok=True)
    header = "# Generated by examples/plugins/openssf-badge/convert.py: do not edit.\n# " + ATTRIBUTION + "\n"
    for set_id, document in build_sets(levels).items():
        (out / "criteria" / f"{set_id}.toml").write_text(header + tomli_w.dumps(document), encoding="utf-8")
    for place_id, document in sorted(places.items()):
        (out / "places" / f"{place_id}.toml").write_text(header + tomli_w.dumps(document), encoding="utf-8")
    print(
        f"{len(levels['0'])}/{len(levels['1'])}/{len(levels['2'])} criteria, {len(places)} projects → {out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
