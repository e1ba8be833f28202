//! The optimizer against sets of invented clinical documents: the tuning corpus
//! (`tests/data/optimizer-corpus`), which the rules were developed on, and fifty-seven held-out sets
//! (`tests/data/optimizer-heldout*`), each written by someone who had not read them. On each,
//! listed facts survive verbatim (each set held to its measured level) and order is kept; the
//! reductions per strategy are reported side by side (`--nocapture`) and recorded in the README.
// Test code: a failed expectation is the failure message.
#![allow(clippy::expect_used, clippy::panic)]

use shared::domain::optimizer::{optimize, section_abbreviation, ContentType, Options, Strategy};
use shared::tokenizer::{ModelTokenizer, DEFAULT_MODEL};

#[path = "support/corpus.rs"]
mod support;
use support::{
    corpus, heldout, heldout_10, heldout_11, heldout_12, heldout_13, heldout_14, heldout_15, heldout_16, heldout_17,
    heldout_18, heldout_19, heldout_2, heldout_20, heldout_21, heldout_22, heldout_23, heldout_24, heldout_25,
    heldout_26, heldout_27, heldout_28, heldout_29, heldout_3, heldout_30, heldout_31, heldout_32, heldout_33,
    heldout_34, heldout_35, heldout_36, heldout_37, heldout_38, heldout_39, heldout_4, heldout_40, heldout_41,
    heldout_42, heldout_43, heldout_44, heldout_45, heldout_46, heldout_47, heldout_48, heldout_49, heldout_5,
    heldout_50, heldout_51, heldout_52, heldout_53, heldout_54, heldout_55, heldout_56, heldout_57, heldout_58,
    heldout_59, heldout_6, heldout_60, heldout_61, heldout_62, heldout_63, heldout_64, heldout_65, heldout_66,
    heldout_67, heldout_68, heldout_69, heldout_7, heldout_70, heldout_71, heldout_72, heldout_73, heldout_74,
    heldout_75, heldout_76, heldout_77, heldout_78, heldout_79, heldout_8, heldout_80, heldout_81, heldout_82,
    heldout_83, heldout_84, heldout_85, heldout_86, heldout_87, heldout_88, heldout_89, heldout_9, heldout_90,
    heldout_91, heldout_92, heldout_93, heldout_94, heldout_95, Document, Fact,
};

use std::collections::BTreeMap;

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) / 2.0
    }
}

/// `text` with every run of whitespace written as one space. Every strategy squeezes whitespace
/// (a table row keeps its cells and loses its padding), which changes no word of a fact: a lab
/// table's fact "ALT    142    H    U/L" is kept as "ALT 142 H U/L".
fn squeezed(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What one strategy did to a set of documents.
struct Outcome {
    strategy: Strategy,
    /// Facts found verbatim in the output, of all facts, per category.
    kept: BTreeMap<String, (usize, usize)>,
    /// Median reduction over the set's prose documents (`is_prose`), in percent.
    median_prose: f64,
    median_quality: f64,
}

/// Runs every strategy over `docs`: lost facts and markers out of order go to `failures`, one
/// line per document and strategy to `report`.
fn evaluate(docs: &[Document], failures: &mut Vec<String>, report: &mut String) -> Vec<Outcome> {
    let tokenizer = ModelTokenizer::for_model(DEFAULT_MODEL).expect("default model");
    let mut outcomes = Vec::new();
    for strategy in Strategy::ALL {
        let mut outcome = Outcome { strategy, kept: BTreeMap::new(), median_prose: 0.0, median_quality: 0.0 };
        let mut reductions = Vec::new();
        let mut qualities = Vec::new();
        for doc in docs {
            let options =
                Options { strategy, content_type: doc.content_type, target_tokens: None, preserve_keywords: &[] };
            let result = optimize(&doc.content, &options, &tokenizer.counter());
            let output = squeezed(&result.content);
            for fact in &doc.facts {
                let kept = output.contains(&squeezed(fact.text()));
                let tally = outcome.kept.entry(fact.category().to_owned()).or_default();
                tally.0 += usize::from(kept);
                tally.1 += 1;
                if !kept {
                    failures.push(format!("{strategy:?} {}: lost {} {:?}", doc.id, fact.category(), fact.text()));
                }
            }
            let mut cursor = 0;
            // Order is checked on the markers that are facts or hold one: the held-out set's
            // writer also chose headings and phrases of no clinical weight, which a strategy may
            // drop. (Every marker of the tuning corpus is a heading or a fact.)
            let is_fact = |marker: &str| {
                doc.facts.iter().any(|f| f.text().contains(marker) || marker.contains(f.text()))
                    || matches!(doc.facts.first(), Some(Fact::Text(_)))
            };
            for marker in doc.order.iter().filter(|m| is_fact(m)) {
                // AGGRESSIVE writes common headings as their abbreviation ("HPI").
                let abbreviated = (strategy == Strategy::Aggressive).then(|| section_abbreviation(marker)).flatten();
                let written = abbreviated.as_deref().unwrap_or(marker);
                // A marker holding a fact that was lost is missing because of that loss, which is
                // reported and held to the set's level above, not as a fault of order.
                let holds_a_lost_fact =
                    doc.facts.iter().any(|f| marker.contains(f.text()) && !output.contains(&squeezed(f.text())));
                // A marker that holds facts among other words (a list item whose first clause
                // is no fact: "- Collected by the patient; the usual weekly pill box was not
                // used") may lose those words to a strategy; its facts must then stand in order.
                // (The facts are listed in reading order.)
                let held_facts_in_order = |cursor: &mut usize| {
                    let mut at = *cursor;
                    let mut held = doc
                        .facts
                        .iter()
                        .map(Fact::text)
                        .filter(|f| f.len() < marker.len() && marker.contains(f))
                        .peekable();
                    let in_order = held.peek().is_some()
                        && held.all(|fact| {
                            result.content[at..].find(fact).map(|found| at += found + fact.len()).is_some()
                        });
                    if in_order {
                        *cursor = at;
                    }
                    in_order
                };
                match result.content[cursor..].find(written) {
                    Some(at) => cursor += at + written.len(),
                    None if holds_a_lost_fact => {}
                    None if held_facts_in_order(&mut cursor) => {}
                    None => failures.push(format!("{strategy:?} {}: {written:?} missing or out of order", doc.id)),
                }
            }
            assert!(result.optimized_tokens <= result.original_tokens);
            assert!(result.floor_tokens <= result.optimized_tokens);
            if is_prose(doc) {
                reductions.push(result.reduction_percentage());
            }
            qualities.push(result.quality.score);
            report.push_str(&format!(
                "{strategy:?}\t{}\t{:.1}%\tfloor {:.1}%\tq={:.3}\n",
                doc.id,
                result.reduction_percentage(),
                100.0 * (1.0 - result.floor_tokens as f64 / result.original_tokens.max(1) as f64),
                result.quality.score
            ));
        }
        outcome.median_prose = median(reductions);
        outcome.median_quality = median(qualities);
        outcomes.push(outcome);
    }
    outcomes
}

/// The summary table: per strategy, facts kept (in all and per category) and the median
/// reduction on prose against the promised range.
fn summary(name: &str, outcomes: &[Outcome]) -> String {
    let mut out = format!("== {name}\n");
    for o in outcomes {
        let (kept, total) = o.kept.values().fold((0, 0), |(k, t), (a, b)| (k + a, t + b));
        let (low, high) = o.strategy.range();
        out.push_str(&format!(
            "{:<13} facts {kept}/{total}  median reduction on prose {:.1}% (range {low}-{high})  median quality {:.3}\n",
            format!("{:?}", o.strategy),
            o.median_prose,
            o.median_quality
        ));
        let categories: Vec<String> = o.kept.iter().map(|(c, (k, t))| format!("{c} {k}/{t}")).collect();
        out.push_str(&format!("              {}\n", categories.join(", ")));
    }
    out
}

fn median_of(outcomes: &[Outcome], strategy: Strategy) -> f64 {
    outcomes.iter().find(|o| o.strategy == strategy).map_or(0.0, |o| o.median_prose)
}

/// Stronger strategies never cut less.
fn check_order_of_strategies(outcomes: &[Outcome], failures: &mut Vec<String>) {
    let by_strength = [Strategy::Minimal, Strategy::Conservative, Strategy::Balanced, Strategy::Aggressive];
    for pair in by_strength.windows(2) {
        if median_of(outcomes, pair[1]) < median_of(outcomes, pair[0]) {
            failures.push(format!("{:?} cuts less than {:?}", pair[1], pair[0]));
        }
    }
}

#[test]
fn tuning_corpus_every_fact_survives_every_strategy_in_order() {
    let docs = corpus();
    let tokenizer = ModelTokenizer::for_model(DEFAULT_MODEL).expect("default model");
    let (mut failures, mut report) = (Vec::new(), String::new());
    let outcomes = evaluate(&docs, &mut failures, &mut report);
    report.push_str(&summary("tuning corpus", &outcomes));
    check_order_of_strategies(&outcomes, &mut failures);
    // The most any strategy can remove while keeping protected content: `targetTokens` 1 drives
    // the optimizer to its last level, which drops every unprotected clause. What that leaves is
    // protected content, headings and table rows; it bounds AGGRESSIVE from above.
    let mut last_level = Vec::new();
    for doc in docs.iter().filter(|d| is_prose(d)) {
        let options = Options {
            strategy: Strategy::Aggressive,
            content_type: doc.content_type,
            target_tokens: Some(1),
            preserve_keywords: &[],
        };
        last_level.push(optimize(&doc.content, &options, &tokenizer.counter()).reduction_percentage());
    }
    let ceiling = median(last_level);
    report.push_str(&format!("== every unprotected clause dropped (targetTokens 1): median on prose {ceiling:.1}%\n"));
    // Reported, not ranged: the same documents cut down to their narrative paragraphs (lines of
    // eight words or more that are not list items or table rows).
    for strategy in Strategy::ALL {
        let mut narrative = Vec::new();
        for doc in docs.iter().filter(|d| is_prose(d)) {
            let paragraphs = narrative_paragraphs(&doc.content);
            let options =
                Options { strategy, content_type: doc.content_type, target_tokens: None, preserve_keywords: &[] };
            narrative.push(optimize(&paragraphs, &options, &tokenizer.counter()).reduction_percentage());
        }
        report.push_str(&format!("== {strategy:?} on narrative paragraphs only: median {:.1}%\n", median(narrative)));
    }
    // MINIMAL and CONSERVATIVE reach their ranges on this corpus; BALANCED and AGGRESSIVE do
    // not since clinical concepts are protected (the README says by how much and why), and are
    // held to cutting at least as much as the strategy below them.
    for strategy in [Strategy::Minimal, Strategy::Conservative] {
        let (low, high) = strategy.range();
        let m = median_of(&outcomes, strategy);
        if !(low..=high).contains(&m) {
            failures.push(format!("{strategy:?}: median reduction {m:.1}% outside {low}-{high}%"));
        }
    }
    if median_of(&outcomes, Strategy::Aggressive) > ceiling {
        failures.push(format!("AGGRESSIVE cuts more than dropping every unprotected clause ({ceiling:.1}%)"));
    }
    println!("{report}");
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

/// The first held-out set: the same checks on documents the rules were not developed on. Its
/// losses were studied by class (never one rule for one document), so it is no longer blind and
/// every strategy is held to all its facts.
#[test]
fn first_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 1", &heldout(), |_, kept, total| kept == total);
}

/// The second held-out set, written blind after the first was studied, then studied itself the
/// same way: every strategy keeps at least 99 % of its facts, MINIMAL all of them. The study of
/// set 6 (everyday body parts: "The left hand is fine") raised it: every strategy but AGGRESSIVE
/// keeps all, AGGRESSIVE at least 99.5 %; the subject rule (after set 8) raised AGGRESSIVE to all.
#[test]
fn second_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 2", &heldout_2(), |_, kept, total| kept == total);
}

