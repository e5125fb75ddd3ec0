//! Administration: the users, invitations of staff, and the audit log. Open to admins and CCOMS
//! coordinators.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use super::auth::{Access, CsrfForm, Visitor};
use super::views::{FormErrors, Layout, MessagePage, render, render_as, stored_instant};
use super::{AppState, Error, Route};
use crate::accounts::{Grant, invite};
use crate::db::audit;
use crate::db::{establishments, users};
use crate::domain::account::{Email, User};
use crate::domain::audit::{ACTIONS, action_label, target_label};
use crate::domain::fiche::Track;
use crate::domain::geo::territory::{self, REGIONS, Region};
use crate::domain::policy::{self, Action};
use crate::domain::role::{Role, ScopeKind};

pub fn routes() -> Vec<Route> {
    vec![
        Route::get("/admin/utilisateurs", Access::Can(Action::ManageAccounts), list_users),
        Route::get("/admin/invitations", Access::Can(Action::ManageAccounts), show_invite),
        Route::post(
            "/admin/invitations",
            Access::Can(Action::ManageAccounts),
            create_invitation,
        ),
        Route::get("/admin/journal", Access::Can(Action::ReadAuditLog), show_audit_log),
    ]
}

#[derive(askama::Template)]
#[template(path = "admin/users.html")]
struct UsersPage {
    layout: Layout,
    users: Vec<User>,
    candidates: i64,
    /// The OpenID provider's name when one is configured, and the accounts linked to it with
    /// the SIRET it gave (which helps match the person's establishment).
    oidc_name: Option<String>,
    linked: Vec<(i64, Option<String>)>,
}

impl UsersPage {
    fn identity(&self, user: &User) -> String {
        match self.linked.iter().find(|(id, _)| *id == user.id) {
            Some((_, Some(siret))) => format!("liée, SIRET {siret}"),
            Some((_, None)) => "liée".into(),
            None => "non".into(),
        }
    }
}

async fn list_users(State(state): State<AppState>, visitor: Visitor) -> Result<Html<String>, Error> {
    let mut conn = state.db.pool.acquire().await?;
    let users = users::list_staff(&mut conn).await?;
    let candidates = users::count_candidates(&mut conn).await?;
    let linked = match &state.oidc {
        Some(provider) => crate::db::identities::linked(&mut conn, &provider.settings.issuer).await?,
        None => Vec::new(),
    };
    render(&UsersPage {
        layout: Layout::of(&visitor),
        users,
        candidates,
        oidc_name: state.oidc.as_ref().map(|p| p.settings.name.clone()),
        linked,
    })
}

#[derive(askama::Template)]
#[template(path = "admin/invite.html")]
struct InvitePage {
    layout: Layout,
    errors: FormErrors,
    roles: Vec<Role>,
    establishments: Vec<(i64, String)>,
    regions: &'static [Region],
    tracks: [Track; 2],
    form: InviteForm,
}

impl InvitePage {
    fn establishment_checked(&self, id: &i64) -> bool {
        self.form.etablissements.contains(&id.to_string())
    }

