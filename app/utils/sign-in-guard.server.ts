// The counts behind app/domain/sign-in-guard.ts, on the project's Redis
// through rate-limiter-flexible, so every site process shares them. While
// Redis is unreachable (or still being connected to, just after start) each
// process counts in its own memory instead: sign-in stays protected, if per
// process, and answers at once.
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type IRateLimiterOptions } from "rate-limiter-flexible";
import {
  ADDRESS_BLOCK_SECONDS,
  ADDRESS_FAILURES_ALLOWED,
  ADDRESS_WINDOW_SECONDS,
  FAILURE_WINDOW_SECONDS,
  FAILURES_BEFORE_LOCK,
  LOCK_SECONDS,
  minutesLeft,
  type SignInStop,
} from "~/domain/sign-in-guard.ts";
import { queuePrefix } from "./queues.server.ts";
import { createRedisConnection } from "./redis.server.ts";

let limiters: Promise<{ account: RateLimiterRedis; address: RateLimiterRedis }> | undefined;

/** Redis is waited for this long when first connected to, so the first counts do not go to memory while it answers. */
const FIRST_CONNECT_WAIT_MS = 1000;

function signInLimiters() {
  limiters ??= (async () => {
    const storeClient = createRedisConnection("counter");
    // While Redis is away every command fails at once and the count goes to memory: nothing to report per command.
    storeClient.on("error", () => {});
    storeClient.once("end", () => (limiters = undefined));
    await new Promise<void>((resolve) => {
      storeClient.once("ready", () => resolve());
      setTimeout(resolve, FIRST_CONNECT_WAIT_MS).unref();
    });
    const limiter = (options: IRateLimiterOptions) =>
      new RateLimiterRedis({ storeClient, ...options, insuranceLimiter: new RateLimiterMemory(options) });
    return {
      account: limiter({ keyPrefix: `${queuePrefix()}:sign-in-failures`, points: FAILURES_BEFORE_LOCK, duration: FAILURE_WINDOW_SECONDS }),
      address: limiter({
        keyPrefix: `${queuePrefix()}:sign-in-address`,
        points: ADDRESS_FAILURES_ALLOWED,
        duration: ADDRESS_WINDOW_SECONDS,
        blockDuration: ADDRESS_BLOCK_SECONDS,
      }),
    };
  })();
  return limiters;
}

/** Whether a sign-in under this key, from this address, is not to be tried now. */
export async function signInStop(key: string, address: string): Promise<SignInStop | null> {
  const { account, address: byAddress } = await signInLimiters();
  const [failures, fromAddress] = await Promise.all([account.get(key), byAddress.get(address)]);
  if (failures && failures.consumedPoints > FAILURES_BEFORE_LOCK)
    return { reason: "account-locked", minutes: minutesLeft(failures.msBeforeNext) };
  if (fromAddress && fromAddress.consumedPoints > ADDRESS_FAILURES_ALLOWED) {
    return { reason: "address-limited", minutes: minutesLeft(fromAddress.msBeforeNext) };
  }
  return null;
}

/** Counts a wrong password; answers the stop it brings about, if it does (two at once may both say so). */
export async function countWrongPassword(key: string, address: string): Promise<SignInStop | null> {
  const { account, address: byAddress } = await signInLimiters();
  const failures = await counted(account, key);
  const fromAddress = await counted(byAddress, address);
  if (failures.consumedPoints >= FAILURES_BEFORE_LOCK) {
    await account.block(key, LOCK_SECONDS);
    return { reason: "account-locked", minutes: LOCK_SECONDS / 60 };
  }
  if (fromAddress.consumedPoints > ADDRESS_FAILURES_ALLOWED) {
    return { reason: "address-limited", minutes: minutesLeft(fromAddress.msBeforeNext) };
  }
  return null;
}

/** A right password clears the account's count. */
export async function clearWrongPasswords(key: string) {
  await (await signInLimiters()).account.delete(key);
}

/** A point taken: the count it makes, also when it is over the limit (the limiter answers that by rejecting). */
async function counted(limiter: RateLimiterRedis, key: string): Promise<RateLimiterRes> {
  try {
    return await limiter.consume(key);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return rejection;
    throw rejection;
  }
}
