/* talk-notes explore page: every talk from explore/data.js (window.tnExplore), with filters,
 * a text filter, sorting and pages, the state in the URL
 * (?theme=ceph&words=rdma&sort=date&order=desc&page=2) so a view can be shared. Not `q`:
 * material opens its search dialog for a `q` in the address.
 * The data is a script, not JSON fetched: a page opened from file:// may load scripts but not
 * fetch files. This file loads it from the table's data-script (a tag in the page would have
 * its relative address read from the page by MkDocs, from the Markdown file by Zensical).
 * Without JavaScript the page shows the first rows of the table as HTML.
 * Every value is set as text (textContent), never as markup. */
(function () {
  "use strict";

  var PAGE_SIZE = 100;
  var FACETS = [
    { name: "theme", label: "Theme", list: "themes" },
    { name: "conference", label: "Conference", list: "conferences" },
    { name: "format", label: "Format", list: "formats" },
    { name: "organization", label: "Organization", list: "organizations" }
  ];

  function el(tag, props, children) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (key) {
      if (key === "text") node.textContent = props[key];
      else node.setAttribute(key, props[key]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  function setUp() {
    var root = document.querySelector(".tn-explore");
    var data = window.tnExplore;
    if (!root || root.dataset.ready || !data) return;
    var table = root.querySelector("table");
    if (!table) return;
    root.dataset.ready = "1";
    root.classList.add("tn-explore--live");
    var base = root.getAttribute("data-root") || "";
    var href = function (path) { return base + path; };

    // One record per talk, with what the filters and the sort read.
    var talks = data.talks.map(function (t) {
      var conference = data.conferences[t[2]];
      var orgs = t[6].map(function (i) { return data.organizations[i]; });
      var themes = t[5].map(function (i) { return data.themes[i]; });
      return {
        url: t[0], title: t[1], conference: conference, date: t[3],
        format: data.formats[t[4]], themes: themes, organizations: orgs, rating: t[7],
        words: [t[1], t[8]].concat(orgs.map(function (o) { return o[1]; }))
          .join(" ").toLowerCase()
      };
    });
    var ids = {
      theme: function (t) { return t.themes.map(function (x) { return x[0]; }); },
      conference: function (t) { return [t.conference[0]]; },
      format: function (t) { return [t.format[0]]; },
      organization: function (t) { return t.organizations.map(function (x) { return x[0]; }); }
    };

    // The form, built here because it only works with JavaScript.
    var form = el("form", { "class": "tn-filters", role: "search",
                            "aria-label": "Filter the talks" });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    var text = el("input", { type: "search", name: "words", id: "tn-explore-words",
                             placeholder: "title, speaker, organization, tag" });
    form.appendChild(el("label", { "for": "tn-explore-words", "class": "tn-filter-text",
                                   text: "Words " }, [text]));
    // Typing replaces the history entry (Back does not spell the words back letter by
    // letter); a filter, a sort and a page are entries of their own.
    text.addEventListener("input", function () { state.page = 1; apply("replace"); });
    var selects = {};
    FACETS.forEach(function (facet) {
      // Only the values some talk has: no option that would show an empty table, and no
      // filter at all where no talk has any (a site whose notes name no organization).
      var used = new Set();
      talks.forEach(function (t) { ids[facet.name](t).forEach(function (id) { used.add(id); }); });
      var items = data[facet.list].filter(function (item) { return used.has(item[0]); });
      if (!items.length) return;
      var select = el("select", { name: facet.name }, [el("option", { value: "", text: "All" })]);
      items.sort(function (a, b) { return a[1].localeCompare(b[1]); })
        .forEach(function (item) {
          select.appendChild(el("option", { value: item[0], text: item[1] }));
        });
      select.addEventListener("change", function () { state.page = 1; apply("push"); });
      form.appendChild(el("label", { text: facet.label + " " }, [select]));
      selects[facet.name] = select;
    });
    var reset = el("a", { href: location.pathname, "class": "tn-reset", text: "Reset" });
    reset.addEventListener("click", function (event) {
      event.preventDefault();
      text.value = "";
      Object.keys(selects).forEach(function (name) { selects[name].value = ""; });
      state = { sort: "", order: "asc", page: 1 };
      apply("push");
    });
    form.appendChild(reset);
    var count = el("p", { "class": "tn-count-shown", "aria-live": "polite" });
    var empty = el("p", { "class": "tn-empty", hidden: "" });
    var notice = el("p", { "class": "tn-unknown", role: "status", hidden: "" });
    var pages = el("nav", { "class": "tn-pager", "aria-label": "Pages of talks" });
    root.insertBefore(form, root.firstChild);
    root.insertBefore(count, form.nextSibling);
    root.insertBefore(notice, count);
    root.appendChild(empty);
    root.appendChild(pages);

    // Sorting: every header but Themes and Organizations is a button.
    var state = { sort: "", order: "asc", page: 1 };
    var headers = Array.prototype.slice.call(table.querySelectorAll("thead th"));
    // No prototype: a URL's ?sort=__proto__ or ?sort=constructor names no column.
    var sortable = Object.create(null);
    ["title", "conference", "date", "format", "rating"].forEach(function (k) { sortable[k] = 1; });
    headers.forEach(function (th) {
      var name = th.textContent.trim().toLowerCase();
      th.dataset.key = name;
      th.dataset.label = th.textContent.trim();
      if (!sortable[name]) return;
      var button = el("button", { type: "button", "class": "tn-sort", text: th.textContent.trim() });
      button.addEventListener("click", function () {
        state.order = state.sort === name && state.order === "asc" ? "desc" : "asc";
        state.sort = name;
        state.page = 1;
        apply("push");
      });
      th.textContent = "";
      th.appendChild(button);
    });

    function compare(a, b) {
      var key = state.sort, sign = state.order === "desc" ? -1 : 1;
      if (key === "date") {
        // Undated talks last whatever the order: a missing date is not an early one.
        if (!a.date !== !b.date) return a.date ? -1 : 1;
        var x = a.date || a.conference[4], y = b.date || b.conference[4];
        return (x < y ? -1 : x > y ? 1 : 0) * sign;
      }
      var values = {
        title: function (t) { return t.title.toLowerCase(); },
        conference: function (t) { return t.conference[1].toLowerCase(); },
        format: function (t) { return t.format[1].toLowerCase(); },
        rating: function (t) { return t.rating; }
      }[key];
      var p = values(a), q = values(b);
      return (p < q ? -1 : p > q ? 1 : 0) * sign;
    }

    function links(items) {
      if (!items.length) return null;  // an empty cell (a phone's stacked row hides it)
      var span = el("span");
      items.forEach(function (item, i) {
        if (i) span.appendChild(document.createTextNode(", "));
        span.appendChild(el("a", { href: href(item[2]), text: item[1] }));
      });
      return span;
    }

    function row(t) {
      var date = t.date
        ? el("time", { datetime: t.date, text: t.date })
        : el("span", { "class": "tn-muted", text: t.conference[3] + " (conference)",
                       title: "The talk's own date is not recorded; these are the conference's dates" });
      var rating = t.rating
        ? el("span", { "class": "tn-rating", role: "img",
                       "aria-label": "Rated " + t.rating + " out of 5",
                       text: new Array(t.rating + 1).join("\u2605") +
                             new Array(6 - t.rating).join("\u2606") })
        : null;
      var cells = { title: el("a", { href: href(t.url), text: t.title }),
                    conference: el("a", { href: href(t.conference[2]), text: t.conference[1] }),
                    date: date, format: document.createTextNode(t.format[1]),
                    themes: links(t.themes), organizations: links(t.organizations),
                    rating: rating };
      // The columns the page's table has (render.py leaves out those no talk fills).
      return el("tr", {}, headers.map(function (th) {
        return el("td", { "data-label": th.dataset.label }, [cells[th.dataset.key]]);
      }));
    }

    function pageLink(n, label) {
      var a = el("a", { href: "?page=" + n, text: label });
      a.addEventListener("click", function (event) {
        event.preventDefault();
        state.page = n;
        apply("push");
        table.scrollIntoView();
      });
      return a;
    }

    /* Shows the talks of the current filters, sort and page; `how` ("push", "replace"
     * or nothing) says how the URL follows: a new entry, the same one, or as it is (the
     * state came from the URL). */
    function apply(how) {
      var words = text.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = talks.filter(function (t) {
        return Object.keys(selects).every(function (name) {
          var want = selects[name].value;
          return !want || ids[name](t).indexOf(want) !== -1;
        }) && words.every(function (w) { return t.words.indexOf(w) !== -1; });
      });
      if (state.sort) shown.sort(compare);
      var last = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
      state.page = Math.min(Math.max(1, state.page), last);
      var body = table.tBodies[0];
      while (body.firstChild) body.removeChild(body.firstChild);
      shown.slice((state.page - 1) * PAGE_SIZE, state.page * PAGE_SIZE).forEach(function (t) {
        body.appendChild(row(t));
      });
      table.hidden = shown.length === 0;
      empty.hidden = shown.length !== 0;
      empty.textContent = "";
      if (!shown.length) {
        empty.appendChild(document.createTextNode(
          "No talk matches these filters" + (words.length ? " and words" : "") +
          ". Loosen one of them, or "));
        var again = el("a", { href: location.pathname, text: "reset all filters" });
        again.addEventListener("click", function (event) { reset.click(); event.preventDefault(); });
        empty.appendChild(again);
        empty.appendChild(document.createTextNode("."));
      }
      headers.forEach(function (th) {
        if (!sortable[th.dataset.key]) return;
        th.setAttribute("aria-sort", th.dataset.key === state.sort
          ? (state.order === "asc" ? "ascending" : "descending") : "none");
      });
      count.textContent = (shown.length === talks.length
        ? talks.length + " talks" : shown.length + " of " + talks.length + " talks") +
        (last > 1 ? ", page " + state.page + " of " + last : "");
      while (pages.firstChild) pages.removeChild(pages.firstChild);
      if (last > 1) {
        if (state.page > 1) pages.appendChild(pageLink(state.page - 1, "\u2190 Previous"));
        pages.appendChild(el("span", { text: " Page " + state.page + " of " + last + " " }));
        if (state.page < last) pages.appendChild(pageLink(state.page + 1, "Next \u2192"));
      }
      if (how) {
        var params = new URLSearchParams();
        Object.keys(selects).forEach(function (name) {
          if (selects[name].value) params.set(name, selects[name].value);
        });
        if (text.value.trim()) params.set("words", text.value.trim());
        if (state.sort) { params.set("sort", state.sort); params.set("order", state.order); }
        if (state.page > 1) params.set("page", String(state.page));
        var query = params.toString();
        var url = location.pathname + (query ? "?" + query : "");
        try {
          if (how === "push" && url !== location.pathname + location.search) {
            history.pushState(null, "", url);
          } else {
            history.replaceState(null, "", url);
          }
        } catch (e) { /* some browsers refuse it on file:// */ }
      }
    }

    // State from the URL. A format may be given by its label (older shared links).
    function readUrl() {
      var params = new URLSearchParams(location.search);
      var unknown = [];
      FACETS.forEach(function (facet) {
        var name = facet.name, value = params.get(name);
        if (selects[name]) selects[name].value = "";
        if (!value) return;
        var found = selects[name] && Array.prototype.filter.call(selects[name].options,
          function (option) {
            return option.value && (option.value === value || option.textContent === value);
          })[0];
        if (found) selects[name].value = found.value;
        else unknown.push(facet.label.toLowerCase() + " \u201c" + value + "\u201d");
      });
      // A value no talk has (a typed or outdated address) is said, not silently dropped.
      notice.hidden = !unknown.length;
      notice.textContent = unknown.length ? "No talk has the " + unknown.join(" or the ") +
        " that the address asks for; that filter is left out." : "";
      text.value = params.get("words") || "";
      state = { sort: "", order: "asc", page: 1 };
      if (sortable[params.get("sort")]) {
        state.sort = params.get("sort");
        state.order = params.get("order") === "desc" ? "desc" : "asc";
      }
      state.page = parseInt(params.get("page") || "1", 10) || 1;
      apply();
    }
    // Back and Forward move between the views of this page that the reader chose.
    window.addEventListener("popstate", function () {
      if (document.body.contains(root)) readUrl();
    });
    readUrl();
  }

  function start() {
    var root = document.querySelector(".tn-explore");
    if (!root || window.tnExplore) { setUp(); return; }
    if (root.dataset.loading) return;
    root.dataset.loading = "1";
    var script = document.createElement("script");
    script.src = root.getAttribute("data-script");
    script.onload = setUp;
    document.head.appendChild(script);
  }

  // Material's instant navigation swaps pages without reloading; document$ tells us.
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
