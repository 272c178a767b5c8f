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
from collections.abc import Iterable

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

    def word_for(self, entry: str) -> Word | None:
        """The network's word that `entry` is, written another way (case, accents, plural); or None."""
        key = singular_key(entry)
        for word in self.words:
            if any(singular_key(s) == key for s in word.spellings):
                return word
        return None

    def suggestion(self, entry: str) -> Word | None:
        """The network's word to suggest instead of `entry`: None when `entry` is written exactly as
        a word of the network, or is not near any."""
        if any(entry in word.spellings for word in self.words):
            return None
        same = self.word_for(entry)
        if same is not None:
            return same
        keys = {singular_key(s): word for word in self.words for s in word.spellings}
        close = difflib.get_close_matches(singular_key(entry), list(keys), n=1, cutoff=CLOSE)
        return keys[close[0]] if close else None

    def labels(self) -> list[str]:
        return [word.label for word in self.words]


#: No usual words (a network file without them, or none at all).
NO_WORDS = Vocabulary()


def near_misses(entries: Iterable[str], vocabulary: Vocabulary) -> list[tuple[str, Word]]:
    """Each entry not written as the network writes it, with the word to write instead."""
    found = []
    for entry in entries:
        word = vocabulary.suggestion(entry)
        if word is not None:
            found.append((entry, word))
    return found
