//! Flags and positional arguments of a command, read the way hadolint reads them
//! (RULES-PARITY, shell model §3), except that `--` ends the options.
//!
//! - `--name` and `--name=value` give the flag `name`;
//! - `-abc` gives the flags `a`, `b` and `c`;
//! - a bare `-` is a positional argument, and `--` is neither: the words after it are
//!   all positional;
//! - a flag listed in `takes_value` takes the next word as its value, unless the value
//!   is written inline (`--target=x`, or `-tx` for a short flag).

use super::word::Word;

/// One argument: a flag or a positional word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arg<'s> {
    /// A flag, one per letter of a `-abc` cluster.
    Flag(Flag<'s>),
    /// A word that is not a flag nor a flag's value.
    Positional(&'s Word<'s>),
}

impl<'s> Arg<'s> {
    /// The flag, if this is one.
    pub fn flag(self) -> Option<Flag<'s>> {
        match self {
            Arg::Flag(flag) => Some(flag),
            Arg::Positional(_) => None,
        }
    }

    /// The word, if this is a positional argument.
    pub fn positional(self) -> Option<&'s Word<'s>> {
        match self {
            Arg::Positional(word) => Some(word),
            Arg::Flag(_) => None,
        }
    }
}

/// A flag such as `-y`, `--yes` or `--target-release=bookworm`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Flag<'s> {
    name: &'s str,
    word: &'s Word<'s>,
    value: Option<FlagValue<'s>>,
}

impl<'s> Flag<'s> {
    /// The name without dashes: `y` for `-y` or `-qy`, `yes` for `--yes=1`.
    pub fn name(&self) -> &'s str {
        self.name
    }

    /// The word the flag is written in.
    pub fn word(&self) -> &'s Word<'s> {
        self.word
    }

    /// The value, when the flag has one inline or takes the next word.
    pub fn value(&self) -> Option<FlagValue<'s>> {
        self.value
    }

    /// The value's text: the inline text, or the next word's [`Word::literal`].
    pub fn value_text(&self) -> Option<&'s str> {
        match self.value? {
            FlagValue::Inline(text) => Some(text),
            FlagValue::Word(word) => word.literal(),
        }
    }

    /// Whether the flag was written with two dashes.
    pub fn is_long(&self) -> bool {
        self.word.unquoted().is_some_and(|text| text.starts_with("--"))
    }
}

/// Where a flag's value is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlagValue<'s> {
    /// In the same word: `--name=value` or `-nvalue`.
    Inline(&'s str),
    /// The next word.
    Word(&'s Word<'s>),
}

/// An iterator over a command's arguments; see [`Command::arguments`](super::Command::arguments).
#[derive(Clone, Debug)]
pub struct Arguments<'s, 'k> {
    words: &'s [Word<'s>],
    next: usize,
    /// The word and byte offset of the next letter of a `-abc` cluster.
    cluster: Option<(usize, usize)>,
    takes_value: &'k [&'k str],
    options_done: bool,
}

impl<'s, 'k> Arguments<'s, 'k> {
    pub(super) fn new(words: &'s [Word<'s>], takes_value: &'k [&'k str]) -> Self {
        Arguments { words, next: 0, cluster: None, takes_value, options_done: false }
    }

    /// The flag for the letter at `offset` of the cluster in word `index`.
    fn short(&mut self, index: usize, offset: usize) -> Option<Arg<'s>> {
        self.cluster = None;
        let word = self.words.get(index)?;
        let text = word.unquoted()?;
        let letter = text.get(offset..)?.chars().next()?;
        let after = offset + letter.len_utf8();
        let name = &text[offset..after];
        let value = if !self.takes_value.contains(&name) {
            if after < text.len() {
                self.cluster = Some((index, after));
            }
            None
        } else if after < text.len() {
            Some(FlagValue::Inline(&text[after..]))
        } else {
            self.value_word()
        };
        Some(Arg::Flag(Flag { name, word, value }))
    }

    fn value_word(&mut self) -> Option<FlagValue<'s>> {
        let word = self.words.get(self.next)?;
        self.next += 1;
        Some(FlagValue::Word(word))
    }
}

