/* "Listen to article": the narration player.
 *
 * Progressive enhancement: without JavaScript the page shows the browser's own audio controls.
 * With it, a "Listen to article" button opens an accessible player (play/pause, back and forward
 * 15 s, speed, progress, download), the sentence being read is highlighted in the article, a
 * click on a sentence jumps to it, and the reader's place is remembered. While audio is being
 * prepared the player waits for it (polling the status endpoint) instead of showing a broken one.
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

  function sentenceAt(sentences, time) {
    var lo = 0, hi = sentences.length - 1, found = -1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (sentences[mid].start <= time) { found = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    if (found >= 0 && time > sentences[found].end + 0.9) return -1; // in a pause
    return found;
  }

  /* ---- the player --------------------------------------------------------------------------- */
  function Player(root) {
    this.root = root;
    this.slug = root.getAttribute("data-slug");
    this.sentences = [];
    this.spans = [];
    this.current = -1;
    this.lastSaved = 0;
  }

  Player.prototype.build = function (info) {
    var self = this;
    var root = this.root;
    this.info = info;
    this.placeKey = "narration:place:" + this.slug;
    var fallback = root.querySelector("[data-listen-fallback]");
    var pending = root.querySelector("[data-listen-pending]");
    if (fallback) fallback.remove();
    if (pending) pending.remove();

    var id = "narration-player-" + this.slug;
    var start = el("button", {
      type: "button", "class": "listen__start", "aria-controls": id, "aria-expanded": "false",
      "data-listen-start": ""
    });
    start.appendChild(el("span", { "class": "listen__icon", "aria-hidden": "true" }, "\u25B6"));
    start.appendChild(el("span", {}, "Listen to article"));
    start.appendChild(el("span", { "class": "listen__length" }, clock(info.duration)));
    start.setAttribute("aria-label", "Listen to article, " + spoken(info.duration));

    var panel = el("div", { id: id, "class": "player", role: "region", "aria-label": "Article audio player", hidden: "" });
    var audio = el("audio", { preload: "metadata", src: info.audio_url });
    var bar = el("div", { "class": "player__bar" });
    var back = el("button", { type: "button", "class": "player__btn", "aria-label": "Back " + SKIP + " seconds", "data-act": "back" }, "\u21BA 15");
    var toggle = el("button", { type: "button", "class": "player__btn player__toggle", "aria-label": "Play", "data-act": "toggle" }, "\u25B6");
    var forward = el("button", { type: "button", "class": "player__btn", "aria-label": "Forward " + SKIP + " seconds", "data-act": "forward" }, "15 \u21BB");
    var seek = el("input", {
      type: "range", "class": "player__seek", min: "0", max: String(Math.ceil(info.duration)), step: "1", value: "0",
      "aria-label": "Position in the audio", "aria-valuetext": "0:00 of " + clock(info.duration), "data-seek": ""
    });
    var time = el("span", { "class": "player__time", "aria-hidden": "true" });
    var elapsed = el("span", { "data-elapsed": "" }, "0:00");
    var total = el("span", { "data-total": "" }, clock(info.duration));
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
    var download = el("a", { href: info.download_url, "class": "player__btn player__download", download: "", "aria-label": "Download the audio (MP3)" }, "\u2193 MP3");
    var close = el("button", { type: "button", "class": "player__btn player__close", "aria-label": "Close the player", "data-act": "close" }, "\u2715");
    [back, toggle, forward, seek, time, speedLabel, download, close].forEach(function (node) { bar.appendChild(node); });
    panel.appendChild(audio);
    panel.appendChild(bar);
    var live = el("p", { "class": "visually-hidden", role: "status", "aria-live": "polite" });
    panel.appendChild(live);

    root.insertBefore(panel, root.firstChild);
    root.insertBefore(start, panel);

    this.audio = audio; this.start = start; this.panel = panel; this.toggle = toggle;
    this.seek = seek; this.elapsed = elapsed; this.speed = speed; this.live = live;

    var rate = Number(recall("narration:rate"));
    if (SPEEDS.indexOf(rate) >= 0) { speed.value = String(rate); }

    start.addEventListener("click", function () { self.open(true); });
    back.addEventListener("click", function () { self.jump(-SKIP); });
    forward.addEventListener("click", function () { self.jump(SKIP); });
    toggle.addEventListener("click", function () { self.playPause(); });
    close.addEventListener("click", function () { self.close(); });
    speed.addEventListener("change", function () {
      audio.playbackRate = Number(speed.value);
      store("narration:rate", Number(speed.value));
    });
    seek.addEventListener("input", function () {
      audio.currentTime = Number(seek.value);
      self.render();
    });
    audio.addEventListener("play", function () { self.render(); });
    audio.addEventListener("pause", function () { self.render(); self.savePlace(true); });
    audio.addEventListener("timeupdate", function () { self.render(); self.savePlace(false); });
    audio.addEventListener("loadedmetadata", function () {
      audio.playbackRate = Number(speed.value);
    });
    audio.addEventListener("ratechange", function () {
      if (String(audio.playbackRate) !== speed.value && SPEEDS.indexOf(audio.playbackRate) >= 0) {
        speed.value = String(audio.playbackRate);
      }
    });
    audio.addEventListener("ended", function () { store(self.placeKey, null); self.render(); });
    audio.addEventListener("error", function () {
      live.textContent = "The audio could not be played. Try again later or download it.";
      root.classList.add("listen--error");
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
      new IntersectionObserver(function (entries) {
        var docked = !entries[0].isIntersecting && !panel.hidden;
        root.classList.toggle("listen--docked", docked);
        document.body.classList.toggle("narration-docked", docked);  // room for the bar
      }).observe(section);
    }
  };

  Player.prototype.loadTimings = function () {
    var self = this;
    if (this.timingsLoaded || !this.info.timings_url) return;
    this.timingsLoaded = true;
    fetch(this.info.timings_url, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data || !data.sentences) return;
        self.sentences = data.sentences;
        self.spans = markSentences(data.sentences);
        document.body.classList.add("narration-active");
        self.spans.forEach(function (span, index) {
          if (!span) return;
          span.addEventListener("click", function () {
            if (self.panel.hidden) return;
            self.audio.currentTime = self.sentences[index].start;
            self.audio.play();
          });
        });
        self.render();
      })
      .catch(function () { /* no highlighting; playback is unaffected */ });
  };

  Player.prototype.open = function (play) {
    this.panel.hidden = false;
    this.start.setAttribute("aria-expanded", "true");
    this.start.hidden = true;
    this.loadTimings();
    var place = recall(this.placeKey);
    if (place && place.v === this.info.version && place.t > 1 && place.t < this.info.duration - 3) {
      this.audio.currentTime = place.t;
      this.live.textContent = "Continuing from " + clock(place.t) + ".";
    }
    this.audio.playbackRate = Number(this.speed.value);
    this.toggle.focus();
    if (play) this.play();
  };

  Player.prototype.close = function () {
    this.audio.pause();
    this.panel.hidden = true;
    this.start.hidden = false;
    this.start.setAttribute("aria-expanded", "false");
    this.root.classList.remove("listen--docked");
    document.body.classList.remove("narration-docked");
    this.highlight(-1);
    this.start.focus();
  };

  Player.prototype.play = function () {
    var self = this;
    var promise = this.audio.play();
    if (promise && promise.catch) {
      promise.catch(function () { self.render(); });
    }
  };

  Player.prototype.playPause = function () {
    if (this.audio.paused) this.play(); else this.audio.pause();
  };

  Player.prototype.jump = function (delta) {
    var duration = isFinite(this.audio.duration) ? this.audio.duration : this.info.duration;
    this.audio.currentTime = Math.max(0, Math.min(duration, this.audio.currentTime + delta));
    this.render();
  };

  Player.prototype.savePlace = function (now) {
    var t = this.audio.currentTime;
    if (!now && Math.abs(t - this.lastSaved) < 2) return;
    this.lastSaved = t;
    store(this.placeKey, { v: this.info.version, t: Math.round(t * 10) / 10 });
  };

  Player.prototype.highlight = function (index) {
    if (index === this.current) return;
    var old = this.spans[this.current];
    if (old) old.classList.remove("is-spoken");
    this.current = index;
    var span = this.spans[index];
    if (span) span.classList.add("is-spoken");
  };

  Player.prototype.render = function () {
    var audio = this.audio;
    var playing = !audio.paused && !audio.ended;
    this.toggle.textContent = playing ? "\u275A\u275A" : "\u25B6";
    this.toggle.setAttribute("aria-label", playing ? "Pause" : "Play");
    this.root.classList.toggle("listen--playing", playing);
    var t = audio.currentTime || 0;
    var duration = isFinite(audio.duration) && audio.duration > 0 ? audio.duration : this.info.duration;
    this.elapsed.textContent = clock(t);
    if (document.activeElement !== this.seek) this.seek.value = String(Math.floor(t));
    this.seek.max = String(Math.ceil(duration));
    this.seek.setAttribute("aria-valuetext", clock(t) + " of " + clock(duration));
    if (this.sentences.length && !this.panel.hidden) this.highlight(sentenceAt(this.sentences, t));
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

  function waitForAudio(root, player) {
    var url = root.getAttribute("data-status-url");
    var tries = 0;
    function poll() {
      tries += 1;
      fetch(url, { credentials: "same-origin", cache: "no-store" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (state) {
          if (state && state.has_audio) {
            player.build(state);
            return;
          }
          if (state && (state.status === "queued" || state.status === "generating") && tries < 120) {
            window.setTimeout(poll, Math.min(15000, 3000 + tries * 500));
          }
        })
        .catch(function () { if (tries < 120) window.setTimeout(poll, 15000); });
    }
    window.setTimeout(poll, 3000);
  }

  function init() {
    var roots = document.querySelectorAll("[data-narration]");
    Array.prototype.forEach.call(roots, function (root) {
      if (root.getAttribute("data-ready")) return;
      root.setAttribute("data-ready", "1");
      var player = new Player(root);
      if (root.getAttribute("data-audio-url")) {
        player.build(infoFrom(root));
      } else if (root.querySelector("[data-listen-pending]")) {
        waitForAudio(root, player);
      }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
