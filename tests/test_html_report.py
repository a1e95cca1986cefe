"""The HTML audit report: escaping checked on the page's text, behaviour in headless Chromium.

The browser tests drive Debian's Chromium (/usr/bin/chromium) through Playwright
for Python and skip, naming both, when either is missing. The example report's
screenshot is written under the test's tmp dir and its path printed (run with
``-s`` to see it).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from provenance.api import Project
from provenance.domain.findings import FINDING_ORDER
from provenance.inputs.config import load_config
from provenance.outputs.reports.html_report import bar_chart, render_html, script_json
from tests.helpers import copy_example, lint_json, run

CHROMIUM = Path("/usr/bin/chromium")
SEED_CODES = ("L001", "L002", "Q004", "Q005", "L004", "D001")
HOSTILE_SCRIPT = "<script>alert(1)</script>"
HOSTILE_ATTRIBUTE = '"><img src=x onerror=alert(2)>'
HOSTILE_QUOTE = "<script>alert(4)</script>"


def _hostile_project(tmp_path: Path) -> Path:
    """The example with markup planted in a source, the bibliography and a manuscript."""
    project = copy_example(tmp_path)
    source = project / "sources" / "cst-safeguard-technological-security.md"
    source.write_text(
        source.read_text(encoding="utf-8").replace(
            "very weak starting point,", f"very weak starting point {HOSTILE_SCRIPT} {HOSTILE_ATTRIBUTE},"
        ),
        encoding="utf-8",
    )
    bib = project / "refs.bib"
    bib.write_text(
        bib.read_text(encoding="utf-8").replace(
            "title        = {Safeguard Technological Security},",
            'title        = {Safeguard Technological Security "><img src=x onerror=alert(3)>},',
            1,
        ),
        encoding="utf-8",
    )
    essay = project / "manuscripts" / "essay.md"
    essay.write_text(
        essay.read_text(encoding="utf-8")
        + f"\nA made-up line: “the {HOSTILE_QUOTE} tag of the page” [@cst-tech-security, chap. 7].\n",
        encoding="utf-8",
    )
    return project


def _report(project: Path, output: Path) -> Path:
    result = run(project, "report", "--output", str(output))
    assert result.exit_code == 0, result.output
    return output


# ---- the page as text ----


def test_script_json_cannot_close_its_element_and_round_trips():
    data = {"text": "</script><script>alert(1)</script> & \u2028 <!--", "n": [1, 2]}
    encoded = script_json(data)
    assert "<" not in encoded and ">" not in encoded and "&" not in encoded and "\u2028" not in encoded
    assert json.loads(encoded) == data


def test_bar_chart_escapes_labels():
    svg = bar_chart([('m/<b onload="x">.md', 3, "#000"), ("ok.md", 0, "#000")])
    assert "<b onload" not in svg
    assert "&lt;b onload=&#34;x&#34;&gt;" in svg  # markupsafe spells the quote &#34;
    assert svg.count("<rect") == 2


def test_hostile_text_appears_only_escaped_in_the_html(tmp_path: Path):
    project = _hostile_project(tmp_path)
    page = _report(project, tmp_path / "report.html").read_text(encoding="utf-8")
    assert page.count("<script") == 2  # the data block and the report's own script
    for hostile in (HOSTILE_SCRIPT, HOSTILE_ATTRIBUTE, HOSTILE_QUOTE, "<img"):
        assert hostile not in page
    data = json.loads(re.search(r'<script type="application/json" id="audit-data">(.*?)</script>', page, re.DOTALL)[1])
    passages = [q["p"]["a"] for q in data["quotations"] if q["p"]]
    assert any(HOSTILE_SCRIPT in after and HOSTILE_ATTRIBUTE in after for after in passages)
    assert any(HOSTILE_QUOTE in q["t"] for q in data["quotations"])


def test_only_the_reports_own_script_may_run(tmp_path: Path):
    page = _report(copy_example(tmp_path), tmp_path / "report.html").read_text(encoding="utf-8")
    script = re.search(r"<script>(.*)</script>", page, re.DOTALL)[1]
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)[1]
    assert f"script-src 'sha256-{digest}'" in policy and "default-src 'none'" in policy
    assert not re.search(r"(src|href)=\"https?://", page)  # no network asset


def test_audit_keeps_clean_quotations_and_gives_each_finding_one_home(tmp_path: Path):
    project = copy_example(tmp_path)
    with Project.open(load_config(project / "provenance.toml")) as opened:
        audit = opened.audit()
    assert len(audit.quotations) == 6
    assert sum(1 for q in audit.quotations if not q.findings) == 3
    essay = next(q for q in audit.quotations if [f.code for f in q.findings] == ["L001"])
    assert essay.manuscript == "manuscripts/essay.md"
    assert essay.citation == "[@cst-tech-security, chap. 6]"
    assert essay.corrected_citation == "[@cst-tech-security, chap. 7, sec. III]"
    assert essay.passage is not None and essay.passage.division == "Chapter 7 › Section III"
    assert [link.step for link in essay.chain][-2:] == ["translation", "original work"]
    owned = [f for q in audit.quotations for f in q.findings] + list(audit.other_findings)
    assert sorted(map(FINDING_ORDER, owned)) == sorted(map(FINDING_ORDER, audit.result.findings))
    assert {f.code for f in audit.other_findings} >= {"L002", "L004", "D001"}


def test_report_help_ends_with_an_example(tmp_path: Path):
    result = run(copy_example(tmp_path), "report", "--help")
    assert result.exit_code == 0
    description = result.output.split("Options:")[0]
    assert [line.strip() for line in description.rstrip().splitlines()[-2:]] == [
        "Example:",
        "provenance report --output audit.html",
    ]


# ---- in the browser ----


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (Python) is not installed")
    if not CHROMIUM.exists():
        pytest.skip(f"chromium not found at {CHROMIUM} (needed by the playwright browser tests)")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield chromium
        chromium.close()


def expect(locator):
    """Playwright's polling assertion (imported late: the module imports without playwright)."""
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def _open(browser, path: Path, width: int = 1280):
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready=true]")
    return page, errors


