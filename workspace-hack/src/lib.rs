//! No code: this crate's manifest widens the features of dependencies every Lambda function
//! shares, so that building the functions one at a time (as `sam build` does) compiles each of
//! those dependencies once. `Cargo.toml` says why and which.
