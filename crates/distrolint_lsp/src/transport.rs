//! The input side of the connection, made robust.
//!
//! tower-lsp-server decodes frames with a `FramedRead`, which ends the stream after the first
//! frame it cannot decode, and the server then stops. So every frame is read here first: a
//! well-formed JSON-RPC message is passed on unchanged, and anything else becomes a request
//! for [`INVALID_MESSAGE_METHOD`], which the server answers with the JSON-RPC error the
//! specification asks for (`-32700` parse error with a `null` id, or `-32600` invalid request
//! with the message's id). Broken headers are skipped up to the next `Content-Length`.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tower::Service;
use tower_lsp_server::jsonrpc::{Id, Request, Response};

/// The method of the request that stands for a message that could not be decoded.
pub(crate) const INVALID_MESSAGE_METHOD: &str = "distrolint/invalidMessage";

/// Headers longer than this without a blank line are garbage.
const MAX_HEADER: usize = 8 * 1024;

/// The largest body accepted. A larger `Content-Length` is treated as a broken header rather than
/// an allocation to attempt.
const MAX_BODY: usize = 512 * 1024 * 1024;

/// Records that a `shutdown` request was received, for the exit code.
///
/// The flag is set when the request is handed to the service, not when its handler runs: an
/// `exit` right behind it cancels the pending handler, yet the protocol asks for exit code 0
/// once `shutdown` was received.
pub(crate) struct WatchShutdown<S> {
    inner: S,
    received: Arc<AtomicBool>,
}

impl<S> WatchShutdown<S> {
    /// Wraps `inner`.
    pub(crate) fn new(inner: S, received: Arc<AtomicBool>) -> Self {
        WatchShutdown { inner, received }
    }
}

impl<S: Service<Request>> Service<Request> for WatchShutdown<S> {
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        if request.method() == "shutdown" && request.id().is_some() {
            self.received.store(true, Ordering::SeqCst);
        }
        self.inner.call(request)
    }
}

/// What was wrong with a message; the params of [`INVALID_MESSAGE_METHOD`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct InvalidMessage {
    /// The JSON-RPC error code to answer with.
    pub(crate) code: i64,
    /// Why the message was rejected.
    pub(crate) message: String,
}

/// Copies frames from `input` to `output`, replacing undecodable ones, until `input` ends.
pub(crate) async fn sanitize<R, W>(mut input: R, mut output: W) -> std::io::Result<()>
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut buffer: Vec<u8> = Vec::with_capacity(1 << 16);
    let mut chunk = vec![0u8; 1 << 16];
    loop {
        while let Some(step) = next_frame(&mut buffer) {
            let bytes = match step {
                Frame::Body(body) => check_body(&body),
                Frame::BadHeader(reason) => {
                    Some(frame(&invalid(Id::Null, -32700, &format!("unreadable message header: {reason}"))))
                }
            };
            if let Some(bytes) = bytes {
                output.write_all(&bytes).await?;
            }
        }
        output.flush().await?;
        let read = input.read(&mut chunk).await?;
        if read == 0 {
            output.shutdown().await?;
            return Ok(());
        }
        buffer.extend_from_slice(&chunk[..read]);
    }
}

/// One step of the frame reader.
#[derive(Debug, PartialEq, Eq)]
enum Frame {
    /// A complete body.
    Body(Vec<u8>),
    /// A header block that could not be used, and why.
    BadHeader(String),
}

/// Takes the next complete frame (or broken header) off the front of `buffer`.
fn next_frame(buffer: &mut Vec<u8>) -> Option<Frame> {
    // Skip noise before the first header, as a resynchronisation after a broken frame.
    if !buffer.is_empty() && !starts_like_header(buffer) {
        let Some(start) = find_ci(buffer, b"content-length") else {
            let keep = buffer.len().min(b"content-length".len());
            let drop = buffer.len() - keep;
            buffer.drain(..drop);
            return None;
        };
        buffer.drain(..start);
    }
    let Some(end) = find(buffer, b"\r\n\r\n") else {
        if buffer.len() > MAX_HEADER {
            let skip = find_ci(&buffer[1..], b"content-length").map_or(buffer.len(), |i| i + 1);
            buffer.drain(..skip);
            return Some(Frame::BadHeader("no end of headers".to_owned()));
        }
        return None;
    };
    let length = match content_length(&buffer[..end]) {
        Ok(length) if length > MAX_BODY => Err(format!("Content-Length {length} is over the limit of {MAX_BODY}")),
        other => other,
    };
    let length = match length {
        Ok(length) => length,
        Err(reason) => {
            buffer.drain(..end + 4);
            return Some(Frame::BadHeader(reason));
        }
    };
    let start = end + 4;
    if buffer.len() < start + length {
        return None;
    }
    let body = buffer[start..start + length].to_vec();
    buffer.drain(..start + length);
    Some(Frame::Body(body))
}

