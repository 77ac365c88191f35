//! The syntax tree: a lossless list of items, and typed instructions with byte ranges.

use std::fmt;

use crate::text::TextRange;

/// A parsed Dockerfile. Owns its source text.
///
/// The items partition the text: concatenating their ranges gives back the
/// input byte for byte (see [`Dockerfile::print`]).
#[derive(Clone, Debug)]
pub struct Dockerfile {
    pub(crate) text: String,
    pub(crate) items: Vec<Item>,
    pub(crate) instructions: Vec<Instruction>,
    pub(crate) directives: Vec<Directive>,
    pub(crate) escape: char,
    pub(crate) errors: Vec<SyntaxError>,
}

impl Dockerfile {
    /// The source text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The source text, taken out of the tree.
    pub fn into_text(self) -> String {
        self.text
    }

    /// The text covered by `range`.
    pub fn slice(&self, range: TextRange) -> &str {
        &self.text[range]
    }

    /// Every item in source order. Their ranges partition the text.
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    /// The instructions, in source order.
    pub fn instructions(&self) -> &[Instruction] {
        &self.instructions
    }

    /// The parser directives at the top of the file that BuildKit honours.
    pub fn directives(&self) -> &[Directive] {
        &self.directives
    }

    /// The escape character: `\` unless an `# escape=` directive chose `` ` ``.
    pub fn escape(&self) -> char {
        self.escape
    }

    /// What BuildKit's parser would reject, in source order.
    pub fn errors(&self) -> &[SyntaxError] {
        &self.errors
    }

    /// The whole-line comments outside instructions, in source order
    /// (parser directives are not included).
    pub fn comments(&self) -> impl Iterator<Item = TextRange> + '_ {
        self.items.iter().filter(|item| item.kind == ItemKind::Comment).map(|item| item.content)
    }

    /// Rebuilds the source from the items. Equal to [`Dockerfile::text`] by construction;
    /// the round-trip tests check exactly that.
    pub fn print(&self) -> String {
        let mut out = String::with_capacity(self.text.len());
        for item in &self.items {
            out.push_str(&self.text[item.range]);
        }
        out
    }
}

/// One top-level piece of the file: whole lines, including their line breaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Item {
    /// What the lines are.
    pub kind: ItemKind,
    /// The whole lines, from the start of the first line to after the last line break.
    pub range: TextRange,
    /// The meaningful part: without leading indentation and the final line break.
    pub content: TextRange,
}

/// The kind of an [`Item`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemKind {
    /// A UTF-8 byte-order mark at the very start.
    Bom,
    /// A parser directive; the index into [`Dockerfile::directives`].
    Directive(u32),
    /// A comment line.
    Comment,
    /// An empty or whitespace-only line.
    Blank,
    /// An instruction with its continuation lines and heredoc bodies; the index into
    /// [`Dockerfile::instructions`].
    Instruction(u32),
}

/// A parser directive such as `# syntax=docker/dockerfile:1`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    /// Which directive.
    pub kind: DirectiveKind,
    /// The whole comment line, without the line break.
    pub range: TextRange,
    /// The key as written.
    pub name: TextRange,
    /// The value, trimmed.
    pub value: TextRange,
}

/// The directives BuildKit knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DirectiveKind {
    /// `# syntax=`: the frontend image.
    Syntax,
    /// `# escape=`: the escape and line-continuation character.
    Escape,
    /// `# check=`: build-check settings.
    Check,
}

impl DirectiveKind {
    /// Parses a directive key, ignoring case.
    pub fn from_name(name: &str) -> Option<Self> {
        if name.eq_ignore_ascii_case("syntax") {
            Some(Self::Syntax)
        } else if name.eq_ignore_ascii_case("escape") {
            Some(Self::Escape)
        } else if name.eq_ignore_ascii_case("check") {
            Some(Self::Check)
        } else {
            None
        }
    }

    /// The lower-case key.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Syntax => "syntax",
            Self::Escape => "escape",
            Self::Check => "check",
        }
    }
}

/// An instruction keyword.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[allow(missing_docs)]
pub enum Keyword {
    Add,
    Arg,
    Cmd,
    Copy,
    Entrypoint,
    Env,
    Expose,
    From,
    Healthcheck,
    Label,
    Maintainer,
    Onbuild,
    Run,
    Shell,
    Stopsignal,
    User,
    Volume,
    Workdir,
    /// Anything else. BuildKit's parser keeps it; `docker build` then rejects it.
    Unknown,
}

