//! Simple commands as rules see them: argv, assignments, redirections, how the command
//! is joined to the previous one, and helpers for names, wrappers and flags.

use distrolint_syntax::TextRange;

use super::Operator;
use super::args::{Arg, Arguments, Flag};
use super::word::{Assignment, Redirect, Word, is_name};

/// The command is inside `( ... )`.
pub(super) const IN_SUBSHELL: u8 = 1;
/// The command is inside `$( ... )`, backticks or `<( ... )`.
pub(super) const IN_SUBSTITUTION: u8 = 2;

/// A range of indices into one of the script's flat lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Span {
    start: u32,
    end: u32,
}

impl Span {
    pub(super) fn new(start: usize, end: usize) -> Self {
        Span { start: start as u32, end: end as u32 }
    }

    pub(super) fn start(self) -> usize {
        self.start as usize
    }

    pub(super) fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    pub(super) fn get<T>(self, items: &[T]) -> &[T] {
        items.get(self.start as usize..self.end as usize).unwrap_or_default()
    }
}

/// A simple command as stored in the script; [`Command`] is the view over it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct CommandData {
    pub(super) range: TextRange,
    pub(super) words: Span,
    pub(super) assignments: Span,
    pub(super) redirects: Span,
    pub(super) joined_by: Operator,
    pub(super) pipeline: u32,
    pub(super) pipeline_index: u16,
    pub(super) pipeline_len: u16,
    pub(super) flags: u8,
}

/// A simple command: `VAR=x cmd arg1 arg2 >out`.
///
/// This is a cheap view into a [`Script`](super::Script); copy it freely. The argv is
/// [`Command::words`]; leading assignments and redirections are kept apart.
/// [`Command::effective`] gives the same view with wrappers such as `sudo` skipped.
#[derive(Clone, Copy, Debug)]
pub struct Command<'s> {
    data: &'s CommandData,
    index: usize,
    /// The whole argv.
    all: &'s [Word<'s>],
    /// The argv from the effective command on: a suffix of `all`.
    words: &'s [Word<'s>],
    assignments: &'s [Assignment<'s>],
    redirects: &'s [Redirect<'s>],
}

