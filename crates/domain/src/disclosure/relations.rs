//! A viewer's relations to a record: from what the viewer is (its principal) and whom and
//! where the record involves.

use std::collections::BTreeSet;

use yima_codes::enterprise::CreditCode;

use super::Audience;
use crate::access::{Jurisdiction, Principal};
use crate::region::RegionCode;

/// Whom and where a record involves.
#[derive(Debug, Clone, Default)]
pub struct Involvement {
    /// The enterprise whose record it is: a product's producer, an event's recorder.
    pub owner: Option<CreditCode>,
    /// The enterprises it names besides: a flow's source and destination.
    pub parties: Vec<CreditCode>,
    /// The registered regions of the owner and the parties.
    pub regions: Vec<RegionCode>,
    /// The catalogue category of its goods, where it has one.
    pub category: Option<String>,
}

impl Involvement {
    /// The owner and the parties.
    fn everyone(&self) -> impl Iterator<Item = &CreditCode> {
        self.owner.iter().chain(&self.parties)
    }
}

/// The audiences a viewer belongs to for one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relations {
    admin: bool,
    audiences: BTreeSet<Audience>,
}

impl Relations {
    /// The public's: anyone's.
    pub fn public() -> Self {
        Self {
            admin: false,
            audiences: BTreeSet::from([Audience::Public]),
        }
    }

    /// Those of `principal` (none: the public) to a record involving `involvement`.
    pub fn of(principal: Option<&Principal>, involvement: &Involvement) -> Self {
        let mut relations = Self::public();
        let Some(principal) = principal else {
            return relations;
        };
        let mut add = |audience| {
            relations.audiences.insert(audience);
        };
        match principal {
            Principal::Admin => {
                relations.admin = true;
                return relations;
            }
            Principal::Enterprise { credit_code, .. } => {
                if involvement.owner.as_ref() == Some(credit_code) {
                    add(Audience::Owner);
                    add(Audience::Party);
                }
                if involvement.parties.contains(credit_code) {
                    add(Audience::Party);
                }
            }
            Principal::Association { members, .. } => {
                if involvement.everyone().any(|c| members.contains(c)) {
                    add(Audience::Association);
                }
            }
            Principal::Regulator {
                jurisdiction,
                categories,
            } => {
                // The whole country holds even a record that names no registered party.
                let in_jurisdiction = *jurisdiction == Jurisdiction::National
                    || involvement.regions.iter().any(|r| jurisdiction.covers(r));
                // A regulator of some categories sees only records known to be of one of them.
                let in_categories = categories.is_empty()
                    || involvement
                        .category
                        .as_ref()
                        .is_some_and(|c| categories.contains(c));
                if in_jurisdiction && in_categories {
                    add(Audience::Regulator);
                }
            }
        }
        relations
    }

    pub fn is_admin(&self) -> bool {
        self.admin
    }

    pub fn has(&self, audience: Audience) -> bool {
        self.admin || self.audiences.contains(&audience)
    }
}
