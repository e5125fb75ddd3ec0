//! The talent pool (issue 23). A candidate joins it with its own consent at `/compte/vivier`,
//! fills what they show, answers invitations and leaves it in one click; recruiters and the
//! CCOMS search it at `/vivier`, read the profiles (each reading audited) and invite a member
//! to apply to an open offer of their scope. Nothing of the member reaches the inviter until
//! they apply.

mod answer;
mod invite;
mod own;
mod profile;
mod search;

use super::{Access, Route};
use crate::domain::policy::Action;

pub fn routes() -> Vec<Route> {
    let member = Access::Can(Action::JoinTalentPool);
    let searcher = Access::Can(Action::SearchTalentPool);
    vec![
        Route::get("/compte/vivier", member, own::show_own),
        Route::post("/compte/vivier", member, own::save_own),
        Route::post("/compte/vivier/quitter", member, own::leave),
        Route::post("/compte/vivier/reponse", member, answer::answer_invitation),
        Route::get("/vivier", searcher, search::search_pool),
        Route::get("/vivier/{id}", searcher, profile::show_member),
        Route::post("/vivier/{id}/invitation", searcher, invite::invite_member),
    ]
}

/// A confirmation the page shows after a redirect, by its code: never the request's own text.
fn notice(code: &str) -> Option<&'static str> {
    match code {
        "rejoint" => Some("Vous êtes dans le vivier : les recruteurs du programme peuvent trouver votre profil."),
        "modifie" => Some("Votre profil est enregistré."),
        "quitte" => Some("Vous avez quitté le vivier : votre profil et vos invitations sont effacés."),
        "reponse" => Some("Votre réponse est enregistrée."),
        "invite" => Some("Invitation envoyée. Vous verrez ici si la personne la décline ou postule."),
        _ => None,
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct Done {
    fait: String,
}
