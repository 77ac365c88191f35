//! Image references (`FROM <image>`), parsed and normalized the way Docker and BuildKit do it.
//!
//! The grammar is the one of the docker/distribution `reference` package (`reference.go`, `regexp.go`),
//! and normalization follows its `normalize.go` (`ParseNormalizedNamed`, `splitDockerDomain`):
//!
//! - `reference := name [ ":" tag ] [ "@" digest ]`;
//! - `name := [ domain "/" ] path-component { "/" path-component }`;
//! - the first component is a domain when it contains `.` or `:`, is `localhost`, or has an uppercase
//!   letter; `index.docker.io` becomes `docker.io`, and a one-component Docker Hub name gets `library/`;
//! - `path-component := [a-z0-9]+ { separator [a-z0-9]+ }` with `separator := "." | "_" | "__" | "-"+`;
//! - `tag := [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`;
//! - `digest := algorithm ":" hex`, with go-digest's check that a `sha256` digest is 64 lowercase hex digits;
//! - the full name (domain included) is at most 255 bytes.

use std::fmt;

/// Docker Hub, the registry of a reference without a domain.
pub const DOCKER_HUB: &str = "docker.io";

/// The longest repository name (domain included) that the grammar accepts (`NameTotalLengthMax`).
const NAME_TOTAL_LENGTH_MAX: usize = 255;

/// The longest tag: one leading character plus at most 127 more.
const TAG_LENGTH_MAX: usize = 128;

/// A parsed, normalized image reference.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ImageRef {
    /// The text as written in the Dockerfile (after ARG expansion by the caller).
    pub raw: String,
    /// The registry, normalized: `docker.io` when the reference names none.
    pub registry: String,
    /// The repository path, normalized: `library/python` for the official Docker Hub image `python`.
    pub repository: String,
    /// The tag, if one was written. A reference without tag and digest means `latest`.
    pub tag: Option<String>,
    /// The digest (`sha256:<hex>`), if one was written.
    pub digest: Option<String>,
}

/// What is wrong with a reference that does not parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RefErrorKind {
    /// The reference contains `$`: a variable the caller has not resolved. Not a syntax error.
    Unresolved,
    /// The reference, or its name, is empty.
    Empty,
    /// The repository name has an uppercase letter.
    Uppercase,
    /// The repository name is longer than 255 bytes.
    NameTooLong,
    /// The whole reference is a 64-digit hex string, which Docker reserves for image IDs.
    HexIdentifier,
    /// The domain (registry host and port) is malformed.
    InvalidDomain,
    /// A path component is empty or has characters or separators the grammar does not allow.
    InvalidName,
    /// The tag is empty, too long, or has a character outside `[A-Za-z0-9_.-]`.
    InvalidTag,
    /// The digest is empty, malformed, uses an unsupported algorithm, or has the wrong length.
    InvalidDigest,
}

/// A reference that could not be parsed, with a message in the words Docker uses.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RefError {
    /// The kind of problem, for callers that branch on it.
    pub kind: RefErrorKind,
    /// A message fit for a diagnostic, e.g.
    /// `invalid reference format: repository name (library/Python) must be lowercase`.
    pub message: String,
}

impl RefError {
    fn new(kind: RefErrorKind, message: impl Into<String>) -> Self {
        Self { kind, message: message.into() }
    }

    /// True when the reference was not parsed because it still contains a variable.
    pub fn is_unresolved(&self) -> bool {
        self.kind == RefErrorKind::Unresolved
    }
}

impl fmt::Display for RefError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for RefError {}

impl fmt::Display for ImageRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

