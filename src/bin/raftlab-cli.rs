//! The Raftlab simulation from a terminal: run scenarios, chaos, bench.
//!
//! Exit codes: 0 all good; 1 an expectation failed, a checker found a violation (that the
//! scenario did not expect), or a chaos run failed; 2 bad input (usage, unreadable or malformed
//! file), with the error on stderr.

use std::process::ExitCode;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use raftlab::sim::bench::{run_workload, Workload};
use raftlab::sim::chaos::{
    chaos_run, run_seeds, Fault, Faults, Plan, SearchSummary, MAX_DURATION_MS, MAX_THREADS,
};
use raftlab::sim::checker::linearizability::Verdict;
use raftlab::sim::config::{Quirks, MAX_NODES, MIN_NODES};
use raftlab::sim::horizon::max_time_words;
use raftlab::sim::scenario::lesson::parse_lesson;
use raftlab::sim::scenario::lesson_run::play_through;
use raftlab::sim::scenario::presets::presets;
use raftlab::sim::scenario::ScenarioError;
use raftlab::sim::scenario::{run_scenario, Condition, RunOptions, RunOutcome, Scenario, Status};
use raftlab::sim::trace_file::{json_list, looks_like_trace, Trace};
use raftlab::sim::{SimError, Simulation, MAX_TIME_MS};

const USAGE: &str = "usage:
  raftlab-cli run FILE [--seed N] [--until MS] [--json]
                  [--trace-out TRACE.json [--trace-events]] [--history-out H.json]
      FILE is a text scenario, a .jsonl scenario, a trace file (.json, or any file holding one
      JSON object with a raftlab_trace field: docs/trace-format.md) or preset:NAME (see
      `raftlab-cli presets`). A trace replays to the time it names. The output gives the
      run's trace hash. --trace-out writes the run as a trace file (with its client history;
      --trace-events adds the whole narration), --history-out the client history in
      Porcupine's format
  raftlab-cli chaos --seeds N --duration-ms D [--nodes K] [--faults LIST] [--membership]
                    [--quirks LIST] [--first-seed S] [--threads T] [--save-failures DIR]
                    [--trace-out DIR]
      each seed draws its cluster (3..=9 nodes unless --nodes, PreVote, CheckQuorum, timing,
      batch size, lease reads) and a subset of LIST: crash,partition,cut,loss,dup,reorder,
      spike,timeout,transfer,drift (or all, none; default all). --membership (or membership
      in LIST) adds membership changes, opt-in: add, promote, remove, joint change. --quirks
      runs every seed with these teaching quirks (comma-separated names, docs/scenario-format.md).
      A failing seed is written to DIR/chaos-SEED.jsonl, a scenario `raftlab-cli run` replays
      and judges (--save-failures), and to DIR/chaos-SEED.json, its trace (--trace-out)
  raftlab-cli lesson FILE [--link URL]
      checks a lesson of one's own (docs/lesson-format.md): it parses, in both languages, and
      plays through as a learner pressing Show me at every step would, each step's condition
      reached in time; prints when each step is done. --link prints a link that opens it in
      Learn mode: URL (where Raftlab is served) with the whole lesson after #lesson=
  raftlab-cli bench
  raftlab-cli presets";

