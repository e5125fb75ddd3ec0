//! What each fiche says, field by field, for the share of fields filled correctly.

/// What each fiche says, field by field ("" where it says nothing: filling such a field is an
/// error too, but it is not counted as a field filled).
pub(super) const GREMO_PASS_FIELDS: &[(&str, &str)] = &[
    ("title", "Médiateur de santé pair"),
    ("notice", ""),
    ("reference", ""),
    ("published", ""),
    ("establishment", "Hôpitaux Universitaires de Strasbourg"),
    ("pole", "Pôle de Psychiatrie, Santé Mentale et Addictologie"),
    ("service", "Service de Psychiatrie 2, programme GREMO-PASS"),
    ("unit", "GREMO-PASS"),
    ("sites", "Hôpital Civil, Hôpitaux Universitaires de Strasbourg"),
    ("grade", ""),
    (
        "context",
        "Programme ambulatoire pour le trouble de la personnalité borderline sévère | Le programme GREMO-PASS a été créé…",
    ),
    ("missions", " (11)"),
    ("missions_text", "Travailler au sein d’une équipe pluridisciplinaire…"),
    (
        "first_mission",
        "Participer à des entretiens formels (en binôme ou en autonomie), le binôme pouvant être : un professionnel de santé, un médecin, un infirmier etc.",
    ),
    (
        "last_mission",
        "Accompagnement vers l’extérieur (associations, lieux de rencontre et d’échanges sociaux)",
    ),
    ("competences", "Expériences et compétences (5)"),
    ("last_competence", "Être force de proposition, créatif(ve)"),
    ("profile", "Le candidat devra être titulaire d’un Bac +2…"),
    (
        "training",
        "La personne recrutée suivra en parallèle la formation de licence…",
    ),
    ("quotite", "50 %"),
    ("adaptable", ""),
    ("contract", ""),
    ("posts", ""),
    ("pay", ""),
    ("how_to_apply", ""),
    ("apply_email", ""),
    (
        "contact_names",
        "Docteur Sébastien Weibel | Professeur Luisa Weiner | Professeur Gilles Bertschy",
    ),
    ("deadline", ""),
    ("start", ""),
    ("unplaced", ""),
];

pub(super) const SMART_73_FIELDS: &[(&str, &str)] = &[
    ("title", "Médiateur de santé-pair"),
    ("notice", "Avis de vacance de poste"),
    ("reference", ""),
    ("published", "2024-07-05"),
    ("establishment", "CHS de la Savoie"),
    ("pole", ""),
    ("service", "Centre de réhabilitation psychosocial de la Savoie"),
    ("unit", "SMART 73"),
    ("sites", ""),
    ("grade", "Pair-Aidant professionnel/ Médiateur de santé-pair"),
    (
        "context",
        "Le service SMART 73 est un centre de réhabilitation psyhosocial de proximité…",
    ),
    (
        "missions",
        "Aide à la mise en place d’outils d’autogestion (2) | Participe à des programmes de déstigmatisation (1) | \
         Propose un accompagnement au rétablissement de pair à pair (6) | Participe à des programmes de psychoéducation \
         ou d’Education Thérapeutique du Patient (5) | Le médiateur de santé pair au sein d’une équipe pluridisciplinaire (2) | \
         Participe à des actions destinées aux aidants (1) | Le MSP et son environnement professionnel (5)",
    ),
    (
        "missions_text",
        "Le médiateur de santé/pair (MSP)/pair-aidant de part son savoir expérientiel…",
    ),
    (
        "first_mission",
        "Réalisation d’un plan de crise conjoint (Directives Anticipées en Psychiatrie…)",
    ),
    ("last_mission", "Bénéficie d'actions de professionnalisation"),
    (
        "competences",
        "Compétences techniques (5) | Compétences expérientielles (6) | Compétences organisationelles (6) | Compétences d’Adaptation (2)",
    ),
    (
        "last_competence",
        "Capacité à connaitre ses limites et à savoir demander de l’aide si nécessaire",
    ),
    ("profile", ""),
    ("training", ""),
    ("quotite", "100 %"),
    ("adaptable", "adaptable"),
    ("contract", ""),
    ("posts", ""),
    ("pay", ""),
    (
        "how_to_apply",
        "Une lettre de motivation et un curriculum vitae, constituent le dossier de candidature.…",
    ),
    ("apply_email", "drh@chs-savoie.fr"),
    ("contact_names", "Drs LE CARDINAL et RAINTEAU médecins chefs de service"),
    ("contact_phones", "04 79 60 30 57"),
    ("deadline", "2024-08-05"),
    ("start", "dès que possible"),
    ("unplaced", ""),
];

