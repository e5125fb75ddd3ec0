//! Signatures and claims, with keys made here (RSA and P-256) and tokens signed by them.

use jsonwebtoken::jwk::{Jwk, JwkSet};
use jsonwebtoken::{EncodingKey, Header};
use serde_json::json;

use super::*;

const ISSUER: &str = "https://idp.example.fr/api/v2";
const CLIENT: &str = "msp-client";
const NOW: u64 = 1_800_000_000;

struct Signer {
    key: EncodingKey,
    alg: Algorithm,
    kid: &'static str,
}

impl Signer {
    fn rsa(kid: &'static str) -> Signer {
        use rsa::Generate;
        use rsa::pkcs1::EncodeRsaPrivateKey;
        let private = rsa::PrivateKey::generate();
        let der = private.to_pkcs1_der().unwrap();
        Signer {
            key: EncodingKey::from_rsa_der(der.as_bytes()),
            alg: Algorithm::RS256,
            kid,
        }
    }

    fn p256(kid: &'static str) -> Signer {
        use p256::pkcs8::EncodePrivateKey;
        let key = loop {
            let mut bytes = [0u8; 32];
            getrandom::fill(&mut bytes).unwrap();
            if let Ok(key) = p256::ecdsa::SigningKey::from_slice(&bytes) {
                break key;
            }
        };
        let der = key.to_pkcs8_der().unwrap();
        Signer {
            key: EncodingKey::from_ec_der(der.as_bytes()),
            alg: Algorithm::ES256,
            kid,
        }
    }

    fn jwk(&self) -> Jwk {
        let mut jwk = Jwk::from_encoding_key(&self.key, self.alg).unwrap();
        jwk.common.key_id = Some(self.kid.into());
        jwk
    }

    fn sign(&self, claims: &Value) -> String {
        let mut header = Header::new(self.alg);
        header.kid = Some(self.kid.into());
        jsonwebtoken::encode(&header, claims, &self.key).unwrap()
    }
}

fn keys(signers: &[&Signer]) -> JwkSet {
    JwkSet {
        keys: signers.iter().map(|s| s.jwk()).collect(),
    }
}

fn id_claims() -> Value {
    json!({
        "iss": ISSUER, "sub": "abc-123", "aud": CLIENT, "exp": NOW + 60, "iat": NOW,
        "nonce": "n-0S6", "acr": "eidas1", "azp": CLIENT,
    })
}

fn expected(nonce: Option<&'static str>) -> Expected<'static> {
    Expected {
        issuer: ISSUER,
        client_id: CLIENT,
        nonce,
        now: NOW,
    }
}

/// jsonwebtoken checks `exp` against the system clock: tokens for it are made around now.
fn around_now(mut claims: Value) -> (Value, Expected<'static>) {
    let now = jsonwebtoken::get_current_timestamp();
    claims["exp"] = json!(now + 60);
    claims["iat"] = json!(now);
    let mut expected = expected(Some("n-0S6"));
    expected.now = now;
    (claims, expected)
}

#[test]
fn an_id_token_signed_with_rs256_or_es256_is_accepted() {
    let rsa = Signer::rsa("rsa-1");
    let ec = Signer::p256("ec-1");
    let set = keys(&[&rsa, &ec]);
    let (claims, expected) = around_now(id_claims());
    for signer in [&rsa, &ec] {
        let accepted = verify(&signer.sign(&claims), &set, &expected).unwrap();
        assert_eq!(accepted["sub"], "abc-123");
    }
}

#[test]
fn a_tampered_token_or_another_key_is_refused() {
    let ec = Signer::p256("ec-1");
    let (claims, expected) = around_now(id_claims());
    let token = ec.sign(&claims);
    let mut parts: Vec<String> = token.split('.').map(str::to_string).collect();
    let mut other = claims.clone();
    other["sub"] = json!("someone-else");
    parts[1] = URL_SAFE_NO_PAD.encode(other.to_string());
    let tampered = parts.join(".");
    assert_eq!(verify(&tampered, &keys(&[&ec]), &expected), Err(Refusal::Signature));
    // Same kid, another key: a forger who copied the kid.
    let forger = Signer::p256("ec-1");
    assert_eq!(
        verify(&forger.sign(&claims), &keys(&[&ec]), &expected),
        Err(Refusal::Signature)
    );
    // A kid the provider does not (yet) publish: the caller fetches the keys once more.
    let rotated = Signer::p256("ec-2");
    assert_eq!(
        verify(&rotated.sign(&claims), &keys(&[&ec]), &expected),
        Err(Refusal::UnknownKey)
    );
}

#[test]
fn an_hmac_or_unsigned_token_is_refused() {
    let ec = Signer::p256("ec-1");
    let (claims, expected) = around_now(id_claims());
    let mut header = Header::new(Algorithm::HS256);
    header.kid = Some("ec-1".into());
    let hmac = jsonwebtoken::encode(&header, &claims, &EncodingKey::from_secret(CLIENT.as_bytes()).unwrap()).unwrap();
    assert_eq!(verify(&hmac, &keys(&[&ec]), &expected), Err(Refusal::Algorithm));
    let none = format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"none","kid":"ec-1"}"#),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    assert!(verify(&none, &keys(&[&ec]), &expected).is_err());
}

