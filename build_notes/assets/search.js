/* talk-notes search: one engine (Pagefind's index of the talk pages) behind the box in the
 * header of every page and the /search/ page, with the same query rules and ranking.
 *
 * Nothing of the index is fetched until someone types: then pagefind.js loads the pieces of
 * the index a query needs. The search page keeps its query and filters in the URL
 * (/search/?q=kvm&theme=nfv), so a search can be shared and Back restores it.
 *
 * Query rules (see README, "Search"): words are split at hyphens, dots and slashes; one word
 * finds every talk with a word that starts with it; several words are a phrase, also found
 * with adjacent words joined ("real time" finds "real-time" and "realtime"); a phrase that
 * no talk has falls back to the talks that have all its words, and says so.
 *
 * Every value from the index is put into the page as text (textContent), never as HTML. */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || !script.src) return;
  var BUNDLE = new URL("../../pagefind/", script.src).href;
  var SITE = new URL("../../", script.src).href;  // the index's URLs start at the site root
  var FACETS = new URL("../../search/facets/", script.src).href;  // build_notes/search_facets.py
  var FILTERS = ["theme", "conference", "format", "organization", "speaker", "tag", "rating"];
  var FILTER_NAMES = { theme: "Theme", conference: "Conference", format: "Format",
    organization: "Organization", speaker: "Speaker", tag: "Tag", rating: "Rating" };
  // Theme, format and rating have a few values each, fixed by the data files, and travel
  // with the rows; these grow with the site (thousands of speakers at 20,000 talks), so their
  // files load when the reader opens them or the URL filters on them.
  var ON_DEMAND = ["conference", "organization", "speaker", "tag"];
  var PLURALS = { conference: "conferences", organization: "organizations",
    speaker: "speakers", tag: "tags" };
  var RATINGS = ["5", "4", "3", "2", "1"];  // the rating filter's values (build_notes/search.py)
  var PAGE = 10;  // results shown at once on the search page (and each "More results")
  var PREVIEW = 6;  // results under the header box
  var SHOWN_VALUES = 8;  // values of a filter shown before "more"
  var EXCERPT_WORDS = 26;
  var MAX_JOINED = 5;  // words of a phrase whose joined spellings are also tried (2^(n-1))

  // Pagefind finds and ranks the talks; it is asked for no filter (it would count every
  // loaded filter for every result of every search, most of a search's time at 20,000
  // talks): the search page filters and counts the results itself, from the facet files.
  var engine = null;
  function pagefind() {
    if (!engine) {
      engine = import(BUNDLE + "pagefind.js").then(function (pf) {
        // A talk's length says little about how much it is about a word: long notes of a
        // talk about CockroachDB must not lose to a short keynote that names it once.
        var ranking = { pageLength: 0, termSaturation: 2.5 };
        var instance = pf.createInstance({ basePath: BUNDLE });
        return instance.options({ ranking: ranking }).then(function () {
          return instance;
        });
      });
    }
    return engine;
  }

  // Getting ready to search: the engine loads its page list and wasm (preload of no word),
  // and, while the reader types, the index pieces of the words so far, before the pause
  // after typing ends. Only where a reader is about to search: on the search page, and once
  // the header's box has the focus; never on a page view alone.
  function warmUp(query) {
    // A word of one or two letters begins too many words to fetch them all on the way to
    // a longer one; searching for it, after the pause, still does.
    var words = tokens(query || "").filter(function (w) { return w.length > 2; });
    return pagefind().then(function (pf) {
      return pf.preload(words.join(" "));
    }).catch(function () {});
  }

  // --- The query ------------------------------------------------------------------------------

  function tokens(query) {
    return query.toLowerCase().replace(/[\p{Pd}./\\]+/gu, " ")
      .replace(/[\p{Pe}\p{Pf}\p{Pi}\p{Po}\p{Ps}]+/gu, "")
      .split(/\s+/).filter(Boolean);
  }

  // Every spelling of a phrase with some adjacent words joined: [real time kvm] ->
  // "real time kvm", "realtime kvm", "real timekvm", "realtimekvm".
  function spellings(words) {
    if (words.length > MAX_JOINED) return [words.join(" ")];
    var out = [words[0]];
    words.slice(1).forEach(function (word) {
      var next = [];
      out.forEach(function (s) { next.push(s + " " + word, s + word); });
      out = next;
    });
    return out;
  }

  // When no word of the index begins with a query word, Pagefind answers for a shorter
  // prefix of it ("blockchain" finds "block"): the best result shows which word matched.
  function begins(data, word) {
    var content = data.content.split(/\s+/);
    return data.weighted_locations.some(function (loc) {
      var raw = (content[loc.location] || "").toLowerCase();
      var parts = tokens(raw).concat([tokens(raw).join("")]);
      return parts.some(function (p) { return p.indexOf(word) === 0; });
    });
  }

  /* The talks that match a query, best first: {results: [{id, score, data()}], fallback:
   * true when no talk has the phrase and these have all its words}. `shown`: how many
   * results are about to be shown, whose fragments load while the query is checked. The
   * last query's answer is kept, so that changing a filter asks nothing of Pagefind. */
  var lastMatch = { query: null, answer: null };
  function matches(query, shown) {
    var words = tokens(query);
    var key = words.join(" ");
    if (lastMatch.query === key) return lastMatch.answer;
    function prefetch(results) {
      results.slice(0, shown || 0).forEach(function (x) { x.data().catch(function () {}); });
    }
    var none = { results: [], fallback: false };
    var answer = pagefind().then(function (pf) {
      var all = pf.search(words.join(" "));
      if (words.length === 1) {
        return all.then(function (r) {
          prefetch(r.results);
          return r.results.length ? r.results[0].data().then(function (d) {
            return begins(d, words[0]) ? { results: r.results, fallback: false } : none;
          }) : none;
        });
      }
      var exact = spellings(words).map(function (s) { return pf.search('"' + s + '"'); });
      return Promise.all([all].concat(exact)).then(function (answers) {
        var scored = answers[0];
        var found = answers.slice(1).filter(function (r) { return r.results.length; });
        if (!found.length) {
          if (!scored.results.length) return none;
          return scored.results[0].data().then(function (d) {
            var each = words.every(function (w) { return begins(d, w); });
            return each ? { results: scored.results, fallback: true } : none;
          });
        }
        var byId = {};
        found.forEach(function (r) { r.results.forEach(function (x) { byId[x.id] = x; }); });
        var rank = {};
        scored.results.forEach(function (x, i) { rank[x.id] = i; });
        var results = Object.keys(byId).map(function (id) { return byId[id]; });
        results.sort(function (a, b) {
          var ra = a.id in rank ? rank[a.id] : Infinity, rb = b.id in rank ? rank[b.id] : Infinity;
          return ra - rb || b.score - a.score;
        });
        prefetch(results);
        return { results: results, fallback: false };
      });
    });
    lastMatch = { query: key, answer: answer };
    answer.catch(function () { if (lastMatch.answer === answer) lastMatch.query = null; });
    return answer;
  }

  // --- The facets: filtered and counted here (build_notes/search_facets.py) --------------------

  // The bytes of a gzip-compressed file, decompressed here unless the server already did.
  function gunzipped(url, options) {
    return fetch(url, options).then(function (response) {
      if (!response.ok) throw new Error(url + ": " + response.status);
      return response.arrayBuffer();
    }).then(function (buffer) {
      var bytes = new Uint8Array(buffer);
      var body = new Blob([buffer]).stream();
      if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
        body = body.pipeThrough(new DecompressionStream("gzip"));
      }
      return new Response(body).arrayBuffer();
    });
  }

  function json(bytes) { return JSON.parse(new TextDecoder().decode(bytes)); }

  // The rows file as the page uses it: Pagefind's id of each row, the row of each id, and
  // the columns that travel with the rows.
  function readRows(file) {
    var rowOf = new Map();
    var ids = file.ids.split(" ").map(function (hash, row) {
      rowOf.set(file.prefix + hash, row);
      return file.prefix + hash;
    });
    return { ids: ids, rowOf: rowOf,
      columns: { theme: file.theme, format: file.format, rating: file.rating } };
  }

  var facetFiles = {};
  function facetFile(name, read) {
    if (!facetFiles[name]) {
      // Revalidated on every page view: the rows must be those of the index Pagefind serves.
      facetFiles[name] = gunzipped(FACETS + name + ".json.gz", { cache: "no-cache" })
        .then(json).then(read || function (file) { return file; });
      facetFiles[name].catch(function () { delete facetFiles[name]; });
    }
    return facetFiles[name];
  }

  /* The facet columns of `kinds`: {ids: Pagefind's id of each row, rowOf: Map id -> row,
   * columns: {kind: {values: [value], rows: [index or [indexes], per row]}}}. */
  function facetColumns(kinds) {
    var apart = kinds.filter(function (k) { return ON_DEMAND.indexOf(k) !== -1; });
    return Promise.all([facetFile("rows", readRows)].concat(apart.map(function (kind) {
      return facetFile(kind);
    }))).then(function (files) {
      var rows = files[0], columns = Object.assign({}, rows.columns);
      apart.forEach(function (kind, i) { columns[kind] = files[i + 1]; });
      return { ids: rows.ids, rowOf: rows.rowOf, columns: columns };
    });
  }

  function valuesAt(column, row) {
    var at = column.rows[row];
    return typeof at === "number" ? [at] : at;
  }

  // The rating facet offers "5" and "4 or more" down to "1 or more" (the URL's values); the
  // files hold each talk's rating, so a choice asks for the ratings at or above it.
  function atLeast(choice) {
    var from = choice === "5" ? 5 : Number((/^([1-4]) or more$/.exec(choice) || [])[1]);
    return RATINGS.filter(function (r) { return Number(r) >= from; });
  }

  /* Whether a row has every chosen value ({kind: [values]}; a value no talk has matches
   * nothing). For the rating, every choice must hold: the highest one decides; a value that
   * is no choice ("rating=7") asks for itself, and, like any unknown value, finds nothing. */
  function matcher(filters, data) {
    var tests = Object.keys(filters).filter(function (kind) {
      return filters[kind].length;
    }).map(function (kind) {
      var column = data.columns[kind];
      var index = new Map(column.values.map(function (v, i) { return [v, i]; }));
      function at(v) { return index.has(v) ? index.get(v) : -1; }
      if (kind === "rating") {
        var ratings = filters.rating.map(atLeast)
          .sort(function (a, b) { return a.length - b.length; })[0];
        var any = (ratings.length ? ratings : filters.rating).map(at);
        return function (row) {
          return valuesAt(column, row).some(function (i) { return any.indexOf(i) !== -1; });
        };
      }
      var every = filters[kind].map(at);
      return function (row) {
        var have = valuesAt(column, row);
        return every.every(function (i) { return have.indexOf(i) !== -1; });
      };
    });
    return function (row) { return tests.every(function (test) { return test(row); }); };
  }

  // {kind: {value: number of the rows that have it}}, for the rating by choice (4 or more).
  function countValues(rows, kinds, data) {
    var counts = {};
    kinds.forEach(function (kind) {
      var column = data.columns[kind];
      var n = new Array(column.values.length).fill(0);
      rows.forEach(function (row) {
        valuesAt(column, row).forEach(function (i) { n[i]++; });
      });
      var byValue = {};
      column.values.forEach(function (v, i) { if (n[i]) byValue[v] = n[i]; });
      counts[kind] = byValue;
    });
    if (counts.rating) {
      var byChoice = {}, sum = 0;
      RATINGS.forEach(function (r) {
        sum += counts.rating[r] || 0;
        if (sum) byChoice[r === "5" ? r : r + " or more"] = sum;
      });
      counts.rating = byChoice;
    }
    return counts;
  }

  // A talk listed by its filters alone: its Pagefind fragment, read as Pagefind reads it
  // (gzip-compressed JSON after a signature), with no match to mark.
  var FRAGMENT_SIGNATURE = "pagefind_dcd";
  function listedTalk(id) {
    var data = null;
    return { id: id, data: function () {
      data = data || gunzipped(BUNDLE + "fragment/" + id + ".pf_fragment").then(function (b) {
        var fragment = json(new Uint8Array(b).subarray(FRAGMENT_SIGNATURE.length));
        fragment.locations = [];
        fragment.weighted_locations = [];
        return fragment;
      });
      return data;
    } };
  }

  /* {results, counts: {kind: {value: count}}, fallback} for a query and filters: the
   * matches that pass the filters, in Pagefind's order (with no query: every talk that
   * passes them, in the site's order), and the counts of `counted` among them. */
  function run(query, filters, counted, shown) {
    var filtered = Object.keys(filters).filter(function (k) { return filters[k].length; });
    var kinds = counted.concat(filtered.filter(function (k) { return counted.indexOf(k) === -1; }));
    var found = tokens(query).length ? matches(query, shown) : null;
    // Without the facet files (a server that lacks them, a browser without
    // DecompressionStream), a query still finds its talks, unfiltered and uncounted.
    var columns = facetColumns(kinds).catch(function (e) {
      if (!found || filtered.length) throw new Error("the filters could not load (" + e + ")");
      return null;
    });
    return Promise.all([found, columns]).then(function (both) {
      if (!both[1]) return { results: both[0].results, counts: {}, fallback: both[0].fallback };
      var data = both[1], keep = matcher(filters, data), rows = [], results = [];
      if (both[0]) {
        both[0].results.forEach(function (result) {
          var row = data.rowOf.get(result.id);
          if (row === undefined ? filtered.length : !keep(row)) return;
          results.push(result);
          if (row !== undefined) rows.push(row);
        });
      } else {
        data.ids.forEach(function (id, row) {
          if (keep(row)) { rows.push(row); results.push(listedTalk(id)); }
        });
      }
      return { results: results, counts: countValues(rows, counted, data),
        fallback: both[0] ? both[0].fallback : false };
    });
  }

  // --- Building the page, as text --------------------------------------------------------------

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* The excerpt: words of the notes around the first match there (not the title's, not the
   * metadata's unless nothing else matched), matches in <mark>, built as text nodes. Pagefind
   * counts word locations in its content split at spaces; its anchors say where the
   * opinion box and the metadata (build_notes/search.py) start. */
  function excerpt(data) {
    var words = data.content.split(/\s+/);
    var starts = {};
    (data.anchors || []).forEach(function (a) { starts[a.id] = a.location; });
    var locations = data.locations || [];
    var meta = "tn-search-meta" in starts ? starts["tn-search-meta"] : words.length;
    var title = (data.anchors || []).filter(function (a) { return a.element === "h1"; })[0];
    var body = title ? title.text.split(/\s+/).length : 0;
    var centre = locations.filter(function (l) { return l >= body && l < meta; })[0];
    if (centre === undefined) centre = body;
    var from = Math.max(body, centre - 8), to = Math.min(meta, from + EXCERPT_WORDS);
    var nextAnchor = (data.anchors || []).map(function (a) { return a.location; })
      .filter(function (l) { return l > starts.opinion; }).sort(function (a, b) { return a - b; })[0];
    var inOpinion = "opinion" in starts && centre >= starts.opinion &&
      centre < (nextAnchor === undefined ? words.length : nextAnchor);
    var marked = {};
    locations.forEach(function (l) { marked[l] = true; });
    var p = el("p", { "class": "tn-result__excerpt" });
    if (inOpinion) {
      p.appendChild(el("strong", { "class": "tn-result__opinion" }, "Note-taker\u2019s opinion: "));
      if (from <= starts.opinion + 2) from = Math.min(starts.opinion + 2, centre);
    }
    if (from > body) p.appendChild(document.createTextNode("\u2026 "));
    for (var i = from; i < to; i++) {
      p.appendChild(marked[i] ? el("mark", {}, words[i]) : document.createTextNode(words[i]));
      p.appendChild(document.createTextNode(" "));
    }
    if (to < meta) p.appendChild(document.createTextNode("\u2026"));
    return p;
  }

  function resultItem(data) {
    var li = el("li", { "class": "tn-result" });
    var href = new URL(data.url.replace(/^\//, ""), SITE).href;
    var a = el("a", { "class": "tn-result__title", href: href }, data.meta.title || data.url);
    li.appendChild(a);
    var details = [data.meta.conference, data.meta.format !== "Talk" ? data.meta.format : "",
      data.meta.speakers].filter(Boolean);
    if (details.length) li.appendChild(el("p", { "class": "tn-result__details" },
      details.join(" · ")));
    li.appendChild(excerpt(data));
    return li;
  }

  // --- Keyboard -------------------------------------------------------------------------------

  function editable(node) {
    return node && (node.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(node.tagName));
  }

  // Up and down move between the box and the result links; Enter follows a link as usual.
  function arrowKeys(box, list) {
    function links() {
      return Array.prototype.slice.call(list.querySelectorAll("a.tn-result__title"));
    }
    function move(ev) {
      if (ev.key !== "ArrowDown" && ev.key !== "ArrowUp") return;
      var all = links();
      if (!all.length) return;
      var at = all.indexOf(document.activeElement);
      var next = ev.key === "ArrowDown" ? at + 1 : at - 1;
      ev.preventDefault();
      if (next < 0) box.focus();
      else all[Math.min(next, all.length - 1)].focus();
    }
    box.addEventListener("keydown", move);
    list.addEventListener("keydown", move);
  }

  function focusTarget() {
    return document.querySelector(".tn-search-page .tn-search__input") ||
      document.querySelector(".tn-hsearch__input");
  }

  // "/" and "s" put the focus in the search box (the search page's own, there).
  document.addEventListener("keydown", function (ev) {
    if ((ev.key !== "/" && ev.key !== "s") || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (editable(ev.target)) return;
    var box = focusTarget();
    if (!box) return;
    ev.preventDefault();
    ev.stopPropagation();  // material's own shortcut would open its (absent) search dialog
    box.focus();
    box.select();
  }, true);

  // --- The header box ---------------------------------------------------------------------------

  function setUpHeader(form) {
    var box = form.querySelector(".tn-hsearch__input");
    var panel = form.querySelector(".tn-hsearch__results");
    var list = el("ul", { "class": "tn-results", "aria-label": "First results" });
    var status = el("p", { "class": "tn-hsearch__status", role: "status" });
    var more = el("a", { "class": "tn-hsearch__more" });
    panel.append(status, list, more);
    arrowKeys(box, list);
    var asked = 0, timer = null;

    function close() { panel.hidden = true; }
    // Where this script was loaded from says where the search page is, on any page.
    form.action = SITE + "search/";
    function searchUrl(query) {
      return form.action + "?q=" + encodeURIComponent(query);
    }

    function update() {
      var query = box.value.trim();
      var ticket = ++asked;
      if (!tokens(query).length) { close(); return; }
      matches(query, PREVIEW).then(function (found) {
        if (ticket !== asked) return;
        return Promise.all(found.results.slice(0, PREVIEW).map(function (r) { return r.data(); }))
          .then(function (datas) {
            if (ticket !== asked) return;
            list.replaceChildren.apply(list, datas.map(function (d) { return resultItem(d); }));
            var n = found.results.length;
            status.textContent = n ? (found.fallback ? "No talk has this phrase; talks with all " +
              "its words: " : "") + n + (n === 1 ? " talk" : " talks") :
              "No talk matches \u201c" + query + "\u201d.";
            more.textContent = n > PREVIEW ? "All " + n + " results" : "Search page, with filters";
            more.href = searchUrl(query);
            box.setAttribute("data-tn-answered", query);
            panel.hidden = false;
          });
      });
    }
    box.addEventListener("focus", function () { warmUp(box.value); });
    box.addEventListener("input", function () {
      warmUp(box.value);
      clearTimeout(timer);
      timer = setTimeout(update, 100);
    });
    box.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape") { close(); }
    });
    form.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape") { close(); box.focus(); }
    });
    form.addEventListener("submit", function (ev) {
      if (!box.value.trim()) ev.preventDefault();
    });
    document.addEventListener("click", function (ev) {
      if (!form.contains(ev.target)) close();
    });
  }

  // --- The search page --------------------------------------------------------------------------

  function readUrl() {
    var params = new URLSearchParams(location.search);
    var filters = {};
    FILTERS.forEach(function (kind) {
      var values = params.getAll(kind).filter(Boolean);
      if (values.length) filters[kind] = values;
    });
    return { query: params.get("q") || "", filters: filters };
  }

  function writeUrl(state, push) {
    var params = new URLSearchParams();
    if (state.query) params.set("q", state.query);
    FILTERS.forEach(function (kind) {
      (state.filters[kind] || []).forEach(function (v) { params.append(kind, v); });
    });
    var search = params.toString();
    var url = location.pathname + (search ? "?" + search : "");
    if (url === location.pathname + location.search) return;
    history[push ? "pushState" : "replaceState"](null, "", url);
  }

  function setUpPage(root) {
    var labels = {};  // names of the values that are ids, from the page (search.py)
    root.querySelectorAll(".tn-search-labels > li").forEach(function (li) {
      var kind = li.getAttribute("data-filter");
      labels[kind] = labels[kind] || {};
      labels[kind][li.getAttribute("data-value")] = li.textContent;
    });
    function label(kind, value) {
      if (kind === "rating") return value === "5" ? "★★★★★ 5" : "★ " + value;
      return (labels[kind] && labels[kind][value]) || value;
    }

    var form = el("form", { "class": "tn-search__form", role: "search" });
    var box = el("input", { "class": "tn-search__input", type: "search", name: "q",
      placeholder: "Search the talks", "aria-label": "Search the talks", autocomplete: "off",
      spellcheck: "false", "aria-keyshortcuts": "/ s" });
    form.appendChild(box);
    var layout = el("div", { "class": "tn-search__layout" });
    var facets = el("form", { "class": "tn-facets", "aria-label": "Filters" });
    var main = el("div", { "class": "tn-search__main" });
    var status = el("p", { "class": "tn-search__status", role: "status" });
    var empty = el("div", { "class": "tn-search__empty" });
    var list = el("ol", { "class": "tn-results", "aria-label": "Results" });
    var more = el("button", { "class": "md-button tn-search__more", type: "button" }, "More results");
    main.append(status, empty, list, more);
    layout.append(facets, main);
    root.append(form, layout);
    arrowKeys(box, list);

    var state = readUrl();
    var asked = 0, timer = null, shown = [];
    var opened = {};  // filters of ON_DEMAND whose counts the reader asked for
    var focusAfter = null;  // such a filter, opened from the keyboard: focus it once shown

    function clearFilters() {
      state.filters = {};
      writeUrl(state, true);
      update();
    }

    function emptyState(query, hasFilters) {
      empty.replaceChildren();
      var p = el("p", {}, "No talk matches \u201c" + query + "\u201d" +
        (hasFilters ? " with these filters." : "."));
      empty.appendChild(p);
      var tips = el("ul");
      if (hasFilters) {
        var li = el("li");
        var button = el("button", { type: "button", "class": "tn-search__clear" },
          "Remove the filters");
        button.addEventListener("click", clearFilters);
        li.appendChild(button);
        tips.appendChild(li);
      }
      tips.appendChild(el("li", {}, "Check the spelling: the search does not correct typos, " +
        "and a word finds the words it begins (\u201ccyclic\u201d finds \u201ccyclictest\u201d)."));
      var browse = el("li", {}, "Or browse the ");
      browse.append(el("a", { href: "../themes/" }, "themes"), " or every talk in ",
        el("a", { href: "../explore/" }, "Explore"), ".");
      tips.appendChild(browse);
      empty.appendChild(tips);
      empty.hidden = false;
    }

    // The filters whose counts the page shows: a filter in the URL counts as opened.
    function counted() {
      Object.keys(state.filters).forEach(function (kind) { opened[kind] = true; });
      return FILTERS.filter(function (kind) {
        return ON_DEMAND.indexOf(kind) === -1 || opened[kind];
      });
    }

    // A filter not loaded yet: a disclosure that loads it, then the facet replaces it.
    function onDemandFacet(kind) {
      var set = el("fieldset", { "class": "tn-facet", "data-filter": kind });
      set.appendChild(el("legend", {}, FILTER_NAMES[kind]));
      var load = el("details", { "class": "tn-facet__load" });
      load.append(el("summary", {}, "Show the " + PLURALS[kind]), el("p", {}, "Counting\u2026"));
      load.addEventListener("toggle", function () {
        if (!load.open || opened[kind]) return;
        opened[kind] = true;
        if (set.contains(document.activeElement)) focusAfter = kind;
        update();
      });
      set.appendChild(load);
      return set;
    }

    function renderFacets(counts) {
      facets.replaceChildren();
      FILTERS.forEach(function (kind) {
        if (ON_DEMAND.indexOf(kind) !== -1 && !opened[kind]) {
          facets.appendChild(onDemandFacet(kind));
          return;
        }
        var chosen = state.filters[kind] || [];
        var values = Object.keys((counts || {})[kind] || {}).filter(function (v) {
          return counts[kind][v] > 0 || chosen.indexOf(v) !== -1;
        });
        chosen.forEach(function (v) { if (values.indexOf(v) === -1) values.push(v); });
        if (!values.length) {
          if (ON_DEMAND.indexOf(kind) === -1) return;
          // Opened on purpose: say why it is empty rather than let it vanish.
          var none = el("fieldset", { "class": "tn-facet", "data-filter": kind });
          none.append(el("legend", {}, FILTER_NAMES[kind]),
            el("p", { "class": "tn-facet__none", tabindex: "-1" },
              "None of these talks has one."));
          facets.appendChild(none);
          return;
        }
        values.sort(function (a, b) {
          return (chosen.indexOf(b) !== -1) - (chosen.indexOf(a) !== -1) ||
            ((counts[kind] || {})[b] || 0) - ((counts[kind] || {})[a] || 0) ||
            label(kind, a).localeCompare(label(kind, b));
        });
        if (kind === "rating") values.sort().reverse();  // 5, 4 or more, 3 or more...
        var set = el("fieldset", { "class": "tn-facet", "data-filter": kind });
        set.appendChild(el("legend", {}, FILTER_NAMES[kind]));
        var rest = null;
        values.forEach(function (value, i) {
          var id = "tn-f-" + kind + "-" + i;
          var row = el("div", { "class": "tn-facet__value" });
          var input = el("input", { type: "checkbox", id: id, value: value, name: kind });
          input.checked = chosen.indexOf(value) !== -1;
          var text = el("label", { "for": id }, label(kind, value) + " ");
          text.appendChild(el("span", { "class": "tn-facet__count" },
            String(((counts || {})[kind] || {})[value] || 0)));
          row.append(input, text);
          input.addEventListener("change", function () {
            var list2 = (state.filters[kind] || []).filter(function (v) { return v !== value; });
            if (input.checked) list2.push(value);
            if (list2.length) state.filters[kind] = list2; else delete state.filters[kind];
            writeUrl(state, true);
            update();
          });
          if (i === SHOWN_VALUES && values.length > SHOWN_VALUES) {
            rest = el("details", { "class": "tn-facet__more" });
            rest.appendChild(el("summary", {}, (values.length - SHOWN_VALUES) + " more"));
            set.appendChild(rest);
          }
          (rest || set).appendChild(row);
        });
        facets.appendChild(set);
      });
      if (focusAfter) {
        var shownFacet = facets.querySelector(".tn-facet[data-filter='" + focusAfter + "']");
        var target = shownFacet && shownFacet.querySelector("input, .tn-facet__none");
        focusAfter = null;
        if (target) target.focus();
      }
    }

    function showMore() {
      var from = list.children.length;
      var next = shown.slice(from, from + PAGE);
      return Promise.all(next.map(function (r) { return r.data(); })).then(function (datas) {
        datas.forEach(function (d) { list.appendChild(resultItem(d)); });
        more.hidden = list.children.length >= shown.length;
      });
    }
    more.addEventListener("click", function () {
      var before = list.children.length;
      showMore().then(function () {
        var link = list.children[before] && list.children[before].querySelector("a");
        if (link) link.focus();
      });
    });

    function update() {
      var query = state.query.trim();
      var ticket = ++asked;
      var hasFilters = Object.keys(state.filters).length > 0;
      document.title = (query ? "\u201c" + query + "\u201d \u2013 " : "") +
        document.title.replace(/^\u201c.*?\u201d \u2013 /, "");
      if (!tokens(query).length && !hasFilters) {
        list.replaceChildren(); facets.replaceChildren(); empty.hidden = true; more.hidden = true;
        facets.removeAttribute("aria-busy");
        status.textContent = "Type a word of the notes, a speaker, an organization or a tag.";
        root.setAttribute("data-tn-answered", "");
        return Promise.resolve();
      }
      facets.setAttribute("aria-busy", "true");
      return run(query, state.filters, counted(), PAGE).then(function (found) {
        if (ticket !== asked) return;
        shown = found.results;
        list.replaceChildren();
        empty.hidden = true;
        var n = shown.length;
        if (!n) {
          status.textContent = "No results.";
          emptyState(query, hasFilters);
          more.hidden = true;
        } else {
          status.textContent = (found.fallback ? "No talk has the phrase \u201c" + query +
            "\u201d; these have all its words. " : "") + n + (n === 1 ? " talk" : " talks") +
            (query ? " for \u201c" + query + "\u201d" : "") + (hasFilters ? ", filtered." : ".");
        }
        return showMore().then(function () {
          if (ticket !== asked) return;
          root.setAttribute("data-tn-listed", query);
          // The results first, then the filters. With no result, the chosen filters are
          // still shown (counted 0), to take back.
          renderFacets(found.counts);
          facets.removeAttribute("aria-busy");
          root.setAttribute("data-tn-answered", query);
        });
      }).catch(function (error) {
        if (ticket !== asked) return;
        facets.removeAttribute("aria-busy");
        list.replaceChildren();
        more.hidden = true;
        status.textContent = "The search could not run: " + (error && error.message || error) +
          ". Reload the page to try again.";
      });
    }

    box.value = state.query;
    box.addEventListener("input", function () {
      warmUp(box.value);
      state.query = box.value;
      writeUrl(state, false);
      clearTimeout(timer);
      timer = setTimeout(update, 120);
    });
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      clearTimeout(timer);
      update();
    });
    window.addEventListener("popstate", function () {
      state = readUrl();
      box.value = state.query;
      update();
    });
    // A page restored from the back-forward cache keeps its results; a reloaded one reads
    // the URL again (the query and filters of the search it left).
    var blank = !state.query && !Object.keys(state.filters).length;
    if (blank) {
      Promise.all([warmUp(""), facetColumns([]).catch(function () {})]).then(function () {
        root.setAttribute("data-tn-warm", "");
      });
    }
    update();
    if (blank) box.focus();
  }

  function setUp() {
    var page = document.querySelector("[data-tn-search-page]");
    if (page && !page.dataset.ready) { page.dataset.ready = "1"; setUpPage(page); }
    document.querySelectorAll("[data-tn-search-box]").forEach(function (form) {
      if (form.dataset.ready) return;
      form.dataset.ready = "1";
      setUpHeader(form);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
