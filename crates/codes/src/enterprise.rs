//! Enterprise identifiers: 统一社会信用代码 (GB 32100) and 组织机构代码 (GB 11714).

mod credit_code;
mod organisation_code;

pub use credit_code::CreditCode;
pub use organisation_code::OrganisationCode;
