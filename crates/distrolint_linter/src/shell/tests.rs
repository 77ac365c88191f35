//! Tests of the whole module: commands found per construct, operators, redirections,
//! heredocs, nasty input, and a random-input test of the range invariants.

use super::*;

/// Parses `src`, checks the range invariants, and renders each command on one line:
/// the joining operator (`^` for the start), markers, assignments, argv and redirections.
///
/// Markers: `(` inside a subshell, `$` inside a substitution, `#i/n` for a pipeline
/// position when the pipeline has more than one element.
fn render(src: &str) -> Vec<String> {
    let script = parse(src);
    check_invariants(src, &script);
    script.commands().map(|c| render_command(src, &c)).collect()
}

fn render_command(src: &str, c: &Command<'_>) -> String {
    let mut parts = vec![match c.joined_by() {
        Operator::Start => "^".to_owned(),
        Operator::Newline => "nl".to_owned(),
        op => op.as_str().to_owned(),
    }];
    if c.in_subshell() {
        parts.push("(".into());
    }
    if c.in_substitution() {
        parts.push("$".into());
    }
    if c.pipeline_len() > 1 {
        parts.push(format!("#{}/{}", c.pipeline_index(), c.pipeline_len()));
    }
    parts.extend(c.assignments().iter().map(|a| src[a.range().to_std()].to_owned()));
    parts.extend(c.words().iter().map(|w| w.raw().to_owned()));
    parts.extend(c.redirects().iter().map(|r| src[r.range().to_std()].to_owned()));
    parts.join(" ")
}

/// Just the argv of each command, joined by spaces.
fn argv(src: &str) -> Vec<String> {
    let script = parse(src);
    check_invariants(src, &script);
    script.commands().map(|c| c.words().iter().map(Word::raw).collect::<Vec<_>>().join(" ")).collect()
}

fn check_range(src: &str, range: TextRange, what: &str) {
    assert!(range.start() <= range.end(), "{what} {range:?} is reversed in {src:?}");
    assert!(range.end() as usize <= src.len(), "{what} {range:?} is out of bounds in {src:?}");
    assert!(src.is_char_boundary(range.start() as usize), "{what} {range:?} starts inside a char in {src:?}");
    assert!(src.is_char_boundary(range.end() as usize), "{what} {range:?} ends inside a char in {src:?}");
}

fn check_word(src: &str, word: &Word<'_>, what: &str) {
    check_range(src, word.range(), what);
    assert_eq!(&src[word.range().to_std()], word.raw(), "{what} raw text in {src:?}");
}

fn check_invariants(src: &str, script: &Script<'_>) {
    let mut last_start = 0;
    for (i, c) in script.commands().enumerate() {
        assert_eq!(c.index(), i);
        check_range(src, c.range(), "command");
        assert!(c.range().start() >= last_start, "commands out of order in {src:?}");
        last_start = c.range().start();
        assert!(c.pipeline_index() < c.pipeline_len(), "pipeline index past its length in {src:?}");
        for w in c.words() {
            check_word(src, w, "word");
            assert!(c.range().contains_range(w.range()), "word outside its command in {src:?}");
        }
        for a in c.assignments() {
            check_range(src, a.range(), "assignment");
            check_range(src, a.name_range(), "assignment name");
            check_word(src, a.value(), "assignment value");
            assert_eq!(&src[a.name_range().to_std()], a.name());
        }
        for r in c.redirects() {
            check_range(src, r.range(), "redirect");
            check_range(src, r.op_range(), "redirect operator");
            check_word(src, r.target(), "redirect target");
        }
        let _ = c.effective().basename();
        let _ = c.arguments(&["o", "t"]).count();
    }
    for r in script.redirects.iter().chain(script.other_redirects()) {
        if let Some(h) = r.heredoc() {
            check_range(src, h.body(), "heredoc body");
            if let Some(t) = h.terminator() {
                check_range(src, t, "heredoc terminator");
            }
        }
    }
    for op in script.operators() {
        check_range(src, op.range(), "operator");
    }
}

