//! The optimizer's rules end to end, one behaviour per test, on short made-up notes.

use super::*;

/// Words as tokens: enough for rules that do not depend on the tokenizer.
struct Words;

impl TokenCounter for Words {
    fn count(&self, text: &str) -> usize {
        text.split_whitespace().count()
    }
}

fn optimized(content: &str, strategy: Strategy) -> String {
    optimized_as(content, strategy, ContentType::General)
}

fn optimized_as(content: &str, strategy: Strategy, content_type: ContentType) -> String {
    let options = Options { strategy, content_type, target_tokens: None, preserve_keywords: &[] };
    optimize(content, &options, &Words).content
}

#[test]
fn a_list_item_keeps_its_number_when_its_first_clause_goes() {
    let item = "4. Advice given and discussed as usual; weight today 72 kg.";
    assert_eq!(optimized(item, Strategy::Aggressive), "4. weight today 72 kg.");
}

#[test]
fn aggressive_keeps_short_clinical_statements_and_drops_chat() {
    let note = "PMH\n- Hypertension\nTrace bilateral ankle edema. We had a lovely chat about her garden.\nSenior Nurse Specialist";
    assert_eq!(optimized(note, Strategy::Aggressive), "PMH\n- Hypertension\nTrace bilateral ankle edema.");
}

#[test]
fn every_strategy_keeps_a_short_finding_but_not_a_title_line() {
    let note = "Clamps off, good flow. We had a lovely chat about her garden.\nL: Type A\nInsight good.\nSenior Nurse Specialist";
    for strategy in [Strategy::Conservative, Strategy::Balanced, Strategy::Aggressive] {
        assert_eq!(optimized(note, strategy), "Clamps off, good flow.\nL: Type A\nInsight good.", "{strategy:?}");
    }
}

#[test]
fn every_strategy_keeps_a_sentence_quoting_the_patient() {
    let note =
        "She said the pain was like \u{201C}razor blades\u{201D} at times. He describes being \"dreamy\" at school. \
                Score high today (\"it was a three during treatment because I was busy\"). We discussed the options at \
                length today.";
    assert_kept_but_not(
        note,
        &[
            "like \u{201C}razor blades\u{201D} at times.",
            "He describes being \"dreamy\" at school.",
            // a quotation in brackets (the eightieth held-out set)
            "(\"it was a three during treatment because I was busy\")",
        ],
        "options",
    );
}

#[test]
fn mental_state_and_social_history_are_facts() {
    let note = "Insight and judgement preserved throughout the interview today.\nFather has alcohol problems and rarely visits the family.\nTried vaping, now uses most days after school.\nWe went over the timetable for the next few sessions together.";
    assert_kept_but_not(
        note,
        &["Insight and judgement preserved", "Father has alcohol problems", "Tried vaping, now uses most days"],
        "timetable",
    );
}

#[test]
fn a_numbered_conclusion_is_no_repeat_of_the_finding_above_it() {
    let report = "No pulmonary embolism.\nIMPRESSION\n1. No pulmonary embolism.";
    assert_eq!(optimized(report, Strategy::Balanced), report);
}

#[test]
fn aggressive_abbreviates_common_section_headings() {
    let note = "HISTORY OF PRESENT ILLNESS\nHe denies chest pain.\nPast medical history:\n- COPD since 2019";
    assert_eq!(optimized(note, Strategy::Aggressive), "HPI\nHe denies chest pain.\nPMH:\n- COPD since 2019");
    assert!(optimized(note, Strategy::Balanced).starts_with("HISTORY OF PRESENT ILLNESS\n"));
    assert_eq!(section_abbreviation("SEDATION"), None);
}

#[test]
fn a_clinical_template_field_and_a_short_list_item_are_kept_as_written() {
    let note = "Aggs: reaching overhead, lifting the big pans at work.\nWe had a lovely chat about her garden.\n- Hair coming out in the plughole\n- Mitoses are readily found.";
    assert_kept_but_not(
        note,
        &[
            "Aggs: reaching overhead, lifting the big pans at work.",
            "- Hair coming out in the plughole",
            "- Mitoses are readily found.",
        ],
        "garden",
    );
}

#[test]
fn aggressive_keeps_the_subject_of_a_negated_clause() {
    let note = "It has never got stuck or gone hard, and he does not seem bothered by it.";
    let kept = optimized(note, Strategy::Aggressive);
    assert!(kept.contains("It has never got stuck or gone hard"), "{kept}");
    assert!(kept.contains("he does not seem bothered by it"), "{kept}");
}

/// Asserts that every strategy that drops sentences keeps each of `facts` as written (each a
/// sentence of `note`) and still drops the chat appended to the note.
fn assert_facts_kept(note: &str, facts: &[&str]) {
    assert_kept_but_not(&format!("{note}\nWe had a lovely chat about her garden."), facts, "garden");
}

/// Asserts that every strategy that drops sentences keeps each of `facts` of `note` as written,
/// and drops `chat`, a courtesy or a chat in it.
fn assert_kept_but_not(note: &str, facts: &[&str], chat: &str) {
    let mut lost = Vec::new();
    for strategy in [Strategy::Conservative, Strategy::Balanced, Strategy::Aggressive] {
        let kept = optimized(note, strategy);
        lost.extend(
            facts.iter().filter(|fact| !kept.contains(*fact)).map(|fact| format!("{strategy:?} lost {fact:?}")),
        );
        assert!(!kept.contains(chat), "{strategy:?} kept the chat: {kept}");
    }
    assert!(lost.is_empty(), "{lost:#?}");
}

/// Each note's last line is kept whole under CONSERVATIVE and up: a fact after the lines that set
/// its scene (a heading, a ticked box, a finding before it).
fn assert_last_lines_kept(notes: &[&str]) {
    for note in notes {
        for strategy in [Strategy::Conservative, Strategy::Balanced, Strategy::Aggressive] {
            let out = optimized(note, strategy);
            assert!(out.ends_with(note.rsplit('\n').next().unwrap_or(note)), "{strategy:?}: {out}");
        }
    }
}

#[test]
fn everyday_body_parts_are_facts() {
    assert_facts_kept(
        "He keeps pulling at his shins after school.\nShe holds her tummy when the bus goes round corners.",
        &["He keeps pulling at his shins after school.", "She holds her tummy when the bus goes round corners."],
    );
}

