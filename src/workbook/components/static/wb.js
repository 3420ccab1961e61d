/* workbook components: static-site behaviour (no kernel, no network).

   Two parts. The first is pure (no DOM, no storage of its own): grading (WB.grade), number
   reading (WB.parseNumber), the one Markdown escape for learner text (WB.mdEscape, the mirror of
   workbook.markup.md_escape) and the notes a reader downloads. Node loads that part with
   require() and the tests compare it with the Python side. The second part wires pages: it
   reads answers from the DOM, shows what WB.grade returns and saves to localStorage.

   Course text arrives already escaped and rendered by Python; learner text is only ever set
   with textContent, and goes into downloaded Markdown only through WB.mdEscape. */
(function () {
  "use strict";
  var WB = {};
  /* feedback for a right answer that already says so (grading.py keeps the same pattern) */
  var AFFIRMS = /^(<p>)?(correct|right|yes|exactly)\b/i;
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  /* ---------------------------------------------------------------- numbers */
  var SP = /[\s\u00a0\u202f\u2009']/, GROUPED = /^\d{1,3}(?:[,.]\d{3})+$/;
  function parseNumber(text, unit) {
    var raw = String(text == null ? "" : text);
    var fail = { msg: "I could not read \u2018" + raw.trim() + "\u2019 as a number. Type digits, for " +
      "example 12.5 or 12,5" + (unit ? " (the unit " + unit + " is optional)" : "") + "." };
    var s = raw.trim().replace(/[\u2212\u2013]/g, "-");
    if (!s) return { msg: "Type a number first." };
    var u = (unit || "").trim().toLowerCase();
    if (u) {
      var low = s.toLowerCase();
      if (low.slice(-u.length) === u) s = s.slice(0, -u.length).trim();
      else if (low.slice(0, u.length) === u) s = s.slice(u.length).trim();
    }
    var m = /^([-+]?)\s*[£$€]?\s*([-+]?)([0-9][0-9.,\s\u00a0\u202f\u2009']*)(.*)$/.exec(s);
    if (!m) return fail;
    var neg = (m[1] + m[2]).indexOf("-") >= 0, body = m[3].trim(), rest = m[4].trim();
    if (rest && !/^[%‰°]?\s*\p{L}*(?:[\s\/.]\p{L}+)*\.?$/u.test(rest)) return fail;
    body = body.replace(/[.,]+$/, "");
    if (SP.test(body)) {
      var g = body.split(SP);
      if (!/^\d{1,3}$/.test(g[0]) ||
          !g.slice(1).every(function (x) { return /^\d{3}(?:[.,]\d+)?$/.test(x); })) {
        return { msg: "\u2018" + raw.trim() + "\u2019 looks like more than one number. Type one " +
          "number, for example 1234.5." };
      }
      body = g.join("");
    }
    var hc = body.indexOf(",") >= 0, hd = body.indexOf(".") >= 0;
    if (hc && hd) {
      var dec = body.lastIndexOf(",") > body.lastIndexOf(".") ? "," : ".";
      var th = dec === "," ? "." : ",", at = body.lastIndexOf(dec);
      var whole = body.slice(0, at), frac = body.slice(at + 1);
      if (!(GROUPED.test(whole.split(th).join(",")) || /^\d+$/.test(whole))) return fail;
      body = whole.split(th).join("") + "." + frac;
    } else if (hc) {
      if (body.split(",").length > 2 || GROUPED.test(body)) {
        if (!GROUPED.test(body)) return fail;
        body = body.replace(/,/g, "");
      } else { body = body.replace(",", "."); }
    } else if (body.split(".").length > 2) {
      if (!GROUPED.test(body)) return fail;
      body = body.replace(/\./g, "");
    }
    if (!/^\d+(?:\.\d*)?$/.test(body)) return fail;
    var v = parseFloat(body);
    return { value: neg ? -v : v };
  }

  /* ---------------------------------------------------------------- grading */
  /* WB.grade(item, answer): item is the entry the page carries for a quiz item
     (components/quiz.py: static_item_data); answer is the option index (single, or null),
     an array of option indices (multiple), the text typed (numeric) or the entries' keys in
     the learner's order (ordering). Returns { answered, correct, score, head, answer, blocks }:
     head is plain text, blocks are {html} (course HTML from Python) or {list: [{label, note,
     html}]}, answer is the answer as text for the learner's notes. */
  function grade(item, answer) {
    var r = { answered: true, correct: false, score: 0, head: "", answer: "", blocks: [] };
    function add(html) { if (html) r.blocks.push({ html: html }); }
    if (item.type === "single" || item.type === "multiple") {
      var chosen = item.type === "single" ? (answer == null ? [] : [answer]) : (answer || []);
      chosen = chosen.filter(function (i, k) { return chosen.indexOf(i) === k; });
      if (!chosen.length) {
        r.answered = false;
        r.head = item.type === "single" ? "Choose an option first." :
          "Choose at least one option first.";
        return r;
      }
      chosen.sort(function (a, b) { return a - b; });
      r.answer = chosen.map(function (i) { return item.options[i].text; }).join("; ");
      if (item.type === "single") {
        var o = item.options[chosen[0]];
        r.correct = o.correct;
        if (!(o.correct && AFFIRMS.test(o.feedback))) r.head = o.correct ? "Correct." : "Not quite.";
        add(o.feedback);
      } else {
        var nCorrect = 0, nRight = 0, rows = [];
        item.options.forEach(function (o, i) {
          var picked = chosen.indexOf(i) >= 0;
          if (o.correct) nCorrect++;
          if (picked && o.correct) nRight++;
          if (!picked && !o.correct) return;
          rows.push({ label: o.text, html: o.feedback, note: picked ? (o.correct ?
            " (right to choose): " : " (should not be chosen): ") :
            " (missed; this one is correct): " });
        });
        r.correct = nRight === nCorrect && nRight === chosen.length;
        r.head = r.correct ? "Correct: you chose all the right options and only those." :
          "Not quite: " + nRight + " of your " + plural(chosen.length, "choice") +
          (chosen.length === 1 ? " is" : " are") + " right, and there " +
          (nCorrect === 1 ? "is " : "are ") + plural(nCorrect, "correct option") + ".";
        r.blocks.push({ list: rows });
      }
      add(item.explanation);
    } else if (item.type === "numeric") {
      var p = parseNumber(answer, item.unit);
      if (p.value === undefined) { r.answered = false; r.head = p.msg; return r; }
      r.answer = String(answer).trim();
      var slack = item.tolerance + 1e-9 * Math.max(1, Math.abs(item.answer));
      if (Math.abs(p.value - item.answer) <= slack) {
        r.correct = true;
        if (!AFFIRMS.test(item.feedback.correct)) r.head = "Correct.";
        add(item.feedback.correct);
      } else if (p.value < item.answer) { r.head = "Too low."; add(item.feedback.too_low); }
      else { r.head = "Too high."; add(item.feedback.too_high); }
      add(item.explanation);
    } else if (item.type === "ordering") {
      var keys = answer || [];
      var inPlace = keys.filter(function (k, pos) { return k === pos; }).length;
      r.answer = keys.map(function (k) { return item.sequence[k]; }).join(" > ");
      r.correct = inPlace === keys.length;
      if (r.correct) {
        r.head = "Correct: all " + keys.length + " are in the right place.";
        add(item.feedback.correct); add(item.explanation);
      } else {
        r.head = "Not yet: " + inPlace + " of " + keys.length + " are in the right place.";
        add(item.feedback.incorrect);
      }
      r.score = keys.length ? inPlace / keys.length : 0;
      return r;
    }
    r.score = r.correct ? 1 : 0;
    return r;
  }

  /* ---------------------------------------------------------------- Markdown */
  /* The mirror of workbook.markup.md_escape: same characters, same rules, same output. */
  var MD_CHARS = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\\": "\\\\", "`": "\\`",
    "*": "\\*", "_": "\\_", "[": "\\[", "]": "\\]", "~": "\\~", "|": "\\|", "$": "\\$",
    "@": "\\@", "/": "\\/", ".": "\\." };
  var MD_INLINE = /[&<>\\`*_\[\]~|$@]|\/(?=\/)|\.(?=[A-Za-z]|[^\x00-\x7f])/gu;
  var MD_LINE_START = /^([ \t]*)(?:([#+=-])|([0-9]+)([.)]))/;
  function mdEscape(text, inline) {
    return String(text == null ? "" : text).split(/\r\n|\r|\n/).map(function (line) {
      line = line.replace(MD_INLINE, function (c) { return MD_CHARS[c]; });
      line = line.replace(MD_LINE_START, function (m, sp, mark, digits, punct) {
        return mark ? sp + "\\" + mark : sp + digits + "\\" + punct;
      });
      if (/^[ \t]/.test(line) && /[^ \t]/.test(line)) {
        line = (line[0] === " " ? "&#32;" : "&#9;") + line.slice(1);
      }
      return line;
    }).join(inline ? " " : "\n");
  }

  /* ---------------------------------------------------------------- notes */
  var P = "workbook:v1:";
  function now() { return new Date().toISOString(); }
  /* the learner's work kept in a Storage (localStorage on a page), as the JSON document
     `workbook journal import` reads */
  function isEntry(e) { return !!e && typeof e === "object"; }  /* storage may be tampered */
  function collectNotes(storage) {
    function get(k) {
      try { var v = storage.getItem(P + k); return v === null ? null : JSON.parse(v); }
      catch (e) { return null; }
    }
    var out = { format: "workbook-notes", version: 1, exported_at: now().replace(/\.\d+Z$/, "Z"),
      source: "static-site", reflections: [], completed_steps: [], quiz_attempts: [] };
    var keys = [];
    for (var i = 0; i < storage.length; i++) {
      var k = storage.key(i);
      if (k && k.indexOf(P) === 0) keys.push(k.slice(P.length));
    }
    keys.sort();
    keys.forEach(function (k) {
      var v = get(k), rest;
      if (k.indexOf("reflection:") === 0 && Array.isArray(v)) {
        rest = k.slice(11);
        v.filter(isEntry).forEach(function (e) {
          out.reflections.push({ prompt_id: rest, text: String(e.text), saved_at: e.saved_at });
        });
      } else if (k.indexOf("complete:") === 0 && v && v.complete) {
        out.completed_steps.push({ step_id: k.slice(9), completed_at: v.at });
      } else if (k.indexOf("attempt:") === 0 && Array.isArray(v)) {
        rest = k.slice(8);
        var cut = rest.lastIndexOf(":");
        v.filter(isEntry).forEach(function (e) {
          out.quiz_attempts.push({ quiz_id: rest.slice(0, cut), item_id: rest.slice(cut + 1),
            answer: e.answer, correct: !!e.correct, answered_at: e.at });
        });
      }
    });
    return out;
  }
  /* the notes as Markdown; every value from storage (and every title) goes through mdEscape,
     so a reflection, an answer or a crafted id never becomes a tag or a link */
  function notesMarkdown(n, titles) {
    titles = titles || {};
    function esc(s) { return mdEscape(s, true); }
    var md = ["# My workbook notes", "", "Downloaded " + esc(n.exported_at) +
      " from the workbook's website.", "", "## Reflections", ""];
    var latest = {};
    n.reflections.forEach(function (r) { latest[r.prompt_id] = r; });
    var ids = Object.keys(latest);
    if (!ids.length) md.push("None saved yet.", "");
    ids.forEach(function (id) {
      var count = n.reflections.filter(function (r) { return r.prompt_id === id; }).length;
      var title = Object.prototype.hasOwnProperty.call(titles, id) ? titles[id] : id;
      md.push("### " + esc(title) + " (" + esc(id) + ")", "",
        "_Saved " + esc(latest[id].saved_at) + "; " + plural(count, "version") + " kept_", "",
        mdEscape(latest[id].text), "");
    });
    md.push("## Completed steps", "");
    if (!n.completed_steps.length) md.push("None yet.");
    n.completed_steps.forEach(function (s) {
      md.push("- " + esc(s.step_id) + " (" + esc(s.completed_at) + ")");
    });
    md.push("", "## Quiz attempts", "");
    if (!n.quiz_attempts.length) md.push("None yet.");
    n.quiz_attempts.forEach(function (a) {
      md.push("- " + esc(a.quiz_id) + " " + esc(a.item_id) + ": " + esc(a.answer) + " (" +
        (a.correct ? "correct" : "not correct") + ", " + esc(a.answered_at) + ")");
    });
    return md.join("\n") + "\n";
  }

  WB.grade = grade;
  WB.parseNumber = parseNumber;
  WB.mdEscape = mdEscape;
  WB.collectNotes = collectNotes;
  WB.notesMarkdown = notesMarkdown;
  if (typeof module === "object" && module && module.exports) module.exports = WB;
  if (typeof document === "undefined") return;

  /* ================================================================ page wiring */
  if (window.__wbWorkbook) { window.__wbWorkbook.init(); return; }
  function load(key, dflt) {
    try { var v = localStorage.getItem(P + key); return v === null ? dflt : JSON.parse(v); }
    catch (e) { return dflt; }
  }
  function store(key, value) {
    try { localStorage.setItem(P + key, JSON.stringify(value)); return true; }
    catch (e) { return false; }
  }
  function list(key) { var l = load(key, []); return Array.isArray(l) ? l : []; }
  function push(key, entry) { var l = list(key); l.push(entry); return store(key, l) ? l : null; }
  function one(root, sel) { return root.querySelector(sel); }
  function all(root, sel) { return Array.prototype.slice.call(root.querySelectorAll(sel)); }
  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text !== undefined) n.textContent = text;
    return n;
  }
  /* only for HTML that Python rendered from course Markdown after escaping it */
  function courseHTML(tag, html) { var n = el(tag); n.innerHTML = html || ""; return n; }
  function data(root) {
    var s = one(root, "script.wb-data");
    try { return JSON.parse(s.textContent); } catch (e) { return {}; }
  }
  function when(iso) {
    var d = new Date(iso);
    return isNaN(d) ? String(iso) : d.toLocaleString(undefined,
      { dateStyle: "medium", timeStyle: "short" });
  }

  /* ---------------------------------------------------------------- quiz */
  function answerOf(fs, item) {
    if (item.type === "single" || item.type === "multiple") {
      var chosen = all(fs, "input:checked").map(function (i) { return +i.value; });
      return item.type === "single" ? (chosen.length ? chosen[0] : null) : chosen;
    }
    if (item.type === "numeric") return one(fs, "input.wb-number").value;
    return all(fs, "li[data-wb-key]").map(function (li) { return +li.getAttribute("data-wb-key"); });
  }
  function feedbackNodes(r) {
    var nodes = [];
    if (r.head) nodes.push(el("p", "wb-fb-head", r.head));
    r.blocks.forEach(function (b) {
      if (b.html !== undefined) { nodes.push(courseHTML("div", b.html)); return; }
      var ul = el("ul", "wb-fb-list");
      b.list.forEach(function (row) {
        var li = el("li");
        li.appendChild(el("em", "", row.label));
        li.appendChild(document.createTextNode(row.note));
        li.appendChild(courseHTML("div", row.html));
        ul.appendChild(li);
      });
      nodes.push(ul);
    });
    return nodes;
  }
  function wireOrdering(fs) {
    all(fs, "ol.wb-order").forEach(function (ol) {
      ol.addEventListener("click", function (ev) {
        var b = ev.target.closest && ev.target.closest("button");
        if (!b || !ol.contains(b)) return;
        var li = b.closest("li"), up = b.classList.contains("wb-up");
        var other = up ? li.previousElementSibling : li.nextElementSibling;
        if (!other) return;
        if (up) ol.insertBefore(li, other); else ol.insertBefore(other, li);
        b.focus();
      });
    });
  }
  function initQuiz(root) {
    var d = data(root), items = d.items || {}, results = {}, total = Object.keys(items).length;
    var score = one(root, ".wb-score");
    function updateScore() {
      var ids = Object.keys(results), ok = ids.filter(function (k) { return results[k]; });
      score.textContent = ok.length + " of " + total + " correct (" + ids.length + " answered).";
    }
    all(root, "fieldset.wb-item").forEach(function (fs) {
      var id = fs.getAttribute("data-wb-item"), item = items[id];
      if (!item) return;
      if (item.type === "ordering") wireOrdering(fs);
      one(fs, ".wb-check").addEventListener("click", function () {
        var r = grade(item, answerOf(fs, item)), box = one(fs, ".wb-feedback");
        var div = el("div", "wb-fb " + (!r.answered ? "wb-hint" :
          (r.correct ? "wb-correct" : "wb-incorrect")));
        feedbackNodes(r).forEach(function (n) { div.appendChild(n); });
        box.textContent = "";
        box.appendChild(div);
        if (!r.answered) return;
        results[id] = r.correct;
        push("attempt:" + d.quiz_id + ":" + id, { answer: r.answer, correct: r.correct, at: now() });
        updateScore();
      });
    });
  }

  /* ---------------------------------------------------------------- reflection */
  function initReflection(root) {
    var id = root.getAttribute("data-wb-id"), ta = one(root, "textarea");
    var status = one(root, ".wb-status"), key = "reflection:" + id, hist = list(key);
    function show(verb, h) {
      status.textContent = verb + " " + when(h[h.length - 1].saved_at) + " (" +
        plural(h.length, "version") + " kept in this browser).";
    }
    if (hist.length) { ta.value = hist[hist.length - 1].text; show("Last saved", hist); }
    one(root, ".wb-save").addEventListener("click", function () {
      if (!ta.value.trim()) { status.textContent = "Write something before saving."; return; }
      var h = push(key, { text: ta.value, saved_at: now() });
      if (h) show("Saved", h);
      else status.textContent = "Not saved: this browser does not allow storage for this page. " +
        "Copy your text somewhere safe.";
    });
  }

  /* ---------------------------------------------------------------- complete */
  function initComplete(root) {
    var b = one(root, ".wb-complete-button"), status = one(root, ".wb-status");
    var key = "complete:" + b.getAttribute("data-wb-step");
    function draw(done) {
      b.setAttribute("aria-pressed", done ? "true" : "false");
      b.textContent = done ? "Completed \u2713" : "Mark as complete";
    }
    var s = load(key, null);
    draw(!!(s && s.complete));
    b.addEventListener("click", function () {
      var done = b.getAttribute("aria-pressed") !== "true";
      if (!store(key, { complete: done, at: now() })) {
        status.textContent = "Not saved: this browser does not allow storage for this page.";
        return;
      }
      draw(done);
      status.textContent = done ? "Marked as complete in this browser." : "Marked as not complete.";
    });
  }

  /* ---------------------------------------------------------------- transcript */
  function initTranscript(root) {
    var input = one(root, "input.wb-search"), status = one(root, ".wb-status");
    var segs = all(root, "li.wb-segment").map(function (li) {
      var span = one(li, ".wb-text");
      return { li: li, span: span, text: span.textContent };
    });
    input.addEventListener("input", function () {
      var q = input.value.trim(), shown = 0;
      var re = q ? new RegExp(q.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "gi") : null;
      segs.forEach(function (s) {
        s.span.textContent = "";
        if (!re) { s.span.textContent = s.text; s.li.hidden = false; shown++; return; }
        var last = 0, hit = false, m;
        re.lastIndex = 0;
        while ((m = re.exec(s.text)) !== null) {
          hit = true;
          s.span.appendChild(document.createTextNode(s.text.slice(last, m.index)));
          s.span.appendChild(el("mark", "", m[0]));
          last = m.index + m[0].length;
        }
        s.span.appendChild(document.createTextNode(s.text.slice(last)));
        s.li.hidden = !hit;
        if (hit) shown++;
      });
      status.textContent = q ? shown + " of " + segs.length + " segments match \u201c" + q +
        "\u201d." : "";
    });
  }

  /* ---------------------------------------------------------------- progress */
  var SVG = "http://www.w3.org/2000/svg";
  function svg(tag, attrs, text) {
    var n = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { n.setAttribute(k, attrs[k]); });
    if (text !== undefined) n.textContent = text;
    return n;
  }
  function completedSteps() {
    var done = {};
    for (var i = 0; i < localStorage.length; i++) {
      var k = localStorage.key(i);
      if (k && k.indexOf(P + "complete:") === 0) {
        var v = load(k.slice(P.length), null);
        if (v && v.complete) done[k.slice((P + "complete:").length)] = v.at || "";
      }
    }
    return done;
  }
  function initProgress(root) {
    var weeks = data(root).weeks || [], done = {};
    try { done = completedSteps(); } catch (e) { done = {}; }
    var lines = [], chart = one(root, ".wb-chart"), rowH = 26;
    var box = svg("svg", { viewBox: "0 0 420 " + (weeks.length * rowH + 8), width: "100%",
      role: "img", "class": "wb-svg" });
    weeks.forEach(function (w, i) {
      var n = 0, total = 0, left = 0;
      w.steps.forEach(function (s) {
        total += s.minutes;
        if (done[s.id] !== undefined) n++; else left += s.minutes;
      });
      var line = "Week " + w.week + ": " + n + " of " + w.steps.length + " steps done, about " +
        left + " minutes left.";
      lines.push(line);
      var sec = one(root, '.wb-week[data-wb-week="' + w.week + '"]');
      if (sec) {
        one(sec, ".wb-week-summary").textContent = line;
        all(sec, "li[data-wb-step]").forEach(function (li) {
          var isDone = done[li.getAttribute("data-wb-step")] !== undefined;
          li.classList.toggle("wb-done", isDone);
          one(li, ".wb-step-state").textContent = isDone ? "Done" : "Not done";
        });
      }
      var pct = total ? Math.round(100 * (total - left) / total) : 0, y = 4 + i * rowH;
      box.appendChild(svg("text", { x: 0, y: y + 15, "class": "wb-svg-label" }, "Week " + w.week));
      box.appendChild(svg("rect", { x: 62, y: y, width: 280, height: 18, "class": "wb-svg-track" }));
      box.appendChild(svg("rect", { x: 62, y: y, width: 2.8 * pct, height: 18, "class": "wb-svg-bar" }));
      box.appendChild(svg("text", { x: 348, y: y + 15, "class": "wb-svg-label" }, pct + "%"));
    });
    box.insertBefore(svg("title", {}, "Share of each week done. " + lines.join(" ")), box.firstChild);
    box.setAttribute("aria-label", "Share of each week done. " + lines.join(" "));
    if (chart && weeks.length) {
      chart.textContent = "";
      chart.appendChild(box);
      chart.removeAttribute("aria-hidden");
    }
  }

  /* ---------------------------------------------------------------- notes */
  function pageTitles() {
    var titles = {};
    all(document, ".wb-reflection[data-wb-title]").forEach(function (r) {
      titles[r.getAttribute("data-wb-id")] = r.getAttribute("data-wb-title");
    });
    return titles;
  }
  function offerNotes(button) {
    var place = button.parentNode.querySelector(".wb-downloads");
    if (!place) { place = el("span", "wb-downloads"); button.parentNode.appendChild(place); }
    all(place, "a").forEach(function (a) { URL.revokeObjectURL(a.href); });
    place.textContent = "";
    var notes = collectNotes(localStorage), files = [
      ["my-workbook-notes.md", notesMarkdown(notes, pageTitles()), "text/markdown"],
      ["my-workbook-notes.json", JSON.stringify(notes, null, 2), "application/json"]];
    var links = [];
    place.appendChild(document.createTextNode(" Your notes: "));
    files.forEach(function (f, i) {
      var a = el("a", "wb-download", f[0]);
      a.href = URL.createObjectURL(new Blob([f[1]], { type: f[2] + ";charset=utf-8" }));
      a.setAttribute("download", f[0]);
      if (i) place.appendChild(document.createTextNode(" and "));
      place.appendChild(a);
      links.push(a);
    });
    links[1].click(); /* start the JSON (the file `workbook journal import` reads); both stay offered */
  }

  /* ---------------------------------------------------------------- start */
  var KINDS = [["wb-quiz", initQuiz], ["wb-reflection", initReflection],
    ["wb-complete", initComplete], ["wb-transcript", initTranscript], ["wb-progress", initProgress]];
  function init() {
    all(document, ".wb-component").forEach(function (root) {
      if (root.getAttribute("data-wb-ready")) return;
      root.setAttribute("data-wb-ready", "1");
      KINDS.forEach(function (k) {
        if (!root.classList.contains(k[0])) return;
        try { k[1](root); } catch (e) { if (window.console) console.error("workbook:", e); }
      });
      all(root, ".wb-download-notes").forEach(function (b) {
        b.addEventListener("click", function () { offerNotes(b); });
      });
    });
  }
  window.__wbWorkbook = { init: init, WB: WB };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
