//! The same seed and commands give the same run, bit for bit; tests/wasm_app.rs checks the
//! browser build against the same constant.

mod common;

use common::determinism::{reference_run, EXPECTED_TRACE_HASH};

#[test]
fn the_reference_run_has_the_recorded_trace_hash() {
    let hash = reference_run();
    assert_eq!(hash, reference_run(), "two runs of the same seed differ");
    assert_eq!(
        hash, EXPECTED_TRACE_HASH,
        "the reference run's trace hash is {hash:#x}; if the simulation changed on purpose, \
         set EXPECTED_TRACE_HASH in tests/common/determinism.rs to it"
    );
}
