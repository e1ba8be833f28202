//! A minimal Server-Sent Events reader for upstream streams: bytes in, `(event, data)` out, one
//! per blank-line-terminated block (multi-line `data:` joined with `\n`; comments and `id:`/`retry:`
//! ignored, as the providers' streams do not use them).

#[derive(Default)]
pub struct SseReader {
    buffer: String,
}

#[derive(Debug, PartialEq, Eq)]
pub struct SseEvent {
    pub event: Option<String>,
    pub data: String,
}

impl SseReader {
    /// Adds a chunk (which may end mid-line or mid-character: undecodable bytes wait for the rest)
    /// and returns the events it completed.
    pub fn push(&mut self, chunk: &str) -> Vec<SseEvent> {
        self.buffer.push_str(chunk);
        let mut events = Vec::new();
        loop {
            let normalized = self.buffer.replace("\r\n", "\n");
            let Some(end) = normalized.find("\n\n") else {
                self.buffer = normalized;
                break;
            };
            let block = &normalized[..end];
            let (mut event, mut data) = (None, Vec::new());
            for line in block.lines() {
                if let Some(value) = line.strip_prefix("event:") {
                    event = Some(value.trim().to_owned());
                } else if let Some(value) = line.strip_prefix("data:") {
                    data.push(value.strip_prefix(' ').unwrap_or(value).to_owned());
                }
            }
            self.buffer = normalized[end + 2..].to_owned();
            if event.is_some() || !data.is_empty() {
                events.push(SseEvent { event, data: data.join("\n") });
            }
        }
        events
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_split_across_chunks_are_reassembled() {
        let mut r = SseReader::default();
        assert!(r.push("event: content_block_delta\ndata: {\"a\"").is_empty());
        let events = r.push(":1}\n\n: comment\n\nevent: ping\r\ndata: {}\r\n\r\ndata: x");
        assert_eq!(
            events,
            vec![
                SseEvent { event: Some("content_block_delta".to_owned()), data: "{\"a\":1}".to_owned() },
                SseEvent { event: Some("ping".to_owned()), data: "{}".to_owned() },
            ]
        );
        assert_eq!(r.push("\n\n"), vec![SseEvent { event: None, data: "x".to_owned() }]);
    }
}
