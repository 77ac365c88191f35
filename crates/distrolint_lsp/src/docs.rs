//! Short documentation of every instruction and its flags, for hover and completion, and the
//! snippet each instruction completes to.

use std::fmt::Write as _;

use distrolint_linter::syntax::Keyword;

/// What hover and completion say about an instruction.
pub(crate) struct InstructionDoc {
    /// The keyword.
    pub(crate) keyword: Keyword,
    /// The forms the instruction takes.
    pub(crate) syntax: &'static str,
    /// What it does, in Markdown.
    pub(crate) summary: &'static str,
    /// Its flags.
    pub(crate) flags: &'static [FlagDoc],
    /// The completion snippet after the keyword (LSP snippet syntax).
    pub(crate) snippet: &'static str,
    /// Whether the instruction is deprecated.
    pub(crate) deprecated: bool,
}

/// What hover and completion say about a flag.
pub(crate) struct FlagDoc {
    /// The name, without `--`.
    pub(crate) name: &'static str,
    /// The value it takes, for the signature line; empty for a boolean flag.
    pub(crate) value: &'static str,
    /// What it does.
    pub(crate) doc: &'static str,
}

impl InstructionDoc {
    /// The hover text.
    pub(crate) fn markdown(&self) -> String {
        let mut out = format!("```dockerfile\n{}\n```\n\n{}", self.syntax, self.summary);
        if !self.flags.is_empty() {
            out.push_str("\n\nFlags:\n");
            for flag in self.flags {
                let _ = writeln!(out, "- `{}`: {}", flag.signature(), flag.doc);
            }
        }
        out
    }

    /// The flag named `name`.
    pub(crate) fn flag(&self, name: &str) -> Option<&'static FlagDoc> {
        self.flags.iter().find(|f| f.name == name)
    }
}

impl FlagDoc {
    /// `--name=<value>` or `--name`.
    pub(crate) fn signature(&self) -> String {
        if self.value.is_empty() { format!("--{}", self.name) } else { format!("--{}={}", self.name, self.value) }
    }
}

/// The documentation of a known keyword.
pub(crate) fn instruction(keyword: Keyword) -> Option<&'static InstructionDoc> {
    INSTRUCTIONS.iter().find(|d| d.keyword == keyword)
}

const CHOWN: FlagDoc = FlagDoc {
    name: "chown",
    value: "<user>[:<group>]",
    doc: "owner of the copied files, by name or numeric id (names are looked up in the image's \
          `/etc/passwd` and `/etc/group`). Without it, files belong to root.",
};
const CHMOD: FlagDoc = FlagDoc {
    name: "chmod",
    value: "<mode>",
    doc: "permissions of the copied files, as an octal mode (`755`) or a symbolic one (`u+x`).",
};
const LINK: FlagDoc = FlagDoc {
    name: "link",
    value: "",
    doc: "copy into an independent layer that does not depend on the files below it, so the \
          layer can be reused when earlier layers change.",
};
const EXCLUDE: FlagDoc = FlagDoc {
    name: "exclude",
    value: "<pattern>",
    doc: "leave out source paths matching the pattern; may be repeated.",
};