#[test]
fn lists_and_pipelines() {
    let cases: &[(&str, &[&str])] = &[
        ("", &[]),
        ("  \n\t\n", &[]),
        ("a", &["^ a"]),
        ("a && b || c; d", &["^ a", "&& b", "|| c", "; d"]),
        ("a | b |& c", &["^ #0/3 a", "| #1/3 b", "|& #2/3 c"]),
        ("a & b\nc", &["^ a", "& b", "nl c"]),
        ("a &&\n  b", &["^ a", "&& b"]),
        ("a |\n\n b", &["^ #0/2 a", "| #1/2 b"]),
        ("a;\nb", &["^ a", "; b"]),
        ("a;;b", &["^ a", "; b"]),
        ("a\r\nb", &["^ a", "nl b"]),
        ("a | b && c | d", &["^ #0/2 a", "| #1/2 b", "&& #0/2 c", "| #1/2 d"]),
    ];
    for &(src, expected) in cases {
        assert_eq!(render(src), expected, "{src:?}");
    }
}

#[test]
fn groups_subshells_and_substitutions() {
    let cases: &[(&str, &[&str])] = &[
        ("(cd /x && make); y", &["^ ( cd /x", "&& ( make", "; y"]),
        ("( (a) )", &["^ ( a"]),
        ("{ a; b; } > log", &["^ a", "; b"]),
        ("{a,b}", &["^ {a,b}"]),
        ("echo $(date +%s) x", &["^ echo $(date +%s) x", "^ $ date +%s"]),
        ("echo `uname -r`", &["^ echo `uname -r`", "^ $ uname -r"]),
        ("a $(b $(c) | d)", &["^ a $(b $(c) | d)", "^ $ #0/2 b $(c)", "^ $ c", "| $ #1/2 d"]),
        ("x=\"$(a \"b c\")\"", &["^ x=\"$(a \"b c\")\"", "^ $ a \"b c\""]),
        ("echo ${A:-$(b)}", &["^ echo ${A:-$(b)}", "^ $ b"]),
        ("diff <(a) >(b)", &["^ diff <(a) >(b)", "^ $ a", "^ $ b"]),
        ("$(a) b", &["^ $(a) b", "^ $ a"]),
        ("(a) | b", &["^ ( #0/2 a", "| #1/2 b"]),
        ("a | (b; c) | d", &["^ #0/3 a", "| ( #1/3 b", "; ( c", "| #2/3 d"]),
        ("a && (b; c)", &["^ a", "&& ( b", "; ( c"]),
        ("{ a; } | b", &["^ #0/2 a", "| #1/2 b"]),
        ("! a | b", &["^ #0/2 a", "| #1/2 b"]),
        ("echo `a \\`b\\``", &["^ echo `a \\`b\\``", "^ $ a \\`b\\`"]),
        ("x=$( (a) )", &["^ x=$( (a) )", "^ ( $ a"]),
        ("echo $((1 + 2)) $(( (3) ))", &["^ echo $((1 + 2)) $(( (3) ))"]),
        ("echo $((a) | b)", &["^ echo $((a) | b)", "^ ( $ #0/2 a", "| $ #1/2 b"]),
        ("(( i++ )) && a", &["&& a"]),
        ("((a) | b)", &["^ ( #0/2 a", "| ( #1/2 b"]),
    ];
    for &(src, expected) in cases {
        assert_eq!(render(src), expected, "{src:?}");
    }
}

