//! Finding heredoc words the way BuildKit does.
//!
//! BuildKit splits the whole logical line into shell words first (keeping quotes
//! and backslashes), and only a *whole* word of the form `[n]<<[-]NAME` starts a
//! heredoc. So `<<EOF` and `<<'EOF'` do, while `<< EOF` (the word `<<` has an empty
//! name) and `cat<<EOF` do not.

/// A heredoc-starting word in a logical line.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct HeredocWord {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) name: String,
    pub(crate) fd: Option<u32>,
    pub(crate) chomp: bool,
    pub(crate) expand: bool,
}

/// Splits `line` into raw shell words (quotes and backslashes kept), as byte ranges.
fn raw_words(line: &str) -> Vec<(usize, usize)> {
    let bytes = line.as_bytes();
    let mut words = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let ch = line[i..].chars().next().unwrap_or(' ');
        if ch.is_whitespace() {
            i += ch.len_utf8();
            continue;
        }
        let start = i;
        while i < bytes.len() {
            match bytes[i] {
                b' ' | b'\t' | b'\x0b' | b'\x0c' | b'\r' | b'\n' => break,
                b'\'' => {
                    i += 1;
                    while i < bytes.len() && bytes[i] != b'\'' {
                        i += 1;
                    }
                    i = (i + 1).min(bytes.len());
                }
                b'"' => {
                    i += 1;
                    while i < bytes.len() && bytes[i] != b'"' {
                        i += if bytes[i] == b'\\' { 2 } else { 1 };
                    }
                    i = (i + 1).min(bytes.len());
                }
                b'\\' => {
                    i += 1;
                    if i < bytes.len() {
                        i += line[i..].chars().next().map_or(1, char::len_utf8);
                    }
                }
                _ => {
                    let ch = line[i..].chars().next().unwrap_or(' ');
                    if ch.is_whitespace() {
                        break;
                    }
                    i += ch.len_utf8();
                }
            }
        }
        // A backslash inside double quotes can skip into a multi-byte character.
        while !line.is_char_boundary(i) {
            i += 1;
        }
        words.push((start, i));
    }
    words
}

/// Removes shell quotes and backslash escapes from a heredoc name.
fn unquote_name(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(ch) = chars.next() {
        match ch {
            '\'' => out.extend(chars.by_ref().take_while(|&c| c != '\'')),
            '"' => {
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => out.extend(chars.next()),
                        _ => out.push(c),
                    }
                }
            }
            '\\' => out.extend(chars.next()),
            _ => out.push(ch),
        }
    }
    out
}

fn quote_count(s: &str) -> usize {
    s.bytes().filter(|&b| b == b'\'' || b == b'"').count()
}

/// Matches one raw word against `^(\d*)<<(-?)([^<]*)$` and reads the name.
fn heredoc_from_word(word: &str) -> Option<(Option<u32>, bool, String, bool)> {
    let digits = word.bytes().take_while(u8::is_ascii_digit).count();
    let rest = word[digits..].strip_prefix("<<")?;
    let (chomp, rest) = match rest.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, rest),
    };
    if rest.is_empty() || rest.contains('<') {
        return None;
    }
    let name = unquote_name(rest);
    if name.is_empty() {
        return None;
    }
    let fd = if digits > 0 { word[..digits].parse().ok() } else { None };
    let expand = quote_count(&name) == quote_count(rest);
    Some((fd, chomp, name, expand))
}

/// Every heredoc word of a logical line, in order.
pub(crate) fn find(line: &str) -> Vec<HeredocWord> {
    if !line.contains("<<") {
        return Vec::new();
    }
    raw_words(line)
        .into_iter()
        .filter_map(|(start, end)| {
            let (fd, chomp, name, expand) = heredoc_from_word(&line[start..end])?;
            Some(HeredocWord { start, end, name, fd, chomp, expand })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(line: &str) -> Vec<(String, bool, bool)> {
        find(line).into_iter().map(|h| (h.name, h.chomp, h.expand)).collect()
    }

    #[test]
    fn follows_buildkits_word_rule() {
        assert_eq!(names("RUN <<EOF"), vec![("EOF".into(), false, true)]);
        assert_eq!(names("RUN <<-'EOF' bash"), vec![("EOF".into(), true, false)]);
        assert_eq!(names(r#"COPY <<"A" <<B /dst/"#), vec![("A".into(), false, false), ("B".into(), false, true)]);
        assert!(names("RUN cat << EOF").is_empty());
        assert!(names("RUN cat<<EOF").is_empty());
        assert!(names("RUN echo '<<EOF'").is_empty());
        assert!(names("RUN x <<").is_empty());
        let fd = find("RUN 3<<EOF cat /proc/self/fd/3");
        assert_eq!(fd[0].fd, Some(3));
        assert_eq!((fd[0].start, fd[0].end), (4, 10));
    }

    #[test]
    fn survives_odd_bytes() {
        assert!(names("RUN \\é<<EOF \"unterminated").is_empty());
        assert_eq!(names("RUN <<é"), vec![("é".into(), false, true)]);
    }
}
