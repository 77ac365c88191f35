//! The structural half of the parser: lists, pipelines, compound commands and
//! substitutions, flattened into simple commands.
//!
//! There is no syntax tree. A small mode per list says what the next word is (a
//! command, an argument, a `for` variable, a `case` pattern...), and a stack of open
//! compound commands says what a closing word or `)` closes. Unbalanced input just
//! leaves frames open until the end of the list. Command substitutions recurse, to a
//! bounded depth; deeper ones are skipped without looking for commands.

use distrolint_syntax::TextRange;

use super::command::{CommandData, IN_SUBSHELL, IN_SUBSTITUTION, Span};
use super::heredoc::{Loc, Pending};
use super::word::{Assignment, Redirect, RedirectKind, Word};
use super::{Operator, OperatorToken, Script};

/// How deep command substitutions, `${...}` and arrays may nest before the parser
/// skips them without looking inside.
pub(super) const MAX_DEPTH: u32 = 32;
/// How many compound commands one list may hold open. Openers past this are ignored,
/// which keeps the scans of the frame stack short on pathological input.
const MAX_FRAMES: usize = 256;
const NO_PIPELINE: u32 = u32::MAX;

/// What ends a list besides the end of the region.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Close {
    /// Only the end of the region (the script, or the inside of backticks).
    End,
    /// A `)` that no subshell inside the list claims: the end of `$(...)` or `<(...)`.
    Paren,
}

/// What the next word of a list is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mode {
    /// A command name, an assignment, a redirection or a reserved word.
    Command,
    /// An argument of the current simple command.
    Args,
    /// A word inside `[[ ... ]]`, where `&&`, `<` and parentheses are words too.
    Cond,
    /// After `fi`, `done`, `}` or `)`: only operators and redirections belong here.
    AfterCompound,
    /// The variable of `for` or `select`.
    ForName,
    /// `in` or `do` after the `for` variable.
    ForIn,
    /// The words after `for x in`.
    ForWords,
    /// The word after `case`.
    CaseSubject,
    /// `in` after the `case` word.
    CaseIn,
    /// A pattern of a `case` item, up to its `)`.
    CasePattern,
    /// The name after `function`.
    FuncName,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum FrameKind {
    Subshell,
    Group,
    If,
    Loop,
    Case,
}

impl FrameKind {
    const COUNT: usize = 5;
}

/// An open compound command and the link its first command inherited, restored
/// when it closes so that `(a; b) | c` puts `c` second in the pipeline.
#[derive(Clone, Copy, Debug)]
struct Frame {
    kind: FrameKind,
    saved: Link,
}

/// How the next simple command is joined to what came before.
#[derive(Clone, Copy, Debug)]
struct Link {
    op: Operator,
    pipeline: u32,
    index: u16,
}

impl Link {
    const START: Link = Link { op: Operator::Start, pipeline: NO_PIPELINE, index: 0 };

    fn after(op: Operator) -> Link {
        Link { op, pipeline: NO_PIPELINE, index: 0 }
    }
}

/// A simple command being read. Its words go straight to the script from index
/// `words` on; its assignments and redirections sit on the parser's stacks from the
/// recorded bases until it is finished.
#[derive(Debug)]
struct Cmd {
    start: usize,
    end: usize,
    words: usize,
    /// The number of finished commands when this one started: more at its end means
    /// commands nested in its words were finished in between.
    commands: usize,
    assigns: usize,
    redirects: usize,
    /// The length of the pending heredoc list when the command started.
    pending: usize,
    nwords: usize,
    link: Link,
}

/// The state of one list: a script, a substitution or the inside of backticks.
struct List {
    /// Where this list's frames start on the parser's frame stack.
    base: usize,
    /// How many frames of each kind this list has open, so that a closer with nothing
    /// to close costs nothing.
    open: [u32; FrameKind::COUNT],
    mode: Mode,
    link: Link,
    cmd: Option<Cmd>,
}

