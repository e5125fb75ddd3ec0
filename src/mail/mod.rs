//! Mail: what a message is and how it is queued ([`queue`], [`queue_written`]), inside the
//! caller's transaction; how it leaves ([`delivery`]).
//!
//! The messages the platform sends, in plain French, as text and HTML. They are stored in the
//! outbox, sealed with the documents' key (`Db::documents`), in the caller's transaction; the
//! worker is woken after the commit.

pub mod delivery;

pub use delivery::{Mailer, MailerError, SentMail, deliver_due, run_worker};

use sqlx::AnyConnection;

use crate::db::outbox::{self, Concerns, NewMessage};
use crate::documents::DocumentCipher;

/// A message: a subject, paragraphs, and at most one link with its label.
pub struct Mail<'a> {
    /// What it is, kept after it is sent: "reinitialisation", "suivi", "invitation"…
    pub kind: &'a str,
    /// Whom it is to or about: their erasure deletes it.
    pub concerns: Concerns,
    pub to: &'a str,
    pub subject: &'a str,
    pub paragraphs: &'a [&'a str],
    pub link: Option<(&'a str, &'a str)>,
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Stores the message; it leaves once the transaction commits and the worker runs.
pub async fn queue(conn: &mut AnyConnection, cipher: &DocumentCipher, mail: Mail<'_>) -> sqlx::Result<()> {
    let mut text = String::from("Bonjour,\n\n");
    let mut html = String::from("<!doctype html><html lang=\"fr\"><body><p>Bonjour,</p>");
    for paragraph in mail.paragraphs {
        text.push_str(paragraph);
        text.push_str("\n\n");
        html.push_str(&format!("<p>{}</p>", escape(paragraph)));
    }
    if let Some((label, url)) = mail.link {
        text.push_str(&format!("{label} :\n{url}\n\n"));
        html.push_str(&format!("<p><a href=\"{}\">{}</a></p>", escape(url), escape(label)));
    }
    let signature = "Le programme Médiateur de santé-pair\n(message automatique : merci de ne pas y répondre)";
    text.push_str(signature);
    html.push_str(&format!(
        "<p>{}</p></body></html>",
        escape(signature).replace('\n', "<br>")
    ));
    outbox::enqueue(
        conn,
        cipher,
        NewMessage {
            kind: mail.kind,
            concerns: mail.concerns,
            recipient: mail.to,
            subject: mail.subject,
            body_text: &text,
            body_html: &html,
            attachment: None,
            list_unsubscribe: None,
        },
    )
    .await?;
    Ok(())
}

/// A message written in full by a person (a decision from a template the recruiter may have
/// edited), with an optional attachment: its text is sent as written.
pub struct Written<'a> {
    pub kind: &'a str,
    pub concerns: Concerns,
    pub to: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    pub attachment: Option<outbox::Attachment<'a>>,
}

/// Stores a written message, sealed.
pub async fn queue_written(conn: &mut AnyConnection, cipher: &DocumentCipher, mail: Written<'_>) -> sqlx::Result<()> {
    let mut html = String::from("<!doctype html><html lang=\"fr\"><body>");
    for paragraph in mail.body.split("\n\n") {
        html.push_str(&format!("<p>{}</p>", escape(paragraph).replace('\n', "<br>")));
    }
    html.push_str("</body></html>");
    outbox::enqueue(
        conn,
        cipher,
        NewMessage {
            kind: mail.kind,
            concerns: mail.concerns,
            recipient: mail.to,
            subject: mail.subject,
            body_text: mail.body,
            body_html: &html,
            attachment: mail.attachment,
            list_unsubscribe: None,
        },
    )
    .await?;
    Ok(())
}
