//! One route of the table: method, path, access, CSRF rule, caching, handler.

use axum::handler::Handler;
use axum::http::Method;
use axum::routing::{MethodRouter, on};

use super::{Access, AppState, csrf};

/// One route: method, path, the access it requires, and its handler.
pub struct Route {
    pub method: Method,
    pub path: &'static str,
    pub access: Access,
    pub csrf: csrf::Csrf,
    /// Answers carry personal data to someone not signed in (a private link's page): never
    /// stored by a cache, like every answer to someone signed in.
    pub personal: bool,
    pub(super) handler: MethodRouter<AppState>,
}

impl Route {
    fn new<H, T>(method: Method, path: &'static str, access: Access, handler: H) -> Route
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        let filter = axum::routing::MethodFilter::try_from(method.clone()).expect("a routable method");
        let csrf = if matches!(method, Method::GET | Method::HEAD) {
            csrf::Csrf::NotApplicable
        } else {
            csrf::Csrf::Checked
        };
        Route {
            method,
            path,
            access,
            csrf,
            personal: false,
            handler: on(filter, handler),
        }
    }

    pub fn get<H: Handler<T, AppState>, T: 'static>(path: &'static str, access: Access, handler: H) -> Route {
        Route::new(Method::GET, path, access, handler)
    }

    pub fn post<H: Handler<T, AppState>, T: 'static>(path: &'static str, access: Access, handler: H) -> Route {
        Route::new(Method::POST, path, access, handler)
    }

    pub fn put<H: Handler<T, AppState>, T: 'static>(path: &'static str, access: Access, handler: H) -> Route {
        Route::new(Method::PUT, path, access, handler)
    }

    /// Takes a POST without a page's token; the reason is written in the route table.
    pub fn csrf_exempt(mut self, reason: &'static str) -> Route {
        self.csrf = csrf::Csrf::Exempt(reason);
        self
    }

    /// A private link's page: its answers are never cached (see [`Route::personal`]).
    pub fn personal(mut self) -> Route {
        self.personal = true;
        self
    }

    /// Accepts bodies up to `bytes` (axum's default is 2 MB): for uploads.
    pub fn with_body_limit(mut self, bytes: usize) -> Route {
        self.handler = self.handler.layer(axum::extract::DefaultBodyLimit::max(bytes));
        self
    }
}
