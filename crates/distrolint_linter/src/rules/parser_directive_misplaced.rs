//! DX503: a `# syntax=`, `# escape=` or `# check=` line where BuildKit no longer reads directives.

use distrolint_syntax::{DirectiveKind, ItemKind, SyntaxErrorKind, TextRange};

use crate::analysis::platform::line_of;
use crate::diagnostic::{Applicability, Edit, Fix};
use crate::fixes::newline;
use crate::rule::{LintContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Flags a `# syntax=`, `# escape=` or `# check=` comment (the key in any case, spaces
    /// around `=` allowed) after another comment, a blank line or an instruction. A
    /// `# check=skip=...` comment directly above an instruction is BuildKit's per-instruction
    /// form and is left alone, except before the first instruction, where it only covers the
    /// `FROM` below.
    ///
    /// ## Why is this bad?
    /// BuildKit reads parser directives only at the very top of the file (after a `#!` line
    /// for `syntax` and `check`). Anywhere else they are plain comments, silently ignored: the
    /// default frontend is used instead of the one `# syntax=` names, `# escape=` does not
    /// change how the lines after it are read, and `# check=` settings are lost.
    ///
    /// ## Example
    /// ```dockerfile,expect_diagnostic
    /// # Build the API image.
    /// # syntax=docker/dockerfile:1
    /// FROM alpine:3.20
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// # syntax=docker/dockerfile:1
    /// # Build the API image.
    /// FROM alpine:3.20
    /// ```
    ///
    /// ## Fix safety
    /// Moving `# syntax=` and `# check=` to the top is safe: it applies what the line asks for.
    /// A `# check=` that BuildKit reads as the per-instruction form of the `FROM` below becomes
    /// file-wide, so that move is unsafe. Moving `# escape=` changes how every later line is
    /// parsed, so it is only offered as a suggestion.
    ///
    /// ## References
    /// - [Parser directives](https://docs.docker.com/reference/dockerfile/#parser-directives)
    pub ParserDirectiveMisplaced {
        code: "DX503",
        name: "parser-directive-misplaced",
        severity: Warning,
        fix: Sometimes,
    }
}

impl Rule for ParserDirectiveMisplaced {
    fn check(&self, ctx: &mut LintContext<'_>) {
        let file = ctx.file;
        let text = file.text();
        let items = file.items();
        // The leading block: BOM, the directives the parser honoured, and for `syntax` and `check`
        // also a `#!` first line and the directives after it (BuildKit skips the shebang for them).
        let mut block_end = 0u32;
        let mut shebang_end: Option<u32> = None;
        let mut seen: Vec<DirectiveKind> = file.directives().iter().map(|d| d.kind).collect();
        let mut first_other: Option<usize> = None;
        for (index, item) in items.iter().enumerate() {
            match item.kind {
                ItemKind::Bom | ItemKind::Directive(_) => block_end = item.range.end(),
                ItemKind::Comment if item.range.start() == block_end && text[item.content].starts_with("#!") && block_end <= 3 && shebang_end.is_none() => {
                    block_end = item.range.end();
                    shebang_end = Some(block_end);
                }
                ItemKind::Comment if shebang_end.is_some() && item.range.start() == block_end => {
                    match directive(&text[item.content]).map(|(kind, _)| kind) {
                        Some(kind @ (DirectiveKind::Syntax | DirectiveKind::Check)) if !seen.contains(&kind) => {
                            seen.push(kind);
                            block_end = item.range.end();
                        }
                        _ => {
                            first_other = Some(index);
                            break;
                        }
                    }
                }
                _ => {
                    first_other = Some(index);
                    break;
                }
            }
        }
        let Some(first_other) = first_other else { return };
        let first_instruction = items.iter().position(|i| matches!(i.kind, ItemKind::Instruction(_)));
        let stop_line = line_of(text, items[first_other].range.start());
        for (index, item) in items.iter().enumerate().skip(first_other) {
            if item.kind != ItemKind::Comment {
                continue;
            }
            let line = &text[item.content];
            let Some((kind, value)) = directive(line) else { continue };
            // A repeated directive in the leading block is DX006's (the build fails).
            if file.errors().iter().any(|e| e.kind == SyntaxErrorKind::DuplicateDirective && e.range == item.content) {
                continue;
            }
            let mut applicability = match kind {
                DirectiveKind::Escape => Applicability::DisplayOnly,
                _ => Applicability::Safe,
            };
            let mut note = "";
            if kind == DirectiveKind::Check && directly_above_instruction(items, index) {
                let scoped = value.split(';').any(|p| p.trim_start().to_ascii_lowercase().starts_with("skip=") || p.trim_start().to_ascii_lowercase().starts_with("experimental="));
                let before_first = first_instruction.is_none_or(|f| index < f);
                if scoped && !before_first {
                    continue;
                }
                if scoped {
                    applicability = Applicability::Unsafe;
                    note = " (BuildKit reads it only as a setting for the FROM below)";
                }
            }
            let effect = match kind {
                DirectiveKind::Syntax => format!("the build uses the default Dockerfile frontend, not `{value}`"),
                DirectiveKind::Escape if value == "\\" => "it changes nothing (`\\` is the default escape character anyway)".to_owned(),
                DirectiveKind::Escape => "`\\` stays the escape character for the whole file".to_owned(),
                DirectiveKind::Check => format!("BuildKit does not apply `{value}` to the file{note}"),
            };
            let message = format!(
                "this `# {}=` line is a plain comment, not a parser directive: BuildKit reads directives only at the top of the file, before any other comment, blank line or instruction, and line {stop_line} ended them, so {effect}",
                kind.as_str()
            );
            let already = seen.contains(&kind) || (kind == DirectiveKind::Escape && shebang_end.is_some());
            let fix = (!already).then(|| {
                let moved = format!("{}{}", line.trim_end(), newline(text));
                let title = format!("Move `# {}=` to the top of the file", kind.as_str());
                Fix::new(title, applicability, vec![Edit::insert(block_end, moved), Edit::delete(item.range)])
            });
            let range = TextRange::new(item.content.start(), item.content.end());
            ctx.report(range, message).set_fix(fix);
        }
    }
}

/// Parses `# key = value` with a directive key (BuildKit's `^([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$`
/// after `#` and spaces).
fn directive(line: &str) -> Option<(DirectiveKind, &str)> {
    let body = line.strip_prefix('#')?.trim_start();
    let name_len = body.bytes().take_while(u8::is_ascii_alphanumeric).count();
    if name_len == 0 || !body.as_bytes()[0].is_ascii_alphabetic() {
        return None;
    }
    let kind = DirectiveKind::from_name(&body[..name_len])?;
    let value = body[name_len..].trim_start().strip_prefix('=')?.trim();
    (!value.is_empty()).then_some((kind, value))
}

/// Whether the comment at item `index` is in the comment block directly above an instruction.
fn directly_above_instruction(items: &[distrolint_syntax::Item], index: usize) -> bool {
    for item in &items[index + 1..] {
        match item.kind {
            ItemKind::Comment | ItemKind::Directive(_) => {}
            ItemKind::Instruction(_) => return true,
            _ => return false,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use crate::test::{assert_diagnostics, fix_all, lint_rule};

    #[test]
    fn syntax_after_a_comment_moves_to_the_top() {
        let text = "# API image\n# syntax=docker/dockerfile:1\nFROM a\n";
        assert_diagnostics("DX503", text, &["2:1-2:29 this `# syntax=` line is a plain comment, not a parser directive: BuildKit reads directives only at the top of the file, before any other comment, blank line or instruction, and line 1 ended them, so the build uses the default Dockerfile frontend, not `docker/dockerfile:1`"]);
        assert_eq!(fix_all("DX503", text, false), "# syntax=docker/dockerfile:1\n# API image\nFROM a\n");
        let text = "# escape=`\n\n# CHECK = skip=JSONArgsRecommended;error=true\n\nFROM a\n";
        assert_eq!(fix_all("DX503", text, false), "# escape=`\n# CHECK = skip=JSONArgsRecommended;error=true\n\n\nFROM a\n");
    }

    #[test]
    fn escape_is_a_suggestion_and_duplicates_have_no_fix() {
        let text = "FROM a\n# escape=`\nRUN x\n";
        let found = lint_rule("DX503", text);
        assert!(found[0].message.ends_with("so `\\` stays the escape character for the whole file"), "{}", found[0].message);
        assert_eq!(found[0].fix.as_ref().unwrap().applicability, crate::Applicability::DisplayOnly);
        let found = lint_rule("DX503", "# syntax=a\nFROM a\n\n# syntax=b\nRUN x\n");
        assert!(found[0].fix.is_none());
    }

    #[test]
    fn shebang_instruction_scoped_checks_and_plain_comments() {
        assert_diagnostics("DX503", "#!/usr/bin/env buildctl\n# syntax=docker/dockerfile:1\n# check=skip=all\nFROM a\n# check=skip=JSONArgsRecommended\nCMD x\n# note: key=value\n", &[]);
        let found = lint_rule("DX503", "#!/x\n# escape=`\nFROM a\n");
        assert!(found[0].fix.is_none());
        let text = "# Header\n# check=skip=FromAsCasing\nFROM a as b\n";
        let found = lint_rule("DX503", text);
        assert_eq!(found[0].fix.as_ref().unwrap().applicability, crate::Applicability::Unsafe);
        assert_eq!(fix_all("DX503", text, true), "# check=skip=FromAsCasing\n# Header\nFROM a as b\n");
        assert_eq!(lint_rule("DX503", "FROM a\n# check=error=true\nRUN x\n").len(), 1);
    }
}
