//! Decision templates.

use super::*;
use crate::domain::french::{Article, a_name, de_name};

#[derive(askama::Template)]
#[template(path = "applications/templates.html")]
pub(super) struct TemplatesPage {
    layout: Layout,
    establishment_id: i64,
    establishment_name: String,
    /// How the name takes "à" and "de", chosen or derived.
    article: Article,
    templates: Vec<(TemplateKind, MailTemplate)>,
    errors: FormErrors,
    /// The kind whose form was sent, to show its errors beside it.
    edited: Option<TemplateKind>,
    notice: Option<&'static str>,
}

impl TemplatesPage {
    fn is_edited(&self, kind: &TemplateKind) -> bool {
        self.edited == Some(*kind)
    }

    /// An option of the article's choice, as the messages would write the name with it:
    /// "« au Centre hospitalier des Contreforts », « du Centre hospitalier des Contreforts »".
    fn article_example(&self, article: &Article) -> String {
        let name = &self.establishment_name;
        format!(
            "« {} », « {} »",
            a_name(name, Some(*article)),
            de_name(name, Some(*article))
        )
    }
}

pub(super) async fn templates_page(
    state: &AppState, visitor: &Visitor, id: i64, errors: FormErrors, edited: Option<(TemplateKind, MailTemplate)>,
    notice: Option<&'static str>,
) -> Result<TemplatesPage, Error> {
    let user = visitor.signed_in_user()?;
    let establishment_id = id;
    if !establishment_scope(user).includes(establishment_id) {
        return Err(Error::NotFound);
    }
    let mut conn = state.db.pool.acquire().await?;
    let employer = crate::db::establishments::find(&mut conn, establishment_id)
        .await?
        .ok_or(Error::NotFound)?;
    let mut templates = Vec::new();
    for kind in TemplateKind::ALL {
        let template = match &edited {
            Some((edited_kind, typed)) if *edited_kind == kind => typed.clone(),
            _ => applications::template(&mut conn, establishment_id, kind).await?,
        };
        templates.push((kind, template));
    }
    Ok(TemplatesPage {
        layout: Layout::of(visitor),
        establishment_id,
        article: employer.name_article(),
        establishment_name: employer.name,
        templates,
        errors,
        edited: edited.map(|(kind, _)| kind),
        notice,
    })
}

pub(super) async fn show_templates(
    State(state): State<AppState>, visitor: Visitor, PathId(id): PathId,
) -> Result<Html<String>, Error> {
    render(&templates_page(&state, &visitor, id, FormErrors::default(), None, None).await?)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct TemplateForm {
    modele: String,
    objet: String,
    corps: String,
}

pub(super) async fn save_template(
    State(state): State<AppState>, visitor: Visitor, CurrentUser(user): CurrentUser, PathId(id): PathId,
    CsrfForm(form): CsrfForm<TemplateForm>,
) -> Result<Response, Error> {
    // Checks the scope before anything else.
    let page = templates_page(&state, &visitor, id, FormErrors::default(), None, None).await?;
    let kind = TemplateKind::parse(&form.modele)
        .ok_or_else(|| Error::bad_request("modele", "Ce modèle de message n'existe pas."))?;
    match MailTemplate::parse(&form.objet, &form.corps) {
        Ok(template) => {
            let mut conn = state.db.pool.acquire().await?;
            applications::save_template(&mut conn, page.establishment_id, kind, &template, user.id).await?;
            drop(conn);
            let page = templates_page(
                &state,
                &visitor,
                id,
                FormErrors::default(),
                None,
                Some("Modèle enregistré."),
            )
            .await?;
            Ok(render(&page)?.into_response())
        }
        Err(list) => {
            let typed = MailTemplate {
                subject: form.objet,
                body: form.corps,
            };
            let errors = FormErrors { list };
            let page = templates_page(&state, &visitor, id, errors, Some((kind, typed)), None).await?;
            render_as(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct ArticleForm {
    article: String,
}

/// Records how the establishment's name takes "à" and "de" in the messages and pages.
pub(super) async fn save_article(
    State(state): State<AppState>, visitor: Visitor, PathId(id): PathId, CsrfForm(form): CsrfForm<ArticleForm>,
) -> Result<Response, Error> {
    // Checks the scope before anything else.
    let page = templates_page(&state, &visitor, id, FormErrors::default(), None, None).await?;
    let article = Article::parse(&form.article)
        .ok_or_else(|| Error::bad_request("article", "Choisissez une des façons de dire le nom."))?;
    let mut conn = state.db.pool.acquire().await?;
    crate::db::establishments::set_article(&mut conn, page.establishment_id, Some(article)).await?;
    drop(conn);
    let notice = Some("Enregistré : les messages et les pages diront le nom ainsi.");
    let page = templates_page(&state, &visitor, id, FormErrors::default(), None, notice).await?;
    Ok(render(&page)?.into_response())
}
