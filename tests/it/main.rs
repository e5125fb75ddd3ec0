//! The integration tests: the real application over HTTP on a fresh database per test, SQLite
//! always and PostgreSQL when `MSP_TEST_POSTGRES_URL` is set. One binary, so the crate is linked
//! once; each module tells one part of the platform's story, a large one as a folder with a
//! file per story (its `mod.rs` holds what those stories share). What every module shares is in
//! `common`.

#[macro_use]
mod common;

mod access_matrix;
mod accounts;
mod alerts;
mod applications;
mod cached_pages;
mod calendar;
mod cli;
mod clock_changes;
mod demo;
mod design;
mod door;
mod durability;
mod establishment_api;
mod fiches;
mod french;
mod funding;
mod gatherings;
mod identity;
mod instances;
mod job_board;
mod network;
mod notifications;
mod observatory;
mod offers_near_me;
mod open_data;
mod operations;
mod resources;
mod robustness;
mod search_engines;
mod security;
mod snapshot;
mod talent_pool;
mod transfer;
mod webhooks;
mod workspace;
