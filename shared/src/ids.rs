//! Resource ids (tasks, conversations, messages): UUIDv7, whose text sorts by creation time, so a
//! table keyed by tenant and id lists a tenant's items newest first by its sort key alone.

pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Whether `id` could be one of our ids (a hyphenated UUID); anything else is not looked up.
pub fn is_id(id: &str) -> bool {
    id.len() == 36 && uuid::Uuid::try_parse(id).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_sort_by_creation() {
        let ids: Vec<String> = (0..50).map(|_| new_id()).collect();
        let mut sorted = ids.clone();
        sorted.sort();
        assert_eq!(ids, sorted);
        assert!(ids.iter().all(|id| is_id(id)));
        assert!(!is_id("../../etc") && !is_id(&"a".repeat(36)));
    }
}
