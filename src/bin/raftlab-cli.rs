//! The Raftlab simulation from a terminal.

fn main() {
    println!("raftlab-cli: not yet implemented");
}
