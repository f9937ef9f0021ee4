//! Bytes → text. Registry pages come in UTF-8, UTF-16 and legacy encodings (GB18030
//! for Chinese pages, Windows-1252 for old exports); a file that is not UTF-8 is decoded
//! by its byte-order mark or by detection, and the parser is told so.

use std::borrow::Cow;

use crate::Diagnostic;

/// Decodes `bytes` to text. The diagnostic, if any, says which encoding was assumed.
pub fn decode(bytes: &[u8]) -> (Cow<'_, str>, Option<Diagnostic>) {
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        let note = (encoding != encoding_rs::UTF_8 || had_errors).then(|| {
            Diagnostic::warning(format!(
                "text is {}{}",
                encoding.name(),
                if had_errors { " with invalid sequences (replaced by U+FFFD)" } else { "" }
            ))
        });
        return (text, note);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (Cow::Borrowed(text), None),
        Err(_) if mostly_utf8(bytes) => {
            let text = String::from_utf8_lossy(bytes);
            (text, Some(Diagnostic::warning("text is not valid UTF-8; invalid bytes replaced by U+FFFD")))
        }
        Err(_) => {
            let mut detector = chardetng::EncodingDetector::new();
            detector.feed(bytes, true);
            let encoding = detector.guess(None, true);
            let (text, _, had_errors) = encoding.decode(bytes);
            let message = if encoding == encoding_rs::UTF_8 || had_errors {
                "text is not valid UTF-8; invalid bytes replaced by U+FFFD".to_owned()
            } else {
                format!("text is not UTF-8; decoded as {}", encoding.name())
            };
            (text, Some(Diagnostic::warning(message)))
        }
    }
}

/// A UTF-8 file with a stray bad byte, rather than a file in another encoding: its
/// valid multi-byte characters outnumber its invalid sequences.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut valid_multibyte, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        valid_multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += usize::from(!chunk.invalid().is_empty());
    }
    valid_multibyte > invalid
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_borrowed_and_silent() {
        let (text, note) = decode("再生障碍性贫血".as_bytes());
        assert!(matches!(text, Cow::Borrowed(_)));
        assert!(note.is_none());
    }

    #[test]
    fn gb18030_is_detected() {
        let (bytes, _, _) = encoding_rs::GB18030
            .encode("注册号：ChiCTR2600117810 标准免疫抑制疗法联合脐带血单个核细胞输注治疗重型再生障碍性贫血");
        let (text, note) = decode(&bytes);
        assert!(text.contains("再生障碍性贫血"), "{text}");
        assert!(note.expect("a warning").message.starts_with("text is not UTF-8; decoded as"));
    }

    #[test]
    fn a_stray_byte_in_utf8_text_costs_only_that_byte() {
        let mut bytes = "Sjögren's syndrome, Sjögren".as_bytes().to_vec();
        bytes[0] = 0xFF;
        let (text, note) = decode(&bytes);
        assert_eq!(text, "\u{FFFD}jögren's syndrome, Sjögren");
        assert!(note.is_some());
    }

    #[test]
    fn utf16_bom_is_honoured() {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend("NCT01234567".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(&bytes).0, "NCT01234567");
    }
}