#[test]
fn a_word_that_may_name_a_body_part_names_one_after_a_possessive_or_a_side() {
    let note = "She rubs her left hand every few minutes.\nHe rests his head on the table in class.\nWe will get back to you about the date.\nOn the other hand the bus was late again.";
    assert_facts_kept(note, &["She rubs her left hand every few minutes.", "He rests his head on the table in class."]);
    let kept = optimized(note, Strategy::Conservative);
    assert!(!kept.contains("get back to you") && !kept.contains("other hand"), "{kept}");
}

#[test]
fn a_verb_in_s_is_read_as_the_symptom_in_ing() {
    assert_facts_kept(
        "She wheezes whenever she runs about outside.\nHe drools much more than his brother did.",
        &["She wheezes whenever she runs about outside.", "He drools much more than his brother did."],
    );
}

#[test]
fn exhaustion_and_seizures_in_lay_words_are_facts() {
    assert_facts_kept(
        "I was completely knackered for two days after that.\nHis uncle had fits as a boy, his aunt says.\nShe collapsed in the kitchen on Sunday evening.",
        &[
            "I was completely knackered for two days after that.",
            "His uncle had fits as a boy, his aunt says.",
            "She collapsed in the kitchen on Sunday evening.",
        ],
    );
}

#[test]
fn exposures_of_the_travel_and_occupational_history_are_facts() {
    assert_facts_kept(
        "Went swimming in a river on the family holiday.\nHe works as a poultry farmer out of town.",
        &["Went swimming in a river on the family holiday.", "He works as a poultry farmer out of town."],
    );
}

#[test]
fn intake_and_output_are_facts() {
    assert_facts_kept(
        "Output has gone up a lot since Friday.\nHer intake has picked up over the weekend.",
        &["Output has gone up a lot since Friday.", "Her intake has picked up over the weekend."],
    );
}

#[test]
fn how_briskly_something_responds_and_a_crossmatch_result_are_facts() {
    assert_facts_kept(
        "The response was brisk on both sides today.\nSecond sample concordant with the first one.",
        &["The response was brisk on both sides today.", "Second sample concordant with the first one."],
    );
}

#[test]
fn a_line_under_a_check_label_is_a_fact() {
    assert_facts_kept(
        "Bedside check: name and number match the wristband.\nInstrument count: complete and agreed by both.",
        &["Bedside check: name and number match the wristband.", "Instrument count: complete and agreed by both."],
    );
}

#[test]
fn no_strategy_drops_a_sentence_of_a_history_or_examination_section() {
    // Behaviour in plain words: no clinical word, no value, no negation. Under a heading that
    // names the history it is a finding; under the plan a sentence like it (with no person for
    // its subject, see the next test, and not written as a note's item, see
    // `the_plan_s_items_written_as_notes_are_kept`) is chat and goes.
    let note = "CLINIC LETTER\n\nPresenting complaint\nShe hid the kitchen knives in a high cupboard.\n\n\
                Plan\nThe spare keys go in a high cupboard.";
    for strategy in [Strategy::Conservative, Strategy::Balanced, Strategy::Aggressive] {
        let out = optimized(note, strategy);
        assert!(out.contains("Presenting complaint\nShe hid the kitchen knives in a high cupboard."), "{out}");
        assert!(!out.contains("spare keys"), "{strategy:?}: {out}");
    }
    // Every strategy edits it as MINIMAL does, and no more.
    let note = "REPORT\n4. EXAMINATION\nIt should be noted that the toddler settled with the toys in the room.";
    assert_eq!(
        optimized(note, Strategy::Aggressive),
        "REPORT\n4. EXAMINATION\nThe toddler settled with the toys in the room."
    );
}

#[test]
fn the_plan_s_items_written_as_notes_are_kept() {
    // Under the plan's heading, with no list's mark: each sentence written as a note's item is a
    // decision, and so is the line under a label of what was discussed; the letter's closing
    // paragraph under the same heading still goes.
    let note = "SUMMARY\n\nFollow-up\nLetter to the family with outcomes once recipients are known. \
                We would like to thank the team for their help.\nDiscussed: complete avoidance of the pigeons \
                is the main treatment.";
    assert_kept_but_not(
        note,
        &[
            "Letter to the family with outcomes once recipients are known.",
            "complete avoidance of the pigeons is the main treatment.",
        ],
        "thank the team",
    );
}

#[test]
fn a_prescription_s_fields_of_how_and_how_long_are_facts() {
    assert_facts_kept(
        "Frequency: every four weeks, maintenance\nDuration: two weeks, then review",
        &["Frequency: every four weeks, maintenance", "Duration: two weeks, then review"],
    );
}

#[test]
fn a_questionnaire_s_numbered_answers_are_kept_whole() {
    let form = "Q1. Which sounds bother you most?\nA. Chewing, especially crisps and apples. Sniffing.\n\
                Q2. When did it start?\nA. At about eleven, at family dinners.\n\
                Q8. Coffee, alcohol, smoking\nA. Four strong coffees a day to get through.";
    assert_every_strategy_keeps_as(
        form,
        ContentType::PatientHistory,
        &[
            "A. Chewing, especially crisps and apples. Sniffing.",
            "A. At about eleven, at family dinners.",
            "A. Four strong coffees a day to get through.",
        ],
    );
    // a report's quarter opens a line as a numbered question does: its line is no question, and
    // the "A. " line after it no answer
    let report = "Q1. Referrals up on last year.\nA. Parking on site remains difficult for visitors.";
    let out = optimized_as(report, Strategy::Conservative, ContentType::PatientHistory);
    assert!(!out.contains("Parking"), "{out}");
}

#[test]
fn a_test_s_quality_and_effort_are_facts() {
    assert_every_strategy_keeps(
        "Spirometry results\nQuality: blows well performed and repeatable throughout.\nEffort: submaximal on two blows.",
        &["Quality: blows well performed and repeatable throughout.", "Effort: submaximal on two blows."],
    );
}

#[test]
fn a_labelled_line_is_one_field_s_entry() {
    // Its first sentence holds a finding; the next qualifies it, with no clinical word of its own.
    assert_facts_kept(
        "Skin type: fair, freckles, burns within minutes and hardly tans. Forty years of golf and sailing, rarely wore a hat.",
        &["Forty years of golf and sailing, rarely wore a hat."],
    );
}

#[test]
fn a_sentence_labelled_with_a_test_s_name_within_a_line_reports_it() {
    assert_facts_kept(
        "Ketones 4+ in the urine. PUQE score 15. Scan: single live pregnancy, measures eleven weeks.",
        &["Scan: single live pregnancy, measures eleven weeks."],
    );
}

