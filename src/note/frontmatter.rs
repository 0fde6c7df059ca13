//! Splitting YAML frontmatter from a note by hand (pulldown-cmark's metadata blocks misread
//! `## Heading` followed by `---`; see shared/crates.md), and typing it with serde.
use super::NoteError;
use serde::de::DeserializeOwned;
use std::path::Path;

/// The YAML between the opening `---` and the closing `---` or `...`.
#[derive(Debug, Clone, PartialEq)]
pub struct Frontmatter {
    /// The raw YAML text, line endings normalised to `\n`.
    pub yaml: String,
    /// 1-based line of the file on which `yaml` starts (2 for a note that opens with `---`).
    pub first_line: usize,
    /// The parsed fields, always a mapping (unknown fields are kept here): held as a `Value` so
    /// that models are typed straight from it, without a copy.
    fields: serde_yaml::Value,
    /// Keys the note lacks were filled in from another note's frontmatter ([`Self::fill_in_from`]):
    /// `yaml` then holds only what the note wrote, so an error is placed by its key path there.
    completed: bool,
}

/// A note's text cut in two: the frontmatter's YAML (if any) and the body.
pub(crate) struct Split<'a> {
    /// The YAML and the file line it starts on.
    pub yaml: Option<(String, usize)>,
    pub body: &'a str,
    pub body_line: usize,
}

/// The line is a fence (`---`, or `...` when closing), ignoring trailing whitespace and `\r`.
fn is_fence(line: &str, closing: bool) -> bool {
    let line = line.trim_end();
    line == "---" || (closing && line == "...")
}

/// Cuts `text` (BOM already removed) into frontmatter and body. Frontmatter exists only when
/// line 1 is exactly `---`; an opening fence without a closing one is an error.
pub(crate) fn split<'a>(path: &Path, text: &'a str) -> Result<Split<'a>, NoteError> {
    let mut lines = text.split_inclusive('\n');
    let opens = lines.next().is_some_and(|first| is_fence(first, false));
    // Lines ended by a carriage return alone (classic Mac OS) make the whole file one line.
    if !opens
        && text
            .strip_prefix("---\r")
            .is_some_and(|rest| !rest.starts_with('\n'))
    {
        return Err(NoteError::new(
            path,
            Some(1),
            "this note's lines end with a carriage return alone (old Mac line endings), so its \
             frontmatter cannot be read: save it with ordinary line endings (LF)",
        ));
    }
    if !opens {
        return Ok(Split {
            yaml: None,
            body: text,
            body_line: 1,
        });
    }
    let yaml_start = text.find('\n').map_or(text.len(), |i| i + 1);
    // Each line after the opening fence, found with one pass for line ends: only a line that
    // starts with `-` or `.` can close.
    let ends = memchr::memchr_iter(b'\n', &text.as_bytes()[yaml_start..])
        .map(|at| yaml_start + at + 1)
        .chain((!text.ends_with('\n')).then_some(text.len()));
    let mut offset = yaml_start;
    for (index, end) in ends.enumerate() {
        let line = &text[offset..end];
        if line.starts_with(['-', '.']) && is_fence(line, true) {
            let written = &text[yaml_start..offset];
            // Line endings normalised to `\n`; most notes have no `\r` to drop.
            let yaml = if memchr::memchr(b'\r', written.as_bytes()).is_some() {
                written
                    .split_inclusive('\n')
                    .flat_map(|line| [line.trim_end_matches(['\n', '\r']), "\n"])
                    .collect()
            } else {
                written.to_string()
            };
            return Ok(Split {
                yaml: Some((yaml, 2)),
                body: &text[end..],
                // Line 1 is the opening fence, lines 2..=index+1 the YAML, index+2 the closing fence.
                body_line: index + 3,
            });
        }
        offset = end;
    }
    Err(NoteError::new(
        path,
        Some(1),
        "frontmatter opened on line 1 is never closed: add a line `---` after it",
    ))
}

