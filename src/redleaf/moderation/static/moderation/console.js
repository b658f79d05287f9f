// The review console's keyboard and clocks. Every action is also a plain form or link: this only
// presses them. Keys are ignored while typing in a field (Escape leaves the field).
(function () {
  "use strict";
  var root = document.querySelector("[data-console]");
  if (!root) return;

  function typing(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName) && el.type !== "radio");
  }

  // Waiting clocks: h:mm:ss since the case opened, ticking.
  function pad(n) { return n < 10 ? "0" + n : "" + n; }
  function tick() {
    var now = Date.now();
    document.querySelectorAll("[data-since]").forEach(function (el) {
      var s = Math.max(0, Math.floor((now - Date.parse(el.getAttribute("data-since"))) / 1000));
      var d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600), m = Math.floor(s % 3600 / 60);
      el.textContent = (d ? d + "d " : "") + h + ":" + pad(m) + ":" + pad(s % 60);
    });
  }
  tick();
  setInterval(tick, 1000);

  var keys = document.getElementById("rc-keys");
  function toggleKeys(open) { if (keys) keys.classList.toggle("is-open", open); }

  // The queue: j/k move the current row, Enter (or o) opens it.
  var rows = Array.prototype.slice.call(document.querySelectorAll(".rc-row"));
  var current = rows.length ? 0 : -1;
  function mark() {
    rows.forEach(function (r, i) { r.classList.toggle("is-current", i === current); });
    if (current >= 0) rows[current].scrollIntoView({block: "nearest"});
  }
  if (rows.length) mark();

  function press(selector) {
    var el = root.querySelector(selector);
    if (!el || el.disabled) return false;
    el.click();
    return true;
  }

  var form = document.getElementById("rc-decide");
  var notice = document.getElementById("rc-notice");
  function needsRule(button) {
    if (!form || button.getAttribute("data-needs-rule") !== "true") return false;
    if (form.querySelector("input[name=rule]:checked")) return false;
    if (notice) { notice.hidden = false; }
    var first = form.querySelector("input[name=rule]");
    if (first) first.focus();
    return true;
  }
  if (form) {
    form.addEventListener("keydown", function (e) {  // Enter on a rule or a menu chooses; it never decides
      if (e.key === "Enter" && e.target.tagName !== "TEXTAREA" && e.target.tagName !== "BUTTON") e.preventDefault();
    });
    form.addEventListener("click", function (e) {
      var b = e.target.closest("button[name=action]");
      if (b && needsRule(b)) e.preventDefault();
    });
  }

  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "Escape") {
      toggleKeys(false);
      if (typing(document.activeElement)) document.activeElement.blur();
      return;
    }
    if (typing(e.target)) return;
    var k = e.key;
    if (k === "?") { toggleKeys(!(keys && keys.classList.contains("is-open"))); e.preventDefault(); return; }
    if (rows.length) {
      if (k === "j" || k === "ArrowDown") { current = Math.min(rows.length - 1, current + 1); mark(); e.preventDefault(); return; }
      if (k === "k" || k === "ArrowUp") { current = Math.max(0, current - 1); mark(); e.preventDefault(); return; }
      if ((k === "Enter" || k === "o") && current >= 0) { rows[current].querySelector("a").click(); e.preventDefault(); return; }
    }
    if (form && /^[0-9]$/.test(k)) {
      var n = k === "0" ? 10 : parseInt(k, 10);
      var radio = form.querySelector("input[name=rule][data-n='" + n + "']");
      if (radio) { radio.checked = true; radio.focus(); if (notice) notice.hidden = true; e.preventDefault(); }
      return;
    }
    if (k === "/" && form) {
      var reason = form.querySelector("textarea[name=reason]");
      if (reason) { reason.focus(); e.preventDefault(); }
      return;
    }
    if (press("[data-key='" + k.toLowerCase() + "']")) e.preventDefault();
  });
})();
