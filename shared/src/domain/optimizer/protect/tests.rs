//! The windows and whole-sentence protection, word by word.

use super::*;

/// `protect` on words classified and keyed as `prose` does.
fn protection(words: &[&str]) -> Protection {
    let (classes, keys): (Vec<u16>, Vec<_>) = words.iter().map(|w| LEXICON.classify_keyed(w)).unzip();
    let mut protection = Protection::default();
    LEXICON.protect(words, &classes, &keys, &mut protection);
    protection
}

/// The windows alone, on words classified and keyed as `prose` does.
fn windows(words: &[&str]) -> Protection {
    let (classes, keys): (Vec<u16>, Vec<_>) = words.iter().map(|w| LEXICON.classify_keyed(w)).unzip();
    let mut protection = Protection::default();
    LEXICON.windows(words, &classes, &keys, &mut protection);
    protection
}

/// The words the windows protect (concepts apart: see the tests below).
fn protected(sentence: &str) -> Vec<&str> {
    let words: Vec<&str> = sentence.split_whitespace().collect();
    let p = windows(&words);
    words.iter().zip(&p.words).filter(|(_, p)| p.protected).map(|(w, _)| *w).collect()
}

#[test]
fn numbers_protect_their_label_and_units() {
    assert_eq!(
        protected("Seen on arrival HR 108 bpm at rest today and more"),
        ["Seen", "on", "arrival", "HR", "108", "bpm", "at", "rest", "today"]
    );
    assert_eq!(protected("BP 132/78 mmHg, then rest"), ["BP", "132/78", "mmHg,"]);
    // A short first clause names what the value after its label measures…
    assert_eq!(protected("Double-volume exchange, total 520 mL"), ["Double-volume", "exchange,", "total", "520", "mL"]);
    // …but not a field's label and entry, nor before a number with no label (an address), nor
    // a longer clause.
    assert_eq!(protected("Patient: Patient B, aged 74 F"), ["aged", "74", "F"]);
    assert_eq!(protected("Valemount Hospital, 12 Example Lane"), ["12", "Example", "Lane"]);
    assert_eq!(protected("Seen with his wife today, weight 81 kg"), ["weight", "81", "kg"]);
}

#[test]
fn a_dose_in_words_is_a_value() {
    assert_eq!(protected("Laxido one sachet twice daily"), ["Laxido", "one", "sachet", "twice", "daily"]);
    assert_eq!(protected("Movicol two sachets at night"), ["Movicol", "two", "sachets", "at", "night"]);
    assert!(protected("One of the sachets was torn").is_empty(), "a number word alone is no dose");
    // how often, in words, before its period; not a count alone
    assert_eq!(protected("Pabrinex one pair intravenously three times daily")[..2], ["Pabrinex", "one"]);
    assert_eq!(protected("Lozenge two times a day"), ["Lozenge", "two", "times", "a", "day"]);
    assert!(protected("I rang three times and left a message").is_empty(), "a count, no frequency");
    // how often over the night
    assert!(!protected("Up five or six times at night").is_empty());
    assert!(!protected("Woke three times in the night").is_empty());
    assert!(protected("I rang three times at the office").is_empty(), "a count, no night");
}

