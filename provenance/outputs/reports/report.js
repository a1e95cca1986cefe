"use strict";
// The audit report's behaviour: cards built on demand from the JSON data block,
// filters and search over that data. Every string from a manuscript, source or
// bibliography reaches the page through textContent or a DOM property, never
// through HTML parsing, so it shows as text and runs nothing.
(function () {
  var DATA = JSON.parse(document.getElementById("audit-data").textContent);
  var PAGE = 40;
  var SEVERITY_RANK = { error: 3, warning: 2, info: 1 };
  var cardsBox = document.getElementById("cards");
  var moreButton = document.getElementById("more");
  var filters = {
    rule: document.getElementById("f-rule"),
    severity: document.getElementById("f-severity"),
    manuscript: document.getElementById("f-manuscript"),
    status: document.getElementById("f-status"),
    search: document.getElementById("f-search")
  };
  var shown = [];
  var rendered = 0;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      for (var name in attrs) {
        if (name === "text") node.textContent = attrs[name];
        else if (name === "cls") node.className = attrs[name];
        else node.setAttribute(name, attrs[name]);
      }
    }
    (children || []).forEach(function (child) {
      if (child !== null && child !== undefined) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  // ---- diff: words for alphabetic text, characters for CJK ----
  var TOKEN = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]|[\p{L}\p{N}\p{M}_]+|\s+|[^]/gu;
  // What matching forgives: any quote mark for another (nested quotes turn single), dash styles.
  var QUOTES = { "\u201c": "\"", "\u201d": "\"", "\u201e": "\"", "\u2018": "\"", "\u2019": "\"", "'": "\"", "\u2013": "-", "\u2014": "-", "\uff0c": ",", "\u3002": "." };
  function tokens(text) { return text.match(TOKEN) || []; }
  function tokenKey(token) {
    var key = token.normalize("NFKC");
    return QUOTES[token] || key;
  }
  // Marks each non-space token of a and b as common or changed (longest common subsequence).
  function diff(a, b) {
    var ia = [], ib = [];
    a.forEach(function (t, i) { if (!/^\s+$/.test(t)) ia.push(i); });
    b.forEach(function (t, i) { if (!/^\s+$/.test(t)) ib.push(i); });
    var ka = ia.map(function (i) { return tokenKey(a[i]); }), kb = ib.map(function (i) { return tokenKey(b[i]); });
    var changedA = new Uint8Array(a.length), changedB = new Uint8Array(b.length);
    var start = 0, endA = ka.length, endB = kb.length;
    while (start < endA && start < endB && ka[start] === kb[start]) start++;
    while (endA > start && endB > start && ka[endA - 1] === kb[endB - 1]) { endA--; endB--; }
    var n = endA - start, m = endB - start;
    if (n * m > 4000000) {
      for (var x = start; x < endA; x++) changedA[ia[x]] = 1;
      for (var y = start; y < endB; y++) changedB[ib[y]] = 1;
      return [changedA, changedB];
    }
    var table = new Uint32Array((n + 1) * (m + 1));
    for (var i = n - 1; i >= 0; i--) {
      for (var j = m - 1; j >= 0; j--) {
        table[i * (m + 1) + j] = ka[start + i] === kb[start + j] ? table[(i + 1) * (m + 1) + j + 1] + 1
          : Math.max(table[(i + 1) * (m + 1) + j], table[i * (m + 1) + j + 1]);
      }
    }
    i = 0; j = 0;
    while (i < n && j < m) {
      if (ka[start + i] === kb[start + j]) { i++; j++; }
      else if (table[(i + 1) * (m + 1) + j] >= table[i * (m + 1) + j + 1]) { changedA[ia[start + i]] = 1; i++; }
      else { changedB[ib[start + j]] = 1; j++; }
    }
    for (; i < n; i++) changedA[ia[start + i]] = 1;
    for (; j < m; j++) changedB[ib[start + j]] = 1;
    return [changedA, changedB];
  }
  function marked(parts, changed, tag, title) {
    var box = document.createDocumentFragment();
    var run = null;
    parts.forEach(function (token, index) {
      if (changed[index]) {
        if (!run) { run = el(tag, { cls: "d", title: title }); box.appendChild(run); }
        run.appendChild(document.createTextNode(token));
      } else if (run && /^\s+$/.test(token) && changed[index + 1]) {
        run.appendChild(document.createTextNode(token));
      } else {
        run = null;
        box.appendChild(document.createTextNode(token));
      }
    });
    return box;
  }

  // ---- cards ----
  function severityOf(findings) {
    var best = "";
    findings.forEach(function (f) { if (!best || SEVERITY_RANK[f.severity] > SEVERITY_RANK[best]) best = f.severity; });
    return best;
  }
  function badge(finding) {
    return el("span", { cls: "badge " + finding.severity, text: finding.code, title: finding.severity });
  }
  function ruleDoc(code) {
    var rule = DATA.rules[code];
    if (!rule) return null;
    return el("details", { cls: "doc" }, [
      el("summary", { text: "About " + code + " " + rule.name + " (" + rule.severity + ")" }),
      el("pre", { text: rule.doc })
    ]);
  }
  function evidenceLines(finding, contextId) {
    var ev = finding.evidence || {};
    var box = el("div", { cls: "ev" });
    if (ev.source_path) {
      var where = ev.source_path + (ev.source_line ? ":" + ev.source_line : "") + (ev.division ? " (" + ev.division + ")" : "");
      box.appendChild(el("div", null, ["source: ", contextId ? el("a", { href: "#" + contextId, "data-focus": contextId, text: where }) : el("code", { text: where })]));
    }
    if (ev.diff && ev.diff.length) {
      // Each change in the words around it; an empty `before` continues the previous change's passage.
      var line = el("div", { cls: "diff" }, ["diff: "]);
      ev.diff.slice(0, 8).forEach(function (change, index) {
        if (index && change.before) line.appendChild(el("span", { cls: "gap", text: " \u00b7 " }));
        line.appendChild(el("span", { cls: "ctx", text: change.before }));
        if (change.source) line.appendChild(el("del", { cls: "d", text: change.source, title: "the source has" }));
        if (change.quote) line.appendChild(el("ins", { cls: "d", text: change.quote, title: "the quoting text has" }));
        line.appendChild(el("span", { cls: "ctx", text: change.after }));
      });
      box.appendChild(line);
    }
    (ev.omitted || []).forEach(function (cut) { box.appendChild(el("div", null, ["cut: ", el("del", { cls: "d", text: cut })])); });
    if (ev.expected && !ev.diff) box.appendChild(el("div", null, ["expected: ", el("code", { text: String(ev.expected) })]));
    if (ev.found && !ev.diff) box.appendChild(el("div", null, ["found: ", el("code", { text: String(ev.found) })]));
    if (finding.fix) {
      // The description only when it says more than the replacement ("cite chap. 7" repeats it).
      var said = finding.fix.description && finding.fix.description.indexOf(finding.fix.replacement) < 0;
      box.appendChild(el("div", { cls: "fix" }, ["fix: ", el("code", { text: finding.fix.replacement }), said ? " (" + finding.fix.description + ")" : ""]));
    }
    return box;
  }
  function findingItem(finding, contextId) {
    return el("li", { "data-code": finding.code }, [
      el("div", { cls: "msg" }, [badge(finding), " ", el("span", { cls: "where", text: finding.path + ":" + finding.line + ":" + finding.column }), " ", finding.message]),
      evidenceLines(finding, contextId),
      ruleDoc(finding.code)
    ]);
  }
  function chainList(indices) {
    var list = el("ol", { cls: "chain" });
    indices.forEach(function (index) {
      var link = DATA.links[index];
      var facts = el("dl");
      link[1].forEach(function (fact) {
        var value = /^https?:\/\//i.test(fact[1]) ? el("a", { href: fact[1], rel: "noopener noreferrer", text: fact[1] }) : fact[1];
        facts.appendChild(el("dt", { text: fact[0] }));
        facts.appendChild(el("dd", null, [value]));
      });
      list.appendChild(el("li", null, [el("b", { text: link[0] }), facts]));
    });
    return list;
  }
  // Where the quotation repeats a sentence (Q004): the second copy, found by its text in *flowing*.
  function repeatRanges(q, flowing) {
    var ranges = [];
    q.f.forEach(function (f) {
      var change = f.code === "Q004" && f.evidence && f.evidence.diff ? f.evidence.diff[0] : null;
      if (!change || !change.quote) return;
      var sentence = change.quote.replace(/([^\n])\n(?!\n)/g, "$1 ");
      var first = flowing.indexOf(sentence);
      var second = first < 0 ? -1 : flowing.indexOf(sentence, first + sentence.length);
      if (second >= 0) ranges.push([second, second + sentence.length]);
    });
    return ranges;
  }
  // flowing[start, end) as a span of class *cls*, each repeated sentence in it marked.
  function textPart(flowing, start, end, ranges, cls) {
    var span = el("span", { cls: cls });
    var at = start;
    ranges.forEach(function (range) {
      var from = Math.max(range[0], at), to = Math.min(range[1], end);
      if (from >= to) return;
      span.appendChild(document.createTextNode(flowing.slice(at, from)));
      span.appendChild(el("mark", { cls: "repeat", title: "repeated: the text has this sentence once", text: flowing.slice(from, to) }));
      at = to;
    });
    span.appendChild(document.createTextNode(flowing.slice(at, end)));
    return span;
  }
  function quotationCard(index) {
    var q = DATA.quotations[index];
    var id = "q" + index;
    var severity = severityOf(q.f);
    var card = el("article", { cls: "card" + (severity ? " sev-" + severity : ""), id: id, tabindex: "0", "aria-labelledby": id + "-h" });
    var head = el("header", null, [
      el("span", { cls: "where", id: id + "-h", text: DATA.manuscripts[q.m] + ":" + q.l + ":" + q.c }),
      q.ci ? el("span", { cls: "cite", text: q.ci }) : el("span", { cls: "cite", text: "no citation" })
    ]);
    if (q.f.length) q.f.forEach(function (f) { head.appendChild(badge(f)); });
    else head.appendChild(el("span", { cls: "status", text: "clean" }));
    card.appendChild(head);

    var quoteBox = el("div", { cls: "text", lang: "" });
    var sourceBox = el("div", { cls: "text", id: id + "-src", tabindex: "-1" });
    // The manuscript's hard line breaks are not the quotation's: one newline reads as a space (same
    // length, so the compared span's offsets hold); a blank line between languages stays.
    var flowing = q.t.replace(/([^\n])\n(?!\n)/g, "$1 ");
    var compared = flowing.slice(q.cmp[0], q.cmp[1]);
    // A repeat in the compared part is marked by the diff (the source has it once); elsewhere, here.
    var repeats = repeatRanges(q, flowing);
    if (q.p) {
      var qt = tokens(compared), st = tokens(q.p.t);
      var changed = diff(qt, st);
      quoteBox.appendChild(textPart(flowing, 0, q.cmp[0], repeats, "other"));
      quoteBox.appendChild(marked(qt, changed[0], "ins", "not in the source"));
      quoteBox.appendChild(textPart(flowing, q.cmp[1], flowing.length, repeats, "other"));
      sourceBox.appendChild(el("span", { cls: "ctx", text: q.p.b ? "\u2026" + q.p.b : "" }));
      sourceBox.appendChild(marked(st, changed[1], "del", "not in the quotation"));
      sourceBox.appendChild(el("span", { cls: "ctx", text: q.p.a ? q.p.a + "\u2026" : "" }));
    } else {
      quoteBox.appendChild(textPart(flowing, 0, flowing.length, repeats, ""));
      sourceBox.appendChild(el("span", { cls: "empty", text: "Not found in the cited source or any registered source." }));
    }
    var sourceMeta = q.p ? q.p.s + ":" + q.p.l + (q.p.e !== q.p.l ? "\u2013" + q.p.e : "") + " \u00b7 " + (q.p.d || "no division") + " \u00b7 " + q.p.k : "";
    card.appendChild(el("div", { cls: "compare" }, [
      el("div", null, [el("h3", { text: "Quotation" }), quoteBox]),
      el("div", null, [el("h3", { text: "Source passage" }), sourceBox, q.p ? el("div", { cls: "meta", text: sourceMeta }) : null])
    ]));
    if (q.f.length) {
      var list = el("ul", { cls: "findings", "aria-label": "Findings" });
      q.f.forEach(function (f) { list.appendChild(findingItem(f, q.p ? id + "-src" : null)); });
      card.appendChild(list);
    }
    var fix = el("div", null, [el("h3", { text: "Citation" })]);
    if (q.cc && q.cc !== q.ci) {
      fix.appendChild(el("div", { cls: "fix" }, [el("code", { text: q.ci || "(none)" }), el("span", { cls: "arrow", text: " \u2192 " }), el("code", { text: q.cc })]));
    } else {
      fix.appendChild(el("div", { cls: "fix" }, [el("code", { text: q.ci || "(none)" }), q.cc ? " \u2714 matches the passage\u2019s division" : ""]));
    }
    if (q.p && q.p.d) fix.appendChild(el("div", { cls: "meta", text: "Division: " + q.p.d }));
    card.appendChild(el("div", { cls: "lower" }, [
      el("div", null, [el("h3", { text: "Provenance chain" }), chainList(q.ch)]),
      fix
    ]));
    return card;
  }
  function entryBox(entry, differing) {
    var facts = el("dl");
    Object.keys(entry.fields).forEach(function (name) {
      facts.appendChild(el("dt", { text: name }));
      facts.appendChild(el("dd", { cls: differing.indexOf(name) >= 0 ? "differs" : "", text: entry.fields[name] }));
    });
    return el("div", { cls: "entry" }, [el("h4", { text: "@" + entry.type + "{" + entry.key + "} \u00b7 " + entry.path + ":" + entry.line }), facts]);
  }
  function otherCard(index) {
    var item = DATA.others[index];
    var id = "o" + index;
    var card = el("article", { cls: "card sev-" + severityOf(item.fs), id: id, tabindex: "0" });
    var list = el("ul", { cls: "findings" });
    item.fs.forEach(function (f) { list.appendChild(findingItem(f, item.excerpt ? id + "-src" : null)); });
    card.appendChild(list);
    if (item.excerpt) {
      card.appendChild(el("h3", { text: "Source context" }));
      card.appendChild(el("div", { cls: "text", id: id + "-src", tabindex: "-1", text: item.excerpt }));
    }
    if (item.entries.length) {
      var differing = [];
      item.fs.forEach(function (f) { differing = differing.concat(((f.evidence || {}).differing_fields) || []); });
      var box = el("div", { cls: "entries" });
      item.entries.forEach(function (entry) { box.appendChild(entryBox(entry, differing)); });
      card.appendChild(box);
    }
    return card;
  }

  // ---- filtering ----
  var haystacks = [];
  function haystack(q, index) {
    if (haystacks[index] === undefined) {
      var parts = [q.t, q.ci || "", q.cc || "", DATA.manuscripts[q.m], q.p ? q.p.s + " " + q.p.t + " " + q.p.d : ""];
      q.f.forEach(function (f) { parts.push(f.code, f.message); });
      haystacks[index] = parts.join("\n").toLowerCase();
    }
    return haystacks[index];
  }
  function findingMatches(f, state) {
    return (!state.rule || f.code === state.rule) && (!state.severity || f.severity === state.severity);
  }
  function readState() {
    return {
      rule: filters.rule.value, severity: filters.severity.value, status: filters.status.value,
      manuscript: filters.manuscript.value === "" ? -1 : Number(filters.manuscript.value),
      query: filters.search.value.trim().toLowerCase()
    };
  }
  function quotationMatches(q, index, state) {
    if (state.manuscript >= 0 && q.m !== state.manuscript) return false;
    if (state.status === "clean" && q.f.length) return false;
    if (state.status === "findings" && !q.f.length) return false;
    if ((state.rule || state.severity) && !q.f.some(function (f) { return findingMatches(f, state); })) return false;
    return !state.query || haystack(q, index).indexOf(state.query) >= 0;
  }
  function otherMatches(item, state) {
    // The findings of the card that the filters let through (a card shows when any does).
    return item.fs.filter(function (f) {
      if (state.status === "clean" || !findingMatches(f, state)) return false;
      if (state.manuscript >= 0 && f.path !== DATA.manuscripts[state.manuscript]) return false;
      if (!state.query) return true;
      var text = [f.code, f.path, f.message, f.citation_key || "", item.excerpt || ""].join("\n").toLowerCase();
      return text.indexOf(state.query) >= 0;
    }).length;
  }
  function renderMore() {
    var end = Math.min(rendered + PAGE, shown.length);
    var fragment = document.createDocumentFragment();
    for (; rendered < end; rendered++) fragment.appendChild(quotationCard(shown[rendered]));
    cardsBox.appendChild(fragment);
    moreButton.hidden = rendered >= shown.length;
    moreButton.textContent = "Show more (" + (shown.length - rendered) + " left)";
  }
  function renderOthers(state) {
    var boxes = { bibliography: document.getElementById("bib-findings"), other: document.getElementById("other-findings") };
    var counts = { bibliography: 0, other: 0 };
    boxes.bibliography.textContent = "";
    boxes.other.textContent = "";
    DATA.others.forEach(function (item, index) {
      var matching = otherMatches(item, state);
      if (!matching) return;
      counts[item.section] += matching;
      boxes[item.section].appendChild(otherCard(index));
    });
    Object.keys(boxes).forEach(function (section) {
      if (!counts[section]) boxes[section].appendChild(el("p", { cls: "empty", text: "No findings here match the filters." }));
    });
    return counts.bibliography + counts.other;
  }
  function apply() {
    var started = performance.now();
    var state = readState();
    shown = [];
    for (var i = 0; i < DATA.quotations.length; i++) if (quotationMatches(DATA.quotations[i], i, state)) shown.push(i);
    cardsBox.textContent = "";
    rendered = 0;
    if (!shown.length) cardsBox.appendChild(el("p", { cls: "empty", text: "No quotation matches the filters." }));
    renderMore();
    var others = renderOthers(state);
    document.getElementById("count").textContent = shown.length + " of " + DATA.quotations.length + " quotations \u00b7 " + others + " other findings";
    document.body.setAttribute("data-filter-ms", String(Math.round(performance.now() - started)));
    document.body.setAttribute("data-query", state.query);
  }

  // ---- wiring ----
  Object.keys(DATA.rules).sort().forEach(function (code) {
    filters.rule.appendChild(el("option", { value: code, text: code + " " + DATA.rules[code].name }));
  });
  DATA.manuscripts.forEach(function (path, index) { filters.manuscript.appendChild(el("option", { value: String(index), text: path })); });
  ["rule", "severity", "manuscript", "status"].forEach(function (name) { filters[name].addEventListener("change", apply); });
  var timer = null;
  filters.search.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(apply, 120); });
  document.getElementById("f-reset").addEventListener("click", function () {
    ["rule", "severity", "manuscript", "status", "search"].forEach(function (name) { filters[name].value = ""; });
    apply();
  });
  moreButton.addEventListener("click", renderMore);
  if ("IntersectionObserver" in window) {
    new IntersectionObserver(function (entries) {
      if (entries[0].isIntersecting && rendered < shown.length) renderMore();
    }, { rootMargin: "800px" }).observe(document.getElementById("sentinel"));
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-focus]") : null;
    if (!link) return;
    var target = document.getElementById(link.getAttribute("data-focus"));
    if (target) { event.preventDefault(); target.scrollIntoView({ block: "center" }); target.focus({ preventScroll: true }); }
  });
  document.addEventListener("keydown", function (event) {
    var typing = /^(INPUT|SELECT|TEXTAREA)$/.test(event.target.tagName);
    if (event.key === "Escape" && event.target === filters.search) { filters.search.blur(); return; }
    if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "/") { event.preventDefault(); filters.search.focus(); return; }
    if (event.key !== "j" && event.key !== "k") return;
    var cards = Array.prototype.slice.call(document.querySelectorAll("article.card"));
    var current = cards.indexOf(document.activeElement.closest ? document.activeElement.closest("article.card") : null);
    var next = event.key === "j" ? current + 1 : Math.max(current - 1, 0);
    if (event.key === "j" && next >= cards.length && rendered < shown.length) { renderMore(); cards = Array.prototype.slice.call(document.querySelectorAll("article.card")); }
    if (cards[next]) { event.preventDefault(); cards[next].focus(); cards[next].scrollIntoView({ block: "nearest" }); }
  });
  apply();
  document.body.setAttribute("data-ready", "true");
})();
