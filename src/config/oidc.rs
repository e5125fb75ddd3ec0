//! Staff sign-in through an OpenID Connect provider (ProConnect by default, Pro Santé Connect or
//! any other by configuration alone). Unset issuer: no button, the routes answer 404.

use std::fmt;

use clap::Args;

#[derive(Clone, Args, Default)]
pub struct OidcConfig {
    /// The provider's issuer (its discovery document is ISSUER/.well-known/openid-configuration),
    /// e.g. `https://auth.agentconnect.gouv.fr/api/v2`. https only, except on a loopback host.
    #[arg(long = "oidc-issuer", env = "MSP_OIDC_ISSUER")]
    pub issuer: Option<String>,

    /// The client id this platform was registered with at the provider.
    #[arg(long = "oidc-client-id", env = "MSP_OIDC_CLIENT_ID", default_value = "")]
    pub client_id: String,

    /// The client secret (or MSP_OIDC_CLIENT_SECRET_FILE, a file holding it).
    #[arg(long = "oidc-client-secret", env = "MSP_OIDC_CLIENT_SECRET", hide_env_values = true)]
    pub client_secret: Option<String>,

    /// A file holding the client secret, for secret stores mounted as files.
    #[arg(long = "oidc-client-secret-file", env = "MSP_OIDC_CLIENT_SECRET_FILE")]
    pub client_secret_file: Option<std::path::PathBuf>,

    /// The provider's name on the button ("S'identifier avec NAME").
    #[arg(long = "oidc-name", env = "MSP_OIDC_NAME", default_value = "ProConnect")]
    pub name: String,

    /// `acr` values the provider returns after a multi-factor sign-in, comma-separated: only
    /// those skip the local second factor (none by default).
    #[arg(long = "oidc-mfa-acr", env = "MSP_OIDC_MFA_ACR", value_delimiter = ',')]
    pub mfa_acr: Vec<String>,

    /// Link a staff account by its e-mail address when the provider says the address is
    /// verified (`email_verified`); off by default: accounts are linked through an invitation or
    /// from the account page.
    #[arg(long = "oidc-link-by-email", env = "MSP_OIDC_LINK_BY_EMAIL")]
    pub link_by_email: bool,

    /// Scopes asked for (ProConnect's pivot identity by default).
    #[arg(long = "oidc-scopes", env = "MSP_OIDC_SCOPES", default_value = DEFAULT_SCOPES)]
    pub scopes: String,
}

pub const DEFAULT_SCOPES: &str = "openid email given_name usual_name uid siret";

impl fmt::Debug for OidcConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OidcConfig")
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret.as_ref().map(|_| "(masqué)"))
            .field("client_secret_file", &self.client_secret_file)
            .field("name", &self.name)
            .field("mfa_acr", &self.mfa_acr)
            .field("link_by_email", &self.link_by_email)
            .field("scopes", &self.scopes)
            .finish()
    }
}

/// What the sign-in needs, checked: built only when an issuer is configured.
#[derive(Clone)]
pub struct OidcSettings {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
    pub name: String,
    pub mfa_acr: Vec<String>,
    pub link_by_email: bool,
    pub scopes: String,
}

impl fmt::Debug for OidcSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OidcSettings")
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

impl OidcConfig {
    /// `None` when no issuer is configured; an error in French for a wrong configuration.
    pub fn settings(&self) -> Result<Option<OidcSettings>, String> {
        let Some(issuer) = self.issuer.as_deref().map(str::trim).filter(|i| !i.is_empty()) else {
            return Ok(None);
        };
        check_issuer(issuer)?;
        if self.client_id.trim().is_empty() {
            return Err("MSP_OIDC_CLIENT_ID est obligatoire avec MSP_OIDC_ISSUER".into());
        }
        let secret = match (&self.client_secret, &self.client_secret_file) {
            (Some(secret), _) => secret.trim().to_string(),
            (None, Some(path)) => std::fs::read_to_string(path)
                .map_err(|e| format!("fichier du secret OIDC {} illisible : {e}", path.display()))?
                .trim()
                .to_string(),
            (None, None) => String::new(),
        };
        if secret.is_empty() {
            return Err(
                "MSP_OIDC_CLIENT_SECRET (ou MSP_OIDC_CLIENT_SECRET_FILE) est obligatoire avec MSP_OIDC_ISSUER".into(),
            );
        }
        let mut scopes = self.scopes.split_whitespace().map(str::to_string).collect::<Vec<_>>();
        if !scopes.iter().any(|s| s == "openid") {
            scopes.insert(0, "openid".into());
        }
        Ok(Some(OidcSettings {
            issuer: issuer.to_string(),
            client_id: self.client_id.trim().to_string(),
            client_secret: secret,
            name: self.name.trim().to_string(),
            mfa_acr: self
                .mfa_acr
                .iter()
                .map(|a| a.trim().to_string())
                .filter(|a| !a.is_empty())
                .collect(),
            link_by_email: self.link_by_email,
            scopes: scopes.join(" "),
        }))
    }
}

/// The issuer must be https: a token fetched in clear could be anyone's. Loopback hosts are
/// allowed in http for the tests' provider.
pub fn check_issuer(issuer: &str) -> Result<(), String> {
    let url = url::Url::parse(issuer).map_err(|_| format!("MSP_OIDC_ISSUER n'est pas une adresse : {issuer}"))?;
    let loopback = match url.host() {
        Some(url::Host::Domain(host)) => host == "localhost",
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    match url.scheme() {
        "https" => Ok(()),
        "http" if loopback => Ok(()),
        _ => Err(format!("MSP_OIDC_ISSUER doit commencer par https:// : {issuer}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_issuer_is_https_except_on_loopback() {
        assert!(check_issuer("https://auth.agentconnect.gouv.fr/api/v2").is_ok());
        assert!(check_issuer("http://127.0.0.1:4000").is_ok());
        assert!(check_issuer("http://localhost:4000").is_ok());
        assert!(check_issuer("http://[::1]:4000").is_ok());
        assert!(check_issuer("http://auth.example.fr").is_err());
        assert!(check_issuer("http://127.0.0.1.example.fr").is_err());
        assert!(check_issuer("pas une adresse").is_err());
    }

    #[test]
    fn no_issuer_is_no_sign_in_and_a_secret_is_required() {
        assert!(OidcConfig::default().settings().unwrap().is_none());
        let config = OidcConfig {
            issuer: Some("https://idp.example.fr".into()),
            client_id: "msp".into(),
            scopes: "email".into(),
            ..Default::default()
        };
        assert!(config.settings().is_err());
        let config = OidcConfig {
            client_secret: Some("s3cret".into()),
            ..config
        };
        let settings = config.settings().unwrap().unwrap();
        assert_eq!(settings.scopes, "openid email");
        assert!(!format!("{settings:?}").contains("s3cret"));
        assert!(!format!("{config:?}").contains("s3cret"));
    }
}
