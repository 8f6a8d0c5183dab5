// Starts the site's reach counter, configured in kiez.yaml (`analytics:`)
// and passed in this script's data- attributes. Nothing is loaded when
// the browser asks not to be tracked (Do Not Track or Global Privacy
// Control), nor on any host but the published one (previews, copies,
// local checks); no counter is told to set cookies. Clicks on share,
// subscribe and discussion links are counted as events.
(function () {
  var n = navigator;
  if (n.doNotTrack === "1" || window.doNotTrack === "1" || n.msDoNotTrack === "1" ||
      n.globalPrivacyControl === true) return;
  var me = document.querySelector("script[data-analytics]");
  if (!me) return;
  var d = me.dataset;
  if (location.host !== d.host) return;
  var s = document.createElement("script");
  s.async = true;
  s.src = d.src;
  var track = null;
  if (d.analytics === "plausible") {
    s.setAttribute("data-domain", d.id);
    var p = window.plausible = window.plausible || function () {
      (p.q = p.q || []).push(arguments);
    };
    track = function (name, target) { p(name, { props: { target: target } }); };
  } else if (d.analytics === "umami") {
    s.setAttribute("data-website-id", d.id);
    s.setAttribute("data-do-not-track", "true");
    track = function (name, target) {
      if (window.umami) window.umami.track(name, { target: target });
    };
  } else if (d.analytics === "goatcounter") {
    s.setAttribute("data-goatcounter", d.endpoint);
    track = function (name, target) {
      var g = window.goatcounter;
      if (g && g.count) g.count({ path: name + ": " + target, title: name, event: true });
    };
  } else if (d.analytics === "matomo") {
    var q = window._paq = window._paq || [];
    q.push(["disableCookies"], ["setTrackerUrl", d.endpoint], ["setSiteId", d.id],
      ["trackPageView"], ["enableLinkTracking"]);
    track = function (name, target) { q.push(["trackEvent", name, target]); };
  } else {
    return;
  }
  document.head.appendChild(s);
  // Which event a click is: share links and the share button, feed and
  // calendar links, the discussion link.
  function event(el) {
    var cls = el.className || "";
    if (el.closest(".share")) {
      var m = /share-(\w+)/.exec(cls);
      return ["Share", m ? m[1] : "link"];
    }
    var href = el.getAttribute("href") || "";
    var type = el.getAttribute("type") || "";
    if (/\.ics$/.test(href) || /^webcal:/.test(href)) return ["Subscribe", "calendar"];
    if (/rss|feed\+json/.test(type)) return ["Subscribe", /json/.test(type) ? "json-feed" : "rss"];
    if (el.closest(".discussion")) return ["Discuss", el.hostname || "link"];
    return null;
  }
  document.addEventListener("click", function (e) {
    var el = e.target.closest && e.target.closest("a, button.share-native");
    var what = el && event(el);
    if (what) track(what[0], what[1]);
  }, true);
})();