pub(super) const OWN_FIELDS: &[(&str, &str)] = &[
    ("title", "Médiatrice ou médiateur de santé-pair"),
    ("notice", ""),
    ("reference", "AV-2025-014"),
    ("published", ""),
    ("establishment", "Centre hospitalier Alpes-Isère"),
    ("pole", "Pôle de psychiatrie adulte"),
    ("service", "Service de réhabilitation psychosociale"),
    ("unit", "C3R"),
    ("sites", "CMP de Grenoble Est | Hôpital de jour de Saint-Égrève"),
    ("grade", ""),
    (
        "context",
        "Le service de réhabilitation psychosociale accompagne des personnes vivant avec un trouble psychique sévère \
         vers leurs projets de vie, en lien avec les équipes de secteur et les partenaires du territoire grenoblois. | \
         L'équipe compte une psychiatre, deux infirmiers, une neuropsychologue, une éducatrice spécialisée et une \
         assistante sociale.",
    ),
    (
        "missions",
        "Accompagnement individuel (3) | Actions collectives (2) | Vie de l'équipe (2)",
    ),
    ("missions_text", ""),
    (
        "first_mission",
        "Mener des entretiens de soutien de pair à pair, seul ou en binôme avec un soignant, à l'unité comme au domicile des personnes",
    ),
    (
        "last_mission",
        "Contribuer à la lutte contre la stigmatisation au sein de l'hôpital",
    ),
    ("competences", " (3)"),
    ("last_competence", "Travailler en équipe pluriprofessionnelle"),
    (
        "profile",
        "Une expérience vécue des troubles psychiques et un parcours de rétablissement stabilisé. Aucun diplôme n'est exigé à l'embauche.",
    ),
    ("training", "La personne recrutée suivra la licence…"),
    ("quotite", "80 %"),
    ("adaptable", ""),
    ("contract", "CDD d'un an, renouvelable"),
    ("posts", "2"),
    ("pay", "1 950 € brut mensuel"),
    (
        "how_to_apply",
        "Envoyez une lettre de motivation et un CV à recrutement@ch-alpes-isere.fr",
    ),
    ("apply_email", "recrutement@ch-alpes-isere.fr"),
    ("contact_names", "Claire Martin"),
    ("contact_phones", "04 76 56 42 42"),
    ("contact_emails", "claire.martin@ch-alpes-isere.fr"),
    ("deadline", "2025-03-15"),
    ("start", "2025-04-01"),
    ("unplaced", "FICHE DE POSTE"),
];

/// Two fiches written before the parser first read them: 61/136 fields (0.449) on that first
/// reading; the rules were then widened for them (headings, terms said in a sentence, places with
/// an address), so they now count with the others, and the held-out figure comes from
/// `held_out_fiches_*` below.
pub(super) const HELD_OUT_EPSM_FIELDS: &[(&str, &str)] = &[
    ("title", "Pair-aidant professionnel / Médiateur de santé-pair (H/F)"),
    ("reference", "2025-MSP-07"),
    ("establishment", "Établissement public de santé mentale de la Marne"),
    ("service", "Équipe mobile psychiatrie précarité (EMPP)"),
    ("sites", "Reims"),
    ("context", "L'EPSM de la Marne assure la prise en charge…"),
    ("missions", " (4)"),
    (
        "first_mission",
        "Aller vers les personnes en situation de précarité, dans la rue et dans les structures d'hébergement",
    ),
    (
        "last_mission",
        "Témoigner de son parcours de rétablissement quand cela aide la personne",
    ),
    (
        "profile",
        "Savoir-être : écoute, discrétion, capacité à travailler en équipe. | Expérience personnelle de troubles psychiques et de rétablissement.",
    ),
    ("quotite", "60 %"),
    ("contract", "Contrat à durée déterminée de 12 mois."),
    ("pay", "selon la grille de la fonction publique hospitalière"),
    ("start", "2025-05-02"),
    ("deadline", "2025-03-31"),
    ("apply_email", "recrutement@epsm-marne.fr"),
    ("contact_names", "Mme Sophie Leroy"),
    ("contact_phones", "03 26 70 12 34"),
    ("training", ""),
    ("unplaced", "OFFRE D'EMPLOI"),
];

pub(super) const HELD_OUT_ASSOCIATION_FIELDS: &[(&str, &str)] = &[
    ("title", "Médiateur(rice) de santé pair(e)"),
    ("establishment", "Association Élan Retrouvé"),
    ("service", "CATTP Les Tilleuls"),
    ("sites", "12 rue des Lilas, 75019 Paris"),
    (
        "context",
        "Le Centre d'accueil thérapeutique à temps partiel (CATTP) Les Tilleuls accueille des adultes suivis en psychiatrie.",
    ),
    ("quotite", "100 %"),
    ("contract", "CDI"),
    ("pay", "2 100 € brut mensuel"),
    (
        "missions",
        "Auprès des personnes accueillies (2) | Auprès de l'équipe (2)",
    ),
    ("first_mission", "animer des ateliers de pair-aidance"),
    (
        "profile",
        "Vous avez traversé des troubles psychiques et vous êtes engagé(e) dans votre rétablissement.",
    ),
    ("training", "Vous vous engagez à suivre la licence professionnelle…"),
    ("apply_email", "emploi@elan-retrouve.fr"),
    ("deadline", "2025-04-30"),
    ("start", "2025-06-01"),
    ("unplaced", ""),
];