impl Keyword {
    /// Every known keyword, in alphabetical order.
    pub const ALL: [Keyword; 18] = [
        Keyword::Add,
        Keyword::Arg,
        Keyword::Cmd,
        Keyword::Copy,
        Keyword::Entrypoint,
        Keyword::Env,
        Keyword::Expose,
        Keyword::From,
        Keyword::Healthcheck,
        Keyword::Label,
        Keyword::Maintainer,
        Keyword::Onbuild,
        Keyword::Run,
        Keyword::Shell,
        Keyword::Stopsignal,
        Keyword::User,
        Keyword::Volume,
        Keyword::Workdir,
    ];

    /// Parses a keyword, ignoring ASCII case.
    pub fn parse(word: &str) -> Keyword {
        // Only keywords of the word's length can match.
        let candidates: &[Keyword] = match word.len() {
            3 => &[Keyword::Add, Keyword::Arg, Keyword::Cmd, Keyword::Env, Keyword::Run],
            4 => &[Keyword::Copy, Keyword::From, Keyword::User],
            5 => &[Keyword::Label, Keyword::Shell],
            6 => &[Keyword::Expose, Keyword::Volume],
            7 => &[Keyword::Onbuild, Keyword::Workdir],
            10 => &[Keyword::Entrypoint, Keyword::Maintainer, Keyword::Stopsignal],
            11 => &[Keyword::Healthcheck],
            _ => &[],
        };
        candidates.iter().copied().find(|k| word.eq_ignore_ascii_case(k.as_str())).unwrap_or(Keyword::Unknown)
    }

    /// The canonical upper-case spelling (`"UNKNOWN"` for unknown keywords).
    pub fn as_str(self) -> &'static str {
        match self {
            Keyword::Add => "ADD",
            Keyword::Arg => "ARG",
            Keyword::Cmd => "CMD",
            Keyword::Copy => "COPY",
            Keyword::Entrypoint => "ENTRYPOINT",
            Keyword::Env => "ENV",
            Keyword::Expose => "EXPOSE",
            Keyword::From => "FROM",
            Keyword::Healthcheck => "HEALTHCHECK",
            Keyword::Label => "LABEL",
            Keyword::Maintainer => "MAINTAINER",
            Keyword::Onbuild => "ONBUILD",
            Keyword::Run => "RUN",
            Keyword::Shell => "SHELL",
            Keyword::Stopsignal => "STOPSIGNAL",
            Keyword::User => "USER",
            Keyword::Volume => "VOLUME",
            Keyword::Workdir => "WORKDIR",
            Keyword::Unknown => "UNKNOWN",
        }
    }

    /// Whether BuildKit looks for heredocs in this instruction's shell form.
    pub fn allows_heredoc(self) -> bool {
        matches!(self, Keyword::Run | Keyword::Copy | Keyword::Add)
    }
}

impl fmt::Display for Keyword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An instruction, with every part's byte range.
///
/// BuildKit joins continuation lines into one *logical line* before it splits
/// words. [`Instruction::line`] keeps that text and maps offsets in it back to
/// the source; every node carries both its source `range` and, where the text
/// matters, its `logical` range into the joined line.
#[derive(Clone, Debug)]
pub struct Instruction {
    /// The keyword.
    pub keyword: Keyword,
    /// The keyword as written.
    pub keyword_range: TextRange,
    /// The keyword's range in the logical line.
    pub keyword_logical: TextRange,
    /// From the keyword to the end of the last line (heredoc terminators included),
    /// without the final line break.
    pub range: TextRange,
    /// The `--name[=value]` flags before the arguments.
    pub flags: Vec<Flag>,
    /// The arguments, parsed the way BuildKit parses this keyword.
    pub args: Args,
    /// The source range of the arguments (empty when there are none).
    pub args_range: TextRange,
    /// The heredocs, in order, for `RUN`, `COPY` and `ADD` in shell form.
    pub heredocs: Vec<Heredoc>,
    /// The joined logical line.
    pub line: LogicalLine,
    /// Comment lines inside the continuation.
    pub continuation_comments: Vec<TextRange>,
    /// Empty lines inside the continuation (BuildKit warns about them).
    pub empty_continuation_lines: Vec<TextRange>,
    /// The source ranges of the line-continuation characters.
    pub continuations: Vec<TextRange>,
}

