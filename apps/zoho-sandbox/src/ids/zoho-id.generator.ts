/**
 * Zoho record, user, field and org ids are long numeric strings (18–19 digits in samples, e.g.
 * `5725767000000524157`), always sent as JSON strings. One generator per sandbox keeps every id
 * unique across orgs, so an id from one org never resolves in another by accident.
 */
export class ZohoIdGenerator {
  private sequence = 0;

  constructor(private readonly prefix = '5725767') {}

  /** The last issued sequence number, for snapshots. */
  get lastSequence(): number {
    return this.sequence;
  }

  /** Continues after a restored snapshot so no id is issued twice. */
  continueAfter(sequence: number): void {
    this.sequence = Math.max(this.sequence, sequence);
  }

  next(): string {
    this.sequence += 1;
    return `${this.prefix}${String(this.sequence).padStart(12, '0')}`;
  }
}

/** An opaque random token in Zoho's `1000.<hex>.<hex>` style (grant codes, access and refresh tokens). */
export function zohoStyleToken(randomHex: (bytes: number) => string): string {
  return `1000.${randomHex(16)}.${randomHex(16)}`;
}
