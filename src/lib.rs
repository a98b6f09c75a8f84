//! Rounds: a self-hosted Discord bot that brings the public medical conversation into a community of
//! healthcare professionals. See README.md for a tour of the code.

pub mod app;
pub mod cli;
pub mod config;
pub mod demo;
pub mod discord;
pub mod doctor;
pub mod domain;
pub mod http;
pub mod ingest;
pub mod lexicons;
pub mod llm;
pub mod metadata;
pub mod monitor;
pub mod sources;
pub mod store;
pub mod telemetry;