#[test]
fn a_line_labelled_with_a_test_s_name_reports_it_between_its_values() {
    // The curve's shape stands between two values, in a clause with no clinical word.
    assert_facts_kept(
        "Voiding observed in clinic\n- Uroflow: Qmax 6 mL/s, plateau-shaped curve, voided volume 95 mL",
        &["plateau-shaped curve"],
    );
}

#[test]
fn a_care_diary_s_intake_its_arrival_note_and_who_to_call_are_kept() {
    // A nursery's and a respite unit's records: a label with an aside in brackets, what was
    // drunk under "Food and drink", a request to contact a relative, a plan told ahead in the
    // passive, and whether a finding matters in lay words. The chat still goes.
    let diary = "MY DAY AT NURSERY\n\nWe had a lovely chat about her garden.\n\
                 Arrival (from dad at drop-off): Slept well. Bit tired.\n\n\
                 Food and drink\nWater - small sips only.\n\n\
                 Notes\nCall mum after any dose. His father will be offered testing through his neurologist. \
                 The colour itself is harmless.";
    assert_kept_but_not(
        diary,
        &[
            "Slept well.",
            "Water - small sips only.",
            "Call mum after any dose.",
            "His father will be offered testing through his neurologist.",
            "The colour itself is harmless.",
        ],
        "garden",
    );
}

#[test]
fn a_diary_s_weekday_and_dash_open_an_entry() {
    // What a parent or a support worker wrote under a day is what they saw, whatever its words.
    let diary = "SLEEP DIARY\n\nWe had a lovely chat about her garden.\n\n\
                 Thu - sleeping with her head tipped right back off the pillow\n\
                 Sun - another screaming one, after a late night at her cousin's party\n\n\
                 Friday - support worker (evening)\nSettled in his room. Ate all his tea and asked for more, accepted it after a bit.";
    assert_kept_but_not(
        diary,
        &[
            "another screaming one, after a late night at her cousin's party",
            "Ate all his tea and asked for more",
            "accepted it after a bit",
        ],
        "garden",
    );
}

#[test]
fn a_line_is_the_plan_after_a_sentence_labelled_so() {
    let line =
        "Will see him in the unit. Plan on arrival: cultures and serology. Public health notification when confirmed.";
    for strategy in [Strategy::Conservative, Strategy::Balanced, Strategy::Aggressive] {
        let out = optimized(line, strategy);
        assert!(out.contains("Public health notification when confirmed."), "{strategy:?}: {out}");
    }
}

#[test]
fn a_request_s_clinical_details_and_a_recurring_event_are_findings() {
    assert_facts_kept(
        "LEAD LEVEL\n\nClinical details\nMore grizzly and clingy for two months.\n\nReport\nThe shell keeps slipping down.",
        &["More grizzly and clingy for two months.", "The shell keeps slipping down."],
    );
}

#[test]
fn a_sentence_about_the_patient_or_a_relative_is_a_finding_wherever_it_stands() {
    // Meeting minutes and letters: no narrative heading, no clinical word. Its subject makes it
    // a report of what someone did or showed; plans and chat about the service still go.
    let note = "MEETING MINUTES\n\nActions\nHe has stopped sitting at the dining table.\n\
                Her husband is doing her buttons.\nThe room was booked for an hour.\n\
                She will be reviewed in the autumn.";
    for strategy in [Strategy::Conservative, Strategy::Balanced, Strategy::Aggressive] {
        let out = optimized(note, strategy);
        for fact in ["He has stopped sitting at the dining table.", "Her husband is doing her buttons."] {
            assert!(out.contains(fact), "{strategy:?}: {out}");
        }
        assert!(!out.contains("room was booked") && !out.contains("autumn"), "{strategy:?}: {out}");
    }
}

#[test]
fn a_paragraph_mostly_of_the_patient_s_account_is_theirs_throughout() {
    // Between sentences about the patient, one led by a thing reports the same; a paragraph with
    // one such sentence in three is no account, and the consultation is no report.
    let note = "CLINIC LETTER

Stairs have become a real effort. She has to pull herself up with the banister. \
                She has fallen twice.\nThe room was booked for an hour. The clinic ran late. She came with her son.\n\
                She came with her son. The patient was given the opportunity to ask questions. She agreed.\n\
                She attended with her husband. She is well. The clinic was running late today. The waiting room \
                was busy. Parking remains difficult.";
    for strategy in [Strategy::Conservative, Strategy::Balanced, Strategy::Aggressive] {
        let out = optimized(note, strategy);
        assert!(out.contains("Stairs have become a real effort."), "{strategy:?}: {out}");
        assert!(!out.contains("room was booked") && !out.contains("opportunity"), "{strategy:?}: {out}");
        // ("Parking remains difficult" is read on its own as a note with its subject left out.)
        assert!(!out.contains("waiting room"), "{strategy:?}: {out}");
    }
}

/// Asserts that every strategy that drops sentences keeps each of `facts` of a GENERAL `note`.
fn assert_every_strategy_keeps(note: &str, facts: &[&str]) {
    assert_every_strategy_keeps_as(note, ContentType::General, facts);
}

/// Asserts that every strategy that drops sentences keeps each of `facts` of a `note` of the
/// given content type.
fn assert_every_strategy_keeps_as(note: &str, content_type: ContentType, facts: &[&str]) {
    for strategy in [Strategy::Conservative, Strategy::Balanced, Strategy::Aggressive] {
        let out = optimized_as(note, strategy, content_type);
        for fact in facts {
            assert!(out.contains(fact), "{strategy:?} lost {fact:?}: {out}");
        }
    }
}

#[test]
fn an_entry_of_a_nursing_record_is_narrative_to_the_next_heading() {
    let note = "WARD NOTES\n\nMon 07:30 (night staff)\nStood at the office window, staring.\n\n\
                22:40 call returned\nWary of staff through the evening.";
    assert_every_strategy_keeps(note, &["Stood at the office window, staring.", "Wary of staff through the evening."]);
}

#[test]
fn an_entry_headed_by_its_number_and_an_aside_or_by_its_kind_is_narrative() {
    let note = "BEFRIENDING VISIT NOTES\n\nVisit 2, Tuesday\nDidn't answer for a long time; still in pyjamas at two in the afternoon.\n\n\
                GP home visit entry - Dr A (fictional)\nMoCA 22/30, lost marks mostly on recall and attention.";
    assert_every_strategy_keeps(
        note,
        &["still in pyjamas at two in the afternoon", "lost marks mostly on recall and attention"],
    );
}

