// Short codes identify an incident in an SMS: 6 characters a duty bearer can read out on the phone,
// from uppercase letters and digits without the ambiguous 0 O 1 I L U.
export const SHORT_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ23456789';
export const SHORT_CODE_LENGTH = 6;

/** `randomBytes` is injected so the domain stays free of Node's crypto and tests stay deterministic. */
export function generateShortCode(randomBytes: (size: number) => Uint8Array): string {
  let code = '';
  // Rejection sampling keeps every symbol equally likely (256 is not a multiple of 30).
  const limit = 256 - (256 % SHORT_CODE_ALPHABET.length);
  while (code.length < SHORT_CODE_LENGTH) {
    for (const byte of randomBytes(SHORT_CODE_LENGTH * 2)) {
      if (byte < limit && code.length < SHORT_CODE_LENGTH) code += SHORT_CODE_ALPHABET[byte % SHORT_CODE_ALPHABET.length];
    }
  }
  return code;
}
