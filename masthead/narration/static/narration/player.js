/* "Listen to article": the narration player.
 *
 * Progressive enhancement: without JavaScript the page shows the browser's own audio controls.
 * With it, a "Listen to article" button opens an accessible player (play/pause, back and forward
 * 15 s, speed, progress, download), the sentence being read is highlighted in the article, a
 * click on a sentence jumps to it, and the reader's place is remembered.
 *
 * Read-along by keyboard: while the player is open, the sentences are buttons in one Tab stop
 * (a roving tabindex: the sentence being read, or the one last moved to). Arrow keys move
 * between sentences, Home/End to the first/last, Enter or Space plays from the focused one,
 * Escape goes back to the player; Tab leaves as from any button. The sentence being read has
 * aria-current. Closed, the sentences are plain text again (no role, no tab stop), so the
 * article reads as it always did. Where the voice gives
 * word timings, the word being read gets a subtle mark too (not under prefers-reduced-motion).
 *
 * While an article's first audio is being made, the page polls for it; as soon as the first parts
 * are ready (segments.json) the player offers them and plays them one after another, waiting for
 * the next when it catches up, and moves to the joined file, at the same moment, once it is ready.
 * Each poll asks only for the parts it has not got (`?after=N`) and gets only their sentences.
 * If the narration starts again meanwhile (an edit, "regenerate": the answer is queued again or
 * names another `run`), the player drops the earlier run's parts and carries on at the same
 * moment in the new run's parts once they reach it. If the narration fails, the player says so
 * instead of breaking.
 *
 * The player is the page's one poller: every answer it gets is published as a
 * "narration:state" event on the `[data-narration]` element (the editors' status line,
 * editor_status.js, listens), which carries `data-polling` while the player is asking.
 */
