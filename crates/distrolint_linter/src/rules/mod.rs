//! The rule registry: one explicit list, from which the codes, names and dispatch table come.
//!
//! Each rule lives in its own file, named after the rule struct in snake case.
//! Adding a rule: write the file, then add `module::Struct` to the list below.
//! The tidy tests fail when a file is not registered or a code or name repeats.

use crate::rule::{LintContext, Rule, RuleMeta};

macro_rules! register_rules {
    ($($module:ident :: $rule:ident),* $(,)?) => {
        $(mod $module;)*
        $(pub use $module::$rule;)*

        /// Every rule's metadata, in registry order.
        pub static ALL: &[&RuleMeta] = &[$(&$module::$rule::META),*];

        /// The check function of each rule, in registry order.
        pub(crate) static CHECKS: &[fn(&mut LintContext<'_>)] = &[$(|ctx| Rule::check(&$module::$rule, ctx)),*];

        /// The module (file) name of each rule, in registry order.
        #[cfg(test)]
        pub(crate) const MODULES: &[&str] = &[$(stringify!($module)),*];
    };
}

register_rules![
    unknown_instruction::UnknownInstruction,
    invalid_instruction_arguments::InvalidInstructionArguments,
    invalid_image_reference::InvalidImageReference,
    invalid_flag::InvalidFlag,
    unterminated_heredoc::UnterminatedHeredoc,
    invalid_parser_directive::InvalidParserDirective,
    instruction_before_from::InstructionBeforeFrom,
    parse_error::ParseError,
    malformed_json_args::MalformedJsonArgs,
    unknown_suppression_code::UnknownSuppressionCode,
    invalid_utf8::InvalidUtf8,
    empty_continuation_line::EmptyContinuationLine,
    shell_form_in_shellless_stage::ShellFormInShelllessStage,
    cmd_shell_form::CmdShellForm,
    // Families A and B: base images and shell-less stages.
    run_missing_tool::RunMissingTool,
    exec_missing_binary::ExecMissingBinary,
    exec_target_not_in_image::ExecTargetNotInImage,
    healthcheck_missing_tool::HealthcheckMissingTool,
    shell_instruction_missing_shell::ShellInstructionMissingShell,
    shell_script_entrypoint::ShellScriptEntrypoint,
    distroless_invalid_tag::DistrolessInvalidTag,
    distroless_python_eol::DistrolessPythonEol,
    distroless_deprecated_base::DistrolessDeprecatedBase,
    distroless_debug_in_final::DistrolessDebugInFinal,
    image_untagged::ImageUntagged,
    image_latest_tag::ImageLatestTag,
    image_not_digest_pinned::ImageNotDigestPinned,
    // (end of families A and B)
    // Families C, D and E: ENTRYPOINT/CMD, users, COPY.
    distroless_python_entrypoint_not_cleared::DistrolessPythonEntrypointNotCleared,
    console_script_shebang::ConsoleScriptShebang,
    cmd_target_not_copied::CmdTargetNotCopied,
    multiple_cmd::MultipleCmd,
    multiple_entrypoint::MultipleEntrypoint,
    multiple_healthcheck::MultipleHealthcheck,
    copy_invalid_mount_suffix::CopyInvalidMountSuffix,
    copy_from_undefined_stage::CopyFromUndefinedStage,
    copy_from_own_stage::CopyFromOwnStage,
    last_user_root::LastUserRoot,
    user_non_numeric::UserNonNumeric,
    profile_uid_mismatch::ProfileUidMismatch,
    copy_missing_chown::CopyMissingChown,
    volume_ownership::VolumeOwnership,
    secret_copied_into_image::SecretCopiedIntoImage,
    copy_shell_into_distroless::CopyShellIntoDistroless,
    copy_system_runtime_into_distroless::CopySystemRuntimeIntoDistroless,
    copy_builder_interpreter_dir::CopyBuilderInterpreterDir,
    // (end of families C, D and E)
    // Families P and M: Python packaging, markers.
    python_version_mismatch::PythonVersionMismatch,
    builder_runtime_debian_mismatch::BuilderRuntimeDebianMismatch,
    site_packages_not_on_syspath::SitePackagesNotOnSyspath,
    venv_interpreter_missing::VenvInterpreterMissing,
    pip_editable_install::PipEditableInstall,
    builder_buildplatform_native_wheels::BuilderBuildplatformNativeWheels,
    marker_file_empty::MarkerFileEmpty,
    marker_missing_after_pip::MarkerMissingAfterPip,
    runtime_verification_missing::RuntimeVerificationMissing,
    // (end of families P and M)
    // Families X and L: platform, ARG, directives, labels, ports, caches.
    platform_arg_default_override::PlatformArgDefaultOverride,
    from_platform_redundant::FromPlatformRedundant,
    from_platform_constant::FromPlatformConstant,
    global_arg_not_redeclared::GlobalArgNotRedeclared,
    parser_directive_misplaced::ParserDirectiveMisplaced,
    from_as_casing::FromAsCasing,
    instruction_casing::InstructionCasing,
    stage_name_casing::StageNameCasing,
    legacy_key_value::LegacyKeyValue,
    expose_proto_casing::ExposeProtoCasing,
    expose_host_mapping::ExposeHostMapping,
    duplicate_stage_name::DuplicateStageName,
    reserved_stage_name::ReservedStageName,
    maintainer_deprecated::MaintainerDeprecated,
    workdir_relative::WorkdirRelative,
    label_missing::LabelMissing,
    profile_labels_missing::ProfileLabelsMissing,
    expose_port_mismatch::ExposePortMismatch,
    healthcheck_missing::HealthcheckMissing,
    apt_cache_mount_ineffective::AptCacheMountIneffective,
    apt_cache_mount_wiped::AptCacheMountWiped,
    apt_get_install_recommends::AptGetInstallRecommends,
    pip_cache_mount_disabled::PipCacheMountDisabled,
    // (end of families X and L)
];

/// The registry index of a rule.
pub fn index_of(meta: &RuleMeta) -> Option<usize> {
    // Diagnostics point at the registry's own metadata, so the address usually finds it.
    ALL.iter().position(|m| std::ptr::eq(*m, meta)).or_else(|| ALL.iter().position(|m| m.code == meta.code))
}

/// The registry index of the first rule a key (code, name, BuildKit name or alias) names.
pub fn index_of_key(key: &str) -> Option<usize> {
    ALL.iter().position(|m| m.matches(key))
}

/// Every rule a key names. A code or name names one rule; a BuildKit check name can name
/// several (`MultipleInstructionsDisallowed` is DL4003, DL4004 and DL3012).
pub fn indices_of_key(key: &str) -> Vec<usize> {
    (0..ALL.len()).filter(|&i| ALL[i].matches(key)).collect()
}

/// The rules a `--select`/`--ignore` key names: one rule by code, name or alias, or every
/// rule whose code starts with the key (`DX1` selects DX100 to DX199, `DL` every hadolint rule).
pub fn indices_for_selector(key: &str) -> Vec<usize> {
    let named = indices_of_key(key);
    if !named.is_empty() {
        return named;
    }
    if key.len() >= 2 && key.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return (0..ALL.len()).filter(|&i| ALL[i].code.len() > key.len() && starts_with_ci(ALL[i].code, key)).collect();
    }
    Vec::new()
}

fn starts_with_ci(text: &str, prefix: &str) -> bool {
    text.len() >= prefix.len() && text[..prefix.len()].eq_ignore_ascii_case(prefix)
}

#[cfg(test)]
mod tidy {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn every_rule_file_is_registered() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| {
                let name = e.unwrap().file_name().into_string().unwrap();
                name.strip_suffix(".rs").filter(|n| *n != "mod").map(str::to_owned)
            })
            .collect();
        files.sort();
        let mut registered: Vec<String> = MODULES.iter().map(|m| (*m).to_owned()).collect();
        registered.sort();
        assert_eq!(files, registered, "rule files and `register_rules!` differ");
    }

    #[test]
    fn codes_names_and_aliases_are_unique() {
        // BuildKit check names may be shared (MultipleInstructionsDisallowed covers three rules),
        // but no key may be both a BuildKit name and anything else.
        let mut seen = HashSet::new();
        for meta in ALL {
            for key in [meta.code, meta.name].into_iter().chain(meta.aliases.iter().copied()) {
                assert!(seen.insert(key.to_ascii_lowercase()), "`{key}` is used twice");
            }
        }
        for meta in ALL {
            if let Some(buildkit) = meta.buildkit {
                assert!(!seen.contains(&buildkit.to_ascii_lowercase()), "`{buildkit}` is also a code, name or alias");
            }
        }
    }

    #[test]
    fn docs_have_the_fixed_headings() {
        for meta in ALL {
            let docs = meta.docs();
            for heading in ["## What it does", "## Why is this bad?", "## Example"] {
                assert!(docs.contains(heading), "{} docs lack `{heading}`", meta.code);
            }
            if meta.fix != crate::FixAvailability::None {
                assert!(docs.contains("## Fix safety"), "{} has fixes but no `## Fix safety`", meta.code);
            }
            assert!(meta.name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
        }
    }

    /// Rule doc examples are tests: an `expect_diagnostic` block gives exactly one diagnostic
    /// of the rule, a plain `dockerfile` block gives none.
    #[test]
    fn doc_examples_behave_as_labelled() {
        for meta in ALL {
            let docs = meta.docs();
            let mut lines = docs.lines();
            while let Some(line) = lines.next() {
                let Some(info) = line.strip_prefix("```dockerfile") else { continue };
                let expect = info.contains("expect_diagnostic");
                let block: String =
                    lines.by_ref().take_while(|l| !l.starts_with("```")).flat_map(|l| [l, "\n"]).collect();
                let profile = info.split(',').find_map(|p| p.strip_prefix("profile-"));
                let settings = crate::test::settings_for(meta.code, profile);
                let found =
                    crate::lint(&block, &settings).diagnostics.iter().filter(|d| d.rule.code == meta.code).count();
                assert_eq!(found, usize::from(expect), "{} doc example gives {found} diagnostics:\n{block}", meta.code);
            }
        }
    }

    #[test]
    fn module_names_match_rule_names() {
        for (module, meta) in MODULES.iter().zip(ALL) {
            assert_eq!(module.replace('_', "-"), meta.name, "{module} declares `{}`", meta.name);
        }
    }
}
