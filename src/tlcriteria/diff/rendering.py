"""`tlcriteria diff`'s three outputs: a table for the terminal, Markdown for merge requests, JSON.

Every word goes through gettext: French by default (the working group pastes
the Markdown into its merge requests and wiki), English with --lang en. The
JSON keeps its values (ids, directions, effects) as they are.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from .. import shown as numbers
from ..formats.markdown import markdown_text
from ..i18n import N_, _, document_language, labelled, ngettext, speaking
from ..interfaces import EITHER, LOOSER, STRICTER, TEXT
from .changes import RuleChange
from .comparison import Comparison
from .moves import AnswerNote, Move

#: How a rating moved, as said in the table and in Markdown (JSON keeps the English word).
DIRECTIONS = {
    "lower": N_("lower"),
    "higher": N_("higher"),
    "changed": N_("changed"),
    "same grade": N_("same grade"),
    "newly rated": N_("newly rated"),
    "no longer rated": N_("no longer rated"),
}
#: What a change may do to grades, as said in Markdown.
EFFECTS: dict[str, str] = {
    STRICTER: N_("may lower"),
    LOOSER: N_("may raise"),
    EITHER: N_("either way"),
    TEXT: N_("no effect"),
}


def _grade(value: str | None) -> str:
    return value if value is not None else "—"


def _percent(value: float | None) -> str:
    """The figure the scheme shows (a whole number stays whole), as the person reads it."""
    return "—" if value is None else numbers.number(value)


def _count_line(grades: Mapping[str, list[int]], held: int = 0) -> str:
    counts = [f"{g} {a} → {b}" for g, (a, b) in grades.items()]
    if held:  # the places publish leaves out under the new rules: in no grade after
        counts.append(_("left out 0 → {count}").format(count=held))
    return ", ".join(counts)


def _move_rows(moves: Sequence[Move]) -> list[str]:
    """The moves as a table's lines (none when nothing moves)."""
    if not moves:
        return []
    rows = [(_("PLACE"), _("SET"), _("GRADE"), _("PERCENT"), "")]
    for m in moves:
        r = m.record()
        rows.append(
            (
                f"{r['name']} ({r['place']})",
                r["set"],
                f"{_grade(r['old_grade'])} → {_grade(r['new_grade'])}",
                f"{_percent(r['old_shown_percent'])} → {_percent(r['new_shown_percent'])}",
                _(DIRECTIONS[r["direction"]]),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    return ["  " + "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows]


def _refused_heading(cmp: Comparison) -> str:
    """What publish does with the places whose answers the new rules refuse."""
    if not cmp.held:
        return _("Answers the new rules refuse (counted as unanswered):")
    return ngettext(
        "Answers the new rules refuse: publish would leave out {count} place until its file no longer "
        "holds them (its rating below counts them as unanswered):",
        "Answers the new rules refuse: publish would leave out {count} places until their files no longer "
        "hold them (their ratings below count them as unanswered):",
        len(cmp.held),
    ).format(count=len(cmp.held))


def _held_heading(cmp: Comparison) -> str:
    count = len(cmp.moves_held)
    return ngettext(
        "Their ratings once these answers are removed or given again: {count} of {total} moves",
        "Their ratings once these answers are removed or given again: {count} of {total} move",
        count,
    ).format(count=count, total=sum(cmp.held_counts.values()))


def _why(note: AnswerNote) -> str:
    """Why an answer is refused, and what the place is to do about it."""
    if note.deleted:  # no answer to give again: the criterion is gone
        hint = _("remove the answer from the file; tlcriteria migrate leaves it")
    else:
        hint = _("the place answers again: tlcriteria assess FILE")
    return f"{note.text} ({hint})"


def _retire_instead(cmp: Comparison) -> list[str]:
    """Said once under the answers to deleted criteria: the way that keeps every place rated."""
    if not any(n.deleted for n in cmp.refused):
        return []
    return [
        _(
            'or retire these criteria instead of deleting them: with status = "retired", '
            "the answers are kept, no longer count, and publish rates these places"
        )
    ]


def render_table(cmp: Comparison) -> str:
    lines = [_("Changes from {old} to {new}").format(old=cmp.old_label, new=cmp.new_label), ""]
    if not cmp.changes:
        return "\n".join([*lines, _("No rule changed, so no rating moves.")]) + "\n"
    by_set: dict[str, list[RuleChange]] = {}
    for c in cmp.changes:
        by_set.setdefault(c.set, []).append(c)
    for sid, changes in by_set.items():
        a, b = cmp.versions.get(sid, (None, None))
        version = (
            _("version {version} unchanged").format(version=a)
            if a == b
            else _("version {old} → {new}").format(old=a or "—", new=b or "—")
        )
        lines.append(_("Set {id} ({version}):").format(id=sid, version=version))
        marks: dict[str, str] = {STRICTER: "↓", LOOSER: "↑", EITHER: "↕", TEXT: " "}
        lines += [f"  {marks[c.effect]} {c.text()}" for c in changes]
        lines.append("")
    lines.append("  " + _("↓ may lower grades  ↑ may raise grades  ↕ either way"))
    if cmp.with_places:
        moved = cmp.moves_rated
        lines += ["", _("Ratings that move: {count} of {total}").format(count=len(moved), total=cmp.compared)]
        lines += _move_rows(moved)
        if cmp.refused:
            lines += ["", _refused_heading(cmp)]
            lines += ["  " + labelled(labelled(n.place, n.criterion), _why(n)) for n in cmp.refused]
            lines += ["  " + line for line in _retire_instead(cmp)]
        if cmp.held:
            held = cmp.moves_held
            lines += [
                "",
                _held_heading(cmp),
            ]
            lines += _move_rows(held)
        if cmp.migrated:
            lines += ["", _("Answers read under a new id (tlcriteria migrate rewrites the files):")]
            lines += ["  " + labelled(labelled(n.place, n.criterion), n.text) for n in cmp.migrated]
        if cmp.left_out:
            lines += ["", _("Place files left out because of their problems (tlcriteria check says which):")]
            lines += [f"  {path}" for path in cmp.left_out]
        lines += ["", _("Places per grade (before → after):")]
        lines += [
            "  " + labelled(sid, _count_line(grades, cmp.held_counts.get(sid, 0)))
            for sid, grades in sorted(cmp.counts.items())
        ]
    alerts = cmp.version_alerts()
    if alerts:
        lines.append("")
        lines += [
            _("warning: set {id} {why} (raise version in its [set] table)").format(id=sid, why=why)
            for sid, why in alerts
        ]
    return "\n".join(lines) + "\n"


def _code(text: object) -> str:
    """Text in a code span, where nothing is read as Markdown: fenced by more backticks than
    it holds in a row (CommonMark), on one line."""
    flat = " ".join(str(text).splitlines())
    fence = "`" * (max((len(run) for run in re.findall("`+", flat)), default=0) + 1)
    padded = f" {flat} " if flat.startswith("`") or flat.endswith("`") else flat
    return f"{fence}{padded}{fence}"


def _note(item: str, note: AnswerNote) -> str:
    return item.format(place=_code(note.place), id=_code(note.criterion), what=markdown_text(note.text))


def render_markdown(cmp: Comparison) -> str:
    """In the network's language (`document_language`); figures as the person reads them (as in the table)."""
    # Figures are taken before: `speaking` would write them in French whatever the person reads.
    percents = [(_percent(m.old_shown), _percent(m.new_shown)) for m in cmp.moves]
    with speaking(document_language()):
        return _markdown(cmp, percents)


def _markdown(cmp: Comparison, percents: Sequence[tuple[str, str]]) -> str:
    old, new = _code(cmp.old_label), _code(cmp.new_label)
    lines = [_("## Changes from {old} to {new}").format(old=old, new=new), ""]
    alerts = cmp.version_alerts()
    for sid, why in alerts:
        lines.append(
            _("> **Warning:** set {id} {why}: raise `version` in `[set]`.").format(
                id=_code(sid), why=markdown_text(why)
            )
        )
    if alerts:
        lines.append("")
    if not cmp.changes:
        lines += [_("No rule changes."), ""]
    else:
        lines += [_("| set | change | effect on grades |"), "| --- | --- | --- |"]
        lines += [
            f"| {markdown_text(c.set)} | {markdown_text(c.text())} | {_(EFFECTS[c.effect])} |"
            for c in cmp.changes
        ]
        lines.append("")
    if cmp.with_places:
        shown = {id(m): p for m, p in zip(cmp.moves, percents, strict=True)}
        moved = cmp.moves_rated
        lines += [
            _("### Ratings that move ({count} of {total})").format(count=len(moved), total=cmp.compared),
            "",
        ]
        lines += _md_move_rows(moved, shown)
        item = _("- {place}: {id}: {what}")
        if cmp.refused:
            lines += [f"### {_refused_heading(cmp).rstrip().rstrip(':').rstrip()}", ""]
            lines += [
                item.format(place=_code(n.place), id=_code(n.criterion), what=markdown_text(_why(n)))
                for n in cmp.refused
            ]
            lines += [f"- {markdown_text(line)}" for line in _retire_instead(cmp)]
            lines.append("")
        if cmp.held:
            held = cmp.moves_held
            lines += [f"#### {_held_heading(cmp)}", ""]
            lines += _md_move_rows(held, shown)
        if cmp.migrated:
            lines += [_("### Answers read under a new id (`tlcriteria migrate` rewrites the files)"), ""]
            lines += [_note(item, n) for n in cmp.migrated]
            lines.append("")
        if cmp.left_out:
            lines += [
                _("### Place files left out because of their problems (`tlcriteria check` says which)"),
                "",
            ]
            lines += [f"- {_code(path)}" for path in cmp.left_out]
            lines.append("")
        lines += [
            _("### Places per grade (before → after)"),
            "",
            _("| set | grade | before | after |"),
            "| --- | --- | --- | --- |",
        ]
        for sid, grades in sorted(cmp.counts.items()):
            lines += [
                f"| {markdown_text(sid)} | {markdown_text(g)} | {a} | {b} |" for g, (a, b) in grades.items()
            ]
            if cmp.held_counts.get(sid):
                lines.append(f"| {markdown_text(sid)} | {_('left out')} | 0 | {cmp.held_counts[sid]} |")
        lines.append("")
    return "\n".join(lines)


def _md_move_rows(moves: Sequence[Move], shown: Mapping[int, tuple[str, str]]) -> list[str]:
    """The moves as a Markdown table and the blank line after it (nothing when nothing moves)."""
    if not moves:
        return []
    lines = [_("| place | set | grade | percent | direction |"), "| --- | --- | --- | --- | --- |"]
    for m in moves:
        r = m.record()
        before, after = shown[id(m)]  # the figures taken in the reader's language
        lines.append(
            f"| {markdown_text(r['name'])} ({_code(r['place'])}) | {markdown_text(r['set'])} | "
            f"{markdown_text(_grade(r['old_grade']))} → {markdown_text(_grade(r['new_grade']))} | "
            f"{before} → {after} | "
            f"{_(DIRECTIONS[r['direction']])} |"
        )
    return [*lines, ""]


def render_json(cmp: Comparison) -> str:
    data: dict[str, Any] = {
        "old": cmp.old_label,
        "new": cmp.new_label,
        "versions": {sid: {"old": a, "new": b} for sid, (a, b) in sorted(cmp.versions.items())},
        "changes": [c.record() for c in cmp.changes],
        "version_warnings": [{"set": sid, "message": why} for sid, why in cmp.version_alerts()],
    }
    if cmp.with_places:
        data["moves"] = [m.record() for m in cmp.moves]
        data["compared"] = cmp.compared
        data["refused_answers"] = [
            {"place": n.place, "criterion": n.criterion, "why": n.text, "deleted": n.deleted}
            for n in cmp.refused
        ]
        # Left out by publish under NEW until the refused answers go; their moves are in "moves".
        data["held"] = list(cmp.held)
        data["held_counts"] = dict(sorted(cmp.held_counts.items()))
        data["migrated_answers"] = [
            {"place": n.place, "criterion": n.criterion, "becomes": n.text} for n in cmp.migrated
        ]
        data["left_out"] = list(cmp.left_out)
        data["summary"] = {
            sid: {g: {"old": a, "new": b} for g, (a, b) in grades.items()}
            for sid, grades in sorted(cmp.counts.items())
        }
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


RENDERERS = {"table": render_table, "md": render_markdown, "json": render_json}
