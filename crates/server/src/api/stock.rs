//! What an enterprise holds: the goods it received or produced, followed downstream through
//! the events as a recall scope follows them, and its own line of that account.

use std::collections::BTreeSet;

use axum::Json;
use axum::extract::State;
use chrono::NaiveDate;
use yima_domain::flows::party_uri;
use yima_store::{EventOrder, EventSelection};

use super::enterprises::{parse_credit_code, stored};
use super::recalls::{MAX_CODES, scope_of};
use crate::access::Caller;
use crate::problem::{ApiError, ApiPath, Problem};
use crate::state::AppState;
use crate::wire::stock::StockView;
use crate::wire::trace::RecallRequest;

/// The production dates between which every batch lies (as both engines store dates).
const EARLIEST: NaiveDate = match NaiveDate::from_ymd_opt(1900, 1, 1) {
    Some(date) => date,
    None => NaiveDate::MIN,
};
const LATEST: NaiveDate = match NaiveDate::from_ymd_opt(9999, 12, 31) {
    Some(date) => date,
    None => NaiveDate::MAX,
};

/// The most receipts read for the goods they brought, newest first.
const RECEIPTS_READ: u32 = 1_000;

/// Read an enterprise's stock.
///
/// The goods are those shipped or sold to the enterprise (the newest receipts, up to 1,000)
/// and, for a producer, its own batches (up to 1,000 identifiers in all); they are followed
/// through every recorded event, and the enterprise's line says how much of them it
/// received, shipped on, sold to consumers, and still holds, per unit of measure. For the
/// enterprise's own accounts and those who oversee it.
#[utoipa::path(
    get, path = "/api/v1/enterprises/{credit_code}/stock", operation_id = "enterprise_stock", tag = "flows",
    security(("bearer" = [])),
    params(("credit_code" = String, Path, description = "统一社会信用代码")),
    responses(
        (status = 200, description = "The enterprise's stock", body = StockView),
        (status = 400, description = "A malformed credit code", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an account that oversees the enterprise", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such enterprise", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn stock(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(credit_code): ApiPath<String>,
) -> Result<Json<StockView>, ApiError> {
    let code = parse_credit_code(&credit_code)?;
    let enterprise = stored(&state, &code).await?;
    if !caller.oversees(&enterprise) {
        return Err(ApiError::forbidden(format!(
            "enterprise {code}'s stock is for its own accounts and those who oversee it"
        )));
    }
    let party = party_uri(&code);
    let mut goods: BTreeSet<String> = BTreeSet::new();
    let received = state
        .store
        .events(&EventSelection {
            links: vec![(
                "destination",
                "owning_party".to_owned(),
                vec![party.clone()],
            )],
            order: EventOrder::RecordTimeDescending,
            limit: RECEIPTS_READ,
            ..EventSelection::default()
        })
        .await?;
    for stored in &received {
        let event = &stored.captured.event;
        goods.extend(event.epc_list.iter().cloned());
        goods.extend(event.quantity_list.iter().map(|q| q.epc_class.clone()));
    }
    for product in state.store.products_of(&code).await? {
        let Some(gtin) = &product.gtin else { continue };
        for batch in state
            .store
            .batches_produced(product.id, EARLIEST, LATEST)
            .await?
        {
            let lot: String = form_urlencoded::byte_serialize(batch.lot.as_bytes()).collect();
            goods.insert(format!("https://id.gs1.org/01/{gtin}/10/{lot}"));
        }
    }
    let truncated = goods.len() > MAX_CODES;
    let codes: Vec<String> = goods.into_iter().take(MAX_CODES).collect();
    let counted = codes.len();
    let lines = if codes.is_empty() {
        Vec::new()
    } else {
        scope_of(
            &state,
            &caller,
            RecallRequest {
                batches: Vec::new(),
                codes,
                product: None,
            },
        )
        .await?
        .parties
        .into_iter()
        .filter(|line| line.party == party)
        .collect()
    };
    Ok(Json(StockView {
        enterprise: code.to_string(),
        goods: counted,
        truncated,
        lines,
    }))
}
