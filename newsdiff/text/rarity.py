"""How rare a word is in English at large, on wordfreq's Zipf scale (7 is "the", 3 "derailed").

"ready" or "solution" shared by two paragraphs is chance, "accession" or "Istanbul" is not; a
common word one report uses and another does not is a paraphrase, a rare one may be substance.
The only module that asks wordfreq; the cut-offs below are the scale's one set of landmarks.
Plain Python: no Django imports.
"""

from __future__ import annotations

import functools
import math
import re

# At or above COMMON a word tells nothing (the matcher gives it no weight; the highlight does
# not mark it even inside a quotation); at or below RARE it tells all it can.
COMMON = 5.5
RARE = 3.0
# At or above ORDINARY ("talks" 4.6, "peace" 5.0) a word is ordinary vocabulary: one report
# using it and another not is a paraphrase, not a difference in substance (the highlight).
ORDINARY = 4.5


PLAIN = re.compile("[a-z]+")  # a word wordfreq's tokenizer keeps whole and as it is


@functools.lru_cache(maxsize=1 << 16)  # news vocabulary repeats: thousands of words a page
def zipf(word: str) -> float:
    """How common ``word`` is in English, 0-8 (``wordfreq``'s Zipf scale)."""
    if PLAIN.fullmatch(word):
        return _plain_zipf(word)
    from wordfreq import zipf_frequency  # loads its word lists: only when first asked

    return float(zipf_frequency(word, "en"))


@functools.cache
def _english() -> dict[str, float]:
    from wordfreq import get_frequency_dict

    return get_frequency_dict("en", "best")


def _plain_zipf(word: str) -> float:
    """``zipf_frequency(word, "en")`` of a word of lowercase letters a-z, looked up in wordfreq's
    table without its tokenizer, which would give the word back as it is (~10 µs a word: a
    fresh worker meets hundreds of new words per article). wordfreq's arithmetic is repeated
    step for step: 3 significant digits, a floor of 1e-9, then the scale rounded to 0.01
    (``tests/text/test_rarity.py`` holds the two equal over its vocabulary)."""
    minimum = 1e-9  # zipf_to_freq(0)
    found = _english().get(word)
    if found is None:
        frequency = minimum
    else:
        unrounded = max(found, minimum)
        frequency = round(unrounded, math.floor(-math.log(unrounded, 10)) + 3)
    return round(math.log(frequency, 10) + 9, 2)


# Bounded: a worker that runs for weeks meets millions of word pairs, each kept otherwise.
@functools.lru_cache(maxsize=1 << 18)
def rarity(term: str) -> float:
    """0..1: 0 at COMMON or above, 1 at RARE or below. A pair of words is as rare as either of
    its words is."""
    # A fresh worker meets thousands of new terms an article: no generator for a single word.
    frequency = zipf(term) if " " not in term else min(map(zipf, term.split(" ")))
    return 1.0 - min(1.0, max(0.0, (frequency - RARE) / (COMMON - RARE)))


def is_ordinary(word: str) -> bool:
    """Ordinary vocabulary (``ORDINARY``): a paraphrase, not a difference in substance."""
    return zipf(word) >= ORDINARY