def _card_codes(page) -> list[list[str]]:
    return page.eval_on_selector_all(
        "#cards article.card",
        "cards => cards.map(c => [...c.querySelectorAll('header .badge')].map(b => b.textContent))",
    )


def test_example_report_shows_the_seed_findings_and_filters(browser, tmp_path: Path):
    report = _report(copy_example(tmp_path), tmp_path / "example-report.html")
    page, errors = _open(browser, report)
    for code in SEED_CODES:
        assert page.locator(f".badge:text-is('{code}')").first.is_visible(), code
    assert page.locator("#cards article.card").count() == 6
    assert page.locator("#cards .status:text-is('clean')").count() == 3
    # What the screenshot must show: the repeated Chinese sentence marked inside quote 1's quotation.
    repeat = page.locator("#cards article.card", has=page.locator(".badge:text-is('Q004')")).locator("mark.repeat")
    expect(repeat).to_have_count(1)
    quote_box = repeat.locator("xpath=ancestor::div[contains(@class, 'text')]").bounding_box()
    mark_box = repeat.bounding_box()
    assert (
        quote_box["y"] <= mark_box["y"] and mark_box["y"] + mark_box["height"] <= quote_box["y"] + quote_box["height"]
    )
    screenshot = tmp_path / "example-report.png"
    page.screenshot(path=str(screenshot), full_page=True)
    print(f"\nexample report screenshot: {screenshot}", file=sys.stderr)
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    page.select_option("#f-rule", "Q004")
    assert _card_codes(page) == [["Q004"]]
    assert page.locator("#other-findings article.card").count() == 0
    page.select_option("#f-rule", "D001")
    assert _card_codes(page) == []
    assert page.locator("#other-findings .badge:text-is('D001')").count() == 2

    page.click("#f-reset")
    page.fill("#f-search", "weak starting point")
    expect(page.locator("#cards article.card")).to_have_count(2)  # the essay and the thread quote it
    page.fill("#f-search", "CHAP. 6")
    expect(page.locator("#cards article.card")).to_have_count(1)
    assert "[@cst-tech-security, chap. 6]" in page.locator("#cards article.card").inner_text()

    page.fill("#f-search", "")
    page.select_option("#f-status", "clean")
    expect(page.locator("#cards article.card")).to_have_count(3)
    assert _card_codes(page) == [[], [], []]
    assert errors == []


