//! Image references (`python:3.12-slim`, `ghcr.io/o/app@sha256:…`), parsed
//! and normalised the way Docker does (the `distribution/reference` grammar
//! and `ParseNormalizedNamed`), with byte positions on every error.

use core::fmt;

/// The registry Docker Hub references normalise to.
pub const DOCKER_HUB: &str = "docker.io";
/// The legacy Docker Hub host, normalised to [`DOCKER_HUB`].
const LEGACY_DOCKER_HUB: &str = "index.docker.io";
/// The namespace of official images on Docker Hub.
const OFFICIAL_NAMESPACE: &str = "library";
/// Longest repository name (registry + path) Docker accepts.
pub const NAME_MAX_LEN: usize = 255;
/// Longest tag Docker accepts.
pub const TAG_MAX_LEN: usize = 128;

/// A parsed, normalised image reference.
///
/// ```
/// use layerlab_catalog::ImageRef;
/// let r = ImageRef::parse("python:3.12-slim").unwrap();
/// assert_eq!(r.registry(), "docker.io");
/// assert_eq!(r.path(), "library/python");
/// assert_eq!(r.to_string(), "docker.io/library/python:3.12-slim");
/// assert_eq!(r.familiar(), "python:3.12-slim");
/// assert!(r.is_official());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ImageRef {
    registry: String,
    path: String,
    tag: Option<String>,
    digest: Option<String>,
}

/// What is wrong with a reference.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefErrorKind {
    /// The reference is empty.
    Empty,
    /// It still contains `$`: a build argument was not substituted.
    UnresolvedVariable,
    /// A character that no part of a reference allows (space, `!`, …).
    InvalidCharacter,
    /// Upper-case letters in the repository path.
    Uppercase,
    /// An empty path component (`a//b`, leading or trailing `/`).
    EmptyComponent,
    /// A path component that starts or ends with a separator, or has two in a row.
    BadSeparator,
    /// The registry host or port is malformed.
    InvalidRegistry,
    /// The tag is empty or has characters outside `[A-Za-z0-9_.-]`, or starts with `.`/`-`.
    InvalidTag,
    /// The tag is longer than 128 characters.
    TagTooLong,
    /// The digest is malformed (`algorithm:hex`).
    InvalidDigest,
    /// The digest algorithm is not one Docker supports (sha256, sha384, sha512).
    UnsupportedDigest,
    /// Registry plus path is longer than 255 characters.
    NameTooLong,
    /// The whole reference is a 64-digit hex string (an image ID, not a name).
    HexIdentifier,
}

/// An invalid reference: what, where (byte offset into the text given to
/// [`ImageRef::parse`]) and a message for people.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefError {
    /// The kind of problem.
    pub kind: RefErrorKind,
    /// Byte offset of the problem in the input.
    pub pos: usize,
    /// Length in bytes of the offending text (at least 1 unless the input is empty).
    pub len: usize,
    /// A message, e.g. `repository name must be lowercase`.
    pub message: String,
}

impl fmt::Display for RefError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid reference format: {} (at byte {})",
            self.message, self.pos
        )
    }
}

impl std::error::Error for RefError {}

fn err(kind: RefErrorKind, pos: usize, len: usize, message: impl Into<String>) -> RefError {
    RefError {
        kind,
        pos,
        len,
        message: message.into(),
    }
}

fn is_lower_alnum(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit()
}