#[test]
fn an_interview_s_answer_a_procedure_s_steps_and_a_fitness_judgement_are_kept() {
    let note = "CLINIC NOTE\n\nInterview\nQ: Does anything make it better?\nA: Lying down on the left side.\n\n\
                Procedure\nDissolvable packs in both middle meati.\n\nDischarge\nWell enough to go home with his daughter.";
    assert_every_strategy_keeps_as(
        note,
        ContentType::PatientHistory,
        &[
            "Q: Does anything make it better?\nA: Lying down on the left side.",
            "Dissolvable packs in both middle meati.",
            "Well enough to go home with his daughter.",
        ],
    );
}

#[test]
fn a_leaflet_s_questions_and_words_to_the_reader_are_no_findings() {
    // A GENERAL document's questions and answers are a leaflet's; fitness phrases speaking to the
    // reader, state words in chat and headings of a leaflet's kind keep nothing.
    let note = "PATIENT INFORMATION\n\nQ: Can I park on site?\nA: Yes, parking is free for blue badge holders at the main entrance.\n\
                Safe to contact you on this number?\nThank you for keeping the waiting room clean and tidy.\n\
                Take care in the hot weather.\n\nYour skin\nThe hospital cafe is open from early in the morning.";
    for strategy in [Strategy::Conservative, Strategy::Balanced, Strategy::Aggressive] {
        let out = optimized(note, strategy);
        for chat in ["Can I park", "this number", "clean and tidy", "hot weather", "cafe"] {
            assert!(!out.contains(chat), "{strategy:?} kept {chat:?}: {out}");
        }
    }
    let out = optimized(note, Strategy::Aggressive);
    assert!(!out.contains("A: Yes, parking is free for blue badge holders at the main entrance."), "{out}");
}

#[test]
fn a_lab_report_s_list_item_is_a_result_whatever_its_words() {
    let report = "PEAK FLOW REPORT\n\nPeak flow record\n- Best readings of the whole record during the holiday week\n\
                  - Wide swings in a day on the night shift\n\nThank you for this referral, we are always happy to help.";
    for strategy in [Strategy::Conservative, Strategy::Balanced, Strategy::Aggressive] {
        let out = optimized_as(report, strategy, ContentType::LabResults);
        assert!(out.contains("- Best readings of the whole record during the holiday week"), "{strategy:?}: {out}");
        assert!(out.contains("- Wide swings in a day on the night shift"), "{strategy:?}: {out}");
        assert!(!out.contains("always happy to help"), "{strategy:?}: {out}");
    }
}

#[test]
fn aggressive_keeps_the_small_words_that_carry_a_meaning() {
    // The past, "not yet", a condition, a degree and a hypothetical, which dropping a stopword or
    // a filler word turned into something else; the value keeps each sentence from being dropped.
    for (sentence, kept) in [
        ("Things used to be a lot easier at home before the move and the next visit is on 3 June.", "used to"),
        ("Things used to be a lot easier at home before the move and the next visit is on 3 June.", "a lot easier"),
        ("Things have yet to settle down at home after the move and the next visit is on 3 June.", "yet to settle"),
        ("Things are fine so long as the family visits at weekends and the next visit is on 3 June.", "so long as"),
        (
            "Things would improve with more help at home from the council and the next visit is on 3 June.",
            "ould improve",
        ),
        // Who gave it, and where: "given three times Mum on the way" said neither.
        ("Honey 10 mL given three times by Mum on the way in, after advice.", "by mum on the way in"),
        ("Honey 10 mL given three times by her on the way in, after advice.", "by her on the way in"),
        ("Honey 10 mL given three times by the district nurse at home, after advice.", "by district nurse"),
        // When, not how often: "count month" said neither (the seventy-sixth held-out set).
        ("Potassium 5.9 mmol/L, so please repeat the sample in a month at the surgery.", "in a month"),
        // For how long: "for hour after" (the eighty-fifth held-out set).
        ("Sit her up at least 30 degrees during feeds and for an hour after.", "for an hour after"),
        // Which day: "Open Door next day" (the eighty-seventh).
        ("First community dose booked at Open Door the next day - no new script.", "the next day"),
        ("Take the first dose the following morning with food.", "the following morning"),
    ] {
        let out = optimized(sentence, Strategy::Aggressive);
        assert!(out.to_lowercase().contains(kept), "{kept:?} lost: {out}");
    }
}

#[test]
fn facts_in_a_letter_s_or_a_note_s_own_words_are_kept() {
    // Each of these was lost by a held-out set, blind: a plan under a letter's own heading for
    // it, an act of care in the clinician's first person, what the treatment is under the plan,
    // a play specialist's field within a line and a device that protects the ear. The courtesies
    // around them still go.
    let letter = "CLINIC LETTER\n\nWhat you should do\n\
                  - Keep your hospital bag and maternity notes with you at all times\n\n\
                  Family\nWe have offered testing to your siblings and your mum. Thank you for coming to see us.\n\n\
                  Plan\nThe most important treatment is complete removal from the chip store and mill dust.\n\n\
                  Cannulation\nSat on the sofa. Distraction: train video on the tablet, bubbles. \
                  Limiter working, but the burst reached its ceiling.";
    assert_kept_but_not(
        letter,
        &[
            "hospital bag and maternity notes",
            "testing to your siblings and your mum",
            "complete removal from the chip store and mill dust",
            "train video on the tablet",
            "Limiter working, but the burst reached its ceiling",
        ],
        "Thank you for coming",
    );
}

#[test]
fn a_needs_assessment_s_areas_a_family_s_own_plan_and_a_psychosocial_history_are_kept() {
    // Each of these was lost by the fifty-fifth held-out set, blind: an area of daily living as
    // a field, what the parents can do at home under a letter's heading for it, and what a
    // hospice's psychosocial history says. The letter's courtesy still goes.
    let letter = "NEEDS ASSESSMENT\n\nDaily living\n\
                  - Money: cannot budget, gave his bank card to a man at the bus stop last year, who took money from his account.\n\n\
                  What you can do at home\n- No milk bottle in bed; water only at night.\n\n\
                  Psychosocial and spiritual\nChurch on Sundays matters a great deal now. Thank you for seeing him.";
    assert_kept_but_not(
        letter,
        &[
            "gave his bank card to a man at the bus stop last year",
            "took money from his account",
            "No milk bottle in bed; water only at night",
            "Church on Sundays matters a great deal now",
        ],
        "Thank you for seeing",
    );
}

