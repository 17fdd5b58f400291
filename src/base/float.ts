/**
 * Go's `strconv.FormatFloat(f, 'g', -1, 64)`.
 *
 * Go takes the shortest decimal digits that round-trip (JS `toExponential()` yields the same
 * digits) and, because the precision is "shortest", decides between %e and %f with precision 6:
 * exponent form when the decimal exponent is < -4 or >= 6. The exponent has a sign and at least
 * two digits. NaN and infinities print as `NaN`, `+Inf`, `-Inf`; negative zero as `-0`.
 */
export function formatFloat(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Infinity) return '+Inf';
  if (f === -Infinity) return '-Inf';
  const neg = f < 0 || Object.is(f, -0);
  const sign = neg ? '-' : '';
  if (f === 0) return sign + '0';
  const [mant = '', e = '0'] = Math.abs(f).toExponential().split('e');
  const digits = mant.replace('.', '');
  const exp = Number(e);
  if (exp < -4 || exp >= 6) {
    const frac = digits.length > 1 ? '.' + digits.slice(1) : '';
    const ae = Math.abs(exp);
    return (
      sign + digits[0] + frac + 'e' + (exp < 0 ? '-' : '+') + (ae < 10 ? '0' + ae : String(ae))
    );
  }
  const dp = exp + 1; // position of the decimal point within the digits
  let int: string;
  if (dp > 0)
    int = digits.length >= dp ? digits.slice(0, dp) : digits + '0'.repeat(dp - digits.length);
  else int = '0';
  const nfrac = Math.max(digits.length - dp, 0);
  let frac = '';
  for (let i = 0; i < nfrac; i++) {
    const j = dp + i;
    frac += j >= 0 && j < digits.length ? digits[j] : '0';
  }
  return sign + int + (nfrac > 0 ? '.' + frac : '');
}
