//! A small `multipart/form-data` reader for bodies with attachments: serenity puts the JSON in a
//! `payload_json` part and each file in a `files[n]` part. axum's own extractor needs a feature we
//! do not enable, and only these two facts are needed.

/// What a multipart body carried.
#[derive(Debug, Default)]
pub struct Form {
    pub payload_json: Option<String>,
    /// `(file name, size in bytes)` of every part with a file name.
    pub files: Vec<(String, usize)>,
    /// The bytes of each file part, in the same order as `files`.
    pub contents: Vec<Vec<u8>>,
}

/// The boundary from a `multipart/form-data; boundary=...` content type.
pub fn boundary(content_type: &str) -> Option<String> {
    let (kind, params) = content_type.split_once(';')?;
    if !kind.trim().eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    params.split(';').find_map(|param| {
        let (key, value) = param.split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case("boundary")
            .then(|| value.trim().trim_matches('"').to_owned())
    })
}

/// Splits `body` into parts; `Err` says why the body is not valid multipart.
pub fn parse(body: &[u8], boundary: &str) -> Result<Form, String> {
    let delimiter = format!("--{boundary}").into_bytes();
    let mut form = Form::default();
    let mut rest = match find(body, &delimiter) {
        Some(start) => &body[start + delimiter.len()..],
        None => return Err("no multipart boundary in body".into()),
    };
    loop {
        if rest.starts_with(b"--") {
            return Ok(form);
        }
        let rest_after_crlf = rest
            .strip_prefix(b"\r\n")
            .ok_or("part does not start with CRLF")?;
        let end = find(rest_after_crlf, &delimiter).ok_or("unterminated multipart part")?;
        let part = &rest_after_crlf[..end];
        let part = part.strip_suffix(b"\r\n").unwrap_or(part);
        read_part(part, &mut form)?;
        rest = &rest_after_crlf[end + delimiter.len()..];
    }
}

fn read_part(part: &[u8], form: &mut Form) -> Result<(), String> {
    let split = find(part, b"\r\n\r\n").ok_or("multipart part without header end")?;
    let headers = String::from_utf8_lossy(&part[..split]);
    let content = &part[split + 4..];
    let disposition = headers
        .lines()
        .find(|line| {
            line.to_ascii_lowercase()
                .starts_with("content-disposition:")
        })
        .ok_or("multipart part without content-disposition")?;
    let name = disposition_param(disposition, "name");
    match disposition_param(disposition, "filename") {
        Some(file_name) => {
            form.files.push((file_name, content.len()));
            form.contents.push(content.to_vec());
        }
        None if name.as_deref() == Some("payload_json") => {
            let text = std::str::from_utf8(content).map_err(|_| "payload_json is not UTF-8")?;
            form.payload_json = Some(text.to_owned());
        }
        None => {}
    }
    Ok(())
}

/// A `key="value"` parameter of a content-disposition header line.
fn disposition_param(line: &str, key: &str) -> Option<String> {
    line.split(';').skip(1).find_map(|param| {
        let (k, v) = param.split_once('=')?;
        (k.trim() == key).then(|| v.trim().trim_matches('"').to_owned())
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}
