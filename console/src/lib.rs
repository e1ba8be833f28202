//! The web console: plain HTML, CSS and ES modules under `console/assets/`, embedded into the
//! binary at compile time so `cargo run -p local` serves them with no build step, and the one
//! place that decides how they are answered (status, type, security headers).
//!
//! Dependency-free on purpose: `local` serves it beside the API, and a deployment serves the very
//! same bytes, so what the browser tests drive is what ships.

/// The console's own Content-Security-Policy: scripts, styles and API calls from this origin
/// only; no inline script or style element, no framing, no plugins, no forms posted elsewhere.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Where the console lives on the API's origin.
pub const PREFIX: &str = "/console";

/// One embedded file.
#[derive(Debug, PartialEq)]
pub struct Asset {
    /// Relative to `console/assets/`.
    pub path: &'static str,
    pub content_type: &'static str,
    pub body: &'static [u8],
}

macro_rules! assets {
    ($($path:literal => $type:literal),* $(,)?) => {
        /// Every file the console is made of (a test checks the folder holds no other).
        pub const ASSETS: &[Asset] = &[
            $(Asset { path: $path, content_type: $type, body: include_bytes!(concat!("../assets/", $path)) },)*
        ];
    };
}

assets! {
    "index.html" => "text/html; charset=utf-8",
    "console.css" => "text/css; charset=utf-8",
    "favicon.svg" => "image/svg+xml",
    "js/app.js" => "text/javascript; charset=utf-8",
    "js/api.js" => "text/javascript; charset=utf-8",
    "js/dom.js" => "text/javascript; charset=utf-8",
    "js/format.js" => "text/javascript; charset=utf-8",
    "js/chart.js" => "text/javascript; charset=utf-8",
    "js/cloud.js" => "text/javascript; charset=utf-8",
    "js/pages/overview.js" => "text/javascript; charset=utf-8",
    "js/pages/queue.js" => "text/javascript; charset=utf-8",
    "js/pages/machines.js" => "text/javascript; charset=utf-8",
    "js/pages/gpu-pool.js" => "text/javascript; charset=utf-8",
    "js/pages/chat.js" => "text/javascript; charset=utf-8",
    "js/pages/playground.js" => "text/javascript; charset=utf-8",
}

/// What to answer for a GET of `path` (the whole request path).
#[derive(Debug, PartialEq)]
pub enum Reply {
    /// `/console`: to `/console/`, so the page's relative URLs resolve under the prefix.
    Redirect(&'static str),
    Found(&'static Asset),
    NotFound,
}

/// Resolves a request path. `/console/` is the page; any other path names an embedded file
/// exactly (no directory walking: the table is the whole namespace).
pub fn resolve(path: &str) -> Reply {
    let Some(rest) = path.strip_prefix(PREFIX) else { return Reply::NotFound };
    let file = match rest {
        "" => return Reply::Redirect("/console/"),
        "/" => "index.html",
        other => match other.strip_prefix('/') {
            Some(file) => file,
            None => return Reply::NotFound,
        },
    };
    ASSETS.iter().find(|a| a.path == file).map_or(Reply::NotFound, Reply::Found)
}

/// Whether a request path is the console's (`/console` or under it).
pub fn owns(path: &str) -> bool {
    path == PREFIX || path.starts_with("/console/")
}

/// The headers every console answer carries besides its content type. `no-cache` (revalidate)
/// rather than a long max-age: the files have no content hash in their names, so a deploy must
/// be seen at once.
pub fn headers() -> [(&'static str, &'static str); 6] {
    [
        ("content-security-policy", CONTENT_SECURITY_POLICY),
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "DENY"),
        ("referrer-policy", "no-referrer"),
        ("cache-control", "no-cache"),
        ("cross-origin-opener-policy", "same-origin"),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_and_each_file_resolve_and_nothing_else_does() {
        assert_eq!(resolve("/console"), Reply::Redirect("/console/"));
        match resolve("/console/") {
            Reply::Found(a) => assert_eq!(a.path, "index.html"),
            other => panic!("{other:?}"),
        }
        match resolve("/console/js/pages/queue.js") {
            Reply::Found(a) => assert!(a.content_type.starts_with("text/javascript")),
            other => panic!("{other:?}"),
        }
        for path in [
            "/console/../Cargo.toml",
            "/console/js/",
            "/console/nope.js",
            "/consolex",
            "/api/tenant",
            "/console//index.html",
        ] {
            assert_eq!(resolve(path), Reply::NotFound, "{path}");
        }
        assert!(owns("/console") && owns("/console/x") && !owns("/consoles"));
    }

    /// Every file under assets/ is embedded, and every embedded file exists: a file added to the
    /// folder but not to the table would be a 404 only a browser would notice.
    #[test]
    fn the_table_lists_exactly_the_files_of_the_folder() {
        fn walk(dir: &std::path::Path, base: &std::path::Path, out: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).expect("assets folder") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    walk(&path, base, out);
                } else {
                    out.push(path.strip_prefix(base).expect("under base").to_string_lossy().replace('\\', "/"));
                }
            }
        }
        let base = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
        let mut on_disk = Vec::new();
        walk(&base, &base, &mut on_disk);
        on_disk.sort();
        let mut listed: Vec<String> = ASSETS.iter().map(|a| a.path.to_owned()).collect();
        listed.sort();
        assert_eq!(on_disk, listed);
    }

    /// The policy forbids inline script, so no page may carry any: every script is a file.
    #[test]
    fn the_page_has_no_inline_script_or_style_and_loads_only_its_own_files() {
        let page = std::str::from_utf8(ASSETS[0].body).expect("utf-8");
        assert!(!CONTENT_SECURITY_POLICY.contains("unsafe-inline"));
        for forbidden in ["<style", " style=", "onclick=", "onload=", "javascript:", "http://", "https://"] {
            assert!(!page.contains(forbidden), "index.html contains {forbidden:?}");
        }
        let scripts: Vec<&str> = page.match_indices("<script").map(|(i, _)| &page[i..]).collect();
        assert!(!scripts.is_empty());
        for script in scripts {
            let tag = &script[..script.find('>').expect("closed tag")];
            assert!(tag.contains(" src="), "inline script: {tag}");
        }
        for asset in ASSETS.iter().filter(|a| a.path.ends_with(".js")) {
            // The SVG namespace is a name, not a request.
            let text = std::str::from_utf8(asset.body).expect("utf-8").replace("http://www.w3.org/2000/svg", "");
            for forbidden in
                ["http://", "https://", "eval(", "new Function", "innerHTML", "localStorage", "document.cookie"]
            {
                assert!(!text.contains(forbidden), "{} contains {forbidden:?}", asset.path);
            }
        }
    }
}
