import {
  Kind,
  getNamedType,
  getNullableType,
  getVariableValues,
  isCompositeType,
  isListType,
  isObjectType,
  isInterfaceType,
  valueFromAST,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/** The argument whose value is the number of items a paged field returns. */
const PAGE_SIZE_ARGUMENT = 'first';

export interface OperationCostModel {
  /** Items assumed for a list field that no `first` argument sizes. */
  readonly assumedListSize: number;
}

/**
 * Estimates what an operation costs to answer, before anything is executed:
 * - every field that returns an object (or interface, union) costs 1; scalars and enums cost 0;
 * - a field with a `first` argument (its value, a variable's value or the schema default) sizes
 *   the lists directly under it: `deals(first: 100) { edges { node { … } } }` counts `edges` and
 *   everything under it 100 times;
 * - a list field that nothing sizes counts `assumedListSize` times;
 * - sizes multiply down the tree, so a page of 100 inside a page of 100 counts 10,000 times.
 * Fragments count where they are spread; for an abstract type, every type condition counts (an
 * upper bound). Introspection fields cost nothing (introspection has its own switch).
 *
 * Returns `undefined` when the variables do not coerce: execution refuses such an operation anyway.
 */
export function estimateOperationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  rawVariables: Record<string, unknown> | undefined,
  model: OperationCostModel,
): number | undefined {
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables ?? {});
  if (coerced.errors) {
    return undefined;
  }
  const variables = coerced.coerced;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      fragments.set(definition.name.value, definition);
    }
  }

  const pageSizeOf = (field: GraphQLField<unknown, unknown>, node: FieldNode): number | undefined => {
    const argument = field.args.find((candidate) => candidate.name === PAGE_SIZE_ARGUMENT);
    if (!argument) {
      return undefined;
    }
    const given = node.arguments?.find((candidate) => candidate.name.value === PAGE_SIZE_ARGUMENT);
    // An omitted variable leaves the argument at its default, as execution does.
    const value: unknown = (given ? valueFromAST(given.value, argument.type, variables) : undefined) ?? argument.defaultValue;
    return typeof value === 'number' && value >= 0 ? value : undefined;
  };

  const costOfSelections = (
    selectionSet: SelectionSetNode,
    parentType: GraphQLCompositeType,
    listSizeFromParent: number | undefined,
  ): number => {
    let cost = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__') || !(isObjectType(parentType) || isInterfaceType(parentType))) {
          continue;
        }
        const field = parentType.getFields()[selection.name.value];
        if (!field) {
          continue;
        }
        const namedType = getNamedType(field.type);
        const ownCost = isCompositeType(namedType) ? 1 : 0;
        const pageSize = pageSizeOf(field, selection);
        const isList = isListType(getNullableType(field.type));
        // A paged field that is itself a list is sized here; one that returns a connection sizes
        // the lists under it (`edges`, `nodes`).
        const childrenCost =
          selection.selectionSet && isCompositeType(namedType)
            ? costOfSelections(selection.selectionSet, namedType, isList ? undefined : pageSize)
            : 0;
        const items = isList ? (pageSize ?? listSizeFromParent ?? model.assumedListSize) : 1;
        cost += items * (ownCost + childrenCost);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const conditionType = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parentType;
        if (conditionType && isCompositeType(conditionType)) {
          cost += costOfSelections(selection.selectionSet, conditionType, listSizeFromParent);
        }
      } else {
        const fragment = fragments.get(selection.name.value);
        const conditionType = fragment ? schema.getType(fragment.typeCondition.name.value) : undefined;
        if (fragment && conditionType && isCompositeType(conditionType)) {
          cost += costOfSelections(fragment.selectionSet, conditionType, listSizeFromParent);
        }
      }
    }
    return cost;
  };

  const rootType = schema.getRootType(operation.operation);
  return rootType ? costOfSelections(operation.selectionSet, rootType, undefined) : undefined;
}
