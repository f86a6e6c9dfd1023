// The one way a form shows what is wrong: each message is an i18n key (with its
// parameters, see app/utils/problems.ts), linked to its field by id so screen
// readers announce it with the field (aria-describedby from Conform's props).
import { useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { readErrorMessage } from "~/utils/problems.ts";

export function ErrorList({ id, errors }: { id?: string; errors?: readonly string[] | null }) {
  const { t } = useTranslation();
  if (!errors || errors.length === 0) return null;
  // The alert role goes on a wrapper: on the list itself it would take away the list's own role.
  return (
    <div id={id} className="field-error" role="alert">
      <ul>
        {errors.map((message) => {
          const { key, params } = readErrorMessage(message);
          return <li key={message}>{t(key, params)}</li>;
        })}
      </ul>
    </div>
  );
}

type SchemaFormOptions<Schema extends FormSchema> = Omit<
  Parameters<typeof useForm<z.input<Schema>, z.output<Schema>>>[0],
  "constraint" | "onValidate"
>;
type FormSchema = z.ZodType<Record<string, unknown>, z.ZodTypeDef, Record<string, unknown>>;

/**
 * The one way a form is set up: the same Zod schema the action parses with gives
 * the browser its constraints and its validation (on blur unless told otherwise,
 * then on input once a field has been judged).
 */
export function useSchemaForm<Schema extends FormSchema>(schema: Schema, options: SchemaFormOptions<Schema>) {
  return useForm<z.input<Schema>, z.output<Schema>>({
    constraint: getZodConstraint(schema),
    shouldValidate: "onBlur",
    // A field once in error is judged again as it changes: its message goes as soon as it is mended, not on the blur that a
    // press on the submit button causes, where the form would shift under the pointer and the press be lost.
    shouldRevalidate: "onInput",
    ...options,
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
}
