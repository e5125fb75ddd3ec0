//! Applications to an offer (DESIGN §3): their states and who may move them, what an applicant
//! gives (and never gives), the decision e-mails' templates, and when personal data must go.

use time::{Duration, OffsetDateTime};

use super::FieldError;
use super::account::Email;

/// `recue` → `preselectionnee` → `entretien` → `retenue` → `embauchee`, or `non_retenue`, or
/// `retiree` by the candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ApplicationStatus {
    Recue,
    Preselectionnee,
    Entretien,
    Retenue,
    Embauchee,
    NonRetenue,
    Retiree,
}

impl ApplicationStatus {
    /// In the pipeline's order, the columns of the recruiter's page.
    pub const ALL: [ApplicationStatus; 7] = [
        ApplicationStatus::Recue,
        ApplicationStatus::Preselectionnee,
        ApplicationStatus::Entretien,
        ApplicationStatus::Retenue,
        ApplicationStatus::Embauchee,
        ApplicationStatus::NonRetenue,
        ApplicationStatus::Retiree,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ApplicationStatus::Recue => "recue",
            ApplicationStatus::Preselectionnee => "preselectionnee",
            ApplicationStatus::Entretien => "entretien",
            ApplicationStatus::Retenue => "retenue",
            ApplicationStatus::Embauchee => "embauchee",
            ApplicationStatus::NonRetenue => "non_retenue",
            ApplicationStatus::Retiree => "retiree",
        }
    }

    pub fn parse(code: &str) -> Option<ApplicationStatus> {
        ApplicationStatus::ALL.into_iter().find(|s| s.as_str() == code)
    }

    /// As the candidate and the recruiter read it.
    pub fn label(self) -> &'static str {
        match self {
            ApplicationStatus::Recue => "Reçue",
            ApplicationStatus::Preselectionnee => "Présélectionnée",
            ApplicationStatus::Entretien => "Entretien",
            ApplicationStatus::Retenue => "Retenue",
            ApplicationStatus::Embauchee => "Embauché·e",
            ApplicationStatus::NonRetenue => "Non retenue",
            ApplicationStatus::Retiree => "Retirée",
        }
    }

    /// Nothing follows: the recruitment is over for this application.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            ApplicationStatus::Embauchee | ApplicationStatus::NonRetenue | ApplicationStatus::Retiree
        )
    }

    /// Where a recruiter may send an application from here. Moves go forward only, so that each
    /// one is a decision the candidate is told about once; a refusal is possible at every step.
    pub fn recruiter_moves(self) -> &'static [ApplicationStatus] {
        use ApplicationStatus::*;
        match self {
            Recue => &[Preselectionnee, NonRetenue],
            Preselectionnee => &[Entretien, NonRetenue],
            Entretien => &[Retenue, NonRetenue],
            Retenue => &[Embauchee, NonRetenue],
            Embauchee | NonRetenue | Retiree => &[],
        }
    }

    /// A recruiter's move, or why not, in French.
    pub fn move_to(self, to: ApplicationStatus) -> Result<ApplicationStatus, String> {
        if self.recruiter_moves().contains(&to) {
            Ok(to)
        } else if self.is_final() {
            Err(format!(
                "Cette candidature est close (« {} ») : son état ne change plus.",
                self.label()
            ))
        } else {
            Err(format!(
                "Une candidature « {} » ne peut pas passer à « {} ».",
                self.label(),
                to.label()
            ))
        }
    }

    /// The candidate withdraws: possible until the recruitment is over for them.
    pub fn withdraw(self) -> Result<ApplicationStatus, String> {
        if self.is_final() {
            Err("Cette candidature est déjà close : il n'y a plus rien à retirer.".into())
        } else {
            Ok(ApplicationStatus::Retiree)
        }
    }

    /// The decision e-mail a move to this state sends the candidate.
    pub fn template(self) -> Option<TemplateKind> {
        match self {
            ApplicationStatus::Preselectionnee => Some(TemplateKind::Preselection),
            ApplicationStatus::Entretien => Some(TemplateKind::Entretien),
            ApplicationStatus::Retenue => Some(TemplateKind::Retenue),
            ApplicationStatus::Embauchee => Some(TemplateKind::Embauche),
            ApplicationStatus::NonRetenue => Some(TemplateKind::NonRetenue),
            ApplicationStatus::Recue | ApplicationStatus::Retiree => None,
        }
    }
}

/// The answer to the only question about care the platform asks: has the applicant been
/// followed by the service that recruits? Shown to the recruiter as information (the CCOMS
/// advises against hiring a former user of the same service), never used to filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowedByService {
    Oui,
    Non,
    SansReponse,
}

