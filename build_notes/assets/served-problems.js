// While `mkdocs serve` runs, every page loads this script: it shows the talk files'
// problems, which each build writes to problems.json, in a banner at the top of the page.
// The pages themselves stay as built, so a bad save does not render the site again.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  fetch(script.getAttribute("data-problems"), { cache: "no-store" })
    .then(function (response) { return response.json(); })
    .then(function (data) {
      if (!data.lines || !data.lines.length) return;
      var box = document.createElement("div");
      box.className = "tn-problems";
      box.setAttribute("role", "alert");
      // Inline styles: the banner shows whatever the theme's stylesheets say.
      box.style.cssText = "margin:0;padding:.8rem 1.2rem;background:#fff3e0;color:#3e2723;" +
        "border-bottom:3px solid #e65100;font:14px/1.5 system-ui,sans-serif;" +
        "position:relative;z-index:10";
      var summary = document.createElement("strong");
      summary.textContent = data.summary + ".";
      var list = document.createElement("pre");
      list.style.cssText = "margin:.5rem 0 0;white-space:pre-wrap;overflow-wrap:anywhere;" +
        "font:13px/1.45 ui-monospace,monospace;color:inherit;background:none";
      list.textContent = data.lines.join("\n");
      box.append(summary, " Fix them and save; the page reloads.", list);
      document.body.prepend(box);
    })
    .catch(function () { /* no problems file: nothing to show */ });
})();