/// Two fiches written with these tables before the parser read them: 71/124 fields (0.573) on
/// that first reading; then widened for (ETP, "Service :", a heading ending in a colon, roles after
/// dashes, the date of an update, the opening "X (Y) recrute …" sentence, a date cut by wrapping).
pub(super) const UNSEEN_CHU_FIELDS: &[(&str, &str)] = &[
    ("title", "Médiateur de santé-pair"),
    ("establishment", "CHU de Bordeaux"),
    ("pole", "Pôle de psychiatrie générale"),
    ("service", "Centre de réhabilitation psychosociale Aquitaine (C2RP)"),
    ("published", "2025-02-12"),
    ("grade", "contractuel"),
    ("quotite", "80 %"),
    (
        "missions_text",
        "Le médiateur de santé-pair intervient dans l'équipe du C2RP.",
    ),
    ("missions", " (3)"),
    (
        "first_mission",
        "Accueillir les personnes orientées vers le centre et présenter le dispositif",
    ),
    ("competences", " (2)"),
    ("profile", "Aucun diplôme exigé."),
    (
        "training",
        "Engagement à suivre la licence professionnelle de l'université de Bordeaux.",
    ),
    ("contact_names", "M. Jean Dupuis"),
    ("contact_emails", "jean.dupuis@chu-bordeaux.fr"),
    ("contact_phones", "05 56 79 56 79"),
    ("deadline", "2025-06-20"),
    ("unplaced", ""),
];

pub(super) const UNSEEN_FOYER_FIELDS: &[(&str, &str)] = &[
    ("title", "Pair-aidant professionnel"),
    ("establishment", "Fondation Santé Mentale Ouest"),
    ("service", "Foyer d'accueil médicalisé Les Cèdres"),
    ("contract", "CDD de 6 mois"),
    (
        "context",
        "Le foyer accueille 40 résidents adultes présentant des troubles psychiques stabilisés.",
    ),
    ("missions", " (3)"),
    ("last_mission", "Participer aux synthèses de l'équipe éducative"),
    (
        "profile",
        "Une expérience personnelle du rétablissement | Le goût du travail en équipe",
    ),
    ("quotite", "50 %"),
    ("pay", "selon convention collective 66"),
    ("apply_email", "n.benali@fsmo.fr"),
    ("contact_names", "Mme Nadia Benali"),
    ("deadline", "2025-09-15"),
    ("start", "2025-10-01"),
    ("unplaced", ""),
];

/// Two fiches written with these tables before the parser read them: 60/104 fields (0.577) on
/// that first reading, lost mostly to headings outside the table ("Activités principales"),
/// after which the rest fell into the previous section; then headings were also matched by
/// their first word (a group title inside a section of the same kind), unknown labels shown
/// unplaced, "recrute pour son service …" read: 100/104. The establishment of the SAVS fiche
/// keeps its "association" (the table's expectation, left as written).
pub(super) const UNSEEN_GHU_FIELDS: &[(&str, &str)] = &[
    ("title", "Médiateur de santé pair (F/H)"),
    ("establishment", "GHU Paris psychiatrie & neurosciences"),
    ("unit", "Secteur 75G14"),
    ("service", "Centre médico-psychologique Bastille"),
    (
        "context",
        "Le CMP Bastille reçoit des adultes du 11e arrondissement pour des consultations et des soins ambulatoires.",
    ),
    ("missions", "Activités principales (3) | Activités spécifiques (1)"),
    (
        "first_mission",
        "Accueillir et orienter les usagers nouvellement adressés au CMP",
    ),
    ("competences", "Savoir-faire requis (2) | Connaissances associées (1)"),
    ("quotite", "100 %"),
    ("contract", "Recrutement en CDD d'un an, en vue d'une titularisation."),
    ("apply_email", "msp.recrutement@ghu-paris.fr"),
    ("deadline", "2025-11-10"),
    ("start", "janvier 2026"),
    (
        "unplaced",
        "Métier : Médiateur de santé pair | Liaison hiérarchique : cadre de santé du secteur | \
         Liaisons fonctionnelles : médecin responsable du CMP, équipe soignante",
    ),
];

pub(super) const UNSEEN_SAVS_FIELDS: &[(&str, &str)] = &[
    ("title", "Médiatrice / médiateur de santé pair"),
    ("establishment", "Les Amis de l'Atelier"),
    (
        "service",
        "service d'accompagnement à la vie sociale (SAVS) de Châtenay-Malabry",
    ),
    (
        "context",
        "Le SAVS accompagne 60 adultes en situation de handicap psychique dans leur vie quotidienne.",
    ),
    ("missions", " (3)"),
    ("profile", "Expérience vécue de troubles psychiques | Permis B souhaité"),
    ("quotite", "80 %"),
    ("contract", "CDI, convention collective 66"),
    ("pay", "1 850 € brut mensuel"),
    ("apply_email", "rh@amisdelatelier.org"),
    ("contact_names", "Julie Moreau"),
    ("contact_phones", "01 46 00 00 00"),
    ("unplaced", ""),
];
