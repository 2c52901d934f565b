import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { dealNameSimilarity } from './name-similarity';

// Words with accents, legal forms and punctuation, so normalisation has something to do.
const word = fc.oneof(
  fc.stringMatching(/^[a-zA-Z0-9éøÅß]{1,8}$/),
  fc.constantFrom('Inc', 'GmbH', 'ltd.', 'Corp', 'Ærø', 'São', 'retro-fit'),
);
const name = fc
  .array(word, { minLength: 0, maxLength: 5 })
  .chain((words) => fc.constantFrom(' ', ' – ', ', ', '_').map((separator) => words.join(separator)));

test('similarity is symmetric and between 0 and 1', () => {
  fc.assert(
    fc.property(name, name, (a, b) => {
      const similarity = dealNameSimilarity(a, b);
      assert.ok(similarity >= 0 && similarity <= 1, `${similarity}`);
      assert.equal(dealNameSimilarity(b, a), similarity);
    }),
  );
});

test('names equal after normalisation are exactly 1 alike: case, punctuation and legal forms change nothing', () => {
  fc.assert(
    fc.property(name, fc.constantFrom('Inc.', 'GmbH', 'LTD', 'corp'), (a, suffix) => {
      assert.equal(dealNameSimilarity(a, a), 1);
      assert.equal(dealNameSimilarity(a, `${a.toUpperCase()} ${suffix}`), 1);
      assert.equal(dealNameSimilarity(a, `-- ${a.toLowerCase()}!`), 1);
    }),
  );
});
