//! The conformance suite: every test is written once against `dyn Store` and run on both
//! engines, each on a fresh store. The PostgreSQL half fails (it does not skip) when the
//! database cannot be reached: see `yima_store::testing`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "conformance/accounts.rs"]
mod accounts;
#[path = "conformance/audit.rs"]
mod audit;
#[path = "conformance/coverage.rs"]
mod coverage;
#[path = "conformance/events.rs"]
mod events;
#[path = "conformance/issuances.rs"]
mod issuances;
#[path = "conformance/log.rs"]
mod log;
#[path = "conformance/logins.rs"]
mod logins;
#[path = "conformance/lookups.rs"]
mod lookups;
#[path = "conformance/raw.rs"]
mod raw;
#[path = "conformance/recalls.rs"]
mod recalls;
#[path = "conformance/records.rs"]
mod records;
#[path = "conformance/reopen.rs"]
mod reopen;
#[path = "conformance/resources.rs"]
mod resources;
#[path = "conformance/submissions.rs"]
mod submissions;
mod support;
#[path = "conformance/trace.rs"]
mod trace;
#[path = "conformance/units.rs"]
mod units;

use accounts::*;
use audit::*;
use coverage::*;
use events::*;
use issuances::*;
use log::*;
use logins::*;
use lookups::*;
use raw::*;
use recalls::*;
use records::*;
use resources::*;
use submissions::*;
use trace::*;
use units::*;

/// Generates `sqlite::<test>` and `postgres::<test>` for each test. `plain` tests take the
/// store; `raw` tests also take raw SQL access to the store's own connections.
macro_rules! conformance {
    (plain: [$($plain:ident),* $(,)?], raw: [$($raw:ident),* $(,)?]) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $plain() {
                    let (_dir, store) = yima_store::testing::sqlite().await.unwrap();
                    super::$plain(store).await;
                }
            )*
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $raw() {
                    let (_dir, store) = yima_store::testing::sqlite_store().await.unwrap();
                    let store = std::sync::Arc::new(store);
                    super::$raw(store.clone(), store).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $plain() {
                    let store = yima_store::testing::postgres().await.unwrap();
                    super::$plain(store).await;
                }
            )*
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $raw() {
                    let store = std::sync::Arc::new(yima_store::testing::postgres_store().await.unwrap());
                    super::$raw(store.clone(), store).await;
                }
            )*
        }
    };
}

conformance!(
    plain: [
        coverage_counts_registrations_and_sales,
        scan_marks_say_recalled_and_anomalous,
        products_of_a_producer_in_registration_order,
        enterprise_round_trips,
        products_round_trip_with_and_without_gtin,
        batches_round_trip,
        units_round_trip,
        every_kind_of_account_round_trips,
        an_account_id_is_opened_once,
        accounts_the_schema_refuses_are_invalid,
        keys_are_found_by_their_digest_with_their_account,
        key_conflicts_and_references,
        revocations_are_recorded_once,
        the_newest_password_is_in_force,
        passwords_need_their_accounts,
        sessions_round_trip_and_end_once,
        session_conflicts_and_references,
        login_failures_are_counted_since_a_time,
        audit_batches_round_trip_with_their_leaf,
        large_audit_batches_keep_their_order,
        audit_batches_are_stored_once_and_whole,
        audit_entries_are_listed_newest_first,
        submission_keys_round_trip_with_their_leaves,
        signed_submissions_round_trip_with_their_leaves,
        the_largest_bodies_are_stored_whole,
        submission_key_conflicts_and_references,
        submission_keys_are_revoked_once,
        signed_submissions_are_refused_whole,
        signed_submissions_are_listed_newest_first,
        revocations_and_submissions_race_safely,
        recall_notices_round_trip_with_their_leaves,
        recall_notices_are_listed_newest_first,
        recall_notices_are_found_by_batch,
        recall_notices_are_refused_whole,
        recalls_are_acknowledged_once_per_enterprise,
        racing_acknowledgements_store_one,
        timestamps_keep_microseconds,
        enterprise_conflict,
        product_conflicts,
        batch_conflicts,
        unit_conflicts_name_the_first_key,
        missing_references,
        registration_is_all_or_nothing,
        registration_crosses_chunk_boundaries,
        quantity_is_enforced_for_pieces_only,
        units_of_another_batch_are_refused,
        tallies_match_the_codes_held,
        units_without_a_serial_round_trip,
        issuances_round_trip_with_their_batch,
        issued_and_registered_codes_share_the_quantity,
        issuance_conflicts_and_references,
        issuing_keys_are_registered_once,
        concurrent_registrations_never_exceed_quantity,
        lookup_unit,
        lookup_unknown_serial_of_known_gtin,
        lookup_batch,
        lookup_class,
        enterprises_page_in_credit_code_order,
        counts_every_kind,
        records_the_schema_refuses_are_invalid,
        every_record_gets_a_leaf_in_its_transaction,
        integration_needs_the_lease,
        tiles_and_proofs_equal_the_tree_in_memory,
        checkpoints_cannot_fork,
        the_first_verifier_key_stays,
        racing_sequencers_never_fork,
        events_round_trip_and_are_stored_once,
        events_are_selected_by_every_condition,
        a_batch_of_new_and_repeated_events_stores_each_once,
        a_capture_ends_once_with_its_events,
        anomalies_are_kept_with_their_events_and_listed,
        event_values_are_listed_once_in_order,
        capture_jobs_are_listed_newest_first,
        named_queries_are_defined_removed_and_defined_again,
        racing_definitions_of_one_name_store_one,
        traces_and_recalls_are_what_the_chain_did,
        large_hops_are_split_and_joined,
        erroneous_events_are_left_out_of_traces,
        recall_lookups_find_batches_units_and_enterprises,
    ],
    raw: [
        updates_are_refused,
        deletes_are_refused,
        corrupt_rows_are_reported,
        corrupt_submissions_are_reported,
        corrupt_recall_notices_are_reported,
    ]
);
