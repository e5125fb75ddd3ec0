//! The subcommands: each opens the database, does its work and reports in French.

use crate::accounts::{Grant, invite};
use crate::config::{
    BackupConfig, DatabaseConfig, DemoConfig, PurgeConfig, ResealConfig, ServeConfig, TransferConfig, UserAddConfig,
    redact_password,
};
use crate::db::audit::Actor;
use crate::db::{Db, applications};
use crate::domain::account::Email;
use crate::domain::role::{Role, ScopeKind};
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
    let documents = config.documents.cipher()?;
    let db = open(&config.database).await?.with_documents(documents.clone());
    db.check_writable().await.map_err(|e| {
        format!(
            "la base de données {} refuse l'écriture (fichier en lecture seule, disque plein ou serveur de secours ?) : {e}",
            redact_password(&config.database.url)
        )
    })?;
    seal_second_factors(&db, &documents).await?;
    let demo_accounts = if config.demo {
        let prepared = demo::prepare(&db, false).await?;
        tracing::info!(loaded = prepared.offers, "données de démonstration");
        Some(prepared.accounts)
    } else {
        None
    };
    let mail = &config.mail;
    let mailer = match &mail.smtp_url {
        Some(url) => Mailer::to_smtp(url, &mail.from)?,
        None => {
            tracing::warn!(
                folder = %mail.outbox_dir.display(),
                "courriels écrits en clair dans un dossier (.eml), liens secrets compris : réservé au développement, \
                 configurez MSP_SMTP_URL en production"
            );
            Mailer::to_folder(mail.outbox_dir.clone(), &mail.from)?
        }
    };
    if let Some(accounts) = &demo_accounts {
        // On the terminal only, never in the log: these secrets open the demonstration's accounts.
        println!("Démonstration : ouvrez {} dans votre navigateur.", config.base_url());
        println!("{}", demo::accounts::instructions(accounts, now_unix()));
    }
    web::serve(db, config, mailer, documents).await?;
    Ok(())
}

/// Seals the second factors' secrets still in clear (enrolled before migration 0018): once done,
/// a copy of the database gives nobody a staff member's codes.
async fn seal_second_factors(db: &Db, cipher: &crate::documents::DocumentCipher) -> CliResult {
    let mut conn = db.pool.acquire().await?;
    let done = crate::db::users::seal_totp_secrets(&mut conn, cipher).await?;
    if done.sealed > 0 {
        tracing::info!(count = done.sealed, "secrets de double authentification scellés");
    }
    if !done.unreadable.is_empty() {
        tracing::error!(
            accounts = ?done.unreadable,
            "secrets de double authentification illisibles avec les clés configurées : remettez l'ancienne clé \
             dans MSP_DOCUMENT_OLD_KEYS (docs/document-keys.md)"
        );
    }
    Ok(())
}

pub async fn migrate(config: DatabaseConfig) -> CliResult {
    open(&config).await?;
    println!("La base de données est à jour.");
    Ok(())
}

pub async fn demo(config: DemoConfig) -> CliResult {
    let db = open(&config.database).await?.with_documents(config.documents.cipher()?);
    match config.synthetic {
        None => {
            let prepared = demo::prepare(&db, true).await?;
            println!("{} offres de démonstration chargées.", prepared.offers);
            println!(
                "Pour l'explorer : msp serve --database {}, puis ouvrez http://127.0.0.1:8080 dans votre navigateur.",
                redact_password(&config.database.url)
            );
            println!("{}", demo::accounts::instructions(&prepared.accounts, now_unix()));
        }
        Some(count) => {
            let loaded = demo::synthetic::load(&db, count, config.seed).await?;
            println!("{loaded} offres synthétiques chargées (graine {}).", config.seed);
        }
    }
    Ok(())
}

/// Seconds since 1970, for the demonstration's current codes.
fn now_unix() -> u64 {
    time::OffsetDateTime::now_utc().unix_timestamp().try_into().unwrap_or(0)
}

/// Writes every row of every table as JSON lines.
pub async fn export(config: TransferConfig) -> CliResult {
    let db = open(&config.database).await?;
    let count = match &config.file {
        Some(path) => {
            let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
            let count = crate::db::transfer::export(&db, &mut out).await?;
            std::io::Write::flush(&mut out)?;
            count
        }
        None => crate::db::transfer::export(&db, &mut std::io::stdout().lock()).await?,
    };
    eprintln!("{count} lignes exportées.");
    Ok(())
}

/// Loads an export into a new, empty database (migrated first).
pub async fn import(config: TransferConfig) -> CliResult {
    let db = open(&config.database).await?;
    let count = match &config.file {
        Some(path) => crate::db::transfer::import(&db, std::io::BufReader::new(std::fs::File::open(path)?)).await?,
        None => crate::db::transfer::import(&db, std::io::stdin().lock()).await?,
    };
    println!("{count} lignes importées.");
    Ok(())
}

/// Copies an SQLite database with `VACUUM INTO`: a consistent snapshot, taken while the server
/// keeps serving. PostgreSQL has its own tool for this.
pub async fn backup(config: BackupConfig) -> CliResult {
    if config.to.exists() {
        return Err(format!("{} existe déjà : choisissez un nouveau fichier", config.to.display()).into());
    }
    let db = open(&config.database).await?;
    if db.backend != crate::db::Backend::Sqlite {
        return Err("pour PostgreSQL, utilisez pg_dump (voir le README) : msp backup copie une base SQLite".into());
    }
    db.backup_to(&config.to.display().to_string()).await?;
    println!("Copie écrite dans {}.", config.to.display());
    Ok(())
}

