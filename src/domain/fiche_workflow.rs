//! The life of a fiche de poste before and after publication (DESIGN §3): who moves it, the
//! checks of the FAQ before it goes to the CCOMS, and the template the editor starts from.

use time::Date;

use super::FieldError;
use super::fiche::{Competences, Contact, FicheContent, FicheStatus, MissionGroup, Quotite, Track, WorkingTime};

/// What someone does to a fiche.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FicheAction {
    /// The recruiter changes the text.
    Edit,
    /// The recruiter sends it to the CCOMS.
    Submit,
    /// The coordinator sends it back with comments.
    AskCorrection,
    /// The coordinator publishes it on the board.
    Publish,
    /// The deadline passed or the post is filled.
    Close,
    /// Taken off the board, or abandoned before.
    Withdraw,
}

impl FicheAction {
    fn label(self) -> &'static str {
        match self {
            FicheAction::Edit => "modifier",
            FicheAction::Submit => "soumettre au CCOMS",
            FicheAction::AskCorrection => "demander une correction",
            FicheAction::Publish => "publier",
            FicheAction::Close => "clore",
            FicheAction::Withdraw => "retirer",
        }
    }
}

impl FicheStatus {
    /// The state an action leads to, or why it cannot be done now.
    pub fn apply(self, action: FicheAction) -> Result<FicheStatus, String> {
        use FicheAction as A;
        use FicheStatus as S;
        let to = match (self, action) {
            (S::Brouillon | S::ACorriger, A::Edit) => Some(self),
            (S::Brouillon | S::ACorriger, A::Submit) => Some(S::Soumise),
            (S::Soumise, A::AskCorrection) => Some(S::ACorriger),
            (S::Soumise, A::Publish) => Some(S::Publiee),
            (S::Publiee, A::Close) => Some(S::Close),
            (S::Brouillon | S::Soumise | S::ACorriger | S::Publiee, A::Withdraw) => Some(S::Retiree),
            _ => None,
        };
        to.ok_or_else(|| {
            format!(
                "Impossible de {} une fiche dont l'état est « {} ».",
                action.label(),
                self.label()
            )
        })
    }
}

/// The checks before a fiche goes to the CCOMS, each a French message for its field. What a
/// fiche demands beyond lived experience is a warning, not an error: see
/// [`super::fiche::requirements::warnings`]; so is a deadline that misses the soonest cohort of
/// its licence: see [`super::cohort::deadline_warning`].
pub fn submission_errors(content: &FicheContent, today: Date) -> Vec<FieldError> {
    let mut errors = missing_sections(content);
    errors.extend(deadline_error(content, today));
    errors
}

/// The sections a fiche cannot go without.
fn missing_sections(content: &FicheContent) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let mut require = |field: &'static str, value: &str, message: &str| {
        if value.trim().is_empty() {
            errors.push(FieldError::new(field, message));
        }
    };
    require("title", &content.title, "Donnez un intitulé au poste.");
    require("place", &content.place, "Indiquez le lieu de travail.");
    require("context", &content.context, "Présentez le service et son contexte.");
    if content
        .missions
        .iter()
        .all(|g| g.items.iter().all(|i| i.trim().is_empty()))
    {
        errors.push(FieldError::new("missions", "Décrivez au moins une mission."));
    }
    if content.competences.experientielles.is_empty() {
        errors.push(FieldError::new(
            "experientielles",
            "Indiquez les compétences expérientielles : c'est le cœur du métier.",
        ));
    }
    let elsewhere = [&content.apply_email, &content.apply_url]
        .into_iter()
        .chain(content.contacts.iter().map(|c| &c.email))
        .any(|way| !way.trim().is_empty());
    if !content.apply_on_platform && !elsewhere {
        errors.push(FieldError::new(
            "apply_platform",
            "Indiquez comment candidater : sur la plateforme, par e-mail ou sur le site de l'établissement.",
        ));
    }
    errors
}

/// The deadline for applications: given, and in the future.
fn deadline_error(content: &FicheContent, today: Date) -> Option<FieldError> {
    match content.deadline {
        None => Some(FieldError::new("deadline", "Indiquez une date limite de candidature.")),
        Some(deadline) if deadline <= today => Some(FieldError::new(
            "deadline",
            "La date limite de candidature doit être dans le futur.",
        )),
        Some(_) => None,
    }
}

