//! A deploy dry run: what `sam build` + `sam package` + CloudFormation would reject, checked
//! without an AWS account by reading `template.yaml` and the code. Generic over the template: it
//! holds for any function, table, variable or statement added later.
//!
//! - every function's `CodeUri` is a workspace member with exactly one binary (or names one with
//!   `Metadata.BuildProperties.Binary`), built by cargo-lambda, with the `bootstrap` handler of
//!   the `provided.*` runtimes;
//! - every environment variable a function's own crate reads is set by the template for that
//!   function; every variable shared code requires is set for some function; every variable the
//!   template sets is read by some code (no dead or misspelt configuration);
//! - every AWS action a function's own crate calls is granted to it, and every granted action is
//!   one the code calls somewhere (a misspelt or stale grant fails).
//!
//! Which shared adapter a function reaches is decided at run time by its wiring; the emulator tier
//! (`scripts/lambda_emulator.py run-all`, run by scripts/test.sh) starts every built function
//! with exactly the template's environment, so a variable shared code requires and the template
//! does not give fails that function's init there.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_yaml::{Mapping, Value};
use tests::repo_root;
use tests::template;

/// Variables the Lambda service sets, never the template.
const RESERVED_PREFIXES: [&str; 3] = ["AWS_", "LAMBDA_", "_"];

struct Function {
    logical_id: String,
    props: Mapping,
    folder: PathBuf,
}

fn functions(t: &Value) -> Vec<Function> {
    template::resources(t, "AWS::Serverless::Function")
        .into_iter()
        .map(|(logical_id, props)| {
            let code_uri = props.get("CodeUri").and_then(Value::as_str).unwrap_or_default();
            Function { folder: repo_root().join(code_uri), logical_id, props: props.clone() }
        })
        .collect()
}

fn global(t: &Value, key: &str) -> Value {
    t["Globals"]["Function"][key].clone()
}

/// A function's property, or the Globals' one.
fn property(t: &Value, f: &Function, key: &str) -> Value {
    f.props.get(key).cloned().unwrap_or_else(|| global(t, key))
}

/// The non-test Rust source of a directory: `#[cfg(test)]` modules are cut off (they sit at the
/// end of a file by this workspace's convention), as are comments.
fn source_files(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("readable source");
                let code = text.split("#[cfg(test)]").next().unwrap_or_default();
                let code: String =
                    code.lines().filter(|l| !l.trim_start().starts_with("//")).map(|l| format!("{l}\n")).collect();
                files.push((path, code));
            }
        }
    }
    files.sort();
    files
}

/// `"NAME"` arguments of the environment readers (`EnvReader::required/optional/parsed_or/pairs`,
/// `std::env::var`), with whether the read is `required`.
fn variables_read(code: &str) -> BTreeMap<String, bool> {
    let mut found = BTreeMap::new();
    for (reader, required) in
        [("required(", true), ("optional(", false), ("parsed_or(", false), ("pairs(", false), ("env::var(", false)]
    {
        for (at, _) in code.match_indices(reader) {
            let rest = code[at + reader.len()..].trim_start();
            let Some(literal) = rest.strip_prefix('"') else { continue };
            let name: String = literal.chars().take_while(|c| *c != '"').collect();
            if !name.is_empty() && name.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_') {
                *found.entry(name).or_insert(false) |= required;
            }
        }
    }
    found
}

/// Every `"UPPER_SNAKE"` string literal: the names code reads through a table of names (the
/// secrets' `("OPENAI_API_KEY", "OPENAI_API_KEY_SECRET")` pairs) as well as directly.
fn names_mentioned(code: &str) -> BTreeSet<String> {
    code.split('"')
        .skip(1)
        .step_by(2)
        .filter(|s| s.contains('_') && s.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'))
        .map(str::to_owned)
        .collect()
}

fn reserved(name: &str) -> bool {
    RESERVED_PREFIXES.iter().any(|p| name.starts_with(p))
}

/// The variables the template sets for a function: Globals overlaid by its own. A value that is
/// `!If [cond, x, !Ref AWS::NoValue]` counts as set (the condition is a deployment choice).
fn template_variables(t: &Value, f: &Function) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for env in [global(t, "Environment"), f.props.get("Environment").cloned().unwrap_or(Value::Null)] {
        if let Some(vars) = env["Variables"].as_mapping() {
            names.extend(vars.keys().filter_map(Value::as_str).map(str::to_owned));
        }
    }
    names
}

