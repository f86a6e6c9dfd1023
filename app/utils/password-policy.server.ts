// 密码要求: at least 8 characters, and not one that guessing finds quickly.
// zxcvbn-ts judges the guessing, with its common dictionaries and keyboard
// layouts plus a few words that common lists from elsewhere lack (pinyin and
// numbers that Chinese users often choose) and the person's own name, username
// and phone. Server only: its dictionaries are far too large for a phone.
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary } from "@zxcvbn-ts/language-common";
import { MIN_PASSWORD_LENGTH, type PasswordProblem } from "~/domain/passwords.ts";

/** zxcvbn's score, 0–4: below 2 a password falls to about a million guesses or fewer. */
const MIN_SCORE = 2;

const LOCAL_COMMON = [
  "woaini",
  "aini",
  "5201314",
  "1314520",
  "1314",
  "520",
  "zhongguo",
  "zhonghua",
  "dangyuan",
  "gongchandang",
  "dangzhibu",
  "sihuan",
  "xuexi",
  "mima",
  "wangwei",
  "zhangwei",
  "liuyang",
];

let checker: ZxcvbnFactory | undefined;

/** Why a new password is refused, or null; `personal` holds the person's own words (name, username, phone), which make a password easy to guess. */
export function passwordProblem(password: string, personal: readonly string[]): PasswordProblem | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return "too-short";
  checker ??= new ZxcvbnFactory({ dictionary: { ...dictionary, local: LOCAL_COMMON }, graphs: adjacencyGraphs });
  return checker.check(password, [...personal]).score < MIN_SCORE ? "too-common" : null;
}
