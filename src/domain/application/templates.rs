//! The decision e-mails' templates: the programme's wording, and an establishment's own.

use crate::domain::FieldError;
use crate::domain::coded::coded_enum;
use crate::domain::french::{Article, a_name, capitalised, de_name};

coded_enum! {
    /// The e-mails a recruiter's decision sends, each from a template the establishment may edit.
    pub enum TemplateKind {
        Preselection = ("preselection", "Candidature présélectionnée"),
        Entretien = ("entretien", "Invitation à un entretien"),
        Retenue = ("retenue", "Candidature retenue"),
        Embauche = ("embauche", "Embauche confirmée"),
        NonRetenue = ("non_retenue", "Candidature non retenue"),
    }
}

impl TemplateKind {
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
    /// How the establishment's name takes "à" and "de", if chosen; derived from it otherwise.
    pub article: Option<Article>,
}

impl MailTemplate {
    /// The placeholders filled in; an unknown `{...}` stays as written, for the recruiter to see.
    /// "à {etablissement}" and "de {etablissement}" take the name's article ("au Centre
    /// hospitalier…", "de l'EPSM…"), as a recruiter writes them without thinking of it.
    pub fn fill(&self, values: &TemplateValues) -> MailTemplate {
        let at = a_name(values.etablissement, values.article);
        let of = de_name(values.etablissement, values.article);
        let fill = |text: &str| {
            text.replace("à {etablissement}", &at)
                .replace("À {etablissement}", &capitalised(&at))
                .replace("de {etablissement}", &of)
                .replace("{nom}", values.nom)
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
