//! Funding requests and their instruction: the states of the Démarches Simplifiées model, the
//! actions that move them, and the checks beyond the state machine.

use crate::domain::FieldError;
use crate::domain::coded::coded_enum;

coded_enum! {
    /// The states of a funding request, as the Démarches Simplifiées model names them.
    pub enum RequestState {
        Brouillon = ("brouillon", "Brouillon"),
        Deposee = ("deposee", "Déposée"),
        ACompleter = ("a_completer", "À compléter"),
        EnInstruction = ("en_instruction", "En instruction"),
        Acceptee = ("acceptee", "Acceptée"),
        Refusee = ("refusee", "Refusée"),
        SansSuite = ("sans_suite", "Classée sans suite"),
    }
}

impl RequestState {
    /// A decision was taken: the request can only change through a reopening, itself recorded.
    pub fn is_decided(self) -> bool {
        matches!(
            self,
            RequestState::Acceptee | RequestState::Refusee | RequestState::SansSuite
        )
    }

    /// The establishment may still change the documents.
    pub fn is_editable(self) -> bool {
        matches!(self, RequestState::Brouillon | RequestState::ACompleter)
    }

    /// The request counts as filed in the call's figures.
    pub fn is_filed(self) -> bool {
        self != RequestState::Brouillon
    }

    /// Where the request waits for someone, as the establishment reads it.
    pub fn next_step(self) -> &'static str {
        match self {
            RequestState::Brouillon => "Ajoutez les documents demandés puis déposez la demande.",
            RequestState::Deposee => "L'ARS va examiner la demande.",
            RequestState::ACompleter => "L'ARS demande des compléments : ajoutez-les puis déposez à nouveau.",
            RequestState::EnInstruction => "L'ARS instruit la demande et rendra sa décision.",
            RequestState::Acceptee => "La subvention est accordée.",
            RequestState::Refusee => "La demande est refusée ; le motif est indiqué ci-dessous.",
            RequestState::SansSuite => "La demande est classée sans suite ; le motif est indiqué ci-dessous.",
        }
    }
}

coded_enum! {
    /// What someone does to a request. Who may do it is [`RequestAction::by_ars`].
    pub enum RequestAction {
        /// The establishment files it (first time, or again after a request for more).
        Deposer = ("deposer", "Déposer la demande"),
        /// The ARS asks for more documents or information.
        DemanderComplements = ("demander_complements", "Demander des compléments"),
        /// The ARS starts examining it.
        Instruire = ("instruire", "Passer en instruction"),
        Accepter = ("accepter", "Accepter et accorder la subvention"),
        Refuser = ("refuser", "Refuser"),
        ClasserSansSuite = ("classer_sans_suite", "Classer sans suite"),
        /// The ARS takes a refusal or a classement back to instruction: the correction of a
        /// decision is a new event, never an edit of the old one.
        Rouvrir = ("rouvrir", "Rouvrir l'instruction"),
    }
}

impl RequestAction {
    pub const BY_ARS: [RequestAction; 6] = [
        RequestAction::DemanderComplements,
        RequestAction::Instruire,
        RequestAction::Accepter,
        RequestAction::Refuser,
        RequestAction::ClasserSansSuite,
        RequestAction::Rouvrir,
    ];

    pub fn by_ars(self) -> bool {
        self != RequestAction::Deposer
    }

    /// Whether the action needs a written reason that the establishment will read.
    pub fn needs_reason(self) -> bool {
        matches!(
            self,
            RequestAction::Refuser
                | RequestAction::ClasserSansSuite
                | RequestAction::DemanderComplements
                | RequestAction::Rouvrir
        )
    }
}

