//! Products: a model of a producer's, in one catalogue category, with its approval.

use chrono::{DateTime, Utc};
use uuid::Uuid;
use yima_codes::enterprise::CreditCode;
use yima_codes::gs1::Gtin;
use yima_codes::licence::{CccCertificateNumber, LicenceNumber};

use crate::catalogue::{Catalogue, Regime};
use crate::enterprise::Enterprise;
use crate::text::bounded;
use crate::validation::{Checker, Invalid, vouched};

/// The status of a licence or certificate at the time it was checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CertificateStatus {
    /// 有效
    Valid,
    /// 暂停
    Suspended,
    /// 撤销
    Revoked,
    /// 注销
    Cancelled,
    /// 过期
    Expired,
}

impl CertificateStatus {
    pub const ALL: [CertificateStatus; 5] = [
        Self::Valid,
        Self::Suspended,
        Self::Revoked,
        Self::Cancelled,
        Self::Expired,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Valid => "valid",
            Self::Suspended => "suspended",
            Self::Revoked => "revoked",
            Self::Cancelled => "cancelled",
            Self::Expired => "expired",
        }
    }

    pub fn parse(s: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| {
                format!("{s:?} is not one of valid, suspended, revoked, cancelled, expired")
            })
    }
}

/// The approval a product carries, with its status as last checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Approval {
    ProductionLicence {
        number: LicenceNumber,
        status: CertificateStatus,
        checked_at: DateTime<Utc>,
    },
    Ccc {
        number: CccCertificateNumber,
        status: CertificateStatus,
        checked_at: DateTime<Utc>,
    },
}

impl Approval {
    pub fn regime(&self) -> Regime {
        match self {
            Approval::ProductionLicence { .. } => Regime::ProductionLicence,
            Approval::Ccc { .. } => Regime::Ccc,
        }
    }

    pub fn number(&self) -> &str {
        match self {
            Approval::ProductionLicence { number, .. } => number.as_str(),
            Approval::Ccc { number, .. } => number.as_str(),
        }
    }

    pub fn status(&self) -> CertificateStatus {
        match self {
            Approval::ProductionLicence { status, .. } | Approval::Ccc { status, .. } => *status,
        }
    }

    pub fn checked_at(&self) -> DateTime<Utc> {
        match self {
            Approval::ProductionLicence { checked_at, .. } | Approval::Ccc { checked_at, .. } => {
                *checked_at
            }
        }
    }

    /// Rebuilds an approval from its stored parts.
    pub fn from_parts(
        regime: &str,
        number: &str,
        status: &str,
        checked_at: DateTime<Utc>,
    ) -> Result<Self, String> {
        let status = CertificateStatus::parse(status)?;
        match regime {
            "production_licence" => Ok(Approval::ProductionLicence {
                number: LicenceNumber::parse(number).map_err(|e| e.to_string())?,
                status,
                checked_at,
            }),
            "ccc" => Ok(Approval::Ccc {
                number: CccCertificateNumber::parse(number).map_err(|e| e.to_string())?,
                status,
                checked_at,
            }),
            other => Err(format!(
                "{other:?} is not an approval regime: use production_licence or ccc"
            )),
        }
    }
}

/// What a client sends for an approval.
#[derive(Debug, Clone, Default)]
pub struct ApprovalDraft {
    pub regime: String,
    pub number: String,
    pub status: String,
    pub checked_at: Option<DateTime<Utc>>,
}

/// A registered product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Product {
    pub id: Uuid,
    pub producer: CreditCode,
    pub name: String,
    pub model: String,
    pub category: String,
    pub standard: String,
    pub gtin: Option<Gtin>,
    pub approval: Approval,
    pub registered_at: DateTime<Utc>,
}

/// What a client sends to register a product.
#[derive(Debug, Clone, Default)]
pub struct ProductDraft {
    pub producer: String,
    pub name: String,
    pub model: String,
    pub category: String,
    pub standard: String,
    pub gtin: Option<String>,
    pub approval: ApprovalDraft,
}

