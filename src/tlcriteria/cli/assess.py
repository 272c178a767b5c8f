"""`tlcriteria assess`: the questionnaire in a terminal, interruptible at any moment.

The questionnaire's steps are `assess.session` (pure) and `assess.store` (the
place file); this module drives them from a terminal or from lines on stdin.

Every accepted answer is on disk before the next question is shown (the
session saves through `PlaceFile.save`, an atomic rename). SIGINT, SIGTERM
and SIGHUP are blocked while an answer is being stored and saved, so a
signal lands between two questions: the person is told where the answers
are and the process exits with 128 + the signal number (130, 143, 129),
without a traceback. End of input (Ctrl-D) is taken as "quit".
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

import click

from ..i18n import _, listed, localized, ngettext
from .app import App, fail, pass_app, report
from .help import Translated
from .options import complete_set, criteria_option

if TYPE_CHECKING:
    from fractions import Fraction

    from ..assess.store import PlaceFile
    from ..catalogue import Catalogue
    from ..documents import Document
    from ..errors import Problem
    from ..interfaces import Advice, RatingScheme
    from ..model import Place, Rating, TomlValue
    from ..registry import Registry

    #: A place's review files as read (`place_reviews.review_documents`), and their reading problems.
    Reviews = tuple[tuple[Document, ...], tuple[Problem, ...]]

SIGNALS = tuple(s for s in (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", None)) if s is not None)


@click.command(cls=Translated)
@click.argument("place_file", required=False, type=click.Path(dir_okay=False))
@click.option(
    "--set", "set_id", metavar="ID", shell_complete=complete_set, help="Ask the criteria of this set only."
)
@click.option("--output", "-o", metavar="FILE", help="The place file to write (same as PLACE_FILE).")
@criteria_option
@click.option("--review", is_flag=True, help="Walk through every answer, the current one as default.")
@click.option(
    "--sign-with",
    metavar="KEY",
    type=click.Path(dir_okay=False),
    help="Sign the place file with this SSH key when the questionnaire ends (see tlcriteria sign).",
)
@pass_app
def assess(
    app: App,
    place_file: str | None,
    set_id: str | None,
    output: str | None,
    criteria_dirs: tuple[str, ...],
    review: bool,
    sign_with: str | None,
) -> None:
    """Self-assessment: answer the criteria one by one, saved after each answer.

    Starts a new place file, or resumes PLACE_FILE asking only what is
    unanswered. "passer"/"skip", "retour"/"back", "quitter"/"quit" at any
    question. Ends with each college's grade and what would raise it.

    Writes the place file after every answer: PLACE_FILE (or -o FILE), else
    places/ID.toml when there is a places folder here, else ID.toml.

    \b
    Examples:
      tlcriteria assess
      tlcriteria assess places/la-fabrique.toml
      tlcriteria assess places/la-fabrique.toml --review
    """
    run(app, place_file, output, set_id, criteria_dirs, review, sign_with)


class Interrupted(SystemExit):
    """A signal that stops the questionnaire.

    A SystemExit, because asyncio (under prompt_toolkit) lets only SystemExit and
    KeyboardInterrupt out of a callback that the signal interrupted; any other
    exception is logged there and the questionnaire would hang.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(128 + signum)  # the exit status, were it ever let out
        self.signum = signum


def _raise(signum: int, frame: FrameType | None) -> None:
    raise Interrupted(signum)


@contextmanager
def signals_raise() -> Iterator[None]:
    previous = {s: signal.getsignal(s) for s in SIGNALS}
    for s in SIGNALS:
        try:
            signal.signal(s, _raise)
        except (ValueError, OSError):  # not in the main thread
            pass
    try:
        yield
    finally:
        for s, handler in previous.items():
            try:
                signal.signal(s, handler)
            except (ValueError, OSError, TypeError):
                pass


@contextmanager
def signals_held() -> Iterator[None]:
    """Hold signals while an answer is stored and saved; they are delivered right after."""
    try:
        signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
    except (AttributeError, ValueError, OSError):
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, SIGNALS)