impl ImageRef {
    /// Parses a reference as `docker pull` / `FROM` would, normalising
    /// `python` to `docker.io/library/python` and `index.docker.io` to
    /// `docker.io`. A first path component is a registry if it contains `.`
    /// or `:`, is `localhost`, or has upper-case letters (as in Docker).
    ///
    /// Build arguments must be substituted by the caller first: a `$` is an
    /// error ([`RefErrorKind::UnresolvedVariable`]).
    pub fn parse(text: &str) -> Result<ImageRef, RefError> {
        if text.is_empty() {
            return Err(err(
                RefErrorKind::Empty,
                0,
                0,
                "the image reference is empty",
            ));
        }
        if let Some(p) = text.find('$') {
            let rest = &text[p + 1..];
            let len = if let Some(inner) = rest.strip_prefix('{') {
                inner.find('}').map_or(rest.len() + 1, |e| e + 3)
            } else {
                1 + rest
                    .bytes()
                    .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
                    .count()
            };
            let var = &text[p..p + len];
            return Err(err(
                RefErrorKind::UnresolvedVariable,
                p,
                len,
                format!("`{var}` is an unresolved variable; substitute build arguments (ARG) before parsing the image reference"),
            ));
        }
        if let Some((p, c)) = text
            .char_indices()
            .find(|(_, c)| c.is_whitespace() || c.is_control() || !c.is_ascii())
        {
            return Err(err(
                RefErrorKind::InvalidCharacter,
                p,
                c.len_utf8(),
                format!("{c:?} is not allowed in an image reference"),
            ));
        }
        if text.len() == 64
            && text
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        {
            return Err(err(
                RefErrorKind::HexIdentifier,
                0,
                64,
                "a 64-digit hexadecimal string is an image ID, not a repository name",
            ));
        }

        // name[:tag][@digest]
        let (name_tag, digest) = match text.find('@') {
            Some(at) => (&text[..at], Some((at + 1, &text[at + 1..]))),
            None => (text, None),
        };
        let last_slash = name_tag.rfind('/');
        let (name, tag) = match name_tag.rfind(':') {
            Some(c) if last_slash.is_none_or(|s| c > s) => {
                (&name_tag[..c], Some((c + 1, &name_tag[c + 1..])))
            }
            _ => (name_tag, None),
        };
        if name.is_empty() {
            return Err(err(
                RefErrorKind::EmptyComponent,
                0,
                1,
                "the repository name is empty",
            ));
        }
        if name.len() > NAME_MAX_LEN {
            return Err(err(
                RefErrorKind::NameTooLong,
                0,
                name.len(),
                format!(
                    "repository name must not be more than {NAME_MAX_LEN} characters (it has {})",
                    name.len()
                ),
            ));
        }

        // registry / path
        let (registry, path_start) = match name.find('/') {
            Some(i) => {
                let first = &name[..i];
                if first.contains(['.', ':'])
                    || first == "localhost"
                    || first.bytes().any(|b| b.is_ascii_uppercase())
                {
                    validate_registry(first)?;
                    (Some(first), i + 1)
                } else {
                    (None, 0)
                }
            }
            None => (None, 0),
        };
        let path = &name[path_start..];
        validate_path(path, path_start)?;

        if let Some((start, tag)) = tag {
            validate_tag(tag, start)?;
        }
        if let Some((start, digest)) = digest {
            validate_digest(digest, start)?;
        }

        let registry = match registry {
            None | Some(LEGACY_DOCKER_HUB) => DOCKER_HUB.to_string(),
            Some(r) => r.to_string(),
        };
        let path = if registry == DOCKER_HUB && !path.contains('/') {
            format!("{OFFICIAL_NAMESPACE}/{path}")
        } else {
            path.to_string()
        };
        Ok(ImageRef {
            registry,
            path,
            tag: tag.map(|(_, t)| t.to_string()),
            digest: digest.map(|(_, d)| d.to_string()),
        })
    }

    /// The registry host (and port): `docker.io`, `ghcr.io`, `localhost:5000`.
    pub fn registry(&self) -> &str {
        &self.registry
    }

    /// The repository path without the registry: `library/python`, `mycorp/app`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The last path component: `python`, `app`.
    pub fn name(&self) -> &str {
        self.path.rsplit('/').next().unwrap_or(&self.path)
    }

    /// The path before the name (`library`, `mycorp`, `org/team`), if any.
    pub fn namespace(&self) -> Option<&str> {
        self.path.rfind('/').map(|i| &self.path[..i])
    }

    /// The tag as written, if any.
    pub fn tag(&self) -> Option<&str> {
        self.tag.as_deref()
    }

    /// The tag, or `latest` when none is written. Note that a reference with
    /// only a digest is pulled by digest; `latest` is then not meaningful.
    pub fn tag_or_latest(&self) -> &str {
        self.tag.as_deref().unwrap_or("latest")
    }

    /// The digest (`sha256:…`), if any.
    pub fn digest(&self) -> Option<&str> {
        self.digest.as_deref()
    }

    /// The reference is on Docker Hub.
    pub fn is_docker_hub(&self) -> bool {
        self.registry == DOCKER_HUB
    }

    /// A Docker Official Image: `docker.io/library/<name>`.
    pub fn is_official(&self) -> bool {
        self.is_docker_hub()
            && self.namespace() == Some(OFFICIAL_NAMESPACE)
            && !self.name().contains('/')
    }

    /// `FROM scratch`: the reserved empty image, not a pullable repository.
    pub fn is_scratch(&self) -> bool {
        self.is_official()
            && self.name() == "scratch"
            && self.tag.is_none()
            && self.digest.is_none()
    }

