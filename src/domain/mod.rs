//! The programme's types and rules, with no I/O and no framework types.

pub mod account;
pub mod api_key;
pub mod application;
pub mod audit;
pub mod calendar;
mod coded;
pub mod cohort;
pub mod disclosure;
pub mod enrolment;
pub mod establishment;
pub mod event;
pub mod fiche;
pub mod fiche_workflow;
pub mod form_errors;
pub mod french;
pub mod funding;
pub mod gathering;
pub mod geo;
pub mod glossary;
pub mod ical;
pub mod interview;
pub mod network;
pub mod observatory;
pub mod offer_query;
pub mod oidc;
pub mod phase;
pub mod policy;
pub mod project;
pub mod query_words;
pub mod readability;
pub mod regional_rules;
pub mod resource;
pub mod role;
pub mod saved_search;
pub mod statistics;
pub mod talent_pool;
pub mod team_request;
pub mod text;
pub mod webhook;
pub mod workspace;

/// A value a user typed that cannot be accepted, with a French message for the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The name of the form field or query parameter.
    pub field: &'static str,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        FieldError {
            field,
            message: message.into(),
        }
    }
}
