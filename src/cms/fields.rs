//! The form of each content kind: one Decap field per front-matter key
//! of `content::matter`, with the widget that fits the key's type. Keys
//! left out of the forms are listed in [`NOT_IN_FORMS`] with the reason;
//! a test checks that every key of the structs is one or the other.

use serde_json::{json, Value};

use super::decap::Field;
use crate::config::Language;
use crate::content::EventStatus;

/// Labels in the site's language (the editors'), German or English.
#[derive(Debug, Clone, Copy)]
pub struct Labels(pub Language);

impl Labels {
    /// `de` or `en`, whichever the site is written in.
    pub fn t(self, de: &str, en: &str) -> String {
        match self.0 {
            Language::De => de.into(),
            _ => en.into(),
        }
    }
}

/// Keys of the front matter that have no field, and why: they are kept
/// when an editor saves (Decap keeps keys it has no field for).
pub const NOT_IN_FORMS: &[(&str, &str)] = &[
    (
        "aliases",
        "old URLs, set when moving content, by whoever moves it",
    ),
    ("downloads", "files beside the entry, added in git"),
    (
        "discussion",
        "a link or `false`, which no Decap widget offers; rarely set, in git",
    ),
    ("sequence", "a calendar revision number kiez raises itself"),
    (
        "translation_key",
        "links translations with different file names; set when translating, in git",
    ),
    (
        "date",
        "of events and FAQ answers: the announcement date, for feeds",
    ),
    ("related", "paths of other FAQ files, easier written in git"),
    (
        "articles",
        "of editions: paths of article files in reading order, easier written in git",
    ),
    (
        "category",
        "of FAQ answers: each category folder is a collection of its own",
    ),
];

/// The terms the site already uses, offered as select options.
#[derive(Debug, Default)]
pub struct Terms {
    /// `categories:` of every item.
    pub categories: Vec<String>,
    /// `authors:` of every item and the names under `authors:` in kiez.yaml.
    pub authors: Vec<String>,
}

fn strings(values: &[String]) -> Vec<Value> {
    values.iter().map(|v| json!(v)).collect()
}

/// A select of known terms, or a free list while the site has none
/// (Decap refuses a select without options).
fn terms(name: &str, label: &str, known: &[String], l: Labels) -> Field {
    if known.is_empty() {
        return Field::list_of(name, label, Field::new(name, label, "string"));
    }
    Field::select(name, label, strings(known), true).hint(l.t(
        "Eine neue Auswahl entsteht, wenn die Redaktion `kiez cms init` erneut ausführt.",
        "New choices appear when the site's maintainer runs `kiez cms init` again.",
    ))
}

fn title(l: Labels, label: &str) -> Field {
    Field::new("title", label, "string")
        .required()
        .pattern(&l.t(
            "Der Titel darf nicht leer sein",
            "The title must not be empty",
        ))
}

impl Field {
    /// Refuses blank text.
    fn pattern(mut self, message: &str) -> Field {
        self.pattern = Some(["\\S".into(), message.into()]);
        self
    }
}

fn description(l: Labels) -> Field {
    Field::new(
        "description",
        &l.t("Kurzbeschreibung", "Description"),
        "text",
    )
    .hint(l.t(
        "Ein Satz für Übersichten, Suchmaschinen und Link-Vorschauen (bis 200 Zeichen).",
        "One sentence for lists, search engines and link previews (up to 200 characters).",
    ))
}

/// The cover image and its alternative text. Decap cannot make one field
/// required only when another is filled, so the alt text is optional in
/// the form, says so, and `kiez check` (`image_alt`) reports a cover
/// image without it.
fn image(l: Labels) -> [Field; 2] {
    [
        Field {
            choose_url: Some(false),
            ..Field::new("image", &l.t("Titelbild", "Cover image"), "image")
        }
        .hint(l.t(
            "Am besten 1200 × 630 Pixel oder größer.",
            "Best 1200 × 630 pixels or larger.",
        )),
        Field::new(
            "image_alt",
            &l.t("Bildbeschreibung (Alternativtext)", "Image description (alt text)"),
            "string",
        )
        .hint(l.t(
            "Pflicht, wenn ein Titelbild gewählt ist: was auf dem Bild zu sehen ist, für Menschen, die es nicht sehen.",
            "Required when there is a cover image: what it shows, for people who cannot see it.",
        )),
    ]
}