/// Bad input: exit code 2. A usage error shows the usage; an error in a file's contents
/// (which names the line or the field) does not.
enum BadInput {
    Usage(String),
    File(String),
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => cmd_run(&args[1..]),
        Some("chaos") => cmd_chaos(&args[1..]),
        Some("bench") => cmd_bench(&args[1..]),
        Some("presets") => cmd_presets(&args[1..]),
        Some("lesson") => cmd_lesson(&args[1..]),
        Some("help" | "--help" | "-h") => {
            println!("{USAGE}");
            Ok(true)
        }
        Some(other) => Err(BadInput::Usage(format!("unknown subcommand \"{other}\""))),
        None => Err(BadInput::Usage("missing subcommand".to_string())),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(BadInput::Usage(message)) => {
            eprintln!("raftlab-cli: {message}");
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
        Err(BadInput::File(message)) => {
            eprintln!("raftlab-cli: {message}");
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
            .map_err(|v| BadInput::Usage(format!("not valid UTF-8: {v:?}")))
    };
    let mut flags = Flags {
        positional: Vec::new(),
        values: Vec::new(),
        switches: Vec::new(),
    };
    let mut parser = lexopt::Parser::from_args(args);
    while let Some(arg) = parser.next().map_err(|e| BadInput::Usage(e.to_string()))? {
        match arg {
            Arg::Long(name) => {
                let name = format!("--{name}");
                if with_value.contains(&name.as_str()) {
                    let value = parser
                        .value()
                        .map_err(|_| BadInput::Usage(format!("{name} needs a value")))?;
                    flags.values.push((name, text(value)?));
                } else if switches.contains(&name.as_str()) {
                    flags.switches.push(name);
                } else {
                    return Err(BadInput::Usage(format!("unknown option {name}")));
                }
            }
            Arg::Short(c) => return Err(BadInput::Usage(format!("unknown option -{c}"))),
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
                .map_err(|_| BadInput::Usage(format!("{name} needs a whole number, got \"{v}\""))),
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
            .ok_or_else(|| {
                BadInput::Usage(format!("no preset \"{id}\" (see `raftlab-cli presets`)"))
            })?,
        None => std::fs::read_to_string(path)
            .map_err(|e| BadInput::Usage(format!("cannot read {path}: {e}")))?,
    };
    if path.ends_with(".json") || looks_like_trace(&source) {
        let trace = Trace::parse(&source).map_err(|e| BadInput::File(format!("{path}: {e}")))?;
        return Ok(trace.to_scenario());
    }
    Scenario::parse(&source).map_err(|e| BadInput::File(format!("{path}: {e}")))
}

fn cmd_run(args: &[String]) -> Result<bool, BadInput> {
    let flags = parse_flags(
        args,
        &["--seed", "--until", "--trace-out", "--history-out"],
        &["--json", "--trace-events"],
    )?;
    let [path] = flags.positional.as_slice() else {
        return Err(BadInput::Usage("run takes exactly one FILE".to_string()));
    };
    let until_ms = flags.number("--until")?;
    if let Some(until) = until_ms.filter(|&t| t > MAX_TIME_MS) {
        return Err(BadInput::Usage(format!(
            "--until {until} is past the largest simulated time, {}",
            max_time_words()
        )));
    }
    if flags.has("--trace-events") && flags.text("--trace-out").is_none() {
        return Err(BadInput::Usage(
            "--trace-events goes with --trace-out FILE".into(),
        ));
    }
    let scenario = load(path)?;
    let options = RunOptions {
        seed: flags.number("--seed")?,
        until_ms,
    };
    let json = flags.has("--json");
    let mut on_report = |sim: &Simulation| {
        if json {
            println!("{}", state_json(sim));
        }
    };
    let (sim, outcome) = run_scenario(&scenario, options, &mut on_report)
        .map_err(|e| BadInput::File(format!("{path}: {e}")))?;
    if json {
        println!("{}", state_json(&sim));
    }
    let title = if scenario.title.is_empty() {
        path.as_str()
    } else {
        &scenario.title
    };
    let (mut out, mut passed) = summary(title, &scenario, &sim, &outcome);
    if let Some(file) = flags.text("--history-out") {
        let operations = sim.history().to_porcupine();
        write_file(file, &json_list(&operations))?;
        out += &format!("  history: {file} ({} operations)\n", operations.len());
    }
    if let Some(file) = flags.text("--trace-out") {
        let trace = Trace {
            title: scenario.title.clone(),
            history: Some(sim.history().to_porcupine()),
            ..Trace::of(&sim)
        };
        passed &= write_trace(file, trace, sim.trace_hash(), flags.has("--trace-events"))?;
        out += &format!("  trace: {file}\n");
    }
    // With --json, stdout holds only state JSON: the summary goes to stderr.
    if json {
        eprint!("{out}");
    } else {
        print!("{out}");
    }
    Ok(passed)
}

/// The state JSON `run --json` prints, with the trace hash so far (`"0x..."`, a string: a
/// JavaScript number would round it).
fn state_json(sim: &Simulation) -> String {
    let mut state = match serde_json::to_value(sim.state()) {
        Ok(state) => state,
        Err(e) => return format!("{{\"error\": \"cannot print the state: {e}\"}}"),
    };
    if let serde_json::Value::Object(fields) = &mut state {
        let hash = format!("{:#018x}", sim.trace_hash());
        fields.insert("trace_hash".into(), hash.into());
    }
    state.to_string()
}

/// What `run` prints after a run, and whether it passed: every expectation held, and the
/// checkers found nothing the scenario did not expect.
fn summary(
    title: &str,
    scenario: &Scenario,
    sim: &Simulation,
    outcome: &RunOutcome,
) -> (String, bool) {
    let mut out = String::new();
    let seed = sim.start_config().seed;
    out += &format!("{title} (seed {seed}, ran to {} ms)\n", outcome.end_ms);
    out += &format!("  trace hash: {:#018x}\n", sim.trace_hash());
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
    (out, passed)
}

fn write_file(path: impl AsRef<std::path::Path>, text: &str) -> Result<(), BadInput> {
    let path = path.as_ref();
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| BadInput::File(format!("cannot write {}: {e}", path.display())))?;
    }
    std::fs::write(path, text)
        .map_err(|e| BadInput::File(format!("cannot write {}: {e}", path.display())))
}