impl Instruction {
    /// The logical text of a word or any other logical range.
    pub fn text(&self, word: &Word) -> &str {
        &self.line.text[word.logical]
    }

    /// The flag named `name` (without the leading `--`), the last one if repeated.
    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags.iter().rev().find(|f| f.name == name)
    }

    /// Whether the arguments are a JSON array.
    pub fn is_exec_form(&self) -> bool {
        matches!(self.args, Args::Exec(_))
    }

    /// The instruction under `ONBUILD`, if this is one.
    pub fn onbuild(&self) -> Option<&Instruction> {
        match &self.args {
            Args::Onbuild(inner) => Some(inner),
            _ => None,
        }
    }

    /// The source range of the whole logical line's text from `logical.start()`.
    pub fn source_range(&self, logical: TextRange) -> TextRange {
        self.line.source_range(logical)
    }
}

/// The joined text of an instruction's lines, with a map back to the source.
#[derive(Clone, Debug, Default)]
pub struct LogicalLine {
    pub(crate) text: String,
    /// Where the text starts in the source, for a line of one piece.
    pub(crate) start: u32,
    /// For a line of several pieces: where each piece of `text` starts, in the logical text and
    /// in the source. Empty for one piece (most instructions), which then needs no allocation.
    pub(crate) pieces: Vec<(u32, u32)>,
}

impl LogicalLine {
    /// The joined text: continuation characters, comment lines and empty lines removed.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether the instruction spans more than one source line.
    pub fn is_multiline(&self) -> bool {
        !self.pieces.is_empty()
    }

    /// Maps an offset in the logical text to the source. An offset at the
    /// boundary of two pieces maps to the start of the later piece.
    pub fn source_offset(&self, logical: u32) -> u32 {
        if self.pieces.is_empty() {
            return self.start + logical;
        }
        let i = match self.pieces.binary_search_by_key(&logical, |p| p.0) {
            Ok(i) => i,
            Err(0) => 0,
            Err(i) => i - 1,
        };
        let (l, s) = self.pieces.get(i).copied().unwrap_or((0, 0));
        s + logical.saturating_sub(l)
    }

    /// Maps a logical range to the source. A range that spans a line
    /// continuation covers the continuation too.
    pub fn source_range(&self, logical: TextRange) -> TextRange {
        let start = self.source_offset(logical.start());
        if logical.is_empty() {
            return TextRange::empty(start);
        }
        let end = self.source_offset(logical.end() - 1) + 1;
        TextRange::new(start, end.max(start))
    }

    /// Whether a logical range lies within one source piece, so that the
    /// source text of its mapped range equals its logical text.
    pub fn is_contiguous(&self, logical: TextRange) -> bool {
        let mapped = self.source_range(logical);
        mapped.len() == logical.len()
    }
}

/// A `--name` or `--name=value` flag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flag {
    /// The whole flag, from `--`.
    pub range: TextRange,
    /// The flag in the logical line.
    pub logical: TextRange,
    /// The name after `--`, with quotes and escapes processed.
    pub name: String,
    /// The name's source range.
    pub name_range: TextRange,
    /// The value after `=`, if any.
    pub value: Option<FlagValue>,
}

/// The value of a flag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlagValue {
    /// The value with quotes and escapes processed, as BuildKit reads it.
    pub text: String,
    /// The value's source range (after `=`).
    pub range: TextRange,
    /// The value's range in the logical line.
    pub logical: TextRange,
}

impl Flag {
    /// The value text, or `None` for a bare flag.
    pub fn value_text(&self) -> Option<&str> {
        self.value.as_ref().map(|v| v.text.as_str())
    }
}

/// A word of an instruction's arguments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Word {
    /// The source range.
    pub range: TextRange,
    /// The range in the instruction's logical line; see [`Instruction::text`].
    pub logical: TextRange,
}

/// A JSON string element of an exec-form array.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonString {
    /// The source range, including the quotes.
    pub range: TextRange,
    /// The logical range, including the quotes.
    pub logical: TextRange,
    /// The decoded value.
    pub value: String,
}

/// An exec-form JSON array.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExecForm {
    /// From `[` to `]`.
    pub range: TextRange,
    /// The array in the logical line.
    pub logical: TextRange,
    /// The elements.
    pub elements: Vec<JsonString>,
    /// Text after the closing bracket, which BuildKit ignores.
    pub trailing: Option<TextRange>,
}

