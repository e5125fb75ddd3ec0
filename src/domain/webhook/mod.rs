//! Establishments' webhooks (issue 25): which events they may receive, which addresses they may
//! be sent to, when a failed delivery is tried again, and how a request is signed. No I/O here:
//! the address's name is resolved by the caller, which asks [`forbidden_ip`] of each answer.
//!
//! Signatures follow the Standard Webhooks scheme (<https://www.standardwebhooks.com>), so that
//! receivers can use its libraries: the secret is shown as `whsec_` and the base64 of 32 random
//! bytes, and `Webhook-Signature` is `v1,` and the base64 of HMAC-SHA256 over
//! `{Webhook-Id}.{Webhook-Timestamp}.{body}`, keyed with those bytes.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use time::Duration;

use super::FieldError;
use super::event::EventKind;

/// The events an establishment's systems may be told of: what concerns its offers and the
/// applications to them.
pub const KINDS: [EventKind; 5] = [
    EventKind::ApplicationReceived,
    EventKind::ApplicationWithdrawn,
    EventKind::FichePublished,
    EventKind::FicheCorrectionAsked,
    EventKind::FicheClosed,
];

/// The type a receiver reads in the payload for each kind, and for the test event: French, like
/// the API's field names.
pub fn event_type(kind: Option<EventKind>) -> &'static str {
    match kind {
        Some(EventKind::ApplicationReceived) => "candidature.recue",
        Some(EventKind::ApplicationWithdrawn) => "candidature.retiree",
        Some(EventKind::FichePublished) => "fiche.publiee",
        Some(EventKind::FicheCorrectionAsked) => "fiche.a_corriger",
        Some(EventKind::FicheClosed) => "fiche.close",
        _ => "test",
    }
}

/// The wait after each failed attempt; after the last, the delivery is given up (about 33
/// hours after the event, seven attempts in all).
pub const BACKOFF: [Duration; 6] = [
    Duration::minutes(1),
    Duration::minutes(5),
    Duration::minutes(30),
    Duration::hours(2),
    Duration::hours(6),
    Duration::hours(24),
];

/// How long to wait after `attempts` failed attempts, or `None` to give up.
pub fn retry_after(attempts: i64) -> Option<Duration> {
    usize::try_from(attempts - 1).ok().and_then(|i| BACKOFF.get(i)).copied()
}

/// How long a worker holds an attempt it claimed: more than the request's timeout, so that a
/// claim only lapses when its worker died.
pub const CLAIM: Duration = Duration::minutes(2);

/// The attempts log is kept this long, like the other technical logs of a delivery.
pub const LOG_DAYS: i64 = 90;

/// A new signing secret: 32 random bytes.
pub fn new_secret() -> [u8; 32] {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system provides randomness");
    bytes
}

/// The secret as shown once to the recruiter, in the Standard Webhooks form.
pub fn secret_text(secret: &[u8]) -> String {
    format!("whsec_{}", BASE64.encode(secret))
}

/// `Webhook-Signature` for a request.
pub fn signature(secret: &[u8], id: &str, timestamp: i64, body: &str) -> String {
    let signed = format!("{id}.{timestamp}.{body}");
    let mac = crate::secrets::hmac_sha256(secret, signed.as_bytes());
    format!("v1,{}", BASE64.encode(mac))
}

/// Loopback, private, link-local, unique-local, shared, unspecified, broadcast or multicast:
/// addresses inside someone's network, which a webhook must not make the server reach.
pub fn forbidden_ip(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => forbidden_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => forbidden_v4(v4),
            None => forbidden_v6(v6),
        },
    }
}

fn forbidden_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || a == 0
        // Carrier-grade NAT (100.64.0.0/10), inside an operator's network.
        || (a == 100 && (64..128).contains(&b))
}

