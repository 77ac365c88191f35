//! The JSON array reader for exec form, matching Go's `encoding/json` decoder as
//! BuildKit uses it: the first JSON value is read and anything after it is ignored.

/// What reading `[...]` at the start of a text gave.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum JsonArray {
    /// Not valid JSON, or not an array: BuildKit then uses shell form.
    Invalid,
    /// Valid JSON whose elements are not all strings: BuildKit rejects the file.
    NotStrings,
    /// An array of strings.
    Strings {
        /// One past the closing bracket.
        end: usize,
        /// Each element: start and end (quotes included) and the decoded value.
        elements: Vec<(usize, usize, String)>,
    },
}

/// Nesting deeper than this is treated as invalid JSON rather than recursing further.
const MAX_DEPTH: u32 = 256;

/// Reads a JSON array that starts at byte 0 of `text` (which must start with `[`).
pub(crate) fn read_array(text: &str) -> JsonArray {
    let mut reader = Reader { bytes: text.as_bytes(), text, pos: 0 };
    if reader.peek() != Some(b'[') {
        return JsonArray::Invalid;
    }
    reader.pos += 1;
    let mut elements = Vec::new();
    let mut all_strings = true;
    reader.skip_ws();
    if reader.peek() == Some(b']') {
        return JsonArray::Strings { end: reader.pos + 1, elements };
    }
    loop {
        reader.skip_ws();
        let start = reader.pos;
        if reader.peek() == Some(b'"') {
            let Some(value) = reader.string() else { return JsonArray::Invalid };
            elements.push((start, reader.pos, value));
        } else {
            if !reader.value(1) {
                return JsonArray::Invalid;
            }
            all_strings = false;
        }
        reader.skip_ws();
        match reader.peek() {
            Some(b',') => reader.pos += 1,
            Some(b']') => {
                reader.pos += 1;
                break;
            }
            _ => return JsonArray::Invalid,
        }
    }
    if all_strings { JsonArray::Strings { end: reader.pos, elements } } else { JsonArray::NotStrings }
}

struct Reader<'a> {
    bytes: &'a [u8],
    text: &'a str,
    pos: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    /// Skips any JSON value; false if it is not valid.
    fn value(&mut self, depth: u32) -> bool {
        if depth > MAX_DEPTH {
            return false;
        }
        self.skip_ws();
        match self.peek() {
            Some(b'"') => self.string().is_some(),
            Some(b'[') => {
                self.pos += 1;
                self.skip_ws();
                if self.peek() == Some(b']') {
                    self.pos += 1;
                    return true;
                }
                loop {
                    if !self.value(depth + 1) {
                        return false;
                    }
                    self.skip_ws();
                    match self.peek() {
                        Some(b',') => self.pos += 1,
                        Some(b']') => {
                            self.pos += 1;
                            return true;
                        }
                        _ => return false,
                    }
                }
            }
            Some(b'{') => {
                self.pos += 1;
                self.skip_ws();
                if self.peek() == Some(b'}') {
                    self.pos += 1;
                    return true;
                }
                loop {
                    self.skip_ws();
                    if self.peek() != Some(b'"') || self.string().is_none() {
                        return false;
                    }
                    self.skip_ws();
                    if self.peek() != Some(b':') {
                        return false;
                    }
                    self.pos += 1;
                    if !self.value(depth + 1) {
                        return false;
                    }
                    self.skip_ws();
                    match self.peek() {
                        Some(b',') => self.pos += 1,
                        Some(b'}') => {
                            self.pos += 1;
                            return true;
                        }
                        _ => return false,
                    }
                }
            }
            Some(b't') => self.literal("true"),
            Some(b'f') => self.literal("false"),
            Some(b'n') => self.literal("null"),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => false,
        }
    }

    fn literal(&mut self, word: &str) -> bool {
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            true
        } else {
            false
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> bool {
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return false,
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return false;
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return false;
            }
        }
        true
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.bytes.get(self.pos..self.pos + 4)?;
        let mut value = 0;
        for &d in digits {
            value = value * 16 + (d as char).to_digit(16)?;
        }
        self.pos += 4;
        Some(value)
    }

    /// Reads a string starting at the opening quote and decodes it.
    fn string(&mut self) -> Option<String> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            let start = self.pos;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            out.push_str(&self.text[start..self.pos]);
            match self.peek()? {
                b'"' => {
                    self.pos += 1;
                    return Some(out);
                }
                b'\\' => {
                    self.pos += 1;
                    let escaped = self.peek()?;
                    self.pos += 1;
                    match escaped {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let first = self.hex4()?;
                            out.push(self.surrogate_pair(first));
                        }
                        _ => return None,
                    }
                }
                _ => return None,
            }
        }
    }

    /// Combines a UTF-16 surrogate pair the way Go does: an unpaired surrogate
    /// becomes U+FFFD and the following escape is read on its own.
    fn surrogate_pair(&mut self, first: u32) -> char {
        if (0xD800..0xDC00).contains(&first) && self.bytes[self.pos..].starts_with(b"\\u") {
            let save = self.pos;
            self.pos += 2;
            if let Some(second) = self.hex4() {
                if (0xDC00..0xE000).contains(&second) {
                    let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                    return char::from_u32(code).unwrap_or('\u{FFFD}');
                }
            }
            self.pos = save;
        }
        char::from_u32(first).unwrap_or('\u{FFFD}')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(text: &str) -> Vec<String> {
        match read_array(text) {
            JsonArray::Strings { elements, .. } => elements.into_iter().map(|e| e.2).collect(),
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn decodes_escapes_like_go() {
        assert_eq!(
            strings(r#"["\" \\ \/ \b \f \n \r \t \u0000", "\u00e9\ud83d\ude00"]"#),
            vec!["\" \\ / \u{8} \u{c} \n \r \t \0".to_string(), "é😀".to_string()]
        );
        assert_eq!(strings(r#"["\ud800x"]"#), vec!["\u{FFFD}x".to_string()]);
    }

    #[test]
    fn classifies_arrays() {
        assert_eq!(read_array("[]"), JsonArray::Strings { end: 2, elements: vec![] });
        assert_eq!(read_array(r#"[ "echo", [ "nested" ] ]"#), JsonArray::NotStrings);
        assert_eq!(read_array("[1, true, null, {\"a\": -1.5e3}]"), JsonArray::NotStrings);
        assert_eq!(read_array("['single']"), JsonArray::Invalid);
        assert_eq!(read_array(r#"["unterminated""#), JsonArray::Invalid);
        assert_eq!(read_array(r#"["a",]"#), JsonArray::Invalid);
        assert_eq!(read_array("[\"tab\tinside\"]"), JsonArray::Invalid);
        // Go's decoder stops after the first value.
        assert!(matches!(read_array(r#"["a"] trailing"#), JsonArray::Strings { end: 5, .. }));
        assert_eq!(read_array(&"[".repeat(10_000)), JsonArray::Invalid);
    }
}