impl<'s> Iterator for Arguments<'s, '_> {
    type Item = Arg<'s>;

    fn next(&mut self) -> Option<Arg<'s>> {
        if let Some((index, offset)) = self.cluster {
            if let Some(arg) = self.short(index, offset) {
                return Some(arg);
            }
        }
        loop {
            let word = self.words.get(self.next)?;
            self.next += 1;
            if self.options_done {
                return Some(Arg::Positional(word));
            }
            let Some(text) = word.unquoted() else {
                // A flag with an expansion in it (`-$X`) has no known name: skip it.
                if word.raw().starts_with('-') {
                    continue;
                }
                return Some(Arg::Positional(word));
            };
            if text == "--" {
                self.options_done = true;
                continue;
            }
            if text.len() < 2 || !text.starts_with('-') {
                return Some(Arg::Positional(word));
            }
            if let Some(long) = text.strip_prefix("--") {
                let (name, value) = match long.split_once('=') {
                    Some((name, value)) => (name, Some(FlagValue::Inline(value))),
                    None if self.takes_value.contains(&long) => (long, self.value_word()),
                    None => (long, None),
                };
                return Some(Arg::Flag(Flag { name, word, value }));
            }
            if let Some(arg) = self.short(self.next - 1, 1) {
                return Some(arg);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::parse;

    /// Renders the arguments of the first command of `src` as `-name[=value]` and `word`.
    fn render(src: &str, takes_value: &[&str]) -> Vec<String> {
        let script = parse(src);
        let command = script.commands().next().unwrap();
        command
            .arguments(takes_value)
            .map(|arg| match arg {
                Arg::Flag(flag) => match flag.value() {
                    Some(FlagValue::Inline(v)) => format!("-{}={v}", flag.name()),
                    Some(FlagValue::Word(w)) => format!("-{} {}", flag.name(), w.raw()),
                    None => format!("-{}", flag.name()),
                },
                Arg::Positional(word) => word.raw().to_owned(),
            })
            .collect()
    }

    #[test]
    fn arguments_follow_the_shell_model() {
        let cases: &[(&str, &[&str], &[&str])] = &[
            ("apt-get -qy install x", &[], &["-q", "-y", "install", "x"]),
            ("apt-get --yes --no-install-recommends=1 x", &[], &["-yes", "-no-install-recommends=1", "x"]),
            ("cmd - -- -x", &[], &["-", "-x"]),
            ("apt-get -t bookworm install x", &["t"], &["-t bookworm", "install", "x"]),
            ("apt-get -tbookworm install", &["t"], &["-t=bookworm", "install"]),
            ("apt-get -yt bookworm install", &["t"], &["-y", "-t bookworm", "install"]),
            ("apt-get --target-release bookworm x", &["target-release"], &["-target-release bookworm", "x"]),
            ("apt-get --target-release=bookworm x", &["target-release"], &["-target-release=bookworm", "x"]),
            ("apt-get -t", &["t"], &["-t"]),
            ("pip install -$X $PKGS '*'", &[], &["install", "$PKGS", "'*'"]),
            ("x '-y' \"--name\"", &[], &["-y", "-name"]),
            ("x -é", &[], &["-é"]),
        ];
        for &(src, takes, expected) in cases {
            assert_eq!(render(src, takes), expected, "{src}");
        }
    }

    #[test]
    fn flag_accessors() {
        let script = parse("curl --output=/x -o y");
        let command = script.commands().next().unwrap();
        let flags: Vec<_> = command.arguments(&["o"]).filter_map(Arg::flag).collect();
        assert_eq!(flags[0].value_text(), Some("/x"));
        assert!(flags[0].is_long());
        assert_eq!(flags[1].value_text(), Some("y"));
        assert!(!flags[1].is_long());
        assert_eq!(flags[1].word().raw(), "-o");
        assert_eq!(command.arguments(&[]).filter_map(Arg::positional).count(), 1);
    }
}
