//! A query's answer, a page at a time, for every resource that answers one: `/events`, the
//! events of an event type, EPC, business step, disposition, read point or business location,
//! and the events of a named query. The store narrows by what it indexes (`query.rs`), the
//! domain's `EventQuery::matches` decides, and the page goes out as an `EPCISQueryDocument`
//! with the next page's address in the `Link` header.

use axum::http::HeaderValue;
use axum::response::Response;
use yima_codes::gs1::{
    EXAMPLE_COMPANY_PREFIXES, EpcisIdTarget, company_prefix_length, translate_epcis_id,
};
use yima_domain::epcis::query::{Limit, OrderBy};
use yima_domain::epcis::{DocumentType, Event, EventQuery, Timestamp, write_document};
use yima_store::{EventCursor, StoredEvent};

use super::exception::{EpcisError, Exception};
use super::headers::EpcFormat;
use super::{pages, query};
use crate::access::Caller;
use crate::api::now;
use crate::disclosure::Viewer;
use crate::state::AppState;

/// Events a page holds unless `perPage` says fewer; also the most it may say.
pub const DEFAULT_PER_PAGE: usize = 100;
pub const MAX_PER_PAGE: usize = 1_000;
/// The most events a query ordered by an extension field or a measurement may match: they are
/// sorted in memory.
const MAX_SORTED: usize = 10_000;
/// Rows the store is asked for at a time while the domain filters them.
const CHUNK: u32 = 500;
/// The query name of the standard's one events query.
pub const SIMPLE_EVENT_QUERY: &str = "SimpleEventQuery";

/// Where the next page is asked for: the resource's path and the client's own parameters (the
/// ones the path implies are not repeated), to which its `nextPageToken` is added.
pub struct NextLink {
    pub path: String,
    pub pairs: Vec<(String, String)>,
}

/// One page of `query`'s events as an `EPCISQueryDocument` named `query_name`, identifiers in
/// `format`, and the `Link` (and `GS1-Next-Page-Token`) to the next page if there is one.
pub async fn answer(
    state: &AppState,
    caller: &Caller,
    format: EpcFormat,
    query: &EventQuery,
    query_name: &str,
    link: NextLink,
) -> Result<Response, EpcisError> {
    let mut viewer = Viewer::new(state, caller);
    let page = run(state, &mut viewer, query).await?;
    let events: Vec<Event> = page
        .events
        .into_iter()
        .map(|stored| translated(stored.captured.event, format))
        .collect();
    let document = write_document(
        DocumentType::EpcisQueryDocument,
        Timestamp::from(now()),
        &events,
        Some(query_name),
    );
    let mut response = super::json(document);
    if let Some(token) = page.next {
        let mut next = link.pairs;
        next.retain(|(name, _)| name != "nextPageToken");
        next.push(("nextPageToken".into(), token.clone()));
        pages::link_next(&mut response, &link.path, &next);
        if let Ok(value) = HeaderValue::from_str(&token) {
            response.headers_mut().insert("GS1-Next-Page-Token", value);
        }
    }
    Ok(response)
}

/// A page of a query's answer, and the token of the next page if there is one.
struct Page {
    events: Vec<StoredEvent>,
    next: Option<String>,
}

async fn run(
    state: &AppState,
    viewer: &mut Viewer<'_>,
    query: &EventQuery,
) -> Result<Page, EpcisError> {
    let per_page = query
        .result
        .per_page
        .map_or(DEFAULT_PER_PAGE, |n| n.get() as usize)
        .min(MAX_PER_PAGE);
    let (page_size, most) = match query.result.limit {
        Some(Limit::EventCount(n)) => ((n.get() as usize).min(per_page), None),
        Some(Limit::MaxEventCount(n)) => (per_page, Some(n.get() as usize)),
        None => (per_page, None),
    };
    let token = query.result.next_page_token.as_deref();
    if matches!(
        query.result.order_by,
        Some(OrderBy::Extension(_) | OrderBy::Measurement(_))
    ) {
        return sorted_page(state, viewer, query, page_size, token).await;
    }
    let after = token.map(pages::cursor).transpose().map_err(|rule| {
        EpcisError::new(Exception::QueryParameter, format!("nextPageToken: {rule}"))
    })?;
    // Under maxEventCount the whole answer is counted first, to refuse it if too large.
    let wanted = match most {
        Some(most) => most + 1,
        None => page_size + 1,
    };
    let (matched, _) = scan(state, viewer, query, after, wanted).await?;
    if let Some(most) = most
        && matched.len() > most
    {
        return Err(EpcisError::new(
            Exception::QueryTooLarge,
            format!("more than maxEventCount={most} events match"),
        ));
    }
    let order = query::order(query);
    let has_more = matched.len() > page_size
        && query
            .result
            .limit
            .is_none_or(|l| matches!(l, Limit::MaxEventCount(_)));
    let mut events = matched;
    events.truncate(page_size);
    let next = match (has_more, events.last()) {
        (true, Some(last)) => Some(pages::token(order.cursor_after(last))),
        _ => None,
    };
    Ok(Page { events, next })
}

