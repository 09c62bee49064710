// The narration status editors see above the article. After "Regenerate" (or an edit) it reads
// queued or generating; this asks status.json until the narration settles and keeps the line
// true (status, progress, parts, reason), so the editor need not reload to learn that the new
// audio is ready or why it failed. Only the outcome is announced to screen readers.
// The page asks once: while the player (player.js) is asking for the article's first audio
// (the root carries `data-polling`), its answers, which carry the status, come as
// "narration:state" events and this does not ask as well; otherwise (the article has audio,
// or the player stopped asking while the narration is still busy) it asks status.json itself.
(function () {
  "use strict";

  function busy(status) { return status === "queued" || status === "generating"; }

  function watch(box) {
    var root = box.closest("[data-narration]");
    var url = root && root.getAttribute("data-status-url");
    var status = box.querySelector("[data-listen-status]");
    if (!url || !status || !busy(status.textContent.trim())) { return; }
    var progress = box.querySelector("[data-listen-progress]");
    var stale = box.querySelector("[data-listen-stale]");
    var parts = box.querySelector("[data-listen-parts]");
    var said = box.querySelector("[data-listen-outcome]");
    var tries = 0;
    var settled = false;

    function show(state) {
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
      if (busy(state.status)) { return; }
      settled = true;
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
      if (!settled && event.detail) { show(event.detail); }
    });

    function poll() {
      if (settled) { return; }
      if (root.hasAttribute("data-polling")) {  // the player asks: its answers come as events
        window.setTimeout(poll, 1500);
        return;
      }
      tries += 1;
      fetch(url, { credentials: "same-origin", cache: "no-store" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (state) {
          if (state && !settled) { show(state); }
          if (!settled && tries < 400) {
            window.setTimeout(poll, Math.min(10000, 1500 + tries * 250));
          }
        })
        .catch(function () { if (tries < 400) { window.setTimeout(poll, 10000); } });
    }
    window.setTimeout(poll, 1500);
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-listen-editor]"), watch);
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); }
  else { init(); }
})();