    /// The short form Docker prints: `python:3.12-slim`, `mycorp/app:1`,
    /// `ghcr.io/o/app@sha256:…` (registry and `library/` dropped for Docker Hub).
    pub fn familiar(&self) -> String {
        let mut s = self.familiar_name();
        if let Some(t) = &self.tag {
            s.push(':');
            s.push_str(t);
        }
        if let Some(d) = &self.digest {
            s.push('@');
            s.push_str(d);
        }
        s
    }

    /// The short repository name without tag or digest: `python`, `mycorp/app`.
    pub fn familiar_name(&self) -> String {
        if self.is_docker_hub() {
            match self.path.strip_prefix("library/") {
                Some(rest) if !rest.contains('/') => rest.to_string(),
                _ => self.path.clone(),
            }
        } else {
            format!("{}/{}", self.registry, self.path)
        }
    }
}

impl fmt::Display for ImageRef {
    /// The fully qualified form: `docker.io/library/python:3.12-slim`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.registry, self.path)?;
        if let Some(t) = &self.tag {
            write!(f, ":{t}")?;
        }
        if let Some(d) = &self.digest {
            write!(f, "@{d}")?;
        }
        Ok(())
    }
}

impl core::str::FromStr for ImageRef {
    type Err = RefError;
    fn from_str(s: &str) -> Result<ImageRef, RefError> {
        ImageRef::parse(s)
    }
}

/// `host[:port]`; host is a domain name (`a-b.c`), an IPv4 address, or an
/// IPv6 address in brackets.
fn validate_registry(reg: &str) -> Result<(), RefError> {
    let bad = |pos: usize, len: usize, why: &str| {
        err(
            RefErrorKind::InvalidRegistry,
            pos,
            len.max(1),
            format!("invalid registry `{reg}`: {why}"),
        )
    };
    let (host, port) = if let Some(rest) = reg.strip_prefix('[') {
        let end = rest
            .find(']')
            .ok_or_else(|| bad(0, reg.len(), "unclosed `[` in an IPv6 address"))?;
        let v6 = &rest[..end];
        if v6.is_empty()
            || !v6
                .bytes()
                .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
        {
            return Err(bad(1, end, "not an IPv6 address"));
        }
        let after = &rest[end + 1..];
        match after.strip_prefix(':') {
            Some(p) => (&reg[..end + 2], Some((end + 3, p))),
            None if after.is_empty() => (reg, None),
            None => return Err(bad(end + 2, after.len(), "unexpected text after `]`")),
        }
    } else {
        match reg.find(':') {
            Some(c) => (&reg[..c], Some((c + 1, &reg[c + 1..]))),
            None => (reg, None),
        }
    };
    if !host.starts_with('[') {
        if host.is_empty() {
            return Err(bad(0, 1, "empty host"));
        }
        let mut pos = 0;
        for comp in host.split('.') {
            if comp.is_empty() {
                return Err(bad(pos, 1, "empty domain component"));
            }
            if let Some(i) = comp
                .bytes()
                .position(|b| !(b.is_ascii_alphanumeric() || b == b'-'))
            {
                return Err(bad(
                    pos + i,
                    1,
                    "only letters, digits, `-` and `.` are allowed in a host name",
                ));
            }
            if comp.starts_with('-') || comp.ends_with('-') {
                return Err(bad(
                    pos,
                    comp.len(),
                    "a domain component cannot start or end with `-`",
                ));
            }
            pos += comp.len() + 1;
        }
    }
    if let Some((start, p)) = port {
        if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad(start, p.len(), "the port must be a number"));
        }
    }
    Ok(())
}

