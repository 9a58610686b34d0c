/**
 * Text from the app's source as a terminal may print it: control characters (an escape sequence
 * could rewrite the row it stands on, `public` into `protected`), invisible and bidirectional
 * formatting characters are written as `\u{…}` escapes. The JSON inventory and the baseline keep
 * the text as it is.
 */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/gu

export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (character) => `\\u{${character.codePointAt(0)!.toString(16)}}`)
}
