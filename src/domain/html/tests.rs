use super::*;

#[test]
fn paragraphs_and_line_breaks_become_newlines() {
    let plain = html_to_text("<p>First line<br>second line<br/>third</p><p>Next paragraph</p>");
    assert_eq!(
        plain.text,
        "First line\nsecond line\nthird\n\nNext paragraph"
    );
    assert!(plain.links.is_empty());
}

#[test]
fn mastodon_shortened_links_show_the_full_url_and_are_collected() {
    let html = concat!(
        r#"<p>New trial on <a href="https://med-mastodon.com/tags/Cardiology" class="mention hashtag" rel="tag">#<span>Cardiology</span></a> "#,
        r#"<a href="https://doi.org/10.1056/NEJMoa2401234?utm_source=mastodon&amp;utm_medium=social" target="_blank" rel="nofollow noopener noreferrer" translate="no">"#,
        r#"<span class="invisible">https://</span><span class="ellipsis">doi.org/10.1056/NEJMoa240</span><span class="invisible">1234?utm_source=mastodon&amp;utm_medium=social</span></a></p>"#
    );
    let plain = html_to_text(html);
    assert_eq!(
        plain.text,
        "New trial on #Cardiology https://doi.org/10.1056/NEJMoa2401234?utm_source=mastodon&utm_medium=social"
    );
    assert_eq!(
        plain.links,
        vec!["https://doi.org/10.1056/NEJMoa2401234?utm_source=mastodon&utm_medium=social"]
    );
}

#[test]
fn mentions_keep_their_text_but_are_not_links() {
    let html = r#"<p><span class="h-card" translate="no"><a href="https://med-mastodon.com/@drkim" class="u-url mention">@<span>drkim</span></a></span> agreed, see <a href="https://www.acc.org/guidelines">the ACC page</a></p>"#;
    let plain = html_to_text(html);
    assert_eq!(plain.text, "@drkim agreed, see the ACC page");
    assert_eq!(plain.links, vec!["https://www.acc.org/guidelines"]);
}

#[test]
fn entities_are_decoded() {
    let plain = html_to_text("<p>eGFR &lt; 30 &amp; K&#43; &#x2265; 5.5 &mdash; hold &quot;ACEi&quot;&nbsp;now &unknown; &amp</p>");
    assert_eq!(
        plain.text,
        "eGFR < 30 & K+ ≥ 5.5 — hold \"ACEi\" now &unknown; &amp"
    );
    assert_eq!(
        decode_entities("&#0;&#xD800;&#99999999;"),
        "\u{fffd}\u{fffd}\u{fffd}"
    );
}

#[test]
fn scripts_styles_comments_and_unknown_tags_are_dropped() {
    let plain = html_to_text(
        "<style>p{color:red}</style><p>Take <b>metformin</b><!-- hidden --> with food</p><SCRIPT>alert('x<p>')</script >done",
    );
    assert_eq!(plain.text, "Take metformin with food\n\ndone");
}

#[test]
fn control_characters_and_bidi_overrides_are_removed() {
    let plain = html_to_text("<p>a\u{0007}b\u{202e}c\u{0}d\te\r\nf</p>");
    assert_eq!(plain.text, "abcd e f");
}

#[test]
fn zero_width_and_bidi_isolates_are_removed_even_when_encoded() {
    let plain = html_to_text(
        "<p>\u{200b}a\u{2066}b\u{2069}c&#x202E;d&#8203;e&#x200D;f\u{180e}g\u{fff9}h\u{e0001}</p>",
    );
    assert_eq!(plain.text, "abcdefgh");
}

#[test]
fn a_lone_less_than_sign_is_text() {
    assert_eq!(
        html_to_text("BP < 120/80 and 3<4").text,
        "BP < 120/80 and 3<4"
    );
}

#[test]
fn truncated_and_malformed_html_never_panics() {
    let cases = [
        "<p>cut off <a href=\"https://example.org",
        "<p>cut <span class=\"invisible",
        "<",
        "</",
        "<!--",
        "<script>never closed",
        "&",
        "&#",
        "&#x;",
        "<a href='x'><a href='y'>z</a>",
        "</a></p></div>",
        "<p>é&eacute<br",
        "<a href=\"https://x.org\"><span class=\"ellipsis\">x.org/…</span><br></a>",
        "\u{10ffff}<\u{10ffff}>&\u{10ffff};",
    ];
    for case in cases {
        let _ = html_to_text(case);
    }
    assert_eq!(
        html_to_text("<p>cut off <a href=\"https://example.org").text,
        "cut off"
    );
    // Multi-byte characters right after an ampersand must not split a character.
    let tricky = format!("&{}", "é".repeat(40));
    assert_eq!(decode_entities(&tricky), tricky);
}

#[test]
fn large_inputs_take_linear_time() {
    let chunk =
        "<p>x &amp; <a href=\"https://e.org/a\">y</a> <span class=\"invisible\">z</span></p>";
    let html = chunk.repeat(20_000);
    let started = std::time::Instant::now();
    let plain = html_to_text(&html);
    assert!(plain.text.len() > 100_000);
    assert_eq!(plain.links, vec!["https://e.org/a"]);
    let pathological = "<".repeat(200_000) + &"&".repeat(200_000) + &"</".repeat(100_000);
    let _ = html_to_text(&pathological);
    let _ = html_to_text(&format!("<script>{}", "</scrip".repeat(50_000)));
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}

#[test]
fn only_web_links_are_collected_once() {
    let plain = html_to_text(
        r#"<a href="mailto:a@b.org">mail</a> <a href="javascript:alert(1)">js</a> <a href="https://pubmed.ncbi.nlm.nih.gov/38000000/">PMID</a> <a href="https://pubmed.ncbi.nlm.nih.gov/38000000/">again</a>"#,
    );
    assert_eq!(plain.text, "mail js PMID again");
    assert_eq!(
        plain.links,
        vec!["https://pubmed.ncbi.nlm.nih.gov/38000000/"]
    );
}

#[test]
fn whitespace_after_an_opening_link_tag_is_not_doubled() {
    // Found by the `html` fuzz target: the space before `<a>` and the one after it became two.
    assert_eq!(html_to_text(": <a> u").text, ": u");
    assert_eq!(
        html_to_text("see <a href=\"https://x.example/\"> the trial </a> here").text,
        "see the trial here"
    );
}