(function () {
  "use strict";

  var SPEEDS = [0.75, 1, 1.25, 1.5, 1.75, 2];
  var SKIP = 15;

  function clock(seconds) {
    if (!isFinite(seconds) || seconds < 0) seconds = 0;
    var total = Math.floor(seconds);
    var h = Math.floor(total / 3600);
    var m = Math.floor((total % 3600) / 60);
    var s = total % 60;
    var mm = h ? String(m).padStart(2, "0") : String(m);
    return (h ? h + ":" : "") + mm + ":" + String(s).padStart(2, "0");
  }

  function spoken(seconds) {
    var total = Math.floor(seconds || 0);
    var m = Math.floor(total / 60);
    var s = total % 60;
    return (m ? m + (m === 1 ? " minute " : " minutes ") : "") + s + (s === 1 ? " second" : " seconds");
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      node.setAttribute(key, attrs[key]);
    });
    if (text) node.textContent = text;
    return node;
  }

  function store(key, value) {
    try {
      if (value === null) window.localStorage.removeItem(key);
      else window.localStorage.setItem(key, JSON.stringify(value));
    } catch (e) { /* private mode: nothing remembered */ }
  }

  /* Tell the page what the server said (the editors' status line listens, rather than asking
   * again), and whether the player is asking. */
  function publish(root, state) {
    if (state) root.dispatchEvent(new CustomEvent("narration:state", { detail: state }));
  }

  function polling(root, on) {
    if (on) root.setAttribute("data-polling", "");
    else root.removeAttribute("data-polling");
  }

  function recall(key) {
    try {
      return JSON.parse(window.localStorage.getItem(key) || "null");
    } catch (e) {
      return null;
    }
  }

  /* ---- sentences on the page -------------------------------------------------------------- */
  function targetElement(target) {
    if (target === "headline") return document.getElementById("article-headline");
    if (target === "standfirst") return document.querySelector(".article__standfirst");
    var parts = target.split("/");
    if (parts[0] !== "body") return null;
    var body = document.querySelector(".article__body");
    var block = body && body.children[Number(parts[1])];
    if (!block) return null;
    if (parts[2] === "attribution") return block.querySelector("footer");
    if (block.tagName === "BLOCKQUOTE") return block.querySelector("p");
    return block;
  }

  /* Wrap each sentence's printed text in a span; sentences whose text is not where the
   * timings say (the page changed since the audio was made) are simply not highlighted. */
  function markSentences(sentences) {
    var byTarget = {};
    sentences.forEach(function (sentence, index) {
      (byTarget[sentence.target] = byTarget[sentence.target] || []).push({ s: sentence, i: index });
    });
    var spans = [];
    Object.keys(byTarget).forEach(function (target) {
      var host = targetElement(target);
      if (!host || host.childNodes.length !== 1 || host.firstChild.nodeType !== 3) return;
      var text = host.firstChild.nodeValue;
      var items = byTarget[target].filter(function (item) {
        return text.slice(item.s.from, item.s.to) === item.s.text;
      });
      items.sort(function (a, b) { return b.s.from - a.s.from; });
      var node = host.firstChild;
      items.forEach(function (item) {
        node.splitText(item.s.to);
        var middle = node.splitText(item.s.from);
        var span = el("span", { "class": "narration-sentence", "data-sentence": String(item.i) });
        middle.parentNode.replaceChild(span, middle);
        span.appendChild(middle);
        spans[item.i] = span;
      });
    });
    return spans;
  }

  /* A sentence as plain text again: no button, no tab stop (read-along off, or its text changed). */
  function plainSentence(span) {
    ["role", "tabindex", "aria-describedby", "aria-disabled", "aria-current"].forEach(function (name) {
      span.removeAttribute(name);
    });
  }

  function sentenceAt(sentences, time) {
    var lo = 0, hi = sentences.length - 1, found = -1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      var start = sentences[mid].start;
      if (start !== null && start !== undefined && start <= time) { found = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    if (found >= 0 && time > sentences[found].end + 0.9) return -1; // in a pause
    return found;
  }

  /* Wrap the marked words of a sentence's span: [from, to, start, end] per word (offsets in the
   * sentence's printed text). Plain spans, no roles: screen readers hear the text as before. */
  function markWords(span, marks) {
    var words = [];
    if (!span || !marks || !marks.length) return words;
    if (span.childNodes.length !== 1 || span.firstChild.nodeType !== 3) return words;
    var node = span.firstChild;
    var length = node.nodeValue.length;
    var sorted = marks.slice().sort(function (a, b) { return b[0] - a[0]; });
    var last = length + 1;
    sorted.forEach(function (mark) {
      if (mark[0] < 0 || mark[1] > length || mark[1] > last || mark[0] >= mark[1]) return;
      node.splitText(mark[1]);
      var middle = node.splitText(mark[0]);
      var word = el("span", { "class": "narration-word" });
      middle.parentNode.replaceChild(word, middle);
      word.appendChild(middle);
      words.unshift({ el: word, start: mark[2], end: mark[3] });
      last = mark[0];
    });
    return words;
  }

  function wordAt(words, time) {
    for (var i = words.length - 1; i >= 0; i -= 1) {
      if (words[i].start <= time) return time <= words[i].end + 0.15 ? i : -1;
    }
    return -1;
  }

  function reducedMotion() {
    return !!(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);
  }

  /* ---- the player --------------------------------------------------------------------------- */
  function Player(root) {
    this.root = root;
    this.slug = root.getAttribute("data-slug");
    this.sentences = [];
    this.spans = [];
    this.current = -1;
    this.roving = -1;         // the sentence that is the read-along's one Tab stop
    this.lastSaved = 0;
    this.parts = null;        // while the narration is being made: see beginParts
    this.waiting = false;     // played every part ready so far; the next one is on its way
    this.pendingSeek = null;  // where to go once the new source's metadata is loaded
    this.words = [];          // word marks per sentence index, wrapped on first use
    this.currentWord = null;
    this.dragging = false;    // a pointer holds the position slider
    this.wordHighlight = !reducedMotion();
    this.touching = false;    // a finger is on the screen: the page is the reader's (follow)
    var self = this;
    window.addEventListener("touchstart", function () { self.touching = true; }, { passive: true });
    ["touchend", "touchcancel"].forEach(function (type) {
      window.addEventListener(type, function (event) {
        if (!event.touches || !event.touches.length) self.touching = false;
      }, { passive: true });
    });
  }

  Player.prototype.build = function (info, progressive) {
    var self = this;
    var root = this.root;
    this.info = info;
    this.placeKey = "narration:place:" + this.slug;
    var fallback = root.querySelector("[data-listen-fallback]");
    var pending = root.querySelector("[data-listen-pending]");
    if (fallback) fallback.remove();
    if (pending) {
      // It told screen readers the audio was on its way (a live region): it now tells them it
      // is here, out of sight (the button says it on the screen). Taken away without a word,
      // as it was, it left them waiting.
      pending.removeAttribute("data-listen-pending");
      pending.removeAttribute("data-listen-outdated");
      pending.className = "visually-hidden";
      pending.textContent = progressive
        ? "The first part of the audio is ready: press Listen to article."
        : "The audio for this article is ready: press Listen to article.";
      this.readySaid = pending;
    }

    var id = "narration-player-" + this.slug;
    var start = el("button", {
      type: "button", "class": "listen__start", "aria-controls": id, "aria-expanded": "false",
      "data-listen-start": ""
    });
    start.appendChild(el("span", { "class": "listen__icon", "aria-hidden": "true" }, "\u25B6"));
    start.appendChild(el("span", {}, "Listen to article"));
    var length = el("span", { "class": "listen__length" });
    start.appendChild(length);

    var panel = el("div", { id: id, "class": "player", role: "region", "aria-label": "Article audio player", hidden: "" });
    var audio = el("audio", { preload: progressive ? "auto" : "metadata" });
    var bar = el("div", { "class": "player__bar" });
    var back = el("button", { type: "button", "class": "player__btn", "aria-label": "Back " + SKIP + " seconds", "data-act": "back" }, "\u21BA 15");
    var toggle = el("button", { type: "button", "class": "player__btn player__toggle", "aria-label": "Play", "data-act": "toggle" }, "\u25B6");
    var forward = el("button", { type: "button", "class": "player__btn", "aria-label": "Forward " + SKIP + " seconds", "data-act": "forward" }, "15 \u21BB");
    var seek = el("input", {
      type: "range", "class": "player__seek", min: "0", max: "0", step: "1", value: "0",
      "aria-label": "Position in the audio", "aria-valuetext": "0:00", "data-seek": ""
    });
    var time = el("span", { "class": "player__time", "aria-hidden": "true" });
    var elapsed = el("span", { "data-elapsed": "" }, "0:00");
    var total = el("span", { "data-total": "" });
    time.appendChild(elapsed);
    time.appendChild(document.createTextNode(" / "));
    time.appendChild(total);
    var speedLabel = el("label", { "class": "player__speed" });
    speedLabel.appendChild(el("span", { "class": "visually-hidden" }, "Playback speed"));
    var speed = el("select", { "data-speed": "" });
    SPEEDS.forEach(function (value) {
      var option = el("option", { value: String(value) }, value + "\u00D7");
      if (value === 1) option.selected = true;
      speed.appendChild(option);
    });
    speedLabel.appendChild(speed);
    var download = el("a", { "class": "player__btn player__download", download: "", "aria-label": "Download the audio (MP3)" }, "\u2193 MP3");
    var close = el("button", { type: "button", "class": "player__btn player__close", "aria-label": "Close the player", "data-act": "close" }, "\u2715");
    [back, toggle, forward, seek, time, speedLabel, download, close].forEach(function (node) { bar.appendChild(node); });
    panel.appendChild(audio);
    panel.appendChild(bar);
    var live = el("p", { "class": "visually-hidden", role: "status", "aria-live": "polite" });
    panel.appendChild(live);
    var hint = el("p", { id: id + "-readalong", "class": "visually-hidden" },
      "Read-along: Enter plays from this sentence; arrow keys move between sentences; " +
      "Escape returns to the player.");
    panel.appendChild(hint);
    this.hintId = hint.id;

    root.insertBefore(panel, root.firstChild);
    root.insertBefore(start, panel);

    this.audio = audio; this.start = start; this.panel = panel; this.toggle = toggle;
    this.seek = seek; this.elapsed = elapsed; this.total = total; this.length = length;
    this.speed = speed; this.live = live; this.download = download;

    var rate = Number(recall("narration:rate"));
    if (SPEEDS.indexOf(rate) >= 0) { speed.value = String(rate); }
    audio.defaultPlaybackRate = Number(speed.value);

    if (progressive) this.beginParts(info); else this.useFile(info);

    start.addEventListener("click", function () { self.open(true); });
    back.addEventListener("click", function () { self.jump(-SKIP); });
    forward.addEventListener("click", function () { self.jump(SKIP); });
    toggle.addEventListener("click", function () { self.playPause(); });
    // event.detail: 0 for Enter or Space, the number of clicks for a mouse or a tap.
    close.addEventListener("click", function (event) { self.close(event.detail > 0); });
    speed.addEventListener("change", function () {
      audio.defaultPlaybackRate = Number(speed.value);
      audio.playbackRate = Number(speed.value);
      store("narration:rate", Number(speed.value));
    });
    seek.addEventListener("input", function () {
      self.seekTo(Number(seek.value));
      self.render();
    });
    // While a pointer holds the slider it is the reader's, not the audio's (render leaves it
    // be); with keyboard focus alone it follows the audio (see render).
    seek.addEventListener("pointerdown", function () { self.dragging = true; });
    ["pointerup", "pointercancel"].forEach(function (type) {
      window.addEventListener(type, function () {
        if (self.dragging) { self.dragging = false; self.render(); }
      });
    });
    audio.addEventListener("play", function () { self.render(); self.tick(); });
    audio.addEventListener("pause", function () { self.render(); self.savePlace(true); });
    audio.addEventListener("timeupdate", function () { self.render(); self.savePlace(false); });
    audio.addEventListener("loadedmetadata", function () {
      audio.playbackRate = Number(speed.value);
      if (self.pendingSeek !== null) {
        audio.currentTime = Math.min(self.pendingSeek, audio.duration || self.pendingSeek);
        self.pendingSeek = null;
      }
      self.render();
    });
    audio.addEventListener("ratechange", function () {
      if (String(audio.playbackRate) !== speed.value && SPEEDS.indexOf(audio.playbackRate) >= 0) {
        speed.value = String(audio.playbackRate);
      }
    });
    audio.addEventListener("ended", function () {
      if (self.parts) { self.nextPart(); return; }
      store(self.placeKey, null);
      self.render();
    });
    audio.addEventListener("error", function () {
      if (self.parts) {  // a part went away (the narration just finished?): ask again
        self.waiting = !self.panel.hidden;
        self.poll(0);
        return;
      }
      live.textContent = "The audio could not be played. Press Play to try again, or download it.";
      root.classList.add("listen--error");
      self.checkWithdrawn();
    });
    panel.addEventListener("keydown", function (event) {
      if (event.target.tagName === "INPUT" || event.target.tagName === "SELECT") return;
      if (event.key === "ArrowLeft") { self.jump(-SKIP); event.preventDefault(); }
      if (event.key === "ArrowRight") { self.jump(SKIP); event.preventDefault(); }
      if (event.key === "k" || event.key === "K") { self.playPause(); event.preventDefault(); }
    });

    // Stays reachable while scrolling: docked at the bottom once its place scrolls away.
    if ("IntersectionObserver" in window) {
      var section = document.getElementById("listen") || root;
      this.dockWatch = new IntersectionObserver(function (entries) {
        var entry = entries[entries.length - 1];  // the latest, if several were queued
        var docked = !entry.isIntersecting && !panel.hidden;
        // The player's place keeps its height while the player is docked: it left the page's
        // flow, and the text under the reader's eyes jumped up by its height (238 px on a
        // 320 px phone) just as they scrolled past it.
        if (docked && !root.classList.contains("listen--docked")) {
          root.style.minHeight = root.offsetHeight + "px";
        } else if (!docked) {
          root.style.minHeight = "";
        }
        root.classList.toggle("listen--docked", docked);
        document.body.classList.toggle("narration-docked", docked);  // room for the bar
      });
      this.dockSection = section;
      this.dockWatch.observe(section);
    }
  };

  /* The observer reports changes only, as seen at each frame: opened and scrolled away within
   * one frame (focus scrolls the button into view, Enter opens, the page is scrolled down
   * again), it saw no change and the player stayed undocked far from the reader. Observing
   * again makes it report the place as it is now. */
  Player.prototype.redock = function () {
    if (!this.dockWatch) return;
    this.dockWatch.unobserve(this.dockSection);
    this.dockWatch.observe(this.dockSection);
  };

  /* ---- the joined file ------------------------------------------------------------------------ */
  Player.prototype.useFile = function (info) {
    this.info = info;
    this.parts = null;
    this.panel.setAttribute("data-mode", "file");
    this.audio.setAttribute("preload", "metadata");
    this.audio.src = info.audio_url;
    this.download.hidden = false;
    this.download.setAttribute("href", info.download_url);
    this.length.textContent = clock(info.duration);
    this.start.setAttribute("aria-label", "Listen to article, " + spoken(info.duration));
    this.total.textContent = clock(info.duration);
    this.seek.max = String(Math.ceil(info.duration));
    this.seek.setAttribute("aria-valuetext", clock(this.position()) + " of " + clock(info.duration));
  };

  /* ---- progressive playback: the parts ready so far ------------------------------------------- */
  function freshParts(resume) {
    // run: the narration run the parts belong to; resume: where to carry on once the parts of
    // a run that started again reach it (null when playing as usual)
    return { list: [], index: 0, ready: 0, total: 0, run: null, resume: resume };
  }

  Player.prototype.beginParts = function (state) {
    this.parts = freshParts(null);
    this.panel.setAttribute("data-mode", "parts");
    this.download.hidden = true;  // there is no file to download yet
    this.length.textContent = "being prepared";
    this.start.setAttribute("aria-label", "Listen to article (the audio is still being prepared)");
    this.addParts(state);
    if (this.parts.list.length) this.audio.src = this.parts.list[0].url;
    this.poll(1000);
  };

  /* An answer of segments.json: the parts after the `parts_from`-th (the poll asks only for those
   * it has not got) and the sentences they time, from index `sentences_from`. */
  Player.prototype.addParts = function (state) {
    var parts = this.parts;
    if (!parts) return;
    if (parts.run === null && state.run !== undefined) parts.run = state.run;
    var from = state.parts_from || 0;
    // Parts that do not follow ours: the answer to an ask made for an earlier run, which the
    // new run had already passed (a slow answer). Take nothing; the next poll asks from ours.
    if (from > parts.list.length) return;
    if (from < parts.list.length) parts.list.length = from;  // the list again (started over)
    (state.parts || []).forEach(function (part) { parts.list.push(part); });
    parts.ready = state.duration_ready || 0;
    parts.total = state.parts_total || 0;
    var news = state.sentences || [];
    if (news.length) this.adoptSentences(news, state.sentences_from || 0);
    this.total.textContent = clock(parts.ready) + "+";
    if (parts.resume !== null) {
      this.resumeParts();
    } else if (this.waiting && parts.list.length > parts.index + 1) {
      this.loadPart(parts.index + 1, 0, true);
    }
    this.render();
  };

  /* Did the narration start again since these parts were made? Then they are not its parts. */
  Player.prototype.restarted = function (state) {
    var parts = this.parts;
    if (state.status === "queued") return parts.resume === null || parts.run !== null;
    return state.status === "generating" && parts.run !== null && state.run !== undefined &&
      state.run !== parts.run;
  };

  /* Drop the earlier run's parts and timings; carry on at the same moment once the new run's
   * parts reach it (playing if the listener was, waiting meanwhile). */
  Player.prototype.restartParts = function (state) {
    var at = this.position();
    var playing = this.waiting || !this.audio.paused;
    this.audio.pause();
    this.audio.removeAttribute("src");
    this.pendingSeek = null;
    this.parts = freshParts(at);
    this.waiting = playing;
    this.highlight(-1);
    this.highlightWord(-1);
    this.sentences = this.sentences.map(function (sentence) {
      return { target: sentence.target, text: sentence.text, start: null, end: null, marks: [] };
    });
    this.words = [];
    this.spans.forEach(function (span) {  // word marks of the earlier run: plain text again
      if (span) span.textContent = span.textContent;
    });
    this.readAlong();  // no sentence is seekable until the new run times it
    this.live.textContent = "The article changed: its audio is being prepared again.";
    this.total.textContent = "0:00+";
    if (state.status === "generating") this.addParts(state);
    this.render();
  };

  /* After a restart: the new run's parts reach the moment the listener was at (or they are
   * all there): go there. */
  Player.prototype.resumeParts = function () {
    var parts = this.parts, list = parts.list;
    var complete = parts.total > 0 && list.length >= parts.total;
    if (!list.length || (parts.ready <= parts.resume && !complete)) return;
    var t = parts.resume, index = 0;
    for (var i = 0; i < list.length; i += 1) if (list[i].start <= t) index = i;
    parts.resume = null;
    this.loadPart(index, t - list[index].start, this.waiting);
  };

  /* Sentences (with times) from `at` on, from the server: a sentence whose text is no longer
   * the one marked on the page (the article changed since the page was loaded) loses its
   * highlight rather than lighting the wrong words. */
  Player.prototype.adoptSentences = function (news, at) {
    if (!this.spans.length && at === 0) {
      this.useSentences(news);
      return;
    }
    if (at === 0) this.sentences = [];
    for (var i = 0; i < news.length; i += 1) {
      var index = at + i, span = this.spans[index];
      this.sentences[index] = news[i];
      if (span && span.textContent !== news[i].text) {
        span.classList.remove("is-spoken");
        plainSentence(span);
        this.spans[index] = undefined;
        this.words[index] = undefined;
      }
    }
    if (at === 0) {
      for (var j = news.length; j < this.spans.length; j += 1) {
        if (this.spans[j]) {
          this.spans[j].classList.remove("is-spoken");
          plainSentence(this.spans[j]);
        }
        this.spans[j] = undefined;
      }
    }
    this.readAlong();  // sentences timed since are now seekable
  };

  Player.prototype.loadPart = function (index, offset, play) {
    var parts = this.parts;
    parts.index = index;
    this.waiting = false;
    this.pendingSeek = offset > 0.05 ? offset : null;
    this.audio.src = parts.list[index].url;
    if (play) this.play();
  };

  Player.prototype.nextPart = function () {
    var parts = this.parts;
    if (parts.list.length > parts.index + 1) {
      this.loadPart(parts.index + 1, 0, true);
    } else {
      this.waiting = true;  // caught up with the voice: carry on when the next part is ready
      this.poll(0);
      this.render();
    }
  };

  Player.prototype.poll = function (delay) {
    var self = this;
    if (!this.parts || !this.info.segments_url) return;
    window.clearTimeout(this.pollTimer);
    this.pollTimer = window.setTimeout(function () {
      var url = self.info.segments_url + "?after=" + self.parts.list.length;
      fetch(url, { credentials: "same-origin", cache: "no-store" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (state) {
          if (!self.parts) return;
          publish(self.root, state);
          if (state && state.has_audio) { self.finishParts(state); return; }
          if (state && state.status === "failed") { self.failParts(state); return; }
          if (state && self.restarted(state)) self.restartParts(state);
          else if (state) self.addParts(state);
          self.poll(self.panel.hidden ? 3000 : 1000);
        })
        .catch(function () { self.poll(3000); });
    }, delay);
  };

  /* The joined file is ready: carry on in it from the same moment. */
  Player.prototype.finishParts = function (state) {
    var at = this.position();
    var playing = this.waiting || !this.audio.paused;
    this.waiting = false;
    polling(this.root, false);  // the file needs no asking
    this.audio.pause();
    this.useFile(state);
    this.pendingSeek = at > 0.05 ? at : null;
    this.timingsLoaded = false;
    if (!this.panel.hidden) this.loadTimings();
    if (playing) this.play();
    this.render();
  };

  /* The file would not play: was it withdrawn (the article was edited since the page was
   * loaded, and the server no longer serves audio of the old text)? Then say so instead of
   * showing a player that cannot play; the new audio comes with a reload. */
  Player.prototype.checkWithdrawn = function () {
    var self = this;
    fetch(this.root.getAttribute("data-status-url"), { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (!state || !state.outdated || self.parts) return;
        publish(self.root, state);
        self.failParts(state);
      })
      .catch(function () { /* the message above stands */ });
  };

  Player.prototype.failParts = function (state) {
    var inside = this.root.contains(document.activeElement);
    if (this.readySaid) this.readySaid.textContent = "";  // no longer true
    this.parts = null;
    polling(this.root, false);
    this.waiting = false;
    this.audio.pause();
    this.audio.removeAttribute("src");
    this.panel.hidden = true;
    this.start.hidden = true;
    this.highlight(-1);
    this.readAlong();
    this.root.classList.remove("listen--docked");
    document.body.classList.remove("narration-docked");
    this.root.style.minHeight = "";
    var message = el("p", { "class": "listen__pending", role: "status", tabindex: "-1" });
    this.root.insertBefore(message, this.panel);
    this.root.classList.add("listen--error");
    // set once the live region is on the page, so screen readers announce it
    window.setTimeout(function () {
      var busy = !!state && (state.status === "queued" || state.status === "generating");
      message.textContent = unavailable(state, busy);
      if (inside) message.focus();  // the control the listener was on has gone
    }, 50);
  };

  /* ---- position on the whole narration's timeline --------------------------------------------- */
  Player.prototype.position = function () {
    if (this.parts && this.parts.resume !== null) return this.parts.resume;
    var t = this.audio.currentTime || 0;
    if (this.pendingSeek !== null) t = this.pendingSeek;
    if (this.parts) {
      var part = this.parts.list[this.parts.index];
      return part ? part.start + t : 0;
    }
    return t;
  };

  Player.prototype.duration = function () {
    if (this.parts) return this.parts.ready;
    var d = this.audio.duration;
    return isFinite(d) && d > 0 ? d : this.info.duration;
  };

  Player.prototype.seekTo = function (t) {
    if (this.parts && this.parts.resume !== null) {  // no parts of the new run there yet
      this.parts.resume = Math.max(0, t);
      return;
    }
    t = Math.max(0, Math.min(this.duration(), t));
    if (!this.parts) {
      if (this.audio.readyState >= 1) this.audio.currentTime = t; else this.pendingSeek = t;
      return;
    }
    var list = this.parts.list, index = 0;
    for (var i = 0; i < list.length; i += 1) if (list[i].start <= t) index = i;
    if (!list.length) return;
    var offset = t - list[index].start;
    if (index !== this.parts.index) {
      this.loadPart(index, offset, this.waiting || !this.audio.paused);
    } else if (this.audio.readyState >= 1) {
      this.audio.currentTime = offset;
    } else {
      this.pendingSeek = offset;
    }
  };

  /* ---- timings ---------------------------------------------------------------------------------- */
  Player.prototype.useSentences = function (sentences) {
    var self = this;
    this.sentences = sentences;
    this.spans = markSentences(sentences);
    this.words = [];
    document.body.classList.add("narration-active");
    this.spans.forEach(function (span, index) {
      if (!span) return;
      span.addEventListener("click", function () {
        if (self.spans[index] !== span) return;  // the text changed since
        // The click that ends a drag over some words (to copy them) is no request to play
        // from here: it moved the audio, and its word marks undid the selection.
        var selection = window.getSelection ? window.getSelection() : null;
        if (selection && !selection.isCollapsed) return;
        self.playSentence(index);
      });
      span.addEventListener("keydown", function (event) {
        if (self.spans[index] !== span) return;
        self.sentenceKey(event, index);
      });
      span.addEventListener("focus", function () {
        if (self.spans[index] === span && !self.panel.hidden) self.rove(index);
      });
    });
    this.readAlong();
    this.render();
  };

  Player.prototype.loadTimings = function () {
    var self = this;
    if (this.timingsLoaded || this.parts || !this.info.timings_url) return;
    this.timingsLoaded = true;
    fetch(this.info.timings_url, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data || !data.sentences) return;
        if (self.spans.length) { self.adoptSentences(data.sentences, 0); self.render(); }
        else self.useSentences(data.sentences);
      })
      .catch(function () { /* no highlighting; playback is unaffected */ });
  };

  Player.prototype.open = function (play) {
    this.panel.hidden = false;
    this.redock();
    this.start.setAttribute("aria-expanded", "true");
    this.start.hidden = true;
    this.loadTimings();
    var place = this.parts ? null : recall(this.placeKey);
    if (place && place.v === this.info.version && place.t > 1 && place.t < this.info.duration - 3) {
      this.seekTo(place.t);
      this.live.textContent = "Continuing from " + clock(place.t) + ".";
    }
    this.audio.playbackRate = Number(this.speed.value);
    this.readAlong();
    this.toggle.focus();
    if (play) this.play();
  };

  /* `stayPut`: closed by a click or tap, the page stays where the reader is: the docked
   * player's close button can be far down the article, and focusing the "Listen" button
   * scrolled the reader back to the top. Closed from the keyboard, focus (and the page) go to
   * that button, as before. */
  Player.prototype.close = function (stayPut) {
    // Closed docked with a tap, far down the page: the player's place above shrinks to the
    // Listen button; the page moves up by as much, so the text under the reader stays put.
    var before = this.root.getBoundingClientRect();
    var kept = stayPut && this.root.classList.contains("listen--docked") && before.bottom <= 0;
    this.waiting = false;
    this.audio.pause();
    this.panel.hidden = true;
    this.start.hidden = false;
    this.start.setAttribute("aria-expanded", "false");
    this.root.classList.remove("listen--docked");
    document.body.classList.remove("narration-docked");
    this.root.style.minHeight = "";
    this.highlight(-1);
    this.readAlong();
    if (kept) window.scrollBy(0, this.root.getBoundingClientRect().height - before.height);
    this.start.focus(stayPut ? { preventScroll: true } : undefined);
  };

  Player.prototype.play = function () {
    var self = this;
    if (this.parts && this.parts.resume !== null) {
      this.waiting = true;  // the new run's parts are not there yet: carry on when they are
      this.render();
      return;
    }
    if (this.parts && this.audio.ended && this.parts.index + 1 >= this.parts.list.length) {
      this.waiting = true;  // nothing more to play yet
      this.render();
      return;
    }
    if (this.audio.error && !this.parts) {
      // The file failed to load (a dropped connection, say): Play asks for it again and goes
      // on from the same place. It stayed failed until the page was reloaded.
      var at = this.position();
      this.live.textContent = "";
      this.root.classList.remove("listen--error");
      this.audio.load();
      this.pendingSeek = at > 0.05 ? at : null;
    }
    var promise = this.audio.play();
    if (promise && promise.catch) {
      promise.catch(function () { self.render(); });
    }
  };

  Player.prototype.playPause = function () {
    if (this.waiting) { this.waiting = false; this.render(); return; }
    if (this.audio.paused) this.play(); else this.audio.pause();
  };

  Player.prototype.jump = function (delta) {
    this.seekTo(this.position() + delta);
    this.render();
  };

  Player.prototype.savePlace = function (now) {
    if (this.parts) return;  // only the finished file's places are worth remembering
    var t = this.audio.currentTime;
    if (!now && Math.abs(t - this.lastSaved) < 2) return;
    this.lastSaved = t;
    store(this.placeKey, { v: this.info.version, t: Math.round(t * 10) / 10 });
  };

  Player.prototype.highlight = function (index) {
    if (index !== this.current) {
      var old = this.spans[this.current];
      if (old) { old.classList.remove("is-spoken"); old.removeAttribute("aria-current"); }
      this.current = index;
      var span = this.spans[index];
      if (span) {
        span.classList.add("is-spoken");
        span.setAttribute("aria-current", "true");
        // The Tab stop follows the voice, unless the reader is moving among the sentences.
        if (!this.sentenceFocused()) this.rove(index);
        this.follow(old, span);
      }
    }
  };

  /* The part of the window the article can be read in: above the docked player. */
  Player.prototype.readingBottom = function () {
    if (!this.root.classList.contains("listen--docked")) return window.innerHeight;
    if (window.getComputedStyle(this.panel).position !== "fixed") return window.innerHeight;  // short window: not docked
    return Math.min(window.innerHeight, this.panel.getBoundingClientRect().top);
  };

  /* The page follows the voice while the reader follows it: when the sentence before was on
   * the screen and the new one is not (below the screen, or under the docked player, which
   * takes a third of a small phone's screen), the page scrolls it to near the top of the
   * reading area. A reader who has scrolled elsewhere (the sentence before out of sight), is
   * touching the screen, or is moving among the sentences by keyboard is left where they are.
   * Before, the highlight went on down the page out of sight (on a 320 x 568 phone, under the
   * docked player after a few lines). */
  Player.prototype.follow = function (old, span) {
    if (!old || this.touching || this.audio.paused || this.sentenceFocused()) return;
    var bottom = this.readingBottom();
    var before = old.getBoundingClientRect();
    if (before.bottom <= 0 || before.top >= bottom) return;  // not following the highlight
    var rect = span.getBoundingClientRect();
    if (rect.top >= 0 && rect.bottom <= bottom) return;  // in sight already
    var top = rect.top - Math.round(bottom / 4);
    window.scrollBy({ top: top, behavior: reducedMotion() ? "auto" : "smooth" });
  };

  /* ---- read-along by keyboard ----------------------------------------------------------------- */
  Player.prototype.seekable = function (index) {
    var sentence = this.sentences[index];
    return !!(this.spans[index] && sentence && sentence.start !== null && sentence.start !== undefined);
  };

  Player.prototype.sentenceFocused = function () {
    var active = document.activeElement;
    return !!(active && active.classList && active.classList.contains("narration-sentence"));
  };

  /* Make the index-th sentence the one Tab stop among the sentences (while read-along is on). */
  Player.prototype.rove = function (index) {
    if (this.panel.hidden || !this.spans[index]) return;
    this.spans.forEach(function (span, i) {
      if (span) span.setAttribute("tabindex", i === index ? "0" : "-1");
    });
    this.roving = index;
  };

  /* Read-along on (the player is open): the sentences are buttons; off: plain text again. */
  Player.prototype.readAlong = function () {
    var self = this;
    var on = !this.panel.hidden;
    var stop = this.roving;
    if (!on || !this.spans[stop]) {
      stop = this.spans[this.current] ? this.current : this.spans.findIndex(function (span) { return !!span; });
    }
    this.spans.forEach(function (span, index) {
      if (!span) return;
      if (on) {
        span.setAttribute("role", "button");
        span.setAttribute("tabindex", index === stop ? "0" : "-1");
        span.setAttribute("aria-describedby", self.hintId);
        if (self.seekable(index)) span.removeAttribute("aria-disabled");
        else span.setAttribute("aria-disabled", "true");
      } else {
        plainSentence(span);
      }
    });
    this.roving = on ? stop : -1;
    document.body.classList.toggle("narration-reading-along", on && this.spans.length > 0);
  };

  Player.prototype.playSentence = function (index) {
    if (this.panel.hidden || !this.seekable(index)) return;
    this.seekTo(this.sentences[index].start);
    this.play();
    this.render();
  };

  /* The next sentence from `index` in direction `step` that is still on the page, or -1. */
  Player.prototype.neighbour = function (index, step) {
    for (var i = index + step; i >= 0 && i < this.spans.length; i += step) {
      if (this.spans[i]) return i;
    }
    return -1;
  };

  Player.prototype.sentenceKey = function (event, index) {
    if (this.panel.hidden || event.altKey || event.ctrlKey || event.metaKey) return;
    var to = -1;
    switch (event.key) {
      case "Enter":
      case " ":
        this.playSentence(index);
        event.preventDefault();
        return;
      case "Escape":
        this.toggle.focus();
        event.preventDefault();
        return;
      case "ArrowDown": case "ArrowRight": to = this.neighbour(index, 1); break;
      case "ArrowUp": case "ArrowLeft": to = this.neighbour(index, -1); break;
      case "Home": to = this.neighbour(-1, 1); break;
      case "End": to = this.neighbour(this.spans.length, -1); break;
      default: return;
    }
    event.preventDefault();  // the page does not scroll under the reader
    if (to < 0) return;
    this.rove(to);
    this.spans[to].focus();
  };

  Player.prototype.highlightWord = function (t) {
    var word = null;
    var index = this.current;
    if (this.wordHighlight && index >= 0 && this.spans[index] && !this.panel.hidden) {
      if (!this.words[index]) this.words[index] = markWords(this.spans[index], this.sentences[index].marks);
      var words = this.words[index];
      var at = wordAt(words, t);
      if (at >= 0) word = words[at].el;
    }
    if (word === this.currentWord) return;
    if (this.currentWord) this.currentWord.classList.remove("is-word");
    this.currentWord = word;
    if (word) word.classList.add("is-word");
  };

  /* Word marks change faster than timeupdate fires (4 times a second): follow the frames. */
  Player.prototype.tick = function () {
    var self = this;
    if (!this.wordHighlight || this.ticking) return;
    this.ticking = true;
    window.requestAnimationFrame(function step() {
      var t = self.position();
      if (self.sentences.length && !self.panel.hidden) {
        self.highlight(sentenceAt(self.sentences, t));
        self.highlightWord(t);
      }
      if (!self.audio.paused && !self.audio.ended) window.requestAnimationFrame(step);
      else self.ticking = false;
    });
  };

  Player.prototype.render = function () {
    var audio = this.audio;
    var playing = (!audio.paused && !audio.ended) || this.waiting;
    this.toggle.textContent = playing ? "\u275A\u275A" : "\u25B6";
    this.toggle.setAttribute("aria-label", playing ? "Pause" : "Play");
    this.root.classList.toggle("listen--playing", playing);
    this.root.classList.toggle("listen--waiting", this.waiting);
    var t = this.position();
    var duration = this.duration();
    this.elapsed.textContent = clock(t);
    // Not while it has focus, as it was: a keyboard user's slider then stood still as the
    // audio played on, and the next Right arrow took the audio back to just after it.
    if (!this.dragging) this.seek.value = String(Math.floor(t));
    this.seek.max = String(Math.ceil(duration));
    var of = this.parts ? " of " + clock(duration) + " prepared so far" : " of " + clock(duration);
    this.seek.setAttribute("aria-valuetext", clock(t) + of);
    if (!this.parts) this.total.textContent = clock(duration);
    if (this.sentences.length && !this.panel.hidden) {
      this.highlight(sentenceAt(this.sentences, t));
      this.highlightWord(t);
    }
  };

  /* ---- start-up ------------------------------------------------------------------------------- */
  function infoFrom(root) {
    return {
      audio_url: root.getAttribute("data-audio-url"),
      timings_url: root.getAttribute("data-timings-url"),
      download_url: root.getAttribute("data-download-url"),
      duration: Number(root.getAttribute("data-duration")),
      version: root.getAttribute("data-version")
    };
  }

  /* Why there is no audio to play. `outdated`: the article was edited since its audio was
   * made, and that audio is withdrawn; busy: the new one is on its way. */
  function unavailable(state, busy) {
    if (state && state.outdated) {
      return busy ? "The audio is being updated after an edit." : "Audio is not available for this version.";
    }
    return "The audio for this article could not be prepared. Please try again later.";
  }

  /* No audio yet (or none since an edit): ask until there is some - the joined file, or the
   * first parts of it (segments.json: the status, and the parts ready so far while it is
   * generating). */
  function waitForAudio(root, player) {
    var url = root.getAttribute("data-segments-url") || root.getAttribute("data-status-url");
    var tries = 0;
    function again(state) {
      var busy = state && (state.status === "queued" || state.status === "generating");
      if (tries >= 240 || (state && !busy)) {  // failed, or none: nothing to wait for
        polling(root, false);
        var pending = root.querySelector("[data-listen-pending]");
        if (pending && state && state.status === "failed") {
          pending.textContent = unavailable(state, false);  // a live region: announced
        }
        return;
      }
      window.setTimeout(poll, Math.min(10000, 1000 + tries * 250));
    }
    function poll() {
      tries += 1;
      fetch(url, { credentials: "same-origin", cache: "no-store" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (state) {
          publish(root, state);
          if (state && state.has_audio) {
            polling(root, false);
            player.build(state, false);
            return null;
          }
          if (state && state.status === "generating" && state.segments_url) {
            if (url !== state.segments_url) {  // the parts ready so far come with it: ask now
              url = state.segments_url;
              window.setTimeout(poll, 0);
              return null;
            }
            if (state.parts && state.parts.length) {
              player.build(state, true);
              return null;
            }
          }
          again(state);
          return null;
        })
        .catch(function () { again(null); });
    }
    polling(root, true);
    window.setTimeout(poll, 1000);
  }

  function init() {
    var roots = document.querySelectorAll("[data-narration]");
    Array.prototype.forEach.call(roots, function (root) {
      if (root.getAttribute("data-ready")) return;
      root.setAttribute("data-ready", "1");
      var player = new Player(root);
      if (root.getAttribute("data-audio-url")) {
        player.build(infoFrom(root), false);
      } else if (root.querySelector("[data-listen-pending]")) {
        waitForAudio(root, player);
      }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
