/* Gương sáng: the search page at tim-kiem/. One engine for served sites and file:// copies: the index in
 * tim-kiem/chi-muc/ (generator/searchindex.py writes it), every file a script calling GSIndex.<part>(…),
 * loaded by <script> tags as the query needs it.
 * Query and filters live in the address (?q=…&loai=…&tinh=…&linh-vuc=…&nam=…&cap-hoc=…), so a search can be shared.
 * Words are matched without accents (đ counts as d), in any case and Unicode form; the last word also
 * matches the words it begins while the reader types. A word found in many records is matched with its
 * neighbour as a syllable pair ("thi loan"). Results holding the accented words exactly as typed come
 * first, then by the fields the words are in. Record text is shown with textContent only, never as HTML.
 * The search element's data-state: loading, idle, searching, done or failed.
 */
(function () {
  "use strict";

  var page = document.querySelector("[data-gs-search]");
  if (!page) return;
  if (window.performance && performance.mark) performance.mark("gs-search-start");  // for benchmarks
  var config = JSON.parse(document.getElementById("gs-search-config").textContent);
  var TEXT = config.text;
  var FACETS = ["loai", "tinh", "linh-vuc", "nam", "cap-hoc"];
  var PAGE_SIZE = config.pageSize || 20;
  var PREFIX_WORDS = 12;  // a word being typed matches at most this many words it begins, the most frequent
  var siteRoot = new URL(page.getAttribute("data-root"), location.href);
  // A copy opened from files (or a ZIM) names index.html in its links: result links do the same.
  var indexPages = /\/index\.html$/.test(location.pathname);
  var form = page.querySelector("form");
  var input = form.elements.q;
  var statusLine = page.querySelector(".gs-search__status");
  var suggestion = page.querySelector(".gs-search__suggestion");
  var list = page.querySelector(".gs-results");
  var moreButton = page.querySelector(".gs-more");
  var labels = {};
  FACETS.forEach(function (facet) {
    labels[facet] = {};
    config.facets[facet].forEach(function (pair) { labels[facet][pair[0]] = pair[1]; });
  });

  // -- Vietnamese text: the same folding and word splitting as generator/text.py -------------------
  function fold(text) {  // fold_diacritics
    return text.normalize("NFD").replace(/\p{M}/gu, "").replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFC");
  }
  function words(text) {  // search_words
    return text.normalize("NFC").toLowerCase().match(/[\p{L}\p{N}]+/gu) || [];
  }
  window.GSFold = { fold: fold, words: words };  // for the test that compares them with Python's

  // -- the index's files ------------------------------------------------------------------------------
  var base = new URL("chi-muc/", location.href).href;
  var loaded = {};
  var store = { chunks: {}, bits: {}, forms: {}, cards: {}, facets: null, words: null, manifest: null };
  window.GSIndex = {
    manifest: function (m) { if (!store.manifest) { store.manifest = m; start(); } },
    terms: function (name, t) { store.chunks[name] = t; },
    bits: function (n, tiers, forms) { store.bits[n] = tiers; store.forms[n] = forms; },
    cards: function (n, c) { store.cards[n] = c; },
    facets: function (f) { store.facets = f; },
    words: function (w) { store.words = w; }
  };
  function load(path) {
    if (!loaded[path]) {
      loaded[path] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = base + path;
        script.onload = resolve;
        script.onerror = function () { delete loaded[path]; reject(new Error(path)); };
        document.head.appendChild(script);
      });
    }
    return loaded[path];
  }

  var M = null;  // the manifest
  function chunksOf(key) { return key.indexOf(" ") >= 0 ? M.pairChunks : M.chunks; }  // words' or pairs'
  function chunkAt(key) {  // the chunk whose first key is the last one not after `key`
    var chunks = chunksOf(key), lo = 0, hi = chunks.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (chunks[mid][0] <= key) lo = mid; else hi = mid - 1;
    }
    return chunks[lo];
  }
  // The entries of every key from `from` up to (not including) `to`, in order, loading their chunks.
  function keyRange(from, to) {
    var chunks = chunksOf(from), first = chunks.indexOf(chunkAt(from)), last = chunks.indexOf(chunkAt(to));
    var names = [];
    for (var i = first; i <= last && i >= 0; i++) names.push(chunks[i][1]);
    return Promise.all(names.map(function (n) { return load("t/" + n + ".js"); })).then(function () {
      var out = [];
      names.forEach(function (n) {
        var chunk = store.chunks[n];
        Object.keys(chunk).forEach(function (k) { if (k >= from && k < to) out.push([k, chunk[k]]); });
      });
      return out;
    });
  }
  function lookup(key) {
    var chunk = chunkAt(key);
    if (!chunk) return Promise.resolve([]);
    return load("t/" + chunk[1] + ".js").then(function () {
      var entry = store.chunks[chunk[1]][key];
      return entry === undefined ? [] : [[key, entry]];
    });
  }
  function gaps(text, visit) {
    var number = 0;
    text.split(",").forEach(function (gap) { number += parseInt(gap, 36); visit(number); });
  }
  function bitsOf(text) {
    var raw = atob(text), bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }
  function has(bytes, n) { return (bytes[n >> 3] >> (n & 7)) & 1; }

  // -- terms: what one key (or the keys a word being typed begins) matches ---------------------------
  // A part is one key's entry. A short one decodes to record -> [weight, exact]; a long one is a summary
  // (count, first page per form, facet counts) until its bitsets are loaded.
  // `exact(form)` says which of the query's words the form holds exactly as typed, as a bit mask.
  // A word being typed matches the words it begins at half the score of the word itself (`whole`).
  function Term(parts, exact, whole) {
    this.parts = parts;
    this.exact = exact;
    this.whole = whole;
    this.n = parts.reduce(function (s, p) { return s + (Array.isArray(p[1]) ? countShort(p[1]) : p[1].n); }, 0);
    this.short = parts.every(function (p) { return Array.isArray(p[1]); });
  }
  function countShort(forms) {
    var seen = new Set();
    forms.forEach(function (f) { for (var i = 1; i < f.length; i++) gaps(f[i][1], function (n) { seen.add(n); }); });
    return seen.size;
  }
  Term.prototype.ready = function () {  // load the bitsets of its long parts
    var self = this;
    return Promise.all(this.parts.filter(function (p) { return !Array.isArray(p[1]); }).map(function (p) {
      return load("b/" + p[1].b + ".js");
    })).then(function () { return self; });
  };
  Term.prototype.decode = function () {  // record -> [score, exact mask], for its short parts
    if (this.map) return this.map;
    var map = new Map(), exact = this.exact, whole = this.whole;
    this.parts.forEach(function (p) {
      if (!Array.isArray(p[1])) return;
      var factor = p[0] === whole ? 1 : 0.5;
      p[1].forEach(function (f) {
        var mask = exact(f[0]);
        for (var i = 1; i < f.length; i++) {
          var score = f[i][0] * f[i][0] * factor;
          gaps(f[i][1], function (n) {
            var seen = map.get(n);
            if (!seen) map.set(n, [score, mask]);
            else { if (score > seen[0]) seen[0] = score; seen[1] |= mask; }
          });
        }
      });
    });
    this.map = map;
    this.long = this.parts.filter(function (p) { return !Array.isArray(p[1]); }).map(function (p) {
      var factor = p[0] === whole ? 1 : 0.5;
      return store.bits[p[1].b].map(function (t) { return [t[0] * t[0] * factor, bitsOf(t[1])]; });
    });
    this.longForms = [];  // [exact mask, records holding the form (null: every record)] of long parts' forms
    this.parts.forEach(function (p) {
      if (Array.isArray(p[1])) return;
      store.forms[p[1].b].forEach(function (f) {
        var mask = exact(f[0]);
        if (mask) this.longForms.push([mask, f[1] ? bitsOf(f[1]) : null]);
      }, this);
    }, this);
    return map;
  };
  Term.prototype.score = function (n) {  // [score, exact mask] of record n, or null
    var found = this.decode().get(n);
    var best = found ? found[0] : 0;
    this.long.forEach(function (tiers) {
      for (var i = 0; i < tiers.length; i++) {
        if (has(tiers[i][1], n)) { if (tiers[i][0] > best) best = tiers[i][0]; break; }
      }
    });
    if (!best) return null;
    var mask = found ? found[1] : 0;
    this.longForms.forEach(function (f) { if (!f[1] || has(f[1], n)) mask |= f[0]; });
    return [best, mask];
  };
  Term.prototype.has = function (n) {  // whether it holds record n
    if (this.decode().has(n)) return true;
    if (this.anyLong === undefined) {
      var bytes = null;
      this.long.forEach(function (tiers) {
        tiers.forEach(function (t) {
          if (!bytes) bytes = new Uint8Array(t[1].length);
          for (var i = 0; i < bytes.length; i++) bytes[i] |= t[1][i];
        });
      });
      this.anyLong = bytes;
    }
    return this.anyLong ? has(this.anyLong, n) === 1 : false;
  };
  Term.prototype.candidates = function () {  // its records, when it has no long part
    return Array.from(this.decode().keys());
  };
  Term.prototype.any = function () {  // a bitset of its records
    this.decode();
    var bytes = new Uint8Array((M.records + 7) >> 3);
    this.long.forEach(function (tiers) {
      tiers.forEach(function (t) { for (var i = 0; i < bytes.length; i++) bytes[i] |= t[1][i]; });
    });
    this.map.forEach(function (_, n) { bytes[n >> 3] |= 1 << (n & 7); });
    return bytes;
  };

  // -- queries ------------------------------------------------------------------------------------------
  // The query's words; the last is a prefix while the reader is still typing it (no space after it).
  function parseQuery(text) {
    var typed = words(text);
    var prefix = typed.length > 0 && !/[\s]$/.test(text);
    return typed.map(function (word, i) {
      var folded = fold(word);
      return { typed: word, folded: folded, accented: folded !== word, prefix: prefix && i === typed.length - 1 };
    });
  }
  function exactFor(query, first, count) {  // the exact mask of a form covering query[first…first+count-1]
    return function (form) {
      var parts = form.split(" "), mask = 0;
      for (var i = 0; i < count; i++) {
        var q = query[first + i];
        if (!q.accented || parts[i] === undefined) continue;
        if (first + i > 30) continue;  // a mask of 31 words: words after those rank by their fields alone
        if (q.prefix ? parts[i].lastIndexOf(q.typed, 0) === 0 : parts[i] === q.typed) mask |= 1 << (first + i);
      }
      return mask;
    };
  }
  function prefixParts(entries) {  // the most frequent words a prefix begins
    return entries.map(function (e) { return [e, Array.isArray(e[1]) ? countShort(e[1]) : e[1].n]; })
      .sort(function (a, b) { return b[1] - a[1] || (a[0][0] < b[0][0] ? -1 : 1); })
      .slice(0, PREFIX_WORDS).map(function (x) { return x[0]; });
  }
  // A key and the longer ones it begins (from `from` on), unless the key itself is in many records: a
  // common word typed whole is looked for as it is, and the words it begins once more letters are typed.
  function withLonger(key, from) {
    return lookup(key).then(function (itself) {
      if (itself.length && !Array.isArray(itself[0][1])) return itself;
      return keyRange(from, key + "\uffff").then(function (longer) { return prefixParts(itself.concat(longer)); });
    });
  }
  function singleTerm(query, i) {
    var q = query[i];
    // The word itself, and the longer words it begins: keys hold letters, digits and spaces, so those
    // start at word + "0".
    var found = q.prefix && q.folded.length > 1 ? withLonger(q.folded, q.folded + "0") : lookup(q.folded);
    return found.then(function (parts) { return new Term(parts, exactFor(query, i, 1), q.folded); });
  }
  function pairTerm(query, i) {
    var key = query[i].folded + " " + query[i + 1].folded;
    var found = query[i + 1].prefix ? withLonger(key, key + "0") : lookup(key);
    return found.then(function (parts) { return new Term(parts, exactFor(query, i, 2), key); });
  }
  // The terms that answer the query: each word on its own where its list is short; a word found in
  // many records with a neighbour, as the pair of syllables they make, where that pair is in the index.
  // A one-letter word being typed is only looked for after the word before it ("nguyen hung d").
  // Each pair is looked up beside the words, not after them: which pairs are needed is known only once the
  // words' lists are, and waiting for that would add a round of loads to every query of common words.
  function plan(query) {
    var pairs = query.slice(1).map(function (_, i) { return pairTerm(query, i); });
    pairs.forEach(function (p) { p.catch(function () {}); });  // one that is not needed may fail unseen
    return Promise.all(query.map(function (_, i) { return singleTerm(query, i); })).then(function (singles) {
      var last = query.length - 1;
      var pairOnly = last > 0 && query[last].prefix && query[last].folded.length < 2;
      if (pairOnly) singles[last].n = Infinity;
      var wanted = {};
      singles.forEach(function (t, i) {
        if (t.n <= M.long) return;
        if (i > 0) wanted[i - 1] = true;
        if (i < query.length - 1) wanted[i] = true;
      });
      var starts = Object.keys(wanted).map(Number);
      return Promise.all(starts.map(function (i) { return pairs[i]; })).then(function (found) {
        var pairAt = {};
        starts.forEach(function (i, k) { if (found[k].n > 0) pairAt[i] = found[k]; });
        var chosen = [];
        singles.forEach(function (t, i) {
          var best = t;
          if (t.n > M.long) {
            [pairAt[i - 1], pairAt[i]].forEach(function (p) { if (p && p.n <= best.n) best = p; });
          }
          if (chosen.indexOf(best) < 0) chosen.push(best);
        });
        if (pairOnly && chosen.indexOf(singles[last]) >= 0) return [new Term([], null, "")];  // nothing to pair with
        return chosen;
      });
    });
  }

  // -- facets -----------------------------------------------------------------------------------------
  // Each facet's column as the file has it, [width, separated, text] (values of `width` base-36 digits,
  // records comma-separated where they may have several values or none), read in place: decoding 100,000
  // records into arrays would cost more than a query.
  var columns = null;
  var DIGIT = {};
  "0123456789abcdefghijklmnopqrstuvwxyz".split("").forEach(function (c, i) { DIGIT[c.charCodeAt(0)] = i; });
  function facetColumns() {
    if (columns) return Promise.resolve(columns);
    return load("facets.js").then(function () {
      if (columns) return columns;
      var out = {};
      FACETS.forEach(function (f) {
        var width = store.facets[f][0], text = store.facets[f][2], starts = null;
        if (store.facets[f][1]) {  // where each record's values start, and one past the last record's
          starts = new Int32Array(M.records + 1);
          for (var i = 0, n = 1; i < text.length; i++) if (text.charCodeAt(i) === 44) starts[n++] = i + 1;
          starts[M.records] = text.length + 1;
        }
        out[f] = { width: width, text: text, starts: starts };
      });
      columns = out;
      return columns;
    });
  }
  function eachValue(f, n, visit) {  // visit(position) for each of record n's values of facet f
    var c = columns[f], text = c.text, width = c.width;
    var from = c.starts ? c.starts[n] : n * width, to = c.starts ? c.starts[n + 1] - 1 : from + width;
    for (var i = from; i + width <= to; i += width) {
      visit(width === 1 ? DIGIT[text.charCodeAt(i)] : DIGIT[text.charCodeAt(i)] * 36 + DIGIT[text.charCodeAt(i + 1)]);
    }
  }
  function passes(f, n, at) {
    var c = columns[f];
    if (!c.starts && c.width === 1) return DIGIT[c.text.charCodeAt(n)] === at;
    var found = false;
    eachValue(f, n, function (v) { if (v === at) found = true; });
    return found;
  }
  var position = {};
  function wantedValues(filters) {  // facet -> position of the chosen value
    var wanted = {};
    Object.keys(filters).forEach(function (f) {
      var at = position[f][filters[f]];
      wanted[f] = at === undefined ? -2 : at;
    });
    return wanted;
  }
  // Each facet's counts as choosing its values would find: with the other facets' filters applied, not its own.
  function countAll(numbers, wanted) {
    var counts = {};  // by value position, then named
    FACETS.forEach(function (f) { counts[f] = new Int32Array(M.values[f].length); });
    var active = FACETS.filter(function (f) { return wanted[f] !== undefined; });
    numbers.forEach(function (n) {
      var failed = null, fails = 0;
      for (var a = 0; a < active.length; a++) {
        if (!passes(active[a], n, wanted[active[a]])) { failed = active[a]; if (++fails > 1) return; }
      }
      FACETS.forEach(function (f) {
        if (fails === 1 && failed !== f) return;
        var column = counts[f], c = columns[f];
        if (!c.starts && c.width === 1) column[DIGIT[c.text.charCodeAt(n)]]++;
        else eachValue(f, n, function (v) { column[v]++; });
      });
    });
    return named(counts);
  }
  function countCards(numbers) {  // the facet counts of a few records, from their cards (each has its facets)
    return cardsOf(numbers).then(function (cards) {
      var counts = {};
      FACETS.forEach(function (f, i) {
        counts[f] = new Int32Array(M.values[f].length);
        cards.forEach(function (c) { c.facets[i].forEach(function (v) { counts[f][v]++; }); });
      });
      return named(counts);
    });
  }
  function named(positional) {  // counts by value position -> counts by value
    var counts = {};
    FACETS.forEach(function (f) {
      counts[f] = {};
      (positional[f] || []).forEach(function (c, i) { if (c) counts[f][M.values[f][i]] = c; });
    });
    return counts;
  }

  // -- search -----------------------------------------------------------------------------------------
  function cardsOf(numbers) {
    var files = {};
    numbers.forEach(function (n) { files[Math.floor(n / M.cardsPerFile)] = true; });
    return Promise.all(Object.keys(files).map(function (f) { return load("d/" + f + ".js"); })).then(function () {
      return numbers.map(function (n) {
        var d = store.cards[Math.floor(n / M.cardsPerFile)][n % M.cardsPerFile];
        return { url: new URL(d[0] + (indexPages ? "index.html" : ""), siteRoot).href, name: d[1], kind: d[2],
          place: d[3], summary: d[4], year: d[5], facets: d[6] };
      });
    });
  }
  function answer(hits, counts) {
    return {
      total: hits.length, counts: counts,
      load: function (start, end) { return cardsOf(hits.slice(start, end)); }
    };
  }
  function popcount(mask) { var c = 0; while (mask) { c += mask & 1; mask >>>= 1; } return c; }

  function search(query, filters) {
    var wanted = wantedValues(filters);
    var filtered = Object.keys(filters).length > 0;
    if (filtered) facetColumns();  // such a query will need them: load them meanwhile
    if (!query.length) {
      return facetColumns().then(function () {
        var everyone = [];
        for (var n = 0; n < M.records; n++) everyone.push(n);
        var counts = countAll(everyone, wanted);
        return answer(everyone.filter(function (n) { return keep(n, wanted); }), counts);
      });
    }
    return plan(query).then(function (terms) {
      if (terms.some(function (t) { return t.n === 0; })) return answer([], named({}));
      var only = terms.length === 1 && terms[0].parts.length === 1 && !terms[0].short ? terms[0].parts[0][1] : null;
      if (only && !filtered) return firstPage(only, terms[0], query);
      return Promise.all(terms.map(function (t) { return t.ready(); })).then(function () {
        // Filters need the facets before ranking; without, the first page loads while they are counted.
        return filtered ? facetColumns().then(function () { return matching(terms, wanted); }) : matching(terms, wanted);
      });
    });
  }
  function keep(n, wanted) {
    return FACETS.every(function (f) { return wanted[f] === undefined || passes(f, n, wanted[f]); });
  }
  // All the records every term matches, ranked, and the facets counted over them.
  function matching(terms, wanted) {
    terms.sort(function (a, b) { return (b.short - a.short) || (a.n - b.n); });
    var first = terms[0], numbers = [];
    if (first.short) {  // the shortest list's records that every other term holds
      var others = terms.slice(1);
      first.candidates().sort(function (a, b) { return a - b; }).forEach(function (n) {
        for (var t = 0; t < others.length; t++) if (!others[t].has(n)) return;
        numbers.push(n);
      });
    } else {  // every term has a long part: the records all their bitsets hold
      var all = first.any();
      for (var t = 1; t < terms.length; t++) {
        var other = terms[t].any();
        for (var i = 0; i < all.length; i++) all[i] &= other[i];
      }
      for (var at = 0; at < all.length; at++) {
        if (!all[at]) continue;
        for (var bit = 0; bit < 8; bit++) if ((all[at] >> bit) & 1) numbers.push(at * 8 + bit);
      }
    }
    // Unfiltered (else the columns are here), a page of results or less is counted from its own cards.
    var counts = columns ? countAll(numbers, wanted) : numbers.length <= PAGE_SIZE ? countCards(numbers)
      : facetColumns().then(function () { return countAll(numbers, wanted); });
    var kept = Object.keys(wanted).length ? numbers.filter(function (n) { return keep(n, wanted); }) : numbers;
    var hits = kept.map(function (n) {  // scored only once filtered
      var score = 0, exact = 0;
      for (var t = 0; t < terms.length; t++) {
        var s = terms[t].score(n);
        score += s[0];
        exact |= s[1];
      }
      return [n, popcount(exact), score];
    });
    hits.sort(function (a, b) { return (b[1] - a[1]) || (b[2] - a[2]) || (a[0] - b[0]); });
    return answer(hits.map(function (h) { return h[0]; }), counts);
  }
  // One long list and no filter: its count, facet counts and first page come with its summary; the rest
  // of the list loads only for the next pages.
  function firstPage(summary, term, query) {
    var typed = query.length === 1 ? query[0].typed : query[0].typed + " " + query[1].typed;
    var top = (query.some(function (q) { return q.accented; }) && summary.top[typed]) || summary.top[""];
    var rest = null;
    return Promise.resolve({
      total: summary.n, counts: named(summary.c),
      load: function (start, end) {
        if (end <= top.length || top.length >= summary.n) return cardsOf(top.slice(start, end));
        if (!rest) rest = term.ready().then(function () { return allNumbers(term, top); });
        return rest.then(function (numbers) { return cardsOf(numbers.slice(start, end)); });
      }
    });
  }
  function allNumbers(term, top) {  // the first page as precomputed, then the others in rank order
    var inTop = new Set(top), hits = [];
    var any = term.any();
    for (var n = 0; n < M.records; n++) {
      if (has(any, n) && !inTop.has(n)) hits.push([n, term.score(n)]);
    }
    hits.sort(function (a, b) { return (b[1][1] - a[1][1]) || (b[1][0] - a[1][0]) || (a[0] - b[0]); });
    return top.concat(hits.map(function (h) { return h[0]; }));
  }

  // -- "Có phải bạn muốn tìm…": the nearest words of the index's own dictionary ----------------------
  var dictionary = null;
  function loadDictionary() {
    if (dictionary) return Promise.resolve(dictionary);
    return load("words.js").then(function () {
      dictionary = new Map();
      store.words.forEach(function (w) { dictionary.set(w[0], w); });
      return dictionary;
    });
  }
  var LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789";
  var TWO_EDITS_LONGEST = 10;
  function edits(word) {  // every word one deletion, transposition, replacement or insertion away
    var out = [];
    for (var i = 0; i <= word.length; i++) {
      var head = word.slice(0, i), tail = word.slice(i);
      if (tail) out.push(head + tail.slice(1));
      if (tail.length > 1) out.push(head + tail[1] + tail[0] + tail.slice(2));
      for (var c = 0; c < LETTERS.length; c++) {
        if (tail) out.push(head + LETTERS[c] + tail.slice(1));
        out.push(head + LETTERS[c] + tail);
      }
    }
    return out;
  }
  function mostFrequent(candidates) {
    var best = null;
    candidates.forEach(function (c) {
      var w = dictionary.get(c);
      if (w && (!best || w[1] > best[1])) best = w;
    });
    return best;
  }
  function split(word) {  // a run-together word as dictionary words, the fewest pieces (then most frequent)
    var best = [[0, 0, null]];  // per position: [pieces, frequency, previous split]
    for (var end = 1; end <= word.length; end++) {
      best[end] = null;
      for (var start = Math.max(0, end - 8); start < end; start++) {
        var w = dictionary.get(word.slice(start, end));
        if (!best[start] || !w || (end - start < 2 && word.length > 2)) continue;
        var option = [best[start][0] + 1, best[start][1] + w[1], [start, w]];
        if (!best[end] || option[0] < best[end][0] || (option[0] === best[end][0] && option[1] > best[end][1])) {
          best[end] = option;
        }
      }
    }
    if (!best[word.length] || best[word.length][0] < 2) return null;
    var pieces = [];
    for (var at = word.length; at > 0; at = best[at][2][0]) pieces.unshift(best[at][2][1]);
    return pieces;
  }
  function correct(word) {  // the dictionary's words for a query word, or null
    if (dictionary.has(word.folded)) return [word.accented ? word.typed : dictionary.get(word.folded)[2]];
    var pieces = split(word.folded);
    if (pieces) return pieces.map(function (w) { return w[2]; });
    var near = mostFrequent(edits(word.folded));
    // Two edits away only for a word of a syllable's length or so: the candidates grow as its square.
    if (!near && word.folded.length > 4 && word.folded.length <= TWO_EDITS_LONGEST) {
      var seen = new Set();
      edits(word.folded).forEach(function (e) { edits(e).forEach(function (f) { seen.add(f); }); });
      near = mostFrequent(Array.from(seen));
    }
    return near ? [near[2]] : null;
  }
  function suggest(query, filters) {  // a query the index has results for, or null
    return loadDictionary().then(function () {
      var changed = false, out = [];
      for (var i = 0; i < query.length; i++) {
        var q = query[i];
        var fixed = correct(q);
        if (!fixed) { if (q.prefix) { out.push(q.typed); continue; } return null; }
        if (fixed.length !== 1 || fixed[0] !== q.typed) changed = true;
        out = out.concat(fixed);
      }
      if (!changed) return null;
      var text = out.join(" ");
      return search(parseQuery(text + " "), filters).then(function (found) { return found.total ? text : null; });
    });
  }

  // -- the page --------------------------------------------------------------------------------------
  function matches(query, folded) {
    return query.some(function (q) {
      return folded === q.folded || (q.prefix && folded.lastIndexOf(q.folded, 0) === 0);
    });
  }
  function highlighted(text, query) {
    var fragment = document.createDocumentFragment();
    var at = 0;
    var pattern = /[\p{L}\p{N}]+/gu;
    var found;
    while ((found = pattern.exec(text)) !== null) {
      if (!matches(query, fold(found[0].normalize("NFC").toLowerCase()))) continue;
      fragment.appendChild(document.createTextNode(text.slice(at, found.index)));
      var mark = document.createElement("mark");
      mark.textContent = found[0];
      fragment.appendChild(mark);
      at = found.index + found[0].length;
    }
    fragment.appendChild(document.createTextNode(text.slice(at)));
    return fragment;
  }
  function element(tag, className, child) {
    var node = document.createElement(tag);
    node.className = className;
    if (child) node.appendChild(child);
    return node;
  }
  function card(result, query) {
    var item = element("li", "gs-result gs-result--" + result.kind);
    var link = element("a", "", highlighted(result.name, query));
    link.href = result.url;
    item.appendChild(element("h2", "gs-result__name", link));
    var about = [labels.loai[result.kind] || "", result.place, String(result.year || "")].filter(Boolean).join(" · ");
    item.appendChild(element("p", "gs-result__meta", highlighted(about, query)));
    item.appendChild(element("p", "gs-result__summary", highlighted(result.summary || "", query)));
    return item;
  }
  function say(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  function readState() {
    var params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    FACETS.forEach(function (f) { form.elements[f].value = params.get(f) || ""; });
  }
  function currentFilters() {
    var filters = {};
    FACETS.forEach(function (f) { if (form.elements[f].value) filters[f] = form.elements[f].value; });
    return filters;
  }
  function addressOf(q, filters) {
    var params = new URLSearchParams();
    if (q) params.set("q", q);
    FACETS.forEach(function (f) { if (filters[f]) params.set(f, filters[f]); });
    var query = params.toString();
    return query ? "?" + query : location.pathname;
  }
  function writeState() {
    try {
      // A space after the last word says it is finished (not a prefix): the address keeps one.
      var q = input.value.replace(/^\s+/, "").replace(/\s+$/, " ");
      history.replaceState(null, "", addressOf(q, currentFilters()));
    } catch (err) { /* some browsers refuse to change a file:// address; the search still works */ }
  }
  function showCounts(counts) {
    FACETS.forEach(function (f) {
      Array.prototype.forEach.call(form.elements[f].options, function (option) {
        if (!option.value) return;
        var n = (counts[f] && counts[f][option.value]) || 0;
        option.textContent = labels[f][option.value] + " (" + n + ")";
        option.disabled = n === 0 && !option.selected;
      });
    });
  }
  function showSuggestion(text, filters) {
    suggestion.textContent = "";
    if (!text) { suggestion.hidden = true; return; }
    var link = document.createElement("a");
    link.href = addressOf(text, filters);
    link.textContent = text;
    link.addEventListener("click", function (event) {
      event.preventDefault();
      input.value = text;
      run();
    });
    suggestion.appendChild(document.createTextNode(TEXT.suggest + " "));
    suggestion.appendChild(link);
    suggestion.appendChild(document.createTextNode("?"));
    suggestion.hidden = false;
  }

  var sequence = 0;
  var current = null;
  var shown = 0;

  function showMore(query, mine) {
    var start = shown;
    return current.load(start, start + PAGE_SIZE).then(function (cards) {
      if (mine !== sequence) return;
      if (start === 0) list.textContent = "";
      cards.forEach(function (c) { list.appendChild(card(c, query)); });
      shown = start + cards.length;
      moreButton.hidden = shown >= current.total;
    });
  }

  function run() {
    var mine = ++sequence;
    var query = parseQuery(input.value);
    var filters = currentFilters();
    writeState();
    showSuggestion(null);
    if (!query.length && !Object.keys(filters).length) {
      list.textContent = "";
      moreButton.hidden = true;
      showCounts(named(M.totals));
      statusLine.textContent = TEXT.prompt;
      page.setAttribute("data-state", "idle");
      return Promise.resolve();
    }
    page.setAttribute("data-state", "searching");
    return search(query, filters).then(function (found) {
      if (mine !== sequence) return;
      current = found;
      shown = 0;
      // The counts may still be coming (the facets file): the first page does not wait for them.
      var counted = Promise.resolve(found.counts).then(function (counts) { if (mine === sequence) showCounts(counts); });
      var q = input.value.trim();
      var shownOrSuggested;
      if (found.total) {
        statusLine.textContent = q ? say(TEXT.found, { n: found.total.toLocaleString("vi-VN"), q: q })
          : say(TEXT.foundFiltered, { n: found.total.toLocaleString("vi-VN") });
        shownOrSuggested = showMore(query, mine);
      } else {
        list.textContent = "";
        moreButton.hidden = true;
        statusLine.textContent = q ? say(TEXT.none, { q: q }) : TEXT.noneFiltered;
        shownOrSuggested = q ? suggest(query, filters).then(function (text) {
          if (mine === sequence) showSuggestion(text, filters);
        }) : null;
      }
      return Promise.all([counted, shownOrSuggested]).then(function () {
        if (mine === sequence) page.setAttribute("data-state", "done");
      });
    }).catch(function (err) {
      if (mine !== sequence) return;
      statusLine.textContent = TEXT.failed;
      page.setAttribute("data-state", "failed");
      if (window.console) console.error(err);
    });
  }

  var timer = 0;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 120);
  });
  FACETS.forEach(function (f) { form.elements[f].addEventListener("change", run); });
  form.addEventListener("submit", function (event) { event.preventDefault(); clearTimeout(timer); run(); });
  form.addEventListener("reset", function () { setTimeout(run, 0); });
  moreButton.addEventListener("click", function () { showMore(parseQuery(input.value), sequence); });

  readState();
  statusLine.textContent = TEXT.loading;
  page.setAttribute("data-state", "loading");
  // The page loads the manifest with a script of its own right after this one, so that it is here before the
  // theme's scripts run; were that one missing, it is loaded once the page is parsed.
  function start() {
    M = store.manifest;
    FACETS.forEach(function (f) {
      position[f] = {};
      M.values[f].forEach(function (value, i) { position[f][value] = i; });
    });
    run();
  }
  document.addEventListener("DOMContentLoaded", function () {
    if (store.manifest) return;
    load("index.js").catch(function (err) {
      statusLine.textContent = TEXT.failed;
      page.setAttribute("data-state", "failed");
      if (window.console) console.error(err);
    });
  });
})();
