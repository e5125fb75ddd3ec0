//! `msp demo --synthetic N`: N fictitious but realistic offers, for the benchmark (issue 11).
//!
//! The text is assembled from the vocabulary of the real fiches (services, publics, missions and
//! competences of the demonstration offers), the employers are spread over real communes
//! (`communes.csv`, see `communes.LICENCE.md`), and every person is fictitious: names are drawn
//! from common first names and surnames, addresses end in `.example`, phone numbers are in the
//! ranges reserved for fiction. About 85 % of the offers are open, the rest closed.
//!
//! The same seed gives the same offers on the same day: dates are relative to today (so the
//! board always has open offers) and everything else comes from the seeded generator.

use std::collections::HashSet;
use std::sync::Arc;

use time::{Date, Duration, OffsetDateTime, Time};

use crate::db::establishments::{self, NewEstablishment};
use crate::db::{Db, fiches};
use crate::domain::calendar::paris_today;
use crate::domain::fiche::{Competences, Contact, Employer, FicheContent, FicheStatus, MissionGroup, Quotite, Track};
use crate::domain::territory::{self, Departement};
use crate::domain::text::{fold, slugify};

/// The seed used when none is given.
pub const DEFAULT_SEED: u64 = 2026;
/// Offers written per transaction: large enough to amortize the commit, small enough to keep
/// the write lock short.
const BATCH: u32 = 1000;
/// Offers per establishment, on average.
const OFFERS_PER_EMPLOYER: u32 = 15;

const COMMUNES_CSV: &str = include_str!("communes.csv");

/// A real commune, as `communes.csv` lists it.
#[derive(Debug, Clone)]
pub struct Commune {
    pub code_insee: &'static str,
    pub name: &'static str,
    pub departement: &'static Departement,
    pub postal_code: &'static str,
    pub population: u32,
}

/// The communes offers are spread over; the file is embedded and checked by a unit test.
pub fn communes() -> Vec<Commune> {
    COMMUNES_CSV
        .lines()
        .skip(1)
        .map(|line| {
            let fields: Vec<&'static str> = line.split(',').collect();
            let [code_insee, name, departement, postal_code, population] = fields[..] else {
                panic!("communes.csv: five fields expected in {line:?}");
            };
            Commune {
                code_insee,
                name,
                departement: territory::departement(departement)
                    .unwrap_or_else(|| panic!("communes.csv: unknown département {departement}")),
                postal_code,
                population: population.parse().expect("communes.csv: a population"),
            }
        })
        .collect()
}

/// SplitMix64: a tiny generator whose output is fixed forever for a given seed (the `rand`
/// crate's standard generator may change between versions, which would change the data set).
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// A number in `low..=high`.
    fn between(&mut self, low: i64, high: i64) -> i64 {
        low + self.below((high - low + 1) as usize) as i64
    }

    fn percent(&mut self, chance: usize) -> bool {
        self.below(100) < chance
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// `count` distinct items, in the order of the list.
    fn sample<T: Clone>(&mut self, items: &[T], count: usize) -> Vec<T> {
        let mut chosen: Vec<usize> = Vec::new();
        while chosen.len() < count.min(items.len()) {
            let i = self.below(items.len());
            if !chosen.contains(&i) {
                chosen.push(i);
            }
        }
        chosen.sort_unstable();
        chosen.into_iter().map(|i| items[i].clone()).collect()
    }
}

/// A kind of service that hires an MSP: how the title, the unit, the public and the first
/// paragraph of the context read.
struct Kind {
    title: &'static str,
    service: &'static str,
    unit: &'static str,
    public: &'static str,
    context: &'static str,
}

