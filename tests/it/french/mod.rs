//! French as people read it (issue 19): establishments named with their article, dates and
//! times in French and Paris time, the audit log in sentences, counts with their plural, pages
//! past the last one, and the session's warning only when the session is about to end.

mod dates;
mod establishments;
mod links;
mod pages;
mod session;
