//! Dashboard.

use super::*;

/// What was due before `today` and is not done, oldest first, as the dashboard's "En retard"
/// shows it: (date, what, link). The CCOMS's home shows the same list.
pub(crate) async fn late_deadlines(
    conn: &mut sqlx::AnyConnection, today: time::Date,
) -> Result<Vec<(time::Date, String, String)>, Error> {
    let mut deadlines = crate::db::calendar_stats::deadlines(conn, today, today).await?;
    deadlines.extend(project_deadlines(conn, today).await?);
    deadlines.retain(|d| d.0 < today);
    deadlines.sort_by_key(|d| d.0);
    Ok(deadlines)
}

/// A dated item of the dashboard.
pub(super) struct Due {
    date: time::Date,
    what: String,
    link: String,
}

#[derive(askama::Template)]
#[template(path = "calendar/dashboard.html")]
pub(super) struct DashboardPage {
    layout: Layout,
    /// (region, state label, count).
    by_state: Vec<(String, String, i64)>,
    coming: Vec<Due>,
    late: Vec<Due>,
    /// (offer title, applications, hired, days from publication to first hire).
    funnel: Vec<(String, i64, i64, Option<i64>)>,
    /// (state label, average days spent in it).
    time_in_state: Vec<(String, i64)>,
}

impl DashboardPage {
    fn date_text(&self, date: &time::Date) -> String {
        french_date(*date)
    }

    /// The figures at the top of the page: projects followed, offers, applications, hires.
    fn projects(&self) -> i64 {
        self.by_state.iter().map(|(_, _, n)| n).sum()
    }

    fn applications(&self) -> i64 {
        self.funnel.iter().map(|(_, applications, _, _)| applications).sum()
    }

    fn hires(&self) -> i64 {
        self.funnel.iter().map(|(_, _, hires, _)| hires).sum()
    }
}

pub(super) async fn show_dashboard(State(state): State<AppState>, visitor: Visitor) -> Result<Html<String>, Error> {
    let today = state.clock.today();
    let horizon = today + time::Duration::weeks(6);
    let mut conn = state.db.pool.acquire().await?;
    let page = crate::db::calendar_stats::dashboard(&mut conn, today, horizon).await?;
    let mut coming = Vec::new();
    let mut late = Vec::new();
    let mut deadlines = page.deadlines;
    deadlines.extend(project_deadlines(&mut conn, today).await?);
    deadlines.sort_by_key(|d| d.0);
    for (date, what, link) in deadlines {
        let due = Due { date, what, link };
        if date < today {
            late.push(due);
        } else if date <= horizon {
            coming.push(due);
        }
    }
    // Départements add up to their region.
    let mut regions: std::collections::BTreeMap<(String, usize), (String, i64)> = Default::default();
    for (departement, code, n) in page.by_state {
        let region = crate::domain::geo::territory::departement(&departement)
            .and_then(|d| d.region())
            .map_or_else(|| "Région inconnue".to_string(), |r| r.name.to_string());
        let state = ProjectState::parse(&code);
        let order = state
            .and_then(|s| ProjectState::ALL.iter().position(|x| *x == s))
            .unwrap_or(usize::MAX);
        let label = state.map_or(code.clone(), |s| s.label().to_string());
        regions.entry((region, order)).or_insert((label, 0)).1 += n;
    }
    let by_state = regions
        .into_iter()
        .map(|((region, _), (label, n))| (region, label, n))
        .collect();
    render(&DashboardPage {
        layout: Layout::of(&visitor),
        by_state,
        coming,
        late,
        funnel: page.funnel,
        time_in_state: page
            .time_in_state
            .into_iter()
            .map(|(s, d)| {
                let label = crate::domain::application::ApplicationStatus::parse(&s)
                    .map_or(s.clone(), |s| s.label().to_string());
                (label, d)
            })
            .collect(),
    })
}
