//! Finds template loops before Tera sees them. Tera follows `include`,
//! `extends`, `import` and macro calls by plain recursion, so a template
//! that includes itself, a parent that extends its child, two macro files
//! that import each other or a macro that calls itself overflows the stack
//! — and a stack overflow aborts the process (`kiez serve` included), it
//! cannot be caught as an error.
//!
//! Tera only takes string literals as template names and `ns::name` as
//! macro calls, so what renders what is fully visible in the sources. Two
//! graphs are checked: how Tera gathers a template's macros (its imports
//! and parents, followed when it loads), and what rendering follows (one
//! node per template and per macro; an edge for each `include`, `extends`
//! and macro call, namespaces resolved as Tera does, parents' imports
//! included). Any loop is reported as a template error naming the
//! templates and lines involved.
//!
//! Recursive macros are rejected outright, even ones a condition would
//! stop: Tera gives no hook to bound rendering depth, and a thread with a
//! bigger stack only moves the abort further out. kiez's data (menus,
//! categories, pages) is flat, and the default theme uses no recursion; a
//! `{% for %}` loop does what a recursive macro would.
//!
//! Tera's parser and renderer also recurse once per nesting level, so
//! blocks (`if`, `for`, …) and brackets nested thousands deep abort as
//! well; [`MAX_NESTING`] bounds both, far above what a template needs.

use std::collections::{BTreeMap, HashMap};

use crate::error::{Error, Result};

mod lex;

use lex::{bracket_depth, macro_calls, operator_count, strings, tags, tokenize, Token};

/// Deepest nesting of blocks, and of brackets within one tag. Tera
/// overflows its stack somewhere between 1,000 and 3,000.
const MAX_NESTING: usize = 100;

/// Most operators in one tag: Tera builds and evaluates `1 + 1 + …` as
/// a tree as deep as the chain is long (5,000 overflowed).
const MAX_OPERATORS: usize = 256;

/// Deepest chain of includes, macro calls and nested blocks rendered:
/// each is a level of Tera's recursion. Chains of 600 macros and 1,000
/// nested blocks still rendered in a debug build, so this leaves a wide
/// margin; real themes stay below 30.
const MAX_RENDER_DEPTH: usize = 200;

/// Statements that open a block closed by `end…`.
const OPENERS: [&str; 5] = ["if", "for", "block", "macro", "filter"];

/// Something a template or macro renders or loads.
struct Edge {
    to: String,
    verb: &'static str,
    from_file: String,
    line: usize,
}

/// Edges by the node they leave: a template's name, or `file::macro`.
type Graph = BTreeMap<String, Vec<Edge>>;

/// What one template says about the others.
#[derive(Default)]
struct Scanned {
    /// `include` and `extends` edges, by the node they leave.
    renders: Vec<(String, Edge)>,
    /// `import "file" as ns`: namespace, file, line.
    imports: Vec<(String, String, usize)>,
    /// Macro calls: namespace, macro, calling node, line.
    calls: Vec<(String, String, String, usize)>,
    defines_macros: bool,
    /// Deepest block nesting in the template and in each of its macros.
    nesting: HashMap<String, usize>,
}

/// Fails when the templates include, extend, import or call each other in
/// a loop, or nest deeper than Tera can render.
pub fn check(sources: &BTreeMap<String, String>) -> Result<()> {
    let mut scanned = BTreeMap::new();
    for (name, text) in sources {
        scanned.insert(name.as_str(), scan(name, text)?);
    }
    // Tera gathers a template's macros by recursing through its imports
    // and parents; a loop there overflows before any rendering.
    let mut loading = Graph::new();
    for (&name, file) in &scanned {
        let edges = loading.entry(name.to_string()).or_default();
        for (from, edge) in &file.renders {
            if edge.verb == "extends" && from == name {
                edges.push(clone_edge(edge, "extends"));
            }
        }
        for (_, to, line) in &file.imports {
            edges.push(Edge {
                to: to.clone(),
                verb: "imports",
                from_file: name.to_string(),
                line: *line,
            });
        }
    }
    let order = walk(&loading).map_err(loop_error)?;
    let namespaces = namespaces(&scanned, &loading, &order);
    let mut render = Graph::new();
    for (&name, file) in &scanned {
        render.entry(name.to_string()).or_default();
        for (from, edge) in &file.renders {
            render
                .entry(from.clone())
                .or_default()
                .push(clone_edge(edge, edge.verb));
        }
        for (ns, callee, caller, line) in &file.calls {
            if let Some(target) = namespaces.get(name).and_then(|n| n.get(ns)) {
                render.entry(caller.clone()).or_default().push(Edge {
                    to: format!("{target}::{callee}"),
                    verb: "calls",
                    from_file: name.to_string(),
                    line: *line,
                });
            }
        }
    }
    for node in scanned.values().flat_map(|f| f.nesting.keys()) {
        render.entry(node.clone()).or_default();
    }
    let order = walk(&render).map_err(loop_error)?;
    check_depth(&render, &order, &scanned)
}

