//! Swarm testing (as in TigerBeetle's simulator): every seed draws its own cluster and its own
//! mix of faults, so that across many seeds every combination is tried, including the rare
//! ones a fixed configuration never reaches (PreVote off with CheckQuorum on, one entry per
//! AppendEntries, a heartbeat close to the election timeout, ...).

use super::faults::{Fault, Faults};
use crate::sim::config::{Quirks, SimConfig, DEFAULT_SNAPSHOT_CHUNK, MAX_NODES};
use crate::sim::rng::{between, chance, SimRng};

/// What a chaos search runs: how long each seed's faults last, and what the seeds may draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Simulated ms of faults and load before the calm.
    pub duration_ms: u64,
    /// A fixed cluster size; None draws one per seed in 3..=9.
    pub nodes: Option<u64>,
    /// The faults a seed may draw from (each seed switches on a random subset).
    pub faults: Faults,
    /// Teaching quirks every seed's cluster runs with (none by default): a search then shows
    /// what breaking each rule leads to. They change no draw.
    pub quirks: Quirks,
}

impl Plan {
    pub fn new(duration_ms: u64) -> Plan {
        Plan {
            duration_ms,
            nodes: None,
            faults: Faults::all(),
            quirks: Quirks::default(),
        }
    }

    /// The command line that reruns one seed of this plan.
    pub fn replay_command(&self, seed: u64) -> String {
        let mut line = format!(
            "raftlab-cli chaos --seeds 1 --first-seed {seed} --duration-ms {}",
            self.duration_ms
        );
        if let Some(n) = self.nodes {
            line.push_str(&format!(" --nodes {n}"));
        }
        if self.faults != Faults::all() {
            line.push_str(&format!(" --faults {}", self.faults));
        }
        if self.quirks.any() {
            line.push_str(&format!(" --quirks {}", self.quirks.list()));
        }
        line
    }
}

/// What one seed drew.
#[derive(Debug, Clone, PartialEq)]
pub struct Swarm {
    pub config: SimConfig,
    /// The faults this seed injects.
    pub faults: Faults,
    /// Whether clients ask for lease reads (besides ReadIndex and follower reads).
    pub lease_reads: bool,
    /// The pause between two actions is drawn in this range (ms).
    pub pace_ms: [u64; 2],
    /// The share of actions that are faults or repairs rather than client load.
    pub fault_share: f64,
}

impl Swarm {
    /// Draws a cluster and a fault mix from the chaos driver's generator.
    pub fn draw(rng: &mut SimRng, seed: u64, plan: &Plan) -> Swarm {
        // Small clusters more often: one server's vote decides more there.
        let nodes = [3, 3, 3, 4, 5, 5, 6, 7, 8, MAX_NODES][between(rng, 0, 9) as usize];
        let election_min = between(rng, 100, 400);
        // From a tenth of the election timeout up to a half: a slow heartbeat makes
        // CheckQuorum and leases work at their edge.
        let heartbeat = between(rng, election_min / 10, election_min / 2);
        let latency_min = between(rng, 1, 20);
        let latency_max = latency_min + between(rng, 0, 30);
        let batch = [1, 2, 4, 16, 64][between(rng, 0, 4) as usize];
        let client_timeout = between(rng, 500, 2000);
        let config = SimConfig {
            nodes: plan.nodes.unwrap_or(nodes),
            seed,
            election_ms: [election_min, 2 * election_min],
            heartbeat_ms: heartbeat,
            latency_ms: [latency_min, latency_max],
            prevote: chance(rng, 0.5),
            check_quorum: chance(rng, 0.5),
            max_entries_per_append: batch,
            client_timeout_ms: client_timeout,
            quirks: plan.quirks,
            ..SimConfig::default()
        };
        let mut faults = Faults::none();
        for &fault in Fault::ALL.iter().filter(|f| !f.is_opt_in()) {
            if chance(rng, 0.5) && plan.faults.has(fault) {
                faults = faults.with(fault);
            }
        }
        let pace_ms = [[5, 50], [20, 200], [50, 400]][between(rng, 0, 2) as usize];
        // Log compaction (§7) in a third of the runs, often and in small chunks, so crashes,
        // partitions, loss and duplication meet InstallSnapshot.
        let config = if chance(rng, 0.33) {
            SimConfig {
                snapshot_every: [2, 5, 10, 30][between(rng, 0, 3) as usize],
                snapshot_chunk: [16, 64, 512, DEFAULT_SNAPSHOT_CHUNK][between(rng, 0, 3) as usize],
                ..config
            }
        } else {
            config
        };
        let mut swarm = Swarm {
            config,
            faults,
            lease_reads: chance(rng, 0.5),
            pace_ms,
            // Up to nine actions in ten faults: few writes leave a cut-off server's log up to
            // date, so that it can still win an election.
            fault_share: [0.1, 0.25, 0.5, 0.9][between(rng, 0, 3) as usize],
        };
        // Drawn last, and only when the plan has it: the rest of the draw is the same with or
        // without it. Three seeds in four, the others a control group.
        if plan.faults.has(Fault::Membership) && chance(rng, 0.75) {
            swarm.faults = swarm.faults.with(Fault::Membership);
        }
        swarm
    }

