//! `/carte`: the open offers of each département on a map of France drawn on the server as SVG
//! (each département a link to its offers, named with its count), and the same figures as a
//! table beside it, so that the map is never the only way to read them.

use axum::extract::State;
use axum::response::Html;

use super::auth::Visitor;
use super::views::{Layout, render};
use super::{Access, AppState, Error, Route};
use crate::domain::geo::territory::{self, DEPARTEMENTS};
use crate::geo::map::map;

pub fn routes() -> Vec<Route> {
    vec![Route::get("/carte", Access::Public, show_map)]
}

/// One département on the map and in the table.
struct Area {
    code: &'static str,
    name: &'static str,
    region: &'static str,
    path: &'static str,
    count: u64,
    /// "3 offres ouvertes".
    count_text: String,
    /// The shade class, by number of offers.
    shade: &'static str,
    url: String,
}

struct InsetBox {
    x: u32,
    y: u32,
    width: u32,
    height: u32,
    name: &'static str,
}

#[derive(askama::Template)]
#[template(path = "map.html")]
struct MapPage {
    layout: Layout,
    width: u32,
    height: u32,
    insets: Vec<InsetBox>,
    areas: Vec<Area>,
    total: u64,
    with_offers: usize,
}

/// The shades, from none to many: the legend says the same.
fn shade(count: u64) -> &'static str {
    match count {
        0 => "n0",
        1 => "n1",
        2..=4 => "n2",
        _ => "n3",
    }
}

fn count_text(count: u64) -> String {
    match count {
        0 => "aucune offre ouverte".into(),
        1 => "1 offre ouverte".into(),
        n => format!("{n} offres ouvertes"),
    }
}

async fn show_map(State(state): State<AppState>, visitor: Visitor) -> Result<Html<String>, Error> {
    let counts = state
        .board
        .index(&state.db, state.clock.today())
        .await?
        .open_by_departement();
    let map = map();
    let areas: Vec<Area> = DEPARTEMENTS
        .iter()
        .filter_map(|d| {
            let shape = map.shapes.iter().find(|s| s.code == d.code)?;
            let count = counts.iter().find(|(c, _)| *c == d.code).map_or(0, |(_, n)| *n);
            Some(Area {
                code: d.code,
                name: d.name,
                region: d.region().map_or("", |r| r.name),
                path: shape.path,
                count,
                count_text: count_text(count),
                shade: shade(count),
                url: format!("/offres?departement={}", d.code),
            })
        })
        .collect();
    let insets = map
        .insets
        .iter()
        .map(|i| InsetBox {
            x: i.x,
            y: i.y,
            width: i.width,
            height: i.height,
            name: territory::departement(i.code).map_or("", |d| d.name),
        })
        .collect();
    render(&MapPage {
        layout: Layout::of(&visitor),
        width: map.width,
        height: map.height,
        insets,
        total: areas.iter().map(|a| a.count).sum(),
        with_offers: areas.iter().filter(|a| a.count > 0).count(),
        areas,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shades_and_counts_read_the_same() {
        assert_eq!((shade(0), count_text(0).as_str()), ("n0", "aucune offre ouverte"));
        assert_eq!((shade(1), count_text(1).as_str()), ("n1", "1 offre ouverte"));
        assert_eq!((shade(4), shade(5)), ("n2", "n3"));
        assert_eq!(count_text(12), "12 offres ouvertes");
    }
}