const KINDS: &[Kind] = &[
    Kind {
        title: "équipe mobile psychiatrie précarité",
        service: "Psychiatrie de liaison et précarité",
        unit: "Équipe mobile psychiatrie précarité (EMPP)",
        public: "Adultes en situation de grande précarité ou sans domicile, présentant des troubles psychiques",
        context: "L'équipe mobile psychiatrie précarité va à la rencontre des personnes sans domicile ou mal logées, dans les accueils de jour, les centres d'hébergement et la rue, pour créer un lien et faciliter l'accès aux soins et aux droits.",
    },
    Kind {
        title: "hôpital de jour des troubles bipolaires",
        service: "Service des troubles de l'humeur",
        unit: "Hôpital de jour et CATTP des troubles bipolaires",
        public: "Adultes vivant avec des troubles bipolaires, après une hospitalisation ou en prévention des rechutes",
        context: "L'hôpital de jour des troubles bipolaires accueille des adultes après une hospitalisation ou pour prévenir une rechute. Il propose des soins de groupe et individuels : psychoéducation, éducation thérapeutique, travail sur les rythmes de vie, soutien à la reprise d'activité.",
    },
    Kind {
        title: "unité d'hospitalisation adulte",
        service: "Service d'hospitalisation",
        unit: "Unité d'admission de psychiatrie générale",
        public: "Adultes hospitalisés en psychiatrie générale",
        context: "L'unité d'admission accueille des adultes hospitalisés en psychiatrie générale, en soins libres ou sans consentement. L'équipe veut renforcer l'accueil, la préparation de la sortie et la place des usagers dans l'organisation des soins.",
    },
    Kind {
        title: "centre de réhabilitation psychosociale",
        service: "Réhabilitation psychosociale",
        unit: "Centre de réhabilitation psychosociale de proximité",
        public: "Adultes de 18 à 45 ans vivant avec une schizophrénie ou un autre trouble psychotique",
        context: "Le centre de réhabilitation psychosociale propose des évaluations, de la remédiation cognitive, de la psychoéducation et un accompagnement vers l'emploi et le logement, au plus près du lieu de vie des personnes.",
    },
    Kind {
        title: "centre médico-psychologique adulte",
        service: "Psychiatrie adulte, secteur ambulatoire",
        unit: "Centre médico-psychologique (CMP) et visites à domicile",
        public: "Adultes suivis en ambulatoire pour des troubles psychiques sévères (schizophrénie, troubles bipolaires, dépressions récurrentes)",
        context: "Le centre médico-psychologique assure les consultations, les visites à domicile et la coordination des soins du secteur. Il accueille chaque année plusieurs centaines de personnes et travaille avec les médecins généralistes du territoire.",
    },
    Kind {
        title: "psychiatrie de l'adolescent et du jeune adulte",
        service: "Service de psychiatrie de l'adolescent",
        unit: "Unité pour adolescents et hôpital de jour 15-25 ans",
        public: "Adolescents et jeunes adultes de 12 à 25 ans, et leurs familles",
        context: "Le service accueille des adolescents et des jeunes adultes en hospitalisation complète et en hôpital de jour, avec une attention particulière à la scolarité, à la formation et aux familles.",
    },
    Kind {
        title: "CMP et équipe mobile d'intervention de crise",
        service: "Urgences et crise",
        unit: "Centre médico-psychologique et équipe mobile d'intervention de crise",
        public: "Adultes en situation de crise psychique et leur entourage",
        context: "L'équipe mobile d'intervention de crise intervient à domicile dans les 48 heures, en alternative à l'hospitalisation, et assure un suivi intensif de quelques semaines avant le relais vers le CMP.",
    },
    Kind {
        title: "SAMSAH handicap psychique",
        service: "Service d'accompagnement médico-social pour adultes handicapés (SAMSAH)",
        unit: "SAMSAH handicap psychique",
        public: "Adultes en situation de handicap psychique vivant à domicile, orientés par la MDPH",
        context: "Le SAMSAH accompagne à domicile des adultes en situation de handicap psychique, dans tous les domaines de la vie quotidienne : logement, santé, vie sociale, emploi.",
    },
    Kind {
        title: "Maison des adolescents",
        service: "Maison des adolescents",
        unit: "Maison des adolescents",
        public: "Jeunes de 11 à 25 ans et leurs parents",
        context: "La Maison des adolescents accueille sans rendez-vous les jeunes et leurs parents, informe, oriente et propose des consultations, des groupes et des actions de prévention dans les établissements scolaires.",
    },
    Kind {
        title: "centre d'accueil et de crise",
        service: "Centre d'accueil permanent",
        unit: "Centre d'accueil et de crise (CAC)",
        public: "Adultes en situation de crise psychique et leur entourage",
        context: "Le centre d'accueil et de crise reçoit jour et nuit les personnes en crise et leurs proches, propose des hospitalisations courtes et prépare le relais vers les soins de secteur.",
    },
    Kind {
        title: "intervention précoce pour les premiers épisodes psychotiques",
        service: "Intervention précoce",
        unit: "Équipe d'intervention précoce",
        public: "Jeunes de 16 à 30 ans vivant un premier épisode psychotique, et leurs proches",
        context: "L'équipe d'intervention précoce suit pendant trois ans des jeunes qui vivent un premier épisode psychotique, avec un case manager, un soutien aux familles et un accompagnement vers les études ou l'emploi.",
    },
    Kind {
        title: "addictologie et troubles psychiques associés",
        service: "Addictologie",
        unit: "Unité d'addictologie et CSAPA",
        public: "Adultes vivant avec une addiction et des troubles psychiques associés",
        context: "L'unité d'addictologie propose des sevrages programmés, des soins de suite et un suivi ambulatoire avec le CSAPA, pour des personnes vivant avec une addiction et des troubles psychiques.",
    },
    Kind {
        title: "équipe mobile de soins intensifs et logement d'abord",
        service: "Logement d'abord",
        unit: "Équipe mobile de soins intensifs dans la communauté",
        public: "Adultes sans domicile vivant avec des troubles psychiques sévères, relogés en logement ordinaire",
        context: "L'équipe accompagne vers et dans le logement des personnes sans domicile vivant avec des troubles psychiques sévères, selon l'approche « logement d'abord » : le logement d'abord, les soins ensuite, au rythme de la personne.",
    },
    Kind {
        title: "accueil psychiatrique des urgences et prévention du suicide",
        service: "Urgences psychiatriques",
        unit: "Accueil psychiatrique des urgences et dispositif de recontact",
        public: "Adultes reçus aux urgences après une crise suicidaire, et leur entourage",
        context: "L'accueil psychiatrique des urgences reçoit les personnes en crise et organise le recontact des personnes après une tentative de suicide, par téléphone, par courrier et par des rencontres.",
    },
    Kind {
        title: "CATTP adulte",
        service: "Psychiatrie adulte, secteur ambulatoire",
        unit: "Centre d'accueil thérapeutique à temps partiel (CATTP)",
        public: "Adultes vivant avec des troubles psychiques, suivis en ambulatoire",
        context: "Le CATTP propose des ateliers thérapeutiques et des groupes (expression, activité physique, vie quotidienne, sorties culturelles) pour maintenir l'autonomie et le lien social des personnes suivies.",
    },
];