impl Frontmatter {
    /// Parses the YAML of a note's frontmatter; it must be a mapping of `field: value` lines
    /// (or empty).
    pub(crate) fn parse(path: &Path, yaml: String, first_line: usize) -> Result<Self, NoteError> {
        // Written the plainest way (most notes): read without the parser, nor its bounds, which
        // such text is well inside.
        if yaml.len() <= super::MAX_FRONTMATTER_BYTES
            && let Some(fields) = super::plain_yaml::read(&yaml)
        {
            return Ok(Self::of_fields(
                yaml,
                first_line,
                serde_yaml::Value::Mapping(fields),
            ));
        }
        bounded(path, &yaml, first_line)?;
        let value: serde_yaml::Value = if yaml.trim().is_empty() {
            serde_yaml::Value::Null
        } else {
            serde_yaml::from_str(&yaml).map_err(|e| yaml_error(path, first_line, &yaml, &e))?
        };
        let fields = match value {
            serde_yaml::Value::Null => serde_yaml::Value::Mapping(serde_yaml::Mapping::new()),
            fields @ serde_yaml::Value::Mapping(_) => fields,
            other => {
                let what = match other {
                    serde_yaml::Value::Sequence(_) => "a list",
                    _ => "a single value",
                };
                return Err(NoteError::new(
                    path,
                    Some(first_line),
                    format!(
                        "the frontmatter is {what}, but it should be `field: value` lines \
                         (like `description: ...`): rewrite it as fields or remove the `---` lines"
                    ),
                ));
            }
        };
        Ok(Frontmatter {
            yaml,
            first_line,
            fields,
            completed: false,
        })
    }

    /// The frontmatter `yaml` (starting on file line `first_line`) whose fields were parsed
    /// from it already: `fields` is what `parse` makes of it, a mapping.
    pub(crate) fn of_fields(yaml: String, first_line: usize, fields: serde_yaml::Value) -> Self {
        Frontmatter {
            yaml,
            first_line,
            fields,
            completed: false,
        }
    }

    /// No fields: what a note without frontmatter is typed from.
    pub fn empty() -> Self {
        Frontmatter {
            yaml: String::new(),
            first_line: 1,
            fields: serde_yaml::Value::Mapping(serde_yaml::Mapping::new()),
            completed: false,
        }
    }

    /// Fills in the keys this frontmatter lacks from `under`'s (mappings merged recursively; the
    /// note's own lists and values kept): see [`super::merge::merge_missing`]. Returns the dotted
    /// paths of the keys taken.
    pub(crate) fn fill_in_from(&mut self, under: &Frontmatter) -> Vec<String> {
        let serde_yaml::Value::Mapping(fields) = &mut self.fields else {
            return Vec::new();
        };
        let taken = super::merge::merge_missing(fields, under.fields());
        self.completed |= !taken.is_empty();
        taken
    }

    /// The fields, in the order they are written.
    pub fn fields(&self) -> &serde_yaml::Mapping {
        static NONE: std::sync::LazyLock<serde_yaml::Mapping> =
            std::sync::LazyLock::new(serde_yaml::Mapping::new);
        self.fields.as_mapping().unwrap_or(&NONE)
    }

    /// One field, if the frontmatter has it.
    pub fn get(&self, field: &str) -> Option<&serde_yaml::Value> {
        self.fields.get(field)
    }

    /// The `fileClass` field, if there is one.
    pub fn file_class(&self) -> Option<&str> {
        self.get("fileClass")?.as_str().map(str::trim)
    }

    /// `aliases:` (a list or a single string), for link resolution.
    pub fn aliases(&self) -> Vec<String> {
        aliases_of(self.get("aliases"))
    }

    /// The file line on which the top-level `field:` is written, if it is.
    pub fn field_line(&self, field: &str) -> Option<usize> {
        field_lines(&self.yaml, field)
            .next()
            .map(|index| self.first_line + index)
    }

    /// The file line of the opening `---`: where a missing field is reported.
    pub fn opening_line(&self) -> usize {
        self.first_line.saturating_sub(1).max(1)
    }

    /// Types the frontmatter as `T`, turning serde's errors into ones that name the field and the
    /// file line (YAML locations are relative to the frontmatter, so `first_line` is added).
    pub fn deserialize<T: DeserializeOwned>(&self, path: &Path) -> Result<T, NoteError> {
        // Typing the parsed fields is cheap; only a failure re-reads the YAML text, whose
        // errors carry the line.
        match T::deserialize(&self.fields) {
            Ok(typed) => Ok(typed),
            Err(e) if self.yaml.trim().is_empty() => Err(self.field_error(path, &e)),
            Err(_) if self.completed => {
                // The fields are more than the note's text: they are written out as YAML and read
                // again for the error's key path, whose line is then found in the note's own text.
                let written = serde_yaml::to_string(&self.fields).unwrap_or_default();
                match serde_yaml::from_str::<T>(&written) {
                    Ok(typed) => Ok(typed),
                    Err(e) => Err(self.field_error(path, &e)),
                }
            }
            Err(_) => serde_yaml::from_str(&self.yaml).map_err(|e| self.field_error(path, &e)),
        }
    }

