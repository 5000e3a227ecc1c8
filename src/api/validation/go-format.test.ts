import { describe, expect, it } from 'vitest';
import { goFloat, goFormat, goNumber, goQuote, goSyntax, goValue } from './go-format.js';

describe('goQuote', () => {
  it.each([
    ['w1', '"w1"'],
    ['', '""'],
    ['say "hi"\\', '"say \\"hi\\"\\\\"'],
    ['a\nb\tc\u0007', '"a\\nb\\tc\\a"'],
    ['\u0001\u007f', '"\\x01\\x7f"'],
    ['héllo ☃ 😀', '"héllo ☃ 😀"'],
    ['\u00a0\u200b', '"\\u00a0\\u200b"'],
  ])('%j quotes as %s', (text, quoted) => {
    expect(goQuote(text)).toBe(quoted);
  });
});

describe('goNumber', () => {
  it.each([
    [0, '0'],
    [-42, '-42'],
    [1.5, '1.5'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [1.25e-7, '1.25e-07'],
    [123456.789, '123456.789'],
    [1.5e21, '1.5e+21'],
  ])('%d prints as %s', (value, text) => {
    expect(goNumber(value)).toBe(text);
  });
});

describe('goFormat (%v)', () => {
  it('prints scalars, lists and maps as Go does', () => {
    expect(goFormat('text')).toBe('text');
    expect(goFormat(true)).toBe('true');
    expect(goFormat(null)).toBe('<nil>');
    expect(goFormat(['a', 1, null])).toBe('[a 1 <nil>]');
    expect(goFormat({ b: 2, a: { c: ['x'] } })).toBe('map[a:map[c:[x]] b:2]');
  });
});

describe('goSyntax (%#v)', () => {
  it('prints decoded JSON maps and lists in Go syntax', () => {
    expect(goSyntax({ b: 'x', a: 1 })).toBe('map[string]interface {}{"a":1, "b":"x"}');
    expect(goSyntax(['x', 2, null, false])).toBe('[]interface {}{"x", 2, interface {}(nil), false}');
  });
});

describe('Go formatting', () => {
  it('quotes like strconv.Quote', () => {
    expect(goQuote('a"b\\c\n\t')).toBe('"a\\"b\\\\c\\n\\t"');
    expect(goQuote('\u0001é')).toBe('"\\x01é"');
  });

  it('prints float64 with %v rules', () => {
    expect(goFloat(1)).toBe('1');
    expect(goFloat(0.5)).toBe('0.5');
    expect(goFloat(123456)).toBe('123456');
    expect(goFloat(1000000)).toBe('1e+06');
    expect(goFloat(1234567.5)).toBe('1.2345675e+06');
    expect(goFloat(0.00001)).toBe('1e-05');
  });

  it('prints maps and slices with %#v', () => {
    expect(goSyntax({ b: [1, 'x'], a: null })).toBe(
      'map[string]interface {}{"a":interface {}(nil), "b":[]interface {}{1, "x"}}',
    );
    expect(goValue(['a'])).toBe('[]interface {}{"a"}');
  });
});