const TITLES: &[&str] = &[
    "Médiateur de santé-pair (H/F)",
    "Médiateur ou médiatrice de santé-pair",
    "Pair-aidant professionnel – médiateur de santé-pair (H/F)",
];

const POLES: &[&str] = &[
    "Pôle de psychiatrie adulte",
    "Pôle de santé mentale",
    "Pôle de réhabilitation psychosociale",
    "Pôle de psychiatrie et santé mentale",
    "Pôle de psychiatrie de l'enfant et de l'adolescent",
    "Pôle d'addictologie et de psychiatrie de liaison",
];

const TEAMS: &[&str] = &[
    "L'équipe (psychiatres, infirmiers, psychologue, ergothérapeute, assistante sociale) est formée aux pratiques orientées vers le rétablissement et souhaite intégrer un médiateur de santé-pair, en tant que collègue à part entière.",
    "L'équipe pluriprofessionnelle a mûri ce projet pendant plus d'un an avec le CCOMS ; elle attend du médiateur de santé-pair un regard complémentaire, fondé sur son savoir expérientiel.",
    "Le médiateur de santé-pair travaille en binôme dès son arrivée, sous la responsabilité hiérarchique du cadre de santé, et participe à toutes les réunions cliniques de l'équipe.",
    "Deux infirmiers, un éducateur spécialisé, une psychologue et un psychiatre composent l'équipe, qui accueille déjà des stagiaires pairs-aidants et souhaite pérenniser la pair-aidance.",
];

