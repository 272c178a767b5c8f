"""`table`: a readable terminal view of each rating, criterion by criterion."""

from __future__ import annotations

from .. import hookimpl
from ..interfaces import OutputFormat, RenderContext
from ..model import Rating
from ..record import percent_or_none, round_half_away

MARKS = {
    "satisfied": "+",
    "partial": "~",
    "unsatisfied": "-",
    "unsupported": "!",
    "unanswered": "?",
    "na": " ",
}


def render_rating(rating: Rating) -> list[str]:
    place, rules = rating.place, rating.rules
    percent = percent_or_none(rating.percent)
    shown = "unrated" if percent is None else f"{percent:.1f} %"
    lines = [
        f"{place.name} ({place.id}, {place.town}) — {rules.set.title} [{rules.id} {rules.version}]",
        f"  grade: {rating.grade or '—'}   percent: {shown}",
    ]
    if rating.themes:
        themes = ", ".join(f"{t} {round_half_away(p, 1):.1f} %" for t, p in rating.themes.items())
        lines.append(f"  themes: {themes}")
    if rating.must_failed:
        lines.append("  must failed: " + ", ".join(rating.must_failed))
    width = max((len(r.criterion.id) for r in rating.results), default=0)
    for r in rating.results:
        c = r.criterion
        lines.append(
            f"  {MARKS.get(r.outcome, '*')} {c.id:<{width}}  {r.outcome:<11}  "
            f"{round_half_away(r.credit, 3):.3f} × {c.weight}  {c.level}"
        )
    future = [c for c in rules.criteria if c.status == "future"]
    if future:
        lines.append("  announced, not scored yet (status = \"future\"):")
        lines += [f"  > {c.id}  {c.title}" for c in future]
    return lines


class TableFormat(OutputFormat):
    name = "table"
    description = "vue lisible dans un terminal : note, pourcentage, chaque critère"
    extensions = (".txt",)

    def render(self, context: RenderContext) -> str:
        blocks = ["\n".join(render_rating(r)) for r in context.ratings]
        legend = "  legend: + satisfied  ~ partial  - unsatisfied  ! unsupported  ? unanswered"
        return "\n\n".join(blocks) + ("\n\n" + legend + "\n" if blocks else "")


@hookimpl
def tlcriteria_output_formats() -> list[OutputFormat]:
    return [TableFormat()]
