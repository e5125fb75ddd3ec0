//! The errors of a submitted form, gathered field by field so that the form comes back with
//! every message next to its field at once.

use super::FieldError;

/// The errors of a submitted form, each for its field.
#[derive(Debug, Clone, Default)]
pub struct FormErrors {
    pub list: Vec<FieldError>,
}

impl FormErrors {
    /// The errors of a form refused for one reason.
    pub fn one(field: &'static str, message: impl Into<String>) -> FormErrors {
        FormErrors {
            list: vec![FieldError::new(field, message)],
        }
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.list.iter().find(|e| e.field == field).map(|e| e.message.as_str())
    }

    /// Keeps the error, if any, and the value, if valid.
    pub fn check<T>(&mut self, result: Result<T, FieldError>) -> Option<T> {
        result.map_err(|e| self.list.push(e)).ok()
    }

    pub fn add(&mut self, field: &'static str, message: impl Into<String>) {
        self.list.push(FieldError::new(field, message));
    }
}
