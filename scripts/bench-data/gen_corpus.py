#!/usr/bin/env python3
"""Deterministic corpus generator for the static-site-generator benchmark.

A copy of ../shared/bench/gen_corpus.py (the neutral corpus kiez is judged
on), kept here so scripts/bench works from a fresh clone; for the same N,
lang and seed both write the same files (manifest.json holds their hash).

    gen_corpus.py OUT_DIR --articles N [--lang de|en|mix] [--seed S]

Writes
  OUT_DIR/articles/*.md   N articles, YAML front matter + 600-1500 word Markdown body
  OUT_DIR/events/*.md     N/10 events (start/end datetimes, location name/address)
  OUT_DIR/faq/*.md        N/5 FAQ entries (question + category)
  OUT_DIR/manifest.json   parameters, counts and a SHA-256 over all written files

The output depends only on (N, lang, seed): Python's `random.Random(seed)` with
choice/randint/sample/shuffle is stable across CPython 3.x, no sets or dicts with
hash-dependent order are iterated, and time zones are computed by the EU DST rule
in code (no tzdata needed). Existing *.md files in the three folders are removed
first so a smaller N never leaves stale files behind.

Body text is made-up German/English from word lists (umlauts and ß included);
the Markdown avoids `{{`, `{%` and `{#` so no generator treats it as a template
or shortcode call.
"""
import argparse
import datetime as dt
import hashlib
import json
import os
import random
import re
import sys

# --------------------------------------------------------------------------- vocabularies

TAGS = [
    "gemeinschaft", "kultur", "nachbarschaft", "umwelt", "bildung", "sport", "musik",
    "kunst", "gärten", "straßenfest", "ehrenamt", "jugend", "senioren", "verkehr",
    "radfahren", "politik", "wirtschaft", "geschichte", "essen", "rezepte", "märkte",
    "theater", "kino", "literatur", "familie", "schule", "gesundheit", "wohnen",
    "stadtplanung", "klimaschutz", "open source", "rust", "python", "web", "fotografie",
    "reisen", "natur", "tiere", "handwerk", "feste", "vereine", "interview", "porträt",
    "kommentar", "digitales", "software", "community", "volunteering", "repair café",
    "bürgerhaushalt",
]
CATEGORIES = [
    "Kultur", "Nachbarschaft", "Umwelt", "Technik", "Sport", "Politik",
    "Essen & Trinken", "Veranstaltungen",
]
AUTHORS = [
    "Jörg Müller", "Anna Schäfer", "Lena Weiß", "Björn Krüger", "Sophie Groß",
    "Tom Becker", "Aylin Demir", "Marta Nowak", "Jonas Fuchs", "Miriam Köhler",
    "Erik Hansen", "Clara Löwe", "David Okafor", "Fatma Yıldız", "Paul Schröder",
    "Ines Brandt", "Lukas Maier", "Noor Haddad", "Greta Voß", "Samuel Ortiz",
]
PLACES = [
    "Südstadt", "Altstadt", "Weststadt", "Nordviertel", "Hafenviertel", "Oststadt",
    "Gründerzeitviertel", "Mühlenberg", "Schloßpark", "Auenwald", "Bahnhofsviertel",
    "Lindenhöhe", "Rosengarten", "Kirchplatz", "Marktplatz", "Flußufer",
]
STREETS = [
    "Hauptstraße", "Bahnhofstraße", "Schulstraße", "Gartenstraße", "Mühlenweg",
    "Lindenallee", "Kirchgasse", "Am Fluß", "Goethestraße", "Schillerplatz",
    "Brückenstraße", "Rosenweg", "Färberstraße", "Ölmühlenweg", "Überseering",
]
FAQ_CATEGORIES = [
    "Mitgliedschaft", "Beiträge einreichen", "Veranstaltungen", "Technik",
    "Datenschutz", "Spenden",
]

