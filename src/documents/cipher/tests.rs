use super::*;
use crate::documents::fixtures::docx;

fn key(byte: u8) -> [u8; 32] {
    [byte; 32]
}

#[test]
fn a_sealed_document_opens_to_the_same_bytes() {
    let cipher = DocumentCipher::random();
    let document = docx("Lettre de motivation", &[]);
    let sealed = cipher.seal(&document, "lettre");
    assert_eq!(sealed.key_id, cipher.current_key_id());
    assert_eq!(sealed.bytes.len(), NONCE_LEN + document.len() + TAG_LEN);
    let words = b"Lettre de motivation";
    assert!(!sealed.bytes.windows(words.len()).any(|window| window == words));
    let opened = cipher.open(&sealed.key_id, &sealed.bytes, "lettre").unwrap();
    assert_eq!(opened, document);
}

#[test]
fn the_same_document_sealed_twice_gives_different_bytes() {
    let cipher = DocumentCipher::random();
    let first = cipher.seal(b"CV", "cv");
    let second = cipher.seal(b"CV", "cv");
    assert_ne!(first.bytes, second.bytes);
}

#[test]
fn any_changed_byte_is_detected() {
    let cipher = DocumentCipher::random();
    let sealed = cipher.seal(b"Curriculum vitae", "cv");
    for at in [0, NONCE_LEN, sealed.bytes.len() - 1] {
        let mut tampered = sealed.bytes.clone();
        tampered[at] ^= 1;
        assert_eq!(
            cipher.open(&sealed.key_id, &tampered, "cv"),
            Err(OpenError::Tampered),
            "byte {at}"
        );
    }
    let truncated = &sealed.bytes[..NONCE_LEN + TAG_LEN - 1];
    assert_eq!(cipher.open(&sealed.key_id, truncated, "cv"), Err(OpenError::Tampered));
}

#[test]
fn a_cv_cannot_be_opened_as_a_letter() {
    let cipher = DocumentCipher::random();
    let sealed = cipher.seal(b"Curriculum vitae", "cv");
    assert_eq!(
        cipher.open(&sealed.key_id, &sealed.bytes, "lettre"),
        Err(OpenError::Tampered)
    );
}

#[test]
fn after_a_rotation_old_documents_open_and_new_ones_use_the_new_key() {
    let before = DocumentCipher::new(key(1), Vec::new());
    let old = before.seal(b"ancien CV", "cv");

    let after = DocumentCipher::new(key(2), vec![key(1)]);
    assert_ne!(after.current_key_id(), before.current_key_id());
    assert_eq!(after.open(&old.key_id, &old.bytes, "cv").unwrap(), b"ancien CV");
    let new = after.seal(b"nouveau CV", "cv");
    assert_eq!(new.key_id, after.current_key_id());

    // Once the old key is removed, what it sealed names a key that is no longer there.
    let later = DocumentCipher::new(key(2), Vec::new());
    assert_eq!(
        later.open(&old.key_id, &old.bytes, "cv"),
        Err(OpenError::UnknownKey(old.key_id.clone()))
    );
    assert_eq!(later.open(&new.key_id, &new.bytes, "cv").unwrap(), b"nouveau CV");
}

#[test]
fn a_document_cannot_be_opened_under_another_keys_id() {
    let cipher = DocumentCipher::new(key(2), vec![key(1)]);
    let sealed = cipher.seal(b"CV", "cv");
    let older_id = key_id(&key(1));
    assert_eq!(cipher.open(&older_id, &sealed.bytes, "cv"), Err(OpenError::Tampered));
}

#[test]
fn the_key_id_is_the_start_of_the_keys_sha256() {
    // SHA-256 of 32 zero bytes is 66687aad…
    assert_eq!(DocumentCipher::new([0; 32], Vec::new()).current_key_id(), "66687aad");
}

#[test]
fn keys_are_read_from_hex_and_generated_keys_read_back() {
    let current = DocumentCipher::generate_key_hex();
    assert_eq!(current.len(), 64);
    assert_ne!(current, DocumentCipher::generate_key_hex());
    let older = format!("{} , {}", "ab".repeat(32), "CD".repeat(32));
    let cipher = DocumentCipher::from_hex(&current, &older).unwrap();
    assert_eq!(cipher.older.len(), 2);
    assert_eq!(cipher.older[1].id, key_id(&[0xcd; 32]));
    let alone = DocumentCipher::from_hex(&format!(" {current}\n"), "").unwrap();
    assert_eq!(alone.current_key_id(), cipher.current_key_id());
    assert!(alone.older.is_empty());
}

#[test]
fn unusable_keys_are_refused_with_a_french_message() {
    let good = "0f".repeat(32);
    assert_eq!(DocumentCipher::from_hex("", "").unwrap_err(), KeyError::Missing);
    let short = DocumentCipher::from_hex(&good[..62], "").unwrap_err();
    assert_eq!(short, KeyError::Length(62));
    assert!(short.to_string().contains("64 caractères hexadécimaux"), "{short}");
    let not_hex = format!("{}zz", &good[..62]);
    assert_eq!(DocumentCipher::from_hex(&not_hex, "").unwrap_err(), KeyError::NotHex);
    let signed = format!("+f{}", &good[..62]);
    assert_eq!(DocumentCipher::from_hex(&signed, "").unwrap_err(), KeyError::NotHex);
    let older = DocumentCipher::from_hex(&good, &format!("{good},abc")).unwrap_err();
    assert_eq!(
        older,
        KeyError::Older {
            position: 2,
            error: Box::new(KeyError::Length(3))
        }
    );
    assert!(
        older
            .to_string()
            .starts_with("ancienne clé n° 2 (MSP_DOCUMENT_OLD_KEYS) : la clé"),
        "{older}"
    );
}

#[test]
fn a_pseudonym_is_stable_per_address_and_depends_on_the_key() {
    let cipher = DocumentCipher::new(key(1), Vec::new());
    let pseudonym = cipher.pseudonym("Alex@Exemple.fr");
    assert_eq!(pseudonym, cipher.pseudonym("alex@exemple.fr"));
    assert!(pseudonym.starts_with("personne-") && pseudonym.len() == "personne-".len() + 12);
    assert_ne!(pseudonym, cipher.pseudonym("sam@exemple.fr"));
    assert_ne!(
        pseudonym,
        DocumentCipher::new(key(2), Vec::new()).pseudonym("alex@exemple.fr")
    );
    // Not a plain hash of the address, which anyone could recompute.
    let plain = crate::secrets::token_hash("alex@exemple.fr");
    assert!(!plain.starts_with(&pseudonym["personne-".len()..]));
}

#[test]
fn debug_output_shows_key_ids_and_never_a_key() {
    let hex = "5a".repeat(32);
    let cipher = DocumentCipher::from_hex(&hex, &"a5".repeat(32)).unwrap();
    let shown = format!("{cipher:?}");
    assert!(shown.contains(cipher.current_key_id()), "{shown}");
    assert!(!shown.contains("5a5a") && !shown.contains("90, 90"), "{shown}");
    assert!(!shown.contains("a5a5") && !shown.contains("165, 165"), "{shown}");
}

#[test]
fn an_older_key_equal_to_the_current_one_is_listed_once() {
    let cipher = DocumentCipher::new(key(3), vec![key(3), key(4)]);
    assert_eq!(cipher.older.len(), 1);
}
