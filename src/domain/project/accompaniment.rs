//! The CCOMS's accompaniment of a team, on record: its dated meetings with short notes, and
//! which of its steps are done.

use time::Date;

use super::readiness::Review;
use crate::domain::FieldError;
use crate::domain::calendar::{french_date, parse_date_field};
use crate::domain::coded::coded_enum;
use crate::domain::form_errors::FormErrors;

coded_enum! {
    pub enum MeetingKind {
        Sensibilisation = ("sensibilisation", "Réunion de sensibilisation avec l'équipe"),
        Fiche = ("fiche", "Aide à la fiche de poste"),
        Entretiens = ("entretiens", "Présence aux entretiens de recrutement"),
        Suivi = ("suivi", "Suivi de la première année"),
    }
}

/// A meeting of the CCOMS with the team, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meeting {
    pub id: i64,
    pub kind: MeetingKind,
    pub held_on: Date,
    /// About the team and the post only: never a patient's information.
    pub note: String,
    pub recorded_by: String,
}

impl Meeting {
    /// "15 février 2027".
    pub fn day(&self) -> String {
        french_date(self.held_on)
    }
}

/// A meeting as the CCOMS records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMeeting {
    pub kind: MeetingKind,
    pub held_on: Date,
    pub note: String,
}

/// How long a meeting's note may be: a few lines, not minutes.
pub const MAX_NOTE: usize = 1000;

/// The meeting form as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct MeetingForm {
    pub nature: String,
    pub date: String,
    pub note: String,
}

impl MeetingForm {
    /// The meeting, held by `today`, or every field's error.
    pub fn read(&self, today: Date) -> Result<NewMeeting, FormErrors> {
        let mut errors = FormErrors::default();
        let kind = MeetingKind::parse(&self.nature);
        if kind.is_none() {
            errors.add("nature", "Choisissez de quelle réunion il s'agit.");
        }
        let held_on = match parse_date_field("date", &self.date) {
            Ok(Some(day)) if day > today => {
                errors.add(
                    "date",
                    "Une réunion s'enregistre une fois tenue : sa date ne peut pas être à venir.",
                );
                None
            }
            Ok(Some(day)) => Some(day),
            Ok(None) => {
                errors.add("date", "Indiquez la date de la réunion.");
                None
            }
            Err(FieldError { message, .. }) => {
                errors.add("date", message);
                None
            }
        };
        let note = self.note.trim();
        if note.chars().count() > MAX_NOTE {
            errors.add(
                "note",
                format!("La note compte plus de {MAX_NOTE} caractères : gardez l'essentiel."),
            );
        }
        match (kind, held_on, errors.is_empty()) {
            (Some(kind), Some(held_on), true) => Ok(NewMeeting {
                kind,
                held_on,
                note: note.to_string(),
            }),
            _ => Err(errors),
        }
    }
}

/// One step of the accompaniment, and whether it is done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub label: &'static str,
    /// When it was done (the first time), if it was.
    pub done_on: Option<Date>,
    /// What else to say: how many follow-ups, the last one.
    pub detail: String,
}

/// The accompaniment's steps for a project: the awareness meeting, the team's preparation
/// reviewed, the help on the fiche, the presence at interviews (a meeting recorded, or an
/// interview held with a CCOMS attendee), the first year's follow-ups.
pub fn steps(meetings: &[Meeting], review: Option<&Review>, ccoms_at_interview: Option<Date>) -> Vec<Step> {
    let first = |kind: MeetingKind| meetings.iter().filter(|m| m.kind == kind).map(|m| m.held_on).min();
    let interviews = match (first(MeetingKind::Entretiens), ccoms_at_interview) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    let follow_ups: Vec<Date> = meetings
        .iter()
        .filter(|m| m.kind == MeetingKind::Suivi)
        .map(|m| m.held_on)
        .collect();
    let follow_up_detail = match (follow_ups.len(), follow_ups.iter().max()) {
        (0, _) | (_, None) => String::new(),
        (1, Some(_)) => "1 suivi".to_string(),
        (n, Some(last)) => format!("{n} suivis, le dernier le {}", french_date(*last)),
    };
    vec![
        step(
            MeetingKind::Sensibilisation.label(),
            first(MeetingKind::Sensibilisation),
        ),
        Step {
            label: "Préparation de l'équipe relue par le CCOMS",
            done_on: review.map(|r| r.on),
            detail: review
                .filter(|r| r.changed_since)
                .map(|_| "modifiée depuis la relecture".to_string())
                .unwrap_or_default(),
        },
        step(MeetingKind::Fiche.label(), first(MeetingKind::Fiche)),
        step(MeetingKind::Entretiens.label(), interviews),
        Step {
            label: MeetingKind::Suivi.label(),
            done_on: follow_ups.iter().min().copied(),
            detail: follow_up_detail,
        },
    ]
}

