//! The programme's agenda (issue 26): gatherings the CCOMS organises (awareness meetings,
//! intervision and supervision groups, university information days), who sees each, who may
//! register, and the rules of the waiting list and of the day-before reminder.

use time::{Duration, OffsetDateTime, PrimitiveDateTime};

use super::FieldError;
use super::calendar::{SkippedByClockChange, from_paris, in_paris, parse_form_date};
use super::coded::coded_enum;
use super::form_errors::FormErrors;
use super::interview::parse_time;
use super::role::Role;

coded_enum! {
    /// What kind of gathering it is.
    pub enum GatheringKind {
        Awareness = ("sensibilisation", "Réunion de sensibilisation"),
        Intervision = ("intervision", "Groupe d'intervision"),
        Supervision = ("supervision", "Supervision"),
        InformationDay = ("information", "Journée d'information"),
    }
}

coded_enum! {
    /// Whom a gathering is for: who sees it, who may register, and which feed lists it.
    pub enum Audience {
        Teams = ("equipes", "Équipes et recruteurs"),
        Msps = ("msp", "Médiateurs et médiatrices de santé-pair"),
        Public = ("public", "Candidats et public"),
        Ars = ("ars", "Agences régionales de santé"),
        Universities = ("universites", "Universités"),
    }
}

impl Audience {
    /// Whether someone (`None`: a visitor) sees the gatherings of this audience. The MSPs' own
    /// groups (intervision, supervision) are seen only by MSPs and the CCOMS: an MSP's place in
    /// them tells a history of care, and the groups are theirs. Every other audience is public,
    /// so that a team, a university or a future candidate finds the next meeting.
    pub fn visible_to(self, role: Option<Role>) -> bool {
        match self {
            Audience::Msps => matches!(role, Some(Role::Msp | Role::Coordinator)),
            _ => true,
        }
    }

    /// The audiences someone sees, as the filter the agenda's queries apply.
    pub fn seen_by(role: Option<Role>) -> Vec<&'static str> {
        Audience::ALL
            .into_iter()
            .filter(|a| a.visible_to(role))
            .map(Audience::as_str)
            .collect()
    }

    /// Whether an account of this role may register. The CCOMS, which organises, may join any.
    pub fn admits(self, role: Role) -> bool {
        role == Role::Coordinator
            || match self {
                Audience::Teams => role == Role::Recruiter,
                Audience::Msps => role == Role::Msp,
                Audience::Public => true,
                Audience::Ars => role == Role::ArsOfficer,
                Audience::Universities => role == Role::University,
            }
    }

    /// Anyone may subscribe to the feed at `/agenda/{code}.ics`; the MSPs' only has a secret
    /// address, given to each MSP.
    pub fn has_public_feed(self) -> bool {
        self != Audience::Msps
    }
}

/// Where a new registration lands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Registered,
    Waiting,
}

impl Place {
    pub fn as_str(self) -> &'static str {
        match self {
            Place::Registered => "inscrit",
            Place::Waiting => "attente",
        }
    }

    /// A seat while there is one; otherwise the end of the waiting list.
    pub fn for_newcomer(capacity: Option<i64>, registered: i64) -> Place {
        match capacity {
            Some(capacity) if registered >= capacity => Place::Waiting,
            _ => Place::Registered,
        }
    }
}

/// Whether the day-before reminder is due at `now`: from the day before the gathering (in
/// Paris) until it starts. A job that missed the evening still reminds in the morning.
pub fn reminder_due(starts_at: OffsetDateTime, now: OffsetDateTime) -> bool {
    let day_before = in_paris(starts_at).date() - Duration::days(1);
    now < starts_at && in_paris(now).date() >= day_before
}

/// How many months after a gathering its registrations are forgotten (the privacy page says so).
pub const REGISTRATIONS_KEPT_MONTHS: i64 = 3;

/// The creation and edition form, kept as typed so that a refused form shows it back.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct GatheringForm {
    pub titre: String,
    pub nature: String,
    pub description: String,
    pub date: String,
    pub debut: String,
    pub fin: String,
    pub lieu: String,
    pub region: String,
    pub visio: String,
    pub public: String,
    pub capacite: String,
    /// "oui" when registration is open.
    pub inscriptions: String,
}

/// A checked gathering, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GatheringDraft {
    pub kind: GatheringKind,
    pub title: String,
    pub description: String,
    pub starts_at: OffsetDateTime,
    pub ends_at: OffsetDateTime,
    pub place: String,
    pub region_code: String,
    pub video_url: String,
    pub audience: Audience,
    pub capacity: Option<i64>,
    pub registration_open: bool,
}

