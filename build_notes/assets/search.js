// @ts-check (the page's UI; the engine it imports is search-engine.js)
/* talk-notes search: one engine behind the box in the header of every page and the /search/
 * page, with the same query rules and ranking. It answers from the site's own index
 * (build_notes/search/index.py) and shows each result from its talk's result file
 * (build_notes/search/facets.py), or from its word's first results.
 * An ES module: the tokenizer, the rules of a match and the excerpt's cut come from
 * search-engine.js, their constants from search-spec.js (build_notes/data/search.json, written there by the build).
 *
 * Nothing of the index is fetched until someone is about to search: the header's box once
 * it has the focus, or the search page. The search page keeps its query and filters in the
 * URL (/search/?q=kvm&theme=nfv), so a search can be shared and Back restores it.
 *
 * Query rules (see README, "Search"): the words of build_notes/search/tokens.py; one word
 * finds the talks with it, then those with another form of it, then (a word of four letters
 * or more, or one that finds nothing else) those with a longer word it begins; several words
 * are a phrase, also found with adjacent words joined ("real time" finds "real-time" and
 * "realtime"); a phrase that no talk has falls back to the talks that have all its words,
 * and says so.
 *
 * Every value from the index is put into the page as text (textContent), never as HTML. */
import {
  tokenizer, matchShare, prefixesAtOnce, closest, locate, excerptWindow,
} from "./search-engine.js";
import SPEC from "./search-spec.js";

