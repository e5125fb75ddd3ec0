//! Random tokens, hashes and one-time passwords: the few primitives accounts rely on.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use sha2::{Digest, Sha256};
use std::sync::LazyLock;
use totp_rs::{Builder, Secret, Totp};

/// 256 random bits as 64 hex characters: session cookies, CSRF tokens, links sent by e-mail.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system provides randomness");
    hex(&bytes)
}

/// What is stored of a token: its SHA-256, so that a copy of the database opens nothing.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// HMAC-SHA256 (RFC 2104), written out from SHA-256: these few lines are all the keyed hashing
/// the platform needs (pseudonyms in the audit log), not worth another dependency.
pub fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    const BLOCK: usize = 64;
    let mut block = [0u8; BLOCK];
    if key.len() > BLOCK {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let inner = Sha256::new()
        .chain_update(block.map(|b| b ^ 0x36))
        .chain_update(message)
        .finalize();
    let outer = Sha256::new()
        .chain_update(block.map(|b| b ^ 0x5c))
        .chain_update(inner)
        .finalize();
    let mut mac = [0u8; 32];
    mac.copy_from_slice(&outer);
    mac
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares two secrets in time that does not depend on where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// An argon2id hash (PHC string) with the crate's defaults (19 MiB, 2 passes, OWASP's minimum).
pub fn hash_password(password: &str) -> String {
    Argon2::default()
        .hash_password(password.as_bytes())
        .expect("argon2 hashes any password")
        .to_string()
}

/// A hash of nothing anyone knows: checked when the e-mail is unknown, so that a failed login
/// takes the same time whether or not the account exists.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| hash_password(&random_token()));

/// Verifies a password against a stored hash, or against the dummy hash when there is none.
pub fn verify_password(password: &str, stored: Option<&str>) -> bool {
    let hash = stored.unwrap_or(DUMMY_HASH.as_str());
    let Ok(parsed) = PasswordHash::new(hash) else {
        return false;
    };
    Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok() && stored.is_some()
}

/// A new TOTP secret (160 bits, base32), as authenticator apps expect.
pub fn new_totp_secret() -> String {
    let mut bytes = [0u8; 20];
    getrandom::fill(&mut bytes).expect("the operating system provides randomness");
    Secret::from(bytes.to_vec()).to_base32()
}

/// SHA-1, six digits, 30-second steps, one step of drift either way: what every app supports.
fn totp(secret: &str, account: &str) -> Option<Totp> {
    Builder::new()
        .with_secret(Secret::try_from_base32(secret).ok()?)
        .with_account_name(account)
        .with_issuer(Some("MSP"))
        .build()
        .ok()
}

/// The `otpauth://` address an authenticator app reads from the QR code.
pub fn totp_url(secret: &str, account: &str) -> String {
    totp(secret, account).and_then(|t| t.to_url().ok()).unwrap_or_default()
}

/// The time step a six-digit code belongs to, if it is valid now (one step of clock drift
/// either way is accepted). The caller refuses a step already used, so a code works once.
pub fn totp_step(secret: &str, code: &str, unix_time: u64) -> Option<u64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    totp(secret, "msp")?.check(&code, unix_time)
}

/// The code an authenticator would show at that time (tests and the demo only).
pub fn totp_code(secret: &str, unix_time: u64) -> String {
    totp(secret, "msp")
        .map(|t| t.generate(unix_time).to_string())
        .unwrap_or_default()
}

/// Ten recovery codes like `7f3a-92c1-d04e`, shown once; only their hashes are kept.
pub fn recovery_codes() -> Vec<String> {
    (0..10)
        .map(|_| {
            let t = random_token();
            format!("{}-{}-{}", &t[0..4], &t[4..8], &t[8..12])
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_sha256_gives_the_rfc_4231_test_vectors() {
        assert_eq!(
            hex(&hmac_sha256(b"Jefe", b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        // A key longer than the block is hashed first (test case 6).
        assert_eq!(
            hex(&hmac_sha256(
                &[0xaa; 131],
                b"Test Using Larger Than Block-Size Key - Hash Key First"
            )),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }

    #[test]
    fn tokens_are_random_and_hashed() {
        let (a, b) = (random_token(), random_token());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_eq!(token_hash(&a), token_hash(&a));
        assert_ne!(token_hash(&a), a);
    }

    #[test]
    fn passwords_verify_only_against_their_own_hash() {
        let hash = hash_password("Un mot de passe sûr");
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("Un mot de passe sûr", Some(&hash)));
        assert!(!verify_password("un mot de passe sûr", Some(&hash)));
        assert!(!verify_password("Un mot de passe sûr", None));
    }

    #[test]
    fn a_totp_code_is_valid_for_its_step_and_its_neighbours_only() {
        let secret = new_totp_secret();
        let now = 1_800_000_000;
        let code = totp_code(&secret, now);
        assert_eq!(totp_step(&secret, &code, now), Some(now / 30));
        assert_eq!(
            totp_step(&secret, &format!("{} {}", &code[..3], &code[3..]), now),
            Some(now / 30)
        );
        assert!(totp_step(&secret, &code, now + 30).is_some());
        assert!(totp_step(&secret, &code, now + 120).is_none());
        assert!(totp_step(&secret, "000000x", now).is_none());
    }

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "abcd"));
    }
}