/// Up to `wanted` events that match and that the viewer may see (as it may see them), in the
/// store's order after `after`, and whether the store ran out. Events are filtered here, not
/// after paging, so that a page is full whatever the caller may not see.
async fn scan(
    state: &AppState,
    viewer: &mut Viewer<'_>,
    query: &EventQuery,
    after: Option<EventCursor>,
    wanted: usize,
) -> Result<(Vec<StoredEvent>, bool), EpcisError> {
    let mut selection = query::selection(query);
    let order = selection.order;
    selection.after = after;
    let mut matched = Vec::new();
    loop {
        selection.limit = CHUNK;
        let chunk = state.store.events(&selection).await?;
        let exhausted = chunk.len() < CHUNK as usize;
        if let Some(last) = chunk.last() {
            selection.after = Some(order.cursor_after(last));
        }
        for mut stored in chunk {
            if !query.matches(&stored.captured.event, stored.captured.recorded_at) {
                continue;
            }
            if viewer.event(&mut stored.captured.event).await? {
                matched.push(stored);
                if matched.len() >= wanted {
                    return Ok((matched, false));
                }
            }
        }
        if exhausted {
            return Ok((matched, true));
        }
    }
}

/// A page of a query ordered by an extension field or a measurement: every match is sorted in
/// memory (at most `MAX_SORTED`), and the token is the next page's offset.
async fn sorted_page(
    state: &AppState,
    viewer: &mut Viewer<'_>,
    query: &EventQuery,
    page_size: usize,
    token: Option<&str>,
) -> Result<Page, EpcisError> {
    let offset = match token {
        None => 0,
        Some(t) => t
            .strip_prefix('+')
            .and_then(|n| n.parse::<usize>().ok())
            .ok_or_else(|| {
                EpcisError::new(
                    Exception::QueryParameter,
                    format!("nextPageToken: '{t}' is not a page token this server gave"),
                )
            })?,
    };
    let (mut matched, _) = scan(state, viewer, query, None, MAX_SORTED + 1).await?;
    if matched.len() > MAX_SORTED {
        return Err(EpcisError::new(
            Exception::QueryTooLarge,
            format!(
                "more than {MAX_SORTED} events match a query ordered by a field of the events; \
                 narrow it or order by eventTime or recordTime"
            ),
        ));
    }
    matched.sort_by(|a, b| {
        query
            .compare(&a.captured.event, &b.captured.event)
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let total = matched.len();
    let events: Vec<StoredEvent> = matched.into_iter().skip(offset).take(page_size).collect();
    let next = (offset + page_size < total).then(|| format!("+{}", offset + page_size));
    Ok(Page { events, next })
}

/// `event` with its identifiers in the form the client asked for.
pub fn translated(mut event: Event, format: EpcFormat) -> Event {
    if let Some(target) = target(format) {
        event.map_identifiers(|id| translate(id, target));
    }
    event
}

/// One identifier in the form the client asked for.
pub fn translated_id(id: String, format: EpcFormat) -> String {
    match target(format) {
        Some(target) => translate(&id, target),
        None => id,
    }
}

fn target(format: EpcFormat) -> Option<EpcisIdTarget> {
    match format {
        EpcFormat::AlwaysDigitalLink => Some(EpcisIdTarget::DigitalLink),
        EpcFormat::AlwaysUrn => Some(EpcisIdTarget::Urn),
        EpcFormat::NoPreference | EpcFormat::NeverTranslates => None,
    }
}

fn translate(id: &str, target: EpcisIdTarget) -> String {
    translate_epcis_id(id, target, |digits| {
        company_prefix_length(EXAMPLE_COMPANY_PREFIXES, digits)
    })
}
