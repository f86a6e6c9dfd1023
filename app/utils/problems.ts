// How a refusal travels from the domain to the form: the domain returns
// `{ field, code, params }`; a route turns them into Conform field errors, each an
// i18n key that may carry its parameters; <ErrorList> turns them into words.
// Conform keeps errors as strings, so parameters ride along in the string.

export type ProblemParams = Record<string, string | number>;
export type Problem = { field: string; code: string; params?: ProblemParams };

const PARAMS_MARK = "|";

/** An error message for Conform: the i18n key, and its parameters when it has any. */
export function errorMessage(key: string, params?: ProblemParams): string {
  return params && Object.keys(params).length > 0 ? `${key}${PARAMS_MARK}${JSON.stringify(params)}` : key;
}

/** The key and parameters of an error message made by errorMessage (or a bare key). */
export function readErrorMessage(message: string): { key: string; params: ProblemParams } {
  const at = message.indexOf(PARAMS_MARK);
  if (at < 0) return { key: message, params: {} };
  try {
    return { key: message.slice(0, at), params: JSON.parse(message.slice(at + 1)) as ProblemParams };
  } catch {
    return { key: message, params: {} };
  }
}

/**
 * Domain problems as Conform field errors, for `submission.reply({ fieldErrors })`.
 * Each code becomes the key `${keyPrefix}.${code}`; a problem with no field goes
 * to the form as a whole (Conform's "" key).
 */
export function fieldErrorsFrom(
  problems: readonly Problem[],
  keyPrefix: string,
  fieldName: (field: string) => string = (field) => field,
): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  for (const problem of problems)
    (errors[problem.field ? fieldName(problem.field) : ""] ??= []).push(errorMessage(`${keyPrefix}.${problem.code}`, problem.params));
  return errors;
}
