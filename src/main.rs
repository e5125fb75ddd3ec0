//! `msp`: the command line. Parses it and hands over to the library.

use clap::{Parser, Subcommand};
use msp::config::{
    BackupConfig, DatabaseConfig, DemoConfig, PurgeConfig, ResealConfig, ServeConfig, TransferConfig, UserAddConfig,
};

#[derive(Parser)]
#[command(name = "msp", version, about = "La plateforme du programme Médiateur de Santé-Pair")]
struct Cli {
    /// Log format: `text` for people, `json` for a log collector.
    #[arg(long, env = "MSP_LOG_FORMAT", default_value = "text", global = true)]
    log_format: msp::telemetry::LogFormat,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Start the web server (the database is created and migrated when needed).
    Serve(Box<ServeConfig>),
    /// Apply the database migrations, then stop.
    Migrate(DatabaseConfig),
    /// Load the demonstration offers and one account per role, and print how to sign in (or
    /// synthetic offers: --synthetic N). Refuses a database holding data not made by the demo.
    Demo(DemoConfig),
    /// Write all the data, as JSON lines, to move it to another database.
    Export(TransferConfig),
    /// Load an export into a new database (SQLite or PostgreSQL).
    Import(TransferConfig),
    /// Copy an SQLite database, consistently, while the server runs.
    Backup(BackupConfig),
    /// Manage accounts from the command line (the very first admin).
    #[command(subcommand)]
    User(UserCommand),
    /// Erase the candidates' data that are due (--dry-run lists them); the server does it daily.
    Purge(PurgeConfig),
    /// The key of the candidates' documents.
    #[command(subcommand)]
    Key(KeyCommand),
    /// The candidates' documents.
    #[command(subcommand)]
    Documents(DocumentsCommand),
}

#[derive(Subcommand)]
enum KeyCommand {
    /// Print a new random key (64 hexadecimal characters) for MSP_DOCUMENT_KEY.
    Generate,
}

#[derive(Subcommand)]
enum DocumentsCommand {
    /// Re-encrypt every document with the current key, after a rotation.
    Reseal(ResealConfig),
}

#[derive(Subcommand)]
enum UserCommand {
    /// Invite a staff account and print its single-use link (valid 7 days).
    Add(UserAddConfig),
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    msp::telemetry::init(cli.log_format);
    let result = match cli.command {
        Command::Serve(config) => msp::cli::serve(*config).await,
        Command::Migrate(config) => msp::cli::migrate(config).await,
        Command::Demo(config) => msp::cli::demo(config).await,
        Command::Backup(config) => msp::cli::backup(config).await,
        Command::Export(config) => msp::cli::export(config).await,
        Command::Import(config) => msp::cli::import(config).await,
        Command::User(UserCommand::Add(config)) => msp::cli::user_add(config).await,
        Command::Purge(config) => msp::cli::purge(config).await,
        Command::Key(KeyCommand::Generate) => msp::cli::key_generate(),
        Command::Documents(DocumentsCommand::Reseal(config)) => msp::cli::documents_reseal(config).await,
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("Erreur : {error}");
            std::process::ExitCode::FAILURE
        }
    }
}
