// The type of search-spec.js, which the build writes from build_notes/data/search.json
// (build_notes/assets.py): the constants of the engine, and the page's.
import type { Spec } from "./search-engine.js";
declare const spec: Spec & {
  first: { page: number, min_length: number },
  suggest: { fewer_than: number, max_distance: number, long_word: number, min_length: number,
    vocabulary: number },
};
export default spec;
