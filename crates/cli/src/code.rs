//! `yima code …`: codes at the command line, with no server and no store.

use std::process::ExitCode;

use clap::Subcommand;
use yima_codes::Scan;
use yima_server::wire::codes::ParsedCode;

/// The exit status for input that is not a valid code (distinct from 1, a failure of yima).
const INVALID_INPUT: u8 = 2;

#[derive(Subcommand)]
pub enum CodeCommand {
    /// Parse a code as a scanner or a person delivers it, and show what it is.
    Parse {
        /// The code: an element string (bracketed, or GS-separated after a symbology
        /// identifier such as ]d2), a GS1 Digital Link URI, or bare GTIN digits.
        input: String,
        /// Print one JSON object instead of lines of text.
        #[arg(long)]
        json: bool,
    },
}

pub fn run(command: CodeCommand) -> anyhow::Result<ExitCode> {
    match command {
        CodeCommand::Parse { input, json } => parse(&input, json),
    }
}

fn parse(input: &str, json: bool) -> anyhow::Result<ExitCode> {
    let scan = match Scan::parse(input) {
        Ok(scan) => scan,
        Err(e) => {
            eprintln!("invalid code: {e}");
            return Ok(ExitCode::from(INVALID_INPUT));
        }
    };
    let parsed = ParsedCode::from(&scan);
    if json {
        println!("{}", serde_json::to_string(&parsed)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!("scheme          {}", parsed.scheme);
    println!("canonical       {}", parsed.canonical);
    println!(
        "level           {}",
        serde_json::to_value(parsed.level)?.as_str().unwrap_or("?")
    );
    if let Some(symbology) = parsed.symbology {
        println!("symbology       {symbology}");
    }
    if let Some(element_string) = &parsed.element_string {
        println!("element string  {element_string}");
    }
    if let Some(digital_link) = &parsed.digital_link {
        println!("digital link    {digital_link}");
    }
    for element in &parsed.ai {
        let title = yima_codes::gs1::lookup_ai(&element.ai).map_or("", |spec| spec.title);
        println!("  ({}) {:<20} {}", element.ai, element.value, title);
    }
    Ok(ExitCode::SUCCESS)
}
