//! `GET /api/v1/trace`: where goods came from and went, as a graph of parties and movements.
//!
//! Flow information is the parties' and regulators' to see, not the public's: a trace is for
//! accounts, and shows each the movements the disclosure table lets it see (an enterprise
//! its own, a regulator those of the enterprises in its jurisdiction).
//!
//! A well-formed code that no event names has an empty trace (200, no nodes, no edges), as a
//! scan of an unknown code has the verdict `unknown`; a batch id that names no batch is a 404.

use std::collections::HashMap;

use axum::Json;
use axum::extract::State;
use yima_codes::enterprise::CreditCode;
use yima_domain::trace::{
    DEFAULT_DEPTH, Direction, MAX_DEPTH, ObjectKey, TraceQuery, Traversal, batch_start, graph,
    start_of_code,
};
use yima_domain::{Batch, RecordRef, apply_to_enterprise};
use yima_store::run_trace;

use crate::access::Caller;
use crate::disclosure::Viewer;
use crate::problem::{ApiError, ApiQuery, FieldProblem, Problem};
use crate::state::AppState;
use crate::wire::trace::{
    EdgeView, EnterpriseRef, NodeView, TraceParams, TraceResponse, TraceStartView,
};

/// Longer than any code a symbol can carry.
const MAX_CODE_CHARS: usize = 4_296;

pub(crate) fn field(name: &str, problem: impl Into<String>) -> ApiError {
    ApiError::fields(vec![FieldProblem {
        field: name.to_owned(),
        problem: problem.into(),
    }])
}

/// What a trace starts from.
#[derive(Debug, Default)]
pub(crate) struct Origin {
    pub keys: Vec<ObjectKey>,
    /// The registered batches among them.
    pub batches: Vec<Batch>,
}

impl Origin {
    fn add(&mut self, keys: Vec<ObjectKey>) {
        self.keys.extend(keys);
    }

    pub(crate) fn classes(&self) -> Vec<String> {
        let mut classes: Vec<String> = self
            .keys
            .iter()
            .filter_map(|k| match k {
                ObjectKey::Class(c) => Some(c.clone()),
                ObjectKey::Epc(_) => None,
            })
            .collect();
        classes.sort();
        classes.dedup();
        classes
    }

    pub(crate) fn epcs(&self) -> usize {
        let mut epcs: Vec<&ObjectKey> = self
            .keys
            .iter()
            .filter(|k| matches!(k, ObjectKey::Epc(_)))
            .collect();
        epcs.sort();
        epcs.dedup();
        epcs.len()
    }
}

/// How thoroughly a batch's units are looked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Units {
    /// Registered codes, and the events' commissioned units only when the codes do not
    /// account for every piece (a trace, which answers interactively).
    Registered,
    /// Registered codes and every unit events commissioned with the lot, even beyond the
    /// batch's quantity (a recall, which must miss nothing).
    Everything,
}

/// A batch's lot, its registered units, and the units events commissioned with its lot.
pub(crate) async fn add_batch(
    state: &AppState,
    origin: &mut Origin,
    batch: Batch,
    look: Units,
) -> Result<(), ApiError> {
    let product = state.store.product(batch.product_id).await?;
    let units = state.store.batch_units(batch.id).await?;
    let gtin = product.and_then(|p| p.gtin);
    origin.add(batch_start(&batch, gtin.as_ref(), &units));
    // A batch of pieces whose every piece is a registered code has no other units (the
    // registry refuses codes beyond its quantity), unless events commissioned more than it.
    let all_registered = batch.counted_in_pieces() && units.len() as u64 >= batch.quantity;
    if let Some(gtin) = &gtin
        && (look == Units::Everything || !all_registered)
    {
        add_lot_units(state, origin, gtin, &batch.lot).await?;
    }
    origin.batches.push(batch);
    Ok(())
}

/// The units events commissioned with `lot` of `gtin`.
async fn add_lot_units(
    state: &AppState,
    origin: &mut Origin,
    gtin: &yima_codes::gs1::Gtin,
    lot: &str,
) -> Result<(), ApiError> {
    let units = state.store.lot_units(gtin, lot).await?;
    origin.add(units.into_iter().map(ObjectKey::Epc).collect());
    Ok(())
}

/// The batch `id`, or a 404.
pub(crate) async fn stored_batch(state: &AppState, id: uuid::Uuid) -> Result<Batch, ApiError> {
    state
        .store
        .batch(id)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no batch {id} is registered")))
}

/// The objects `code` names; for a lot's code, also its units (registered to its batch, or
/// commissioned with it).
/// `name` is the parameter's name in a refusal.
pub(crate) async fn add_code(
    state: &AppState,
    origin: &mut Origin,
    name: &str,
    code: &str,
    look: Units,
) -> Result<(), ApiError> {
    let length = code.chars().count();
    if length > MAX_CODE_CHARS {
        return Err(field(
            name,
            format!("{length} characters is longer than any symbol holds ({MAX_CODE_CHARS})"),
        ));
    }
    let start = start_of_code(code, &state.rules).map_err(|e| field(name, e.to_string()))?;
    origin.add(start.keys);
    if let Some((gtin, lot)) = start.lot {
        let batch = match state.store.product_by_gtin(&gtin).await? {
            Some(product) => state.store.batch_by_lot(product.id, &lot).await?,
            None => None,
        };
        match batch {
            Some(batch) => add_batch(state, origin, batch, look).await?,
            None => add_lot_units(state, origin, &gtin, &lot).await?,
        }
    }
    Ok(())
}