DE_NOUNS = (
    "Nachbarschaft Gemeinde Verein Straßenfest Bürgerhaus Garten Bühne Ausstellung Werkstatt "
    "Bibliothek Schule Jugend Familie Zukunft Geschichte Umwelt Fahrrad Brücke Innenhof Markt "
    "Bäckerei Größe Straße Übersicht Öffentlichkeit Mühle Grünfläche Spielplatz Konzert Chor "
    "Künstlerin Gärtnerin Mitglied Vorstand Sitzung Satzung Haushalt Förderung Spende Ehrenamt "
    "Begegnung Nachmittag Abend Wochenende Frühling Sommer Herbst Winter Schloß Fluß Ufer Wiese "
    "Baum Bank Brunnen Kiosk Café Küche Rezept Kuchen Suppe Gemüse Obst Apfel Kürbis Käse Brötchen "
    "Straßenbahn Haltestelle Verkehr Lärm Ruhe Idee Plan Antrag Entscheidung Mehrheit Stimme "
    "Zeitung Magazin Ausgabe Artikel Beitrag Leserin Redaktion Fotografie Bild Erinnerung "
    "Nachricht Gespräch Frage Antwort Lösung Projekt Software Computer Netzwerk Daten Schlüssel "
    "Reparatur Werkzeug Tür Fenster Dach Hof Treppe Keller Flur Wohnung Miete Quartier Viertel"
).split()
DE_ADJ = (
    "große kleine neue alte schöne grüne bunte ruhige laute frühe späte gemeinsame öffentliche "
    "freundliche offene lebendige nachhaltige günstige schwierige wichtige überraschende "
    "fröhliche müde kühle heiße weiße süße bittere gemütliche ehrliche mutige lange kurze "
    "zahlreiche ländliche städtische digitale regionale übliche größere bessere"
).split()
DE_VERBS = (
    "organisiert plant feiert diskutiert baut repariert pflanzt gießt erklärt beschreibt zeigt "
    "öffnet schließt eröffnet unterstützt begrüßt verändert verbessert prüft schätzt genießt "
    "erzählt sammelt verteilt gestaltet bewegt trägt lädt füllt übernimmt stärkt fördert"
).split()
DE_DET = "der die das ein eine unser unsere jeder jede dieser diese".split()
DE_DET_OBJ = "den die das einen eine unseren unsere jeden jede diesen diese".split()
DE_PREP = ("mit für über unter zwischen neben hinter vor nach während trotz wegen "
           "gegenüber außerhalb innerhalb").split()
DE_ADV = ("heute morgen gestern oft selten immer manchmal gemeinsam endlich schließlich "
          "natürlich übrigens außerdem trotzdem dennoch zunächst später früher").split()
DE_CONJ = "weil obwohl während sodass damit nachdem bevor sobald".split()

EN_NOUNS = (
    "neighbourhood community association street festival garden stage exhibition workshop "
    "library school youth family future history environment bicycle bridge courtyard market "
    "bakery square overview public mill park playground concert choir artist gardener member "
    "board meeting budget grant donation volunteer encounter afternoon evening weekend spring "
    "summer autumn winter castle river bank meadow tree bench fountain kiosk café kitchen recipe "
    "cake soup vegetable fruit apple pumpkin cheese tram stop traffic noise idea plan proposal "
    "decision majority vote newspaper magazine issue article contribution reader editor photo "
    "picture memory message conversation question answer solution project software computer "
    "network data key repair tool door window roof yard staircase cellar hallway flat rent quarter"
).split()
EN_ADJ = (
    "big small new old beautiful green colourful quiet loud early late shared public friendly "
    "open lively sustainable affordable difficult important surprising cheerful tired cool hot "
    "white sweet bitter cosy honest brave long short numerous rural urban digital regional usual "
    "larger better"
).split()
EN_VERBS = (
    "organises plans celebrates discusses builds repairs plants waters explains describes shows "
    "opens closes inaugurates supports welcomes changes improves checks values enjoys tells "
    "collects distributes designs moves carries invites fills takes strengthens funds"
).split()
EN_DET = "the a our every this that another each".split()
EN_PREP = "with for about under between next to behind before after during despite because of across inside".split()
EN_ADV = ("today tomorrow yesterday often rarely always sometimes together finally eventually "
          "naturally incidentally moreover nevertheless still first later earlier").split()
