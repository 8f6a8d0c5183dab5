#!/usr/bin/env python3
"""Measures what the search page and one query transfer, gzip-compressed,
as a static host serves them.

usage: scripts/search-budget.py PUBLIC_DIR QUERY
Mirrors search.js: page + CSS + script + meta.json, then the chunks of the
query's words and the fragments of the top ten results."""
import gzip
import json
import pathlib
import re
import sys
import unicodedata

SUFFIXES = ["ern", "em", "en", "er", "es", "e", "n", "s"]


def fold(w):
    w = w.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    w = "".join(c for c in unicodedata.normalize("NFD", w) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]", "", w)


def stem(w):
    for s in SUFFIXES:
        if w.endswith(s) and len(w) - len(s) >= 4:
            return w[: -len(s)]
    return w


root = pathlib.Path(sys.argv[1])
gz = lambda rel: len(gzip.compress((root / rel).read_bytes(), 6))
first = {rel: gz(rel) for rel in ["search/index.html", "kiez.css", "search.js", "search/meta.json"]}
words = [fold(w) for w in re.split(r"\W+", sys.argv[2]) if len(fold(w)) >= 2]
meta = json.loads((root / "search/meta.json").read_text())
chunks, scores = {}, None
for w in words:
    key = stem(w)[:2]
    if key not in meta["chunks"]:
        scores = {}
        continue
    rel = f"search/i/{key}.json"
    chunks[rel] = gz(rel)
    terms = json.loads((root / rel).read_text())
    s = {}
    for t, postings in terms.items():
        if t == stem(w) or t == w or (len(stem(w)) >= 3 and t.startswith(stem(w))):
            for d, weight in postings:
                s[d] = max(s.get(d, 0), weight)
    scores = s if scores is None else {d: scores[d] + v for d, v in s.items() if d in scores}
top = sorted((scores or {}).items(), key=lambda x: (-x[1], x[0]))[:10]
frags = {f"search/f/{d}.json": gz(f"search/f/{d}.json") for d, _ in top}
total = sum(first.values()) + sum(chunks.values()) + sum(frags.values())
print(f"first load {sum(first.values())} B, chunks {sum(chunks.values())} B ({len(chunks)}), "
      f"fragments {sum(frags.values())} B ({len(frags)}), total {total} B = {total / 1024:.1f} KiB "
      f"for {len(scores or {})} matches of {sys.argv[2]!r}")
