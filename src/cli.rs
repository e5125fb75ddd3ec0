//! The subcommands: each opens the database, does its work and reports in French.

use crate::config::{DatabaseConfig, ServeConfig, redact_password};
use crate::db::Db;
use crate::mail::Mailer;
use crate::{demo, web};

pub type CliResult = Result<(), Box<dyn std::error::Error>>;

async fn open(config: &DatabaseConfig) -> Result<Db, Box<dyn std::error::Error>> {
    let db = Db::connect(&config.url).await.map_err(|e| {
        format!(
            "impossible d'ouvrir la base de données {} : {e}",
            redact_password(&config.url)
        )
    })?;
    db.migrate().await.map_err(|e| format!("échec de la migration : {e}"))?;
    Ok(db)
}

pub async fn serve(config: ServeConfig) -> CliResult {
    let db = open(&config.database).await?;
    if config.demo {
        let loaded = demo::load_if_empty(&db).await?;
        tracing::info!(loaded, "données de démonstration");
    }
    let mail = &config.mail;
    let mailer = match &mail.smtp_url {
        Some(url) => Mailer::to_smtp(url, &mail.from)?,
        None => Mailer::to_folder(mail.outbox_dir.clone(), &mail.from)?,
    };
    web::serve(db, config, mailer).await?;
    Ok(())
}

pub async fn migrate(config: DatabaseConfig) -> CliResult {
    open(&config).await?;
    println!("La base de données est à jour.");
    Ok(())
}

pub async fn demo(config: DatabaseConfig) -> CliResult {
    let db = open(&config).await?;
    let loaded = demo::load(&db).await?;
    println!("{loaded} offres de démonstration chargées.");
    Ok(())
}
