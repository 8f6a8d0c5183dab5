#!/usr/bin/env python3
"""Generates a kiez site with N articles (plus events and FAQ) for benchmarks.

usage: scripts/gen-site.py DIR N
Deterministic: the same N gives the same files.
"""
import os
import random
import sys

WORDS = ("Hof Mieter Genossenschaft Heizung Fenster Treppenhaus Garten Fahrrad "
         "Nachbarschaft Versammlung Sanierung Dach Keller Schlüssel Wohnung Miete "
         "Nebenkosten Abrechnung Energie Sommerfest Kinder Spielplatz Müll Tonne "
         "Aufzug Balkon Pflanzen Wasser Strom Hausmeister Büro Sprechstunde").split()
TAGS = ["Hof", "Heizung", "Energie", "Feste", "Bauen", "Service", "Garten", "Verwaltung"]
CATS = ["Aus der Genossenschaft", "Nachbarschaft", "Haus & Technik", "Rat & Service"]
AUTHORS = ["Erika Muster", "Jonas Beispiel", "Aylin Demir", "Peter Hofmann"]


def sentence(rng, n=12):
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def paragraph(rng):
    return " ".join(sentence(rng, rng.randint(8, 16)) for _ in range(rng.randint(3, 6)))


def main():
    root, n = sys.argv[1], int(sys.argv[2])
    rng = random.Random(42)
    os.makedirs(os.path.join(root, "content/articles"), exist_ok=True)
    os.makedirs(os.path.join(root, "content/events"), exist_ok=True)
    with open(os.path.join(root, "kiez.yaml"), "w") as f:
        f.write("title: Benchblatt\nbase_url: https://bench.example.org/\nlanguage: de\n"
                "timezone: Europe/Berlin\n")
    for i in range(n):
        year = 2020 + i * 6 // max(n, 1)
        month = 1 + i % 12
        day = 1 + i % 28
        tags = rng.sample(TAGS, 2)
        body = [paragraph(rng), "<!-- more -->"]
        for h in range(3):
            body.append(f"## {sentence(rng, 4)[:-1]}")
            body.append(paragraph(rng))
            body.append("- " + sentence(rng, 5) + "\n- " + sentence(rng, 6))
        if i > 0:
            body.append(f"Siehe auch [den vorigen Beitrag](artikel-{i - 1:05}.md).")
        with open(os.path.join(root, f"content/articles/artikel-{i:05}.md"), "w") as f:
            f.write(f"---\ntitle: \"{sentence(rng, 6)[:-1]} {i}\"\ndate: {year}-{month:02}-{day:02}\n"
                    f"tags: [{', '.join(tags)}]\ncategories: [\"{rng.choice(CATS)}\"]\n"
                    f"authors: [{rng.choice(AUTHORS)}]\n---\n" + "\n\n".join(body) + "\n")
    for i in range(max(n // 50, 2)):
        with open(os.path.join(root, f"content/events/termin-{i:04}.md"), "w") as f:
            f.write(f"---\ntitle: Termin {i}\nstart: 2026-{1 + i % 12:02}-{1 + i % 28:02}T18:00\n"
                    f"location: {{name: Gemeinschaftsraum}}\n---\n{paragraph(rng)}\n")
    for c in range(4):
        d = os.path.join(root, f"content/faq/thema-{c}")
        os.makedirs(d, exist_ok=True)
        for q in range(max(n // 100, 3)):
            with open(os.path.join(d, f"frage-{q}.md"), "w") as f:
                f.write(f"---\ntitle: \"{sentence(rng, 5)[:-1]}?\"\norder: {q}\n---\n{paragraph(rng)}\n")


main()
