//! The distrolint binary.
fn main() {}
