"""Matching quotations against sources: normalisation, location, bilingual alignment."""

from provenance.text.scripts import is_cjk
from provenance.text.sentences import split_sentences

from .align import SourceMatcher
from .bilingual import Bead, RepeatedSentence, ScriptPart, align_sentences, find_repeated_sentences, split_by_script
from .match import Difference, Match, MatchKind
from .normalize import NormalizedText, OffsetMap, normalize

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
