//! Randomized runs with crashes, restarts, partitions, loss, duplication, delays, forced
//! timeouts, transfers and reads, checking the safety properties of Figure 3 (Election Safety,
//! Log Matching, Leader Completeness, State Machine Safety) plus monotonic terms and commit
//! indices and that no confirmed read misses a write committed before it began.

mod raft_harness;

use raft_harness::Cluster;
use raftlab::raft::{Config, NodeId, ReadMode};
use rand::Rng;

/// How many seeds to run: `RAFT_CHAOS_SEEDS=500 cargo test --release --test raft_chaos` hunts longer.
fn seeds(default: u64) -> u64 {
    std::env::var("RAFT_CHAOS_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

/// What a chaos run does, in parts per thousand per 5 ms step.
#[derive(Clone, Copy)]
struct Mix {
    propose: u32,
    crash: u32,
    restart: u32,
    partition: u32,
    heal: u32,
    timeout: u32,
    transfer: u32,
    read: u32,
    modes: &'static [ReadMode],
}

const MIX: Mix = Mix {
    propose: 300,
    crash: 10,
    restart: 50,
    partition: 10,
    heal: 30,
    timeout: 10,
    transfer: 5,
    read: 100,
    modes: &[ReadMode::ReadIndex, ReadMode::Follower, ReadMode::Lease],
};

fn chaos(seed: u64, config: Config, steps: u64) -> Cluster {
    chaos_with(seed, config, steps, MIX, |_| {})
}

fn chaos_with(
    seed: u64,
    config: Config,
    steps: u64,
    mix: Mix,
    setup: impl FnOnce(&mut Cluster),
) -> Cluster {
    let mut c = Cluster::new(5, config, seed);
    setup(&mut c);
    c.latency = (1, 30);
    c.drop_rate = 0.05;
    c.dup_rate = 0.05;
    let ids: Vec<NodeId> = c.ids();
    let mut read_id = 0;
    for step in 0..steps {
        let mut roll: u32 = c.rng.random_range(0..1000);
        let pick = ids[c.rng.random_range(0..ids.len())];
        let mut hit = |w: u32| {
            let h = roll < w;
            roll = roll.wrapping_sub(w);
            h
        };
        if hit(mix.propose) {
            if let Some(l) = c.leader() {
                let _ = c.propose(l, &format!("{seed}:{step}"));
            }
        } else if hit(mix.crash) {
            let down = ids.iter().filter(|&&i| !c.is_up(i)).count();
            if c.is_up(pick) && down < 2 {
                c.crash(pick);
            }
        } else if hit(mix.restart) {
            if !c.is_up(pick) {
                c.restart(pick);
            }
        } else if hit(mix.partition) {
            let k = c.rng.random_range(1..ids.len());
            let mut shuffled = ids.clone();
            for i in (1..shuffled.len()).rev() {
                let j = c.rng.random_range(0..=i);
                shuffled.swap(i, j);
            }
            let (a, b) = shuffled.split_at(k);
            c.partition(&[a, b]);
        } else if hit(mix.heal) {
            c.heal();
        } else if hit(mix.timeout) {
            if c.is_up(pick) {
                c.timeout(pick);
            }
        } else if hit(mix.transfer) {
            if let Some(l) = c.leader() {
                let _ = c.transfer(l, pick);
            }
        } else if hit(mix.read) && c.is_up(pick) {
            read_id += 1;
            let mode = mix.modes[c.rng.random_range(0..mix.modes.len())];
            let _ = c.read(pick, read_id, mode);
        }
        c.run_for(5);
    }
    c
}

fn check_and_recover(mut c: Cluster, seed: u64) {
    c.assert_safe();
    let served = c
        .reads
        .values()
        .flatten()
        .filter(|(_, r)| r.result.is_ok())
        .count();
    assert!(
        served > 0 && !c.leaders_seen.is_empty(),
        "seed {seed}: the run exercised reads and elections"
    );
    // Liveness after the storm: heal, restart everyone, and the cluster converges.
    c.heal();
    c.drop_rate = 0.0;
    c.dup_rate = 0.0;
    for id in c.ids() {
        if !c.is_up(id) {
            c.restart(id);
        }
    }
    // Like a client: propose, and retry if the entry is lost to a change of leader (which Raft
    // allows for uncommitted entries) or refused during a transfer.
    let mut done = false;
    for attempt in 0..10 {
        let Some(leader) = c.await_leader(&[1, 2, 3, 4, 5], 10_000) else {
            panic!("seed {seed}: no leader after healing");
        };
        let text = format!("final-{attempt}");
        if c.propose(leader, &text).is_err() {
            c.run_for(50);
            continue;
        }
        // Followers far behind catch up batch by batch; allow time for a long backlog.
        done = c.run_until(20_000, |c| {
            c.ids()
                .iter()
                .all(|&i| c.applied_commands(i).contains(&text))
                || c.leader()
                    .is_some_and(|l| !c.node(l).log().entries().iter().any(|e| e.text() == text))
        }) && c
            .ids()
            .iter()
            .all(|&i| c.applied_commands(i).contains(&text));
        if done {
            break;
        }
    }
    if !done {
        for id in c.ids() {
            let n = c.node(id);
            eprintln!(
                "S{id} {:?} term {} last {} commit {} applied {} progress {:?}",
                n.role(),
                n.current_term(),
                n.log().last_index(),
                n.commit_index(),
                n.last_applied(),
                n.progress()
            );
        }
        let t = c.transcript();
        let lines: Vec<&str> = t.lines().filter(|l| !l.contains("advances")).collect();
        eprintln!("{}", lines[lines.len().saturating_sub(40)..].join("\n"));
    }
    assert!(done, "seed {seed}: no write completed after healing");
    c.run_for(500);
    assert!(c.logs_converged(), "seed {seed}: logs did not converge");
    c.assert_safe();
}

#[test]
fn chaos_with_pre_vote_and_check_quorum() {
    for seed in 0..seeds(12) {
        let c = chaos(seed, Cluster::config(), 1500);
        check_and_recover(c, seed);
    }
}

#[test]
fn chaos_without_pre_vote_or_check_quorum() {
    let config = Config {
        pre_vote: false,
        check_quorum: false,
        ..Cluster::config()
    };
    for seed in 100..100 + seeds(10) {
        let c = chaos(seed, config.clone(), 1500);
        check_and_recover(c, seed);
    }
}

#[test]
fn chaos_with_small_batches_and_bounded_clock_drift() {
    let config = Config {
        max_entries_per_append: 2,
        ..Cluster::config()
    };
    for seed in 200..200 + seeds(8) {
        // Drift within the lease's bound (10%): 0.96..1.04.
        let c = chaos_with(seed, config.clone(), 1000, MIX, |c| {
            for id in 1..=5 {
                c.set_clock_rate(id, 0.96 + 0.02 * (id as f64 - 1.0));
            }
        });
        check_and_recover(c, seed);
    }
}

#[test]
fn chaos_lease_reads_with_frequent_crashes_and_bounded_drift() {
    // Leases are the most fragile reads: restarted voters and drifting clocks must not let a
    // new leader appear while an old one still serves from its lease.
    let mix = Mix {
        crash: 40,
        restart: 80,
        read: 250,
        modes: &[ReadMode::Lease],
        ..MIX
    };
    for seed in 300..300 + seeds(10) {
        let c = chaos_with(seed, Cluster::config(), 1200, mix, |c| {
            for id in 1..=5 {
                c.set_clock_rate(id, 1.04 - 0.02 * (id as f64 - 1.0));
            }
        });
        check_and_recover(c, seed);
    }
}

#[test]
fn same_seed_same_run() {
    let a = chaos(42, Cluster::config(), 600);
    let b = chaos(42, Cluster::config(), 600);
    assert_eq!(format!("{:?}", a.sent), format!("{:?}", b.sent));
    assert_eq!(a.transcript(), b.transcript());
}

#[test]
fn every_message_and_event_has_a_plain_description() {
    let c = chaos(7, Cluster::config(), 800);
    let mut kinds = std::collections::BTreeSet::new();
    for m in &c.sent {
        let d = m.describe();
        assert!(d.starts_with(&format!("S{} ", m.from)), "{d}");
        assert!(!d.contains('{') && !d.contains("Some("), "{d}");
        kinds.insert(m.kind());
    }
    assert!(
        kinds.len() >= 9,
        "the run used most message kinds: {kinds:?}"
    );
    for (_, e) in &c.events {
        let d = e.describe();
        assert!(d.contains(&format!("S{}", e.node())), "{d}");
        assert!(!d.contains('{') && !d.contains("Some("), "{d}");
    }
}