/// Writes `trace` to `path` once a replay of it has reached `hash`, the run's trace hash (with
/// the whole narration as its `events` if asked). A replay that differs is a simulator bug:
/// the file is written all the same, with a warning, and the answer is false.
fn write_trace(
    path: impl AsRef<std::path::Path>,
    mut trace: Trace,
    hash: u64,
    with_events: bool,
) -> Result<bool, BadInput> {
    let bad = |e: SimError| BadInput::File(format!("the trace does not replay: {e}"));
    let replayed = if with_events {
        trace.gather_events().map_err(bad)?.trace_hash()
    } else {
        trace.replay().map_err(bad)?.trace_hash()
    };
    write_file(&path, &trace.to_json())?;
    if replayed != hash {
        eprintln!(
            "raftlab-cli: warning: {} replays to trace hash {replayed:#018x}, not the run's \
             {hash:#018x} (a simulator bug: please report it with the file)",
            path.as_ref().display()
        );
    }
    Ok(replayed == hash)
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
            "--trace-out",
            "--quirks",
        ],
        &["--membership"],
    )?;
    if let Some(extra) = flags.positional.first() {
        return Err(BadInput::Usage(format!("unexpected argument \"{extra}\"")));
    }
    let seeds = flags
        .number("--seeds")?
        .ok_or_else(|| BadInput::Usage("chaos needs --seeds N".to_string()))?;
    let duration_ms = flags
        .number("--duration-ms")?
        .ok_or_else(|| BadInput::Usage("chaos needs --duration-ms D".to_string()))?;
    if duration_ms > MAX_DURATION_MS {
        return Err(BadInput::Usage(format!(
            "--duration-ms must be at most {MAX_DURATION_MS} (one simulated hour), got {duration_ms}"
        )));
    }
    let nodes = flags.number("--nodes")?;
    if let Some(n) = nodes {
        if !(MIN_NODES..=MAX_NODES).contains(&n) {
            return Err(BadInput::Usage(format!(
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
        .map_err(|e| BadInput::Usage(e.to_string()))?;
    if flags.has("--membership") {
        faults = faults.with(Fault::Membership);
    }
    let quirks = Quirks::parse_list(flags.text("--quirks").unwrap_or("none"))
        .map_err(|e| BadInput::Usage(format!("--quirks: {e}")))?;
    let plan = Plan {
        duration_ms,
        nodes,
        faults,
        quirks,
    };
    let started = std::time::Instant::now();
    let reports =
        run_seeds(first, seeds, &plan, threads).map_err(|e| BadInput::Usage(e.to_string()))?;
    for r in reports.iter().filter(|r| !r.problems.is_empty()) {
        println!("seed {} FAILED ({}):", r.seed, r.swarm);
        for p in &r.problems {
            println!("  {p}");
        }
        println!("  replay: {}", plan.replay_command(r.seed));
        let (scenario_dir, trace_dir) = (flags.text("--save-failures"), flags.text("--trace-out"));
        if scenario_dir.is_none() && trace_dir.is_none() {
            continue;
        }
        let outcome = chaos_run(r.seed, &plan).map_err(|e| BadInput::Usage(e.to_string()))?;
        if let Some(dir) = scenario_dir {
            let path = std::path::Path::new(dir).join(format!("chaos-{}.jsonl", r.seed));
            write_file(&path, &outcome.scenario_jsonl(&plan))?;
            println!("  scenario: {}", path.display());
        }
        if let Some(dir) = trace_dir {
            let path = std::path::Path::new(dir).join(format!("chaos-{}.json", r.seed));
            write_trace(&path, outcome.trace(), outcome.trace_hash, false)?;
            println!("  trace: {}", path.display());
        }
    }
    let sum = SearchSummary::of(&reports);
    let wall = started.elapsed().as_secs_f64();
    let quirks = match plan.quirks.list() {
        list if list.is_empty() => String::new(),
        list => format!(" with quirks {list}"),
    };
    println!(
        "chaos: {} seeds ({first}..) x {duration_ms} ms, swarm of faults {faults}{quirks}: {} \
         events, {} failing seed(s), {} with linearizability unknown (search limit); after the \
         calm, a leader within {} ms and every operation answered within {} ms at worst; \
         {wall:.1} s wall on {threads} thread(s)",
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
        return Err(BadInput::Usage(format!(
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

/// How long a lesson's step may take to reach its condition, in simulated ms (as tests/lessons.rs).
const LESSON_PATIENCE_MS: u64 = 20_000;

/// What `encodeURIComponent` leaves as it is: ASCII letters, digits and `-_.!~*'()`.
const URI_COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')');

fn cmd_lesson(args: &[String]) -> Result<bool, BadInput> {
    let flags = parse_flags(args, &["--link"], &[])?;
    let [path] = flags.positional.as_slice() else {
        return Err(BadInput::Usage("lesson takes exactly one FILE".to_string()));
    };
    let text = std::fs::read_to_string(path)
        .map_err(|e| BadInput::File(format!("cannot read {path}: {e}")))?;
    let in_file = |e: ScenarioError| BadInput::File(format!("{path}: {e}"));
    let lesson = parse_lesson(&text).map_err(in_file)?;
    let (outcomes, _) = play_through(&lesson, LESSON_PATIENCE_MS).map_err(in_file)?;
    println!("{path}: {} / {}", lesson.title.en, lesson.title.zh);
    for (n, outcome) in outcomes.iter().enumerate() {
        let answer = outcome
            .answer
            .map_or(String::new(), |s| format!(", answer S{s}"));
        println!("  step {}: done at {} ms{answer}", n + 1, outcome.done_ms);
    }
    println!(
        "plays through: {} steps, each reached with Show me",
        outcomes.len()
    );
    if let Some(url) = flags.text("--link") {
        let url = url.split('#').next().unwrap_or(url);
        println!("{url}#lesson={}", utf8_percent_encode(&text, URI_COMPONENT));
    }
    Ok(true)
}

fn cmd_presets(args: &[String]) -> Result<bool, BadInput> {
    if let Some(extra) = args.first() {
        return Err(BadInput::Usage(format!(
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
