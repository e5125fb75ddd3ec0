//! An interview's schedule as a recruiter types it (a day and a time on a clock in Paris, a
//! duration, a place or a video link, a panel), read and checked into a value.

pub mod hiring;

use time::{OffsetDateTime, PrimitiveDateTime, Time};

use crate::domain::FieldError;
use crate::domain::calendar::{SkippedByClockChange, from_paris, parse_form_date};

/// The scheduling form as typed, kept as typed so that a refused form shows it back.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct InterviewForm {
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub heure: String,
    #[serde(default)]
    pub duree: String,
    #[serde(default)]
    pub lieu: String,
    #[serde(default)]
    pub visio: String,
    #[serde(default)]
    pub panel: Vec<i64>,
    #[serde(default)]
    pub ccoms: String,
}

impl Default for InterviewForm {
    /// The empty form offered on the application's page: an hour long unless changed.
    fn default() -> Self {
        InterviewForm {
            date: String::new(),
            heure: String::new(),
            duree: "60".into(),
            lieu: String::new(),
            visio: String::new(),
            panel: Vec::new(),
            ccoms: String::new(),
        }
    }
}

/// A checked schedule: a future instant, a place or an https video link (or both), a panel of
/// the establishment's recruiters and at most one person of the coordination.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterviewPlan {
    pub starts_at: OffsetDateTime,
    pub duration_minutes: i64,
    pub place: String,
    pub video_url: String,
    pub panel: Vec<i64>,
    pub ccoms_attendee_id: Option<i64>,
}

/// Who may sit on the panel, and who may attend for the coordination (account ids).
pub struct Attendable<'a> {
    pub recruiters: &'a [i64],
    pub coordinators: &'a [i64],
}

impl InterviewForm {
    /// Reads and checks the form: every field's problem, in French, or the plan. The day and
    /// time are on a clock in Paris; one the clocks skip in spring is refused (see
    /// [`from_paris`]), and the interview must start after `now`.
    pub fn check(&self, people: &Attendable<'_>, now: OffsetDateTime) -> Result<InterviewPlan, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut refuse = |field, message: &str| errors.push(FieldError::new(field, message));
        let date = parse_form_date(&self.date);
        if date.is_none() {
            refuse("date", "Indiquez la date de l'entretien, par exemple 15/01/2027.");
        }
        let at = parse_time(&self.heure);
        if at.is_none() {
            refuse("heure", "Indiquez l'heure, par exemple 14:30.");
        }
        let duration = self.duree.trim().parse::<i64>().ok().filter(|d| (15..=240).contains(d));
        if duration.is_none() {
            refuse("duree", "Indiquez une durée entre 15 et 240 minutes.");
        }
        let (place, video) = (self.lieu.trim(), self.visio.trim());
        if place.is_empty() && video.is_empty() {
            refuse("lieu", "Indiquez un lieu, un lien de visioconférence, ou les deux.");
        }
        if crate::domain::text::https_address(video).is_none() {
            refuse("visio", "Le lien de visioconférence doit commencer par https://.");
        }
        if place.chars().count() > 300 {
            refuse("lieu", "300 caractères au plus.");
        }
        if self.panel.is_empty() || !self.panel.iter().all(|id| people.recruiters.contains(id)) {
            refuse("panel", "Choisissez au moins un membre du jury parmi les recruteurs.");
        }
        let ccoms = match self.ccoms.trim() {
            "" => Ok(None),
            id => id
                .parse::<i64>()
                .ok()
                .filter(|id| people.coordinators.contains(id))
                .map(Some)
                .ok_or(()),
        };
        if ccoms.is_err() {
            refuse("ccoms", "Choisissez une personne de la coordination dans la liste.");
        }
        let starts_at = match (date, at, duration) {
            (Some(date), Some(at), Some(_)) => match from_paris(PrimitiveDateTime::new(date, at)) {
                Ok(starts_at) if starts_at <= now => {
                    refuse("date", "Cette date est passée : choisissez une date à venir.");
                    None
                }
                Ok(starts_at) => Some(starts_at),
                Err(SkippedByClockChange) => {
                    refuse("heure", SkippedByClockChange::MESSAGE);
                    None
                }
            },
            _ => None,
        };
        match (starts_at, duration, ccoms) {
            (Some(starts_at), Some(duration_minutes), Ok(ccoms_attendee_id)) if errors.is_empty() => {
                Ok(InterviewPlan {
                    starts_at,
                    duration_minutes,
                    place: place.to_owned(),
                    video_url: video.to_owned(),
                    panel: self.panel.clone(),
                    ccoms_attendee_id,
                })
            }
            _ => Err(errors),
        }
    }
}

/// "14:30", "14h30", "14 h 30" or "14h".
pub fn parse_time(value: &str) -> Option<Time> {
    let compact: String = value.chars().filter(|c| !c.is_whitespace()).collect();
    let (hour, minute) = compact.split_once([':', 'h', 'H'])?;
    let minute = if minute.is_empty() { "0" } else { minute };
    Time::from_hms(hour.parse().ok()?, minute.parse().ok()?, 0).ok()
}

#[cfg(test)]
mod tests;
