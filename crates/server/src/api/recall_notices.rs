//! Recall notices (召回通知): a regulator, or the producer of the batches, opens a recall;
//! every holder of affected goods acknowledges it; the scan of a recalled unit says so.
//! The scope of a recall (who holds what) is computed from the events, in `recalls`.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use uuid::Uuid;
use yima_codes::enterprise::CreditCode;
use yima_codes::gs1::Gtin;
use yima_domain::Principal;
use yima_domain::recall::{RecallAcknowledgementDraft, RecallNotice, RecallNoticeDraft};
use yima_store::StoreError;

use super::enterprises::stored;
use super::now;
use crate::access::Caller;
use crate::problem::{ApiError, ApiJson, ApiPath, ApiQuery, FieldProblem, Problem};
use crate::receipts::ledger_write;
use crate::state::AppState;
use crate::wire::recalls::{
    AcknowledgementRequest, AcknowledgementView, RecallDetail, RecallNoticePage, RecallNoticeQuery,
    RecallNoticeRequest, RecallNoticeView,
};
use crate::wire::receipt::ReceiptQuery;

const DEFAULT_LIMIT: u32 = 50;
const MAX_LIMIT: u32 = 500;

/// Open a recall of batches.
///
/// A regulator opens one for batches of producers in its jurisdiction, a producer for its
/// own batches. Each batch must be registered. The notice is public at once: the scan of
/// every unit of the batches answers `recalled` and shows it.
#[utoipa::path(
    post, path = "/api/v1/recalls", operation_id = "open_recall", tag = "flows",
    security(("bearer" = [])),
    params(ReceiptQuery),
    request_body = RecallNoticeRequest,
    responses(
        (status = 201, description = "Opened; the notice is at the Location", body = RecallNoticeView),
        (status = 400, description = "A field is invalid, or names a batch that is not registered", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A batch is another producer's, or outside the regulator's jurisdiction", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as application/json", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn open(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(receipt): ApiQuery<ReceiptQuery>,
    ApiJson(request): ApiJson<RecallNoticeRequest>,
) -> Result<impl IntoResponse, ApiError> {
    let account = caller
        .submitter()
        .ok_or_else(|| ApiError::internal("a recall opened without a keyed caller"))?;
    let notice = RecallNoticeDraft::from(request)
        .validate(&account, now())
        .map_err(|e| ApiError::invalid("", e))?;
    check_batches(&state, &caller, &notice).await?;
    let leaf = state.store.open_recall(&notice).await?;
    let mut view = RecallNoticeView::from(&notice);
    view.ledger = Some(ledger_write(&state, leaf, 1, &receipt).await?);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, format!("/api/v1/recalls/{}", notice.id))],
        Json(view),
    ))
}

/// Every batch of `notice` is registered, and the caller may recall it: an administrator any,
/// a producer its own, a regulator those of producers in its jurisdiction (and categories).
async fn check_batches(
    state: &AppState,
    caller: &Caller,
    notice: &RecallNotice,
) -> Result<(), ApiError> {
    let mut unknown = Vec::new();
    for (i, recalled) in notice.batches.iter().enumerate() {
        let product = state.store.product_by_gtin(&recalled.gtin).await?;
        let batch = match &product {
            Some(product) => state.store.batch_by_lot(product.id, &recalled.lot).await?,
            None => None,
        };
        let (Some(product), Some(_)) = (product, batch) else {
            unknown.push(FieldProblem {
                field: format!("batches[{i}]"),
                problem: format!(
                    "no batch with GTIN {} and lot {} is registered",
                    recalled.gtin, recalled.lot
                ),
            });
            continue;
        };
        let producer = state
            .store
            .enterprise(&product.producer)
            .await?
            .ok_or_else(|| {
                ApiError::internal(format!("product {} without its producer", product.id))
            })?;
        let admitted = match caller.account().map(|a| &a.principal) {
            Some(Principal::Admin) => true,
            Some(Principal::Enterprise { credit_code, .. }) => *credit_code == producer.credit_code,
            Some(Principal::Regulator {
                jurisdiction,
                categories,
            }) => {
                jurisdiction.covers(&producer.region)
                    && (categories.is_empty() || categories.contains(&product.category))
            }
            _ => false,
        };
        if !admitted {
            return Err(ApiError::forbidden(format!(
                "batches[{i}]: batch {} {} is produced by {}, which this account may not recall",
                recalled.gtin, recalled.lot, producer.credit_code
            )));
        }
    }
    if unknown.is_empty() {
        Ok(())
    } else {
        Err(ApiError::fields(unknown))
    }
}

