"""The versions of what the matcher stores, declared: bump one in the change that alters it.

A stored analysis (``analyses``) is read only under the ``ANALYSIS_VERSION`` it was made with,
and a stored edge of the match graph (``edges``) only under its ``EDGE_VERSION`` (with the
analysis version, the time anchors, the embedding model and ``NEWSDIFF_NEIGHBOURS``). A change
that alters what the analysis of an article holds, or how it is stored, bumps
``ANALYSIS_VERSION``; one that alters which pairs are edges (the scoring, its weights, the
article model, the analysis) bumps ``EDGE_VERSION``. Rewording a comment bumps nothing.

``tests/matching/test_versions.py`` keeps the bumps honest: it matches a small corpus and
compares a hash of its analyses, and one of its edges and events, with the ones recorded here
for the current versions; results that change without a bump fail it.
"""

ANALYSIS_VERSION = 5
# sha256 of the analyses of the test corpus under ANALYSIS_VERSION.
ANALYSIS_RESULTS = "21872017cd19f1c55ff7303b036d9ed1caaceaf08f9f16e1f94ab2ccb0a00b9e"

EDGE_VERSION = 8
# sha256 of the edges, events and alignments of the test corpus under EDGE_VERSION.
EDGE_RESULTS = "4d02f7944b8157d434f30b355fe3c1e616024d36ea1c5b84602fed4210a39149"
