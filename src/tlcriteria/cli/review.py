"""`tlcriteria review PLACE --as REVIEWER-ID`: a peer walks through a place's answers.

The same terminal approach as `assess`: one question at a time, saved after
each verdict (atomic rename, key by key as for a place file: comments kept,
another hand's edits merged, one session at a time; see assess/store.py),
"quit" or Ctrl-D at any moment keeps what was said. The review is written to `reviews/PLACE-ID/REVIEWER-ID.toml` beside the
place's folder (or -o FILE), and signed at the end with --sign-with KEY.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..i18n import _, localized
from .app import App, fail, pass_app, report
from .help import Translated
from .options import criteria_option

if TYPE_CHECKING:
    from ..assess.store import PlaceFile
    from ..catalogue import Catalogue
    from ..errors import Problem
    from ..model import Place
    from ..registry import Registry


@click.command(cls=Translated)
@click.argument("place_file", metavar="PLACE", type=click.Path(dir_okay=False, exists=True))
@click.option("--as", "reviewer", required=True, metavar="REVIEWER-ID", help="The id of the reviewing place.")
@criteria_option
@click.option(
    "--output",
    "-o",
    metavar="FILE",
    help="The review file (default: reviews/PLACE-ID/REVIEWER-ID.toml beside the places' folder).",
)
@click.option(
    "--sign-with",
    metavar="KEY",
    type=click.Path(dir_okay=False),
    help="Sign the review with this SSH key at the end (see tlcriteria sign).",
)
@pass_app
def review(
    app: App,
    place_file: str,
    reviewer: str,
    criteria_dirs: tuple[str, ...],
    output: str | None,
    sign_with: str | None,
) -> None:
    """Review another place's answers: confirm or dispute each one, with a comment.

    Writes reviews/PLACE-ID/REVIEWER-ID.toml beside the place's folder (or
    FILE with -o), saved after each verdict; "q" or Ctrl-D stops and keeps
    what was said. A verdict lapses when the place changes the answer it judged.

    \b
    Examples:
      tlcriteria review places/la-halle.toml --as le-labo --sign-with ~/.ssh/id_ed25519
    """
    from ..assess.store import StoreError
    from ..documents import read_document
    from ..fields import SLUG
    from ..place_checks import places_from
    from .assess import say
    from .places import catalogue_or_stop

    app.check_output(output, (place_file, *criteria_dirs, sign_with), writes_toml=True, places=(place_file,))
    registry = app.registry()
    catalogue = catalogue_or_stop(
        app, criteria_dirs, lambda _errors: _("the criteria sets have problems; fix them before the review")
    )
    if not SLUG.match(reviewer):
        fail(_("--as {id!r} is not a place id (lower case letters, digits and dashes)").format(id=reviewer))
    doc, found = read_document(Path(place_file))
    problems: Sequence[Problem] = found
    places: Sequence[Place] = []
    if doc is not None:
        checked = places_from([doc], catalogue, registry)
        places, problems = checked.places, checked.problems
    if report(problems) or not places:
        fail(_("the place file has problems (above); it cannot be reviewed until they are fixed"))
    place = places[0]
    if place.id == reviewer:
        fail(
            _("{path}: a place cannot review itself (another member place reviews it)").format(
                path=place_file
            )
        )
    target = Path(output) if output else review_path(Path(place_file), place.id, reviewer)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        store = open_review(target)
        taken_over = store.hold()
    except StoreError as exc:
        if exc.problems:  # said as check says it, then how to go on
            report(exc.problems)
            fail(
                _("{path} is left as it is: fix what is said above, then run the review again").format(
                    path=target
                )
            )
        fail(str(exc))
    except OSError as exc:
        fail(str(exc))
    try:
        if taken_over:
            say(taken_over)
        _walk(store, place, reviewer, registry, catalogue, sign_with)
    except StoreError as exc:
        fail(str(exc))  # one line; the verdicts given so far are on disk or in the conflict file
    finally:
        store.close()


def review_path(place_file: Path, place_id: str, reviewer: str) -> Path:
    """`reviews/PLACE/REVIEWER.toml` in the folder that holds the places' folder."""
    return place_file.resolve().parent.parent / "reviews" / place_id / f"{reviewer}.toml"


