import { Injectable } from '@nestjs/common';
import type { IntegrationWorkStep } from './integration-work.step';

/** The work steps of this sync-engine, in the order each claimed integration runs them. */
@Injectable()
export class IntegrationWorkSteps {
  private readonly steps: IntegrationWorkStep[] = [];

  /** Called by each step's provider when it is constructed; a step registered twice is a wiring bug. */
  register(step: IntegrationWorkStep): void {
    if (this.steps.some((known) => known.name === step.name)) {
      throw new Error(`integration work step ${step.name} is registered twice`);
    }
    this.steps.push(step);
  }

  all(): readonly IntegrationWorkStep[] {
    return this.steps;
  }
}