/// Every instruction, alphabetically.
pub(crate) static INSTRUCTIONS: [InstructionDoc; 18] = [
    InstructionDoc {
        keyword: Keyword::Add,
        syntax: "ADD [--chown=<user>] [--chmod=<mode>] [--link] [--checksum=<hash>] <src>... <dest>\nADD [flags] [\"<src>\", ... \"<dest>\"]",
        summary: "Adds files to the image from the build context, a URL or a Git repository. Local \
                  tar archives are unpacked into `<dest>`. Prefer `COPY` for plain files: `ADD` does more \
                  than it says.",
        flags: &[
            CHOWN,
            CHMOD,
            LINK,
            FlagDoc {
                name: "checksum",
                value: "<hash>",
                doc: "verify a remote source against this digest (`sha256:...`), or pin a Git source to a commit.",
            },
            FlagDoc {
                name: "keep-git-dir",
                value: "",
                doc: "keep the `.git` directory when the source is a Git repository.",
            },
            FlagDoc {
                name: "unpack",
                value: "<bool>",
                doc: "whether archives are extracted; by default local archives are and remote ones are not.",
            },
            EXCLUDE,
        ],
        snippet: "${1:src} ${2:dest}",
        deprecated: false,
    },
    InstructionDoc {
        keyword: Keyword::Arg,
        syntax: "ARG <name>[=<default>] ...",
        summary: "Declares a build argument, set with `docker build --build-arg <name>=<value>`. Before the \
                  first `FROM` it is global and usable only in `FROM` lines; a stage sees a global argument \
                  only after declaring it again with `ARG <name>`. Values are not kept in the image's \
                  environment, but they do show in its history, so never pass secrets this way.",
        flags: &[],
        snippet: "${1:NAME}=${2:value}",
        deprecated: false,
    },
    InstructionDoc {
        keyword: Keyword::Cmd,
        syntax: "CMD [\"executable\", \"arg\", ...]\nCMD [\"arg\", ...]   (arguments for ENTRYPOINT)\nCMD command arg ...",
        summary: "The default command of a container, or the default arguments of the `ENTRYPOINT`. Only the \
                  last `CMD` counts. The shell form runs under `/bin/sh -c`, which images without a shell do \
                  not have, and which keeps signals from reaching the process.",
        flags: &[],
        snippet: "[\"${1:executable}\"${2}]",
        deprecated: false,
    },
    InstructionDoc {
        keyword: Keyword::Copy,
        syntax: "COPY [--from=<stage|image>] [--chown=<user>] [--chmod=<mode>] [--link] <src>... <dest>\nCOPY [flags] [\"<src>\", ... \"<dest>\"]",
        summary: "Copies files from the build context, or from another stage or image with `--from`, into the \
                  image. With several sources, `<dest>` must end with `/`. A relative `<dest>` is relative to \
                  `WORKDIR`.",
        flags: &[
            FlagDoc {
                name: "from",
                value: "<stage|image|index>",
                doc: "copy from an earlier build stage (by name or index) or from an image instead of the build context.",
            },
            CHOWN,
            CHMOD,
            LINK,
            FlagDoc { name: "parents", value: "", doc: "keep the parent directories of each source below `<dest>`." },
            EXCLUDE,
        ],
        snippet: "${1:src} ${2:dest}",
        deprecated: false,
    },
    InstructionDoc {
        keyword: Keyword::Entrypoint,
        syntax: "ENTRYPOINT [\"executable\", \"arg\", ...]\nENTRYPOINT command arg ...",
        summary: "The program a container runs; `CMD` supplies its default arguments. Setting `ENTRYPOINT` \
                  resets an inherited `CMD`. `ENTRYPOINT []` clears the base image's entrypoint. The shell \
                  form ignores `CMD` and runs under `/bin/sh -c`.",
        flags: &[],
        snippet: "[\"${1:executable}\"${2}]",
        deprecated: false,
    },
    InstructionDoc {
        keyword: Keyword::Env,
        syntax: "ENV <key>=<value> ...",
        summary: "Sets environment variables for the following instructions and for containers started from \
                  the image. They are inherited by stages built `FROM` this one. The legacy form \
                  `ENV <key> <value>` sets a single variable.",
        flags: &[],
        snippet: "${1:NAME}=${2:value}",
        deprecated: false,
    },
    InstructionDoc {
        keyword: Keyword::Expose,
        syntax: "EXPOSE <port>[/<tcp|udp>] ...",
        summary: "Documents the ports the container listens on. It publishes nothing: `docker run -p` does \
                  that.",
        flags: &[],
        snippet: "${1:8080}",
        deprecated: false,
    },
    InstructionDoc {
        keyword: Keyword::From,
        syntax: "FROM [--platform=<platform>] <image>[:<tag>|@<digest>] [AS <name>]",
        summary: "Starts a build stage on a base image, on `scratch` (an empty image), or on an earlier stage \
                  by name. `AS <name>` names the stage for `COPY --from` and later `FROM` lines. Global `ARG`s \
                  can be used in the image reference.",
        flags: &[FlagDoc {
            name: "platform",
            value: "<os/arch[/variant]>",
            doc: "the platform of the base image, such as `linux/amd64` or `$BUILDPLATFORM`; by default the target platform.",
        }],
        snippet: "${1:image}:${2:tag}",
        deprecated: false,
    },
    InstructionDoc {
        keyword: Keyword::Healthcheck,
        syntax: "HEALTHCHECK [flags] CMD <command>\nHEALTHCHECK NONE",
        summary: "How to tell whether a running container still works: the command runs inside the container \
                  and exit code 0 means healthy. `NONE` turns off a check inherited from the base image. Only \
                  the last `HEALTHCHECK` counts.",
        flags: &[
            FlagDoc {
                name: "interval",
                value: "<duration>",
                doc: "time between checks, a duration with a unit such as `30s` or `1m30s` (default `30s`).",
            },
            FlagDoc { name: "timeout", value: "<duration>", doc: "how long one check may take (default `30s`)." },
            FlagDoc {
                name: "start-period",
                value: "<duration>",
                doc: "grace period after start during which failures do not count (default `0s`).",
            },
            FlagDoc {
                name: "start-interval",
                value: "<duration>",
                doc: "time between checks during the start period (default `5s`).",
            },
            FlagDoc {
                name: "retries",
                value: "<n>",
                doc: "consecutive failures before the container is unhealthy (default 3).",
            },
        ],
        snippet: "--interval=${1:30s} CMD ${2:command}",
        deprecated: false,
    },
    InstructionDoc {
        keyword: Keyword::Label,
        syntax: "LABEL <key>=<value> ...",
        summary: "Adds metadata to the image, such as the `org.opencontainers.image.*` annotations. Labels \
                  of the base image are inherited.",
        flags: &[],
        snippet: "${1:key}=\"${2:value}\"",
        deprecated: false,
    },
    InstructionDoc {
        keyword: Keyword::Maintainer,
        syntax: "MAINTAINER <name>",
        summary: "Deprecated: sets the image's author field. Use \
                  `LABEL org.opencontainers.image.authors=\"...\"` instead.",
        flags: &[],
        snippet: "${1:name}",
        deprecated: true,
    },
    InstructionDoc {
        keyword: Keyword::Onbuild,
        syntax: "ONBUILD <instruction>",
        summary: "Stores an instruction that runs later, when another build uses this image as its base. \
                  `ONBUILD` cannot hold `ONBUILD`, `FROM` or `MAINTAINER`.",
        flags: &[],
        snippet: "${1:instruction}",
        deprecated: false,
    },
    InstructionDoc {
        keyword: Keyword::Run,
        syntax: "RUN [--mount=<mount>] [--network=<mode>] [--security=<mode>] <command>\nRUN [flags] [\"executable\", \"arg\", ...]\nRUN [flags] <<EOF ... EOF",
        summary: "Runs a command at build time and commits the result as a new layer. The shell form runs \
                  under the stage's `SHELL` (`/bin/sh -c` by default), so it fails in images without a shell; \
                  the exec form runs the program directly. Heredocs pass a multi-line script.",
        flags: &[
            FlagDoc {
                name: "mount",
                value: "type=<bind|cache|tmpfs|secret|ssh>[,<option>...]",
                doc: "mount something for this command only: files from another stage (`type=bind,from=...`), a \
                      cache kept between builds, a secret, or the SSH agent. May be repeated.",
            },
            FlagDoc {
                name: "network",
                value: "<default|none|host>",
                doc: "the network the command runs in; `none` forbids network access.",
            },
            FlagDoc {
                name: "security",
                value: "<sandbox|insecure>",
                doc: "`insecure` runs the command with extra privileges (needs the `security.insecure` entitlement).",
            },
            FlagDoc { name: "device", value: "<name>", doc: "expose a CDI device to the command (experimental)." },
        ],
        snippet: "${1:command}",
        deprecated: false,
    },
    InstructionDoc {
        keyword: Keyword::Shell,
        syntax: "SHELL [\"executable\", \"arg\", ...]",
        summary: "The shell that runs the shell form of later `RUN`, `CMD` and `ENTRYPOINT` instructions, for \
                  example `[\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]`. Must be in exec form.",
        flags: &[],
        snippet: "[\"${1:/bin/sh}\", \"${2:-c}\"]",
        deprecated: false,
    },
    InstructionDoc {
        keyword: Keyword::Stopsignal,
        syntax: "STOPSIGNAL <signal>",
        summary: "The signal sent to stop the container, by name (`SIGTERM`) or number (`15`).",
        flags: &[],
        snippet: "${1:SIGTERM}",
        deprecated: false,
    },
    InstructionDoc {
        keyword: Keyword::User,
        syntax: "USER <user>[:<group>]",
        summary: "The user (and group) that later `RUN` instructions and the container run as. A numeric id \
                  needs no `/etc/passwd` entry; a name must exist in the image.",
        flags: &[],
        snippet: "${1:65532}",
        deprecated: false,
    },
    InstructionDoc {
        keyword: Keyword::Volume,
        syntax: "VOLUME [\"/path\", ...]\nVOLUME /path ...",
        summary: "Declares mount points for external volumes. Changes a later `RUN` makes inside a declared \
                  volume are discarded.",
        flags: &[],
        snippet: "[\"${1:/data}\"]",
        deprecated: false,
    },
    InstructionDoc {
        keyword: Keyword::Workdir,
        syntax: "WORKDIR <path>",
        summary: "The working directory of later instructions and of the container; created if missing. A \
                  relative path is taken from the previous `WORKDIR`. Prefer it to `cd` in `RUN`.",
        flags: &[],
        snippet: "${1:/app}",
        deprecated: false,
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_keyword_has_docs() {
        for keyword in Keyword::ALL {
            let doc = instruction(keyword).unwrap_or_else(|| panic!("{keyword} has no docs"));
            assert!(doc.syntax.starts_with(keyword.as_str()), "{keyword}");
        }
        assert!(instruction(Keyword::Unknown).is_none());
        assert!(instruction(Keyword::Copy).unwrap().markdown().contains("`--from=<stage|image|index>`"));
    }
}
