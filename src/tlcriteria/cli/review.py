"""`tlcriteria review PLACE --as REVIEWER-ID`: a peer walks through a place's answers.

The same terminal approach as `assess`: one question at a time, saved after
each verdict (atomic rename, key by key as for a place file: comments kept,
another hand's edits merged, one session at a time; see assess/store.py),
"quit" or Ctrl-D at any moment keeps what was said. The review is written to
`reviews/PLACE-ID/REVIEWER-ID.toml` in the network's folder, where `publish` finds
it (`review_path`), or to -o FILE (a new file or this same review), and signed at
the end with --sign-with KEY.
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
    from ..documents import Document
    from ..errors import Problem
    from ..model import Answer, Place
    from ..registry import Registry


@click.command(cls=Translated)
@click.argument("place_file", metavar="PLACE", type=click.Path(dir_okay=False, exists=True))
@click.option("--as", "reviewer", required=True, metavar="REVIEWER-ID", help="The id of the reviewing place.")
@criteria_option
@click.option(
    "--output",
    "-o",
    metavar="FILE",
    help="The review file: a new file or this same review (default: reviews/PLACE-ID/REVIEWER-ID.toml "
    "in the network's folder: the one holding reseau.toml or places/, else the place file's own folder).",
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

    Writes reviews/PLACE-ID/REVIEWER-ID.toml in the network's folder: the
    one holding reseau.toml or places/, else the place file's own folder
    (where publish finds it); or FILE with -o. Saved after each verdict; "q"
    or Ctrl-D stops and keeps what was said. The reviewer is a place of the
    network. A verdict lapses when the place changes the answer it judged.

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
    not_a_member = reviewer_problem(Path(place_file), reviewer)
    if not_a_member:
        fail(not_a_member)
    target = Path(output) if output else review_path(Path(place_file), place.id, reviewer)
    if output:
        other = other_file_problem(target, place.id, reviewer)
        if other:
            fail(other)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        store = open_review(target)
        store.command, store.signs_at_end = "review", sign_with is not None
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
        _walk(store, place, reviewer, registry, catalogue, sign_with, as_written(doc, catalogue))
    except StoreError as exc:
        fail(str(exc))  # one line; the verdicts given so far are on disk or in the conflict file
    finally:
        store.close()


def review_path(place_file: Path, place_id: str, reviewer: str) -> Path:
    """`reviews/PLACE/REVIEWER.toml` in the network's folder (`place_reviews.reviews_folder`:
    where `assess` reads a place's reviews and a walk of the network finds them)."""
    from ..place_reviews import reviews_folder

    return reviews_folder(place_file, place_id) / f"{reviewer}.toml"


def reviewer_problem(place_file: Path, reviewer: str) -> str | None:
    """Why `reviewer` cannot review: no place file beside the one reviewed has its id; or None.

    Its own file, named by its id as `assess` names it, is looked at first; the other place
    files of the folder are read only when it is not there."""
    from ..documents import read_document, toml_files
    from ..errors import did_you_mean
    from ..i18n import SHOWN

    def place_id(path: Path) -> object:
        doc, _problems = read_document(path) if path.is_file() else (None, [])
        table = doc.data.get("place") if doc is not None else None
        return table.get("id") if isinstance(table, dict) else None

    folder = place_file.resolve().parent
    if place_id(folder / f"{reviewer}.toml") == reviewer:
        return None
    ids: set[str] = set()
    for path in toml_files([folder])[0]:
        found = place_id(path)
        if found == reviewer:
            return None
        if isinstance(found, str):
            ids.add(found)
    return _(
        "--as {id!r}: no place file beside {path} has this id; the reviewer is a place of the network ({hint})"
    ).format(id=reviewer, path=place_file, hint=did_you_mean(reviewer, ids, SHOWN))


def other_file_problem(target: Path, place_id: str, reviewer: str) -> str | None:
    """Why -o may not be written: an existing file that is not this review (a place file, a
    network file, another review); or None. A file TOML cannot read is said by the store."""
    from ..documents import read_document

    if not target.is_file():
        return None
    doc, _problems = read_document(target)
    if doc is None or not doc.data:
        return None  # unreadable (the store says why, and leaves it) or empty: nothing to damage
    head = doc.data.get("review")
    if doc.kind != "review" or not isinstance(head, dict):
        return _(
            "{path}: is not a review file: -o writes a review into a new file or into the same "
            "review; nothing was written (give another output file)"
        ).format(path=target)
    if (head.get("place"), head.get("reviewer")) != (place_id, reviewer):
        return _(
            "{path}: is the review of {place} by {reviewer}, not this one: nothing was written "
            "(give another output file)"
        ).format(path=target, place=head.get("place"), reviewer=head.get("reviewer"))
    return None


def open_review(path: Path) -> PlaceFile:
    """The review file as a `PlaceFile`: edited key by key, merged with another hand's edits,
    locked; read as the questionnaire reads a place file (`check`'s messages when it cannot be)."""
    from ..assess.store import PlaceFile

    return PlaceFile.open_other(path)


def as_written(doc: Document | None, catalogue: Catalogue) -> dict[str, Answer]:
    """The place's answers as its file writes them, by today's criterion ids: before an option's
    rename is migrated, a verdict judged the answer under its old option id. Empty without renames."""
    if doc is None or not catalogue.renames:
        return {}
    from ..models_from_toml import answers_in
    from ..reviews import under_todays_ids

    return under_todays_ids(answers_in(doc), catalogue)


def _walk(
    store: PlaceFile,
    place: Place,
    reviewer: str,
    registry: Registry,
    catalogue: Catalogue,
    sign_with: str | None,
    written_answers: dict[str, Answer],
) -> None:
    from ..answer_shown import shown_value
    from ..model import asked_criteria
    from ..reviews import answer_digest
    from .assess import read_line, say, sign_saved

    target = store.path
    assert target is not None
    store.table("review")  # written first in a new file: [review], then [verdicts]
    # Verdicts under an old criterion id (`replaces`) are read as the new one, as check reads them.
    on_file = store.table("verdicts").items()
    verdicts = {catalogue.replaced.get(k, k): v for k, v in on_file if isinstance(v, dict)}
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
            written = written_answers.get(criterion.id)
            judged = {digest, answer_digest(written)} if written is not None else {digest}
            if earlier is not None and earlier.get("digest") in judged:
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
            table = store.table("verdicts")  # a new dict after each save
            for old in [k for k in table if catalogue.replaced.get(k) == criterion.id]:
                del table[old]  # judged again under today's id
            table[criterion.id] = verdict
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
