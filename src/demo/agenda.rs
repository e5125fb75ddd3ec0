//! The demonstration's agenda: an awareness meeting for teams, an intervision group for MSPs
//! (the demo MSP registered), a university information day; all to come, from `today`.

use sqlx::{Any, Transaction};
use time::{Date, Duration, PrimitiveDateTime, Time};

use super::accounts::{self, DemoAccount};
use crate::db::{gathering_registrations, gatherings};
use crate::domain::calendar::from_paris;
use crate::domain::gathering::{Audience, GatheringDraft, GatheringKind, Place};
use crate::domain::role::Role;

/// (kind, title, description, days from today, hour in Paris, place, region, video, audience, capacity)
type Entry = (
    GatheringKind,
    &'static str,
    &'static str,
    i64,
    u8,
    &'static str,
    &'static str,
    &'static str,
    Audience,
    Option<i64>,
);

const ENTRIES: [Entry; 3] = [
    (
        GatheringKind::Awareness,
        "Accueillir un médiateur de santé-pair dans son équipe",
        "Une médiatrice de santé-pair expérimentée et la coordination présentent le métier, le parcours de formation et la première année. Pour les équipes qui pensent à créer un poste.",
        12,
        14,
        "CCOMS, 211 rue Roger Salengro, Lille",
        "32",
        "https://visio.exemple.fr/sensibilisation",
        Audience::Teams,
        Some(25),
    ),
    (
        GatheringKind::Intervision,
        "Groupe d'intervision d'Île-de-France",
        "Entre MSP en poste : on parle des situations de travail, de la place dans l'équipe, de ce qui aide. Ce qui est dit reste dans le groupe.",
        9,
        10,
        "Maison des usagers, Paris 14e",
        "11",
        "",
        Audience::Msps,
        Some(12),
    ),
    (
        GatheringKind::InformationDay,
        "Journée d'information de la licence MSP à Bobigny",
        "Présentation de la licence Sciences sanitaires et sociales, parcours médiateur de santé-pair : le rythme, les semaines de cours, l'inscription après l'embauche.",
        20,
        9,
        "Université Sorbonne Paris Nord, Bobigny",
        "11",
        "",
        Audience::Public,
        None,
    ),
];

/// Adds the agenda unless it is there (any gathering at all means it is).
pub(super) async fn load(tx: &mut Transaction<'_, Any>, people: &[DemoAccount], today: Date) -> sqlx::Result<()> {
    let every = Audience::ALL.map(Audience::as_str);
    let now = time::OffsetDateTime::now_utc();
    if !gatherings::upcoming(tx, &every, now - Duration::days(3650), true)
        .await?
        .is_empty()
    {
        return Ok(());
    }
    let coordinator = accounts::of(people, Role::Coordinator);
    let msp = accounts::of(people, Role::Msp);
    for (kind, title, description, days, hour, place, region, video, audience, capacity) in ENTRIES {
        let local = PrimitiveDateTime::new(
            today + Duration::days(days),
            Time::from_hms(hour, 0, 0).expect("an hour"),
        );
        let starts_at = from_paris(local).unwrap_or_else(|_| local.assume_utc());
        let draft = GatheringDraft {
            kind,
            title: title.into(),
            description: description.into(),
            starts_at,
            ends_at: starts_at + Duration::hours(3),
            place: place.into(),
            region_code: region.into(),
            video_url: video.into(),
            audience,
            capacity,
            registration_open: true,
        };
        let id = gatherings::insert(tx, &draft, coordinator.id, now).await?;
        if audience == Audience::Msps {
            gathering_registrations::register(tx, id, msp.id, Place::Registered, now).await?;
        }
    }
    Ok(())
}
