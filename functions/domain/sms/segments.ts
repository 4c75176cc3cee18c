// How many billed SMS parts a text needs (DOMAIN.md "SMS in India": each segment is billed).
// GSM 03.38: a text made only of GSM-7 characters goes 7-bit, 160 per message or 153 per part of a
// multipart message (the part header takes the rest); anything else makes the whole text UCS-2,
// 70 UTF-16 code units or 67 per part.

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SegmentCount {
  encoding: SmsEncoding;
  /** Septets for GSM-7, UTF-16 code units for UCS-2. */
  units: number;
  /** 0 for an empty text: there is nothing to send, so nothing is billed. */
  segments: number;
}

/** The GSM 03.38 default alphabet, less the escape code that introduces the extension table. */
const GSM7_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' + '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
/** Extension table characters: each is sent as escape + code, so it takes two septets. */
const GSM7_EXTENSION = new Set('\f^{}\\[~]|€');

const LIMITS: Record<SmsEncoding, { single: number; perPart: number }> = {
  'GSM-7': { single: 160, perPart: 153 },
  'UCS-2': { single: 70, perPart: 67 },
};

export function countSegments(text: string): SegmentCount {
  const characters = [...text];
  const encoding: SmsEncoding = characters.every((c) => GSM7_BASIC.has(c) || GSM7_EXTENSION.has(c)) ? 'GSM-7' : 'UCS-2';
  // A character's width: two septets for an escaped one; two code units for a surrogate pair.
  const widths = characters.map((c) => (encoding === 'GSM-7' ? (GSM7_EXTENSION.has(c) ? 2 : 1) : c.length));
  const units = widths.reduce((sum, width) => sum + width, 0);
  const { single, perPart } = LIMITS[encoding];
  if (units === 0) return { encoding, units, segments: 0 };
  if (units <= single) return { encoding, units, segments: 1 };
  // Parts are filled character by character: an escape pair or a surrogate pair is never split
  // across two parts, so a part may end one unit short and the text need one part more.
  let segments = 1;
  let used = 0;
  for (const width of widths) {
    if (used + width > perPart) {
      segments += 1;
      used = 0;
    }
    used += width;
  }
  return { encoding, units, segments };
}
