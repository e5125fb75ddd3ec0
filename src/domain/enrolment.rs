//! A hired MSP's enrolment in a cohort (DESIGN §3) and their first year: integration milestones,
//! reminders and the grade path.

use time::{Date, Duration};

use super::calendar::french_date;
use super::coded::coded_enum;
use super::cohort::add_months;

coded_enum! {
    pub enum EnrolmentState {
        AInscrire = ("a_inscrire", "À inscrire"),
        DossierVap = ("dossier_vap", "Dossier de VAP/VAE en cours"),
        Inscrite = ("inscrite", "Inscrit ou inscrite"),
        EnFormation = ("en_formation", "En formation"),
        Diplomee = ("diplomee", "Diplômé ou diplômée"),
        Abandon = ("abandon", "Abandon"),
    }
}

impl EnrolmentState {
    /// Where an enrolment may go from here. Without a Bac+2, registration goes through the
    /// validation of experience (VAP/VAE), done once hired (FAQ). An enrolment made at the hire
    /// does not know it yet (`None`): the next step chosen says it, registration for a Bac+2,
    /// the VAP/VAE file without.
    pub fn allowed_moves(self, has_bac2: Option<bool>) -> Vec<EnrolmentState> {
        use EnrolmentState::*;
        let mut moves = match self {
            AInscrire => match has_bac2 {
                Some(true) => vec![Inscrite],
                Some(false) => vec![DossierVap],
                None => vec![Inscrite, DossierVap],
            },
            DossierVap => vec![Inscrite],
            Inscrite => vec![EnFormation],
            EnFormation => vec![Diplomee],
            Diplomee | Abandon => vec![],
        };
        if !matches!(self, Diplomee | Abandon) {
            moves.push(Abandon);
        }
        moves
    }

    pub fn move_to(self, to: EnrolmentState, has_bac2: Option<bool>) -> Result<EnrolmentState, String> {
        if self.allowed_moves(has_bac2).contains(&to) {
            Ok(to)
        } else {
            Err(format!(
                "Une inscription « {} » ne peut pas passer à « {} ».",
                self.label(),
                to.label()
            ))
        }
    }
}

/// What is known of the Bac+2 once an enrolment moves to `to`: registered straight from « à
/// inscrire », the person holds one; sent to the VAP/VAE file, they do not.
pub fn bac2_after(state: EnrolmentState, to: EnrolmentState, has_bac2: Option<bool>) -> Option<bool> {
    match (has_bac2, state, to) {
        (None, EnrolmentState::AInscrire, EnrolmentState::Inscrite) => Some(true),
        (None, EnrolmentState::AInscrire, EnrolmentState::DossierVap) => Some(false),
        (known, _, _) => known,
    }
}

coded_enum! {
    /// The grade the CCOMS recommends (FAQ): *animateur* (catégorie B) during training, then
    /// *éducateur* (catégorie A) once graduated.
    pub enum Grade {
        Animateur = ("animateur", "Animateur ou animatrice (catégorie B, environ 1 850 € brut)"),
        Educateur = ("educateur", "Éducateur ou éducatrice (catégorie A, environ 2 100 € brut)"),
    }
}

impl Grade {
    /// The grade that goes with an enrolment state: graduation moves to catégorie A.
    pub fn after(self, state: EnrolmentState) -> Grade {
        if state == EnrolmentState::Diplomee {
            Grade::Educateur
        } else {
            self
        }
    }
}

coded_enum! {
    /// The milestones of the first year (DESIGN §3).
    pub enum MilestoneKind {
        Arrival = ("arrivee", "Arrivée dans l'équipe"),
        Pairing = ("binome", "Travail en binôme, dès le premier jour"),
        Discovery = ("decouverte", "Découverte des activités du service"),
        FollowUp1 = ("suivi_1_mois", "Rencontre de suivi avec le CCOMS (1 mois)"),
        FollowUp3 = ("suivi_3_mois", "Rencontre de suivi avec le CCOMS (3 mois)"),
        FollowUp6 = ("suivi_6_mois", "Rencontre de suivi avec le CCOMS (6 mois)"),
        YearReview = (
            "bilan_1_an",
            "Rencontre de suivi avec le CCOMS (12 mois) : bilan de la première année et \
             positionnement sur des références"
        ),
    }
}

impl MilestoneKind {
    /// When it falls, from the day of arrival.
    pub fn due(self, arrival: Date) -> Date {
        match self {
            MilestoneKind::Arrival | MilestoneKind::Pairing => arrival,
            MilestoneKind::Discovery => arrival + Duration::days(14),
            MilestoneKind::FollowUp1 => add_months(arrival, 1),
            MilestoneKind::FollowUp3 => add_months(arrival, 3),
            MilestoneKind::FollowUp6 => add_months(arrival, 6),
            MilestoneKind::YearReview => add_months(arrival, 12),
        }
    }
}