def say(text: str = "", nl: bool = True) -> None:
    try:
        click.echo(text, nl=nl)
    except OSError:  # the terminal is gone (SIGHUP): nothing to tell anyone
        pass


def wrapped(text: str) -> str:
    """Text wrapped to the terminal's width, between words, each line keeping its indent.

    Only for a person at a terminal: a script's transcript keeps its lines whole.
    """
    import shutil
    import textwrap

    if not in_terminal():
        return text

    width = max(20, shutil.get_terminal_size().columns - 1)
    out: list[str] = []
    for line in text.split("\n"):
        indent = line[: len(line) - len(line.lstrip())]
        out.append(
            textwrap.fill(
                line, width, subsequent_indent=indent, break_long_words=False, break_on_hyphens=False
            )
            if len(line) > width
            else line
        )
    return "\n".join(out)


def in_terminal() -> bool:
    """A person at a terminal (not a script, a test or CI feeding lines)."""
    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def read_line(label: str) -> str:
    say(label, nl=False)
    try:
        sys.stdout.flush()
    except OSError:
        pass
    try:
        line = sys.stdin.readline()
    except OSError:  # the terminal is gone
        raise Interrupted(getattr(signal, "SIGHUP", signal.SIGTERM)) from None
    if not line:
        raise EOFError
    if not sys.stdin.isatty():
        say(line.rstrip("\n"))  # show scripted answers in the transcript
    return line.rstrip("\r\n")


def default_path(place_id: str) -> tuple[Path | None, str | None]:
    folder = Path("places") if Path("places").is_dir() else Path(".")
    path = folder / f"{place_id}.toml"
    if path.exists():
        return None, _(
            "A place file {path} already exists: resume it with “tlcriteria assess {path}”, "
            "or choose another identifier."
        ).format(path=path)
    return path, None


def run(
    app: App,
    place_file: str | None,
    output: str | None,
    set_id: str | None,
    criteria_dirs: tuple[str, ...],
    review: bool,
    sign_with: str | None = None,
) -> None:
    from ..assess.store import PlaceFile, StoreError
    from ..errors import did_you_mean
    from .places import catalogue_or_stop

    app.check_output(output, (*criteria_dirs, sign_with), writes_toml=True)  # -o is the place file
    registry = app.registry()
    catalogue = catalogue_or_stop(
        app,
        criteria_dirs,
        lambda _errors: _("{count} problem(s) found in the criteria sets; fix them before the questionnaire"),
    )
    if set_id is not None and set_id not in catalogue.sets:
        fail(
            _("unknown criteria set {name!r} ({hint})").format(
                name=set_id, hint=did_you_mean(set_id, catalogue.sets)
            )
        )
    if not catalogue.colleges and set_id is None:
        fail(_("no criteria set rates a college (install a college plugin or give --criteria DIR)"))
    if place_file and output and Path(place_file) != Path(output):
        fail(_("give the place file or -o FILE, not both"))
    given = place_file or output
    path = Path(given) if given else None
    if path is not None and not path.parent.is_dir():  # said now, not after the member has typed the identity
        fail(
            _(
                "{path}: the folder {folder} does not exist (create it, or give a place file in a folder that does)"
            ).format(path=path, folder=path.parent)
        )
    try:
        store = PlaceFile.open(path)
        store.signs_at_end = sign_with is not None
        taken_over = store.hold() if path is not None else ""
    except StoreError as exc:
        if exc.other_kind:  # nothing to fix in it: another file is meant
            report(exc.problems)
            assert path is not None
            fail(
                _(
                    "{path} is left as it is: the questionnaire resumes a place file or starts a new one "
                    "(tlcriteria assess -o NEW.toml)"
                ).format(path=path)
            )
        if exc.problems:  # said as check says it, then how to go on
            report(exc.problems)
            assert path is not None
            fail(
                _(
                    "{path} is left as it is: fix what is said above, then run the questionnaire again; "
                    "or start a new place file elsewhere (tlcriteria assess -o NEW.toml)"
                ).format(path=path)
            )
        fail(str(exc))
    try:
        if taken_over:
            say(taken_over)
        _run_session(store, catalogue, registry, path, set_id, review, sign_with)
    finally:
        store.close()


