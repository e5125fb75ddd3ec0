//! The funding page and the regional dashboard: calls and their fill rate, posts funded,
//! amounts committed and paid by year, posts kept, as a page and as CSV.

use super::*;

/// What was committed and paid for one calendar year, in cents.
pub struct YearAmounts {
    pub year: i32,
    pub committed: i64,
    pub paid: i64,
}

impl YearAmounts {
    fn left(&self) -> i64 {
        self.committed - self.paid
    }
}

/// The figures of a scope: calls and their fill rate, posts funded, amounts by year, posts kept.
pub struct Figures {
    pub calls: Vec<Call>,
    pub posts_funded: usize,
    /// Subsidies whose last year has ended, and among them the posts kept.
    pub ended: usize,
    pub kept: usize,
    pub by_year: Vec<YearAmounts>,
    pub committed_cents: i64,
    pub paid_cents: i64,
}

impl Figures {
    fn kept_text(&self) -> String {
        if self.ended == 0 {
            "aucune subvention terminée pour le moment".into()
        } else {
            format!(
                "{} sur {} ({})",
                self.kept,
                self.ended,
                rules::percent(self.kept as i64, self.ended as i64)
            )
        }
    }

    fn chart(&self) -> BarChart {
        BarChart::new(
            "montants",
            "Montants engagés et versés par année, en euros",
            &["Engagé", "Versé"],
            self.by_year
                .iter()
                .map(|y| {
                    (
                        y.year.to_string(),
                        vec![(Some(y.committed), euros(y.committed)), (Some(y.paid), euros(y.paid))],
                    )
                })
                .collect(),
        )
    }
}

pub(super) async fn figures(
    conn: &mut sqlx::AnyConnection, scope: &FundingScope, regions: &Regions, subsidies: &[Subsidy], today: Date,
) -> Result<Figures, Error> {
    let calls = db::list_calls(&mut *conn, regions).await?;
    let by_year = db::amounts_by_year(&mut *conn, scope).await?;
    let ended: Vec<&Subsidy> = subsidies.iter().filter(|s| s.ends_on < today).collect();
    Ok(Figures {
        calls,
        posts_funded: subsidies.len(),
        kept: ended.iter().filter(|s| s.post_kept == Some(true)).count(),
        ended: ended.len(),
        committed_cents: by_year.iter().map(|(_, c, _)| c).sum(),
        paid_cents: by_year.iter().map(|(_, _, p)| p).sum(),
        by_year: by_year
            .into_iter()
            .map(|(year, committed, paid)| YearAmounts { year, committed, paid })
            .collect(),
    })
}

#[derive(askama::Template)]
#[template(path = "funding/index.html")]
pub(super) struct FundingPage {
    layout: Layout,
    heading: String,
    role: Role,
    figures: Figures,
    chart: BarChart,
    requests: Vec<Request>,
    subsidies: Vec<Subsidy>,
    today: Date,
}

impl FundingPage {
    fn is_ars(&self) -> bool {
        self.role == Role::ArsOfficer
    }

    fn is_recruiter(&self) -> bool {
        self.role == Role::Recruiter
    }

    fn date(&self, date: &Date) -> String {
        french_date(*date)
    }
}

pub(super) async fn show_funding(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(ref user): CurrentUser,
) -> Result<Html<String>, Error> {
    let scope = funding_scope(user);
    let mut conn = state.db.pool.acquire().await?;
    let regions = call_regions(&mut conn, user).await?;
    let requests = db::list_requests(&mut conn, &scope, None).await?;
    let subsidies = db::list_subsidies(&mut conn, &scope).await?;
    let figures = figures(&mut conn, &scope, &regions, &subsidies, state.clock.today()).await?;
    let heading = match &scope {
        FundingScope::Region(code) => format!("Financements de l'ARS – {}", region_name(code)),
        FundingScope::All => "Financements des ARS – toutes les régions".into(),
        FundingScope::Establishments(_) => "Financements ARS de vos postes".into(),
    };
    render(&FundingPage {
        layout: Layout::of(&visitor),
        heading,
        role: user.role,
        chart: figures.chart(),
        figures,
        requests,
        subsidies,
        today: state.clock.today(),
    })
}

/// The dashboard's figures as CSV for a French spreadsheet, through the one CSV writer (which
/// neutralises typed text a spreadsheet would run as a formula, such as a call's title).
pub(super) async fn funding_csv(
    State(state): State<AppState>, CurrentUser(ref user): CurrentUser,
) -> Result<Response, Error> {
    let scope = funding_scope(user);
    let mut conn = state.db.pool.acquire().await?;
    let regions = call_regions(&mut conn, user).await?;
    let subsidies = db::list_subsidies(&mut conn, &scope).await?;
    let figures = figures(&mut conn, &scope, &regions, &subsidies, state.clock.today()).await?;
    let count = |n: usize| Cell::Integer(i64::try_from(n).unwrap_or(i64::MAX));
    let mut csv = Csv::new();
    csv.row(&[Cell::Text("indicateur"), Cell::Text("précision"), Cell::Text("valeur")]);
    for call in &figures.calls {
        let label = format!("{} ({})", call.title, call.period_text());
        let label = Cell::Text(&label);
        csv.row(&[Cell::Text("postes prévus"), label, Cell::Integer(call.posts)]);
        csv.row(&[Cell::Text("demandes déposées"), label, Cell::Integer(call.filed)]);
        csv.row(&[Cell::Text("postes attribués"), label, Cell::Integer(call.accepted)]);
    }
    csv.row(&[
        Cell::Text("postes financés"),
        Cell::Text("total"),
        count(figures.posts_funded),
    ]);
    for y in &figures.by_year {
        let year = y.year.to_string();
        csv.row(&[
            Cell::Text("montant engagé (euros)"),
            Cell::Text(&year),
            Cell::Euros(y.committed),
        ]);
        csv.row(&[
            Cell::Text("montant versé (euros)"),
            Cell::Text(&year),
            Cell::Euros(y.paid),
        ]);
    }
    csv.row(&[
        Cell::Text("montant engagé (euros)"),
        Cell::Text("total"),
        Cell::Euros(figures.committed_cents),
    ]);
    csv.row(&[
        Cell::Text("montant versé (euros)"),
        Cell::Text("total"),
        Cell::Euros(figures.paid_cents),
    ]);
    csv.row(&[
        Cell::Text("subventions terminées"),
        Cell::Text("total"),
        count(figures.ended),
    ]);
    csv.row(&[
        Cell::Text("postes pérennisés après la subvention"),
        Cell::Text("total"),
        count(figures.kept),
    ]);
    let csv = csv.finish();
    Ok(attachment(
        "text/csv; charset=utf-8",
        "financements-ars.csv",
        false,
        csv,
    ))
}
