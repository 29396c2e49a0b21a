//! The workspace's layering, enforced: each crate may depend only on crates of lower layers
//! (codes → ledger → domain → store → server → the yima binary), so that, say, the domain
//! can never come to know about SQL or HTTP.

use std::process::Command;

use serde_json::Value;

/// The layers, bottom first.
const LAYERS: [&str; 6] = [
    "yima-codes",
    "yima-ledger",
    "yima-domain",
    "yima-store",
    "yima-server",
    "yima",
];

#[test]
fn crates_depend_only_on_lower_layers() {
    let out = Command::new(env!("CARGO"))
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let metadata: Value = serde_json::from_slice(&out.stdout).expect("cargo metadata is JSON");
    let rank = |name: &str| LAYERS.iter().position(|l| *l == name);
    let packages = metadata["packages"].as_array().expect("packages");
    let mut seen = 0;
    for package in packages {
        let name = package["name"].as_str().expect("name");
        let Some(own) = rank(name) else {
            panic!("crate {name} is in no layer: add it to LAYERS and ARCHITECTURE.md");
        };
        seen += 1;
        for dependency in package["dependencies"].as_array().expect("dependencies") {
            let is_build_or_normal = dependency["kind"].is_null() || dependency["kind"] == "build";
            let Some(theirs) = dependency["name"].as_str().and_then(rank) else {
                continue;
            };
            assert!(
                !is_build_or_normal || theirs < own,
                "{name} (layer {own}) depends on {} (layer {theirs})",
                LAYERS[theirs]
            );
        }
    }
    assert_eq!(
        seen,
        LAYERS.len(),
        "every layer is a crate of the workspace"
    );
}
