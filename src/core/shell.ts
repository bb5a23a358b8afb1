// Values from a cluster lookup go into the commands an answer suggests (curl --insecure <master URL>/version),
// which people paste into a shell: each goes in as one POSIX sh word that runs nothing.

const SHELL_SAFE = /^[A-Za-z0-9@%+=:,./_-]+$/;
// A value holding one of these would show as something else than it is, or split the line it is pasted on.
const UNSHOWABLE = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

/** `value` as one sh word: as it is when it holds only characters sh takes literally, else single-quoted. */
export function shellWord(value: string): string {
  if (SHELL_SAFE.test(value)) return value;
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** Whether a value can stand in a suggested command: nothing in it a terminal or a reader would hide. */
export function isShowable(value: string): boolean {
  return !UNSHOWABLE.test(value);
}
