//! SQL text built piece by piece, for queries whose shape depends on the filters given.

use sqlx::any::AnyArguments;
use sqlx::query::{Query, QueryAs};
use sqlx::{Any, AssertSqlSafe, Executor};

/// A value bound to a placeholder of a [`Sql`] being built.
#[derive(Debug, Clone)]
pub enum Value {
    Text(String),
    Int(i64),
}

/// SQL text assembled piece by piece with numbered `$N` placeholders, for queries whose shape
/// depends on the filters given. Values are always bound, never spliced into the text.
#[derive(Debug, Clone, Default)]
pub struct Sql {
    text: String,
    values: Vec<Value>,
}

impl Sql {
    pub fn new(text: &str) -> Sql {
        Sql {
            text: text.to_string(),
            values: Vec::new(),
        }
    }

    pub fn push(&mut self, text: &str) -> &mut Sql {
        self.text.push_str(text);
        self
    }

    /// Appends a placeholder for `value`.
    pub fn bind(&mut self, value: Value) -> &mut Sql {
        self.values.push(value);
        self.text.push('$');
        self.text.push_str(&self.values.len().to_string());
        self
    }

    /// Appends `(…)` with a placeholder for each value, for `IN` (the caller handles an empty list:
    /// `IN ()` is not SQL).
    pub fn bind_list(&mut self, values: impl IntoIterator<Item = Value>) -> &mut Sql {
        self.text.push('(');
        for (i, value) in values.into_iter().enumerate() {
            if i > 0 {
                self.text.push_str(", ");
            }
            self.bind(value);
        }
        self.text.push(')');
        self
    }

    /// ` AND {column} IN (…)`: only the rows whose column is one of `allowed`, and none when
    /// the list is empty (`IN ()` is not SQL, so a false condition instead).
    pub fn push_one_of(&mut self, column: &str, allowed: Vec<Value>) -> &mut Sql {
        if allowed.is_empty() {
            self.push(" AND 1 = 0")
        } else {
            self.push(&format!(" AND {column} IN ")).bind_list(allowed)
        }
    }

    /// Appends another piece whose placeholders were numbered from 1, renumbering them.
    pub fn append(&mut self, other: &Sql) -> &mut Sql {
        let shift = self.values.len();
        let mut rest = other.text.as_str();
        while let Some(at) = rest.find('$') {
            self.text.push_str(&rest[..at]);
            let digits = rest[at + 1..].chars().take_while(char::is_ascii_digit).count();
            let n: usize = rest[at + 1..at + 1 + digits].parse().expect("a placeholder number");
            self.text.push('$');
            self.text.push_str(&(n + shift).to_string());
            rest = &rest[at + 1 + digits..];
        }
        self.text.push_str(rest);
        self.values.extend(other.values.iter().cloned());
        self
    }

    pub fn query(&self) -> Query<'_, Any, AnyArguments> {
        // Values are bound; the text only ever holds code-written SQL and placeholders.
        let mut query = sqlx::query(AssertSqlSafe(self.text.clone()));
        for value in &self.values {
            query = match value {
                Value::Text(s) => query.bind(s.clone()),
                Value::Int(i) => query.bind(*i),
            };
        }
        query
    }

    pub fn query_as<T>(&self) -> QueryAs<'_, Any, T, AnyArguments>
    where
        T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow>,
    {
        let mut query = sqlx::query_as::<_, T>(AssertSqlSafe(self.text.clone()));
        for value in &self.values {
            query = match value {
                Value::Text(s) => query.bind(s.clone()),
                Value::Int(i) => query.bind(*i),
            };
        }
        query
    }
}

impl Sql {
    /// Every row read as `R`, then turned into the domain's `T`: the usual end of a finder (a
    /// stored value the domain does not accept is an error, never a silent skip).
    pub async fn fetch_all_as<'c, R, T>(&self, executor: impl Executor<'c, Database = Any>) -> sqlx::Result<Vec<T>>
    where
        R: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
        T: TryFrom<R, Error = sqlx::Error>,
    {
        let rows: Vec<R> = self.query_as().fetch_all(executor).await?;
        rows.into_iter().map(T::try_from).collect()
    }

    /// The row, if any, read as `R`, then turned into the domain's `T`.
    pub async fn fetch_optional_as<'c, R, T>(
        &self, executor: impl Executor<'c, Database = Any>,
    ) -> sqlx::Result<Option<T>>
    where
        R: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
        T: TryFrom<R, Error = sqlx::Error>,
    {
        let row: Option<R> = self.query_as().fetch_optional(executor).await?;
        row.map(T::try_from).transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appended_placeholders_are_renumbered() {
        let mut filter = Sql::new("WHERE a = ");
        filter
            .bind(Value::Int(1))
            .push(" AND b = ")
            .bind(Value::Text("x".into()));
        let mut query = Sql::new("SELECT ");
        query
            .bind(Value::Int(7))
            .push(" FROM t ")
            .append(&filter)
            .push(" LIMIT 3");
        assert_eq!(query.text, "SELECT $1 FROM t WHERE a = $2 AND b = $3 LIMIT 3");
        assert_eq!(query.values.len(), 3);
    }
}
