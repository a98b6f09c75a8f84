//! The `rounds` binary: parse the command line, load configuration, start logging, hand over.

use clap::Parser;
use rounds::cli::{self, Cli};
use rounds::config::Settings;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let settings = match Settings::load(&cli.config) {
        Ok(settings) => settings,
        Err(error) => {
            eprintln!("rounds: {error}");
            return ExitCode::from(2);
        }
    };
    rounds::telemetry::init(&settings.log);
    // The operator's data (`[lexicons] dir`) is checked before any command runs.
    if let Err(error) = rounds::lexicons::install(&settings.lexicons) {
        eprintln!("rounds: {error}");
        return ExitCode::from(2);
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("rounds: failed to start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(cli::execute(cli.command, settings)) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("rounds: {error:#}");
            ExitCode::FAILURE
        }
    }
}