impl FollowedByService {
    pub const ALL: [FollowedByService; 3] = [
        FollowedByService::Non,
        FollowedByService::Oui,
        FollowedByService::SansReponse,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FollowedByService::Oui => "oui",
            FollowedByService::Non => "non",
            FollowedByService::SansReponse => "sans_reponse",
        }
    }

    pub fn parse(code: &str) -> Option<FollowedByService> {
        FollowedByService::ALL.into_iter().find(|f| f.as_str() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            FollowedByService::Oui => "Oui",
            FollowedByService::Non => "Non",
            FollowedByService::SansReponse => "Je préfère ne pas répondre",
        }
    }
}

/// What an applicant gives: the least the recruitment needs. No diagnosis, treatment, place of
/// care, disability, social security number or photo is ever asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applicant {
    pub full_name: String,
    pub email: Email,
    pub phone: String,
    pub town: String,
    pub message: String,
    pub followed_by_service: FollowedByService,
    /// Keep my application in the programme's talent pool (at most 2 years after the last contact).
    pub talent_pool: bool,
}

/// The applicant's form as typed, every value kept to show it again.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
pub struct ApplicantInput {
    #[serde(default)]
    pub nom: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub telephone: String,
    #[serde(default)]
    pub commune: String,
    #[serde(default)]
    pub message: String,
    #[serde(default)]
    pub suivi: String,
    #[serde(default)]
    pub consentement: String,
    #[serde(default)]
    pub vivier: String,
}

pub const MAX_MESSAGE_CHARS: usize = 2000;

/// A French phone number as people type it: ten digits starting with 0, or +33 / +262 … and
/// nine digits; spaces, dots and hyphens are ignored. Stored as typed, trimmed.
pub fn parse_phone(value: &str) -> Result<String, FieldError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(FieldError::new(
            "telephone",
            "Indiquez un numéro de téléphone où le recruteur peut vous joindre.",
        ));
    }
    let digits: String = value.chars().filter(|c| !matches!(c, ' ' | '.' | '-')).collect();
    let valid = match digits.strip_prefix('+') {
        Some(international) => {
            international.chars().all(|c| c.is_ascii_digit()) && (10..=13).contains(&international.len())
        }
        None => digits.len() == 10 && digits.starts_with('0') && digits.chars().all(|c| c.is_ascii_digit()),
    };
    if valid {
        Ok(value.to_string())
    } else {
        Err(FieldError::new(
            "telephone",
            "Ce numéro de téléphone n'est pas valide. Exemple : 06 12 34 56 78 ou +33 6 12 34 56 78.",
        ))
    }
}

fn required_text(field: &'static str, value: &str, max: usize, missing: &str) -> Result<String, FieldError> {
    let value = value.trim();
    if value.is_empty() {
        Err(FieldError::new(field, missing))
    } else if value.chars().count() > max {
        Err(FieldError::new(field, format!("{max} caractères au plus.")))
    } else {
        Ok(value.to_string())
    }
}

impl ApplicantInput {
    /// The applicant, or every field's error at once.
    pub fn parse(&self) -> Result<Applicant, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut keep = |result: Result<String, FieldError>| result.map_err(|e| errors.push(e)).ok();
        let full_name = keep(required_text("nom", &self.nom, 120, "Indiquez vos prénom et nom."));
        let phone = keep(parse_phone(&self.telephone));
        let town = keep(required_text(
            "commune",
            &self.commune,
            100,
            "Indiquez la commune où vous habitez.",
        ));
        let message = self.message.trim().to_string();
        let email = Email::parse("email", &self.email).map_err(|e| errors.push(e)).ok();
        if message.chars().count() > MAX_MESSAGE_CHARS {
            errors.push(FieldError::new(
                "message",
                format!("Votre message dépasse {MAX_MESSAGE_CHARS} caractères : raccourcissez-le."),
            ));
        }
        let followed = FollowedByService::parse(&self.suivi);
        if followed.is_none() {
            errors.push(FieldError::new(
                "suivi",
                "Répondez à la question sur le suivi dans ce service (vous pouvez choisir de ne pas répondre).",
            ));
        }
        if self.consentement != "oui" {
            errors.push(FieldError::new(
                "consentement",
                "Cochez la case de consentement : sans elle, nous ne pouvons pas transmettre votre candidature.",
            ));
        }
        match (full_name, email, phone, town, followed) {
            (Some(full_name), Some(email), Some(phone), Some(town), Some(followed_by_service)) if errors.is_empty() => {
                Ok(Applicant {
                    full_name,
                    email,
                    phone,
                    town,
                    message,
                    followed_by_service,
                    talent_pool: self.vivier == "oui",
                })
            }
            _ => Err(errors),
        }
    }
}

