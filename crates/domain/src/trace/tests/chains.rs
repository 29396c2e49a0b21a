//! Small chains whose traces and ledgers can be read off by hand.

use super::*;
use crate::trace::{Edge, Graph, LedgerLine, MoveKind, Node, graph, ledger};

const FACTORY: &str = "urn:t:factory-site";
const P: &str = "urn:t:producer";
const D: &str = "urn:t:distributor";
const S1: &str = "urn:t:shop1";
const S2: &str = "urn:t:shop2";

/// Four units in two cases on one pallet: shipped to a distributor, who unpacks the pallet
/// and sends a case to each of two shops. Shop 1 unpacks its case, sells u1 and sends u2
/// back; shop 2 keeps its case packed.
fn pallet_chain() -> Events {
    let mut e = Events::new();
    e.commission(1, FACTORY, &["u1", "u2", "u3", "u4"]);
    e.pack(2, "c1", &["u1", "u2"]);
    e.pack(3, "c2", &["u3", "u4"]);
    e.pack(4, "p1", &["c1", "c2"]);
    e.ship(5, P, D, &["p1"]);
    e.receive(6, P, D, &["p1"]);
    e.unpack(7, "p1", &[]);
    e.ship(8, D, S1, &["c1"]);
    e.receive(9, D, S1, &["c1"]);
    e.ship(10, D, S2, &["c2"]);
    e.receive(11, D, S2, &["c2"]);
    e.unpack(12, "c1", &[]);
    e.sell(13, &["u1"]);
    e.ship(14, S1, D, &["u2"]);
    e.receive(15, S1, D, &["u2"]).disposition = Some(Term::Standard(Disposition::Returned));
    e
}

fn id(s: &str) -> Node {
    Node::Id(s.into())
}

/// (from, to, hour, kind, items) of every edge.
fn edges(g: &Graph) -> Vec<(Option<Node>, Node, u32, MoveKind, f64)> {
    g.edges
        .iter()
        .map(|e: &Edge| {
            let h = (e.time - hour(0)).num_hours() as u32;
            let items = e
                .quantities
                .iter()
                .find(|(m, _)| m.is_none())
                .map_or(0.0, |(_, q)| *q);
            (e.from.clone(), e.to.clone(), h, e.kind, items)
        })
        .collect()
}

#[test]
fn a_unit_is_followed_through_its_case_and_pallet() {
    let chain = pallet_chain();
    let traced = chain.trace(&[epc("u1")], Direction::Downstream, 10);
    let g = graph(&traced);
    assert_eq!(
        edges(&g),
        [
            (Some(id(P)), id(D), 5, MoveKind::Transfer, 1.0),
            (Some(id(P)), id(D), 6, MoveKind::Confirm, 1.0),
            (Some(id(D)), id(S1), 8, MoveKind::Transfer, 1.0),
            (Some(id(D)), id(S1), 9, MoveKind::Confirm, 1.0),
            (Some(id(S1)), Node::Consumers, 13, MoveKind::Sale, 1.0),
        ]
    );
    assert!(!g.truncated);
    // Nodes: the parties, the consumers, and the factory where u1 was commissioned.
    let nodes: Vec<&Node> = g.nodes.iter().map(|n| &n.node).collect();
    for n in [id(P), id(D), id(S1), id(FACTORY), Node::Consumers] {
        assert!(nodes.contains(&&n), "{n:?} in {nodes:?}");
    }
    assert!(!nodes.contains(&&id(S2)), "u1 never went to shop 2");
    assert_eq!(g.edges[0].events.len(), 1);
    assert_eq!(g.edges[0].documents.len(), 1);
    assert_eq!(g.edges[0].biz_step.as_deref(), Some("shipping"));
}

#[test]
fn a_pallet_leads_to_every_unit_it_carried() {
    let chain = pallet_chain();
    let traced = chain.trace(&[epc("p1")], Direction::Downstream, 10);
    let g = graph(&traced);
    let e = edges(&g);
    assert!(
        e.contains(&(Some(id(P)), id(D), 5, MoveKind::Transfer, 4.0)),
        "{e:?}"
    );
    assert!(e.contains(&(Some(id(D)), id(S1), 8, MoveKind::Transfer, 2.0)));
    assert!(e.contains(&(Some(id(D)), id(S2), 10, MoveKind::Transfer, 2.0)));
    assert!(e.contains(&(Some(id(S1)), Node::Consumers, 13, MoveKind::Sale, 1.0)));
    assert!(e.contains(&(Some(id(S1)), id(D), 14, MoveKind::Return, 1.0)));
    assert!(e.contains(&(Some(id(S1)), id(D), 15, MoveKind::Confirm, 1.0)));
}

fn line<'a>(lines: &'a [LedgerLine], party: &str) -> &'a LedgerLine {
    lines.iter().find(|l| l.party == party).unwrap()
}

#[test]
fn the_ledger_of_the_pallet_balances() {
    let chain = pallet_chain();
    let traced = chain.trace(&[epc("p1")], Direction::Downstream, 50);
    let l = ledger(&traced);
    let p = line(&l.lines, P);
    assert_eq!((p.produced, p.shipped, p.held), (4.0, 4.0, 0.0));
    let d = line(&l.lines, D);
    assert_eq!(
        (d.received, d.returns_received, d.shipped, d.held),
        (5.0, 1.0, 4.0, 1.0)
    );
    let s1 = line(&l.lines, S1);
    assert_eq!(
        (s1.received, s1.sold_to_consumers, s1.returned, s1.held),
        (2.0, 1.0, 1.0, 0.0)
    );
    let s2 = line(&l.lines, S2);
    assert_eq!((s2.received, s2.held), (2.0, 2.0));
    assert_eq!(l.with_consumers, [(None, 1.0)]);
    assert_eq!(
        l.lines.iter().map(|l| l.party.as_str()).collect::<Vec<_>>(),
        [P, D, S1, S2],
        "in the order they first had the goods"
    );
    assert!(
        !l.lines.iter().any(|l| l.party == FACTORY),
        "credited to the producer"
    );
}