impl RequestState {
    /// The state an action leads to, or why it cannot be done now.
    pub fn apply(self, action: RequestAction) -> Result<RequestState, String> {
        use RequestAction as A;
        use RequestState as S;
        let to = match (self, action) {
            (S::Brouillon | S::ACompleter, A::Deposer) => Some(S::Deposee),
            // Instruction may find something missing too, such as the commitment.
            (S::Deposee | S::EnInstruction, A::DemanderComplements) => Some(S::ACompleter),
            (S::Deposee, A::Instruire) => Some(S::EnInstruction),
            (S::EnInstruction, A::Accepter) => Some(S::Acceptee),
            (S::EnInstruction, A::Refuser) => Some(S::Refusee),
            (S::EnInstruction, A::ClasserSansSuite) => Some(S::SansSuite),
            // An accepted request has become a subsidy that may already be paid: it is not
            // reopened; its subsidy is what gets corrected.
            (S::Refusee | S::SansSuite, A::Rouvrir) => Some(S::EnInstruction),
            _ => None,
        };
        to.ok_or_else(|| {
            format!(
                "Impossible de faire « {} » sur une demande dont l'état est « {} ».",
                action.label(),
                self.label()
            )
        })
    }

    /// The ARS's possible actions from here, in the order the form shows them.
    pub fn ars_actions(self) -> Vec<RequestAction> {
        let mut actions: Vec<RequestAction> = RequestAction::BY_ARS
            .into_iter()
            .filter(|a| self.apply(*a).is_ok())
            .collect();
        // Under instruction the decision comes first; asking for more is the exception.
        if self == RequestState::EnInstruction {
            actions.retain(|a| *a != RequestAction::DemanderComplements);
            actions.push(RequestAction::DemanderComplements);
        }
        actions
    }
}

/// Everything that decides whether an action may happen now, beyond the state machine.
#[derive(Debug, Clone)]
pub struct Decision<'a> {
    pub action: RequestAction,
    pub reason: &'a str,
    /// The call's required documents that the request does not carry yet.
    pub missing_documents: Vec<String>,
    /// The establishment ticked its commitment to keep the post (when filing: in this form;
    /// when accepting: as recorded at its filing).
    pub commitment: bool,
    /// The ARS ticked the box that states the amount it grants.
    pub amount_confirmed: bool,
    pub call_open: bool,
    /// Posts of the call not yet given.
    pub posts_left: i64,
}

/// Checks an action on a request; returns the new state, or the errors by field.
pub fn decide(state: RequestState, decision: &Decision<'_>) -> Result<RequestState, Vec<FieldError>> {
    let to = state
        .apply(decision.action)
        .map_err(|m| vec![FieldError::new("etat", m)])?;
    let mut errors = Vec::new();
    let reason = decision.reason.trim();
    if decision.action.needs_reason() && reason.is_empty() {
        errors.push(FieldError::new(
            "motif",
            match decision.action {
                RequestAction::DemanderComplements => "Indiquez ce que l'établissement doit compléter.",
                RequestAction::Rouvrir => "Indiquez pourquoi la décision est rouverte.",
                _ => "Indiquez le motif : l'établissement le lira.",
            },
        ));
    }
    if reason.chars().count() > 4000 {
        errors.push(FieldError::new("motif", "Le motif compte plus de 4 000 caractères."));
    }
    if decision.action == RequestAction::Deposer {
        // The first filing must happen while the call is open; completing a request the ARS
        // sent back may happen after the closing date.
        if state == RequestState::Brouillon && !decision.call_open {
            errors.push(FieldError::new(
                "etat",
                "L'appel à projets n'est pas ouvert : la demande ne peut pas être déposée.",
            ));
        }
        for document in &decision.missing_documents {
            errors.push(FieldError::new(
                "document",
                format!("Ajoutez le document demandé : « {document} »."),
            ));
        }
        if !decision.commitment {
            errors.push(FieldError::new(
                "engagement",
                "Cochez l'engagement à pérenniser le poste : l'appel à projets l'exige.",
            ));
        }
    }
    if decision.action == RequestAction::Accepter && !decision.commitment {
        errors.push(FieldError::new(
            "etat",
            "L'établissement n'a pas pris l'engagement de pérenniser le poste : demandez-lui de compléter sa demande avant de l'accepter.",
        ));
    }
    if decision.action == RequestAction::Accepter && !decision.amount_confirmed {
        errors.push(FieldError::new(
            "confirmation",
            "Cochez la case qui confirme le montant attribué.",
        ));
    }
    if decision.action == RequestAction::Accepter && decision.posts_left <= 0 {
        errors.push(FieldError::new(
            "etat",
            "Tous les postes de cet appel à projets sont déjà attribués.",
        ));
    }
    if errors.is_empty() { Ok(to) } else { Err(errors) }
}
