//! The datasets of the open data. Each capability adds its own: this list only concatenates.

use crate::domain::disclosure::Protected;
use crate::export::open_data::{DataRow, Dataset, Dimension, Measure};
use crate::web::page_cache::Generation;
use crate::web::statistics::{self, RegionTable};
use crate::web::{AppState, Error};

/// Every dataset, in the order of the page.
pub async fn all_datasets(state: &AppState) -> Result<Vec<Dataset>, Error> {
    let index = state.board.index(&state.db, state.clock.today()).await?;
    let figures = statistics::figures(state, Generation::of(&index)).await?;
    let mut datasets = vec![
        region_year(
            "postes-finances-par-region",
            "Postes de MSP financés par les ARS, par région et par année",
            "Nombre de postes de médiateur de santé-pair financés par une agence régionale de santé, \
             par région et par année de début de la subvention. « France entière » donne le total de l'année.",
            Measure {
                name: "postes_finances",
                title: "Postes financés",
                description: "Nombre de postes dont la subvention commence cette année-là (effectif protégé).",
            },
            &figures.posts,
            true,
        ),
        region_year(
            "offres-publiees-par-region",
            "Offres d'emploi de MSP publiées, par région et par année",
            "Nombre d'offres d'emploi de médiateur de santé-pair publiées sur la plateforme, par région \
             et par année de publication. « France entière » donne le total de l'année.",
            Measure {
                name: "offres_publiees",
                title: "Offres publiées",
                description: "Nombre d'offres publiées cette année-là. Chaque offre est publique : rien n'est masqué.",
            },
            &figures.offers,
            false,
        ),
    ];
    // The observatory's tables, protected as its page shows them.
    datasets.extend(crate::web::observatory::datasets(state).await?);
    Ok(datasets)
}

/// The same figures as the page's table (`RegionTable`): a row per region and year, then a
/// "France entière" row per year with the total the page shows.
fn region_year(
    slug: &'static str, title: &str, description: &str, measure: Measure, table: &RegionTable, protected: bool,
) -> Dataset {
    let Protected {
        cells, column_totals, ..
    } = &table.published;
    let mut rows: Vec<DataRow> = Vec::new();
    for (region, shown) in table.regions.iter().zip(cells) {
        for (year, value) in table.years.iter().zip(shown) {
            rows.push(DataRow {
                keys: vec![region.clone(), year.to_string()],
                value: *value,
            });
        }
    }
    for (year, value) in table.years.iter().zip(column_totals) {
        rows.push(DataRow {
            keys: vec!["France entière".into(), year.to_string()],
            value: *value,
        });
    }
    Dataset {
        slug,
        title: title.into(),
        description: description.into(),
        dimensions: vec![
            Dimension {
                name: "region",
                title: "Région",
                description: "Nom de la région, ou « France entière ».",
            },
            Dimension {
                name: "annee",
                title: "Année",
                description: "Année civile, sur quatre chiffres.",
            },
        ],
        measure,
        rows,
        protected,
    }
}
