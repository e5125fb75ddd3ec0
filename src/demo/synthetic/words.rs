//! The words synthetic offers are made of: kinds of services, titles, teams, grades, names, and
//! the missions and competences of the demonstration offers.

use std::collections::HashSet;

use crate::domain::fiche::MissionGroup;

/// A kind of service that hires an MSP: how the title, the unit, the public and the first
/// paragraph of the context read.
pub(super) struct Kind {
    pub(super) title: &'static str,
    pub(super) service: &'static str,
    pub(super) unit: &'static str,
    pub(super) public: &'static str,
    pub(super) context: &'static str,
}

pub(super) const KINDS: &[Kind] = &[
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

pub(super) const TITLES: &[&str] = &[
    "Médiateur de santé-pair (H/F)",
    "Médiateur ou médiatrice de santé-pair",
    "Pair-aidant professionnel – médiateur de santé-pair (H/F)",
];

pub(super) const POLES: &[&str] = &[
    "Pôle de psychiatrie adulte",
    "Pôle de santé mentale",
    "Pôle de réhabilitation psychosociale",
    "Pôle de psychiatrie et santé mentale",
    "Pôle de psychiatrie de l'enfant et de l'adolescent",
    "Pôle d'addictologie et de psychiatrie de liaison",
];

pub(super) const TEAMS: &[&str] = &[
    "L'équipe (psychiatres, infirmiers, psychologue, ergothérapeute, assistante sociale) est formée aux pratiques orientées vers le rétablissement et souhaite intégrer un médiateur de santé-pair, en tant que collègue à part entière.",
    "L'équipe pluriprofessionnelle a mûri ce projet pendant plus d'un an avec le CCOMS ; elle attend du médiateur de santé-pair un regard complémentaire, fondé sur son savoir expérientiel.",
    "Le médiateur de santé-pair travaille en binôme dès son arrivée, sous la responsabilité hiérarchique du cadre de santé, et participe à toutes les réunions cliniques de l'équipe.",
    "Deux infirmiers, un éducateur spécialisé, une psychologue et un psychiatre composent l'équipe, qui accueille déjà des stagiaires pairs-aidants et souhaite pérenniser la pair-aidance.",
];

pub(super) const NETWORKS: &[&str] = &[
    "Le service travaille avec les partenaires du territoire : groupes d'entraide mutuelle (GEM), conseil local de santé mentale, associations d'usagers et de familles.",
    "Le service est engagé dans le projet territorial de santé mentale et travaille avec les bailleurs sociaux, les services d'emploi accompagné et les GEM.",
    "Les liens avec la médecine de ville, les structures sociales et médico-sociales et les associations d'usagers sont au cœur du projet.",
];

pub(super) const GRADES: &[&str] = &[
    "Animateur (catégorie B) pendant la formation, puis éducateur (catégorie A) après l'obtention du diplôme",
    "Animateur (catégorie B)",
    "Moniteur-éducateur pendant la formation, puis éducateur spécialisé après le diplôme (convention collective du 15 mars 1966)",
];

pub(super) const DIPLOMAS: &[&str] = &[
    "Bac+2, ou Bac avec validation des acquis (VAP/VAE) réalisée une fois recruté·e.",
    "Bac+2 ; à défaut, Bac et validation des acquis professionnels ou de l'expérience (VAP/VAE), dossier à constituer avec l'université une fois recruté·e.",
    "Niveau Bac+2. Les candidat·es titulaires du Bac peuvent accéder à la licence par une validation des acquis (VAP/VAE), réalisée une fois recruté·e.",
];

pub(super) const ASSOCIATIONS: &[&str] = &[
    "L'Élan",
    "Le Relais",
    "Passerelles",
    "La Traversée",
    "Horizons",
    "Le Fil d'Ariane",
    "Les Jardins du lien",
    "Entraide et Cité",
];

pub(super) const STREETS: &[&str] = &[
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

pub(super) const FIRST_NAMES: &[&str] = &[
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

pub(super) const SURNAMES: &[&str] = &[
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

pub(super) const CONTACT_ROLES: &[&str] = &[
    "Cadre de santé",
    "Psychiatre, chef de service",
    "Psychologue de l'équipe",
    "Cadre supérieur de santé",
    "Médiateur de santé-pair de l'établissement",
    "Directrice des ressources humaines",
];

/// Everything drawn from the demonstration offers, once.
pub(super) struct Vocabulary {
    pub(super) missions: Vec<MissionGroup>,
    pub(super) techniques: Vec<String>,
    pub(super) experientielles: Vec<String>,
    pub(super) organisationnelles: Vec<String>,
    pub(super) adaptation: Vec<String>,
}

impl Vocabulary {
    /// The mission groups and competences of the fictitious demonstration offers (the two real
    /// fiches are left out: their missions name their programmes).
    pub(super) fn from_demo() -> Vocabulary {
        let offers: Vec<_> = crate::demo::offers()
            .into_iter()
            .map(|o| o.content)
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
