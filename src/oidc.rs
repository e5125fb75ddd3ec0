//! The OpenID provider, over HTTP: its discovery document and keys (fetched with
//! `crate::outbound::client` and cached), the authorization address, the code's exchange for
//! tokens, the userinfo (JSON, or a signed JWT as ProConnect answers) and the sign-out address.
//! What a token must satisfy is `crate::domain::oidc`. No secret (client secret, code, token)
//! is ever logged: errors say which step failed, never what was sent.

use std::time::{Duration, Instant};

use jsonwebtoken::jwk::JwkSet;
use serde::Deserialize;
use serde_json::Value;
use tokio::sync::RwLock;

use crate::config::OidcSettings;
use crate::domain::oidc::{self as rules, Expected, Pivot, Refusal};

/// How long the discovery document is trusted before it is read again.
const DISCOVERY_TTL: Duration = Duration::from_secs(3600);

#[derive(Debug, thiserror::Error)]
pub enum OidcError {
    #[error("fournisseur injoignable ou réponse illisible ({0})")]
    Provider(&'static str),
    #[error("jeton refusé : {0}")]
    Refused(Refusal),
}

/// The part of the discovery document this client uses.
#[derive(Debug, Clone, Deserialize)]
pub struct Discovery {
    pub issuer: String,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    pub jwks_uri: String,
    #[serde(default)]
    pub userinfo_endpoint: Option<String>,
    #[serde(default)]
    pub end_session_endpoint: Option<String>,
    #[serde(default)]
    pub token_endpoint_auth_methods_supported: Option<Vec<String>>,
}

#[derive(Default)]
struct Cache {
    discovery: Option<(Discovery, Instant)>,
    keys: Option<JwkSet>,
}

/// The configured provider, shared by every request.
pub struct Provider {
    pub settings: OidcSettings,
    http: reqwest::Client,
    cache: RwLock<Cache>,
}

/// What the token endpoint answers.
#[derive(Deserialize)]
struct TokenAnswer {
    id_token: String,
    #[serde(default)]
    access_token: Option<String>,
}

/// A sign-in the provider vouched for.
pub struct SignedIn {
    pub issuer: String,
    pub pivot: Pivot,
    pub acr: Option<String>,
    /// Kept sealed with the session, for the provider's sign-out.
    pub id_token: String,
}

impl Provider {
    pub fn new(settings: OidcSettings) -> Provider {
        Provider {
            settings,
            http: crate::outbound::client(Duration::from_secs(10)),
            cache: RwLock::new(Cache::default()),
        }
    }

    pub async fn discovery(&self) -> Result<Discovery, OidcError> {
        if let Some((discovery, at)) = &self.cache.read().await.discovery
            && at.elapsed() < DISCOVERY_TTL
        {
            return Ok(discovery.clone());
        }
        let url = format!(
            "{}/.well-known/openid-configuration",
            self.settings.issuer.trim_end_matches('/')
        );
        let discovery: Discovery = self.get_json(&url, "découverte").await?;
        // The document must name the configured issuer (OpenID Connect Discovery §4.3).
        if discovery.issuer != self.settings.issuer {
            return Err(OidcError::Provider("découverte : émetteur différent"));
        }
        self.cache.write().await.discovery = Some((discovery.clone(), Instant::now()));
        Ok(discovery)
    }

    async fn get_json<T: serde::de::DeserializeOwned>(&self, url: &str, step: &'static str) -> Result<T, OidcError> {
        let answer = self.http.get(url).send().await.map_err(|_| OidcError::Provider(step))?;
        if !answer.status().is_success() {
            return Err(OidcError::Provider(step));
        }
        answer.json().await.map_err(|_| OidcError::Provider(step))
    }

    async fn keys(&self, refresh: bool) -> Result<JwkSet, OidcError> {
        if !refresh && let Some(keys) = &self.cache.read().await.keys {
            return Ok(keys.clone());
        }
        let discovery = self.discovery().await?;
        let keys: JwkSet = self.get_json(&discovery.jwks_uri, "clés").await?;
        self.cache.write().await.keys = Some(keys.clone());
        Ok(keys)
    }

    /// Checks a JWT of the provider; on a key it does not know, reads its keys once more (they
    /// may have rotated) and tries again.
    async fn verify(&self, token: &str, nonce: Option<&str>) -> Result<Value, OidcError> {
        let now = u64::try_from(time::OffsetDateTime::now_utc().unix_timestamp()).unwrap_or(0);
        let expected = Expected {
            issuer: &self.settings.issuer,
            client_id: &self.settings.client_id,
            nonce,
            now,
        };
        match rules::verify(token, &self.keys(false).await?, &expected) {
            Err(Refusal::UnknownKey) => {
                rules::verify(token, &self.keys(true).await?, &expected).map_err(OidcError::Refused)
            }
            other => other.map_err(OidcError::Refused),
        }
    }

