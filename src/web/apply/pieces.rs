//! The documents of a submission: each a new file checked from its bytes and sealed, or the
//! one kept from an earlier try of the same form, so that nobody uploads a good file twice.

use super::{DOCUMENT_KINDS, KeptFile};
use crate::db::applications::{self, StoredDocument};
use crate::documents;
use crate::secrets::token_hash;
use crate::web::views::FormErrors;
use crate::web::{AppState, Error};

/// A submission's documents, and the token under which the good ones wait for the next try.
pub(super) struct Pieces {
    /// The token the form carries (`pieces`).
    pub(super) token: String,
    pub(super) hash: String,
    /// Each document, and whether it came with this try (not yet kept as a draft).
    documents: Vec<(StoredDocument, bool)>,
}

impl Pieces {
    /// Checks and seals the files sent, takes the others from the drafts kept under `token` by
    /// an earlier try, and adds an error for each kind missing or refused.
    pub(super) async fn gather(
        state: &AppState, token: String, files: &[(&'static str, String, Vec<u8>)], errors: &mut FormErrors,
    ) -> Result<Pieces, Error> {
        let hash = token_hash(&token);
        let mut documents = Vec::new();
        let mut conn = state.db.pool.acquire().await?;
        for (kind, label) in DOCUMENT_KINDS {
            match files.iter().find(|(k, _, _)| *k == kind) {
                Some((_, filename, bytes)) => match documents::check(bytes) {
                    Ok(document_type) => {
                        let sealed = state.documents.seal(bytes, kind);
                        let document = StoredDocument {
                            kind: kind.into(),
                            filename: filename.clone(),
                            media_type: document_type.as_str().into(),
                            size: bytes.len() as i64,
                            key_id: sealed.key_id,
                            sealed: sealed.bytes,
                        };
                        documents.push((document, true));
                    }
                    Err(error) => errors.add(kind, format!("{label} : {}", error.message())),
                },
                None => match applications::find_draft(&mut conn, &hash, kind).await? {
                    Some(draft) => documents.push((draft, false)),
                    None => errors.add(kind, format!("{label} : joignez un fichier PDF, DOCX ou ODT.")),
                },
            }
        }
        Ok(Pieces { token, hash, documents })
    }

    /// Keeps the good new files for the next try of a refused form; says which files wait.
    pub(super) async fn keep(&self, state: &AppState) -> Result<Vec<KeptFile>, Error> {
        let mut conn = state.db.pool.acquire().await?;
        let mut kept = Vec::new();
        for (document, new) in &self.documents {
            if *new {
                applications::save_draft(&mut conn, &self.hash, document).await?;
            }
            let kind = DOCUMENT_KINDS
                .iter()
                .find(|(k, _)| *k == document.kind)
                .map_or("cv", |(k, _)| k);
            kept.push(KeptFile {
                kind,
                filename: document.filename.clone(),
            });
        }
        Ok(kept)
    }

    pub(super) fn documents(&self) -> impl Iterator<Item = &StoredDocument> {
        self.documents.iter().map(|(document, _)| document)
    }
}