#[test]
fn compound_commands() {
    let cases: &[(&str, &[&str])] = &[
        ("if [ -f x ]; then a; elif b; then c; else d; fi", &["[ -f x ]", "a", "b", "c", "d"]),
        ("if a\nthen\n  b\nfi && c", &["a", "b", "c"]),
        ("for x in a b c; do echo $x; done", &["echo $x"]),
        ("for x in $(ls); do y; done", &["ls", "y"]),
        ("for x; do y; done", &["y"]),
        ("for x\ndo y\ndone", &["y"]),
        ("for x in a b\ndo\n y\ndone", &["y"]),
        ("for ((i = 0; i < 3; i++)); do z; done", &["z"]),
        ("for ((i = 0; i < 3; i++)) do z; done", &["z"]),
        ("select x in a b; do y; done", &["y"]),
        ("while read l; do echo \"$l\"; done < f", &["read l", "echo \"$l\""]),
        ("until false; do :; done", &["false", ":"]),
        ("case $x in a|b) foo;; (c) bar ;; *) baz;; esac; after", &["foo", "bar", "baz", "after"]),
        ("case x in\n  a)\n    foo\n    ;;\n  b) bar\nesac", &["foo", "bar"]),
        ("case x in a) foo;& b) bar;;& esac", &["foo", "bar"]),
        ("case x in esac; y", &["y"]),
        ("x=$(case a in a) echo y;; esac)", &["", "echo y"]),
        ("f() { a; }; f", &["a", "f"]),
        ("f () {\n a\n}", &["a"]),
        ("function g { b; }", &["b"]),
        ("function h() { c; }", &["c"]),
        ("! a", &["a"]),
        ("echo if then fi done esac { } !", &["echo if then fi done esac { } !"]),
        ("\"if\" x", &["\"if\" x"]),
        ("[[ -f a && $b < c ]] && d", &["[[ -f a && $b < c ]]", "d"]),
        ("[[ $x =~ ^(a|b)$ ]]", &["[[ $x =~ ^(a|b)$ ]]"]),
        ("[[ $x =~ (a|b) ]] || c", &["[[ $x =~ (a|b) ]]", "c"]),
        ("[[ ( a ) ]]; b", &["[[ ( a ) ]]", "b"]),
        ("time make", &["time make"]),
        ("if a; then if b; then c; fi; fi", &["a", "b", "c"]),
        ("while true; do case $1 in -x) shift;; esac; done", &["true", "shift"]),
        // Malformed: the word after the variable is read as a command, once.
        ("for x $(a); do b; done", &["$(a)", "a", "b"]),
        ("case $(a) $(b)) c;; esac", &["a", "b", "c"]),
        ("for in in in; do b; done", &["b"]),
        ("for x in\ny; do b; done", &["y", "b"]),
    ];
    for &(src, expected) in cases {
        assert_eq!(argv(src), expected, "{src:?}");
    }
}

#[test]
fn joined_by_restarts_in_bodies() {
    let cases: &[(&str, &[&str])] = &[
        ("a && if b; then c; fi", &["^ a", "&& b", "^ c"]),
        ("a | while read x; do b; done", &["^ #0/2 a", "| #1/2 read x", "^ b"]),
        ("if a; then b; fi | c", &["^ #0/2 a", "^ b", "| #1/2 c"]),
        ("case x in a) b && c;; esac", &["^ b", "&& c"]),
    ];
    for &(src, expected) in cases {
        assert_eq!(render(src), expected, "{src:?}");
    }
}

#[test]
fn command_ranges_are_exact() {
    let src = "A=1  a  'b c' 2>/dev/null &&  d | e";
    let script = parse(src);
    let ranges: Vec<_> = script.commands().map(|c| &src[c.range().to_std()]).collect();
    assert_eq!(ranges, ["A=1  a  'b c' 2>/dev/null", "d", "e"]);
    let ops: Vec<_> = script.operators().iter().map(|o| &src[o.range().to_std()]).collect();
    assert_eq!(ops, ["&&", "|"]);
    let src = "(echo $(cd x && pwd))";
    let script = parse(src);
    let flags: Vec<_> = script.commands().map(|c| (c.in_subshell(), c.in_substitution())).collect();
    assert_eq!(flags, [(true, false), (true, true), (true, true)]);
    let words: Vec<_> = script.command(1).unwrap().words().iter().map(|w| &src[w.range().to_std()]).collect();
    assert_eq!(words, ["cd", "x"]);
}

