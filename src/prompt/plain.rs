//! See the module docs in prompt/mod.rs.
