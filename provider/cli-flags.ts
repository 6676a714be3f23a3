/**
 * A command-line number, or an error naming the flag, what it got and what it takes (never a silent NaN, and an
 * empty value is not 0): the one reading of number flags that `tencent-chat-migrate` and `tencent-chat-emulator` share.
 */
export function numberFlag(
  flag: string,
  text: string,
  { min, integer = true, max }: { min: number; integer?: boolean; max?: number },
): number {
  const value = Number(text);
  const kind = integer ? "a whole number" : "a number";
  if (
    text.trim() === "" ||
    !Number.isFinite(value) ||
    (integer && !Number.isInteger(value)) ||
    value < min ||
    (max !== undefined && value > max)
  ) {
    throw new Error(`--${flag} must be ${kind} from ${min}${max !== undefined ? ` to ${max}` : " up"}, got "${text}"`);
  }
  return value;
}
