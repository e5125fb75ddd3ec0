//! What a submitted application stores in one transaction: its row, its documents, the end of
//! the drafts kept for it, and the first event of its history.

use sqlx::{Any, Transaction};

use super::{Inserted, NewApplication, NewEvent, StoredDocument, add_event, delete_draft, insert, insert_document};
use crate::domain::application::ApplicationStatus;

/// Records a submission: a second submission of the same form (same key) stores nothing more
/// and answers [`Inserted::Already`]. The drafts kept under `pieces_hash` are deleted.
pub async fn record_submission<'d>(
    tx: &mut Transaction<'_, Any>, new: NewApplication<'_>, documents: impl IntoIterator<Item = &'d StoredDocument>,
    pieces_hash: &str,
) -> sqlx::Result<Inserted> {
    let inserted = insert(tx, new).await?;
    if let Inserted::New(id) = inserted {
        for document in documents {
            insert_document(tx, id, document).await?;
        }
        delete_draft(tx, pieces_hash).await?;
        add_event(
            tx,
            id,
            NewEvent {
                actor_id: None,
                actor_name: "Candidat·e",
                from: None,
                to: Some(ApplicationStatus::Recue),
                reason: "",
                mail: None,
            },
        )
        .await?;
    }
    Ok(inserted)
}
