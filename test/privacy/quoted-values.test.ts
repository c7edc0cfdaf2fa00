import { withoutEmails, withoutQuotedValues } from '../../src/http/errors';

/** graphql-js quotes rejected variable values; the value may be an email. */
describe('withoutQuotedValues', () => {
  it.each([
    [
      'Variable "$articleId" got invalid value { email: "quoted@example.org" }; ID cannot represent value: { email: "quoted@example.org" }',
      'Variable "$articleId" got an invalid value.',
    ],
    [
      'Variable "$input" got invalid value { articleId: "x", email: "a@b.org" }; Field "body" of required type "String!" was not provided.',
      'Variable "$input" got an invalid value. Field "body" of required type "String!" was not provided.',
    ],
    [
      'Variable "$input" got invalid value 5 at "input.email"; String cannot represent a non string value: 5',
      'Variable "$input" got an invalid value at "input.email".',
    ],
    [
      'Variable "$input" got invalid value { emial: "a@b.org" }; Field "emial" is not defined by type "AddCommentInput". Did you mean "email"?',
      'Variable "$input" got an invalid value. Field "emial" is not defined by type "AddCommentInput". Did you mean "email"?',
    ],
    [
      'Variable "$input" got invalid value { "a@b.org": 1 }; Field "a@b.org" is not defined by type "AddCommentInput".',
      'Variable "$input" got an invalid value.',
    ],
    ['Variable "$x" got invalid value "a; b@c.org"; String cannot represent x', 'Variable "$x" got an invalid value.'],
    [
      'Variable "$x" got invalid value "x@y.org" at "x"; Value "x@y.org" does not exist in "CommentStatus" enum.',
      'Variable "$x" got an invalid value at "x".',
    ],
  ])('%s', (message, expected) => {
    expect(withoutQuotedValues(message)).toBe(expected);
  });

  it('leaves messages that quote no value alone', () => {
    const message = 'Variable "$input" of required type "AddCommentInput!" was not provided.';
    expect(withoutQuotedValues(message)).toBe(message);
  });
});

describe('withoutEmails', () => {
  it('replaces anything shaped like an address, however it is quoted', () => {
    expect(withoutEmails('Syntax Error: Expected Name, found String "Some.One+x@Example.org".')).toBe('Syntax Error: Expected Name, found String "[email]".');
    expect(withoutEmails(`Enum "CommentStatus" cannot represent non-enum value: 'a@b.co'.`)).toBe(`Enum "CommentStatus" cannot represent non-enum value: '[email]'.`);
    expect(withoutEmails('no address here: @handle, a@b, x@y.z')).toBe('no address here: @handle, a@b, [email]');
  });

  it('replaces what the single regular expression it replaced did, on random text', () => {
    // The former expression: the reference for what counts as an address.
    const reference = /[^\s"'`<>()[\]{}:;,@\\]+@[^\s"'`<>()[\]{}:;,@\\]+\.[^\s"'`<>()[\]{}:;,@\\]+/g;
    const alphabet = ['a', 'b', '.', '@', ' ', '"', ':', '\\', '-', 'é'];
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 5000; i++) {
      const text = Array.from({ length: 1 + Math.floor(random() * 16) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      expect([text, withoutEmails(text)]).toEqual([text, text.replace(reference, '[email]')]);
    }
  });

  it('reads a 1,000,000-character word once (the former expression backtracked over it for hours)', () => {
    const word = `${'a'.repeat(1_000_000)}@`;
    expect(withoutEmails(`Cannot query field "${word}" on type "Query".`)).toBe(`Cannot query field "${word}" on type "Query".`);
    expect(withoutEmails(`${'a'.repeat(1_000_000)}@b.c`)).toBe('[email]');
  });
});
