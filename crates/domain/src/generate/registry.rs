//! The registry's records: products (two per producer, with the approval their category's
//! regime asks for and a GTIN), batches (with their inspection certificates) and unit codes,
//! each scheme a unit can be registered in represented.

use chrono::{Days, NaiveDate};
use yima_codes::TraceCode;
use yima_codes::gs1::{ElementString, check_digit};

use super::parties::{Party, PartyKind};
use super::{GenError, Generator, Plan, draw, epoch, record_id};
use crate::batch::{Batch, BatchDraft, InspectionDraft};
use crate::catalogue::{Catalogue, Regime};
use crate::product::{ApprovalDraft, Product, ProductDraft};
use crate::unit::UnitCode;

/// The scheme of a product's unit codes. Products of one producer may differ: a firm codes a
/// line in GS1 and another in Ecode as its customers ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitScheme {
    /// GTIN + serial (AI 21).
    Gs1,
    /// GTIN + third-party serial (AI 235), as a firm whose serials come from another system.
    #[serde(rename = "gs1_235")]
    Gs1ThirdParty,
    /// GB/T 31866 Ecode, version 1.
    Ecode,
    /// A MIIT industrial-internet identifier, `88.{industry}.{enterprise}/{suffix}`.
    Miit,
    /// An object identifier, `urn:oid:1.2.156.…` (156: China's arc).
    Oid,
    /// The serial of a CCC mark label, `ccc-mark:{serial}`.
    CccMark,
}

impl UnitScheme {
    pub const ALL: [Self; 6] = [
        Self::Gs1,
        Self::Gs1ThirdParty,
        Self::Ecode,
        Self::Miit,
        Self::Oid,
        Self::CccMark,
    ];

    /// The scheme of product number `p`: half GS1 with serials, a tenth each of the others
    /// (every one of them among the first ten products, so present at any scale).
    fn of_product(p: u64) -> Self {
        match p % 10 {
            3 => Self::Ecode,
            4 => Self::Miit,
            6 => Self::Oid,
            7 => Self::CccMark,
            9 => Self::Gs1ThirdParty,
            _ => Self::Gs1,
        }
    }

    /// The scheme's name in `units.csv` and the manifest.
    pub fn name(self) -> &'static str {
        match self {
            Self::Gs1 => "gs1",
            Self::Gs1ThirdParty => "gs1_235",
            Self::Ecode => "ecode",
            Self::Miit => "miit",
            Self::Oid => "oid",
            Self::CccMark => "ccc_mark",
        }
    }
}

/// A product of the generation.
#[derive(Debug, Clone)]
pub struct GenProduct {
    pub index: u64,
    /// Its producer's index among the producers.
    pub producer: u64,
    pub scheme: UnitScheme,
    /// Units per case.
    pub case_size: u64,
    pub product: Product,
}

/// A batch of the generation.
#[derive(Debug, Clone)]
pub struct GenBatch {
    pub index: u64,
    /// Its product's index.
    pub product: u64,
    /// How many unit codes it registers.
    pub units: u64,
    pub batch: Batch,
}

/// A unit code of the generation.
#[derive(Debug, Clone)]
pub struct GenUnit {
    /// The code as printed on the unit (what a scanner delivers, and what `units.csv` holds).
    pub printed: String,
    pub unit: UnitCode,
}

