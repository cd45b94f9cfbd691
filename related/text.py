"""Text similarity that works for Korean: character bigrams, no notion of words.

Korean attaches particles to words (회담에서, 회담을), so whitespace-separated words rarely
match between two headlines about the same event; overlapping character pairs do.
"""

import re
import unicodedata

# Runs of letters and digits in any script; punctuation and spaces separate runs.
RUN = re.compile(r"[^\W_]+")


def bigrams(text: str) -> frozenset[str]:
    """The set of character bigrams of each run of letters (a lone letter counts as itself)."""
    grams = set()
    for run in RUN.findall(unicodedata.normalize("NFKC", text or "").lower()):
        if len(run) == 1:
            grams.add(run)
        grams.update(run[i : i + 2] for i in range(len(run) - 1))
    return frozenset(grams)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard overlap of two bigram sets, 0 (nothing shared) to 1 (the same)."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)