    /// The first box answers to the field's id, which the error summary links to.
    fn checkbox_id(&self, first: &bool, id: &i64) -> String {
        if *first {
            "champ-etablissements".into()
        } else {
            format!("etab-{id}")
        }
    }
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct InviteForm {
    email: String,
    role: String,
    etablissements: Vec<String>,
    region: String,
    parcours: String,
}

fn inviter_role(visitor: &Visitor) -> Result<Role, Error> {
    visitor.user().map(|u| u.role).ok_or(Error::Forbidden)
}

async fn invite_page(
    state: &AppState, visitor: &Visitor, errors: FormErrors, form: InviteForm,
) -> Result<InvitePage, Error> {
    let inviter = inviter_role(visitor)?;
    let mut conn = state.db.pool.acquire().await?;
    Ok(InvitePage {
        layout: Layout::of(visitor),
        errors,
        roles: Role::ALL
            .into_iter()
            .filter(|r| policy::may_invite(inviter, *r))
            .collect(),
        establishments: establishments::list_names(&mut conn).await?,
        regions: REGIONS,
        tracks: Track::ALL,
        form,
    })
}

async fn show_invite(State(state): State<AppState>, visitor: Visitor) -> Result<Html<String>, Error> {
    render(&invite_page(&state, &visitor, FormErrors::default(), InviteForm::default()).await?)
}

async fn create_invitation(
    State(state): State<AppState>, visitor: Visitor, CsrfForm(form): CsrfForm<InviteForm>,
) -> Result<Response, Error> {
    let inviter = inviter_role(&visitor)?;
    let mut errors = FormErrors::default();
    let email = errors.check(Email::parse("email", &form.email));
    let role = Role::parse(&form.role).filter(|r| policy::may_invite(inviter, *r));
    if role.is_none() {
        errors.add("role", "Choisissez un rôle dans la liste.");
    }
    let mut scopes = Vec::new();
    let mut conn = state.db.pool.acquire().await?;
    match role.and_then(Role::scope_kind) {
        Some(ScopeKind::Establishment) => {
            let known = establishments::list_names(&mut conn).await?;
            let chosen: Vec<&String> = form
                .etablissements
                .iter()
                .filter(|id| known.iter().any(|(k, _)| k.to_string() == **id))
                .collect();
            if chosen.is_empty() {
                errors.add("etablissements", "Cochez au moins un établissement.");
            }
            scopes.extend(
                chosen
                    .into_iter()
                    .map(|id| (ScopeKind::Establishment.as_str().to_string(), id.clone())),
            );
        }
        Some(ScopeKind::Region) => match territory::region(&form.region) {
            Some(region) => scopes.push((ScopeKind::Region.as_str().to_string(), region.code.to_string())),
            None => errors.add("region", "Choisissez la région de l'agence."),
        },
        Some(ScopeKind::Track) => match Track::parse(&form.parcours) {
            Some(track) => scopes.push((ScopeKind::Track.as_str().to_string(), track.as_str().to_string())),
            None => errors.add("parcours", "Choisissez l'université."),
        },
        None => {}
    }
    drop(conn);
    let (Some(email), Some(role), true) = (email, role, errors.is_empty()) else {
        let page = invite_page(&state, &visitor, errors, form).await?;
        return render_as(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    let mut tx = state.db.begin().await?;
    invite(
        &mut tx,
        state.db.documents()?,
        &visitor.actor(),
        &email,
        &Grant { role, scopes },
        &state.base_url,
    )
    .await?;
    tx.commit().await?;
    state.mailer.wake.notify_one();
    let page = MessagePage::new(
        Layout::of(&visitor),
        "Invitation envoyée",
        &[&format!("Une invitation valable 7 jours a été envoyée à {email}.")],
    )
    .link("Inviter une autre personne", "/admin/invitations")
    .success();
    Ok(render(&page)?.into_response())
}

#[derive(askama::Template)]
#[template(path = "admin/audit.html")]
struct AuditPage {
    layout: Layout,
    filter: audit::Filter,
    rows: Vec<AuditLine>,
    /// (code, French words) of every action, for the filter.
    actions: &'static [(&'static str, &'static str)],
}

/// An entry of the log as people read it: the date in Paris time, the action as a sentence.
struct AuditLine {
    /// RFC 3339, for `<time datetime>`.
    at: String,
    /// "2 décembre 2026 à 7 h 14".
    at_text: String,
    actor_email: String,
    action: String,
    target: String,
    ip: String,
    detail: String,
}

impl From<audit::Row> for AuditLine {
    fn from(row: audit::Row) -> Self {
        let target = format!("{} {}", target_label(&row.target_kind), row.target_id);
        AuditLine {
            at_text: stored_instant(&row.at),
            action: action_label(&row.action).unwrap_or(&row.action).to_string(),
            target: target.trim().to_string(),
            at: row.at,
            actor_email: row.actor_email,
            ip: row.ip,
            detail: row.detail,
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct AuditQuery {
    acteur: String,
    action: String,
    cible: String,
}

/// The log, newest first, filtered; reading it is itself recorded.
async fn show_audit_log(
    State(state): State<AppState>, visitor: Visitor, Query(query): Query<AuditQuery>,
) -> Result<Html<String>, Error> {
    let filter = audit::Filter {
        actor: query.acteur.trim().into(),
        action: query.action.trim().into(),
        target: query.cible.trim().into(),
    };
    let mut tx = state.db.begin().await?;
    let rows = audit::list(&mut tx, &filter, 1).await?;
    visitor
        .audit(&mut tx, "journal_consulte", "journal", String::new(), filter.describe())
        .await?;
    tx.commit().await?;
    render(&AuditPage {
        layout: Layout::of(&visitor),
        filter,
        rows: rows.into_iter().map(AuditLine::from).collect(),
        actions: &ACTIONS,
    })
}
