// SCRATCH: never commit. Writes each document's output per strategy to /tmp/show/<set>/.
#![allow(clippy::expect_used, clippy::panic, dead_code)]
use shared::domain::optimizer::{optimize, Options, Strategy};
use shared::tokenizer::{ModelTokenizer, DEFAULT_MODEL};
#[path = "support/corpus.rs"]
mod support;

#[test]
fn show() {
    let set = std::env::var("SHOW_SET").expect("SHOW_SET");
    let dir0 = support::data_dir().join(&set);
    let mut docs: Vec<support::Document> = std::fs::read_dir(&dir0)
        .expect("dir")
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
        .map(|e| serde_json::from_str(&std::fs::read_to_string(e.path()).expect("r")).expect("json"))
        .collect();
    docs.sort_by(|a, b| a.id.cmp(&b.id));
    let tokenizer = ModelTokenizer::for_model(DEFAULT_MODEL).expect("model");
    let dir = format!("/tmp/show/{set}");
    std::fs::create_dir_all(&dir).expect("dir");
    for doc in &docs {
        for strategy in Strategy::ALL {
            let options =
                Options { strategy, content_type: doc.content_type, target_tokens: None, preserve_keywords: &[] };
            let result = optimize(&doc.content, &options, &tokenizer.counter());
            std::fs::write(format!("{dir}/{}.{strategy:?}.txt", doc.id), &result.content).expect("write");
        }
    }
}

#[test]
fn probe() {
    let Ok(text) = std::fs::read_to_string("/tmp/probe.txt") else { return };
    let tokenizer = ModelTokenizer::for_model(DEFAULT_MODEL).expect("model");
    for doc in text.split("\n====\n") {
        let (ct, body) = doc.split_once('\n').expect("first line = content type");
        let content_type: shared::domain::optimizer::ContentType =
            serde_json::from_str(&format!("\"{}\"", ct.trim())).expect("ct");
        println!("######## {ct}\n{body}");
        for strategy in Strategy::ALL {
            let options = Options { strategy, content_type, target_tokens: None, preserve_keywords: &[] };
            let result = optimize(body, &options, &tokenizer.counter());
            println!("--- {strategy:?}\n{}", result.content);
        }
    }
}
