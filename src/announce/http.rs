//! The requests a channel makes, as values: shown by `--dry-run` with
//! secrets replaced by their variable's name, and sent with ureq, each
//! tried again a few times with a short pause when the failure may pass
//! (no answer, a timeout, 429 or a 5xx). A refusal (another 4xx) is final:
//! asking again would only be refused again.

use std::io::Read;
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;

/// The longest answer read from a server; answers are small JSON.
const MAX_ANSWER: u64 = 1 << 20;

/// What a request carries.
#[derive(Debug, Clone)]
pub enum Body {
    /// A JSON document.
    Json(Value),
    /// A file upload (`multipart/form-data`): the file as `file`, its
    /// alternative text as `description`.
    Media {
        /// The file's name.
        file_name: String,
        /// Its media type.
        mime: &'static str,
        /// Its bytes.
        bytes: Arc<[u8]>,
        /// Alternative text.
        description: String,
    },
}

/// One HTTP request to a channel.
#[derive(Debug, Clone)]
pub struct Request {
    /// `POST` or `PUT`.
    pub method: &'static str,
    /// Where it goes; may hold a secret (a webhook URL, a bot token).
    pub url: String,
    /// The URL with its secret replaced by `$VARIABLE`, for printing.
    pub shown_url: String,
    /// A bearer token and the variable it came from.
    pub token: Option<(String, String)>,
    /// Further headers (`Idempotency-Key`).
    pub headers: Vec<(&'static str, String)>,
    /// The body.
    pub body: Body,
}

/// Placeholder in a JSON body for the id of the media uploaded by the
/// request before it.
pub const MEDIA_ID: &str = "{media_id}";

impl Request {
    /// A JSON request.
    pub fn json(method: &'static str, url: String, shown_url: String, body: Value) -> Self {
        Request {
            method,
            url,
            shown_url,
            token: None,
            headers: Vec::new(),
            body: Body::Json(body),
        }
    }

