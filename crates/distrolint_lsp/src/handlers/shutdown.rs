//! `shutdown`: stop linting; the transport exits on the following `exit`.

use std::sync::atomic::Ordering;

use crate::session::State;

/// Marks the session as shut down, so no new lint starts.
pub(crate) fn shutdown(state: &State) {
    state.session().shut_down = true;
    state.shut_down.store(true, Ordering::SeqCst);
}
