//! The catalogue of products under traceability, loaded from data (see `data/catalogue.toml`).

use chrono::NaiveDate;
use serde::Deserialize;

/// The catalogue compiled into the binary; replaced at run time by a file of the same format.
pub const BUILTIN_TOML: &str = include_str!("../data/catalogue.toml");

/// Which approval a product needs before it may be sold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Regime {
    /// 工业产品生产许可证
    ProductionLicence,
    /// 强制性产品认证 (CCC)
    Ccc,
}

impl Regime {
    pub fn as_str(self) -> &'static str {
        match self {
            Regime::ProductionLicence => "production_licence",
            Regime::Ccc => "ccc",
        }
    }
}

/// One category of the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub regimes: Vec<Regime>,
    pub confirmed: bool,
    pub phase: u8,
    pub effective: NaiveDate,
}

/// Why a catalogue file was refused.
#[derive(Debug, thiserror::Error)]
pub enum CatalogueError {
    #[error("catalogue is not valid TOML of the expected shape: {0}")]
    Syntax(#[from] toml::de::Error),
    #[error("catalogue category {index}: {problem}")]
    Category { index: usize, problem: String },
}

/// The categories, in file order, with unique ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalogue {
    categories: Vec<Category>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogueFile {
    category: Vec<Category>,
}

impl Catalogue {
    /// The catalogue shipped in the binary.
    pub fn builtin() -> Result<Self, CatalogueError> {
        Self::from_toml(BUILTIN_TOML)
    }

    /// Parses and checks a catalogue file.
    pub fn from_toml(text: &str) -> Result<Self, CatalogueError> {
        let file: CatalogueFile = toml::from_str(text)?;
        for (index, c) in file.category.iter().enumerate() {
            let fail = |problem: String| Err(CatalogueError::Category { index, problem });
            let id_ok = !c.id.is_empty()
                && c.id.len() <= 64
                && c.id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
            if !id_ok {
                return fail(format!(
                    "id {:?} must be 1-64 characters of a-z, 0-9 and -",
                    c.id
                ));
            }
            if c.regimes.is_empty() {
                return fail(format!("{}: regimes must name at least one", c.id));
            }
            if !(1..=3).contains(&c.phase) {
                return fail(format!("{}: phase {} is not 1, 2 or 3", c.id, c.phase));
            }
            if file.category[..index].iter().any(|p| p.id == c.id) {
                return fail(format!("id {:?} appears twice", c.id));
            }
        }
        Ok(Self {
            categories: file.category,
        })
    }

    pub fn get(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    pub fn categories(&self) -> &[Category] {
        &self.categories
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn builtin_catalogue_holds_the_confirmed_first_list() {
        let c = Catalogue::builtin().unwrap();
        assert_eq!(c.categories().len(), 8);
        assert_eq!(c.get("electric-bicycle").unwrap().regimes, [Regime::Ccc]);
        assert_eq!(c.get("wire-cable").unwrap().name_zh, "电线电缆");
        assert!(c.categories().iter().all(|c| c.phase == 1));
    }

    #[test]
    fn bad_catalogues_are_refused_with_the_reason() {
        let dup = format!(
            "{BUILTIN_TOML}\n[[category]]\nid = \"wire-cable\"\nname_zh = \"x\"\nname_en = \"x\"\nregimes = [\"ccc\"]\nconfirmed = true\nphase = 2\neffective = \"2025-12-31\"\n"
        );
        assert!(
            Catalogue::from_toml(&dup)
                .unwrap_err()
                .to_string()
                .contains("twice")
        );
        let bad_regime = BUILTIN_TOML.replacen("regimes = [\"ccc\"]", "regimes = [\"iso9001\"]", 1);
        assert!(Catalogue::from_toml(&bad_regime).is_err());
    }
}
