/* The site's behaviours beside the DSFR's own script. No inline script anywhere: the pages
   run under a Content-Security-Policy without 'unsafe-inline'. */
(function () {
  "use strict";

  /* Slideshow of a press release's hero images (templates/news/includes/slideshow.html).
     One slide shows at a time; previous and next buttons, Left and Right arrow keys, Home
     and End move between them. It turns by itself unless the reader asks for reduced
     motion, and stops while the pointer or the focus is on it, or for good once paused. */
  function Slideshow(root) {
    this.root = root;
    this.slides = Array.prototype.slice.call(root.querySelectorAll("[data-slideshow-slide]"));
    this.toggle = root.querySelector("[data-slideshow-toggle]");
    this.interval = parseInt(root.getAttribute("data-interval"), 10) || 6000;
    this.current = 0;
    this.timer = null;
    this.paused = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    this.hovered = false;
    this.focused = false;
    this.live = root.querySelector(".slideshow__slides");
    root.classList.add("slideshow--enhanced");
    root.querySelector(".slideshow__controls").hidden = false;

    var self = this;
    root.querySelector("[data-slideshow-previous]").addEventListener("click", function () {
      self.show(self.current - 1, true);
    });
    root.querySelector("[data-slideshow-next]").addEventListener("click", function () {
      self.show(self.current + 1, true);
    });
    this.toggle.addEventListener("click", function () {
      self.paused = !self.paused;
      self.update();
    });
    root.addEventListener("keydown", function (event) {
      var moves = { ArrowLeft: self.current - 1, ArrowRight: self.current + 1, Home: 0, End: self.slides.length - 1 };
      if (event.key in moves && event.target.tagName !== "INPUT") {
        event.preventDefault();
        self.show(moves[event.key], true);
      }
    });
    root.addEventListener("mouseenter", function () { self.hovered = true; self.update(); });
    root.addEventListener("mouseleave", function () { self.hovered = false; self.update(); });
    root.addEventListener("focusin", function () { self.focused = true; self.update(); });
    root.addEventListener("focusout", function (event) {
      if (!root.contains(event.relatedTarget)) { self.focused = false; self.update(); }
    });
    this.show(0, false);
    this.update();
  }

  Slideshow.prototype.show = function (index, byReader) {
    var count = this.slides.length;
    this.current = ((index % count) + count) % count;
    this.slides.forEach(function (slide, position) {
      slide.hidden = position !== this.current;
    }, this);
    this.root.setAttribute("data-current", String(this.current + 1));
    // Screen readers announce a slide the reader asked for, not those that turn by themselves.
    this.live.setAttribute("aria-live", byReader ? "polite" : "off");
  };

  Slideshow.prototype.update = function () {
    var running = !this.paused && !this.hovered && !this.focused;
    this.toggle.textContent = this.toggle.getAttribute(this.paused ? "data-label-play" : "data-label-pause");
    this.toggle.classList.toggle("fr-icon-play-circle-line", this.paused);
    this.toggle.classList.toggle("fr-icon-pause-circle-line", !this.paused);
    this.toggle.setAttribute("aria-pressed", this.paused ? "true" : "false");
    this.root.setAttribute("data-state", this.paused ? "paused" : "playing");
    window.clearInterval(this.timer);
    this.timer = null;
    if (running) {
      var self = this;
      this.timer = window.setInterval(function () { self.show(self.current + 1, false); }, this.interval);
    }
  };

  /* "Copy the address" of the share block: shown only where the clipboard can be used. */
  function enableCopy(button) {
    if (!navigator.clipboard) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.getAttribute("data-copy-url")).then(function () {
        button.textContent = button.getAttribute("data-copied-label");
      });
    });
  }

  function init() {
    document.querySelectorAll("[data-slideshow]").forEach(function (root) {
      root.slideshow = new Slideshow(root);
    });
    document.querySelectorAll("[data-copy-url]").forEach(enableCopy);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