/// (category, [(name, model, standard); 2], units per case)
type ProductRow = (
    &'static str,
    [(&'static str, &'static str, &'static str); 2],
    u64,
);

const PRODUCTS: &[ProductRow] = &[
    (
        "wire-cable",
        [
            ("聚氯乙烯绝缘电线", "BV 2.5mm² 450/750V", "GB/T 5023.3-2008"),
            (
                "交联聚乙烯绝缘电力电缆",
                "YJV 4×25mm² 0.6/1kV",
                "GB/T 12706.1-2020",
            ),
        ],
        10,
    ),
    (
        "gas-hose",
        [
            ("燃气用具连接用不锈钢波纹软管", "DN10 1.5m", "CJ/T 197-2010"),
            ("燃气用具连接用不锈钢波纹软管", "DN15 2.0m", "CJ/T 197-2010"),
        ],
        20,
    ),
    (
        "gas-shutoff-valve",
        [
            ("电磁式燃气紧急切断阀", "DN20 常开型", "CJ/T 394-2018"),
            ("电磁式燃气紧急切断阀", "DN25 常开型", "CJ/T 394-2018"),
        ],
        20,
    ),
    (
        "household-gas-cooker",
        [
            ("家用燃气灶具", "JZT-2E01 嵌入式双眼灶", "GB 16410-2020"),
            ("家用燃气灶具", "JZY-2E02 台式双眼灶", "GB 16410-2020"),
        ],
        5,
    ),
    (
        "commercial-gas-appliance",
        [
            ("中餐燃气炒菜灶", "MJZT-1 单头", "GB 35848-2018"),
            ("燃气蒸箱", "ZXT-12 十二门", "GB 35848-2018"),
        ],
        5,
    ),
    (
        "lpg-regulator",
        [
            ("瓶装液化石油气调压器", "JYT-0.6 家用", "GB 35844-2018"),
            ("瓶装液化石油气调压器", "JYT-1.2 商用", "GB 35844-2018"),
        ],
        50,
    ),
    (
        "electric-bicycle",
        [
            ("电动自行车", "TDT-2024A 48V", "GB 17761-2024"),
            ("电动自行车", "TDT-2024B 48V 折叠", "GB 17761-2024"),
        ],
        5,
    ),
    (
        "cold-rolled-ribbed-steel-bar",
        [
            ("冷轧带肋钢筋", "CRB550 Φ8mm 捆", "GB/T 13788-2017"),
            ("冷轧带肋钢筋", "CRB600H Φ10mm 捆", "GB/T 13788-2017"),
        ],
        10,
    ),
];

/// The GS1 company prefix of producer `p` (690–699 is China's range): `69` and five digits.
pub(super) fn company_prefix(p: u64) -> String {
    format!("69{:05}", p % 100_000)
}

/// Two products per producer, in its category.
pub(super) fn products(
    plan: &Plan,
    seed: u64,
    parties: &[Party],
    catalogue: &Catalogue,
) -> Result<Vec<GenProduct>, GenError> {
    let now = epoch();
    let mut out = Vec::new();
    let producers = parties.iter().filter(|p| p.kind == PartyKind::Producer);
    for party in producers {
        let Some(category) = party.category.and_then(|c| catalogue.categories().get(c)) else {
            return Err(GenError::code("producer", "without a category"));
        };
        let row = PRODUCTS.iter().find(|(id, _, _)| *id == category.id);
        let regime =
            category.regimes.last().copied().ok_or_else(|| {
                GenError::code("category", format!("{} has no regime", category.id))
            })?;
        for m in 0..2u64 {
            let index = party.index * 2 + m;
            if index >= plan.products {
                break;
            }
            let (name, model, standard) = match row {
                Some((_, models, _)) => {
                    let (n, m_, s) = models[m as usize];
                    (n.to_owned(), m_.to_owned(), s.to_owned())
                }
                None => (
                    category.name_zh.clone(),
                    format!("{}-{}", category.id.to_ascii_uppercase(), m + 1),
                    "GB/T 1.1-2020".to_owned(),
                ),
            };
            let body = format!("{}{:05}", company_prefix(party.index), 10_001 + m);
            let check = check_digit(&body).map_err(|e| GenError::code("GTIN", e))?;
            let approval = match regime {
                Regime::Ccc => {
                    format!("202401{:04}{:06}", 1_000 + index % 9_000, index % 1_000_000)
                }
                Regime::ProductionLicence => format!(
                    "XK06-{:03}-{:05}",
                    1 + party.category.unwrap_or(0) % 999,
                    party.index % 100_000
                ),
            };
            let mut product = ProductDraft {
                producer: party.enterprise.credit_code.to_string(),
                name,
                model,
                category: category.id.clone(),
                standard,
                gtin: Some(format!("{body}{check}")),
                approval: ApprovalDraft {
                    regime: regime.as_str().to_owned(),
                    number: approval,
                    status: "valid".to_owned(),
                    checked_at: Some(now),
                },
            }
            .validate(Some(&party.enterprise), catalogue, now)
            .map_err(GenError::invalid(format!("product {index}")))?;
            product.id = record_id(seed, 1, index);
            out.push(GenProduct {
                index,
                producer: party.index,
                scheme: UnitScheme::of_product(index),
                case_size: row.map_or(10, |(_, _, size)| *size),
                product,
            });
        }
    }
    Ok(out)
}

/// The first day of production: batches are made through 2025.
fn first_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or(NaiveDate::MIN)
}

/// Batch `b`: its product by turns, its production date spread over the year's first 300
/// days (so its flows, which take under two months, end before the epoch).
pub(super) fn batch(generator: &Generator, b: u64) -> Result<GenBatch, GenError> {
    let plan = &generator.plan;
    let product_index = b % plan.products;
    let product = generator
        .products
        .get(product_index as usize)
        .ok_or_else(|| GenError::code("batch", format!("no product {product_index}")))?;
    let day = b * 300 / plan.batches;
    let produced = first_day() + Days::new(day);
    let units = plan.units_of(b);
    let producer = generator
        .party(PartyKind::Producer, product.producer)
        .ok_or_else(|| GenError::code("batch", "no producer"))?;
    let mut batch = BatchDraft {
        lot: format!("L{}{:07}", produced.format("%y%m%d"), b),
        production_date: Some(produced),
        quantity: units,
        unit_of_measure: None,
        inspection: InspectionDraft {
            certificate_number: format!("JY{}{:08}", produced.format("%Y%m"), b),
            issuer: format!("{}质量检验部", producer.enterprise.name),
            date: Some(produced + Days::new(2)),
            result: "conformant".to_owned(),
            document_sha256: None,
        },
    }
    .validate(&product.product, epoch())
    .map_err(GenError::invalid(format!("batch {b}")))?;
    batch.id = record_id(generator.config.seed, 2, b);
    Ok(GenBatch {
        index: b,
        product: product_index,
        units,
        batch,
    })
}

/// The printed code of unit `u` of batch `b` in `scheme`. Each is unique by construction
/// (the batch and unit numbers are in it, in fixed width where it matters), with a drawn
/// part so serials do not read as a count.
fn printed(
    generator: &Generator,
    product: &GenProduct,
    b: u64,
    u: u64,
) -> Result<String, GenError> {
    let r = draw(generator.config.seed, &[20, b, u]);
    Ok(match product.scheme {
        UnitScheme::Gs1 => {
            let gtin =
                product.product.gtin.as_ref().ok_or_else(|| {
                    GenError::code("unit", "a GS1 unit of a product without GTIN")
                })?;
            // The batch number in hex, then three hex digits of the unit (under 4096 per
            // batch) and five drawn: the unit part's fixed width makes the serial unique.
            format!("(01){gtin}(21){b:X}{u:03X}{:05X}", r & 0xF_FFFF)
        }
        UnitScheme::Gs1ThirdParty => {
            let gtin =
                product.product.gtin.as_ref().ok_or_else(|| {
                    GenError::code("unit", "a GS1 unit of a product without GTIN")
                })?;
            format!("(01){gtin}(235)T{b:X}{u:03X}{:05X}", r & 0xF_FFFF)
        }
        // Arcs without leading zeros: the producer's, the batch's and the unit's numbers.
        UnitScheme::Oid => format!(
            "urn:oid:1.2.156.{}.{}.{}.{}",
            100 + product.producer,
            b + 1,
            u + 1,
            1 + r % 999_999
        ),
        UnitScheme::CccMark => format!("ccc-mark:C{b:X}{u:03X}{:05X}", r & 0xF_FFFF),
        // V1 + NSI 0064 + 20 digits of master data: 25 digits, no GTIN's length.
        UnitScheme::Ecode => format!("10064{b:010}{u:04}{:06}", r % 1_000_000),
        UnitScheme::Miit => {
            let producer = generator
                .party(PartyKind::Producer, product.producer)
                .ok_or_else(|| GenError::code("unit", "no producer"))?;
            format!(
                "88.118.{}/{b:X}-{u:03X}-{:05X}",
                producer.enterprise.credit_code.as_str(),
                r & 0xF_FFFF
            )
        }
    })
}

/// The trace code of a printed GS1 unit code, made from its parts rather than parsed (the
/// parser's path is the other schemes').
fn trace_code(
    generator: &Generator,
    product: &GenProduct,
    text: &str,
) -> Result<TraceCode, GenError> {
    match product.scheme {
        UnitScheme::Gs1 => {
            let (gtin, serial) = text
                .strip_prefix("(01)")
                .and_then(|t| t.split_once("(21)"))
                .ok_or_else(|| GenError::code("unit", text))?;
            ElementString::from_pairs([("01", gtin), ("21", serial)])
                .and_then(TraceCode::from_elements)
                .map_err(|e| GenError::code(format!("unit {text}"), e))
        }
        UnitScheme::Gs1ThirdParty => {
            let (gtin, serial) = text
                .strip_prefix("(01)")
                .and_then(|t| t.split_once("(235)"))
                .ok_or_else(|| GenError::code("unit", text))?;
            ElementString::from_pairs([("01", gtin), ("235", serial)])
                .and_then(TraceCode::from_elements)
                .map_err(|e| GenError::code(format!("unit {text}"), e))
        }
        UnitScheme::Ecode | UnitScheme::Miit | UnitScheme::Oid | UnitScheme::CccMark => generator
            .rules()
            .parse(text)
            .map(|scan| scan.code)
            .map_err(|e| GenError::code(format!("unit {text}"), e)),
    }
}

/// Unit `u` of `batch`.
pub(super) fn unit(generator: &Generator, batch: &GenBatch, u: u64) -> Result<GenUnit, GenError> {
    let product = generator
        .products
        .get(batch.product as usize)
        .ok_or_else(|| GenError::code("unit", "no product"))?;
    let text = printed(generator, product, batch.index, u)?;
    let code = trace_code(generator, product, &text)?;
    let unit = UnitCode::for_batch(&code, &product.product, &batch.batch, epoch())
        .map_err(|e| GenError::code(format!("unit {text}"), e))?;
    Ok(GenUnit {
        printed: text,
        unit,
    })
}

/// The printed code of unit `u` of `batch`, without making its record.
pub(super) fn printed_code(
    generator: &Generator,
    batch: &GenBatch,
    u: u64,
) -> Result<String, GenError> {
    let product = generator
        .products
        .get(batch.product as usize)
        .ok_or_else(|| GenError::code("unit", "no product"))?;
    printed(generator, product, batch.index, u)
}

/// The SSCC of case `j` of batch `b`, as printed: `(00)`, extension digit 0, the producer's
/// company prefix, a nine-digit serial reference (the batch and the case, under 100 per
/// batch), the check digit.
pub(super) fn sscc(producer: u64, b: u64, j: u64) -> Result<String, GenError> {
    let body = format!("0{}{:09}", company_prefix(producer), b * 100 + j);
    let check = check_digit(&body).map_err(|e| GenError::code("SSCC", e))?;
    Ok(format!("(00){body}{check}"))
}