#[test]
fn a_record_s_findings_in_the_words_of_other_health_systems_are_kept() {
    // Each of these was lost by the fifty-sixth held-out set, blind: care handed on to a nurse,
    // the course an illness takes, scratch marks, self-care with its verb first, a child described
    // before the verb, the family in Maori, and an item under a sub-heading of the plan. The
    // consultation's own request and the letter's courtesy still go.
    let letter = "REFERRAL\n\nRequests\nI have asked the public health nurse to swab the siblings. \
                  I asked him to sit on the couch in the room.\n\n\
                  Comment\nMortality is high if treatment is delayed.\n\n\
                  Notes\nThere are fresh scratch marks in several places today. \
                  Showers sitting on a plastic garden chair, which slides on the floor. \
                  Bright, plays well with the other kids in the waiting room. \
                  Whanau want to share the care. Wife, 59, has given up her part-time job.\n\n\
                  Recommendations\n1. A power wheelchair, trial first.\nSupports:\n\
                  2. Support worker 2 hours each morning for showering, meal preparation and household tasks.\n\n\
                  Thank you for seeing him.";
    assert_kept_but_not(
        letter,
        &[
            "I have asked the public health nurse to swab the siblings",
            "Mortality is high if treatment is delayed",
            "fresh scratch marks in several places",
            "Showers sitting on a plastic garden chair, which slides on the floor",
            "Bright, plays well with the other kids in the waiting room",
            "Wife, 59, has given up her part-time job",
            "Whanau want to share the care",
            "for showering, meal preparation and household tasks",
        ],
        "Thank you for seeing",
    );
    for strategy in [Strategy::Conservative, Strategy::Balanced, Strategy::Aggressive] {
        let out = optimized(letter, strategy);
        assert!(!out.contains("sit on the couch"), "{strategy:?}: {out}");
    }
}

#[test]
fn a_sentence_a_fixed_width_broke_is_kept_whole() {
    // Text taken from a PDF: the second line, read alone, had lost the subject and the words
    // that made its sentence a finding, and went under CONSERVATIVE and up.
    let report = "DISCHARGE SUMMARY\n\nNotes\nHer husband says that since the fall in March she often loses her\n\
                  footing on the way to the garden and then grabs whatever furniture is near.\n\n\
                  Thank you for seeing her.";
    assert_kept_but_not(
        report,
        &["loses her footing on the way to the garden and then grabs whatever furniture is near."],
        "Thank you for seeing",
    );
}

#[test]
fn a_drug_s_form_before_its_name_ends_no_sentence() {
    // "Inj." read as a sentence of its own was a repeat from the second order on, and a
    // PATIENT_HISTORY drops repeats even under MINIMAL.
    let orders = "ORDERS\n- Inj. Mannitol 20% 5 ml/kg IV 8 hourly\n- Inj. Ceftriaxone 100 mg/kg/day IV\n- Tab. Paracetamol 500 mg";
    let out = optimized_as(orders, Strategy::Minimal, ContentType::PatientHistory);
    for order in ["Inj. Ceftriaxone 100 mg/kg/day IV", "Tab. Paracetamol 500 mg"] {
        assert!(out.contains(order), "{order:?} lost: {out}");
    }
    // Elsewhere the same word ends its sentence: a courtesy before a finding goes alone.
    for note in ["Thanks for sending the cap. Hated haircuts.", "Many thanks for the supp. Slept most of the night."] {
        let out = optimized(note, Strategy::Conservative);
        assert!(!out.contains("thanks") && !out.is_empty(), "{note}: {out}");
    }
}

#[test]
fn an_a_opening_a_quantity_is_no_article() {
    // Without its "a", "moved a little" says the opposite; a plain article still goes.
    let note = "The top edge moved a little and was fixed at 2 cm.";
    for strategy in [Strategy::Balanced, Strategy::Aggressive] {
        let out = optimized(note, strategy);
        assert!(out.contains("moved a little") && !out.contains("The"), "{strategy:?}: {out}");
    }
}

#[test]
fn a_stronger_level_never_keeps_more_of_a_sentence_than_a_weaker_one() {
    // A DIAGNOSIS document keeps a sentence with a clinical word. Both its clauses could go under
    // AGGRESSIVE (one clinical word each at most), which would empty it, so AGGRESSIVE applies
    // BALANCED's rule and drops the hospital's clause as BALANCED does, rather than keeping both.
    let title = "Sport and Exercise Medicine Clinic, Redcastle University Hospital (fictional)";
    let at = |strategy| optimized_as(title, strategy, ContentType::Diagnosis);
    let (balanced, aggressive) = (at(Strategy::Balanced), at(Strategy::Aggressive));
    assert!(balanced.contains("Clinic") && !balanced.contains("Redcastle"), "{balanced}");
    assert!(aggressive.contains("Clinic") && !aggressive.contains("Redcastle"), "{aggressive}");
}

#[test]
fn an_impression_opening_with_its_certainty_is_a_finding() {
    // A hedged diagnosis in the clinician's own words, with no word the vocabulary names, under
    // a heading that is no narrative section (notes, but no one's).
    let note = "SCREENING FORM\n\nSafeguarding notes\nPossible criminal exploitation, flagged today.\n\
                The form was completed in the office.";
    assert_kept_but_not(note, &["Possible criminal exploitation, flagged today."], "office");
}

#[test]
fn a_quotation_over_several_sentences_and_a_line_labelled_as_the_plan_are_kept() {
    // No sentence of the quotation but the first names a person or a clinical word; a plan
    // written as sentences after its label is the plan's list.
    let note = "CHAPLAINCY RECORD\n\nAdministration\nHe said: \"I've had a think. I'm not saying stop \
                tomorrow. I'm saying I want to know what would happen.\"\nThe room was quiet for most of the visit.\n\
                Plan: Letter for her department about extensions.";
    let quotation = "\"I've had a think. I'm not saying stop tomorrow. I'm saying I want to know what would happen.\"";
    assert_kept_but_not(note, &[quotation, "Letter for her department about extensions."], "room was quiet");
}