/// Fails when a chain of includes and macro calls, with the blocks nested
/// in each, goes deeper than [`MAX_RENDER_DEPTH`]: Tera recurses for each
/// (a chain of 1,000 macros overflowed). `order` lists nodes after all
/// they lead to, so one pass finds every node's deepest chain.
fn check_depth(render: &Graph, order: &[String], scanned: &BTreeMap<&str, Scanned>) -> Result<()> {
    let nesting: HashMap<&str, usize> = scanned
        .values()
        .flat_map(|f| f.nesting.iter().map(|(n, d)| (n.as_str(), *d)))
        .collect();
    let mut deepest: HashMap<&str, usize> = HashMap::new();
    for node in order {
        let below = render[node]
            .iter()
            .filter_map(|e| deepest.get(e.to.as_str()))
            .max()
            .copied()
            .unwrap_or(0);
        let depth = 1 + nesting.get(node.as_str()).copied().unwrap_or(0) + below;
        if depth > MAX_RENDER_DEPTH {
            let file = node.split("::").next().unwrap_or(node);
            return Err(Error::Template {
                template: file.to_string(),
                chain: format!(
                    "`{node}` leads to includes, macro calls and blocks nested {depth} deep; at most {MAX_RENDER_DEPTH} can be rendered"
                ),
            });
        }
        deepest.insert(node, depth);
    }
    Ok(())
}

fn clone_edge(edge: &Edge, verb: &'static str) -> Edge {
    Edge {
        to: edge.to.clone(),
        verb,
        from_file: edge.from_file.clone(),
        line: edge.line,
    }
}

fn loop_error(cycle: Cycle) -> Error {
    let steps: Vec<String> = cycle
        .iter()
        .map(|(from, verb, to, line, _)| format!("`{from}` {verb} `{to}` (line {line})"))
        .collect();
    Error::Template {
        template: cycle[0].4.clone(),
        chain: format!(
            "templates render each other in a loop that never ends: {}",
            steps.join(", then ")
        ),
    }
}

/// Which file each macro namespace means in each template, as Tera
/// resolves it: `self`, the template's imports, what those import, then
/// what its parents see — earlier entries win. `order` lists files after
/// everything they import or extend.
fn namespaces(
    scanned: &BTreeMap<&str, Scanned>,
    loading: &Graph,
    order: &[String],
) -> HashMap<String, HashMap<String, String>> {
    let mut all: HashMap<String, HashMap<String, String>> = HashMap::new();
    for name in order {
        let Some(file) = scanned.get(name.as_str()) else {
            continue;
        };
        let mut map = HashMap::new();
        if file.defines_macros {
            map.insert("self".to_string(), name.clone());
        }
        for (ns, imported, _) in &file.imports {
            map.insert(ns.clone(), imported.clone());
            for (inner, target) in all.get(imported).into_iter().flatten() {
                map.entry(inner.clone()).or_insert_with(|| target.clone());
            }
        }
        let parents = loading[name].iter().filter(|e| e.verb == "extends");
        for parent in parents {
            for (inner, target) in all.get(&parent.to).into_iter().flatten() {
                map.entry(inner.clone()).or_insert_with(|| target.clone());
            }
        }
        all.insert(name.clone(), map);
    }
    all
}

