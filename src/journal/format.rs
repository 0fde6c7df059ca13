//! A session as a markdown note, and back.
//!
//! ```markdown
//! ---
//! fileClass: repair_session
//! id: 2026-11-24-1503
//! ...
//! ---
//! ## Acknowledge their experience without defending
//!
//! ### What did they feel?
//!
//! <!-- answer id="repair.2.1" -->
//! Hurt, and alone with it.
//!
//! ### Keep it, or rewrite it?
//!
//! <!-- answer id="flag.repair.2.1" choice="keep" -->
//! keep
//! ```
//!
//! A complete session ends with its "what you could say" sentences, as a list under their own
//! `## ` heading and a `<!-- could_say -->` marker. `skill` and `practice` are written as
//! wiki-links, so that Obsidian links the session to its notes; plain names, as older sessions
//! have them, are read too.
//!
//! The frontmatter goes through serde. The body is one `## Section` per run of answers in the same
//! section, then for each answer `### Question`, an HTML comment (invisible in Obsidian) with the
//! answer's stable id and, for anything but text, its machine value, then the answer as a
//! paragraph. A text answer *is* its paragraph, escaped so that any text (headings, fences,
//! comments, `\r`) reads literally in Obsidian and decodes to exactly what was typed: the body
//! grammar only ever sees `##`/`###` headings and `<!-- answer` markers at the start of a line,
//! and escaping guarantees no answer line starts with `#` or `<`.
use crate::model::{
    AnswerValue, AnswerWords, Answered, AskLater, CouldSay, Draft, Flagged, Kind, SessionRecord,
    Status,
};
use crate::note::{Note, NoteError};
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

pub const FILE_CLASS: &str = "repair_session";

/// The frontmatter of a session note.
#[derive(Debug, Serialize, Deserialize)]
struct Header {
    #[serde(rename = "fileClass")]
    file_class: String,
    id: String,
    kind: Kind,
    started: DateTime<FixedOffset>,
    updated: DateTime<FixedOffset>,
    status: Status,
    side: Option<String>,
    // Read wider than the record keeps them, so that a number out of range is named as such.
    activation_before: Option<i64>,
    activation_after: Option<i64>,
    skill: Option<String>,
    practice: Option<String>,
    // Only written when set, so that sessions without them read as before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    session: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    checkins: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    break_until: Option<DateTime<FixedOffset>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    flags: Vec<Flagged>,
    /// Where entries written before the draft moved into the body kept it; read, never written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    draft: Option<Draft>,
    /// Any other key (added by hand in Obsidian), kept as it was.
    #[serde(flatten)]
    added_by_hand: serde_yaml::Mapping,
}

/// The whole note for `record`, exactly as it is written to disk, answers that are not words
/// (a number, yes or no, done) written back in `words`.
pub fn to_markdown(record: &SessionRecord, words: &AnswerWords) -> String {
    let header = Header {
        file_class: FILE_CLASS.to_owned(),
        id: record.id.clone(),
        kind: record.kind,
        started: record.started,
        updated: record.updated,
        status: record.status,
        side: record.side.clone(),
        activation_before: record.activation_before.map(i64::from),
        activation_after: record.activation_after.map(i64::from),
        skill: record.skill.as_deref().map(wiki_link),
        practice: record.practice.as_deref().map(wiki_link),
        session: record.session.clone(),
        checkins: record.checkins.clone(),
        break_until: record.break_until,
        flags: record.flags.clone(),
        // In the body, which has no cap: a pasted letter can be far longer than frontmatter may be.
        draft: None,
        added_by_hand: record.added_by_hand.clone(),
    };
    let yaml = serde_yaml::to_string(&header).expect("a session header always serialises");
    let mut text = format!("---\n{yaml}---\n\n{}", body(&record.answers, words));
    if let Some(draft) = &record.draft {
        text.push_str(&draft_section(draft));
    }
    if let Some(could_say) = &record.could_say {
        text.push_str(&could_say_section(could_say));
    }
    text
}

