//! The multipart form as sent, read whole before anything is stored.

use axum::extract::Multipart;

use super::DOCUMENT_KINDS;
use crate::domain::application::ApplicantInput;
use crate::secrets::random_token;
use crate::web::Error;

/// Everything the multipart form sent.
#[derive(Default)]
pub(super) struct Submission {
    /// The form's key: one key makes one application, however many times it is sent.
    pub(super) submission_key: String,
    /// The token under which the good files of a refused try wait.
    pub(super) pieces: String,
    pub(super) input: ApplicantInput,
    /// (kind, file name as the recruiter will see it, bytes) of each file sent.
    pub(super) files: Vec<(&'static str, String, Vec<u8>)>,
    /// A signed-in candidate's choice for each kind, in the order of [`DOCUMENT_KINDS`].
    pub(super) choices: [DocumentChoice; 2],
}

/// What a signed-in candidate chose for one document: one of their stored documents, or a new
/// file, perhaps to keep in « Mes documents » under a name.
#[derive(Debug, Clone, Default)]
pub(super) struct DocumentChoice {
    /// The id of a stored document, [`NEW_FILE`], or empty when the form offered no choice.
    pub(super) stored: String,
    pub(super) keep: bool,
    pub(super) name: String,
}

/// The value of the choice "send a new file".
pub(super) const NEW_FILE: &str = "nouveau";

/// The form's field of a choice: `cv_choix`, `lettre_garder`… as (kind's index, part).
fn choice_field(name: &str) -> Option<(usize, &str)> {
    let (kind, part) = name.split_once('_')?;
    let index = DOCUMENT_KINDS.iter().position(|(k, _)| *k == kind)?;
    Some((index, part))
}

/// Reads the whole form before anything is stored: an upload cut off half-way is an error and
/// leaves nothing behind.
pub(super) async fn read_submission(mut multipart: Multipart) -> Result<Submission, Error> {
    let broken = || {
        Error::bad_request(
            "formulaire",
            "L'envoi du formulaire a été interrompu ou dépasse la taille permise (deux fichiers de 10 Mo au plus). \
             Rien n'a été enregistré : recommencez.",
        )
    };
    let mut submission = Submission::default();
    while let Some(field) = multipart.next_field().await.map_err(|_| broken())? {
        let name = field.name().unwrap_or_default().to_string();
        if let Some(&(kind, _)) = DOCUMENT_KINDS.iter().find(|(k, _)| *k == name) {
            let filename = field.file_name().unwrap_or_default().to_string();
            let bytes = field.bytes().await.map_err(|_| broken())?;
            if !filename.is_empty() || !bytes.is_empty() {
                submission
                    .files
                    .push((kind, clean_filename(&filename, kind), bytes.to_vec()));
            }
            continue;
        }
        let value = field.text().await.map_err(|_| broken())?;
        match (name.as_str(), choice_field(&name)) {
            ("cle", _) => submission.submission_key = value,
            ("pieces", _) => submission.pieces = value,
            (_, Some((index, "choix"))) => submission.choices[index].stored = value,
            (_, Some((index, "garder"))) => submission.choices[index].keep = value == "oui",
            (_, Some((index, "nom"))) => submission.choices[index].name = value,
            _ => submission.input.set(&name, value),
        }
    }
    // A key or token the form did not carry (a hand-made request) is a new one: such a
    // request still makes exactly one application.
    submission.submission_key = carried_or_new(submission.submission_key);
    submission.pieces = carried_or_new(submission.pieces);
    Ok(submission)
}

/// A token the form carried back (64 hexadecimal characters), or a new one.
fn carried_or_new(token: String) -> String {
    if token.len() == 64 { token } else { random_token() }
}

/// A file name as the recruiter will see it: the last path component, printable, short.
pub(crate) fn clean_filename(name: &str, kind: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '<' | '>'))
        .take(120)
        .collect();
    if cleaned.trim().is_empty() {
        kind.to_string()
    } else {
        cleaned
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_keep_only_their_last_printable_part() {
        assert_eq!(clean_filename("C:\\Users\\moi\\cv.pdf", "cv"), "cv.pdf");
        assert_eq!(clean_filename("../../etc/passwd", "cv"), "passwd");
        assert_eq!(clean_filename("", "lettre"), "lettre");
        assert_eq!(clean_filename("a\"<b>.pdf", "cv"), "ab.pdf");
    }
}
