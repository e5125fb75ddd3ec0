//! The MSPs' network (issue 26): who may be listed and how, what a message and a report may
//! hold, and which members a directory's filters keep. Being listed discloses a history of
//! psychiatric care, so nothing here says anything about health: no free "story" field, a name
//! chosen by the member (never taken from the account), and every field but that name optional.

use serde::Deserialize;

use super::FieldError;
use super::fiche::Track;
use super::form_errors::FormErrors;
use super::geo::territory::{self, Region};
use super::project::check_text;

/// The first MSP posts of the programme were created in 2012.
pub const FIRST_YEAR: i32 = 2012;
pub const NAME_MAX_CHARS: usize = 40;
pub const TOPICS_MAX_CHARS: usize = 200;
pub const MESSAGE_MAX_CHARS: usize = 2000;
pub const REASON_MAX_CHARS: usize = 500;
/// Conversations (and their messages) are deleted this many days after their last message,
/// and reports this many days after they were made: the privacy notice says 12 months.
pub const KEPT_DAYS: i64 = 365;

/// What a member shows the other members and the CCOMS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub shown_name: String,
    pub region: Option<&'static Region>,
    /// Of hire or of graduation.
    pub year: Option<i32>,
    pub track: Option<Track>,
    pub topics: String,
    pub accepts_messages: bool,
}

impl Profile {
    pub fn region_name(&self) -> &'static str {
        self.region.map_or("", |r| r.name)
    }

    pub fn track_label(&self) -> &'static str {
        match self.track {
            Some(Track::Bobigny) => "Bobigny",
            Some(Track::Bordeaux) => "Bordeaux",
            None => "",
        }
    }
}

/// The form of `/reseau/adhesion`, as sent.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ProfileForm {
    pub nom: String,
    pub region: String,
    pub annee: String,
    pub parcours: String,
    pub sujets: String,
    /// `oui` when the member accepts messages.
    pub messages: String,
    /// The explicit opt-in, ticked to join (`oui`).
    pub consentement: String,
}

impl ProfileForm {
    /// A first visit: nothing filled, messages accepted until the member unticks it.
    pub fn blank() -> ProfileForm {
        ProfileForm {
            messages: "oui".into(),
            ..ProfileForm::default()
        }
    }

    pub fn of(profile: &Profile) -> ProfileForm {
        ProfileForm {
            nom: profile.shown_name.clone(),
            region: profile.region.map_or(String::new(), |r| r.code.to_string()),
            annee: profile.year.map_or(String::new(), |y| y.to_string()),
            parcours: profile.track.map_or(String::new(), |t| t.as_str().to_string()),
            sujets: profile.topics.clone(),
            messages: if profile.accepts_messages {
                "oui".into()
            } else {
                String::new()
            },
            consentement: String::new(),
        }
    }

    /// The profile, or every field's message at once. `this_year` bounds the year: a
    /// graduation may be planned for next year.
    pub fn parse(&self, this_year: i32) -> Result<Profile, FormErrors> {
        let mut errors = FormErrors::default();
        let shown_name = errors.check(check_text("nom", &self.nom, "le nom à montrer", true, NAME_MAX_CHARS));
        let region = errors.check(parse_region(&self.region));
        let year = errors.check(parse_year(&self.annee, this_year));
        let track = errors.check(parse_track(&self.parcours));
        let topics = errors.check(check_text("sujets", &self.sujets, "", false, TOPICS_MAX_CHARS));
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Profile {
            shown_name: shown_name.unwrap_or_default(),
            region: region.flatten(),
            year: year.flatten(),
            track: track.flatten(),
            topics: topics.unwrap_or_default(),
            accepts_messages: self.messages == "oui",
        })
    }
}

fn parse_region(code: &str) -> Result<Option<&'static Region>, FieldError> {
    if code.is_empty() {
        return Ok(None);
    }
    territory::region(code)
        .map(Some)
        .ok_or_else(|| FieldError::new("region", "Choisissez une région de la liste."))
}

fn parse_year(text: &str, this_year: i32) -> Result<Option<i32>, FieldError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    match text.parse::<i32>() {
        Ok(year) if (FIRST_YEAR..=this_year + 1).contains(&year) => Ok(Some(year)),
        _ => Err(FieldError::new(
            "annee",
            format!(
                "Écrivez une année entre {FIRST_YEAR} et {}, par exemple 2021.",
                this_year + 1
            ),
        )),
    }
}

fn parse_track(code: &str) -> Result<Option<Track>, FieldError> {
    if code.is_empty() {
        return Ok(None);
    }
    Track::parse(code)
        .map(Some)
        .ok_or_else(|| FieldError::new("parcours", "Choisissez Bobigny, Bordeaux ou « aucun »."))
}

/// A message's text: not empty, not too long.
pub fn parse_message(text: &str) -> Result<String, FieldError> {
    check_text("message", text, "votre message", true, MESSAGE_MAX_CHARS)
}

/// Why a message or a member is reported: said in a few words.
pub fn parse_reason(text: &str) -> Result<String, FieldError> {
    check_text("raison", text, "la raison du signalement", true, REASON_MAX_CHARS)
}

/// The directory's filters, from its query string; an unknown value filters nothing.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Filter {
    pub region: String,
    pub parcours: String,
    pub sujet: String,
}

impl Filter {
    /// Whether a member's profile passes every filter given. A topic matches a word of the
    /// member's topics regardless of case and accents.
    pub fn keeps(&self, profile: &Profile) -> bool {
        let region = self.region.is_empty() || profile.region.is_some_and(|r| r.code == self.region);
        let track = self.parcours.is_empty() || profile.track.is_some_and(|t| t.as_str() == self.parcours);
        let wanted = folded(self.sujet.trim());
        let topic = wanted.is_empty() || folded(&profile.topics).contains(&wanted);
        region && track && topic
    }
}

/// Lower case without accents, to compare topics as people type them.
fn folded(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests;
