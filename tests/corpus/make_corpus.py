"""Build the labelled corpus: real texts, quotations made from them, and the findings each must get.

Each quotation is made from a real sentence at a known division by a known
operation, and its expected finding follows from that operation alone (never
from running the linter): a word replaced is Q002, a middle piece cut without
an ellipsis Q003, a sentence given twice Q004, a sentence dropped from one
language of a bilingual pair Q005, text of one source cited to another Q006,
no citation Q007, text from no source Q001, the wrong article or chapter number
L001, a section called a chapter L002, a division the whole work lacks L003.
Clean controls vary only in what quoting allows (quote marks, spacing, dashes,
full- or half-width punctuation, a final period, marked omissions, bracketed
interpolations), and each is checked here to really be in its source.

Run ``python tests/corpus/make_corpus.py`` to write the projects and
``expected.json``; the output is the same on every run (fixed seed).
"""

from __future__ import annotations

import contextlib
import io
import json
import random
import re
import unicodedata
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
TEXTS = HERE / "texts"
SEED = 11
PER_RULE = 3  # positives per rule, per manuscript syntax, per project
UDHR_NS = {"u": "http://www.unhchr.ch/udhr"}


@dataclass
class Passage:
    """A paragraph of a source at a known division."""

    source: str  # citation key of the source
    division: dict  # {"chapter": 3, "section": 1, "article": 57}
    text: str
    language: str  # "en" or "zh"


@dataclass
class Item:
    """One labelled quotation."""

    operation: str
    code: str | None
    quote: str
    key: str | None
    locator: str | None
    lead: str = ""
    source: str | None = None


# -- the real texts --------------------------------------------------------------------------------


def udhr(language_file: str, language: str, key: str) -> tuple[str, list[Passage]]:
    """The UDHR from the Unicode "UDHR in XML" file, as a Markdown source, and its article paragraphs."""
    root = ElementTree.parse(TEXTS / language_file).getroot()
    english = language == "en"
    lines = [f"# {root.find('u:title', UDHR_NS).text}", ""]
    passages = []
    for note in root.findall("u:note/u:para", UDHR_NS):
        lines += [note.text, ""]
    preamble = root.find("u:preamble", UDHR_NS)
    lines += [preamble.find("u:title", UDHR_NS).text, ""] + _paragraphs(preamble)
    for article in root.findall("u:article", UDHR_NS):
        number = int(article.get("number"))
        title = article.find("u:title", UDHR_NS).text
        # English: Markdown ATX headings; Chinese: plain lines (第一条), as the two publications differ.
        lines += [f"## {title}" if english else title, ""]
        for text in _article_paragraphs(article):
            lines += [text, ""]
            passages.append(Passage(key, {"article": number}, text, language))
    return "\n".join(lines), passages


def _paragraphs(element) -> list[str]:
    out = []
    for para in element.findall("u:para", UDHR_NS):
        out += [para.text, ""]
    return out


def _article_paragraphs(article) -> list[str]:
    """Paragraphs and list items of an article, each as one line of text."""
    out = []
    for child in article:
        tag = child.tag.split("}")[1]
        if tag == "para":
            out.append("".join(child.itertext()).strip())
        elif tag == "orderedlist":
            for item in child.findall("u:listitem", UDHR_NS):
                out.append(" ".join("".join(p.itertext()).strip() for p in item.findall("u:para", UDHR_NS)))
    return [text for text in out if text]


def bilingual_page(english: str, chinese: str, key: str) -> tuple[str, list[tuple[Passage, Passage]]]:
    """A page printing each article's Chinese beside its English, with setext headings."""
    en = _by_article(english)
    zh = _by_article(chinese)
    lines = ["Universal Declaration of Human Rights · 世界人权宣言", "=" * 20, ""]
    pairs = []
    for number in sorted(en):
        heading = f"Article {number}"
        lines += [heading, "-" * len(heading), ""]
        for en_text, zh_text in zip(en[number], zh[number]):
            lines += [en_text, "", zh_text, ""]
            pairs.append(
                (Passage(key, {"article": number}, en_text, "en"), Passage(key, {"article": number}, zh_text, "zh"))
            )
    return "\n".join(lines), pairs