/// The parser. Its lexing methods live in `lexer.rs` and `expansion.rs`, heredoc
/// bodies in `heredoc.rs`.
pub(super) struct Parser<'a> {
    pub(super) src: &'a str,
    pub(super) bytes: &'a [u8],
    pub(super) pos: usize,
    /// The end of the region being read: the script, or the closing backtick.
    pub(super) end: usize,
    /// The recursion depth, bounded by [`MAX_DEPTH`].
    pub(super) depth: u32,
    /// How many command substitutions enclose the current position.
    pub(super) subst_depth: u32,
    /// Bytes that `((` lookahead may still scan; keeps the parse linear when many
    /// `((` never close.
    pub(super) arith_budget: usize,
    subshell_depth: u32,
    frames: Vec<Frame>,
    assign_stack: Vec<Assignment<'a>>,
    pub(super) redirect_stack: Vec<Redirect<'a>>,
    pub(super) pending: Vec<Pending>,
    next_pipeline: u32,
    /// The length of each pipeline with a pipe, by id; the others have length 1.
    pipelines: Vec<u16>,
    unordered: bool,
    pub(super) script: Script<'a>,
}

impl<'a> Parser<'a> {
    pub(super) fn new(src: &'a str) -> Self {
        Parser {
            src,
            bytes: src.as_bytes(),
            pos: 0,
            end: src.len(),
            depth: 0,
            subst_depth: 0,
            arith_budget: 4 * src.len() + 1024,
            subshell_depth: 0,
            frames: Vec::new(),
            assign_stack: Vec::new(),
            redirect_stack: Vec::new(),
            pending: Vec::new(),
            next_pipeline: 0,
            pipelines: Vec::new(),
            unordered: false,
            script: Script {
                source: src,
                commands: Vec::with_capacity(src.len() / 48 + 1),
                words: Vec::with_capacity(src.len() / 10 + 1),
                assignments: Vec::new(),
                redirects: Vec::new(),
                other_redirects: Vec::new(),
                operators: Vec::with_capacity(src.len() / 48 + 1),
                has_pipe: false,
                has_top_level_pipe: false,
            },
        }
    }