#[test]
fn a_stray_quote_keeps_no_more_of_its_line() {
    // An inch mark, and a ditto mark that never closes: no quotation runs on, so the sentences
    // after them go as they would without it.
    for note in [
        "SOCIAL\n\nAdministration\nHeight 5 11\" today. The form was completed in the office by the clerk.",
        "SOCIAL\n\nAdministration\nSame as \" above. The form was completed in the office by the clerk.",
    ] {
        for strategy in [Strategy::Conservative, Strategy::Balanced, Strategy::Aggressive] {
            let out = optimized(note, strategy);
            assert!(!out.contains("completed in the office"), "{strategy:?}: {out}");
        }
    }
}

#[test]
fn an_item_of_the_plan_is_kept_whole() {
    // A plan's list: each item a decision, a treatment or a referral, in plain words, which
    // CONSERVATIVE and up dropped for having no clinical word.
    let note =
        "CLINIC LETTER\n\nNext steps\n1. Meanwhile, a place in the weekly coping skills group with a care coordinator.";
    for strategy in [Strategy::Conservative, Strategy::Balanced, Strategy::Aggressive] {
        let out = optimized(note, strategy);
        let item = "1. Meanwhile, a place in the weekly coping skills group with a care coordinator.";
        assert!(out.contains(item), "{strategy:?}: {out}");
    }
}

#[test]
fn a_quoted_e_mail_is_read_without_its_marks_and_its_broken_sentences_whole() {
    // A daughter's e-mail quoted in a forwarded thread: with the marks before every line, the
    // lines a fixed width broke were read apart and went (the fifty-seventh held-out set).
    let thread = "Dear memory team, please see the e-mail below.\n\n-----Original Message-----\nFrom: [daughter]\n\n\
                  > Hello Doctor,\n>\n> I'm writing because it's got much worse this week. On Thursday\n\
                  > Dad locked Mum out of their bedroom and told her to go back to wherever\n> she came from.\n\
                  > • some days he's almost his old self and does the crossword, then\n> the next day he can't follow the telly\n\
                  > > Dear caller, please put your concerns in writing.";
    for strategy in [Strategy::Minimal, Strategy::Conservative, Strategy::Balanced, Strategy::Aggressive] {
        let out = optimized(thread, strategy);
        for fact in [
            "Dad locked Mum out of their bedroom and told her to go back to wherever she came from",
            "some days he's almost his old self and does the crossword, then the next day he can't follow the telly",
        ] {
            assert!(out.contains(fact), "{strategy:?} lost {fact:?}: {out}");
        }
        assert!(!out.lines().any(|line| line.starts_with('>')), "{strategy:?}: {out}");
    }
    // One or two lines opening with ">" are values, and keep their sign.
    let values = "Stenosis:\n> 50% of the left main stem\n>70% of the proximal LAD";
    assert_eq!(optimized(values, Strategy::Minimal), values);
}

#[test]
fn a_time_before_the_subject_a_clause_after_a_score_and_a_care_plan_s_area_are_kept() {
    for (note, fact, strategy) in [
        ("The next day he can't follow the telly.", "can't follow the telly", Strategy::Conservative),
        ("Most nights she wanders into the garden.", "wanders into the garden", Strategy::Conservative),
        (
            "MoCA 19/30, losing most points on the clock and the cube.",
            "losing most points on the clock",
            Strategy::Aggressive,
        ),
        (
            "o Pressure care: air mattress, two-hourly turns, tissue viability review.",
            "air mattress",
            Strategy::Aggressive,
        ),
        ("Number affected: two known (this patient and a friend)", "two known", Strategy::Conservative),
    ] {
        let out = optimized(note, strategy);
        assert!(out.contains(fact), "{strategy:?} lost {fact:?}: {out}");
    }
}

#[test]
fn a_transcript_s_turns_are_read_past_their_time_codes_and_an_answer_keeps_its_question() {
    // A triage call and a ward round, transcribed: the answers mean nothing without the
    // questions, and the time-codes stay in front of what is kept (the fifty-eighth held-out set).
    let call = "[00:02:01] Clinician: Any diarrhoea?\n[00:02:06] Caller: Yes, watery, three or four times.\n\
                [08:41:20] Consultant: Overnight?\n[08:41:22] FY1: Spiked again at two. Cultures sent, so far nothing.\n\
                [08:42:00] Consultant: The shape of the bridge usually doesn't go back by itself.";
    for strategy in [Strategy::Conservative, Strategy::Balanced, Strategy::Aggressive] {
        let out = optimized(call, strategy);
        for fact in [
            "Clinician: Any diarrhoea?",
            "Caller: Yes, watery, three or four times.",
            "Cultures sent, so far nothing.",
            "The shape of the bridge usually doesn't go back by itself.",
        ] {
            assert!(out.contains(fact), "{strategy:?} lost {fact:?}: {out}");
        }
        // AGGRESSIVE leaves the recorder's time-codes out; the others keep them.
        assert_eq!(out.contains("[00:02:01] Clinician"), strategy != Strategy::Aggressive, "{strategy:?}: {out}");
        assert_eq!(out.lines().count(), 5, "{strategy:?}: {out}");
    }
    // A speaker's hesitations go at every level, as hedges do.
    assert_eq!(
        optimized("Um, we talked about the weather and, erm, the drive in.", Strategy::Minimal),
        "We talked about the weather and, the drive in."
    );
}

#[test]
fn an_abbreviation_s_contraction_names_it_and_workmates_are_people() {
    for note in ["CRP's down from two hundred and ten to forty-one.", "The lads do the heavy stuff now."] {
        assert_eq!(optimized(note, Strategy::Conservative), note);
    }
}

#[test]
fn a_graded_range_a_span_of_some_months_a_vector_and_a_snippet_s_plan_are_kept() {
    // Machine-translated and non-native notes (the fifty-ninth held-out set).
    for (note, strategy) in [
        ("Acute phase, moderate to severe.", Strategy::Aggressive),
        ("He should avoid donating blood for some months.", Strategy::Aggressive),
        ("A tick was found on the sheep wool by his brother.", Strategy::Balanced),
        ("Advice:\n- Stop bathing in the tank, bath with well water or tap.", Strategy::Aggressive),
        ("Seen today.\n\nAdvices given\n- Stop bathing in the tank, bath with well water or tap.", Strategy::Balanced),
    ] {
        let out = optimized(note, strategy);
        assert!(out.ends_with(note.rsplit('\n').next().unwrap_or(note)), "{strategy:?}: {out}");
    }
}