impl ImageRef {
    /// Parses and normalizes `text`.
    ///
    /// Leading and trailing whitespace is not trimmed: the caller passes the exact image word.
    pub fn parse(text: &str) -> Result<ImageRef, RefError> {
        if text.contains('$') {
            return Err(RefError::new(
                RefErrorKind::Unresolved,
                "the image reference contains a variable that is not resolved",
            ));
        }
        if text.is_empty() {
            return Err(invalid(RefErrorKind::Empty, "repository name must have at least one component"));
        }
        // distribution `ParseNormalizedNamed`: a bare 64-digit hex string is an image ID, not a name.
        if text.len() == 64 && text.bytes().all(is_lower_hex) {
            return Err(RefError::new(
                RefErrorKind::HexIdentifier,
                format!("invalid repository name ({text}), cannot specify 64-byte hexadecimal strings"),
            ));
        }

        let (name_and_tag, digest) = match text.split_once('@') {
            Some((before, after)) => (before, Some(after)),
            None => (text, None),
        };
        if let Some(digest) = digest {
            check_digest(digest)?;
        }

        // The tag separator is the last `:` after the last `/`; an earlier `:` belongs to a port.
        let last_slash = name_and_tag.rfind('/').map_or(0, |i| i + 1);
        let (name, tag) = match name_and_tag[last_slash..].rfind(':') {
            Some(i) => (&name_and_tag[..last_slash + i], Some(&name_and_tag[last_slash + i + 1..])),
            None => (name_and_tag, None),
        };
        if let Some(tag) = tag {
            check_tag(tag)?;
        }
        if name.is_empty() {
            return Err(invalid(RefErrorKind::Empty, "repository name must have at least one component"));
        }

        let (registry, remainder) = split_domain(name);
        if let Some(domain) = registry {
            check_domain(domain)?;
        }
        let registry = match registry {
            None | Some("index.docker.io") => DOCKER_HUB,
            Some(domain) => domain,
        };
        let repository = if registry == DOCKER_HUB && !remainder.contains('/') {
            format!("library/{remainder}")
        } else {
            remainder.to_owned()
        };

        if repository.bytes().any(|b| b.is_ascii_uppercase()) {
            return Err(RefError::new(
                RefErrorKind::Uppercase,
                format!("invalid reference format: repository name ({repository}) must be lowercase"),
            ));
        }
        check_path(&repository)?;
        if registry.len() + 1 + repository.len() > NAME_TOTAL_LENGTH_MAX {
            return Err(invalid(RefErrorKind::NameTooLong, "repository name must not be more than 255 characters"));
        }

        Ok(ImageRef {
            raw: text.to_owned(),
            registry: registry.to_owned(),
            repository,
            tag: tag.map(str::to_owned),
            digest: digest.map(str::to_owned),
        })
    }

    /// True for `scratch`, BuildKit's name for the empty image. Only the exact word counts:
    /// `scratch:latest` or `docker.io/library/scratch` are pulled like any image (and fail).
    pub fn is_scratch(&self) -> bool {
        self.raw == "scratch"
    }

    /// True when the image lives on Docker Hub.
    pub fn is_docker_hub(&self) -> bool {
        self.registry == DOCKER_HUB
    }

    /// The name of an official Docker Hub image (`python` for `python:3.12` or
    /// `docker.io/library/python`), or `None` for any other image.
    pub fn official_name(&self) -> Option<&str> {
        if !self.is_docker_hub() {
            return None;
        }
        self.repository.strip_prefix("library/").filter(|rest| !rest.contains('/'))
    }

    /// The short name Docker shows: `python`, `bitnami/redis`, `gcr.io/distroless/python3-debian12`.
    pub fn familiar_name(&self) -> String {
        if let Some(name) = self.official_name() {
            name.to_owned()
        } else if self.is_docker_hub() {
            self.repository.clone()
        } else {
            self.full_name()
        }
    }

    /// The fully qualified name without tag or digest: `docker.io/library/python`.
    pub fn full_name(&self) -> String {
        let mut name = String::with_capacity(self.registry.len() + 1 + self.repository.len());
        name.push_str(&self.registry);
        name.push('/');
        name.push_str(&self.repository);
        name
    }

    /// The last path component: `python3-debian12` for `gcr.io/distroless/python3-debian12`.
    pub fn basename(&self) -> &str {
        self.repository.rsplit('/').next().unwrap_or(&self.repository)
    }