const NETWORKS: &[&str] = &[
    "Le service travaille avec les partenaires du territoire : groupes d'entraide mutuelle (GEM), conseil local de santé mentale, associations d'usagers et de familles.",
    "Le service est engagé dans le projet territorial de santé mentale et travaille avec les bailleurs sociaux, les services d'emploi accompagné et les GEM.",
    "Les liens avec la médecine de ville, les structures sociales et médico-sociales et les associations d'usagers sont au cœur du projet.",
];

const GRADES: &[&str] = &[
    "Animateur (catégorie B) pendant la formation, puis éducateur (catégorie A) après l'obtention du diplôme",
    "Animateur (catégorie B)",
    "Moniteur-éducateur pendant la formation, puis éducateur spécialisé après le diplôme (convention collective du 15 mars 1966)",
];

const DIPLOMAS: &[&str] = &[
    "Bac+2, ou Bac avec validation des acquis (VAP/VAE) réalisée une fois recruté·e.",
    "Bac+2 ; à défaut, Bac et validation des acquis professionnels ou de l'expérience (VAP/VAE), dossier à constituer avec l'université une fois recruté·e.",
    "Niveau Bac+2. Les candidat·es titulaires du Bac peuvent accéder à la licence par une validation des acquis (VAP/VAE), réalisée une fois recruté·e.",
];

const ASSOCIATIONS: &[&str] = &[
    "L'Élan",
    "Le Relais",
    "Passerelles",
    "La Traversée",
    "Horizons",
    "Le Fil d'Ariane",
    "Les Jardins du lien",
    "Entraide et Cité",
];

const STREETS: &[&str] = &[
    "rue de la République",
    "avenue Jean-Jaurès",
    "rue Pasteur",
    "boulevard Victor-Hugo",
    "rue de l'Hôpital",
    "chemin des Tilleuls",
    "avenue de la Gare",
    "rue des Écoles",
    "place de la Mairie",
    "rue du Moulin",
];

const FIRST_NAMES: &[&str] = &[
    "Camille",
    "Dominique",
    "Claude",
    "Sacha",
    "Alix",
    "Morgane",
    "Nadia",
    "Julien",
    "Sophie",
    "Karim",
    "Élodie",
    "Thomas",
    "Inès",
    "Laurent",
    "Mathilde",
    "Yann",
    "Aurélie",
    "Samir",
    "Hélène",
    "Nicolas",
];

const SURNAMES: &[&str] = &[
    "Martin",
    "Bernard",
    "Lefèvre",
    "Moreau",
    "Garnier",
    "Roussel",
    "Chevalier",
    "Perrin",
    "Marchand",
    "Blanchard",
    "Fabre",
    "Gauthier",
    "Renaud",
    "Lemoine",
    "Aubert",
    "Carpentier",
    "Vidal",
    "Colin",
    "Barbier",
    "Mercier",
];

const CONTACT_ROLES: &[&str] = &[
    "Cadre de santé",
    "Psychiatre, chef de service",
    "Psychologue de l'équipe",
    "Cadre supérieur de santé",
    "Médiateur de santé-pair de l'établissement",
    "Directrice des ressources humaines",
];

/// Everything drawn from the demonstration offers, once.
struct Vocabulary {
    missions: Vec<MissionGroup>,
    techniques: Vec<String>,
    experientielles: Vec<String>,
    organisationnelles: Vec<String>,
    adaptation: Vec<String>,
}

