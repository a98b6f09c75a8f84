//! Checks request bodies against Discord's own OpenAPI description (vendored in
//! `tests/support/discord-openapi/`), so a body Discord would refuse with 400 fails our tests.
//!
//! The spec is 1.2 MB, so it is parsed once per process and each operation's validator is
//! compiled on first use and cached.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use serde_json::{json, Map, Value};

const SPEC_PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/support/discord-openapi/openapi.json"
);

/// Serenity (like most clients) sends permission bits and some ids as strings of digits where the
/// spec says `integer`; Discord accepts both, so the check does too.
const INTEGER_AS_STRING: &str = "^-?[0-9]+$";

struct Spec {
    /// Path templates split into segments, most literal first so `@original` beats `{message_id}`.
    templates: Vec<(String, Vec<String>)>,
    document: Value,
    components: Value,
    validators: Mutex<HashMap<String, Option<Arc<Compiled>>>>,
}

/// A validator for a whole body plus, when the body schema is a union of `$ref`s, one per branch:
/// a failed union only says "matched none", so the branches give the actual reason.
struct Compiled {
    whole: jsonschema::Validator,
    branches: Vec<Branch>,
}

struct Branch {
    name: String,
    /// Values of the branch's `type` property (`enum`), used to pick the branch a body meant.
    discriminator: Vec<Value>,
    validator: jsonschema::Validator,
}

fn spec() -> Result<&'static Spec, String> {
    static SPEC: OnceLock<Result<Spec, String>> = OnceLock::new();
    SPEC.get_or_init(load_spec).as_ref().map_err(Clone::clone)
}

fn load_spec() -> Result<Spec, String> {
    let text =
        std::fs::read_to_string(SPEC_PATH).map_err(|e| format!("reading {SPEC_PATH}: {e}"))?;
    let mut document: Value =
        serde_json::from_str(&text).map_err(|e| format!("parsing {SPEC_PATH}: {e}"))?;
    accept_integer_strings(&mut document);
    let paths = document
        .get("paths")
        .and_then(Value::as_object)
        .ok_or("spec has no paths")?;
    let mut templates: Vec<(String, Vec<String>)> = paths
        .keys()
        .map(|template| (template.clone(), segments(template)))
        .collect();
    templates.sort_by_key(|(_, parts)| parts.iter().filter(|p| p.starts_with('{')).count());
    let components = document
        .get("components")
        .cloned()
        .unwrap_or_else(|| json!({}));
    Ok(Spec {
        templates,
        document,
        components,
        validators: Mutex::new(HashMap::new()),
    })
}

