//! Keyword enums from one list: each variant's file name (and an optional reader's label), from
//! which the macro derives `ALL`, `NAMES`, `as_str`, `Display`, `FromStr` and serde, so the
//! names can never drift apart.

/// Defines a keyword enum.
///
/// ```text
/// keyword_enum! {
///     /// Docs.
///     pub enum Flow: "trade flow" {
///         /// Docs.
///         Exports = "exports",
///         /// Docs (Display shows the label; FromStr accepts the name and the label).
///         InTension = "in_tension" ("in tension"),
///         /// Docs (FromStr also accepts the aliases).
///         Eq = "eq" | "",
///     }
/// }
/// ```
///
/// Parsing trims the text and ignores ASCII case; an unknown keyword is
/// [`DataError::UnknownKeyword`](crate::error::DataError::UnknownKeyword) naming what was expected.
macro_rules! keyword_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident : $what:literal {
            $(
                $(#[$vmeta:meta])*
                $variant:ident = $text:literal $(($label:literal))? $(| $alias:literal)*
            ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant ),+
        }

        #[allow(dead_code)]
        impl $name {
            /// Every value, in the documented order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The names used in files and on the command line, in the order of
            #[doc = concat!("[`", stringify!($name), "::ALL`].")]
            /// Text reads as a name (or a label or alias) ignoring ASCII case and surrounding
            /// spaces (`USD` is `usd`); it is always written as the name.
            pub const NAMES: &'static [&'static str] = &[$($text),+];

            /// The name used in files and on the command line.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            /// The words a reader sees (the name, unless the variant has a label).
            pub fn label(self) -> &'static str {
                match self {
                    $($name::$variant => $crate::keyword::first_of(&[$($label,)? $text])),+
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.label())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::error::Error;
            fn from_str(s: &str) -> ::std::result::Result<$name, $crate::error::Error> {
                let t = s.trim();
                $(
                    if [$text $(, $label)? $(, $alias)*]
                        .iter()
                        .any(|n: &&str| n.eq_ignore_ascii_case(t))
                    {
                        return Ok($name::$variant);
                    }
                )+
                Err($crate::error::Error::Data($crate::error::DataError::UnknownKeyword {
                    what: $what.to_owned(),
                    text: s.to_owned(),
                    expected: $name::NAMES.join(", "),
                }))
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                s: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                d: D,
            ) -> ::std::result::Result<$name, D::Error> {
                let text = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
                text.parse().map_err(::serde::de::Error::custom)
            }
        }
    };
}

/// `Display`, `Debug`, `FromStr` and serde for a type read from and written as a text code: the
/// type has `fn new(&str) -> Result<Self>` and `fn code(self) -> &'static str`.
macro_rules! code_text {
    ($name:ty) => {
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.code())
            }
        }

        impl ::std::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.code())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::error::Error;
            fn from_str(s: &str) -> ::std::result::Result<$name, $crate::error::Error> {
                <$name>::new(s)
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                s: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                d: D,
            ) -> ::std::result::Result<$name, D::Error> {
                let text = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
                <$name>::new(&text).map_err(::serde::de::Error::custom)
            }
        }
    };
}

/// The first of a non-empty list (the label when one is given, else the name).
pub(crate) const fn first_of(names: &[&'static str]) -> &'static str {
    match names {
        [first, ..] => first,
        [] => "",
    }
}

#[cfg(test)]
mod tests {
    use crate::error::DataError;
    use crate::error::Error;

    keyword_enum! {
        /// A test enum.
        pub enum Colour: "colour" {
            /// Red.
            Red = "red",
            /// Dark blue.
            DarkBlue = "dark_blue" ("dark blue") | "navy",
        }
    }

    #[test]
    fn names_display_parse_and_serde_come_from_one_list() {
        assert_eq!(Colour::NAMES, ["red", "dark_blue"]);
        assert_eq!(Colour::ALL, [Colour::Red, Colour::DarkBlue]);
        assert_eq!(Colour::DarkBlue.as_str(), "dark_blue");
        assert_eq!(Colour::DarkBlue.to_string(), "dark blue");
        assert_eq!(Colour::Red.to_string(), "red");
        for text in ["dark_blue", "Dark Blue", " navy "] {
            assert_eq!(text.parse::<Colour>().ok(), Some(Colour::DarkBlue));
        }
        assert_eq!(
            serde_json::to_string(&Colour::DarkBlue).ok().as_deref(),
            Some("\"dark_blue\"")
        );
        assert_eq!(
            serde_json::from_str::<Colour>("\"red\"").ok(),
            Some(Colour::Red)
        );
        let e = "green".parse::<Colour>().err();
        assert!(matches!(
            e,
            Some(Error::Data(DataError::UnknownKeyword { ref what, ref expected, .. }))
                if what == "colour" && expected == "red, dark_blue"
        ));
        let e = serde_json::from_str::<Colour>("\"green\"").err();
        assert!(e.is_some_and(|e| e.to_string().contains("red, dark_blue")));
    }
}
