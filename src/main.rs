//! `msp`: the command line. Parses it and hands over to the library.

use clap::{Parser, Subcommand};
use msp::config::{DatabaseConfig, DemoConfig, ServeConfig, UserAddConfig};

#[derive(Parser)]
#[command(name = "msp", version, about = "La plateforme du programme Médiateur de Santé-Pair")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Start the web server (the database is created and migrated when needed).
    Serve(ServeConfig),
    /// Apply the database migrations, then stop.
    Migrate(DatabaseConfig),
    /// Load the demonstration offers into the database (or synthetic ones: --synthetic N).
    Demo(DemoConfig),
    /// Manage accounts from the command line (the very first admin).
    #[command(subcommand)]
    User(UserCommand),
}

#[derive(Subcommand)]
enum UserCommand {
    /// Invite a staff account and print its single-use link (valid 7 days).
    Add(UserAddConfig),
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    msp::telemetry::init();
    let result = match Cli::parse().command {
        Command::Serve(config) => msp::cli::serve(config).await,
        Command::Migrate(config) => msp::cli::migrate(config).await,
        Command::Demo(config) => msp::cli::demo(config).await,
        Command::User(UserCommand::Add(config)) => msp::cli::user_add(config).await,
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("Erreur : {error}");
            std::process::ExitCode::FAILURE
        }
    }
}