def _platform_fonts(page, selector: str, pattern: str) -> list[str]:
    """The installed fonts Chromium draws the first *selector* element whose text matches *pattern* in."""
    marked = page.evaluate(
        """([selector, pattern]) => {
        const found = [...document.querySelectorAll(selector)].find(e => new RegExp(pattern).test(e.textContent));
        document.querySelectorAll('[data-probe]').forEach(e => e.removeAttribute('data-probe'));
        if (found) found.setAttribute('data-probe', '');
        return !!found;
    }""",
        [selector, pattern],
    )
    assert marked, f"no {selector} matching {pattern}"
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "[data-probe]"})["nodeId"]
    return [font["familyName"] for font in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]]


LATIN_ONLY = "^[^\u3000-\u9fff]*[’a-z][^\u3000-\u9fff]*$"


@pytest.mark.parametrize("selector", [".compare .text", ".findings .msg", ".chain dd", ".entry dd"])
def test_latin_text_is_not_set_in_the_cjk_font(browser, tmp_path: Path, selector: str):
    """Curly apostrophes in a CJK font print full-width ("world’ s"): Latin text needs a Latin font first."""
    page, _errors = _open(browser, _report(copy_example(tmp_path), tmp_path / "report.html"))
    fonts = _platform_fonts(page, selector, LATIN_ONLY)
    assert fonts and not [name for name in fonts if "CJK" in name], fonts


def test_chinese_text_is_set_in_a_cjk_font(browser, tmp_path: Path):
    page, _errors = _open(browser, _report(copy_example(tmp_path), tmp_path / "report.html"))
    fonts = _platform_fonts(page, ".compare .text .other", "^[^a-z]*[\u4e00-\u9fff]")
    assert [name for name in fonts if "CJK" in name], fonts


def test_quotations_flow_context_starts_at_words_and_fixes_are_said_once(browser, tmp_path: Path):
    project = copy_example(tmp_path)
    essay = (project / "manuscripts" / "essay.md").read_text(encoding="utf-8")
    assert "foundation of\nnational strength" in essay  # a hard line break inside the quotation
    source = (project / "sources" / "cst-safeguard-technological-security.md").read_text(encoding="utf-8")
    page, errors = _open(browser, _report(project, tmp_path / "report.html"))
    first = page.locator("#q0 .compare .text").first.inner_text()
    assert "foundation of national strength" in first
    contexts = page.eval_on_selector_all(".text .ctx", "spans => spans.map(s => s.textContent)")
    befores = [c[1:] for c in contexts if c.startswith("\u2026")]
    afters = [c[:-1] for c in contexts if c.endswith("\u2026")]
    assert befores and afters
    for before in befores:  # each begins where a word begins in the source
        at = source.index(before)
        assert at == 0 or not source[at - 1].isalnum(), before
    for after in afters:  # and ends where a word ends
        end = source.index(after) + len(after)
        assert end == len(source) or not source[end].isalnum(), after
    fixes = page.eval_on_selector_all(".ev .fix", "rows => rows.map(r => r.textContent)")
    assert fixes and not [row for row in fixes if "(cite " in row]
    assert errors == []


def test_each_entry_is_shown_once_with_all_its_findings_and_without_braces(browser, tmp_path: Path):
    project = copy_example(tmp_path)
    _status, report = lint_json(project)
    per_entry = Counter(
        f["citation_key"] for f in report["findings"] if f["path"] == "glossary-sources.bib" and f.get("citation_key")
    )
    key, many = per_entry.most_common(1)[0]
    assert many > 1
    page, errors = _open(browser, _report(project, tmp_path / "report.html"))
    headings = page.eval_on_selector_all("#bib-findings .entry h4", "hs => hs.map(h => h.textContent)")
    assert len([h for h in headings if "{" + key + "}" in h]) == 1
    # The entry B001 compares with another one is one card too, its L004 and T005 findings in it.
    assert len([h for h in headings if "{cst-cite-this-article}" in h]) == 1
    card = page.locator("#bib-findings article.card", has=page.locator(f"h4:has-text('{{{key}}}')"))
    assert card.locator(".findings > li").count() == many
    values = page.eval_on_selector_all("#bib-findings .entry dd", "ds => ds.map(d => d.textContent)")
    assert "People's Daily" in values and not [v for v in values if v.startswith("{")]
    assert errors == []


