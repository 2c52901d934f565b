/**
 * Decimals as strings: a portal amount `'1200.50'` must not become `1200.4999…` on its way
 * through a float, and the same amount must always be spelled the same so a round trip is no
 * change.
 */

const DECIMAL_PATTERN = /^([+-])?(\d+)(?:\.(\d+))?$/;

/**
 * The canonical spelling of a decimal: no sign on zero, no leading zeros, no trailing zeros beyond
 * `minimumScale` decimals (padded up to it). Undefined when `text` is no plain decimal.
 *
 * @example canonicalDecimal('01200.5', 2) === '1200.50'; canonicalDecimal('3.1400', 0) === '3.14'
 */
export function canonicalDecimal(text: string, minimumScale: number): string | undefined {
  const match = DECIMAL_PATTERN.exec(text.trim());
  if (match === null) {
    return undefined;
  }
  const [, sign, integerDigits = '0', fractionDigits = ''] = match;
  const integerPart = integerDigits.replace(/^0+(?=\d)/, '');
  const fractionPart = fractionDigits.replace(/0+$/, '').padEnd(minimumScale, '0');
  const isZero = /^0$/.test(integerPart) && /^0*$/.test(fractionPart);
  const unsigned = fractionPart === '' ? integerPart : `${integerPart}.${fractionPart}`;
  return sign === '-' && !isZero ? `-${unsigned}` : unsigned;
}

/**
 * A JSON number as a plain decimal string, exponent expanded (`1e-7` → `0.0000001`): JavaScript
 * prints the shortest digits that read back as the same number, so `1200.5` stays `1200.5`.
 * Undefined for NaN and infinities.
 */
export function decimalOfNumber(value: number): string | undefined {
  if (!Number.isFinite(value)) {
    return undefined;
  }
  const printed = String(value);
  const exponential = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(printed);
  if (exponential === null) {
    return printed;
  }
  const [, sign = '', leading = '', rest = '', exponentText = '0'] = exponential;
  const digits = leading + rest;
  const pointAt = 1 + Number(exponentText);
  const unsigned =
    pointAt <= 0
      ? `0.${'0'.repeat(-pointAt)}${digits}`
      : pointAt >= digits.length
        ? digits.padEnd(pointAt, '0')
        : `${digits.slice(0, pointAt)}.${digits.slice(pointAt)}`;
  return `${sign}${unsigned}`;
}
