//! The observatory's figures, drawn from the record alone (pure: the page, its open data and
//! the tests read the same [`Figure`]s).
//!
//! The small-cell rule: a count of posts says nothing of anyone (posts by region and year,
//! posts kept after the subsidy are published whole). A count of people is protected by
//! `disclosure::protect`: MSPs in post, graduates, grades, hires by year, and posts by state,
//! because a post "pourvu" is held by one person (the whole table is protected, so that the
//! other states and the totals cannot give a hidden "pourvu" back).

use std::collections::BTreeSet;

use super::{FIRST_YEAR, HistoricalPost, STATES, TRACKS, label};
use crate::domain::disclosure::{Table, protect};
use crate::domain::geo::territory;
use crate::domain::statistics::{Shown, small_count};

/// One published table: its cells as they may be shown, with the totals that make sense.
#[derive(Debug, Clone)]
pub struct Figure {
    /// Names the table in the page's anchors and the open data's files.
    pub slug: &'static str,
    pub title: &'static str,
    /// What the rows and the columns are (`("region", "Région")`), for the table's head and the
    /// open data's dimensions.
    pub row_dimension: (&'static str, &'static str),
    pub column_dimension: (&'static str, &'static str),
    pub rows: Vec<String>,
    pub columns: Vec<String>,
    pub cells: Vec<Vec<Shown>>,
    /// `None` where a total would add unlike things (hires and promotions).
    pub row_totals: Option<Vec<Shown>>,
    pub column_totals: Option<Vec<Shown>>,
    pub total: Option<Shown>,
    /// Counts of people, protected by the small-cell rule.
    pub protected: bool,
}

impl Figure {
    fn of(
        slug: &'static str, title: &'static str, dims: [(&'static str, &'static str); 2], table: Table, protected: bool,
    ) -> Figure {
        let (cells, row_totals, column_totals, total) = if protected {
            let p = protect(&table);
            (p.cells, p.row_totals, p.column_totals, p.total)
        } else {
            let count = Shown::Count;
            let rows: Vec<u64> = table.cells.iter().map(|r| r.iter().sum()).collect();
            let columns: Vec<u64> = (0..table.columns.len())
                .map(|c| table.cells.iter().map(|r| r[c]).sum())
                .collect();
            (
                table
                    .cells
                    .iter()
                    .map(|r| r.iter().map(|n| count(*n)).collect())
                    .collect(),
                rows.iter().map(|n| count(*n)).collect(),
                columns.iter().map(|n| count(*n)).collect(),
                count(rows.iter().sum()),
            )
        };
        Figure {
            slug,
            title,
            row_dimension: dims[0],
            column_dimension: dims[1],
            rows: table.rows,
            columns: table.columns,
            cells,
            row_totals: Some(row_totals),
            column_totals: Some(column_totals),
            total: Some(total),
            protected,
        }
    }

    fn without_totals(mut self) -> Figure {
        self.row_totals = None;
        self.column_totals = None;
        self.total = None;
        self
    }
}

/// Every figure of the observatory, in the page's order.
pub fn all(posts: &[HistoricalPost]) -> Vec<Figure> {
    vec![
        posts_by_region(posts),
        posts_by_state(posts),
        msps_in_post(posts),
        graduates(posts),
        hire_delay(posts),
        kept_after_subsidy(posts),
        grade_path(posts),
    ]
}

/// Counts a table whose rows and columns are given, from each post's (row, column), if any.
fn count<'a>(
    rows: Vec<String>, columns: Vec<String>, posts: &'a [HistoricalPost],
    place: impl Fn(&'a HistoricalPost) -> Vec<(String, String)>,
) -> Table {
    let mut cells = vec![vec![0u64; columns.len()]; rows.len()];
    for (row, column) in posts.iter().flat_map(place) {
        if let (Some(r), Some(c)) = (
            rows.iter().position(|x| *x == row),
            columns.iter().position(|x| *x == column),
        ) {
            cells[r][c] += 1;
        }
    }
    Table { rows, columns, cells }
}

fn region_name(code: &str) -> String {
    territory::region(code).map_or_else(|| code.to_string(), |r| r.name.to_string())
}

