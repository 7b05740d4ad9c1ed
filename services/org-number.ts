/**
 * Norwegian mod-11 check digits. An organisation number (Brønnøysundregistrene) has 9 digits with
 * weights 3,2,7,6,5,4,3,2; a bank account number has 11 digits with weights 5,4,3,2,7,6,5,4,3,2.
 * The check digit is 11 − (sum mod 11), 11 becomes 0, and 10 means the number cannot exist.
 */
function mod11Valid(digits: string, weights: readonly number[]): boolean {
  if (digits.length !== weights.length + 1 || !/^\d+$/.test(digits)) return false;
  const sum = weights.reduce((acc, weight, i) => acc + weight * Number(digits[i]), 0);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(digits[weights.length]);
}

export function isValidOrgNumber(value: string): boolean {
  return mod11Valid(value.replace(/\s/g, ""), [3, 2, 7, 6, 5, 4, 3, 2]);
}

export function isValidBankAccount(value: string): boolean {
  return mod11Valid(value.replace(/[\s.]/g, ""), [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]);
}
