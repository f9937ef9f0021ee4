use crate::Parsed;

pub fn parse(_bytes: &[u8]) -> Parsed {
    Parsed::failed("not implemented yet")
}
