"""The rows of a place page's criteria tables, made straight from the rating's results.

Thousands of places answer a criterion alike: a row's first cells (criterion, level,
outcome, answer) are made once per (criterion, outcome, answer value), its evidence cell
once per (justification, address), so a row costs two look-ups and a join, and only a
place's own texts are ever escaped (once each). The answer is shown as the kinds show it,
in the public language, exactly as `publish.public_row`'s criteria lines show it.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Hashable, Mapping, Sequence
from typing import TYPE_CHECKING, cast

from ...frozen import FrozenList
from ...i18n import _, current_language, speaking
from ...publish import PUBLIC_LANGUAGE, clean_text, show_answer
from ...weburl import is_web_address
from .content import level_text, outcome_text
from .layout import esc

if TYPE_CHECKING:
    from ...interfaces import AnswerKind
    from ...model import Answer, CriterionResult

#: The end of every row, after its evidence cell.
_ROW_END = "</td></tr>"
#: Keys of the answers that are no value: none given, not applicable.
_NO_ANSWER: Hashable = ("no answer",)
_NOT_APPLICABLE: Hashable = ("n/a",)
#: A row's first cells depend on (criterion, outcome, `value_key` of the answer).
RowKey = tuple[object, str, Hashable | None]
#: Values shown the same whenever they are equal and of the same type.
_PLAIN = frozenset({str, bool, int})


def value_key(answer: Answer | None) -> Hashable | None:
    """What the shown text of an answer depends on besides its criterion; None when the value
    is not worth remembering: decimals (measures seldom repeat: remembered, they only made
    the garbage collector's passes longer), tables, lists of other than texts. The type is
    part of the key (1 and True are equal keys)."""
    if answer is None:
        return _NO_ANSWER
    if answer.na:
        return _NOT_APPLICABLE
    value = answer.value
    kind = type(value)
    if kind in _PLAIN:
        return (kind, value)
    if kind is FrozenList and all(type(item) is str for item in value):  # type: ignore[union-attr]
        return (kind, value)
    return None


@functools.lru_cache(maxsize=8192)
def _criterion_cells(title: str, title_en: str, level: str, language: str) -> str:
    shown = title_en if language == "en" and title_en else title
    return f'<th scope="row">{esc(clean_text(shown))}</th><td>{esc(level_text(level))}</td>'


@functools.lru_cache(maxsize=64)
def _outcome_cell(outcome: str, language: str) -> str:
    return f'<td class="outcome o-{esc(outcome)}">{esc(outcome_text(outcome))}</td>'


#: Whether a text is a web address: a place cites the same few pages for many criteria.
_web_address = functools.lru_cache(maxsize=8192)(is_web_address)


def evidence_cell(justification: str, url: str, language: str) -> str:
    """The evidence cell's content: the justification, and a link when the address is one."""
    parts = []
    if justification:
        parts.append(f"<span>{esc(justification)}</span>")
    if url:
        if _web_address(url):
            parts.append(
                f'<a href="{esc(url)}" rel="nofollow ugc">{esc(_("evidence"))}<span class="visually-hidden"> ({esc(url)})</span></a>'
            )
        else:
            parts.append(f"<span>{esc(url)}</span>")
    return " ".join(parts)


def row_keys(results: Sequence[CriterionResult]) -> list[RowKey]:
    """What each result's row depends on: (criterion, outcome, `value_key` of its answer).

    The API document's criterion entries depend on no more (a credit is the kind's for the
    criterion and the value, which the engine itself remembers so), so it shares them."""
    return [(r.criterion, r.outcome, value_key(r.answer)) for r in results]


class CriteriaRows:
    """Rows of the criteria tables in one language, with the kinds that show the answers;
    what it has made is kept for the next places (see `criteria_rows`)."""

    def __init__(self, kinds: Mapping[str, AnswerKind] | None, language: str) -> None:
        self.kinds = kinds
        self.language = language
        self.heads: dict[RowKey, str] = {}  # rows up to their evidence cell
        self.evidence: dict[tuple[str, str], str] = {}

    def table_body(self, results: Sequence[CriterionResult], keys: list[RowKey]) -> str:
        """The rows of a rating's results (`keys`: their `row_keys`), joined."""
        known = list(map(self.heads.get, keys))
        heads = self._made(results, keys, known) if None in known else cast(list[str], known)
        evidence = self.evidence
        parts: list[str] = []  # joined once: no row is made on its own
        for result, head in zip(results, heads, strict=True):
            answer = result.answer
            if answer is None:
                parts += (head, _ROW_END)
                continue
            texts = (answer.justification, answer.url)
            cell = evidence.get(texts)
            if cell is None:
                cell = self._evidence(texts)
            parts += (head, cell, _ROW_END)
        return "".join(parts)

    def _made(
        self, results: Sequence[CriterionResult], keys: list[RowKey], heads: list[str | None]
    ) -> list[str]:
        """`heads` with those not made yet made (and kept, when their key is worth it)."""
        # Answers as the public tables show them (`public_row`), in the public language;
        # switching languages costs more than a row, so the missing ones are shown in one go.
        public = speaking(PUBLIC_LANGUAGE) if self.language != PUBLIC_LANGUAGE else contextlib.nullcontext()
        with public:
            shown = [
                show_answer(r, self.kinds, remember=k[2] is not None) if h is None else ""
                for r, k, h in zip(results, keys, heads, strict=True)
            ]
        made = []
        for result, key, head, answer in zip(results, keys, heads, shown, strict=True):
            if head is None:
                criterion = result.criterion
                title_en = criterion.texts.get("title_en", "")
                head = (
                    f"<tr>{_criterion_cells(criterion.title, title_en, criterion.level, self.language)}"
                    f"{_outcome_cell(result.outcome, self.language)}<td>{esc(answer)}</td><td>"
                )
                if key[2] is not None:
                    if len(self.heads) > 50_000:  # values of their own (numbers) are seldom met again
                        self.heads.clear()
                    self.heads[key] = head
            made.append(head)
        return made

    def _evidence(self, texts: tuple[str, str]) -> str:
        cell = evidence_cell(clean_text(texts[0]), clean_text(texts[1]), self.language)
        if len(self.evidence) > 20_000:  # a place's own evidence is met again on its page only
            self.evidence.clear()
        self.evidence[texts] = cell
        return cell


#: The rows of the last language and kinds asked for: kept from slice to slice in a process.
_LAST: list[CriteriaRows] = []


def criteria_rows(kinds: Mapping[str, AnswerKind] | None) -> CriteriaRows:
    """The criteria rows of the site's language, shown by `kinds` (a worker's, or the whole path's)."""
    language = current_language()
    if _LAST and _LAST[0].kinds is kinds and _LAST[0].language == language:
        return _LAST[0]
    _LAST[:] = [CriteriaRows(kinds, language)]
    return _LAST[0]