/// The third held-out set, written blind after the other two were studied; measured blind
/// (MINIMAL 957 of 959, AGGRESSIVE 930), then studied by class once the fourth set was written:
/// MINIMAL and CONSERVATIVE kept every fact, BALANCED and AGGRESSIVE at least 99 %. With the
/// subject rule and a name label's sentence read as a report (`fields::is_admin`: a pharmacy
/// review's `Patient: "My mouth's always dry" …`), every strategy keeps every fact.
#[test]
fn third_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 3", &heldout_3(), |_, kept, total| kept == total);
}

/// The fourth held-out set, written blind before the third set was studied; measured blind
/// (MINIMAL 989 of 989, CONSERVATIVE 968, BALANCED 958, AGGRESSIVE 956), then studied by class
/// once the fifth set was written; with the subject rule (after sets 8 and 9) every strategy
/// keeps every fact.
#[test]
fn fourth_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 4", &heldout_4(), |_, kept, total| kept == total);
}

/// The fifth held-out set, written blind before the fourth set was studied; measured blind
/// (MINIMAL 991 of 991, CONSERVATIVE 968, BALANCED 955, AGGRESSIVE 951; after set 4's study, still
/// blind: 991 / 981 / 975 / 970), then studied by class once the sixth set was written; its last
/// loss, an impression opening with its certainty, was kept by set 10's study: every strategy keeps
/// every fact.
#[test]
fn fifth_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 5", &heldout_5(), |_, kept, total| kept == total);
}

/// The sixth held-out set, written blind (its writer read only the READMEs of sets 3 to 5 and the
/// format checker) before the fifth set was studied; measured blind (973 / 967 / 963 / 960 of
/// 973; after set 5's study, still blind: 973 / 967 / 965 / 964), then studied by class once the
/// seventh set was being written: every strategy keeps every fact.
#[test]
fn sixth_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 6", &heldout_6(), |_, kept, total| kept == total);
}

/// The seventh held-out set, written blind (its writer read only the READMEs of sets 3 to 6 and
/// the format checker) while the sixth set was studied, and never studied: the figure a new
/// customer's documents should expect. Measured blind before set 6's study: MINIMAL 1023 of
/// 1023, CONSERVATIVE 1012, BALANCED 1007, AGGRESSIVE 1005. Its losses were not studied
/// sentence by sentence; their kind (behaviour and thought in plain words, in history,
/// examination and opinion sections) led to a structural rule instead of more words: a sentence
/// of a clinical narrative section is never dropped (`section`). With it: 1023 / 1023 / 1022 /
/// 1022; with the subject rule (after set 8), every fact under every strategy, which the test
/// holds.
#[test]
fn seventh_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 7 (blind, then its losses' kind studied)", &heldout_7(), |_, kept, total| {
        kept == total
    });
}

/// The eighth held-out set, written blind (its writer read only the READMEs of sets 3 to 7 and
/// the format checker) while set 7's losses were studied. Weighted to behaviour, thought and
/// findings in plain words (62 % of its facts). Measured blind on `4afd3d1` (before the
/// structural rule): MINIMAL 953 of 953, CONSERVATIVE 914, BALANCED 902, AGGRESSIVE 899; with the
/// structural rule, designed on set 7 without reading this set: 953, 934, 927, 925. Then the
/// kind of its losses (sentences whose subject is the patient or a relative, outside any
/// narrative heading; entries of nursing and telephone logs; numbered and annotated headings)
/// led to the subject rule (`subject`) and to more heading shapes (`section`): 953 / 950 / 949 /
/// 949; with set 9's study, 953 / 952 / 951 / 951; with stop 33's rule for a paragraph that is
/// mostly the patient's account, every fact, which the test holds so that no change loses more;
/// set 9, written after the subject rule, measured it.
#[test]
fn eighth_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout(
        "held-out set 8 (blind, then its losses' kind studied)",
        &heldout_8(),
        minimal_all_others_at_least(1000),
    );
}

/// The ninth held-out set, written blind (its writer read only the READMEs of sets 3 to 8 and the
/// format checker) while set 8's losses were studied and the subject rule built. Measured blind
/// with the rules before the subject rule (`a5e67f9`): MINIMAL 1375 of 1375, CONSERVATIVE 1342,
/// BALANCED 1330, AGGRESSIVE 1327; with it (`47ac1b2`): 1375 / 1360 / 1356 / 1354. Then the kind
/// of its losses (a note's sentences with the patient left out as subject, a clause after a
/// semicolon, "you" in a letter to the patient) widened the subject rule: 1375 / 1372 / 1370 /
/// 1368; and a plan's list items (a treatment, a referral) kept whole: 1375 / 1374 / 1372 / 1372.
/// Set 10, written after, measures both. Its last loss, a home's risk ("Papers piled around the
/// gas cooker, with scorch marks on the wall"), was kept in stop 40 by marks of fire at home as
/// weak words: every fact, which the test holds.
#[test]
fn ninth_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout(
        "held-out set 9 (blind, then its losses' kind studied)",
        &heldout_9(),
        minimal_all_others_at_least(1000),
    );
}

/// The tenth held-out set, written blind (its writer read only the READMEs of sets 3 to 9 and the
/// format checker) while set 9's losses were studied and the subject rule widened. Measured blind
/// with the rules before the subject rule (`a5e67f9`): MINIMAL 1523 of 1523, CONSERVATIVE 1493,
/// BALANCED 1488, AGGRESSIVE 1481; with the subject rule (`47ac1b2`): 1523 / 1509 / 1505 / 1501;
/// with it widened after set 9 and a name label's sentence read as a report (`7c193dd`): 1523 /
/// 1514 / 1511 / 1508; with a plan's list items kept whole (designed on set 9): 1523 / 1516 / 1513
/// / 1511. Then its losses were studied by class (`1dfac46`: headings speaking of the patient,
/// impressions opening with their certainty, a negation closing its clause, …): 1523 / 1523 /
/// 1523 / 1522; with set 13's study (a referral opening a sentence), every fact under every
/// strategy, which the test holds. Set 11, written while it was studied, measures that study.
#[test]
fn tenth_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 10 (blind, then its losses' kind studied)", &heldout_10(), |_, kept, total| {
        kept == total
    });
}

/// The eleventh held-out set, written blind (its writer read only the READMEs of sets 3 to 10 and
/// the format checker) while set 10's losses were studied. Measured blind with the rules before
/// set 10's study (`1e6d41f`) and after it (`1dfac46`), the same: MINIMAL 1496 of 1496,
/// CONSERVATIVE 1485, BALANCED 1482, AGGRESSIVE 1481. Then its losses were studied by class
/// (quotations over several sentences, a line labelled as the plan, a form's evidence field, a
/// session's numbered entry, a friend as the subject, …): 1496 / 1494 / 1494 / 1494; set 12,
/// written while it was studied, measures that study. Later studies keep the rest (stop 34: a
/// colour seen, "Pink again within a minute"), which the test holds.
#[test]
fn eleventh_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout(
        "held-out set 11 (blind, then its losses' kind studied)",
        &heldout_11(),
        minimal_all_others_at_least(1000),
    );
}

/// The twelfth held-out set, written blind (its writer read only the READMEs of sets 3 to 11 and
/// the format checker) while set 11's losses were studied. Measured blind with the rules before
/// set 11's study (`50493fd`): MINIMAL 1284 of 1285, CONSERVATIVE 1273, BALANCED 1272, AGGRESSIVE
/// 1271; with it: 1284 / 1278 / 1277 / 1276. MINIMAL's one loss was read at once, since MINIMAL
/// must never lose a fact: a verbose-phrase rewrite ("I wanted to" → "I") had changed a patient's
/// words; without it (`a84ed41`), 1285 / 1279 / 1278 / 1277. Then its losses were studied by class
/// (a check's and a letter's findings headings, a negated clause's third word back): 1285 / 1282 /
/// 1281 / 1281; set 13, written while it was studied, measures that study. Later studies keep
/// two more (stop 32: 1285 / 1284 / 1283 / 1283), and with a play specialist's field within a
/// line read as one ("Distraction: train video on the tablet, bubbles", stop 41), every fact.
#[test]
fn twelfth_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout(
        "held-out set 12 (blind, then its losses' kind studied)",
        &heldout_12(),
        minimal_all_others_at_least(1000),
    );
}

/// The thirteenth held-out set, written blind (its writer read only the READMEs of sets 3 to 12
/// and the format checker) while set 12's losses were studied. Measured blind with the rules
/// before set 12's study (`a84ed41`): MINIMAL 1218 of 1218, CONSERVATIVE 1202, BALANCED 1196,
/// AGGRESSIVE 1192; with it (`7e62edf`): 1218 / 1205 / 1201 / 1197. Then its losses were studied by
/// class (a form's answer boxes, referrals, verbs in "-s" before a particle, entries numbered
/// before a dash): 1218 / 1210 / 1208 / 1206; set 14, written while it was studied, measures that
/// study. Later studies keep a few more (stop 32: 1218 / 1212 / 1211 / 1211; stop 33, a dose in
/// words: 1218 / 1213 / 1212 / 1212; stop 35, the parts of an implanted device, "Reservoir refills
/// slowly when pressed": 1218 / 1216 / 1215 / 1215; stop 40, what sets off an episode, "Events C
/// and D were preceded by an argument on the phone", a body word made a body part by what it
/// does, "Hand function still good for a phone and joystick", and a meeting's "Decisions" as its
/// plan: every fact), which the test holds.
#[test]
fn thirteenth_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout(
        "held-out set 13 (blind, then its losses' kind studied)",
        &heldout_13(),
        minimal_all_others_at_least(1000),
    );
}

