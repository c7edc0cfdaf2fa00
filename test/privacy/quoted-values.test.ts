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
});
