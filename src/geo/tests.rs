use super::*;
use crate::domain::geo::parse_place;
use crate::domain::geo::territory;

fn resolve(text: &str) -> Resolution {
    communes().resolve(&parse_place(text).unwrap().unwrap())
}

fn found(text: &str) -> Place {
    match resolve(text) {
        Resolution::Found(place) => place,
        other => panic!("{text}: {other:?}"),
    }
}

#[test]
fn every_commune_of_the_101_departements_is_there_with_coordinates() {
    let table = communes();
    assert!(table.len() > 34_800, "{}", table.len());
    for d in territory::DEPARTEMENTS {
        assert!(table.all().iter().any(|c| c.departement == d.code), "{}", d.code);
    }
    for c in table.all() {
        let departement = territory::departement(c.departement).expect("a known département");
        assert_eq!(departement.region_code, c.region, "{}", c.code);
        assert!(c.postal_codes().all(|p| p.len() == 5), "{}", c.code);
        // Mainland and Corsica, or the overseas départements' latitudes.
        let lat = c.point.lat();
        assert!(
            (41.0..51.5).contains(&lat) || (-21.5..18.5).contains(&lat),
            "{} {lat}",
            c.code
        );
    }
}

#[test]
fn a_postal_code_of_one_commune() {
    let place = found("67000");
    assert_eq!(place.commune.name, "Strasbourg");
    assert_eq!(place.label, "Strasbourg (67000)");
}

#[test]
fn a_postal_code_shared_by_several_communes_is_measured_from_the_largest() {
    let shared = communes().with_postal_code("73000");
    assert!(shared.len() > 1, "{shared:?}");
    let place = found("73000");
    assert_eq!(place.commune, shared[0]);
    assert!(shared.iter().all(|c| c.population <= place.commune.population));
    assert!(
        place.label.starts_with(&format!("73000 ({} et ", place.commune.name)),
        "{}",
        place.label
    );
    // With the name, the exact commune.
    let other = shared[1];
    assert_eq!(found(&other.label()).commune, other);
}

#[test]
fn names_are_found_whatever_the_accents_and_case() {
    assert_eq!(found("CHAMBERY").commune.code, "73065");
    assert_eq!(found("st etienne").commune.code, "42218");
    assert_eq!(found("paris").commune.postal_codes().count(), 21);
}

#[test]
fn an_ambiguous_name_lists_its_communes_largest_first() {
    let Resolution::Choices { communes: choices, .. } = resolve("Saint-Denis") else {
        panic!("Saint-Denis is ambiguous");
    };
    assert_eq!(choices[0].code, "97411", "Saint-Denis de La Réunion is the largest");
    assert!(choices.iter().any(|c| c.code == "93066"));
    assert_eq!(found("Saint-Denis (93200)").commune.code, "93066");
}

#[test]
fn unknown_places_say_so() {
    assert!(matches!(resolve("99999"), Resolution::Unknown(e) if e.field == "lieu"));
    assert!(matches!(resolve("Xyzzyville"), Resolution::Unknown(_)));
    assert!(matches!(resolve("Chambér"), Resolution::Choices { .. }));
}

#[test]
fn overseas_departements_are_placed() {
    let mamoudzou = found("97600").commune;
    assert_eq!(
        (mamoudzou.name, mamoudzou.departement, mamoudzou.region),
        ("Mamoudzou", "976", "06")
    );
    let cayenne = found("Cayenne").commune;
    assert_eq!(cayenne.departement, "973");
    let pointe_a_pitre = found("pointe a pitre").commune;
    assert!(pointe_a_pitre.point.distance_km(cayenne.point) > 1000.0);
}

#[test]
fn establishments_are_located_by_postal_code_and_name() {
    let table = communes();
    assert_eq!(table.locate("73000", "Chambéry", "73").unwrap().code, "73065");
    assert_eq!(table.locate("00000", "Chambéry", "73").unwrap().code, "73065");
    assert_eq!(table.locate("75015", "Paris 15e", "75").unwrap().code, "75056");
    assert_eq!(table.locate("00000", "Nulle part", "73"), None);
}

#[test]
fn suggestions_by_name_or_postal_code() {
    let table = communes();
    assert_eq!(table.suggest("chamb", 5)[0].name, "Chambéry");
    assert!(
        table
            .suggest("730", 10)
            .iter()
            .all(|c| c.postal_codes().any(|p| p.starts_with("730")))
    );
    assert!(table.suggest("c", 5).is_empty());
}