/// A new fiche, on the structure of the two real fiches, filled from what the project says and
/// with the CCOMS's suggestions, which the editor marks for the team to confirm. Pay and the
/// public post's description are left to the establishment: only it knows them.
pub fn template(unit: &str, public_served: &str, quotite: Quotite, track: Track) -> FicheContent {
    let lines = |items: &[&str]| items.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    FicheContent {
        title: "Médiateur ou médiatrice de santé-pair".into(),
        working_time: WorkingTime {
            quotite,
            percent: match quotite {
                Quotite::TempsPlein => Some(100),
                Quotite::MiTemps => Some(50),
                Quotite::TempsPartiel | Quotite::AConvenir => None,
            },
            percent_max: None,
            adaptable: false,
            note: String::new(),
        },
        grade: "Animateur (catégorie B)".into(),
        unit: unit.into(),
        public_served: public_served.into(),
        missions: vec![
            MissionGroup {
                title: "Auprès des personnes accompagnées".into(),
                items: lines(&[
                    "Soutenir le rétablissement en partageant son savoir expérientiel",
                    "Accompagner vers l'accès aux droits, aux soins et à la vie dans la cité",
                ]),
            },
            MissionGroup {
                title: "Auprès de l'équipe".into(),
                items: lines(&[
                    "Participer aux réunions cliniques et à la réflexion sur les pratiques orientées rétablissement",
                ]),
            },
        ],
        competences: Competences {
            techniques: lines(&["Techniques d'écoute et de relation d'aide"]),
            experientielles: lines(&[
                "Avoir eu recours aux soins en santé mentale et être engagé·e dans un parcours de rétablissement",
                "Savoir prendre de la distance avec son propre vécu",
            ]),
            organisationnelles: lines(&["Travailler en équipe pluridisciplinaire"]),
            adaptation: lines(&["Faire preuve de discrétion et respecter le secret professionnel"]),
        },
        diploma: "Bac+2, ou Bac avec une validation des acquis (VAP/VAE) faite une fois recruté·e".into(),
        track: Some(track),
        training: format!(
            "La personne recrutée suit la {} ; les frais de formation sont pris en charge par l'établissement.",
            track.degree()
        ),
        how_to_apply: "Adressez une lettre de motivation et un CV.".into(),
        contacts: vec![Contact::default()],
        // The rest is the team's to say: dates, pay, contract, ways to apply besides the platform.
        ..FicheContent::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 23);

    fn complete() -> FicheContent {
        let mut content = template("Hôpital de jour", "Adultes", Quotite::TempsPlein, Track::Bobigny);
        content.place = "Lyon".into();
        content.context = "Un service de réhabilitation.".into();
        content.apply_email = "rh@exemple.fr".into();
        content.deadline = Some(date!(2027 - 01 - 15));
        content
    }

    fn fields(errors: &[FieldError]) -> Vec<&'static str> {
        errors.iter().map(|e| e.field).collect()
    }

    #[test]
    fn the_template_completed_with_place_context_address_and_deadline_passes() {
        assert_eq!(submission_errors(&complete(), TODAY), vec![]);
    }

    #[test]
    fn a_deadline_and_a_way_to_apply_are_required() {
        let mut content = complete();
        content.deadline = None;
        content.apply_email.clear();
        content.apply_on_platform = false;
        assert_eq!(
            fields(&submission_errors(&content, TODAY)),
            ["apply_platform", "deadline"]
        );
        for way in ["email", "url", "platform"] {
            let mut applied = content.clone();
            match way {
                "email" => applied.apply_email = "rh@exemple.fr".into(),
                "url" => applied.apply_url = "https://www.exemple.fr/emplois".into(),
                _ => applied.apply_on_platform = true,
            }
            assert_eq!(fields(&submission_errors(&applied, TODAY)), ["deadline"], "{way}");
        }
        content.deadline = Some(TODAY);
        content.apply_email = "a@b.fr".into();
        let errors = submission_errors(&content, TODAY);
        assert_eq!(
            errors[0].message,
            "La date limite de candidature doit être dans le futur."
        );
    }

    #[test]
    fn a_real_fiche_without_diploma_training_or_public_section_can_be_submitted() {
        // Seed 001 (SMART 73) has none of these sections.
        let mut content = complete();
        content.diploma.clear();
        content.training.clear();
        content.public_served.clear();
        content.how_to_apply.clear();
        content.track = None;
        assert_eq!(submission_errors(&content, TODAY), vec![]);
    }

    #[test]
    fn asking_a_diploma_or_prior_experience_warns_but_does_not_block_submission() {
        let mut content = complete();
        content.diploma = "Master en psychologie".into();
        content
            .competences
            .techniques
            .push("Expérience de pair-aidance de 2 ans".into());
        assert_eq!(submission_errors(&content, TODAY), vec![]);
        let warned: Vec<_> = super::super::fiche::requirements::warnings(&content)
            .into_iter()
            .map(|w| w.field)
            .collect();
        assert_eq!(warned, ["diploma", "techniques"]);
    }

    #[test]
    fn sections_left_empty_are_named() {
        let mut content = complete();
        content.missions = vec![MissionGroup::default()];
        content.competences.experientielles.clear();
        content.context = "  ".into();
        assert_eq!(
            fields(&submission_errors(&content, TODAY)),
            ["context", "missions", "experientielles"]
        );
    }

    #[test]
    fn transitions_follow_the_review_and_refuse_the_rest() {
        use FicheAction as A;
        use FicheStatus as S;
        assert_eq!(S::Brouillon.apply(A::Submit), Ok(S::Soumise));
        assert_eq!(S::Soumise.apply(A::AskCorrection), Ok(S::ACorriger));
        assert_eq!(S::ACorriger.apply(A::Submit), Ok(S::Soumise));
        assert_eq!(S::Soumise.apply(A::Publish), Ok(S::Publiee));
        assert_eq!(S::Publiee.apply(A::Close), Ok(S::Close));
        assert_eq!(S::Publiee.apply(A::Withdraw), Ok(S::Retiree));
        assert_eq!(
            S::Brouillon.apply(A::Publish).unwrap_err(),
            "Impossible de publier une fiche dont l'état est « Brouillon »."
        );
        assert!(
            S::Publiee.apply(A::Edit).is_err(),
            "a published fiche is not rewritten in place"
        );
        assert!(S::Soumise.apply(A::Edit).is_err(), "nor one under review");
        assert!(S::Close.apply(A::Withdraw).is_err());
        assert!(S::Retiree.apply(A::Submit).is_err());
    }
}
