//! Generated tests of the generated layer: every operation against Prism,
//! every example response decoded. (Written by the test generator; empty
//! until then.)

use std::path::PathBuf;

use super::gen::Call;
use super::Spec;

/// The generated test files, path to content.
pub fn generate(_specs: &[Spec], _calls: &[Call]) -> Result<Vec<(PathBuf, String)>, String> {
    Ok(Vec::new())
}