impl<'s> Command<'s> {
    pub(super) fn new(
        data: &'s CommandData,
        index: usize,
        words: &'s [Word<'s>],
        assignments: &'s [Assignment<'s>],
        redirects: &'s [Redirect<'s>],
    ) -> Self {
        let all = data.words.get(words);
        Command {
            data,
            index,
            all,
            words: all,
            assignments: data.assignments.get(assignments),
            redirects: data.redirects.get(redirects),
        }
    }

    /// From the first assignment, word or redirection to the last one. The effective
    /// view keeps the whole command's range.
    pub fn range(&self) -> TextRange {
        self.data.range
    }

    /// The command's position in [`Script::commands`](super::Script::commands).
    pub fn index(&self) -> usize {
        self.index
    }

    /// The argv: the command name and its arguments, without assignments and redirections.
    /// Empty for a command that only assigns or redirects (`A=1`, `>file`).
    pub fn words(&self) -> &'s [Word<'s>] {
        self.words
    }

    /// The first word of the argv.
    pub fn name_word(&self) -> Option<&'s Word<'s>> {
        self.words.first()
    }

    /// The command name as the shell sees it, when it is static: `/usr/bin/apt-get`.
    pub fn name(&self) -> Option<&'s str> {
        self.words.first()?.literal()
    }

    /// The name after its last `/`: `apt-get` for `/usr/bin/apt-get`.
    pub fn basename(&self) -> Option<&'s str> {
        let name = self.name()?;
        Some(crate::util::basename(name))
    }

    /// Whether [`Command::basename`] is `name`.
    pub fn is(&self, name: &str) -> bool {
        self.basename() == Some(name)
    }

    /// The arguments: the argv without its first word.
    pub fn args(&self) -> &'s [Word<'s>] {
        self.words.get(1..).unwrap_or_default()
    }

    /// The `NAME=value` assignments before the command name.
    pub fn assignments(&self) -> &'s [Assignment<'s>] {
        self.assignments
    }

    /// The redirections, wherever they are written in the command.
    pub fn redirects(&self) -> &'s [Redirect<'s>] {
        self.redirects
    }

    /// The operator before this command in its list: `&&` for `b` in `a && b`.
    ///
    /// The first command of a script, a substitution, a `then`/`do`/`else` body or a
    /// `case` item is [`Operator::Start`]. The first command inside `( )`, `{ }`, `!`,
    /// `if` or `while` takes the operator before the compound command, so in
    /// `a && (b; c)` it is `&&` for `b`.
    pub fn joined_by(&self) -> Operator {
        self.data.joined_by
    }

    /// Whether the command runs inside `( ... )` (at any depth).
    pub fn in_subshell(&self) -> bool {
        self.data.flags & IN_SUBSHELL != 0
    }

    /// Whether the command runs inside `$( ... )`, backticks or `<( ... )` (at any depth).
    pub fn in_substitution(&self) -> bool {
        self.data.flags & IN_SUBSTITUTION != 0
    }

    /// The command's position in its pipeline: 0 for `a` and 1 for `b` in `a | b`.
    /// A compound command counts as one element, whose first command carries its position.
    pub fn pipeline_index(&self) -> usize {
        self.data.pipeline_index as usize
    }

    /// How many elements the command's pipeline has: 1 when there is no pipe.
    pub fn pipeline_len(&self) -> usize {
        self.data.pipeline_len as usize
    }

    /// An id shared by the commands of one pipeline, unique within the script.
    pub fn pipeline_id(&self) -> u32 {
        self.data.pipeline
    }

    /// The command with wrappers skipped: `sudo [flags]`, `env [flags] [VAR=val...]`,
    /// `command`, `exec`, `nice`, `nohup` and `time`, nested in any order.
    ///
    /// A wrapper that runs no command (`command -v x`, `sudo -l`, a bare `env`) is the
    /// effective command itself. Range, assignments and redirections are those of the
    /// whole command.
    pub fn effective(&self) -> Command<'s> {
        let mut words = self.words;
        while let Some(skip) = inner_start(words) {
            words = &words[skip..];
        }
        Command { words, ..*self }
    }

    /// The wrapper words that [`Command::effective`] skipped (empty for the full view).
    pub fn wrapper_words(&self) -> &'s [Word<'s>] {
        &self.all[..self.all.len() - self.words.len()]
    }

    /// The arguments as flags and positional words; flags named in `takes_value`
    /// consume the next word unless their value is inline. See the `args` module.
    pub fn arguments<'k>(&self, takes_value: &'k [&'k str]) -> Arguments<'s, 'k> {
        Arguments::new(self.args(), takes_value)
    }

    /// The flags, up to `--`.
    pub fn flags(&self) -> impl Iterator<Item = Flag<'s>> + use<'s> {
        Arguments::new(self.args(), &[]).filter_map(Arg::flag)
    }

    /// Whether any flag has one of `names`: `has_flag(&["y", "yes", "assume-yes"])`.
    pub fn has_flag(&self, names: &[&str]) -> bool {
        self.flags().any(|flag| names.contains(&flag.name()))
    }

    /// The first flag named one of `names`, with its value when it is in `takes_value`.
    pub fn flag(&self, names: &[&str], takes_value: &[&str]) -> Option<Flag<'s>> {
        self.arguments(takes_value).filter_map(Arg::flag).find(|flag| names.contains(&flag.name()))
    }

    /// The positional arguments: not flags, not values of flags in `takes_value`.
    pub fn positionals<'k>(&self, takes_value: &'k [&'k str]) -> impl Iterator<Item = &'s Word<'s>> + use<'s, 'k> {
        self.arguments(takes_value).filter_map(Arg::positional)
    }

    /// The first positional argument, when static: `install` in
    /// `apt-get -o X=1 install y` given `takes_value = &["o"]`.
    pub fn subcommand(&self, takes_value: &[&str]) -> Option<&'s str> {
        self.arguments(takes_value).find_map(Arg::positional)?.literal()
    }

    /// Whether any argument is literally `arg` (hadolint's `cmdHasArgs`).
    pub fn has_arg(&self, arg: &str) -> bool {
        self.args().iter().any(|word| word.literal() == Some(arg))
    }
}