/// The fourteenth held-out set, written blind (its writer read only the READMEs of sets 3 to 13
/// and the format checker) while set 13's losses were studied. Measured blind with the rules
/// before set 13's study (`e7c7f61`) and after it (`f579de8`), the same: MINIMAL 1266 of 1267,
/// CONSERVATIVE 1260, BALANCED 1260, AGGRESSIVE 1260. MINIMAL's one loss was read at once, since
/// MINIMAL must never lose a fact: "also", deleted as a hedge, had changed "also when he washes
/// the car"; it is no hedge now: 1267 / 1261 / 1261 / 1261. Then its losses were studied by class
/// (the plan's items written as notes, a request's clinical details, labels of what was
/// discussed, a recurring event): 1267 / 1266 / 1266 / 1266; set 15, written while the set was
/// studied, measures that study. The one left, a plan in the clinician's first person ("We will
/// recheck … in six weeks and a supervised dairy challenge may be offered later"), is kept since
/// stop 35, which protects a sentence telling a time in words: every fact, which the test holds.
#[test]
fn fourteenth_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout(
        "held-out set 14 (blind, then its losses' kind studied)",
        &heldout_14(),
        minimal_all_others_at_least(1000),
    );
}

/// The fifteenth held-out set, written blind (its writer read only the READMEs of sets 3 to 14
/// and the format checker) while set 14's losses were studied. Measured blind with the rules
/// before set 14's study (`41d92f6`): MINIMAL 1223 of 1223, CONSERVATIVE 1215, BALANCED 1213,
/// AGGRESSIVE 1213; with it (`dbb4a4a`): 1223 / 1218 / 1216 / 1216. Then its losses were studied
/// by class (a labelled line is one field's entry, a dietary history, a form's question as its
/// heading, what a patient is told to expect): 1223 / 1221 / 1221 / 1221; set 16, written while it
/// was studied, measures that study. Stop 35's episodes by their other names ("bout", "flare")
/// and alcohol by its drinks ("half a pint of lager") keep the last two: every fact, which the
/// test holds.
#[test]
fn fifteenth_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout(
        "held-out set 15 (blind, then its losses' kind studied)",
        &heldout_15(),
        minimal_all_others_at_least(1000),
    );
}

/// The sixteenth held-out set, written blind (its writer read only the READMEs of sets 3 to 15
/// and the format checker) while set 15's losses were studied. Measured blind with the rules
/// before set 15's study (`dbb4a4a`) and after it (`f8784db`), the same: MINIMAL 1553 of 1553,
/// CONSERVATIVE 1548, BALANCED 1545, AGGRESSIVE 1544. Then its losses were studied by class (a
/// prescription's fields of how and how long, a letter's background and the social history, a
/// handover as the plan, a request to the letter's reader, "Finds" opening a note, a negation
/// opening a clause after a comma): every fact, which the test holds. Set 17, written while it
/// was studied, measures that study.
#[test]
fn sixteenth_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout(
        "held-out set 16 (blind, then its losses' kind studied)",
        &heldout_16(),
        minimal_all_others_at_least(1000),
    );
}

/// The seventeenth held-out set, written blind (its writer read only the READMEs of sets 3 to 16
/// and the format checker) while set 16's losses were studied; 70 % of its facts plain findings,
/// the hardest set so far. Measured blind with the rules before set 16's study (`f8784db`):
/// MINIMAL 1390 of 1390, CONSERVATIVE 1378, BALANCED 1366, AGGRESSIVE 1366; with it (`aa39e54`):
/// 1390 / 1378 / 1367 / 1367. Then its losses were studied by class (a patient's own writing in the
/// first person, a diary's numbered entries, a test's name as a sentence's label, a referral
/// naming whom it refers): 1390 / 1382 / 1380 / 1380; set 18, written while it was studied,
/// measures that study. Stop 33's rule for a paragraph that is mostly the patient's account keeps
/// five more (1390 / 1387 / 1385 / 1385), "once" before the subject one more (1390 / 1387 / 1386 /
/// 1386), stop 34's colours, temperatures and a site leaking three more (1390 / 1390 / 1389 /
/// 1389), and stop 35's retching in lay words ("I start to gag") the last: every fact, which the
/// test holds.
#[test]
fn seventeenth_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout(
        "held-out set 17 (blind, then its losses' kind studied)",
        &heldout_17(),
        minimal_all_others_at_least(1000),
    );
}

/// The eighteenth held-out set, written blind (its writer read only the READMEs of sets 3 to 17
/// and the format checker) while set 17's losses were studied. Measured blind with the rules
/// before set 17's study (`aa39e54`): MINIMAL 1346 of 1346, CONSERVATIVE 1343, BALANCED 1342,
/// AGGRESSIVE 1342; with it (`e18f960`): 1346 / 1344 / 1343 / 1343. Then its losses were studied by
/// class (a form's ticked box is its answer, a line is the plan after a sentence labelled so):
/// 1346 / 1345 / 1345 / 1345. Set 19, written while it was studied, measures that study. Stop
/// 34's colours keep the last ("Pink and vigorous"): every fact, which the test holds.
#[test]
fn eighteenth_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout(
        "held-out set 18 (blind, then its losses' kind studied)",
        &heldout_18(),
        minimal_all_others_at_least(1000),
    );
}

/// The nineteenth held-out set, written blind (its writer read only the READMEs of sets 3 to 18
/// and the format checker) while set 18's losses were studied. Measured blind with the rules
/// before set 18's study (`e18f960`) and after it (`9238fc4`), the same: MINIMAL 1468 of 1468,
/// CONSERVATIVE 1466, BALANCED 1462, AGGRESSIVE 1462. Then its losses were studied by class (a
/// negation's scope over a list's commas, the clinician's first-person plan under the plan's
/// heading, "my" before a person, an adverb of time before the subject, a letter's points for the
/// GP): 1468 / 1467 / 1467 / 1467. Set 20, written while it was studied, measures that study.
/// Stop 34's site states keep the last: every fact, which the test holds.
#[test]
fn nineteenth_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout(
        "held-out set 19 (blind, then its losses' kind studied)",
        &heldout_19(),
        minimal_all_others_at_least(1000),
    );
}

/// The twentieth held-out set, written blind (its writer read only the READMEs of sets 3 to 19
/// and the format checker) while set 19's losses were studied. Measured blind with the rules
/// before set 19's study (`9238fc4`) and after it (`e908c1a`), the same: MINIMAL 1243 of 1243,
/// CONSERVATIVE 1236, BALANCED 1233, AGGRESSIVE 1233. Then its losses were studied by class (a
/// sentence-case heading with an aside opens the plan, "my" and "your" before the subject, an
/// adjective's "-ier" form, an episodic course, a paragraph opening "On examination", a negated
/// clause's whole subject, a note that care was escalated): 1243 / 1242 / 1241 / 1241; set 21,
/// written while it was studied, measures that study. With the rule for a paragraph that is
/// mostly the patient's account (stop 33, from the losses of sets 8, 12, 17 and 20): 1243 / 1243
/// / 1242 / 1242; with stop 34's site states every fact, which the test holds.
#[test]
fn twentieth_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout(
        "held-out set 20 (blind, then its losses' kind studied)",
        &heldout_20(),
        minimal_all_others_at_least(1000),
    );
}

/// The twenty-first held-out set, written blind (its writer read only the READMEs of sets 3 to
/// 20 and the format checker) while set 20's losses were studied. Measured blind with the rules
/// before set 20's study (`fb2fa99`) and after it (`aac3bc2`), the same: MINIMAL 1688 of 1688,
/// CONSERVATIVE 1684, BALANCED 1681, AGGRESSIVE 1681. Then its losses were studied by class (the
/// domains of an adolescent's psychosocial history as headings, a referral named by its service,
/// a plan in the passive infinitive): every fact, which the test holds. Set 22, written while it
/// was studied, measures that study.
#[test]
fn twenty_first_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout(
        "held-out set 21 (blind, then its losses' kind studied)",
        &heldout_21(),
        minimal_all_others_at_least(1000),
    );
}

/// The twenty-second held-out set, written blind (its writer read only the READMEs of sets 3 to
/// 21 and the format checker) while set 21's losses were studied. Measured blind with the rules
/// at the stop's start (`fb2fa99`) and before set 21's study (`f53378d`), the same: MINIMAL 1653
/// of 1653, CONSERVATIVE 1651, BALANCED 1650, AGGRESSIVE 1649; with set 21's study and the stop's
/// other rules (`4fab4c8`): 1653 / 1653 / 1652 / 1651. Then its losses were studied by class (a
/// referral opening a clause after a semicolon): every fact, which the test holds. Set 23, written
/// while it was studied, measures that study.
#[test]
fn twenty_second_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout(
        "held-out set 22 (blind, then its losses' kind studied)",
        &heldout_22(),
        minimal_all_others_at_least(1000),
    );
}

/// The twenty-third held-out set, written blind (its writer read only the READMEs of sets 3 to
/// 22 and the format checker) while set 22's losses were studied. Measured blind with the rules
/// at the stop's start (`fb2fa99`), before set 22's study (`4fab4c8`) and after it (`43ba150`), the
/// same: MINIMAL 1599 of 1599, CONSERVATIVE, BALANCED and AGGRESSIVE 1594. Then its losses were
/// studied by class (an entry of a record headed by its kind, "Ward entry, day 1 - …"; a
/// quantity of people as a subject, "A few children have it for longer"): 1599 / 1598 / 1598 /
/// 1598; and with an act of care in the clinician's first person kept wherever it stands ("We
/// have offered testing to your siblings and your mum", stop 41), every fact. Set 24, written
/// while it was studied, measures that study.
#[test]
fn twenty_third_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout(
        "held-out set 23 (blind, then its losses' kind studied)",
        &heldout_23(),
        minimal_all_others_at_least(1000),
    );
}

/// The twenty-fourth held-out set, written blind (its writer read only the READMEs of sets 3 to
/// 23 and the format checker) while set 23's losses were studied. Measured blind with the rules
/// at stop 33's start (`fb2fa99`): MINIMAL 1437 of 1437, CONSERVATIVE 1436, BALANCED 1428,
/// AGGRESSIVE 1427; before set 23's study (`83c05cb`): 1437 / 1436 / 1431 / 1430; after it and the
/// review's narrower rules (`4ecfdf0`): 1437 / 1436 / 1428 / 1427. Then its losses were studied
/// by class (a site's state in plain words, "Pad and shield clean and dry"; an entry headed by
/// its number and an aside, "Visit 2, Tuesday", or by its kind, "GP home visit entry - …"; an
/// "a" opening a quantity, "leaked a little"): every fact, which the test holds. Set 25, written
/// while it was studied, measures that study.
#[test]
fn twenty_fourth_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout(
        "held-out set 24 (blind, then its losses' kind studied)",
        &heldout_24(),
        minimal_all_others_at_least(1000),
    );
}

/// The twenty-fifth held-out set, written blind (its writer read only the READMEs of sets 3 to
/// 24 and the format checker) while set 24's losses were studied. Measured blind with the rules
/// before set 24's study (`8ba03eb`) and after it (`91d13c3`), the same: MINIMAL 1518 of 1518,
/// CONSERVATIVE, BALANCED and AGGRESSIVE 1512. Then its losses were studied by class (a heading
/// naming a site of the body, "LEFT HIP"; a letter's "What you told me"; a weekday in full with an
/// aside, "Monday (heatwave - 31 degrees)"; eye protection as a device, "goggles"): every fact,
/// which the test holds. Set 26, written while it was studied, measures that study.
#[test]
fn twenty_fifth_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout(
        "held-out set 25 (blind, then its losses' kind studied)",
        &heldout_25(),
        minimal_all_others_at_least(1000),
    );
}