def _run_session(
    store: PlaceFile,
    catalogue: Catalogue,
    registry: Registry,
    path: Path | None,
    set_id: str | None,
    review: bool,
    sign_with: str | None,
) -> None:

    def save() -> list[str]:
        return store.save()

    import copy

    from ..assess.neighbours import place_ids
    from ..assess.session import Session
    from ..assess.store import StoreError
    from ..network import network_read
    from ..network_file import from_here, network_file_near

    # The answers as the questionnaire finds them: a change to a reviewed answer is said as it is
    # made (its verdict lapses), and the end says again which reviewers' verdicts lapse.
    answers = store.data.get("answers")
    answers_before = copy.deepcopy(answers) if isinstance(answers, dict) else {}
    reviews = reviews_at_start(store.path, store.data) if store.existed else None
    lapses = Lapses(reviews[0], answers_before, catalogue, store.path) if reviews and store.path else None
    # The network file beside the place file or one folder up (NETWORK/places/x.toml): its area.
    folder = Path("places") if Path("places").is_dir() else Path(".")
    network = None
    near = network_file_near(path if path is not None else folder / "new.toml")
    if near is not None:
        near = from_here(near)  # as check names it
        network, problems = network_read(near)
        report(problems)  # as check says them
        if network is None:
            say(
                wrapped(
                    _(
                        "The network file {path} has problems (above): the questionnaire does without "
                        "its usual words and its area until they are fixed."
                    ).format(path=near)
                )
            )
    session = Session(
        store,
        catalogue,
        registry.kinds,
        save=save,
        review=review,
        set_id=set_id,
        path_for_id=default_path,
        network=network,
        ids_in_use=lambda: place_ids(path if path is not None else folder / "new.toml", own=path),
    )
    if store.existed:
        name = store.data.get("place", {}).get("name")
        if isinstance(name, str) and name:
            say(_("Resuming {name} ({path}).").format(name=name, path=store.path))
        else:
            say(_("Resuming {path}.").format(path=store.path))
    else:
        # Nothing can be saved before the identity is complete: the welcome does not promise it.
        say(_("New place file. Type “?” for help; “quit” stops at any time."))
        say(
            wrapped(
                _(
                    "Your answers are saved once the name, identifier, town, stage and colleges are "
                    "known, then after each answer; quitting keeps what is saved."
                )
            )
        )
    code = 0
    with signals_raise():
        try:
            shown = None
            terminal = None
            if in_terminal():
                from ..assess.terminal import Terminal

                terminal = Terminal()
            while not session.finished:
                prompt = session.prompt()
                if prompt is None:
                    break
                text = prompt.list_text if terminal is not None and prompt.options else prompt.text
                if text and (session.cursor, text) != shown:
                    say(wrapped(text))  # not repeated when the same question is asked again
                shown = (session.cursor, text)
                reply = terminal.ask(prompt) if terminal is not None else read_line(prompt.label)
                with signals_held():
                    messages = session.feed(reply) if isinstance(reply, str) else session.feed_picked(reply)
                for message in messages:
                    say(wrapped(message))
                if lapses is not None:
                    for line in lapses.news(store.data.get("answers")):
                        say(wrapped(line))
        except EOFError:
            say()
        except KeyboardInterrupt:
            code = 128 + signal.SIGINT
        except Interrupted as exc:
            code = 128 + exc.signum
        except StoreError as exc:
            fail(str(exc))  # one line, status 1; earlier answers are on disk already
    if code:
        say()
        if store.saves:
            say(_("Answers saved in {path}.").format(path=store.path))
        elif store.path is not None and store.existed:
            say(_("Nothing changed in {path}.").format(path=store.path))
        else:
            say(wrapped(not_saved(session.unsaved())))
        raise click.exceptions.Exit(code)
    if store.path is None or not (store.existed or store.saves or session.identity_complete()):
        say(wrapped(not_saved(session.unsaved())))
        return
    if store.saves == 0 and not store.existed:
        store.save()
    if store.saves == 0:
        say(_("Nothing changed in {path}.").format(path=store.path))
    else:
        say(_("Answers saved in {path}.").format(path=store.path))
    if sign_with is not None:
        sign_saved(
            store.path,
            sign_with,
            _("{path}: answers saved, but not signed: {error} (sign it with tlcriteria sign)"),
        )
    show_results(store.path, catalogue, registry, set_id, answers_before, reviews)


