//! Shared analyses for the rules about base images and shell-less stages (families A and B).
