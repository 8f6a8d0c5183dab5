//! Tests of the folding table, per language.

use super::*;

#[test]
fn german_is_spelled_out() {
    assert_eq!(fold("Heizkörper", Rules::German), "heizkoerper");
    assert_eq!(fold("STRAẞE", Rules::German), "strasse");
    assert_eq!(fold("Übergabe", Rules::German), "uebergabe");
}

#[test]
fn other_latin_letters_keep_their_base_letter() {
    let g = Rules::German;
    assert_eq!(fold("Łódź", g), "lodz");
    assert_eq!(fold("Øresund", g), "oresund");
    assert_eq!(fold("Işık", g), "isik");
    assert_eq!(fold("Ğüneş", g), "guenes");
    assert_eq!(fold("français", g), "francais");
    assert_eq!(fold("Ærø", g), "aero");
}

#[test]
fn turkish_dotted_and_dotless_i_are_one_letter() {
    let t = Rules::Turkish;
    for word in ["ISIK", "IŞIK", "İŞİK", "ışık", "isik", "Işık"] {
        assert_eq!(fold(word, t), "isik", "{word}");
    }
    assert_eq!(fold("Güneş", t), "gunes");
    assert_eq!(fold("Görüşme", t), "gorusme");
    assert_eq!(fold("Çöp", t), "cop");
    assert_eq!(fold("Ağaç", t), "agac");
}

#[test]
fn cyrillic_search_folds_the_letters_readers_may_lack() {
    let (uk, ru) = (Rules::Ukrainian, Rules::Russian);
    assert_eq!(fold("Ёлка", ru), "елка");
    assert_eq!(fold("ЗЕЛЁНЫЙ", ru), "зеленый");
    assert_eq!(fold("Ґанок", uk), "ганок");
    assert_eq!(fold("Їжак", uk), "іжак");
    assert_eq!(fold("Європа", uk), "европа");
    assert_ne!(fold("кіт", uk), fold("кит", uk));
}

#[test]
fn arabic_search_drops_harakat_and_tatweel_and_unifies_alef() {
    let a = Rules::Arabic;
    assert_eq!(fold("مَدْرَسَة", a), fold("مدرسه", a));
    assert_eq!(fold("ســـلام", a), "سلام");
    for alef in ["أحمد", "إحمد", "آحمد", "ٱحمد"] {
        assert_eq!(fold(alef, a), "احمد", "{alef}");
    }
    assert_eq!(fold("مستشفى", a), "مستشفي");
    assert_eq!(fold("٢٠٢٦", a), "2026");
    assert_eq!(fold("Heizkörper", a), "heizkoerper");
}

#[test]
fn decomposed_letters_fold_like_composed_ones() {
    assert_eq!(
        fold("Gru\u{308}ße", Rules::German),
        fold("Grüße", Rules::German)
    );
    assert_eq!(fold("Cafe\u{301}", Rules::German), "cafe");
    assert_eq!(fold("Gu\u{308}nes", Rules::Turkish), "gunes");
}

#[test]
fn harakat_do_not_split_words() {
    assert!("مَدْرَسَة".chars().all(is_word_char));
    assert!(!is_word_char(' ') && !is_word_char('،'));
}

#[test]
fn the_browser_table_agrees_with_fold() {
    let table = browser_table("Київ".chars(), Rules::German);
    assert_eq!(table[&'Ł'], "l");
    assert_eq!(table[&'ø'], "o");
    assert_eq!(table[&'Ä'], "ae");
    assert_eq!(table[&'К'], fold("К", Rules::German));
    assert!(!table.contains_key(&'a'));
    let turkish = browser_table([], Rules::Turkish);
    assert_eq!((turkish[&'İ'].as_str(), turkish[&'ı'].as_str()), ("i", "i"));
    assert_eq!(turkish[&'ü'], "u");
    let arabic = browser_table([], Rules::Arabic);
    assert_eq!(arabic[&'أ'], "ا");
    assert_eq!(arabic[&'\u{64e}'], "");
    assert_eq!(arabic[&'\u{640}'], "");
    let ukrainian = browser_table([], Rules::Ukrainian);
    assert_eq!(ukrainian[&'Ї'], "і");
    for (rules, table) in [
        (Rules::Arabic, &arabic),
        (Rules::Ukrainian, &ukrainian),
        (Rules::Turkish, &turkish),
    ] {
        for (c, folded) in table {
            assert_eq!(*folded, fold(&c.to_string(), rules), "{c}");
        }
    }
}
