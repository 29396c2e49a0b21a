//! The enterprises: producers (one category each, every category represented), distributors
//! and shops, spread over the provinces, each with a valid 统一社会信用代码.

use yima_codes::enterprise::{CreditCode, OrganisationCode};

use super::{GenError, Plan, draw, epoch};
use crate::catalogue::Catalogue;
use crate::demo::with_check;
use crate::enterprise::{Enterprise, EnterpriseDraft};

/// A county-level GB/T 2260 code in every province-level division of the mainland, with the
/// city that names firms there and the district of their address.
const REGIONS: &[(&str, &str, &str)] = &[
    ("110105", "北京", "北京市朝阳区"),
    ("120116", "天津", "天津市滨海新区"),
    ("130402", "邯郸", "河北省邯郸市邯山区"),
    ("140105", "太原", "山西省太原市小店区"),
    ("150102", "呼和浩特", "内蒙古自治区呼和浩特市新城区"),
    ("210106", "沈阳", "辽宁省沈阳市铁西区"),
    ("220104", "长春", "吉林省长春市朝阳区"),
    ("230103", "哈尔滨", "黑龙江省哈尔滨市南岗区"),
    ("310115", "上海", "上海市浦东新区"),
    ("320214", "无锡", "江苏省无锡市新吴区"),
    ("330106", "杭州", "浙江省杭州市西湖区"),
    ("340104", "合肥", "安徽省合肥市蜀山区"),
    ("350104", "福州", "福建省福州市仓山区"),
    ("360111", "南昌", "江西省南昌市青山湖区"),
    ("370112", "济南", "山东省济南市历城区"),
    ("410105", "郑州", "河南省郑州市金水区"),
    ("420112", "武汉", "湖北省武汉市东西湖区"),
    ("430104", "长沙", "湖南省长沙市岳麓区"),
    ("440606", "佛山", "广东省佛山市顺德区"),
    ("450103", "南宁", "广西壮族自治区南宁市青秀区"),
    ("460106", "海口", "海南省海口市龙华区"),
    ("500112", "重庆", "重庆市渝北区"),
    ("510104", "成都", "四川省成都市锦江区"),
    ("520102", "贵阳", "贵州省贵阳市南明区"),
    ("530102", "昆明", "云南省昆明市五华区"),
    ("540102", "拉萨", "西藏自治区拉萨市城关区"),
    ("610113", "西安", "陕西省西安市雁塔区"),
    ("620102", "兰州", "甘肃省兰州市城关区"),
    ("630104", "西宁", "青海省西宁市城西区"),
    ("640104", "银川", "宁夏回族自治区银川市兴庆区"),
    ("650102", "乌鲁木齐", "新疆维吾尔自治区乌鲁木齐市天山区"),
];

/// Trade names (字号).
const TRADE_NAMES: &[&str] = &[
    "华信", "恒达", "宏远", "鑫泰", "正和", "永安", "金鼎", "瑞丰", "安泰", "盛世", "东方", "新星",
    "博远", "同创", "中联", "德胜", "国强", "润通", "天成", "万达",
];

const STREETS: &[&str] = &[
    "工业大道",
    "建设路",
    "人民路",
    "解放路",
    "科技园路",
    "开发区大街",
    "长江路",
    "黄河路",
];

/// What part an enterprise plays in the flows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PartyKind {
    Producer,
    Distributor,
    Shop,
}

impl PartyKind {
    pub fn name(self) -> &'static str {
        match self {
            Self::Producer => "producer",
            Self::Distributor => "distributor",
            Self::Shop => "shop",
        }
    }
}

/// An enterprise of the generation.
#[derive(Debug, Clone)]
pub struct Party {
    pub kind: PartyKind,
    /// Its number among the parties of its kind.
    pub index: u64,
    /// For a producer, the index in the catalogue of its category.
    pub category: Option<usize>,
    pub enterprise: Enterprise,
}

/// A valid credit code for enterprise number `n` registered in `region`. The organisation
/// code's body is `n` itself (eight digits, far more than any generation needs), so codes
/// never collide, unlike the demo's drawn ones.
fn credit_code(n: u64, region: &str) -> Result<String, GenError> {
    let org_body = format!("{:08}", n % 100_000_000);
    let org = with_check(&org_body, "0123456789X", OrganisationCode::parse)
        .ok_or_else(|| GenError::code("organisation code", org_body.clone()))?;
    let body = format!("91{region}{org}");
    with_check(&body, "0123456789ABCDEFGHJKLMNPQRTUWXY", CreditCode::parse)
        .ok_or_else(|| GenError::code("credit code", body))
}

/// The industry word of a category's producers' names.
fn industry(category: &str) -> &'static str {
    match category {
        "wire-cable" => "电线电缆",
        "gas-hose" => "燃气软管",
        "gas-shutoff-valve" => "燃气阀门",
        "household-gas-cooker" => "厨具",
        "commercial-gas-appliance" => "商用炉具",
        "lpg-regulator" => "调压器",
        "electric-bicycle" => "电动车",
        "cold-rolled-ribbed-steel-bar" => "钢筋制品",
        _ => "工业制品",
    }
}

/// Every party: producers, distributors, shops, in that order.
pub(super) fn parties(
    plan: &Plan,
    seed: u64,
    catalogue: &Catalogue,
) -> Result<Vec<Party>, GenError> {
    let categories = catalogue.categories();
    let now = epoch();
    let kinds = [
        (PartyKind::Producer, plan.producers),
        (PartyKind::Distributor, plan.distributors),
        (PartyKind::Shop, plan.shops),
    ];
    let mut out = Vec::new();
    let mut n = 0u64;
    for (kind, count) in kinds {
        for index in 0..count {
            let r = draw(seed, &[10, n]);
            // Producers cluster a little (by category), sellers spread evenly.
            let region_index = match kind {
                PartyKind::Producer => (index + r % 3) as usize % REGIONS.len(),
                _ => (n + r % 5) as usize % REGIONS.len(),
            };
            let (region, city, district) = REGIONS[region_index];
            let trade = TRADE_NAMES[(r >> 8) as usize % TRADE_NAMES.len()];
            let category = (kind == PartyKind::Producer).then(|| index as usize % categories.len());
            let name = match (kind, category.and_then(|c| categories.get(c))) {
                (PartyKind::Producer, Some(c)) => {
                    format!("{city}{trade}{}有限公司", industry(&c.id))
                }
                (PartyKind::Distributor, _) => format!("{city}{trade}建材五金批发有限公司"),
                _ if r.is_multiple_of(2) => format!("{city}{trade}五金建材商行"),
                _ => format!("{city}{trade}家居建材超市"),
            };
            let address = format!(
                "{district}{}{}号",
                STREETS[(r >> 16) as usize % STREETS.len()],
                1 + (r >> 24) % 999
            );
            let roles = match kind {
                PartyKind::Producer => vec!["producer".to_owned(), "seller".to_owned()],
                _ => vec!["seller".to_owned()],
            };
            let enterprise = EnterpriseDraft {
                credit_code: credit_code(n + 1, region)?,
                name,
                address,
                region: region.to_owned(),
                roles,
            }
            .validate(now)
            .map_err(GenError::invalid(format!("{} {index}", kind.name())))?;
            out.push(Party {
                kind,
                index,
                category,
                enterprise,
            });
            n += 1;
        }
    }
    Ok(out)
}
