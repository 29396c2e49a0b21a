//! Why a label could not be made.

/// A refusal to encode, render or lay out a label. Every variant says what was too big, wrong
/// or missing, so that the caller can change the input rather than guess.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LabelError {
    /// The data needs more room than the largest symbol of the symbology has.
    #[error("{symbology}: {bytes} bytes of data do not fit in the largest symbol")]
    TooMuchData {
        symbology: &'static str,
        bytes: usize,
    },
    /// A style value outside the range this renderer accepts.
    #[error("label style: {0}")]
    Style(String),
    /// A sheet layout that cannot be printed: non-positive sizes, or labels that run off the
    /// page.
    #[error("sheet layout: {0}")]
    Layout(String),
    /// One label's symbol and text need more room than a label of the layout has.
    #[error("label {index}: {what} needs {needed_mm:.1} mm but the label has {available_mm:.1} mm")]
    DoesNotFit {
        /// Position of the label in the slice given, from 0.
        index: usize,
        what: &'static str,
        needed_mm: f64,
        available_mm: f64,
    },
    /// A PDF without pages is refused by common viewers, so an empty batch makes no PDF.
    #[error("no labels to put on a sheet")]
    NoLabels,
    /// The raster would be too large to hold in memory.
    #[error("a {width}×{height} pixel image is too large to render")]
    ImageTooLarge { width: u64, height: u64 },
    /// The encoder broke one of its own invariants or refused for a reason other than size;
    /// a bug, reported rather than panicking.
    #[error("{symbology}: encoding failed: {reason}")]
    Encoding {
        symbology: &'static str,
        reason: String,
    },
    /// GS1 DataMatrix carries GS1 element strings only.
    #[error("a {0} code cannot be a GS1 DataMatrix: use a QR code")]
    NotGs1(String),
    /// The code has no GS1 Digital Link form to put in a QR code.
    #[error("cannot be written as a GS1 Digital Link: {0}")]
    NoDigitalLink(String),
    /// The PNG encoder failed (it writes to memory, so this is not expected).
    #[error("PNG encoding failed: {0}")]
    Png(String),
}