#[test]
fn assignments() {
    let script = parse("A=1 B+=\"x y\" C[1]=z cmd x=y");
    let c = script.commands().next().unwrap();
    let names: Vec<_> = c.assignments().iter().map(Assignment::name).collect();
    assert_eq!(names, ["A", "B", "C[1]"]);
    assert!(c.assignments()[1].is_append());
    assert_eq!(c.assignments()[1].value().literal(), Some("x y"));
    assert_eq!(c.name(), Some("cmd"));
    assert_eq!(argv("A=1 B+=\"x y\" C[1]=z cmd x=y"), ["cmd x=y"]);

    let cases: &[(&str, &[&str])] = &[
        ("A=1", &["^ A=1"]),
        ("A=", &["^ A="]),
        ("A= cmd", &["^ A= cmd"]),
        ("A=$(b) c", &["^ A=$(b) c", "^ $ b"]),
        ("a=(1 $(b) 3) c", &["^ a=(1 $(b) 3) c", "^ $ b"]),
        (">out A=1 cmd", &["^ A=1 cmd >out"]),
        ("1A=2", &["^ 1A=2"]),
        ("\"A\"=1", &["^ \"A\"=1"]),
        ("export A=1", &["^ export A=1"]),
    ];
    for &(src, expected) in cases {
        assert_eq!(render(src), expected, "{src:?}");
    }
    let script = parse("A= cmd");
    assert_eq!(script.command(0).unwrap().assignments()[0].value().literal(), Some(""));
    let script = parse("A=1");
    assert_eq!(script.command(0).unwrap().name(), None);
}

#[test]
fn redirections() {
    let src = "cmd 2>&1 >/dev/null <in >>app &>all 3<>rw >|clob <<<\"s t\" &>>x 0<&- > spaced";
    let script = parse(src);
    check_invariants(src, &script);
    let c = script.command(0).unwrap();
    assert_eq!(c.words().len(), 1);
    let got: Vec<_> = c
        .redirects()
        .iter()
        .map(|r| (r.fd(), r.kind().as_str(), r.target().literal().unwrap_or("?").to_owned()))
        .collect();
    let expected = [
        (Some(2), ">&", "1"),
        (None, ">", "/dev/null"),
        (None, "<", "in"),
        (None, ">>", "app"),
        (None, "&>", "all"),
        (Some(3), "<>", "rw"),
        (None, ">|", "clob"),
        (None, "<<<", "s t"),
        (None, "&>>", "x"),
        (Some(0), "<&", "-"),
        (None, ">", "spaced"),
    ];
    let expected: Vec<_> = expected.iter().map(|&(fd, op, t)| (fd, op, t.to_owned())).collect();
    assert_eq!(got, expected);
    assert_eq!(&src[c.redirects()[0].range().to_std()], "2>&1");
    assert_eq!(&src[c.redirects()[0].op_range().to_std()], ">&");

    // A number not followed by `<` or `>` is an argument; a missing target is empty.
    assert_eq!(render("echo 2 >"), ["^ echo 2 >"]);
    let script = parse("echo >");
    assert!(script.command(0).unwrap().redirects()[0].target().range().is_empty());
    assert_eq!(render("2>/dev/null cmd"), ["^ cmd 2>/dev/null"]);
    assert_eq!(render("(a) 2>&1 | b"), ["^ ( #0/2 a", "| #1/2 b"]);
    assert_eq!(parse("(a) 2>&1 | b").other_redirects().len(), 1);
}

