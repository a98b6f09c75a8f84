//! The OpenAPI check accepts what Discord accepts (including serenity's integers-as-strings) and
//! names the reason when it does not.

use serde_json::json;

use crate::fake_discord::openapi::validate;

const CALLBACK: &str = "/api/v10/interactions/1/token/callback";

#[test]
fn an_ephemeral_message_callback_passes() {
    let body = json!({ "type": 4, "data": { "content": "hi", "flags": 64, "allowed_mentions": { "parse": [] } } });

    assert_eq!(validate("POST", CALLBACK, &body), Ok(()));
}

#[test]
fn a_deferral_and_an_autocomplete_result_pass() {
    assert_eq!(validate("POST", CALLBACK, &json!({ "type": 5 })), Ok(()));
    let choices =
        json!({ "type": 8, "data": { "choices": [{ "name": "#MedEd", "value": "meded" }] } });
    assert_eq!(validate("POST", CALLBACK, &choices), Ok(()));
}

#[test]
fn content_over_2000_characters_fails_with_the_reason() {
    let body = json!({ "type": 4, "data": { "content": "x".repeat(2001) } });

    let problem = validate("POST", CALLBACK, &body).expect_err("2001 characters is too long");

    assert!(
        problem.contains("at /data/content"),
        "names the field: {problem}"
    );
    assert!(
        problem.contains("longer than 2000 characters"),
        "gives the reason: {problem}"
    );
}

#[test]
fn an_embed_title_over_256_characters_fails() {
    let body = json!({ "content": "digest", "embeds": [{ "title": "t".repeat(257) }] });

    let problem = validate("POST", "/api/v10/channels/5/messages", &body).expect_err("too long");

    assert!(
        problem.contains("/embeds/0/title"),
        "names the field: {problem}"
    );
}

#[test]
fn an_unknown_callback_type_fails() {
    assert!(validate("POST", CALLBACK, &json!({ "type": 99 })).is_err());
}

#[test]
fn commands_with_permissions_as_a_string_of_digits_pass() {
    let body = json!([{
        "name": "track",
        "description": "Follow a hashtag",
        "type": 1,
        "default_member_permissions": "32",
        "options": [{ "type": 3, "name": "hashtag", "description": "The tag", "required": true }],
    }]);

    assert_eq!(
        validate("PUT", "/api/v10/applications/1/commands", &body),
        Ok(())
    );
    assert_eq!(
        validate("PUT", "/api/v10/applications/1/guilds/2/commands", &body),
        Ok(())
    );
}

#[test]
fn a_thread_with_an_empty_name_fails() {
    let body = json!({ "name": "", "auto_archive_duration": 1440 });

    assert!(validate("POST", "/api/v10/channels/5/messages/6/threads", &body).is_err());
}

#[test]
fn follow_ups_and_edits_of_the_original_are_checked_against_their_own_schemas() {
    let follow_up = json!({ "content": "done", "flags": 64 });
    assert_eq!(
        validate("POST", "/api/v10/webhooks/1/token", &follow_up),
        Ok(())
    );
    let edit = json!({ "content": "y".repeat(2001) });
    assert!(validate(
        "PATCH",
        "/api/v10/webhooks/1/token/messages/@original",
        &edit
    )
    .is_err());
}

#[test]
fn routes_without_a_body_schema_pass() {
    assert_eq!(validate("GET", "/api/v10/gateway", &json!({})), Ok(()));
    assert_eq!(
        validate("POST", "/api/v10/no/such/route", &json!({})),
        Ok(())
    );
}
