//! Windows of text either side of a position, cut to character boundaries, which every
//! detector reads for the words around a candidate.

/// Up to `len` bytes of `text` just before `pos`, cut back to a character boundary.
pub(super) fn window_before(text: &str, pos: usize, len: usize) -> &str {
    let mut start = pos.saturating_sub(len);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    text.get(start..pos).unwrap_or_default()
}

/// Up to `len` bytes of `text` just after `pos`, cut back to a character boundary.
pub(super) fn window_after(text: &str, pos: usize, len: usize) -> &str {
    let mut end = pos.saturating_add(len).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(pos..end).unwrap_or_default()
}
