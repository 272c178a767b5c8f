"""`tlcriteria migrate`: rewrite place files (and peer reviews' verdicts) with today's criterion and option ids."""

from __future__ import annotations

from pathlib import Path

import click

from ..i18n import _, ngettext
from .app import App, fail, pass_app, report
from .help import Translated
from .options import criteria_option


@click.command(cls=Translated)
@click.argument("places", nargs=-1, required=True, type=click.Path(), metavar="PLACE...")
@criteria_option
@click.option("--dry-run", is_flag=True, help="Show the changes (a unified diff) without writing any file.")
@pass_app
def migrate(app: App, places: tuple[str, ...], criteria_dirs: tuple[str, ...], dry_run: bool) -> None:
    """Rewrite place files with today's ids, those the criteria declare in replaces.

    Answers under an old criterion or option id are written under the new
    one; answers to retired criteria are kept as they are; folders are walked.
    Peer reviews found there get their verdicts under the new ids too. A file
    that was signed must be signed again by its own place (a review: by its
    reviewer): each one is named.

    Writes each place file in place, whole or not at all, keeping its comments
    and layout; with --dry-run, writes the changes (a unified diff) to the
    standard output instead, and no file.

    \b
    Examples:
      tlcriteria migrate lieux --criteria criteria --dry-run
      tlcriteria migrate lieux --criteria criteria
    """
    from ..documents import read_documents
    from ..files import write_atomic
    from ..locking import Busy, FileLock
    from ..migrate import migrate_document, migrate_review
    from ..place_checks import not_a_place_file
    from ..signatures import signature_path
    from ..trust import principal_of
    from .places import catalogue_or_stop

    registry = app.registry()
    catalogue = catalogue_or_stop(app, criteria_dirs)
    docs, problems = read_documents(places)
    problems += [p for doc in docs if (p := not_a_place_file(doc)) is not None]
    rewritten = {"place": 0, "review": 0}  # files written (with --dry-run: to be), by kind
    place_docs = {i: d for d in docs if d.kind == "place" and isinstance(i := principal_of(d), str)}
    for doc in docs:
        if doc.kind == "place":
            migration = migrate_document(doc, catalogue, registry.kinds)
        elif doc.kind == "review":  # its verdicts follow the answers' renames
            migration = migrate_review(doc, catalogue, registry.kinds, place_docs)
        else:
            continue
        problems += migration.problems
        if not migration.changed:
            continue
        if dry_run:
            click.echo(migration.unified_diff(), nl=False)
            if signature_path(doc.path).exists():
                click.echo(sign_again(doc.path, doc.kind, principal_of(doc), dry_run=True), err=True)
            rewritten[doc.kind] += 1
            continue
        lock = FileLock(Path(doc.path))
        try:
            lock.acquire()  # not while a questionnaire or a review writes it
            now = Path(doc.path).read_bytes().decode("utf-8", errors="replace").removeprefix("\ufeff")
            if now != migration.old_text:
                # Changed since it was read: rewriting it would lose that change.
                click.echo(
                    _(
                        "{path}: changed while it was being migrated; left as it is (run migrate again)"
                    ).format(path=doc.path),
                    err=True,
                )
                continue
            write_atomic(doc.path, migration.new_text)
        except Busy as exc:
            click.echo(str(exc), err=True)
            continue
        except OSError as exc:
            from ..errors import os_reason  # library code, loaded only on this path

            fail(_("{path}: cannot write: {error}").format(path=doc.path, error=os_reason(exc)))
        finally:
            lock.release()
        rewritten[doc.kind] += 1
        if signature_path(doc.path).exists():
            click.echo(sign_again(doc.path, doc.kind, principal_of(doc)), err=True)
        if doc.kind == "review":
            click.echo(
                ngettext(
                    "{path}: {count} verdict rewritten with today's ids",
                    "{path}: {count} verdicts rewritten with today's ids",
                    len(migration.renamed),
                ).format(path=doc.path, count=len(migration.renamed)),
                err=True,
            )
            continue
        click.echo(
            ngettext(
                "{path}: {count} answer rewritten with today's ids",
                "{path}: {count} answers rewritten with today's ids",
                len(migration.renamed),
            ).format(path=doc.path, count=len(migration.renamed)),
            err=True,
        )
    errors = report(problems)
    changed, reviews = rewritten["place"], rewritten["review"]
    summary = (
        ngettext(
            "{count} place file would be rewritten (--dry-run: nothing written)",
            "{count} place files would be rewritten (--dry-run: nothing written)",
            changed,
        )
        if dry_run
        else ngettext("{count} place file rewritten", "{count} place files rewritten", changed)
    ).format(count=changed)
    if reviews:
        summary = _("{places}; {reviews}").format(
            places=summary,
            reviews=(
                ngettext(
                    "{count} review file would be rewritten",
                    "{count} review files would be rewritten",
                    reviews,
                )
                if dry_run
                else ngettext("{count} review file rewritten", "{count} review files rewritten", reviews)
            ).format(count=reviews),
        )
    click.echo(_("tlcriteria: {summary}").format(summary=summary), err=True)
    if errors:
        fail(ngettext("{count} problem found", "{count} problems found", errors).format(count=errors))


def sign_again(path: str, kind: str | None, principal: str | None, *, dry_run: bool = False) -> str:
    """Who signs a rewritten file again: its own place (a review: its reviewer), with its key;
    the coordinator who ran migrate cannot sign for them. `dry_run`: who would, once it is
    rewritten (the coordinator warns them before migrating)."""
    from ..signatures import signature_path

    sig = signature_path(path)
    if dry_run and kind == "review":
        message = _(
            "{path}: once rewritten, its signature {sig} would no longer match: its reviewer {id} would "
            "sign it again with its own key (tlcriteria sign {path} --key ITS-KEY)"
        )
    elif dry_run:
        message = _(
            "{path}: once rewritten, its signature {sig} would no longer match: the place {id} would sign "
            "it again with its own key (tlcriteria sign {path} --key ITS-KEY; no other key counts for it)"
        )
    elif kind == "review":
        message = _(
            "{path}: its signature {sig} no longer matches: its reviewer {id} signs it again with its "
            "own key (tlcriteria sign {path} --key ITS-KEY)"
        )
    else:
        message = _(
            "{path}: its signature {sig} no longer matches: the place {id} signs it again with its own "
            "key (tlcriteria sign {path} --key ITS-KEY; no other key counts for it)"
        )
    return message.format(path=path, sig=sig, id=principal)