/// The regions the record names, by name.
fn regions(posts: &[HistoricalPost]) -> Vec<String> {
    posts
        .iter()
        .map(|p| region_name(&p.region))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

fn years(years: impl Iterator<Item = i32>) -> Vec<String> {
    years
        .filter(|y| *y >= FIRST_YEAR)
        .collect::<BTreeSet<_>>()
        .iter()
        .map(i32::to_string)
        .collect()
}

fn hire_year(post: &HistoricalPost) -> Option<i32> {
    post.hired_on
        .as_ref()
        .and_then(|d| d.get(..4))
        .and_then(|y| y.parse().ok())
}

const REGION: (&str, &str) = ("region", "Région");
const YEAR: (&str, &str) = ("annee", "Année");

pub fn posts_by_region(posts: &[HistoricalPost]) -> Figure {
    let table = count(
        regions(posts),
        years(posts.iter().map(|p| p.created_year)),
        posts,
        |p| vec![(region_name(&p.region), p.created_year.to_string())],
    );
    Figure::of(
        "postes-par-region",
        "Postes créés, par région et par année de création",
        [REGION, YEAR],
        table,
        false,
    )
}

pub fn posts_by_state(posts: &[HistoricalPost]) -> Figure {
    let states = STATES.iter().map(|s| label(s).to_string()).collect();
    let table = count(states, years(posts.iter().map(|p| p.created_year)), posts, |p| {
        vec![(label(&p.state).to_string(), p.created_year.to_string())]
    });
    let dims = [("etat", "État du poste aujourd'hui"), ("annee", "Année de création")];
    Figure::of(
        "postes-par-etat",
        "Postes par état aujourd'hui et par année de création",
        dims,
        table,
        true,
    )
}

pub fn msps_in_post(posts: &[HistoricalPost]) -> Figure {
    let in_post: Vec<HistoricalPost> = posts.iter().filter(|p| p.state == "pourvu").cloned().collect();
    let table = count(regions(&in_post), vec!["MSP en poste".into()], &in_post, |p| {
        vec![(region_name(&p.region), "MSP en poste".into())]
    });
    let dims = [REGION, ("mesure", "Effectif")];
    Figure::of(
        "msp-en-poste",
        "Médiateurs de santé-pairs en poste aujourd'hui, par région",
        dims,
        table,
        true,
    )
}

pub fn graduates(posts: &[HistoricalPost]) -> Figure {
    let graduated: Vec<&HistoricalPost> = posts.iter().filter(|p| p.graduated == Some(true)).collect();
    let cohorts = years(graduated.iter().filter_map(|p| p.cohort));
    let tracks = TRACKS.iter().map(|t| label(t).to_string()).collect();
    let table = count(cohorts, tracks, posts, |p| match (p.graduated, p.cohort, &p.track) {
        (Some(true), Some(cohort), Some(track)) => vec![(cohort.to_string(), label(track).to_string())],
        _ => Vec::new(),
    });
    let dims = [
        ("cohorte", "Cohorte (année d'entrée)"),
        ("parcours", "Parcours universitaire"),
    ];
    Figure::of(
        "diplomes-par-cohorte",
        "Diplômés, par cohorte et par parcours",
        dims,
        table,
        true,
    )
}

pub fn kept_after_subsidy(posts: &[HistoricalPost]) -> Figure {
    let columns: Vec<String> = ["Maintenu", "Non maintenu", "Non renseigné"].map(String::from).to_vec();
    let table = count(
        years(posts.iter().filter_map(|p| p.subsidy_end_year)),
        columns,
        posts,
        |p| {
            let kept = match p.kept {
                Some(true) => "Maintenu",
                Some(false) => "Non maintenu",
                None => "Non renseigné",
            };
            p.subsidy_end_year
                .map(|y| (y.to_string(), kept.to_string()))
                .into_iter()
                .collect()
        },
    );
    let dims = [
        ("annee", "Année de fin de la subvention"),
        ("maintien", "Poste maintenu après la subvention"),
    ];
    Figure::of(
        "postes-maintenus",
        "Postes maintenus après la fin de la subvention",
        dims,
        table,
        false,
    )
}

pub fn grade_path(posts: &[HistoricalPost]) -> Figure {
    let columns: Vec<String> = ["Embauchés animateurs", "Embauchés éducateurs", "Passés éducateurs"]
        .map(String::from)
        .to_vec();
    let all_years = years(posts.iter().flat_map(|p| [hire_year(p), p.educateur_year]).flatten());
    let table = count(all_years, columns, posts, |p| {
        let mut places = Vec::new();
        match (hire_year(p), p.grade_at_hire.as_deref()) {
            (Some(y), Some("animateur")) => places.push((y.to_string(), "Embauchés animateurs".into())),
            (Some(y), Some("educateur")) => places.push((y.to_string(), "Embauchés éducateurs".into())),
            _ => {}
        }
        if let Some(y) = p.educateur_year {
            places.push((y.to_string(), "Passés éducateurs".into()));
        }
        places
    });
    let dims = [YEAR, ("grade", "Grade")];
    Figure::of(
        "parcours-de-grade",
        "Grade à l'embauche et passages d'animateur à éducateur, par année",
        dims,
        table,
        true,
    )
    .without_totals()
}

/// Months from the start of the project to the hire, by year of hire: the median is shown
/// only for a year of at least 5 hires, as it would otherwise come near one person's path.
pub fn hire_delay(posts: &[HistoricalPost]) -> Figure {
    let delays: Vec<(i32, i64)> = posts
        .iter()
        .filter_map(|p| {
            Some((
                hire_year(p)?,
                months(p.project_start.as_deref()?, p.hired_on.as_deref()?)?,
            ))
        })
        .collect();
    let hire_years: Vec<i32> = delays
        .iter()
        .map(|(y, _)| *y)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let cells = hire_years
        .iter()
        .map(|year| {
            let mut of_year: Vec<i64> = delays.iter().filter(|(y, _)| y == year).map(|(_, m)| *m).collect();
            let n = of_year.len() as u64;
            let shown_median = match median(&mut of_year) {
                Some(m) if n >= 5 => Shown::Count(m.max(0) as u64),
                _ => Shown::UnderFive,
            };
            vec![small_count(n), shown_median]
        })
        .collect();
    Figure {
        slug: "delai-projet-embauche",
        title: "Délai entre le début du projet et l'embauche, par année d'embauche",
        row_dimension: ("annee", "Année d'embauche"),
        column_dimension: ("mesure", "Mesure"),
        rows: hire_years.iter().map(i32::to_string).collect(),
        columns: vec!["Embauches".into(), "Délai médian (mois)".into()],
        cells,
        row_totals: None,
        column_totals: None,
        total: None,
        protected: true,
    }
}

/// Whole months from one ISO date to another.
fn months(from: &str, to: &str) -> Option<i64> {
    let parts = |d: &str| -> Option<(i64, i64, i64)> {
        let mut it = d.split('-').map(|p| p.parse::<i64>().ok());
        Some((it.next()??, it.next()??, it.next()??))
    };
    let ((y1, m1, d1), (y2, m2, d2)) = (parts(from)?, parts(to)?);
    Some((y2 - y1) * 12 + (m2 - m1) - i64::from(d2 < d1))
}

fn median(values: &mut [i64]) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let mid = values.len() / 2;
    Some(if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) / 2
    } else {
        values[mid]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(reference: &str, region: &str, year: i32, state: &str) -> HistoricalPost {
        HistoricalPost {
            reference: reference.into(),
            region: region.into(),
            establishment: "Centre".into(),
            created_year: year,
            state: state.into(),
            ..Default::default()
        }
    }

    #[test]
    fn posts_are_counted_whole_but_a_post_held_by_someone_is_protected() {
        let mut posts: Vec<HistoricalPost> = (0..6).map(|i| post(&format!("A{i}"), "11", 2014, "ouvert")).collect();
        posts.push(post("B", "11", 2014, "pourvu"));
        let by_region = posts_by_region(&posts);
        assert_eq!(by_region.rows, ["Île-de-France"]);
        assert_eq!(by_region.cells, [[Shown::Count(7)]]);
        let by_state = posts_by_state(&posts);
        let pourvu = by_state.rows.iter().position(|r| r == "Pourvu").unwrap();
        assert_eq!(by_state.cells[pourvu], [Shown::UnderFive]);
        assert_eq!(msps_in_post(&posts).cells, [[Shown::UnderFive]]);
    }

    #[test]
    fn the_median_delay_is_shown_only_for_five_hires_or_more() {
        let hired = |i: usize, start: &str, hire: &str| HistoricalPost {
            project_start: Some(start.into()),
            hired_on: Some(hire.into()),
            ..post(&format!("H{i}"), "11", 2015, "pourvu")
        };
        let mut posts: Vec<HistoricalPost> = (0..5)
            .map(|i| hired(i, "2015-01-10", &format!("2016-0{}-10", i + 1)))
            .collect();
        posts.push(hired(9, "2016-01-01", "2017-01-01"));
        let figure = hire_delay(&posts);
        assert_eq!(figure.rows, ["2016", "2017"]);
        assert_eq!(figure.cells[0], [Shown::Count(5), Shown::Count(14)]);
        assert_eq!(figure.cells[1], [Shown::UnderFive, Shown::UnderFive]);
        assert_eq!(months("2015-01-10", "2015-02-09"), Some(0));
    }
}
