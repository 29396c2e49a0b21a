//! Rows as both engines return them, and their way back into domain types.
//!
//! The column aliases carry a table prefix (`e_`, `p_`, `b_`, `u_`, `a_`, `k_`, `r_`, `w_`,
//! `s_`, `n_`) so that one joined row holds every record of a scan without clashing names; the
//! `*_columns!` macros give the select lists, shared by both engines' SQL. Every field goes
//! back through the domain's own parser: a row that fails is reported as `Corrupt`, naming
//! table and field.

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;
use yima_codes::enterprise::CreditCode;
use yima_codes::gs1::Gtin;
use yima_domain::access::login::{PasswordRecord, Session};
use yima_domain::{
    Account, ApiKey, Approval, Batch, Enterprise, InspectionProof, InspectionResult, Jurisdiction,
    KeyGrant, Principal, Product, RegionCode, Roles, Scope, UnitCode,
};

use crate::StoreError;

/// The select list of an enterprise aliased `e`.
macro_rules! enterprise_columns {
    () => {
        "e.credit_code AS e_credit_code, e.name AS e_name, e.address AS e_address, \
         e.region AS e_region, e.is_producer AS e_is_producer, e.is_seller AS e_is_seller, \
         e.registered_at AS e_registered_at"
    };
}

/// The select list of a product aliased `p`.
macro_rules! product_columns {
    () => {
        "p.id AS p_id, p.producer AS p_producer, p.name AS p_name, p.model AS p_model, \
         p.category AS p_category, p.standard AS p_standard, p.gtin AS p_gtin, \
         p.approval_regime AS p_approval_regime, p.approval_number AS p_approval_number, \
         p.approval_status AS p_approval_status, \
         p.approval_checked_at AS p_approval_checked_at, p.registered_at AS p_registered_at"
    };
}

/// The select list of a batch aliased `b`.
macro_rules! batch_columns {
    () => {
        "b.id AS b_id, b.product_id AS b_product_id, b.lot AS b_lot, \
         b.production_date AS b_production_date, b.quantity AS b_quantity, \
         b.unit_of_measure AS b_unit_of_measure, \
         b.inspection_certificate_number AS b_inspection_certificate_number, \
         b.inspection_issuer AS b_inspection_issuer, b.inspection_date AS b_inspection_date, \
         b.inspection_result AS b_inspection_result, \
         b.inspection_document_sha256 AS b_inspection_document_sha256, \
         b.registered_at AS b_registered_at"
    };
}

/// The select list of a unit code aliased `u`.
macro_rules! unit_columns {
    () => {
        "u.key AS u_key, u.scheme AS u_scheme, u.batch_id AS u_batch_id, u.gtin AS u_gtin, \
         u.serial AS u_serial, \
         u.registered_at AS u_registered_at"
    };
}

/// The select list of an account aliased `a`.
macro_rules! account_columns {
    () => {
        "a.id AS a_id, a.kind AS a_kind, a.enterprise AS a_enterprise, \
         a.producer AS a_producer, a.seller AS a_seller, a.name AS a_name, \
         a.members AS a_members, a.jurisdiction AS a_jurisdiction, \
         a.categories AS a_categories, a.created_at AS a_created_at"
    };
}

/// The select list of an API key aliased `k`.
macro_rules! api_key_columns {
    () => {
        "k.id AS k_id, k.account AS k_account, k.secret_sha256 AS k_secret_sha256, \
         k.scope AS k_scope, k.created_at AS k_created_at, k.expires_at AS k_expires_at"
    };
}

/// The select list of a password record aliased `w`.
macro_rules! password_columns {
    () => {
        "w.account AS w_account, w.hash AS w_hash, w.set_at AS w_set_at, w.set_by AS w_set_by"
    };
}

/// The select list of a session aliased `s`.
macro_rules! session_columns {
    () => {
        "s.secret_sha256 AS s_secret_sha256, s.account AS s_account, \
         s.csrf_sha256 AS s_csrf_sha256, s.created_at AS s_created_at, \
         s.expires_at AS s_expires_at"
    };
}