/// Scans one template (and its macros).
fn scan(name: &str, text: &str) -> Result<Scanned> {
    let nesting_error = |line: usize, what: &str| Error::Template {
        template: name.to_string(),
        chain: format!("line {line}: {what} nested more than {MAX_NESTING} deep"),
    };
    let mut out = Scanned::default();
    let mut current = name.to_string();
    out.nesting.insert(current.clone(), 0);
    let mut depth = 0usize;
    for tag in tags(text) {
        let tokens = tokenize(tag.body);
        if bracket_depth(&tokens) > MAX_NESTING {
            return Err(nesting_error(tag.line, "brackets"));
        }
        if operator_count(&tokens) > MAX_OPERATORS {
            return Err(Error::Template {
                template: name.to_string(),
                chain: format!(
                    "line {}: more than {MAX_OPERATORS} operators in one tag",
                    tag.line
                ),
            });
        }
        let keyword = match tokens.first() {
            Some(Token::Ident(word)) if tag.statement => *word,
            _ => "",
        };
        let verb = match keyword {
            "extends" => Some("extends"),
            "include" => Some("includes"),
            _ => None,
        };
        if let Some(verb) = verb {
            for to in strings(&tokens) {
                let edge = Edge {
                    to: to.to_string(),
                    verb,
                    from_file: name.to_string(),
                    line: tag.line,
                };
                out.renders.push((current.clone(), edge));
            }
        }
        match (keyword, tokens.get(1), tokens.last()) {
            ("import", _, Some(Token::Ident(ns))) => {
                if let Some(file) = strings(&tokens).next() {
                    out.imports
                        .push((ns.to_string(), file.to_string(), tag.line));
                }
            }
            ("macro", Some(Token::Ident(macro_name)), _) => {
                current = format!("{name}::{macro_name}");
                out.nesting.insert(current.clone(), 0);
                out.defines_macros = true;
            }
            ("endmacro", _, _) => current = name.to_string(),
            _ => {}
        }
        for (ns, callee) in macro_calls(&tokens) {
            out.calls
                .push((ns.into(), callee.into(), current.clone(), tag.line));
        }
        if OPENERS.contains(&keyword) {
            depth += 1;
            if depth > MAX_NESTING {
                return Err(nesting_error(tag.line, "blocks"));
            }
            let deepest = out.nesting.entry(current.clone()).or_default();
            *deepest = (*deepest).max(depth);
        } else if keyword.starts_with("end") {
            depth = depth.saturating_sub(1);
        }
    }
    Ok(out)
}

/// A cycle as (from, verb, to, line, file of the first step) steps.
type Cycle = Vec<(String, &'static str, String, usize, String)>;

/// Depth-first search with an explicit stack, so a long chain of includes
/// cannot overflow kiez's own stack either. Returns every node after all
/// it leads to (post-order), or the first loop found.
fn walk(graph: &Graph) -> std::result::Result<Vec<String>, Cycle> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Open,
        Done,
    }
    let mut state: HashMap<&str, State> = HashMap::new();
    let mut order = Vec::new();
    for root in graph.keys() {
        if state.contains_key(root.as_str()) {
            continue;
        }
        // (node, index of the next edge to follow)
        let mut stack: Vec<(&str, usize)> = vec![(root, 0)];
        state.insert(root, State::Open);
        while let Some((node, next)) = stack.last_mut() {
            let edges = graph.get(*node).map_or(&[][..], Vec::as_slice);
            let Some(edge) = edges.get(*next) else {
                state.insert(node, State::Done);
                order.push(node.to_string());
                stack.pop();
                continue;
            };
            *next += 1;
            let to = edge.to.as_str();
            match state.get(to) {
                Some(State::Done) => {}
                Some(State::Open) => return Err(cycle_from(&stack, to, graph)),
                None if graph.contains_key(to) => {
                    state.insert(to, State::Open);
                    stack.push((to, 0));
                }
                // `include … ignore missing`, or an unknown macro Tera
                // reports itself.
                None => {}
            }
        }
    }
    Ok(order)
}