/// A list of one text field per tag. Not Decap's comma-separated input
/// (a list without `field`): in Decap 3.16 it swallows a typed comma, so
/// "Hof, Feste" became one tag `HofFeste` in the end-to-end test.
fn tags(l: Labels) -> Field {
    Field::list_of(
        "tags",
        &l.t("Schlagwörter", "Tags"),
        Field::new("tag", &l.t("Schlagwort", "Tag"), "string"),
    )
}

fn draft(l: Labels) -> Field {
    Field::new("draft", &l.t("Entwurf", "Draft"), "boolean")
        .with_default(json!(false))
        .hint(l.t(
            "Entwürfe erscheinen nicht auf der Website.",
            "Drafts are not published.",
        ))
}

fn body(l: Labels) -> Field {
    Field::new("body", &l.t("Text", "Text"), "markdown").required()
}

fn gallery(l: Labels) -> Field {
    Field::list_of_objects(
        "gallery",
        &l.t("Bildergalerie", "Gallery"),
        vec![
            Field::new("src", &l.t("Bild", "Image"), "image").required(),
            Field::new("caption", &l.t("Bildunterschrift", "Caption"), "string")
                .required()
                .hint(l.t(
                    "Beschreibt das Bild; dient auch als Alternativtext.",
                    "Describes the image; also its alt text.",
                )),
        ],
    )
}

/// The fields of an article.
pub fn article(l: Labels, t: &Terms) -> Vec<Field> {
    let [image, image_alt] = image(l);
    vec![
        title(l, &l.t("Titel", "Title")),
        Field::datetime("date", &l.t("Datum", "Date"))
            .required()
            .with_default(json!("{{now}}"))
            .hint(l.t(
                "Ein Datum in der Zukunft erscheint erst an diesem Tag.",
                "A future date is published on that day.",
            )),
        description(l),
        image,
        image_alt,
        terms(
            "categories",
            &l.t("Rubriken", "Categories"),
            &t.categories,
            l,
        ),
        tags(l),
        terms(
            "authors",
            &l.t("Autorinnen und Autoren", "Authors"),
            &t.authors,
            l,
        ),
        Field::datetime("updated", &l.t("Aktualisiert am", "Updated")),
        Field::new("edition", &l.t("Ausgabe", "Edition"), "string").hint(l.t(
            "Die Ausgabe des Magazins, in der der Beitrag erscheint, z. B. 2026-4 (eine Datei unter Ausgaben).",
            "The magazine edition it appears in, e.g. 2026-4 (an entry under Editions).",
        )),
        Field::int("weight", &l.t("Position in der Ausgabe", "Position in the edition"), None)
            .hint(l.t("Kleinere Zahlen stehen weiter vorn.", "Smaller numbers come first.")),
        gallery(l),
        Field::new("slug", &l.t("URL-Name", "URL name"), "string").hint(l.t(
            "Leer lassen: der Dateiname wird zur Adresse.",
            "Leave empty: the file name becomes the address.",
        )),
        draft(l),
        body(l),
    ]
}

/// The fields of an event.
pub fn event(l: Labels, t: &Terms, timezone: &str) -> Vec<Field> {
    let local = l.t(
        &format!("Ortszeit ({timezone}, oder die Zeitzone unten)."),
        &format!("Local time ({timezone}, or the time zone below)."),
    );
    let [image, image_alt] = image(l);
    vec![
        title(l, &l.t("Titel", "Title")),
        Field::datetime("start", &l.t("Beginn", "Start"))
            .required()
            .hint(local.clone()),
        Field::datetime("end", &l.t("Ende", "End")).hint(local),
        Field::new("all_day", &l.t("Ganztägig", "All day"), "boolean").with_default(json!(false)),
        Field::new("timezone", &l.t("Zeitzone", "Time zone"), "string").hint(l.t(
            &format!("Nur wenn nicht {timezone}, z. B. Europe/Vienna."),
            &format!("Only when not {timezone}, e.g. Europe/London."),
        )),
        location(l),
        Field::url(
            "online_url",
            &l.t("Online-Teilnahme (Link)", "Join online (link)"),
            &l.t("Eine Adresse mit https://", "An address with https://"),
        ),
        registration(l),
        Field::url(
            "poll",
            &l.t("Terminumfrage (Link)", "Date poll (link)"),
            &l.t(
                "Doodle, Nuudel, Termino, Framadate …: eine Adresse mit https://",
                "Doodle, Nuudel, Termino, Framadate …: an address with https://",
            ),
        ),
        Field::new("organizer", &l.t("Veranstalter", "Organizer"), "string"),
        status(l),
        repeat(l),
        description(l),
        image,
        image_alt,
        terms(
            "categories",
            &l.t("Rubriken", "Categories"),
            &t.categories,
            l,
        ),
        tags(l),
        draft(l),
        body(l),
    ]
}

