//! The space-time records: an election drawn as it happened, a client write's life, losses,
//! and the records after time travel equal to a fresh run's.

use super::life::life;
use super::record::Fact;
use super::store::MAX_MESSAGES;
use super::{Arrow, ClientOp, Fate, LaneState, MarkKind, Spacetime, Window};
use crate::raft::MessageKind;
use crate::sim::history::History;
use crate::sim::{Command, SimConfig, Simulation, MAX_TIME_MS};

fn sim(seed: u64) -> Simulation {
    let config = SimConfig {
        seed,
        ..SimConfig::default()
    };
    Simulation::new(config).expect("valid")
}

/// Everything recorded, without the fields that say where the simulation stands.
fn all(s: &Simulation) -> Window {
    let mut w = s.spacetime(0, MAX_TIME_MS);
    (w.time_ms, w.end_ms) = (0, 0);
    w
}

/// The same records, or the first difference named.
fn assert_same(a: &Window, b: &Window) {
    fn first_difference<T: PartialEq + std::fmt::Debug>(what: &str, a: &[T], b: &[T]) {
        if let Some(i) = (0..a.len().max(b.len())).find(|&i| a.get(i) != b.get(i)) {
            panic!("{what} differ at {i}: {:?} / {:?}", a.get(i), b.get(i));
        }
    }
    first_difference("bands", &a.bands, &b.bands);
    first_difference("messages", &a.messages, &b.messages);
    first_difference("marks", &a.marks, &b.marks);
    first_difference("ops", &a.ops, &b.ops);
    assert_eq!(a, b);
}

/// A run with a little of everything, driven to `end` ms: writes and reads, a crash and a
/// restart, a partition and its healing, random loss for a while.
fn eventful(s: &mut Simulation, end: u64) {
    let mut i = 0u64;
    while s.now() < end {
        s.advance(230);
        i += 1;
        let command = match i % 9 {
            1 => Command::Crash { node: 1 + i % 5 },
            3 => Command::Restart {
                node: 1 + (i - 2) % 5,
            },
            4 => Command::Partition {
                groups: vec![vec![1, 2], vec![3, 4, 5]],
            },
            5 => Command::DropRate { p: 0.3 },
            6 => Command::Heal,
            7 => Command::DropRate { p: 0.0 },
            _ => Command::Put {
                key: format!("k{}", i % 3),
                value: i.to_string(),
                node: 1 + i % 5,
            },
        };
        let _ = s.apply(command);
    }
}

/// Reference: §5.2 — the first election as the diagram shows it: every server a follower from
/// time 0, a candidate's RequestVotes and their replies delivered, then a leader of term 1
/// whose heartbeats a filter can leave out.
#[test]
fn an_election_is_recorded_as_it_happened() {
    let mut s = sim(1);
    s.advance(1_000);
    let leader = s.leader().expect("a leader within a second");
    let w = s.spacetime(0, 1_000);
    assert_eq!(w.servers, 5);
    for server in 1..=5 {
        let first = w.bands.iter().find(|b| b.server == server).expect("a lane");
        assert_eq!(
            (first.state, first.from_ms, first.term),
            (LaneState::Follower, 0, 0)
        );
    }
    let leading = (w.bands.iter())
        .find(|b| b.server == leader && b.state == LaneState::Leader)
        .expect("the leader's band");
    assert_eq!((leading.term, leading.to_ms), (1, None));
    let votes: Vec<_> = (w.messages.iter())
        .filter(|m| m.kind == MessageKind::RequestVote)
        .collect();
    assert_eq!(votes.len(), 4, "one request to each other server");
    assert!(votes
        .iter()
        .all(|m| m.from == leader && m.fate == Some(Fate::Delivered)));
    assert!(votes
        .iter()
        .all(|m| m.end_ms.is_some_and(|t| t >= m.sent_ms + 10)));
    let granted = (w.messages.iter())
        .filter(|m| m.kind == MessageKind::RequestVoteReply && m.success == Some(true))
        .count();
    assert!(granted >= 2, "a majority granted");
    assert!(w.messages.iter().any(|m| m.heartbeat));
    assert!(w.messages.windows(2).all(|p| p[0].sent_ms <= p[1].sent_ms));
    let quiet = s.spacetime_with(0, 1_000, false);
    assert!(quiet.messages.iter().all(|m| !m.heartbeat));
    assert!(quiet.messages.len() < w.messages.len());
}

