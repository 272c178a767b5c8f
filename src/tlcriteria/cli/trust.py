"""`tlcriteria sign` and `tlcriteria verify`: signed place files (SPEC §11)."""

from __future__ import annotations

from pathlib import Path

import click

from ..i18n import _, labelled, listed, ngettext
from .app import fail, report, say_notice
from .help import Translated


@click.command(cls=Translated)
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
    from ..locking import Busy, FileLock
    from ..signatures import SigningFailed, SshKeygenMissing, UnusableKey, asks_passphrase
    from ..signatures import sign as sign_file

    asks = asks_passphrase(key)
    failed = 0
    unusable: UnusableKey | None = None  # the key signs no file: said once, after the files
    for path in files:
        if not Path(path).is_file():
            click.echo(_("{path}: no such file (check the path)").format(path=path), err=True)
            failed += 1
            continue
        if unusable is not None:
            failed += 1
            continue
        lock = FileLock(Path(path))
        try:
            lock.acquire()  # not while a questionnaire or a review is writing it
            if asks:
                announce_passphrase()
            written = sign_file(path, key)
        except Busy as exc:
            click.echo(str(exc), err=True)
            failed += 1
            continue
        except SshKeygenMissing as exc:
            fail(str(exc))
        except UnusableKey as exc:
            unusable = exc
            failed += 1
            continue
        except SigningFailed as exc:
            click.echo(
                _("{path}: cannot sign: {error} ({hint})").format(
                    path=path, error=exc.message, hint=exc.hint
                ),
                err=True,
            )
            failed += 1
            continue
        except OSError as exc:
            from ..errors import os_reason  # library code, loaded only on this path

            click.echo(_("{path}: cannot sign: {error}").format(path=path, error=os_reason(exc)), err=True)
            failed += 1
            continue
        finally:
            lock.release()
        click.echo(_("{path}: signed ({signature})").format(path=path, signature=written))
    if unusable is not None:  # as the lines above say a file: PATH : what (hint)
        click.echo(labelled(key, f"{unusable.message} ({unusable.hint})"), err=True)
    if failed:
        fail(ngettext("{count} file not signed", "{count} files not signed", failed).format(count=failed))


def announce_passphrase() -> None:
    """Said before ssh-keygen takes the terminal to ask, in its own English, for the passphrase;
    without a terminal it cannot ask (and says so itself)."""
    import os
    import sys

    if os.name == "nt":
        terminal = sys.stdin.isatty()
    else:
        try:
            with open("/dev/tty", "rb"):  # where ssh-keygen asks, whatever stdin is
                terminal = True
        except OSError:
            terminal = False
    if terminal:
        click.echo(_("ssh-keygen asks for the key's passphrase:"), err=True)


@click.command(cls=Translated)
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--signers",
    "signers_file",
    required=True,
    metavar="FILE",
    help="The network's allowed-signers file (OpenSSH format; principals are place ids).",
)
def verify(paths: tuple[str, ...], signers_file: str) -> None:
    """Tell, for each place file (and review) under PATHS, whether its own place signed it.

    Writes a line for each file signed by its place (a review: by its
    reviewer) to the standard output; each other file is a problem on the
    standard error, with what to do. Criteria sets are left aside (no place
    signs them). Exit status 1 when any file is not signed by its place.

    \b
    Examples:
      tlcriteria verify lieux --signers signataires
      tlcriteria verify lieux reviews --signers signataires
    """
    from ..documents import read_documents
    from ..signatures import SshKeygenMissing, load_signers
    from ..trust import named_signatures, signed_documents

    signers, problems = load_signers(signers_file)
    if signers is None:
        report(problems)
        fail(_("the signers file cannot be used; nothing was verified"))
    if report(named_signatures(paths, signers_file)):
        fail(_("signature files were given instead of the files they sign; nothing was verified"))
    docs, problems = read_documents(paths)
    if report(problems):
        fail(_("some files cannot be read; nothing was verified"))
    try:
        found = signed_documents(docs, signers)
    except SshKeygenMissing as exc:
        fail(str(exc))
    others = report(found.problems)
    for verdict in found.verdicts:
        if verdict.ok:
            click.echo(labelled(verdict.path, verdict.message()))
        else:
            click.echo(str(verdict.problem()), err=True)
    if found.sets:
        say_notice(
            ngettext(
                "{count} criteria set left aside: criteria are signed by no place",
                "{count} criteria sets left aside: criteria are signed by no place",
                len(found.sets),
            ).format(count=len(found.sets))
        )
    if not found.verdicts and not others:
        fail(_("no place file or review among the paths given; nothing was verified"))
    places, reviews = found.unsigned(review=False), found.unsigned(review=True)
    counted = (
        (
            places,
            ngettext(
                "{count} place file is not signed by its place",
                "{count} place files are not signed by their place",
                places,
            ),
        ),
        (
            reviews,
            ngettext(
                "{count} review is not signed by its reviewer",
                "{count} reviews are not signed by their reviewer",
                reviews,
            ),
        ),
        (
            others,
            ngettext(
                "{count} file is neither a place file nor a review",
                "{count} files are neither place files nor reviews",
                others,
            ),
        ),
    )
    said = [text.format(count=count) for count, text in counted if count]
    if said:
        fail(listed(said))
