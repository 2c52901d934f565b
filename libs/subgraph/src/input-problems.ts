import { Directive, Field, ObjectType } from 'type-graphql';
import { CodedError, ErrorKind } from './coded-error';

/**
 * One thing wrong with (or worth knowing about) an input: a code a client can act on, the path of
 * the field at fault in the operation's terms, and a readable reason.
 *
 * @example
 *   { code: 'DUPLICATE_PHASE_NAME', path: 'input.phases[2].name', message: 'input.phases[2].name "Won" is used by input.phases[0] already' }
 */
export interface InputProblem {
  readonly code: string;
  readonly path: string;
  readonly message: string;
}

/**
 * Refuses an input with every problem found in it, so a person fixes them in one round. The error's
 * own `code` and `field` are the first problem's (clients that read one error keep working); the
 * formatter adds all of them as `extensions.problems`.
 *
 * @example
 *   const problems = validatePhases(input.phases);
 *   if (problems.length > 0) throw new InputProblemsException(problems);
 */
export class InputProblemsException extends CodedError<string> {
  readonly problems: readonly InputProblem[];

  constructor(problems: readonly InputProblem[]) {
    const [first] = problems;
    if (!first) {
      throw new Error('an InputProblemsException needs at least one problem');
    }
    super(first.code, ErrorKind.BadUserInput, problems.map((problem) => problem.message).join('; '), first.path);
    this.problems = problems;
  }
}

/** A warning in a mutation's payload: the change was saved, but the caller should know this. */
@Directive('@shareable')
@ObjectType({ description: 'Something a saved change may cause that the caller should know about; it did not block the change' })
export class InputWarning implements InputProblem {
  @Field(() => String, { description: 'What kind of warning, e.g. TIME_ZONE_DIFFERS_FROM_ORG' })
  code: string;

  @Field(() => String, { description: 'The input field the warning is about, e.g. input.timeZone' })
  path: string;

  @Field(() => String)
  message: string;
}
