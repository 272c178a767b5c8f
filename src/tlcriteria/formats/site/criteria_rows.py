"""A rating's criteria texts, made straight from its results in one pass: the rows of its
place page's table and the elements of its API record's `criteria` list.

Thousands of places answer a criterion alike. A result's texts, but for its evidence, depend
only on its criterion, its outcome and its answer's value: they are made once per (criterion,
outcome, value) and kept in a slot per criterion; the slots of a set are kept in the order of
its results, so a result costs one look-up of a small key and no hashing of its criterion.
The evidence cell is made once per (justification, address). Only a place's own texts are
ever escaped (once each). The answer is shown as the kinds show it, in the site's language
(the way `publish.public_row`'s criteria lines show it in French); the JSON elements are
`rating_record.criterion_entry`'s, written as the site's JSON writer writes them.
"""

from __future__ import annotations

import functools
from collections.abc import Hashable, Mapping
from typing import TYPE_CHECKING

from ...frozen import FrozenList
from ...i18n import _, current_language, speaking
from ...publish import clean_text, show_answer, verdict_text
from ...rating_record import criterion_entry
from ...weburl import is_web_address
from ..html import compact_json, esc
from .content import DISPUTED, criterion_title, level_text, outcome_text

if TYPE_CHECKING:
    from ...interfaces import AnswerKind
    from ...model import Answer, Criterion, CriterionResult, Rating, ResolvedSet

#: The end of every row, after its evidence cell.
_ROW_END = b"</td></tr>"
#: Values shown the same whenever they are equal and of the same type.
_PLAIN = frozenset({str, bool, int})
#: The types of a list's items when it is kept as a value: texts only.
_TEXTS_ONLY = frozenset({str})
#: How many texts are kept before starting afresh: values of their own (numbers) are seldom met again.
_KEPT = 50_000
_EVIDENCE_KEPT = 20_000

#: A result's texts: its row up to its evidence cell, the same row closed (no evidence), its JSON
#: element; in UTF-8, encoded once when made (a page of joined texts is written as it is).
Texts = tuple[bytes, bytes, bytes]


#: Whether a text is a web address: a place cites the same few pages for many criteria.
_web_address = functools.lru_cache(maxsize=8192)(is_web_address)


def evidence_cell(justification: str, url: str) -> str:
    """The evidence cell's content: the justification, and a link when the address is one."""
    parts = []
    if justification:  # isolated: a right-to-left justification stays before the link
        parts.append(f"<bdi>{esc(justification)}</bdi>")
    if url:
        if _web_address(url):
            parts.append(
                f'<a href="{esc(url)}" rel="nofollow ugc">{esc(_("evidence"))}<span class="visually-hidden"> ({esc(url)})</span></a>'
            )
        else:
            parts.append(f"<span>{esc(url)}</span>")
    return " ".join(parts)


class _Slot:
    """What is made for a criterion: its results' texts by outcome and value (see
    `rating_texts`), its rows' start up to the answer by outcome, its JSON elements by
    outcome and credit."""

    __slots__ = ("criterion", "entries", "starts", "texts")

    def __init__(self, criterion: Criterion) -> None:
        self.criterion = criterion
        self.texts: dict[Hashable, Texts] = {}
        self.starts: dict[str, bytes] = {}
        self.entries: dict[tuple[str, int, int], bytes] = {}


