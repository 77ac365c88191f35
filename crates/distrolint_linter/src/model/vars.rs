//! Variable expansion the way the builder does it for `FROM`, `ENV`, `COPY` and friends:
//! `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:+alt}`, `${VAR+alt}`.

use std::borrow::Cow;

/// What a name is bound to at some point of the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Binding<'a> {
    /// Defined with a value known statically.
    Known(&'a str),
    /// Defined, but the value is not known (a build argument without default, a platform argument).
    Unknown,
    /// Not defined: expands to the empty string.
    Undefined,
}

/// Expands variables in `text` with `lookup`. Returns `None` when a variable whose value
/// matters is [`Binding::Unknown`]. `escape` is the Dockerfile escape character: an escaped `$`
/// stays literal. Quotes are kept as written.
/// The text is borrowed when it has no `$`.
pub fn expand<'t, 'a>(text: &'t str, escape: char, lookup: &dyn Fn(&str) -> Binding<'a>) -> Option<Cow<'t, str>> {
    if !text.contains('$') {
        return Some(Cow::Borrowed(text));
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.char_indices().peekable();
    while let Some((i, ch)) = chars.next() {
        if ch == escape {
            if let Some(&(_, next)) = chars.peek() {
                if next == '$' {
                    out.push(ch);
                    out.push('$');
                    chars.next();
                    continue;
                }
            }
            out.push(ch);
            continue;
        }
        if ch != '$' {
            out.push(ch);
            continue;
        }
        let rest = &text[i + 1..];
        if let Some(body) = rest.strip_prefix('{') {
            let Some(close) = find_close(body) else {
                out.push_str(&text[i..]);
                return Some(Cow::Owned(out));
            };
            let inner = &body[..close];
            let consumed = 1 + close + 1;
            expand_braced(&mut out, inner, escape, lookup)?;
            for _ in 0..text[i + 1..i + 1 + consumed].chars().count() {
                chars.next();
            }
        } else {
            let name_len = rest.bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'_').count();
            if name_len == 0 {
                out.push('$');
                continue;
            }
            match lookup(&rest[..name_len]) {
                Binding::Known(value) => out.push_str(value),
                Binding::Unknown => return None,
                Binding::Undefined => {}
            }
            for _ in 0..name_len {
                chars.next();
            }
        }
    }
    Some(Cow::Owned(out))
}

/// The index of the `}` that closes a `${`, allowing nested `${...}` in defaults.
fn find_close(body: &str) -> Option<usize> {
    let mut depth = 0usize;
    let bytes = body.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'$' if bytes.get(i + 1) == Some(&b'{') => {
                depth += 1;
                i += 1;
            }
            b'}' if depth == 0 => return Some(i),
            b'}' => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    None
}

/// Appends the value of `${inner}` to `out`; `None` when it is not known.
fn expand_braced<'a>(out: &mut String, inner: &str, escape: char, lookup: &dyn Fn(&str) -> Binding<'a>) -> Option<()> {
    let name_len = inner.bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'_').count();
    let name = &inner[..name_len];
    let modifier = &inner[name_len..];
    let binding = lookup(name);
    let (colon, op, word) = if let Some(rest) = modifier.strip_prefix(':') {
        let mut chars = rest.chars();
        let op = chars.next();
        (true, op, chars.as_str())
    } else {
        let mut chars = modifier.chars();
        let op = chars.next();
        (false, op, chars.as_str())
    };
    match (op, binding) {
        (None, Binding::Known(v)) => out.push_str(v),
        (None, Binding::Undefined) => {}
        (Some('-'), Binding::Known(v)) if !(colon && v.is_empty()) => out.push_str(v),
        (Some('-'), Binding::Known(_) | Binding::Undefined) => out.push_str(&expand(word, escape, lookup)?),
        (Some('+'), Binding::Known(v)) if !(colon && v.is_empty()) => out.push_str(&expand(word, escape, lookup)?),
        (Some('+'), Binding::Known(_) | Binding::Undefined) => {}
        // `${VAR:?message}` fails the build when unset; treat a known value as itself.
        (Some('?'), Binding::Known(v)) => out.push_str(v),
        _ => return None,
    }
    Some(())
}

/// The names a text references, with their byte ranges relative to `text`.
pub fn references(text: &str, escape: char) -> Vec<(String, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] as char == escape && i + 1 < bytes.len() {
            i += 2;
            continue;
        }
        if bytes[i] == b'$' {
            let braced = bytes.get(i + 1) == Some(&b'{');
            let start = if braced { i + 2 } else { i + 1 };
            let len =
                bytes[start.min(bytes.len())..].iter().take_while(|b| b.is_ascii_alphanumeric() || **b == b'_').count();
            if len > 0 {
                out.push((text[start..start + len].to_owned(), start..start + len));
            }
            i = start + len;
            continue;
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup(name: &str) -> Binding<'static> {
        match name {
            "TAG" => Binding::Known("3.11"),
            "EMPTY" => Binding::Known(""),
            "PLATFORM" => Binding::Unknown,
            _ => Binding::Undefined,
        }
    }

    #[test]
    fn expands_buildkit_forms() {
        let e = |t| expand(t, '\\', &lookup);
        assert_eq!(e("python:${TAG}-slim").as_deref(), Some("python:3.11-slim"));
        assert_eq!(e("python:$TAG").as_deref(), Some("python:3.11"));
        assert_eq!(e("a${NOPE:-x${TAG}}b").as_deref(), Some("ax3.11b"));
        assert_eq!(e("${EMPTY:-d}|${EMPTY-d}").as_deref(), Some("d|"));
        assert_eq!(e("${TAG:+set}${NOPE:+set}").as_deref(), Some("set"));
        assert_eq!(e("${PLATFORM}"), None);
        assert_eq!(e("${PLATFORM:-x}"), None);
        assert_eq!(e(r"\$TAG").as_deref(), Some(r"\$TAG"));
        assert_eq!(e("${unclosed").as_deref(), Some("${unclosed"));
        assert_eq!(e("$ é $").as_deref(), Some("$ é $"));
    }

    #[test]
    fn finds_references() {
        let refs = references("a${B}c$D_1 \\$E $", '\\');
        let names: Vec<&str> = refs.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, vec!["B", "D_1"]);
        assert_eq!(refs[0].1, 3..4);
    }
}
