//! How a fiche's fields that are not a column of their own are stored: the working time across
//! its columns, the track ('' for none), and the `details` JSON (migration 0021).

use serde::{Deserialize, Serialize};

use crate::db::corrupt;
use crate::domain::fiche::{Contract, EuroRange, FicheContent, Quotite, Track, WorkingTime};

/// The fields of `fiches.details`. Each has a default, so that '{}' (every fiche written before
/// them) reads as it was: applied to on the platform, nothing else said.
#[derive(Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct Details {
    sites: Vec<String>,
    apply_on_platform: bool,
    apply_url: String,
    pay_euros: Option<EuroRange>,
    contract: Option<Contract>,
    contract_months: Option<u16>,
    posts: Option<u8>,
    reference: String,
    /// « En bref » (issue 23).
    in_brief: String,
}

impl Default for Details {
    fn default() -> Details {
        Details {
            sites: Vec::new(),
            apply_on_platform: true,
            apply_url: String::new(),
            pay_euros: None,
            contract: None,
            contract_months: None,
            posts: None,
            reference: String::new(),
            in_brief: String::new(),
        }
    }
}

impl Details {
    pub(crate) fn of(content: &FicheContent) -> Details {
        Details {
            sites: content.sites.clone(),
            apply_on_platform: content.apply_on_platform,
            apply_url: content.apply_url.clone(),
            pay_euros: content.pay_euros,
            contract: content.contract,
            contract_months: content.contract_months,
            posts: content.posts,
            reference: content.reference.clone(),
            in_brief: content.in_brief.clone(),
        }
    }

    pub(crate) fn json(content: &FicheContent) -> sqlx::Result<String> {
        serde_json::to_string(&Details::of(content)).map_err(|e| sqlx::Error::Encode(Box::new(e)))
    }

    pub(crate) fn parse(json: &str) -> sqlx::Result<Details> {
        serde_json::from_str(json).map_err(|e| sqlx::Error::Decode(Box::new(e)))
    }

    /// How many posts the offer fills, when it says.
    pub(crate) fn posts(&self) -> Option<u8> {
        self.posts
    }

    /// Puts these details into the content read from the other columns.
    pub(crate) fn fill(self, content: &mut FicheContent) {
        content.sites = self.sites;
        content.apply_on_platform = self.apply_on_platform;
        content.apply_url = self.apply_url;
        content.pay_euros = self.pay_euros;
        content.contract = self.contract;
        content.contract_months = self.contract_months;
        content.posts = self.posts;
        content.reference = self.reference;
        content.in_brief = self.in_brief;
    }
}

/// The working time from its columns; a percentage of 0 is one the fiche does not state.
pub(crate) fn working_time(
    quotite: &str, percent: i64, percent_max: Option<i64>, adaptable: i64, note: String,
) -> sqlx::Result<WorkingTime> {
    let percent_of = |n: i64| u8::try_from(n).map_err(|_| corrupt("pourcentage"));
    Ok(WorkingTime {
        quotite: Quotite::parse(quotite).ok_or_else(|| corrupt("quotité"))?,
        percent: Some(percent_of(percent)?).filter(|p| *p > 0),
        percent_max: percent_max.map(percent_of).transpose()?,
        adaptable: adaptable != 0,
        note,
    })
}

/// The stored percentage: 0 when unsaid (the column is NOT NULL).
pub(crate) fn percent_column(time: &WorkingTime) -> i64 {
    time.percent.map_or(0, i64::from)
}

/// The track from its column: '' for a fiche that names no licence.
pub(crate) fn track(code: &str) -> sqlx::Result<Option<Track>> {
    match code {
        "" => Ok(None),
        code => Track::parse(code).map(Some).ok_or_else(|| corrupt("parcours")),
    }
}

pub(crate) fn track_column(track: Option<Track>) -> &'static str {
    track.map_or("", Track::as_str)
}
