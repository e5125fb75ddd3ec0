//! French regions and départements (INSEE codes), the geography the board filters on.
//!
//! Codes and names are those of the INSEE Code officiel géographique 2024: 18 regions (13 in
//! mainland France and Corsica, 5 overseas) and 101 départements. Names use a plain straight
//! apostrophe (').

/// A French region: INSEE code ("11", "84", "04"…) and name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Region {
    pub code: &'static str,
    pub name: &'static str,
}

/// A French département: INSEE code ("01", "2A", "974"…), name and the code of its region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Departement {
    pub code: &'static str,
    pub name: &'static str,
    pub region_code: &'static str,
}

impl Departement {
    /// The region this département belongs to.
    pub fn region(&self) -> Option<&'static Region> {
        region(self.region_code)
    }
}

const fn r(code: &'static str, name: &'static str) -> Region {
    Region { code, name }
}

const fn d(code: &'static str, name: &'static str, region_code: &'static str) -> Departement {
    Departement {
        code,
        name,
        region_code,
    }
}

/// The 18 regions, in French alphabetical order of their names.
pub const REGIONS: &[Region] = &[
    r("84", "Auvergne-Rhône-Alpes"),
    r("27", "Bourgogne-Franche-Comté"),
    r("53", "Bretagne"),
    r("24", "Centre-Val de Loire"),
    r("94", "Corse"),
    r("44", "Grand Est"),
    r("01", "Guadeloupe"),
    r("03", "Guyane"),
    r("32", "Hauts-de-France"),
    r("11", "Île-de-France"),
    r("04", "La Réunion"),
    r("02", "Martinique"),
    r("06", "Mayotte"),
    r("28", "Normandie"),
    r("75", "Nouvelle-Aquitaine"),
    r("76", "Occitanie"),
    r("52", "Pays de la Loire"),
    r("93", "Provence-Alpes-Côte d'Azur"),
];

/// The 101 départements, in INSEE code order ("19", "2A", "2B", "21"…, then overseas).
pub const DEPARTEMENTS: &[Departement] = &[
    d("01", "Ain", "84"),
    d("02", "Aisne", "32"),
    d("03", "Allier", "84"),
    d("04", "Alpes-de-Haute-Provence", "93"),
    d("05", "Hautes-Alpes", "93"),
    d("06", "Alpes-Maritimes", "93"),
    d("07", "Ardèche", "84"),
    d("08", "Ardennes", "44"),
    d("09", "Ariège", "76"),
    d("10", "Aube", "44"),
    d("11", "Aude", "76"),
    d("12", "Aveyron", "76"),
    d("13", "Bouches-du-Rhône", "93"),
    d("14", "Calvados", "28"),
    d("15", "Cantal", "84"),
    d("16", "Charente", "75"),
    d("17", "Charente-Maritime", "75"),
    d("18", "Cher", "24"),
    d("19", "Corrèze", "75"),
    d("2A", "Corse-du-Sud", "94"),
    d("2B", "Haute-Corse", "94"),
    d("21", "Côte-d'Or", "27"),
    d("22", "Côtes-d'Armor", "53"),
    d("23", "Creuse", "75"),
    d("24", "Dordogne", "75"),
    d("25", "Doubs", "27"),
    d("26", "Drôme", "84"),
    d("27", "Eure", "28"),
    d("28", "Eure-et-Loir", "24"),
    d("29", "Finistère", "53"),
    d("30", "Gard", "76"),
    d("31", "Haute-Garonne", "76"),
    d("32", "Gers", "76"),
    d("33", "Gironde", "75"),
    d("34", "Hérault", "76"),
    d("35", "Ille-et-Vilaine", "53"),
    d("36", "Indre", "24"),
    d("37", "Indre-et-Loire", "24"),
    d("38", "Isère", "84"),
    d("39", "Jura", "27"),
    d("40", "Landes", "75"),
    d("41", "Loir-et-Cher", "24"),
    d("42", "Loire", "84"),
    d("43", "Haute-Loire", "84"),
    d("44", "Loire-Atlantique", "52"),
    d("45", "Loiret", "24"),
    d("46", "Lot", "76"),
    d("47", "Lot-et-Garonne", "75"),
    d("48", "Lozère", "76"),
    d("49", "Maine-et-Loire", "52"),
    d("50", "Manche", "28"),
    d("51", "Marne", "44"),
    d("52", "Haute-Marne", "44"),
    d("53", "Mayenne", "52"),
    d("54", "Meurthe-et-Moselle", "44"),
    d("55", "Meuse", "44"),
    d("56", "Morbihan", "53"),
    d("57", "Moselle", "44"),
    d("58", "Nièvre", "27"),
    d("59", "Nord", "32"),
    d("60", "Oise", "32"),
    d("61", "Orne", "28"),
    d("62", "Pas-de-Calais", "32"),
    d("63", "Puy-de-Dôme", "84"),
    d("64", "Pyrénées-Atlantiques", "75"),
    d("65", "Hautes-Pyrénées", "76"),
    d("66", "Pyrénées-Orientales", "76"),
    d("67", "Bas-Rhin", "44"),
    d("68", "Haut-Rhin", "44"),
    d("69", "Rhône", "84"),
    d("70", "Haute-Saône", "27"),
    d("71", "Saône-et-Loire", "27"),
    d("72", "Sarthe", "52"),
    d("73", "Savoie", "84"),
    d("74", "Haute-Savoie", "84"),
    d("75", "Paris", "11"),
    d("76", "Seine-Maritime", "28"),
    d("77", "Seine-et-Marne", "11"),
    d("78", "Yvelines", "11"),
    d("79", "Deux-Sèvres", "75"),
    d("80", "Somme", "32"),
    d("81", "Tarn", "76"),
    d("82", "Tarn-et-Garonne", "76"),
    d("83", "Var", "93"),
    d("84", "Vaucluse", "93"),
    d("85", "Vendée", "52"),
    d("86", "Vienne", "75"),
    d("87", "Haute-Vienne", "75"),
    d("88", "Vosges", "44"),
    d("89", "Yonne", "27"),
    d("90", "Territoire de Belfort", "27"),
    d("91", "Essonne", "11"),
    d("92", "Hauts-de-Seine", "11"),
    d("93", "Seine-Saint-Denis", "11"),
    d("94", "Val-de-Marne", "11"),
    d("95", "Val-d'Oise", "11"),
    d("971", "Guadeloupe", "01"),
    d("972", "Martinique", "02"),
    d("973", "Guyane", "03"),
    d("974", "La Réunion", "04"),
    d("976", "Mayotte", "06"),
];

