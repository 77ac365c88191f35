//! `shutdown`: stop linting; the transport exits on the following `exit`.

use crate::session::State;

/// Marks the session as shut down, so no new lint starts.
pub(crate) fn shutdown(state: &State) {
    state.session().shut_down = true;
}
