"""Language names and tags: biblatex's ``langid`` names and the BCP 47 tags CSL and Zotero use.

biblatex names a language the way babel and polyglossia do (``english``,
``german``), mostly the English name in lower case; CSL-JSON and Zotero use
BCP 47 tags (``en``, ``de``). langcodes knows the English names of the
languages and the names of tags; what it cannot know are the babel names that
are not plain English language names: regional variants (``american``,
``ngerman``) and ``pinyin``, which langcodes would read as the Pinyin language
of Cameroon rather than romanized Mandarin. Those are the table below.
"""

from __future__ import annotations

import re

#: babel / polyglossia language names that are not an English language name, as BCP 47 tags.
BABEL_TAGS = {
    "american": "en-US",
    "british": "en-GB",
    "australian": "en-AU",
    "canadian": "en-CA",
    "newzealand": "en-NZ",
    "ngerman": "de-1996",
    "austrian": "de-AT",
    "naustrian": "de-AT-1996",
    "swissgerman": "de-CH",
    "nswissgerman": "de-CH-1996",
    "brazilian": "pt-BR",
    "norsk": "nb",
    "pinyin": "zh-Latn-pinyin",
}
_BABEL_NAMES = {tag: name for name, tag in BABEL_TAGS.items()}
# A tag as written in a bibliography: a lower-case language subtag, then any subtags.
_LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")
# A babel name: one word of letters, longer than any language subtag.
_LANGUAGE_NAME = re.compile(r"[A-Za-z]{4,}")


def language_tag(langid: str) -> str | None:
    """BCP 47 tag for a biblatex language name or tag (a tag is kept as written); None when it is neither."""
    name = langid.strip()
    if name.lower() in BABEL_TAGS:
        return BABEL_TAGS[name.lower()]
    if _LANGUAGE_TAG.fullmatch(name):
        return name
    if not _LANGUAGE_NAME.fullmatch(name):
        return None
    # Imported on first look-up: langcodes' name tables double bibliography's import time (0.5 s against
    # bibtexparser's 0.25 s, measured), which every command would pay for a table few of them read.
    import langcodes

    try:
        return langcodes.find(name, language="en").to_tag()
    except LookupError:
        return None


def biblatex_language(tag: str) -> str:
    """The biblatex ``langid`` for a BCP 47 tag: ``de`` → ``german``; a tag without one is kept."""
    if tag in _BABEL_NAMES:
        return _BABEL_NAMES[tag]
    if not _LANGUAGE_TAG.fullmatch(tag) or "-" in tag:
        return tag
    import langcodes  # on first use: see language_tag

    name = langcodes.Language.get(tag).language_name().lower()
    # Only a one-word name reads back as the same language: "Norwegian Bokmål" or "Unknown language [xx]" would not.
    if _LANGUAGE_NAME.fullmatch(name) and language_tag(name) == tag:
        return name
    return tag


def base_language(langid: str) -> str | None:
    """The language a ``langid`` (biblatex name or tag, any case) is in, as its shortest subtag.

    Regions, scripts and orthographies are set aside, and ISO 639-2 codes
    become their ISO 639-1 equals: ``american``, ``en-GB`` and ``eng`` are all
    ``en``; None when *langid* names no language.
    """
    tag = language_tag(langid.lower())
    if tag is None:
        return None
    import langcodes  # on first use: see language_tag

    try:
        return langcodes.Language.get(langcodes.standardize_tag(tag)).language
    except ValueError:  # a tag of the right shape with subtags out of order: its first subtag is still the language
        return tag.split("-")[0]


def is_english(langid: str) -> bool:
    """Whether a biblatex ``langid`` is English or a regional English."""
    return base_language(langid) == "en"
