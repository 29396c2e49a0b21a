//! `yima`: the command line of the platform.

mod config;
mod demo;
mod logging;
mod serve;

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
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Serve(args) => {
            let settings = config::Settings::load(&args)?;
            logging::init(settings.log_format);
            serve::run(settings, args.demo).await
        }
    }
}
