//! AIM symbology identifiers (ISO/IEC 15424): the `]` + letter + modifier prefix a scanner
//! may put before the data, saying which kind of symbol was read.

/// The AIM symbology identifier a scanner prefixes (`]C1`, `]d2`, `]Q1` …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Symbology {
    /// `]C1`: Code 128 with FNC1 in first position.
    Gs1_128,
    /// `]e0`: GS1 DataBar (all variants).
    Gs1DataBar,
    /// `]E0`: EAN-13, UPC-A or UPC-E (transmitted as 13 digits).
    Ean13,
    /// `]E4`: EAN-8.
    Ean8,
    /// `]d1`: Data Matrix without FNC1 (plain text, e.g. a Digital Link URI).
    DataMatrix,
    /// `]d2`: GS1 DataMatrix (FNC1 in first position).
    Gs1DataMatrix,
    /// `]Q1`: QR Code without FNC1 (plain text, e.g. a Digital Link URI).
    QrCode,
    /// `]Q3`: GS1 QR Code (FNC1 in first position).
    Gs1QrCode,
    /// `]J1`: GS1 DotCode.
    Gs1DotCode,
    /// `]C0`: Code 128 without FNC1.
    Code128,
    /// `]I0` or `]I1`: Interleaved 2 of 5, as used for ITF-14.
    Itf,
}

impl Symbology {
    /// Every symbology with the identifiers that select it.
    const IDENTIFIERS: &[(&'static str, Self)] = &[
        ("]C1", Self::Gs1_128),
        ("]e0", Self::Gs1DataBar),
        ("]E0", Self::Ean13),
        ("]E4", Self::Ean8),
        ("]d1", Self::DataMatrix),
        ("]d2", Self::Gs1DataMatrix),
        ("]Q1", Self::QrCode),
        ("]Q3", Self::Gs1QrCode),
        ("]J1", Self::Gs1DotCode),
        ("]C0", Self::Code128),
        ("]I1", Self::Itf),
        ("]I0", Self::Itf),
    ];

    /// The symbology for a three-character identifier such as `]C1`.
    pub fn from_identifier(identifier: &str) -> Option<Self> {
        Self::IDENTIFIERS
            .iter()
            .find(|(id, _)| *id == identifier)
            .map(|&(_, s)| s)
    }

    /// The identifier a scanner sends for this symbology.
    pub fn identifier(self) -> &'static str {
        Self::IDENTIFIERS
            .iter()
            .find(|&&(_, s)| s == self)
            .map_or("]X0", |(id, _)| id)
    }

    /// Whether the symbol carries GS1 element strings (FNC1 in first position), delivered
    /// unbracketed with GS separators.
    pub fn carries_element_string(self) -> bool {
        matches!(
            self,
            Self::Gs1_128
                | Self::Gs1DataBar
                | Self::Gs1DataMatrix
                | Self::Gs1QrCode
                | Self::Gs1DotCode
        )
    }

    /// Whether the symbol carries only digits of a GTIN (EAN/UPC, ITF-14).
    pub fn carries_gtin_only(self) -> bool {
        matches!(self, Self::Ean13 | Self::Ean8 | Self::Itf)
    }
}
