//! The archive a user downloads to take away all of their data (their JSON and their documents).

use std::io::{Cursor, Write};
use time::OffsetDateTime;
use zip::write::SimpleFileOptions;

/// A ZIP of the given files, in the given order, each stored uncompressed: the documents inside
/// (PDF, DOCX, ODT) are compressed already, and storing needs no codec in the build. Every entry
/// is dated now (UTC) so that an unzipped folder shows when the data was taken.
///
/// Names are written as given: the caller builds them (e.g. `donnees.json`,
/// `documents/cv.pdf`) and must not pass a user's file name unchecked. Two entries with the same
/// name are an error: a reader would show only one of them.
pub fn archive(files: &[(String, Vec<u8>)]) -> std::io::Result<Vec<u8>> {
    let now = OffsetDateTime::now_utc();
    let modified = zip::DateTime::from_date_and_time(
        u16::try_from(now.year()).unwrap_or(1980),
        u8::from(now.month()),
        now.day(),
        now.hour(),
        now.minute(),
        now.second(),
    )
    .unwrap_or_default();
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .last_modified_time(modified)
        .unix_permissions(0o644);
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in files {
        writer
            .start_file(name.as_str(), options)
            .map_err(std::io::Error::other)?;
        writer.write_all(bytes)?;
    }
    Ok(writer.finish().map_err(std::io::Error::other)?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn read_back(bytes: Vec<u8>) -> Vec<(String, Vec<u8>)> {
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        (0..archive.len())
            .map(|index| {
                let mut entry = archive.by_index(index).unwrap();
                let mut content = Vec::new();
                entry.read_to_end(&mut content).unwrap();
                (entry.name().unwrap().into_owned(), content)
            })
            .collect()
    }

    #[test]
    fn the_archive_holds_every_file_in_order_with_its_bytes() {
        let files = vec![
            ("donnees.json".to_owned(), br#"{"nom":"Zo\u00e9"}"#.to_vec()),
            ("documents/cv.pdf".to_owned(), b"%PDF-1.4 ...".to_vec()),
            ("documents/lettre de motivation é.odt".to_owned(), vec![0, 1, 2, 255]),
            ("vide.txt".to_owned(), Vec::new()),
        ];
        assert_eq!(read_back(archive(&files).unwrap()), files);
    }

    #[test]
    fn an_empty_list_gives_an_empty_archive() {
        assert!(read_back(archive(&[]).unwrap()).is_empty());
    }

    #[test]
    fn entries_are_dated_now() {
        let bytes = archive(&[("a.json".to_owned(), b"{}".to_vec())]).unwrap();
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let modified = archive.by_index(0).unwrap().last_modified().unwrap();
        let year = OffsetDateTime::now_utc().year();
        assert!(i32::from(modified.year()) >= year - 1, "{modified:?}");
    }

    #[test]
    fn two_files_with_the_same_name_are_refused() {
        let files = [
            ("cv.pdf".to_owned(), b"%PDF-1".to_vec()),
            ("cv.pdf".to_owned(), b"%PDF-2".to_vec()),
        ];
        assert!(archive(&files).is_err());
    }
}
