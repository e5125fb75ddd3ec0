//! Configuration: one typed struct from flags and environment variables, with defaults that
//! run on a fresh machine with nothing installed.

use std::fmt;
use std::net::SocketAddr;

use clap::Args;

mod oidc;
pub use oidc::{DEFAULT_SCOPES as DEFAULT_OIDC_SCOPES, OidcConfig, OidcSettings};

/// Where the data lives.
#[derive(Clone, Args)]
pub struct DatabaseConfig {
    /// Database URL: `sqlite://FILE` (created when missing) or `postgres://USER@HOST/DB`.
    #[arg(long = "database", env = "MSP_DATABASE_URL", default_value = "sqlite://msp.sqlite3")]
    pub url: String,
}

impl fmt::Debug for DatabaseConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DatabaseConfig")
            .field("url", &redact_password(&self.url))
            .finish()
    }
}

/// `msp demo`: the demonstration offers, or any number of synthetic ones.
#[derive(Clone, Debug, Args)]
pub struct DemoConfig {
    #[command(flatten)]
    pub database: DatabaseConfig,

    /// Instead of the demonstration offers, add N synthetic offers (fictitious establishments
    /// and contacts, real communes), as the benchmark does.
    #[arg(long, value_name = "N")]
    pub synthetic: Option<u32>,

    /// Seed of the synthetic offers: the same seed gives the same offers on the same day.
    #[arg(long, requires = "synthetic", default_value_t = crate::demo::synthetic::DEFAULT_SEED)]
    pub seed: u64,

    /// The demo accounts' second factors are sealed with the documents' key, which the server
    /// must share to open them.
    #[command(flatten)]
    pub documents: DocumentKeyConfig,
}

/// Everything `msp serve` needs.
#[derive(Clone, Debug, Args)]
pub struct ServeConfig {
    #[command(flatten)]
    pub database: DatabaseConfig,

    /// Address and port to listen on.
    #[arg(long, env = "MSP_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// The address the public reaches the site at, used in feeds and in search-engine markup
    /// (default: http:// and the listening address).
    #[arg(long, env = "MSP_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Load the demonstration data (offers when the board has none, one account per role) and
    /// print how to sign in as each; refuses a database holding data not made by the demo.
    #[arg(long)]
    pub demo: bool,

    #[command(flatten)]
    pub mail: MailConfig,

    /// Reverse proxies whose `X-Forwarded-For` header names the client, comma-separated
    /// addresses or CIDR ranges (e.g. `127.0.0.1,10.0.0.0/8`). Behind a proxy, without this,
    /// every visitor has the proxy's address: failed logins anywhere would slow everyone down.
    #[arg(long = "trusted-proxy", env = "MSP_TRUSTED_PROXY", value_delimiter = ',')]
    pub trusted_proxies: Vec<crate::web::client_ip::IpRange>,

    /// How many days the audit log keeps its entries.
    #[arg(long, env = "MSP_AUDIT_RETENTION_DAYS", default_value_t = 365)]
    pub audit_retention_days: u32,

    /// Monthly gross value of the civil service's index point, in euros, to show an offer's pay.
    #[arg(long, env = "MSP_INDEX_POINT_EUROS", default_value_t = crate::domain::fiche::pay::INDEX_POINT_MONTHLY_EUROS)]
    pub index_point_euros: f64,

    /// The accessibility conformity level (RGAA) every page states, as the latest audit found it:
    /// "partielle" by default, the team's own evaluation (see /accessibilite).
    #[arg(long, env = "MSP_ACCESSIBILITY", value_enum, default_value = "partielle")]
    pub accessibility: Conformity,

    /// The CCOMS's contact address, shown on /contact and in every page's footer, where the
    /// pages send whoever needs the programme's coordination (the demo's by default).
    #[arg(long = "contact-email", env = "MSP_CONTACT_EMAIL", default_value = DEFAULT_CONTACT_EMAIL, value_parser = contact_address)]
    pub contact_email: String,

    /// Megabytes of rendered public pages kept in memory for visitors not signed in (the most
    /// visited stay); 0 keeps none.
    #[arg(long, env = "MSP_PAGE_CACHE_MB", default_value_t = crate::web::page_cache::DEFAULT_MEGABYTES)]
    pub page_cache_mb: usize,

    /// Calls per minute one client address may make to the public `/api/v1` routes (offers,
    /// communes); 0 for no limit (a benchmark). API keys have their own limit.
    #[arg(long, env = "MSP_API_PUBLIC_PER_MINUTE", default_value_t = crate::web::rate_limit::PUBLIC_PER_MINUTE)]
    pub api_public_per_minute: u32,
    /// Lets establishments' webhooks use plain `http://` and addresses inside a network
    /// (loopback, private, link-local): for tests, never in production.
    #[arg(long, env = "MSP_WEBHOOKS_ALLOW_PRIVATE", default_value_t = false)]
    pub webhooks_allow_private: bool,

