"""`summary`: how many places each college rates, and how many got each grade.

A few lines for a coordinator or a newcomer (`./dev.sh demo`), where `table`
gives one block per rating. Grades come in the order the set's scheme gives
them (`grade_order`, which `score` and `publish` pass as `options["grades"]`;
without them, as the set declares them), best first, then any other grade the
scheme gave (e.g. a profile code), in alphabetical order; the scheme is never
asked its name.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from .. import hookimpl
from ..i18n import LANGUAGES, _, ngettext
from ..interfaces import OutputFormat, RenderContext
from ..model import Rating


def grade_counts(ratings: list[Rating], order: Sequence[str] | None = None) -> str:
    """`A: 2, B: 1, …` for the ratings of one set, in `order` (its grades, best first; by
    default as the set declares them); unrated places last."""
    counts = Counter(r.grade for r in ratings)
    declared = list(order) if order else [g.grade for g in ratings[0].rules.grades]
    others = sorted(g for g in counts if g is not None and g not in declared)
    parts = [
        _("{grade}: {count}").format(grade=g, count=counts[g]) for g in (*declared, *others) if counts[g]
    ]
    if counts[None]:
        parts.append(_("unrated: {count}").format(count=counts[None]))
    return ", ".join(parts)


def summary_lines(
    ratings: tuple[Rating, ...], grades: Mapping[str, Sequence[str]] | None = None
) -> list[str]:
    by_set: dict[str, list[Rating]] = {}
    for rating in ratings:
        by_set.setdefault(rating.rules.id, []).append(rating)
    places = len({r.place.id for r in ratings})
    # Each count with its own plural: one place in two colleges is « 1 lieu, 2 notations ».
    head = _("{places}, {ratings}").format(
        places=ngettext("{count} place", "{count} places", places).format(count=places),
        ratings=ngettext("{count} rating", "{count} ratings", len(ratings)).format(count=len(ratings)),
    )
    rows = [(_("COLLEGE"), _("PLACES"), _("GRADES"))]
    for set_id in sorted(by_set):
        rated = by_set[set_id]
        college = rated[0].rules.set.college or set_id
        order = (grades or {}).get(set_id)
        rows.append((college, str(len({r.place.id for r in rated})), grade_counts(rated, order)))
    widths = [max(len(row[i]) for row in rows) for i in range(2)]
    table = [f"{a:<{widths[0]}}  {b:>{widths[1]}}  {c}".rstrip() for a, b, c in rows]
    return [head, *table]


class SummaryFormat(OutputFormat):
    name = "summary"
    description = "résumé : nombre de lieux par collège et par note"
    languages = frozenset(LANGUAGES)  # in the language of messages

    def render(self, context: RenderContext) -> str:
        return "\n".join(summary_lines(context.ratings, context.options.get("grades"))) + "\n"


@hookimpl
def tlcriteria_output_formats() -> list[OutputFormat]:
    return [SummaryFormat()]
