"""Signals of the articles app, for the layers above it to act on."""

from django.dispatch import Signal

# An article's outlet, date or text was changed by hand (the Django admin), its provenance
# note already updated. Arguments: ``article``, and ``paragraphs``: the ids of the paragraphs
# whose text or kind changed. The ingest path (``uploads``) embeds those again and matches the
# article again: articles sit below the matcher and cannot do it themselves.
article_edited = Signal()

# The first ``removed`` characters of a paragraph's text were taken out (a dateline read out of
# a stored article): what points into the text by offset (framing's spans) shifts. Arguments:
# ``paragraph`` (its id) and ``removed``.
text_trimmed = Signal()
