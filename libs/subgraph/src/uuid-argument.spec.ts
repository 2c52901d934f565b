import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CodedError, ErrorKind } from './coded-error';
import { requireUuidArgument } from './uuid-argument';

enum WidgetExceptionCode {
  InvalidWidgetId = 'INVALID_WIDGET_ID',
}
class WidgetException extends CodedError<WidgetExceptionCode> {}

const WIDGET_ID = { names: 'a widget id', exception: WidgetException, code: WidgetExceptionCode.InvalidWidgetId };

describe('requireUuidArgument', () => {
  test('returns a UUID as it was given, in either case', () => {
    for (const id of ['0f8fad5b-d9cb-469f-a165-70867728950e', '0F8FAD5B-D9CB-469F-A165-70867728950E']) {
      assert.equal(requireUuidArgument(id, 'input.widgetId', WIDGET_ID), id);
    }
  });

  test("refuses anything else with the feature's exception and code, as bad input naming the argument", () => {
    for (const value of [
      '',
      '42',
      'widget-1',
      '0f8fad5b-d9cb-469f-a165-70867728950',
      ' 0f8fad5b-d9cb-469f-a165-70867728950e',
      "'; DROP TABLE widgets; --",
    ]) {
      assert.throws(
        () => requireUuidArgument(value, 'input.widgetId', WIDGET_ID),
        (error: unknown) => {
          assert.ok(error instanceof WidgetException, String(error));
          assert.deepEqual(
            { code: error.code, kind: error.kind, field: error.field, message: error.message },
            {
              code: 'INVALID_WIDGET_ID',
              kind: ErrorKind.BadUserInput,
              field: 'input.widgetId',
              message: 'input.widgetId must be a widget id (a UUID)',
            },
          );
          return true;
        },
        JSON.stringify(value),
      );
    }
  });
});
