"""The NLP layer's output per paragraph, and its stored form."""

from __future__ import annotations

import json

import pytest

from newsdiff.text import nlp

pytestmark = pytest.mark.nlp

TEXT = (
    "Russian President Vladimir Putin met Boris Johnson's envoy in the Kremlin on Tuesday. "
    "They discussed the 40 tanks and $3 million in aid."
)


def test_one_pipeline_per_process_without_the_parser():
    assert nlp.pipeline() is nlp.pipeline()
    assert "parser" not in nlp.pipeline().pipe_names
    assert {"senter", "ner", "lemmatizer"} <= set(nlp.pipeline().pipe_names)


def test_sentences_tokens_entities_and_chunks_of_a_paragraph():
    [out] = nlp.analyse([TEXT])
    assert [TEXT[s:e] for s, e in out.sentences] == [
        "Russian President Vladimir Putin met Boris Johnson's envoy in the Kremlin on Tuesday.",
        "They discussed the 40 tanks and $3 million in aid.",
    ]
    met = next(t for t in out.tokens if TEXT[t.start : t.end] == "met")
    assert (met.pos, met.lemma) == ("VERB", "meet")
    kinds = {(e.text, e.kind) for e in out.entities}
    assert {("Vladimir Putin", "person"), ("Tuesday", "date"), ("Russian", "group")} <= kinds
    assert ("$3 million", "number") in kinds
    chunks = [TEXT[s:e] for s, e in out.chunks]
    assert "the Kremlin" in chunks and "Boris Johnson's envoy" in chunks


def test_the_stored_form_is_json_and_reads_back_the_same():
    [out] = nlp.analyse([TEXT])
    stored = json.loads(json.dumps(out.to_json(TEXT)))
    assert nlp.ParagraphNLP.from_json(stored, TEXT) == out
    # Most lemmas are the lower-cased word: only the others are stored.
    assert len(stored["l"]) < len(out.tokens) / 2


def test_a_stored_form_of_another_version_is_refused():
    [out] = nlp.analyse([TEXT])
    stored = out.to_json(TEXT) | {"v": nlp.NLP_VERSION + 1}
    with pytest.raises(ValueError, match="version"):
        nlp.ParagraphNLP.from_json(stored, TEXT)
