//! Outside bodies and uploads capped.
