//! The `ConversationStore` contract, run on the memory store and on the DynamoDB adapter (moto):
//! a turn's messages, header and spend written all or nothing under a `lastSeq` condition,
//! history newest first, messages oldest first and paged, conversations newest first and
//! tenant-scoped, a delete that removes every message (more than one batch of them), and a
//! budget reservation that never lets concurrent calls commit past the limit.

use std::sync::Arc;

use shared::adapters::memory::MemoryConversationStore;
use shared::domain::chat::{ChatRecord, Conversation, ConversationWrite, Hold, SpendChange, StoredMessage, Usage};
use shared::domain::llm::Role;
use shared::domain::tenant::TenantId;
use shared::ids::new_id;
use shared::ports::{ConversationStore, StoreError};
use shared::wiring::stores::Stores;
use tests::emulator;

const AT: i64 = 1_795_399_200_000;
const PERIOD: &str = "2026-11";

fn tenant(name: &str) -> TenantId {
    TenantId::parse(name).expect("valid")
}

fn message(seq: u64, role: Role, text: &str) -> StoredMessage {
    let answer = role == Role::Assistant;
    StoredMessage {
        seq,
        id: new_id(),
        role,
        content: text.to_owned(),
        provider: answer.then(|| "openai".to_owned()),
        model: answer.then(|| "gpt-4o-mini".to_owned()),
        usage: answer.then_some(Usage { prompt: 100, completion: 20, cached: 40 }),
        cost: answer.then_some(975),
        incomplete: false,
        created_at_ms: AT + seq as i64,
    }
}

/// One question and answer after `before` (a new conversation when `None`).
fn turn(tenant: &TenantId, id: &str, before: Option<&Conversation>, question: &str) -> ChatRecord {
    let start = before.cloned().unwrap_or_else(|| Conversation::start(tenant.clone(), id.to_owned(), question, AT));
    let n = start.last_seq;
    let messages = vec![message(n + 1, Role::User, question), message(n + 2, Role::Assistant, "Potassium is low.")];
    ChatRecord {
        spend: SpendChange {
            tenant: tenant.clone(),
            period: PERIOD.to_owned(),
            usage: Usage { prompt: 100, completion: 20, cached: 40 },
            cost: 975,
            hold: None,
        },
        conversation: Some(ConversationWrite {
            after: start.with(&messages, AT + n as i64 + 2),
            expected_last_seq: before.map(|c| c.last_seq),
            messages,
        }),
    }
}