def not_saved(typed: Sequence[str]) -> str:
    """What a stop before the new place file is first written loses, said plainly."""
    if not typed:
        return _(
            "Nothing was saved: the place file is written once the name, identifier, town, stage "
            "and colleges are known."
        )
    names = {
        "name": _("the name"),
        "id": _("the identifier"),
        "town": _("the town"),
        "stage": _("the stage"),
        "colleges": _("the colleges"),
    }
    return _(
        "Not saved: {typed} (the place file is written once the name, identifier, town, stage and "
        "colleges are known); run tlcriteria assess again to give them."
    ).format(typed=listed([names[k] for k in typed], separator=", "))


def sign_saved(path: Path, key: str, unsigned: str) -> None:
    """`--sign-with KEY` (assess, review): the saved file is signed; a failure loses nothing saved.

    `unsigned` is the translated one-line error, with `{path}` and `{error}`, that says what was saved.
    """
    from ..signatures import SigningFailed, SshKeygenMissing, asks_passphrase, sign
    from .trust import announce_passphrase

    try:
        if asks_passphrase(key):
            announce_passphrase()
        written = sign(path, key)
    except (SigningFailed, SshKeygenMissing, OSError) as exc:
        fail(unsigned.format(path=path, error=exc))
    say(_("Signed: {signature}.").format(signature=written))


def show_results(
    path: Path,
    catalogue: Catalogue,
    registry: Registry,
    set_id: str | None,
    answers_before: Mapping[str, TomlValue] | None = None,
    reviews: Reviews | None = None,
) -> None:
    """Each college's grade as score rates it (peer reviews counted), what would raise it, and
    the reviewers' verdicts the answers changed in this session made lapse (`answers_before`:
    the file's `[answers]` when the questionnaire began; `reviews`: the place's reviews, when
    read then)."""
    from ..advice import next_grade
    from ..documents import read_document
    from ..mistakes import TEXT_OR_NONE, held
    from ..place_checks import places_from
    from ..place_loading import rate_places

    doc, found = read_document(path)
    problems: Sequence[Problem] = found
    places: Sequence[Place] = []
    if doc is not None:
        checked = places_from([doc], catalogue, registry)
        places, problems = checked.places, checked.problems
    if problems:
        report(problems)
        say(_("The place file has problems (above); it is not rated until they are fixed."))
        return
    assert doc is not None
    place = places[0]
    own = rate_places([place], catalogue, registry, set_id)
    if not own:
        say(_("No criteria set rates the colleges of this place."))
        return
    ratings, lapsed = with_reviews(path, doc, place, catalogue, registry, own, answers_before or {}, reviews)
    say()
    say(_("— Rating —"))
    college = catalogue.sets[set_id].set.college if set_id is not None else ""
    if college and college not in place.colleges:  # the member quit the colleges question without it
        say(
            wrapped(
                _(
                    "This place is not in the college {college}, which the set {id} rates: the "
                    "network does not rate it with this set (add the college: tlcriteria assess {path} "
                    "--set {id})."
                ).format(path=path, college=college, id=set_id)
            )
        )
    for before, rating in zip(own, ratings, strict=True):
        rules = rating.rules
        reason = held(registry.schemes[rules.scheme].cannot_grade, rules.id, TEXT_OR_NONE)(rules)
        if reason:
            say(reason)
            continue
        percent = "—" if rating.percent is None else show_percent(rating.percent)
        grade = rating.grade or _("unrated")
        label = next(
            (
                localized(g.texts, "label", g.label)
                for g in rules.grades
                if g.grade == rating.grade and g.label
            ),
            "",
        )
        say(
            _("{set}: grade {grade}{label}, {percent}").format(
                set=localized(rules.set.texts, "title", rules.set.title),
                grade=grade,
                label=f" ({label})" if label else "",
                percent=percent,
            )
        )
        if before.grade != rating.grade:
            say(wrapped("  " + dispute_cost(before, rating)))
        unanswered = len(rating.unanswered)
        if unanswered:
            say("  " + _("{count} question(s) unanswered (counted as 0).").format(count=unanswered))
        scheme = registry.schemes[rules.scheme]
        advice = next_grade(rating.place, rules, registry.kinds, scheme)
        for line in advice_lines(advice, scheme, rules.id):
            say(wrapped("  " + line))
    for line in lapsed:
        say(wrapped(line))


