//! Response bodies: bytes in memory, a file streamed from disk, or the
//! live-reload event stream. One type, so every handler returns the same
//! `Response<Body>` without boxing.

use std::fs::File;
use std::future::Future;
use std::io::{self, Read, Seek, SeekFrom};
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use hyper::body::{Bytes, Frame, SizeHint};
use tokio::sync::mpsc::{self, Receiver, UnboundedReceiver};
use tokio::time::{Instant, Sleep};

use super::state::Push;

/// Bytes read from disk per frame.
const CHUNK: usize = 64 * 1024;
/// A comment this often on an event stream, so a closed tab is noticed
/// (the write fails) and proxies do not time the stream out.
const HEARTBEAT: Duration = Duration::from_secs(15);

/// A response body.
pub(crate) enum Body {
    /// Everything at once; `None` once sent (or for an empty body).
    Bytes(Option<Bytes>),
    /// Chunks of a file, read by a blocking task so a slow disk never
    /// stalls the connections sharing the runtime thread.
    File {
        chunks: Receiver<io::Result<Bytes>>,
        left: u64,
    },
    /// Server-Sent Events, written out as each push arrives (hyper
    /// flushes whenever the body has nothing more to give yet).
    Events(Box<Events>),
}

pub(crate) struct Events {
    first: Option<Push>,
    pushes: UnboundedReceiver<Push>,
    heartbeat: Pin<Box<Sleep>>,
}

impl Body {
    pub fn empty() -> Self {
        Body::Bytes(None)
    }

    pub fn bytes(bytes: impl Into<Bytes>) -> Self {
        let bytes = bytes.into();
        Body::Bytes((!bytes.is_empty()).then_some(bytes))
    }

    /// `len` bytes of `file` from `start`. Must be called on the runtime.
    pub fn file(file: File, start: u64, len: u64) -> Self {
        // Two chunks in flight: reading stays ahead of a fast client and
        // stops for a slow one.
        let (tx, chunks) = mpsc::channel(2);
        tokio::task::spawn_blocking(move || {
            if let Err(e) = read_chunks(file, start, len, &tx) {
                tx.blocking_send(Err(e)).ok();
            }
        });
        Body::File { chunks, left: len }
    }

    /// The event stream of one page: `first`, then every push.
    pub fn events(first: Push, pushes: UnboundedReceiver<Push>) -> Self {
        Body::Events(Box::new(Events {
            first: Some(first),
            pushes,
            heartbeat: Box::pin(tokio::time::sleep(HEARTBEAT)),
        }))
    }
}

/// Sends `len` bytes of `file` from `start` in chunks; stops quietly when
/// the connection is gone (the receiver dropped).
fn read_chunks(
    mut file: File,
    start: u64,
    len: u64,
    tx: &mpsc::Sender<io::Result<Bytes>>,
) -> io::Result<()> {
    file.seek(SeekFrom::Start(start))?;
    let mut left = len;
    while left > 0 {
        let mut buf = vec![0; CHUNK.min(usize::try_from(left).unwrap_or(CHUNK))];
        let n = match file.read(&mut buf) {
            // The file shrank since it was measured: the promised length
            // cannot be kept, so the connection must be cut.
            Ok(0) => return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "file shrank")),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        buf.truncate(n);
        left -= n as u64;
        if tx.blocking_send(Ok(buf.into())).is_err() {
            return Ok(());
        }
    }
    Ok(())
}

impl hyper::body::Body for Body {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<io::Result<Frame<Bytes>>>> {
        match self.get_mut() {
            Body::Bytes(bytes) => Poll::Ready(bytes.take().map(|b| Ok(Frame::data(b)))),
            Body::File { chunks, left } => match chunks.poll_recv(cx) {
                Poll::Ready(Some(Ok(chunk))) => {
                    *left = left.saturating_sub(chunk.len() as u64);
                    Poll::Ready(Some(Ok(Frame::data(chunk))))
                }
                Poll::Ready(Some(Err(e))) => Poll::Ready(Some(Err(e))),
                Poll::Ready(None) if *left > 0 => Poll::Ready(Some(Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "file reader stopped",
                )))),
                Poll::Ready(None) => Poll::Ready(None),
                Poll::Pending => Poll::Pending,
            },
            Body::Events(events) => events
                .poll_next(cx)
                .map(|frame| frame.map(|text| Ok(Frame::data(Bytes::from(text.into_bytes()))))),
        }
    }

    fn is_end_stream(&self) -> bool {
        match self {
            Body::Bytes(bytes) => bytes.is_none(),
            Body::File { left, .. } => *left == 0,
            Body::Events(_) => false,
        }
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            Body::Bytes(bytes) => {
                SizeHint::with_exact(bytes.as_ref().map_or(0, |b| b.len() as u64))
            }
            Body::File { left, .. } => SizeHint::with_exact(*left),
            Body::Events(_) => SizeHint::default(),
        }
    }
}

impl Events {
    /// The next frame: a push, or a heartbeat when none came for a while;
    /// `None` when the server shuts down.
    fn poll_next(&mut self, cx: &mut Context<'_>) -> Poll<Option<String>> {
        if let Some(first) = self.first.take() {
            return Poll::Ready(Some(first.to_sse()));
        }
        let frame = match self.pushes.poll_recv(cx) {
            Poll::Ready(Some(push)) => push.to_sse(),
            Poll::Ready(None) => return Poll::Ready(None),
            Poll::Pending => match self.heartbeat.as_mut().poll(cx) {
                Poll::Ready(()) => ": heartbeat\n\n".to_string(),
                Poll::Pending => return Poll::Pending,
            },
        };
        self.heartbeat.as_mut().reset(Instant::now() + HEARTBEAT);
        Poll::Ready(Some(frame))
    }
}
