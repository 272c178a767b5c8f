"""The network's usual words for publics and services, and how a place's own entry meets them.

The network file may list the words its places usually write (`publics`,
`services` in `[network]`), so that the site's filters group one word instead
of « Étudiants », « etudiant » and « étudiants ». A place may still write its
own words. Two entries are the *same word* when they differ only by case,
accents, spacing or a final plural s/x; `check` also suggests the network's
word for a close spelling (a typo), which the site does not group.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping

import attrs

#: How close (difflib's ratio, on the words' keys) a spelling must be to suggest the network's word.
CLOSE = 0.85

_SEPARATORS = re.compile(r"[\s\-‐-―'’_.]+")


def word_key(text: str) -> str:
    """What is left of a word once case, accents and spacing are set aside."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = plain.replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae").replace("Æ", "ae").casefold()
    return _SEPARATORS.sub(" ", plain).strip()


def singular_key(text: str) -> str:
    """`word_key` without the plural mark of each word (« étudiants » and « étudiant » meet)."""
    return " ".join(w[:-1] if len(w) > 3 and w[-1] in "sx" else w for w in word_key(text).split())


@attrs.frozen
class Word:
    """One usual word of the network: as places write it in French, and in English if given."""

    label: str
    label_en: str | None = None

    def shown(self, language: str) -> str:
        return self.label_en if language == "en" and self.label_en else self.label

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.label,) if self.label_en is None else (self.label, self.label_en)


@attrs.frozen
class Vocabulary:
    """The usual words of one list (publics or services), in the network's order."""

    words: tuple[Word, ...] = ()
    #: Each spelling's key → its word (the first word wins, as `check` refuses a word twice).
    _by_key: Mapping[str, Word] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        keys: dict[str, Word] = {}
        for word in self.words:
            for spelling in word.spellings:
                keys.setdefault(singular_key(spelling), word)
        object.__setattr__(self, "_by_key", keys)

    def word_for(self, entry: str) -> Word | None:
        """The network's word that `entry` is, written another way (case, accents, plural); or None."""
        return self._by_key.get(singular_key(entry))

    def suggestion(self, entry: str) -> Word | None:
        """The network's word to suggest instead of `entry`: None when `entry` is written exactly as
        a word of the network, or is not near any."""
        if any(entry in word.spellings for word in self.words):
            return None
        same = self.word_for(entry)
        if same is not None:
            return same
        close = difflib.get_close_matches(singular_key(entry), list(self._by_key), n=1, cutoff=CLOSE)
        return self._by_key[close[0]] if close else None

    def labels(self) -> list[str]:
        return [word.label for word in self.words]


#: No usual words (a network file without them, or none at all).
NO_WORDS = Vocabulary()


def near_misses(
    entries: Iterable[str], vocabulary: Vocabulary, memo: dict[str, Word | None] | None = None
) -> list[tuple[str, Word]]:
    """Each entry not written as the network writes it, with the word to write instead; `memo`
    keeps the answer for each entry met (thousands of places write the same few words)."""
    memo = {} if memo is None else memo
    found = []
    for entry in entries:
        if entry not in memo:
            memo[entry] = vocabulary.suggestion(entry)
        word = memo[entry]
        if word is not None:
            found.append((entry, word))
    return found
