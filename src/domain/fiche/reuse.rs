//! Starting a fiche from another one (issue 21): the CCOMS asks teams to start from fiches
//! already published. What belongs to the source's own recruitment — its dates, its contacts, its
//! application addresses, its notice's reference, its vacancy — is cleared; the rest is a text to reread.

use super::{FicheContent, PublicPost};

impl FicheContent {
    /// This fiche's text, as a new fiche starts from it: the same sections, without what is
    /// specific to the source's recruitment.
    pub fn for_reuse(&self) -> FicheContent {
        FicheContent {
            deadline: None,
            start_date: None,
            start_note: String::new(),
            contacts: Vec::new(),
            apply_email: String::new(),
            apply_url: String::new(),
            reference: String::new(),
            public_post: PublicPost {
                vacant_from: None,
                ..self.public_post.clone()
            },
            ..self.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Contact, MissionGroup, Quotite, Track};
    use super::*;
    use crate::domain::fiche_workflow::template;
    use time::macros::date;

    #[test]
    fn a_reused_fiche_keeps_its_text_and_loses_the_sources_dates_and_contacts() {
        let source = FicheContent {
            title: "Médiateur de santé-pair".into(),
            context: "Le pôle accueille des adultes.".into(),
            missions: vec![MissionGroup {
                title: "Auprès des personnes".into(),
                items: vec!["Soutenir le rétablissement".into()],
            }],
            apply_email: "rh@source.fr".into(),
            apply_url: "https://www.source.example/emplois".into(),
            reference: "AV-2026-12".into(),
            contacts: vec![Contact {
                name: "Mme Source".into(),
                role: "Cadre".into(),
                phone: String::new(),
                email: "cadre@source.fr".into(),
            }],
            deadline: Some(date!(2026 - 12 - 31)),
            start_date: Some(date!(2027 - 01 - 18)),
            start_note: "dès que possible".into(),
            ..template("Unité", "Adultes", Quotite::MiTemps, Track::Bobigny)
        };
        let reused = source.for_reuse();
        assert_eq!(reused.title, source.title);
        assert_eq!(reused.context, source.context);
        assert_eq!(reused.missions, source.missions);
        assert!(reused.apply_email.is_empty() && reused.contacts.is_empty());
        assert!(reused.apply_url.is_empty() && reused.reference.is_empty());
        assert_eq!((reused.deadline, reused.start_date), (None, None));
        assert!(reused.start_note.is_empty());
    }
}
