//! Parsing a search: filters, places, pages and what a saved search keeps.

use super::*;

fn parse(pairs: &[(&str, &str)]) -> Result<OfferQuery, FieldError> {
    let mut raw = RawOfferQuery::default();
    for (key, value) in pairs {
        let value = Some(value.to_string());
        match *key {
            "q" => raw.q = value,
            "region" => raw.region = value,
            "departement" => raw.departement = value,
            "quotite" => raw.quotite = value,
            "parcours" => raw.parcours = value,
            "lieu" => raw.lieu = value,
            "lieu_texte" => raw.lieu_texte = value,
            "rayon" => raw.rayon = value,
            "page" => raw.page = value,
            _ => unreachable!(),
        }
    }
    OfferQuery::try_from(raw)
}

#[test]
fn an_empty_form_is_the_first_page_of_everything() {
    let query = parse(&[("q", " "), ("region", ""), ("page", "")]).unwrap();
    assert_eq!(
        query,
        OfferQuery {
            page: 1,
            ..Default::default()
        }
    );
}

#[test]
fn valid_filters_are_kept() {
    let query = parse(&[
        ("q", "Médiateurs"),
        ("region", "44"),
        ("departement", "2A"),
        ("quotite", "mi_temps"),
        ("parcours", "bordeaux"),
        ("page", "3"),
    ])
    .unwrap();
    assert_eq!(query.terms, text::analyze("mediateur"));
    assert_eq!(query.region.unwrap().name, "Grand Est");
    assert_eq!(query.departement.unwrap().name, "Corse-du-Sud");
    assert_eq!(query.quotite, Some(Quotite::MiTemps));
    assert_eq!(query.track, Some(Track::Bordeaux));
    assert_eq!(query.offset(), 2 * PER_PAGE);
    assert_eq!(query.past_the_last_page(u64::from(PER_PAGE) * 3), None);
    assert_eq!(query.past_the_last_page(u64::from(PER_PAGE) * 2 + 1), None);
    assert_eq!(query.past_the_last_page(u64::from(PER_PAGE) * 2), Some(2));
    assert_eq!(query.past_the_last_page(1), Some(1));
    assert_eq!(query.past_the_last_page(0), Some(1));
    assert_eq!(last_page(0), 1);
}

#[test]
fn each_bad_parameter_is_named() {
    for (key, value) in [
        ("region", "99"),
        ("departement", "20"),
        ("quotite", "plein"),
        ("parcours", "lyon"),
        ("page", "abc"),
        ("page", "0"),
        ("page", "-1"),
        ("rayon", "abc"),
        ("rayon", "-5"),
        ("lieu", "99999"),
        ("lieu", "1234"),
    ] {
        let error = parse(&[(key, value)]).unwrap_err();
        assert_eq!(error.field, key, "{key}={value}");
    }
    assert_eq!(parse(&[("q", &"x".repeat(201))]).unwrap_err().field, "q");
}

#[test]
fn a_place_gives_a_search_around_it_50_km_unless_told() {
    let query = parse(&[("lieu", "chambery")]).unwrap();
    let near = query.near.unwrap();
    assert_eq!((near.place.commune.code, near.radius_km), ("73065", 50));
    let query = parse(&[("lieu", "73000"), ("rayon", "10")]).unwrap();
    assert_eq!(query.near.unwrap().radius_km, 10);
    // The form always sends a radius: alone, it filters nothing.
    assert_eq!(parse(&[("rayon", "25")]).unwrap().near, None);
}

#[test]
fn an_ambiguous_place_asks_to_choose() {
    let query = parse(&[("lieu", "Saint-Denis")]).unwrap();
    assert_eq!(query.near, None);
    assert!(query.place_choices.unwrap().communes.len() > 1);
}

#[test]
fn the_canonical_form_keeps_the_filters_in_order_without_the_page() {
    let raw = RawOfferQuery {
        rayon: Some("25".into()),
        q: Some(" psychose ".into()),
        page: Some("3".into()),
        lieu: Some("Chambéry".into()),
        region: Some(String::new()),
        ..Default::default()
    };
    assert_eq!(raw.canonical(), "q=psychose&lieu=Chamb%C3%A9ry&rayon=25");
    let no_place = RawOfferQuery {
        rayon: Some("25".into()),
        ..Default::default()
    };
    assert_eq!(no_place.canonical(), "");
    let query = OfferQuery::try_from(raw).unwrap();
    assert_eq!(query.describe(), "« psychose », à 25 km de Chambéry (73000)");
}

#[test]
fn a_place_is_named_with_its_preposition() {
    for (lieu, said) in [
        ("Annecy", "À 50 km d'Annecy (74000)"),
        ("72000", "À 50 km du Mans (72000)"),
    ] {
        let query = parse(&[("lieu", lieu)]).unwrap();
        assert_eq!(query.describe(), said);
    }
}

#[test]
fn a_town_typed_with_the_words_is_searched_around() {
    let query = parse(&[("q", "psychose Lyon"), ("rayon", "25")]).unwrap();
    let near = query.near.as_ref().unwrap();
    assert_eq!((near.place.label.as_str(), near.radius_km), ("Lyon (69)", 25));
    assert_eq!(query.terms, text::analyze("psychose"));
    assert_eq!(query.place_in_text.as_deref(), Some("Lyon"));
    assert_eq!(query.describe(), "« psychose », à 25 km de Lyon (69)");
    let typed = RawOfferQuery {
        q: Some("psychose Lyon".into()),
        rayon: Some("25".into()),
        ..Default::default()
    };
    assert_eq!(typed.canonical(), "q=psychose+Lyon&rayon=25", "the radius counts");
    // Asked not to: the town is a word like the others, and the saved search says so.
    let raw = RawOfferQuery {
        q: Some("psychose Lyon".into()),
        lieu_texte: Some("non".into()),
        ..Default::default()
    };
    assert_eq!(raw.canonical(), "q=psychose+Lyon&lieu_texte=non");
    let query = OfferQuery::try_from(raw).unwrap();
    assert_eq!((query.near, query.place_in_text), (None, None));
    assert_eq!(query.terms, text::analyze("psychose Lyon"));
}

#[test]
fn the_place_field_wins_over_a_town_among_the_words() {
    let query = parse(&[("q", "Lyon"), ("lieu", "73000")]).unwrap();
    assert_eq!(query.near.unwrap().place.commune.code, "73065");
    assert_eq!(query.place_in_text, None);
    assert_eq!(query.terms, text::analyze("Lyon"));
    let words = parse(&[("q", "Bordeaux")]).unwrap();
    assert_eq!((words.near, words.terms), (None, text::analyze("bordeaux")));
}
