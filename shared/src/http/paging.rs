//! Query parameters of a paginated listing: `limit`, `cursor`, and the listing's own filters.

use super::{ApiError, FieldError};
pub use crate::app::PageQuery;

pub const DEFAULT_PAGE: usize = 20;
pub const MAX_PAGE: usize = 100;

/// Parses `limit` (1-100, default 20), `cursor` (judged by `cursor_ok`) and the listing's
/// `filters`, each value handed to `filter(name, value)`, which keeps it or says what is wrong;
/// any other parameter, or a bad value, is a 400 naming each one, in the order sent.
pub fn page_query(
    raw: &str,
    cursor_ok: fn(&str) -> bool,
    filters: &[&str],
    mut filter: impl FnMut(&str, &str) -> Result<(), String>,
) -> Result<PageQuery, ApiError> {
    let mut query = PageQuery { limit: DEFAULT_PAGE, cursor: None };
    let mut errors = Vec::new();
    let known = || {
        let mut names: Vec<&str> = filters.to_vec();
        names.extend(["limit", "cursor"]);
        names.join(", ")
    };
    for (key, value) in form_urlencoded::parse(raw.as_bytes()) {
        let outcome = match key.as_ref() {
            "limit" => match value.parse::<usize>() {
                Ok(n) if (1..=MAX_PAGE).contains(&n) => {
                    query.limit = n;
                    Ok(())
                }
                _ => Err(format!("must be a whole number from 1 to {MAX_PAGE}")),
            },
            "cursor" if cursor_ok(&value) => {
                query.cursor = Some(value.into_owned());
                Ok(())
            }
            "cursor" => Err("is not a cursor this API returned".to_owned()),
            name if filters.contains(&name) => filter(name, &value),
            _ => Err(format!("is not a parameter of this route ({})", known())),
        };
        if let Err(message) = outcome {
            errors.push(FieldError::new(key.chars().take(64).collect::<String>(), message));
        }
    }
    if errors.is_empty() {
        Ok(query)
    } else {
        Err(ApiError::Validation(errors))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_take_a_limit_a_returned_cursor_and_the_listings_filters_only() {
        let q = page_query("", |_| true, &[], |_, _| Ok(())).expect("valid");
        assert_eq!((q.limit, q.cursor), (DEFAULT_PAGE, None));
        let mut status = None;
        let q = page_query(
            "limit=5&cursor=7&status=READY",
            |c| c == "7",
            &["status"],
            |_, v| {
                status = Some(v.to_owned());
                Ok(())
            },
        )
        .expect("valid");
        assert_eq!((q.limit, q.cursor.as_deref(), status.as_deref()), (5, Some("7"), Some("READY")));
        let refused =
            page_query("status=X&limit=0&cursor=x&sort=asc", |_| false, &["status"], |_, _| Err("no".to_owned()));
        let Err(ApiError::Validation(errors)) = refused else { panic!("four problems") };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["status", "limit", "cursor", "sort"]);
        assert!(errors[3].message.contains("status, limit, cursor"), "{}", errors[3].message);
    }
}
