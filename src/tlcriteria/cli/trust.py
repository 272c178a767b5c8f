"""`tlcriteria sign` and `tlcriteria verify`: signed place files (SPEC §11).

Attached to `tlcriteria.cli.main` like `publish`; only click is imported at
module level, the helpers of `tlcriteria.cli` inside the commands.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .cli_options import criteria_option, output_option, table_format_option
from .i18n import _, ngettext

if TYPE_CHECKING:
    from .trust import Checked
    from .workspace import Loaded


def trust_options(func: Any) -> Any:
    """`--signers` and `--require-signature`, shared by score and publish."""
    func = click.option(
        "--require-signature",
        is_flag=True,
        help="Leave out (and name) every place whose file is not signed by its own key; exit status 1 unless --keep-going.",
    )(func)
    return click.option(
        "--signers",
        "signers_file",
        metavar="FILE",
        help="The network's allowed-signers file: each rating shows whether its place signed its file.",
    )(func)


def checked_trust(loaded: Loaded, signers_file: str | None, required: bool) -> Checked:
    """Signatures (and reviews) of the loaded places; problems printed; stops when unusable."""
    from .cli import fail, report
    from .signatures import SshKeygenMissing
    from .trust import check_trust

    if required and signers_file is None:
        fail(_("--require-signature needs --signers FILE (the network's allowed-signers file)"))
    try:
        checked = check_trust(loaded.places, loaded.documents, loaded.catalogue, signers_file, required)
    except SshKeygenMissing as exc:
        fail(str(exc))
    report(checked.problems)
    report(checked.left)
    if signers_file is not None and checked.verdicts is None:
        fail(_("the signers file cannot be used; nothing was rated"))
    if not checked.ok:
        fail(_("the reviews have problems (above); nothing was rated"))
    return checked


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "--key",
    "key",
    required=True,
    metavar="KEY",
    type=click.Path(dir_okay=False),
    help="The SSH private key (or its .pub when ssh-agent holds it); a passphrase is asked on the terminal.",
)
def sign(files: tuple[str, ...], key: str) -> None:
    """Sign place files (or reviews) with an SSH key, in OpenSSH's signature format.

    Writes each signature to FILE.sig beside its file (namespace tlcriteria).

    \b
    Examples:
      tlcriteria sign lieux/la-halle.toml --key ~/.ssh/id_ed25519
    """
    from .cli import fail
    from .locking import Busy, FileLock
    from .signatures import SigningFailed, SshKeygenMissing
    from .signatures import sign as sign_file

    failed = 0
    for path in files:
        if not Path(path).is_file():
            click.echo(_("{path}: no such file (check the path)").format(path=path), err=True)
            failed += 1
            continue
        lock = FileLock(Path(path))
        try:
            lock.acquire()  # not while a questionnaire or a review is writing it
            written = sign_file(path, key)
        except Busy as exc:
            click.echo(str(exc), err=True)
            failed += 1
            continue
        except SshKeygenMissing as exc:
            fail(str(exc))
        except SigningFailed as exc:
            click.echo(
                _("{path}: cannot sign: {error} (check the key and its passphrase)").format(
                    path=path, error=exc
                ),
                err=True,
            )
            failed += 1
            continue
        except OSError as exc:
            click.echo(
                _("{path}: cannot sign: {error}").format(path=path, error=exc.strerror or exc), err=True
            )
            failed += 1
            continue
        finally:
            lock.release()
        click.echo(_("{path}: signed ({signature})").format(path=path, signature=written))
    if failed:
        fail(ngettext("{count} file not signed", "{count} files not signed", failed).format(count=failed))


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--signers",
    "signers_file",
    required=True,
    metavar="FILE",
    help="The network's allowed-signers file (OpenSSH format; principals are place ids).",
)
def verify(paths: tuple[str, ...], signers_file: str) -> None:
    """Tell, for each place file (and review) under PATH, whether its own place signed it.

    Writes one line per file to the standard output; exit status 1 when any
    file is not signed by its place.

    \b
    Examples:
      tlcriteria verify lieux --signers signataires
    """
    from .cli import fail, report
    from .signatures import SshKeygenMissing, load_signers
    from .trust import signed_documents
    from .workspace import read_documents

    signers, problems = load_signers(signers_file)
    if signers is None:
        report(problems)
        fail(_("the signers file cannot be used; nothing was verified"))
    docs, problems = read_documents(paths)
    if report(problems):
        fail(_("some files cannot be read; nothing was verified"))
    try:
        verdicts, problems = signed_documents(docs, signers)
    except SshKeygenMissing as exc:
        fail(str(exc))
    bad = report(problems)
    for verdict in verdicts:
        if verdict.ok:
            click.echo(f"{verdict.path}: {verdict.message()}")
        else:
            click.echo(str(verdict.problem()), err=True)
            bad += 1
    if bad:
        fail(
            ngettext(
                "{count} file is not signed by its place", "{count} files are not signed by their place", bad
            ).format(count=bad)
        )


@click.command()
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
@click.pass_context
def review(
    ctx: click.Context,
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
    from .review_command import run

    run(ctx, place_file, reviewer, criteria_dirs, output, sign_with)


@click.command(name="report")
@click.argument("dirs", nargs=-1, required=True, type=click.Path(), metavar="DIR...")
@criteria_option
@click.option(
    "--signers",
    "signers_file",
    metavar="FILE",
    help="The network's allowed-signers file: say which places are unsigned or badly signed.",
)
@table_format_option(["table", "md", "csv", "json"], "A terminal table, Markdown, CSV or JSON.")
@output_option
@click.pass_context
def follow_up_report(
    ctx: click.Context,
    dirs: tuple[str, ...],
    criteria_dirs: tuple[str, ...],
    signers_file: str | None,
    format_name: str,
    output: str | None,
) -> None:
    """The coordinator's follow-up: per place and set, what to renew, sign, review, justify or answer.

    Stale ratings, unsigned or badly signed files, unreviewed or disputed
    criteria, missing evidence, unanswered criteria, and the next grade's advice.
    Reviews are read from the folders given (reviews/PLACE-ID/REVIEWER-ID.toml).
    Writes the report to the standard output, or to FILE with -o.

    \b
    Examples:
      tlcriteria report reseau --signers reseau/signataires --format md
    """
    from .cli import emit, get_registry, load_places_or_stop
    from .follow_up import follow_up, render
    from .freshness import today
    from .workspace import rate_places

    registry = get_registry(ctx)
    loaded = load_places_or_stop(
        registry,
        dirs,
        criteria_dirs,
        lambda errors: ngettext(
            "{count} problem found; no report was made", "{count} problems found; no report was made", errors
        ),
    )
    checked = checked_trust(loaded, signers_file, False)
    ratings = checked.annotate(rate_places(checked.places, loaded.catalogue, registry), today(), registry)
    rows = [follow_up(r, registry.kinds, registry.schemes[r.rules.scheme]) for r in ratings]
    emit(render(rows, format_name), output)
