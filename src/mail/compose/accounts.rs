//! Mails about an account: its address, its password, an invitation, its coming erasure.

use super::Compose;

/// The answer to "mot de passe oublié": a link to choose a new one (1 hour, once).
pub struct PasswordReset<'a> {
    pub link: &'a str,
}

impl Compose for PasswordReset<'_> {
    fn kind(&self) -> &str {
        "reinitialisation"
    }
    fn subject(&self) -> String {
        "Choisir un nouveau mot de passe".into()
    }
}

bodies!(PasswordReset, "mail/password_reset.txt", "mail/password_reset.html");

/// After sign-up: the link that confirms the address (2 days, once).
pub struct AddressCheck<'a> {
    pub link: &'a str,
}

impl Compose for AddressCheck<'_> {
    fn kind(&self) -> &str {
        "verification_adresse"
    }
    fn subject(&self) -> String {
        "Confirmez votre adresse e-mail".into()
    }
}

bodies!(AddressCheck, "mail/address_check.txt", "mail/address_check.html");

/// A sign-up with an address that already has an account: told to its owner, not on the page.
pub struct SignupTaken<'a> {
    /// The "mot de passe oublié" page.
    pub link: &'a str,
}

impl Compose for SignupTaken<'_> {
    fn kind(&self) -> &str {
        "inscription_existante"
    }
    fn subject(&self) -> String {
        "Une inscription a été tentée avec votre adresse".into()
    }
}

bodies!(SignupTaken, "mail/signup_taken.txt", "mail/signup_taken.html");

/// An invitation to create a staff account with a role (7 days, once).
pub struct Invitation<'a> {
    /// The role's French label.
    pub role: &'a str,
    pub link: &'a str,
}

impl Compose for Invitation<'_> {
    fn kind(&self) -> &str {
        "invitation"
    }
    fn subject(&self) -> String {
        "Invitation sur la plateforme du programme Médiateur de santé-pair".into()
    }
}

bodies!(Invitation, "mail/invitation.txt", "mail/invitation.html");

/// A candidate's account unused for almost two years: erased in 30 days unless they sign in.
pub struct InactivityWarning<'a> {
    /// The sign-in page.
    pub link: &'a str,
}

impl Compose for InactivityWarning<'_> {
    fn kind(&self) -> &str {
        "avertissement_inactivite"
    }
    fn subject(&self) -> String {
        "Votre compte sera effacé dans 30 jours".into()
    }
}

bodies!(
    InactivityWarning,
    "mail/inactivity_warning.txt",
    "mail/inactivity_warning.html"
);
