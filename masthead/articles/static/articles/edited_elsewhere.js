// The newsroom's article form says, while it is open, when the article is saved elsewhere (in
// another tab, by a colleague, an import, a moderator closing its comments), before the editor
// types over a newer version: saving would be refused then ("edited meanwhile", admin.py).
// It asks the article's version.json every minute and at once when the editor comes back to the
// tab (focus, visibilitychange), never while the tab is hidden; each ask sends the last ETag,
// so an unchanged version is a 304 with no body.
(function () {
  "use strict";

  var EVERY = 60000;

  function watch() {
    var seen = document.querySelector("input[name=seen_version]");
    var form = seen && seen.form;
    if (!form || !seen.value || !/\/change\/$/.test(window.location.pathname)) { return; }
    var url = new URL("../version.json", window.location.href).href;
    var opened = seen.value;
    var etag = null;
    var timer = null;
    var asking = false;
    var told = false;

    function tell() {
      told = true;
      var note = document.createElement("p");
      note.className = "errornote";
      note.setAttribute("role", "alert");
      note.setAttribute("data-edited-elsewhere", "");
      note.textContent = "This article was saved elsewhere after you opened it (in another " +
        "tab, by a colleague, an import, or a change to its comments). Saving this form " +
        "would be refused: copy any change you made, then reload the page to see the new " +
        "version.";
      form.insertBefore(note, form.firstChild);
    }

    function later(delay) {
      window.clearTimeout(timer);
      if (!told) { timer = window.setTimeout(ask, delay); }
    }

    function ask() {
      if (document.hidden || asking || told) { return; }
      asking = true;
      var headers = etag ? { "If-None-Match": etag } : {};
      fetch(url, { credentials: "same-origin", cache: "no-store", headers: headers })
        .then(function (response) {
          if (!response.ok) { return null; }  // a 304: unchanged
          etag = response.headers.get("ETag");
          return response.json();
        })
        .then(function (data) {
          asking = false;
          if (data && data.version && data.version !== opened) { tell(); }
          later(EVERY);
        })
        .catch(function () { asking = false; later(EVERY); });
    }

    function back() { if (!document.hidden && !asking) { later(0); } }
    document.addEventListener("visibilitychange", back);
    window.addEventListener("focus", back);
    later(EVERY);
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", watch); }
  else { watch(); }
})();