/// Only what overlaps the window: a message sent before it and delivered in it is there, one
/// delivered before it is not.
#[test]
fn a_window_holds_what_overlaps_it() {
    let mut s = sim(1);
    s.advance(3_000);
    let (from, to) = (2_000, 2_100);
    let w = s.spacetime(from, to);
    assert!(!w.messages.is_empty());
    for m in &w.messages {
        assert!(
            m.sent_ms <= to && m.end_ms.is_none_or(|t| t >= from),
            "{m:?}"
        );
    }
    let everything = s.spacetime(0, 3_000);
    let expected = (everything.messages.iter())
        .filter(|m| m.sent_ms <= to && m.end_ms.is_none_or(|t| t >= from))
        .count();
    assert_eq!(w.messages.len(), expected);
    assert!(
        w.messages.iter().any(|m| m.sent_ms < from),
        "one under way at the start"
    );
    assert!(w
        .bands
        .iter()
        .all(|b| b.from_ms <= to && b.to_ms.is_none_or(|t| t >= from)));
    assert!(w.marks.iter().all(|m| (from..=to).contains(&m.at_ms)));
}

/// Reference: §5.3 — a client write's life across the lanes: invoked, appended by the leader
/// at an index, carried by AppendEntries, committed by the leader once a majority has it,
/// applied everywhere, answered.
#[test]
fn a_write_is_followed_from_invoke_to_reply() {
    let mut s = sim(3);
    s.advance(1_500);
    let leader = s.leader().expect("a leader");
    let follower = if leader == 1 { 2 } else { 1 };
    s.apply(Command::Put {
        key: "x".into(),
        value: "1".into(),
        node: follower,
    })
    .unwrap();
    s.advance(500);
    let w = s.spacetime(1_500, 2_000);
    let op = &w.ops[0];
    assert_eq!(
        (op.operation.op.as_str(), op.operation.status.as_deref()),
        ("put", Some("ok"))
    );
    let accept = op.accepted.last().expect("the leader took it");
    assert_eq!(accept.server, leader);
    let index = accept.index;
    assert!(index >= 1);
    let carried = (w.messages.iter())
        .filter(|m| m.kind == MessageKind::AppendEntries && m.from == leader)
        .filter(|m| m.index >= index && m.index - m.entries < index)
        .count();
    assert!(carried >= 2, "sent to the followers");
    let covers = |kind, server| {
        (w.marks.iter())
            .filter(|m| m.kind == kind && m.server == server)
            .find(|m| (m.from_index..=m.index).contains(&index))
            .map(|m| m.at_ms)
    };
    let committed = covers(MarkKind::Commit, leader).expect("the leader commits it");
    assert!(committed >= accept.at_ms);
    for server in 1..=5 {
        assert!(
            covers(MarkKind::Apply, server).is_some(),
            "S{server} applies it"
        );
    }
    assert!(op.operation.complete_ms >= Some(committed));
}

/// A message random loss took ends half way; one a partition stops at its send never leaves.
#[test]
fn losses_end_where_the_message_died() {
    let mut s = sim(1);
    s.advance(1_000);
    s.apply(Command::DropRate { p: 1.0 }).unwrap();
    s.advance(200);
    s.apply(Command::DropRate { p: 0.0 }).unwrap();
    s.apply(Command::Partition {
        groups: vec![vec![1, 2], vec![3, 4, 5]],
    })
    .unwrap();
    s.advance(200);
    let w = s.spacetime(1_000, 1_400);
    let lost = w
        .messages
        .iter()
        .find(|m| m.fate == Some(Fate::Lost))
        .unwrap();
    assert!(lost.end_ms == Some(lost.due_ms) && lost.due_ms < lost.sent_ms + 10);
    let stopped = (w.messages.iter())
        .find(|m| m.fate == Some(Fate::Partitioned) && m.id == 0)
        .expect("a message stopped at its send");
    assert_eq!(stopped.end_ms, Some(stopped.sent_ms));
}

/// A crash is a band of its own on the lane, and the messages sent to the crashed server
/// end at its door.
#[test]
fn a_crash_shows_on_its_lane() {
    let mut s = sim(1);
    s.advance(1_000);
    let leader = s.leader().unwrap();
    s.apply(Command::Crash { node: leader }).unwrap();
    s.advance(600);
    s.apply(Command::Restart { node: leader }).unwrap();
    s.advance(400);
    let w = s.spacetime(0, 2_000);
    let lane: Vec<_> = w.bands.iter().filter(|b| b.server == leader).collect();
    let crashed = lane.iter().find(|b| b.state == LaneState::Crashed).unwrap();
    assert_eq!((crashed.from_ms, crashed.to_ms), (1_000, Some(1_600)));
    assert!(w
        .messages
        .iter()
        .any(|m| m.to == leader && m.fate == Some(Fate::ReceiverDown)));
}

