// @ts-check
/* talk-notes search engine: the tokenizer and the query's rules, with no page around them
 * (search.js is the page's UI). It runs the steps of build_notes/search/tokens.py from the same
 * data, build_notes/data/search.json, which the build writes beside this file as search-spec.js;
 * tests/node/ run it in Node against the cases the Python side is tested with. */

/**
 * @typedef {{
 *   accent_marks: string[], cjk: string[], apostrophes: string[],
 *   elisions: Record<string, string[]>, joiners: string[], symbol_prefixes: string[],
 *   symbol_suffixes: string[], form_marker: string,
 *   stemming: { letters: string, vowels: string, min_length: number, not_plural: string[],
 *     plurals: [string, string][], suffixes: [string, number][], undouble: string,
 *     final_e_min: number },
 *   ranking: { exact: number, form: number, prefix: number, prefix_min_length: number,
 *     saturation: number },
 *   excerpt: { words: number, before: number }
 * }} Spec
 * @typedef {{ start: number, terms: string[], extras: string[] }} Word
 */

/** @param {string} text */
function escaped(text) { return text.replace(/[.*+?^${}()|[\]\\\/-]/g, "\\$&"); }

/** The code point ranges ("0300-036F") as the inside of a regular expression's class.
 * @param {string[]} ranges */
function rangeClass(ranges) {
  return ranges.map(function (item) {
    var ends = item.split("-");
    return "\\u{" + ends[0] + "}-\\u{" + ends[1] + "}";
  }).join("");
}

/** @param {string[]} strings */
function either(strings) {
  return strings.slice().sort(function (a, b) { return b.length - a.length; })
    .map(escaped).join("|");
}

/** The tokenizer of `spec` (see build_notes/search/tokens.py for what each step does).
 * @param {Spec} spec */
export function tokenizer(spec) {
  var marks = new RegExp("[" + rangeClass(spec.accent_marks) + "]+", "gu");
  var cjk = rangeClass(spec.cjk);
  var letter = "(?:(?![" + cjk + "])[\\p{L}\\p{N}])";
  var apostrophe = "[" + spec.apostrophes.map(escaped).join("") + "]";
  var joiner = "[" + spec.joiners.map(escaped).join("") + "]";
  var part = letter + "+(?:" + apostrophe + letter + "+)*";
  var token = new RegExp("([" + cjk + "]+)|((?:" + either(spec.symbol_prefixes) + ")?" + part +
    "(?:" + joiner + part + ")*(?:" + either(spec.symbol_suffixes) + ")?)", "gu");
  var plain = new RegExp("^" + letter + "+$", "u");
  var apostrophes = new RegExp(apostrophe, "u");
  var joiners = new RegExp(joiner, "u");
  var elisions = new Set(Object.keys(spec.elisions).flatMap(function (k) {
    return spec.elisions[k];
  }));
  var rules = spec.stemming;

  /** NFKC, case folded as Python's str.casefold() folds (the cases that survive NFKC),
   * accents dropped.
   * @param {string} text */
  function fold(text) {
    var folded = text.normalize("NFKC").toLowerCase().replace(/\u00df/g, "ss")
      .replace(/\u03c2/g, "\u03c3").replace(/\u017f/g, "s").replace(/\u1e9e/g, "ss");
    if (/^[\x00-\x7f]*$/.test(folded)) return folded;
    return folded.normalize("NFD").replace(marks, "").normalize("NFC");
  }

  /** @param {string} piece */
  function elided(piece) {
    var pieces = piece.split(apostrophes);
    if (pieces.length > 1 && elisions.has(pieces[0])) pieces = pieces.slice(1);
    return pieces.join("");
  }

  /** @param {number} start @param {string} raw @returns {Word} */
  function word(start, raw) {
    var prefix = spec.symbol_prefixes.filter(function (p) { return raw.startsWith(p); })[0] || "";
    var suffix = spec.symbol_suffixes.filter(function (s) { return raw.endsWith(s); })[0] || "";
    var core = raw.slice(prefix.length, raw.length - suffix.length);
    var parts = core.split(joiners).map(elided);
    if (parts.length > 1) return { start: start, terms: parts, extras: [parts.join("")] };
    if (prefix || suffix) {
      return { start: start, terms: [prefix + parts[0] + suffix], extras: [parts[0]] };
    }
    return { start: start, terms: parts, extras: [] };
  }

  /** The words of folded text, in order.
   * @param {string} folded @returns {Word[]} */
  function scan(folded) {
    /** @type {Word[]} */
    var out = [];
    for (var match of folded.matchAll(token)) {
      var raw = match[0], start = match.index || 0;
      if (match[1]) {
        var grams = [];
        for (var i = 0; i + 1 < raw.length; i++) grams.push(raw.slice(i, i + 2));
        // (CJK characters outside the BMP are two code units: a rare case, cut as units.)
        out.push({ start: start, terms: grams.length ? grams : [raw], extras: [] });
      } else if (plain.test(raw)) {
        out.push({ start: start, terms: [raw], extras: [] });
      } else {
        out.push(word(start, raw));
      }
    }
    return out;
  }

  /** The terms of `text` in a row: a query's words.
   * @param {string} text */
  function terms(text) {
    return scan(fold(text)).flatMap(function (w) { return w.terms; });
  }

  /** @param {string} text */
  function hasVowel(text) {
    return Array.from(text).some(function (c) { return rules.vowels.includes(c); });
  }

  /** The English word form of a word (see tokens.stem).
   * @param {string} w */
  function stem(w) {
    if (w.length < rules.min_length ||
        !Array.from(w).every(function (c) { return rules.letters.includes(c); })) return w;
    if (!rules.not_plural.some(function (end) { return w.endsWith(end); })) {
      for (var rule of rules.plurals) {
        if (w.endsWith(rule[0])) {
          if (w.length - rule[0].length + rule[1].length >= 3) {
            w = w.slice(0, w.length - rule[0].length) + rule[1];
          }
          break;
        }
      }
    }
    for (var suffix of rules.suffixes) {
      var rest = w.slice(0, w.length - suffix[0].length);
      if (w.endsWith(suffix[0]) && rest.length >= suffix[1] && hasVowel(rest)) {
        w = rest;
        var last = w[w.length - 1];
        if (w.length >= 2 && last === w[w.length - 2] && rules.undouble.includes(last)) {
          w = w.slice(0, -1);
        }
        break;
      }
    }
    if (w.length >= rules.final_e_min && w.endsWith("e")) w = w.slice(0, -1);
    return w;
  }

  /** The index's term for the other forms of a term, or null (tokens.form).
   * @param {string} term */
  function form(term) {
    var base = stem(term);
    return base !== term ? base + spec.form_marker : null;
  }

  return { fold: fold, scan: scan, terms: terms, stem: stem, form: form };
}

