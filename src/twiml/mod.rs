//! TwiML documents (work in progress).
