//! The image names and tags the knowledge covers, for editors to offer after `FROM`.
//!
//! Built from the same tables the lookups use (distroless images, release tables), so it names
//! only images [`lookup`](super::lookup) knows something about. Tags are the common ones, not
//! every tag a registry publishes.

use super::distroless::{DISTROLESS_TAGS, DistrolessStatus, distroless_images};
use super::releases::{ALPINE, DEBIAN, NODE, PYTHON, UBUNTU};

/// An image name and the tags worth suggesting for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownImage {
    /// The name as written in `FROM`: `python`, `gcr.io/distroless/python3-debian13`.
    pub name: String,
    /// Suggested tags, newest first where there is an order.
    pub tags: Vec<String>,
}

/// Every image name the knowledge covers, with suggested tags. Dropped distroless images are
/// left out; so are Debian releases without a supported image variant today.
pub fn catalog() -> Vec<KnownImage> {
    let mut out = vec![KnownImage { name: "scratch".to_owned(), tags: Vec::new() }];
    let debian: Vec<&str> = DEBIAN.iter().rev().filter(|r| r.number >= 12).map(|r| r.codename).collect();
    for image in distroless_images().iter().filter(|i| i.status == DistrolessStatus::Current) {
        let tags = DISTROLESS_TAGS.iter().map(|t| (*t).to_owned()).collect();
        out.push(KnownImage { name: format!("gcr.io/distroless/{}", image.name()), tags });
    }
    let versioned = |versions: Vec<String>| -> Vec<String> {
        let mut tags = Vec::new();
        for version in versions {
            tags.push(version.clone());
            tags.push(format!("{version}-slim"));
            for codename in &debian {
                tags.push(format!("{version}-{codename}"));
                tags.push(format!("{version}-slim-{codename}"));
            }
            tags.push(format!("{version}-alpine"));
        }
        tags
    };
    let python = PYTHON.iter().rev().map(|(minor, _, _)| (*minor).to_owned()).collect();
    out.push(KnownImage { name: "python".to_owned(), tags: versioned(python) });
    let node = NODE.iter().rev().filter(|(major, _)| major % 2 == 0).map(|(major, _)| major.to_string()).collect();
    out.push(KnownImage { name: "node".to_owned(), tags: versioned(node) });
    out.push(KnownImage { name: "golang".to_owned(), tags: Vec::new() });
    let mut debian_tags = Vec::new();
    for release in DEBIAN.iter().rev().filter(|r| r.number >= 11) {
        debian_tags.extend([
            release.codename.to_owned(),
            format!("{}-slim", release.codename),
            release.number.to_string(),
        ]);
    }
    out.push(KnownImage { name: "debian".to_owned(), tags: debian_tags });
    let ubuntu = UBUNTU.iter().rev().flat_map(|r| [r.version.to_owned(), r.codename.to_owned()]).collect();
    out.push(KnownImage { name: "ubuntu".to_owned(), tags: ubuntu });
    let alpine = ALPINE.iter().rev().map(|(branch, _)| (*branch).to_owned()).collect();
    out.push(KnownImage { name: "alpine".to_owned(), tags: alpine });
    out.push(KnownImage { name: "busybox".to_owned(), tags: Vec::new() });
    for name in ["python", "node", "static", "wolfi-base"] {
        let tags = vec!["latest".to_owned(), "latest-dev".to_owned()];
        out.push(KnownImage { name: format!("cgr.dev/chainguard/{name}"), tags });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::images::{ImageRef, lookup};

    #[test]
    fn every_catalog_entry_is_known_to_the_lookup() {
        for image in catalog() {
            for tag in image.tags.iter().map(Some).chain(image.tags.is_empty().then_some(None)) {
                let text = tag.map_or_else(|| image.name.clone(), |t| format!("{}:{t}", image.name));
                let Ok(reference) = ImageRef::parse(&text) else { panic!("`{text}` does not parse") };
                if image.name == "golang" || image.name == "busybox" {
                    continue;
                }
                assert!(lookup(&reference).is_some(), "`{text}` is in the catalog but unknown to the lookup");
            }
        }
    }
}
