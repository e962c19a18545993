//! [`Message`] from Twilio's JSON, the fast way (see the module above).

use super::scan::{Fast, Object, Unusual};
use super::{date, decimal_text, endpoint, lenient_u32, nullable, open_enum, set, sid, string};
use crate::Message;

/// Reads a message resource, or refuses it for serde_json to decode.
pub(super) fn read(body: &[u8]) -> Fast<Message> {
    let mut object = Object::open(body)?;
    let mut sid_ = None;
    let mut account_sid = None;
    let mut to = None;
    let mut from = None;
    let mut messaging_service_sid = None;
    let mut body_ = None;
    let mut status = None;
    let mut direction = None;
    let mut num_segments = None;
    let mut num_media = None;
    let mut price = None;
    let mut price_unit = None;
    let mut error_code = None;
    let mut error_message = None;
    let mut date_created = None;
    let mut date_sent = None;
    let mut date_updated = None;
    let mut uri = None;
    while let Some(key) = object.next_key()? {
        // Byte-string patterns compile to a decision tree on length and
        // bytes, not to one comparison per arm.
        match key.as_bytes() {
            b"sid" => set(&mut sid_, sid(object.scalar()?))?,
            b"account_sid" => set(&mut account_sid, sid(object.scalar()?))?,
            b"to" => set(&mut to, endpoint(object.scalar()?))?,
            b"from" => set(&mut from, nullable(object.scalar()?, endpoint))?,
            b"messaging_service_sid" => {
                set(&mut messaging_service_sid, nullable(object.scalar()?, sid))?;
            }
            b"body" => set(&mut body_, string(object.scalar()?))?,
            b"status" => set(&mut status, open_enum(object.scalar()?))?,
            b"direction" => set(&mut direction, nullable(object.scalar()?, open_enum))?,
            b"num_segments" => set(&mut num_segments, lenient_u32(object.scalar()?))?,
            b"num_media" => set(&mut num_media, lenient_u32(object.scalar()?))?,
            b"price" => set(&mut price, decimal_text(object.scalar()?))?,
            b"price_unit" => set(&mut price_unit, string(object.scalar()?))?,
            b"error_code" => set(&mut error_code, lenient_u32(object.scalar()?))?,
            b"error_message" => set(&mut error_message, string(object.scalar()?))?,
            b"date_created" => set(&mut date_created, date(object.scalar()?))?,
            b"date_sent" => set(&mut date_sent, date(object.scalar()?))?,
            b"date_updated" => set(&mut date_updated, date(object.scalar()?))?,
            b"uri" => set(&mut uri, string(object.scalar()?))?,
            // Not in the model (`api_version`, `subresource_uris`, ...).
            _ => object.skip_value()?,
        }
    }
    object.finish()?;
    Ok(Message {
        sid: sid_.ok_or(Unusual)?,
        account_sid: account_sid.ok_or(Unusual)?,
        to: to.ok_or(Unusual)?,
        from: from.flatten(),
        messaging_service_sid: messaging_service_sid.flatten(),
        body: body_.flatten(),
        status: status.ok_or(Unusual)?,
        direction: direction.flatten(),
        num_segments: num_segments.flatten(),
        num_media: num_media.flatten(),
        price: price.flatten(),
        price_unit: price_unit.flatten(),
        error_code: error_code.flatten(),
        error_message: error_message.flatten(),
        date_created: date_created.flatten(),
        date_sent: date_sent.flatten(),
        date_updated: date_updated.flatten(),
        uri: uri.flatten(),
    })
}
