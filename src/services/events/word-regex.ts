/** `\b` of JavaScript knows only ASCII letters ("rencontré\b" never matches): this one knows them all. */
const UNICODE_BOUNDARY = String.raw`(?:(?<=[\p{L}\p{N}_])(?![\p{L}\p{N}_])|(?<![\p{L}\p{N}_])(?=[\p{L}\p{N}_]))`;

/** A regular expression whose `\b` is a Unicode word boundary (the `u` flag is added). */
export function wordRe(source: string, flags = 'i'): RegExp {
  return new RegExp(source.replaceAll(String.raw`\b`, UNICODE_BOUNDARY), flags.includes('u') ? flags : `${flags}u`);
}
