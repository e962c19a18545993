//! A fake Twilio over raw TCP, scripted per request, for fault-injection
//! tests: it can reset, truncate, stall, redirect or answer anything.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the server does with one connection.
#[derive(Debug, Clone)]
pub enum Fault {
    /// Reset the connection as soon as it is accepted, before reading anything.
    ResetBeforeRequest,
    /// Read the whole request, then reset without answering.
    ResetAfterRequest,
    /// Answer these raw bytes (status line, headers, body), then close.
    Raw(Vec<u8>),
    /// Answer `head` announcing `Content-Length: announced`, write `sent` bytes of body, close.
    Truncated { announced: usize, sent: usize },
    /// Answer 200 with a chunked body of `bytes` bytes.
    Chunked { bytes: usize },
    /// Wait, then answer these raw bytes.
    Slow(Duration, Vec<u8>),
}

/// A full HTTP/1.1 answer with `status`, extra `headers` and a body.
pub fn answer(status: u16, headers: &[(&str, &str)], body: &str) -> Fault {
    let mut text = format!(
        "HTTP/1.1 {status} Fault\r\ncontent-length: {}\r\nconnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    text.push_str("\r\n");
    text.push_str(body);
    Fault::Raw(text.into_bytes())
}

/// One request the server read in full.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub body: String,
    /// The fault it was answered with.
    pub fault: Fault,
    /// When it was read in full.
    pub at: std::time::Instant,
}

#[derive(Default)]
struct Log {
    connections: usize,
    requests: Vec<Seen>,
    /// Requests read and not yet answered, now and at most.
    open: usize,
    max_open: usize,
    /// Body bytes of `Fault::Chunked` answers the client accepted.
    chunked_written: usize,
}

/// The running server; dropping it leaves the task to end with the test runtime.
pub struct FaultServer {
    pub base_url: String,
    log: Arc<Mutex<Log>>,
}

impl FaultServer {
    /// Serves connection `n` (0-based) with `script(n)`.
    pub async fn start(script: impl Fn(usize) -> Fault + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base_url = format!("http://{}/", listener.local_addr().unwrap());
        let log = Arc::new(Mutex::new(Log::default()));
        let task_log = Arc::clone(&log);
        let script = Arc::new(script);
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let n = {
                    let mut log = task_log.lock().unwrap();
                    log.connections += 1;
                    log.connections - 1
                };
                let fault = script(n);
                let log = Arc::clone(&task_log);
                tokio::spawn(serve(stream, fault, log));
            }
        });
        Self { base_url, log }
    }

    /// Every fault answers every connection.
    pub async fn always(fault: Fault) -> Self {
        Self::start(move |_| fault.clone()).await
    }

    /// Connections accepted.
    pub fn connections(&self) -> usize {
        self.log.lock().unwrap().connections
    }

    /// Requests read in full.
    pub fn requests(&self) -> Vec<Seen> {
        self.log.lock().unwrap().requests.clone()
    }

    /// Body bytes of chunked answers written before the client stopped reading.
    pub fn chunked_written(&self) -> usize {
        self.log.lock().unwrap().chunked_written
    }

    /// The most requests that were being answered at once.
    pub fn max_concurrent(&self) -> usize {
        self.log.lock().unwrap().max_open
    }

    /// Creates (POSTs) that were read in full and not refused with 429:
    /// the ones Twilio would have acted on.
    pub fn creates_acted_on(&self) -> usize {
        self.requests()
            .iter()
            .filter(|seen| seen.method == "POST")
            .filter(|seen| match &seen.fault {
                Fault::Raw(bytes) => !bytes.starts_with(b"HTTP/1.1 429"),
                _ => true,
            })
            .count()
    }
}

async fn serve(mut stream: TcpStream, fault: Fault, log: Arc<Mutex<Log>>) {
    if let Fault::ResetBeforeRequest = fault {
        let _ = stream.set_zero_linger();
        return;
    }
    let Some((method, path, body)) = read_request(&mut stream).await else {
        return;
    };
    {
        let mut log = log.lock().unwrap();
        log.requests.push(Seen {
            method,
            path,
            body,
            fault: fault.clone(),
            at: std::time::Instant::now(),
        });
        log.open += 1;
        log.max_open = log.max_open.max(log.open);
    }
    answer_with(&mut stream, fault, &log).await;
    log.lock().unwrap().open -= 1;
    let _ = stream.shutdown().await;
}

async fn answer_with(stream: &mut TcpStream, fault: Fault, log: &Mutex<Log>) {
    match fault {
        Fault::ResetBeforeRequest => {}
        Fault::ResetAfterRequest => {
            let _ = stream.set_zero_linger();
        }
        Fault::Raw(bytes) => {
            let _ = stream.write_all(&bytes).await;
        }
        Fault::Slow(wait, bytes) => {
            tokio::time::sleep(wait).await;
            let _ = stream.write_all(&bytes).await;
        }
        Fault::Truncated { announced, sent } => {
            let head = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {announced}\r\n\r\n"
            );
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(&vec![b' '; sent]).await;
        }
        Fault::Chunked { bytes } => {
            let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
            if stream.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            let chunk = vec![b' '; 16 * 1024];
            let mut left = bytes;
            while left > 0 {
                let n = left.min(chunk.len());
                let frame = [format!("{n:x}\r\n").as_bytes(), &chunk[..n], b"\r\n"].concat();
                if stream.write_all(&frame).await.is_err() {
                    return; // the client stopped reading
                }
                log.lock().unwrap().chunked_written += n;
                left -= n;
            }
            let _ = stream.write_all(b"0\r\n\r\n").await;
        }
    }
}

/// Reads one request (head and `Content-Length` body).
async fn read_request(stream: &mut TcpStream) -> Option<(String, String, String)> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(at) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let mut words = head.split_whitespace();
    let method = words.next()?.to_owned();
    let path = words.next()?.to_owned();
    let length: usize = head
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())?
        })
        .unwrap_or(0);
    while buf.len() < head_end + length {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let body = String::from_utf8_lossy(&buf[head_end..head_end + length]).to_string();
    Some((method, path, body))
}
