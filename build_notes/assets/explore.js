/* talk-notes explore page: filter and sort the table of every talk, with the state in the
 * URL (?theme=ceph&format=keynote&sort=date&order=desc) so a filtered view can be shared.
 * Reads everything from the table itself (the links say which theme, conference and
 * organisation a talk has), so it works from file:// and without any other request.
 * Without JavaScript the full table shows. */
(function () {
  "use strict";

  function setUp() {
    var root = document.querySelector(".tn-explore");
    if (!root || root.dataset.ready) return;
    var table = root.querySelector("table");
    if (!table) return;
    root.dataset.ready = "1";
    var headers = Array.prototype.slice.call(table.querySelectorAll("thead th"));
    var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr"));
    var column = {};
    headers.forEach(function (th, i) { column[th.textContent.trim().toLowerCase()] = i; });

    // What each row is, read once from its cells' links and text.
    function idsOf(cell, kind) {
      return Array.prototype.map.call(cell.querySelectorAll("a[href]"), function (a) {
        var m = a.getAttribute("href").match(new RegExp(kind + "/([^/.#?]+)"));
        return m ? m[1] : "";
      }).filter(Boolean);
    }
    var facets = {
      theme: { label: "Theme", kind: "themes", multi: true },
      conference: { label: "Conference", kind: "conferences" },
      format: { label: "Format" },
      organization: { label: "Organization", kind: "organizations", multi: true }
    };
    var columnOf = { theme: "themes", conference: "conference", format: "format",
                     organization: "organizations" };
    var options = {};
    rows.forEach(function (row) {
      row.tn = {};
      Object.keys(facets).forEach(function (name) {
        var cell = row.cells[column[columnOf[name]]];
        var values;
        if (facets[name].kind) {
          values = idsOf(cell, facets[name].kind);
          Array.prototype.forEach.call(cell.querySelectorAll("a[href]"), function (a, i) {
            options[name] = options[name] || {};
            if (values[i]) options[name][values[i]] = a.textContent.trim();
          });
        } else {
          values = [cell.textContent.trim()];
          options[name] = options[name] || {};
          options[name][values[0]] = values[0];
        }
        row.tn[name] = values;
      });
    });

    // The filter form, built here because it only works with JavaScript.
    var form = document.createElement("form");
    form.className = "tn-filters";
    form.setAttribute("role", "search");
    form.setAttribute("aria-label", "Filter the talks");
    var selects = {};
    Object.keys(facets).forEach(function (name) {
      var label = document.createElement("label");
      var select = document.createElement("select");
      select.name = name;
      label.appendChild(document.createTextNode(facets[name].label + " "));
      var any = document.createElement("option");
      any.value = "";
      any.textContent = "All";
      select.appendChild(any);
      Object.keys(options[name] || {}).sort(function (a, b) {
        return options[name][a].localeCompare(options[name][b]);
      }).forEach(function (value) {
        var option = document.createElement("option");
        option.value = value;
        option.textContent = options[name][value];
        select.appendChild(option);
      });
      select.addEventListener("change", function () { apply(true); });
      label.appendChild(select);
      form.appendChild(label);
      selects[name] = select;
    });
    var count = document.createElement("p");
    count.className = "tn-count-shown";
    count.setAttribute("aria-live", "polite");
    root.insertBefore(form, root.firstChild);
    root.insertBefore(count, form.nextSibling);

    // Sorting: every header is a button.
    var sort = { key: "", order: "asc" };
    headers.forEach(function (th) {
      var name = th.textContent.trim().toLowerCase();
      var button = document.createElement("button");
      button.type = "button";
      button.className = "tn-sort";
      button.textContent = th.textContent.trim();
      button.addEventListener("click", function () {
        sort.order = sort.key === name && sort.order === "asc" ? "desc" : "asc";
        sort.key = name;
        apply(true);
      });
      th.textContent = "";
      th.appendChild(button);
    });

    function sortValue(row, name) {
      var cell = row.cells[column[name]];
      if (name === "rating") return (cell.textContent.match(/\u2605/g) || []).length;
      return cell.textContent.trim().toLowerCase();
    }

    function apply(push) {
      var shown = 0;
      rows.forEach(function (row) {
        var visible = Object.keys(selects).every(function (name) {
          var want = selects[name].value;
          return !want || row.tn[name].indexOf(want) !== -1;
        });
        row.hidden = !visible;
        if (visible) shown++;
      });
      if (sort.key && column[sort.key] !== undefined) {
        var sign = sort.order === "desc" ? -1 : 1;
        var tbody = table.tBodies[0];
        rows.slice().sort(function (a, b) {
          var x = sortValue(a, sort.key), y = sortValue(b, sort.key);
          return (x < y ? -1 : x > y ? 1 : 0) * sign;
        }).forEach(function (row) { tbody.appendChild(row); });
      }
      headers.forEach(function (th) {
        var name = th.textContent.trim().toLowerCase();
        th.setAttribute("aria-sort", name === sort.key
          ? (sort.order === "asc" ? "ascending" : "descending") : "none");
      });
      count.textContent = shown === rows.length
        ? rows.length + " talks" : shown + " of " + rows.length + " talks";
      if (push) {
        var params = new URLSearchParams();
        Object.keys(selects).forEach(function (name) {
          if (selects[name].value) params.set(name, selects[name].value);
        });
        if (sort.key) { params.set("sort", sort.key); params.set("order", sort.order); }
        var query = params.toString();
        try {
          history.replaceState(null, "", location.pathname + (query ? "?" + query : ""));
        } catch (e) { /* some browsers refuse it on file:// */ }
      }
    }

    // State from the URL.
    var params = new URLSearchParams(location.search);
    Object.keys(selects).forEach(function (name) {
      var value = params.get(name);
      if (value && selects[name].querySelector('option[value="' + CSS.escape(value) + '"]')) {
        selects[name].value = value;
      }
    });
    if (params.get("sort") && column[params.get("sort")] !== undefined) {
      sort.key = params.get("sort");
      sort.order = params.get("order") === "desc" ? "desc" : "asc";
    }
    apply(false);
  }

  // Material's instant navigation swaps pages without reloading; document$ tells us.
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(setUp);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