/// The marker of an answer being typed when the session stopped; its text follows, to the next
/// heading or the end.
const DRAFT_MARKER: &str = "<!-- draft";

fn draft_section(draft: &Draft) -> String {
    format!(
        "{DRAFT_MARKER} question=\"{}\" -->\n{}\n\n",
        escape_attr(&draft.question),
        escape_text(&draft.text)
    )
}

/// The marker under the "what you could say" heading.
const COULD_SAY_MARKER: &str = "<!-- could_say -->";

fn could_say_section(could_say: &CouldSay) -> String {
    let mut out = format!(
        "## {}\n\n{COULD_SAY_MARKER}\n",
        escape_line(&could_say.title)
    );
    for sentence in &could_say.sentences {
        out.push_str(&format!("- {}\n", escape_line(sentence)));
    }
    // Its words, a line of their own that is no sentence, then its sentences.
    if let Some(later) = &could_say.later {
        out.push_str(&format!("\n{}\n\n", escape_line(&later.lead)));
        for sentence in &later.sentences {
            out.push_str(&format!("- {}\n", escape_line(sentence)));
        }
    }
    out
}

/// A note's name as a wiki-link, as the frontmatter keeps it.
fn wiki_link(name: &str) -> String {
    format!("[[{name}]]")
}

/// The note name in a frontmatter link (`"[[Repair]]"`), or a plain name as written: the exact
/// inverse of [`wiki_link`].
fn linked_name(value: String) -> String {
    match value.strip_prefix("[[").and_then(|v| v.strip_suffix("]]")) {
        Some(name) => name.to_owned(),
        None => value,
    }
}

/// The body: sections, questions and answers.
fn body(answers: &[Answered], words: &AnswerWords) -> String {
    let mut out = String::new();
    let mut section: Option<&str> = None;
    for answer in answers {
        if section != Some(answer.section.as_str()) {
            out.push_str(&format!("## {}\n\n", escape_line(&answer.section)));
            section = Some(&answer.section);
        }
        out.push_str(&format!("### {}\n\n", escape_line(&answer.question)));
        // What the answer is, for reading back, in the comment; what it said, below it.
        let said = words.said(&answer.value);
        let said = said.as_deref().unwrap_or_default();
        let (value, shown) = match &answer.value {
            AnswerValue::Text(text) => (String::new(), text.as_str()),
            AnswerValue::Choice(key) => (
                format!(" choice=\"{}\"", escape_attr(key)),
                answer.label.as_deref().unwrap_or(key),
            ),
            AnswerValue::Scale(n) => (format!(" scale=\"{n}\""), said),
            AnswerValue::YesNo(yes) => {
                let word = if *yes { "yes" } else { "no" };
                (format!(" confirm=\"{word}\""), said)
            }
            AnswerValue::Done => (" done=\"yes\"".to_owned(), said),
        };
        let id = escape_attr(&answer.id);
        out.push_str(&format!("<!-- answer id=\"{id}\"{value} -->\n"));
        out.push_str(&escape_text(shown));
        // The blank line that separates an answer from what follows; the reader drops it.
        out.push_str("\n\n");
    }
    out
}