impl ProductDraft {
    /// Checks the draft against its producer (already looked up by `producer`) and the
    /// catalogue. `producer` is `None` when no enterprise has that credit code.
    pub fn validate(
        &self,
        producer: Option<&Enterprise>,
        catalogue: &Catalogue,
        now: DateTime<Utc>,
    ) -> Result<Product, Invalid> {
        let mut c = Checker::new();
        let producer_code = match producer {
            Some(e) if e.roles.producer => Some(e.credit_code.clone()),
            Some(e) => {
                c.fail(
                    "producer",
                    format!(
                        "enterprise {} is not registered as a producer",
                        e.credit_code
                    ),
                );
                None
            }
            None => {
                let problem = match CreditCode::parse(&self.producer) {
                    Ok(code) => format!("no enterprise {code} is registered"),
                    Err(e) => e.to_string(),
                };
                c.fail("producer", problem);
                None
            }
        };
        self.validate_fields(c, Uuid::now_v7(), producer_code, catalogue, now)
    }

    /// Checks every field but the producer, which the caller has already checked into `c`
    /// (with its failures) and `producer_code`; the product gets `id`. Corrections reuse
    /// this, since they keep the producer and the id of the product they correct.
    pub(crate) fn validate_fields(
        &self,
        mut c: Checker,
        id: Uuid,
        producer_code: Option<CreditCode>,
        catalogue: &Catalogue,
        now: DateTime<Utc>,
    ) -> Result<Product, Invalid> {
        let name = c.take("name", bounded(&self.name, 200));
        let model = c.take("model", bounded(&self.model, 200));
        let standard = c.take("standard", bounded(&self.standard, 100));
        let category = catalogue.get(self.category.trim());
        if category.is_none() {
            c.fail(
                "category",
                format!("{:?} is not a category of the catalogue", self.category),
            );
        }
        let gtin = match &self.gtin {
            Some(g) => c.take("gtin", Gtin::parse(g)).map(Some),
            None => Some(None),
        };
        let status = c.take(
            "approval.status",
            CertificateStatus::parse(self.approval.status.trim()),
        );
        let approval = match (self.approval.regime.trim(), status) {
            ("production_licence", Some(status)) => c
                .take(
                    "approval.number",
                    LicenceNumber::parse(&self.approval.number),
                )
                .map(|number| Approval::ProductionLicence {
                    number,
                    status,
                    checked_at: self.approval.checked_at.unwrap_or(now),
                }),
            ("ccc", Some(status)) => c
                .take(
                    "approval.number",
                    CccCertificateNumber::parse(&self.approval.number),
                )
                .map(|number| Approval::Ccc {
                    number,
                    status,
                    checked_at: self.approval.checked_at.unwrap_or(now),
                }),
            ("production_licence" | "ccc", None) => None,
            (other, _) => {
                c.fail(
                    "approval.regime",
                    format!("{other:?} is not one of production_licence, ccc"),
                );
                None
            }
        };
        if let (Some(cat), Some(a)) = (category, &approval)
            && !cat.regimes.contains(&a.regime())
        {
            c.fail(
                "approval.regime",
                format!(
                    "category {} requires {}",
                    cat.id,
                    cat.regimes
                        .iter()
                        .map(|r| r.as_str())
                        .collect::<Vec<_>>()
                        .join(" or ")
                ),
            );
        }
        if let Some(at) = self.approval.checked_at
            && at > now
        {
            c.fail("approval.checked_at", "lies in the future");
        }
        c.finish()?;
        Ok(Product {
            id,
            producer: vouched("producer", producer_code)?,
            name: vouched("name", name)?,
            model: vouched("model", model)?,
            category: vouched("category", category.map(|c| c.id.clone()))?,
            standard: vouched("standard", standard)?,
            gtin: vouched("gtin", gtin)?,
            approval: vouched("approval", approval)?,
            registered_at: now,
        })
    }
}