EN_CONJ = "because although while so that after before once whenever".split()

EXTERNAL_SITES = [
    "https://www.example.org/verein/satzung", "https://example.com/stadtplan",
    "https://www.rust-lang.org/", "https://docs.python.org/3/", "https://www.openstreetmap.org/",
    "https://de.wikipedia.org/wiki/Nachbarschaft", "https://en.wikipedia.org/wiki/Community",
    "https://www.example.net/termine?jahr=2024&monat=5", "https://example.org/rezepte/kürbissuppe",
    "https://www.example.com/presse/mitteilung-42",
]

# --------------------------------------------------------------------------- text helpers

TRANSLIT = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue",
            "é": "e", "ı": "i", "&": "und"}


def slugify(text):
    s = "".join(TRANSLIT.get(c, c) for c in text).lower()
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s


def yq(value):
    """YAML double-quoted scalar (JSON string syntax is valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def cap(s):
    return s[:1].upper() + s[1:]


class Text:
    def __init__(self, rng):
        self.r = rng

    def de_sentence(self):
        r = self.r
        n = lambda: r.choice(DE_NOUNS)
        parts = []
        pattern = r.randint(0, 3)
        if pattern == 0:
            parts = [r.choice(DE_DET), r.choice(DE_ADJ), n(), r.choice(DE_VERBS),
                     r.choice(DE_DET_OBJ), n(), r.choice(DE_PREP), r.choice(DE_DET_OBJ), n()]
        elif pattern == 1:
            parts = [r.choice(DE_ADV), r.choice(DE_VERBS), r.choice(DE_DET), n(),
                     r.choice(DE_DET_OBJ), r.choice(DE_ADJ), n()]
        elif pattern == 2:
            parts = [r.choice(DE_DET), n(), r.choice(DE_PREP), r.choice(DE_DET_OBJ), n(),
                     r.choice(DE_VERBS), r.choice(DE_ADV), r.choice(DE_DET_OBJ), r.choice(DE_ADJ), n()]
        else:
            parts = [r.choice(DE_DET), r.choice(DE_ADJ), n(), r.choice(DE_VERBS), r.choice(DE_DET_OBJ), n()]
            parts[-1] += ","
            parts += [r.choice(DE_CONJ), r.choice(DE_DET), n(), r.choice(DE_ADV), r.choice(DE_ADJ),
                      r.choice(DE_VERBS).rstrip("t") + "t"]
        return cap(" ".join(parts)) + r.choice([".", ".", ".", "!", "?"])

    def en_sentence(self):
        r = self.r
        n = lambda: r.choice(EN_NOUNS)
        pattern = r.randint(0, 3)
        if pattern == 0:
            parts = [r.choice(EN_DET), r.choice(EN_ADJ), n(), r.choice(EN_VERBS), r.choice(EN_DET), n(),
                     r.choice(EN_PREP), r.choice(EN_DET), n()]
        elif pattern == 1:
            parts = [r.choice(EN_ADV), r.choice(EN_DET), n(), r.choice(EN_VERBS), r.choice(EN_DET),
                     r.choice(EN_ADJ), n()]
        elif pattern == 2:
            parts = [r.choice(EN_DET), n(), r.choice(EN_PREP), r.choice(EN_DET), n(), r.choice(EN_ADV),
                     r.choice(EN_VERBS), r.choice(EN_DET), r.choice(EN_ADJ), n()]
        else:
            parts = [r.choice(EN_DET), r.choice(EN_ADJ), n(), r.choice(EN_VERBS), r.choice(EN_DET), n() + ",",
                     r.choice(EN_CONJ), r.choice(EN_DET), n(), r.choice(EN_ADV), r.choice(EN_VERBS),
                     r.choice(EN_DET), n()]
        return cap(" ".join(parts)) + r.choice([".", ".", ".", "!", "?"])

    def sentence(self, lang):
        return self.de_sentence() if lang == "de" else self.en_sentence()

    def phrase(self, lang, lo=2, hi=5):
        words = self.sentence(lang).rstrip(".!?").replace(",", "").split()
        k = self.r.randint(lo, min(hi, len(words)))
        start = self.r.randint(0, len(words) - k)
        return " ".join(words[start:start + k])

    def title(self, lang):
        r = self.r
        if lang == "de":
            forms = [
                lambda: f"{cap(r.choice(DE_ADJ))} {r.choice(DE_NOUNS)} in der {r.choice(PLACES)}",
                lambda: f"{r.choice(DE_NOUNS)} und {r.choice(DE_NOUNS)}: {cap(r.choice(DE_ADV))} {r.choice(DE_ADJ)} wie nie",
                lambda: f"Wie {r.choice(DE_DET)} {r.choice(DE_NOUNS)} {r.choice(DE_DET_OBJ)} {r.choice(DE_NOUNS)} {r.choice(DE_VERBS)}",
                lambda: f"{r.choice(PLACES)}: {cap(r.choice(DE_ADJ))} {r.choice(DE_NOUNS)} für alle",
            ]
        else:
            forms = [
                lambda: f"The {r.choice(EN_ADJ)} {r.choice(EN_NOUNS)} of {r.choice(PLACES)}",
                lambda: f"How our {r.choice(EN_NOUNS)} {r.choice(EN_VERBS)} the {r.choice(EN_NOUNS)}",
                lambda: f"{cap(r.choice(EN_NOUNS))} and {r.choice(EN_NOUNS)}: {r.choice(EN_ADJ)} as never before",
                lambda: f"{r.choice(PLACES)}: a {r.choice(EN_ADJ)} {r.choice(EN_NOUNS)} for everyone",
            ]
        return r.choice(forms)()


def count_words(s):
    return len(s.split())


# --------------------------------------------------------------------------- code blocks

def code_block(r, lang_text):
    ident = lambda: r.choice(["mitglieder", "termine", "beitrag", "ausgabe", "artikel", "seite",
                              "verein", "kasse", "bestand", "leser", "markt", "garten"])
    n = r.randint(1, 99)
    lang = r.choice(["rust", "python", "yaml", "bash", "json"])
    a, b = ident(), ident()
    if lang == "rust":
        body = f"""use std::collections::BTreeMap;

