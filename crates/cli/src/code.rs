//! `yima code …`: codes at the command line, with no server and no store.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use yima_codes::CodeRules;
use yima_codes::platform::PlatformCode;
use yima_server::issuing::{self, CodeForm, IssueError};
use yima_server::keys::ensure_issuing_keys;
use yima_store::StoreError;

use crate::config::{RulesArgs, Settings, StoreArgs, code_rules};
use crate::serve::store_config;
use yima_codes::label::sheet::{SheetLayout, sheet_pdf, sheet_svg};
use yima_codes::label::{Label, LabelStyle, SymbolChoice, label_for};
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
        #[command(flatten)]
        rules: RulesArgs,
    },
    /// Issue platform codes (数字身份码) to a registered batch and write them out. One record
    /// is stored, not a row per code; the codes count against the batch's quantity.
    Issue {
        #[command(flatten)]
        store: StoreArgs,
        /// The batch's id.
        #[arg(long)]
        batch: uuid::Uuid,
        /// How many codes (at most 16,777,216 per issuance).
        #[arg(long)]
        count: u64,
        #[arg(long, value_enum, default_value_t = IssueFormat::Printed)]
        format: IssueFormat,
        /// Where to write; standard output when absent.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Render labels: one code as an SVG or PNG image, or many (a batch's) as a printable
    /// sheet of A4 pages, PDF or SVG.
    Label {
        /// The codes, as `parse` takes them.
        codes: Vec<String>,
        /// Read codes from this file instead, one per line (`-` for standard input).
        #[arg(long, conflicts_with = "codes")]
        from: Option<PathBuf>,
        /// The symbol: `auto` (GS1 DataMatrix for GS1 codes, QR otherwise), `qr` or
        /// `datamatrix`.
        #[arg(long, value_enum, default_value_t = Symbol::Auto)]
        symbol: Symbol,
        /// `svg` or `png` for one label; `pdf` or `svg` (one file per page) for a sheet.
        #[arg(long, value_enum)]
        format: Format,
        /// Where to write; standard output when absent (one file only). SVG sheet pages are
        /// written next to it as `<stem>-<page>.svg`.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Pixels per module of a single label.
        #[arg(long, default_value_t = 4)]
        module_px: u32,
        #[command(flatten)]
        rules: RulesArgs,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum IssueFormat {
    /// One printed code per line, grouped with hyphens.
    Printed,
    /// One canonical code per line.
    Canonical,
    /// `key_id,issuance,index,code` with a header line.
    Csv,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Symbol {
    Auto,
    Qr,
    Datamatrix,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Svg,
    Png,
    Pdf,
}

pub async fn run(command: CodeCommand) -> anyhow::Result<ExitCode> {
    match command {
        CodeCommand::Issue {
            store,
            batch,
            count,
            format,
            out,
        } => issue(&store, batch, count, format, out.as_deref()).await,
        CodeCommand::Parse { input, json, rules } => parse(&input, json, &load_rules(&rules)?),
        CodeCommand::Label {
            codes,
            from,
            symbol,
            format,
            out,
            module_px,
            rules,
        } => label(
            codes,
            from.as_deref(),
            symbol,
            format,
            out.as_deref(),
            module_px,
            &load_rules(&rules)?,
        ),
    }
}

/// Codes given on the command line or read from a file, numbered for error messages.
fn inputs(codes: Vec<String>, from: Option<&Path>) -> anyhow::Result<Vec<(String, String)>> {
    let Some(path) = from else {
        return Ok(codes
            .into_iter()
            .enumerate()
            .map(|(i, c)| (format!("argument {}", i + 1), c))
            .collect());
    };
    let reader: Box<dyn BufRead> = if path == Path::new("-") {
        Box::new(std::io::stdin().lock())
    } else {
        let file =
            std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
        Box::new(std::io::BufReader::new(file))
    };
    let mut out = Vec::new();
    for (i, line) in reader.lines().enumerate() {
        let line = line.with_context(|| format!("cannot read {}", path.display()))?;
        if !line.trim().is_empty() {
            out.push((format!("line {}", i + 1), line));
        }
    }
    Ok(out)
}

fn write_out(out: Option<&Path>, bytes: &[u8]) -> anyhow::Result<()> {
    match out {
        Some(path) => {
            std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))
        }
        None => Ok(std::io::stdout().lock().write_all(bytes)?),
    }
}

fn label(
    codes: Vec<String>,
    from: Option<&Path>,
    symbol: Symbol,
    format: Format,
    out: Option<&Path>,
    module_px: u32,
    rules: &CodeRules,
) -> anyhow::Result<ExitCode> {
    let choice = match symbol {
        Symbol::Auto => SymbolChoice::Auto,
        Symbol::Qr => SymbolChoice::Qr,
        Symbol::Datamatrix => SymbolChoice::DataMatrix,
    };
    let inputs = inputs(codes, from)?;
    let mut labels: Vec<Label> = Vec::with_capacity(inputs.len());
    for (place, input) in &inputs {
        let made = rules
            .parse(input)
            .map_err(|e| e.to_string())
            .and_then(|scan| label_for(&scan.code, choice).map_err(|e| e.to_string()));
        match made {
            Ok(label) => labels.push(label),
            Err(problem) => {
                eprintln!("invalid code ({place}): {problem}");
                return Ok(ExitCode::from(INVALID_INPUT));
            }
        }
    }
    match (labels.as_slice(), format) {
        ([], _) => anyhow::bail!("no codes given"),
        ([one], Format::Svg) => {
            write_out(
                out,
                one.to_svg(&LabelStyle::new(module_px, module_px * 4)?)
                    .as_bytes(),
            )?;
        }
        ([one], Format::Png) => {
            write_out(
                out,
                &one.to_png(&LabelStyle::new(module_px, module_px * 4)?)?,
            )?;
        }
        (_, Format::Png) => {
            anyhow::bail!("PNG holds one label; use --format pdf or svg for a sheet")
        }
        (many, Format::Pdf) => write_out(out, &sheet_pdf(many, &SheetLayout::default())?)?,
        (many, Format::Svg) => {
            let pages = sheet_svg(many, &SheetLayout::default())?;
            let out = out.context("an SVG sheet is written as one file per page: give --out")?;
            let stem = out.with_extension("");
            for (n, page) in pages.iter().enumerate() {
                let path = PathBuf::from(format!("{}-{}.svg", stem.display(), n + 1));
                std::fs::write(&path, page)
                    .with_context(|| format!("cannot write {}", path.display()))?;
            }
            eprintln!(
                "{} labels on {} pages: {}-1.svg …",
                many.len(),
                pages.len(),
                stem.display()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn load_rules(args: &RulesArgs) -> anyhow::Result<CodeRules> {
    code_rules(args.schemes.as_deref(), args.ecode_table.as_deref())
}

fn parse(input: &str, json: bool, rules: &CodeRules) -> anyhow::Result<ExitCode> {
    let scan = match rules.parse(input) {
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

/// Codes written per step: a progress tick and one buffered write each.
const ISSUE_CHUNK: u64 = 65_536;

async fn issue(
    args: &StoreArgs,
    batch_id: uuid::Uuid,
    count: u64,
    format: IssueFormat,
    out: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    let settings = Settings::load_store(args)?;
    let store = yima_store::open(&store_config(&settings))
        .await
        .context("cannot open the store")?;
    let keys = ensure_issuing_keys(store.as_ref(), &settings.data_dir).await?;
    let Some(batch) = store.batch(batch_id).await? else {
        eprintln!("invalid batch: no batch {batch_id} is registered");
        return Ok(ExitCode::from(INVALID_INPUT));
    };
    let key = keys.current();
    let issuance =
        match issuing::issue(store.as_ref(), key, &batch, count, chrono::Utc::now()).await {
            Ok((issuance, _leaf)) => issuance,
            Err(IssueError::Invalid(problem)) => {
                eprintln!("invalid count: {problem}");
                return Ok(ExitCode::from(INVALID_INPUT));
            }
            Err(IssueError::Store(e @ StoreError::QuantityExceeded { .. })) => {
                eprintln!("invalid count: {e}");
                return Ok(ExitCode::from(INVALID_INPUT));
            }
            Err(e) => return Err(e.into()),
        };
    let mut writer: Box<dyn Write> = match out {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path)
                .with_context(|| format!("cannot write {}", path.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    let bar = ProgressBar::new(count).with_message(format!(
        "issuance {} of key {} to batch {:?}",
        issuance.number, issuance.key_id, batch.lot
    ));
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} codes ({per_sec}, {eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    if format == IssueFormat::Csv {
        writeln!(writer, "key_id,issuance,index,code")?;
    }
    let mut text = String::with_capacity(ISSUE_CHUNK as usize * 40);
    let mut start = 0;
    while start < count {
        let end = (start + ISSUE_CHUNK).min(count);
        text.clear();
        match format {
            IssueFormat::Printed | IssueFormat::Canonical => {
                let form = if format == IssueFormat::Printed {
                    CodeForm::Printed
                } else {
                    CodeForm::Canonical
                };
                issuing::write_codes(key, issuance.number, start..end, form, &mut text)?;
            }
            IssueFormat::Csv => {
                for code in PlatformCode::issue_range(key, issuance.number, start..end)? {
                    use std::fmt::Write as _;
                    let _ = writeln!(
                        text,
                        "{},{},{},{}",
                        code.key_id(),
                        code.issuance(),
                        code.index(),
                        code.canonical()
                    );
                }
            }
        }
        writer.write_all(text.as_bytes())?;
        bar.inc(end - start);
        start = end;
    }
    writer.flush()?;
    bar.finish_and_clear();
    eprintln!(
        "issued {count} codes: issuance {} of key {}, batch {batch_id} ({:?})",
        issuance.number, issuance.key_id, batch.lot
    );
    Ok(ExitCode::SUCCESS)
}