#[test]
fn negations_protect_to_the_end_of_their_clause() {
    assert_eq!(
        protected("He denies chest pain or cough, and sleeps well"),
        ["He", "denies", "chest", "pain", "or", "cough,"]
    );
    assert_eq!(protected("No in situ or invasive carcinoma is seen").len(), 8);
    assert_eq!(protected("I don't have any mouth ulcers"), ["I", "don't", "have", "any", "mouth", "ulcers"]);
    // The negated clause's subject and auxiliaries: from where the clause opens, after a mark
    // or a conjunction, when that is near…
    assert_eq!(protected("Seen today and there has been no blood"), ["there", "has", "been", "no", "blood"]);
    // …and after "but", what it contrasts, within the clause and a fixed reach
    assert_eq!(
        protected("Home now; he'll come to the club to watch but not to drive yet"),
        ["he'll", "come", "to", "the", "club", "to", "watch", "but", "not", "to", "drive", "yet"]
    );
    assert_eq!(protected("Walks, slowly but not far"), ["slowly", "but", "not", "far"]);
    // …and over the comma before "but", as far
    assert_eq!(
        protected("Home; the isolate is probably unrelated, but cannot exclude a second source"),
        ["the", "isolate", "is", "probably", "unrelated,", "but", "cannot", "exclude", "a", "second", "source"]
    );
    assert_eq!(
        protected("Collected by the patient; the usual weekly pill box was not used"),
        ["the", "usual", "weekly", "pill", "box", "was", "not", "used"]
    );
    // …else the three words before the cue.
    assert_eq!(
        protected("The nurse who came to see him this morning did not find it"),
        ["this", "morning", "did", "not", "find", "it"]
    );
    assert!(protected("That is better than before, isn't it?").is_empty(), "a question tag negates nothing");
    // A cue that closes its clause negates the whole clause before it.
    assert_eq!(
        protected("Patch tests read, fragrance mixes and rubber accelerators negative."),
        ["fragrance", "mixes", "and", "rubber", "accelerators", "negative."]
    );
    assert_eq!(protected("Glove pieces negative; nickel positive"), ["Glove", "pieces", "negative;"]);
    // …and the clause before it when it opens with "which": what it negates is named there.
    assert_eq!(
        protected("Seen today, we did a fingerprick test, which was negative"),
        ["we", "did", "a", "fingerprick", "test,", "which", "was", "negative"]
    );
    // …and the clause before one it opens after a comma: the qualifier is about what it names.
    assert_eq!(
        protected("Polychromasia, occasional spherocytes, not prominent"),
        ["occasional", "spherocytes,", "not", "prominent"]
    );
    assert_eq!(protected("Chest clear; no wheeze"), ["no", "wheeze"]);
    // …and on over a list's commas, to the clause that ends it with "or".
    assert_eq!(
        protected("Advice: no whole nuts, popcorn or whole grapes before five, and plenty of water"),
        ["Advice:", "no", "whole", "nuts,", "popcorn", "or", "whole", "grapes", "before", "five,"]
    );
    // …and back over a short first clause, which names who or what the negated one is about…
    assert_eq!(
        protected("Surgeons reviewed, managed without an operation"),
        ["Surgeons", "reviewed,", "managed", "without", "an", "operation"]
    );
    // …but not over a semicolon, nor back over a longer clause or a label's
    assert_eq!(protected("Surgeons reviewed; managed without an operation"), ["managed", "without", "an", "operation"]);
    assert_eq!(
        protected("The surgeons reviewed him today, managed without an operation"),
        ["managed", "without", "an", "operation"]
    );
    assert_eq!(protected("Surgery: reviewed, managed without an operation"), ["managed", "without", "an", "operation"]);
    // …and on over a comma to a clause that widens what was denied with "even", but no further
    assert_eq!(
        protected("Can't keep anything down, even water, since Tuesday"),
        ["Can't", "keep", "anything", "down,", "even", "water,"]
    );
    // …but not to a concession
    assert_eq!(protected("Can't sleep, even though tired"), ["Can't", "sleep,"]);
}

#[test]
fn drugs_protect_their_dose_and_allergies_the_sentence() {
    assert_eq!(
        protected("then levofloxacin 750 mg IV daily in order to cover"),
        ["then", "levofloxacin", "750", "mg", "IV", "daily", "in"]
    );
    assert_eq!(protected("Allergies: peanuts (anaphylaxis)").len(), 3);
    assert!(protected("he felt very fatigued and generally unwell").is_empty());
    // a class of medicine the drug list names only in the plural
    assert_eq!(
        protected("Light emollient as a soap substitute"),
        ["Light", "emollient", "as", "a", "soap", "substitute"]
    );
}

#[test]
fn boilerplate_is_recognised_only_at_the_start() {
    let lex = &*LEXICON;
    assert!(lex.is_boilerplate("Please do not hesitate to contact our office."));
    assert!(lex.is_boilerplate("Thank you for allowing us to participate in his care."));
    assert!(!lex.is_boilerplate("He wanted to thank you for the referral."));
}

#[test]
fn a_word_is_classified_whatever_its_case_and_trailing_punctuation() {
    assert_eq!(LEXICON.classify("Denies,") & class::NEGATION, class::NEGATION);
}

