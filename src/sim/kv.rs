//! The key-value state machine each node applies committed entries to, and the encoding of a
//! client write in an entry's command string.
//!
//! A write carries its client id and sequence number so that a retried write is applied
//! exactly once: the state machine remembers the last sequence number applied per client and
//! skips older ones (thesis §6.3). The encoding is readable in a raw log: `C1#3 put "x" "1"`.

use super::json_string;
use litemap::LiteMap;
use serde::{Deserialize, Serialize, Serializer};
use std::collections::BTreeMap;

/// A client write as it travels in a log entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PutOp {
    pub client: u64,
    pub seq: u64,
    pub key: String,
    pub value: String,
}

impl PutOp {
    /// The entry's command string. Key and value are JSON-quoted so any text survives.
    pub fn encode(&self) -> String {
        format!(
            "C{}#{} put {} {}",
            self.client,
            self.seq,
            json_string::quote(&self.key),
            json_string::quote(&self.value)
        )
    }

    /// The inverse of [`PutOp::encode`]; `None` for any other string.
    pub fn decode(data: &str) -> Option<PutOp> {
        let rest = data.strip_prefix('C')?;
        let (client, rest) = rest.split_once('#')?;
        let (seq, rest) = rest.split_once(' ')?;
        let rest = rest.strip_prefix("put ")?;
        let (key, value) = match plain_pair(rest) {
            Some((key, value)) => (key.to_string(), value.to_string()),
            None => json_pair(rest)?,
        };
        Some(PutOp {
            client: client.parse().ok()?,
            seq: seq.parse().ok()?,
            key,
            value,
        })
    }

    /// In plain words: "put x=1 (C1#3)".
    pub fn describe(&self) -> String {
        format!(
            "put {}={} (C{}#{})",
            self.key, self.value, self.client, self.seq
        )
    }
}

/// `"key" "value"` when neither string has an escape (the usual case, every entry applied on
/// every node): a JSON string with no `\` and no control character is its text between quotes,
/// so the text is the slice. Anything else goes to the JSON reader, which reads the same.
fn plain_pair(text: &str) -> Option<(&str, &str)> {
    if text.bytes().any(|b| b == b'\\' || b < 0x20) {
        return None;
    }
    let (key, rest) = text.strip_prefix('"')?.split_once('"')?;
    let value = rest.strip_prefix(" \"")?.strip_suffix('"')?;
    (!value.contains('"')).then_some((key, value))
}

/// Exactly two JSON strings: `"x" "1"`, with any escapes.
fn json_pair(text: &str) -> Option<(String, String)> {
    let (key, rest) = json_string::split_first(json_string::skip_space(text))?;
    let (value, rest) = json_string::split_first(json_string::skip_space(rest))?;
    json_string::skip_space(rest)
        .is_empty()
        .then_some((key, value))
}

/// What applying one entry did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applied {
    /// A client write, and whether it was a duplicate (already applied, so skipped).
    Put { op: PutOp, duplicate: bool },
    /// Anything that is not a client write (no-ops and foreign strings) changes nothing.
    Nothing,
}

/// Keys and their values, sorted by key: a JSON object in the state snapshot.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(from = "BTreeMap<String, String>")]
pub struct KvMap {
    entries: LiteMap<String, String>,
}

impl KvMap {
    pub fn get(&self, key: &str) -> Option<&String> {
        self.entries.get(key)
    }

    pub fn insert(&mut self, key: String, value: String) {
        self.entries.insert(key, value);
    }

    /// The keys, sorted.
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.entries.keys()
    }

    /// (key, value) pairs, sorted by key.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &String)> {
        self.entries.iter()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl Serialize for KvMap {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

impl From<BTreeMap<String, String>> for KvMap {
    fn from(map: BTreeMap<String, String>) -> KvMap {
        KvMap {
            entries: map.into_iter().collect(),
        }
    }
}

/// One node's state machine.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Kv {
    data: KvMap,
    /// The last sequence number applied per client: the exactly-once table.
    last_seq: LiteMap<u64, u64>,
}

impl Kv {
    /// Applies one committed command string.
    pub fn apply(&mut self, data: &str) -> Applied {
        let Some(op) = PutOp::decode(data) else {
            return Applied::Nothing;
        };
        let last = self.last_seq.entry(op.client).or_default();
        let duplicate = op.seq <= *last;
        if !duplicate {
            *last = op.seq;
            self.data.insert(op.key.clone(), op.value.clone());
        }
        Applied::Put { op, duplicate }
    }

    pub fn get(&self, key: &str) -> Option<&String> {
        self.data.get(key)
    }

    pub fn data(&self) -> &KvMap {
        &self.data
    }

    /// The state machine as a snapshot's data (§7): every key and value, and the exactly-once
    /// table (without it, a write retried after a restore would be applied twice). JSON:
    /// `{"data":{"x":"1"},"last_seq":[[1,3]]}`.
    pub fn snapshot(&self) -> String {
        let last_seq: Vec<(u64, u64)> = self.last_seq.iter().map(|(&c, &s)| (c, s)).collect();
        serde_json::json!({ "data": &self.data, "last_seq": last_seq }).to_string()
    }

