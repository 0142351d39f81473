//! A check that a value to be written holds no NaN or infinity. serde_json writes both as
//! `null`, which reads back as a missing value, or not at all: every writer refuses them up front,
//! naming where the value is (`total[3]`, `layers[0].cost_after`).

use crate::error::{Error, IoError, Result};
use serde::Serialize;
use serde::ser;

/// One step of a path into a value.
enum Part {
    Field(&'static str),
    Index(usize),
    Key(String),
}

/// Walks a value, remembering the path to the current one.
#[derive(Default)]
struct Checker {
    path: Vec<Part>,
}

/// What the walk found (or a serializer's own error).
#[derive(Debug)]
struct Found(String);

impl std::fmt::Display for Found {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Found {}

impl ser::Error for Found {
    fn custom<T: std::fmt::Display>(msg: T) -> Found {
        Found(msg.to_string())
    }
}

impl Checker {
    fn path(&self) -> String {
        let mut s = String::new();
        for p in &self.path {
            match p {
                Part::Field(f) => {
                    if !s.is_empty() {
                        s.push('.');
                    }
                    s.push_str(f);
                }
                Part::Key(k) => {
                    if !s.is_empty() {
                        s.push('.');
                    }
                    s.push_str(k);
                }
                Part::Index(i) => s.push_str(&format!("[{i}]")),
            }
        }
        if s.is_empty() { ".".into() } else { s }
    }

    fn number(&self, v: f64) -> std::result::Result<(), Found> {
        if v.is_finite() {
            Ok(())
        } else {
            Err(Found(format!("{} is {v}", self.path())))
        }
    }
}

/// Checks that `value` holds only finite numbers.
///
/// # Errors
/// [`IoError::Serialize`] naming `what` and the path of the first NaN or infinity.
pub(crate) fn check<T: Serialize + ?Sized>(what: &'static str, value: &T) -> Result<()> {
    let mut c = Checker::default();
    value.serialize(&mut c).map_err(|e| {
        Error::Io(IoError::Serialize {
            what,
            message: format!("{e}: JSON and CSV have no non-finite numbers"),
        })
    })
}

/// A compound value being walked: the checker and the next element's index.
struct Compound<'a> {
    checker: &'a mut Checker,
    index: usize,
}

impl Compound<'_> {
    fn element<T: Serialize + ?Sized>(&mut self, v: &T) -> std::result::Result<(), Found> {
        self.checker.path.push(Part::Index(self.index));
        self.index += 1;
        v.serialize(&mut *self.checker)?;
        self.checker.path.pop();
        Ok(())
    }

    fn field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> std::result::Result<(), Found> {
        self.checker.path.push(Part::Field(key));
        v.serialize(&mut *self.checker)?;
        self.checker.path.pop();
        Ok(())
    }
}

macro_rules! elements {
    ($($trait:ident :: $method:ident),*) => {
        $(
            impl ser::$trait for Compound<'_> {
                type Ok = ();
                type Error = Found;
                fn $method<T: Serialize + ?Sized>(&mut self, v: &T) -> std::result::Result<(), Found> {
                    self.element(v)
                }
                fn end(self) -> std::result::Result<(), Found> {
                    Ok(())
                }
            }
        )*
    };
}
elements!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

macro_rules! fields {
    ($($trait:ident),*) => {
        $(
            impl ser::$trait for Compound<'_> {
                type Ok = ();
                type Error = Found;
                fn serialize_field<T: Serialize + ?Sized>(
                    &mut self,
                    key: &'static str,
                    v: &T,
                ) -> std::result::Result<(), Found> {
                    self.field(key, v)
                }
                fn end(self) -> std::result::Result<(), Found> {
                    Ok(())
                }
            }
        )*
    };
}
fields!(SerializeStruct, SerializeStructVariant);

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Found;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> std::result::Result<(), Found> {
        // Keys name the path; a key that is not text is named by its position.
        let name = serde_json::to_value(key)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_else(|| format!("#{}", self.index));
        self.checker.path.push(Part::Key(name));
        self.index += 1;
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> std::result::Result<(), Found> {
        v.serialize(&mut *self.checker)?;
        self.checker.path.pop();
        Ok(())
    }
    fn end(self) -> std::result::Result<(), Found> {
        Ok(())
    }
}

/// Serializer methods for values that hold no float: nothing to check.
macro_rules! scalars {
    ($($method:ident: $t:ty),*) => {
        $(
            fn $method(self, _: $t) -> std::result::Result<(), Found> {
                Ok(())
            }
        )*
    };
}

impl<'a> ser::Serializer for &'a mut Checker {
    type Ok = ();
    type Error = Found;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_f64(self, v: f64) -> std::result::Result<(), Found> {
        self.number(v)
    }
    fn serialize_f32(self, v: f32) -> std::result::Result<(), Found> {
        self.number(f64::from(v))
    }
    // Everything but floats is finite.
    fn serialize_bool(self, _: bool) -> std::result::Result<(), Found> {
        Ok(())
    }
    scalars!(
        serialize_i8: i8,
        serialize_i16: i16,
        serialize_i32: i32,
        serialize_i64: i64,
        serialize_u8: u8,
        serialize_u16: u16,
        serialize_u32: u32,
        serialize_u64: u64,
        serialize_char: char,
        serialize_str: &str,
        serialize_bytes: &[u8]
    );
    fn serialize_none(self) -> std::result::Result<(), Found> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> std::result::Result<(), Found> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> std::result::Result<(), Found> {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> std::result::Result<(), Found> {
        Ok(())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
    ) -> std::result::Result<(), Found> {
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        v: &T,
    ) -> std::result::Result<(), Found> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        v: &T,
    ) -> std::result::Result<(), Found> {
        self.path.push(Part::Field(variant));
        v.serialize(&mut *self)?;
        self.path.pop();
        Ok(())
    }
    fn serialize_seq(self, _: Option<usize>) -> std::result::Result<Compound<'a>, Found> {
        Ok(Compound {
            checker: self,
            index: 0,
        })
    }
    fn serialize_tuple(self, _: usize) -> std::result::Result<Compound<'a>, Found> {
        self.serialize_seq(None)
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> std::result::Result<Compound<'a>, Found> {
        self.serialize_seq(None)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> std::result::Result<Compound<'a>, Found> {
        self.serialize_seq(None)
    }
    fn serialize_map(self, _: Option<usize>) -> std::result::Result<Compound<'a>, Found> {
        self.serialize_seq(None)
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> std::result::Result<Compound<'a>, Found> {
        self.serialize_seq(None)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> std::result::Result<Compound<'a>, Found> {
        self.serialize_seq(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Layer {
        cost_after: f64,
    }

    #[derive(Serialize)]
    struct Doc {
        name: String,
        layers: Vec<Layer>,
        target: Option<f64>,
    }

    #[test]
    fn names_the_path_of_the_first_non_finite_number() {
        let ok = Doc {
            name: "x".into(),
            layers: vec![Layer { cost_after: 0.0 }],
            target: None,
        };
        assert!(check("a doc", &ok).is_ok());
        let bad = Doc {
            name: "x".into(),
            layers: vec![
                Layer { cost_after: 0.0 },
                Layer {
                    cost_after: f64::NAN,
                },
            ],
            target: Some(1.0),
        };
        let e = check("a doc", &bad).unwrap_err().to_string();
        assert!(e.contains("layers[1].cost_after is NaN"), "{e}");
        let e = check("a list", &vec![1.0, f64::INFINITY])
            .unwrap_err()
            .to_string();
        assert!(e.contains("[1] is inf"), "{e}");
    }
}
