"""zipf: a plain lowercase word looked up directly gives what wordfreq's zipf_frequency gives."""

from __future__ import annotations

import random

from wordfreq import get_frequency_dict, zipf_frequency

from newsdiff.text.rarity import PLAIN, rarity, zipf


def test_a_plain_word_scores_as_wordfreq_scores_it() -> None:
    vocabulary = [w for w in get_frequency_dict("en", "best") if PLAIN.fullmatch(w)]
    rng = random.Random(3)
    words = rng.sample(vocabulary, 20_000)  # common and rare alike
    words += [
        "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(9)) for _ in range(500)
    ]
    zipf.cache_clear()
    mismatched = [w for w in words if zipf(w) != float(zipf_frequency(w, "en"))]
    assert not mismatched, mismatched[:10]
    assert zipf("the") > 7 and zipf("derailed") < 3.5 and zipf("qzxqzxqzx") == 0.0


def test_other_words_are_asked_of_wordfreq() -> None:
    for word in ("istanbul's", "covid-19", "café", "u.s."):
        assert zipf(word) == float(zipf_frequency(word, "en"))


def test_a_term_of_several_words_is_as_rare_as_its_rarest_word() -> None:
    assert rarity("the") == 0.0 and rarity("qzxqzxqzx") == 1.0
    assert 0.0 < rarity("talks") < rarity("derailed") < 1.0
    assert rarity("the talks") == rarity("talks the") == rarity("talks")
    assert rarity("talks derailed") == rarity("derailed the talks") == rarity("derailed")
