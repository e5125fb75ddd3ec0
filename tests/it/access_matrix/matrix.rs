//! The table: every route, with who may reach it.

use super::*;

/// Who may reach a route, as the product decides it (DESIGN §2).
#[derive(Debug, Clone, Copy)]
pub(super) enum Rule {
    Anyone,
    /// Someone who gave their password and still owes the second factor.
    SecondFactorStep,
    /// Signed in, even half-way, to enrol the second factor.
    Enrolment,
    /// Fully signed in, any role.
    SignedIn,
    /// Fully signed in with one of these roles.
    Only(&'static [Role]),
    /// One of these roles, and the resource in the actor's scope: the establishment's
    /// recruiters, the CCOMS everywhere. Out of scope, the resource does not exist (404).
    InScope(&'static [Role]),
}

const ADMINISTRATION: Rule = Rule::Only(&[Role::Admin, Role::Coordinator]);
const POSTS: &[Role] = &[Role::Recruiter, Role::Coordinator];
/// The establishment's own recruiters only.
const RECRUITERS: &[Role] = &[Role::Recruiter];
/// A candidate's own account.
const CANDIDATES: Rule = Rule::Only(&[Role::Candidate]);
/// Funding is followed by the establishment, the region's ARS and the CCOMS.
const FUNDING: &[Role] = &[Role::Recruiter, Role::Coordinator, Role::ArsOfficer];
const ARS: &[Role] = &[Role::ArsOfficer];
/// Whoever the event log tells something: they choose what, and when.
const NOTIFIED: &[Role] = &[Role::Recruiter, Role::Coordinator, Role::ArsOfficer, Role::Msp];
const CCOMS: Rule = Rule::Only(&[Role::Coordinator]);
const ENROLMENTS: &[Role] = &[Role::Coordinator, Role::University, Role::Recruiter, Role::Msp];
/// The MSP's journal and calendar: the MSP, their manager and the CCOMS.
const JOURNAL: &[Role] = &[Role::Coordinator, Role::Recruiter, Role::Msp];

/// Every role but candidates.
const STAFF: &[Role] = &[
    Role::Recruiter,
    Role::Coordinator,
    Role::ArsOfficer,
    Role::University,
    Role::Msp,
    Role::Admin,
];

/// Every route, with who may reach it.
pub(super) const MATRIX: &[(&str, &str, Rule)] = &[
    ("GET", "/", Rule::Anyone),
    ("GET", "/offres", Rule::Anyone),
    ("GET", "/offres.atom", Rule::Anyone),
    ("GET", "/offres/{slug}", Rule::Anyone),
    ("GET", "/offres/{slug}/pdf", Rule::Anyone),
    ("GET", "/api/v1/offres", Rule::Anyone),
    ("GET", "/api/v1/offres/{slug}", Rule::Anyone),
    ("GET", "/api/v1/communes", Rule::Anyone),
    ("GET", "/static/lieu.js", Rule::Anyone),
    ("GET", "/carte", Rule::Anyone),
    ("POST", "/alertes", Rule::Anyone),
    ("GET", "/alertes/confirmation", Rule::Anyone),
    ("POST", "/alertes/confirmation", Rule::Anyone),
    ("GET", "/alertes/desabonnement", Rule::Anyone),
    ("POST", "/alertes/desabonnement", Rule::Anyone),
    ("GET", "/alertes/flux/{key}", Rule::Anyone),
    ("GET", "/compte/alertes", Rule::SignedIn),
    ("POST", "/compte/alertes/{id}/supprimer", Rule::SignedIn),
    ("GET", "/donnees-personnelles", Rule::Anyone),
    ("GET", "/accessibilite", Rule::Anyone),
    ("GET", "/apres-candidature", Rule::Anyone),
    ("GET", "/preparer-entretien", Rule::Anyone),
    ("GET", "/glossaire", Rule::Anyone),
    ("GET", "/glossaire/modifier", CCOMS),
    ("POST", "/glossaire/modifier", CCOMS),
    ("POST", "/glossaire/retirer", CCOMS),
    ("GET", "/styleguide", Rule::Only(STAFF)),
    ("GET", "/healthz", Rule::Anyone),
    ("GET", "/readyz", Rule::Anyone),
    ("GET", "/metrics", Rule::Anyone),
    ("GET", "/static/style.css", Rule::Anyone),
    ("GET", "/static/session.js", Rule::Anyone),
    ("GET", "/static/partage.js", Rule::Anyone),
    ("GET", "/static/icons/favicon.svg", Rule::Anyone),
    ("GET", "/static/icons/apple-touch-icon.png", Rule::Anyone),
    ("GET", "/favicon.ico", Rule::Anyone),
    ("GET", "/apple-touch-icon.png", Rule::Anyone),
    ("GET", "/inscription", Rule::Anyone),
    ("POST", "/inscription", Rule::Anyone),
    ("GET", "/verification-email", Rule::Anyone),
    ("GET", "/connexion", Rule::Anyone),
    ("POST", "/connexion", Rule::Anyone),
    ("GET", "/connexion/code", Rule::SecondFactorStep),
    ("POST", "/connexion/code", Rule::SecondFactorStep),
    ("POST", "/deconnexion", Rule::Anyone),
    ("GET", "/mot-de-passe-oublie", Rule::Anyone),
    ("POST", "/mot-de-passe-oublie", Rule::Anyone),
    ("GET", "/mot-de-passe/nouveau", Rule::Anyone),
    ("POST", "/mot-de-passe/nouveau", Rule::Anyone),
    ("GET", "/invitation", Rule::Anyone),
    ("POST", "/invitation", Rule::Anyone),
    ("GET", "/compte", Rule::SignedIn),
    ("GET", "/espace", Rule::SignedIn),
    ("GET", "/compte/notifications", Rule::Only(NOTIFIED)),
    ("POST", "/compte/notifications", Rule::Only(NOTIFIED)),
    ("GET", "/notifications/desabonnement", Rule::Anyone),
    ("POST", "/notifications/desabonnement", Rule::Anyone),
    ("POST", "/compte/mot-de-passe", Rule::SignedIn),
    ("GET", "/compte/double-authentification", Rule::Enrolment),
    ("POST", "/compte/double-authentification", Rule::Enrolment),
    ("POST", "/compte/double-authentification/desactiver", CANDIDATES),
    ("POST", "/session/prolonger", Rule::SignedIn),
    ("GET", "/admin/utilisateurs", ADMINISTRATION),
    ("GET", "/admin/invitations", ADMINISTRATION),
    ("POST", "/admin/invitations", ADMINISTRATION),
    ("GET", "/admin/journal", ADMINISTRATION),
    ("GET", "/projets", Rule::Only(POSTS)),
    ("GET", "/projets/nouveau", Rule::Only(RECRUITERS)),
    ("POST", "/projets/nouveau", Rule::Only(RECRUITERS)),
    ("GET", "/projets/{id}", Rule::InScope(POSTS)),
    ("POST", "/projets/{id}/fiche", Rule::InScope(RECRUITERS)),
    ("POST", "/projets/{id}/abandon", Rule::InScope(RECRUITERS)),
    ("GET", "/projets/{id}/preparation", Rule::InScope(RECRUITERS)),
    ("POST", "/projets/{id}/preparation", Rule::InScope(RECRUITERS)),
    ("POST", "/projets/{id}/reunions", Rule::InScope(&[Role::Coordinator])),
    (
        "POST",
        "/projets/{id}/preparation/relecture",
        Rule::InScope(&[Role::Coordinator]),
    ),
    ("POST", "/projets/{id}/correction", Rule::InScope(&[Role::Coordinator])),
    ("GET", "/fiches/{id}", Rule::InScope(POSTS)),
    ("GET", "/fiches/{id}/modifier", Rule::InScope(RECRUITERS)),
    ("POST", "/fiches/{id}/modifier", Rule::InScope(RECRUITERS)),
    ("GET", "/fiches/{id}/reprendre", Rule::InScope(RECRUITERS)),
    ("POST", "/fiches/{id}/reprendre", Rule::InScope(RECRUITERS)),
    ("GET", "/fiches/{id}/importer", Rule::InScope(RECRUITERS)),
    ("POST", "/fiches/{id}/importer", Rule::InScope(RECRUITERS)),
    ("POST", "/fiches/{id}/importer/ecarter", Rule::InScope(RECRUITERS)),
    ("GET", "/fiches/{id}/apercu", Rule::InScope(POSTS)),
    ("GET", "/fiches/{id}/pdf", Rule::InScope(POSTS)),
    ("POST", "/fiches/{id}/soumettre", Rule::InScope(RECRUITERS)),
    ("POST", "/fiches/{id}/commentaires", Rule::InScope(&[Role::Coordinator])),
    ("POST", "/fiches/{id}/decision", Rule::InScope(&[Role::Coordinator])),
    (
        "POST",
        "/fiches/{id}/avertissements",
        Rule::InScope(&[Role::Coordinator]),
    ),
    ("POST", "/fiches/{id}/fin", Rule::InScope(POSTS)),
    ("GET", "/fiches/{id}/versions", Rule::InScope(POSTS)),
    ("GET", "/fiches/{id}/place-emploi-public", Rule::InScope(POSTS)),
    ("GET", "/offres/{slug}/candidater", Rule::Anyone),
    ("POST", "/offres/{slug}/candidater", Rule::Anyone),
    ("GET", "/fiches/{id}/candidatures", Rule::InScope(POSTS)),
    ("POST", "/fiches/{id}/candidatures/decision", Rule::InScope(RECRUITERS)),
    ("GET", "/candidatures/{id}", Rule::InScope(POSTS)),
    ("POST", "/candidatures/{id}/etat", Rule::InScope(RECRUITERS)),
    (
        "POST",
        "/candidatures/{id}/derogation",
        Rule::InScope(&[Role::Coordinator]),
    ),
    (
        "POST",
        "/candidatures/{id}/derogation/demande",
        Rule::InScope(RECRUITERS),
    ),
    ("POST", "/candidatures/{id}/notes", Rule::InScope(POSTS)),
    ("GET", "/candidatures/{id}/documents/{kind}", Rule::InScope(POSTS)),
    ("POST", "/candidatures/{id}/entretiens", Rule::InScope(RECRUITERS)),
    ("POST", "/entretiens/{id}/modifier", Rule::InScope(RECRUITERS)),
    ("POST", "/entretiens/{id}/annuler", Rule::InScope(RECRUITERS)),
    ("POST", "/entretiens/{id}/evaluation", Rule::InScope(POSTS)),
    ("GET", "/etablissements/{id}/modeles", Rule::InScope(RECRUITERS)),
    ("POST", "/etablissements/{id}/modeles", Rule::InScope(RECRUITERS)),
    ("POST", "/etablissements/{id}/article", Rule::InScope(RECRUITERS)),
    // A candidate's own applications: the query holds only theirs, so no other role has any.
    ("GET", "/mes-candidatures", CANDIDATES),
    ("GET", "/mes-candidatures/{id}", CANDIDATES),
    ("POST", "/mes-candidatures/{id}/retrait", CANDIDATES),
    ("POST", "/mes-candidatures/{id}/vivier", CANDIDATES),
    ("POST", "/mes-candidatures/{id}/consentement", CANDIDATES),
    ("GET", "/mes-donnees.zip", CANDIDATES),
    ("POST", "/compte/effacement", CANDIDATES),
    // The follow link is the candidate's secret: whoever holds it follows that application.
    ("GET", "/suivi/{token}", Rule::Anyone),
    ("POST", "/suivi/{token}/retrait", Rule::Anyone),
    ("POST", "/suivi/{token}/vivier", Rule::Anyone),
    ("POST", "/suivi/{token}/consentement", Rule::Anyone),
    ("GET", "/suivi/{token}/donnees.zip", Rule::Anyone),
    ("GET", "/statistiques", Rule::Anyone),
    ("GET", "/financements", Rule::Only(FUNDING)),
    ("GET", "/financements.csv", Rule::Only(ARS)),
    ("GET", "/appels/nouveau", Rule::Only(ARS)),
    ("POST", "/appels/nouveau", Rule::Only(ARS)),
    ("GET", "/appels/{id}", Rule::InScope(FUNDING)),
    ("POST", "/appels/{id}/demandes", Rule::InScope(RECRUITERS)),
    ("GET", "/demandes/{id}", Rule::InScope(FUNDING)),
    ("POST", "/demandes/{id}/documents", Rule::InScope(RECRUITERS)),
    ("POST", "/demandes/{id}/documents/supprimer", Rule::InScope(RECRUITERS)),
    ("POST", "/demandes/{id}/deposer", Rule::InScope(RECRUITERS)),
    ("POST", "/demandes/{id}/instruction", Rule::InScope(ARS)),
    ("GET", "/documents-financement/{id}", Rule::InScope(FUNDING)),
    ("GET", "/subventions/{id}", Rule::InScope(FUNDING)),
    ("POST", "/subventions/{id}/versements", Rule::InScope(ARS)),
    (
        "POST",
        "/subventions/{id}/perennisation",
        Rule::InScope(&[Role::Recruiter, Role::ArsOfficer]),
    ),
    // The programme's calendar: cohorts and the dashboard are the CCOMS's; enrolments are seen by
    // the CCOMS, the university of the track, the establishment and the MSP themselves.
    ("GET", "/promotions", CCOMS),
    ("POST", "/promotions", CCOMS),
    ("GET", "/promotions/{id}", CCOMS),
    ("POST", "/promotions/{id}", CCOMS),
    ("POST", "/promotions/{id}/agenda", CCOMS),
    ("GET", "/projets/{id}/retroplanning", Rule::InScope(POSTS)),
    ("POST", "/projets/{id}/retroplanning", Rule::InScope(POSTS)),
    ("GET", "/tableau-de-bord", CCOMS),
    ("GET", "/inscriptions", Rule::Only(ENROLMENTS)),
    ("POST", "/inscriptions", CCOMS),
    ("GET", "/inscriptions/{id}", Rule::InScope(ENROLMENTS)),
    (
        "POST",
        "/inscriptions/{id}/etat",
        Rule::InScope(&[Role::Coordinator, Role::University]),
    ),
    ("POST", "/inscriptions/{id}/journal", Rule::InScope(JOURNAL)),
    ("POST", "/inscriptions/{id}/etapes", Rule::InScope(JOURNAL)),
    ("POST", "/inscriptions/{id}/arrivee", Rule::InScope(POSTS)),
    ("POST", "/inscriptions/{id}/agenda", Rule::InScope(JOURNAL)),
    ("POST", "/etablissements/{id}/agenda", Rule::InScope(POSTS)),
    ("POST", "/agendas/{id}/revoquer", Rule::InScope(JOURNAL)),
    ("GET", "/mon-parcours", Rule::Only(&[Role::Msp])),
    // A feed's secret address opens it for whoever holds it.
    ("GET", "/agenda/{token}", Rule::Anyone),
    // The door for new teams: the request, its confirmation and the contact page are public;
    // the CCOMS answers requests and keeps the register of establishments.
    ("GET", "/creer-un-poste", Rule::Anyone),
    ("POST", "/creer-un-poste", Rule::Anyone),
    ("GET", "/creer-un-poste/confirmation", Rule::Anyone),
    ("POST", "/creer-un-poste/confirmation", Rule::Anyone),
    ("GET", "/contact", Rule::Anyone),
    ("GET", "/demandes-de-poste", CCOMS),
    ("GET", "/demandes-de-poste/{id}", CCOMS),
    ("POST", "/demandes-de-poste/{id}/accepter", CCOMS),
    ("POST", "/demandes-de-poste/{id}/repondre", CCOMS),
    ("GET", "/etablissements", CCOMS),
    ("GET", "/etablissements/nouveau", CCOMS),
    ("POST", "/etablissements/nouveau", CCOMS),
    ("GET", "/etablissements/{id}/modifier", CCOMS),
    ("POST", "/etablissements/{id}/modifier", CCOMS),
    ("GET", "/etablissements/fusion", CCOMS),
    ("POST", "/etablissements/fusion", CCOMS),
];