/// The e-mails a recruiter's decision sends, each from a template the establishment may edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateKind {
    Preselection,
    Entretien,
    Retenue,
    Embauche,
    NonRetenue,
}

impl TemplateKind {
    pub const ALL: [TemplateKind; 5] = [
        TemplateKind::Preselection,
        TemplateKind::Entretien,
        TemplateKind::Retenue,
        TemplateKind::Embauche,
        TemplateKind::NonRetenue,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TemplateKind::Preselection => "preselection",
            TemplateKind::Entretien => "entretien",
            TemplateKind::Retenue => "retenue",
            TemplateKind::Embauche => "embauche",
            TemplateKind::NonRetenue => "non_retenue",
        }
    }

    pub fn parse(code: &str) -> Option<TemplateKind> {
        TemplateKind::ALL.into_iter().find(|k| k.as_str() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            TemplateKind::Preselection => "Candidature présélectionnée",
            TemplateKind::Entretien => "Invitation à un entretien",
            TemplateKind::Retenue => "Candidature retenue",
            TemplateKind::Embauche => "Embauche confirmée",
            TemplateKind::NonRetenue => "Candidature non retenue",
        }
    }

    /// The programme's wording, used until an establishment writes its own.
    pub fn default_template(self) -> MailTemplate {
        let (subject, body) = match self {
            TemplateKind::Preselection => (
                "Votre candidature au poste « {offre} »",
                "Bonjour {nom},\n\nVotre candidature au poste « {offre} » à {etablissement} a retenu notre attention. \
                 Nous vous proposerons bientôt un entretien.\n\nBien cordialement,\n{etablissement}",
            ),
            TemplateKind::Entretien => (
                "Entretien pour le poste « {offre} »",
                "Bonjour {nom},\n\nNous vous invitons à un entretien pour le poste « {offre} » à {etablissement}. \
                 La date, le lieu et l'invitation pour votre agenda vous parviennent dans un message séparé.\n\n\
                 Bien cordialement,\n{etablissement}",
            ),
            TemplateKind::Retenue => (
                "Votre candidature au poste « {offre} » est retenue",
                "Bonjour {nom},\n\nNous avons le plaisir de vous dire que votre candidature au poste « {offre} » \
                 à {etablissement} est retenue. Nous vous contacterons pour préparer votre arrivée.\n\n\
                 Bien cordialement,\n{etablissement}",
            ),
            TemplateKind::Embauche => (
                "Bienvenue à {etablissement}",
                "Bonjour {nom},\n\nVotre embauche au poste « {offre} » est confirmée. La coordination du programme \
                 vous accompagnera pour votre inscription à la formation universitaire.\n\n\
                 Bien cordialement,\n{etablissement}",
            ),
            TemplateKind::NonRetenue => (
                "Votre candidature au poste « {offre} »",
                "Bonjour {nom},\n\nNous vous remercions de votre candidature au poste « {offre} » à {etablissement}. \
                 Nous ne pouvons pas y donner une suite favorable. D'autres postes de médiateur de santé-pair \
                 sont publiés régulièrement sur la plateforme du programme.\n\nBien cordialement,\n{etablissement}",
            ),
        };
        MailTemplate {
            subject: subject.into(),
            body: body.into(),
        }
    }
}

/// A subject and a body with `{nom}`, `{offre}` and `{etablissement}` in them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailTemplate {
    pub subject: String,
    pub body: String,
}

/// What a template's placeholders stand for in one message.
pub struct TemplateValues<'a> {
    pub nom: &'a str,
    pub offre: &'a str,
    pub etablissement: &'a str,
}

impl MailTemplate {
    /// The placeholders filled in; an unknown `{...}` stays as written, for the recruiter to see.
    pub fn fill(&self, values: &TemplateValues) -> MailTemplate {
        let fill = |text: &str| {
            text.replace("{nom}", values.nom)
                .replace("{offre}", values.offre)
                .replace("{etablissement}", values.etablissement)
        };
        MailTemplate {
            subject: fill(&self.subject),
            body: fill(&self.body),
        }
    }

