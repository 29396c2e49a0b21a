//! Rewriting every identifier an event names, for answering in the form a client asks for
//! (`GS1-EPC-Format`): EPCs, classes, parent, places, sources and destinations. Business
//! transaction and event identifiers are documents' and events' names, not GS1 keys of goods,
//! and stay as written.

use super::event::Event;

impl Event {
    /// The event with `rewrite` applied to each identifier of goods, places and parties.
    pub fn map_identifiers(&mut self, rewrite: impl Fn(&str) -> String) {
        let each = |list: &mut Vec<String>| {
            for id in list.iter_mut() {
                *id = rewrite(id);
            }
        };
        each(&mut self.epc_list);
        each(&mut self.child_epcs);
        each(&mut self.input_epc_list);
        each(&mut self.output_epc_list);
        if let Some(parent) = &mut self.parent_id {
            *parent = rewrite(parent);
        }
        for list in [
            &mut self.quantity_list,
            &mut self.child_quantity_list,
            &mut self.input_quantity_list,
            &mut self.output_quantity_list,
        ] {
            for q in list.iter_mut() {
                q.epc_class = rewrite(&q.epc_class);
            }
        }
        for place in [&mut self.read_point, &mut self.biz_location]
            .into_iter()
            .flatten()
        {
            place.id = rewrite(&place.id);
        }
        for source in &mut self.source_list {
            source.id = rewrite(&source.id);
        }
        for destination in &mut self.destination_list {
            destination.id = rewrite(&destination.id);
        }
    }
}