/// A command that runs another command given after its own options.
struct Wrapper {
    name: &'static str,
    /// Short options that take a value.
    short_values: &'static str,
    /// Long options that take a value when written without `=`.
    long_values: &'static [&'static str],
    /// Options (short or long) with which the wrapper runs no command.
    no_command: &'static [&'static str],
    /// `VAR=value` words may come before the command.
    assignments: bool,
    /// `-10` is an option (`nice`).
    numeric: bool,
    /// A bare `-` is an option (`env -`).
    dash: bool,
}

const WRAPPERS: &[Wrapper] = &[
    Wrapper {
        name: "sudo",
        short_values: "ugCDhprtTURac",
        long_values: &[
            "user",
            "group",
            "close-from",
            "chdir",
            "host",
            "prompt",
            "role",
            "type",
            "command-timeout",
            "other-user",
            "chroot",
            "login-class",
            "auth-type",
        ],
        no_command: &["l", "v", "V", "K", "e", "list", "validate", "version", "remove-timestamp", "edit", "help"],
        assignments: true,
        numeric: false,
        dash: false,
    },
    Wrapper {
        name: "env",
        short_values: "uC",
        long_values: &["unset", "chdir"],
        no_command: &["S", "split-string", "help", "version"],
        assignments: true,
        numeric: false,
        dash: true,
    },
    Wrapper {
        name: "command",
        short_values: "",
        long_values: &[],
        no_command: &["v", "V"],
        assignments: false,
        numeric: false,
        dash: false,
    },
    Wrapper {
        name: "exec",
        short_values: "a",
        long_values: &[],
        no_command: &[],
        assignments: false,
        numeric: false,
        dash: false,
    },
    Wrapper {
        name: "nice",
        short_values: "n",
        long_values: &["adjustment"],
        no_command: &["help", "version"],
        assignments: false,
        numeric: true,
        dash: false,
    },
    Wrapper {
        name: "nohup",
        short_values: "",
        long_values: &[],
        no_command: &["help", "version"],
        assignments: false,
        numeric: false,
        dash: false,
    },
    Wrapper {
        name: "time",
        short_values: "fo",
        long_values: &["format", "output"],
        no_command: &["V", "help", "version"],
        assignments: false,
        numeric: false,
        dash: false,
    },
];