    /// A template as a recruiter wrote it, or why it cannot be saved.
    pub fn parse(subject: &str, body: &str) -> Result<MailTemplate, Vec<FieldError>> {
        let mut errors = Vec::new();
        let subject = subject.trim();
        let body = body.trim();
        if subject.is_empty() || subject.chars().count() > 150 {
            errors.push(FieldError::new("objet", "Écrivez un objet de 150 caractères au plus."));
        }
        if body.is_empty() || body.chars().count() > 5000 {
            errors.push(FieldError::new(
                "corps",
                "Écrivez un message de 5 000 caractères au plus.",
            ));
        }
        if errors.is_empty() {
            Ok(MailTemplate {
                subject: subject.into(),
                body: body.into(),
            })
        } else {
            Err(errors)
        }
    }
}

/// How long personal data are kept (CNIL 2023 recruitment guide); both configurable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetentionPolicy {
    /// After a refusal or a withdrawal, from the end of the recruitment.
    pub ended_days: i64,
    /// In the talent pool, from the last contact.
    pub talent_pool_days: i64,
    /// An inactive candidate account, from its last activity.
    pub inactive_account_days: i64,
    /// The warning before an inactive account is deleted.
    pub warning_days: i64,
}

impl Default for RetentionPolicy {
    fn default() -> Self {
        RetentionPolicy {
            ended_days: 90,
            talent_pool_days: 730,
            inactive_account_days: 730,
            warning_days: 30,
        }
    }
}

/// What retention decides for an application's personal data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retention {
    Keep,
    Erase,
}

/// The facts about one application retention looks at.
pub struct RetentionFacts {
    pub status: ApplicationStatus,
    /// When the recruitment ended for this application (refused, withdrawn, hired).
    pub ended_at: Option<OffsetDateTime>,
    pub talent_pool: bool,
    pub last_contact_at: OffsetDateTime,
}

impl RetentionPolicy {
    /// A refused or withdrawn application loses its personal data `ended_days` after the end,
    /// unless the candidate chose the talent pool, which keeps them `talent_pool_days` after the
    /// last contact at most. Hired candidates' data move to the MSP's record and open ones stay.
    pub fn decide(&self, facts: &RetentionFacts, now: OffsetDateTime) -> Retention {
        let ended = matches!(facts.status, ApplicationStatus::NonRetenue | ApplicationStatus::Retiree);
        let Some(ended_at) = facts.ended_at.filter(|_| ended) else {
            return Retention::Keep;
        };
        let limit = if facts.talent_pool {
            facts.last_contact_at.max(ended_at) + Duration::days(self.talent_pool_days)
        } else {
            ended_at + Duration::days(self.ended_days)
        };
        if now >= limit {
            Retention::Erase
        } else {
            Retention::Keep
        }
    }

    /// When an account last active at `last_active_at` is warned, and when it is deleted.
    pub fn account_deadlines(&self, last_active_at: OffsetDateTime) -> (OffsetDateTime, OffsetDateTime) {
        let delete_at = last_active_at + Duration::days(self.inactive_account_days);
        (delete_at - Duration::days(self.warning_days), delete_at)
    }
}

/// A panel member's recommendation after an interview.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recommendation {
    Favorable,
    Reserve,
    Defavorable,
}

impl Recommendation {
    pub const ALL: [Recommendation; 3] = [
        Recommendation::Favorable,
        Recommendation::Reserve,
        Recommendation::Defavorable,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Recommendation::Favorable => "favorable",
            Recommendation::Reserve => "reserve",
            Recommendation::Defavorable => "defavorable",
        }
    }

    pub fn parse(code: &str) -> Option<Recommendation> {
        Recommendation::ALL.into_iter().find(|r| r.as_str() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Recommendation::Favorable => "Favorable",
            Recommendation::Reserve => "Favorable avec réserves",
            Recommendation::Defavorable => "Défavorable",
        }
    }
}

/// How a panel member rates one competence of the fiche: words, not scores, so that nothing
/// adds up into an automatic ranking.
pub const RATINGS: [(&str, &str); 4] = [
    ("a_approfondir", "À approfondir"),
    ("en_partie", "En partie"),
    ("oui", "Oui"),
    ("point_fort", "Point fort"),
];

