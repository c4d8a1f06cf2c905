/**
 * How many SMS segments a text takes (docs/rules.md#notification-templates): texts of only GSM 03.38
 * characters go 160 to a single message and 153 per part of a longer one (the extension
 * characters ^ { } [ ] ~ | € \ count twice); any other character (an emoji, a curly
 * quote, an en dash) switches the whole text to UCS-2: 70, and 67 per part. Carriers bill
 * per segment, so the template editor shows the count of the rendered text.
 */
const GSM_BASIC = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENDED = '^{}\\[~]|€\f';

export interface SmsSize {
  encoding: 'GSM-7' | 'UCS-2';
  /** Characters as the encoding counts them (an extension character is two, a UCS-2 one outside the BMP two). */
  units: number;
  segments: number;
}

export function smsSize(text: string): SmsSize {
  let units = 0;
  for (const char of text) {
    if (GSM_BASIC.includes(char)) units += 1;
    else if (GSM_EXTENDED.includes(char)) units += 2;
    else return ucs2Size(text);
  }
  return { encoding: 'GSM-7', units, segments: units === 0 ? 0 : units <= 160 ? 1 : Math.ceil(units / 153) };
}

function ucs2Size(text: string): SmsSize {
  const units = text.length; // UTF-16 code units: what UCS-2 (really UTF-16) sends
  return { encoding: 'UCS-2', units, segments: units <= 70 ? 1 : Math.ceil(units / 67) };
}
