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
    // 30 concurrent writes, each read by a concurrent get, then an impossible read: proving it
    // impossible needs every subset of the writes, far more than 1000 steps.
    let mut h = History::new();
    for i in 0..30 {
        put(&mut h, i, "x", &i.to_string(), 0, Some(1000));
        get(&mut h, 100 + i, "x", Some(&i.to_string()), 0, 1000);
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
fn many_concurrent_writes_of_unread_values_are_quick() {
    let mut h = History::new();
    for i in 0..40 {
        put(&mut h, i, "x", &i.to_string(), 0, Some(1000));
    }
    get(&mut h, 99, "x", Some("nobody wrote this"), 2000, 2010);
    let report = check_operations(h.operations(), 10_000);
    assert_eq!(report.verdict, Verdict::NotLinearizable);
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

/// Brute force: some order of the operations respects real time and the register. Pending
/// puts may be left out (they may not have taken effect).
fn brute_force(h: &History) -> bool {
    let ops: Vec<_> = h
        .operations()
        .iter()
        .filter(|op| !matches!(op.result, Some(OpResult::Failed { .. })))
        .filter(|op| !matches!(op.op, OpKind::Get { .. }) || op.complete_ms.is_some())
        .collect();
    fn search(
        ops: &[&raftlab::sim::history::Operation],
        used: &mut Vec<bool>,
        state: Option<String>,
    ) -> bool {
        if used
            .iter()
            .zip(ops)
            .all(|(u, op)| *u || op.complete_ms.is_none())
        {
            return true;
        }
        for i in 0..ops.len() {
            if used[i] {
                continue;
            }
            // i may go next only if no unused op returned before i was called.
            let blocked = ops.iter().enumerate().any(|(j, o)| {
                !used[j] && j != i && o.complete_ms.is_some_and(|r| r < ops[i].invoke_ms)
            });
            if blocked {
                continue;
            }
            let next = match (&ops[i].op, &ops[i].result) {
                (OpKind::Put { value, .. }, _) => Some(Some(value.clone())),
                (OpKind::Get { .. }, Some(OpResult::Value { value })) => {
                    (*value == state).then(|| state.clone())
                }
                _ => None,
            };
            if let Some(next) = next {
                used[i] = true;
                if search(ops, used, next) {
                    return true;
                }
                used[i] = false;
            }
        }
        false
    }
    search(&ops, &mut vec![false; ops.len()], None)
}

#[test]
fn agrees_with_brute_force_on_random_small_histories() {
    use rand::{Rng, SeedableRng};
    let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(7);
    let mut seen = [0usize; 2];
    for _ in 0..3000 {
        let mut h = History::new();
        for c in 0..rng.random_range(2..7u64) {
            let call = rng.random_range(0..50u64);
            let ret = call + rng.random_range(0..30u64);
            let value = rng.random_range(0..3u64).to_string();
            if rng.random_range(0..2u64) == 0 {
                let done = rng.random_range(0..5u64) > 0;
                put(&mut h, c, "x", &value, call, done.then_some(ret));
            } else {
                let read = (value != "0").then_some(value.as_str());
                get(&mut h, c, "x", read, call, ret);
            }
        }
        let expected = brute_force(&h);
        let got = check_history(&h).verdict;
        assert_eq!(
            got == Verdict::Linearizable,
            expected,
            "{:#?}",
            h.operations()
        );
        seen[usize::from(expected)] += 1;
    }
    assert!(seen[0] > 100 && seen[1] > 100, "{seen:?}");
}
