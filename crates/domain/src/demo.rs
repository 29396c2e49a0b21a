//! A realistic, deterministic demo dataset: producers in every category of the first list,
//! distributors and shops in several provinces, products, batches with certificates, unit codes.
//!
//! Everything is derived from fixed tables and a fixed seed, so two runs give the same codes;
//! only record ids and registration times differ. Every record passes the same validation as
//! a client's would.

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;
use yima_codes::TraceCode;
use yima_codes::enterprise::{CreditCode, OrganisationCode};
use yima_codes::gs1::{ElementString, check_digit};

use crate::batch::{Batch, BatchDraft, InspectionDraft};
use crate::catalogue::{Catalogue, Regime};
use crate::enterprise::{Enterprise, EnterpriseDraft};
use crate::product::{ApprovalDraft, Product, ProductDraft};
use crate::unit::UnitCode;
use crate::validation::{FieldError, Invalid};

/// How many unit codes each demo batch registers.
pub const UNITS_PER_BATCH: u64 = 200;
/// How many platform codes (数字身份码) the demo issues to its one batch without codes of its own.
pub const PLATFORM_CODES: u64 = 500;
/// How many batches each demo product has.
const BATCHES_PER_PRODUCT: usize = 3;

/// (category, name, region, address, [(product name, model, standard)])
type ProducerRow = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    [(&'static str, &'static str, &'static str); 2],
);

const PRODUCERS: &[ProducerRow] = &[
    (
        "wire-cable",
        "闽江电线电缆有限公司",
        "350104",
        "福建省福州市仓山区建新镇金山工业区12号",
        [
            ("聚氯乙烯绝缘电线", "BV 2.5mm² 450/750V", "GB/T 5023.3-2008"),
            (
                "聚氯乙烯护套软电缆",
                "RVV 3×1.5mm² 300/500V",
                "GB/T 5023.5-2008",
            ),
        ],
    ),
    (
        "wire-cable",
        "荆楚线缆股份有限公司",
        "420112",
        "湖北省武汉市东西湖区走马岭工业园8号",
        [
            (
                "交联聚乙烯绝缘电力电缆",
                "YJV 4×25mm² 0.6/1kV",
                "GB/T 12706.1-2020",
            ),
            (
                "铜芯聚氯乙烯绝缘电线",
                "BV 4mm² 450/750V",
                "GB/T 5023.3-2008",
            ),
        ],
    ),
    (
        "gas-hose",
        "申城燃气软管有限公司",
        "310115",
        "上海市浦东新区川沙路5500号",
        [
            ("燃气用具连接用不锈钢波纹软管", "DN10 1.5m", "CJ/T 197-2010"),
            ("燃气用具连接用不锈钢波纹软管", "DN15 2.0m", "CJ/T 197-2010"),
        ],
    ),
    (
        "gas-shutoff-valve",
        "宁波安阀燃气设备有限公司",
        "330212",
        "浙江省宁波市鄞州区投资创业中心启航南路66号",
        [
            ("电磁式燃气紧急切断阀", "DN20 常开型", "CJ/T 394-2018"),
            ("电磁式燃气紧急切断阀", "DN25 常开型", "CJ/T 394-2018"),
        ],
    ),
    (
        "household-gas-cooker",
        "顺德华焰厨具有限公司",
        "440606",
        "广东省佛山市顺德区容桂街道华口工业区3号",
        [
            ("家用燃气灶具", "JZT-2E01 嵌入式双眼灶", "GB 16410-2020"),
            ("家用燃气灶具", "JZY-2E02 台式双眼灶", "GB 16410-2020"),
        ],
    ),
    (
        "commercial-gas-appliance",
        "鲁中商用炉具有限公司",
        "370112",
        "山东省济南市历城区工业北路2000号",
        [
            ("中餐燃气炒菜灶", "MJZT-1 单头", "GB 35848-2018"),
            ("燃气蒸箱", "ZXT-12 十二门", "GB 35848-2018"),
        ],
    ),
    (
        "lpg-regulator",
        "苏南调压器制造有限公司",
        "320214",
        "江苏省无锡市新吴区长江路21号",
        [
            ("瓶装液化石油气调压器", "JYT-0.6 家用", "GB 35844-2018"),
            ("瓶装液化石油气调压器", "JYT-1.2 商用", "GB 35844-2018"),
        ],
    ),
    (
        "electric-bicycle",
        "天津绿驰电动车有限公司",
        "120116",
        "天津市滨海新区中塘工业区电车路9号",
        [
            ("电动自行车", "TDT-2024A 48V", "GB 17761-2024"),
            ("电动自行车", "TDT-2024B 48V 折叠", "GB 17761-2024"),
        ],
    ),
    (
        "electric-bicycle",
        "台州速达电动车有限公司",
        "331003",
        "浙江省台州市黄岩区北城街道横街路88号",
        [
            ("电动自行车", "SD-350 48V", "GB 17761-2024"),
            ("电动自行车", "SD-500 60V", "GB 17761-2024"),
        ],
    ),
    (
        "cold-rolled-ribbed-steel-bar",
        "邯郸冀南钢筋制品有限公司",
        "130402",
        "河北省邯郸市邯山区光明南大街168号",
        [
            ("冷轧带肋钢筋", "CRB550 Φ8mm 捆", "GB/T 13788-2017"),
            ("冷轧带肋钢筋", "CRB600H Φ10mm 捆", "GB/T 13788-2017"),
        ],
    ),
];

/// (name, region, address): distributors and shops.
const SELLERS: &[(&str, &str, &str)] = &[
    (
        "华南建材批发有限公司",
        "440106",
        "广东省广州市天河区黄埔大道西668号",
    ),
    (
        "江城五金机电经销部",
        "420106",
        "湖北省武汉市武昌区中山路318号",
    ),
    (
        "蓉城电动车销售有限公司",
        "510104",
        "四川省成都市锦江区东大街下东大街段99号",
    ),
    ("浦东燃气具专卖店", "310115", "上海市浦东新区张杨路1500号"),
    (
        "西湖家居建材超市",
        "330106",
        "浙江省杭州市西湖区文二西路200号",
    ),
    ("泉城五金商行", "370102", "山东省济南市历下区泉城路156号"),
];

/// The demo records, in the order they must be stored.
#[derive(Debug, Clone)]
pub struct DemoDataset {
    pub enterprises: Vec<Enterprise>,
    pub products: Vec<Product>,
    pub batches: Vec<Batch>,
    pub units: Vec<UnitCode>,
    /// The index in `batches` of the batch that carries no codes of its own: the platform
    /// issues it `PLATFORM_CODES` codes, as it would for a producer without a code system.
    pub platform_batch: usize,
}

impl DemoDataset {
    /// The key of the last unit code the demo registers: present in a store only once the
    /// whole demo is loaded.
    pub fn completion_marker(&self) -> Option<&str> {
        self.units.last().map(|u| u.key.as_str())
    }

    /// A few codes to scan, in the forms scanners deliver them: a bracketed element string, a
    /// GS-separated one with a symbology identifier, a Digital Link, and a lot-level code.
    pub fn sample_scans(&self) -> Vec<String> {
        let mut out = Vec::new();
        let step = (self.units.len() / 4).max(1);
        let gs1_units = self
            .units
            .iter()
            .step_by(step)
            .filter_map(|u| Some((u, u.gtin.as_ref()?, u.serial.as_ref()?)));
        for (i, (unit, gtin, serial)) in gs1_units.take(4).enumerate() {
            let lot = self
                .batches
                .iter()
                .find(|b| b.id == unit.batch_id)
                .map(|b| b.lot.clone())
                .unwrap_or_default();
            out.push(match i {
                0 => format!("(01){gtin}(21){serial}"),
                1 => format!("]d201{gtin}10{lot}\u{1d}21{serial}"),
                2 => format!("https://id.gs1.org/01/{gtin}/21/{serial}"),
                _ => format!("(01){gtin}(10){lot}"),
            });
        }
        out
    }
}

fn demo_error(field: &str, problem: String) -> Invalid {
    Invalid {
        errors: vec![FieldError {
            field: field.to_owned(),
            problem,
        }],
    }
}

/// SplitMix64: a fixed, well-mixed sequence, so serials look random but never change.
pub(crate) fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A fixed record id for demo record `(kind, a, b, c)`: a UUIDv8 (custom layout) built from
/// the same mixing as the serials, so every run gives the same ids and a load that was cut
/// short can be resumed record by record.
fn demo_id(kind: u64, a: usize, b: usize, c: usize) -> Uuid {
    let seed = (kind << 48) | ((a as u64) << 32) | ((b as u64) << 16) | c as u64;
    let high = mix(seed).to_be_bytes();
    let low = mix(!seed).to_be_bytes();
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&high);
    bytes[8..].copy_from_slice(&low);
    Uuid::new_v8(bytes)
}

