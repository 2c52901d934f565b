/**
 * Parser of the COQL subset the sandbox emulates (reference §5):
 *
 *   SELECT field[, field.lookup_field …] FROM Module WHERE condition
 *     [ORDER BY field [ASC|DESC][, …]] [LIMIT n [OFFSET m] | LIMIT m, n]
 *
 * Conditions: `=`, `!=`, `>`, `>=`, `<`, `<=`, `[not] between … and …`, `[not] in (…)`,
 * `[not] like '…'`, `is [not] null`, joined by `and`/`or` with at most two operands per
 * parenthesised group (`((A and B) and C)`), as Zoho requires. Strings are single-quoted with
 * `''` escaping a quote. Keywords are case-insensitive. Aggregates, GROUP BY and aliases are not
 * emulated and are syntax errors here.
 */
export type CoqlValue = string | number | boolean | null;

export type CoqlComparison = '=' | '!=' | '>' | '>=' | '<' | '<=';

export type CoqlCondition =
  | { kind: 'compare'; column: string; operator: CoqlComparison; value: CoqlValue }
  | { kind: 'between'; column: string; negated: boolean; low: CoqlValue; high: CoqlValue }
  | { kind: 'in'; column: string; negated: boolean; values: CoqlValue[] }
  | { kind: 'like'; column: string; negated: boolean; pattern: string }
  | { kind: 'null'; column: string; negated: boolean };

export type CoqlExpression = CoqlCondition | { kind: 'group'; operator: 'and' | 'or'; left: CoqlExpression; right: CoqlExpression };

export interface CoqlQuery {
  columns: string[];
  module: string;
  /** Always set by the parser (Zoho requires WHERE); `null` lets bulk read reuse the executor unfiltered. */
  where: CoqlExpression | null;
  orderBy: { column: string; direction: 'asc' | 'desc' }[];
  /** `null` when the query gives none; the caller applies the version's default. */
  limit: number | null;
  offset: number;
}

/** A query Zoho would refuse: its code (SYNTAX_ERROR or INVALID_QUERY), message and details. */
export class CoqlError extends Error {
  constructor(
    readonly code: 'SYNTAX_ERROR' | 'INVALID_QUERY',
    message: string,
    readonly details: Record<string, unknown>,
  ) {
    super(message);
  }
}

type Token =
  | { type: 'word'; text: string; position: number }
  | { type: 'string'; text: string; position: number }
  | { type: 'number'; text: string; position: number }
  | { type: 'symbol'; text: string; position: number };

const SYMBOLS = ['>=', '<=', '!=', '<>', '=', '>', '<', '(', ')', ','];

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let position = 0;
  while (position < text.length) {
    const character = text[position] as string;
    if (/\s/.test(character)) {
      position += 1;
    } else if (character === "'") {
      let value = '';
      let cursor = position + 1;
      for (;;) {
        if (cursor >= text.length) {
          throw syntaxError(text, position);
        }
        if (text[cursor] === "'") {
          if (text[cursor + 1] === "'") {
            value += "'";
            cursor += 2;
            continue;
          }
          break;
        }
        value += text[cursor] as string;
        cursor += 1;
      }
      tokens.push({ type: 'string', text: value, position });
      position = cursor + 1;
    } else if (/[0-9-]/.test(character) && /^-?\d/.test(text.slice(position, position + 2))) {
      const match = /^-?\d+(\.\d+)?/.exec(text.slice(position)) as RegExpExecArray;
      tokens.push({ type: 'number', text: match[0], position });
      position += match[0].length;
    } else if (/[A-Za-z_$]/.test(character)) {
      const match = /^[A-Za-z_$][A-Za-z0-9_$.]*/.exec(text.slice(position)) as RegExpExecArray;
      tokens.push({ type: 'word', text: match[0], position });
      position += match[0].length;
    } else {
      const symbol = SYMBOLS.find((candidate) => text.startsWith(candidate, position));
      if (!symbol) {
        throw syntaxError(text, position);
      }
      tokens.push({ type: 'symbol', text: symbol === '<>' ? '!=' : symbol, position });
      position += symbol.length;
    }
  }
  return tokens;
}

function syntaxError(text: string, position: number): CoqlError {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return new CoqlError('SYNTAX_ERROR', 'error occurred while parsing the query', {
    line,
    column,
    near: text.slice(position, position + 20).split(/\s/)[0] ?? '',
  });
}

export function parseCoql(text: string): CoqlQuery {
  return new CoqlParser(text, tokenize(text)).parseQuery();
}

class CoqlParser {
  private index = 0;

  constructor(
    private readonly text: string,
    private readonly tokens: Token[],
  ) {}

  parseQuery(): CoqlQuery {
    this.keyword('select');
    const columns = [this.column()];
    while (this.symbolAhead(',')) {
      this.index += 1;
      columns.push(this.column());
    }
    this.keyword('from');
    const module = this.word();
    if (!this.keywordAhead('where')) {
      throw new CoqlError('SYNTAX_ERROR', 'where clause is missing in the query', { clause: 'where' });
    }
    this.index += 1;
    const where = this.expression();
    const orderBy: CoqlQuery['orderBy'] = [];
    if (this.keywordAhead('order')) {
      this.index += 1;
      this.keyword('by');
      do {
        if (orderBy.length > 0) {
          this.index += 1;
        }
        const column = this.column();
        let direction: 'asc' | 'desc' = 'asc';
        if (this.keywordAhead('asc') || this.keywordAhead('desc')) {
          direction = this.word().toLowerCase() as 'asc' | 'desc';
        }
        orderBy.push({ column, direction });
      } while (this.symbolAhead(','));
    }
    let limit: number | null = null;
    let offset = 0;
    if (this.keywordAhead('limit')) {
      this.index += 1;
      const first = this.limitNumber('limit');
      if (this.symbolAhead(',')) {
        this.index += 1;
        offset = first;
        limit = this.limitNumber('limit');
      } else {
        limit = first;
        if (this.keywordAhead('offset')) {
          this.index += 1;
          offset = this.limitNumber('offset');
        }
      }
    }
    if (this.index < this.tokens.length) {
      throw this.unexpected();
    }
    return { columns, module, where, orderBy, limit, offset };
  }