#[test]
fn upstream_from_a_sold_unit_finds_its_path_and_nothing_else() {
    let chain = pallet_chain();
    let traced = chain.trace(&[epc("u1")], Direction::Upstream, 10);
    let g = graph(&traced);
    assert_eq!(edges(&g).len(), 5);
    let both = graph(&chain.trace(&[epc("u1")], Direction::Both, 10));
    assert_eq!(edges(&both), edges(&g), "the same movements, counted once");
}

#[test]
fn depth_zero_follows_only_the_code_itself() {
    let chain = pallet_chain();
    let traced = chain.trace(&[epc("u1")], Direction::Downstream, 0);
    let g = graph(&traced);
    assert_eq!(
        edges(&g),
        [(Some(id(FACTORY)), Node::Consumers, 13, MoveKind::Sale, 1.0)],
        "the case and pallet are one and two links away"
    );
    assert!(g.truncated);
    assert_eq!(traced.hops, 1);
    let one = chain.trace(&[epc("u1")], Direction::Downstream, 1);
    assert!(one.truncated(), "the pallet is two links away");
    assert_eq!(one.hops, 2);
}

#[test]
fn transformations_lead_downstream_to_outputs_and_upstream_to_inputs() {
    let mut e = Events::new();
    let lot = "https://id.gs1.org/01/04012345123456/10/L1";
    e.commission_class(1, FACTORY, lot, 500.0, Some("MTR"));
    let ship = e.observe(2, BizStep::Shipping, &[]);
    ship.classes.push(ClassAmount {
        role: EpcRole::Epc,
        class: lot.into(),
        quantity: Some(200.0),
        uom: Some("MTR".into()),
    });
    ship.sources.push(owner(P));
    ship.destinations.push(owner(D));
    let cut = e.transform(3, "urn:t:d-site", &[], &["h1", "h2"]);
    cut.classes.push(ClassAmount {
        role: EpcRole::Input,
        class: lot.into(),
        quantity: Some(20.0),
        uom: Some("MTR".into()),
    });
    cut.sources.push(owner(D));
    e.ship(4, D, S1, &["h1", "h2"]);
    e.commission(5, FACTORY, &["other"]);
    e.transform(6, FACTORY, &["other"], &["unrelated"]);

    let down = e.trace(&[class(lot)], Direction::Downstream, 10);
    let g = graph(&down);
    let found: Vec<_> = g
        .edges
        .iter()
        .map(|e| (e.from.clone(), e.to.clone(), e.quantities.clone()))
        .collect();
    assert!(
        found.contains(&(Some(id(P)), id(D), vec![(Some("MTR".into()), 200.0)])),
        "{found:?}"
    );
    assert!(
        found.contains(&(Some(id(D)), id(S1), vec![(None, 2.0)])),
        "{found:?}"
    );
    let l = ledger(&down);
    let d = l
        .lines
        .iter()
        .find(|l| l.party == D && l.measure.is_some())
        .unwrap();
    assert_eq!((d.received, d.removed, d.held), (200.0, 20.0, 180.0));
    let p = l.lines.iter().find(|l| l.party == P).unwrap();
    assert_eq!((p.produced, p.shipped, p.held), (500.0, 200.0, 300.0));
    let d_items = l
        .lines
        .iter()
        .find(|l| l.party == D && l.measure.is_none())
        .unwrap();
    assert_eq!((d_items.produced, d_items.shipped), (2.0, 2.0));

    let up = e.trace(&[epc("h1")], Direction::Upstream, 10);
    let reach = up.up.as_ref().unwrap();
    assert!(reach.contains(&up.pool, &class(lot)));
    assert!(
        !reach.contains(&up.pool, &epc("h2")),
        "a sibling output is not upstream"
    );
    assert!(!reach.contains(&up.pool, &epc("unrelated")));
    let down_h1 = e.trace(&[epc("h1")], Direction::Downstream, 10);
    let reach = down_h1.down.as_ref().unwrap();
    assert!(!reach.contains(&down_h1.pool, &class(lot)));
}

#[test]
fn cycles_in_packing_end() {
    let mut e = Events::new();
    e.commission(1, FACTORY, &["a", "b"]);
    e.pack(2, "a", &["b"]);
    e.pack(3, "b", &["a"]);
    e.ship(4, P, D, &["a"]);
    e.ship(5, D, P, &["b"]);
    e.ship(6, P, D, &["b"]);
    let traced = e.trace(&[epc("a")], Direction::Both, 50);
    assert!(traced.hops <= 3, "{}", traced.hops);
    // Each holds the other: both are containers, so no goods are counted, but the trace
    // ends and names the parties.
    let g = graph(&traced);
    assert!(g.nodes.iter().any(|n| n.node == id(D)));
}

#[test]
fn erroneous_events_left_out_by_the_store_are_not_asked_for_again() {
    use crate::trace::{Pool, TraceAnswer};
    let mut pool = Pool::default();
    let ghost = Uuid::from_u128(99);
    pool.absorb(TraceAnswer {
        matched: vec![ghost],
        ..TraceAnswer::default()
    });
    assert!(pool.known().contains(&ghost));
    assert!(pool.is_empty());
}
