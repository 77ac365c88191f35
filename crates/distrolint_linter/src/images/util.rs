//! Small string helpers: edit distance for "did you mean" suggestions, and `*`/`?` globs for config entries.

/// The Levenshtein distance between two ASCII-ish strings (bytewise).
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, &ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The candidate closest to `word` within `max` edits; ties go to the earlier candidate.
pub(crate) fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>, max: usize) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= max)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Matches `text` against a glob where `*` is any run of characters (also `/`) and `?` is one character.
pub(crate) fn glob_match(pattern: &str, text: &str) -> bool {
    let (p, t) = (pattern.as_bytes(), text.as_bytes());
    let (mut pi, mut ti) = (0, 0);
    // Position after the last `*` in the pattern, and the text position it was tried at.
    let mut backtrack: Option<(usize, usize)> = None;
    while ti < t.len() {
        match p.get(pi) {
            Some(b'*') => {
                backtrack = Some((pi + 1, ti));
                pi += 1;
            }
            Some(&c) if c == b'?' || c == t[ti] => {
                pi += 1;
                ti += 1;
            }
            _ => match backtrack {
                Some((bp, bt)) => {
                    pi = bp;
                    ti = bt + 1;
                    backtrack = Some((bp, bt + 1));
                }
                None => return false,
            },
        }
    }
    p[pi..].iter().all(|&c| c == b'*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("nonroot", "nonroot"), 0);
        assert_eq!(edit_distance("nonrot", "nonroot"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(nearest("lastest", ["latest", "nonroot"], 2), Some("latest"));
        assert_eq!(nearest("xyz", ["latest"], 2), None);
    }

    #[test]
    fn globs() {
        assert!(glob_match("gcr.io/distroless/*", "gcr.io/distroless/python3-debian12"));
        assert!(glob_match("*-dev", "latest-dev"));
        assert!(!glob_match("*-dev", "latest"));
        assert!(glob_match("python?", "python3"));
        assert!(glob_match("*", ""));
        assert!(glob_match("a*b*c", "aXbYbZc"));
        assert!(!glob_match("a*b*c", "aXbYbZ"));
    }
}