#[test]
fn issuer_audience_expiry_and_nonce_are_checked() {
    let ec = Signer::p256("ec-1");
    let set = keys(&[&ec]);
    let cases: [(&str, Value, Refusal); 6] = [
        ("iss", json!("https://evil.example.fr"), Refusal::Claim("iss")),
        ("aud", json!("another-client"), Refusal::Claim("aud")),
        ("azp", json!("another-client"), Refusal::Claim("azp")),
        ("nonce", json!("wrong"), Refusal::Claim("nonce")),
        ("exp", json!(1_000), Refusal::Claim("exp")),
        ("sub", json!(""), Refusal::Claim("sub")),
    ];
    for (claim, value, refusal) in cases {
        let (mut claims, expected) = around_now(id_claims());
        claims[claim] = value;
        assert_eq!(verify(&ec.sign(&claims), &set, &expected), Err(refusal), "{claim}");
    }
    let (mut claims, expected) = around_now(id_claims());
    claims["aud"] = json!(["another-client", CLIENT]);
    claims.as_object_mut().unwrap().remove("azp");
    assert!(verify(&ec.sign(&claims), &set, &expected).is_ok(), "aud as a list");
    let (mut claims, expected) = around_now(id_claims());
    claims.as_object_mut().unwrap().remove("nonce");
    assert_eq!(verify(&ec.sign(&claims), &set, &expected), Err(Refusal::Claim("nonce")));
}

#[test]
fn iat_in_the_future_beyond_the_leeway_is_refused() {
    let mut claims = id_claims();
    claims["iat"] = json!(NOW + LEEWAY_SECONDS + 1);
    assert_eq!(
        check_claims(&claims, &expected(Some("n-0S6"))),
        Err(Refusal::Claim("iat"))
    );
    claims["iat"] = json!(NOW + LEEWAY_SECONDS);
    assert_eq!(check_claims(&claims, &expected(Some("n-0S6"))), Ok(()));
}

#[test]
fn a_signed_userinfo_needs_no_nonce_nor_expiry() {
    let rsa = Signer::rsa("rsa-1");
    let userinfo =
        json!({"iss": ISSUER, "aud": CLIENT, "sub": "abc-123", "email": "a@b.fr", "siret": "13002526500013"});
    let claims = verify(&rsa.sign(&userinfo), &keys(&[&rsa]), &expected(None)).unwrap();
    let pivot: Pivot = serde_json::from_value(claims).unwrap();
    assert_eq!(pivot.siret(), Some("13002526500013"));
    assert_eq!(pivot.verified_email(), None, "email_verified absent: not verified");
}

#[test]
fn pkce_challenge_follows_rfc_7636() {
    // RFC 7636, appendix B.
    assert_eq!(
        pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    );
}

#[test]
fn only_configured_acr_values_skip_the_local_second_factor() {
    let configured = vec!["eidas2".to_string(), "eidas3".to_string()];
    assert!(multi_factor(Some("eidas2"), &configured));
    assert!(!multi_factor(Some("eidas1"), &configured));
    assert!(!multi_factor(None, &configured));
    assert!(!multi_factor(Some("eidas2"), &[]));
}

#[test]
fn the_pivot_identity_makes_a_name_and_keeps_a_valid_siret_only() {
    let pivot: Pivot = serde_json::from_value(json!({
        "sub": "x", "given_name": "Camille", "usual_name": "Martin", "email": "c@chs.fr",
        "email_verified": true, "siret": "123",
    }))
    .unwrap();
    assert_eq!(pivot.display_name(), "Camille Martin");
    assert_eq!(pivot.verified_email(), Some("c@chs.fr"));
    assert_eq!(pivot.siret(), None);
}
