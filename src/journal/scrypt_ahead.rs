//! age's passphrase recipient, with its scrypt worked out ahead of time on a thread of its own,
//! so that saving a note after an answer does not keep the person waiting a second for it.
//!
//! An age passphrase stanza is the note's random file key, encrypted under the key scrypt makes
//! of a random salt and the passphrase. That scrypt is slow on purpose, and needs no file key: so
//! a salt and its key are made while the person types, and used for one note only. Each key
//! encrypts a file key with age's fixed nonce, so it must never seal a second one. The stanza is
//! the one age's own `scrypt::Recipient` writes, so `age -d` and [`age::scrypt::Identity`] open
//! the note as before.
use age::secrecy::{ExposeSecret, SecretString};
use age_core::format::{FileKey, Stanza};
use base64::Engine as _;
use base64::prelude::BASE64_STANDARD_NO_PAD;
use rand::RngCore as _;
use rand::distributions::{Alphanumeric, DistString as _};
use std::collections::HashSet;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock};
use std::time::{Duration, Instant};
use zeroize::Zeroizing;

/// What age puts before the salt (the format's own label for scrypt stanzas).
const SALT_LABEL: &[u8] = b"age-encryption.org/v1/scrypt";
const SALT_LEN: usize = 16;

/// A salt and the key scrypt makes of it with the passphrase: enough to seal one note.
struct WrapKey {
    salt: [u8; SALT_LEN],
    key: Zeroizing<[u8; 32]>,
    log_n: u8,
}

impl WrapKey {
    fn derive(passphrase: &SecretString, log_n: u8) -> WrapKey {
        let mut salt = [0; SALT_LEN];
        rand::rngs::OsRng.fill_bytes(&mut salt);
        let key = scrypt_key(&[SALT_LABEL, &salt].concat(), log_n, passphrase);
        WrapKey { salt, key, log_n }
    }
}

/// scrypt as age uses it: r = 8, p = 1, a 32-byte key.
fn scrypt_key(salt: &[u8], log_n: u8, passphrase: &SecretString) -> Zeroizing<[u8; 32]> {
    let params = scrypt::Params::new(log_n, 8, 1, 32).expect("a work factor from 1 to 63");
    let mut key = Zeroizing::new([0; 32]);
    scrypt::scrypt(
        passphrase.expose_secret().as_bytes(),
        salt,
        &params,
        key.as_mut(),
    )
    .expect("32 bytes is a length scrypt makes");
    key
}

/// The work factor that takes about a second on this computer, found as age finds it: time a
/// small one, then double it.
fn work_factor_for_a_second() -> u8 {
    let time = |log_n| {
        let began = Instant::now();
        scrypt_key(&[], log_n, &SecretString::from(String::new()));
        began.elapsed()
    };
    let mut log_n = 10;
    let mut took = time(log_n);
    while took.is_zero() && log_n < 63 {
        log_n += 1;
        took = time(log_n);
    }
    while took < Duration::from_secs(1) && log_n < 63 {
        log_n += 1;
        took *= 2;
    }
    log_n
}

/// The next note's key.
enum Next {
    /// None made: the next seal makes its own.
    None,
    /// Being made on its own thread.
    Making,
    Ready(WrapKey),
}

/// Seals notes with a passphrase, each with a key made ahead.
pub(super) struct ScryptAhead {
    passphrase: SecretString,
    /// The work factor: the one given, or age's, found when the first note is sealed (a command
    /// that only reads never times it).
    log_n: OnceLock<u8>,
    next: Arc<(Mutex<Next>, Condvar)>,
}

impl ScryptAhead {
    /// Seals with `passphrase`, at the work factor `log_n` or else about a second's.
    pub(super) fn new(passphrase: SecretString, log_n: Option<u8>) -> ScryptAhead {
        ScryptAhead {
            passphrase,
            log_n: log_n.map(OnceLock::from).unwrap_or_default(),
            next: Arc::new((Mutex::new(Next::None), Condvar::new())),
        }
    }

    /// Begins making the next note's key, unless one is made or being made.
    pub(super) fn prepare(&self) {
        let mut next = lock(&self.next.0);
        if matches!(*next, Next::None) {
            *next = self.begin();
        }
    }