    #[command(flatten)]
    pub documents: DocumentKeyConfig,

    #[command(flatten)]
    pub retention: RetentionConfig,

    #[command(flatten)]
    pub oidc: OidcConfig,
}

/// The contact address when none is configured: the demonstration's.
pub const DEFAULT_CONTACT_EMAIL: &str = "coordination@msp.example";

fn contact_address(value: &str) -> Result<String, String> {
    crate::domain::account::Email::parse("contact", value)
        .map(|email| email.to_string())
        .map_err(|e| e.message)
}

/// The key that seals candidates' documents at rest (see docs/document-keys.md).
#[derive(Clone, Args)]
pub struct DocumentKeyConfig {
    /// Current key, 64 hexadecimal characters (`msp key generate` makes one). Without it, the
    /// key is read from the key file, which is created on first start.
    #[arg(long = "document-key", env = "MSP_DOCUMENT_KEY")]
    pub key: Option<String>,

    /// Older keys, comma-separated: they only open documents sealed before a rotation.
    #[arg(long = "document-old-keys", env = "MSP_DOCUMENT_OLD_KEYS", default_value = "")]
    pub old_keys: String,

    /// Where the key is kept when MSP_DOCUMENT_KEY is not set (created, readable by its owner only).
    #[arg(
        long = "document-key-file",
        env = "MSP_DOCUMENT_KEY_FILE",
        default_value = "msp-document.key"
    )]
    pub key_file: std::path::PathBuf,
}

impl fmt::Debug for DocumentKeyConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DocumentKeyConfig")
            .field("key", &self.key.as_ref().map(|_| "(masquée)"))
            .field("old_keys", &(!self.old_keys.is_empty()).then_some("(masquées)"))
            .field("key_file", &self.key_file)
            .finish()
    }
}

impl DocumentKeyConfig {
    /// The cipher from the configured key, or from the key file (made on first use).
    pub fn cipher(&self) -> Result<crate::documents::DocumentCipher, String> {
        let current = match &self.key {
            Some(key) => key.trim().to_string(),
            None => match std::fs::read_to_string(&self.key_file) {
                Ok(text) => text.trim().to_string(),
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                    let key = crate::documents::DocumentCipher::generate_key_hex();
                    write_private(&self.key_file, &key).map_err(|e| {
                        format!(
                            "impossible de créer le fichier de clé {} : {e}",
                            self.key_file.display()
                        )
                    })?;
                    tracing::warn!(file = %self.key_file.display(), "clé des documents créée : sauvegardez-la");
                    key
                }
                Err(error) => {
                    return Err(format!(
                        "fichier de clé {} illisible : {error}",
                        self.key_file.display()
                    ));
                }
            },
        };
        crate::documents::DocumentCipher::from_hex(&current, &self.old_keys).map_err(|e| e.to_string())
    }
}

/// Creates a file only its owner can read, never overwriting one.
fn write_private(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(text.as_bytes())
}

/// How long candidates' data are kept (CNIL 2023 recruitment guide).
#[derive(Clone, Copy, Debug, Args)]
pub struct RetentionConfig {
    /// Days an application refused or withdrawn keeps its data after the recruitment ends.
    #[arg(long, env = "MSP_APPLICATION_RETENTION_DAYS", default_value_t = 90)]
    pub application_retention_days: u32,

    /// Days a hired person's application keeps its data after the hire (the establishment keeps
    /// the CV and the letter in its personnel file; the MSP's record keeps name and address).
    #[arg(long, env = "MSP_HIRED_APPLICATION_RETENTION_DAYS", default_value_t = 90)]
    pub hired_application_retention_days: u32,

    /// Days the talent pool keeps an application after the last contact.
    #[arg(long, env = "MSP_TALENT_POOL_DAYS", default_value_t = 730)]
    pub talent_pool_days: u32,

    /// Days after the last activity an inactive candidate account is deleted (warned 30 days before).
    #[arg(long, env = "MSP_INACTIVE_ACCOUNT_DAYS", default_value_t = 730)]
    pub inactive_account_days: u32,
}

impl RetentionConfig {
    pub fn policy(&self) -> crate::domain::application::RetentionPolicy {
        crate::domain::application::RetentionPolicy {
            ended_days: i64::from(self.application_retention_days),
            hired_days: i64::from(self.hired_application_retention_days),
            talent_pool_days: i64::from(self.talent_pool_days),
            inactive_account_days: i64::from(self.inactive_account_days),
            ..Default::default()
        }
    }
}

/// An RGAA conformity level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Conformity {
    Non,
    Partielle,
    Totale,
}

