//! What a notification says of an event: its subject, its sentence, the button's words, and
//! why its recipient gets it. Plain French, no candidate's name: the number, the offer, the place.

use super::{Audience, Event, EventKind};

/// The words of one event, as a mail or a digest's line says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wording {
    pub subject: String,
    pub sentence: String,
    /// The link's words: "Voir la candidature".
    pub action: &'static str,
}

/// " (CH du Rouvray)" when the event names its establishment.
fn at(event: &Event) -> String {
    if event.place.is_empty() {
        String::new()
    } else {
        format!(" ({})", event.place)
    }
}

/// What a notification of `event` says.
pub fn wording(event: &Event) -> Wording {
    let (subject, sentence, action) = recruitment(event);
    Wording {
        subject,
        sentence,
        action,
    }
}

/// The subject, the sentence and the link's words of a recruitment's events; the programme's
/// are worded by [`programme`].
fn recruitment(event: &Event) -> (String, String, &'static str) {
    use EventKind::*;
    let (n, title, at, detail) = (event.reference, &event.title, at(event), &event.detail);
    match event.kind {
        ApplicationReceived => (
            format!("Nouvelle candidature n° {n} – {title}"),
            format!("Une nouvelle candidature (n° {n}) est arrivée pour l'offre « {title} »{at}."),
            "Voir la candidature",
        ),
        ApplicationWithdrawn => (
            format!("Candidature n° {n} retirée – {title}"),
            format!(
                "La candidature n° {n} à l'offre « {title} »{at} a été retirée par la personne qui l'avait envoyée."
            ),
            "Voir la candidature",
        ),
        FicheSubmitted => (
            format!("Fiche à relire : {title}{at}"),
            format!("La fiche n° {n} « {title} »{at} est soumise à la relecture du CCOMS."),
            "Relire la fiche",
        ),
        FicheCommented => (
            format!("Nouvelle remarque sur la fiche « {title} »"),
            format!("Une remarque a été écrite sur la fiche n° {n} « {title} »{at}."),
            "Lire la remarque",
        ),
        FicheCorrectionAsked => (
            format!("Fiche à corriger : {title}"),
            format!(
                "Le CCOMS demande des corrections sur la fiche n° {n} « {title} »{at} : ses remarques sont sur la fiche."
            ),
            "Corriger la fiche",
        ),
        FichePublished => (
            format!("Offre publiée : {title}"),
            format!("La fiche n° {n} « {title} »{at} est publiée : l'offre est visible de tous."),
            "Voir la fiche",
        ),
        FicheClosed => (
            format!("Offre close : {title}"),
            format!("L'offre n° {n} « {title} »{at} est close{}.", colon(detail)),
            "Voir la fiche",
        ),
        InterviewScheduled | InterviewMoved | InterviewCancelled => (
            format!("Entretien – candidature n° {n}"),
            format!("Entretien de la candidature n° {n} à l'offre « {title} »{at} : {detail}."),
            "Voir la candidature",
        ),
        HireExceptionAsked => (
            format!("Dérogation demandée – candidature n° {n}"),
            format!(
                "L'équipe demande au CCOMS une dérogation pour embaucher sur l'offre « {title} »{at} (candidature n° {n}) : sa raison est dans l'historique de la candidature."
            ),
            "Voir la candidature",
        ),
        EvaluationAwaited => (
            format!("Évaluation attendue – candidature n° {n}"),
            format!(
                "L'entretien de la candidature n° {n} à l'offre « {title} »{at} a eu lieu : votre évaluation est attendue."
            ),
            "Écrire l'évaluation",
        ),
        _ => programme(event),
    }
}

