//! Words, assignments and redirections: the pieces a simple command is made of.

use std::borrow::Cow;

use distrolint_syntax::TextRange;

/// The word contains a parameter, command, arithmetic or process expansion.
pub(super) const EXPANSION: u8 = 1;
/// The word contains an unquoted glob: `*`, `?`, `[...]` or an extended glob.
pub(super) const GLOB: u8 = 2;
/// The word contains an unquoted brace expansion such as `{a,b}` or `{1..3}`.
pub(super) const BRACE: u8 = 4;
/// The word starts with an unquoted `~`.
pub(super) const TILDE: u8 = 8;
/// The word contains quotes or backslash escapes.
pub(super) const QUOTED: u8 = 16;
/// The value is unknown for another reason: an array or an undecodable `$'...'` escape.
pub(super) const OPAQUE: u8 = 32;

/// One shell word, such as `apt-get`, `"$HOME/x"` or `'a b'`.
///
/// The value is computed while lexing. A plain word, or a word that is one
/// quoted string without escapes, borrows its value from the script; only
/// words that mix quoting styles or use escapes allocate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word<'a> {
    pub(super) raw: &'a str,
    /// The offset of `raw` in the script.
    pub(super) start: u32,
    pub(super) flags: u8,
    pub(super) value: Value,
}

/// A word's value, kept small: scripts hold many words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Value {
    /// The value is the raw text.
    Raw,
    /// The value is `raw[offset..offset + len]`.
    Sub(u32, u32),
    /// The value had to be built. Boxed twice for a thin pointer: this case is rare.
    Owned(Box<Box<str>>),
    /// The value is not known statically.
    Unknown,
}

impl<'a> Word<'a> {
    pub(super) fn new(raw: &'a str, start: usize, value: Value, flags: u8) -> Self {
        Word { raw, start: start as u32, flags, value }
    }

    /// A word whose value is its raw text.
    pub(super) fn plain(raw: &'a str, start: usize) -> Self {
        Word::new(raw, start, Value::Raw, 0)
    }

    /// The word's byte range in the script.
    pub fn range(&self) -> TextRange {
        TextRange::new(self.start, self.start + self.raw.len() as u32)
    }

    /// The word as written, quotes and escapes included.
    pub fn raw(&self) -> &'a str {
        self.raw
    }

    /// The value with quotes removed and escapes processed, or `None` when the word
    /// contains a parameter, command or arithmetic expansion (or its value cannot be
    /// known for another reason, such as an array).
    ///
    /// Globs, brace expansions and a leading `~` are kept as written, so
    /// `/var/lib/apt/lists/*` reads as that text. Use [`Word::literal`] to refuse those too.
    pub fn unquoted(&self) -> Option<&str> {
        match &self.value {
            Value::Raw => Some(self.raw),
            Value::Sub(offset, len) => self.raw.get(*offset as usize..(*offset + *len) as usize),
            Value::Owned(value) => Some(value),
            Value::Unknown => None,
        }
    }

    /// The value when the word is fully static: no expansion, no unquoted glob, no
    /// brace expansion and no leading `~`. This is what the shell passes as argv.
    pub fn literal(&self) -> Option<&str> {
        if self.flags & (GLOB | BRACE | TILDE) != 0 {
            return None;
        }
        self.unquoted()
    }

    /// Whether [`Word::literal`] is known.
    pub fn is_static(&self) -> bool {
        self.literal().is_some()
    }

    /// Whether the word contains `$VAR`, `${...}`, `$(...)`, backticks, `$((...))` or
    /// a process substitution, quoted or not.
    pub fn has_expansion(&self) -> bool {
        self.flags & EXPANSION != 0
    }

    /// Whether the word contains an unquoted glob (`*`, `?`, `[...]`, extended globs)
    /// or an unquoted brace expansion (`{a,b}`, `{1..3}`).
    pub fn has_glob(&self) -> bool {
        self.flags & (GLOB | BRACE) != 0
    }

    /// Whether the word contains quotes or backslash escapes.
    pub fn is_quoted(&self) -> bool {
        self.flags & QUOTED != 0
    }

    /// The variable name when the whole word is one variable: `$NAME`, `${NAME}`,
    /// `"$NAME"` or `"${NAME}"`.
    pub fn variable_name(&self) -> Option<&'a str> {
        let raw = self.raw;
        let inner = raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')).unwrap_or(raw);
        let rest = inner.strip_prefix('$')?;
        let name = rest.strip_prefix('{').and_then(|r| r.strip_suffix('}')).unwrap_or(rest);
        is_name(name).then_some(name)
    }
}