/// The twenty-sixth held-out set, written blind (its writer read only the READMEs of sets 3 to
/// 25 and the format checker) while set 25's losses were studied. Measured blind with the rules
/// at the stop's start (`8ba03eb`): MINIMAL 1717 of 1717, CONSERVATIVE 1710, BALANCED and
/// AGGRESSIVE 1709 (set 24's study kept a facilitator's note, "member keen to come back to
/// singing"); before set 25's study (`9a57215`) and after it (`2a1eff0`), the same: 1717 / 1711 /
/// 1710 / 1710. Then its losses were studied by class (an interview's answer, "A: After nearly
/// every meal"; a procedure's steps under "Procedure"; a possessive's summary, "Clinician's
/// summary"; a judgement of fitness, "Well enough to go home"; how active a disease is): every
/// fact, which the test holds. Set 27, written while it was studied, measures that study.
#[test]
fn twenty_sixth_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout(
        "held-out set 26 (blind, then its losses' kind studied)",
        &heldout_26(),
        minimal_all_others_at_least(1000),
    );
}

/// The twenty-seventh held-out set, written blind (its writer read only the READMEs of sets 3 to
/// 26 and the format checker) while set 26's losses were studied. Measured blind with the rules
/// at the stop's start (`8ba03eb`), before set 26's study (`4c9ef02`) and after it (`df466a2`), the
/// same: MINIMAL 1688 of 1688, CONSERVATIVE, BALANCED and AGGRESSIVE 1682. Then its losses were
/// studied by class (an entry named as someone's note, "Dermatology nurse's note - …"; a weekday
/// in full with a comma's aside, "Friday, week 0"; a lab report's list items): every fact, which
/// the test holds. Set 28, written while it was studied, measures that study.
#[test]
fn twenty_seventh_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout(
        "held-out set 27 (blind, then its losses' kind studied)",
        &heldout_27(),
        minimal_all_others_at_least(1000),
    );
}

/// The twenty-eighth held-out set, written blind (its writer read only the READMEs of sets 3 to
/// 27 and the format checker) while set 27's losses were studied. (Once its documents were
/// written, its writer ran `git status` in the repository, which showed the names of five
/// modified files and nothing of their contents.) Measured blind with the rules at the start of
/// stop 34 (`8ba03eb`) and before set 27's study (`33fe527`), the same: MINIMAL 1670 of 1670,
/// CONSERVATIVE and BALANCED 1666, AGGRESSIVE 1665; after that study and the review's fixes
/// (`68a7a97`): 1670 / 1667 / 1667 / 1666. Then its losses were studied by class (how an injury
/// happened in an accident record, "The pony stumbled"; a minor procedure's instrument in
/// everyday words, "ring cutter"; a social history's circumstances, "Strong support network"):
/// 1670 / 1670 / 1670 / 1669. AGGRESSIVE lost "Tandem went in more easily than at fraction 1"
/// (its generic verb and particle dropped, the telegraphic style the issue asks of that
/// strategy) until stop 39 read a comparison with an earlier time as a finding (set 46's "Deeper
/// in the centre than at the first visit"): every fact. Set 29, written while it was studied,
/// measures that study.
#[test]
fn twenty_eighth_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout(
        "held-out set 28 (blind, then its losses' kind studied)",
        &heldout_28(),
        minimal_all_others_at_least(1000),
    );
}

/// The twenty-ninth held-out set, written blind (its writer read only the READMEs of sets 3 to
/// 28 and the format checker) while set 28's losses were studied. Measured blind with the rules at
/// the start of stop 35 (`68a7a97`) and after set 28's study (`4df52aa`), the same: MINIMAL 2121
/// of 2121, CONSERVATIVE 2117, BALANCED 2114, AGGRESSIVE 2113. Then its losses were studied by
/// class (the eyelid by its everyday name, "the left lid"; a clinician's review as a heading,
/// "Orthoptist review - one week"; a letter's naming of the diagnosis, "What it is called"; a
/// compound named by its first part, "progestogen-only"; a contraceptive coil; a short first
/// clause naming what the value after it measures, "Double-volume exchange, total 520 mL"):
/// every fact, which the test holds. Set 30, written while it was studied, measures that study.
#[test]
fn twenty_ninth_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout(
        "held-out set 29 (blind, then its losses' kind studied)",
        &heldout_29(),
        minimal_all_others_at_least(1000),
    );
}

/// The thirtieth held-out set, written blind (its writer read only the READMEs of sets 3 to 29
/// and the format checker) while set 29's losses were studied. Measured blind with the rules at
/// the start of stop 35 (`68a7a97`), before set 29's study (`4df52aa`) and after it (`4f9a7fd`),
/// the same: MINIMAL 1585 of 1585, CONSERVATIVE 1579, BALANCED and AGGRESSIVE 1577. Then its
/// losses were studied by class (a time in words, "Each lasts about ten days", "Thirty years of
/// cycling"; an entry's aside naming a time before a colon, "Week 1, Thu: Normal. Chatty…";
/// someone's notes as a heading, "Nurse's notes"): 1585 / 1585 / 1584 / 1584, which the test
/// held. BALANCED and AGGRESSIVE still dropped "Blood pressure high at the chemist last week": a
/// measure's result in everyday words ("high"), which no list may name alone without keeping
/// "high risk" and "high street" too. Set 31, written while it was studied, measures that study.
/// Kept since stop 36, which reads a result in words just after a measure's name (set 32's
/// study): every fact, which the test holds.
#[test]
fn thirtieth_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout(
        "held-out set 30 (blind, then its losses' kind studied)",
        &heldout_30(),
        minimal_all_others_at_least(1000),
    );
}

/// The thirty-first held-out set, written blind (its writer read only the READMEs of sets 3 to
/// 30 and the format checker) while set 30's losses were studied. Measured blind with the rules at
/// the start of stop 35 (`68a7a97`) and before set 30's study (`af64a1b`), the same: MINIMAL 1943
/// of 1944, CONSERVATIVE 1939, BALANCED and AGGRESSIVE 1937; after it (`6e95d4a`): 1943 / 1939 /
/// 1938 / 1938 (a monitoring plan's "at four and twelve weeks", a time in words). MINIMAL's one
/// loss was read at once, since MINIMAL must never lose a fact: a barber's message opening "Hi
/// mate, not being funny but that lump under your right ear is bigger than last time" went as a
/// courtesy, because the negation's scope covered the sentence and its concepts were then not
/// looked at (`Lexicon::protect`); fixed: 1944 / 1940 / 1939 / 1939, the level at stop 36's start
/// (`eadad65`). Then its losses were studied by class (gloves and a steam inhaler by their
/// everyday names; a test's quality and effort as a labelled field; a comparison with what is
/// usual, "Warm-up took twice as long as usual"; a restriction kept with the fact it restricts,
/// "not offered; pool and relaxation room only"): every fact, which the test holds. Set 32,
/// written while it was studied, measures that study.
#[test]
fn thirty_first_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout(
        "held-out set 31 (blind, then its losses' kind studied)",
        &heldout_31(),
        minimal_all_others_at_least(1000),
    );
}

/// The thirty-second held-out set, written blind (its writer read only the READMEs of sets 3 to
/// 31 and the format checker) while set 31's losses were studied, and never studied: the figure a
/// new customer's documents should expect. Measured blind with the rules at the start of stop 36
/// (`eadad65`) and after set 31's study, the same: MINIMAL 1798 of 1799, CONSERVATIVE 1786,
/// BALANCED and AGGRESSIVE 1783. MINIMAL's one loss was read at once, since MINIMAL must never
/// lose a fact: "simply", deleted as a hedge, changed "Afterwards the lost part was simply gone
/// for him"; words that state a degree ("simply", "truly", "essentially") are no hedges now:
/// 1799 / 1787 / 1784 / 1784. Then its losses were studied by class (a questionnaire's numbered
/// questions and answers, "Q1. …" and "A. …"; marks on the skin and a body's reactions in lay
/// words, "scab", "wince"; a battery; a span of time with no number, "over years", "take
/// months"; what moves the writer, "make me"; a measure's result in words, "Blood pressure high
/// at the chemist", which set 30 lost too): 1799 / 1798 / 1796 / 1796; and, with the genus names
/// of the NCBI Taxonomy in the vocabulary ("Pasteurella multocida was looked for from the bite
/// swab and not grown"), 1799 / 1798 / 1797 / 1797; and with "on the way" as a phrase whose small
/// words carry its meaning (stop 40), 1799 / 1798 / 1798 / 1797; and with a headset's limiter
/// as a device that protects the ear, a "by" that names who did something ("given three times by
/// Mum") and "on the way in" as a whole phrase (stop 41), every fact. Set 33, written while it
/// was studied, measures that study.
#[test]
fn thirty_second_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout(
        "held-out set 32 (blind, then its losses' kind studied)",
        &heldout_32(),
        minimal_all_others_at_least(1000),
    );
}

/// The thirty-third held-out set, written blind (its writer read only the READMEs of sets 3 to
/// 32 and the format checker) while set 32's losses were studied. Measured blind with the rules
/// at the start of stop 36 (`eadad65`) and after set 32's study, the same: MINIMAL 1304 of 1304,
/// CONSERVATIVE and BALANCED 1303, AGGRESSIVE 1302. Then its losses were studied by class (a log
/// entry's sentence after the dash that closes its time, "Fri wk 3 - Brought his own biscuits and
/// shared them", and the clause after a first clause of one word, "Quiet, kept his coat on", read
/// for a verb whose subject is left out): every fact, which the test holds.
#[test]
fn thirty_third_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout(
        "held-out set 33 (blind, then its losses' kind studied)",
        &heldout_33(),
        minimal_all_others_at_least(1000),
    );
}

/// The thirty-fourth held-out set, written blind (its writer read only the READMEs of sets 3 to
/// 33 and the format checker) while set 33's losses were studied, and never studied: the figure a
/// new customer's documents should expect. Measured blind with the rules at the start of stop 36
/// (`eadad65`) and after set 33's study, the same: MINIMAL and CONSERVATIVE 1347 of 1347,
/// BALANCED and AGGRESSIVE 1346. The test holds that level (MINIMAL every fact, the others
/// 99.9 %) so that no change loses more.
#[test]
fn thirty_fourth_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 34", &heldout_34(), minimal_all_others_at_least(1000));
}

#[test]
fn thirty_fifth_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 35", &heldout_35(), minimal_all_others_at_least(1000));
}

/// The thirty-sixth held-out set: 1303 / 1298 / 1295 / 1295 blind at stop 37's start, 1303 /
/// 1300 / 1299 / 1299 after its study; every fact since stop 38's, which gave its residual
/// losses' kinds rules of their own (a procedure as a passive "by" its method, how an episode
/// ended, a workplace's people as subjects).
#[test]
fn thirty_sixth_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 36", &heldout_36(), minimal_all_others_at_least(1000));
}

