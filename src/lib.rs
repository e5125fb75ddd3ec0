//! MSP, the platform of the Médiateur de Santé-Pair programme.

/// Account workflows shared by the web and the command line.
pub mod accounts;
/// The agenda's mails (a gathering cancelled, a seat freed, the day-before reminder) and the
/// reminder job's pass.
pub mod agenda;
/// The alerts of saved searches: which offers to send to whom, once.
pub mod alerts;
/// The public board's search, from an index of the open offers held in memory.
pub mod board;
/// What each subcommand does, on top of the other modules.
pub mod cli;
/// Flags and environment variables.
pub mod config;
/// Storage: connection, migrations, one module per aggregate.
pub mod db;
/// The demonstration data set.
pub mod demo;
/// Candidates' documents: accepted types, size limit, encryption at rest.
pub mod documents;
/// Types and rules of the programme, without I/O.
pub mod domain;
/// Documents made from the data: the printable PDF of a fiche de poste.
pub mod export;
/// French communes and the map of départements, embedded in the binary.
pub mod geo;
/// Importing a fiche de poste from a PDF, DOCX or ODT: its text, read in isolation.
pub mod import;
/// Background jobs.
pub mod jobs;
/// Sending e-mail through the stored outbox.
pub mod mail;
/// Telling people what happened: the event log's notifications, at once or in a daily digest.
pub mod notify;
/// Staff sign-in through an OpenID Connect provider (ProConnect): discovery, keys, tokens.
pub mod oidc;
/// Requests made to other servers (the OpenID provider, webhooks).
pub mod outbound;
/// Forgetting candidates' data on time.
pub mod retention;
/// Full-text search held in memory, for any collection of titled documents (offers first).
pub mod search;
/// Random tokens, password hashes, one-time passwords.
pub mod secrets;
/// Logging.
pub mod telemetry;
/// HTTP: pages, feeds and the JSON API, one module per resource.
pub mod web;
/// Establishments' webhooks: the worker that signs and sends their deliveries.
pub mod webhooks;
