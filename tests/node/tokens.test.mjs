// The page's search engine (build_notes/assets/search-engine.js) against the same table of
// cases as the Python tokenizer (tests/search/test_tokens.py), with the same constants
// (build_notes/data/search.json, which the build gives the page as search-spec.js).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as ENGINE from "../../build_notes/assets/search-engine.js";

const read = (path) => JSON.parse(readFileSync(new URL(path, import.meta.url), "utf-8"));
const SPEC = read("../../build_notes/data/search.json");
const CASES = read("../data/tokenizer_cases.json");
const { tokenizer, matchShare, prefixesAtOnce } = ENGINE;
const T = tokenizer(SPEC);

for (const c of CASES.words) {
  test(`words: ${c.text || "(empty)"}`, () => {
    const words = T.scan(T.fold(c.text));
    assert.deepEqual(words.flatMap((w) => w.terms), c.terms);
    assert.deepEqual(words.flatMap((w) => w.extras), c.extras);
    assert.deepEqual(T.terms(c.text), c.terms);
  });
}

for (const [text, folded] of CASES.folds) {
  test(`fold: ${text}`, () => assert.equal(T.fold(text), folded));
}

for (const [word, base] of CASES.stems) {
  test(`stem: ${word}`, () => {
    assert.equal(T.stem(word), base);
    assert.equal(T.form(word), base === word ? null : base + SPEC.form_marker);
  });
}

test("symbol names are never their bare letter", () => {
  for (const name of ["C++", "C#", "F#", ".NET"]) {
    const [term] = T.terms(name);
    assert.equal(term, name.toLowerCase());
    assert.equal(matchShare(SPEC, term, term + "~", "c", true), 0);
  }
});

test("the word as written ranks above its forms, and those above longer words", () => {
  const exact = matchShare(SPEC, "decorators", "decorator~", "decorators", true);
  const other = matchShare(SPEC, "decorators", "decorator~", "decorator~", true);
  const also = matchShare(SPEC, "decorators", "decorator~", "decorator", true);
  const longer = matchShare(SPEC, "decorators", "decorator~", "decoratorsx", true);
  assert.ok(exact > other && other === also && other > longer && longer > 0);
  assert.equal(matchShare(SPEC, "gil", "gil~", "giles", prefixesAtOnce(SPEC, "gil")), 0);
  assert.ok(prefixesAtOnce(SPEC, "cycl") && !prefixesAtOnce(SPEC, "gil"));
});

test("edit distance counts insertions, deletions, changes and swaps, up to a limit", () => {
  const { editDistance } = ENGINE;
  assert.equal(editDistance("asyncronous", "asynchronous", 2), 1);
  assert.equal(editDistance("kuberntes", "kubernetes", 2), 1);
  assert.equal(editDistance("ecph", "ceph", 2), 1);
  assert.equal(editDistance("cpeh", "ceph", 2), 1);
  assert.equal(editDistance("kvm", "kvm", 2), 0);
  assert.equal(editDistance("openstack", "kvm", 2), 3);
});

test("did you mean: the nearest word of the vocabulary, the most talks first", () => {
  const { closest } = ENGINE;
  const vocabulary = ["storage", 40, "asynchronous", 3, "asynchronously", 2, "kubernetes", 9,
    "decorator", 2, "ceph", 30, "cephs", 1, "cert", 2];
  assert.equal(closest(SPEC, T, vocabulary, "asyncronous"), "asynchronous");
  assert.equal(closest(SPEC, T, vocabulary, "kuberntes"), "kubernetes");
  assert.equal(closest(SPEC, T, vocabulary, "stroage"), "storage");
  assert.equal(closest(SPEC, T, vocabulary, "cepg"), "ceph");  // in more talks than "cert"
  assert.equal(closest(SPEC, T, vocabulary, "storage"), null);  // a word of the index
  assert.equal(closest(SPEC, T, vocabulary, "decorators"), null);  // a form of one
  assert.equal(closest(SPEC, T, vocabulary, "zzzzzz"), null);
  assert.equal(closest(SPEC, T, vocabulary, "cph"), null);  // too short to guess
});
