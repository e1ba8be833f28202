//! Typed configuration from environment variables. Reading collects every problem first, so a
//! misconfigured function fails at startup naming each missing or invalid variable at once.

use std::fmt;
use std::str::FromStr;

/// Where values come from: the process environment, or a closure in tests.
type Lookup = dyn Fn(&str) -> Option<String> + Send + Sync;

#[derive(Default)]
pub struct EnvReader {
    problems: Vec<String>,
    lookup: Option<Box<Lookup>>,
}

#[derive(Debug, thiserror::Error)]
pub struct ConfigError(pub Vec<String>);

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid configuration: {}", self.0.join("; "))
    }
}

impl EnvReader {
    /// Reads the process environment.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads from a closure instead: for tests.
    pub fn from_fn(lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Self {
        Self { problems: Vec::new(), lookup: Some(Box::new(lookup)) }
    }

    fn get(&self, name: &str) -> Option<String> {
        let raw = match &self.lookup {
            Some(f) => f(name),
            None => std::env::var(name).ok(),
        };
        raw.filter(|v| !v.trim().is_empty())
    }

    pub fn required(&mut self, name: &str) -> String {
        self.get(name).unwrap_or_else(|| {
            self.problems.push(format!("{name} is not set"));
            String::new()
        })
    }

    pub fn optional(&self, name: &str) -> Option<String> {
        self.get(name)
    }

    /// A parsed value, or `default` when unset. An unparsable value is a problem, not a default.
    pub fn parsed_or<T: FromStr>(&mut self, name: &str, default: T) -> T {
        match self.get(name) {
            None => default,
            Some(raw) => raw.trim().parse().unwrap_or_else(|_| {
                self.problems.push(format!("{name}={raw:?} is not a valid {}", std::any::type_name::<T>()));
                default
            }),
        }
    }

    /// A `key=value,key=value` list (e.g. `us-east-1=ami-…`), empty when unset; an entry whose
    /// value fails `valid` is a problem naming `expected`.
    pub fn pairs(
        &mut self,
        name: &str,
        valid: impl Fn(&str) -> bool,
        expected: &str,
    ) -> std::collections::HashMap<String, String> {
        let mut pairs = std::collections::HashMap::new();
        for pair in self.get(name).unwrap_or_default().split(',').map(str::trim).filter(|p| !p.is_empty()) {
            match pair.split_once('=') {
                Some((key, value)) if valid(value.trim()) => {
                    pairs.insert(key.trim().to_owned(), value.trim().to_owned());
                }
                _ => self.problems.push(format!("{name}: {pair:?} is not {expected}")),
            }
        }
        pairs
    }

    /// Records a problem found while combining values (e.g. a rate policy that admits nothing).
    pub fn problem(&mut self, message: impl Into<String>) {
        self.problems.push(message.into());
    }

    pub fn finish(self) -> Result<(), ConfigError> {
        if self.problems.is_empty() {
            Ok(())
        } else {
            Err(ConfigError(self.problems))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_problem_is_reported_at_once() {
        let mut env = EnvReader::from_fn(|name| match name {
            "PORT" => Some("eighty".to_owned()),
            "EMPTY" => Some("  ".to_owned()),
            _ => None,
        });
        let _ = env.required("TABLE");
        let _ = env.required("EMPTY");
        let port: u16 = env.parsed_or("PORT", 3000);
        assert_eq!(port, 3000);
        let err = env.finish().expect_err("three problems");
        assert_eq!(err.0.len(), 3, "{err}");
        assert!(err.to_string().contains("TABLE is not set"));
        assert!(err.to_string().contains("PORT=\"eighty\""));
    }

    #[test]
    fn pairs_are_read_and_a_bad_one_is_named() {
        let mut env =
            EnvReader::from_fn(|name| (name == "IMAGES").then(|| "us-east-1=ami-1, eu-west-1 = ami-2,,bad".to_owned()));
        let pairs = env.pairs("IMAGES", |v| v.starts_with("ami-"), "region=ami-…");
        assert_eq!(pairs.get("eu-west-1").map(String::as_str), Some("ami-2"));
        assert_eq!(pairs.len(), 2);
        let err = env.finish().expect_err("one problem");
        assert_eq!(err.0, ["IMAGES: \"bad\" is not region=ami-…"]);
    }
}
