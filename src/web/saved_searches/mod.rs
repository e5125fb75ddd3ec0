//! Saved searches: saving a search of the board (to a candidate's account, or to an e-mail
//! address confirmed by a link), confirming, unsubscribing in one click without login, each
//! search's Atom feed, and the list in the candidate's account. Their alerts are sent by
//! `crate::alerts`.

mod account;
mod create;
mod feed;
mod links;

use account::{delete_saved_search, list_saved_searches};
use create::create_saved_search;
use feed::feed_saved_search;
pub(crate) use links::ConfirmPage;
use links::{confirm_saved_search, show_confirmation, show_unsubscribe, unsubscribe};

use super::{Access, Route};

pub fn routes() -> Vec<Route> {
    vec![
        Route::post("/alertes", Access::Public, create_saved_search),
        Route::get("/alertes/confirmation", Access::Public, show_confirmation),
        Route::post("/alertes/confirmation", Access::Public, confirm_saved_search),
        Route::get("/alertes/desabonnement", Access::Public, show_unsubscribe),
        Route::post("/alertes/desabonnement", Access::Public, unsubscribe).csrf_exempt(
            "RFC 8058: a mail program's one-click unsubscribe posts the link's address without a page; \
             the single-use secret token in it is the only credential",
        ),
        Route::get("/alertes/flux/{key}", Access::Public, feed_saved_search),
        Route::get("/compte/alertes", Access::SignedIn, list_saved_searches),
        Route::post("/compte/alertes/{id}/supprimer", Access::SignedIn, delete_saved_search),
    ]
}
