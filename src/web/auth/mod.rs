//! Who is asking: the session behind the cookie, the gate every route passes through, and the
//! CSRF check of every form that changes something.
//!
//! Only two cookies exist, both `HttpOnly` and `SameSite=Lax` (`Secure` and `__Host-` prefixed
//! over HTTPS): the session token and the CSRF token. A form carries the CSRF token in a hidden
//! field; [`CsrfForm`] refuses a request whose field does not match the cookie before the
//! handler runs, so a forged request has no effect.

mod cookies;
mod form;
mod gate;
mod identify;
mod visitor;

pub use cookies::{clear_session_cookie, cookie_names, session_cookie};
pub use form::{CsrfForm, safe_next};
pub use gate::{Access, gate, second_factor_page};
pub use identify::identify;
pub use visitor::{CurrentUser, EnrollingUser, SignedIn, Visitor};
