//! The programme's public figures at `/statistiques` (posts funded by the ARS, offers
//! published, by region and year), and the bar charts shared with the ARS dashboard: SVG drawn
//! on the server, named for screen readers, always next to a table of the same figures.

use std::collections::BTreeSet;
use std::sync::Arc;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;

use super::auth::{Access, Visitor};
use super::page_cache::{Generation, public_page};
use super::views::Layout;
use super::{AppState, Error, Route};
use crate::db::funding;
use crate::domain::disclosure::{Protected, Table, protect, shown_whole};
use crate::domain::geo::territory;

pub fn routes() -> Vec<Route> {
    vec![Route::get("/statistiques", Access::Public, show_statistics)]
}

/// One bar, already placed in the drawing (SVG user units).
pub struct Bar {
    pub x: i64,
    pub y: i64,
    pub width: i64,
    pub height: i64,
    pub fill: &'static str,
    /// What the bar is worth, as the table writes it.
    pub text: String,
    /// A hidden count ("< 5") has no height to draw: a dashed outline marks it.
    pub hidden: bool,
}

/// A group of bars under one label (a year).
pub struct Group {
    pub label: String,
    pub label_x: i64,
    pub bars: Vec<Bar>,
}

/// A bar chart of one or two series. The table beside it carries the same figures; the SVG has
/// a title and a description so that it is announced as one image, not as shapes.
pub struct BarChart {
    pub id: String,
    pub title: String,
    pub description: String,
    pub series: Vec<(String, &'static str)>,
    pub groups: Vec<Group>,
    pub width: i64,
    pub height: i64,
    pub baseline: i64,
}

/// Two colours with at least 3:1 contrast on white (WCAG 1.4.11), told apart by the legend and
/// the table, not by colour alone.
const FILLS: [&str; 2] = ["#0b5c6b", "#b45309"];
const LEFT: i64 = 16;
const TOP: i64 = 16;
const PLOT_HEIGHT: i64 = 180;

/// A group's label and, for each series, the value (None when hidden) and its text.
pub type GroupValues = (String, Vec<(Option<i64>, String)>);

impl BarChart {
    /// `groups`: a label and, for each series, the value (None when hidden) and its text.
    pub fn new(id: &str, title: &str, series: &[&str], groups: Vec<GroupValues>) -> BarChart {
        let max = groups
            .iter()
            .flat_map(|(_, values)| values.iter().filter_map(|(v, _)| *v))
            .max()
            .unwrap_or(0)
            .max(1);
        let bar_width: i64 = 28;
        let group_width = bar_width * series.len() as i64 + 24;
        let baseline = TOP + PLOT_HEIGHT;
        let chart_groups = groups
            .iter()
            .enumerate()
            .map(|(g, (label, values))| {
                let start = LEFT + g as i64 * group_width + 12;
                let bars = values
                    .iter()
                    .enumerate()
                    .map(|(s, (value, text))| {
                        let height = value.map_or(0, |v| (v * PLOT_HEIGHT / max).max(i64::from(v > 0)));
                        Bar {
                            x: start + s as i64 * bar_width,
                            y: baseline - height,
                            width: bar_width - 4,
                            height,
                            fill: FILLS[s % FILLS.len()],
                            text: text.clone(),
                            hidden: value.is_none(),
                        }
                    })
                    .collect();
                Group {
                    label: label.clone(),
                    label_x: start + (bar_width * series.len() as i64 - 4) / 2,
                    bars,
                }
            })
            .collect::<Vec<_>>();
        let description = groups
            .iter()
            .map(|(label, values)| {
                let parts: Vec<String> = series
                    .iter()
                    .zip(values)
                    .map(|(name, (_, text))| format!("{name} : {text}"))
                    .collect();
                format!("{label} – {}", parts.join(", "))
            })
            .collect::<Vec<_>>()
            .join(" ; ");
        BarChart {
            id: id.into(),
            title: title.into(),
            description: if description.is_empty() {
                "Aucune donnée pour le moment.".into()
            } else {
                description
            },
            series: series
                .iter()
                .enumerate()
                .map(|(i, name)| (name.to_string(), FILLS[i % FILLS.len()]))
                .collect(),
            width: (LEFT * 2 + group_width * groups.len() as i64).max(200),
            height: baseline + 28,
            baseline,
            groups: chart_groups,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// Whether a dashed bar stands for a hidden count, which the caption then explains.
    pub fn has_hidden(&self) -> bool {
        self.groups.iter().flat_map(|g| &g.bars).any(|b| b.hidden)
    }
}

/// A table of counts by region (rows) and year (columns) with the totals per year, as the page
/// and the open data (`web::open_data`) publish it: the same [`Protected`] for both.
pub struct RegionTable {
    pub years: Vec<i32>,
    /// Region names, in the order of `published.cells`.
    pub regions: Vec<String>,
    pub published: Protected,
    /// (region name, cells in the order of `years`), as the page writes them.
    pub rows: Vec<(String, Vec<String>)>,
    pub totals: Vec<String>,
    pub chart: BarChart,
}

/// Whether a table counts people, who must not be recognisable, or public things.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Counted {
    /// Posts funded: a post is one MSP's job, so its count is protected (`domain::disclosure`).
    People,
    /// Offers: each one is public on the board already, their count reveals nobody.
    Public,
}

impl RegionTable {
    pub fn new(id: &str, title: &str, series: &str, counts: &[(String, i32, i64)], counted: Counted) -> RegionTable {
        let years: Vec<i32> = counts
            .iter()
            .map(|(_, y, _)| *y)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let name = |code: &str| territory::region(code).map_or_else(|| code.to_string(), |r| r.name.to_string());
        // Sorted by name, as readers look a region up.
        let mut codes: Vec<(String, &String)> = counts
            .iter()
            .map(|(r, _, _)| r)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .map(|code| (name(code), code))
            .collect();
        codes.sort();
        let count = |region: &str, year: i32| {
            counts
                .iter()
                .find(|(r, y, _)| r == region && *y == year)
                .map_or(0, |(_, _, n)| *n as u64)
        };
        let table = Table {
            rows: codes.iter().map(|(name, _)| name.clone()).collect(),
            columns: years.iter().map(i32::to_string).collect(),
            cells: codes
                .iter()
                .map(|(_, code)| years.iter().map(|y| count(code, *y)).collect())
                .collect(),
        };
        let published = match counted {
            Counted::People => protect(&table),
            Counted::Public => shown_whole(&table),
        };
        let chart = BarChart::new(
            id,
            title,
            &[series],
            years
                .iter()
                .zip(&published.column_totals)
                .map(|(year, shown)| (year.to_string(), vec![(shown.value().map(|v| v as i64), shown.text())]))
                .collect(),
        );
        RegionTable {
            rows: table
                .rows
                .iter()
                .zip(&published.cells)
                .map(|(name, cells)| (name.clone(), cells.iter().map(|c| c.text()).collect()))
                .collect(),
            totals: published.column_totals.iter().map(|t| t.text()).collect(),
            regions: table.rows,
            years,
            published,
            chart,
        }
    }
}

#[derive(askama::Template)]
#[template(path = "statistics/index.html")]
struct StatisticsPage<'a> {
    layout: Layout,
    posts: &'a RegionTable,
    offers: &'a RegionTable,
}

/// The page's figures, counted once per board version (which subsidies and publications raise)
/// rather than on every view.
pub struct Figures {
    pub posts: RegionTable,
    pub offers: RegionTable,
}

async fn show_statistics(
    State(state): State<AppState>, visitor: Visitor, headers: HeaderMap,
) -> Result<Response, Error> {
    // The index first: the figures and the page are kept for its version.
    let index = state.board.index(&state.db, state.clock.today()).await?;
    let generation = Generation::of(&index);
    public_page(&state, &visitor, &headers, generation, "/statistiques", |layout| {
        render_statistics(&state, generation, layout)
    })
    .await
}

async fn render_statistics(state: &AppState, generation: Generation, layout: Layout) -> Result<String, Error> {
    let figures = figures(state, generation).await?;
    let page = StatisticsPage {
        layout,
        posts: &figures.posts,
        offers: &figures.offers,
    };
    Ok(askama::Template::render(&page)?)
}

pub async fn figures(state: &AppState, generation: Generation) -> Result<Arc<Figures>, Error> {
    if let Some(figures) = state.memory.statistics.get(generation) {
        return Ok(figures);
    }
    let mut conn = state.db.pool.acquire().await?;
    let posts = funding::posts_by_region_and_year(&mut conn).await?;
    let offers = funding::offers_by_region_and_year(&mut conn).await?;
    let figures = Figures {
        posts: RegionTable::new(
            "postes",
            "Postes financés par les ARS, par année de début, en France",
            "Postes financés",
            &posts,
            Counted::People,
        ),
        offers: RegionTable::new(
            "offres",
            "Offres publiées par année, en France",
            "Offres publiées",
            &offers,
            Counted::Public,
        ),
    };
    Ok(state.memory.statistics.put(generation, figures))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_are_scaled_to_the_largest_value_and_hidden_counts_have_no_height() {
        let chart = BarChart::new(
            "t",
            "Titre",
            &["A", "B"],
            vec![
                ("2026".into(), vec![(Some(100), "100".into()), (Some(50), "50".into())]),
                ("2027".into(), vec![(None, "< 5".into()), (Some(0), "0".into())]),
            ],
        );
        let first = &chart.groups[0].bars;
        assert_eq!(first[0].height, PLOT_HEIGHT);
        assert_eq!(first[1].height, PLOT_HEIGHT / 2);
        assert_eq!(first[0].y + first[0].height, chart.baseline);
        assert!(chart.groups[1].bars[0].hidden && chart.groups[1].bars[0].height == 0);
        assert_eq!(chart.description, "2026 – A : 100, B : 50 ; 2027 – A : < 5, B : 0");
    }

    #[test]
    fn a_region_table_hides_small_counts_and_protects_them_from_the_totals() {
        let counts = vec![
            ("11".to_string(), 2026, 12),
            ("84".to_string(), 2026, 3),
            ("32".to_string(), 2026, 40),
        ];
        let table = RegionTable::new("t", "T", "Postes", &counts, Counted::People);
        let cell = |name: &str| table.rows.iter().find(|(n, _)| n == name).unwrap().1[0].clone();
        assert_eq!(cell("Auvergne-Rhône-Alpes"), "< 5");
        assert_eq!(cell("Île-de-France"), "< 5");
        assert_eq!(cell("Hauts-de-France"), "40");
        assert_eq!(table.totals, ["55"]);
    }

    #[test]
    fn offers_are_public_and_their_counts_are_shown_whole() {
        let counts = vec![("11".to_string(), 2026, 3), ("84".to_string(), 2026, 12)];
        let table = RegionTable::new("t", "T", "Offres", &counts, Counted::Public);
        assert_eq!(table.rows[0].1, ["12"]);
        assert_eq!(table.rows[1].1, ["3"]);
        assert_eq!(table.totals, ["15"]);
    }
}
