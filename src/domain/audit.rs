//! What the audit log's codes mean, in French: each action written to the log has its sentence,
//! each kind of target its name. The log stores the codes (they are what filters and exports
//! match); people read these.

/// Every action code the application writes to the audit log, and how the log page says it.
/// A code missing here fails the tests (`db::audit::record` checks it in debug builds, and a
/// test below reads the sources for the codes they write).
pub const ACTIONS: [(&str, &str); 88] = [
    ("connexion", "Connexion"),
    ("mot_de_passe_verifie", "Mot de passe vérifié, second facteur attendu"),
    ("deconnexion", "Déconnexion"),
    ("connexion_oidc", "Connexion par le fournisseur d'identité (ProConnect)"),
    (
        "oidc_verifie",
        "Identité vérifiée par le fournisseur, second facteur attendu",
    ),
    ("identite_liee", "Identité du fournisseur liée au compte"),
    ("identite_deliee", "Identité du fournisseur déliée du compte"),
    ("compte_cree", "Compte créé"),
    ("invitation_creee", "Invitation envoyée"),
    ("email_verifie", "Adresse e-mail confirmée"),
    ("mot_de_passe_modifie", "Mot de passe modifié"),
    ("mot_de_passe_reinitialise", "Mot de passe réinitialisé"),
    ("double_authentification_activee", "Double authentification activée"),
    (
        "double_authentification_desactivee",
        "Double authentification désactivée",
    ),
    ("compte_efface", "Compte effacé"),
    ("journal_consulte", "Journal d'audit consulté"),
    ("lecture_candidatures", "Liste des candidatures consultée"),
    ("lecture_candidature", "Candidature consultée"),
    ("lecture_document", "Pièce d'une candidature consultée"),
    ("candidature_etat", "Candidature changée d'étape"),
    ("derogation_embauche", "Embauche autorisée par dérogation"),
    ("derogation_demandee", "Dérogation d'embauche demandée au CCOMS"),
    ("entretien_prevu", "Entretien prévu"),
    ("entretien_modifie", "Entretien modifié"),
    ("entretien_annule", "Entretien annulé"),
    ("fiche_commencee", "Fiche de poste commencée"),
    ("fiche_reprise", "Fiche de poste reprise d'une autre fiche"),
    (
        "fiche_importee",
        "Fiche de poste importée d'un document ou d'un texte collé",
    ),
    ("fiche_soumise", "Fiche de poste soumise à la coordination"),
    ("fiche_a_corriger", "Fiche de poste renvoyée pour correction"),
    ("fiche_publiee", "Fiche de poste publiée"),
    (
        "avertissement_accepte",
        "Avertissement sur une exigence de la fiche accepté",
    ),
    ("fiche_retiree", "Fiche de poste retirée"),
    ("offre_pourvue", "Offre close : poste pourvu"),
    ("projet_ouvert", "Projet de poste ouvert"),
    (
        "projet_etape",
        "Étape du projet de poste changée (avant qu'elle ne suive les faits)",
    ),
    (
        "projet_etape_corrigee",
        "Étape du projet de poste corrigée par le CCOMS",
    ),
    ("projet_abandonne", "Projet de poste abandonné par l'équipe"),
    ("reunion_accompagnement", "Réunion d'accompagnement enregistrée"),
    ("preparation_equipe", "Préparation de l'équipe modifiée"),
    ("preparation_relue", "Préparation de l'équipe relue par le CCOMS"),
    ("projet_promotion_visee", "Promotion visée par le projet choisie"),
    ("promotion_creee", "Promotion créée"),
    ("promotion_modifiee", "Promotion modifiée"),
    ("msp_inscrit", "MSP inscrit·e dans une promotion"),
    ("inscriptions_consultees", "Liste des inscriptions consultée"),
    ("inscription_consultee", "Inscription consultée"),
    ("inscription_etape", "Inscription changée d'étape"),
    ("arrivee_fixee", "Date d'arrivée fixée"),
    ("etape_integration_faite", "Étape d'intégration faite"),
    ("agenda_cree", "Adresse d'agenda créée"),
    ("agenda_revoque", "Adresse d'agenda révoquée"),
    ("lecture_reseau", "Annuaire du réseau des MSP consulté"),
    ("lecture_conversation_signalee", "Message signalé du réseau des MSP lu"),
    ("membre_reseau_retire", "Membre retiré du réseau des MSP"),
    ("webhook_cree", "Adresse de webhook ajoutée"),
    ("webhook_supprime", "Adresse de webhook supprimée"),
    ("webhook_secret_renouvele", "Secret de webhook renouvelé"),
    ("webhook_desactive", "Adresse de webhook désactivée"),
    ("webhook_reactive", "Adresse de webhook réactivée"),
    ("appel_ouvert", "Appel à projets ouvert"),
    ("demande_financement_ouverte", "Demande de financement commencée"),
    ("demande_financement_deposee", "Demande de financement déposée"),
    ("demande_financement_instruite", "Demande de financement instruite"),
    (
        "document_financement_ajoute",
        "Pièce d'une demande de financement ajoutée",
    ),
    (
        "document_financement_retire",
        "Pièce d'une demande de financement retirée",
    ),
    ("subvention_versement", "Versement de subvention enregistré"),
    ("subvention_perennisation", "Engagement de pérennisation enregistré"),
    ("subvention_rappel", "Rappel de fin de subvention envoyé"),
    ("etablissement_cree", "Établissement créé"),
    ("etablissement_modifie", "Établissement modifié"),
    ("etablissements_fusionnes", "Établissements fusionnés"),
    ("demande_poste_acceptee", "Demande de création de poste acceptée"),
    ("demande_poste_repondue", "Demande de création de poste répondue"),
    ("vivier_consulte", "Vivier consulté : liste des profils"),
    ("profil_vivier_consulte", "Profil du vivier consulté"),
    ("invitation_vivier", "Invitation à postuler envoyée depuis le vivier"),
    ("glossaire_terme_ecrit", "Terme du glossaire écrit ou corrigé"),
    ("glossaire_terme_retire", "Terme du glossaire rétabli ou retiré"),
    ("cle_api_creee", "Clé d'API d'un établissement créée"),
    ("cle_api_revoquee", "Clé d'API d'un établissement révoquée"),
    (
        "fiche_creee_api",
        "Fiche de poste commencée par l'API d'un établissement",
    ),
    (
        "lecture_candidature_api",
        "Candidature consultée par l'API d'un établissement",
    ),
    (
        "lecture_candidatures_api",
        "Liste des candidatures d'une offre consultée par l'API d'un établissement",
    ),
    ("rendez_vous_cree", "Rendez-vous de l'agenda créé"),
    ("rendez_vous_modifie", "Rendez-vous de l'agenda modifié"),
    ("rendez_vous_annule", "Rendez-vous de l'agenda annulé"),
    ("inscrits_consultes", "Liste des inscrits à un rendez-vous consultée"),
];

