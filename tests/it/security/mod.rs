//! What an outside probe found open, closed for good: forged forms on every route, redirects to
//! other sites, slow clients holding every upload slot, a fault that outlived its cause, a
//! database that reads but cannot write, caches keeping personal pages.

use crate::common;

use std::time::Duration;

use axum::http::Method;
use common::{PASSWORD, TestApp, TestUser, location};
use msp::domain::role::Role;
use msp::web::Access;
use msp::web::csrf::Csrf;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

mod caching;
mod database_faults;
mod forged_forms;
mod redirects;
mod slow_clients;
