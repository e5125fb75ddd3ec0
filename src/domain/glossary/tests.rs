use super::*;

#[test]
fn an_acronym_is_spelled_out_at_its_first_use_and_marked_after() {
    let glossary = Glossary::built_in();
    let mut page = glossary.explainer();
    assert_eq!(
        page.html("Le CMP reçoit."),
        "Le CMP (centre médico-psychologique, où l&#39;on consulte près de chez soi) reçoit."
    );
    assert_eq!(
        page.html("Au CMP et au CMP."),
        "Au <abbr title=\"centre médico-psychologique, où l&#39;on consulte près de chez soi\">CMP</abbr> et au <abbr title=\"centre médico-psychologique, où l&#39;on consulte près de chez soi\">CMP</abbr>."
    );
}

#[test]
fn words_that_merely_contain_or_resemble_a_term_are_left_alone() {
    let glossary = Glossary::built_in();
    let mut page = glossary.explainer();
    let text = "Le programme GREMO-PASS du service, un gem, CMPS et DUT.";
    assert_eq!(
        page.html(text),
        "Le programme GREMO-PASS du service, un gem, CMPS et DUT."
    );
}

#[test]
fn an_acronym_the_text_spells_out_itself_is_only_marked() {
    let glossary = Glossary::built_in();
    let mut page = glossary.explainer();
    assert_eq!(
        page.html("thérapie comportementale dialectique (TCD)"),
        "thérapie comportementale dialectique (<abbr title=\"thérapie comportementale dialectique\">TCD</abbr>)"
    );
}

#[test]
fn a_phrase_links_to_its_entry_once_whatever_its_case() {
    let glossary = Glossary::built_in();
    let mut page = glossary.explainer();
    assert_eq!(
        page.html("Réhabilitation psychosociale et rétablissement ; le rétablissement."),
        "<a href=\"/glossaire#rehabilitation-psychosociale\" class=\"glossary-link\">Réhabilitation psychosociale</a> et <a href=\"/glossaire#retablissement\" class=\"glossary-link\">rétablissement</a> ; le rétablissement."
    );
}

#[test]
fn the_text_around_the_terms_is_escaped() {
    let glossary = Glossary::with_overrides(vec![("A<B".into(), "x \"y\" & <z>".into())]);
    let mut page = glossary.explainer();
    assert_eq!(
        page.html("<script>alert('MSP')</script> A<B et A<B"),
        "&lt;script&gt;alert(&#39;MSP (médiateur ou médiatrice de santé-pair)&#39;)&lt;/script&gt; A&lt;B (x &quot;y&quot; &amp; &lt;z&gt;) et <abbr title=\"x &quot;y&quot; &amp; &lt;z&gt;\">A&lt;B</abbr>"
    );
}

#[test]
fn the_ccoms_corrects_a_term_and_adds_one() {
    let glossary = Glossary::with_overrides(vec![
        ("TCD".into(), "troubles cognitifs et du développement".into()),
        ("UMD".into(), "unité pour malades difficiles".into()),
    ]);
    let tcd = glossary.find("TCD").expect("kept");
    assert_eq!(
        (tcd.meaning.as_str(), tcd.edited),
        ("troubles cognitifs et du développement", true)
    );
    assert!(glossary.find("UMD").is_some_and(|t| t.edited));
    assert_eq!(glossary.terms().len(), BUILT_IN.len() + 1);
    let folded: Vec<String> = glossary
        .terms()
        .iter()
        .map(|t| crate::domain::text::fold(&t.term))
        .collect();
    let mut sorted = folded.clone();
    sorted.sort();
    assert_eq!(folded, sorted, "alphabetical");
}

#[test]
fn the_list_holds_the_acronyms_of_the_issue_and_no_term_twice() {
    let glossary = Glossary::built_in();
    for term in [
        "TCD", "REVIM", "NECT", "BREF", "EDEN", "TCA", "CMP", "CATTP", "HDJ", "ETP", "MSP", "DU", "ARS",
    ] {
        assert!(glossary.find(term).is_some(), "{term}");
    }
    let mut names: Vec<&str> = BUILT_IN.iter().map(|(t, _)| *t).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), BUILT_IN.len());
}

#[test]
fn an_entry_is_checked_with_a_message_per_field() {
    assert_eq!(
        check_entry(" UMD ", " unité  pour\nmalades "),
        Ok(("UMD".into(), "unité pour malades".into()))
    );
    assert_eq!(check_entry("", "x").unwrap_err().field, "terme");
    assert_eq!(check_entry("UMD", "  ").unwrap_err().field, "definition");
    assert_eq!(check_entry("UMD", &"x".repeat(201)).unwrap_err().field, "definition");
}