impl Vocabulary {
    /// The mission groups and competences of the fictitious demonstration offers (the two real
    /// fiches are left out: their missions name their programmes).
    fn from_demo() -> Vocabulary {
        let offers: Vec<_> = super::offers()
            .into_iter()
            .filter(|o| !o.title.contains("GREMO-PASS") && !o.title.contains("SMART 73"))
            .collect();
        let mut vocabulary = Vocabulary {
            missions: Vec::new(),
            techniques: Vec::new(),
            experientielles: Vec::new(),
            organisationnelles: Vec::new(),
            adaptation: Vec::new(),
        };
        for offer in offers {
            vocabulary.missions.extend(
                offer
                    .missions
                    .into_iter()
                    .filter(|g| !g.title.is_empty() && !g.items.iter().any(|i| i.contains("l'île"))),
            );
            let c = offer.competences;
            vocabulary.techniques.extend(c.techniques);
            vocabulary.experientielles.extend(c.experientielles);
            vocabulary.organisationnelles.extend(c.organisationnelles);
            vocabulary.adaptation.extend(c.adaptation);
        }
        for list in [
            &mut vocabulary.techniques,
            &mut vocabulary.experientielles,
            &mut vocabulary.organisationnelles,
            &mut vocabulary.adaptation,
        ] {
            let mut seen = HashSet::new();
            list.retain(|item| seen.insert(item.clone()));
        }
        vocabulary
    }
}

/// Adds `count` synthetic offers (and their establishments) to the database; returns how many
/// offers were added. Offers go through [`fiches::insert`], so the search index is filled
/// exactly as for real offers.
pub async fn load(db: &Db, count: u32, seed: u64) -> sqlx::Result<u32> {
    let mut rng = Rng(seed);
    let communes = communes();
    // Bigger towns have more services, but not proportionally more: weight by √population.
    let mut cumulative = Vec::with_capacity(communes.len());
    let mut total = 0.0;
    for commune in &communes {
        total += f64::from(commune.population).sqrt();
        cumulative.push(total);
    }
    let pick_commune = |rng: &mut Rng| {
        let target = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * total;
        &communes[cumulative.partition_point(|&c| c <= target).min(communes.len() - 1)]
    };

    let employer_count = count.div_ceil(OFFERS_PER_EMPLOYER).max(1);
    let mut employers = Vec::with_capacity(employer_count as usize);
    let mut names = HashSet::new();
    let mut tx = db.pool.begin().await?;
    for _ in 0..employer_count {
        let commune = pick_commune(&mut rng);
        let new = new_establishment(&mut rng, commune, &mut names);
        let id = establishments::insert(&mut tx, &new).await?;
        employers.push(Employer {
            id,
            name: new.name,
            legal_name: new.legal_name,
            is_public: new.is_public,
            street: new.street,
            postal_code: new.postal_code,
            commune: new.commune,
            departement_code: new.departement_code,
        });
    }
    tx.commit().await?;

    let today = paris_today();
    // Publication instants are counted back from this morning, not from now, so that two runs on
    // the same day write the same data.
    let morning = today
        .with_time(Time::from_hms(8, 0, 0).expect("valid time"))
        .assume_utc();
    let world = Arc::new((Vocabulary::from_demo(), employers));
    // The next batch is drawn and prepared (search terms, JSON) on a blocking thread while the
    // database writes the current one; the draws stay in one sequence, so the data do not change.
    let prepare_batch = |mut rng: Rng, size: u32| {
        let world = Arc::clone(&world);
        tokio::task::spawn_blocking(move || {
            let (vocabulary, employers) = &*world;
            let batch = (0..size)
                .map(|_| {
                    let employer = rng.pick(employers);
                    let (content, status, published_at) = new_offer(&mut rng, vocabulary, employer, today, morning);
                    fiches::prepare(employer, &content, status, Some(published_at))
                })
                .collect::<sqlx::Result<Vec<_>>>();
            (rng, batch)
        })
    };
    let mut added = 0;
    let mut next = (count > 0).then(|| prepare_batch(rng, BATCH.min(count)));
    while let Some(pending) = next.take() {
        let (rng, batch) = pending.await.expect("preparing a batch does not panic");
        let batch = batch?;
        added += batch.len() as u32;
        if added < count {
            next = Some(prepare_batch(rng, BATCH.min(count - added)));
        }
        let mut tx = db.pool.begin().await?;
        for fiche in batch {
            fiches::insert_prepared(&mut tx, fiche).await?;
        }
        tx.commit().await?;
    }
    Ok(added)
}

