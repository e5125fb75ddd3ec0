//! The documents of a submission: each a new file checked from its bytes and sealed, the one
//! kept from an earlier try of the same form (so that nobody uploads a good file twice), or,
//! for a signed-in candidate, one of their stored documents, of which the application gets its
//! own copy.

use sqlx::AnyConnection;

use super::submission::{DocumentChoice, NEW_FILE};
use super::{DOCUMENT_KINDS, KeptFile};
use crate::db::applications::{self, StoredDocument};
use crate::db::candidate_documents;
use crate::documents;
use crate::domain::application::stored_document::{document_name, room_for_one_more};
use crate::secrets::token_hash;
use crate::web::views::FormErrors;
use crate::web::{AppState, Error};

/// Where a document of the submission comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    /// Sent with this try: not yet kept as a draft.
    New,
    Draft,
    /// Copied from the candidate's « Mes documents ».
    Stored,
}

/// A submission's documents, and the token under which the good ones wait for the next try.
pub(super) struct Pieces {
    /// The token the form carries (`pieces`).
    pub(super) token: String,
    pub(super) hash: String,
    documents: Vec<(StoredDocument, Origin)>,
    /// The new files the candidate asked to keep in « Mes documents », with their name.
    to_keep: Vec<(String, usize)>,
}

/// Who sends the form, for the documents: the signed-in candidate's account, if any, and what
/// they chose for each kind.
pub(super) struct Sender<'a> {
    pub(super) candidate: Option<i64>,
    pub(super) choices: &'a [DocumentChoice; 2],
}

impl Pieces {
    /// Checks and seals the files sent, takes the others from the drafts kept under `token` by
    /// an earlier try or from the candidate's stored documents, and adds an error for each kind
    /// missing or refused.
    pub(super) async fn gather(
        state: &AppState, token: String, files: &[(&'static str, String, Vec<u8>)], sender: Sender<'_>,
        errors: &mut FormErrors,
    ) -> Result<Pieces, Error> {
        let hash = token_hash(&token);
        let mut pieces = Pieces {
            token,
            hash,
            documents: Vec::new(),
            to_keep: Vec::new(),
        };
        let mut conn = state.db.pool.acquire().await?;
        for (index, (kind, label)) in DOCUMENT_KINDS.into_iter().enumerate() {
            let choice = &sender.choices[index];
            if !choice.stored.is_empty() && choice.stored != NEW_FILE {
                let found = match (sender.candidate, choice.stored.parse::<i64>()) {
                    (Some(user), Ok(id)) => candidate_documents::find(&mut conn, user, id).await?,
                    _ => None,
                };
                match found {
                    Some((_, document)) if document.kind == kind => pieces.documents.push((document, Origin::Stored)),
                    _ => errors.add(
                        kind,
                        format!("{label} : ce document n'est pas dans vos documents. Choisissez-en un autre ou envoyez un fichier."),
                    ),
                }
                continue;
            }
            let file = files.iter().find(|(k, _, _)| *k == kind);
            let Some(document) = pieces.take_file(state, &mut conn, kind, label, file, errors).await? else {
                continue;
            };
            if let (Some(user), true) = (sender.candidate, choice.keep) {
                let kept = candidate_documents::count(&mut conn, user, kind).await?;
                let room = room_for_one_more(kind, kept, label);
                let name = document_name(kind, &choice.name, &document.0.filename);
                match room.and(name) {
                    Ok(name) => pieces.to_keep.push((name, pieces.documents.len())),
                    Err(error) => errors.add(kind, format!("{label} : {}", error.message)),
                }
            }
            pieces.documents.push(document);
        }
        Ok(pieces)
    }

    /// The file sent for a kind, checked and sealed, or the draft kept for it.
    async fn take_file(
        &self, state: &AppState, conn: &mut AnyConnection, kind: &'static str, label: &str,
        file: Option<&(&'static str, String, Vec<u8>)>, errors: &mut FormErrors,
    ) -> Result<Option<(StoredDocument, Origin)>, Error> {
        let Some((_, filename, bytes)) = file else {
            let draft = applications::find_draft(conn, &self.hash, kind).await?;
            if draft.is_none() {
                errors.add(kind, format!("{label} : joignez un fichier PDF, DOCX ou ODT."));
            }
            return Ok(draft.map(|d| (d, Origin::Draft)));
        };
        match documents::check(bytes) {
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
                Ok(Some((document, Origin::New)))
            }
            Err(error) => {
                errors.add(kind, format!("{label} : {}", error.message()));
                Ok(None)
            }
        }
    }

    /// Keeps the good new files for the next try of a refused form; says which files wait.
    pub(super) async fn keep(&self, state: &AppState) -> Result<Vec<KeptFile>, Error> {
        let mut conn = state.db.pool.acquire().await?;
        let mut kept = Vec::new();
        for (document, origin) in &self.documents {
            if *origin == Origin::Stored {
                continue;
            }
            if *origin == Origin::New {
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

    /// The application's documents: its own copies, whatever they came from.
    pub(super) fn documents(&self) -> impl Iterator<Item = &StoredDocument> {
        self.documents.iter().map(|(document, _)| document)
    }

    /// The files to keep in the candidate's « Mes documents », with their names.
    pub(super) fn to_keep(&self) -> impl Iterator<Item = (&str, &StoredDocument)> {
        self.to_keep
            .iter()
            .map(|(name, index)| (name.as_str(), &self.documents[*index].0))
    }
}
