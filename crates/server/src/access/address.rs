//! The address a request comes from. Behind a reverse proxy every request's peer is the
//! proxy, so for peers the operator lists as trusted proxies the client is read from
//! `X-Forwarded-For`: the nearest address in it that is not itself a trusted proxy (the
//! ones further left could have been written by the client).

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, Request};

/// The client's address: the peer's, or for a trusted proxy's request the forwarded one.
pub fn client_address(request: &Request, trusted_proxies: &[IpAddr]) -> Option<IpAddr> {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(a)| a.ip())?;
    if !trusted_proxies.contains(&peer) {
        return Some(peer);
    }
    let forwarded = request
        .headers()
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect::<Vec<_>>();
    let mut client = peer;
    for hop in forwarded.into_iter().rev() {
        let Ok(address) = hop.parse::<IpAddr>() else {
            // What the proxy did not write cannot be trusted further.
            break;
        };
        client = address;
        if !trusted_proxies.contains(&address) {
            break;
        }
    }
    Some(client)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn request(peer: &str, forwarded: &[&str]) -> Request {
        let mut builder = axum::http::Request::builder().uri("/");
        for f in forwarded {
            builder = builder.header("x-forwarded-for", *f);
        }
        let mut request = builder.body(axum::body::Body::empty()).unwrap();
        let peer: SocketAddr = format!("{peer}:443").parse().unwrap();
        request.extensions_mut().insert(ConnectInfo(peer));
        request
    }

    fn ip(s: &str) -> Option<IpAddr> {
        Some(s.parse().unwrap())
    }

    #[test]
    fn only_a_trusted_proxy_is_believed_and_only_as_far_as_trusted_hops_go() {
        let proxies = [ip("10.0.0.1").unwrap(), ip("10.0.0.2").unwrap()];
        let client = |peer, forwarded| client_address(&request(peer, forwarded), &proxies);
        // Not through a proxy: the peer, whatever the header says.
        assert_eq!(client("203.0.113.9", &["1.2.3.4"]), ip("203.0.113.9"));
        // Through one proxy: the address it saw.
        assert_eq!(client("10.0.0.1", &["198.51.100.7"]), ip("198.51.100.7"));
        // Through two: the nearest untrusted hop; what the client wrote to the left is ignored.
        let chain = ["6.6.6.6, 198.51.100.7, 10.0.0.2"];
        assert_eq!(client("10.0.0.1", &chain), ip("198.51.100.7"));
        // Several headers read as one list; garbage stops the walk at the last good hop.
        assert_eq!(
            client("10.0.0.1", &["198.51.100.7", "10.0.0.2"]),
            ip("198.51.100.7")
        );
        assert_eq!(client("10.0.0.1", &["nonsense"]), ip("10.0.0.1"));
        assert_eq!(client("10.0.0.1", &[]), ip("10.0.0.1"));
    }
}
