//! The country the person's locale names, so the safety note can list help where they live.
//!
//! Read by hand from `LC_ALL`, then `LC_MESSAGES`, then `LANG` (the POSIX order; an empty value
//! counts as unset): `en_GB.UTF-8` is GB. `LANGUAGE` is skipped on purpose: it lists languages,
//! not a country.

/// The ISO 3166 alpha-2 code of the locale's country, upper case, if the locale names one.
pub fn country() -> Option<String> {
    country_from(|name| std::env::var(name).ok())
}

/// The country of the first locale variable that is set, read through `var`.
pub fn country_from(var: impl Fn(&str) -> Option<String>) -> Option<String> {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .into_iter()
        .find_map(|name| var(name).filter(|value| !value.is_empty()))
        .and_then(|value| country_of(&value))
}

/// `language[_TERRITORY][.codeset][@modifier]` to its territory: `de_DE.UTF-8@euro` is DE;
/// `C`, `POSIX`, `C.UTF-8` and `en` name none.
pub fn country_of(locale: &str) -> Option<String> {
    let name = locale.split(['.', '@']).next().unwrap_or_default();
    let (_, territory) = name.split_once('_')?;
    (territory.len() == 2 && territory.bytes().all(|b| b.is_ascii_alphabetic()))
        .then(|| territory.to_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("en_GB.UTF-8", Some("GB"))]
    #[case("de_DE.UTF-8", Some("DE"))]
    #[case("de_DE@euro", Some("DE"))]
    #[case("en_us", Some("US"))]
    #[case("pt_BR.ISO-8859-1@x", Some("BR"))]
    #[case("C", None)]
    #[case("C.UTF-8", None)]
    #[case("POSIX", None)]
    #[case("en", None)]
    #[case("sr_RS@latin_x", Some("RS"))]
    #[case("es_419.UTF-8", None)]
    #[case("", None)]
    fn a_locale_names_its_country(#[case] locale: &str, #[case] country: Option<&str>) {
        assert_eq!(country_of(locale).as_deref(), country);
    }

    fn vars<'a>(set: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            set.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn lc_all_then_lc_messages_then_lang_and_empty_counts_as_unset() {
        let all = [
            ("LC_ALL", "de_DE.UTF-8"),
            ("LC_MESSAGES", "fr_FR.UTF-8"),
            ("LANG", "en_GB.UTF-8"),
        ];
        assert_eq!(country_from(vars(&all)).as_deref(), Some("DE"));
        assert_eq!(country_from(vars(&all[1..])).as_deref(), Some("FR"));
        assert_eq!(country_from(vars(&all[2..])).as_deref(), Some("GB"));
        let empty_all = [("LC_ALL", ""), ("LANG", "en_AU.UTF-8")];
        assert_eq!(country_from(vars(&empty_all)).as_deref(), Some("AU"));
        // C in LC_ALL overrides a country further down, as it does for every other program.
        let c_all = [("LC_ALL", "C"), ("LANG", "en_GB.UTF-8")];
        assert_eq!(country_from(vars(&c_all)), None);
        assert_eq!(country_from(vars(&[])), None);
    }
}