#[derive(Debug, Clone)]
struct {cap(a)} {{
    name: String,
    anzahl: u32,
}}

fn zaehle_{b}(items: &[{cap(a)}]) -> BTreeMap<String, u32> {{
    let mut map = BTreeMap::new();
    for item in items.iter().filter(|i| i.anzahl > {n}) {{
        *map.entry(item.name.clone()).or_insert(0) += item.anzahl;
    }}
    map
}}

fn main() {{
    let liste = vec![{cap(a)} {{ name: "Größe".into(), anzahl: {n + 3} }}];
    println!("{{:?}}", zaehle_{b}(&liste));
}}"""
        # the println! above contains "{{:?}}" in the f-string -> "{:?}" in output
    elif lang == "python":
        body = f"""from dataclasses import dataclass
from datetime import date


@dataclass
class {cap(a)}:
    titel: str
    datum: date
    seiten: int = {n}


def filtere_{b}(eintraege: list[{cap(a)}], jahr: int) -> list[{cap(a)}]:
    \"\"\"Gibt alle Einträge eines Jahres zurück (für die Übersicht).\"\"\"
    return sorted((e for e in eintraege if e.datum.year == jahr), key=lambda e: e.datum)


if __name__ == "__main__":
    print(filtere_{b}([{cap(a)}("Straßenfest", date(2024, 5, {n % 28 + 1}))], 2024))"""
    elif lang == "yaml":
        body = f"""{a}:
  titel: "Sommerfest in der {r.choice(PLACES)}"
  datum: 2024-06-{n % 28 + 1:02d}
  ort:
    name: {r.choice(PLACES)}
    adresse: "{r.choice(STREETS)} {n}"
  helfer:
    - name: {r.choice(AUTHORS)}
      aufgabe: Kuchenbuffet
    - name: {r.choice(AUTHORS)}
      aufgabe: Aufbau
  budget: {n * 25}.50
  oeffentlich: true"""
    elif lang == "bash":
        body = f"""#!/usr/bin/env bash