/// Time travel: seeking back and forth (and stepping back) records nothing twice, and the
/// records equal those of a run that never went back.
#[test]
fn seeking_back_and_forth_keeps_the_records_of_a_straight_run() {
    let mut straight = sim(21);
    eventful(&mut straight, 6_000);
    let mut travelled = sim(21);
    eventful(&mut travelled, 6_000);
    travelled.seek(1_234);
    travelled.seek(4_100);
    travelled.seek(300);
    for _ in 0..40 {
        travelled.step_back();
    }
    travelled.seek(straight.now());
    assert_same(&all(&travelled), &all(&straight));
    // While in the past, the whole timeline stays drawn (the future the run will replay), but
    // the client operations are the history's until now.
    travelled.seek(2_000);
    let (mut back, mut whole) = (all(&travelled), all(&straight));
    let until_now = |ops: &mut Vec<ClientOp>| ops.retain(|o| o.operation.invoke_ms <= 2_000);
    until_now(&mut whole.ops);
    assert_eq!(back.ops.len(), whole.ops.len());
    (back.ops, whole.ops) = (Vec::new(), Vec::new());
    assert_same(&back, &whole);
}

/// A command in the past forks the run: the old future's records go, and what was open at the
/// fork is open again; the records then equal those of a fresh run of the new timeline.
#[test]
fn a_fork_keeps_the_records_of_a_fresh_run() {
    let mut s = sim(21);
    eventful(&mut s, 5_000);
    // A time with messages under way (sent, not yet arrived).
    let fork_ms = (all(&s).messages.iter())
        .find(|m| m.sent_ms > 2_300 && m.end_ms.is_some_and(|t| t > m.sent_ms + 1))
        .map(|m| m.sent_ms + 1)
        .unwrap();
    s.seek(fork_ms);
    // Every server alone: what was under way at the fork is now lost on arrival.
    let alone = (1..=5).map(|n| vec![n]).collect();
    s.apply(Command::Partition { groups: alone }).unwrap();
    s.advance(1_500);
    let mut fresh = Simulation::replay(s.start_config().clone(), &s.commands()).unwrap();
    fresh.seek(s.now());
    assert_same(&all(&s), &all(&fresh));
}

/// `rewind` discards the future: the records end where a run that stopped there ends.
#[test]
fn rewind_discards_the_future_records() {
    let mut s = sim(21);
    eventful(&mut s, 5_000);
    s.rewind(2_777);
    let mut fresh = Simulation::replay(s.start_config().clone(), &s.commands()).unwrap();
    fresh.seek(2_777);
    assert_same(&all(&s), &all(&fresh));
    assert!(
        all(&s).messages.iter().any(|m| m.end_ms.is_none()),
        "in flight at 2777"
    );
    s.advance(1_000);
    fresh.advance(1_000);
    assert_same(&all(&s), &all(&fresh));
    // Back into a write still waiting for its answer: pending again.
    let waiting = (all(&s).ops.iter())
        .map(|o| &o.operation)
        .find(|o| o.complete_ms.is_some_and(|t| t > o.invoke_ms + 1))
        .map(|o| o.invoke_ms + 1)
        .unwrap();
    s.rewind(waiting);
    let mut fresh = Simulation::replay(s.start_config().clone(), &s.commands()).unwrap();
    fresh.seek(waiting);
    assert_same(&all(&s), &all(&fresh));
    assert!(all(&s)
        .ops
        .iter()
        .any(|o| o.operation.complete_ms.is_none()));
}

/// A restart in place: the lanes go on with the new cluster, and what was in flight is over.
#[test]
fn a_restart_in_place_ends_what_was_under_way() {
    let mut s = sim(1);
    s.advance(1_003);
    s.restart(SimConfig {
        nodes: 3,
        seed: 9,
        ..SimConfig::default()
    })
    .unwrap();
    s.advance(1_000);
    let w = s.spacetime(0, 2_003);
    assert!(w
        .messages
        .iter()
        .all(|m| m.end_ms.is_some_and(|t| t <= 2_003) || m.sent_ms > 1_900));
    assert!(w
        .messages
        .iter()
        .any(|m| m.fate == Some(Fate::Dropped) && m.end_ms == Some(1_003)));
    for server in 4..=5 {
        let last = w.bands.iter().rfind(|b| b.server == server).unwrap();
        assert_eq!(
            last.to_ms,
            Some(1_003),
            "S{server} left with the old cluster"
        );
    }
    let after = s.spacetime(1_500, 2_003);
    assert!(after
        .bands
        .iter()
        .any(|b| b.state == LaneState::Leader && b.server <= 3));
}

