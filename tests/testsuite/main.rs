//! Integration tests: each builds a small fixture site in a temp folder
//! with the real `kiez` binary and checks the output with an HTML parser.

mod fake_http;
mod harness;

mod analytics;
mod analytics_e2e;
mod announce;
mod architecture;
mod bounds;
mod build;
mod cards_rtl;
mod check;
mod cli;
mod cms;
mod cms_e2e;
mod diagnostics;
mod dialogue;
mod digest;
mod editions;
mod errors;
mod events;
mod example;
mod faq;
mod feeds;
mod import;
mod incremental;
mod langdata;
mod languages;
mod links;
mod output_safety;
mod print;
mod publish;
mod rtl;
mod rtl_e2e;
mod schema;
mod search;
mod sections;
mod serve;
mod share;
mod shell;
mod social;
mod theme;
