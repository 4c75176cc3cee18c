// Prices the code assumes when configuration names none.

/** What SNS charges per SMS segment to India, in rupees, for the weekly cost estimate. */
export const DEFAULT_SMS_PRICE_PER_SEGMENT_INR = 0.25;