fn new_establishment(rng: &mut Rng, commune: &Commune, names: &mut HashSet<String>) -> NewEstablishment {
    let c = commune.name;
    let de_c = de(c);
    let (name, legal_name, is_public) = match rng.below(10) {
        0..=3 => (
            format!("Centre hospitalier {de_c}"),
            format!("Centre hospitalier {de_c}"),
            true,
        ),
        4..=5 => (
            format!("EPSM {de_c}"),
            format!("Établissement public de santé mentale {de_c}"),
            true,
        ),
        6 if commune.population >= 100_000 => (
            format!("CHU {de_c}"),
            format!("Centre hospitalier universitaire {de_c}"),
            true,
        ),
        6 | 7 => (
            format!("CHS {de_c}"),
            format!("Centre hospitalier spécialisé {de_c}"),
            true,
        ),
        _ => {
            let association = rng.pick(ASSOCIATIONS);
            (
                format!("Association {association} ({c})"),
                format!("Association {association}"),
                false,
            )
        }
    };
    // Several establishments of one kind in one town are told apart by their site.
    let mut unique = name.clone();
    let mut site = 2;
    while !names.insert(unique.clone()) {
        unique = format!("{name} – site {site}");
        site += 1;
    }
    NewEstablishment {
        name: unique,
        legal_name,
        is_public,
        street: format!("{} {}", rng.between(1, 120), rng.pick(STREETS)),
        postal_code: commune.postal_code.to_string(),
        commune: c.to_string(),
        departement_code: commune.departement.code.to_string(),
    }
}

/// "de Lille", "d'Amiens", "du Mans" (for "Le Mans"), "des Abymes" (for "Les Abymes").
fn de(commune: &str) -> String {
    if let Some(rest) = commune.strip_prefix("Le ") {
        format!("du {rest}")
    } else if let Some(rest) = commune.strip_prefix("Les ") {
        format!("des {rest}")
    } else if fold(commune).starts_with(['a', 'e', 'i', 'o', 'u', 'y']) {
        format!("d'{commune}")
    } else {
        format!("de {commune}")
    }
}