class CriteriaTexts:
    """The criteria texts of ratings in one language, with the kinds that show the answers;
    what it has made is kept for the next places (see `criteria_texts`)."""

    def __init__(self, kinds: Mapping[str, AnswerKind] | None, language: str) -> None:
        self.kinds = kinds
        self.language = language
        self.slots: dict[Criterion, _Slot] = {}
        self.sets: dict[ResolvedSet, list[_Slot]] = {}  # a slot per result, in the results' order
        self.kept = 0  # texts and JSON elements kept in the slots
        self.evidence: dict[tuple[str, str], bytes] = {}
        self.verdicts: dict[str, bytes] = {}  # a peer's verdict as the evidence cell ends with it

    def _slot(self, criterion: Criterion) -> _Slot:
        slot = self.slots.get(criterion)
        if slot is None:
            slot = self.slots[criterion] = _Slot(criterion)
        return slot

    def rating_texts(self, rating: Rating) -> tuple[bytes, bytes]:
        """The rows of the rating's criteria table, joined; its JSON record's criteria
        elements, joined with commas; both in UTF-8."""
        if self.language != current_language():
            # Answers and verdicts as the kinds and the catalogue say them in the site's language
            # (« oui » on the French site, "yes" on the English one).
            with speaking(self.language):
                return self.rating_texts(rating)
        results = rating.results
        slots = self.sets.get(rating.rules)
        if slots is None or len(slots) != len(results):
            slots = self.sets[rating.rules] = [self._slot(r.criterion) for r in results]
        evidence = self.evidence
        # Peers' verdicts by criterion id (a place's own, after its evidence); None without reviews.
        trust = rating.trust
        verdicts = trust.verification.criteria if trust is not None and trust.verification else None
        # A set whose [set.review] takes a disputed answer's credit away: the outcome cell says why.
        review = rating.rules.set.review if verdicts else None
        uncounted = review is not None and not review.disputed_keeps_credit
        rows: list[bytes] = []  # joined once: no row is made on its own
        entries: list[bytes] = []
        for slot, result in zip(slots, results, strict=True):
            if slot.criterion is not result.criterion:  # results in another order than the set's
                slot = self._slot(result.criterion)
            # The key of the texts besides the criterion: the outcome and the answer's value, with
            # its type (1 and True are equal keys); None when the value is not worth keeping:
            # decimals (measures seldom repeat: kept, they only made the garbage collector's
            # passes longer), tables, lists of other than texts.
            answer = result.answer
            if answer is None:
                key: Hashable | None = result.outcome
            elif answer.na:
                key = (result.outcome,)
            else:
                value = answer.value
                kind = type(value)
                if kind in _PLAIN:
                    key = (result.outcome, kind, value)
                elif kind is FrozenList:
                    # As a tuple: C hashes a tuple, where each place's new FrozenList hashes in Python.
                    key = (result.outcome, kind, tuple(value))  # type: ignore[arg-type]
                else:
                    key = None
            texts = slot.texts.get(key)
            if texts is None:
                texts = self._made(slot, result, key)
            entries.append(texts[2])
            if verdicts and result.criterion.id in verdicts:
                verdict = verdicts[result.criterion.id]
                head = texts[0]
                if uncounted and verdict == "disputed" and result.outcome == "unsatisfied":
                    head = self._disputed_start(slot) + head[len(slot.starts["unsatisfied"]) :]
                rows += (head, self._verdict_cell(answer, verdict), _ROW_END)
                continue
            if answer is None or not (answer.justification or answer.url):
                rows.append(texts[1])
                continue
            pair = (answer.justification, answer.url)
            cell = evidence.get(pair)
            if cell is None:
                cell = self._evidence(pair)
            rows += (texts[0], cell, _ROW_END)
        return b"".join(rows), b",".join(entries)

    def _verdict_cell(self, answer: Answer | None, verdict: str) -> bytes:
        """The evidence cell of a reviewed answer: its evidence, then the peer's verdict."""
        mark = self.verdicts.get(verdict)
        if mark is None:
            text = esc(verdict_text(verdict))
            mark = self.verdicts[verdict] = (
                f'<span class="verdict verdict-{esc(verdict)}">{text}</span>'.encode()
            )
        if answer is None or not (answer.justification or answer.url):
            return mark
        pair = (answer.justification, answer.url)
        cell = self.evidence.get(pair)
        if cell is None:
            cell = self._evidence(pair)
        return cell + b" " + mark

    def _made(self, slot: _Slot, result: CriterionResult, key: Hashable | None) -> Texts:
        """The texts of a result not met yet (kept, when its `key` is not None)."""
        value = result.answer.value if result.answer is not None else None
        if type(value) is FrozenList and not {*map(type, value)} <= _TEXTS_ONLY:
            # Only lists of texts are kept: no TOML value but a text equals a text, so a list
            # found by its key (a tuple of texts) is one.
            key = None
        # As the public tables show answers (in French there).
        shown = show_answer(result, self.kinds, remember=key is not None)
        outcome = result.outcome
        start = slot.starts.get(outcome)
        if start is None:
            start = slot.starts[outcome] = self._start(result.criterion, outcome)
        head = start + esc(shown).encode() + b"</td><td>"
        credit = result.credit  # a JSON element depends on the criterion, outcome and credit only
        credit_key = (outcome, credit.numerator, credit.denominator)
        entry = slot.entries.get(credit_key)
        if entry is None:
            entry = slot.entries[credit_key] = compact_json(criterion_entry(result)).encode()
            self.kept += 1
        texts = (head, head + _ROW_END, entry)
        if key is not None:
            slot.texts[key] = texts
            self.kept += 1
        if self.kept > _KEPT:  # values of their own (decimal credits) seldom come back: start afresh
            for kept in self.slots.values():
                kept.texts.clear()
                kept.entries.clear()
            self.kept = 0
        return texts

    def _disputed_start(self, slot: _Slot) -> bytes:
        """The row's start of a disputed answer whose credit its set takes away: « not counted:
        disputed » where the outcome (`unsatisfied`, as the JSON record says) would be."""
        start = slot.starts.get(DISPUTED)
        if start is None:
            start = slot.starts[DISPUTED] = self._start(slot.criterion, DISPUTED)
        return start

    def _start(self, criterion: Criterion, outcome: str) -> bytes:
        """A row's cells before the answer's: the criterion, its level, the outcome."""
        return (
            f'<tr><th scope="row">{esc(criterion_title(criterion))}</th><td>{esc(level_text(criterion.level))}</td>'
            f'<td class="outcome o-{esc(outcome)}">{esc(outcome_text(outcome))}</td><td>'
        ).encode()

    def _evidence(self, pair: tuple[str, str]) -> bytes:
        cell = evidence_cell(clean_text(pair[0]), clean_text(pair[1])).encode()
        if len(self.evidence) > _EVIDENCE_KEPT:  # a place's own evidence is met again on its page only
            self.evidence.clear()
        self.evidence[pair] = cell
        return cell


#: The texts of the last language and kinds asked for: kept from slice to slice in a process.
_LAST: list[CriteriaTexts] = []


def criteria_texts(kinds: Mapping[str, AnswerKind] | None) -> CriteriaTexts:
    """The criteria texts of the site's language, the answers shown by `kinds` (a worker's, or
    the whole path's registry's: the credits in the JSON elements are those of the same kinds)."""
    language = current_language()
    if _LAST and _LAST[0].kinds is kinds and _LAST[0].language == language:
        return _LAST[0]
    _LAST[:] = [CriteriaTexts(kinds, language)]
    return _LAST[0]