/// Path components: `[a-z0-9]+` joined by `.`, `_`, `__` or runs of `-`;
/// components separated by `/`.
fn validate_path(path: &str, offset: usize) -> Result<(), RefError> {
    if path.is_empty() {
        return Err(err(
            RefErrorKind::EmptyComponent,
            offset,
            1,
            "the repository path is empty",
        ));
    }
    if let Some(i) = path.bytes().position(|b| b.is_ascii_uppercase()) {
        return Err(err(
            RefErrorKind::Uppercase,
            offset + i,
            1,
            format!("repository name `{path}` must be lowercase"),
        ));
    }
    let mut pos = offset;
    for comp in path.split('/') {
        if comp.is_empty() {
            return Err(err(
                RefErrorKind::EmptyComponent,
                pos,
                1,
                "empty path component (`//`, or a leading or trailing `/`)",
            ));
        }
        let b = comp.as_bytes();
        if let Some(i) = b
            .iter()
            .position(|&c| !(is_lower_alnum(c) || c == b'.' || c == b'_' || c == b'-'))
        {
            return Err(err(
                RefErrorKind::InvalidCharacter,
                pos + i,
                1,
                format!("{:?} is not allowed in a repository name (only a-z, 0-9, `.`, `_`, `-` and `/`)", b[i] as char),
            ));
        }
        if !is_lower_alnum(b[0]) {
            return Err(err(
                RefErrorKind::BadSeparator,
                pos,
                1,
                "a path component must start with a letter or digit",
            ));
        }
        if !is_lower_alnum(b[b.len() - 1]) {
            return Err(err(
                RefErrorKind::BadSeparator,
                pos + b.len() - 1,
                1,
                "a path component must end with a letter or digit",
            ));
        }
        // separators between alphanumeric runs: `.`, `_`, `__`, or `-`+
        let mut i = 0;
        while i < b.len() {
            if is_lower_alnum(b[i]) {
                i += 1;
                continue;
            }
            let start = i;
            while i < b.len() && !is_lower_alnum(b[i]) {
                i += 1;
            }
            let sep = &comp[start..i];
            let ok = sep == "." || sep == "_" || sep == "__" || sep.bytes().all(|c| c == b'-');
            if !ok {
                return Err(err(
                    RefErrorKind::BadSeparator,
                    pos + start,
                    sep.len(),
                    format!("`{sep}` is not a valid separator (use `.`, `_`, `__` or `-`)"),
                ));
            }
        }
        pos += comp.len() + 1;
    }
    Ok(())
}

/// `[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`.
fn validate_tag(tag: &str, offset: usize) -> Result<(), RefError> {
    if tag.is_empty() {
        return Err(err(
            RefErrorKind::InvalidTag,
            offset.saturating_sub(1),
            1,
            "empty tag after `:`",
        ));
    }
    let b = tag.as_bytes();
    if !(b[0].is_ascii_alphanumeric() || b[0] == b'_') {
        return Err(err(
            RefErrorKind::InvalidTag,
            offset,
            1,
            format!("a tag cannot start with {:?}", b[0] as char),
        ));
    }
    if let Some(i) = b
        .iter()
        .position(|&c| !(c.is_ascii_alphanumeric() || c == b'_' || c == b'.' || c == b'-'))
    {
        return Err(err(
            RefErrorKind::InvalidTag,
            offset + i,
            1,
            format!(
                "{:?} is not allowed in a tag (only A-Z, a-z, 0-9, `_`, `.`, `-`)",
                b[i] as char
            ),
        ));
    }
    if tag.len() > TAG_MAX_LEN {
        return Err(err(
            RefErrorKind::TagTooLong,
            offset + TAG_MAX_LEN,
            tag.len() - TAG_MAX_LEN,
            format!(
                "a tag must not be more than {TAG_MAX_LEN} characters (it has {})",
                tag.len()
            ),
        ));
    }
    Ok(())
}

/// `algorithm:encoded`, validated as go-digest does for the algorithms Docker
/// supports (lower-case hex of the exact length).
fn validate_digest(d: &str, offset: usize) -> Result<(), RefError> {
    let colon = d.find(':').ok_or_else(|| {
        err(
            RefErrorKind::InvalidDigest,
            offset,
            d.len().max(1),
            "a digest must be `algorithm:hex`, e.g. `sha256:` followed by 64 hex digits",
        )
    })?;
    let (alg, enc) = (&d[..colon], &d[colon + 1..]);
    let alg_ok = !alg.is_empty()
        && alg.split(['+', '.', '_', '-']).all(|c| {
            !c.is_empty()
                && c.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        });
    if !alg_ok {
        return Err(err(
            RefErrorKind::InvalidDigest,
            offset,
            colon.max(1),
            format!("`{alg}` is not a valid digest algorithm"),
        ));
    }
    let want = match alg {
        "sha256" => 64,
        "sha384" => 96,
        "sha512" => 128,
        _ => {
            return Err(err(
                RefErrorKind::UnsupportedDigest,
                offset,
                alg.len(),
                format!(
                    "unsupported digest algorithm `{alg}` (Docker supports sha256, sha384, sha512)"
                ),
            ))
        }
    };
    let enc_off = offset + colon + 1;
    if let Some(i) = enc
        .bytes()
        .position(|b| !(b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
    {
        return Err(err(
            RefErrorKind::InvalidDigest,
            enc_off + i,
            1,
            format!(
                "{:?} is not allowed in a {alg} digest (lower-case hex digits only)",
                enc.as_bytes()[i] as char
            ),
        ));
    }
    if enc.len() != want {
        return Err(err(
            RefErrorKind::InvalidDigest,
            enc_off,
            enc.len().max(1),
            format!(
                "a {alg} digest has {want} hex digits, this one has {}",
                enc.len()
            ),
        ));
    }
    Ok(())
}
