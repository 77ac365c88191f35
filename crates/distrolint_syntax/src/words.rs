//! Reading the value of a word the way BuildKit's shell lexer does.

use std::borrow::Cow;

/// Removes quotes and escapes from a Dockerfile word (`ENV`, `LABEL`, `ARG`, `COPY` paths).
///
/// Single quotes keep everything literally. Inside double quotes the escape
/// character only escapes `"`, `$`, the escape character itself and a backtick;
/// outside quotes it escapes any character. `$` expansions are left as written.
pub fn unquote(raw: &str, escape: char) -> Cow<'_, str> {
    // A byte scan for the usual ASCII escape character; `contains` with a char set decodes UTF-8.
    let plain = match u8::try_from(escape) {
        Ok(e) if e.is_ascii() => !raw.bytes().any(|b| b == b'\'' || b == b'"' || b == e),
        _ => !raw.contains(['\'', '"', escape]),
    };
    if plain {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '\'' => out.extend(chars.by_ref().take_while(|&c| c != '\'')),
            '"' => {
                while let Some(c) = chars.next() {
                    if c == '"' {
                        break;
                    }
                    if c == escape {
                        match chars.peek() {
                            Some(&next) if next == '"' || next == '$' || next == escape || next == '`' => {
                                out.push(next);
                                chars.next();
                            }
                            _ => out.push(c),
                        }
                    } else {
                        out.push(c);
                    }
                }
            }
            c if c == escape => {
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            }
            _ => out.push(ch),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::unquote;

    #[test]
    fn unquotes_like_a_shell() {
        assert_eq!(unquote("plain", '\\'), "plain");
        assert_eq!(unquote(r#""a b"'c d'e\ f"#, '\\'), "a bc de f");
        assert_eq!(unquote(r#""x\"y\n""#, '\\'), "x\"y\\n");
        assert_eq!(unquote(r"'a\b'", '\\'), r"a\b");
        assert_eq!(unquote(r"C:\path", '`'), r"C:\path");
        assert_eq!(unquote("unterminated\"", '\\'), "unterminated");
    }
}