impl Step {
    /// "le 15 février 2027", or "pas encore".
    pub fn when(&self) -> String {
        self.done_on
            .map_or_else(|| "pas encore".to_string(), |day| format!("le {}", french_date(day)))
    }
}

fn step(label: &'static str, done_on: Option<Date>) -> Step {
    Step {
        label,
        done_on,
        detail: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2027 - 03 - 01);

    fn form(nature: &str, date: &str, note: &str) -> MeetingForm {
        MeetingForm {
            nature: nature.into(),
            date: date.into(),
            note: note.into(),
        }
    }

    #[test]
    fn a_meeting_is_recorded_once_held_with_a_short_note() {
        let meeting = form("sensibilisation", "15/02/2027", " Équipe au complet. ")
            .read(TODAY)
            .unwrap();
        assert_eq!(meeting.kind, MeetingKind::Sensibilisation);
        assert_eq!(meeting.held_on, date!(2027 - 02 - 15));
        assert_eq!(meeting.note, "Équipe au complet.");
        let errors = form("", "2027-03-02", &"x".repeat(MAX_NOTE + 1))
            .read(TODAY)
            .unwrap_err();
        assert!(errors.get("nature").is_some());
        assert!(errors.get("date").unwrap().contains("à venir"));
        assert!(errors.get("note").is_some());
        let errors = form("suivi", "", "").read(TODAY).unwrap_err();
        assert_eq!(errors.get("date").unwrap(), "Indiquez la date de la réunion.");
        assert!(form("suivi", "31/02/2027", "").read(TODAY).is_err());
    }

    fn meeting(kind: MeetingKind, held_on: Date) -> Meeting {
        Meeting {
            id: 1,
            kind,
            held_on,
            note: String::new(),
            recorded_by: "CCOMS".into(),
        }
    }

    #[test]
    fn the_steps_say_what_is_done_and_when() {
        let nothing = steps(&[], None, None);
        assert_eq!(nothing.len(), 5);
        assert!(nothing.iter().all(|s| s.done_on.is_none()));

        let meetings = [
            meeting(MeetingKind::Sensibilisation, date!(2026 - 10 - 05)),
            meeting(MeetingKind::Sensibilisation, date!(2026 - 09 - 28)),
            meeting(MeetingKind::Suivi, date!(2027 - 04 - 01)),
            meeting(MeetingKind::Suivi, date!(2027 - 06 - 01)),
        ];
        let review = Review {
            on: date!(2026 - 10 - 10),
            by: "CCOMS".into(),
            comment: String::new(),
            changed_since: true,
        };
        let done = steps(&meetings, Some(&review), Some(date!(2027 - 01 - 12)));
        assert_eq!(done[0].done_on, Some(date!(2026 - 09 - 28)));
        assert_eq!(done[1].detail, "modifiée depuis la relecture");
        assert_eq!(done[2].done_on, None);
        assert_eq!(
            done[3].done_on,
            Some(date!(2027 - 01 - 12)),
            "an interview the CCOMS attended"
        );
        assert_eq!(done[4].done_on, Some(date!(2027 - 04 - 01)));
        assert_eq!(done[4].detail, "2 suivis, le dernier le 1er juin 2027");
    }
}