fn location(l: Labels) -> Field {
    let coordinate = |name: &str, label: &str| Field {
        value_type: Some("float"),
        ..Field::new(name, label, "number")
    };
    Field::object(
        "location",
        &l.t("Ort", "Place"),
        vec![
            // Not `required`: Decap would then require it of every event,
            // online ones too; kiez reports an address without a name.
            Field::new("name", &l.t("Name des Orts", "Name of the place"), "string").hint(l.t(
                "Pflicht, wenn ein Ort angegeben ist.",
                "Required when there is a place.",
            )),
            Field::new("address", &l.t("Adresse", "Address"), "string"),
            coordinate("lat", &l.t("Breitengrad", "Latitude")),
            coordinate("lon", &l.t("Längengrad", "Longitude")),
        ],
    )
}

fn registration(l: Labels) -> Field {
    Field::object(
        "registration",
        &l.t("Anmeldung", "Registration"),
        vec![
            Field::url(
                "url",
                &l.t("Link zur Anmeldung", "Registration link"),
                &l.t("Eine Adresse mit https://", "An address with https://"),
            ),
            Field::datetime("deadline", &l.t("Anmeldeschluss", "Deadline")),
        ],
    )
}

fn status(l: Labels) -> Field {
    let options = [
        (EventStatus::Scheduled, "findet statt", "scheduled"),
        (EventStatus::Cancelled, "abgesagt", "cancelled"),
        (EventStatus::Postponed, "verschoben", "postponed"),
        (
            EventStatus::MovedOnline,
            "findet online statt",
            "moved online",
        ),
    ]
    .iter()
    .map(|(status, de, en)| {
        // The value as the loader reads it: the enum's serde name.
        let value = serde_json::to_value(status).expect("enums serialize");
        json!({"label": l.t(de, en), "value": value})
    })
    .collect();
    Field::select("status", &l.t("Status", "Status"), options, false)
}

/// Weekdays as the loader reads them, plain and `1st`…`last`.
pub fn weekday_options(l: Labels) -> Vec<Value> {
    let days = [
        ("monday", "Montag", "Monday"),
        ("tuesday", "Dienstag", "Tuesday"),
        ("wednesday", "Mittwoch", "Wednesday"),
        ("thursday", "Donnerstag", "Thursday"),
        ("friday", "Freitag", "Friday"),
        ("saturday", "Samstag", "Saturday"),
        ("sunday", "Sonntag", "Sunday"),
    ];
    let nths = [
        ("", "jeden", "every"),
        ("1st ", "1.", "1st"),
        ("2nd ", "2.", "2nd"),
        ("3rd ", "3.", "3rd"),
        ("4th ", "4.", "4th"),
        ("last ", "letzten", "last"),
    ];
    let mut options = Vec::new();
    for (nth, nde, nen) in nths {
        for (day, dde, den) in days {
            options.push(json!({
                "label": l.t(&format!("{nde} {dde}"), &format!("{nen} {den}")),
                "value": format!("{nth}{day}"),
            }));
        }
    }
    options
}

fn repeat(l: Labels) -> Field {
    let every = vec![
        json!({"label": l.t("wöchentlich", "weekly"), "value": "week"}),
        json!({"label": l.t("monatlich", "monthly"), "value": "month"}),
    ];
    Field::object(
        "repeat",
        &l.t("Wiederholung", "Repeats"),
        vec![
            // Optional for the same reason; kiez reports a rule without it.
            Field::select("every", &l.t("Rhythmus", "Every"), every, false).hint(l.t(
                "Pflicht für einen wiederkehrenden Termin; leer: findet einmal statt.",
                "Required for a repeating event; empty: it happens once.",
            )),
            Field::int("interval", &l.t("Abstand", "Interval"), Some(1)).hint(l.t(
                "2 = jede zweite Woche bzw. jeden zweiten Monat.",
                "2 = every other week or month.",
            )),
            Field::select(
                "weekday",
                &l.t("Wochentag", "Weekday"),
                weekday_options(l),
                false,
            )
            .hint(l.t(
                "Monatlich: z. B. „2. Dienstag“; wöchentlich: „jeden …“. Leer: wie der Beginn.",
                "Monthly: e.g. “2nd Tuesday”; weekly: “every …”. Empty: as the start.",
            )),
            Field::date("until", &l.t("Bis einschließlich", "Until")),
            Field::int(
                "count",
                &l.t("Anzahl Termine", "Number of meetings"),
                Some(1),
            )
            .hint(l.t("Entweder „bis“ oder Anzahl.", "Either “until” or a number.")),
            Field::list_of(
                "except",
                &l.t("Fällt aus am", "Not on"),
                Field::date("date", &l.t("Datum", "Date")).required(),
            ),
        ],
    )
}