/// The thirty-seventh held-out set, the blind set of stop 37: 1305 / 1303 / 1301 / 1300 blind at
/// its start and with all of its rules; every fact after its study by class in stop 38 (family
/// in the plural, "worst", advice to talk to a clinician, how long an episode lasted).
#[test]
fn thirty_seventh_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 37", &heldout_37(), minimal_all_others_at_least(1000));
}

/// The thirty-eighth held-out set, written blind while set 37 was studied. Measured blind at stop
/// 38's start (`2398794`) and with set 37's study: MINIMAL 1326 of 1326, CONSERVATIVE 1321,
/// BALANCED and AGGRESSIVE 1319. Every fact after its own study by class (clumsy hands, a
/// weight's change, what protects the body in a fall, a hedge before ", but", a frequency in
/// words, a log entry opening with a form in "-ing", relief opening a note's sentence).
#[test]
fn thirty_eighth_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 38", &heldout_38(), minimal_all_others_at_least(1000));
}

/// The thirty-ninth held-out set, written blind while set 38 was studied. Measured blind at stop
/// 38's start (`2398794`) and with set 38's study, the same: MINIMAL and CONSERVATIVE 1523 of
/// 1523, BALANCED and AGGRESSIVE 1521. Every fact after its own study by class (breathlessness in
/// lay words, oxygen and its concentrator).
#[test]
fn thirty_ninth_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 39", &heldout_39(), minimal_all_others_at_least(1000));
}

/// The fortieth held-out set, written blind while set 39 was studied: 1368 / 1367 / 1365 / 1365
/// with all of stop 38's rules until its own study by class (mood and memory as a history reviews
/// them, the trauma examination's primary survey as a narrative heading): every fact.
#[test]
fn fortieth_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 40", &heldout_40(), minimal_all_others_at_least(1000));
}

/// The forty-first held-out set, written blind while set 40 was studied: 1460 / 1459 / 1458 / 1458 at stop 38's
/// start, 1460 / 1459 / 1458 / 1458 with all of that stop's rules until its own study by class
/// (sharps as devices, "emollient" as a medicine): every fact.
#[test]
fn forty_first_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 41", &heldout_41(), minimal_all_others_at_least(1000));
}

/// The forty-second held-out set, written blind while set 41 was studied: 1250 / 1249 / 1248 /
/// 1248 at stop 38's start (`2398794`), with all of that stop's rules and at stop 39's start
/// (`5c18292`), until its own study by class (a negation's scope widened by ", even …"; vertigo
/// in lay words): every fact.
#[test]
fn forty_second_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 42", &heldout_42(), minimal_all_others_at_least(1000));
}

/// The forty-third held-out set, written blind while set 42 was studied: 1573 of 1573 under
/// MINIMAL, 1572 under the others at stop 39's start (`5c18292`) and after its study; with a
/// letter's own headings for the patient's plan read as the plan's ("What you should do", over
/// "- Keep your hospital bag and maternity notes with you at all times", stop 41), every fact.
#[test]
fn forty_third_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 43", &heldout_43(), minimal_all_others_at_least(1000));
}

/// The forty-fourth held-out set, written blind while set 42 was studied: 1310 / 1309 / 1308 /
/// 1308 at stop 39's start (`5c18292`) and with set 42's study, then studied by class (a short
/// first clause before a negated one names what it is about): 1310 / 1309 / 1309 / 1309. Its
/// last loss, "The most important treatment is complete removal from the chip store and mill
/// dust", would have needed "treatment" as a clinical word anywhere, which cost up to 0.8 points
/// of six other sets' medians; a sentence under the plan whose subject is the treatment, saying
/// what it is, is the plan's item instead (stop 41): every fact.
#[test]
fn forty_fourth_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 44", &heldout_44(), minimal_all_others_at_least(1000));
}

/// The forty-fifth held-out set, written blind while sets 43 and 44 were studied: 1282 / 1280 /
/// 1279 / 1279 at stop 39's start (`5c18292`) and with that stop's rules until its own study by
/// class (bleeding's amount and a joint's noises in lay words, kept weakly): 1282 / 1281 / 1281
/// / 1281; and with a note that someone was told, as one that care was escalated ("Roastery told
/// - shared overalls to be washed", stop 41), every fact.
#[test]
fn forty_fifth_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 45", &heldout_45(), minimal_all_others_at_least(1000));
}

/// The forty-sixth held-out set, written blind while set 45 was studied: 1377 / 1374 / 1374 /
/// 1374 at stop 39's start (`5c18292`) and with that stop's rules until its own study by class (a
/// comparison with an earlier time, "than at the first visit"; "breath" in lay words, "Out of
/// breath running up to the fly floor"; the vocabulary's British spellings, "2.
/// Haemoperitoneum", which the terminologies hold only as "hematoperitoneum"): every fact.
#[test]
fn forty_sixth_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 46", &heldout_46(), minimal_all_others_at_least(1000));
}

/// The forty-seventh held-out set, written blind while set 46 was studied, and never studied:
/// the figure a new customer's documents should expect. Measured blind at stop 39's start
/// (`5c18292`): MINIMAL and CONSERVATIVE 1479 of 1479, BALANCED and AGGRESSIVE 1478; with that
/// stop's rules (sets 42 to 46 studied): every fact, which the test holds.
#[test]
fn forty_seventh_heldout_set_blind_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 47 (blind)", &heldout_47(), minimal_all_others_at_least(1000));
}

/// The forty-eighth held-out set, written blind after set 46 was studied: MINIMAL 1395 of 1395,
/// the other strategies 1393 at stop 39's start (`5c18292`) and with all of that stop's rules,
/// until its own study by class at stop 40 (a comparison with what is usual at a child's age,
/// "Reads well above his age"; a child's clumsiness in lay words, "Spills his juice most
/// mornings"): every fact.
#[test]
fn forty_eighth_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 48", &heldout_48(), minimal_all_others_at_least(1000));
}

/// The forty-ninth held-out set, written blind while set 48 was studied: MINIMAL 1706 of 1706,
/// CONSERVATIVE 1704, BALANCED and AGGRESSIVE 1701 at stop 40's start (`f270c2c`) and with set
/// 48's study, until its own study by class (how each episode ends, in the present, "It quietens
/// down completely over the winter"; drinks in the plural, "Two or three beers a night"; hives'
/// marks, "Weals faded", which the terminologies lack; a test read as "clear"): every fact. A
/// plan to "clear the poison ivy" is kept by that last word, by chance.
#[test]
fn forty_ninth_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 49", &heldout_49(), minimal_all_others_at_least(1000));
}

/// The fiftieth held-out set, written blind while set 49 was studied: MINIMAL 1791 of 1791,
/// CONSERVATIVE 1786, BALANCED and AGGRESSIVE 1785 at stop 40's start (`f270c2c`) and with sets
/// 48 and 49's studies, until its own study by class (a section's name after a sentence's end
/// with no blank line between, "… Monday pattern.", then "Plan"; a trigger that troubles
/// someone, "Bright lights bother him"; a drug's interactions; a laboratory report's comment):
/// every fact.
#[test]
fn fiftieth_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 50", &heldout_50(), minimal_all_others_at_least(1000));
}

/// The fifty-first held-out set, written blind while set 50 was studied: MINIMAL 1662 of 1662,
/// the other strategies 1658 at stop 40's start (`f270c2c`) and with sets 48 to 50's studies,
/// until its own study by class (an entry of a log headed by the day after, "The following
/// Monday"; a family's history in the idiom, "runs in families"): every fact.
#[test]
fn fifty_first_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 51", &heldout_51(), minimal_all_others_at_least(1000));
}

/// The fifty-second held-out set, written blind while set 51 was studied: MINIMAL 1294 of 1294,
/// CONSERVATIVE 1291, BALANCED and AGGRESSIVE 1290 at stop 40's start (`f270c2c`), with sets 48
/// to 51's studies and with the older sets' last studies (stop 41), until its own study by class
/// (a report's own heading for what its writers saw, "What we saw"; posture, menstruation and
/// counting calories in lay words): every fact.
#[test]
fn fifty_second_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 52", &heldout_52(), minimal_all_others_at_least(1000));
}

/// The fifty-third held-out set, written blind while the older sets' last losses were studied:
/// MINIMAL 1687 of 1687, CONSERVATIVE 1681, BALANCED and AGGRESSIVE 1677 at stop 41's start
/// (`58d2b56`) and with the older sets' and set 52's studies, until its own study by class (a
/// weekday and a dash open a diary's or a handover book's entry, "Friday - support worker
/// (evening)"; an instruction to staff with "must be", "Kitchen and fridge must be locked at all
/// times"; hunger in lay words; more tests by name as a line's label, "Uroflow:"): every fact.
#[test]
fn fifty_third_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 53", &heldout_53(), minimal_all_others_at_least(1000));
}

/// The fifty-fourth held-out set, written blind while sets 52 and 53 were studied: MINIMAL 1805
/// of 1805, CONSERVATIVE 1800, BALANCED and AGGRESSIVE 1799 at stop 41's start (`58d2b56`) and
/// with every rule of the stop before its own study by class (a request to contact a relative,
/// "Call mum after any dose"; a label ending with an aside in brackets, "Arrival (from dad at
/// drop-off): Slept well."; a plan told ahead with "will be"; a care diary's "Food and drink";
/// sips and "harmless" in lay words): every fact.
#[test]
fn fifty_fourth_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 54", &heldout_54(), minimal_all_others_at_least(1000));
}

/// The fifty-fifth held-out set, written blind while set 54 was studied: MINIMAL 1895 of 1895,
/// CONSERVATIVE 1892, BALANCED and AGGRESSIVE 1888 at stop 41's start (`58d2b56`); 1895 / 1894 /
/// 1890 / 1890 with all of stop 41's rules, until its own study by class (an area of daily living
/// as a field, "Money: ..."; access to a lethal means, "Firearm in the home"; a psychosocial
/// history; "compared with" an earlier record; "What you can do at home" as the plan): every
/// fact.
#[test]
fn fifty_fifth_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 55", &heldout_55(), minimal_all_others_at_least(1000));
}

/// The fifty-sixth held-out set, written blind while set 55 was studied (records from health
/// systems outside the UK and the US): MINIMAL 2063 of 2066, CONSERVATIVE 2050, BALANCED and
/// AGGRESSIVE 2048 at stop 42's start (`371afe9`) and with set 55's study, until its own study by
/// class (a drug's form before its name, "Inj. Ceftriaxone", ends no sentence; a handover's
/// situation, a discharge's condition, a home's environment, the person's goals, an examination
/// on admission and the areas of daily living as narrative sections; care asked of a nurse;
/// prognosis; scratch marks; self-care verbs; a descriptor before the verb; the family in Maori;
/// a sub-heading of the plan's list): every fact.
#[test]
fn fifty_sixth_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 56", &heldout_56(), minimal_all_others_at_least(1000));
}