/** How a term of the index matches a query word: 0 not at all, else the share of its weight
 * that counts (the word as written, another form of it, or a longer word it begins, counted
 * as len(query) / len(term) of that).
 * @param {Spec} spec @param {string} query @param {string} queryForm the query's form term
 * @param {string} term @param {boolean} prefixes whether longer words count */
export function matchShare(spec, query, queryForm, term, prefixes) {
  var r = spec.ranking;
  if (term === query) return r.exact;
  if (term === queryForm || term === queryForm.slice(0, -spec.form_marker.length)) return r.form;
  if (prefixes && term.startsWith(query) && !term.endsWith(spec.form_marker)) {
    return r.prefix * query.length / term.length;
  }
  return 0;
}

/** Whether a query word may match the longer words it begins without waiting to see that
 * nothing else matches (GIL must not find Giles first).
 * @param {Spec} spec @param {string} query */
export function prefixesAtOnce(spec, query) {
  return query.length >= spec.ranking.prefix_min_length;
}

/** The edit distance of two words (insertions, deletions, substitutions and swaps of two
 * letters side by side), or `limit` + 1 once it is sure to be more than `limit`.
 * @param {string} a @param {string} b @param {number} limit */
export function editDistance(a, b, limit) {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  /** @type {number[][]} */
  var d = [];
  for (var i = 0; i <= a.length; i++) {
    d.push([i]);
    var low = i;
    for (var j = 1; j <= b.length; j++) {
      if (i === 0) { d[0].push(j); continue; }
      var cost = a[i - 1] === b[j - 1] ? 0 : 1;
      var v = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        v = Math.min(v, d[i - 2][j - 2] + 1);
      }
      d[i].push(v);
      low = Math.min(low, v);
    }
    if (i > 0 && low > limit) return limit + 1;
  }
  return Math.min(d[a.length][b.length], limit + 1);
}

/** The word of the index's vocabulary ([word, talks, ...], the most talks first) that a
 * reader who typed `word` most likely meant: the nearest (one edit, or two for a long word),
 * and of those the one in the most talks; null for a word the index has, or another form of
 * one, or none near enough.
 * @param {Spec & { suggest: { max_distance: number, long_word: number, min_length: number } }} spec
 * @param {{ stem: (w: string) => string }} words the tokenizer
 * @param {(string|number)[]} vocabulary @param {string} word */
