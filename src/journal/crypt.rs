//! Journal notes locked with a passphrase, in the age format (scrypt passphrase recipient), so
//! the standard `age` tool opens a note without this one: `age -d 2026-11-24-1503.md.age`.
//!
//! Everything happens in memory: a note is sealed before it is written and opened after it is
//! read, so its words never reach the disk unencrypted. The scrypt work factor is age's own,
//! tuned to about a second on this computer; debug builds (the tests) may lower it through
//! `REPAIR_COACH_SCRYPT_WORK_FACTOR`, which release builds never read. Sealing waits for none of
//! it once [`Key::prepare`] is called: see [`scrypt_ahead`](super::scrypt_ahead).
use super::scrypt_ahead::ScryptAhead;
use age::secrecy::SecretString;
use std::fmt;
use std::sync::OnceLock;

/// The file name ending of an encrypted journal note (`ID.md.age`).
pub const SUFFIX: &str = ".md.age";

/// A passphrase, ready to seal and open notes.
pub struct Key {
    sealer: ScryptAhead,
    identity: age::scrypt::Identity,
    /// The first note opened (the one the passphrase was checked on), sealed and open: reading
    /// it again in the same command costs no second scrypt.
    first_opened: OnceLock<(Vec<u8>, Vec<u8>)>,
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Key(..)")
    }
}

/// Why a sealed note could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("the passphrase does not open it")]
    WrongPassphrase,
    #[error("it is not a readable age file ({0})")]
    Unreadable(String),
}

impl Key {
    pub fn new(passphrase: String) -> Key {
        let passphrase = SecretString::from(passphrase);
        Key {
            sealer: ScryptAhead::new(passphrase.clone(), test_work_factor()),
            identity: age::scrypt::Identity::new(passphrase),
            first_opened: OnceLock::new(),
        }
    }

    /// Begins the slow half of sealing the next note now, on a thread of its own, for a command
    /// that will write: a session's save after an answer then takes no second of scrypt.
    pub fn prepare(&self) {
        self.sealer.prepare();
    }

    /// `plain` encrypted, in memory.
    pub fn seal(&self, plain: &[u8]) -> std::io::Result<Vec<u8>> {
        age::encrypt(&self.sealer.recipient(), plain).map_err(std::io::Error::other)
    }

    /// `sealed` decrypted, in memory.
    pub fn open(&self, sealed: &[u8]) -> Result<Vec<u8>, OpenError> {
        if let Some((known, plain)) = self.first_opened.get()
            && known == sealed
        {
            return Ok(plain.clone());
        }
        let plain = age::decrypt(&self.identity, sealed).map_err(|e| match e {
            age::DecryptError::DecryptionFailed
            | age::DecryptError::KeyDecryptionFailed
            | age::DecryptError::NoMatchingKeys => OpenError::WrongPassphrase,
            other => OpenError::Unreadable(other.to_string()),
        })?;
        let _ = self.first_opened.set((sealed.to_vec(), plain.clone()));
        Ok(plain)
    }
}

/// A lower scrypt work factor, for tests only: never read by a release build.
fn test_work_factor() -> Option<u8> {
    if !cfg!(debug_assertions) {
        return None;
    }
    std::env::var("REPAIR_COACH_SCRYPT_WORK_FACTOR")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|log_n| (1..64).contains(log_n))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(passphrase: &str) -> Key {
        let mut key = Key::new(passphrase.into());
        key.sealer = ScryptAhead::new(SecretString::from(passphrase.to_owned()), Some(4));
        key
    }

    #[test]
    fn a_sealed_note_opens_with_its_passphrase_only() {
        let sealed = key("river stone").seal(b"I felt unheard").unwrap();
        assert!(!sealed.windows(8).any(|w| w == b"unheard "));
        assert!(sealed.starts_with(b"age-encryption.org/v1\n"));
        assert_eq!(key("river stone").open(&sealed).unwrap(), b"I felt unheard");
        assert!(matches!(
            key("river stones").open(&sealed),
            Err(OpenError::WrongPassphrase)
        ));
        assert!(matches!(
            key("river stone").open(b"not age"),
            Err(OpenError::Unreadable(_))
        ));
    }

    #[test]
    fn a_note_opened_again_gives_the_same_words_and_others_are_still_decrypted() {
        let key = key("river stone");
        let one = key.seal(b"one").unwrap();
        let two = key.seal(b"two").unwrap();
        assert_eq!(key.open(&one).unwrap(), b"one");
        assert_eq!(key.open(&one).unwrap(), b"one");
        assert_eq!(key.open(&two).unwrap(), b"two");
        let mut changed = one.clone();
        *changed.last_mut().unwrap() ^= 1;
        assert!(
            key.open(&changed).is_err(),
            "only the very same bytes are remembered"
        );
    }

    #[test]
    fn the_key_never_shows_the_passphrase() {
        assert_eq!(format!("{:?}", key("secret words")), "Key(..)");
    }
}
