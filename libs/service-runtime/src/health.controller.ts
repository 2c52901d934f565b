import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { READINESS_CHECKS, type ReadinessCheck } from './service-runtime.tokens';

const READINESS_TIMEOUT_MS = 2_000;

/**
 * Liveness never touches dependencies (a database outage must not restart every pod);
 * readiness checks each dependency with a deadline and answers 503 naming the ones that failed.
 */
@Controller('health')
export class HealthController {
  constructor(@Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[]) {}

  @Get('live')
  @HttpCode(200)
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(@Res() response: Response): Promise<void> {
    const results = await Promise.all(
      this.checks.map(async (dependency) => {
        try {
          await withDeadline(dependency.check(), READINESS_TIMEOUT_MS);
          return { name: dependency.name, status: 'ok' as const };
        } catch (error) {
          return { name: dependency.name, status: 'failed' as const, reason: error instanceof Error ? error.message : String(error) };
        }
      }),
    );
    const ready = results.every((result) => result.status === 'ok');
    response.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready', checks: results });
  }
}

async function withDeadline<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
