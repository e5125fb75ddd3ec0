use super::*;

#[test]
fn an_establishment_takes_the_article_of_its_head_noun() {
    let cases = [
        (
            "Centre hospitalier des Contreforts",
            "au Centre hospitalier des Contreforts",
            "du Centre hospitalier des Contreforts",
        ),
        ("CHS de la Savoie", "au CHS de la Savoie", "du CHS de la Savoie"),
        ("Clinique du Lac", "à la Clinique du Lac", "de la Clinique du Lac"),
        ("EPSM de la Sarthe", "à l'EPSM de la Sarthe", "de l'EPSM de la Sarthe"),
        (
            "Établissement public de santé mentale de la Marne",
            "à l'Établissement public de santé mentale de la Marne",
            "de l'Établissement public de santé mentale de la Marne",
        ),
        (
            "Hôpitaux de Saint-Maurice",
            "aux Hôpitaux de Saint-Maurice",
            "des Hôpitaux de Saint-Maurice",
        ),
        (
            "GHU Paris psychiatrie & neurosciences",
            "au GHU Paris psychiatrie & neurosciences",
            "du GHU Paris psychiatrie & neurosciences",
        ),
        (
            "Hôpital Sainte-Anne",
            "à l'Hôpital Sainte-Anne",
            "de l'Hôpital Sainte-Anne",
        ),
        (
            "Association Les Amis",
            "à l'Association Les Amis",
            "de l'Association Les Amis",
        ),
        (
            "Maison des usagers",
            "à la Maison des usagers",
            "de la Maison des usagers",
        ),
        ("Le Vinatier", "au Vinatier", "du Vinatier"),
        ("La Candélie", "à La Candélie", "de La Candélie"),
        ("Sainte-Anne", "à Sainte-Anne", "de Sainte-Anne"),
        ("Esquirol", "à Esquirol", "d'Esquirol"),
        ("MDPH du Rhône", "à la MDPH du Rhône", "de la MDPH du Rhône"),
    ];
    for (name, a, de) in cases {
        assert_eq!(a_name(name, None), a, "{name}");
        assert_eq!(de_name(name, None), de, "{name}");
    }
}

#[test]
fn a_chosen_article_wins_over_the_derived_one() {
    assert_eq!(Article::of_name("Sainte-Anne"), Article::Aucun);
    assert_eq!(a_name("Sainte-Anne", Some(Article::L)), "à l'Sainte-Anne");
    assert_eq!(a_name("Fondation Vallée", Some(Article::Aucun)), "à Fondation Vallée");
    assert_eq!(de_name("Vallée", Some(Article::La)), "de la Vallée");
    assert_eq!(a_name("Centre Esquirol", Some(Article::Les)), "aux Centre Esquirol");
}

#[test]
fn every_article_reads_back_from_its_code() {
    for article in Article::ALL {
        assert_eq!(Article::parse(article.as_str()), Some(article));
    }
}

#[test]
fn counts_agree_with_their_noun() {
    assert_eq!(count(0u64, "inscrit", "inscrits"), "aucun inscrit");
    assert_eq!(count(1u64, "inscrit", "inscrits"), "1 inscrit");
    assert_eq!(count(2u64, "inscrit", "inscrits"), "2 inscrits");
    assert_eq!(count_f(0u64, "candidature", "candidatures"), "aucune candidature");
    assert_eq!(count_f(1u64, "candidature", "candidatures"), "1 candidature");
    assert_eq!(count_f(1234u64, "offre", "offres"), "1\u{202f}234 offres");
    assert_eq!(count(-1i64, "jour", "jours"), "aucun jour");
    assert_eq!(count(3usize, "jour", "jours"), "3 jours");
    assert_eq!(capitalised(&count(0u64, "inscrit", "inscrits")), "Aucun inscrit");
    // A figure shown on its own takes the singular up to 1, as French writes "0 échéance".
    assert_eq!(noun(0usize, "échéance", "échéances"), "échéance");
    assert_eq!(noun(1i64, "échéance", "échéances"), "échéance");
    assert_eq!(noun(2i64, "échéance", "échéances"), "échéances");
}

#[test]
fn a_date_written_for_machines_reads_in_words() {
    assert_eq!(date_in_words("2026-11-23"), "23 novembre 2026");
    assert_eq!(date_in_words("2026-02-01"), "1er février 2026");
    assert_eq!(date_in_words("v2"), "v2");
}
