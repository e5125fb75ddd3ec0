//! Mail: the messages the platform sends, in plain French, as text and HTML.
//!
//! - what each kind of message says: [`compose`], its bodies askama templates in `templates/mail/`;
//! - [`queue`]: a message is stored in the outbox, sealed with the documents' key
//!   (`Db::documents`), inside the caller's transaction, so it leaves only if what it tells
//!   happened; the caller wakes the worker after the commit;
//! - [`delivery`]: the outbox worker, and where mail goes (SMTP, files, memory for tests).

pub mod compose;
pub mod delivery;

use sqlx::AnyConnection;

pub use compose::{
    AddressCheck, Alert, AlertConfirmation, AlertOffer, ApplicationReceived, Compose, Digest, DigestLine,
    InactivityWarning, InterviewCancellation, InterviewInvitation, Invitation, MilestoneReminder, Notification,
    PanelInterview, PanelRelease, PasswordReset, SignupTaken, SubsidyReminder, TeamRequestConfirmation, Withdrawal,
    Written,
};
pub use delivery::{Mailer, MailerError, SentMail, deliver_due, run_worker};

use crate::db::outbox::{self, Concerns, NewMessage};
use crate::documents::DocumentCipher;

/// Stores the message to `to`, sealed, in the caller's transaction; it leaves once the
/// transaction commits and the worker runs. `concerns` says whose erasure deletes it.
pub async fn queue(
    conn: &mut AnyConnection, cipher: &DocumentCipher, to: &str, concerns: Concerns, mail: &dyn Compose,
) -> sqlx::Result<()> {
    // A template that cannot render is a message that cannot be stored.
    let render = |body: askama::Result<String>| body.map_err(|e| sqlx::Error::Encode(Box::new(e)));
    let (text, html) = (render(mail.text())?, render(mail.html())?);
    outbox::enqueue(
        conn,
        cipher,
        NewMessage {
            kind: mail.kind(),
            concerns,
            recipient: to,
            subject: &mail.subject(),
            body_text: &text,
            body_html: &html,
            attachment: mail.attachment(),
            list_unsubscribe: mail.list_unsubscribe(),
            reply_to: mail.reply_to(),
        },
    )
    .await?;
    Ok(())
}
