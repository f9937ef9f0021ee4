use crate::Parsed;

pub fn parse(_bytes: &[u8]) -> Parsed {
    Parsed::failed("this format is detected but not read yet")
}
