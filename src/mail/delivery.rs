//! Delivering e-mail: SMTP when configured; by default `.eml` files in an outbox folder, so that
//! sign-up and reset work on a fresh machine (for development only: those files hold every
//! message in clear, links included, and nothing deletes them); in memory for tests. Messages reach a transport
//! only through the stored outbox (`db::outbox`) and its worker, [`deliver_due`].

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use lettre::message::header::ContentType;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::db::{Db, outbox};

/// A message as it left: what tests read back.
#[derive(Debug, Clone)]
pub struct SentMail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// (file name, content) of the attached file, if any.
    pub attachment: Option<(String, String)>,
    pub list_unsubscribe: Option<String>,
    pub reply_to: Option<String>,
}

#[derive(Clone)]
enum Transport {
    Files(AsyncFileTransport<Tokio1Executor>),
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Memory(Arc<Mutex<Vec<SentMail>>>),
}

/// Where mail goes, and from whom it comes.
#[derive(Clone)]
pub struct Mailer {
    transport: Transport,
    from: Mailbox,
    /// Wakes the delivery worker as soon as a message is stored.
    pub wake: Arc<tokio::sync::Notify>,
}

#[derive(Debug, thiserror::Error)]
pub enum MailerError {
    #[error("adresse d'expéditeur invalide : {0}")]
    From(String),
    #[error("adresse SMTP invalide : {0}")]
    Smtp(String),
    #[error("dossier d'envoi inutilisable : {0}")]
    Folder(std::io::Error),
}

impl Mailer {
    fn new(transport: Transport, from: &str) -> Result<Mailer, MailerError> {
        let from = from
            .parse()
            .map_err(|e: lettre::address::AddressError| MailerError::From(e.to_string()))?;
        Ok(Mailer {
            transport,
            from,
            wake: Arc::new(tokio::sync::Notify::new()),
        })
    }

    /// `.eml` files in `folder` (created when missing). For development: the files keep every
    /// message in clear, secret links included, until someone deletes them.
    pub fn to_folder(folder: PathBuf, from: &str) -> Result<Mailer, MailerError> {
        std::fs::create_dir_all(&folder).map_err(MailerError::Folder)?;
        Mailer::new(Transport::Files(AsyncFileTransport::new(folder)), from)
    }

    /// An SMTP server, e.g. `smtps://user:password@smtp.example.org` or `smtp://localhost:25`.
    pub fn to_smtp(url: &str, from: &str) -> Result<Mailer, MailerError> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| MailerError::Smtp(e.to_string()))?
            .build();
        Mailer::new(Transport::Smtp(transport), from)
    }

    /// Kept in memory; the vector is shared with the caller.
    pub fn in_memory(from: &str) -> (Mailer, Arc<Mutex<Vec<SentMail>>>) {
        let sent = Arc::new(Mutex::new(Vec::new()));
        (
            Mailer::new(Transport::Memory(sent.clone()), from).expect("a valid sender"),
            sent,
        )
    }

    async fn send(&self, message: &outbox::Message) -> Result<(), String> {
        if let Transport::Memory(sent) = &self.transport {
            sent.lock().expect("not poisoned").push(SentMail {
                to: message.recipient.clone(),
                subject: message.subject.clone(),
                text: message.body_text.clone(),
                html: message.body_html.clone(),
                attachment: (!message.attachment_name.is_empty())
                    .then(|| (message.attachment_name.clone(), message.attachment_body.clone())),
                list_unsubscribe: message.list_unsubscribe.clone(),
                reply_to: message.reply_to.clone(),
            });
            return Ok(());
        }
        let email = self.build(message)?;
        match &self.transport {
            Transport::Files(files) => files.send(email).await.map(|_| ()).map_err(|e| e.to_string()),
            Transport::Smtp(smtp) => smtp.send(email).await.map(|_| ()).map_err(|e| e.to_string()),
            Transport::Memory(_) => unreachable!("handled above"),
        }
    }

    /// The message as it leaves: text and HTML, and for an alert its unsubscribe headers.
    fn build(&self, message: &outbox::Message) -> Result<Message, String> {
        let to: Mailbox = message
            .recipient
            .parse()
            .map_err(|e: lettre::address::AddressError| e.to_string())?;
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(&message.subject)
            // lettre adds `Date` itself; a `Message-ID` under our own domain, not the host's
            // name, the same at every attempt (spam filters penalise mail without one).
            .message_id(
                (!message.message_id.is_empty())
                    .then(|| format!("<{}@{}>", message.message_id, self.from.email.domain())),
            );
        if let Some(reply_to) = &message.reply_to {
            let reply_to: Mailbox = reply_to
                .parse()
                .map_err(|e: lettre::address::AddressError| e.to_string())?;
            builder = builder.reply_to(reply_to);
        }
        if let Some(url) = &message.list_unsubscribe {
            // RFC 2369 and RFC 8058: mail programs show an "unsubscribe" button that POSTs here.
            builder = builder
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe"),
                    format!("<{url}>"),
                ))
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                    "List-Unsubscribe=One-Click".into(),
                ));
        }
        let body = MultiPart::alternative_plain_html(message.body_text.clone(), message.body_html.clone());
        let body = if message.attachment_name.is_empty() {
            body
        } else {
            let media_type = ContentType::parse(&message.attachment_type).map_err(|e| e.to_string())?;
            MultiPart::mixed().multipart(body).singlepart(
                lettre::message::Attachment::new(message.attachment_name.clone())
                    .body(message.attachment_body.clone(), media_type),
            )
        };
        builder.multipart(body).map_err(|e| e.to_string())
    }
}

