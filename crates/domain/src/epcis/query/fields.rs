//! The fields a family of parameters differs in: which instant `GE_` and `LT_` bound, which
//! disposition, which list of URIs, objects or classes, which place. Each field knows the name
//! it is written under, and names are read by finding the field that writes them, so reading
//! and writing cannot disagree.

/// Declares a set of parameters that differ only in the field they name: the enum, every
/// variant and the name it is written under.
macro_rules! fields {
    ($(#[$doc:meta])* $ty:ident { $($(#[$vdoc:meta])* $variant:ident = $name:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $ty {
            $($(#[$vdoc])* $variant),+
        }

        impl $ty {
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The parameter's name, or for times the part after `GE_` or `LT_`.
            pub fn name(self) -> &'static str {
                match self {
                    $(Self::$variant => $name),+
                }
            }

            pub(super) fn find(name: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|f| f.name() == name)
            }
        }
    };
}

fields!(
    /// The instants `GE_` and `LT_` bound.
    TimeField {
        EventTime = "eventTime",
        RecordTime = "recordTime",
        ErrorDeclarationTime = "errorDeclarationTime",
        /// A sensor element's `time` (`GE_time`, `LT_time`).
        SensorTime = "time",
        SensorStartTime = "startTime",
        SensorEndTime = "endTime",
    }
);

fields!(
    /// The dispositions an event sets or records.
    DispositionField {
        Disposition = "EQ_disposition",
        /// `persistentDisposition.set`
        PersistentSet = "EQ_persistentDisposition_set",
        /// `persistentDisposition.unset`
        PersistentUnset = "EQ_persistentDisposition_unset",
    }
);

fields!(
    /// Fields whose values are URIs compared exactly.
    UriField {
        TransformationId = "EQ_transformationID",
        EventId = "EQ_eventID",
        /// An error declaration's `correctiveEventIDs`.
        CorrectiveEventId = "EQ_correctiveEventID",
        /// Of a sensor element's metadata or reports.
        DeviceId = "EQ_deviceID",
        DataProcessingMethod = "EQ_dataProcessingMethod",
        Microorganism = "EQ_microorganism",
        ChemicalSubstance = "EQ_chemicalSubstance",
        BizRules = "EQ_bizRules",
        UriValue = "EQ_uriValue",
    }
);

fields!(
    /// The lists of objects and classes `MATCH_` searches.
    MatchField {
        /// `epcList` and `childEPCs`.
        Epc = "MATCH_epc",
        ParentId = "MATCH_parentID",
        InputEpc = "MATCH_inputEPC",
        OutputEpc = "MATCH_outputEPC",
        /// Any of the above.
        AnyEpc = "MATCH_anyEPC",
        /// `quantityList` and `childQuantityList`.
        EpcClass = "MATCH_epcClass",
        InputEpcClass = "MATCH_inputEPCClass",
        OutputEpcClass = "MATCH_outputEPCClass",
        AnyEpcClass = "MATCH_anyEPCClass",
    }
);

impl MatchField {
    /// Whether the field lists classes (`epcClass`) rather than objects.
    pub fn is_class(self) -> bool {
        matches!(
            self,
            Self::EpcClass | Self::InputEpcClass | Self::OutputEpcClass | Self::AnyEpcClass
        )
    }
}

/// Which side of an instant `GE_` and `LT_` keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimeBound {
    /// `GE_`: at or after.
    AtOrAfter,
    /// `LT_`: before.
    Before,
}

impl TimeBound {
    pub fn prefix(self) -> &'static str {
        match self {
            Self::AtOrAfter => "GE_",
            Self::Before => "LT_",
        }
    }
}

/// The places an event names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlaceField {
    ReadPoint,
    BizLocation,
}

impl PlaceField {
    pub fn name(self) -> &'static str {
        match self {
            Self::ReadPoint => "readPoint",
            Self::BizLocation => "bizLocation",
        }
    }
}

/// The spelling of the error declaration's bounds in the standard's JSON query schema
/// (`GE_errorDeclaration_Time`), read as the standard's own `GE_errorDeclarationTime`.
const SCHEMA_SPELLING: &str = "errorDeclaration_Time";

/// `EQ_`/`WD_` + `readPoint`/`bizLocation`.
pub(super) fn place(name: &str) -> Option<(bool, PlaceField)> {
    let (within, rest) = match name.strip_prefix("WD_") {
        Some(rest) => (true, rest),
        None => (false, name.strip_prefix("EQ_")?),
    };
    [PlaceField::ReadPoint, PlaceField::BizLocation]
        .into_iter()
        .find(|f| f.name() == rest)
        .map(|f| (within, f))
}

/// `GE_`/`LT_` + a time field.
pub(super) fn time(name: &str) -> Option<(TimeBound, TimeField)> {
    let (bound, rest) = [TimeBound::AtOrAfter, TimeBound::Before]
        .into_iter()
        .find_map(|b| name.strip_prefix(b.prefix()).map(|rest| (b, rest)))?;
    let rest = if rest == SCHEMA_SPELLING {
        TimeField::ErrorDeclarationTime.name()
    } else {
        rest
    };
    TimeField::find(rest).map(|f| (bound, f))
}