fn segments(path: &str) -> Vec<String> {
    path.split('/')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Loosens the spec where clients and Discord agree but the spec is stricter.
///
/// Every node typed `integer` also accepts a string of digits, and every snowflake (a string
/// pattern) also accepts a non-negative integer: serenity sends attachment ids as `0`, `1`, ...
/// The type moves into an `anyOf`; the node's other keywords stay and keep applying.
fn accept_integer_strings(node: &mut Value) {
    match node {
        Value::Array(items) => items.iter_mut().for_each(accept_integer_strings),
        Value::Object(object) => {
            // Children first, so the branches added below are not rewritten again.
            object.values_mut().for_each(accept_integer_strings);
            let says_integer = match object.get("type") {
                Some(Value::String(kind)) => kind == "integer",
                Some(Value::Array(kinds)) => kinds.iter().any(|k| k == "integer"),
                _ => false,
            };
            let is_snowflake = object.get("format").is_some_and(|f| f == "snowflake")
                && object.get("type").is_some_and(|t| t == "string");
            if says_integer {
                let kind = object.remove("type").unwrap_or(Value::Null);
                let string = json!({ "type": "string", "pattern": INTEGER_AS_STRING });
                add_any_of(object, &json!([{ "type": kind }, string]));
            } else if is_snowflake {
                let pattern = object
                    .remove("pattern")
                    .unwrap_or_else(|| json!(INTEGER_AS_STRING));
                object.remove("type");
                let string = json!({ "type": "string", "pattern": pattern });
                add_any_of(
                    object,
                    &json!([string, { "type": "integer", "minimum": 0 }]),
                );
            }
        }
        _ => {}
    }
}

/// Adds an `anyOf` to a schema node; an existing `anyOf` keeps its meaning because ours goes in
/// alongside it, inside `allOf`.
fn add_any_of(object: &mut Map<String, Value>, branches: &Value) {
    let either = json!({ "anyOf": branches });
    match object.get_mut("allOf") {
        Some(Value::Array(all)) => all.push(either),
        _ => {
            object.insert("allOf".into(), json!([either]));
        }
    }
}

/// Finds the spec's path template for a request path such as `/api/v10/channels/5/messages`.
fn template_for(spec: &Spec, path: &str) -> Option<String> {
    let path = path.strip_prefix("/api/v10").unwrap_or(path);
    let wanted = segments(path);
    spec.templates
        .iter()
        .find(|(_, parts)| {
            parts.len() == wanted.len()
                && parts
                    .iter()
                    .zip(&wanted)
                    .all(|(part, seg)| part.starts_with('{') || part == seg)
        })
        .map(|(template, _)| template.clone())
}

fn body_schema(spec: &Spec, template: &str, method: &str) -> Option<Value> {
    let content = spec.document.pointer(&format!(
        "/paths/{}/{method}/requestBody/content",
        escape_pointer(template)
    ))?;
    // Multipart bodies are checked through their `payload_json`, which has the JSON shape.
    content.pointer("/application~1json/schema").cloned()
}

fn escape_pointer(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Wraps a schema with the spec's components so its `#/components/...` references resolve.
fn standalone(spec: &Spec, schema: &Value) -> Value {
    let mut root: Map<String, Value> = match schema {
        Value::Object(object) => object.clone(),
        other => Map::from_iter([("allOf".to_owned(), json!([other]))]),
    };
    root.insert("components".into(), spec.components.clone());
    Value::Object(root)
}

fn compile(spec: &Spec, schema: &Value) -> Result<Compiled, String> {
    let whole = jsonschema::validator_for(&standalone(spec, schema))
        .map_err(|e| format!("compiling schema: {e}"))?;
    let mut branches = Vec::new();
    let refs = schema
        .get("anyOf")
        .or_else(|| schema.get("oneOf"))
        .and_then(Value::as_array);
    for reference in refs.into_iter().flatten() {
        let Some(target) = reference.get("$ref").and_then(Value::as_str) else {
            continue;
        };
        let resolved = target
            .strip_prefix('#')
            .and_then(|p| spec.document.pointer(p));
        let discriminator = resolved
            .and_then(|s| s.pointer("/properties/type/enum"))
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let validator = jsonschema::validator_for(&standalone(spec, reference))
            .map_err(|e| format!("compiling {target}: {e}"))?;
        let name = target.rsplit('/').next().unwrap_or(target).to_owned();
        branches.push(Branch {
            name,
            discriminator,
            validator,
        });
    }
    Ok(Compiled { whole, branches })
}

fn compiled_for(
    spec: &Spec,
    method: &str,
    template: &str,
) -> Result<Option<Arc<Compiled>>, String> {
    let key = format!("{method} {template}");
    let mut cache = spec
        .validators
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(found) = cache.get(&key) {
        return Ok(found.clone());
    }
    let compiled = match body_schema(spec, template, method) {
        Some(schema) => Some(Arc::new(compile(spec, &schema)?)),
        None => None,
    };
    cache.insert(key, compiled.clone());
    Ok(compiled)
}

/// Checks `body` against the request-body schema of `method path`.
///
/// `Ok` when the body is valid, or when the spec has no JSON body schema for the route (a GET, or
/// a route the spec lacks); `Err` describes each problem with its JSON location.
pub fn validate(method: &str, path: &str, body: &Value) -> Result<(), String> {
    let spec = spec()?;
    let method = method.to_ascii_lowercase();
    let Some(template) = template_for(spec, path) else {
        return Ok(());
    };
    let Some(compiled) = compiled_for(spec, &method, &template)? else {
        return Ok(());
    };
    if compiled.whole.is_valid(body) {
        return Ok(());
    }
    let chosen: Vec<&Branch> = {
        let by_type: Vec<&Branch> = match body.get("type") {
            Some(kind) => compiled
                .branches
                .iter()
                .filter(|b| b.discriminator.contains(kind))
                .collect(),
            None => Vec::new(),
        };
        if by_type.is_empty() {
            compiled.branches.iter().collect()
        } else {
            by_type
        }
    };
    if chosen.is_empty() {
        return Err(describe(compiled.whole.iter_errors(body)));
    }
    let reasons: Vec<String> = chosen
        .iter()
        .map(|branch| {
            format!(
                "as {}: {}",
                branch.name,
                describe(branch.validator.iter_errors(body))
            )
        })
        .collect();
    Err(reasons.join(" | "))
}

fn describe<'a>(errors: impl Iterator<Item = jsonschema::ValidationError<'a>>) -> String {
    let mut lines = Vec::new();
    for error in errors {
        leaf_reasons(&error, &mut lines);
    }
    lines.truncate(5);
    if lines.is_empty() {
        "invalid (no detail)".to_owned()
    } else {
        lines.join("; ")
    }
}

/// The useful reasons behind one error. A failed `oneOf`/`anyOf` only says "matched none", so
/// this looks inside: branches that failed merely on type (e.g. the `null` in `oneOf[null, X]`)
/// are skipped, and of the rest the one with the fewest errors is taken as the one meant.
fn leaf_reasons(error: &jsonschema::ValidationError<'_>, out: &mut Vec<String>) {
    use jsonschema::error::ValidationErrorKind;
    let (ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context }) =
        error.kind()
    else {
        let at = error.instance_path().to_string();
        let at = if at.is_empty() { "/".to_owned() } else { at };
        out.push(format!("at {at}: {}", elide_middle(&error.to_string())));
        return;
    };
    let wrong_type_only = |branch: &Vec<jsonschema::ValidationError<'static>>| {
        branch.iter().all(|e| {
            matches!(e.kind(), ValidationErrorKind::Type { .. })
                && e.instance_path() == error.instance_path()
        })
    };
    let meant = context
        .iter()
        .filter(|branch| !wrong_type_only(branch))
        .min_by_key(|branch| branch.len());
    match meant {
        Some(branch) if !branch.is_empty() => branch.iter().for_each(|e| leaf_reasons(e, out)),
        _ => {
            let at = error.instance_path().to_string();
            out.push(format!("at {at}: {}", elide_middle(&error.to_string())));
        }
    }
}

/// Error texts start with the offending value and end with the reason; long values are cut in
/// the middle so the reason survives.
fn elide_middle(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= 200 {
        return text.to_owned();
    }
    let head: String = chars[..60].iter().collect();
    let tail: String = chars[chars.len() - 120..].iter().collect();
    format!("{head}…{tail}")
}

/// Shortens long text (errors quote whole values) on a character boundary.
pub fn truncate(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}
