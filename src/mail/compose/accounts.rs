//! Mails about an account: its address, its password, an invitation, its coming erasure.

/// The answer to "mot de passe oublié": a link to choose a new one (1 hour, once).
pub struct PasswordReset<'a> {
    pub link: &'a str,
}

kind! {
    PasswordReset: "reinitialisation", "mail/password_reset.txt", "mail/password_reset.html",
    subject: |_| "Choisir un nouveau mot de passe".into()
}

/// After sign-up: the link that confirms the address (2 days, once).
pub struct AddressCheck<'a> {
    pub link: &'a str,
}

kind! {
    AddressCheck: "verification_adresse", "mail/address_check.txt", "mail/address_check.html",
    subject: |_| "Confirmez votre adresse e-mail".into()
}

/// A sign-up with an address that already has an account: told to its owner, not on the page.
pub struct SignupTaken<'a> {
    /// The "mot de passe oublié" page.
    pub link: &'a str,
}

kind! {
    SignupTaken: "inscription_existante", "mail/signup_taken.txt", "mail/signup_taken.html",
    subject: |_| "Une inscription a été tentée avec votre adresse".into()
}

/// An invitation to create a staff account with a role (7 days, once).
pub struct Invitation<'a> {
    /// The role's French label.
    pub role: &'a str,
    pub link: &'a str,
}

kind! {
    Invitation: "invitation", "mail/invitation.txt", "mail/invitation.html",
    subject: |_| "Invitation sur la plateforme du programme Médiateur de santé-pair".into()
}

/// A candidate's account unused for almost two years: erased in 30 days unless they sign in.
pub struct InactivityWarning<'a> {
    /// The sign-in page.
    pub link: &'a str,
}

kind! {
    InactivityWarning: "avertissement_inactivite", "mail/inactivity_warning.txt", "mail/inactivity_warning.html",
    subject: |_| "Votre compte sera effacé dans 30 jours".into()
}
