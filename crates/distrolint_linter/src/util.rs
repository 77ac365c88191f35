//! Small helpers shared by rules.

/// FNV-1a: a fast hash for the small maps of one lint (stage names, image references), whose keys
/// come from the file being linted; SipHash's resistance to chosen keys buys nothing there.
#[derive(Clone, Copy, Debug)]
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// A `HashMap` hashed with [`Fnv`].
pub type FnvMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<Fnv>>;

/// Levenshtein distance between two strings, counted in characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(previous + 1).min(row[j] + 1);
        }
    }
    row[b.len()]
}

/// The candidate closest to `word` within `max` edits (ties: the first), ignoring ASCII case.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>, max: usize) -> Option<&'a str> {
    let word = word.to_ascii_lowercase();
    candidates
        .into_iter()
        .map(|c| (edit_distance(&word, &c.to_ascii_lowercase()), c))
        .filter(|(d, _)| *d <= max)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// The part of a path after its last `/` (all of it when there is none). A byte loop: paths
/// are short, and `rsplit` sets up a searcher for each call.
pub fn basename(path: &str) -> &str {
    match path.as_bytes().iter().rposition(|&b| b == b'/') {
        Some(slash) => &path[slash + 1..],
        None => path,
    }
}

/// `s.split(sep)` for an ASCII separator, scanning bytes: paths and `PATH` lists are short, and
/// `str::split` sets up a searcher for each piece.
pub fn split_byte(s: &str, sep: u8) -> SplitByte<'_> {
    debug_assert!(sep.is_ascii());
    SplitByte { rest: Some(s), sep }
}

/// The iterator of [`split_byte`].
#[derive(Clone, Debug)]
pub struct SplitByte<'a> {
    rest: Option<&'a str>,
    sep: u8,
}

impl<'a> Iterator for SplitByte<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.rest?;
        // Cutting at an ASCII byte leaves valid UTF-8 on both sides.
        match rest.as_bytes().iter().position(|&b| b == self.sep) {
            Some(at) => {
                self.rest = Some(&rest[at + 1..]);
                Some(&rest[..at])
            }
            None => {
                self.rest = None;
                Some(rest)
            }
        }
    }
}

/// The segments of `path` with `.` and empty ones left out and `..` applied, joined with `/`:
/// with a leading `/` when `absolute` (`/` for no segment), without one otherwise.
pub fn resolve_segments(path: &str, absolute: bool) -> String {
    let mut out = String::with_capacity(path.len() + 1);
    for segment in split_byte(path, b'/') {
        match segment {
            "" | "." => {}
            ".." => {
                let parent = out.rfind('/').unwrap_or(0);
                out.truncate(parent);
            }
            _ => {
                out.push('/');
                out.push_str(segment);
            }
        }
    }
    if absolute {
        if out.is_empty() {
            out.push('/');
        }
        out
    } else {
        if !out.is_empty() {
            out.remove(0);
        }
        out
    }
}

/// Whether a path is in normal form: no `.` or `..` segments, and no empty segment except
/// before a leading `/` (`/` itself is normal; `a//b` and `/a/` are not). One pass, no allocation.
pub fn is_normal_path(path: &str) -> bool {
    if path == "/" {
        return true;
    }
    let bytes = path.as_bytes();
    let mut start = 0;
    for end in 0..=bytes.len() {
        if end < bytes.len() && bytes[end] != b'/' {
            continue;
        }
        let segment = &bytes[start..end];
        if segment == b"." || segment == b".." || (segment.is_empty() && start > 0) {
            return false;
        }
        start = end + 1;
    }
    true
}

/// Matches `text` against a glob where `*` matches any run of characters (including `/`).
pub fn glob_match(pattern: &str, text: &str) -> bool {
    let (p, t) = (pattern.as_bytes(), text.as_bytes());
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == b'?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == b'*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == b'*' {
        pi += 1;
    }
    pi == p.len()
}

/// The UTC date `YYYY-MM-DD` of a Unix time in seconds (the faces pass the clock in; this crate
/// reads none). Howard Hinnant's days-to-civil algorithm.
pub fn civil_date(unix_seconds: i64) -> String {
    let days = unix_seconds.div_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("RUN", "RUN"), 0);
        assert_eq!(edit_distance("RNU", "RUN"), 2);
        assert_eq!(edit_distance("COPPY", "COPY"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(closest("ENTRYPONT", ["ENV", "ENTRYPOINT"], 2), Some("ENTRYPOINT"));
    }

    #[test]
    fn civil_dates() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(1_795_305_600), "2026-11-22");
        assert_eq!(civil_date(1_795_391_999), "2026-11-22");
        assert_eq!(civil_date(951_782_400), "2000-02-29");
    }

    #[test]
    fn splits_and_resolves_like_split_and_join() {
        for s in ["", "/", "a", "/a/b", "a//b/", ":x::y:", "/a/./b/../../..", "../a/./b/", "é/ü"] {
            assert_eq!(split_byte(s, b'/').collect::<Vec<_>>(), s.split('/').collect::<Vec<_>>(), "{s}");
            assert_eq!(split_byte(s, b':').collect::<Vec<_>>(), s.split(':').collect::<Vec<_>>(), "{s}");
        }
        assert_eq!(resolve_segments("/a/./b/../c/", true), "/a/c");
        assert_eq!(resolve_segments("/..", true), "/");
        assert_eq!(resolve_segments("a/b", true), "/a/b");
        assert_eq!(resolve_segments("./a//b/..", false), "a");
        assert_eq!(resolve_segments("..", false), "");
    }

    #[test]
    fn basenames() {
        assert_eq!(basename("/usr/bin/apt-get"), "apt-get");
        assert_eq!(basename("apt-get"), "apt-get");
        assert_eq!(basename("/usr/"), "");
        assert_eq!(basename(""), "");
    }

    #[test]
    fn normal_paths() {
        for normal in ["/", "", "/a", "/a/b", "a/b", "/a/..b/.c", "a"] {
            assert!(is_normal_path(normal), "{normal}");
        }
        for not in ["//", "/a/", "a/", "/a//b", "/a/./b", "/a/../b", "./a", "../a", "/a/.", "/a/..", ".", "..", "/."] {
            assert!(!is_normal_path(not), "{not}");
        }
    }

    #[test]
    fn globs() {
        assert!(glob_match("gcr.io/distroless/*", "gcr.io/distroless/python3-debian12"));
        assert!(glob_match("*-dev", "latest-dev"));
        assert!(!glob_match("*-dev", "latest"));
        assert!(glob_match("a*b*c", "aXbYc"));
        assert!(glob_match("*", ""));
    }
}
