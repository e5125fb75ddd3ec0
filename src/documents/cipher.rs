//! Documents sealed at rest: authenticated encryption under a key the database never holds,
//! keys rotated without resealing at once, and the audit log's pseudonyms.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use sha2::{Digest, Sha256};
use std::fmt;

/// The length of the random nonce stored before each ciphertext.
const NONCE_LEN: usize = 24;
/// The length of the Poly1305 tag at the end of each ciphertext.
const TAG_LEN: usize = 16;

/// One key with the id stored beside what it sealed.
#[derive(Clone)]
struct Key {
    id: String,
    aead: XChaCha20Poly1305,
}

impl Key {
    fn new(bytes: &[u8; 32]) -> Key {
        Key {
            id: key_id(bytes),
            aead: XChaCha20Poly1305::new(bytes.into()),
        }
    }
}

/// The id recorded with each sealed document: the first 8 hex characters of the key's SHA-256.
/// It tells which key opens a document without revealing anything usable about the key.
fn key_id(key: &[u8; 32]) -> String {
    Sha256::digest(key)[..4].iter().map(|b| format!("{b:02x}")).collect()
}

/// Authenticated encryption of documents at rest (XChaCha20-Poly1305).
///
/// Each document gets a random 24-byte nonce, stored before the ciphertext: random nonces of this
/// size never collide in practice, so no counter has to be kept consistent across processes.
/// Each sealed document records the id of the key that sealed it, so that keys can be rotated:
/// the cipher seals with the current key only and opens with the current or any older key.
/// The `context` of [`DocumentCipher::seal`] (e.g. "cv", "lettre") is bound as associated data,
/// so a ciphertext moved from one kind of document to another fails to open.
///
/// `Debug` shows key ids only, never a key.
#[derive(Clone)]
pub struct DocumentCipher {
    current: Key,
    older: Vec<Key>,
    /// The key of [`DocumentCipher::pseudonym`], derived from the current key so that no
    /// other secret has to be configured and kept.
    pseudonyms: [u8; 32],
}

/// A sealed document: what is stored. `bytes` is the nonce followed by the ciphertext and tag.
#[derive(Clone, PartialEq, Eq)]
pub struct Sealed {
    pub key_id: String,
    pub bytes: Vec<u8>,
}

impl fmt::Debug for Sealed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sealed")
            .field("key_id", &self.key_id)
            .field("len", &self.bytes.len())
            .finish()
    }
}

/// A document key in the configuration that cannot be used; the message names the setting's
/// problem in French for the operator, without repeating the key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("la clé de chiffrement des documents est absente (MSP_DOCUMENT_KEY)")]
    Missing,
    #[error(
        "la clé de chiffrement doit faire 64 caractères hexadécimaux (elle en fait {0}) : \
         créez-en une avec « msp key generate »"
    )]
    Length(usize),
    #[error(
        "la clé de chiffrement ne doit contenir que des caractères hexadécimaux (0-9, a-f) : \
         créez-en une avec « msp key generate »"
    )]
    NotHex,
    #[error("ancienne clé n° {position} (MSP_DOCUMENT_OLD_KEYS) : {error}")]
    Older {
        /// 1 for the first key of the list.
        position: usize,
        error: Box<KeyError>,
    },
}

/// Why a stored document could not be opened. Either is an operator's problem (a key removed
/// too early, or a stored file changed), never the user's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpenError {
    #[error("document scellé avec une clé inconnue ({0}) : remettez-la dans MSP_DOCUMENT_OLD_KEYS")]
    UnknownKey(String),
    #[error("document illisible : modifié, tronqué ou rangé sous un autre type de document")]
    Tampered,
}

impl DocumentCipher {
    /// A cipher sealing with `current` and opening with `current` or any of `older`.
    /// An older key equal to the current one is dropped (a rotation half done lists it twice).
    pub fn new(current: [u8; 32], older: Vec<[u8; 32]>) -> DocumentCipher {
        let older = older.iter().filter(|key| **key != current).map(Key::new).collect();
        DocumentCipher {
            current: Key::new(&current),
            older,
            pseudonyms: crate::secrets::hmac_sha256(&current, b"msp: pseudonymes du journal d'audit"),
        }
    }