/// The fifty-seventh held-out set, written blind while sets 55 and 56 were studied: documents as
/// they reach a pipeline after conversion (PDF text broken at a fixed width, OCR, EHR exports,
/// e-mail threads). Measured blind, by count: MINIMAL 2563 of 2563, CONSERVATIVE 2519, BALANCED
/// and AGGRESSIVE 2510 at stop 42's start (`371afe9`) and with sets 55 and 56's studies; 2563 /
/// 2539 / 2531 / 2531 once lines a fixed width broke were read joined (`text::joined_wraps`,
/// built from the set's brief). Studied by class in stop 43 (quoted e-mail read without its
/// marks, a leader's dots end no sentence, a time before the subject, a clause in "-ing" after a
/// score, a request in "grateful for", an instruction to inform, a care plan's areas and a
/// word processor's "o" bullet): every fact.
#[test]
fn fifty_seventh_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 57", &heldout_57(), minimal_all_others_at_least(1000));
}

/// The fifty-eighth held-out set, written blind while set 57 was studied: clinical text as it
/// arrives from voice (raw dictation, ambient-scribe transcripts, interpreted consultations,
/// phone calls and recorded handovers). Measured blind: MINIMAL 1787 of 1787, CONSERVATIVE 1776,
/// BALANCED 1769 and AGGRESSIVE 1767 at stop 43's start (`c43885a`) and with set 57's study.
/// Studied by class (a transcript's time-code read past to the speaker's label, digits in a
/// speaker's label, a turn after a question kept as its answer, an abbreviation's "'s", a
/// label's colon opening a negated clause, workmates as people): every fact.
#[test]
fn fifty_eighth_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 58", &heldout_58(), minimal_all_others_at_least(1000));
}

/// The fifty-ninth held-out set, written blind while set 58 was studied: clinical text that
/// reached English from another language (machine and sworn translations, non-native writers,
/// consultations without an interpreter). Measured blind: MINIMAL 1836 of 1836, CONSERVATIVE
/// 1835, BALANCED 1834 and AGGRESSIVE 1832 at stop 43's start (`c43885a`) and with sets 57 and
/// 58's studies. Studied by class (a graded range, "some" months as a span, a vector of
/// infection, "Advices" as the plan, a snippet opening with its section's label): every fact.
#[test]
fn fifty_ninth_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 59", &heldout_59(), minimal_all_others_at_least(1000));
}

/// The sixtieth held-out set, written blind while set 59 was studied: clinical text inside
/// machine formats and generated text (HL7 v2, FHIR JSON, C-CDA XML, CSV, Markdown, YAML-like
/// templates, SQL dumps, JSON log lines). Measured blind: MINIMAL 1546 of 1546, CONSERVATIVE
/// 1543, BALANCED 1541 and AGGRESSIVE 1538 with sets 57 to 59's studies. Studied in part in stop
/// 43 (markup tags around a word, a YAML block's key as a heading, an SQL dump's doubled
/// apostrophe, "advised to", excision margins): 1546 / 1545 / 1544 / 1542. What it still loses
/// is left: words glued by the tags between a table's cells ("<td>Ibuprofen</td><td>400"), an
/// SQL row read as one sentence, and "Letters to the club" as the plan's action. The test holds
/// that level so that no change loses more.
#[test]
fn sixtieth_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 60", &heldout_60(), minimal_all_others_at_least(997));
}

/// The sixty-first held-out set, written blind while set 60 was studied: records that grow over
/// time, copied forward and edited (daily notes, serial letters, shift entries, series of results
/// and medicines, diaries). Measured blind: MINIMAL 1525 of 1525, CONSERVATIVE 1522, BALANCED and
/// AGGRESSIVE 1521 at stop 43's start (`c43885a`) and with sets 57 to 60's studies. Studied by
/// class (going or being sent to a place of care: "Please go to an urgent care clinic", "Sent to
/// the emergency department by ambulance"): every fact.
#[test]
fn sixty_first_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 61", &heldout_61(), minimal_all_others_at_least(1000));
}

/// The sixty-second held-out set, written blind while set 61 was studied: the dense notations of
/// laboratory medicine and genetics with their plain-words interpretation. Measured blind by
/// count: MINIMAL 1515 of 1521, CONSERVATIVE 1507, BALANCED 1506 and AGGRESSIVE 1505 with sets 57
/// to 61's studies (1515 / 1506 / 1505 / 1504 at stop 43's start). Its MINIMAL losses were read at
/// once, as MINIMAL must lose nothing: one fault, a note added below a signed letter dropped with
/// the signature; with that fixed, 1521 / 1513 / 1512 / 1511. Studied by class at stop 44 (a
/// share of people or the patient's family as the subject: "All three have stayed well", "Your
/// eldest daughter, who is twenty, wants to be tested now"; a phrase listed in the plural written
/// in the singular: "Heavy period this month"; care arranged or planned: "Clinic appointment
/// booked", "We will see her on her own first"): 1521 / 1520 / 1520 / 1520. Left: "These live in
/// tap water and sinks", of organisms named in the sentence before.
#[test]
fn sixty_second_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 62", &heldout_62(), minimal_all_others_at_least(999));
}

/// The sixty-third held-out set, written blind while set 62 was studied: documents written about
/// a patient for a third party, where facts are reported, quoted, alleged, disputed and weighed.
/// Measured blind by count: MINIMAL and CONSERVATIVE 1256 of 1256, BALANCED and AGGRESSIVE 1254,
/// at stop 44's start (`16db213`) and with set 62's study alike. Studied by class (a section's
/// name in the plural: "Risks", over a prison transfer summary's "Vulnerable to being exploited
/// by other prisoners, … and easily led"; first read for every name, then, after a review, for
/// "risks" and "impressions" alone): every fact.
#[test]
fn sixty_third_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 63", &heldout_63(), minimal_all_others_at_least(1000));
}

/// The sixty-fourth held-out set, written blind while set 62 was studied: pre-hospital, urgent
/// and triage records written fast and terse. Measured blind by count: MINIMAL 1854 of 1854,
/// CONSERVATIVE and BALANCED 1852, AGGRESSIVE 1851, at stop 44's start (`16db213`) and with set
/// 62's study alike; AGGRESSIVE 1852 with set 63's. Studied by class (a history's or an
/// assessment's mnemonic as a heading, one letter a line: "OPQRST", then "T - constant, one long
/// tightening"): every fact.
#[test]
fn sixty_fourth_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 64", &heldout_64(), minimal_all_others_at_least(1000));
}

/// The sixty-fifth held-out set, written blind while sets 63 and 64 were studied: palliative and
/// end-of-life care records. Measured blind by count: MINIMAL 1457 of 1457, the others 1449, at
/// stop 44's start (`16db213`) and with sets 62 to 64's studies alike. Studied by class (a wish
/// with its subject left out: "Wishes to die at home", "Would rather have a shorter life at
/// home"; a prognosis as a span: "in the last weeks of life"; a feeling: "Proud of working at the
/// animal sanctuary"): 1457 / 1455 / 1455 / 1455. Left: a medical examiner's "The wording above
/// is proposed and may change after the coroner's review", and "The hospice family support worker
/// can help with talking to the children".
#[test]
fn sixty_fifth_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 65", &heldout_65(), minimal_all_others_at_least(998));
}

/// The sixty-sixth held-out set, written blind while set 65 was studied: dental, oral and
/// maxillofacial, eye and ear care records with their own notations. Measured blind by count:
/// MINIMAL 1436 of 1436, the others 1433, at stop 44's start (`16db213`) and with sets 62 to 65's
/// studies alike. Studied by class (a pupil's attention in class, its subject left out: "Loses
/// track in whole-class teaching", "Daydreams when the classroom is noisy"): every fact.
#[test]
fn sixty_sixth_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 66", &heldout_66(), minimal_all_others_at_least(1000));
}

/// The sixty-seventh held-out set, written blind while set 66 was studied: sexual health, HIV,
/// viral hepatitis and travel and tropical medicine clinic records. Measured blind by count:
/// MINIMAL 1372 of 1372, CONSERVATIVE 1365, BALANCED and AGGRESSIVE 1363, at stop 44's start
/// (`16db213`) and with sets 62 to 66's studies alike. Studied by class (an interview's and a
/// "Why now" heading's account, the social history's work with its subject left out, what the
/// writer gave the patient): every fact.
#[test]
fn sixty_seventh_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 67", &heldout_67(), minimal_all_others_at_least(1000));
}

/// The sixty-eighth held-out set, written blind while set 67 was studied: clinical research and
/// drug-safety records (trial visits, adverse event narratives, suspected drug reaction reports,
/// participants' diaries). Measured blind by count: MINIMAL and CONSERVATIVE 1573 of 1573,
/// BALANCED 1572, AGGRESSIVE 1571, at stop 45's start (`6287827`) and with set 67's study alike.
/// Studied by class (a diagnosis the terminologies all use but name alone only once: "Diabetes
/// control has drifted"; a sentence adverb before the subject: "And honestly I've been feeling
/// flat"): every fact.
#[test]
fn sixty_eighth_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 68", &heldout_68(), minimal_all_others_at_least(1000));
}

/// The sixty-ninth held-out set, written blind while set 67 was studied: remote, offshore,
/// maritime, expedition and military field medicine records. Measured blind by count: MINIMAL
/// 1610 of 1610, the others 1607, at stop 45's start (`6287827`) and with sets 67 and 68's
/// studies alike. Studied by class (what sets a complaint off: "It's every time we fish the east
/// grounds"; a phrase of circumstance before the subject: "Under the seafarer medical standards
/// he is temporarily unfit for sea service"): every fact.
#[test]
fn sixty_ninth_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 69", &heldout_69(), minimal_all_others_at_least(1000));
}

/// The seventieth held-out set, written blind while set 68 was studied: inclusion health and
/// outreach records (homeless and asylum health, drug and alcohol services, Traveller health).
/// Measured blind by count: MINIMAL 1846 of 1846, CONSERVATIVE 1839, BALANCED and AGGRESSIVE
/// 1837, at stop 45's start (`6287827`) and with sets 67 and 68's studies alike. Studied by class
/// in stop 46 (a home's hazards: "The room is damp, with black mould on the wall behind the bed";
/// a discharge's destination and partner notification as fields; what a referral asks): every
/// fact.
#[test]
fn seventieth_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 70", &heldout_70(), minimal_all_others_at_least(1000));
}

/// The seventy-first held-out set, written blind while set 69 was studied: remote monitoring and
/// digital-health records (virtual wards, home monitoring alerts, video consultations, app
/// diaries, online forms, wearables). Measured blind by count: MINIMAL 1558 of 1558,
/// CONSERVATIVE 1556, BALANCED and AGGRESSIVE 1554, at stop 45's start (`6287827`) and with sets
/// 67 to 69's studies alike. Studied by class in stop 46 (an organism's susceptibility in words:
/// "All agents tested susceptible; isolate stored for typing"; a swab soaked through): every
/// fact.
#[test]
fn seventy_first_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 71", &heldout_71(), minimal_all_others_at_least(1000));
}

