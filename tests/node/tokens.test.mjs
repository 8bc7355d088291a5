// The page's search engine (build_notes/assets/search-engine.js) against the same table of
// cases as the Python tokenizer (tests/test_search_tokens.py), with the same constants
// (build_notes/data/search.json, which the build gives the page as search-spec.js).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { tokenizer, matchShare, prefixesAtOnce } from "../../build_notes/assets/search-engine.js";

const read = (path) => JSON.parse(readFileSync(new URL(path, import.meta.url), "utf-8"));
const SPEC = read("../../build_notes/data/search.json");
const CASES = read("../data/tokenizer_cases.json");
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
    assert.equal(T.form(word), base === word ? null : SPEC.form_marker + base);
  });
}

test("symbol names are never their bare letter", () => {
  for (const name of ["C++", "C#", "F#", ".NET"]) {
    const [term] = T.terms(name);
    assert.equal(term, name.toLowerCase());
    assert.equal(matchShare(SPEC, term, "~" + term, "c", true), 0);
  }
});

test("the word as written ranks above its forms, and those above longer words", () => {
  const exact = matchShare(SPEC, "decorators", "~decorator", "decorators", true);
  const other = matchShare(SPEC, "decorators", "~decorator", "~decorator", true);
  const also = matchShare(SPEC, "decorators", "~decorator", "decorator", true);
  const longer = matchShare(SPEC, "decorators", "~decorator", "decoratorsx", true);
  assert.ok(exact > other && other === also && other > longer && longer > 0);
  assert.equal(matchShare(SPEC, "gil", "~gil", "giles", prefixesAtOnce(SPEC, "gil")), 0);
  assert.ok(prefixesAtOnce(SPEC, "cycl") && !prefixesAtOnce(SPEC, "gil"));
});
