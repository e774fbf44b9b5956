//! Which messages an embed obeys: from the parent window and, with
//! `origin=`, from that origin, compared parsed ([`normalize_origin`]).

/// An origin as the browser writes `MessageEvent.origin`: `https://host`
/// or `http://host`, scheme and host in lower case, the port only when it is
/// not the scheme's default (`https://A.example:443/` → `https://a.example`).
/// `None` for anything else: another scheme (`javascript:`), a path, a
/// query, user info, a bad port.
pub fn normalize_origin(s: &str) -> Option<String> {
    let s = s.trim();
    let s = s.strip_suffix('/').unwrap_or(s);
    let (scheme, rest) = s.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "https" => "443",
        "http" => "80",
        _ => return None,
    };
    let (host, port) = if let Some(v6) = rest.strip_prefix('[') {
        let (inside, after) = v6.split_once(']')?;
        if inside.is_empty()
            || !inside
                .bytes()
                .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
        {
            return None;
        }
        let port = match after {
            "" => None,
            p => Some(p.strip_prefix(':')?),
        };
        (format!("[{}]", inside.to_ascii_lowercase()), port)
    } else {
        let (host, port) = match rest.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (rest, None),
        };
        let ok = |b: u8| b.is_ascii_alphanumeric() || b == b'.' || b == b'-';
        if host.is_empty() || !host.bytes().all(ok) || host.starts_with('.') {
            return None;
        }
        (host.to_ascii_lowercase(), port)
    };
    let port = match port {
        None => None,
        Some(p) => {
            if p.is_empty() || p.len() > 5 || !p.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let n: u32 = p.parse().ok()?;
            if n > 65535 {
                return None;
            }
            let n = n.to_string();
            (n != default_port).then_some(n)
        }
    };
    Some(match port {
        Some(p) => format!("{scheme}://{host}:{p}"),
        None => format!("{scheme}://{host}"),
    })
}

/// Whether a message event is a command to obey: it must come from the
/// parent window and, when `origin=` was given, from that origin, compared
/// as origins ([`normalize_origin`] on both sides: case, default ports).
pub fn accepts(from_parent: bool, origin: &str, allowed: Option<&str>) -> bool {
    from_parent
        && match allowed {
            None => true,
            Some(a) => {
                !a.is_empty()
                    && normalize_origin(origin).is_some_and(|o| Some(o) == normalize_origin(a))
            }
        }
}

/// The longest text `layerlab:set-text` takes (characters).
pub const MAX_TEXT: usize = 1 << 20;
