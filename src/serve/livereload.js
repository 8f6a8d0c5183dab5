// kiez serve: live reload. Injected into HTML responses by `kiez serve`
// only; never part of a built site. Listens on /__kiez/events (Server-Sent
// Events on the page's own origin, saying which page this is, so that it
// is reloaded only when it changed) for: reload, css (swap stylesheets),
// failed (show the build error overlay) and ok (hide it).
(function () {
  "use strict";
  var build = document.currentScript.getAttribute("data-kiez-build");
  var events = null;

  function hideOverlay() {
    var overlay = document.getElementById("kiez-overlay");
    if (overlay) overlay.remove();
  }

  function showOverlay(html) {
    hideOverlay();
    // The server escapes the error text; this is its own markup.
    document.body.insertAdjacentHTML("beforeend", html);
  }

  function swapStylesheets() {
    var stamp = String(Date.now());
    document.querySelectorAll('link[rel~="stylesheet"]').forEach(function (link) {
      var url = new URL(link.href, location.href);
      if (url.origin !== location.origin) return;
      url.searchParams.set("kiez-reload", stamp);
      var fresh = link.cloneNode();
      fresh.href = url.href;
      // Drop the old sheet only once the new one is in, so the page never
      // flashes unstyled.
      fresh.onload = fresh.onerror = function () { link.remove(); };
      link.after(fresh);
    });
  }

  function connect() {
    if (events) return;
    events = new EventSource("/__kiez/events?build=" + encodeURIComponent(build) +
      "&page=" + encodeURIComponent(location.pathname));
    events.addEventListener("reload", function () { location.reload(); });
    events.addEventListener("css", function (e) {
      build = JSON.parse(e.data).build;
      hideOverlay();
      swapStylesheets();
    });
    events.addEventListener("failed", function (e) { showOverlay(JSON.parse(e.data).html); });
    events.addEventListener("ok", hideOverlay);
    events.onerror = function () {
      // Reconnect ourselves (with the current build id) rather than let
      // EventSource retry, so a restarted server is noticed and reloads.
      disconnect();
      setTimeout(function () { if (!document.hidden) connect(); }, 1000);
    };
  }

  function disconnect() {
    if (events) events.close();
    events = null;
  }

  // Browsers allow about six HTTP/1.1 connections per host; a stream per
  // background tab would use them up. Hidden tabs let go of theirs, and
  // catch up (reload if stale) when they are shown again.
  document.addEventListener("visibilitychange", function () {
    if (document.hidden) disconnect(); else connect();
  });
  if (!document.hidden) connect();
})();
