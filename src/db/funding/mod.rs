//! ARS funding: calls, requests with their events and documents, subsidies and payments.
//! Every finder takes the reader's scope: an ARS officer's queries only ever return their
//! region's rows, a recruiter's their establishments'.
//!
//! Parts: [`calls`], [`requests`] with their events, [`decisions`] of the ARS, [`documents`], [`subsidies`] with payments
//! and reminders, [`figures`].

mod calls;
mod decisions;
mod documents;
mod figures;
mod requests;
mod subsidies;

pub use calls::{count_calls, find_call, insert_call, list_calls, lock_call};
pub use decisions::{Decided, record_decision};
pub use documents::{Document, NewDocument, delete_document, document_content, documents, insert_document};
pub use figures::{amounts_by_year, offers_by_region_and_year, posts_by_region_and_year};
pub use requests::{
    Event, Request, events, find_request, insert_request, list_requests, record_commitment, record_event, request_for,
    set_request_state,
};
pub use subsidies::{
    DuePayment, Payment, Subsidy, Year, claim_reminder, due_reminders, find_subsidy, insert_subsidy, list_subsidies,
    payments, payments_due, record_payment, reminder_recipients, set_post_kept, subsidy_years,
};

use super::projects::establishment_ids;
use super::{Sql, Value};
use crate::domain::funding::RequestState;
use crate::domain::policy::FundingScope;

/// Which regions' calls a reader sees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Regions {
    All,
    Only(Vec<String>),
}

fn push_regions(sql: &mut Sql, column: &str, regions: &Regions) {
    match regions {
        Regions::All => {}
        Regions::Only(codes) => {
            sql.push_one_of(column, codes.iter().map(|code| Value::Text(code.clone())).collect());
        }
    }
}

/// ` AND …` restricting rows that carry `region_code` and `establishment_id` columns.
fn push_scope(sql: &mut Sql, table: &str, scope: &FundingScope) {
    match scope {
        FundingScope::All => {}
        FundingScope::Region(code) => {
            sql.push(&format!(" AND {table}.region_code = "))
                .bind(Value::Text(code.clone()));
        }
        FundingScope::Establishments(ids) => {
            sql.push_one_of(&format!("{table}.establishment_id"), establishment_ids(ids));
        }
    }
}

/// [`push_scope`] for funding requests (`r`): an ARS officer sees a request only once filed; the
/// establishment's draft (`brouillon`) and its documents stay the establishment's (and the
/// CCOMS's, who accompanies it) until it is filed.
fn push_request_scope(sql: &mut Sql, scope: &FundingScope) {
    push_scope(sql, "r", scope);
    if let FundingScope::Region(_) = scope {
        sql.push(" AND r.state <> ")
            .bind(Value::Text(RequestState::Brouillon.as_str().into()));
    }
}

fn json_error(e: serde_json::Error) -> sqlx::Error {
    sqlx::Error::Decode(Box::new(e))
}

/// Who did something, as the events keep them.
#[derive(Debug, Clone)]
pub struct Author<'a> {
    /// None for the platform itself (demonstration data).
    pub id: Option<i64>,
    pub name: &'a str,
}
