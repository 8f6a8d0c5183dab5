//! A small lexer for Tera templates: just enough to find tags, string
//! literals, `ns::name(` calls and nesting, skipping comments, `raw`
//! blocks and quoted text the way Tera does.

/// One `{% … %}` or `{{ … }}` tag.
pub(super) struct Tag<'a> {
    pub body: &'a str,
    pub line: usize,
    pub statement: bool,
}

/// The tags of a template, skipping comments and `raw` blocks.
pub(super) fn tags(text: &str) -> Vec<Tag<'_>> {
    let mut out = Vec::new();
    let mut pos = 0;
    let mut line = 1;
    let mut in_raw = false;
    while let Some(found) = text[pos..].find('{') {
        let open = pos + found;
        line += text[pos..open].matches('\n').count();
        let close = match text.as_bytes().get(open + 1) {
            Some(b'%') => "%}",
            Some(b'{') if !in_raw => "}}",
            Some(b'#') if !in_raw => "#}",
            _ => {
                pos = open + 1;
                continue;
            }
        };
        let end = find_close(text, open + 2, close).unwrap_or(text.len());
        let body = text[open + 2..end.min(text.len())]
            .trim_matches(|c: char| c == '-' || c.is_whitespace());
        let word: String = body
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if close == "%}" && (word == "raw" || word == "endraw") {
            in_raw = word == "raw";
        } else if close != "#}" && !in_raw {
            out.push(Tag {
                body,
                line,
                statement: close == "%}",
            });
        }
        let next = (end + close.len()).min(text.len());
        line += text[open..next].matches('\n').count();
        pos = next;
    }
    out
}

/// Index of `close` after `from`, not counting quoted strings.
fn find_close(text: &str, from: usize, close: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in text[from..].char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if matches!(c, '"' | '\'' | '`') && close != "#}" => quote = Some(c),
            None if text[from + i..].starts_with(close) => return Some(from + i),
            None => {}
        }
    }
    None
}

#[derive(Debug, PartialEq)]
pub(super) enum Token<'a> {
    Ident(&'a str),
    Str(&'a str),
    Path,
    Punct(char),
}

/// Splits a tag's body into identifiers, strings, `::` and punctuation.
pub(super) fn tokenize(body: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        if c.is_alphanumeric() || c == '_' {
            let mut end = i + c.len_utf8();
            while let Some((j, d)) = chars.next_if(|(_, d)| d.is_alphanumeric() || *d == '_') {
                end = j + d.len_utf8();
            }
            out.push(Token::Ident(&body[i..end]));
        } else if matches!(c, '"' | '\'' | '`') {
            let start = i + 1;
            let mut end = body.len();
            for (j, d) in chars.by_ref() {
                if d == c {
                    end = j;
                    break;
                }
            }
            out.push(Token::Str(&body[start..end]));
        } else if c == ':' && chars.next_if(|(_, d)| *d == ':').is_some() {
            out.push(Token::Path);
        } else {
            out.push(Token::Punct(c));
        }
    }
    out
}

/// The string literals of a tag (the names after `include`, `extends`).
pub(super) fn strings<'a>(tokens: &'a [Token<'a>]) -> impl Iterator<Item = &'a str> {
    tokens.iter().filter_map(|t| match t {
        Token::Str(s) => Some(*s),
        _ => None,
    })
}

/// `ns::name(` calls in a tag.
pub(super) fn macro_calls<'a>(tokens: &[Token<'a>]) -> Vec<(&'a str, &'a str)> {
    tokens
        .windows(4)
        .filter_map(|w| match w {
            [Token::Ident(ns), Token::Path, Token::Ident(name), Token::Punct('(')] => {
                Some((*ns, *name))
            }
            _ => None,
        })
        .collect()
}

/// Operators in a tag (`==` counts twice, which is fine for a bound).
pub(super) fn operator_count(tokens: &[Token]) -> usize {
    tokens
        .iter()
        .filter(|t| match t {
            Token::Punct(c) => "+-*/%~<>=!".contains(*c),
            Token::Ident(w) => matches!(*w, "and" | "or" | "not"),
            _ => false,
        })
        .count()
}

/// Deepest bracket nesting in a tag.
pub(super) fn bracket_depth(tokens: &[Token]) -> usize {
    let mut depth = 0usize;
    let mut deepest = 0;
    for token in tokens {
        match token {
            Token::Punct('(' | '[' | '{') => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            Token::Punct(')' | ']' | '}') => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}