/// Appends the check character that makes `body` valid for `parse`, trying each candidate.
pub(crate) fn with_check<T, E>(
    body: &str,
    candidates: &str,
    parse: impl Fn(&str) -> Result<T, E>,
) -> Option<String> {
    candidates
        .chars()
        .map(|c| format!("{body}{c}"))
        .find(|s| parse(s).is_ok())
}

/// A valid credit code for demo enterprise `n` registered in `region`.
fn credit_code(n: usize, region: &str) -> Result<String, Invalid> {
    let org_body = format!("MA{:06}", mix(n as u64) % 1_000_000);
    let org = with_check(&org_body, "0123456789X", OrganisationCode::parse).ok_or_else(|| {
        demo_error(
            "credit_code",
            format!("no organisation code for {org_body}"),
        )
    })?;
    let body = format!("91{region}{org}");
    with_check(&body, "0123456789ABCDEFGHJKLMNPQRTUWXY", CreditCode::parse)
        .ok_or_else(|| demo_error("credit_code", format!("no credit code for {body}")))
}

fn date(y: i32, m: u32, d: u32) -> Result<NaiveDate, Invalid> {
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| demo_error("date", format!("{y}-{m}-{d}")))
}

/// Builds the demo dataset against `catalogue` (every producer's category must be in it).
pub fn dataset(catalogue: &Catalogue, now: DateTime<Utc>) -> Result<DemoDataset, Invalid> {
    let mut enterprises = Vec::new();
    let mut products = Vec::new();
    let mut batches = Vec::new();
    let mut units = Vec::new();

    for (p, (category, name, region, address, models)) in PRODUCERS.iter().enumerate() {
        let producer = EnterpriseDraft {
            credit_code: credit_code(p, region)?,
            name: (*name).to_owned(),
            address: (*address).to_owned(),
            region: (*region).to_owned(),
            roles: vec!["producer".into(), "seller".into()],
        }
        .validate(now)?;
        let regime = catalogue
            .get(category)
            .and_then(|c| c.regimes.last().copied())
            .ok_or_else(|| demo_error("category", format!("{category} is not in the catalogue")))?;
        for (m, (product_name, model, standard)) in models.iter().enumerate() {
            let gtin_body = format!("6901{:03}{:05}", p + 100, m + 1);
            let check = check_digit(&gtin_body).map_err(|e| demo_error("gtin", e.to_string()))?;
            let approval_number = match regime {
                Regime::Ccc => format!("20230{}{:04}{:06}", 1, 1100 + p, 10_000 + p * 10 + m),
                Regime::ProductionLicence => format!("XK06-{:03}-{:05}", 1 + m, 10_000 + p),
            };
            let mut product = ProductDraft {
                producer: producer.credit_code.to_string(),
                name: (*product_name).to_owned(),
                model: (*model).to_owned(),
                category: (*category).to_owned(),
                standard: (*standard).to_owned(),
                gtin: Some(format!("{gtin_body}{check}")),
                approval: ApprovalDraft {
                    regime: regime.as_str().to_owned(),
                    number: approval_number,
                    status: "valid".to_owned(),
                    checked_at: Some(now),
                },
            }
            .validate(Some(&producer), catalogue, now)?;
            product.id = demo_id(1, p, m, 0);
            for b in 0..BATCHES_PER_PRODUCT {
                let month = 1 + ((p * 2 + m * 3 + b * 4) % 12) as u32;
                let produced = date(2025, month, 1 + (b as u32 * 9))?;
                let mut batch = BatchDraft {
                    lot: format!("L25{month:02}{:02}{}", p + 1, (b'A' + b as u8) as char),
                    production_date: Some(produced),
                    quantity: UNITS_PER_BATCH,
                    unit_of_measure: None,
                    inspection: InspectionDraft {
                        certificate_number: format!(
                            "JY2025{:02}{:04}",
                            month,
                            p * 100 + m * 10 + b
                        ),
                        issuer: format!("{name}质量检验部"),
                        date: Some(produced + chrono::Days::new(2)),
                        result: "conformant".to_owned(),
                        document_sha256: None,
                    },
                }
                .validate(&product, now)?;
                batch.id = demo_id(2, p, m, b);
                for u in 0..UNITS_PER_BATCH {
                    let seed = ((p as u64) << 40) | ((m as u64) << 32) | ((b as u64) << 24) | u;
                    let serial = format!("{:016X}", mix(seed));
                    let Some(gtin) = product.gtin.clone() else {
                        return Err(demo_error("gtin", "demo product without GTIN".into()));
                    };
                    let code = ElementString::from_pairs([("01", gtin.as_str()), ("21", &serial)])
                        .and_then(TraceCode::from_elements)
                        .map_err(|e| demo_error("serial", e.to_string()))?;
                    units.push(
                        UnitCode::for_batch(&code, &product, &batch, now)
                            .map_err(|e| demo_error("code", e))?,
                    );
                }
                batches.push(batch);
            }
            products.push(product);
        }
        enterprises.push(producer);
    }
    // A batch of electric bicycles from a producer without a code system. It goes first, so
    // that the last unit code (the completion marker) is still the last record stored.
    let bicycle = products
        .iter()
        .find(|p| p.category == "electric-bicycle")
        .ok_or_else(|| demo_error("category", "no electric bicycle in the demo".into()))?;
    let produced = date(2025, 10, 8)?;
    let mut platform = BatchDraft {
        lot: "L251008YM".to_owned(),
        production_date: Some(produced),
        quantity: PLATFORM_CODES,
        unit_of_measure: None,
        inspection: InspectionDraft {
            certificate_number: "JY2025100800".to_owned(),
            issuer: "国家电动自行车产品质量检验检测中心".to_owned(),
            date: Some(produced + chrono::Days::new(3)),
            result: "conformant".to_owned(),
            document_sha256: None,
        },
    }
    .validate(bicycle, now)?;
    platform.id = demo_id(3, 0, 0, 0);
    batches.insert(0, platform);
    for (s, (name, region, address)) in SELLERS.iter().enumerate() {
        enterprises.push(
            EnterpriseDraft {
                credit_code: credit_code(PRODUCERS.len() + s, region)?,
                name: (*name).to_owned(),
                address: (*address).to_owned(),
                region: (*region).to_owned(),
                roles: vec!["seller".into()],
            }
            .validate(now)?,
        );
    }
    Ok(DemoDataset {
        enterprises,
        products,
        batches,
        units,
        platform_batch: 0,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn demo_covers_every_category_and_is_deterministic() {
        let catalogue = Catalogue::builtin().unwrap();
        let a = dataset(&catalogue, Utc::now()).unwrap();
        let b = dataset(&catalogue, Utc::now()).unwrap();
        let covered: HashSet<_> = a.products.iter().map(|p| p.category.as_str()).collect();
        for c in catalogue.categories() {
            assert!(
                covered.contains(c.id.as_str()),
                "no demo product in {}",
                c.id
            );
        }
        let keys: Vec<_> = a.units.iter().map(|u| &u.key).collect();
        let ids = |d: &DemoDataset| -> Vec<Uuid> {
            d.products
                .iter()
                .map(|p| p.id)
                .chain(d.batches.iter().map(|b| b.id))
                .collect()
        };
        assert_eq!(ids(&a), ids(&b));
        assert_eq!(keys, b.units.iter().map(|u| &u.key).collect::<Vec<_>>());
        assert_eq!(
            keys.iter().collect::<HashSet<_>>().len(),
            keys.len(),
            "duplicate serials"
        );
        assert!(a.enterprises.iter().filter(|e| !e.roles.producer).count() >= 6);
        let provinces: HashSet<_> = a.enterprises.iter().map(|e| e.region.province()).collect();
        assert!(provinces.len() >= 8);
    }

    #[test]
    fn sample_scans_parse() {
        let a = dataset(&Catalogue::builtin().unwrap(), Utc::now()).unwrap();
        let scans = a.sample_scans();
        assert_eq!(scans.len(), 4);
        for s in scans {
            yima_codes::Scan::parse(&s).unwrap();
        }
    }
}