  /** operand (and|or operand)? — a group holds at most two operands; more need parentheses. */
  private expression(): CoqlExpression {
    const left = this.operand();
    if (!(this.keywordAhead('and') || this.keywordAhead('or'))) {
      return left;
    }
    const operator = this.word().toLowerCase() as 'and' | 'or';
    const right = this.operand();
    if (this.keywordAhead('and') || this.keywordAhead('or')) {
      throw new CoqlError('SYNTAX_ERROR', 'more than two criteria need parentheses, e.g. ((A and B) and C)', { clause: 'where' });
    }
    return { kind: 'group', operator, left, right };
  }

  private operand(): CoqlExpression {
    if (this.symbolAhead('(')) {
      this.index += 1;
      const inner = this.expression();
      this.symbol(')');
      return inner;
    }
    return this.condition();
  }

  private condition(): CoqlCondition {
    const column = this.column();
    if (this.keywordAhead('is')) {
      this.index += 1;
      const negated = this.optionalNot();
      this.keyword('null');
      return { kind: 'null', column, negated };
    }
    const negated = this.optionalNot();
    if (this.keywordAhead('between')) {
      this.index += 1;
      const low = this.value();
      this.keyword('and');
      return { kind: 'between', column, negated, low, high: this.value() };
    }
    if (this.keywordAhead('in')) {
      this.index += 1;
      this.symbol('(');
      const values = [this.value()];
      while (this.symbolAhead(',')) {
        this.index += 1;
        values.push(this.value());
      }
      this.symbol(')');
      return { kind: 'in', column, negated, values };
    }
    if (this.keywordAhead('like')) {
      this.index += 1;
      const token = this.next();
      if (token.type !== 'string') {
        throw this.unexpected(token);
      }
      return { kind: 'like', column, negated, pattern: token.text };
    }
    if (negated) {
      throw this.unexpected();
    }
    const token = this.next();
    if (token.type !== 'symbol' || !['=', '!=', '>', '>=', '<', '<='].includes(token.text)) {
      throw this.unexpected(token);
    }
    return { kind: 'compare', column, operator: token.text as CoqlComparison, value: this.value() };
  }

  private optionalNot(): boolean {
    if (!this.keywordAhead('not')) {
      return false;
    }
    this.index += 1;
    return true;
  }

  private value(): CoqlValue {
    const token = this.next();
    if (token.type === 'string') {
      return token.text;
    }
    if (token.type === 'number') {
      return Number(token.text);
    }
    if (token.type === 'word' && ['true', 'false'].includes(token.text.toLowerCase())) {
      return token.text.toLowerCase() === 'true';
    }
    if (token.type === 'word' && token.text.toLowerCase() === 'null') {
      return null;
    }
    throw this.unexpected(token);
  }

  private limitNumber(clause: 'limit' | 'offset'): number {
    const token = this.tokens[this.index];
    if (!token || token.type !== 'number' || !/^\d+$/.test(token.text)) {
      throw new CoqlError('INVALID_QUERY', `${clause} given seems to be invalid`, { [clause]: token?.text ?? '' });
    }
    this.index += 1;
    return Number(token.text);
  }

  private column(): string {
    const token = this.next();
    if (token.type !== 'word' || RESERVED.has(token.text.toLowerCase())) {
      throw this.unexpected(token);
    }
    return token.text;
  }

  private word(): string {
    const token = this.next();
    if (token.type !== 'word') {
      throw this.unexpected(token);
    }
    return token.text;
  }

  private keyword(word: string): void {
    const token = this.next();
    if (token.type !== 'word' || token.text.toLowerCase() !== word) {
      throw this.unexpected(token);
    }
  }

  private keywordAhead(word: string): boolean {
    const token = this.tokens[this.index];
    return token?.type === 'word' && token.text.toLowerCase() === word;
  }

  private symbol(symbol: string): void {
    const token = this.next();
    if (token.type !== 'symbol' || token.text !== symbol) {
      throw this.unexpected(token);
    }
  }

  private symbolAhead(symbol: string): boolean {
    const token = this.tokens[this.index];
    return token?.type === 'symbol' && token.text === symbol;
  }

  private next(): Token {
    const token = this.tokens[this.index];
    if (!token) {
      throw syntaxError(this.text, this.text.length);
    }
    this.index += 1;
    return token;
  }

  private unexpected(token: Token | undefined = this.tokens[this.index]): CoqlError {
    return syntaxError(this.text, token?.position ?? this.text.length);
  }
}

const RESERVED = new Set([
  'select',
  'from',
  'where',
  'and',
  'or',
  'order',
  'by',
  'limit',
  'offset',
  'not',
  'in',
  'like',
  'is',
  'null',
  'between',
  'asc',
  'desc',
]);