/// Every kind of target the log names, and its French name.
pub const TARGET_KINDS: [(&str, &str); 24] = [
    ("utilisateur", "Utilisateur"),
    ("session", "Session"),
    ("compte", "Compte"),
    ("journal", "Journal"),
    ("candidature", "Candidature"),
    ("fiche", "Fiche"),
    ("projet", "Projet"),
    ("promotion", "Promotion"),
    ("inscription", "Inscription"),
    ("agenda", "Agenda"),
    ("webhook", "Adresse de webhook"),
    ("msp", "Agenda d'un·e MSP"),
    // An establishment, or its calendar of training weeks (the action says which).
    ("etablissement", "Établissement"),
    ("demande_poste", "Demande de création de poste"),
    ("appel", "Appel à projets"),
    ("demande_financement", "Demande de financement"),
    ("subvention", "Subvention"),
    ("vivier", "Vivier"),
    ("membre_vivier", "Membre du vivier"),
    ("glossaire", "Terme du glossaire"),
    ("cle_api", "Clé d'API"),
    ("rendez_vous", "Rendez-vous de l'agenda"),
    ("reseau", "Réseau des MSP"),
    ("conversation_reseau", "Conversation du réseau des MSP"),
];

/// How the log page says an action; `None` for a code the application never writes.
pub fn action_label(code: &str) -> Option<&'static str> {
    ACTIONS.iter().find(|(c, _)| *c == code).map(|(_, label)| *label)
}

/// The French name of a kind of target; the code itself for one the application never writes.
pub fn target_label(code: &str) -> &str {
    TARGET_KINDS
        .iter()
        .find(|(c, _)| *c == code)
        .map_or(code, |(_, label)| label)
}

#[cfg(test)]
mod tests;