#[test]
fn values_keep_their_whole_label() {
    let words: Vec<&str> = "Pt is a 67 y/o M".split(' ').collect();
    let p = windows(&words);
    assert!(p.words.iter().all(|w| w.protected));
    let item: Vec<&str> = vec!["2.", "Pulmonary", "rehabilitation", "referral."];
    assert!(!windows(&item).any(), "a list number is not a value");
}

fn whole_sentence_kept(sentence: &str) -> bool {
    let words: Vec<&str> = sentence.split_whitespace().collect();
    let p = protection(&words);
    p.strong && p.words.iter().all(|w| w.protected)
}

/// Whether a sentence is protected whole by a weak protection alone: one that does not save a
/// courtesy (`Protection::weak`).
fn weakly_kept(sentence: &str) -> Option<()> {
    let words: Vec<&str> = sentence.split_whitespace().collect();
    let p = protection(&words);
    (p.weak && !p.strong && p.words.iter().all(|w| w.protected)).then_some(())
}

#[test]
fn a_site_s_state_protects_its_sentence_but_not_as_a_fact_that_saves_a_courtesy() {
    let state = weakly_kept;
    for sentence in [
        "Pad and shield clean and dry.",
        "Edges together and dry.",
        "Sclerotomies self-sealing apart from the inferotemporal port.",
        "Pressure at the end: soft to touch.",
        "Pink again within a minute.",
        "Sample two received leaking, processed.",
        "The rest is healing fine.",
        "Thank you for keeping the waiting room clean and tidy.",
    ] {
        assert!(state(sentence).is_some(), "{sentence}");
    }
    assert!(state("Our shield logo is on every letter.").is_none());
}

#[test]
fn a_time_in_words_protects_its_sentence_but_not_as_a_fact_that_saves_a_courtesy() {
    for sentence in [
        "Each lasts about ten days.",
        "Thirty years of cycling, often fifteen thousand kilometres a year.",
        "Water suppression on the saws only arrived four years ago.",
        "Thank you for waiting two weeks for this letter.",
        "The team believe he is in the last weeks of life.",
    ] {
        assert!(weakly_kept(sentence).is_some(), "{sentence}");
    }
    assert!(weakly_kept("One of the sachets was torn.").is_none());
    assert!(weakly_kept("Ten of us met on the day.").is_none(), "a number word and a time, apart");
    // A dose in words is still a value, with its window.
    assert_eq!(protected("Laxido one sachet twice daily"), ["Laxido", "one", "sachet", "twice", "daily"]);
}