    /// Where to send the browser: the authorization code flow with PKCE (S256), state and nonce.
    pub async fn authorization_url(
        &self, redirect_uri: &str, state: &str, nonce: &str, verifier: &str,
    ) -> Result<String, OidcError> {
        let discovery = self.discovery().await?;
        let mut url = url::Url::parse(&discovery.authorization_endpoint)
            .map_err(|_| OidcError::Provider("adresse d'autorisation"))?;
        url.query_pairs_mut()
            .append_pair("response_type", "code")
            .append_pair("client_id", &self.settings.client_id)
            .append_pair("redirect_uri", redirect_uri)
            .append_pair("scope", &self.settings.scopes)
            .append_pair("state", state)
            .append_pair("nonce", nonce)
            .append_pair("code_challenge", &rules::pkce_challenge(verifier))
            .append_pair("code_challenge_method", "S256");
        Ok(url.into())
    }

    /// Exchanges the code for tokens, checks the ID token, and reads the userinfo.
    pub async fn finish(
        &self, code: &str, verifier: &str, redirect_uri: &str, nonce: &str,
    ) -> Result<SignedIn, OidcError> {
        let discovery = self.discovery().await?;
        let form = [
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", redirect_uri),
            ("code_verifier", verifier),
            ("client_id", &self.settings.client_id),
        ];
        let mut request = self.http.post(&discovery.token_endpoint);
        // client_secret_basic unless the provider lists only client_secret_post (its default
        // when it says nothing, per OpenID Connect Discovery).
        let methods = discovery.token_endpoint_auth_methods_supported.unwrap_or_default();
        let post = !methods.is_empty()
            && methods.iter().any(|m| m == "client_secret_post")
            && !methods.iter().any(|m| m == "client_secret_basic");
        if post {
            let mut with_secret = form.to_vec();
            with_secret.push(("client_secret", &self.settings.client_secret));
            request = request.form(&with_secret);
        } else {
            request = request
                .basic_auth(
                    form_encode(&self.settings.client_id),
                    Some(form_encode(&self.settings.client_secret)),
                )
                .form(&form);
        }
        let answer = request.send().await.map_err(|_| OidcError::Provider("jeton"))?;
        if !answer.status().is_success() {
            return Err(OidcError::Provider("jeton : code refusé"));
        }
        let tokens: TokenAnswer = answer.json().await.map_err(|_| OidcError::Provider("jeton"))?;
        let claims = self.verify(&tokens.id_token, Some(nonce)).await?;
        let acr = claims.get("acr").and_then(Value::as_str).map(str::to_string);
        let mut pivot: Pivot =
            serde_json::from_value(claims.clone()).map_err(|_| OidcError::Refused(Refusal::Malformed))?;
        if let (Some(endpoint), Some(access)) = (&discovery.userinfo_endpoint, &tokens.access_token) {
            let info = self.userinfo(endpoint, access).await?;
            // The userinfo must be about the same person (OpenID Connect Core §5.3.2).
            if info.sub != pivot.sub {
                return Err(OidcError::Refused(Refusal::Claim("sub")));
            }
            pivot = info;
        }
        Ok(SignedIn {
            issuer: self.settings.issuer.clone(),
            pivot,
            acr,
            id_token: tokens.id_token,
        })
    }

    /// The userinfo, as JSON or as a JWT signed by the provider (`application/jwt`).
    async fn userinfo(&self, endpoint: &str, access_token: &str) -> Result<Pivot, OidcError> {
        let answer = self
            .http
            .get(endpoint)
            .bearer_auth(access_token)
            .send()
            .await
            .map_err(|_| OidcError::Provider("userinfo"))?;
        if !answer.status().is_success() {
            return Err(OidcError::Provider("userinfo"));
        }
        let jwt = answer
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/jwt"));
        let body = answer.text().await.map_err(|_| OidcError::Provider("userinfo"))?;
        let claims = if jwt {
            self.verify(body.trim(), None).await?
        } else {
            serde_json::from_str(&body).map_err(|_| OidcError::Provider("userinfo"))?
        };
        serde_json::from_value(claims).map_err(|_| OidcError::Refused(Refusal::Malformed))
    }

    /// The provider's sign-out address for this session, when it has one.
    pub async fn end_session_url(&self, id_token: &str, post_logout_redirect_uri: &str, state: &str) -> Option<String> {
        let discovery = self.discovery().await.ok()?;
        let mut url = url::Url::parse(discovery.end_session_endpoint.as_deref()?).ok()?;
        url.query_pairs_mut()
            .append_pair("id_token_hint", id_token)
            .append_pair("post_logout_redirect_uri", post_logout_redirect_uri)
            .append_pair("state", state);
        Some(url.into())
    }
}

/// client_secret_basic encodes the id and secret as a form would (RFC 6749 §2.3.1).
fn form_encode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}
