// Redis connections for BullMQ. REDIS_URL names the server; `npm start` sets it
// to the local Redis it starts when the user gave none.
import { Redis, type RedisOptions } from "ioredis";

export const DEFAULT_LOCAL_REDIS_PORT = 6390;

export function redisUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.REDIS_URL?.trim() || `redis://127.0.0.1:${DEFAULT_LOCAL_REDIS_PORT}`;
}

/**
 * Workers block on Redis and must retry forever (maxRetriesPerRequest: null).
 * The site's producers queue a command while the connection is being made but
 * give up after two reconnection attempts, so a request fails fast when Redis
 * is down instead of hanging. Counters do not wait at all.
 */
export function createRedisConnection(purpose: "worker" | "producer" | "counter"): Redis {
  const options: RedisOptions = {
    worker: { maxRetriesPerRequest: null },
    producer: { maxRetriesPerRequest: 2, connectTimeout: 3000 },
    // Counts that have a fallback in memory (sign-in's): a command fails at once while Redis is away.
    counter: { enableOfflineQueue: false, maxRetriesPerRequest: 0, connectTimeout: 3000 },
  }[purpose];
  const connection = new Redis(redisUrl(), options);
  open.add(connection);
  connection.once("end", () => open.delete(connection));
  return connection;
}

/** BullMQ never closes a connection it was handed: these are closed on shutdown. */
const open = new Set<Redis>();

export async function closeRedisConnections() {
  await Promise.all([...open].map((connection) => connection.quit().catch(() => connection.disconnect())));
  open.clear();
}

/** Drops every connection at once, without waiting for Redis (a forced stop while it is unreachable). */
export function disconnectRedisConnections() {
  for (const connection of open) connection.disconnect();
  open.clear();
}