    /// The state machine a snapshot's data describes; None if it is not one [`Kv::snapshot`]
    /// wrote.
    pub fn restore(snapshot: &str) -> Option<Kv> {
        let value: serde_json::Value = serde_json::from_str(snapshot).ok()?;
        let mut kv = Kv::default();
        for (key, v) in value.get("data")?.as_object()? {
            kv.data.insert(key.clone(), v.as_str()?.to_string());
        }
        for pair in value.get("last_seq")?.as_array()? {
            let (client, seq) = (pair.get(0)?.as_u64()?, pair.get(1)?.as_u64()?);
            kv.last_seq.insert(client, seq);
        }
        Some(kv)
    }

    /// Rough heap size, for the timeline's memory budget.
    pub fn approx_bytes(&self) -> usize {
        let strings: usize = self.data.iter().map(|(k, v)| k.len() + v.len()).sum();
        strings + 64 * self.data.len() + 32 * self.last_seq.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(seq: u64, key: &str, value: &str) -> PutOp {
        PutOp {
            client: 2,
            seq,
            key: key.into(),
            value: value.into(),
        }
    }

    /// A snapshot holds the data and the exactly-once table: restored, the state machine
    /// still skips a write it applied before the snapshot.
    #[test]
    fn a_snapshot_restores_data_and_the_exactly_once_table() {
        let mut kv = Kv::default();
        kv.apply(&op(1, "x", "1").encode());
        kv.apply(&op(2, "ключ", "\"quoted\"\n").encode());
        let mut restored = Kv::restore(&kv.snapshot()).expect("its own snapshot");
        assert_eq!(restored, kv);
        let again = restored.apply(&op(2, "x", "stale").encode());
        assert!(matches!(
            again,
            Applied::Put {
                duplicate: true,
                ..
            }
        ));
        assert_eq!(restored.get("x").map(String::as_str), Some("1"));
        assert_eq!(Kv::restore("{}"), None);
        assert_eq!(Kv::restore("not json"), None);
        assert_eq!(Kv::restore(&Kv::default().snapshot()), Some(Kv::default()));
    }

    #[test]
    fn encoding_round_trips_any_text() {
        for (k, v) in [
            ("x", "1"),
            ("a b", "c \"d\" e"),
            ("", "#C1 put"),
            ("ключ", "\n"),
        ] {
            let o = op(7, k, v);
            assert_eq!(PutOp::decode(&o.encode()), Some(o));
        }
        assert_eq!(op(3, "x", "1").encode(), "C2#3 put \"x\" \"1\"");
        assert_eq!(PutOp::decode("no-op"), None);
        assert_eq!(PutOp::decode("C1#2 put \"x\""), None);
    }

    /// The quick path for plain strings reads exactly what the JSON reader reads.
    #[test]
    fn plain_strings_read_as_json_reads_them() {
        for text in [
            r#""x" "1""#,
            r#""" ""#,
            r#""x" "1" "2""#,
            r#""x"  "1""#,
            r#""x" "1" "#,
            r#""x""1""#,
            r#""a\"b" "c""#,
            "\"tab\there\" \"1\"",
            r#""x" 1"#,
            r#""x"#,
            r#""ключ" "значение""#,
            r#""a\\" "b\"""#,
            r#" "x" "1""#,
            r#""x" "1"x"#,
            r#""\u00e9" "\n""#,
            r#""x" , "1""#,
        ] {
            let quick = plain_pair(text).map(|(k, v)| (k.to_string(), v.to_string()));
            if quick.is_some() {
                assert_eq!(quick, json_pair(text), "{text}");
            }
            let decoded = PutOp::decode(&format!("C1#2 put {text}")).map(|o| (o.key, o.value));
            assert_eq!(decoded, json_pair(text), "{text}");
            assert_eq!(json_pair(text), serde_pair(text), "{text}");
        }
    }

    /// serde_json's own reading of two strings in a row (the reader `json_pair` replaced).
    fn serde_pair(text: &str) -> Option<(String, String)> {
        let mut strings = serde_json::Deserializer::from_str(text).into_iter::<String>();
        let pair = (strings.next()?.ok()?, strings.next()?.ok()?);
        strings.next().is_none().then_some(pair)
    }

    #[test]
    fn the_map_keeps_keys_sorted_and_is_a_json_object() {
        let mut m = KvMap::default();
        for (k, v) in [("y", "1"), ("x", "2"), ("y", "3"), ("ä", "4")] {
            m.insert(k.into(), v.into());
        }
        assert_eq!(m.keys().collect::<Vec<_>>(), ["x", "y", "ä"]);
        assert_eq!(m.get("y").map(String::as_str), Some("3"));
        assert_eq!(m.get("z"), None);
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(json, r#"{"x":"2","y":"3","ä":"4"}"#);
        assert_eq!(serde_json::from_str::<KvMap>(&json).unwrap(), m);
    }

    #[test]
    fn retried_write_applies_once() {
        let mut kv = Kv::default();
        let first = op(1, "x", "1");
        assert!(matches!(
            kv.apply(&first.encode()),
            Applied::Put {
                duplicate: false,
                ..
            }
        ));
        kv.apply(&op(2, "x", "2").encode());
        // The retry of seq 1 arrives late: it must not overwrite x=2.
        assert!(matches!(
            kv.apply(&first.encode()),
            Applied::Put {
                duplicate: true,
                ..
            }
        ));
        assert_eq!(kv.get("x").map(String::as_str), Some("2"));
        assert_eq!(kv.apply("something else"), Applied::Nothing);
    }
}