/// Whether `text` is a shell variable name: a letter or `_`, then letters, digits or `_`.
pub(super) fn is_name(text: &str) -> bool {
    let mut bytes = text.bytes();
    matches!(bytes.next(), Some(b'a'..=b'z' | b'A'..=b'Z' | b'_'))
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// A `NAME=value` (or `NAME+=value`) before a command's name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assignment<'a> {
    pub(super) range: TextRange,
    pub(super) name: &'a str,
    pub(super) name_range: TextRange,
    pub(super) append: bool,
    pub(super) value: Word<'a>,
}

impl<'a> Assignment<'a> {
    /// From the name to the end of the value.
    pub fn range(&self) -> TextRange {
        self.range
    }

    /// The variable name (with its `[index]`, if any).
    pub fn name(&self) -> &'a str {
        self.name
    }

    /// The name's byte range.
    pub fn name_range(&self) -> TextRange {
        self.name_range
    }

    /// Whether the assignment is written `NAME+=value`.
    pub fn is_append(&self) -> bool {
        self.append
    }

    /// The value after `=`; an empty word for `NAME=`.
    pub fn value(&self) -> &Word<'a> {
        &self.value
    }
}

/// The operator of a redirection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RedirectKind {
    /// `<`
    Input,
    /// `>`
    Output,
    /// `>>`
    Append,
    /// `>|`
    Clobber,
    /// `<>`
    ReadWrite,
    /// `<&`
    DupInput,
    /// `>&`
    DupOutput,
    /// `&>`
    OutputAll,
    /// `&>>`
    AppendAll,
    /// `<<`
    Heredoc,
    /// `<<-`: leading tabs are stripped from the body and the delimiter line.
    HeredocStrip,
    /// `<<<`
    HereString,
}

impl RedirectKind {
    /// The operator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            RedirectKind::Input => "<",
            RedirectKind::Output => ">",
            RedirectKind::Append => ">>",
            RedirectKind::Clobber => ">|",
            RedirectKind::ReadWrite => "<>",
            RedirectKind::DupInput => "<&",
            RedirectKind::DupOutput => ">&",
            RedirectKind::OutputAll => "&>",
            RedirectKind::AppendAll => "&>>",
            RedirectKind::Heredoc => "<<",
            RedirectKind::HeredocStrip => "<<-",
            RedirectKind::HereString => "<<<",
        }
    }

    /// Whether this is `<<` or `<<-`.
    pub fn is_heredoc(self) -> bool {
        matches!(self, RedirectKind::Heredoc | RedirectKind::HeredocStrip)
    }
}

/// A redirection such as `2>&1`, `>/dev/null` or `<<EOF`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Redirect<'a> {
    pub(super) range: TextRange,
    pub(super) fd: Option<u32>,
    pub(super) kind: RedirectKind,
    pub(super) op_range: TextRange,
    pub(super) target: Word<'a>,
    pub(super) heredoc: Option<Heredoc<'a>>,
}

impl<'a> Redirect<'a> {
    /// From the file descriptor (or operator) to the end of the target word.
    pub fn range(&self) -> TextRange {
        self.range
    }

    /// The file descriptor written before the operator, as in `2>`.
    pub fn fd(&self) -> Option<u32> {
        self.fd
    }

    /// The operator.
    pub fn kind(&self) -> RedirectKind {
        self.kind
    }

    /// The operator's byte range.
    pub fn op_range(&self) -> TextRange {
        self.op_range
    }

    /// The target word: a file, a descriptor (`1` in `2>&1`) or a heredoc delimiter.
    /// It is empty, at the end of the operator, when the target is missing.
    pub fn target(&self) -> &Word<'a> {
        &self.target
    }

    /// The heredoc, for `<<` and `<<-`.
    pub fn heredoc(&self) -> Option<&Heredoc<'a>> {
        self.heredoc.as_ref()
    }
}

/// The body of a `<<DELIM` heredoc inside a script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heredoc<'a> {
    pub(super) delimiter: Cow<'a, str>,
    pub(super) quoted: bool,
    pub(super) body: TextRange,
    pub(super) terminator: Option<TextRange>,
}

impl Heredoc<'_> {
    /// The delimiter with quotes removed.
    pub fn delimiter(&self) -> &str {
        &self.delimiter
    }

    /// Whether the delimiter was quoted, so the body is not expanded.
    pub fn is_quoted(&self) -> bool {
        self.quoted
    }

    /// The body lines, with their line breaks, without the delimiter line.
    pub fn body(&self) -> TextRange {
        self.body
    }

    /// The delimiter line without its line break, or `None` when the body runs to the end.
    pub fn terminator(&self) -> Option<TextRange> {
        self.terminator
    }
}

/// Accumulates a word's value from slices of the script, borrowing while they are contiguous.
pub(super) struct ValueBuilder<'a> {
    src: &'a str,
    state: State,
}

enum State {
    Empty,
    Slice(usize, usize),
    Owned(String),
    Unknown,
}

impl<'a> ValueBuilder<'a> {
    pub(super) fn new(src: &'a str) -> Self {
        Self { src, state: State::Empty }
    }

