// Placeholder until the Redis test server is wired in (see scripts/redis.ts).
export default async function setup() {}