def open_review(path: Path) -> PlaceFile:
    """The review file as a `PlaceFile`: edited key by key, merged with another hand's edits,
    locked; read as the questionnaire reads a place file (`check`'s messages when it cannot be)."""
    from ..assess.store import PlaceFile

    return PlaceFile.open_other(path)


def _walk(
    store: PlaceFile,
    place: Place,
    reviewer: str,
    registry: Registry,
    catalogue: Catalogue,
    sign_with: str | None,
) -> None:
    from ..answer_shown import shown_value
    from ..model import asked_criteria
    from ..reviews import answer_digest
    from .assess import read_line, say, sign_saved

    target = store.path
    assert target is not None
    verdicts = {k: v for k, v in store.table("verdicts").items() if isinstance(v, dict)}
    sets = [r for c in place.colleges if (r := catalogue.for_college(c)) is not None]
    seen: set[str] = set()
    questions = []
    for rules in sets:
        for criterion in asked_criteria(rules, "active"):  # a ladder's: its rungs'
            if criterion.id in place.answers and criterion.id not in seen:
                seen.add(criterion.id)
                questions.append(criterion)
    say(
        _(
            "Review of {name} ({id}) by {reviewer}: {count} answer(s). Saved in {path} after each verdict."
        ).format(name=place.name, id=place.id, reviewer=reviewer, count=len(questions), path=target)
    )
    say(_("For each answer: c = confirm, x = dispute, Enter = skip, q = quit."))
    try:
        for criterion in questions:
            answer = place.answers[criterion.id]
            digest = answer_digest(answer)
            earlier = verdicts.get(criterion.id)
            if earlier is not None and earlier.get("digest") == digest:
                continue  # already reviewed as it stands
            kind = registry.kinds[criterion.kind]
            shown = _("not applicable") if answer.na else shown_value(kind, criterion.config, answer.value)
            say()
            texts = criterion.texts  # title_en, question_en in English, as assess asks them
            say(
                f"{localized(texts, 'title', criterion.title)} — {localized(texts, 'question', criterion.question)}"
            )
            say("  " + _("Answer: {answer}").format(answer=shown))
            if answer.justification:
                say("  " + _("Justification: {text}").format(text=answer.justification))
            if answer.url:
                say("  " + _("Link: {url}").format(url=answer.url))
            while True:
                choice = read_line(_("Confirm, dispute or skip? [c/x/Enter/q] ")).strip().lower()
                if choice in ("", "c", "x", "q"):
                    break
                say(_("Type c (confirm), x (dispute), q (quit) or press Enter to skip."))
            if choice == "q":
                break
            if not choice:
                continue
            comment = ""
            if choice == "x":
                while not comment:
                    comment = read_line(_("What is wrong with this answer? ")).strip()
            verdict: dict[str, Any] = {
                "verdict": "confirmed" if choice == "c" else "disputed",
                "digest": digest,
            }
            if comment:
                verdict["comment"] = comment
            verdicts[criterion.id] = verdict
            heading = store.table("review")
            heading.update({"place": place.id, "reviewer": reviewer, "date": dt.date.today()})
            store.table("verdicts")[criterion.id] = verdict
            for message in store.save():
                say(message)
    except EOFError:
        say()
    except KeyboardInterrupt:
        say()
        raise click.exceptions.Exit(130) from None
    if not verdicts:
        say(_("No verdict given: nothing was written."))
        return
    say(_("Review saved in {path}.").format(path=target))
    if sign_with is not None:
        sign_saved(
            target,
            sign_with,
            _("{path}: review saved, but not signed: {error} (sign it with tlcriteria sign)"),
        )
