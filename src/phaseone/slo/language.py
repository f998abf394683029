"""A tiny language guess for drift, with the standard library only (no model, no download).

Good enough to notice that live inputs are no longer in the language the pilot was judged
on, not to label a single text reliably: the Unicode script of most letters (Cyrillic,
Greek, Arabic, Hebrew, Devanagari, Thai, Hangul, kana, Han) names the language family;
Latin-script text is told apart by the most frequent function words of English, German,
French, Spanish, Italian, Dutch and Portuguese, and stays ``latin`` when none is found
(short or technical text). The drift monitor compares shares of these guesses between the
pilot's inputs and live ones, so a guess that is wrong the same way on both cancels out.
"""

from __future__ import annotations

import re
import unicodedata

#: Unicode character-name prefixes → the script a letter belongs to.
_SCRIPTS = (
    ("CYRILLIC", "cyrillic"),
    ("GREEK", "greek"),
    ("ARABIC", "arabic"),
    ("HEBREW", "hebrew"),
    ("DEVANAGARI", "devanagari"),
    ("THAI", "thai"),
    ("HANGUL", "korean"),
    ("HIRAGANA", "japanese"),
    ("KATAKANA", "japanese"),
    ("CJK", "chinese"),
    ("LATIN", "latin"),
)

#: The most frequent function words of each Latin-script language told apart.
_FUNCTION_WORDS = {
    "en": "the and is are to of in that it you for with this was not have be",
    "de": "der die das und ist nicht ich sie es mit ein eine zu den von auf",
    "fr": "le la les et est un une des pas je vous que qui dans pour sur",
    "es": "el la los las y es un una que no por con para del se mi",
    "it": "il lo la gli le e è un una che non di per con sono mi",
    "nl": "de het een en is niet ik je dat van met voor op zijn",
    "pt": "o a os as e é um uma que não de para com do da em",
}
_STOPWORDS = {lang: frozenset(words.split()) for lang, words in _FUNCTION_WORDS.items()}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def _script(ch: str) -> str | None:
    name = unicodedata.name(ch, "")
    for prefix, script in _SCRIPTS:
        if name.startswith(prefix):
            return script
    return None


def language_of(text: str) -> str:
    """The guess for `text`: a language code (``en``, ``de`` …) for Latin-script text with
    function words, else the script's language family (``cyrillic``, ``chinese`` …),
    ``latin`` without a known function word, ``none`` without letters."""
    counts: dict[str, int] = {}
    for ch in text[:2000]:
        if ch.isalpha():
            script = _script(ch) or "other"
            counts[script] = counts.get(script, 0) + 1
    if not counts:
        return "none"
    script = max(sorted(counts), key=lambda k: counts[k])
    if script != "latin":
        return script
    words = [w.casefold() for w in _WORD.findall(text[:2000])]
    hits = {lang: sum(w in stop for w in words) for lang, stop in _STOPWORDS.items()}
    best = max(sorted(hits), key=lambda k: hits[k])
    return best if hits[best] > 0 else "latin"


__all__ = ["language_of"]