/// Whether the buffer starts with something that can be a header name.
fn starts_like_header(buffer: &[u8]) -> bool {
    let prefix = &buffer[..buffer.len().min(14)];
    b"content-length"[..prefix.len()].eq_ignore_ascii_case(prefix)
        || b"content-type"[..prefix.len().min(12)].eq_ignore_ascii_case(&prefix[..prefix.len().min(12)])
}

/// The `Content-Length` of a header block.
fn content_length(headers: &[u8]) -> Result<usize, String> {
    let text = std::str::from_utf8(headers).map_err(|_| "headers are not UTF-8".to_owned())?;
    let mut length = None;
    for line in text.split("\r\n") {
        let Some((name, value)) = line.split_once(':') else {
            return Err(format!("`{}` is not a header", line.chars().take(40).collect::<String>()));
        };
        if name.trim().eq_ignore_ascii_case("content-length") {
            let value = value.trim();
            length = Some(value.parse::<usize>().map_err(|_| format!("Content-Length `{value}` is not a number"))?);
        }
    }
    length.ok_or_else(|| "no Content-Length".to_owned())
}

/// Checks a body: the frame to pass on, or the replacement request, or nothing.
fn check_body(body: &[u8]) -> Option<Vec<u8>> {
    let value: Value = match serde_json::from_slice(body) {
        Ok(value) => value,
        Err(error) => return Some(frame(&invalid(Id::Null, -32700, &format!("invalid JSON: {error}")))),
    };
    let is_response = value.get("method").is_none() && (value.get("result").is_some() || value.get("error").is_some());
    let valid = if is_response { Response::deserialize(&value).is_ok() } else { Request::deserialize(&value).is_ok() };
    if valid {
        return Some(frame_bytes(body));
    }
    // An invalid request with a usable id is answered; anything else is dropped, as a
    // notification or a response cannot be answered.
    let id = value.get("id").and_then(|id| Id::deserialize(id).ok())?;
    if is_response {
        return None;
    }
    Some(frame(&invalid(id, -32600, "not a valid JSON-RPC 2.0 request")))
}

/// The request that makes the server answer `id` with an error.
fn invalid(id: Id, code: i64, message: &str) -> Request {
    let params = InvalidMessage { code, message: message.to_owned() };
    Request::build(INVALID_MESSAGE_METHOD).params(serde_json::to_value(params).unwrap_or(Value::Null)).id(id).finish()
}

fn frame(request: &Request) -> Vec<u8> {
    frame_bytes(&serde_json::to_vec(request).unwrap_or_default())
}

fn frame_bytes(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn find_ci(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body_of(frame: &[u8]) -> Value {
        let text = std::str::from_utf8(frame).unwrap();
        let (_, body) = text.split_once("\r\n\r\n").unwrap();
        serde_json::from_str(body).unwrap()
    }

    #[test]
    fn frames_split_across_reads_and_noise_are_handled() {
        let mut buffer = b"garbage Content-Length: 2\r\n\r\n{}Content-Le".to_vec();
        assert_eq!(next_frame(&mut buffer), Some(Frame::Body(b"{}".to_vec())));
        assert_eq!(next_frame(&mut buffer), None);
        buffer.extend_from_slice(b"ngth: 1\r\n\r\n7");
        assert_eq!(next_frame(&mut buffer), Some(Frame::Body(b"7".to_vec())));
        assert!(buffer.is_empty());
    }

    #[test]
    fn broken_headers_are_reported_and_skipped() {
        let mut buffer = b"Content-Length: abc\r\n\r\nContent-Length: 2\r\n\r\n{}".to_vec();
        assert!(matches!(next_frame(&mut buffer), Some(Frame::BadHeader(r)) if r.contains("abc")));
        assert_eq!(next_frame(&mut buffer), Some(Frame::Body(b"{}".to_vec())));
    }

    #[test]
    fn absurd_lengths_are_refused_without_allocating() {
        let mut buffer = b"Content-Length: 99999999999999\r\n\r\n{}Content-Length: 2\r\n\r\n[]".to_vec();
        assert!(matches!(next_frame(&mut buffer), Some(Frame::BadHeader(r)) if r.contains("over the limit")));
        assert_eq!(next_frame(&mut buffer), Some(Frame::Body(b"[]".to_vec())));
    }

    #[test]
    fn invalid_bodies_become_error_requests() {
        let parse = body_of(&check_body(b"{not json").unwrap());
        assert_eq!(parse["method"], INVALID_MESSAGE_METHOD);
        assert_eq!(parse["id"], Value::Null);
        assert_eq!(parse["params"]["code"], -32700);
        let invalid = body_of(&check_body(br#"{"jsonrpc":"1.0","id":7,"method":"x"}"#).unwrap());
        assert_eq!(invalid["id"], 7);
        assert_eq!(invalid["params"]["code"], -32600);
        // A broken notification cannot be answered.
        assert_eq!(check_body(br#"{"jsonrpc":"1.0","method":"x"}"#), None);
        let good = br#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;
        assert_eq!(check_body(good).unwrap(), frame_bytes(good));
    }
}