    /// The request as `--dry-run` prints it: method, URL and headers with
    /// secrets named, not shown, then the body.
    pub fn describe(&self) -> String {
        let mut out = format!("{} {}\n", self.method, self.shown_url);
        if let Some((_, var)) = &self.token {
            out.push_str(&format!("Authorization: Bearer ${var}\n"));
        }
        for (name, value) in &self.headers {
            out.push_str(&format!("{name}: {value}\n"));
        }
        match &self.body {
            Body::Json(value) => {
                out.push_str("Content-Type: application/json\n\n");
                out.push_str(&serde_json::to_string_pretty(value).unwrap_or_default());
            }
            Body::Media {
                file_name,
                mime,
                bytes,
                description,
            } => out.push_str(&format!(
                "Content-Type: multipart/form-data\n\nfile: {file_name} ({mime}, {} bytes)\ndescription: {description}",
                bytes.len()
            )),
        }
        out
    }
}

/// How requests are sent.
pub struct Sender {
    agent: ureq::Agent,
    retries: u32,
    pause: Duration,
}

impl Sender {
    /// `timeout` for each request, redirects included; `retries` more
    /// tries of a failure that may pass.
    pub fn new(timeout: Duration, retries: u32) -> Self {
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .http_status_as_error(false)
            .user_agent(concat!("kiez-announce/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Sender {
            agent,
            retries,
            pause: Duration::from_millis(200),
        }
    }

    /// A GET of a JSON document (the live site's feed), tried like the rest.
    pub fn get_json(&self, url: &str) -> Result<Value, String> {
        self.with_retries(|| {
            let answer = self.agent.get(url).call();
            read_answer(answer)
        })
    }

    /// Sends `request`; the JSON answer (`null` when there is none).
    pub fn send(&self, request: &Request) -> Result<Value, String> {
        self.with_retries(|| {
            let builder = ureq::http::Request::builder()
                .method(request.method)
                .uri(&request.url);
            let mut builder = match &request.token {
                Some((token, _)) => builder.header("Authorization", format!("Bearer {token}")),
                None => builder,
            };
            for (name, value) in &request.headers {
                builder = builder.header(*name, value);
            }
            let (content_type, bytes) = encode(&request.body);
            let http = builder
                .header("Content-Type", content_type)
                .body(bytes)
                .map_err(|e| Failure::Final(e.to_string()))?;
            read_answer(self.agent.run(http))
        })
        // An error may quote the URL, which can be the secret itself.
        .map_err(|why| why.replace(&request.url, &request.shown_url))
    }

    fn with_retries(
        &self,
        mut attempt: impl FnMut() -> Result<Value, Failure>,
    ) -> Result<Value, String> {
        let mut tries = 0;
        loop {
            match attempt() {
                Ok(value) => return Ok(value),
                Err(Failure::Final(why)) => return Err(why),
                Err(Failure::Passing(why)) if tries >= self.retries => {
                    return Err(match tries {
                        0 => why,
                        n => format!("{why} (tried {} times)", n + 1),
                    })
                }
                Err(Failure::Passing(_)) => {
                    std::thread::sleep(self.pause * 2u32.pow(tries));
                    tries += 1;
                }
            }
        }
    }
}

/// A failed request: worth trying again, or not.
enum Failure {
    Passing(String),
    Final(String),
}

fn read_answer(
    answer: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
) -> Result<Value, Failure> {
    let mut response = match answer {
        Ok(response) => response,
        Err(ureq::Error::Timeout(_)) => return Err(Failure::Passing("no answer in time".into())),
        Err(ureq::Error::Io(e)) if e.kind() == std::io::ErrorKind::TimedOut => {
            return Err(Failure::Passing("no answer in time".into()))
        }
        Err(e) => return Err(Failure::Passing(format!("cannot connect: {e}"))),
    };
    let status = response.status().as_u16();
    let mut text = String::new();
    let read = response
        .body_mut()
        .as_reader()
        .take(MAX_ANSWER)
        .read_to_string(&mut text);
    if (200..300).contains(&status) {
        read.map_err(|e| Failure::Passing(format!("answer cut off: {e}")))?;
        return Ok(serde_json::from_str(&text).unwrap_or(Value::Null));
    }
    let why = format!("refused with HTTP {status}{}", server_message(&text));
    if status == 429 || status >= 500 {
        Err(Failure::Passing(why))
    } else {
        Err(Failure::Final(why))
    }
}

/// What the server said, from the JSON error shapes of the platforms
/// (`error`, `description`, `message`) or the start of a text answer.
fn server_message(text: &str) -> String {
    let said = match serde_json::from_str::<Value>(text) {
        Ok(json) => ["error", "description", "message", "error_description"]
            .iter()
            .find_map(|k| json[k].as_str().map(str::to_string))
            .unwrap_or_default(),
        Err(_) => text.trim().chars().take(200).collect(),
    };
    if said.is_empty() {
        String::new()
    } else {
        format!(": {said}")
    }
}

/// The content type and bytes of a body.
fn encode(body: &Body) -> (String, Vec<u8>) {
    match body {
        Body::Json(value) => (
            "application/json".into(),
            serde_json::to_vec(value).unwrap_or_default(),
        ),
        Body::Media {
            file_name,
            mime,
            bytes,
            description,
        } => {
            let boundary = format!("kiez-{}", crate::util::hash::hex(b"kiez-multipart", bytes));
            let mut out = Vec::with_capacity(bytes.len() + 512);
            let name = file_name.replace(['"', '\r', '\n'], "_");
            out.extend_from_slice(format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: {mime}\r\n\r\n"
            ).as_bytes());
            out.extend_from_slice(bytes);
            out.extend_from_slice(format!(
                "\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"description\"\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{description}\r\n--{boundary}--\r\n"
            ).as_bytes());
            (format!("multipart/form-data; boundary={boundary}"), out)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_do_not_quote_a_secret_url() {
        let sender = Sender::new(Duration::from_secs(1), 0);
        for url in [
            "http://geheim token",
            "gopher://geheim/",
            "http://127.0.0.1:1/geheim",
        ] {
            let request = Request::json("POST", url.into(), "$HOOK".into(), Value::Null);
            let why = sender.send(&request).unwrap_err();
            assert!(!why.contains("geheim"), "{why}");
        }
    }

    #[test]
    fn server_messages_are_found_in_each_shape() {
        assert_eq!(
            server_message(r#"{"error":"This action is outside the authorized scopes"}"#),
            ": This action is outside the authorized scopes"
        );
        assert_eq!(
            server_message(r#"{"ok":false,"description":"Bad Request: chat not found"}"#),
            ": Bad Request: chat not found"
        );
        assert_eq!(server_message("invalid_token"), ": invalid_token");
        assert_eq!(server_message(""), "");
    }
}
