//! The everyday actions a producer or a shop records, by the names the API and CSV files use,
//! and what each one asks of a flow: a counterparty, a check result, a parent case.

use std::fmt;

/// One of the everyday actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FlowAction {
    /// 赋码: codes are put to use on goods just made.
    Commission,
    /// Factory inspection, with its result.
    Inspect,
    /// Goods packed into a case or onto a pallet (an SSCC).
    Pack,
    /// Goods taken out of a case or off a pallet.
    Unpack,
    /// 流向: goods sent to a buyer.
    Ship,
    /// 进货: goods received from a supplier, with the check result (查验).
    Receive,
    /// 销售: goods sold to a consumer.
    Sell,
    /// 销售 to a business: goods sold to, and sent to, a business buyer.
    SellToBusiness,
    /// Goods taken back.
    Return,
    /// Goods held back from sale (a quality hold).
    Hold,
    /// Goods held because they are recalled.
    Recall,
    /// 报废: goods destroyed.
    Scrap,
}

impl FlowAction {
    pub const ALL: [Self; 12] = [
        Self::Commission,
        Self::Inspect,
        Self::Pack,
        Self::Unpack,
        Self::Ship,
        Self::Receive,
        Self::Sell,
        Self::SellToBusiness,
        Self::Return,
        Self::Hold,
        Self::Recall,
        Self::Scrap,
    ];

    /// The name the API and CSV files use.
    pub fn name(self) -> &'static str {
        match self {
            Self::Commission => "commission",
            Self::Inspect => "inspect",
            Self::Pack => "pack",
            Self::Unpack => "unpack",
            Self::Ship => "ship",
            Self::Receive => "receive",
            Self::Sell => "sell",
            Self::SellToBusiness => "sell_to_business",
            Self::Return => "return",
            Self::Hold => "hold",
            Self::Recall => "recall",
            Self::Scrap => "scrap",
        }
    }

    /// The Chinese names a file written by hand may use instead (`yima import` reads both;
    /// the JSON API takes only `name()`, so that its schema lists every value it accepts).
    pub fn labels(self) -> &'static [&'static str] {
        match self {
            Self::Commission => &["赋码"],
            Self::Inspect => &["检验"],
            Self::Pack => &["装箱"],
            Self::Unpack => &["拆箱"],
            Self::Ship => &["发货", "流向"],
            Self::Receive => &["收货", "进货"],
            Self::Sell => &["销售", "零售"],
            Self::SellToBusiness => &["批发"],
            Self::Return => &["退货"],
            Self::Hold => &["暂扣"],
            Self::Recall => &["召回"],
            Self::Scrap => &["报废"],
        }
    }

    /// Reads an action by its name.
    pub fn parse(name: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|a| a.name() == name)
            .ok_or_else(|| format!("{name:?} is not an action: one of {}", Self::names()))
    }

    /// Reads an action by its name or one of its Chinese labels.
    pub fn parse_label(text: &str) -> Result<Self, String> {
        let text = text.trim();
        Self::ALL
            .into_iter()
            .find(|a| a.name() == text || a.labels().contains(&text))
            .ok_or_else(|| {
                format!(
                    "{text:?} is not an action: one of {} (or 赋码, 检验, 装箱, 拆箱, 发货, 收货, \
                     销售, 批发, 退货, 暂扣, 召回, 报废)",
                    Self::names()
                )
            })
    }

    fn names() -> String {
        Self::ALL.map(Self::name).join(", ")
    }

    /// Whether the action names the party the goods go to (`to`).
    pub fn takes_buyer(self) -> bool {
        matches!(self, Self::Ship | Self::SellToBusiness)
    }

    /// Whether the action names the party the goods come from (`from`).
    pub fn takes_supplier(self) -> bool {
        matches!(self, Self::Receive | Self::Return)
    }

    /// Whether the action carries a check result (`result`).
    pub fn takes_result(self) -> bool {
        matches!(self, Self::Inspect | Self::Receive)
    }

    /// Whether the action names a case or pallet (`parent`).
    pub fn takes_parent(self) -> bool {
        matches!(self, Self::Pack | Self::Unpack)
    }
}

impl fmt::Display for FlowAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The result of a check: an inspection's, or the buyer's check of goods received (查验).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CheckResult {
    /// 合格
    Conformant,
    /// 不合格
    NonConformant,
}

impl CheckResult {
    pub fn name(self) -> &'static str {
        match self {
            Self::Conformant => "conformant",
            Self::NonConformant => "non_conformant",
        }
    }

    /// Reads a result by its name.
    pub fn parse(name: &str) -> Result<Self, String> {
        match name {
            "conformant" => Ok(Self::Conformant),
            "non_conformant" => Ok(Self::NonConformant),
            other => Err(format!(
                "{other:?} is not one of conformant, non_conformant"
            )),
        }
    }

    /// Reads a result by its name or, from files written by hand, 合格 / 不合格.
    pub fn parse_label(text: &str) -> Result<Self, String> {
        match text.trim() {
            "合格" => Ok(Self::Conformant),
            "不合格" => Ok(Self::NonConformant),
            other => Self::parse(other),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn names_and_labels_read_back() {
        for action in FlowAction::ALL {
            assert_eq!(FlowAction::parse(action.name()).unwrap(), action);
            assert_eq!(FlowAction::parse_label(action.name()).unwrap(), action);
            for label in action.labels() {
                assert_eq!(FlowAction::parse_label(label).unwrap(), action);
                assert!(
                    FlowAction::parse(label).is_err(),
                    "the API takes names only"
                );
            }
        }
        let err = FlowAction::parse("Ship").unwrap_err();
        assert!(err.contains("sell_to_business"), "{err}");
        assert_eq!(
            CheckResult::parse_label("不合格").unwrap(),
            CheckResult::NonConformant
        );
        assert!(CheckResult::parse("合格").is_err());
        assert!(CheckResult::parse_label("ok").is_err());
    }
}
