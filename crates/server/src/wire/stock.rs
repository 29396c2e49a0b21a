//! An enterprise's stock as the API shows it.

use serde::Serialize;
use utoipa::ToSchema;

use crate::wire::trace::PartyLine;

/// What an enterprise holds of the goods it received or produced.
#[derive(Debug, Serialize, ToSchema)]
pub struct StockView {
    pub enterprise: String,
    /// How many identifiers (units, cases, lots) of goods were followed.
    pub goods: usize,
    /// Whether there were more than could be followed at once (1,000).
    pub truncated: bool,
    /// The enterprise's account of those goods, one line per unit of measure.
    pub lines: Vec<PartyLine>,
}