    /// From configuration: the current key as 64 hex characters and a comma-separated list of
    /// older keys (may be empty; spaces around the commas are ignored).
    pub fn from_hex(current: &str, older: &str) -> Result<DocumentCipher, KeyError> {
        let current = parse_key(current)?;
        let older = older
            .split(',')
            .map(str::trim)
            .filter(|key| !key.is_empty())
            .enumerate()
            .map(|(index, key)| {
                parse_key(key).map_err(|error| KeyError::Older {
                    position: index + 1,
                    error: Box::new(error),
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(DocumentCipher::new(current, older))
    }

    /// A cipher with a fresh random key: for tests, and for a demonstration instance started
    /// without a configured key (its documents cannot be opened after a restart).
    pub fn random() -> DocumentCipher {
        DocumentCipher::new(random_key(), Vec::new())
    }

    /// A new key as 64 hex characters, from the operating system's randomness.
    pub fn generate_key_hex() -> String {
        random_key().iter().map(|b| format!("{b:02x}")).collect()
    }

    /// The id stored with every document sealed now; documents with another id are the ones a
    /// rotation still has to reseal.
    pub fn current_key_id(&self) -> &str {
        &self.current.id
    }

    /// Encrypts a document with the current key under a new random nonce.
    pub fn seal(&self, plaintext: &[u8], context: &str) -> Sealed {
        let mut nonce = [0u8; NONCE_LEN];
        getrandom::fill(&mut nonce).expect("the operating system provides randomness");
        let nonce = XNonce::from(nonce);
        let ciphertext = self
            .current
            .aead
            .encrypt(
                &nonce,
                Payload {
                    msg: plaintext,
                    aad: context.as_bytes(),
                },
            )
            .expect("XChaCha20-Poly1305 encrypts any message that fits in memory");
        let mut bytes = Vec::with_capacity(NONCE_LEN + ciphertext.len());
        bytes.extend_from_slice(&nonce);
        bytes.extend_from_slice(&ciphertext);
        Sealed {
            key_id: self.current.id.clone(),
            bytes,
        }
    }

    /// The name an erased person keeps in the audit log: "personne-" and 12 hex characters of an
    /// HMAC-SHA256 of their address (lower case) under a key derived from the documents' key.
    /// The same person always gets the same pseudonym, so the trail still reads; without the
    /// key nobody can recompute it from an address, as they could a plain hash. A rotation of
    /// the documents' key changes the pseudonyms given from then on, never those already given.
    pub fn pseudonym(&self, email: &str) -> String {
        let mac = crate::secrets::hmac_sha256(&self.pseudonyms, email.trim().to_lowercase().as_bytes());
        format!("personne-{}", crate::secrets::hex(&mac[..6]))
    }

    /// Decrypts a stored document with the key named by `key_id`; fails if that key is not
    /// configured, or if the bytes or the `context` differ from what was sealed.
    pub fn open(&self, key_id: &str, bytes: &[u8], context: &str) -> Result<Vec<u8>, OpenError> {
        let mut keys = std::iter::once(&self.current)
            .chain(&self.older)
            .filter(|key| key.id == key_id)
            .peekable();
        if keys.peek().is_none() {
            return Err(OpenError::UnknownKey(key_id.to_owned()));
        }
        if bytes.len() < NONCE_LEN + TAG_LEN {
            return Err(OpenError::Tampered);
        }
        let (nonce, ciphertext) = bytes.split_at(NONCE_LEN);
        let nonce = XNonce::try_from(nonce).map_err(|_| OpenError::Tampered)?;
        // Two keys may share an 8-character id (one chance in four billion): try each.
        keys.find_map(|key| {
            key.aead
                .decrypt(
                    &nonce,
                    Payload {
                        msg: ciphertext,
                        aad: context.as_bytes(),
                    },
                )
                .ok()
        })
        .ok_or(OpenError::Tampered)
    }
}

impl fmt::Debug for DocumentCipher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DocumentCipher")
            .field("current_key_id", &self.current.id)
            .field(
                "older_key_ids",
                &self.older.iter().map(|key| &key.id).collect::<Vec<_>>(),
            )
            .finish()
    }
}

fn random_key() -> [u8; 32] {
    let mut key = [0u8; 32];
    getrandom::fill(&mut key).expect("the operating system provides randomness");
    key
}

fn parse_key(hex: &str) -> Result<[u8; 32], KeyError> {
    let hex = hex.trim();
    if hex.is_empty() {
        return Err(KeyError::Missing);
    }
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(KeyError::NotHex);
    }
    if hex.len() != 64 {
        return Err(KeyError::Length(hex.len()));
    }
    let mut key = [0u8; 32];
    for (byte, pair) in key.iter_mut().zip(hex.as_bytes().chunks_exact(2)) {
        let pair = std::str::from_utf8(pair).map_err(|_| KeyError::NotHex)?;
        *byte = u8::from_str_radix(pair, 16).map_err(|_| KeyError::NotHex)?;
    }
    Ok(key)
}

#[cfg(test)]
mod tests;