/// Reads a session back from a note parsed by `Note::parse`.
pub fn from_note(note: &Note) -> Result<SessionRecord, NoteError> {
    let path = note.path.as_path();
    let Some(frontmatter) = &note.frontmatter else {
        return Err(NoteError::new(
            path,
            Some(1),
            "this journal entry has no frontmatter (it should open with a `---` line)",
        ));
    };
    if note.file_class() != Some(FILE_CLASS) {
        return Err(NoteError::new(
            path,
            Some(frontmatter.first_line),
            format!("this is not a journal entry: it needs `fileClass: {FILE_CLASS}`"),
        ));
    }
    let header: Header = frontmatter.deserialize(path)?;
    let rating = |field: &str, value: Option<i64>| match value {
        None => Ok(None),
        Some(n) => u8::try_from(n)
            .ok()
            .filter(|&n| n <= 10)
            .map(Some)
            .ok_or_else(|| {
                NoteError::new(
                    path,
                    frontmatter.field_line(field),
                    format!("`{field}` is {n}: it should be a whole number from 0 to 10"),
                )
            }),
    };
    let activation_before = rating("activation_before", header.activation_before)?;
    let activation_after = rating("activation_after", header.activation_after)?;
    let (answers, could_say, draft) = parse_body(note.body()).map_err(|(offset, message)| {
        NoteError::new(path, Some(note.body_line + offset), message)
    })?;
    Ok(SessionRecord {
        id: header.id,
        kind: header.kind,
        started: header.started,
        updated: header.updated,
        status: header.status,
        side: header.side,
        activation_before,
        activation_after,
        skill: header.skill.map(linked_name),
        practice: header.practice.map(linked_name),
        session: header.session,
        checkins: header.checkins,
        break_until: header.break_until,
        flags: header.flags,
        answers,
        could_say,
        draft: draft.or(header.draft),
        added_by_hand: header.added_by_hand,
    })
}

/// An answer being read: what its marker said, and the lines under it so far.
struct Pending {
    id: String,
    section: String,
    question: String,
    marker: Marker,
    lines: Vec<String>,
}

enum Marker {
    Text,
    Value(AnswerValue),
}

impl Pending {
    fn finish(mut self) -> Answered {
        // The separating blank line belongs to the layout, not to the answer.
        if self.lines.last().is_some_and(|l| l.is_empty()) {
            self.lines.pop();
        }
        let paragraph = unescape(&self.lines.join("\n"));
        let (value, label) = match self.marker {
            Marker::Text => (AnswerValue::Text(paragraph), None),
            // A choice's paragraph is the words chosen; the marker holds the key.
            Marker::Value(AnswerValue::Choice(key)) => {
                let label = (paragraph != key).then_some(paragraph);
                (AnswerValue::Choice(key), label)
            }
            Marker::Value(value) => (value, None),
        };
        Answered {
            id: self.id,
            section: self.section,
            question: self.question,
            value,
            label,
        }
    }
}

/// What a session body holds.
type Body = (Vec<Answered>, Option<CouldSay>, Option<Draft>);

/// A line of the "what you could say" list: a sentence, or the words before what they could
/// ask later, whose sentences follow them.
fn could_say_line(could_say: &mut CouldSay, line: &str) {
    match (line.strip_prefix("- "), &mut could_say.later) {
        (Some(sentence), Some(later)) => later.sentences.push(unescape(sentence)),
        (Some(sentence), None) => could_say.sentences.push(unescape(sentence)),
        (None, _) if !line.trim().is_empty() => {
            could_say.later = Some(AskLater {
                lead: unescape(line),
                sentences: Vec::new(),
            });
        }
        (None, _) => {}
    }
}

