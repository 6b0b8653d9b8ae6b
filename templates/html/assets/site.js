/* guidegen site script: the 大字版 switch and the search box. No dependencies, no network:
 * the search index (assets/search-index.js, written by guidegen) is loaded as a script on
 * first use, which browsers also allow from file://, where fetch() is refused.
 * Without this script the site still works: the switch is a link to #dazi (site.css) and
 * the search box stays hidden. */
(function () {
  "use strict";
  var KEY = "guidegen-large";
  var MIN_CHARS = 2;
  var SHOWN = 30;
  var html = document.documentElement;

  function remembered() {
    try { return window.localStorage.getItem(KEY) === "1"; } catch (e) { return false; }
  }
  function remember(on) {
    try {
      if (on) { window.localStorage.setItem(KEY, "1"); } else { window.localStorage.removeItem(KEY); }
    } catch (e) { /* storage refused: the choice lasts for this page only */ }
  }

  // Before the first paint, so a page never flashes at the small size.
  html.classList.add("js");
  if (location.hash === "#dazi") { remember(true); }
  if (remembered()) { html.classList.add("large"); }

  function sizeSwitch() {
    var link = document.querySelector("a.size-switch");
    if (!link) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "size-switch";
    button.textContent = link.textContent;
    button.setAttribute("aria-pressed", String(html.classList.contains("large")));
    button.addEventListener("click", function () {
      var on = !html.classList.contains("large");
      html.classList.toggle("large", on);
      button.setAttribute("aria-pressed", String(on));
      remember(on);
    });
    link.parentNode.replaceChild(button, link);
  }

  // ---- search ----------------------------------------------------------------------

  var root = "";
  var loading = false;
  var waiting = [];

  function withIndex(callback) {
    if (window.GUIDEGEN_SEARCH) { callback(window.GUIDEGEN_SEARCH); return; }
    waiting.push(callback);
    if (loading) { return; }
    loading = true;
    var script = document.createElement("script");
    script.src = root + "assets/search-index.js";
    script.onload = function () {
      var index = window.GUIDEGEN_SEARCH;
      waiting.splice(0).forEach(function (cb) { cb(index); });
    };
    script.onerror = function () {
      loading = false;
      waiting = [];
      status("搜索暂时无法使用：找不到搜索索引文件。");
    };
    document.head.appendChild(script);
  }

  // One slot per character: "hj(zc)_" → ["h", "j", "zc", "_"].
  function slots(initials) {
    var out = [];
    for (var i = 0; i < initials.length; i++) {
      if (initials[i] === "(") {
        var end = initials.indexOf(")", i);
        out.push(initials.slice(i + 1, end));
        i = end;
      } else {
        out.push(initials[i]);
      }
    }
    return out;
  }

  // Field texts prepared once: lower case, initials slots, code-unit offset of each character.
  function prepared(field) {
    if (!field.lower) {
      field.lower = field[1].toLowerCase();
      field.slots = slots(field[2] || "");
      field.offsets = [0];
      Array.from(field[1]).forEach(function (ch, i) { field.offsets.push(field.offsets[i] + ch.length); });
    }
    return field;
  }

  // [start, end) in code units of `term` in the field's text, by characters or by initials.
  function find(field, term) {
    var at = field.lower.indexOf(term);
    if (at >= 0) { return [at, at + term.length, false]; }
    if (!/^[a-z0-9]+$/.test(term) || term.length < MIN_CHARS) { return null; }
    var s = field.slots;
    for (var i = 0; i + term.length <= s.length; i++) {
      var k = 0;
      while (k < term.length && s[i + k].indexOf(term[k]) >= 0) { k++; }
      if (k === term.length) { return [field.offsets[i], field.offsets[i + k], true]; }
    }
    return null;
  }

  // Every further occurrence of a term found by its characters, to highlight them all.
  function others(field, term, found) {
    var more = [];
    if (found[2]) { return more; }
    var at = field.lower.indexOf(term, found[1]);
    while (at >= 0) {
      more.push([at, at + term.length, false]);
      at = field.lower.indexOf(term, at + term.length);
    }
    return more;
  }

  function match(record, terms) {
    var fields = record[2];
    var hits = fields.map(function () { return []; });
    var score = 0;
    for (var t = 0; t < terms.length; t++) {
      var best = null;
      for (var f = 0; f < fields.length; f++) {
        var found = find(prepared(fields[f]), terms[t]);
        if (found) {
          hits[f].push.apply(hits[f], [found].concat(others(fields[f], terms[t], found)));
          var rank = (f === 0 ? (found[0] === 0 ? 0 : 1) : fields[f][0] === "a" ? 2 : 3) + (found[2] ? 0.5 : 0);
          best = best === null ? rank : Math.min(best, rank);
        }
      }
      if (best === null) { return null; }
      score += best;
    }
    return { record: record, hits: hits, score: score };
  }

  // The text with every hit wrapped in <mark>, built from text nodes (never as HTML).
  function marked(parent, text, ranges) {
    var pos = 0;
    ranges.slice().sort(function (a, b) { return a[0] - b[0]; }).forEach(function (r) {
      if (r[0] < pos) { return; }
      parent.appendChild(document.createTextNode(text.slice(pos, r[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(r[0], r[1]);
      parent.appendChild(mark);
      pos = r[1];
    });
    parent.appendChild(document.createTextNode(text.slice(pos)));
  }

  // Around the first hit of a long field: a window of text with ellipses.
  function snippet(text, ranges) {
    var first = ranges[0][0];
    var from = Math.max(0, first - 20);
    var to = Math.min(text.length, first + 40);
    var shifted = ranges.filter(function (r) { return r[0] >= from && r[1] <= to; })
      .map(function (r) { return [r[0] - from + (from ? 1 : 0), r[1] - from + (from ? 1 : 0)]; });
    return [(from ? "…" : "") + text.slice(from, to) + (to < text.length ? "…" : ""), shifted];
  }

  function status(text) {
    document.getElementById("search-status").textContent = text;
  }

  function render(index, results) {
    var list = document.getElementById("search-list");
    list.textContent = "";
    results.slice(0, SHOWN).forEach(function (result) {
      var record = result.record;
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = root + "items/" + encodeURIComponent(record[0]) + "/index.html";
      var name = document.createElement("span");
      marked(name, record[2][0][1], result.hits[0]);
      a.appendChild(name);
      var tag = document.createElement("span");
      tag.className = "tag " + (record[1] ? "tag-retained" : "tag-not-issued");
      tag.textContent = record[1] ? "保留" : "不应出具";
      a.appendChild(tag);
      li.appendChild(a);
      var other = result.hits.map(function (h, f) { return f; })
        .filter(function (f) { return f > 0 && result.hits[f].length; })[0];
      if (other !== undefined) {
        var field = record[2][other];
        var line = document.createElement("span");
        line.className = "search-field";
        var cut = snippet(field[1], result.hits[other]);
        line.appendChild(document.createTextNode((index.fields[field[0]] || "") + "："));
        marked(line, cut[0], cut[1]);
        li.appendChild(line);
      }
      list.appendChild(li);
    });
    var more = results.length > SHOWN ? "，先列出前 " + SHOWN + " 项，请输入更多字缩小范围" : "";
    status(results.length ? "找到 " + results.length + " 项证明事项" + more : "没有找到匹配的证明事项。可以换个说法，或查看下方全部清单。");
  }

  function search(query) {
    var q = query.normalize ? query.normalize("NFKC") : query;
    var terms = q.toLowerCase().split(/\s+/).filter(Boolean);
    if (Array.from(terms.join("")).length < MIN_CHARS) {
      document.getElementById("search-list").textContent = "";
      status(terms.length ? "请至少输入两个字" : "");
      return;
    }
    withIndex(function (index) {
      var results = [];
      index.items.forEach(function (record, order) {
        var found = match(record, terms);
        if (found) { found.order = order; results.push(found); }
      });
      results.sort(function (a, b) { return a.score - b.score || a.order - b.order; });
      render(index, results);
    });
  }

  function searchBox() {
    var box = document.querySelector(".search");
    var input = document.getElementById("search-input");
    if (!box || !input) { return; }
    root = document.body.getAttribute("data-root") || "";
    box.hidden = false;
    var composing = false;
    input.addEventListener("focus", function () { withIndex(function () {}); });
    input.addEventListener("compositionstart", function () { composing = true; });
    input.addEventListener("compositionend", function () { composing = false; search(input.value); });
    input.addEventListener("input", function () { if (!composing) { search(input.value); } });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { input.value = ""; search(""); }
    });
    input.form.addEventListener("submit", function (event) {
      event.preventDefault();
      var first = document.querySelector("#search-list a");
      if (first) { first.focus(); }
    });
    if (input.value) { search(input.value); }
  }

  // ---- tables ----------------------------------------------------------------------

  // Each cell learns its column's heading, so that a narrow screen can show the rows as
  // cards with labels (site.css); the index lists carry these labels already.
  function labelTables() {
    Array.prototype.forEach.call(document.querySelectorAll("main table:not(.list)"), function (table) {
      var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return th.textContent.trim();
      });
      if (!heads.length) { return; }
      Array.prototype.forEach.call(table.querySelectorAll("tbody tr"), function (row) {
        Array.prototype.forEach.call(row.children, function (cell, i) {
          if (heads[i]) { cell.setAttribute("data-label", heads[i]); }
        });
      });
      table.classList.add("cards");
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    sizeSwitch();
    searchBox();
    labelTables();
  });
}());