def reviews_at_start(path: Path | None, data: Mapping[str, Any]) -> Reviews | None:
    """The reviews of the place file a questionnaire resumes, read once (None: no id to file them under)."""
    from ..place_reviews import review_documents

    place = data.get("place")
    place_id = place.get("id") if isinstance(place, dict) else None
    if path is None or not isinstance(place_id, str) or not place_id:
        return None
    return review_documents(path, place_id)


class Lapses:
    """Says, as the member changes answers, which peers' verdicts lapse (and which hold again
    when an answer is changed back), for the reviews read at the start."""

    def __init__(
        self, docs: Sequence[Document], answers: Mapping[str, TomlValue], catalogue: Catalogue, path: Path
    ) -> None:
        from ..place_reviews import ReviewedAnswers, reviews_of

        self.reviewed = ReviewedAnswers(reviews_of(docs), answers)
        self.catalogue, self.path = catalogue, path
        self.said: set[tuple[str, str]] = set()  # the verdicts said to lapse, not said to hold again

    def news(self, answers: object) -> list[str]:
        """A line per reviewer whose verdicts the last answer made lapse, or hold again."""
        if not self.reviewed.judged:
            return []
        now = self.reviewed.lapsed(answers if isinstance(answers, dict) else {})
        lapsing, holding = now - self.said, self.said - now
        self.said = now
        return lapse_lines(by_reviewer(lapsing), self.catalogue, self.path) + hold_lines(
            by_reviewer(holding), self.catalogue
        )