async fn contract(store: Arc<dyn ConversationStore>) {
    let a = tenant("clinic-a");
    let b = tenant("clinic-b");
    let id = new_id();

    // A new conversation: header, both messages and the spend, read back exactly.
    let first = turn(&a, &id, None, "What is the potassium?");
    store.record(&first).await.expect("first turn");
    let header = store.get(&a, &id).await.expect("read").expect("exists");
    assert_eq!(Some(&header), first.conversation.as_ref().map(|w| &w.after));
    assert_eq!((header.last_seq, header.message_count, header.cost), (2, 2, 975));
    assert_eq!(store.get(&b, &id).await.expect("read"), None, "another tenant's id is not found");
    assert!(store.messages(&b, &id, 0, 10).await.expect("read").is_empty());

    // Creating it again, or extending it from a stale lastSeq, is a conflict that writes nothing.
    assert!(matches!(store.record(&first).await, Err(StoreError::Conflict)));
    let second = turn(&a, &id, Some(&header), "And the sodium?");
    store.record(&second).await.expect("second turn");
    assert!(matches!(store.record(&second).await, Err(StoreError::Conflict)));
    let header = store.get(&a, &id).await.expect("read").expect("exists");
    assert_eq!((header.last_seq, header.message_count, header.cost), (4, 4, 1950));
    assert_eq!(header.usage, Usage { prompt: 200, completion: 40, cached: 80 });

    // History newest first; messages oldest first, paged by seq.
    let recent: Vec<u64> = store.recent(&a, &id, 3).await.expect("recent").iter().map(|m| m.seq).collect();
    assert_eq!(recent, [4, 3, 2]);
    let all = store.messages(&a, &id, 0, 10).await.expect("all");
    assert_eq!(all.iter().map(|m| m.seq).collect::<Vec<_>>(), [1, 2, 3, 4]);
    assert_eq!(all[1], second_answer_of(&first), "a message reads back exactly");
    assert_eq!(store.messages(&a, &id, 2, 1).await.expect("page").iter().map(|m| m.seq).collect::<Vec<_>>(), [3]);

    // The spend: two calls, their tokens and cost; committed follows cost with no reservation.
    let spend = store.spend(&a, PERIOD).await.expect("spend");
    assert_eq!((spend.calls, spend.cost, spend.committed), (2, 1950, 1950));
    assert_eq!(store.spend(&b, PERIOD).await.expect("spend").calls, 0);

    // Conversations newest first, paged, per tenant.
    let mut ids = vec![id.clone()];
    for q in ["Second conversation", "Third conversation"] {
        let next = new_id();
        store.record(&turn(&a, &next, None, q)).await.expect("created");
        ids.push(next);
    }
    store.record(&turn(&b, &new_id(), None, "Another tenant")).await.expect("created");
    let page = store.list(&a, None, 2).await.expect("page");
    assert_eq!(page.conversations.iter().map(|c| c.id.clone()).collect::<Vec<_>>(), [ids[2].clone(), ids[1].clone()]);
    let rest = store.list(&a, page.next_after.as_deref(), 2).await.expect("page");
    assert_eq!(rest.conversations.iter().map(|c| c.id.clone()).collect::<Vec<_>>(), [ids[0].clone()]);
    assert_eq!(rest.next_after, None);

    // A long conversation (more messages than one delete batch) is deleted whole, once.
    let mut current = store.get(&a, &id).await.expect("read").expect("exists");
    for i in 0..14 {
        store.record(&turn(&a, &id, Some(&current), &format!("Question {i}"))).await.expect("turn");
        current = store.get(&a, &id).await.expect("read").expect("exists");
    }
    assert_eq!(current.message_count, 32);
    assert!(!store.delete(&b, &id).await.expect("delete"), "another tenant deletes nothing");
    assert!(store.delete(&a, &id).await.expect("delete"));
    assert_eq!(store.get(&a, &id).await.expect("read"), None);
    assert!(store.messages(&a, &id, 0, 100).await.expect("read").is_empty());
    assert!(!store.delete(&a, &id).await.expect("delete again"));
    assert!(
        matches!(store.record(&turn(&a, &id, Some(&current), "Too late")).await, Err(StoreError::Conflict)),
        "a deleted conversation cannot be extended"
    );

    // Budget: concurrent reservations never commit past the limit; a release gives room back.
    let c = tenant("clinic-c");
    let limit = 10_000;
    let hold = |id: &str, units| Hold { id: id.to_owned(), units, expires_at_ms: AT };
    let tries = (0..8).map(|i| {
        let store = store.clone();
        let c = c.clone();
        let held = hold(&format!("call-{i}"), 3_000);
        async move { store.reserve(&c, PERIOD, &held, limit).await.expect("reserve").then_some(held) }
    });
    let admitted: Vec<Hold> = futures_util::future::join_all(tries).await.into_iter().flatten().collect();
    assert_eq!(admitted.len(), 3, "3 x 3000 fit in 10000, a 4th does not");
    let spend = store.spend(&c, PERIOD).await.expect("spend");
    assert_eq!(spend.committed, 9_000);
    let mut held: Vec<&str> = spend.holds.iter().map(|h| h.id.as_str()).collect();
    held.sort_unstable();
    let mut expected: Vec<&str> = admitted.iter().map(|h| h.id.as_str()).collect();
    expected.sort_unstable();
    assert_eq!(held, expected, "the store lists the holds it counts");
    assert!(store.release(&c, PERIOD, &admitted[0]).await.expect("release"));
    assert!(!store.release(&c, PERIOD, &admitted[0]).await.expect("release again"), "a hold is taken back once");
    assert_eq!(store.spend(&c, PERIOD).await.expect("spend").committed, 6_000);
    let big = hold("call-big", 4_000);
    assert!(store.reserve(&c, PERIOD, &big, limit).await.expect("reserve"));
    // Recording a call settles its hold: committed moves to the actual cost.
    let settle = |hold: &Hold, cost| ChatRecord {
        spend: SpendChange {
            tenant: c.clone(),
            period: PERIOD.to_owned(),
            usage: Usage::default(),
            cost,
            hold: Some(hold.clone()),
        },
        conversation: None,
    };
    store.record(&settle(&big, 500)).await.expect("settled");
    let spend = store.spend(&c, PERIOD).await.expect("spend");
    assert_eq!((spend.cost, spend.committed, spend.calls, spend.holds.len()), (500, 6_500, 1, 2));
    // A hold taken back before its call is recorded (it lapsed): the record adds the cost alone.
    assert!(store.release(&c, PERIOD, &admitted[1]).await.expect("release"));
    store.record(&settle(&admitted[1], 700)).await.expect("recorded after the lapse");
    let spend = store.spend(&c, PERIOD).await.expect("spend");
    assert_eq!(
        (spend.cost, spend.committed, spend.calls, spend.holds.len()),
        (1_200, 3_000 + 1_200, 2, 1),
        "{spend:?}"
    );
}

