/* The composer: pick pictures (several rounds), see them at once, drag them into order on a
   desktop or use the arrows on a phone, remove them, describe each one; live character counts.
   On submit the chosen files are put back into the file field in the chosen order and the hidden
   "order" field tells the server where each picture goes ("k<id>" kept, "n<i>" the i-th file). */
(function () {
  "use strict";

  var ACCEPTED = /^image\/(jpeg|png|webp|gif)$/;

  function setup(form) {
    var tiles = form.querySelector("[data-tiles]");
    var addTile = form.querySelector("[data-add]");
    var input = form.querySelector("[data-file-input]");
    var template = form.querySelector("[data-tile-template]");
    var orderField = form.querySelector("[data-order]");
    var countLabel = form.querySelector("[data-image-count]");
    var errorBox = form.querySelector("[data-media-error]");
    var max = parseInt(form.getAttribute("data-max"), 10) || 18;
    var coverLabel = form.getAttribute("data-cover-label") || "1";

    function items() {
      return Array.prototype.filter.call(tiles.children, function (li) { return li !== addTile; });
    }

    function refresh() {
      var list = items();
      list.forEach(function (li, i) {
        var n = li.querySelector(".rl-tile-n");
        if (n) n.textContent = i === 0 && list.length > 1 ? coverLabel : String(i + 1);
        var back = li.querySelector("[data-move='-1']"), on = li.querySelector("[data-move='1']");
        if (back) back.disabled = i === 0;
        if (on) on.disabled = i === list.length - 1;
      });
      if (countLabel) countLabel.textContent = String(list.length);
      addTile.hidden = list.length >= max;
    }

    function showError(message) {
      if (errorBox) errorBox.textContent = message || "";
    }

    function addFiles(files) {
      showError("");
      var room = max - items().length;
      var refused = false, tooMany = false;
      Array.prototype.forEach.call(files, function (file) {
        if (!ACCEPTED.test(file.type)) { refused = true; return; }
        if (room <= 0) { tooMany = true; return; }
        room -= 1;
        var li = template.content.firstElementChild.cloneNode(true);
        li._file = file;
        li._url = URL.createObjectURL(file);
        li.querySelector("img").src = li._url;
        tiles.insertBefore(li, addTile);
      });
      if (tooMany) showError(form.getAttribute("data-too-many"));
      else if (refused) showError(form.getAttribute("data-not-image"));
      refresh();
    }

    input.addEventListener("change", function () {
      if (!window.DataTransfer) return; // an old browser: the field posts its files as chosen
      addFiles(input.files);
      input.value = "";
    });

    tiles.addEventListener("click", function (event) {
      var li = event.target.closest(".rl-tile");
      if (!li || li === addTile) return;
      if (event.target.closest("[data-remove]")) {
        if (li._url) URL.revokeObjectURL(li._url);
        var focusNext = li.nextElementSibling;
        li.remove();
        refresh();
        var target = focusNext && focusNext.querySelector("button, input");
        if (target) target.focus();
        return;
      }
      var move = event.target.closest("[data-move]");
      if (move) {
        var step = parseInt(move.getAttribute("data-move"), 10);
        if (step < 0 && li.previousElementSibling) tiles.insertBefore(li, li.previousElementSibling);
        if (step > 0 && li.nextElementSibling && li.nextElementSibling !== addTile) {
          tiles.insertBefore(li.nextElementSibling, li);
        }
        refresh();
        var again = li.querySelector("[data-move='" + step + "']");
        (again && !again.disabled ? again : move).focus();
      }
    });

    /* drag and drop (desktop) */
    var dragged = null;
    tiles.addEventListener("dragstart", function (event) {
      var li = event.target.closest && event.target.closest(".rl-tile");
      if (!li || li === addTile || event.target.closest("input")) return;
      dragged = li;
      li.classList.add("is-dragging");
      event.dataTransfer.effectAllowed = "move";
      try { event.dataTransfer.setData("text/plain", ""); } catch (e) { /* old browsers */ }
    });
    tiles.addEventListener("dragover", function (event) {
      if (!dragged) return;
      var li = event.target.closest(".rl-tile");
      if (!li || li === dragged) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = "move";
      var list = items();
      if (li === addTile) { tiles.insertBefore(dragged, addTile); return; }
      var before = list.indexOf(li) < list.indexOf(dragged);
      tiles.insertBefore(dragged, before ? li : li.nextElementSibling);
      refresh();
    });
    tiles.addEventListener("drop", function (event) { if (dragged) event.preventDefault(); });
    tiles.addEventListener("dragend", function () {
      if (dragged) dragged.classList.remove("is-dragging");
      dragged = null;
      refresh();
    });

    /* pictures dropped from the desktop onto the grid */
    tiles.addEventListener("dragover", function (event) {
      if (!dragged && event.dataTransfer && Array.prototype.indexOf.call(event.dataTransfer.types, "Files") >= 0) {
        event.preventDefault();
      }
    });
    tiles.addEventListener("drop", function (event) {
      if (dragged || !event.dataTransfer || !event.dataTransfer.files.length) return;
      event.preventDefault();
      addFiles(event.dataTransfer.files);
    });

    form.addEventListener("submit", function () {
      if (!window.DataTransfer) return;
      var transfer = new DataTransfer();
      var tokens = [];
      items().forEach(function (li) {
        if (li._file) {
          tokens.push("n" + transfer.items.length);
          transfer.items.add(li._file);
        } else if (li.getAttribute("data-token")) {
          tokens.push(li.getAttribute("data-token"));
        }
      });
      input.files = transfer.files;
      orderField.value = tokens.join(",");
      var buttons = form.querySelectorAll("button[type=submit]");
      setTimeout(function () { buttons.forEach(function (b) { b.disabled = true; }); }, 0);
    });

    refresh();
  }

  /* live character counts */
  function count(field) {
    var label = document.querySelector("[data-counter-for='" + field.id + "']");
    if (!label) return;
    var max = parseInt(field.getAttribute("data-count-max"), 10);
    var n = Array.from(field.value).length;
    label.textContent = n + "/" + max;
    label.classList.toggle("is-near", n >= max * 0.9 && n < max);
    label.classList.toggle("is-full", n >= max);
  }
  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("[data-count-max]")) count(event.target);
  });

  function init() {
    document.querySelectorAll("[data-composer]").forEach(setup);
    document.querySelectorAll("[data-count-max]").forEach(count);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
