//! Which way an orchestrated query goes: answered now by the chatbot, or queued as an analysis
//! task. Pure and documented, so a client can predict it:
//!
//! A query is **queued** when any of these holds, and **answered** otherwise:
//! 1. the context (documents, after optimization) is more than `max_answer_tokens` tokens
//!    (default 6,000: an answer from that much text rarely fits the request's seconds);
//! 2. there are more than `max_answer_documents` documents (default 3);
//! 3. the query itself is longer than `max_query_chars` characters (default 2,000);
//! 4. the query asks for deep analysis: one of `DEEP_ANALYSIS_TERMS` as whole words, in any case
//!    ("compare", "trend", "timeline", "audit", "analyze", …).
//!
//! Every rule that fired is reported, so the response says why.

/// Words and phrases that call for a deep analysis rather than a quick answer.
pub const DEEP_ANALYSIS_TERMS: &[&str] = &[
    "analyze",
    "analyse",
    "analysis",
    "compare",
    "comparison",
    "trend",
    "trends",
    "timeline",
    "longitudinal",
    "audit",
    "report",
    "cross-reference",
    "differential diagnosis",
    "summarize all",
    "summarise all",
    "review all",
    "all records",
    "every document",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rules {
    pub max_answer_tokens: usize,
    pub max_answer_documents: usize,
    pub max_query_chars: usize,
}

impl Default for Rules {
    fn default() -> Self {
        Self { max_answer_tokens: 6_000, max_answer_documents: 3, max_query_chars: 2_000 }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "UPPERCASE")]
pub enum Route {
    /// Answered now by the chatbot.
    Answer,
    /// Queued as an analysis task.
    Queue,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Classification {
    pub route: Route,
    /// Every rule that sent the query to the queue; empty when it is answered.
    pub reasons: Vec<String>,
}

/// The deep-analysis terms `query` holds, as whole words (case and punctuation ignored).
pub fn deep_analysis_terms(query: &str) -> Vec<&'static str> {
    let normalized: String =
        query.chars().map(|c| if c.is_alphanumeric() || c == '-' { c.to_ascii_lowercase() } else { ' ' }).collect();
    let padded = format!(" {} ", normalized.split_whitespace().collect::<Vec<_>>().join(" "));
    DEEP_ANALYSIS_TERMS.iter().copied().filter(|term| padded.contains(&format!(" {term} "))).collect()
}

pub fn classify(query: &str, documents: usize, context_tokens: usize, rules: &Rules) -> Classification {
    let mut reasons = Vec::new();
    if context_tokens > rules.max_answer_tokens {
        reasons.push(format!(
            "the context is {context_tokens} tokens, more than the {} answered directly",
            rules.max_answer_tokens
        ));
    }
    if documents > rules.max_answer_documents {
        reasons.push(format!("{documents} documents, more than the {} answered directly", rules.max_answer_documents));
    }
    let chars = query.chars().count();
    if chars > rules.max_query_chars {
        reasons.push(format!("the query is {chars} characters, more than {}", rules.max_query_chars));
    }
    let terms = deep_analysis_terms(query);
    if !terms.is_empty() {
        reasons.push(format!("the query asks for deep analysis ({})", terms.join(", ")));
    }
    let route = if reasons.is_empty() { Route::Answer } else { Route::Queue };
    Classification { route, reasons }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_question_on_one_document_is_answered() {
        let c = classify("Is the potassium of 3.1 mmol/L low?", 1, 120, &Rules::default());
        assert_eq!(c, Classification { route: Route::Answer, reasons: vec![] });
    }

    #[test]
    fn each_rule_queues_and_says_why() {
        let rules = Rules::default();
        assert_eq!(classify("Summarize.", 1, 6_001, &rules).route, Route::Queue);
        assert_eq!(classify("Summarize.", 4, 100, &rules).route, Route::Queue);
        assert_eq!(classify(&"x".repeat(2_001), 0, 100, &rules).route, Route::Queue);
        let c = classify("Compare the creatinine TREND across visits.", 5, 100, &rules);
        assert_eq!(c.reasons.len(), 2, "{:?}", c.reasons);
        assert!(c.reasons[1].contains("compare, trend"), "{:?}", c.reasons);
    }

    #[test]
    fn terms_match_whole_words_only() {
        assert_eq!(deep_analysis_terms("Reported pain? Analyzer reading normal."), Vec::<&str>::new());
        assert_eq!(deep_analysis_terms("Please review all: labs, notes."), ["review all"]);
        assert_eq!(deep_analysis_terms("A differential  diagnosis, please"), ["differential diagnosis"]);
    }
}
