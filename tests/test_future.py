"""Criteria with status = "future" are announced to members but not scored."""

from __future__ import annotations

import json

from tlcriteria.cli import main

FUTURE = (
    '\n[[criteria]]\nid = "role-politique"\ntitle = "Rôle politique"\n'
    'question = "Le lieu participe-t-il aux décisions publiques de son territoire ?"\n'
    'theme = "ouverture"\nlevel = "must"\nweight = 5\nkind = "yes-no"\nstatus = "future"\n'
)


def scores(runner, examples, fmt: str):
    result = runner.invoke(
        main, ["score", str(examples / "places"), "--criteria", str(examples / "criteria"), "--format", fmt]
    )
    assert result.exit_code == 0, result.output
    return result.stdout


def test_future_criterion_changes_no_rating_and_is_announced(runner, examples):
    before = json.loads(scores(runner, examples, "json"))
    communs = examples / "criteria" / "communs.toml"
    communs.write_text(communs.read_text("utf-8") + FUTURE, encoding="utf-8")
    place = examples / "places" / "le-hangar-partage.toml"
    place.write_text(
        place.read_text("utf-8").replace("[answers]\n", "[answers]\nrole-politique = false\n"), "utf-8"
    )

    checked = runner.invoke(main, ["check", str(examples)])
    assert checked.exit_code == 0, checked.output  # answering an announced criterion is allowed

    after = json.loads(scores(runner, examples, "json"))
    strip = lambda records: [{k: v for k, v in r.items() if k != "set_digest"} for r in records]  # noqa: E731
    assert strip(after) == strip(before), "a future criterion must not move any percent or grade"
    assert all("role-politique" not in [c["id"] for c in r["criteria"]] for r in after)
    assert all("role-politique" not in r["must_failed"] for r in after)

    table = scores(runner, examples, "table")
    assert 'announced, not scored yet (status = "future"):' in table
    assert "> role-politique  Rôle politique" in table


def test_activating_a_future_criterion_shows_in_diff(runner, examples, tmp_path):
    import shutil

    old = tmp_path / "old"
    shutil.copytree(examples / "criteria", old)
    (old / "communs.toml").write_text((old / "communs.toml").read_text("utf-8") + FUTURE, "utf-8")
    new = tmp_path / "new"
    shutil.copytree(old, new)
    text = (new / "communs.toml").read_text("utf-8").replace('status = "future"', 'status = "active"')
    (new / "communs.toml").write_text(
        text.replace('version = "2026.1-exemple"', 'version = "2027.1"'), "utf-8"
    )
    result = runner.invoke(main, ["diff", str(old), str(new), "--places", str(examples / "places")])
    assert result.exit_code == 0, result.output
    assert "↓ criterion role-politique: status future → active" in result.stdout
    assert "version 2026.1-exemple → 2027.1" in result.stdout
    assert "lower" in result.stdout  # a must criterion nobody answered yet costs every place its A