/// The words of the programme's events: funding, enrolments, the first year, hires, new teams.
fn programme(event: &Event) -> (String, String, &'static str) {
    use EventKind::*;
    let (n, title, at, detail) = (event.reference, &event.title, at(event), &event.detail);
    match event.kind {
        FundingFiled => (
            format!("Demande de financement n° {n} déposée{at}"),
            format!("La demande de financement n° {n} « {title} »{at} est déposée : elle attend votre instruction."),
            "Instruire la demande",
        ),
        FundingCompleted => (
            format!("Demande de financement n° {n} complétée{at}"),
            format!(
                "La demande de financement n° {n} « {title} »{at} a été complétée : elle attend votre instruction."
            ),
            "Instruire la demande",
        ),
        FundingIncomplete => (
            format!("Demande de financement n° {n} à compléter"),
            format!(
                "L'ARS demande de compléter la demande de financement n° {n} « {title} »{at}{}.",
                colon(detail)
            ),
            "Compléter la demande",
        ),
        FundingDecided => (
            format!("Décision sur la demande de financement n° {n}"),
            format!("La demande de financement n° {n} « {title} »{at} est {detail}."),
            "Voir la décision",
        ),
        EnrolmentMoved => (
            format!("Inscription en formation n° {n} : {detail}"),
            format!("L'inscription en formation n° {n} ({title}){at} passe à l'état « {detail} »."),
            "Voir l'inscription",
        ),
        MilestoneComing => (
            format!("Rappel : {title}"),
            format!("Première année de l'inscription n° {n}{at} : {title}, {detail}."),
            "Voir le parcours",
        ),
        Hired => (
            format!("Embauche sur l'offre « {title} »{at}"),
            format!(
                "Une personne a été embauchée sur l'offre « {title} »{at} (candidature n° {n}) : son inscription en formation est à préparer."
            ),
            "Voir les inscriptions",
        ),
        _ => accompaniment(event),
    }
}

/// The words of a project's events, from a team's first request on, which the CCOMS and the team
/// tell each other.
fn accompaniment(event: &Event) -> (String, String, &'static str) {
    use EventKind::*;
    let (n, title, at, detail) = (event.reference, &event.title, at(event), &event.detail);
    match event.kind {
        ProjectAbandoned => (
            format!("Projet de poste n° {n} abandonné{at}"),
            format!(
                "L'équipe abandonne le projet de poste n° {n} « {title} »{at}{}.",
                colon(detail)
            ),
            "Voir le projet",
        ),
        ProjectCorrected => (
            format!("Projet de poste n° {n} : étape corrigée"),
            format!(
                "Le CCOMS a corrigé l'étape du projet de poste n° {n} « {title} »{at}{}.",
                colon(detail)
            ),
            "Voir le projet",
        ),
        PreparationReviewed => (
            format!("Projet de poste n° {n} : préparation relue"),
            format!("Le CCOMS a relu la préparation de l'équipe pour le projet de poste n° {n} « {title} »{at}."),
            "Voir le projet",
        ),
        TeamRequestConfirmed => (
            format!("Demande de création de poste n° {n} – {title}"),
            format!(
                "Une équipe demande à créer un poste de médiateur de santé-pair : demande n° {n}, {title}{at}. Elle attend votre réponse."
            ),
            "Voir la demande",
        ),
        // Mail leaves the platform: neither the message's text nor its author's name.
        NetworkMessage => (
            format!("Un message vous attend sur le réseau des MSP (conversation n° {n})"),
            format!(
                "Un membre du réseau des MSP vous a écrit dans la conversation n° {n}. Son message vous attend sur la plateforme : il n'est pas recopié ici."
            ),
            "Lire le message",
        ),
        _ => unreachable!("a recruitment's events are worded by recruitment(), the programme's by programme()"),
    }
}

/// " : detail", or nothing.
fn colon(detail: &str) -> String {
    if detail.is_empty() {
        String::new()
    } else {
        format!(" : {detail}")
    }
}

/// Why a person gets a notification: every mail says it.
pub fn why(audience: Audience) -> &'static str {
    match audience {
        Audience::Recruiters => "vous recrutez pour l'établissement concerné",
        Audience::ApplicationAddress => "cette adresse est l'adresse de candidature indiquée dans la fiche de poste",
        Audience::Coordinators => "vous coordonnez le programme au CCOMS",
        Audience::ArsOfficers => "vous suivez les financements de cette région à l'ARS",
        Audience::People => "cela vous concerne directement",
    }
}
