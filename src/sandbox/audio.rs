//! The audio of sandbox recordings: valid, tiny files of silence.
//!
//! - WAV: RIFF/WAVE, 8 kHz, 8-bit unsigned PCM (silence is `0x80`), mono or
//!   stereo, as many seconds as the recording lasts (8 kB per second and channel).
//! - MP3: silent MPEG-1 Layer III frames, 32 kbit/s, 32 kHz, mono (144 bytes per
//!   36 ms frame, ~4 kB per second): real frames, not WAV bytes relabelled.

/// Samples per second of the WAV files.
const WAV_RATE: u32 = 8_000;
/// The longest audio generated, in seconds (longer recordings get this much).
const MAX_SECONDS: u32 = 60;

/// A WAV file of `seconds` of silence (at least 1, at most 60) on `channels` channels.
pub(crate) fn wav(seconds: u32, channels: u8) -> Vec<u8> {
    let channels = u16::from(channels.clamp(1, 2));
    let seconds = seconds.clamp(1, MAX_SECONDS);
    let block_align = channels; // 1 byte per sample and channel
    let data_len = WAV_RATE * seconds * u32::from(block_align);
    let mut out = Vec::with_capacity(44 + data_len as usize);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&(36 + data_len).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes()); // fmt chunk size
    out.extend_from_slice(&1u16.to_le_bytes()); // PCM
    out.extend_from_slice(&channels.to_le_bytes());
    out.extend_from_slice(&WAV_RATE.to_le_bytes());
    out.extend_from_slice(&(WAV_RATE * u32::from(block_align)).to_le_bytes()); // byte rate
    out.extend_from_slice(&block_align.to_le_bytes());
    out.extend_from_slice(&8u16.to_le_bytes()); // bits per sample
    out.extend_from_slice(b"data");
    out.extend_from_slice(&data_len.to_le_bytes());
    out.resize(out.len() + data_len as usize, 0x80);
    out
}

/// One silent MPEG-1 Layer III frame: 32 kbit/s, 32 kHz, mono, no CRC, no
/// padding, so 144 × 32000 / 32000 = 144 bytes; all-zero side information
/// decodes as silence.
const MP3_FRAME_LEN: usize = 144;
const MP3_HEADER: [u8; 4] = [
    0xFF, // frame sync
    0xFB, // sync, MPEG-1, Layer III, no CRC
    0x18, // bitrate index 1 (32 kbit/s), sample rate index 2 (32 kHz), no padding
    0xC0, // single channel
];
/// Frames per second at 32 kHz (1152 samples each), rounded up.
const MP3_FRAMES_PER_SECOND: u32 = 28;

/// An MP3 file of about `seconds` of silence (at least 1, at most 60).
pub(crate) fn mp3(seconds: u32) -> Vec<u8> {
    let frames = (seconds.clamp(1, MAX_SECONDS) * MP3_FRAMES_PER_SECOND) as usize;
    let mut out = Vec::with_capacity(frames * MP3_FRAME_LEN);
    for _ in 0..frames {
        out.extend_from_slice(&MP3_HEADER);
        out.resize(out.len() + MP3_FRAME_LEN - MP3_HEADER.len(), 0);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wav_headers_describe_the_data() {
        let file = wav(2, 2);
        assert_eq!(&file[..4], b"RIFF");
        assert_eq!(&file[8..16], b"WAVEfmt ");
        let u32_at =
            |i: usize| u32::from_le_bytes([file[i], file[i + 1], file[i + 2], file[i + 3]]);
        let u16_at = |i: usize| u16::from_le_bytes([file[i], file[i + 1]]);
        assert_eq!(u32_at(4) as usize, file.len() - 8);
        assert_eq!((u16_at(20), u16_at(22), u32_at(24)), (1, 2, 8_000));
        assert_eq!((u32_at(28), u16_at(32), u16_at(34)), (16_000, 2, 8));
        assert_eq!(&file[36..40], b"data");
        assert_eq!(u32_at(40), 32_000);
        assert_eq!(file.len(), 44 + 32_000);
        assert!(file[44..].iter().all(|&b| b == 0x80));
        assert_eq!(wav(0, 1).len(), 44 + 8_000);
    }

    #[test]
    fn mp3_is_a_run_of_frames() {
        let file = mp3(1);
        assert_eq!(file.len(), 28 * 144);
        for frame in file.chunks(144) {
            assert_eq!(&frame[..4], &MP3_HEADER);
            // 11 sync bits set; version MPEG-1 (11), layer III (01).
            assert_eq!(frame[0], 0xFF);
            assert_eq!(frame[1] & 0xE0, 0xE0);
            assert_eq!((frame[1] >> 3) & 0b11, 0b11);
            assert_eq!((frame[1] >> 1) & 0b11, 0b01);
        }
    }
}
