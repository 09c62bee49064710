// The narration status editors see above the article, kept true while the page is open: after
// "Regenerate" or an edit (here, in another tab or by another editor) it reads queued or
// generating and follows the narration until it settles (status, progress, parts, reason), so
// the editor need not reload to learn that the new audio is ready or why it failed. Only
// outcomes are announced to screen readers.
// The page asks once: while the player (player.js) is asking for the article's first audio
// (the root carries `data-polling`), its answers, which carry the status, come as
// "narration:state" events and this does not ask as well; otherwise it asks status.json itself:
// every 1.5 to 10 s while the narration is busy, every minute once it is ready or failed (a
// save in another tab queues it again), at once when the editor comes back to the tab (focus,
// visibilitychange), never while the tab is hidden. Each ask sends the last answer's ETag: an
// unchanged state is a 304 with no body.
// status.json also carries the article's version for those who may change it: when it is not
// the version this page was made from, the line says the article was changed elsewhere.
(function () {
  "use strict";

  var SETTLED_EVERY = 60000;

  function busy(status) { return status === "queued" || status === "generating"; }

  function watch(box) {
    var root = box.closest("[data-narration]");
    var url = root && root.getAttribute("data-status-url");
    var status = box.querySelector("[data-listen-status]");
    if (!url || !status) { return; }
    var progress = box.querySelector("[data-listen-progress]");
    var stale = box.querySelector("[data-listen-stale]");
    var parts = box.querySelector("[data-listen-parts]");
    var said = box.querySelector("[data-listen-outcome]");
    var pageVersion = root.getAttribute("data-article-version");
    var current = status.textContent.trim();
    var tries = 0;
    var etag = null;
    var timer = null;
    var asking = false;

    function editedElsewhere(version) {
      var note = box.querySelector("[data-listen-edited]");
      if (!pageVersion || !version || version === pageVersion || note) { return; }
      note = document.createElement("p");
      note.className = "listen__edited";
      note.setAttribute("data-listen-edited", "");
      note.setAttribute("role", "status");
      note.textContent = "This article was changed since you opened this page (in another tab, " +
        "or by another editor): reload the page to see the new version.";
      box.insertBefore(note, box.firstChild);
    }

    function show(state) {
      editedElsewhere(state.article_version);
      var was = current;
      current = state.status;
      status.textContent = state.status;
      status.className = "listen__status listen__status--" + state.status;
      if (progress) {
        progress.textContent = state.status === "generating" ? " (" + state.progress + "%)" : "";
      }
      if (stale) { stale.hidden = state.is_current !== false; }
      if (parts && state.parts_summary) {
        parts.textContent = " · last render: " + state.parts_summary;
      }
      var reason = box.querySelector("[data-listen-reason]");
      if (state.reason) {
        if (!reason) {
          reason = document.createElement("p");
          reason.className = "listen__reason";
          reason.setAttribute("data-listen-reason", "");
          box.insertBefore(reason, box.querySelector("form"));
        }
        reason.textContent = state.reason;
      } else if (reason) {
        reason.remove();
      }
      if (busy(state.status)) {
        if (!busy(was)) { tries = 0; }  // busy again (a save elsewhere): ask often again
        return;
      }
      if (!busy(was)) { return; }  // settled before: nothing new to announce
      var outcome = "Narration " + state.status + ".";
      // A page that had no audio gets its player by itself (player.js); one that had audio
      // keeps playing the earlier version until it is reloaded.
      var shown = root.getAttribute("data-version");
      if (state.status === "ready" && shown && state.version && state.version !== shown) {
        outcome += " Reload the page to hear the new audio.";
      }
      if (said) { said.textContent = outcome; }
    }

    root.addEventListener("narration:state", function (event) {
      if (!event.detail) { return; }
      show(event.detail);
      next();  // the player's answer counts as this line's: the next ask is due from now
    });

    function later(delay) {
      window.clearTimeout(timer);
      timer = window.setTimeout(poll, delay);
    }

    function next() {
      later(busy(current) ? Math.min(10000, 1500 + tries * 250) : SETTLED_EVERY);
    }

    function poll() {
      if (document.hidden || asking) { return; }  // a hidden tab asks when shown again
      if (root.hasAttribute("data-polling")) {  // the player asks: its answers come as events
        later(1500);
        return;
      }
      tries += 1;
      asking = true;
      var headers = etag ? { "If-None-Match": etag } : {};
      fetch(url, { credentials: "same-origin", cache: "no-store", headers: headers })
        .then(function (response) {
          if (response.status === 304) { return null; }  // nothing changed
          if (!response.ok) { return null; }
          etag = response.headers.get("ETag");
          return response.json();
        })
        .then(function (state) {
          asking = false;
          if (state) { show(state); }
          next();
        })
        .catch(function () { asking = false; later(busy(current) ? 10000 : SETTLED_EVERY); });
    }

    function back() {
      // the editor is back on the tab: what happened meanwhile, at once (one ask at a time)
      if (!document.hidden && !asking) { later(0); }
    }
    document.addEventListener("visibilitychange", back);
    window.addEventListener("focus", back);
    later(busy(current) ? 1500 : SETTLED_EVERY);
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-listen-editor]"), watch);
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); }
  else { init(); }
})();
