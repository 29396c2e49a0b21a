//! The path of one batch's goods, as flows and their EPCIS events:
//!
//! 1. the producer commissions the units (one event, with the lot's master data);
//! 2. packs them into cases (one AggregationEvent per case, parent the case's SSCC);
//! 3. ships the cases to one distributor, or two when there are four cases or more, who
//!    receives them (a despatch advice named by both);
//! 4. each distributor ships each case on to one of its shops, who receive them;
//! 5. the shops unpack the cases and sell a little over half the units, one sale each;
//! 6. a few sold units (3 in 100) come back (returned by consumers);
//! 7. in the anomaly batches, a sold unit is sold again by another shop (a clone) and a unit
//!    never recorded as made or shipped is sold by a shop (a sale without purchase).
//!
//! Times follow the path (hours to weeks after production, at +08:00), so no history check
//! finds time running backwards, and the only anomalies are the injected ones.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDateTime, NaiveTime};

use super::anomalies::{InjectedAnomaly, InjectedKind};
use super::parties::PartyKind;
use super::registry::{GenBatch, printed_code, sscc};
use super::{GenError, Generator, draw, epoch};
use crate::epcis::Event;
use crate::flows::{FlowAction, FlowDraft, LotFacts};

/// Percent of units sold, and of sold units returned.
const SOLD_PERCENT: u64 = 55;
const RETURNED_PERCENT: u64 = 3;

/// One batch's flows.
#[derive(Debug, Clone)]
pub struct BatchFlows {
    pub batch: u64,
    /// The flows as a client would send them (the rows of a flows CSV).
    pub drafts: Vec<FlowDraft>,
    /// The same flows' events, in the same order.
    pub events: Vec<Event>,
    pub anomalies: Vec<InjectedAnomaly>,
    /// How many cases the batch was packed in.
    pub cases: u64,
}

/// Who takes part in a batch's path, and what happens to each unit: decided from draws
/// alone, so that the anomalies can be listed without making the events.
struct Path {
    codes: Vec<String>,
    producer: String,
    /// Units recorded as made (commissioned), `0..recorded`; the rest left unrecorded.
    recorded: u64,
    /// (SSCC, first unit, end) of each case.
    cases: Vec<(String, u64, u64)>,
    /// Distributor (index) of each case.
    distributor: Vec<u64>,
    /// Shop (index) of each case.
    shop: Vec<u64>,
    sold: Vec<bool>,
    returned: Vec<bool>,
    /// (unit, its shop, the cloning shop)
    clone: Option<(u64, u64, u64)>,
    /// (unit, the shop selling it)
    unpurchased: Option<(u64, u64)>,
}

fn party_code(generator: &Generator, kind: PartyKind, index: u64) -> Result<String, GenError> {
    generator
        .party(kind, index)
        .map(|p| p.enterprise.credit_code.to_string())
        .ok_or_else(|| GenError::code(kind.name(), format!("no {} {index}", kind.name())))
}

fn path(generator: &Generator, batch: &GenBatch) -> Result<Path, GenError> {
    let plan = &generator.plan;
    let seed = generator.config.seed;
    let b = batch.index;
    let product = generator
        .products()
        .get(batch.product as usize)
        .ok_or_else(|| GenError::code("batch", "no product"))?;
    let codes = (0..batch.units)
        .map(|u| printed_code(generator, batch, u))
        .collect::<Result<Vec<_>, _>>()?;
    let anomalous = plan.anomalous(b);
    let recorded = if anomalous && batch.units >= 2 {
        batch.units - 1
    } else {
        batch.units
    };
    let mut cases = Vec::new();
    let mut start = 0;
    while start < recorded {
        let end = (start + product.case_size).min(recorded);
        cases.push((sscc(product.producer, b, cases.len() as u64)?, start, end));
        start = end;
    }
    let d = plan.distributors;
    let first = draw(seed, &[30, b]) % d;
    let second = (first + 1 + draw(seed, &[31, b]) % (d - 1).max(1)) % d;
    let half = cases.len().div_ceil(2);
    let mut distributor = Vec::with_capacity(cases.len());
    let mut shop = Vec::with_capacity(cases.len());
    for j in 0..cases.len() {
        let k = if cases.len() >= 4 && j >= half {
            second
        } else {
            first
        };
        distributor.push(k);
        // A distributor serves the shops whose number it divides into: shops k, k + d, …
        let served = (plan.shops - k).div_ceil(d);
        shop.push(k + d * (draw(seed, &[32, b, j as u64]) % served));
    }
    let sold: Vec<bool> = (0..batch.units)
        .map(|u| u < recorded && draw(seed, &[33, b, u]) % 100 < SOLD_PERCENT)
        .collect();
    let returned: Vec<bool> = (0..batch.units)
        .map(|u| sold[u as usize] && draw(seed, &[34, b, u]) % 100 < RETURNED_PERCENT)
        .collect();
    let shop_of = |u: u64| {
        cases
            .iter()
            .position(|(_, s, e)| (*s..*e).contains(&u))
            .and_then(|j| shop.get(j).copied())
    };
    let other_shop = |own: u64, n: u64| {
        (own + 1 + draw(seed, &[35, b, n]) % (plan.shops - 1).max(1)) % plan.shops
    };
    let clone = if anomalous {
        (0..recorded)
            .find(|u| sold[*u as usize] && !returned[*u as usize])
            .and_then(|u| shop_of(u).map(|own| (u, own, other_shop(own, u))))
    } else {
        None
    };
    let unpurchased =
        (recorded < batch.units).then(|| (recorded, draw(seed, &[36, b]) % plan.shops));
    Ok(Path {
        codes,
        producer: party_code(generator, PartyKind::Producer, product.producer)?,
        recorded,
        cases,
        distributor,
        shop,
        sold,
        returned,
        clone,
        unpurchased,
    })
}