#[test]
fn heredocs() {
    let src = "cat <<EOF > /etc/x\nline $1\napt-get install foo\nEOF\napt-get update";
    let script = parse(src);
    check_invariants(src, &script);
    assert_eq!(argv(src), ["cat", "apt-get update"]);
    let cat = script.command(0).unwrap();
    assert_eq!(cat.redirects().len(), 2);
    let h = cat.redirects()[0].heredoc().unwrap();
    assert_eq!(h.delimiter(), "EOF");
    assert!(!h.is_quoted());
    assert_eq!(&src[h.body().to_std()], "line $1\napt-get install foo\n");
    assert_eq!(&src[h.terminator().unwrap().to_std()], "EOF");
    assert_eq!(script.heredocs().count(), 1);

    let cases: &[(&str, &[&str])] = &[
        ("cat <<-'EOF'\n\tx y\n\tEOF\nz", &["cat", "z"]),
        ("cat <<\"E F\"\nx\nE F\nz", &["cat", "z"]),
        ("cat <<A <<B\na\nA\nb\nB\necho", &["cat", "echo"]),
        ("a <<A; b <<B\nx\nA\ny\nB\nc", &["a", "b", "c"]),
        ("cat <<EOF | sh\nrm -rf /\nEOF\nok", &["cat", "sh", "ok"]),
        ("x=$(cat <<EOF\nnot a command\nEOF\n)\necho", &["", "cat", "echo"]),
        ("while read l; do echo; done <<EOF\nnot\nEOF\nafter", &["read l", "echo", "after"]),
        ("cat <<EOF\nnever ends", &["cat"]),
        ("cat <<EOF", &["cat"]),
        ("cat <<", &["cat"]),
        ("cat <<EOF\r\nx\r\nEOF\r\ny", &["cat", "y"]),
        ("cat <<<EOF\nx", &["cat", "x"]),
    ];
    for &(src, expected) in cases {
        assert_eq!(argv(src), expected, "{src:?}");
    }
    let src = "cat <<-'EOF'\n\tx\n\tEOF\n";
    let script = parse(src);
    let h = script.heredocs().next().unwrap().heredoc().unwrap();
    assert!(h.is_quoted());
    assert_eq!(&src[h.body().to_std()], "\tx\n");
    let src = "cat <<EOF\nnever ends";
    let script = parse(src);
    let h = script.heredocs().next().unwrap().heredoc().unwrap();
    assert_eq!(&src[h.body().to_std()], "never ends");
    assert_eq!(h.terminator(), None);
}

#[test]
fn comments_and_continuations() {
    let cases: &[(&str, &[&str])] = &[
        ("a # b c\nd", &["a", "d"]),
        ("# only a comment", &[]),
        ("a#b", &["a#b"]),
        ("echo '#x' \"#y\" \\#z", &["echo '#x' \"#y\" \\#z"]),
        ("echo $# ${#x}", &["echo $# ${#x}"]),
        ("a;#c\nb", &["a", "b"]),
        ("apt-get \\\n install \\\n x", &["apt-get install x"]),
        ("a \\\n&& b", &["a", "b"]),
        ("ec\\\nho x", &["ec\\\nho x"]),
    ];
    for &(src, expected) in cases {
        let got: Vec<_> =
            parse(src).commands().map(|c| c.words().iter().map(Word::raw).collect::<Vec<_>>().join(" ")).collect();
        assert_eq!(got, expected, "{src:?}");
        check_invariants(src, &parse(src));
    }
    let src = "ec\\\nho x";
    let script = parse(src);
    assert_eq!(script.command(0).unwrap().name(), Some("echo"));
    let src = "apt-get \\\n install";
    let script = parse(src);
    let install = &script.command(0).unwrap().words()[1];
    assert_eq!(&src[install.range().to_std()], "install");
}

#[test]
fn words_have_values_and_flags() {
    let src = "x 'a b' \"c$d\" e\\ f $HOME/x *.deb ~/y \"*\" {a,b} '' \"\"";
    let script = parse(src);
    let words = script.command(0).unwrap().args();
    let literal: Vec<_> = words.iter().map(Word::literal).collect();
    assert_eq!(literal, [Some("a b"), None, Some("e f"), None, None, None, Some("*"), None, Some(""), Some("")]);
    let unquoted: Vec<_> = words.iter().map(Word::unquoted).collect();
    assert_eq!(unquoted[4], Some("*.deb"));
    assert!(words[1].has_expansion());
    assert!(words[3].has_expansion());
    assert!(words[4].has_glob());
    assert!(!words[6].has_glob());
    assert!(words[7].has_glob());
    assert!(words[0].is_quoted());
    assert!(!words[4].is_quoted());
}

