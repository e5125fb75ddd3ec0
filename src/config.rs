//! Configuration: one typed struct from flags and environment variables, with defaults that
//! run on a fresh machine with nothing installed.

use std::fmt;
use std::net::SocketAddr;

use clap::Args;

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

    /// Load the demonstration data before serving (when the database has no offer yet).
    #[arg(long)]
    pub demo: bool,
}

impl ServeConfig {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_reach_the_logs() {
        assert_eq!(
            redact_password("postgres://msp:s3cret@db:5432/msp"),
            "postgres://msp:***@db:5432/msp"
        );
        assert_eq!(
            redact_password("postgres://postgres@127.0.0.1/test"),
            "postgres://postgres@127.0.0.1/test"
        );
        assert_eq!(redact_password("sqlite://msp.sqlite3"), "sqlite://msp.sqlite3");
        let config = DatabaseConfig {
            url: "postgres://a:b@c/d".into(),
        };
        assert!(!format!("{config:?}").contains(":b@"));
    }
}