fn forbidden_v6(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    ip.is_loopback()
        || ip.is_unspecified()
        || ip.is_multicast()
        // Unique local (fc00::/7) and link-local (fe80::/10).
        || (first & 0xfe00) == 0xfc00
        || (first & 0xffc0) == 0xfe80
        // IPv4-compatible (::a.b.c.d, deprecated) reaches the IPv4 address.
        || (ip.segments()[..6].iter().all(|s| *s == 0) && forbidden_v4(Ipv4Addr::from_bits(ip.to_bits() as u32)))
}

/// Where an address's host points, once parsed: an IP address, or a name to resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Host {
    Ip(IpAddr),
    Name(String),
}

/// The address a recruiter typed, checked but for its name's resolution: `https://` (or, when
/// `allow_private`, `http://`), a host, no user or password in it, and not an address inside a
/// network. Returns the address as it will be called, and its host.
pub fn check_address(text: &str, allow_private: bool) -> Result<(String, Host), FieldError> {
    let refuse = |message: &str| FieldError::new("url", message);
    let text = text.trim();
    if text.is_empty() {
        return Err(refuse("Indiquez l'adresse qui recevra les événements."));
    }
    let url = reqwest::Url::parse(text)
        .map_err(|_| refuse("Cette adresse n'est pas valide : elle commence par https:// suivi du nom du serveur."))?;
    let scheme_ok = url.scheme() == "https" || (allow_private && url.scheme() == "http");
    if !scheme_ok {
        return Err(refuse(
            "L'adresse doit commencer par https:// : les événements ne circulent que chiffrés.",
        ));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(refuse(
            "Retirez l'identifiant et le mot de passe de l'adresse : la signature suffit à authentifier les envois.",
        ));
    }
    let private = "Cette adresse mène à un réseau privé ou à la machine elle-même : indiquez une adresse publique.";
    let host = match url.host_str().filter(|h| !h.is_empty()) {
        Some(host) => match host.trim_start_matches('[').trim_end_matches(']').parse::<IpAddr>() {
            Ok(ip) => Host::Ip(ip),
            Err(_) => Host::Name(host.to_ascii_lowercase()),
        },
        None => return Err(refuse("Cette adresse n'a pas de nom de serveur.")),
    };
    if !allow_private {
        let inside = match &host {
            Host::Ip(ip) => forbidden_ip(*ip),
            Host::Name(name) => name == "localhost" || name.ends_with(".localhost") || name.ends_with(".local"),
        };
        if inside {
            return Err(refuse(private));
        }
    }
    if url.as_str().len() > 2000 {
        return Err(refuse("Cette adresse est trop longue (2 000 caractères au plus)."));
    }
    Ok((url.to_string(), host))
}

/// The message next to the field when the name resolves inside a network.
pub const RESOLVES_INSIDE: &str =
    "Ce nom de serveur mène à un réseau privé ou à la machine elle-même : indiquez une adresse publique.";

/// The message when the name does not resolve.
pub const UNKNOWN_NAME: &str = "Ce nom de serveur est introuvable : vérifiez l'adresse.";

/// What a delivery's payload says: ids and links, never a person's name, address, document or
/// answer.
pub struct Payload<'a> {
    pub id: &'a str,
    pub source: &'a str,
    pub kind: Option<EventKind>,
    pub occurred_at: &'a str,
    pub establishment_id: i64,
    pub fiche_id: Option<i64>,
    /// The offer's public page, when it has one.
    pub fiche_link: Option<String>,
    pub application_id: Option<i64>,
    /// The application's page for the recruiters.
    pub application_link: Option<String>,
}

impl Payload<'_> {
    pub fn to_json(&self) -> String {
        serde_json::json!({
            "id": self.id,
            "source": self.source,
            "type": event_type(self.kind),
            "survenu_le": self.occurred_at,
            "data": {
                "etablissement_id": self.establishment_id,
                "fiche_id": self.fiche_id,
                "fiche_lien": self.fiche_link,
                "candidature_id": self.application_id,
                "candidature_lien": self.application_link,
            }
        })
        .to_string()
    }
}

#[cfg(test)]
mod tests;