/// List recall notices, newest first. Public.
#[utoipa::path(
    get, path = "/api/v1/recalls", operation_id = "list_recalls", tag = "flows",
    params(RecallNoticeQuery),
    responses(
        (status = 200, description = "A page of recall notices", body = RecallNoticePage),
        (status = 400, description = "A parameter is malformed", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<RecallNoticeQuery>,
) -> Result<Json<RecallNoticePage>, ApiError> {
    let limit = super::page_limit(query.limit, DEFAULT_LIMIT, MAX_LIMIT)?;
    Ok(Json(page(&state, query.after, limit).await?))
}

/// A page of notices after `after`, newest first.
pub(crate) async fn page(
    state: &AppState,
    after: Option<Uuid>,
    limit: u32,
) -> Result<RecallNoticePage, ApiError> {
    let mut notices = state.store.recall_notices(after, limit + 1).await?;
    let more = notices.len() > limit as usize;
    notices.truncate(limit as usize);
    Ok(RecallNoticePage {
        next: more.then(|| notices.last().map(|n| n.id)).flatten(),
        recalls: notices.iter().map(RecallNoticeView::from).collect(),
    })
}

/// Read a recall notice and its acknowledgements. The notice is public; all its
/// acknowledgements are shown to regulators, associations and administrators, an
/// enterprise's own to the enterprise, none to the public.
#[utoipa::path(
    get, path = "/api/v1/recalls/{id}", operation_id = "get_recall", tag = "flows",
    params(("id" = Uuid, Path, description = "The notice's id")),
    responses(
        (status = 200, description = "The notice", body = RecallDetail),
        (status = 400, description = "A malformed id", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such notice", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<RecallDetail>, ApiError> {
    detail(&state, &caller, id).await.map(Json)
}

pub(crate) async fn detail(
    state: &AppState,
    caller: &Caller,
    id: Uuid,
) -> Result<RecallDetail, ApiError> {
    let notice = state
        .store
        .recall_notice(id)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no recall notice {id}")))?;
    let acknowledgements = state
        .store
        .recall_acknowledgements(id)
        .await?
        .iter()
        .filter(|a| sees_acknowledgement(caller, &a.enterprise))
        .map(AcknowledgementView::from)
        .collect();
    Ok(RecallDetail {
        notice: RecallNoticeView::from(&notice),
        acknowledgements,
    })
}

fn sees_acknowledgement(caller: &Caller, enterprise: &CreditCode) -> bool {
    match caller.account().map(|a| &a.principal) {
        None => false,
        Some(Principal::Enterprise { credit_code, .. }) => credit_code == enterprise,
        Some(_) => true,
    }
}

/// Acknowledge a recall notice for an enterprise: it has seen the notice and acts on it. An
/// enterprise acknowledges once.
#[utoipa::path(
    post, path = "/api/v1/recalls/{id}/acknowledgements", operation_id = "acknowledge_recall", tag = "flows",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The notice's id"), ReceiptQuery),
    request_body = AcknowledgementRequest,
    responses(
        (status = 201, description = "Acknowledged", body = AcknowledgementView),
        (status = 400, description = "A field is invalid", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Another enterprise", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such notice, or no such enterprise", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The enterprise has acknowledged it already", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as application/json", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn acknowledge(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(receipt): ApiQuery<ReceiptQuery>,
    ApiJson(request): ApiJson<AcknowledgementRequest>,
) -> Result<impl IntoResponse, ApiError> {
    let account = caller
        .submitter()
        .ok_or_else(|| ApiError::internal("an acknowledgement without a keyed caller"))?;
    let enterprise = match request.enterprise {
        Some(code) => code,
        None => caller
            .account()
            .and_then(|a| a.principal.enterprise())
            .map(ToString::to_string)
            .ok_or_else(|| {
                ApiError::fields(vec![FieldProblem {
                    field: "enterprise".to_owned(),
                    problem: "name the acknowledging enterprise".to_owned(),
                }])
            })?,
    };
    let acknowledgement = RecallAcknowledgementDraft {
        enterprise,
        note: request.note,
    }
    .validate(id, &account, now())
    .map_err(|e| ApiError::invalid("", e))?;
    caller.require_acting_for(
        &acknowledgement.enterprise,
        &format!(
            "an acknowledgement for enterprise {}",
            acknowledgement.enterprise
        ),
    )?;
    // What it refers to must be there: a notice and an enterprise nobody registered are not
    // found, as on every other route, rather than the store's missing reference.
    if state.store.recall_notice(id).await?.is_none() {
        return Err(ApiError::not_found(format!("no recall notice {id}")));
    }
    stored(&state, &acknowledgement.enterprise).await?;
    let leaf = state
        .store
        .acknowledge_recall(&acknowledgement)
        .await
        .map_err(|e| match e {
            StoreError::Conflict { .. } => ApiError::from(StoreError::Conflict {
                what: format!(
                    "an acknowledgement of recall {id} by {}",
                    acknowledgement.enterprise
                ),
            }),
            other => other.into(),
        })?;
    let mut view = AcknowledgementView::from(&acknowledgement);
    view.ledger = Some(ledger_write(&state, leaf, 1, &receipt).await?);
    Ok((StatusCode::CREATED, Json(view)))
}

/// The recall notices an enterprise's console lists (the newest), each with whether the
/// enterprise has acknowledged it.
pub(crate) async fn for_holder(
    state: &AppState,
    enterprise: &CreditCode,
    limit: u32,
) -> Result<Vec<(RecallNoticeView, bool)>, ApiError> {
    let notices = state.store.recall_notices(None, limit).await?;
    let ids: Vec<Uuid> = notices.iter().map(|n| n.id).collect();
    let acknowledged = state
        .store
        .recalls_acknowledged_by(enterprise, &ids)
        .await?;
    Ok(notices
        .iter()
        .map(|n| (RecallNoticeView::from(n), acknowledged.contains(&n.id)))
        .collect())
}

/// The open recall notices naming the batch of `gtin` and `lot`: what the scan shows.
pub(crate) async fn of_batch(
    state: &AppState,
    gtin: &Gtin,
    lot: &str,
) -> Result<Vec<RecallNoticeView>, ApiError> {
    Ok(state
        .store
        .recall_notices_for_batch(gtin, lot)
        .await?
        .iter()
        .map(RecallNoticeView::from)
        .collect())
}