/// The region with this INSEE code, if any.
pub fn region(code: &str) -> Option<&'static Region> {
    REGIONS.iter().find(|r| r.code == code)
}

/// The département with this INSEE code ("67", "2A", "974"), if any.
pub fn departement(code: &str) -> Option<&'static Departement> {
    DEPARTEMENTS.iter().find(|d| d.code == code)
}

/// The départements of a region, in code order; none for an unknown region code.
pub fn departements_of(region_code: &str) -> impl Iterator<Item = &'static Departement> {
    DEPARTEMENTS.iter().filter(move |d| d.region_code == region_code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    /// Enough folding for the names of the regions: accents off, lower case.
    fn fold(name: &str) -> String {
        name.chars()
            .map(|c| match c {
                'É' | 'é' | 'è' | 'ê' => 'e',
                'Î' | 'î' => 'i',
                'ô' => 'o',
                c => c.to_ascii_lowercase(),
            })
            .collect()
    }

    /// INSEE order: Corsica ("2A", "2B") between "19" and "21", overseas after "95".
    fn code_order(code: &str) -> (u32, u32) {
        match code {
            "2A" => (20, 1),
            "2B" => (20, 2),
            _ => (code.parse().expect("numeric code"), 0),
        }
    }

    #[test]
    fn there_are_18_regions_and_101_departements() {
        assert_eq!(REGIONS.len(), 18);
        assert_eq!(DEPARTEMENTS.len(), 101);
    }

    #[test]
    fn codes_are_unique() {
        let regions: HashSet<_> = REGIONS.iter().map(|r| r.code).collect();
        assert_eq!(regions.len(), REGIONS.len());
        let departements: HashSet<_> = DEPARTEMENTS.iter().map(|d| d.code).collect();
        assert_eq!(departements.len(), DEPARTEMENTS.len());
    }

    #[test]
    fn every_departement_has_a_region_and_every_region_a_departement() {
        for dep in DEPARTEMENTS {
            assert!(region(dep.region_code).is_some(), "{} {}", dep.code, dep.name);
        }
        for reg in REGIONS {
            assert!(departements_of(reg.code).next().is_some(), "{} {}", reg.code, reg.name);
        }
        let total: usize = REGIONS.iter().map(|r| departements_of(r.code).count()).sum();
        assert_eq!(total, DEPARTEMENTS.len());
    }

    #[test]
    fn lists_are_sorted() {
        let names: Vec<_> = REGIONS.iter().map(|r| fold(r.name)).collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted);
        assert_eq!(REGIONS[0].name, "Auvergne-Rhône-Alpes");
        assert_eq!(REGIONS[17].name, "Provence-Alpes-Côte d'Azur");

        let codes: Vec<_> = DEPARTEMENTS.iter().map(|d| code_order(d.code)).collect();
        assert!(codes.windows(2).all(|pair| pair[0] < pair[1]));
    }

    #[test]
    fn known_codes() {
        let corse_du_sud = departement("2A").unwrap();
        assert_eq!(corse_du_sud.name, "Corse-du-Sud");
        assert_eq!(corse_du_sud.region_code, "94");
        assert_eq!(corse_du_sud.region().unwrap().name, "Corse");

        let reunion = departement("974").unwrap();
        assert_eq!(reunion.name, "La Réunion");
        assert_eq!(reunion.region_code, "04");

        let paris = departement("75").unwrap();
        assert_eq!(paris.name, "Paris");
        assert_eq!(paris.region_code, "11");

        assert_eq!(region("44").unwrap().name, "Grand Est");
        assert_eq!(region("93").unwrap().name, "Provence-Alpes-Côte d'Azur");
        assert_eq!(departement("95").unwrap().name, "Val-d'Oise");
    }

    #[test]
    fn unknown_codes_are_none() {
        for code in ["", "0", "1", "20", "96", "975", "977", "2a", "99"] {
            assert!(departement(code).is_none(), "{code}");
        }
        for code in ["", "05", "99", "12"] {
            assert!(region(code).is_none(), "{code}");
        }
        assert_eq!(departements_of("99").count(), 0);
    }

    #[test]
    fn regions_have_their_departements() {
        let corse: Vec<_> = departements_of("94").map(|d| d.code).collect();
        assert_eq!(corse, ["2A", "2B"]);
        assert_eq!(departements_of("11").count(), 8);
        assert_eq!(departements_of("84").count(), 12);
        assert_eq!(departements_of("75").count(), 12);
        assert_eq!(departements_of("76").count(), 13);
        assert_eq!(departements_of("44").count(), 10);
        for overseas in ["01", "02", "03", "04", "06"] {
            assert_eq!(departements_of(overseas).count(), 1, "{overseas}");
        }
    }
}