/// `aws_sdk_<service>` client calls (`.get_item()`) in code, as IAM actions (`dynamodb:GetItem`).
/// A service's calls are recognised in the files that name its SDK crate or sit in its adapter's
/// folder (`adapters/dynamodb/…`).
fn actions_called(path: &Path, code: &str) -> BTreeSet<String> {
    const SERVICES: [(&str, &str, &str); 5] = [
        ("aws_sdk_dynamodb", "dynamodb", "dynamodb"),
        ("aws_sdk_sqs", "sqs", "sqs"),
        ("aws_sdk_ec2", "ec2", "ec2"),
        ("aws_sdk_sfn", "sfn", "states"),
        ("aws_sdk_secretsmanager", "secrets", "secretsmanager"),
    ];
    let path = path.to_string_lossy();
    let mut actions = BTreeSet::new();
    for (krate, adapter, prefix) in SERVICES {
        if !code.contains(krate) && !path.contains(&format!("adapters/{adapter}")) {
            continue;
        }
        // A fluent SDK call: `.operation()`, then builder calls and `.send()`.
        for (at, _) in code.match_indices('.') {
            let rest = &code[at + 1..];
            let method: String = rest.chars().take_while(|c| c.is_ascii_lowercase() || *c == '_').collect();
            if !method.is_empty() && rest[method.len()..].starts_with("()") {
                if let Some(action) = sdk_operation(prefix, &method) {
                    actions.insert(format!("{prefix}:{action}"));
                }
            }
        }
        // Actions IAM checks inside another call: the items of a DynamoDB transaction, the tags
        // EC2 writes when RunInstances carries tag specifications, a new secret's tags.
        for (marker, action) in IMPLIED {
            if action.starts_with(prefix) && code.contains(marker) {
                actions.insert((*action).to_owned());
            }
        }
    }
    actions
}

const IMPLIED: &[(&str, &str)] = &[
    ("ConditionCheck::builder", "dynamodb:ConditionCheckItem"),
    ("Put::builder", "dynamodb:PutItem"),
    ("Update::builder", "dynamodb:UpdateItem"),
    ("Delete::builder", "dynamodb:DeleteItem"),
    (".tag_specifications(", "ec2:CreateTags"),
    // CreateSecret with tags is also authorized as TagResource.
    (".create_secret()", "secretsmanager:TagResource"),
];

/// The operation name of an SDK fluent method, for the operations of the services this product
/// uses; other methods (builder helpers, `into_paginator`, …) are not operations.
fn sdk_operation(service: &str, method: &str) -> Option<String> {
    const OPERATIONS: &[(&str, &[&str])] = &[
        (
            "dynamodb",
            &[
                "get_item",
                "put_item",
                "update_item",
                "delete_item",
                "query",
                "scan",
                "batch_get_item",
                "batch_write_item",
                "transact_write_items",
                "transact_get_items",
                "describe_table",
            ],
        ),
        (
            "sqs",
            &["send_message", "send_message_batch", "change_message_visibility", "delete_message", "receive_message"],
        ),
        ("ec2", &["run_instances", "describe_instances", "terminate_instances", "create_tags", "describe_images"]),
        ("states", &["start_execution", "describe_execution", "stop_execution", "send_task_success"]),
        ("secretsmanager", &["get_secret_value", "create_secret", "put_secret_value", "tag_resource", "delete_secret"]),
    ];
    let (_, methods) = OPERATIONS.iter().find(|(s, _)| *s == service)?;
    methods.contains(&method).then(|| method.split('_').map(template::pascal_case).collect())
}

/// Every action a function's policies grant (inline statements; SAM policy templates are named).
fn actions_granted(f: &Function) -> BTreeSet<String> {
    let mut actions = BTreeSet::new();
    let mut stack: Vec<Value> = f.props.get("Policies").cloned().into_iter().collect();
    while let Some(v) = stack.pop() {
        match v {
            Value::Mapping(m) => {
                if let Some(action) = m.get("Action") {
                    match action {
                        Value::String(a) => {
                            actions.insert(a.clone());
                        }
                        Value::Sequence(list) => {
                            actions.extend(list.iter().filter_map(Value::as_str).map(str::to_owned))
                        }
                        _ => {}
                    }
                }
                stack.extend(m.into_iter().map(|(_, v)| v));
            }
            Value::Sequence(list) => stack.extend(list),
            Value::Tagged(tagged) => stack.push(tagged.value),
            _ => {}
        }
    }
    actions
}

/// `[workspace] members` of the root manifest, globs (`functions/*`) expanded.
fn workspace_members() -> BTreeSet<PathBuf> {
    let manifest = std::fs::read_to_string(repo_root().join("Cargo.toml")).expect("Cargo.toml");
    let line = manifest.lines().find(|l| l.trim_start().starts_with("members")).expect("[workspace] members");
    let mut members = BTreeSet::new();
    for entry in line.split('"').skip(1).step_by(2) {
        match entry.strip_suffix("/*") {
            Some(parent) => {
                for dir in std::fs::read_dir(repo_root().join(parent)).expect("member folder").filter_map(Result::ok) {
                    if dir.path().join("Cargo.toml").exists() {
                        members.insert(dir.path());
                    }
                }
            }
            None => {
                members.insert(repo_root().join(entry));
            }
        }
    }
    members
}

