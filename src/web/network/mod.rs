//! « Le réseau des MSP » (issue 26). MSPs in post and graduates join it by an explicit opt-in at
//! `/reseau/adhesion` under a name they choose; its directory `/reseau` is seen by its members
//! and the CCOMS only, never public nor indexed. Members write to each other through the
//! platform (`/reseau/{id}/ecrire`; the conversation at `/reseau/messages/{id}`, readable by its
//! two members only), close a conversation, block and report; the CCOMS reads the reports at
//! `/reseau/signalements` (audited) and may remove a member. A non-member MSP is sent to the
//! join page from every page of the network.

mod conversations;
mod directory;
mod membership;
mod reports;
mod writing;

use sqlx::AnyConnection;

use super::{Access, Route};
use crate::db::network::{self, Member};
use crate::domain::policy::Action;

pub fn routes() -> Vec<Route> {
    let seer = Access::Can(Action::SeeNetwork);
    let member = Access::Can(Action::JoinNetwork);
    let moderator = Access::Can(Action::ModerateNetwork);
    vec![
        Route::get("/reseau", seer, directory::show_directory).personal(),
        Route::get("/reseau/adhesion", member, membership::show_membership).personal(),
        Route::post("/reseau/adhesion", member, membership::save_membership).personal(),
        Route::post("/reseau/quitter", member, membership::leave_network).personal(),
        Route::get("/reseau/messages", member, conversations::list_conversations).personal(),
        Route::get("/reseau/messages/{id}", member, conversations::show_conversation).personal(),
        Route::post("/reseau/messages/{id}", member, conversations::reply).personal(),
        Route::post(
            "/reseau/messages/{id}/fermer",
            member,
            conversations::close_conversation,
        )
        .personal(),
        Route::post("/reseau/messages/{id}/signaler", member, conversations::report_message).personal(),
        Route::get("/reseau/signalements", moderator, reports::show_reports).personal(),
        Route::post("/reseau/signalements/{id}/retirer", moderator, reports::remove_member).personal(),
        Route::post("/reseau/signalements/{id}/classer", moderator, reports::dismiss_report).personal(),
        Route::get("/reseau/{id}/ecrire", member, writing::show_writing).personal(),
        Route::post("/reseau/{id}/ecrire", member, writing::write_to_member).personal(),
        Route::post("/reseau/{id}/bloquer", member, writing::block_member).personal(),
        Route::post("/reseau/{id}/signaler", member, writing::report_member).personal(),
    ]
}

/// Where a non-member goes from every page of the network: the explanation and the opt-in.
const JOIN_PAGE: &str = "/reseau/adhesion";

/// The signed-in MSP's membership; `None`: they are not a member (the caller sends them to
/// [`JOIN_PAGE`]).
async fn membership(conn: &mut AnyConnection, user_id: i64) -> sqlx::Result<Option<Member>> {
    network::find_by_user(conn, user_id).await
}

/// A confirmation the page shows after a redirect, by its code: never the request's own text.
fn notice(code: &str) -> Option<&'static str> {
    match code {
        "rejoint" => {
            Some("Vous êtes dans le réseau : les autres membres et le CCOMS voient ce que vous avez choisi de montrer.")
        }
        "modifie" => Some("Votre fiche du réseau est enregistrée."),
        "quitte" => Some(
            "Vous avez quitté le réseau : vous n'apparaissez plus dans l'annuaire et vos conversations sont fermées.",
        ),
        "envoye" => Some("Votre message est envoyé."),
        "ferme" => Some("La conversation est fermée : plus personne ne peut y écrire."),
        "bloque" => Some(
            "Cette personne est bloquée : vous ne vous voyez plus dans l'annuaire et ne pouvez plus vous écrire. Elle n'en est pas avertie.",
        ),
        "signale" => Some("Votre signalement est transmis au CCOMS. Merci."),
        "retire" => Some("La personne est retirée de l'annuaire et ses conversations sont fermées."),
        "classe" => Some("Le signalement est classé."),
        _ => None,
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct Done {
    fait: String,
}

#[derive(serde::Deserialize)]
struct Nothing {}

/// A report's form: the reason, and the message reported when it is one.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct ReportForm {
    raison: String,
    message: String,
}
