//! The one error type of the web layer. Client errors carry a safe French message;
//! infrastructure errors are logged once, in the request's span, and shown as a generic 500.

use askama::Template;
use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use super::views::Layout;
use crate::domain::FieldError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("page introuvable")]
    NotFound,
    #[error("accès refusé")]
    Forbidden,
    #[error("jeton CSRF absent ou faux")]
    CsrfRejected,
    #[error("trop de demandes à la fois")]
    TooManyRequests,
    /// More API calls than the caller's limit per minute (`super::rate_limit`).
    #[error("limite d'appels atteinte")]
    RateLimited { retry_after: u64 },
    /// An API call without a valid key: none, unknown, malformed or revoked (never which).
    #[error("clé d'API absente ou invalide")]
    InvalidKey,
    /// A valid key without the scope the call needs.
    #[error("portée de clé insuffisante : {0}")]
    MissingScope(&'static str),
    /// A body refused for what its fields hold, every field's message at once.
    #[error("{} champ(s) invalide(s)", .0.len())]
    Invalid(Vec<FieldError>),
    /// The resource's state forbids the change, said in French.
    #[error("conflit : {0}")]
    Conflict(String),
    /// What was asked existed but its data were erased (retention, withdrawn consent).
    #[error("données effacées")]
    Gone,
    #[error("erreur interne : {0}")]
    Internal(&'static str),
    #[error("paramètre invalide : {}", .0.field)]
    BadRequest(FieldError),
    #[error("base de données : {0}")]
    Database(#[from] sqlx::Error),
    #[error("gabarit : {0}")]
    Template(#[from] askama::Error),
    #[error("{0}")]
    Pdf(#[from] crate::export::pdf::PdfError),
}

tokio::task_local! {
    /// The database of the request being answered is the demonstration's: error pages, made
    /// from an [`Error`] alone, show its banner too.
    static DEMO: bool;
}

/// Answers `request` knowing whether the database is the demonstration's.
pub async fn in_demo<F: std::future::Future>(demo: bool, request: F) -> F::Output {
    DEMO.scope(demo, request).await
}

/// PostgreSQL's "character not in repertoire": a text holding a NUL character, which it never
/// stores. The text came from the request, so the request is at fault, not the server.
const TEXT_NOT_STORABLE: &str = "22021";

impl Error {
    /// A request refused for what one field holds, with the French message to show.
    pub fn bad_request(field: &'static str, message: impl Into<String>) -> Error {
        Error::BadRequest(FieldError::new(field, message))
    }

    /// A database refusal caused by what the request carried rather than by the server.
    fn refused_input(&self) -> bool {
        matches!(self, Error::Database(sqlx::Error::Database(e)) if e.code().as_deref() == Some(TEXT_NOT_STORABLE))
    }

    fn status(&self) -> StatusCode {
        if self.refused_input() {
            return StatusCode::BAD_REQUEST;
        }
        match self {
            Error::NotFound => StatusCode::NOT_FOUND,
            Error::Forbidden | Error::CsrfRejected => StatusCode::FORBIDDEN,
            Error::BadRequest(_) => StatusCode::BAD_REQUEST,
            Error::TooManyRequests | Error::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            Error::InvalidKey => StatusCode::UNAUTHORIZED,
            Error::MissingScope(_) => StatusCode::FORBIDDEN,
            Error::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Error::Conflict(_) => StatusCode::CONFLICT,
            Error::Gone => StatusCode::GONE,
            Error::Database(_) | Error::Template(_) | Error::Pdf(_) | Error::Internal(_) => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
        }
    }

    /// What the user is told: never the internal cause.
    fn public_message(&self) -> String {
        if self.refused_input() {
            return "Un texte envoyé contient un caractère invisible non permis (caractère nul) : \
                    retirez-le puis recommencez."
                .into();
        }
        match self {
            Error::NotFound => "Cette page est introuvable. L'adresse est peut-être mal copiée, ou l'offre a été retirée.".into(),
            Error::Forbidden => "Votre compte ne donne pas accès à cette page. Si vous pensez que c'est une erreur, contactez la coordination du programme.".into(),
            Error::CsrfRejected => "Ce formulaire a expiré ou ne vient pas de ce site : rien n'a été enregistré. Rechargez la page et recommencez.".into(),
            Error::BadRequest(e) => e.message.clone(),
            Error::TooManyRequests => "D'autres envois sont déjà en cours depuis votre connexion. Attendez qu'ils se terminent, puis recommencez.".into(),
            Error::RateLimited { retry_after } => format!("Trop de demandes en une minute : réessayez dans {retry_after} s."),
            Error::InvalidKey => "Clé d'API absente, invalide ou révoquée : envoyez l'en-tête « Authorization: Bearer <clé> » avec une clé active.".into(),
            Error::MissingScope(scope) => format!("Cette clé d'API n'a pas la portée « {scope} » : créez une clé qui l'a."),
            Error::Invalid(errors) => match errors.as_slice() {
                [one] => one.message.clone(),
                _ => format!("{} champs sont à corriger.", errors.len()),
            },
            Error::Conflict(message) => message.clone(),
            Error::Gone => "Les données demandées ont été effacées, comme le prévoit leur durée de conservation.".into(),
            Error::Database(_) | Error::Template(_) | Error::Pdf(_) | Error::Internal(_) => {
                "Une erreur s'est produite de notre côté. Réessayez dans un instant ; si elle se reproduit, signalez-la.".into()
            }
        }
    }

    fn log(&self) {
        if self.status().is_server_error() {
            tracing::error!(error = %self, "request failed");
        }
    }
}

impl From<FieldError> for Error {
    fn from(error: FieldError) -> Self {
        Error::BadRequest(error)
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    layout: Layout,
    heading: &'static str,
    message: String,
}

/// Pages get an HTML error page.
impl IntoResponse for Error {
    fn into_response(self) -> Response {
        self.log();
        let heading = match self {
            _ if self.refused_input() => "Demande incorrecte",
            Error::NotFound => "Page introuvable",
            Error::Forbidden => "Accès refusé",
            Error::CsrfRejected => "Formulaire expiré",
            Error::BadRequest(_) => "Demande incorrecte",
            Error::TooManyRequests | Error::RateLimited { .. } => "Trop de demandes",
            Error::InvalidKey | Error::MissingScope(_) => "Accès refusé",
            Error::Invalid(_) => "Demande incorrecte",
            Error::Conflict(_) => "Changement impossible",
            Error::Gone => "Données effacées",
            Error::Database(_) | Error::Template(_) | Error::Pdf(_) | Error::Internal(_) => "Erreur du serveur",
        };
        let page = ErrorPage {
            layout: Layout {
                demo: DEMO.try_with(|demo| *demo).unwrap_or(false),
                ..Layout::anonymous()
            },
            heading,
            message: self.public_message(),
        };
        match page.render() {
            Ok(html) => (self.status(), Html(html)).into_response(),
            Err(_) => (self.status(), page.message).into_response(),
        }
    }
}

/// The JSON API gets one error shape: `{"erreur": {"code", "message", "parametre"?, "champs"?}}`
/// (`champs`: every refused field of a body, `[{"champ", "message"}]`).
#[derive(Debug)]
pub struct ApiError(pub Error);

impl<E: Into<Error>> From<E> for ApiError {
    fn from(error: E) -> Self {
        ApiError(error.into())
    }
}

// Doc comments of the API's types are French: they are the OpenAPI document's descriptions.
/// Toute erreur de `/api/v1`.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = Erreur)]
pub struct ApiErrorBody {
    pub erreur: ApiErrorDetail,
}

/// Ce qui n'a pas marché, pour un programme (`code`) et pour une personne (`message`).
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = ErreurDetail)]
pub struct ApiErrorDetail {
    pub code: ApiErrorCode,
    /// Une phrase en français, à montrer telle quelle.
    pub message: String,
    /// Le paramètre en faute, pour `parametre_invalide`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parametre: Option<&'static str>,
    /// Chaque champ refusé d'un corps envoyé, pour `champs_invalides`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub champs: Vec<ApiFieldError>,
}

/// Un champ refusé et pourquoi.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = ChampRefuse)]
pub struct ApiFieldError {
    /// Le nom du champ tel qu'il a été envoyé.
    pub champ: &'static str,
    /// Une phrase en français, à montrer telle quelle.
    pub message: String,
}

// Doc comments of the API's types are French: they are the OpenAPI document's descriptions.
// A new code is a change of the API's description.
/// Les codes sur lesquels un programme peut s'appuyer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = CodeErreur)]
pub enum ApiErrorCode {
    ParametreInvalide,
    Introuvable,
    AccesRefuse,
    TropDeDemandes,
    /// Clé d'API absente, invalide ou révoquée (401).
    CleInvalide,
    /// La clé n'a pas la portée demandée (403).
    PorteeManquante,
    /// Des champs du corps sont refusés : voir `champs` (422).
    ChampsInvalides,
    /// L'état de la ressource interdit ce changement (409).
    Conflit,
    /// Les données ont été effacées, comme le prévoit leur durée de conservation (410).
    Efface,
    ErreurServeur,
}

impl ApiError {
    /// The body of the answer, and its status.
    pub fn body(&self) -> (StatusCode, ApiErrorBody) {
        let error = &self.0;
        let code = match error {
            _ if error.refused_input() => ApiErrorCode::ParametreInvalide,
            Error::NotFound => ApiErrorCode::Introuvable,
            Error::Forbidden | Error::CsrfRejected => ApiErrorCode::AccesRefuse,
            Error::BadRequest(_) => ApiErrorCode::ParametreInvalide,
            Error::TooManyRequests | Error::RateLimited { .. } => ApiErrorCode::TropDeDemandes,
            Error::InvalidKey => ApiErrorCode::CleInvalide,
            Error::MissingScope(_) => ApiErrorCode::PorteeManquante,
            Error::Invalid(_) => ApiErrorCode::ChampsInvalides,
            Error::Conflict(_) => ApiErrorCode::Conflit,
            Error::Gone => ApiErrorCode::Efface,
            Error::Database(_) | Error::Template(_) | Error::Pdf(_) | Error::Internal(_) => ApiErrorCode::ErreurServeur,
        };
        let parametre = match error {
            Error::BadRequest(e) => Some(e.field),
            _ => None,
        };
        let champs = match error {
            Error::Invalid(errors) => errors
                .iter()
                .map(|e| ApiFieldError {
                    champ: e.field,
                    message: e.message.clone(),
                })
                .collect(),
            _ => Vec::new(),
        };
        let erreur = ApiErrorDetail {
            code,
            message: error.public_message(),
            parametre,
            champs,
        };
        (error.status(), ApiErrorBody { erreur })
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.0.log();
        let (status, body) = self.body();
        let mut response = (status, Json(body)).into_response();
        let headers = response.headers_mut();
        match self.0 {
            Error::RateLimited { retry_after } => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
            }
            Error::InvalidKey => {
                headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            _ => {}
        }
        response
    }
}
