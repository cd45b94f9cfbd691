"""Korean text cut into overlapping character pairs: the one tokenizer of search and related.

Korean attaches particles to words (회담에서, 회담을), so whitespace words rarely match between
two texts about the same event, and many news keywords are two syllables (북한, 회담).
Overlapping pairs do match: 정상회담에서 → 정상 상회 회담 담에 에서, which holds 회담.
Both users cut text the same way (normalize, then pairs of each run); they differ only in
what a run is: search keeps Latin and digit words whole (search.engine.terms), related
compares runs of letters in any script (bigrams below).
"""

import re
import unicodedata

# Runs of letters and digits in any script; punctuation and spaces separate runs.
RUN = re.compile(r"[^\W_]+")


def normalize(text: str) -> str:
    # NFKC folds full-width Latin (ＡＩ) and compatibility forms into the ordinary ones.
    return unicodedata.normalize("NFKC", text or "").lower()


def pairs(run: str) -> list[str]:
    """The overlapping pairs of a run, in order; a lone character counts as itself."""
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def bigrams(text: str) -> frozenset[str]:
    """The set of character pairs of each run of letters of text."""
    return frozenset(pair for run in RUN.findall(normalize(text)) for pair in pairs(run))


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard overlap of two bigram sets, 0 (nothing shared) to 1 (the same)."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)
