// The page's excerpt (build_notes/assets/search-engine.js: locate, excerptWindow) against the
// table the Python side runs too (tests/search/test_excerpt_cases.py), with the same constants
// (build_notes/data/search.json).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { tokenizer, prefixesAtOnce, locate, excerptWindow } from "../../build_notes/assets/search-engine.js";

const read = (path) => JSON.parse(readFileSync(new URL(path, import.meta.url), "utf-8"));
const SPEC = read("../../build_notes/data/search.json");
const CASES = read("../data/excerpt_cases.json");
const T = tokenizer(SPEC);

for (const c of CASES.windows) {
  test(`window: ${c.name}`, () => {
    assert.deepEqual(excerptWindow(SPEC, c.parts, c.hits), { from: c.from, to: c.to, box: c.box });
  });
}

for (const c of CASES.texts) {
  test(`text: ${c.name}`, () => {
    const found = { words: [c.query], prefixes: [prefixesAtOnce(SPEC, c.query)], phrases: [] };
    const cut = excerptWindow(SPEC, c.parts, locate(T, c.text, found));
    assert.equal(cut.from, c.from);
    assert.equal(c.text.split(" ").slice(cut.from, cut.to).join(" "), c.excerpt);
  });
}
