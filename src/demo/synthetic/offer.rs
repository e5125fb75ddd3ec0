//! One synthetic offer. Every draw is made in a fixed order, so that a seed always gives the same
//! offers: a helper below draws exactly what its part of the offer needs, in the order it is
//! called from [`new_offer`].

use time::{Date, Duration, OffsetDateTime};

use super::Rng;
use super::words::{
    CONTACT_ROLES, DIPLOMAS, FIRST_NAMES, GRADES, KINDS, Kind, NETWORKS, POLES, SURNAMES, TEAMS, TITLES, Vocabulary,
};
use crate::domain::fiche::{
    Competences, Contact, Employer, FicheContent, FicheStatus, MissionGroup, Quotite, Track, WorkingTime,
};
use crate::domain::geo::territory::Region;
use crate::domain::text::slugify;

pub(super) fn new_offer(
    rng: &mut Rng, vocabulary: &Vocabulary, employer: &Employer, today: Date, morning: OffsetDateTime,
) -> (FicheContent, FicheStatus, OffsetDateTime) {
    let kind = rng.pick(KINDS);
    let region = employer.region().expect("communes.csv only has known départements");
    let (quotite, quotite_percent) = match rng.below(20) {
        0..=11 => (Quotite::TempsPlein, 100),
        12..=16 => (Quotite::MiTemps, 50),
        _ => (Quotite::TempsPartiel, [60, 70, 80][rng.below(3)]),
    };
    // Bordeaux's track is nearer for the south-west.
    let track = if (matches!(region.code, "75" | "76") && rng.percent(70)) || rng.percent(20) {
        Track::Bordeaux
    } else {
        Track::Bobigny
    };
    let title = title(rng, kind, quotite);
    let context = format!(
        "{}\n\n{} Le poste est financé avec le soutien de l'ARS {}.\n\n{}",
        kind.context,
        rng.pick(TEAMS),
        region.name,
        rng.pick(NETWORKS)
    );
    let domain = format!("{}.example", slugify(&employer.name, 40));
    let contacts = contacts(rng, region, &domain);
    let dates = Dates::draw(rng, today, morning);
    let (missions, competences) = missions_and_competences(rng, vocabulary);

    let content = FicheContent {
        title,
        working_time: WorkingTime {
            quotite,
            percent: Some(quotite_percent),
            percent_max: None,
            adaptable: rng.percent(30),
            note: String::new(),
        },
        grade: rng.pick(GRADES).to_string(),
        pole: if rng.percent(80) {
            format!("{} {}", rng.pick(POLES), super::de(&employer.commune))
        } else {
            String::new()
        },
        service: kind.service.to_string(),
        unit: kind.unit.to_string(),
        place: format!("{}, {}", employer.street, employer.commune),
        context,
        public_served: kind.public.to_string(),
        missions,
        competences,
        diploma: rng.pick(DIPLOMAS).to_string(),
        track: Some(track),
        training: training(track, region),
        how_to_apply: format!(
            "Lettre de motivation et CV, à adresser par courriel au service des ressources humaines ({}) avant la date limite.",
            employer.name
        ),
        apply_email: format!("recrutement@{domain}"),
        contacts,
        deadline: Some(dates.deadline),
        start_note: if dates.start_date.is_none() {
            "Dès que possible".into()
        } else {
            String::new()
        },
        start_date: dates.start_date,
        // Animateur, first grade: the CCOMS's recommended start.
        pay_index: Some(366),
        ..FicheContent::default()
    };
    (content, dates.status, dates.published_at)
}

fn title(rng: &mut Rng, kind: &Kind, quotite: Quotite) -> String {
    let mut title = rng.pick(TITLES).to_string();
    if quotite == Quotite::MiTemps {
        title.push_str(" à mi-temps");
    }
    title.push_str(" – ");
    title.push_str(kind.title);
    title
}

fn training(track: Track, region: &Region) -> String {
    match track {
        Track::Bobigny => format!(
            "Le poste donne accès à la licence Sciences sanitaires et sociales – parcours MSP de l'Université Sorbonne Paris Nord à Bobigny, co-portée par le CCOMS, qui débute en février (une semaine de regroupement par mois). Les frais de formation sont pris en charge par l'établissement, avec le soutien de l'ARS {}.",
            region.name
        ),
        Track::Bordeaux => format!(
            "Formation en alternance à la licence professionnelle Médiateur de santé-pair de l'Université de Bordeaux, qui débute en septembre (une semaine de regroupement par mois). Les frais de formation sont pris en charge par l'établissement, avec le soutien de l'ARS {}.",
            region.name
        ),
    }
}

/// One or two fictitious people, with addresses at the employer's `.example` domain.
fn contacts(rng: &mut Rng, region: &Region, domain: &str) -> Vec<Contact> {
    (0..rng.between(1, 2))
        .map(|_| {
            let first = rng.pick(FIRST_NAMES);
            let last = rng.pick(SURNAMES);
            Contact {
                name: format!("{first} {last}"),
                role: rng.pick(CONTACT_ROLES).to_string(),
                phone: format!(
                    "0{} 99 00 {:02} {:02}",
                    phone_zone(region.code),
                    rng.below(100),
                    rng.below(100)
                ),
                email: format!("{}.{}@{domain}", slugify(first, 20), slugify(last, 20)),
            }
        })
        .collect()
}

/// When an offer was published and closes: about 85 % still open.
struct Dates {
    deadline: Date,
    published_at: OffsetDateTime,
    start_date: Option<Date>,
    status: FicheStatus,
}

impl Dates {
    fn draw(rng: &mut Rng, today: Date, morning: OffsetDateTime) -> Dates {
        let open = rng.percent(85);
        let (deadline, published_days_ago) = if open {
            (today + Duration::days(rng.between(0, 120)), rng.between(0, 90))
        } else {
            let deadline_days_ago = rng.between(1, 365);
            (
                today - Duration::days(deadline_days_ago),
                deadline_days_ago + rng.between(14, 60),
            )
        };
        let published_at = morning - Duration::days(published_days_ago) - Duration::minutes(rng.between(0, 600));
        let start_date = rng.percent(80).then(|| deadline + Duration::days(rng.between(30, 90)));
        let status = if open { FicheStatus::Publiee } else { FicheStatus::Close };
        Dates {
            deadline,
            published_at,
            start_date,
            status,
        }
    }
}

fn missions_and_competences(rng: &mut Rng, vocabulary: &Vocabulary) -> (Vec<MissionGroup>, Competences) {
    let missions = {
        let count = rng.between(2, 4) as usize;
        rng.sample(&vocabulary.missions, count)
    };
    let mut some = |items: &[String], low: i64, high: i64| {
        let count = rng.between(low, high) as usize;
        rng.sample(items, count)
    };
    let competences = Competences {
        techniques: some(&vocabulary.techniques, 1, 3),
        experientielles: some(&vocabulary.experientielles, 2, 3),
        organisationnelles: some(&vocabulary.organisationnelles, 1, 2),
        adaptation: some(&vocabulary.adaptation, 1, 2),
    };
    (missions, competences)
}

/// The first digit of a French landline by region; overseas numbers use the non-geographic 09.
/// With "99 00" after it, the number is in a range ARCEP reserves for fiction.
fn phone_zone(region_code: &str) -> u8 {
    match region_code {
        "11" => 1,
        "24" | "28" | "52" | "53" => 2,
        "27" | "32" | "44" => 3,
        "84" | "93" | "94" => 4,
        "75" | "76" => 5,
        _ => 9,
    }
}