#[test]
fn a_sentence_naming_a_clinical_concept_is_kept_whole_and_verbatim() {
    // vocabulary words, phrases, inflected forms, body parts and lay reports
    assert!(whole_sentence_kept("The stroke note showed expressive aphasia, right facial droop."));
    assert!(whole_sentence_kept("ECG showed atrial fibrillation with rapid ventricular response."));
    assert!(whole_sentence_kept("She has had shortness of breath on stairs."));
    assert!(whole_sentence_kept("He vomited twice overnight."));
    assert!(whole_sentence_kept("my ankles are a little swollen in the evenings"));
    assert!(whole_sentence_kept("I feel like I'm failing at everything"));
    assert!(whole_sentence_kept("Blood cultures grew Streptococcus pneumoniae."));
    // a phrase the terminologies list in the plural, written in the singular
    assert!(whole_sentence_kept("Heavy period this month, soaking through at night."));
    // a feeling, what matters to the patient
    assert!(whole_sentence_kept("Proud of working at the animal sanctuary until last year."));
    // a genetic change's class in plain words
    assert!(whole_sentence_kept("The change sits where disease-causing changes cluster."));
    // the everyday words that head most diagnoses, alone
    assert!(whole_sentence_kept("Typical polymicrobial cat bite infection."));
    assert!(whole_sentence_kept("Worsening pump failure."));
    assert!(!whole_sentence_kept("Typical of the season."), "an everyday sentence stays unprotected");
    for plural in ["diseases", "disorders", "infections", "failures"] {
        assert!(LEXICON.classify(plural) & class::CONCEPT != 0, "{plural}: an inflection of its head");
    }
    // …but not an errand not done, nor a team's name, which would make a courtesy a fact
    for sentence in [
        "Apologies for the failure to send the letter sooner.",
        "Please do not hesitate to contact the infection control team.",
        "Kind regards, Infection Prevention and Control Team",
    ] {
        let words: Vec<&str> = sentence.split_whitespace().collect();
        assert!(!protection(&words).strong, "{sentence}");
    }
    assert!(whole_sentence_kept("Failure to thrive."), "the vocabulary's phrase");
    assert!(whole_sentence_kept("Infection control alert placed."), "what infection control does");
    assert!(whole_sentence_kept("Standard infection control precautions."), "what infection control does");
    assert!(
        whole_sentence_kept("Infection, control of pain and mobility are the issues."),
        "a head that ends its clause"
    );
    // results written as words, aids, changes patients report, compounds by their last part
    assert!(whole_sentence_kept("Lachman test positive with a soft end point."));
    assert!(whole_sentence_kept("Walks with a stick outdoors."));
    assert!(whole_sentence_kept("Moisture chamber goggles outdoors and when plastering."));
    assert!(whole_sentence_kept("He's been off his food."));
    assert!(whole_sentence_kept("Ex-smoker, quit 2000."));
    assert!(whole_sentence_kept("His nappy's been dry since lunchtime."));
    assert!(!whole_sentence_kept("It was a two-storey house."), "a compound's last part must name something");
    // how an injury happened, a minor procedure's instrument, a social history's circumstances
    assert!(weakly_kept("The cow kicked him in the yard.").is_some());
    assert!(whole_sentence_kept("Splinter out with tweezers."));
    assert!(weakly_kept("Good support network of neighbours and church friends.").is_some());
    assert!(whole_sentence_kept("Housebound since the winter."));
    // an eyelid by its everyday name, with its side; a compound by its first part when the last
    // only relates it; a coil
    assert!(whole_sentence_kept("By evening her right lid droops again."));
    assert!(!whole_sentence_kept("Put the lid back on the tub."));
    assert!(whole_sentence_kept("A gluten-free or steroid-sparing option."));
    assert!(whole_sentence_kept("She would prefer a coil."));
    assert!(!whole_sentence_kept("A family-only event."));
    // words as often everyday protect their sentence only weakly: no courtesy becomes a fact
    for sentence in [
        "The pony stumbled and its hoof caught her.",
        "Thank you for the lovely bottle of wine.",
        "I stumbled across your website and wanted to say thank you.",
        "Thanks for all the gags at the party.",
    ] {
        assert!(weakly_kept(sentence).is_some(), "{sentence}");
    }
    // vertigo in lay words, and dizziness
    assert!(weakly_kept("The room spins when I turn over in bed.").is_some());
    // posture, menstruation and counting what is eaten in lay words; not a span of time
    assert!(weakly_kept("Leans to the left against the armrest.").is_some());
    assert!(weakly_kept("Periods all over the place since last spring.").is_some());
    assert!(weakly_kept("Counts calories on her phone under the desk.").is_some());
    assert!(weakly_kept("It was a quiet period at the shop.").is_none());
    // a change since an earlier time, but not a comparison with no time
    assert!(weakly_kept("Deeper in the centre than at the first visit.").is_some());
    assert!(weakly_kept("He feeds more vigorously than before.").is_some());
    assert!(weakly_kept("The new car is bigger than the old one.").is_none());
    assert!(weakly_kept("The new car is bigger than on the advert.").is_none());
    assert!(weakly_kept("The clinic is busier than ever.").is_none());
    assert!(weakly_kept("Redder than on admission.").is_some());
    // "compared with" an earlier record, but not with other things
    assert!(weakly_kept("Chart shapes stable compared with the old optician's notes.").is_some());
    assert!(weakly_kept("Smaller compared to the previous scan.").is_some());
    assert!(weakly_kept("Smaller (compared with the previous scan).").is_some());
    assert!(weakly_kept("Cheaper compared with other brands.").is_none());
    assert!(weakly_kept("The rooms were compared with each other last year.").is_none());
    // access to a lethal means
    assert!(weakly_kept("Firearm in the home, locked in a safe; discussed.").is_some());
    assert!(weakly_kept("Carries a knife when he goes out.").is_some());
    // a comparison with what is usual at someone's age, but not an age group
    assert!(weakly_kept("Reads well above his age.").is_some());
    assert!(weakly_kept("Writes well below her age.").is_some());
    assert!(weakly_kept("Behind for age, and he knows it.").is_some());
    assert!(weakly_kept("Lunch is free for her age group.").is_none());
    assert!(weakly_kept("Spills his juice most mornings.").is_some());
    // how each episode ends, in the present; drinks in the plural; a test read as clear; hives'
    // marks
    assert!(weakly_kept("It quietens down completely over the winter.").is_some());
    assert!(weakly_kept("Two or three beers a night.").is_some());
    assert!(weakly_kept("Sweet pea and stock leaf clear.").is_some());
    assert!(whole_sentence_kept("Weals faded within an hour of each test."));
    // a trigger that troubles someone, but not a courtesy's "you"; a drug's interactions
    assert!(weakly_kept("Bright lights bother him during a bad spell.").is_some());
    assert!(weakly_kept("Sorry to bother you on a Sunday.").is_none());
    assert!(weakly_kept("Interacts with many drugs.").is_some());
    // a family's history in the idiom, but not a run of errands
    assert!(weakly_kept("This is lifelong and runs in families.").is_some());
    assert!(weakly_kept("It runs in the family.").is_some());
    assert!(weakly_kept("It runs in our family.").is_some());
    assert!(weakly_kept("It wears off by lunchtime.").is_some());
    // what sets off an episode; a body word made a body part by what it does after it
    assert!(weakly_kept("Events C and D were preceded by an argument on the phone.").is_some());
    assert!(whole_sentence_kept("Hand function still good for a phone and joystick."));
    assert!(!whole_sentence_kept("Hand delivered to the office by a porter."));
    assert!(weakly_kept("Papers piled around the gas cooker, with scorch marks on the wall.").is_some());
    // a home's hazards: damp and mould, heaters, stoves and cookers
    for sentence in [
        "The room is damp, with black mould on the wall behind the bed.",
        "Gas heater and a stove in the trailer; damp in the winter.",
        "Leaves the cooker on in the shared kitchen - two near-fires.",
    ] {
        assert!(weakly_kept(sentence).is_some(), "{sentence}");
    }
    // an organism against the drugs tested, and a swab soaked through; not a letter's
    // confidentiality
    assert!(whole_sentence_kept("All agents tested susceptible; isolate stored for typing."));
    assert!(weakly_kept("Lab comment on sample: swab well saturated, label matches request.").is_some());
    assert!(!whole_sentence_kept("This letter contains sensitive information."));
    assert!(weakly_kept("This letter contains sensitive information.").is_none());
    // an enzyme, a test's analyte; a child growing out of a condition
    assert!(whole_sentence_kept("Blood sent for butyrylcholinesterase activity and genotype."));
    assert!(whole_sentence_kept("Alkaline phosphatase and creatine kinase to follow."));
    assert!(weakly_kept("It is usually outgrown by school age.").is_some());
    // bed bugs written apart, and their genus: the ectoparasites are organisms
    assert!(weakly_kept("Live bed bugs in the seams of the mattress.").is_some());
    assert!(weakly_kept("Cockroaches in the kitchen cupboards and mice in the loft.").is_some());
    assert!(weakly_kept("Condensation on the windows and mildew on the bedroom wall.").is_some());
    assert!(whole_sentence_kept("Pest control later confirmed Cimex lectularius."));
    assert!(whole_sentence_kept("Sarcoptes seen on the skin scraping."));
    assert!(!whole_sentence_kept("Please increase the font size on the database."), "no enzyme's ending");
    assert!(weakly_kept("The bus runs in the morning for families.").is_none());
    // bleeding's amount and a joint's noises in lay words
    assert!(weakly_kept("Lot of blood, dripping through the paper towels.").is_some());
    assert!(weakly_kept("It clicks when I reach back for my seatbelt.").is_some());
    assert!(whole_sentence_kept("Felt woozy on the bus home."));
    // an episode by its other names, retching in lay words, alcohol by its drinks
    assert!(whole_sentence_kept("The last bout lasted six weeks."));
    assert!(whole_sentence_kept("Brushing his teeth makes him gag."));
    assert!(weakly_kept("Wine on a Friday, beer at the weekend.").is_some());
    // the parts of an implanted device
    assert!(whole_sentence_kept("Reservoir slow to refill."));
    assert!(!whole_sentence_kept("The letter slipped down behind the desk."));
    // a genus named alone, which the terminologies name only inside a disease's name or not at all
    for genus in ["Pasteurella", "Nocardia", "Moraxella", "Mucor", "Sporothrix", "Legionella"] {
        assert!(LEXICON.classify(genus) & class::CONCEPT != 0, "{genus}");
    }
    assert!(whole_sentence_kept("It turned out to be Pasteurella, as we thought."));
    // …but not a surname the medical dictionary lists for an eponym: a letter's greeting is no fact
    assert!(!whole_sentence_kept("Dear Dr Rappaport, thank you for seeing her."));
    // gloves
    assert!(whole_sentence_kept("Wear nitrile gloves for washing up."));
    // a helmet, a steam inhaler by its everyday name, a battery: weakly, since a courtesy or a
    // sign-off names them as often
    assert!(weakly_kept("She was using her personal steamer in every break.").is_some());
    assert!(weakly_kept("Battery: surface corroded and black.").is_some());
    assert!(weakly_kept("Take care and wear your helmet on the bike.").is_some(), "no fact of a sign-off");
    // marks on the skin and a body's reactions in lay words
    assert!(whole_sentence_kept("Tiny scab where the tick was."));
    assert!(whole_sentence_kept("Loud chewing makes her wince."));
    assert!(whole_sentence_kept("Red blotches on both shins."));
    // what sets a symptom off most; clumsy hands; a weight's change
    assert!(whole_sentence_kept("Cold mornings are the worst."));
    assert!(whole_sentence_kept("Fumbles with buttons now."));
    assert!(whole_sentence_kept("She looks thinner to me."));
    // breathlessness in lay words; oxygen and what gives it
    assert!(whole_sentence_kept("Puffing on the way up to the flat."));
    assert!(whole_sentence_kept("Portable concentrator delivered by the company."));
    // mood and memory as a history reviews them
    assert!(whole_sentence_kept("Memory patchy, mood flat most days."));
    // sharps
    assert!(whole_sentence_kept("The syringe had dark blood in it."));
    assert!(weakly_kept("The patches move around from week to week, sometimes in a day.").is_some());
    // how a laboratory types an organism
    assert!(whole_sentence_kept("This serovar is strongly associated with reptiles."));
    // a span of time with no number, what moves the writer, a measure's result in words: weakly
    for sentence in [
        "It often creeps on slowly over years, and it rarely goes away on its own.",
        "The hardness may take months to soften.",
        "Supermarket tannoys make me jump.",
        "Blood pressure high at the chemist.",
        "Sugars a bit high overnight.",
        "Thank you for weeks of patience.",
        // how something comes and goes
        "It comes in waves like someone twisting a knife.",
        "It comes and goes.",
        "She has been like that on and off since Easter.",
        // advice to seek care
        "Club first aider cleaned the cut; we advised him to see his doctor.",
        "If it spreads, ring the nurse.",
        "He was seen by a doctor at the match.",
        "Talk to the practice nurse about safer ways of losing weight.",
        "Seek medical advice if it spreads.",
        // how long an episode lasted, how long ago; how it ended
        "It lasted about a minute, then he looked round.",
        "That was a week ago.",
        "By the time we reached the car it had stopped.",
        "It's settled now.",
        // what happened to someone
        "Something happened to me when I was a child.",
        // a chance in words
        "Most couples in your situation go on to have a baby, more than two in three.",
        "About one in a hundred women have it.",
        // what protects the body in a fall; what relieves a symptom, opening a note's sentence
        "Harness airbag deployed as it should.",
        "Better bent over the trolley.",
        "- Better after a sit-down on the wall.",
    ] {
        assert!(weakly_kept(sentence).is_some(), "{sentence}");
    }
    assert!(weakly_kept("It was a high street shop with a low roof.").is_none(), "a result word with no measure");
    assert!(weakly_kept("Winter pressures remain high across the service.").is_none(), "a service's pressures");
    assert!(weakly_kept("We met for coffee.").is_none(), "a span word with no unit");
    assert!(weakly_kept("The doctor was lovely and the clinic is bright.").is_none(), "carers, sent to by no one");
    assert!(weakly_kept("Turn the tap on and leave it.").is_none(), "no idiom of coming and going");
    assert!(weakly_kept("Seen by: Nurse practitioner P.").is_none(), "a field's label names who saw the patient");
    assert!(weakly_kept("The room was booked for an hour.").is_none(), "a booking, not how long something lasted");
    assert!(weakly_kept("We meet once a week.").is_none(), "a rate");
    assert!(weakly_kept("We aim to reply to all emails within a week.").is_none(), "an office's promise");
    assert!(weakly_kept("What happened to the old referral form?").is_none(), "what happened to a thing");
    assert!(weakly_kept("What happened to my appointment letter?").is_none(), "whose thing");
    assert!(weakly_kept("We came in two cars.").is_none(), "no chance");
    assert!(weakly_kept("She asked for a second opinion.").is_none(), "an ordinal");
    assert!(weakly_kept("The bus stopped at the gate.").is_none(), "an ending with no episode as its subject");
    assert!(weakly_kept("Better to ring the office first.").is_none(), "advice, no relief");
    assert!(weakly_kept("We hope to better understand your needs.").is_none(), "everyday, not opening");
    // a comparison with what is usual for someone, weakly: no courtesy becomes a fact by it
    assert!(weakly_kept("Warm-up took twice as long as usual.").is_some());
    assert!(weakly_kept("The drive took longer than usual.").is_some());
    assert!(weakly_kept("Advice given and discussed as usual.").is_none(), "a routine, no comparison");
    assert!(weakly_kept("I have sent this to your usual pharmacy.").is_none(), "a place, no comparison");
    // …or what was measured with a norm: not "expected" alone, nor what is no measure, nor a
    // comparison in another clause
    assert!(weakly_kept("Counts far above the level expected for a freshly made feed.").is_some());
    assert!(weakly_kept("Readings well below the threshold set at the last visit.").is_some());
    assert!(weakly_kept("Growth well above the usual threshold.").is_some());
    assert!(weakly_kept("As expected, the clinic ran late.").is_none(), "no comparison");
    assert!(weakly_kept("Your expected date is in the letter.").is_none(), "no comparison");
    assert!(weakly_kept("Clinic ran later than expected today.").is_none(), "no measure");
    assert!(weakly_kept("Demand for appointments is well above the level expected.").is_none(), "no measure");
    assert!(weakly_kept("The count was done, above all as expected.").is_none(), "a comparison in another clause");
    // a concept in a negation's scope makes a fact of a sentence opening like a greeting
    assert!(whole_sentence_kept("Hi mate, not being funny but that lump under your ear is bigger."));
    // …as a multi-word term or a quotation names one
    assert!(whole_sentence_kept("Hi, no mood swings since."));
    assert!(whole_sentence_kept("Hi, not \"on edge\" any more."));
    // chat stays unprotected
    assert!(!whole_sentence_kept("Our shield logo is on every letter."));
    assert!(!whole_sentence_kept("We had a lovely chat about her garden."));
    assert!(!whole_sentence_kept("Thank you for your message and have a nice weekend."));
}

#[test]
fn a_restriction_is_kept_with_the_fact_it_restricts_but_is_no_fact_alone() {
    fn protect(sentence: &str) -> Vec<&str> {
        let words: Vec<&str> = sentence.split_whitespace().collect();
        let p = protection(&words);
        words.iter().zip(&p.words).filter(|(_, p)| p.protected).map(|(w, _)| *w).collect()
    }
    let kept = protect("Sauna and steam room not offered; pool and relaxation room only.");
    let restriction = ["pool", "and", "relaxation", "room", "only."];
    assert!(kept.ends_with(&restriction), "{kept:?}");
    assert!(protect("For office use only.").is_empty());
    // a clause is a restriction only when "only" is its last word
    assert_eq!(protect("No visitors today, seen only once, then home"), ["No", "visitors", "today,"]);
}