pub fn rating_label(code: &str) -> &'static str {
    RATINGS.iter().find(|(c, _)| *c == code).map_or("—", |(_, label)| label)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn status_codes_round_trip() {
        for status in ApplicationStatus::ALL {
            assert_eq!(ApplicationStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(ApplicationStatus::parse("acceptee"), None);
    }

    #[test]
    fn recruiters_move_forward_or_refuse_and_final_states_stay() {
        use ApplicationStatus::*;
        assert_eq!(Recue.move_to(Preselectionnee), Ok(Preselectionnee));
        assert_eq!(Entretien.move_to(NonRetenue), Ok(NonRetenue));
        assert_eq!(Retenue.move_to(Embauchee), Ok(Embauchee));
        assert!(Recue.move_to(Embauchee).is_err());
        assert!(Entretien.move_to(Recue).is_err());
        assert!(Recue.move_to(Retiree).is_err(), "only the candidate withdraws");
        for closed in [Embauchee, NonRetenue, Retiree] {
            assert!(closed.move_to(Recue).unwrap_err().contains("close"));
            assert!(closed.withdraw().is_err());
        }
        assert_eq!(Entretien.withdraw(), Ok(Retiree));
    }

    #[test]
    fn every_recruiter_move_sends_a_message() {
        for from in ApplicationStatus::ALL {
            for to in from.recruiter_moves() {
                assert!(to.template().is_some(), "{from:?} → {to:?}");
            }
        }
    }

    fn input() -> ApplicantInput {
        ApplicantInput {
            nom: "Camille Martin".into(),
            email: "Camille@Exemple.fr".into(),
            telephone: "06 12 34 56 78".into(),
            commune: "Chambéry".into(),
            message: String::new(),
            suivi: "non".into(),
            consentement: "oui".into(),
            vivier: String::new(),
        }
    }

    #[test]
    fn a_complete_form_gives_an_applicant() {
        let applicant = input().parse().unwrap();
        assert_eq!(applicant.email.as_str(), "camille@exemple.fr");
        assert!(!applicant.talent_pool);
        assert_eq!(applicant.followed_by_service, FollowedByService::Non);
    }

    #[test]
    fn an_empty_form_gets_a_message_per_field_and_consent_is_never_assumed() {
        let errors = ApplicantInput::default().parse().unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        for field in ["nom", "email", "telephone", "commune", "suivi", "consentement"] {
            assert!(fields.contains(&field), "{field} in {fields:?}");
        }
        let mut no_consent = input();
        no_consent.consentement = String::new();
        assert_eq!(no_consent.parse().unwrap_err()[0].field, "consentement");
    }

    #[test]
    fn phones_are_french_numbers() {
        for ok in [
            "06 12 34 56 78",
            "0612345678",
            "06.12.34.56.78",
            "+33 6 12 34 56 78",
            "+262 692 12 34 56",
        ] {
            assert!(parse_phone(ok).is_ok(), "{ok}");
        }
        for bad in ["", "12345", "06 12 34 56", "+33", "06 12 34 56 7a"] {
            assert!(parse_phone(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn templates_fill_their_placeholders() {
        let filled = TemplateKind::NonRetenue.default_template().fill(&TemplateValues {
            nom: "Camille Martin",
            offre: "Médiateur de santé-pair",
            etablissement: "CH Test",
        });
        assert!(filled.body.starts_with("Bonjour Camille Martin,"));
        assert!(filled.subject.contains("« Médiateur de santé-pair »"));
        assert!(!filled.body.contains('{'));
    }

    #[test]
    fn refused_applications_go_after_90_days_unless_in_the_talent_pool() {
        let policy = RetentionPolicy::default();
        let ended = datetime!(2026-01-01 00:00 UTC);
        let mut facts = RetentionFacts {
            status: ApplicationStatus::NonRetenue,
            ended_at: Some(ended),
            talent_pool: false,
            last_contact_at: ended,
        };
        assert_eq!(policy.decide(&facts, ended + Duration::days(89)), Retention::Keep);
        assert_eq!(policy.decide(&facts, ended + Duration::days(90)), Retention::Erase);
        facts.talent_pool = true;
        assert_eq!(policy.decide(&facts, ended + Duration::days(400)), Retention::Keep);
        assert_eq!(policy.decide(&facts, ended + Duration::days(730)), Retention::Erase);
        facts.status = ApplicationStatus::Entretien;
        facts.ended_at = None;
        assert_eq!(policy.decide(&facts, ended + Duration::days(3000)), Retention::Keep);
        facts.status = ApplicationStatus::Embauchee;
        facts.ended_at = Some(ended);
        assert_eq!(policy.decide(&facts, ended + Duration::days(3000)), Retention::Keep);
    }

    #[test]
    fn inactive_accounts_are_warned_30_days_before_deletion_at_two_years() {
        let policy = RetentionPolicy::default();
        let last = datetime!(2025-03-01 00:00 UTC);
        let (warn, delete) = policy.account_deadlines(last);
        assert_eq!(delete - last, Duration::days(730));
        assert_eq!(delete - warn, Duration::days(30));
    }
}
