"""`json`: rating records (SPEC §6); with a header when publishing."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from fractions import Fraction
from json.encoder import encode_basestring  # the C accelerated one, as ensure_ascii=False uses
from typing import TYPE_CHECKING, Any

from .. import hookimpl
from ..frozen import FrozenDict, FrozenList
from ..interfaces import OutputFormat, RenderContext
from ..model import Rating
from ..rating_record import criterion_entry, rating_record

if TYPE_CHECKING:
    from ..model import Criterion, CriterionResult
    from ..publish import Pieces, PieceSource, Summary, Writer


def dumps(data: object) -> str:
    """Deterministic JSON: sorted keys, UTF-8 text kept readable, final newline.

    Byte for byte `json.dumps(data, sort_keys=True, ensure_ascii=False, indent=2)`
    plus a newline. Python's own encoder falls back to a slow pure-Python path
    whenever `indent` is given, which made JSON the largest cost of `score` on
    ten thousand places; `Encoder` below writes the same text faster, and any
    value it does not know is handed to `json.dumps` unchanged.
    """
    return Encoder().encode(data) + "\n"


def reference_dumps(data: object) -> str:
    """The definition `dumps` must match (kept for the tests)."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, indent=2) + "\n"


class Written:
    """A value already written as JSON text, placed as is by `Encoder`."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


class EntryTexts:
    """Criterion entries written out: an entry depends only on the criterion, its outcome and
    its credit, so each distinct one is written once (few over many places)."""

    def __init__(self) -> None:
        self.encoder = Encoder()
        self.texts: dict[tuple[Criterion, str, int, int, int], str] = {}

    def text(self, result: CriterionResult, depth: int) -> str:
        credit = result.credit
        if type(credit) is not Fraction:  # a plugin kind's own number type: no shortcut
            return self.encoder.encode(criterion_entry(result), depth)
        criterion = result.criterion
        key = (criterion, result.outcome, credit.numerator, credit.denominator, depth)
        found = self.texts.get(key)
        if found is None:
            if len(self.texts) > 100_000:
                self.texts.clear()
            found = self.texts[key] = self.encoder.encode(criterion_entry(result), depth)
        return found


class Encoder:
    """`json.dumps(…, sort_keys=True, ensure_ascii=False, indent=2)`, written for speed.

    Dictionaries whose values are all plain scalars (a criterion's entry in a
    rating record, repeated for every place) are encoded once and remembered.
    """

    def __init__(self) -> None:
        self.leaves: dict[tuple[Any, ...], str] = {}
        #: Keys written as JSON with their colon: a record's keys are the same for every place.
        self.keys: dict[str, str] = {}

    def encode(self, data: object, depth: int = 0) -> str:
        """`data` as JSON, indented as if nested `depth` levels deep."""
        out: list[str] = []
        self._value(data, depth, out)
        return "".join(out)

    def _value(self, value: object, depth: int, out: list[str]) -> None:
        # Dispatched on the exact type, once (isinstance or casts would cost on every value):
        # the type: ignore comments below stand for what `kind is …` has just shown.
        kind = type(value)
        if kind is str:
            out.append(encode_basestring(value))  # type: ignore[arg-type]
        elif kind is Written:
            out.append(value.text)  # type: ignore[attr-defined]
        elif kind is dict or kind is FrozenDict:
            self._dict(value, depth, out)  # type: ignore[arg-type]
        elif kind is list or kind is tuple or kind is FrozenList:
            if not value:
                out.append("[]")
                return
            inner = "\n" + "  " * (depth + 1)
            out.append("[" + inner)
            first = True
            for item in value:  # type: ignore[attr-defined]
                if not first:
                    out.append("," + inner)
                first = False
                self._value(item, depth + 1, out)
            out.append("\n" + "  " * depth + "]")
        elif kind is bool or value is None or kind is int or kind is float:
            out.append(_scalar(value))
        else:
            # Anything else (subclasses, Decimal…) as json.dumps does it, or fails.
            text = json.dumps(value, sort_keys=True, ensure_ascii=False, indent=2)
            out.append(text.replace("\n", "\n" + "  " * depth))

    def _dict(self, value: dict[Any, Any], depth: int, out: list[str]) -> None:
        if not value:
            out.append("{}")
            return
        if set(map(type, value)) != _STR:
            # Keys of other types are converted (and sorted) as json.dumps does.
            text = json.dumps(value, sort_keys=True, ensure_ascii=False, indent=2)
            out.append(text.replace("\n", "\n" + "  " * depth))
            return
        values = value.values()
        types = tuple(map(type, values))
        # Only scalars, and no float zero (0.0 and -0.0 are equal keys but differ in JSON);
        # the types are part of the key because 1 == 1.0 == True.
        if _SCALARS.issuperset(types) and not (float in types and 0.0 in values):
            key = (depth, tuple(value.items()), types)
            known = self.leaves.get(key)
            if known is None:
                if len(self.leaves) > 50_000:
                    self.leaves.clear()
                parts: list[str] = []
                self._items(value, depth, parts)
                known = self.leaves[key] = "".join(parts)
            out.append(known)
            return
        self._items(value, depth, out)

    def _items(self, value: dict[str, Any], depth: int, out: list[str]) -> None:
        inner = "\n" + "  " * (depth + 1)
        before = "{" + inner
        keys = self.keys
        for key in sorted(value):
            written = keys.get(key)
            if written is None:
                if len(keys) > 10_000:
                    keys.clear()
                written = keys[key] = encode_basestring(key) + ": "
            item = value[key]
            kind = type(item)
            # Texts and numbers, most of a record's values, written here in one piece.
            if kind is str:
                out.append(before + written + encode_basestring(item))
            elif kind is Written:
                out.append(before + written + item.text)
            elif kind is int or kind is float or kind is bool or item is None:
                out.append(before + written + _scalar(item))
            else:
                out.append(before + written)
                self._value(item, depth + 1, out)
            before = "," + inner
        out.append("\n" + "  " * depth + "}")


_SCALARS = frozenset({str, int, float, bool, type(None)})
_INFINITIES = (float("inf"), float("-inf"))
_STR = {str}


def json_scalar(value: object) -> str | None:
    """A number, a boolean or None as JSON (as json.dumps writes it); None for any other value."""
    kind = type(value)
    if kind is float or kind is int or kind is bool or value is None:
        return _scalar(value)
    return None


def _scalar(value: object) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) is int:
        return int.__repr__(value)
    if value != value or value in _INFINITIES:
        return json.dumps(value)  # NaN, Infinity, -Infinity as json.dumps writes them
    return float.__repr__(value)


class JsonFormat(OutputFormat):
    name = "json"
    description = "liste des notations (enregistrements JSON du SPEC §6)"
    extensions = (".json",)
    languages = frozenset({"fr"})  # the network's texts (set titles, grades) are French

    #: The criterion entries written for `publish_pieces`, kept from place to place.
    _published: EntryTexts | None = None
    #: `publish` need not build the rows' criteria lines for this format: it writes the records.
    publish_rows = False

    def render(self, context: RenderContext) -> str:
        if context.header is None:
            # The same text as dumps([rating_record(r) for r in ratings]), written faster.
            return self.assemble(self.fragments(context.ratings))
        records = [rating_record(r) for r in context.ratings]
        return dumps({"header": dict(context.header), "ratings": records})

    # Rating by rating, for `score` on several cores (tlcriteria.parallel):
    # assemble(fragments(ratings)) == render(RenderContext(ratings)).

    def fragments(
        self, ratings: Sequence[Rating], depth: int = 1, entries: EntryTexts | None = None
    ) -> list[str]:
        """Each rating's record, written as an element of a list `depth` levels deep.

        `entries`: the criterion entries already written, kept across calls (publish calls
        this place by place)."""
        entries = EntryTexts() if entries is None else entries
        encoder = entries.encoder
        texts = []
        for rating in ratings:
            written = [entries.text(r, depth + 2) for r in rating.results]
            inner, outer = "\n" + "  " * (depth + 2), "\n" + "  " * (depth + 1)
            listed = ("[" + inner + ("," + inner).join(written) + outer + "]") if written else "[]"
            texts.append(encoder.encode(rating_record(rating, Written(listed)), depth))
        return texts

    def assemble(self, fragments: Sequence[str]) -> str:
        if not fragments:
            return "[]\n"
        return "[\n  " + ",\n  ".join(fragments) + "\n]\n"

    def write_assembled(self, fragments: Iterable[str], write: Writer) -> None:
        """`assemble(fragments)`, written piece by piece (`score` on many places)."""
        _write_list(fragments, write, 0)
        write("\n")

    # Publishing: {"header": …, "ratings": [records in publishing order]}, streamed.

    def publish_pieces(
        self, rows: Sequence[Any], ratings: Sequence[Rating], context: RenderContext
    ) -> Pieces:
        if self._published is None:
            self._published = EntryTexts()
        return list(enumerate(self.fragments(ratings, depth=2, entries=self._published)))

    def publish_stream(
        self, pieces: PieceSource, summary: Summary, context: RenderContext, write: Writer
    ) -> None:
        write('{\n  "header": ' + Encoder().encode(dict(summary.header), 1) + ',\n  "ratings": ')
        _write_list(pieces(), write, 1)
        write("\n}\n")


def _write_list(items: Iterable[str], write: Writer, depth: int) -> None:
    """A JSON list of already-written items, as `Encoder` writes it `depth` levels deep."""
    inner = "\n" + "  " * (depth + 1)
    first = True
    for text in items:
        write(("[" if first else ",") + inner + text)
        first = False
    write("[]" if first else "\n" + "  " * depth + "]")


@hookimpl
def tlcriteria_output_formats() -> list[OutputFormat]:
    return [JsonFormat()]
