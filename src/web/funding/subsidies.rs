//! Subsidies: the yearly amounts, the payments the ARS records, and whether the post was kept
//! once the subsidy ends.

use super::*;

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub(super) struct PaymentForm {
    annee: String,
    montant: String,
    date: String,
}

#[derive(askama::Template)]
#[template(path = "funding/subsidy.html")]
pub(super) struct SubsidyPage {
    layout: Layout,
    subsidy: Subsidy,
    years: Vec<db::Year>,
    payments: Vec<db::Payment>,
    may_pay: bool,
    may_record_kept: bool,
    kept: Kept,
    errors: FormErrors,
    form: PaymentForm,
    notice: Option<&'static str>,
}

impl SubsidyPage {
    fn euros(&self, cents: impl std::borrow::Borrow<i64>) -> String {
        euros(cents)
    }

    fn period(&self) -> String {
        rules::period_text(self.subsidy.first_year, self.subsidy.years)
    }

    fn date(&self, date: &Date) -> String {
        french_date(*date)
    }

    fn left_cents(&self) -> i64 {
        self.subsidy.total_cents - self.subsidy.paid_cents
    }
}

pub(super) async fn subsidy_page(
    state: &AppState, visitor: &Visitor, subsidy: Subsidy, errors: FormErrors, form: PaymentForm,
    notice: Option<&'static str>,
) -> Result<SubsidyPage, Error> {
    let user = visitor.signed_in_user()?;
    let mut conn = state.db.pool.acquire().await?;
    let years = db::subsidy_years(&mut conn, subsidy.id).await?;
    let payments = db::payments(&mut conn, subsidy.id).await?;
    let may_record_kept =
        policy::may_record_post_kept(user.role) && rules::may_record_kept(subsidy.reminder_due_on, state.clock.today());
    let form = PaymentForm {
        annee: if form.annee.is_empty() {
            years
                .iter()
                .find(|y| y.paid_cents < y.amount_cents)
                .map(|y| y.year.to_string())
                .unwrap_or_default()
        } else {
            form.annee
        },
        ..form
    };
    Ok(SubsidyPage {
        layout: Layout::of(visitor),
        may_pay: permits(user.role, Action::RunCalls) && subsidy.paid_cents < subsidy.total_cents,
        may_record_kept,
        kept: Kept::of(&subsidy.post_kept),
        subsidy,
        years,
        payments,
        errors,
        form,
        notice,
    })
}

pub(super) async fn show_subsidy(
    State(state): State<AppState>, visitor: Visitor, InScope(subsidy): InScope<Subsidy>,
    axum::extract::Query(query): axum::extract::Query<NoticeQuery>,
) -> Result<Html<String>, Error> {
    let notice = match query.fait.as_deref() {
        Some("versement") => Some("Versement enregistré."),
        Some("perennisation") => Some("Le devenir du poste est enregistré."),
        _ => None,
    };
    render(
        &subsidy_page(
            &state,
            &visitor,
            subsidy,
            FormErrors::default(),
            PaymentForm::default(),
            notice,
        )
        .await?,
    )
}

pub(super) async fn record_payment(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(ref user): CurrentUser,
    InScope(subsidy): InScope<Subsidy>, CsrfForm(form): CsrfForm<PaymentForm>,
) -> Result<Response, Error> {
    let years = {
        let mut conn = state.db.pool.acquire().await?;
        db::subsidy_years(&mut conn, subsidy.id).await?
    };
    let mut errors = FormErrors::default();
    let year = years.iter().find(|y| y.year.to_string() == form.annee.trim());
    if year.is_none() {
        errors.add("annee", "Choisissez l'année de la subvention que ce versement paie.");
    }
    let amount = errors.check(rules::parse_euros("montant", &form.montant));
    let paid_on = match parse_date_field("date", &form.date) {
        Ok(Some(date)) if date <= state.clock.today() => Some(date),
        Ok(Some(_)) => {
            errors.add(
                "date",
                "Un versement s'enregistre une fois fait : la date est dans le futur.",
            );
            None
        }
        Ok(None) => {
            errors.add("date", "Indiquez la date du versement.");
            None
        }
        Err(e) => {
            errors.list.push(e);
            None
        }
    };
    if let (Some(year), Some(amount)) = (year, amount) {
        errors.check(rules::check_payment(amount, year.amount_cents, year.paid_cents));
    }
    let (Some(year), Some(amount), Some(paid_on), true) = (year, amount, paid_on, errors.is_empty()) else {
        let page = subsidy_page(&state, &visitor, subsidy, errors, form, None).await?;
        return render_as(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    let mut tx = state.db.begin().await?;
    if !db::record_payment(&mut tx, subsidy.id, year.year, amount, paid_on, Some(user.id)).await? {
        // Another payment for the same year went through since the page was read.
        drop(tx);
        let errors = FormErrors::one(
            "montant",
            "Un autre versement vient d'être enregistré pour cette année : ce montant dépasserait ce qui a été accordé.",
        );
        let page = subsidy_page(&state, &visitor, subsidy, errors, form, None).await?;
        return render_as(StatusCode::CONFLICT, &page);
    }
    visitor
        .audit(
            &mut tx,
            "subvention_versement",
            "subvention",
            subsidy.id,
            format!(
                "année {} ; {} ; versé le {}",
                year.year,
                euros(amount),
                french_date(paid_on)
            ),
        )
        .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/subventions/{}?fait=versement", subsidy.id)).into_response())
}

#[derive(Deserialize)]
pub(super) struct KeptForm {
    #[serde(default)]
    perennise: String,
}

/// Records whether the establishment kept the post; "yes" moves the project to `perennise`,
/// "no" to `abandonne`. A later correction is recorded the same way, and audited.
pub(super) async fn record_post_kept(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(ref user): CurrentUser,
    InScope(subsidy): InScope<Subsidy>, CsrfForm(form): CsrfForm<KeptForm>,
) -> Result<Response, Error> {
    if !policy::may_record_post_kept(user.role) {
        return Err(Error::Forbidden);
    }
    let kept = match form.perennise.as_str() {
        "oui" => Some(true),
        "non" => Some(false),
        _ => None,
    };
    let mut errors = FormErrors::default();
    if !rules::may_record_kept(subsidy.reminder_due_on, state.clock.today()) {
        errors.add(
            "perennise",
            format!(
                "Le devenir du poste se renseigne à partir du {}, six mois avant la fin de la subvention.",
                french_date(subsidy.reminder_due_on)
            ),
        );
    } else if kept.is_none() {
        errors.add("perennise", "Indiquez si le poste est maintenu.");
    }
    let (Some(kept), true) = (kept, errors.is_empty()) else {
        let page = subsidy_page(&state, &visitor, subsidy, errors, PaymentForm::default(), None).await?;
        return render_as(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    let mut tx = state.db.begin().await?;
    db::set_post_kept(&mut tx, subsidy.id, kept).await?;
    let to = if kept {
        ProjectState::Perennise
    } else {
        ProjectState::Abandonne
    };
    visitor
        .audit(
            &mut tx,
            "subvention_perennisation",
            "subvention",
            subsidy.id,
            format!(
                "avant : {} ; maintenant : {} ; projet {} → {}",
                Kept::of(&subsidy.post_kept).label(),
                Kept::of(&Some(kept)).label(),
                subsidy.project_id,
                to.label()
            ),
        )
        .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/subventions/{}?fait=perennisation", subsidy.id)).into_response())
}
