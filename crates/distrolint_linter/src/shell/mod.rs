//! distrolint's own shell lexer and command splitter for `RUN` scripts.
//!
//! [`parse`] reads a POSIX/bash script in one pass over its bytes and never fails:
//! whatever it cannot make sense of (an unterminated quote, a stray `)`, binary junk)
//! it reads as far as it can and goes on. The result is a [`Script`]: the simple
//! commands in source order, each with exact byte ranges for every word, assignment
//! and redirection, plus the list of control operators.
//!
//! Commands are found everywhere a shell would run them: after `&&`, `||`, `;`, `|`,
//! `|&`, `&` and line breaks; inside `( )`, `{ }`, `$( )`, backticks, `<( )` and
//! `${x:-$(...)}`; and in the bodies and conditions of `if`, `while`, `until`, `for`,
//! `select`, `case` and function definitions. Reserved words, the words of
//! `for x in a b c`, `case` words and patterns, and `(( ... ))` are not commands.
//! Heredoc bodies (`cat <<EOF ... EOF`) are recognized and skipped; comments start at
//! a `#` that begins a word; `\` + line break joins lines.
//!
//! The parser allocates for the script's flat lists only: a word borrows its value
//! from the script unless quotes or escapes make it discontiguous.

mod args;
mod command;
mod expansion;
mod heredoc;
mod lexer;
mod parser;
mod word;

#[cfg(test)]
mod tests;

use distrolint_syntax::TextRange;

pub use args::{Arg, Arguments, Flag, FlagValue};
pub use command::Command;
pub use word::{Assignment, Heredoc, Redirect, RedirectKind, Word};

use command::CommandData;

/// Parses a shell script. Never fails and never panics; ranges are relative to `script`.
pub fn parse(script: &str) -> Script<'_> {
    parser::Parser::new(script).run()
}

/// A parsed script: its simple commands and control operators.
#[derive(Clone, Debug)]
pub struct Script<'a> {
    source: &'a str,
    commands: Vec<CommandData>,
    words: Vec<Word<'a>>,
    assignments: Vec<Assignment<'a>>,
    redirects: Vec<Redirect<'a>>,
    other_redirects: Vec<Redirect<'a>>,
    operators: Vec<OperatorToken>,
    has_pipe: bool,
    has_top_level_pipe: bool,
}

impl<'a> Script<'a> {
    /// The script text that was parsed.
    pub fn source(&self) -> &'a str {
        self.source
    }

    /// The simple commands, in source order (by start offset), nested ones included.
    pub fn commands(&self) -> impl ExactSizeIterator<Item = Command<'_>> + DoubleEndedIterator + Clone {
        self.commands.iter().enumerate().map(|(index, data)| self.view(index, data))
    }

    /// The command at `index` in [`Script::commands`].
    pub fn command(&self, index: usize) -> Option<Command<'_>> {
        self.commands.get(index).map(|data| self.view(index, data))
    }

    /// The number of simple commands.
    pub fn len(&self) -> usize {
        self.commands.len()
    }

    /// Whether the script has no simple command.
    pub fn is_empty(&self) -> bool {
        self.commands.is_empty()
    }

    /// The [effective](Command::effective) commands whose basename is `name`:
    /// `commands_named("apt-get")` finds `sudo /usr/bin/apt-get install x`.
    pub fn commands_named<'n>(&self, name: &'n str) -> impl Iterator<Item = Command<'_>> + use<'_, 'a, 'n> {
        self.commands().map(|command| command.effective()).filter(move |command| command.is(name))
    }

    /// The control operators, in source order: `&&`, `||`, `;`, `|`, `|&`, `&`, `;;`,
    /// and the line breaks that end a command.
    pub fn operators(&self) -> &[OperatorToken] {
        &self.operators
    }

    /// Whether the script has a `|` or `|&` anywhere, substitutions included.
    pub fn has_pipe(&self) -> bool {
        self.has_pipe
    }

    /// Whether the script has a `|` or `|&` outside command substitutions, that is in a
    /// pipeline whose status the `RUN` (or a subshell or compound command of it) sees.
    pub fn has_top_level_pipe(&self) -> bool {
        self.has_top_level_pipe
    }

    /// Redirections of compound commands (`done < file`, `} > log`, `(a) 2>&1`), which
    /// belong to no simple command.
    pub fn other_redirects(&self) -> &[Redirect<'a>] {
        &self.other_redirects
    }

    /// Every heredoc redirection: those of simple commands first, then the others.
    pub fn heredocs(&self) -> impl Iterator<Item = &Redirect<'a>> {
        self.redirects.iter().chain(&self.other_redirects).filter(|r| r.heredoc.is_some())
    }

    fn view<'s>(&'s self, index: usize, data: &'s CommandData) -> Command<'s> {
        Command::new(data, index, &self.words, &self.assignments, &self.redirects)
    }
}

/// A control operator between commands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Operator {
    /// Nothing: the first command of a list. Only seen in [`Command::joined_by`].
    Start,
    /// `&&`
    And,
    /// `||`
    Or,
    /// `;`
    Semicolon,
    /// A line break.
    Newline,
    /// `|`
    Pipe,
    /// `|&`
    PipeAll,
    /// `&`
    Background,
    /// `;;`, `;&` or `;;&`, ending a `case` item.
    CaseBreak,
}

impl Operator {
    /// The operator as written (`""` for [`Operator::Start`], `";;"` for any case break).
    pub fn as_str(self) -> &'static str {
        match self {
            Operator::Start => "",
            Operator::And => "&&",
            Operator::Or => "||",
            Operator::Semicolon => ";",
            Operator::Newline => "\n",
            Operator::Pipe => "|",
            Operator::PipeAll => "|&",
            Operator::Background => "&",
            Operator::CaseBreak => ";;",
        }
    }

    /// Whether this is `|` or `|&`.
    pub fn is_pipe(self) -> bool {
        matches!(self, Operator::Pipe | Operator::PipeAll)
    }
}

/// An operator as written in the script.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OperatorToken {
    kind: Operator,
    range: TextRange,
    nested: bool,
}

impl OperatorToken {
    /// Which operator.
    pub fn kind(&self) -> Operator {
        self.kind
    }

    /// Where it is written.
    pub fn range(&self) -> TextRange {
        self.range
    }

    /// Whether it is inside a command substitution, backticks or `<( )`.
    pub fn is_nested(&self) -> bool {
        self.nested
    }
}
