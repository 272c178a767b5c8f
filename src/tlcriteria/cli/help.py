"""Help texts in the person's language: docstrings and option help are English msgids,
translated when shown (the language is chosen at each invocation, after click built them)."""

from __future__ import annotations

import click

from ..i18n import _


def translated_help(text: str | None) -> str | None:
    if not text:
        return text
    import inspect

    return _(inspect.cleandoc(text))


class Translated(click.Command):
    """A command whose help (docstring, option help) is translated when shown."""

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
            super().format_help(ctx, formatter)
        finally:
            for param, text in saved:
                param.help = text
            self.help = own

    def get_short_help_str(self, limit: int = 45) -> str:
        """The first paragraph of the help, whole: click would cut it at `limit` ("…")."""
        text = translated_help(self.short_help or self.help) or ""
        return " ".join(text.split("\n\n")[0].split())
