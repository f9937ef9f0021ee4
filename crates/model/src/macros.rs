//! The two macros every model type is built with.
//!
//! `json_object!` defines a struct whose JSON form is an object with fixed
//! camelCase keys; keys it does not know are kept in `extra`, so a CT.gov record
//! round-trips without loss. serde's own `#[serde(flatten)]` would do the same but
//! buffers every object it crosses, which made v2 parsing several times slower.
//!
//! `ctgov_enum!` defines an enum with CT.gov's wire spellings, the labels older
//! CT.gov formats and other registries use, and an `Unlisted` variant so an unknown
//! value is kept verbatim instead of failing the record.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserializer, Visitor};

/// A field of a `json_object!` struct: absent fields are not written back.
pub trait Field {
    fn is_absent(&self) -> bool;
}

impl<T> Field for Option<T> {
    fn is_absent(&self) -> bool {
        self.is_none()
    }
}

impl<T> Field for Vec<T> {
    fn is_absent(&self) -> bool {
        self.is_empty()
    }
}

/// An object key, borrowed from the input when the input allows it.
pub struct Key<'de>(pub Cow<'de, str>);

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object key")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Folds a label for comparison: lower case, letters and digits only.
/// "Active, not recruiting", "ACTIVE_NOT_RECRUITING" and "active-not-recruiting" all fold alike.
pub fn fold_label(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

#[macro_export]
#[doc(hidden)]
macro_rules! json_object {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$fmeta:meta])* $field:ident : $ty:ty = $json:literal ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct $name {
            $( $(#[$fmeta])* pub $field: $ty, )*
            /// Keys this version of trialdex does not model, kept as they came.
            pub extra: $crate::Extra,
        }

        impl $name {
            /// The JSON keys this type models, in CT.gov's order.
            pub const KEYS: &'static [&'static str] = &[$($json),*];
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeMap;
                let mut map = serializer.serialize_map(None)?;
                $(
                    if !$crate::macros::Field::is_absent(&self.$field) {
                        map.serialize_entry($json, &self.$field)?;
                    }
                )*
                for (key, value) in &self.extra {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct ObjectVisitor;
                impl<'de> ::serde::de::Visitor<'de> for ObjectVisitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter) -> ::std::fmt::Result {
                        f.write_str(concat!("a ", stringify!($name), " object"))
                    }
                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> Result<$name, A::Error> {
                        let mut out = $name::default();
                        while let Some(key) = map.next_key::<$crate::macros::Key<'de>>()? {
                            match key.0.as_ref() {
                                $( $json => out.$field = map.next_value()?, )*
                                _ => {
                                    let value: ::serde_json::Value = map.next_value()?;
                                    out.extra.insert(key.0.into_owned(), value);
                                }
                            }
                        }
                        Ok(out)
                    }
                }
                deserializer.deserialize_map(ObjectVisitor)
            }
        }
    };
}

#[macro_export]
#[doc(hidden)]
macro_rules! ctgov_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal $([$($label:literal),*])? ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A value CT.gov's 2.0.5 spec does not list, kept verbatim.
            Unlisted(String),
        }

        impl $name {
            /// Every listed value, in CT.gov's order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// CT.gov's API v2 spelling.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $wire, )*
                    $name::Unlisted(s) => s,
                }
            }

            /// The first label older formats use for the value ("Not yet recruiting"
            /// style, what CT.gov's legacy API called it), when one is known.
            pub fn label(&self) -> Option<&'static str> {
                match self {
                    $( $name::$variant => {
                        let labels: &[&'static str] = &[$($($label),*)?];
                        labels.first().copied()
                    } )*
                    $name::Unlisted(_) => None,
                }
            }

            /// Reads CT.gov's wire spelling exactly; anything else becomes `Unlisted`.
            pub fn from_wire(s: &str) -> Self {
                match s {
                    $( $wire => $name::$variant, )*
                    other => $name::Unlisted(other.to_owned()),
                }
            }

            /// Reads a display label from any source ("Not yet recruiting",
            /// "Parallel Assignment", "Anticipated"): compares folded spellings of the
            /// wire value and the known labels. `None` when nothing matches.
            pub fn from_label(s: &str) -> Option<Self> {
                let folded = $crate::macros::fold_label(s);
                if folded.is_empty() {
                    return None;
                }
                $(
                    if folded == $crate::macros::fold_label($wire)
                        $($( || folded == $crate::macros::fold_label($label) )*)?
                    {
                        return Some($name::$variant);
                    }
                )*
                None
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let s = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(deserializer)?;
                Ok($name::from_wire(&s))
            }
        }
    };
}