    /// The file line of the key at a dotted `path` (`regulate.breathing.offer`; a list index such
    /// as `steps[2]` gives the list's key), or of the nearest enclosing key the note writes.
    pub fn key_path_line(&self, path: &str) -> Option<usize> {
        key_path_index(&self.yaml, path).map(|index| self.first_line + index)
    }

    /// Rephrases a serde error about a field: which field, where, what it should be.
    fn field_error(&self, path: &Path, error: &serde_yaml::Error) -> NoteError {
        let text = error.to_string();
        // serde_yaml writes `field: message at line L column C`; strip the location, it is ours.
        let text = text
            .rfind(" at line ")
            .map_or(text.as_str(), |i| &text[..i])
            .to_string();
        // A completed note's text is not what was read: its lines come from the key paths.
        let located = error
            .location()
            .filter(|_| !self.completed)
            .map(|l| self.first_line + l.line().saturating_sub(1));

        if let Some(field) = between(&text, "missing field `", "`") {
            // serde_yaml writes the path of the mapping that lacks it first: `regulate.breathing: ...`.
            let within = text
                .split_once(": missing field")
                .map(|(within, _)| within)
                .filter(|within| !within.contains(' '));
            return match within {
                Some(within) => NoteError::new(
                    path,
                    self.key_path_line(within).or(Some(self.opening_line())),
                    format!(
                        "`{}.{field}` is missing: add a line `{field}: ...` under `{}:` in \
                         the frontmatter",
                        counted(within),
                        last_key(within)
                    ),
                ),
                None => NoteError::new(
                    path,
                    Some(self.opening_line()),
                    format!("`{field}` is missing: add a line `{field}: ...` to the frontmatter"),
                ),
            };
        }
        if let Some(field) = between(&text, "duplicate field `", "`") {
            return NoteError::new(
                path,
                self.field_line(field).or(Some(self.opening_line())),
                format!("`{field}` is given more than once in the frontmatter: keep one"),
            );
        }
        let (field, message) = match text.split_once(": ") {
            Some((field, message)) if !field.contains(' ') => (Some(field), message),
            _ => (None, text.as_str()),
        };
        let line = located.or_else(|| field.and_then(|f| self.key_path_line(f)));
        let message = match (field.map(counted), invalid_type(message)) {
            (Some(field), Some((found, expected))) => {
                format!(
                    "`{field}` should be {}, not {found}",
                    plain_expectation(expected)
                )
            }
            (Some(field), None) => format!("`{field}`: {message}"),
            (None, _) => format!("the frontmatter could not be read: {message}"),
        };
        NoteError::new(path, line, message)
    }
}

