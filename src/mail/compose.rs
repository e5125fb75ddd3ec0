//! The kinds of mail the platform sends. Each kind is a struct of what its message says, its
//! subject, and two askama templates, `templates/mail/<name>.txt` and `<name>.html` (the HTML is
//! escaped by askama). Most extend `mail/layout.{txt,html}`: "Bonjour," and the signature.
//!
//! A new kind: its struct in the file of what it is about (`accounts`, `applications`,
//! `notices`), `kind!` naming its code, its two templates and its subject, its snapshots in
//! `compose/tests.rs`.

use crate::db::outbox::Attachment;

/// A message's two bodies, rendered from its templates (see `bodies!`).
pub trait Bodies {
    /// The plain-text part.
    fn text(&self) -> askama::Result<String>;
    /// The HTML part.
    fn html(&self) -> askama::Result<String>;
}

/// A message ready to be queued: what it is, its subject, its bodies and what goes with them.
pub trait Compose: Bodies + Sync {
    /// What it is, kept after it is sent: "reinitialisation", "suivi", "invitation"…
    fn kind(&self) -> &str;
    fn subject(&self) -> String;
    /// A file sent with it (an interview's invitation).
    fn attachment(&self) -> Option<Attachment<'_>> {
        None
    }
    /// Where a mail program's one-click "unsubscribe" posts (RFC 8058), for alerts.
    fn list_unsubscribe(&self) -> Option<&str> {
        None
    }
    /// Where an answer goes (`Reply-To`) when the text invites one: the establishment's
    /// application address on decisions and interviews, since the platform sends from a
    /// no-reply address.
    fn reply_to(&self) -> Option<&str> {
        None
    }
}

/// Makes a struct a kind of mail: its code, its text and HTML templates, its subject, and what
/// goes with it (`attachment`, `unsubscribe`, `reply_to`), each from the message `m`.
macro_rules! kind {
    ($kind:ident: $code:literal, $text:literal, $html:literal,
     subject: |$s:pat_param| $subject:expr
     $(, attachment: |$a:pat_param| $attachment:expr)?
     $(, unsubscribe: |$u:pat_param| $unsubscribe:expr)?
     $(, reply_to: |$r:pat_param| $reply_to:expr)? $(,)?) => {
        bodies!($kind, $text, $html);

        impl $crate::mail::compose::Compose for $kind<'_> {
            fn kind(&self) -> &str {
                $code
            }
            fn subject(&self) -> String {
                let $s = self;
                $subject
            }
            $(fn attachment(&self) -> Option<$crate::db::outbox::Attachment<'_>> {
                let $a = self;
                $attachment
            })?
            $(fn list_unsubscribe(&self) -> Option<&str> {
                let $u = self;
                $unsubscribe
            })?
            $(fn reply_to(&self) -> Option<&str> {
                let $r = self;
                $reply_to
            })?
        }
    };
}

/// Binds a kind to its text and HTML templates: in them, `{{ link }}` reads the kind's field.
macro_rules! bodies {
    ($kind:ident, $text:literal, $html:literal) => {
        const _: () = {
            #[derive(askama::Template)]
            #[template(path = $text)]
            struct Text<'m, 'a>(&'m $kind<'a>);

            #[derive(askama::Template)]
            #[template(path = $html)]
            struct Html<'m, 'a>(&'m $kind<'a>);

            impl<'a> std::ops::Deref for Text<'_, 'a> {
                type Target = $kind<'a>;
                fn deref(&self) -> &$kind<'a> {
                    self.0
                }
            }

            impl<'a> std::ops::Deref for Html<'_, 'a> {
                type Target = $kind<'a>;
                fn deref(&self) -> &$kind<'a> {
                    self.0
                }
            }

            impl $crate::mail::compose::Bodies for $kind<'_> {
                fn text(&self) -> askama::Result<String> {
                    askama::Template::render(&Text(self))
                }
                fn html(&self) -> askama::Result<String> {
                    askama::Template::render(&Html(self))
                }
            }
        };
    };
}

mod accounts;
mod applications;
mod events;
mod notices;

pub use accounts::{AddressCheck, InactivityWarning, Invitation, PasswordReset, SignupTaken};
pub use applications::{
    ApplicationReceived, InterviewCancellation, InterviewInvitation, PanelInterview, PanelRelease, Withdrawal, Written,
};
pub use events::{Digest, DigestLine, Notification};
pub use notices::{Alert, AlertConfirmation, AlertOffer, MilestoneReminder, SubsidyReminder, TeamRequestConfirmation};

#[cfg(test)]
mod tests;
