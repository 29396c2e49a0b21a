//! A static HTTP mirror of a log as c2sp.org/tlog-tiles publishes it (`/log/checkpoint`,
//! `/log/key`, `/log/tile/…`), filled from the store: what `yima log verify --url` and
//! `yima log consistency --url` read, served by something other than yima, so that they can be
//! tested before, and apart from, the server's own log endpoints.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

use super::Setup;

type Files = Arc<Mutex<HashMap<String, Vec<u8>>>>;

pub struct Mirror {
    /// What `--url` is given: the log is under `<base>/log/`.
    pub base: String,
    files: Files,
}

impl Mirror {
    /// The latest checkpoint, the key, and every tile and bundle of the checkpoint's tree.
    pub fn of(setup: &Setup, vkey: &str) -> Self {
        let files: HashMap<String, Vec<u8>> = setup.with_store(async |store, _| {
            let checkpoint = store.latest_checkpoint().await.unwrap().unwrap();
            let mut files = HashMap::new();
            files.insert("/log/checkpoint".to_owned(), checkpoint.note.into_bytes());
            files.insert("/log/key".to_owned(), vkey.as_bytes().to_vec());
            for id in yima_ledger::new_tiles(0, checkpoint.size) {
                let bytes = match id.kind() {
                    yima_ledger::TileKind::Hashes { level } => {
                        store.log_tile(level, id.index(), id.width()).await
                    }
                    yima_ledger::TileKind::Entries => {
                        store.log_bundle(id.index(), id.width()).await
                    }
                };
                files.insert(format!("/log/{}", id.path()), bytes.unwrap().unwrap());
            }
            files
        });
        let files = Arc::new(Mutex::new(files));
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let served = files.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { return };
                let files = served.clone();
                std::thread::spawn(move || answer(stream, &files));
            }
        });
        Self { base, files }
    }

    pub fn get(&self, path: &str) -> Option<Vec<u8>> {
        self.files.lock().unwrap().get(path).cloned()
    }

    pub fn set(&self, path: &str, body: Vec<u8>) {
        self.files.lock().unwrap().insert(path.to_owned(), body);
    }
}

/// One request per connection: the verifier's client opens another for the next.
fn answer(stream: TcpStream, files: &Files) {
    let mut reader = BufReader::new(&stream);
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    loop {
        let mut header = String::new();
        match reader.read_line(&mut header) {
            Ok(0) | Err(_) => return,
            Ok(_) if header == "\r\n" => break,
            Ok(_) => {}
        }
    }
    let path = request.split(' ').nth(1).unwrap_or("");
    let body = files.lock().unwrap().get(path).cloned();
    let mut out = &stream;
    let _ = match body {
        Some(body) => out
            .write_all(
                format!(
                    "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                )
                .as_bytes(),
            )
            .and_then(|_| out.write_all(&body)),
        None => out
            .write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"),
    };
}