/// The steps of the loop that closes at `to`, read off the search stack
/// (each entry's last followed edge is at `next - 1`).
fn cycle_from(stack: &[(&str, usize)], to: &str, graph: &BTreeMap<String, Vec<Edge>>) -> Cycle {
    let start = stack.iter().position(|(n, _)| *n == to).unwrap_or(0);
    stack[start..]
        .iter()
        .map(|(node, next)| {
            let edge = &graph[*node][next - 1];
            let from = node.to_string();
            (
                from,
                edge.verb,
                edge.to.clone(),
                edge.line,
                edge.from_file.clone(),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_of(templates: &[(&str, &str)]) -> std::result::Result<(), String> {
        let sources = templates
            .iter()
            .map(|(n, s)| (n.to_string(), s.to_string()))
            .collect();
        check(&sources).map_err(|e| e.to_string())
    }

    #[test]
    fn the_default_theme_has_no_loops() {
        let sources = super::super::theme::TEMPLATES
            .iter()
            .map(|(n, s)| (n.to_string(), s.to_string()))
            .collect();
        check(&sources).unwrap();
    }

    #[test]
    fn self_include_is_a_loop() {
        let err = check_of(&[("a.html", "x\n{%- include \"a.html\" -%}")]).unwrap_err();
        assert!(err.contains("`a.html` includes `a.html` (line 2)"), "{err}");
    }

    #[test]
    fn extends_loop_names_both_templates() {
        let err = check_of(&[
            ("base.html", "{% extends 'article.html' %}"),
            (
                "article.html",
                "{% extends \"base.html\" %}{% block c %}{% endblock c %}",
            ),
        ])
        .unwrap_err();
        assert!(err.contains("`article.html` extends `base.html`"), "{err}");
        assert!(err.contains("`base.html` extends `article.html`"), "{err}");
    }

    #[test]
    fn recursive_macros_are_loops_even_through_imports() {
        let err = check_of(&[
            ("m.html", "{% macro a(n) %}{{ self :: b(n=n) }}{% endmacro a %}\n{% macro b(n) %}{% if n %}{{ self::a(n=n) }}{% endif %}{% endmacro b %}"),
            ("page.html", "{% import \"m.html\" as m %}{{ m::a(n=1) }}"),
        ])
        .unwrap_err();
        assert!(err.contains("`m.html::a` calls `m.html::b`"), "{err}");
        let err = check_of(&[
            (
                "m.html",
                "{% macro a() %}{% include \"p.html\" %}{% endmacro a %}",
            ),
            ("p.html", "{% import \"m.html\" as x %}{{ x::a() }}"),
        ])
        .unwrap_err();
        assert!(err.contains("`p.html` calls `m.html::a`"), "{err}");
    }

    #[test]
    fn macros_seen_through_parents_and_imports_are_followed() {
        // Tera lets a child call what its parent imported, and a template
        // call what its imports imported.
        let err = check_of(&[
            (
                "base.html",
                "{% import \"m.html\" as m %}{% block c %}{% endblock c %}",
            ),
            (
                "child.html",
                "{% extends \"base.html\" %}{% block c %}{{ m::a() }}{% endblock c %}",
            ),
            (
                "m.html",
                "{% macro a() %}{% include \"child.html\" %}{% endmacro a %}",
            ),
        ])
        .unwrap_err();
        assert!(err.contains("`child.html` calls `m.html::a`"), "{err}");
        let err = check_of(&[
            ("outer.html", "{% import \"inner.html\" as inner %}"),
            (
                "inner.html",
                "{% macro b() %}{% include \"page.html\" %}{% endmacro b %}",
            ),
            (
                "page.html",
                "{% import \"outer.html\" as o %}{{ inner::b() }}",
            ),
        ])
        .unwrap_err();
        assert!(err.contains("`page.html` calls `inner.html::b`"), "{err}");
    }

    #[test]
    fn long_chains_of_macros_are_refused() {
        // Before: a chain of 1,000 macros, each calling the next, overflowed.
        let chain: String = (0..1000)
            .map(|i| {
                format!(
                    "{{% macro m{i}() %}}{{{{ self::m{}() }}}}{{% endmacro m{i} %}}\n",
                    i + 1
                )
            })
            .collect();
        let err = check_of(&[("m.html", &chain)]).unwrap_err();
        assert!(err.contains("at most 200 can be rendered"), "{err}");
        let chain: String = (0..50)
            .map(|i| {
                format!(
                    "{{% macro m{i}() %}}{{{{ self::m{}() }}}}{{% endmacro m{i} %}}\n",
                    i + 1
                )
            })
            .collect();
        check_of(&[("m.html", &chain)]).unwrap();
    }

    #[test]
    fn import_loops_are_loops() {
        // Tera gathers macros by recursing through imports: a loop there
        // overflowed while loading, before any macro was called.
        let err = check_of(&[
            ("a.html", "{% import \"b.html\" as b %}"),
            (
                "b.html",
                "{% import \"a.html\" as a %}\n{% macro x() %}{% endmacro x %}",
            ),
        ])
        .unwrap_err();
        assert!(err.contains("`a.html` imports `b.html` (line 1)"), "{err}");
        assert!(err.contains("`b.html` imports `a.html` (line 1)"), "{err}");
    }

    #[test]
    fn raw_blocks_comments_and_strings_are_not_followed() {
        check_of(&[(
            "a.html",
            "{% raw %}{% include \"a.html\" %}{% endraw %}{# {% include \"a.html\" %} #}{{ \"{% include 'a.html' %}\" }}{% include \"b.html\" ignore missing %}",
        )])
        .unwrap();
    }

    #[test]
    fn deep_nesting_is_refused() {
        let deep_ifs = format!("{}x{}", "{% if a %}".repeat(101), "{% endif %}".repeat(101));
        let err = check_of(&[("a.html", &deep_ifs)]).unwrap_err();
        assert!(err.contains("blocks nested more than 100"), "{err}");
        let parens = format!("\n{{{{ {}1{} }}}}", "(".repeat(5000), ")".repeat(5000));
        let err = check_of(&[("a.html", &parens)]).unwrap_err();
        assert!(err.contains("line 2: brackets"), "{err}");
        let chain = format!("{{{{ 1{} }}}}", " + 1".repeat(5000));
        let err = check_of(&[("a.html", &chain)]).unwrap_err();
        assert!(err.contains("line 1: more than 256 operators"), "{err}");
        let fine = format!("{}x{}", "{% if a %}".repeat(100), "{% endif %}".repeat(100));
        check_of(&[("a.html", &fine)]).unwrap();
    }
}
