//! Known linearizable and non-linearizable key-value histories.

use raftlab::sim::checker::linearizability::{check_history, check_operations, Verdict};
use raftlab::sim::history::{History, OpKind, OpResult, ReadMode};

/// Builds histories tersely: `put(h, client, key, value, call, ret)` etc.
fn put(h: &mut History, client: u64, key: &str, value: &str, call: u64, ret: Option<u64>) {
    let op = OpKind::Put {
        key: key.into(),
        value: value.into(),
    };
    let id = h.invoke(client, op, 1, call);
    if let Some(ret) = ret {
        h.complete(id, ret, OpResult::Ok).expect("valid completion");
    }
}

fn get(h: &mut History, client: u64, key: &str, value: Option<&str>, call: u64, ret: u64) {
    let op = OpKind::Get {
        key: key.into(),
        mode: ReadMode::ReadIndex,
    };
    let id = h.invoke(client, op, 1, call);
    let result = OpResult::Value {
        value: value.map(str::to_string),
    };
    h.complete(id, ret, result).expect("valid completion");
}

fn verdict(h: &History) -> Verdict {
    check_history(h).verdict
}

#[test]
fn sequential_read_of_the_last_write_is_linearizable() {
    let mut h = History::new();
    put(&mut h, 1, "x", "1", 0, Some(10));
    get(&mut h, 2, "x", Some("1"), 20, 30);
    get(&mut h, 2, "y", None, 20, 30);
    assert_eq!(verdict(&h), Verdict::Linearizable);
}

#[test]
fn stale_read_after_a_completed_write_is_not() {
    let mut h = History::new();
    put(&mut h, 1, "x", "1", 0, Some(10));
    get(&mut h, 2, "x", None, 20, 30);
    let report = check_history(&h);
    assert_eq!(report.verdict, Verdict::NotLinearizable);
    assert!(report.summary().contains("key x"), "{}", report.summary());
    let v = report.violation(30, "end");
    assert_eq!(v.map(|v| v.property.name()), Some("Linearizability"));
}

#[test]
fn reads_overlapping_a_write_may_see_either_value_but_not_flip_back() {
    let mut h = History::new();
    put(&mut h, 1, "x", "1", 0, Some(100));
    get(&mut h, 2, "x", None, 10, 20);
    get(&mut h, 3, "x", Some("1"), 30, 40);
    assert_eq!(verdict(&h), Verdict::Linearizable);
    get(&mut h, 2, "x", None, 50, 60);
    assert_eq!(verdict(&h), Verdict::NotLinearizable);
}

#[test]
fn concurrent_writes_fix_one_order_for_all_readers() {
    let mut h = History::new();
    put(&mut h, 1, "x", "a", 0, Some(50));
    put(&mut h, 2, "x", "b", 0, Some(50));
    get(&mut h, 3, "x", Some("a"), 60, 70);
    get(&mut h, 4, "x", Some("a"), 80, 90);
    assert_eq!(verdict(&h), Verdict::Linearizable);
    get(&mut h, 4, "x", Some("b"), 100, 110);
    assert_eq!(verdict(&h), Verdict::NotLinearizable);
}

#[test]
fn a_write_that_never_completed_may_or_may_not_take_effect() {
    let mut h = History::new();
    put(&mut h, 1, "x", "1", 0, Some(10));
    put(&mut h, 2, "x", "2", 20, None);
    get(&mut h, 3, "x", Some("1"), 30, 40);
    get(&mut h, 3, "x", Some("2"), 50, 60);
    assert_eq!(verdict(&h), Verdict::Linearizable);
    let mut never = History::new();
    put(&mut never, 1, "x", "1", 0, Some(10));
    put(&mut never, 2, "x", "2", 20, None);
    get(&mut never, 3, "x", Some("1"), 30, 40);
    assert_eq!(verdict(&never), Verdict::Linearizable);
}

#[test]
fn an_unknown_outcome_is_like_never_completing() {
    let mut h = History::new();
    let op = OpKind::Put {
        key: "x".into(),
        value: "2".into(),
    };
    let id = h.invoke(1, op, 1, 0);
    let gave_up = OpResult::Unknown {
        reason: "timed out".into(),
    };
    h.complete(id, 10, gave_up).expect("valid completion");
    get(&mut h, 2, "x", Some("2"), 500, 510);
    assert_eq!(verdict(&h), Verdict::Linearizable);
}

#[test]
fn a_failed_write_must_not_be_seen() {
    let mut h = History::new();
    let op = OpKind::Put {
        key: "x".into(),
        value: "3".into(),
    };
    let id = h.invoke(1, op, 1, 0);
    let refused = OpResult::Failed {
        reason: "not leader".into(),
    };
    h.complete(id, 5, refused).expect("valid completion");
    get(&mut h, 2, "x", Some("3"), 10, 20);
    assert_eq!(verdict(&h), Verdict::NotLinearizable);
}

#[test]
fn keys_are_independent() {
    let mut h = History::new();
    put(&mut h, 1, "x", "1", 0, Some(10));
    put(&mut h, 1, "y", "1", 20, Some(30));
    get(&mut h, 2, "y", Some("1"), 40, 50);
    get(&mut h, 2, "x", Some("1"), 40, 50);
    let report = check_history(&h);
    assert_eq!(report.verdict, Verdict::Linearizable);
    assert_eq!(report.keys.len(), 2);
}

#[test]
fn the_search_is_bounded() {
    let mut h = History::new();
    for i in 0..40 {
        put(&mut h, i, "x", &i.to_string(), 0, Some(1000));
    }
    get(&mut h, 99, "x", Some("nobody wrote this"), 2000, 2010);
    let report = check_operations(h.operations(), 1000);
    assert_eq!(report.verdict, Verdict::Unknown);
    assert!(
        report.summary().contains("search limit"),
        "{}",
        report.summary()
    );
}

#[test]
fn a_long_sequential_history_is_quick() {
    let mut h = History::new();
    for i in 0..5000u64 {
        let t = i * 100;
        put(&mut h, i % 3, "k", &i.to_string(), t, Some(t + 10));
        get(&mut h, 7, "k", Some(&i.to_string()), t + 20, t + 30);
    }
    let report = check_history(&h);
    assert_eq!(report.verdict, Verdict::Linearizable);
    assert!(report.keys[0].steps < 100_000, "{}", report.keys[0].steps);
}

#[test]
fn the_failure_names_the_operation_that_cannot_be_placed() {
    let mut h = History::new();
    put(&mut h, 1, "x", "1", 0, Some(10));
    get(&mut h, 2, "x", None, 20, 30);
    let report = check_history(&h);
    let msg = report.summary();
    assert!(msg.contains("get x"), "{msg}");
    assert_eq!(
        report.keys[0].witness.len(),
        2,
        "{:?}",
        report.keys[0].witness
    );
}
