/* Gương sáng: the search page at tim-kiem/. One interface, two engines:
 *  - Pagefind (served sites): its bundle at <site root>/pagefind/, loaded with import();
 *  - the offline index (file:// copies, or wherever Pagefind is missing): scripts in tim-kiem/chi-muc/.
 * Query and filters live in the address (?q=…&loai=…&tinh=…&linh-vuc=…&nam=…&cap-hoc=…), so a search can be shared.
 * Words are matched without accents (đ counts as d), in any case and Unicode form; results holding the
 * accented words exactly as typed come first. Record text is shown with textContent only, never as HTML.
 * The search element's data-state: loading, idle, searching, shown (results on screen, the counts of a
 * chosen facet's other values still coming), done or failed.
 */
(function () {
  "use strict";

  var page = document.querySelector("[data-gs-search]");
  if (!page) return;
  var config = JSON.parse(document.getElementById("gs-search-config").textContent);
  var TEXT = config.text;
  var FACETS = ["loai", "tinh", "linh-vuc", "nam", "cap-hoc"];
  var PAGE_SIZE = config.pageSize || 20;
  var siteRoot = new URL(page.getAttribute("data-root"), location.href);
  var form = page.querySelector("form");
  var input = form.elements.q;
  var statusLine = page.querySelector(".gs-search__status");
  var list = page.querySelector(".gs-results");
  var moreButton = page.querySelector(".gs-more");
  var labels = {};
  FACETS.forEach(function (facet) {
    labels[facet] = {};
    config.facets[facet].forEach(function (pair) { labels[facet][pair[0]] = pair[1]; });
  });

  // -- Vietnamese text: the same folding and word splitting as generator/search.py ------------------
  function fold(text) {
    return text.normalize("NFD").replace(/\p{M}/gu, "").replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFC");
  }
  function words(text) {
    return text.normalize("NFC").toLowerCase().match(/[\p{L}\p{N}]+/gu) || [];
  }
  // Every word also matches longer words it begins ("ki te" finds "kinh tế"), as Pagefind does; a
  // one-letter word only matches itself, or it would pull in a large part of the offline index.
  function parseQuery(text) {
    return words(text).map(function (word) {
      var folded = fold(word);
      return { typed: word, folded: folded, accented: folded !== word, prefix: folded.length > 1 };
    });
  }
  function matches(term, folded) {
    return folded === term.folded || (term.prefix && folded.lastIndexOf(term.folded, 0) === 0);
  }
  // How many of the query's accented words a text holds exactly as typed. A word typed without accents
  // prefers no form: Pagefind sees it in every record's folded copies too (search.py, extra_forms).
  function exactCount(terms, text) {
    var present = {};
    words(text).forEach(function (w) { present[w] = true; });
    return terms.filter(function (t) { return t.accented && present[t.typed]; }).length;
  }

  // -- engine 1: Pagefind --------------------------------------------------------------------------
  function pagefindQuery(terms) {  // Pagefind folds tones but not đ; the index holds the d forms
    return terms.map(function (t) { return t.typed.replace(/đ/g, "d"); }).join(" ");
  }
  function pagefindEngine() {
    var bundle = new URL("pagefind/pagefind.js", siteRoot).href;
    return import(bundle).then(function (pagefind) {
      return pagefind.options({ baseUrl: "/", excerptLength: 0 }).then(function () {
        // A shared address already holds the query: its index files load alongside the filters.
        var first = parseQuery(input.value);
        if (first.length) pagefind.preload(pagefindQuery(first)).catch(function () {});
        return pagefind.filters();
      })
        .then(function (totals) {
          return {
            name: "pagefind",
            totals: totals,
            // Starts loading the index files a query needs while the reader is still typing it.
            preload: function (terms) {
              if (terms.length) pagefind.preload(pagefindQuery(terms)).catch(function () {});
            },
            search: function (terms, filters) {
              var query = terms.length ? pagefindQuery(terms) : null;
              var options = { filters: filters };
              if (query === null) options.sort = { ten: "asc" };
              return pagefind.search(query, options).then(function (found) {
                // Pagefind counts each facet's values with every filter applied, its own included; a
                // reader choosing another value needs the counts without it. With one facet chosen that
                // is Pagefind's count with no filter (`totalFilters`); with more, each chosen facet costs
                // one more search, as slow as the first for a common word, so these run only once the
                // first results are on screen (`moreCounts`), one after another.
                var chosen = Object.keys(filters);
                var counts = {};
                Object.keys(found.filters).forEach(function (facet) {
                  if (filters[facet] === undefined) counts[facet] = found.filters[facet];
                });
                if (chosen.length === 1) counts[chosen[0]] = (found.totalFilters || {})[chosen[0]] || {};
                return {
                  total: found.results.length,
                  counts: counts,
                  moreCounts: chosen.length > 1 ? function () {
                    var more = {};
                    return chosen.reduce(function (previous, facet) {
                      return previous.then(function () {
                        var rest = Object.assign({}, filters);
                        delete rest[facet];
                        return pagefind.search(query, Object.assign({}, options, { filters: rest })).then(function (r) {
                          more[facet] = r.filters[facet] || {};
                        });
                      });
                    }, Promise.resolve()).then(function () { return more; });
                  } : null,
                  load: function (start, end) {
                    // The first page is also put in exact-accent order: Pagefind ranks exact accents
                    // higher but weighs them against other signals.
                    var slice = found.results.slice(start, end);
                    return Promise.all(slice.map(function (r) { return r.data(); })).then(function (data) {
                      var cards = data.map(function (d) {
                        return {
                          url: new URL(d.url.replace(/^\//, ""), siteRoot).href,
                          name: d.meta.name, kind: d.meta.kind, place: d.meta.place, year: d.meta.year,
                          summary: d.meta.summary, exact: exactCount(terms, d.content || "")
                        };
                      });
                      if (start === 0) {
                        cards = cards.map(function (c, i) { return [c, i]; }).sort(function (a, b) {
                          return (b[0].exact - a[0].exact) || (a[1] - b[1]);
                        }).map(function (pair) { return pair[0]; });
                      }
                      return cards;
                    });
                  }
                };
              });
            }
          };
        });
    });
  }

  // -- engine 2: the offline index (plain scripts, so it works from file://) -----------------------
  function offlineEngine() {
    var base = new URL("chi-muc/", location.href).href;
    var loaded = {};
    var meta = null;
    var terms_ = {};
    var docs = {};
    window.GSIndex = {
      meta: function (m) { meta = m; },
      terms: function (key, t) { terms_[key] = t; },
      docs: function (n, d) { docs[n] = d; }
    };
    function load(path) {
      if (!loaded[path]) {
        loaded[path] = new Promise(function (resolve, reject) {
          var script = document.createElement("script");
          script.src = base + path;
          script.onload = resolve;
          script.onerror = function () { reject(new Error(path)); };
          document.head.appendChild(script);
        });
      }
      return loaded[path];
    }
    function postingsOf(term) {
      // record number -> [weight, exact?] for the best form of this word in that record
      var keys = term.prefix && term.folded.length < meta.prefixLength
        ? meta.chunks.filter(function (k) { return k.lastIndexOf(term.folded, 0) === 0; })
        : meta.chunks.indexOf(term.folded.slice(0, meta.prefixLength)) >= 0 ? [term.folded.slice(0, meta.prefixLength)] : [];
      return Promise.all(keys.map(function (k) { return load(chunkFile(k)); })).then(function () {
        var best = new Map();
        keys.forEach(function (key) {
          var chunk = terms_[key];
          Object.keys(chunk).forEach(function (folded) {
            if (!matches(term, folded)) return;
            var whole = folded === term.folded;
            chunk[folded].forEach(function (entry) {
              var exact = whole && term.accented && entry[0] === term.typed;
              for (var i = 1; i < entry.length; i++) {
                var weight = entry[i][0];
                var score = weight * weight * (whole ? 1 : 0.5);
                var number = 0;
                entry[i][1].split(",").forEach(function (gap) {
                  number += parseInt(gap, 36);
                  var seen = best.get(number);
                  if (!seen) best.set(number, [score, exact]);
                  else { if (score > seen[0]) seen[0] = score; if (exact) seen[1] = true; }
                });
              }
            });
          });
        });
        return best;
      });
    }
    function chunkFile(key) {  // as chunk_file() in generator/search.py
      if (/^[a-z0-9]+$/.test(key)) return "t/" + key + ".js";
      return "t/u" + Array.from(key).map(function (c) { return c.codePointAt(0).toString(16); }).join("-") + ".js";
    }
    function facetValue(facet, number) { return meta.facets[facet][number]; }
    function passes(facet, number, wanted) {
      var value = facetValue(facet, number);
      return Array.isArray(value) ? value.indexOf(wanted) >= 0 : value === wanted;
    }
    return load("meta.js").then(function () {
      var position = {};
      FACETS.forEach(function (facet) {
        position[facet] = {};
        config.facets[facet].forEach(function (pair, i) { position[facet][pair[0]] = i; });
      });
      function countAll(numbers, filters) {
        var counts = {};
        FACETS.forEach(function (f) { counts[f] = {}; });
        var active = FACETS.filter(function (f) { return filters[f] !== undefined; });
        numbers.forEach(function (n) {
          var failed = active.filter(function (f) { return !passes(f, n, position[f][filters[f]]); });
          if (failed.length > 1) return;
          FACETS.forEach(function (f) {
            if (failed.length === 1 && failed[0] !== f) return;
            var value = facetValue(f, n);
            (Array.isArray(value) ? value : [value]).forEach(function (v) {
              if (v < 0 || !config.facets[f][v]) return;  // a value this page does not list
              var key = config.facets[f][v][0];
              counts[f][key] = (counts[f][key] || 0) + 1;
            });
          });
        });
        return counts;
      }
      var everyone = [];
      for (var i = 0; i < meta.records; i++) everyone.push(i);
      return {
        name: "offline",
        totals: countAll(everyone, {}),
        search: function (terms, filters) {
          var found = terms.length ? Promise.all(terms.map(postingsOf)).then(function (maps) {
            maps.sort(function (a, b) { return a.size - b.size; });
            var out = [];
            maps[0].forEach(function (first, number) {
              var score = first[0], exact = first[1] ? 1 : 0;
              for (var m = 1; m < maps.length; m++) {
                var other = maps[m].get(number);
                if (!other) return;
                score += other[0]; exact += other[1] ? 1 : 0;
              }
              out.push([number, exact, score]);
            });
            return out;
          }) : Promise.resolve(everyone.map(function (n) { return [n, 0, 0]; }));
          return found.then(function (hits) {
            var counts = countAll(hits.map(function (h) { return h[0]; }), filters);
            hits = hits.filter(function (h) {
              return FACETS.every(function (f) { return filters[f] === undefined || passes(f, h[0], position[f][filters[f]]); });
            });
            hits.sort(function (a, b) { return (b[1] - a[1]) || (b[2] - a[2]) || (a[0] - b[0]); });
            return {
              total: hits.length,
              counts: counts,
              load: function (start, end) {
                var slice = hits.slice(start, end);
                var files = {};
                slice.forEach(function (h) { files[Math.floor(h[0] / meta.docsPerChunk)] = true; });
                return Promise.all(Object.keys(files).map(function (n) { return load("d/" + n + ".js"); })).then(function () {
                  return slice.map(function (h) {
                    var d = docs[Math.floor(h[0] / meta.docsPerChunk)][h[0] % meta.docsPerChunk];
                    return { url: new URL(d[0], siteRoot).href, name: d[1], kind: d[2], place: d[3], summary: d[4], year: d[5] };
                  });
                });
              }
            };
          });
        }
      };
    });
  }

  // -- the page --------------------------------------------------------------------------------------
  function highlighted(text, terms) {
    var fragment = document.createDocumentFragment();
    var at = 0;
    var pattern = /[\p{L}\p{N}]+/gu;
    var found;
    while ((found = pattern.exec(text)) !== null) {
      var folded = fold(found[0].toLowerCase());
      if (!terms.some(function (t) { return matches(t, folded); })) continue;
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
  function card(result, terms) {
    var item = element("li", "gs-result gs-result--" + result.kind);
    var link = element("a", "", highlighted(result.name, terms));
    link.href = result.url;
    item.appendChild(element("h2", "gs-result__name", link));
    var about = [labels.loai[result.kind] || "", result.place, String(result.year || "")].filter(Boolean).join(" · ");
    item.appendChild(element("p", "gs-result__meta", highlighted(about, terms)));
    item.appendChild(element("p", "gs-result__summary", highlighted(result.summary || "", terms)));
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
  function writeState() {
    var params = new URLSearchParams();
    if (input.value.trim()) params.set("q", input.value.trim());
    FACETS.forEach(function (f) { if (form.elements[f].value) params.set(f, form.elements[f].value); });
    var query = params.toString();
    try {
      history.replaceState(null, "", query ? "?" + query : location.pathname);
    } catch (err) { /* some browsers refuse to change a file:// address; the search still works */ }
  }
  function showCounts(counts) {  // facets missing from `counts` keep what they show
    FACETS.forEach(function (f) {
      if (!counts[f]) return;
      Array.prototype.forEach.call(form.elements[f].options, function (option) {
        if (!option.value) return;
        var n = (counts[f] && counts[f][option.value]) || 0;
        option.textContent = labels[f][option.value] + " (" + n + ")";
        option.disabled = n === 0 && !option.selected;
      });
    });
  }

  var engine = null;
  var sequence = 0;
  var current = null;
  var shown = 0;

  function showMore(terms, mine) {
    var start = shown;
    return current.load(start, start + PAGE_SIZE).then(function (cards) {
      if (mine !== sequence) return;
      if (start === 0) list.textContent = "";
      cards.forEach(function (c) { list.appendChild(card(c, terms)); });
      shown = start + cards.length;
      moreButton.hidden = shown >= current.total;
    });
  }

  function run() {
    var mine = ++sequence;
    var terms = parseQuery(input.value);
    var filters = currentFilters();
    writeState();
    if (!terms.length && !Object.keys(filters).length) {
      list.textContent = "";
      moreButton.hidden = true;
      showCounts(engine.totals);
      statusLine.textContent = TEXT.prompt;
      page.setAttribute("data-state", "idle");
      return Promise.resolve();
    }
    page.setAttribute("data-state", "searching");
    return engine.search(terms, filters).then(function (found) {
      if (mine !== sequence) return;
      current = found;
      shown = 0;
      showCounts(found.counts);
      var q = input.value.trim();
      var results;
      if (!found.total) {
        list.textContent = "";
        moreButton.hidden = true;
        statusLine.textContent = q ? say(TEXT.none, { q: q }) : TEXT.noneFiltered;
        results = Promise.resolve();
      } else {
        statusLine.textContent = q ? say(TEXT.found, { n: found.total.toLocaleString("vi-VN"), q: q })
          : say(TEXT.foundFiltered, { n: found.total.toLocaleString("vi-VN") });
        results = showMore(terms, mine);
      }
      return results.then(function () {
        if (mine !== sequence) return;
        if (!found.moreCounts) {
          page.setAttribute("data-state", "done");
          return;
        }
        page.setAttribute("data-state", "shown");
        return found.moreCounts().then(function (counts) {
          if (mine !== sequence) return;
          showCounts(counts);
          page.setAttribute("data-state", "done");
        });
      });
    }).catch(function (err) {
      statusLine.textContent = TEXT.failed;
      page.setAttribute("data-state", "failed");
      if (window.console) console.error(err);
    });
  }

  var timer = 0;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 120);
    if (engine && engine.preload) engine.preload(parseQuery(input.value));
  });
  FACETS.forEach(function (f) { form.elements[f].addEventListener("change", run); });
  form.addEventListener("submit", function (event) { event.preventDefault(); clearTimeout(timer); run(); });
  form.addEventListener("reset", function () { setTimeout(run, 0); });
  moreButton.addEventListener("click", function () { showMore(parseQuery(input.value), sequence); });

  readState();
  statusLine.textContent = TEXT.loading;
  page.setAttribute("data-state", "loading");
  var choice = location.protocol === "file:" ? offlineEngine()
    : pagefindEngine().catch(function () { return offlineEngine(); });
  choice.then(function (chosen) {
    engine = chosen;
    page.setAttribute("data-engine", chosen.name);
    return run();
  }).catch(function (err) {
    statusLine.textContent = TEXT.failed;
    page.setAttribute("data-state", "failed");
    if (window.console) console.error(err);
  });
})();
