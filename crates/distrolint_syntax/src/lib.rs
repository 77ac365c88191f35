//! A lossless, error-tolerant Dockerfile parser that follows BuildKit's grammar.
//!
//! [`parse`] never fails. It returns a [`Dockerfile`] whose [`items`](Dockerfile::items)
//! partition the input, so printing the tree gives back the input byte for byte, and
//! whose [`instructions`](Dockerfile::instructions) carry byte ranges for every part:
//! keyword, flags, arguments, JSON elements and heredocs. What BuildKit's parser would
//! reject is listed in [`Dockerfile::errors`]; parsing goes on at the next line.
//!
//! The crate has no dependencies and does no I/O.

mod ast;
mod heredoc;
mod json;
mod line;
mod parser;
pub mod sexpr;
mod text;
mod words;

pub use ast::{
    Args, Directive, DirectiveKind, Dockerfile, ExecForm, Flag, FlagValue, Healthcheck, Heredoc, Instruction, Item,
    ItemKind, JsonString, KeyValue, Keyword, LogicalLine, SyntaxError, SyntaxErrorKind, Word,
};
pub use parser::parse;
pub use text::{ColumnEncoding, LineCol, LineIndex, TextRange};
pub use words::unquote;