/// The answers in a session body, its "what you could say" and its draft; an error is
/// `(0-based line in the body, message)`.
fn parse_body(body: &str) -> Result<Body, (usize, String)> {
    let mut answers = Vec::new();
    let mut could_say: Option<CouldSay> = None;
    // The draft's question and its lines so far, up to the next heading.
    let mut draft: Option<(String, Vec<String>)> = None;
    // Inside the "what you could say" list, until the next heading.
    let mut in_could_say = false;
    let mut section: Option<String> = None;
    // A question heading seen, with its line, whose marker has not come yet.
    let mut question: Option<(usize, String)> = None;
    let mut pending: Option<Pending> = None;
    let lines: Vec<&str> = body.split('\n').collect();
    // `split` gives a last empty piece for a body ending in a newline; it is not a line.
    let count = if body.ends_with('\n') {
        lines.len() - 1
    } else {
        lines.len()
    };
    for (index, &line) in lines[..count].iter().enumerate() {
        // The writer never writes a raw `\r`, so one here is a CRLF line ending from an editor.
        let line = line.strip_suffix('\r').unwrap_or(line);
        if in_could_say && heading(line, "##").or(heading(line, "###")).is_none() {
            if let Some(could_say) = &mut could_say {
                could_say_line(could_say, line);
            }
            continue;
        }
        in_could_say = false;
        if let Some((_, lines)) = &mut draft
            && heading(line, "##").or(heading(line, "###")).is_none()
        {
            // An escaped line never starts with `#` or `<`, so the draft's own lines end here.
            lines.push(line.to_owned());
            continue;
        }
        if line.starts_with(DRAFT_MARKER) && question.is_none() {
            answers.extend(pending.take().map(Pending::finish));
            draft = Some((
                parse_draft_marker(line).map_err(|m| (index, m))?,
                Vec::new(),
            ));
        } else if line == COULD_SAY_MARKER && pending.is_none() && question.is_none() {
            in_could_say = true;
            could_say = Some(CouldSay {
                title: section.clone().unwrap_or_default(),
                sentences: Vec::new(),
                later: None,
            });
        } else if let Some(title) = heading(line, "##") {
            answers.extend(pending.take().map(Pending::finish));
            check_answered(&question)?;
            section = Some(unescape(title));
        } else if let Some(title) = heading(line, "###") {
            answers.extend(pending.take().map(Pending::finish));
            check_answered(&question)?;
            if section.is_none() {
                return Err((
                    index,
                    "this question stands before any `## section` heading".to_owned(),
                ));
            }
            question = Some((index, unescape(title)));
        } else if line.starts_with("<!-- answer") {
            let Some((_, asked)) = question.take() else {
                return Err((
                    index,
                    "this answer marker has no `### question` heading above it".to_owned(),
                ));
            };
            let (id, marker) = parse_marker(line).map_err(|m| (index, m))?;
            pending = Some(Pending {
                id,
                section: section.clone().unwrap_or_default(),
                question: asked,
                marker,
                lines: Vec::new(),
            });
        } else if let Some(p) = &mut pending {
            p.lines.push(line.to_owned());
        } else if question.is_some() && !line.trim().is_empty() {
            // Only blank lines may stand between a question and its marker.
            return Err((
                index,
                "expected `<!-- answer id=\"...\" -->` under the question".to_owned(),
            ));
        }
        // Other lines before a question (a reader's own notes under a section) are kept out of
        // the answers.
    }
    answers.extend(pending.take().map(Pending::finish));
    check_answered(&question)?;
    let draft = draft.map(|(question, mut lines)| {
        // The blank line after the draft belongs to the layout.
        if lines.last().is_some_and(|l| l.is_empty()) {
            lines.pop();
        }
        Draft {
            question,
            text: unescape(&lines.join("\n")),
        }
    });
    Ok((answers, could_say, draft))
}

/// The question of `<!-- draft question="..." -->`.
fn parse_draft_marker(line: &str) -> Result<String, String> {
    line.strip_prefix(DRAFT_MARKER)
        .and_then(|rest| rest.trim_end().strip_suffix("-->"))
        .and_then(|inner| inner.trim().strip_prefix("question=\""))
        .and_then(|rest| rest.strip_suffix('"'))
        .map(unescape_attr)
        .ok_or_else(|| {
            "cannot read this draft marker: it should be `<!-- draft question=\"...\" -->`"
                .to_owned()
        })
}

fn check_answered(question: &Option<(usize, String)>) -> Result<(), (usize, String)> {
    match question {
        Some((line, _)) => Err((
            *line,
            "this question has no `<!-- answer id=\"...\" -->` marker under it".to_owned(),
        )),
        None => Ok(()),
    }
}

