/* The note page tells explore how long the note stayed open (a long view teaches it what you like).
   Sent with navigator.sendBeacon, which outlives the page; nothing waits for an answer. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !navigator.sendBeacon) return;
  var url = script.getAttribute("data-view-url"), csrf = script.getAttribute("data-csrf");
  var longAfter = parseFloat(script.getAttribute("data-long")) || 8;
  var shown = 0, since = document.visibilityState === "visible" ? Date.now() : null, sentLong = false;

  function seconds() { return shown + (since ? (Date.now() - since) / 1000 : 0); }
  function send() {
    var data = new FormData();
    data.append("seconds", Math.round(seconds()));
    data.append("csrfmiddlewaretoken", csrf);
    navigator.sendBeacon(url, data);
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      if (since) { shown += (Date.now() - since) / 1000; since = null; }
      send();
    } else if (!since) {
      since = Date.now();
    }
  });
  setTimeout(send, 1000);  // opened: seen (it will not come back in explore)
  var timer = setInterval(function () {
    if (!sentLong && seconds() >= longAfter) { sentLong = true; clearInterval(timer); send(); }
  }, 1000);
})();
