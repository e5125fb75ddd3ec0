//! The search of the pool by recruiters and the CCOMS: only current members, only what each
//! chose to show, every consultation in the audit log.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use time::Date;

use crate::db::talent_pool::{self, Member};
use crate::domain::form_errors::FormErrors;
use crate::domain::geo::territory::{REGIONS, Region};
use crate::domain::talent_pool::search::{RawPoolQuery, Soon};
use crate::domain::talent_pool::{Area, PoolWorkingTime, Training};
use crate::web::auth::Visitor;
use crate::web::views::{Layout, render_as};
use crate::web::{AppState, Error};

/// What a list or a profile shows of a member: their shown parts only.
pub(super) struct MemberCard {
    pub id: i64,
    pub name: String,
    /// Empty when hidden.
    pub areas: Vec<String>,
    pub availability: Option<String>,
    pub training: Vec<String>,
    pub presentation: Option<String>,
}

impl MemberCard {
    pub fn of(member: &Member, today: Date) -> MemberCard {
        let p = &member.profile;
        let mut training: Vec<String> = p.training.iter().map(|t| t.label().to_string()).collect();
        if !p.training_other.is_empty() {
            training.push(p.training_other.clone());
        }
        MemberCard {
            id: member.id,
            name: p.name(member.id),
            areas: if p.shown.areas {
                p.areas.iter().map(Area::label).collect()
            } else {
                Vec::new()
            },
            availability: p
                .shown
                .availability
                .then(|| format!("{}, {}", p.availability(today), p.working_time.label().to_lowercase())),
            training: if p.shown.training { training } else { Vec::new() },
            presentation: (p.shown.presentation && !p.presentation.is_empty()).then(|| p.presentation.clone()),
        }
    }
}

#[derive(askama::Template)]
#[template(path = "talent_pool/search.html")]
struct SearchPage {
    layout: Layout,
    query: RawPoolQuery,
    errors: FormErrors,
    members: Vec<MemberCard>,
    regions: &'static [Region],
    soon: [(&'static str, &'static str); 2],
    working_times: [PoolWorkingTime; 2],
    trainings: [Training; 4],
}

pub(super) async fn search_pool(
    State(state): State<AppState>, visitor: Visitor, Query(query): Query<RawPoolQuery>,
) -> Result<Response, Error> {
    let (filter, errors) = query.parse();
    let today = state.clock.today();
    let mut tx = state.db.begin().await?;
    let members: Vec<MemberCard> = talent_pool::list(&mut tx)
        .await?
        .iter()
        .filter(|m| filter.matches(&m.profile, today))
        .map(|m| MemberCard::of(m, today))
        .collect();
    let detail = format!("{} ; {} profil(s)", filter.describe(), members.len());
    visitor.audit(&mut tx, "vivier_consulte", "vivier", "", detail).await?;
    tx.commit().await?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_as(
        status,
        &SearchPage {
            layout: Layout::of(&visitor),
            query,
            errors,
            members,
            regions: REGIONS,
            soon: Soon::CHOICES,
            working_times: [PoolWorkingTime::TempsPlein, PoolWorkingTime::TempsPartiel],
            trainings: Training::ALL,
        },
    )
}
