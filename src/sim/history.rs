//! The client history: every operation with its invoke and completion times.