    /// A recipient for one note: the key made ahead (waited for while it is being made), or one
    /// made now. The key after it is begun at once.
    pub(super) fn recipient(&self) -> OneNote {
        let (slot, made) = &*self.next;
        let mut next = lock(slot);
        loop {
            match std::mem::replace(&mut *next, Next::None) {
                Next::Ready(key) => {
                    *next = self.begin();
                    return OneNote(key);
                }
                Next::Making => {
                    *next = Next::Making;
                    next = made.wait(next).unwrap_or_else(|p| p.into_inner());
                }
                Next::None => {
                    drop(next);
                    let key = WrapKey::derive(&self.passphrase, self.log_n());
                    self.prepare();
                    return OneNote(key);
                }
            }
        }
    }

    fn log_n(&self) -> u8 {
        *self.log_n.get_or_init(work_factor_for_a_second)
    }

    /// Starts a thread that makes a key; `Making`, or `None` if no thread could be started.
    fn begin(&self) -> Next {
        let (passphrase, log_n) = (self.passphrase.clone(), self.log_n());
        let next = Arc::clone(&self.next);
        let started = std::thread::Builder::new()
            .name("scrypt-ahead".into())
            .spawn(move || {
                // A thread that failed leaves `None`, so that a seal waiting for it makes its own.
                let made = std::panic::catch_unwind(|| WrapKey::derive(&passphrase, log_n));
                let (slot, ready) = &*next;
                *lock(slot) = made.map_or(Next::None, Next::Ready);
                ready.notify_all();
            });
        match started {
            Ok(_) => Next::Making,
            Err(_) => Next::None,
        }
    }
}

fn lock(next: &Mutex<Next>) -> MutexGuard<'_, Next> {
    next.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// age's recipient for a single note, its scrypt already done.
pub(super) struct OneNote(WrapKey);

impl age::Recipient for OneNote {
    fn wrap_file_key(
        &self,
        file_key: &FileKey,
    ) -> Result<(Vec<Stanza>, HashSet<String>), age::EncryptError> {
        let WrapKey { salt, key, log_n } = &self.0;
        let body = age_core::primitives::aead_encrypt(key, file_key.expose_secret());
        // A label of its own, as age gives it: a passphrase must be a note's only recipient.
        let label = Alphanumeric.sample_string(&mut rand::rngs::OsRng, 32);
        let stanza = Stanza {
            tag: "scrypt".to_owned(),
            args: vec![BASE64_STANDARD_NO_PAD.encode(salt), log_n.to_string()],
            body,
        };
        Ok((vec![stanza], HashSet::from([label])))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn passphrase(words: &str) -> SecretString {
        SecretString::from(words.to_owned())
    }

    #[test]
    fn age_opens_a_note_sealed_with_a_key_made_ahead() {
        let ahead = ScryptAhead::new(passphrase("river stone"), Some(4));
        ahead.prepare();
        let sealed = age::encrypt(&ahead.recipient(), b"I felt unheard").unwrap();
        let identity = age::scrypt::Identity::new(passphrase("river stone"));
        assert_eq!(age::decrypt(&identity, &sealed).unwrap(), b"I felt unheard");
        let wrong = age::scrypt::Identity::new(passphrase("river stones"));
        assert!(age::decrypt(&wrong, &sealed).is_err());
    }

    #[test]
    fn every_note_gets_a_salt_of_its_own() {
        let ahead = ScryptAhead::new(passphrase("river stone"), Some(4));
        let salts: HashSet<_> = (0..6)
            .map(|n| {
                // Some taken as soon as asked, some after the key ahead is ready.
                if n % 2 == 0 {
                    std::thread::sleep(Duration::from_millis(20));
                }
                ahead.recipient().0.salt
            })
            .collect();
        assert_eq!(salts.len(), 6, "a key is never used twice");
    }

    #[test]
    fn the_stanza_is_the_one_age_writes() {
        let sealed = age::encrypt(&OneNote(WrapKey::derive(&passphrase("p"), 5)), b"x").unwrap();
        let header = String::from_utf8_lossy(&sealed[..sealed.len().min(200)]).into_owned();
        let stanza = header.lines().nth(1).unwrap();
        let parts: Vec<_> = stanza.split(' ').collect();
        assert_eq!(parts[..2], ["->", "scrypt"], "{header}");
        assert_eq!(BASE64_STANDARD_NO_PAD.decode(parts[2]).unwrap().len(), 16);
        assert_eq!(parts[3], "5");
    }

    #[test]
    fn a_second_takes_a_work_factor_age_accepts_found_only_when_a_note_is_sealed() {
        let ahead = ScryptAhead::new(passphrase("river stone"), None);
        assert_eq!(ahead.log_n.get(), None, "made, and nothing timed");
        let log_n = ahead.log_n();
        assert!((10..40).contains(&log_n), "{log_n}");
    }
}
