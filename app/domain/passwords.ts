// 密码要求 shared by the forms (in the browser too) and the server's policy
// (app/utils/password-policy.server.ts, which also judges how guessable one is).

/** Characters, a Chinese character counting as one. */
export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 200;

export type PasswordProblem = "too-short" | "too-common";
