//! Ingestion tests: each source adapter against a fake of its service on 127.0.0.1, replaying
//! hand-written fixtures in the real shapes, including the faults.

mod sink;