/**
 * @typedef {{ values: string[], rows: (number | number[])[] }} Column
 * @typedef {{ terms: string[], pairs: number, first: number, rows: number,
 *   aliases?: Record<string, string> }} IndexManifest
 * @typedef {{ count: number, index: IndexManifest }} Table
 * @typedef {{ rows: number[], weight: Float64Array, prefixes: boolean }} Weights
 * @typedef {[string, Record<string, string>, number, number, number[] | 0, number[] | 0]} Info
 * @typedef {{ info: Info, from: number, text: string }} Card
 * @typedef {{ rows: number[], words: string[], phrases: string[][], prefixes: boolean[],
 *   fallback: boolean, first: Map<number, Card> }} Match
 * @typedef {{ url: string, meta: Record<string, string>, words: string[], offset: number,
 *   body: number, end: number, opinion: number[] | null, programme: number[] | null,
 *   locations: number[], via: string[] | null }} View
 * @typedef {{ row: number, ready: boolean, data: () => Promise<View> }} Result
 * @typedef {{ table: Table, columns: Record<string, Column | null> }} Facets
 * @typedef {Record<string, string[]>} Filters
 * @typedef {Record<string, Record<string, number>>} Counts
 */

  var T = tokenizer(SPEC);
  var HERE = import.meta.url;
  var SITE = new URL("../../", HERE).href;  // the results' URLs start at the site root
  // The search's files (build_notes/search/facets.py and index.py), each named by its content;
  // the manifest names them.
  var SEARCH = new URL("../../search/", HERE).href;
  var FACETS = "facets/", INDEX = "index/", PAGES = "pages/";
  var FILTERS = ["theme", "conference", "format", "organization", "speaker", "tag", "rating"];
  /** @type {Record<string, string>} */
  var FILTER_NAMES = { theme: "Theme", conference: "Conference", format: "Format",
    organization: "Organization", speaker: "Speaker", tag: "Tag", rating: "Rating" };
  // Theme, format and rating have a few values each, fixed by the data files, and travel
  // with the rows; these grow with the site (thousands of speakers at 20,000 talks), so their
  // files load when the reader opens them or the URL filters on them.
  var ON_DEMAND = ["conference", "organization", "speaker", "tag"];
  /** @type {Record<string, string>} */
  var PLURALS = { conference: "conferences", organization: "organizations",
    speaker: "speakers", tag: "tags" };
  var RATINGS = ["5", "4", "3", "2", "1"];  // the rating filter's values (build_notes/search/page_text.py)
  var PAGE = SPEC.first.page;  // results shown at once on the search page (and each "More results")
  var PREVIEW = 6;  // results under the header box
  // Results a screen shows above the fold (at most three whole and part of a fourth at
  // 1280 x 720 and at 390 x 844, as excerpts wrap): the search page shows them with the
  // count as soon as they are in, and the rest of its page after them.
  var SCREEN = 4;
  var FIRST_LETTERS = SPEC.first.min_length;  // words with first results in the index
  var SHOWN_VALUES = 8;  // values of a filter shown before "more"
  var MAX_JOINED = 5;  // words of a phrase whose joined spellings are also tried (2^(n-1))
  var SATURATION = SPEC.ranking.saturation;  // how soon more of a word stops making a talk rank higher (BM25's k1)
  // Names in the reader's order, with one collator made once (cheaper than localeCompare
  // when sorting many names).
  var byName = new Intl.Collator();

  // --- Files ------------------------------------------------------------------------------------

  // The bytes of a gzip-compressed file, decompressed here unless the server already did
  // (a server may send it with Content-Encoding: gzip, and the browser then inflates it).
  /** @param {string} url @param {RequestInit} [options] @returns {Promise<ArrayBuffer>} */
  function gunzipped(url, options) {
    return fetch(url, options).then(function (response) {
      if (!response.ok) throw new Error(url + ": " + response.status);
      return response.arrayBuffer();
    }).then(function (buffer) {
      var bytes = new Uint8Array(buffer);
      if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return buffer;
      // new Response(buffer), not new Blob([buffer]): a Blob is registered with the browser
      // process, a round trip per file (about 1 ms each here, and a query reads eleven).
      var body = /** @type {ReadableStream<any>} */ (new Response(buffer).body);
      return new Response(body.pipeThrough(new DecompressionStream("gzip"))).arrayBuffer();
    });
  }

  /** @param {ArrayBuffer} bytes @returns {any} */
  function json(bytes) { return JSON.parse(new TextDecoder().decode(bytes)); }

  // A promise made once for `key` and kept in `cache` (a Map); forgotten if it fails, so that
  // the next call asks again.
  /** @template T @param {Map<string, Promise<T>>} cache @param {string} key
   * @param {() => Promise<T>} make @returns {Promise<T>} */
  function once(cache, key, make) {
    if (!cache.has(key)) {
      var made = make();
      cache.set(key, made);
      made.catch(function () { if (cache.get(key) === made) cache.delete(key); });
    }
    return /** @type {Promise<T>} */ (cache.get(key));
  }

  /** @type {Map<string, Promise<any>>} */
  var loaded = new Map();
  // The manifest: {a family of files ("index/t": index/t0.json.gz, index/t1.json.gz...): the
  // hash of their contents, which names each of them (index/t0.<hash>.json.gz)}. Revalidated
  // each time (no-cache), so that a page reads the files of one build; the files it names
  // never change, and the browser may keep them as long as it likes.
  function manifest() {
    return once(loaded, "manifest", function () {
      return fetch(SEARCH + "manifest.json", { cache: "no-cache" }).then(function (response) {
        if (!response.ok) throw new Error("search/manifest.json: " + response.status);
        return response.json();
      });
    });
  }
  // A file of the search by its name ("index/t12.json.gz"), fetched once a page view, from
  // the path its family's hash names (build_notes/search/facets.py, content_named).
  /** @param {string} name @param {(data: any) => any} [read] @returns {Promise<any>} */
  function file(name, read) {
    return once(loaded, name, function () {
      return manifest().then(/** @param {Record<string, string>} hashes */ function (hashes) {
        var stem = name.replace(/\.json\.gz$/, ""), family = stem.replace(/[0-9]+$/, "");
        if (!Object.prototype.hasOwnProperty.call(hashes, family)) {
          throw new Error(name + " is not in the search's manifest");
        }
        return gunzipped(SEARCH + stem + "." + hashes[family] + ".json.gz");
      }).then(json).then(read || function (/** @type {any} */ data) { return data; });
    });
  }

  // The index's manifest (build_notes/search/index.py): how many talks (rows) there are,
  // where each of its files starts, the aliases. All the header's box needs besides a
  // query's own files.
  /** @returns {Promise<Table>} */
  function indexFile() {
    return file(INDEX + "i.json.gz", function (data) { return { count: data.rows, index: data }; });
  }
  // The facet columns that travel with the rows (theme, format, rating): the search page's.
  /** @returns {Promise<Record<string, Column>>} */
  function rowsFile() { return file(FACETS + "rows.json.gz"); }

  // --- The query --------------------------------------------------------------------------------

  // The query's words, as the index has them (build_notes/search/tokens.py).
  /** @param {string} text */
  function tokens(text) { return T.terms(text); }

  // Every spelling of a phrase with some adjacent words joined: [real time kvm] ->
  // [real time kvm], [realtime kvm], [real timekvm], [realtimekvm].
  /** @param {string[]} words @returns {string[][]} */
  function spellings(words) {
    if (words.length > MAX_JOINED) return [words];
    var out = [[words[0]]];
    words.slice(1).forEach(function (word) {
      /** @type {string[][]} */
      var next = [];
      out.forEach(function (s) {
        next.push(s.concat([word]), s.slice(0, -1).concat([s[s.length - 1] + word]));
      });
      out = next;
    });
    return out;
  }

  // --- The index (build_notes/search/index.py) --------------------------------------------------

  // The term files that hold `word` (exact) or the words it begins: file i holds the words
  // from terms[i] up to terms[i + 1], in JavaScript's order of strings.
  /** @param {string[]} terms @param {string} word @param {boolean} exact */
  function termFiles(terms, word, exact) {
    /** @type {number[]} */
    var out = [];
    terms.forEach(function (first, i) {
      var next = terms[i + 1];
      if (next !== undefined && next <= word) return;
      if (first <= word || (!exact && first.indexOf(word) === 0)) out.push(i);
    });
    return out;
  }

  // The term files themselves, fetched once a page view.
  /** @param {Table} table @param {string} word @param {boolean} exact
   * @returns {Promise<Record<string, number[]>[]>} */
  function termFilesOf(table, word, exact) {
    return Promise.all(termFiles(table.index.terms, word, exact).map(function (i) {
      return file(INDEX + "t" + i + ".json.gz");
    }));
  }

  /* The talks with `word` ("exact"), also with another form of it ("forms"), also with a
   * longer word it begins ("prefixes"): {rows: [row], weight: Float64Array by row}; each
   * term's weight counts by its share (search-engine.js's matchShare): another form less than
   * the word as written, a longer word less again ("ceph" in "cephfs" as 4/6 of that). */
  /** @param {Table} table @param {string} word @param {string} how @returns {Promise<Weights>} */
  function weightsOf(table, word, how) {
    var wordForm = T.stem(word) + SPEC.form_marker;
    var prefixes = how === "prefixes";
    var keys = how === "exact" ? [word] :
      [word, wordForm, wordForm.slice(0, -SPEC.form_marker.length)];
    return Promise.all(keys.map(function (key, i) {
      return termFilesOf(table, key, !(prefixes && i === 0));
    })).then(function (lists) {
      var weight = new Float64Array(table.count);
      /** @type {number[]} */
      var rows = [];
      new Set(lists.flat()).forEach(function (terms) {
        Object.keys(terms).forEach(function (term) {
          var share = how === "exact" ? (term === word ? 1 : 0) :
            matchShare(SPEC, word, wordForm, term, prefixes);
          if (!share) return;
          var list = terms[term], row = 0;
          for (var i = 0; i < list.length; i += 2) {
            row += list[i];
            if (!weight[row]) rows.push(row);
            weight[row] += list[i + 1] * share;
          }
        });
      });
      return { rows: rows, weight: weight, prefixes: prefixes };
    });
  }

  // A query word's talks: with longer words it begins at once for a word of four letters or
  // more, and for a shorter one only when nothing else has it ("gil" never finds "giles" first).
  /** @param {Table} table @param {string} word @returns {Promise<Weights>} */
  function wordWeights(table, word) {
    var at = prefixesAtOnce(SPEC, word);
    return weightsOf(table, word, at ? "prefixes" : "forms").then(function (w) {
      return w.rows.length || at ? w : weightsOf(table, word, "prefixes");
    });
  }

  var CRC = (function () {
    /** @type {number[]} */
    var table = [];
    for (var n = 0; n < 256; n++) {
      var c = n;
      for (var k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table.push(c >>> 0);
    }
    return table;
  })();
  // Which of `files` files holds a pair of words, or a word's first results
  // (build_notes/search/first.py's shard: CRC-32 of its UTF-8 bytes).
  /** @param {string} key @param {number} files */
  function shard(key, files) {
    var crc = 0xffffffff;
    new TextEncoder().encode(key).forEach(function (b) {
      crc = CRC[(crc ^ b) & 0xff] ^ (crc >>> 8);
    });
    return ((crc ^ 0xffffffff) >>> 0) % files;
  }

  // {row: [positions]} of a pair of consecutive words: where in the talk's words it starts.
  /** @param {Table} table @param {string} pair @returns {Promise<Map<number, number[]>>} */
  function pairAt(table, pair) {
    return file(INDEX + "p" + shard(pair, table.index.pairs) + ".json.gz")
      .then(/** @param {Record<string, number[]>} pairs */ function (pairs) {
        /** @type {Map<number, number[]>} */
        var at = new Map();
        var list = pairs[pair] || [], row = 0;
        for (var i = 0; i < list.length; i += 2) {
          row += list[i];
          var places = at.get(row);
          if (!places) at.set(row, places = []);
          places.push(list[i + 1]);
        }
        return at;
      });
  }

  // The rows of the talks with these words in a row (one word: that word, exactly).
  /** @param {Table} table @param {string[]} words @returns {Promise<number[]>} */
  function phraseRows(table, words) {
    if (words.length === 1) {
      return weightsOf(table, words[0], "exact").then(function (w) { return w.rows; });
    }
    var pairs = words.slice(1).map(function (word, i) { return words[i] + " " + word; });
    return Promise.all(pairs.map(function (pair) { return pairAt(table, pair); }))
      .then(function (ats) {
        return Array.from(ats[0].keys()).filter(function (row) {
          var later = ats.slice(1).map(function (at) { return new Set(at.get(row) || []); });
          return (ats[0].get(row) || []).some(function (p) {
            return later.every(function (set, k) { return set.has(p + k + 1); });
          });
        });
      });
  }

  // How much each word says about a talk, as BM25 with no length normalization (as
  // Pagefind's index, which this one replaced, ranked): the rarer the word, the more it counts.
  /** @param {number[]} rows @param {Weights[]} weightsByWord @param {number} count */
  function scored(rows, weightsByWord, count) {
    var idf = weightsByWord.map(function (w) {
      return Math.log(1 + (count - w.rows.length + 0.5) / (w.rows.length + 0.5));
    });
    var score = new Float64Array(count);
    rows.forEach(function (row) {
      weightsByWord.forEach(function (w, i) {
        var tf = w.weight[row];
        score[row] += idf[i] * tf * (SATURATION + 1) / (tf + SATURATION);
      });
    });
    return rows.slice().sort(function (a, b) { return score[b] - score[a] || a - b; });
  }

  /* The first results of a query of one word, as they travel with the index
   * (build_notes/search/first.py): Map(row -> {info: [url, meta, body, end, opinion,
   * programme], from,
   * text}); empty for a shorter word, for a word that is only the start of the index's words
   * ("kuber"), or if the file cannot load or is not as expected (each result then comes from
   * its result file). */
  /** @param {Table} table @param {string} word @returns {Promise<Map<number, Card>>} */
  function firstResults(table, word) {
    if (word.length < FIRST_LETTERS) return Promise.resolve(new Map());
    return file(INDEX + "f" + shard(word, table.index.first) + ".json.gz").then(function (data) {
      /** @type {Map<number, Card>} (an own key: "constructor" is no word of the file) */
      var out = new Map();
      var cards = Object.prototype.hasOwnProperty.call(data.words, word) ? data.words[word] : [];
      for (var i = 0; i < cards.length; i += 3) {
        var info = data.talks[cards[i]];
        if (!Array.isArray(info) || typeof cards[i + 2] !== "string") throw new Error(word);
        out.set(cards[i], { info: /** @type {Info} */ (info), from: cards[i + 1],
          text: cards[i + 2] });
      }
      return out;
    }).catch(function () { return /** @type {Map<number, Card>} */ (new Map()); });
  }

  /* The talks that match a query, best first: {rows, words, phrases, fallback, first}.
   * `phrases`: the spellings whose words are in a row in the results (none for one word);
   * `fallback`: no talk has the phrase and these have all its words; `first`: the results
   * that travel with a word's index (one word), by row. The last query's answer is kept, so
   * that changing a filter asks nothing again. */
  /** @type {{ query: string | null, answer: Promise<Match> | null }} */
  var lastMatch = { query: null, answer: null };
  /** @param {string} query @returns {Promise<Match>} */
  function matches(query) {
    var words = tokens(query);
    var key = words.join(" ");
    if (lastMatch.query === key && lastMatch.answer) return lastMatch.answer;
    var answer = indexFile().then(/** @returns {Promise<Match>} */ function (table) {
      var count = table.count;
      var weights = Promise.all(words.map(function (w) { return wordWeights(table, w); }));
      if (words.length === 1) {
        return Promise.all([weights, firstResults(table, words[0])]).then(function (both) {
          var w = both[0];
          return { rows: scored(w[0].rows, w, count), words: words, phrases: [],
            prefixes: [w[0].prefixes], fallback: false, first: both[1] };
        });
      }
      var spelt = spellings(words);
      return Promise.all([weights, Promise.all(spelt.map(function (s) {
        return phraseRows(table, s);
      }))]).then(function (answers) {
        var w = answers[0];
        /** @type {Set<number>} */
        var found = new Set();
        var phrases = spelt.filter(function (s, i) {
          var rows = answers[1][i];
          rows.forEach(function (row) { found.add(row); });
          return rows.length > 0;
        });
        var fallback = !found.size;
        if (fallback) {
          w[0].rows.forEach(function (row) {
            if (w.every(function (m) { return m.weight[row] > 0; })) found.add(row);
          });
        }
        return { rows: scored(Array.from(found), w, count), words: words, phrases: phrases,
          prefixes: w.map(function (m) { return m.prefixes; }),
          fallback: fallback && found.size > 0, first: new Map() };
      });
    });
    lastMatch = { query: key, answer: answer };
    answer.catch(function () { if (lastMatch.answer === answer) lastMatch.query = null; });
    return answer;
  }

  // Getting ready to search: the rows, and while the reader types, the index files of the
  // words so far, fetched, not read (the query reads them) (of more than two letters: a word of one or two letters begins too many
  // words to fetch them all on the way to a longer one; searching for it, after the pause,
  // still does). Only where a reader is about to search; never on a page view alone.
  /** @param {string} [query] */
  function warmUp(query) {
    return indexFile().then(function (table) {
      return Promise.all(tokens(query || "").filter(function (w) {
        return w.length > 2;
      }).map(function (w) { return termFilesOf(table, w, !prefixesAtOnce(SPEC, w)); }));
    }).catch(function () {});
  }

  // "Did you mean": the query with each word the index does not have replaced by the nearest
  // word it has (search-engine.js's closest), or null; for a query with few results only.
  /** @type {Promise<(string | number)[]> | null} */
  var vocabularyFile = null;
  /** @param {string} query @param {number} results @returns {Promise<string | null>} */
  function suggestion(query, results) {
    var words = tokens(query);
    if (!words.length || results >= SPEC.suggest.fewer_than) return Promise.resolve(null);
    vocabularyFile = vocabularyFile || file(INDEX + "v.json.gz");
    return vocabularyFile.then(function (vocabulary) {
      var changed = false;
      var better = words.map(function (word) {
        var near = closest(SPEC, T, vocabulary, word);
        if (near) changed = true;
        return near || word;
      });
      return changed ? better.join(" ") : null;
    }).catch(function () { vocabularyFile = null; return null; });
  }

  // "Did you mean x?", x a link that runs the search.
  /** @param {string} text @param {string} href @param {(text: string) => void} [run] */
  function didYouMean(text, href, run) {
    var p = el("p", { "class": "tn-search__suggest" }, "Did you mean ");
    var a = el("a", { href: href }, text);
    if (run) a.addEventListener("click", function (ev) { ev.preventDefault(); run(text); });
    p.append(a, "?");
    return p;
  }

  // --- A result: the talk's result file, and where the query is in it ------------------------

  /* What a result shows, the same whether it comes from the talk's result file or with the
   * word's index (search/first.py): {url, meta, words: the page's words from `offset` on (of
   * its text split at white space, as its record counts them), body and end: where its
   * notes start and end (after the title, before the metadata), opinion and programme:
   * [start, end] of the note-taker's opinion box and of the programme block, or null
   * (first.page_parts), locations: the words to mark}. `info` is [url, meta, body, end,
   * opinion, programme], as both files hold it. */
  /** @param {Info | any[]} info @param {string} text @param {number} offset @returns {View} */
  function view(info, text, offset) {
    return { url: info[0], meta: info[1], words: text.split(" "), offset: offset,
      body: info[2], end: info[3], opinion: info[4] || null, programme: info[5] || null,
      locations: [], via: null };
  }

  // A talk (a row) as a result: data() is what it shows (above), with the words to mark
  // (`found`, or none), from its result file ([url, meta, body, end, opinion, programme,
  // text]: search/facets.py) unless it came with the query's index.
  /** @type {Map<string, Promise<any[]>>} */
  /** @param {number} row @returns {Promise<any[]>} */
  function resultOf(row) { return file(PAGES + row + ".json.gz"); }
  // The view with the words of `text` (its words from view.offset on) to mark for `found`,
  // and `via`: [the name, the alias] when the query is an alias of a theme (themes.yml) and
  // the notes do not have it, so that the result says why it is there.
  /** @param {View} view @param {string} text @param {Match | null} found @param {Table} table */
  function marked(view, text, found, table) {
    view.locations = found ? locate(T, text, found).map(function (l) {
      return l + view.offset;
    }) : [];
    var aliases = (table && table.index.aliases) || {}, query = found ? found.words.join(" ") : "";
    var inNotes = view.locations.some(function (l) { return l >= view.body && l < view.end; });
    view.via = Object.prototype.hasOwnProperty.call(aliases, query) && !inNotes ?
      [aliases[query], query] : null;
    return view;
  }
  /** @param {Table} table @param {number} row @param {Match | null} found @returns {Result} */
  function talk(table, row, found) {
    /** @type {Promise<View> | null} worked out once */
    var located = null;
    var card = found && found.first.get(row);
    return { row: row, ready: Boolean(card), data: function () {
      if (!located) {
        located = card ? Promise.resolve(marked(view(card.info, card.text, card.from), card.text,
          found, table)) :
          resultOf(row).then(function (result) {
            return marked(view(result, result[6], 0), result[6], found, table);
          });
        located.catch(function () { located = null; });
      }
      return /** @type {Promise<View>} */ (located);
    } };
  }

  // --- The facets: filtered and counted here (build_notes/search/facets.py) --------------------

  /* The facet columns of `kinds`: {table: the index's manifest, columns: {kind: {values:
   * [value], rows: [index or [indexes], per row]}, or null for a file that could not load}}.
   * The rows file only when a kind of it is asked for: the header's box counts none. */
  /** @param {string[]} kinds @returns {Promise<Facets>} */
  function facetColumns(kinds) {
    var apart = kinds.filter(function (k) { return ON_DEMAND.indexOf(k) !== -1; });
    var withRows = kinds.length > apart.length ? rowsFile() : Promise.resolve({});
    return Promise.all([indexFile(), withRows, Promise.all(apart.map(function (kind) {
      return file(FACETS + kind + ".json.gz").catch(function () { return null; });
    }))]).then(function (files) {
      /** @type {Record<string, Column | null>} */
      var columns = Object.assign({}, files[1]);
      apart.forEach(function (kind, i) { columns[kind] = files[2][i]; });
      return { table: files[0], columns: columns };
    });
  }
  /** @param {Column} column @param {number} row @returns {number[]} */
  function valuesAt(column, row) {
    var at = column.rows[row];
    return typeof at === "number" ? [at] : at;
  }

  // The rating facet offers "5" and "4 or more" down to "1 or more" (the URL's values); the
  // files hold each talk's rating, so a choice asks for the ratings at or above it.
  /** @param {string} choice */
  function atLeast(choice) {
    var from = choice === "5" ? 5 : Number((/^([1-4]) or more$/.exec(choice) || [])[1]);
    return RATINGS.filter(function (r) { return Number(r) >= from; });
  }

  /* Whether a row passes the filters ({kind: [values]}): one of the chosen values of each
   * kind (two themes widen the results, as a shop's filters do; a theme and a format
   * narrow them). A value no talk has matches nothing. The rating's choices are thresholds
   * ("4 or more"): the lowest decides; a value that is no choice ("rating=7") asks for
   * itself, and, like any unknown value, finds nothing. */
  /** @param {Filters} filters @param {Facets} data @returns {(row: number) => boolean} */
  function matcher(filters, data) {
    var tests = Object.keys(filters).filter(function (kind) {
      return filters[kind].length;
    }).map(function (kind) {
      var column = /** @type {Column} */ (data.columns[kind]);
      /** @type {Map<string, number>} */
      var index = new Map(column.values.map(function (v, i) { return [v, i]; }));
      /** @param {string} v */
      function at(v) { var i = index.get(v); return i === undefined ? -1 : i; }
      var wanted = filters[kind];
      if (kind === "rating") {
        var ratings = filters.rating.map(atLeast)
          .sort(function (a, b) { return b.length - a.length; })[0];
        if (ratings.length) wanted = ratings;
      }
      var any = wanted.map(at);
      return function (/** @type {number} */ row) {
        return valuesAt(column, row).some(function (i) { return any.indexOf(i) !== -1; });
      };
    });
    return function (row) { return tests.every(function (test) { return test(row); }); };
  }

  // The chosen values no talk has ({kind: [values]}): a URL typed or kept from an older site.
  /** @param {Filters} filters @param {Facets} data @returns {Filters} */
  function unknownValues(filters, data) {
    /** @type {Filters} */
    var unknown = Object.create(null);
    Object.keys(filters).forEach(function (kind) {
      var column = data.columns[kind];
      if (!column) return;
      var values = column.values;
      var missing = filters[kind].filter(function (v) {
        return kind === "rating" ? !atLeast(v).length : values.indexOf(v) === -1;
      });
      if (missing.length) unknown[kind] = missing;
    });
    return unknown;
  }

  // {kind: {value: number of the rows that have it}}, for the rating by choice (4 or more).
  /** @param {number[]} rows @param {string[]} kinds @param {Facets} data @returns {Counts} */
  function countValues(rows, kinds, data) {
    /** @type {Counts} */
    var counts = Object.create(null);
    kinds.forEach(function (kind) {
      var column = /** @type {Column} */ (data.columns[kind]);
      var n = new Array(column.values.length).fill(0);
      rows.forEach(function (row) {
        valuesAt(column, row).forEach(function (i) { n[i]++; });
      });
      // Keyed by names from talk files: no prototype, so a tag named "__proto__" is a key.
      /** @type {Record<string, number>} */
      var byValue = Object.create(null);
      column.values.forEach(function (v, i) { if (n[i]) byValue[v] = n[i]; });
      counts[kind] = byValue;
    });
    if (counts.rating) {
      /** @type {Record<string, number>} */
      var byChoice = Object.create(null), sum = 0;
      RATINGS.forEach(function (r) {
        sum += (counts.rating || {})[r] || 0;
        if (sum) byChoice[r === "5" ? r : r + " or more"] = sum;
      });
      counts.rating = byChoice;
    }
    return counts;
  }

  /* {results, counts: {kind: {value: count}}, fallback} for a query and filters: the
   * matches that pass the filters, best first (with no query: every talk that passes them,
   * in the site's order), and the counts of `counted` among them. A filter file that cannot
   * load leaves its counts out, and fails a search that filters on it. The first `shown`
   * results start loading before the counting. */
  /** @param {string} query @param {Filters} filters @param {string[]} counted
   * @param {number} shown */
  function run(query, filters, counted, shown) {
    var filtered = Object.keys(filters).filter(function (k) { return filters[k].length; });
    var kinds = counted.concat(filtered.filter(function (k) { return counted.indexOf(k) === -1; }));
    var found = tokens(query).length ? matches(query) : null;
    return Promise.all([found, facetColumns(kinds)]).then(function (both) {
      var match = /** @type {Match | null} */ (both[0]), data = both[1], table = data.table;
      filtered.forEach(function (kind) {
        if (!data.columns[kind]) throw new Error("the " + kind + " filter could not load");
      });
      var all = match ? match.rows : Array.from({ length: table.count }, function (_, row) {
        return row;
      });
      var keep = matcher(filters, data);
      var rows = all.filter(keep);
      var results = rows.map(function (row) { return talk(table, row, match); });
      results.slice(0, shown).forEach(function (r) { r.data().catch(function () {}); });
      // A filtered kind counts its values among the talks that pass the other kinds'
      // filters: what checking one more value of it would add.
      var loaded = counted.filter(function (k) { return data.columns[k]; });
      var counts = countValues(rows, loaded.filter(function (k) {
        return filtered.indexOf(k) === -1;
      }), data);
      loaded.filter(function (k) { return filtered.indexOf(k) !== -1; }).forEach(function (k) {
        var others = Object.assign({}, filters);
        delete others[k];
        counts[k] = countValues(all.filter(matcher(others, data)), [k], data)[k];
      });
      return { results: results, counts: counts, unknown: unknownValues(filters, data),
        fallback: match ? match.fallback : false };
    });
  }

  // --- Building the page, as text --------------------------------------------------------------

  /** @param {string} tag @param {Record<string, string>} [attrs] @param {string} [text] */
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    var given = attrs || {};
    Object.keys(given).forEach(function (k) { node.setAttribute(k, given[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* The excerpt: words of the notes around the first match there (search-engine.js's
   * excerptWindow), matches in <mark>, built as text nodes; said to be the note-taker's
   * opinion, or from the programme, when it comes from the opinion box or the programme
   * block. */
  /** @type {Record<string, string[]>} */
  var BOX_LABELS = {
    opinion: ["tn-result__opinion", "Note-taker\u2019s opinion: "],
    programme: ["tn-result__programme", "From the programme: "],
  };
  /** @param {View} view */
  function excerpt(view) {
    var cut = excerptWindow(SPEC, view, view.locations), from = cut.from, to = cut.to;
    /** @type {Record<number, boolean>} */
    var marked = {};
    view.locations.forEach(function (l) { marked[l] = true; });
    var p = el("p", { "class": "tn-result__excerpt" });
    // A box's label is the site's, not the talk's: said here, and never searched.
    var label = cut.box && BOX_LABELS[cut.box];
    if (label) p.appendChild(el("strong", { "class": label[0] }, label[1]));
    if (from > view.body) p.appendChild(document.createTextNode("\u2026 "));
    // (A result that came with the index has the excerpt's words only, from `offset` on.)
    var last = Math.min(to, view.offset + view.words.length);
    for (var i = Math.max(from, view.offset); i < last; i++) {
      var word = view.words[i - view.offset];
      p.appendChild(marked[i] ? el("mark", {}, word) : document.createTextNode(word));
      p.appendChild(document.createTextNode(" "));
    }
    if (to < view.end) p.appendChild(document.createTextNode("\u2026"));
    return p;
  }

  /** @param {View} view */
  function resultItem(view) {
    var li = el("li", { "class": "tn-result" });
    var href = new URL(view.url.replace(/^\//, ""), SITE).href;
    var a = el("a", { "class": "tn-result__title", href: href }, view.meta.title || view.url);
    li.appendChild(a);
    var details = [view.meta.conference, view.meta.format !== "Talk" ? view.meta.format : "",
      view.meta.speakers].filter(Boolean);
    if (details.length) li.appendChild(el("p", { "class": "tn-result__details" },
      details.join(" · ")));
    if (view.via) li.appendChild(el("p", { "class": "tn-result__via" },
      "Matched " + view.via[0] + " via \u201c" + view.via[1] + "\u201d"));
    li.appendChild(excerpt(view));
    return li;
  }

  // Once the page's changes so far are drawn (or 100 ms on, for a tab in the background,
  // which draws no frame).
  function drawn() {
    return new Promise(function (resolve) {
      requestAnimationFrame(function () { setTimeout(resolve, 0); });
      setTimeout(resolve, 100);
    });
  }

  // --- Keyboard -------------------------------------------------------------------------------

  /** @param {any} node an event's target */
  function editable(node) {
    return node && (node.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(node.tagName));
  }

  // Up and down move between the box and the result links; Enter follows a link as usual.
  /** @param {HTMLInputElement} box @param {HTMLElement} list */
  function arrowKeys(box, list) {
    /** @returns {HTMLAnchorElement[]} */
    function links() {
      return Array.from(list.querySelectorAll("a.tn-result__title"));
    }
    /** @param {KeyboardEvent} ev */
    function move(ev) {
      if (ev.key !== "ArrowDown" && ev.key !== "ArrowUp") return;
      var all = links();
      if (!all.length) return;
      var at = all.indexOf(/** @type {HTMLAnchorElement} */ (document.activeElement));
      var next = ev.key === "ArrowDown" ? at + 1 : at - 1;
      ev.preventDefault();
      if (next < 0) box.focus();
      else all[Math.min(next, all.length - 1)].focus();
    }
    box.addEventListener("keydown", move);
    list.addEventListener("keydown", move);
  }

  /** @returns {HTMLInputElement | null} */
  function focusTarget() {
    return document.querySelector(".tn-search-page .tn-search__input") ||
      document.querySelector(".tn-hsearch__input");
  }

  /* "/" and "s" put the focus in the search box (the search page's own, there). Single-key
   * shortcuts can be turned off (WCAG 2.1.4: a speech-input user's "s" must not jump): the
   * search page has the switch, kept in this browser's localStorage. */
  var KEYS_SETTING = "tn-search-keys";
  function keysOn() {
    try { return localStorage.getItem(KEYS_SETTING) !== "off"; } catch (e) { return true; }
  }
  /** @param {boolean} on */
  function showKeys(on) {
    document.querySelectorAll(".tn-hsearch__input, .tn-search__input").forEach(function (box) {
      if (on) box.setAttribute("aria-keyshortcuts", "/ s");
      else box.removeAttribute("aria-keyshortcuts");
    });
  }
  document.addEventListener("keydown", function (ev) {
    if ((ev.key !== "/" && ev.key !== "s") || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (editable(ev.target) || !keysOn()) return;
    var box = focusTarget();
    if (!box) return;
    ev.preventDefault();
    ev.stopPropagation();  // material's own shortcut would open its (absent) search dialog
    box.focus();
    box.select();
  }, true);

  // --- The header box ---------------------------------------------------------------------------

  /** @param {HTMLFormElement} form */
  function setUpHeader(form) {
    var box = /** @type {HTMLInputElement} */ (form.querySelector(".tn-hsearch__input"));
    var panel = /** @type {HTMLElement} */ (form.querySelector(".tn-hsearch__results"));
    var list = el("ul", { "class": "tn-results", "aria-label": "First results" });
    var status = el("p", { "class": "tn-hsearch__status", role: "status" });
    var more = /** @type {HTMLAnchorElement} */ (el("a", { "class": "tn-hsearch__more" }));
    var suggest = el("div", { "class": "tn-hsearch__suggest" });
    panel.append(suggest, status, list, more);
    arrowKeys(box, list);
    var asked = 0;
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    var timer;

    function close() { panel.hidden = true; }
    // Where this script was loaded from says where the search page is, on any page.
    form.action = SITE + "search/";
    /** @param {string} query */
    function searchUrl(query) {
      return form.action + "?q=" + encodeURIComponent(query);
    }

    function update() {
      var query = box.value.trim();
      var ticket = ++asked;
      if (!tokens(query).length) { close(); return; }
      run(query, {}, [], PREVIEW).then(function (found) {
        if (ticket !== asked) return;
        return Promise.all([suggestion(query, found.results.length),
          Promise.all(found.results.slice(0, PREVIEW).map(function (r) { return r.data(); }))])
          .then(function (answers) {
            if (ticket !== asked) return;
            var better = answers[0], datas = answers[1];
            suggest.replaceChildren();
            if (better) {
              suggest.appendChild(didYouMean(better, searchUrl(better), function (text) {
                box.value = text;
                update();
              }));
            }
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
      }).catch(function (error) {
        if (ticket !== asked) return;
        list.replaceChildren();
        status.textContent = "The search could not run: " + (error && error.message || error) +
          ". Reload the page to try again.";
        panel.hidden = false;
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
      if (!form.contains(/** @type {Node | null} */ (ev.target))) close();
    });
  }

  // --- The search page --------------------------------------------------------------------------

  /** @returns {{ query: string, filters: Filters }} */
  function readUrl() {
    var params = new URLSearchParams(location.search);
    /** @type {Filters} */
    var filters = {};
    FILTERS.forEach(function (kind) {
      var values = params.getAll(kind).filter(Boolean);
      if (values.length) filters[kind] = values;
    });
    return { query: params.get("q") || "", filters: filters };
  }

  /** @param {{ query: string, filters: Filters }} state @param {boolean} push */
  function writeUrl(state, push) {
    var params = new URLSearchParams();
    if (state.query) params.set("q", state.query);
    FILTERS.forEach(function (kind) {
      (state.filters[kind] || []).forEach(function (v) { params.append(kind, v); });
    });
    var search = params.toString();
    var url = location.pathname + (search ? "?" + search : "");
    if (url === location.pathname + location.search) return;
    // A new search starts at its first page, at the top: no remembered place (`remember`).
    history[push ? "pushState" : "replaceState"]({}, "", url);
  }

  /* The place in this history entry's results: how many are shown ("More results") and
   * the scroll position, kept in history.state, so Back to the page (reloaded, or from the
   * back-forward cache) shows the same results at the same place. */
  /** @param {Record<string, number>} place */
  function remember(place) {
    var kept = Object.assign({}, history.state || {}, place);
    try { history.replaceState(kept, "", location.href); } catch (e) { /* file:// */ }
  }

  /** @param {HTMLElement} root */
  function setUpPage(root) {
    // The filters some talk has a value of (render.py): no filter offers nothing.
    var present = (root.getAttribute("data-tn-search-page") || FILTERS.join(" ")).split(" ");
    var filterKinds = FILTERS.filter(function (kind) { return present.indexOf(kind) !== -1; });
    /** @type {Record<string, Record<string, string>>} names of the values that are ids */
    var labels = Object.create(null);
    root.querySelectorAll(".tn-search-labels > li").forEach(function (li) {
      var kind = li.getAttribute("data-filter") || "";
      labels[kind] = labels[kind] || Object.create(null);
      labels[kind][li.getAttribute("data-value") || ""] = li.textContent || "";
    });
    /** @param {string} kind @param {string} value */
    function label(kind, value) {
      if (kind === "rating") return value === "5" ? "★★★★★ 5" : "★ " + value;
      return (labels[kind] && labels[kind][value]) || value;
    }

    var form = el("form", { "class": "tn-search__form", role: "search" });
    var box = /** @type {HTMLInputElement} */ (el("input", { "class": "tn-search__input",
      type: "search", name: "q", placeholder: "Search the talks",
      "aria-label": "Search the talks", autocomplete: "off", spellcheck: "false",
      "aria-keyshortcuts": "/ s" }));
    form.appendChild(box);
    var keys = /** @type {HTMLInputElement} */ (el("input", { type: "checkbox",
      id: "tn-search-keys" }));
    keys.checked = keysOn();
    keys.addEventListener("change", function () {
      try { localStorage.setItem(KEYS_SETTING, keys.checked ? "on" : "off"); } catch (e) { /* */ }
      showKeys(keys.checked);
    });
    var keysLabel = el("label", { "for": "tn-search-keys" },
      "Keys / and s jump to the search box");
    var keysRow = el("p", { "class": "tn-search__keys" });
    keysRow.append(keys, " ", keysLabel);
    form.appendChild(keysRow);
    var layout = el("div", { "class": "tn-search__layout" });
    var facets = el("form", { "class": "tn-facets", "aria-label": "Filters",
      id: "tn-search-filters" });
    // On a phone the filters wait behind this button, above the results (search.css hides
    // the button on wider screens, where the filters sit beside the results).
    var toggle = el("button", { "class": "md-button tn-search__toggle", type: "button",
      "aria-controls": "tn-search-filters", "aria-expanded": "false" }, "Filters");
    toggle.addEventListener("click", function () {
      var open = !layout.classList.contains("tn-search__layout--open");
      layout.classList.toggle("tn-search__layout--open", open);
      toggle.setAttribute("aria-expanded", String(open));
    });
    function narrow() { return getComputedStyle(toggle).display !== "none"; }
    var main = el("div", { "class": "tn-search__main" });
    var status = el("p", { "class": "tn-search__status", role: "status" });
    var empty = el("div", { "class": "tn-search__empty" });
    var list = el("ol", { "class": "tn-results", "aria-label": "Results" });
    var more = el("button", { "class": "md-button tn-search__more", type: "button" }, "More results");
    var suggest = el("div", { "class": "tn-search__suggestion" });
    main.append(status, empty, suggest, list, more);
    layout.append(toggle, facets, main);
    root.append(form, layout);
    arrowKeys(box, list);

    var state = readUrl();
    var asked = 0;
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    var timer;
    /** @type {Result[]} */
    var shown = [];
    /** @type {Record<string, boolean>} filters of ON_DEMAND whose counts the reader asked for */
    var opened = {};
    /** @type {string | null} such a filter, opened from the keyboard: focus it once shown */
    var focusAfter = null;

    function clearFilters() {
      state.filters = {};
      writeUrl(state, true);
      update();
    }

    /** @param {string} text */
    function runSuggested(text) {
      state.query = text;
      box.value = text;
      writeUrl(state, true);
      update();
    }

    /** @param {string} query @param {boolean} hasFilters @param {string | null} better */
    function emptyState(query, hasFilters, better) {
      empty.replaceChildren();
      if (better) empty.appendChild(didYouMean(better, "?q=" + encodeURIComponent(better),
                                               runSuggested));
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
      tips.appendChild(el("li", {}, "Check the spelling; a word of four letters or more finds " +
        "the words it begins (\u201ccyclic\u201d finds \u201ccyclictest\u201d)."));
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
      return filterKinds.filter(function (kind) {
        return ON_DEMAND.indexOf(kind) === -1 || opened[kind];
      });
    }

    // A filter not loaded yet: a disclosure that loads it, then the facet replaces it.
    /** @param {string} kind */
    function onDemandFacet(kind) {
      var set = el("fieldset", { "class": "tn-facet", "data-filter": kind });
      set.appendChild(el("legend", {}, FILTER_NAMES[kind]));
      var load = /** @type {HTMLDetailsElement} */ (el("details", { "class": "tn-facet__load" }));
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

    /** @param {Counts | null} counts @param {Filters | null} unknown */
    function renderFacets(counts, unknown) {
      // The filter the reader just changed keeps the focus (Space on a checkbox must not
      // send it to the page's start when the facets are redrawn).
      var active = /** @type {HTMLInputElement | null} */ (document.activeElement);
      var focused = active && facets.contains(active) && active.name ?
        [active.name, active.value] : null;
      facets.replaceChildren();
      filterKinds.forEach(function (kind) {
        if (ON_DEMAND.indexOf(kind) !== -1 && !opened[kind]) {
          facets.appendChild(onDemandFacet(kind));
          return;
        }
        var chosen = state.filters[kind] || [];
        var ofKind = (counts || {})[kind] || {};
        var values = Object.keys(ofKind).filter(function (v) {
          return ofKind[v] > 0 || chosen.indexOf(v) !== -1;
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
          return Number(chosen.indexOf(b) !== -1) - Number(chosen.indexOf(a) !== -1) ||
            (ofKind[b] || 0) - (ofKind[a] || 0) ||
            byName.compare(label(kind, a), label(kind, b));
        });
        if (kind === "rating") values.sort().reverse();  // 5, 4 or more, 3 or more...
        var set = el("fieldset", { "class": "tn-facet", "data-filter": kind });
        set.appendChild(el("legend", {}, FILTER_NAMES[kind]));
        /** @type {HTMLElement | null} */
        var rest = null;
        values.forEach(function (value, i) {
          var id = "tn-f-" + kind + "-" + i;
          var row = el("div", { "class": "tn-facet__value" });
          var input = /** @type {HTMLInputElement} */ (el("input", { type: "checkbox", id: id,
            value: value, name: kind }));
          input.checked = chosen.indexOf(value) !== -1;
          var missing = unknown && unknown[kind] && unknown[kind].indexOf(value) !== -1;
          var text = el("label", { "for": id }, label(kind, value) + " ");
          if (missing) {
            // Not "4 (0)" beside results: no talk has this value at all.
            row.classList.add("tn-facet__value--unknown");
            text.appendChild(el("span", { "class": "tn-facet__unknown" },
              "matches no talk; uncheck to remove"));
          } else {
            text.appendChild(el("span", { "class": "tn-facet__count" },
              String(ofKind[value] || 0)));
          }
          row.append(input, text);
          input.addEventListener("change", function () {
            var list2 = (state.filters[kind] || []).filter(function (v) { return v !== value; });
            if (input.checked) list2.push(value);
            if (list2.length) state.filters[kind] = list2; else delete state.filters[kind];
            writeUrl(state, true);
            update().then(function () {
              // On a phone the results are below the filters: bring them into view.
              if (narrow() && status.getBoundingClientRect().top > window.innerHeight * 0.6) {
                status.scrollIntoView({ block: "start" });
              }
            });
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
      if (focused) {
        var name = focused[0], value = focused[1];
        var again = Array.from(facets.querySelectorAll("input")).filter(function (i) {
          return i.name === name && i.value === value;
        })[0];
        if (again) again.focus();
      }
      if (focusAfter) {
        var shownFacet = facets.querySelector(".tn-facet[data-filter='" + focusAfter + "']");
        /** @type {HTMLElement | null} */
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
        remember({ shown: list.children.length });
        var link = list.children[before] && list.children[before].querySelector("a");
        if (link) link.focus();
      });
    });
    // The browser would scroll before the results are back; the page does it once they are.
    if ("scrollRestoration" in history) history.scrollRestoration = "manual";
    var restoring = history.state || {};
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    var scrolled;
    window.addEventListener("scroll", function () {
      clearTimeout(scrolled);
      scrolled = setTimeout(function () { remember({ scroll: window.scrollY }); }, 100);
    }, { passive: true });
    window.addEventListener("pagehide", function () { remember({ scroll: window.scrollY }); });

    // After a page of results: as many more as this entry had shown, then its scroll.
    /** @param {number} ticket */
    function restore(ticket) {
      var place = restoring;
      restoring = {};
      /** @returns {Promise<void>} */
      function moreUntil() {
        if (ticket !== asked || list.children.length >= Math.min(place.shown || 0,
                                                                  shown.length)) {
          return Promise.resolve();
        }
        return showMore().then(moreUntil);
      }
      return moreUntil().then(function () {
        if (ticket === asked && place.scroll) window.scrollTo(0, place.scroll);
      });
    }

    function update() {
      var query = state.query.trim();
      var ticket = ++asked;
      var hasFilters = Object.keys(state.filters).length > 0;
      var active = Object.keys(state.filters).reduce(function (n, kind) {
        return n + state.filters[kind].length;
      }, 0);
      toggle.textContent = active ? "Filters (" + active + ")" : "Filters";
      toggle.setAttribute("aria-label", active ? "Filters, " + active + " chosen" : "Filters");
      document.title = (query ? "\u201c" + query + "\u201d \u2013 " : "") +
        document.title.replace(/^\u201c.*?\u201d \u2013 /, "");
      toggle.hidden = !tokens(query).length && !hasFilters;  // no filters to show yet
      if (toggle.hidden) {
        list.replaceChildren(); facets.replaceChildren(); suggest.replaceChildren();
        empty.hidden = true; more.hidden = true;
        facets.removeAttribute("aria-busy");
        status.textContent = "Type a word of the notes, a speaker, an organization or a tag.";
        root.setAttribute("data-tn-answered", "");
        return Promise.resolve();
      }
      facets.setAttribute("aria-busy", "true");
      return run(query, state.filters, counted(), SCREEN).then(function (found) {
        if (ticket !== asked) return;
        // The status, the counts and the results a screen shows change together, once those
        // results are in; the rest of the page follows. A result that did not come with the
        // index is a request, and ten at once are answered about one after another (some 5 ms
        // each on two cores), so the first four are asked for first, and the other six once
        // those are on screen. A page whose results all came with the index shows at once.
        var ready = found.results.slice(0, PAGE).every(function (r) { return r.ready; });
        var now = ready ? PAGE : SCREEN;
        var screen = found.results.slice(0, now).map(function (r) { return r.data(); });
        var suggesting = suggestion(query, found.results.length);
        return Promise.all([suggesting, Promise.all(screen)]).then(function (answers) {
          if (ticket !== asked) return;
          var better = answers[0], top = answers[1];
          suggest.replaceChildren();
          shown = found.results;
          list.replaceChildren.apply(list, top.map(function (d) { return resultItem(d); }));
          more.hidden = true;
          empty.hidden = true;
          var n = shown.length;
          if (!n) {
            status.textContent = "No results.";
            emptyState(query, hasFilters, better);
          } else {
            if (better) {
              suggest.appendChild(didYouMean(better, "?q=" + encodeURIComponent(better),
                                             runSuggested));
            }
            status.textContent = (found.fallback ? "No talk has the phrase \u201c" + query +
              "\u201d; these have all its words. " : "") + n + (n === 1 ? " talk" : " talks") +
              (query ? " for \u201c" + query + "\u201d" : "") + (hasFilters ? ", filtered." : ".");
          }
          // With no result, the chosen filters are still shown (counted 0), to take back.
          renderFacets(found.counts, found.unknown);
          facets.removeAttribute("aria-busy");
          root.setAttribute("data-tn-listed", query);
          // Asked for after the frame that draws the first screen: their requests and their
          // answers would hold that frame up (by 15 to 30 ms here).
          var rest = found.results.slice(now, PAGE);
          return (rest.length ? drawn() : Promise.resolve()).then(function () {
            if (ticket !== asked) return [];
            return Promise.all(rest.map(function (r) { return r.data(); }));
          }).then(function (datas) {
            if (ticket !== asked) return;
            datas.forEach(function (d) { list.appendChild(resultItem(d)); });
            more.hidden = list.children.length >= shown.length;
            return restore(ticket);
          }).then(function () {
            if (ticket === asked) root.setAttribute("data-tn-answered", query);
          });
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
      restoring = history.state || {};
      box.value = state.query;
      update();
    });
    // A page restored from the back-forward cache keeps its results; a reloaded one reads
    // the URL again (the query and filters of the search it left).
    var blank = !state.query && !Object.keys(state.filters).length;
    if (blank) {
      // The index's manifest, and the filters every query counts (the rows file).
      Promise.all([warmUp(""), rowsFile().catch(function () {})]).then(function () {
        root.setAttribute("data-tn-warm", "");
      });
    }
    update();
    if (blank) box.focus();
  }

  function setUp() {
    /** @type {HTMLElement | null} */
    var page = document.querySelector("[data-tn-search-page]");
    if (page && !page.dataset.ready) { page.dataset.ready = "1"; setUpPage(page); }
    /** @type {NodeListOf<HTMLFormElement>} */
    var forms = document.querySelectorAll("[data-tn-search-box]");
    forms.forEach(function (form) {
      if (form.dataset.ready) return;
      form.dataset.ready = "1";
      setUpHeader(form);
    });
    showKeys(keysOn());
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
