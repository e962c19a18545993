//! [`Call`] from Twilio's JSON, the fast way (see the module above).

use super::scan::{Fast, Object, Unusual};
use super::{date, decimal_text, endpoint, lenient_u32, nullable, open_enum, set, sid, string};
use crate::Call;

/// Reads a call resource, or refuses it for serde_json to decode.
pub(super) fn read(body: &[u8]) -> Fast<Call> {
    let mut object = Object::open(body)?;
    let mut sid_ = None;
    let mut account_sid = None;
    let mut parent_call_sid = None;
    let mut to = None;
    let mut from = None;
    let mut status = None;
    let mut direction = None;
    let mut start_time = None;
    let mut end_time = None;
    let mut duration = None;
    let mut price = None;
    let mut price_unit = None;
    let mut answered_by = None;
    let mut caller_name = None;
    let mut date_created = None;
    let mut date_updated = None;
    let mut uri = None;
    while let Some(key) = object.next_key()? {
        // Byte-string patterns compile to a decision tree on length and
        // bytes, not to one comparison per arm.
        match key.as_bytes() {
            b"sid" => set(&mut sid_, sid(object.scalar()?))?,
            b"account_sid" => set(&mut account_sid, sid(object.scalar()?))?,
            b"parent_call_sid" => set(&mut parent_call_sid, nullable(object.scalar()?, sid))?,
            b"to" => set(&mut to, endpoint(object.scalar()?))?,
            b"from" => set(&mut from, endpoint(object.scalar()?))?,
            b"status" => set(&mut status, open_enum(object.scalar()?))?,
            b"direction" => set(&mut direction, nullable(object.scalar()?, open_enum))?,
            b"start_time" => set(&mut start_time, date(object.scalar()?))?,
            b"end_time" => set(&mut end_time, date(object.scalar()?))?,
            b"duration" => set(&mut duration, lenient_u32(object.scalar()?))?,
            b"price" => set(&mut price, decimal_text(object.scalar()?))?,
            b"price_unit" => set(&mut price_unit, string(object.scalar()?))?,
            b"answered_by" => set(&mut answered_by, string(object.scalar()?))?,
            b"caller_name" => set(&mut caller_name, string(object.scalar()?))?,
            b"date_created" => set(&mut date_created, date(object.scalar()?))?,
            b"date_updated" => set(&mut date_updated, date(object.scalar()?))?,
            b"uri" => set(&mut uri, string(object.scalar()?))?,
            // Not in the model (`api_version`, `to_formatted`, `subresource_uris`, ...).
            _ => object.skip_value()?,
        }
    }
    object.finish()?;
    Ok(Call {
        sid: sid_.ok_or(Unusual)?,
        account_sid: account_sid.ok_or(Unusual)?,
        parent_call_sid: parent_call_sid.flatten(),
        to: to.ok_or(Unusual)?,
        from: from.ok_or(Unusual)?,
        status: status.ok_or(Unusual)?,
        direction: direction.flatten(),
        start_time: start_time.flatten(),
        end_time: end_time.flatten(),
        duration: duration.flatten(),
        price: price.flatten(),
        price_unit: price_unit.flatten(),
        answered_by: answered_by.flatten(),
        caller_name: caller_name.flatten(),
        date_created: date_created.flatten(),
        date_updated: date_updated.flatten(),
        uri: uri.flatten(),
    })
}