/// Invites a staff account and prints the link; the person chooses their own password.
pub async fn user_add(config: UserAddConfig) -> CliResult {
    let role = Role::parse(&config.role)
        .filter(|r| r.is_staff())
        .ok_or("rôle inconnu : admin, coordinator, recruiter, ars_officer, university ou msp")?;
    let email = Email::parse("email", &config.email).map_err(|e| e.message)?;
    let mut scopes = Vec::new();
    for scope in &config.scopes {
        let (kind, value) = scope
            .split_once(':')
            .ok_or("une portée s'écrit TYPE:VALEUR, par exemple region:11")?;
        let kind = ScopeKind::parse(kind).ok_or("type de portée inconnu : establishment, region ou track")?;
        if Some(kind) != role.scope_kind() {
            return Err(format!("le rôle {} n'a pas de portée {}", role.as_str(), kind.as_str()).into());
        }
        scopes.push((kind.as_str().to_string(), value.to_string()));
    }
    if role.scope_kind().is_some() && scopes.is_empty() {
        return Err(format!("le rôle {} demande une portée (--scope)", role.as_str()).into());
    }
    let cipher = config.documents.cipher()?;
    let db = open(&config.database).await?;
    let mut tx = db.begin().await?;
    let actor = Actor {
        id: None,
        email: "(ligne de commande)".into(),
        ip: "-".into(),
    };
    let link = invite(
        &mut tx,
        &cipher,
        &actor,
        &email,
        &Grant { role, scopes },
        config.public_url.trim_end_matches('/'),
    )
    .await?;
    tx.commit().await?;
    println!(
        "Invitation créée pour {email} ({}). Lien à usage unique, valable 7 jours :\n{link}",
        role.label()
    );
    Ok(())
}

/// Forgets what is due (ended applications, inactive accounts), or with `--dry-run` lists it.
/// The warning e-mails are stored in the outbox; a running server sends them.
pub async fn purge(config: PurgeConfig) -> CliResult {
    let db = open(&config.database).await?.with_documents(config.documents.cipher()?);
    let policy = config.retention.policy();
    let now = time::OffsetDateTime::now_utc();
    if config.dry_run {
        let mut conn = db.pool.acquire().await?;
        let plan = crate::retention::plan(&mut conn, &policy, now).await?;
        println!(
            "Candidatures dont les données seraient effacées : {}",
            plan.applications.len()
        );
        for (id, title, why) in &plan.applications {
            println!("  candidature n° {id} ({title}) : {why}");
        }
        println!("Comptes inactifs à avertir : {}", plan.warnings.len());
        for (id, _) in &plan.warnings {
            println!("  compte n° {id}");
        }
        println!("Comptes inactifs à effacer : {}", plan.deletions.len());
        for (id, _) in &plan.deletions {
            println!("  compte n° {id}");
        }
        println!("Membres du vivier à oublier : {}", plan.pool_members);
        println!("Rien n'a été effacé (--dry-run).");
        return Ok(());
    }
    let report = crate::retention::run(&db, &policy, now, config.public_url.trim_end_matches('/')).await?;
    println!("{}", report.summary());
    Ok(())
}

/// Prints a new random key for the candidates' documents.
pub fn key_generate() -> CliResult {
    println!("{}", crate::documents::DocumentCipher::generate_key_hex());
    Ok(())
}

/// Re-seals every document with the current key, after a rotation (docs/document-keys.md).
pub async fn documents_reseal(config: ResealConfig) -> CliResult {
    let cipher = config.documents.cipher()?;
    let db = open(&config.database).await?;
    let mut conn = db.pool.acquire().await?;
    let mut count = 0;
    for table in applications::SEALED_TABLES {
        for document in applications::sealed_with_other_key(&mut conn, table, cipher.current_key_id()).await? {
            let plain = cipher
                .open(&document.key_id, &document.sealed, &document.kind)
                .map_err(|_| {
                    let id = document.id;
                    format!("document n° {id} ({table}) : aucune clé configurée ne l'ouvre (MSP_DOCUMENT_OLD_KEYS ?)")
                })?;
            let resealed = cipher.seal(&plain, &document.kind);
            applications::replace_seal(&mut conn, table, document.id, &document.key_id, resealed).await?;
            count += 1;
        }
    }
    applications::delete_drafts_sealed_with_other_key(&mut conn, cipher.current_key_id()).await?;
    let mail = crate::db::outbox::reseal(&mut conn, &cipher).await?;
    let webhooks = crate::db::webhooks::reseal(&mut conn, &cipher).await?;
    let second_factors = crate::db::users::seal_totp_secrets(&mut conn, &cipher).await?;
    if let Some(id) = second_factors.unreadable.first() {
        return Err(
            format!("compte n° {id} : aucune clé configurée n'ouvre son secret de double authentification").into(),
        );
    }
    println!(
        "{count} document(s), {mail} courriel(s) en attente, {webhooks} secret(s) de webhook et {} secret(s) \
         de double authentification rescellé(s) avec la clé actuelle ({}).",
        second_factors.sealed,
        cipher.current_key_id()
    );
    Ok(())
}
