//! `yima`: the command line of the platform.

mod code;
mod config;
mod demo;
mod r#gen;
mod import;
mod log;
mod logging;
mod serve;
mod submission;

use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "yima",
    version,
    about = "一码: quality-and-safety traceability of key industrial products"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Start the server: JSON API, resolver, health and metrics.
    Serve(config::ServeArgs),
    /// Work with trace codes: parse them, render labels.
    Code {
        #[command(subcommand)]
        command: code::CodeCommand,
    },
    /// The tamper-evident ledger: its key, and checks of the log, of proofs and of
    /// checkpoints.
    #[command(
        after_help = "Exit status: 0 when what was checked holds; 3 when it does not \
        (the message names the first leaf, tile or file at fault, and why); 1 when it could \
        not be checked (a file unreadable, the store or server unreachable); 2 for a usage \
        error."
    )]
    Log {
        #[command(subcommand)]
        command: log::LogCommand,
    },
    /// Print the OpenAPI document of the JSON API (what the server serves at
    /// /api/v1/openapi.json), for client generators and validators.
    Openapi,
    /// Send flows (a CSV file) or EPCIS events (an EPCIS 2.0 document) to a running server.
    Import(import::ImportArgs),
    /// Generate realistic data at any scale (10³ to 10⁹ unit codes), deterministically: write
    /// it out as files, or load it into a store.
    Gen(r#gen::GenArgs),
    /// Signed submissions: make an enterprise's signing key, check a signed submission.
    Submission {
        #[command(subcommand)]
        command: submission::SubmissionCommand,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<ExitCode> {
    let cli = Cli::parse();
    match cli.command {
        Command::Serve(args) => {
            let settings = config::Settings::load(&args)?;
            logging::init(settings.log_format);
            serve::run(settings, args.demo).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Code { command } => code::run(command).await,
        Command::Log { command } => log::run(command).await,
        Command::Openapi => {
            println!("{}", yima_server::openapi().to_pretty_json()?);
            Ok(ExitCode::SUCCESS)
        }
        Command::Import(args) => import::run(args).await,
        Command::Gen(args) => r#gen::run(args).await,
        Command::Submission { command } => submission::run(command).await,
    }
}
