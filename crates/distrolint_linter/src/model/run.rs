//! The shell scripts of `RUN` instructions, lexed once per instruction and shared by every rule.
//!
//! Scripts come from (RULES-PARITY.md, "Shell model"):
//! - shell-form `RUN` text;
//! - a heredoc body that a shell reads: `RUN <<EOF`, `RUN bash <<EOF`, `RUN <<EOF bash`, unless a
//!   shebang names another interpreter;
//! - exec-form `RUN ["sh", "-c", "<script>"]`.
//!
//! Heredocs for other interpreters (`python3 <<EOF`) and stages whose `SHELL` is PowerShell or
//! `cmd` give no script.

use distrolint_syntax::{Args, Instruction, Keyword, TextRange};

use crate::shell::{self, Script};
use crate::util::basename;

/// Where a script comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScriptOrigin {
    /// The shell-form text of the instruction.
    Shell,
    /// The body of the instruction's heredoc with this index.
    Heredoc(usize),
    /// The script of an exec-form `["sh", "-c", "<script>"]`.
    ShellC,
}

#[derive(Clone, Copy, Debug)]
enum Mapping {
    /// Offsets in the instruction's logical line, starting here.
    Logical(u32),
    /// Offsets in the file, starting here.
    Offset(u32),
    /// A JSON string: every range maps to the whole element.
    Element(TextRange),
}

/// One lexed script of a `RUN`.
#[derive(Clone, Debug)]
pub struct RunScript<'a> {
    /// Where it comes from.
    pub origin: ScriptOrigin,
    /// The commands.
    pub script: Script<'a>,
    instruction: &'a Instruction,
    mapping: Mapping,
}

impl RunScript<'_> {
    /// Maps a range of the script to the file.
    pub fn source_range(&self, range: TextRange) -> TextRange {
        match self.mapping {
            Mapping::Logical(start) => self.instruction.source_range(range.shift(start)),
            Mapping::Offset(start) => range.shift(start),
            Mapping::Element(element) => element,
        }
    }

    /// Whether edits at script ranges map one-to-one onto the file (a range inside one source
    /// line of the shell text, or a heredoc body), so a fix may replace them.
    pub fn is_editable(&self, range: TextRange) -> bool {
        match self.mapping {
            Mapping::Logical(start) => self.instruction.line.is_contiguous(range.shift(start)),
            Mapping::Offset(_) => true,
            Mapping::Element(_) => false,
        }
    }

    /// The instruction the script belongs to.
    pub fn instruction(&self) -> &Instruction {
        self.instruction
    }
}

/// The shells whose scripts the RUN rules read.
const SHELLS: &[&str] = &["sh", "bash", "ash", "dash", "ksh", "zsh", "busybox"];

/// Whether a heredoc body with this first line is a shell script.
fn shebang_is_shell(body: &str) -> bool {
    let Some(line) = body.lines().next().and_then(|l| l.strip_prefix("#!")) else { return true };
    let mut words = line.split_whitespace();
    let Some(program) = words.next() else { return true };
    let program = if basename(program) == "env" { words.find(|w| !w.starts_with('-')).unwrap_or("") } else { program };
    SHELLS.contains(&basename(program))
}

