// Comments without page reloads. Every form also works without this file: it posts and the
// server redirects back. Here the same forms are sent with fetch() and the answer (JSON with the
// rendered comment) is put in place. On an error the message is shown and the text stays.
(function () {
  "use strict";
  if (window.__mastheadComments) { return; }
  window.__mastheadComments = true;

  var HEADERS = { "X-Requested-With": "fetch", "Accept": "application/json" };

  function csrfToken(form) {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  // Each comment form carries a key; a retry of the same text reuses it, so the server never
  // stores the comment twice. After a success the form gets a new key for the next comment.
  function renewKey(form) {
    var input = form.querySelector("input[name=idempotency_key]");
    if (!input) { return; }
    var bytes = new Uint8Array(18);
    window.crypto.getRandomValues(bytes);
    input.value = Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  // `field`: a guest's name or e-mail at fault has the message under it (its own live
  // region), not under the comment box two fields further down, off a phone's screen.
  function showError(form, message, field) {
    var box = form.querySelector("[data-form-error]");
    var own = field ? form.querySelector('[data-field-error="' + field + '"]') : null;
    Array.prototype.forEach.call(form.querySelectorAll("[data-field-error]"), function (other) {
      other.textContent = other === own ? message : "";
    });
    if (own) { message = ""; }
    if (box) { box.textContent = message; }
    var area = form.querySelector("textarea");
    if (area) { area.setAttribute("aria-invalid", message ? "true" : "false"); }
  }

  // A refused comment: the focus goes to the field to put right (the box, or a guest's name or
  // e-mail, which the message describes), else back to the button. The button was disabled
  // while the comment was on its way, which took the focus from it: it was left on the page's
  // <body>, so a keyboard or screen reader user was sent back to the top, and on a phone the
  // on-screen keyboard closed with the message out of sight.
  function focusAfterRefusal(form, field, button) {
    var active = document.activeElement;
    var movedOn = active && active !== document.body && !form.contains(active);
    clearFieldErrors(form);
    var target = null;
    if (field === "text") { target = form.querySelector("textarea"); }
    else if (field === "guest_name" || field === "guest_email") {
      target = form.querySelector("input[name=" + field + "]");
      var area = form.querySelector("textarea");
      if (target && area) { area.setAttribute("aria-invalid", "false"); }
      if (target) { target.setAttribute("aria-invalid", "true"); }
    }
    if (movedOn) { return; }  // the reader went elsewhere meanwhile (a slow network): left there
    (target || button).focus();
  }

  function clearFieldErrors(form) {
    Array.prototype.forEach.call(form.querySelectorAll("input[aria-invalid]"), function (input) {
      input.removeAttribute("aria-invalid");
    });
  }

  function announce(root, message) {
    var live = root.querySelector("[data-comments-live]");
    if (!live) {
      live = document.createElement("p");
      live.setAttribute("data-comments-live", "");
      live.setAttribute("role", "status");
      live.className = "notice";
      // A page without one: at the top of the comments (never beside a reply form, which
      // closes), and never an error that would make a posted comment look lost.
      var host = root.nodeType === Node.DOCUMENT_NODE ? (document.querySelector("main") || document.body) : root;
      host.insertBefore(live, host.firstChild);
    }
    live.textContent = message;
  }

  function fragment(html) {
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    return template.content;
  }

  function send(form, extraHeaders) {
    var headers = Object.assign({}, HEADERS, extraHeaders || {});
    headers["X-CSRFToken"] = csrfToken(form);
    return fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: headers,
      credentials: "same-origin"
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        return { ok: response.ok, status: response.status, body: body, response: response };
      });
    });
  }

  function errorText(result) {
    if (result.body && result.body.error && result.body.error.message) {
      return result.body.error.message;
    }
    if (result.status === 403) { return "Your session has expired. Copy your text, reload the page and try again."; }
    return "Something went wrong; your text is still here. Please try again.";
  }

  // A recommendation has no text to keep: its own words, and a comment removed meanwhile (the
  // server's plain 404 page) said as much.
  function likeErrorText(result) {
    if (result.body && result.body.error && result.body.error.message) {
      return result.body.error.message;
    }
    if (result.status === 404) { return "This comment is no longer available; please reload the page."; }
    if (result.status === 403) { return "Your session has expired. Please reload the page and try again."; }
    return "Your recommendation was not saved. Please try again.";
  }

  // While a comment is on its way the button says so: disabled alone, it looked the same (the
  // site's dark button has no disabled style), and on a slow network nothing seemed to happen.
  function sending(button, on) {
    if (!button) { return; }
    if (on && !button.hasAttribute("data-label")) {
      button.setAttribute("data-label", button.textContent);
      button.textContent = "Posting\u2026";
    } else if (button.hasAttribute("data-label")) {
      button.textContent = button.getAttribute("data-label");
      button.removeAttribute("data-label");
    }
    button.disabled = on;
  }

  function onCommentSubmit(form) {
    var root = form.closest("[data-comments]") || document;
    var button = form.querySelector("button[type=submit]");
    sending(button, true);
    showError(form, "");
    // The last post's outcome ("Your comment is published.") is not left beside this one's
    // refusal, where it read as if the refused comment had been published.
    var live = root.querySelector("[data-comments-live]");
    if (live) { live.textContent = ""; }
    var box = form.querySelector("textarea");
    var sent = box ? box.value : "";
    send(form).then(function (result) {
      sending(button, false);
      if (!result.ok) {
        var error = result.body && result.body.error;
        showError(form, errorText(result), error && error.field);
        focusAfterRefusal(form, error && error.field, button);
        return;
      }
      clearFieldErrors(form);
      var body = result.body;
      var item = document.createElement("li");
      item.appendChild(fragment(body.html));
      var list;
      if (body.status !== "published") {
        list = root.querySelector("[data-waiting-list]");
      } else if (form.dataset.parent) {
        list = root.querySelector('[data-replies-of="' + (body.parent_id || form.dataset.parent) + '"]');
      }
      if (!list) { list = root.querySelector("[data-comment-list]"); }
      if (list) {
        list.hidden = false;
        var waiting = list.closest(".comments__waiting");
        if (waiting && waiting.hidden) {
          waiting.hidden = false;
          var heading = waiting.querySelector("h3[id]");
          if (heading) { waiting.setAttribute("aria-labelledby", heading.id); }
        }
        if (list.matches("[data-comment-list]") || list.matches("[data-waiting-list]")) {
          list.insertBefore(item, list.firstChild);
        } else {
          list.appendChild(item);
        }
      }
      var empty = root.querySelector("[data-empty]");
      if (empty) { empty.remove(); }
      var total = root.querySelector(".comments__total");
      if (total && typeof body.total === "number") { total.textContent = "(" + body.total + ")"; }
      // Only the text that was sent is cleared: words typed while it was on its way (a slow
      // network) are the reader's next comment, and stay, with the reply form open for them.
      var typed = !!box && box.value !== sent;
      if (box && !typed) { box.value = ""; }
      if (box) { box.removeAttribute("aria-invalid"); }
      renewKey(form);
      var details = form.closest("details");
      if (details && !typed) { details.open = false; }
      announce(root, body.message);
      var fresh = document.getElementById("comment-" + body.id);
      if (fresh) { fresh.setAttribute("tabindex", "-1"); fresh.focus(); }
    }, function () {
      // Only a request that never got an answer: once the comment is stored, nothing that
      // goes wrong in showing it may invite the reader to post it again.
      sending(button, false);
      showError(form, "We could not reach the site. Your text is still here; please try again.");
      focusAfterRefusal(form, null, button);
    });
  }

  function showLiked(form, liked, likes) {
    var count = form.querySelector("[data-like-count]");
    if (count) { count.textContent = String(likes); }
    var button = form.querySelector("button");
    if (button) { button.setAttribute("aria-pressed", liked ? "true" : "false"); }
    var undo = form.querySelector("input[name=undo]");
    if (liked && !undo) {
      undo = document.createElement("input");
      undo.type = "hidden"; undo.name = "undo"; undo.value = "1";
      form.appendChild(undo);
    } else if (!liked && undo) {
      undo.remove();
    }
  }

  function onLikeSubmit(form) {
    var button = form.querySelector("button");
    // One request at a time: a double click sent "recommend" twice, and the second answered
    // "You have already recommended this comment." in an alert.
    if (form.hasAttribute("data-busy")) { return; }
    form.setAttribute("data-busy", "");
    if (button) { button.setAttribute("aria-busy", "true"); }
    function done() {
      form.removeAttribute("data-busy");
      if (button) { button.removeAttribute("aria-busy"); }
    }
    send(form).then(function (result) {
      done();
      if (!result.ok) { window.alert(likeErrorText(result)); return; }
      // An editors' pick is on the page twice (above the threads and in its conversation):
      // both copies show the new count and state, so the other one never offers a
      // recommendation already made (it answered "You have already recommended...").
      Array.prototype.forEach.call(document.querySelectorAll("form[data-like]"), function (other) {
        if (other.action === form.action) { showLiked(other, result.body.liked, result.body.likes); }
      });
    }).catch(function () {
      done();
      window.alert("We could not reach the site; your recommendation was not saved. Please try again.");
    });
  }

  // A failed answer (the thread was removed meanwhile, a stale link) is never put in the list
  // as if it were comments: the reader gets a sentence beside the link instead. An alert: a
  // status made at that moment is not followed by screen readers, and nothing was said.
  function loadFailed(link, message) {
    idle(link);
    var note = link.parentNode.querySelector("[data-load-error]");
    if (!note) {
      note = document.createElement("span");
      note.setAttribute("data-load-error", "");
      note.setAttribute("role", "alert");
      note.className = "error";
      link.parentNode.insertBefore(note, link.nextSibling);
    }
    note.textContent = " " + message;
  }

  // The link that loaded them is gone once they are in: keyboard and screen reader users go on
  // from the first comment it brought, not from the top of the page.
  function focusFirst(element) {
    if (!element) { return; }
    element.setAttribute("tabindex", "-1");
    element.focus();
  }

  // A comment posted without a reload is shown at once where the reader sees it (at the top,
  // or after the replies on show), whatever the sort; the page or replies loaded later may hold
  // it again. Each comment is on the page once: the copy already there stays.
  function dropShown(content) {
    Array.prototype.forEach.call(content.querySelectorAll("article.comment[id]"), function (article) {
      var item = article.parentNode;
      if (document.getElementById(article.id) && item && item.tagName === "LI") { item.remove(); }
    });
  }

  // While the comments are on their way the link says so (aria-busy alone showed nothing: on a
  // slow network nothing seemed to happen), and a click meanwhile sends nothing: a second
  // request for the same page was noted twice in the history entry, and going Back brought
  // the pages again only up to the repeat.
  function busy(link) {
    if (link.getAttribute("aria-busy") === "true") { return false; }
    link.setAttribute("aria-busy", "true");
    link.setAttribute("data-label", link.textContent);
    link.textContent = "Loading\u2026";
    return true;
  }

  function idle(link) {
    link.removeAttribute("aria-busy");
    if (link.hasAttribute("data-label")) {
      link.textContent = link.getAttribute("data-label");
      link.removeAttribute("data-label");
    }
  }

  function loadMore(link, target, replaceWith) {
    if (!busy(link)) { return Promise.resolve(false); }
    return fetch(link.href, { headers: HEADERS, credentials: "same-origin" })
      .then(function (response) {
        if (response.ok) { return response.text(); }
        return response.json().catch(function () { return {}; }).then(function (body) {
          var message = body && body.error && body.error.message;
          if (!message && response.status === 404) {
            message = "These comments are no longer available; please reload the page.";
          }
          throw new Error(message || "The comments could not be loaded; please try again.");
        });
      })
      .then(function (html) {
        var content = fragment(html);
        dropShown(content);
        replaceWith(content, target);
        return true;
      })
      .catch(function (error) {
        var message = error && error.message;
        if (!message || error instanceof TypeError) {
          message = "We could not reach the site; please try again.";
        }
        loadFailed(link, message);
        return false;
      });
  }

  function loadMoreComments(link, focus) {
    var wrap = link.closest("[data-more-wrap]");
    return loadMore(link, wrap, function (content, holder) {
      var list = document.querySelector("[data-comment-list]");
      var newList = content.querySelector("[data-comment-list]");
      var first = newList ? newList.querySelector("article.comment") : null;
      if (list && newList) {
        while (newList.firstChild) { list.appendChild(newList.firstChild); }
      }
      var nextWrap = content.querySelector("[data-more-wrap]");
      if (nextWrap) { holder.replaceWith(nextWrap); } else { holder.remove(); }
      if (focus) { focusFirst(first); }
    });
  }

  function loadReplies(link, focus) {
    var holder = link.closest("li, p");
    return loadMore(link, holder, function (content, place) {
      var first = content.querySelector("article.comment");
      var list = place.previousElementSibling;
      if (!list || !list.matches(".comment-list")) {
        var li = place.closest("li");
        list = li ? li.querySelector(".comment-list--replies") : null;
      }
      if (list) { list.hidden = false; list.appendChild(content); place.remove(); }
      else { place.replaceWith(content); }
      if (focus) { focusFirst(first); }
    });
  }

  // "Load more comments" adds pages to this page only. Signed-in pages are not kept in the
  // back-forward cache (259d93e), so a reader who followed a link and came back found the first
  // page alone, at the top. The pages loaded are noted in this history entry's state, fetched
  // again in order when the entry is loaded again (back, forward, reload), and the scroll
  // position noted when the page was left is put back after them. "More replies" likewise
  // (commentsReplies): fetched again after the pages, since a thread may be on one of them,
  // in the order they were opened, since a second "More replies" came with the first one's.
  function setState(changes) {
    try {
      history.replaceState(Object.assign({}, history.state || {}, changes), "");
      return true;
    } catch (error) {
      return false;  // a browser may refuse (too many calls): the pages are simply not kept
    }
  }

  // What this page holds now, whichever of its history entries is current: a link within the
  // page ("Replying to X", "Skip to content") makes a new entry with no state, and coming Back
  // to that one brought the first page alone. Each entry the page moves to gets the lot.
  var loaded = { commentsMore: [], commentsReplies: [] };

  function keepLoaded() {
    if (!loaded.commentsMore.length && !loaded.commentsReplies.length) { return false; }
    return setState({ commentsMore: loaded.commentsMore.slice(), commentsReplies: loaded.commentsReplies.slice() });
  }

  function noteLoaded(key, url) {
    loaded[key].push(url);
    keepLoaded();
  }

  window.addEventListener("hashchange", keepLoaded);
  window.addEventListener("popstate", keepLoaded);

  // The browser's own scroll restoring is turned off only on leaving the page, for coming back
  // to it (restoreLoaded puts the place back after the pages), and on again once they are in.
  // Turned off as soon as a page was loaded, as it was, a link within the page ("Replying to
  // X") carried that to its entry, and Back from it left the reader at X.
  window.addEventListener("pagehide", function () {
    if (keepLoaded() && setState({ commentsY: window.scrollY })) { history.scrollRestoration = "manual"; }
  });

  function linkTo(selector, url) {
    return Array.prototype.find.call(document.querySelectorAll(selector), function (link) {
      return link.href === url;
    });
  }

  function restoreLoaded() {
    var state = history.state;
    var pages = (state && state.commentsMore) || [];
    var replies = (state && state.commentsReplies) || [];
    if ((!pages.length && !replies.length) || !window.fetch) { return; }
    history.scrollRestoration = "manual";
    var pagesDone = 0;
    var repliesKept = [];
    var r = 0;
    function nextPage() {
      var link = document.querySelector("a[data-load-more]");
      // The same cursors give the same pages; a page that no longer offers the link (comments
      // removed meanwhile) stops here, and only what was loaded again is kept.
      if (pagesDone < pages.length && link && link.href === pages[pagesDone]) {
        loadMoreComments(link, false).then(function (ok) {
          if (ok) { pagesDone += 1; nextPage(); } else { finish(); }
        });
        return;
      }
      nextReplies();
    }
    function nextReplies() {
      // A thread's link may be gone (its page not loaded again, its replies removed): that
      // one is skipped, other threads' replies still come back. A failed fetch stops here.
      while (r < replies.length) {
        var url = replies[r];
        r += 1;
        var link = linkTo("a[data-load-replies]", url);
        if (link) {
          loadReplies(link, false).then(function (ok) {
            if (ok) { repliesKept.push(url); nextReplies(); } else { finish(); }
          });
          return;
        }
      }
      finish();
    }
    function finish() {
      loaded = { commentsMore: pages.slice(0, pagesDone), commentsReplies: repliesKept };
      setState({ commentsMore: loaded.commentsMore.slice(), commentsReplies: repliesKept.slice() });
      if (typeof state.commentsY === "number") { window.scrollTo(0, state.commentsY); }
      history.scrollRestoration = "auto";
    }
    nextPage();
  }

  // The box's maxlength cut pasted text short without a word (3,667 characters pasted kept the
  // first 3,000, the end lost unseen). With this file the box keeps all of it and says when it
  // is over the limit; the server refuses such a comment with its length, the text kept.
  // Without this file the browser's maxlength stays.
  function freeLength(area) {
    if (!area.hasAttribute("maxlength")) { return; }
    area.setAttribute("data-max-length", area.getAttribute("maxlength"));
    area.removeAttribute("maxlength");
  }

  var BOXES = "[data-comment-form] textarea, [data-edit-form] textarea";

  function isCommentBox(node) {
    return !!(node && node.matches && node.matches(BOXES));
  }

  Array.prototype.forEach.call(document.querySelectorAll(BOXES), freeLength);
  document.addEventListener("focusin", function (event) {  // boxes added since (replies, more)
    if (isCommentBox(event.target)) { freeLength(event.target); }
  });

  document.addEventListener("input", function (event) {
    var area = event.target;
    if (!isCommentBox(area) || !area.hasAttribute("data-max-length")) { return; }
    var max = Number(area.getAttribute("data-max-length"));
    var over = Array.from(area.value).length > max;  // characters as the server counts them
    if (over === (area.getAttribute("data-over") === "true")) { return; }  // said once a change
    area.setAttribute("data-over", over ? "true" : "false");
    showError(area.form, over ? "Your comment is over the limit of " + max + " characters; please shorten it." : "");
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !window.fetch) { return; }
    if (form.matches("[data-comment-form]")) {
      event.preventDefault();
      onCommentSubmit(form);
    } else if (form.matches("[data-like]")) {
      event.preventDefault();
      onLikeSubmit(form);
    }
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-load-more], a[data-load-replies]") : null;
    if (!link || !window.fetch) { return; }
    event.preventDefault();
    if (link.matches("[data-load-more]")) {
      var url = link.href;
      loadMoreComments(link, true).then(function (ok) { if (ok) { noteLoaded("commentsMore", url); } });
    } else {
      var href = link.href;
      loadReplies(link, true).then(function (ok) { if (ok) { noteLoaded("commentsReplies", href); } });
    }
  });

  // Opening "Reply" (a click, or Enter or Space on the toggle) moves focus into the reply form:
  // its first field, the reply box for a signed-in reader. Only an opening the reader asked
  // for: a form open when the page loads keeps focus where the page put it.
  var replyAsked = null;
  document.addEventListener("click", function (event) {
    var summary = event.target.closest ? event.target.closest("details[data-reply] > summary") : null;
    replyAsked = summary ? summary.parentElement : null;
  });
  document.addEventListener("toggle", function (event) {
    var details = event.target;
    if (details !== replyAsked) { return; }
    replyAsked = null;
    if (!details.open) { return; }
    var field = details.querySelector("[data-comment-form] input:not([type=hidden]):not([tabindex='-1']), [data-comment-form] textarea");
    if (field) { field.focus(); }
  }, true);  // "toggle" does not bubble

  // Going Back, Forward or reloading, the browser puts typed text back into the boxes, but a
  // reply form is closed again (a <details> opens only when asked), so a reply being written
  // looked lost. One that holds text is opened; focus stays where the page put it. Chromium
  // puts the text back only at the page's load, after this file has run: hence "pageshow".
  function reopenDrafts() {
    Array.prototype.forEach.call(document.querySelectorAll("details[data-reply]:not([open])"), function (details) {
      var box = details.querySelector("[data-comment-form] textarea");
      if (box && box.value.trim()) { details.open = true; }
    });
  }

  window.addEventListener("pageshow", reopenDrafts);  // the text is put back by then, not before
  restoreLoaded();
})();
