//! Matching a request against the route table (`shared::http::routes`, where every HTTP route is
//! declared once; the consistency tests compare it with `template.yaml` in both directions).

use http::Method;
use shared::http::routes::Route;

/// The outcome of matching a path against the table.
pub enum Match<'a> {
    Found(&'a Route, Vec<(String, String)>),
    /// The path exists with other methods.
    WrongMethod(Vec<Method>),
    NotFound,
}

/// A route whose path template matches, with its captured parameters.
struct Candidate<'a> {
    route: &'a Route,
    params: Vec<(String, String)>,
    /// How many literal segments matched: the most specific template wins.
    literals: usize,
}

fn match_template<'a>(route: &'a Route, segments: &[&str]) -> Option<Candidate<'a>> {
    let pattern: Vec<&str> = route.path.split('/').collect();
    if pattern.len() != segments.len() {
        return None;
    }
    let mut candidate = Candidate { route, params: Vec::new(), literals: 0 };
    for (p, s) in pattern.iter().zip(segments) {
        if let Some(name) = p.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
            if s.is_empty() {
                return None;
            }
            candidate.params.push((name.to_owned(), (*s).to_owned()));
        } else if p == s {
            candidate.literals += 1;
        } else {
            return None;
        }
    }
    Some(candidate)
}

/// Finds the route for `method` and `path`. Literal segments beat `{param}` segments, so
/// `/api/analysis-queue/stats` is not taken for an id.
pub fn find<'a>(table: &'a [Route], method: &Method, path: &str) -> Match<'a> {
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    let candidates: Vec<Candidate<'a>> = table.iter().filter_map(|route| match_template(route, &segments)).collect();
    let Some(best) = candidates.iter().map(|c| c.literals).max() else {
        return Match::NotFound;
    };
    let most_specific: Vec<Candidate<'a>> = candidates.into_iter().filter(|c| c.literals == best).collect();
    let allowed: Vec<Method> = most_specific.iter().map(|c| c.route.method.clone()).collect();
    match most_specific.into_iter().find(|c| c.route.method == method) {
        Some(c) => Match::Found(c.route, c.params),
        None => Match::WrongMethod(allowed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::http::routes::Function;
    use shared::http::Access;

    fn table() -> Vec<Route> {
        let r = |method, path| Route::new(method, path, Function::GetTenant, Access::Tenant, "");
        vec![
            r(Method::GET, "/api/items/{id}"),
            r(Method::DELETE, "/api/items/{id}"),
            r(Method::GET, "/api/items/stats"),
            r(Method::GET, "/api/items"),
        ]
    }

    #[test]
    fn literals_win_over_parameters_and_parameters_are_captured() {
        let t = table();
        match find(&t, &Method::GET, "/api/items/stats") {
            Match::Found(route, params) => {
                assert_eq!(route.path, "/api/items/stats");
                assert!(params.is_empty());
            }
            _ => panic!("stats route expected"),
        }
        match find(&t, &Method::DELETE, "/api/items/42") {
            Match::Found(route, params) => {
                assert_eq!(route.path, "/api/items/{id}");
                assert_eq!(params, vec![("id".to_owned(), "42".to_owned())]);
            }
            _ => panic!("item route expected"),
        }
    }

    #[test]
    fn a_known_path_with_another_method_lists_the_allowed_ones() {
        let t = table();
        match find(&t, &Method::PATCH, "/api/items/42") {
            Match::WrongMethod(allowed) => assert_eq!(allowed, vec![Method::GET, Method::DELETE]),
            _ => panic!("405 expected"),
        }
        assert!(matches!(find(&t, &Method::GET, "/api/nothing"), Match::NotFound));
        assert!(matches!(find(&t, &Method::GET, "/api/items/"), Match::Found(r, _) if r.path == "/api/items"));
    }
}
