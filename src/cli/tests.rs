//! The command line's definition: help text everywhere, value lists, closed pipes.

use super::*;
use clap::CommandFactory as _;

/// Every command, flag and argument explains itself in `--help`, and every flag that takes one
/// of a fixed set of values lists them.
#[test]
fn every_command_and_flag_has_help_and_formats_list_their_values() {
    fn walk(command: &clap::Command, path: &str, problems: &mut Vec<String>) {
        for arg in command.get_arguments() {
            let id = arg.get_id().as_str();
            if matches!(id, "help" | "version") {
                continue;
            }
            if arg.get_help().is_none() {
                problems.push(format!("`{path} --{id}` has no help text"));
            }
            if id == "format" && arg.get_possible_values().is_empty() {
                problems.push(format!("`{path} --format` lists no values"));
            }
        }
        for sub in command.get_subcommands() {
            let name = format!("{path} {}", sub.get_name());
            if sub.get_about().is_none() {
                problems.push(format!("`{name}` has no help text"));
            }
            walk(sub, &name, problems);
        }
    }
    let command = Cli::command();
    command.clone().debug_assert();
    let mut problems = Vec::new();
    walk(&command, "rounds", &mut problems);
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn a_closed_pipe_is_recognised_through_context() {
    let error = anyhow::Error::from(std::io::Error::from(std::io::ErrorKind::BrokenPipe))
        .context("failed to write output");
    assert!(is_broken_pipe(&error));
    assert!(!is_broken_pipe(&anyhow::anyhow!("failed to open x")));
}