def by_reviewer(verdicts: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """(criterion, reviewer) pairs as each reviewer's criteria, in order."""
    found: dict[str, list[str]] = {}
    for criterion, reviewer in sorted(verdicts):
        found.setdefault(reviewer, []).append(criterion)
    return found


def criterion_titles(criteria: Iterable[str], catalogue: Catalogue) -> list[str]:
    return [
        localized(c.texts, "title", c.title) if (c := catalogue.criteria.get(i)) is not None else i
        for i in criteria
    ]


def lapse_lines(lapsed: Mapping[str, Sequence[str]], catalogue: Catalogue, path: Path) -> list[str]:
    """A line per reviewer whose verdicts on `lapsed[reviewer]` lapse, with the command asking anew."""
    lines = []
    for reviewer, criteria in sorted(lapsed.items()):
        titles = criterion_titles(criteria, catalogue)
        lines.append(
            ngettext(
                "The answer to {titles} changed since {reviewer} reviewed it: that verdict lapses "
                "(ask for a new review: tlcriteria review {path} --as {reviewer}).",
                "The answers to {titles} changed since {reviewer} reviewed them: those verdicts lapse "
                "(ask for a new review: tlcriteria review {path} --as {reviewer}).",
                len(titles),
            ).format(titles=listed(titles, separator=", "), reviewer=reviewer, path=path)
        )
    return lines


def hold_lines(holding: Mapping[str, Sequence[str]], catalogue: Catalogue) -> list[str]:
    """A line per reviewer whose verdicts hold again: the answers are back to those judged."""
    lines = []
    for reviewer, criteria in sorted(holding.items()):
        titles = criterion_titles(criteria, catalogue)
        lines.append(
            ngettext(
                "The answer to {titles} is again the one {reviewer} reviewed: that verdict holds again.",
                "The answers to {titles} are again those {reviewer} reviewed: those verdicts hold again.",
                len(titles),
            ).format(titles=listed(titles, separator=", "), reviewer=reviewer)
        )
    return lines


def with_reviews(
    path: Path,
    doc: Document,
    place: Place,
    catalogue: Catalogue,
    registry: Registry,
    ratings: Sequence[Rating],
    answers_before: Mapping[str, TomlValue],
    reviews: Reviews | None = None,
) -> tuple[Sequence[Rating], list[str]]:
    """The ratings as score gives them with the place's peer reviews (a set that takes a disputed
    answer's credit away rates it again), and a line for each reviewer whose verdicts the
    answers changed since the start of the questionnaire made lapse (`reviews`: the place's
    reviews when read at the start; else read now)."""
    from ..freshness import today
    from ..place_reviews import ReviewedAnswers, review_documents, reviews_of
    from ..trust import check_trust

    docs, unreadable = reviews if reviews is not None else review_documents(path, place.id)
    if unreadable or not docs:
        if unreadable:
            report(unreadable)
            say(_("The reviews of this place have problems (above): they are not counted here."))
        return ratings, []
    checked = check_trust([place], [doc, *docs], catalogue, None, False)
    errors = [p for p in checked.problems if p.is_error]
    if errors or checked.reviewed is None:
        report(errors)
        say(_("The reviews of this place have problems (above): they are not counted here."))
        return ratings, []
    were_current = ReviewedAnswers(reviews_of(docs), answers_before).current
    lapsed = [
        (criterion, reviewer)
        for (_place, criterion), reviewers in checked.reviewed.lapsed.items()
        for reviewer in reviewers
        if (criterion, reviewer) in were_current
    ]
    return checked.annotate(ratings, today(), registry), lapse_lines(by_reviewer(lapsed), catalogue, path)


def dispute_cost(before: Rating, after: Rating) -> str:
    """What a peer's dispute costs a rating whose set takes a disputed answer's credit away."""
    verification = after.trust.verification if after.trust is not None else None
    disputed = verification.disputed if verification else ()
    criteria = {r.criterion.id: r.criterion for r in before.results}
    titles = [localized(c.texts, "title", c.title) if (c := criteria.get(i)) else i for i in disputed]
    return ngettext(
        "A peer disputes {titles}: this set does not count a disputed answer, which costs the grade "
        "{grade} (it comes back once the dispute is lifted).",
        "Peers dispute {titles}: this set does not count a disputed answer, which costs the grade "
        "{grade} (it comes back once the disputes are lifted).",
        len(titles),
    ).format(titles=listed(titles, separator=", "), grade=before.grade or _("unrated"))


def show_percent(value: Fraction | float | int) -> str:
    """72,7 % in French, 72.7 % in English (rounded down, as in the JSON record)."""
    from .. import shown

    return shown.percent(value)


def advice_lines(advice: Advice, scheme: RatingScheme, set_id: str) -> list[str]:
    from ..mistakes import TEXT, held

    if advice.target is None:
        return [_("This is the best grade.")] if advice.at_best else []
    if not advice.reachable or not advice.changes:
        return [
            _(
                "The next grade ({target}) cannot be reached by changing unanswered or weak answers alone."
            ).format(target=advice.target)
        ]
    lines = [held(scheme.advice_heading, set_id, TEXT)(advice.current, advice.target)]
    for change in advice.changes:
        title = localized(change.criterion.texts, "title", change.criterion.title)
        line = "  - " + _("{title}: {value}").format(title=title, value=change.shown)
        if change.needs_evidence == "justification":
            line += _(" (with a justification)")
        elif change.needs_evidence == "url":
            line += _(" (with a link to a proof)")
        lines.append(line)
    return lines