def test_changes_are_shown_in_the_words_around_them(browser, tmp_path: Path):
    page, errors = _open(browser, _report(copy_example(tmp_path), tmp_path / "report.html"))
    lines = page.eval_on_selector_all("#other-findings .ev .diff", "ds => ds.map(d => d.textContent)")
    assert "diff: …investment is being channeled to technologies that where Chinese firms have…" in lines
    messages = page.eval_on_selector_all("#other-findings .msg", "ms => ms.map(m => m.textContent)")
    assert any(m.endswith("with different wording: it drops ‘to’; adds ‘that’") for m in messages)
    assert not [m for m in messages if "\u2205" in m]
    assert errors == []


def test_finding_link_and_keys_move_focus(browser, tmp_path: Path):
    report = _report(copy_example(tmp_path), tmp_path / "report.html")
    page, _ = _open(browser, report)
    page.locator("#q0 .findings a[data-focus]").first.click()
    assert page.evaluate("document.activeElement.id") == "q0-src"
    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("j")
    first = page.evaluate("document.activeElement.id")
    page.keyboard.press("j")
    assert (first, page.evaluate("document.activeElement.id")) == ("q0", "q1")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "f-search"


def test_narrow_screen_stacks_the_comparison(browser, tmp_path: Path):
    report = _report(copy_example(tmp_path), tmp_path / "report.html")
    page, _ = _open(browser, report, width=380)
    quote, source = page.locator("#q0 .compare > div").all()
    assert source.bounding_box()["y"] > quote.bounding_box()["y"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 380


def test_hostile_source_text_is_inert_in_the_browser(browser, tmp_path: Path):
    report = _report(_hostile_project(tmp_path), tmp_path / "report.html")
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(report.as_uri())
    page.wait_for_selector("body[data-ready=true]")
    text = page.locator("body").inner_text()
    assert HOSTILE_SCRIPT in text and HOSTILE_ATTRIBUTE in text and HOSTILE_QUOTE in text
    assert 'Security "><img src=x onerror=alert(3)>' in text  # the entry title, in the provenance chain
    page.fill("#f-search", HOSTILE_QUOTE)
    expect(page.locator("body")).to_have_attribute("data-query", HOSTILE_QUOTE)
    assert page.locator("#cards article.card").count() == 1
    assert page.locator("img").count() == 0
    assert page.locator("script").count() == 2
    assert dialogs == []


def test_ten_thousand_quotations_open_and_filter_fast(browser, tmp_path: Path):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from lint_benchmark import generate
    from prose import DEFAULT_TEXTS

    if not DEFAULT_TEXTS.is_dir():
        pytest.skip(f"the generated project draws real prose from Debian's fortunes packages ({DEFAULT_TEXTS})")
    root = tmp_path / "big"
    generate(root, 10_000, 2)
    with Project.open(load_config(root / "provenance.toml")) as opened:
        audit = opened.audit()
    report = root / "report.html"
    report.write_text(render_html(audit), encoding="utf-8")
    megabytes = report.stat().st_size / 1e6

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    started = time.perf_counter()
    page.goto(report.as_uri())
    page.wait_for_selector("body[data-ready=true]")
    first_render = time.perf_counter() - started
    assert "of 10000 quotations" in page.locator("#count").inner_text()
    assert page.locator("#cards article.card").count() == 40  # rendered lazily, not all at once

    started = time.perf_counter()
    page.select_option("#f-rule", "L001")
    filtered = time.perf_counter() - started
    codes = _card_codes(page)
    assert codes and all("L001" in card for card in codes)
    page.select_option("#f-rule", "")
    started = time.perf_counter()
    page.fill("#f-search", "altered")
    expect(page.locator("body")).to_have_attribute("data-query", "altered")
    searched = time.perf_counter() - started
    assert 0 < page.locator("#cards article.card").count() <= 40
    assert all("altered" in text for text in page.locator("#cards article.card").all_inner_texts())
    print(
        f"\n10,000 quotations: report {megabytes:.1f} MB, first render {first_render:.2f} s, "
        f"rule filter {filtered:.2f} s, search {searched:.2f} s "
        f"(in-page filter {page.evaluate('document.body.dataset.filterMs')} ms)",
        file=sys.stderr,
    )
    assert len(audit.quotations) == 10_000
    assert first_render < 10 and filtered < 2 and searched < 3
    shutil.rmtree(root / ".provenance", ignore_errors=True)