    /// Parses the whole script.
    pub(super) fn run(mut self) -> Script<'a> {
        self.parse_list(Close::End);
        let mut script = self.script;
        for command in &mut script.commands {
            command.pipeline_len = self.pipelines.get(command.pipeline as usize).copied().unwrap_or(1);
        }
        if self.unordered {
            script.commands.sort_by_key(|c| c.range.start());
        }
        script
    }

    /// Parses a list up to the end of the region or, for [`Close::Paren`], up to and
    /// including the `)` that ends it.
    pub(super) fn parse_list(&mut self, close: Close) {
        let mut list = List {
            base: self.frames.len(),
            open: [0; FrameKind::COUNT],
            mode: Mode::Command,
            link: Link::START,
            cmd: None,
        };
        let mut last = usize::MAX;
        let mut stalls = 0;
        loop {
            self.skip_blanks();
            let pos = self.pos;
            if pos >= self.end {
                break;
            }
            // A mode change may look at the same byte twice, never more. This is a
            // guard against a bug looping forever, not a part of the grammar.
            if pos == last {
                stalls += 1;
                if stalls > 3 {
                    self.pos = next_boundary(self.src, pos);
                    continue;
                }
            } else {
                last = pos;
                stalls = 0;
            }
            let b = self.bytes[pos];
            if list.mode == Mode::Cond && b != b'\n' && b != b';' {
                self.cond_word(&mut list);
                continue;
            }
            match b {
                b'\n' => self.newline(&mut list),
                b';' => self.semicolon(&mut list),
                b'&' if self.byte(pos + 1) == b'>' => self.redirect(&mut list, None, pos),
                b'&' | b'|' => self.control(&mut list),
                b'(' => self.open_paren(&mut list),
                b')' => {
                    if self.close_paren(&mut list, close) {
                        break;
                    }
                }
                b'<' | b'>' if self.byte(pos + 1) != b'(' => self.redirect(&mut list, None, pos),
                _ => self.word(&mut list),
            }
        }
        self.finish(&mut list);
        self.subshell_depth -= list.open[FrameKind::Subshell as usize];
        self.frames.truncate(list.base);
    }

    /// Parses a `$(...)` or `<(...)` from just after its parenthesis.
    pub(super) fn parse_substitution(&mut self) {
        if self.depth >= MAX_DEPTH {
            self.pos = self.skip_parens(self.pos - 1);
            return;
        }
        self.depth += 1;
        self.subst_depth += 1;
        self.parse_list(Close::Paren);
        self.subst_depth -= 1;
        self.depth -= 1;
    }

    fn newline(&mut self, list: &mut List) {
        let pos = self.pos;
        match list.mode {
            Mode::Args | Mode::Cond | Mode::AfterCompound => {
                self.finish(list);
                self.push_op(Operator::Newline, pos, 1);
                list.link = Link::after(Operator::Newline);
                list.mode = Mode::Command;
            }
            Mode::ForWords | Mode::FuncName => list.mode = Mode::Command,
            _ => {}
        }
        self.pos = pos + 1;
        self.read_heredocs();
    }

    fn semicolon(&mut self, list: &mut List) {
        let pos = self.pos;
        let len = match (self.byte(pos + 1), self.byte(pos + 2)) {
            (b';', b'&') => 3,
            (b';' | b'&', _) => 2,
            _ => 1,
        };
        self.finish(list);
        self.pos = pos + len;
        if len > 1 && list.open[FrameKind::Case as usize] > 0 {
            self.push_op(Operator::CaseBreak, pos, len);
            list.mode = Mode::CasePattern;
            list.link = Link::START;
        } else {
            self.push_op(Operator::Semicolon, pos, len);
            list.mode = Mode::Command;
            list.link = Link::after(Operator::Semicolon);
        }
    }

    /// `&&`, `||`, `|`, `|&` and `&`.
    fn control(&mut self, list: &mut List) {
        let pos = self.pos;
        let (op, len) = match (self.bytes[pos], self.byte(pos + 1)) {
            (b'&', b'&') => (Operator::And, 2),
            (b'|', b'|') => (Operator::Or, 2),
            (b'|', b'&') => (Operator::PipeAll, 2),
            (b'|', _) => (Operator::Pipe, 1),
            _ => (Operator::Background, 1),
        };
        if list.mode == Mode::CasePattern && op == Operator::Pipe {
            // `a|b)` separates the alternatives of one pattern.
            self.pos = pos + 1;
            return;
        }
        self.finish(list);
        self.push_op(op, pos, len);
        self.pos = pos + len;
        list.mode = Mode::Command;
        if op.is_pipe() {
            if list.link.pipeline == NO_PIPELINE {
                list.link.pipeline = self.new_pipeline();
            }
            list.link.op = op;
            // Past 65,534 elements the index stops growing, so it stays below the length.
            list.link.index = (list.link.index + 1).min(u16::MAX - 1);
            let id = list.link.pipeline as usize;
            if self.pipelines.len() <= id {
                self.pipelines.resize(id + 1, 1);
            }
            self.pipelines[id] = self.pipelines[id].max(list.link.index.saturating_add(1));
        } else {
            list.link = Link::after(op);
        }
    }

    fn open_paren(&mut self, list: &mut List) {
        let pos = self.pos;
        match list.mode {
            Mode::Command | Mode::AfterCompound => {
                if self.byte(pos + 1) == b'(' {
                    if let Some(end) = self.arith_end(pos) {
                        // An arithmetic command `(( ... ))`.
                        self.pos = end;
                        list.mode = Mode::AfterCompound;
                        return;
                    }
                }
                self.open(list, FrameKind::Subshell);
                self.pos = pos + 1;
                list.mode = Mode::Command;
            }
            Mode::Args => {
                if let Some(after) = self.function_parens(list) {
                    // `name() body`: the name is not a command.
                    if let Some(cmd) = list.cmd.take() {
                        self.script.words.truncate(cmd.words);
                    }
                    self.pos = after;
                    list.mode = Mode::Command;
                    list.link = Link::START;
                    return;
                }
                self.finish(list);
                self.open(list, FrameKind::Subshell);
                self.pos = pos + 1;
                list.mode = Mode::Command;
            }
            Mode::ForName => {
                // `for ((i = 0; i < n; i++))`.
                self.pos = match self.arith_end(pos) {
                    Some(end) if self.byte(pos + 1) == b'(' => {
                        list.mode = Mode::ForIn;
                        end
                    }
                    _ => pos + 1,
                };
            }
            _ => self.pos = pos + 1,
        }
    }

    /// If the current command is one plain word and `(` `)` follows, the position after
    /// the `)`.
    fn function_parens(&self, list: &List) -> Option<usize> {
        let cmd = list.cmd.as_ref()?;
        let alone = cmd.nwords == 1
            && self.script.commands.len() == cmd.commands
            && self.assign_stack.len() == cmd.assigns
            && self.redirect_stack.len() == cmd.redirects
            && self.script.words.last().is_some_and(|w| w.flags == 0);
        if !alone {
            return None;
        }
        let mut i = self.pos + 1;
        while matches!(self.byte(i), b' ' | b'\t') {
            i += 1;
        }
        (self.byte(i) == b')').then_some(i + 1)
    }

    /// Handles `)`. Returns whether it ends the list.
    fn close_paren(&mut self, list: &mut List, close: Close) -> bool {
        let pos = self.pos;
        self.pos = pos + 1;
        if list.mode == Mode::CasePattern {
            list.mode = Mode::Command;
            list.link = Link::START;
            return false;
        }
        if list.open[FrameKind::Subshell as usize] > 0 {
            self.finish(list);
            self.close(list, FrameKind::Subshell);
            list.mode = Mode::AfterCompound;
            return false;
        }
        // Otherwise the `)` ends a substitution, or is a stray one that is skipped.
        close == Close::Paren
    }

    fn redirect(&mut self, list: &mut List, fd: Option<u32>, start: usize) {
        let redirect = self.lex_redirect(fd, start);
        let heredoc = redirect.heredoc.is_some();
        let strip_tabs = redirect.kind == RedirectKind::HeredocStrip;
        let loc = if matches!(list.mode, Mode::Command | Mode::Args) {
            self.ensure_cmd(list, start);
            if let Some(cmd) = &mut list.cmd {
                cmd.end = redirect.range.end() as usize;
            }
            self.redirect_stack.push(redirect);
            list.mode = Mode::Args;
            Loc::Stack(self.redirect_stack.len() - 1)
        } else {
            self.script.other_redirects.push(redirect);
            Loc::Other(self.script.other_redirects.len() - 1)
        };
        if heredoc {
            self.pending.push(Pending { loc, strip_tabs });
        }
    }

    fn word(&mut self, list: &mut List) {
        let start = self.pos;
        if matches!(list.mode, Mode::Command | Mode::Args | Mode::AfterCompound) && self.bytes[start].is_ascii_digit() {
            if let Some((fd, op)) = self.io_number() {
                self.pos = op;
                self.redirect(list, Some(fd), start);
                return;
            }
        }
        match list.mode {
            Mode::Command | Mode::Args => self.command_word(list, start),
            Mode::Cond => self.cond_word(list),
            Mode::AfterCompound => list.mode = Mode::Command,
            Mode::ForName => {
                self.lex_word();
                list.mode = Mode::ForIn;
            }
            Mode::ForIn => {
                // Peek rather than lex, so that a word that is neither is lexed once.
                if self.at_keyword("in") {
                    self.pos = start + 2;
                    list.mode = Mode::ForWords;
                } else if self.at_keyword("do") {
                    self.pos = start + 2;
                    list.mode = Mode::Command;
                    list.link = Link::START;
                } else {
                    list.mode = Mode::Command;
                }
            }
            Mode::ForWords => {
                self.lex_word();
            }
            Mode::CaseSubject => {
                self.lex_word();
                list.mode = Mode::CaseIn;
            }
            Mode::CaseIn => {
                if self.at_keyword("in") {
                    self.pos = start + 2;
                }
                list.mode = Mode::CasePattern;
            }
            Mode::CasePattern => {
                let word = self.lex_word();
                if plain(&word) == Some("esac") {
                    self.close(list, FrameKind::Case);
                    list.mode = Mode::AfterCompound;
                }
            }
            Mode::FuncName => {
                self.lex_word();
                let mut i = self.pos;
                while matches!(self.byte(i), b' ' | b'\t') {
                    i += 1;
                }
                if self.byte(i) == b'(' {
                    i += 1;
                    while matches!(self.byte(i), b' ' | b'\t') {
                        i += 1;
                    }
                    if self.byte(i) == b')' {
                        self.pos = i + 1;
                    }
                }
                list.mode = Mode::Command;
                list.link = Link::START;
            }
        }
    }

    /// Whether the word at the current position is exactly `keyword`, unquoted.
    fn at_keyword(&self, keyword: &str) -> bool {
        let end = self.pos + keyword.len();
        self.bytes.get(self.pos..end.min(self.end)) == Some(keyword.as_bytes())
            && (end >= self.end || super::lexer::is_meta(self.bytes[end]))
    }

    /// A word inside `[[ ... ]]`, where operators are words and `]]` ends the condition.
    fn cond_word(&mut self, list: &mut List) {
        let after_match = list.cmd.as_ref().is_some_and(|c| c.nwords > 0 && self.script.commands.len() == c.commands)
            && self.script.words.last().is_some_and(|w| plain(w) == Some("=~"));
        let word = if after_match {
            self.lex_regex_word()
        } else if matches!(self.bytes[self.pos], b'&' | b'|' | b'<' | b'>' | b'(' | b')') {
            self.lex_operator_word()
        } else {
            self.lex_word()
        };
        let closes = plain(&word) == Some("]]");
        self.push_word(list, word);
        if closes {
            list.mode = Mode::Args;
        }
    }

    /// A word where a simple command may start or continue.
    fn command_word(&mut self, list: &mut List, start: usize) {
        if list.cmd.as_ref().is_none_or(|c| c.nwords == 0) {
            if let Some(assignment) = self.try_assignment() {
                self.ensure_cmd(list, start);
                if let Some(cmd) = &mut list.cmd {
                    cmd.end = assignment.range.end() as usize;
                }
                self.assign_stack.push(assignment);
                list.mode = Mode::Args;
                return;
            }
        }
        let word = self.lex_word();
        if list.mode == Mode::Command {
            match plain(&word) {
                Some("[[") => {
                    self.push_word(list, word);
                    list.mode = Mode::Cond;
                    return;
                }
                Some(keyword) if self.reserved(list, keyword) => return,
                _ => {}
            }
        }
        self.push_word(list, word);
    }

    /// Acts on a reserved word in command position. Returns false for other words.
    fn reserved(&mut self, list: &mut List, keyword: &str) -> bool {
        match keyword {
            "if" => self.open(list, FrameKind::If),
            "while" | "until" => self.open(list, FrameKind::Loop),
            "{" => self.open(list, FrameKind::Group),
            "for" | "select" => {
                self.open(list, FrameKind::Loop);
                list.mode = Mode::ForName;
            }
            "case" => {
                self.open(list, FrameKind::Case);
                list.mode = Mode::CaseSubject;
            }
            "then" | "else" | "elif" | "do" => list.link = Link::START,
            "fi" | "done" | "esac" | "}" => {
                let kind = match keyword {
                    "fi" => FrameKind::If,
                    "done" => FrameKind::Loop,
                    "esac" => FrameKind::Case,
                    _ => FrameKind::Group,
                };
                self.close(list, kind);
                list.mode = Mode::AfterCompound;
            }
            "function" => list.mode = Mode::FuncName,
            "!" => {}
            _ => return false,
        }
        true
    }

    /// Reads `NAME=value`, `NAME+=value` or `NAME[index]=value` at the current
    /// position, or leaves the position alone and returns `None`.
    fn try_assignment(&mut self) -> Option<Assignment<'a>> {
        let start = self.pos;
        if !matches!(self.byte(start), b'a'..=b'z' | b'A'..=b'Z' | b'_') {
            return None;
        }
        let mut i = start + 1;
        while self.byte(i).is_ascii_alphanumeric() || self.byte(i) == b'_' {
            i += 1;
        }
        if self.byte(i) == b'[' {
            let mut j = i + 1;
            while j < self.end && self.bytes[j] != b']' && !super::lexer::is_meta(self.bytes[j]) {
                j += 1;
            }
            if self.byte(j) != b']' {
                return None;
            }
            i = j + 1;
        }
        let name_end = i;
        let append = self.byte(i) == b'+';
        if append {
            i += 1;
        }
        if self.byte(i) != b'=' {
            return None;
        }
        self.pos = i + 1;
        let value = self.lex_word();
        Some(Assignment {
            range: TextRange::from_usize(start, value.range().end() as usize),
            name: &self.src[start..name_end],
            name_range: TextRange::from_usize(start, name_end),
            append,
            value,
        })
    }

    fn push_word(&mut self, list: &mut List, word: Word<'a>) {
        self.ensure_cmd(list, word.start as usize);
        if let Some(cmd) = &mut list.cmd {
            cmd.end = word.start as usize + word.raw.len();
            cmd.nwords += 1;
        }
        self.script.words.push(word);
        if list.mode == Mode::Command {
            list.mode = Mode::Args;
        }
    }

    fn ensure_cmd(&mut self, list: &mut List, start: usize) {
        if list.cmd.is_some() {
            return;
        }
        if list.link.pipeline == NO_PIPELINE {
            list.link.pipeline = self.new_pipeline();
        }
        list.cmd = Some(Cmd {
            start,
            end: start,
            words: self.script.words.len(),
            commands: self.script.commands.len(),
            assigns: self.assign_stack.len(),
            redirects: self.redirect_stack.len(),
            pending: self.pending.len(),
            nwords: 0,
            link: list.link,
        });
    }

    /// Moves the current simple command, if any, from the stacks to the script.
    fn finish(&mut self, list: &mut List) {
        let Some(cmd) = list.cmd.take() else { return };
        if self.script.commands.len() > cmd.commands {
            self.gather_words(&cmd);
        }
        let script = &mut self.script;
        let words = Span::new(script.words.len() - cmd.nwords, script.words.len());
        let assignments =
            Span::new(script.assignments.len(), script.assignments.len() + self.assign_stack.len() - cmd.assigns);
        script.assignments.extend(self.assign_stack.drain(cmd.assigns..));
        let first = script.redirects.len();
        let from = cmd.pending.min(self.pending.len());
        for pending in &mut self.pending[from..] {
            if let Loc::Stack(i) = pending.loc {
                if i >= cmd.redirects {
                    pending.loc = Loc::Final(first + i - cmd.redirects);
                }
            }
        }
        script.redirects.extend(self.redirect_stack.drain(cmd.redirects..));
        let redirects = Span::new(first, script.redirects.len());
        if script.commands.last().is_some_and(|c| c.range.start() as usize > cmd.start) {
            self.unordered = true;
        }
        let mut flags = 0;
        if self.subshell_depth > 0 {
            flags |= IN_SUBSHELL;
        }
        if self.subst_depth > 0 {
            flags |= IN_SUBSTITUTION;
        }
        script.commands.push(CommandData {
            range: TextRange::from_usize(cmd.start, cmd.end),
            words,
            assignments,
            redirects,
            joined_by: cmd.link.op,
            pipeline: cmd.link.pipeline,
            pipeline_index: cmd.link.index,
            pipeline_len: 1,
            flags,
        });
    }

    /// Moves the words of `cmd` after those of the commands nested in it, which were
    /// finished while `cmd` was read and so were stored among its words.
    fn gather_words(&mut self, cmd: &Cmd) {
        let base = cmd.words;
        let script = &mut self.script;
        let mut region: Vec<Option<Word<'a>>> = script.words.drain(base..).map(Some).collect();
        let mut nested: Vec<(Span, usize)> =
            script.commands[cmd.commands..].iter().enumerate().map(|(i, c)| (c.words, cmd.commands + i)).collect();
        nested.sort_by_key(|(span, _)| span.start());
        for (span, index) in nested {
            let start = script.words.len();
            let from = span.start().saturating_sub(base);
            script.words.extend(
                region.get_mut(from..from + span.len()).unwrap_or_default().iter_mut().filter_map(Option::take),
            );
            script.commands[index].words = Span::new(start, script.words.len());
        }
        script.words.extend(region.into_iter().flatten());
    }

    fn open(&mut self, list: &mut List, kind: FrameKind) {
        if self.frames.len() - list.base >= MAX_FRAMES {
            return;
        }
        if list.link.pipeline == NO_PIPELINE {
            list.link.pipeline = self.new_pipeline();
        }
        self.frames.push(Frame { kind, saved: list.link });
        list.open[kind as usize] += 1;
        if kind == FrameKind::Subshell {
            self.subshell_depth += 1;
        }
    }

    /// Closes the innermost open `kind` of this list and everything opened inside it.
    fn close(&mut self, list: &mut List, kind: FrameKind) {
        if list.open[kind as usize] == 0 {
            return;
        }
        while let Some(frame) = self.frames.pop() {
            list.open[frame.kind as usize] -= 1;
            if frame.kind == FrameKind::Subshell {
                self.subshell_depth -= 1;
            }
            if frame.kind == kind {
                list.link = frame.saved;
                break;
            }
        }
    }

    fn new_pipeline(&mut self) -> u32 {
        self.next_pipeline += 1;
        self.next_pipeline - 1
    }

    fn push_op(&mut self, kind: Operator, pos: usize, len: usize) {
        let nested = self.subst_depth > 0;
        if kind.is_pipe() {
            self.script.has_pipe = true;
            self.script.has_top_level_pipe |= !nested;
        }
        self.script.operators.push(OperatorToken { kind, range: TextRange::from_usize(pos, pos + len), nested });
    }
}

/// The text of a word that could be a reserved word: unquoted and without expansions.
fn plain<'w>(word: &'w Word<'_>) -> Option<&'w str> {
    (word.flags == 0).then_some(word.raw)
}

/// The next character boundary after `pos`.
fn next_boundary(src: &str, pos: usize) -> usize {
    let mut next = pos + 1;
    while next < src.len() && !src.is_char_boundary(next) {
        next += 1;
    }
    next
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_boundary_skips_continuation_bytes() {
        assert_eq!(next_boundary("éa", 0), 2);
        assert_eq!(next_boundary("a", 0), 1);
    }
}
