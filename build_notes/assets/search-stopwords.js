/* talk-notes: drop English stop words from a search query before material's search worker
 * sees it. Material turns every query word into a prefix (`the` becomes `the*`), and lunr
 * does not stop-filter prefixes, so "I wonder the overhead" matched every title starting
 * with "I" or "The" and buried the talk it was taken from. Material 9 has no hook for
 * query transforms, so this wraps Worker.postMessage for its query messages only
 * ({type: 2, data: "..."}); a query of stop words alone is left as it is. */
(function () {
  "use strict";
  var STOP = ("a able about across after all almost also am among an and any are as at be " +
    "because been but by can cannot could dear did do does either else ever every for from " +
    "get got had has have he her hers him his how however i if in into is it its just least " +
    "let like likely may me might most must my neither no nor not of off often on only or " +
    "other our own rather said say says she should since so some than that the their them " +
    "then there these they this tis to too twas us wants was we were what when where which " +
    "while who whom why will with would yet you your").split(" ");
  var stop = {};
  STOP.forEach(function (word) { stop[word] = true; });
  var QUERY = 2;  // material's SearchMessageType.QUERY

  function strip(query) {
    var kept = query.split(/\s+/).filter(function (word) {
      return word && !stop[word.toLowerCase().replace(/^[+\-"]+|["*~^\d]+$/g, "")];
    });
    return kept.length ? kept.join(" ") : query;
  }

  var post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message) {
    if (message && message.type === QUERY && typeof message.data === "string") {
      arguments[0] = { type: QUERY, data: strip(message.data) };
    }
    return post.apply(this, arguments);
  };
})();