#[test]
fn operators_and_pipes() {
    let script = parse("a && b | c\nd; e & f || g |& h");
    let ops: Vec<_> = script.operators().iter().map(|o| o.kind().as_str()).collect();
    assert_eq!(ops, ["&&", "|", "\n", ";", "&", "||", "|&"]);
    assert!(script.has_pipe());
    assert!(script.has_top_level_pipe());

    let script = parse("x=$(a | b)");
    assert!(script.has_pipe());
    assert!(!script.has_top_level_pipe());
    assert!(script.operators()[0].is_nested());

    let script = parse("a || b");
    assert!(!script.has_pipe());
    assert!(parse("(a | b)").has_top_level_pipe());
    assert_eq!(parse("case x in a|b) c;; esac").operators().len(), 1);
}

#[test]
fn commands_named_looks_through_wrappers() {
    let script = parse("sudo -u root /usr/bin/apt-get install x && env A=1 apt-get clean; apt-get-x");
    let found: Vec<_> = script.commands_named("apt-get").map(|c| c.args()[0].raw()).collect();
    assert_eq!(found, ["install", "clean"]);
    assert_eq!(script.commands_named("sudo").count(), 0);
    assert_eq!(script.len(), 3);
    assert!(!script.is_empty());
    assert_eq!(script.source(), "sudo -u root /usr/bin/apt-get install x && env A=1 apt-get clean; apt-get-x");
}

#[test]
fn nasty_inputs_do_not_panic() {
    let cases: &[(&str, &[&str])] = &[
        ("echo 'unterminated", &["echo 'unterminated"]),
        ("echo \"unterminated $(x", &["echo \"unterminated $(x", "x"]),
        ("a ) b", &["a b"]),
        (")))", &[]),
        ("echo $((", &["echo $(("]),
        // Unclosed, `$((` falls back to a substitution holding a subshell.
        ("echo $((1", &["echo $((1", "1"]),
        ("echo `", &["echo `"]),
        ("echo `a", &["echo `a", "a"]),
        ("echo ${", &["echo ${"]),
        ("echo ${a", &["echo ${a"]),
        ("fi done esac } then", &[]),
        ("case", &[]),
        ("case x in a) b", &["b"]),
        ("for", &[]),
        ("if", &[]),
        ("function", &[]),
        ("a() ", &[]),
        ("[[ a", &["[[ a"]),
        ("echo \\", &["echo \\"]),
        ("$'\\", &["$'\\"]),
        ("$'\\x", &["$'\\x"]),
        ("\0 \u{1} \u{7f}", &["\0 \u{1} \u{7f}"]),
        ("é ü 日本 ;é|ü", &["é ü 日本", "é", "ü"]),
        ("<", &[""]),
        ("2>", &[""]),
        ("&& || ; | & ;; |&", &[]),
    ];
    for &(src, expected) in cases {
        assert_eq!(argv(src), expected, "{src:?}");
    }
}

#[test]
fn deep_nesting_is_bounded() {
    let n = 20_000;
    let inputs = [
        "$(".repeat(n),
        format!("{}x{}", "$(".repeat(n), ")".repeat(n)),
        format!("{}x{}", "$( echo ".repeat(100), ")".repeat(100)),
        "`".repeat(n),
        "${".repeat(n),
        format!("{}x{}", "${a:-".repeat(n), "}".repeat(n)),
        "((".repeat(n),
        "(".repeat(n),
        format!("{}x{}", "(".repeat(n), ")".repeat(n)),
        "$((".repeat(n),
        "{ ".repeat(n),
        "if a; then ".repeat(n),
        "a=(".repeat(n),
        "@(".repeat(n),
        "<(".repeat(n),
        "\"$(".repeat(n),
        "case x in ".repeat(n),
        "cat <<A; ".repeat(n),
        "{ ".repeat(n) + &"fi ;; ".repeat(n),
        "a|".repeat(70_000),
    ];
    for input in &inputs {
        let script = parse(input);
        check_invariants(input, &script);
    }
    let nested = format!("{}x{}", "$( echo ".repeat(100), ")".repeat(100));
    // Commands deeper than the limit are skipped, not parsed.
    let found = parse(&nested).len();
    assert!(found > 10 && found <= 40, "{found}");
}

