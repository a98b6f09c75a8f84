//! Secrets never in logs or errors: see the test below.
