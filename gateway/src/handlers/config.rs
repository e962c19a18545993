//! `GET /twilio/config`: which Twilio variables are set, never their values.

use axum::extract::State;
use axum::Json;

use crate::state::{AppState, TwilioPresence};

/// `{"configured", "has_account_sid", "has_auth_token", "has_phone_number"}`.
pub async fn show(State(state): State<AppState>) -> Json<TwilioPresence> {
    Json(state.presence())
}
