//! The field's words a candidate may not know, as the offers use them (issue 23). Written for
//! someone far from the hospital's jargon; the CCOMS corrects or adds to them (table
//! `glossary_terms`), which overrides this list term by term.
//!
//! REVIM, NECT and EDEN are written from how the demo's real fiches use them ("plan de
//! rétablissement (REVIM…)", "programme de déstigmatisation (NECT…)"): the CCOMS should check
//! them.

/// (term, meaning). An acronym (written in capitals) matches with its case; a phrase matches
/// whatever the case of its letters.
pub const BUILT_IN: [(&str, &str); 36] = [
    ("ARS", "agence régionale de santé, qui finance des postes"),
    ("BREF", "programme court d'information et de soutien pour les proches"),
    ("CAC", "centre d'accueil et de crise"),
    ("CATTP", "centre d'accueil thérapeutique à temps partiel"),
    (
        "CCOMS",
        "Centre collaborateur de l'OMS pour la recherche et la formation en santé mentale, qui porte le programme",
    ),
    ("CHRS", "centre d'hébergement et de réinsertion sociale"),
    ("CHS", "centre hospitalier spécialisé en psychiatrie"),
    ("CLSM", "conseil local de santé mentale"),
    ("CMP", "centre médico-psychologique, où l'on consulte près de chez soi"),
    (
        "CSAPA",
        "centre de soins, d'accompagnement et de prévention en addictologie",
    ),
    ("DU", "diplôme universitaire"),
    ("EDEN", "programme de soins où intervient un pair-aidant"),
    ("EMPP", "équipe mobile psychiatrie précarité"),
    ("EPSM", "établissement public de santé mentale"),
    ("ETP", "éducation thérapeutique du patient"),
    (
        "GEM",
        "groupe d'entraide mutuelle, une association d'entraide entre personnes",
    ),
    ("GHU", "groupe hospitalier universitaire"),
    ("HDJ", "hôpital de jour"),
    ("MDPH", "maison départementale des personnes handicapées"),
    ("MSP", "médiateur ou médiatrice de santé-pair"),
    (
        "NECT",
        "programme en groupe pour ne plus se juger à travers les préjugés sur la maladie",
    ),
    ("OMS", "Organisation mondiale de la santé"),
    ("PASS", "permanence d'accès aux soins de santé"),
    ("REVIM", "outil pour écrire son plan de rétablissement"),
    (
        "SAMSAH",
        "service d'accompagnement médico-social pour adultes handicapés",
    ),
    ("SIAO", "service intégré d'accueil et d'orientation"),
    ("TCA", "troubles du comportement alimentaire"),
    ("TCD", "thérapie comportementale dialectique"),
    (
        "UNAFAM",
        "Union nationale de familles et amis de personnes malades et/ou handicapées psychiques",
    ),
    ("VAE", "validation des acquis de l'expérience"),
    (
        "VAP",
        "validation des acquis professionnels, pour entrer en licence sans bac + 2",
    ),
    (
        "pair-aidance",
        "l'aide apportée par une personne qui a vécu une situation semblable",
    ),
    (
        "réhabilitation psychosociale",
        "des soins qui aident à retrouver ses capacités et sa place dans la vie de tous les jours : travail, logement, liens",
    ),
    (
        "rétablissement",
        "le chemin d'une personne pour mener une vie qui lui convient, avec ou sans symptômes",
    ),
    (
        "psychoéducation",
        "des informations sur la maladie et les soins, pour mieux les comprendre et agir",
    ),
    (
        "savoir expérientiel",
        "ce qu'une personne a appris de sa propre expérience",
    ),
];