/// The binaries of a package: `src/main.rs` (named after the package), `src/bin/*.rs`, `[[bin]]`.
fn binaries(folder: &Path) -> (String, BTreeSet<String>) {
    let manifest = std::fs::read_to_string(folder.join("Cargo.toml")).expect("the member's Cargo.toml");
    let field = |text: &str, key: &str| {
        text.lines()
            .find_map(|l| {
                l.trim().strip_prefix(key)?.trim_start().strip_prefix('=')?.trim().strip_prefix('"')?.split('"').next()
            })
            .map(str::to_owned)
    };
    let package = field(&manifest, "name").expect("a package name");
    let mut bins = BTreeSet::new();
    if folder.join("src/main.rs").exists() {
        bins.insert(package.clone());
    }
    if let Ok(entries) = std::fs::read_dir(folder.join("src/bin")) {
        for entry in entries.filter_map(Result::ok) {
            if let Some(stem) = entry.path().file_stem().and_then(|s| s.to_str()) {
                bins.insert(stem.to_owned());
            }
        }
    }
    for section in manifest.split("[[bin]]").skip(1) {
        let section = section.split("\n[").next().unwrap_or_default();
        if let Some(name) = field(section, "name") {
            bins.insert(name);
        }
    }
    (package, bins)
}

#[test]
fn every_code_uri_is_a_workspace_member_with_the_binary_its_handler_names() {
    let t = template::load();
    let members = workspace_members();
    let all = functions(&t);
    assert!(!all.is_empty(), "the template declares no function");
    for f in &all {
        let id = &f.logical_id;
        assert!(members.contains(&f.folder), "{id}: CodeUri {} is not a workspace member", f.folder.display());
        let build = &t["Resources"][id.as_str()]["Metadata"];
        assert_eq!(build["BuildMethod"].as_str(), Some("rust-cargolambda"), "{id}: built by cargo-lambda");
        let runtime = property(&t, f, "Runtime");
        assert!(runtime.as_str().is_some_and(|r| r.starts_with("provided.")), "{id}: runtime {runtime:?}");
        // The provided.* runtimes start the file named by the handler; sam's cargo-lambda build
        // always writes it as `bootstrap`.
        assert_eq!(property(&t, f, "Handler").as_str(), Some("bootstrap"), "{id}: Handler");
        let (package, bins) = binaries(&f.folder);
        match build["BuildProperties"]["Binary"].as_str() {
            Some(binary) => assert!(
                bins.contains(binary),
                "{id}: BuildProperties.Binary {binary} is not a bin of {package}: {bins:?}"
            ),
            None => assert_eq!(bins.len(), 1, "{id}: {package} must have exactly one binary or name one: {bins:?}"),
        }
        let architectures = property(&t, f, "Architectures");
        assert!(architectures.as_sequence().is_some_and(|a| a.len() == 1), "{id}: one architecture: {architectures:?}");
    }
}

#[test]
fn every_variable_the_code_reads_is_set_by_the_template_and_every_set_one_is_read() {
    let t = template::load();
    let shared: Vec<(PathBuf, String)> = source_files(&repo_root().join("shared/src"));
    let mut read_anywhere: BTreeSet<String> = BTreeSet::new();
    let mut set_anywhere: BTreeSet<String> = BTreeSet::new();
    let mut missing = Vec::new();
    for f in functions(&t) {
        let set = template_variables(&t, &f);
        set_anywhere.extend(set.iter().cloned());
        for (path, code) in source_files(&f.folder.join("src")) {
            for name in variables_read(&code).into_keys().filter(|n| !reserved(n)) {
                if !set.contains(&name) {
                    missing.push(format!("{}: {} reads {name}", f.logical_id, path.display()));
                }
            }
            read_anywhere.extend(names_mentioned(&code));
        }
    }
    assert!(
        missing.is_empty(),
        "variables read but not set by the template for that function:\n{}",
        missing.join("\n")
    );

    for (path, code) in &shared {
        for (name, required) in variables_read(code) {
            if required && !reserved(&name) {
                assert!(set_anywhere.contains(&name), "{} requires {name}, which no function is given", path.display());
            }
        }
        read_anywhere.extend(names_mentioned(code));
    }
    // Names built with format!("{}_QUEUE_URL", priority): their suffix is what the code names.
    let built: Vec<String> = shared
        .iter()
        .flat_map(|(_, code)| {
            code.match_indices("format!(\"{}_")
                .map(|(at, _)| code[at + 12..].split('"').next().unwrap_or("").to_owned())
                .collect::<Vec<_>>()
        })
        .filter(|suffix| !suffix.is_empty())
        .collect();
    let unread: Vec<&String> = set_anywhere
        .iter()
        .filter(|name| {
            !read_anywhere.contains(*name) && !built.iter().any(|suffix| name.ends_with(&format!("_{suffix}")))
        })
        .collect();
    assert!(unread.is_empty(), "the template sets variables no code reads: {unread:?}");
}