/// The scripts of a `RUN` (or `ONBUILD RUN`) instruction. `posix` is false when the stage's
/// `SHELL` is not a POSIX shell.
pub(crate) fn scripts<'a>(file_text: &'a str, outer: &'a Instruction, posix: bool) -> Vec<RunScript<'a>> {
    let ins = outer.onbuild().unwrap_or(outer);
    if ins.keyword != Keyword::Run || !posix {
        return Vec::new();
    }
    let mut out = Vec::new();
    match &ins.args {
        Args::Shell(word) => {
            let text = ins.text(word);
            let script = shell::parse(text);
            // Which heredocs a shell reads: the bare `<<EOF`, or one fed to `sh`/`bash`.
            let shell_fed: Vec<bool> = outer
                .heredocs
                .iter()
                .map(|doc| {
                    let at = doc.word.start();
                    let owner = script.commands().find(|c| {
                        let r = outer.source_range(c.range().shift(word.logical.start()));
                        r.start() <= at && at < r.end().max(r.start() + 1)
                    });
                    let fed_to_shell = owner.and_then(|c| c.basename()).is_none_or(|name| SHELLS.contains(&name));
                    fed_to_shell && shebang_is_shell(&file_text[doc.body])
                })
                .collect();
            out.push(RunScript {
                origin: ScriptOrigin::Shell,
                script,
                instruction: outer,
                mapping: Mapping::Logical(word.logical.start()),
            });
            for (index, doc) in outer.heredocs.iter().enumerate() {
                if shell_fed[index] {
                    out.push(RunScript {
                        origin: ScriptOrigin::Heredoc(index),
                        script: shell::parse(&file_text[doc.body]),
                        instruction: outer,
                        mapping: Mapping::Offset(doc.body.start()),
                    });
                }
            }
        }
        Args::Exec(exec) => {
            if let [program, flag, script, ..] = exec.elements.as_slice() {
                if SHELLS.contains(&basename(&program.value)) && flag.value == "-c" {
                    out.push(RunScript {
                        origin: ScriptOrigin::ShellC,
                        script: shell::parse(&script.value),
                        instruction: outer,
                        mapping: Mapping::Element(script.range),
                    });
                }
            }
        }
        _ => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origins(text: &str) -> Vec<(ScriptOrigin, Vec<String>)> {
        let file = distrolint_syntax::parse(text);
        let run =
            file.instructions().iter().find(|i| i.keyword == Keyword::Run || i.keyword == Keyword::Onbuild).unwrap();
        scripts(file.text(), run, true)
            .iter()
            .map(|s| (s.origin, s.script.commands().filter_map(|c| c.name().map(str::to_owned)).collect()))
            .collect()
    }

    #[test]
    fn heredoc_bodies_that_a_shell_reads() {
        assert_eq!(
            origins("FROM a\nRUN <<EOF\napt-get update\nEOF\n"),
            vec![(ScriptOrigin::Shell, vec![]), (ScriptOrigin::Heredoc(0), vec!["apt-get".into()])]
        );
        assert_eq!(origins("FROM a\nRUN bash <<EOF\nset -e\nEOF\n")[1], (ScriptOrigin::Heredoc(0), vec!["set".into()]));
        assert_eq!(origins("FROM a\nRUN python3 <<EOF\nimport os\nEOF\n").len(), 1);
        assert_eq!(origins("FROM a\nRUN <<EOF\n#!/usr/bin/env python3\nprint(1)\nEOF\n").len(), 1);
        assert_eq!(origins("FROM a\nRUN <<EOF\n#!/bin/bash\nls\nEOF\n").len(), 2);
    }

    #[test]
    fn exec_sh_c_and_onbuild() {
        assert_eq!(
            origins("FROM a\nRUN [\"/bin/sh\", \"-c\", \"cd /x && make\"]\n"),
            vec![(ScriptOrigin::ShellC, vec!["cd".into(), "make".into()])]
        );
        assert!(origins("FROM a\nRUN [\"make\", \"all\"]\n").is_empty());
        assert_eq!(origins("FROM a\nONBUILD RUN npm ci\n"), vec![(ScriptOrigin::Shell, vec!["npm".into()])]);
    }

    #[test]
    fn ranges_map_to_the_file() {
        let text = "FROM a\nRUN apt-get update \\\n && apt-get install -y curl\n";
        let file = distrolint_syntax::parse(text);
        let run = &file.instructions()[1];
        let s = scripts(file.text(), run, true);
        let install = s[0].script.commands().nth(1).unwrap();
        assert_eq!(&text[s[0].source_range(install.range())], "apt-get install -y curl");
    }
}