/// The seventy-second held-out set, written blind while set 70 was studied: the surgical and
/// procedural pathway (pre-assessment, anaesthetic charts, safety checklists, operation notes,
/// recovery, day-surgery discharge, follow-up calls, implant records, consent). Measured blind by
/// count at stop 46's start (`043005c`) and with sets 70 and 71's studies alike: MINIMAL 1295 of
/// 1295, CONSERVATIVE 1294, BALANCED 1292, AGGRESSIVE 1291. Studied by class (a team brief's
/// parts under a possessive's label: "Surgeon's brief: … Component separation may be needed";
/// an enzyme as a test's analyte): every fact.
#[test]
fn seventy_second_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 72", &heldout_72(), minimal_all_others_at_least(1000));
}

/// The seventy-third held-out set, written blind while set 70 was studied: children's and young
/// people's community health records (health visiting, school nursing, child development,
/// looked-after children, neonatal follow-up, continence, immunisation). Measured blind by count
/// at stop 46's start (`043005c`) and with sets 70 and 71's studies alike: MINIMAL 1565 of 1565,
/// the other three strategies 1557. Studied by class (a letter's "What to do"; a child's
/// learning as a report's domain; a condition outgrown): every fact.
#[test]
fn seventy_third_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 73", &heldout_73(), minimal_all_others_at_least(1000));
}

/// The seventy-fourth held-out set, written blind while sets 70 and 71 were studied: mental
/// health and learning disability services' records (crisis and home treatment, community
/// teams, ward observations, Mental Health Act assessment, liaison, annual health checks,
/// hospital passports, antipsychotic monitoring). Measured blind by count at stop 46's start
/// (`043005c`) and with sets 70 and 71's studies alike: MINIMAL 1669 of 1669, CONSERVATIVE and
/// BALANCED 1657, AGGRESSIVE 1656. Studied by class (reasonable adjustments as a field; "What
/// will help", "Signs to look out for" and a support plan's strategies as the plan; a behaviour
/// before the patient herself: "Weighs herself several times a day"; bed bugs and their genus):
/// 1665 under the other three. Four facts are still lost, each alone of its kind (a home's
/// window covered in foil, strips hidden in a shoebox, a contingency opening with "If", and a
/// crisis plan's item opening with "A"); the test holds that level.
#[test]
fn seventy_fourth_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 74", &heldout_74(), minimal_all_others_at_least(997));
}

/// The seventy-fifth held-out set, written blind while sets 70 and 71 were studied: work,
/// fitness and medical examinations (occupational health referrals, fitness for work, health
/// surveillance, fit notes, driving, seafarer, diving and aviation medicals). Measured blind by
/// count at stop 46's start (`043005c`) and with sets 70 and 71's studies alike: MINIMAL 1277 of
/// 1277, the other three strategies 1270. Studied by class (the employer as a person; a plan
/// with the word that advises it last; what the reader is asked to pass on; a letter's "What
/// happened"): 1276 under the other three. "He may appeal the decision" is still lost (a
/// person's modal is read as a plan, not a fact); the test holds that level.
#[test]
fn seventy_fifth_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 75", &heldout_75(), minimal_all_others_at_least(999));
}

/// The seventy-sixth held-out set, written blind while sets 72 and 73 were studied: medicines
/// records kept by pharmacists and nurses (community pharmacy consultations, medication reviews,
/// reconciliation, ward interventions, anticoagulation, a care home's administration record).
/// Measured blind by count at stop 46's start (`043005c`), with sets 70 to 73's studies and at
/// stop 47's start (`26e4551`) alike: MINIMAL 1591 of 1591, CONSERVATIVE 1589, BALANCED and
/// AGGRESSIVE 1587. Studied by class (an instruction of care opening a note's sentence: "Discuss
/// with microbiology", "Consider a combined preventer and reliever regime"; a letter's
/// "Suggestions" as the plan; a checklist's unticked item; "in a month" as when): every fact.
#[test]
fn seventy_sixth_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 76", &heldout_76(), minimal_all_others_at_least(1000));
}

/// The seventy-seventh held-out set, written blind while sets 72 and 73 were studied: maternity
/// records from booking to the postnatal weeks (booking, triage, labour ward, birth reflections,
/// postnatal visits, the newborn examination, infant feeding). Measured blind by count at stop
/// 46's start (`043005c`), with sets 70 to 73's studies and at stop 47's start (`26e4551`) alike:
/// MINIMAL and CONSERVATIVE 1427 of 1427, BALANCED 1424, AGGRESSIVE 1423. Studied by class (a
/// mood's change for the better; breastfeeding; "caesarean" in its British spelling; what
/// happened to someone): every fact.
#[test]
fn seventy_seventh_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 77", &heldout_77(), minimal_all_others_at_least(1000));
}

/// The seventy-eighth held-out set, written blind while sets 76 and 77 were studied: kidney care
/// (a chronic kidney disease clinic, haemodialysis run sheets, home peritoneal dialysis, fistula
/// surveillance, transplant assessment and follow-up, conservative kidney management, a renal
/// dietitian, acute kidney injury outreach). Measured blind by count at stop 47's start
/// (`26e4551`) and with sets 76 and 77's studies alike: MINIMAL 1325 of 1325, the other three
/// strategies 1324. Studied (a biofilm a laboratory sees on a catheter's tip): every fact.
#[test]
fn seventy_eighth_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 78", &heldout_78(), minimal_all_others_at_least(1000));
}

/// The seventy-ninth held-out set, written blind while sets 76 and 77 were studied: critical
/// care and life after it (ward rounds, outreach, tracheostomy weaning, nurses' charts,
/// rehabilitation, the follow-up clinic, the bedside diary, relatives' meetings). Measured blind
/// by count at stop 47's start (`26e4551`) and with sets 76 and 77's studies alike: MINIMAL 1348
/// of 1348, the other three strategies 1346. Studied by class (dreams after intensive care; a
/// radiologist's "ground glass" written alone): every fact.
#[test]
fn seventy_ninth_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 79", &heldout_79(), minimal_all_others_at_least(1000));
}

/// The eightieth held-out set, written blind while sets 78 and 79 were studied: cancer treatment
/// and living with it (a chemotherapy day unit, acute oncology triage, radiotherapy and
/// immunotherapy toxicity reviews, a holistic needs assessment, lymphoedema, survivorship).
/// Measured blind by count at stop 47's start (`26e4551`) and with sets 76 to 79's studies
/// alike: MINIMAL, CONSERVATIVE and BALANCED 1344 of 1344, AGGRESSIVE 1343. Studied (a quotation
/// in brackets): every fact.
#[test]
fn eightieth_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 80", &heldout_80(), minimal_all_others_at_least(1000));
}

/// The eighty-first held-out set, written blind while sets 78 and 79 were studied: blood
/// disorders and transfusion (a haematology day unit, sickle cell care plans and crises,
/// haemophilia home treatment, transfusion reactions, venesection, iron deficiency, blood films
/// and marrow, immune thrombocytopenia, thrombosis follow-up). Measured blind by count at stop
/// 47's start (`26e4551`) and with sets 76 to 79's studies alike: MINIMAL 1286 of 1286, the
/// other three strategies 1285. Studied (a note's one "Action:"): every fact.
#[test]
fn eighty_first_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 81", &heldout_81(), minimal_all_others_at_least(1000));
}

/// The eighty-second held-out set, written blind while sets 80 and 81 were studied: fertility,
/// pregnancy loss and the menopause (a fertility clinic, an IVF cycle, semen analysis, an early
/// pregnancy unit, recurrent miscarriage, a menopause clinic, premature ovarian insufficiency).
/// Measured blind by count at stop 47's start (`26e4551`) and with sets 76 to 81's studies
/// alike: MINIMAL 1251 of 1251, CONSERVATIVE 1247, BALANCED 1245, AGGRESSIVE 1244. Studied by
/// class (chorionic villi; a pathology report's "Macroscopy"; a chance in words, "two in
/// three"; "Suggest urology review"): 1251 / 1251 / 1250 / 1249. In stop 48, a clause that ends
/// the list of the clause before it stays with it ("pregnancy with donated eggs, adoption and
/// surrogacy"): 1251 / 1251 / 1251 / 1250. Still lost under AGGRESSIVE: that sentence of
/// options discussed, which it drops as chat; the test holds that level.
#[test]
fn eighty_second_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 82", &heldout_82(), minimal_all_others_at_least(999));
}

/// The eighty-third held-out set, written blind while sets 80 and 81 were studied: drug and
/// alcohol services (a substance misuse assessment, opioid substitution and supervised
/// consumption, a hospital alcohol care team, detoxification, needle exchange, naloxone).
/// Measured blind by count at stop 47's start (`26e4551`) and with sets 76 to 81's studies
/// alike: MINIMAL 1388 of 1388, CONSERVATIVE 1386, BALANCED and AGGRESSIVE 1382. Studied by
/// class (urinary frequency and how often at night; a task for the staff, "Pharmacist to speak
/// to the client"; a service's referral named in three words): 1388 / 1388 / 1387 / 1387.
/// In stop 48, an elliptic comparison stays with the clause it completes ("Two to four tablets a
/// day, more at weekends"): 1388 / 1388 / 1388 / 1387. Still lost under AGGRESSIVE: the same
/// clause's "at", which it drops as a stopword; the test holds that level.
#[test]
fn eighty_third_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 83", &heldout_83(), minimal_all_others_at_least(999));
}

/// The eighty-fourth held-out set, written blind while sets 82 and 83 were studied: skin
/// integrity, wounds and feet in the community (tissue viability, pressure ulcers, a leg ulcer
/// clinic, diabetic foot protection, podiatry nail surgery, district nurses' wound charts, burns
/// dressings). Measured blind by count at stop 47's start (`26e4551`), with sets 76 to 83's
/// studies and at stop 48's start (`c182685`) alike: MINIMAL 1453 of 1453, CONSERVATIVE 1452,
/// BALANCED and AGGRESSIVE 1450. Studied by class (a pressure ulcer investigation's
/// "Contributing factors"): 1453 / 1453 / 1452 / 1452. Still lost: "He understood the plan",
/// whose article BALANCED drops, since understanding voiced of the plan is the consultation's,
/// not the patient's (`lexicon::CONSULTATION_PHRASES`); the test holds that level.
#[test]
fn eighty_fourth_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 84", &heldout_84(), minimal_all_others_at_least(999));
}

/// The eighty-fifth held-out set, written blind while sets 82 and 83 were studied: eating
/// disorders and nutrition support (an eating disorder service's assessment and medical
/// monitoring, refeeding, family-based treatment, dietitians, a nutrition support team, home
/// tube feeding, a gastrostomy clinic, malnutrition screening). Measured blind by count at stop
/// 47's start (`26e4551`), with sets 76 to 83's studies and at stop 48's start (`c182685`)
/// alike: MINIMAL 1683 of 1683, CONSERVATIVE 1681, BALANCED and AGGRESSIVE 1680. Studied by class
/// (a therapy session's "Homework"; a count above the level expected; "for an hour after"):
/// every fact.
#[test]
fn eighty_fifth_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 85", &heldout_85(), minimal_all_others_at_least(1000));
}

