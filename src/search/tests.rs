//! The generic index on a small collection that is not offers: what it finds, how it ranks,
//! and that accents and inflections meet through the analyzer's stems.

use super::{Best, TextIndex, TextIndexBuilder};
use crate::domain::text::{analyze, index_terms};

/// A document of another collection: a fiche of the library, say, known by its name.
fn library() -> TextIndex<&'static str> {
    let mut builder = TextIndexBuilder::default();
    for (name, title, body) in [
        (
            "mediatrice",
            "La médiatrice de santé-pair",
            "Son rôle en psychiatrie adulte.",
        ),
        (
            "rehabilitation",
            "Réhabilitation psychosociale",
            "Les médiateurs dans les équipes.",
        ),
        ("psychose", "Vivre avec une psychose", "Témoignages et ressources."),
        (
            "secteur",
            "Le secteur psychiatrique",
            "Organisation des soins, rôle du médiateur.",
        ),
    ] {
        builder.add(name, &index_terms([title]), &index_terms([body]));
    }
    builder.finish()
}

fn names(found: &[(&&'static str, f64)]) -> Vec<&'static str> {
    found.iter().map(|(name, _)| **name).collect()
}

#[test]
fn every_word_must_be_there_whatever_its_accents_and_ending() {
    let index = library();
    let (found, total) = index.search(&analyze("MEDIATEURS psychiatrie"), 10);
    assert_eq!(names(&found), ["secteur"], "« médiateur » and « psychiatrique »");
    assert_eq!(total, 1);
    let (found, _) = index.search(&analyze("médiateur"), 10);
    assert_eq!(
        names(&found),
        ["rehabilitation", "secteur"],
        "« médiateurs » and « médiateur »"
    );
}

#[test]
fn a_word_no_document_holds_finds_nothing() {
    let index = library();
    assert_eq!(index.search(&analyze("médiateur addictologie"), 10).1, 0);
    assert_eq!(index.search(&analyze("addictologie"), 10).1, 0);
}

#[test]
fn the_title_weighs_more_than_the_body_and_the_count_covers_every_match() {
    let index = library();
    let (found, total) = index.search(&analyze("psychiatrique"), 1);
    assert_eq!(total, 2, "every match is counted, the page holds one");
    assert_eq!(names(&found), ["secteur"], "in its title");
    let (found, _) = index.search(&analyze("psychiatrique"), 10);
    assert_eq!(names(&found), ["secteur", "mediatrice"]);
    assert!(found[0].1 > found[1].1);
}

#[test]
fn without_words_every_document_matches_in_the_order_they_were_added() {
    let index = library();
    let (found, total) = index.search(&[], 10);
    assert_eq!(total, 4);
    assert_eq!(names(&found), ["mediatrice", "rehabilitation", "psychose", "secteur"]);
    let mut within = Vec::new();
    index.matches(&[], Some(&[1, 3]), |doc, _| within.push(doc));
    assert_eq!(within, [1, 3]);
}

#[test]
fn a_short_hint_drives_the_walk_and_a_long_one_does_not() {
    let index = library();
    let walk = |within: &[u32]| {
        let mut found = Vec::new();
        index.matches(&analyze("médiateur"), Some(within), |doc, _| found.push(doc));
        found
    };
    assert_eq!(walk(&[3]), [3]);
    assert_eq!(
        walk(&[0, 2, 3]),
        [1, 3],
        "the word's two documents are the shorter walk"
    );
    assert_eq!(walk(&[0]), Vec::<u32>::new(), "« médiatrice » is another stem");
}

#[test]
fn an_empty_index_finds_nothing() {
    let index: TextIndex<()> = TextIndex::empty();
    assert!(index.is_empty());
    assert_eq!(index.search(&analyze("médiateur"), 10).1, 0);
}

#[test]
fn the_best_keeps_the_first_in_order_and_counts_them_all() {
    let mut best = Best::new(3);
    for n in [5, 1, 9, 3, 7, 2] {
        best.offer(n);
    }
    assert_eq!(best.finish(), (vec![1, 2, 3], 6));
}

/// The documents matching a search's expanded words (`domain::query_words`), best first.
fn ranked(index: &TextIndex<&'static str>, text: &str) -> Vec<&'static str> {
    let groups = crate::domain::query_words::expand(&analyze(text), index);
    let mut found = Vec::new();
    index.matches_groups(&groups, None, |doc, score| found.push((doc, score)));
    found.sort_by(|a, b| b.1.total_cmp(&a.1));
    found.into_iter().map(|(doc, _)| index.docs()[doc as usize]).collect()
}

#[test]
fn an_exact_word_ranks_above_a_related_form_a_prefix_above_a_typo() {
    let mut builder = TextIndexBuilder::default();
    // Same lengths and frequencies everywhere: only the kind of match differs.
    for (name, title) in [
        ("related", "psychotique"),
        ("exact", "psychose"),
        ("typo", "ecu"),
        ("prefix", "écoute"),
        ("other", "logement"),
    ] {
        builder.add(name, &index_terms([title]), &index_terms(["un texte commun"]));
    }
    let index = builder.finish();
    assert_eq!(ranked(&index, "psychose"), ["exact", "related"]);
    assert_eq!(ranked(&index, "psychotiques"), ["related", "exact"]);
    assert_eq!(ranked(&index, "ecou"), ["prefix", "typo"]);
    // Every word still required: each group is one word.
    assert_eq!(ranked(&index, "psychose texte"), ["exact", "related"]);
    assert!(ranked(&index, "psychose xylophone").is_empty());
    assert_eq!(ranked(&index, "texte").len(), 5, "the single-stem path");
}

/// A collection of `count` documents where « commun » is in most, « moyen » in some, with few
/// distinct lengths and counts so that many scores tie.
fn common_words(count: u32) -> TextIndex<u32> {
    let mut builder = TextIndexBuilder::default();
    for doc in 0..count {
        let repeat = |word: &str, times: u32| vec![word; times as usize].join(" ");
        let title = format!(
            "{} {}",
            repeat("commun", doc * 7 % 3),
            repeat("moyen", u32::from(doc % 5 == 0))
        );
        let body = format!("{} {}", repeat("commun", doc * 13 % 4), repeat("autre", doc * 11 % 6));
        builder.add(doc, &title, &body);
    }
    builder.finish()
}

#[test]
fn the_best_skipping_blocks_are_the_best_of_every_match_among_the_admitted() {
    let index = common_words(3000);
    for terms in [
        vec!["commun"],
        vec!["commun", "moyen"],
        vec!["moyen"],
        vec!["commun", "absent"],
    ] {
        let terms: Vec<String> = terms.into_iter().map(str::to_string).collect();
        for (admitted, limit) in [(1, 20), (3, 20), (7, 45), (1, 1)] {
            let admits = |doc: u32| doc.is_multiple_of(admitted);
            // Newer last: the tie-break favours the later documents, as the board's recency does.
            let tie = |doc: u32| admits(doc).then_some(u32::MAX - doc);
            let mut every = Vec::new();
            index.matches(&terms, None, |doc, score| {
                if let Some(tie) = tie(doc) {
                    every.push(super::Hit { score, tie, doc });
                }
            });
            let count = every.len() as u64;
            every.sort();
            every.truncate(limit);
            let best: Vec<u32> = index.best(&terms, limit, tie).iter().map(|hit| hit.doc).collect();
            assert_eq!(
                best,
                every.iter().map(|hit| hit.doc).collect::<Vec<_>>(),
                "{terms:?} {admitted}"
            );
            assert_eq!(index.count(&terms, admits), count, "{terms:?} {admitted}");
        }
    }
}

/// What a document added after `finish` must do (the board's index updated in place): push its
/// postings and raise their bounds, or pruning could skip it.
#[test]
fn a_document_added_after_finish_raises_its_blocks_bound() {
    use super::postings::Postings;
    let index = common_words(640);
    let mut postings = Postings::default();
    for doc in (0..640).filter(|doc| doc % 3 == 0) {
        postings.push(doc, super::Frequency::new(0, 1));
    }
    postings.finish(640);
    for doc in (0..640).filter(|doc| doc % 3 == 0) {
        postings.raise_bound(doc, index.impact(doc, super::Frequency::new(0, 1)));
    }
    let before = postings.block_bound(9);
    assert!(before > 0.0 && postings.block_bound(10) < 21.5);
    postings.push(700, super::Frequency::new(3, 9));
    postings.raise_bound(700, 21.5);
    assert_eq!(postings.block_bound(9), before, "a block left as it was");
    assert!(postings.block_bound(10) >= 21.5, "the new document's block");
}

/// A collection whose words are common, rare, common early and rare late, or first seen late:
/// every shape a word's postings take, and every change between them while building.
fn varied_documents(count: u32) -> Vec<(u32, String, String)> {
    (0..count)
        .map(|doc| {
            let mut body: Vec<String> = (0..40u32)
                .filter(|k| (doc * 7 + k * 13) % (k + 2) == 0)
                .map(|k| format!("mot{k}"))
                .collect();
            if doc < 100 {
                body.push("debut".into());
            }
            if doc > 1500 && doc % 3 == 0 {
                body.push("tardif".into());
            }
            body.extend((0..doc % 5).map(|_| format!("rare{}", doc % 97)));
            (doc, format!("titre{} mot{}", doc % 11, doc % 3), body.join(" "))
        })
        .collect()
}

/// A builder of these documents, in their order.
fn part(documents: &[(u32, String, String)]) -> TextIndexBuilder<u32> {
    let mut builder = TextIndexBuilder::default();
    for (doc, title, body) in documents {
        builder.add(*doc, title, body);
    }
    builder
}

/// Every stem's postings, the lengths and the documents, as compared between two builds.
fn assert_same(a: &TextIndex<u32>, b: &TextIndex<u32>, case: &str) {
    assert_eq!(a.docs, b.docs, "{case}");
    assert_eq!(a.vocabulary, b.vocabulary, "{case}");
    assert_eq!((&a.title_norm, &a.body_norm), (&b.title_norm, &b.body_norm), "{case}");
    for term in &a.vocabulary {
        let (p, q) = (&a.terms[term], &b.terms[term]);
        assert_eq!(
            p.positions().collect::<Vec<_>>(),
            q.positions().collect::<Vec<_>>(),
            "{case} {term}"
        );
        let frequencies = |p: &super::Postings| (0..p.len()).map(|i| p.frequency(i)).collect::<Vec<_>>();
        assert_eq!(frequencies(p), frequencies(q), "{case} {term}");
        assert_eq!((p.is_dense(), p.bytes()), (q.is_dense(), q.bytes()), "{case} {term}");
    }
}

#[test]
fn parts_built_apart_and_appended_in_order_make_the_index_built_at_once() {
    let documents = varied_documents(4_000);
    let whole = part(&documents).finish();
    assert!(whole.terms.values().any(|p| p.is_dense()) && whole.terms.values().any(|p| !p.is_dense()));
    for cuts in [vec![2_000], vec![1, 700], vec![0, 90, 1_501, 3_999], vec![4_000]] {
        let mut bounds = vec![0];
        bounds.extend(&cuts);
        bounds.push(documents.len());
        let mut parts = bounds.windows(2).map(|w| part(&documents[w[0]..w[1]]));
        let mut joined = parts.next().expect("a first part");
        parts.for_each(|p| joined.append(p));
        let joined = joined.finish();
        assert_same(&joined, &whole, &format!("cut at {cuts:?}"));
        let (found, total) = joined.search(&["mot3".into(), "debut".into()], 10);
        assert_eq!((found, total), whole.search(&["mot3".into(), "debut".into()], 10));
    }
}
