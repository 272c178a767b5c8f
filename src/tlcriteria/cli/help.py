"""Help texts in the person's language: docstrings, option help and metavars are English msgids,
translated when shown (the language is chosen at each invocation, after click built them)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import click

from ..i18n import LANGUAGES, _, current_language, set_language

#: A metavar as click makes it from a name: `NAME`, `[NAME]` (optional), `NAME...` (repeated).
_MADE_METAVAR = re.compile(r"(\[?)([A-Z][A-Z0-9_-]*)(\]?)((?:\.\.\.)?)")


def translated_help(text: str | None) -> str | None:
    if not text:
        return text
    import inspect

    return _(inspect.cleandoc(text))


def translated_metavar(text: str) -> str:
    """`FILE` → `FICHIER`: the whole metavar when the catalogue has it (`PLACE...` → `LIEUX...`),
    else the name inside click's brackets and dots (`[PLACE_FILE]` → `[FICHE]`); choices as they are."""
    whole = _(text)
    if whole != text:
        return whole
    made = _MADE_METAVAR.fullmatch(text)
    if made is None:
        return text
    opening, name, closing, repeated = made.groups()
    return f"{opening}{_(name)}{closing}{repeated}"


def _lang_in(args: list[str]) -> str | None:
    """The language `--lang fr|en` (or `--lang=en`) asks for among a command's arguments, or None."""
    for i, arg in enumerate(args):
        value = args[i + 1] if arg == "--lang" and i + 1 < len(args) else arg.removeprefix("--lang=")
        if arg.startswith("--lang") and value in LANGUAGES:
            return value
    return None


class HeadingFormatter(click.HelpFormatter):
    """click writes a heading and its colon itself ("Options:"): French puts a space before it."""

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{_('{heading}:').format(heading=heading)}\n")


class TranslatedContext(click.Context):
    formatter_class = HeadingFormatter


class Translated(click.Command):
    """A command whose help (docstring, option help, metavars) is translated when shown."""

    context_class = TranslatedContext

    @contextmanager
    def _metavars_shown(self, ctx: click.Context) -> Iterator[None]:
        """Every parameter's metavar (and a group's `COMMAND [ARGS]...`) in the language now chosen,
        put back afterwards: the command is made once and serves every invocation."""
        saved: list[tuple[click.Parameter, str | None]] = []
        subcommands = getattr(self, "subcommand_metavar", None)
        try:
            for param in self.get_params(ctx):
                english = param.make_metavar(ctx)
                shown = translated_metavar(english)
                if shown != english:
                    saved.append((param, param.metavar))
                    param.metavar = shown
            if isinstance(subcommands, str):
                setattr(self, "subcommand_metavar", translated_metavar(subcommands))  # noqa: B010
            yield
        finally:
            for param, metavar in saved:
                param.metavar = metavar
            if isinstance(subcommands, str):
                setattr(self, "subcommand_metavar", subcommands)  # noqa: B010

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # click makes its --help option once, in the language of that moment (before --lang ran):
        # its text is made again here, in the language now chosen.
        helper = self.get_help_option(ctx)
        saved = [(p, p.help) for p in [*self.params, helper] if isinstance(p, click.Option) and p.help]
        own = self.help
        try:
            for param, text in saved:
                param.help = translated_help(text)
            if helper is not None:
                helper.help = _("Show this message and exit.")
            self.help = translated_help(own)
            with self._metavars_shown(ctx):
                super().format_help(ctx, formatter)
        finally:
            for param, text in saved:
                param.help = text
            self.help = own

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The usage line, in help and above an error, with the metavars of the help."""
        with self._metavars_shown(ctx):
            super().format_usage(ctx, formatter)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return self._parse_args(ctx, list(args))  # the parser consumes the list it is given
        except click.UsageError:
            # click's parser stopped (an unknown option) before --lang, given after the command's
            # name, could choose the language: choose it, and let the same error be said in it.
            asked = _lang_in(args)
            if asked is None or asked == current_language():
                raise
            set_language(asked)
            return self._parse_args(ctx, args)

    def _parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.BadParameter as error:  # MissingParameter too: "Missing argument 'LIEUX...'"
            if error.param is not None and error.param_hint is None:
                with self._metavars_shown(ctx):
                    error.param_hint = error.param.get_error_hint(ctx)
            raise

    def get_short_help_str(self, limit: int = 45) -> str:
        """The first paragraph of the help, whole: click would cut it at `limit` ("…")."""
        text = translated_help(self.short_help or self.help) or ""
        return " ".join(text.split("\n\n")[0].split())
