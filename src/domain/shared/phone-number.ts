import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { DomainError } from './domain-error';

/**
 * Phone numbers are parsed and normalized by libphonenumber-js (with full metadata, so "valid" means a real
 * number plan, not a digit count). Stored and compared only as E.164 ("+15551234567").
 */
export function normalizePhoneNumber(input: string, defaultCountry: CountryCode = 'US'): string {
  const parsed = parsePhoneNumberFromString(input.trim(), defaultCountry);
  if (!parsed || !parsed.isValid()) {
    throw new DomainError('INVALID_PHONE_NUMBER', `"${mask(input)}" is not a valid phone number.`, 'invalid', {
      field: 'smsNumber',
    });
  }
  return parsed.number;
}

/** A number that can receive texts: mobile, or a type the metadata cannot tell apart from mobile. */
export function isTextableNumber(e164: string): boolean {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed || !parsed.isValid()) return false;
  const type = parsed.getType();
  return (
    type === undefined ||
    type === 'MOBILE' ||
    type === 'FIXED_LINE_OR_MOBILE' ||
    type === 'VOIP' ||
    type === 'PERSONAL_NUMBER'
  );
}

/** For messages and logs: never print a whole number. */
export function mask(input: string): string {
  const digits = input.replace(/\D/g, '');
  return digits.length <= 4 ? '****' : `***${digits.slice(-4)}`;
}
