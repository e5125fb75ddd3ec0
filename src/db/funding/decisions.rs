//! An ARS decision on a request, stored in one transaction: the call locked so that decisions
//! on it wait for each other, the request moved if nobody changed it, its event, and for an
//! acceptance the subsidy with its yearly instalments.

use sqlx::AnyConnection;

use super::{Author, Regions, Request, find_call, insert_subsidy, lock_call, record_event, set_request_state};
use crate::domain::funding::{self as rules, RequestState};

/// What became of a decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decided {
    /// Someone moved the request since `version` was read: nothing is stored.
    Changed,
    /// An acceptance found every post of the call already given: nothing may be stored (the
    /// caller drops the transaction).
    NoPostLeft,
    /// Stored; an acceptance made a subsidy: (its id, its total in cents).
    Done(Option<(i64, i64)>),
}

/// Moves `request` to `to` with the ARS's reason, the caller's transaction still open.
pub async fn record_decision(
    tx: &mut AnyConnection, request: &Request, version: i64, to: RequestState, reason: &str, author: &Author<'_>,
) -> sqlx::Result<Decided> {
    lock_call(tx, request.call_id).await?;
    if !set_request_state(tx, request.id, version, to, None).await? {
        return Ok(Decided::Changed);
    }
    record_event(tx, request.id, Some(request.state), to, reason, author).await?;
    if to != RequestState::Acceptee {
        return Ok(Decided::Done(None));
    }
    // Read the call inside the transaction, after the lock: two acceptances at once must not
    // give more posts than the call has.
    let Some(call) = find_call(tx, request.call_id, &Regions::All).await? else {
        return Err(sqlx::Error::RowNotFound);
    };
    if call.accepted > call.posts {
        return Ok(Decided::NoPostLeft);
    }
    let years = rules::schedule(&call);
    let ends_on = rules::subsidy_ends_on(call.first_year, call.years);
    let subsidy_id = insert_subsidy(tx, request, &call, &years, ends_on, rules::reminder_due_on(ends_on)).await?;
    Ok(Decided::Done(Some((
        subsidy_id,
        years.iter().map(|y| y.amount_cents).sum(),
    ))))
}
