//! The Raftlab simulation from a terminal: run scenarios, chaos, bench.
//!
//! Exit codes: 0 all good; 1 an expectation failed, a checker found a violation (that the
//! scenario did not expect), or a chaos run failed; 2 bad input (usage, unreadable or malformed
//! file), with the error on stderr.

use std::process::ExitCode;

use raftlab::sim::bench::{run_workload, Workload};
use raftlab::sim::chaos::{
    chaos_run, run_seeds, Fault, Faults, Plan, SearchSummary, MAX_DURATION_MS, MAX_THREADS,
};
use raftlab::sim::checker::linearizability::Verdict;
use raftlab::sim::config::{MAX_NODES, MIN_NODES};
use raftlab::sim::horizon::max_time_words;
use raftlab::sim::scenario::presets::presets;
use raftlab::sim::scenario::{run_scenario, Condition, RunOptions, Scenario, Status};
use raftlab::sim::{Simulation, MAX_TIME_MS};

const USAGE: &str = "usage:
  raftlab-cli run FILE [--seed N] [--until MS] [--json]
      FILE is a text scenario, a .jsonl scenario, or preset:NAME (see `raftlab-cli presets`)
  raftlab-cli chaos --seeds N --duration-ms D [--nodes K] [--faults LIST] [--membership]
                    [--first-seed S] [--threads T] [--save-failures DIR]
      each seed draws its cluster (3..=9 nodes unless --nodes, PreVote, CheckQuorum, timing,
      batch size, lease reads) and a subset of LIST: crash,partition,cut,loss,dup,reorder,
      spike,timeout,transfer,drift (or all, none; default all). --membership (or membership
      in LIST) adds membership changes, opt-in: add, promote, remove, joint change. A failing
      seed is written to DIR/chaos-SEED.jsonl, a scenario `raftlab-cli run` replays
  raftlab-cli bench
  raftlab-cli presets";

/// A usage or input error: exit code 2.
struct BadInput(String);

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => cmd_run(&args[1..]),
        Some("chaos") => cmd_chaos(&args[1..]),
        Some("bench") => cmd_bench(&args[1..]),
        Some("presets") => cmd_presets(&args[1..]),
        Some("help" | "--help" | "-h") => {
            println!("{USAGE}");
            Ok(true)
        }
        Some(other) => Err(BadInput(format!("unknown subcommand \"{other}\""))),
        None => Err(BadInput("missing subcommand".to_string())),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(BadInput(message)) => {
            eprintln!("raftlab-cli: {message}");
            if !message.contains(": line ") && !message.starts_with("line ") {
                eprintln!("{USAGE}");
            }
            ExitCode::from(2)
        }
    }
}

/// The arguments of a subcommand: options with a value (`--name value` or `--name=value`),
/// switches (`--name`) and positional arguments.
struct Flags {
    positional: Vec<String>,
    values: Vec<(String, String)>,
    switches: Vec<String>,
}

/// Reads `args` with lexopt, accepting only the options named in `with_value` and `switches`.
fn parse_flags(args: &[String], with_value: &[&str], switches: &[&str]) -> Result<Flags, BadInput> {
    use lexopt::Arg;
    let text = |v: std::ffi::OsString| {
        v.into_string()
            .map_err(|v| BadInput(format!("not valid UTF-8: {v:?}")))
    };
    let mut flags = Flags {
        positional: Vec::new(),
        values: Vec::new(),
        switches: Vec::new(),
    };
    let mut parser = lexopt::Parser::from_args(args);
    while let Some(arg) = parser.next().map_err(|e| BadInput(e.to_string()))? {
        match arg {
            Arg::Long(name) => {
                let name = format!("--{name}");
                if with_value.contains(&name.as_str()) {
                    let value = parser
                        .value()
                        .map_err(|_| BadInput(format!("{name} needs a value")))?;
                    flags.values.push((name, text(value)?));
                } else if switches.contains(&name.as_str()) {
                    flags.switches.push(name);
                } else {
                    return Err(BadInput(format!("unknown option {name}")));
                }
            }
            Arg::Short(c) => return Err(BadInput(format!("unknown option -{c}"))),
            Arg::Value(value) => flags.positional.push(text(value)?),
        }
    }
    Ok(flags)
}

