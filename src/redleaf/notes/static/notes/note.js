/* The note page: the picture carousel (swipe, arrows, dots, keys), blur placeholders, the comment
   box (reply to someone, grow while typing, clear after sending) and small HTMX niceties. Without
   this script the page still works: the carousel scrolls, dots are links, forms post. */
(function () {
  "use strict";

  /* --- carousel -------------------------------------------------------------------------- */
  function setupCarousel(box) {
    if (box._ready) return;
    box._ready = true;
    var track = box.querySelector(".rl-slides");
    var slides = track.querySelectorAll(".rl-slide");
    var dots = box.querySelectorAll(".rl-dot");
    var prev = box.querySelector(".rl-prev"), next = box.querySelector(".rl-next");
    var current = box.querySelector(".rl-current");
    var index = 0;

    function paint(i) {
      index = i;
      dots.forEach(function (dot, k) {
        dot.classList.toggle("is-active", k === i);
        if (k === i) dot.setAttribute("aria-current", "true"); else dot.removeAttribute("aria-current");
      });
      if (current) current.textContent = String(i + 1);
      if (prev) prev.hidden = i === 0;
      if (next) next.hidden = i === slides.length - 1;
    }
    function go(i) {
      i = Math.max(0, Math.min(slides.length - 1, i));
      track.scrollTo({ left: i * track.clientWidth, behavior: "smooth" });
      paint(i);
    }
    var ticking = false;
    track.addEventListener("scroll", function () {
      if (ticking) return;
      ticking = true;
      requestAnimationFrame(function () {
        ticking = false;
        var i = Math.round(track.scrollLeft / Math.max(track.clientWidth, 1));
        if (i !== index) paint(i);
      });
    }, { passive: true });
    if (prev) prev.addEventListener("click", function () { go(index - 1); });
    if (next) next.addEventListener("click", function () { go(index + 1); });
    dots.forEach(function (dot, k) {
      dot.addEventListener("click", function (event) { event.preventDefault(); go(k); });
    });
    track.addEventListener("keydown", function (event) {
      if (event.key === "ArrowRight") { event.preventDefault(); go(index + 1); }
      if (event.key === "ArrowLeft") { event.preventDefault(); go(index - 1); }
    });
    window.addEventListener("resize", function () {
      track.scrollTo({ left: index * track.clientWidth });
    });
    paint(0);
  }

  function paintPlaceholders(root) {
    root.querySelectorAll(".rl-slide[data-blurhash]").forEach(function (slide) {
      var img = slide.querySelector("img");
      if (img && img.complete && img.naturalWidth) { img.classList.add("is-loaded"); return; }
      if (window.Redleaf && window.Redleaf.blurhashURL) {
        var url = window.Redleaf.blurhashURL(slide.getAttribute("data-blurhash"));
        if (url) slide.style.backgroundImage = "url(" + url + ")";
      }
    });
    root.querySelectorAll(".rl-slide img").forEach(function (img) {
      if (img.complete && img.naturalWidth) img.classList.add("is-loaded");
    });
  }
  document.addEventListener("load", function (event) {
    var t = event.target;
    if (t.tagName === "IMG" && t.closest(".rl-slide")) t.classList.add("is-loaded");
  }, true);
  document.addEventListener("error", function (event) {
    var t = event.target;
    if (t.tagName === "IMG" && t.closest(".rl-slide")) t.classList.add("is-loaded");
  }, true);

  /* --- comment box ----------------------------------------------------------------------- */
  function commentForm() { return document.getElementById("comment-form"); }

  function grow(textarea) {
    textarea.style.height = "auto";
    textarea.style.height = Math.min(textarea.scrollHeight, 120) + "px";
  }

  function setReply(form, id, name) {
    var field = form.querySelector("input[name=reply_to]");
    var label = form.querySelector(".rl-replying");
    var text = form.querySelector("textarea");
    field.value = id || "";
    if (label) {
      label.hidden = !id;
      var who = label.querySelector(".rl-replying-name");
      if (who) who.textContent = name || "";
    }
    var template = id ? text.getAttribute("data-reply-placeholder") : text.getAttribute("data-placeholder");
    if (template) text.placeholder = template.replace("__NAME__", name || "");
  }

  document.addEventListener("click", function (event) {
    var form = commentForm();
    if (!form) return;
    var reply = event.target.closest("[data-reply]");
    if (reply) {
      event.preventDefault();
      setReply(form, reply.getAttribute("data-reply"), reply.getAttribute("data-reply-name"));
      var text = form.querySelector("textarea");
      text.focus();
      return;
    }
    if (event.target.closest(".rl-replying-cancel")) {
      event.preventDefault();
      setReply(form, "", "");
      form.querySelector("textarea").focus();
    }
  });

  document.addEventListener("input", function (event) {
    var t = event.target;
    if (!t.matches || !t.matches(".rl-comment-form textarea")) return;
    grow(t);
    var bar = t.closest(".rl-note-bar");
    if (bar) bar.classList.toggle("is-writing", t.value.trim() !== "");
    var error = t.form.querySelector(".rl-field-error");
    if (error) error.textContent = "";
  });

  document.addEventListener("keydown", function (event) {
    var t = event.target;
    if (!t.matches || !t.matches(".rl-comment-form textarea")) return;
    if (event.key === "Enter" && (event.metaKey || event.ctrlKey)) {
      event.preventDefault();
      if (t.form.requestSubmit) t.form.requestSubmit(); else t.form.submit();
    }
    if (event.key === "Escape" && !t.value) { setReply(t.form, "", ""); t.blur(); }
  });

  // Escape closes the board picker.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll(".rl-picker-wrap[open]").forEach(function (d) { d.removeAttribute("open"); });
  });

  /* --- HTMX ------------------------------------------------------------------------------ */
  function toast(message) {
    var box = document.getElementById("messages");
    if (!box || !message) return;
    var el = document.createElement("div");
    el.className = "toast toast-error";
    el.setAttribute("role", "alert");
    el.textContent = message;
    box.appendChild(el);
    setTimeout(function () {
      el.classList.add("is-leaving");
      setTimeout(function () { el.remove(); }, 350);
    }, 4200);
  }

  function dedupeComments() {
    var seen = {};
    document.querySelectorAll(".rl-comment[id]").forEach(function (el) {
      if (seen[el.id]) el.remove(); else seen[el.id] = true;
    });
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    var elt = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (!xhr || xhr.status < 400 || !elt || !elt.closest || !elt.closest(".rl-note, .rl-comments")) return;
    if (xhr.getResponseHeader("HX-Retarget")) return; // a form error meant for its form
    var target = event.detail.target;
    if (target && target.closest && target.closest(".rl-translation-slot")) return; // the bridge shows it in place
    // A refusal (a note no longer visible, not published yet…) becomes a toast; the page stays.
    event.detail.shouldSwap = false;
    var doc = new DOMParser().parseFromString(xhr.responseText || "", "text/html");
    var text = doc.body ? doc.body.textContent.trim() : "";
    toast(text || document.documentElement.getAttribute("data-error-text"));
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var elt = event.detail.elt;
    if (!elt || !elt.matches || !elt.matches(".rl-comment-form") || !event.detail.successful) return;
    var text = elt.querySelector("textarea");
    text.value = "";
    grow(text);
    setReply(elt, "", "");
    var bar = elt.closest(".rl-note-bar");
    if (bar) bar.classList.remove("is-writing");
    text.blur();
  });

  function init(root) {
    (root.querySelectorAll ? root : document).querySelectorAll("[data-carousel]").forEach(setupCarousel);
    var fresh = root.querySelector && root.querySelector(".rl-picker-wrap[open] .rl-board.is-new");
    if (fresh) fresh.scrollIntoView({ block: "nearest" });
    paintPlaceholders(root.querySelectorAll ? root : document);
    dedupeComments();
    var form = commentForm();
    if (form) {
      var text = form.querySelector("textarea");
      var id = form.querySelector("input[name=reply_to]").value;
      if (id) {
        var name = (form.querySelector(".rl-replying-name") || {}).textContent;
        setReply(form, id, name);
      }
      if (text && !text._grown) { text._grown = true; grow(text); }
    }
  }

  if (window.htmx) window.htmx.onLoad(init);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { init(document); });
  else init(document);
})();
