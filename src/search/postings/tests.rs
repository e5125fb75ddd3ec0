use super::*;

fn postings(docs: impl IntoIterator<Item = u32>, count: usize) -> Postings {
    let mut postings = Postings::default();
    for doc in docs {
        postings.push(doc, Frequency::new(doc % 5, doc % 70));
    }
    postings.finish(count);
    postings
}

/// Every way of storing finds exactly the positions of a scan, with their frequencies.
#[test]
fn lists_and_bitmaps_find_what_a_scan_finds() {
    let cases = [
        (postings((0..1000).map(|i| i * 3), 3000), true),
        (postings((0..100).map(|i| i * 97), 10_000), false),
        // Common among the first documents, rare in the end.
        (postings((0..100).chain([50_000]), 60_000), false),
    ];
    for (postings, dense) in cases {
        assert_eq!(postings.is_dense(), dense);
        let expected: Vec<u32> = postings.positions().collect();
        let mut probe = postings.probe();
        for doc in 0..expected.last().unwrap() + 2 {
            let found = probe.find(doc);
            match expected.binary_search(&doc) {
                Ok(at) => {
                    assert_eq!(found, Probed::At(at), "{doc}");
                    assert_eq!(postings.frequency(at), Frequency::new(doc % 5, doc % 70));
                }
                Err(_) if doc > *expected.last().unwrap() => assert_ne!(found, Probed::At(0), "{doc}"),
                Err(_) => assert_eq!(found, Probed::Missing, "{doc}"),
            }
        }
    }
}

/// Documents appended after `finish` read as if they had been there when it was finished,
/// whether the word keeps a list or a bitmap, and however far the new positions are.
#[test]
fn appended_documents_read_as_if_finished_with_them() {
    for (before, after, count) in [(0..1000u32, 1000..1300u32, 3000), (0..100, 100..230, 10_000)] {
        let docs = || before.clone().map(|d| d * 3).chain(after.clone().map(|d| d * 3 + 200));
        let whole = postings(docs(), docs().last().unwrap() as usize + 1);
        let mut grown = postings(before.clone().map(|d| d * 3), count);
        for doc in after.clone().map(|d| d * 3 + 200) {
            grown.push_after_finish(doc, Frequency::new(doc % 5, doc % 70));
        }
        assert_eq!(grown.len(), whole.len());
        let mut probe = grown.probe();
        for (at, doc) in docs().enumerate() {
            assert_eq!(probe.find(doc), Probed::At(at), "{doc}");
            assert_eq!(grown.frequency(at), Frequency::new(doc % 5, doc % 70));
        }
        assert_eq!(grown.positions().collect::<Vec<_>>(), docs().collect::<Vec<_>>());
        let removed = [0u64, u64::MAX];
        assert_eq!(grown.count_in(&removed), whole.count_in(&removed));
    }
}

#[test]
fn frequencies_saturate_in_one_byte() {
    let f = Frequency::new(7, 200);
    assert_eq!((f.title(), f.body()), (3, 63));
    let f = Frequency::new(1, 2);
    assert_eq!((f.title(), f.body()), (1, 2));
}
