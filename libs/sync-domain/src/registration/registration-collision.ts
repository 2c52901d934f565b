import { dealNameSimilarity } from './name-similarity';

/** What the registration rule reads of a deal. */
export interface RegisteredDeal {
  readonly id: string;
  readonly name: string;
  /** The portal account the deal is for; a deal with none is never compared. */
  readonly accountId: string | null;
  /** The partner who registered it; a deal with none is never compared. */
  readonly partnerId: string | null;
  readonly createdAt: Date;
}

/** When two registrations collide: created within `windowDays` of each other, names at least `threshold` alike (0..1). */
export interface RegistrationRules {
  readonly windowDays: number;
  readonly threshold: number;
}

/** The earlier deal a new registration collides with, and how alike their names are. */
export interface RegistrationCollision<TDeal extends RegisteredDeal> {
  readonly firstDeal: TDeal;
  readonly similarity: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The earlier registration `newDeal` collides with, or null: among `candidates`, a deal of the
 * SAME account registered by a DIFFERENT partner, created no later than `newDeal` and at most
 * `windowDays` before it, whose name is at least `threshold` alike ({@link dealNameSimilarity}).
 * Several: the most alike, then the earliest (then the smallest id, so the answer never depends
 * on the order of `candidates`). A partner registering the same deal twice is not a collision
 * between partners, so it is never held.
 */
export function registrationCollision<TDeal extends RegisteredDeal>(
  newDeal: RegisteredDeal,
  candidates: readonly TDeal[],
  rules: RegistrationRules,
): RegistrationCollision<TDeal> | null {
  if (newDeal.accountId === null || newDeal.partnerId === null) {
    return null;
  }
  const windowStart = newDeal.createdAt.getTime() - rules.windowDays * DAY_MS;
  let best: RegistrationCollision<TDeal> | null = null;
  for (const candidate of candidates) {
    const created = candidate.createdAt.getTime();
    if (
      candidate.id === newDeal.id ||
      candidate.accountId !== newDeal.accountId ||
      candidate.partnerId === null ||
      candidate.partnerId === newDeal.partnerId ||
      created > newDeal.createdAt.getTime() ||
      created < windowStart
    ) {
      continue;
    }
    const similarity = dealNameSimilarity(newDeal.name, candidate.name);
    if (similarity < rules.threshold) {
      continue;
    }
    if (!best || ranksBefore({ firstDeal: candidate, similarity }, best)) {
      best = { firstDeal: candidate, similarity };
    }
  }
  return best;
}

function ranksBefore<TDeal extends RegisteredDeal>(a: RegistrationCollision<TDeal>, b: RegistrationCollision<TDeal>): boolean {
  if (a.similarity !== b.similarity) {
    return a.similarity > b.similarity;
  }
  const byAge = a.firstDeal.createdAt.getTime() - b.firstDeal.createdAt.getTime();
  return byAge !== 0 ? byAge < 0 : a.firstDeal.id < b.firstDeal.id;
}