impl Flags {
    fn number(&self, name: &str) -> Result<Option<u64>, BadInput> {
        match self.values.iter().rev().find(|(n, _)| n == name) {
            None => Ok(None),
            Some((_, v)) => v
                .parse()
                .map(Some)
                .map_err(|_| BadInput(format!("{name} needs a whole number, got \"{v}\""))),
        }
    }

    fn text(&self, name: &str) -> Option<&str> {
        self.values
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn has(&self, name: &str) -> bool {
        self.switches.iter().any(|s| s == name)
    }
}

fn load(path: &str) -> Result<Scenario, BadInput> {
    let source = match path.strip_prefix("preset:") {
        Some(id) => presets()
            .iter()
            .find(|p| p.id == id)
            .map(|p| p.source.to_string())
            .ok_or_else(|| BadInput(format!("no preset \"{id}\" (see `raftlab-cli presets`)")))?,
        None => std::fs::read_to_string(path)
            .map_err(|e| BadInput(format!("cannot read {path}: {e}")))?,
    };
    Scenario::parse(&source).map_err(|e| BadInput(format!("{path}: {e}")))
}

fn cmd_run(args: &[String]) -> Result<bool, BadInput> {
    let flags = parse_flags(args, &["--seed", "--until"], &["--json"])?;
    let [path] = flags.positional.as_slice() else {
        return Err(BadInput("run takes exactly one FILE".to_string()));
    };
    let until_ms = flags.number("--until")?;
    if let Some(until) = until_ms.filter(|&t| t > MAX_TIME_MS) {
        return Err(BadInput(format!(
            "--until {until} is past the largest simulated time, {}",
            max_time_words()
        )));
    }
    let scenario = load(path)?;
    let options = RunOptions {
        seed: flags.number("--seed")?,
        until_ms,
    };
    let json = flags.has("--json");
    let print_state = |sim: &Simulation| match serde_json::to_string(&sim.state()) {
        Ok(text) => println!("{text}"),
        Err(e) => eprintln!("raftlab-cli: cannot print the state: {e}"),
    };
    let mut on_report = |sim: &Simulation| {
        if json {
            print_state(sim);
        }
    };
    let (sim, outcome) = run_scenario(&scenario, options, &mut on_report)
        .map_err(|e| BadInput(format!("{path}: {e}")))?;
    if json {
        print_state(&sim);
    }
    // With --json, stdout holds only state JSON: the summary goes to stderr.
    let mut out = String::new();
    let title = if scenario.title.is_empty() {
        path.as_str()
    } else {
        &scenario.title
    };
    let seed = options.seed.unwrap_or(scenario.config.seed);
    out += &format!("{title} (seed {seed}, ran to {} ms)\n", outcome.end_ms);
    for note in &outcome.notes {
        out += &format!("  note  {note}\n");
    }
    for r in &outcome.results {
        let tag = match r.status {
            Status::Passed => "PASS",
            Status::Failed => "FAIL",
            Status::Skipped => "SKIP",
        };
        out += &format!(
            "  {tag}  line {}: {}\n        {}\n",
            r.line, r.text, r.reason
        );
    }
    let expects_violation = scenario
        .expectations
        .iter()
        .any(|e| matches!(e.condition, Condition::Violation { .. }));
    let inv = &outcome.invariants;
    if inv.ok {
        out += "  invariants: ok\n";
    } else {
        out += &format!("  invariants: {} violation(s)\n", inv.total);
        for v in &inv.violations {
            out += &format!("    {v}\n");
        }
    }
    out += &format!("  linearizability: {}\n", outcome.linearizability.summary());
    let checkers_ok = inv.ok && outcome.linearizability.verdict != Verdict::NotLinearizable;
    let count = |s: Status| outcome.results.iter().filter(|r| r.status == s).count();
    let passed = outcome.expectations_pass() && (checkers_ok || expects_violation);
    out += &format!(
        "{}: {} passed, {} failed, {} skipped{}\n",
        if passed { "OK" } else { "FAILED" },
        count(Status::Passed),
        count(Status::Failed),
        count(Status::Skipped),
        if !checkers_ok && !expects_violation {
            "; a checker found a violation the scenario did not expect"
        } else {
            ""
        }
    );
    if json {
        eprint!("{out}");
    } else {
        print!("{out}");
    }
    Ok(passed)
}

fn cmd_chaos(args: &[String]) -> Result<bool, BadInput> {
    let flags = parse_flags(
        args,
        &[
            "--seeds",
            "--duration-ms",
            "--nodes",
            "--faults",
            "--first-seed",
            "--threads",
            "--save-failures",
        ],
        &["--membership"],
    )?;
    if let Some(extra) = flags.positional.first() {
        return Err(BadInput(format!("unexpected argument \"{extra}\"")));
    }
    let seeds = flags
        .number("--seeds")?
        .ok_or_else(|| BadInput("chaos needs --seeds N".to_string()))?;
    let duration_ms = flags
        .number("--duration-ms")?
        .ok_or_else(|| BadInput("chaos needs --duration-ms D".to_string()))?;
    if duration_ms > MAX_DURATION_MS {
        return Err(BadInput(format!(
            "--duration-ms must be at most {MAX_DURATION_MS} (one simulated hour), got {duration_ms}"
        )));
    }
    let nodes = flags.number("--nodes")?;
    if let Some(n) = nodes {
        if !(MIN_NODES..=MAX_NODES).contains(&n) {
            return Err(BadInput(format!(
                "--nodes must be in {MIN_NODES}..={MAX_NODES}, got {n}"
            )));
        }
    }
    let first = flags.number("--first-seed")?.unwrap_or(1);
    let threads = match flags.number("--threads")? {
        Some(t) => t,
        None => std::thread::available_parallelism().map_or(1, |n| n.get() as u64),
    }
    .clamp(1, MAX_THREADS);
    let mut faults = Faults::parse(flags.text("--faults").unwrap_or("all"))
        .map_err(|e| BadInput(e.to_string()))?;
    if flags.has("--membership") {
        faults = faults.with(Fault::Membership);
    }
    let plan = Plan {
        duration_ms,
        nodes,
        faults,
    };
    let started = std::time::Instant::now();
    let reports = run_seeds(first, seeds, &plan, threads).map_err(|e| BadInput(e.to_string()))?;
    for r in reports.iter().filter(|r| !r.problems.is_empty()) {
        println!("seed {} FAILED ({}):", r.seed, r.swarm);
        for p in &r.problems {
            println!("  {p}");
        }
        println!("  replay: {}", plan.replay_command(r.seed));
        if let Some(dir) = flags.text("--save-failures") {
            let outcome = chaos_run(r.seed, &plan).map_err(|e| BadInput(e.to_string()))?;
            let path = std::path::Path::new(dir).join(format!("chaos-{}.jsonl", r.seed));
            std::fs::create_dir_all(dir)
                .and_then(|_| std::fs::write(&path, outcome.scenario_jsonl(&plan)))
                .map_err(|e| BadInput(format!("cannot write {}: {e}", path.display())))?;
            println!("  scenario: {}", path.display());
        }
    }
    let sum = SearchSummary::of(&reports);
    let wall = started.elapsed().as_secs_f64();
    println!(
        "chaos: {} seeds ({first}..) x {duration_ms} ms, swarm of faults {faults}: {} events, {} \
         failing seed(s), {} with linearizability unknown (search limit); after the calm, a \
         leader within {} ms and every operation answered within {} ms at worst; {wall:.1} s \
         wall on {threads} thread(s)",
        sum.seeds,
        sum.events,
        sum.failing,
        sum.undecided,
        sum.worst_leader_after_ms,
        sum.worst_settled_after_ms
    );
    Ok(sum.failing == 0)
}

fn cmd_bench(args: &[String]) -> Result<bool, BadInput> {
    if let Some(extra) = args.first() {
        return Err(BadInput(format!(
            "bench takes no arguments, got \"{extra}\""
        )));
    }
    // The wall clock lives here, at the edge: the simulator only receives readings of it.
    let origin = std::time::Instant::now();
    let report = run_workload(&Workload::standard(), &mut || {
        origin.elapsed().as_secs_f64()
    });
    println!("{report}");
    println!(
        "simulated s per wall s: {:.0}; events per s: {:.0}",
        report.sim_s_per_wall_s, report.events_per_wall_s
    );
    Ok(true)
}

fn cmd_presets(args: &[String]) -> Result<bool, BadInput> {
    if let Some(extra) = args.first() {
        return Err(BadInput(format!(
            "presets takes no arguments, got \"{extra}\""
        )));
    }
    for p in presets() {
        let title = Scenario::parse(p.source)
            .map(|s| s.title)
            .unwrap_or_else(|e| format!("(does not parse: {e})"));
        println!("{:32} {title}", p.id);
    }
    Ok(true)
}