pub(crate) use {
    account_columns, api_key_columns, batch_columns, enterprise_columns, password_columns,
    product_columns, session_columns, unit_columns,
};

/// Turns a failed parse of a stored field into `Corrupt`.
fn field<T, E: std::fmt::Display>(what: &str, parsed: Result<T, E>) -> Result<T, StoreError> {
    parsed.map_err(|e| StoreError::Corrupt {
        what: what.to_owned(),
        problem: e.to_string(),
    })
}

/// A column that could not be decoded at all (wrong type, NULL where none may be) is corrupt
/// too, not a database failure: the database answered, with something yima never wrote.
pub(crate) fn decode_error(e: sqlx::Error) -> StoreError {
    match e {
        sqlx::Error::ColumnDecode { index, source } => StoreError::Corrupt {
            what: column_name(&index),
            problem: source.to_string(),
        },
        other => StoreError::Database(other),
    }
}

/// `table.field` for a column alias such as `"p_gtin"` (sqlx quotes the name it reports).
fn column_name(alias: &str) -> String {
    let alias = alias.trim_matches('"');
    let table = match alias.split_once('_') {
        Some(("e", _)) => "enterprises",
        Some(("p", _)) => "products",
        Some(("b", _)) => "batches",
        Some(("u", _)) => "unit_codes",
        Some(("a", _)) => "accounts",
        Some(("k", _)) => "api_keys",
        Some(("r", _)) => "api_key_revocations",
        Some(("w", _)) => "account_passwords",
        Some(("s", _)) => "sessions",
        Some(("n", _)) => "session_ends",
        _ => return alias.to_owned(),
    };
    format!("{table}.{}", &alias[2..])
}

#[derive(sqlx::FromRow)]
pub(crate) struct EnterpriseRow {
    e_credit_code: String,
    e_name: String,
    e_address: String,
    e_region: String,
    e_is_producer: bool,
    e_is_seller: bool,
    e_registered_at: DateTime<Utc>,
}

