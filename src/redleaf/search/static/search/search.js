/* Suggestions while typing in the header's search box: fetched (debounced) from /search/suggest as a
   small HTML list; ArrowDown/ArrowUp move through them, Enter opens the chosen one (or searches what
   was typed), Escape closes the list. Without script the box is a plain search form. */
(function () {
  "use strict";

  function setup(form) {
    var input = form.querySelector("input[name=q]");
    var list = form.querySelector(".suggestions");
    var url = form.getAttribute("data-suggest-url");
    var timer = null, active = -1, lastAsked = "", controller = null;

    function items() { return Array.prototype.slice.call(list.querySelectorAll(".suggestion")); }
    function close() {
      list.hidden = true; active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }
    function mark(index) {
      var all = items();
      all.forEach(function (li, i) { li.classList.toggle("is-active", i === index); li.setAttribute("aria-selected", i === index ? "true" : "false"); });
      active = index;
      if (index >= 0 && all[index]) {
        input.setAttribute("aria-activedescendant", all[index].id);
        all[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }
    function ask() {
      var q = input.value.trim();
      if (!q) { list.innerHTML = ""; close(); return; }
      if (q === lastAsked) return;
      lastAsked = q;
      if (controller) controller.abort();
      controller = window.AbortController ? new AbortController() : null;
      fetch(url + "?q=" + encodeURIComponent(q), { headers: { "HX-Request": "true" }, signal: controller && controller.signal })
        .then(function (r) { return r.ok ? r.text() : ""; })
        .then(function (html) {
          if (input.value.trim() !== q) return;
          list.innerHTML = html;
          var any = items().length > 0;
          list.hidden = !any;
          input.setAttribute("aria-expanded", any ? "true" : "false");
          active = -1;
        })
        .catch(function () {});
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, 120);
    });
    input.addEventListener("keydown", function (event) {
      var all = items();
      if (event.key === "ArrowDown" && all.length) {
        event.preventDefault();
        if (list.hidden) { list.hidden = false; input.setAttribute("aria-expanded", "true"); }
        mark((active + 1) % all.length);
      } else if (event.key === "ArrowUp" && all.length) {
        event.preventDefault();
        mark(active <= 0 ? all.length - 1 : active - 1);
      } else if (event.key === "Enter" && active >= 0 && all[active] && !list.hidden) {
        event.preventDefault();
        window.location.href = all[active].getAttribute("data-url");
      } else if (event.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
    input.addEventListener("focus", function () { if (items().length && input.value.trim()) { list.hidden = false; } });
  }

  function init() { document.querySelectorAll("[data-searchbox]").forEach(setup); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
