//! `distrolint/invalidMessage`: the stand-in the transport sends for a message it could not
//! decode; answering it gives the client the JSON-RPC error the specification asks for.

use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};

use crate::transport::InvalidMessage;

/// Fails with the error that describes the broken message.
pub(crate) fn invalid_message(params: InvalidMessage) -> Result<()> {
    Err(Error { code: ErrorCode::from(params.code), message: params.message.into(), data: None })
}