    /// A builder whose value is already unknown; pushes are free.
    pub(super) fn unknown(src: &'a str) -> Self {
        Self { src, state: State::Unknown }
    }

    /// Appends `src[start..end]`.
    #[inline]
    pub(super) fn slice(&mut self, start: usize, end: usize) {
        if start >= end {
            return;
        }
        match &mut self.state {
            State::Empty => self.state = State::Slice(start, end),
            State::Slice(s, e) if *e == start => *e = end,
            State::Slice(s, e) => {
                let mut owned = String::with_capacity(*e - *s + end - start + 8);
                owned.push_str(&self.src[*s..*e]);
                owned.push_str(&self.src[start..end]);
                self.state = State::Owned(owned);
            }
            State::Owned(owned) => owned.push_str(&self.src[start..end]),
            State::Unknown => {}
        }
    }

    /// Appends one character that is not in the script as such (a decoded escape).
    pub(super) fn push(&mut self, c: char) {
        match &mut self.state {
            State::Empty => self.state = State::Owned(c.to_string()),
            State::Slice(s, e) => {
                let mut owned = String::with_capacity(*e - *s + 8);
                owned.push_str(&self.src[*s..*e]);
                owned.push(c);
                self.state = State::Owned(owned);
            }
            State::Owned(owned) => owned.push(c),
            State::Unknown => {}
        }
    }

    /// Marks the value as unknown.
    #[inline]
    pub(super) fn forget(&mut self) {
        self.state = State::Unknown;
    }

    /// The value of the word `src[start..end]`.
    pub(super) fn finish(self, start: usize, end: usize) -> Value {
        match self.state {
            State::Empty => Value::Sub(0, 0),
            State::Slice(s, e) if s == start && e == end => Value::Raw,
            State::Slice(s, e) if start <= s && e <= end => Value::Sub((s - start) as u32, (e - s) as u32),
            State::Slice(s, e) => Value::Owned(Box::new(self.src[s..e].into())),
            State::Owned(owned) => Value::Owned(Box::new(owned.into_boxed_str())),
            State::Unknown => Value::Unknown,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(raw: &str, flags: u8) -> Word<'_> {
        Word::new(raw, 0, Value::Raw, flags)
    }

    #[test]
    fn variable_names() {
        let cases = [
            ("$PKGS", Some("PKGS")),
            ("${PKGS}", Some("PKGS")),
            ("\"$PKGS\"", Some("PKGS")),
            ("\"${A_1}\"", Some("A_1")),
            ("$1", None),
            ("${A:-x}", None),
            ("$A$B", None),
            ("x$A", None),
            ("$", None),
        ];
        for (raw, expected) in cases {
            assert_eq!(word(raw, EXPANSION).variable_name(), expected, "{raw}");
        }
    }

    #[test]
    fn literal_refuses_globs_but_unquoted_keeps_them() {
        let glob = word("/var/lib/apt/lists/*", GLOB);
        assert_eq!(glob.literal(), None);
        assert_eq!(glob.unquoted(), Some("/var/lib/apt/lists/*"));
        assert!(glob.has_glob());
        assert!(word("{a,b}", BRACE).has_glob());
        assert_eq!(word("~/x", TILDE).literal(), None);
        assert_eq!(word("plain", 0).literal(), Some("plain"));
    }

    #[test]
    fn builder_borrows_contiguous_slices() {
        let src = "abcdef";
        let mut b = ValueBuilder::new(src);
        b.slice(0, 2);
        b.slice(2, 4);
        b.slice(4, 4);
        assert_eq!(b.finish(0, 4), Value::Raw);
        let mut b = ValueBuilder::new(src);
        b.slice(1, 3);
        assert_eq!(b.finish(0, 4), Value::Sub(1, 2));
        let mut b = ValueBuilder::new(src);
        b.slice(0, 2);
        b.slice(3, 4);
        b.push('!');
        assert_eq!(b.finish(0, 4), Value::Owned(Box::new("abd!".into())));
        let mut b = ValueBuilder::new(src);
        b.slice(0, 2);
        b.forget();
        b.slice(2, 3);
        assert_eq!(b.finish(0, 3), Value::Unknown);
        let empty = Word::new("''", 0, ValueBuilder::new(src).finish(0, 2), QUOTED);
        assert_eq!(empty.unquoted(), Some(""));
    }

    #[test]
    fn words_stay_small() {
        // Scripts hold many words; a bigger word costs throughput.
        assert!(size_of::<Word<'_>>() <= 40, "{}", size_of::<Word<'_>>());
    }

    #[test]
    fn redirect_kinds_print() {
        assert_eq!(RedirectKind::HeredocStrip.as_str(), "<<-");
        assert!(RedirectKind::Heredoc.is_heredoc());
        assert!(!RedirectKind::HereString.is_heredoc());
    }
}
