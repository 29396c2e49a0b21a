//! Labels: a code rendered as QR (Digital Link URI) or GS1 DataMatrix, as SVG and PNG, with
//! its human-readable text, and printable sheets of a batch's labels. Filled in on the
//! `labels` branch.
