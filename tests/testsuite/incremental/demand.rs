//! The dev server serves from the start: files asked for while its first
//! build runs are answered by that build (`Reuse::answer_demands`), pages
//! rendered at once. Each answer must be the file the build makes of
//! that path; what it cannot answer early (feeds, other languages) it
//! leaves for the server to wait for.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use kiez::incremental::{Demand, Found};
use kiez::Reuse;

use super::{copy_dir, output, Output};

/// Output path → what the build answered for it.
type Answers = Arc<Mutex<BTreeMap<String, Option<Found>>>>;

#[test]
fn files_asked_for_during_the_first_build_are_the_files_it_makes() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_dir(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site"),
        &site,
    );
    let mut opts = kiez::BuildOptions::new(&site).unwrap();
    opts.now = chrono::DateTime::from_timestamp(crate::harness::NOW.parse().unwrap(), 0).unwrap();
    opts.cache = Some(dir.path().join("cache"));
    let fresh: Output = output(kiez::generate(&opts, &mut Reuse::default()).unwrap());

    // Every path is asked for before the build starts, as a browser may.
    let answers = Answers::default();
    let (demands, received) = std::sync::mpsc::channel();
    let missing = ["nope/index.html", "articles/nope/index.html"];
    let asked = fresh.keys().map(String::as_str).chain(missing);
    for path in asked {
        let answers = Arc::clone(&answers);
        let key = path.to_string();
        let answer = Box::new(move |found| drop(answers.lock().unwrap().insert(key, found)));
        let path = path.to_string();
        demands.send(Demand { path, answer }).unwrap();
    }
    let mut reuse = Reuse::between_builds(true);
    reuse.answer_demands(received);
    let keep = kiez::util::artifact::Sink::keep();
    kiez::generate_with(&opts, &mut reuse, &mut |_| (), &keep).unwrap();

    let answers = answers.lock().unwrap();
    assert_eq!(
        answers.len(),
        fresh.len() + missing.len(),
        "every demand answered"
    );
    let other_language = |path: &str| {
        ["en/", "tr/", "uk/", "ar/"]
            .iter()
            .any(|p| path.starts_with(p))
    };
    let (mut pages, mut copies) = (0, 0);
    for (path, made) in &fresh {
        let answer = &answers[path];
        match (answer, made) {
            (Some(Found::Page(file) | Found::File(file)), Ok(bytes)) => {
                assert_eq!(file.path, *path);
                assert!(
                    file.bytes[..] == bytes[..],
                    "{path} answered with other bytes than built"
                );
                pages += usize::from(path.ends_with(".html"));
            }
            (Some(Found::Copy(copy)), Err(from)) => {
                assert_eq!((&copy.to, &copy.from), (path, from));
                copies += 1;
            }
            (Some(found), _) => panic!("{path} answered as {found:?}, built as {made:?}"),
            // Feeds, the sitemap and the like wait for the build, and
            // so do share images and other languages' files.
            (None, _) => assert!(
                !(path.ends_with(".html") || made.is_err())
                    || other_language(path)
                    || path.starts_with("social/"),
                "{path} is made by the build but was not answered"
            ),
        }
    }
    for path in missing {
        assert!(answers[path].is_none(), "{path} does not exist");
    }
    assert!(
        pages > 100 && copies > 5,
        "{pages} pages and {copies} copies answered"
    );
    for path in [
        "index.html",
        "articles/index.html",
        "tags/aufzug/index.html",
    ] {
        assert!(matches!(answers[path], Some(Found::Page(_))), "{path}");
    }
    assert!(matches!(answers["kiez.css"], Some(Found::File(_))));
}
