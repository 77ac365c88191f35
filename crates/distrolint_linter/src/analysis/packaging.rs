//! Shared analyses for the rules about Python packaging and the marker doctrine (families P and M).