/// The first year's milestones with their dates.
pub fn integration_milestones(arrival: Date) -> Vec<(MilestoneKind, Date)> {
    MilestoneKind::ALL.into_iter().map(|k| (k, k.due(arrival))).collect()
}

/// A reminder leaves this many days before a milestone.
pub const REMINDER_DAYS_BEFORE: i64 = 7;

/// Whether a milestone's reminder is due today: from a week before until the day itself (a
/// reminder is never sent for a day already past, e.g. when enrolling late).
pub fn reminder_due(due_on: Date, today: Date) -> bool {
    today >= due_on - Duration::days(REMINDER_DAYS_BEFORE) && today <= due_on
}

/// The reminder's text, in French.
pub fn reminder_text(kind: MilestoneKind, due_on: Date) -> String {
    format!("Rappel : « {} » est prévue le {}.", kind.label(), french_date(due_on))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn without_bac2_the_enrolment_goes_through_vap() {
        use EnrolmentState::*;
        assert_eq!(AInscrire.allowed_moves(Some(true)), [Inscrite, Abandon]);
        assert_eq!(AInscrire.allowed_moves(Some(false)), [DossierVap, Abandon]);
        assert!(AInscrire.move_to(Inscrite, Some(false)).is_err());
        assert_eq!(DossierVap.move_to(Inscrite, Some(false)), Ok(Inscrite));
        assert_eq!(Inscrite.move_to(EnFormation, Some(true)), Ok(EnFormation));
        assert_eq!(EnFormation.move_to(Diplomee, Some(true)), Ok(Diplomee));
        assert!(Diplomee.allowed_moves(Some(true)).is_empty());
        assert!(
            Abandon
                .move_to(Inscrite, Some(true))
                .unwrap_err()
                .contains("« Abandon »")
        );
        for s in EnrolmentState::ALL {
            assert_eq!(EnrolmentState::parse(s.as_str()), Some(s));
        }
    }

    #[test]
    fn made_at_the_hire_the_next_step_says_whether_the_person_holds_a_bac2() {
        use EnrolmentState::*;
        assert_eq!(AInscrire.allowed_moves(None), [Inscrite, DossierVap, Abandon]);
        assert_eq!(bac2_after(AInscrire, Inscrite, None), Some(true));
        assert_eq!(bac2_after(AInscrire, DossierVap, None), Some(false));
        assert_eq!(bac2_after(AInscrire, Abandon, None), None);
        // Once known, a move never changes it.
        assert_eq!(bac2_after(DossierVap, Inscrite, Some(false)), Some(false));
        assert_eq!(bac2_after(AInscrire, Inscrite, Some(true)), Some(true));
        assert_eq!(DossierVap.allowed_moves(None), [Inscrite, Abandon]);
    }

    #[test]
    fn graduation_moves_to_categorie_a() {
        assert_eq!(Grade::Animateur.after(EnrolmentState::EnFormation), Grade::Animateur);
        assert_eq!(Grade::Animateur.after(EnrolmentState::Diplomee), Grade::Educateur);
    }

    #[test]
    fn the_first_year_follows_the_arrival_across_a_leap_year() {
        let m = integration_milestones(date!(2027 - 08 - 31));
        let due = |kind| m.iter().find(|(k, _)| *k == kind).unwrap().1;
        assert_eq!(due(MilestoneKind::Arrival), date!(2027 - 08 - 31));
        assert_eq!(due(MilestoneKind::Pairing), date!(2027 - 08 - 31));
        assert_eq!(due(MilestoneKind::Discovery), date!(2027 - 09 - 14));
        assert_eq!(due(MilestoneKind::FollowUp1), date!(2027 - 09 - 30));
        assert_eq!(due(MilestoneKind::FollowUp6), date!(2028 - 02 - 29));
        assert_eq!(due(MilestoneKind::YearReview), date!(2028 - 08 - 31));
        let bobigny = integration_milestones(date!(2027 - 01 - 18));
        assert_eq!(bobigny.last().unwrap().1, date!(2028 - 01 - 18));
    }

    #[test]
    fn a_reminder_is_due_in_the_week_before_and_never_after() {
        let due = date!(2027 - 03 - 01);
        assert!(!reminder_due(due, date!(2027 - 02 - 21)));
        assert!(reminder_due(due, date!(2027 - 02 - 22)));
        assert!(reminder_due(due, due));
        assert!(!reminder_due(due, date!(2027 - 03 - 02)));
        assert!(reminder_text(MilestoneKind::FollowUp3, due).contains("1er mars 2027"));
    }
}
