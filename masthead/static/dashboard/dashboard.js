/* The moderators' workspace: keyboard shortcuts, decisions without reloading, live queue.
 * Works on top of plain forms (each decision is also a form that posts and redirects), and
 * calls /api/moderation/ with the CSRF token. No inline script (the site's CSP forbids it). */
(function () {
  "use strict";
  var queue = document.getElementById("queue");
  if (!queue) { return; }
  var API = "/api/moderation";
  var list = document.getElementById("items");
  var status = document.getElementById("live-status");
  var tab = queue.getAttribute("data-tab");
  var filters = queue.getAttribute("data-filters") || "";
  // Live updates ask for what entered the queue since this cursor (the server's time), so a
  // comment coming back (held again after an edit, a colleague's undo) is found, not only new ids.
  var since = queue.getAttribute("data-since") || "";
  var dialog = document.getElementById("reject-dialog");
  var pendingReject = null;
  var busy = false;
  // A line to say once the queue has reloaded (after u, or after a page's last decision).
  var UNDONE_KEY = "masthead-dashboard-undone";

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function say(text) {
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 30);
  }

  function items() { return Array.prototype.slice.call(list.querySelectorAll(".item:not(.is-done)")); }
  function current() { return list.querySelector(".item.is-current"); }

  function select(item) {
    var old = current();
    if (old) { old.classList.remove("is-current"); }
    if (!item) { return; }
    item.classList.add("is-current");
    item.focus({ preventScroll: true });
    item.scrollIntoView({ block: "nearest" });
  }

  function move(step) {
    var all = items();
    if (!all.length) { return; }
    var index = all.indexOf(current());
    var next = index < 0 ? 0 : Math.min(all.length - 1, Math.max(0, index + step));
    select(all[next]);
  }

  // A decision's answer carries the counts as they are once it is made, and they are shown at
  // once. A poll or a refetch takes a ticket when it asks; its counts are dropped when counts
  // asked for later are shown already, or a decision was answered since it asked (the server
  // may have counted before that decision). Before, a poll sent just before a decision and
  // answered after it put the numbers from before the decision back on the tabs until the
  // next poll, 10 seconds on.
  var countsAsked = 0;
  var countsShown = 0;
  var DECIDED = "decided";
  function countsTicket() { countsAsked += 1; return countsAsked; }

  function updateCounts(counts, ticket) {
    if (!counts) { return; }
    if (ticket === DECIDED) {
      countsShown = countsAsked;
    } else {
      if (ticket <= countsShown) { return; }
      countsShown = ticket;
    }
    Object.keys(counts).forEach(function (key) {
      var el = document.querySelector('[data-count="' + key + '"]');
      if (el) { el.textContent = counts[key]; }
    });
    // The browser tab's title says this queue's count too ("Held (12) · ..."): it kept the
    // page's load-time number until a reload.
    if (counts[tab] !== undefined) {
      document.title = document.title.replace(/^([^(]*)\(\d+\)/, "$1(" + counts[tab] + ")");
    }
  }

  // A refusal carries no counts, and it means a colleague is deciding too: the tabs would show
  // the numbers from the page's load until the next poll (10 seconds), so ask for them now.
  function refreshCounts() {
    var ticket = countsTicket();
    return fetch(API + "/counts" + (filters ? "?" + filters : ""), { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data) { updateCounts(data.counts, ticket); } })
      .catch(function () { /* the next poll brings them */ });
  }

  function call(path, body) {
    return fetch(API + path + (filters ? "?" + filters : ""), {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(), "Accept": "application/json" },
      body: JSON.stringify(body || {})
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) {
          var message = data && data.error ? data.error.message : "That did not work (" + response.status + ").";
          var failure = new Error(message);
          failure.code = data && data.error ? data.error.code : "";
          throw failure;
        }
        return data;
      });
    });
  }

  // Decided by someone else (or deleted by its author) since this page was loaded: nothing
  // is left to do here, so the item goes like a decided one and the next becomes current.
  var STALE = { already_decided: true, deleted: true, not_found: true };

  function done(item, message, data, stale) {
    var all = items();
    var index = all.indexOf(item);
    item.classList.add("is-done");
    item.classList.remove("is-current");
    item.hidden = true;
    // A ticked item decided on its own leaves the selection: else "Approve selected" sent it
    // again, and was told it was "decided by someone else" (it was this moderator, just now).
    var box = item.querySelector(".item__select");
    if (box) { box.checked = false; }
    updateCounts(data.counts, DECIDED);
    var rest = items();
    var line = stale ? message : message + " Press u to undo.";
    if (!rest.length && waitingCount() > 0) { loadWaiting(line); return; }
    select(rest[Math.min(index, rest.length - 1)] || null);
    say(line);
  }

  // How many wait in this queue (with the page's filters), as its tab says.
  function waitingCount() {
    var el = document.querySelector('[data-count="' + tab + '"]');
    return el ? parseInt(el.textContent, 10) || 0 : 0;
  }

  // The page's last item is decided but others still wait: load the queue again from its
  // oldest (without "after", so none skipped on an earlier page is lost), so the next item is
  // current with the focus on it. Before, the focus fell to the page's body and j/a did nothing.
  function loadWaiting(line) {
    say(line + " Loading the next comments…");
    try { window.sessionStorage.setItem(UNDONE_KEY, line); } catch (ignored) { /* private mode */ }
    var url = new URL(window.location.href);
    url.searchParams.delete("after");
    window.location.assign(url.toString());
  }

  function decide(item, action, payload) {
    if (busy || !item) { return; }
    busy = true;
    var id = item.getAttribute("data-id");
    call("/comments/" + id + "/" + action, payload).then(function (data) {
      done(item, data.message || "Done.", data);
    }).catch(function (error) {
      if (STALE[error.code]) { done(item, error.message, {}, true); refreshCounts(); } else { say(error.message); }
    }).then(function () { busy = false; });
  }

  // Shift+a: the bulk form's "Approve selected" for the items ticked with x (it was some 28
  // Shift+Tabs away from the current item). The form posts and comes back to this queue.
  function approveSelected() {
    if (busy) { return; }
    var form = document.getElementById("bulk-form");
    if (!list.querySelector(".item:not(.is-done) .item__select:checked")) {
      say("Nothing is selected: tick items with x first.");
      return;
    }
    busy = true;
    form.requestSubmit(form.querySelector("button[value=approve]"));
  }

  // Standard reasons (the dialog's numbered buttons): r then a digit rejects with one, and the
  // box starts with the one that fits why the comment is here (its reason codes, then its
  // reports' reasons), so r then Enter rejects too. Before, every rejection meant typing a reason.
  var quickReasons = Array.prototype.slice.call(document.querySelectorAll("#reject-dialog .quick-reason"));
  // True from r until the moderator types in the box: till then a digit picks a standard reason;
  // after, digits are their own words.
  var freshReason = false;

  function suggestedReason(item) {
    var codes = (item.getAttribute("data-reasons") || "").split(/\s+/).filter(Boolean);
    for (var i = 0; i < codes.length; i++) {
      for (var j = 0; j < quickReasons.length; j++) {
        var fits = (quickReasons[j].getAttribute("data-codes") || "").split(" ");
        if (fits.indexOf(codes[i]) >= 0) { return quickReasons[j].getAttribute("data-reason"); }
      }
    }
    return "";
  }

  function rejectWith(reason) {
    var missed = document.getElementById("reject-missed");
    dialog.close();
    if (bulkReject) { rejectSelected(reason); return; }
    decide(pendingReject, "reject", { reason: reason, missed_reason: missed ? missed.value : "" });
  }

  // Shift+r: the same dialog, for the ticked items; its reason goes into the bulk form's box and
  // the form posts "Reject selected" (the server checks the reason as it always did). Before,
  // the bulk reason box and its button were only reached with Tab, some 28 presses away.
  var bulkReject = false;
  var rejectTitle = document.getElementById("reject-title");
  var singleTitle = rejectTitle.textContent;
  var missedRow = document.getElementById("reject-missed") ? document.getElementById("reject-missed").closest("p") : null;

  function ticked() {
    return Array.prototype.slice.call(list.querySelectorAll(".item:not(.is-done) .item__select:checked"))
      .map(function (box) { return box.closest(".item"); });
  }

  function setRejectMode(bulk, count) {
    bulkReject = bulk;
    rejectTitle.textContent = bulk ? "Reject the " + count + " selected comment" + (count === 1 ? "" : "s") : singleTitle;
    // The bulk form has no "what the checks missed": each miss is named one comment at a time.
    if (missedRow) { missedRow.hidden = bulk; }
  }

  function askRejectSelected() {
    if (busy) { return; }
    var chosen = ticked();
    if (!chosen.length) { say("Nothing is selected: tick items with x first."); return; }
    pendingReject = null;
    setRejectMode(true, chosen.length);
    var reason = document.getElementById("reject-reason");
    // Words already typed in the bulk box are kept; else the reason all the ticked items share.
    var typed = document.getElementById("bulk-reason").value.trim();
    var suggestions = chosen.map(suggestedReason);
    var shared = suggestions.every(function (s) { return s === suggestions[0]; }) ? suggestions[0] : "";
    reason.value = typed || shared;
    freshReason = true;
    if (typeof dialog.showModal === "function") { dialog.showModal(); } else { dialog.setAttribute("open", ""); }
    reason.focus();
    reason.select();
  }

  function rejectSelected(reason) {
    if (busy) { return; }
    var form = document.getElementById("bulk-form");
    document.getElementById("bulk-reason").value = reason;
    busy = true;
    form.requestSubmit(form.querySelector("button[value=reject]"));
  }

  function askReject(item) {
    if (!item) { return; }
    pendingReject = item;
    setRejectMode(false, 1);
    var reason = document.getElementById("reject-reason");
    reason.value = suggestedReason(item);
    freshReason = true;
    // Each comment's miss is chosen for it: the last choice is not carried to the next.
    var missed = document.getElementById("reject-missed");
    if (missed) { missed.value = "other"; }
    if (typeof dialog.showModal === "function") { dialog.showModal(); } else { dialog.setAttribute("open", ""); }
    reason.focus();
    reason.select();
  }

  function undo() {
    if (busy) { return; }
    busy = true;
    call("/undo").then(function (data) {
      var message = data.message || "Undone.";
      say(message + " Reloading the queue…");
      // Said again once the queue has reloaded: the reload wiped the line before it was read.
      try { window.sessionStorage.setItem(UNDONE_KEY, message); } catch (ignored) { /* private mode */ }
      // The queue's page that holds the comment put back ("around" it, in this order with
      // these filters), wherever it sorts; the server sends the page to the tab it went back
      // to when that is another. A bulk undo sends all of them: the page starts from the first
      // in its order and ticks them. Without a comment (a reader's suspension, say): from the start.
      var ids = [];
      (data.entries || []).forEach(function (entry) {
        if (entry.comment_id && ids.indexOf(entry.comment_id) < 0) { ids.push(entry.comment_id); }
      });
      var url = new URL(window.location.href);
      url.searchParams.delete("after");
      url.searchParams.delete("around");
      if (ids.length) { url.searchParams.set("around", ids.join(",")); }
      url.hash = "";
      window.setTimeout(function () { window.location.assign(url.toString()); }, 400);
    }).catch(function (error) { say(error.message); busy = false; });
  }

  document.getElementById("reject-dialog-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var reason = document.getElementById("reject-reason").value.trim();
    if (!reason) { document.getElementById("reject-reason").focus(); return; }
    rejectWith(reason);
  });
  document.getElementById("reject-reason").addEventListener("input", function () { freshReason = false; });
  quickReasons.forEach(function (button) {
    button.addEventListener("click", function () { rejectWith(button.getAttribute("data-reason")); });
  });
  dialog.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || !/^[1-9]$/.test(event.key)) { return; }
    var target = event.target;
    var inBox = target && target.id === "reject-reason";
    // Not in the audit sample's menu (digits there are its own), nor in words being typed.
    if ((inBox && !freshReason) || (target && target.tagName === "SELECT")) { return; }
    var button = quickReasons[parseInt(event.key, 10) - 1];
    if (!button) { return; }
    event.preventDefault();
    rejectWith(button.getAttribute("data-reason"));
  });
  document.getElementById("reject-cancel").addEventListener("click", function () {
    dialog.close();
    if (pendingReject) { select(pendingReject); } else { select(current() || items()[0] || null); }
  });

  // The item's own buttons use the API too (the forms remain for browsers without script).
  list.addEventListener("submit", function (event) {
    var form = event.target;
    var action = form.getAttribute("data-action");
    var item = form.closest(".item");
    if (!action || !item) { return; }
    event.preventDefault();
    select(item);
    if (action === "approve") { decide(item, "approve"); }
    if (action === "reject") {
      var missed = form.querySelector("select[name=missed_reason]");
      decide(item, "reject", { reason: form.querySelector("input[name=reason]").value, missed_reason: missed ? missed.value : "" });
    }
  });
  list.addEventListener("click", function (event) {
    var item = event.target.closest && event.target.closest(".item");
    if (item && !item.classList.contains("is-current")) {
      var old = current();
      if (old) { old.classList.remove("is-current"); }
      item.classList.add("is-current");
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    var target = event.target;
    // A ticked box keeps the keys: after ticking one with the mouse, j, x, a... still work.
    var ticked = target && target.tagName === "INPUT" && /^(checkbox|radio)$/.test(target.type);
    var typing = target && !ticked && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (typing || (dialog && dialog.open)) { return; }
    var item = current();
    switch (event.key) {
      case "j": move(1); break;
      case "k": move(-1); break;
      case "a": if (item) { decide(item, "approve"); } break;
      case "r": if (item) { askReject(item); } break;
      case "u": undo(); break;
      case "x":
        if (item) { var box = item.querySelector(".item__select"); box.checked = !box.checked; }
        break;
      case "A": approveSelected(); break;
      case "R": askRejectSelected(); break;
      case "e":
        if (item) { var link = item.querySelector("a.button"); if (link) { window.location.href = link.href; } }
        break;
      default: return;
    }
    event.preventDefault();
  });

  // New items join the list without a reload: ask every 10 seconds.
  var waiting = [];
  var waitingIds = {};
  var banner = document.getElementById("new-items");
  var showNew = document.getElementById("show-new");
  function insertWaiting() {
    var empty = document.getElementById("empty");
    if (empty) { empty.hidden = true; }
    waiting.forEach(function (html) { list.insertAdjacentHTML("beforeend", html); });
    say(waiting.length + " new item" + (waiting.length === 1 ? "" : "s") + " added at the end.");
    waiting = [];
    waitingIds = {};
    banner.hidden = true;
    if (!current()) { move(1); }
  }
  showNew.addEventListener("click", insertWaiting);
  function poll() {
    if (document.hidden) { return Promise.resolve(); }
    var query = "since=" + encodeURIComponent(since) + (filters ? "&" + filters : "");
    var ticket = countsTicket();
    return fetch(API + "/queues/" + tab + "/new?" + query, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        updateCounts(data.counts, ticket);
        if (data.cursor) { since = data.cursor; }
        data.items.forEach(function (entry) {
          var shown = document.getElementById("item-" + entry.id);
          // Decided here, then back in the queue: the hidden, done copy makes way for it.
          if (shown && shown.classList.contains("is-done")) { shown.parentNode.removeChild(shown); shown = null; }
          if (!shown && !waitingIds[entry.id]) { waitingIds[entry.id] = true; waiting.push(entry.html); }
        });
        if (!waiting.length) { return; }
        if (!items().length) { insertWaiting(); return; }
        showNew.textContent = waiting.length + " new — show them" + (data.more ? " (more: reload the page)" : "");
        banner.hidden = false;
      }).catch(function () { /* offline for a moment: try again next time */ });
  }
  var live = queue.getAttribute("data-live") === "1";
  if (live) { window.setInterval(poll, 10000); }

  // Back to this tab or window (a colleague may have decided meanwhile, and a hidden tab does
  // not poll): ask at once rather than at the next poll, up to 10 seconds on. A live page polls
  // (counts and what came in); a later page, which never polls, asks for the counts.
  var freshening = false;
  function freshen() {
    if (document.hidden || freshening) { return; }
    // One at a time: coming back to a tab fires both events.
    freshening = true;
    (live ? poll() : refreshCounts()).then(function () { freshening = false; });
  }
  document.addEventListener("visibilitychange", freshen);
  window.addEventListener("focus", freshen);

  // The comment the page was asked for ("around", after u) is current; else the first item.
  var wanted = queue.getAttribute("data-current");
  var back = wanted ? document.getElementById("item-" + wanted) : null;
  if (back) { select(back); } else { move(1); }
  // The address bar gets this page's own address ("after" in place of "around"): a reload
  // shows this page again rather than looking for a comment that may be decided by then.
  var here = queue.getAttribute("data-here");
  if (here && window.history && window.history.replaceState && /[?&]around=/.test(window.location.search)) {
    window.history.replaceState(window.history.state, "", here + window.location.hash);
  }
  try {
    var undone = window.sessionStorage.getItem(UNDONE_KEY);
    // With what the page says of where the comments came back (a bulk undo: how many, in which
    // tab, which one is shown), so a screen reader hears it too.
    var note = document.getElementById("around-note");
    if (undone) { window.sessionStorage.removeItem(UNDONE_KEY); say(undone + (note ? " " + note.textContent : "")); }
  } catch (ignored) { /* no storage: the line before the reload is all there is */ }
})();