/// When `words` starts with a wrapper that runs a command, the index of that command's name.
fn inner_start(words: &[Word<'_>]) -> Option<usize> {
    let name = words.first()?.literal()?;
    let basename = crate::util::basename(name);
    let wrapper = WRAPPERS.iter().find(|w| w.name == basename)?;
    let mut i = 1;
    while i < words.len() {
        // A word with an expansion is taken as the command.
        let Some(text) = words[i].unquoted() else { return Some(i) };
        if text == "--" {
            return (i + 1 < words.len()).then_some(i + 1);
        }
        i += 1;
        if text == "-" && wrapper.dash {
            continue;
        }
        if let Some(long) = text.strip_prefix("--") {
            let (name, inline) = long.split_once('=').map_or((long, false), |(name, _)| (name, true));
            if wrapper.no_command.contains(&name) {
                return None;
            }
            if !inline && wrapper.long_values.contains(&name) {
                i += 1;
            }
            continue;
        }
        if let Some(cluster) = text.strip_prefix('-').filter(|c| !c.is_empty()) {
            if wrapper.numeric && cluster.bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            for (at, letter) in cluster.char_indices() {
                let name = &cluster[at..at + letter.len_utf8()];
                if wrapper.no_command.contains(&name) {
                    return None;
                }
                if wrapper.short_values.contains(letter) {
                    if at + letter.len_utf8() == cluster.len() {
                        i += 1;
                    }
                    break;
                }
            }
            continue;
        }
        if wrapper.assignments && text.split_once('=').is_some_and(|(name, _)| is_name(name)) {
            continue;
        }
        return Some(i - 1);
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::shell::{Word, parse};

    /// The effective argv of the first command of `src`, and the skipped wrapper words.
    fn effective(src: &str) -> (Vec<&str>, Vec<&str>) {
        let script = parse(src);
        let command = script.commands().next().unwrap().effective();
        let raw = |words: &[Word<'_>]| words.iter().map(|w| &src[w.range().to_std()]).collect::<Vec<_>>();
        (raw(command.words()), raw(command.wrapper_words()))
    }

    #[test]
    fn wrappers_are_skipped() {
        let cases: &[(&str, &[&str])] = &[
            ("apt-get install x", &["apt-get", "install", "x"]),
            ("sudo apt-get install x", &["apt-get", "install", "x"]),
            ("sudo -u user -E apt-get", &["apt-get"]),
            ("sudo -Eu user apt-get", &["apt-get"]),
            ("sudo -uuser apt-get", &["apt-get"]),
            ("sudo --user=root --preserve-env apt-get", &["apt-get"]),
            ("sudo --user root apt-get", &["apt-get"]),
            ("sudo -- apt-get", &["apt-get"]),
            ("sudo DEBIAN_FRONTEND=noninteractive apt-get", &["apt-get"]),
            ("/usr/bin/sudo env A=1 -u B nice -n 5 nohup time -p apt-get", &["apt-get"]),
            ("env -i - PATH=/x /bin/sh -c x", &["/bin/sh", "-c", "x"]),
            ("env -S 'a b'", &["env", "-S", "'a b'"]),
            ("env", &["env"]),
            ("env A=1", &["env", "A=1"]),
            ("command -v apt-get", &["command", "-v", "apt-get"]),
            ("command -p apt-get", &["apt-get"]),
            ("exec -a name nginx -g x", &["nginx", "-g", "x"]),
            ("nice -10 make", &["make"]),
            ("nice --adjustment 3 make", &["make"]),
            ("time -f %e -o out make", &["make"]),
            ("sudo -l apt-get", &["sudo", "-l", "apt-get"]),
            ("sudo $CMD x", &["$CMD", "x"]),
            ("sudo -u", &["sudo", "-u"]),
            ("xargs rm", &["xargs", "rm"]),
            ("\"sudo\" apt-get", &["apt-get"]),
        ];
        for &(src, expected) in cases {
            assert_eq!(effective(src).0, expected, "{src}");
        }
        assert_eq!(effective("sudo -E apt-get").1, ["sudo", "-E"]);
        assert!(effective("apt-get").1.is_empty());
    }

    #[test]
    fn names_and_arguments() {
        let script = parse("/usr/bin/apt-get -o Dpkg::Options::=--force-confnew -y install --no-install-recommends x");
        let command = script.commands().next().unwrap();
        assert_eq!(command.name(), Some("/usr/bin/apt-get"));
        assert_eq!(command.basename(), Some("apt-get"));
        assert!(command.is("apt-get"));
        assert_eq!(command.args().len(), 6);
        assert!(command.has_flag(&["y", "yes", "assume-yes"]));
        assert!(command.has_flag(&["no-install-recommends"]));
        assert!(!command.has_flag(&["q"]));
        assert_eq!(command.subcommand(&["o"]), Some("install"));
        assert_eq!(command.subcommand(&[]), Some("Dpkg::Options::=--force-confnew"));
        assert!(command.has_arg("install"));
        let packages: Vec<_> = command.positionals(&["o"]).map(Word::raw).collect();
        assert_eq!(packages, ["install", "x"]);
        assert_eq!(command.flag(&["o"], &["o"]).and_then(|f| f.value_text()), Some("Dpkg::Options::=--force-confnew"));
    }

    #[test]
    fn flags_stop_at_double_dash() {
        let script = parse("rm -f -- -y");
        let command = script.commands().next().unwrap();
        assert!(command.has_flag(&["f"]));
        assert!(!command.has_flag(&["y"]));
        assert_eq!(command.positionals(&[]).map(Word::raw).collect::<Vec<_>>(), ["-y"]);
    }

    #[test]
    fn dynamic_names_are_unknown() {
        let script = parse("$CC -o x; ./configure; 'a'b");
        let names: Vec<_> = script.commands().map(|c| c.name()).collect();
        assert_eq!(names, [None, Some("./configure"), Some("ab")]);
        assert_eq!(script.command(1).and_then(|c| c.basename()), Some("configure"));
    }
}