set -euo pipefail

ziel="${{HOME}}/{a}/archiv"
mkdir -p "$ziel"
for datei in ./{b}/*.md; do
    name="$(basename "$datei" .md)"
    grep -q "^draft: true" "$datei" && continue
    cp "$datei" "$ziel/${{name}}-$(date +%Y).md"
done
echo "Fertig: $(ls "$ziel" | wc -l) Dateien übertragen ({n})" """.rstrip()
    else:  # json
        body = f"""{{
  "{a}": [
    {{"id": {n}, "titel": "Große Pause", "tags": ["schule", "jugend"]}},
    {{"id": {n + 1}, "titel": "Grüne Höfe", "tags": ["umwelt"], "aktiv": true}}
  ],
  "{b}": {{"gesamt": {n * 3}, "waehrung": "EUR", "stand": "2024-05-{n % 28 + 1:02d}"}}
}}"""
    assert "{{" not in body and "{%" not in body and "{#" not in body, body
    intro = "Ein Beispiel dazu:" if lang_text == "de" else "Here is an example:"
    return f"{intro}\n\n```{lang}\n{body}\n```", lang


# --------------------------------------------------------------------------- dates

def last_sunday(year, month):
    d = dt.date(year, month + 1, 1) - dt.timedelta(days=1) if month < 12 else dt.date(year, 12, 31)
    return d - dt.timedelta(days=(d.weekday() + 1) % 7)


def berlin_offset(utc):
    """Europe/Berlin offset (EU rule: DST from last Sunday in March 01:00 UTC to last Sunday in October 01:00 UTC)."""
    y = utc.year
    start = dt.datetime.combine(last_sunday(y, 3), dt.time(1, 0), dt.timezone.utc)
    end = dt.datetime.combine(last_sunday(y, 10), dt.time(1, 0), dt.timezone.utc)
    return dt.timedelta(hours=2) if start <= utc < end else dt.timedelta(hours=1)


def local_iso(utc):
    off = berlin_offset(utc)
    return utc.astimezone(dt.timezone(off)).isoformat(timespec="seconds")


# --------------------------------------------------------------------------- documents

def article_lang(r, mode):
    if mode in ("de", "en"):
        return mode
    return "de" if r.random() < 0.6 else "en"


def paragraph(t, lang, r, mode, words_wanted, slugs, self_idx, ext_ok=True):
    """A paragraph of roughly words_wanted words with inline emphasis/links sprinkled in."""
    plang = lang
    if mode == "mix" and r.random() < 0.15:
        plang = "en" if lang == "de" else "de"
    sents = []
    wc = 0
    while wc < words_wanted:
        s = t.sentence(plang)
        roll = r.random()
        words = s.split()
        if roll < 0.12 and len(words) > 4:
            i = r.randint(1, len(words) - 2)
            words[i] = f"*{words[i].strip(',')}*"
            s = " ".join(words)
        elif roll < 0.20 and len(words) > 4:
            i = r.randint(1, len(words) - 2)
            words[i] = f"**{words[i].strip(',')}**"
            s = " ".join(words)
        elif roll < 0.28 and slugs:
            j = r.randrange(len(slugs))
            if j == self_idx:
                j = (j + 1) % len(slugs)
            s = s[:-1] + f" ([{t.phrase(plang)}](/articles/{slugs[j]}/))" + s[-1]
        elif roll < 0.32 and ext_ok:
            s = s[:-1] + f" – [{t.phrase(plang, 1, 3)}]({r.choice(EXTERNAL_SITES)})" + s[-1]
        sents.append(s)
        wc += count_words(s)
    return " ".join(sents)


def bullet_list(t, lang, r, numbered=False):
    n = r.randint(3, 6)
    items = []
    for i in range(n):
        txt = cap(t.phrase(lang, 3, 8))
        if r.random() < 0.2:
            txt = f"**{txt}**"
        items.append(f"{i + 1}. {txt}" if numbered else f"- {txt}")
    return "\n".join(items)


def table(t, lang, r):
    if lang == "de":
        head = ["Termin", "Ort", "Teilnehmende", "Kosten (€)"]
    else:
        head = ["Date", "Place", "Participants", "Cost (€)"]
    rows = []
    for _ in range(r.randint(3, 6)):
        day = dt.date(2024, r.randint(1, 12), r.randint(1, 28)).isoformat()
        rows.append([day, r.choice(PLACES), str(r.randint(5, 400)), f"{r.randint(0, 90)},{r.randint(0, 99):02d}"])
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join([" --- "] * 3 + [" ---: "]) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def blockquote(t, lang, r):
    s = " ".join(t.sentence(lang) for _ in range(r.randint(1, 3)))
    return f"> {s}\n>\n> — {r.choice(AUTHORS)}"


def article(i, slugs, titles, dates, mode, r):
    t = Text(r)
    lang = titles[i][1]
    target = r.randint(600, 1500)
    n_head = r.randint(3, 6)
    n_code = r.choice([0, 0, 1, 1, 1, 2])
    # extra blocks, each placed in a random section (0 = intro)
    extras = ["ul", "ol", "table", "quote"] + ["code"] * n_code
    placement = {k: [] for k in range(n_head + 1)}
    for e in extras:
        placement[r.randint(0, n_head)].append(e)
    # split the prose budget over intro + sections; extras are estimated up front
    est = {"ul": 25, "ol": 25, "table": 45, "quote": 30, "code": 90}
    prose = max(300, target - sum(est[e] for e in extras))
    shares = [r.uniform(0.6, 1.4) for _ in range(n_head + 1)]
    tot = sum(shares)
    budget = [max(40, int(prose * s / tot)) for s in shares]
    blocks = []  # (kind, text)
    code_langs = []

    def add_extra(e):
        blk, cl = render_extra(e, t, lang, r)
        if cl:
            code_langs.append(cl)
        blocks.append((e, blk))
        return count_words(blk)

    for sec in range(n_head + 1):
        if sec > 0:
            level = "##" if sec == 1 or r.random() < 0.6 else "###"
            blocks.append(("h", f"{level} {cap(t.phrase(lang, 2, 6))}"))
        sec_words = 0
        n_par = r.randint(1, 3)
        for p in range(n_par):
            want = max(20, (budget[sec] - sec_words) // (n_par - p))
            para = paragraph(t, lang, r, mode, want, slugs, i)
            blocks.append(("p", para))
            sec_words += count_words(para)
            if placement[sec] and r.random() < 0.6:
                sec_words += add_extra(placement[sec].pop(0))
        for e in placement[sec]:
            sec_words += add_extra(e)
    words = sum(count_words(b) for _, b in blocks)
    # every article links at least once to another article and once to an external site
    first_p = next(k for k, (kind, _) in enumerate(blocks) if kind == "p")
    text = blocks[first_p][1]
    if "](/articles/" not in "".join(b for _, b in blocks):
        j = (i + 1 + r.randrange(len(slugs) - 1)) % len(slugs) if len(slugs) > 1 else i
        text += f" {cap(t.phrase(lang))} ([{t.phrase(lang, 1, 3)}](/articles/{slugs[j]}/))."
    if "](https://" not in "".join(b for _, b in blocks):
        text += f" {cap(t.phrase(lang))} – [{t.phrase(lang, 1, 3)}]({r.choice(EXTERNAL_SITES)})."
    words += count_words(text) - count_words(blocks[first_p][1])
    blocks[first_p] = ("p", text)
    # keep the body inside 600..1500 words: drop trailing prose paragraphs / top up
    while words > 1500:
        idx = max(k for k, (kind, _) in enumerate(blocks) if kind == "p")
        words -= count_words(blocks[idx][1])
        del blocks[idx]
    while words < 600:
        para = paragraph(t, lang, r, mode, 60, slugs, i)
        blocks.append(("p", para))
        words += count_words(para)
    blocks = [b for _, b in blocks]
    body = "\n\n".join(blocks) + "\n"

    n_tags = r.randint(2, 5)
    tags = r.sample(TAGS, n_tags)
    cats = r.sample(CATEGORIES, r.choice([1, 1, 1, 2]))
    desc = t.sentence(lang)
    fm = [
        "---",
        f"title: {yq(titles[i][0])}",
        f"date: {dates[i]}",
        f"description: {yq(desc)}",
        "tags: [" + ", ".join(yq(x) for x in tags) + "]",
        "categories: [" + ", ".join(yq(x) for x in cats) + "]",
        f"author: {yq(r.choice(AUTHORS))}",
        f"image: {yq('/images/articles/' + slugs[i] + '.jpg')}",
        f"lang: {lang}",
        "---",
        "",
    ]
    return "\n".join(fm) + body, words, code_langs


def render_extra(kind, t, lang, r):
    if kind == "ul":
        return bullet_list(t, lang, r), None
    if kind == "ol":
        return bullet_list(t, lang, r, numbered=True), None
    if kind == "table":
        return table(t, lang, r), None
    if kind == "quote":
        return blockquote(t, lang, r), None
    blk, cl = code_block(r, lang)
    return blk, cl


def event(k, r, base_utc, mode):
    t = Text(r)
    lang = article_lang(r, mode)
    start = base_utc + dt.timedelta(days=r.randint(0, 400), hours=r.randint(8, 19), minutes=r.choice([0, 15, 30, 45]))
    end = start + dt.timedelta(minutes=r.choice([60, 90, 120, 180, 240, 480]))
    what = r.choice(["Straßenfest", "Repair Café", "Lesung", "Konzert", "Flohmarkt", "Gartentag",
                     "Stammtisch", "Workshop", "Sitzung", "Kinderfest", "Führung", "Kochabend"])
    place = r.choice(PLACES)
    title = f"{what} {'in der' if lang == 'de' else 'at'} {place}"
    slug = f"{slugify(title)}-{k + 1:05d}"
    body = "\n\n".join(paragraph(t, lang, r, mode, r.randint(40, 90), [], -1, ext_ok=(p == 0))
                       for p in range(r.randint(1, 3)))
    if r.random() < 0.5:
        body += "\n\n" + bullet_list(t, lang, r)
    fm = [
        "---",
        f"title: {yq(title)}",
        f"start: {local_iso(start)}",
        f"end: {local_iso(end)}",
        "location:",
        f"  name: {yq(place + ' – ' + r.choice(['Bürgerhaus', 'Gemeindesaal', 'Kulturhof', 'Stadtteilladen', 'Pfarrgarten']))}",
        f"  address: {yq(r.choice(STREETS) + ' ' + str(r.randint(1, 120)) + ', ' + str(r.randint(10000, 99999)) + ' Musterstadt')}",
        f"description: {yq(t.sentence(lang))}",
        "tags: [" + ", ".join(yq(x) for x in r.sample(TAGS, r.randint(1, 3))) + "]",
        f"lang: {lang}",
        "---",
        "",
    ]
    return slug, "\n".join(fm) + body + "\n"


def faq(k, r, mode):
    t = Text(r)
    lang = article_lang(r, mode)
    if lang == "de":
        q = r.choice(["Wie", "Wann", "Wo", "Warum", "Wer", "Kann ich"]) + " " + t.phrase("de", 3, 7) + "?"
    else:
        q = r.choice(["How", "When", "Where", "Why", "Who", "Can I"]) + " " + t.phrase("en", 3, 7) + "?"
    slug = f"{slugify(q)[:50].strip('-')}-{k + 1:05d}"
    body = paragraph(t, lang, r, mode, r.randint(40, 120), [], -1)
    if r.random() < 0.4:
        body += "\n\n" + bullet_list(t, lang, r, numbered=r.random() < 0.5)
    fm = [
        "---",
        f"title: {yq(q)}",
        f"category: {yq(r.choice(FAQ_CATEGORIES))}",
        f"weight: {k + 1}",
        f"lang: {lang}",
        "---",
        "",
    ]
    return slug, "\n".join(fm) + body + "\n"


# --------------------------------------------------------------------------- main

def write(path, text, digest):
    data = text.encode("utf-8")
    with open(path, "wb") as f:
        f.write(data)
    digest.update(os.path.basename(path).encode() + b"\0" + data)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir")
    ap.add_argument("--articles", type=int, required=True)
    ap.add_argument("--lang", choices=["de", "en", "mix"], default="mix")
    ap.add_argument("--seed", type=int, default=20240601)
    a = ap.parse_args(argv)
    if a.articles < 1:
        ap.error("--articles must be >= 1")

    r = random.Random(a.seed)
    n = a.articles
    dirs = {k: os.path.join(a.out_dir, k) for k in ("articles", "events", "faq")}
    for d in dirs.values():
        os.makedirs(d, exist_ok=True)
        for f in sorted(os.listdir(d)):
            if f.endswith(".md"):
                os.remove(os.path.join(d, f))

    # titles, slugs and strictly increasing dates first (internal links need all slugs)
    t = Text(r)
    titles, slugs, dates = [], [], []
    start = dt.datetime(2016, 1, 1, tzinfo=dt.timezone.utc)
    span = dt.datetime(2025, 12, 31, tzinfo=dt.timezone.utc) - start
    step = span / n
    for i in range(n):
        lang = article_lang(r, a.lang)
        title = t.title(lang)
        titles.append((title, lang))
        slugs.append(f"{slugify(title)[:60].strip('-')}-{i + 1:05d}")
        utc = start + step * i + step * r.uniform(0.1, 0.9)
        utc = utc.replace(microsecond=0)
        dates.append(local_iso(utc))

    digest = hashlib.sha256()
    total_words = 0
    min_w, max_w = 10 ** 9, 0
    code_counts = {}
    for i in range(n):
        text, words, code_langs = article(i, slugs, titles, dates, a.lang, r)
        total_words += words
        min_w, max_w = min(min_w, words), max(max_w, words)
        for cl in code_langs:
            code_counts[cl] = code_counts.get(cl, 0) + 1
        write(os.path.join(dirs["articles"], slugs[i] + ".md"), text, digest)

    base = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)
    for k in range(max(1, n // 10)):
        slug, text = event(k, r, base, a.lang)
        write(os.path.join(dirs["events"], slug + ".md"), text, digest)
    for k in range(max(1, n // 5)):
        slug, text = faq(k, r, a.lang)
        write(os.path.join(dirs["faq"], slug + ".md"), text, digest)

    manifest = {
        "generator": "gen_corpus.py", "seed": a.seed, "lang": a.lang, "articles": n,
        "events": max(1, n // 10), "faq": max(1, n // 5),
        "article_words": {"total": total_words, "min": min_w, "max": max_w,
                          "mean": round(total_words / n, 1)},
        "code_blocks": dict(sorted(code_counts.items())),
        "sha256": digest.hexdigest(),
    }
    with open(os.path.join(a.out_dir, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2, ensure_ascii=False)
        f.write("\n")
    print(json.dumps(manifest, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
