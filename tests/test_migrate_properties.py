"""`migrate` of any valid place file, as members write them, gives a file `check` accepts.

Each answer is written in one of the forms a member writes (`id = value`, an
inline table, a sub-table `[answers.id]`, dotted keys `id.value = …`), with
comments here and there; one criterion and maybe one of its options are renamed
with `replaces`. After `tlcriteria migrate`, the file is valid TOML, `check`
accepts it with no rename left to tell, the answers are the same under today's
ids, and every comment and every other key is still there.
"""

from __future__ import annotations

import tempfile
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

import tomli_w
from hypothesis import given
from hypothesis import strategies as st

from tlcriteria.cli import main
from tlcriteria.tomledit import key_text, value_text

from .test_evolve_properties import renamed
from .test_properties import FILE_SETTINGS, all_criteria, builtins_only, place_for

__all__ = ["builtins_only"]  # the autouse fixture: installed plugins must not change what is seen

FORMS = ("short", "inline", "table", "dotted")


@st.composite
def written(draw: st.DrawFn):
    """A rename (old sets, new sets, answers) and, for each answer, its form and maybe a comment."""
    sets, new_sets, answers = draw(renamed())
    place = place_for(sets, answers)
    layout = {
        key: (
            draw(st.sampled_from(FORMS if not isinstance(value, dict) else FORMS[1:])),
            draw(st.sampled_from(("", "# vu en réunion", "#collé"))),
        )
        for key, value in place["answers"].items()
    }
    return sets, new_sets, place, layout


def place_text(place: dict[str, Any], layout: dict[str, tuple[str, str]]) -> str:
    """The place file as a member writes it: short answers first, then the sub-tables."""
    lines = ["# Fiche du lieu", tomli_w.dumps({"place": place["place"]}).strip(), "", "[answers]"]
    tables: list[str] = []
    for key, value in place["answers"].items():
        form, comment = layout[key]
        long = value if isinstance(value, dict) else {"value": value}
        after = f"  {comment}" if comment else ""
        if form == "short":
            lines.append(f"{key_text(key)} = {value_text(value)}{after}")
        elif form == "inline":
            lines.append(f"{key_text(key)} = {value_text(long)}{after}")
        elif form == "dotted":
            lines += [f"{key_text(key)}.{key_text(k)} = {value_text(v)}{after}" for k, v in long.items()]
        else:
            tables += ["", f"[answers.{key_text(key)}]{after}"]
            tables += [f"{key_text(k)} = {value_text(v)}" for k, v in long.items()]
    return "\n".join([*lines, *tables, "", "[contact]", 'email = "prive@example.org"', ""])


def long(value: object) -> object:
    """An answer in its long form: the short form is the same answer."""
    return value if isinstance(value, dict) else {"value": value}


def today(value: object, options: dict[str, str]) -> object:
    """An answer (long form) with today's option ids."""
    assert isinstance(value, dict)
    if "value" not in value:  # n/a
        return value
    old = value["value"]
    new = [options.get(v, v) for v in old] if isinstance(old, list) else options.get(old, old)
    return {**value, "value": new if isinstance(old, list | str) else old}


@FILE_SETTINGS
@given(written())
def test_migrate_of_any_valid_file_gives_a_file_check_accepts_with_the_answers_renamed(runner, case):
    sets, new_sets, place, layout = case
    text = place_text(place, layout)
    assert tomllib.loads(text, parse_float=Decimal)["answers"] == {
        k: v if layout[k][0] == "short" else long(v) for k, v in place["answers"].items()
    }
    ids = {o["id"]: n["id"] for o, n in zip(all_criteria(sets), all_criteria(new_sets), strict=True)}
    options = {  # each criterion's options: several criteria may have an option "o0"
        n["id"]: {
            old["id"]: new["id"] for old, new in zip(o.get("options", []), n.get("options", []), strict=True)
        }
        for o, n in zip(all_criteria(sets), all_criteria(new_sets), strict=True)
    }
    with tempfile.TemporaryDirectory() as tmp:
        criteria, places = Path(tmp) / "criteria", Path(tmp) / "places"
        criteria.mkdir()
        places.mkdir()
        for i, data in enumerate(new_sets):
            (criteria / f"{i}.toml").write_text(tomli_w.dumps(data), encoding="utf-8")
        path = places / "lieu.toml"
        path.write_text(text, encoding="utf-8")
        before = runner.invoke(main, ["check", str(places), "--criteria", str(criteria)])
        assert before.exit_code == 0, before.output
        result = runner.invoke(main, ["migrate", str(places), "--criteria", str(criteria)])
        assert result.exit_code == 0, result.output
        migrated = path.read_text(encoding="utf-8")
        after = runner.invoke(main, ["check", str(places), "--criteria", str(criteria)])
    assert after.exit_code == 0, (migrated, after.output)
    assert "tlcriteria migrate" not in after.output, (migrated, after.output)  # no old id left
    read = tomllib.loads(migrated, parse_float=Decimal)
    expected = {ids[k]: today(long(v), options[ids[k]]) for k, v in place["answers"].items()}
    assert {k: long(v) for k, v in read["answers"].items()} == expected
    assert read["place"] == place["place"] and read["contact"] == place["contact"]
    for _form, comment in layout.values():
        assert migrated.count(comment) >= text.count(comment)