impl ExecForm {
    /// The decoded elements.
    pub fn argv(&self) -> impl Iterator<Item = &str> {
        self.elements.iter().map(|e| e.value.as_str())
    }
}

/// A `key=value` (or legacy `key value`) pair of `ENV` or `LABEL`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyValue {
    /// The whole pair.
    pub range: TextRange,
    /// The key, as written (may be quoted).
    pub key: Word,
    /// The value, as written (may be quoted, may be empty).
    pub value: Word,
    /// Whether the pair used `=` (false for the legacy `ENV key value` form).
    pub equals: bool,
}

/// The arguments of `HEALTHCHECK`.
#[derive(Clone, Debug)]
pub struct Healthcheck {
    /// `CMD`, `NONE` or whatever was written.
    pub kind: Word,
    /// The command after `CMD`.
    pub cmd: Box<Args>,
}

/// Instruction arguments, in the shape BuildKit's parser gives each keyword.
#[derive(Clone, Debug)]
pub enum Args {
    /// No arguments.
    Empty,
    /// A JSON array (`RUN`, `CMD`, `ENTRYPOINT`, `SHELL`, `ADD`, `COPY`, `VOLUME`).
    Exec(ExecForm),
    /// The rest of the line as one string: shell-form `RUN`/`CMD`/`ENTRYPOINT`/`SHELL`,
    /// and `USER`, `WORKDIR`, `MAINTAINER`, `STOPSIGNAL`.
    Shell(Word),
    /// Words: whitespace-split for `FROM`, `EXPOSE`, `ADD`, `COPY`, `VOLUME` and unknown
    /// keywords; quote-aware for `ARG`.
    Words(Vec<Word>),
    /// `ENV` and `LABEL` pairs.
    KeyValues(Vec<KeyValue>),
    /// `HEALTHCHECK`.
    Healthcheck(Healthcheck),
    /// `ONBUILD` and the instruction it holds.
    Onbuild(Box<Instruction>),
}

impl Args {
    /// The words, for the keywords parsed as words.
    pub fn words(&self) -> &[Word] {
        match self {
            Args::Words(words) => words,
            _ => &[],
        }
    }

    /// The exec form, if the arguments are a JSON array.
    pub fn exec(&self) -> Option<&ExecForm> {
        match self {
            Args::Exec(exec) => Some(exec),
            _ => None,
        }
    }

    /// The shell-form text, if the arguments are one string.
    pub fn shell(&self) -> Option<Word> {
        match self {
            Args::Shell(word) => Some(*word),
            _ => None,
        }
    }

    /// The `ENV`/`LABEL` pairs.
    pub fn key_values(&self) -> &[KeyValue] {
        match self {
            Args::KeyValues(pairs) => pairs,
            _ => &[],
        }
    }
}

/// A heredoc: `<<EOF` and the lines up to `EOF`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heredoc {
    /// The `<<NAME` word.
    pub word: TextRange,
    /// The terminator name, quotes removed.
    pub name: String,
    /// The file descriptor written before `<<`, if any.
    pub fd: Option<u32>,
    /// `<<-`: leading tabs are stripped from the body and the terminator.
    pub chomp: bool,
    /// Whether the body is expanded (the name was not quoted).
    pub expand: bool,
    /// The body lines, with their line breaks, without the terminator line.
    pub body: TextRange,
    /// The terminator line, or `None` when the heredoc runs to the end of the file.
    pub terminator: Option<TextRange>,
}

/// What BuildKit's parser rejects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// Which problem.
    pub kind: SyntaxErrorKind,
    /// Where.
    pub range: TextRange,
    /// A message that says what is wrong.
    pub message: String,
}

/// The kinds of [`SyntaxError`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SyntaxErrorKind {
    /// The file has no instruction at all.
    NoInstructions,
    /// `# escape=` with something other than `\` or `` ` ``.
    InvalidEscape,
    /// The same parser directive twice.
    DuplicateDirective,
    /// A heredoc whose terminator never comes.
    UnterminatedHeredoc,
    /// A JSON array with an element that is not a string.
    JsonNotStringArray,
    /// `ENV`/`LABEL` with a key and no value.
    MissingValue,
    /// `ENV a=b c`: a later word without `=`.
    MissingEquals,
}