    /// One line: "5 nodes, E 150 ms, heartbeat 30 ms, latency 3-20 ms, batch 4, PreVote on,
    /// CheckQuorum off, lease reads on; an action every 20-200 ms, 25% faults: crash,spike"
    /// (then "; quirks ..." if any).
    pub fn describe(&self) -> String {
        let c = &self.config;
        let on = |b: bool| if b { "on" } else { "off" };
        format!(
            "{} nodes, E {} ms, heartbeat {} ms, latency {}-{} ms, batch {}, PreVote {}, \
             CheckQuorum {}, lease reads {}{}; an action every {}-{} ms, {}% faults: {}",
            c.nodes,
            c.election_ms[0],
            c.heartbeat_ms,
            c.latency_ms[0],
            c.latency_ms[1],
            c.max_entries_per_append,
            on(c.prevote),
            on(c.check_quorum),
            on(self.lease_reads),
            match c.snapshot_every {
                0 => String::new(),
                n => format!(
                    ", snapshots every {n} entries in {}-byte chunks",
                    c.snapshot_chunk
                ),
            },
            self.pace_ms[0],
            self.pace_ms[1],
            (self.fault_share * 100.0).round(),
            self.faults
        ) + &match self.config.quirks.list() {
            quirks if quirks.is_empty() => String::new(),
            quirks => format!("; quirks {quirks}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::rng::seeded;

    #[test]
    fn every_drawn_configuration_is_valid_and_the_draws_vary() {
        let plan = Plan::new(1000);
        let swarms: Vec<Swarm> = (0..200)
            .map(|s| Swarm::draw(&mut seeded(s), s, &plan))
            .collect();
        for s in &swarms {
            assert_eq!(s.config.validate(), Ok(()), "{}", s.describe());
        }
        let count = |p: &dyn Fn(&Swarm) -> bool| swarms.iter().filter(|s| p(s)).count();
        assert!(count(&|s| s.config.prevote) > 50);
        assert!(count(&|s| !s.config.check_quorum) > 50);
        assert!(count(&|s| s.config.nodes == 3) > 5);
        assert!(count(&|s| s.config.nodes == 9) > 5);
        assert!(count(&|s| s.config.snapshot_every > 0) > 40);
        assert!(count(&|s| s.config.snapshot_every == 0) > 100);
        assert!(count(&|s| s.config.snapshot_chunk == 16) > 5);
        assert!(count(&|s| s.faults.has(Fault::Spike)) > 50);
        assert!(count(&|s| !s.faults.has(Fault::Crash)) > 50);
    }

    /// `--membership` adds membership changes to three seeds in four and changes nothing else
    /// a seed draws.
    #[test]
    fn membership_is_opt_in_and_drawn_last() {
        let plain = Plan::new(1000);
        let with = Plan {
            faults: plain.faults.with(Fault::Membership),
            ..Plan::new(1000)
        };
        let mut drawn = 0;
        for s in 0..100 {
            let a = Swarm::draw(&mut seeded(s), s, &plain);
            let b = Swarm::draw(&mut seeded(s), s, &with);
            assert!(!a.faults.has(Fault::Membership));
            drawn += usize::from(b.faults.has(Fault::Membership));
            let b_without = Swarm {
                faults: a.faults,
                ..b.clone()
            };
            assert_eq!(a, b_without, "seed {s}");
        }
        assert!((60..=90).contains(&drawn), "{drawn}");
    }

    #[test]
    fn the_plan_restricts_the_draw() {
        let plan = Plan {
            nodes: Some(4),
            faults: Faults::parse("crash").unwrap(),
            ..Plan::new(1000)
        };
        for s in 0..50 {
            let swarm = Swarm::draw(&mut seeded(s), s, &plan);
            assert_eq!(swarm.config.nodes, 4);
            assert!(swarm.faults.iter().all(|f| f == Fault::Crash));
        }
        assert_eq!(
            plan.replay_command(9),
            "raftlab-cli chaos --seeds 1 --first-seed 9 --duration-ms 1000 --nodes 4 --faults crash"
        );
        let quirky = Plan {
            quirks: Quirks::parse_list("forget_vote_on_restart").unwrap(),
            ..plan.clone()
        };
        let (a, b) = (
            Swarm::draw(&mut seeded(3), 3, &plan),
            Swarm::draw(&mut seeded(3), 3, &quirky),
        );
        assert!(b.config.quirks.forget_vote_on_restart);
        assert_eq!(
            a,
            Swarm {
                config: SimConfig {
                    quirks: Quirks::default(),
                    ..b.config.clone()
                },
                ..b.clone()
            }
        );
        assert!(
            b.describe().ends_with("; quirks forget_vote_on_restart"),
            "{}",
            b.describe()
        );
        assert!(quirky
            .replay_command(9)
            .ends_with(" --faults crash --quirks forget_vote_on_restart"));
    }
}
