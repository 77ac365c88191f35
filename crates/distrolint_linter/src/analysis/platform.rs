//! Shared analyses for the rules about platform, ARG, parser directives, labels, ports and caches
//! (families X and L): `RUN --mount` options, the labels and ports of the final stage, the line a
//! stage-level insertion goes on, and line numbers for messages.

use distrolint_syntax::{Args, Dockerfile, Flag, Instruction, Keyword, TextRange, unquote};

use crate::model::{Model, VarKind};

/// One `--mount=` option of a `RUN`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mount<'a> {
    /// `type=`: `bind` when absent.
    pub kind: &'a str,
    /// `target=` (or `dst=`, `destination=`).
    pub target: Option<&'a str>,
    /// `from=` and, when the value maps byte for byte onto the file, its source range.
    pub from: Option<(&'a str, Option<TextRange>)>,
    /// The whole `--mount=...` flag.
    pub range: TextRange,
}

impl Mount<'_> {
    /// Whether this is a cache or tmpfs mount whose target contains `fragment` (hadolint's
    /// `hasCacheOrTmpfsMountWith`, RULES-PARITY shell model §5).
    pub fn caches(&self, fragment: &str) -> bool {
        matches!(self.kind, "cache" | "tmpfs") && self.target.is_some_and(|t| t.contains(fragment))
    }
}

/// The `--mount` options of a `RUN` (or `ONBUILD RUN`).
pub fn mounts<'a>(file: &Dockerfile, ins: &'a Instruction) -> Vec<Mount<'a>> {
    let ins = ins.onbuild().unwrap_or(ins);
    if ins.keyword != Keyword::Run {
        return Vec::new();
    }
    ins.flags.iter().filter(|f| f.name == "mount").filter_map(|flag| parse_mount(file, flag)).collect()
}

/// [`mounts`] of the instruction at `instruction`, parsed once per lint.
pub fn run_mounts<'m, 'a>(model: &'m Model<'a>, instruction: usize) -> &'m [Mount<'a>] {
    model
        .cache
        .mounts
        .get_or_init(model.instructions().len(), instruction, || mounts(model.file, &model.instructions()[instruction]))
}

fn parse_mount<'a>(file: &Dockerfile, flag: &'a Flag) -> Option<Mount<'a>> {
    let value = flag.value.as_ref()?;
    // The value's offsets map onto the file only when it is written without quotes or escapes.
    let mapped = file.slice(value.range) == value.text;
    let mut mount = Mount { kind: "bind", target: None, from: None, range: flag.range };
    let mut offset = 0usize;
    for part in value.text.split(',') {
        let start = offset;
        offset += part.len() + 1;
        let Some((key, val)) = part.split_once('=') else { continue };
        let val_start = start + key.len() + 1;
        // Keys ignore case; compared in place rather than lower-cased into a new string.
        let key = key.trim();
        let is = |name: &str| key.eq_ignore_ascii_case(name);
        if is("type") {
            mount.kind = val.trim();
        } else if is("target") || is("dst") || is("destination") {
            mount.target = Some(val.trim());
        } else if is("from") {
            let range =
                mapped.then(|| TextRange::from_usize(val_start, val_start + val.len()).shift(value.range.start()));
            mount.from = Some((val, range));
        }
    }
    Some(mount)
}

/// A label set in a stage chain.
#[derive(Clone, Debug)]
pub struct LabelDef {
    /// The key, unquoted.
    pub key: String,
    /// The value, unquoted and expanded, when known statically.
    pub value: Option<String>,
    /// The `LABEL` instruction.
    pub instruction: usize,
    /// The value's source range.
    pub value_range: TextRange,
}

/// The labels the image built from `stage` carries from this file: those of the stage and its
/// ancestors through `FROM <stage>`, the nearest (latest) definition first.
/// Computed once per stage and lint.
pub fn chain_labels<'m>(model: &'m Model<'_>, stage: usize) -> &'m [LabelDef] {
    model.cache.chain_labels.get_or_init(model.stages.len(), stage, || compute_chain_labels(model, stage))
}

/// The label policy of the settings a lint runs with (config labels merged with the profile's),
/// merged once per lint.
pub fn label_policy<'m>(model: &'m Model<'_>, settings: &crate::Settings) -> &'m crate::settings::LabelsConfig {
    model.cache.label_policy.get_or_init(|| settings.label_policy())
}

fn compute_chain_labels(model: &Model<'_>, stage: usize) -> Vec<LabelDef> {
    let escape = model.file.escape();
    let instructions = model.instructions();
    let mut out = Vec::new();
    for s in model.chain(stage) {
        for i in s.instructions().rev() {
            let ins = &instructions[i];
            if ins.keyword != Keyword::Label {
                continue;
            }
            for pair in ins.args.key_values().iter().rev() {
                out.push(LabelDef {
                    key: unquote(ins.text(&pair.key), escape).into_owned(),
                    value: model.word_value(i, &pair.value).map(std::borrow::Cow::into_owned),
                    instruction: i,
                    value_range: pair.value.range,
                });
            }
        }
    }
    out
}

