//! ARS funding (DESIGN §3, issue 7): calls for projects, funding requests and their instruction,
//! subsidies, their payments and the commitment to keep the post.
//!
//! Money is integer cents everywhere: no floating point touches an amount, so totals add up to
//! the cent. Everything here is pure; the db layer stores what these functions decide.

mod calls;
mod documents;
mod money;
mod requests;
mod subsidies;

pub use calls::{Call, CallInput, DEFAULT_AMOUNT_PER_POST_YEAR_CENTS, DEFAULT_YEARS, NewCall, check_call, period_text};
pub use documents::{DocumentKind, MAX_DOCUMENT_BYTES, check_document, clean_file_name, size_text, sniff_document};
pub use money::{MAX_CENTS, euros, euros_csv, euros_number, parse_euros, percent};
pub use requests::{Decision, RequestAction, RequestState, decide};
pub use subsidies::{
    Instalment, Kept, check_payment, may_record_kept, months_before, reminder_due_on, schedule, subsidy_ends_on,
};

#[cfg(test)]
mod tests;