    /// The tag that is pulled: the written tag, or `latest` when neither tag nor digest is written.
    /// `None` when only a digest is written (the digest alone selects the image).
    pub fn effective_tag(&self) -> Option<&str> {
        match (&self.tag, &self.digest) {
            (Some(tag), _) => Some(tag),
            (None, None) => Some("latest"),
            (None, Some(_)) => None,
        }
    }

    /// True when the reference carries a digest.
    pub fn is_digest_pinned(&self) -> bool {
        self.digest.is_some()
    }
}

/// An "invalid reference format" error with a detail.
fn invalid(kind: RefErrorKind, detail: &str) -> RefError {
    RefError::new(kind, format!("invalid reference format: {detail}"))
}

fn is_lower_hex(b: u8) -> bool {
    b.is_ascii_digit() || (b'a'..=b'f').contains(&b)
}

/// Splits off the domain like distribution's `splitDockerDomain`.
fn split_domain(name: &str) -> (Option<&str>, &str) {
    let Some((first, rest)) = name.split_once('/') else {
        return (None, name);
    };
    let looks_like_domain = first == "localhost"
        || first.contains('.')
        || first.contains(':')
        || first.bytes().any(|b| b.is_ascii_uppercase());
    if looks_like_domain { (Some(first), rest) } else { (None, name) }
}

/// `domain := host [ ":" port ]`, `host := domain-name | IPv4 | "[" IPv6 "]"`.
fn check_domain(domain: &str) -> Result<(), RefError> {
    let bad = || invalid(RefErrorKind::InvalidDomain, &format!("invalid registry host `{domain}`"));
    let (host, port) = if let Some(rest) = domain.strip_prefix('[') {
        // Bracketed IPv6 literal, optionally followed by `:port`.
        let Some(end) = rest.find(']') else { return Err(bad()) };
        let (addr, after) = (&rest[..end], &rest[end + 1..]);
        if addr.is_empty() || !addr.bytes().all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.') {
            return Err(bad());
        }
        match after.strip_prefix(':') {
            Some(port) => ("", Some(port)),
            None if after.is_empty() => ("", None),
            None => return Err(bad()),
        }
    } else {
        match domain.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (domain, None),
        }
    };
    if let Some(port) = port {
        if port.is_empty() || !port.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
    }
    if domain.starts_with('[') {
        return Ok(());
    }
    // domain-component := [A-Za-z0-9] | [A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9], joined by ".".
    let component_ok = |c: &str| {
        let bytes = c.as_bytes();
        !bytes.is_empty()
            && bytes[0].is_ascii_alphanumeric()
            && bytes[bytes.len() - 1].is_ascii_alphanumeric()
            && bytes.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-')
    };
    if host.split('.').all(component_ok) { Ok(()) } else { Err(bad()) }
}

/// Every `/`-separated component must match `[a-z0-9]+ (separator [a-z0-9]+)*`.
fn check_path(path: &str) -> Result<(), RefError> {
    for component in path.split('/') {
        if !path_component_ok(component) {
            let detail = if component.is_empty() {
                "repository name has an empty path component".to_owned()
            } else {
                format!(
                    "repository name component `{component}` must be lowercase letters and digits \
                     separated by `.`, `_`, `__` or `-`"
                )
            };
            return Err(invalid(RefErrorKind::InvalidName, &detail));
        }
    }
    Ok(())
}

fn path_component_ok(component: &str) -> bool {
    let bytes = component.as_bytes();
    let alnum = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else { return false };
    if !alnum(first) || !alnum(last) {
        return false;
    }
    let mut i = 0;
    while i < bytes.len() {
        if alnum(bytes[i]) {
            i += 1;
            continue;
        }
        // A separator run: ".", "_", "__" or one or more "-", always followed by alphanumerics.
        let start = i;
        match bytes[i] {
            b'.' => i += 1,
            b'_' => i += if bytes.get(i + 1) == Some(&b'_') { 2 } else { 1 },
            b'-' => {
                while bytes.get(i) == Some(&b'-') {
                    i += 1;
                }
            }
            _ => return false,
        }
        if i == start || !bytes.get(i).copied().is_some_and(alnum) {
            return false;
        }
    }
    true
}

