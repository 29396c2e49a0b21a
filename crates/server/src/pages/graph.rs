//! A trace graph laid out for drawing as SVG on the server: parties and places in columns by
//! how many movements separate them from where the goods started, movements as arrows.

use std::collections::{HashMap, VecDeque};

use crate::wire::trace::{EdgeView, NodeView};

const COLUMN: i64 = 230;
const ROW: i64 = 64;
const BOX_WIDTH: i64 = 190;
const BOX_HEIGHT: i64 = 40;
const MARGIN: i64 = 10;
/// Characters of a label that fit its box.
const LABEL_CHARS: usize = 14;

/// One party or place.
#[derive(Debug, PartialEq)]
pub struct Placed {
    pub x: i64,
    pub y: i64,
    /// What fits in the box.
    pub label: String,
    /// The whole name and identifier, for the tooltip.
    pub title: String,
}

/// One arrow, from the right edge of a box to the left edge of another (or back).
#[derive(Debug, PartialEq)]
pub struct Arrow {
    pub x1: i64,
    pub y1: i64,
    pub x2: i64,
    pub y2: i64,
}

#[derive(Debug, Default)]
pub struct Drawing {
    pub width: i64,
    pub height: i64,
    pub boxes: Vec<Placed>,
    pub arrows: Vec<Arrow>,
    pub box_width: i64,
    pub box_height: i64,
}

/// Lays out `nodes` and `edges`. A node's column is its distance, in movements, from the
/// nearest node nothing moved to (the graph's sources); where every node has something moving
/// to it (goods returned in a loop), from the first node.
pub fn lay_out(nodes: &[NodeView], edges: &[EdgeView]) -> Drawing {
    let index: HashMap<&str, usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    let mut next: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    let mut has_incoming = vec![false; nodes.len()];
    let mut links: Vec<(usize, usize)> = Vec::new();
    for edge in edges {
        let (Some(from), Some(&to)) = (
            edge.from.as_deref().and_then(|f| index.get(f)),
            index.get(edge.to.as_str()),
        ) else {
            continue;
        };
        if *from != to && !links.contains(&(*from, to)) {
            links.push((*from, to));
            next[*from].push(to);
            has_incoming[to] = true;
        }
    }
    let mut column: Vec<Option<usize>> = vec![None; nodes.len()];
    let mut queue: VecDeque<usize> = (0..nodes.len()).filter(|&i| !has_incoming[i]).collect();
    if queue.is_empty() && !nodes.is_empty() {
        queue.push_back(0);
    }
    for &i in &queue {
        column[i] = Some(0);
    }
    while let Some(i) = queue.pop_front() {
        let c = column[i].unwrap_or(0);
        for &j in &next[i] {
            if column[j].is_none() {
                column[j] = Some(c + 1);
                queue.push_back(j);
            }
        }
    }
    let mut rows_used: HashMap<usize, i64> = HashMap::new();
    let mut at: Vec<(i64, i64)> = Vec::with_capacity(nodes.len());
    for c in &column {
        let c = c.unwrap_or(0);
        let row = rows_used.entry(c).or_insert(0);
        at.push((
            MARGIN + i64::try_from(c).unwrap_or(0) * COLUMN,
            MARGIN + *row * ROW,
        ));
        *row += 1;
    }
    let boxes = nodes
        .iter()
        .zip(&at)
        .map(|(node, &(x, y))| {
            let name = node
                .enterprise
                .as_ref()
                .map_or(node.id.as_str(), |e| e.name.as_str());
            Placed {
                x,
                y,
                label: shorten(name),
                title: match &node.enterprise {
                    Some(e) => format!("{} ({})", e.name, e.credit_code),
                    None => node.id.clone(),
                },
            }
        })
        .collect();
    let arrows = links
        .iter()
        .map(|&(from, to)| {
            let ((fx, fy), (tx, ty)) = (at[from], at[to]);
            let forward = tx > fx;
            Arrow {
                x1: if forward { fx + BOX_WIDTH } else { fx },
                y1: fy + BOX_HEIGHT / 2,
                x2: if forward { tx } else { tx + BOX_WIDTH },
                y2: ty + BOX_HEIGHT / 2,
            }
        })
        .collect();
    let width = at.iter().map(|&(x, _)| x).max().unwrap_or(0) + BOX_WIDTH + 2 * MARGIN;
    let height = at.iter().map(|&(_, y)| y).max().unwrap_or(0) + BOX_HEIGHT + 2 * MARGIN;
    Drawing {
        width,
        height,
        boxes,
        arrows,
        box_width: BOX_WIDTH,
        box_height: BOX_HEIGHT,
    }
}

/// `name` cut to what fits a box, with an ellipsis when cut.
fn shorten(name: &str) -> String {
    let name = name
        .rsplit('/')
        .next()
        .filter(|_| name.contains("://"))
        .unwrap_or(name);
    if name.chars().count() <= LABEL_CHARS {
        name.to_owned()
    } else {
        let mut cut: String = name.chars().take(LABEL_CHARS - 1).collect();
        cut.push('…');
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::trace::EnterpriseRef;

    fn node(id: &str) -> NodeView {
        NodeView {
            id: id.to_owned(),
            kinds: vec![],
            enterprise: None,
        }
    }

    fn edge(from: &str, to: &str) -> EdgeView {
        EdgeView {
            from: Some(from.to_owned()),
            to: to.to_owned(),
            time: chrono::DateTime::UNIX_EPOCH,
            biz_step: None,
            kind: "ship",
            quantities: vec![],
            documents: vec![],
            events: vec![],
        }
    }

    #[test]
    fn tiers_go_in_columns_and_each_pair_gets_one_arrow() {
        let nodes = [
            node("maker"),
            node("shop-a"),
            node("shop-b"),
            node("wholesaler"),
        ];
        let edges = [
            edge("maker", "wholesaler"),
            edge("maker", "wholesaler"),
            edge("wholesaler", "shop-a"),
            edge("wholesaler", "shop-b"),
        ];
        let d = lay_out(&nodes, &edges);
        let x: Vec<i64> = d.boxes.iter().map(|b| b.x).collect();
        assert_eq!(
            x,
            [
                MARGIN,
                MARGIN + 2 * COLUMN,
                MARGIN + 2 * COLUMN,
                MARGIN + COLUMN
            ]
        );
        assert_eq!(d.boxes[1].y, MARGIN);
        assert_eq!(d.boxes[2].y, MARGIN + ROW);
        assert_eq!(d.arrows.len(), 3);
        assert_eq!(d.width, MARGIN + 2 * COLUMN + BOX_WIDTH + 2 * MARGIN);
    }

    #[test]
    fn a_loop_of_returns_still_draws() {
        let d = lay_out(&[node("a"), node("b")], &[edge("a", "b"), edge("b", "a")]);
        assert_eq!(d.boxes.len(), 2);
        assert_eq!(d.arrows.len(), 2);
        assert_eq!(d.boxes[1].x, MARGIN + COLUMN);
    }

    #[test]
    fn names_are_shown_and_cut_to_fit() {
        let mut n = node("https://id.gs1.org/417/6901234000009");
        assert_eq!(lay_out(&[n], &[]).boxes[0].label, "6901234000009");
        n = node("x");
        n.enterprise = Some(EnterpriseRef {
            credit_code: "91350100M000100Y43".to_owned(),
            name: "闽江电线电缆有限公司福州第二分公司仓库".to_owned(),
        });
        let d = lay_out(&[n], &[]);
        assert_eq!(d.boxes[0].label.chars().count(), LABEL_CHARS);
        assert!(d.boxes[0].title.contains("91350100M000100Y43"));
    }
}
