//! The observatory of the programme (issue 26): the historical record of the posts created
//! since 2012, kept by the CCOMS in a spreadsheet and imported here as CSV, and the figures
//! drawn from it. A row is a post, never a person: the record holds no name.

mod csv;
pub mod figures;
mod record;

pub use record::{Parsed, RowError, parse_file};

/// The year the programme created its first posts: the observatory starts there.
pub const FIRST_YEAR: i32 = 2012;

/// The states of a post in the record, as the CCOMS writes them.
pub const STATES: [&str; 5] = ["projet", "ouvert", "pourvu", "vacant", "supprime"];

/// The grades of an MSP's post (DESIGN §3): animateur during the training, éducateur once
/// graduated.
pub const GRADES: [&str; 2] = ["animateur", "educateur"];

/// The university tracks (DESIGN §4).
pub const TRACKS: [&str; 2] = ["bobigny", "bordeaux"];

/// One post of the historical record, checked. Dates are ISO (`AAAA-MM-JJ`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HistoricalPost {
    /// The CCOMS's own reference (`IDF-2014-003`): a second import updates by it.
    pub reference: String,
    /// INSEE code of the region.
    pub region: String,
    pub departement: Option<String>,
    pub establishment: String,
    pub created_year: i32,
    /// One of [`STATES`].
    pub state: String,
    pub project_start: Option<String>,
    pub hired_on: Option<String>,
    pub subsidy_end_year: Option<i32>,
    /// Whether the establishment kept the post once the subsidy ended; `None`: not known yet.
    pub kept: Option<bool>,
    pub grade_at_hire: Option<String>,
    pub grade_now: Option<String>,
    pub educateur_year: Option<i32>,
    pub track: Option<String>,
    pub cohort: Option<i32>,
    pub graduated: Option<bool>,
}

/// The French label of a state, grade or track code.
pub fn label(code: &str) -> &'static str {
    match code {
        "projet" => "Projet",
        "ouvert" => "Ouvert",
        "pourvu" => "Pourvu",
        "vacant" => "Vacant",
        "supprime" => "Supprimé",
        "animateur" => "Animateur",
        "educateur" => "Éducateur",
        "bobigny" => "Bobigny",
        "bordeaux" => "Bordeaux",
        _ => "Autre",
    }
}