/// A tiny linear congruential generator: enough randomness for a fuzz-like test
/// without a dependency.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u32 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as u32
    }

    fn below(&mut self, n: usize) -> usize {
        self.next() as usize % n
    }
}

/// Random scripts built from shell-heavy fragments and arbitrary characters.
fn random_script(rng: &mut Lcg) -> String {
    const PIECES: &[&str] = &[
        " ", " ", "\n", "\t", "\\\n", "\\", ";", ";;", "&", "&&", "|", "||", "|&", "(", ")", "((", "))", "{", "}",
        "[[", "]]", "'", "\"", "`", "$", "$(", "${", "$((", "$'", "<", ">", "<<", "<<-", "<<<", ">&", "2>", "#", "=",
        "A=", "a", "b", "x", "*", "?", "[", "]", ",", "~", "if", "then", "fi", "for", "in", "do", "done", "case",
        "esac", "while", "function", "f()", "!", "EOF", "\r", "\0", "é", "日", "-", "--", "sudo", "env",
    ];
    let len = rng.below(40);
    let mut out = String::new();
    for _ in 0..len {
        match rng.below(10) {
            0 => out.push(char::from_u32(rng.next() % 0x11_0000).unwrap_or('\u{fffd}')),
            1 => out.push(char::from(rng.below(128) as u8)),
            _ => out.push_str(PIECES[rng.below(PIECES.len())]),
        }
    }
    out
}

#[test]
fn random_input_keeps_the_invariants() {
    let mut rng = Lcg(0x5eed);
    for _ in 0..30_000 {
        let src = random_script(&mut rng);
        let script = parse(&src);
        check_invariants(&src, &script);
    }
}

#[test]
fn random_bytes_keep_the_invariants() {
    let mut rng = Lcg(42);
    for _ in 0..10_000 {
        let len = rng.below(64);
        let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        let src = String::from_utf8_lossy(&bytes);
        check_invariants(&src, &parse(&src));
    }
}

#[test]
fn mutated_real_scripts_keep_the_invariants() {
    const SEEDS: &[&str] = &[
        "apt-get update && apt-get install -y --no-install-recommends curl=7.* ca-certificates \\\n && rm -rf /var/lib/apt/lists/*",
        "set -eux; \\\n savedAptMark=\"$(apt-mark showmanual)\"; \\\n case \"$(dpkg --print-architecture)\" in amd64) ARCH='x64';; *) exit 1;; esac",
        "for f in /etc/*.conf; do sed -i \"s/a/b/\" \"$f\"; done && cat <<EOF > /x\nbody $(not)\nEOF\necho done",
        "if [ -n \"${A:-}\" ]; then (cd /src && make -j\"$(nproc)\") 2>&1 | tee log; fi",
        "curl -fsSL https://x | sh -s -- --yes; export PATH=\"$HOME/.cargo/bin:$PATH\"",
    ];
    let mut rng = Lcg(7);
    for _ in 0..20_000 {
        let seed = SEEDS[rng.below(SEEDS.len())];
        let mut chars: Vec<char> = seed.chars().collect();
        for _ in 0..=rng.below(4) {
            let at = rng.below(chars.len() + 1);
            match rng.below(3) {
                0 if at < chars.len() => {
                    chars.remove(at);
                }
                1 => chars.insert(at, ['(', ')', '"', '\'', '`', '$', '{', '}', '\n', '\\', '#', '<'][rng.below(12)]),
                _ => chars.truncate(at),
            }
        }
        let src: String = chars.into_iter().collect();
        check_invariants(&src, &parse(&src));
    }
}