#[test]
fn a_clinical_event_s_time_a_numbered_turn_and_an_ellipsis_before_a_courtesy_are_kept() {
    // Found by the review of stop 43's change: a numbered item after a time-code panicked; an
    // event's time is no recording's; an ellipsis after a word still ends its sentence.
    for strategy in [Strategy::Minimal, Strategy::Conservative, Strategy::Balanced, Strategy::Aggressive] {
        let out = optimized("[00:01:22] 2. Hypertension, at target.", strategy);
        assert!(out.contains("2. Hypertension, at target."), "{strategy:?}: {out}");
        let log =
            "[14:02] VF arrest. CPR started.\n[14:04] Shock 150 J. CPR resumed.\n[14:06] Shock 150 J. CPR resumed.";
        let out = optimized(log, strategy);
        assert!(out.contains("[14:04] Shock") && out.contains("[14:06] Shock"), "{strategy:?}: {out}");
        let out = optimized("Stairs a struggle... Kind regards\nDr A Smith", strategy);
        assert!(out.contains("Stairs a struggle..."), "{strategy:?}: {out}");
    }
}

#[test]
fn going_or_being_sent_to_a_place_of_care_is_kept() {
    // A nurse's e-mail replies and a GP's note (the sixty-first held-out set).
    for note in [
        "Nurse reply: Please go to an urgent care clinic there today and take the spider.",
        "Nurse reply: Come straight to the surgery from the airport.",
        "Sent to the emergency department by ambulance.",
    ] {
        assert_eq!(optimized(note, Strategy::Balanced), note);
    }
}

#[test]
fn a_note_added_below_a_signed_letter_is_no_signature() {
    // The sixty-second held-out set's MINIMAL loss: the school nurse's note went with the
    // signature above it.
    let letter =
        "Review in a year.\nBest wishes, Dr P. Wojcik-Amadi\nSchool nurse's note added later: she sits at the \
                  front now, wears ear defenders at assembly. Tummy aches less often.";
    for strategy in [Strategy::Minimal, Strategy::Conservative, Strategy::Balanced, Strategy::Aggressive] {
        let out = optimized(letter, strategy);
        assert!(out.contains("Tummy aches less often."), "{strategy:?}: {out}");
    }
    // A signature's own lines still go with it.
    let signed = "Review in a year.\nBest wishes,\nDr P. Wojcik-Amadi\nConsultant Clinical Geneticist\n\
                  Dr H. Okafor-Lyle (fictional), Consultant in Sleep Medicine and Respiratory Physiology";
    assert_eq!(optimized(signed, Strategy::Conservative), "Review in a year.");
}

#[test]
fn where_the_patient_goes_partner_notification_and_what_a_referral_asks_are_kept() {
    // Each of these was lost by the seventieth held-out set, blind: a discharge plan's
    // destination and a sexual health note's partner notification as fields, and an item under
    // a referral letter's heading for what it asks. The letter's courtesy still goes.
    let letter =
        "DISCHARGE PLAN\n\nDischarge arrangements\nDestination: step-down bed at Bridgeway House, a respite unit.\n\n\
                  Notes\n- Partner notification: she'll tell the regular partner; doesn't know most clients.\n\n\
                  What we are asking for\n\
                  2. Consider supported accommodation with staff on site rather than a general-needs tenancy.\n\
                  Thank you for reading this letter.";
    assert_kept_but_not(
        letter,
        &[
            "Destination: step-down bed at Bridgeway House",
            "Partner notification: she'll tell the regular partner",
            "2. Consider supported accommodation with staff on site rather than a general-needs tenancy",
        ],
        "Thank you for reading",
    );
}

#[test]
fn a_team_brief_s_parts_a_letter_s_advice_and_a_child_s_learning_are_kept() {
    // Each of these was lost by the seventy-second or seventy-third held-out set, blind: what the
    // surgeon expects, under a possessive's label of a theatre team brief; an item under a
    // letter's "What to do"; a teacher's finding under "Learning". The courtesy still goes.
    let record = "THEATRE TEAM BRIEF\nSurgeon's brief: large incisional hernia. Component separation may be needed. \
                  Long case, blood loss could be significant.\n\n\
                  What to do\n- A calm, same-every-night routine, bath and story, lights down.\n\n\
                  Learning\nMaths reasoning good when read aloud to him. Verbally very able.\n\n\
                  Thank you for asking us to see him.";
    assert_kept_but_not(
        record,
        &[
            "Component separation may be needed. Long case, blood loss could be significant.",
            "- A calm, same-every-night routine, bath and story, lights down.",
            "Maths reasoning good when read aloud to him. Verbally very able.",
        ],
        "Thank you for asking",
    );
}

#[test]
fn adjustments_what_helps_a_support_plan_and_what_happened_are_kept() {
    // Each of these was lost by the seventy-fourth or seventy-fifth held-out set, blind: a
    // learning disability health check's reasonable adjustments as a field, an item under a
    // letter's "What will help", a support plan's strategy, a letter's account of the illness,
    // what the employer did, and what the reader is asked to pass on. The courtesy still goes.
    let letter = "HEALTH CHECK\nReasonable adjustments: double appointment at the end of the morning, quiet room.\n\n\
                  What will help\nSmall spoonfuls. Put your spoon down between mouthfuls.\n\n\
                  Updated strategies\nKitchen locked at all times. Night staff to check the kitchen hourly.\n\n\
                  What happened to your eye\nStraight lines look bent and there is a dark smudge in the middle.\n\n\
                  Note to file\nEmployer has moved him to the control room.\n\n\
                  Plan\nPlease pass on that he should avoid the sauna straight after matches.\n\
                  Thank you for seeing him.";
    assert_kept_but_not(
        letter,
        &[
            "Reasonable adjustments: double appointment at the end of the morning, quiet room.",
            "Put your spoon down between mouthfuls.",
            "Night staff to check the kitchen hourly.",
            "Straight lines look bent and there is a dark smudge in the middle.",
            "Employer has moved him to the control room.",
            "Please pass on that he should avoid the sauna straight after matches.",
        ],
        "Thank you for seeing",
    );
}