/// The fields of a FAQ answer.
pub fn faq(l: Labels) -> Vec<Field> {
    vec![
        title(l, &l.t("Frage", "Question")),
        Field::int("order", &l.t("Reihenfolge", "Order"), None).hint(l.t(
            "Kleinere Zahlen stehen weiter oben.",
            "Smaller numbers come first.",
        )),
        Field::datetime("updated", &l.t("Zuletzt geprüft", "Last reviewed")),
        tags(l),
        draft(l),
        body(l),
    ]
}

/// The fields of a plain page.
pub fn page(l: Labels) -> Vec<Field> {
    let [image, image_alt] = image(l);
    vec![
        title(l, &l.t("Titel", "Title")),
        description(l),
        Field::int("menu", &l.t("Position im Menü", "Menu position"), None)
            .hint(l.t("Leer: nicht im Menü.", "Empty: not in the menu.")),
        image,
        image_alt,
        draft(l),
        body(l),
    ]
}

/// The fields of a magazine edition (`content/editions/ID.md`).
pub fn edition(l: Labels) -> Vec<Field> {
    let [image, image_alt] = image(l);
    vec![
        title(
            l,
            &l.t(
                "Titel (z. B. Hofblatt 4/2026)",
                "Title (e.g. Newsletter 4/2026)",
            ),
        ),
        Field::date("date", &l.t("Erscheinungsdatum", "Publication date")).required(),
        description(l),
        Field {
            name: "cover".into(),
            ..image
        },
        image_alt,
        draft(l),
        Field::new("body", &l.t("Editorial", "Editorial"), "markdown").required(),
    ]
}

/// The fields of a FAQ category's `_category.yaml`.
pub fn faq_category(l: Labels) -> Vec<Field> {
    vec![
        title(l, &l.t("Titel", "Title")),
        Field::new("description", &l.t("Beschreibung", "Description"), "string"),
        Field::int("order", &l.t("Reihenfolge", "Order"), None),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::matter;

    /// Every key of a kind's struct has a field in its form, or is listed
    /// in `NOT_IN_FORMS` (or is not the kind's: `menu` is for pages,
    /// `gallery` for articles).
    #[test]
    fn every_key_has_a_field_or_a_reason() {
        let l = Labels(Language::De);
        let t = Terms::default();
        let skipped = |k: &str| NOT_IN_FORMS.iter().any(|(n, _)| *n == k);
        let kinds: [(&[&str], Vec<Field>, &[&str]); 5] = [
            (
                matter::EDITION_KEYS,
                edition(l),
                &[
                    "menu",
                    "gallery",
                    "slug",
                    "updated",
                    "tags",
                    "categories",
                    "authors",
                    "image",
                ],
            ),
            (matter::ARTICLE_KEYS, article(l, &t), &["menu"]),
            (
                matter::EVENT_KEYS,
                event(l, &t, "Europe/Berlin"),
                &["menu", "gallery", "slug", "updated", "authors"],
            ),
            (
                matter::FAQ_KEYS,
                faq(l),
                &[
                    "menu",
                    "gallery",
                    "slug",
                    "image",
                    "image_alt",
                    "description",
                    "categories",
                    "authors",
                ],
            ),
            (
                &[],
                page(l),
                &[
                    "gallery",
                    "slug",
                    "updated",
                    "tags",
                    "categories",
                    "authors",
                ],
            ),
        ];
        for (own, fields, not_for_kind) in kinds {
            for key in matter::COMMON_KEYS.iter().chain(own) {
                let has = fields.iter().any(|f| f.name == *key);
                assert!(has || skipped(key) || not_for_kind.contains(key), "{key}");
            }
        }
    }

    #[test]
    fn weekday_options_are_read_by_the_loader() {
        let options = weekday_options(Labels(Language::En));
        assert_eq!(options.len(), 42);
        assert!(options.iter().any(|o| o["value"] == "last friday"));
    }
}