impl Conformity {
    pub fn label(self) -> &'static str {
        match self {
            Conformity::Non => "non conforme",
            Conformity::Partielle => "partiellement conforme",
            Conformity::Totale => "totalement conforme",
        }
    }
}

/// How e-mail leaves.
#[derive(Clone, Args)]
pub struct MailConfig {
    /// SMTP server, e.g. `smtps://user:password@smtp.example.org:465`; without it, messages are
    /// written as `.eml` files into the outbox folder.
    #[arg(long = "smtp-url", env = "MSP_SMTP_URL")]
    pub smtp_url: Option<String>,

    /// Folder where messages are written when no SMTP server is configured.
    #[arg(long = "outbox-dir", env = "MSP_OUTBOX_DIR", default_value = "outbox")]
    pub outbox_dir: std::path::PathBuf,

    /// Sender of every message.
    #[arg(
        long = "mail-from",
        env = "MSP_MAIL_FROM",
        default_value = "Programme MSP <ne-pas-repondre@msp.localhost>"
    )]
    pub from: String,
}

impl fmt::Debug for MailConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MailConfig")
            .field("smtp_url", &self.smtp_url.as_deref().map(redact_password))
            .field("outbox_dir", &self.outbox_dir)
            .field("from", &self.from)
            .finish()
    }
}

impl ServeConfig {
    /// Cookies are `Secure` and `__Host-` prefixed, and HSTS is sent, when the site is public
    /// over HTTPS.
    pub fn https(&self) -> bool {
        self.base_url().starts_with("https://")
    }

    /// The public base URL without a trailing slash.
    pub fn base_url(&self) -> String {
        match &self.public_url {
            Some(url) => url.trim_end_matches('/').to_string(),
            None => format!("http://{}", self.listen),
        }
    }
}

/// `postgres://user:secret@host/db` → `postgres://user:***@host/db`, for logs and `Debug`.
pub fn redact_password(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        return url.to_string();
    };
    let rest = &url[scheme_end + 3..];
    let Some(at) = rest.find('@') else {
        return url.to_string();
    };
    match rest[..at].find(':') {
        Some(colon) => format!("{}{}:***{}", &url[..scheme_end + 3], &rest[..colon], &rest[at..]),
        None => url.to_string(),
    }
}

/// `msp user add`: who to invite, with which role and scope.
#[derive(Clone, Debug, Args)]
pub struct UserAddConfig {
    #[command(flatten)]
    pub database: DatabaseConfig,

    /// Role: admin, coordinator, recruiter, ars_officer, university or msp.
    #[arg(long)]
    pub role: String,

    /// E-mail address of the person.
    #[arg(long)]
    pub email: String,

    /// Scope, repeatable: `establishment:ID` (recruiter), `region:CODE` (ARS), `track:bobigny|bordeaux` (university).
    #[arg(long = "scope")]
    pub scopes: Vec<String>,

    /// The public address of the site, to build the link.
    #[arg(long, env = "MSP_PUBLIC_URL", default_value = "http://127.0.0.1:8080")]
    pub public_url: String,

    /// The invitation is queued sealed with the documents' key, which the server must share.
    #[command(flatten)]
    pub documents: DocumentKeyConfig,
}

/// What `msp backup` needs.
#[derive(Clone, Debug, Args)]
pub struct BackupConfig {
    #[command(flatten)]
    pub database: DatabaseConfig,

    /// The file to write the copy to; it must not exist yet.
    #[arg(long = "to")]
    pub to: std::path::PathBuf,
}

/// What `msp purge` needs.
#[derive(Clone, Debug, Args)]
pub struct PurgeConfig {
    #[command(flatten)]
    pub database: DatabaseConfig,

    #[command(flatten)]
    pub retention: RetentionConfig,

    /// List what would be erased, and erase nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// The site's public address, for the link in the warning e-mails.
    #[arg(long, env = "MSP_PUBLIC_URL", default_value = "http://127.0.0.1:8080")]
    pub public_url: String,

    /// Warnings are queued sealed, and erased people pseudonymised, with the documents' key.
    #[command(flatten)]
    pub documents: DocumentKeyConfig,
}

/// What `msp documents reseal` needs.
#[derive(Clone, Debug, Args)]
pub struct ResealConfig {
    #[command(flatten)]
    pub database: DatabaseConfig,

    #[command(flatten)]
    pub documents: DocumentKeyConfig,
}

/// What `msp export` and `msp import` need.
#[derive(Clone, Debug, Args)]
pub struct TransferConfig {
    #[command(flatten)]
    pub database: DatabaseConfig,

    /// The export file (written by `export`, read by `import`); standard output or input if absent.
    #[arg(long = "file")]
    pub file: Option<std::path::PathBuf>,
}

#[cfg(test)]
mod tests;