#[test]
fn instructions_of_care_a_checklist_s_answers_a_mood_feeding_and_what_happened_are_kept() {
    // Each of these was lost by the seventy-sixth or seventy-seventh held-out set, blind: a
    // laboratory's advice to consult, a pharmacist's suggestion and when a test is to be repeated;
    // the courtesy still goes.
    let letter = "Comment\nESBL-producing Klebsiella. Discuss with microbiology if oral options are needed.\n\n\
                  Suggestions\n- Consider a combined preventer and reliever regime per current guidance\n\
                  Please repeat full blood count in a month.\nThank you for seeing her.";
    assert_kept_but_not(
        letter,
        &[
            "Discuss with microbiology if oral options are needed.",
            "Consider a combined preventer and reliever regime per current guidance",
            "Please repeat full blood count in a month.",
        ],
        "Thank you for seeing",
    );
    // A checklist's unticked item, a mood's change, a drug's safety in breastfeeding, a caesarean
    // in the British spelling and a patient's disclosure, each a note of its own.
    assert_last_lines_kept(&[
        "Medicines check\n[x] Opened the bottle\n[ ] Could tell the time of the next dose",
        "Relaxed once the plan was talked through.",
        "Safe in breastfeeding at this dose.",
        "She should have a planned caesarean before labour starts.",
        "Something happened to me when I was 17.",
    ]);
}

#[test]
fn a_biofilm_dreams_ground_glass_and_an_action_are_kept() {
    // Each was lost by the seventy-eighth, seventy-ninth or eighty-first held-out set, blind: what
    // a laboratory saw on a catheter's tip, a patient's dreams at an intensive care follow-up call,
    // a CT's pattern in a report's shorthand, and an advice line's one action.
    assert_last_lines_kept(&[
        "Catheter tip\nHeavy growth of Mycobacterium mucogenicum\nBiofilm noted on the tip",
        "Can't climb the stairs. Dreams of snakes in the drip lines.",
        "Ground glass has largely cleared.",
        // and a telephone line's one action (the eighty-first held-out set)
        "Blood blisters inside her cheeks since last night.\nAction: come to day unit now for a count.",
    ]);
}

#[test]
fn villi_a_macroscopy_a_chance_a_suggestion_a_night_s_count_a_task_and_a_service_are_kept() {
    // Each was lost by the eighty-second or eighty-third held-out set, blind: the tissue of a
    // pregnancy, a pathology report's description, a prognosis in words, a report's advice, how
    // often at night, a task for the pharmacist and a referral to a service of three words.
    assert_last_lines_kept(&[
        "Tissue\nSac and decidua seen when floated in saline. Villi seen, fluffy and white.",
        "Clinical details\nBiopsy day 21.\n\nMacroscopy\nSeveral fragments of tan tissue, all embedded.",
        "The good news is that most couples in your situation go on to have a baby, more than two in three.",
        "Sample shows white cells. Suggest urology review and repeat after treatment.",
        "Urinary\n- Frequency day and night, up five or six times at night.",
        "Dispensing schedule\nPharmacist to speak to the client before each supervised dose.",
        "Answer: dental access scheme referral - he can self-refer.",
    ]);
}

#[test]
fn contributing_factors_homework_and_a_count_above_what_was_expected_are_kept() {
    // Each was lost by the eighty-fourth or eighty-fifth held-out set, blind: a pressure ulcer
    // investigation's factors, a family therapy session's homework and a feed culture's comment.
    assert_last_lines_kept(&[
        "Sacrum: category 2.\n\nSection C - Contributing factors\n- Lay on a standard foam mattress for two nights",
        "Bradycardia improving.\n\nHomework\n- Parents to plate all meals.\n- Morning bedroom door open and a parent up at six.",
        "Culture: heavy pure growth.\nCounts far above the level expected for a freshly made feed.",
    ]);
}

#[test]
fn answers_to_a_question_list_what_we_think_it_is_and_sound_therapy_are_kept() {
    // Each was lost by the eighty-sixth or eighty-seventh held-out set, blind: a clinician's
    // answers to a patient's numbered questions, a letter's reading under "What we think it is",
    // and tinnitus care's sound therapy.
    assert_last_lines_kept(&[
        "Questions before surgery\n2. My own voice booms on the left - is that part of it?\nAnswer: Yes, common with this.",
        "4. It got much worse after I had my baby. Why?\nAnswer: Pregnancy can speed it up.",
        "Perilymph fistula suspected.\n\nWhat we think it is\nThis is the most likely explanation, though there is no perfect test for it.",
        "Tinnitus, severe.\n\nDevices prescribed\nBedside sound generator with rain and fan settings.",
    ]);
    // An answer only after a numbered question holding a fact: a line labelled "Answer:" after a
    // statement, after a question no list numbers or after a leaflet's question about coming in
    // with someone is judged by its words as before.
    for note in [
        "2. Bring your glasses to the appointment.\nAnswer: Yes, common with this.",
        "Any questions?\nAnswer: Yes, common with this.",
        "3. Can my husband come in with me?\nAnswer: Yes, one adult may come with you to the appointment.",
    ] {
        let kept = optimized(note, Strategy::Balanced);
        assert!(!kept.contains("common with this") && !kept.contains("one adult"), "{note}: {kept}");
    }
}

#[test]
fn a_soap_note_s_letters_a_child_s_development_and_growth_and_a_passive_left_unsaid_are_kept() {
    // Each was lost by the eighty-eighth or eighty-ninth held-out set, blind: a SOAP note's "S:",
    // a refugee child's development and growth, and a street outreach log's journey to hospital.
    assert_last_lines_kept(&[
        "Andrology review\nS:\nErections softer over two years. Dreads bedtime, avoids cuddling in case it leads somewhere.",
        "Stunting, moderate.\n\nDevelopment and school\nCounts to twenty in English.",
        "Weight 16.0 kg.\n\nGrowth\nHeight much further down the chart than weight.",
        "Frostbite of the right toes.\nTaken by van to the emergency department after she agreed.",
    ]);
    // "Taken" as a minute's idiom or a caption says nothing of the patient.
    for note in
        ["Minutes\nTaken as read, the previous minutes were approved.", "Taken at the Christmas party in the canteen."]
    {
        assert!(!optimized(note, Strategy::Conservative).contains("Taken"), "{note}");
    }
}

#[test]
fn a_growth_above_a_threshold_and_hidden_wrappers_are_kept() {
    // Each was lost by the ninety-first held-out set, blind: a small bowel aspirate's culture
    // against its threshold, and an eating history's secret.
    assert_last_lines_kept(&[
        "Klebsiella oxytoca 10^6 CFU/mL.\nMixed colonic-type flora in the upper small bowel. Growth well above the usual threshold.",
        "Eats late at night.\nHides wrappers in the bottom of the bin.",
    ]);
}
