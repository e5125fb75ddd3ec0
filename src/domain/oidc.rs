//! OpenID Connect's rules, without I/O: an ID token's (or a signed userinfo's) signature against
//! the provider's keys and its claims against what this login expects, PKCE's challenge, and
//! which `acr` counts as a second factor. The HTTP side is `crate::oidc`.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::Deserialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

/// Clocks differ a little between the provider and us.
pub const LEEWAY_SECONDS: u64 = 60;

/// Asymmetric algorithms only: an HMAC one would let whoever knows the client secret sign.
const ALGORITHMS: [Algorithm; 6] = [
    Algorithm::RS256,
    Algorithm::RS384,
    Algorithm::RS512,
    Algorithm::PS256,
    Algorithm::ES256,
    Algorithm::ES384,
];

/// Why a token is refused (for the log; the visitor reads one plain message).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// No key of the provider has this `kid`: the keys may have rotated, fetch them once more.
    UnknownKey,
    Malformed,
    Algorithm,
    Signature,
    Claim(&'static str),
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::UnknownKey => write!(f, "clé inconnue du fournisseur"),
            Refusal::Malformed => write!(f, "jeton mal formé"),
            Refusal::Algorithm => write!(f, "algorithme refusé"),
            Refusal::Signature => write!(f, "signature invalide"),
            Refusal::Claim(claim) => write!(f, "revendication {claim} invalide"),
        }
    }
}

/// What a token must say.
pub struct Expected<'a> {
    pub issuer: &'a str,
    pub client_id: &'a str,
    /// The login's nonce: an ID token must carry it; `None` for a userinfo answer.
    pub nonce: Option<&'a str>,
    /// Seconds since the epoch.
    pub now: u64,
}

/// Checks a signed JWT of the provider and returns its claims.
pub fn verify(token: &str, keys: &JwkSet, expected: &Expected) -> Result<Value, Refusal> {
    let header = jsonwebtoken::decode_header(token).map_err(|_| Refusal::Malformed)?;
    if !ALGORITHMS.contains(&header.alg) {
        return Err(Refusal::Algorithm);
    }
    let jwk = match &header.kid {
        Some(kid) => keys.find(kid),
        // Without a `kid`, only a provider with a single key is unambiguous.
        None if keys.keys.len() == 1 => keys.keys.first(),
        None => None,
    }
    .ok_or(Refusal::UnknownKey)?;
    let key = DecodingKey::from_jwk(jwk).map_err(|_| Refusal::UnknownKey)?;
    let id_token = expected.nonce.is_some();
    let mut validation = Validation::new(header.alg);
    validation.leeway = LEEWAY_SECONDS;
    validation.set_issuer(&[expected.issuer]);
    validation.set_audience(&[expected.client_id]);
    validation.validate_exp = id_token;
    if id_token {
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
    } else {
        validation.set_required_spec_claims(&["iss", "aud", "sub"]);
    }
    let data = jsonwebtoken::decode::<Value>(token, &key, &validation).map_err(|e| {
        use jsonwebtoken::errors::ErrorKind;
        match e.kind() {
            ErrorKind::InvalidSignature => Refusal::Signature,
            ErrorKind::InvalidIssuer => Refusal::Claim("iss"),
            ErrorKind::InvalidAudience => Refusal::Claim("aud"),
            ErrorKind::ExpiredSignature => Refusal::Claim("exp"),
            ErrorKind::MissingRequiredClaim(_) | ErrorKind::InvalidClaimFormat(_) => Refusal::Claim("manquante"),
            ErrorKind::InvalidAlgorithm => Refusal::Algorithm,
            _ => Refusal::Malformed,
        }
    })?;
    check_claims(&data.claims, expected)?;
    Ok(data.claims)
}

/// What the signature library does not check: `azp`, `iat` and the nonce.
pub fn check_claims(claims: &Value, expected: &Expected) -> Result<(), Refusal> {
    if let Some(azp) = claims.get("azp")
        && azp.as_str() != Some(expected.client_id)
    {
        return Err(Refusal::Claim("azp"));
    }
    if let Some(nonce) = expected.nonce {
        let Some(iat) = claims.get("iat").and_then(Value::as_u64) else {
            return Err(Refusal::Claim("iat"));
        };
        if iat > expected.now + LEEWAY_SECONDS {
            return Err(Refusal::Claim("iat"));
        }
        if claims.get("nonce").and_then(Value::as_str) != Some(nonce) {
            return Err(Refusal::Claim("nonce"));
        }
    }
    if claims.get("sub").and_then(Value::as_str).is_none_or(str::is_empty) {
        return Err(Refusal::Claim("sub"));
    }
    Ok(())
}

/// PKCE (RFC 7636) S256: the challenge sent with the authorization request.
pub fn pkce_challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// Whether the provider's `acr` stands for a multi-factor sign-in, as configured (none by
/// default: then the local second factor always applies).
pub fn multi_factor(acr: Option<&str>, configured: &[String]) -> bool {
    acr.is_some_and(|acr| configured.iter().any(|c| c == acr))
}

/// ProConnect's pivot identity, of which the platform keeps the subject, the address and the
/// SIRET (given and usual names make a new account's name). Other claims are not read.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Pivot {
    pub sub: String,
    #[serde(default)]
    pub email: Option<String>,
    /// Absent (as ProConnect may leave it) counts as not verified.
    #[serde(default)]
    pub email_verified: Option<bool>,
    #[serde(default)]
    pub given_name: Option<String>,
    #[serde(default)]
    pub usual_name: Option<String>,
    #[serde(default)]
    pub family_name: Option<String>,
    #[serde(default)]
    pub siret: Option<String>,
}

impl Pivot {
    /// The name a new account gets: "given usual", or the standard family name.
    pub fn display_name(&self) -> String {
        let last = self.usual_name.as_deref().or(self.family_name.as_deref());
        [self.given_name.as_deref(), last]
            .into_iter()
            .flatten()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The address, only when the provider says it verified it.
    pub fn verified_email(&self) -> Option<&str> {
        (self.email_verified == Some(true))
            .then_some(self.email.as_deref())
            .flatten()
    }

    /// A SIRET is 14 digits; anything else is not kept.
    pub fn siret(&self) -> Option<&str> {
        self.siret
            .as_deref()
            .map(str::trim)
            .filter(|s| s.len() == 14 && s.bytes().all(|b| b.is_ascii_digit()))
    }
}

#[cfg(test)]
mod tests;
