/* The language bridge on a note page: translate in place and back, pinyin above the note, and the
   reading help for a tapped word (Chinese for readers who do not read Chinese, English for readers who
   do not read English, and any word in the pinyin view). Every string shown comes from the server. */
(function () {
  "use strict";
  if (window.RedleafBridge) return;
  var HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
  var LATIN = /[A-Za-z\u00c0-\u024f]/;
  var card = null;

  function item(el) { return el.closest(".rl-comment, .rl-note"); }
  // The page's settings ride on this script's tag (language/_bridge_script.html), so a comment's
  // translate and word cards work whether or not the note itself offers anything.
  function config(name) {
    var el = document.querySelector("[data-bridge-config][" + name + "]") || document.querySelector("[" + name + "]");
    return el ? el.getAttribute(name) : null;
  }
  function reads() {
    var found = config("data-reads");
    return found ? found.split(",") : [];
  }

  // --- translate in place, and back --------------------------------------------------------------
  function shown(slot, on) {
    var owner = item(slot);
    if (!owner) return;
    owner.classList.toggle("is-translated", on);
    var button = slot.parentNode.querySelector("[data-translate-form] button span");
    if (button && !button.hasAttribute("data-first")) button.setAttribute("data-first", button.textContent);
    if (button) button.textContent = on ? button.getAttribute("data-first") :
      button.parentNode.getAttribute("data-again");
    var form = slot.parentNode.querySelector("[data-translate-form]");
    if (form) form.hidden = on;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target.closest && event.target.closest("[data-translate-form]");
    if (!form) return;
    var slot = form.closest("[data-bridge]").querySelector(".rl-translation-slot");
    if (slot && slot.querySelector("[data-translation]")) {  // already here: show it again, no request
      event.preventDefault();
      event.stopImmediatePropagation();
      shown(slot, true);
    }
  }, true);

  function isSlot(el) { return !!(el && el.classList && el.classList.contains("rl-translation-slot")); }

  document.addEventListener("htmx:beforeSwap", function (event) {
    // An engine that failed (502/504), a limit (429) or a refusal answers with a message: show it in the
    // note or comment where the translation was asked for, with the original and a way to try again.
    if (isSlot(event.detail.target) && event.detail.xhr.status >= 400) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  document.addEventListener("htmx:sendError", function (event) {  // the network itself failed
    var form = event.detail.elt, slot = form && form.closest && form.closest("[data-bridge]");
    slot = slot && slot.querySelector(".rl-translation-slot");
    var text = document.documentElement.getAttribute("data-error-text");
    if (!slot || !text) return;
    slot.innerHTML = "";
    var box = document.createElement("div");
    box.className = "rl-mt-error";
    box.setAttribute("role", "alert");
    box.setAttribute("data-translation-error", "");
    box.textContent = text;
    slot.appendChild(box);
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var slot = event.detail.target;
    if (!isSlot(slot)) return;
    if (slot.querySelector("[data-translation]")) shown(slot, true);
    else if (slot.querySelector("[data-translation-error]")) {  // the original stays; so does Translate
      var owner = item(slot), form = slot.parentNode.querySelector("[data-translate-form]");
      if (owner) owner.classList.remove("is-translated");
      if (form) form.hidden = false;
    }
  });

  // --- pinyin above the note ----------------------------------------------------------------------
  function pinyin(button, on) {
    var slot = button.closest("[data-bridge]").querySelector(".rl-pinyin-slot");
    var owner = item(button);
    button.setAttribute("aria-pressed", on ? "true" : "false");
    if (!on) { slot.hidden = true; owner.classList.remove("is-pinyin"); return; }
    var show = function () { slot.hidden = false; owner.classList.add("is-pinyin"); owner.classList.remove("is-translated"); };
    if (slot.firstElementChild) { show(); return; }
    fetch(button.getAttribute("data-url"), { headers: { "HX-Request": "true" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) { slot.innerHTML = html; show(); })
      .catch(function () { button.setAttribute("aria-pressed", "false"); });
  }

  // --- tap a word -----------------------------------------------------------------------------------
  function closeCard() { if (card) { card.remove(); card = null; } }

  function caret(x, y) {
    if (document.caretPositionFromPoint) {
      var pos = document.caretPositionFromPoint(x, y);
      return pos && { node: pos.offsetNode, offset: pos.offset };
    }
    if (document.caretRangeFromPoint) {
      var range = document.caretRangeFromPoint(x, y);
      return range && { node: range.startContainer, offset: range.startOffset };
    }
    return null;
  }

  function wanted(ch, inPinyin) {
    if (inPinyin) return HAN.test(ch) || LATIN.test(ch);
    var r = reads();
    return (HAN.test(ch) && r.indexOf("zh") < 0) || (LATIN.test(ch) && r.indexOf("en") < 0);
  }

  function lookup(query, x, y) {
    var url = config("data-word-url");
    if (!url) return;
    fetch(url + "?" + query, { headers: { "HX-Request": "true" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        closeCard();
        var box = document.createElement("div");
        box.className = "rl-word-pop";
        box.setAttribute("role", "dialog");
        box.innerHTML = html;
        if (!box.querySelector("[data-word-card]:not([hidden])")) return;
        document.body.appendChild(box);
        var width = Math.min(320, window.innerWidth - 16);
        box.style.width = width + "px";
        box.style.left = Math.max(8, Math.min(x - width / 2, window.innerWidth - width - 8)) + window.scrollX + "px";
        box.style.top = y + 14 + window.scrollY + "px";
        card = box;
      }).catch(function () {});
  }

  document.addEventListener("click", function (event) {
    var el = event.target;
    if (card && card.contains(el)) return;
    var toggle = el.closest && el.closest("[data-pinyin-toggle]");
    if (toggle) { pinyin(toggle, toggle.getAttribute("aria-pressed") !== "true"); return; }
    var back = el.closest && el.closest("[data-show-original]");
    if (back) { shown(back.closest(".rl-translation-slot"), false); return; }
    var retry = el.closest && el.closest("[data-translate-retry]");
    if (retry) {
      var again = retry.closest("[data-bridge]").querySelector("[data-translate-form]");
      retry.disabled = true;
      if (again && window.htmx) window.htmx.trigger(again, "submit");
      else if (again) again.submit();
      return;
    }
    closeCard();
    if (!el.closest || el.closest("a, button, summary, input, textarea, label")) return;
    var selection = window.getSelection && window.getSelection();
    if (selection && !selection.isCollapsed) return;  // selecting text, not tapping a word
    var inPinyin = el.closest(".rl-pinyin");
    var w = el.closest(".rl-w[data-w]");
    if (w && inPinyin) { lookup("w=" + encodeURIComponent(w.getAttribute("data-w")), event.clientX, event.clientY); return; }
    if (!el.closest(".rl-note-title, .rl-note-body, .rl-comment-text, .rl-translation")) return;
    var at = caret(event.clientX, event.clientY);
    if (!at || !at.node || at.node.nodeType !== 3) return;
    var text = at.node.data, offset = at.offset;
    var ch = text.charAt(offset) || text.charAt(offset - 1);
    if (!ch || !wanted(ch, false)) return;
    var start = Math.max(0, offset - 150), piece = text.slice(start, start + 300);
    lookup("text=" + encodeURIComponent(piece) + "&at=" + (offset - start), event.clientX, event.clientY);
  });

  document.addEventListener("keydown", function (event) { if (event.key === "Escape") closeCard(); });

  function auto(root) {
    (root || document).querySelectorAll("[data-pinyin-toggle][data-auto]").forEach(function (button) {
      button.removeAttribute("data-auto");
      pinyin(button, true);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { auto(); });
  else auto();
  window.RedleafBridge = { close: closeCard };
})();