/// Times along the path: `days`, `minutes` after production day's 08:00 at +08:00.
fn at(batch: &GenBatch, days: i64, minutes: i64) -> String {
    let start = NaiveDateTime::new(
        batch.batch.production_date,
        NaiveTime::from_hms_opt(8, 0, 0).unwrap_or(NaiveTime::MIN),
    );
    let t = start + Duration::days(days) + Duration::minutes(minutes);
    format!("{}+08:00", t.format("%Y-%m-%dT%H:%M:%S"))
}

fn draft(action: FlowAction, by: &str, codes: Vec<String>, time: String) -> FlowDraft {
    FlowDraft {
        action: action.name().to_owned(),
        by: by.to_owned(),
        codes,
        at: Some(time),
        ..FlowDraft::default()
    }
}

/// The anomalies `batch` carries.
pub(super) fn anomalies_of(
    generator: &Generator,
    batch: &GenBatch,
) -> Result<Vec<InjectedAnomaly>, GenError> {
    if !generator.plan.anomalous(batch.index) {
        return Ok(Vec::new());
    }
    Ok(of_batch(generator, batch)?.anomalies)
}

pub(super) fn of_batch(generator: &Generator, batch: &GenBatch) -> Result<BatchFlows, GenError> {
    let p = path(generator, batch)?;
    let b = batch.index;
    let code = |u: u64| p.codes.get(u as usize).cloned().unwrap_or_default();
    let units = |s: u64, e: u64| (s..e).map(code).collect::<Vec<_>>();
    let shop = |i: u64| party_code(generator, PartyKind::Shop, i);
    let distributor = |i: u64| party_code(generator, PartyKind::Distributor, i);
    let product = generator
        .products()
        .get(batch.product as usize)
        .ok_or_else(|| GenError::code("batch", "no product"))?;
    let mut drafts = Vec::new();

    if p.recorded > 0 {
        let mut commission = draft(
            FlowAction::Commission,
            &p.producer,
            units(0, p.recorded),
            at(batch, 0, 0),
        );
        commission.gtin = product.product.gtin.as_ref().map(ToString::to_string);
        commission.lot = Some(batch.batch.lot.clone());
        drafts.push(commission);
    }
    for (j, (sscc, s, e)) in p.cases.iter().enumerate() {
        let mut pack = draft(
            FlowAction::Pack,
            &p.producer,
            units(*s, *e),
            at(batch, 0, 120 + j as i64),
        );
        pack.parent = Some(sscc.clone());
        drafts.push(pack);
    }
    // Producer → distributors: a shipment and its receipt per distributor.
    let mut by_distributor: BTreeMap<u64, Vec<usize>> = BTreeMap::new();
    for (j, d) in p.distributor.iter().enumerate() {
        by_distributor.entry(*d).or_default().push(j);
    }
    for (k, (d, cases)) in by_distributor.iter().enumerate() {
        let ssccs: Vec<String> = cases.iter().map(|j| p.cases[*j].0.clone()).collect();
        let to = distributor(*d)?;
        let number = format!("DA{b}-{k}");
        let mut ship = draft(
            FlowAction::Ship,
            &p.producer,
            ssccs.clone(),
            at(batch, 1, 10 * k as i64),
        );
        ship.to = Some(to.clone());
        ship.document = Some(number.clone());
        let mut receive = draft(FlowAction::Receive, &to, ssccs, at(batch, 2, 10 * k as i64));
        receive.from = Some(p.producer.clone());
        receive.document = Some(number);
        drafts.push(ship);
        drafts.push(receive);
    }
    // Distributors → shops.
    let mut by_shop: BTreeMap<(u64, u64), Vec<usize>> = BTreeMap::new();
    for (j, (d, s)) in p.distributor.iter().zip(&p.shop).enumerate() {
        by_shop.entry((*d, *s)).or_default().push(j);
    }
    for (i, ((d, s), cases)) in by_shop.iter().enumerate() {
        let ssccs: Vec<String> = cases.iter().map(|j| p.cases[*j].0.clone()).collect();
        let (from, to) = (distributor(*d)?, shop(*s)?);
        let number = format!("DA{b}-S{i}");
        let mut ship = draft(
            FlowAction::Ship,
            &from,
            ssccs.clone(),
            at(batch, 4, 10 * i as i64),
        );
        ship.to = Some(to.clone());
        ship.document = Some(number.clone());
        let mut receive = draft(FlowAction::Receive, &to, ssccs, at(batch, 5, 10 * i as i64));
        receive.from = Some(from);
        receive.document = Some(number);
        drafts.push(ship);
        drafts.push(receive);
    }
    for (j, (sscc, s, e)) in p.cases.iter().enumerate() {
        let mut unpack = draft(
            FlowAction::Unpack,
            &shop(p.shop[j])?,
            units(*s, *e),
            at(batch, 5, 180 + j as i64),
        );
        unpack.parent = Some(sscc.clone());
        drafts.push(unpack);
    }
    // Sales, then returns, each unit by the shop its case went to.
    let mut returns = Vec::new();
    let mut sales = 0;
    for (j, (_, s, e)) in p.cases.iter().enumerate() {
        let seller = shop(p.shop[j])?;
        for u in *s..*e {
            if !p.sold[u as usize] {
                continue;
            }
            drafts.push(draft(
                FlowAction::Sell,
                &seller,
                vec![code(u)],
                at(batch, 6, 7 * sales),
            ));
            if p.returned[u as usize] {
                returns.push((seller.clone(), u));
            }
            sales += 1;
        }
    }
    for (n, (seller, u)) in returns.into_iter().enumerate() {
        drafts.push(draft(
            FlowAction::Return,
            &seller,
            vec![code(u)],
            at(batch, 20, 7 * n as i64),
        ));
    }
    let mut injected = Vec::new();
    if let Some((u, own, cloner)) = p.clone {
        let by = shop(cloner)?;
        drafts.push(draft(
            FlowAction::Sell,
            &by,
            vec![code(u)],
            at(batch, 25, 0),
        ));
        injected.push((InjectedKind::ClonedCode, u, by, Some(shop(own)?)));
    }
    if let Some((u, seller)) = p.unpurchased {
        let by = shop(seller)?;
        drafts.push(draft(
            FlowAction::Sell,
            &by,
            vec![code(u)],
            at(batch, 25, 60),
        ));
        injected.push((InjectedKind::SaleWithoutPurchase, u, by, None));
    }

    let facts = LotFacts::of(&batch.batch, &product.product);
    let now = epoch();
    let mut events = Vec::with_capacity(drafts.len());
    for (i, d) in drafts.iter().enumerate() {
        let flow = d
            .validate(generator.rules(), now)
            .map_err(GenError::invalid(format!("flow {i} of batch {b}")))?;
        let lot = (flow.action == FlowAction::Commission).then_some(&facts);
        let event = flow
            .event(lot)
            .map_err(GenError::invalid(format!("event {i} of batch {b}")))?;
        events.push(event);
    }
    // The injected sales are the last events, in the order `injected` lists them.
    let first_injected = events.len() - injected.len();
    let anomalies = injected
        .into_iter()
        .enumerate()
        .map(|(i, (kind, u, shop, first_sold_by))| InjectedAnomaly {
            kind,
            detected_as: kind.detected_as().name(),
            code: code(u),
            epc: events
                .get(first_injected + i)
                .and_then(|e| e.epc_list.first().cloned())
                .unwrap_or_default(),
            batch: b,
            lot: batch.batch.lot.clone(),
            shop,
            first_sold_by,
        })
        .collect();
    Ok(BatchFlows {
        batch: b,
        drafts,
        events,
        anomalies,
        cases: p.cases.len() as u64,
    })
}