impl GatheringForm {
    /// Reads and checks the form: every field's problem in French, or the draft. Times are on
    /// a clock in Paris; the gathering must start after `now` and end after it starts.
    pub fn check(&self, now: OffsetDateTime) -> Result<GatheringDraft, FormErrors> {
        let mut errors = FormErrors::default();
        let title = errors.check(required_text("titre", &self.titre, 150, "Indiquez un titre."));
        let description = errors.check(required_text(
            "description",
            &self.description,
            4000,
            "Dites en quelques phrases de quoi il s'agit.",
        ));
        let kind = GatheringKind::parse(&self.nature);
        if kind.is_none() {
            errors.add("nature", "Choisissez le type de rendez-vous.");
        }
        let audience = Audience::parse(&self.public);
        if audience.is_none() {
            errors.add("public", "Choisissez à qui s'adresse ce rendez-vous.");
        }
        let (place, video) = (self.lieu.trim(), self.visio.trim());
        if place.is_empty() && video.is_empty() {
            errors.add("lieu", "Indiquez une adresse, un lien de visioconférence, ou les deux.");
        }
        if place.chars().count() > 300 {
            errors.add("lieu", "300 caractères au plus.");
        }
        if super::text::https_address(video).is_none() {
            errors.add("visio", "Le lien de visioconférence doit commencer par https://.");
        }
        let region = self.region.trim();
        if !region.is_empty() && super::geo::territory::region(region).is_none() {
            errors.add("region", "Choisissez une région dans la liste.");
        }
        let capacity = match self.capacite.trim() {
            "" => Some(None),
            n => n.parse::<i64>().ok().filter(|n| (1..=10_000).contains(n)).map(Some),
        };
        if capacity.is_none() {
            errors.add(
                "capacite",
                "Indiquez un nombre de places entre 1 et 10 000, ou laissez vide.",
            );
        }
        let times = self.times(now, &mut errors);
        match (title, description, kind, audience, capacity, times) {
            (
                Some(title),
                Some(description),
                Some(kind),
                Some(audience),
                Some(capacity),
                Some((starts_at, ends_at)),
            ) if errors.is_empty() => Ok(GatheringDraft {
                kind,
                title,
                description,
                starts_at,
                ends_at,
                place: place.to_string(),
                region_code: region.to_string(),
                video_url: video.to_string(),
                audience,
                capacity,
                registration_open: self.inscriptions == "oui",
            }),
            _ => Err(errors),
        }
    }

    /// The start and end instants, or the errors next to the date and times.
    fn times(&self, now: OffsetDateTime, errors: &mut FormErrors) -> Option<(OffsetDateTime, OffsetDateTime)> {
        let date = parse_form_date(&self.date);
        if date.is_none() {
            errors.add("date", "Indiquez la date, par exemple 15/01/2027.");
        }
        let (start, end) = (parse_time(&self.debut), parse_time(&self.fin));
        if start.is_none() {
            errors.add("debut", "Indiquez l'heure de début, par exemple 14:00.");
        }
        if end.is_none() {
            errors.add("fin", "Indiquez l'heure de fin, par exemple 16:30.");
        }
        let (date, start, end) = (date?, start?, end?);
        let at = |time, field, errors: &mut FormErrors| match from_paris(PrimitiveDateTime::new(date, time)) {
            Ok(at) => Some(at),
            Err(SkippedByClockChange) => {
                errors.add(field, SkippedByClockChange::MESSAGE);
                None
            }
        };
        let (starts_at, ends_at) = (at(start, "debut", errors)?, at(end, "fin", errors)?);
        if starts_at <= now {
            errors.add("date", "Cette date est passée : choisissez une date à venir.");
            return None;
        }
        if ends_at <= starts_at {
            errors.add("fin", "L'heure de fin doit venir après l'heure de début.");
            return None;
        }
        Some((starts_at, ends_at))
    }

    /// The form filled with a stored gathering, to edit it.
    pub fn of(draft: &GatheringDraft) -> GatheringForm {
        let (start, end) = (in_paris(draft.starts_at), in_paris(draft.ends_at));
        let date = start.date();
        GatheringForm {
            titre: draft.title.clone(),
            nature: draft.kind.as_str().into(),
            description: draft.description.clone(),
            date: format!("{:02}/{:02}/{}", date.day(), u8::from(date.month()), date.year()),
            debut: format!("{:02}:{:02}", start.hour(), start.minute()),
            fin: format!("{:02}:{:02}", end.hour(), end.minute()),
            lieu: draft.place.clone(),
            region: draft.region_code.clone(),
            visio: draft.video_url.clone(),
            public: draft.audience.as_str().into(),
            capacite: draft.capacity.map(|c| c.to_string()).unwrap_or_default(),
            inscriptions: if draft.registration_open { "oui" } else { "" }.into(),
        }
    }
}

fn required_text(field: &'static str, value: &str, max: usize, missing: &str) -> Result<String, FieldError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(FieldError::new(field, missing));
    }
    if value.chars().count() > max {
        return Err(FieldError::new(field, format!("{max} caractères au plus.")));
    }
    Ok(value.to_string())
}

#[cfg(test)]
mod tests;

/// The agenda's section of a home (`/espace`): one's registrations to come, then where to find
/// the agenda (and, for the CCOMS, where to create a gathering).
pub fn agenda_section(
    role: Role, registrations: &[(i64, String, OffsetDateTime, String)],
) -> super::workspace::Section {
    use super::workspace::{Line, Section};
    let mut lines: Vec<Line> = registrations
        .iter()
        .map(|(id, title, starts_at, state)| {
            let place = if state == Place::Registered.as_str() {
                "Inscrit ou inscrite"
            } else {
                "Liste d'attente"
            };
            let when = super::calendar::french_instant(*starts_at);
            Line::new(title.clone(), format!("{place} – le {when}"), format!("/agenda/{id}"))
        })
        .collect();
    if role == Role::Coordinator {
        lines.push(Line::new(
            "Les rendez-vous du programme",
            "Tous les rendez-vous, passés et annulés compris : les inscrits, les modifier",
            "/rendez-vous",
        ));
        lines.push(Line::new(
            "Créer un rendez-vous",
            "Réunion de sensibilisation, groupe d'intervision, supervision, journée d'information",
            "/rendez-vous/nouveau",
        ));
    }
    lines.push(Line::new(
        "L'agenda du programme",
        "Les prochains rendez-vous, et l'agenda à ajouter à votre logiciel d'agenda",
        "/agenda",
    ));
    Section {
        id: "agenda",
        title: "Agenda",
        empty: "",
        lines,
    }
}