/// Delivers the messages that are due; returns how many left. Safe to run on several instances
/// at once: each message is claimed by one. A message is opened only here, just before it leaves.
pub async fn deliver_due(db: &Db, mailer: &Mailer) -> sqlx::Result<usize> {
    let cipher = db.documents()?;
    let mut conn = db.pool.acquire().await?;
    let claimed = outbox::claim_due(&mut conn, cipher, 20).await?;
    let mut sent = 0;
    for message in claimed {
        let (error, permanent) = match &message.message {
            Ok(content) => match mailer.send(content).await {
                Ok(()) => {
                    outbox::mark_sent(&mut conn, message.id).await?;
                    sent += 1;
                    continue;
                }
                Err(error) => (outbox::scrub(&error, &content.recipient), false),
            },
            Err(error) => (error.clone(), true),
        };
        // The recipient's address is personal data: the log names the message, not them.
        match outbox::mark_failed(&mut conn, &message, &error, permanent).await? {
            outbox::Failure::WillRetry => {
                tracing::warn!(message = message.id, %error, "mail delivery failed, will retry")
            }
            outbox::Failure::Abandoned => {
                tracing::error!(message = message.id, %error, "mail abandoned, its content dropped")
            }
        }
    }
    Ok(sent)
}

/// The delivery worker: runs when woken and at least every 30 seconds, until the process ends.
pub async fn run_worker(db: Db, mailer: Mailer) {
    loop {
        if let Err(error) = deliver_due(&db, &mailer).await {
            tracing::error!(%error, "mail worker failed");
        }
        let _ = tokio::time::timeout(std::time::Duration::from_secs(30), mailer.wake.notified()).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(list_unsubscribe: Option<&str>) -> outbox::Message {
        outbox::Message {
            recipient: "alex@exemple.fr".into(),
            subject: "Nouvelle offre".into(),
            body_text: "Bonjour".into(),
            body_html: "<p>Bonjour</p>".into(),
            attachment_name: String::new(),
            attachment_type: String::new(),
            attachment_body: String::new(),
            list_unsubscribe: list_unsubscribe.map(str::to_string),
            reply_to: None,
            message_id: "abc123".into(),
        }
    }

    #[test]
    fn an_invitation_travels_as_an_attachment_beside_the_text() {
        let (mailer, _) = Mailer::in_memory("MSP <ne-pas-repondre@msp.test>");
        let mut invitation = message(None);
        invitation.attachment_name = "entretien.ics".into();
        invitation.attachment_type = "text/calendar; charset=utf-8; method=REQUEST".into();
        invitation.attachment_body = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n".into();
        let raw = String::from_utf8(mailer.build(&invitation).unwrap().formatted()).unwrap();
        assert!(raw.contains("multipart/mixed"), "{raw}");
        assert!(raw.contains("filename=\"entretien.ics\""), "{raw}");
        assert!(raw.contains("text/calendar"), "{raw}");
        assert!(!raw.contains("List-Unsubscribe"), "{raw}");
    }

    #[test]
    fn every_mail_has_a_date_and_its_own_message_id_and_a_reply_to_when_one_is_invited() {
        let (mailer, _) = Mailer::in_memory("MSP <ne-pas-repondre@msp.test>");
        let raw = String::from_utf8(mailer.build(&message(None)).unwrap().formatted()).unwrap();
        assert!(raw.contains("Message-ID: <abc123@msp.test>\r\n"), "{raw}");
        assert!(raw.contains("\r\nDate: "), "{raw}");
        assert!(!raw.contains("Reply-To"), "{raw}");
        let mut decision = message(None);
        decision.reply_to = Some("recrutement@ch-exemple.fr".into());
        let raw = String::from_utf8(mailer.build(&decision).unwrap().formatted()).unwrap();
        assert!(raw.contains("Reply-To: recrutement@ch-exemple.fr\r\n"), "{raw}");
    }

    #[test]
    fn alerts_carry_a_one_click_unsubscribe_header_and_other_mail_does_not() {
        let (mailer, _) = Mailer::in_memory("MSP <ne-pas-repondre@msp.test>");
        let url = "https://msp.example/alertes/desabonnement?jeton=abc";
        let raw = String::from_utf8(mailer.build(&message(Some(url))).unwrap().formatted()).unwrap();
        assert!(raw.contains(&format!("List-Unsubscribe: <{url}>\r\n")), "{raw}");
        assert!(
            raw.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"),
            "{raw}"
        );
        let raw = String::from_utf8(mailer.build(&message(None)).unwrap().formatted()).unwrap();
        assert!(!raw.contains("List-Unsubscribe"));
    }
}
