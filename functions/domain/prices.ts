// Prices the code assumes when configuration names none.

/** What SNS charges per SMS segment to India, in rupees, for the weekly cost estimate. */
export const DEFAULT_SMS_PRICE_PER_SEGMENT_INR = 0.25;

/**
 * What one WhatsApp alert costs, in rupees, for the weekly estimate: Meta's utility-template rate for
 * India (Meta, "Pricing on the WhatsApp Business Platform", rate card for India: about ₹0.115 a
 * delivered utility message) plus End User Messaging Social's own fee (AWS, "AWS End User Messaging
 * pricing", social messaging: USD 0.005 a message, about ₹0.43). Replies inside the 24-hour window
 * a person opens are free at Meta but not at AWS; they are not alerts and not counted here.
 */
export const DEFAULT_WHATSAPP_PRICE_PER_MESSAGE_INR = 0.55;