export function closest(spec, words, vocabulary, word) {
  var rules = spec.suggest;
  if (word.length < rules.min_length) return null;
  var limit = word.length >= rules.long_word ? rules.max_distance : 1;
  var base = words.stem(word), best = null, distance = limit + 1;
  for (var i = 0; i < vocabulary.length; i += 2) {
    var known = String(vocabulary[i]);
    if (known === word || words.stem(known) === base) return null;
    if (Math.abs(known.length - word.length) >= distance) continue;
    var d = editDistance(word, known, distance - 1);
    if (d < distance) { best = known; distance = d; }
  }
  return best;
}

/**
 * @typedef {ReturnType<typeof tokenizer>} Tokenizer
 * @typedef {{ words: string[], prefixes: boolean[], phrases: string[][] }} Found
 * @typedef {{ body: number, end: number, opinion: number[] | null,
 *   programme: number[] | null }} Parts
 */

/** Which of a page's words (its text split at white space, as its record counts them) show
 * the query `found`: a word that matches a query word (as written, another form, or a longer
 * word it begins where the query took those), or a phrase's words in a row; in order.
 * @param {Tokenizer} words the tokenizer @param {string} content @param {Found} found
 * @returns {number[]} */
export function locate(words, content, found) {
  var text = words.fold(content);
  /** @type {number[]} */
  var starts = [];
  /** @type {number[]} */
  var hits = [];
  var lead = /^\s/.test(text) ? 1 : 0;  // split(/\s+/) then begins with ""
  text.replace(/\S+/g, function (chunk, at) { starts.push(at); return chunk; });
  /** The last chunk that starts at or before `offset`. @param {number} offset */
  function chunkAt(offset) {
    var lo = 0, hi = starts.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid; else hi = mid - 1;
    }
    return lo + lead;
  }
  var stems = found.words.map(function (q) { return words.stem(q); });
  /** @param {string} term */
  function matchesWord(term) {
    return found.words.some(function (q, i) {
      return term === q || words.stem(term) === stems[i] ||
        (found.prefixes[i] && term.indexOf(q) === 0);
    });
  }
  /** @type {{ word: string, chunk: number }[]} the terms in a row, each with its chunk */
  var stream = [];
  words.scan(text).forEach(function (word) {
    var chunk = chunkAt(word.start), all = word.terms.concat(word.extras);
    word.terms.forEach(function (term) { stream.push({ word: term, chunk: chunk }); });
    var hit = found.phrases.length ? found.phrases.some(function (s) {
      return s.length === 1 && all.indexOf(s[0]) !== -1;
    }) : all.some(matchesWord);
    if (hit) hits.push(chunk);
  });
  found.phrases.forEach(function (s) {
    if (s.length < 2) return;
    for (var i = 0; i + s.length <= stream.length; i++) {
      if (s.every(function (word, k) { return stream[i + k].word === word; })) {
        for (var k = 0; k < s.length; k++) hits.push(stream[i + k].chunk);
      }
    }
  });
  return Array.from(new Set(hits)).sort(function (a, b) { return a - b; });
}

/** The excerpt of a result: its words [from, to) of the page's, around the first of `hits`
 * (in order) in the notes, outside the programme block if one is (its words are the
 * programme's, not the note-taker's), or from the notes' start; `box`: "opinion" or
 * "programme" when the excerpt comes from that box, where it then starts (the page says so),
 * else null. build_notes/search/first.py (excerpt_window) cuts the same; both run
 * tests/data/excerpt_cases.json.
 * @param {Spec} spec @param {Parts} parts @param {number[]} hits
 * @returns {{ from: number, to: number, box: string | null }} */
export function excerptWindow(spec, parts, hits) {
  var body = parts.body, end = parts.end;
  /** @param {number} at @param {number[] | null} box */
  function within(at, box) { return box !== null && at >= box[0] && at < box[1]; }
  var inNotes = hits.filter(function (at) { return at >= body && at < end; });
  var centre = inNotes.filter(function (at) { return !within(at, parts.programme); })[0];
  if (centre === undefined) centre = inNotes[0];
  if (centre === undefined) centre = body;
  var from = Math.max(body, centre - spec.excerpt.before);
  /** @type {string | null} */
  var box = null;
  /** @type {[string, number[] | null][]} */
  var boxes = [["opinion", parts.opinion], ["programme", parts.programme]];
  boxes.forEach(function (pair) {
    if (pair[1] && within(centre, pair[1])) {
      box = pair[0];
      from = Math.max(from, pair[1][0]);
    }
  });
  return { from: from, to: Math.min(end, from + spec.excerpt.words), box: box };
}