fn check_tag(tag: &str) -> Result<(), RefError> {
    if tag.is_empty() {
        return Err(invalid(RefErrorKind::InvalidTag, "the tag after `:` is empty"));
    }
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let bytes = tag.as_bytes();
    if tag.len() > TAG_LENGTH_MAX {
        return Err(invalid(RefErrorKind::InvalidTag, "the tag is longer than 128 characters"));
    }
    if !word(bytes[0]) || !bytes.iter().all(|&b| word(b) || b == b'.' || b == b'-') {
        return Err(invalid(
            RefErrorKind::InvalidTag,
            &format!("tag `{tag}` must start with a letter, digit or `_` and contain only those, `.` and `-`"),
        ));
    }
    Ok(())
}

/// `digest := algorithm ":" hex`; go-digest then accepts only the algorithms it knows, each with a
/// fixed number of lowercase hex digits.
fn check_digest(digest: &str) -> Result<(), RefError> {
    let bad = |detail: String| Err(invalid(RefErrorKind::InvalidDigest, &detail));
    let Some((algorithm, hex)) = digest.split_once(':') else {
        return bad(format!("digest `{digest}` must have the form `sha256:<64 hex digits>`"));
    };
    let expected = match algorithm {
        "sha256" => 64,
        "sha384" => 96,
        "sha512" => 128,
        "" => return bad("the digest after `@` has no algorithm".to_owned()),
        other => return bad(format!("unsupported digest algorithm `{other}`")),
    };
    if hex.len() != expected || !hex.bytes().all(is_lower_hex) {
        return bad(format!("a {algorithm} digest must be {expected} lowercase hex digits"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHA: &str = "sha256:7cc4b5aefd1d0cadf8d97d4350462ba51c694ebca145b08d7d41b41acc8db5aa";

    fn ok(text: &str) -> ImageRef {
        ImageRef::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    fn err(text: &str) -> RefError {
        ImageRef::parse(text).expect_err(text)
    }

    #[test]
    fn official_image_is_normalized() {
        let r = ok("python:3.12-slim");
        assert_eq!(r.registry, "docker.io");
        assert_eq!(r.repository, "library/python");
        assert_eq!(r.tag.as_deref(), Some("3.12-slim"));
        assert_eq!(r.digest, None);
        assert_eq!(r.familiar_name(), "python");
        assert_eq!(r.official_name(), Some("python"));
        assert_eq!(r.full_name(), "docker.io/library/python");
    }

    #[test]
    fn explicit_docker_hub_prefixes() {
        for text in ["docker.io/library/python:3.12", "index.docker.io/library/python:3.12", "docker.io/python:3.12"] {
            let r = ok(text);
            assert_eq!((r.registry.as_str(), r.repository.as_str()), ("docker.io", "library/python"), "{text}");
            assert_eq!(r.familiar_name(), "python");
        }
        let r = ok("bitnami/redis");
        assert_eq!(r.repository, "bitnami/redis");
        assert_eq!(r.familiar_name(), "bitnami/redis");
        assert_eq!(r.official_name(), None);
    }

    #[test]
    fn other_registries() {
        let r = ok("gcr.io/distroless/python3-debian12:nonroot");
        assert_eq!(r.registry, "gcr.io");
        assert_eq!(r.repository, "distroless/python3-debian12");
        assert_eq!(r.familiar_name(), "gcr.io/distroless/python3-debian12");
        assert_eq!(r.basename(), "python3-debian12");

        let r = ok("localhost:5000/team/app:1.0");
        assert_eq!((r.registry.as_str(), r.repository.as_str()), ("localhost:5000", "team/app"));
        assert_eq!(r.tag.as_deref(), Some("1.0"));

        let r = ok("localhost/app");
        assert_eq!(r.registry, "localhost");

        let r = ok("[::1]:5000/app");
        assert_eq!(r.registry, "[::1]:5000");
    }

    #[test]
    fn a_port_without_path_is_a_tag() {
        // Docker reads `localhost:5000` as the image `localhost` with tag `5000`.
        let r = ok("localhost:5000");
        assert_eq!(r.repository, "library/localhost");
        assert_eq!(r.tag.as_deref(), Some("5000"));
    }

    #[test]
    fn tag_and_digest() {
        let r = ok(&format!("python:3.12@{SHA}"));
        assert_eq!(r.tag.as_deref(), Some("3.12"));
        assert_eq!(r.digest.as_deref(), Some(SHA));
        assert!(r.is_digest_pinned());

        let r = ok(&format!("gcr.io/distroless/static@{SHA}"));
        assert_eq!(r.tag, None);
        assert_eq!(r.effective_tag(), None);
        assert_eq!(ok("ubuntu").effective_tag(), Some("latest"));
    }

    #[test]
    fn separators_in_path_components() {
        for text in ["a/b.c", "a/b_c", "a/b__c", "a/b---c", "a0/1b"] {
            ok(text);
        }
        for text in ["a/b..c", "a/b___c", "a/-b", "a/b-", "a/b.", "a//b", "a/b_.c"] {
            assert_eq!(err(text).kind, RefErrorKind::InvalidName, "{text}");
        }
    }

    #[test]
    fn uppercase_repository_is_reported_like_docker() {
        let e = err("Python:3.12");
        assert_eq!(e.kind, RefErrorKind::Uppercase);
        assert_eq!(e.message, "invalid reference format: repository name (library/Python) must be lowercase");
        assert_eq!(err("gcr.io/distroless/Python3").kind, RefErrorKind::Uppercase);
        // An uppercase first component is read as a domain, so the rest must still be lowercase.
        assert_eq!(ok("Registry.Example/app").registry, "Registry.Example");
        // Uppercase letters are fine in a tag.
        assert_eq!(ok("python:3.12-SLIM").tag.as_deref(), Some("3.12-SLIM"));
    }

    #[test]
    fn invalid_tags() {
        assert_eq!(err("python:").kind, RefErrorKind::InvalidTag);
        assert_eq!(err("python:-x").kind, RefErrorKind::InvalidTag);
        assert_eq!(err("python:a+b").kind, RefErrorKind::InvalidTag);
        assert_eq!(err(&format!("python:{}", "a".repeat(129))).kind, RefErrorKind::InvalidTag);
        ok(&format!("python:{}", "a".repeat(128)));
    }

    #[test]
    fn invalid_digests() {
        assert_eq!(err("python@").kind, RefErrorKind::InvalidDigest);
        assert_eq!(err("python@sha256:abc").kind, RefErrorKind::InvalidDigest);
        assert_eq!(err("python@md5:0123456789abcdef0123456789abcdef").kind, RefErrorKind::InvalidDigest);
        let upper = SHA.to_uppercase().replace("SHA256", "sha256");
        assert_eq!(err(&format!("python@{upper}")).kind, RefErrorKind::InvalidDigest);
        assert!(err("python@sha1:abc").message.starts_with("invalid reference format"));
    }

    #[test]
    fn other_errors() {
        assert_eq!(err("").kind, RefErrorKind::Empty);
        assert_eq!(err(":tag").kind, RefErrorKind::Empty);
        assert_eq!(err("a b").kind, RefErrorKind::InvalidName);
        assert_eq!(err("exa_mple.com/app").kind, RefErrorKind::InvalidDomain);
        assert_eq!(err("example.com:port/app").kind, RefErrorKind::InvalidDomain);
        assert_eq!(err(&"a".repeat(300)).kind, RefErrorKind::NameTooLong);
        let hex = "a".repeat(64);
        assert_eq!(err(&hex).kind, RefErrorKind::HexIdentifier);
    }

    #[test]
    fn variables_are_not_parsed() {
        let e = err("python:${PY_VERSION}-slim");
        assert!(e.is_unresolved());
        assert!(err("$BASE").is_unresolved());
    }

    #[test]
    fn scratch_is_special() {
        let r = ok("scratch");
        assert!(r.is_scratch());
        assert!(!ok("scratch:latest").is_scratch());
        assert!(!ok("docker.io/library/scratch").is_scratch());
    }
}
