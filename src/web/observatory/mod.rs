//! The observatory of the programme's posts since 2012 (issue 26): the public page
//! `/observatoire`, its open-data datasets, and the CCOMS's import of the historical record
//! (`/observatoire/import`).
//!
//! The page is not kept in the public page cache: it is counted from a few hundred rows on each
//! view, so an import shows at once on every instance without touching the board's version.

mod import;

use axum::extract::State;
use axum::response::Html;

use super::auth::{Access, Visitor};
use super::statistics::BarChart;
use super::views::{Layout, render};
use super::{AppState, Error, Route};
use crate::db::observatory;
use crate::domain::observatory::figures::{self, Figure};
use crate::domain::policy::Action;
use crate::domain::statistics::Shown;
use crate::export::open_data::{DataRow, Dataset, Dimension, Measure};

pub fn routes() -> Vec<Route> {
    let import = Access::Can(Action::ImportObservatory);
    vec![
        Route::get("/observatoire", Access::Public, show_observatory),
        Route::get("/observatoire/import", import, import::show_import),
        Route::post("/observatoire/import", import, import::import_record).with_body_limit(4 * 1024 * 1024),
    ]
}

/// A figure as the page shows it: its table and its chart.
pub struct ShownFigure {
    pub figure: Figure,
    pub chart: BarChart,
}

impl ShownFigure {
    pub fn rows(&self) -> Vec<(String, Vec<String>, Option<String>)> {
        self.figure
            .rows
            .iter()
            .enumerate()
            .map(|(i, label)| {
                let cells = self.figure.cells[i].iter().map(|c| c.text()).collect();
                let total = self.figure.row_totals.as_ref().map(|t| t[i].text());
                (label.clone(), cells, total)
            })
            .collect()
    }

    pub fn column_totals(&self) -> Option<Vec<String>> {
        let totals = self.figure.column_totals.as_ref()?;
        let mut texts: Vec<String> = totals.iter().map(|t| t.text()).collect();
        texts.extend(self.figure.total.map(|t| t.text()));
        Some(texts)
    }
}

fn bar(shown: Shown) -> (Option<i64>, String) {
    (shown.value().map(|v| v as i64), shown.text())
}

/// Tables by year draw their yearly totals; the others draw each row, one bar per column (two
/// at most, the colours the charts have).
fn chart_of(figure: &Figure) -> BarChart {
    let id = format!("graphique-{}", figure.slug);
    match (&figure.column_totals, figure.column_dimension.0) {
        (Some(totals), "annee") => {
            let groups = figure
                .columns
                .iter()
                .zip(totals)
                .map(|(year, total)| (year.clone(), vec![bar(*total)]))
                .collect();
            BarChart::new(&id, figure.title, &["Total"], groups)
        }
        _ => {
            let series: Vec<usize> = match figure.slug {
                "delai-projet-embauche" => vec![1],
                _ => (0..figure.columns.len().min(2)).collect(),
            };
            let names: Vec<&str> = series.iter().map(|c| figure.columns[*c].as_str()).collect();
            let groups = figure
                .rows
                .iter()
                .zip(&figure.cells)
                .map(|(label, cells)| (label.clone(), series.iter().map(|c| bar(cells[*c])).collect()))
                .collect();
            BarChart::new(&id, figure.title, &names, groups)
        }
    }
}

#[derive(askama::Template)]
#[template(path = "observatory/show.html")]
struct ObservatoryPage {
    layout: Layout,
    tables: Vec<ShownFigure>,
    posts: usize,
}

async fn current_figures(state: &AppState) -> Result<(usize, Vec<Figure>), Error> {
    let mut conn = state.db.pool.acquire().await?;
    let posts = observatory::all(&mut conn).await?;
    Ok((posts.len(), figures::all(&posts)))
}

async fn show_observatory(State(state): State<AppState>, visitor: Visitor) -> Result<Html<String>, Error> {
    let (posts, figures) = current_figures(&state).await?;
    let tables = figures
        .into_iter()
        .map(|figure| ShownFigure {
            chart: chart_of(&figure),
            figure,
        })
        .collect();
    render(&ObservatoryPage {
        layout: Layout::of(&visitor),
        tables,
        posts,
    })
}

/// One dataset per table of the page, from the same protected figures: a hidden cell is hidden
/// in the files too. Totals are left out: whoever reads the file adds up what is shown.
pub async fn datasets(state: &AppState) -> Result<Vec<Dataset>, Error> {
    let (_, figures) = current_figures(state).await?;
    Ok(figures.into_iter().map(dataset_of).collect())
}

fn dataset_of(figure: Figure) -> Dataset {
    let mut rows = Vec::new();
    for (r, label) in figure.rows.iter().enumerate() {
        for (c, column) in figure.columns.iter().enumerate() {
            rows.push(DataRow {
                keys: vec![label.clone(), column.clone()],
                value: figure.cells[r][c],
            });
        }
    }
    let dimension = |(name, title): (&'static str, &'static str)| Dimension {
        name,
        title,
        description: title,
    };
    Dataset {
        slug: figure.slug,
        title: figure.title.to_string(),
        description: format!(
            "{}, d'après l'historique des postes tenu par le CCOMS depuis 2012.{}",
            figure.title,
            if figure.protected {
                " Effectifs de personnes : toute valeur de 1 à 4 est masquée (« < 5 »), et d'autres si un total la révélerait."
            } else {
                " Nombres de postes, publiés en entier."
            }
        ),
        dimensions: vec![dimension(figure.row_dimension), dimension(figure.column_dimension)],
        measure: Measure {
            name: "valeur",
            title: "Valeur",
            description: "Le nombre de postes ou de personnes, ou le délai médian en mois, selon la colonne.",
        },
        rows,
        protected: figure.protected,
    }
}
