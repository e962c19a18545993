//! Values checked once, when they are made: SIDs, phone numbers, voices,
//! SMS segments, and the serde helpers for Twilio's dates and numbers.

pub(crate) mod dates;
pub(crate) mod ids;
pub(crate) mod open_enum;
pub(crate) mod path;
pub(crate) mod phone;
pub(crate) mod segments;
pub(crate) mod voice;
pub(crate) mod wire;
