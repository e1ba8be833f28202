//! Every Lambda function builds the dependencies it shares with the others with the same
//! features, so that `sam build`, which builds the functions one at a time, compiles each of them
//! once (`workspace-hack/Cargo.toml` says why). Asked of cargo itself: `cargo tree` resolves each
//! function alone, exactly as `cargo lambda build --bin <function>` does.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

use tests::repo_root;

/// Each external package a function builds (`name version`) with the features cargo resolves
/// for it when that function is built alone.
fn resolved_features(function: &str) -> BTreeMap<String, BTreeSet<String>> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .current_dir(repo_root())
        .args(["tree", "--locked", "-p", function, "-e", "normal", "--prefix", "none", "-f", "{p}|{f}"])
        .output()
        .expect("cargo tree runs");
    assert!(out.status.success(), "cargo tree -p {function}: {}", String::from_utf8_lossy(&out.stderr));
    let mut packages = BTreeMap::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let line = line.trim_end_matches(" (*)");
        let Some((package, features)) = line.split_once('|') else { continue };
        // Workspace members print their path: their features are per function by design.
        if package.contains(" (/") {
            continue;
        }
        let features = features.split(',').filter(|f| !f.is_empty()).map(String::from).collect();
        packages.insert(package.to_string(), features);
    }
    packages
}

#[test]
fn every_function_builds_the_dependencies_they_all_share_with_the_same_features() {
    let dir = repo_root().join("functions");
    let mut functions: Vec<String> = std::fs::read_dir(&dir)
        .expect("functions/")
        .filter_map(Result::ok)
        .filter(|e| e.path().join("Cargo.toml").exists())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    functions.sort();
    let resolved: Vec<_> = functions.iter().map(|f| resolved_features(f)).collect();

    // A package some function lacks is left out: widening its features would add it to that
    // function (reqwest, for instance, only in the functions that speak HTTPS to a provider).
    let shared_by_all: BTreeSet<&String> =
        resolved[0].keys().filter(|p| resolved.iter().all(|r| r.contains_key(*p))).collect();
    let mut diverging = Vec::new();
    for package in shared_by_all {
        let variants: BTreeSet<&BTreeSet<String>> = resolved.iter().map(|r| &r[package]).collect();
        if variants.len() > 1 {
            let union: BTreeSet<&String> = variants.iter().flat_map(|v| v.iter()).collect();
            let users: Vec<String> = variants
                .iter()
                .map(|v| {
                    let n = resolved.iter().filter(|r| &&r[package] == v).count();
                    format!("{n} with {v:?}")
                })
                .collect();
            diverging.push(format!("{package}: {}; add to workspace-hack: {union:?}", users.join(", ")));
        }
    }
    assert!(
        diverging.is_empty(),
        "the functions build these shared dependencies with different features, so `sam build` \
         compiles them (and everything above them) more than once:\n{}",
        diverging.join("\n")
    );
}
