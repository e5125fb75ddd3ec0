//! The shape most of the programme's enums share: a value is stored and sent in forms as a short
//! code (`non_retenue`) and shown to people with a French label ("Non retenue").

/// Declares such an enum, each variant with its code and its label, and gives it:
/// - the traits of a plain value (`Debug`, `Clone`, `Copy`, `PartialEq`, `Eq`, `Hash`);
/// - `ALL`, every value in the order listed (the order lists and forms show them in);
/// - `as_str`, the code the database and the forms use;
/// - `parse`, the value of a code (`None` for anything `as_str` does not write);
/// - `label`, what people read.
///
/// Written once here so that a code and its label stand side by side, and a new state is one
/// line; what else a type knows (its transitions, its messages) stays a plain `impl` beside it.
macro_rules! coded_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $(
                $(#[$variant_meta:meta])*
                $variant:ident = ($code:literal, $label:literal)
            ),+ $(,)?
        }
    ) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        $(#[$meta])*
        $vis enum $name {
            $(
                $(#[$variant_meta])*
                $variant
            ),+
        }

        impl $name {
            /// Every value, in the order they are listed to people.
            pub const ALL: [$name; [$($code),+].len()] = [$($name::$variant),+];

            /// The code stored in the database and sent by forms.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $code),+
                }
            }

            /// The value a code stands for; `None` for a code [`Self::as_str`] never writes.
            pub fn parse(code: &str) -> Option<$name> {
                Self::ALL.into_iter().find(|value| value.as_str() == code)
            }

            /// How people read it, in French.
            pub fn label(self) -> &'static str {
                match self {
                    $($name::$variant => $label),+
                }
            }
        }
    };
}

pub(crate) use coded_enum;

#[cfg(test)]
mod tests {
    coded_enum! {
        /// A type for the test only.
        enum Colour {
            Red = ("rouge", "Rouge vif"),
            /// A variant's own documentation is kept.
            LightBlue = ("bleu_clair", "Bleu clair"),
        }
    }

    #[test]
    fn codes_read_back_and_labels_follow_the_declaration() {
        assert_eq!(Colour::ALL, [Colour::Red, Colour::LightBlue]);
        for colour in Colour::ALL {
            assert_eq!(Colour::parse(colour.as_str()), Some(colour));
        }
        assert_eq!(Colour::LightBlue.as_str(), "bleu_clair");
        assert_eq!(Colour::LightBlue.label(), "Bleu clair");
        assert_eq!(Colour::parse("Rouge vif"), None);
        assert_eq!(Colour::parse(""), None);
    }
}
