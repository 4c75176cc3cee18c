// Segment counting at the exact boundaries where the bill changes.
import { countSegments } from '../../functions/domain/sms/segments.js';

const gsm = (length: number) => 'a'.repeat(length);
const bengali = (length: number) => 'ক'.repeat(length);

describe('countSegments', () => {
  test.each([
    [160, 1],
    [161, 2],
    [306, 2],
    [307, 3],
    [459, 3],
    [460, 4],
  ])('GSM-7: %i characters take %i segment(s)', (length, segments) => {
    expect(countSegments(gsm(length))).toEqual({ encoding: 'GSM-7', units: length, segments });
  });

  test.each([
    [70, 1],
    [71, 2],
    [134, 2],
    [135, 3],
  ])('UCS-2: %i Bengali characters take %i segment(s)', (length, segments) => {
    expect(countSegments(bengali(length))).toEqual({ encoding: 'UCS-2', units: length, segments });
  });

  test('an empty text is 0 segments: there is nothing to send or bill', () => {
    expect(countSegments('')).toEqual({ encoding: 'GSM-7', units: 0, segments: 0 });
  });

  test('the whole GSM 03.38 basic alphabet stays GSM-7, one unit each', () => {
    const alphabet =
      '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
      '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
    expect(countSegments(alphabet)).toEqual({ encoding: 'GSM-7', units: 127, segments: 1 });
  });

  test.each([...'^{}\\[~]|€\f'])('extension character %j stays GSM-7 and counts 2 units', (character) => {
    expect(countSegments(character)).toEqual({ encoding: 'GSM-7', units: 2, segments: 1 });
  });

  test('an extension character pushes 159 characters over one segment', () => {
    expect(countSegments(`${gsm(158)}€`)).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(countSegments(`${gsm(159)}€`)).toEqual({ encoding: 'GSM-7', units: 161, segments: 2 });
  });

  test('an escape pair is never split across parts, so a part can end one unit short', () => {
    // 152 + 2 would straddle the first part's 153 septets: the € opens the second part.
    expect(countSegments(`${gsm(152)}€${gsm(152)}`)).toEqual({ encoding: 'GSM-7', units: 306, segments: 3 });
    expect(countSegments(`${gsm(151)}€${gsm(153)}`)).toEqual({ encoding: 'GSM-7', units: 306, segments: 2 });
  });

  test.each([
    ['a Greek letter outside GSM', 'Α'],
    ['a curly quote', '’'],
    ['an em dash', '—'],
  ])('%s turns the whole text UCS-2', (_, character) => {
    expect(countSegments(`${gsm(100)}${character}`)).toEqual({ encoding: 'UCS-2', units: 101, segments: 2 });
  });

  test('a Bengali sentence is UCS-2, counted in UTF-16 code units', () => {
    const text = 'সুরক্ষা K7QM2P: বাল্যবিবাহ';
    expect(countSegments(text)).toEqual({ encoding: 'UCS-2', units: text.length, segments: 1 });
    expect(text.length).toBe(26);
  });

  test('an emoji outside the BMP counts 2 code units', () => {
    expect(countSegments('😀')).toEqual({ encoding: 'UCS-2', units: 2, segments: 1 });
    expect(countSegments(`${bengali(68)}😀`)).toEqual({ encoding: 'UCS-2', units: 70, segments: 1 });
    expect(countSegments(`${bengali(69)}😀`)).toEqual({ encoding: 'UCS-2', units: 71, segments: 2 });
  });

  test('a surrogate pair is never split across parts', () => {
    expect(countSegments(`${bengali(66)}😀${bengali(66)}`)).toEqual({ encoding: 'UCS-2', units: 134, segments: 3 });
    expect(countSegments(`${bengali(65)}😀${bengali(67)}`)).toEqual({ encoding: 'UCS-2', units: 134, segments: 2 });
  });
});
