//! The shape of src/raft and src/sim: no two modules import each other, directly or round a
//! loop, and the world's `impl` lives in world.rs alone (issue 11).
//!
//! Reads the sources: every path that starts with `crate::`, `super::` or `self::` (in `use`
//! trees, braces included, and inline) is resolved to the module it names. An edge between two
//! modules counts between their ancestors that are siblings (sim::checker::live → sim::world is
//! an edge checker → world inside sim); a module naming its own parent or child is no edge.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type ModPath = Vec<String>;

/// Every module file under src/, by module path (`["sim", "checker", "live"]`).
fn modules() -> BTreeMap<ModPath, PathBuf> {
    fn walk(dir: &Path, prefix: &ModPath, out: &mut BTreeMap<ModPath, PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_stem().unwrap().to_string_lossy().to_string();
            if path.is_dir() {
                let mut p = prefix.clone();
                p.push(name);
                walk(&path, &p, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let mut p = prefix.clone();
                if name != "mod" && name != "lib" && name != "main" {
                    p.push(name);
                }
                out.insert(p, path);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(Path::new("src"), &Vec::new(), &mut out);
    out
}

/// The source without comments and string literals (a path in a doc comment is no import).
fn code_only(source: &str) -> String {
    let mut out = String::new();
    for line in source.lines() {
        let line = line.split("//").next().unwrap_or("");
        let mut in_string = false;
        let mut prev = ' ';
        for c in line.chars() {
            if c == '"' && prev != '\\' {
                in_string = !in_string;
            } else if !in_string {
                out.push(c);
            }
            prev = c;
        }
        out.push('\n');
    }
    out
}

/// Every path written in `code` that starts at `crate`, `super` or `self`, with `use` trees
/// expanded (`use super::{a, b::{c, d}}` gives super::a, super::b::c, super::b::d).
fn paths(code: &str) -> Vec<Vec<String>> {
    let tokens = tokenize(code);
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i].as_str();
        let starts = t == "crate" || t == "super" || t == "self";
        let after_colons = i > 0 && tokens[i - 1] == "::";
        if starts && !after_colons && tokens.get(i + 1).is_some_and(|t| t == "::") {
            i = tree(&tokens, i, Vec::new(), &mut out);
        } else {
            i += 1;
        }
    }
    out
}

fn tokenize(code: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let chars: Vec<char> = code.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            tokens.push(chars[start..i].iter().collect());
        } else if c == ':' && chars.get(i + 1) == Some(&':') {
            tokens.push("::".into());
            i += 2;
        } else {
            if !c.is_whitespace() {
                tokens.push(c.to_string());
            }
            i += 1;
        }
    }
    tokens
}

/// Reads one path (or `use` tree) starting at token `i` under `prefix`; returns the next index.
fn tree(tokens: &[String], mut i: usize, prefix: Vec<String>, out: &mut Vec<Vec<String>>) -> usize {
    let mut path = prefix;
    loop {
        match tokens.get(i).map(String::as_str) {
            Some("{") => {
                i += 1;
                loop {
                    if tokens.get(i).is_some_and(|t| t == "}") {
                        return i + 1; // after a trailing comma
                    }
                    i = tree(tokens, i, path.clone(), out);
                    match tokens.get(i).map(String::as_str) {
                        Some(",") => i += 1,
                        Some("}") => return i + 1,
                        _ => return i,
                    }
                }
            }
            Some(t) if t.chars().all(|c| c.is_alphanumeric() || c == '_') => {
                path.push(t.to_string());
                i += 1;
                if tokens.get(i).is_some_and(|t| t == "::") {
                    i += 1;
                    continue;
                }
                out.push(path);
                if tokens.get(i).is_some_and(|t| t == "as") {
                    i += 2; // `as name`
                }
                return i;
            }
            _ => {
                out.push(path);
                return i;
            }
        }
    }
}

