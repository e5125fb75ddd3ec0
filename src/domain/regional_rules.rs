//! Rules that bind the posts of one region only, with their source (issue 23, DESIGN §2): the
//! rule that an MSP does not keep their own psychiatric follow-up in the sector that employs
//! them comes from the ARS Île-de-France call for projects, not from the programme as a whole.
//! An offer's page states it only where it applies, and says where it comes from.

/// A rule of a region's funding call, as a candidate reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegionalRule {
    /// What the rule asks, in respectful plain words.
    pub text: &'static str,
    /// Where it comes from, named on the page.
    pub source: &'static str,
}

/// Île-de-France's INSEE region code.
pub const ILE_DE_FRANCE: &str = "11";

const IDF_FOLLOW_UP: RegionalRule = RegionalRule {
    text: "Dans cette région, la personne recrutée ne peut pas être suivie pour ses propres soins psychiatriques dans le secteur où elle travaillera. Cette règle protège sa place de professionnelle comme ses soins : si vous êtes suivi ou suivie dans ce secteur, vous pouvez candidater et en parler au moment de l'entretien.",
    source: "l'appel à projets de l'ARS Île-de-France pour les postes de médiateurs de santé-pairs",
};

/// The follow-up rule of the region of this code, if its call states one.
pub fn follow_up_rule(region_code: Option<&str>) -> Option<&'static RegionalRule> {
    match region_code {
        Some(ILE_DE_FRANCE) => Some(&IDF_FOLLOW_UP),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::geo::territory;

    #[test]
    fn the_follow_up_rule_binds_ile_de_france_only() {
        let region_of = |departement: &str| territory::departement(departement).map(|d| d.region_code);
        for departement in ["75", "93", "94", "92", "78"] {
            let rule = follow_up_rule(region_of(departement)).expect("Île-de-France");
            assert!(rule.source.contains("ARS Île-de-France"));
        }
        for departement in ["73", "13", "971", "59", "2A"] {
            assert_eq!(follow_up_rule(region_of(departement)), None, "{departement}");
        }
        assert_eq!(follow_up_rule(None), None);
    }
}
