import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import {
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  getOperationAST,
  type ExecutionArgs,
  type ExecutionResult,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { estimateOperationCost } from './operation-cost';

export enum OperationLimitCode {
  TooManyTokens = 'OPERATION_TOO_MANY_TOKENS',
  TooDeep = 'OPERATION_TOO_DEEP',
  TooManyAliases = 'OPERATION_TOO_MANY_ALIASES',
  TooExpensive = 'OPERATION_TOO_EXPENSIVE',
  IntrospectionDisabled = 'INTROSPECTION_DISABLED',
}

/** What a client operation may be (gateway config `GRAPHQL_*`). */
export interface OperationLimits {
  readonly maxTokens: number;
  readonly maxDepth: number;
  readonly maxAliases: number;
  readonly maxCost: number;
  /** Items the cost estimate assumes for a list that no `first` argument sizes. */
  readonly assumedListSize: number;
  readonly introspection: boolean;
  readonly fieldSuggestions: boolean;
}

/**
 * Refuses operations over a limit before anything is planned or sent to a subgraph, each with an
 * `extensions.code` (`OperationLimitCode`), the limit in `extensions.limit`, and a message that
 * names the limit and, where known, the value found:
 * - tokens while parsing (GraphQL Armor), so a huge document is dropped after `maxTokens + 1`;
 * - depth and aliases as validation rules (GraphQL Armor);
 * - introspection, when off, as a validation rule (graphql-js's own, as Hive Gateway uses);
 * - the estimated cost (`estimateOperationCost`) when execution starts, because only then are the
 *   variables known that page sizes (`first: $n`) may come from.
 * With field suggestions off, validation messages lose their `Did you mean …?` (GraphQL Armor).
 */
export function operationLimitPlugins(limits: OperationLimits): GatewayPlugin[] {
  const plugins: GatewayPlugin[] = [
    maxTokensPlugin({
      n: limits.maxTokens,
      onReject: [
        (_context, error) => {
          throw codedRefusal(error, OperationLimitCode.TooManyTokens, limits.maxTokens);
        },
      ],
    }),
    {
      onValidate({ addValidationRule }) {
        addValidationRule(
          maxDepthRule({
            n: limits.maxDepth,
            propagateOnRejection: false,
            onReject: [(context, error) => context?.reportError(codedRefusal(error, OperationLimitCode.TooDeep, limits.maxDepth))],
          }),
        );
        addValidationRule(
          maxAliasesRule({
            n: limits.maxAliases,
            propagateOnRejection: false,
            onReject: [(context, error) => context?.reportError(codedRefusal(error, OperationLimitCode.TooManyAliases, limits.maxAliases))],
          }),
        );
        if (!limits.introspection) {
          addValidationRule(reportingWithCode(NoSchemaIntrospectionCustomRule, OperationLimitCode.IntrospectionDisabled));
        }
      },
      onExecute({ args, setResultAndStopExecution }) {
        const refusal = costRefusal(args, limits);
        if (refusal) {
          setResultAndStopExecution(refusal);
        }
      },
      onSubscribe({ args, setResultAndStopExecution }) {
        const refusal = costRefusal(args, limits);
        if (refusal) {
          setResultAndStopExecution(refusal);
        }
      },
    },
  ];
  if (!limits.fieldSuggestions) {
    plugins.push(blockFieldSuggestionsPlugin({ mask: '' }));
  }
  return plugins;
}

function costRefusal(
  { schema, document, operationName, variableValues }: ExecutionArgs,
  limits: OperationLimits,
): ExecutionResult | undefined {
  const operation = getOperationAST(document, operationName);
  if (!operation) {
    return undefined;
  }
  const cost = estimateOperationCost(schema, document, operation, variableValues ?? undefined, limits);
  if (cost === undefined || cost <= limits.maxCost) {
    return undefined;
  }
  return {
    errors: [
      new GraphQLError(
        `Operation cost limit of ${limits.maxCost} exceeded, found ${cost} (a page of first: n counts n times its items; ` +
          `a list without first counts ${limits.assumedListSize} times).`,
        { nodes: [operation], extensions: { code: OperationLimitCode.TooExpensive, limit: limits.maxCost, cost } },
      ),
    ],
  };
}

/**
 * The same refusal with our code and the limit. GraphQL Armor prefixes its messages with
 * `Syntax Error:` although nothing is wrong with the syntax; the prefix is dropped.
 */
function codedRefusal(error: GraphQLError, code: OperationLimitCode, limit: number): GraphQLError {
  return new GraphQLError(error.message.replace(/^Syntax Error: /, ''), {
    nodes: error.nodes,
    extensions: { ...error.extensions, code, limit },
  });
}

/** `rule`, with `code` on every error it reports. */
function reportingWithCode(rule: ValidationRule, code: OperationLimitCode): ValidationRule {
  return (context) => {
    const coding = Object.create(context, {
      reportError: {
        value: (error: GraphQLError) =>
          context.reportError(new GraphQLError(error.message, { nodes: error.nodes, extensions: { ...error.extensions, code } })),
      },
    }) as ValidationContext;
    return rule(coding);
  };
}
