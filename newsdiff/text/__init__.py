"""What newsdiff knows about text: tokens and patterns (words, numbers, quotations, attribution),
word rarity, word lists, names, datelines and the word-level diff of aligned passages.

The matcher's features, the reading page's highlight, the framing suggestions and the ingest's
dateline reader take their text facts from here, so each is written once. It imports nothing
of newsdiff but ``newsdiff.lib``; most of it is plain Python without Django.
"""
