//! Shared analyses for the rules about platform, ARG, parser directives, labels, ports and caches (families X and L).
