// kiez search: fetches only the index chunks a query needs (search/i/XX.json)
// and the fragments of the results it shows (search/f/N.json). Letters are
// folded with the table meta.json ships (made by src/util/fold.rs for the
// site's language, so the browser folds as the index did: umlauts, Turkish
// i, Cyrillic ё, Arabic harakat and alef forms); stem() mirrors
// src/search.rs, its Arabic article prefixes shipped in meta.json too.
(function () {
  "use strict";
  var root = document.getElementById("search");
  if (!root) return;
  var base = root.getAttribute("data-index");
  var form = root.querySelector("form");
  var input = root.querySelector("input[name=q]");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var label = function (k) { return root.getAttribute("data-" + k) || k; };
  var SUFFIXES = ["ern", "em", "en", "er", "es", "e", "n", "s"];
  var PREFIXES = [];

  function fold(w, table) {
    var out = "";
    for (var ch of w) {
      if (ch === "\u0308" && /[aou]$/.test(out)) out += "e";
      else if (ch < "\x80") out += ch.toLowerCase();
      else if (table[ch] !== undefined) out += table[ch];
      // A letter the site never uses: at least drop its accents.
      else out += ch.toLowerCase().normalize("NFD");
    }
    return out.replace(/[^\p{L}\p{N}]/gu, "");
  }
  function stem(w) {
    for (var j = 0; j < PREFIXES.length; j++) {
      var p = PREFIXES[j];
      if (w.indexOf(p) === 0 && Array.from(w).length - Array.from(p).length >= 2) { w = w.slice(p.length); break; }
    }
    for (var i = 0; i < SUFFIXES.length; i++) {
      var s = SUFFIXES[i];
      if (w.slice(-s.length) === s && w.length - s.length >= 4) return w.slice(0, -s.length);
    }
    return w;
  }
  function words(q, table) {
    return q.split(/[^\p{L}\p{N}\p{M}]+/u)
      .map(function (w) { return fold(w, table); })
      .filter(function (w) { return Array.from(w).length >= 2; });
  }
  // The chunk file of a two-letter key, named as src/search.rs names it:
  // ASCII as it is, else "u" and the code points in hex ("u62a_62f").
  function chunkFile(key) {
    if (/^[\x00-\x7f]*$/.test(key)) return key;
    return "u" + Array.from(key).map(function (c) { return c.codePointAt(0).toString(16); }).join("_");
  }

  var cache = {};
  function json(path) {
    if (!cache[path]) {
      cache[path] = fetch(base + path).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      });
    }
    return cache[path];
  }

  // Scores of every document matching one word: the exact stem, or (from
  // three letters on) any term starting with it, as readers type.
  function lookup(meta, word) {
    var st = stem(word), key = Array.from(st).slice(0, 2).join("");
    if (meta.chunks.indexOf(key) < 0) return Promise.resolve(new Map());
    return json("i/" + chunkFile(key) + ".json").then(function (terms) {
      var scores = new Map();
      Object.keys(terms).forEach(function (t) {
        var exact = t === st || t === word;
        if (!exact && !(Array.from(st).length >= 3 && t.indexOf(st) === 0)) return;
        terms[t].forEach(function (p) {
          var s = exact ? p[1] * 2 : p[1];
          scores.set(p[0], Math.max(scores.get(p[0]) || 0, s));
        });
      });
      return scores;
    });
  }

  // A pattern that finds a folded word in the original text, whichever way
  // umlauts are written there; a letter the table folds others into
  // (ا from أ إ آ, е from ё) matches those too, and Arabic marks and
  // tatweel may sit between letters.
  var unfold = {};
  function pattern(word) {
    var st = stem(word), out = "";
    for (var i = 0; i < st.length; i++) {
      var pair = st.substr(i, 2);
      var alt = { ae: "ä", oe: "ö", ue: "ü", ss: "ß" }[pair];
      if (alt) { out += "(?:" + pair + "|" + alt + ")"; i++; }
      else if (/[a-z0-9]/.test(st[i])) out += st[i];
      else if (/[\p{L}\p{N}]/u.test(st[i])) out += "[" + st[i] + (unfold[st[i]] || "") + "][\\p{M}\u0640]*";
    }
    return out;
  }

  function excerpt(text, ws) {
    // Each hit runs on to the end of its inflection ("Heizkörp" + "er").
    var re = new RegExp("(?:" + ws.map(pattern).filter(Boolean).join("|") + ")\\p{L}{0,3}", "giu");
    var m = re.exec(text), at = m ? m.index : 0;
    var start = Math.max(0, text.lastIndexOf(" ", Math.max(0, at - 70)) + 1);
    var snippet = text.slice(start, start + 220).replace(/\s+/g, " ");
    var p = document.createElement("p");
    p.className = "excerpt";
    if (start > 0) p.appendChild(document.createTextNode("… "));
    var last = 0;
    re.lastIndex = 0;
    snippet.replace(re, function (hit, offset) {
      p.appendChild(document.createTextNode(snippet.slice(last, offset)));
      var mark = document.createElement("mark");
      mark.textContent = hit;
      p.appendChild(mark);
      last = offset + hit.length;
      return hit;
    });
    p.appendChild(document.createTextNode(snippet.slice(last) + (start + 220 < text.length ? " …" : "")));
    return p;
  }

  var current = 0;
  function search(q) {
    var run = ++current, ws = [];
    list.textContent = "";
    if (!q.trim()) { status.textContent = ""; return; }
    json("meta.json").then(function (meta) {
      PREFIXES = meta.prefixes || [];
      unfold = {};
      Object.keys(meta.fold || {}).forEach(function (k) {
        var v = meta.fold[k];
        if (Array.from(v).length === 1 && v > "\x7f") unfold[v] = (unfold[v] || "") + k;
      });
      ws = words(q, meta.fold || {});
      if (!ws.length) return [];
      return Promise.all(ws.map(function (w) { return lookup(meta, w); }));
    }).then(function (maps) {
      if (!maps.length) { status.textContent = ""; return; }
      var total = new Map();
      maps[0].forEach(function (s, d) {
        var sum = 0;
        for (var i = 0; i < maps.length; i++) {
          if (!maps[i].has(d)) return;
          sum += maps[i].get(d);
        }
        total.set(d, sum);
      });
      var ranked = Array.from(total.entries()).sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
      var top = ranked.slice(0, 10);
      return Promise.all(top.map(function (r) { return json("f/" + r[0] + ".json"); })).then(function (docs) {
        if (run !== current) return;
        status.textContent = ranked.length ? ranked.length + " " + label("found") : label("none");
        docs.forEach(function (doc) {
          var li = document.createElement("li");
          li.className = "result result-" + doc.k;
          var type = document.createElement("p");
          type.className = "result-type";
          type.textContent = label(doc.k);
          var h = document.createElement("h2");
          var a = document.createElement("a");
          a.href = doc.u;
          a.textContent = doc.t;
          h.appendChild(a);
          li.appendChild(type);
          li.appendChild(h);
          li.appendChild(excerpt(doc.x, ws));
          list.appendChild(li);
        });
      });
    }).catch(function () { status.textContent = label("error"); });
  }

  var timer;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
      search(input.value);
    }, 150);
  });
  form.addEventListener("submit", function (e) { e.preventDefault(); search(input.value); });
  var q = new URLSearchParams(location.search).get("q");
  if (q) { input.value = q; search(q); }
})();
