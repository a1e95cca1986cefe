"""Matching quotations against sources: normalisation, location, bilingual alignment."""

from .align import Difference, Match, MatchKind, SourceMatcher, split_sentences
from .bilingual import Bead, RepeatedSentence, ScriptPart, align_sentences, find_repeated_sentences, split_by_script
from .normalize import NormalizedText, OffsetMap, is_cjk, normalize

__all__ = [
    "normalize",
    "NormalizedText",
    "OffsetMap",
    "is_cjk",
    "MatchKind",
    "Difference",
    "Match",
    "SourceMatcher",
    "split_sentences",
    "ScriptPart",
    "split_by_script",
    "RepeatedSentence",
    "find_repeated_sentences",
    "Bead",
    "align_sentences",
]