fn second_answer_of(record: &ChatRecord) -> StoredMessage {
    record.conversation.as_ref().expect("a conversation write").messages[1].clone()
}

/// A history larger than one DynamoDB response (1 MB): 40 messages of 30 KB each are read whole,
/// oldest first and newest first, not cut at the first page.
async fn long_history(store: Arc<dyn ConversationStore>) {
    let a = tenant("clinic-long");
    let id = new_id();
    let text = |i: u64| format!("{i:04} {}", "lab values and their trend over the admission. ".repeat(650));
    let mut current: Option<Conversation> = None;
    for i in 0..20 {
        let mut record = turn(&a, &id, current.as_ref(), "Summarise the admission.");
        let write = record.conversation.as_mut().expect("a conversation write");
        for m in &mut write.messages {
            m.content = text(m.seq);
        }
        store.record(&record).await.unwrap_or_else(|e| panic!("turn {i}: {e}"));
        current = store.get(&a, &id).await.expect("read");
    }
    assert!(text(1).len() >= 30_000);
    let all = store.messages(&a, &id, 0, 100).await.expect("all");
    assert_eq!(all.iter().map(|m| m.seq).collect::<Vec<_>>(), (1..=40).collect::<Vec<_>>());
    assert!(all.iter().all(|m| m.content == text(m.seq)), "every message reads back whole");
    let after = store.messages(&a, &id, 5, 30).await.expect("page");
    assert_eq!(after.iter().map(|m| m.seq).collect::<Vec<_>>(), (6..=35).collect::<Vec<_>>(), "a limit is kept");
    let recent = store.recent(&a, &id, 100).await.expect("recent");
    assert_eq!(recent.iter().map(|m| m.seq).collect::<Vec<_>>(), (1..=40).rev().collect::<Vec<_>>());
    assert!(store.delete(&a, &id).await.expect("delete"));
    assert!(store.messages(&a, &id, 0, 100).await.expect("read").is_empty());
}

#[tokio::test]
async fn the_memory_store_honours_the_contract() {
    contract(Arc::new(MemoryConversationStore::default())).await;
}

#[tokio::test]
async fn the_memory_store_reads_a_long_history_whole() {
    long_history(Arc::new(MemoryConversationStore::default())).await;
}

#[tokio::test]
async fn the_dynamodb_store_reads_a_history_longer_than_one_page_whole() {
    let Some(config) = emulator::sdk_config().await else { return };
    let tables = emulator::tables(&config).await;
    long_history(Stores::dynamodb(&config, &tables).conversations).await;
}

#[tokio::test]
async fn the_dynamodb_store_honours_the_contract() {
    let Some(config) = emulator::sdk_config().await else { return };
    let tables = emulator::tables(&config).await;
    contract(Stores::dynamodb(&config, &tables).conversations).await;
}
