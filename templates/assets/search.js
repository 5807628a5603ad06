/* Site search. Results are text nodes, never parsed HTML. */
(() => {
  const input = document.getElementById("q"), form = input?.form;
  if (!form) return;
  // The site root: right at any depth, on file:// and on 404.html
  const root = new URL("..", document.currentScript.src).href;
  let records, simple = {}, traditional, loading, pending, composing, typed, results = [], active = -1, rested = {};

  const set = (node, attributes) => {
    for (const name in attributes) node.setAttribute(name, attributes[name]);
    return node;
  };
  const make = (tag, attributes, text) => {
    const node = set(document.createElement(tag), attributes);
    if (text) node.textContent = text;
    return node;
  };
  const panel = form.appendChild(make("div", { class: "search-panel", hidden: "" }));
  const status = panel.appendChild(make("p", { class: "search-status", role: "status" }));
  const list = panel.appendChild(make("div", { id: "search-results", role: "listbox", "aria-label": "搜索结果" }));
  set(input, { role: "combobox", "aria-autocomplete": "list", "aria-controls": list.id, "aria-expanded": false });

  // One character for one, so positions stay valid
  const fold = (text) => text.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, " ").replace(/[A-Z]/g, (c) => c.toLowerCase());

  // Constants match squashed, after the words that qualify them in code; statusdocs/search.py has the same rules
  const squash = (text) => text.toLowerCase().replace(/[^a-z0-9]/g, "");
  const rests = (key) => {
    const out = [key];
    for (let m; (m = /^(response|http|status|code)/.exec(key));) out.push(key = key.slice(m[0].length));
    return out;
  };

  // One edit apart: a letter missing, extra, wrong, or two swapped
  const near = (a, b, i = 0) => {
    while (a[i] === b[i]) i++;
    const same = (x, y) => a.slice(i + x) === b.slice(i + y);
    return same(1, 0) || same(0, 1) || same(1, 1) || a[i + 1] + a[i] + a.slice(i + 2) === b.slice(i);
  };

  // As statusdocs/search.py packs it; Traditional forms fold to Simplified, longest first
  const prepare = ({ classes, codes, traditional: [chars, pairs] }) => {
    for (const [, a, b] of (pairs + " " + chars.replace(/./g, "$& ")).matchAll(/(\S+) (\S+)/g)) simple[a] = b;
    traditional = RegExp(Object.keys(simple).join("|") || "$^", "g");
    const headings = {};
    return classes.map(([label, heading, name]) => (headings[label[0]] = heading + " · ", {
      url: root + "classes/" + label + "/index.html", order: label[0] * 100 - 1, code: "", cls: label,
      phrase: heading, headingF: fold(heading), note: name, noteF: fold(name),
    })).concat(codes.map(([code, phrase, vendors, text, headers, names, words]) => {
      const wordsF = fold(words).split("、"), phraseF = fold(phrase);
      return { url: root + "codes/" + code + "/index.html", order: code, code: "" + code, cls: (code + "")[0] + "xx",
        phrase, phraseF, headingF: fold((headings[code / 100 | 0] || "") + vendors), note: text, noteF: fold(text),
        keys: [squash(phrase), ...names.split(" ")], headers: headers.split(" "), headersF: " " + fold(headers),
        words: words.split("、"), wordsF, en: phraseF.split(" ") };
    }));
  };

  // A word's tier in a record, lower is better
  const rank = (r, w) => {
    if (r.code === w) return 0;
    if (r.code && /^\d\d?$/.test(w) && r.code.startsWith(w)) return 1;
    if (/^[1-5]xx$/.test(w)) return r.cls === w ? 2 : -1;
    const phrase = r.phraseF || r.noteF, at = phrase.indexOf(w);
    if (at >= 0) return phrase === w ? 3 : at ? 3.2 : 3.1;
    if (r.headingF.includes(w)) return 4;
    if (r.keys) {
      // A search word: equal, else holding it; earlier in its row first
      const i = r.wordsF.indexOf(w), j = r.wordsF.findIndex((k) => k.includes(w));
      if (j >= 0) return i < 0 ? 4.3 + j / 1e3 : 4.2 + i / 1e3;
      const q = rested[w] ??= rests(squash(w));
      if (q.some((s) => s && r.keys.some((k) => k === s || s.length > 3 && k.startsWith(s)))) return 4.5;
      if (r.headersF.includes(" " + w)) return 4.6;
      if (/^[a-z]{5,}$/.test(w) && r.en.some((k) => near(w, k))) return 4.8;
    }
    const found = r.phraseF ? r.noteF.indexOf(w) : -1;
    return found < 0 ? -1 : 5 + found / 1e4;
  };

  const search = (words) => {
    const scored = [];
    for (const r of records) {
      const tiers = words.map((w) => rank(r, w)).filter((t) => t >= 0);
      if (tiers.length) scored.push({ r, n: tiers.length, sum: tiers.reduce((a, b) => a + b) });
    }
    const all = scored.filter((s) => s.n === words.length);
    return (all.length ? all : scored)
      .sort((a, b) => b.n - a.n || a.sum - b.sum || a.r.order - b.r.order).map((s) => s.r);
  };

  const mark = (parent, text, folded, words) => {
    const hit = Array(text.length).fill(0);
    for (const w of words) {
      for (let at = folded.indexOf(w); at >= 0; at = folded.indexOf(w, at + 1)) hit.fill(1, at, at + w.length);
    }
    for (let start = 0, end; start < text.length; start = end) {
      for (end = start + 1; end < text.length && hit[end] === hit[start];) end++;
      parent.append(hit[start] ? make("mark", {}, text.slice(start, end)) : text.slice(start, end));
    }
    return parent;
  };

  const render = (words) => {
    list.replaceChildren(...results.map((r, i) => {
      const option = make("a", { class: "c" + r.cls[0], id: "search-result-" + i,
        href: r.url, tabindex: -1, role: "option", "aria-selected": !i });
      mark(option.appendChild(make("span", { class: "num" })), r.code || r.cls, r.code || r.cls, words);
      option.append(" ");
      const phrase = mark(option.appendChild(make("span")), r.phrase, r.phraseF || r.headingF, words);
      // Show the word, correction, constant or field that matched, else a passage
      const tiers = words.map((w) => rank(r, w)), t = tiers.find((t) => t > 4 && t < 5), w = words[tiers.indexOf(t)];
      const why = t < 4.5 ? r.words[Math.round(t * 1e3) % 100] : t > 4.7 && r.en.find((k) => near(w, k));
      const hit = !t ? "" : why ? why + " → " + r.code + " " + r.phrase
        : t < 4.6 ? "常量 " + typed[w] : "头字段 " + r.headers.find((h) => fold(h).startsWith(w));
      const first = Math.min(...words.filter((w, i) => tiers[i] >= 5).map((w) => r.noteF.indexOf(w)));
      const start = first > 24 && first < 1e9 ? first - 12 : 0;
      const cut = (text) => hit || (start ? "…" : "") + text.slice(start, start + 100);
      const note = mark(option.appendChild(make("span", { class: "search-note" })), cut(r.note), fold(cut(r.note)), words);
      (r.code ? phrase : note).lang = "en";
      return option;
    }));
  };

  const select = (index, scroll) => {
    active = index;
    list.querySelector("[aria-selected=true]")?.setAttribute("aria-selected", false);
    const option = !panel.hidden && list.children[index];
    if (!option) return input.removeAttribute("aria-activedescendant");
    option.setAttribute("aria-selected", true);
    if (scroll) option.scrollIntoView({ block: "nearest" });  // it forces a layout
    input.setAttribute("aria-activedescendant", option.id);
  };

  const show = (open) => {
    panel.hidden = !open;
    list.hidden = !results.length;
    input.setAttribute("aria-expanded", open && !!results.length);
    select(active);
  };

  const update = () => {
    if (!records) return load();
    if (panel.scrollTop) panel.scrollTop = 0;  // before the list changes: after, it forces a layout
    const folded = fold(input.value).replace(traditional, (c) => simple[c]).split(/\s+/), raw = input.value.split(/\s+/);
    const words = [...new Set(folded.filter(Boolean))];
    typed = {};
    folded.forEach((w, i) => { typed[w] ??= raw[i]; });
    results = words.length ? search(words) : [];
    render(words);
    const partial = results.length && !words.every((w) => rank(results[0], w) >= 0);
    status.textContent = results.length ? (partial ? "部分匹配：" : "") + results.length + " 个结果" : "没有结果";
    active = results.length ? 0 : -1;
    show(words.length > 0 && document.activeElement === input);
  };

  const load = () => {
    if (loading) return;
    loading = true;
    const script = document.head.appendChild(make("script", { src: root + "search-index.js" }));
    script.onload = () => {
      records = prepare(window.STATUSDOCS_SEARCH);
      update();
      if (pending) open();
    };
    script.onerror = () => { loading = false; status.textContent = "无法载入搜索数据"; panel.hidden = false; };
  };

  const open = () => {
    pending = !records;
    if (pending) return load();
    if (results[active] && input.value.trim()) location.href = results[active].url;
  };

  input.addEventListener("focus", update);
  // Keys and text belong to an input method until it commits; compositionend may not come
  input.addEventListener("input", (e) => (composing = e.isComposing) || update());
  input.addEventListener("compositionstart", () => { composing = true; });
  input.addEventListener("compositionend", () => { composing = false; update(); });
  input.addEventListener("keydown", (e) => {
    if (composing || e.isComposing || e.keyCode === 229) return;
    const step = { ArrowDown: 1, ArrowUp: -1 }[e.key], count = results.length;
    if (step || e.key === "Enter" || e.key === "Escape" && !panel.hidden) e.preventDefault();
    if (step && panel.hidden) update();
    else if (step && count) select((active + step + count) % count, 1);
    else if (e.key === "Enter") open();
    else if (e.key === "Escape") show(false);
  });
  form.addEventListener("submit", (e) => { e.preventDefault(); composing || open(); });
  document.addEventListener("keydown", (e) => {
    const t = e.target, key = (e.key || "").toLowerCase(), ctrl = e.ctrlKey || e.metaKey;
    if (e.isComposing || e.defaultPrevented) return;
    const typing = t.isContentEditable || /^(input|textarea|select)$/i.test(t.tagName);
    if (key === "/" && !ctrl && !e.altKey && !typing || key === "k" && ctrl && (!typing || t === input)) {
      e.preventDefault();
      input.focus();
      input.select();
    }
  });
  form.addEventListener("focusout", (e) => form.contains(e.relatedTarget) || show(false));

  const query = new URLSearchParams(location.search).get("q");
  if (query) {
    input.value = query;
    input.focus();
  }
})();
