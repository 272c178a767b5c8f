"""One question asked in a real terminal, with prompt_toolkit.

Line editing (arrows, Home/End, Ctrl-W…) and the history of earlier answers
(↑ in a line to type), the questionnaire's commands completed with Tab, no
length cap (the terminal is in raw mode: no 4,095-byte line limit), and a
justification over several lines (Alt+Enter, or Esc then Enter, starts a new
line; a pasted text keeps its lines). A question whose kind picks options
(`AnswerKind.picks`) shows them as a list moved with ↑ ↓ (one option) or as
check boxes ticked with Space (several); Enter on an empty line confirms the
list, and typing a number or an id still works.

`ask` returns the typed text, or the ids picked in the list (a tuple).
Ctrl-C raises KeyboardInterrupt and Ctrl-D on an empty line EOFError, as
`input()` does, so the caller treats them as before.
"""

from __future__ import annotations

from typing import Any, cast

from prompt_toolkit import PromptSession
from prompt_toolkit.application import get_app
from prompt_toolkit.completion import WordCompleter
from prompt_toolkit.filters import Condition
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.history import InMemoryHistory
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent

from ..i18n import _
from ..interfaces import PICK_SEVERAL
from .session import Prompt

Reply = str | tuple[str, ...]


def commands() -> list[str]:
    """The questionnaire's commands, as Tab completes them, in the current language."""
    return [_("skip"), _("back"), _("quit"), "?"]


class ListState:
    """Where the highlight is in a list, and which boxes are ticked."""

    def __init__(self, prompt: Prompt) -> None:
        self.ids = [option_id for option_id, _label in prompt.options]
        self.labels = [label for _option_id, label in prompt.options]
        self.several = prompt.picks == PICK_SEVERAL
        self.ticked = set(prompt.chosen)
        first = next((i for i, option_id in enumerate(self.ids) if option_id in self.ticked), 0)
        self.cursor = first

    def move(self, step: int) -> None:
        self.cursor = (self.cursor + step) % len(self.ids)

    def toggle(self) -> None:
        self.ticked ^= {self.ids[self.cursor]}

    def picked(self) -> tuple[str, ...]:
        if self.several:
            return tuple(option_id for option_id in self.ids if option_id in self.ticked)
        return (self.ids[self.cursor],)

    def shown(self, picked: tuple[str, ...]) -> str:
        return ", ".join(
            label for option_id, label in zip(self.ids, self.labels, strict=True) if option_id in picked
        ) or _("none")

    def lines(self) -> list[tuple[str, str]]:
        shown: list[tuple[str, str]] = []
        for i, label in enumerate(self.labels):
            here = i == self.cursor
            box = ("[x] " if self.ids[i] in self.ticked else "[ ] ") if self.several else ""
            style = "reverse" if here else ""
            shown.append((style, f"  {'›' if here else ' '} {box}{i + 1}. {label}"))
            shown.append(("", "\n"))
        return shown


class Terminal:
    """The questionnaire's input in a terminal: one `PromptSession`, so ↑ recalls earlier answers."""

    def __init__(self) -> None:
        self.session: PromptSession[Any] = PromptSession(history=InMemoryHistory())

    def ask(self, prompt: Prompt) -> Reply:
        bindings = KeyBindings()
        empty = Condition(lambda: not get_app().current_buffer.text)
        listing = ListState(prompt) if prompt.options else None

        if listing is not None:
            state = listing

            @bindings.add("up")
            def _up(event: KeyPressEvent) -> None:
                state.move(-1)

            @bindings.add("down")
            def _down(event: KeyPressEvent) -> None:
                state.move(1)

            if state.several:

                @bindings.add("space", filter=empty)
                def _tick(event: KeyPressEvent) -> None:
                    state.toggle()

            @bindings.add("enter", filter=empty)
            def _confirm(event: KeyPressEvent) -> None:
                picked = state.picked()
                # Left on the screen after the question: what was picked, in words.
                event.current_buffer.text = state.shown(picked)
                event.app.exit(result=picked)

        if prompt.multiline:

            @bindings.add("escape", "enter")
            def _new_line(event: KeyPressEvent) -> None:
                event.current_buffer.insert_text("\n")

        def message() -> FormattedText:
            shown = listing.lines() if listing is not None else []
            if prompt.multiline:
                shown.append(("italic", _("Alt+Enter (or Esc then Enter): new line — Enter: done") + "\n"))
            return FormattedText([*shown, ("bold", prompt.label)])

        reply = self.session.prompt(
            message,
            key_bindings=bindings,
            completer=WordCompleter(commands(), ignore_case=True),
            complete_while_typing=False,
            # A new line shows under the label's start, not at the screen's left edge.
            prompt_continuation=lambda width, line_number, wrap_count: " " * width,
        )
        return cast(Reply, reply)