/// The `ENV` values visible at the end of `stage` (its own and its ancestors'), the latest
/// definition of each name first, with the defining instruction and the name's range.
pub fn chain_env<'m>(model: &'m Model<'_>, stage: usize) -> Vec<(&'m str, Option<&'m str>, usize, TextRange)> {
    let mut out: Vec<(&'m str, Option<&'m str>, usize, TextRange)> = Vec::new();
    for s in model.chain(stage) {
        for def in model.vars(s.index).iter().rev().filter(|d| d.kind == VarKind::Env) {
            if !out.iter().any(|(name, ..)| *name == def.name) {
                out.push((&def.name, def.value.as_deref(), def.instruction, def.range));
            }
        }
    }
    out
}

/// The 1-based line of an offset, for messages ("line 12").
pub fn line_of(text: &str, offset: u32) -> usize {
    text[..offset as usize].matches('\n').count() + 1
}

/// The ports of an `EXPOSE` word: `8080`, `8080/tcp`, `8000-8002/udp`, `[ip:][host:]container`.
/// `None` when the word is not a port spec the linter can read.
pub fn expose_ports(spec: &str) -> Option<(u32, u32)> {
    let container = spec.rsplit(':').next()?;
    let port = container.split('/').next()?;
    let (low, high) = port.split_once('-').unwrap_or((port, port));
    let low: u32 = low.parse().ok()?;
    let high: u32 = high.parse().ok()?;
    (low <= high).then_some((low, high))
}

/// The exposed port ranges of a stage chain, or `None` when some `EXPOSE` word is not known
/// statically (a variable without a known value).
pub fn chain_exposed(model: &Model<'_>, stage: usize) -> Option<Vec<(u32, u32)>> {
    let instructions = model.instructions();
    let mut out = Vec::new();
    for s in model.chain(stage) {
        for i in s.instructions() {
            let ins = &instructions[i];
            if ins.keyword != Keyword::Expose {
                continue;
            }
            for word in ins.args.words() {
                let value = model.word_value(i, word).filter(|v| !v.trim().is_empty())?;
                for spec in value.split_whitespace() {
                    out.push(expose_ports(spec)?);
                }
            }
        }
    }
    Some(out)
}

/// The `EXPOSE` instructions of a stage chain.
pub fn chain_expose_instructions(model: &Model<'_>, stage: usize) -> Vec<usize> {
    let instructions = model.instructions();
    let mut out: Vec<usize> = model
        .chain(stage)
        .flat_map(crate::model::Stage::instructions)
        .filter(|&i| instructions[i].keyword == Keyword::Expose)
        .collect();
    out.sort_unstable();
    out
}

/// The argv (exec form) or words (shell form, split on whitespace) of a command instruction.
pub fn command_words(ins: &Instruction) -> Vec<String> {
    let args = match &ins.args {
        Args::Healthcheck(h) => &*h.cmd,
        other => other,
    };
    match args {
        Args::Exec(exec) => exec.argv().map(str::to_owned).collect(),
        Args::Shell(word) => ins.text(word).split_whitespace().map(str::to_owned).collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Settings;

    #[test]
    fn mounts_and_their_from_ranges() {
        let text =
            "FROM a\nRUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=from=Build,target=/x true\n";
        let file = distrolint_syntax::parse(text);
        let found = mounts(&file, &file.instructions()[1]);
        assert_eq!(found.len(), 2);
        assert!(found[0].caches("/var/cache/apt"));
        assert!(!found[1].caches("/x"));
        let (name, range) = found[1].from.unwrap();
        assert_eq!((name, &text[range.unwrap()]), ("Build", "Build"));
    }

    #[test]
    fn labels_ports_and_env_of_a_chain() {
        let text = "FROM a AS base\nLABEL a=1 \"b\"=\"two\"\nENV APP_PORT=80\nFROM base\nLABEL a=3\nENV APP_PORT=8080\nEXPOSE 8080/tcp 9000-9001\n";
        let file = distrolint_syntax::parse(text);
        let model = Model::new(&file, &Settings::default());
        let labels = chain_labels(&model, 1);
        let keys: Vec<(&str, Option<&str>)> = labels.iter().map(|l| (l.key.as_str(), l.value.as_deref())).collect();
        assert_eq!(keys, vec![("a", Some("3")), ("b", Some("two")), ("a", Some("1"))]);
        let env = chain_env(&model, 1);
        assert_eq!(env.iter().map(|e| (e.0, e.1)).collect::<Vec<_>>(), vec![("APP_PORT", Some("8080"))]);
        assert_eq!(chain_exposed(&model, 1), Some(vec![(8080, 8080), (9000, 9001)]));
        assert_eq!(expose_ports("127.0.0.1:8080:80/udp"), Some((80, 80)));
        assert_eq!(expose_ports("$PORT"), None);
    }

    #[test]
    fn lines_of_offsets() {
        assert_eq!(line_of("a\nb\nc", 4), 3);
    }
}