fn new_offer(
    rng: &mut Rng,
    vocabulary: &Vocabulary,
    employer: &Employer,
    today: Date,
    morning: OffsetDateTime,
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
    let mut title = rng.pick(TITLES).to_string();
    if quotite == Quotite::MiTemps {
        title.push_str(" à mi-temps");
    }
    title.push_str(" – ");
    title.push_str(kind.title);

    let context = format!(
        "{}\n\n{} Le poste est financé avec le soutien de l'ARS {}.\n\n{}",
        kind.context,
        rng.pick(TEAMS),
        region.name,
        rng.pick(NETWORKS)
    );
    let training = match track {
        Track::Bobigny => format!(
            "Le poste donne accès à la licence Sciences sanitaires et sociales – parcours MSP de l'Université Sorbonne Paris Nord à Bobigny, co-portée par le CCOMS, qui débute en février (une semaine de regroupement par mois). Les frais de formation sont pris en charge par l'établissement, avec le soutien de l'ARS {}.",
            region.name
        ),
        Track::Bordeaux => format!(
            "Formation en alternance à la licence professionnelle Médiateur de santé-pair de l'Université de Bordeaux, qui débute en septembre (une semaine de regroupement par mois). Les frais de formation sont pris en charge par l'établissement, avec le soutien de l'ARS {}.",
            region.name
        ),
    };
    let domain = format!("{}.example", slugify(&employer.name, 40));
    let contacts = (0..rng.between(1, 2))
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
        .collect();

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

    let content = FicheContent {
        title,
        quotite,
        quotite_percent,
        quotite_adaptable: rng.percent(30),
        grade: rng.pick(GRADES).to_string(),
        pole: if rng.percent(80) {
            format!("{} {}", rng.pick(POLES), de(&employer.commune))
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
        track,
        training,
        how_to_apply: format!(
            "Lettre de motivation et CV, à adresser par courriel au service des ressources humaines ({}) avant la date limite.",
            employer.name
        ),
        apply_email: format!("recrutement@{domain}"),
        contacts,
        deadline: Some(deadline),
        start_note: if start_date.is_none() {
            "Dès que possible".into()
        } else {
            String::new()
        },
        start_date,
        // Animateur, first grade: the CCOMS's recommended start.
        pay_index: Some(366),
        public_post: Default::default(),
    };
    (content, status, published_at)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_departement_has_communes_and_every_commune_is_real_looking() {
        let communes = communes();
        assert!(communes.len() > 1000);
        for d in territory::DEPARTEMENTS {
            assert!(
                communes.iter().any(|c| c.departement.code == d.code),
                "no commune in {}",
                d.name
            );
        }
        for c in &communes {
            assert_eq!(c.code_insee.len(), 5, "{}", c.name);
            assert_eq!(c.postal_code.len(), 5, "{}", c.name);
        }
        assert!(
            communes
                .iter()
                .any(|c| c.name == "Strasbourg" && c.code_insee == "67482")
        );
    }

    #[test]
    fn the_generator_is_fixed_for_a_seed() {
        let draw = |seed| {
            let mut rng = Rng(seed);
            (0..5).map(|_| rng.below(1000)).collect::<Vec<_>>()
        };
        assert_eq!(draw(1), draw(1));
        assert_ne!(draw(1), draw(2));
        // SplitMix64's published first output for seed 0, so a change of algorithm shows.
        assert_eq!(Rng(0).next_u64(), 0xE220_A839_7B1D_CDAF);
    }

    #[test]
    fn offers_are_complete_and_name_no_real_person() {
        let vocabulary = Vocabulary::from_demo();
        assert!(vocabulary.missions.len() > 40);
        let employer = Employer {
            id: 1,
            name: "Centre hospitalier d'Amiens".into(),
            legal_name: "Centre hospitalier d'Amiens".into(),
            is_public: true,
            street: "3 rue Pasteur".into(),
            postal_code: "80000".into(),
            commune: "Amiens".into(),
            departement_code: "80".into(),
        };
        let today = paris_today();
        let morning = today.midnight().assume_utc();
        let mut rng = Rng(7);
        let mut open = 0;
        for _ in 0..200 {
            let (content, status, _) = new_offer(&mut rng, &vocabulary, &employer, today, morning);
            assert!(!content.missions.is_empty() && !content.competences.experientielles.is_empty());
            assert!(content.apply_email.ends_with(".example"));
            assert!(content.contacts.iter().all(|c| c.email.ends_with(".example")));
            assert!(content.deadline.is_some());
            if status == FicheStatus::Publiee {
                open += 1;
            }
        }
        assert!((150..=190).contains(&open), "about 85 % open, got {open} of 200");
    }

    #[test]
    fn establishment_names_read_as_french() {
        assert_eq!(de("Lille"), "de Lille");
        assert_eq!(de("Amiens"), "d'Amiens");
        assert_eq!(de("Le Mans"), "du Mans");
        assert_eq!(de("Les Abymes"), "des Abymes");
        assert_eq!(de("Évry-Courcouronnes"), "d'Évry-Courcouronnes");
    }
}