/// The eighty-sixth held-out set, written blind while sets 84 and 85 were studied: hearing,
/// tinnitus and balance (audiology, hearing aids, newborn hearing screening, vestibular
/// rehabilitation, a falls and balance clinic, otology, cochlear implants, tinnitus therapy).
/// Measured blind by count at stop 48's start (`c182685`) and with sets 84 and 85's studies
/// alike: MINIMAL 1382 of 1382, CONSERVATIVE 1378, BALANCED and AGGRESSIVE 1376. Studied by class
/// (answers to a numbered question list; "What we think it is"; tinnitus care's sound therapy):
/// 1382 / 1381 / 1381 / 1381. Still lost: a positional test's "null point", in one document and a
/// term no terminology lists alone; the test holds that level.
#[test]
fn eighty_sixth_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 86", &heldout_86(), minimal_all_others_at_least(999));
}

/// The eighty-seventh held-out set, written blind while sets 84 and 85 were studied: healthcare
/// in prisons and police custody (reception screens, custody assessments, a prison GP, in-reach
/// mental health, substitute prescribing, a healthcare wing, escorts, release letters, infection
/// screens). Measured blind by count at stop 48's start (`c182685`) and with sets 84 and 85's
/// studies alike: MINIMAL 1551 of 1551, CONSERVATIVE 1550, BALANCED and AGGRESSIVE 1549. Studied
/// by class (a mother's numbered questions answered; "the next day"): 1551 / 1551 / 1551 / 1550.
/// Still lost under AGGRESSIVE: "booked at Open Door", whose "at" it drops as a stopword; the
/// test holds that level.
#[test]
fn eighty_seventh_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 87", &heldout_87(), minimal_all_others_at_least(999));
}

/// The eighty-eighth held-out set, written blind while sets 86 and 87 were studied: sexual and
/// reproductive health (a GUM clinic and partner notification, contraception fittings, emergency
/// contraception at a pharmacy, a sexual assault referral centre, a young people's drop-in,
/// vulval and erectile dysfunction clinics, HIV PrEP). Measured blind by count at stop 48's start
/// (`c182685`) and with sets 84 to 87's studies alike: MINIMAL 1261 of 1261, the other three
/// strategies 1254. Studied by class (a SOAP note's "S:"): 1261 / 1256 / 1256 / 1256. Still
/// lost, each in one document: partners met at "chemsex" parties, a word no terminology lists;
/// "Threads visible at the external os"; and a patient's "we laugh, we cuddle on the sofa", whose
/// "we" reads as a clinical team's. The test holds that level.
#[test]
fn eighty_eighth_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 88", &heldout_88(), minimal_all_others_at_least(996));
}

/// The eighty-ninth held-out set, written blind while sets 86 and 87 were studied: inclusion
/// health (street outreach, a hostel GP, asylum seekers' health assessments through
/// interpreters, refugee children, a homeless discharge team, a day centre's foot and wound care,
/// tuberculosis screening, a trauma assessment, a medico-legal report). Measured blind by count
/// at stop 48's start (`c182685`) and with sets 84 to 87's studies alike: MINIMAL 1408 of 1408,
/// CONSERVATIVE 1404, BALANCED and AGGRESSIVE 1403. Studied by class (a child's "Development" and
/// "Growth"; "Taken by van to the emergency department"): 1408 / 1406 / 1406 / 1406. Still lost:
/// "Pads and barrier cream", an interim plan's item in a letter whose heading ("Until then")
/// names no plan; the test holds that level.
#[test]
fn eighty_ninth_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 89", &heldout_89(), minimal_all_others_at_least(998));
}

/// The ninetieth held-out set, written blind while sets 88 and 89 were studied: limb loss,
/// amputation and prosthetic rehabilitation (a vascular surgeon's assessment before amputation,
/// an amputation's operation note, residual limb wounds, phantom limb pain, prosthetic fitting
/// and sockets, gait re-education, a wheelchair user's home visit, a child's congenital limb
/// difference, skin at the socket). Measured blind by count at stop 48's start (`c182685`) and
/// with sets 84 to 89's studies alike: MINIMAL 1419 of 1419, CONSERVATIVE 1418, BALANCED 1415,
/// AGGRESSIVE 1414. Read, and left: each loss is its document's own (a letter's "It is almost
/// always a one-off" under "What the difference is"; "nothing either of you did", which BALANCED
/// capitalises when the clause before it goes; a text's "Reply: stop wearing, photo please"), and
/// no rule changes for one document. The test holds that level.
#[test]
fn ninetieth_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 90", &heldout_90(), minimal_all_others_at_least(996));
}

/// The ninety-first held-out set, written blind while sets 88 and 89 were studied: bariatric
/// surgery and specialist weight management (a tier 3 service, a bariatric team's meeting, a
/// psychology assessment before surgery, gastric band adjustments, sleeve and bypass operation
/// notes, a dietitian's review, vitamins after surgery, late complications, a GLP-1 medicine
/// review). Measured blind by count at stop 48's start (`c182685`) and with sets 84 to 89's
/// studies alike: MINIMAL 1485 of 1485, the other three strategies 1483. Studied by class (a
/// growth above its threshold; "Hides wrappers", as set 74's "Hides"): every fact.
#[test]
fn ninety_first_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 91", &heldout_91(), minimal_all_others_at_least(1000));
}

/// The ninety-second held-out set, written blind while sets 90 and 91 were studied: oral and
/// maxillofacial surgery and hospital dentistry (wisdom teeth and cysts, a jaw fracture's
/// fixation, facial trauma, an oral medicine clinic, special care dentistry under sedation, the
/// temporomandibular joint, orthognathic work-up, an oral biopsy, a dental abscess with facial
/// swelling). Measured blind by count at stop 48's start (`c182685`), with sets 84 to 91's
/// studies and at the end of its review's narrowing alike: MINIMAL 1612 of 1612, CONSERVATIVE
/// 1609, BALANCED and AGGRESSIVE 1607. Read, and left: each loss is its document's own (an
/// operation note's "Good reduction at the left parasymphysis", a jaw that would "catch for a
/// second", a patient's "Still weird at the tip", orthognathic "wafers"). The test holds that
/// level.
#[test]
fn ninety_second_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 92", &heldout_92(), minimal_all_others_at_least(996));
}

/// The ninety-third held-out set, written blind while sets 90 and 91 were studied: spinal cord
/// injury and spinal rehabilitation (a spinal injuries unit's admission, a neurological
/// examination record, bladder and bowel plans, autonomic dysreflexia, pressure care and seating,
/// a high tetraplegia's breathing, sexual function and fertility, spasticity and a baclofen pump,
/// an annual review, a community spinal nurse). Measured blind by count at stop 48's start
/// (`c182685`), with sets 84 to 91's studies and at the end of its review's narrowing alike:
/// MINIMAL 1445 of 1445, CONSERVATIVE 1436, BALANCED and AGGRESSIVE 1435. Studied by class (a
/// note's verb in "-s" before an adverb of manner, "Rolls partly with a bed rail", "Tires
/// quickly on the push rims"): 1445 / 1438 / 1437 / 1437. Still lost, each its document's own: a
/// gait's "Stairs one at a time holding the rail", a pressure map's "Forward lean relief
/// effective", "Frequent suction needed after turns" under a nurse's "Obs", a letter's "She
/// should avoid heavy straining" and its numbered answers, a spasticity history's "Hard to sit
/// back in the chair". The test holds that level.
#[test]
fn ninety_third_heldout_set_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 93", &heldout_93(), minimal_all_others_at_least(994));
}

/// The ninety-fourth held-out set, written blind while sets 92 and 93 were studied, and never
/// studied: armed forces and veterans' health (a military medical centre, a pre-deployment
/// medical, blast injury rehabilitation, noise-induced hearing loss, a veterans' mental health
/// service, training injuries, registering with a GP after leaving, a pain clinic, occupational
/// exposures). Measured blind by count at stop 48's start (`c182685`) and with sets 84 to 93's
/// studies alike: MINIMAL 1346 of 1346, the other three strategies 1335. The test holds that level
/// so that no change loses more.
#[test]
fn ninety_fourth_heldout_set_blind_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 94 (blind)", &heldout_94(), minimal_all_others_at_least(991));
}

/// The ninety-fifth held-out set, written blind while sets 92 and 93 were studied, and never
/// studied: children's safeguarding and school health (a school nurse's drop-in, a child
/// protection medical, a looked-after child's health assessment, a health visitor, a school
/// health plan, a neglect assessment, a strategy meeting's health summary, a young carer, a
/// disclosure of self-harm at school). Measured blind by count at stop 48's start (`c182685`) and
/// with sets 84 to 93's studies alike: MINIMAL 1570 of 1570, CONSERVATIVE 1566, BALANCED and
/// AGGRESSIVE 1565. The test holds that level so that no change loses more.
#[test]
fn ninety_fifth_heldout_set_blind_every_fact_survives_every_strategy_in_order() {
    check_heldout("held-out set 95 (blind)", &heldout_95(), minimal_all_others_at_least(996));
}

/// A set's level: MINIMAL keeps every fact, the other strategies at least `permille` of them.
fn minimal_all_others_at_least(permille: usize) -> impl Fn(Strategy, usize, usize) -> bool {
    move |strategy, kept, total| kept * 1000 >= total * if strategy == Strategy::Minimal { 1000 } else { permille }
}

/// Runs every strategy over a held-out set: order must be kept and stronger strategies cut no
/// less; lost facts are reported and held to `enough(strategy, kept, total)`.
fn check_heldout(name: &str, docs: &[Document], enough: impl Fn(Strategy, usize, usize) -> bool) {
    let (mut failures, mut report) = (Vec::new(), String::new());
    let outcomes = evaluate(docs, &mut failures, &mut report);
    report.push_str(&summary(name, &outcomes));
    check_order_of_strategies(&outcomes, &mut failures);
    let (lost, mut failures): (Vec<String>, Vec<String>) = failures.into_iter().partition(|f| f.contains(": lost "));
    for o in &outcomes {
        let (kept, total) = o.kept.values().fold((0, 0), |(k, t), (a, b)| (k + a, t + b));
        if !enough(o.strategy, kept, total) {
            failures.push(format!("{:?} kept only {kept} of {total} facts of the {name}", o.strategy));
        }
    }
    report.push_str(&format!("== {name}: facts lost ({}):\n{}\n", lost.len(), lost.join("\n")));
    println!("{report}");
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

/// A document's narrative paragraphs: its lines of at least eight words that are neither list
/// items nor table rows, joined by line breaks.
fn narrative_paragraphs(content: &str) -> String {
    let narrative = |line: &&str| {
        let t = line.trim();
        t.split_whitespace().count() >= 8
            && !t.starts_with(['-', '*', '|'])
            && !t.starts_with(|c: char| c.is_ascii_digit())
            && !t.contains(" | ")
    };
    content.lines().filter(narrative).collect::<Vec<_>>().join("\n")
}

/// The documents the promised ranges are for: lab tables keep every row and prescriptions every
/// drug line, so they shrink less by design.
fn is_prose(doc: &Document) -> bool {
    !matches!(doc.content_type, ContentType::LabResults | ContentType::Prescription)
}