/// The title of a heading of exactly this level (`##` is not `###`).
fn heading<'a>(line: &'a str, hashes: &str) -> Option<&'a str> {
    let rest = line.strip_prefix(hashes)?;
    if rest.is_empty() {
        Some("")
    } else {
        rest.strip_prefix(' ')
    }
}

/// `<!-- answer id="..." [choice|scale|confirm|done]="..." -->`
fn parse_marker(line: &str) -> Result<(String, Marker), String> {
    let inner = line
        .strip_prefix("<!-- answer")
        .and_then(|rest| rest.trim_end().strip_suffix("-->"))
        .ok_or("this answer marker is not closed with `-->` on the same line")?;
    let mut attrs = Vec::new();
    let mut rest = inner.trim();
    while !rest.is_empty() {
        let (name, after) = rest
            .split_once("=\"")
            .ok_or_else(|| format!("cannot read the answer marker near `{rest}`"))?;
        let (value, after) = after
            .split_once('"')
            .ok_or_else(|| format!("an unclosed quote in the answer marker after `{name}=`"))?;
        attrs.push((name.trim(), unescape_attr(value)));
        rest = after.trim_start();
    }
    let mut id = None;
    let mut marker = Marker::Text;
    for (name, value) in attrs {
        let bad = |what: &str| format!("`{name}=\"{value}\"` in the answer marker: {what}");
        marker = match name {
            "id" => {
                id = Some(value);
                continue;
            }
            "choice" => Marker::Value(AnswerValue::Choice(value)),
            "scale" => match value.parse::<u8>() {
                Ok(n) if n <= 10 => Marker::Value(AnswerValue::Scale(n)),
                _ => return Err(bad("expected a whole number from 0 to 10")),
            },
            "confirm" => match value.as_str() {
                "yes" => Marker::Value(AnswerValue::YesNo(true)),
                "no" => Marker::Value(AnswerValue::YesNo(false)),
                _ => return Err(bad("expected yes or no")),
            },
            "done" => Marker::Value(AnswerValue::Done),
            _ => return Err(bad("unknown field")),
        };
    }
    let id = id.ok_or("this answer marker has no `id=\"...\"`")?;
    Ok((id, marker))
}

/// Markdown for `text` that shows it literally and decodes back exactly with [`unescape`].
///
/// Everywhere: `\`, `&` and `<` are backslash-escaped (so nothing reads as an escape, an entity or
/// HTML such as a comment that would hide the rest), and control characters become numeric
/// references. At the start of a line, anything that would open a block (heading, quote, list,
/// rule, fence, table) is escaped, and leading or trailing whitespace becomes a reference so that
/// markdown neither indents nor trims it.
fn escape_text(text: &str) -> String {
    text.split('\n')
        .map(escape_line)
        .collect::<Vec<_>>()
        .join("\n")
}

