//! Entry point of the standalone page.
fn main() {}