/// The module a path names, seen from module `from`: the longest prefix that is a module.
fn resolve(from: &ModPath, path: &[String], known: &BTreeSet<ModPath>) -> Option<ModPath> {
    let mut base: ModPath = from.clone();
    let mut rest = path;
    match rest.first().map(String::as_str) {
        Some("crate") => {
            base.clear();
            rest = &rest[1..];
        }
        Some("self") => rest = &rest[1..],
        _ => {}
    }
    while rest.first().is_some_and(|s| s == "super") {
        base.pop()?;
        rest = &rest[1..];
    }
    let mut best = None;
    let mut candidate = base.clone();
    if known.contains(&candidate) {
        best = Some(candidate.clone());
    }
    for part in rest {
        candidate.push(part.clone());
        if known.contains(&candidate) {
            best = Some(candidate.clone());
        }
    }
    best
}

/// Edges between sibling modules under each parent, from every file's paths.
fn sibling_edges() -> BTreeMap<ModPath, BTreeSet<(String, String)>> {
    let modules = modules();
    let known: BTreeSet<ModPath> = modules.keys().cloned().collect();
    let mut edges: BTreeMap<ModPath, BTreeSet<(String, String)>> = BTreeMap::new();
    for (from, file) in &modules {
        let code = code_only(&std::fs::read_to_string(file).unwrap());
        for path in paths(&code) {
            let Some(to) = resolve(from, &path, &known) else {
                continue;
            };
            let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
            if common >= from.len() || common >= to.len() {
                continue; // a module and its own ancestor or descendant
            }
            let parent = from[..common].to_vec();
            let edge = (from[common].clone(), to[common].clone());
            edges.entry(parent).or_default().insert(edge);
        }
    }
    edges
}

/// A loop in a directed graph, if there is one (as the list of its nodes).
fn find_cycle(edges: &BTreeSet<(String, String)>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        edges: &BTreeSet<(String, String)>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = stack.iter().position(|n| n == node) {
            let mut cycle = stack[at..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        stack.push(node.to_string());
        for (_, to) in edges.iter().filter(|(f, _)| f == node) {
            if let Some(cycle) = visit(to, edges, stack, done) {
                return Some(cycle);
            }
        }
        stack.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for (from, _) in edges {
        if let Some(cycle) = visit(from, edges, &mut Vec::new(), &mut done) {
            return Some(cycle);
        }
    }
    None
}

#[test]
fn no_two_modules_of_the_core_or_the_simulator_import_each_other() {
    let edges = sibling_edges();
    let mut checked = 0;
    for (parent, edges) in &edges {
        if parent.first().is_some_and(|p| p == "raft" || p == "sim") {
            checked += 1;
            if let Some(cycle) = find_cycle(edges) {
                panic!(
                    "modules under {} import each other: {}",
                    parent.join("::"),
                    cycle.join(" -> ")
                );
            }
        }
    }
    assert!(
        checked >= 3,
        "the graph of src/raft and src/sim was not read"
    );
}

#[test]
fn the_checker_finds_a_loop() {
    let edges: BTreeSet<(String, String)> = [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(
        find_cycle(&edges).unwrap(),
        ["a", "b", "c", "a"].map(String::from)
    );
    let code = code_only("use super::{world::{World as W, Due,}, clients}; // super::x::y\n");
    let found = paths(&code);
    assert_eq!(found.len(), 3, "{found:?}");
    assert_eq!(found[2], ["super", "clients"].map(String::from));
    assert_eq!(found[0], ["super", "world", "World"].map(String::from));
}

#[test]
fn the_world_is_implemented_in_world_rs_alone() {
    let mut elsewhere = Vec::new();
    for (module, file) in modules() {
        let code = code_only(&std::fs::read_to_string(&file).unwrap());
        let tokens = tokenize(&code);
        let implements_world = tokens.windows(2).any(|w| w[0] == "impl" && w[1] == "World");
        if implements_world && module != ["sim", "world"] {
            elsewhere.push(file.display().to_string());
        }
    }
    assert!(
        elsewhere.is_empty(),
        "impl World outside world.rs: {elsewhere:?}"
    );
}