/// Every action some code calls, from shared's adapters and the function crates.
fn actions_called_anywhere(t: &Value) -> BTreeSet<String> {
    let mut called = BTreeSet::new();
    for (path, code) in source_files(&repo_root().join("shared/src")) {
        called.extend(actions_called(&path, &code));
    }
    for f in functions(t) {
        for (path, code) in source_files(&f.folder.join("src")) {
            called.extend(actions_called(&path, &code));
        }
    }
    assert!(!called.is_empty(), "no SDK call found in the code: the scanner is broken");
    called
}

/// The AWS services a function links: its `shared` features (`dynamodb`, `sqs`, …) as IAM
/// service prefixes.
fn services_linked(f: &Function) -> BTreeSet<&'static str> {
    const FEATURES: [(&str, &str); 5] =
        [("dynamodb", "dynamodb"), ("sqs", "sqs"), ("ec2", "ec2"), ("sfn", "states"), ("secrets", "secretsmanager")];
    let manifest = std::fs::read_to_string(f.folder.join("Cargo.toml")).expect("the member's Cargo.toml");
    let dependencies =
        manifest.split("[dependencies]").nth(1).unwrap_or_default().split("\n[").next().unwrap_or_default();
    let shared = dependencies.lines().find(|l| l.trim_start().starts_with("shared")).unwrap_or_default();
    FEATURES.iter().filter(|(feature, _)| shared.contains(&format!("\"{feature}\""))).map(|(_, s)| *s).collect()
}

#[test]
fn every_action_a_function_crate_calls_is_granted_to_it() {
    let t = template::load();
    let mut missing = Vec::new();
    for f in functions(&t) {
        let granted = actions_granted(&f);
        for (path, code) in source_files(&f.folder.join("src")) {
            for action in actions_called(&path, &code).into_iter().filter(|a| !granted.contains(a)) {
                missing.push(format!("{}: {} calls {action}", f.logical_id, path.display()));
            }
        }
    }
    assert!(missing.is_empty(), "actions called but not granted:\n{}", missing.join("\n"));
}

#[test]
fn a_function_is_granted_actions_of_exactly_the_services_it_links() {
    let t = template::load();
    let called = actions_called_anywhere(&t);
    let scanned: BTreeSet<&str> = called.iter().filter_map(|a| a.split(':').next()).collect();
    for f in functions(&t) {
        let linked = services_linked(&f);
        let granted: BTreeSet<String> = actions_granted(&f)
            .into_iter()
            .filter(|a| scanned.contains(a.split(':').next().unwrap_or_default()))
            .collect();
        let granted_services: BTreeSet<&str> = granted.iter().filter_map(|a| a.split(':').next()).collect();
        // Linked but never granted: every call of that SDK is an AccessDenied in AWS. Granted but
        // not linked: a permission no code of the function can use.
        let id = &f.logical_id;
        // Secrets Manager is read only when a provider key or the Azure secret is configured.
        let unused: Vec<&&str> = linked.difference(&granted_services).filter(|s| **s != "secretsmanager").collect();
        assert!(unused.is_empty(), "{id} links {unused:?} but is granted none of its actions");
        let unlinked: Vec<&&str> = granted_services.difference(&linked).collect();
        assert!(unlinked.is_empty(), "{id} is granted actions of {unlinked:?}, which it does not link");
    }
}

#[test]
fn every_granted_action_is_one_some_code_calls() {
    let t = template::load();
    let called = actions_called_anywhere(&t);
    let scanned: BTreeSet<&str> = called.iter().filter_map(|a| a.split(':').next()).collect();
    let stale: Vec<String> = functions(&t)
        .iter()
        .flat_map(|f| actions_granted(f).into_iter().map(move |a| (f.logical_id.clone(), a)))
        .filter(|(_, a)| scanned.contains(a.split(':').next().unwrap_or_default()) && !called.contains(a))
        .map(|(id, a)| format!("{id} is granted {a}, which no code calls"))
        .collect();
    assert!(stale.is_empty(), "grants no code needs (misspelt or stale):\n{}", stale.join("\n"));
}