def _by_article(passages_text: list[Passage]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for passage in passages_text:
        out.setdefault(passage.division["article"], []).append(passage.text)
    return out


_CJK_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def cjk_number(text: str) -> int:
    """A Chinese numeral up to 999 (the generator's own reading, independent of the linter's)."""
    total, digit = 0, 0
    for char in text:
        if char in _CJK_DIGITS:
            digit = _CJK_DIGITS[char]
        else:
            total += (digit or 1) * {"十": 10, "百": 100}[char]
            digit = 0
    return total + digit


def constitution(key: str) -> tuple[str, list[Passage]]:
    """The Constitution of the PRC as LawRefBook publishes it: chapters, sections, untitled articles."""
    text = (TEXTS / "prc_constitution.md").read_text(encoding="utf-8")
    passages = []
    chapter = section = article = None
    for line in text.splitlines():
        heading = re.match(r"^(#+) 第(\S+?)([章节]) ", line)
        if heading:
            if heading.group(3) == "章":
                chapter, section, article = cjk_number(heading.group(2)), None, None
            else:
                section, article = cjk_number(heading.group(2)), None
            continue
        opening = re.match(r"^第(\S+?)条 (.*)$", line)
        if opening:
            article = cjk_number(opening.group(1))
            line = opening.group(2)
        if article is None or not line.strip() or line.startswith(("<!--", "#")):
            continue
        division = {"chapter": chapter, "article": article}
        if section is not None:
            division["section"] = section
        passages.append(Passage(key, division, line.strip(), "zh"))
    return text, passages


def anthem_law_sentences() -> list[str]:
    """Chinese sentences in no source of the corpus: the PRC National Anthem Law (LawRefBook)."""
    text = (TEXTS / "prc_national_anthem_law.md").read_text(encoding="utf-8")
    found = []
    for line in text.splitlines():
        line = re.sub(r"^第\S+?条 ", "", line).strip()
        found += [s for s in re.findall(r"[^。]+。", line) if len(re.findall(r"[\u4e00-\u9fff]", s)) >= 16]
    return found


def zen_of_python() -> list[str]:
    """English sentences that are in no source of the corpus (PEP 20, in the standard library)."""
    with contextlib.redirect_stdout(io.StringIO()):
        import this
    text = "".join(this.d.get(c, c) for c in this.s)
    return [line for line in text.splitlines()[2:] if len(line.split()) >= 5]


# -- sentences and the operations on them -----------------------------------------------------------


def sentences(passage: Passage) -> list[str]:
    if passage.language == "zh":
        return [s for s in re.findall(r"[^。；;！？]+[。；;！？]?", passage.text) if s.strip()]
    return [s for s in re.split(r"(?<=[.;:])\s+(?=[A-Z])", passage.text) if s.strip()]


def whole_sentence(text: str) -> bool:
    """A sentence that ends as sentences do (not a clause closed by a semicolon), long enough to quote."""
    text = text.strip()
    return text.endswith((".", "。")) and long_enough(text, "zh" if text.endswith("。") else "en")


def long_enough(text: str, language: str) -> bool:
    return len(text.split()) >= 8 if language == "en" else len(re.findall(r"[\u4e00-\u9fff]", text)) >= 16


def replace_word(text: str, language: str, rng: random.Random) -> str:
    if language == "zh":
        positions = [i for i, c in enumerate(text) if "\u4e00" <= c <= "\u9fff" and 2 < i < len(text) - 3]
        i = rng.choice(positions)
        substitute = "民" if text[i] != "民" else "众"
        return text[:i] + substitute + text[i + 1 :]
    words = text.split(" ")
    choices = [i for i, w in enumerate(words) if w.isalpha() and len(w) >= 5 and 0 < i < len(words) - 1]
    i = rng.choice(choices)
    substitute = "particular" if words[i].lower() != "particular" else "general"
    return " ".join(words[:i] + [substitute] + words[i + 1 :])


def cut_middle(text: str, language: str, rng: random.Random) -> str:
    """The sentence with a middle piece (a fifth to a third of it) silently cut."""
    units = list(text) if language == "zh" else text.split(" ")
    length = len(units)
    size = max(2, length // rng.choice([3, 4, 5]))
    start = rng.randint(length // 4, length - length // 4 - size)
    kept = units[:start] + units[start + size :]
    return "".join(kept) if language == "zh" else " ".join(kept)


def fold(text: str) -> str:
    """The generator's own comparison form: NFKC, one kind of quote and dash, no spaces."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"[‐‑‒–—―-]", "-", text)
    text = re.sub(r"[“”„‟\"'‘’]", "'", text)
    return re.sub(r"\s+", "", text)


def pieces_in_order(quote: str, source: str) -> bool:
    """Whether the quote's pieces (split at ellipses and bracketed interpolations) are in *source*, in order."""
    folded = fold(source)
    position = 0
    for piece in re.split(r"\s*(?:\[…\]|\[\.\.\.\]|…|\.\.\.|\[[^\]]*\])\s*", quote):
        piece = fold(piece).rstrip(".。")
        if not piece:
            continue
        found = folded.find(piece, position)
        if found < 0:
            return False
        position = found + len(piece)
    return True


CLEAN = [
    "verbatim",
    "straight-quotes",
    "final-period-dropped",
    "double-spaces",
    "line-break",
    "ellipsis",
    "bracket",
    "width",
    "dash",
]


def clean_variant(text: str, language: str, variant: str, rng: random.Random) -> str | None:
    if variant in ("verbatim", "straight-quotes"):
        return text
    if variant == "final-period-dropped":
        return text.rstrip(".。;；,，") if text[-1] in ".。;；,，" else None
    if variant in ("double-spaces", "line-break"):
        if language == "zh":
            return None
        words = text.split(" ")
        middle = len(words) // 2
        joiner = "  " if variant == "double-spaces" else "\n"
        return " ".join(words[:middle]) + joiner + " ".join(words[middle:])
    if variant == "ellipsis":
        units = list(text) if language == "zh" else text.split(" ")
        if len(units) < 16:
            return None
        cut_start, cut_end = 2 * len(units) // 5, 3 * len(units) // 5
        mark = rng.choice(["…", "...", "[…]"])
        if language == "zh":
            return "".join(units[:cut_start]) + mark + "".join(units[cut_end:])
        return " ".join(units[:cut_start]) + f" {mark} " + " ".join(units[cut_end:])
    if variant == "bracket":
        if language == "zh":
            return None
        words = text.split(" ")
        if len(words) < 8 or not words[0].isalpha():
            return None
        return f"[{words[0].lower()}] " + " ".join(words[1:]) if words[0][0].isupper() else None
    if variant == "width":
        swapped = (
            text.translate(str.maketrans(",;:", "，；："))
            if language == "zh" and "," in text
            else text.translate(str.maketrans("，；：", ",;:"))
        )
        return swapped if swapped != text else None
    if variant == "dash":
        return text.replace("\u2010", "-") if "\u2010" in text else None
    raise ValueError(variant)


# -- building a project ------------------------------------------------------------------------------


def locator(division: dict, syntax: str, *, wrong: str | None = None, structure: dict | None = None) -> str:
    """The locator of *division*, or a deliberately wrong one."""
    tie = "~" if syntax == "latex" else " "
    if "chapter" in division:
        parts = [("chap.", division["chapter"])]
        if "section" in division:
            parts.append(("sec.", division["section"]))
        parts.append(("art.", division["article"]))
    else:
        parts = [("art.", division["article"])]
    if wrong == "L001":
        parts = [(label, value + 1 if label == "art." else value) for label, value in parts]
    elif wrong == "L002":
        # A section called a chapter (the constitution), or an article called a chapter (the UDHR).
        if "section" in division:
            parts = [("chap.", division["section"])]
        else:
            parts = [("chap.", division["article"])]
    elif wrong == "L003":
        parts = (
            [("art.", structure["articles"] + 7)]
            if "chapter" not in division
            else [("chap.", structure["chapters"] + 5)]
        )
    return ", ".join(f"{label}{tie}{value}" for label, value in parts)


def make_items(
    passages: list[Passage],
    others: dict[str, list[Passage]],
    foreign: list[str],
    structure: dict,
    syntax: str,
    rng: random.Random,
    sources: dict[str, str],
) -> list[Item]:
    """The labelled quotations of one manuscript."""
    usable = [p for p in passages if any(long_enough(s, p.language) for s in sentences(p))]
    if structure.get("chapters"):
        # The constitution's L002 needs a passage in a section whose number differs from its chapter's.
        sectioned = [
            p
            for p in usable
            if "section" in p.division
            and p.division["section"] != p.division["chapter"]
            and p.division["section"] <= structure["chapters"]
        ]
    items: list[Item] = []

    def sentence(passage: Passage) -> str:
        return rng.choice([s.strip() for s in sentences(passage) if long_enough(s, passage.language)])

    def loc(passage, **kwargs):
        return locator(passage.division, syntax, structure=structure, **kwargs)

    for _ in range(PER_RULE):
        p = rng.choice(usable)
        items.append(
            Item("replace-word", "Q002", replace_word(sentence(p), p.language, rng), p.source, loc(p), source=p.source)
        )
        p = rng.choice(usable)
        items.append(
            Item("cut-middle", "Q003", cut_middle(sentence(p), p.language, rng), p.source, loc(p), source=p.source)
        )
        p = rng.choice([q for q in usable if any(whole_sentence(s) for s in sentences(q))])
        s = rng.choice([s.strip() for s in sentences(p) if whole_sentence(s)])
        glue = "" if p.language == "zh" else " "
        items.append(Item("repeat-sentence", "Q004", s + glue + s, p.source, loc(p), source=p.source))
        p = rng.choice(usable)
        items.append(Item("no-citation", "Q007", sentence(p), None, None, source=p.source))
        p = rng.choice(usable)
        items.append(Item("wrong-number", "L001", sentence(p), p.source, loc(p, wrong="L001"), source=p.source))
        p = rng.choice(sectioned if structure.get("chapters") else usable)
        items.append(
            Item(
                "section-called-chapter" if "section" in p.division else "article-called-chapter",
                "L002",
                sentence(p),
                p.source,
                loc(p, wrong="L002"),
                source=p.source,
            )
        )
        p = rng.choice(usable)
        items.append(
            Item("division-that-cannot-exist", "L003", sentence(p), p.source, loc(p, wrong="L003"), source=p.source)
        )
        q = rng.choice(usable)
        stray = rng.choice(foreign)
        if any(fold(stray) in fold(text) for text in sources.values()):
            raise AssertionError(f"text meant to be in no source is in one: {stray!r}")
        items.append(Item("text-in-no-source", "Q001", stray, q.source, loc(q)))
        other_key = rng.choice(sorted(others))
        p = rng.choice([o for o in others[other_key] if any(long_enough(s, o.language) for s in sentences(o))])
        cited = rng.choice(usable)
        items.append(Item("cited-to-another-source", "Q006", sentence(p), cited.source, loc(p), source=p.source))
    positives = len(items)
    clean = 0
    attempts = 0
    while clean < positives and attempts < 10000:
        attempts += 1
        variant = CLEAN[attempts % len(CLEAN)]
        p = rng.choice(usable)
        quote = clean_variant(sentence(p), p.language, variant, rng)
        if quote is None:
            continue
        if not pieces_in_order(quote, sources[p.source]):
            raise AssertionError(f"clean control not in its source: {quote!r}")
        items.append(Item(f"clean:{variant}", None, quote, p.source, loc(p), source=p.source))
        clean += 1
    rng.shuffle(items)
    return items


def render(items: list[Item], syntax: str) -> tuple[str, list[int]]:
    """The manuscript text, and the line each item's quotation starts on."""
    if syntax == "markdown":
        lines = ["# Quotations from real texts", ""]
    else:
        lines = ["\\documentclass{article}", "\\usepackage{csquotes}", "\\begin{document}", ""]
    starts = []
    for number, item in enumerate(items, 1):
        quote = item.quote
        straight = item.operation == "clean:straight-quotes"
        if syntax == "markdown":
            opening, closing = ('"', '"') if straight else ("“", "”")
            cite = f" [@{item.key}, {item.locator}]" if item.key else ""
            text = f"Quotation {number}: {opening}{quote}{closing}{cite}"
        else:
            body = quote
            cite = f" \\autocite[{item.locator}]{{{item.key}}}" if item.key else ""
            text = (
                f"Quotation {number}: \\enquote{{{body}}}{cite}"
                if straight
                else f"Quotation {number}: ``{body}''{cite}"
            )
        starts.append(len(lines) + 1)
        lines += text.split("\n") + [""]
    if syntax == "latex":
        lines.append("\\end{document}")
    return "\n".join(lines) + "\n", starts


BIB = """@misc{{{key},
  author = {{{author}}},
  title = {{{title}}},
  date = {{{date}}},
  url = {{{url}}},
  urldate = {{2026-12-01}},
  langid = {{{langid}}},
  file = {{{file}}},
}}
"""


def write_project(
    name: str, sources: dict[str, tuple[str, dict]], items_by_syntax: dict[str, list[Item]], expected: list[dict]
) -> None:
    root = HERE / name
    (root / "sources").mkdir(parents=True, exist_ok=True)
    (root / "manuscripts").mkdir(exist_ok=True)
    bib = []
    for key, (text, entry) in sources.items():
        (root / "sources" / f"{key}.md").write_text(text + ("" if text.endswith("\n") else "\n"), encoding="utf-8")
        bib.append(BIB.format(key=key, file=f"sources/{key}.md", **entry))
    (root / "refs.bib").write_text("\n".join(bib), encoding="utf-8")
    (root / "provenance.toml").write_text(
        'bibliography = ["refs.bib"]\nsources = ["sources"]\nmanuscripts = ["manuscripts/*.md", "manuscripts/*.tex"]\n',
        encoding="utf-8",
    )
    for syntax, items in items_by_syntax.items():
        path = f"manuscripts/quotations.{'md' if syntax == 'markdown' else 'tex'}"
        text, starts = render(items, syntax)
        (root / path).write_text(text, encoding="utf-8")
        for item, line in zip(items, starts):
            expected.append(
                {
                    "project": name,
                    "path": path,
                    "line": line,
                    "code": item.code,
                    "operation": item.operation,
                    "citation_key": item.key,
                    "source": item.source,
                    "quote": item.quote,
                }
            )


UDHR_EN = {
    "author": "{United Nations General Assembly}",
    "title": "Universal Declaration of Human Rights",
    "date": "1948-12-10",
    "langid": "english",
    "url": "https://www.ohchr.org/en/human-rights/universal-declaration/translations/english",
}
UDHR_ZH = {
    "author": "{联合国大会}",
    "title": "世界人权宣言",
    "date": "1948-12-10",
    "langid": "chinese",
    "url": "https://www.ohchr.org/zh/human-rights/universal-declaration/translations/chinese",
}
UDHR_PAGE = {
    "author": "{United Nations General Assembly}",
    "title": "Universal Declaration of Human Rights: English and Chinese",
    "date": "1948-12-10",
    "langid": "english",
    "url": "https://www.un.org/en/about-us/universal-declaration-of-human-rights",
}
PRC = {
    "author": "{全国人民代表大会}",
    "title": "中华人民共和国宪法",
    "date": "2018-03-11",
    "langid": "chinese",
    "url": "https://flk.npc.gov.cn/",
}


def main() -> None:
    rng = random.Random(SEED)
    en_text, en = udhr("udhr_eng.xml", "en", "udhr-en")
    zh_text, zh = udhr("udhr_cmn_hans.xml", "zh", "udhr-zh")
    page_text, pairs = bilingual_page(en, zh, "udhr-page")
    prc_text, prc = constitution("prc-constitution")
    zen = zen_of_python()
    prc_sentences = [s.strip() for p in prc for s in sentences(p) if long_enough(s, "zh")]
    expected: list[dict] = []

    udhr_texts = {"udhr-en": en_text, "udhr-zh": zh_text, "udhr-page": page_text}
    udhr_structure = {"articles": 30}
    items = {}
    for syntax in ("markdown", "latex"):
        english = make_items(en, {"udhr-zh": zh}, zen, udhr_structure, syntax, rng, udhr_texts)
        chinese = make_items(zh, {"udhr-en": en}, prc_sentences, udhr_structure, syntax, rng, udhr_texts)
        page_pairs = [
            (Passage("udhr-page", e.division, e.text, "en"), Passage("udhr-page", z.division, z.text, "zh"))
            for e, z in pairs
        ]
        bilingual = _bilingual_items(page_pairs, syntax, rng)
        items[syntax] = english + chinese + bilingual
        rng.shuffle(items[syntax])
    write_project(
        "udhr",
        {"udhr-en": (en_text, UDHR_EN), "udhr-zh": (zh_text, UDHR_ZH), "udhr-page": (page_text, UDHR_PAGE)},
        items,
        expected,
    )

    prc_texts = {"prc-constitution": prc_text, "udhr-zh": zh_text}
    prc_structure = {"chapters": 4, "articles": 143}
    # An English quotation cited to a Chinese text may be the author's own translation: text in
    # no source is Chinese here.
    items = {
        syntax: make_items(prc, {"udhr-zh": zh}, anthem_law_sentences(), prc_structure, syntax, rng, prc_texts)
        for syntax in ("markdown", "latex")
    }
    write_project("constitution", {"prc-constitution": (prc_text, PRC), "udhr-zh": (zh_text, UDHR_ZH)}, items, expected)
    (HERE / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    counts: dict[str, int] = {}
    for row in expected:
        counts[row["code"] or "clean"] = counts.get(row["code"] or "clean", 0) + 1
    print(json.dumps(counts, sort_keys=True))


def _bilingual_items(pairs, syntax: str, rng: random.Random) -> list[Item]:
    """Q005 positives and clean bilingual controls, cited to the page that prints both languages."""
    items = []
    two_sentence = [(e, z) for e, z in pairs if len(sentences(e)) >= 2 and len(sentences(z)) >= 2]
    for en, zh in rng.sample(two_sentence, PER_RULE * 2):
        en_sentences, zh_sentences = sentences(en), sentences(zh)
        if len(items) % 2:
            en_sentences = en_sentences[:-1]
        else:
            zh_sentences = zh_sentences[:-1]
        quote = " ".join(s.strip() for s in en_sentences) + "\n\n" + "".join(zh_sentences)
        items.append(
            Item(
                "sentence-dropped-from-one-language",
                "Q005",
                quote,
                "udhr-page",
                locator(en.division, syntax),
                source="udhr-page",
            )
        )
    for en, zh in rng.sample(pairs, PER_RULE * 2):
        items.append(
            Item(
                "clean:bilingual",
                None,
                en.text + "\n\n" + zh.text,
                "udhr-page",
                locator(en.division, syntax),
                source="udhr-page",
            )
        )
    return items


if __name__ == "__main__":
    main()