/// Memory: past the bound the oldest quarter of the messages goes, and the records say from
/// when they are whole; messages in flight can still end.
#[test]
fn the_oldest_messages_go_past_the_bound() {
    let mut store = Spacetime::default();
    let mut recorder = super::record::Recorder::default();
    let sent = |id: u64| Arrow {
        id,
        kind: MessageKind::Heartbeat,
        from: 1,
        to: 2,
        term: 1,
        index: 0,
        entries: 0,
        success: None,
        heartbeat: true,
        sent_ms: id,
        due_ms: id + 10,
        end_ms: None,
        fate: None,
    };
    for id in 1..=MAX_MESSAGES as u64 + 1 {
        recorder.note_for_test(Fact::Sent(sent(id)), id);
        if id > 1 {
            recorder.note_for_test(
                Fact::Ended {
                    id: id - 1,
                    at_ms: id + 9,
                    fate: Fate::Delivered,
                },
                id,
            );
        }
        store.take_from(&mut recorder);
    }
    let w = store.window(0, u64::MAX, true, &History::new());
    assert_eq!(w.messages.len(), MAX_MESSAGES + 1 - MAX_MESSAGES / 4);
    // The last to go was sent just before the first kept, and ended 10 ms after its send.
    let first = w.messages[0].sent_ms;
    assert_eq!(w.recorded_from_ms, first - 1 + 10);
    let last = MAX_MESSAGES as u64 + 1;
    recorder.note_for_test(
        Fact::Ended {
            id: last,
            at_ms: last + 10,
            fate: Fate::Lost,
        },
        last + 1,
    );
    store.take_from(&mut recorder);
    let w = store.window(last, last, true, &History::new());
    assert_eq!(w.messages.last().unwrap().fate, Some(Fate::Lost));
}

/// Reference: §5.3 — a write's life as the diagram tells it when it is selected.
#[test]
fn a_write_s_life_in_words() {
    let mut s = sim(3);
    s.advance(1_500);
    let leader = s.leader().unwrap();
    let put = Command::Put {
        key: "x".into(),
        value: "1".into(),
        node: leader,
    };
    s.apply(put).unwrap();
    s.advance(500);
    let w = s.spacetime(1_500, 2_000);
    let lived = life(&w, &w.ops[0]);
    let text: Vec<&str> = lived.steps.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(text[0], "client 1 invokes put x=1");
    assert_eq!(
        text[1],
        format!("S{leader} appends it to its log at index 2")
    );
    assert!(text.contains(&format!("S{leader} commits index 2: a majority has it").as_str()));
    assert_eq!(
        text.iter()
            .filter(|t| t.ends_with("applies 2 to its state machine"))
            .count(),
        5
    );
    assert_eq!(
        text.iter()
            .filter(|t| t.ends_with("learns that 2 is committed"))
            .count(),
        4
    );
    let answer = format!("S{leader} answers client 1: ok");
    let answered = text.iter().position(|t| *t == answer).expect("answered");
    assert!(text[..answered]
        .iter()
        .any(|t| t.contains("a majority has it")));
    assert!(lived.steps.windows(2).all(|p| p[0].at_ms <= p[1].at_ms));
    let kinds: Vec<_> = lived.messages.iter().map(|&i| w.messages[i].kind).collect();
    assert_eq!(
        kinds
            .iter()
            .filter(|&&k| k == MessageKind::AppendEntries)
            .count(),
        4
    );
    assert_eq!(
        kinds
            .iter()
            .filter(|&&k| k == MessageKind::AppendEntriesReply)
            .count(),
        4
    );
}

/// Reference: §6.4 — a follower read: the follower asks the leader for a read index, the
/// leader confirms it still leads with a round of heartbeats, the follower serves the read.
#[test]
fn a_read_s_life_goes_through_the_leader() {
    let mut s = sim(3);
    s.advance(1_500);
    let leader = s.leader().unwrap();
    let follower = if leader == 1 { 2 } else { 1 };
    let get = Command::Get {
        key: "x".into(),
        node: follower,
        read: crate::raft::ReadMode::Follower,
    };
    s.apply(get).unwrap();
    s.advance(500);
    let w = s.spacetime(1_500, 2_000);
    let lived = life(&w, &w.ops[0]);
    let text = lived
        .steps
        .iter()
        .map(|s| s.text.clone())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        text.contains(&format!("S{follower} takes the read")),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "S{follower} asks leader S{leader} for a read index"
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!("S{leader} confirms it still leads")),
        "{text}"
    );
    assert!(
        text.contains(&format!("S{follower} answers client 1: no value")),
        "{text}"
    );
    let kinds: Vec<_> = lived.messages.iter().map(|&i| w.messages[i].kind).collect();
    assert!(
        kinds.contains(&MessageKind::ReadIndex) && kinds.contains(&MessageKind::ReadIndexReply)
    );
    assert!(
        kinds
            .iter()
            .filter(|&&k| k == MessageKind::Heartbeat)
            .count()
            >= 2,
        "{kinds:?}"
    );
}