impl EnterpriseRow {
    pub(crate) fn into_domain(self) -> Result<Enterprise, StoreError> {
        let roles = Roles {
            producer: self.e_is_producer,
            seller: self.e_is_seller,
        };
        if !roles.producer && !roles.seller {
            return Err(StoreError::Corrupt {
                what: "enterprises.is_producer/is_seller".to_owned(),
                problem: "neither producer nor seller".to_owned(),
            });
        }
        Ok(Enterprise {
            credit_code: field(
                "enterprises.credit_code",
                CreditCode::parse(&self.e_credit_code),
            )?,
            name: self.e_name,
            address: self.e_address,
            region: field("enterprises.region", RegionCode::parse(&self.e_region))?,
            roles,
            registered_at: self.e_registered_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct ProductRow {
    p_id: Uuid,
    p_producer: String,
    p_name: String,
    p_model: String,
    p_category: String,
    p_standard: String,
    p_gtin: Option<String>,
    p_approval_regime: String,
    p_approval_number: String,
    p_approval_status: String,
    p_approval_checked_at: DateTime<Utc>,
    p_registered_at: DateTime<Utc>,
}

impl ProductRow {
    pub(crate) fn into_domain(self) -> Result<Product, StoreError> {
        let gtin = match self.p_gtin {
            Some(g) => Some(field("products.gtin", Gtin::parse(&g))?),
            None => None,
        };
        Ok(Product {
            id: self.p_id,
            producer: field("products.producer", CreditCode::parse(&self.p_producer))?,
            name: self.p_name,
            model: self.p_model,
            category: self.p_category,
            standard: self.p_standard,
            gtin,
            approval: field(
                "products.approval",
                Approval::from_parts(
                    &self.p_approval_regime,
                    &self.p_approval_number,
                    &self.p_approval_status,
                    self.p_approval_checked_at,
                ),
            )?,
            registered_at: self.p_registered_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct BatchRow {
    b_id: Uuid,
    b_product_id: Uuid,
    b_lot: String,
    b_production_date: NaiveDate,
    b_quantity: i64,
    b_unit_of_measure: String,
    b_inspection_certificate_number: String,
    b_inspection_issuer: String,
    b_inspection_date: NaiveDate,
    b_inspection_result: String,
    b_inspection_document_sha256: Option<String>,
    b_registered_at: DateTime<Utc>,
}

impl BatchRow {
    pub(crate) fn into_domain(self) -> Result<Batch, StoreError> {
        Ok(Batch {
            id: self.b_id,
            product_id: self.b_product_id,
            lot: self.b_lot,
            production_date: self.b_production_date,
            quantity: field("batches.quantity", u64::try_from(self.b_quantity))?,
            unit_of_measure: self.b_unit_of_measure,
            inspection: InspectionProof {
                certificate_number: self.b_inspection_certificate_number,
                issuer: self.b_inspection_issuer,
                date: self.b_inspection_date,
                result: field(
                    "batches.inspection_result",
                    InspectionResult::parse(&self.b_inspection_result),
                )?,
                document_sha256: self.b_inspection_document_sha256,
            },
            registered_at: self.b_registered_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct UnitRow {
    u_key: String,
    u_scheme: String,
    u_batch_id: Uuid,
    u_gtin: Option<String>,
    u_serial: Option<String>,
    u_registered_at: DateTime<Utc>,
}

impl UnitRow {
    pub(crate) fn into_domain(self) -> Result<UnitCode, StoreError> {
        Ok(UnitCode {
            key: self.u_key,
            scheme: self.u_scheme,
            gtin: self
                .u_gtin
                .map(|g| field("unit_codes.gtin", Gtin::parse(&g)))
                .transpose()?,
            serial: self.u_serial,
            batch_id: self.u_batch_id,
            registered_at: self.u_registered_at,
        })
    }
}

/// An account as its columns hold it: the kind, and the columns of that kind (the others
/// NULL); lists as JSON arrays, in their sets' order.
pub(crate) struct AccountColumns<'a> {
    pub(crate) kind: &'static str,
    pub(crate) enterprise: Option<&'a str>,
    pub(crate) producer: Option<bool>,
    pub(crate) seller: Option<bool>,
    pub(crate) name: Option<&'a str>,
    pub(crate) members: Option<String>,
    pub(crate) jurisdiction: Option<&'a str>,
    pub(crate) categories: Option<String>,
}

impl<'a> AccountColumns<'a> {
    pub(crate) fn of(account: &'a Account) -> Result<Self, StoreError> {
        let mut columns = Self {
            kind: account.principal.kind(),
            enterprise: None,
            producer: None,
            seller: None,
            name: None,
            members: None,
            jurisdiction: None,
            categories: None,
        };
        let list = |what: &str, items: Vec<&str>| {
            serde_json::to_string(&items).map_err(|e| StoreError::Invalid {
                problem: format!("{what} of account {}: {e}", account.id),
            })
        };
        match &account.principal {
            Principal::Admin => {}
            Principal::Enterprise {
                credit_code,
                rights,
            } => {
                columns.enterprise = Some(credit_code.as_str());
                columns.producer = Some(rights.producer);
                columns.seller = Some(rights.seller);
            }
            Principal::Association { name, members } => {
                columns.name = Some(name);
                columns.members = Some(list(
                    "members",
                    members.iter().map(CreditCode::as_str).collect(),
                )?);
            }
            Principal::Regulator {
                jurisdiction,
                categories,
            } => {
                columns.jurisdiction = Some(jurisdiction.as_str());
                columns.categories = Some(list(
                    "categories",
                    categories.iter().map(String::as_str).collect(),
                )?);
            }
        }
        Ok(columns)
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct AccountRow {
    a_id: String,
    a_kind: String,
    a_enterprise: Option<String>,
    a_producer: Option<bool>,
    a_seller: Option<bool>,
    a_name: Option<String>,
    a_members: Option<String>,
    a_jurisdiction: Option<String>,
    a_categories: Option<String>,
    a_created_at: DateTime<Utc>,
}

/// A column its account's kind requires, `Corrupt` when NULL.
fn required<T>(column: &str, kind: &str, value: Option<T>) -> Result<T, StoreError> {
    value.ok_or_else(|| StoreError::Corrupt {
        what: format!("accounts.{column}"),
        problem: format!("NULL in an account of kind {kind}"),
    })
}

/// A JSON array of strings, as the list columns hold it.
fn string_list(column: &str, text: &str) -> Result<Vec<String>, StoreError> {
    field(
        &format!("accounts.{column}"),
        serde_json::from_str::<Vec<String>>(text),
    )
}

impl AccountRow {
    pub(crate) fn into_domain(self) -> Result<Account, StoreError> {
        let kind = self.a_kind.as_str();
        let principal = match kind {
            "admin" => Principal::Admin,
            "enterprise" => {
                let code = required("enterprise", kind, self.a_enterprise)?;
                let rights = Roles {
                    producer: required("producer", kind, self.a_producer)?,
                    seller: required("seller", kind, self.a_seller)?,
                };
                if !rights.producer && !rights.seller {
                    return Err(StoreError::Corrupt {
                        what: "accounts.producer/seller".to_owned(),
                        problem: "neither producer nor seller".to_owned(),
                    });
                }
                Principal::Enterprise {
                    credit_code: field("accounts.enterprise", CreditCode::parse(&code))?,
                    rights,
                }
            }
            "association" => {
                let members = required("members", kind, self.a_members)?;
                Principal::Association {
                    name: required("name", kind, self.a_name)?,
                    members: string_list("members", &members)?
                        .iter()
                        .map(|m| field("accounts.members", CreditCode::parse(m)))
                        .collect::<Result<_, _>>()?,
                }
            }
            "regulator" => {
                let jurisdiction = required("jurisdiction", kind, self.a_jurisdiction)?;
                let categories = required("categories", kind, self.a_categories)?;
                Principal::Regulator {
                    jurisdiction: field(
                        "accounts.jurisdiction",
                        Jurisdiction::parse(&jurisdiction),
                    )?,
                    categories: string_list("categories", &categories)?
                        .into_iter()
                        .collect(),
                }
            }
            other => {
                return Err(StoreError::Corrupt {
                    what: "accounts.kind".to_owned(),
                    problem: format!("{other:?} is not an account kind"),
                });
            }
        };
        Ok(Account {
            id: self.a_id,
            principal,
            created_at: self.a_created_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct ApiKeyRow {
    k_id: String,
    k_account: String,
    k_secret_sha256: String,
    k_scope: String,
    k_created_at: DateTime<Utc>,
    k_expires_at: Option<DateTime<Utc>>,
}

impl ApiKeyRow {
    fn into_domain(self) -> Result<ApiKey, StoreError> {
        Ok(ApiKey {
            id: self.k_id,
            account: self.k_account,
            secret_sha256: self.k_secret_sha256,
            scope: field("api_keys.scope", Scope::parse(&self.k_scope))?,
            created_at: self.k_created_at,
            expires_at: self.k_expires_at,
        })
    }
}

/// A key with its revocation time, if it is revoked.
#[derive(sqlx::FromRow)]
pub(crate) struct RevocableKeyRow {
    #[sqlx(flatten)]
    key: ApiKeyRow,
    r_revoked_at: Option<DateTime<Utc>>,
}

impl RevocableKeyRow {
    pub(crate) fn into_domain(self) -> Result<(ApiKey, Option<DateTime<Utc>>), StoreError> {
        Ok((self.key.into_domain()?, self.r_revoked_at))
    }
}

/// A key with its account and its revocation time: what a key's secret leads to.
#[derive(sqlx::FromRow)]
pub(crate) struct KeyGrantRow {
    #[sqlx(flatten)]
    key: ApiKeyRow,
    #[sqlx(flatten)]
    account: AccountRow,
    r_revoked_at: Option<DateTime<Utc>>,
}

impl KeyGrantRow {
    pub(crate) fn into_domain(self) -> Result<KeyGrant, StoreError> {
        Ok(KeyGrant {
            key: self.key.into_domain()?,
            account: self.account.into_domain()?,
            revoked_at: self.r_revoked_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct PasswordRow {
    w_account: String,
    w_hash: String,
    w_set_at: DateTime<Utc>,
    w_set_by: String,
}

impl PasswordRow {
    pub(crate) fn into_domain(self) -> PasswordRecord {
        PasswordRecord {
            account: self.w_account,
            hash: self.w_hash,
            set_at: self.w_set_at,
            set_by: self.w_set_by,
        }
    }
}

/// A session with its account and the time it ended: what a session cookie leads to.
#[derive(sqlx::FromRow)]
pub(crate) struct SessionRow {
    s_secret_sha256: String,
    s_account: String,
    s_csrf_sha256: String,
    s_created_at: DateTime<Utc>,
    s_expires_at: DateTime<Utc>,
    #[sqlx(flatten)]
    account: AccountRow,
    n_ended_at: Option<DateTime<Utc>>,
}

impl SessionRow {
    pub(crate) fn into_domain(
        self,
    ) -> Result<(Session, Account, Option<DateTime<Utc>>), StoreError> {
        let session = Session {
            secret_sha256: self.s_secret_sha256,
            account: self.s_account,
            csrf_sha256: self.s_csrf_sha256,
            created_at: self.s_created_at,
            expires_at: self.s_expires_at,
        };
        Ok((session, self.account.into_domain()?, self.n_ended_at))
    }
}

/// A product with its producer: what a GTIN leads to.
#[derive(sqlx::FromRow)]
pub(crate) struct ProductProducerRow {
    #[sqlx(flatten)]
    product: ProductRow,
    #[sqlx(flatten)]
    producer: EnterpriseRow,
}

impl ProductProducerRow {
    pub(crate) fn into_domain(self) -> Result<(Product, Enterprise), StoreError> {
        Ok((self.product.into_domain()?, self.producer.into_domain()?))
    }
}

/// A unit with everything above it: what a scan of a unit code leads to.
#[derive(sqlx::FromRow)]
pub(crate) struct UnitTreeRow {
    #[sqlx(flatten)]
    unit: UnitRow,
    #[sqlx(flatten)]
    batch: BatchRow,
    #[sqlx(flatten)]
    product: ProductRow,
    #[sqlx(flatten)]
    producer: EnterpriseRow,
}

impl UnitTreeRow {
    pub(crate) fn into_found(self) -> Result<yima_domain::Found, StoreError> {
        Ok(yima_domain::Found {
            unit: Some(self.unit.into_domain()?),
            batch: Some(self.batch.into_domain()?),
            product: Some(self.product.into_domain()?),
            producer: Some(self.producer.into_domain()?),
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct IssuanceTreeRow {
    i_key_id: i32,
    i_number: i64,
    i_count: i64,
    i_issued_at: DateTime<Utc>,
    #[sqlx(flatten)]
    batch: BatchRow,
    #[sqlx(flatten)]
    product: ProductRow,
    #[sqlx(flatten)]
    producer: EnterpriseRow,
}

impl IssuanceTreeRow {
    pub(crate) fn into_domain(
        self,
    ) -> Result<(yima_domain::Issuance, yima_domain::Found), StoreError> {
        let corrupt = |field: &str, value: i64| StoreError::Corrupt {
            what: format!("code_issuances.{field}"),
            problem: format!("{value} is out of range"),
        };
        let batch = self.batch.into_domain()?;
        let issuance = yima_domain::Issuance {
            key_id: u16::try_from(self.i_key_id)
                .map_err(|_| corrupt("key_id", self.i_key_id.into()))?,
            number: u64::try_from(self.i_number).map_err(|_| corrupt("number", self.i_number))?,
            batch_id: batch.id,
            count: u64::try_from(self.i_count).map_err(|_| corrupt("count", self.i_count))?,
            issued_at: self.i_issued_at,
        };
        let found = yima_domain::Found {
            unit: None,
            batch: Some(batch),
            product: Some(self.product.into_domain()?),
            producer: Some(self.producer.into_domain()?),
        };
        Ok((issuance, found))
    }
}
