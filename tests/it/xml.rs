//! A strict XML reading of TwiML output for the fuzz suites: the element tree
//! as a conforming XML 1.0 processor reports it (quick-xml underneath), or a
//! test failure naming what is ill-formed.
#![allow(dead_code)]

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// A parsed element tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Xml {
    Element {
        name: String,
        attrs: Vec<(String, String)>,
        children: Vec<Xml>,
    },
    Text(String),
}

/// An element with sorted attributes.
pub fn element(name: &str, attrs: &[(&str, &str)], children: Vec<Xml>) -> Xml {
    let mut attrs: Vec<(String, String)> = attrs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    attrs.sort();
    Xml::Element {
        name: name.to_owned(),
        attrs,
        children,
    }
}

/// The text child of an element: none for an empty string.
pub fn text(value: &str) -> Vec<Xml> {
    if value.is_empty() {
        Vec::new()
    } else {
        vec![Xml::Text(value.to_owned())]
    }
}

/// Characters XML 1.0 can carry.
pub fn is_xml_char(c: char) -> bool {
    !matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}

type Open = (String, Vec<(String, String)>, Vec<Xml>);

/// Parses a whole document (XML declaration, one root).
///
/// # Errors
/// A description of the first thing that is not well-formed XML 1.0.
pub fn parse(xml: &str) -> Result<Xml, String> {
    if let Some(c) = xml.chars().find(|c| !is_xml_char(*c)) {
        return Err(format!("forbidden character {c:?}"));
    }
    let mut reader = Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<Open> = vec![(String::new(), Vec::new(), Vec::new())];
    loop {
        let event = reader.read_event().map_err(|e| e.to_string())?;
        match event {
            Event::Decl(_) => {}
            Event::Start(start) => stack.push(open(&start)?),
            Event::Empty(start) => {
                stack.push(open(&start)?);
                close(&mut stack)?;
            }
            Event::End(_) => close(&mut stack)?,
            Event::Text(raw) => {
                let piece = raw.decode().map_err(|e| e.to_string())?;
                if piece.contains("]]>") {
                    return Err(format!("`]]>` in text {piece:?}"));
                }
                push_text(&mut stack, &piece)?;
            }
            Event::GeneralRef(reference) => {
                let piece = match reference.resolve_char_ref().map_err(|e| e.to_string())? {
                    Some(c) => c.to_string(),
                    None => {
                        let name = reference.decode().map_err(|e| e.to_string())?;
                        quick_xml::escape::resolve_predefined_entity(&name)
                            .ok_or_else(|| format!("unknown entity {name}"))?
                            .to_owned()
                    }
                };
                push_text(&mut stack, &piece)?;
            }
            Event::Eof => break,
            other => return Err(format!("unexpected {other:?}")),
        }
    }
    if stack.len() != 1 {
        return Err("unclosed elements".into());
    }
    let mut roots = stack.pop().map(|r| r.2).unwrap_or_default();
    if roots.len() != 1 {
        return Err(format!("{} roots", roots.len()));
    }
    Ok(roots.remove(0))
}

fn push_text(stack: &mut [Open], piece: &str) -> Result<(), String> {
    let Some(top) = stack.last_mut() else {
        return Err("text outside the root".into());
    };
    if stack_is_root(top) && !piece.trim().is_empty() {
        return Err(format!("text outside the root: {piece:?}"));
    }
    let children = &mut top.2;
    if let Some(Xml::Text(last)) = children.last_mut() {
        last.push_str(piece);
    } else if !piece.is_empty() {
        children.push(Xml::Text(piece.to_owned()));
    }
    Ok(())
}

fn stack_is_root(open: &Open) -> bool {
    open.0.is_empty()
}

fn open(start: &BytesStart<'_>) -> Result<Open, String> {
    let name = std::str::from_utf8(start.name().as_ref())
        .map_err(|e| e.to_string())?
        .to_owned();
    let mut attrs = Vec::new();
    for attr in start.attributes().with_checks(true) {
        let attr = attr.map_err(|e| e.to_string())?;
        let raw = std::str::from_utf8(&attr.value).map_err(|e| e.to_string())?;
        if raw.contains(['<', '"']) {
            return Err(format!("raw `<` or `\"` in attribute {raw:?}"));
        }
        // Attribute-value normalisation (XML 1.0 §3.3.3): literal whitespace
        // becomes a space before references are expanded.
        let normalized = raw.replace(['\t', '\n', '\r'], " ");
        let value = quick_xml::escape::unescape(&normalized)
            .map_err(|e| format!("{e} in {raw:?}"))?
            .into_owned();
        let key = std::str::from_utf8(attr.key.as_ref())
            .map_err(|e| e.to_string())?
            .to_owned();
        attrs.push((key, value));
    }
    attrs.sort();
    Ok((name, attrs, Vec::new()))
}

fn close(stack: &mut Vec<Open>) -> Result<(), String> {
    let (name, attrs, children) = stack.pop().ok_or("unbalanced end tag")?;
    let parent = stack.last_mut().ok_or("unbalanced end tag")?;
    parent.2.push(Xml::Element {
        name,
        attrs,
        children,
    });
    Ok(())
}