/// The registered enterprises among `ids`: an identifier names one when its last segment
/// (after `/` or `:`) is its credit code, as in `https://…/enterprises/{credit code}`. Names
/// are as corrected. A PGLN cannot be matched: the registry holds no GLNs.
pub(crate) async fn enterprises<'a>(
    state: &AppState,
    ids: impl IntoIterator<Item = &'a str>,
) -> Result<HashMap<String, EnterpriseRef>, ApiError> {
    let mut by_code: HashMap<CreditCode, Vec<String>> = HashMap::new();
    for id in ids {
        let last = id.rsplit(['/', ':']).next().unwrap_or_default();
        if let Ok(code) = CreditCode::parse(last) {
            by_code.entry(code).or_default().push(id.to_owned());
        }
    }
    let codes: Vec<CreditCode> = by_code.keys().cloned().collect();
    let mut found = state.store.enterprises_of(&codes).await?;
    // Corrections of at most three records are read at once.
    for chunk in found.chunks_mut(3) {
        let subjects: Vec<RecordRef> = chunk
            .iter()
            .map(|e| RecordRef::Enterprise(e.credit_code.clone()))
            .collect();
        for c in state.store.corrections_of(&subjects).await? {
            if let Some(e) = chunk
                .iter_mut()
                .find(|e| c.subject == RecordRef::Enterprise(e.credit_code.clone()))
            {
                *e = apply_to_enterprise(e, &c).map_err(ApiError::internal)?;
            }
        }
    }
    let mut out = HashMap::new();
    for e in found {
        for id in by_code.get(&e.credit_code).into_iter().flatten() {
            out.insert(
                id.clone(),
                EnterpriseRef {
                    credit_code: e.credit_code.to_string(),
                    name: e.name.clone(),
                },
            );
        }
    }
    Ok(out)
}

/// Trace goods by code or batch.
///
/// Follows the goods through the events that name them: the cases and pallets they were
/// packed in (for as long as they were), what transformations made of them (downstream) or
/// from (upstream), and class-level quantities of a lot. Nodes are the parties and places
/// the events name, with the enterprise's name when a party's identifier ends in a
/// registered credit code; edges are movements of the traced goods with their time,
/// business step, quantity, documents and event hash IDs. A code no event names gives an
/// empty graph.
#[utoipa::path(
    get, path = "/api/v1/trace", operation_id = "trace", tag = "flows",
    security(("bearer" = [])),
    params(TraceParams),
    responses(
        (status = 200, description = "The trace", body = TraceResponse),
        (status = 400, description = "A parameter is malformed: the problem names it", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such batch", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn trace(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(params): ApiQuery<TraceParams>,
) -> Result<Json<TraceResponse>, ApiError> {
    let direction: Direction = match params.direction.as_deref() {
        None => Direction::default(),
        Some(d) => d.parse().map_err(|e: String| field("direction", e))?,
    };
    let depth = params.depth.unwrap_or(DEFAULT_DEPTH);
    if depth > MAX_DEPTH {
        return Err(field(
            "depth",
            format!("{depth} is deeper than {MAX_DEPTH}"),
        ));
    }
    let mut origin = Origin::default();
    match (&params.code, params.batch) {
        (Some(code), None) => {
            add_code(&state, &mut origin, "code", code, Units::Registered).await?
        }
        (None, Some(id)) => {
            let batch = stored_batch(&state, id).await?;
            add_batch(&state, &mut origin, batch, Units::Registered).await?;
        }
        (Some(_), Some(_)) => {
            return Err(ApiError::fields(vec![
                FieldProblem {
                    field: "code".into(),
                    problem: "give a code or a batch, not both".into(),
                },
                FieldProblem {
                    field: "batch".into(),
                    problem: "give a code or a batch, not both".into(),
                },
            ]));
        }
        (None, None) => {
            return Err(ApiError::fields(vec![
                FieldProblem {
                    field: "code".into(),
                    problem: "a code or a batch is required".into(),
                },
                FieldProblem {
                    field: "batch".into(),
                    problem: "a code or a batch is required".into(),
                },
            ]));
        }
    }
    let start = TraceStartView {
        epcs: origin.epcs(),
        classes: origin.classes(),
        batch: origin.batches.first().map(|b| b.id),
    };
    let traced = run_trace(
        state.store.as_ref(),
        Traversal::new(TraceQuery {
            start: origin.keys,
            direction,
            depth,
        }),
    )
    .await?;
    let mut g = graph(&traced);
    Viewer::new(&state, &caller).graph(&mut g).await?;
    let names = enterprises(
        &state,
        g.nodes.iter().map(|n| match &n.node {
            yima_domain::trace::Node::Id(id) => id.as_str(),
            yima_domain::trace::Node::Consumers => "",
        }),
    )
    .await?;
    Ok(Json(TraceResponse {
        start,
        direction: direction.name(),
        depth,
        truncated: g.truncated,
        objects: g.objects,
        events: g.events,
        nodes: g
            .nodes
            .iter()
            .map(|n| {
                let name = match &n.node {
                    yima_domain::trace::Node::Id(id) => names.get(id).cloned(),
                    yima_domain::trace::Node::Consumers => None,
                };
                NodeView::new(n, name)
            })
            .collect(),
        edges: g.edges.iter().map(EdgeView::from).collect(),
    }))
}
