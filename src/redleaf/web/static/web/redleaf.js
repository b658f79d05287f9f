/* Redleaf's small script: the waterfall (each card into the shortest column), blurhash placeholders,
   image fade-in, toasts, confirmations and previews. Everything works without it, only plainer. */
(function () {
  "use strict";

  /* --- blurhash: decode the few bytes a card carries into a tiny picture ------------------- */
  var DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~";

  function decode83(str) {
    var value = 0;
    for (var i = 0; i < str.length; i++) {
      var digit = DIGITS.indexOf(str[i]);
      if (digit < 0) throw new Error("bad blurhash");
      value = value * 83 + digit;
    }
    return value;
  }
  function sRGBToLinear(v) { v /= 255; return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }
  function linearToSRGB(v) {
    v = Math.max(0, Math.min(1, v));
    return Math.trunc(v <= 0.0031308 ? v * 12.92 * 255 + 0.5 : (1.055 * Math.pow(v, 1 / 2.4) - 0.055) * 255 + 0.5);
  }
  function signPow(v, exp) { return (v < 0 ? -1 : 1) * Math.pow(Math.abs(v), exp); }

  function blurhashDecode(hash, width, height) {
    if (!hash || hash.length < 6) throw new Error("bad blurhash");
    var sizeFlag = decode83(hash[0]);
    var numY = Math.floor(sizeFlag / 9) + 1, numX = (sizeFlag % 9) + 1;
    if (hash.length !== 4 + 2 * numX * numY) throw new Error("bad blurhash");
    var maxValue = (decode83(hash[1]) + 1) / 166;
    var colors = [];
    var dc = decode83(hash.substring(2, 6));
    colors.push([sRGBToLinear(dc >> 16), sRGBToLinear((dc >> 8) & 255), sRGBToLinear(dc & 255)]);
    for (var i = 1; i < numX * numY; i++) {
      var ac = decode83(hash.substring(4 + i * 2, 6 + i * 2));
      colors.push([
        signPow((Math.floor(ac / (19 * 19)) - 9) / 9, 2) * maxValue,
        signPow((Math.floor(ac / 19) % 19 - 9) / 9, 2) * maxValue,
        signPow((ac % 19 - 9) / 9, 2) * maxValue
      ]);
    }
    var pixels = new Uint8ClampedArray(width * height * 4);
    for (var y = 0; y < height; y++) {
      for (var x = 0; x < width; x++) {
        var r = 0, g = 0, b = 0;
        for (var j = 0; j < numY; j++) {
          var basisY = Math.cos(Math.PI * y * j / height);
          for (var k = 0; k < numX; k++) {
            var basis = Math.cos(Math.PI * x * k / width) * basisY;
            var c = colors[k + j * numX];
            r += c[0] * basis; g += c[1] * basis; b += c[2] * basis;
          }
        }
        var p = 4 * (x + y * width);
        pixels[p] = linearToSRGB(r); pixels[p + 1] = linearToSRGB(g); pixels[p + 2] = linearToSRGB(b); pixels[p + 3] = 255;
      }
    }
    return pixels;
  }

  var blurCache = {};
  function blurhashURL(hash) {
    if (hash in blurCache) return blurCache[hash];
    var url = "";
    try {
      var size = 32, canvas = document.createElement("canvas");
      canvas.width = size; canvas.height = size;
      var ctx = canvas.getContext("2d");
      var image = ctx.createImageData(size, size);
      image.data.set(blurhashDecode(hash, size, size));
      ctx.putImageData(image, 0, 0);
      url = canvas.toDataURL("image/png");
    } catch (e) { url = ""; }
    blurCache[hash] = url;
    return url;
  }

  function paintPlaceholders(root) {
    root.querySelectorAll("[data-blurhash]:not([data-blurred])").forEach(function (el) {
      el.setAttribute("data-blurred", "");
      var img = el.querySelector("img");
      if (img && img.complete && img.naturalWidth) { img.classList.add("is-loaded"); return; }
      var url = blurhashURL(el.getAttribute("data-blurhash"));
      if (url) el.style.backgroundImage = "url(" + url + ")";
    });
    root.querySelectorAll(".card-cover img:not(.is-loaded)").forEach(function (img) {
      if (img.complete && img.naturalWidth) img.classList.add("is-loaded");
    });
  }
  // Image load events do not bubble, but they can be caught on the way down.
  document.addEventListener("load", function (event) {
    var t = event.target;
    if (t.tagName === "IMG" && t.closest(".card-cover")) t.classList.add("is-loaded");
  }, true);
  document.addEventListener("error", function (event) {
    var t = event.target;
    if (t.tagName === "IMG" && t.closest(".card-cover")) t.style.visibility = "hidden";
  }, true);

  /* --- waterfall: every card goes to the shortest column ----------------------------------- */
  function columnCount(box) {
    var n = parseInt(getComputedStyle(box).getPropertyValue("--cols"), 10);
    return n > 0 ? n : 2;
  }

  // A card's height is known before its picture arrives: the cover's shape is in data-ratio, and
  // the title's lines are estimated from its characters (wide CJK, narrow Latin), so nothing is
  // measured and nothing moves when images load.
  function textLines(text, width) {
    var units = 0;
    for (var i = 0; i < text.length; i++) units += text.charCodeAt(i) > 0x2e80 ? 1 : 0.55;
    return Math.min(2, Math.ceil((units * 14.5) / Math.max(width - 12, 40)));
  }
  function estimateHeight(card, width) {
    var ratio = parseFloat(card.getAttribute("data-ratio")) || 1.333;
    var title = card.getAttribute("data-title") || "";
    var extra = parseFloat(card.getAttribute("data-extra")) || 0;
    return width * ratio + 40 + extra + (title ? 8 + 21 * textLines(title, width) : 0);
  }

  function layout(box, rebuild) {
    var cols = box.querySelector(":scope > .waterfall-cols");
    var n = columnCount(box);
    if (!box._cards) {
      // A first look, or a page HTMX restored from its history: take any cards already in columns
      // back in their original order, then lay everything out afresh.
      box._cards = Array.prototype.slice.call(box.querySelectorAll(":scope > .waterfall-cols .card"))
        .sort(function (a, b) { return (+a.getAttribute("data-i")) - (+b.getAttribute("data-i")); });
      rebuild = true;
    }
    var held = false;
    if (!cols || rebuild || cols.children.length !== n) {
      // Hold the box's height while its columns are rebuilt, so the page never gets shorter than
      // the viewport for a moment and the browser does not throw the reader back to the top.
      if (cols) { box.style.minHeight = box.offsetHeight + "px"; held = true; cols.remove(); }
      cols = document.createElement("div");
      cols.className = "waterfall-cols";
      for (var i = 0; i < n; i++) {
        var col = document.createElement("div");
        col.className = "waterfall-col";
        cols.appendChild(col);
      }
      box.insertBefore(cols, box.firstChild);
      box._heights = new Array(n).fill(0);
      box._placed = 0;
    }
    var fresh = box.querySelectorAll(":scope > .waterfall-items > .card, :scope > .card");
    fresh.forEach(function (card) { card.setAttribute("data-i", box._cards.length); box._cards.push(card); });
    var width = cols.firstChild.getBoundingClientRect().width || (box.clientWidth / n);
    for (var c = box._placed; c < box._cards.length; c++) {
      var card = box._cards[c], shortest = 0;
      for (var k = 1; k < n; k++) if (box._heights[k] < box._heights[shortest] - 1) shortest = k;
      cols.children[shortest].appendChild(card);
      box._heights[shortest] += estimateHeight(card, width) + 8;
    }
    box._placed = box._cards.length;
    box._n = n;
    if (held) box.style.minHeight = "";
    paintPlaceholders(box);
  }

  function layoutAll(root) {
    var boxes = [];
    if (root.matches && root.matches("[data-waterfall]")) boxes.push(root);
    if (root.closest) { var up = root.parentElement && root.parentElement.closest("[data-waterfall]"); if (up) boxes.push(up); }
    root.querySelectorAll && root.querySelectorAll("[data-waterfall]").forEach(function (b) { boxes.push(b); });
    boxes.forEach(function (box) { layout(box, false); });
  }

  var resizeTimer = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () {
      document.querySelectorAll("[data-waterfall]").forEach(function (box) {
        if (box._cards && columnCount(box) !== box._n) layout(box, true);
      });
    }, 120);
  });

  /* --- toasts, confirmations, previews, menus ---------------------------------------------- */
  function dismissToasts(root) {
    root.querySelectorAll(".toast:not([data-timed])").forEach(function (toast) {
      toast.setAttribute("data-timed", "");
      setTimeout(function () {
        toast.classList.add("is-leaving");
        setTimeout(function () { toast.remove(); }, 350);
      }, 4200);
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  }, true);

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[type=file][data-preview]")) return;
    var target = document.getElementById(input.getAttribute("data-preview"));
    var file = input.files && input.files[0];
    if (!target || !file || !/^image\//.test(file.type)) return;
    var img = document.createElement("img");
    img.className = "avatar";
    img.alt = "";
    img.style.setProperty("--size", "72px");
    img.src = URL.createObjectURL(file);
    target.replaceChildren(img);
  });

  // Close an open <details> menu when the member taps elsewhere.
  document.addEventListener("click", function (event) {
    document.querySelectorAll("details.menu[open]").forEach(function (menu) {
      if (!menu.contains(event.target)) menu.removeAttribute("open");
    });
  });

  function init(root) {
    layoutAll(root);
    dismissToasts(document);
  }

  window.Redleaf = { blurhashDecode: blurhashDecode, blurhashURL: blurhashURL, layout: layoutAll };

  if (window.htmx) {
    // Runs for the page once, then for every fragment HTMX swaps in (next pages of a feed).
    window.htmx.onLoad(init);
    document.addEventListener("htmx:responseError", function (event) {
      if (event.detail.xhr && event.detail.xhr.status >= 500) {
        var box = document.getElementById("messages");
        if (box) {
          var toast = document.createElement("div");
          toast.className = "toast toast-error";
          toast.textContent = document.documentElement.getAttribute("data-error-text") || "Something went wrong.";
          box.appendChild(toast);
          dismissToasts(box);
        }
      }
    });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  } else {
    init(document);
  }
})();