/// A key path as a person counts a list's items, from one, and as a filled-in key is named
/// (`close.could_say.2`): serde's `close.could_say[1]` counts from nothing.
fn counted(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut rest = path;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find(']').map(|close| open + close) else {
            break;
        };
        let Ok(index) = rest[open + 1..close].parse::<usize>() else {
            out.push_str(&rest[..=close]);
            rest = &rest[close + 1..];
            continue;
        };
        out.push_str(&rest[..open]);
        out.push_str(&format!(".{}", index + 1));
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

/// The aliases an `aliases:` value gives: a list or a single string, trimmed, empty ones dropped.
pub(crate) fn aliases_of(value: Option<&serde_yaml::Value>) -> Vec<String> {
    let strings = match value {
        Some(serde_yaml::Value::String(alias)) => vec![alias.as_str()],
        Some(serde_yaml::Value::Sequence(aliases)) => aliases
            .iter()
            .filter_map(serde_yaml::Value::as_str)
            .collect(),
        _ => Vec::new(),
    };
    strings
        .into_iter()
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(String::from)
        .collect()
}

/// Refuses frontmatter too large or too deeply nested for the YAML parser to read promptly.
pub(crate) fn bounded(path: &Path, yaml: &str, first_line: usize) -> Result<(), NoteError> {
    super::bounds::check(yaml).map_err(|excess| excess_error(path, first_line, excess))
}

/// `bounded`, and where each line at the left edge of `yaml` begins, when the parser is sure to
/// see them as the bounds scan does (see `bounds::left_edge_lines`).
pub(crate) fn bounded_left_edge(
    path: &Path,
    yaml: &str,
    first_line: usize,
) -> Result<Option<Vec<usize>>, NoteError> {
    super::bounds::left_edge_lines(yaml).map_err(|excess| excess_error(path, first_line, excess))
}

fn excess_error(path: &Path, first_line: usize, excess: super::bounds::Excess) -> NoteError {
    use super::bounds::{Excess, MAX_DEPTH, MAX_FRONTMATTER_BYTES};
    match excess {
        Excess::TooLarge => NoteError::new(
            path,
            Some(first_line.saturating_sub(1).max(1)),
            format!(
                "the frontmatter is larger than {} KiB, far more than a note needs, so the note \
                 was skipped: move long text below the closing `---`, into the body",
                MAX_FRONTMATTER_BYTES / 1024
            ),
        ),
        Excess::TooDeep { line } => NoteError::new(
            path,
            Some(first_line + line),
            format!(
                "the frontmatter nests lists or fields more than {MAX_DEPTH} levels deep here, so \
                 the note was skipped: a note needs only a few levels, so check the brackets \
                 `[` `{{` and the indentation"
            ),
        ),
    }
}

/// A YAML syntax error in the frontmatter, located in the file. The parser's own positions
/// (relative to the YAML) are rewritten as file lines.
fn yaml_error(path: &Path, first_line: usize, yaml: &str, error: &serde_yaml::Error) -> NoteError {
    // The parser says where in the YAML as a count of characters; the line says more.
    if error
        .to_string()
        .contains("control characters are not allowed")
        && let Some((index, c)) = yaml.lines().enumerate().find_map(|(index, line)| {
            line.chars()
                .find(|&c| c.is_control() && !matches!(c, '\t' | '\u{85}'))
                .map(|c| (index, c))
        })
    {
        let code = format!("\\u{:04X}", u32::from(c));
        return NoteError::new(
            path,
            Some(first_line + index),
            format!(
                "this line holds a control character (U+{:04X}) that YAML does not allow: \
                 delete it, or write it as {code} inside double quotes",
                u32::from(c)
            ),
        );
    }
    if let Some(field) = between(&error.to_string(), "duplicate entry with key \"", "\"") {
        let second = field_lines(yaml, field).nth(1);
        return NoteError::new(
            path,
            Some(second.map_or(first_line, |index| first_line + index)),
            format!("`{field}` is given more than once in the frontmatter: keep one"),
        );
    }
    let (text, mentioned) = file_lines(&error.to_string(), first_line);
    let last_line = first_line + yaml.lines().count().saturating_sub(1);
    let line = error
        .location()
        .map(|l| first_line + l.line().saturating_sub(1))
        // At the end of the YAML (an unclosed list or quote) the place it was opened says more.
        .map(|line| {
            if line > last_line {
                mentioned
                    .last()
                    .copied()
                    .filter(|&l| l <= last_line)
                    .unwrap_or(last_line)
            } else {
                line
            }
        })
        .unwrap_or(first_line);
    NoteError::new(
        path,
        Some(line),
        format!(
            "the frontmatter is not valid YAML ({text}): check the quotes, brackets, colons and indentation"
        ),
    )
}

/// The 0-based YAML lines on which the top-level `field:` is written (plain or quoted).
fn field_lines<'a>(yaml: &'a str, field: &'a str) -> impl Iterator<Item = usize> + 'a {
    yaml.lines().enumerate().filter_map(move |(index, line)| {
        let unquoted = line.strip_prefix(field);
        let quoted = line
            .strip_prefix(['"', '\''])
            .and_then(|rest| rest.strip_prefix(field))
            .and_then(|rest| rest.strip_prefix(['"', '\'']));
        unquoted
            .or(quoted)
            .and_then(|rest| rest.trim_start_matches([' ', '\t']).strip_prefix(':'))
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
            .then_some(index)
    })
}

/// Rewrites each `at line N column M` in a YAML message as `on line F` (F a file line), and
/// returns the file lines mentioned.
fn file_lines(message: &str, first_line: usize) -> (String, Vec<usize>) {
    let mut out = String::new();
    let mut lines = Vec::new();
    let mut rest = message;
    while let Some(at) = rest.find(" at line ") {
        out.push_str(&rest[..at]);
        let after = &rest[at + " at line ".len()..];
        let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let Ok(line) = after[..digits].parse::<usize>() else {
            out.push_str(" at line ");
            rest = after;
            continue;
        };
        let file_line = first_line + line.saturating_sub(1);
        lines.push(file_line);
        out.push_str(&format!(" on line {file_line}"));
        rest = &after[digits..];
        if let Some(column) = rest.strip_prefix(" column ") {
            rest = column.trim_start_matches(|c: char| c.is_ascii_digit());
        }
    }
    out.push_str(rest);
    (out, lines)
}

/// The last key of a dotted path, without a list index: `breathing` of `regulate.breathing`,
/// `steps` of `repair.steps[0]`.
fn last_key(path: &str) -> &str {
    let last = path.rsplit('.').next().unwrap_or(path);
    last.split('[').next().unwrap_or(last)
}

/// The 0-based YAML line of the block key at a dotted `path`, each key looked for among the
/// lines indented under the one before; a list index ends the search at its list's key. When
/// the whole path is not written, the line of the deepest key of it that is; `None` when not
/// even the first is.
fn key_path_index(yaml: &str, path: &str) -> Option<usize> {
    let lines: Vec<&str> = yaml.lines().collect();
    let mut found: Option<(usize, usize)> = None; // (line index, indent)
    // The rest of a list item's `- ` line, and where that rest begins: its first key.
    let mut dash_rest: Option<(&str, usize)> = None;
    for part in path.split('.') {
        let (name, item) = match part.split_once('[') {
            Some((name, index)) => (name, Some(index.trim_end_matches(']').parse().ok())),
            None => (part, None),
        };
        let start = found.map_or(0, |(index, _)| index + 1);
        let parent_indent = found.map(|(_, indent)| indent);
        let mut child_indent = None;
        let mut hit = None;
        if let (Some((rest, indent)), Some((index, _))) = (dash_rest.take(), found)
            && field_lines(rest, name).next().is_some()
        {
            hit = Some((index, indent));
            child_indent = Some(indent);
        }
        for (index, line) in lines.iter().enumerate().skip(start) {
            if hit.is_some() {
                break;
            }
            let content = line.trim_start_matches(' ');
            if content.is_empty() || content.starts_with('#') {
                continue;
            }
            let indent = line.len() - content.len();
            if parent_indent.is_some_and(|parent| indent <= parent) {
                break;
            }
            let child = *child_indent.get_or_insert(indent);
            if indent == child && field_lines(content, name).next().is_some() {
                hit = Some((index, indent));
            }
        }
        let Some((at, indent)) = hit else { break };
        found = Some((at, indent));
        match item {
            None => {}
            // A block list's item: its `- ` line, whose own keys are indented past the dash.
            Some(Some(n)) => match list_item(&lines, at, indent, n) {
                Some((line, dash, rest)) => {
                    found = Some((line, dash));
                    dash_rest = Some((rest, dash + 2));
                }
                None => break,
            },
            Some(None) => break,
        }
    }
    found.map(|(index, _)| index)
}

/// The `n`th (from 0) item of the block list under the key on line `key` (indented `indent`):
/// its line, the indent of its dash, and what follows the dash. `None` for a flow list
/// (`[a, b]`), or one with fewer items.
fn list_item<'y>(
    lines: &[&'y str],
    key: usize,
    indent: usize,
    n: usize,
) -> Option<(usize, usize, &'y str)> {
    let mut dash_indent = None;
    let mut seen = 0;
    for (index, line) in lines.iter().enumerate().skip(key + 1) {
        let content = line.trim_start_matches(' ');
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let at = line.len() - content.len();
        let dash = content == "-" || content.starts_with("- ");
        // The list ends at a line back at the key's indent that is not one of its items.
        if at < indent || (at == indent && !dash) {
            return None;
        }
        if dash && *dash_indent.get_or_insert(at) == at {
            if seen == n {
                return Some((index, at, content.get(2..).unwrap_or("")));
            }
            seen += 1;
        }
    }
    None
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let rest = &text[text.find(start)? + start.len()..];
    Some(&rest[..rest.find(end)?])
}

/// `invalid type: string "maybe", expected a boolean` -> (`maybe`, `a boolean`).
fn invalid_type(message: &str) -> Option<(String, &str)> {
    let rest = message
        .strip_prefix("invalid type: ")
        .or_else(|| message.strip_prefix("invalid value: "))?;
    let (found, expected) = rest.rsplit_once(", expected ")?;
    let found = match found.split_once(' ') {
        Some(("string", value)) => format!("`{}`", value.trim_matches('"')),
        Some(("unit", _)) => "empty".into(),
        Some((_, value)) => format!("`{}`", value.trim_matches('`')),
        None if found == "sequence" => "a list".into(),
        None if found == "map" => "a set of fields".into(),
        None => "empty".into(),
    };
    Some((found, expected))
}

/// serde's expectation in plain words.
fn plain_expectation(expected: &str) -> String {
    match expected {
        "a boolean" => "true or false".into(),
        "a string" => "text".into(),
        "a sequence" => "a list, like [\"first\", \"second\"]".into(),
        "u8" | "u16" | "u32" | "u64" | "usize" => "a whole number".into(),
        other => other.into(),
    }
}

impl Frontmatter {
    /// The wiki-links written inside string values (in lists and nested fields too), each on the
    /// file line where it is written.
    pub(crate) fn links(&self) -> Vec<super::LocatedLink> {
        // Most frontmatter holds no link at all: then there is nothing to look for.
        if !self.yaml.contains("[[") {
            return Vec::new();
        }
        let mut strings = Vec::new();
        for (_, value) in self.fields() {
            collect_strings(value, &mut strings);
        }
        let lines = super::lines::LineIndex::new(&self.yaml, self.first_line);
        // Values come in document order, so each link is looked for after the previous one.
        let mut cursor = 0;
        let mut found = Vec::new();
        for string in strings {
            for (link, written) in super::links::links_in_text(string) {
                // memchr's search: `str::find` sets up a substring search for every link.
                let find =
                    |haystack: &str| memchr::memmem::find(haystack.as_bytes(), written.as_bytes());
                let line = match find(&self.yaml[cursor..]) {
                    Some(at) => {
                        cursor += at + written.len();
                        lines.line_of(cursor - written.len())
                    }
                    // Written with escapes or folded: the line of the nearest match will do.
                    None => find(&self.yaml).map_or(self.first_line, |at| lines.line_of(at)),
                };
                found.push(super::LocatedLink { link, line });
            }
        }
        found
    }
}

fn collect_strings<'a>(value: &'a serde_yaml::Value, out: &mut Vec<&'a str>) {
    match value {
        serde_yaml::Value::String(s) => out.push(s),
        serde_yaml::Value::Sequence(items) => {
            for item in items {
                collect_strings(item, out);
            }
        }
        serde_yaml::Value::Mapping(fields) => {
            for (_, item) in fields {
                collect_strings(item, out);
            }
        }
        serde_yaml::Value::Tagged(tagged) => collect_strings(&tagged.value, out),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frontmatter(yaml: &str) -> Frontmatter {
        Frontmatter::parse(Path::new("Guide.md"), yaml.to_string(), 2).unwrap()
    }

    const YAML: &str = "# a comment\nregulate:\n  activation:\n    question: How?\n  breathing:\n    \
                        question: Not this one\n    offer: Breathe?\n    cycles: 4\nsteps: [a, b]\n";

    #[test]
    fn a_key_path_is_found_under_its_parents_only() {
        let fm = frontmatter(YAML);
        // File lines: the YAML starts on line 2.
        assert_eq!(fm.key_path_line("regulate"), Some(3));
        assert_eq!(fm.key_path_line("regulate.breathing.offer"), Some(8));
        assert_eq!(fm.key_path_line("regulate.breathing.question"), Some(7));
        assert_eq!(fm.key_path_line("regulate.activation.question"), Some(5));
        assert_eq!(fm.key_path_line("steps[1]"), Some(10));
        // In a block list, the item's own line, and its keys below or beside the dash.
        let list = frontmatter(
            "signals:\n  - mistake: A\n    step: 2\n  # a note\n  -\n    mistake: B\n    step: 9\nskill: x\n",
        );
        assert_eq!(list.key_path_line("signals[0].step"), Some(4));
        assert_eq!(list.key_path_line("signals[0].mistake"), Some(3));
        assert_eq!(list.key_path_line("signals[1]"), Some(6));
        assert_eq!(list.key_path_line("signals[1].step"), Some(8));
        assert_eq!(
            list.key_path_line("signals[2].step"),
            Some(2),
            "no third: the list's key"
        );
        assert_eq!(list.key_path_line("skill"), Some(9));
        let flush = frontmatter("signals:\n- step: 1\n- step: 3\n");
        assert_eq!(flush.key_path_line("signals[1].step"), Some(4));
        assert_eq!(counted("repair.steps[0].ask[1]"), "repair.steps.1.ask.2");
        assert_eq!(counted("close.could_say[1]"), "close.could_say.2");
        assert_eq!(counted("odd[x].key[2"), "odd[x].key[2");
        // Not written: the deepest key that is.
        assert_eq!(fm.key_path_line("regulate.breathing.title"), Some(6));
        assert_eq!(fm.key_path_line("stop.saved"), None);
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)] // only the error is looked at
    struct Guide {
        regulate: Regulate,
    }
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Regulate {
        breathing: Breathing,
    }
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Breathing {
        offer: String,
        title: String,
        cycles: u32,
    }

    #[test]
    fn a_missing_nested_key_is_named_by_its_path_at_its_parent() {
        let error = frontmatter(YAML)
            .deserialize::<Guide>(Path::new("Guide.md"))
            .unwrap_err();
        assert_eq!(error.line, Some(6));
        assert_eq!(
            error.message,
            "`regulate.breathing.title` is missing: add a line `title: ...` under `breathing:` in the frontmatter"
        );
    }

    #[test]
    fn a_completed_note_is_typed_and_its_errors_are_placed_in_what_it_wrote() {
        let shipped = frontmatter(
            "regulate:\n  breathing:\n    offer: Shipped\n    title: Slow\n    cycles: 3\n",
        );
        let mut fm = frontmatter(YAML);
        assert_eq!(fm.fill_in_from(&shipped), ["regulate.breathing.title"]);
        let guide: Guide = fm.deserialize(Path::new("Guide.md")).unwrap();
        assert_eq!(guide.regulate.breathing.offer, "Breathe?");
        assert_eq!(guide.regulate.breathing.title, "Slow");

        let mut wrong = frontmatter(&YAML.replace("cycles: 4", "cycles: many"));
        wrong.fill_in_from(&shipped);
        let error = wrong
            .deserialize::<Guide>(Path::new("Guide.md"))
            .unwrap_err();
        assert_eq!(
            (error.line, error.message.as_str()),
            (
                Some(9),
                "`regulate.breathing.cycles` should be a whole number, not `many`"
            )
        );
    }

    /// `split`'s cut, found line by line: the plain reading the fast one must agree with.
    fn split_line_by_line(text: &str) -> Option<(String, usize, usize)> {
        let mut lines = text.split_inclusive('\n');
        if !lines.next().is_some_and(|first| is_fence(first, false)) {
            // A fence ended by a carriage return alone is refused, not read as text.
            let lone_return = text.starts_with("---\r") && !text.starts_with("---\r\n");
            return (!lone_return).then(|| (String::new(), text.len(), 1));
        }
        let mut offset = text.find('\n').map_or(text.len(), |i| i + 1);
        let yaml_start = offset;
        for (index, line) in lines.enumerate() {
            if is_fence(line, true) {
                let yaml = text[yaml_start..offset].replace('\r', "");
                return Some((yaml, text.len() - offset - line.len(), index + 3));
            }
            offset += line.len();
        }
        None
    }

    /// Lines that are fences, nearly fences or YAML, each with a line end or none.
    fn note_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let line = prop::sample::select(vec![
            "---",
            "...",
            "--- ",
            "...\t",
            "---\u{3000}",
            " ---",
            "----",
            "--",
            "-",
            ".",
            "",
            "a: b",
            "- x",
            "é",
        ]);
        let end = prop::sample::select(vec!["\n", "\r\n", "\r", ""]);
        prop::collection::vec((line, end), 0..12).prop_map(|lines| {
            lines
                .into_iter()
                .flat_map(|(line, end)| [line, end])
                .collect()
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(5000))]
        /// Wherever the closing fence is, and however lines end, the cut is where a reading line
        /// by line puts it.
        #[test]
        fn the_cut_is_where_a_line_by_line_reading_puts_it(text in note_text()) {
            let ours = split(Path::new("Note.md"), &text)
                .ok()
                .map(|cut| {
                    let yaml = cut.yaml.map(|(yaml, _)| yaml).unwrap_or_default();
                    (yaml.replace('\r', ""), cut.body.len(), cut.body_line)
                });
            proptest::prop_assert_eq!(ours, split_line_by_line(&text), "{:?}", text);
        }
    }
}
