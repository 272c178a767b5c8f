"""`table`: a readable terminal view of each rating, criterion by criterion."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from .. import hookimpl
from .. import shown as numbers
from ..i18n import LANGUAGES, N_, _, localized
from ..interfaces import OutputFormat, RenderContext
from ..model import Rating, ResolvedSet
from ..rating_record import percent_or_none, shown_percent

MARKS = {
    "satisfied": "+",
    "partial": "~",
    "unsatisfied": "-",
    "unsupported": "!",
    "unanswered": "?",
    "na": " ",
}

#: Outcome words shown in the table (the JSON record keeps the English keywords).
OUTCOME_NAMES = {
    "satisfied": N_("satisfied"),
    "partial": N_("partial"),
    "unsatisfied": N_("unsatisfied"),
    "unsupported": N_("unsupported"),
    "unanswered": N_("unanswered"),
    "na": N_("n/a"),
}


def outcome_name(outcome: str) -> str:
    return _(OUTCOME_NAMES[outcome]) if outcome in OUTCOME_NAMES else outcome


def render_rating(rating: Rating) -> list[str]:
    place, rules = rating.place, rating.rules
    percent = percent_or_none(rating.percent)
    if percent is None:  # a grade without a percent (a ladder's) is not "unrated"
        shown = "—" if rating.grade is not None else _("unrated")
    else:
        shown = numbers.percent(percent)
    figure = shown_percent(rating)
    if figure is not None and rating.shown_percent != rating.percent:
        shown += "   " + _("shown: {figure}").format(figure=numbers.percent(figure))
    lines = [
        f"{place.name} ({place.id}, {place.town}) — {localized(rules.set.texts, 'title', rules.set.title)} "
        f"[{rules.id} {rules.version}]",
        "  " + _("grade: {grade}   percent: {percent}").format(grade=rating.grade or "—", percent=shown),
    ]
    if rating.themes:
        themes = ", ".join(f"{theme_name(rules, t)} {numbers.percent(p)}" for t, p in rating.themes.items())
        lines.append("  " + _("themes: {themes}").format(themes=themes))
    if rating.must_failed:
        lines.append("  " + _("must failed: {ids}").format(ids=", ".join(rating.must_failed)))
    trust = trust_line(rating)
    if trust:
        lines.append("  " + trust)
    verdicts = rating.trust.verification.criteria if rating.trust and rating.trust.verification else {}
    width = max((len(r.criterion.id) for r in rating.results), default=0)
    names = {r.outcome: outcome_name(r.outcome) for r in rating.results}
    name_width = max(len(outcome_name(o)) for o in OUTCOME_NAMES)
    for r in rating.results:
        c = r.criterion
        lines.append(
            f"  {MARKS.get(r.outcome, '*')} {c.id:<{width}}  {names[r.outcome]:<{name_width}}  "
            f"{numbers.number(r.credit, 3)} × {c.weight}  {c.level}"
            + (f"  [{verdict_name(verdicts[c.id])}]" if c.id in verdicts else "")
        )
    future = [c for c in rules.criteria if c.status == "future"]
    if future:
        lines.append("  " + _('announced, not scored yet (status = "future"):'))
        lines += [f"  > {c.id}  {localized(c.texts, 'title', c.title)}" for c in future]
    return lines


def theme_name(rules: ResolvedSet, theme: str) -> str:
    """A theme by its title (`[set.themes]`), in English when given, as the site and the
    questionnaire name it; its id when no set titles it."""
    titles = rules.theme_titles.get(theme)
    return localized(titles, "title", titles["title"]) if titles else theme


def verdict_name(verdict: str) -> str:
    # A criterion's verdict (« contesté »); a rating's verification is publish.verification_text.
    from ..publish import verdict_text

    return verdict_text(verdict)


def trust_line(rating: Rating) -> str:
    """Signature, peer reviews and freshness (SPEC §10-§11), when the rating carries them."""
    trust = rating.trust
    if trust is None:
        return ""
    parts = []
    if trust.signature is not None:
        from ..signatures import state_text

        parts.append(_("signature: {state}").format(state=state_text(trust.signature)))
    if trust.verification is not None:
        from ..publish import verification_text

        parts.append(verification_text(trust.verification.overall, trust.verification.peers))
    if trust.assessed:
        parts.append(_("assessed {date}").format(date=trust.assessed))
    if trust.stale:
        parts.append(_("stale: to be renewed"))
    return " · ".join(parts)


class TableFormat(OutputFormat):
    name = "table"
    description = "vue lisible dans un terminal : note, pourcentage, chaque critère"
    extensions = (".txt",)
    languages = frozenset(LANGUAGES)  # in the language of messages

    def render(self, context: RenderContext) -> str:
        return self.assemble(self.fragments(context.ratings))

    # Rating by rating, for `score` on many places (tlcriteria.parallel).

    def fragments(self, ratings: Sequence[Rating]) -> list[str]:
        return ["\n".join(render_rating(r)) for r in ratings]

    def assemble(self, fragments: Sequence[str]) -> str:
        return "\n\n".join(fragments) + ("\n\n" + _legend() + "\n" if fragments else "")

    def write_assembled(self, fragments: Iterable[str], write: Callable[[str], object]) -> None:
        first = True
        for text in fragments:
            write(text if first else "\n\n" + text)
            first = False
        if not first:
            write("\n\n" + _legend() + "\n")


def _legend() -> str:
    items = "  ".join(
        f"{MARKS[o]} {outcome_name(o)}"
        for o in ("satisfied", "partial", "unsatisfied", "unsupported", "unanswered")
    )
    return "  " + _("legend: {items}").format(items=items)


@hookimpl
def tlcriteria_output_formats() -> list[OutputFormat]:
    return [TableFormat()]
