//! Header fields: the `Label: value` cells of lines such as
//! `Patient: Patient A | MRN: TEST-100201 | DOB: 04/12/1958`.

use std::borrow::Cow;

use super::lexicon::{ADMIN_LABELS, NAME_LABELS};

/// The line without its administrative fields (identifiers, contact details, and names whose
/// value holds no digit), cells still separated by ` | `; the line itself when it has none. An
/// empty result means every cell was administrative.
pub fn without_admin(line: &str) -> Cow<'_, str> {
    if !line.contains(':') {
        return Cow::Borrowed(line);
    }
    let cells: Vec<&str> = line.split('|').map(str::trim).collect();
    let kept: Vec<&str> = cells.iter().copied().filter(|cell| !is_admin(cell)).collect();
    if kept.len() == cells.len() {
        Cow::Borrowed(line)
    } else {
        Cow::Owned(kept.join(" | "))
    }
}

/// A `label: value` cell that identifies a record or names a person (`MRN: …`, `To: Patient N`).
/// A name has no digit, no quote and no end mark, and opens with a capital: after a name's label,
/// a sentence is what that person said or showed (`Patient: "My mouth's always dry" and …`,
/// `Patient: denies chest pain`), a report, not a name.
pub fn is_admin(cell: &str) -> bool {
    let Some((label, value)) = cell.split_once(':') else { return false };
    let listed = |labels: &[&str]| labels.iter().any(|l| l.eq_ignore_ascii_case(label.trim()));
    listed(ADMIN_LABELS) || (listed(NAME_LABELS) && is_a_name(value))
}

fn is_a_name(value: &str) -> bool {
    let value = value.trim();
    let sentence = value.contains(['"', '“', '”'])
        || value.ends_with(['.', '!', '?'])
        || value.starts_with(|c: char| c.is_lowercase());
    !sentence && !value.bytes().any(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_contacts_and_bare_names_go() {
        assert_eq!(without_admin("Patient: Patient A | MRN: TEST-100201 | DOB: 04/12/1958"), "DOB: 04/12/1958");
        assert_eq!(without_admin("Patient: Patient H, 69 M | MRN: TEST-660742"), "Patient: Patient H, 69 M");
        assert_eq!(without_admin("Tel: 555-0100 | Fax: 555-0101"), "");
        assert_eq!(without_admin("Chart: TEST-900233"), "");
    }

    #[test]
    fn clinical_fields_and_prose_stay() {
        let line = "Admission: 2026-03-09 | Discharge: 2026-03-17";
        assert!(matches!(without_admin(line), Cow::Borrowed(l) if l == line));
        assert_eq!(without_admin("Weight: 78 kg | Age: 22 | Sex: M"), "Weight: 78 kg | Age: 22 | Sex: M");
        let prose = "Plan: call the patient on her phone tomorrow.";
        assert_eq!(without_admin(prose), prose);
        // After a name's label, a sentence is what the person said.
        let said = "Patient: \"My mouth's always dry\". Knees hurt when she stands.";
        assert_eq!(without_admin(said), said);
        assert_eq!(without_admin("Patient: denies chest pain | MRN: 7"), "Patient: denies chest pain");
        let from = "From: Heart failure nurse specialist Winifred Larchmont (fictional) | cc: Patient N";
        assert_eq!(without_admin(from), "");
    }
}