/// One line of [`escape_text`]; also used for headings, where a newline becomes a reference.
fn escape_line(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len() + 8);
    let block_opener = chars.first().is_some_and(|c| "#>-+*=_`~|".contains(*c));
    // `1.` or `1)` opens an ordered list: escape the punctuation after the digits.
    let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
    let list_number = digits > 0 && matches!(chars.get(digits), Some('.') | Some(')'));
    for (i, &c) in chars.iter().enumerate() {
        let edge = i == 0 || i + 1 == chars.len();
        if c.is_control() || (edge && c.is_whitespace()) {
            out.push_str(&format!("&#{};", u32::from(c)));
            continue;
        }
        if matches!(c, '\\' | '&' | '<')
            || (i == 0 && block_opener)
            || (list_number && i == digits)
            // ATX headings drop a closing run of `#`; keep the last one literal.
            || (c == '#' && i + 1 == chars.len())
        {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Decodes what [`escape_text`] and [`escape_line`] write: a backslash before ASCII punctuation,
/// and `&#N;` references. Anything else is kept as it stands, so hand edits still read.
fn unescape(text: &str) -> String {
    decode(text, true)
}

fn decode(text: &str, backslashes: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let escaped = match c {
            '\\' if backslashes => rest[1..]
                .chars()
                .next()
                .filter(char::is_ascii_punctuation)
                .map(|next| (next, 1 + next.len_utf8())),
            '&' => numeric_reference(rest),
            _ => None,
        };
        let (decoded, used) = escaped.unwrap_or((c, c.len_utf8()));
        out.push(decoded);
        rest = &rest[used..];
    }
    out
}

/// `&#N;` at the start of `text`: the character and the bytes it used.
fn numeric_reference(text: &str) -> Option<(char, usize)> {
    let digits = text.strip_prefix("&#")?;
    let end = digits.find(';')?;
    if end == 0 || end > 7 || !digits[..end].bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let c = char::from_u32(digits[..end].parse().ok()?)?;
    Some((c, 2 + end + 1))
}

/// An attribute value: every character that could end the value or the comment, start a
/// reference, or break the line becomes a numeric reference.
fn escape_attr(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if matches!(c, '"' | '&' | '<' | '>') || c.is_control() {
            out.push_str(&format!("&#{};", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

fn unescape_attr(value: &str) -> String {
    decode(value, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_looks_like_structure_is_escaped_at_the_line_start_and_decodes_exactly() {
        let text =
            "# not a heading\n---\n<!-- answer id=\"x\" -->\n```\n1. one\n  indented\r\nend #";
        let escaped = escape_text(text);
        for line in escaped.split('\n') {
            assert!(
                !line.starts_with('#') && !line.starts_with('<') && !line.starts_with(' '),
                "{line:?}"
            );
        }
        assert!(escaped.contains("1\\. one"), "{escaped}");
        assert!(escaped.contains("&#13;"), "{escaped}");
        assert_eq!(unescape(&escaped), text);
    }

    #[test]
    fn attribute_values_never_close_the_comment() {
        let value = "a\"-->b&#13;\n";
        let escaped = escape_attr(value);
        assert!(!escaped.contains("-->") && !escaped.contains('"') && !escaped.contains('\n'));
        assert_eq!(unescape_attr(&escaped), value);
    }

    #[test]
    fn the_body_keeps_sections_questions_and_every_kind_of_value() {
        let body = "## First\n\n### Say it\n\n<!-- answer id=\"a\" -->\nline one\n\nline \\# two\n\n\
                    ### Pick\n\n<!-- answer id=\"b\" choice=\"keep\" -->\nkeep\n\n## Second\n\n\
                    ### How much?\n\n<!-- answer id=\"c\" scale=\"7\" -->\n7 out of 10\n\n\
                    ### Sure?\n<!-- answer id=\"d\" confirm=\"no\" -->\n\n\
                    ### Breathe\n\n<!-- answer id=\"e\" done=\"yes\" -->\nDone.\n";
        let answers = parse_body(body).unwrap().0;
        let values: Vec<_> = answers
            .iter()
            .map(|a| (a.id.as_str(), a.section.as_str(), a.value.clone()))
            .collect();
        assert_eq!(
            values,
            [
                (
                    "a",
                    "First",
                    AnswerValue::Text("line one\n\nline # two".into())
                ),
                ("b", "First", AnswerValue::Choice("keep".into())),
                ("c", "Second", AnswerValue::Scale(7)),
                ("d", "Second", AnswerValue::YesNo(false)),
                ("e", "Second", AnswerValue::Done),
            ]
        );
        assert_eq!(answers[0].question, "Say it");
    }

    fn words() -> AnswerWords {
        AnswerWords {
            skipped: "(skipped)".into(),
            scale: "{number} sur 10".into(),
            yes: "oui".into(),
            no: "non".into(),
            done: "# fait".into(),
        }
    }

    #[test]
    fn answers_that_are_not_words_are_written_in_the_notes_words_and_read_back_by_value() {
        let mut record = one_answer(Status::Complete);
        let answer = |id: &str, value| Answered {
            id: id.into(),
            section: "Close".into(),
            question: id.into(),
            value,
            label: None,
        };
        record.answers.extend([
            answer("scale", AnswerValue::Scale(7)),
            answer("sure", AnswerValue::YesNo(true)),
            answer("breathe", AnswerValue::Done),
        ]);
        let text = to_markdown(&record, &words());
        for written in [
            "scale=\"7\" -->\n7 sur 10\n",
            "confirm=\"yes\" -->\noui\n",
            // Words that would read as a heading are escaped like any answer.
            "done=\"yes\" -->\n\\# fait\n",
        ] {
            assert!(text.contains(written), "{written:?} in {text}");
        }
        let note = Note::parse(std::path::Path::new("j/2026-11-24-2114.md"), &text).unwrap();
        assert_eq!(from_note(&note).unwrap().answers, record.answers);
    }

    /// A session of 2026-11-24 21:14 with one answer, "hurt", and `status`.
    fn one_answer(status: Status) -> SessionRecord {
        let now = DateTime::parse_from_rfc3339("2026-11-24T21:14:00+00:00").unwrap();
        let mut record = SessionRecord::new(Kind::Session, now);
        record.id = "2026-11-24-2114".into();
        record.status = status;
        record.answers = vec![Answered {
            id: "repair.2.1".into(),
            section: "Acknowledge".into(),
            question: "How did they feel?".into(),
            value: AnswerValue::Text("hurt".into()),
            label: None,
        }];
        record
    }

    #[test]
    fn frontmatter_added_by_hand_is_written_again_as_it_was() {
        let text = to_markdown(&one_answer(Status::Paused), &words());
        let edited = text.replacen(
            "---\n",
            "---\ntags: [hard, talk]\ncssclasses:\n  - quiet\n",
            1,
        );
        let note = Note::parse(std::path::Path::new("j/2026-11-24-2114.md"), &edited).unwrap();
        let mut record = from_note(&note).unwrap();
        assert_eq!(record.answers, one_answer(Status::Paused).answers);
        record.status = Status::Complete;
        let again = to_markdown(&record, &words());
        assert!(again.contains("tags:\n- hard\n- talk\n"), "{again}");
        assert!(again.contains("cssclasses:\n- quiet\n"), "{again}");
        assert!(again.contains("status: complete\n"), "{again}");
        let note = Note::parse(std::path::Path::new("j/2026-11-24-2114.md"), &again).unwrap();
        assert_eq!(from_note(&note).unwrap(), record);
    }

    #[test]
    fn what_you_could_say_and_the_links_to_skill_and_practice_round_trip() {
        use crate::model::CouldSay;
        let mut record = one_answer(Status::Complete);
        record.skill = Some("Repair".into());
        record.practice = Some("Resolving Attunement Mishaps".into());
        record.could_say = Some(CouldSay {
            title: "What you could say".into(),
            sentences: vec![
                "It sounds like you felt hurt.".into(),
                "# not a heading, <!-- not a comment".into(),
            ],
            later: Some(crate::model::AskLater {
                lead: "- Then, not a sentence:".into(),
                sentences: vec!["Next time, could you ask me?".into()],
            }),
        });
        let text = to_markdown(&record, &words());
        assert!(text.contains("skill: '[[Repair]]'"), "{text}");
        assert!(
            text.contains("practice: '[[Resolving Attunement Mishaps]]'"),
            "{text}"
        );
        assert!(
            text.contains(
                "## What you could say\n\n<!-- could_say -->\n- It sounds like you felt hurt.\n- "
            ),
            "{text}"
        );
        let note = Note::parse(std::path::Path::new("j/2026-11-24-2114.md"), &text).unwrap();
        assert_eq!(from_note(&note).unwrap(), record);
        // An older note, with plain names and no sentences, still reads.
        let old = text.replace("'[[Repair]]'", "Repair").replace(
            "'[[Resolving Attunement Mishaps]]'",
            "Resolving Attunement Mishaps",
        );
        let old = &old[..old.find("## What you could say").unwrap()];
        let note = Note::parse(std::path::Path::new("j/old.md"), old).unwrap();
        let read = from_note(&note).unwrap();
        assert_eq!(read.skill.as_deref(), Some("Repair"));
        assert_eq!(read.could_say, None);
        assert_eq!(read.answers, record.answers);
    }

    #[test]
    fn a_draft_far_longer_than_frontmatter_may_be_is_kept_in_the_body_and_reads_back() {
        use crate::model::Draft;
        let mut record = one_answer(Status::Paused);
        let letter = "Dear Sam,\n\n# not a heading\n<!-- draft question=\"x\" -->\n".to_owned()
            + &"I am sorry. ".repeat(3_000)
            + "\n";
        record.draft = Some(Draft {
            question: "What did you do? \"In your words\"".into(),
            text: letter.clone(),
        });
        let text = to_markdown(&record, &words());
        let header = &text[..text.find("\n---\n").unwrap()];
        assert!(
            header.len() < 1024,
            "the draft stays out of the frontmatter"
        );
        let note = Note::parse(std::path::Path::new("j/2026-11-24-2114.md"), &text).unwrap();
        let read = from_note(&note).unwrap();
        assert_eq!(read, record);
        assert_eq!(read.draft.unwrap().text, letter);
    }

    #[test]
    fn a_draft_kept_in_the_frontmatter_by_an_older_version_still_reads() {
        let text = "---\nfileClass: repair_session\nid: 2026-11-24-2114\nkind: session\n\
                    started: 2026-11-24T21:14:00+00:00\nupdated: 2026-11-24T21:14:00+00:00\n\
                    status: paused\ndraft:\n  question: Why?\n  text: because\n---\n\n";
        let note = Note::parse(std::path::Path::new("j/2026-11-24-2114.md"), text).unwrap();
        let draft = from_note(&note).unwrap().draft.unwrap();
        assert_eq!(
            (draft.question.as_str(), draft.text.as_str()),
            ("Why?", "because")
        );
    }

    #[test]
    fn crlf_line_endings_from_an_editor_are_read_as_plain_line_ends() {
        let body = "## S\r\n\r\n### Q\r\n\r\n<!-- answer id=\"a\" -->\r\ntwo\r\nlines\r\n\r\n";
        let answers = parse_body(body).unwrap().0;
        assert_eq!(answers[0].section, "S");
        assert_eq!(answers[0].question, "Q");
        assert_eq!(answers[0].value, AnswerValue::Text("two\nlines".into()));
    }

    #[test]
    fn a_broken_body_names_the_line() {
        let cases = [
            (
                "### Orphan\n\n<!-- answer id=\"a\" -->\nx\n",
                0,
                "before any",
            ),
            ("## S\n\n### Q\n\nsome text\n", 4, "expected `<!-- answer"),
            ("## S\n\n### Q\n\n### R\n", 2, "no `<!-- answer"),
            (
                "## S\n### Q\n<!-- answer id=\"a\" scale=\"12\" -->\n",
                2,
                "0 to 10",
            ),
            ("## S\n### Q\n<!-- answer choice=\"a\" -->\n", 2, "no `id="),
            ("## S\n### Q\n<!-- answer id=\"a\"\n", 2, "not closed"),
            ("## S\n<!-- answer id=\"a\" -->\n", 1, "no `### question`"),
        ];
        for (body, line, words) in cases {
            let (at, message) = parse_body(body).unwrap_err();
            assert_eq!(at, line, "{body:?}: {message}");
            assert!(message.contains(words), "{body:?}: {message}");
        }
    }
}
