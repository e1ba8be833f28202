//! Each function's stores, as its `main.rs` declares them (`Needs(&[Store::…])`), against
//! template.yaml: the function gets exactly its stores' table variables, and DynamoDB grants on
//! exactly its stores (each granted table one of theirs, each declared store granted somewhere).

use std::collections::BTreeSet;

use serde_yaml::Value;
use shared::wiring::needs::{Needs, Store, Table};
use tests::repo_root;
use tests::template::{self, function_folder};

/// The stores named in a function's `main.rs`: every `Store::Name` (or `Store::ALL`).
fn declared(function: &str) -> BTreeSet<Store> {
    let path = repo_root().join("functions").join(function).join("src/main.rs");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    if text.contains("Store::ALL") {
        return Store::ALL.into_iter().collect();
    }
    Store::ALL.into_iter().filter(|store| text.contains(&format!("Store::{store:?}"))).collect()
}

fn tables_of(stores: &BTreeSet<Store>) -> BTreeSet<Table> {
    stores.iter().flat_map(|store| store.tables()).copied().collect()
}

/// Every `…Table` logical id a value mentions (`!GetAtt X.Arn`, `!Sub "${X.Arn}/index/…"`, `!Ref X`).
fn tables_mentioned(value: &Value) -> BTreeSet<Table> {
    let text = format!("{value:?}");
    all_tables().into_iter().filter(|t| text.contains(&format!("{}.Arn", t.logical_id()))).collect()
}

fn all_tables() -> Vec<Table> {
    Needs(&Store::ALL).tables()
}

/// The DynamoDB statements of a function's policies, each with the tables it names.
fn granted(properties: &serde_yaml::Mapping) -> BTreeSet<Table> {
    let mut tables = BTreeSet::new();
    let policies = properties.get("Policies").and_then(Value::as_sequence).cloned().unwrap_or_default();
    for policy in &policies {
        let statements = policy.get("Statement").and_then(Value::as_sequence).cloned().unwrap_or_default();
        for statement in &statements {
            let actions = format!("{:?}", statement.get("Action"));
            if actions.contains("dynamodb:") {
                tables.extend(tables_mentioned(statement.get("Resource").unwrap_or(&Value::Null)));
            }
        }
    }
    tables
}

/// `(variable, value)` of every `*_TABLE` variable the function gets, its own and the globals.
fn table_variables(t: &Value, properties: &serde_yaml::Mapping) -> BTreeSet<(String, String)> {
    let global = t["Globals"]["Function"]["Environment"]["Variables"].as_mapping().cloned().unwrap_or_default();
    let own = properties
        .get("Environment")
        .and_then(|e| e.get("Variables"))
        .and_then(Value::as_mapping)
        .cloned()
        .unwrap_or_default();
    global
        .iter()
        .chain(own.iter())
        .filter_map(|(name, value)| Some((name.as_str()?.to_owned(), format!("{value:?}"))))
        .filter(|(name, _)| name.ends_with("_TABLE"))
        .collect()
}

#[test]
fn every_function_gets_exactly_its_declared_tables_variables_and_dynamodb_grants() {
    let t = template::load();
    let functions = template::resources(&t, "AWS::Serverless::Function");
    assert!(functions.len() > 30, "the template's functions were not found");
    let mut problems = Vec::new();
    for (id, properties) in functions {
        let Some(folder) = function_folder(properties) else { continue };
        let stores = declared(&folder);
        if stores.is_empty() {
            problems.push(format!("{folder}: main.rs declares no store (Needs(&[Store::…]))"));
        }
        let tables = tables_of(&stores);

        let variables = table_variables(&t, properties);
        let expected: BTreeSet<String> = tables.iter().map(|t| t.variable().to_owned()).collect();
        let present: BTreeSet<String> = variables.iter().map(|(name, _)| name.clone()).collect();
        if present != expected {
            problems.push(format!("{id}: table variables {present:?}, its stores {stores:?} need {expected:?}"));
        }
        for table in &tables {
            let refers = variables.iter().any(|(name, value)| {
                name == table.variable() && value.contains(&format!("\"{}\"", table.logical_id()))
            });
            if !refers {
                problems.push(format!("{id}: {} must be !Ref {}", table.variable(), table.logical_id()));
            }
        }

        let grants = granted(properties);
        let stray: Vec<&Table> = grants.difference(&tables).collect();
        if !stray.is_empty() {
            problems.push(format!("{id}: DynamoDB grants on {stray:?}, outside its stores {stores:?}"));
        }
        for store in &stores {
            if !store.tables().iter().any(|table| grants.contains(table)) {
                problems.push(format!("{id}: declares {store:?} but has no DynamoDB grant on its tables"));
            }
        }
    }
    assert!(problems.is_empty(), "template.yaml and the functions' Needs disagree:\n{}", problems.join("\n"));
}

#[test]
fn the_check_reads_declarations_and_grants() {
    assert_eq!(declared("get-task"), BTreeSet::from([Store::RateLimits, Store::Audit, Store::Tasks]));
    assert_eq!(declared("get-health").len(), Store::ALL.len());
    let statement: Value =
        serde_yaml::from_str("Policies:\n  - Statement:\n      - Action: [dynamodb:Query]\n        Resource: !Sub \"${TasksTable.Arn}/index/byStatus\"\n")
            .expect("yaml");
    let grants = granted(statement.as_mapping().expect("mapping"));
    assert_eq!(grants, BTreeSet::from([Table::Tasks]));
}
